/* verzoek.h: the verzoek tot tijdelijk huisverbod (SPEC section 3): model, parsing, validation. */
#ifndef WT_VERZOEK_H
#define WT_VERZOEK_H

#include <stddef.h>

#include "date.h"
#include "error.h"
#include "finding.h"
#include "tree.h"

/* A text field with where it stood; s is NULL when the field was absent. */
typedef struct wt_str {
	char *s;
	int line;
	int column;
} wt_str;

/* A date field; set is 0 when absent or invalid. */
typedef struct wt_datefield {
	wt_date d;
	int set;
	int line;
	int column;
} wt_datefield;

/* Limits on a verzoek (named so tests and messages can cite them). */
#define WT_VERZOEK_MAX_TEXT 20000      /* bytes in any one text field */
#define WT_VERZOEK_MAX_LIST 200        /* items in any list */

typedef struct wt_person {
	wt_str naam;       /* achterblijvers: required */
	wt_str initialen;  /* kinderen: initials instead of a name */
	wt_datefield geboortedatum;
	wt_str relatie;
	int line;
	int column;
} wt_person;

typedef struct wt_signal_fact {
	wt_str code;       /* "2c.4" (item) or "2c" (category), checked against the catalogue later */
	wt_str feiten;
	wt_str bron;
	wt_datefield datum;
	int line;
	int column;
} wt_signal_fact;

typedef struct wt_verzoek {
	char *file;                  /* name used in messages */
	long long versie;
	wt_str gemeente;             /* as written */
	struct {
		wt_str organisatie, naam, functie, telefoon, email;
		int line, column;
	} verzoeker;
	wt_str *aard_geweld;
	size_t n_aard_geweld;
	int spoed;                   /* default 0 */
	int crisismelding_politie;   /* default 0 */
	struct {
		wt_str adres, postcode, plaats;
		int line, column;
	} woning;
	struct {
		wt_str naam;
		wt_datefield geboortedatum;
		wt_str relatie;
		wt_str ingeschreven_op_adres;  /* ja | nee | onbekend */
		wt_str feitelijk_verblijf;     /* dagelijks | meerdere-dagen-per-week | incidenteel | onbekend */
		wt_str toelichting;
		int line, column;
	} uithuis;                           /* beoogd_uithuisgeplaatste */
	wt_person *achterblijvers;
	size_t n_achterblijvers;
	wt_person *kinderen;
	size_t n_kinderen;
	struct {
		wt_str samenvatting;
		wt_signal_fact *signalen;
		size_t n_signalen;
		int line, column;
	} gevaar;
	wt_str eerdere_hulpverlening;
	wt_str overwogen_alternatieven;
	wt_str bijzonderheden;
} wt_verzoek;

/*
 * Reads a verzoek from a loaded document and validates its form: the root is a map;
 * soort and versie are right; required fields are present with the right type; enumerations,
 * organisations and dates are valid; no unknown keys (with a "bedoelde u ...?" suggestion when
 * a known key is close). Every problem is added to `problems` as a WT_BLOKKEREND finding with
 * field path, line and column and a Dutch message and hint.
 *
 * *out is always set (a best-effort model, also when there are problems) unless memory runs
 * out; the caller frees it with wt_verzoek_free. Returns 0 when there were no problems;
 * -WT_EINPUT when there were (err then holds the first, with file/line/column/field);
 * -WT_EENV when out of memory.
 *
 * The content rules of the checklist (criteria, recency, catalogue codes) are not checked
 * here; see checklist.h.
 */
int wt_verzoek_parse(wt_verzoek **out, const wt_doc *doc, wt_findings *problems, wt_error *err);

void wt_verzoek_free(wt_verzoek *v);

/* 1 when aard_geweld contains the given kind (e.g. "kindermishandeling"). */
int wt_verzoek_has_aard(const wt_verzoek *v, const char *aard);

/* The closed enumerations, NULL-terminated (for messages, skeletons and tests). */
extern const char *const wt_verzoek_organisaties[];
extern const char *const wt_verzoek_aarden[];
extern const char *const wt_verzoek_relaties[];

/*
 * The known key closest to `word` among `candidates` (NULL-terminated) by edit distance,
 * when the distance is small enough to be a typo (<= 2, or <= 1 for short keys); else NULL.
 */
const char *wt_suggest(const char *word, const char *const *candidates);

#endif
