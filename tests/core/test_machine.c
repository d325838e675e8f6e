/* test_machine.c: the state machine on hand-built cases: every Rotterdam path, refusals, deadlines, visibility. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/machine.h"
#include "yaml/yaml_load.h"

#define SIM_MAX_EVENTS 64
#define SIM_NAME_MAX 64

static wt_workflow *load_wf(const char *path)
{
	wt_doc *doc = NULL;
	wt_workflow *wf = NULL;
	wt_error err;

	cr_assert_eq(wt_yaml_load_file(&doc, path, &err), 0, "%s: %s", path, err.message);
	cr_assert_eq(wt_workflow_parse(&wf, doc, &err), 0, "%s: %s", path, err.message);
	wt_doc_free(doc);
	return wf;
}

static int64_t at(const char *iso)
{
	int64_t t = 0;

	cr_assert_eq(wt_time_parse(&t, iso), 0, "%s", iso);
	return t;
}

/* A case in memory: the events own their strings in fixed arrays. */
typedef struct sim {
	const wt_workflow *wf;
	wt_case_view cv;
	wt_event_view ev[SIM_MAX_EVENTS];
	char action[SIM_MAX_EVENTS][SIM_NAME_MAX], from[SIM_MAX_EVENTS][SIM_NAME_MAX];
	char to[SIM_MAX_EVENTS][SIM_NAME_MAX], who[SIM_MAX_EVENTS][SIM_NAME_MAX];
	char role[SIM_MAX_EVENTS][SIM_NAME_MAX];
	char state[SIM_NAME_MAX];
	int64_t now;
	wt_error err; /* of the last refused step */
} sim;

static void record(sim *s, const char *action, const char *to, const char *who, const char *role)
{
	size_t i = s->cv.n_events;

	cr_assert_lt(i, SIM_MAX_EVENTS);
	snprintf(s->action[i], SIM_NAME_MAX, "%s", action);
	snprintf(s->from[i], SIM_NAME_MAX, "%s", i == 0 ? "" : s->state);
	snprintf(s->to[i], SIM_NAME_MAX, "%s", to);
	snprintf(s->who[i], SIM_NAME_MAX, "%s", who);
	snprintf(s->role[i], SIM_NAME_MAX, "%s", role);
	s->ev[i].action = s->action[i];
	s->ev[i].from = s->from[i];
	s->ev[i].to = s->to[i];
	s->ev[i].actor = s->who[i];
	s->ev[i].role = s->role[i];
	s->ev[i].time = s->now;
	s->now += 3600;
	snprintf(s->state, sizeof(s->state), "%s", to);
	s->cv.n_events = i + 1;
}

/* A submitted case: submitter "vz" (role verzoeker, veilig-thuis). */
static void sim_start(sim *s, const wt_workflow *wf)
{
	memset(s, 0, sizeof(*s));
	s->wf = wf;
	s->now = at("2026-11-23T09:00:00+01:00");
	s->cv.wf = wf;
	s->cv.state = s->state;
	s->cv.submitter = "vz";
	s->cv.submitter_org = "veilig-thuis";
	s->cv.events = s->ev;
	s->cv.gevaar_onderbouwd = 1;
	record(s, "indienen", wf->begin, "vz", "verzoeker");
}

/* One action by the user called after the role ("vz" for verzoeker), with note and file. */
static int act_as(sim *s, const char *who, const char *role, const char *action, int note, int file)
{
	const char *roles[1];
	wt_actor actor;
	const wt_wf_action *a = NULL;
	const char *used = NULL;
	int rc;

	roles[0] = role;
	actor.id = who;
	actor.organisatie = "politie";
	actor.roles = roles;
	actor.n_roles = 1;
	wt_error_clear(&s->err);
	rc = wt_machine_check(&s->cv, &actor, action, note, file, &a, &used, &s->err);
	if (rc < 0) {
		cr_assert_null(a);
		return rc;
	}
	cr_assert_str_eq(a->key, action);
	cr_assert_str_eq(used, role);
	record(s, action, a->naar, who, role);
	return 0;
}

/* Runs "role:action" steps, each of which must succeed; returns the final state. */
static const char *walk(sim *s, const char *const *steps)
{
	size_t i;

	for (i = 0; steps[i]; i++) {
		char role[SIM_NAME_MAX];
		const char *colon = strchr(steps[i], ':');
		cr_assert_not_null(colon, "%s", steps[i]);
		snprintf(role, sizeof(role), "%.*s", (int)(colon - steps[i]), steps[i]);
		cr_assert_eq(act_as(s, strcmp(role, "verzoeker") == 0 ? "vz" : role, role, colon + 1, 1, 1), 0,
			     "stap %s in %s: %s", steps[i], s->state, s->err.message);
	}
	return s->state;
}

static wt_workflow *rtm;

static void setup(void)
{
	rtm = load_wf("workflows/rotterdam.yaml");
}

static void teardown(void)
{
	wt_workflow_free(rtm);
}

TestSuite(machine, .init = setup, .fini = teardown);

#define ALL_ASSESS                                                                                     \
	"ketenregisseur:beoordelen", "politie:beoordelen", "crisisteam:beoordelen", "gedragsdeskundige:beoordelen"

/* Every path of Rotterdam, each ending in its terminal state; together they visit them all. */
Test(machine, rotterdam_every_path_ends_in_a_terminal_state)
{
	static const char *const not_ban_worthy[] = {ALL_ASSESS, "ketenregisseur:conclusie-niet-huisverbodwaardig", NULL};
	static const char *const more_info_then_no_screening[] = {
		ALL_ASSESS, "ketenregisseur:meer-informatie-vragen", "verzoeker:informatie-aanvullen", ALL_ASSESS,
		"ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen", "hulpofficier:screening-afwijzen",
		NULL};
	static const char *const not_imposed[] = {
		ALL_ASSESS, "ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen",
		"hulpofficier:screening-starten", "crisisteam:rihg-vastleggen", "hulpofficier:niet-opleggen", NULL};
	static const char *const imposed_extended_ended[] = {
		ALL_ASSESS, "ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen",
		"hulpofficier:screening-starten", "politie:rihg-vastleggen", "hulpofficier:raadplegen-veilig-thuis",
		"hulpofficier:opleggen", "burgemeester:verlengen", "hulpofficier:aflopen", NULL};
	static const char *const imposed_ended[] = {
		ALL_ASSESS, "ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen",
		"hulpofficier:screening-starten", "crisisteam:rihg-vastleggen", "hulpofficier:opleggen",
		"burgemeester:aflopen", NULL};
	static const char *const withdrawn[] = {"verzoeker:intrekken", NULL};
	static const struct {
		const char *const *steps;
		const char *end;
		int kindermishandeling;
	} paths[] = {
		{not_ban_worthy, "afgewezen-door-weegteam", 0},
		{more_info_then_no_screening, "geen-screening", 0},
		{not_imposed, "niet-opgelegd", 0},
		{imposed_extended_ended, "afgelopen", 1},
		{imposed_ended, "afgelopen", 0},
		{withdrawn, "ingetrokken", 0},
	};
	unsigned char visited[64] = {0};
	size_t i;
	sim s;

	cr_assert_leq(rtm->n_states, sizeof(visited));
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const wt_wf_state *end;
		sim_start(&s, rtm);
		s.cv.kindermishandeling = paths[i].kindermishandeling;
		cr_assert_str_eq(walk(&s, paths[i].steps), paths[i].end, "pad %zu", i);
		end = wt_workflow_state(rtm, s.state);
		cr_assert(end->terminal, "pad %zu eindigt in %s", i, s.state);
		visited[end - rtm->states] = 1;
		/* Nothing more can happen, whoever tries. */
		cr_assert_eq(act_as(&s, "hulpofficier", "hulpofficier", "opleggen", 1, 1), -WT_EREFUSED);
		cr_assert_str_eq(s.err.key, "afgesloten");
		cr_assert(strstr(s.err.message, "afgesloten") != NULL);
	}
	for (i = 0; i < rtm->n_states; i++)
		if (rtm->states[i].terminal)
			cr_assert(visited[i], "eindtoestand %s niet bereikt", rtm->states[i].key);
}

/* The requester may withdraw in every state before a decision, and not after. */
Test(machine, rotterdam_withdrawal_only_before_a_decision)
{
	static const char *const to_decision[] = {
		ALL_ASSESS, "ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen",
		"hulpofficier:screening-starten", "crisisteam:rihg-vastleggen", NULL};
	size_t n, k;
	sim s;

	for (n = 0; to_decision[n]; n++) {
		static const char *steps[16];
		for (k = 0; k < n; k++)
			steps[k] = to_decision[k];
		steps[n] = NULL;
		sim_start(&s, rtm);
		walk(&s, steps);
		cr_assert_eq(act_as(&s, "vz", "verzoeker", "intrekken", 1, 0), 0, "in %s: %s", s.state, s.err.message);
		cr_assert_str_eq(s.state, "ingetrokken");
	}
	sim_start(&s, rtm);
	walk(&s, to_decision);
	cr_assert_eq(act_as(&s, "hulpofficier", "hulpofficier", "opleggen", 1, 0), 0);
	cr_assert_eq(act_as(&s, "vz", "verzoeker", "intrekken", 1, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "verkeerde_toestand");
	/* Only the burgemeester extends: the mandate does not cover it (Wth art. 3, 9). */
	cr_assert_eq(act_as(&s, "hulpofficier", "hulpofficier", "verlengen", 1, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "geen_rol");
	cr_assert(strstr(s.err.message, "burgemeester") != NULL, "%s", s.err.message);
}

Test(machine, refusals_say_why_in_the_order_of_the_checks)
{
	sim s;

	sim_start(&s, rtm);
	/* Unknown action: bad input, naming the actions that exist. */
	cr_assert_eq(act_as(&s, "politie", "politie", "goedkeuren", 1, 1), -WT_EINPUT);
	cr_assert_str_eq(s.err.key, "onbekende_actie");
	cr_assert(strstr(s.err.message, "'goedkeuren'") != NULL);
	cr_assert(strstr(s.err.message, "beoordelen, meer-informatie-vragen") != NULL, "%s", s.err.message);
	/* Not from this state: names the state and what is possible now. */
	cr_assert_eq(act_as(&s, "jurist", "jurist", "advies-vastleggen", 1, 1), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "verkeerde_toestand");
	cr_assert(strstr(s.err.message, "'weegteam'") != NULL, "%s", s.err.message);
	cr_assert(strstr(s.err.message, "Mogelijk zijn nu: beoordelen") != NULL, "%s", s.err.message);
	/* The state is checked before the role. */
	cr_assert_eq(act_as(&s, "vz", "verzoeker", "advies-vastleggen", 0, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "verkeerde_toestand");
	/* Role not held: names who may. */
	cr_assert_eq(act_as(&s, "jurist", "jurist", "beoordelen", 1, 1), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "geen_rol");
	cr_assert(strstr(s.err.message, "ketenregisseur, politie, crisisteam of gedragsdeskundige") != NULL, "%s",
		  s.err.message);
	/* The role before the missing file. */
	cr_assert_eq(act_as(&s, "jurist", "jurist", "beoordelen", 0, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "geen_rol");
	/* Missing file, then missing note. */
	cr_assert_eq(act_as(&s, "politie", "politie", "beoordelen", 1, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "bestand_ontbreekt");
	cr_assert(strstr(s.err.message, "beoordeling") != NULL);
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-niet-huisverbodwaardig", 0, 0),
		     -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "notitie_ontbreekt");
	/* Missing note is checked before the guards (the quorum is not complete either). */
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-niet-huisverbodwaardig", 1, 0),
		     -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "quorum_onvolledig");
	cr_assert(strstr(s.err.message, "ketenregisseur, politie, crisisteam, gedragsdeskundige") != NULL, "%s",
		  s.err.message);
	/* A refusal changed nothing. */
	cr_assert_eq(s.cv.n_events, 1);
	cr_assert_str_eq(s.state, "weegteam");
}

Test(machine, quorum_names_who_is_missing_and_counts_only_this_round)
{
	static const char *const two[] = {"politie:beoordelen", "gedragsdeskundige:beoordelen", NULL};
	static const char *const rest[] = {"ketenregisseur:beoordelen", "crisisteam:beoordelen",
					   "ketenregisseur:meer-informatie-vragen", "verzoeker:informatie-aanvullen",
					   "politie:beoordelen", NULL};
	sim s;

	sim_start(&s, rtm);
	walk(&s, two);
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-huisverbodwaardig", 1, 0), -WT_EREFUSED);
	cr_assert(strstr(s.err.message, "Het quorum is nog niet compleet") != NULL, "%s", s.err.message);
	cr_assert(strstr(s.err.message, "ketenregisseur, crisisteam.") != NULL, "%s", s.err.message);
	walk(&s, rest);
	/* A new round after more information: only politie has assessed again. */
	cr_assert_str_eq(s.state, "weegteam");
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-niet-huisverbodwaardig", 1, 0),
		     -WT_EREFUSED);
	cr_assert(strstr(s.err.message, "ketenregisseur, crisisteam, gedragsdeskundige.") != NULL, "%s", s.err.message);
	cr_assert_null(strstr(s.err.message, "politie"), "%s", s.err.message);
	/* Self-loops (the assessments themselves) do not start a round: all four now count. */
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "beoordelen", 0, 1), 0, "%s", s.err.message);
	cr_assert_eq(act_as(&s, "crisisteam", "crisisteam", "beoordelen", 0, 1), 0, "%s", s.err.message);
	cr_assert_eq(act_as(&s, "gedragsdeskundige", "gedragsdeskundige", "beoordelen", 0, 1), 0, "%s", s.err.message);
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-niet-huisverbodwaardig", 1, 0), 0,
		     "%s", s.err.message);
}

Test(machine, guards_own_request_once_per_round_danger_and_veilig_thuis)
{
	static const char *const to_decision[] = {
		ALL_ASSESS, "ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen",
		"hulpofficier:screening-starten", "crisisteam:rihg-vastleggen", NULL};
	static const char *const assessed[] = {ALL_ASSESS, NULL};
	sim s;

	sim_start(&s, rtm);
	/* The submitter, even holding a team role, may not judge the own request. */
	cr_assert_eq(act_as(&s, "vz", "politie", "beoordelen", 0, 1), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "eigen_verzoek");
	cr_assert_eq(act_as(&s, "po", "politie", "beoordelen", 0, 1), 0);
	cr_assert_eq(act_as(&s, "po", "politie", "beoordelen", 0, 1), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "al_gedaan");
	cr_assert(strstr(s.err.message, "in deze ronde") != NULL);

	sim_start(&s, rtm);
	s.cv.gevaar_onderbouwd = 0;
	walk(&s, assessed);
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-huisverbodwaardig", 1, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "gevaar_niet_onderbouwd");
	cr_assert(strstr(s.err.message, "niet onderbouwd") != NULL);
	/* Not ban-worthy needs only the quorum. */
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "conclusie-niet-huisverbodwaardig", 1, 0), 0);

	sim_start(&s, rtm);
	s.cv.kindermishandeling = 1;
	walk(&s, to_decision);
	cr_assert_eq(act_as(&s, "hulpofficier", "hulpofficier", "opleggen", 1, 0), -WT_EREFUSED);
	cr_assert_str_eq(s.err.key, "veilig_thuis_niet_geraadpleegd");
	cr_assert(strstr(s.err.message, "art. 2 lid 3") != NULL);
	cr_assert_eq(act_as(&s, "hulpofficier", "hulpofficier", "raadplegen-veilig-thuis", 1, 0), 0);
	cr_assert_str_eq(s.state, "besluit-hulpofficier");
	cr_assert_eq(act_as(&s, "hulpofficier", "hulpofficier", "opleggen", 1, 0), 0, "%s", s.err.message);
	cr_assert_str_eq(wt_workflow_action(rtm, "opleggen")->namens, "burgemeester");
}

Test(machine, an_actor_with_several_roles_acts_in_the_allowed_one)
{
	const char *roles[] = {"verzoeker", "jurist", "gedragsdeskundige"};
	wt_actor actor = {"multi", "veilig-thuis", roles, 3};
	const wt_wf_action *a;
	const char *role;
	wt_error err;
	sim s;

	sim_start(&s, rtm);
	cr_assert_eq(wt_machine_check(&s.cv, &actor, "beoordelen", 0, 1, &a, &role, &err), 0, "%s", err.message);
	cr_assert_str_eq(role, "gedragsdeskundige");
	cr_assert_eq(wt_machine_check(&s.cv, &actor, "intrekken", 1, 0, &a, &role, &err), 0);
	cr_assert_str_eq(role, "verzoeker");
}

Test(machine, submission_needs_the_role_and_an_accepted_organisation)
{
	wt_workflow *utr = load_wf("workflows/utrecht.yaml");
	wt_workflow *prf = load_wf("tests/fixtures/workflow/goed.yaml");
	const char *vz[] = {"verzoeker"}, *po[] = {"politie"};
	wt_actor a = {"vz", "veilig-thuis", vz, 1}, b = {"po", "politie", po, 1};
	const char *role = NULL;
	wt_error err;

	cr_assert_eq(wt_machine_check_submit(rtm, &a, "veilig-thuis", &role, &err), 0);
	cr_assert_str_eq(role, "verzoeker");
	cr_assert_eq(wt_machine_check_submit(rtm, &b, "veilig-thuis", &role, &err), -WT_EREFUSED);
	cr_assert_null(role);
	cr_assert(strstr(err.message, "verzoeker") != NULL, "%s", err.message);
	/* Utrecht: only Veilig Thuis files directly; another organisation files as melder and the
	 * request starts at Veilig Thuis (indienen.anderen). Without that role: refused, with the
	 * city's own explanation. */
	cr_assert_eq(wt_machine_check_submit(utr, &a, "wijkteam", &role, &err), -WT_EREFUSED);
	cr_assert_str_eq(err.key, "geen_rol");
	cr_assert(strstr(err.message, "melden bij Veilig Thuis") != NULL, "%s", err.message);
	cr_assert(strstr(err.message, "melder") != NULL, "%s", err.message);
	{
		const char *ml[] = {"melder"};
		wt_actor m = {"ml", "wijkteam", ml, 1};
		cr_assert_eq(wt_machine_check_submit(utr, &m, "wijkteam", &role, &err), 0, "%s", err.message);
		cr_assert_str_eq(role, "melder");
		cr_assert_str_eq(wt_workflow_begin_for(utr, "wijkteam"), "bij-veilig-thuis");
		cr_assert_str_eq(wt_workflow_begin_for(utr, "veilig-thuis"), "bij-adviseur-huisverbod");
		/* The melder role does not let Veilig Thuis skip its own route. */
		m.organisatie = "veilig-thuis";
		cr_assert_eq(wt_machine_check_submit(utr, &m, "veilig-thuis", &role, &err), -WT_EREFUSED);
		cr_assert_null(wt_workflow_begin_for(rtm, "overig"));
	}
	/* Without an explanation: the list of who may file. */
	free(prf->indieners_toelichting);
	prf->indieners_toelichting = NULL;
	cr_assert_eq(wt_machine_check_submit(prf, &a, "overig", &role, &err), -WT_EREFUSED);
	cr_assert(strstr(err.message, "veilig-thuis of jeugdbescherming") != NULL, "%s", err.message);
	wt_workflow_free(utr);
	wt_workflow_free(prf);
}

Test(machine, available_actions_follow_state_roles_and_guards)
{
	const char *kr[] = {"ketenregisseur"}, *vz[] = {"verzoeker"};
	wt_actor k = {"ketenregisseur", "gemeente", kr, 1}, v = {"vz", "veilig-thuis", vz, 1};
	static const char *const three[] = {"politie:beoordelen", "crisisteam:beoordelen",
					    "gedragsdeskundige:beoordelen", NULL};
	const wt_wf_action *out[16];
	size_t n;
	sim s;

	sim_start(&s, rtm);
	n = wt_machine_available(&s.cv, &k, out, 16);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(out[0]->key, "beoordelen");
	walk(&s, three);
	cr_assert_eq(act_as(&s, "ketenregisseur", "ketenregisseur", "beoordelen", 0, 1), 0);
	n = wt_machine_available(&s.cv, &k, out, 16);
	cr_assert_eq(n, 3, "meer informatie, wel of niet huisverbodwaardig (n=%zu)", n);
	cr_assert_str_eq(out[0]->key, "meer-informatie-vragen");
	cr_assert_str_eq(out[1]->key, "conclusie-huisverbodwaardig");
	cr_assert_str_eq(out[2]->key, "conclusie-niet-huisverbodwaardig");
	/* The count is complete even when fewer pointers fit. */
	cr_assert_eq(wt_machine_available(&s.cv, &k, out, 1), 3);
	n = wt_machine_available(&s.cv, &v, out, 16);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(out[0]->key, "intrekken");
	s.cv.state = "afgelopen";
	cr_assert_eq(wt_machine_available(&s.cv, &k, out, 16), 0);
}

Test(machine, who_must_act_in_a_state)
{
	wt_buf b;

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_machine_roles_to_act(rtm, "weegteam", &b), 0);
	cr_assert_str_eq(b.data, "ketenregisseur,politie,crisisteam,gedragsdeskundige,verzoeker");
	wt_buf_reset(&b);
	cr_assert_eq(wt_machine_roles_to_act(rtm, "huisverbod-opgelegd", &b), 0);
	cr_assert_str_eq(b.data, "burgemeester,hulpofficier");
	wt_buf_reset(&b);
	cr_assert_eq(wt_machine_roles_to_act(rtm, "afgelopen", &b), 0);
	cr_assert_eq(b.len, 0);
	wt_buf_release(&b);
}

Test(machine, deadlines_in_hours_and_working_days)
{
	int64_t mon = at("2026-11-23T10:00:00+01:00");
	int64_t fri = at("2026-11-27T16:30:00+01:00");
	int64_t xmas_eve = at("2026-12-24T10:00:00+01:00");
	int64_t sat = at("2026-11-28T11:00:00+01:00");

	/* weegteam: 3 werkdagen, spoed 24 uur (local agreements). */
	cr_assert_eq(wt_machine_deadline(rtm, "weegteam", 0, mon), at("2026-11-26T10:00:00+01:00"));
	cr_assert_eq(wt_machine_deadline(rtm, "weegteam", 0, fri), at("2026-12-02T16:30:00+01:00"));
	cr_assert_eq(wt_machine_deadline(rtm, "weegteam", 1, fri), at("2026-11-28T16:30:00+01:00"));
	/* 1 werkdag over Kerst: Friday 25th and Saturday 26th are off, Sunday too. */
	cr_assert_eq(wt_machine_deadline(rtm, "advies-jurist", 0, xmas_eve), at("2026-12-28T10:00:00+01:00"));
	/* Entered on a Saturday: counts from Monday 00:00. */
	cr_assert_eq(wt_machine_deadline(rtm, "advies-jurist", 0, sat), at("2026-12-01T00:00:00+01:00"));
	cr_assert_eq(wt_machine_deadline(rtm, "advies-jurist", 1, sat), sat + 4 * 3600);
	/* The huisverbod: 240 hours to the hour, weekends and Kerst do not move it (Wth art. 13). */
	cr_assert_eq(wt_machine_deadline(rtm, "huisverbod-opgelegd", 0, xmas_eve), xmas_eve + 240 * 3600);
	cr_assert_eq(wt_machine_deadline(rtm, "huisverbod-opgelegd", 1, xmas_eve), xmas_eve + 240 * 3600);
	/* Terminal and unknown states have no deadline. */
	cr_assert_eq(wt_machine_deadline(rtm, "afgelopen", 0, mon), 0);
	cr_assert_eq(wt_machine_deadline(rtm, "bestaat-niet", 0, mon), 0);
}

Test(machine, an_extension_counts_from_the_imposition)
{
	static const char *const imposed[] = {
		ALL_ASSESS, "ketenregisseur:conclusie-huisverbodwaardig", "jurist:advies-vastleggen",
		"hulpofficier:screening-starten", "crisisteam:rihg-vastleggen", "hulpofficier:opleggen", NULL};
	int64_t imposed_at, base;
	sim s;

	sim_start(&s, rtm);
	walk(&s, imposed);
	imposed_at = s.ev[s.cv.n_events - 1].time;
	s.now = imposed_at + 5 * 86400;
	cr_assert_eq(act_as(&s, "burgemeester", "burgemeester", "verlengen", 1, 0), 0);
	base = wt_machine_deadline_base(rtm, "huisverbod-verlengd", s.ev, s.cv.n_events, s.now);
	cr_assert_eq(base, imposed_at);
	cr_assert_eq(wt_machine_deadline(rtm, "huisverbod-verlengd", 0, base), imposed_at + 28 * 86400);
	/* A state without termijn_vanaf counts from now. */
	cr_assert_eq(wt_machine_deadline_base(rtm, "huisverbod-opgelegd", s.ev, s.cv.n_events, 42), 42);
	/* Never imposed: falls back to now. */
	cr_assert_eq(wt_machine_deadline_base(rtm, "huisverbod-verlengd", s.ev, 1, 7), 7);
}

Test(machine, visibility_follows_inzage)
{
	wt_workflow *utr = load_wf("workflows/utrecht.yaml");
	const char *vz[] = {"verzoeker"}, *po[] = {"politie"}, *none[] = {"onbekend"};
	const char *both[] = {"onbekend", "verzoeker"};
	wt_actor own = {"vz", "veilig-thuis", vz, 1}, other = {"ander", "veilig-thuis", vz, 1};
	wt_actor elsewhere = {"elders", "wijkteam", vz, 1}, police = {"po", "politie", po, 1};
	wt_actor nobody = {"x", "veilig-thuis", none, 1}, mixed = {"vz", "veilig-thuis", both, 2};
	wt_actor no_org = {"y", NULL, vz, 1};

	/* Rotterdam: verzoeker sees own requests only; the team sees all. */
	cr_assert(wt_machine_can_see(rtm, &own, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(rtm, &other, "vz", "veilig-thuis"));
	cr_assert(wt_machine_can_see(rtm, &police, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(rtm, &nobody, "vz", "veilig-thuis"));
	cr_assert(wt_machine_can_see(rtm, &mixed, "vz", "veilig-thuis"));
	/* Utrecht: a Veilig Thuis worker sees the requests of the own organisation. */
	cr_assert(wt_machine_can_see(utr, &other, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(utr, &elsewhere, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(utr, &no_org, "vz", "veilig-thuis"));
	cr_assert_not(wt_machine_can_see(utr, &other, "vz", NULL));
	/* A role of another city gives nothing here. */
	cr_assert_not(wt_machine_can_see(utr, &police, "vz", "veilig-thuis"));
	wt_workflow_free(utr);
}

/* One path to a huisverbod and one without in each of the other cities. */
Test(machine, the_other_cities_reach_their_ends)
{
	static const char *const ams_ban[] = {
		"zorgcoordinator:inbrengen", "politie:beoordelen", "zorgcoordinator:beoordelen", "veilig-thuis:beoordelen",
		"juridische-zaken:beoordelen", "jbra-gezinsmanager:beoordelen", "zorgcoordinator:conclusie-huisverbodwaardig",
		"juridische-zaken:advies-vastleggen", "hulpofficier:rihg-vastleggen", "hulpofficier:raadplegen-veilig-thuis",
		"hulpofficier:opleggen", "services:toetsing-services", "burgemeester:aflopen", NULL};
	static const char *const ams_none[] = {
		"zorgcoordinator:inbrengen", "politie:beoordelen", "zorgcoordinator:beoordelen", "veilig-thuis:beoordelen",
		"juridische-zaken:beoordelen", "jbra-gezinsmanager:beoordelen",
		"zorgcoordinator:conclusie-niet-huisverbodwaardig", "veilig-thuis:vervolg-vastleggen", NULL};
	static const char *const dhg_ban[] = {
		"operationeel-coordinator:doorzetten", "hulpofficier:rihg-vastleggen", "crisisdienst:rihg-vastleggen",
		"hulpofficier:advies-vastleggen", "burgemeester:raadplegen-veilig-thuis", "burgemeester:opleggen",
		"burgemeester:verlengen", "burgemeester:aflopen", NULL};
	static const char *const dhg_children[] = {
		"operationeel-coordinator:doorzetten", "hulpofficier:rihg-vastleggen", "cit-jbwest:rihg-vastleggen",
		"hulpofficier:advies-vastleggen", "burgemeester:niet-opleggen-kinderen", "cit-jbwest:cit-jbwest-gestart", NULL};
	static const char *const utr_ban[] = {
		"adviseur-huisverbod:ter-plaatse-gaan", "adviseur-huisverbod:rihg-vastleggen",
		"vt-gedragswetenschapper:gedragswetenschapper-raadplegen", "adviseur-huisverbod:advies-vastleggen",
		"adviseur-huisverbod:raadplegen-veilig-thuis", "burgemeester:opleggen", "adviseur-huisverbod:aflopen", NULL};
	static const char *const utr_none[] = {
		"adviseur-huisverbod:ter-plaatse-gaan", "adviseur-huisverbod:rihg-vastleggen", "adviseur-huisverbod:advies-vastleggen",
		"burgemeester:niet-opleggen", "vt-crisis:crisisinterventie-gestart", NULL};
	static const struct {
		const char *file;
		const char *const *steps;
		const char *end;
	} paths[] = {
		{"workflows/amsterdam.yaml", ams_ban, "afgelopen"},
		{"workflows/amsterdam.yaml", ams_none, "afgesloten-zonder-huisverbod"},
		{"workflows/den-haag.yaml", dhg_ban, "afgelopen"},
		{"workflows/den-haag.yaml", dhg_children, "afgesloten-zonder-huisverbod"},
		{"workflows/utrecht.yaml", utr_ban, "afgelopen"},
		{"workflows/utrecht.yaml", utr_none, "afgesloten-zonder-huisverbod"},
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		wt_workflow *wf = load_wf(paths[i].file);
		sim s;
		sim_start(&s, wf);
		s.cv.kindermishandeling = 1;
		cr_assert_str_eq(walk(&s, paths[i].steps), paths[i].end, "%s pad %zu", paths[i].file, i);
		cr_assert(wt_workflow_state(wf, s.state)->terminal);
		wt_workflow_free(wf);
	}
}
