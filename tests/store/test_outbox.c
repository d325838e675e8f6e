/* test_outbox.c: the notification outbox and the deadline query on a real SQLite file. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

static char dir[64];
static char db_path[128];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s", "/tmp/wt-outbox-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(db_path, sizeof(db_path), "%s/index.sqlite", dir);
}

static void teardown(void)
{
	char p[160];

	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	cr_assert_eq(system(p), 0);
}

TestSuite(outbox, .init = setup, .fini = teardown);

static wt_store *open_ok(void)
{
	wt_store *s = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_store_open(&s, db_path, &err), 0, "%s", err.message);
	return s;
}

static void put(wt_store *s, const char *id, long seq)
{
	wt_outbox_row r;
	wt_error err;

	memset(&r, 0, sizeof(r));
	snprintf(r.id, sizeof(r.id), "%s", id);
	snprintf(r.case_id, sizeof(r.case_id), "2026-RTM-0001");
	r.seq = seq;
	snprintf(r.endpoint, sizeof(r.endpoint), "ep");
	snprintf(r.kinds, sizeof(r.kinds), "actie");
	r.body = (char *)"{}";
	r.created = 100;
	snprintf(r.status, sizeof(r.status), WT_OUTBOX_PENDING);
	cr_assert_geq(wt_store_outbox_put(s, &r, &err), 0, "%s", err.message);
}

Test(outbox, put_is_idempotent_by_id)
{
	wt_store *s = open_ok();
	wt_outbox_row r;
	wt_error err;
	long p, d, f;

	put(s, "a", 1);
	memset(&r, 0, sizeof(r));
	snprintf(r.id, sizeof(r.id), "a");
	r.body = (char *)"{\"anders\": 1}";
	snprintf(r.status, sizeof(r.status), WT_OUTBOX_PENDING);
	cr_assert_eq(wt_store_outbox_put(s, &r, &err), 1);
	cr_assert_eq(wt_store_outbox_counts(s, &p, &d, &f, &err), 0);
	cr_assert_eq(p, 1);
	wt_store_free(s);
}

/* Two deliverers (two connections, as two processes would have) never claim the same row. */
Test(outbox, claims_are_exclusive_until_the_hold_expires)
{
	wt_store *a = open_ok(), *b = open_ok();
	wt_outbox_row *ra = NULL, *rb = NULL;
	size_t na = 0, nb = 0;
	wt_error err;

	put(a, "n1", 1);
	put(a, "n2", 2);
	put(a, "n3", 3);
	cr_assert_eq(wt_store_outbox_claim(a, 1000, 1100, 2, &ra, &na, &err), 0);
	cr_assert_eq(na, 2);
	cr_assert_eq(wt_store_outbox_claim(b, 1000, 1100, 16, &rb, &nb, &err), 0);
	cr_assert_eq(nb, 1);
	cr_assert_str_eq(rb[0].id, "n3");
	wt_store_outbox_free(rb, nb);
	/* The first deliverer died: after its hold, the rows are claimable again. */
	cr_assert_eq(wt_store_outbox_claim(b, 1050, 1150, 16, &rb, &nb, &err), 0);
	cr_assert_eq(nb, 0);
	free(rb);
	cr_assert_eq(wt_store_outbox_claim(b, 1100, 1200, 16, &rb, &nb, &err), 0);
	cr_assert_eq(nb, 3);
	wt_store_outbox_free(rb, nb);
	wt_store_outbox_free(ra, na);
	wt_store_free(a);
	wt_store_free(b);
}

Test(outbox, results_retry_and_counts)
{
	wt_store *s = open_ok();
	wt_outbox_row *rows = NULL;
	size_t n = 0;
	long p, d, f;
	wt_error err;

	put(s, "ok", 1);
	put(s, "bad", 2);
	cr_assert_eq(wt_store_outbox_result(s, "ok", 1, 0, 500, 0, NULL, &err), 0);
	cr_assert_eq(wt_store_outbox_result(s, "bad", 0, 0, 500, 530, "HTTP 500", &err), 0);
	cr_assert_eq(wt_store_outbox_claim(s, 520, 600, 16, &rows, &n, &err), 0);
	cr_assert_eq(n, 0, "not due before its next attempt");
	free(rows);
	cr_assert_eq(wt_store_outbox_claim(s, 530, 600, 16, &rows, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].attempts, 1);
	cr_assert_str_eq(rows[0].last_error, "HTTP 500");
	wt_store_outbox_free(rows, n);
	cr_assert_eq(wt_store_outbox_result(s, "bad", 0, 1, 530, 0, "HTTP 500", &err), 0);
	cr_assert_eq(wt_store_outbox_counts(s, &p, &d, &f, &err), 0);
	cr_assert(p == 0 && d == 1 && f == 1, "%ld %ld %ld", p, d, f);
	cr_assert_eq(wt_store_outbox_retry(s, "ok", 600, &n, &err), 0);
	cr_assert_eq(n, 0, "a delivered notification is not retried");
	cr_assert_eq(wt_store_outbox_retry(s, NULL, 600, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(wt_store_outbox_list(s, WT_OUTBOX_PENDING, 10, &rows, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].attempts, 0);
	cr_assert_eq(rows[0].next_attempt, 600);
	wt_store_outbox_free(rows, n);
	/* reindex clears the derived tables but keeps what was delivered. */
	cr_assert_eq(wt_store_clear(s, &err), 0);
	cr_assert_eq(wt_store_outbox_counts(s, &p, &d, &f, &err), 0);
	cr_assert(p == 1 && d == 1, "%ld %ld", p, d);
	wt_store_free(s);
}

static int collect(const wt_case_row *row, void *payload)
{
	char *out = payload;
	size_t n = strlen(out);

	snprintf(out + n, 256 - n, "%s ", row->id);
	return 0;
}

static void case_row(wt_store *s, const char *id, int64_t deadline, int64_t warned, int64_t escalated,
		     int terminal)
{
	wt_case_row r;
	wt_error err;

	memset(&r, 0, sizeof(r));
	snprintf(r.id, sizeof(r.id), "%s", id);
	snprintf(r.city, sizeof(r.city), "rotterdam");
	snprintf(r.state, sizeof(r.state), "weegteam");
	r.deadline = deadline;
	r.warned = warned;
	r.escalated = escalated;
	r.terminal = terminal;
	cr_assert_eq(wt_store_case_put(s, &r, &err), 0, "%s", err.message);
}

Test(outbox, deadlines_due_once_per_deadline)
{
	wt_store *s = open_ok();
	char got[256] = "";
	wt_error err;

	case_row(s, "A-far", 10000, 0, 0, 0);
	case_row(s, "B-near", 1200, 0, 0, 0);
	case_row(s, "C-near-noted", 1300, 1300, 0, 0);
	case_row(s, "D-passed", 900, 900, 0, 0);
	case_row(s, "E-passed-noted", 800, 800, 800, 0);
	case_row(s, "F-closed", 700, 0, 0, 1);
	case_row(s, "G-none", 0, 0, 0, 0);
	case_row(s, "H-new-deadline", 1100, 500, 500, 0);
	cr_assert_eq(wt_store_deadlines_due(s, 1000, 1400, collect, got, &err), 0);
	cr_assert_str_eq(got, "D-passed H-new-deadline B-near ");
	wt_store_free(s);
}
