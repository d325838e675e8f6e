/* test_text.c: UTF-8 and control characters: the check on text coming in, its display going out. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/text.h"

/* Checks text that must be refused with key at line:column. */
static void expect_refused(const char *text, size_t len, const char *key, int line, int column,
			   const char *part)
{
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_text_check("n.md", text, len, &err), -WT_EINPUT, "accepted: %s", text);
	cr_assert_str_eq(err.key, key, "%s", err.message);
	cr_assert_str_eq(err.file, "n.md");
	cr_assert_eq(err.line, line, "line %d:%d", err.line, err.column);
	cr_assert_eq(err.column, column, "column %d:%d", err.line, err.column);
	cr_assert(strstr(err.message, part) != NULL, "%s", err.message);
}

/* The display form of text. */
static void expect_display(const char *text, size_t len, const char *want)
{
	wt_buf b;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_text_add_display(&b, text, len), 0);
	cr_assert_str_eq(b.data ? b.data : "", want);
	wt_buf_release(&b);
}

Test(text, check_accepts_text_with_tab_line_ends_and_multibyte)
{
	const char *ok = "een\ttab\r\nregel\rnog één \xe2\x82\xac \xc2\xa0 \xf0\x9f\x98\x80\n";
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_text_check("n.md", ok, strlen(ok), &err), 0, "%s", err.message);
	cr_assert_eq(wt_text_check("n.md", "", 0, &err), 0);
}

Test(text, check_refuses_c0_del_and_c1_with_position)
{
	expect_refused("ab\x1b[2J", 6, "stuurteken", 1, 3, "U+001B");
	expect_refused("regel\nx\x07", 8, "stuurteken", 2, 2, "U+0007");
	expect_refused("\x08", 1, "stuurteken", 1, 1, "U+0008");
	expect_refused("é\x7f", 3, "stuurteken", 1, 2, "U+007F");
	expect_refused("a\r\nb\xc2\x9b", 6, "stuurteken", 2, 2, "U+009B");
	expect_refused("\xc2\x85", 2, "stuurteken", 1, 1, "U+0085");
	/* Invalid UTF-8 and NUL are named first, as before. */
	expect_refused("a\x1b\xff", 3, "ongeldige_utf8", 1, 3, "0xFF");
	expect_refused("a\0b", 3, "nul_byte", 1, 2, "nul-teken");
}

Test(text, find_control_skips_invalid_bytes)
{
	size_t off = 99;

	cr_assert_eq(wt_text_find_control("\xff\xc2x\t\n\r", 6, &off), -1);
	cr_assert_eq(wt_text_find_control("\xffz\x1b", 3, &off), 0x1b);
	cr_assert_eq(off, 2);
}

Test(text, display_escapes_controls_and_invalid_bytes)
{
	/* Plain text, TAB, LF and CR before LF pass unchanged. */
	expect_display("één\tregel\r\nmeer\n", strlen("één\tregel\r\nmeer\n"), "één\tregel\r\nmeer\n");
	/* C0, DEL and C1 become their code point, a lone CR too. */
	expect_display("\x1b[2J\x07x\x7f\xc2\x9b\xc2\x85y\rz", 14,
		       "\\u001b[2J\\u0007x\\u007f\\u009b\\u0085y\\u000dz");
	expect_display("eind\r", 5, "eind\\u000d");
	/* A byte that is not UTF-8 (a lone C1 byte steers an 8-bit terminal) becomes U+FFFD. */
	expect_display("a\x9b" "b\xff\xe2\x82", 6, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	expect_display("", 0, "");
}

Test(text, find_unsafe_reports_offset_and_length)
{
	size_t n = 99;

	cr_assert_eq(wt_text_find_unsafe("abc", 3, &n), 3);
	cr_assert_eq(n, 0);
	cr_assert_eq(wt_text_find_unsafe("ab\xc2\x9b", 4, &n), 2);
	cr_assert_eq(n, 2);
	cr_assert_eq(wt_text_find_unsafe("\xe2\x82\xac\x1b", 4, &n), 3);
	cr_assert_eq(n, 1);
}
