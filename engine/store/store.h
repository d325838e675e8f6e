/* store.h: the SQLite index: cases, events, assessments, the queue; derived from the audit repo. */
#ifndef WT_STORE_H
#define WT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/error.h"

/* The schema version this build writes (PRAGMA user_version); older files are migrated. */
#define WT_STORE_SCHEMA_VERSION 4
/* How long a command waits for another process's write transaction (busy_timeout). */
#define WT_STORE_BUSY_TIMEOUT_MS 30000

typedef struct wt_store wt_store;

typedef struct wt_case_row {
	char id[32];
	char city[32];            /* workflow city key */
	char state[64];
	int terminal;             /* the state is terminal in the pinned workflow */
	int64_t deadline;         /* UTC seconds; 0 = none */
	int spoed;
	char submitter[64];       /* user id */
	char submitter_org[64];
	char aard[256];           /* aard_geweld, comma-separated */
	char workflow_version[64];
	char head[41];
	long events;              /* number of events (= seq of the head) */
	int64_t created;
	int64_t updated;          /* time of the last event */
	int64_t state_entered;    /* when the current state was entered */
	int64_t warned;           /* deadline for which tick recorded "termijn nadert"; 0 none */
	int64_t escalated;        /* deadline for which tick recorded "termijn verstreken" */
	char workflow_blob[41];   /* blob id of the pinned workflow.yaml; "" = not known yet */
} wt_case_row;

typedef struct wt_event_row {
	char case_id[32];
	long seq;
	char commit[41];
	int64_t time;
	char actor[64];
	char role[64];
	char action[64];
	char from_state[64];
	char to_state[64];
	char *note;               /* owned; may be NULL */
} wt_event_row;

/* Opens or creates the index (WAL, busy timeout, migrations to WT_STORE_SCHEMA_VERSION). */
int wt_store_open(wt_store **out, const char *path, wt_error *err);
void wt_store_free(wt_store *s);

/* A write transaction (BEGIN IMMEDIATE) and its end. */
int wt_store_begin(wt_store *s, wt_error *err);
int wt_store_commit(wt_store *s, wt_error *err);
void wt_store_rollback(wt_store *s);
/* A part of the open transaction that can be undone alone (a savepoint): end it keeping its
 * writes (keep != 0) or undoing them. */
int wt_store_part_begin(wt_store *s, wt_error *err);
int wt_store_part_end(wt_store *s, int keep, wt_error *err);

/* Small key/value metadata (journal head, ...). get: 0 found, 1 absent. */
int wt_store_meta_get(wt_store *s, const char *key, char *out, size_t size, wt_error *err);
int wt_store_meta_set(wt_store *s, const char *key, const char *value, wt_error *err);

/* Insert or replace a case row. */
int wt_store_case_put(wt_store *s, const wt_case_row *row, wt_error *err);
/* 0 found, 1 absent. */
int wt_store_case_get(wt_store *s, const char *id, wt_case_row *out, wt_error *err);
/* Insert an event (replace when (case_id, seq) exists). */
int wt_store_event_put(wt_store *s, const wt_event_row *ev, wt_error *err);
/* The case's events, oldest first. Free with wt_store_events_free. */
int wt_store_events(wt_store *s, const char *case_id, wt_event_row **out, size_t *n, wt_error *err);
void wt_store_events_free(wt_event_row *ev, size_t n);

typedef struct wt_queue_query {
	const char *city;   /* NULL = any */
	const char *state;  /* NULL = any */
	const char *submitter; /* NULL = any; else only the cases this user id submitted */
	int overdue;        /* only deadline != 0 and deadline < now */
	int64_t now;
	int include_terminal;
} wt_queue_query;

/*
 * Calls cb for the matching cases, most urgent first (earliest deadline first, cases without
 * a deadline last, then by id). cb returns non-zero to stop (the iteration then returns 0).
 * The cost is proportional to the rows visited, not to the archive. cb may read the store
 * (case_get, events) but must not call wt_store_queue or wt_store_cases itself.
 * Errors: -WT_EENV (SQLite failure, a stored value too long for the row).
 */
typedef int (*wt_store_case_cb)(const wt_case_row *row, void *payload);
int wt_store_queue(wt_store *s, const wt_queue_query *q, wt_store_case_cb cb, void *payload,
		   wt_error *err);
/* Every case, by id (verify). cb must not call wt_store_queue or wt_store_cases itself. */
int wt_store_cases(wt_store *s, wt_store_case_cb cb, void *payload, wt_error *err);

/*
 * verify: the index row and the events of each case in one ordered pass over both tables,
 * instead of two queries per case. Ask for the cases in ascending id order (strcmp order, which
 * is SQLite's BINARY order). wt_store_scan_case returns 0 with *out, *events and *n as
 * wt_store_case_get and wt_store_events give them (free the events with wt_store_events_free),
 * 1 when the index has no row for id, 2 when the row was read but its events could not be
 * (err says why), or < 0 when the row could not be read. Nothing else may use the
 * connection's statements meanwhile except other reads.
 */
typedef struct wt_store_scan wt_store_scan;
int wt_store_scan_open(wt_store *s, wt_store_scan **out, wt_error *err);
int wt_store_scan_case(wt_store_scan *sc, const char *id, wt_case_row *out, wt_event_row **events,
		       size_t *n, wt_error *err);
void wt_store_scan_free(wt_store_scan *sc);

/* Deletes every row of every table (reindex), keeping the schema. */
int wt_store_clear(wt_store *s, wt_error *err);
/* PRAGMA integrity_check == ok: 0, else -WT_EINTEGRITY. */
int wt_store_integrity(wt_store *s, wt_error *err);
/* PRAGMA wal_checkpoint(TRUNCATE) and optimize (maintain). */
int wt_store_tidy(wt_store *s, wt_error *err);
/* Turns durability down for bulk loading in benchmarks (synchronous=OFF); 1 = on again. */
int wt_store_set_durable(wt_store *s, int durable, wt_error *err);

/* Counts the case rows and event rows (either pointer may be NULL). Reads every row: for
 * reindex and verify, not for per-action paths. */
int wt_store_count(wt_store *s, long *cases, long *events, wt_error *err);

/*
 * Sets how long a write transaction waits for another connection's (default
 * WT_STORE_BUSY_TIMEOUT_MS); after that, begin fails with -WT_EENV "de index is bezet".
 * For tests and tools; returns 0 or -WT_EENV.
 */
int wt_store_busy_timeout(wt_store *s, int ms);

/*
 * Appends to out the EXPLAIN QUERY PLAN lines (one per line) of the statement that
 * wt_store_queue runs for q (the non-terminal stream). For tests that prove the queue reads
 * an index in order; -WT_EENV on failure.
 */
int wt_store_queue_plan(wt_store *s, const wt_queue_query *q, wt_buf *out, wt_error *err);

/* ---- the notification outbox (outbox.c) ---- */

#define WT_OUTBOX_PENDING "wachtend"
#define WT_OUTBOX_DELIVERED "afgeleverd"
#define WT_OUTBOX_FAILED "mislukt"

typedef struct wt_outbox_row {
	char id[128];             /* <case>.<seq>.<endpoint> */
	char case_id[32];
	long seq;
	char endpoint[48];
	char kinds[128];          /* comma-separated kind names */
	char *body;               /* owned: the JSON payload exactly as it is sent */
	int64_t created;
	char status[16];          /* WT_OUTBOX_* */
	long attempts;
	int64_t next_attempt;
	int64_t lease_until;      /* a deliverer holds it until then */
	char last_error[256];
	int64_t delivered;
} wt_outbox_row;

/* Adds a notification unless one with its id exists (INSERT OR IGNORE): 0 added, 1 existed. */
int wt_store_outbox_put(wt_store *s, const wt_outbox_row *row, wt_error *err);
/*
 * Claims up to max pending notifications that are due (next_attempt <= now) and not held by
 * another deliverer, holding them until lease_until; in its own write transaction, so two
 * deliverers never claim the same one. *out is the caller's (wt_store_outbox_free).
 */
int wt_store_outbox_claim(wt_store *s, int64_t now, int64_t lease_until, size_t max,
			  wt_outbox_row **out, size_t *n, wt_error *err);
/*
 * Records the outcome of one attempt: delivered (status afgeleverd), or failed with
 * error_text, then pending again at next_attempt, or mislukt when final.
 */
int wt_store_outbox_result(wt_store *s, const char *id, int delivered, int final, int64_t now,
			   int64_t next_attempt, const char *error_text, wt_error *err);
/* Notifications with the given status (NULL = all), newest first, at most max. */
int wt_store_outbox_list(wt_store *s, const char *status, size_t max, wt_outbox_row **out,
			 size_t *n, wt_error *err);
void wt_store_outbox_free(wt_outbox_row *rows, size_t n);
/* Puts failed notifications (one by id, or all when id is NULL) back to pending, due now. */
int wt_store_outbox_retry(wt_store *s, const char *id, int64_t now, size_t *n, wt_error *err);
/* Counts per status (any pointer may be NULL). */
int wt_store_outbox_counts(wt_store *s, long *pending, long *delivered, long *failed, wt_error *err);

/*
 * Calls cb for open cases whose deadline is at most horizon away and that tick has not yet
 * noted for that deadline: deadline <= horizon and warned != deadline, or deadline <= now and
 * escalated != deadline. Earliest first; cost proportional to the cases visited.
 */
int wt_store_deadlines_due(wt_store *s, int64_t now, int64_t horizon, wt_store_case_cb cb,
			   void *payload, wt_error *err);

#endif
