/* store.c: the SQLite index: opening, transactions, metadata, case and event rows, the queue. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

/* Most events one case may have in the index (a sanity limit, far above any real dossier). */
#define WT_STORE_EVENTS_MAX 100000
/* First allocation for a case's events. */
#define WT_STORE_EVENTS_INITIAL 16
/* Room for the longest queue statement (constant fragments only). */
#define WT_STORE_QUEUE_SQL_MAX 1024
/* The sort key of a case without a deadline; mirrors deadline_sort in schema.c. */
#define WT_STORE_NO_DEADLINE_SORT INT64_MAX

#define CASE_COLUMNS WT_STORE_CASE_COLUMNS

#define EVENT_COLUMNS "case_id, seq, commit_oid, time, actor, role, action, from_state, to_state, note"

/* The SQL of each cached statement; values are always bound, never written into the text. */
static const char *const stmt_sql[WT_STMT_MAX] = {
	[WT_STMT_BEGIN] = "BEGIN IMMEDIATE",
	[WT_STMT_COMMIT] = "COMMIT",
	[WT_STMT_ROLLBACK] = "ROLLBACK",
	[WT_STMT_SAVEPOINT] = "SAVEPOINT wt_part",
	[WT_STMT_SAVEPOINT_RELEASE] = "RELEASE wt_part",
	[WT_STMT_SAVEPOINT_UNDO] = "ROLLBACK TO wt_part",
	[WT_STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[WT_STMT_META_SET] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
			     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	/* An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the cascade would
	 * then delete the case's events. */
	[WT_STMT_CASE_PUT] = "INSERT INTO cases (" CASE_COLUMNS ") VALUES "
			     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
			     "ON CONFLICT (id) DO UPDATE SET city = excluded.city, "
			     "state = excluded.state, terminal = excluded.terminal, "
			     "deadline = excluded.deadline, spoed = excluded.spoed, "
			     "submitter = excluded.submitter, submitter_org = excluded.submitter_org, "
			     "aard = excluded.aard, workflow_version = excluded.workflow_version, "
			     "head = excluded.head, events = excluded.events, "
			     "created = excluded.created, updated = excluded.updated, "
			     "state_entered = excluded.state_entered, warned = excluded.warned, "
			     "escalated = excluded.escalated, workflow_blob = excluded.workflow_blob",
	[WT_STMT_CASE_GET] = "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?1",
	[WT_STMT_CASES] = "SELECT " CASE_COLUMNS " FROM cases ORDER BY id",
	[WT_STMT_EVENT_PUT] = "INSERT INTO events (" EVENT_COLUMNS ") VALUES "
			      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
			      "ON CONFLICT (case_id, seq) DO UPDATE SET commit_oid = excluded.commit_oid, "
			      "time = excluded.time, actor = excluded.actor, role = excluded.role, "
			      "action = excluded.action, from_state = excluded.from_state, "
			      "to_state = excluded.to_state, note = excluded.note",
	[WT_STMT_EVENTS] = "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq",
	[WT_STMT_COUNT_CASES] = "SELECT count(*) FROM cases",
	[WT_STMT_COUNT_EVENTS] = "SELECT count(*) FROM events",
};

/* Returns the cached statement `which`, preparing it on first use. */
static int stmt_get(wt_store *s, enum wt_store_stmt which, sqlite3_stmt **out, wt_error *err)
{
	int rc;

	if (s->stmt[which] == NULL) {
		rc = sqlite3_prepare_v2(s->db, stmt_sql[which], -1, &s->stmt[which], NULL);
		if (rc != SQLITE_OK)
			return wt_store_fail(s->db, rc, "voorbereiden van een opdracht", err);
	}
	*out = s->stmt[which];
	return 0;
}

/* Makes a cached statement ready for its next use and drops references to bound strings. */
static void stmt_done(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int too_long(const char *column, size_t cap, wt_error *err)
{
	wt_error_set(err, WT_EENV, "waarde_te_lang",
		     "De waarde van '%s' is te lang voor de index (ten hoogste %zu tekens).", column,
		     cap - 1);
	wt_error_at(err, NULL, 0, 0, column);
	return -WT_EENV;
}

/* Binds a NUL-terminated field of a fixed-size array; an unterminated field is refused. */
static int bind_field(wt_store *s, sqlite3_stmt *st, int idx, const char *v, size_t cap,
		      const char *column, wt_error *err)
{
	size_t n = strnlen(v, cap);
	int rc;

	if (n == cap)
		return too_long(column, cap, err);
	rc = sqlite3_bind_text(st, idx, v, (int)n, SQLITE_STATIC);
	if (rc != SQLITE_OK)
		return wt_store_fail(s->db, rc, "doorgeven van een waarde", err);
	return 0;
}

static int bind_str(wt_store *s, sqlite3_stmt *st, int idx, const char *v, wt_error *err)
{
	int rc = v != NULL ? sqlite3_bind_text(st, idx, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, idx);

	if (rc != SQLITE_OK)
		return wt_store_fail(s->db, rc, "doorgeven van een waarde", err);
	return 0;
}

static int bind_int(wt_store *s, sqlite3_stmt *st, int idx, int64_t v, wt_error *err)
{
	int rc = sqlite3_bind_int64(st, idx, (sqlite3_int64)v);

	if (rc != SQLITE_OK)
		return wt_store_fail(s->db, rc, "doorgeven van een waarde", err);
	return 0;
}

/* Copies a text column into a fixed-size array; NULL becomes "", too long is an error. */
static int column_field(sqlite3_stmt *st, int col, char *dst, size_t cap, const char *column,
			wt_error *err)
{
	const unsigned char *t;

	if (sqlite3_column_type(st, col) == SQLITE_NULL) {
		dst[0] = '\0';
		return 0;
	}
	t = sqlite3_column_text(st, col);
	if (t == NULL)
		return wt_error_set(err, WT_EENV, "geen_geheugen",
				    "Onvoldoende geheugen bij het lezen van de index.");
	if ((size_t)sqlite3_column_bytes(st, col) >= cap || wt_strlcpy(dst, (const char *)t, cap) < 0)
		return too_long(column, cap, err);
	return 0;
}

int wt_store_read_case(sqlite3_stmt *st, wt_case_row *r, wt_error *err)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = column_field(st, 0, r->id, sizeof(r->id), "id", err);
	if (rc == 0)
		rc = column_field(st, 1, r->city, sizeof(r->city), "city", err);
	if (rc == 0)
		rc = column_field(st, 2, r->state, sizeof(r->state), "state", err);
	if (rc == 0)
		rc = column_field(st, 6, r->submitter, sizeof(r->submitter), "submitter", err);
	if (rc == 0)
		rc = column_field(st, 7, r->submitter_org, sizeof(r->submitter_org), "submitter_org",
				  err);
	if (rc == 0)
		rc = column_field(st, 8, r->aard, sizeof(r->aard), "aard", err);
	if (rc == 0)
		rc = column_field(st, 9, r->workflow_version, sizeof(r->workflow_version),
				  "workflow_version", err);
	if (rc == 0)
		rc = column_field(st, 10, r->head, sizeof(r->head), "head", err);
	if (rc == 0)
		rc = column_field(st, 17, r->workflow_blob, sizeof(r->workflow_blob), "workflow_blob",
				  err);
	if (rc < 0)
		return rc;
	r->terminal = sqlite3_column_int(st, 3);
	r->deadline = sqlite3_column_int64(st, 4);
	r->spoed = sqlite3_column_int(st, 5);
	r->events = (long)sqlite3_column_int64(st, 11);
	r->created = sqlite3_column_int64(st, 12);
	r->updated = sqlite3_column_int64(st, 13);
	r->state_entered = sqlite3_column_int64(st, 14);
	r->warned = sqlite3_column_int64(st, 15);
	r->escalated = sqlite3_column_int64(st, 16);
	return 0;
}

static int read_event(sqlite3_stmt *st, wt_event_row *e, wt_error *err)
{
	const unsigned char *note;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = column_field(st, 0, e->case_id, sizeof(e->case_id), "case_id", err);
	if (rc == 0)
		rc = column_field(st, 2, e->commit, sizeof(e->commit), "commit_oid", err);
	if (rc == 0)
		rc = column_field(st, 4, e->actor, sizeof(e->actor), "actor", err);
	if (rc == 0)
		rc = column_field(st, 5, e->role, sizeof(e->role), "role", err);
	if (rc == 0)
		rc = column_field(st, 6, e->action, sizeof(e->action), "action", err);
	if (rc == 0)
		rc = column_field(st, 7, e->from_state, sizeof(e->from_state), "from_state", err);
	if (rc == 0)
		rc = column_field(st, 8, e->to_state, sizeof(e->to_state), "to_state", err);
	if (rc < 0)
		return rc;
	e->seq = (long)sqlite3_column_int64(st, 1);
	e->time = sqlite3_column_int64(st, 3);
	if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
		note = sqlite3_column_text(st, 9);
		e->note = note != NULL ? wt_strdup((const char *)note) : NULL;
		if (e->note == NULL)
			return wt_error_set(err, WT_EENV, "geen_geheugen",
					    "Onvoldoende geheugen bij het lezen van de index.");
	}
	return 0;
}

int wt_store_open(wt_store **out, const char *path, wt_error *err)
{
	wt_store *s;
	sqlite3_stmt *st = NULL;
	const unsigned char *mode;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return wt_error_set(err, WT_EENV, "geen_geheugen",
				    "Onvoldoende geheugen om de index te openen.");
	if (wt_strlcpy(s->path, path, sizeof(s->path)) < 0) {
		rc = wt_error_set(err, WT_EENV, "pad_te_lang", "Het pad van de index is te lang.");
		goto fail;
	}
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		rc = wt_store_fail(s->db, rc, "openen", err);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* A hostile index file must not be able to run schema code or corrupt itself. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	/* The last connection to close checkpoints the WAL and removes it. Keeping it
	 * (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE) was measured and rejected: the next command's first
	 * connection must then rebuild the WAL index by reading the whole WAL (up to ~4 MB before
	 * the automatic checkpoint), which costs more than the two syncs it saves. */
	s->busy_ms = WT_STORE_BUSY_TIMEOUT_MS;
	sqlite3_busy_timeout(s->db, s->busy_ms);

	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = wt_store_fail(s->db, rc, "openen", err);
		goto fail;
	}
	mode = sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0) {
		rc = wt_error_set(err, WT_EENV, "index_geen_wal",
				  "De index kan niet in WAL-modus worden gezet (modus '%s').",
				  mode != NULL ? (const char *)mode : "?");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	rc = wt_store_exec(s->db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "openen", err);
	if (rc == 0)
		rc = wt_store_schema_migrate(s->db, path, err);
	if (rc < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	sqlite3_finalize(st);
	wt_store_free(s);
	if (err != NULL && err->file[0] == '\0')
		wt_error_at(err, path, 0, 0, NULL);
	return rc;
}

void wt_store_free(wt_store *s)
{
	size_t i, j;

	if (s == NULL)
		return;
	for (i = 0; i < WT_STMT_MAX; i++)
		sqlite3_finalize(s->stmt[i]);
	for (i = 0; i < WT_QUEUE_CURSORS; i++)
		for (j = 0; j < WT_QUEUE_VARIANTS; j++)
			sqlite3_finalize(s->queue[i][j]);
	/* An open transaction is rolled back by the close. */
	sqlite3_close(s->db);
	free(s);
}

int wt_store_busy_timeout(wt_store *s, int ms)
{
	int rc = sqlite3_busy_timeout(s->db, ms);

	if (rc != SQLITE_OK)
		return wt_store_fail(s->db, rc, "instellen van de wachttijd", NULL);
	s->busy_ms = ms;
	return 0;
}

/* Runs a cached statement that returns no rows. */
static int run_simple(wt_store *s, enum wt_store_stmt which, const char *what, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, which, &st, err);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = wt_store_fail(s->db, rc, what, err);
		stmt_done(st);
		return rc;
	}
	stmt_done(st);
	return 0;
}

int wt_store_begin(wt_store *s, wt_error *err)
{
	if (!sqlite3_get_autocommit(s->db))
		return wt_error_set(err, WT_EENV, "index_transactie",
				    "Interne fout: er loopt al een transactie op de index.");
	return run_simple(s, WT_STMT_BEGIN, "starten van een transactie", err);
}

int wt_store_commit(wt_store *s, wt_error *err)
{
	int rc;

	if (sqlite3_get_autocommit(s->db))
		return wt_error_set(err, WT_EENV, "index_transactie",
				    "Interne fout: er loopt geen transactie op de index.");
	rc = run_simple(s, WT_STMT_COMMIT, "vastleggen van een transactie", err);
	/* A failed COMMIT may leave the transaction open; end it so the connection stays usable. */
	if (rc < 0)
		wt_store_rollback(s);
	return rc;
}

void wt_store_rollback(wt_store *s)
{
	if (s == NULL || sqlite3_get_autocommit(s->db))
		return;
	run_simple(s, WT_STMT_ROLLBACK, "terugdraaien van een transactie", NULL);
}

int wt_store_part_begin(wt_store *s, wt_error *err)
{
	return run_simple(s, WT_STMT_SAVEPOINT, "beginnen van een deel van een transactie", err);
}

int wt_store_part_end(wt_store *s, int keep, wt_error *err)
{
	int rc = 0;

	if (!keep)
		rc = run_simple(s, WT_STMT_SAVEPOINT_UNDO, "terugdraaien van een deel van een transactie", err);
	if (rc == 0)
		rc = run_simple(s, WT_STMT_SAVEPOINT_RELEASE, "afsluiten van een deel van een transactie", err);
	return rc;
}

int wt_store_meta_get(wt_store *s, const char *key, char *out, size_t size, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, WT_STMT_META_GET, &st, err);
	if (rc == 0)
		rc = bind_str(s, st, 1, key, err);
	if (rc < 0)
		goto done;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = column_field(st, 0, out, size, key, err);
	else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = wt_store_fail(s->db, rc, "lezen van de metagegevens", err);
done:
	stmt_done(st);
	return rc;
}

int wt_store_meta_set(wt_store *s, const char *key, const char *value, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, WT_STMT_META_SET, &st, err);
	if (rc == 0)
		rc = bind_str(s, st, 1, key, err);
	if (rc == 0)
		rc = bind_str(s, st, 2, value, err);
	if (rc < 0)
		goto done;
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0 : wt_store_fail(s->db, rc, "opslaan van de metagegevens", err);
done:
	stmt_done(st);
	return rc;
}

int wt_store_case_put(wt_store *s, const wt_case_row *r, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, WT_STMT_CASE_PUT, &st, err);
	if (rc < 0)
		return rc;
	rc = bind_field(s, st, 1, r->id, sizeof(r->id), "id", err);
	if (rc == 0)
		rc = bind_field(s, st, 2, r->city, sizeof(r->city), "city", err);
	if (rc == 0)
		rc = bind_field(s, st, 3, r->state, sizeof(r->state), "state", err);
	if (rc == 0)
		rc = bind_int(s, st, 4, r->terminal != 0, err);
	if (rc == 0)
		rc = bind_int(s, st, 5, r->deadline, err);
	if (rc == 0)
		rc = bind_int(s, st, 6, r->spoed != 0, err);
	if (rc == 0)
		rc = bind_field(s, st, 7, r->submitter, sizeof(r->submitter), "submitter", err);
	if (rc == 0)
		rc = bind_field(s, st, 8, r->submitter_org, sizeof(r->submitter_org), "submitter_org",
				err);
	if (rc == 0)
		rc = bind_field(s, st, 9, r->aard, sizeof(r->aard), "aard", err);
	if (rc == 0)
		rc = bind_field(s, st, 10, r->workflow_version, sizeof(r->workflow_version),
				"workflow_version", err);
	if (rc == 0)
		rc = bind_field(s, st, 11, r->head, sizeof(r->head), "head", err);
	if (rc == 0)
		rc = bind_int(s, st, 12, r->events, err);
	if (rc == 0)
		rc = bind_int(s, st, 13, r->created, err);
	if (rc == 0)
		rc = bind_int(s, st, 14, r->updated, err);
	if (rc == 0)
		rc = bind_int(s, st, 15, r->state_entered, err);
	if (rc == 0)
		rc = bind_int(s, st, 16, r->warned, err);
	if (rc == 0)
		rc = bind_int(s, st, 17, r->escalated, err);
	if (rc == 0)
		rc = bind_field(s, st, 18, r->workflow_blob, sizeof(r->workflow_blob), "workflow_blob",
				err);
	if (rc == 0) {
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? 0 : wt_store_fail(s->db, rc, "opslaan van een dossier", err);
	}
	stmt_done(st);
	return rc;
}

int wt_store_case_get(wt_store *s, const char *id, wt_case_row *out, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, WT_STMT_CASE_GET, &st, err);
	if (rc < 0)
		return rc;
	rc = bind_str(s, st, 1, id, err);
	if (rc == 0) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			rc = wt_store_read_case(st, out, err);
		else if (rc == SQLITE_DONE)
			rc = 1;
		else
			rc = wt_store_fail(s->db, rc, "lezen van een dossier", err);
	}
	stmt_done(st);
	return rc;
}

int wt_store_event_put(wt_store *s, const wt_event_row *e, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, WT_STMT_EVENT_PUT, &st, err);
	if (rc < 0)
		return rc;
	rc = bind_field(s, st, 1, e->case_id, sizeof(e->case_id), "case_id", err);
	if (rc == 0)
		rc = bind_int(s, st, 2, e->seq, err);
	if (rc == 0)
		rc = bind_field(s, st, 3, e->commit, sizeof(e->commit), "commit_oid", err);
	if (rc == 0)
		rc = bind_int(s, st, 4, e->time, err);
	if (rc == 0)
		rc = bind_field(s, st, 5, e->actor, sizeof(e->actor), "actor", err);
	if (rc == 0)
		rc = bind_field(s, st, 6, e->role, sizeof(e->role), "role", err);
	if (rc == 0)
		rc = bind_field(s, st, 7, e->action, sizeof(e->action), "action", err);
	if (rc == 0)
		rc = bind_field(s, st, 8, e->from_state, sizeof(e->from_state), "from_state", err);
	if (rc == 0)
		rc = bind_field(s, st, 9, e->to_state, sizeof(e->to_state), "to_state", err);
	if (rc == 0)
		rc = bind_str(s, st, 10, e->note, err);
	if (rc == 0) {
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? 0
				       : wt_store_fail(s->db, rc, "opslaan van een gebeurtenis", err);
	}
	stmt_done(st);
	return rc;
}

void wt_store_events_free(wt_event_row *ev, size_t n)
{
	size_t i;

	if (ev == NULL)
		return;
	for (i = 0; i < n; i++)
		free(ev[i].note);
	free(ev);
}

/* Room for one more event row in *rows (len used, *cap allocated), up to WT_STORE_EVENTS_MAX. */
static int room_for_event(wt_event_row **rows, size_t len, size_t *cap, wt_error *err)
{
	wt_event_row *grown;
	size_t ncap;

	if (len < *cap)
		return 0;
	if (*cap >= WT_STORE_EVENTS_MAX)
		return wt_error_set(err, WT_EENV, "te_veel_gebeurtenissen",
				    "Het dossier heeft meer dan %d gebeurtenissen in de index.",
				    WT_STORE_EVENTS_MAX);
	ncap = *cap ? *cap * 2 : WT_STORE_EVENTS_INITIAL;
	grown = realloc(*rows, ncap * sizeof(*grown));
	if (grown == NULL)
		return wt_error_set(err, WT_EENV, "geen_geheugen",
				    "Onvoldoende geheugen bij het lezen van de index.");
	*rows = grown;
	*cap = ncap;
	return 0;
}

int wt_store_events(wt_store *s, const char *case_id, wt_event_row **out, size_t *n, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	wt_event_row *rows = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = stmt_get(s, WT_STMT_EVENTS, &st, err);
	if (rc < 0)
		return rc;
	rc = bind_str(s, st, 1, case_id, err);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = room_for_event(&rows, len, &cap, err);
		if (rc < 0)
			break;
		rc = read_event(st, &rows[len], err);
		if (rc < 0) {
			free(rows[len].note);
			break;
		}
		len++;
		rc = 0;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = wt_store_fail(s->db, rc, "lezen van gebeurtenissen", err);
	stmt_done(st);
	if (rc < 0) {
		wt_store_events_free(rows, len);
		return rc;
	}
	*out = rows;
	*n = len;
	return 0;
}

/* The SQL of queue variant `v` (filters as WT_QUEUE_* bits); constant fragments only. */
static void queue_sql(unsigned v, int explain, char *out, size_t size)
{
	snprintf(out, size, "%sSELECT " CASE_COLUMNS " FROM cases WHERE terminal = :terminal%s%s%s%s "
			    "ORDER BY deadline_sort, id",
		 explain ? "EXPLAIN QUERY PLAN " : "", (v & WT_QUEUE_CITY) ? " AND city = :city" : "",
		 (v & WT_QUEUE_STATE) ? " AND state = :state" : "",
		 (v & WT_QUEUE_OVERDUE) ? " AND deadline <> 0 AND deadline_sort < :now" : "",
		 (v & WT_QUEUE_SUBMITTER) ? " AND submitter = :submitter" : "");
}

static unsigned queue_variant(const wt_queue_query *q)
{
	return (q->city != NULL ? WT_QUEUE_CITY : 0u) | (q->state != NULL ? WT_QUEUE_STATE : 0u) |
	       (q->overdue ? WT_QUEUE_OVERDUE : 0u) | (q->submitter != NULL ? WT_QUEUE_SUBMITTER : 0u);
}

/* Binds the named parameters that statement st has. */
static int queue_bind(wt_store *s, sqlite3_stmt *st, const wt_queue_query *q, int terminal,
		      wt_error *err)
{
	int rc = 0, i;

	if ((i = sqlite3_bind_parameter_index(st, ":terminal")) > 0)
		rc = bind_int(s, st, i, terminal, err);
	if (rc == 0 && (i = sqlite3_bind_parameter_index(st, ":city")) > 0)
		rc = bind_str(s, st, i, q->city, err);
	if (rc == 0 && (i = sqlite3_bind_parameter_index(st, ":state")) > 0)
		rc = bind_str(s, st, i, q->state, err);
	if (rc == 0 && (i = sqlite3_bind_parameter_index(st, ":now")) > 0)
		rc = bind_int(s, st, i, q->now, err);
	if (rc == 0 && (i = sqlite3_bind_parameter_index(st, ":submitter")) > 0)
		rc = bind_str(s, st, i, q->submitter, err);
	return rc;
}

/* One ordered stream of queue rows: the terminal or the non-terminal cases. */
typedef struct queue_cursor {
	sqlite3_stmt *st;
	int have;
	wt_case_row row;
} queue_cursor;

static int cursor_next(wt_store *s, queue_cursor *c, wt_error *err)
{
	int rc;

	c->have = 0;
	if (c->st == NULL)
		return 0;
	rc = sqlite3_step(c->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return wt_store_fail(s->db, rc, "lezen van de wachtrij", err);
	rc = wt_store_read_case(c->st, &c->row, err);
	if (rc == 0)
		c->have = 1;
	return rc;
}

static int64_t sort_key(const wt_case_row *r)
{
	return r->deadline != 0 ? r->deadline : WT_STORE_NO_DEADLINE_SORT;
}

/* 1 when a comes before b in queue order (the same order as ORDER BY deadline_sort, id). */
static int queue_before(const wt_case_row *a, const wt_case_row *b)
{
	int64_t ka = sort_key(a), kb = sort_key(b);

	if (ka != kb)
		return ka < kb;
	return strcmp(a->id, b->id) < 0;
}

static int queue_stmt(wt_store *s, unsigned terminal, unsigned v, sqlite3_stmt **out, wt_error *err)
{
	char sql[WT_STORE_QUEUE_SQL_MAX];
	int rc;

	if (s->queue[terminal][v] == NULL) {
		queue_sql(v, 0, sql, sizeof(sql));
		rc = sqlite3_prepare_v2(s->db, sql, -1, &s->queue[terminal][v], NULL);
		if (rc != SQLITE_OK)
			return wt_store_fail(s->db, rc, "voorbereiden van de wachtrij", err);
	}
	*out = s->queue[terminal][v];
	return 0;
}

/*
 * The non-terminal cases come from one index range in queue order. With include_terminal the
 * terminal cases are a second such range, merged here row by row, so that the cost stays
 * proportional to the rows visited.
 */
int wt_store_queue(wt_store *s, const wt_queue_query *q, wt_store_case_cb cb, void *payload,
		   wt_error *err)
{
	queue_cursor c[WT_QUEUE_CURSORS];
	queue_cursor *pick;
	unsigned v = queue_variant(q), t, streams = q->include_terminal ? 2u : 1u;
	int rc = 0;

	memset(c, 0, sizeof(c));
	for (t = 0; rc == 0 && t < streams; t++) {
		rc = queue_stmt(s, t, v, &c[t].st, err);
		if (rc == 0)
			rc = queue_bind(s, c[t].st, q, (int)t, err);
		if (rc == 0)
			rc = cursor_next(s, &c[t], err);
	}
	while (rc == 0 && (c[0].have || c[1].have)) {
		if (!c[1].have || (c[0].have && queue_before(&c[0].row, &c[1].row)))
			pick = &c[0];
		else
			pick = &c[1];
		if (cb(&pick->row, payload) != 0)
			break;
		rc = cursor_next(s, pick, err);
	}
	for (t = 0; t < WT_QUEUE_CURSORS; t++)
		stmt_done(c[t].st);
	return rc;
}

int wt_store_queue_plan(wt_store *s, const wt_queue_query *q, wt_buf *out, wt_error *err)
{
	char sql[WT_STORE_QUEUE_SQL_MAX];
	sqlite3_stmt *st = NULL;
	const unsigned char *detail;
	int rc;

	queue_sql(queue_variant(q), 1, sql, sizeof(sql));
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = queue_bind(s, st, q, 0, err) < 0 ? SQLITE_ERROR : SQLITE_OK;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* Columns: id, parent, notused, detail. */
		detail = sqlite3_column_text(st, 3);
		if (wt_buf_addstr(out, detail != NULL ? (const char *)detail : "") < 0 ||
		    wt_buf_addch(out, '\n') < 0)
			rc = SQLITE_NOMEM;
		else
			rc = SQLITE_OK;
	}
	rc = rc == SQLITE_DONE ? 0 : wt_store_fail(s->db, rc, "uitleggen van de wachtrij", err);
	sqlite3_finalize(st);
	return rc;
}

int wt_store_cases(wt_store *s, wt_store_case_cb cb, void *payload, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	wt_case_row row;
	int rc;

	rc = stmt_get(s, WT_STMT_CASES, &st, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = wt_store_read_case(st, &row, err);
		if (rc < 0 || cb(&row, payload) != 0)
			break;
	}
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		rc = 0;
	else if (rc > 0)
		rc = wt_store_fail(s->db, rc, "lezen van de dossiers", err);
	stmt_done(st);
	return rc;
}

static int count_rows(wt_store *s, enum wt_store_stmt which, long *out, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = stmt_get(s, which, &st, err);
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = (long)sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = wt_store_fail(s->db, rc, "tellen van de rijen", err);
	}
	stmt_done(st);
	return rc;
}

int wt_store_count(wt_store *s, long *cases, long *events, wt_error *err)
{
	int rc = 0;

	if (cases != NULL)
		rc = count_rows(s, WT_STMT_COUNT_CASES, cases, err);
	if (rc == 0 && events != NULL)
		rc = count_rows(s, WT_STMT_COUNT_EVENTS, events, err);
	return rc;
}

int wt_store_clear(wt_store *s, wt_error *err)
{
	/* Children first: the cascade would otherwise visit every event once more. */
	static const char sql[] = "DELETE FROM events; DELETE FROM cases; DELETE FROM meta;";
	int own = sqlite3_get_autocommit(s->db), rc;

	if (own) {
		rc = wt_store_begin(s, err);
		if (rc < 0)
			return rc;
	}
	rc = wt_store_exec(s->db, sql, "leegmaken", err);
	if (own) {
		if (rc == 0)
			rc = wt_store_commit(s, err);
		else
			wt_store_rollback(s);
	}
	return rc;
}

/* ---- verify: every case and its events in one ordered pass ---- */

struct wt_store_scan {
	wt_store *s;
	sqlite3_stmt *cases;  /* by id */
	sqlite3_stmt *events; /* by case id, then number */
	int case_state;       /* 0 nothing read yet, 1 a row waits in `row`, 2 done */
	int event_state;      /* the same for `ev` */
	wt_case_row row;
	wt_event_row ev;
};

int wt_store_scan_open(wt_store *s, wt_store_scan **out, wt_error *err)
{
	wt_store_scan *sc = calloc(1, sizeof(*sc));
	int rc;

	*out = NULL;
	if (sc == NULL)
		return wt_error_set(err, WT_EENV, "geen_geheugen",
				    "Onvoldoende geheugen bij het lezen van de index.");
	sc->s = s;
	rc = sqlite3_prepare_v2(s->db, "SELECT " CASE_COLUMNS " FROM cases ORDER BY id", -1,
				&sc->cases, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db,
					"SELECT " EVENT_COLUMNS " FROM events ORDER BY case_id, seq", -1,
					&sc->events, NULL);
	if (rc != SQLITE_OK) {
		rc = wt_store_fail(s->db, rc, "lezen van de index", err);
		wt_store_scan_free(sc);
		return rc;
	}
	*out = sc;
	return 0;
}

void wt_store_scan_free(wt_store_scan *sc)
{
	if (sc == NULL)
		return;
	sqlite3_finalize(sc->cases);
	sqlite3_finalize(sc->events);
	free(sc->ev.note);
	free(sc);
}

/* Steps st into a waiting row (state 1) or to the end (state 2). 0 or an error. */
static int scan_step(wt_store_scan *sc, int is_case, wt_error *err)
{
	sqlite3_stmt *st = is_case ? sc->cases : sc->events;
	int *state = is_case ? &sc->case_state : &sc->event_state;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE) {
		*state = 2;
		return 0;
	}
	if (rc != SQLITE_ROW)
		return wt_store_fail(sc->s->db, rc, is_case ? "lezen van dossiers" : "lezen van gebeurtenissen",
				     err);
	if (!is_case) {
		free(sc->ev.note);
		sc->ev.note = NULL;
	}
	rc = is_case ? wt_store_read_case(st, &sc->row, err) : read_event(st, &sc->ev, err);
	if (rc < 0)
		return rc;
	*state = 1;
	return 0;
}

int wt_store_scan_case(wt_store_scan *sc, const char *id, wt_case_row *out, wt_event_row **events,
		       size_t *n, wt_error *err)
{
	wt_event_row *rows = NULL;
	size_t len = 0, cap = 0;
	int rc = 0, found;

	*events = NULL;
	*n = 0;
	/* Rows before id belong to cases without a ref; verify names those from wt_store_cases. */
	while (rc == 0 && sc->case_state != 2 && (sc->case_state == 0 || strcmp(sc->row.id, id) < 0))
		rc = scan_step(sc, 1, err);
	if (rc < 0)
		return rc;
	found = sc->case_state == 1 && strcmp(sc->row.id, id) == 0;
	if (!found)
		return 1;
	*out = sc->row;
	while (rc == 0 && sc->event_state != 2 &&
	       (sc->event_state == 0 || strcmp(sc->ev.case_id, id) < 0))
		rc = scan_step(sc, 0, err);
	while (rc == 0 && sc->event_state == 1 && strcmp(sc->ev.case_id, id) == 0) {
		rc = room_for_event(&rows, len, &cap, err);
		if (rc < 0)
			break;
		rows[len++] = sc->ev;
		sc->ev.note = NULL; /* now the row's */
		rc = scan_step(sc, 0, err);
	}
	if (rc < 0) {
		/* The case row was read: only its events are unknown. */
		wt_store_events_free(rows, len);
		return 2;
	}
	*events = rows;
	*n = len;
	return 0;
}
