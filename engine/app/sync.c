/* sync.c: keeping the index derived from the audit repository: catch-up and reindex. */
#include "app.h"
#include "core/fault.h"

#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define META_JOURNAL "journaal_kop"

/* Reads and parses status.yaml at a commit. */

int wt_app_read_status(wt_app *app, const char *commit, wt_status *st, wt_error *err)
{
	wt_doc *doc = NULL;
	int rc = wt_app_read_doc(app, commit, "status.yaml", &doc, err);

	if (rc == 0)
		rc = wt_status_parse(st, doc, err);
	wt_doc_free(doc);
	return rc;
}

static int copy_field(char *dst, size_t size, const char *src, wt_error *err)
{
	if (wt_strlcpy(dst, src, size) < 0)
		return wt_error_set(err, WT_EINTEGRITY, "waarde_te_lang", "Een waarde in het dossier is te lang.");
	return 0;
}

int wt_app_case_row(const char *case_id, const char *head, const wt_status *st,
		    const char *workflow_blob, wt_case_row *row, wt_error *err)
{
	memset(row, 0, sizeof(*row));
	if (copy_field(row->id, sizeof(row->id), case_id, err) < 0 ||
	    copy_field(row->city, sizeof(row->city), st->city, err) < 0 ||
	    copy_field(row->state, sizeof(row->state), st->state, err) < 0 ||
	    copy_field(row->submitter, sizeof(row->submitter), st->submitter, err) < 0 ||
	    copy_field(row->submitter_org, sizeof(row->submitter_org), st->submitter_org, err) < 0 ||
	    copy_field(row->aard, sizeof(row->aard), st->aard, err) < 0 ||
	    copy_field(row->workflow_version, sizeof(row->workflow_version), st->workflow_version, err) < 0 ||
	    copy_field(row->head, sizeof(row->head), head, err) < 0 ||
	    copy_field(row->workflow_blob, sizeof(row->workflow_blob), workflow_blob, err) < 0)
		return -WT_EINTEGRITY;
	row->terminal = st->terminal;
	row->deadline = st->deadline;
	row->spoed = st->spoed;
	row->events = st->seq;
	row->created = st->created;
	row->updated = st->updated;
	row->state_entered = st->state_entered;
	row->warned = st->warned;
	row->escalated = st->escalated;
	return 0;
}

const char *wt_app_case_row_diff(const wt_case_row *a, const wt_case_row *b)
{
	if (strcmp(a->city, b->city) != 0)
		return "city";
	if (strcmp(a->state, b->state) != 0)
		return "state";
	if ((a->terminal != 0) != (b->terminal != 0))
		return "terminal";
	if (a->deadline != b->deadline)
		return "deadline";
	if ((a->spoed != 0) != (b->spoed != 0))
		return "spoed";
	if (strcmp(a->submitter, b->submitter) != 0)
		return "submitter";
	if (strcmp(a->submitter_org, b->submitter_org) != 0)
		return "submitter_org";
	if (strcmp(a->aard, b->aard) != 0)
		return "aard";
	if (strcmp(a->workflow_version, b->workflow_version) != 0)
		return "workflow_version";
	if (strcmp(a->head, b->head) != 0)
		return "head";
	if (a->events != b->events)
		return "events";
	if (a->created != b->created)
		return "created";
	if (a->updated != b->updated)
		return "updated";
	if (a->state_entered != b->state_entered)
		return "state_entered";
	if (a->warned != b->warned)
		return "warned";
	if (a->escalated != b->escalated)
		return "escalated";
	if (strcmp(a->workflow_blob, b->workflow_blob) != 0)
		return "workflow_blob";
	return NULL;
}

/* Indexes the commits of one case from old (exclusive, NULL = root) to new. */
static int index_case(wt_app *app, const char *case_id, const char *old, const char *new_head,
		      wt_error *err)
{
	wt_audit_commit *commits = NULL;
	wt_workflow *pinned = NULL;
	size_t n = 0, i;
	wt_status st;
	wt_case_row row;
	char wf_blob[WT_OID_HEX + 1];
	int rc;

	rc = wt_audit_history(app->audit, new_head, (old && old[0]) ? old : NULL, &commits, &n, err);
	if (rc < 0)
		return rc;
	for (i = 0; rc == 0 && i < n; i++) {
		wt_event ev;
		wt_event_row er;

		rc = wt_event_parse(&ev, commits[i].message, err);
		if (rc < 0)
			break;
		memset(&er, 0, sizeof(er));
		rc = copy_field(er.case_id, sizeof(er.case_id), case_id, err);
		er.seq = ev.seq;
		memcpy(er.commit, commits[i].oid, sizeof(er.commit));
		er.time = ev.time;
		if (rc == 0)
			rc = copy_field(er.actor, sizeof(er.actor), ev.actor, err);
		if (rc == 0)
			rc = copy_field(er.role, sizeof(er.role), ev.role, err);
		if (rc == 0)
			rc = copy_field(er.action, sizeof(er.action), ev.action, err);
		if (rc == 0)
			rc = copy_field(er.from_state, sizeof(er.from_state), ev.from, err);
		if (rc == 0)
			rc = copy_field(er.to_state, sizeof(er.to_state), ev.to, err);
		er.note = ev.note;
		if (rc == 0 && i == 0 && ev.seq == 1) {
			/* The case row must exist before its events (foreign key). */
			memset(&row, 0, sizeof(row));
			copy_field(row.id, sizeof(row.id), case_id, err);
			rc = wt_store_case_put(app->store, &row, err);
		}
		if (rc == 0)
			rc = wt_store_event_put(app->store, &er, err);
		/* The transactional outbox: the event's notifications go in with the event. */
		if (rc == 0)
			rc = wt_app_notify_enqueue(app, case_id, &ev, commits[i].oid, &pinned, err);
		wt_event_release(&ev);
	}
	wt_audit_commits_free(commits, n);
	wt_workflow_free(pinned);
	if (rc < 0)
		return rc;
	rc = wt_app_read_status(app, new_head, &st, err);
	if (rc < 0)
		return rc;
	/* A dossier without a workflow.yaml is damage that verify reports; the row says unknown. */
	if (wt_audit_entry_id(app->audit, new_head, "workflow.yaml", wf_blob, err) != 0)
		wf_blob[0] = '\0';
	wt_error_clear(err);
	rc = wt_app_case_row(case_id, new_head, &st, wf_blob, &row, err);
	wt_status_release(&st);
	if (rc < 0)
		return rc;
	return wt_store_case_put(app->store, &row, err);
}

static int do_sync(wt_app *app, int have_lock, wt_error *err)
{
	char head[WT_OID_HEX + 1], mark[WT_OID_HEX + 1];
	wt_journal_entry *entries = NULL;
	size_t n = 0, i;
	int rc, locked = 0;

	rc = wt_audit_journal_head(app->audit, head, err);
	if (rc < 0)
		return rc;
	rc = wt_store_meta_get(app->store, META_JOURNAL, mark, sizeof(mark), err);
	if (rc < 0)
		return rc;
	if (rc == 1)
		mark[0] = '\0';
	if (strcmp(head, mark) == 0)
		return 0;
	/* The index lags: take the writer lock, which first completes any half-recorded event. */
	if (!have_lock) {
		rc = wt_audit_lock(app->audit, err);
		if (rc < 0)
			return rc;
		locked = 1;
	}
	rc = wt_audit_journal_head(app->audit, head, err);
	if (rc == 0)
		rc = wt_store_begin(app->store, err);
	if (rc < 0)
		goto done;
	rc = wt_store_meta_get(app->store, META_JOURNAL, mark, sizeof(mark), err);
	if (rc == 1) {
		mark[0] = '\0';
		rc = 0;
	}
	if (rc == 0 && strcmp(head, mark) != 0) {
		rc = wt_audit_journal(app->audit, head, mark[0] ? mark : NULL, &entries, &n, err);
		if (rc < 0 && err->code == WT_EINTEGRITY)
			wt_error_set(err, WT_EINTEGRITY, "index_hoort_niet_bij_audit",
				     "De index past niet bij het journaal van de audit-repository; draai "
				     "'weegteam verify' en daarna 'weegteam reindex'.");
		for (i = 0; rc == 0 && i < n; i++)
			rc = index_case(app, entries[i].case_id, entries[i].old_head,
					entries[i].new_head, err);
		if (rc == 0)
			rc = wt_store_meta_set(app->store, META_JOURNAL, head, err);
		WT_FAULT("tijdens-index");
	}
	if (rc == 0)
		rc = wt_store_commit(app->store, err);
	else
		wt_store_rollback(app->store);
done:
	free(entries);
	if (locked)
		wt_audit_unlock(app->audit);
	return rc;
}

int wt_app_sync(wt_app *app, wt_error *err)
{
	return do_sync(app, 0, err);
}

int wt_app_sync_locked(wt_app *app, wt_error *err)
{
	return do_sync(app, 1, err);
}

struct reindex_ctx {
	wt_app *app;
	wt_error *err;
	size_t cases;
	int rc;
};

static int reindex_one(const char *case_id, const char *head, void *payload)
{
	struct reindex_ctx *c = payload;

	c->rc = index_case(c->app, case_id, NULL, head, c->err);
	if (c->rc == 0)
		c->cases++;
	if (c->rc == 0)
		c->rc = wt_audit_walk_step(c->app->audit, c->err);
	WT_FAULT("tijdens-reindex");
	return c->rc < 0 ? 1 : 0;
}

int wt_app_reindex(wt_app *app, size_t *n_cases, size_t *n_events, wt_error *err)
{
	char head[WT_OID_HEX + 1];
	struct reindex_ctx c = {app, err, 0, 0};
	int rc;

	*n_cases = 0;
	*n_events = 0;
	rc = wt_audit_lock(app->audit, err);
	if (rc < 0)
		return rc;
	rc = wt_audit_journal_head(app->audit, head, err);
	if (rc == 0)
		rc = wt_store_begin(app->store, err);
	if (rc < 0) {
		wt_audit_unlock(app->audit);
		return rc;
	}
	rc = wt_store_clear(app->store, err);
	app->rebuilding = 1;
	/* Every commit and status.yaml is read once: libgit2's object cache would only fill up
	 * (measured at 30,000 cases: 99 -> 59 MB peak, same speed). */
	wt_audit_cache(0);
	if (rc == 0)
		rc = wt_audit_cases(app->audit, reindex_one, &c, NULL, err);
	wt_audit_cache(1);
	app->rebuilding = 0;
	if (rc == 0)
		rc = c.rc;
	if (rc == 0)
		rc = wt_store_meta_set(app->store, META_JOURNAL, head, err);
	if (rc == 0)
		rc = wt_store_commit(app->store, err);
	else
		wt_store_rollback(app->store);
	wt_audit_unlock(app->audit);
	if (rc == 0) {
		long cases = 0, events = 0;
		*n_cases = c.cases;
		if (wt_store_count(app->store, &cases, &events, err) == 0)
			*n_events = (size_t)events;
	}
	return rc;
}
