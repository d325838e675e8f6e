/* test_audit.c: the audit repository on real bare repositories: events, journal, lock, repair. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "audit/internal.h"

#define PATH_MAX_TEST 256
#define CMD_MAX 1024
#define OUT_MAX 4096
#define MAX_PATHS 16
#define SHORT_TIMEOUT_MS 200
#define TIMING_EVENTS 20
#define EVENT_TIME 1767261600 /* 2026-01-01 10:00 UTC */

static char dir[PATH_MAX_TEST];
static char repo[PATH_MAX_TEST + 32];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s", "/tmp/wt-audit-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(repo, sizeof(repo), "%s/audit.git", dir);
}

static void teardown(void)
{
	char cmd[CMD_MAX];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(audit, .init = setup, .fini = teardown);

/* Runs a shell command and returns its first output line (trailing newline removed). */
static int run(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int run(char *out, size_t size, const char *fmt, ...)
{
	char cmd[CMD_MAX];
	va_list ap;
	FILE *p;
	size_t n = 0;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	if (out != NULL && size > 0) {
		out[0] = '\0';
		if (fgets(out, (int)size, p) != NULL) {
			n = strlen(out);
			if (n > 0 && out[n - 1] == '\n')
				out[n - 1] = '\0';
		}
	}
	while (fgetc(p) != EOF)
		;
	return pclose(p);
}

static int fsck_ok(const char *path)
{
	char cmd[CMD_MAX];

	snprintf(cmd, sizeof(cmd), "git --git-dir '%s' fsck --full --strict >/dev/null 2>&1", path);
	return system(cmd) == 0;
}

static wt_audit *fresh(void)
{
	wt_audit *a = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_audit_init(repo, &err), 0, "%s", err.message);
	cr_assert_eq(wt_audit_open(&a, repo, &err), 0, "%s", err.message);
	cr_assert_not_null(a);
	return a;
}

static int append(wt_audit *a, const char *case_id, const char *expected, long seq,
		  const wt_audit_file *files, size_t n, const char *ckey, long cval,
		  char out[WT_OID_HEX + 1], wt_error *err)
{
	wt_audit_event ev;
	char msg[128];

	snprintf(msg, sizeof(msg), "Gebeurtenis %ld\n\nWeegteam-Actie: test\n", seq);
	memset(&ev, 0, sizeof(ev));
	ev.case_id = case_id;
	ev.expected_head = expected;
	ev.seq = seq;
	ev.files = files;
	ev.n_files = n;
	ev.author_name = "Els Voorbeeld";
	ev.author_email = "els@example.nl";
	ev.time = EVENT_TIME + seq * 60;
	ev.tz_offset_minutes = 60;
	ev.message = msg;
	ev.counter_key = ckey;
	ev.counter_value = cval;
	wt_error_clear(err);
	return wt_audit_append(a, &ev, out, err);
}

/* A case with three events: submission, status change, two assessments in a subdirectory. */
static void three_events(wt_audit *a, char h[3][WT_OID_HEX + 1])
{
	static const wt_audit_file f1[] = {
		{"verzoek.yaml", "soort: verzoek\n", 15},
		{"workflow.yaml", "stad: rotterdam\n", 16},
		{"status.yaml", "toestand: ingediend\n", 20},
	};
	static const wt_audit_file f2[] = {
		{"status.yaml", "toestand: weging\n", 17},
		{"beoordelingen/a.yaml", "conclusie: ja\n", 14},
	};
	static const wt_audit_file f3[] = {
		{"beoordelingen/b.yaml", "conclusie: nee\n", 15},
		{"status.yaml", "toestand: advies\n", 17},
	};
	wt_error err;

	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_assert_eq(append(a, "2026-RTM-0001", NULL, 1, f1, 3, "2026-RTM", 1, h[0], &err), 0, "%s",
		     err.message);
	cr_assert_eq(append(a, "2026-RTM-0001", h[0], 2, f2, 2, NULL, 0, h[1], &err), 0, "%s",
		     err.message);
	cr_assert_eq(append(a, "2026-RTM-0001", h[1], 3, f3, 2, NULL, 0, h[2], &err), 0, "%s",
		     err.message);
	wt_audit_unlock(a);
}

static void expect_file(wt_audit *a, const char *commit, const char *path, const char *want)
{
	char *data = NULL;
	size_t len = 0;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_audit_read(a, commit, path, &data, &len, &err), 0, "%s: %s", path,
		     err.message);
	cr_expect_eq(len, strlen(want));
	cr_expect_str_eq(data, want);
	free(data);
}

Test(audit, init_and_open)
{
	wt_audit *a = fresh(), *b = NULL;
	char head[WT_OID_HEX + 1];
	size_t loose = 99;
	wt_error err;

	cr_expect(fsck_ok(repo));
	cr_expect_eq(wt_audit_journal_head(a, head, &err), 0);
	cr_expect_str_eq(head, "");
	cr_expect_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 1);
	cr_expect_eq(wt_audit_loose_count(a, &loose, &err), 0);
	cr_expect_eq(loose, 0);
	wt_audit_free(a);
	cr_expect_lt(wt_audit_init(repo, &err), 0, "a second init must refuse a non-empty dir");
	cr_expect_eq(err.code, WT_EENV);
	cr_expect_lt(wt_audit_open(&b, dir, &err), 0, "a plain directory is not a repository");
	cr_expect_null(b);
	wt_audit_free(NULL);
}

Test(audit, appends_events_and_reads_history)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], head[WT_OID_HEX + 1];
	wt_audit_commit *c = NULL;
	size_t n = 0;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_expect_str_eq(head, h[2]);
	cr_assert_eq(wt_audit_history(a, h[2], NULL, &c, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(c[0].oid, h[0]);
	cr_expect_str_eq(c[0].parent, "");
	cr_expect_eq(c[0].n_parents, 0);
	cr_expect_str_eq(c[1].oid, h[1]);
	cr_expect_str_eq(c[1].parent, h[0]);
	cr_expect_str_eq(c[2].parent, h[1]);
	cr_expect_eq(c[2].n_parents, 1);
	cr_expect_str_eq(c[2].message, "Gebeurtenis 3\n\nWeegteam-Actie: test\n");
	cr_expect_str_eq(c[2].author_name, "Els Voorbeeld");
	cr_expect_str_eq(c[2].author_email, "els@example.nl");
	cr_expect_eq(c[2].time, EVENT_TIME + 3 * 60);
	cr_expect_eq(c[2].tz_offset_minutes, 60);
	cr_expect_eq(strlen(c[2].tree), WT_OID_HEX);
	wt_audit_commits_free(c, n);

	/* Stopping before an earlier head gives only what came after it. */
	cr_assert_eq(wt_audit_history(a, h[2], h[0], &c, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(c[0].oid, h[1]);
	wt_audit_commits_free(c, n);
	cr_assert_eq(wt_audit_history(a, h[2], h[2], &c, &n, &err), 0);
	cr_expect_eq(n, 0);
	wt_audit_commits_free(c, n);
	/* A stop that is not on the chain is an integrity problem. */
	cr_expect_eq(wt_audit_history(a, h[1], h[2], &c, &n, &err), -WT_EINTEGRITY);
	cr_expect_null(c);
	/* An object that does not exist is named. */
	cr_expect_eq(wt_audit_history(a, "0123456789abcdef0123456789abcdef01234567", NULL, &c, &n,
				      &err), -WT_EINTEGRITY);
	cr_expect(strstr(err.message, "0123456789abcdef0123456789abcdef01234567") != NULL);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

static int collect_path(const char *path, void *payload)
{
	char (*paths)[PATH_MAX_TEST] = payload;
	size_t i;

	for (i = 0; i < MAX_PATHS && paths[i][0]; i++)
		;
	cr_assert_lt(i, MAX_PATHS);
	snprintf(paths[i], PATH_MAX_TEST, "%s", path);
	return 0;
}

Test(audit, reads_files_and_keeps_earlier_ones)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1];
	char paths[MAX_PATHS][PATH_MAX_TEST];
	char *data = NULL;
	size_t len = 0;
	wt_error err;

	three_events(a, h);
	expect_file(a, h[0], "status.yaml", "toestand: ingediend\n");
	expect_file(a, h[2], "status.yaml", "toestand: advies\n");
	expect_file(a, h[2], "verzoek.yaml", "soort: verzoek\n");
	expect_file(a, h[2], "beoordelingen/a.yaml", "conclusie: ja\n");
	expect_file(a, h[2], "beoordelingen/b.yaml", "conclusie: nee\n");
	cr_expect_eq(wt_audit_read(a, h[1], "beoordelingen/b.yaml", &data, &len, &err), 1);
	cr_expect_eq(wt_audit_read(a, h[2], "beoordelingen", &data, &len, &err), 1,
		     "a directory is not a file");
	cr_expect_null(data);

	memset(paths, 0, sizeof(paths));
	cr_assert_eq(wt_audit_tree_paths(a, h[2], collect_path, paths, &err), 0, "%s", err.message);
	cr_expect_str_eq(paths[0], "beoordelingen/a.yaml");
	cr_expect_str_eq(paths[1], "beoordelingen/b.yaml");
	cr_expect_str_eq(paths[2], "status.yaml");
	cr_expect_str_eq(paths[3], "verzoek.yaml");
	cr_expect_str_eq(paths[4], "workflow.yaml");
	cr_expect_str_eq(paths[5], "");
	wt_audit_free(a);
}

Test(audit, conflicts_change_nothing)
{
	static const wt_audit_file f[] = {{"status.yaml", "x\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], head[WT_OID_HEX + 1], jhead[WT_OID_HEX + 1], jafter[WT_OID_HEX + 1];
	char out[WT_OID_HEX + 1];
	size_t loose_before = 0, loose_after = 0;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(wt_audit_journal_head(a, jhead, &err), 0);
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_assert_eq(wt_audit_loose_count(a, &loose_before, &err), 0);
	/* Computed from an older head. */
	cr_expect_eq(append(a, "2026-RTM-0001", h[1], 4, f, 1, NULL, 0, out, &err), -WT_ECONFLICT);
	cr_expect_str_eq(err.message, "Het dossier is intussen gewijzigd; er is niets vastgelegd. "
				      "Probeer het opnieuw.");
	cr_expect_str_eq(out, "");
	/* A "new" case that already exists. */
	cr_expect_eq(append(a, "2026-RTM-0001", NULL, 1, f, 1, "2026-RTM", 2, out, &err),
		     -WT_ECONFLICT);
	/* An event for a case that does not exist. */
	cr_expect_eq(append(a, "2026-RTM-0002", h[2], 2, f, 1, NULL, 0, out, &err), -WT_ECONFLICT);
	cr_expect_eq(wt_audit_head(a, "2026-RTM-0002", head, &err), 1);
	cr_assert_eq(wt_audit_loose_count(a, &loose_after, &err), 0);
	cr_expect_eq(loose_after, loose_before, "a conflict writes no objects");
	wt_audit_unlock(a);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_expect_str_eq(head, h[2]);
	cr_assert_eq(wt_audit_journal_head(a, jafter, &err), 0);
	cr_expect_str_eq(jafter, jhead);
	wt_audit_free(a);
}

Test(audit, refuses_bad_input)
{
	static const wt_audit_file dotdot[] = {{"../x.yaml", "x\n", 2}};
	static const wt_audit_file gitdir[] = {{"a/.git/config", "x\n", 2}};
	static const wt_audit_file twice[] = {{"a.yaml", "x\n", 2}, {"a.yaml", "y\n", 2}};
	static const wt_audit_file ok[] = {{"a.yaml", "x\n", 2}};
	wt_audit *a = fresh();
	char out[WT_OID_HEX + 1];
	wt_error err;

	cr_expect_eq(append(a, "2026-RTM-0001", NULL, 1, ok, 1, NULL, 0, out, &err), -WT_EENV,
		     "appending without the lock is refused");
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_expect_eq(append(a, "2026-RTM-0001", NULL, 1, dotdot, 1, NULL, 0, out, &err), -WT_EENV);
	cr_expect_eq(append(a, "2026-RTM-0001", NULL, 1, gitdir, 1, NULL, 0, out, &err), -WT_EENV);
	cr_expect_eq(append(a, "2026-RTM-0001", NULL, 1, twice, 2, NULL, 0, out, &err), -WT_EENV);
	cr_expect_eq(append(a, "../../HEAD", NULL, 1, ok, 1, NULL, 0, out, &err), -WT_EINPUT);
	cr_expect_eq(append(a, "a b", NULL, 1, ok, 1, NULL, 0, out, &err), -WT_EINPUT);
	cr_expect_eq(append(a, "2026-RTM-0001-met-een-veel-te-lang-nummer", NULL, 1, ok, 1, NULL, 0,
			    out, &err), -WT_EINPUT);
	wt_audit_unlock(a);
	wt_audit_free(a);
}

Test(audit, counters)
{
	static const wt_audit_file f[] = {{"status.yaml", "x\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], out[WT_OID_HEX + 1];
	long v = -1;
	wt_error err;

	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_expect_eq(wt_audit_counter(a, "2026-RTM", &v, &err), 0);
	cr_expect_eq(v, 0);
	wt_audit_unlock(a);
	three_events(a, h);
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_expect_eq(wt_audit_counter(a, "2026-RTM", &v, &err), 0);
	cr_expect_eq(v, 1, "events without a counter keep it");
	cr_assert_eq(append(a, "2026-RTM-0002", NULL, 1, f, 1, "2026-RTM", 2, out, &err), 0, "%s",
		     err.message);
	cr_assert_eq(append(a, "2026-AMS-0001", NULL, 1, f, 1, "2026-AMS", 1, out, &err), 0, "%s",
		     err.message);
	cr_expect_eq(wt_audit_counter(a, "2026-RTM", &v, &err), 0);
	cr_expect_eq(v, 2);
	cr_expect_eq(wt_audit_counter(a, "2026-AMS", &v, &err), 0);
	cr_expect_eq(v, 1);
	cr_expect_eq(wt_audit_counter(a, "2027-RTM", &v, &err), 0);
	cr_expect_eq(v, 0);
	wt_audit_unlock(a);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

Test(audit, journal_records_every_move)
{
	static const wt_audit_file f[] = {{"status.yaml", "x\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], other[WT_OID_HEX + 1], jhead[WT_OID_HEX + 1];
	wt_journal_entry *e = NULL;
	size_t n = 0;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_assert_eq(append(a, "2026-RTM-0002", NULL, 1, f, 1, "2026-RTM", 2, other, &err), 0);
	wt_audit_unlock(a);
	cr_assert_eq(wt_audit_journal_head(a, jhead, &err), 0);
	cr_assert_eq(wt_audit_journal(a, jhead, NULL, &e, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 4);
	cr_expect_str_eq(e[0].case_id, "2026-RTM-0001");
	cr_expect_eq(e[0].seq, 1);
	cr_expect_str_eq(e[0].old_head, "");
	cr_expect_str_eq(e[0].new_head, h[0]);
	cr_expect_eq(e[0].time, EVENT_TIME + 60);
	cr_expect_str_eq(e[1].old_head, h[0]);
	cr_expect_str_eq(e[1].new_head, h[1]);
	cr_expect_eq(e[2].seq, 3);
	cr_expect_str_eq(e[2].new_head, h[2]);
	cr_expect_str_eq(e[3].case_id, "2026-RTM-0002");
	cr_expect_str_eq(e[3].new_head, other);
	cr_expect_str_eq(e[3].commit, jhead);
	/* From a mark: only what came after it. */
	{
		char mark[WT_OID_HEX + 1];
		wt_journal_entry *tail = NULL;
		size_t m = 0;

		snprintf(mark, sizeof(mark), "%s", e[1].commit);
		cr_assert_eq(wt_audit_journal(a, jhead, mark, &tail, &m, &err), 0);
		cr_assert_eq(m, 2);
		cr_expect_str_eq(tail[0].new_head, h[2]);
		free(tail);
		cr_expect_eq(wt_audit_journal(a, e[1].commit, e[3].commit, &tail, &m, &err),
			     -WT_EINTEGRITY, "a mark that is not on the chain");
		cr_expect_null(tail);
	}
	free(e);
	/* The journal is plain git: its message is readable with the system git. */
	{
		char line[OUT_MAX];
		cr_expect_eq(run(line, sizeof(line), "git --git-dir '%s' log -1 --format=%%B %s", repo,
				 WT_AUDIT_JOURNAL_REF), 0);
		cr_expect_str_eq(line, "weegteam-journaal v1");
	}
	wt_audit_free(a);
}

Test(audit, malformed_journal_entry_is_an_integrity_error)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], jhead[WT_OID_HEX + 1], bad[OUT_MAX];
	wt_journal_entry *e = NULL;
	size_t n = 0;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(wt_audit_journal_head(a, jhead, &err), 0);
	cr_assert_eq(run(bad, sizeof(bad),
			 "git --git-dir '%s' commit-tree -p %s -m 'rommel' %s^{tree} 2>/dev/null", repo,
			 jhead, jhead), 0);
	cr_assert_eq(strlen(bad), WT_OID_HEX);
	cr_expect_eq(wt_audit_journal(a, bad, NULL, &e, &n, &err), -WT_EINTEGRITY);
	cr_expect(strstr(err.message, bad) != NULL, "%s", err.message);
	cr_expect_null(e);
	/* With it as the journal head, the lock leaves it alone for verify. */
	cr_assert_eq(run(NULL, 0, "git --git-dir '%s' update-ref %s %s", repo, WT_AUDIT_JOURNAL_REF,
			 bad), 0);
	cr_expect_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	wt_audit_unlock(a);
	wt_audit_free(a);
}

Test(audit, history_reports_merge_commits)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], merge[OUT_MAX];
	wt_audit_commit *c = NULL;
	size_t n = 0;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(run(merge, sizeof(merge),
			 "git --git-dir '%s' commit-tree -p %s -p %s -m samen %s^{tree} 2>/dev/null",
			 repo, h[2], h[0], h[2]), 0);
	cr_assert_eq(wt_audit_history(a, merge, NULL, &c, &n, &err), 0, "%s", err.message);
	cr_assert_eq(n, 4);
	cr_expect_eq(c[3].n_parents, 2);
	cr_expect_str_eq(c[3].parent, h[2]);
	wt_audit_commits_free(c, n);
	wt_audit_free(a);
}

struct seen {
	char ids[MAX_PATHS][PATH_MAX_TEST];
	char heads[MAX_PATHS][WT_OID_HEX + 1];
	size_t n, stop_after;
};

static int collect_case(const char *case_id, const char *head, void *payload)
{
	struct seen *s = payload;

	cr_assert_lt(s->n, MAX_PATHS);
	snprintf(s->ids[s->n], PATH_MAX_TEST, "%s", case_id);
	snprintf(s->heads[s->n], WT_OID_HEX + 1, "%s", head);
	s->n++;
	return s->stop_after != 0 && s->n >= s->stop_after;
}

Test(audit, lists_cases)
{
	static const wt_audit_file f[] = {{"status.yaml", "x\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], out[WT_OID_HEX + 1];
	struct seen s;
	wt_error err;

	memset(&s, 0, sizeof(s));
	cr_assert_eq(wt_audit_cases(a, collect_case, &s, NULL, &err), 0);
	cr_expect_eq(s.n, 0);
	three_events(a, h);
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_assert_eq(append(a, "2026-AMS-0001", NULL, 1, f, 1, NULL, 0, out, &err), 0);
	wt_audit_unlock(a);
	cr_assert_eq(wt_audit_cases(a, collect_case, &s, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(s.n, 2);
	cr_expect_str_eq(s.ids[0], "2026-AMS-0001");
	cr_expect_str_eq(s.heads[0], out);
	cr_expect_str_eq(s.ids[1], "2026-RTM-0001");
	cr_expect_str_eq(s.heads[1], h[2]);
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	cr_assert_eq(wt_audit_cases(a, collect_case, &s, NULL, &err), 0);
	cr_expect_eq(s.n, 1, "a non-zero callback stops the listing");
	wt_audit_free(a);
}

static int append_case_line(const char *case_id, const char *head, void *payload)
{
	char *out = payload;
	size_t len = strlen(out);

	snprintf(out + len, OUT_MAX - len, "%s %s\n", case_id, head);
	return 0;
}

/* git's own list of refs (for-each-ref with format, below pattern) into out. */
static void git_for_each_ref(const char *format, const char *pattern, char *out, size_t size)
{
	char p[PATH_MAX_TEST + 64];
	FILE *f;

	cr_assert_eq(run(NULL, 0,
			 "git --git-dir '%s' for-each-ref --format='%s' %s > '%s/refs.txt' 2>/dev/null",
			 repo, format, pattern, dir), 0);
	snprintf(p, sizeof(p), "%s/refs.txt", dir);
	f = fopen(p, "r");
	cr_assert_not_null(f);
	out[fread(out, 1, size - 1, f)] = '\0';
	fclose(f);
}

/* The listing is read from the folder and packed-refs by weegteam itself; git's own
 * for-each-ref is the oracle, over everything git allows there. */
Test(audit, lists_cases_as_git_does)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], want[OUT_MAX], got[OUT_MAX], p[PATH_MAX_TEST + 64];
	wt_error err;
	FILE *f;

	three_events(a, h);
	/* packed, then moved again (a loose file shadows the packed line), packed only, nested,
	 * symbolic, a leftover lock file and a damaged file. */
	cr_assert_eq(run(NULL, 0,
			 "cd '%s' && git update-ref refs/dossiers/2026-RTM-0009 %s && "
			 "git update-ref refs/dossiers/vreemd/genest %s && git pack-refs --all && "
			 "git update-ref refs/dossiers/2026-RTM-0009 %s && "
			 "git symbolic-ref refs/dossiers/2026-ALIAS refs/dossiers/2026-RTM-0001 && "
			 "echo %s > refs/dossiers/2026-RTM-0010.lock && echo kapot > refs/dossiers/2026-KAPOT",
			 repo, h[0], h[1], h[2], h[1]), 0);
	snprintf(p, sizeof(p), "%s/refs/dossiers/2026-RTM-0001", repo);
	cr_expect_eq(access(p, F_OK), -1, "git pack-refs left 2026-RTM-0001 in packed-refs only");
	snprintf(p, sizeof(p), "%s/packed-refs", repo);
	f = fopen(p, "r");
	cr_assert_not_null(f);
	fclose(f);
	git_for_each_ref("%(refname:strip=2) %(objectname)", "refs/dossiers/", want, sizeof(want));
	got[0] = '\0';
	cr_assert_eq(wt_audit_cases(a, append_case_line, got, NULL, &err), 0, "%s", err.message);
	cr_expect_str_eq(got, want);
	cr_expect_neq(strstr(got, "vreemd/genest "), NULL);
	cr_expect_neq(strstr(got, "2026-ALIAS "), NULL);
	cr_expect_eq(strstr(got, "KAPOT"), NULL);
	/* A named pipe and a link to a device in place of a ref (git itself would wait on the
	 * pipe, so they come after the oracle): no ref, and nothing waits. */
	cr_assert_eq(run(NULL, 0,
			 "cd '%s/refs/dossiers' && mkfifo 2026-PIJP && ln -s /dev/zero 2026-NUL && "
			 "ln -s 2026-PIJP 2026-NAAR-PIJP",
			 repo), 0);
	got[0] = '\0';
	cr_assert_eq(wt_audit_cases(a, append_case_line, got, NULL, &err), 0, "%s", err.message);
	cr_expect_str_eq(got, want);
	wt_audit_free(a);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

Test(audit, lock_is_exclusive_and_dies_with_its_holder)
{
	wt_audit *a = fresh();
	struct timespec t0;
	int ready[2];
	char c = 0;
	pid_t pid;
	int status = 0;
	long ms;
	wt_error err;

	cr_assert_eq(pipe(ready), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		wt_audit *b = NULL;
		wt_error e;

		close(ready[0]);
		if (wt_audit_open(&b, repo, &e) != 0 || wt_audit_lock(b, &e) != 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &c, 1), 1, "the child took the lock");
	close(ready[0]);

	wt_audit_lock_timeout(a, SHORT_TIMEOUT_MS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_expect_eq(wt_audit_lock(a, &err), -WT_EENV, "the lock is held by the child");
	ms = ms_since(&t0);
	cr_expect_geq(ms, SHORT_TIMEOUT_MS);
	cr_expect_lt(ms, SHORT_TIMEOUT_MS * 10);
	cr_expect_str_eq(err.key, "bezet");

	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect_eq(wt_audit_lock(a, &err), 0, "the kernel released the killed holder's lock: %s",
		     err.message);
	/* Nested use on one handle: the lock stays until the last unlock. */
	cr_expect_eq(wt_audit_lock(a, &err), 0);
	wt_audit_unlock(a);
	{
		wt_audit *b = NULL;
		cr_assert_eq(wt_audit_open(&b, repo, &err), 0);
		wt_audit_lock_timeout(b, 0);
		cr_expect_eq(wt_audit_lock(b, &err), -WT_EENV, "still held after one of two unlocks");
		wt_audit_unlock(a);
		cr_expect_eq(wt_audit_lock(b, &err), 0, "%s", err.message);
		wt_audit_free(b); /* frees the lock too */
	}
	cr_expect_eq(wt_audit_lock(a, &err), 0);
	wt_audit_unlock(a);
	wt_audit_free(a);
}

/* 1 when <repo>/<sub> exists. */
static int exists(const char *sub)
{
	char p[CMD_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", repo, sub);
	return stat(p, &st) == 0;
}

static void touch(const char *sub)
{
	char p[CMD_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", repo, sub);
	f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fputs("0000000000000000000000000000000000000000\n", f);
	fclose(f);
}

/* Every ref as git lists it, with the peeled id of a tag. */
#define REFS_WITH_PEELED "%(refname) %(objectname) %(*objectname)"

static ino_t inode_of(const char *sub)
{
	char p[CMD_MAX];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", repo, sub);
	cr_assert_eq(stat(p, &st), 0, "%s", p);
	return st.st_ino;
}

/* One pack_refs run (at most max) packs exactly case_id's loose ref, which still reads want. */
static void expect_packs_one(wt_audit *a, size_t max, const char *case_id, const char *want)
{
	char sub[WT_AUDIT_SUB_MAX], head[WT_OID_HEX + 1];
	size_t n = 99;
	wt_error err;

	cr_assert_eq(wt_audit_pack_refs(a, max, &n, &err), 0, "%s", err.message);
	cr_expect_eq(n, 1);
	snprintf(sub, sizeof(sub), "%s%s", WT_AUDIT_CASE_PREFIX, case_id);
	cr_expect(!exists(sub), "%s is still loose", sub);
	cr_assert_eq(wt_audit_head(a, case_id, head, &err), 0);
	cr_expect_str_eq(head, want);
}

Test(audit, packs_case_refs_as_git_reads_them)
{
	static const wt_audit_file f[] = {{"status.yaml", "z\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], h2[2][WT_OID_HEX + 1], head[WT_OID_HEX + 1];
	char before[OUT_MAX], after[OUT_MAX], line[OUT_MAX];
	size_t n = 99;
	ino_t ino;
	wt_error err;

	three_events(a, h);
	/* What git packed earlier (a branch, an annotated tag with its peeled line, a case ref
	 * moved since), a nested case ref and a symbolic one beside weegteam's loose ones. */
	cr_assert_eq(run(NULL, 0,
			 "cd '%s' && git update-ref refs/heads/main %s && "
			 "git -c user.name=T -c user.email=t@example.nl tag -a -m t v1 %s && "
			 "git update-ref refs/dossiers/2026-RTM-0009 %s && git pack-refs --all && "
			 "git update-ref refs/dossiers/2026-RTM-0009 %s && "
			 "git update-ref refs/dossiers/vreemd/genest %s && "
			 "git symbolic-ref refs/dossiers/2026-ALIAS refs/dossiers/2026-RTM-0001",
			 repo, h[0], h[0], h[0], h[1], h[2]), 0);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_assert_eq(append(a, "2026-RTM-0002", NULL, 1, f, 1, "2026-RTM", 2, h2[0], &err), 0, "%s",
		     err.message);
	git_for_each_ref(REFS_WITH_PEELED, "", before, sizeof(before));
	cr_assert_eq(wt_audit_pack_refs(a, 0, &n, &err), 0, "%s", err.message);
	cr_expect_eq(n, 3, "2026-RTM-0002, 2026-RTM-0009 and vreemd/genest were loose: %zu", n);
	git_for_each_ref(REFS_WITH_PEELED, "", after, sizeof(after));
	cr_expect_str_eq(after, before);
	cr_expect(!exists("refs/dossiers/2026-RTM-0002"));
	cr_expect(!exists("refs/dossiers/2026-RTM-0009"));
	cr_expect(!exists("refs/dossiers/vreemd/genest"));
	cr_expect(exists("refs/dossiers/2026-ALIAS"), "a symbolic ref stays loose");
	cr_expect(exists("refs/weegteam/journaal"), "the journal's ref stays loose");
	cr_expect(!exists("packed-refs.lock"));
	cr_assert_eq(run(line, sizeof(line), "head -1 '%s/packed-refs'", repo), 0);
	cr_expect_str_eq(line, "# pack-refs with: sorted ");
	cr_assert_eq(run(line, sizeof(line), "grep -c '^\\^' '%s/packed-refs'", repo), 0);
	cr_expect_str_eq(line, "1", "the tag's peeled line is kept");
	cr_expect(fsck_ok(repo));
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0009", head, &err), 0);
	cr_expect_str_eq(head, h[1]);

	/* A packed case moves on (over its packed line), and is packed again. */
	cr_assert_eq(append(a, "2026-RTM-0002", h2[0], 2, f + 0, 0, NULL, 0, h2[1], &err), 0, "%s",
		     err.message);
	cr_expect(exists("refs/dossiers/2026-RTM-0002"));
	expect_packs_one(a, 0, "2026-RTM-0002", h2[1]);
	/* With a cap, the first refs in name order go, the others stay loose for the next run. */
	cr_assert_eq(run(NULL, 0, "cd '%s' && git update-ref refs/dossiers/2026-RTM-0007 %s && "
			 "git update-ref refs/dossiers/2026-RTM-0008 %s", repo, h[0], h[1]), 0);
	expect_packs_one(a, 1, "2026-RTM-0007", h[0]);
	cr_expect(exists("refs/dossiers/2026-RTM-0008"));
	expect_packs_one(a, 1, "2026-RTM-0008", h[1]);
	/* Nothing loose: nothing rewritten. */
	ino = inode_of("packed-refs");
	cr_assert_eq(wt_audit_pack_refs(a, 0, &n, &err), 0, "%s", err.message);
	cr_expect_eq(n, 0);
	cr_expect_eq(inode_of("packed-refs"), ino);
	wt_audit_unlock(a);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

Test(audit, packing_refuses_packed_refs_out_of_order)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], line[OUT_MAX], got[OUT_MAX];
	long bad = 0;
	size_t n = 99;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(run(NULL, 0,
			 "printf '%%s refs/dossiers/2026-ZZZ-0001\\n%%s refs/dossiers/2026-AAA-0001\\n' "
			 "%s %s > '%s/packed-refs'",
			 h[0], h[1], repo), 0);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_expect_eq(wt_audit_pack_refs(a, 0, &n, &err), -WT_EINTEGRITY);
	cr_expect_neq(strstr(err.message, "niet gesorteerd"), NULL, "%s", err.message);
	cr_expect_eq(n, 0);
	wt_audit_unlock(a);
	cr_expect(exists("refs/dossiers/2026-RTM-0001"), "the loose ref stays");
	cr_expect(!exists("packed-refs.lock"));
	cr_assert_eq(run(line, sizeof(line), "head -1 '%s/packed-refs'", repo), 0);
	cr_expect_eq(strncmp(line, h[0], WT_OID_HEX), 0, "packed-refs is unchanged");
	/* The case list still has both lines, and says where the order broke. */
	got[0] = '\0';
	cr_assert_eq(wt_audit_cases(a, append_case_line, got, &bad, &err), 0, "%s", err.message);
	cr_expect_eq(bad, 2);
	cr_expect_neq(strstr(got, "2026-AAA-0001 "), NULL, "%s", got);
	cr_expect_neq(strstr(got, "2026-ZZZ-0001 "), NULL, "%s", got);
	wt_audit_free(a);
}

/* A packed-refs saved with CRLF line ends: the CR is no part of a ref name, so such a line
 * is one of an unknown form (named by its number), not a case "2026-RTM-0001\r". */
Test(audit, packed_refs_line_with_cr_is_unknown)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], got[OUT_MAX];
	long bad = 0;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(run(NULL, 0, "rm -f '%s/refs/dossiers/2026-RTM-0001' && "
			 "printf '%%s refs/dossiers/2026-RTM-0001\r\n^%%s\r\n' %s %s > '%s/packed-refs'",
			 repo, h[0], h[1], repo), 0);
	got[0] = '\0';
	cr_assert_eq(wt_audit_cases(a, append_case_line, got, &bad, &err), 0, "%s", err.message);
	cr_expect_eq(bad, 1);
	cr_expect_eq(strchr(got, '\r'), NULL, "%s", got);
	cr_expect_eq(strstr(got, "2026-RTM-0001"), NULL, "%s", got);
	wt_audit_free(a);
}

/* A foreign git process holding the case ref's lock: the ref is not written over; the
 * journal has the event, and the next writer rolls the ref forward once the lock is gone. */
Test(audit, a_locked_case_ref_is_not_written_over)
{
	static const wt_audit_file f[] = {{"status.yaml", "w\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], head[WT_OID_HEX + 1], out[WT_OID_HEX + 1], line[OUT_MAX];
	wt_error err;

	three_events(a, h);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	touch("refs/dossiers/2026-RTM-0001.lock");
	cr_expect_eq(append(a, "2026-RTM-0001", h[2], 4, f, 1, NULL, 0, out, &err), -WT_EENV);
	cr_expect_neq(strstr(err.message, "vergrendeld"), NULL, "%s", err.message);
	cr_assert_eq(run(line, sizeof(line), "cat '%s/refs/dossiers/2026-RTM-0001.lock'", repo), 0);
	cr_expect_str_eq(line, "0000000000000000000000000000000000000000", "the lock is not ours");
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_expect_str_eq(head, h[2]);
	wt_audit_unlock(a);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_expect_neq(strcmp(head, h[2]), 0, "rolled forward to the journal's entry");
	wt_audit_unlock(a);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

/* The ref writer writes only names git accepts below refs/, whatever its caller checked. */
Test(audit, ref_move_refuses_names_git_refuses)
{
	static const char *bad[] = {"refs/dossiers/../../config", "refs/dossiers/x.lock", "config",
				    "refs/dossiers/a..b", "refs/dossiers/"};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], before[OUT_MAX], after[OUT_MAX];
	git_oid id;
	size_t i;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(git_oid_fromstr(&id, h[0]), 0);
	cr_assert_eq(run(before, sizeof(before), "md5sum < '%s/config'", repo), 0);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wt_error_clear(&err);
		cr_expect_eq(wt_audit_ref_move(a, bad[i], &id, NULL, "Test", &err), -WT_EENV, "%s",
			     bad[i]);
		cr_expect_neq(strstr(err.message, "ongeldige refnaam"), NULL, "%s", err.message);
	}
	wt_audit_unlock(a);
	cr_assert_eq(run(after, sizeof(after), "md5sum < '%s/config'", repo), 0);
	cr_expect_str_eq(after, before);
	cr_expect(!exists("refs/dossiers/x.lock"));
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

Test(audit, lock_removes_stale_ref_locks)
{
	static const wt_audit_file f[] = {{"status.yaml", "y\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], out[WT_OID_HEX + 1];
	wt_error err;

	three_events(a, h);
	/* A writer killed while moving refs leaves their lock files behind. */
	touch("refs/dossiers/2026-RTM-0001.lock");
	touch("refs/weegteam/journaal.lock");
	touch("packed-refs.lock");
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_expect(!exists("refs/dossiers/2026-RTM-0001.lock"));
	cr_expect(!exists("refs/weegteam/journaal.lock"));
	cr_expect(!exists("packed-refs.lock"));
	cr_expect(exists("refs/dossiers/2026-RTM-0001"));
	cr_expect_eq(append(a, "2026-RTM-0001", h[2], 4, f, 1, NULL, 0, out, &err), 0, "%s",
		     err.message);
	wt_audit_unlock(a);
	wt_audit_free(a);
}

Test(audit, lock_rolls_a_half_recorded_event_forward)
{
	static const wt_audit_file f[] = {{"status.yaml", "x\n", 2}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], head[WT_OID_HEX + 1], out[WT_OID_HEX + 1];
	wt_error err;

	three_events(a, h);
	/* A crash after the journal entry, before the case ref moved. */
	cr_assert_eq(run(NULL, 0, "git --git-dir '%s' update-ref refs/dossiers/2026-RTM-0001 %s %s",
			 repo, h[1], h[2]), 0);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_assert_str_eq(head, h[1]);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_expect_str_eq(head, h[2], "the ref was rolled forward");
	wt_audit_unlock(a);

	/* The same for a new case whose ref was never created. */
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_assert_eq(append(a, "2026-RTM-0002", NULL, 1, f, 1, "2026-RTM", 2, out, &err), 0);
	wt_audit_unlock(a);
	cr_assert_eq(run(NULL, 0, "git --git-dir '%s' update-ref -d refs/dossiers/2026-RTM-0002",
			 repo), 0);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0002", head, &err), 1);
	cr_assert_eq(wt_audit_lock(a, &err), 0, "%s", err.message);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0002", head, &err), 0);
	cr_expect_str_eq(head, out);
	wt_audit_unlock(a);

	/* Anything else (a ref rewound further back) is left for verify. */
	cr_assert_eq(run(NULL, 0, "git --git-dir '%s' update-ref refs/dossiers/2026-RTM-0001 %s",
			 repo, h[0]), 0);
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_assert_eq(wt_audit_head(a, "2026-RTM-0001", head, &err), 0);
	cr_expect_str_eq(head, h[0]);
	wt_audit_unlock(a);
	wt_audit_free(a);
}

struct bad_seen {
	char oid[MAX_PATHS][WT_OID_HEX + 1];
	char what[MAX_PATHS][PATH_MAX_TEST * 2];
	size_t n;
};

static int collect_bad(const char *oid, const char *what, void *payload)
{
	struct bad_seen *b = payload;

	if (b->n < MAX_PATHS) {
		snprintf(b->oid[b->n], WT_OID_HEX + 1, "%s", oid);
		snprintf(b->what[b->n], sizeof(b->what[0]), "%s", what);
	}
	b->n++;
	return 0;
}

static int bad_has(const struct bad_seen *b, const char *oid)
{
	size_t i;

	for (i = 0; i < b->n && i < MAX_PATHS; i++)
		if (strcmp(b->oid[i], oid) == 0)
			return 1;
	return 0;
}

/* The blob id of path at commit, via the system git. */
static void blob_id(const char *r, const char *commit, const char *path, char out[OUT_MAX])
{
	cr_assert_eq(run(out, OUT_MAX, "git --git-dir '%s' rev-parse %s:%s", r, commit, path), 0);
	cr_assert_eq(strlen(out), WT_OID_HEX);
}

/* Turns every pack of repository r into loose objects with the system git (as an older
 * store, or one written by git itself, would have them). */
static void unpack_all(const char *r)
{
	cr_assert_eq(run(NULL, 0,
			 "cd '%s/objects/pack' && mkdir -p ../../unpacked && mv pack-* ../../unpacked/ && "
			 "for p in ../../unpacked/*.pack; do git --git-dir '%s' unpack-objects -q <\"$p\" || exit 1; done && "
			 "rm -rf ../../unpacked",
			 r, r),
		     0);
}

Test(audit, check_objects_finds_damaged_and_missing_objects)
{
	wt_audit *a = fresh(), *b = NULL;
	char h[3][WT_OID_HEX + 1], copy[PATH_MAX_TEST + 32], p[CMD_MAX];
	char damaged[OUT_MAX], missing[OUT_MAX];
	struct bad_seen seen;
	wt_error err;
	int fd;

	three_events(a, h);
	memset(&seen, 0, sizeof(seen));
	cr_assert_eq(wt_audit_check_objects(a, collect_bad, &seen, &err), 0, "%s", err.message);
	cr_expect_eq(seen.n, 0, "a clean repository: %s %s", seen.oid[0], seen.what[0]);
	wt_audit_free(a);

	snprintf(copy, sizeof(copy), "%s/kopie.git", dir);
	cr_assert_eq(run(NULL, 0, "cp -a '%s' '%s'", repo, copy), 0);
	unpack_all(copy);
	blob_id(copy, h[2], "verzoek.yaml", damaged);
	blob_id(copy, h[2], "beoordelingen/a.yaml", missing);
	/* Overwrite bytes in the middle of one object file; delete another. */
	snprintf(p, sizeof(p), "%s/objects/%.2s/%.38s", copy, damaged, damaged + 2);
	cr_assert_eq(chmod(p, 0644), 0);
	fd = open(p, O_WRONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(pwrite(fd, "XXXXXXXX", 8, 4), 8);
	close(fd);
	snprintf(p, sizeof(p), "%s/objects/%.2s/%.38s", copy, missing, missing + 2);
	cr_assert_eq(unlink(p), 0);

	cr_assert_eq(wt_audit_open(&b, copy, &err), 0, "%s", err.message);
	memset(&seen, 0, sizeof(seen));
	cr_assert_eq(wt_audit_check_objects(b, collect_bad, &seen, &err), 0, "%s", err.message);
	cr_expect(bad_has(&seen, damaged), "the damaged object is named");
	cr_expect(bad_has(&seen, missing), "the missing object is named");
	cr_expect_geq(seen.n, 2);
	/* Reading the damaged file names it as an integrity problem. */
	{
		char *data = NULL;
		size_t len = 0;
		cr_expect_eq(wt_audit_read(b, h[2], "verzoek.yaml", &data, &len, &err),
			     -WT_EINTEGRITY);
		cr_expect(strstr(err.message, damaged) != NULL, "%s", err.message);
		cr_expect_null(data);
	}
	/* Packing refuses to swallow the damaged object. */
	{
		size_t loose = 0;
		cr_assert_eq(wt_audit_lock(b, &err), 0);
		cr_expect_lt(wt_audit_pack(b, &loose, &err), 0);
		wt_audit_unlock(b);
		snprintf(p, sizeof(p), "%s/objects/%.2s/%.38s", copy, damaged, damaged + 2);
		cr_expect_eq(access(p, F_OK), 0, "the damaged object is kept as evidence");
	}
	wt_audit_free(b);
}

Test(audit, pack_leaves_no_loose_objects)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1];
	wt_audit_commit *c = NULL;
	size_t loose = 0, packed = 0, n = 0;
	struct bad_seen seen;
	wt_error err;

	three_events(a, h);
	cr_assert_eq(wt_audit_loose_count(a, &loose, &err), 0);
	cr_expect_eq(loose, 0, "events are written as packs");
	wt_audit_free(a);
	unpack_all(repo);
	cr_assert_eq(wt_audit_open(&a, repo, &err), 0, "%s", err.message);
	cr_assert_eq(wt_audit_loose_count(a, &loose, &err), 0);
	cr_expect_gt(loose, 0);
	cr_expect_eq(wt_audit_pack(a, &packed, &err), -WT_EENV, "packing needs the lock");
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_assert_eq(wt_audit_pack(a, &packed, &err), 0, "%s", err.message);
	cr_expect_eq(packed, loose);
	cr_assert_eq(wt_audit_loose_count(a, &loose, &err), 0);
	cr_expect_eq(loose, 0);
	cr_assert_eq(wt_audit_pack(a, &packed, &err), 0, "%s", err.message);
	cr_expect_eq(packed, 0, "nothing left to pack");
	wt_audit_unlock(a);
	cr_assert_eq(wt_audit_history(a, h[2], NULL, &c, &n, &err), 0, "%s", err.message);
	cr_expect_eq(n, 3);
	wt_audit_commits_free(c, n);
	expect_file(a, h[2], "beoordelingen/a.yaml", "conclusie: ja\n");
	memset(&seen, 0, sizeof(seen));
	cr_assert_eq(wt_audit_check_objects(a, collect_bad, &seen, &err), 0, "%s", err.message);
	cr_expect_eq(seen.n, 0);
	cr_expect(fsck_ok(repo));
	/* A fresh handle reads the packed history too, and appends on top of it. */
	wt_audit_free(a);
	{
		static const wt_audit_file f[] = {{"status.yaml", "z\n", 2}};
		wt_audit *b = NULL;
		char out[WT_OID_HEX + 1];

		cr_assert_eq(wt_audit_open(&b, repo, &err), 0);
		cr_assert_eq(wt_audit_lock(b, &err), 0);
		cr_expect_eq(append(b, "2026-RTM-0001", h[2], 4, f, 1, NULL, 0, out, &err), 0, "%s",
			     err.message);
		wt_audit_unlock(b);
		expect_file(b, out, "verzoek.yaml", "soort: verzoek\n");
		wt_audit_free(b);
	}
	cr_expect(fsck_ok(repo));
}

/* The packs in r's objects/pack (by counting .idx files with the shell). */
static long packs_in(const char *r)
{
	char out[OUT_MAX];

	cr_assert_eq(run(out, sizeof(out), "ls '%s/objects/pack' | grep -c '^pack-.*\\.idx$'", r), 0);
	return strtol(out, NULL, 10);
}

Test(audit, an_event_is_one_pack_and_a_refused_one_leaves_nothing)
{
	static const wt_audit_file f[] = {{"status.yaml", "toestand: later\n", 16}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], out[WT_OID_HEX + 1];
	size_t loose = 0, small = 0, all = 0;
	wt_error err;

	three_events(a, h);
	cr_expect_eq(packs_in(repo), 3, "one pack per event");
	cr_assert_eq(wt_audit_pack_count(a, WT_AUDIT_COMBINE_MAX_BYTES, &small, &all, &err), 0);
	cr_expect_eq(small, 3);
	cr_expect_eq(all, 3);
	cr_assert_eq(wt_audit_loose_count(a, &loose, &err), 0);
	cr_expect_eq(loose, 0);
	/* A conflicting event (stale expected head) is refused and writes no pack or object. */
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	cr_expect_eq(append(a, "2026-RTM-0001", h[1], 4, f, 1, NULL, 0, out, &err), -WT_ECONFLICT);
	wt_audit_unlock(a);
	cr_expect_eq(packs_in(repo), 3, "a refused event writes nothing");
	cr_assert_eq(wt_audit_loose_count(a, &loose, &err), 0);
	cr_expect_eq(loose, 0);
	/* A fresh handle (another process) reads every event from the packs. */
	wt_audit_free(a);
	cr_assert_eq(wt_audit_open(&a, repo, &err), 0, "%s", err.message);
	expect_file(a, h[2], "beoordelingen/b.yaml", "conclusie: nee\n");
	expect_file(a, h[2], "beoordelingen/a.yaml", "conclusie: ja\n");
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

Test(audit, small_packs_are_combined_geometrically)
{
	wt_audit *a = fresh();
	char prev[WT_OID_HEX + 1] = "", out[WT_OID_HEX + 1], body[64];
	wt_audit_file f = {"status.yaml", body, 0};
	wt_audit_commit *c = NULL;
	size_t combined = 0, small = 0, all = 0, n = 0;
	long i, events = WT_AUDIT_PACKS_INLINE + 4;
	wt_error err;

	cr_assert_eq(wt_audit_lock(a, &err), 0);
	for (i = 1; i <= events; i++) {
		f.len = (size_t)snprintf(body, sizeof(body), "toestand: stap-%ld\n", i);
		cr_assert_eq(append(a, "2026-RTM-0001", i == 1 ? NULL : prev, i, &f, 1,
				    i == 1 ? "2026-RTM" : NULL, 1, out, &err), 0, "%s", err.message);
		memcpy(prev, out, sizeof(prev));
	}
	/* The events combined their small packs as they went: never WT_AUDIT_PACKS_INLINE. */
	cr_assert_eq(wt_audit_pack_count(a, WT_AUDIT_COMBINE_MAX_BYTES, &small, &all, &err), 0);
	cr_expect_lt(all, WT_AUDIT_PACKS_INLINE, "%zu packs after %ld events", all, events);
	cr_expect_gt(all, 1);
	/* maintain's combination leaves packs whose sizes at least double. */
	cr_expect_eq(wt_audit_combine_packs(a, WT_AUDIT_COMBINE_MAX_BYTES, &combined, &err), 0, "%s",
		     err.message);
	cr_assert_eq(wt_audit_pack_count(a, WT_AUDIT_COMBINE_MAX_BYTES, &small, &all, &err), 0);
	/* 16 events combined inline, then 4: the 4 combine, the 16 stay (16 >= 2 x 4). */
	cr_expect_eq(all, 2, "%zu packs left", all);
	cr_expect_eq(wt_audit_combine_packs(a, WT_AUDIT_COMBINE_MAX_BYTES, &combined, &err), 0);
	cr_expect_eq(combined, 0, "nothing left to combine");
	/* A pack at the cap or over is never rewritten. */
	cr_expect_eq(wt_audit_combine_packs(a, 1, &combined, &err), 0);
	cr_expect_eq(combined, 0);
	wt_audit_unlock(a);
	cr_expect_eq(wt_audit_combine_packs(a, WT_AUDIT_COMBINE_MAX_BYTES, &combined, &err), -WT_EENV,
		     "combining needs the lock");
	cr_assert_eq(wt_audit_history(a, out, NULL, &c, &n, &err), 0, "%s", err.message);
	cr_expect_eq(n, (size_t)events);
	wt_audit_commits_free(c, n);
	expect_file(a, out, "status.yaml", body);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

Test(audit, a_small_pack_below_equal_ones_does_not_stop_the_combining)
{
	static const char *const ids[] = {"2026-RTM-0001", "2026-RTM-0002", "2026-RTM-0003"};
	wt_audit *a = fresh();
	char prev[WT_OID_HEX + 1], head[WT_OID_HEX + 1], out[OUT_MAX], body[2048];
	wt_audit_file f = {"status.yaml", body, 0};
	size_t combined = 0, c, k;
	wt_error err;
	long i;

	cr_assert_eq(wt_audit_lock(a, &err), 0);
	for (c = 0; c < 3; c++)
		for (i = 1; i <= 5; i++) {
			f.len = 0;
			for (k = 0; k < 40; k++)
				f.len += (size_t)snprintf(body + f.len, sizeof(body) - f.len, "regel-%zu: %zu-%ld\n",
							  k, c * 7919 + k * 31, i);
			cr_assert_eq(append(a, ids[c], i == 1 ? NULL : prev, i, &f, 1,
					    i == 1 ? "2026-RTM" : NULL, (long)c + 1, head, &err), 0, "%s",
				     err.message);
			memcpy(prev, head, sizeof(prev));
		}
	/* Repack as git would have it: one pack per case (alike in size), a smaller one for the
	 * journal and a tiny one with a single blob, the only packs left. */
	cr_assert_eq(run(out, sizeof(out),
			 "cd '%s' && mkdir old && for r in refs/dossiers/2026-RTM-0001 refs/dossiers/2026-RTM-0002 refs/dossiers/2026-RTM-0003; do "
			 "git rev-list --objects $r | git pack-objects -q old/pack >/dev/null || exit 1; done && "
			 "git rev-list --objects refs/weegteam/journaal --not refs/dossiers/2026-RTM-0001 refs/dossiers/2026-RTM-0002 refs/dossiers/2026-RTM-0003 | "
			 "git pack-objects -q old/pack >/dev/null && b=$(printf x | git hash-object -w --stdin) && "
			 "echo $b | git pack-objects -q old/pack >/dev/null && rm objects/pack/pack-* && "
			 "rm -r objects/$(echo $b | cut -c1-2) && mv old/pack-* objects/pack/ && rmdir old && "
			 "git fsck --full --strict --no-dangling 2>&1",
			 repo),
		     0, "%s", out);
	cr_assert_eq(packs_in(repo), 5);
	/* Sorted by size: the one-blob pack, the journal's, then three alike. The second is not
	 * less than twice the first, but the later ones are less than twice all before them: all
	 * five combine. */
	cr_expect_eq(wt_audit_combine_packs(a, WT_AUDIT_COMBINE_MAX_BYTES, &combined, &err), 0, "%s",
		     err.message);
	cr_expect_eq(combined, 5);
	cr_expect_eq(packs_in(repo), 1);
	wt_audit_unlock(a);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

/* Appends events 1..n to 2026-RTM-0001 (one tiny pack each); prev gets the last head. */
static void events_upto(wt_audit *a, long from, long n, char prev[WT_OID_HEX + 1])
{
	char out[WT_OID_HEX + 1], body[64];
	wt_audit_file f = {"status.yaml", body, 0};
	wt_error err;
	long i;

	cr_assert_eq(wt_audit_lock(a, &err), 0);
	for (i = from; i <= n; i++) {
		f.len = (size_t)snprintf(body, sizeof(body), "toestand: stap-%ld\n", i);
		cr_assert_eq(append(a, "2026-RTM-0001", i == 1 ? NULL : prev, i, &f, 1,
				    i == 1 ? "2026-RTM" : NULL, 1, out, &err), 0, "%s", err.message);
		memcpy(prev, out, WT_OID_HEX + 1);
	}
	wt_audit_unlock(a);
}

Test(audit, tiny_packs_combined_by_copying_stop_at_a_damaged_entry)
{
	wt_audit *a = fresh();
	char prev[WT_OID_HEX + 1] = "", out[OUT_MAX], p[PATH_MAX_TEST + OUT_MAX + 64];
	struct bad_seen seen;
	size_t small = 0, all = 0;
	wt_error err;
	long size;
	int fd;

	/* One event short of combining: WT_AUDIT_PACKS_INLINE - 1 tiny packs. */
	events_upto(a, 1, WT_AUDIT_PACKS_INLINE - 1, prev);
	cr_expect_eq(packs_in(repo), WT_AUDIT_PACKS_INLINE - 1);
	/* Damage the middle of the largest one (its zlib streams; the entry headers are tiny). */
	cr_assert_eq(run(out, sizeof(out), "cd '%s/objects/pack' && ls -S pack-*.pack | head -1", repo), 0);
	out[strcspn(out, "\n")] = '\0';
	snprintf(p, sizeof(p), "%s/objects/pack/%s", repo, out);
	cr_assert_eq(chmod(p, 0644), 0);
	fd = open(p, O_WRONLY);
	cr_assert_geq(fd, 0);
	size = lseek(fd, 0, SEEK_END);
	cr_assert_eq(pwrite(fd, "XXXXXXXX", 8, size / 2), 8);
	close(fd);
	/* The next event writes its pack and tries to combine: the copy does not hold the objects
	 * the old indexes list, so nothing is removed and no new pack stays. */
	events_upto(a, WT_AUDIT_PACKS_INLINE, WT_AUDIT_PACKS_INLINE, prev);
	cr_expect_eq(packs_in(repo), WT_AUDIT_PACKS_INLINE, "the damaged pack and the others stay");
	cr_assert_eq(wt_audit_pack_count(a, WT_AUDIT_TINY_PACK_BYTES, &small, &all, &err), 0);
	cr_expect_eq(small, WT_AUDIT_PACKS_INLINE);
	/* The damage is there for verify to report. */
	memset(&seen, 0, sizeof(seen));
	cr_assert_eq(wt_audit_check_objects(a, collect_bad, &seen, &err), 0, "%s", err.message);
	cr_expect_geq(seen.n, 1, "the damaged object is reported");
	wt_audit_free(a);
}

Test(audit, tiny_packs_with_deltas_are_combined_through_libgit2)
{
	wt_audit *a = fresh();
	char prev[WT_OID_HEX + 1] = "", out[OUT_MAX];
	wt_audit_commit *c = NULL;
	size_t n = 0;
	wt_error err;

	events_upto(a, 1, WT_AUDIT_PACKS_INLINE - 2, prev);
	/* A small pack git made with deltas (the status.yaml versions are alike). */
	cr_assert_eq(run(out, sizeof(out),
			 "cd '%s' && git rev-list --objects --all | git pack-objects -q --window=10 "
			 "objects/pack/pack >/dev/null && git verify-pack -v objects/pack/pack-*.idx | "
			 "grep -c ' [0-9][0-9]* [0-9][0-9]* [0-9][0-9]* [0-9][0-9]* [0-9a-f]\\{40\\}$'",
			 repo),
		     0, "git made no delta: %s", out);
	cr_expect_eq(packs_in(repo), WT_AUDIT_PACKS_INLINE - 1);
	/* Sixteen tiny packs, one with deltas: combined all the same, through libgit2. */
	events_upto(a, WT_AUDIT_PACKS_INLINE - 1, WT_AUDIT_PACKS_INLINE - 1, prev);
	cr_expect_eq(packs_in(repo), 1, "%ld packs", packs_in(repo));
	cr_assert_eq(wt_audit_history(a, prev, NULL, &c, &n, &err), 0, "%s", err.message);
	cr_expect_eq(n, (size_t)(WT_AUDIT_PACKS_INLINE - 1));
	wt_audit_commits_free(c, n);
	cr_expect(fsck_ok(repo));
	wt_audit_free(a);
}

/* The pack indexes libgit2 has mapped in this process (lines of /proc/self/maps naming one). */
static int mapped_indexes(void)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f) != NULL)
		n += strstr(line, ".idx") != NULL;
	fclose(f);
	return n;
}

Test(audit, release_packs_lets_go_of_every_pack)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1];
	wt_error err;

	three_events(a, h);
	expect_file(a, h[0], "verzoek.yaml", "soort: verzoek\n");
	expect_file(a, h[2], "beoordelingen/a.yaml", "conclusie: ja\n");
	cr_expect_gt(mapped_indexes(), 0, "reading mapped the pack indexes");
	cr_assert_eq(wt_audit_release_packs(a, &err), 0, "%s", err.message);
	cr_expect_eq(mapped_indexes(), 0, "released: no pack index stays mapped");
	/* The next read opens what it needs again; the handle writes as before. */
	expect_file(a, h[2], "beoordelingen/a.yaml", "conclusie: ja\n");
	cr_expect_gt(mapped_indexes(), 0);
	wt_audit_free(a);
	cr_expect_eq(mapped_indexes(), 0);
}

struct walked {
	char commits[4][WT_OID_HEX + 1];
	char heads[4][WT_OID_HEX + 1];
	int mapped[4]; /* pack indexes mapped when each entry came */
	size_t n;
};

static int walk_entry(const wt_journal_entry *e, void *payload)
{
	struct walked *w = payload;

	cr_assert_lt(w->n, 4);
	w->mapped[w->n] = mapped_indexes();
	snprintf(w->commits[w->n], WT_OID_HEX + 1, "%s", e->commit);
	snprintf(w->heads[w->n++], WT_OID_HEX + 1, "%s", e->new_head);
	return 0;
}

static void walk_journal(wt_audit *a, unsigned long release_every, struct walked *w)
{
	char head[WT_OID_HEX + 1];
	wt_error err;

	memset(w, 0, sizeof(*w));
	cr_assert_eq(wt_audit_journal_head(a, head, &err), 0, "%s", err.message);
	wt_audit_release_every = release_every;
	cr_assert_eq(wt_audit_journal_each(a, head, walk_entry, w, &err), 0, "%s", err.message);
	wt_audit_release_every = 1000;
}

/* A long journal walk lets go of the packs on the way (here after every entry) and still gives
 * every entry, newest first. Each event wrote one pack; their times are set apart so that
 * libgit2 searches them newest first, as it does in use. */
Test(audit, journal_walk_releases_packs_on_the_way)
{
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1];
	struct walked w;
	wt_error err;

	three_events(a, h);
	walk_journal(a, 1000000, &w);
	cr_assert_eq(w.n, 3);
	cr_assert_eq(run(NULL, 0,
			 "cd '%s/objects/pack' && for i in *.idx; do "
			 "if git show-index < $i | grep -q %s; then t=202001010000; "
			 "elif git show-index < $i | grep -q %s; then t=202101010000; "
			 "else t=202201010000; fi; touch -t $t ${i%%.idx}.pack; done",
			 repo, w.commits[2], w.commits[1]), 0);
	wt_audit_free(a);
	wt_error_clear(&err);
	cr_assert_eq(wt_audit_open(&a, repo, &err), 0, "%s", err.message);
	/* Without releases every index read stays mapped: all three by the oldest entry. */
	walk_journal(a, 1000000, &w);
	cr_expect_eq(w.mapped[2], 3);
	expect_file(a, h[0], "verzoek.yaml", "soort: verzoek\n");
	cr_expect_eq(mapped_indexes(), 3);
	/* With them, the second entry's lookup opens the newest pack (tried first) and its own. */
	walk_journal(a, 1, &w);
	cr_assert_eq(w.n, 3);
	cr_expect_str_eq(w.heads[0], h[2]);
	cr_expect_str_eq(w.heads[1], h[1]);
	cr_expect_str_eq(w.heads[2], h[0]);
	cr_expect_eq(w.mapped[0], 3, "nothing released before the first entry");
	cr_expect_eq(w.mapped[1], 2, "released after the first entry");
	expect_file(a, h[2], "beoordelingen/a.yaml", "conclusie: ja\n");
	wt_audit_free(a);
}

Test(audit, fsck_clean_and_append_timing)
{
	static const wt_audit_file f[] = {{"status.yaml", "toestand: x\n", 12}};
	wt_audit *a = fresh();
	char h[3][WT_OID_HEX + 1], head[WT_OID_HEX + 1], out[WT_OID_HEX + 1];
	struct timespec t0;
	long ms, i;
	wt_error err;

	three_events(a, h);
	snprintf(head, sizeof(head), "%s", h[2]);
	cr_assert_eq(wt_audit_lock(a, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < TIMING_EVENTS; i++) {
		cr_assert_eq(append(a, "2026-RTM-0001", head, 4 + i, f, 1, NULL, 0, out, &err), 0,
			     "%s", err.message);
		snprintf(head, sizeof(head), "%s", out);
	}
	ms = ms_since(&t0);
	wt_audit_unlock(a);
	cr_log_info("audit: %ld events with fsync in %ld ms (%.1f ms per event)", (long)TIMING_EVENTS,
		    ms, (double)ms / TIMING_EVENTS);
	fprintf(stderr, "audit: %d events with fsync in %ld ms (%.1f ms per event)\n",
		TIMING_EVENTS, ms, (double)ms / TIMING_EVENTS);
	cr_expect(fsck_ok(repo), "git fsck --full --strict after appends");
	wt_audit_free(a);
}
