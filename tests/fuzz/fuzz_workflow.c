/* fuzz_workflow.c: libFuzzer target for the workflow loader and its text/dot output. */
#include <stddef.h>
#include <stdint.h>

#include "core/workflow.h"
#include "yaml/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wt_doc *doc = NULL;
	wt_workflow *wf = NULL;
	wt_error err;

	if (wt_yaml_load_buffer(&doc, "fuzz.yaml", (const char *)data, size, &err) < 0)
		return 0;
	if (wt_workflow_parse(&wf, doc, &err) == 0) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_workflow_format_text(wf, &b);
		wt_workflow_format_dot(wf, &b);
		wt_buf_release(&b);
		wt_workflow_free(wf);
	}
	wt_doc_free(doc);
	return 0;
}
