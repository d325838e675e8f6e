/* test_template.c: the template language and the shipped advice templates (golden files).
 *
 * Golden files: tests/fixtures/render/advies-<stad>.md hold the exact expected advice for
 * tests/fixtures/render/context-<stad>.yaml. After an intended change to a template, regenerate
 * them from the repository root with
 *     WT_UPDATE_GOLDEN=1 build/tests/render/test_template
 * and review the diff before committing.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/tree.h"
#include "render/template.h"
#include "yaml/yaml_load.h"

#define MAX_FILE ((size_t)1024 * 1024)

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;

	if (f == NULL)
		return NULL;
	data = malloc(MAX_FILE + 1);
	cr_assert_not_null(data);
	*len = fread(data, 1, MAX_FILE, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

static wt_doc *load_yaml(const char *path)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), 0, "%s: %s", path, err.message);
	return doc;
}

static wt_doc *yaml_text(const char *text)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_buffer(&doc, "test.yaml", text, strlen(text), &err), 0, "%s",
		     err.message);
	return doc;
}

/* Renders text with the YAML context ctx; returns the rc, the output in out. */
static int render_str(const char *text, const char *ctx, wt_buf *out, wt_error *err)
{
	wt_doc *doc = yaml_text(ctx);
	int rc;

	wt_buf_init(out, 0);
	wt_error_clear(err);
	rc = wt_template_render("test.md", text, strlen(text), doc->root, out, err);
	wt_doc_free(doc);
	return rc;
}

static void expect(const char *text, const char *ctx, const char *want)
{
	wt_buf out;
	wt_error err;

	cr_assert_eq(render_str(text, ctx, &out, &err), 0, "%s", err.message);
	cr_assert_str_eq(out.data, want);
	wt_buf_release(&out);
}

static void expect_error(const char *text, const char *ctx, const char *key, int line, int column,
			 const char *part)
{
	wt_buf out;
	wt_error err;

	cr_assert_eq(render_str(text, ctx, &out, &err), -WT_EINPUT, "no error for %s", text);
	cr_assert_str_eq(err.key, key, "key %s for %s", err.key, text);
	cr_assert_str_eq(err.file, "test.md");
	cr_assert_eq(err.line, line, "line %d for %s", err.line, text);
	cr_assert_eq(err.column, column, "column %d for %s", err.column, text);
	cr_assert(strstr(err.message, part) != NULL, "message: %s", err.message);
	wt_buf_release(&out);
}

/* Renders base (+ override when not NULL) with the context file; caller frees the result. */
static char *render_files(const char *base, const char *over, const char *context)
{
	wt_template *tb = NULL, *to = NULL;
	wt_doc *doc = load_yaml(context);
	wt_buf out;
	wt_error err;

	wt_error_clear(&err);
	wt_buf_init(&out, 0);
	cr_assert_eq(wt_template_load_file(&tb, base, &err), 0, "%s:%d:%d: %s", err.file, err.line,
		     err.column, err.message);
	if (over != NULL)
		cr_assert_eq(wt_template_load_file(&to, over, &err), 0, "%s:%d:%d: %s", err.file,
			     err.line, err.column, err.message);
	cr_assert_eq(wt_template_apply(tb, to, doc->root, &out, &err), 0, "%s:%d:%d: %s (%s)",
		     err.file, err.line, err.column, err.message, err.field);
	wt_template_free(tb);
	wt_template_free(to);
	wt_doc_free(doc);
	return wt_buf_detach(&out);
}

static void golden(const char *got, const char *path)
{
	size_t len = 0;
	char *want;
	const char *update = getenv("WT_UPDATE_GOLDEN");

	if (update != NULL && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");
		cr_assert_not_null(f, "cannot write %s", path);
		cr_assert_eq(fwrite(got, 1, strlen(got), f), strlen(got));
		fclose(f);
	}
	want = read_all(path, &len);
	cr_assert_not_null(want, "%s is missing; run with WT_UPDATE_GOLDEN=1", path);
	cr_assert_eq(strlen(got), len, "%s: length %zu, expected %zu", path, strlen(got), len);
	cr_assert(memcmp(got, want, len) == 0, "%s differs from the rendering", path);
	free(want);
}

/* ---- the language ---- */

Test(template, renders_scalars_by_dotted_path)
{
	expect("Adres: {{ a.b }} en {{c}}.", "a: {b: Straat 1}\nc: x\n", "Adres: Straat 1 en x.");
}

Test(template, each_over_sequence_and_map)
{
	expect("{{#each l}}{{ @index1 }}={{ . }}{{#unless @last}}, {{/unless}}{{/each}}",
	       "l: [een, twee, drie]\n", "1=een, 2=twee, 3=drie");
	expect("{{#each m}}{{ @key }}:{{ naam }};{{/each}}", "m: {x: {naam: A}, y: {naam: B}}\n",
	       "x:A;y:B;");
}

Test(template, lookup_goes_outward_then_root)
{
	expect("{{#each l}}{{ naam }}@{{ stad }} {{/each}}", "stad: Utrecht\nl: [{naam: A}, {naam: B, stad: Zeist}]\n",
	       "A@Utrecht B@Zeist ");
}

Test(template, if_else_unless_truthiness)
{
	const char *t = "{{#if v}}ja{{else}}nee{{/if}}|{{#unless v}}U{{/unless}}";

	expect(t, "v: true\n", "ja|");
	expect(t, "v: tekst\n", "ja|");
	expect(t, "v: [1]\n", "ja|");
	expect(t, "v: false\n", "nee|U");
	expect(t, "v: nee\n", "nee|U");
	expect(t, "v: 0\n", "nee|U");
	expect(t, "v: ~\n", "nee|U");
	expect(t, "v: \"\"\n", "nee|U");
	expect(t, "v: []\n", "nee|U");
	expect(t, "w: 1\n", "nee|U");
}

Test(template, standalone_block_lines_leave_no_empty_lines)
{
	expect("A\n{{#each l}}\n- {{ . }}\n{{/each}}\n  {{! opmerking }}\nB\n", "l: [x, y]\n",
	       "A\n- x\n- y\nB\n");
}

Test(template, optional_value_renders_empty)
{
	expect("[{{ nergens ? }}]", "a: 1\n", "[]");
	expect("<{{ a.b ?}}>", "a: 1\n", "<>");
	expect("{{#each l ?}}x{{/each}}.", "a: 1\n", ".");
}

Test(template, zero_and_nee_values_are_shown)
{
	expect("{{ a }} {{ b }}", "a: 0\nb: nee\n", "0 nee");
}

Test(template, escapes_markdown_in_values)
{
	expect("{{ n }}", "n: \"*Jan* [klik](http://x) `code`\"\n",
	       "\\*Jan\\* \\[klik\\](http://x) \\`code\\`");
	expect("{{ n }}", "n: \"<script>alert(1)</script>\"\n",
	       "\\<script\\>alert(1)\\</script\\>");
	expect("{{ n }}", "n: \"# kop\"\n", "\\# kop");
	expect("{{ n }}", "n: \"- punt\"\n", "\\- punt");
	expect("{{ n }}", "n: \"12. lijst\"\n", "12\\. lijst");
	expect("{{ n }}", "n: \"a_b & c|d \\\\ e!\"\n", "a\\_b \\& c\\|d \\\\ e\\!");
	expect("{{ n }}", "n: \"2026-11-25 Jan-Willem\"\n", "2026-11-25 Jan-Willem");
}

Test(template, newlines_in_values_become_spaces)
{
	expect("[{{ n }}]", "n: \"regel een\\n\\n# geen kop\\n- geen lijst\\n\"\n",
	       "[regel een # geen kop - geen lijst]");
}

Test(template, missing_required_value_names_template_line_column_field)
{
	wt_buf out;
	wt_error err;

	cr_assert_eq(render_str("Kop\n\nAdres: {{ verzoek.woning.adres }}\n",
				"verzoek: {woning: {plaats: Rotterdam}}\n", &out, &err),
		     -WT_EINPUT);
	cr_assert_str_eq(err.key, "sjabloon_veld_ontbreekt");
	cr_assert_str_eq(err.file, "test.md");
	cr_assert_eq(err.line, 3);
	cr_assert_eq(err.column, 8);
	cr_assert_str_eq(err.field, "verzoek.woning.adres");
	cr_assert_str_eq(err.message,
			 "Het sjabloon vraagt 'verzoek.woning.adres', maar dat ontbreekt in het dossier.");
	wt_buf_release(&out);
}

Test(template, missing_value_in_loop_names_the_item)
{
	expect_error("{{#each p}}\n  {{ naam }}\n{{/each}}\n", "p: [{naam: A}, {relatie: x}]\n",
		     "sjabloon_veld_ontbreekt", 2, 3, "'p[2].naam'");
	expect_error("{{ a }}", "a: ~\n", "sjabloon_veld_ontbreekt", 1, 1, "'a'");
	expect_error("{{ a }}", "a: \"  \"\n", "sjabloon_veld_ontbreekt", 1, 1, "'a'");
	expect_error("x {{#each l}}{{/each}}", "a: 1\n", "sjabloon_veld_ontbreekt", 1, 3, "'l'");
}

Test(template, wrong_kinds_are_errors)
{
	expect_error("{{ a }}", "a: {b: 1}\n", "sjabloon_geen_tekst", 1, 1, "groep");
	expect_error("{{#each a}}{{/each}}", "a: tekst\n", "sjabloon_geen_lijst", 1, 1, "'a'");
}

Test(template, syntax_errors_have_line_and_column)
{
	const char *ctx = "a: 1\n";

	expect_error("regel\n  {{ a \n", ctx, "sjabloon_tag_open", 2, 3, "niet afgesloten");
	expect_error("{{ a", ctx, "sjabloon_tag_open", 1, 1, "niet afgesloten");
	expect_error("x\n{{#while a}}{{/while}}", ctx, "sjabloon_blok_onbekend", 2, 1, "#while");
	expect_error("{{#if a}}\n{{#each a}}\n{{/if}}\n", ctx, "sjabloon_blok_sluit", 3, 1,
		     "'{{#each a}}' van regel 2, kolom 1");
	expect_error("\n\n   {{/each}}", ctx, "sjabloon_blok_sluit", 3, 4, "sluit niets");
	expect_error("{{#each a}}\nx\n", ctx, "sjabloon_blok_open", 1, 1, "niet afgesloten met '{{/each}}'");
	expect_error("{{else}}", ctx, "sjabloon_else", 1, 1, "{{else}}");
	expect_error("{{{ a }}}", ctx, "sjabloon_tag_onbekend", 1, 1, "Drie accolades");
	expect_error("é {{ a b }}", ctx, "sjabloon_pad", 1, 3, "geen geldig veld");
	expect_error("{{ @index1 }}", ctx, "sjabloon_pad", 1, 1, "{{#each");
	expect_error("{{ }}", ctx, "sjabloon_pad", 1, 1, "noemt geen veld");
}

Test(template, refuses_invalid_utf8_and_control_characters_with_position)
{
	const char *ctx = "a: 1\n";

	expect_error("regel\nab \xff\xfe\n", ctx, "ongeldige_utf8", 2, 4, "UTF-8");
	expect_error("x\n  \x1b[2J{{ a }}\n", ctx, "stuurteken", 2, 3, "U+001B");
	expect_error("{{ a\x7f }}", ctx, "stuurteken", 1, 5, "U+007F");
	expect_error("\xc2\x9b" "31m", ctx, "stuurteken", 1, 1, "U+009B");
	/* TAB, and line ends written as CR LF, are text. */
	expect("a\t{{ a }}\r\n", ctx, "a\t1\r\n");
}

Test(template, nesting_depth_is_limited)
{
	wt_buf b, out;
	wt_error err;
	int i;

	wt_buf_init(&b, 0);
	for (i = 0; i <= WT_TEMPLATE_MAX_DEPTH; i++)
		cr_assert_eq(wt_buf_addstr(&b, "{{#if a}}"), 0);
	cr_assert_eq(render_str(b.data, "a: 1\n", &out, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "sjabloon_te_diep");
	wt_buf_release(&b);
	wt_buf_release(&out);
}

Test(template, output_is_capped_by_buffer_max)
{
	wt_doc *doc = yaml_text("l: [a, b, c, d, e, f, g, h]\n");
	const char *t = "{{#each l}}0123456789{{/each}}";
	wt_buf out;
	wt_error err;

	wt_buf_init(&out, 40);
	wt_error_clear(&err);
	cr_assert_eq(wt_template_render("test.md", t, strlen(t), doc->root, &out, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "sjabloon_te_groot");
	cr_assert(out.len <= 40);
	wt_buf_release(&out);
	wt_doc_free(doc);
}

Test(template, override_replaces_blocks_and_is_checked)
{
	wt_doc *doc = yaml_text("n: X\n");
	const char *base = "A{{#block kop}}standaard {{ n }}{{/block}}B\n";
	const char *over = "{{! stad }}\n{{#block kop}}\nstad {{ n }}\n{{/block}}\n";
	const char *bad = "\n{{#block voet}}x{{/block}}\n";
	const char *loose = "tekst\n{{#block kop}}x{{/block}}\n";
	wt_template *tb = NULL, *to = NULL;
	wt_buf out;
	wt_error err;

	wt_buf_init(&out, 0);
	cr_assert_eq(wt_template_parse(&tb, "basis.md", base, strlen(base), &err), 0);
	cr_assert_eq(wt_template_parse(&to, "stad.md", over, strlen(over), &err), 0);
	cr_assert_eq(wt_template_apply(tb, to, doc->root, &out, &err), 0, "%s", err.message);
	cr_assert_str_eq(out.data, "Astad X\nB\n");
	wt_template_free(to);
	wt_buf_reset(&out);
	cr_assert_eq(wt_template_parse(&to, "stad.md", bad, strlen(bad), &err), 0);
	cr_assert_eq(wt_template_apply(tb, to, doc->root, &out, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "sjabloon_blok_onbekend");
	cr_assert_str_eq(err.file, "stad.md");
	cr_assert_eq(err.line, 2);
	wt_template_free(to);
	cr_assert_eq(wt_template_parse(&to, "stad.md", loose, strlen(loose), &err), 0);
	cr_assert_eq(wt_template_apply(tb, to, doc->root, &out, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "sjabloon_geen_blok");
	wt_template_free(to);
	wt_template_free(tb);
	wt_template_free(NULL);
	wt_buf_release(&out);
	wt_doc_free(doc);
}

Test(template, missing_file_is_input_error)
{
	wt_template *t = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_template_load_file(&t, "templates/bestaat-niet.md", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "sjabloon_niet_gevonden");
	cr_assert_null(t);
}

/* ---- the shipped templates ---- */

static const char *const cities[] = {"rotterdam", "amsterdam", "den-haag", "utrecht", NULL};

Test(template, city_advice_matches_golden_file)
{
	char over[256], ctx[256], gold[256];
	size_t i;

	for (i = 0; cities[i] != NULL; i++) {
		char *got;
		snprintf(over, sizeof(over), "templates/%s/advies.md", cities[i]);
		snprintf(ctx, sizeof(ctx), "tests/fixtures/render/context-%s.yaml", cities[i]);
		snprintf(gold, sizeof(gold), "tests/fixtures/render/advies-%s.md", cities[i]);
		got = render_files("templates/advies.md", over, ctx);
		golden(got, gold);
		free(got);
	}
}

Test(template, default_advice_matches_golden_file)
{
	char *got = render_files("templates/advies.md", NULL, "tests/fixtures/render/context-den-haag.yaml");

	golden(got, "tests/fixtures/render/advies-standaard.md");
	free(got);
}

Test(template, optional_parts_of_the_verzoek_may_be_absent)
{
	char *got = render_files("templates/advies.md", "templates/utrecht/advies.md",
				 "tests/fixtures/render/context-minimaal.yaml");

	cr_assert(strstr(got, "- Z. Voorbeeld\n") != NULL);
	cr_assert(strstr(got, "- Geen aanvullende context.") != NULL);
	cr_assert(strstr(got, "De verzoeker noemt geen lichtere maatregelen") != NULL);
	cr_assert(strstr(got, "de verzoeker beschrijft niet hoe vaak") != NULL);
	cr_assert(strstr(got, "loopt het verzoek niet langs een weegteam") != NULL);
	cr_assert_null(strstr(got, "Kinderen in het huishouden"));
	cr_assert_null(strstr(got, "\n\n\n"), "no runs of empty lines");
	free(got);
}

Test(template, rendering_twice_gives_identical_bytes)
{
	char *a = render_files("templates/advies.md", "templates/rotterdam/advies.md",
			       "tests/fixtures/render/context-rotterdam.yaml");
	char *b = render_files("templates/advies.md", "templates/rotterdam/advies.md",
			       "tests/fixtures/render/context-rotterdam.yaml");

	cr_assert_str_eq(a, b);
	free(a);
	free(b);
}

/* Every template under templates/ renders (a city's with its own fixture context), so that no
 * shipped template goes untested: a new city needs tests/fixtures/render/context-<stad>.yaml. */
Test(template, every_shipped_template_renders)
{
	DIR *d = opendir("templates");
	struct dirent *e;
	size_t n = 0;

	cr_assert_not_null(d);
	free(render_files("templates/advies.md", NULL, "tests/fixtures/render/context-rotterdam.yaml"));
	n++;
	while ((e = readdir(d)) != NULL) {
		char path[512], ctx[512];
		FILE *f;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "templates/%s/advies.md", e->d_name);
		f = fopen(path, "rb");
		if (f == NULL)
			continue;
		fclose(f);
		snprintf(ctx, sizeof(ctx), "tests/fixtures/render/context-%s.yaml", e->d_name);
		free(render_files("templates/advies.md", path, ctx));
		n++;
	}
	closedir(d);
	cr_assert_eq(n, 5, "expected the default and four city templates, found %zu", n);
}
