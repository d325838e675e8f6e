/* act.c: the act use case: one workflow action on one case, checked, recorded. */
#include "app.h"

#include "core/assessment.h"
#include "core/catalogue.h"
#include "core/checklist.h"
#include "core/verzoek.h"
#include "core/date.h"
#include "core/text.h"
#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file name reduced to safe characters for a path in the dossier tree. */
static void safe_name(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t j = 0;

	base = base ? base + 1 : path;
	while (*base == '.')
		base++;
	for (; *base && j + 1 < size && j < 64; base++) {
		char c = *base;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		    c == '-' || c == '_')
			out[j++] = c;
		else
			out[j++] = '_';
	}
	if (j == 0)
		out[j++] = 'x';
	out[j] = '\0';
}

static int check_attachment(wt_app *app, const wt_wf_action *a, const char *file, const char *data,
			    size_t len, wt_error *err)
{
	if (strcmp(a->bestand, "beoordeling") == 0) {
		wt_catalogue *cat = NULL;
		wt_doc *doc = NULL;
		wt_assessment *as = NULL;
		int rc = wt_app_catalogue(app, &cat, err);
		if (rc == 0)
			rc = wt_yaml_load_buffer(&doc, file, data, len, err);
		if (rc == 0)
			rc = wt_assessment_parse(&as, doc, cat, err);
		wt_assessment_free(as);
		wt_doc_free(doc);
		return rc;
	}
	if (wt_text_check(file, data, len, err) < 0)
		return -WT_EINPUT;
	if (len == 0) {
		wt_error_set(err, WT_EINPUT, "leeg_bestand", "Het bestand is leeg.");
		wt_error_at(err, file, 0, 0, NULL);
		return -WT_EINPUT;
	}
	return 0;
}

static char *clean_note(const char *note, wt_error *err)
{
	size_t n;
	char *s;

	if (note == NULL)
		return NULL;
	n = strlen(note);
	while (n > 0 && (note[n - 1] == '\n' || note[n - 1] == ' ' || note[n - 1] == '\r' || note[n - 1] == '\t'))
		n--;
	if (n == 0)
		return NULL;
	if (n > WT_APP_MAX_NOTE || wt_text_check("--note", note, n, err) < 0) {
		/* A control character is named as such; the note is shown on other people's screens. */
		if (n <= WT_APP_MAX_NOTE && strcmp(err->key, "stuurteken") == 0) {
			wt_error_at(err, NULL, err->line, err->column, "--note");
			return NULL;
		}
		wt_error_set(err, WT_EINPUT, "ongeldige_notitie",
			     "De notitie is te lang (meer dan %d bytes) of geen geldige tekst.", WT_APP_MAX_NOTE);
		wt_error_at(err, NULL, 0, 0, "--note");
		return NULL;
	}
	s = malloc(n + 1);
	if (s != NULL) {
		memcpy(s, note, n);
		s[n] = '\0';
	}
	return s;
}

/*
 * A revised verzoek (bestand: verzoek, the answer to "meer informatie nodig"): valid, for the
 * same municipality and organisation, and without blocking findings. Its checklist becomes the
 * dossier's: criterion (iii), the kind of violence and spoed in status are updated from it, so
 * that the guards judge the current dossier. report gets the checklist JSON.
 */
static int revised_verzoek(wt_app *app, const wt_dossier *d, const char *file, const char *data,
			   size_t len, wt_status *st, char **report, wt_error *err)
{
	wt_submit_result r;
	wt_doc *doc = NULL;
	wt_verzoek *v = NULL;
	wt_checklist *cl = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = wt_app_verzoek_check(app, file, data, len, &doc, &v, &cl, &r, err);
	if (rc < 0)
		goto done;
	if (!wt_workflow_matches(d->wf, v->gemeente.s)) {
		rc = wt_error_set(err, WT_EINPUT, "andere_gemeente",
				  "Het aangevulde verzoek is voor '%s'; dit dossier hoort bij %s.", v->gemeente.s,
				  d->wf->naam);
		wt_error_at(err, file, v->gemeente.line, v->gemeente.column, "gemeente");
		goto done;
	}
	if (strcmp(v->verzoeker.organisatie.s, d->status.submitter_org) != 0) {
		rc = wt_error_set(err, WT_EINPUT, "andere_organisatie",
				  "Het aangevulde verzoek komt van '%s'; dit dossier is ingediend door '%s'.",
				  v->verzoeker.organisatie.s, d->status.submitter_org);
		wt_error_at(err, file, v->verzoeker.organisatie.line, v->verzoeker.organisatie.column,
			    "verzoeker.organisatie");
		goto done;
	}
	if (wt_checklist_blocking(cl) > 0) {
		rc = wt_error_set(err, WT_EREFUSED, "checklist_blokkeert",
				  "Het aangevulde verzoek is niet vastgelegd: de checklist vond %zu blokkerende "
				  "punt(en). 'weegteam check %s' laat ze zien, met wat er nodig is.",
				  wt_checklist_blocking(cl), file);
		wt_error_at(err, file, 0, 0, NULL);
		goto done;
	}
	st->gevaar_onderbouwd = wt_checklist_status(cl, "gevaar") == WT_ONDERBOUWD;
	st->kindermishandeling = wt_verzoek_has_aard(v, "kindermishandeling");
	st->spoed = v->spoed;
	wt_app_join_aard(v, st->aard, sizeof(st->aard));
	*report = r.report_json;
	r.report_json = NULL;
done:
	wt_submit_result_release(&r);
	wt_checklist_free(cl);
	wt_verzoek_free(v);
	wt_doc_free(doc);
	return rc;
}

int wt_app_act(wt_app *app, const char *id, const char *action, const char *note,
	       const char *file, wt_act_result *res, wt_error *err)
{
	return wt_app_act_at(app, id, action, note, file, 0, res, err);
}

/* May this action take effect at start instead of now? 0, or -WT_EINPUT saying why not. */
static int check_start(const wt_app *app, const wt_dossier *d, const wt_wf_action *a, int64_t start,
		       wt_error *err)
{
	const wt_wf_state *to = wt_workflow_state(d->wf, a->naar);
	char when[32];

	if (!a->besluit || to == NULL || !to->has_termijn || strcmp(a->naar, d->status.state) == 0)
		wt_error_set(err, WT_EINPUT, "ingang_niet_hier",
			     "--ingang hoort bij een besluit dat een termijn laat lopen (zoals opleggen); "
			     "'%s' is dat niet.", a->key);
	else if (start > app->now)
		wt_error_set(err, WT_EINPUT, "ingang_in_toekomst",
			     "De ingang ligt in de toekomst; leg een besluit vast nadat het is genomen.");
	else if (start < d->status.updated) {
		wt_time_format(d->status.updated, when);
		wt_error_set(err, WT_EINPUT, "ingang_te_vroeg",
			     "De ingang ligt voor de vorige gebeurtenis in dit dossier (%s).", when);
	} else
		return 0;
	wt_error_at(err, NULL, 0, 0, "--ingang");
	return -WT_EINPUT;
}

int wt_app_act_at(wt_app *app, const char *id, const char *action, const char *note,
		  const char *file, int64_t start, wt_act_result *res, wt_error *err)
{
	wt_dossier *d = NULL;
	wt_case_view cv;
	wt_actor actor;
	const wt_wf_action *a = NULL;
	const char *role = NULL;
	char *data = NULL, *clean = NULL, *report = NULL;
	size_t len = 0;
	wt_event ev;
	wt_status st;
	wt_audit_file extra[2];
	wt_buf herkomst;
	char herkomst_path[256];
	size_t n_extra = 0;
	char docpath[256], head[WT_OID_HEX + 1];
	const wt_wf_state *to;
	int rc, locked = 0;

	memset(res, 0, sizeof(*res));
	memset(&st, 0, sizeof(st));
	wt_buf_init(&herkomst, 0);
	memset(&ev, 0, sizeof(ev));
	wt_error_clear(err);
	clean = clean_note(note, err);
	if (err->code != WT_OK)
		return -(int)err->code;
	rc = wt_dossier_load(app, id, &d, err);
	if (rc < 0)
		goto done;
	/* A dossier whose ref was moved outside weegteam is not judged by the rules at all (the
	 * write itself checks again under the lock). */
	{
		char journal[WT_OID_HEX + 1] = "";
		if (!wt_dossier_head_agrees(app, d, journal)) {
			rc = wt_app_head_error(err, d->id, d->head, journal);
			goto done;
		}
	}
	wt_dossier_view(d, &cv);
	wt_app_actor(app, d->status.city, &actor);
	rc = wt_machine_check(&cv, &actor, action, clean != NULL, file != NULL, &a, &role, err);
	if (rc < 0)
		goto done;
	if (start != 0 && (rc = check_start(app, d, a, start, err)) < 0)
		goto done;
	if (file != NULL && !(a->vereist & WT_VEREIST_BESTAND)) {
		rc = wt_error_set(err, WT_EINPUT, "geen_bestand_verwacht",
				  "De actie '%s' neemt geen bestand aan; laat --file weg.", a->key);
		goto done;
	}
	if (a->vereist & WT_VEREIST_BESTAND) {
		rc = wt_read_file(file, WT_APP_MAX_ATTACHMENT, &data, &len, err);
		if (rc == 0)
			rc = check_attachment(app, a, file, data, len, err);
		if (rc < 0)
			goto done;
	}
	rc = wt_status_copy(&st, &d->status);
	if (rc < 0) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto done;
	}
	to = wt_workflow_state(d->wf, a->naar);
	st.seq = d->status.seq + 1;
	st.updated = app->now;
	if (strcmp(a->naar, d->status.state) != 0) {
		wt_strlcpy(st.state, a->naar, sizeof(st.state));
		st.state_entered = start ? start : app->now;
		st.deadline = wt_machine_deadline(d->wf, a->naar, st.spoed,
						  wt_machine_deadline_base(d->wf, a->naar, d->views,
									   d->n_events, st.state_entered));
		st.terminal = to ? to->terminal : 0;
	}
	if (data != NULL) {
		wt_status_doc sd;
		char name[80];
		memset(&sd, 0, sizeof(sd));
		if (strcmp(a->bestand, "beoordeling") == 0)
			snprintf(docpath, sizeof(docpath), "beoordelingen/%04ld-%s-%s.yaml", st.seq, role,
				 app->actor_id);
		else if (strcmp(a->bestand, "verzoek") == 0)
			snprintf(docpath, sizeof(docpath), "verzoek.yaml");
		else if (strcmp(a->bestand, "advies") == 0)
			snprintf(docpath, sizeof(docpath), "advies/%04ld-advies.md", st.seq);
		else {
			safe_name(file, name, sizeof(name));
			snprintf(docpath, sizeof(docpath), "documenten/%04ld-%s", st.seq, name);
		}
		wt_strlcpy(sd.path, docpath, sizeof(sd.path));
		wt_strlcpy(sd.kind, a->bestand, sizeof(sd.kind));
		wt_strlcpy(sd.action, a->key, sizeof(sd.action));
		sd.seq = st.seq;
		wt_strlcpy(sd.actor, app->actor_id, sizeof(sd.actor));
		wt_strlcpy(sd.role, role, sizeof(sd.role));
		if (wt_status_add_doc(&st, &sd) < 0) {
			rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
			goto done;
		}
		extra[0].path = docpath;
		extra[0].data = data;
		extra[0].len = len;
		n_extra = 1;
		if (strcmp(a->bestand, "verzoek") == 0) {
			/* The revised verzoek replaces verzoek.yaml (the history keeps every version)
			 * and its checklist replaces checklist.json. */
			rc = revised_verzoek(app, d, file, data, len, &st, &report, err);
			if (rc < 0)
				goto done;
			extra[1].path = "checklist.json";
			extra[1].data = report;
			extra[1].len = strlen(report);
			n_extra = 2;
		}
		if (strcmp(a->bestand, "advies") == 0) {
			/* Record from what the advice was made: template versions and a data hash. */
			rc = wt_app_advies_provenance(app, d, data, len, &herkomst, err);
			if (rc < 0) {
				/* The jurist's text is recorded anyway; say why no draft could be made. */
				wt_buf_reset(&herkomst);
				wt_buf_addstr(&herkomst, "soort: advies-herkomst\nversie: 1\nconcept_fout: ");
				wt_buf_add_yaml_str(&herkomst, err->message);
				wt_buf_addch(&herkomst, '\n');
				wt_error_clear(err);
				rc = 0;
			}
			snprintf(herkomst_path, sizeof(herkomst_path), "advies/%04ld-herkomst.yaml", st.seq);
			extra[1].path = herkomst_path;
			extra[1].data = herkomst.data;
			extra[1].len = herkomst.len;
			n_extra = 2;
		}
	}
	wt_strlcpy(ev.case_id, d->id, sizeof(ev.case_id));
	ev.seq = st.seq;
	wt_strlcpy(ev.action, a->key, sizeof(ev.action));
	wt_strlcpy(ev.from, d->status.state, sizeof(ev.from));
	wt_strlcpy(ev.to, a->naar, sizeof(ev.to));
	wt_strlcpy(ev.actor, app->actor_id, sizeof(ev.actor));
	wt_strlcpy(ev.role, role, sizeof(ev.role));
	wt_app_actor_roles(&actor, ev.roles, sizeof(ev.roles));
	if (a->namens != NULL)
		wt_strlcpy(ev.namens, a->namens, sizeof(ev.namens));
	if (n_extra)
		wt_strlcpy(ev.document, docpath, sizeof(ev.document));
	wt_strlcpy(ev.workflow, d->wf->gemeente, sizeof(ev.workflow));
	wt_strlcpy(ev.workflow_version, d->wf->definitie_versie, sizeof(ev.workflow_version));
	ev.time = app->now;
	ev.start = start;
	ev.note = clean;

	rc = wt_audit_lock(app->audit, err);
	if (rc < 0)
		goto done;
	locked = 1;
	rc = wt_app_record(app, &ev, &st, d->head, extra, n_extra, NULL, 0, head, err);
	if (rc < 0)
		goto done;
	wt_strlcpy(res->state_from, d->status.state, sizeof(res->state_from));
	wt_strlcpy(res->state_to, a->naar, sizeof(res->state_to));
	res->seq = st.seq;
	memcpy(res->head, head, sizeof(res->head));
done:
	if (locked)
		wt_audit_unlock(app->audit);
	wt_status_release(&st);
	wt_dossier_free(d);
	wt_buf_release(&herkomst);
	free(report);
	free(data);
	free(clean);
	return rc;
}
