/* test_checklist.c: the onderbouwing checklist: scenario table, example requests, report, skeleton. */
#include <criterion/criterion.h>

#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalogue.h"
#include "core/checklist.h"
#include "core/verzoek.h"
#include "yaml/yaml_load.h"

#define SCENARIOS "tests/fixtures/checklist/*.yaml"
#define REQUESTS "requests/*.yaml"
#define LINE_MAX_LEN 512

static const wt_date today = {2026, 11, 28};
static wt_catalogue *cat;

/* Phrases that would mean the report takes the decision maker's judgement. */
static const char *const verdicts[] = {"moet worden opgelegd", "moet een huisverbod", "huisverbod opleggen",
				       "huisverbod wordt opgelegd", "huisverbod moet", "leg een huisverbod op",
				       "niet worden opgelegd", "geen huisverbod nodig", "is huisverbodwaardig",
				       "huisverbod is nodig", "huisverbod is gerechtvaardigd", NULL};

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

TestSuite(checklist, .init = setup, .fini = teardown);

/* Loads, parses and checks one file; fills text and json (caller releases) and returns the checklist. */
static wt_checklist *run_file(const char *path, wt_buf *text, wt_buf *json)
{
	wt_doc *doc = NULL;
	wt_verzoek *v = NULL;
	wt_findings problems;
	wt_checklist *cl = NULL;
	wt_error err;

	wt_error_clear(&err);
	wt_findings_init(&problems);
	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), 0, "%s: %s", path, err.message);
	wt_verzoek_parse(&v, doc, &problems, &err);
	cr_assert_not_null(v, "%s: no model", path);
	cr_assert_eq(wt_checklist_run(&cl, cat, v, &problems, today, &err), 0, "%s: %s", path, err.message);
	wt_buf_init(text, 0);
	wt_buf_init(json, 0);
	cr_assert_eq(wt_checklist_format_text(cl, path, text), 0);
	cr_assert_eq(wt_checklist_format_json(cl, json), 0);
	wt_verzoek_free(v);
	wt_findings_release(&problems);
	wt_doc_free(doc);
	return cl;
}

static void check_no_verdict(const char *path, const char *text)
{
	size_t i, j, n = strlen(text);
	char *low = malloc(n + 1);

	cr_assert_not_null(low);
	for (j = 0; j <= n; j++)
		low[j] = (char)tolower((unsigned char)text[j]);
	for (i = 0; verdicts[i] != NULL; i++)
		cr_expect_null(strstr(low, verdicts[i]), "%s: the report says '%s'", path, verdicts[i]);
	free(low);
}

static int has_finding(const wt_checklist *cl, const char *severity, const char *code, int by_field)
{
	const wt_findings *f = wt_checklist_findings(cl);
	wt_severity want = strcmp(severity, "blokkerend") == 0 ? WT_BLOKKEREND : WT_AANDACHTSPUNT;
	size_t i;

	for (i = 0; i < f->count; i++)
		if (f->items[i].severity == want &&
		    strcmp(by_field ? f->items[i].field : f->items[i].code, code) == 0)
			return 1;
	return 0;
}

static size_t count_severity(const wt_checklist *cl, wt_severity s)
{
	const wt_findings *f = wt_checklist_findings(cl);
	size_t i, n = 0;

	for (i = 0; i < f->count; i++)
		n += f->items[i].severity == s;
	return n;
}

/*
 * Checks one expectation line of a .verwacht file:
 *   meerderjarig|verblijf|gevaar: STATUS      blokkerend: N      aandachtspunten: N
 *   bevinding: blokkerend|aandachtspunt CODE  veld: blokkerend|aandachtspunt FIELD
 *   geen: CODE                                tekst: SUBSTRING of the text report
 */
static void check_expectation(const char *scenario, const char *line, const wt_checklist *cl, const char *text)
{
	char key[64], rest[LINE_MAX_LEN], sev[32], what[LINE_MAX_LEN];
	const char *colon = strchr(line, ':');
	size_t kl;

	cr_assert_not_null(colon, "%s: bad expectation line '%s'", scenario, line);
	kl = (size_t)(colon - line);
	cr_assert_lt(kl, sizeof(key));
	memcpy(key, line, kl);
	key[kl] = '\0';
	snprintf(rest, sizeof(rest), "%s", colon + 1 + strspn(colon + 1, " "));
	if (strcmp(key, "meerderjarig") == 0 || strcmp(key, "verblijf") == 0 || strcmp(key, "gevaar") == 0) {
		cr_expect_str_eq(wt_checklist_status_name(wt_checklist_status(cl, key)), rest, "%s: %s is %s, expected %s",
				 scenario, key, wt_checklist_status_name(wt_checklist_status(cl, key)), rest);
	} else if (strcmp(key, "blokkerend") == 0) {
		cr_expect_eq(wt_checklist_blocking(cl), strtoul(rest, NULL, 10), "%s: %zu blocking, expected %s\n%s",
			     scenario, wt_checklist_blocking(cl), rest, text);
	} else if (strcmp(key, "aandachtspunten") == 0) {
		cr_expect_eq(count_severity(cl, WT_AANDACHTSPUNT), strtoul(rest, NULL, 10),
			     "%s: %zu aandachtspunten, expected %s\n%s", scenario, count_severity(cl, WT_AANDACHTSPUNT),
			     rest, text);
	} else if (strcmp(key, "bevinding") == 0 || strcmp(key, "veld") == 0) {
		cr_assert_eq(sscanf(rest, "%31s %511s", sev, what), 2, "%s: bad line '%s'", scenario, line);
		cr_expect(has_finding(cl, sev, what, strcmp(key, "veld") == 0), "%s: no %s finding %s\n%s", scenario,
			  sev, what, text);
	} else if (strcmp(key, "geen") == 0) {
		cr_expect_null(wt_checklist_find(cl, rest), "%s: unexpected finding %s", scenario, rest);
	} else if (strcmp(key, "tekst") == 0) {
		cr_expect(strstr(text, rest) != NULL, "%s: report lacks '%s'\n%s", scenario, rest, text);
	} else {
		cr_assert_fail("%s: unknown expectation '%s'", scenario, key);
	}
}

Test(checklist, scenarios)
{
	glob_t g;
	size_t i, n_checked = 0;

	cr_assert_eq(glob(SCENARIOS, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		char exp_path[LINE_MAX_LEN], line[LINE_MAX_LEN];
		wt_buf text, json;
		wt_checklist *cl;
		FILE *f;

		snprintf(exp_path, sizeof(exp_path), "%.*s.verwacht", (int)(strlen(path) - 5), path);
		f = fopen(exp_path, "r");
		cr_assert_not_null(f, "scenario %s has no %s", path, exp_path);
		cl = run_file(path, &text, &json);
		while (fgets(line, sizeof(line), f) != NULL) {
			line[strcspn(line, "\r\n")] = '\0';
			if (line[0] == '\0' || line[0] == '#')
				continue;
			check_expectation(path, line, cl, text.data);
			n_checked++;
		}
		fclose(f);
		check_no_verdict(path, text.data);
		wt_checklist_free(cl);
		wt_buf_release(&text);
		wt_buf_release(&json);
	}
	cr_assert_geq(g.gl_pathc, 11, "expected at least 11 scenarios");
	cr_assert_gt(n_checked, 30);
	globfree(&g);
}

Test(checklist, example_requests_have_no_blocking_findings)
{
	glob_t g;
	size_t i;
	int rc = glob(REQUESTS, 0, NULL, &g);

	if (rc == GLOB_NOMATCH)
		cr_skip_test("no requests/*.yaml yet");
	cr_assert_eq(rc, 0);
	for (i = 0; i < g.gl_pathc; i++) {
		wt_buf text, json;
		wt_checklist *cl = run_file(g.gl_pathv[i], &text, &json);

		cr_expect_eq(wt_checklist_blocking(cl), 0, "%s has blocking findings:\n%s", g.gl_pathv[i], text.data);
		check_no_verdict(g.gl_pathv[i], text.data);
		wt_checklist_free(cl);
		wt_buf_release(&text);
		wt_buf_release(&json);
	}
	globfree(&g);
}

Test(checklist, report_layout)
{
	wt_buf text, json;
	wt_checklist *cl = run_file("tests/fixtures/checklist/codes_buiten_lijst.yaml", &text, &json);
	const char *crit = strstr(text.data, "De drie wettelijke criteria");
	const char *facts = strstr(text.data, "Feiten en omstandigheden uit de gesloten lijst");
	const char *find = strstr(text.data, "Bevindingen:");
	const char *ctx = strstr(text.data, "Context (geen wettelijke grond)");

	cr_assert(strstr(text.data, "codes_buiten_lijst.yaml") != NULL);
	cr_assert(crit && facts && find && ctx, "%s", text.data);
	cr_assert(crit < facts && facts < find && find < ctx);
	cr_assert(strstr(text.data, "BLOKKEREND  regel ") != NULL, "%s", text.data);
	cr_assert(strstr(text.data, "veld gevaar.signalen[") != NULL);
	cr_assert(strstr(text.data, "Wat helpt: ") != NULL);
	/* the facts with a valid code are grouped under their section and signal */
	cr_assert(strstr(text.data, "  2 Verloop van het incident\n    2c Lichamelijk geweld\n      2c.4 wurging") != NULL,
		  "%s", text.data);
	wt_checklist_free(cl);
	wt_buf_release(&text);
	wt_buf_release(&json);
}

Test(checklist, findings_are_ordered_blocking_first_then_by_line)
{
	wt_buf text, json;
	wt_checklist *cl = run_file("tests/fixtures/checklist/vormfouten.yaml", &text, &json);
	const wt_findings *f = wt_checklist_findings(cl);
	size_t i;

	cr_assert_gt(f->count, 2);
	for (i = 1; i < f->count; i++) {
		const wt_finding *a = &f->items[i - 1], *b = &f->items[i];
		cr_assert(a->severity <= b->severity, "blocking must come first");
		if (a->severity == b->severity)
			cr_assert(a->line <= b->line, "%s (line %d) before %s (line %d)", a->code, a->line, b->code, b->line);
	}
	wt_checklist_free(cl);
	wt_buf_release(&text);
	wt_buf_release(&json);
}

Test(checklist, json_has_the_spec_members)
{
	wt_buf text, json;
	wt_checklist *cl = run_file("tests/fixtures/checklist/sterk.yaml", &text, &json);

	cr_assert(strncmp(json.data, "{\"blokkerend\": 0, ", 18) == 0, "%s", json.data);
	cr_assert(strstr(json.data, "\"criteria\": {\"meerderjarig\": \"onderbouwd\", \"verblijf\": \"onderbouwd\", "
				    "\"gevaar\": \"onderbouwd\"}") != NULL, "%s", json.data);
	cr_assert(strstr(json.data, "\"bevindingen\": []") != NULL);
	cr_assert(strstr(json.data, "{\"sectie\": \"2\", \"signaal\": \"2c\", \"onderdeel\": \"2c.4\", \"naam\": "
				    "\"wurging\", \"datum\": \"2026-11-25\"") != NULL, "%s", json.data);
	cr_assert_null(strstr(json.data, "flauwviel"), "fact texts stay out of the JSON");
	wt_checklist_free(cl);
	wt_buf_release(&text);
	wt_buf_release(&json);
	cl = run_file("tests/fixtures/checklist/datum_toekomst.yaml", &text, &json);
	cr_assert(strstr(json.data, "{\"ernst\": \"blokkerend\", \"code\": \"datum_in_toekomst\", \"criterium\": "
				    "\"gevaar\", \"veld\": \"gevaar.signalen[") != NULL, "%s", json.data);
	cr_assert(strstr(json.data, "\"regel\": ") && strstr(json.data, "\"kolom\": ") &&
		  strstr(json.data, "\"melding\": ") && strstr(json.data, "\"hint\": "));
	wt_checklist_free(cl);
	wt_buf_release(&text);
	wt_buf_release(&json);
}

Test(checklist, nothing_readable_means_everything_is_missing)
{
	wt_checklist *cl = NULL;
	wt_error err;
	wt_buf text;

	cr_assert_eq(wt_checklist_run(&cl, cat, NULL, NULL, today, &err), 0);
	cr_assert_eq(wt_checklist_status(cl, "meerderjarig"), WT_ONTBREEKT);
	cr_assert_eq(wt_checklist_status(cl, "verblijf"), WT_ONTBREEKT);
	cr_assert_eq(wt_checklist_status(cl, "gevaar"), WT_ONTBREEKT);
	cr_assert_eq(wt_checklist_status(cl, "onzin"), WT_ONTBREEKT);
	cr_assert_eq(wt_checklist_blocking(cl), 3);
	wt_buf_init(&text, 0);
	cr_assert_eq(wt_checklist_format_text(cl, NULL, &text), 0);
	cr_assert(strstr(text.data, "ontbreekt") != NULL);
	wt_buf_release(&text);
	wt_checklist_free(cl);
	wt_checklist_free(NULL);
}

/* The problems a freshly written skeleton may have: only "missing or empty" ones. */
static int is_missing_kind(const char *code)
{
	return strstr(code, "ontbreekt") != NULL || strstr(code, "leeg") != NULL || strstr(code, "verplicht") != NULL ||
	       strstr(code, "te_weinig") != NULL || strstr(code, "minstens") != NULL;
}

Test(checklist, skeleton_loads_and_only_lacks_content)
{
	static const char *const cities[] = {NULL, "Rotterdam", "'s-Gravenhage"};
	size_t c, i;

	for (c = 0; c < sizeof(cities) / sizeof(cities[0]); c++) {
		wt_buf b;
		wt_doc *doc = NULL;
		wt_verzoek *v = NULL;
		wt_findings problems;
		wt_error err;

		wt_buf_init(&b, 0);
		wt_findings_init(&problems);
		cr_assert_eq(wt_skeleton_verzoek(&b, cities[c], cat), 0);
		cr_assert(strstr(b.data, "weegteam signals") != NULL);
		cr_assert(strstr(b.data, "20 signalen") != NULL);
		check_no_verdict("skeleton", b.data);
		cr_assert_eq(wt_yaml_load_buffer(&doc, "nieuw.yaml", b.data, b.len, &err), 0, "%s:%d: %s", err.file,
			     err.line, err.message);
		wt_verzoek_parse(&v, doc, &problems, &err);
		cr_assert_not_null(v);
		cr_assert_gt(problems.count, 0, "an empty skeleton cannot be complete");
		for (i = 0; i < problems.count; i++)
			cr_expect(is_missing_kind(problems.items[i].code), "skeleton problem %s at %s: %s",
				  problems.items[i].code, problems.items[i].field, problems.items[i].message);
		if (cities[c] != NULL)
			cr_assert_str_eq(v->gemeente.s, cities[c]);
		wt_verzoek_free(v);
		wt_findings_release(&problems);
		wt_doc_free(doc);
		wt_buf_release(&b);
	}
}

Test(checklist, status_names)
{
	cr_assert_str_eq(wt_checklist_status_name(WT_ONDERBOUWD), "onderbouwd");
	cr_assert_str_eq(wt_checklist_status_name(WT_ONVOLDOENDE), "onvoldoende");
	cr_assert_str_eq(wt_checklist_status_name(WT_ONTBREEKT), "ontbreekt");
}
