/* suggest.c: "bedoelde u ...?": the known word closest to a misspelt one (edit distance on bytes). */
#include "verzoek.h"

#include <string.h>

/* Words longer than this are not compared (no typo of a key is that long). */
#define SUGGEST_MAX_LEN 64
/* Largest distance still taken as a typo; keys of at most SUGGEST_SHORT_LEN bytes allow only 1. */
#define SUGGEST_MAX_DISTANCE 2
#define SUGGEST_SHORT_DISTANCE 1
#define SUGGEST_SHORT_LEN 4

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Optimal string alignment distance (Levenshtein plus swapping two neighbouring bytes),
 * ignoring ASCII case. Both lengths are at most SUGGEST_MAX_LEN. Keeps three rows only.
 */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t rows[3][SUGGEST_MAX_LEN + 1];
	size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *tmp;
	size_t i, j;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		unsigned char ca = lower((unsigned char)a[i - 1]);

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			unsigned char cb = lower((unsigned char)b[j - 1]);
			size_t cost = ca == cb ? 0 : 1;

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
			    lower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[lb];
}

const char *wt_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t lw, i;

	if (word == NULL || candidates == NULL)
		return NULL;
	lw = strlen(word);
	if (lw == 0 || lw > SUGGEST_MAX_LEN)
		return NULL;
	for (i = 0; candidates[i] != NULL; i++) {
		size_t lc = strlen(candidates[i]);
		size_t limit = (lc <= SUGGEST_SHORT_LEN || lw <= SUGGEST_SHORT_LEN) ? SUGGEST_SHORT_DISTANCE
										      : SUGGEST_MAX_DISTANCE;
		size_t d;

		if (lc > SUGGEST_MAX_LEN || (lc > lw ? lc - lw : lw - lc) > limit)
			continue;
		d = distance(word, lw, candidates[i], lc);
		/* A distance as large as the word itself would replace it wholesale: no suggestion. */
		if (d <= limit && d < lw && d < best_d) {
			best = candidates[i];
			best_d = d;
		}
	}
	return best;
}
