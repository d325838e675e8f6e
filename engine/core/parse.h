/* parse.h: what the YAML document readers of the core share: Dutch errors at a node, key checks. */
#ifndef WT_PARSE_H
#define WT_PARSE_H

#include <stdarg.h>

#include "error.h"
#include "tree.h"

/*
 * Sets err to an input error (-WT_EINPUT, key, the formatted Dutch message) at node n of doc:
 * the file, n's line and column (0 when n is NULL), and field. Returns -WT_EINPUT.
 */
int wt_parse_fail(const wt_doc *doc, wt_error *err, const wt_node *n, const char *field,
		  const char *key, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int wt_parse_vfail(const wt_doc *doc, wt_error *err, const wt_node *n, const char *field,
		   const char *key, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/* The state every document reader carries: the document (for the file name) and the error. */
typedef struct wt_parser {
	const wt_doc *doc;
	wt_error *err;
} wt_parser;

/* wt_parse_fail for a reader. */
int wt_parser_fail(const wt_parser *p, const wt_node *n, const char *field, const char *key,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* 1 when s is one of the NULL-terminated list. */
int wt_parse_in_list(const char *s, const char *const *list);

/*
 * Refuses the first key of map that is not in known (NULL-terminated): "Onbekend veld 'x'.",
 * with "Bedoelde u 'y'?" when a known key is close, at the key's own position; the field is
 * prefix.key. 0 or -WT_EINPUT.
 */
int wt_parse_known_keys(const wt_doc *doc, wt_error *err, const wt_node *map,
			const char *const *known, const char *prefix);

#endif
