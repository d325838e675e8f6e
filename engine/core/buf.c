/* buf.c: the capped growable buffer and its small string helpers. */
#include "buf.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wt_buf_init(wt_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : WT_BUF_DEFAULT_MAX;
}

void wt_buf_release(wt_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void wt_buf_reset(wt_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static int grow(wt_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > b->max || b->len + extra > b->max)
		return -WT_EENV;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->data, cap);
	if (p == NULL)
		return -WT_EENV;
	b->data = p;
	b->cap = cap;
	return 0;
}

int wt_buf_add(wt_buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return -WT_EENV;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int wt_buf_addstr(wt_buf *b, const char *s)
{
	return wt_buf_add(b, s, strlen(s));
}

int wt_buf_add_indented(wt_buf *b, const char *text, size_t len, const char *indent)
{
	size_t i = 0;
	int rc = 0;

	while (rc == 0 && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;

		rc = wt_buf_add(b, text + i, end - i);
		i = end;
		if (rc == 0 && nl != NULL && i < len)
			rc = wt_buf_addstr(b, indent);
	}
	return rc;
}

int wt_buf_addch(wt_buf *b, char c)
{
	return wt_buf_add(b, &c, 1);
}

int wt_buf_vprintf(wt_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || grow(b, (size_t)n) < 0)
		return -WT_EENV;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int wt_buf_printf(wt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = wt_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

static int add_escaped(wt_buf *b, const char *s, int yaml)
{
	const unsigned char *p;
	int rc = wt_buf_addch(b, '"');

	for (p = (const unsigned char *)s; rc == 0 && *p; p++) {
		switch (*p) {
		case '"': rc = wt_buf_addstr(b, "\\\""); break;
		case '\\': rc = wt_buf_addstr(b, "\\\\"); break;
		case '\n': rc = wt_buf_addstr(b, "\\n"); break;
		case '\r': rc = wt_buf_addstr(b, "\\r"); break;
		case '\t': rc = wt_buf_addstr(b, "\\t"); break;
		default:
			if (*p < 0x20 || (yaml && *p == 0x7f))
				rc = wt_buf_printf(b, yaml ? "\\x%02x" : "\\u%04x", *p);
			else
				rc = wt_buf_addch(b, (char)*p);
		}
	}
	if (rc == 0)
		rc = wt_buf_addch(b, '"');
	return rc;
}

int wt_buf_add_json_str(wt_buf *b, const char *s)
{
	if (s == NULL)
		return wt_buf_addstr(b, "null");
	return add_escaped(b, s, 0);
}

int wt_buf_add_yaml_str(wt_buf *b, const char *s)
{
	return add_escaped(b, s ? s : "", 1);
}

char *wt_buf_detach(wt_buf *b)
{
	char *p = b->data;

	if (p == NULL) {
		p = malloc(1);
		if (p != NULL)
			p[0] = '\0';
	}
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

char *wt_strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	p = malloc(n + 1);
	if (p != NULL)
		memcpy(p, s, n + 1);
	return p;
}

int wt_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size == 0)
		return -1;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}
