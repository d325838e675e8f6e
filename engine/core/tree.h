/* tree.h: the small YAML document tree the core reads: plain data, a position on every node. */
#ifndef WT_TREE_H
#define WT_TREE_H

#include <stddef.h>

#include "error.h"

typedef enum wt_node_kind {
	WT_NODE_SCALAR,
	WT_NODE_MAP,
	WT_NODE_SEQ
} wt_node_kind;

typedef struct wt_node wt_node;

/*
 * One node. Positions are 1-based (libyaml's marks plus one).
 * - SCALAR: value (NUL-terminated, valid UTF-8, no NUL inside), len, plain (1 when the
 *   scalar was written unquoted, so that `true`, `~` or `12` may be read as non-strings).
 * - MAP: count entries in document order; keys[i] is the key text of entries items[i],
 *   key_line[i]/key_column[i] its position. Keys are unique (the loader refuses duplicates).
 * - SEQ: count items in document order; keys is NULL.
 */
struct wt_node {
	wt_node_kind kind;
	int line;
	int column;
	char *value;
	size_t len;
	int plain;
	size_t count;
	wt_node **items;
	char **keys;
	int *key_line;
	int *key_column;
};

/* A loaded document. file is the name used in error messages. Owns every node. */
typedef struct wt_doc {
	char *file;
	wt_node *root;
} wt_doc;

/* Frees the document and all its nodes. NULL is a no-op. */
void wt_doc_free(wt_doc *doc);

/* Builders used by the YAML adapter and by tests (return NULL when out of memory). */
wt_doc *wt_doc_new(const char *file);
wt_node *wt_node_new(wt_node_kind kind, int line, int column);
/* Sets a scalar's value (copied; len bytes). Returns 0 or -WT_EENV. */
int wt_node_set_value(wt_node *n, const char *value, size_t len, int plain);
/* Appends a child to a SEQ, or a key/child pair to a MAP (key copied). Takes ownership of child. */
int wt_node_append(wt_node *parent, const char *key, int key_line, int key_column, wt_node *child);
/* Frees a node and its children. */
void wt_node_free(wt_node *n);
/* Deep copy (for alias expansion). NULL when out of memory. */
wt_node *wt_node_clone(const wt_node *n);

/* Lookups (borrowed pointers; NULL when absent or when n is not a map). */
const wt_node *wt_map_get(const wt_node *map, const char *key);
/* Index of key in map, or -1. */
long wt_map_index(const wt_node *map, const char *key);

/* The scalar's text, or NULL when n is NULL or not a scalar. */
const char *wt_node_str(const wt_node *n);
/* 1 when n is a plain scalar that YAML 1.1/1.2 reads as null (~, null, Null, NULL, empty). */
int wt_node_is_null(const wt_node *n);
/* Reads a boolean: plain true/false/ja/nee (any case). Returns 0, or -1 when not a boolean. */
int wt_node_bool(const wt_node *n, int *out);
/* Reads a decimal integer (plain scalar, optional sign, no overflow). 0, or -1. */
int wt_node_int(const wt_node *n, long long *out);

/* Dutch name of a node's kind, for messages: "tekst", "lijst", "groep (sleutels met waarden)". */
const char *wt_node_kind_name(const wt_node *n);

#endif
