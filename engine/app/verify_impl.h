/* verify_impl.h: what verify.c (objects, cases, the index) and verify_journal.c (the journal
 * against the case refs, the counters) share. Internal to the app layer. */
#ifndef WT_VERIFY_IMPL_H
#define WT_VERIFY_IMPL_H

#include "app.h"

#include <stdint.h>

/*
 * One case: its ref, and where the journal walk (newest entry first) stands for it: the oldest
 * entry seen so far, which the next older one must join up with.
 */
typedef struct case_ref {
	char id[32];
	unsigned char head[WT_OID_RAW];  /* kept as bytes: this array has an entry per case */
	unsigned char j_old[WT_OID_RAW]; /* that entry's old head (zeros for a submission) */
	long j_seq;                      /* its number */
	uint32_t j_pos;                  /* its place in the journal, counted from the newest */
	unsigned char in_journal;        /* entries seen */
	unsigned char has_ref;           /* 0: known from the journal only (the ref is gone) */
	unsigned char in_index;
	unsigned char ref_off;           /* the ref is not where the journal's newest entry says */
} case_ref;


/* A journal problem, held back so they come out in the order of a sorted walk: by case, then
 * oldest entry first. Only problems are kept, nothing per entry. */
typedef struct jproblem {
	char case_id[32];
	size_t pos;    /* the entry's place from the newest: larger is older */
	int order;     /* for one entry: the start, the join, then the ref */
	const char *kind;
	char *msg;
} jproblem;

typedef struct vctx {
	wt_wf_cache wfs; /* pinned workflows by blob id */
	wt_app *app;
	wt_problems out; /* the caller's callback, and the count */
	case_ref *refs;
	size_t n_refs;
	size_t cap_refs;
	/* Cases in the journal without a ref (only when refs were deleted), with a hash index. */
	case_ref *ghosts;
	size_t n_ghosts, cap_ghosts;
	size_t *ghost_slots;
	size_t n_ghost_slots;
	jproblem *jprobs;
	size_t n_jprobs, cap_jprobs;
	size_t j_pos;
	int j_oom;
	wt_store_scan *scan; /* the index, case by case in id order (NULL: a query per case) */
	/* The objects the object check found bad, sorted (rare: usually none), so the case walk
	 * can name the cases that refer to them; and which of them this case named already. */
	unsigned char *bad;
	size_t n_bad, cap_bad;
	unsigned char *bad_named;
	wt_error *err;
} vctx;

/* The case list is sorted by id (verify_cmp_ref); verify_find_ref finds a case in it. */
int verify_cmp_ref(const void *a, const void *b);
case_ref *verify_find_ref(vctx *v, const char *id);

/*
 * The journal, newest entry first, against the case refs: every problem named in the order of
 * a sorted walk (verify_check_journal); then the case-number counters of the journal's tree
 * against the cases (verify_check_counters).
 */
void verify_check_journal(vctx *v);
void verify_check_counters(vctx *v);

#endif
