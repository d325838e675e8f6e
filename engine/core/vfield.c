/* vfield.c: reading the typed fields of a verzoek (text, dates, closed lists), reporting problems. */
#include "vfield.h"

#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Field paths are dotted with 0-based list indexes ("gevaar.signalen[0].datum" is the first
 * signal), like every other path in weegteam (the catalogue, the checklist), so that the
 * checklist can tell which fields already have a problem. The line and column are what
 * guide a person to the spot; the path is for tools.
 */

void wt_vfield_fmt(char *out, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(out, size, f, ap);
	va_end(ap);
}

void wt_vfield_join(char out[WT_VFIELD_PATH_MAX], const char *base, const char *key)
{
	if (base[0] == '\0')
		wt_vfield_fmt(out, WT_VFIELD_PATH_MAX, "%s", key);
	else
		wt_vfield_fmt(out, WT_VFIELD_PATH_MAX, "%s.%s", base, key);
}

/* A short, single-line copy of s for a message, cut at a UTF-8 boundary. */
void wt_vfield_echo(char out[WT_VFIELD_ECHO_MAX + 4], const char *s)
{
	size_t n = strlen(s), i;

	if (n > WT_VFIELD_ECHO_MAX) {
		n = WT_VFIELD_ECHO_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20) ? ' ' : s[i];
	if (n < strlen(s)) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

/* "a, b, c" from a NULL-terminated list. */
static void list_text(char *out, size_t size, const char *const *values)
{
	size_t used = 0, i;

	out[0] = '\0';
	for (i = 0; values[i] != NULL && used + 1 < size; i++) {
		int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", values[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* Which formal criterion a problem at this field concerns ("" for a general one). */
static const char *criterion_of(const char *field)
{
	static const char birth[] = "beoogd_uithuisgeplaatste.geboortedatum";
	static const char stay[] = "beoogd_uithuisgeplaatste.verblijf";

	if (strncmp(field, birth, sizeof(birth) - 1) == 0)
		return "meerderjarig";
	if (strncmp(field, stay, sizeof(stay) - 1) == 0)
		return "verblijf";
	if (strncmp(field, "gevaar", 6) == 0 && (field[6] == '\0' || field[6] == '.' || field[6] == '['))
		return "gevaar";
	return "";
}

/* Records one blocking problem; the first also goes into err. */
void wt_vfield_problem(wt_vfield_parser *p, const char *code, const char *field, int line, int column, const char *msg,
		       const char *hint)
{
	char last[WT_VFIELD_MSG_MAX];

	if (p->rc < 0 || p->count > WT_VFIELD_MAX_PROBLEMS)
		return;
	if (p->count == WT_VFIELD_MAX_PROBLEMS) {
		/* Hostile or badly broken input: stop listing, say so once. */
		code = "te_veel_problemen";
		field = "";
		line = 0;
		column = 0;
		wt_vfield_fmt(last, sizeof(last),
			      "Er zijn nog meer problemen in dit bestand; alleen de eerste %d staan hierboven.",
			      WT_VFIELD_MAX_PROBLEMS);
		msg = last;
		hint = "Los deze eerst op en controleer het bestand dan opnieuw.";
	}
	if (wt_findings_add(p->problems, WT_BLOKKEREND, code, criterion_of(field), field, line, column, msg, hint) <
	    0) {
		p->rc = -WT_EENV;
		return;
	}
	if (p->count++ == 0) {
		wt_error_set(p->err, WT_EINPUT, code, "%s %s", msg, hint);
		wt_error_at(p->err, p->file, line, column, field);
	}
}

static char *dup_or_fail(wt_vfield_parser *p, const char *s)
{
	char *d = wt_strdup(s);

	if (d == NULL)
		p->rc = -WT_EENV;
	return d;
}

/* The node at key, or NULL when absent or a YAML null; *present says whether the key is there. */
const wt_node *wt_vfield_lookup(const wt_vfield_group *g, const char *key, int *present, int *line, int *column)
{
	long i = g->map != NULL ? wt_map_index(g->map, key) : -1;

	*present = i >= 0;
	*line = i >= 0 ? g->map->key_line[i] : g->line;
	*column = i >= 0 ? g->map->key_column[i] : g->column;
	if (i < 0 || wt_node_is_null(g->map->items[i]))
		return NULL;
	return g->map->items[i];
}

void wt_vfield_missing(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int present, int line,
		       int column, const char *hint)
{
	char field[WT_VFIELD_PATH_MAX], msg[WT_VFIELD_MSG_MAX];

	wt_vfield_join(field, g->path, key);
	if (present) {
		wt_vfield_fmt(msg, sizeof(msg), "Het verplichte veld '%s' is leeg.", field);
		wt_vfield_problem(p, "veld_leeg", field, line, column, msg, hint);
	} else {
		wt_vfield_fmt(msg, sizeof(msg), "Het verplichte veld '%s' ontbreekt.", field);
		wt_vfield_problem(p, "veld_ontbreekt", field, line, column, msg, hint);
	}
}

void wt_vfield_wrong_type(wt_vfield_parser *p, const char *field, const wt_node *n, const char *want, const char *hint)
{
	char msg[WT_VFIELD_MSG_MAX];

	/* The root has no field name: say "the file" rather than "Bij ''". */
	if (field[0] == '\0')
		wt_vfield_fmt(msg, sizeof(msg), "Het bestand moet %s zijn, maar het is een %s.", want,
			      wt_node_kind_name(n));
	else
		wt_vfield_fmt(msg, sizeof(msg), "Bij '%s' hoort %s, maar hier staat een %s.", field, want,
			      wt_node_kind_name(n));
	wt_vfield_problem(p, "verkeerd_type", field, n->line, n->column, msg, hint);
}

const char wt_vfield_text_hint[] =
	"Schrijf de tekst direct achter de dubbele punt. Een lange tekst mag over meer regels: zet dan '>-' "
	"achter de dubbele punt en de tekst ingesprongen op de regels eronder.";

/* Reports the keys of g that do not belong there, with a suggestion when one is close. */
void wt_vfield_check_keys(wt_vfield_parser *p, const wt_vfield_group *g, const char *const *known)
{
	char field[WT_VFIELD_PATH_MAX], msg[WT_VFIELD_MSG_MAX], hint[WT_VFIELD_MSG_MAX], names[WT_VFIELD_MSG_MAX];
	char key[WT_VFIELD_ECHO_MAX + 4];
	size_t i, k;

	for (i = 0; g->map != NULL && i < g->map->count; i++) {
		const char *suggestion;

		for (k = 0; known[k] != NULL && strcmp(known[k], g->map->keys[i]) != 0; k++)
			;
		if (known[k] != NULL)
			continue;
		wt_vfield_echo(key, g->map->keys[i]);
		wt_vfield_join(field, g->path, key);
		suggestion = wt_suggest(g->map->keys[i], known);
		if (suggestion != NULL)
			wt_vfield_fmt(msg, sizeof(msg), "Onbekend veld '%s'. Bedoelde u '%s'?", key, suggestion);
		else
			wt_vfield_fmt(msg, sizeof(msg), "Onbekend veld '%s'.", key);
		list_text(names, sizeof(names), known);
		wt_vfield_fmt(
		    hint, sizeof(hint),
		    "Verbeter de naam van het veld of haal het weg: een onbekend veld wordt niet gelezen, en wat "
		    "erin staat zou verloren gaan. Velden die hier horen: %s.",
		    names);
		wt_vfield_problem(p, "onbekend_veld", field, g->map->key_line[i], g->map->key_column[i], msg, hint);
	}
}

/* Opens the group at key of parent; 1 when it is there and is a map. */
int wt_vfield_open_group(wt_vfield_parser *p, const wt_vfield_group *parent, const char *key, int required,
			 const char *const *known, const char *hint, wt_vfield_group *out)
{
	int present, line, column;
	const wt_node *n = wt_vfield_lookup(parent, key, &present, &line, &column);

	wt_vfield_join(out->path, parent->path, key);
	out->map = NULL;
	out->line = line;
	out->column = column;
	if (n == NULL) {
		if (required)
			wt_vfield_missing(p, parent, key, present, line, column, hint);
		return 0;
	}
	if (n->kind != WT_NODE_MAP) {
		wt_vfield_wrong_type(p, out->path, n, "een groep velden (op de regels eronder, ingesprongen)", hint);
		return 0;
	}
	out->map = n;
	wt_vfield_check_keys(p, out, known);
	return 1;
}

/* Item i of a list as a group; 1 when it is a map. */
int wt_vfield_open_item(wt_vfield_parser *p, const wt_node *seq, const char *path, size_t i, const char *const *known,
			const char *hint, wt_vfield_group *out)
{
	const wt_node *n = seq->items[i];

	wt_vfield_fmt(out->path, sizeof(out->path), "%s[%zu]", path, i);
	out->map = NULL;
	out->line = n->line;
	out->column = n->column;
	if (n->kind != WT_NODE_MAP) {
		wt_vfield_wrong_type(p, out->path, n, "een groep velden (elk op een eigen regel)", hint);
		return 0;
	}
	out->map = n;
	wt_vfield_check_keys(p, out, known);
	return 1;
}

/* A scalar value that is too long is reported and not kept. 1 when n is usable text. */
static int usable_text(wt_vfield_parser *p, const char *field, const wt_node *n)
{
	char msg[WT_VFIELD_MSG_MAX], hint[WT_VFIELD_MSG_MAX];

	if (n->kind != WT_NODE_SCALAR) {
		wt_vfield_wrong_type(p, field, n, "tekst", wt_vfield_text_hint);
		return 0;
	}
	if (n->len > WT_VERZOEK_MAX_TEXT) {
		wt_vfield_fmt(msg, sizeof(msg), "De tekst bij '%s' is te lang: %zu bytes, hoogstens %d.", field,
			      n->len, WT_VERZOEK_MAX_TEXT);
		wt_vfield_fmt(
		    hint, sizeof(hint),
		    "Beperk de tekst tot de feiten die ertoe doen (hoogstens %d bytes; een letter met accent telt "
		    "als twee). Verslagen en bijlagen horen in het dossier, niet in dit veld.",
		    WT_VERZOEK_MAX_TEXT);
		wt_vfield_problem(p, "te_lang", field, n->line, n->column, msg, hint);
		return 0;
	}
	return 1;
}

int wt_vfield_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Reads a text field. A number or other plain scalar is taken as its text. */
void wt_vfield_read_text(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required, const char *hint,
			 wt_str *out)
{
	char field[WT_VFIELD_PATH_MAX];
	int present, line, column;
	const wt_node *n = wt_vfield_lookup(g, key, &present, &line, &column);

	wt_vfield_join(field, g->path, key);
	if (n == NULL) {
		if (required)
			wt_vfield_missing(p, g, key, present, line, column, hint);
		return;
	}
	out->line = n->line;
	out->column = n->column;
	if (!usable_text(p, field, n))
		return;
	if (required && wt_vfield_blank(n->value))
		wt_vfield_missing(p, g, key, 1, n->line, n->column, hint);
	out->s = dup_or_fail(p, n->value);
}

void wt_vfield_read_date(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required, const char *hint,
			 wt_datefield *out)
{
	char field[WT_VFIELD_PATH_MAX], msg[WT_VFIELD_MSG_MAX], full[WT_VFIELD_MSG_MAX];
	int present, line, column;
	const wt_node *n = wt_vfield_lookup(g, key, &present, &line, &column);
	const char *s;
	size_t i;
	int shaped = 1;

	wt_vfield_join(field, g->path, key);
	wt_vfield_fmt(full, sizeof(full), "Schrijf de datum als JJJJ-MM-DD (jaar-maand-dag), bijvoorbeeld %s.", hint);
	if (n == NULL) {
		if (required)
			wt_vfield_missing(p, g, key, present, line, column, full);
		return;
	}
	out->line = n->line;
	out->column = n->column;
	if (n->kind != WT_NODE_SCALAR) {
		wt_vfield_wrong_type(p, field, n, "een datum", full);
		return;
	}
	if (wt_date_parse(&out->d, n->value) == 0) {
		out->set = 1;
		return;
	}
	/* The value itself is not repeated: a date of birth is personal data. */
	s = n->value;
	for (i = 0; shaped && i < 10; i++)
		if (s[i] == '\0' || (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
			shaped = 0;
	if (shaped && s[10] == '\0')
		wt_vfield_fmt(msg, sizeof(msg), "De datum bij '%s' bestaat niet (of ligt voor 1900 of na 2999).",
			      field);
	else
		wt_vfield_fmt(msg, sizeof(msg), "De datum bij '%s' is geen geldige datum in de vorm JJJJ-MM-DD.",
			      field);
	wt_vfield_problem(p, "ongeldige_datum", field, n->line, n->column, msg, full);
}

/* Checks a scalar node against a closed list and keeps the canonical spelling in out. */
void wt_vfield_enum_value(wt_vfield_parser *p, const wt_node *n, const char *field, const char *const *values,
			  const char *code, wt_str *out)
{
	char msg[WT_VFIELD_MSG_MAX], hint[WT_VFIELD_MSG_MAX], names[WT_VFIELD_MSG_MAX], val[WT_VFIELD_ECHO_MAX + 4];
	const char *suggestion;
	size_t i;

	out->line = n->line;
	out->column = n->column;
	list_text(names, sizeof(names), values);
	wt_vfield_fmt(hint, sizeof(hint), "Kies een van: %s.", names);
	if (n->kind != WT_NODE_SCALAR) {
		wt_vfield_wrong_type(p, field, n, "een van de vaste waarden", hint);
		return;
	}
	for (i = 0; values[i] != NULL; i++) {
		if (strcasecmp(values[i], n->value) == 0) {
			out->s = dup_or_fail(p, values[i]);
			return;
		}
	}
	wt_vfield_echo(val, n->value);
	suggestion = wt_suggest(n->value, values);
	if (suggestion != NULL)
		wt_vfield_fmt(msg, sizeof(msg), "'%s' is geen geldige waarde voor '%s'. Bedoelde u '%s'?", val, field,
			      suggestion);
	else
		wt_vfield_fmt(msg, sizeof(msg), "'%s' is geen geldige waarde voor '%s'.", val, field);
	wt_vfield_problem(p, code, field, n->line, n->column, msg, hint);
}

void wt_vfield_read_enum(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required,
			 const char *const *values, const char *code, wt_str *out)
{
	char field[WT_VFIELD_PATH_MAX], names[WT_VFIELD_MSG_MAX], hint[WT_VFIELD_MSG_MAX];
	int present, line, column;
	const wt_node *n = wt_vfield_lookup(g, key, &present, &line, &column);

	wt_vfield_join(field, g->path, key);
	if (n == NULL) {
		if (required) {
			list_text(names, sizeof(names), values);
			wt_vfield_fmt(hint, sizeof(hint), "Vul '%s' in met een van: %s.", key, names);
			wt_vfield_missing(p, g, key, present, line, column, hint);
		}
		return;
	}
	wt_vfield_enum_value(p, n, field, values, code, out);
}

static int is_true_false(const wt_node *n, int *out)
{
	if (wt_node_bool(n, out) == 0)
		return 1;
	/* Also when quoted: "ja" means ja to a care professional. */
	if (n->kind == WT_NODE_SCALAR && (strcasecmp(n->value, "true") == 0 || strcasecmp(n->value, "ja") == 0)) {
		*out = 1;
		return 1;
	}
	if (n->kind == WT_NODE_SCALAR && (strcasecmp(n->value, "false") == 0 || strcasecmp(n->value, "nee") == 0)) {
		*out = 0;
		return 1;
	}
	return 0;
}

void wt_vfield_read_bool(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int *out)
{
	char field[WT_VFIELD_PATH_MAX], msg[WT_VFIELD_MSG_MAX], hint[WT_VFIELD_MSG_MAX];
	int present, line, column;
	const wt_node *n = wt_vfield_lookup(g, key, &present, &line, &column);

	*out = 0;
	if (n == NULL || is_true_false(n, out))
		return;
	wt_vfield_join(field, g->path, key);
	wt_vfield_fmt(msg, sizeof(msg), "Bij '%s' hoort true of false (of ja of nee).", field);
	wt_vfield_fmt(hint, sizeof(hint), "Schrijf '%s: true' of '%s: false'.", key, key);
	wt_vfield_problem(p, n->kind == WT_NODE_SCALAR ? "ongeldige_waarde" : "verkeerd_type", field, n->line,
			  n->column, msg, hint);
}

/* The list at key (NULL when absent or not a list); *n is the number of items to read. */
const wt_node *wt_vfield_read_list(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required,
				   const char *what, const char *hint, size_t *n)
{
	char field[WT_VFIELD_PATH_MAX], msg[WT_VFIELD_MSG_MAX], full[WT_VFIELD_MSG_MAX];
	int present, line, column;
	const wt_node *seq = wt_vfield_lookup(g, key, &present, &line, &column);

	*n = 0;
	wt_vfield_join(field, g->path, key);
	if (seq == NULL) {
		if (required)
			wt_vfield_missing(p, g, key, present, line, column, hint);
		return NULL;
	}
	if (seq->kind != WT_NODE_SEQ) {
		wt_vfield_wrong_type(p, field, seq, "een lijst", hint);
		return NULL;
	}
	if (seq->count == 0 && required) {
		wt_vfield_fmt(msg, sizeof(msg), "De lijst '%s' is leeg; er hoort minstens %s in.", field, what);
		wt_vfield_problem(p, "lijst_leeg", field, seq->line, seq->column, msg, hint);
	}
	*n = seq->count;
	if (*n > WT_VERZOEK_MAX_LIST) {
		wt_vfield_fmt(msg, sizeof(msg), "De lijst '%s' is te lang: %zu onderdelen, hoogstens %d.", field,
			      seq->count, WT_VERZOEK_MAX_LIST);
		wt_vfield_fmt(full, sizeof(full), "Houd de lijst bij de kern (hoogstens %d onderdelen).",
			      WT_VERZOEK_MAX_LIST);
		wt_vfield_problem(p, "te_veel_items", field, seq->line, seq->column, msg, full);
		*n = WT_VERZOEK_MAX_LIST;
	}
	return seq;
}

void *wt_vfield_alloc_items(wt_vfield_parser *p, size_t n, size_t size)
{
	void *a;

	if (n == 0)
		return NULL;
	a = calloc(n, size);
	if (a == NULL)
		p->rc = -WT_EENV;
	return a;
}
