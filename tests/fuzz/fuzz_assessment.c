/* fuzz_assessment.c: libFuzzer target for the assessment (beoordeling) parser. */
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/assessment.h"
#include "core/catalogue.h"
#include "yaml/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wt_catalogue *cat;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wt_doc *doc = NULL;
	wt_assessment *a = NULL;
	wt_error err;

	if (cat == NULL && wt_catalogue_load_default(&cat, "workflows", &err) < 0)
		return 0;
	if (wt_yaml_load_buffer(&doc, "fuzz.yaml", (const char *)data, size, &err) < 0)
		return 0;
	if (wt_assessment_parse(&a, doc, cat, &err) == 0) {
		wt_buf b;
		const wt_assessment *list[1] = {a};
		const char *labels[1] = {"x"};
		wt_buf_init(&b, 0);
		wt_assessment_summary_text(cat, list, labels, 1, &b);
		wt_buf_release(&b);
		wt_assessment_free(a);
	}
	wt_doc_free(doc);
	return 0;
}
