/* schema.c: the index schema and its migrations, upkeep (integrity, tidy), Dutch SQLite errors. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Room for "PRAGMA user_version = N". */
#define PRAGMA_SQL_MAX 64

/*
 * The migrations: step i takes a file from user_version i to i + 1, in its own transaction.
 * Append a step (and raise WT_STORE_SCHEMA_VERSION) to change the schema; never edit one that
 * has shipped.
 *
 * Queue ordering: deadline_sort is the deadline, or the largest integer when there is none,
 * so that "ORDER BY deadline_sort, id" puts cases without a deadline last. Each queue filter
 * combination (none, city, state, city + state) has an index that starts with its equality
 * columns and terminal, and ends in (deadline_sort, id): the queue is then read in index order,
 * without sorting, and costs what it shows.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY NOT NULL,"
	"  value TEXT NOT NULL"
	");"
	"CREATE TABLE cases ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  city TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  terminal INTEGER NOT NULL CHECK (terminal IN (0, 1)),"
	"  deadline INTEGER NOT NULL,"
	"  deadline_sort INTEGER GENERATED ALWAYS AS"
	"    (CASE WHEN deadline = 0 THEN 9223372036854775807 ELSE deadline END) VIRTUAL,"
	"  spoed INTEGER NOT NULL,"
	"  submitter TEXT NOT NULL,"
	"  submitter_org TEXT NOT NULL,"
	"  aard TEXT NOT NULL,"
	"  workflow_version TEXT NOT NULL,"
	"  head TEXT NOT NULL,"
	"  events INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  state_entered INTEGER NOT NULL"
	");"
	"CREATE INDEX cases_queue ON cases (terminal, deadline_sort, id);"
	"CREATE INDEX cases_queue_city ON cases (city, terminal, deadline_sort, id);"
	"CREATE INDEX cases_queue_state ON cases (state, terminal, deadline_sort, id);"
	"CREATE INDEX cases_queue_city_state ON cases (city, state, terminal, deadline_sort, id);"
	"CREATE TABLE events ("
	"  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  commit_oid TEXT NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  from_state TEXT NOT NULL,"
	"  to_state TEXT NOT NULL,"
	"  note TEXT,"
	"  PRIMARY KEY (case_id, seq)"
	") WITHOUT ROWID;",
	/* 1 -> 2: deadline notices recorded by tick, and the notification outbox. The outbox is
	 * not derived data like the rest: it remembers what was delivered, so reindex keeps it. */
	"ALTER TABLE cases ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cases ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE outbox ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  case_id TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  endpoint TEXT NOT NULL,"
	"  kinds TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('wachtend', 'afgeleverd', 'mislukt')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL,"
	"  lease_until INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  delivered INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX outbox_due ON outbox (status, next_attempt, id);",
	/* 2 -> 3: the queue of a requester who sees only the cases they submitted (inzage: eigen)
	 * reads them in queue order from an index of their own, not by skipping everyone else's. */
	"CREATE INDEX cases_queue_submitter ON cases (submitter, terminal, deadline_sort, id);",
	/* 3 -> 4: the blob id of the dossier's pinned workflow.yaml, so that queue judges a case by
	 * the definition it follows even when a city's file changed without a new
	 * definitie_versie. Rows from before are '' (unknown) until their case changes or reindex
	 * runs; queue then looks the id up in the case's own tree. */
	"ALTER TABLE cases ADD COLUMN workflow_blob TEXT NOT NULL DEFAULT '';",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == WT_STORE_SCHEMA_VERSION,
	       "one migration step per schema version");

int wt_store_fail(sqlite3 *db, int rc, const char *what, wt_error *err)
{
	const char *detail = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return wt_error_set(err, WT_EENV, "index_bezet",
				    "De index is bezet: een ander weegteam-proces schrijft erin en is niet "
				    "op tijd klaar (%s). Probeer het zo opnieuw.",
				    detail);
	case SQLITE_NOTADB:
		return wt_error_set(err, WT_EENV, "index_geen_database",
				    "Het indexbestand is geen SQLite-database (%s). Verwijder het en draai "
				    "'weegteam reindex'.",
				    detail);
	case SQLITE_CORRUPT:
		return wt_error_set(err, WT_EENV, "index_beschadigd",
				    "De index is beschadigd bij het %s (%s). Verwijder het indexbestand en "
				    "draai 'weegteam reindex'.",
				    what, detail);
	case SQLITE_FULL:
		return wt_error_set(err, WT_EENV, "schijf_vol",
				    "De schijf is vol: het %s in de index is mislukt (%s).", what, detail);
	case SQLITE_NOMEM:
		return wt_error_set(err, WT_EENV, "geen_geheugen",
				    "Onvoldoende geheugen voor het %s in de index (%s).", what, detail);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_READONLY:
		return wt_error_set(err, WT_EENV, "index_niet_toegankelijk",
				    "De index is niet toegankelijk bij het %s (%s). Controleer de map en "
				    "de rechten.",
				    what, detail);
	default:
		return wt_error_set(err, WT_EENV, "index_fout", "Het %s in de index is mislukt (%s).",
				    what, detail);
	}
}

int wt_store_exec(sqlite3 *db, const char *sql, const char *what, wt_error *err)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return wt_store_fail(db, rc, what, err);
	return 0;
}

/* Reads PRAGMA user_version into *version. */
static int read_version(sqlite3 *db, int *version, wt_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*version = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK) {
		rc = wt_store_fail(db, rc, "lezen van de schemaversie", err);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return 0;
}

static int refuse_newer(const char *path, int version, wt_error *err)
{
	wt_error_set(err, WT_EENV, "index_te_nieuw",
		     "De index is gemaakt door een nieuwere versie van weegteam (schemaversie %d; deze "
		     "versie kent tot en met %d). Werk weegteam bij, of verwijder het indexbestand en "
		     "draai 'weegteam reindex'.",
		     version, WT_STORE_SCHEMA_VERSION);
	wt_error_at(err, path, 0, 0, NULL);
	return -WT_EENV;
}

/* Runs migration step `from` (from -> from + 1) unless another process already did. */
static int migrate_step(sqlite3 *db, const char *path, int from, int *now_at, wt_error *err)
{
	char sql[PRAGMA_SQL_MAX];
	int rc, version = 0;

	rc = wt_store_exec(db, "BEGIN IMMEDIATE", "bijwerken van het schema", err);
	if (rc < 0)
		return rc;
	/* Re-read under the write lock: a concurrent open may have migrated meanwhile. */
	rc = read_version(db, &version, err);
	if (rc < 0)
		goto fail;
	if (version > WT_STORE_SCHEMA_VERSION) {
		rc = refuse_newer(path, version, err);
		goto fail;
	}
	if (version == from) {
		rc = wt_store_exec(db, migrations[from], "bijwerken van het schema", err);
		if (rc < 0)
			goto fail;
		/* PRAGMA takes no bound parameters; the value is our own small integer. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", from + 1);
		rc = wt_store_exec(db, sql, "bijwerken van de schemaversie", err);
		if (rc < 0)
			goto fail;
		version = from + 1;
	}
	rc = wt_store_exec(db, "COMMIT", "bijwerken van het schema", err);
	if (rc < 0)
		goto fail;
	*now_at = version;
	return 0;
fail:
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int wt_store_schema_migrate(sqlite3 *db, const char *path, wt_error *err)
{
	int rc, version = 0;

	rc = read_version(db, &version, err);
	if (rc < 0)
		return rc;
	if (version > WT_STORE_SCHEMA_VERSION)
		return refuse_newer(path, version, err);
	if (version < 0) {
		wt_error_set(err, WT_EENV, "index_onbekende_versie",
			     "De index heeft een onbekende schemaversie (%d). Verwijder het indexbestand "
			     "en draai 'weegteam reindex'.",
			     version);
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EENV;
	}
	while (version < WT_STORE_SCHEMA_VERSION) {
		rc = migrate_step(db, path, version, &version, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Reads the first row's first column of a PRAGMA into out ("" when there is no row). */
static int pragma_first(sqlite3 *db, const char *sql, char *out, size_t size, const char *what,
			wt_error *err)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *t;
	int rc;

	out[0] = '\0';
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		t = sqlite3_column_text(st, 0);
		snprintf(out, size, "%s", t != NULL ? (const char *)t : "?");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	rc = rc == SQLITE_OK ? 0 : wt_store_fail(db, rc, what, err);
	sqlite3_finalize(st);
	return rc;
}

int wt_store_integrity(wt_store *s, wt_error *err)
{
	char first[WT_ERROR_MESSAGE_MAX / 2];
	int rc;

	rc = pragma_first(s->db, "PRAGMA integrity_check", first, sizeof(first),
			  "controleren van de index", err);
	if (rc < 0)
		return rc;
	if (strcmp(first, "ok") != 0)
		return wt_error_set(err, WT_EINTEGRITY, "index_integriteit",
				    "De index is beschadigd (%s). Draai 'weegteam reindex'.", first);
	/* Column 0 of foreign_key_check is the table holding the orphan row. */
	rc = pragma_first(s->db, "PRAGMA foreign_key_check", first, sizeof(first),
			  "controleren van de index", err);
	if (rc < 0)
		return rc;
	if (first[0] != '\0')
		return wt_error_set(err, WT_EINTEGRITY, "index_integriteit",
				    "De index bevat rijen zonder bijbehorend dossier (tabel %s). Draai "
				    "'weegteam reindex'.",
				    first);
	return 0;
}

int wt_store_tidy(wt_store *s, wt_error *err)
{
	char busy[PRAGMA_SQL_MAX];
	int rc;

	if (!sqlite3_get_autocommit(s->db))
		return wt_error_set(err, WT_EENV, "index_transactie",
				    "Interne fout: de index kan niet worden opgeruimd tijdens een "
				    "transactie.");
	/* A checkpoint that readers keep from finishing (busy = 1) is not an error: the next
	 * maintain completes it. */
	rc = pragma_first(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", busy, sizeof(busy),
			  "opruimen van het logbestand", err);
	if (rc == 0)
		rc = wt_store_exec(s->db, "PRAGMA optimize", "optimaliseren", err);
	return rc;
}

int wt_store_set_durable(wt_store *s, int durable, wt_error *err)
{
	return wt_store_exec(s->db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF",
			     "instellen van de duurzaamheid", err);
}
