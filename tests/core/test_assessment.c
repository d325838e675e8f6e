/* test_assessment.c: beoordeling files: valid ones, every refusal, and the side-by-side summary. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assessment.h"
#include "core/catalogue.h"
#include "yaml/yaml_load.h"

#define FIX "tests/fixtures/assessment/"

static wt_catalogue *cat;

static void setup(void)
{
	wt_doc *doc = NULL;
	wt_error err;

	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_file(&doc, "workflows/criteria.yaml", &err), 0, "%s", err.message);
	cr_assert_eq(wt_catalogue_parse(&cat, doc, &err), 0, "%s", err.message);
	wt_doc_free(doc);
}

static void teardown(void)
{
	wt_catalogue_free(cat);
	cat = NULL;
}

static int load(const char *name, wt_assessment **out, wt_error *err)
{
	char path[256];
	wt_doc *doc = NULL;
	int rc;

	snprintf(path, sizeof(path), FIX "%s", name);
	wt_error_clear(err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, err), 0, "%s: %s", path, err->message);
	rc = wt_assessment_parse(out, doc, cat, err);
	wt_doc_free(doc);
	return rc;
}

static wt_rating rating(const wt_assessment *a, const char *code)
{
	long i = wt_catalogue_signal_index(cat, code);

	cr_assert_geq(i, 0);
	return a->ratings[i];
}

TestSuite(assessment, .init = setup, .fini = teardown);

Test(assessment, reads_valid_file)
{
	wt_assessment *a = NULL;
	wt_error err;

	cr_assert_eq(load("geldig.yaml", &a, &err), 0, "%s", err.message);
	cr_assert_eq(a->n_ratings, 20);
	cr_assert_eq(rating(a, "2a"), WT_RATING_ROOD);
	cr_assert_eq(rating(a, "1c"), WT_RATING_BLAUW);
	cr_assert_eq(rating(a, "3b"), WT_RATING_GEEL);
	cr_assert_eq(rating(a, "2b"), WT_RATING_NONE);
	cr_assert_str_eq(a->meerderjarig, "ja");
	cr_assert_str_eq(a->gevaar, "ernstig-vermoeden");
	cr_assert_str_eq(a->conclusie, "huisverbodwaardig");
	cr_assert(strstr(a->toelichting, "25 november") != NULL);
	cr_assert_eq(wt_assessment_red_count(a, cat, 0), 0);
	cr_assert_eq(wt_assessment_red_count(a, cat, 1), 3);
	cr_assert_eq(wt_assessment_red_count(a, cat, 2), 0);
	wt_assessment_free(a);
}

Test(assessment, accepts_empty_ratings)
{
	wt_assessment *a = NULL;
	wt_error err;

	cr_assert_eq(load("leeg_signalen.yaml", &a, &err), 0, "%s", err.message);
	cr_assert_eq(wt_assessment_red_count(a, cat, 1), 0);
	wt_assessment_free(a);
	wt_assessment_free(NULL);
}

/* Every refusal: fixture, error key, field, line. */
static const struct refusal {
	const char *file;
	const char *key;
	const char *field;
	int line;
} refusals[] = {
	{"onbekend_veld.yaml", "onbekend_veld", "toelichtng", 7},
	{"onderdeel.yaml", "onderdeel_in_plaats_van_signaal", "signalen.2c.4", 5},
	{"onbekend_signaal.yaml", "onbekend_signaal", "signalen.2z", 4},
	{"waardering.yaml", "ongeldige_waardering", "signalen.2a", 4},
	{"criterium.yaml", "ongeldige_waarde", "criteria.meerderjarig", 6},
	{"gevaar.yaml", "ongeldige_waarde", "criteria.gevaar", 8},
	{"criterium_ontbreekt.yaml", "ontbreekt", "criteria.verblijf", 6},
	{"conclusie.yaml", "ongeldige_waarde", "conclusie", 6},
	{"zonder_toelichting.yaml", "ontbreekt", "toelichting", 1},
	{"verkeerde_soort.yaml", "verkeerde_soort", "soort", 1},
	{"versie.yaml", "onbekende_versie", "versie", 2},
	{"criteria_extra.yaml", "onbekend_veld", "criteria.woning", 4},
};

Test(assessment, refuses_every_bad_file)
{
	size_t i;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		wt_assessment *a = NULL;
		wt_error err;
		int rc = load(r->file, &a, &err);

		cr_assert_eq(rc, -WT_EINPUT, "%s: accepted", r->file);
		cr_assert_null(a);
		cr_assert_str_eq(err.key, r->key, "%s: key %s", r->file, err.key);
		cr_assert_str_eq(err.field, r->field, "%s: field %s", r->file, err.field);
		cr_assert_eq(err.line, r->line, "%s: line %d", r->file, err.line);
		cr_assert(strstr(err.file, r->file) != NULL, "%s: file %s", r->file, err.file);
		cr_assert_gt(strlen(err.message), 10);
	}
}

Test(assessment, item_code_refusal_names_the_signal)
{
	wt_assessment *a = NULL;
	wt_error err;

	cr_assert_eq(load("onderdeel.yaml", &a, &err), -WT_EINPUT);
	cr_assert(strstr(err.message, "'2c'") != NULL, "%s", err.message);
}

Test(assessment, summary_counts_red_and_shows_disagreement)
{
	wt_assessment *a = NULL, *b = NULL;
	const wt_assessment *list[2];
	const char *labels[2] = {"politie", "veilig-thuis"};
	wt_error err;
	wt_buf out;

	cr_assert_eq(load("geldig.yaml", &a, &err), 0);
	cr_assert_eq(load("tweede.yaml", &b, &err), 0);
	list[0] = a;
	list[1] = b;
	wt_buf_init(&out, 0);
	cr_assert_eq(wt_assessment_summary_text(cat, list, labels, 2, &out), 0);
	/* red per section: politie 0 / 3 / 0, veilig-thuis 2 / 1 / 0 */
	cr_assert(strstr(out.data, "1 Persoon") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "[1] 0  [2] 2*") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "[1] 3*  [2] 1") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "in beginsel op een huisverbod; het oordeel blijft bij de beslisser") != NULL);
	/* disagreements */
	cr_assert(strstr(out.data, "signaal 2c (Lichamelijk geweld): politie rood, veilig-thuis blauw") != NULL, "%s",
		  out.data);
	cr_assert(strstr(out.data, "signaal 2i (Aanwezigheid van kinderen): politie rood, veilig-thuis niet gewaardeerd") !=
		  NULL);
	cr_assert(strstr(out.data, "criterium verblijf: politie ja, veilig-thuis twijfel") != NULL);
	cr_assert(strstr(out.data, "conclusie: politie huisverbodwaardig, veilig-thuis meer-informatie-nodig") != NULL);
	cr_assert_null(strstr(out.data, "signaal 2a ("), "2a is rated rood by both");
	cr_assert_null(strstr(out.data, "criterium meerderjarig"));
	cr_assert_null(strstr(out.data, "moet worden opgelegd"));
	wt_buf_release(&out);
	wt_assessment_free(a);
	wt_assessment_free(b);
}

Test(assessment, summary_of_agreeing_and_of_none)
{
	wt_assessment *a = NULL;
	const wt_assessment *list[2];
	wt_error err;
	wt_buf out;

	cr_assert_eq(load("geldig.yaml", &a, &err), 0);
	list[0] = a;
	list[1] = a;
	wt_buf_init(&out, 0);
	cr_assert_eq(wt_assessment_summary_text(cat, list, NULL, 2, &out), 0);
	cr_assert(strstr(out.data, "beoordelaar 2") != NULL);
	cr_assert(strstr(out.data, "de beoordelaars zijn het over alles eens") != NULL, "%s", out.data);
	wt_buf_reset(&out);
	cr_assert_eq(wt_assessment_summary_text(cat, list, NULL, 0, &out), 0);
	cr_assert(strstr(out.data, "Nog geen beoordelingen") != NULL);
	wt_buf_release(&out);
	wt_assessment_free(a);
}

Test(assessment, summary_json)
{
	wt_assessment *a = NULL, *b = NULL;
	const wt_assessment *list[2];
	const char *labels[2] = {"politie", "veilig \"thuis\""};
	wt_error err;
	wt_buf out;

	cr_assert_eq(load("geldig.yaml", &a, &err), 0);
	cr_assert_eq(load("tweede.yaml", &b, &err), 0);
	list[0] = a;
	list[1] = b;
	wt_buf_init(&out, 0);
	cr_assert_eq(wt_assessment_summary_json(cat, list, labels, 2, &out), 0);
	cr_assert(strstr(out.data, "\"beoordelaars\": [\"politie\", \"veilig \\\"thuis\\\"\"]") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "{\"code\": \"2c\", \"naam\": \"Lichamelijk geweld\", \"waarderingen\": [\"rood\", "
				   "\"blauw\"], \"verschil\": true}") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "\"waarderingen\": [\"rood\", null]") != NULL);
	cr_assert(strstr(out.data, "\"aantallen\": [3, 1], \"vuistregel_bereikt\": [true, false]") != NULL, "%s",
		  out.data);
	cr_assert(strstr(out.data, "\"conclusies\": [\"huisverbodwaardig\", \"meer-informatie-nodig\"]") != NULL);
	cr_assert(out.data[out.len - 1] == '}');
	wt_buf_release(&out);
	wt_assessment_free(a);
	wt_assessment_free(b);
}

/* The limit of the toelichting is in bytes, and the message says so (not "tekens"). */
Test(assessment, too_long_toelichting_is_counted_in_bytes)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);
	wt_assessment *a = NULL;
	wt_doc *doc = NULL;
	wt_error err;

	cr_assert_not_null(f);
	fputs("soort: beoordeling\nversie: 1\nsignalen: {}\ncriteria:\n  meerderjarig: ja\n"
	      "  verblijf: ja\n  gevaar: ernstig-vermoeden\nconclusie: huisverbodwaardig\ntoelichting: \"",
	      f);
	for (i = 0; i < WT_ASSESSMENT_MAX_TEXT / 2 + 1; i++)
		fputs("\xC3\xA9", f);
	fputs("\"\n", f);
	fclose(f);
	wt_error_clear(&err);
	cr_assert_eq(wt_yaml_load_buffer(&doc, "b.yaml", text, len, &err), 0, "%s", err.message);
	cr_assert_eq(wt_assessment_parse(&a, doc, cat, &err), -WT_EINPUT);
	cr_expect_str_eq(err.key, "te_lang", "%s", err.message);
	cr_expect(strstr(err.message, "20000 bytes") != NULL, "%s", err.message);
	cr_expect(strstr(err.message, "tekens") == NULL, "%s", err.message);
	wt_doc_free(doc);
	free(text);
}
