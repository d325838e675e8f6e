/* verify.c: proving the record complete and untouched (SPEC section 6). */
#include "verify_impl.h"

#include "yaml/yaml_load.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wt_problems_add(wt_problems *p, const char *case_id, const char *kind, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->n++;
	if (p->cb)
		p->cb(case_id, kind, msg, p->payload);
}

static int bad_object(const char *oid, const char *what, void *payload)
{
	vctx *v = payload;

	wt_problems_add(&v->out, "", "object",
		"Object %s in de audit-repository is beschadigd of ontbreekt (%s).", oid, what);
	if (v->n_bad == v->cap_bad) {
		size_t cap = v->cap_bad ? v->cap_bad * 2 : 16;
		unsigned char *p = realloc(v->bad, cap * WT_OID_RAW);
		if (p == NULL)
			return 0; /* named above; only the cases that refer to it go unnamed */
		v->bad = p;
		v->cap_bad = cap;
	}
	wt_oid_pack(v->bad + v->n_bad++ * WT_OID_RAW, oid);
	return 0;
}

static int cmp_oid(const void *a, const void *b)
{
	return memcmp(a, b, WT_OID_RAW);
}

/* The place of oid (hex) among the bad objects, or -1 (at once when there are none). */
static long bad_index(const vctx *v, const char *hex)
{
	unsigned char key[WT_OID_RAW];
	const unsigned char *p;

	if (v->n_bad == 0)
		return -1;
	wt_oid_pack(key, hex);
	p = bsearch(key, v->bad, v->n_bad, WT_OID_RAW, cmp_oid);
	return p == NULL ? -1 : (long)((size_t)(p - v->bad) / WT_OID_RAW);
}

/* Names a bad object the case refers to, once per case (what: the document or folder). */
static void bad_in_case(vctx *v, const case_ref *r, const char *hex, const char *commit,
			const char *what)
{
	long k = bad_index(v, hex);

	if (k < 0 || v->bad_named == NULL || v->bad_named[k])
		return;
	v->bad_named[k] = 1;
	wt_problems_add(&v->out, r->id, "object", "%s (object %s) in commit %.12s is beschadigd of ontbreekt.", what,
		hex, commit);
}

static int collect_ref(const char *case_id, const char *head, void *payload)
{
	vctx *v = payload;
	case_ref *r;

	if (v->n_refs == v->cap_refs) {
		size_t cap = v->cap_refs ? v->cap_refs * 2 : 64;
		case_ref *p = realloc(v->refs, cap * sizeof(*p));
		if (p == NULL)
			return 1;
		v->refs = p;
		v->cap_refs = cap;
	}
	r = &v->refs[v->n_refs++];
	memset(r, 0, sizeof(*r));
	wt_strlcpy(r->id, case_id, sizeof(r->id));
	wt_oid_pack(r->head, head);
	r->has_ref = 1;
	return 0;
}

void wt_app_foreign_ref(const char *name, int packed, void *problems)
{
	wt_problems_add(problems, "", "refs",
			"Onbekende ref %s%s in de audit-repository: weegteam schrijft alleen refs/dossiers/ en "
			"%s. Plain git zou deze ref volgen en kan daarmee een andere geschiedenis tonen dan "
			"weegteam vastlegde (refs/replace/ vervangt commits in git log en git show, "
			"refs/notes/ voegt tekst toe).",
			name, packed ? " (in packed-refs)" : "", WT_AUDIT_JOURNAL_REF);
}

void wt_app_foreign_file(const char *path, void *problems)
{
	if (strcmp(path, "HEAD") == 0)
		wt_problems_add(problems, "", "refs",
				"HEAD van de audit-repository is geen symbolische ref: plain git (git log) toont "
				"dan de geschiedenis van de commit waar HEAD naar wijst.");
	else
		wt_problems_add(problems, "", "repository",
				"%s staat in de audit-repository: weegteam maakt dit bestand nooit. Plain git "
				"(git log, git show) zou daarmee een andere geschiedenis tonen dan de objecten "
				"bevatten, of objecten van buiten de audit-repository lezen.",
				path);
}

static int split_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p = list;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && strncmp(p, item, n) == 0)
			return 1;
		if (c == NULL)
			break;
		p = c + 1;
	}
	return 0;
}

/* What verify takes from one commit's tree in one walk: the blob paths, as "\npath\npath\n",
 * and the ids of the two files at the root it reads. */
typedef struct tree_scan {
	wt_buf listing;
	char status[WT_OID_HEX + 1]; /* "" when absent */
	char workflow[WT_OID_HEX + 1];
	int rc;                      /* the walk's result: < 0 when a tree did not read */
	vctx *v;                     /* with case and commit: to name the bad objects met */
	const case_ref *r;
	const char *commit;
} tree_scan;

static int scan_entry(const char *path, const char *blob, void *payload)
{
	tree_scan *t = payload;
	char what[512];

	if (t->v != NULL && t->v->n_bad > 0 && bad_index(t->v, blob) >= 0) {
		snprintf(what, sizeof(what), "Document %s", path);
		bad_in_case(t->v, t->r, blob, t->commit, what);
	}

	if (strcmp(path, "status.yaml") == 0)
		wt_strlcpy(t->status, blob, sizeof(t->status));
	else if (strcmp(path, "workflow.yaml") == 0)
		wt_strlcpy(t->workflow, blob, sizeof(t->workflow));
	return (wt_buf_addstr(&t->listing, path) < 0 || wt_buf_addch(&t->listing, '\n') < 0) ? 1 : 0;
}

/*
 * Walks a commit's tree once (without reading any blob). The listing is what
 * wt_audit_tree_paths gave: it ends where a tree did not read.
 */
static void scan_tree(wt_app *app, const char *tree, const char *commit, tree_scan *t)
{
	wt_error e;

	t->commit = commit;
	if (t->v != NULL && t->v->n_bad > 0)
		bad_in_case(t->v, t->r, tree, commit, "De map van het dossier");
	wt_buf_reset(&t->listing);
	wt_buf_addch(&t->listing, '\n');
	t->status[0] = '\0';
	t->workflow[0] = '\0';
	t->rc = wt_audit_tree_entries(app->audit, tree, scan_entry, t, &e);
}

static int tree_has(const wt_buf *listing, const char *path)
{
	size_t n = strlen(path);
	const char *p = listing->data;

	while (p != NULL && (p = strstr(p, path)) != NULL) {
		if (p > listing->data && p[-1] == '\n' && p[n] == '\n')
			return 1;
		p += n;
	}
	return 0;
}

/*
 * The pinned workflow of the commit, parsed once per distinct blob (borrowed from the cache, or
 * owned by the caller via *owned when the cache is full). t is the commit's tree walk: when it
 * read to the end, the blob id comes from it; otherwise from a lookup of its own (as before the
 * walk existed, so a damaged subtree does not hide the workflow). 0 or an error.
 */
static int pinned_workflow(vctx *v, const char *commit, const tree_scan *t, wt_workflow **out,
			   int *owned, wt_error *e)
{
	char blob[WT_OID_HEX + 1];
	int rc = 0;

	*out = NULL;
	*owned = 0;
	if (t->rc == 0) {
		wt_strlcpy(blob, t->workflow, sizeof(blob));
		rc = blob[0] ? 0 : 1;
	} else {
		rc = wt_audit_entry_id(v->app->audit, commit, "workflow.yaml", blob, e);
	}
	if (rc == 1)
		return wt_error_set(e, WT_EINTEGRITY, "document_ontbreekt",
				    "workflow.yaml ontbreekt in commit %.12s van het dossier.", commit);
	if (rc < 0)
		return rc;
	*out = wt_wf_cache_get(&v->wfs, blob);
	if (*out != NULL)
		return 0;
	rc = wt_app_read_workflow(v->app, commit, out, e);
	if (rc < 0)
		return rc;
	*owned = wt_wf_cache_put(&v->wfs, blob, *out);
	return 0;
}

/*
 * status.yaml of the commit: read by the id its tree walk found (what wt_app_read_status reads,
 * with the same errors), or through wt_app_read_status itself when the walk did not finish.
 */
static int read_status(wt_app *app, const char *commit, const tree_scan *t, wt_status *st,
		       wt_error *e)
{
	wt_doc *doc = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (t->rc < 0)
		return wt_app_read_status(app, commit, st, e);
	if (t->status[0] == '\0')
		return wt_error_set(e, WT_EINTEGRITY, "document_ontbreekt",
				    "%s ontbreekt in commit %.12s van het dossier.", "status.yaml", commit);
	rc = wt_audit_read_blob(app->audit, t->status, &data, &len, e);
	if (rc == 0)
		rc = wt_yaml_load_record(&doc, "status.yaml", data, len, e);
	free(data);
	if (rc == 0)
		rc = wt_status_parse(st, doc, e);
	wt_doc_free(doc);
	return rc;
}

/* Replays one case's chain against its pinned workflow. */
static void check_case(vctx *v, case_ref *r)
{
	wt_app *app = v->app;
	wt_audit_commit *c = NULL;
	size_t n = 0, i, k;
	wt_event *ev = NULL;
	wt_event_view *views = NULL;
	wt_workflow *wf = NULL;
	wt_status first, st;
	char state[64] = "", head[WT_OID_HEX + 1];
	static const char *const required[] = {"verzoek.yaml", "workflow.yaml", "status.yaml", "checklist.json"};
	wt_error e, first_err;
	tree_scan t;
	int have_first = 0, have_last = 0, wf_owned = 0;
	char first_workflow[WT_OID_HEX + 1] = "";
	int cur_spoed = 0, cur_kind = 0, cur_gevaar = 0, next_spoed = 0, next_kind = 0, next_gevaar = 0;

	memset(&t, 0, sizeof(t));
	wt_buf_init(&t.listing, 0);
	t.v = v;
	t.r = r;
	if (v->bad_named != NULL)
		memset(v->bad_named, 0, v->n_bad);

	wt_error_clear(&e);
	wt_error_clear(&first_err);
	wt_oid_unpack(head, r->head);
	if (wt_audit_history(app->audit, head, NULL, &c, &n, &e) < 0) {
		wt_problems_add(&v->out, r->id, "keten", "De geschiedenis is onleesbaar: %s", e.message);
		return;
	}
	ev = calloc(n ? n : 1, sizeof(*ev));
	views = calloc(n ? n : 1, sizeof(*views));
	if (ev == NULL || views == NULL)
		goto done;
	/* Each commit's tree and status.yaml are read once: the submission's before the loop (its
	 * workflow and status serve the whole replay), the others in turn. */
	if (n > 0)
		scan_tree(app, c[0].tree, c[0].oid, &t);
	if (n > 0 && t.rc == 0)
		wt_strlcpy(first_workflow, t.workflow, sizeof(first_workflow));
	if (n > 0 && pinned_workflow(v, c[0].oid, &t, &wf, &wf_owned, &e) < 0) {
		wt_problems_add(&v->out, r->id, "workflow", "De vastgelegde workflow is onleesbaar: %s", e.message);
		goto done;
	}
	if (n > 0 && read_status(app, c[0].oid, &t, &first, &e) == 0)
		have_first = 1;
	else
		first_err = e;
	for (i = 0; i < n; i++) {
		const wt_wf_action *a = NULL;
		const char *role = NULL;
		wt_actor actor;
		const char *roles[16];
		char rolebuf[256];
		char *p;
		wt_case_view cv;

		if ((i == 0 && c[i].n_parents != 0) || (i > 0 && (c[i].n_parents != 1 ||
								  strcmp(c[i].parent, c[i - 1].oid) != 0))) {
			wt_problems_add(&v->out, r->id, "keten", "Commit %.12s heeft niet precies één ouder in de keten.", c[i].oid);
			goto done;
		}
		if (wt_event_parse(&ev[i], c[i].message, &e) < 0) {
			wt_problems_add(&v->out, r->id, "gebeurtenis", "Commit %.12s: %s", c[i].oid, e.message);
			goto done;
		}
		if (strcmp(ev[i].case_id, r->id) != 0 || ev[i].seq != (long)i + 1)
			wt_problems_add(&v->out, r->id, "gebeurtenis",
				"Commit %.12s hoort bij dossier %s volgnummer %ld, niet bij volgnummer %zu van dit dossier.",
				c[i].oid, ev[i].case_id, ev[i].seq, i + 1);
		if (i > 0) {
			scan_tree(app, c[i].tree, c[i].oid, &t);
			/* show and act follow the head's workflow.yaml, the replay the submission's:
			 * an event never changes it. */
			if (t.rc == 0 && t.workflow[0] != '\0' && strcmp(t.workflow, first_workflow) != 0)
				wt_problems_add(&v->out, r->id, "workflow",
					"Commit %.12s vervangt de vastgelegde workflow.yaml van het dossier.",
					c[i].oid);
		}
		for (k = 0; k < sizeof(required) / sizeof(required[0]); k++)
			if (!tree_has(&t.listing, required[k]))
				wt_problems_add(&v->out, r->id, "onvolledig", "Commit %.12s mist %s.", c[i].oid, required[k]);
		if (ev[i].document[0] && !tree_has(&t.listing, ev[i].document))
			wt_problems_add(&v->out, r->id, "onvolledig", "Commit %.12s mist het document %s.", c[i].oid, ev[i].document);
		/* The submission's status.yaml was read before the loop (as `first`). */
		if (i == 0 ? have_first : read_status(app, c[i].oid, &t, &st, &e) == 0) {
			const wt_status *s = i == 0 ? &first : &st;
			if (s->seq != ev[i].seq || strcmp(s->state, ev[i].to) != 0)
				wt_problems_add(&v->out, r->id, "status",
					"status.yaml in commit %.12s past niet bij de gebeurtenis.", c[i].oid);
			/* The guards of the next event judge the dossier as it is after this one
			 * (a revised verzoek changes criterion (iii) and the kind of violence). */
			next_spoed = s->spoed;
			next_kind = s->kindermishandeling;
			next_gevaar = s->gevaar_onderbouwd;
			/* The head's status stays for the comparison with the index row. */
			if (i > 0 && i + 1 == n)
				have_last = 1;
			else if (i > 0)
				wt_status_release(&st);
		} else if (tree_has(&t.listing, "status.yaml")) {
			/* There but not readable as a status (a missing one is reported above). */
			wt_problems_add(&v->out, r->id, "status", "status.yaml in commit %.12s is onleesbaar: %s", c[i].oid,
				i == 0 ? first_err.message : e.message);
		}
		/* Replay: the actor's roles then, as recorded. */
		wt_strlcpy(rolebuf, ev[i].roles, sizeof(rolebuf));
		memset(&actor, 0, sizeof(actor));
		actor.id = ev[i].actor;
		actor.organisatie = (i == 0 && have_first) ? first.submitter_org : "";
		for (p = rolebuf; *p && actor.n_roles < 16;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			roles[actor.n_roles++] = p;
			if (!comma)
				break;
			p = comma + 1;
		}
		actor.roles = roles;
		if (!split_has(ev[i].roles, ev[i].role))
			wt_problems_add(&v->out, r->id, "rol", "Gebeurtenis %ld: %s handelde als %s zonder die rol te hebben.",
				ev[i].seq, ev[i].actor, ev[i].role);
		if (wf == NULL)
			continue;
		if (i > 0 && wt_event_is_system(ev[i].action)) {
			/* tick's note of a deadline: the state stays, weegteam itself is the actor. */
			if (strcmp(ev[i].from, state) != 0 || strcmp(ev[i].to, state) != 0 ||
			    strcmp(ev[i].actor, WT_SYSTEM_ACTOR) != 0 || strcmp(ev[i].role, WT_SYSTEM_ROLE) != 0 ||
			    strcmp(ev[i].roles, WT_SYSTEM_ROLE) != 0)
				wt_problems_add(&v->out, r->id, "ongeldige_stap",
					"Gebeurtenis %ld (%s) is geen geldige termijnmelding: die laat de status "
					"ongemoeid en is van weegteam zelf.", ev[i].seq, ev[i].action);
		} else if (i == 0) {
			if (strcmp(ev[i].action, "indienen") != 0 || ev[i].from[0] != '\0' ||
			    (!have_first && strcmp(ev[i].to, wf->begin) != 0) ||
			    (have_first && (wt_workflow_begin_for(wf, first.submitter_org) == NULL ||
					    strcmp(ev[i].to, wt_workflow_begin_for(wf, first.submitter_org)) != 0)) ||
			    (have_first && wt_machine_check_submit(wf, &actor, first.submitter_org, &role, &e) < 0))
				wt_problems_add(&v->out, r->id, "ongeldige_stap", "De indiening past niet bij de workflow.");
		} else {
			memset(&cv, 0, sizeof(cv));
			cv.wf = wf;
			cv.state = state;
			cv.events = views;
			cv.n_events = i;
			cv.spoed = cur_spoed;
			cv.kindermishandeling = cur_kind;
			cv.gevaar_onderbouwd = cur_gevaar;
			if (have_first) {
				cv.submitter = first.submitter;
				cv.submitter_org = first.submitter_org;
			}
			if (strcmp(ev[i].from, state) != 0 ||
			    wt_machine_check(&cv, &actor, ev[i].action, ev[i].note != NULL,
					     ev[i].document[0] != '\0', &a, &role, &e) < 0 ||
			    strcmp(a->naar, ev[i].to) != 0 || strcmp(role, ev[i].role) != 0)
				wt_problems_add(&v->out, r->id, "ongeldige_stap",
					"Gebeurtenis %ld (%s van %s naar %s door %s) is geen geldige stap van de "
					"vastgelegde workflow%s%s.",
					ev[i].seq, ev[i].action, ev[i].from, ev[i].to, ev[i].actor,
					e.message[0] ? ": " : "", e.message);
		}
		wt_strlcpy(state, ev[i].to, sizeof(state));
		cur_spoed = next_spoed;
		cur_kind = next_kind;
		cur_gevaar = next_gevaar;
		views[i].action = ev[i].action;
		views[i].from = ev[i].from;
		views[i].to = ev[i].to;
		views[i].actor = ev[i].actor;
		views[i].role = ev[i].role;
		views[i].time = ev[i].start ? ev[i].start : ev[i].time;
		if (ev[i].start != 0 && (ev[i].start > ev[i].time || (i > 0 && ev[i].start < ev[i - 1].time)))
			wt_problems_add(&v->out, r->id, "ingang",
				"Gebeurtenis %ld heeft een ingang na het vastleggen of voor de vorige gebeurtenis.",
				ev[i].seq);
		wt_error_clear(&e);
	}
	/* The index must agree with the chain. Its rows come from one ordered pass over the
	 * index (cases are checked in id order), or per case when that pass could not start. */
	{
		wt_case_row row;
		wt_event_row *rows = NULL;
		size_t nrows = 0;
		int got, have_rows;

		if (v->scan != NULL) {
			got = wt_store_scan_case(v->scan, r->id, &row, &rows, &nrows, &e);
			have_rows = got == 0;
			if (got == 2)
				got = 0;
		} else {
			got = wt_store_case_get(app->store, r->id, &row, &e);
			have_rows = got == 0 && wt_store_events(app->store, r->id, &rows, &nrows, &e) == 0;
		}
		if (got == 1) {
			wt_problems_add(&v->out, r->id, "index", "Het dossier ontbreekt in de index.");
		} else if (got == 0) {
			const wt_status *hs = have_last ? &st : (n == 1 && have_first) ? &first : NULL;
			const char *field = NULL;
			wt_case_row want;

			r->in_index = 1;
			/* A ref that differs from the journal is reported above; reindex gives the
			 * index the journal's head of such a case, not the ref's chain. */
			if (r->ref_off) {
				/* nothing to compare with the ref's chain */
			} else if (strcmp(row.head, head) != 0 || row.events != (long)n || strcmp(row.state, state) != 0)
				wt_problems_add(&v->out, r->id, "index",
					"De index wijkt af van de audit-repository (kop, aantal gebeurtenissen of status).");
			/* Every other column as reindex would write it: queue lists, and tick warns, by
			 * these (a row unknown since before schema 4 has no workflow_blob yet). */
			else if (hs != NULL && t.rc == 0 &&
				 wt_app_case_row(r->id, head, hs, t.workflow, &want, &e) == 0) {
				if (row.workflow_blob[0] == '\0')
					wt_strlcpy(row.workflow_blob, want.workflow_blob, sizeof(row.workflow_blob));
				field = wt_app_case_row_diff(&row, &want);
				if (field != NULL)
					wt_problems_add(&v->out, r->id, "index",
						"De index wijkt af van de audit-repository in kolom '%s' van het dossier.",
						field);
			}
			wt_error_clear(&e);
			if (have_rows && r->ref_off) {
				wt_store_events_free(rows, nrows);
			} else if (have_rows) {
				if (nrows != n)
					wt_problems_add(&v->out, r->id, "index", "De index heeft %zu gebeurtenissen, de audit-repository %zu.",
						nrows, n);
				for (k = 0; k < nrows && k < n; k++)
					if (rows[k].seq != ev[k].seq || strcmp(rows[k].commit, c[k].oid) != 0 ||
					    strcmp(rows[k].action, ev[k].action) != 0 ||
					    strcmp(rows[k].from_state, ev[k].from) != 0 ||
					    strcmp(rows[k].to_state, ev[k].to) != 0 ||
					    strcmp(rows[k].actor, ev[k].actor) != 0 || rows[k].time != ev[k].time ||
					    strcmp(rows[k].role, ev[k].role) != 0 ||
					    strcmp(rows[k].note ? rows[k].note : "", ev[k].note ? ev[k].note : "") != 0)
						wt_problems_add(&v->out, r->id, "index",
							"Gebeurtenis %ld in de index wijkt af van de audit-repository.",
							rows[k].seq);
				wt_store_events_free(rows, nrows);
			}
		}
	}
done:
	wt_buf_release(&t.listing);
	if (have_first)
		wt_status_release(&first);
	if (have_last)
		wt_status_release(&st);
	for (i = 0; ev && i < n; i++)
		wt_event_release(&ev[i]);
	free(ev);
	free(views);
	if (wf_owned)
		wt_workflow_free(wf);
	wt_audit_commits_free(c, n);
}

static int index_case_seen(const wt_case_row *row, void *payload)
{
	vctx *v = payload;
	case_ref *r = verify_find_ref(v, row->id);

	if (r == NULL)
		wt_problems_add(&v->out, row->id, "verdwenen",
			"Het dossier staat in de index maar niet (meer) in de audit-repository.");
	return 0;
}

int wt_app_verify(wt_app *app, wt_problem_cb cb, void *payload, size_t *n_problems, wt_error *err)
{
	vctx v;
	size_t i;
	wt_error e;
	char head[WT_OID_HEX + 1], mark[WT_OID_HEX + 1];
	long bad_line = 0;
	int index_stale = 0;

	memset(&v, 0, sizeof(v));
	v.app = app;
	v.out.cb = cb;
	v.out.payload = payload;
	v.err = err;
	wt_error_clear(&e);
	/* Hold the writer lock: a writer in flight (journal written, ref not yet moved) must not
	 * look like tampering. Taking it also completes an event a killed writer left half done. */
	if (wt_audit_lock(app->audit, err) < 0)
		return -(int)err->code;
	/* The catch-up of the index every other command does when it opens, here under the lock.
	 * An index that cannot follow the journal (the journal rewound, deleted or rewritten, or
	 * the index's mark edited) is a finding like the others, not the end of verify: the
	 * checks below name the cases. */
	if (wt_app_sync_locked(app, &e) < 0) {
		if (e.code != WT_EINTEGRITY) {
			*err = e;
			wt_audit_unlock(app->audit);
			return -(int)err->code;
		}
		/* sync's own text for this case sends the reader to verify: not repeated here. */
		int general = strcmp(e.key, "index_hoort_niet_bij_audit") == 0;

		index_stale = 1;
		wt_problems_add(&v.out, "", "index",
			"De index kan niet worden bijgewerkt uit het journaal%s%s%s: het journaal is "
			"ingekort, teruggezet of herschreven, of de index is bewerkt. De meldingen "
			"hieronder noemen de dossiers; 'weegteam reindex' bouwt de index daarna opnieuw "
			"op uit de audit-repository.",
			general ? "" : " (", general ? "" : e.message, general ? "" : ")");
	}
	wt_error_clear(&e);
	/* Every object, and then every commit, tree and status.yaml of the cases, is read once:
	 * libgit2's object cache would only grow. */
	wt_audit_cache(0);
	/* First every object, through pack handles of its own, one pack at a time. Not on a
	 * thread beside the case walk: both map pack indexes and windows and keep delta bases,
	 * and side by side they came to 95-100 MB at 100,000 cases against 79 MB one after the
	 * other (58 MB with the releases since), for about a third more time (README,
	 * Benchmark). */
	if (wt_audit_check_objects(app->audit, bad_object, &v, &e) < 0)
		wt_problems_add(&v.out, "", "object", "De objecten konden niet worden gecontroleerd: %s", e.message);
	wt_error_clear(&e);
	if (v.n_bad > 0) {
		qsort(v.bad, v.n_bad, WT_OID_RAW, cmp_oid);
		v.bad_named = calloc(v.n_bad, 1);
	}
	if (wt_audit_foreign_files(app->audit, wt_app_foreign_file, &v.out, &e) < 0)
		wt_problems_add(&v.out, "", "repository", "%s", e.message);
	wt_error_clear(&e);
	if (wt_audit_cases_others(app->audit, collect_ref, &v, &bad_line, wt_app_foreign_ref, &v.out, err) < 0) {
		wt_audit_cache(1);
		wt_audit_unlock(app->audit);
		free(v.refs);
		free(v.bad);
		free(v.bad_named);
		return -(int)err->code;
	}
	if (v.n_refs > 0) {
		case_ref *fit = realloc(v.refs, v.n_refs * sizeof(*v.refs));
		if (fit != NULL) /* the doubling's spare room goes (up to as much again) */
			v.refs = fit;
		qsort(v.refs, v.n_refs, sizeof(*v.refs), verify_cmp_ref);
	}
	/* packed-refs in the order its readers rely on (they search it by halves). */
	if (bad_line != 0)
		wt_problems_add(&v.out, "", "refs",
			"packed-refs van de audit-repository is niet gesorteerd of heeft een onbekende "
			"regel (regel %ld): git en weegteam kunnen er dossiers in missen.",
			bad_line);
	verify_check_journal(&v);
	verify_check_counters(&v);
	if (wt_store_scan_open(app->store, &v.scan, &e) < 0)
		v.scan = NULL;
	for (i = 0; i < v.n_refs; i++) {
		if (!v.refs[i].in_journal)
			wt_problems_add(&v.out, v.refs[i].id, "onbekend",
				"De ref refs/dossiers/%s staat niet in het journaal: buiten weegteam aangemaakt of "
				"het journaal is ingekort.",
				v.refs[i].id);
		check_case(&v, &v.refs[i]);
		/* libgit2's mapped indexes and delta-base caches of the packs read so far go. */
		if (wt_audit_walk_step(app->audit, &e) < 0)
			wt_problems_add(&v.out, "", "intern", "De audit-repository kon niet opnieuw worden geopend: %s",
				e.message);
	}
	wt_store_scan_free(v.scan);
	v.scan = NULL;
	if (wt_store_cases(app->store, index_case_seen, &v, &e) < 0)
		wt_problems_add(&v.out, "", "index", "De index is onleesbaar: %s", e.message);
	if (wt_store_integrity(app->store, &e) < 0)
		wt_problems_add(&v.out, "", "index", "De index is beschadigd: %s", e.message);
	mark[0] = '\0';
	if (wt_audit_journal_head(app->audit, head, &e) == 0 &&
	    wt_store_meta_get(app->store, WT_APP_META_JOURNAL, mark, sizeof(mark), &e) >= 0 &&
	    strcmp(head, mark) != 0 && head[0] != '\0' && !index_stale)
		wt_problems_add(&v.out, "", "index", "De index loopt achter op het journaal; draai 'weegteam reindex'.");
	wt_audit_cache(1);
	wt_audit_unlock(app->audit);
	free(v.refs);
	free(v.ghosts);
	free(v.ghost_slots);
	free(v.jprobs);
	free(v.bad);
	free(v.bad_named);
	wt_wf_cache_release(&v.wfs);
	*n_problems = v.out.n;
	return 0;
}
