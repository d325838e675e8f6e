/* vfield.h: internal to verzoek.c and vfield.c: reading typed fields of a verzoek, with problems. */
#ifndef WT_VFIELD_H
#define WT_VFIELD_H

#include "verzoek.h"

#define WT_VFIELD_PATH_MAX     256  /* a dotted field path */
#define WT_VFIELD_MSG_MAX      1024 /* one message or hint */
#define WT_VFIELD_ECHO_MAX     40   /* bytes of a wrong value or key repeated in a message */
#define WT_VFIELD_MAX_PROBLEMS 100  /* problems reported for one file; the rest is summed up in one */

enum { WT_VFIELD_OPTIONAL = 0, WT_VFIELD_REQUIRED = 1 };

/* The state of one parse: where problems go, and how many so far. */
typedef struct wt_vfield_parser {
	wt_findings *problems;
	wt_error *err; /* receives the first problem */
	const char *file;
	size_t count; /* problems added by this parse */
	int rc;       /* -WT_EENV once memory ran out; later calls then do nothing */
} wt_vfield_parser;

/* A group of fields (a YAML map) and where it is named. */
typedef struct wt_vfield_group {
	const wt_node *map;            /* NULL when absent or not a map */
	char path[WT_VFIELD_PATH_MAX]; /* "" for the root */
	int line, column;              /* of the key that names it, or of the list item */
} wt_vfield_group;

/* The hint for a text field written as something else. */
extern const char wt_vfield_text_hint[];

/* snprintf into out (truncating). */
void wt_vfield_fmt(char *out, size_t size, const char *f, ...) __attribute__((format(printf, 3, 4)));
/* out = base.key (or key when base is ""). */
void wt_vfield_join(char out[WT_VFIELD_PATH_MAX], const char *base, const char *key);
/* A short single-line copy of s for a message (at most WT_VFIELD_ECHO_MAX bytes plus "..."). */
void wt_vfield_echo(char out[WT_VFIELD_ECHO_MAX + 4], const char *s);
/* 1 when s holds only white space. */
int wt_vfield_blank(const char *s);

/*
 * Records one blocking problem (strings copied); its criterion follows from the field path.
 * The first problem also fills p->err (code WT_EINPUT, message and hint, location).
 */
void wt_vfield_problem(wt_vfield_parser *p, const char *code, const char *field, int line, int column, const char *msg,
		       const char *hint);
void wt_vfield_missing(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int present, int line,
		       int column, const char *hint);
void wt_vfield_wrong_type(wt_vfield_parser *p, const char *field, const wt_node *n, const char *want, const char *hint);

/* The node at key (borrowed), or NULL when absent or a YAML null; *present says whether the key is there. */
const wt_node *wt_vfield_lookup(const wt_vfield_group *g, const char *key, int *present, int *line, int *column);
/* Reports every key of g not in known (NULL-terminated), with a suggestion when one is close. */
void wt_vfield_check_keys(wt_vfield_parser *p, const wt_vfield_group *g, const char *const *known);
/* Opens the group at key of parent (checking its keys); 1 when it is there and is a map. */
int wt_vfield_open_group(wt_vfield_parser *p, const wt_vfield_group *parent, const char *key, int required,
			 const char *const *known, const char *hint, wt_vfield_group *out);
/* Opens item i of a list as a group (path "path[i]", 0-based); 1 when it is a map. */
int wt_vfield_open_item(wt_vfield_parser *p, const wt_node *seq, const char *path, size_t i, const char *const *known,
			const char *hint, wt_vfield_group *out);

/* Field readers: fill out (strings are copies the verzoek owns) or report a problem. */
void wt_vfield_read_text(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required, const char *hint,
			 wt_str *out);
void wt_vfield_read_date(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required, const char *hint,
			 wt_datefield *out);
/* Stores the canonical spelling of a value of the closed list; code names a wrong value's problem. */
void wt_vfield_read_enum(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required,
			 const char *const *values, const char *code, wt_str *out);
/* The same for one list item n at field. */
void wt_vfield_enum_value(wt_vfield_parser *p, const wt_node *n, const char *field, const char *const *values,
			  const char *code, wt_str *out);
/* true/false/ja/nee (any case, quoted or not); 0 when absent. */
void wt_vfield_read_bool(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int *out);
/* The list at key (borrowed; NULL when absent or not a list); *n the items to read (capped). */
const wt_node *wt_vfield_read_list(wt_vfield_parser *p, const wt_vfield_group *g, const char *key, int required,
				   const char *what, const char *hint, size_t *n);
/* calloc(n, size), NULL for n == 0; marks p out of memory on failure. */
void *wt_vfield_alloc_items(wt_vfield_parser *p, size_t n, size_t size);

#endif
