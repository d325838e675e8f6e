/* submit.c: the submit use case: validate, check, route, allocate an id, record. */
#include "app.h"

#include "core/catalogue.h"
#include "core/checklist.h"
#include "core/date.h"
#include "core/verzoek.h"
#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wt_submit_result_release(wt_submit_result *r)
{
	free(r->report_text);
	free(r->report_json);
	r->report_text = NULL;
	r->report_json = NULL;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Called after every workflow was read: names them all, in alphabetical order. */
static int unknown_city(wt_app *app, const wt_verzoek *v, wt_error *err)
{
	const char **sorted = calloc(app->n_workflows + 1, sizeof(*sorted));
	wt_buf names;
	size_t i;

	if (sorted == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	for (i = 0; i < app->n_workflows; i++)
		sorted[i] = app->workflows[i]->naam;
	qsort(sorted, app->n_workflows, sizeof(*sorted), cmp_name);
	wt_buf_init(&names, 4096);
	for (i = 0; i < app->n_workflows; i++) {
		if (i > 0)
			wt_buf_addstr(&names, i + 1 == app->n_workflows ? " en " : ", ");
		wt_buf_addstr(&names, sorted[i]);
	}
	free(sorted);
	wt_error_set(err, WT_EINPUT, "onbekende_gemeente",
		     "Voor de gemeente '%s' is geen workflow ingericht. Een verzoek kan worden "
		     "ingediend voor %s.",
		     v->gemeente.s ? v->gemeente.s : "", names.data ? names.data : "geen enkele gemeente");
	wt_error_at(err, v->file, v->gemeente.line, v->gemeente.column, "gemeente");
	wt_buf_release(&names);
	return -WT_EINPUT;
}

int wt_app_join_aard(const wt_verzoek *v, char *out, size_t size)
{
	wt_buf b;
	size_t i;
	int rc = 0;

	wt_buf_init(&b, size - 1);
	for (i = 0; rc == 0 && i < v->n_aard_geweld; i++) {
		if (i > 0)
			rc = wt_buf_addch(&b, ',');
		if (rc == 0 && v->aard_geweld[i].s)
			rc = wt_buf_addstr(&b, v->aard_geweld[i].s);
	}
	if (rc == 0)
		wt_strlcpy(out, b.data ? b.data : "", size);
	wt_buf_release(&b);
	return rc;
}

/* Runs the checklist and keeps its report in res. Returns the checklist (caller frees). */
static int run_checklist(wt_app *app, const wt_verzoek *v, const wt_findings *problems,
			 const char *file, wt_submit_result *res, wt_checklist **out, wt_error *err)
{
	wt_catalogue *cat = NULL;
	wt_buf text, json;
	int rc = wt_app_catalogue(app, &cat, err);

	if (rc < 0)
		return rc;
	rc = wt_checklist_run(out, cat, v, problems, wt_time_nl_date(app->now), err);
	if (rc < 0)
		return rc;
	wt_buf_init(&text, 0);
	wt_buf_init(&json, 0);
	if (wt_checklist_format_text(*out, file, &text) < 0 || wt_checklist_format_json(*out, &json) < 0) {
		wt_buf_release(&text);
		wt_buf_release(&json);
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	}
	res->report_text = wt_buf_detach(&text);
	res->report_json = wt_buf_detach(&json);
	return 0;
}

int wt_app_verzoek_check(wt_app *app, const char *file, const char *raw, size_t len, wt_doc **doc,
			  wt_verzoek **v, wt_checklist **cl, wt_submit_result *res, wt_error *err)
{
	wt_findings problems;
	wt_error first;
	int rc;

	*doc = NULL;
	*v = NULL;
	*cl = NULL;
	wt_findings_init(&problems);
	wt_error_clear(&first);
	rc = wt_yaml_load_buffer(doc, file, raw, len, err);
	if (rc < 0)
		goto done;
	rc = wt_verzoek_parse(v, *doc, &problems, &first);
	if (rc < 0 && first.code == WT_EENV) {
		wt_error_copy(err, &first);
		goto done;
	}
	rc = run_checklist(app, *v, &problems, file, res, cl, err);
	if (rc == 0 && problems.count > 0) {
		wt_error_copy(err, &first);
		rc = -WT_EINPUT;
	}
done:
	wt_findings_release(&problems);
	return rc;
}

int wt_app_submit(wt_app *app, const char *file, wt_submit_result *res, wt_error *err)
{
	char *raw = NULL;
	size_t raw_len = 0;
	const wt_app_wf_source *wf_src;
	wt_doc *doc = NULL;
	wt_verzoek *v = NULL;
	wt_checklist *cl = NULL;
	const wt_workflow *wf;
	const char *role = NULL;
	wt_actor actor;
	char counter_key[16], head[WT_OID_HEX + 1];
	const char *begin;
	long number = 0;
	wt_event ev;
	wt_status st;
	wt_audit_file files[3];
	wt_date today;
	int rc, locked = 0;

	memset(res, 0, sizeof(*res));
	memset(&st, 0, sizeof(st));
	rc = wt_read_file(file, WT_YAML_MAX_FILE_BYTES, &raw, &raw_len, err);
	if (rc == 0)
		rc = wt_app_verzoek_check(app, file, raw, raw_len, &doc, &v, &cl, res, err);
	if (rc == 0)
		rc = wt_app_workflow_get(app, v->gemeente.s, &wf, err);
	if (rc < 0)
		goto done;
	if (wf == NULL) {
		rc = unknown_city(app, v, err);
		goto done;
	}
	wt_app_actor(app, wf->gemeente, &actor);
	rc = wt_machine_check_submit(wf, &actor, v->verzoeker.organisatie.s, &role, err);
	if (rc < 0)
		goto done;
	if (app->actor != NULL && strcmp(app->actor->organisatie, v->verzoeker.organisatie.s) != 0) {
		rc = wt_error_set(err, WT_EREFUSED, "andere_organisatie",
				  "U bent in users.yaml geregistreerd bij '%s', maar dit verzoek komt van "
				  "'%s'. Een verzoek wordt ingediend door iemand van de verzoekende organisatie.",
				  app->actor->organisatie, v->verzoeker.organisatie.s);
		wt_error_at(err, file, v->verzoeker.organisatie.line, v->verzoeker.organisatie.column,
			    "verzoeker.organisatie");
		goto done;
	}
	if (wt_checklist_blocking(cl) > 0) {
		rc = wt_error_set(err, WT_EREFUSED, "checklist_blokkeert",
				  "Het verzoek is niet ingediend: de checklist vond %zu blokkerende "
				  "punt(en). Zie het overzicht hierboven.",
				  wt_checklist_blocking(cl));
		wt_error_at(err, file, 0, 0, NULL);
		goto done;
	}
	/* The pinned workflow: the very bytes the definition used above was parsed from (read
	 * again, a file edited meanwhile would pin a text the checks did not follow). */
	wf_src = wt_app_workflow_source(app, wf);
	if (wf_src == NULL) {
		rc = wt_error_set(err, WT_EENV, "intern", "Interne fout: de workflow van %s is niet geladen.",
				  wf->gemeente);
		goto done;
	}

	today = wt_time_nl_date(app->now);
	snprintf(counter_key, sizeof(counter_key), "%04d-%s", today.year, wf->code);
	rc = wt_audit_lock(app->audit, err);
	if (rc < 0)
		goto done;
	locked = 1;
	rc = wt_audit_counter(app->audit, counter_key, &number, err);
	if (rc < 0)
		goto done;
	number++;

	memset(&ev, 0, sizeof(ev));
	wt_pathf(ev.case_id, sizeof(ev.case_id), "%s-%04ld", counter_key, number);
	ev.seq = 1;
	wt_strlcpy(ev.action, "indienen", sizeof(ev.action));
	begin = wt_workflow_begin_for(wf, v->verzoeker.organisatie.s);
	wt_strlcpy(ev.to, begin, sizeof(ev.to));
	wt_strlcpy(ev.actor, app->actor_id, sizeof(ev.actor));
	wt_strlcpy(ev.role, role, sizeof(ev.role));
	wt_app_actor_roles(&actor, ev.roles, sizeof(ev.roles));
	wt_strlcpy(ev.workflow, wf->gemeente, sizeof(ev.workflow));
	wt_strlcpy(ev.workflow_version, wf->definitie_versie, sizeof(ev.workflow_version));
	ev.time = app->now;

	wt_strlcpy(st.case_id, ev.case_id, sizeof(st.case_id));
	wt_strlcpy(st.city, wf->gemeente, sizeof(st.city));
	wt_strlcpy(st.state, begin, sizeof(st.state));
	st.terminal = 0;
	st.state_entered = app->now;
	st.spoed = v->spoed;
	st.deadline = wt_machine_deadline(wf, begin, v->spoed, app->now);
	st.seq = 1;
	wt_strlcpy(st.submitter, app->actor_id, sizeof(st.submitter));
	wt_strlcpy(st.submitter_org, v->verzoeker.organisatie.s, sizeof(st.submitter_org));
	wt_app_join_aard(v, st.aard, sizeof(st.aard));
	st.kindermishandeling = wt_verzoek_has_aard(v, "kindermishandeling");
	st.gevaar_onderbouwd = wt_checklist_status(cl, "gevaar") == WT_ONDERBOUWD;
	wt_strlcpy(st.workflow_version, wf->definitie_versie, sizeof(st.workflow_version));
	st.created = app->now;
	st.updated = app->now;

	files[0].path = "verzoek.yaml";
	files[0].data = raw;
	files[0].len = raw_len;
	files[1].path = "workflow.yaml";
	files[1].data = wf_src->raw;
	files[1].len = wf_src->len;
	files[2].path = "checklist.json";
	files[2].data = res->report_json;
	files[2].len = strlen(res->report_json);
	rc = wt_app_record(app, &ev, &st, NULL, files, 3, counter_key, number, head, err);
	if (rc < 0)
		goto done;
	wt_strlcpy(res->id, ev.case_id, sizeof(res->id));
	wt_strlcpy(res->city, wf->gemeente, sizeof(res->city));
	wt_strlcpy(res->state, begin, sizeof(res->state));
done:
	if (locked)
		wt_audit_unlock(app->audit);
	wt_checklist_free(cl);
	wt_verzoek_free(v);
	wt_doc_free(doc);
	free(raw);
	return rc;
}

typedef struct find_ctx {
	wt_app *app;
	const char *blob;
	const char *stop;
	const char *actor;
	size_t left;
	char *out_id;
	size_t out_size;
	int found, met;
} find_ctx;

/* 1 when the submission at commit was recorded by actor. */
static int submitted_by(wt_app *app, const char *commit, const char *actor)
{
	wt_audit_commit *c = NULL;
	size_t n = 0;
	wt_event ev;
	wt_error err;
	int same = 0;

	wt_error_clear(&err);
	if (wt_audit_history(app->audit, commit, NULL, &c, &n, &err) < 0)
		return 0;
	if (n == 1 && wt_event_parse(&ev, c[0].message, &err) == 0) {
		same = strcmp(ev.actor, actor) == 0;
		wt_event_release(&ev);
	}
	wt_audit_commits_free(c, n);
	return same;
}

/* Newest first down to stop: the oldest matching submission is kept (the claimed file's own,
 * made right after the claim). */
static int find_submission(const wt_journal_entry *e, void *payload)
{
	find_ctx *f = payload;
	char id[WT_OID_HEX + 1];
	wt_error err;

	if (strcmp(e->commit, f->stop) == 0) {
		f->met = 1;
		return 1;
	}
	if (f->left-- == 0)
		return 1;
	if (e->seq != 1)
		return 0;
	wt_error_clear(&err);
	if (wt_audit_entry_id(f->app->audit, e->new_head, "verzoek.yaml", id, &err) == 0 &&
	    strcmp(id, f->blob) == 0 && submitted_by(f->app, e->new_head, f->actor)) {
		wt_strlcpy(f->out_id, e->case_id, f->out_size);
		f->found = 1;
	}
	return 0;
}

int wt_app_find_submission(wt_app *app, const char *data, size_t len, size_t max_entries,
			   const char *stop, const char *actor, char *out_id, size_t out_size,
			   wt_error *err)
{
	char blob[WT_OID_HEX + 1], head[WT_OID_HEX + 1];
	find_ctx f;
	int rc;

	out_id[0] = '\0';
	rc = wt_audit_hash(data, len, blob, err);
	if (rc == 0)
		rc = wt_audit_journal_head(app->audit, head, err);
	if (rc < 0)
		return rc;
	if (strcmp(head, stop) == 0)
		return 1; /* nothing recorded since */
	memset(&f, 0, sizeof(f));
	f.app = app;
	f.blob = blob;
	f.stop = stop;
	f.actor = actor;
	f.left = max_entries;
	f.out_id = out_id;
	f.out_size = out_size;
	if (head[0] != '\0')
		rc = wt_audit_journal_each(app->audit, head, find_submission, &f, err);
	if (rc < 0)
		return rc;
	/* Only an entry after a head that is really on the journal counts: with a marker that is
	 * not, nothing can be told, and a second case is better than a verzoek that goes nowhere. */
	if (f.found && (f.met || stop[0] == '\0'))
		return 0;
	out_id[0] = '\0';
	return 1;
}
