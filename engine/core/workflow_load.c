/* workflow_load.c: reading and validating a city's workflow definition (workflows/<city>.yaml). */
#include "workflow.h"
#include "event.h"
#include "parse.h"

#include "verzoek.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WF_MAX_ITEMS 200
/* Longest key of a role, state or action (they travel in commit trailers and on the command line). */
#define WF_KEY_MAX 64

const char *const wt_guard_names[] = {"quorum", "gevaar-onderbouwd", "veilig-thuis-geraadpleegd",
				      "niet-eigen-verzoek", "eenmaal-per-ronde", NULL};

static const char *const root_keys[] = {"soort", "versie", "gemeente", "naam", "namen", "code",
					"definitie_versie", "route", "beslisser", "mandaat",
					"indieners", "indieners_toelichting", "indienen", "quorum",
					"rollen", "toestanden", "acties", NULL};
static const char *const role_keys[] = {"naam", "organisatie", "inzage", NULL};
static const char *const state_keys[] = {"naam", "eind", "termijn", "termijn_spoed",
					 "lokale_afspraak", "termijn_vanaf", NULL};
static const char *const action_keys[] = {"naam", "van", "naar", "rollen", "vereist", "bestand",
					  "voorwaarden", "namens", "besluit", NULL};
static const char *const indienen_keys[] = {"rollen", "naar", "anderen", NULL};
static const char *const anderen_keys[] = {"rollen", "naar", NULL};
static const char *const file_kinds[] = {"beoordeling", "advies", "document", "verzoek", NULL};

typedef wt_parser ctx;

#define fail wt_parser_fail

static int oom(ctx *c)
{
	return wt_error_set(c->err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

#define in_list wt_parse_in_list

static int check_keys(ctx *c, const wt_node *map, const char *const *known, const char *prefix)
{
	return wt_parse_known_keys(c->doc, c->err, map, known, prefix);
}

/* A required (or optional) text; *out is a copy, NULL when optional and absent. */
static int get_text(ctx *c, const wt_node *map, const char *key, const char *prefix, int required,
		    char **out)
{
	const wt_node *n = wt_map_get(map, key);
	char field[160];

	snprintf(field, sizeof(field), "%s%s%s", prefix, prefix[0] ? "." : "", key);
	*out = NULL;
	if (n == NULL || wt_node_is_null(n)) {
		if (!required)
			return 0;
		return fail(c, map, field, "veld_ontbreekt", "Het veld '%s' ontbreekt.", key);
	}
	if (n->kind != WT_NODE_SCALAR || n->len == 0)
		return fail(c, n, field, "verkeerd_type", "'%s' moet een tekst zijn.", key);
	*out = wt_strdup(n->value);
	return *out ? 0 : oom(c);
}

static int get_bool(ctx *c, const wt_node *map, const char *key, const char *prefix, int *out)
{
	const wt_node *n = wt_map_get(map, key);
	char field[160];

	*out = 0;
	if (n == NULL)
		return 0;
	snprintf(field, sizeof(field), "%s.%s", prefix, key);
	if (wt_node_bool(n, out) < 0)
		return fail(c, n, field, "verkeerd_type", "'%s' is true of false.", key);
	return 0;
}

/* A list of texts (a single text is accepted as a list of one). */
static int get_list(ctx *c, const wt_node *map, const char *key, const char *prefix, int required,
		    char ***out, size_t *n_out)
{
	const wt_node *n = wt_map_get(map, key);
	char field[160];
	size_t i;

	snprintf(field, sizeof(field), "%s%s%s", prefix, prefix[0] ? "." : "", key);
	*out = NULL;
	*n_out = 0;
	if (n == NULL || wt_node_is_null(n)) {
		if (!required)
			return 0;
		return fail(c, map, field, "veld_ontbreekt", "Het veld '%s' ontbreekt.", key);
	}
	if (n->kind == WT_NODE_SCALAR) {
		*out = calloc(1, sizeof(char *));
		if (*out == NULL || ((*out)[0] = wt_strdup(n->value)) == NULL)
			return oom(c);
		*n_out = 1;
		return 0;
	}
	if (n->kind != WT_NODE_SEQ)
		return fail(c, n, field, "verkeerd_type", "'%s' moet een lijst zijn, bijvoorbeeld [a, b].", key);
	if (n->count > WF_MAX_ITEMS)
		return fail(c, n, field, "te_lang", "De lijst '%s' is te lang (ten hoogste %d).", key, WF_MAX_ITEMS);
	if (required && n->count == 0)
		return fail(c, n, field, "lijst_leeg", "De lijst '%s' mag niet leeg zijn.", key);
	*out = calloc(n->count ? n->count : 1, sizeof(char *));
	if (*out == NULL)
		return oom(c);
	for (i = 0; i < n->count; i++) {
		if (n->items[i]->kind != WT_NODE_SCALAR || n->items[i]->len == 0)
			return fail(c, n->items[i], field, "verkeerd_type", "Elk element van '%s' is een tekst.", key);
		(*out)[i] = wt_strdup(n->items[i]->value);
		if ((*out)[i] == NULL)
			return oom(c);
		*n_out = i + 1;
	}
	return 0;
}

static int get_duration(ctx *c, const wt_node *map, const char *key, const char *prefix, int *has,
			wt_duration *out)
{
	const wt_node *n = wt_map_get(map, key);
	char field[160];

	*has = 0;
	if (n == NULL)
		return 0;
	snprintf(field, sizeof(field), "%s.%s", prefix, key);
	if (wt_node_str(n) == NULL || wt_duration_parse(out, n->value) < 0)
		return fail(c, n, field, "ongeldige_termijn",
			    "Ongeldige termijn; schrijf bijvoorbeeld '4 uur', '24 uur', '1 werkdag' of '3 werkdagen'.");
	*has = 1;
	return 0;
}

/* The k-th element of a list node (for a precise position), or the node itself. */
static const wt_node *item_at(const wt_node *list, size_t k)
{
	if (list != NULL && list->kind == WT_NODE_SEQ && k < list->count)
		return list->items[k];
	return list;
}

/*
 * Keys of roles, states and actions: a lower-case letter, then lower-case letters, digits and
 * '-'. They are typed on the command line and written into commit trailers, so no spaces,
 * colons or line breaks.
 */
static int check_key_name(ctx *c, const wt_node *map, size_t i, const char *field, const char *what)
{
	const char *k = map->keys[i];
	size_t j, n = strlen(k);
	int ok = n > 0 && n <= WF_KEY_MAX && k[0] >= 'a' && k[0] <= 'z';

	for (j = 1; ok && j < n; j++)
		ok = (k[j] >= 'a' && k[j] <= 'z') || (k[j] >= '0' && k[j] <= '9') || k[j] == '-';
	if (ok)
		return 0;
	wt_error_set(c->err, WT_EINPUT, "ongeldige_sleutel",
		     "De naam van deze %s begint met een kleine letter en bevat daarna alleen kleine "
		     "letters, cijfers en '-' (ten hoogste %d tekens), bijvoorbeeld 'meer-informatie'.",
		     what, WF_KEY_MAX);
	wt_error_at(c->err, c->doc->file, map->key_line[i], map->key_column[i], field);
	return -WT_EINPUT;
}

/* A required, non-empty group (rollen, toestanden, acties). */
static int need_group(ctx *c, const wt_node *n, const char *field, const char *what)
{
	if (n == NULL || wt_node_is_null(n))
		return fail(c, c->doc->root, field, "veld_ontbreekt", "Het veld '%s' ontbreekt; daarin horen %s.",
			    field, what);
	if (n->kind != WT_NODE_MAP)
		return fail(c, n, field, "verkeerd_type",
			    "'%s' moet een groep zijn (sleutels met waarden), geen %s; daarin horen %s.", field,
			    wt_node_kind_name(n), what);
	if (n->count == 0)
		return fail(c, n, field, "lijst_leeg", "'%s' is leeg; daarin horen %s.", field, what);
	if (n->count > WF_MAX_ITEMS)
		return fail(c, n, field, "te_lang", "'%s' is te lang (ten hoogste %d).", field, WF_MAX_ITEMS);
	return 0;
}

static int parse_roles(ctx *c, wt_workflow *wf, const wt_node *n)
{
	size_t i;
	int rc;

	if ((rc = need_group(c, n, "rollen", "de rollen van deze gemeente, elk met een naam")) < 0)
		return rc;
	wf->rollen = calloc(n->count, sizeof(*wf->rollen));
	if (wf->rollen == NULL)
		return oom(c);
	for (i = 0; i < n->count; i++) {
		wt_wf_role *r = &wf->rollen[wf->n_rollen++];
		const wt_node *m = n->items[i];
		char prefix[120];
		char *inzage = NULL;

		snprintf(prefix, sizeof(prefix), "rollen.%s", n->keys[i]);
		r->key = wt_strdup(n->keys[i]);
		r->line = n->key_line[i];
		r->column = n->key_column[i];
		if (r->key == NULL)
			return oom(c);
		if ((rc = check_key_name(c, n, i, prefix, "rol")) < 0)
			return rc;
		if (strcmp(r->key, WT_SYSTEM_ROLE) == 0)
			return fail(c, m, prefix, "gereserveerde_naam",
				    "De rol '%s' is voor weegteam zelf (weegteam tick); kies een andere naam.",
				    WT_SYSTEM_ROLE);
		if (m->kind != WT_NODE_MAP)
			return fail(c, m, prefix, "verkeerd_type", "Een rol is een groep met naam, organisatie en inzage.");
		if ((rc = check_keys(c, m, role_keys, prefix)) < 0 ||
		    (rc = get_text(c, m, "naam", prefix, 1, &r->naam)) < 0 ||
		    (rc = get_text(c, m, "organisatie", prefix, 0, &r->organisatie)) < 0 ||
		    (rc = get_text(c, m, "inzage", prefix, 0, &inzage)) < 0)
			return rc;
		/* Least privilege: a role that does not say what it may see, sees its own requests. */
		if (inzage == NULL || strcmp(inzage, "eigen") == 0)
			r->inzage = WT_INZAGE_EIGEN;
		else if (strcmp(inzage, "alle") == 0)
			r->inzage = WT_INZAGE_ALLE;
		else if (strcmp(inzage, "organisatie") == 0)
			r->inzage = WT_INZAGE_ORGANISATIE;
		else {
			free(inzage);
			snprintf(prefix, sizeof(prefix), "rollen.%s.inzage", n->keys[i]);
			return fail(c, wt_map_get(m, "inzage"), prefix, "ongeldige_waarde",
				    "inzage is 'alle', 'eigen' of 'organisatie'.");
		}
		free(inzage);
	}
	return 0;
}

static int parse_states(ctx *c, wt_workflow *wf, const wt_node *n)
{
	size_t i;
	int rc;

	if ((rc = need_group(c, n, "toestanden", "de toestanden van de workflow")) < 0)
		return rc;
	wf->states = calloc(n->count, sizeof(*wf->states));
	if (wf->states == NULL)
		return oom(c);
	for (i = 0; i < n->count; i++) {
		wt_wf_state *s = &wf->states[wf->n_states++];
		const wt_node *m = n->items[i];
		char prefix[120];

		snprintf(prefix, sizeof(prefix), "toestanden.%s", n->keys[i]);
		s->key = wt_strdup(n->keys[i]);
		s->line = n->key_line[i];
		s->column = n->key_column[i];
		if (s->key == NULL)
			return oom(c);
		if ((rc = check_key_name(c, n, i, prefix, "toestand")) < 0)
			return rc;
		if (m->kind != WT_NODE_MAP)
			return fail(c, m, prefix, "verkeerd_type", "Een toestand is een groep met ten minste een naam.");
		if ((rc = check_keys(c, m, state_keys, prefix)) < 0 ||
		    (rc = get_text(c, m, "naam", prefix, 1, &s->naam)) < 0 ||
		    (rc = get_bool(c, m, "eind", prefix, &s->terminal)) < 0 ||
		    (rc = get_bool(c, m, "lokale_afspraak", prefix, &s->lokale_afspraak)) < 0 ||
		    (rc = get_duration(c, m, "termijn", prefix, &s->has_termijn, &s->termijn)) < 0 ||
		    (rc = get_duration(c, m, "termijn_spoed", prefix, &s->has_termijn_spoed, &s->termijn_spoed)) < 0 ||
		    (rc = get_text(c, m, "termijn_vanaf", prefix, 0, &s->termijn_vanaf)) < 0)
			return rc;
		if (s->terminal && (s->has_termijn || s->has_termijn_spoed)) {
			const char *which = s->has_termijn ? "termijn" : "termijn_spoed";
			snprintf(prefix, sizeof(prefix), "toestanden.%s.%s", n->keys[i], which);
			return fail(c, wt_map_get(m, which), prefix, "termijn_bij_eind",
				    "Een eindtoestand (eind: true) heeft geen termijn: er hoeft daarna niets meer te gebeuren.");
		}
		snprintf(prefix, sizeof(prefix), "toestanden.%s.termijn", n->keys[i]);
		if (s->termijn_vanaf != NULL && !s->has_termijn)
			return fail(c, wt_map_get(m, "termijn_vanaf"), prefix, "veld_ontbreekt",
				    "termijn_vanaf vraagt ook om een termijn.");
		if (s->has_termijn_spoed && !s->has_termijn)
			return fail(c, wt_map_get(m, "termijn_spoed"), prefix, "veld_ontbreekt",
				    "termijn_spoed vraagt ook om een gewone termijn.");
	}
	return 0;
}

static int need_state(ctx *c, const wt_workflow *wf, const char *key, const wt_node *at, const char *field)
{
	if (wt_workflow_state(wf, key) != NULL)
		return 0;
	return fail(c, at, field, "onbekende_toestand", "Onbekende toestand '%s'; deze staat niet onder 'toestanden'.", key);
}

static int need_role(ctx *c, const wt_workflow *wf, const char *key, const wt_node *at, const char *field)
{
	if (wt_workflow_role(wf, key) != NULL)
		return 0;
	return fail(c, at, field, "onbekende_rol", "Onbekende rol '%s'; deze staat niet onder 'rollen'.", key);
}

static int parse_actions(ctx *c, wt_workflow *wf, const wt_node *n)
{
	size_t i, k;
	int rc;

	if ((rc = need_group(c, n, "acties", "de acties van de workflow")) < 0)
		return rc;
	wf->actions = calloc(n->count, sizeof(*wf->actions));
	if (wf->actions == NULL)
		return oom(c);
	for (i = 0; i < n->count; i++) {
		wt_wf_action *a = &wf->actions[wf->n_actions++];
		const wt_node *m = n->items[i];
		char prefix[120], field[160];
		char **vereist = NULL;
		size_t n_vereist = 0;

		snprintf(prefix, sizeof(prefix), "acties.%s", n->keys[i]);
		a->key = wt_strdup(n->keys[i]);
		a->line = n->key_line[i];
		a->column = n->key_column[i];
		if (a->key == NULL)
			return oom(c);
		if ((rc = check_key_name(c, n, i, prefix, "actie")) < 0)
			return rc;
		if (strcmp(a->key, "indienen") == 0)
			return fail(c, m, prefix, "gereserveerde_naam",
				    "'indienen' is de indiening zelf; beschrijf die onder 'indienen:'.");
		if (wt_event_is_system(a->key))
			return fail(c, m, prefix, "gereserveerde_naam",
				    "'%s' is een gebeurtenis die weegteam zelf vastlegt (weegteam tick); kies "
				    "een andere naam.", a->key);
		if (m->kind != WT_NODE_MAP)
			return fail(c, m, prefix, "verkeerd_type", "Een actie is een groep met naam, van, naar en rollen.");
		if ((rc = check_keys(c, m, action_keys, prefix)) < 0 ||
		    (rc = get_text(c, m, "naam", prefix, 1, &a->naam)) < 0 ||
		    (rc = get_list(c, m, "van", prefix, 1, &a->van, &a->n_van)) < 0 ||
		    (rc = get_text(c, m, "naar", prefix, 1, &a->naar)) < 0 ||
		    (rc = get_list(c, m, "rollen", prefix, 1, &a->rollen, &a->n_rollen)) < 0 ||
		    (rc = get_list(c, m, "voorwaarden", prefix, 0, &a->voorwaarden, &a->n_voorwaarden)) < 0 ||
		    (rc = get_text(c, m, "bestand", prefix, 0, &a->bestand)) < 0 ||
		    (rc = get_text(c, m, "namens", prefix, 0, &a->namens)) < 0 ||
		    (rc = get_bool(c, m, "besluit", prefix, &a->besluit)) < 0 ||
		    (rc = get_list(c, m, "vereist", prefix, 0, &vereist, &n_vereist)) < 0) {
			for (k = 0; k < n_vereist; k++)
				free(vereist[k]);
			free(vereist);
			return rc;
		}
		for (k = 0; k < n_vereist; k++) {
			if (strcmp(vereist[k], "notitie") == 0)
				a->vereist |= WT_VEREIST_NOTITIE;
			else if (strcmp(vereist[k], "bestand") == 0)
				a->vereist |= WT_VEREIST_BESTAND;
			else
				rc = -1;
			free(vereist[k]);
		}
		free(vereist);
		snprintf(field, sizeof(field), "%s.vereist", prefix);
		if (rc < 0)
			return fail(c, wt_map_get(m, "vereist"), field, "ongeldige_waarde",
				    "'vereist' bevat alleen 'notitie' en/of 'bestand'.");
		snprintf(field, sizeof(field), "%s.bestand", prefix);
		if ((a->vereist & WT_VEREIST_BESTAND) && a->bestand == NULL)
			return fail(c, m, field, "veld_ontbreekt",
				    "Deze actie vraagt een bestand; zeg met 'bestand:' welk soort (beoordeling, advies, document of verzoek).");
		if (a->bestand != NULL && (!(a->vereist & WT_VEREIST_BESTAND) || !in_list(a->bestand, file_kinds)))
			return fail(c, wt_map_get(m, "bestand"), field, "ongeldige_waarde",
				    "'bestand' is beoordeling, advies, document of verzoek, en alleen bij 'vereist: [bestand]'.");
		snprintf(field, sizeof(field), "%s.van", prefix);
		for (k = 0; k < a->n_van; k++)
			if ((rc = need_state(c, wf, a->van[k], item_at(wt_map_get(m, "van"), k), field)) < 0)
				return rc;
		snprintf(field, sizeof(field), "%s.naar", prefix);
		if ((rc = need_state(c, wf, a->naar, wt_map_get(m, "naar"), field)) < 0)
			return rc;
		snprintf(field, sizeof(field), "%s.rollen", prefix);
		for (k = 0; k < a->n_rollen; k++)
			if ((rc = need_role(c, wf, a->rollen[k], item_at(wt_map_get(m, "rollen"), k), field)) < 0)
				return rc;
		snprintf(field, sizeof(field), "%s.voorwaarden", prefix);
		for (k = 0; k < a->n_voorwaarden; k++) {
			if (!in_list(a->voorwaarden[k], wt_guard_names))
				return fail(c, item_at(wt_map_get(m, "voorwaarden"), k), field, "onbekende_voorwaarde",
					    "Onbekende voorwaarde '%s'. Bekend zijn: quorum, gevaar-onderbouwd, "
					    "veilig-thuis-geraadpleegd, niet-eigen-verzoek, eenmaal-per-ronde.",
					    a->voorwaarden[k]);
			if (strcmp(a->voorwaarden[k], "quorum") == 0 && wf->n_quorum == 0)
				return fail(c, item_at(wt_map_get(m, "voorwaarden"), k), field, "quorum_ontbreekt",
					    "De voorwaarde 'quorum' vraagt om een lijst 'quorum:' met rollen.");
		}
	}
	return 0;
}

/* Every quorum role must be able to record a beoordeling, or the quorum guard can never hold. */
static int check_quorum(ctx *c, const wt_workflow *wf, const wt_node *root)
{
	size_t q, i;

	for (q = 0; q < wf->n_quorum; q++) {
		int can = 0;
		for (i = 0; i < wf->n_actions && !can; i++) {
			const wt_wf_action *a = &wf->actions[i];
			size_t k;
			if (a->bestand == NULL || strcmp(a->bestand, "beoordeling") != 0)
				continue;
			for (k = 0; k < a->n_rollen && !can; k++)
				can = strcmp(a->rollen[k], wf->quorum[q]) == 0;
		}
		if (!can)
			return fail(c, item_at(wt_map_get(root, "quorum"), q), "quorum", "quorum_onhaalbaar",
				    "De rol '%s' staat in het quorum, maar geen actie met 'bestand: beoordeling' "
				    "noemt die rol; zo wordt het quorum nooit compleet.", wf->quorum[q]);
	}
	return 0;
}

/* Graph checks: reachability from begin, ways out of every non-terminal state. */
static int check_graph(ctx *c, const wt_workflow *wf, const wt_node *root)
{
	const wt_node *states = wt_map_get(root, "toestanden");
	unsigned char *seen = calloc(wf->n_states, 1);
	size_t *stack = calloc(wf->n_states + 1, sizeof(size_t));
	size_t top = 0, i, j, k;
	int rc = 0;

	if (seen == NULL || stack == NULL) {
		free(seen);
		free(stack);
		return oom(c);
	}
	for (i = 0; i < wf->n_states; i++)
		if (strcmp(wf->states[i].key, wf->begin) == 0 ||
		    (wf->anderen_begin != NULL && strcmp(wf->states[i].key, wf->anderen_begin) == 0)) {
			seen[i] = 1;
			stack[top++] = i;
		}
	while (top > 0) {
		const char *s = wf->states[stack[--top]].key;
		for (j = 0; j < wf->n_actions; j++)
			for (k = 0; k < wf->actions[j].n_van; k++)
				if (strcmp(wf->actions[j].van[k], s) == 0) {
					size_t t;
					for (t = 0; t < wf->n_states; t++)
						if (!seen[t] && strcmp(wf->states[t].key, wf->actions[j].naar) == 0) {
							seen[t] = 1;
							stack[top++] = t;
						}
				}
	}
	for (i = 0; rc == 0 && i < wf->n_states; i++) {
		const wt_wf_state *s = &wf->states[i];
		int out = 0;
		char field[160];
		for (j = 0; j < wf->n_actions; j++)
			for (k = 0; k < wf->actions[j].n_van; k++)
				if (strcmp(wf->actions[j].van[k], s->key) == 0)
					out = 1;
		snprintf(field, sizeof(field), "toestanden.%s", s->key);
		(void)states;
		if (!seen[i]) {
			rc = fail(c, NULL, field, "onbereikbare_toestand",
				  "De toestand '%s' is vanaf '%s' met geen enkele actie te bereiken.", s->key, wf->begin);
			wt_error_at(c->err, c->doc->file, s->line, s->column, field);
		} else if (!s->terminal && !out) {
			rc = fail(c, NULL, field, "doodlopende_toestand",
				  "Vanuit '%s' is geen actie mogelijk, maar het is geen eindtoestand (eind: true).", s->key);
			wt_error_at(c->err, c->doc->file, s->line, s->column, field);
		} else if (s->terminal && out) {
			rc = fail(c, NULL, field, "eindtoestand_met_uitweg",
				  "'%s' is een eindtoestand, maar er vertrekken nog acties uit.", s->key);
			wt_error_at(c->err, c->doc->file, s->line, s->column, field);
		}
	}
	free(seen);
	free(stack);
	return rc;
}

static int parse(ctx *c, wt_workflow *wf)
{
	const wt_node *r = c->doc->root, *n;
	char *soort = NULL, *begin = NULL;
	long long versie = 0;
	size_t i;
	int rc;

	if (r == NULL || r->kind != WT_NODE_MAP)
		return fail(c, r, "", "ongeldig_bestand", "Een workflow is een groep sleutels met waarden (soort: workflow, ...).");
	if ((rc = check_keys(c, r, root_keys, "")) < 0 || (rc = get_text(c, r, "soort", "", 1, &soort)) < 0)
		return rc;
	rc = strcmp(soort, "workflow") == 0 ? 0 : fail(c, wt_map_get(r, "soort"), "soort", "verkeerde_soort",
						       "Dit is geen workflow (soort moet 'workflow' zijn).");
	free(soort);
	if (rc < 0)
		return rc;
	n = wt_map_get(r, "versie");
	if (n == NULL || wt_node_int(n, &versie) < 0 || versie != 1)
		return fail(c, n ? n : r, "versie", "onbekende_versie", "Deze versie van weegteam kent workflowformaat versie 1.");
	wf->versie = versie;
	if ((rc = get_text(c, r, "gemeente", "", 1, &wf->gemeente)) < 0 ||
	    (rc = get_text(c, r, "naam", "", 1, &wf->naam)) < 0 ||
	    (rc = get_list(c, r, "namen", "", 1, &wf->namen, &wf->n_namen)) < 0 ||
	    (rc = get_text(c, r, "code", "", 1, &wf->code)) < 0 ||
	    (rc = get_text(c, r, "definitie_versie", "", 1, &wf->definitie_versie)) < 0 ||
	    (rc = get_text(c, r, "route", "", 1, &wf->route)) < 0 ||
	    (rc = get_text(c, r, "beslisser", "", 1, &wf->beslisser)) < 0 ||
	    (rc = get_text(c, r, "mandaat", "", 1, &wf->mandaat)) < 0 ||
	    (rc = get_list(c, r, "indieners", "", 1, &wf->indieners, &wf->n_indieners)) < 0 ||
	    (rc = get_text(c, r, "indieners_toelichting", "", 0, &wf->indieners_toelichting)) < 0)
		return rc;
	for (i = 0; wf->gemeente[i]; i++)
		if (!((wf->gemeente[i] >= 'a' && wf->gemeente[i] <= 'z') || wf->gemeente[i] == '-'))
			return fail(c, wt_map_get(r, "gemeente"), "gemeente", "ongeldige_waarde",
				    "De gemeentesleutel bestaat uit kleine letters en '-', bijvoorbeeld 'den-haag'.");
	if (strlen(wf->code) != 3 || !isupper((unsigned char)wf->code[0]) ||
	    !isupper((unsigned char)wf->code[1]) || !isupper((unsigned char)wf->code[2]))
		return fail(c, wt_map_get(r, "code"), "code", "ongeldige_waarde",
			    "De code is drie hoofdletters, bijvoorbeeld RTM; die staat in elk dossiernummer.");
	if (strcmp(wf->route, "weegteam") != 0 && strcmp(wf->route, "direct") != 0)
		return fail(c, wt_map_get(r, "route"), "route", "ongeldige_waarde", "route is 'weegteam' of 'direct'.");
	for (i = 0; i < wf->n_indieners; i++)
		if (!in_list(wf->indieners[i], wt_verzoek_organisaties))
			return fail(c, item_at(wt_map_get(r, "indieners"), i), "indieners", "onbekende_organisatie",
				    "Onbekende organisatie '%s' (zie SPEC: veilig-thuis, raad-voor-de-kinderbescherming, "
				    "jeugdbescherming, ggd-vangnet, wijkteam, crisisdienst, overig).",
				    wf->indieners[i]);
	if ((rc = parse_roles(c, wf, wt_map_get(r, "rollen"))) < 0 ||
	    (rc = need_role(c, wf, wf->beslisser, wt_map_get(r, "beslisser"), "beslisser")) < 0 ||
	    (rc = get_list(c, r, "quorum", "", 0, &wf->quorum, &wf->n_quorum)) < 0)
		return rc;
	for (i = 0; i < wf->n_quorum; i++)
		if ((rc = need_role(c, wf, wf->quorum[i], item_at(wt_map_get(r, "quorum"), i), "quorum")) < 0)
			return rc;
	if ((rc = parse_states(c, wf, wt_map_get(r, "toestanden"))) < 0)
		return rc;
	for (i = 0; i < wf->n_states; i++)
		if (wf->states[i].termijn_vanaf != NULL) {
			char field[160];
			const wt_node *sn = wt_map_get(wt_map_get(r, "toestanden"), wf->states[i].key);
			snprintf(field, sizeof(field), "toestanden.%s.termijn_vanaf", wf->states[i].key);
			if ((rc = need_state(c, wf, wf->states[i].termijn_vanaf, wt_map_get(sn, "termijn_vanaf"), field)) < 0)
				return rc;
		}
	n = wt_map_get(r, "indienen");
	if (n == NULL || n->kind != WT_NODE_MAP)
		return fail(c, n ? n : r, "indienen", "veld_ontbreekt",
			    "'indienen' zegt welke rollen mogen indienen en in welke toestand een verzoek begint.");
	if ((rc = check_keys(c, n, indienen_keys, "indienen")) < 0 ||
	    (rc = get_list(c, n, "rollen", "indienen", 1, &wf->indienen_rollen, &wf->n_indienen_rollen)) < 0 ||
	    (rc = get_text(c, n, "naar", "indienen", 1, &begin)) < 0)
		return rc;
	wf->begin = begin;
	for (i = 0; i < wf->n_indienen_rollen; i++)
		if ((rc = need_role(c, wf, wf->indienen_rollen[i], item_at(wt_map_get(n, "rollen"), i),
				    "indienen.rollen")) < 0)
			return rc;
	if ((rc = need_state(c, wf, wf->begin, wt_map_get(n, "naar"), "indienen.naar")) < 0)
		return rc;
	if (wt_workflow_state(wf, wf->begin)->terminal)
		return fail(c, wt_map_get(n, "naar"), "indienen.naar", "begin_is_eind",
			    "Een verzoek kan niet in een eindtoestand beginnen; noem de toestand waarin het "
			    "verzoek eerst wordt opgepakt.");
	if (wt_map_get(n, "anderen") != NULL) {
		/* Requests from organisations the city does not accept directly, routed elsewhere. */
		const wt_node *o = wt_map_get(n, "anderen");
		if (o->kind != WT_NODE_MAP)
			return fail(c, o, "indienen.anderen", "verkeerd_type",
				    "'anderen' is een groep met 'rollen' en 'naar': waar verzoeken van andere "
				    "organisaties heen gaan.");
		if ((rc = check_keys(c, o, anderen_keys, "indienen.anderen")) < 0 ||
		    (rc = get_list(c, o, "rollen", "indienen.anderen", 1, &wf->anderen_rollen,
				   &wf->n_anderen_rollen)) < 0 ||
		    (rc = get_text(c, o, "naar", "indienen.anderen", 1, &wf->anderen_begin)) < 0)
			return rc;
		for (i = 0; i < wf->n_anderen_rollen; i++)
			if ((rc = need_role(c, wf, wf->anderen_rollen[i], item_at(wt_map_get(o, "rollen"), i),
					    "indienen.anderen.rollen")) < 0)
				return rc;
		if ((rc = need_state(c, wf, wf->anderen_begin, wt_map_get(o, "naar"), "indienen.anderen.naar")) < 0)
			return rc;
		if (wt_workflow_state(wf, wf->anderen_begin)->terminal)
			return fail(c, wt_map_get(o, "naar"), "indienen.anderen.naar", "begin_is_eind",
				    "Een verzoek kan niet in een eindtoestand beginnen.");
	}
	if ((rc = parse_actions(c, wf, wt_map_get(r, "acties"))) < 0 ||
	    (rc = check_quorum(c, wf, r)) < 0)
		return rc;
	return check_graph(c, wf, r);
}

int wt_workflow_parse(wt_workflow **out, const wt_doc *doc, wt_error *err)
{
	wt_workflow *wf = calloc(1, sizeof(*wf));
	ctx c;
	int rc;

	*out = NULL;
	if (wf == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	c.doc = doc;
	c.err = err;
	wf->file = wt_strdup(doc->file ? doc->file : "");
	rc = wf->file ? parse(&c, wf) : oom(&c);
	if (rc < 0) {
		wt_workflow_free(wf);
		return rc;
	}
	*out = wf;
	return 0;
}

static void free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void wt_workflow_free(wt_workflow *wf)
{
	size_t i;

	if (wf == NULL)
		return;
	free(wf->file);
	free(wf->gemeente);
	free(wf->naam);
	free_list(wf->namen, wf->n_namen);
	free(wf->code);
	free(wf->definitie_versie);
	free(wf->route);
	free(wf->beslisser);
	free(wf->mandaat);
	free_list(wf->indieners, wf->n_indieners);
	free(wf->indieners_toelichting);
	free_list(wf->indienen_rollen, wf->n_indienen_rollen);
	free(wf->begin);
	free_list(wf->anderen_rollen, wf->n_anderen_rollen);
	free(wf->anderen_begin);
	free_list(wf->quorum, wf->n_quorum);
	for (i = 0; i < wf->n_rollen; i++) {
		free(wf->rollen[i].key);
		free(wf->rollen[i].naam);
		free(wf->rollen[i].organisatie);
	}
	free(wf->rollen);
	for (i = 0; i < wf->n_states; i++) {
		free(wf->states[i].key);
		free(wf->states[i].naam);
		free(wf->states[i].termijn_vanaf);
	}
	free(wf->states);
	for (i = 0; i < wf->n_actions; i++) {
		wt_wf_action *a = &wf->actions[i];
		free(a->key);
		free(a->naam);
		free_list(a->van, a->n_van);
		free(a->naar);
		free_list(a->rollen, a->n_rollen);
		free(a->bestand);
		free_list(a->voorwaarden, a->n_voorwaarden);
		free(a->namens);
	}
	free(wf->actions);
	free(wf);
}

const wt_wf_state *wt_workflow_state(const wt_workflow *wf, const char *key)
{
	size_t i;

	for (i = 0; key && i < wf->n_states; i++)
		if (strcmp(wf->states[i].key, key) == 0)
			return &wf->states[i];
	return NULL;
}

const wt_wf_action *wt_workflow_action(const wt_workflow *wf, const char *key)
{
	size_t i;

	for (i = 0; key && i < wf->n_actions; i++)
		if (strcmp(wf->actions[i].key, key) == 0)
			return &wf->actions[i];
	return NULL;
}

const wt_wf_role *wt_workflow_role(const wt_workflow *wf, const char *key)
{
	size_t i;

	for (i = 0; key && i < wf->n_rollen; i++)
		if (strcmp(wf->rollen[i].key, key) == 0)
			return &wf->rollen[i];
	return NULL;
}

/* Case-insensitive (ASCII) equality after trimming spaces from s. */
static int same_name(const char *s, const char *name)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n != strlen(name))
		return 0;
	return strncasecmp(s, name, n) == 0;
}

int wt_workflow_matches(const wt_workflow *wf, const char *gemeente)
{
	size_t i;

	if (gemeente == NULL)
		return 0;
	if (same_name(gemeente, wf->naam) || same_name(gemeente, wf->gemeente))
		return 1;
	for (i = 0; i < wf->n_namen; i++)
		if (same_name(gemeente, wf->namen[i]))
			return 1;
	return 0;
}

int wt_workflow_accepts(const wt_workflow *wf, const char *organisatie)
{
	size_t i;

	for (i = 0; organisatie && i < wf->n_indieners; i++)
		if (strcmp(wf->indieners[i], organisatie) == 0)
			return 1;
	return 0;
}

const char *wt_workflow_begin_for(const wt_workflow *wf, const char *organisatie)
{
	return wt_workflow_accepts(wf, organisatie) ? wf->begin : wf->anderen_begin;
}
