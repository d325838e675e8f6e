/* fuzz_verzoek.c: libFuzzer target for the verzoek parser and the checklist on top of it. */
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/catalogue.h"
#include "core/checklist.h"
#include "core/verzoek.h"
#include "yaml/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wt_catalogue *cat;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wt_doc *doc = NULL;
	wt_verzoek *v = NULL;
	wt_findings problems;
	wt_checklist *cl = NULL;
	wt_error err;
	wt_date today = {2026, 11, 28};

	if (cat == NULL && wt_catalogue_load_default(&cat, "workflows", &err) < 0)
		return 0;
	if (wt_yaml_load_buffer(&doc, "fuzz.yaml", (const char *)data, size, &err) < 0)
		return 0;
	wt_findings_init(&problems);
	wt_verzoek_parse(&v, doc, &problems, &err);
	if (v != NULL && wt_checklist_run(&cl, cat, v, &problems, today, &err) == 0) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_checklist_format_text(cl, "fuzz.yaml", &b);
		wt_checklist_format_json(cl, &b);
		wt_buf_release(&b);
	}
	wt_checklist_free(cl);
	wt_verzoek_free(v);
	wt_findings_release(&problems);
	wt_doc_free(doc);
	return 0;
}
