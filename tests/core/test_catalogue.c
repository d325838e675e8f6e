/* test_catalogue.c: the criteria catalogue: the shipped file, lookups, refusals, `signals`. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalogue.h"
#include "yaml/yaml_load.h"

#define CATALOGUE_FILE "workflows/criteria.yaml"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static wt_catalogue *load_shipped(void)
{
	wt_doc *doc = NULL;
	wt_catalogue *cat = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, CATALOGUE_FILE, &err), 0, "%s", err.message);
	cr_assert_eq(wt_catalogue_parse(&cat, doc, &err), 0, "%s:%d:%d %s: %s", err.file, err.line, err.column,
		     err.field, err.message);
	wt_doc_free(doc);
	return cat;
}

/* Parses the shipped catalogue with the first occurrence of `from` replaced by `to`. */
static int parse_mutated(const char *from, const char *to, wt_error *err)
{
	char *text = read_all(CATALOGUE_FILE);
	char *at = strstr(text, from);
	size_t n;
	char *mut;
	wt_doc *doc = NULL;
	wt_catalogue *cat = NULL;
	int rc;

	cr_assert_not_null(at, "fixture text '%s' not found", from);
	n = strlen(text) - strlen(from) + strlen(to);
	mut = malloc(n + 1);
	cr_assert_not_null(mut);
	memcpy(mut, text, (size_t)(at - text));
	memcpy(mut + (at - text), to, strlen(to));
	memcpy(mut + (at - text) + strlen(to), at + strlen(from), strlen(at + strlen(from)) + 1);
	wt_error_clear(err);
	rc = wt_yaml_load_buffer(&doc, "criteria-test.yaml", mut, n, err);
	cr_assert_eq(rc, 0, "mutated catalogue is not valid YAML: %s", err->message);
	rc = wt_catalogue_parse(&cat, doc, err);
	cr_assert((rc == 0) == (cat != NULL));
	wt_catalogue_free(cat);
	wt_doc_free(doc);
	free(mut);
	free(text);
	return rc;
}

Test(catalogue, shipped_counts)
{
	wt_catalogue *cat = load_shipped();

	cr_assert_eq(cat->n_sections, 3);
	cr_assert_eq(cat->n_signals, 20);
	/* DOMAIN.md section 3 lists 77 items (13 + 38 + 26), although its heading says 79. */
	cr_assert_eq(cat->n_items, 77);
	cr_assert_str_eq(cat->criteria[0].key, "meerderjarig");
	cr_assert_str_eq(cat->criteria[1].key, "verblijf");
	cr_assert_str_eq(cat->criteria[2].key, "gevaar");
	cr_assert_str_eq(cat->criteria[0].basis, "Wth art. 2 lid 2");
	cr_assert_eq(cat->recent_days, 14);
	cr_assert_eq(cat->sections[0].n_signals, 3);
	cr_assert_eq(cat->sections[1].n_signals, 11);
	cr_assert_eq(cat->sections[2].n_signals, 6);
	wt_catalogue_free(cat);
}

Test(catalogue, every_signal_has_a_hint_and_items)
{
	wt_catalogue *cat = load_shipped();
	size_t i;

	for (i = 0; i < cat->n_signals; i++) {
		cr_assert(strlen(cat->signals[i].hint) > 40, "signal %s has no real hint", cat->signals[i].code);
		cr_assert_gt(cat->signals[i].n_items, 0);
	}
	wt_catalogue_free(cat);
}

Test(catalogue, lookups)
{
	wt_catalogue *cat = load_shipped();
	const wt_cat_signal *s = NULL;
	const wt_cat_item *it;

	s = wt_catalogue_signal(cat, "2c");
	cr_assert_not_null(s);
	cr_assert_str_eq(s->label, "Lichamelijk geweld");
	cr_assert_str_eq(cat->sections[s->section].code, "2");
	it = wt_catalogue_item(cat, "2c.4", &s);
	cr_assert_not_null(it);
	cr_assert_str_eq(it->label, "wurging");
	cr_assert_str_eq(s->code, "2c");
	cr_assert_null(wt_catalogue_signal(cat, "2l"));
	cr_assert_null(wt_catalogue_item(cat, "2c.5", NULL));
	cr_assert_null(wt_catalogue_item(cat, "2c", NULL));
	cr_assert_eq(wt_catalogue_signal_index(cat, "1a"), 0);
	cr_assert_eq(wt_catalogue_signal_index(cat, "3f"), 19);
	cr_assert_not_null(wt_catalogue_criterion(cat, "verblijf"));
	cr_assert_null(wt_catalogue_criterion(cat, "woning"));
	wt_catalogue_free(cat);
}

Test(catalogue, resolve_accepts_items_and_signals_only)
{
	wt_catalogue *cat = load_shipped();
	const wt_cat_signal *s;
	const wt_cat_item *it;

	cr_assert_eq(wt_catalogue_resolve(cat, " 2C.4 ", &s, &it), 0);
	cr_assert_str_eq(s->code, "2c");
	cr_assert_str_eq(it->code, "2c.4");
	cr_assert_eq(wt_catalogue_resolve(cat, "2i", &s, &it), 0);
	cr_assert_null(it);
	cr_assert_str_eq(s->code, "2i");
	cr_assert_lt(wt_catalogue_resolve(cat, "2c.9", &s, &it), 0);
	cr_assert_lt(wt_catalogue_resolve(cat, "4a", &s, &it), 0);
	cr_assert_lt(wt_catalogue_resolve(cat, "2 c", &s, &it), 0);
	cr_assert_lt(wt_catalogue_resolve(cat, "", &s, &it), 0);
	cr_assert_lt(wt_catalogue_resolve(cat, NULL, &s, &it), 0);
	wt_catalogue_free(cat);
}

Test(catalogue, refuses_unknown_key)
{
	wt_error err;

	cr_assert_eq(parse_mutated("versie: 1\n", "versie: 1\nextra: ja\n", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "onbekend_veld");
	cr_assert_str_eq(err.field, "extra");
	cr_assert_eq(err.line, 11);
	cr_assert_str_eq(err.file, "criteria-test.yaml");
}

Test(catalogue, refuses_unknown_key_in_signal)
{
	wt_error err;

	cr_assert_eq(parse_mutated("      - code: 2c\n", "      - code: 2c\n        kleur: rood\n", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "onbekend_veld");
	cr_assert(strstr(err.field, "kleur") != NULL, "%s", err.field);
}

Test(catalogue, refuses_item_under_wrong_signal)
{
	wt_error err;

	cr_assert_eq(parse_mutated("{code: 2c.4,", "{code: 2d.4,", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "ongeldige_code");
	cr_assert(strstr(err.message, "2c.4") != NULL, "%s", err.message);
	cr_assert_str_eq(err.field, "secties[1].signalen[2].onderdelen[3].code");
}

Test(catalogue, refuses_signal_out_of_order)
{
	wt_error err;

	cr_assert_eq(parse_mutated("      - code: 2d\n", "      - code: 3d\n", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "ongeldige_code");
}

Test(catalogue, refuses_wrong_counts)
{
	wt_error err;

	cr_assert_eq(parse_mutated("onderdelen: 77", "onderdelen: 79", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "aantal_klopt_niet");
	cr_assert(strstr(err.message, "77") != NULL, "%s", err.message);
}

Test(catalogue, refuses_wrong_soort_and_version)
{
	wt_error err;

	cr_assert_eq(parse_mutated("soort: criteria", "soort: werkstroom", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "verkeerde_soort");
	cr_assert_eq(parse_mutated("versie: 1", "versie: 2", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "onbekende_versie");
}

Test(catalogue, refuses_unknown_or_duplicate_criterion)
{
	wt_error err;

	cr_assert_eq(parse_mutated("sleutel: verblijf", "sleutel: woning", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "onbekend_criterium");
	cr_assert_eq(parse_mutated("sleutel: verblijf", "sleutel: meerderjarig", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "dubbel");
}

Test(catalogue, refuses_bad_threshold)
{
	wt_error err;

	cr_assert_eq(parse_mutated("recent_dagen: 14", "recent_dagen: veertien", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "ongeldig_getal");
	cr_assert_str_eq(err.field, "drempels.recent_dagen");
}

Test(catalogue, refuses_empty_label)
{
	wt_error err;

	cr_assert_eq(parse_mutated("{code: 2c.4, naam: wurging}", "{code: 2c.4, naam: \"\"}", &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "leeg");
}

Test(catalogue, format_signals_lists_everything)
{
	wt_catalogue *cat = load_shipped();
	wt_buf b;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_catalogue_format_signals(cat, NULL, &b), 0);
	cr_assert(strstr(b.data, "2c.4") != NULL);
	cr_assert(strstr(b.data, "wurging") != NULL);
	cr_assert(strstr(b.data, "3f.6") != NULL);
	cr_assert(strstr(b.data, "Leefomstandigheden") != NULL);
	wt_buf_release(&b);
	wt_catalogue_free(cat);
}

Test(catalogue, format_signals_searches_case_and_accent_insensitive)
{
	wt_catalogue *cat = load_shipped();
	wt_buf b;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_catalogue_format_signals(cat, "WURGING", &b), 0);
	cr_assert(strstr(b.data, "2c ") != NULL, "%s", b.data);
	cr_assert(strstr(b.data, "2c.4") != NULL);
	cr_assert_null(strstr(b.data, "2c.1"), "only the matching item is listed");
	cr_assert_null(strstr(b.data, "3b"));
	wt_buf_reset(&b);
	cr_assert_eq(wt_catalogue_format_signals(cat, "financiele", &b), 0);
	cr_assert(strstr(b.data, "3b") != NULL, "%s", b.data);
	wt_buf_reset(&b);
	cr_assert_eq(wt_catalogue_format_signals(cat, "2i", &b), 0);
	cr_assert(strstr(b.data, "2i.5") != NULL, "%s", b.data);
	wt_buf_reset(&b);
	cr_assert_eq(wt_catalogue_format_signals(cat, "xyzzy", &b), 0);
	cr_assert(strstr(b.data, "Geen signaal") != NULL);
	wt_buf_release(&b);
	wt_catalogue_free(cat);
}

Test(catalogue, word_matching)
{
	cr_assert(wt_text_has_word("Moeder maakt zich Zorgen.", "zorgen"));
	cr_assert(wt_text_has_word("Hij vertelde het", "verteld"));
	cr_assert_not(wt_text_has_word("onbezorgd", "bezorgd"));
	cr_assert(wt_text_has_word("Financiële problemen", "financiele"));
	cr_assert(wt_text_has_word("het zou kunnen dat", "zou kunnen"));
	cr_assert_not(wt_text_has_word(NULL, "x"));
	cr_assert_not(wt_text_has_word("x", ""));
}
