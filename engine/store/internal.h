/* internal.h: what the files of engine/store share; included by the .c files there only. */
#ifndef WT_STORE_INTERNAL_H
#define WT_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* The longest path of an index file that we keep for messages. */
#define WT_STORE_PATH_MAX 1024

/* Statements prepared once per connection and reused (see stmt_sql in store.c). */
enum wt_store_stmt {
	WT_STMT_BEGIN,
	WT_STMT_COMMIT,
	WT_STMT_ROLLBACK,
	WT_STMT_SAVEPOINT,
	WT_STMT_SAVEPOINT_RELEASE,
	WT_STMT_SAVEPOINT_UNDO,
	WT_STMT_META_GET,
	WT_STMT_META_SET,
	WT_STMT_CASE_PUT,
	WT_STMT_CASE_GET,
	WT_STMT_CASES,
	WT_STMT_EVENT_PUT,
	WT_STMT_EVENTS,
	WT_STMT_COUNT_CASES,
	WT_STMT_COUNT_EVENTS,
	WT_STMT_MAX
};

/* Queue statement variants: one bit per optional filter. */
#define WT_QUEUE_CITY 1u
#define WT_QUEUE_STATE 2u
#define WT_QUEUE_OVERDUE 4u
#define WT_QUEUE_SUBMITTER 8u
#define WT_QUEUE_VARIANTS 16u
/* Two cursors per variant: terminal = 0, and terminal = 1 (merged for include_terminal). */
#define WT_QUEUE_CURSORS 2u

struct wt_store {
	sqlite3 *db;
	char path[WT_STORE_PATH_MAX];
	int busy_ms;
	sqlite3_stmt *stmt[WT_STMT_MAX];
	sqlite3_stmt *queue[WT_QUEUE_CURSORS][WT_QUEUE_VARIANTS];
};

/*
 * Fills err with a Dutch message for SQLite result code rc on db, naming `what` (a Dutch noun
 * phrase such as "opslaan van een dossier") and sqlite3_errmsg in parentheses. Returns the
 * negative wt_code (-WT_EENV for everything but corruption detected by a read, which is also
 * -WT_EENV: the index is derived and can be rebuilt).
 */
int wt_store_fail(sqlite3 *db, int rc, const char *what, wt_error *err);

/*
 * Brings the schema of db to WT_STORE_SCHEMA_VERSION, one transaction per step. Refuses a file
 * written by a newer build and a file that is not a database (-WT_EENV). path is for messages.
 */
int wt_store_schema_migrate(sqlite3 *db, const char *path, wt_error *err);

/* The columns every case query selects, in the order wt_store_read_case reads them. */
#define WT_STORE_CASE_COLUMNS                                                                    \
	"id, city, state, terminal, deadline, spoed, submitter, submitter_org, aard, "             \
	"workflow_version, head, events, created, updated, state_entered, warned, escalated, "   \
	"workflow_blob"

/* Reads a row of WT_STORE_CASE_COLUMNS. */
int wt_store_read_case(sqlite3_stmt *st, wt_case_row *r, wt_error *err);

/* Runs SQL that carries no values (DDL, PRAGMA, transaction control). */
int wt_store_exec(sqlite3 *db, const char *sql, const char *what, wt_error *err);

#endif
