/* assessments.c: the assessments of a case side by side, for show (read from the dossier tree). */
#include "app.h"

#include "core/assessment.h"
#include "core/catalogue.h"
#include "yaml/yaml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only the most recent WT_ASSESSMENT_MAX_SUMMARY assessments are shown side by side. */
int wt_app_assessment_summary(wt_app *app, const wt_dossier *d, int json, wt_buf *out,
			      wt_error *err)
{
	wt_catalogue *cat = NULL;
	wt_assessment *list[WT_ASSESSMENT_MAX_SUMMARY];
	char labels[WT_ASSESSMENT_MAX_SUMMARY][160];
	const char *label_ptrs[WT_ASSESSMENT_MAX_SUMMARY];
	size_t n = 0, i, first = 0, total = 0;
	int rc;

	for (i = 0; i < d->status.n_docs; i++)
		if (strcmp(d->status.docs[i].kind, "beoordeling") == 0)
			total++;
	if (total == 0)
		return json ? wt_buf_addstr(out, "null") : 0;
	rc = wt_app_catalogue(app, &cat, err);
	if (rc < 0)
		return rc;
	if (total > WT_ASSESSMENT_MAX_SUMMARY)
		first = total - WT_ASSESSMENT_MAX_SUMMARY;
	total = 0;
	for (i = 0; rc == 0 && i < d->status.n_docs; i++) {
		const wt_status_doc *x = &d->status.docs[i];
		wt_doc *doc = NULL;

		if (strcmp(x->kind, "beoordeling") != 0 || total++ < first)
			continue;
		rc = wt_app_read_doc(app, d->head, x->path, &doc, err);
		if (rc == 0)
			rc = wt_assessment_parse(&list[n], doc, cat, err);
		if (rc == 0) {
			snprintf(labels[n], sizeof(labels[n]), "%s (%s, #%ld)", x->role, x->actor, x->seq);
			label_ptrs[n] = labels[n];
			n++;
		}
		wt_doc_free(doc);
	}
	if (rc == 0) {
		if (!json)
			rc = wt_buf_addstr(out, "\n");
		if (rc == 0)
			rc = json ? wt_assessment_summary_json(cat, (const wt_assessment *const *)list, label_ptrs, n, out)
				  : wt_assessment_summary_text(cat, (const wt_assessment *const *)list, label_ptrs, n, out);
	}
	for (i = 0; i < n; i++)
		wt_assessment_free(list[i]);
	return rc;
}
