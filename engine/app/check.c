/* check.c: the check use case: the onderbouwing report on a verzoek file, without submitting. */
#include "app.h"

#include "core/catalogue.h"
#include "core/checklist.h"
#include "core/verzoek.h"
#include "yaml/yaml_load.h"

#include <stdlib.h>
#include <string.h>

int wt_app_check_file(const char *workflows_dir, const char *file, wt_date today, int json,
		      char **report, size_t *blocking, wt_error *err)
{
	wt_catalogue *cat = NULL;
	wt_doc *doc = NULL;
	wt_verzoek *v = NULL;
	wt_findings problems;
	wt_checklist *cl = NULL;
	wt_buf out;
	wt_error first;
	int rc;

	*report = NULL;
	*blocking = 0;
	wt_findings_init(&problems);
	wt_error_clear(&first);
	wt_buf_init(&out, 0);
	rc = wt_catalogue_load_default(&cat, workflows_dir, err);
	if (rc == 0)
		rc = wt_yaml_load_file(&doc, file, err);
	if (rc < 0)
		goto done;
	rc = wt_verzoek_parse(&v, doc, &problems, &first);
	if (rc < 0 && first.code == WT_EENV) {
		wt_error_copy(err, &first);
		goto done;
	}
	rc = wt_checklist_run(&cl, cat, v, &problems, today, err);
	if (rc < 0)
		goto done;
	rc = json ? wt_checklist_format_json(cl, &out) : wt_checklist_format_text(cl, file, &out);
	if (rc < 0) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto done;
	}
	*blocking = wt_checklist_blocking(cl);
	*report = wt_buf_detach(&out);
done:
	wt_buf_release(&out);
	wt_checklist_free(cl);
	wt_verzoek_free(v);
	wt_findings_release(&problems);
	wt_doc_free(doc);
	wt_catalogue_free(cat);
	return rc;
}
