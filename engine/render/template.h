/* template.h: a small, strict Mustache-like template language that renders escaped Markdown. */
#ifndef WT_TEMPLATE_H
#define WT_TEMPLATE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/tree.h"

/* Largest template text accepted, in bytes. */
#define WT_TEMPLATE_MAX_BYTES ((size_t)256 * 1024)
/* Deepest nesting of blocks ({{#each}}, {{#if}}, {{#unless}}, {{#block}}). */
#define WT_TEMPLATE_MAX_DEPTH 16
/* Most parsed pieces (text runs and tags) in one template. */
#define WT_TEMPLATE_MAX_NODES 20000
/* Longest path inside a tag, in bytes. */
#define WT_TEMPLATE_MAX_PATH 200
/* Most {{#each}} iterations in one rendering, over all loops together. */
#define WT_TEMPLATE_MAX_ITERATIONS 100000
/* Largest rendered output, in bytes (also bounded by the output buffer's own max). */
#define WT_TEMPLATE_MAX_OUTPUT ((size_t)4 * 1024 * 1024)

/* A parsed template; opaque. */
typedef struct wt_template wt_template;

/*
 * Parses len bytes at text (not necessarily NUL-terminated) as a template. name (the file name)
 * is copied and used in every error message. *out receives a new template (free with
 * wt_template_free); NULL on error.
 * Errors: -WT_EINPUT with file, line and column of the offending tag or character (keys
 * "sjabloon_te_groot", "nul_byte", "ongeldige_utf8" and "stuurteken" as wt_text_check,
 * "sjabloon_tag_open", "sjabloon_tag_onbekend", "sjabloon_blok_onbekend", "sjabloon_blok_sluit", "sjabloon_blok_open", "sjabloon_else",
 * "sjabloon_pad", "sjabloon_te_diep", "sjabloon_te_veel"); -WT_EENV when memory runs out.
 */
int wt_template_parse(wt_template **out, const char *name, const char *text, size_t len,
		      wt_error *err);

/*
 * Reads the file at path (at most WT_TEMPLATE_MAX_BYTES) and parses it; the file name in
 * messages is path. Errors as wt_template_parse, plus -WT_EINPUT "sjabloon_niet_gevonden" when
 * the file does not exist and -WT_EENV "sjabloon_onleesbaar" when it cannot be read.
 */
int wt_template_load_file(wt_template **out, const char *path, wt_error *err);

/* Frees a parsed template. NULL is a no-op. */
void wt_template_free(wt_template *t);

/*
 * Renders t with context (a map; the root scope) and appends the result to out (which stays the
 * caller's). overrides may be NULL; otherwise it is a template made only of {{#block NAME}}
 * definitions, each replacing the block of the same name in t (a per-city override of, for
 * example, the addressee). The output is deterministic: the same inputs give the same bytes.
 * Errors: -WT_EINPUT with the template's file, line, column and the field path (keys
 * "sjabloon_veld_ontbreekt" for a required value that is missing, null or empty,
 * "sjabloon_geen_tekst", "sjabloon_geen_lijst", "sjabloon_blok_onbekend" for an override of a
 * block t does not have, "sjabloon_te_veel" for too many iterations, "sjabloon_te_groot" for
 * output past WT_TEMPLATE_MAX_OUTPUT or out->max); -WT_EENV when memory runs out. On error out
 * may hold a partial result; the caller discards it.
 */
int wt_template_apply(const wt_template *t, const wt_template *overrides, const wt_node *context,
		      wt_buf *out, wt_error *err);

/*
 * One-shot: parses len bytes at text under name, renders it with context into out, frees it.
 * Errors as wt_template_parse and wt_template_apply.
 */
int wt_template_render(const char *name, const char *text, size_t len, const wt_node *context,
		       wt_buf *out, wt_error *err);

/*
 * Appends len bytes of s to out escaped for Markdown, exactly as {{ path }} does: line breaks
 * and tabs become spaces, leading and trailing white space is dropped, inline-active characters
 * are backslash-escaped everywhere, line-start-active ones at the start. Returns 0 or -WT_EENV.
 */
int wt_template_escape(wt_buf *out, const char *s, size_t len);

#endif
