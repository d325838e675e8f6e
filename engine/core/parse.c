/* parse.c: Dutch errors at a node of a YAML document, and the check for unknown keys. */
#include "parse.h"

#include "verzoek.h"

#include <stdio.h>
#include <string.h>

int wt_parse_vfail(const wt_doc *doc, wt_error *err, const wt_node *n, const char *field,
		   const char *key, const char *fmt, va_list ap)
{
	char msg[WT_ERROR_MESSAGE_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	wt_error_at(err, doc ? doc->file : NULL, n ? n->line : 0, n ? n->column : 0, field);
	return wt_error_set(err, WT_EINPUT, key, "%s", msg);
}

int wt_parse_fail(const wt_doc *doc, wt_error *err, const wt_node *n, const char *field,
		  const char *key, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wt_parse_vfail(doc, err, n, field, key, fmt, ap);
	va_end(ap);
	return rc;
}

int wt_parser_fail(const wt_parser *p, const wt_node *n, const char *field, const char *key,
		   const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wt_parse_vfail(p->doc, p->err, n, field, key, fmt, ap);
	va_end(ap);
	return rc;
}

int wt_parse_in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int wt_parse_known_keys(const wt_doc *doc, wt_error *err, const wt_node *map,
			const char *const *known, const char *prefix)
{
	size_t i;

	for (i = 0; i < map->count; i++) {
		const char *sug;
		char field[160];
		if (wt_parse_in_list(map->keys[i], known))
			continue;
		sug = wt_suggest(map->keys[i], known);
		snprintf(field, sizeof(field), "%s%s%s", prefix, prefix[0] ? "." : "", map->keys[i]);
		wt_error_set(err, WT_EINPUT, "onbekend_veld", "Onbekend veld '%s'.%s%s%s", map->keys[i],
			     sug ? " Bedoelde u '" : "", sug ? sug : "", sug ? "'?" : "");
		wt_error_at(err, doc ? doc->file : NULL, map->key_line[i], map->key_column[i], field);
		return -WT_EINPUT;
	}
	return 0;
}
