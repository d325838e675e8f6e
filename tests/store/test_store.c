/* test_store.c: the SQLite index on real files: schema, rows, queue order and plan, locking. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define PATH_MAX_TEST 256
#define BULK_CASES 100000
#define BULK_TOP 50
#define MAX_SEEN 64

static char dir[PATH_MAX_TEST];
static char db_path[PATH_MAX_TEST + 32];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s", "/tmp/wt-store-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db_path, sizeof(db_path), "%s/index.sqlite", dir);
}

static void teardown(void)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[PATH_MAX_TEST + 64];
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", db_path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
}

TestSuite(store, .init = setup, .fini = teardown);

static wt_store *open_ok(void)
{
	wt_store *s = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_store_open(&s, db_path, &err), 0, "%s", err.message);
	cr_assert_not_null(s);
	return s;
}

/* Runs one statement on the file directly and returns the first column as text. */
static void raw_query(const char *sql, char *out, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const unsigned char *t;

	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW) {
		t = sqlite3_column_text(st, 0);
		snprintf(out, size, "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void raw_exec(const char *sql)
{
	sqlite3 *db = NULL;

	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void make_case(wt_case_row *r, const char *id, const char *city, const char *state,
		      int64_t deadline, int terminal)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->city, sizeof(r->city), "%s", city);
	snprintf(r->state, sizeof(r->state), "%s", state);
	r->deadline = deadline;
	r->terminal = terminal;
	snprintf(r->submitter, sizeof(r->submitter), "%s", "jdevries");
	snprintf(r->submitter_org, sizeof(r->submitter_org), "%s", "veilig-thuis");
	snprintf(r->aard, sizeof(r->aard), "%s", "partnergeweld,kindermishandeling");
	snprintf(r->workflow_version, sizeof(r->workflow_version), "%s", "2026.1");
	snprintf(r->head, sizeof(r->head), "%s", "0123456789abcdef0123456789abcdef01234567");
	r->events = 1;
	r->created = 1795856400;
	r->updated = 1795860000;
	r->state_entered = 1795860000;
}

static void put_case(wt_store *s, const wt_case_row *r)
{
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_store_case_put(s, r, &err), 0, "%s", err.message);
}

static void make_event(wt_event_row *e, const char *case_id, long seq, const char *note)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->case_id, sizeof(e->case_id), "%s", case_id);
	e->seq = seq;
	snprintf(e->commit, sizeof(e->commit), "%040ld", seq);
	e->time = 1795856400 + seq * 60;
	snprintf(e->actor, sizeof(e->actor), "%s", "kbakker");
	snprintf(e->role, sizeof(e->role), "%s", "weegteam");
	snprintf(e->action, sizeof(e->action), "%s", "beoordelen");
	snprintf(e->from_state, sizeof(e->from_state), "%s", "intake");
	snprintf(e->to_state, sizeof(e->to_state), "%s", "weegteam");
	e->note = (char *)note;
}

/* Collects queue results. */
typedef struct seen {
	char ids[MAX_SEEN][32];
	size_t n;
	size_t stop_after; /* 0 = never */
} seen;

static int collect(const wt_case_row *row, void *payload)
{
	seen *v = payload;

	if (v->n < MAX_SEEN)
		snprintf(v->ids[v->n], sizeof(v->ids[v->n]), "%s", row->id);
	v->n++;
	return v->stop_after != 0 && v->n >= v->stop_after;
}

static void run_queue(wt_store *s, const wt_queue_query *q, seen *v)
{
	wt_error err;
	size_t stop = v->stop_after;

	memset(v, 0, sizeof(*v));
	v->stop_after = stop;
	wt_error_clear(&err);
	cr_assert_eq(wt_store_queue(s, q, collect, v, &err), 0, "%s", err.message);
}

static void expect_ids(const seen *v, const char *const *ids, size_t n)
{
	size_t i;

	cr_assert_eq(v->n, n, "expected %zu cases, got %zu", n, v->n);
	for (i = 0; i < n; i++)
		cr_assert_str_eq(v->ids[i], ids[i], "position %zu", i);
}

Test(store, open_creates_schema_in_wal_mode)
{
	wt_store *s = open_ok();
	char out[64];

	wt_store_free(s);
	raw_query("PRAGMA user_version", out, sizeof(out));
	cr_assert_eq(strtol(out, NULL, 10), WT_STORE_SCHEMA_VERSION);
	raw_query("PRAGMA journal_mode", out, sizeof(out));
	cr_assert_str_eq(out, "wal");
	raw_query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
		  "name IN ('meta', 'cases', 'events')",
		  out, sizeof(out));
	cr_assert_str_eq(out, "3");
}

Test(store, reopen_is_idempotent)
{
	wt_store *s = open_ok();
	wt_case_row r, back;
	wt_error err;
	char out[64];

	make_case(&r, "2026-RTM-0001", "rotterdam", "intake", 0, 0);
	put_case(s, &r);
	wt_store_free(s);
	s = open_ok();
	wt_store_free(s);
	s = open_ok();
	cr_assert_eq(wt_store_case_get(s, "2026-RTM-0001", &back, &err), 0, "%s", err.message);
	cr_assert_str_eq(back.state, "intake");
	wt_store_free(s);
	raw_query("PRAGMA user_version", out, sizeof(out));
	cr_assert_eq(strtol(out, NULL, 10), WT_STORE_SCHEMA_VERSION);
}

Test(store, refuses_newer_schema)
{
	wt_store *s = open_ok();
	wt_error err;

	wt_store_free(s);
	raw_exec("PRAGMA user_version = 99");
	wt_error_clear(&err);
	cr_assert_eq(wt_store_open(&s, db_path, &err), -WT_EENV);
	cr_assert_null(s);
	cr_assert_str_eq(err.key, "index_te_nieuw");
	cr_assert(strstr(err.message, "nieuwere versie van weegteam") != NULL, "%s", err.message);
	cr_assert(strstr(err.message, "99") != NULL, "%s", err.message);
	cr_assert_str_eq(err.file, db_path);
}

Test(store, refuses_file_that_is_no_database)
{
	FILE *f = fopen(db_path, "wb");
	wt_store *s = NULL;
	wt_error err;
	int i;

	cr_assert_not_null(f);
	for (i = 0; i < 200; i++)
		fputs("Dit is geen database maar gewone tekst.\n", f);
	fclose(f);
	wt_error_clear(&err);
	cr_assert_eq(wt_store_open(&s, db_path, &err), -WT_EENV);
	cr_assert_null(s);
	cr_assert_str_eq(err.key, "index_geen_database");
	cr_assert(strstr(err.message, "geen SQLite-database") != NULL, "%s", err.message);
	cr_assert(strstr(err.message, "(") != NULL, "sqlite message in parentheses: %s", err.message);
}

Test(store, refuses_unreachable_path)
{
	wt_store *s = NULL;
	wt_error err;
	char p[PATH_MAX_TEST + 32];

	snprintf(p, sizeof(p), "%s/bestaat-niet/index.sqlite", dir);
	wt_error_clear(&err);
	cr_assert_eq(wt_store_open(&s, p, &err), -WT_EENV);
	cr_assert_null(s);
	cr_assert_str_eq(err.key, "index_niet_toegankelijk");
}

Test(store, case_round_trip_keeps_every_field)
{
	wt_store *s = open_ok();
	wt_case_row r, back;
	wt_error err;

	make_case(&r, "2026-RTM-0001", "rotterdam", "weegteam", 1795900000, 1);
	r.spoed = 1;
	r.events = 7;
	r.created = -5;
	r.updated = 1795999999;
	r.state_entered = 1795888888;
	put_case(s, &r);
	memset(&back, 0x55, sizeof(back));
	cr_assert_eq(wt_store_case_get(s, "2026-RTM-0001", &back, &err), 0, "%s", err.message);
	cr_assert_str_eq(back.id, r.id);
	cr_assert_str_eq(back.city, "rotterdam");
	cr_assert_str_eq(back.state, "weegteam");
	cr_assert_eq(back.terminal, 1);
	cr_assert_eq(back.deadline, 1795900000);
	cr_assert_eq(back.spoed, 1);
	cr_assert_str_eq(back.submitter, "jdevries");
	cr_assert_str_eq(back.submitter_org, "veilig-thuis");
	cr_assert_str_eq(back.aard, "partnergeweld,kindermishandeling");
	cr_assert_str_eq(back.workflow_version, "2026.1");
	cr_assert_str_eq(back.head, r.head);
	cr_assert_eq(back.events, 7);
	cr_assert_eq(back.created, -5);
	cr_assert_eq(back.updated, 1795999999);
	cr_assert_eq(back.state_entered, 1795888888);
	cr_assert_eq(wt_store_case_get(s, "2026-RTM-0002", &back, &err), 1);
	wt_store_free(s);
}

Test(store, case_replace_updates_and_keeps_events)
{
	wt_store *s = open_ok();
	wt_case_row r, back;
	wt_event_row e, *rows = NULL;
	size_t n = 0;
	wt_error err;

	/* As sync does: a placeholder row, the events, then the real row. */
	make_case(&r, "2026-UTR-0003", "", "", 0, 0);
	put_case(s, &r);
	make_event(&e, "2026-UTR-0003", 1, NULL);
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);
	make_case(&r, "2026-UTR-0003", "utrecht", "advies", 1795900000, 0);
	r.terminal = 5; /* any non-zero value means terminal */
	put_case(s, &r);
	cr_assert_eq(wt_store_case_get(s, "2026-UTR-0003", &back, &err), 0, "%s", err.message);
	cr_assert_str_eq(back.city, "utrecht");
	cr_assert_str_eq(back.state, "advies");
	cr_assert_eq(back.terminal, 1);
	cr_assert_eq(wt_store_events(s, "2026-UTR-0003", &rows, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 1, "the replace must not cascade into the events");
	wt_store_events_free(rows, n);
	wt_store_free(s);
}

Test(store, refuses_values_too_long)
{
	wt_store *s = open_ok();
	wt_case_row r, back;
	wt_error err;

	make_case(&r, "2026-RTM-0001", "rotterdam", "intake", 0, 0);
	memset(r.state, 'x', sizeof(r.state)); /* no terminator */
	wt_error_clear(&err);
	cr_assert_eq(wt_store_case_put(s, &r, &err), -WT_EENV);
	cr_assert_str_eq(err.key, "waarde_te_lang");
	cr_assert_str_eq(err.field, "state");
	wt_store_free(s);

	/* A value in the file that does not fit the row is an error, not a truncation. */
	raw_exec("INSERT INTO cases (id, city, state, terminal, deadline, spoed, submitter, "
		 "submitter_org, aard, workflow_version, head, events, created, updated, "
		 "state_entered) VALUES ('2026-RTM-0009', 'een-gemeentenaam-die-veel-te-lang-is-voor-de-rij', "
		 "'intake', 0, 0, 0, '', '', '', '', '', 0, 0, 0, 0)");
	s = open_ok();
	wt_error_clear(&err);
	cr_assert_eq(wt_store_case_get(s, "2026-RTM-0009", &back, &err), -WT_EENV);
	cr_assert_str_eq(err.key, "waarde_te_lang");
	cr_assert_str_eq(err.field, "city");
	wt_store_free(s);
}

Test(store, events_oldest_first_with_notes)
{
	wt_store *s = open_ok();
	wt_case_row r;
	wt_event_row e, *rows = NULL;
	size_t n = 0;
	wt_error err;
	static const char tricky[] = "Zei: \"niet doen\"; en 'toch' gedaan.\nTweede regel\\n.\n\n-- einde";

	make_case(&r, "2026-AMS-0002", "amsterdam", "intake", 0, 0);
	put_case(s, &r);
	make_case(&r, "2026-AMS-0003", "amsterdam", "intake", 0, 0);
	put_case(s, &r);
	make_event(&e, "2026-AMS-0002", 3, "derde");
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);
	make_event(&e, "2026-AMS-0002", 1, tricky);
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);
	make_event(&e, "2026-AMS-0002", 2, NULL);
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);
	make_event(&e, "2026-AMS-0003", 1, "ander dossier");
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);
	/* Replacing (case_id, seq) keeps one row. */
	make_event(&e, "2026-AMS-0002", 3, "derde, herzien");
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);

	cr_assert_eq(wt_store_events(s, "2026-AMS-0002", &rows, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 3);
	cr_assert_eq(rows[0].seq, 1);
	cr_assert_eq(rows[1].seq, 2);
	cr_assert_eq(rows[2].seq, 3);
	cr_assert_str_eq(rows[0].note, tricky);
	cr_assert_null(rows[1].note);
	cr_assert_str_eq(rows[2].note, "derde, herzien");
	cr_assert_str_eq(rows[0].case_id, "2026-AMS-0002");
	cr_assert_str_eq(rows[0].commit, "0000000000000000000000000000000000000001");
	cr_assert_eq(rows[0].time, 1795856460);
	cr_assert_str_eq(rows[0].actor, "kbakker");
	cr_assert_str_eq(rows[0].role, "weegteam");
	cr_assert_str_eq(rows[0].action, "beoordelen");
	cr_assert_str_eq(rows[0].from_state, "intake");
	cr_assert_str_eq(rows[0].to_state, "weegteam");
	wt_store_events_free(rows, n);

	cr_assert_eq(wt_store_events(s, "2026-AMS-9999", &rows, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 0);
	cr_assert_null(rows);
	wt_store_events_free(NULL, 0);
	wt_store_free(s);
}

Test(store, event_of_unknown_case_is_refused)
{
	wt_store *s = open_ok();
	wt_event_row e;
	wt_error err;

	make_event(&e, "2026-RTM-0404", 1, NULL);
	wt_error_clear(&err);
	cr_assert_eq(wt_store_event_put(s, &e, &err), -WT_EENV);
	cr_assert(strstr(err.message, "FOREIGN KEY") != NULL, "%s", err.message);
	wt_store_free(s);
}

Test(store, meta_get_and_set)
{
	wt_store *s = open_ok();
	wt_error err;
	char out[64], tiny[4];

	cr_assert_eq(wt_store_meta_get(s, "journaal_kop", out, sizeof(out), &err), 1);
	cr_assert_eq(wt_store_meta_set(s, "journaal_kop", "abc", &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_meta_set(s, "journaal_kop", "def123", &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_meta_get(s, "journaal_kop", out, sizeof(out), &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(out, "def123");
	cr_assert_eq(wt_store_meta_get(s, "journaal_kop", tiny, sizeof(tiny), &err), -WT_EENV);
	cr_assert_str_eq(err.key, "waarde_te_lang");
	wt_store_free(s);
}

/* A small archive for the queue tests. */
static void queue_fixture(wt_store *s)
{
	wt_case_row r;

	make_case(&r, "2026-RTM-0004", "rotterdam", "weegteam", 3000, 0);
	put_case(s, &r);
	make_case(&r, "2026-RTM-0002", "rotterdam", "intake", 0, 0);
	put_case(s, &r);
	make_case(&r, "2026-RTM-0003", "rotterdam", "weegteam", 1000, 0);
	put_case(s, &r);
	make_case(&r, "2026-AMS-0001", "amsterdam", "weegteam", 2000, 0);
	put_case(s, &r);
	make_case(&r, "2026-AMS-0002", "amsterdam", "intake", 1000, 0);
	put_case(s, &r);
	make_case(&r, "2026-AMS-0003", "amsterdam", "intake", 0, 0);
	put_case(s, &r);
	make_case(&r, "2026-RTM-0001", "rotterdam", "afgesloten", 500, 1);
	put_case(s, &r);
	make_case(&r, "2026-AMS-0009", "amsterdam", "afgesloten", 0, 1);
	put_case(s, &r);
}

Test(store, queue_orders_by_deadline_without_deadline_last_then_id)
{
	wt_store *s = open_ok();
	wt_queue_query q;
	seen v;
	static const char *const all[] = {"2026-AMS-0002", "2026-RTM-0003", "2026-AMS-0001",
					  "2026-RTM-0004", "2026-AMS-0003", "2026-RTM-0002"};
	static const char *const with_terminal[] = {"2026-RTM-0001", "2026-AMS-0002", "2026-RTM-0003",
						    "2026-AMS-0001", "2026-RTM-0004", "2026-AMS-0003",
						    "2026-AMS-0009", "2026-RTM-0002"};

	queue_fixture(s);
	memset(&q, 0, sizeof(q));
	memset(&v, 0, sizeof(v));
	run_queue(s, &q, &v);
	expect_ids(&v, all, 6);
	q.include_terminal = 1;
	run_queue(s, &q, &v);
	expect_ids(&v, with_terminal, 8);
	wt_store_free(s);
}

Test(store, queue_filters_city_state_overdue)
{
	wt_store *s = open_ok();
	wt_queue_query q;
	seen v;
	static const char *const rtm[] = {"2026-RTM-0003", "2026-RTM-0004", "2026-RTM-0002"};
	static const char *const intake[] = {"2026-AMS-0002", "2026-AMS-0003", "2026-RTM-0002"};
	static const char *const ams_intake[] = {"2026-AMS-0002", "2026-AMS-0003"};
	static const char *const overdue[] = {"2026-AMS-0002", "2026-RTM-0003", "2026-AMS-0001"};
	static const char *const overdue_rtm_wt[] = {"2026-RTM-0003"};
	static const char *const overdue_terminal[] = {"2026-RTM-0001", "2026-AMS-0002",
						       "2026-RTM-0003"};

	queue_fixture(s);
	memset(&q, 0, sizeof(q));
	memset(&v, 0, sizeof(v));
	q.city = "rotterdam";
	run_queue(s, &q, &v);
	expect_ids(&v, rtm, 3);
	q.city = NULL;
	q.state = "intake";
	run_queue(s, &q, &v);
	expect_ids(&v, intake, 3);
	q.city = "amsterdam";
	run_queue(s, &q, &v);
	expect_ids(&v, ams_intake, 2);
	q.city = NULL;
	q.state = NULL;
	q.overdue = 1;
	q.now = 2001; /* deadline 2000 passed, 3000 not; no deadline never overdue */
	run_queue(s, &q, &v);
	expect_ids(&v, overdue, 3);
	q.city = "rotterdam";
	q.state = "weegteam";
	run_queue(s, &q, &v);
	expect_ids(&v, overdue_rtm_wt, 1);
	q.city = NULL;
	q.state = NULL;
	q.now = 501;
	q.include_terminal = 1;
	run_queue(s, &q, &v);
	expect_ids(&v, overdue_terminal, 1);
	q.now = 1001;
	run_queue(s, &q, &v);
	expect_ids(&v, overdue_terminal, 3);
	q.city = "utrecht";
	run_queue(s, &q, &v);
	cr_assert_eq(v.n, 0);
	wt_store_free(s);
}

Test(store, queue_stops_when_callback_says_so)
{
	wt_store *s = open_ok();
	wt_queue_query q;
	seen v;
	static const char *const two[] = {"2026-AMS-0002", "2026-RTM-0003"};
	wt_case_row r;
	wt_error err;

	queue_fixture(s);
	memset(&q, 0, sizeof(q));
	memset(&v, 0, sizeof(v));
	v.stop_after = 2;
	run_queue(s, &q, &v);
	expect_ids(&v, two, 2);
	/* The early stop left no statement busy: writing and tidying still work. */
	make_case(&r, "2026-RTM-0010", "rotterdam", "intake", 10, 0);
	put_case(s, &r);
	cr_assert_eq(wt_store_tidy(s, &err), 0, "%s", err.message);
	run_queue(s, &q, &v);
	cr_assert_str_eq(v.ids[0], "2026-RTM-0010");
	wt_store_free(s);
}

/* Every filter combination reads a queue index in order: no sort step, no full scan. */
static void check_plans(wt_store *s)
{
	wt_queue_query q;
	wt_buf plan;
	wt_error err;
	unsigned v;

	wt_buf_init(&plan, 0);
	for (v = 0; v < 16; v++) {
		memset(&q, 0, sizeof(q));
		q.city = (v & 1) ? "rotterdam" : NULL;
		q.state = (v & 2) ? "intake" : NULL;
		q.overdue = (v & 4) != 0;
		q.submitter = (v & 8) ? "rotterdam-verzoeker-veilig-thuis" : NULL;
		q.now = 2000;
		wt_buf_reset(&plan);
		cr_assert_eq(wt_store_queue_plan(s, &q, &plan, &err), 0, "%s", err.message);
		cr_assert_not_null(plan.data);
		cr_assert(strstr(plan.data, "TEMP B-TREE") == NULL, "variant %u sorts:\n%s", v,
			  plan.data);
		cr_assert(strstr(plan.data, "USING INDEX cases_queue") != NULL ||
				  strstr(plan.data, "USING COVERING INDEX cases_queue") != NULL,
			  "variant %u does not use a queue index:\n%s", v, plan.data);
		cr_assert(strstr(plan.data, "SCAN cases\n") == NULL, "variant %u scans:\n%s", v,
			  plan.data);
		/* A submitter's own cases are few: their own index (with city or state the planner
		 * may pick either index; both read in queue order, checked above). */
		if (v == 8)
			cr_assert(strstr(plan.data, "cases_queue_submitter (submitter=?") != NULL, "variant %u:\n%s",
				  v, plan.data);
		if ((v & 1) && !(v & 8))
			cr_assert(strstr(plan.data, "(city=?") != NULL, "variant %u:\n%s", v, plan.data);
		if ((v & 2) && !(v & 8))
			cr_assert(strstr(plan.data, "state=?") != NULL, "variant %u:\n%s", v, plan.data);
	}
	wt_buf_release(&plan);
}

Test(store, queue_plan_reads_an_index_in_order)
{
	wt_store *s = open_ok();

	queue_fixture(s);
	check_plans(s);
	wt_store_free(s);
}

Test(store, clear_deletes_every_row_and_keeps_schema)
{
	wt_store *s = open_ok();
	wt_event_row e, *rows = NULL;
	wt_case_row r;
	size_t n = 0;
	long cases = -1, events = -1;
	wt_error err;
	char out[16];

	queue_fixture(s);
	make_event(&e, "2026-RTM-0004", 1, "notitie");
	cr_assert_eq(wt_store_event_put(s, &e, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_meta_set(s, "journaal_kop", "abc", &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_count(s, &cases, &events, &err), 0, "%s", err.message);
	cr_assert_eq(cases, 8);
	cr_assert_eq(events, 1);

	/* Inside the caller's transaction: rolled back with it. */
	cr_assert_eq(wt_store_begin(s, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_clear(s, &err), 0, "%s", err.message);
	wt_store_rollback(s);
	cr_assert_eq(wt_store_count(s, &cases, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(cases, 8);

	/* On its own. */
	cr_assert_eq(wt_store_clear(s, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_count(s, &cases, &events, &err), 0, "%s", err.message);
	cr_assert_eq(cases, 0);
	cr_assert_eq(events, 0);
	cr_assert_eq(wt_store_meta_get(s, "journaal_kop", out, sizeof(out), &err), 1);
	cr_assert_eq(wt_store_events(s, "2026-RTM-0004", &rows, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 0);
	make_case(&r, "2026-RTM-0001", "rotterdam", "intake", 0, 0);
	put_case(s, &r);
	wt_store_free(s);
}

Test(store, transactions_commit_and_roll_back)
{
	wt_store *s = open_ok();
	wt_case_row r, back;
	wt_error err;

	cr_assert_eq(wt_store_commit(s, &err), -WT_EENV);
	cr_assert_eq(wt_store_begin(s, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_begin(s, &err), -WT_EENV, "no nested transactions");
	make_case(&r, "2026-RTM-0001", "rotterdam", "intake", 0, 0);
	put_case(s, &r);
	wt_store_rollback(s);
	cr_assert_eq(wt_store_case_get(s, "2026-RTM-0001", &back, &err), 1);
	cr_assert_eq(wt_store_begin(s, &err), 0, "%s", err.message);
	put_case(s, &r);
	cr_assert_eq(wt_store_commit(s, &err), 0, "%s", err.message);
	wt_store_rollback(s); /* nothing open: a no-op */
	cr_assert_eq(wt_store_case_get(s, "2026-RTM-0001", &back, &err), 0, "%s", err.message);
	wt_store_free(s);
	wt_store_free(NULL);
}

Test(store, integrity_ok_and_orphans_found)
{
	wt_store *s = open_ok();
	wt_error err;

	queue_fixture(s);
	cr_assert_eq(wt_store_integrity(s, &err), 0, "%s", err.message);
	wt_store_free(s);
	/* Written around the index with foreign keys off, as a careless tool might. */
	raw_exec("INSERT INTO events (case_id, seq, commit_oid, time, actor, role, action, "
		 "from_state, to_state) VALUES ('2026-XXX-0001', 1, 'c', 0, 'a', 'r', 'x', 'f', 't')");
	s = open_ok();
	wt_error_clear(&err);
	cr_assert_eq(wt_store_integrity(s, &err), -WT_EINTEGRITY);
	cr_assert_str_eq(err.key, "index_integriteit");
	cr_assert(strstr(err.message, "events") != NULL, "%s", err.message);
	wt_store_free(s);
}

Test(store, tidy_truncates_the_log)
{
	wt_store *s = open_ok();
	wt_error err;
	struct stat sb;
	char wal[PATH_MAX_TEST + 64];

	queue_fixture(s);
	snprintf(wal, sizeof(wal), "%s-wal", db_path);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_gt(sb.st_size, 0);
	cr_assert_eq(wt_store_tidy(s, &err), 0, "%s", err.message);
	cr_assert_eq(stat(wal, &sb), 0);
	cr_assert_eq(sb.st_size, 0);
	cr_assert_eq(wt_store_begin(s, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_tidy(s, &err), -WT_EENV, "not inside a transaction");
	wt_store_rollback(s);
	wt_store_free(s);
}

Test(store, busy_index_is_refused_after_the_timeout)
{
	wt_store *a = open_ok(), *b = open_ok();
	wt_error err;
	char mark[8];

	cr_assert_eq(wt_store_begin(a, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_busy_timeout(b, 100), 0);
	wt_error_clear(&err);
	cr_assert_eq(wt_store_begin(b, &err), -WT_EENV);
	cr_assert_str_eq(err.key, "index_bezet");
	cr_assert(strstr(err.message, "bezet") != NULL, "%s", err.message);
	/* Readers are not blocked by the writer (WAL). */
	cr_assert_eq(wt_store_meta_get(b, "journaal_kop", mark, sizeof(mark), &err), 1);
	cr_assert_eq(wt_store_commit(a, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_begin(b, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_commit(b, &err), 0, "%s", err.message);
	wt_store_free(a);
	wt_store_free(b);
}

/* The other writer, on its own connection in its own thread: lock, hold a while, commit. */
typedef struct writer {
	int ready_fd;
	int ok;
} writer;

static void *hold_write_lock(void *payload)
{
	writer *w = payload;
	wt_store *a = NULL;
	wt_case_row r;
	wt_error err;
	struct timespec hold = {0, 300 * 1000 * 1000};
	char c;

	w->ok = wt_store_open(&a, db_path, &err) == 0 && wt_store_begin(a, &err) == 0;
	make_case(&r, "2026-RTM-0077", "rotterdam", "intake", 0, 0);
	w->ok = w->ok && wt_store_case_put(a, &r, &err) == 0;
	c = w->ok ? 'y' : 'n';
	if (write(w->ready_fd, &c, 1) != 1)
		w->ok = 0;
	nanosleep(&hold, NULL);
	w->ok = w->ok && wt_store_commit(a, &err) == 0;
	wt_store_free(a);
	return NULL;
}

Test(store, begin_waits_for_the_other_writer)
{
	int ready[2];
	pthread_t other;
	writer w;
	char c;
	wt_store *b;
	wt_case_row back;
	wt_error err;

	/* Create the schema first, so that the other writer only takes the write lock. */
	wt_store_free(open_ok());
	cr_assert_eq(pipe(ready), 0);
	w.ready_fd = ready[1];
	w.ok = 0;
	cr_assert_eq(pthread_create(&other, NULL, hold_write_lock, &w), 0);
	cr_assert_eq(read(ready[0], &c, 1), 1);
	cr_assert_eq(c, 'y');
	b = open_ok();
	cr_assert_eq(wt_store_busy_timeout(b, 10000), 0);
	cr_assert_eq(wt_store_begin(b, &err), 0, "%s", err.message);
	/* The other's commit is visible once we hold the lock. */
	cr_assert_eq(wt_store_case_get(b, "2026-RTM-0077", &back, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_commit(b, &err), 0, "%s", err.message);
	wt_store_free(b);
	cr_assert_eq(pthread_join(other, NULL), 0);
	close(ready[0]);
	close(ready[1]);
	cr_assert(w.ok);
}

typedef struct top {
	wt_case_row rows[BULK_TOP];
	size_t n;
} top;

static int take_top(const wt_case_row *row, void *payload)
{
	top *t = payload;

	t->rows[t->n++] = *row;
	return t->n >= BULK_TOP;
}

Test(store, bulk_load_then_most_urgent_fifty)
{
	wt_store *s = open_ok();
	wt_queue_query q;
	wt_case_row r;
	wt_error err;
	top *t = calloc(1, sizeof(*t));
	long cases = 0;
	size_t i;
	char id[32];

	cr_assert_not_null(t);
	cr_assert_eq(wt_store_set_durable(s, 0, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_begin(s, &err), 0, "%s", err.message);
	for (i = 0; i < BULK_CASES; i++) {
		/* Deadlines spread by a permutation of i; every 7th closed, every 5th none. */
		int64_t deadline = (i % 5 == 0) ? 0 : 1800000000 + (int64_t)((i * 7919) % BULK_CASES);

		snprintf(id, sizeof(id), "2026-RTM-%06zu", i);
		make_case(&r, id, (i % 3) ? "rotterdam" : "amsterdam", "weegteam", deadline, i % 7 == 0);
		put_case(s, &r);
	}
	cr_assert_eq(wt_store_commit(s, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_set_durable(s, 1, &err), 0, "%s", err.message);
	cr_assert_eq(wt_store_count(s, &cases, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(cases, BULK_CASES);

	memset(&q, 0, sizeof(q));
	cr_assert_eq(wt_store_queue(s, &q, take_top, t, &err), 0, "%s", err.message);
	cr_assert_eq(t->n, BULK_TOP);
	for (i = 0; i < t->n; i++) {
		cr_assert_eq(t->rows[i].terminal, 0);
		cr_assert_neq(t->rows[i].deadline, 0);
		if (i > 0)
			cr_assert_lt(t->rows[i - 1].deadline, t->rows[i].deadline,
				     "the deadlines are distinct and ascending");
	}
	/* The earliest deadline 1800000000 belongs to i = 0, which has none; the next is
	 * offset 7919 * i mod 100000 == 1 for some i; the first row's offset must be the
	 * smallest over non-terminal cases with a deadline. */
	{
		int64_t best = INT64_MAX;

		for (i = 0; i < BULK_CASES; i++) {
			int64_t d = 1800000000 + (int64_t)((i * 7919) % BULK_CASES);

			if (i % 5 != 0 && i % 7 != 0 && d < best)
				best = d;
		}
		cr_assert_eq(t->rows[0].deadline, best);
	}
	/* With statistics about a large archive the planner still reads the queue in order. */
	raw_exec("ANALYZE");
	cr_assert_eq(wt_store_tidy(s, &err), 0, "%s", err.message);
	check_plans(s);
	free(t);
	wt_store_free(s);
}
