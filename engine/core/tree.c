/* tree.c: the YAML document tree: builders, deep copy, lookups and scalar readers. */
#include "tree.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

/* Smallest capacity a map or sequence grows to on its first append. */
#define WT_TREE_MIN_CAP 4

/*
 * A container's capacity is implied by its count (0, then WT_TREE_MIN_CAP, then doubling), so
 * that appends are amortised O(1) without a field beyond the public struct.
 */
static size_t implied_cap(size_t count)
{
	size_t cap = WT_TREE_MIN_CAP;

	if (count == 0)
		return 0;
	while (cap < count) {
		if (cap > SIZE_MAX / 2)
			return SIZE_MAX;
		cap *= 2;
	}
	return cap;
}

void wt_doc_free(wt_doc *doc)
{
	if (doc == NULL)
		return;
	wt_node_free(doc->root);
	free(doc->file);
	free(doc);
}

wt_doc *wt_doc_new(const char *file)
{
	wt_doc *doc = calloc(1, sizeof(*doc));

	if (doc == NULL)
		return NULL;
	doc->file = wt_strdup(file != NULL ? file : "");
	if (doc->file == NULL) {
		free(doc);
		return NULL;
	}
	return doc;
}

wt_node *wt_node_new(wt_node_kind kind, int line, int column)
{
	wt_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->kind = kind;
	n->line = line;
	n->column = column;
	if (kind == WT_NODE_SCALAR) {
		/* A scalar without a value reads as the empty plain scalar. */
		n->value = calloc(1, 1);
		if (n->value == NULL) {
			free(n);
			return NULL;
		}
		n->plain = 1;
	}
	return n;
}

int wt_node_set_value(wt_node *n, const char *value, size_t len, int plain)
{
	char *copy;

	if (n == NULL || n->kind != WT_NODE_SCALAR || (value == NULL && len > 0))
		return -WT_EENV;
	if (len == SIZE_MAX)
		return -WT_EENV;
	copy = malloc(len + 1);
	if (copy == NULL)
		return -WT_EENV;
	if (len > 0)
		memcpy(copy, value, len);
	copy[len] = '\0';
	free(n->value);
	n->value = copy;
	n->len = len;
	n->plain = plain ? 1 : 0;
	return 0;
}

/* Makes room for one more entry in a container; keys/positions only for maps. */
static int grow(wt_node *n)
{
	size_t old = implied_cap(n->count);
	size_t cap;
	void *p;

	if (n->count < old)
		return 0;
	cap = old == 0 ? WT_TREE_MIN_CAP : old * 2;
	if (cap < old || cap > SIZE_MAX / sizeof(char *))
		return -WT_EENV;
	p = realloc(n->items, cap * sizeof(*n->items));
	if (p == NULL)
		return -WT_EENV;
	n->items = p;
	if (n->kind == WT_NODE_MAP) {
		p = realloc(n->keys, cap * sizeof(*n->keys));
		if (p == NULL)
			return -WT_EENV;
		n->keys = p;
		p = realloc(n->key_line, cap * sizeof(*n->key_line));
		if (p == NULL)
			return -WT_EENV;
		n->key_line = p;
		p = realloc(n->key_column, cap * sizeof(*n->key_column));
		if (p == NULL)
			return -WT_EENV;
		n->key_column = p;
	}
	return 0;
}

int wt_node_append(wt_node *parent, const char *key, int key_line, int key_column, wt_node *child)
{
	char *k = NULL;

	if (parent == NULL || child == NULL || parent->kind == WT_NODE_SCALAR)
		return -WT_EENV;
	if (parent->kind == WT_NODE_MAP && key == NULL)
		return -WT_EENV;
	if (grow(parent) < 0)
		return -WT_EENV;
	if (parent->kind == WT_NODE_MAP) {
		k = wt_strdup(key);
		if (k == NULL)
			return -WT_EENV;
		parent->keys[parent->count] = k;
		parent->key_line[parent->count] = key_line;
		parent->key_column[parent->count] = key_column;
	}
	parent->items[parent->count] = child;
	parent->count++;
	return 0;
}

void wt_node_free(wt_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->count; i++) {
		wt_node_free(n->items[i]);
		if (n->keys != NULL)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_line);
	free(n->key_column);
	free(n->value);
	free(n);
}

wt_node *wt_node_clone(const wt_node *n)
{
	wt_node *c;
	wt_node *child;
	size_t i;

	if (n == NULL)
		return NULL;
	c = wt_node_new(n->kind, n->line, n->column);
	if (c == NULL)
		return NULL;
	if (n->kind == WT_NODE_SCALAR) {
		if (wt_node_set_value(c, n->value, n->len, n->plain) < 0)
			goto fail;
		return c;
	}
	for (i = 0; i < n->count; i++) {
		child = wt_node_clone(n->items[i]);
		if (child == NULL)
			goto fail;
		if (wt_node_append(c, n->kind == WT_NODE_MAP ? n->keys[i] : NULL,
				   n->kind == WT_NODE_MAP ? n->key_line[i] : 0,
				   n->kind == WT_NODE_MAP ? n->key_column[i] : 0, child) < 0) {
			wt_node_free(child);
			goto fail;
		}
	}
	return c;
fail:
	wt_node_free(c);
	return NULL;
}

long wt_map_index(const wt_node *map, const char *key)
{
	size_t i;

	if (map == NULL || key == NULL || map->kind != WT_NODE_MAP)
		return -1;
	for (i = 0; i < map->count; i++) {
		if (strcmp(map->keys[i], key) == 0)
			return (long)i;
	}
	return -1;
}

const wt_node *wt_map_get(const wt_node *map, const char *key)
{
	long i = wt_map_index(map, key);

	return i < 0 ? NULL : map->items[i];
}

const char *wt_node_str(const wt_node *n)
{
	if (n == NULL || n->kind != WT_NODE_SCALAR)
		return NULL;
	return n->value;
}

int wt_node_is_null(const wt_node *n)
{
	if (n == NULL || n->kind != WT_NODE_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	       strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

int wt_node_bool(const wt_node *n, int *out)
{
	int v;

	if (n == NULL || n->kind != WT_NODE_SCALAR || !n->plain)
		return -1;
	if (strcasecmp(n->value, "true") == 0 || strcasecmp(n->value, "ja") == 0)
		v = 1;
	else if (strcasecmp(n->value, "false") == 0 || strcasecmp(n->value, "nee") == 0)
		v = 0;
	else
		return -1;
	if (out != NULL)
		*out = v;
	return 0;
}

int wt_node_int(const wt_node *n, long long *out)
{
	const char *s;
	char *end = NULL;
	long long v;
	size_t i = 0;

	if (n == NULL || n->kind != WT_NODE_SCALAR || !n->plain || n->len == 0)
		return -1;
	s = n->value;
	/* Only [+-]digits: strtoll alone would also take spaces, hex or octal prefixes. */
	if (s[0] == '+' || s[0] == '-')
		i = 1;
	if (s[i] == '\0')
		return -1;
	for (; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || end == NULL || *end != '\0')
		return -1;
	if (out != NULL)
		*out = v;
	return 0;
}

const char *wt_node_kind_name(const wt_node *n)
{
	if (n == NULL)
		return "niets";
	switch (n->kind) {
	case WT_NODE_SCALAR:
		return "tekst";
	case WT_NODE_SEQ:
		return "lijst";
	case WT_NODE_MAP:
		return "groep (sleutels met waarden)";
	}
	return "onbekend";
}
