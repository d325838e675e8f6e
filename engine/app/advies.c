/* advies.c: the advice to the hulpofficier (or burgemeester): the render context and the document. */
#include "app.h"

#include "core/assessment.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "render/markdown.h"
#include "render/template.h"
#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Small builders on the core tree; each returns the new node or NULL when out of memory. */
static wt_node *add_node(wt_node *parent, const char *key, wt_node_kind kind)
{
	wt_node *n = wt_node_new(kind, 0, 0);

	if (n != NULL && wt_node_append(parent, key, 0, 0, n) < 0) {
		wt_node_free(n);
		return NULL;
	}
	return n;
}

static int add_str(wt_node *parent, const char *key, const char *value)
{
	wt_node *n = wt_node_new(WT_NODE_SCALAR, 0, 0);

	if (n == NULL || wt_node_set_value(n, value ? value : "", strlen(value ? value : ""), 0) < 0 ||
	    wt_node_append(parent, key, 0, 0, n) < 0) {
		wt_node_free(n);
		return -1;
	}
	return 0;
}

static int add_clone(wt_node *parent, const char *key, const wt_node *src)
{
	wt_node *n = src ? wt_node_clone(src) : NULL;

	if (n == NULL || wt_node_append(parent, key, 0, 0, n) < 0) {
		wt_node_free(n);
		return -1;
	}
	return 0;
}

/* The closed-list facts of the verzoek, grouped by section and signal, in catalogue order. */
static int add_facts(wt_node *ctx, const wt_catalogue *cat, const wt_node *verzoek)
{
	const wt_node *signals = wt_map_get(wt_map_get(verzoek, "gevaar"), "signalen");
	wt_node *feiten = add_node(ctx, "feiten", WT_NODE_SEQ);
	size_t s, g, i;

	if (feiten == NULL)
		return -1;
	for (s = 0; s < cat->n_sections; s++) {
		wt_node *section = NULL, *sigs = NULL;
		for (g = cat->sections[s].first_signal; g < cat->sections[s].first_signal + cat->sections[s].n_signals; g++) {
			const wt_cat_signal *sig = &cat->signals[g];
			wt_node *signode = NULL, *items = NULL;
			for (i = 0; signals && signals->kind == WT_NODE_SEQ && i < signals->count; i++) {
				const wt_node *f = signals->items[i];
				const char *code = wt_node_str(wt_map_get(f, "code"));
				const wt_cat_signal *owner = NULL;
				const wt_cat_item *item = code ? wt_catalogue_item(cat, code, &owner) : NULL;
				wt_node *it;
				if (code == NULL || !(item ? owner == sig : strcmp(code, sig->code) == 0))
					continue;
				if (section == NULL) {
					if ((section = add_node(feiten, NULL, WT_NODE_MAP)) == NULL ||
					    add_str(section, "sectie", cat->sections[s].code) < 0 ||
					    add_str(section, "sectie_naam", cat->sections[s].label) < 0 ||
					    (sigs = add_node(section, "signalen", WT_NODE_SEQ)) == NULL)
						return -1;
				}
				if (signode == NULL) {
					if ((signode = add_node(sigs, NULL, WT_NODE_MAP)) == NULL ||
					    add_str(signode, "code", sig->code) < 0 || add_str(signode, "naam", sig->label) < 0 ||
					    (items = add_node(signode, "items", WT_NODE_SEQ)) == NULL)
						return -1;
				}
				if ((it = add_node(items, NULL, WT_NODE_MAP)) == NULL || add_str(it, "code", code) < 0 ||
				    add_str(it, "naam", item ? item->label : sig->label) < 0 ||
				    add_str(it, "feiten", wt_node_str(wt_map_get(f, "feiten"))) < 0 ||
				    add_str(it, "bron", wt_node_str(wt_map_get(f, "bron"))) < 0 ||
				    add_str(it, "datum", wt_node_str(wt_map_get(f, "datum"))) < 0)
					return -1;
			}
		}
	}
	return 0;
}

static int add_criteria(wt_node *ctx, const wt_catalogue *cat, const wt_node *checklist)
{
	wt_node *list = add_node(ctx, "criteria", WT_NODE_SEQ);
	size_t i;

	if (list == NULL)
		return -1;
	for (i = 0; i < WT_CAT_N_CRITERIA; i++) {
		const wt_cat_criterion *c = &cat->criteria[i];
		wt_node *n = add_node(list, NULL, WT_NODE_MAP);
		const wt_node *reasons = wt_map_get(wt_map_get(checklist, "redenen"), c->key);
		if (n == NULL || add_str(n, "sleutel", c->key) < 0 || add_str(n, "naam", c->label) < 0 ||
		    add_str(n, "grondslag", c->basis) < 0 ||
		    add_str(n, "status", wt_node_str(wt_map_get(wt_map_get(checklist, "criteria"), c->key))) < 0)
			return -1;
		if (reasons != NULL && reasons->kind == WT_NODE_SEQ && add_clone(n, "redenen", reasons) < 0)
			return -1;
	}
	return 0;
}

static int add_weegteam(wt_app *app, const wt_dossier *d, const wt_catalogue *cat, wt_node *ctx, wt_error *err)
{
	wt_node *wt = add_node(ctx, "weegteam", WT_NODE_MAP), *list;
	const char *conclusie = "nog geen conclusie";
	size_t i, s;
	int rc = 0;

	if (wt == NULL || (list = add_node(wt, "beoordelingen", WT_NODE_SEQ)) == NULL)
		return -1;
	for (i = 0; i < d->n_events; i++)
		if (strncmp(d->events[i].action, "conclusie-", 10) == 0)
			conclusie = d->events[i].action + 10;
	for (i = 0; rc == 0 && i < d->status.n_docs; i++) {
		const wt_status_doc *x = &d->status.docs[i];
		wt_doc *doc = NULL;
		wt_assessment *a = NULL;
		wt_node *n, *reds = NULL;
		if (strcmp(x->kind, "beoordeling") != 0)
			continue;
		rc = wt_app_read_doc(app, d->head, x->path, &doc, err);
		if (rc == 0)
			rc = wt_assessment_parse(&a, doc, cat, err);
		if (rc == 0) {
			if ((n = add_node(list, NULL, WT_NODE_MAP)) == NULL || add_str(n, "rol", x->role) < 0 ||
			    add_str(n, "door", x->actor) < 0 || add_str(n, "conclusie", a->conclusie) < 0 ||
			    add_str(n, "gevaar", a->gevaar) < 0 || add_str(n, "toelichting", a->toelichting) < 0 ||
			    (reds = add_node(n, "rood_per_sectie", WT_NODE_SEQ)) == NULL)
				rc = -1;
			for (s = 0; rc == 0 && s < cat->n_sections; s++) {
				wt_node *r = add_node(reds, NULL, WT_NODE_MAP);
				char count[24];
				snprintf(count, sizeof(count), "%zu", wt_assessment_red_count(a, cat, s));
				if (r == NULL || add_str(r, "sectie", cat->sections[s].code) < 0 || add_str(r, "aantal", count) < 0)
					rc = -1;
			}
		}
		wt_assessment_free(a);
		wt_doc_free(doc);
	}
	if (rc == -1)
		return -1;
	if (rc < 0)
		return rc;
	return add_str(wt, "conclusie", conclusie);
}

/* Builds the render context of a case (see docs/template-language.md and templates/advies.md). */
static int build_context(wt_app *app, const wt_dossier *d, wt_doc **out, wt_error *err)
{
	wt_catalogue *cat = NULL;
	wt_doc *verzoek = NULL, *checklist = NULL;
	wt_doc *ctxdoc = wt_doc_new("context");
	wt_node *ctx, *zaak, *jurist, *context;
	const wt_node *bijz;
	char today[32], created[32];
	wt_date t = wt_time_nl_date(app->now);
	const wt_wf_role *role = NULL;
	size_t n;
	const char *const *roles;
	int rc;

	*out = NULL;
	if (ctxdoc == NULL || (ctxdoc->root = ctx = wt_node_new(WT_NODE_MAP, 0, 0)) == NULL) {
		wt_doc_free(ctxdoc);
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	}
	rc = wt_app_catalogue(app, &cat, err);
	if (rc == 0)
		rc = wt_app_read_doc(app, d->head, "verzoek.yaml", &verzoek, err);
	if (rc == 0)
		rc = wt_app_read_doc(app, d->head, "checklist.json", &checklist, err);
	if (rc < 0)
		goto done;
	snprintf(today, sizeof(today), "%02d-%02d-%04d", t.day, t.month, t.year);
	{
		wt_date c = wt_time_nl_date(d->status.created);
		int64_t local = d->status.created + wt_time_nl_offset(d->status.created);
		int sec = (int)(((local % 86400) + 86400) % 86400);
		snprintf(created, sizeof(created), "%02d-%02d-%04d %02d:%02d", c.day, c.month, c.year,
			 sec / 3600, (sec / 60) % 60);
	}
	rc = -1;
	if ((zaak = add_node(ctx, "zaak", WT_NODE_MAP)) == NULL || add_str(zaak, "id", d->id) < 0 ||
	    add_str(zaak, "gemeente", d->wf->naam) < 0 || add_str(zaak, "code", d->wf->code) < 0 ||
	    add_str(zaak, "route", d->wf->route) < 0 || add_str(zaak, "beslisser", d->wf->beslisser) < 0 ||
	    add_str(zaak, "mandaat", d->wf->mandaat) < 0 || add_str(zaak, "status", d->status.state) < 0 ||
	    add_str(zaak, "datum", today) < 0 || add_str(zaak, "ingediend_op", created) < 0 ||
	    add_clone(ctx, "verzoek", verzoek->root) < 0 || add_criteria(ctx, cat, checklist->root) < 0 ||
	    add_facts(ctx, cat, verzoek->root) < 0 || (context = add_node(ctx, "context", WT_NODE_SEQ)) == NULL)
		goto oom;
	bijz = wt_map_get(verzoek->root, "bijzonderheden");
	if (wt_node_str(bijz) != NULL && bijz->len > 0 && add_str(context, NULL, bijz->value) < 0)
		goto oom;
	if (strcmp(d->wf->route, "weegteam") == 0) {
		rc = add_weegteam(app, d, cat, ctx, err);
		if (rc == -1)
			goto oom;
		if (rc < 0)
			goto done;
	}
	roles = wt_user_roles(app->actor, d->status.city, &n);
	if (n > 0)
		role = wt_workflow_role(d->wf, roles[0]);
	if ((jurist = add_node(ctx, "jurist", WT_NODE_MAP)) == NULL ||
	    add_str(jurist, "naam", app->actor ? app->actor->naam : app->actor_id) < 0 ||
	    add_str(jurist, "functie", role ? role->naam : "") < 0 ||
	    add_str(jurist, "organisatie", role && role->organisatie ? role->organisatie : (app->actor ? app->actor->organisatie : "")) < 0)
		goto oom;
	rc = 0;
	*out = ctxdoc;
	ctxdoc = NULL;
	goto done;
oom:
	rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
done:
	wt_doc_free(ctxdoc);
	wt_doc_free(verzoek);
	wt_doc_free(checklist);
	return rc;
}

/* A deterministic serialisation of a context tree, for its hash. */
static int serialise(const wt_node *n, wt_buf *out)
{
	size_t i;
	int rc = 0;

	if (n->kind == WT_NODE_SCALAR)
		return wt_buf_add_json_str(out, n->value);
	rc |= wt_buf_addch(out, n->kind == WT_NODE_MAP ? '{' : '[');
	for (i = 0; i < n->count; i++) {
		if (i > 0)
			rc |= wt_buf_addch(out, ',');
		if (n->kind == WT_NODE_MAP) {
			rc |= wt_buf_add_json_str(out, n->keys[i]);
			rc |= wt_buf_addch(out, ':');
		}
		rc |= serialise(n->items[i], out);
	}
	return rc | wt_buf_addch(out, n->kind == WT_NODE_MAP ? '}' : ']');
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Renders the draft of d into md; *ctx_out (optional) keeps the context, tmpl_ids the template ids. */
static int render_draft(wt_app *app, const wt_dossier *d, wt_buf *md, wt_doc **ctx_out,
			char base_id[WT_OID_HEX + 1], char city_id[WT_OID_HEX + 1], wt_error *err)
{
	wt_doc *ctx = NULL;
	wt_template *base = NULL, *city = NULL;
	char path[WT_PATH_MAX];
	char *raw = NULL;
	size_t len = 0;
	int rc;

	base_id[0] = city_id[0] = '\0';
	rc = build_context(app, d, &ctx, err);
	if (rc == 0 && wt_pathf(path, sizeof(path), "%s/advies.md", app->templates_dir) < 0)
		rc = wt_error_set(err, WT_EENV, "pad_te_lang", "Pad te lang.");
	if (rc == 0)
		rc = wt_template_load_file(&base, path, err);
	if (rc == 0 && wt_read_file(path, WT_APP_MAX_ATTACHMENT, &raw, &len, err) == 0) {
		rc = wt_audit_hash(raw, len, base_id, err);
		free(raw);
		raw = NULL;
	}
	if (rc == 0 && wt_pathf(path, sizeof(path), "%s/%s/advies.md", app->templates_dir, d->wf->gemeente) == 0 &&
	    file_exists(path)) {
		rc = wt_template_load_file(&city, path, err);
		if (rc == 0 && wt_read_file(path, WT_APP_MAX_ATTACHMENT, &raw, &len, err) == 0) {
			rc = wt_audit_hash(raw, len, city_id, err);
			free(raw);
		}
	}
	if (rc == 0)
		rc = wt_template_apply(base, city, ctx->root, md, err);
	wt_template_free(base);
	wt_template_free(city);
	if (rc == 0 && ctx_out != NULL) {
		*ctx_out = ctx;
		ctx = NULL;
	}
	wt_doc_free(ctx);
	return rc;
}

int wt_app_advies_provenance(wt_app *app, const wt_dossier *d, const char *recorded, size_t len,
			     wt_buf *out, wt_error *err)
{
	wt_buf md, ser;
	wt_doc *ctx = NULL;
	char base_id[WT_OID_HEX + 1], city_id[WT_OID_HEX + 1], data_id[WT_OID_HEX + 1];
	char draft_id[WT_OID_HEX + 1], rec_id[WT_OID_HEX + 1];
	int rc;

	wt_buf_init(&md, 0);
	wt_buf_init(&ser, 0);
	rc = render_draft(app, d, &md, &ctx, base_id, city_id, err);
	if (rc == 0 && serialise(ctx->root, &ser) < 0)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (rc == 0)
		rc = wt_audit_hash(ser.data, ser.len, data_id, err);
	if (rc == 0)
		rc = wt_audit_hash(md.data ? md.data : "", md.len, draft_id, err);
	if (rc == 0)
		rc = wt_audit_hash(recorded, len, rec_id, err);
	if (rc == 0 &&
	    wt_buf_printf(out,
			  "# Herkomst van het vastgelegde advies (door weegteam geschreven).\n"
			  "# Alle waarden zijn git-blob-ids (git hash-object) van de genoemde inhoud.\n"
			  "soort: advies-herkomst\nversie: 1\n"
			  "sjabloon: advies.md\nsjabloon_versie: %s\n"
			  "gemeente_sjabloon: %s\ngemeente_sjabloon_versie: %s\n"
			  "gegevens_hash: %s\nconcept_hash: %s\nvastgelegd_hash: %s\n"
			  "gelijk_aan_concept: %s\n",
			  base_id, city_id[0] ? "ja" : "nee", city_id[0] ? city_id : "null", data_id, draft_id,
			  rec_id, strcmp(draft_id, rec_id) == 0 ? "true" : "false") < 0)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	wt_doc_free(ctx);
	wt_buf_release(&md);
	wt_buf_release(&ser);
	return rc;
}

int wt_app_advies(wt_app *app, const char *id, int html, wt_buf *out, int *recorded, wt_error *err)
{
	wt_dossier *d = NULL;
	char title[64], base_id[WT_OID_HEX + 1], city_id[WT_OID_HEX + 1];
	wt_buf md;
	size_t i;
	int rc;

	*recorded = 0;
	wt_buf_init(&md, 0);
	rc = wt_dossier_load(app, id, &d, err);
	if (rc < 0)
		return rc;
	/* A recorded advice is returned exactly as it was recorded. */
	for (i = d->status.n_docs; i > 0; i--)
		if (strcmp(d->status.docs[i - 1].kind, "advies") == 0) {
			char *data = NULL;
			size_t len = 0;
			rc = wt_audit_read(app->audit, d->head, d->status.docs[i - 1].path, &data, &len, err);
			if (rc == 0 && wt_buf_add(&md, data, len) < 0)
				rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
			free(data);
			*recorded = 1;
			break;
		}
	if (!*recorded)
		rc = render_draft(app, d, &md, NULL, base_id, city_id, err);
	if (rc == 0 && html) {
		snprintf(title, sizeof(title), "Advies %s", d->id);
		rc = wt_markdown_to_html(md.data ? md.data : "", md.len, title, out, err);
	} else if (rc == 0 && wt_buf_add(out, md.data ? md.data : "", md.len) < 0) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	}
	wt_buf_release(&md);
	wt_dossier_free(d);
	return rc;
}
