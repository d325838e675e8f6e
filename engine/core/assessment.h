/* assessment.h: a weegteam member's RiHG-style assessment (beoordeling) and their summary. */
#ifndef WT_ASSESSMENT_H
#define WT_ASSESSMENT_H

#include <stddef.h>

#include "buf.h"
#include "catalogue.h"
#include "error.h"
#include "tree.h"

#define WT_ASSESSMENT_MAX_TEXT 20000 /* bytes in the toelichting */
#define WT_ASSESSMENT_MAX_SUMMARY 20 /* assessments side by side in one summary */

/* A signal's rating (RiHG: high / medium / low). */
typedef enum wt_rating {
	WT_RATING_NONE = 0, /* not rated */
	WT_RATING_ROOD,
	WT_RATING_BLAUW,
	WT_RATING_GEEL
} wt_rating;

/* One assessment (SPEC section 4). Plain data; strings are owned. */
typedef struct wt_assessment {
	wt_rating *ratings;  /* one per catalogue signal, in catalogue order (cat->signals) */
	size_t n_ratings;    /* == cat->n_signals */
	char *meerderjarig;  /* ja | nee | twijfel */
	char *verblijf;      /* ja | nee | twijfel */
	char *gevaar;        /* gevaar | ernstig-vermoeden | nee | twijfel */
	char *conclusie;     /* huisverbodwaardig | niet-huisverbodwaardig | meer-informatie-nodig */
	char *toelichting;
} wt_assessment;

/*
 * Reads and validates a beoordeling document against the catalogue: soort beoordeling,
 * versie 1, signalen (a map of the catalogue's signal codes such as 2c, not items such as
 * 2c.4, to rood | blauw | geel; may be empty), criteria (meerderjarig and verblijf: ja | nee |
 * twijfel; gevaar: gevaar | ernstig-vermoeden | nee | twijfel; all three required), conclusie
 * (required), toelichting (required, non-empty text). Unknown keys are refused.
 * On success *out is the caller's (wt_assessment_free). Errors: -WT_EINPUT with
 * file/line/column/field and a Dutch message; -WT_EENV when out of memory.
 */
int wt_assessment_parse(wt_assessment **out, const wt_doc *doc, const wt_catalogue *cat, wt_error *err);

void wt_assessment_free(wt_assessment *a);

/* "rood", "blauw", "geel", or "-" for WT_RATING_NONE. */
const char *wt_rating_name(wt_rating r);

/* Number of red ratings in section index `section` (of cat->sections). */
size_t wt_assessment_red_count(const wt_assessment *a, const wt_catalogue *cat, size_t section);

/*
 * Appends a Dutch summary of n assessments of one case side by side: a table of the rated
 * signals with each assessor's rating, the number of red ratings per section per assessor with
 * the published rule of thumb stated as information only, the criteria views and conclusions,
 * and every point where the assessors disagree (a signal rated differently or by only some,
 * a different criterion view, a different conclusion). labels[i] names assessor i (may be
 * NULL: "beoordelaar i+1"). n may be 0. At most WT_ASSESSMENT_MAX_SUMMARY are shown.
 * Never states whether a huisverbod must be imposed. 0, or -WT_EENV when the buffer cannot grow.
 */
int wt_assessment_summary_text(const wt_catalogue *cat, const wt_assessment *const *list,
			       const char *const *labels, size_t n, wt_buf *out);

/*
 * The same as one JSON object:
 * {"beoordelaars": [..], "signalen": [{"code", "naam", "waarderingen": [..|null], "verschil": bool}],
 *  "rood_per_sectie": [{"sectie", "naam", "aantallen": [..], "vuistregel_bereikt": [bool..]}],
 *  "vuistregel": "...", "criteria": {"meerderjarig": [..], "verblijf": [..], "gevaar": [..]},
 *  "conclusies": [..], "verschillen": ["..."]}
 * (no newline at the end, so it can be embedded). 0, or -WT_EENV.
 */
int wt_assessment_summary_json(const wt_catalogue *cat, const wt_assessment *const *list,
			       const char *const *labels, size_t n, wt_buf *out);

#endif
