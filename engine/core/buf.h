/* buf.h: one capped, growable byte buffer for everything that builds text. */
#ifndef WT_BUF_H
#define WT_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* Default cap for buffers that build documents (16 MiB). */
#define WT_BUF_DEFAULT_MAX ((size_t)16 * 1024 * 1024)

/*
 * data is always NUL-terminated when non-NULL; len excludes the terminator.
 * Growing past max fails (-WT_EENV) and leaves the buffer as it was.
 */
typedef struct wt_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
} wt_buf;

void wt_buf_init(wt_buf *b, size_t max);
/* Frees the contents; the buffer may be reused after wt_buf_init. */
void wt_buf_release(wt_buf *b);
/* Empties the buffer, keeping its memory. */
void wt_buf_reset(wt_buf *b);
int wt_buf_add(wt_buf *b, const void *data, size_t len);
int wt_buf_addstr(wt_buf *b, const char *s);
/*
 * Appends len bytes of text with indent after every line break inside it (not after a last
 * one): multi-line text from a person, printed inside a listing, can then never begin a line
 * of its own that looks like one of the listing's (log, show).
 */
int wt_buf_add_indented(wt_buf *b, const char *text, size_t len, const char *indent);
int wt_buf_addch(wt_buf *b, char c);
int wt_buf_printf(wt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int wt_buf_vprintf(wt_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s as a JSON string literal, quotes included (s may be NULL: appends null). */
int wt_buf_add_json_str(wt_buf *b, const char *s);
/* Appends s as a double-quoted YAML scalar, quotes included. */
int wt_buf_add_yaml_str(wt_buf *b, const char *s);
/* Hands the contents to the caller (free with free()); the buffer is left empty. Never NULL. */
char *wt_buf_detach(wt_buf *b);

/* strdup that returns NULL for NULL. */
char *wt_strdup(const char *s);
/* Bounded copy, always terminated; returns 0, or -1 when truncated. */
int wt_strlcpy(char *dst, const char *src, size_t size);

#endif
