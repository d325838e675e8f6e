/* test_yaml_load.c: the YAML loader: positions, every refusal, and hostile input within limits. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "yaml/yaml_load.h"

#define FIXTURES "tests/fixtures/yaml/"

static wt_doc *load_ok(const char *text)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_buffer(&doc, "t.yaml", text, strlen(text), &err), 0,
		     "%s: %s", err.key, err.message);
	cr_assert_not_null(doc);
	return doc;
}

/* Loads len bytes that must fail with key at line:column (0 = do not check). */
static void expect_fail_len(const char *text, size_t len, const char *key, int line, int column,
			    const char *field, wt_error *out)
{
	wt_doc *doc = (wt_doc *)1;
	wt_error err;
	int rc;

	wt_error_clear(&err);
	rc = wt_yaml_load_buffer(&doc, "t.yaml", text, len, &err);
	cr_assert_eq(rc, -WT_EINPUT, "rc %d (%s: %s)", rc, err.key, err.message);
	cr_assert_null(doc);
	cr_assert_eq(err.code, WT_EINPUT);
	cr_assert_str_eq(err.key, key, "message: %s", err.message);
	cr_assert_str_eq(err.file, "t.yaml");
	cr_assert_neq(err.message[0], '\0');
	if (line > 0) {
		cr_assert_eq(err.line, line, "line %d:%d (%s)", err.line, err.column, err.message);
		cr_assert_eq(err.column, column, "line %d:%d (%s)", err.line, err.column,
			     err.message);
	}
	if (field != NULL)
		cr_assert_str_eq(err.field, field);
	if (out != NULL)
		wt_error_copy(out, &err);
}

static void expect_fail(const char *text, const char *key, int line, int column,
			const char *field)
{
	expect_fail_len(text, strlen(text), key, line, column, field, NULL);
}

/* A NUL-terminated copy of a generated buffer, freed by the caller. */
static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
	wt_buf b;
	size_t i;

	wt_buf_init(&b, (size_t)64 * 1024 * 1024);
	cr_assert_eq(wt_buf_addstr(&b, head), 0);
	for (i = 0; i < times; i++)
		cr_assert_eq(wt_buf_addstr(&b, unit), 0);
	cr_assert_eq(wt_buf_addstr(&b, tail), 0);
	return wt_buf_detach(&b);
}

/* Writes len bytes to a new temporary file; returns its path (free it, unlink it). */
static char *temp_file(const char *data, size_t len)
{
	char *path = wt_strdup("/tmp/wt_yaml_test_XXXXXX");
	int fd;

	cr_assert_not_null(path);
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* ---- well-formed documents ---- */

Test(yaml_load, loads_fixture_with_positions_and_styles)
{
	const wt_node *r, *v, *a, *l;
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, FIXTURES "goed.yaml", &err), 0, "%s", err.message);
	cr_assert_str_eq(doc->file, FIXTURES "goed.yaml");
	r = doc->root;
	cr_assert_eq(r->kind, WT_NODE_MAP);
	cr_assert_eq(r->line, 2);
	cr_assert_eq(r->column, 1);
	cr_assert_eq(r->count, 8);

	v = wt_map_get(r, "verzoeker");
	cr_assert_eq(v->kind, WT_NODE_MAP);
	cr_assert_eq(v->line, 3);
	cr_assert_eq(v->column, 3);
	cr_assert_str_eq(wt_node_str(wt_map_get(v, "naam")), "Test Medewerker");
	cr_assert_eq(wt_map_get(v, "naam")->plain, 0);
	cr_assert_eq(wt_map_get(v, "naam")->line, 4);
	cr_assert_eq(wt_map_get(v, "naam")->column, 9);
	cr_assert_eq(v->key_line[1], 4);
	cr_assert_eq(v->key_column[1], 3);
	cr_assert_eq(wt_map_get(v, "organisatie")->plain, 1);
	cr_assert_eq(wt_map_get(v, "telefoon")->plain, 0);

	a = wt_map_get(r, "achterblijvers");
	cr_assert_eq(a->kind, WT_NODE_SEQ);
	cr_assert_eq(a->count, 2);
	cr_assert_eq(a->items[1]->line, 9);
	cr_assert_eq(a->items[1]->column, 5);
	{
		long long age = 0;

		cr_assert_eq(wt_node_int(wt_map_get(a->items[1], "leeftijd"), &age), 0);
		cr_assert_eq(age, -3);
		cr_assert_eq(wt_map_get(a->items[1], "leeftijd")->line, 10);
		cr_assert_eq(wt_map_get(a->items[1], "leeftijd")->column, 15);
	}

	cr_assert_str_eq(wt_node_str(wt_map_get(r, "feiten")), "Regel een.\nRegel twee.\n");
	cr_assert_eq(wt_map_get(r, "feiten")->plain, 0);
	cr_assert_str_eq(wt_node_str(wt_map_get(r, "samenvatting")), "Gevouwen tekst.\n");
	cr_assert_eq(wt_map_get(r, "samenvatting")->plain, 0);
	{
		int spoed = 0;

		cr_assert_eq(wt_node_bool(wt_map_get(r, "spoed"), &spoed), 0);
		cr_assert_eq(spoed, 1);
	}
	cr_assert(wt_node_is_null(wt_map_get(r, "opmerking")));
	cr_assert(wt_node_is_null(wt_map_get(r, "leeg")));
	cr_assert_eq(wt_map_get(r, "leeg")->line, 19);
	cr_assert_eq(wt_map_get(r, "leeg")->column, 6);

	l = wt_map_get(r, "lijst_kort");
	cr_assert_eq(l->kind, WT_NODE_SEQ);
	cr_assert_eq(l->line, 20);
	cr_assert_eq(l->column, 13);
	cr_assert_eq(l->items[1]->plain, 0);
	cr_assert_eq(l->items[1]->column, 17);
	cr_assert_eq(l->items[2]->kind, WT_NODE_MAP);
	cr_assert_eq(l->items[2]->key_line[0], 20);
	cr_assert_eq(l->items[2]->key_column[0], 23);
	wt_doc_free(doc);
}

Test(yaml_load, buffer_needs_no_terminator_and_counts_columns_in_characters)
{
	const char text[] = "naam: \"Zoë\"\nplaats: Zoë straat\nXXXX";
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	/* Leave out the trailing XXXX: only len bytes may be read. */
	cr_assert_eq(wt_yaml_load_buffer(&doc, NULL, text, strlen(text) - 4, &err), 0);
	cr_assert_str_eq(doc->file, "(invoer)");
	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "plaats")), "Zoë straat");
	cr_assert_eq(doc->root->count, 2);
	wt_doc_free(doc);

	/* A bad byte after a two-byte character: column counts characters, not bytes. */
	expect_fail("naam: \"Zoë\xff\"\n", "ongeldige_utf8", 1, 11, NULL);
}

Test(yaml_load, root_may_be_a_scalar_or_a_list)
{
	wt_doc *doc = load_ok("--- hallo\n");

	cr_assert_eq(doc->root->kind, WT_NODE_SCALAR);
	cr_assert_str_eq(doc->root->value, "hallo");
	wt_doc_free(doc);
	doc = load_ok("- 1\n- 2\n...\n");
	cr_assert_eq(doc->root->kind, WT_NODE_SEQ);
	wt_doc_free(doc);
}

Test(yaml_load, alias_copies_anchor_and_latest_anchor_wins)
{
	wt_doc *doc = load_ok("basis: &b {stad: Rotterdam, n: [1, 2]}\n"
			      "kopie: *b\n"
			      "x: &s een\n"
			      "x2: &s twee\n"
			      "y: *s\n");
	const wt_node *copy = wt_map_get(doc->root, "kopie");

	cr_assert_eq(copy->kind, WT_NODE_MAP);
	cr_assert_neq(copy, wt_map_get(doc->root, "basis"));
	cr_assert_str_eq(wt_node_str(wt_map_get(copy, "stad")), "Rotterdam");
	cr_assert_eq(wt_map_get(copy, "n")->count, 2);
	/* The copy is placed where the alias was written. */
	cr_assert_eq(copy->line, 2);
	cr_assert_eq(copy->column, 8);
	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "y")), "twee");
	wt_doc_free(doc);
}

Test(yaml_load, same_key_in_different_groups_is_fine)
{
	wt_doc *doc = load_ok("a: {naam: 1}\nb: {naam: 2}\nc: [{naam: 3}, {naam: 4}]\nnaam: 5\n");

	cr_assert_eq(doc->root->count, 4);
	wt_doc_free(doc);
}

Test(yaml_load, limits_themselves_are_accepted)
{
	char *deep, *big, *text;
	wt_doc *doc;

	/* WT_YAML_MAX_DEPTH levels exactly. */
	deep = repeat("", "[", WT_YAML_MAX_DEPTH, "");
	text = repeat(deep, "]", WT_YAML_MAX_DEPTH, "\n");
	doc = load_ok(text);
	wt_doc_free(doc);
	free(text);
	free(deep);

	/* A scalar of exactly WT_YAML_MAX_SCALAR_BYTES. */
	big = repeat("a: ", "x", WT_YAML_MAX_SCALAR_BYTES, "\n");
	doc = load_ok(big);
	cr_assert_eq(wt_map_get(doc->root, "a")->len, WT_YAML_MAX_SCALAR_BYTES);
	wt_doc_free(doc);
	free(big);

	/* WT_YAML_MAX_NODES nodes exactly: the root list plus its items. */
	text = repeat("", "- x\n", WT_YAML_MAX_NODES - 1, "");
	doc = load_ok(text);
	cr_assert_eq(doc->root->count, WT_YAML_MAX_NODES - 1);
	wt_doc_free(doc);
	free(text);
}

Test(yaml_load, file_of_exactly_the_size_limit_is_read)
{
	char *data = malloc(WT_YAML_MAX_FILE_BYTES);
	char *path;
	wt_doc *doc = NULL;
	wt_error err;

	cr_assert_not_null(data);
	memset(data, '#', WT_YAML_MAX_FILE_BYTES);
	memcpy(data, "a: 1\n", 5);
	data[WT_YAML_MAX_FILE_BYTES - 1] = '\n';
	path = temp_file(data, WT_YAML_MAX_FILE_BYTES);
	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), 0, "%s", err.message);
	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "a")), "1");
	wt_doc_free(doc);
	unlink(path);
	free(path);
	free(data);
}

/* ---- refusals ---- */

Test(yaml_load, refuses_missing_file_as_input_error)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, "tests/fixtures/yaml/bestaat_niet.yaml", &err),
		     -WT_EINPUT);
	cr_assert_null(doc);
	cr_assert_str_eq(err.key, "bestand_niet_gevonden");
	cr_assert_str_eq(err.file, "tests/fixtures/yaml/bestaat_niet.yaml");
	cr_assert(strstr(err.message, "niet gevonden") != NULL);
}

Test(yaml_load, refuses_directory)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, "tests/fixtures/yaml", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "geen_bestand");
}

/* A named pipe nobody writes to used to make open() wait forever (check, lint, ingest). */
Test(yaml_load, named_pipe_without_writer_is_empty_not_a_hang, .timeout = 10)
{
	char dir[] = "/tmp/wt-yaml-fifo-XXXXXX", fifo[64];
	wt_doc *doc = NULL;
	wt_error err;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/pijp.yaml", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	wt_error_clear(&err);
	cr_expect_eq(wt_yaml_load_file(&doc, fifo, &err), -WT_EINPUT);
	cr_expect_str_eq(err.key, "leeg_bestand");
	cr_expect_null(doc);
	unlink(fifo);
	rmdir(dir);
}

/* Reading /proc/self/mem at offset 0 fails with EIO, also for root: a size-0 kernel file the
 * user named, input like a device (a read error of a file with contents stays WT_EENV, see
 * tests/core/test_file.c). */
Test(yaml_load, unreadable_kernel_file_is_no_plain_file)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, "/proc/self/mem", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "geen_bestand");
	cr_assert_str_eq(err.file, "/proc/self/mem");
	cr_assert_null(doc);
}

/* A device is refused before anything is read, as wt_read_file refuses it for submit and act. */
Test(yaml_load, device_is_no_plain_file)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, "/dev/zero", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "geen_bestand");
	cr_assert_str_eq(err.message, "Dit is geen gewoon bestand.");
}

/* A named pipe that was written is still read to its end (weegteam check <(...)). */
Test(yaml_load, named_pipe_with_contents_is_read, .timeout = 10)
{
	char dir[] = "/tmp/wt-yaml-fifo-XXXXXX", fifo[64];
	wt_doc *doc = NULL;
	wt_error err;
	int keep, w;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/pijp.yaml", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	/* A reader held open keeps what is written in the pipe after the writer closes. */
	keep = open(fifo, O_RDONLY | O_NONBLOCK);
	cr_assert_geq(keep, 0);
	w = open(fifo, O_WRONLY);
	cr_assert_geq(w, 0);
	cr_assert_eq(write(w, "a: 1\n", 5), 5);
	close(w);
	wt_error_clear(&err);
	cr_expect_eq(wt_yaml_load_file(&doc, fifo, &err), 0, "%s", err.message);
	cr_expect_str_eq(wt_node_str(wt_map_get(doc->root, "a")), "1");
	wt_doc_free(doc);
	close(keep);
	unlink(fifo);
	rmdir(dir);
}

/* A UTF-8 byte-order mark before a key on the first line (meldingen.yaml as many editors
 * save it): the key is at column 1 and the document is read. */
Test(yaml_load, byte_order_mark_before_a_key_on_line_one)
{
	static const char text[] = "\xEF\xBB\xBFsoort: meldingen\nversie: 1\nx: [\n";
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_buffer(&doc, "m.yaml", text, 30, &err), 0, "%s", err.message);
	cr_expect_eq(doc->root->key_column[0], 1);
	cr_expect_str_eq(wt_node_str(wt_map_get(doc->root, "soort")), "meldingen");
	cr_expect_str_eq(wt_node_str(wt_map_get(doc->root, "versie")), "1");
	wt_doc_free(doc);
	/* Positions of a later error are those of the file as the user sees it. */
	cr_assert_lt(wt_yaml_load_buffer(&doc, "m.yaml", text, sizeof(text) - 1, &err), 0);
	cr_expect_eq(err.line, 4);
}

Test(yaml_load, unreadable_file_is_an_environment_error)
{
	char *path = temp_file("a: 1\n", 5);
	wt_doc *doc = NULL;
	wt_error err;

	if (geteuid() == 0) {
		unlink(path);
		free(path);
		cr_skip_test("root reads every file");
	}
	cr_assert_eq(chmod(path, 0), 0);
	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), -WT_EENV);
	cr_assert_str_eq(err.key, "bestand_onleesbaar");
	cr_assert_str_eq(err.file, path);
	unlink(path);
	free(path);
}

Test(yaml_load, refuses_empty_and_comment_only_files)
{
	wt_doc *doc = NULL;
	wt_error err;

	expect_fail("", "leeg_bestand", 0, 0, NULL);
	expect_fail("\n\n   \n", "leeg_bestand", 0, 0, NULL);
	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, FIXTURES "alleen_commentaar.yaml", &err),
		     -WT_EINPUT);
	cr_assert_str_eq(err.key, "leeg_bestand");
	cr_assert_str_eq(err.message, "Het bestand is leeg.");
}

Test(yaml_load, refuses_second_document)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, FIXTURES "twee_documenten.yaml", &err),
		     -WT_EINPUT);
	cr_assert_str_eq(err.key, "meerdere_documenten");
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.column, 1);
	expect_fail("--- a\n--- b\n", "meerdere_documenten", 2, 1, NULL);
}

Test(yaml_load, refuses_duplicate_key_naming_it_and_its_first_line)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, FIXTURES "dubbel.yaml", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "dubbele_sleutel");
	cr_assert_str_eq(err.message,
			 "De sleutel 'naam' staat twee keer in deze groep (eerder op regel 4).");
	cr_assert_eq(err.line, 5);
	cr_assert_eq(err.column, 3);
	cr_assert_str_eq(err.field, "verzoeker.naam");
	cr_assert_str_eq(err.file, FIXTURES "dubbel.yaml");

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, FIXTURES "dubbel_lijst.yaml", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "dubbele_sleutel");
	cr_assert_str_eq(err.field, "achterblijvers[1].naam");
	cr_assert_eq(err.line, 5);
	cr_assert_eq(err.column, 5);
	cr_assert(strstr(err.message, "regel 3") != NULL);
}

Test(yaml_load, duplicate_keys_are_found_fast_in_a_large_group)
{
	wt_buf b;
	size_t i;

	wt_buf_init(&b, WT_BUF_DEFAULT_MAX);
	for (i = 0; i < 60000; i++)
		cr_assert_eq(wt_buf_printf(&b, "k%zu: v\n", i), 0);
	cr_assert_eq(wt_buf_addstr(&b, "k123: dubbel\n"), 0);
	expect_fail(b.data, "dubbele_sleutel", 60001, 1, "k123");
	wt_buf_release(&b);
}

Test(yaml_load, refuses_duplicate_key_in_flow_group_and_quoted_forms)
{
	expect_fail("a: {x: 1, 'x': 2}\n", "dubbele_sleutel", 1, 11, "a.x");
	expect_fail("\"a\": 1\na: 2\n", "dubbele_sleutel", 2, 1, "a");
}

Test(yaml_load, refuses_non_scalar_keys)
{
	expect_fail("? [a, b]\n: 1\n", "sleutel_geen_tekst", 1, 3, NULL);
	expect_fail("x:\n  ? {a: 1}\n  : 2\n", "sleutel_geen_tekst", 2, 5, "x");
	expect_fail("a: &k naam\n*k : 2\n", "sleutel_geen_tekst", 2, 1, NULL);
	expect_fail("&k a: 1\n", "anker_op_sleutel", 1, 1, NULL);
}

Test(yaml_load, refuses_explicit_tags)
{
	wt_error err;

	expect_fail_len("a: !!str 12\n", 12, "yaml_label", 1, 4, "a", &err);
	cr_assert(strstr(err.message, "!!str") != NULL, "%s", err.message);
	expect_fail("a: !eigen x\n", "yaml_label", 1, 4, "a");
	expect_fail("a: !!map {b: 1}\n", "yaml_label", 1, 4, "a");
	expect_fail("- ! x\n", "yaml_label", 1, 3, "[0]");
}

Test(yaml_load, refuses_unknown_and_self_referencing_alias)
{
	expect_fail("a: 1\nb: *onbekend\n", "onbekend_anker", 2, 4, "b");
	expect_fail("a: &a [1, *a]\n", "alias_lus", 1, 11, "a[1]");
}

Test(yaml_load, refuses_merge_keys)
{
	expect_fail("basis: &b {a: 1}\nx:\n  <<: *b\n", "samenvoegen_niet_ondersteund", 3, 3, "x");
}

Test(yaml_load, refuses_too_many_aliases_and_anchors)
{
	char *text;

	text = repeat("a: &a 1\nb: [", "*a, ", WT_YAML_MAX_ALIASES, "*a]\n");
	expect_fail(text, "te_veel_aliassen", 2, 5 + 4 * WT_YAML_MAX_ALIASES, "b[100]");
	free(text);
	text = repeat("- ", "&a 1\n- ", WT_YAML_MAX_ANCHORS, "&a 1\n");
	expect_fail(text, "te_veel_ankers", WT_YAML_MAX_ANCHORS + 1, 3, NULL);
	free(text);
}

Test(yaml_load, translates_syntax_errors_with_position)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, FIXTURES "syntaxis.yaml", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "yaml_syntaxis");
	cr_assert_eq(err.line, 3);
	cr_assert_eq(err.column, 2);
	cr_assert(strstr(err.message, "inspringing") != NULL, "%s", err.message);
	cr_assert(strstr(err.message, "(") != NULL, "original text appended: %s", err.message);

	expect_fail("a: [1, 2\n", "yaml_syntaxis", 2, 1, NULL);
	expect_fail("a:\n\tb: 1\n", "yaml_syntaxis", 2, 1, NULL);
	expect_fail("a: \"niet gesloten\n", "yaml_syntaxis", 2, 1, NULL);
	expect_fail("a: b: c\n", "yaml_syntaxis", 1, 5, NULL);
	expect_fail("a: \"\\q\"\n", "yaml_syntaxis", 1, 5, NULL);
}

Test(yaml_load, refuses_control_characters_with_position)
{
	expect_fail("a: 1\nb: x\x01y\n", "yaml_syntaxis", 2, 5, NULL);
}

Test(yaml_load, refuses_control_characters_made_by_escapes)
{
	wt_error err;
	const char *value = "a: \"\\e\"\n", *key = "g:\n  \"zz\\e[2Jkey\": x\n";

	/* C0 (ESC, BEL, BS, VT), DEL and C1 (NEL, CSI) written as escapes between double quotes. */
	expect_fail("a: 1\nb: \"x\\e[2Jy\"\n", "stuurteken", 2, 4, "b");
	expect_fail("a: \"\\a\"\n", "stuurteken", 1, 4, "a");
	expect_fail("a: \"\\b\"\n", "stuurteken", 1, 4, "a");
	expect_fail("a: \"\\v\"\n", "stuurteken", 1, 4, "a");
	expect_fail("a: \"\\x7f\"\n", "stuurteken", 1, 4, "a");
	expect_fail("a: \"\\x9b\"\n", "stuurteken", 1, 4, "a");
	expect_fail("a: \"\\u0085\"\n", "stuurteken", 1, 4, "a");
	expect_fail("a: \"\\N\"\n", "stuurteken", 1, 4, "a");
	expect_fail("groep:\n  lijst:\n    - \"ok\"\n    - \"\\x1b\"\n", "stuurteken", 4, 7,
		    "groep.lijst[1]");
	/* The message names the character; a key is named with its escape shown, not raw. */
	expect_fail_len(value, strlen(value), "stuurteken", 1, 4, "a", &err);
	cr_assert(strstr(err.message, "stuurteken (U+001B)") != NULL, "%s", err.message);
	expect_fail_len(key, strlen(key), "stuurteken", 2, 3, "g.zz\\u001b[2Jkey", &err);
	cr_assert(strstr(err.message, "sleutel") != NULL, "%s", err.message);
	cr_assert_null(strchr(err.field, 0x1b));
}

Test(yaml_load, tab_line_feed_and_carriage_return_are_text)
{
	wt_doc *doc = load_ok("a: |\n  een\ttab\n  twee regels\n"
			      "b: \"x\\ty\\nz\\r\\n\"\n"
			      "c: \"\xc2\xa0\\u00a0\\u2028\"\n");

	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "a")), "een\ttab\ntwee regels\n");
	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "b")), "x\ty\nz\r\n");
	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "c")),
			 "\xc2\xa0\xc2\xa0\xe2\x80\xa8");
	wt_doc_free(doc);
}

Test(yaml_load, stored_records_keep_control_characters)
{
	const char *text = "notitie: \"x\\e[2Jy\\x7f\\x9b\"\n";
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_record(&doc, "status.yaml", text, strlen(text), &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "notitie")), "x\x1b[2Jy\x7f\xc2\x9b");
	wt_doc_free(doc);
	/* Everything else is still checked. */
	cr_assert_eq(wt_yaml_load_record(&doc, "status.yaml", "a: \xff\n", 6, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "ongeldige_utf8");
}

/* ---- hostile input ---- */

Test(yaml_load, refuses_alias_bomb_before_expanding_it)
{
	const char *levels = "bcdefghi";
	wt_buf b;
	wt_error err;
	size_t i, j;

	/* 9 levels of 9 aliases: 9^9 (387 million) nodes once expanded. */
	wt_buf_init(&b, WT_BUF_DEFAULT_MAX);
	cr_assert_eq(wt_buf_addstr(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"), 0);
	for (i = 0; levels[i] != '\0'; i++) {
		cr_assert_eq(wt_buf_printf(&b, "%c: &%c [", levels[i], levels[i]), 0);
		for (j = 0; j < 9; j++)
			cr_assert_eq(wt_buf_printf(&b, "%s*%c", j ? ", " : "", i ? levels[i - 1] : 'a'),
				     0);
		cr_assert_eq(wt_buf_addstr(&b, "]\n"), 0);
	}
	expect_fail_len(b.data, b.len, "te_veel_knopen", 0, 0, NULL, &err);
	/*
	 * Stopped at the first alias that would pass the limit, before copying it: levels a..e
	 * hold 74,733 nodes, one copy of e has 66,430, so the very first alias of level f (line 6,
	 * column 8) is refused and nothing beyond it is ever expanded.
	 */
	cr_assert_eq(err.line, 6, "%d:%d", err.line, err.column);
	cr_assert_eq(err.column, 8, "%d:%d", err.line, err.column);
	cr_assert_str_eq(err.field, "f[0]", "%s", err.field);
	wt_buf_release(&b);
}

Test(yaml_load, refuses_alias_expansion_of_large_text)
{
	char *big = repeat("a: &a ", "x", WT_YAML_MAX_SCALAR_BYTES, "\nb: &b [");
	char *text;
	wt_buf b;
	size_t i;

	/* 64 KiB * 40 * 40 = 100 MiB of text from a file of 70 KiB: stopped by the byte cap. */
	wt_buf_init(&b, WT_BUF_DEFAULT_MAX);
	cr_assert_eq(wt_buf_addstr(&b, big), 0);
	for (i = 0; i < 40; i++)
		cr_assert_eq(wt_buf_addstr(&b, i ? ", *a" : "*a"), 0);
	cr_assert_eq(wt_buf_addstr(&b, "]\nc: ["), 0);
	for (i = 0; i < 40; i++)
		cr_assert_eq(wt_buf_addstr(&b, i ? ", *b" : "*b"), 0);
	cr_assert_eq(wt_buf_addstr(&b, "]\n"), 0);
	text = wt_buf_detach(&b);
	/* a and b hold 64 KiB + 2.5 MiB; five copies of b fit under 16 MiB, the sixth not. */
	expect_fail(text, "te_groot", 3, 25, "c[5]");
	free(text);
	free(big);
}

Test(yaml_load, refuses_deep_flow_nesting_at_the_limit)
{
	char *text = repeat("", "[", 100000, "");
	wt_error err;

	/* Stopped at the 65th bracket: nothing past it was parsed. */
	expect_fail_len(text, strlen(text), "te_diep", 1, WT_YAML_MAX_DEPTH + 1, NULL, &err);
	cr_assert(strstr(err.message, "64") != NULL);
	free(text);
}

Test(yaml_load, refuses_deep_block_nesting)
{
	wt_buf b;
	size_t i;

	wt_buf_init(&b, WT_BUF_DEFAULT_MAX);
	for (i = 0; i < 200; i++)
		cr_assert_eq(wt_buf_printf(&b, "%*sk:\n", (int)i, ""), 0);
	expect_fail(b.data, "te_diep", WT_YAML_MAX_DEPTH + 1, WT_YAML_MAX_DEPTH + 1, NULL);
	wt_buf_release(&b);
	/* Mixed: 100,000 "{a: " in a row. */
	{
		char *text = repeat("", "{a: ", 100000, "");

		expect_fail(text, "te_diep", 1, 4 * WT_YAML_MAX_DEPTH + 1, NULL);
		free(text);
	}
}

Test(yaml_load, alias_copies_count_toward_the_depth_limit)
{
	char *open30 = repeat("", "[", 30, "");
	char *close30 = repeat("", "]", 30, "");
	char *open33 = repeat("", "[", 33, "");
	char *close33 = repeat("", "]", 33, "");
	wt_buf b;
	wt_doc *doc;

	/* 1 (root) + 33 + 30 = 64 levels: just allowed. */
	wt_buf_init(&b, WT_BUF_DEFAULT_MAX);
	cr_assert_eq(wt_buf_printf(&b, "a: &a %sx%s\nb: %s*a%s\n", open30, close30, open33,
				   close33), 0);
	doc = load_ok(b.data);
	wt_doc_free(doc);
	/* One level more is refused at the alias, before copying. */
	wt_buf_reset(&b);
	cr_assert_eq(wt_buf_printf(&b, "a: &a %sx%s\nb: [%s*a%s]\n", open30, close30, open33,
				   close33), 0);
	expect_fail(b.data, "te_diep", 2, 4 + 34, NULL);
	wt_buf_release(&b);
	free(open30);
	free(close30);
	free(open33);
	free(close33);
}

Test(yaml_load, refuses_too_many_nodes)
{
	char *text = repeat("", "- x\n", WT_YAML_MAX_NODES, "");

	expect_fail(text, "te_veel_knopen", WT_YAML_MAX_NODES, 3, NULL);
	free(text);
}

Test(yaml_load, refuses_file_over_the_size_limit_without_parsing)
{
	size_t len = WT_YAML_MAX_FILE_BYTES + 1;
	char *data = malloc(len);
	char *path;
	wt_doc *doc = NULL;
	wt_error err;

	cr_assert_not_null(data);
	memset(data, '#', len);
	path = temp_file(data, len);
	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "te_groot");
	cr_assert_str_eq(err.file, path);
	cr_assert_null(doc);
	unlink(path);
	free(path);

	/* The same cap applies to buffers. */
	expect_fail_len(data, len, "te_groot", 0, 0, NULL, NULL);
	free(data);
}

Test(yaml_load, refuses_sixty_megabyte_file_quickly)
{
	char *path = wt_strdup("/tmp/wt_yaml_big_XXXXXX");
	wt_doc *doc = NULL;
	wt_error err;
	int fd;

	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	/* A sparse 60 MB file: refused on its size, never read into memory. */
	cr_assert_eq(ftruncate(fd, (off_t)60 * 1000 * 1000), 0);
	close(fd);
	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "te_groot");
	cr_assert(strstr(err.message, "60000000") != NULL, "%s", err.message);
	unlink(path);
	free(path);
}

Test(yaml_load, refuses_nul_bytes_raw_and_escaped)
{
	expect_fail_len("a: 1\nb: x\0y\n", 12, "nul_byte", 2, 5, NULL, NULL);
	expect_fail_len("\0", 1, "nul_byte", 1, 1, NULL, NULL);
	expect_fail("a: \"x\\0y\"\n", "nul_byte", 1, 4, "a");
	expect_fail("a: \"x\\x00y\"\n", "nul_byte", 1, 4, "a");
}

Test(yaml_load, refuses_invalid_utf8_with_position_of_first_bad_byte)
{
	/* Overlong encodings of '/'. */
	expect_fail("a: \xc0\xaf\n", "ongeldige_utf8", 1, 4, NULL);
	expect_fail("a: 1\nb: \xe0\x80\xaf\n", "ongeldige_utf8", 2, 4, NULL);
	expect_fail("a: \xf0\x80\x80\xaf\n", "ongeldige_utf8", 1, 4, NULL);
	/* Lone continuation byte. */
	expect_fail("a: x\x80\n", "ongeldige_utf8", 1, 5, NULL);
	/* UTF-16 surrogate U+D800 encoded as UTF-8. */
	expect_fail("a: \xed\xa0\x80\n", "ongeldige_utf8", 1, 4, NULL);
	/* Beyond U+10FFFF, and bytes that never occur. */
	expect_fail("a: \xf4\x90\x80\x80\n", "ongeldige_utf8", 1, 4, NULL);
	expect_fail("a: \xf5\x80\x80\x80\n", "ongeldige_utf8", 1, 4, NULL);
	expect_fail("a: \xfe\n", "ongeldige_utf8", 1, 4, NULL);
	/* Truncated sequence at the end, and one cut short by ASCII. */
	expect_fail_len("a: \xe2\x82", 5, "ongeldige_utf8", 1, 4, NULL, NULL);
	expect_fail("a: \xe2\x82x\n", "ongeldige_utf8", 1, 4, NULL);
	/* UTF-16 with a byte order mark is not UTF-8. */
	expect_fail_len("\xff\xfe" "a\0", 4, "ongeldige_utf8", 1, 1, NULL, NULL);
	/* Lines count \r\n and a lone \r once each. */
	expect_fail("a: 1\r\nb: 2\rc: \x80\n", "ongeldige_utf8", 3, 4, NULL);
	/* ... and so do NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, as in libyaml. */
	expect_fail("a: \"x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xa9\"\nb: \xc0\n", "ongeldige_utf8", 5, 4,
		    NULL);
}

Test(yaml_load, accepts_valid_multibyte_text_and_bom)
{
	wt_doc *doc = load_ok("\xef\xbb\xbf" "naam: \"\xe2\x82\xac \xf0\x9f\x98\x80 \xed\x9f\xbf\"\n");

	cr_assert_str_eq(wt_node_str(wt_map_get(doc->root, "naam")),
			 "\xe2\x82\xac \xf0\x9f\x98\x80 \xed\x9f\xbf");
	wt_doc_free(doc);
}

Test(yaml_load, refuses_overlong_scalar_and_key)
{
	char *text = repeat("a: ", "x", WT_YAML_MAX_SCALAR_BYTES + 1, "\n");

	expect_fail(text, "te_lange_tekst", 1, 4, "a");
	free(text);
	text = repeat("- \"", "x", WT_YAML_MAX_SCALAR_BYTES + 1, "\": 1\n");
	expect_fail(text, "te_lange_tekst", 1, 3, "[0]");
	free(text);
	text = repeat("? |\n", "  x\n", WT_YAML_MAX_SCALAR_BYTES / 2 + 1, ": 1\n");
	expect_fail(text, "te_lange_tekst", 1, 3, NULL);
	free(text);
}
