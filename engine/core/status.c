/* status.c: writing and reading status.yaml. */
#include "status.h"

#include "date.h"

#include <stdlib.h>
#include <string.h>

static int add_time(wt_buf *out, const char *key, int64_t t)
{
	char when[32];

	if (t == 0)
		return wt_buf_printf(out, "%s: null\n", key);
	wt_time_format(t, when);
	return wt_buf_printf(out, "%s: %s\n", key, when);
}

int wt_status_format(const wt_status *s, wt_buf *out)
{
	size_t i;
	int rc = 0;

	rc |= wt_buf_addstr(out, "# Stand van het dossier na deze gebeurtenis (door weegteam geschreven).\n");
	rc |= wt_buf_printf(out, "soort: status\nversie: 1\nzaak: %s\ngemeente: %s\nstatus: %s\n",
			    s->case_id, s->city, s->state);
	rc |= wt_buf_printf(out, "afgesloten: %s\n", s->terminal ? "true" : "false");
	rc |= add_time(out, "status_sinds", s->state_entered);
	rc |= add_time(out, "deadline", s->deadline);
	rc |= wt_buf_printf(out, "spoed: %s\nvolgnummer: %ld\n", s->spoed ? "true" : "false", s->seq);
	rc |= wt_buf_printf(out, "ingediend_door: %s\norganisatie: %s\n", s->submitter, s->submitter_org);
	rc |= wt_buf_addstr(out, "aard_geweld: ");
	rc |= wt_buf_add_yaml_str(out, s->aard);
	rc |= wt_buf_printf(out, "\nkindermishandeling: %s\n", s->kindermishandeling ? "true" : "false");
	rc |= wt_buf_printf(out, "gevaar_onderbouwd: %s\n", s->gevaar_onderbouwd ? "true" : "false");
	rc |= wt_buf_addstr(out, "workflow_versie: ");
	rc |= wt_buf_add_yaml_str(out, s->workflow_version);
	rc |= wt_buf_addch(out, '\n');
	rc |= add_time(out, "aangemaakt", s->created);
	rc |= add_time(out, "bijgewerkt", s->updated);
	/* Written only once tick recorded one, so that older dossiers read the same. */
	if (s->warned != 0)
		rc |= add_time(out, "termijn_nadert_gemeld", s->warned);
	if (s->escalated != 0)
		rc |= add_time(out, "termijn_verstreken_gemeld", s->escalated);
	rc |= wt_buf_addstr(out, s->n_docs ? "documenten:\n" : "documenten: []\n");
	for (i = 0; i < s->n_docs; i++) {
		const wt_status_doc *d = &s->docs[i];
		rc |= wt_buf_printf(out, "  - pad: %s\n    soort: %s\n    actie: %s\n", d->path, d->kind,
				    d->action);
		rc |= wt_buf_printf(out, "    volgnummer: %ld\n    door: %s\n    rol: %s\n", d->seq,
				    d->actor, d->role);
	}
	return rc ? -WT_EENV : 0;
}

static int bad(wt_error *err, const char *field)
{
	wt_error_set(err, WT_EINTEGRITY, "ongeldige_status",
		     "status.yaml in het dossier is ongeldig (veld '%s').", field);
	wt_error_at(err, NULL, 0, 0, field);
	return -WT_EINTEGRITY;
}

static int get_str(char *dst, size_t size, const wt_node *map, const char *key, wt_error *err)
{
	const char *v = wt_node_str(wt_map_get(map, key));

	if (v == NULL || wt_strlcpy(dst, v, size) < 0)
		return bad(err, key);
	return 0;
}

static int get_time(int64_t *dst, const wt_node *map, const char *key, wt_error *err)
{
	const wt_node *n = wt_map_get(map, key);

	if (n == NULL)
		return bad(err, key);
	if (wt_node_is_null(n)) {
		*dst = 0;
		return 0;
	}
	if (wt_node_str(n) == NULL || wt_time_parse(dst, n->value) < 0)
		return bad(err, key);
	return 0;
}

static int get_bool(int *dst, const wt_node *map, const char *key, wt_error *err)
{
	return wt_node_bool(wt_map_get(map, key), dst) < 0 ? bad(err, key) : 0;
}

static int get_long(long *dst, const wt_node *map, const char *key, wt_error *err)
{
	long long v;

	if (wt_node_int(wt_map_get(map, key), &v) < 0 || v < 0)
		return bad(err, key);
	*dst = (long)v;
	return 0;
}

int wt_status_parse(wt_status *s, const wt_doc *doc, wt_error *err)
{
	const wt_node *r = doc->root;
	const wt_node *docs;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (r == NULL || r->kind != WT_NODE_MAP)
		return bad(err, "status");
	if (get_str(s->case_id, sizeof(s->case_id), r, "zaak", err) < 0 ||
	    get_str(s->city, sizeof(s->city), r, "gemeente", err) < 0 ||
	    get_str(s->state, sizeof(s->state), r, "status", err) < 0 ||
	    get_bool(&s->terminal, r, "afgesloten", err) < 0 ||
	    get_time(&s->state_entered, r, "status_sinds", err) < 0 ||
	    get_time(&s->deadline, r, "deadline", err) < 0 ||
	    get_bool(&s->spoed, r, "spoed", err) < 0 || get_long(&s->seq, r, "volgnummer", err) < 0 ||
	    get_str(s->submitter, sizeof(s->submitter), r, "ingediend_door", err) < 0 ||
	    get_str(s->submitter_org, sizeof(s->submitter_org), r, "organisatie", err) < 0 ||
	    get_str(s->aard, sizeof(s->aard), r, "aard_geweld", err) < 0 ||
	    get_bool(&s->kindermishandeling, r, "kindermishandeling", err) < 0 ||
	    get_bool(&s->gevaar_onderbouwd, r, "gevaar_onderbouwd", err) < 0 ||
	    get_str(s->workflow_version, sizeof(s->workflow_version), r, "workflow_versie", err) < 0 ||
	    get_time(&s->created, r, "aangemaakt", err) < 0 ||
	    get_time(&s->updated, r, "bijgewerkt", err) < 0 ||
	    (wt_map_get(r, "termijn_nadert_gemeld") != NULL &&
	     get_time(&s->warned, r, "termijn_nadert_gemeld", err) < 0) ||
	    (wt_map_get(r, "termijn_verstreken_gemeld") != NULL &&
	     get_time(&s->escalated, r, "termijn_verstreken_gemeld", err) < 0))
		return -WT_EINTEGRITY;
	docs = wt_map_get(r, "documenten");
	if (docs == NULL || docs->kind != WT_NODE_SEQ || docs->count > WT_STATUS_MAX_DOCS)
		return bad(err, "documenten");
	for (i = 0; i < docs->count; i++) {
		wt_status_doc d;
		const wt_node *n = docs->items[i];
		memset(&d, 0, sizeof(d));
		if (get_str(d.path, sizeof(d.path), n, "pad", err) < 0 ||
		    get_str(d.kind, sizeof(d.kind), n, "soort", err) < 0 ||
		    get_str(d.action, sizeof(d.action), n, "actie", err) < 0 ||
		    get_long(&d.seq, n, "volgnummer", err) < 0 ||
		    get_str(d.actor, sizeof(d.actor), n, "door", err) < 0 ||
		    get_str(d.role, sizeof(d.role), n, "rol", err) < 0) {
			wt_status_release(s);
			return -WT_EINTEGRITY;
		}
		if (wt_status_add_doc(s, &d) < 0) {
			wt_status_release(s);
			return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		}
	}
	return 0;
}

int wt_status_add_doc(wt_status *s, const wt_status_doc *d)
{
	wt_status_doc *p = realloc(s->docs, (s->n_docs + 1) * sizeof(*p));

	if (p == NULL)
		return -WT_EENV;
	s->docs = p;
	s->docs[s->n_docs++] = *d;
	return 0;
}

int wt_status_copy(wt_status *dst, const wt_status *src)
{
	*dst = *src;
	dst->docs = NULL;
	if (src->n_docs > 0) {
		dst->docs = malloc(src->n_docs * sizeof(*dst->docs));
		if (dst->docs == NULL) {
			dst->n_docs = 0;
			return -WT_EENV;
		}
		memcpy(dst->docs, src->docs, src->n_docs * sizeof(*dst->docs));
	}
	return 0;
}

void wt_status_release(wt_status *s)
{
	free(s->docs);
	s->docs = NULL;
	s->n_docs = 0;
}
