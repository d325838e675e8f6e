/* error.h: the one error convention of weegteam: a code, a Dutch message, and where. */
#ifndef WT_ERROR_H
#define WT_ERROR_H

#include <stddef.h>

/* Error classes; each value is also the process exit code of SPEC section 2. */
typedef enum wt_code {
	WT_OK = 0,
	WT_EREFUSED = 1,   /* refused by the rules: role, state, guard, blocking finding */
	WT_EINPUT = 2,     /* bad input or usage: invalid file, unknown option, case or user */
	WT_ECONFLICT = 3,  /* the case changed meanwhile; nothing was written */
	WT_EINTEGRITY = 4, /* verify found a problem */
	WT_EENV = 5        /* environment or internal error: I/O, library failure, no memory */
} wt_code;

#define WT_ERROR_MESSAGE_MAX 1024
#define WT_ERROR_FILE_MAX 512
#define WT_ERROR_FIELD_MAX 256
#define WT_ERROR_KEY_MAX 48

/*
 * A filled-in error. `key` is a stable machine-readable name (the JSON "code"),
 * `message` is Dutch and meant for people. line/column are 1-based, 0 when unknown.
 */
typedef struct wt_error {
	wt_code code;
	char key[WT_ERROR_KEY_MAX];
	char message[WT_ERROR_MESSAGE_MAX];
	char file[WT_ERROR_FILE_MAX];
	int line;
	int column;
	char field[WT_ERROR_FIELD_MAX];
} wt_error;

/* Resets err to "no error". err may be NULL. */
void wt_error_clear(wt_error *err);

/*
 * Sets code, key and a printf-formatted Dutch message; keeps any location already set.
 * Returns -code, so that `return wt_error_set(err, ...)` propagates in one line.
 * err may be NULL (the message is then dropped but the return value stands).
 */
int wt_error_set(wt_error *err, wt_code code, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets the location (file may be NULL, field may be NULL, line/column 0 when unknown). */
void wt_error_at(wt_error *err, const char *file, int line, int column, const char *field);

/* Copies src to dst (for keeping the first error of several). */
void wt_error_copy(wt_error *dst, const wt_error *src);

/*
 * Formats the error for a person, on one or more lines:
 * "FILE:LINE:COL: veld 'FIELD': MESSAGE". Writes at most size bytes, always terminated.
 */
void wt_error_format(const wt_error *err, char *out, size_t size);

/* The exit code for a return value of a fallible function: 0 for >= 0, else -rc capped to 5. */
int wt_exit_code(int rc);

#endif
