/* finding.h: a list of findings on a file: blocking problems and points of attention. */
#ifndef WT_FINDING_H
#define WT_FINDING_H

#include <stddef.h>

typedef enum wt_severity {
	WT_BLOKKEREND,   /* the file cannot go on as it is */
	WT_AANDACHTSPUNT /* worth a look, not blocking */
} wt_severity;

/*
 * One finding. Strings are owned by the list. criterion is "meerderjarig", "verblijf",
 * "gevaar" or "" (a general problem such as a missing required field or a bad value);
 * field is the dotted path ("gevaar.signalen[2].datum"); code a stable machine name
 * ("onbekend_veld", "ongeldige_datum", ...); message and hint are Dutch.
 */
typedef struct wt_finding {
	wt_severity severity;
	char *code;
	char *criterion;
	char *field;
	int line;
	int column;
	char *message;
	char *hint;
} wt_finding;

typedef struct wt_findings {
	wt_finding *items;
	size_t count;
	size_t cap;
} wt_findings;

void wt_findings_init(wt_findings *f);
void wt_findings_release(wt_findings *f);
/* Adds a finding (all strings copied; NULL treated as ""). 0, or -WT_EENV. */
int wt_findings_add(wt_findings *f, wt_severity severity, const char *code, const char *criterion,
		    const char *field, int line, int column, const char *message, const char *hint);
/* Number of blocking findings. */
size_t wt_findings_blocking(const wt_findings *f);

#endif
