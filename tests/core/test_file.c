/* test_file.c: wt_read_file on real files: sizes around the cap, empty files, pipes. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"

#define PATH_MAX_TEST 256
#define CAP 100

static char dir[PATH_MAX_TEST];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s", "/tmp/wt-file-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[PATH_MAX_TEST + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(file, .init = setup, .fini = teardown);

/* Writes n bytes of 'x' to dir/name; the path goes to out. */
static void make_file(const char *name, size_t n, char *out, size_t size)
{
	FILE *f;
	size_t i;

	snprintf(out, size, "%s/%s", dir, name);
	f = fopen(out, "w");
	cr_assert_not_null(f);
	for (i = 0; i < n; i++)
		fputc('x', f);
	fclose(f);
}

Test(file, reads_up_to_the_cap_and_refuses_beyond)
{
	static const size_t sizes[] = {0, 1, CAP - 1, CAP};
	char p[PATH_MAX_TEST + 32], *data = NULL;
	size_t i, len = 99;
	wt_error err;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		make_file("f", sizes[i], p, sizeof(p));
		cr_assert_eq(wt_read_file(p, CAP, &data, &len, &err), 0, "%zu: %s", sizes[i],
			     err.message);
		cr_expect_eq(len, sizes[i]);
		cr_expect_eq(data[len], '\0');
		cr_expect_eq(strspn(data, "x"), sizes[i]);
		free(data);
	}
	make_file("groot", CAP + 1, p, sizeof(p));
	cr_expect_eq(wt_read_file(p, CAP, &data, &len, &err), -WT_EINPUT);
	cr_expect_null(data);
	cr_expect_neq(strstr(err.message, "te groot"), NULL, "%s", err.message);
}

Test(file, refuses_what_is_not_a_plain_file_without_waiting)
{
	char p[PATH_MAX_TEST + 32], *data = NULL;
	size_t len = 0;
	wt_error err;

	snprintf(p, sizeof(p), "%s/pijp", dir);
	cr_assert_eq(mkfifo(p, 0600), 0);
	cr_expect_eq(wt_read_file(p, CAP, &data, &len, &err), -WT_EINPUT);
	cr_expect_null(data);
	cr_expect_eq(wt_read_file(dir, CAP, &data, &len, &err), -WT_EINPUT);
	snprintf(p, sizeof(p), "%s/bestaat-niet", dir);
	cr_expect_eq(wt_read_file(p, CAP, &data, &len, &err), -WT_EINPUT);
	cr_expect_neq(strstr(err.message, "bestaat niet"), NULL, "%s", err.message);
}

/* A read error of a file with contents is the environment's (exit 5); of a size-0 kernel file
 * such as /proc/self/mem, which only looks like a plain file, the user's input (exit 2). */
Test(file, read_error_is_environment_unless_a_size_0_kernel_file)
{
	struct stat st;
	wt_error err;
	char *data = NULL;
	size_t len = 0;

	memset(&st, 0, sizeof(st));
	st.st_size = 10;
	cr_assert_eq(wt_file_read_error(&err, &st, "f"), -WT_EENV);
	cr_expect_str_eq(err.key, "leesfout");
	st.st_size = 0;
	cr_assert_eq(wt_file_read_error(&err, &st, "f"), -WT_EINPUT);
	cr_expect_str_eq(err.key, "geen_bestand");
	cr_expect_str_eq(err.file, "f");
	cr_assert_eq(wt_read_file("/proc/self/mem", CAP, &data, &len, &err), -WT_EINPUT);
	cr_expect_str_eq(err.message, "Dit is geen gewoon bestand.");
	cr_expect_null(data);
}

/* A failed open of a path the user gave: input when the path cannot name a file. */
Test(file, open_errors_of_the_users_path)
{
	wt_error err;

	cr_expect_eq(wt_file_open_error(&err, ENAMETOOLONG, "x", 0), -WT_EINPUT);
	cr_expect_eq(wt_file_open_error(&err, ENOENT, "x", 1), -WT_EINPUT);
	cr_expect_str_eq(err.message, "De map voor dit bestand bestaat niet.");
	cr_expect_eq(wt_file_open_error(&err, ENOENT, "", 1), -WT_EINPUT);
	cr_expect_str_eq(err.message, "Er is geen bestandsnaam gegeven.");
	cr_expect_eq(wt_file_open_error(&err, EEXIST, "x", 1), -WT_EINPUT);
	cr_expect_str_eq(err.key, "bestand_bestaat");
	cr_expect_eq(wt_file_open_error(&err, EACCES, "x", 0), -WT_EENV);
	cr_expect_eq(wt_file_open_error(&err, EIO, "x", 1), -WT_EENV);
	cr_expect_str_eq(err.file, "x");
}
