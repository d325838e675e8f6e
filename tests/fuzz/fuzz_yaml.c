/* fuzz_yaml.c: libFuzzer target for the YAML layer (any bytes in, a tree or a clean error out). */
#include <stddef.h>
#include <stdint.h>

#include "yaml/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wt_doc *doc = NULL;
	wt_error err;

	if (wt_yaml_load_buffer(&doc, "fuzz.yaml", (const char *)data, size, &err) == 0)
		wt_doc_free(doc);
	return 0;
}
