/* test_workflow.c: workflow definitions: the bad fixtures one rule each, the shipped cities, text and dot. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/workflow.h"
#include "yaml/yaml_load.h"

#define FIX "tests/fixtures/workflow/"
#define MAX_SHIPPED 16

/* Loads and parses a file; returns the parse result (the load itself must succeed). */
static int load(const char *path, wt_workflow **wf, wt_error *err)
{
	wt_doc *doc = NULL;
	int rc;

	*wf = NULL;
	wt_error_clear(err);
	cr_assert_eq(wt_yaml_load_file(&doc, path, err), 0, "%s: %s", path, err->message);
	rc = wt_workflow_parse(wf, doc, err);
	wt_doc_free(doc);
	return rc;
}

static wt_workflow *load_ok(const char *path)
{
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(load(path, &wf, &err), 0, "%s: %s (regel %d, veld %s)", path, err.message, err.line,
		     err.field);
	return wf;
}

/* Joins a list with commas into out. */
static void join(char *const *list, size_t n, char *out, size_t size)
{
	wt_buf b;
	size_t i;

	wt_buf_init(&b, 0);
	for (i = 0; i < n; i++)
		wt_buf_printf(&b, "%s%s", i ? "," : "", list[i]);
	snprintf(out, size, "%s", b.data ? b.data : "");
	wt_buf_release(&b);
}

Test(workflow, loads_the_good_fixture_and_looks_things_up)
{
	wt_workflow *wf = load_ok(FIX "goed.yaml");
	const wt_wf_action *a;

	cr_assert_str_eq(wf->file, FIX "goed.yaml");
	cr_assert_eq(wf->versie, 1);
	cr_assert_str_eq(wf->gemeente, "proefstad");
	cr_assert_str_eq(wf->code, "PRF");
	cr_assert_str_eq(wf->definitie_versie, "2026.1");
	cr_assert_str_eq(wf->begin, "weegteam");
	cr_assert_eq(wf->n_quorum, 2);
	cr_assert_eq(wf->n_rollen, 4);
	cr_assert_eq(wf->n_states, 5);
	cr_assert_eq(wf->n_actions, 7);
	cr_assert(wt_workflow_matches(wf, "Proefstad"));
	cr_assert(wt_workflow_matches(wf, "  proefSTAD\t"));
	cr_assert(wt_workflow_matches(wf, "'S-PROEFSTAD"));
	cr_assert(wt_workflow_matches(wf, "proefstad"));
	cr_assert_not(wt_workflow_matches(wf, "Proefstad-Noord"));
	cr_assert_not(wt_workflow_matches(wf, ""));
	cr_assert_not(wt_workflow_matches(wf, NULL));
	cr_assert(wt_workflow_accepts(wf, "jeugdbescherming"));
	cr_assert_not(wt_workflow_accepts(wf, "wijkteam"));
	cr_assert_not(wt_workflow_accepts(wf, NULL));
	cr_assert_eq(wt_workflow_state(wf, "weegteam")->termijn.workdays, 3);
	cr_assert_eq(wt_workflow_state(wf, "weegteam")->termijn_spoed.hours, 24);
	cr_assert(wt_workflow_state(wf, "weegteam")->lokale_afspraak);
	cr_assert_eq(wt_workflow_state(wf, "opgelegd")->termijn.hours, 240);
	cr_assert_not(wt_workflow_state(wf, "opgelegd")->lokale_afspraak);
	cr_assert(wt_workflow_state(wf, "afgelopen")->terminal);
	cr_assert_null(wt_workflow_state(wf, "nergens"));
	cr_assert_null(wt_workflow_state(wf, NULL));
	cr_assert_eq(wt_workflow_role(wf, "verzoeker")->inzage, WT_INZAGE_EIGEN);
	cr_assert_eq(wt_workflow_role(wf, "zorg")->inzage, WT_INZAGE_ORGANISATIE);
	cr_assert_eq(wt_workflow_role(wf, "hulpofficier")->inzage, WT_INZAGE_ALLE);
	cr_assert_str_eq(wt_workflow_role(wf, "politie")->organisatie, "Politie Proefstad");
	cr_assert_null(wt_workflow_role(wf, "burgemeester"));
	a = wt_workflow_action(wf, "beoordelen");
	cr_assert_eq(a->vereist, WT_VEREIST_BESTAND);
	cr_assert_str_eq(a->bestand, "beoordeling");
	cr_assert_eq(a->n_voorwaarden, 2);
	cr_assert_eq(a->line, 53);
	cr_assert_eq(a->column, 3);
	a = wt_workflow_action(wf, "opleggen");
	cr_assert_str_eq(a->namens, "burgemeester");
	cr_assert_eq(wt_workflow_action(wf, "aflopen")->vereist, 0u);
	cr_assert_null(wt_workflow_action(wf, "indienen"));
	wt_workflow_free(wf);
	wt_workflow_free(NULL);
}

struct bad_fixture {
	const char *file;
	const char *key;
	int line, column;
	const char *field;
	const char *says; /* part of the Dutch message */
};

static const struct bad_fixture bad[] = {
	{"tikfout", "onbekend_veld", 11, 1, "mandat", "Bedoelde u 'mandaat'?"},
	{"ontbrekend_veld", "veld_ontbreekt", 2, 1, "code", "'code' ontbreekt"},
	{"verkeerd_type", "verkeerd_type", 5, 7, "naam", "tekst"},
	{"verkeerde_soort", "verkeerde_soort", 2, 8, "soort", "geen workflow"},
	{"onbekende_versie", "onbekende_versie", 3, 9, "versie", "versie 1"},
	{"ongeldige_code", "ongeldige_waarde", 7, 7, "code", "drie hoofdletters"},
	{"ongeldige_gemeente", "ongeldige_waarde", 4, 11, "gemeente", "kleine letters"},
	{"ongeldige_route", "ongeldige_waarde", 9, 8, "route", "'weegteam' of 'direct'"},
	{"onbekende_beslisser", "onbekende_rol", 10, 12, "beslisser", "'burgemeester'"},
	{"onbekende_indiener", "onbekende_organisatie", 12, 27, "indieners", "'buurman'"},
	{"onbekend_begin", "onbekende_toestand", 16, 9, "indienen.naar", "'intake'"},
	{"begin_eind", "begin_is_eind", 16, 9, "indienen.naar", "eindtoestand"},
	{"quorum_onhaalbaar", "quorum_onhaalbaar", 17, 25, "quorum", "'hulpofficier'"},
	{"quorum_zonder_lijst", "quorum_ontbreekt", 67, 19, "acties.huisverbodwaardig.voorwaarden", "quorum:"},
	{"ongeldige_inzage", "ongeldige_waarde", 29, 13, "rollen.zorg.inzage", "'organisatie'"},
	{"ongeldige_termijn", "ongeldige_termijn", 36, 14, "toestanden.weegteam.termijn", "3 werkdagen"},
	{"eind_met_termijn", "termijn_bij_eind", 49, 14, "toestanden.afgewezen.termijn", "eindtoestand"},
	{"onbekende_termijn_vanaf", "onbekende_toestand", 46, 20, "toestanden.opgelegd.termijn_vanaf", "'besloten'"},
	{"onbereikbaar", "onbereikbare_toestand", 39, 3, "toestanden.besluit", "'weegteam'"},
	{"doodlopend", "doodlopende_toestand", 49, 3, "toestanden.afgelopen", "eind: true"},
	{"eind_met_uitweg", "eindtoestand_met_uitweg", 46, 3, "toestanden.afgewezen", "'afgewezen'"},
	{"ongeldige_sleutel", "ongeldige_sleutel", 53, 3, "acties.Beoordelen", "kleine letter"},
	{"onbekende_toestand", "onbekende_toestand", 64, 11, "acties.huisverbodwaardig.naar", "'besluiten'"},
	{"onbekende_rol", "onbekende_rol", 57, 23, "acties.beoordelen.rollen", "'jeugdzorg'"},
	{"onbekende_voorwaarde", "onbekende_voorwaarde", 60, 38, "acties.beoordelen.voorwaarden", "'maanstand'"},
	{"ongeldig_vereist", "ongeldige_waarde", 58, 14, "acties.beoordelen.vereist", "'notitie'"},
	{"bestand_zonder_soort", "veld_ontbreekt", 54, 5, "acties.beoordelen.bestand", "welk soort"},
};

Test(workflow, refuses_each_bad_fixture_with_file_line_column_and_field)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[256];
		wt_workflow *wf = NULL;
		wt_error err;

		snprintf(path, sizeof(path), FIX "%s.yaml", bad[i].file);
		cr_assert_eq(load(path, &wf, &err), -WT_EINPUT, "%s had geweigerd moeten worden", path);
		cr_assert_null(wf);
		cr_assert_eq(err.code, WT_EINPUT);
		cr_assert_str_eq(err.key, bad[i].key, "%s: %s", path, err.message);
		cr_assert_str_eq(err.file, path);
		cr_assert_eq(err.line, bad[i].line, "%s: regel %d (%s)", path, err.line, err.message);
		cr_assert_eq(err.column, bad[i].column, "%s: kolom %d (%s)", path, err.column, err.message);
		cr_assert_str_eq(err.field, bad[i].field, "%s", path);
		cr_assert(strstr(err.message, bad[i].says) != NULL, "%s: melding '%s' mist '%s'", path,
			  err.message, bad[i].says);
	}
}

/* Every file in the fixture folder except goed.yaml is in the table above: one rule each. */
Test(workflow, every_bad_fixture_is_tested)
{
	DIR *d = opendir(FIX);
	struct dirent *e;
	size_t seen = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t i, n = strlen(e->d_name);
		int found = 0;
		if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0 || strcmp(e->d_name, "goed.yaml") == 0)
			continue;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]) && !found; i++)
			found = strlen(bad[i].file) == n - 5 && strncmp(bad[i].file, e->d_name, n - 5) == 0;
		cr_assert(found, "%s staat niet in de tabel", e->d_name);
		seen++;
	}
	closedir(d);
	cr_assert_eq(seen, sizeof(bad) / sizeof(bad[0]));
}

/* A document that is not a map, or empty, is refused without a crash. */
Test(workflow, refuses_a_document_that_is_no_group)
{
	static const char *const texts[] = {"- soort: workflow\n", "gewoon tekst\n", "soort: workflow\nversie: 1\n"};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		wt_doc *doc = NULL;
		wt_workflow *wf = NULL;
		wt_error err;
		cr_assert_eq(wt_yaml_load_buffer(&doc, "los.yaml", texts[i], strlen(texts[i]), &err), 0);
		cr_assert_eq(wt_workflow_parse(&wf, doc, &err), -WT_EINPUT, "tekst %zu", i);
		cr_assert_null(wf);
		cr_assert_str_eq(err.file, "los.yaml");
		wt_doc_free(doc);
	}
}

/* Reads the `soort` of a YAML file; copies it into out ("" when absent). */
static void soort_of(const char *path, char *out, size_t size)
{
	wt_doc *doc = NULL;
	wt_error err;
	const char *s;

	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), 0, "%s: %s", path, err.message);
	s = wt_node_str(wt_map_get(doc->root, "soort"));
	snprintf(out, size, "%s", s ? s : "");
	wt_doc_free(doc);
}

/* Every workflows/<name>.yaml whose soort is workflow loads; codes and city keys are unique. */
Test(workflow, every_shipped_workflow_loads)
{
	DIR *d = opendir("workflows");
	struct dirent *e;
	char codes[MAX_SHIPPED][8], keys[MAX_SHIPPED][64];
	size_t n = 0, i;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512], soort[64];
		size_t len = strlen(e->d_name);
		wt_workflow *wf;
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof(path), "workflows/%s", e->d_name);
		soort_of(path, soort, sizeof(soort));
		if (strcmp(soort, "workflow") != 0)
			continue;
		wf = load_ok(path);
		cr_assert(n < MAX_SHIPPED);
		/* The file is named after the city key: workflow show CITY finds it. */
		cr_assert(strlen(wf->gemeente) == len - 5 && strncmp(wf->gemeente, e->d_name, len - 5) == 0,
			  "%s heeft gemeente '%s'", path, wf->gemeente);
		for (i = 0; i < n; i++) {
			cr_assert_str_neq(codes[i], wf->code, "code %s dubbel", wf->code);
			cr_assert_str_neq(keys[i], wf->gemeente);
		}
		snprintf(codes[n], sizeof(codes[n]), "%s", wf->code);
		snprintf(keys[n], sizeof(keys[n]), "%s", wf->gemeente);
		n++;
		wt_workflow_free(wf);
	}
	closedir(d);
	cr_assert_geq(n, 4, "de vier steden (%zu gevonden)", n);
}

struct city {
	const char *file;
	const char *code, *route, *beslisser, *indieners, *begin;
	const char *actions; /* every action key, in file order: the contract for e2e tests and the demo */
	const char *terminals;
	const char *names;   /* spellings that must match */
};

static const struct city cities[] = {
	{"workflows/rotterdam.yaml", "RTM", "weegteam", "hulpofficier",
	 "veilig-thuis,jeugdbescherming,crisisdienst,raad-voor-de-kinderbescherming,ggd-vangnet,wijkteam", "weegteam",
	 "beoordelen,meer-informatie-vragen,informatie-aanvullen,verzoek-aanvullen,conclusie-huisverbodwaardig,"
	 "conclusie-niet-huisverbodwaardig,advies-vastleggen,screening-starten,screening-afwijzen,rihg-vastleggen,"
	 "raadplegen-veilig-thuis,opleggen,niet-opleggen,verlengen,aflopen,intrekken",
	 "afgewezen-door-weegteam,geen-screening,niet-opgelegd,afgelopen,ingetrokken", "Rotterdam,ROTTERDAM"},
	{"workflows/amsterdam.yaml", "AMS", "weegteam", "hulpofficier", "veilig-thuis,ggd-vangnet,jeugdbescherming",
	 "intake",
	 "inbrengen,beoordelen,meer-informatie-vragen,informatie-aanvullen,verzoek-aanvullen,conclusie-huisverbodwaardig,"
	 "conclusie-niet-huisverbodwaardig,advies-vastleggen,rihg-vastleggen,raadplegen-veilig-thuis,opleggen,"
	 "niet-opleggen,toetsing-services,verlengen,aflopen,vervolg-vastleggen,intrekken",
	 "afgesloten-zonder-huisverbod,afgelopen,ingetrokken", "Amsterdam, amsterdam"},
	{"workflows/den-haag.yaml", "DHG", "direct", "burgemeester",
	 "veilig-thuis,jeugdbescherming,raad-voor-de-kinderbescherming,ggd-vangnet,wijkteam,crisisdienst",
	 "bij-operationeel-coordinator",
	 "doorzetten,rihg-vastleggen,advies-vastleggen,raadplegen-veilig-thuis,opleggen,niet-opleggen,"
	 "niet-opleggen-kinderen,doorverwijzen,cit-jbwest-gestart,verlengen,aflopen,intrekken",
	 "afgesloten-zonder-huisverbod,afgelopen,ingetrokken", "Den Haag,'s-Gravenhage,Den-Haag,den haag"},
	{"workflows/utrecht.yaml", "UTR", "direct", "burgemeester", "veilig-thuis", "bij-adviseur-huisverbod",
	 "overnemen,niet-overnemen,ter-plaatse-gaan,gedragswetenschapper-raadplegen,rihg-vastleggen,"
	 "advies-vastleggen,raadplegen-veilig-thuis,opleggen,niet-opleggen,crisisinterventie-gestart,verlengen,"
	 "aflopen,intrekken",
	 "afgesloten-zonder-huisverbod,afgelopen,ingetrokken,niet-overgenomen", "Utrecht,utrecht "},
};

Test(workflow, the_four_cities_have_their_key_facts)
{
	size_t i, k;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		const struct city *c = &cities[i];
		wt_workflow *wf = load_ok(c->file);
		char got[1024], names[256], *tok, *save = NULL;
		wt_buf terminals;

		cr_assert_str_eq(wf->code, c->code, "%s", c->file);
		cr_assert_str_eq(wf->route, c->route, "%s", c->file);
		cr_assert_str_eq(wf->beslisser, c->beslisser, "%s", c->file);
		cr_assert_not_null(wt_workflow_role(wf, wf->beslisser));
		join(wf->indieners, wf->n_indieners, got, sizeof(got));
		cr_assert_str_eq(got, c->indieners, "%s: indieners", c->file);
		cr_assert_str_eq(wf->begin, c->begin, "%s: begin", c->file);
		cr_assert_not_null(wf->indieners_toelichting, "%s: toelichting voor wie niet mag indienen", c->file);
		cr_assert_neq(strlen(wf->mandaat), 0);
		got[0] = '\0';
		{
			wt_buf b;
			wt_buf_init(&b, 0);
			for (k = 0; k < wf->n_actions; k++)
				wt_buf_printf(&b, "%s%s", k ? "," : "", wf->actions[k].key);
			cr_assert_str_eq(b.data, c->actions, "%s: acties", c->file);
			wt_buf_release(&b);
		}
		wt_buf_init(&terminals, 0);
		for (k = 0; k < wf->n_states; k++)
			if (wf->states[k].terminal)
				wt_buf_printf(&terminals, "%s%s", terminals.len ? "," : "", wf->states[k].key);
		cr_assert_str_eq(terminals.data, c->terminals, "%s: eindtoestanden", c->file);
		wt_buf_release(&terminals);
		snprintf(names, sizeof(names), "%s", c->names);
		for (tok = strtok_r(names, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			cr_assert(wt_workflow_matches(wf, tok), "%s: '%s'", c->file, tok);
		cr_assert_not(wt_workflow_matches(wf, "Groningen"));
		/* The law is the same everywhere: 240 hours, extension by the burgemeester only. */
		cr_assert_eq(wt_workflow_state(wf, "huisverbod-opgelegd")->termijn.hours, 240);
		cr_assert_not(wt_workflow_state(wf, "huisverbod-opgelegd")->lokale_afspraak);
		cr_assert_str_eq(wt_workflow_action(wf, "verlengen")->rollen[0], "burgemeester");
		cr_assert_eq(wt_workflow_action(wf, "verlengen")->n_rollen, 1);
		for (k = 0; k < wt_workflow_action(wf, "opleggen")->n_voorwaarden; k++)
			if (strcmp(wt_workflow_action(wf, "opleggen")->voorwaarden[k], "veilig-thuis-geraadpleegd") == 0)
				break;
		cr_assert_lt(k, wt_workflow_action(wf, "opleggen")->n_voorwaarden, "%s: art. 2 lid 3", c->file);
		wt_workflow_free(wf);
	}
}

/* Every deadline that is not the law itself (240 and 672 hours) is marked a local agreement. */
Test(workflow, deadlines_other_than_the_law_are_local_agreements)
{
	size_t i, k;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		wt_workflow *wf = load_ok(cities[i].file);
		for (k = 0; k < wf->n_states; k++) {
			const wt_wf_state *s = &wf->states[k];
			int law = strcmp(s->key, "huisverbod-opgelegd") == 0 || strcmp(s->key, "huisverbod-verlengd") == 0;
			if (!s->has_termijn)
				continue;
			cr_assert_eq(s->lokale_afspraak, !law, "%s: %s", cities[i].file, s->key);
		}
		cr_assert_str_eq(wt_workflow_state(wf, "huisverbod-verlengd")->termijn_vanaf, "huisverbod-opgelegd");
		cr_assert_eq(wt_workflow_state(wf, "huisverbod-verlengd")->termijn.hours, 28 * 24);
		wt_workflow_free(wf);
	}
}

/*
 * From every state a terminal state can be reached (no trap cycles), and every role can do
 * something: submit, act, or at least decide.
 */
Test(workflow, every_path_can_end_and_every_role_acts)
{
	size_t i, j, k, r;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		wt_workflow *wf = load_ok(cities[i].file);
		unsigned char *ends = calloc(wf->n_states, 1);
		int changed = 1;

		cr_assert_not_null(ends);
		for (j = 0; j < wf->n_states; j++)
			ends[j] = (unsigned char)wf->states[j].terminal;
		while (changed) {
			changed = 0;
			for (j = 0; j < wf->n_states; j++) {
				if (ends[j])
					continue;
				for (k = 0; k < wf->n_actions && !ends[j]; k++) {
					const wt_wf_action *a = &wf->actions[k];
					size_t v;
					for (v = 0; v < a->n_van; v++)
						if (strcmp(a->van[v], wf->states[j].key) == 0 &&
						    ends[wt_workflow_state(wf, a->naar) - wf->states])
							ends[j] = 1, changed = 1;
				}
			}
		}
		for (j = 0; j < wf->n_states; j++)
			cr_assert(ends[j], "%s: vanuit %s is geen einde te bereiken", cities[i].file, wf->states[j].key);
		free(ends);
		for (r = 0; r < wf->n_rollen; r++) {
			const char *role = wf->rollen[r].key;
			int acts = 0;
			for (k = 0; k < wf->n_actions && !acts; k++)
				for (j = 0; j < wf->actions[k].n_rollen && !acts; j++)
					acts = strcmp(wf->actions[k].rollen[j], role) == 0;
			for (j = 0; j < wf->n_indienen_rollen && !acts; j++)
				acts = strcmp(wf->indienen_rollen[j], role) == 0;
			cr_assert(acts, "%s: rol %s kan niets", cities[i].file, role);
		}
		wt_workflow_free(wf);
	}
}

Test(workflow, text_output_is_a_readable_overview)
{
	wt_workflow *wf = load_ok("workflows/rotterdam.yaml");
	wt_buf out;
	size_t i;

	wt_buf_init(&out, 0);
	cr_assert_eq(wt_workflow_format_text(wf, &out), 0);
	cr_assert(strstr(out.data, "Workflow Rotterdam (rotterdam), code RTM") != NULL, "%s", out.data);
	cr_assert(strstr(out.data, "via het weegteam") != NULL);
	cr_assert(strstr(out.data, "Beslisser:   hulpofficier") != NULL);
	cr_assert(strstr(out.data, "volledig mandaat") != NULL);
	cr_assert(strstr(out.data, "Indieners:   veilig-thuis, jeugdbescherming") != NULL);
	cr_assert(strstr(out.data, "Quorum:      ketenregisseur, politie, crisisteam, gedragsdeskundige") != NULL);
	cr_assert(strstr(out.data, "Centrum voor Dienstverlening (CVD) (ziet alle dossiers)") != NULL);
	cr_assert(strstr(out.data, "(ziet eigen verzoeken)") != NULL);
	cr_assert(strstr(out.data, "[termijn 3 werkdagen, spoed 24 uur, lokale afspraak]") != NULL);
	cr_assert(strstr(out.data, "[termijn 240 uur, wettelijk]") != NULL);
	cr_assert(strstr(out.data, "Huisverbod afgelopen [eind]") != NULL);
	cr_assert(strstr(out.data, "van weegteam naar advies-jurist; door ketenregisseur") != NULL);
	cr_assert(strstr(out.data, "voorwaarden: quorum, gevaar-onderbouwd") != NULL);
	cr_assert(strstr(out.data, "vereist: bestand (advies)") != NULL);
	cr_assert(strstr(out.data, "(namens de burgemeester)") != NULL);
	for (i = 0; i < wf->n_actions; i++)
		cr_assert(strstr(out.data, wf->actions[i].key) != NULL, "%s", wf->actions[i].key);
	for (i = 0; i < wf->n_rollen; i++)
		cr_assert(strstr(out.data, wf->rollen[i].naam) != NULL, "%s", wf->rollen[i].key);
	wt_buf_release(&out);
	wt_workflow_free(wf);
}

/*
 * Feeds text to Graphviz; 0 when dot accepts it, 1 when it refuses, -1 when it cannot tell:
 * dot is not installed, or we run under valgrind (`make valgrind` traces children, so dot's
 * exit code would report valgrind's findings in Graphviz rather than on our output).
 */
static int dot_accepts(const wt_buf *dot)
{
	const char *preload = getenv("LD_PRELOAD");
	FILE *p;

	if (preload != NULL && strstr(preload, "valgrind") != NULL)
		return -1;
	if (system("command -v dot >/dev/null 2>&1") != 0)
		return -1;
	p = popen("dot -Tsvg -o /dev/null 2>/dev/null", "w");
	cr_assert_not_null(p);
	fwrite(dot->data, 1, dot->len, p);
	return pclose(p) == 0 ? 0 : 1;
}

Test(workflow, dot_output_is_valid_graphviz_for_every_city)
{
	size_t i, k;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		wt_workflow *wf = load_ok(cities[i].file);
		wt_buf a, b;
		char needle[256];
		int rc;

		wt_buf_init(&a, 0);
		wt_buf_init(&b, 0);
		cr_assert_eq(wt_workflow_format_dot(wf, &a), 0);
		cr_assert_eq(wt_workflow_format_dot(wf, &b), 0);
		cr_assert_str_eq(a.data, b.data, "deterministisch");
		cr_assert(strncmp(a.data, "digraph ", 8) == 0);
		snprintf(needle, sizeof(needle), "\"_indienen\" -> \"%s\"", wf->begin);
		cr_assert(strstr(a.data, needle) != NULL, "%s", a.data);
		for (k = 0; k < wf->n_states; k++) {
			snprintf(needle, sizeof(needle), "\n  \"%s\" [label=", wf->states[k].key);
			cr_assert(strstr(a.data, needle) != NULL, "%s ontbreekt", wf->states[k].key);
		}
		snprintf(needle, sizeof(needle), "\"%s\" -> \"%s\" [label=\"%s\\n", wf->actions[0].van[0],
			 wf->actions[0].naar, wf->actions[0].key);
		cr_assert(strstr(a.data, needle) != NULL, "%s", needle);
		cr_assert(strstr(a.data, "shape=doubleoctagon") != NULL);
		rc = dot_accepts(&a);
		cr_assert_neq(rc, 1, "dot weigert %s", cities[i].file);
		wt_buf_release(&a);
		wt_buf_release(&b);
		wt_workflow_free(wf);
	}
}

/* Quotes and backslashes in names are escaped, and a state called "start" is no problem. */
Test(workflow, dot_escapes_quotes_and_backslashes)
{
	static const char *text =
		"soort: workflow\nversie: 1\ngemeente: proef\nnaam: 'Proef \"stad\" \\ oost'\nnamen: [Proef]\n"
		"code: PRF\ndefinitie_versie: \"1\"\nroute: direct\nbeslisser: bm\nmandaat: geen\n"
		"indieners: [veilig-thuis]\nindienen: {rollen: [bm], naar: start}\n"
		"rollen: {bm: {naam: 'De \"burgemeester\"'}}\n"
		"toestanden:\n  start: {naam: 'Begin \"hier\"'}\n  klaar: {naam: Klaar, eind: true}\n"
		"acties:\n  sluiten: {naam: Sluiten, van: [start], naar: klaar, rollen: [bm]}\n";
	wt_doc *doc = NULL;
	wt_workflow *wf = NULL;
	wt_error err;
	wt_buf dot;

	cr_assert_eq(wt_yaml_load_buffer(&doc, "proef.yaml", text, strlen(text), &err), 0, "%s", err.message);
	cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0, "%s", err.message);
	/* A role that does not say what it may see, sees only its own requests. */
	cr_assert_eq(wt_workflow_role(wf, "bm")->inzage, WT_INZAGE_EIGEN);
	wt_buf_init(&dot, 0);
	cr_assert_eq(wt_workflow_format_dot(wf, &dot), 0);
	cr_assert(strstr(dot.data, "Proef \\\"stad\\\" \\\\ oost") != NULL, "%s", dot.data);
	cr_assert(strstr(dot.data, "Begin \\\"hier\\\"") != NULL, "%s", dot.data);
	cr_assert(strstr(dot.data, "\"start\" -> \"klaar\"") != NULL, "%s", dot.data);
	cr_assert_neq(dot_accepts(&dot), 1, "%s", dot.data);
	wt_buf_release(&dot);
	wt_workflow_free(wf);
	wt_doc_free(doc);
}
