/* checklist.h: the onderbouwing checklist on a verzoek: criteria status, findings, report. */
#ifndef WT_CHECKLIST_H
#define WT_CHECKLIST_H

#include <stddef.h>

#include "buf.h"
#include "catalogue.h"
#include "date.h"
#include "error.h"
#include "finding.h"
#include "verzoek.h"

/* Status of one formal criterion (SPEC section 5). */
typedef enum wt_criterion_status {
	WT_ONDERBOUWD,  /* "onderbouwd": the file substantiates it */
	WT_ONVOLDOENDE, /* "onvoldoende": data present, but not enough (or contradicting it) */
	WT_ONTBREEKT    /* "ontbreekt": the needed data is absent */
} wt_criterion_status;

typedef struct wt_checklist wt_checklist;

/*
 * Runs the checklist on a parsed verzoek, with `today` as the request date (peildatum).
 * form_problems are the findings of wt_verzoek_parse (may be NULL): they are copied into the
 * report (with their criterion filled in from the field where it was empty), so a file with
 * form problems still gets a full report. v may be NULL (nothing could be read): every
 * criterion is then "ontbreekt". cat must not be NULL; it is only read during the call: the checklist
 * keeps its own copies of what it reports.
 * On success *out is the caller's (wt_checklist_free). Errors: -WT_EENV when out of memory.
 */
int wt_checklist_run(wt_checklist **out, const wt_catalogue *cat, const wt_verzoek *v,
		     const wt_findings *form_problems, wt_date today, wt_error *err);

/*
 * Appends the Dutch report for people: header with the file name, the three criteria with
 * status and reasons, the cited facts grouped by section > signal > item with source and date,
 * the findings (blocking first, with line, column and field), the context section, and a
 * closing line that leaves the judgement to the decision maker. The report never says whether
 * a huisverbod must be imposed. file may be NULL. 0, or -WT_EENV when the buffer cannot grow.
 */
int wt_checklist_format_text(const wt_checklist *c, const char *file, wt_buf *out);

/*
 * Appends one JSON object (SPEC section 2, `check`):
 * {"blokkerend": N, "aandachtspunten": N, "peildatum": "YYYY-MM-DD",
 *  "criteria": {"meerderjarig": S, "verblijf": S, "gevaar": S},
 *  "redenen": {"meerderjarig": [..], ...},
 *  "bevindingen": [{"ernst", "code", "criterium", "veld", "regel", "kolom", "melding", "hint"}],
 *  "feiten": [{"sectie", "signaal", "onderdeel" (or null), "naam", "datum" (or null), "regel"}],
 *  "context": [{"veld", "regel"}]}
 * followed by a newline. Fact texts, sources and names are left out (they stay in the verzoek).
 * 0, or -WT_EENV.
 */
int wt_checklist_format_json(const wt_checklist *c, wt_buf *out);

/* Number of blocking findings (0 for NULL). */
size_t wt_checklist_blocking(const wt_checklist *c);

/* Status of "meerderjarig", "verblijf" or "gevaar"; WT_ONTBREEKT for an unknown name or NULL c. */
wt_criterion_status wt_checklist_status(const wt_checklist *c, const char *criterion);

/* "onderbouwd", "onvoldoende" or "ontbreekt". */
const char *wt_checklist_status_name(wt_criterion_status s);

/* All findings, blocking first, then by line and column. Borrowed. */
const wt_findings *wt_checklist_findings(const wt_checklist *c);

/* The first finding with this code, or NULL. Borrowed. */
const wt_finding *wt_checklist_find(const wt_checklist *c, const char *code);

void wt_checklist_free(wt_checklist *c);

/*
 * `weegteam new`: appends a verzoek skeleton in the SPEC section 3 format, with Dutch comments
 * on every field (what to write, allowed values, why it matters legally) and an example
 * signal entry pointing at `weegteam signals`. city (may be NULL) is written as gemeente.
 * The skeleton is valid YAML; loaded as it is, it yields only "missing or empty" problems.
 * cat may be NULL (the comment then omits the catalogue's counts). 0, or -WT_EENV.
 */
int wt_skeleton_verzoek(wt_buf *out, const char *city, const wt_catalogue *cat);

#endif
