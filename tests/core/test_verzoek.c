/* test_verzoek.c: reading and form-checking verzoek files, the example requests, and wt_suggest. */
#include <criterion/criterion.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/verzoek.h"
#include "yaml/yaml_load.h"

#define FIX "tests/fixtures/verzoek/"

/* A parsed file: the document, the model, the problems, the return value and err. */
typedef struct parsed {
	wt_doc *doc;
	wt_verzoek *v;
	wt_findings problems;
	wt_error err;
	int rc;
} parsed;

static void parse_doc(parsed *p)
{
	wt_findings_init(&p->problems);
	p->v = NULL;
	p->rc = wt_verzoek_parse(&p->v, p->doc, &p->problems, &p->err);
	cr_assert_not_null(p->v, "no model: %s", p->err.message);
}

static void parse_file(parsed *p, const char *path)
{
	wt_error lerr;

	p->doc = NULL;
	cr_assert_eq(wt_yaml_load_file(&p->doc, path, &lerr), 0, "%s:%d:%d: %s", lerr.file, lerr.line, lerr.column,
		     lerr.message);
	parse_doc(p);
}

static void parse_text(parsed *p, const char *text)
{
	wt_error lerr;

	p->doc = NULL;
	cr_assert_eq(wt_yaml_load_buffer(&p->doc, "test.yaml", text, strlen(text), &lerr), 0, "%d:%d: %s", lerr.line,
		     lerr.column, lerr.message);
	parse_doc(p);
}

static void parsed_release(parsed *p)
{
	wt_verzoek_free(p->v);
	wt_findings_release(&p->problems);
	wt_doc_free(p->doc);
}

/* The text of a file (caller frees). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	wt_buf b;
	char chunk[4096];
	size_t n;

	cr_assert_not_null(f, "%s", path);
	wt_buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cr_assert_eq(wt_buf_add(&b, chunk, n), 0);
	fclose(f);
	return wt_buf_detach(&b);
}

static void dump(const parsed *p)
{
	size_t i;

	for (i = 0; i < p->problems.count; i++)
		fprintf(stderr, "  %s %s %d:%d [%s] %s | %s\n", p->problems.items[i].code, p->problems.items[i].field,
			p->problems.items[i].line, p->problems.items[i].column, p->problems.items[i].criterion,
			p->problems.items[i].message, p->problems.items[i].hint);
}

/* The problem with this field, or NULL. */
static const wt_finding *find(const parsed *p, const char *field)
{
	size_t i;

	for (i = 0; i < p->problems.count; i++)
		if (strcmp(p->problems.items[i].field, field) == 0)
			return &p->problems.items[i];
	return NULL;
}

static void expect_problem(const parsed *p, const char *code, const char *field, int line, int column,
			   const char *criterion)
{
	const wt_finding *f = find(p, field);

	if (f == NULL)
		dump(p);
	cr_assert_not_null(f, "no problem at %s", field);
	cr_expect_str_eq(f->code, code, "%s", field);
	cr_expect_eq(f->line, line, "%s line", field);
	cr_expect_eq(f->column, column, "%s column", field);
	cr_expect_str_eq(f->criterion, criterion, "%s criterion", field);
	cr_expect_eq(f->severity, WT_BLOKKEREND);
	cr_expect_gt(strlen(f->message), 10);
	cr_expect_gt(strlen(f->hint), 10);
}

/* Checks a fixture with exactly one problem, which err also holds. */
static void expect_single(const char *path, const char *code, const char *field, int line, int column,
			  const char *criterion)
{
	parsed p;

	parse_file(&p, path);
	if (p.problems.count != 1)
		dump(&p);
	cr_assert_eq(p.rc, -WT_EINPUT, "%s", path);
	cr_assert_eq(p.problems.count, 1, "%s: %zu problems", path, p.problems.count);
	expect_problem(&p, code, field, line, column, criterion);
	cr_assert_eq(p.err.code, WT_EINPUT);
	cr_assert_str_eq(p.err.key, code);
	cr_assert_str_eq(p.err.field, field);
	cr_assert_str_eq(p.err.file, path);
	cr_assert_eq(p.err.line, line);
	cr_assert_eq(p.err.column, column);
	parsed_release(&p);
}

Test(verzoek, every_example_request_parses_without_problems)
{
	glob_t g;
	size_t i;

	cr_assert_eq(glob("requests/*.yaml", 0, NULL, &g), 0, "no example requests");
	cr_assert_geq(g.gl_pathc, 4);
	for (i = 0; i < g.gl_pathc; i++) {
		parsed p;

		parse_file(&p, g.gl_pathv[i]);
		if (p.problems.count > 0)
			dump(&p);
		cr_expect_eq(p.rc, 0, "%s", g.gl_pathv[i]);
		cr_expect_eq(p.problems.count, 0, "%s: %zu problems", g.gl_pathv[i], p.problems.count);
		cr_expect_eq(p.v->versie, 1);
		cr_expect_geq(p.v->gevaar.n_signalen, 5, "%s", g.gl_pathv[i]);
		cr_expect_not_null(p.v->eerdere_hulpverlening.s);
		cr_expect_not_null(p.v->overwogen_alternatieven.s);
		parsed_release(&p);
	}
	globfree(&g);
}

Test(verzoek, example_requests_cover_the_four_cities)
{
	static const char *const files[][2] = {
		{"requests/rotterdam-partnergeweld.yaml", "partnergeweld"},
		{"requests/amsterdam-kindermishandeling.yaml", "kindermishandeling"},
		{"requests/den-haag-ex-partner.yaml", "ex-partnergeweld"},
		{"requests/utrecht-ouderenmishandeling.yaml", "ouderenmishandeling"},
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		parsed p;

		parse_file(&p, files[i][0]);
		cr_expect_eq(p.rc, 0, "%s", files[i][0]);
		cr_expect(wt_verzoek_has_aard(p.v, files[i][1]), "%s", files[i][0]);
		cr_expect_geq(wt_date_age(p.v->uithuis.geboortedatum.d, (wt_date){2026, 11, 28}), 18);
		parsed_release(&p);
	}
}

Test(verzoek, reads_the_model)
{
	parsed p;

	parse_file(&p, FIX "goed.yaml");
	cr_assert_eq(p.rc, 0);
	cr_assert_eq(p.problems.count, 0);
	cr_assert_str_eq(p.v->file, FIX "goed.yaml");
	cr_assert_str_eq(p.v->gemeente.s, "Rotterdam");
	cr_assert_eq(p.v->gemeente.line, 4);
	cr_assert_eq(p.v->gemeente.column, 11);
	cr_assert_str_eq(p.v->verzoeker.organisatie.s, "veilig-thuis");
	/* A plain number where text belongs is taken as its text. */
	cr_assert_str_eq(p.v->verzoeker.telefoon.s, "0101234567");
	cr_assert_null(p.v->verzoeker.email.s);
	cr_assert_eq(p.v->n_aard_geweld, 2);
	/* Enumerations are stored in their canonical spelling. */
	cr_assert_str_eq(p.v->aard_geweld[1].s, "kindermishandeling");
	cr_assert(wt_verzoek_has_aard(p.v, "partnergeweld"));
	cr_assert(!wt_verzoek_has_aard(p.v, "ouderenmishandeling"));
	cr_assert_eq(p.v->spoed, 1);
	cr_assert_eq(p.v->crisismelding_politie, 0);
	cr_assert_str_eq(p.v->woning.postcode.s, "3011 AA");
	cr_assert_eq(p.v->uithuis.line, 16);
	cr_assert_eq(p.v->uithuis.geboortedatum.set, 1);
	cr_assert_eq(p.v->uithuis.geboortedatum.d.year, 1985);
	cr_assert_eq(p.v->uithuis.geboortedatum.d.month, 3);
	cr_assert_eq(p.v->uithuis.geboortedatum.d.day, 2);
	cr_assert_eq(p.v->uithuis.geboortedatum.line, 18);
	cr_assert_str_eq(p.v->uithuis.feitelijk_verblijf.s, "dagelijks");
	cr_assert_null(p.v->uithuis.toelichting.s);
	cr_assert_eq(p.v->n_achterblijvers, 1);
	cr_assert_str_eq(p.v->achterblijvers[0].naam.s, "M. Jansen");
	cr_assert_eq(p.v->achterblijvers[0].geboortedatum.set, 0);
	cr_assert_eq(p.v->n_kinderen, 1);
	cr_assert_str_eq(p.v->kinderen[0].initialen.s, "A.J.");
	cr_assert_eq(p.v->gevaar.n_signalen, 1);
	cr_assert_str_eq(p.v->gevaar.signalen[0].code.s, "2c.4");
	cr_assert_eq(p.v->gevaar.signalen[0].line, 31);
	cr_assert_eq(p.v->gevaar.signalen[0].column, 7);
	cr_assert_eq(p.v->gevaar.signalen[0].datum.set, 1);
	cr_assert_eq(p.v->gevaar.signalen[0].datum.line, 34);
	cr_assert_null(p.v->bijzonderheden.s);
	parsed_release(&p);
}

Test(verzoek, missing_required_field)
{
	expect_single(FIX "ontbrekend_veld.yaml", "veld_ontbreekt", "verzoeker.telefoon", 5, 1, "");
}

Test(verzoek, misspelt_key_gets_a_suggestion)
{
	parsed p;
	const wt_finding *f;

	parse_file(&p, FIX "tikfout.yaml");
	cr_assert_eq(p.rc, -WT_EINPUT);
	cr_assert_eq(p.problems.count, 2);
	expect_problem(&p, "onbekend_veld", "beoogd_uithuisgeplaatste.geboortdatum", 18, 3, "");
	f = find(&p, "beoogd_uithuisgeplaatste.geboortdatum");
	cr_assert(strstr(f->message, "Bedoelde u 'geboortedatum'?") != NULL, "%s", f->message);
	cr_assert(strstr(f->hint, "geboortedatum") != NULL, "%s", f->hint);
	/* The real field is then missing: criterion (i) cannot be checked. */
	expect_problem(&p, "veld_ontbreekt", "beoogd_uithuisgeplaatste.geboortedatum", 16, 1, "meerderjarig");
	/* err holds the first problem: the unknown key. */
	cr_assert_str_eq(p.err.key, "onbekend_veld");
	cr_assert_eq(p.err.line, 18);
	cr_assert_eq(p.err.column, 3);
	cr_assert(strstr(p.err.message, "Bedoelde u 'geboortedatum'?") != NULL);
	parsed_release(&p);
}

Test(verzoek, bad_enumeration_value)
{
	parsed p;

	expect_single(FIX "ongeldige_waarde.yaml", "ongeldige_waarde", "beoogd_uithuisgeplaatste.verblijf.feitelijk_verblijf",
		      22, 25, "verblijf");
	parse_file(&p, FIX "ongeldige_waarde.yaml");
	cr_assert(strstr(p.problems.items[0].message, "'soms'") != NULL);
	cr_assert(strstr(p.problems.items[0].hint, "meerdere-dagen-per-week") != NULL);
	cr_assert_null(p.v->uithuis.feitelijk_verblijf.s);
	parsed_release(&p);
}

Test(verzoek, impossible_date)
{
	parsed p;

	expect_single(FIX "onmogelijke_datum.yaml", "ongeldige_datum", "beoogd_uithuisgeplaatste.geboortedatum", 18, 18,
		      "meerderjarig");
	parse_file(&p, FIX "onmogelijke_datum.yaml");
	/* Present but invalid: line set, value not. The date itself is not repeated in the message. */
	cr_assert_eq(p.v->uithuis.geboortedatum.set, 0);
	cr_assert_eq(p.v->uithuis.geboortedatum.line, 18);
	cr_assert(strstr(p.problems.items[0].message, "1985") == NULL);
	cr_assert(strstr(p.problems.items[0].hint, "JJJJ-MM-DD") != NULL);
	parsed_release(&p);
}

Test(verzoek, wrong_type)
{
	parsed p;

	expect_single(FIX "verkeerd_type.yaml", "verkeerd_type", "gevaar.signalen[0].bron", 33, 13, "gevaar");
	parse_file(&p, FIX "verkeerd_type.yaml");
	cr_assert(strstr(p.problems.items[0].message, "lijst") != NULL, "%s", p.problems.items[0].message);
	cr_assert_null(p.v->gevaar.signalen[0].bron.s);
	parsed_release(&p);
}

Test(verzoek, unknown_organisation)
{
	parsed p;

	expect_single(FIX "onbekende_organisatie.yaml", "onbekende_organisatie", "verzoeker.organisatie", 6, 16, "");
	parse_file(&p, FIX "onbekende_organisatie.yaml");
	cr_assert(strstr(p.problems.items[0].hint, "raad-voor-de-kinderbescherming") != NULL);
	parsed_release(&p);
}

Test(verzoek, signal_without_fact_source_or_date_is_left_to_the_checklist)
{
	parsed p;

	parse_file(&p, FIX "signaal_zonder_feit.yaml");
	if (p.problems.count > 0)
		dump(&p);
	cr_assert_eq(p.rc, 0);
	cr_assert_eq(p.problems.count, 0);
	cr_assert_eq(p.v->gevaar.n_signalen, 1);
	cr_assert_null(p.v->gevaar.signalen[0].feiten.s);
	cr_assert_null(p.v->gevaar.signalen[0].bron.s);
	cr_assert_eq(p.v->gevaar.signalen[0].datum.set, 0);
	cr_assert_eq(p.v->gevaar.signalen[0].datum.line, 0);
	parsed_release(&p);
}

Test(verzoek, collects_all_problems)
{
	static const struct {
		const char *code, *field, *criterion;
		int line, column;
	} want[] = {
		{"onbekend_veld", "extra_info", "", 31, 1},
		{"onbekende_versie", "versie", "", 3, 9},
		{"verkeerd_type", "gemeente", "", 4, 11},
		{"onbekend_veld", "verzoeker.telefon", "", 8, 3},
		{"onbekende_organisatie", "verzoeker.organisatie", "", 6, 16},
		{"veld_ontbreekt", "verzoeker.telefoon", "", 5, 1},
		{"verkeerd_type", "aard_geweld", "", 9, 14},
		{"ongeldige_waarde", "spoed", "", 10, 8},
		{"veld_ontbreekt", "woning.postcode", "", 11, 1},
		{"ongeldige_datum", "beoogd_uithuisgeplaatste.geboortedatum", "meerderjarig", 16, 18},
		{"ongeldige_waarde", "beoogd_uithuisgeplaatste.relatie", "", 17, 12},
		{"lijst_leeg", "achterblijvers", "", 18, 17},
		{"onbekend_veld", "kinderen[0].naam", "", 22, 5},
		{"veld_ontbreekt", "gevaar.samenvatting", "gevaar", 23, 1},
		{"ongeldige_datum", "gevaar.signalen[0].datum", "gevaar", 27, 14},
		{"veld_ontbreekt", "gevaar.signalen[1].code", "gevaar", 28, 7},
		{"ongeldige_datum", "gevaar.signalen[1].datum", "gevaar", 29, 14},
	};
	parsed p;
	size_t i;

	parse_file(&p, FIX "veel_fouten.yaml");
	cr_assert_eq(p.rc, -WT_EINPUT);
	if (p.problems.count != sizeof(want) / sizeof(want[0]))
		dump(&p);
	cr_assert_eq(p.problems.count, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect_problem(&p, want[i].code, want[i].field, want[i].line, want[i].column, want[i].criterion);
	cr_assert(strstr(find(&p, "verzoeker.telefon")->message, "Bedoelde u 'telefoon'?") != NULL);
	cr_assert(strstr(find(&p, "verzoeker.organisatie")->message, "Bedoelde u 'veilig-thuis'?") != NULL);
	cr_assert_str_eq(p.err.key, p.problems.items[0].code);
	cr_assert_str_eq(p.err.field, p.problems.items[0].field);
	cr_assert_eq(p.err.line, p.problems.items[0].line);
	/* The best-effort model keeps what was right. */
	cr_assert_str_eq(p.v->verzoeker.naam.s, "J. de Vries");
	cr_assert_null(p.v->gemeente.s);
	cr_assert_eq(p.v->n_aard_geweld, 0);
	cr_assert_eq(p.v->gevaar.n_signalen, 2);
	cr_assert_str_eq(p.v->gevaar.signalen[1].feiten.s, "Nog een feit zonder code.");
	parsed_release(&p);
}

Test(verzoek, too_long_text)
{
	char *base = slurp(FIX "goed.yaml");
	const char *at = strstr(base, "M. Jansen vertelde");
	wt_buf b;
	parsed p;
	size_t i;

	cr_assert_not_null(at);
	wt_buf_init(&b, 0);
	cr_assert_eq(wt_buf_add(&b, base, (size_t)(at - base)), 0);
	for (i = 0; i <= WT_VERZOEK_MAX_TEXT; i++)
		cr_assert_eq(wt_buf_addch(&b, 'x'), 0);
	cr_assert_eq(wt_buf_addstr(&b, at), 0);
	parse_text(&p, b.data);
	if (p.problems.count != 1)
		dump(&p);
	cr_assert_eq(p.problems.count, 1);
	expect_problem(&p, "te_lang", "gevaar.signalen[0].feiten", 32, 15, "gevaar");
	cr_assert(strstr(p.problems.items[0].message, "xxxxxxxx") == NULL, "the text is not echoed");
	cr_assert(strlen(p.problems.items[0].message) < 200);
	cr_assert_null(p.v->gevaar.signalen[0].feiten.s);
	parsed_release(&p);
	wt_buf_release(&b);
	free(base);
}

/* The limit is in bytes (README "Limits"), and the message says so: 10,001 x "é" is 20,002
 * bytes, not 20,002 "tekens". */
Test(verzoek, too_long_text_is_counted_in_bytes)
{
	char *base = slurp(FIX "goed.yaml");
	const char *at = strstr(base, "M. Jansen vertelde");
	const char *eol = strchr(at, '\n');
	wt_buf b;
	parsed p;
	size_t i;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_buf_add(&b, base, (size_t)(at - base)), 0);
	for (i = 0; i < WT_VERZOEK_MAX_TEXT / 2 + 1; i++)
		cr_assert_eq(wt_buf_addstr(&b, "\xC3\xA9"), 0);
	cr_assert_eq(wt_buf_addstr(&b, eol), 0);
	parse_text(&p, b.data);
	cr_assert_eq(p.problems.count, 1);
	expect_problem(&p, "te_lang", "gevaar.signalen[0].feiten", 32, 15, "gevaar");
	cr_expect(strstr(p.problems.items[0].message, "20002 bytes, hoogstens 20000") != NULL, "%s",
		  p.problems.items[0].message);
	cr_expect(strstr(p.problems.items[0].message, "tekens") == NULL, "%s", p.problems.items[0].message);
	parsed_release(&p);
	wt_buf_release(&b);
	free(base);
}

Test(verzoek, text_at_the_limit_is_accepted)
{
	char *base = slurp(FIX "goed.yaml");
	const char *at = strstr(base, "M. Jansen vertelde");
	const char *eol = strchr(at, '\n');
	wt_buf b;
	parsed p;
	size_t i;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_buf_add(&b, base, (size_t)(at - base)), 0);
	for (i = 0; i < WT_VERZOEK_MAX_TEXT; i++)
		cr_assert_eq(wt_buf_addch(&b, 'x'), 0);
	cr_assert_eq(wt_buf_addstr(&b, eol), 0);
	parse_text(&p, b.data);
	cr_assert_eq(p.problems.count, 0);
	cr_assert_eq(strlen(p.v->gevaar.signalen[0].feiten.s), WT_VERZOEK_MAX_TEXT);
	parsed_release(&p);
	wt_buf_release(&b);
	free(base);
}

Test(verzoek, too_many_list_items)
{
	char *base = slurp(FIX "goed.yaml");
	const char *at = strstr(base, "kinderen:");
	wt_buf b;
	parsed p;
	size_t i;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_buf_add(&b, base, (size_t)(at - base)), 0);
	for (i = 0; i < WT_VERZOEK_MAX_LIST; i++)
		cr_assert_eq(wt_buf_printf(&b, "  - naam: Persoon %zu\n", i), 0);
	cr_assert_eq(wt_buf_addstr(&b, at), 0);
	parse_text(&p, b.data);
	cr_assert_eq(p.problems.count, 1);
	expect_problem(&p, "te_veel_items", "achterblijvers", 24, 3, "");
	cr_assert_eq(p.v->n_achterblijvers, WT_VERZOEK_MAX_LIST);
	parsed_release(&p);
	wt_buf_release(&b);
	free(base);
}

Test(verzoek, problem_count_is_capped)
{
	wt_buf b;
	parsed p;
	size_t i;

	wt_buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		cr_assert_eq(wt_buf_printf(&b, "onzin_%zu: 1\n", i), 0);
	parse_text(&p, b.data);
	cr_assert_lt(p.problems.count, 120);
	cr_assert_str_eq(p.problems.items[p.problems.count - 1].code, "te_veel_problemen");
	parsed_release(&p);
	wt_buf_release(&b);
}

Test(verzoek, wrong_soort_and_versie)
{
	parsed p;

	parse_text(&p, "soort: beoordeling\nversie: \"1\"\n");
	expect_problem(&p, "verkeerde_soort", "soort", 1, 8, "");
	cr_assert_null(find(&p, "versie"), "versie \"1\" is accepted");
	cr_assert_eq(p.v->versie, 1);
	expect_problem(&p, "veld_ontbreekt", "gemeente", 1, 1, "");
	expect_problem(&p, "veld_ontbreekt", "beoogd_uithuisgeplaatste", 1, 1, "");
	expect_problem(&p, "veld_ontbreekt", "gevaar", 1, 1, "gevaar");
	parsed_release(&p);
	parse_text(&p, "soort: verzoek-tijdelijk-huisverbod\nversie: een\n");
	expect_problem(&p, "onbekende_versie", "versie", 2, 9, "");
	parsed_release(&p);
}

Test(verzoek, empty_or_non_map_document)
{
	parsed p;

	parse_text(&p, "~\n");
	cr_assert_eq(p.rc, -WT_EINPUT);
	cr_assert_eq(p.problems.count, 1);
	cr_assert(strstr(p.problems.items[0].code, "leeg") != NULL);
	parsed_release(&p);
	p.doc = wt_doc_new("leeg.yaml");
	cr_assert_not_null(p.doc);
	parse_doc(&p);
	cr_assert_eq(p.rc, -WT_EINPUT);
	cr_assert_str_eq(p.err.file, "leeg.yaml");
	cr_assert(strstr(p.err.key, "leeg") != NULL);
	parsed_release(&p);
	parse_text(&p, "- soort: verzoek-tijdelijk-huisverbod\n");
	cr_assert_eq(p.problems.count, 1);
	expect_problem(&p, "verkeerd_type", "", 1, 1, "");
	parsed_release(&p);
}

Test(verzoek, empty_required_values)
{
	parsed p;
	char *base = slurp(FIX "goed.yaml");
	char *at = strstr(base, "naam: J. de Vries");
	wt_buf b;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_buf_add(&b, base, (size_t)(at - base)), 0);
	cr_assert_eq(wt_buf_addstr(&b, "naam: \"  \"\n  email:\n"), 0);
	cr_assert_eq(wt_buf_addstr(&b, strchr(at, '\n') + 1), 0);
	parse_text(&p, b.data);
	cr_assert_eq(p.problems.count, 1);
	expect_problem(&p, "veld_leeg", "verzoeker.naam", 7, 9, "");
	cr_assert_null(p.v->verzoeker.email.s, "an empty optional field is absent");
	parsed_release(&p);
	wt_buf_release(&b);
	free(base);
}

Test(verzoek, booleans_accept_ja_and_nee)
{
	parsed p;

	parse_text(&p, "spoed: Nee\ncrisismelding_politie: JA\n");
	cr_assert_null(find(&p, "spoed"));
	cr_assert_null(find(&p, "crisismelding_politie"));
	cr_assert_eq(p.v->spoed, 0);
	cr_assert_eq(p.v->crisismelding_politie, 1);
	parsed_release(&p);
	parse_text(&p, "spoed: [true]\n");
	expect_problem(&p, "verkeerd_type", "spoed", 1, 8, "");
	parsed_release(&p);
}

Test(verzoek, null_and_free)
{
	wt_verzoek *v = NULL;
	wt_findings f;
	wt_error err;

	wt_verzoek_free(NULL);
	cr_assert_eq(wt_verzoek_has_aard(NULL, "overig"), 0);
	wt_findings_init(&f);
	cr_assert_eq(wt_verzoek_parse(&v, NULL, &f, &err), -WT_EINPUT);
	cr_assert_not_null(v);
	cr_assert_eq(f.count, 1);
	wt_verzoek_free(v);
	wt_findings_release(&f);
	/* problems may be NULL: err still reports the first. */
	cr_assert_eq(wt_verzoek_parse(&v, NULL, NULL, &err), -WT_EINPUT);
	cr_assert_eq(err.code, WT_EINPUT);
	wt_verzoek_free(v);
}

Test(verzoek, enumerations_are_complete)
{
	size_t n;

	for (n = 0; wt_verzoek_organisaties[n] != NULL; n++)
		;
	cr_assert_eq(n, 7);
	for (n = 0; wt_verzoek_aarden[n] != NULL; n++)
		;
	cr_assert_eq(n, 6);
	for (n = 0; wt_verzoek_relaties[n] != NULL; n++)
		;
	cr_assert_eq(n, 7);
}

Test(suggest, finds_close_keys)
{
	static const char *const keys[] = {"naam", "geboortedatum", "relatie", "verblijf", "telefoon", NULL};

	cr_assert_str_eq(wt_suggest("geboortdatum", keys), "geboortedatum");
	cr_assert_str_eq(wt_suggest("geboortedatm", keys), "geboortedatum");
	cr_assert_str_eq(wt_suggest("gebortedatun", keys), "geboortedatum");
	cr_assert_str_eq(wt_suggest("telefon", keys), "telefoon");
	cr_assert_str_eq(wt_suggest("realtie", keys), "relatie"); /* swapped letters count once */
	cr_assert_str_eq(wt_suggest("Naam", keys), "naam");
	cr_assert_str_eq(wt_suggest("nam", keys), "naam");
}

Test(suggest, refuses_far_words)
{
	static const char *const keys[] = {"naam", "geboortedatum", "relatie", NULL};

	cr_assert_null(wt_suggest("adres", keys));
	cr_assert_null(wt_suggest("nm", keys));    /* short keys allow only one edit */
	cr_assert_null(wt_suggest("gbrtedatum", keys));
	cr_assert_null(wt_suggest("", keys));
	cr_assert_null(wt_suggest(NULL, keys));
	cr_assert_null(wt_suggest("naam", NULL));
	cr_assert_null(wt_suggest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", keys));
}
