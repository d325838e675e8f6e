/* test_markdown.c: Markdown to HTML with libcmark, and hostile values through the advice. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/tree.h"
#include "render/markdown.h"
#include "render/template.h"
#include "yaml/yaml_load.h"

static char *to_html(const char *md, const char *title)
{
	wt_buf out;
	wt_error err;

	wt_buf_init(&out, 0);
	wt_error_clear(&err);
	cr_assert_eq(wt_markdown_to_html(md, strlen(md), title, &out, &err), 0, "%s", err.message);
	return wt_buf_detach(&out);
}

static wt_node *get(const wt_node *map, const char *key)
{
	const wt_node *n = wt_map_get(map, key);

	cr_assert_not_null(n, "no key %s", key);
	return (wt_node *)n; /* the test owns the document */
}

static void set(wt_node *n, const char *value)
{
	cr_assert_eq(wt_node_set_value(n, value, strlen(value), 0), 0);
}

/* Renders the Rotterdam advice (Markdown) with its fixture context after edit() changed it. */
static char *advice_with(void (*edit)(wt_node *root))
{
	wt_template *base = NULL, *over = NULL;
	wt_doc *doc = NULL;
	wt_buf out;
	wt_error err;

	wt_error_clear(&err);
	wt_buf_init(&out, 0);
	cr_assert_eq(wt_yaml_load_file(&doc, "tests/fixtures/render/context-rotterdam.yaml", &err), 0,
		     "%s", err.message);
	edit(doc->root);
	cr_assert_eq(wt_template_load_file(&base, "templates/advies.md", &err), 0, "%s", err.message);
	cr_assert_eq(wt_template_load_file(&over, "templates/rotterdam/advies.md", &err), 0, "%s",
		     err.message);
	cr_assert_eq(wt_template_apply(base, over, doc->root, &out, &err), 0, "%s", err.message);
	wt_template_free(base);
	wt_template_free(over);
	wt_doc_free(doc);
	return wt_buf_detach(&out);
}

static void hostile(wt_node *root)
{
	wt_node *verzoek = get(root, "verzoek");
	wt_node *achterblijvers = get(verzoek, "achterblijvers");

	set(get(get(verzoek, "beoogd_uithuisgeplaatste"), "naam"), "<script>alert(1)</script>");
	set(get(achterblijvers->items[0], "naam"), "*Jan* [klik](http://x) `code`");
	set(get(get(verzoek, "woning"), "adres"), "<img src=x onerror=alert(1)> & [a]: <http://y>");
	set(get(get(verzoek, "gevaar"), "samenvatting"), "regel\n\n# kop\n\n- lijst\n\n---\n1. een");
}

Test(markdown, hostile_values_stay_literal_in_markdown_and_html)
{
	char *md = advice_with(hostile);
	char *html = to_html(md, "Advies 2026-RTM-0001");

	cr_assert(strstr(md, "\\<script\\>alert(1)\\</script\\>") != NULL);
	cr_assert(strstr(md, "\\*Jan\\* \\[klik\\](http://x) \\`code\\`") != NULL);
	cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	cr_assert(strstr(html, "*Jan* [klik](http://x) `code`") != NULL);
	cr_assert(strstr(html, "&lt;img src=x onerror=alert(1)&gt; &amp; [a]: &lt;http://y&gt;") != NULL);
	cr_assert_null(strstr(html, "<script"));
	cr_assert_null(strstr(html, "<img"));
	cr_assert_null(strstr(html, "<a href"));
	cr_assert_null(strstr(html, "<em>Jan"));
	cr_assert_null(strstr(html, "<code>code"));
	cr_assert_null(strstr(html, "<h1>kop"));
	cr_assert_null(strstr(html, "<hr"));
	/* the structure of the document survived: every section heading is still there */
	cr_assert(strstr(html, "<h2>9. Verzoek</h2>") != NULL);
	cr_assert(strstr(html, "<h2>5. Feiten en omstandigheden uit de gesloten lijst</h2>") != NULL);
	free(md);
	free(html);
}

Test(markdown, complete_html5_document_with_escaped_title)
{
	char *html = to_html("# Kop\n\nTekst met *nadruk*.\n", "Advies <b>\"x\" & 'y'</b>");

	cr_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n",
			  strlen("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n")) == 0);
	cr_assert(strstr(html, "<title>Advies &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</title>") != NULL);
	cr_assert(strstr(html, "<style>") != NULL && strstr(html, "@media print") != NULL);
	cr_assert(strstr(html, "<h1>Kop</h1>") != NULL);
	cr_assert(strstr(html, "<em>nadruk</em>") != NULL);
	cr_assert(strstr(html, "</body>\n</html>\n") != NULL);
	free(html);
	html = to_html("", NULL);
	cr_assert(strstr(html, "<title>Advies</title>") != NULL);
	free(html);
}

Test(markdown, raw_html_and_unsafe_links_are_dropped)
{
	char *html = to_html("<script>alert(1)</script>\n\nTekst <b onclick=x>vet</b> "
			     "[klik](javascript:alert(1)) ![p](vbscript:x)\n", "t");

	cr_assert_null(strstr(html, "<script"));
	cr_assert_null(strstr(html, "onclick"));
	cr_assert_null(strstr(html, "javascript:"));
	cr_assert_null(strstr(html, "vbscript:"));
	free(html);
}

Test(markdown, invalid_utf8_is_replaced)
{
	char *html = to_html("a\xff" "b\n", "t");

	cr_assert(strstr(html, "a\xef\xbf\xbd" "b") != NULL);
	free(html);
}

Test(markdown, too_large_input_and_output_are_errors)
{
	wt_buf out;
	wt_error err;
	const char *md = "# Kop\n";

	wt_buf_init(&out, 0);
	wt_error_clear(&err);
	cr_assert_eq(wt_markdown_to_html(md, WT_MARKDOWN_MAX_BYTES + 1, "t", &out, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "markdown_te_groot");
	wt_buf_release(&out);
	wt_buf_init(&out, 100);
	cr_assert_eq(wt_markdown_to_html(md, strlen(md), "t", &out, &err), -WT_EINPUT);
	cr_assert(out.len == 0);
	wt_buf_release(&out);
}

Test(markdown, every_golden_advice_converts_deterministically)
{
	static const char *const names[] = {"rotterdam", "amsterdam", "den-haag", "utrecht", "standaard", NULL};
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		char path[256];
		wt_buf md;
		FILE *f;
		char chunk[4096];
		size_t n;
		char *a, *b;

		snprintf(path, sizeof(path), "tests/fixtures/render/advies-%s.md", names[i]);
		f = fopen(path, "rb");
		cr_assert_not_null(f, "%s", path);
		wt_buf_init(&md, 0);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			cr_assert_eq(wt_buf_add(&md, chunk, n), 0);
		fclose(f);
		a = to_html(md.data, "Advies");
		b = to_html(md.data, "Advies");
		cr_assert_str_eq(a, b);
		cr_assert(strstr(a, "<h1>Advies over het opleggen van een tijdelijk huisverbod</h1>") != NULL);
		cr_assert(strstr(a, "<h2>4. Formele criteria</h2>") != NULL);
		cr_assert_null(strstr(a, "raw HTML omitted"), "%s contains raw HTML", path);
		free(a);
		free(b);
		wt_buf_release(&md);
	}
}
