/* outbox.c: the notification outbox in the index, and the deadlines tick must note. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define OUTBOX_COLUMNS                                                                           \
	"id, case_id, seq, endpoint, kinds, body, created, status, attempts, next_attempt, "       \
	"lease_until, last_error, delivered"

/* Most rows one list or claim returns. */
#define WT_OUTBOX_LIST_MAX 10000

static int prepare(wt_store *s, const char *sql, sqlite3_stmt **st, wt_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return wt_store_fail(s->db, rc, "voorbereiden van een opdracht", err);
	return 0;
}

static int step_done(wt_store *s, sqlite3_stmt *st, const char *what, wt_error *err)
{
	int rc = sqlite3_step(st);

	return rc == SQLITE_DONE ? 0 : wt_store_fail(s->db, rc, what, err);
}

static void copy_col(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	if (t == NULL || wt_strlcpy(dst, (const char *)t, cap) < 0)
		dst[0] = '\0';
}

static int read_row(sqlite3_stmt *st, wt_outbox_row *r, wt_error *err)
{
	const unsigned char *body;

	memset(r, 0, sizeof(*r));
	copy_col(st, 0, r->id, sizeof(r->id));
	copy_col(st, 1, r->case_id, sizeof(r->case_id));
	r->seq = (long)sqlite3_column_int64(st, 2);
	copy_col(st, 3, r->endpoint, sizeof(r->endpoint));
	copy_col(st, 4, r->kinds, sizeof(r->kinds));
	body = sqlite3_column_text(st, 5);
	r->body = wt_strdup(body ? (const char *)body : "");
	if (r->body == NULL)
		return wt_error_set(err, WT_EENV, "geen_geheugen", "Onvoldoende geheugen bij het lezen van de index.");
	r->created = sqlite3_column_int64(st, 6);
	copy_col(st, 7, r->status, sizeof(r->status));
	r->attempts = (long)sqlite3_column_int64(st, 8);
	r->next_attempt = sqlite3_column_int64(st, 9);
	r->lease_until = sqlite3_column_int64(st, 10);
	copy_col(st, 11, r->last_error, sizeof(r->last_error));
	r->delivered = sqlite3_column_int64(st, 12);
	return 0;
}

void wt_store_outbox_free(wt_outbox_row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows != NULL && i < n; i++)
		free(rows[i].body);
	free(rows);
}

/* Reads every row of st into a new array. */
static int read_rows(wt_store *s, sqlite3_stmt *st, wt_outbox_row **out, size_t *n, wt_error *err)
{
	wt_outbox_row *rows = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			wt_outbox_row *p;
			cap = cap ? cap * 2 : 16;
			p = realloc(rows, cap * sizeof(*rows));
			if (p == NULL) {
				wt_store_outbox_free(rows, *n);
				*n = 0;
				return wt_error_set(err, WT_EENV, "geen_geheugen", "Onvoldoende geheugen.");
			}
			rows = p;
		}
		if (read_row(st, &rows[*n], err) < 0) {
			wt_store_outbox_free(rows, *n);
			*n = 0;
			return -WT_EENV;
		}
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		wt_store_outbox_free(rows, *n);
		*n = 0;
		return wt_store_fail(s->db, rc, "lezen van de meldingen", err);
	}
	*out = rows;
	return 0;
}

int wt_store_outbox_put(wt_store *s, const wt_outbox_row *r, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s,
			 "INSERT OR IGNORE INTO outbox (" OUTBOX_COLUMNS ") VALUES "
			 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, 0, NULL, 0)",
			 &st, err);

	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->seq);
	sqlite3_bind_text(st, 4, r->endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->kinds, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, r->created);
	sqlite3_bind_text(st, 8, r->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, r->next_attempt);
	rc = step_done(s, st, "opslaan van een melding", err);
	if (rc == 0)
		rc = sqlite3_changes(s->db) == 1 ? 0 : 1;
	sqlite3_finalize(st);
	return rc;
}

int wt_store_outbox_claim(wt_store *s, int64_t now, int64_t lease_until, size_t max,
			  wt_outbox_row **out, size_t *n, wt_error *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	rc = wt_store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = prepare(s,
		     "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status = 'wachtend' AND "
		     "next_attempt <= ?1 AND lease_until <= ?1 ORDER BY next_attempt, id LIMIT ?2",
		     &sel, err);
	if (rc == 0)
		rc = prepare(s, "UPDATE outbox SET lease_until = ?2 WHERE id = ?1", &upd, err);
	if (rc == 0) {
		sqlite3_bind_int64(sel, 1, now);
		sqlite3_bind_int64(sel, 2, (sqlite3_int64)(max < WT_OUTBOX_LIST_MAX ? max : WT_OUTBOX_LIST_MAX));
		rc = read_rows(s, sel, out, n, err);
	}
	for (i = 0; rc == 0 && i < *n; i++) {
		sqlite3_reset(upd);
		sqlite3_bind_text(upd, 1, (*out)[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, lease_until);
		rc = step_done(s, upd, "vasthouden van een melding", err);
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	if (rc == 0)
		rc = wt_store_commit(s, err);
	else
		wt_store_rollback(s);
	if (rc < 0) {
		wt_store_outbox_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int wt_store_outbox_result(wt_store *s, const char *id, int delivered, int final, int64_t now,
			   int64_t next_attempt, const char *error_text, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s,
			 "UPDATE outbox SET attempts = attempts + 1, lease_until = 0, status = ?2, "
			 "next_attempt = ?3, last_error = ?4, delivered = ?5 WHERE id = ?1",
			 &st, err);

	if (rc < 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, delivered ? WT_OUTBOX_DELIVERED : final ? WT_OUTBOX_FAILED : WT_OUTBOX_PENDING,
			  -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, delivered ? 0 : next_attempt);
	if (error_text != NULL && !delivered)
		sqlite3_bind_text(st, 4, error_text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, delivered ? now : 0);
	rc = step_done(s, st, "bijwerken van een melding", err);
	sqlite3_finalize(st);
	return rc;
}

int wt_store_outbox_list(wt_store *s, const char *status, size_t max, wt_outbox_row **out,
			 size_t *n, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s,
			 "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE ?1 IS NULL OR status = ?1 "
			 "ORDER BY created DESC, id DESC LIMIT ?2",
			 &st, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	if (status != NULL)
		sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(max < WT_OUTBOX_LIST_MAX ? max : WT_OUTBOX_LIST_MAX));
	rc = read_rows(s, st, out, n, err);
	sqlite3_finalize(st);
	return rc;
}

int wt_store_outbox_retry(wt_store *s, const char *id, int64_t now, size_t *n, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s,
			 "UPDATE outbox SET status = 'wachtend', attempts = 0, next_attempt = ?2, "
			 "lease_until = 0 WHERE status = 'mislukt' AND (?1 IS NULL OR id = ?1)",
			 &st, err);

	*n = 0;
	if (rc < 0)
		return rc;
	if (id != NULL)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = step_done(s, st, "opnieuw aanbieden van meldingen", err);
	if (rc == 0)
		*n = (size_t)sqlite3_changes(s->db);
	sqlite3_finalize(st);
	return rc;
}

int wt_store_outbox_counts(wt_store *s, long *pending, long *delivered, long *failed, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s, "SELECT status, count(*) FROM outbox GROUP BY status", &st, err);

	if (pending)
		*pending = 0;
	if (delivered)
		*delivered = 0;
	if (failed)
		*failed = 0;
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *k = sqlite3_column_text(st, 0);
		long v = (long)sqlite3_column_int64(st, 1);
		if (k == NULL)
			continue;
		if (pending && strcmp((const char *)k, WT_OUTBOX_PENDING) == 0)
			*pending = v;
		else if (delivered && strcmp((const char *)k, WT_OUTBOX_DELIVERED) == 0)
			*delivered = v;
		else if (failed && strcmp((const char *)k, WT_OUTBOX_FAILED) == 0)
			*failed = v;
	}
	rc = rc == SQLITE_DONE ? 0 : wt_store_fail(s->db, rc, "tellen van de meldingen", err);
	sqlite3_finalize(st);
	return rc;
}

int wt_store_deadlines_due(wt_store *s, int64_t now, int64_t horizon, wt_store_case_cb cb,
			   void *payload, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = prepare(s,
			 "SELECT " WT_STORE_CASE_COLUMNS " FROM cases WHERE terminal = 0 AND "
			 "deadline_sort <= ?2 AND (warned != deadline OR "
			 "(deadline <= ?1 AND escalated != deadline)) ORDER BY deadline_sort, id",
			 &st, err);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, horizon);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		wt_case_row row;
		if (wt_store_read_case(st, &row, err) < 0) {
			sqlite3_finalize(st);
			return -WT_EENV;
		}
		if (cb(&row, payload) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : wt_store_fail(s->db, rc, "zoeken naar termijnen", err);
	sqlite3_finalize(st);
	return rc;
}
