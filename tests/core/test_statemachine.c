/* test_statemachine.c: the core's decisions on hand-built cases (no I/O beyond loading YAML). */
#include <criterion/criterion.h>
#include <string.h>

#include "core/machine.h"
#include "yaml/yaml_load.h"

static wt_workflow *wf;
static wt_doc *doc;

static void setup(void)
{
	wt_error err;

	cr_assert_eq(wt_yaml_load_file(&doc, "workflows/rotterdam.yaml", &err), 0);
	cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0, "%s", err.message);
}

static void teardown(void)
{
	wt_workflow_free(wf);
	wt_doc_free(doc);
}

TestSuite(statemachine, .init = setup, .fini = teardown);

/* Role lists live in a pool so that several actors can exist side by side. */
static const char *role_pool[16];
static size_t role_used;

static wt_actor actor_with(const char *id, const char *role)
{
	wt_actor a;

	cr_assert(role_used < 16);
	role_pool[role_used] = role;
	memset(&a, 0, sizeof(a));
	a.id = id;
	a.organisatie = "veilig-thuis";
	a.roles = &role_pool[role_used++];
	a.n_roles = 1;
	return a;
}

static wt_case_view view(const char *state, const wt_event_view *ev, size_t n)
{
	wt_case_view cv;

	memset(&cv, 0, sizeof(cv));
	cv.wf = wf;
	cv.state = state;
	cv.submitter = "vz";
	cv.submitter_org = "veilig-thuis";
	cv.events = ev;
	cv.n_events = n;
	cv.gevaar_onderbouwd = 1;
	return cv;
}

static const wt_event_view submitted = {"indienen", "", "weegteam", "vz", "verzoeker", 0};

Test(statemachine, refuses_wrong_role_state_and_missing_note)
{
	wt_case_view cv = view("weegteam", &submitted, 1);
	wt_actor po = actor_with("po", "politie");
	const wt_wf_action *a;
	const char *role;
	wt_error err;

	cr_assert_eq(wt_machine_check(&cv, &po, "advies-vastleggen", 0, 1, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "verkeerde_toestand");
	cr_assert_eq(wt_machine_check(&cv, &po, "conclusie-huisverbodwaardig", 1, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "geen_rol");
	cr_assert_eq(wt_machine_check(&cv, &po, "beoordelen", 0, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "bestand_ontbreekt");
	cr_assert_eq(wt_machine_check(&cv, &po, "beoordelen", 0, 1, &a, &role, &err), 0, "%s", err.message);
	cr_assert_str_eq(role, "politie");
	cr_assert_eq(wt_machine_check(&cv, &po, "bestaat-niet", 0, 0, &a, &role, &err), -WT_EINPUT);
}

Test(statemachine, quorum_counts_only_the_current_round)
{
	wt_event_view ev[] = {
		submitted,
		{"beoordelen", "weegteam", "weegteam", "kr", "ketenregisseur", 0},
		{"beoordelen", "weegteam", "weegteam", "po", "politie", 0},
		{"beoordelen", "weegteam", "weegteam", "ct", "crisisteam", 0},
		{"beoordelen", "weegteam", "weegteam", "gd", "gedragsdeskundige", 0},
		{"meer-informatie-vragen", "weegteam", "meer-informatie", "kr", "ketenregisseur", 0},
		{"informatie-aanvullen", "meer-informatie", "weegteam", "vz", "verzoeker", 0},
	};
	wt_actor kr = actor_with("kr", "ketenregisseur");
	const wt_wf_action *a;
	const char *role;
	wt_error err;
	wt_case_view cv = view("weegteam", ev, 5);

	cr_assert_eq(wt_machine_check(&cv, &kr, "conclusie-huisverbodwaardig", 1, 0, &a, &role, &err), 0,
		     "%s", err.message);
	cv = view("weegteam", ev, 4);
	cr_assert_eq(wt_machine_check(&cv, &kr, "conclusie-huisverbodwaardig", 1, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert(strstr(err.message, "gedragsdeskundige") != NULL, "%s", err.message);
	/* After more information came back, a new round starts: the old assessments do not count. */
	cv = view("weegteam", ev, 7);
	cr_assert_eq(wt_machine_check(&cv, &kr, "conclusie-huisverbodwaardig", 1, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "quorum_onvolledig");
	/* And criterion (iii) must be onderbouwd. */
	cv = view("weegteam", ev, 5);
	cv.gevaar_onderbouwd = 0;
	cr_assert_eq(wt_machine_check(&cv, &kr, "conclusie-huisverbodwaardig", 1, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "gevaar_niet_onderbouwd");
}

Test(statemachine, guards_on_own_request_and_once_per_round)
{
	wt_event_view ev[] = {submitted, {"beoordelen", "weegteam", "weegteam", "po", "politie", 0}};
	wt_actor po = actor_with("po", "politie");
	wt_actor self = actor_with("vz", "politie");
	const wt_wf_action *a;
	const char *role;
	wt_error err;
	wt_case_view cv = view("weegteam", ev, 2);

	cr_assert_eq(wt_machine_check(&cv, &po, "beoordelen", 0, 1, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "al_gedaan");
	cr_assert_eq(wt_machine_check(&cv, &self, "beoordelen", 0, 1, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "eigen_verzoek");
}

Test(statemachine, kindermishandeling_needs_veilig_thuis_before_imposing)
{
	wt_event_view ev[] = {submitted, {"raadplegen-veilig-thuis", "besluit-hulpofficier", "besluit-hulpofficier", "ho", "hulpofficier", 0}};
	wt_actor ho = actor_with("ho", "hulpofficier");
	const wt_wf_action *a;
	const char *role;
	wt_error err;
	wt_case_view cv = view("besluit-hulpofficier", ev, 1);

	cv.kindermishandeling = 1;
	cr_assert_eq(wt_machine_check(&cv, &ho, "opleggen", 1, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "veilig_thuis_niet_geraadpleegd");
	cv.n_events = 2;
	cr_assert_eq(wt_machine_check(&cv, &ho, "opleggen", 1, 0, &a, &role, &err), 0, "%s", err.message);
	cr_assert_str_eq(a->namens, "burgemeester");
}

Test(statemachine, deadlines_and_terminal_states)
{
	/* 2026-11-27 (Friday) 10:00 CET = 1795770000 */
	int64_t fri = 1795770000;
	wt_case_view cv = view("afgelopen", &submitted, 1);
	wt_actor ho = actor_with("ho", "hulpofficier");
	const wt_wf_action *a;
	const char *role;
	wt_error err;

	cr_assert_eq(wt_machine_deadline(wf, "weegteam", 0, fri), fri + 5 * 86400); /* 3 werkdagen: Wednesday */
	cr_assert_eq(wt_machine_deadline(wf, "weegteam", 1, fri), fri + 24 * 3600);
	cr_assert_eq(wt_machine_deadline(wf, "huisverbod-opgelegd", 0, fri), fri + 240 * 3600);
	cr_assert_eq(wt_machine_deadline(wf, "afgelopen", 0, fri), 0);
	cr_assert_eq(wt_machine_check(&cv, &ho, "aflopen", 1, 0, &a, &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "afgesloten");
}

Test(statemachine, visibility_follows_inzage)
{
	wt_actor vz = actor_with("vz", "verzoeker");
	wt_actor other = actor_with("ander", "verzoeker");
	wt_actor po = actor_with("po", "politie");
	wt_actor none = actor_with("x", "onbekend");

	cr_assert(wt_machine_can_see(wf, &vz, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(wf, &other, "vz", "veilig-thuis"));
	cr_assert(wt_machine_can_see(wf, &po, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(wf, &none, "vz", "veilig-thuis"));
}

Test(statemachine, available_actions_respect_roles_and_guards)
{
	wt_case_view cv = view("weegteam", &submitted, 1);
	wt_actor kr = actor_with("kr", "ketenregisseur");
	const wt_wf_action *out[16];
	size_t n = wt_machine_available(&cv, &kr, out, 16);

	cr_assert_eq(n, 1, "alleen beoordelen, zonder quorum geen conclusie (n=%zu)", n);
	cr_assert_str_eq(out[0]->key, "beoordelen");
}
