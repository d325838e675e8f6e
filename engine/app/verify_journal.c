/* verify_journal.c: the journal against the case refs, and the case-number counters (verify). */
#include "verify_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oid_is_zero(const unsigned char in[WT_OID_RAW])
{
	size_t i;

	for (i = 0; i < WT_OID_RAW; i++)
		if (in[i])
			return 0;
	return 1;
}

int verify_cmp_ref(const void *a, const void *b)
{
	return strcmp(((const case_ref *)a)->id, ((const case_ref *)b)->id);
}

case_ref *verify_find_ref(vctx *v, const char *id)
{
	case_ref key;

	if (v->n_refs == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	wt_strlcpy(key.id, id, sizeof(key.id));
	return bsearch(&key, v->refs, v->n_refs, sizeof(*v->refs), verify_cmp_ref);
}

static size_t ghost_hash(const char *id)
{
	size_t h = 5381;

	while (*id)
		h = h * 33 + (unsigned char)*id++;
	return h;
}

/* Rebuilds the hash index of the ghosts with room for twice as many. 0 or -1. */
static int ghost_rehash(vctx *v)
{
	size_t n = v->n_ghost_slots ? v->n_ghost_slots * 2 : 64, i, h;
	size_t *slots = malloc(n * sizeof(*slots));

	if (slots == NULL)
		return -1;
	for (i = 0; i < n; i++)
		slots[i] = (size_t)-1;
	for (i = 0; i < v->n_ghosts; i++) {
		for (h = ghost_hash(v->ghosts[i].id) % n; slots[h] != (size_t)-1; h = (h + 1) % n)
			;
		slots[h] = i;
	}
	free(v->ghost_slots);
	v->ghost_slots = slots;
	v->n_ghost_slots = n;
	return 0;
}

/* The journal state of a case whose ref is gone, or NULL when the journal did not name it. */
static case_ref *ghost_find(vctx *v, const char *id)
{
	size_t h;

	if (v->n_ghost_slots > 0)
		for (h = ghost_hash(id) % v->n_ghost_slots; v->ghost_slots[h] != (size_t)-1;
		     h = (h + 1) % v->n_ghost_slots)
			if (strcmp(v->ghosts[v->ghost_slots[h]].id, id) == 0)
				return &v->ghosts[v->ghost_slots[h]];
	return NULL;
}

/* The journal state of a case whose ref is gone, made on first sight. NULL when out of memory. */
static case_ref *ghost(vctx *v, const char *id)
{
	size_t h;
	case_ref *p = ghost_find(v, id);

	if (p != NULL)
		return p;
	if (v->n_ghosts == v->cap_ghosts) {
		size_t cap = v->cap_ghosts ? v->cap_ghosts * 2 : 16;
		p = realloc(v->ghosts, cap * sizeof(*p));
		if (p == NULL)
			return NULL;
		v->ghosts = p;
		v->cap_ghosts = cap;
	}
	p = &v->ghosts[v->n_ghosts++];
	memset(p, 0, sizeof(*p));
	wt_strlcpy(p->id, id, sizeof(p->id));
	if ((v->n_ghosts * 2 > v->n_ghost_slots && ghost_rehash(v) < 0)) {
		v->n_ghosts--;
		return NULL;
	}
	for (h = ghost_hash(id) % v->n_ghost_slots; v->ghost_slots[h] != (size_t)-1;
	     h = (h + 1) % v->n_ghost_slots)
		;
	v->ghost_slots[h] = v->n_ghosts - 1;
	return p;
}

static void jproblem_add(vctx *v, const char *case_id, size_t pos, int order, const char *kind,
			 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void jproblem_add(vctx *v, const char *case_id, size_t pos, int order, const char *kind,
			 const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	jproblem *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (v->n_jprobs == v->cap_jprobs) {
		size_t cap = v->cap_jprobs ? v->cap_jprobs * 2 : 16;
		p = realloc(v->jprobs, cap * sizeof(*p));
		if (p == NULL)
			return;
		v->jprobs = p;
		v->cap_jprobs = cap;
	}
	p = &v->jprobs[v->n_jprobs];
	wt_strlcpy(p->case_id, case_id, sizeof(p->case_id));
	p->pos = pos;
	p->order = order;
	p->kind = kind;
	p->msg = wt_strdup(msg);
	if (p->msg != NULL)
		v->n_jprobs++;
}

static int cmp_jproblem(const void *a, const void *b)
{
	const jproblem *x = a, *y = b;
	int c = strcmp(x->case_id, y->case_id);

	if (c != 0)
		return c;
	if (x->pos != y->pos)
		return x->pos > y->pos ? -1 : 1; /* older entries first */
	return x->order - y->order;
}

/*
 * One journal entry, newest first. The first entry seen of a case is its last: it must match
 * the case ref. Each older one must end where the newer neighbour began, one number lower.
 * What is left once the walk is done is each case's first entry (see verify_check_journal).
 */
static int journal_entry(const wt_journal_entry *x, void *payload)
{
	wt_ref_place place;
	vctx *v = payload;
	size_t pos = v->j_pos++;
	case_ref *r = verify_find_ref(v, x->case_id);
	unsigned char new_head[WT_OID_RAW];
	char head[WT_OID_HEX + 1];

	if (r == NULL)
		r = ghost(v, x->case_id);
	if (r == NULL) {
		v->j_oom = 1;
		return 1;
	}
	wt_oid_unpack(head, r->head);
	if (r->in_journal) {
		wt_oid_pack(new_head, x->new_head);
		if (memcmp(new_head, r->j_old, WT_OID_RAW) != 0 || x->seq + 1 != r->j_seq)
			jproblem_add(v, x->case_id, r->j_pos, 1, "journaal",
				     "Het journaal van dit dossier is niet aaneengesloten bij volgnummer %ld.",
				     r->j_seq);
	} else if (!r->has_ref) {
		jproblem_add(v, x->case_id, pos, 2, "verdwenen",
			     "Het dossier staat in het journaal (laatste gebeurtenis %ld, commit %.12s) maar "
			     "de ref refs/dossiers/%s ontbreekt: het dossier is verwijderd.",
			     x->seq, x->new_head, x->case_id);
	} else if ((place = wt_app_ref_place(v->app, head, x->new_head)) != WT_REF_SAME) {
		r->ref_off = 1;
		if (place == WT_REF_AHEAD)
			jproblem_add(v, x->case_id, pos, 2, "journaal",
				     "De ref staat op %.12s, verder dan het journaal (%.12s, volgnummer %ld): "
				     "het journaal mist gebeurtenissen van dit dossier (ingekort of "
				     "teruggezet).",
				     head, x->new_head, x->seq);
		else if (place == WT_REF_BEHIND)
			jproblem_add(v, x->case_id, pos, 2, "teruggezet",
				     "De ref staat op %.12s, maar het journaal zegt %.12s (volgnummer %ld): het "
				     "dossier is teruggezet en gebeurtenissen ontbreken.",
				     head, x->new_head, x->seq);
		else
			jproblem_add(v, x->case_id, pos, 2, "herschreven",
				     "De ref staat op %.12s, maar het journaal zegt %.12s (volgnummer %ld): de "
				     "geschiedenis van het dossier is herschreven.",
				     head, x->new_head, x->seq);
	}
	r->in_journal = 1;
	wt_oid_pack(r->j_old, x->old_head);
	r->j_seq = x->seq;
	r->j_pos = (uint32_t)pos;
	return 0;
}

/* The first entry of a case (the oldest one the walk reached) must be the submission. */
static void journal_start(vctx *v, const case_ref *r)
{
	if (r->in_journal && (!oid_is_zero(r->j_old) || r->j_seq != 1))
		jproblem_add(v, r->id, r->j_pos, 0, "journaal",
			     "Het journaal begint dit dossier niet bij de indiening.");
}

static void jproblems_clear(vctx *v)
{
	size_t i;

	for (i = 0; i < v->n_jprobs; i++)
		free(v->jprobs[i].msg);
	v->n_jprobs = 0;
}

/*
 * The journal against the case refs, walked once from the newest entry back without keeping
 * the entries: the state per case lives in its case_ref (the problems are sorted afterwards so
 * they come out as from a walk in case order).
 */
void verify_check_journal(vctx *v)
{
	char head[WT_OID_HEX + 1];
	size_t i;
	int rc;
	wt_error e;

	wt_error_clear(&e);
	rc = wt_audit_journal_head(v->app->audit, head, &e);
	if (rc == 0 && head[0])
		rc = wt_audit_journal_each(v->app->audit, head, journal_entry, v, &e);
	if (rc == 0 && v->j_oom)
		rc = wt_error_set(&e, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (rc < 0) {
		/* Nothing of a journal that does not read to its end counts: it is reported as
		 * unreadable, and no case is taken as known to it. */
		jproblems_clear(v);
		for (i = 0; i < v->n_refs; i++)
			v->refs[i].in_journal = 0;
		wt_problems_add(&v->out, "", "journaal", "Het journaal is onleesbaar: %s", e.message);
		return;
	}
	for (i = 0; i < v->n_refs; i++)
		journal_start(v, &v->refs[i]);
	for (i = 0; i < v->n_ghosts; i++)
		journal_start(v, &v->ghosts[i]);
	if (v->n_jprobs > 1)
		qsort(v->jprobs, v->n_jprobs, sizeof(*v->jprobs), cmp_jproblem);
	for (i = 0; i < v->n_jprobs; i++)
		wt_problems_add(&v->out, v->jprobs[i].case_id, v->jprobs[i].kind, "%s", v->jprobs[i].msg);
	jproblems_clear(v);
}

/* One case-number counter of the journal (tellers/<key>), or a key that cases have and the
 * journal has no counter for; and the highest number of a case with that key. */
typedef struct counter {
	char key[32];
	long value;
	int present;
	long max;
	char max_id[32];
} counter;

typedef struct counters {
	counter *v;
	size_t n, cap;
	int oom;
} counters;

/* Most numbers named one by one as issued but missing, per counter; the rest are counted. */
#define VERIFY_GAPS_NAMED 100

static counter *counter_get(counters *cs, const char *key, size_t key_len)
{
	size_t i;
	counter *c;

	for (i = 0; i < cs->n; i++)
		if (strlen(cs->v[i].key) == key_len && strncmp(cs->v[i].key, key, key_len) == 0)
			return &cs->v[i];
	if (key_len >= sizeof(cs->v[0].key))
		return NULL;
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 8;
		c = realloc(cs->v, cap * sizeof(*c));
		if (c == NULL) {
			cs->oom = 1;
			return NULL;
		}
		cs->v = c;
		cs->cap = cap;
	}
	c = &cs->v[cs->n++];
	memset(c, 0, sizeof(*c));
	memcpy(c->key, key, key_len);
	return c;
}

static int counter_path(const char *path, void *payload)
{
	static const char dir[] = "tellers/";
	counters *cs = payload;

	if (strncmp(path, dir, sizeof(dir) - 1) == 0 && strchr(path + sizeof(dir) - 1, '/') == NULL)
		counter_get(cs, path + sizeof(dir) - 1, strlen(path + sizeof(dir) - 1));
	return cs->oom;
}

/*
 * The number of a case id as submit makes it ("<YYYY>-<CCC>-%04ld"): its key's length via
 * *key_len, or -1 when the id has another form (made by hand: verify names it elsewhere).
 */
static long case_number(const char *id, size_t *key_len)
{
	char again[32];
	const char *dash = strrchr(id, '-');
	char *end = NULL;
	long n;

	size_t i;

	/* The key as submit makes it: the year, a dash and the city's three capitals. */
	if (dash == NULL || dash - id != 8 || id[4] != '-' || strlen(dash + 1) < 4)
		return -1;
	for (i = 0; i < 8; i++)
		if (i != 4 && !(i < 4 ? id[i] >= '0' && id[i] <= '9' : id[i] >= 'A' && id[i] <= 'Z'))
			return -1;
	n = strtol(dash + 1, &end, 10);
	if (end == dash + 1 || *end != '\0' || n <= 0)
		return -1;
	snprintf(again, sizeof(again), "%.*s-%04ld", (int)(dash - id), id, n);
	if (strcmp(again, id) != 0)
		return -1;
	*key_len = (size_t)(dash - id);
	return n;
}

static void counter_see(counters *cs, const case_ref *r)
{
	size_t key_len = 0;
	long n = case_number(r->id, &key_len);
	counter *c;

	if (n < 0 || (c = counter_get(cs, r->id, key_len)) == NULL)
		return;
	if (n > c->max) {
		c->max = n;
		wt_strlcpy(c->max_id, r->id, sizeof(c->max_id));
	}
}

/*
 * The case-number counters of the journal's newest entry against the cases: no case has a
 * number above its counter (else the counter was set back, and the next submission in that
 * city would take a number that exists), and every number up to the counter was given to a
 * case that the refs or the journal know (a number is taken in the same journal entry that
 * records its case, so a gap is a case erased together with its journal entries).
 */
void verify_check_counters(vctx *v)
{
	counters cs;
	char head[WT_OID_HEX + 1], id[64];
	size_t i;
	wt_error e;

	memset(&cs, 0, sizeof(cs));
	wt_error_clear(&e);
	if (wt_audit_journal_head(v->app->audit, head, &e) < 0 ||
	    (head[0] && wt_audit_tree_paths(v->app->audit, head, counter_path, &cs, &e) < 0)) {
		wt_problems_add(&v->out, "", "teller", "De tellers in het journaal zijn onleesbaar: %s", e.message);
		free(cs.v);
		return;
	}
	for (i = 0; i < cs.n; i++) {
		cs.v[i].present = 1;
		if (wt_audit_counter(v->app->audit, cs.v[i].key, &cs.v[i].value, &e) < 0) {
			wt_problems_add(&v->out, "", "teller", "%s", e.message);
			cs.v[i].present = 0;
			cs.v[i].value = -1; /* unreadable: nothing more said about it */
			wt_error_clear(&e);
		}
	}
	for (i = 0; i < v->n_refs; i++)
		counter_see(&cs, &v->refs[i]);
	for (i = 0; i < v->n_ghosts; i++)
		counter_see(&cs, &v->ghosts[i]);
	for (i = 0; i < cs.n; i++) {
		counter *c = &cs.v[i];
		long k, gaps = 0;

		if (c->value < 0)
			continue;
		if (c->max > c->value) {
			if (c->present)
				wt_problems_add(&v->out, c->max_id, "teller",
					"Teller %s in het journaal staat op %ld, maar dit dossier heeft nummer "
					"%ld: de teller is teruggezet (een volgende indiening krijgt een nummer "
					"dat al bestaat).",
					c->key, c->value, c->max);
			else
				wt_problems_add(&v->out, c->max_id, "teller",
					"Het journaal heeft geen teller %s, maar dit dossier heeft nummer %ld: "
					"de teller is verwijderd.",
					c->key, c->max);
		}
		/* A counter far above the cases there are is named once, not number by number. */
		if (c->value > c->max && (size_t)(c->value - c->max) > v->n_refs + v->n_ghosts + 1000) {
			wt_problems_add(&v->out, "", "teller",
				"Teller %s in het journaal staat op %ld, ver boven de dossiers die er zijn "
				"(hoogste nummer %ld).",
				c->key, c->value, c->max);
			continue;
		}
		for (k = 1; k <= c->value; k++) {
			snprintf(id, sizeof(id), "%s-%04ld", c->key, k);
			if (verify_find_ref(v, id) != NULL || ghost_find(v, id) != NULL)
				continue;
			if (++gaps <= VERIFY_GAPS_NAMED)
				wt_problems_add(&v->out, id, "verdwenen",
					"Nummer %ld van teller %s is uitgegeven, maar het dossier staat niet in "
					"de audit-repository en niet in het journaal: het is met zijn "
					"journaalregels verwijderd.",
					k, c->key);
		}
		if (gaps > VERIFY_GAPS_NAMED)
			wt_problems_add(&v->out, "", "verdwenen",
				"Nog %ld nummers van teller %s zijn uitgegeven zonder dossier.",
				gaps - VERIFY_GAPS_NAMED, c->key);
	}
	if (cs.oom)
		wt_problems_add(&v->out, "", "teller", "De tellers konden niet worden gecontroleerd: onvoldoende geheugen.");
	free(cs.v);
}
