/* yaml_load.c: libyaml's event stream to a wt_doc tree, with limits checked as events arrive. */
#include "yaml/yaml_load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/text.h"

/* Name used in messages when a buffer has no name. */
#define WT_YAML_DEFAULT_NAME "(invoer)"
/* Initial number of slots in the duplicate-key table (a power of two). */
#define WT_YAML_KEYSET_MIN 64

/* One open list or group; the container is already attached to its parent. */
typedef struct frame {
	wt_node *node;
	const char *seg_key; /* this node's key in its parent group (borrowed), or NULL */
	size_t seg_index;    /* this node's index in its parent list */
	int have_key;        /* group only: a key was read, its value is pending */
	char *key;           /* the pending key (owned) */
	int key_line;
	int key_column;
	long anchor;         /* index in the anchor table, or -1 */
	int height;          /* collection levels below this one so far (alias copies too) */
} frame;

typedef struct anchor {
	char *name;
	wt_node *node;  /* borrowed from the tree */
	size_t nodes;   /* nodes in the subtree, alias copies included */
	size_t bytes;   /* scalar and key bytes in the subtree */
	int height;     /* collection levels in the subtree (0 for a scalar) */
	int complete;
} anchor;

/* Slot of the duplicate-key table: one key of one group. */
typedef struct key_slot {
	const wt_node *map;
	size_t index;
	int line;
} key_slot;

typedef struct loader {
	const char *name;
	wt_error *err;
	int allow_controls; /* a stored record: control characters in scalars are read as they are */
	wt_node *root;
	frame stack[WT_YAML_MAX_DEPTH];
	int depth;
	size_t nodes;
	size_t bytes;
	anchor anchors[WT_YAML_MAX_ANCHORS];
	size_t n_anchors;
	size_t aliases;
	key_slot *slots;
	size_t n_slots;
	size_t used_slots;
} loader;

/* ---- errors ---- */

/* Appends text to a bounded path buffer (truncating silently: the path is only a hint). */
static void path_add(char *out, size_t size, size_t *used, const char *text)
{
	size_t n = strlen(text);

	if (*used + 1 >= size)
		return;
	if (n > size - 1 - *used)
		n = size - 1 - *used;
	memcpy(out + *used, text, n);
	*used += n;
	out[*used] = '\0';
}

static void path_add_key(char *out, size_t size, size_t *used, const char *key)
{
	if (*used > 0)
		path_add(out, size, used, ".");
	path_add(out, size, used, key);
}

static void path_add_index(char *out, size_t size, size_t *used, size_t index)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "[%zu]", index);
	path_add(out, size, used, tmp);
}

/* Dotted path of the position being read: "verzoeker.naam", "kinderen[0].naam". */
static void current_path(const loader *L, char *out, size_t size)
{
	const frame *top;
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 1; i < L->depth; i++) {
		if (L->stack[i].seg_key != NULL)
			path_add_key(out, size, &used, L->stack[i].seg_key);
		else
			path_add_index(out, size, &used, L->stack[i].seg_index);
	}
	if (L->depth == 0)
		return;
	top = &L->stack[L->depth - 1];
	if (top->node->kind == WT_NODE_MAP && top->have_key)
		path_add_key(out, size, &used, top->key);
	else if (top->node->kind == WT_NODE_SEQ)
		path_add_index(out, size, &used, top->node->count);
}

/* Sets the location of an error at a libyaml mark, with the current field path. */
static void locate(loader *L, yaml_mark_t mark)
{
	char path[WT_ERROR_FIELD_MAX];

	current_path(L, path, sizeof(path));
	wt_error_at(L->err, L->name, (int)mark.line + 1, (int)mark.column + 1,
		    path[0] != '\0' ? path : NULL);
}

/* Sets a WT_EINPUT error with a formatted Dutch message at mark; returns -WT_EINPUT. */
static int fail(loader *L, yaml_mark_t mark, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(loader *L, yaml_mark_t mark, const char *key, const char *fmt, ...)
{
	char msg[WT_ERROR_MESSAGE_MAX];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rc = wt_error_set(L->err, WT_EINPUT, key, "%s", msg);
	locate(L, mark);
	return rc;
}

static int no_memory(loader *L)
{
	return wt_error_set(L->err, WT_EENV, "geen_geheugen",
			    "Er is onvoldoende geheugen om het bestand te lezen.");
}

/* libyaml's problems in plain Dutch; the original text follows in parentheses. */
static const struct {
	const char *problem;
	const char *dutch;
} problem_texts[] = {
	{"found character that cannot start any token",
	 "Hier staat een teken waarmee in YAML niets kan beginnen (bijvoorbeeld een tab, @ of `)."},
	{"mapping values are not allowed in this context",
	 "Hier staat een dubbele punt die YAML niet verwacht. Zet de tekst tussen aanhalingstekens "
	 "of controleer de inspringing."},
	{"did not find expected key",
	 "Hier verwachtte YAML een nieuwe sleutel. Controleer de inspringing van deze regel."},
	{"did not find expected node content", "Hier ontbreekt een waarde."},
	{"did not find expected '-' indicator",
	 "Hier verwachtte YAML een nieuw lijstonderdeel (-). Controleer de inspringing."},
	{"did not find expected ',' or ']'",
	 "Een lijst tussen [ en ] is niet goed afgesloten: er ontbreekt een komma of een ]."},
	{"did not find expected ',' or '}'",
	 "Een groep tussen { en } is niet goed afgesloten: er ontbreekt een komma of een }."},
	{"block sequence entries are not allowed in this context",
	 "Hier mag geen lijstonderdeel (-) beginnen. Controleer de inspringing."},
	{"could not find expected ':'", "Na deze sleutel ontbreekt de dubbele punt (:)."},
	{"found unexpected end of stream",
	 "Het bestand houdt onverwacht op: is een aanhalingsteken of haakje niet gesloten?"},
	{"found unknown escape character",
	 "Tussen dubbele aanhalingstekens staat een \\ met een teken dat YAML niet kent. Gebruik "
	 "enkele aanhalingstekens of schrijf \\\\."},
	{"found a tab character",
	 "Hier staat een tab. Gebruik spaties om in te springen, geen tabs."},
	{"control characters are not allowed",
	 "Het bestand bevat een onzichtbaar stuurteken dat niet is toegestaan."},
	{"did not find URI escaped octet", "Een label of verwijzing is niet goed geschreven."},
	{"did not find expected alphabetic or numeric character",
	 "De naam van een anker (&naam) of verwijzing (*naam) ontbreekt of is ongeldig."},
	{"found undefined tag handle", "Dit bestand gebruikt een onbekend label (!)."},
	{"found unexpected document indicator",
	 "Hier staat '---' of '...' midden in een tekst tussen aanhalingstekens."},
};

/* Translates a libyaml parser error into a wt_error with position. */
static int syntax_error(loader *L, const yaml_parser_t *p, const char *data, size_t len)
{
	const char *problem = p->problem != NULL ? p->problem : "onbekend probleem";
	const char *dutch = "De YAML-opbouw klopt hier niet.";
	char field[WT_ERROR_FIELD_MAX];
	int line, column;
	size_t i;
	int rc;

	if (p->error == YAML_MEMORY_ERROR)
		return no_memory(L);
	for (i = 0; i < sizeof(problem_texts) / sizeof(problem_texts[0]); i++) {
		if (strncmp(problem, problem_texts[i].problem, strlen(problem_texts[i].problem)) ==
		    0) {
			dutch = problem_texts[i].dutch;
			break;
		}
	}
	rc = wt_error_set(L->err, WT_EINPUT, "yaml_syntaxis", "%s (%s%s%s)", dutch,
			  p->context != NULL ? p->context : "", p->context != NULL ? ": " : "",
			  problem);
	if (p->error == YAML_READER_ERROR) {
		wt_text_position(data, len, p->problem_offset, &line, &column);
	} else {
		line = (int)p->problem_mark.line + 1;
		column = (int)p->problem_mark.column + 1;
	}
	current_path(L, field, sizeof(field));
	wt_error_at(L->err, L->name, line, column, field[0] != '\0' ? field : NULL);
	return rc;
}

/* ---- duplicate keys: one hash table of (group, key) for the whole document ---- */

static size_t key_hash(const wt_node *map, const char *key)
{
	size_t h = (size_t)14695981039346656037ULL ^ ((uintptr_t)map >> 4);

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * (size_t)1099511628211ULL;
	return h;
}

/* Finds the slot of (map, key): an occupied match or the free slot where it belongs. */
static key_slot *key_find(key_slot *slots, size_t n_slots, const wt_node *map, const char *key)
{
	size_t i = key_hash(map, key) & (n_slots - 1);

	while (slots[i].map != NULL) {
		if (slots[i].map == map && strcmp(map->keys[slots[i].index], key) == 0)
			return &slots[i];
		i = (i + 1) & (n_slots - 1);
	}
	return &slots[i];
}

static int keyset_grow(loader *L)
{
	size_t n = L->n_slots == 0 ? WT_YAML_KEYSET_MIN : L->n_slots * 2;
	key_slot *slots = calloc(n, sizeof(*slots));
	key_slot *s;
	size_t i;

	if (slots == NULL)
		return -1;
	for (i = 0; i < L->n_slots; i++) {
		if (L->slots[i].map == NULL)
			continue;
		s = key_find(slots, n, L->slots[i].map,
			     L->slots[i].map->keys[L->slots[i].index]);
		*s = L->slots[i];
	}
	free(L->slots);
	L->slots = slots;
	L->n_slots = n;
	return 0;
}

/*
 * Returns the line of an earlier occurrence of key in map (> 0), or 0 when it is new. A key
 * is remembered (key_remember) only once its value is attached, because the table points
 * into map->keys.
 */
static int key_seen(const loader *L, const wt_node *map, const char *key)
{
	const key_slot *s;

	if (L->n_slots == 0)
		return 0;
	s = key_find(L->slots, L->n_slots, map, key);
	if (s->map != NULL)
		return s->line > 0 ? s->line : 1;
	return 0;
}

static int key_remember(loader *L, const wt_node *map, size_t index, int line)
{
	key_slot *s;

	if ((L->used_slots + 1) * 2 > L->n_slots && keyset_grow(L) < 0)
		return -1;
	s = key_find(L->slots, L->n_slots, map, map->keys[index]);
	s->map = map;
	s->index = index;
	s->line = line;
	L->used_slots++;
	return 0;
}

/* ---- building ---- */

/* Attaches a finished or just-opened node where the stream is: root, list item or group value. */
static int attach(loader *L, wt_node *node)
{
	frame *top;

	if (L->depth == 0) {
		if (L->root != NULL) {
			wt_node_free(node);
			return wt_error_set(L->err, WT_EENV, "yaml_intern",
					    "Interne fout bij het lezen van YAML (twee wortels).");
		}
		L->root = node;
		return 0;
	}
	top = &L->stack[L->depth - 1];
	if (top->node->kind == WT_NODE_SEQ) {
		if (wt_node_append(top->node, NULL, 0, 0, node) < 0) {
			wt_node_free(node);
			return no_memory(L);
		}
		return 0;
	}
	if (wt_node_append(top->node, top->key, top->key_line, top->key_column, node) < 0) {
		wt_node_free(node);
		return no_memory(L);
	}
	if (key_remember(L, top->node, top->node->count - 1, top->key_line) < 0)
		return no_memory(L);
	free(top->key);
	top->key = NULL;
	top->have_key = 0;
	return 0;
}

/* Counts n new nodes and b new bytes against the limits. */
static int charge(loader *L, size_t n, size_t b, yaml_mark_t mark)
{
	if (n > WT_YAML_MAX_NODES - L->nodes)
		return fail(L, mark, "te_veel_knopen",
			    "Het bestand bevat (met alle verwijzingen uitgevouwen) meer dan %d "
			    "onderdelen. Dat is niet toegestaan.",
			    WT_YAML_MAX_NODES);
	if (b > WT_YAML_MAX_TREE_BYTES - L->bytes)
		return fail(L, mark, "te_groot",
			    "Het bestand wordt (met alle verwijzingen uitgevouwen) groter dan "
			    "%zu bytes. Dat is niet toegestaan.",
			    WT_YAML_MAX_TREE_BYTES);
	L->nodes += n;
	L->bytes += b;
	return 0;
}

/* Refuses explicit tags (!, !!str, !foo): the tree has no place for them. */
static int check_tag(loader *L, const yaml_char_t *tag, yaml_mark_t mark)
{
	static const char standard[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;

	if (tag == NULL)
		return 0;
	/* Show the label as the user wrote it: "!!str", not its expanded form. */
	if (strncmp(t, standard, sizeof(standard) - 1) == 0)
		return fail(L, mark, "yaml_label",
			    "Labels zoals '!!%.64s' worden niet ondersteund. Laat het label weg.",
			    t + sizeof(standard) - 1);
	return fail(L, mark, "yaml_label",
		    "Labels zoals '%.64s' worden niet ondersteund. Laat het label weg.", t);
}

/* Registers an anchor name for node (complete later for collections). */
static int add_anchor(loader *L, const yaml_char_t *name, wt_node *node, yaml_mark_t mark,
		      long *index)
{
	anchor *a;

	*index = -1;
	if (name == NULL)
		return 0;
	if (L->n_anchors >= WT_YAML_MAX_ANCHORS)
		return fail(L, mark, "te_veel_ankers",
			    "Het bestand gebruikt meer dan %d ankers (&naam). Dat is niet "
			    "toegestaan.",
			    WT_YAML_MAX_ANCHORS);
	a = &L->anchors[L->n_anchors];
	a->name = wt_strdup((const char *)name);
	if (a->name == NULL)
		return no_memory(L);
	a->node = node;
	a->nodes = 1;
	a->bytes = 0;
	a->height = 0;
	a->complete = 0;
	*index = (long)L->n_anchors;
	L->n_anchors++;
	return 0;
}

/* A scalar in key position: remembered as the pending key of the top group. */
static int read_key(loader *L, const yaml_event_t *ev)
{
	frame *top = &L->stack[L->depth - 1];
	const char *key = (const char *)ev->data.scalar.value;
	int first;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(key, "<<") == 0)
		return fail(L, ev->start_mark, "samenvoegen_niet_ondersteund",
			    "Samenvoegen met '<<' wordt niet ondersteund. Schrijf de sleutels "
			    "voluit.");
	if (ev->data.scalar.anchor != NULL)
		return fail(L, ev->start_mark, "anker_op_sleutel",
			    "Een anker (&naam) op een sleutel wordt niet ondersteund.");
	first = key_seen(L, top->node, key);
	top->key = wt_strdup(key);
	if (top->key == NULL)
		return no_memory(L);
	top->have_key = 1;
	top->key_line = (int)ev->start_mark.line + 1;
	top->key_column = (int)ev->start_mark.column + 1;
	if (first > 0)
		return fail(L, ev->start_mark, "dubbele_sleutel",
			    "De sleutel '%.80s' staat twee keer in deze groep (eerder op regel "
			    "%d).",
			    key, first);
	return charge(L, 0, ev->data.scalar.length, ev->start_mark);
}

static int in_key_position(const loader *L)
{
	const frame *top;

	if (L->depth == 0)
		return 0;
	top = &L->stack[L->depth - 1];
	return top->node->kind == WT_NODE_MAP && !top->have_key;
}

/*
 * Refuses a scalar (value or key) with a control character in it: a raw one never gets here
 * (libyaml refuses it), but escapes such as "\e", "\x7f" or "\u0085" between double quotes
 * make them, and printed later on someone's terminal they would steer it. A key is named in
 * the field with its control characters shown escaped.
 */
static int check_controls(loader *L, const yaml_event_t *ev)
{
	const char *value = (const char *)ev->data.scalar.value;
	int is_key = in_key_position(L);
	wt_buf field;
	size_t off;
	long cp;
	int rc;

	if (L->allow_controls)
		return 0;
	cp = wt_text_find_control(value, ev->data.scalar.length, &off);
	if (cp < 0)
		return 0;
	rc = fail(L, ev->start_mark, "stuurteken",
		  "%s bevat een stuurteken (U+%04lX); dat is niet toegestaan. Haal het weg (tussen "
		  "dubbele aanhalingstekens maakt bijvoorbeeld \\e er een).",
		  is_key ? "Deze sleutel" : "Deze tekst", cp);
	if (is_key && L->err != NULL) {
		wt_buf_init(&field, 0);
		if (L->err->field[0] != '\0')
			wt_buf_printf(&field, "%s.", L->err->field);
		wt_text_add_display(&field, value, ev->data.scalar.length);
		wt_error_at(L->err, L->name, L->err->line, L->err->column, field.data);
		wt_buf_release(&field);
	}
	return rc;
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	wt_node *node;
	long idx;
	int rc;

	rc = check_tag(L, ev->data.scalar.tag, ev->start_mark);
	if (rc < 0)
		return rc;
	if (len > WT_YAML_MAX_SCALAR_BYTES) {
		return fail(L, ev->start_mark, "te_lange_tekst",
			    "Deze tekst is te lang (%zu bytes; de grens is %zu bytes).", len,
			    WT_YAML_MAX_SCALAR_BYTES);
	}
	/* Escapes such as "\0" can put a NUL inside a quoted scalar. */
	if (memchr(value, '\0', len) != NULL)
		return fail(L, ev->start_mark, "nul_byte",
			    "Deze tekst bevat een nul-teken (\\0). Dat is niet toegestaan.");
	rc = check_controls(L, ev);
	if (rc < 0)
		return rc;
	if (in_key_position(L))
		return read_key(L, ev);
	rc = charge(L, 1, len, ev->start_mark);
	if (rc < 0)
		return rc;
	node = wt_node_new(WT_NODE_SCALAR, (int)ev->start_mark.line + 1,
			   (int)ev->start_mark.column + 1);
	if (node == NULL)
		return no_memory(L);
	if (wt_node_set_value(node, value, len,
			      ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) < 0) {
		wt_node_free(node);
		return no_memory(L);
	}
	rc = add_anchor(L, ev->data.scalar.anchor, node, ev->start_mark, &idx);
	if (rc < 0) {
		wt_node_free(node);
		return rc;
	}
	if (idx >= 0) {
		L->anchors[idx].bytes = len;
		L->anchors[idx].complete = 1;
	}
	return attach(L, node);
}

static int on_alias(loader *L, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const anchor *a = NULL;
	wt_node *copy;
	size_t i;
	int rc;

	if (in_key_position(L))
		return fail(L, ev->start_mark, "sleutel_geen_tekst",
			    "Een sleutel moet gewone tekst zijn, geen verwijzing (*naam).");
	L->aliases++;
	if (L->aliases > WT_YAML_MAX_ALIASES)
		return fail(L, ev->start_mark, "te_veel_aliassen",
			    "Het bestand gebruikt meer dan %d verwijzingen (*naam). Dat is niet "
			    "toegestaan.",
			    WT_YAML_MAX_ALIASES);
	/* The latest anchor of that name wins (YAML allows redefining one). */
	for (i = L->n_anchors; i > 0; i--) {
		if (strcmp(L->anchors[i - 1].name, name) == 0) {
			a = &L->anchors[i - 1];
			break;
		}
	}
	if (a == NULL)
		return fail(L, ev->start_mark, "onbekend_anker",
			    "De verwijzing '*%.64s' wijst naar een anker '&%.64s' dat hiervoor "
			    "niet bestaat.",
			    name, name);
	if (!a->complete)
		return fail(L, ev->start_mark, "alias_lus",
			    "De verwijzing '*%.64s' wijst naar de lijst of groep waar ze zelf "
			    "in staat. Dat is niet toegestaan.",
			    name);
	/* A copy must respect the depth limit too, wherever it is placed. */
	if (L->depth + a->height > WT_YAML_MAX_DEPTH)
		return fail(L, ev->start_mark, "te_diep",
			    "De gegevens zijn te diep genest (meer dan %d niveaus) als de "
			    "verwijzing '*%.64s' wordt uitgevouwen.",
			    WT_YAML_MAX_DEPTH, name);
	/* Counted before copying, so that an alias bomb stops before it allocates. */
	rc = charge(L, a->nodes, a->bytes, ev->start_mark);
	if (rc < 0)
		return rc;
	if (L->depth > 0 && L->stack[L->depth - 1].height < a->height)
		L->stack[L->depth - 1].height = a->height;
	copy = wt_node_clone(a->node);
	if (copy == NULL)
		return no_memory(L);
	copy->line = (int)ev->start_mark.line + 1;
	copy->column = (int)ev->start_mark.column + 1;
	return attach(L, copy);
}

static int on_start(loader *L, const yaml_event_t *ev, wt_node_kind kind)
{
	const yaml_char_t *tag = kind == WT_NODE_MAP ? ev->data.mapping_start.tag
						     : ev->data.sequence_start.tag;
	const yaml_char_t *name = kind == WT_NODE_MAP ? ev->data.mapping_start.anchor
						      : ev->data.sequence_start.anchor;
	const frame *parent = L->depth > 0 ? &L->stack[L->depth - 1] : NULL;
	frame *f;
	wt_node *node;
	long idx;
	int rc;

	rc = check_tag(L, tag, ev->start_mark);
	if (rc < 0)
		return rc;
	if (in_key_position(L))
		return fail(L, ev->start_mark, "sleutel_geen_tekst",
			    "Een sleutel moet gewone tekst zijn, geen lijst of groep.");
	if (L->depth >= WT_YAML_MAX_DEPTH)
		return fail(L, ev->start_mark, "te_diep",
			    "De gegevens zijn te diep genest (meer dan %d niveaus).",
			    WT_YAML_MAX_DEPTH);
	rc = charge(L, 1, 0, ev->start_mark);
	if (rc < 0)
		return rc;
	node = wt_node_new(kind, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1);
	if (node == NULL)
		return no_memory(L);
	rc = add_anchor(L, name, node, ev->start_mark, &idx);
	if (rc < 0) {
		wt_node_free(node);
		return rc;
	}
	f = &L->stack[L->depth];
	memset(f, 0, sizeof(*f));
	f->anchor = idx;
	/* In a list the index is known now; in a group the key is taken once attached. */
	if (parent != NULL && parent->node->kind == WT_NODE_SEQ)
		f->seg_index = parent->node->count;
	/* Remember where the counters stood, to size the anchor at the end. */
	if (idx >= 0) {
		L->anchors[idx].nodes = L->nodes;
		L->anchors[idx].bytes = L->bytes;
	}
	rc = attach(L, node);
	if (rc < 0)
		return rc;
	if (parent != NULL && parent->node->kind == WT_NODE_MAP)
		f->seg_key = parent->node->keys[parent->node->count - 1];
	f->node = node;
	L->depth++;
	return 0;
}

static void on_end(loader *L)
{
	frame *f = &L->stack[L->depth - 1];
	anchor *a;

	if (f->anchor >= 0) {
		a = &L->anchors[f->anchor];
		a->nodes = L->nodes - a->nodes + 1;
		a->bytes = L->bytes - a->bytes;
		a->height = f->height + 1;
		a->complete = 1;
	}
	if (L->depth > 1 && L->stack[L->depth - 2].height < f->height + 1)
		L->stack[L->depth - 2].height = f->height + 1;
	free(f->key);
	f->key = NULL;
	L->depth--;
}

/* Runs the event loop; the tree ends up in L->root. */
static int parse_events(loader *L, const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int documents = 0;
	int done = 0;
	int rc = 0;

	if (!yaml_parser_initialize(&parser))
		return no_memory(L);
	/* A UTF-8 byte-order mark is no content; told the encoding, libyaml would count it as a
	 * column and take a key right after it for an indented one. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(L, &parser, data, len);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			if (documents == 0) {
				rc = fail(L, ev.start_mark, "leeg_bestand", "Het bestand is leeg.");
				wt_error_at(L->err, L->name, 0, 0, NULL);
			}
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1)
				rc = fail(L, ev.start_mark, "meerdere_documenten",
					  "Het bestand bevat meer dan één YAML-document (een "
					  "tweede '---'). Zet alles in één document.");
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(L, &ev);
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(L, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			rc = on_start(L, &ev, WT_NODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			rc = on_start(L, &ev, WT_NODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(L);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

static int load_buffer(wt_doc **out, const char *name, const char *data, size_t len,
		       int allow_controls, wt_error *err)
{
	loader *L = NULL;
	wt_doc *doc = NULL;
	int rc;
	int i;
	size_t k;

	if (out == NULL)
		return wt_error_set(err, WT_EENV, "yaml_intern", "Interne fout: geen uitvoer.");
	*out = NULL;
	if (name == NULL)
		name = WT_YAML_DEFAULT_NAME;
	if (data == NULL && len > 0)
		return wt_error_set(err, WT_EENV, "yaml_intern", "Interne fout: geen gegevens.");
	if (len > WT_YAML_MAX_FILE_BYTES) {
		rc = wt_error_set(err, WT_EINPUT, "te_groot",
				  "Het bestand is te groot (meer dan %zu bytes). Dat is niet "
				  "toegestaan.",
				  WT_YAML_MAX_FILE_BYTES);
		wt_error_at(err, name, 0, 0, NULL);
		return rc;
	}
	rc = wt_text_check_utf8(name, data != NULL ? data : "", len, err);
	if (rc < 0)
		return rc;
	L = calloc(1, sizeof(*L));
	if (L == NULL)
		return wt_error_set(err, WT_EENV, "geen_geheugen",
				    "Er is onvoldoende geheugen om het bestand te lezen.");
	L->name = name;
	L->err = err;
	L->allow_controls = allow_controls;
	rc = parse_events(L, data != NULL ? data : "", len);
	if (rc < 0)
		goto cleanup;
	doc = wt_doc_new(name);
	if (doc == NULL) {
		rc = no_memory(L);
		goto cleanup;
	}
	doc->root = L->root;
	L->root = NULL;
	*out = doc;
	rc = 0;
cleanup:
	for (i = 0; i < L->depth; i++)
		free(L->stack[i].key);
	for (k = 0; k < L->n_anchors; k++)
		free(L->anchors[k].name);
	free(L->slots);
	wt_node_free(L->root);
	free(L);
	return rc;
}

int wt_yaml_load_buffer(wt_doc **out, const char *name, const char *data, size_t len,
			wt_error *err)
{
	return load_buffer(out, name, data, len, 0, err);
}

int wt_yaml_load_record(wt_doc **out, const char *name, const char *data, size_t len,
			wt_error *err)
{
	return load_buffer(out, name, data, len, 1, err);
}

/* Reads at most WT_YAML_MAX_FILE_BYTES + 1 bytes of fd into a new buffer. */
static int read_capped(int fd, off_t hint, char **data, size_t *len)
{
	size_t cap = WT_YAML_MAX_FILE_BYTES + 1;
	size_t size = 0;
	char *buf;
	char *p;
	ssize_t n;

	if (hint >= 0 && (uintmax_t)hint < cap)
		cap = (size_t)hint + 1;
	buf = malloc(cap);
	if (buf == NULL)
		return -1;
	for (;;) {
		if (size == cap) {
			if (cap > WT_YAML_MAX_FILE_BYTES)
				break; /* limit + 1 bytes read: enough to say "too big" */
			cap = cap * 2 > WT_YAML_MAX_FILE_BYTES + 1 ? WT_YAML_MAX_FILE_BYTES + 1
								   : cap * 2;
			p = realloc(buf, cap);
			if (p == NULL) {
				free(buf);
				return -1;
			}
			buf = p;
		}
		n = read(fd, buf + size, cap - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -2;
		}
		if (n == 0)
			break;
		size += (size_t)n;
	}
	*data = buf;
	*len = size;
	return 0;
}

int wt_yaml_load_file(wt_doc **out, const char *path, wt_error *err)
{
	return wt_yaml_load_file_raw(out, path, NULL, NULL, err);
}

int wt_yaml_load_file_raw(wt_doc **out, const char *path, char **raw, size_t *raw_len,
			  wt_error *err)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int fd = -1;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (raw != NULL)
		*raw = NULL;
	if (raw_len != NULL)
		*raw_len = 0;
	if (out == NULL || path == NULL || (raw == NULL) != (raw_len == NULL))
		return wt_error_set(err, WT_EENV, "yaml_intern", "Interne fout: geen bestand.");
	/* O_NONBLOCK: a named pipe without a writer must not make open wait forever. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			rc = wt_error_set(err, WT_EINPUT, "bestand_niet_gevonden",
					  "Het bestand is niet gevonden.");
		else
			return wt_file_open_error(err, errno, path, 0);
		wt_error_at(err, path, 0, 0, NULL);
		return rc;
	}
	if (fstat(fd, &st) < 0) {
		rc = wt_error_set(err, WT_EENV, "bestand_onleesbaar",
				  "Het bestand kan niet worden gelezen.");
		wt_error_at(err, path, 0, 0, NULL);
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = wt_error_set(err, WT_EINPUT, "geen_bestand",
				  "Dit is een map, geen bestand.");
		wt_error_at(err, path, 0, 0, NULL);
		goto cleanup;
	}
	/* A named pipe is read to its end (check <(...)); a device or socket is no file. */
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		rc = wt_error_set(err, WT_EINPUT, "geen_bestand", "Dit is geen gewoon bestand.");
		wt_error_at(err, path, 0, 0, NULL);
		goto cleanup;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > WT_YAML_MAX_FILE_BYTES) {
		rc = wt_error_set(err, WT_EINPUT, "te_groot",
				  "Het bestand is te groot (%jd bytes; de grens is %zu bytes).",
				  (intmax_t)st.st_size, WT_YAML_MAX_FILE_BYTES);
		wt_error_at(err, path, 0, 0, NULL);
		goto cleanup;
	}
	/* Back to blocking reads, so that a pipe that is being written is read to its end. */
	if (!S_ISREG(st.st_mode) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		rc = wt_error_set(err, WT_EENV, "bestand_onleesbaar",
				  "Het bestand kan niet worden gelezen.");
		wt_error_at(err, path, 0, 0, NULL);
		goto cleanup;
	}
	rc = read_capped(fd, S_ISREG(st.st_mode) ? st.st_size : -1, &data, &len);
	if (rc == -1) {
		rc = wt_error_set(err, WT_EENV, "geen_geheugen",
				  "Er is onvoldoende geheugen om het bestand te lezen.");
		goto cleanup;
	}
	if (rc < 0) {
		rc = wt_file_read_error(err, &st, path);
		goto cleanup;
	}
	rc = wt_yaml_load_buffer(out, path, data, len, err);
	if (rc == 0 && raw != NULL) {
		*raw = data;
		*raw_len = len;
		data = NULL;
	}
cleanup:
	free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}
