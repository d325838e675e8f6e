/* workflow_text.c: a workflow as readable Dutch text (workflow show) and as Graphviz (workflow dot). */
#include "workflow.h"

#include <string.h>

static const char *inzage_name(wt_visibility v)
{
	return v == WT_INZAGE_ALLE ? "alle dossiers" : v == WT_INZAGE_EIGEN ? "eigen verzoeken"
									     : "verzoeken van de eigen organisatie";
}

static int add_list(wt_buf *b, char *const *list, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (i > 0)
			rc |= wt_buf_addstr(b, ", ");
		rc |= wt_buf_addstr(b, list[i]);
	}
	return rc;
}

int wt_workflow_format_text(const wt_workflow *wf, wt_buf *out)
{
	size_t i;
	int rc = 0;
	char d[32];

	rc |= wt_buf_printf(out, "Workflow %s (%s), code %s, definitie %s\n", wf->naam, wf->gemeente,
			    wf->code, wf->definitie_versie);
	rc |= wt_buf_printf(out, "Route:       %s\n", strcmp(wf->route, "weegteam") == 0
							 ? "via het weegteam"
							 : "direct naar hulpofficier of burgemeester");
	rc |= wt_buf_printf(out, "Beslisser:   %s\nMandaat:     %s\n", wf->beslisser, wf->mandaat);
	rc |= wt_buf_addstr(out, "Indieners:   ");
	rc |= add_list(out, wf->indieners, wf->n_indieners);
	if (wf->indieners_toelichting)
		rc |= wt_buf_printf(out, "\n             %s", wf->indieners_toelichting);
	rc |= wt_buf_addstr(out, "\nIndienen:    door ");
	rc |= add_list(out, wf->indienen_rollen, wf->n_indienen_rollen);
	rc |= wt_buf_printf(out, ", begint in '%s'\n", wf->begin);
	if (wf->anderen_begin != NULL) {
		rc |= wt_buf_addstr(out, "Anderen:     andere organisaties door ");
		rc |= add_list(out, wf->anderen_rollen, wf->n_anderen_rollen);
		rc |= wt_buf_printf(out, ", beginnen in '%s'\n", wf->anderen_begin);
	}
	if (wf->n_quorum) {
		rc |= wt_buf_addstr(out, "Quorum:      ");
		rc |= add_list(out, wf->quorum, wf->n_quorum);
		rc |= wt_buf_addch(out, '\n');
	}
	rc |= wt_buf_addstr(out, "\nRollen:\n");
	for (i = 0; i < wf->n_rollen; i++)
		rc |= wt_buf_printf(out, "  %-28s %s%s%s (ziet %s)\n", wf->rollen[i].key, wf->rollen[i].naam,
				    wf->rollen[i].organisatie ? ", " : "",
				    wf->rollen[i].organisatie ? wf->rollen[i].organisatie : "",
				    inzage_name(wf->rollen[i].inzage));
	rc |= wt_buf_addstr(out, "\nToestanden:\n");
	for (i = 0; i < wf->n_states; i++) {
		const wt_wf_state *s = &wf->states[i];
		rc |= wt_buf_printf(out, "  %-28s %s", s->key, s->naam);
		if (s->terminal)
			rc |= wt_buf_addstr(out, " [eind]");
		if (s->has_termijn) {
			wt_duration_format(s->termijn, d);
			rc |= wt_buf_printf(out, " [termijn %s", d);
			if (s->has_termijn_spoed) {
				wt_duration_format(s->termijn_spoed, d);
				rc |= wt_buf_printf(out, ", spoed %s", d);
			}
			rc |= wt_buf_addstr(out, s->lokale_afspraak ? ", lokale afspraak]" : ", wettelijk]");
		}
		rc |= wt_buf_addch(out, '\n');
	}
	rc |= wt_buf_addstr(out, "\nActies:\n");
	for (i = 0; i < wf->n_actions; i++) {
		const wt_wf_action *a = &wf->actions[i];
		rc |= wt_buf_printf(out, "  %s: %s\n    van ", a->key, a->naam);
		rc |= add_list(out, a->van, a->n_van);
		rc |= wt_buf_printf(out, " naar %s; door ", a->naar);
		rc |= add_list(out, a->rollen, a->n_rollen);
		if (a->namens)
			rc |= wt_buf_printf(out, " (namens de %s)", a->namens);
		if (a->besluit)
			rc |= wt_buf_addstr(out, " [besluit]");
		rc |= wt_buf_addch(out, '\n');
		if (a->vereist)
			rc |= wt_buf_printf(out, "    vereist:%s%s%s%s\n", (a->vereist & WT_VEREIST_NOTITIE) ? " notitie" : "",
					    (a->vereist & WT_VEREIST_BESTAND) ? " bestand (" : "",
					    (a->vereist & WT_VEREIST_BESTAND) ? a->bestand : "",
					    (a->vereist & WT_VEREIST_BESTAND) ? ")" : "");
		if (a->n_voorwaarden) {
			rc |= wt_buf_addstr(out, "    voorwaarden: ");
			rc |= add_list(out, a->voorwaarden, a->n_voorwaarden);
			rc |= wt_buf_addch(out, '\n');
		}
	}
	return rc ? -WT_EENV : 0;
}

/* A Graphviz string literal: quotes and backslashes escaped. */
static int dot_str(wt_buf *b, const char *s)
{
	int rc = wt_buf_addch(b, '"');

	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			rc |= wt_buf_addch(b, '\\');
		if (*s == '\n')
			rc |= wt_buf_addstr(b, "\\n");
		else
			rc |= wt_buf_addch(b, *s);
	}
	return rc | wt_buf_addch(b, '"');
}

int wt_workflow_format_dot(const wt_workflow *wf, wt_buf *out)
{
	size_t i, j;
	int rc = 0;
	char d[32];

	rc |= wt_buf_addstr(out, "digraph ");
	rc |= dot_str(out, wf->gemeente);
	rc |= wt_buf_addstr(out, " {\n  rankdir=TB;\n  labelloc=t;\n  label=");
	{
		wt_buf title;
		wt_buf_init(&title, 1024);
		wt_buf_printf(&title, "%s (%s): route %s, beslisser %s", wf->naam, wf->code, wf->route, wf->beslisser);
		rc |= dot_str(out, title.data ? title.data : "");
		wt_buf_release(&title);
	}
	rc |= wt_buf_addstr(out, ";\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
				 "  edge [fontname=\"Helvetica\", fontsize=9];\n");
	/* "_indienen" cannot clash with a state: state keys begin with a lower-case letter. */
	rc |= wt_buf_addstr(out, "  \"_indienen\" [shape=point, label=\"\"];\n  \"_indienen\" -> ");
	rc |= dot_str(out, wf->begin);
	rc |= wt_buf_addstr(out, " [label=\"indienen\"];\n");
	if (wf->anderen_begin != NULL) {
		rc |= wt_buf_addstr(out, "  \"_anderen\" [shape=point, label=\"\"];\n  \"_anderen\" -> ");
		rc |= dot_str(out, wf->anderen_begin);
		rc |= wt_buf_addstr(out, " [label=\"indienen (andere organisatie)\"];\n");
	}
	for (i = 0; i < wf->n_states; i++) {
		const wt_wf_state *s = &wf->states[i];
		wt_buf label;
		wt_buf_init(&label, 1024);
		wt_buf_printf(&label, "%s\n%s", s->key, s->naam);
		if (s->has_termijn) {
			wt_duration_format(s->termijn, d);
			wt_buf_printf(&label, "\ntermijn %s%s", d, s->lokale_afspraak ? " (lokaal)" : "");
		}
		rc |= wt_buf_addstr(out, "  ");
		rc |= dot_str(out, s->key);
		rc |= wt_buf_addstr(out, " [label=");
		rc |= dot_str(out, label.data ? label.data : s->key);
		rc |= wt_buf_addstr(out, s->terminal ? ", shape=doubleoctagon, style=\"\"];\n" : "];\n");
		wt_buf_release(&label);
	}
	for (i = 0; i < wf->n_actions; i++) {
		const wt_wf_action *a = &wf->actions[i];
		for (j = 0; j < a->n_van; j++) {
			wt_buf label;
			size_t k;
			wt_buf_init(&label, 1024);
			wt_buf_printf(&label, "%s\n", a->key);
			for (k = 0; k < a->n_rollen; k++)
				wt_buf_printf(&label, "%s%s", k ? ", " : "", a->rollen[k]);
			rc |= wt_buf_addstr(out, "  ");
			rc |= dot_str(out, a->van[j]);
			rc |= wt_buf_addstr(out, " -> ");
			rc |= dot_str(out, a->naar);
			rc |= wt_buf_addstr(out, " [label=");
			rc |= dot_str(out, label.data ? label.data : a->key);
			rc |= wt_buf_addstr(out, "];\n");
			wt_buf_release(&label);
		}
	}
	rc |= wt_buf_addstr(out, "}\n");
	return rc ? -WT_EENV : 0;
}
