/* dossier.c: loading one case from its own ref: status, pinned workflow, events. */
#include "app.h"

#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int unknown_case(wt_error *err, const char *id)
{
	return wt_error_set(err, WT_EINPUT, "onbekend_dossier",
			    "Dossier '%s' bestaat niet, of u heeft er geen inzage in.", id);
}

/* Case ids are YYYY-CCC-NNNN (the number may grow past four digits). */
static int case_id_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n < 13 || n > 20)
		return 0;
	for (i = 0; i < 4; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	if (id[4] != '-' || id[8] != '-')
		return 0;
	for (i = 5; i < 8; i++)
		if (id[i] < 'A' || id[i] > 'Z')
			return 0;
	for (i = 9; i < n; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	return 1;
}


int wt_app_read_doc(wt_app *app, const char *commit, const char *path, wt_doc **out, wt_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc = wt_audit_read(app->audit, commit, path, &data, &len, err);

	*out = NULL;
	if (rc == 1)
		return wt_error_set(err, WT_EINTEGRITY, "document_ontbreekt",
				    "%s ontbreekt in commit %.12s van het dossier.", path, commit);
	if (rc < 0)
		return rc;
	rc = wt_yaml_load_record(out, path, data, len, err);
	free(data);
	if (rc < 0 && err->code == WT_EINPUT) {
		/* It was valid when it was recorded: unreadable now means damage. */
		err->code = WT_EINTEGRITY;
		rc = -WT_EINTEGRITY;
	}
	return rc;
}

/* A pinned workflow.yaml, loaded: it was valid when it was recorded, so a failure is damage. */
static int parse_pinned(int rc, wt_doc *doc, wt_workflow **out, wt_error *err)
{
	if (rc == 0)
		rc = wt_workflow_parse(out, doc, err);
	wt_doc_free(doc);
	if (rc < 0 && err->code == WT_EINPUT) {
		err->code = WT_EINTEGRITY;
		rc = -WT_EINTEGRITY;
	}
	return rc;
}

int wt_app_read_workflow(wt_app *app, const char *commit, wt_workflow **out, wt_error *err)
{
	wt_doc *doc = NULL;
	int rc = wt_app_read_doc(app, commit, "workflow.yaml", &doc, err);

	return parse_pinned(rc, doc, out, err);
}

int wt_app_read_workflow_blob(wt_app *app, const char *blob, wt_workflow **out, wt_error *err)
{
	wt_doc *doc = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = wt_audit_read_blob(app->audit, blob, &data, &len, err);

	*out = NULL;
	if (rc == 0)
		rc = wt_yaml_load_record(&doc, "workflow.yaml", data, len, err);
	free(data);
	return parse_pinned(rc, doc, out, err);
}

wt_workflow *wt_wf_cache_get(const wt_wf_cache *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].wf;
	return NULL;
}

int wt_wf_cache_put(wt_wf_cache *c, const char *key, wt_workflow *wf)
{
	if (c->n == WT_WF_CACHE_MAX || wt_strlcpy(c->v[c->n].key, key, sizeof(c->v[c->n].key)) < 0)
		return 1;
	c->v[c->n++].wf = wf;
	return 0;
}

void wt_wf_cache_release(wt_wf_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		wt_workflow_free(c->v[i].wf);
	c->n = 0;
}

int wt_dossier_load(wt_app *app, const char *id, wt_dossier **out, wt_error *err)
{
	wt_dossier *d;
	wt_audit_commit *commits = NULL;
	size_t n = 0, i;
	wt_actor actor;
	int rc;

	*out = NULL;
	if (!case_id_valid(id))
		return unknown_case(err, id);
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	wt_strlcpy(d->id, id, sizeof(d->id));
	rc = wt_audit_head(app->audit, id, d->head, err);
	if (rc == 1) {
		rc = unknown_case(err, id);
		goto fail;
	}
	if (rc < 0)
		goto fail;
	rc = wt_app_read_status(app, d->head, &d->status, err);
	if (rc < 0)
		goto fail;
	rc = wt_app_read_workflow(app, d->head, &d->wf, err);
	if (rc < 0)
		goto fail;
	wt_app_actor(app, d->status.city, &actor);
	if (!app->system && !wt_machine_can_see(d->wf, &actor, d->status.submitter, d->status.submitter_org)) {
		rc = unknown_case(err, id);
		goto fail;
	}
	rc = wt_audit_history(app->audit, d->head, NULL, &commits, &n, err);
	if (rc < 0)
		goto fail;
	d->events = calloc(n ? n : 1, sizeof(*d->events));
	d->views = calloc(n ? n : 1, sizeof(*d->views));
	d->commit_ids = calloc(n ? n : 1, sizeof(*d->commit_ids));
	if (d->events == NULL || d->views == NULL || d->commit_ids == NULL) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		rc = wt_event_parse(&d->events[i], commits[i].message, err);
		if (rc < 0)
			goto fail;
		d->n_events++;
		memcpy(d->commit_ids[i], commits[i].oid, sizeof(d->commit_ids[i]));
		d->views[i].action = d->events[i].action;
		d->views[i].from = d->events[i].from;
		d->views[i].to = d->events[i].to;
		d->views[i].actor = d->events[i].actor;
		d->views[i].role = d->events[i].role;
		/* A decision counts from when it took effect (act --ingang). */
		d->views[i].time = d->events[i].start ? d->events[i].start : d->events[i].time;
	}
	wt_audit_commits_free(commits, n);
	*out = d;
	return 0;
fail:
	wt_audit_commits_free(commits, n);
	wt_dossier_free(d);
	return rc;
}

void wt_dossier_free(wt_dossier *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n_events; i++)
		wt_event_release(&d->events[i]);
	free(d->events);
	free(d->views);
	free(d->commit_ids);
	wt_workflow_free(d->wf);
	wt_status_release(&d->status);
	free(d);
}

void wt_dossier_view(const wt_dossier *d, wt_case_view *cv)
{
	memset(cv, 0, sizeof(*cv));
	cv->wf = d->wf;
	cv->state = d->status.state;
	cv->spoed = d->status.spoed;
	cv->kindermishandeling = d->status.kindermishandeling;
	cv->gevaar_onderbouwd = d->status.gevaar_onderbouwd;
	cv->submitter = d->status.submitter;
	cv->submitter_org = d->status.submitter_org;
	cv->events = d->views;
	cv->n_events = d->n_events;
}

int wt_dossier_head_agrees(wt_app *app, const wt_dossier *d, char journal_head[WT_OID_HEX + 1])
{
	char head[WT_OID_HEX + 1], journal[WT_OID_HEX + 1], mark[WT_OID_HEX + 1];
	wt_case_row row;
	wt_error e;

	wt_error_clear(&e);
	if (wt_store_case_get(app->store, d->id, &row, &e) != 0 || strcmp(row.head, d->head) == 0)
		return 1;
	/* A writer between its journal entry and the index (or done since the ref was read) is
	 * no damage: only an index caught up with the journal that still differs from the ref. */
	if (wt_audit_journal_head(app->audit, journal, &e) < 0 ||
	    wt_store_meta_get(app->store, WT_APP_META_JOURNAL, mark, sizeof(mark), &e) != 0 ||
	    strcmp(journal, mark) != 0)
		return 1;
	if (wt_audit_head(app->audit, d->id, head, &e) != 0 ||
	    wt_store_case_get(app->store, d->id, &row, &e) != 0)
		return 1;
	if (journal_head != NULL)
		wt_strlcpy(journal_head, row.head, WT_OID_HEX + 1);
	return strcmp(row.head, head) == 0;
}

/* 1 when `ancestor` is on the first-parent chain of commit `head` (reads that chain). */
static int on_chain(wt_app *app, const char *head, const char *ancestor)
{
	wt_audit_commit *c = NULL;
	size_t n = 0, i;
	int found = 0;
	wt_error e;

	if (wt_audit_history(app->audit, head, NULL, &c, &n, &e) < 0)
		return 0;
	for (i = 0; i < n && !found; i++)
		found = strcmp(c[i].oid, ancestor) == 0;
	wt_audit_commits_free(c, n);
	return found;
}

wt_ref_place wt_app_ref_place(wt_app *app, const char *ref, const char *journal)
{
	if (strcmp(ref, journal) == 0)
		return WT_REF_SAME;
	if (on_chain(app, journal, ref))
		return WT_REF_BEHIND;
	if (on_chain(app, ref, journal))
		return WT_REF_AHEAD;
	return WT_REF_OTHER;
}
