/* checklist_report.c: what a finished checklist gives out: accessors, the Dutch text report, JSON. */
#include "checklist.h"

#include "checklist_impl.h"

#include <stdlib.h>
#include <string.h>

static const char *const crit_keys[WT_CAT_N_CRITERIA] = {"meerderjarig", "verblijf", "gevaar"};
static const char *const crit_titles[WT_CAT_N_CRITERIA] = {
	"(i)   meerderjarig", "(ii)  verblijf    ", "(iii) gevaar      "};
static const char *const crit_basis[WT_CAT_N_CRITERIA] = {
	"Wth art. 2 lid 2", "Wth art. 2 lid 1: woont of verblijft er anders dan incidenteel",
	"Wth art. 2 lid 1 en Besluit tijdelijk huisverbod, bijlage"};

#define WRAP_WIDTH 96 /* columns of the text report */

/* Counts UTF-8 characters (not bytes) in n bytes, for wrapping. */
static size_t utf8_width(const char *p, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += ((unsigned char)p[i] & 0xC0) != 0x80;
	return w;
}

/*
 * Appends text wrapped at WRAP_WIDTH columns; every continuation line starts with `indent`.
 * `start` is the column where the text begins. Newlines in the text start a new line.
 */
static int add_wrapped(wt_buf *b, const char *text, const char *indent, size_t start)
{
	size_t col = start, iw = strlen(indent);
	const char *p = text;
	int first = 1, rc = 0;

	while (rc == 0 && *p != '\0') {
		size_t n, w;
		if (*p == '\n' || *p == ' ') {
			if (*p == '\n' && p[1] != '\0') {
				rc = wt_buf_printf(b, "\n%s", indent);
				col = iw;
				first = 1;
			}
			p++;
			continue;
		}
		n = strcspn(p, " \n");
		w = utf8_width(p, n);
		if (!first && col + 1 + w > WRAP_WIDTH) {
			rc = wt_buf_printf(b, "\n%s", indent);
			col = iw;
			first = 1;
		}
		if (rc == 0 && !first) {
			rc = wt_buf_addch(b, ' ');
			col++;
		}
		if (rc == 0)
			rc = wt_buf_add(b, p, n);
		col += w;
		first = 0;
		p += n;
	}
	return rc;
}

/* Order of cited facts: by signal, signal-level before items, then item, then position. */
static int cited_cmp(const void *pa, const void *pb)
{
	const wt_cited *a = *(const wt_cited *const *)pa, *b = *(const wt_cited *const *)pb;

	if (a->signal_index != b->signal_index)
		return a->signal_index < b->signal_index ? -1 : 1;
	if (a->item_index != b->item_index)
		return a->item_index < b->item_index ? -1 : 1;
	return a->index < b->index ? -1 : (a->index > b->index);
}

/* A sorted array of pointers to the cited facts (caller frees), or NULL when there are none. */
static const wt_cited **sorted_cited(const wt_checklist *c, int *oom)
{
	const wt_cited **v;
	size_t i;

	*oom = 0;
	if (c->n_cited == 0)
		return NULL;
	v = malloc(c->n_cited * sizeof(*v));
	if (v == NULL) {
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < c->n_cited; i++)
		v[i] = &c->cited[i];
	qsort(v, c->n_cited, sizeof(*v), cited_cmp);
	return v;
}

static int text_criteria(const wt_checklist *c, wt_buf *b)
{
	const char *p;
	size_t i;
	int rc = wt_buf_addstr(b, "\nDe drie wettelijke criteria\n");

	for (i = 0; rc == 0 && i < WT_CAT_N_CRITERIA; i++) {
		rc = wt_buf_printf(b, "  %s  %-11s  (%s)\n", crit_titles[i], wt_checklist_status_name(c->status[i]),
				   crit_basis[i]);
		p = c->reasons[i].data;
		while (rc == 0 && p != NULL && *p != '\0') {
			size_t n = strcspn(p, "\n");
			char *line = malloc(n + 1);
			if (line == NULL)
				return -WT_EENV;
			memcpy(line, p, n);
			line[n] = '\0';
			rc = wt_buf_addstr(b, "        - ");
			rc = rc ? rc : add_wrapped(b, line, "          ", 10);
			rc = rc ? rc : wt_buf_addch(b, '\n');
			free(line);
			p += n + (p[n] == '\n');
		}
	}
	return rc;
}

static int text_facts(const wt_checklist *c, wt_buf *b)
{
	const wt_cited **v;
	const char *sec = NULL, *sig = NULL;
	size_t i;
	int oom, rc;

	rc = wt_buf_addstr(b, "\nFeiten en omstandigheden uit de gesloten lijst (Besluit tijdelijk huisverbod, "
			      "bijlage)\n");
	v = sorted_cited(c, &oom);
	if (oom)
		return -WT_EENV;
	if (rc == 0 && c->n_cited == 0)
		rc = wt_buf_addstr(b, "  (geen feiten met een code uit de gesloten lijst)\n");
	for (i = 0; rc == 0 && i < c->n_cited; i++) {
		const wt_cited *x = v[i];
		char d[11] = "onbekend";
		if (sec == NULL || strcmp(sec, x->section_code) != 0) {
			rc = wt_buf_printf(b, "  %s %s\n", x->section_code, x->section_label);
			sec = x->section_code;
			sig = NULL;
		}
		if (rc == 0 && (sig == NULL || strcmp(sig, x->signal_code) != 0)) {
			rc = wt_buf_printf(b, "    %s %s\n", x->signal_code, x->signal_label);
			sig = x->signal_code;
		}
		if (x->has_date)
			wt_date_format(x->date, d);
		if (rc == 0 && x->item_code[0] != '\0')
			rc = wt_buf_printf(b, "      %s %s%s\n", x->item_code, x->item_label,
					   x->usable ? "" : "  [nog niet bruikbaar, zie bevindingen]");
		else if (rc == 0)
			rc = wt_buf_printf(b, "      (signaal als geheel)%s\n",
					   x->usable ? "" : "  [nog niet bruikbaar, zie bevindingen]");
		if (rc == 0)
			rc = wt_buf_addstr(b, "        feit:  ");
		if (rc == 0)
			rc = add_wrapped(b, x->fact[0] ? x->fact : "(leeg)", "               ", 15);
		if (rc == 0)
			rc = wt_buf_addstr(b, "\n        bron:  ");
		if (rc == 0)
			rc = add_wrapped(b, x->source[0] ? x->source : "(leeg)", "               ", 15);
		if (rc == 0)
			rc = wt_buf_printf(b, "\n        datum: %s   (regel %d)\n", d, x->line);
	}
	free(v);
	return rc;
}

static int text_findings(const wt_checklist *c, wt_buf *b)
{
	size_t i, nb = wt_findings_blocking(&c->findings);
	int rc;

	rc = wt_buf_printf(b, "\nBevindingen: %zu blokkerend, %zu aandachtspunt%s\n", nb, c->findings.count - nb,
			   c->findings.count - nb == 1 ? "" : "en");
	if (rc == 0 && c->findings.count == 0)
		rc = wt_buf_addstr(b, "  Geen.\n");
	for (i = 0; rc == 0 && i < c->findings.count; i++) {
		const wt_finding *f = &c->findings.items[i];
		rc = wt_buf_printf(b, "  %s", f->severity == WT_BLOKKEREND ? "BLOKKEREND" : "AANDACHTSPUNT");
		if (rc == 0 && f->line > 0)
			rc = wt_buf_printf(b, "  regel %d, kolom %d", f->line, f->column);
		if (rc == 0 && f->field[0] != '\0')
			rc = wt_buf_printf(b, "%s veld %s", f->line > 0 ? "," : " ", f->field);
		if (rc == 0 && f->criterion[0] != '\0')
			rc = wt_buf_printf(b, "  [%s]", f->criterion);
		if (rc == 0)
			rc = wt_buf_addstr(b, "\n    ");
		if (rc == 0)
			rc = add_wrapped(b, f->message, "    ", 4);
		if (rc == 0 && f->hint[0] != '\0') {
			rc = wt_buf_addstr(b, "\n    Wat helpt: ");
			if (rc == 0)
				rc = add_wrapped(b, f->hint, "    ", 15);
		}
		if (rc == 0)
			rc = wt_buf_addch(b, '\n');
	}
	return rc;
}

static int text_context(const wt_checklist *c, wt_buf *b)
{
	size_t i;
	int rc = wt_buf_addstr(b, "\nContext (geen wettelijke grond)\n");

	if (rc == 0)
		rc = wt_buf_addstr(b, "  Wat hieronder staat valt buiten de gesloten lijst. Het helpt de beslisser het geheel "
				      "te begrijpen,\n  maar weegt niet mee als feit of omstandigheid (Besluit art. 2 lid 1: "
				      "uitsluitend de bijlage).\n");
	if (rc == 0 && c->n_context == 0)
		rc = wt_buf_addstr(b, "  (niets ingevuld)\n");
	for (i = 0; rc == 0 && i < c->n_context; i++) {
		rc = wt_buf_printf(b, "  %s (regel %d):\n    ", c->context[i].label, c->context[i].line);
		if (rc == 0)
			rc = add_wrapped(b, c->context[i].text, "    ", 4);
		if (rc == 0)
			rc = wt_buf_addch(b, '\n');
	}
	return rc;
}

int wt_checklist_format_text(const wt_checklist *c, const char *file, wt_buf *out)
{
	size_t nb = wt_findings_blocking(&c->findings);
	int rc;

	rc = wt_buf_printf(out, "Onderbouwing van het verzoek: %s\nPeildatum: %s\n", file ? file : "(zonder naam)",
			   c->today_text);
	if (rc == 0)
		rc = wt_buf_printf(out, "%s\n", nb > 0 ? "Het verzoek kan zo nog niet verder: los eerst de blokkerende "
							 "bevindingen op."
						       : "Er zijn geen blokkerende bevindingen.");
	if (rc == 0)
		rc = text_criteria(c, out);
	if (rc == 0)
		rc = text_facts(c, out);
	if (rc == 0)
		rc = text_findings(c, out);
	if (rc == 0)
		rc = text_context(c, out);
	if (rc == 0)
		rc = wt_buf_addstr(out, "\nDit overzicht helpt bij het onderbouwen; het oordeel over een huisverbod ligt bij "
					"de beslisser.\n");
	return rc < 0 ? -WT_EENV : 0;
}

/* ---- JSON --------------------------------------------------------------------------------- */

static int json_reasons(const wt_checklist *c, size_t i, wt_buf *b)
{
	const char *p = c->reasons[i].data ? c->reasons[i].data : "";
	int rc = wt_buf_addch(b, '[');
	int first = 1;

	while (rc == 0 && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = malloc(n + 1);
		if (line == NULL)
			return -WT_EENV;
		memcpy(line, p, n);
		line[n] = '\0';
		rc = wt_buf_addstr(b, first ? "" : ", ");
		if (rc == 0)
			rc = wt_buf_add_json_str(b, line);
		free(line);
		first = 0;
		p += n + (nl != NULL);
	}
	return rc == 0 ? wt_buf_addch(b, ']') : rc;
}

int wt_checklist_format_json(const wt_checklist *c, wt_buf *out)
{
	size_t i, nb = wt_findings_blocking(&c->findings);
	const wt_cited **v;
	int rc, oom;

	rc = wt_buf_printf(out, "{\"blokkerend\": %zu, \"aandachtspunten\": %zu, \"peildatum\": \"%s\", \"criteria\": {",
			   nb, c->findings.count - nb, c->today_text);
	for (i = 0; rc == 0 && i < WT_CAT_N_CRITERIA; i++)
		rc = wt_buf_printf(out, "%s\"%s\": \"%s\"", i ? ", " : "", crit_keys[i],
				   wt_checklist_status_name(c->status[i]));
	if (rc == 0)
		rc = wt_buf_addstr(out, "}, \"redenen\": {");
	for (i = 0; rc == 0 && i < WT_CAT_N_CRITERIA; i++) {
		rc = wt_buf_printf(out, "%s\"%s\": ", i ? ", " : "", crit_keys[i]);
		if (rc == 0)
			rc = json_reasons(c, i, out);
	}
	if (rc == 0)
		rc = wt_buf_addstr(out, "}, \"bevindingen\": [");
	for (i = 0; rc == 0 && i < c->findings.count; i++) {
		const wt_finding *f = &c->findings.items[i];
		rc = wt_buf_printf(out, "%s{\"ernst\": \"%s\", \"code\": ", i ? ", " : "",
				   f->severity == WT_BLOKKEREND ? "blokkerend" : "aandachtspunt");
		rc = rc ? rc : wt_buf_add_json_str(out, f->code);
		rc = rc ? rc : wt_buf_addstr(out, ", \"criterium\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, f->criterion);
		rc = rc ? rc : wt_buf_addstr(out, ", \"veld\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, f->field);
		rc = rc ? rc : wt_buf_printf(out, ", \"regel\": %d, \"kolom\": %d, \"melding\": ", f->line, f->column);
		rc = rc ? rc : wt_buf_add_json_str(out, f->message);
		rc = rc ? rc : wt_buf_addstr(out, ", \"hint\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, f->hint);
		rc = rc ? rc : wt_buf_addch(out, '}');
	}
	if (rc == 0)
		rc = wt_buf_addstr(out, "], \"feiten\": [");
	v = sorted_cited(c, &oom);
	if (oom)
		return -WT_EENV;
	for (i = 0; rc == 0 && i < c->n_cited; i++) {
		const wt_cited *x = v[i];
		char d[11];
		rc = wt_buf_printf(out, "%s{\"sectie\": ", i ? ", " : "");
		rc = rc ? rc : wt_buf_add_json_str(out, x->section_code);
		rc = rc ? rc : wt_buf_addstr(out, ", \"signaal\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, x->signal_code);
		rc = rc ? rc : wt_buf_addstr(out, ", \"onderdeel\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, x->item_code[0] ? x->item_code : NULL);
		rc = rc ? rc : wt_buf_addstr(out, ", \"naam\": ");
		rc = rc ? rc : wt_buf_add_json_str(out, x->item_code[0] ? x->item_label : x->signal_label);
		rc = rc ? rc : wt_buf_addstr(out, ", \"datum\": ");
		if (x->has_date)
			wt_date_format(x->date, d);
		rc = rc ? rc : wt_buf_add_json_str(out, x->has_date ? d : NULL);
		rc = rc ? rc : wt_buf_printf(out, ", \"bruikbaar\": %s, \"regel\": %d}", x->usable ? "true" : "false",
					     x->line);
	}
	free(v);
	if (rc == 0)
		rc = wt_buf_addstr(out, "], \"context\": [");
	for (i = 0; rc == 0 && i < c->n_context; i++) {
		rc = wt_buf_printf(out, "%s{\"veld\": ", i ? ", " : "");
		rc = rc ? rc : wt_buf_add_json_str(out, c->context[i].field);
		rc = rc ? rc : wt_buf_printf(out, ", \"regel\": %d}", c->context[i].line);
	}
	if (rc == 0)
		rc = wt_buf_addstr(out, "]}\n");
	return rc < 0 ? -WT_EENV : 0;
}

/* ---- accessors ---------------------------------------------------------------------------- */

size_t wt_checklist_blocking(const wt_checklist *c)
{
	return c ? wt_findings_blocking(&c->findings) : 0;
}

wt_criterion_status wt_checklist_status(const wt_checklist *c, const char *criterion)
{
	int i;

	for (i = 0; criterion != NULL && i < WT_CAT_N_CRITERIA; i++)
		if (strcmp(criterion, crit_keys[i]) == 0)
			return c == NULL ? WT_ONTBREEKT : c->status[i];
	return WT_ONTBREEKT;
}

const char *wt_checklist_status_name(wt_criterion_status s)
{
	switch (s) {
	case WT_ONDERBOUWD:
		return "onderbouwd";
	case WT_ONVOLDOENDE:
		return "onvoldoende";
	default:
		return "ontbreekt";
	}
}

const wt_findings *wt_checklist_findings(const wt_checklist *c)
{
	return c ? &c->findings : NULL;
}

const wt_finding *wt_checklist_find(const wt_checklist *c, const char *code)
{
	size_t i;

	for (i = 0; c != NULL && i < c->findings.count; i++)
		if (strcmp(c->findings.items[i].code, code) == 0)
			return &c->findings.items[i];
	return NULL;
}

void wt_checklist_free(wt_checklist *c)
{
	size_t i;

	if (c == NULL)
		return;
	wt_findings_release(&c->findings);
	for (i = 0; i < WT_CAT_N_CRITERIA; i++)
		wt_buf_release(&c->reasons[i]);
	for (i = 0; i < c->n_cited; i++) {
		wt_cited *x = &c->cited[i];
		free(x->section_code);
		free(x->section_label);
		free(x->signal_code);
		free(x->signal_label);
		free(x->item_code);
		free(x->item_label);
		free(x->fact);
		free(x->source);
	}
	free(c->cited);
	for (i = 0; i < c->n_context; i++) {
		free(c->context[i].field);
		free(c->context[i].label);
		free(c->context[i].text);
	}
	free(c);
}
