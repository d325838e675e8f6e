/* catalogue.h: the criteria catalogue: formal criteria, the Besluit's closed list, thresholds. */
#ifndef WT_CATALOGUE_H
#define WT_CATALOGUE_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "tree.h"

/* Limits on a catalogue file (workflows/criteria.yaml). */
#define WT_CAT_MAX_SECTIONS 10
#define WT_CAT_MAX_SIGNALS 100
#define WT_CAT_MAX_ITEMS 20          /* items per signal */
#define WT_CAT_MAX_WORDS 200         /* words per word list */
#define WT_CAT_MAX_TEXT 2000         /* bytes in a label, hint or explanation */
#define WT_CAT_CODE_MAX 16           /* bytes in a code, terminator included */
#define WT_CAT_N_CRITERIA 3

/* One formal criterion of Wth art. 2 (key "meerderjarig", "verblijf" or "gevaar"). */
typedef struct wt_cat_criterion {
	char *key;
	char *label;       /* Dutch */
	char *basis;       /* legal basis, e.g. "Wth art. 2 lid 2" */
	char *explanation; /* Dutch, may be "" */
} wt_cat_criterion;

/* One item of the closed list ("2c.4", "wurging"). */
typedef struct wt_cat_item {
	char *code;
	char *label;
} wt_cat_item;

/* One signal (category) of the closed list ("2c", "Lichamelijk geweld"). */
typedef struct wt_cat_signal {
	char *code;
	char *label;
	char *hint;          /* Dutch: what a concrete fact for this signal looks like */
	size_t section;      /* index into wt_catalogue.sections */
	wt_cat_item *items;
	size_t n_items;
} wt_cat_signal;

/* One section ("2", "Verloop van het incident"); its signals are signals[first..first+count). */
typedef struct wt_cat_section {
	char *code;
	char *label;
	size_t first_signal;
	size_t n_signals;
} wt_cat_section;

/* A word list from the catalogue (lower case, UTF-8). */
typedef struct wt_wordlist {
	char **words;
	size_t count;
} wt_wordlist;

/* The whole catalogue: plain data, read-only after parsing. */
typedef struct wt_catalogue {
	wt_cat_criterion criteria[WT_CAT_N_CRITERIA]; /* meerderjarig, verblijf, gevaar (in this order) */
	wt_cat_section *sections;
	size_t n_sections;
	wt_cat_signal *signals;                       /* all signals, in section order */
	size_t n_signals;
	size_t n_items;                               /* items over all signals */
	int recent_days;                              /* drempels.recent_dagen */
	int fact_min_chars;                           /* drempels.feit_min_tekens */
	int keyword_min_chars;                        /* drempels.sleutelwoord_min_tekens */
	wt_wordlist vague;                            /* woorden.vaag */
	wt_wordlist observation;                      /* woorden.waarneming */
	wt_wordlist dementia;                         /* woorden.dementie_psychiatrie */
	wt_wordlist children;                         /* woorden.kinderen */
} wt_catalogue;

/*
 * Reads and validates a catalogue document completely: soort criteria, versie 1, the three
 * criteria, the thresholds, the word lists, and the sections with their signals and items.
 * Codes must be well formed and consistent (item "2c.4" under signal "2c" under section "2",
 * numbered 1, 2, ... in order; signal letters a, b, c, ... in order) and the totals must match
 * the `aantallen` block. Unknown keys are refused.
 * On success *out is the caller's (free with wt_catalogue_free). Errors: -WT_EINPUT with
 * file/line/column/field and a Dutch message; -WT_EENV when out of memory.
 */
int wt_catalogue_parse(wt_catalogue **out, const wt_doc *doc, wt_error *err);

void wt_catalogue_free(wt_catalogue *cat);

/* The signal with this code ("2c"), or NULL. Borrowed. */
const wt_cat_signal *wt_catalogue_signal(const wt_catalogue *cat, const char *code);

/* The item with this code ("2c.4"), or NULL; *signal_out (if not NULL) gets its signal. Borrowed. */
const wt_cat_item *wt_catalogue_item(const wt_catalogue *cat, const char *code,
				     const wt_cat_signal **signal_out);

/* Index of the signal with this code in cat->signals, or -1. */
long wt_catalogue_signal_index(const wt_catalogue *cat, const char *code);

/* The criterion with this key, or NULL. Borrowed. */
const wt_cat_criterion *wt_catalogue_criterion(const wt_catalogue *cat, const char *key);

/*
 * Resolves a code from a verzoek: an item ("2c.4") or a signal ("2c"). Sets *signal_out
 * (and *item_out, NULL for a signal code). Returns 0, or -1 when the code is in neither.
 * Leading/trailing spaces are ignored; letters are compared case-insensitively.
 */
int wt_catalogue_resolve(const wt_catalogue *cat, const char *code, const wt_cat_signal **signal_out,
			 const wt_cat_item **item_out);

/*
 * `weegteam signals [WORD]`: appends the closed list (section, signal code, label, hint, items)
 * as Dutch text. With word != NULL only signals whose code, label, hint or an item label
 * contains the word (case- and accent-insensitive) are listed, with only the matching items
 * when the match is in an item. Appends a line saying nothing matched when nothing does.
 * Returns 0, or -WT_EENV when the buffer cannot grow.
 */
int wt_catalogue_format_signals(const wt_catalogue *cat, const char *word, wt_buf *out);

/*
 * 1 when `text` contains `word` starting at a word boundary (case- and accent-insensitive for
 * ASCII and the common Latin-1 accents, so "Financiële" matches "financiele"). Multi-word
 * entries match as a phrase. Used by the checklist for its word lists.
 */
int wt_text_has_word(const char *text, const char *word);

/*
 * 1 when text contains any of the n words (as wt_text_has_word, but folding text only once);
 * *which (if not NULL) gets the first word found. 0 also when memory runs out.
 */
int wt_text_find_words(const char *text, const char *const *words, size_t n, const char **which);

/* wt_text_find_words over a catalogue word list. */
int wt_text_has_any(const char *text, const wt_wordlist *list, const char **which);

/* A folded copy of text (lower case, common accents removed) for repeated searches; caller frees. NULL when out of memory. */
char *wt_text_fold(const char *text);

/* wt_text_has_word on text and word that are both already folded (wt_text_fold). */
int wt_folded_has_word(const char *folded_text, const char *folded_word);

#endif
