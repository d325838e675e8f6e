/* template.c: parsing of the small Mustache-like template language into its tree (pure C). */
#include "template_impl.h"

#include "core/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building ---- */

static void list_free(wt_tpl_list *l);

static void node_free(wt_tpl_node *n)
{
	if (n == NULL)
		return;
	free(n->text);
	list_free(&n->body);
	list_free(&n->alt);
	free(n);
}

static void list_free(wt_tpl_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		node_free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = l->cap = 0;
}

void wt_template_free(wt_template *t)
{
	if (t == NULL)
		return;
	list_free(&t->root);
	free(t->name);
	free(t);
}

static int list_push(wt_tpl_list *l, wt_tpl_node *n)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		wt_tpl_node **p = realloc(l->items, cap * sizeof(*p));
		if (p == NULL)
			return -1;
		l->items = p;
		l->cap = cap;
	}
	l->items[l->count++] = n;
	return 0;
}

/* ---- parsing ---- */

typedef struct open_block {
	wt_tpl_node *node;
	int in_else;
} open_block;

typedef struct parser {
	const char *name;
	const char *text;
	size_t len;
	size_t pos; /* the cursor that line/column describe */
	int line;
	int column;
	wt_error *err;
	wt_template *t;
	open_block stack[WT_TEMPLATE_MAX_DEPTH];
	size_t depth;
	int loops;
} parser;

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

/* Moves the cursor to byte offset to, counting lines and (UTF-8) characters. */
static void advance_to(parser *p, size_t to)
{
	for (; p->pos < to; p->pos++) {
		unsigned char c = (unsigned char)p->text[p->pos];
		if (c == '\n') {
			p->line++;
			p->column = 1;
		} else if ((c & 0xC0) != 0x80) {
			p->column++;
		}
	}
}

static int perr(parser *p, int line, int column, const char *key, const char *field,
		const char *msg)
{
	wt_error_set(p->err, WT_EINPUT, key, "%s", msg);
	wt_error_at(p->err, p->name, line, column, field);
	return -WT_EINPUT;
}

static wt_tpl_list *current_list(parser *p)
{
	open_block *b;

	if (p->depth == 0)
		return &p->t->root;
	b = &p->stack[p->depth - 1];
	return b->in_else ? &b->node->alt : &b->node->body;
}

static wt_tpl_node *add_node(parser *p, wt_tpl_kind kind, const char *text, size_t len, int line, int column)
{
	wt_tpl_node *n;

	if (p->t->n_nodes >= WT_TEMPLATE_MAX_NODES) {
		char msg[160];
		snprintf(msg, sizeof(msg), "Het sjabloon heeft meer dan %d onderdelen; dat is te veel.",
			 WT_TEMPLATE_MAX_NODES);
		perr(p, line, column, "sjabloon_te_veel", NULL, msg);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		goto fail;
	n->kind = kind;
	n->line = line;
	n->column = column;
	n->len = len;
	n->text = malloc(len + 1);
	if (n->text == NULL)
		goto fail;
	if (len > 0)
		memcpy(n->text, text, len);
	n->text[len] = '\0';
	if (list_push(current_list(p), n) < 0)
		goto fail;
	p->t->n_nodes++;
	return n;
fail:
	node_free(n);
	oom(p->err);
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static const char *const specials[] = {"@index1", "@key", "@first", "@last", NULL};

/*
 * Checks a path "a.b.c", "." or a special name; strips a trailing "?" (optional) when
 * allow_optional. On success *plen is the path's length without the "?".
 */
static int check_path(parser *p, const char *s, size_t len, int allow_optional, int *optional,
		      size_t *plen, int line, int column)
{
	size_t i, seg = 0;
	char shown[WT_TEMPLATE_MAX_PATH + 1];
	char msg[WT_ERROR_MESSAGE_MAX];

	*optional = 0;
	if (allow_optional && len > 0 && s[len - 1] == '?') {
		*optional = 1;
		len--;
		while (len > 0 && is_space(s[len - 1]))
			len--;
	}
	*plen = len;
	if (len == 0)
		return perr(p, line, column, "sjabloon_pad", NULL,
			    "Deze tag noemt geen veld; schrijf bijvoorbeeld {{ verzoek.woning.adres }}.");
	if (len > WT_TEMPLATE_MAX_PATH)
		return perr(p, line, column, "sjabloon_pad", NULL,
			    "Het veld in deze tag heeft een te lange naam.");
	memcpy(shown, s, len);
	shown[len] = '\0';
	if (len == 1 && s[0] == '.')
		return 0;
	if (s[0] == '@') {
		for (i = 0; specials[i] != NULL; i++)
			if (strcmp(shown, specials[i]) == 0)
				break;
		if (specials[i] == NULL) {
			snprintf(msg, sizeof(msg),
				 "'%s' is geen bekende naam; bekend zijn @index1, @key, @first en @last.", shown);
			return perr(p, line, column, "sjabloon_pad", shown, msg);
		}
		if (p->loops == 0) {
			snprintf(msg, sizeof(msg), "'%s' kan alleen binnen {{#each ...}} staan.", shown);
			return perr(p, line, column, "sjabloon_pad", shown, msg);
		}
		return 0;
	}
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (seg == 0)
				break;
			seg = 0;
		} else if (is_name_char(s[i])) {
			seg++;
		} else {
			break;
		}
	}
	if (i <= len) {
		snprintf(msg, sizeof(msg),
			 "'%s' is geen geldig veld; gebruik namen met letters, cijfers, _ en -, "
			 "gescheiden door punten.", shown);
		return perr(p, line, column, "sjabloon_pad", shown, msg);
	}
	return 0;
}

static const char *kind_word(wt_tpl_kind k)
{
	switch (k) {
	case WT_TPL_EACH: return "each";
	case WT_TPL_IF: return "if";
	case WT_TPL_UNLESS: return "unless";
	case WT_TPL_BLOCK: return "block";
	default: return "?";
	}
}

/* Handles the inside of one tag (trimmed), at line/column. */
static int handle_tag(parser *p, const char *in, size_t n, int line, int column)
{
	char msg[WT_ERROR_MESSAGE_MAX];
	size_t kw = 0, plen;
	int optional;
	wt_tpl_kind kind;
	wt_tpl_node *node;

	if (n > 0 && in[0] == '!')
		return 0;
	if (n > 0 && (in[0] == '{' || in[0] == '&' || in[0] == '>' || in[0] == '^'))
		return perr(p, line, column, "sjabloon_tag_onbekend", NULL,
			    "Deze tag wordt niet ondersteund: onbewerkte uitvoer ({{{ }}}, {{& }}), "
			    "deelsjablonen ({{> }}) en {{^ }} bestaan niet; zie docs/template-language.md.");
	if (n == 4 && memcmp(in, "else", 4) == 0) {
		open_block *b = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
		if (b == NULL || (b->node->kind != WT_TPL_IF && b->node->kind != WT_TPL_UNLESS) || b->in_else)
			return perr(p, line, column, "sjabloon_else", NULL,
				    "{{else}} staat hier los: het hoort eenmaal binnen {{#if ...}} of "
				    "{{#unless ...}}.");
		b->in_else = 1;
		return 0;
	}
	if (n > 0 && (in[0] == '#' || in[0] == '/')) {
		while (1 + kw < n && in[1 + kw] >= 'a' && in[1 + kw] <= 'z')
			kw++;
		if (kw == 4 && memcmp(in + 1, "each", 4) == 0)
			kind = WT_TPL_EACH;
		else if (kw == 2 && memcmp(in + 1, "if", 2) == 0)
			kind = WT_TPL_IF;
		else if (kw == 6 && memcmp(in + 1, "unless", 6) == 0)
			kind = WT_TPL_UNLESS;
		else if (kw == 5 && memcmp(in + 1, "block", 5) == 0)
			kind = WT_TPL_BLOCK;
		else {
			snprintf(msg, sizeof(msg),
				 "Onbekend blok '{{%.*s}}'; bekend zijn #each, #if, #unless en #block.",
				 (int)(n > 60 ? 60 : n), in);
			return perr(p, line, column, "sjabloon_blok_onbekend", NULL, msg);
		}
		if (1 + kw < n && !is_space(in[1 + kw])) {
			snprintf(msg, sizeof(msg), "Onbekend blok '{{%.*s}}'; bekend zijn #each, #if, "
				 "#unless en #block.", (int)(n > 60 ? 60 : n), in);
			return perr(p, line, column, "sjabloon_blok_onbekend", NULL, msg);
		}
	} else {
		if (check_path(p, in, n, 1, &optional, &plen, line, column) < 0)
			return -WT_EINPUT;
		node = add_node(p, WT_TPL_VAR, in, plen, line, column);
		if (node == NULL)
			return p->err != NULL ? -(int)p->err->code : -WT_EENV;
		node->optional = optional;
		return 0;
	}
	if (in[0] == '/') {
		open_block *b = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
		if (1 + kw != n)
			return perr(p, line, column, "sjabloon_blok_sluit", NULL,
				    "Een sluittag noemt alleen het soort blok, bijvoorbeeld {{/each}}.");
		if (b == NULL) {
			snprintf(msg, sizeof(msg), "'{{/%s}}' sluit niets: er is geen open {{#%s ...}}.",
				 kind_word(kind), kind_word(kind));
			return perr(p, line, column, "sjabloon_blok_sluit", NULL, msg);
		}
		if (b->node->kind != kind) {
			snprintf(msg, sizeof(msg),
				 "'{{/%s}}' past niet bij '{{#%s %s}}' van regel %d, kolom %d; "
				 "sluit dat eerst met '{{/%s}}'.", kind_word(kind), kind_word(b->node->kind),
				 b->node->text, b->node->line, b->node->column, kind_word(b->node->kind));
			return perr(p, line, column, "sjabloon_blok_sluit", NULL, msg);
		}
		if (kind == WT_TPL_EACH)
			p->loops--;
		p->depth--;
		return 0;
	}
	/* an opening block: #kind path */
	in += 1 + kw;
	n -= 1 + kw;
	while (n > 0 && is_space(in[0])) {
		in++;
		n--;
	}
	if (p->depth >= WT_TEMPLATE_MAX_DEPTH) {
		snprintf(msg, sizeof(msg), "Blokken zijn hier dieper genest dan %d niveaus.",
			 WT_TEMPLATE_MAX_DEPTH);
		return perr(p, line, column, "sjabloon_te_diep", NULL, msg);
	}
	if (kind == WT_TPL_BLOCK) {
		size_t i;
		if (p->depth > 0)
			return perr(p, line, column, "sjabloon_blok_onbekend", NULL,
				    "{{#block ...}} staat alleen op het hoogste niveau, niet binnen een ander blok.");
		for (i = 0; i < n && is_name_char(in[i]); i++)
			;
		if (n == 0 || i != n)
			return perr(p, line, column, "sjabloon_pad", NULL,
				    "{{#block NAAM}} vraagt een naam van letters, cijfers, _ en -.");
		plen = n;
		optional = 0;
	} else if (check_path(p, in, n, kind == WT_TPL_EACH, &optional, &plen, line, column) < 0) {
		return -WT_EINPUT;
	}
	node = add_node(p, kind, in, plen, line, column);
	if (node == NULL)
		return p->err != NULL ? -(int)p->err->code : -WT_EENV;
	node->optional = optional;
	p->stack[p->depth].node = node;
	p->stack[p->depth].in_else = 0;
	p->depth++;
	if (kind == WT_TPL_EACH)
		p->loops++;
	return 0;
}

static const char *find2(const char *s, size_t from, size_t len, char a, char b)
{
	size_t i;

	for (i = from; i + 1 < len; i++)
		if (s[i] == a && s[i + 1] == b)
			return s + i;
	return NULL;
}

static int parse_all(parser *p)
{
	const char *s = p->text;
	size_t text_start = 0;

	for (;;) {
		const char *open = find2(s, text_start, p->len, '{', '{');
		const char *close;
		size_t tag_start, tag_end, inner, inner_end, line_start, after, emit_end;
		int line, column, block_like, rc;

		if (open == NULL) {
			if (p->len > text_start &&
			    add_node(p, WT_TPL_TEXT, s + text_start, p->len - text_start, p->line, p->column) == NULL)
				return p->err != NULL ? -(int)p->err->code : -WT_EENV;
			break;
		}
		tag_start = (size_t)(open - s);
		advance_to(p, tag_start);
		line = p->line;
		column = p->column;
		if (tag_start + 2 < p->len && s[tag_start + 2] == '{')
			return perr(p, line, column, "sjabloon_tag_onbekend", NULL,
				    "Drie accolades ({{{ ... }}}) worden niet ondersteund: elke waarde wordt "
				    "veilig (ontsnapt) weergegeven met {{ ... }}.");
		close = find2(s, tag_start + 2, p->len, '}', '}');
		inner = tag_start + 2;
		if (close != NULL && s[inner] != '!' && memchr(s + inner, '\n', (size_t)(close - (s + inner))))
			close = NULL;
		if (close == NULL)
			return perr(p, line, column, "sjabloon_tag_open", NULL,
				    "Deze tag is niet afgesloten: '}}' ontbreekt op dezelfde regel.");
		inner_end = (size_t)(close - s);
		tag_end = inner_end + 2;
		while (inner < inner_end && (is_space(s[inner]) || s[inner] == '\n' || s[inner] == '\r'))
			inner++;
		while (inner_end > inner && (is_space(s[inner_end - 1]) || s[inner_end - 1] == '\n' ||
					     s[inner_end - 1] == '\r'))
			inner_end--;
		block_like = inner < inner_end && (s[inner] == '#' || s[inner] == '/' || s[inner] == '!' ||
						   (inner_end - inner == 4 && memcmp(s + inner, "else", 4) == 0));
		/* A block tag alone on its line takes the whole line with it (no empty lines). */
		emit_end = tag_start;
		after = tag_end;
		if (block_like) {
			size_t a = tag_end;
			line_start = tag_start;
			while (line_start > 0 && is_space(s[line_start - 1]))
				line_start--;
			while (a < p->len && (is_space(s[a]) || s[a] == '\r'))
				a++;
			if ((line_start == 0 || s[line_start - 1] == '\n') && (a == p->len || s[a] == '\n')) {
				emit_end = line_start > text_start ? line_start : text_start;
				after = a < p->len ? a + 1 : a;
			}
		}
		if (emit_end > text_start) {
			/* the text node starts at text_start: its position is not needed for messages */
			if (add_node(p, WT_TPL_TEXT, s + text_start, emit_end - text_start, 0, 0) == NULL)
				return p->err != NULL ? -(int)p->err->code : -WT_EENV;
		}
		rc = handle_tag(p, s + inner, inner_end - inner, line, column);
		if (rc < 0)
			return rc;
		advance_to(p, after);
		text_start = after;
	}
	if (p->depth > 0) {
		wt_tpl_node *b = p->stack[p->depth - 1].node;
		char msg[WT_ERROR_MESSAGE_MAX];
		snprintf(msg, sizeof(msg), "'{{#%s %s}}' is niet afgesloten met '{{/%s}}'.",
			 kind_word(b->kind), b->text, kind_word(b->kind));
		return perr(p, b->line, b->column, "sjabloon_blok_open", b->text, msg);
	}
	return 0;
}

int wt_template_parse(wt_template **out, const char *name, const char *text, size_t len,
		      wt_error *err)
{
	parser p;
	wt_template *t = NULL;
	int rc;

	*out = NULL;
	if (name == NULL)
		name = "(sjabloon)";
	if (len > WT_TEMPLATE_MAX_BYTES) {
		wt_error_set(err, WT_EINPUT, "sjabloon_te_groot",
			     "Het sjabloon is groter dan %zu bytes.", WT_TEMPLATE_MAX_BYTES);
		wt_error_at(err, name, 0, 0, NULL);
		return -WT_EINPUT;
	}
	/* What a template says reaches the advice and people's screens: text, no control codes. */
	if (wt_text_check(name, text, len, err) < 0)
		return -WT_EINPUT;
	t = calloc(1, sizeof(*t));
	if (t == NULL || (t->name = wt_strdup(name)) == NULL) {
		rc = oom(err);
		goto cleanup;
	}
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.text = text;
	p.len = len;
	p.line = 1;
	p.column = 1;
	p.err = err;
	p.t = t;
	rc = parse_all(&p);
	if (rc < 0)
		goto cleanup;
	*out = t;
	t = NULL;
cleanup:
	wt_template_free(t);
	return rc;
}

int wt_template_load_file(wt_template **out, const char *path, wt_error *err)
{
	FILE *f;
	char *data = NULL;
	size_t n;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		int e = errno;
		wt_error_set(err, e == ENOENT ? WT_EINPUT : WT_EENV,
			     e == ENOENT ? "sjabloon_niet_gevonden" : "sjabloon_onleesbaar",
			     e == ENOENT ? "Het sjabloon bestaat niet." : "Het sjabloon kan niet worden gelezen: %s.",
			     strerror(e));
		wt_error_at(err, path, 0, 0, NULL);
		return e == ENOENT ? -WT_EINPUT : -WT_EENV;
	}
	data = malloc(WT_TEMPLATE_MAX_BYTES + 1);
	if (data == NULL) {
		rc = oom(err);
		goto cleanup;
	}
	n = fread(data, 1, WT_TEMPLATE_MAX_BYTES + 1, f);
	if (ferror(f)) {
		wt_error_set(err, WT_EENV, "sjabloon_onleesbaar", "Het sjabloon kan niet worden gelezen.");
		wt_error_at(err, path, 0, 0, NULL);
		rc = -WT_EENV;
		goto cleanup;
	}
	rc = wt_template_parse(out, path, data, n, err);
cleanup:
	free(data);
	fclose(f);
	return rc;
}

