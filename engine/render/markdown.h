/* markdown.h: Markdown to a complete, print-friendly HTML5 document (the libcmark adapter). */
#ifndef WT_MARKDOWN_H
#define WT_MARKDOWN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

/* Largest Markdown input accepted, in bytes. */
#define WT_MARKDOWN_MAX_BYTES ((size_t)4 * 1024 * 1024)

/*
 * Converts len bytes of CommonMark at md (not necessarily NUL-terminated) to HTML in safe
 * mode (raw HTML is dropped and javascript:, vbscript:, file: and most data: links are
 * emptied), wrapped in an HTML5 document with lang="nl", UTF-8, the title (HTML-escaped; NULL
 * gives "Advies") and a small inline print style. Appends to out, which stays the caller's.
 * Invalid UTF-8 is replaced by U+FFFD. Output is deterministic.
 * Errors: -WT_EINPUT "markdown_te_groot" when len > WT_MARKDOWN_MAX_BYTES or the result does not
 * fit out->max; -WT_EENV when libcmark or memory fails.
 */
int wt_markdown_to_html(const char *md, size_t len, const char *title, wt_buf *out, wt_error *err);

/* Appends s HTML-escaped (& < > " ') to out. Returns 0 or -WT_EENV. */
int wt_markdown_escape_html(wt_buf *out, const char *s);

#endif
