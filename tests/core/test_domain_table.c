/* test_domain_table.c: the four workflows against DOMAIN.md section 4, cell by cell. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/workflow.h"
#include "yaml/yaml_load.h"

/* One fact a cell of the table states, in terms of the workflow. */
typedef enum { ROUTE, BEGIN, ANDEREN, BESLISSER, QUORUM, ROLE_ORG, ACTION, TERMINAL, TERMIJN_WERKDAGEN } kind;

typedef struct fact {
	const char *cell;  /* the row of the DOMAIN table */
	kind k;
	const char *a, *b, *c, *d, *e; /* ACTION: key, from, to, roles, namens (NULL: none) */
} fact;

typedef struct city {
	const char *file;
	const fact facts[24];
} city;

static const city cities[] = {
	{"workflows/amsterdam.yaml", {
		{"route", ROUTE, "weegteam", 0, 0, 0, 0},
		{"intake", BEGIN, "intake", 0, 0, 0, 0},
		{"intake", ACTION, "inbrengen", "intake", "weegteam", "zorgcoordinator", NULL},
		{"intake", ROLE_ORG, "zorgcoordinator", "Blijf Groep", 0, 0, 0},
		{"weegteam", QUORUM, "politie,zorgcoordinator,veilig-thuis,juridische-zaken,jbra-gezinsmanager", 0, 0, 0, 0},
		{"weegteam", ROLE_ORG, "politie", "Politie", 0, 0, 0},
		{"weegteam", ROLE_ORG, "veilig-thuis", "Veilig Thuis", 0, 0, 0},
		{"weegteam", ROLE_ORG, "juridische-zaken", "Gemeente Amsterdam", 0, 0, 0},
		{"weegteam", ROLE_ORG, "jbra-gezinsmanager", "Jeugdbescherming Regio Amsterdam", 0, 0, 0},
		{"advice", ACTION, "advies-vastleggen", "advies-juridische-zaken", "besluit-hulpofficier", "juridische-zaken", NULL},
		{"decides", BESLISSER, "hulpofficier", 0, 0, 0, 0},
		{"decides", ACTION, "opleggen", "besluit-hulpofficier", "huisverbod-opgelegd", "hulpofficier", "burgemeester"},
		{"decides", ACTION, "toetsing-services", "huisverbod-opgelegd", "huisverbod-opgelegd", "services", NULL},
		{"no huisverbod", ACTION, "niet-opleggen", "besluit-hulpofficier", "vervolg-veilig-thuis", "hulpofficier", "burgemeester"},
		{"no huisverbod", ACTION, "vervolg-vastleggen", "vervolg-veilig-thuis", "afgesloten-zonder-huisverbod", "veilig-thuis", NULL},
		{"extension", ACTION, "verlengen", "huisverbod-opgelegd", "huisverbod-verlengd", "burgemeester", NULL},
	}},
	{"workflows/rotterdam.yaml", {
		{"route", ROUTE, "weegteam", 0, 0, 0, 0},
		{"intake", BEGIN, "weegteam", 0, 0, 0, 0}, /* taken up at once by the weegteam */
		{"weegteam", QUORUM, "ketenregisseur,politie,crisisteam,gedragsdeskundige", 0, 0, 0, 0},
		{"weegteam", ACTION, "beoordelen", "weegteam", "weegteam", "ketenregisseur,politie,crisisteam,gedragsdeskundige", NULL},
		{"weegteam", ROLE_ORG, "ketenregisseur", "Gemeente Rotterdam", 0, 0, 0},
		{"weegteam", ROLE_ORG, "crisisteam", "CVD", 0, 0, 0},
		{"weegteam", ROLE_ORG, "gedragsdeskundige", "Veilig Thuis Rotterdam Rijnmond", 0, 0, 0},
		{"weegteam", ROLE_ORG, "gedragsdeskundige", "Jeugdbescherming Rotterdam Rijnmond", 0, 0, 0},
		{"advice", ACTION, "conclusie-huisverbodwaardig", "weegteam", "advies-jurist", "ketenregisseur", NULL},
		{"advice", ACTION, "advies-vastleggen", "advies-jurist", "bij-hulpofficier", "jurist", NULL},
		{"decides", BESLISSER, "hulpofficier", 0, 0, 0, 0},
		{"decides", ACTION, "screening-starten", "bij-hulpofficier", "screening", "hulpofficier", NULL},
		{"decides", ACTION, "rihg-vastleggen", "screening", "besluit-hulpofficier", "crisisteam,politie", NULL},
		{"decides", ACTION, "opleggen", "besluit-hulpofficier", "huisverbod-opgelegd", "hulpofficier", "burgemeester"},
		{"no huisverbod", ACTION, "niet-opleggen", "besluit-hulpofficier", "niet-opgelegd", "hulpofficier", "burgemeester"},
		{"no huisverbod", TERMINAL, "niet-opgelegd", 0, 0, 0, 0},
		{"extension", ACTION, "verlengen", "huisverbod-opgelegd", "huisverbod-verlengd", "burgemeester", NULL},
	}},
	{"workflows/den-haag.yaml", {
		{"route", ROUTE, "direct", 0, 0, 0, 0},
		{"who may file", BEGIN, "bij-operationeel-coordinator", 0, 0, 0, 0},
		{"intake", ACTION, "doorzetten", "bij-operationeel-coordinator", "bij-hulpofficier", "operationeel-coordinator", NULL},
		{"assessors", ACTION, "rihg-vastleggen", "bij-hulpofficier", "bij-hulpofficier", "hulpofficier,crisisdienst,cit-jbwest", NULL},
		{"assessors", ROLE_ORG, "crisisdienst", "Algemeen Maatschappelijk Werk", 0, 0, 0},
		{"assessors", ROLE_ORG, "cit-jbwest", "Jeugdbescherming West", 0, 0, 0},
		{"advice", ACTION, "advies-vastleggen", "bij-hulpofficier", "besluit-burgemeester", "hulpofficier", NULL},
		{"decides", BESLISSER, "burgemeester", 0, 0, 0, 0},
		{"decides", ACTION, "opleggen", "besluit-burgemeester", "huisverbod-opgelegd", "burgemeester", NULL},
		{"no huisverbod", ACTION, "niet-opleggen", "besluit-burgemeester", "vervolg-crisisdienst", "burgemeester", NULL},
		{"no huisverbod", ACTION, "doorverwijzen", "vervolg-crisisdienst", "afgesloten-zonder-huisverbod", "crisisdienst", NULL},
		{"no huisverbod", ACTION, "niet-opleggen-kinderen", "besluit-burgemeester", "vervolg-cit-jbwest", "burgemeester", NULL},
		{"no huisverbod", ACTION, "cit-jbwest-gestart", "vervolg-cit-jbwest", "afgesloten-zonder-huisverbod", "cit-jbwest", NULL},
		{"no huisverbod", TERMIJN_WERKDAGEN, "vervolg-cit-jbwest", "1", 0, 0, 0}, /* the next working day */
	}},
	{"workflows/utrecht.yaml", {
		{"route", ROUTE, "direct", 0, 0, 0, 0},
		{"who may file", BEGIN, "bij-adviseur-huisverbod", 0, 0, 0, 0},
		{"who may file", ANDEREN, "bij-veilig-thuis", "melder", 0, 0, 0}, /* others go through VT */
		{"who may file", ACTION, "overnemen", "bij-veilig-thuis", "bij-adviseur-huisverbod", "vt-crisis,vt-gedragswetenschapper", NULL},
		{"intake", ACTION, "ter-plaatse-gaan", "bij-adviseur-huisverbod", "ter-plaatse", "adviseur-huisverbod", NULL},
		{"intake", ROLE_ORG, "adviseur-huisverbod", "Politie", 0, 0, 0},
		{"assessors", ACTION, "rihg-vastleggen", "ter-plaatse", "ter-plaatse", "adviseur-huisverbod,vt-crisis", NULL},
		{"assessors", ACTION, "gedragswetenschapper-raadplegen", "ter-plaatse", "ter-plaatse", "vt-gedragswetenschapper", NULL},
		{"assessors", ROLE_ORG, "vt-crisis", "Veilig Thuis", 0, 0, 0},
		{"advice", ACTION, "advies-vastleggen", "ter-plaatse", "besluit-burgemeester", "adviseur-huisverbod", NULL},
		{"decides", BESLISSER, "burgemeester", 0, 0, 0, 0},
		{"decides", ACTION, "opleggen", "besluit-burgemeester", "huisverbod-opgelegd", "burgemeester", NULL},
		{"no huisverbod", ACTION, "niet-opleggen", "besluit-burgemeester", "crisisinterventie", "burgemeester", NULL},
		{"no huisverbod", ACTION, "crisisinterventie-gestart", "crisisinterventie", "afgesloten-zonder-huisverbod", "vt-crisis", NULL},
	}},
};

static void join(char *const *list, size_t n, char *out, size_t size)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "", list[i]);
}

static int has(char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void check(const wt_workflow *wf, const char *file, const fact *f)
{
	char got[512];
	const wt_wf_action *a;
	const wt_wf_role *r;
	const wt_wf_state *s;

	switch (f->k) {
	case ROUTE:
		cr_expect_str_eq(wf->route, f->a, "%s [%s]: route", file, f->cell);
		break;
	case BEGIN:
		cr_expect_str_eq(wf->begin, f->a, "%s [%s]: begin", file, f->cell);
		break;
	case ANDEREN:
		cr_assert_not_null(wf->anderen_begin, "%s [%s]: others are routed", file, f->cell);
		cr_expect_str_eq(wf->anderen_begin, f->a, "%s [%s]", file, f->cell);
		join(wf->anderen_rollen, wf->n_anderen_rollen, got, sizeof(got));
		cr_expect_str_eq(got, f->b, "%s [%s]: roles of others", file, f->cell);
		break;
	case BESLISSER:
		cr_expect_str_eq(wf->beslisser, f->a, "%s [%s]: beslisser", file, f->cell);
		break;
	case QUORUM:
		join(wf->quorum, wf->n_quorum, got, sizeof(got));
		cr_expect_str_eq(got, f->a, "%s [%s]: quorum", file, f->cell);
		break;
	case ROLE_ORG:
		r = wt_workflow_role(wf, f->a);
		cr_assert_not_null(r, "%s [%s]: role %s", file, f->cell, f->a);
		cr_assert_not_null(r->organisatie, "%s [%s]: organisation of %s", file, f->cell, f->a);
		cr_expect(strstr(r->organisatie, f->b) != NULL, "%s [%s]: %s is of '%s', not '%s'", file,
			  f->cell, f->a, r->organisatie, f->b);
		break;
	case ACTION:
		a = wt_workflow_action(wf, f->a);
		cr_assert_not_null(a, "%s [%s]: action %s", file, f->cell, f->a);
		cr_expect(has(a->van, a->n_van, f->b), "%s [%s]: %s from %s", file, f->cell, f->a, f->b);
		cr_expect_str_eq(a->naar, f->c, "%s [%s]: %s to", file, f->cell, f->a);
		join(a->rollen, a->n_rollen, got, sizeof(got));
		cr_expect_str_eq(got, f->d, "%s [%s]: %s by", file, f->cell, f->a);
		if (f->e == NULL)
			cr_expect_null(a->namens, "%s [%s]: %s in nobody else's name", file, f->cell, f->a);
		else
			cr_expect(a->namens != NULL && strcmp(a->namens, f->e) == 0, "%s [%s]: %s namens %s",
				  file, f->cell, f->a, f->e);
		break;
	case TERMINAL:
		s = wt_workflow_state(wf, f->a);
		cr_assert_not_null(s);
		cr_expect(s->terminal, "%s [%s]: %s is an end state", file, f->cell, f->a);
		break;
	case TERMIJN_WERKDAGEN:
		s = wt_workflow_state(wf, f->a);
		cr_assert_not_null(s);
		cr_expect(s->has_termijn && s->termijn.workdays == f->b[0] - '0', "%s [%s]: %s within %s werkdag",
			  file, f->cell, f->a, f->b);
		break;
	}
}

Test(domain_table, every_cell_of_the_four_cities)
{
	size_t i, j, n = 0;

	for (i = 0; i < sizeof(cities) / sizeof(cities[0]); i++) {
		wt_doc *doc = NULL;
		wt_workflow *wf = NULL;
		wt_error err;
		cr_assert_eq(wt_yaml_load_file(&doc, cities[i].file, &err), 0, "%s", err.message);
		cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0, "%s", err.message);
		for (j = 0; j < sizeof(cities[i].facts) / sizeof(cities[i].facts[0]) && cities[i].facts[j].cell; j++, n++)
			check(wf, cities[i].file, &cities[i].facts[j]);
		wt_workflow_free(wf);
		wt_doc_free(doc);
	}
	cr_expect_geq(n, 60, "%zu facts checked", n);
}
