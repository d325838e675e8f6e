/*
 * fuzz_template.c: libFuzzer target for the template language: parsing, city overrides,
 * rendering with a real advice context, and Markdown escaping.
 *
 * Input: a template; when it contains a line "#####", the part after that line is parsed as a
 * city override of the part before it (as templates/<city>/advies.md overrides
 * templates/advies.md). Each template that parses is rendered with two contexts from
 * tests/fixtures/render (a full weegteam case and a minimal one), so both the paths where values
 * are present and where they are missing are reached. The whole input is also escaped as a value.
 * Run from the repository root (the contexts are read from there).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "render/template.h"
#include "yaml/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char separator[] = "\n#####\n";
static const char *const context_files[] = {
	"tests/fixtures/render/context-rotterdam.yaml",
	"tests/fixtures/render/context-minimaal.yaml",
};
#define N_CONTEXTS (sizeof(context_files) / sizeof(context_files[0]))

static wt_doc *contexts[N_CONTEXTS];
static int loaded;

static void load_contexts(void)
{
	wt_error err;
	size_t i;

	for (i = 0; i < N_CONTEXTS; i++) {
		if (wt_yaml_load_file(&contexts[i], context_files[i], &err) < 0)
			abort(); /* run from the repository root */
	}
	loaded = 1;
}

/* The first occurrence of the separator line in text, or NULL. */
static const char *find_separator(const char *text, size_t len)
{
	size_t n = sizeof(separator) - 1, i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(text + i, separator, n) == 0)
			return text + i;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *sep;
	size_t base_len = size, i;
	wt_template *base = NULL, *over = NULL;
	wt_error err;
	wt_buf out;

	if (!loaded)
		load_contexts();
	sep = find_separator(text, size);
	if (sep != NULL)
		base_len = (size_t)(sep - text);
	wt_error_clear(&err);
	if (wt_template_parse(&base, "fuzz.md", text, base_len, &err) < 0)
		goto escape;
	if (sep != NULL) {
		size_t skip = base_len + sizeof(separator) - 1;
		if (wt_template_parse(&over, "fuzz-stad.md", text + skip, size - skip, &err) < 0)
			goto escape;
	}
	for (i = 0; i < N_CONTEXTS; i++) {
		wt_buf_init(&out, 0);
		wt_error_clear(&err);
		wt_template_apply(base, over, contexts[i]->root, &out, &err);
		wt_buf_release(&out);
	}
escape:
	wt_template_free(base);
	wt_template_free(over);
	wt_buf_init(&out, 0);
	wt_template_escape(&out, text, size);
	wt_buf_release(&out);
	return 0;
}
