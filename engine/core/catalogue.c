/* catalogue.c: loading and validating the criteria catalogue, lookups and `signals` output. */
#include "catalogue.h"

#include "parse.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_MAX 160                  /* bytes in a field path used in messages */
#define FOLD_MAX (WT_CAT_MAX_TEXT * 2) /* folded copies of labels and hints */

/* ---- text folding and word search ------------------------------------------------------- */

/* ASCII base letters for U+00C0..U+00FF (UTF-8 0xC3 0x80..0xBF); '\0' keeps the bytes. */
static const char latin1_fold[64] = {
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', '\0', 'o', 'u', 'u', 'u', 'u', 'y', '\0', 's',
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', '\0', 'o', 'u', 'u', 'u', 'u', 'y', '\0', 'y'};

/*
 * Folds UTF-8 text into lower case, accents removed where they are Latin-1 letters.
 * Writes at most size-1 bytes (always terminated); returns the folded length.
 */
static size_t fold(const char *s, char *out, size_t size)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	if (size == 0)
		return 0;
	while (*p != '\0' && n + 1 < size) {
		if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF && latin1_fold[p[1] - 0x80] != '\0') {
			out[n++] = latin1_fold[p[1] - 0x80];
			p += 2;
		} else {
			out[n++] = (char)(*p < 0x80 ? tolower(*p) : *p);
			p++;
		}
	}
	out[n] = '\0';
	return n;
}

static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Searches folded needle in folded haystack; at_word_start requires a word boundary before. */
static int folded_find(const char *hay, const char *needle, int at_word_start)
{
	size_t nl = strlen(needle);
	const char *p = hay;

	if (nl == 0)
		return 0;
	while ((p = strstr(p, needle)) != NULL) {
		if (!at_word_start || p == hay || !is_word_byte((unsigned char)p[-1]))
			return 1;
		p++;
	}
	return 0;
}

/* Folds both strings into heap copies and searches; returns -1 when out of memory. */
static int find_folded(const char *text, const char *word, int at_word_start)
{
	size_t tl = strlen(text) + 1, wl = strlen(word) + 1;
	char *ft = malloc(tl), *fw = malloc(wl);
	int r = -1;

	if (ft != NULL && fw != NULL) {
		fold(text, ft, tl);
		fold(word, fw, wl);
		r = folded_find(ft, fw, at_word_start);
	}
	free(ft);
	free(fw);
	return r;
}

int wt_text_has_word(const char *text, const char *word)
{
	if (text == NULL || word == NULL || word[0] == '\0')
		return 0;
	return find_folded(text, word, 1) == 1;
}

char *wt_text_fold(const char *text)
{
	size_t n = strlen(text) + 1;
	char *out = malloc(n);

	if (out != NULL)
		fold(text, out, n);
	return out;
}

int wt_folded_has_word(const char *folded_text, const char *folded_word)
{
	return folded_text != NULL && folded_word != NULL && folded_find(folded_text, folded_word, 1);
}

int wt_text_find_words(const char *text, const char *const *words, size_t n, const char **which)
{
	char *ft, fw[WT_CAT_MAX_TEXT + 1];
	size_t i;
	int found = 0;

	if (text == NULL || (ft = wt_text_fold(text)) == NULL)
		return 0;
	for (i = 0; !found && i < n; i++) {
		fold(words[i], fw, sizeof(fw));
		if (fw[0] != '\0' && folded_find(ft, fw, 1)) {
			found = 1;
			if (which != NULL)
				*which = words[i];
		}
	}
	free(ft);
	return found;
}

int wt_text_has_any(const char *text, const wt_wordlist *list, const char **which)
{
	if (list == NULL)
		return 0;
	return wt_text_find_words(text, (const char *const *)list->words, list->count, which);
}

/* Bounded formatting of field paths and codes (truncation is harmless for messages). */
static void pathf(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void pathf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

/* ---- freeing ------------------------------------------------------------------------------ */

static void wordlist_free(wt_wordlist *w)
{
	size_t i;

	for (i = 0; i < w->count; i++)
		free(w->words[i]);
	free(w->words);
	w->words = NULL;
	w->count = 0;
}

void wt_catalogue_free(wt_catalogue *cat)
{
	size_t i, j;

	if (cat == NULL)
		return;
	for (i = 0; i < WT_CAT_N_CRITERIA; i++) {
		free(cat->criteria[i].key);
		free(cat->criteria[i].label);
		free(cat->criteria[i].basis);
		free(cat->criteria[i].explanation);
	}
	for (i = 0; i < cat->n_sections; i++) {
		free(cat->sections[i].code);
		free(cat->sections[i].label);
	}
	free(cat->sections);
	for (i = 0; i < cat->n_signals; i++) {
		wt_cat_signal *s = &cat->signals[i];
		for (j = 0; j < s->n_items; j++) {
			free(s->items[j].code);
			free(s->items[j].label);
		}
		free(s->items);
		free(s->code);
		free(s->label);
		free(s->hint);
	}
	free(cat->signals);
	wordlist_free(&cat->vague);
	wordlist_free(&cat->observation);
	wordlist_free(&cat->dementia);
	wordlist_free(&cat->children);
	free(cat);
}

/* ---- validation helpers ------------------------------------------------------------------- */

typedef wt_parser parser;

/* Sets a Dutch input error at node n (or at the top of the file when n is NULL). */
#define fail_at wt_parser_fail

static int oom(parser *p)
{
	return wt_error_set(p->err, WT_EENV, "geheugen", "Onvoldoende geheugen bij het lezen van de catalogus.");
}

/* Checks that map n has only the allowed keys and all the required ones (NULL-terminated). */
static int check_keys(parser *p, const wt_node *n, const char *field, const char *const *allowed,
		      const char *const *required)
{
	size_t i, j;
	char path[FIELD_MAX];

	if (n == NULL || n->kind != WT_NODE_MAP)
		return fail_at(p, n, field, "verkeerd_type",
			       "Hier hoort een groep met sleutels en waarden (veld '%s').", field);
	for (i = 0; i < n->count; i++) {
		int ok = 0;
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(n->keys[i], allowed[j]) == 0)
				ok = 1;
		if (!ok) {
			pathf(path, sizeof(path), "%s%s%s", field, field[0] ? "." : "", n->keys[i]);
			wt_error_at(p->err, p->doc->file, n->key_line[i], n->key_column[i], path);
			return wt_error_set(p->err, WT_EINPUT, "onbekend_veld",
					    "Onbekende sleutel '%s' in de catalogus.", n->keys[i]);
		}
	}
	for (j = 0; required[j] != NULL; j++) {
		if (wt_map_get(n, required[j]) == NULL) {
			pathf(path, sizeof(path), "%s%s%s", field, field[0] ? "." : "", required[j]);
			return fail_at(p, n, path, "ontbreekt", "Het verplichte veld '%s' ontbreekt.",
				       required[j]);
		}
	}
	return 0;
}

/* A non-empty text at key of map; *out gets a copy. */
static int get_text(parser *p, const wt_node *map, const char *key, const char *field, int required,
		    char **out)
{
	const wt_node *n = wt_map_get(map, key);
	char path[FIELD_MAX];

	pathf(path, sizeof(path), "%s%s%s", field, field[0] ? "." : "", key);
	if (n == NULL || wt_node_is_null(n)) {
		if (!required) {
			*out = wt_strdup("");
			return *out ? 0 : oom(p);
		}
		return fail_at(p, n ? n : map, path, "ontbreekt", "Het veld '%s' ontbreekt of is leeg.", key);
	}
	if (n->kind != WT_NODE_SCALAR)
		return fail_at(p, n, path, "verkeerd_type", "Het veld '%s' moet tekst zijn, geen %s.", key,
			       wt_node_kind_name(n));
	if (n->len == 0 && required)
		return fail_at(p, n, path, "leeg", "Het veld '%s' is leeg.", key);
	if (n->len > WT_CAT_MAX_TEXT)
		return fail_at(p, n, path, "te_lang", "Het veld '%s' is te lang.", key);
	*out = wt_strdup(n->value);
	return *out ? 0 : oom(p);
}

static int get_int(parser *p, const wt_node *map, const char *key, const char *field, long long lo,
		   long long hi, long long *out)
{
	const wt_node *n = wt_map_get(map, key);
	char path[FIELD_MAX], range[64];

	pathf(path, sizeof(path), "%s.%s", field, key);
	pathf(range, sizeof(range), "%lld tot en met %lld", lo, hi);
	if (wt_node_int(n, out) < 0 || *out < lo || *out > hi)
		return fail_at(p, n ? n : map, path, "ongeldig_getal",
			       "Het veld '%s' moet een geheel getal zijn van %s.", key, range);
	return 0;
}

static int parse_wordlist(parser *p, const wt_node *map, const char *key, wt_wordlist *out)
{
	const wt_node *n = wt_map_get(map, key);
	char path[FIELD_MAX];
	size_t i;

	pathf(path, sizeof(path), "woorden.%s", key);
	if (n == NULL || n->kind != WT_NODE_SEQ || n->count == 0)
		return fail_at(p, n ? n : map, path, "verkeerd_type",
			       "Het veld '%s' moet een lijst met minstens een woord zijn.", key);
	if (n->count > WT_CAT_MAX_WORDS)
		return fail_at(p, n, path, "te_lang", "De lijst '%s' heeft te veel woorden.", key);
	out->words = calloc(n->count, sizeof(char *));
	if (out->words == NULL)
		return oom(p);
	for (i = 0; i < n->count; i++) {
		const wt_node *w = n->items[i];
		char fpath[FIELD_MAX];
		pathf(fpath, sizeof(fpath), "%s[%zu]", path, i);
		if (w->kind != WT_NODE_SCALAR || w->len == 0 || w->len > WT_CAT_MAX_TEXT)
			return fail_at(p, w, fpath, "ongeldig_woord",
				       "Elk woord in '%s' moet een niet-lege tekst zijn.", key);
		out->words[i] = malloc(w->len + 1);
		if (out->words[i] == NULL)
			return oom(p);
		out->count++;
		fold(w->value, out->words[i], w->len + 1);
	}
	return 0;
}

/* ---- sections, signals, items ------------------------------------------------------------- */

static int parse_items(parser *p, const wt_node *sig, const char *field, wt_cat_signal *s)
{
	static const char *const keys[] = {"code", "naam", NULL};
	const wt_node *n = wt_map_get(sig, "onderdelen");
	char path[FIELD_MAX], want[WT_CAT_CODE_MAX];
	size_t i;
	int rc;

	pathf(path, sizeof(path), "%s.onderdelen", field);
	if (n->kind != WT_NODE_SEQ || n->count == 0 || n->count > WT_CAT_MAX_ITEMS)
		return fail_at(p, n, path, "verkeerd_type",
			       "Signaal %s moet een lijst van onderdelen hebben (1 tot 20).", s->code);
	s->items = calloc(n->count, sizeof(*s->items));
	if (s->items == NULL)
		return oom(p);
	for (i = 0; i < n->count; i++) {
		const wt_node *it = n->items[i];
		wt_cat_item *x = &s->items[i];
		char ipath[FIELD_MAX];

		pathf(ipath, sizeof(ipath), "%s[%zu]", path, i);
		if ((rc = check_keys(p, it, ipath, keys, keys)) < 0)
			return rc;
		s->n_items++;
		if ((rc = get_text(p, it, "code", ipath, 1, &x->code)) < 0 ||
		    (rc = get_text(p, it, "naam", ipath, 1, &x->label)) < 0)
			return rc;
		pathf(want, sizeof(want), "%s.%zu", s->code, i + 1);
		if (strcmp(x->code, want) != 0) {
			pathf(ipath, sizeof(ipath), "%s[%zu].code", path, i);
			return fail_at(p, wt_map_get(it, "code"), ipath, "ongeldige_code",
				       "Onderdeel '%s' staat op de plaats van '%s' (codes: signaal, punt, volgnummer).",
				       x->code, want);
		}
	}
	return 0;
}

static int parse_signals(parser *p, wt_catalogue *cat, const wt_node *sec, const char *field, size_t si)
{
	static const char *const keys[] = {"code", "naam", "hint", "onderdelen", NULL};
	const wt_node *n = wt_map_get(sec, "signalen");
	wt_cat_section *section = &cat->sections[si];
	char path[FIELD_MAX], want[WT_CAT_CODE_MAX];
	size_t i;
	int rc;

	pathf(path, sizeof(path), "%s.signalen", field);
	if (n->kind != WT_NODE_SEQ || n->count == 0 || n->count > 26)
		return fail_at(p, n, path, "verkeerd_type",
			       "Sectie %s moet een lijst van signalen hebben (1 tot 26).", section->code);
	if (cat->n_signals + n->count > WT_CAT_MAX_SIGNALS)
		return fail_at(p, n, path, "te_lang", "De catalogus heeft te veel signalen.");
	section->first_signal = cat->n_signals;
	for (i = 0; i < n->count; i++) {
		const wt_node *sg = n->items[i];
		wt_cat_signal *s = &cat->signals[cat->n_signals];
		char spath[FIELD_MAX];

		pathf(spath, sizeof(spath), "%s[%zu]", path, i);
		if ((rc = check_keys(p, sg, spath, keys, keys)) < 0)
			return rc;
		cat->n_signals++;
		section->n_signals++;
		s->section = si;
		if ((rc = get_text(p, sg, "code", spath, 1, &s->code)) < 0 ||
		    (rc = get_text(p, sg, "naam", spath, 1, &s->label)) < 0 ||
		    (rc = get_text(p, sg, "hint", spath, 1, &s->hint)) < 0)
			return rc;
		pathf(want, sizeof(want), "%s%c", section->code, (char)('a' + i));
		if (strcmp(s->code, want) != 0) {
			pathf(spath, sizeof(spath), "%s[%zu].code", path, i);
			return fail_at(p, wt_map_get(sg, "code"), spath, "ongeldige_code",
				       "Signaal '%s' staat op de plaats van '%s' (codes: sectienummer en letter).",
				       s->code, want);
		}
		if ((rc = parse_items(p, sg, spath, s)) < 0)
			return rc;
		cat->n_items += s->n_items;
	}
	return 0;
}

static int parse_sections(parser *p, wt_catalogue *cat, const wt_node *n)
{
	static const char *const keys[] = {"code", "naam", "signalen", NULL};
	char want[WT_CAT_CODE_MAX];
	size_t i;
	int rc;

	if (n->kind != WT_NODE_SEQ || n->count == 0 || n->count > WT_CAT_MAX_SECTIONS)
		return fail_at(p, n, "secties", "verkeerd_type",
			       "'secties' moet een lijst van 1 tot 10 secties zijn.");
	cat->sections = calloc(n->count, sizeof(*cat->sections));
	cat->signals = calloc(WT_CAT_MAX_SIGNALS, sizeof(*cat->signals));
	if (cat->sections == NULL || cat->signals == NULL)
		return oom(p);
	for (i = 0; i < n->count; i++) {
		const wt_node *sec = n->items[i];
		wt_cat_section *s = &cat->sections[i];
		char path[FIELD_MAX];

		pathf(path, sizeof(path), "secties[%zu]", i);
		if ((rc = check_keys(p, sec, path, keys, keys)) < 0)
			return rc;
		cat->n_sections++;
		if ((rc = get_text(p, sec, "code", path, 1, &s->code)) < 0 ||
		    (rc = get_text(p, sec, "naam", path, 1, &s->label)) < 0)
			return rc;
		pathf(want, sizeof(want), "%zu", i + 1);
		if (strcmp(s->code, want) != 0) {
			pathf(path, sizeof(path), "secties[%zu].code", i);
			return fail_at(p, wt_map_get(sec, "code"), path, "ongeldige_code",
				       "Sectie '%s' staat op de plaats van sectie '%s' (secties zijn genummerd 1, 2, 3, ...).",
				       s->code, want);
		}
		pathf(path, sizeof(path), "secties[%zu]", i);
		if ((rc = parse_signals(p, cat, sec, path, i)) < 0)
			return rc;
	}
	return 0;
}

static int parse_criteria(parser *p, wt_catalogue *cat, const wt_node *n)
{
	static const char *const keys[] = {"sleutel", "naam", "grondslag", "uitleg", NULL};
	static const char *const req[] = {"sleutel", "naam", "grondslag", NULL};
	static const char *const names[WT_CAT_N_CRITERIA] = {"meerderjarig", "verblijf", "gevaar"};
	size_t i, k;
	int rc;

	if (n->kind != WT_NODE_SEQ || n->count != WT_CAT_N_CRITERIA)
		return fail_at(p, n, "criteria", "verkeerd_type",
			       "'criteria' moet een lijst van precies drie criteria zijn: meerderjarig, verblijf en gevaar.");
	for (i = 0; i < n->count; i++) {
		const wt_node *c = n->items[i];
		const char *key;
		char path[FIELD_MAX];

		pathf(path, sizeof(path), "criteria[%zu]", i);
		if ((rc = check_keys(p, c, path, keys, req)) < 0)
			return rc;
		key = wt_node_str(wt_map_get(c, "sleutel"));
		for (k = 0; k < WT_CAT_N_CRITERIA; k++)
			if (key != NULL && strcmp(key, names[k]) == 0)
				break;
		pathf(path, sizeof(path), "criteria[%zu].sleutel", i);
		if (k == WT_CAT_N_CRITERIA)
			return fail_at(p, wt_map_get(c, "sleutel"), path, "onbekend_criterium",
				       "Onbekend criterium '%s'; kies uit %s.", key ? key : "",
				       "meerderjarig, verblijf, gevaar");
		if (cat->criteria[k].key != NULL)
			return fail_at(p, wt_map_get(c, "sleutel"), path, "dubbel",
				       "Het criterium '%s' staat er twee keer in.", key);
		pathf(path, sizeof(path), "criteria[%zu]", i);
		if ((rc = get_text(p, c, "sleutel", path, 1, &cat->criteria[k].key)) < 0 ||
		    (rc = get_text(p, c, "naam", path, 1, &cat->criteria[k].label)) < 0 ||
		    (rc = get_text(p, c, "grondslag", path, 1, &cat->criteria[k].basis)) < 0 ||
		    (rc = get_text(p, c, "uitleg", path, 0, &cat->criteria[k].explanation)) < 0)
			return rc;
	}
	return 0;
}

static int check_counts(parser *p, const wt_catalogue *cat, const wt_node *n)
{
	static const char *const keys[] = {"secties", "signalen", "onderdelen", NULL};
	const char *names[3] = {"secties", "signalen", "onderdelen"};
	size_t have[3];
	long long want;
	char a[32], b[32];
	int i, rc;

	have[0] = cat->n_sections;
	have[1] = cat->n_signals;
	have[2] = cat->n_items;
	if ((rc = check_keys(p, n, "aantallen", keys, keys)) < 0)
		return rc;
	for (i = 0; i < 3; i++) {
		if ((rc = get_int(p, n, names[i], "aantallen", 1, 1000, &want)) < 0)
			return rc;
		if ((size_t)want != have[i]) {
			char path[FIELD_MAX];
			pathf(path, sizeof(path), "aantallen.%s", names[i]);
			pathf(a, sizeof(a), "%lld %s", want, names[i]);
			pathf(b, sizeof(b), "%zu", have[i]);
			return fail_at(p, wt_map_get(n, names[i]), path, "aantal_klopt_niet",
				       "De catalogus noemt %s, maar bevat er %s.", a, b);
		}
	}
	return 0;
}

int wt_catalogue_parse(wt_catalogue **out, const wt_doc *doc, wt_error *err)
{
	static const char *const keys[] = {"soort", "versie", "criteria", "drempels", "woorden",
					   "aantallen", "secties", NULL};
	static const char *const dkeys[] = {"recent_dagen", "feit_min_tekens", "sleutelwoord_min_tekens", NULL};
	static const char *const wkeys[] = {"vaag", "waarneming", "dementie_psychiatrie", "kinderen", NULL};
	parser p;
	wt_catalogue *cat = NULL;
	const wt_node *root = doc ? doc->root : NULL;
	const char *soort;
	long long v;
	int rc;

	*out = NULL;
	p.doc = doc;
	p.err = err;
	if (root == NULL)
		return fail_at(&p, NULL, "", "leeg_bestand", "De catalogus is leeg.");
	if ((rc = check_keys(&p, root, "", keys, keys)) < 0)
		return rc;
	soort = wt_node_str(wt_map_get(root, "soort"));
	if (soort == NULL || strcmp(soort, "criteria") != 0)
		return fail_at(&p, wt_map_get(root, "soort"), "soort", "verkeerde_soort",
			       "Dit is geen criteriacatalogus: 'soort' moet 'criteria' zijn.");
	if (wt_node_int(wt_map_get(root, "versie"), &v) < 0 || v != 1)
		return fail_at(&p, wt_map_get(root, "versie"), "versie", "onbekende_versie",
			       "Deze versie van de catalogus wordt niet ondersteund; verwacht 1.");
	cat = calloc(1, sizeof(*cat));
	if (cat == NULL)
		return oom(&p);
	if ((rc = parse_criteria(&p, cat, wt_map_get(root, "criteria"))) < 0)
		goto fail;
	if ((rc = check_keys(&p, wt_map_get(root, "drempels"), "drempels", dkeys, dkeys)) < 0 ||
	    (rc = get_int(&p, wt_map_get(root, "drempels"), "recent_dagen", "drempels", 1, 365, &v)) < 0)
		goto fail;
	cat->recent_days = (int)v;
	if ((rc = get_int(&p, wt_map_get(root, "drempels"), "feit_min_tekens", "drempels", 0, 1000, &v)) < 0)
		goto fail;
	cat->fact_min_chars = (int)v;
	if ((rc = get_int(&p, wt_map_get(root, "drempels"), "sleutelwoord_min_tekens", "drempels", 3, 50, &v)) < 0)
		goto fail;
	cat->keyword_min_chars = (int)v;
	if ((rc = check_keys(&p, wt_map_get(root, "woorden"), "woorden", wkeys, wkeys)) < 0 ||
	    (rc = parse_wordlist(&p, wt_map_get(root, "woorden"), "vaag", &cat->vague)) < 0 ||
	    (rc = parse_wordlist(&p, wt_map_get(root, "woorden"), "waarneming", &cat->observation)) < 0 ||
	    (rc = parse_wordlist(&p, wt_map_get(root, "woorden"), "dementie_psychiatrie", &cat->dementia)) < 0 ||
	    (rc = parse_wordlist(&p, wt_map_get(root, "woorden"), "kinderen", &cat->children)) < 0)
		goto fail;
	if ((rc = parse_sections(&p, cat, wt_map_get(root, "secties"))) < 0 ||
	    (rc = check_counts(&p, cat, wt_map_get(root, "aantallen"))) < 0)
		goto fail;
	*out = cat;
	return 0;
fail:
	wt_catalogue_free(cat);
	return rc;
}

/* ---- lookups ------------------------------------------------------------------------------ */

/* Copies code trimmed and lower-cased into buf; returns -1 when it does not fit. */
static int norm_code(const char *code, char *buf, size_t size)
{
	size_t n = 0;

	if (code == NULL)
		return -1;
	while (*code == ' ' || *code == '\t')
		code++;
	while (*code != '\0' && *code != ' ' && *code != '\t') {
		if (n + 1 >= size)
			return -1;
		buf[n++] = (char)tolower((unsigned char)*code++);
	}
	while (*code == ' ' || *code == '\t')
		code++;
	buf[n] = '\0';
	return *code == '\0' && n > 0 ? 0 : -1;
}

long wt_catalogue_signal_index(const wt_catalogue *cat, const char *code)
{
	size_t i;

	for (i = 0; cat != NULL && code != NULL && i < cat->n_signals; i++)
		if (strcmp(cat->signals[i].code, code) == 0)
			return (long)i;
	return -1;
}

const wt_cat_signal *wt_catalogue_signal(const wt_catalogue *cat, const char *code)
{
	long i = wt_catalogue_signal_index(cat, code);

	return i < 0 ? NULL : &cat->signals[i];
}

const wt_cat_item *wt_catalogue_item(const wt_catalogue *cat, const char *code,
				     const wt_cat_signal **signal_out)
{
	size_t i, j;

	for (i = 0; cat != NULL && code != NULL && i < cat->n_signals; i++)
		for (j = 0; j < cat->signals[i].n_items; j++)
			if (strcmp(cat->signals[i].items[j].code, code) == 0) {
				if (signal_out != NULL)
					*signal_out = &cat->signals[i];
				return &cat->signals[i].items[j];
			}
	return NULL;
}

const wt_cat_criterion *wt_catalogue_criterion(const wt_catalogue *cat, const char *key)
{
	size_t i;

	for (i = 0; cat != NULL && key != NULL && i < WT_CAT_N_CRITERIA; i++)
		if (cat->criteria[i].key != NULL && strcmp(cat->criteria[i].key, key) == 0)
			return &cat->criteria[i];
	return NULL;
}

int wt_catalogue_resolve(const wt_catalogue *cat, const char *code, const wt_cat_signal **signal_out,
			 const wt_cat_item **item_out)
{
	char buf[WT_CAT_CODE_MAX];
	const wt_cat_signal *s = NULL;
	const wt_cat_item *it = NULL;

	*signal_out = NULL;
	*item_out = NULL;
	if (norm_code(code, buf, sizeof(buf)) < 0)
		return -1;
	it = wt_catalogue_item(cat, buf, &s);
	if (it == NULL)
		s = wt_catalogue_signal(cat, buf);
	if (s == NULL)
		return -1;
	*signal_out = s;
	*item_out = it;
	return 0;
}

/* ---- `weegteam signals` ------------------------------------------------------------------- */

static int matches(const char *text, const char *fword)
{
	char buf[FOLD_MAX];

	fold(text, buf, sizeof(buf));
	return folded_find(buf, fword, 0);
}

int wt_catalogue_format_signals(const wt_catalogue *cat, const char *word, wt_buf *out)
{
	char fword[WT_CAT_MAX_TEXT];
	size_t i, j, shown = 0, last_section = (size_t)-1;
	int rc = 0;

	if (word != NULL)
		fold(word, fword, sizeof(fword));
	if (word == NULL)
		rc |= wt_buf_printf(out, "De gesloten lijst van feiten en omstandigheden (bijlage Besluit "
					 "tijdelijk huisverbod): %zu signalen, %zu onderdelen.\n"
					 "Gebruik in een verzoek de code van een onderdeel (bijvoorbeeld 2c.4) of van "
					 "een signaal (bijvoorbeeld 2c).\n",
				     cat->n_signals, cat->n_items);
	for (i = 0; i < cat->n_signals; i++) {
		const wt_cat_signal *s = &cat->signals[i];
		int whole = word == NULL || matches(s->code, fword) || matches(s->label, fword) ||
			    matches(s->hint, fword);
		int any = whole;

		for (j = 0; !any && j < s->n_items; j++)
			any = matches(s->items[j].label, fword) || strcmp(s->items[j].code, fword) == 0;
		if (!any)
			continue;
		if (s->section != last_section) {
			rc |= wt_buf_printf(out, "\n%s %s\n", cat->sections[s->section].code,
					    cat->sections[s->section].label);
			last_section = s->section;
		}
		rc |= wt_buf_printf(out, "  %-4s %s\n       Wat maakt het concreet: %s\n", s->code, s->label, s->hint);
		for (j = 0; j < s->n_items; j++)
			if (whole || matches(s->items[j].label, fword) || strcmp(s->items[j].code, fword) == 0)
				rc |= wt_buf_printf(out, "       %-5s %s\n", s->items[j].code, s->items[j].label);
		shown++;
	}
	if (word != NULL && shown == 0)
		rc |= wt_buf_printf(out, "Geen signaal of onderdeel gevonden met '%s'. "
					 "Probeer een ander woord, of 'weegteam signals' voor de hele lijst.\n",
				    word);
	return rc < 0 ? -WT_EENV : 0;
}
