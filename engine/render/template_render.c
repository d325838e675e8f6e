/* template_render.c: rendering a parsed template with a context, and Markdown escaping. */
#include "template_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest synthetic value (@index1, @first, @last), in bytes. */
#define SYNTH_MAX 32

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

/* ---- escaping ---- */

/* Characters that Markdown may treat as markup anywhere in a line. */
static int inline_active(char c)
{
	return strchr("\\`*_{}[]<>&|!", c) != NULL;
}

/* Characters that are markup only at the start of a line (headings, lists, rules, fences). */
static int start_active(char c)
{
	return strchr("#+-=~", c) != NULL;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int wt_template_escape(wt_buf *out, const char *s, size_t len)
{
	size_t i = 0, end = len, digits = 0;

	while (i < end && is_ws(s[i]))
		i++;
	while (end > i && is_ws(s[end - 1]))
		end--;
	while (i + digits < end && s[i + digits] >= '0' && s[i + digits] <= '9')
		digits++;
	if (i < end && start_active(s[i])) {
		if (wt_buf_addch(out, '\\') < 0)
			return -WT_EENV;
	}
	for (; i < end; i++) {
		char c = s[i];
		if (is_ws(c)) {
			size_t j = i;
			int broken = 0;
			while (j < end && is_ws(s[j])) {
				if (s[j] != ' ')
					broken = 1;
				j++;
			}
			if (broken) {
				if (wt_buf_addch(out, ' ') < 0)
					return -WT_EENV;
			} else if (wt_buf_add(out, s + i, j - i) < 0) {
				return -WT_EENV;
			}
			i = j - 1;
			continue;
		}
		if ((inline_active(c) || (digits > 0 && i == digits && (c == '.' || c == ')'))) &&
		    wt_buf_addch(out, '\\') < 0)
			return -WT_EENV;
		if (wt_buf_addch(out, c) < 0)
			return -WT_EENV;
	}
	return 0;
}

/* ---- rendering ---- */

typedef struct frame {
	const wt_node *node;
	const char *key; /* borrowed: the map key in a map loop */
	size_t index;
	size_t count;
	int loop;
	char path[WT_ERROR_FIELD_MAX];
} frame;

typedef struct render {
	const wt_template *over;
	wt_buf *out;
	wt_error *err;
	frame frames[WT_TEMPLATE_MAX_DEPTH + 1];
	size_t nframes;
	size_t iterations;
} render;

static int rerr(render *r, const char *file, const wt_tpl_node *n, const char *key, const char *field,
		const char *msg)
{
	wt_error_set(r->err, WT_EINPUT, key, "%s", msg);
	wt_error_at(r->err, file, n->line, n->column, field);
	return -WT_EINPUT;
}

static int emit(render *r, const char *file, const wt_tpl_node *n, const char *s, size_t len,
		int escaped)
{
	size_t need = escaped ? 2 * len : len;
	size_t cap = r->out->max < WT_TEMPLATE_MAX_OUTPUT ? r->out->max : WT_TEMPLATE_MAX_OUTPUT;
	char msg[200];
	int rc;

	if (r->out->len + need <= cap) {
		rc = escaped ? wt_template_escape(r->out, s, len) : wt_buf_add(r->out, s, len);
		return rc < 0 ? oom(r->err) : 0;
	}
	snprintf(msg, sizeof(msg), "Het resultaat van het sjabloon wordt te groot (meer dan %zu bytes).",
		 cap);
	return rerr(r, file, n, "sjabloon_te_groot", NULL, msg);
}

/* The full dotted path of path seen from frame f (for messages); cut when too long. */
static void full_path(char *dst, size_t size, const frame *f, const char *path)
{
	int n;

	if (f->path[0] == '\0')
		n = snprintf(dst, size, "%s", path);
	else if (strcmp(path, ".") == 0)
		n = snprintf(dst, size, "%s", f->path);
	else
		n = snprintf(dst, size, "%s.%s", f->path, path);
	if (n < 0 || (size_t)n >= size)
		dst[size - 1] = '\0';
}

/*
 * Resolves path. Returns 1 with *node set, 2 with *text set (a special name; synth holds
 * numbers and ja/nee, @key is borrowed from the tree), 0 when missing. *where is the frame the
 * path was found from (the innermost one when missing).
 */
static int resolve(render *r, const char *path, const wt_node **node, const char **text,
		   char *synth, size_t *where)
{
	const frame *top = &r->frames[r->nframes - 1];
	const wt_node *cur = NULL;
	const char *seg = path, *dot;
	char key[WT_TEMPLATE_MAX_PATH + 1];
	size_t i, klen;

	*node = NULL;
	*text = NULL;
	*where = r->nframes - 1;
	if (strcmp(path, ".") == 0) {
		*node = top->node;
		return 1;
	}
	if (path[0] == '@') {
		/* the parser only accepts special names inside a loop, so a loop frame exists */
		for (i = r->nframes; i-- > 1;)
			if (r->frames[i].loop)
				break;
		top = &r->frames[i];
		if (strcmp(path, "@index1") == 0)
			snprintf(synth, SYNTH_MAX, "%zu", top->index + 1);
		else if (strcmp(path, "@first") == 0)
			snprintf(synth, SYNTH_MAX, "%s", top->index == 0 ? "ja" : "nee");
		else if (strcmp(path, "@last") == 0)
			snprintf(synth, SYNTH_MAX, "%s", top->index + 1 == top->count ? "ja" : "nee");
		else if (top->key != NULL)
			synth = (char *)top->key;
		else
			return 0;
		*text = synth;
		return 2;
	}
	dot = strchr(seg, '.');
	klen = dot ? (size_t)(dot - seg) : strlen(seg);
	memcpy(key, seg, klen);
	key[klen] = '\0';
	for (i = r->nframes; i-- > 0;) {
		cur = wt_map_get(r->frames[i].node, key);
		if (cur != NULL)
			break;
	}
	if (cur == NULL)
		return 0;
	*where = i;
	while (dot != NULL) {
		seg = dot + 1;
		dot = strchr(seg, '.');
		klen = dot ? (size_t)(dot - seg) : strlen(seg);
		memcpy(key, seg, klen);
		key[klen] = '\0';
		cur = wt_map_get(cur, key);
		if (cur == NULL)
			return 0;
	}
	*node = cur;
	return 1;
}

static int text_truthy(const char *s, size_t len)
{
	static const char *const falsy[] = {"false", "nee", "no", "0", NULL};
	size_t i;

	while (len > 0 && is_ws(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_ws(s[len - 1]))
		len--;
	if (len == 0)
		return 0;
	for (i = 0; falsy[i] != NULL; i++)
		if (strlen(falsy[i]) == len && strncasecmp(falsy[i], s, len) == 0)
			return 0;
	return 1;
}

static int node_truthy(const wt_node *n)
{
	if (n == NULL)
		return 0;
	if (n->kind == WT_NODE_SCALAR)
		return !wt_node_is_null(n) && text_truthy(n->value, n->len);
	return n->count > 0;
}

static int missing(render *r, const char *file, const wt_tpl_node *n, size_t where)
{
	char field[WT_ERROR_FIELD_MAX];
	char msg[WT_ERROR_MESSAGE_MAX];

	full_path(field, sizeof(field), &r->frames[where], n->text);
	snprintf(msg, sizeof(msg), "Het sjabloon vraagt '%s', maar dat ontbreekt in het dossier.", field);
	return rerr(r, file, n, "sjabloon_veld_ontbreekt", field, msg);
}

static int render_list(render *r, const char *file, const wt_tpl_list *l);

static int blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_ws(s[i]))
			return 0;
	return 1;
}

static int render_var(render *r, const char *file, const wt_tpl_node *n)
{
	char synth[SYNTH_MAX], field[WT_ERROR_FIELD_MAX], msg[WT_ERROR_MESSAGE_MAX];
	const wt_node *v;
	const char *text;
	size_t where;
	int found = resolve(r, n->text, &v, &text, synth, &where);

	if (found == 2)
		return emit(r, file, n, text, strlen(text), 1);
	if (found == 0 && n->text[0] == '@')
		return rerr(r, file, n, "sjabloon_pad", n->text,
			    "@key bestaat alleen in een {{#each}} over een groep (sleutels met waarden).");
	if (v != NULL && v->kind != WT_NODE_SCALAR) {
		full_path(field, sizeof(field), &r->frames[where], n->text);
		snprintf(msg, sizeof(msg), "Het sjabloon wil '%s' als tekst tonen, maar het is een %s.",
			 field, wt_node_kind_name(v));
		return rerr(r, file, n, "sjabloon_geen_tekst", field, msg);
	}
	/* null and empty count as missing; "0", "nee" and "false" are values to show */
	if (v == NULL || wt_node_is_null(v) || blank(v->value, v->len))
		return n->optional ? 0 : missing(r, file, n, where);
	return emit(r, file, n, v->value, v->len, 1);
}

static int render_each(render *r, const char *file, const wt_tpl_node *n)
{
	char field[WT_ERROR_FIELD_MAX], msg[WT_ERROR_MESSAGE_MAX];
	const wt_node *v;
	const char *text;
	char synth[SYNTH_MAX];
	size_t where, i;
	int found = resolve(r, n->text, &v, &text, synth, &where), rc;
	frame *f;

	full_path(field, sizeof(field), &r->frames[where], n->text);
	if (found != 1 || v == NULL || wt_node_is_null(v))
		return n->optional ? 0 : missing(r, file, n, where);
	if (v->kind == WT_NODE_SCALAR) {
		snprintf(msg, sizeof(msg),
			 "Het sjabloon wil '%s' langslopen, maar het is een tekst, geen lijst of groep.", field);
		return rerr(r, file, n, "sjabloon_geen_lijst", field, msg);
	}
	f = &r->frames[r->nframes++];
	for (i = 0; i < v->count; i++) {
		if (++r->iterations > WT_TEMPLATE_MAX_ITERATIONS) {
			r->nframes--;
			snprintf(msg, sizeof(msg), "Het sjabloon doorloopt meer dan %d onderdelen.",
				 WT_TEMPLATE_MAX_ITERATIONS);
			return rerr(r, file, n, "sjabloon_te_veel", field, msg);
		}
		f->node = v->items[i];
		f->key = v->kind == WT_NODE_MAP ? v->keys[i] : NULL;
		f->index = i;
		f->count = v->count;
		f->loop = 1;
		/* a path too long for a message is cut; it is only ever shown */
		if (v->kind == WT_NODE_MAP)
			rc = snprintf(f->path, sizeof(f->path), "%s.%s", field, v->keys[i]);
		else
			rc = snprintf(f->path, sizeof(f->path), "%s[%zu]", field, i + 1);
		if (rc < 0 || (size_t)rc >= sizeof(f->path))
			f->path[sizeof(f->path) - 1] = '\0';
		rc = render_list(r, file, &n->body);
		if (rc < 0) {
			r->nframes--;
			return rc;
		}
	}
	r->nframes--;
	return 0;
}

static const wt_tpl_node *find_override(const wt_template *over, const char *name)
{
	size_t i;

	if (over == NULL)
		return NULL;
	for (i = 0; i < over->root.count; i++)
		if (over->root.items[i]->kind == WT_TPL_BLOCK && strcmp(over->root.items[i]->text, name) == 0)
			return over->root.items[i];
	return NULL;
}

static int render_list(render *r, const char *file, const wt_tpl_list *l)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < l->count && rc == 0; i++) {
		const wt_tpl_node *n = l->items[i];
		const wt_node *v;
		const char *text;
		char synth[SYNTH_MAX];
		size_t where;
		int truth;

		switch (n->kind) {
		case WT_TPL_TEXT:
			rc = emit(r, file, n, n->text, n->len, 0);
			break;
		case WT_TPL_VAR:
			rc = render_var(r, file, n);
			break;
		case WT_TPL_EACH:
			rc = render_each(r, file, n);
			break;
		case WT_TPL_IF:
		case WT_TPL_UNLESS: {
			int found = resolve(r, n->text, &v, &text, synth, &where);
			truth = found == 2 ? text_truthy(text, strlen(text)) : node_truthy(v);
			if (n->kind == WT_TPL_UNLESS)
				truth = !truth;
			rc = render_list(r, file, truth ? &n->body : &n->alt);
			break;
		}
		case WT_TPL_BLOCK: {
			const wt_tpl_node *o = find_override(r->over, n->text);
			rc = o != NULL ? render_list(r, r->over->name, &o->body) : render_list(r, file, &n->body);
			break;
		}
		}
	}
	return rc;
}

static int has_block(const wt_tpl_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (l->items[i]->kind == WT_TPL_BLOCK && strcmp(l->items[i]->text, name) == 0)
			return 1;
	return 0;
}

/* An override holds only {{#block}} definitions (and white space), each known to the base. */
static int check_overrides(render *r, const wt_template *base, const wt_template *over)
{
	char msg[WT_ERROR_MESSAGE_MAX];
	size_t i, j;

	for (i = 0; i < over->root.count; i++) {
		const wt_tpl_node *n = over->root.items[i];
		if (n->kind == WT_TPL_TEXT) {
			for (j = 0; j < n->len && is_ws(n->text[j]); j++)
				;
			if (j == n->len)
				continue;
		}
		if (n->kind != WT_TPL_BLOCK) {
			wt_error_set(r->err, WT_EINPUT, "sjabloon_geen_blok",
				     "Een stadsjabloon bevat alleen {{#block NAAM}} ... {{/block}}; hier staat "
				     "iets buiten een blok.");
			wt_error_at(r->err, over->name, n->line, n->column, NULL);
			return -WT_EINPUT;
		}
		if (!has_block(&base->root, n->text)) {
			snprintf(msg, sizeof(msg), "Het blok '%s' bestaat niet in het basissjabloon %s.",
				 n->text, base->name);
			return rerr(r, over->name, n, "sjabloon_blok_onbekend", n->text, msg);
		}
		for (j = 0; j < i; j++)
			if (over->root.items[j]->kind == WT_TPL_BLOCK && strcmp(over->root.items[j]->text, n->text) == 0) {
				snprintf(msg, sizeof(msg), "Het blok '%s' staat twee keer in dit sjabloon.", n->text);
				return rerr(r, over->name, n, "sjabloon_blok_dubbel", n->text, msg);
			}
	}
	return 0;
}

int wt_template_apply(const wt_template *t, const wt_template *overrides, const wt_node *context,
		      wt_buf *out, wt_error *err)
{
	render r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.over = overrides;
	r.out = out;
	r.err = err;
	if (context == NULL || context->kind != WT_NODE_MAP) {
		wt_error_set(err, WT_EINPUT, "sjabloon_context",
			     "Het dossier voor het sjabloon is geen groep (sleutels met waarden).");
		wt_error_at(err, t->name, 0, 0, NULL);
		return -WT_EINPUT;
	}
	if (overrides != NULL) {
		rc = check_overrides(&r, t, overrides);
		if (rc < 0)
			return rc;
	}
	r.frames[0].node = context;
	r.nframes = 1;
	if (out->data == NULL && wt_buf_add(out, "", 0) < 0)
		return oom(err);
	return render_list(&r, t->name, &t->root);
}

int wt_template_render(const char *name, const char *text, size_t len, const wt_node *context,
		       wt_buf *out, wt_error *err)
{
	wt_template *t = NULL;
	int rc = wt_template_parse(&t, name, text, len, err);

	if (rc == 0)
		rc = wt_template_apply(t, NULL, context, out, err);
	wt_template_free(t);
	return rc;
}
