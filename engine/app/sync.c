/* sync.c: keeping the index derived from the audit repository: catch-up and reindex. */
#include "app.h"
#include "core/fault.h"

#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
	rc = wt_store_meta_get(app->store, WT_APP_META_JOURNAL, mark, sizeof(mark), err);
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
	rc = wt_store_meta_get(app->store, WT_APP_META_JOURNAL, mark, sizeof(mark), err);
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
			rc = wt_store_meta_set(app->store, WT_APP_META_JOURNAL, head, err);
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

/*
 * reindex: the index rebuilt from the audit repository, with the journal as the judge of each
 * case's head. A case ref that agrees with the journal's newest entry of its case is indexed as
 * it is; one that does not (rewound, rewritten, or unknown to the journal) is named as something
 * reindex cannot repair, and the index gets the journal's head of that case when it is readable,
 * so that the next act refuses to write on top of the damage instead of losing the journal's
 * events. A case whose history cannot be read is named and left out; the others are indexed.
 */
typedef struct rx_case {
	char id[21]; /* YYYY-CCC-N..., at most 20 characters (dossier.c) */
	unsigned char ref[WT_OID_RAW];     /* the case ref */
	unsigned char journal[WT_OID_RAW]; /* the journal's newest entry's head; zeros: none */
	unsigned char in_journal;
} rx_case;

typedef struct rx_ctx {
	wt_app *app;
	rx_case *cases;
	size_t n, cap;
	char (*gone)[21]; /* cases the journal names but that have no ref */
	size_t n_gone, cap_gone;
	wt_problems out; /* what reindex cannot repair */
	int oom;
} rx_ctx;

static int rx_collect(const char *case_id, const char *head, void *payload)
{
	rx_ctx *c = payload;
	rx_case *r;

	if (strlen(case_id) >= sizeof(c->cases[0].id)) {
		wt_problems_add(&c->out, case_id, "ref", "De naam van deze dossier-ref is te lang voor een dossiernummer.");
		return 0;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		rx_case *p = realloc(c->cases, cap * sizeof(*p));
		if (p == NULL) {
			c->oom = 1;
			return 1;
		}
		c->cases = p;
		c->cap = cap;
	}
	r = &c->cases[c->n++];
	memset(r, 0, sizeof(*r));
	memcpy(r->id, case_id, strlen(case_id) + 1);
	wt_oid_pack(r->ref, head);
	return 0;
}

static int rx_cmp(const void *a, const void *b)
{
	return strcmp(((const rx_case *)a)->id, ((const rx_case *)b)->id);
}

static int rx_cmp_gone(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* One journal entry, newest first: the first one seen of a case is its newest. */
static int rx_journal_entry(const wt_journal_entry *e, void *payload)
{
	rx_ctx *c = payload;
	rx_case key, *r;

	if (wt_strlcpy(key.id, e->case_id, sizeof(key.id)) < 0)
		return 0;
	r = bsearch(&key, c->cases, c->n, sizeof(*c->cases), rx_cmp);
	if (r != NULL && !r->in_journal) {
		r->in_journal = 1;
		wt_oid_pack(r->journal, e->new_head);
	} else if (r == NULL) {
		if (c->n_gone == c->cap_gone) {
			size_t cap = c->cap_gone ? c->cap_gone * 2 : 16;
			char(*p)[21] = realloc(c->gone, cap * sizeof(*p));
			if (p == NULL) {
				c->oom = 1;
				return 1;
			}
			c->gone = p;
			c->cap_gone = cap;
		}
		memcpy(c->gone[c->n_gone++], key.id, sizeof(key.id));
	}
	return 0;
}

/*
 * A ref that differs from the journal's newest head of its case. The index follows the journal,
 * so that nothing is written on top of either until someone decides. Only a ref behind the
 * journal (set back) can be put right by moving it forward, which loses nothing: the command
 * is given then. A ref ahead of the journal means the journal lost entries (a crash never
 * leaves that: the journal is written first); moving the ref back would throw events away.
 */
static void rx_ref_off(rx_ctx *c, const char *id, const char *ref, const char *journal)
{
	wt_ref_place place = wt_app_ref_place(c->app, ref, journal);

	if (place == WT_REF_BEHIND)
		wt_problems_add(&c->out, id, "ref", "De ref staat op %.12s, achter het journaal (%.12s): reindex herstelt "
			   "dat niet; de index volgt het journaal. 'git update-ref refs/dossiers/%s %s' zet de "
			   "ref weer vooruit, zonder iets te verliezen (zie 'weegteam verify').",
			   ref, journal, id, journal);
	else if (place == WT_REF_AHEAD)
		wt_problems_add(&c->out, id, "journaal", "De ref staat op %.12s, verder dan het journaal (%.12s): het "
			   "journaal mist gebeurtenissen van dit dossier (ingekort of teruggezet). reindex "
			   "herstelt dat niet en verandert geen refs; de index volgt het journaal. Zet het "
			   "journaal terug uit een kopie (zie 'weegteam verify').", ref, journal);
	else
		wt_problems_add(&c->out, id, "ref", "De ref staat op %.12s, het journaal op %.12s, en geen van beide "
			   "ligt op de keten van de ander: de geschiedenis is herschreven. reindex herstelt "
			   "dat niet en verandert geen refs; de index volgt het journaal (zie 'weegteam "
			   "verify').", ref, journal);
}

/* Indexes one case from head in a part of the transaction of its own; 1 when it could not be
 * read (named, left out), 0 when indexed, < 0 on an error that stops the rebuild. */
static int rx_index(rx_ctx *c, const char *id, const char *head, wt_error *err)
{
	wt_error e;
	int rc = wt_store_part_begin(c->app->store, err);

	if (rc < 0)
		return rc;
	wt_error_clear(&e);
	rc = index_case(c->app, id, NULL, head, &e);
	if (rc < 0 && e.code != WT_EINTEGRITY) {
		*err = e;
		return rc;
	}
	if (wt_store_part_end(c->app->store, rc == 0, err) < 0)
		return -(int)err->code;
	if (rc < 0) {
		wt_problems_add(&c->out, id, "onleesbaar", "De geschiedenis vanaf %.12s is niet te lezen (%s); het dossier "
			   "staat niet in de index.", head, e.message);
		return 1;
	}
	return 0;
}

int wt_app_reindex(wt_app *app, size_t *n_cases, size_t *n_events, wt_problem_cb cb, void *payload,
		   size_t *n_problems, wt_error *err)
{
	char head[WT_OID_HEX + 1], ref[WT_OID_HEX + 1], journal[WT_OID_HEX + 1];
	rx_ctx c;
	wt_error je;
	size_t i;
	int rc, journal_ok;

	*n_cases = 0;
	*n_events = 0;
	*n_problems = 0;
	memset(&c, 0, sizeof(c));
	c.app = app;
	c.out.cb = cb;
	c.out.payload = payload;
	rc = wt_audit_lock(app->audit, err);
	if (rc < 0)
		return rc;
	rc = wt_audit_journal_head(app->audit, head, err);
	/* Every commit and status.yaml is read once: libgit2's object cache would only fill up
	 * (measured at 30,000 cases: 99 -> 59 MB peak, same speed). */
	wt_audit_cache(0);
	if (rc == 0)
		rc = wt_audit_cases_others(app->audit, rx_collect, &c, NULL, wt_app_foreign_ref, &c.out, err);
	if (rc == 0)
		rc = wt_audit_foreign_files(app->audit, wt_app_foreign_file, &c.out, err);
	if (rc == 0 && c.oom)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (rc == 0 && c.n > 0) {
		/* Give back what doubling left unused (at 100,000 cases about 2 MB). */
		rx_case *fit = realloc(c.cases, c.n * sizeof(*c.cases));
		if (fit != NULL)
			c.cases = fit;
		qsort(c.cases, c.n, sizeof(*c.cases), rx_cmp);
	}
	/* The journal's newest entry per case. A journal that cannot be read to its start leaves
	 * the cases it did not reach to their refs, and is itself something reindex cannot repair. */
	wt_error_clear(&je);
	journal_ok = 1;
	if (rc == 0 && head[0] != '\0' && wt_audit_journal_each(app->audit, head, rx_journal_entry, &c, &je) < 0) {
		if (c.oom || je.code != WT_EINTEGRITY) {
			rc = c.oom ? wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.") : -(int)je.code;
			if (!c.oom)
				*err = je;
		} else {
			journal_ok = 0;
			wt_problems_add(&c.out, "", "journaal", "Het journaal is niet tot het begin te lezen (%s); dossiers "
				   "die het niet bereikte zijn naar hun ref geïndexeerd.", je.message);
		}
	}
	if (rc == 0)
		rc = wt_store_begin(app->store, err);
	if (rc == 0) {
		rc = wt_store_clear(app->store, err);
		app->rebuilding = 1;
		for (i = 0; rc == 0 && i < c.n; i++) {
			const rx_case *r = &c.cases[i];
			const char *use = ref;

			wt_oid_unpack(ref, r->ref);
			wt_oid_unpack(journal, r->journal);
			if (!r->in_journal && journal_ok) {
				wt_problems_add(&c.out, r->id, "onbekend", "De ref staat op %.12s, maar het journaal kent dit "
					   "dossier niet; het staat niet in de index.", ref);
				continue;
			}
			if (r->in_journal && memcmp(r->ref, r->journal, WT_OID_RAW) != 0) {
				rx_ref_off(&c, r->id, ref, journal);
				use = journal;
			}
			rc = rx_index(&c, r->id, use, err);
			if (rc == 1) {
				rc = 0;
				continue;
			}
			if (rc == 0) {
				(*n_cases)++;
				rc = wt_audit_walk_step(app->audit, err);
			}
			WT_FAULT("tijdens-reindex");
		}
		app->rebuilding = 0;
		if (rc == 0)
			rc = wt_store_meta_set(app->store, WT_APP_META_JOURNAL, head, err);
		if (rc == 0)
			rc = wt_store_commit(app->store, err);
		else
			wt_store_rollback(app->store);
	}
	wt_audit_cache(1);
	wt_audit_unlock(app->audit);
	if (rc == 0 && c.n_gone > 0) {
		qsort(c.gone, c.n_gone, sizeof(*c.gone), rx_cmp_gone);
		for (i = 0; i < c.n_gone; i++)
			if (i == 0 || strcmp(c.gone[i], c.gone[i - 1]) != 0)
				wt_problems_add(&c.out, c.gone[i], "verdwenen", "Het journaal kent dit dossier, maar de ref "
					   "refs/dossiers/%s ontbreekt: reindex kan het niet terughalen.", c.gone[i]);
	}
	if (rc == 0) {
		long cases = 0, events = 0;
		if (wt_store_count(app->store, &cases, &events, err) == 0)
			*n_events = (size_t)events;
		*n_problems = c.out.n;
	}
	free(c.cases);
	free(c.gone);
	return rc;
}
