/* statemachine.c: may this actor take this action on this case now; guards; deadlines; visibility. */
#include "machine.h"

#include <stdio.h>
#include <string.h>

static int has(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* The first of the actor's roles that the list allows, or NULL. */
static const char *matching_role(const wt_actor *actor, char *const *allowed, size_t n)
{
	size_t i;

	for (i = 0; i < actor->n_roles; i++)
		if (has((const char *const *)allowed, n, actor->roles[i]))
			return actor->roles[i];
	return NULL;
}

static void join(wt_buf *b, char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			wt_buf_addstr(b, i + 1 == n ? " of " : ", ");
		wt_buf_addstr(b, list[i]);
	}
}

/*
 * The first event of the current round: the events after the one that last entered the
 * current state from another state (self-loops such as assessments do not start a round).
 */
static size_t round_start(const wt_case_view *cv)
{
	size_t i = cv->n_events;

	while (i > 0) {
		const wt_event_view *e = &cv->events[i - 1];
		if (strcmp(e->to, cv->state) == 0 && strcmp(e->from, cv->state) != 0)
			return i;
		i--;
	}
	return 0;
}

static int is_assessment(const wt_workflow *wf, const char *action)
{
	const wt_wf_action *a = wt_workflow_action(wf, action);

	return a != NULL && a->bestand != NULL && strcmp(a->bestand, "beoordeling") == 0;
}

/* Evaluates one guard; 0 when it holds, else -WT_EREFUSED with the reason. */
static int guard(const wt_case_view *cv, const wt_actor *actor, const wt_wf_action *a,
		 const char *name, wt_error *err)
{
	size_t start = round_start(cv), i, q;

	if (strcmp(name, "quorum") == 0) {
		wt_buf missing;
		int rc = 0;
		wt_buf_init(&missing, 1024);
		for (q = 0; q < cv->wf->n_quorum; q++) {
			int found = 0;
			for (i = start; i < cv->n_events && !found; i++)
				found = strcmp(cv->events[i].role, cv->wf->quorum[q]) == 0 &&
					is_assessment(cv->wf, cv->events[i].action);
			if (!found) {
				if (missing.len)
					wt_buf_addstr(&missing, ", ");
				wt_buf_addstr(&missing, cv->wf->quorum[q]);
			}
		}
		if (missing.len)
			rc = wt_error_set(err, WT_EREFUSED, "quorum_onvolledig",
					  "Het quorum is nog niet compleet: in deze ronde ontbreekt de beoordeling van %s.",
					  missing.data);
		wt_buf_release(&missing);
		return rc;
	}
	if (strcmp(name, "gevaar-onderbouwd") == 0) {
		if (cv->gevaar_onderbouwd)
			return 0;
		return wt_error_set(err, WT_EREFUSED, "gevaar_niet_onderbouwd",
				    "Criterium (iii), ernstig en onmiddellijk gevaar, is volgens de checklist "
				    "niet onderbouwd; vraag eerst meer informatie bij de verzoeker.");
	}
	if (strcmp(name, "veilig-thuis-geraadpleegd") == 0) {
		if (!cv->kindermishandeling)
			return 0;
		for (i = 0; i < cv->n_events; i++)
			if (strcmp(cv->events[i].action, "raadplegen-veilig-thuis") == 0)
				return 0;
		return wt_error_set(err, WT_EREFUSED, "veilig_thuis_niet_geraadpleegd",
				    "Bij kindermishandeling moet Veilig Thuis worden geraadpleegd voordat een "
				    "huisverbod wordt opgelegd (Wth art. 2 lid 3); leg eerst "
				    "'raadplegen-veilig-thuis' vast.");
	}
	if (strcmp(name, "niet-eigen-verzoek") == 0) {
		if (cv->submitter == NULL || strcmp(cv->submitter, actor->id) != 0)
			return 0;
		return wt_error_set(err, WT_EREFUSED, "eigen_verzoek",
				    "U heeft dit verzoek zelf ingediend en mag het niet zelf beoordelen.");
	}
	if (strcmp(name, "eenmaal-per-ronde") == 0) {
		for (i = start; i < cv->n_events; i++)
			if (strcmp(cv->events[i].actor, actor->id) == 0 &&
			    strcmp(cv->events[i].action, a->key) == 0)
				return wt_error_set(err, WT_EREFUSED, "al_gedaan",
						    "U heeft '%s' in deze ronde al vastgelegd.", a->key);
		return 0;
	}
	return wt_error_set(err, WT_EREFUSED, "onbekende_voorwaarde", "Onbekende voorwaarde '%s'.", name);
}

static int from_state(const wt_wf_action *a, const char *state)
{
	return has((const char *const *)a->van, a->n_van, state);
}

int wt_machine_check(const wt_case_view *cv, const wt_actor *actor, const char *action,
		     int has_note, int has_file, const wt_wf_action **out_action,
		     const char **out_role, wt_error *err)
{
	const wt_workflow *wf = cv->wf;
	const wt_wf_action *a = wt_workflow_action(wf, action);
	const wt_wf_state *st = wt_workflow_state(wf, cv->state);
	const char *role;
	size_t i;
	wt_buf b;
	int rc;

	*out_action = NULL;
	*out_role = NULL;
	wt_buf_init(&b, 4096);
	if (a == NULL) {
		for (i = 0; i < wf->n_actions; i++) {
			if (i > 0)
				wt_buf_addstr(&b, ", ");
			wt_buf_addstr(&b, wf->actions[i].key);
		}
		rc = wt_error_set(err, WT_EINPUT, "onbekende_actie",
				  "De workflow van %s kent de actie '%s' niet. Acties: %s.", wf->naam, action,
				  b.data ? b.data : "");
		wt_error_at(err, NULL, 0, 0, "ACTIE");
		wt_buf_release(&b);
		return rc;
	}
	if (st != NULL && st->terminal) {
		wt_buf_release(&b);
		return wt_error_set(err, WT_EREFUSED, "afgesloten",
				    "Het dossier is afgesloten (%s); er zijn geen acties meer mogelijk.", cv->state);
	}
	if (!from_state(a, cv->state)) {
		for (i = 0; i < wf->n_actions; i++)
			if (from_state(&wf->actions[i], cv->state)) {
				if (b.len)
					wt_buf_addstr(&b, ", ");
				wt_buf_addstr(&b, wf->actions[i].key);
			}
		rc = wt_error_set(err, WT_EREFUSED, "verkeerde_toestand",
				  "'%s' kan niet in de toestand '%s'. Mogelijk zijn nu: %s.", action, cv->state,
				  b.data ? b.data : "geen");
		wt_buf_release(&b);
		return rc;
	}
	role = matching_role(actor, a->rollen, a->n_rollen);
	if (role == NULL) {
		join(&b, a->rollen, a->n_rollen);
		rc = wt_error_set(err, WT_EREFUSED, "geen_rol",
				  "Alleen %s mag '%s' doen in %s; u (%s) heeft die rol daar niet.",
				  b.data ? b.data : "", action, wf->naam, actor->id);
		wt_buf_release(&b);
		return rc;
	}
	wt_buf_release(&b);
	if ((a->vereist & WT_VEREIST_NOTITIE) && !has_note)
		return wt_error_set(err, WT_EREFUSED, "notitie_ontbreekt",
				    "'%s' vraagt een toelichting: geef die met --note \"...\".", action);
	if ((a->vereist & WT_VEREIST_BESTAND) && !has_file)
		return wt_error_set(err, WT_EREFUSED, "bestand_ontbreekt",
				    "'%s' vraagt een bestand (%s): geef het met --file BESTAND.", action, a->bestand);
	for (i = 0; i < a->n_voorwaarden; i++) {
		rc = guard(cv, actor, a, a->voorwaarden[i], err);
		if (rc < 0)
			return rc;
	}
	*out_action = a;
	*out_role = role;
	return 0;
}

int wt_machine_check_submit(const wt_workflow *wf, const wt_actor *actor, const char *organisatie,
			    const char **out_role, wt_error *err)
{
	int accepted = wt_workflow_accepts(wf, organisatie);
	/* An organisation the city does not accept files through the indienen.anderen roles, when
	 * the city routes such requests (Utrecht: to Veilig Thuis first); else it is refused. */
	char *const *roles = accepted ? wf->indienen_rollen : wf->anderen_rollen;
	size_t n_roles = accepted ? wf->n_indienen_rollen : wf->n_anderen_rollen;
	wt_buf b;
	int rc;

	*out_role = NULL;
	if (!accepted && wf->anderen_begin == NULL) {
		/* Not routed: first who may file at all, then which organisations may. */
		roles = wf->indienen_rollen;
		n_roles = wf->n_indienen_rollen;
		if (matching_role(actor, roles, n_roles) == NULL)
			goto no_role;
		if (wf->indieners_toelichting != NULL)
			return wt_error_set(err, WT_EREFUSED, "organisatie_niet_toegelaten",
					    "In %s kan '%s' niet zelf een verzoek indienen. %s", wf->naam,
					    organisatie ? organisatie : "", wf->indieners_toelichting);
		wt_buf_init(&b, 1024);
		join(&b, wf->indieners, wf->n_indieners);
		rc = wt_error_set(err, WT_EREFUSED, "organisatie_niet_toegelaten",
				  "In %s kan '%s' niet zelf een verzoek indienen; dat kunnen: %s.", wf->naam,
				  organisatie ? organisatie : "", b.data ? b.data : "");
		wt_buf_release(&b);
		return rc;
	}
	*out_role = matching_role(actor, roles, n_roles);
	if (*out_role == NULL) {
no_role:
		wt_buf_init(&b, 1024);
		join(&b, roles, n_roles);
		if (!accepted && wf->anderen_begin != NULL)
			rc = wt_error_set(err, WT_EREFUSED, "geen_rol",
					  "In %s dient '%s' een verzoek in met de rol %s; u (%s) heeft die rol "
					  "niet. %s",
					  wf->naam, organisatie ? organisatie : "", b.data ? b.data : "", actor->id,
					  wf->indieners_toelichting ? wf->indieners_toelichting : "");
		else
			rc = wt_error_set(err, WT_EREFUSED, "geen_rol",
					  "Alleen wie in %s de rol %s heeft mag daar een verzoek indienen; u (%s) niet.",
					  wf->naam, b.data ? b.data : "", actor->id);
		wt_buf_release(&b);
		return rc;
	}
	return 0;
}

size_t wt_machine_available(const wt_case_view *cv, const wt_actor *actor,
			    const wt_wf_action **out, size_t max)
{
	size_t i, j, n = 0;
	wt_error err;

	for (i = 0; i < cv->wf->n_actions; i++) {
		const wt_wf_action *a = &cv->wf->actions[i];
		int ok;
		const wt_wf_state *st = wt_workflow_state(cv->wf, cv->state);
		if ((st && st->terminal) || !from_state(a, cv->state) ||
		    matching_role(actor, a->rollen, a->n_rollen) == NULL)
			continue;
		ok = 1;
		for (j = 0; j < a->n_voorwaarden && ok; j++)
			ok = guard(cv, actor, a, a->voorwaarden[j], &err) == 0;
		if (!ok)
			continue;
		if (n < max)
			out[n] = a;
		n++;
	}
	return n;
}

int wt_machine_can_see(const wt_workflow *wf, const wt_actor *actor, const char *submitter,
		       const char *submitter_org)
{
	size_t i;

	for (i = 0; i < actor->n_roles; i++) {
		const wt_wf_role *r = wt_workflow_role(wf, actor->roles[i]);
		if (r == NULL)
			continue;
		if (r->inzage == WT_INZAGE_ALLE)
			return 1;
		if (r->inzage == WT_INZAGE_EIGEN && submitter && strcmp(submitter, actor->id) == 0)
			return 1;
		if (r->inzage == WT_INZAGE_ORGANISATIE && submitter_org && actor->organisatie &&
		    strcmp(submitter_org, actor->organisatie) == 0)
			return 1;
	}
	return 0;
}

int64_t wt_machine_deadline(const wt_workflow *wf, const char *state, int spoed, int64_t entered)
{
	const wt_wf_state *s = wt_workflow_state(wf, state);

	if (s == NULL || !s->has_termijn)
		return 0;
	return wt_deadline_add(entered, (spoed && s->has_termijn_spoed) ? s->termijn_spoed : s->termijn);
}

int64_t wt_machine_deadline_base(const wt_workflow *wf, const char *state,
				 const wt_event_view *events, size_t n_events, int64_t now)
{
	const wt_wf_state *s = wt_workflow_state(wf, state);
	size_t i = n_events;

	if (s == NULL || s->termijn_vanaf == NULL)
		return now;
	while (i > 0) {
		const wt_event_view *e = &events[--i];
		if (strcmp(e->to, s->termijn_vanaf) == 0 && strcmp(e->from, s->termijn_vanaf) != 0)
			return e->time;
	}
	return now;
}

int wt_machine_roles_to_act(const wt_workflow *wf, const char *state, wt_buf *out)
{
	size_t i, j, k;
	int rc = 0;

	for (i = 0; i < wf->n_actions; i++) {
		const wt_wf_action *a = &wf->actions[i];
		if (!from_state(a, state))
			continue;
		for (j = 0; j < a->n_rollen; j++) {
			int dup = 0;
			/* skip roles already listed by an earlier action */
			for (k = 0; k < i && !dup; k++)
				dup = from_state(&wf->actions[k], state) &&
				      has((const char *const *)wf->actions[k].rollen, wf->actions[k].n_rollen, a->rollen[j]);
			for (k = 0; k < j && !dup; k++)
				dup = strcmp(a->rollen[k], a->rollen[j]) == 0;
			if (dup)
				continue;
			if (out->len)
				rc |= wt_buf_addch(out, ',');
			rc |= wt_buf_addstr(out, a->rollen[j]);
		}
	}
	return rc ? -WT_EENV : 0;
}
