/* checklist_impl.h: the checklist's internal state, shared by checklist.c and checklist_report.c. */
#ifndef WT_CHECKLIST_IMPL_H
#define WT_CHECKLIST_IMPL_H

#include "checklist.h"

#define WT_CHECKLIST_N_CONTEXT 3 /* bijzonderheden, eerdere_hulpverlening, overwogen_alternatieven */

/* One fact cited under a closed-list code (copies, so the catalogue may go before the checklist). */
typedef struct wt_cited {
	size_t signal_index; /* in the catalogue, for grouping */
	size_t item_index;   /* 1-based item number, 0 when cited at signal level */
	size_t index;        /* position in gevaar.signalen */
	char *section_code, *section_label;
	char *signal_code, *signal_label;
	char *item_code, *item_label; /* "" at signal level */
	char *fact, *source;
	wt_date date;
	int has_date;
	int line;
	int usable;          /* code, concrete fact, source, valid date not in the future */
} wt_cited;

/* Text outside the closed list: shown as context, never weighed. */
typedef struct wt_context {
	char *field;
	char *label;
	char *text;
	int line;
} wt_context;

struct wt_checklist {
	wt_date today;
	char today_text[11];
	wt_criterion_status status[WT_CAT_N_CRITERIA]; /* meerderjarig, verblijf, gevaar */
	wt_buf reasons[WT_CAT_N_CRITERIA];             /* Dutch reasons, one per line */
	wt_findings findings;
	wt_cited *cited;
	size_t n_cited, cap_cited;
	wt_context context[WT_CHECKLIST_N_CONTEXT];
	size_t n_context;
};

#endif
