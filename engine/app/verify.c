/* verify.c: proving the record complete and untouched (SPEC section 6). */
#include "app.h"

#include "yaml/yaml_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct case_ref {
	char id[32];
	char head[WT_OID_HEX + 1];
	int in_journal;
	int in_index;
} case_ref;

/* Pinned workflows parsed once per blob: every case of a city pins the same few versions. */
#define WF_CACHE_MAX 32

typedef struct wf_cached {
	char blob[WT_OID_HEX + 1];
	wt_workflow *wf;
} wf_cached;

typedef struct vctx {
	wf_cached wfs[WF_CACHE_MAX];
	size_t n_wfs;
	wt_app *app;
	wt_problem_cb cb;
	void *payload;
	size_t n;
	case_ref *refs;
	size_t n_refs;
	size_t cap_refs;
	wt_error *err;
} vctx;

static void problem(vctx *v, const char *case_id, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(vctx *v, const char *case_id, const char *kind, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v->n++;
	if (v->cb)
		v->cb(case_id, kind, msg, v->payload);
}

static int bad_object(const char *oid, const char *what, void *payload)
{
	problem(payload, "", "object", "Object %s in de audit-repository is beschadigd of ontbreekt (%s).",
		oid, what);
	return 0;
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
	wt_strlcpy(r->head, head, sizeof(r->head));
	return 0;
}

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const case_ref *)a)->id, ((const case_ref *)b)->id);
}

static case_ref *find_ref(vctx *v, const char *id)
{
	case_ref key;

	if (v->n_refs == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	wt_strlcpy(key.id, id, sizeof(key.id));
	return bsearch(&key, v->refs, v->n_refs, sizeof(*v->refs), cmp_ref);
}

/* Journal order per case: sorted by case id, then by position in the journal. */
typedef struct jpos {
	const wt_journal_entry *e;
	size_t pos;
} jpos;

static int cmp_jpos(const void *a, const void *b)
{
	const jpos *x = a, *y = b;
	int c = strcmp(x->e->case_id, y->e->case_id);

	if (c != 0)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* 1 when `ancestor` is on the first-parent chain of `head`. */
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

static void check_journal(vctx *v)
{
	char head[WT_OID_HEX + 1];
	wt_journal_entry *entries = NULL;
	size_t n = 0, i;
	jpos *order;
	wt_error e;

	wt_error_clear(&e);
	if (wt_audit_journal_head(v->app->audit, head, &e) < 0 ||
	    (head[0] && wt_audit_journal(v->app->audit, head, NULL, &entries, &n, &e) < 0)) {
		problem(v, "", "journaal", "Het journaal is onleesbaar: %s", e.message);
		return;
	}
	order = calloc(n ? n : 1, sizeof(*order));
	if (order == NULL) {
		free(entries);
		return;
	}
	for (i = 0; i < n; i++) {
		order[i].e = &entries[i];
		order[i].pos = i;
	}
	if (n > 0)
		qsort(order, n, sizeof(*order), cmp_jpos);
	for (i = 0; i < n; i++) {
		const wt_journal_entry *x = order[i].e;
		int first = i == 0 || strcmp(order[i - 1].e->case_id, x->case_id) != 0;
		int last = i + 1 == n || strcmp(order[i + 1].e->case_id, x->case_id) != 0;
		case_ref *r;

		if (first && (x->old_head[0] != '\0' || x->seq != 1))
			problem(v, x->case_id, "journaal",
				"Het journaal begint dit dossier niet bij de indiening.");
		if (!first && (strcmp(order[i - 1].e->new_head, x->old_head) != 0 ||
			       order[i - 1].e->seq + 1 != x->seq))
			problem(v, x->case_id, "journaal",
				"Het journaal van dit dossier is niet aaneengesloten bij volgnummer %ld.", x->seq);
		if (!last)
			continue;
		r = find_ref(v, x->case_id);
		if (r == NULL) {
			problem(v, x->case_id, "verdwenen",
				"Het dossier staat in het journaal (laatste gebeurtenis %ld, commit %.12s) maar "
				"de ref refs/dossiers/%s ontbreekt: het dossier is verwijderd.",
				x->seq, x->new_head, x->case_id);
			continue;
		}
		r->in_journal = 1;
		if (strcmp(r->head, x->new_head) == 0)
			continue;
		if (on_chain(v->app, x->new_head, r->head))
			problem(v, x->case_id, "teruggezet",
				"De ref staat op %.12s, maar het journaal zegt %.12s (volgnummer %ld): het "
				"dossier is teruggezet en gebeurtenissen ontbreken.",
				r->head, x->new_head, x->seq);
		else
			problem(v, x->case_id, "herschreven",
				"De ref staat op %.12s, maar het journaal zegt %.12s (volgnummer %ld): de "
				"geschiedenis van het dossier is herschreven.",
				r->head, x->new_head, x->seq);
	}
	free(order);
	free(entries);
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

static int collect_path(const char *path, void *payload)
{
	wt_buf *b = payload;

	return (wt_buf_addstr(b, path) < 0 || wt_buf_addch(b, '\n') < 0) ? 1 : 0;
}

/* The blob paths of a commit's tree, as "\npath\npath\n" (without reading any blob). */
static void tree_listing(wt_app *app, const char *commit, wt_buf *out)
{
	wt_error e;

	wt_buf_reset(out);
	wt_buf_addch(out, '\n');
	wt_audit_tree_paths(app->audit, commit, collect_path, out, &e);
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
 * owned by the caller via *owned when the cache is full). 0 or an error.
 */
static int pinned_workflow(vctx *v, const char *commit, wt_workflow **out, int *owned, wt_error *e)
{
	char blob[WT_OID_HEX + 1];
	size_t i;
	int rc = wt_audit_entry_id(v->app->audit, commit, "workflow.yaml", blob, e);

	*out = NULL;
	*owned = 0;
	if (rc == 1)
		return wt_error_set(e, WT_EINTEGRITY, "document_ontbreekt",
				    "workflow.yaml ontbreekt in commit %.12s van het dossier.", commit);
	if (rc < 0)
		return rc;
	for (i = 0; i < v->n_wfs; i++)
		if (strcmp(v->wfs[i].blob, blob) == 0) {
			*out = v->wfs[i].wf;
			return 0;
		}
	rc = wt_app_read_workflow(v->app, commit, out, e);
	if (rc < 0)
		return rc;
	if (v->n_wfs < WF_CACHE_MAX) {
		wt_strlcpy(v->wfs[v->n_wfs].blob, blob, sizeof(v->wfs[v->n_wfs].blob));
		v->wfs[v->n_wfs++].wf = *out;
	} else {
		*owned = 1;
	}
	return 0;
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
	char state[64] = "";
	static const char *const required[] = {"verzoek.yaml", "workflow.yaml", "status.yaml", "checklist.json"};
	wt_error e;
	wt_buf listing;
	int have_first = 0, wf_owned = 0;
	int cur_spoed = 0, cur_kind = 0, cur_gevaar = 0, next_spoed = 0, next_kind = 0, next_gevaar = 0;

	wt_buf_init(&listing, 0);

	wt_error_clear(&e);
	if (wt_audit_history(app->audit, r->head, NULL, &c, &n, &e) < 0) {
		problem(v, r->id, "keten", "De geschiedenis is onleesbaar: %s", e.message);
		return;
	}
	ev = calloc(n ? n : 1, sizeof(*ev));
	views = calloc(n ? n : 1, sizeof(*views));
	if (ev == NULL || views == NULL)
		goto done;
	if (n > 0 && pinned_workflow(v, c[0].oid, &wf, &wf_owned, &e) < 0) {
		problem(v, r->id, "workflow", "De vastgelegde workflow is onleesbaar: %s", e.message);
		goto done;
	}
	if (n > 0 && wt_app_read_status(app, c[0].oid, &first, &e) == 0)
		have_first = 1;
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
			problem(v, r->id, "keten", "Commit %.12s heeft niet precies één ouder in de keten.", c[i].oid);
			goto done;
		}
		if (wt_event_parse(&ev[i], c[i].message, &e) < 0) {
			problem(v, r->id, "gebeurtenis", "Commit %.12s: %s", c[i].oid, e.message);
			goto done;
		}
		if (strcmp(ev[i].case_id, r->id) != 0 || ev[i].seq != (long)i + 1)
			problem(v, r->id, "gebeurtenis",
				"Commit %.12s hoort bij dossier %s volgnummer %ld, niet bij volgnummer %zu van dit dossier.",
				c[i].oid, ev[i].case_id, ev[i].seq, i + 1);
		tree_listing(app, c[i].oid, &listing);
		for (k = 0; k < sizeof(required) / sizeof(required[0]); k++)
			if (!tree_has(&listing, required[k]))
				problem(v, r->id, "onvolledig", "Commit %.12s mist %s.", c[i].oid, required[k]);
		if (ev[i].document[0] && !tree_has(&listing, ev[i].document))
			problem(v, r->id, "onvolledig", "Commit %.12s mist het document %s.", c[i].oid, ev[i].document);
		if (wt_app_read_status(app, c[i].oid, &st, &e) == 0) {
			if (st.seq != ev[i].seq || strcmp(st.state, ev[i].to) != 0)
				problem(v, r->id, "status",
					"status.yaml in commit %.12s past niet bij de gebeurtenis.", c[i].oid);
			/* The guards of the next event judge the dossier as it is after this one
			 * (a revised verzoek changes criterion (iii) and the kind of violence). */
			next_spoed = st.spoed;
			next_kind = st.kindermishandeling;
			next_gevaar = st.gevaar_onderbouwd;
			wt_status_release(&st);
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
			problem(v, r->id, "rol", "Gebeurtenis %ld: %s handelde als %s zonder die rol te hebben.",
				ev[i].seq, ev[i].actor, ev[i].role);
		if (wf == NULL)
			continue;
		if (i > 0 && wt_event_is_system(ev[i].action)) {
			/* tick's note of a deadline: the state stays, weegteam itself is the actor. */
			if (strcmp(ev[i].from, state) != 0 || strcmp(ev[i].to, state) != 0 ||
			    strcmp(ev[i].actor, WT_SYSTEM_ACTOR) != 0 || strcmp(ev[i].role, WT_SYSTEM_ROLE) != 0 ||
			    strcmp(ev[i].roles, WT_SYSTEM_ROLE) != 0)
				problem(v, r->id, "ongeldige_stap",
					"Gebeurtenis %ld (%s) is geen geldige termijnmelding: die laat de status "
					"ongemoeid en is van weegteam zelf.", ev[i].seq, ev[i].action);
		} else if (i == 0) {
			if (strcmp(ev[i].action, "indienen") != 0 || ev[i].from[0] != '\0' ||
			    (!have_first && strcmp(ev[i].to, wf->begin) != 0) ||
			    (have_first && (wt_workflow_begin_for(wf, first.submitter_org) == NULL ||
					    strcmp(ev[i].to, wt_workflow_begin_for(wf, first.submitter_org)) != 0)) ||
			    (have_first && wt_machine_check_submit(wf, &actor, first.submitter_org, &role, &e) < 0))
				problem(v, r->id, "ongeldige_stap", "De indiening past niet bij de workflow.");
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
				problem(v, r->id, "ongeldige_stap",
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
			problem(v, r->id, "ingang",
				"Gebeurtenis %ld heeft een ingang na het vastleggen of voor de vorige gebeurtenis.",
				ev[i].seq);
		wt_error_clear(&e);
	}
	/* The index must agree with the chain. */
	{
		wt_case_row row;
		wt_event_row *rows = NULL;
		size_t nrows = 0;
		int got = wt_store_case_get(app->store, r->id, &row, &e);
		if (got == 1) {
			problem(v, r->id, "index", "Het dossier ontbreekt in de index.");
		} else if (got == 0) {
			r->in_index = 1;
			if (strcmp(row.head, r->head) != 0 || row.events != (long)n || strcmp(row.state, state) != 0)
				problem(v, r->id, "index",
					"De index wijkt af van de audit-repository (kop, aantal gebeurtenissen of status).");
			if (wt_store_events(app->store, r->id, &rows, &nrows, &e) == 0) {
				if (nrows != n)
					problem(v, r->id, "index", "De index heeft %zu gebeurtenissen, de audit-repository %zu.",
						nrows, n);
				for (k = 0; k < nrows && k < n; k++)
					if (rows[k].seq != ev[k].seq || strcmp(rows[k].commit, c[k].oid) != 0 ||
					    strcmp(rows[k].action, ev[k].action) != 0 ||
					    strcmp(rows[k].from_state, ev[k].from) != 0 ||
					    strcmp(rows[k].to_state, ev[k].to) != 0 ||
					    strcmp(rows[k].actor, ev[k].actor) != 0 || rows[k].time != ev[k].time)
						problem(v, r->id, "index",
							"Gebeurtenis %ld in de index wijkt af van de audit-repository.",
							rows[k].seq);
				wt_store_events_free(rows, nrows);
			}
		}
	}
done:
	wt_buf_release(&listing);
	if (have_first)
		wt_status_release(&first);
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
	case_ref *r = find_ref(v, row->id);

	if (r == NULL)
		problem(v, row->id, "verdwenen",
			"Het dossier staat in de index maar niet (meer) in de audit-repository.");
	return 0;
}

int wt_app_verify(wt_app *app, wt_problem_cb cb, void *payload, size_t *n_problems, wt_error *err)
{
	vctx v;
	size_t i;
	wt_error e;
	char head[WT_OID_HEX + 1], mark[WT_OID_HEX + 1];

	memset(&v, 0, sizeof(v));
	v.app = app;
	v.cb = cb;
	v.payload = payload;
	v.err = err;
	wt_error_clear(&e);
	/* Hold the writer lock: a writer in flight (journal written, ref not yet moved) must not
	 * look like tampering. Taking it also completes an event a killed writer left half done. */
	if (wt_audit_lock(app->audit, err) < 0)
		return -(int)err->code;
	if (wt_audit_check_objects(app->audit, bad_object, &v, &e) < 0)
		problem(&v, "", "object", "De objecten konden niet worden gecontroleerd: %s", e.message);
	if (wt_audit_cases(app->audit, collect_ref, &v, err) < 0) {
		wt_audit_unlock(app->audit);
		free(v.refs);
		return -(int)err->code;
	}
	if (v.n_refs > 0)
		qsort(v.refs, v.n_refs, sizeof(*v.refs), cmp_ref);
	check_journal(&v);
	for (i = 0; i < v.n_refs; i++) {
		if (!v.refs[i].in_journal)
			problem(&v, v.refs[i].id, "onbekend",
				"De ref refs/dossiers/%s staat niet in het journaal: buiten weegteam aangemaakt of "
				"het journaal is ingekort.",
				v.refs[i].id);
		check_case(&v, &v.refs[i]);
	}
	if (wt_store_cases(app->store, index_case_seen, &v, &e) < 0)
		problem(&v, "", "index", "De index is onleesbaar: %s", e.message);
	if (wt_store_integrity(app->store, &e) < 0)
		problem(&v, "", "index", "De index is beschadigd: %s", e.message);
	mark[0] = '\0';
	if (wt_audit_journal_head(app->audit, head, &e) == 0 &&
	    wt_store_meta_get(app->store, "journaal_kop", mark, sizeof(mark), &e) >= 0 &&
	    strcmp(head, mark) != 0 && head[0] != '\0')
		problem(&v, "", "index", "De index loopt achter op het journaal; draai 'weegteam reindex'.");
	wt_audit_unlock(app->audit);
	free(v.refs);
	for (i = 0; i < v.n_wfs; i++)
		wt_workflow_free(v.wfs[i].wf);
	*n_problems = v.n;
	return 0;
}
