/* assessment.c: reading beoordeling files and summarising several side by side (shows, never decides). */
#include "assessment.h"

#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_MAX 128
#define LABEL_MAX 64          /* bytes of an assessor label in the table legend */
#define RED_RULE 2            /* the published rule of thumb: two or more red in one section */

static const char rule_text[] =
	"twee of meer keer rood binnen één sectie wijst volgens de vuistregel in beginsel op een huisverbod; "
	"het oordeel blijft bij de beslisser";

static const char *const yes_no[] = {"ja", "nee", "twijfel", NULL};
static const char *const danger_values[] = {"gevaar", "ernstig-vermoeden", "nee", "twijfel", NULL};
static const char *const conclusions[] = {"huisverbodwaardig", "niet-huisverbodwaardig", "meer-informatie-nodig",
					  NULL};

/* ---- parsing ------------------------------------------------------------------------------ */

typedef wt_parser parser;

#define fail wt_parser_fail

static int oom(parser *p)
{
	return wt_error_set(p->err, WT_EENV, "geheugen", "Onvoldoende geheugen bij het lezen van de beoordeling.");
}

static void join(const char *const *values, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; values[i] != NULL && n < size; i++) {
		int w = snprintf(out + n, size - n, "%s%s", i ? (values[i + 1] ? ", " : " of ") : "", values[i]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* Reads a required enumeration value at key of map into a copy. */
static int get_enum(parser *p, const wt_node *map, const char *key, const char *field,
		    const char *const *values, char **out)
{
	const wt_node *n = wt_map_get(map, key);
	char list[256];
	size_t i;

	join(values, list, sizeof(list));
	if (n == NULL || wt_node_is_null(n))
		return fail(p, n ? n : map, field, "ontbreekt", "Het veld '%s' ontbreekt; kies %s.", key, list);
	if (n->kind != WT_NODE_SCALAR)
		return fail(p, n, field, "verkeerd_type", "Het veld '%s' moet een waarde zijn, geen %s; kies %s.", key,
			    wt_node_kind_name(n), list);
	for (i = 0; values[i] != NULL; i++)
		if (strcmp(n->value, values[i]) == 0)
			break;
	if (values[i] == NULL)
		return fail(p, n, field, "ongeldige_waarde", "'%s' is geen geldige waarde voor '%s'; kies %s.", n->value,
			    key, list);
	*out = wt_strdup(n->value);
	return *out ? 0 : oom(p);
}

/* Refuses keys outside allowed (NULL-terminated); prefix is the field path of the map. */
static int check_keys(parser *p, const wt_node *n, const char *prefix, const char *const *allowed)
{
	size_t i, j;
	char field[FIELD_MAX], list[256];

	join(allowed, list, sizeof(list));
	for (i = 0; i < n->count; i++) {
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(n->keys[i], allowed[j]) == 0)
				break;
		if (allowed[j] == NULL) {
			snprintf(field, sizeof(field), "%s%s", prefix, n->keys[i]);
			wt_error_at(p->err, p->doc->file, n->key_line[i], n->key_column[i], field);
			return wt_error_set(p->err, WT_EINPUT, "onbekend_veld",
					    "Onbekend veld '%s' in de beoordeling; toegestaan zijn: %s.", n->keys[i], list);
		}
	}
	return 0;
}

static int parse_ratings(parser *p, const wt_node *n, const wt_catalogue *cat, wt_assessment *a)
{
	size_t i;

	if (n == NULL || wt_node_is_null(n))
		return 0;
	if (n->kind != WT_NODE_MAP)
		return fail(p, n, "signalen", "verkeerd_type",
			    "'signalen' moet een groep zijn met per signaal een waardering, zoals '2c: rood'.");
	for (i = 0; i < n->count; i++) {
		const char *code = n->keys[i];
		const wt_node *v = n->items[i];
		long idx = wt_catalogue_signal_index(cat, code);
		char field[FIELD_MAX];

		snprintf(field, sizeof(field), "signalen.%s", code);
		if (idx < 0) {
			const wt_cat_signal *s = NULL;
			wt_error_at(p->err, p->doc->file, n->key_line[i], n->key_column[i], field);
			if (wt_catalogue_item(cat, code, &s) != NULL)
				return wt_error_set(p->err, WT_EINPUT, "onderdeel_in_plaats_van_signaal",
						    "'%s' is een onderdeel; een beoordeling waardeert per signaal. "
						    "Gebruik '%s'.", code, s->code);
			return wt_error_set(p->err, WT_EINPUT, "onbekend_signaal",
					    "'%s' is geen signaal uit de gesloten lijst (1a tot en met 3f, zie "
					    "'weegteam signals').", code);
		}
		if (v->kind != WT_NODE_SCALAR || (strcmp(v->value, "rood") != 0 && strcmp(v->value, "blauw") != 0 &&
						  strcmp(v->value, "geel") != 0))
			return fail(p, v, field, "ongeldige_waardering",
				    "De waardering van signaal %s moet rood, blauw of geel zijn.", code);
		a->ratings[idx] = v->value[0] == 'r' ? WT_RATING_ROOD : v->value[0] == 'b' ? WT_RATING_BLAUW
											 : WT_RATING_GEEL;
	}
	return 0;
}

int wt_assessment_parse(wt_assessment **out, const wt_doc *doc, const wt_catalogue *cat, wt_error *err)
{
	static const char *const keys[] = {"soort", "versie", "signalen", "criteria", "conclusie", "toelichting", NULL};
	static const char *const ckeys[] = {"meerderjarig", "verblijf", "gevaar", NULL};
	parser p = {doc, err};
	const wt_node *root = doc ? doc->root : NULL, *crit, *t;
	const char *soort;
	wt_assessment *a = NULL;
	long long v;
	int rc;

	*out = NULL;
	if (root == NULL || root->kind != WT_NODE_MAP)
		return fail(&p, root, "", "verkeerd_type",
			    "Een beoordeling is een groep velden (soort, versie, signalen, criteria, conclusie, "
			    "toelichting).");
	if ((rc = check_keys(&p, root, "", keys)) < 0)
		return rc;
	soort = wt_node_str(wt_map_get(root, "soort"));
	if (soort == NULL || strcmp(soort, "beoordeling") != 0)
		return fail(&p, wt_map_get(root, "soort") ? wt_map_get(root, "soort") : root, "soort", "verkeerde_soort",
			    "Dit is geen beoordeling: 'soort' moet 'beoordeling' zijn.");
	if (wt_node_int(wt_map_get(root, "versie"), &v) < 0 || v != 1)
		return fail(&p, wt_map_get(root, "versie") ? wt_map_get(root, "versie") : root, "versie",
			    "onbekende_versie", "'versie' moet 1 zijn.");
	a = calloc(1, sizeof(*a));
	if (a == NULL || (a->ratings = calloc(cat->n_signals ? cat->n_signals : 1, sizeof(*a->ratings))) == NULL) {
		wt_assessment_free(a);
		return oom(&p);
	}
	a->n_ratings = cat->n_signals;
	if ((rc = parse_ratings(&p, wt_map_get(root, "signalen"), cat, a)) < 0)
		goto fail;
	crit = wt_map_get(root, "criteria");
	if (crit == NULL || crit->kind != WT_NODE_MAP) {
		rc = fail(&p, crit ? crit : root, "criteria", crit ? "verkeerd_type" : "ontbreekt",
			  "'criteria' moet een groep zijn met meerderjarig, verblijf en gevaar.");
		goto fail;
	}
	if ((rc = check_keys(&p, crit, "criteria.", ckeys)) < 0 ||
	    (rc = get_enum(&p, crit, "meerderjarig", "criteria.meerderjarig", yes_no, &a->meerderjarig)) < 0 ||
	    (rc = get_enum(&p, crit, "verblijf", "criteria.verblijf", yes_no, &a->verblijf)) < 0 ||
	    (rc = get_enum(&p, crit, "gevaar", "criteria.gevaar", danger_values, &a->gevaar)) < 0 ||
	    (rc = get_enum(&p, root, "conclusie", "conclusie", conclusions, &a->conclusie)) < 0)
		goto fail;
	t = wt_map_get(root, "toelichting");
	if (t == NULL || wt_node_is_null(t) || t->kind != WT_NODE_SCALAR || t->len == 0) {
		rc = fail(&p, t ? t : root, "toelichting", "ontbreekt",
			  "De toelichting ontbreekt: schrijf op op welke feiten uw waarderingen en conclusie rusten.");
		goto fail;
	}
	if (t->len > WT_ASSESSMENT_MAX_TEXT) {
		rc = fail(&p, t, "toelichting", "te_lang", "De toelichting is langer dan %d bytes (een letter met accent telt als twee).",
			  WT_ASSESSMENT_MAX_TEXT);
		goto fail;
	}
	a->toelichting = wt_strdup(t->value);
	if (a->toelichting == NULL) {
		rc = oom(&p);
		goto fail;
	}
	*out = a;
	return 0;
fail:
	wt_assessment_free(a);
	return rc;
}

void wt_assessment_free(wt_assessment *a)
{
	if (a == NULL)
		return;
	free(a->ratings);
	free(a->meerderjarig);
	free(a->verblijf);
	free(a->gevaar);
	free(a->conclusie);
	free(a->toelichting);
	free(a);
}

const char *wt_rating_name(wt_rating r)
{
	switch (r) {
	case WT_RATING_ROOD:
		return "rood";
	case WT_RATING_BLAUW:
		return "blauw";
	case WT_RATING_GEEL:
		return "geel";
	default:
		return "-";
	}
}

size_t wt_assessment_red_count(const wt_assessment *a, const wt_catalogue *cat, size_t section)
{
	size_t i, n = 0;
	const wt_cat_section *s;

	if (a == NULL || section >= cat->n_sections)
		return 0;
	s = &cat->sections[section];
	for (i = s->first_signal; i < s->first_signal + s->n_signals && i < a->n_ratings; i++)
		n += a->ratings[i] == WT_RATING_ROOD;
	return n;
}

/* ---- summary ------------------------------------------------------------------------------ */

static wt_rating rating_of(const wt_assessment *a, size_t i)
{
	return a != NULL && i < a->n_ratings ? a->ratings[i] : WT_RATING_NONE;
}

static int signal_rated(const wt_assessment *const *list, size_t n, size_t i)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (rating_of(list[k], i) != WT_RATING_NONE)
			return 1;
	return 0;
}

static int signal_differs(const wt_assessment *const *list, size_t n, size_t i)
{
	size_t k;

	for (k = 1; k < n; k++)
		if (rating_of(list[k], i) != rating_of(list[0], i))
			return 1;
	return 0;
}

/* The string member of an assessment by name. */
static const char *view_of(const wt_assessment *a, const char *what)
{
	if (a == NULL)
		return "-";
	if (strcmp(what, "meerderjarig") == 0)
		return a->meerderjarig;
	if (strcmp(what, "verblijf") == 0)
		return a->verblijf;
	if (strcmp(what, "gevaar") == 0)
		return a->gevaar;
	return a->conclusie;
}

static int views_differ(const wt_assessment *const *list, size_t n, const char *what)
{
	size_t k;

	for (k = 1; k < n; k++)
		if (strcmp(view_of(list[k], what), view_of(list[0], what)) != 0)
			return 1;
	return 0;
}

static void label_of(const char *const *labels, size_t k, char *out, size_t size)
{
	if (labels != NULL && labels[k] != NULL)
		snprintf(out, size, "%s", labels[k]);
	else
		snprintf(out, size, "beoordelaar %zu", k + 1);
}

/* Appends the disagreements as lines "  - ..." (text) or JSON strings (json != 0). */
static int add_differences(const wt_catalogue *cat, const wt_assessment *const *list, const char *const *labels,
			   size_t n, int json, wt_buf *out)
{
	static const char *const views[] = {"meerderjarig", "verblijf", "gevaar", "conclusie"};
	wt_buf line;
	size_t i, k, count = 0;
	int rc = 0;

	wt_buf_init(&line, 0);
	for (i = 0; rc == 0 && i < cat->n_signals + 4; i++) {
		int is_signal = i < cat->n_signals;
		const char *what = is_signal ? NULL : views[i - cat->n_signals];
		if (is_signal ? !signal_differs(list, n, i) : !views_differ(list, n, what))
			continue;
		wt_buf_reset(&line);
		if (is_signal)
			rc = wt_buf_printf(&line, "signaal %s (%s): ", cat->signals[i].code, cat->signals[i].label);
		else
			rc = wt_buf_printf(&line, "%s%s: ", strcmp(what, "conclusie") == 0 ? "" : "criterium ", what);
		for (k = 0; rc == 0 && k < n; k++) {
			char lab[LABEL_MAX];
			label_of(labels, k, lab, sizeof(lab));
			rc = wt_buf_printf(&line, "%s%s %s", k ? ", " : "", lab,
					   is_signal ? (rating_of(list[k], i) == WT_RATING_NONE
							    ? "niet gewaardeerd"
							    : wt_rating_name(rating_of(list[k], i)))
						     : view_of(list[k], what));
		}
		if (rc == 0 && json) {
			rc = wt_buf_addstr(out, count ? ", " : "");
			rc = rc ? rc : wt_buf_add_json_str(out, line.data);
		} else if (rc == 0) {
			rc = wt_buf_printf(out, "  - %s\n", line.data);
		}
		count++;
	}
	if (rc == 0 && !json && count == 0)
		rc = wt_buf_addstr(out, n > 1 ? "  Geen: de beoordelaars zijn het over alles eens.\n"
					      : "  (er is maar een beoordeling)\n");
	wt_buf_release(&line);
	return rc;
}

int wt_assessment_summary_text(const wt_catalogue *cat, const wt_assessment *const *list,
			       const char *const *labels, size_t n, wt_buf *out)
{
	static const char *const views[] = {"meerderjarig", "verblijf", "gevaar", "conclusie"};
	size_t i, k, any = 0;
	int rc;

	if (n > WT_ASSESSMENT_MAX_SUMMARY)
		n = WT_ASSESSMENT_MAX_SUMMARY;
	rc = wt_buf_printf(out, "Beoordelingen (%zu)\n", n);
	if (rc == 0 && n == 0)
		rc = wt_buf_addstr(out, "  Nog geen beoordelingen.\n");
	if (rc < 0 || n == 0)
		return rc < 0 ? -WT_EENV : 0;
	for (k = 0; rc == 0 && k < n; k++) {
		char lab[LABEL_MAX];
		label_of(labels, k, lab, sizeof(lab));
		rc = wt_buf_printf(out, "  [%zu] %s\n", k + 1, lab);
	}
	rc = rc ? rc : wt_buf_addstr(out, "\nWaardering per signaal\n  signaal");
	for (k = 0; rc == 0 && k < n; k++)
		rc = wt_buf_printf(out, " [%zu]   ", k + 1);
	rc = rc ? rc : wt_buf_addch(out, '\n');
	for (i = 0; rc == 0 && i < cat->n_signals; i++) {
		if (!signal_rated(list, n, i))
			continue;
		any++;
		rc = wt_buf_printf(out, "  %-6s ", cat->signals[i].code);
		for (k = 0; rc == 0 && k < n; k++)
			rc = wt_buf_printf(out, " %-6s", wt_rating_name(rating_of(list[k], i)));
		rc = rc ? rc : wt_buf_printf(out, "  %s%s\n", cat->signals[i].label,
					     signal_differs(list, n, i) && n > 1 ? "  (verschil)" : "");
	}
	if (rc == 0 && any == 0)
		rc = wt_buf_addstr(out, "  (geen signalen gewaardeerd)\n");
	rc = rc ? rc : wt_buf_addstr(out, "\nAantal keer rood per sectie\n");
	for (i = 0; rc == 0 && i < cat->n_sections; i++) {
		rc = wt_buf_printf(out, "  %s %-28s", cat->sections[i].code, cat->sections[i].label);
		for (k = 0; rc == 0 && k < n; k++) {
			size_t red = wt_assessment_red_count(list[k], cat, i);
			rc = wt_buf_printf(out, "  [%zu] %zu%s", k + 1, red, red >= RED_RULE ? "*" : "");
		}
		rc = rc ? rc : wt_buf_addch(out, '\n');
	}
	rc = rc ? rc : wt_buf_printf(out, "  * Ter informatie: %s.\n", rule_text);
	rc = rc ? rc : wt_buf_addstr(out, "\nCriteria en conclusie\n");
	for (i = 0; rc == 0 && i < 4; i++) {
		rc = wt_buf_printf(out, "  %-13s", views[i]);
		for (k = 0; rc == 0 && k < n; k++)
			rc = wt_buf_printf(out, "  [%zu] %s", k + 1, view_of(list[k], views[i]));
		rc = rc ? rc : wt_buf_addch(out, '\n');
	}
	rc = rc ? rc : wt_buf_addstr(out, "\nVerschillen tussen de beoordelaars\n");
	rc = rc ? rc : add_differences(cat, list, labels, n, 0, out);
	rc = rc ? rc : wt_buf_addstr(out, "\nToelichting\n");
	for (k = 0; rc == 0 && k < n; k++) {
		rc = wt_buf_printf(out, "  [%zu] ", k + 1);
		if (rc == 0)
			rc = wt_buf_add_indented(out, list[k]->toelichting, strlen(list[k]->toelichting),
						 "      | ");
		if (rc == 0)
			rc = wt_buf_addch(out, '\n');
	}
	return rc < 0 ? -WT_EENV : 0;
}

int wt_assessment_summary_json(const wt_catalogue *cat, const wt_assessment *const *list,
			       const char *const *labels, size_t n, wt_buf *out)
{
	static const char *const views[] = {"meerderjarig", "verblijf", "gevaar"};
	size_t i, k, first = 1;
	int rc;

	if (n > WT_ASSESSMENT_MAX_SUMMARY)
		n = WT_ASSESSMENT_MAX_SUMMARY;
	rc = wt_buf_addstr(out, "{\"beoordelaars\": [");
	for (k = 0; rc == 0 && k < n; k++) {
		char lab[LABEL_MAX];
		label_of(labels, k, lab, sizeof(lab));
		rc = wt_buf_addstr(out, k ? ", " : "");
		rc = rc ? rc : wt_buf_add_json_str(out, lab);
	}
	rc = rc ? rc : wt_buf_addstr(out, "], \"signalen\": [");
	for (i = 0; rc == 0 && i < cat->n_signals; i++) {
		if (!signal_rated(list, n, i))
			continue;
		rc = wt_buf_addstr(out, first ? "{\"code\": " : ", {\"code\": ");
		first = 0;
		rc = rc ? rc : wt_buf_add_json_str(out, cat->signals[i].code);
		rc = rc ? rc : wt_buf_addstr(out, ", \"naam\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, cat->signals[i].label);
		rc = rc ? rc : wt_buf_addstr(out, ", \"waarderingen\": [");
		for (k = 0; rc == 0 && k < n; k++) {
			wt_rating r = rating_of(list[k], i);
			rc = wt_buf_addstr(out, k ? ", " : "");
			rc = rc ? rc : wt_buf_add_json_str(out, r == WT_RATING_NONE ? NULL : wt_rating_name(r));
		}
		rc = rc ? rc : wt_buf_printf(out, "], \"verschil\": %s}", signal_differs(list, n, i) ? "true" : "false");
	}
	rc = rc ? rc : wt_buf_addstr(out, "], \"rood_per_sectie\": [");
	for (i = 0; rc == 0 && i < cat->n_sections; i++) {
		rc = wt_buf_printf(out, "%s{\"sectie\": ", i ? ", " : "");
		rc = rc ? rc : wt_buf_add_json_str(out, cat->sections[i].code);
		rc = rc ? rc : wt_buf_addstr(out, ", \"naam\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, cat->sections[i].label);
		rc = rc ? rc : wt_buf_addstr(out, ", \"aantallen\": [");
		for (k = 0; rc == 0 && k < n; k++)
			rc = wt_buf_printf(out, "%s%zu", k ? ", " : "", wt_assessment_red_count(list[k], cat, i));
		rc = rc ? rc : wt_buf_addstr(out, "], \"vuistregel_bereikt\": [");
		for (k = 0; rc == 0 && k < n; k++)
			rc = wt_buf_printf(out, "%s%s", k ? ", " : "",
					   wt_assessment_red_count(list[k], cat, i) >= RED_RULE ? "true" : "false");
		rc = rc ? rc : wt_buf_addstr(out, "]}");
	}
	rc = rc ? rc : wt_buf_addstr(out, "], \"vuistregel\": ");
	rc = rc ? rc : wt_buf_add_json_str(out, rule_text);
	rc = rc ? rc : wt_buf_addstr(out, ", \"criteria\": {");
	for (i = 0; rc == 0 && i < 3; i++) {
		rc = wt_buf_printf(out, "%s\"%s\": [", i ? ", " : "", views[i]);
		for (k = 0; rc == 0 && k < n; k++) {
			rc = wt_buf_addstr(out, k ? ", " : "");
			rc = rc ? rc : wt_buf_add_json_str(out, view_of(list[k], views[i]));
		}
		rc = rc ? rc : wt_buf_addch(out, ']');
	}
	rc = rc ? rc : wt_buf_addstr(out, "}, \"conclusies\": [");
	for (k = 0; rc == 0 && k < n; k++) {
		rc = wt_buf_addstr(out, k ? ", " : "");
		rc = rc ? rc : wt_buf_add_json_str(out, list[k]->conclusie);
	}
	rc = rc ? rc : wt_buf_addstr(out, "], \"verschillen\": [");
	rc = rc ? rc : add_differences(cat, list, labels, n, 1, out);
	rc = rc ? rc : wt_buf_addstr(out, "]}");
	return rc < 0 ? -WT_EENV : 0;
}
