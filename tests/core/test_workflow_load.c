/* test_workflow_load.c: loading and validating workflow definitions. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/workflow.h"
#include "yaml/yaml_load.h"

static const char *base =
	"soort: workflow\n"
	"versie: 1\n"
	"gemeente: proef\n"
	"naam: Proefstad\n"
	"namen: [Proefstad, \"'s-Proefstad\"]\n"
	"code: PRF\n"
	"definitie_versie: \"1\"\n"
	"route: weegteam\n"
	"beslisser: hulpofficier\n"
	"mandaat: met mandaat\n"
	"indieners: [veilig-thuis]\n"
	"indienen: {rollen: [verzoeker], naar: open}\n"
	"quorum: [lid]\n"
	"rollen:\n"
	"  verzoeker: {naam: Verzoeker, inzage: eigen}\n"
	"  lid: {naam: Lid}\n"
	"  hulpofficier: {naam: HOvJ}\n"
	"toestanden:\n"
	"  open: {naam: Open, termijn: 3 werkdagen, termijn_spoed: 4 uur, lokale_afspraak: true}\n"
	"  klaar: {naam: Klaar, eind: true}\n"
	"acties:\n"
	"  beoordelen: {naam: B, van: [open], naar: open, rollen: [lid], vereist: [bestand], bestand: beoordeling}\n"
	"  sluiten: {naam: S, van: [open], naar: klaar, rollen: [hulpofficier], vereist: [notitie], voorwaarden: [quorum]}\n";

/* Loads base with one substitution (from -> to); returns the parse result. */
static int load_variant(const char *from, const char *to, wt_workflow **wf, wt_error *err)
{
	wt_buf b;
	const char *at = from ? strstr(base, from) : NULL;
	wt_doc *doc = NULL;
	int rc;

	wt_buf_init(&b, 0);
	if (at == NULL) {
		wt_buf_addstr(&b, base);
	} else {
		wt_buf_add(&b, base, (size_t)(at - base));
		wt_buf_addstr(&b, to);
		wt_buf_addstr(&b, at + strlen(from));
	}
	cr_assert_eq(wt_yaml_load_buffer(&doc, "proef.yaml", b.data, b.len, err), 0, "%s", err->message);
	rc = wt_workflow_parse(wf, doc, err);
	wt_doc_free(doc);
	wt_buf_release(&b);
	return rc;
}

Test(workflow_load, accepts_the_base_and_looks_things_up)
{
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(load_variant(NULL, NULL, &wf, &err), 0, "%s", err.message);
	cr_assert_str_eq(wf->code, "PRF");
	cr_assert_str_eq(wf->begin, "open");
	cr_assert(wt_workflow_matches(wf, "  proefstad "));
	cr_assert(wt_workflow_matches(wf, "'S-PROEFSTAD"));
	cr_assert_not(wt_workflow_matches(wf, "Elders"));
	cr_assert(wt_workflow_accepts(wf, "veilig-thuis"));
	cr_assert_not(wt_workflow_accepts(wf, "wijkteam"));
	cr_assert_eq(wt_workflow_state(wf, "open")->termijn.workdays, 3);
	cr_assert_eq(wt_workflow_state(wf, "open")->termijn_spoed.hours, 4);
	cr_assert_eq(wt_workflow_role(wf, "verzoeker")->inzage, WT_INZAGE_EIGEN);
	cr_assert_eq(wt_workflow_action(wf, "sluiten")->vereist, WT_VEREIST_NOTITIE);
	wt_workflow_free(wf);
}

struct bad_case {
	const char *from;
	const char *to;
	const char *key;
	int line;
	const char *field;
};

Test(workflow_load, refuses_each_invalid_definition_with_its_place)
{
	static const struct bad_case cases[] = {
		{"quorum: [lid]\n", "quorum: [lid]\nqourum: [lid]\n", "onbekend_veld", 14, "qourum"},
		{"naar: klaar", "naar: kalr", "onbekende_toestand", 23, "acties.sluiten.naar"},
		{"rollen: [hulpofficier]", "rollen: [burgemeester]", "onbekende_rol", 23, "acties.sluiten.rollen"},
		{"voorwaarden: [quorum]", "voorwaarden: [maanstand]", "onbekende_voorwaarde", 23, "acties.sluiten.voorwaarden"},
		{"termijn: 3 werkdagen", "termijn: drie dagen", "ongeldige_termijn", 19, "toestanden.open.termijn"},
		{"code: PRF", "code: prf", "ongeldige_waarde", 6, "code"},
		{"  klaar: {naam: Klaar, eind: true}\n", "  klaar: {naam: Klaar, eind: true}\n  los: {naam: Los, eind: true}\n",
		 "onbereikbare_toestand", 21, "toestanden.los"},
		{"  klaar: {naam: Klaar, eind: true}\n", "  klaar: {naam: Klaar}\n", "doodlopende_toestand", 20, "toestanden.klaar"},
		{"quorum: [lid]\n", "", "quorum_ontbreekt", 22, "acties.sluiten.voorwaarden"},
		{"indieners: [veilig-thuis]", "indieners: [buurman]", "onbekende_organisatie", 11, "indieners"},
		{"vereist: [bestand], bestand: beoordeling", "vereist: [bestand]", "veld_ontbreekt", 22, "acties.beoordelen.bestand"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wt_workflow *wf = NULL;
		wt_error err;
		wt_error_clear(&err);
		cr_assert_eq(load_variant(cases[i].from, cases[i].to, &wf, &err), -WT_EINPUT,
			     "geval %zu had geweigerd moeten worden", i);
		cr_assert_str_eq(err.key, cases[i].key, "geval %zu: %s", i, err.message);
		cr_assert_eq(err.line, cases[i].line, "geval %zu: regel %d (%s)", i, err.line, err.message);
		cr_assert_str_eq(err.field, cases[i].field, "geval %zu", i);
		cr_assert_str_eq(err.file, "proef.yaml");
		cr_assert_null(wf);
	}
}

Test(workflow_load, suggests_the_intended_key)
{
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(load_variant("mandaat:", "mandat:", &wf, &err), -WT_EINPUT);
	cr_assert(strstr(err.message, "Bedoelde u 'mandaat'") != NULL, "%s", err.message);
}

/* Every shipped workflow loads, and the four cities have the facts of the DOMAIN table. */
Test(workflow_load, every_shipped_workflow_loads)
{
	static const struct {
		const char *file, *code, *route, *beslisser, *first_indiener;
	} cities[] = {
		{"workflows/amsterdam.yaml", "AMS", "weegteam", "hulpofficier", "veilig-thuis"},
		{"workflows/rotterdam.yaml", "RTM", "weegteam", "hulpofficier", "veilig-thuis"},
		{"workflows/den-haag.yaml", "DHG", "direct", "burgemeester", "veilig-thuis"},
		{"workflows/utrecht.yaml", "UTR", "direct", "burgemeester", "veilig-thuis"},
	};
	size_t i;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		wt_doc *doc = NULL;
		wt_workflow *wf = NULL;
		wt_error err;
		cr_assert_eq(wt_yaml_load_file(&doc, cities[i].file, &err), 0, "%s", err.message);
		cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0, "%s: %s", cities[i].file, err.message);
		cr_assert_str_eq(wf->code, cities[i].code);
		cr_assert_str_eq(wf->route, cities[i].route);
		cr_assert_str_eq(wf->beslisser, cities[i].beslisser);
		cr_assert_str_eq(wf->indieners[0], cities[i].first_indiener);
		wt_workflow_free(wf);
		wt_doc_free(doc);
	}
}

Test(workflow_load, utrecht_accepts_only_veilig_thuis_and_den_haag_its_old_name)
{
	wt_doc *doc = NULL;
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(wt_yaml_load_file(&doc, "workflows/utrecht.yaml", &err), 0);
	cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0);
	cr_assert(wt_workflow_accepts(wf, "veilig-thuis"));
	cr_assert_not(wt_workflow_accepts(wf, "wijkteam"));
	wt_workflow_free(wf);
	wt_doc_free(doc);
	cr_assert_eq(wt_yaml_load_file(&doc, "workflows/den-haag.yaml", &err), 0);
	cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0);
	cr_assert(wt_workflow_matches(wf, "'s-Gravenhage"));
	cr_assert(wt_workflow_matches(wf, "den haag"));
	wt_workflow_free(wf);
	wt_doc_free(doc);
}

Test(workflow_load, text_and_dot_output)
{
	wt_doc *doc = NULL;
	wt_workflow *wf = NULL;
	wt_error err;
	wt_buf text, dot;

	cr_assert_eq(wt_yaml_load_file(&doc, "workflows/rotterdam.yaml", &err), 0);
	cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0);
	wt_buf_init(&text, 0);
	wt_buf_init(&dot, 0);
	cr_assert_eq(wt_workflow_format_text(wf, &text), 0);
	cr_assert(strstr(text.data, "lokale afspraak") != NULL);
	cr_assert(strstr(text.data, "namens de burgemeester") != NULL);
	cr_assert_eq(wt_workflow_format_dot(wf, &dot), 0);
	cr_assert(strncmp(dot.data, "digraph", 7) == 0);
	/* tests/core/test_workflow.c runs the output through Graphviz itself. */
	wt_buf_release(&text);
	wt_buf_release(&dot);
	wt_workflow_free(wf);
	wt_doc_free(doc);
}

/* The four workflows against the DOMAIN table (section 4), cell by cell. */
struct city_row {
	const char *file;
	const char *indieners;      /* exactly, in order */
	const char *begin;          /* intake */
	const char *members;        /* roles that must exist (assessors / intake / advice) */
	const char *quorum;         /* "" for the direct routes */
	const char *advice_role;    /* who records the advice */
	const char *decider;        /* who takes opleggen */
	const char *namens;         /* "" when the burgemeester decides himself */
	const char *no_ban_state;   /* where niet-opleggen leads */
};

static void join_list(char *const *list, size_t n, char *out, size_t size)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < n && used + 1 < size; i++) {
		int k = snprintf(out + used, size - used, "%s%s", i ? "," : "", list[i]);
		if (k < 0)
			return;
		used += (size_t)k;
	}
}

Test(workflow_load, four_cities_match_the_domain_table)
{
	static const struct city_row rows[] = {
		{"workflows/amsterdam.yaml", "veilig-thuis,ggd-vangnet,jeugdbescherming", "intake",
		 "zorgcoordinator,politie,veilig-thuis,juridische-zaken,jbra-gezinsmanager,hulpofficier,services",
		 "politie,zorgcoordinator,veilig-thuis,juridische-zaken,jbra-gezinsmanager", "juridische-zaken",
		 "hulpofficier", "burgemeester", "vervolg-veilig-thuis"},
		{"workflows/rotterdam.yaml",
		 "veilig-thuis,jeugdbescherming,crisisdienst,raad-voor-de-kinderbescherming,ggd-vangnet,wijkteam", "weegteam",
		 "ketenregisseur,politie,crisisteam,gedragsdeskundige,jurist,hulpofficier",
		 "ketenregisseur,politie,crisisteam,gedragsdeskundige", "jurist", "hulpofficier", "burgemeester",
		 "niet-opgelegd"},
		{"workflows/den-haag.yaml",
		 "veilig-thuis,jeugdbescherming,raad-voor-de-kinderbescherming,ggd-vangnet,wijkteam,crisisdienst",
		 "bij-operationeel-coordinator", "operationeel-coordinator,hulpofficier,crisisdienst,cit-jbwest", "hulpofficier",
		 "hulpofficier", "burgemeester", "", "vervolg-crisisdienst"},
		{"workflows/utrecht.yaml", "veilig-thuis", "bij-adviseur-huisverbod",
		 "adviseur-huisverbod,vt-crisis,vt-gedragswetenschapper", "adviseur-huisverbod", "adviseur-huisverbod", "burgemeester", "",
		 "crisisinterventie"},
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		wt_doc *doc = NULL;
		wt_workflow *wf = NULL;
		wt_error err;
		char got[512], members[512], *m, *save = NULL;
		const wt_wf_action *a;

		cr_assert_eq(wt_yaml_load_file(&doc, rows[i].file, &err), 0);
		cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0, "%s", err.message);
		join_list(wf->indieners, wf->n_indieners, got, sizeof(got));
		cr_assert_str_eq(got, rows[i].indieners, "%s: indieners", rows[i].file);
		cr_assert_str_eq(wf->begin, rows[i].begin, "%s: intake", rows[i].file);
		snprintf(members, sizeof(members), "%s", rows[i].members);
		for (m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save))
			cr_assert_not_null(wt_workflow_role(wf, m), "%s: rol %s ontbreekt", rows[i].file, m);
		join_list(wf->quorum, wf->n_quorum, got, sizeof(got));
		cr_assert_str_eq(got, rows[i].quorum, "%s: quorum", rows[i].file);
		a = wt_workflow_action(wf, "advies-vastleggen");
		cr_assert_not_null(a);
		cr_assert_str_eq(a->bestand, "advies");
		cr_assert_str_eq(a->rollen[0], rows[i].advice_role, "%s: advies", rows[i].file);
		a = wt_workflow_action(wf, "opleggen");
		cr_assert_str_eq(a->rollen[0], rows[i].decider, "%s: beslisser", rows[i].file);
		cr_assert_eq(a->n_rollen, 1, "%s: alleen de beslisser legt op", rows[i].file);
		cr_assert_str_eq(a->namens ? a->namens : "", rows[i].namens, "%s: mandaat", rows[i].file);
		cr_assert_str_eq(wt_workflow_action(wf, "niet-opleggen")->naar, rows[i].no_ban_state, "%s", rows[i].file);
		cr_assert_str_eq(wt_workflow_action(wf, "verlengen")->rollen[0], "burgemeester", "%s: verlengen", rows[i].file);
		cr_assert_eq(wt_workflow_action(wf, "verlengen")->n_rollen, 1);
		cr_assert_eq(wt_workflow_state(wf, "huisverbod-opgelegd")->termijn.hours, 240);
		cr_assert_not(wt_workflow_state(wf, "huisverbod-opgelegd")->lokale_afspraak);
		cr_assert_str_eq(wt_workflow_action(wf, "intrekken")->rollen[0], "verzoeker");
		wt_workflow_free(wf);
		wt_doc_free(doc);
	}
}

/* indienen.anderen: where requests from organisations the city does not accept go. */
Test(workflow_load, anderen_routes_other_organisations_and_is_checked)
{
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(load_variant("indienen: {rollen: [verzoeker], naar: open}\n",
				  "indienen: {rollen: [verzoeker], naar: open, anderen: {rollen: [lid], naar: open}}\n",
				  &wf, &err),
		     0, "%s", err.message);
	cr_assert_str_eq(wt_workflow_begin_for(wf, "wijkteam"), "open");
	cr_assert_str_eq(wt_workflow_begin_for(wf, "veilig-thuis"), "open");
	wt_workflow_free(wf);
	wf = NULL;
	cr_assert_eq(load_variant("indienen: {rollen: [verzoeker], naar: open}\n",
				  "indienen: {rollen: [verzoeker], naar: open, anderen: {rollen: [lid], naar: nergens}}\n",
				  &wf, &err),
		     -WT_EINPUT);
	cr_assert_str_eq(err.field, "indienen.anderen.naar");
	cr_assert_eq(err.line, 12);
	cr_assert_eq(err.code, WT_EINPUT);
	cr_assert_eq(load_variant("indienen: {rollen: [verzoeker], naar: open}\n",
				  "indienen: {rollen: [verzoeker], naar: open, anderen: {rollen: [niemand], naar: open}}\n",
				  &wf, &err),
		     -WT_EINPUT);
	cr_assert_str_eq(err.field, "indienen.anderen.rollen");
	cr_assert_eq(load_variant("indienen: {rollen: [verzoeker], naar: open}\n",
				  "indienen: {rollen: [verzoeker], naar: open, anderen: {rollen: [lid], naar: klaar}}\n",
				  &wf, &err),
		     -WT_EINPUT);
	cr_assert_str_eq(err.key, "begin_is_eind");
}

/* The names weegteam's own deadline events use are reserved. */
Test(workflow_load, system_event_names_are_reserved)
{
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(load_variant("  beoordelen: {", "  termijn-verstreken: {", &wf, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "gereserveerde_naam");
	cr_assert_eq(load_variant("  lid: {naam: Lid}", "  systeem: {naam: Lid}", &wf, &err), -WT_EINPUT);
	cr_assert_str_eq(err.key, "gereserveerde_naam");
}
