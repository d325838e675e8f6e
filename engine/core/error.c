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

void wt_error_format(const wt_error *err, char *out, size_t size)
{
	size_t used = 0;
	int n;

	if (size == 0)
		return;
	out[0] = '\0';
	if (err->file[0] != '\0') {
		if (err->line > 0)
			n = snprintf(out, size, "%s:%d:%d: ", err->file, err->line, err->column);
		else
			n = snprintf(out, size, "%s: ", err->file);
		if (n > 0)
			used = (size_t)n < size ? (size_t)n : size - 1;
	}
	if (err->field[0] != '\0' && used < size) {
		n = snprintf(out + used, size - used, "veld '%s': ", err->field);
		if (n > 0)
			used += (size_t)n < size - used ? (size_t)n : size - used - 1;
	}
	if (used < size)
		snprintf(out + used, size - used, "%s", err->message);
}

int wt_exit_code(int rc)
{
	if (rc >= 0)
		return 0;
	if (-rc > (int)WT_EENV)
		return (int)WT_EENV;
	return -rc;
}
