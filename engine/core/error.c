/* error.c: filling, copying and formatting wt_error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy_bounded(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return;
	if (src == NULL) {
		dst[0] = '\0';
		return;
	}
	n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void wt_error_clear(wt_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

int wt_error_set(wt_error *err, wt_code code, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->code = code;
		copy_bounded(err->key, sizeof(err->key), key);
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return -(int)code;
}

void wt_error_at(wt_error *err, const char *file, int line, int column, const char *field)
{
	if (err == NULL)
		return;
	copy_bounded(err->file, sizeof(err->file), file);
	err->line = line;
	err->column = column;
	copy_bounded(err->field, sizeof(err->field), field);
}

void wt_error_copy(wt_error *dst, const wt_error *src)
{
	if (dst != NULL && src != NULL && dst != src)
		memcpy(dst, src, sizeof(*dst));
}

/* Appends to out at *used, truncating silently (a message for people, cut at the end). */
static void append(char *out, size_t size, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *out, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used + 1 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n < size - *used ? (size_t)n : size - *used - 1;
}

void wt_error_format(const wt_error *err, char *out, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	if (err->file[0] != '\0' && err->line > 0)
		append(out, size, &used, "%s:%d:%d: ", err->file, err->line, err->column);
	else if (err->file[0] != '\0')
		append(out, size, &used, "%s: ", err->file);
	if (err->field[0] != '\0')
		append(out, size, &used, "veld '%s': ", err->field);
	append(out, size, &used, "%s", err->message);
}

int wt_exit_code(int rc)
{
	if (rc >= 0)
		return 0;
	if (-rc > (int)WT_EENV)
		return (int)WT_EENV;
	return -rc;
}
