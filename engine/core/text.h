/* text.h: UTF-8 and control characters: the checks on text that comes in, and its safe display. */
#ifndef WT_TEXT_H
#define WT_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

/* Longest display form of one unsafe character (wt_text_escape), terminator included. */
#define WT_TEXT_ESCAPE_MAX 8

/*
 * Length of the valid UTF-8 sequence at s (avail >= 1 bytes), or 0 when it is not valid: no
 * overlong forms, no surrogates, nothing above U+10FFFF, not cut short.
 */
size_t wt_text_utf8_seq(const unsigned char *s, size_t avail);

/*
 * Walks the text the way libyaml counts positions (line breaks \n, \r\n, \r, U+0085, U+2028,
 * U+2029; columns in characters) up to byte offset stop, a NUL or the first invalid UTF-8
 * byte. Returns the offset where it stopped; *line and *column (1-based) are that position.
 */
size_t wt_text_position(const char *s, size_t len, size_t stop, int *line, int *column);

/*
 * Checks that len bytes at data are valid UTF-8 text without NUL bytes. Returns 0, or
 * -WT_EINPUT with key "ongeldige_utf8" or "nul_byte", file name and the line and column (in
 * characters, 1-based) of the first bad byte. Control characters are not looked at (the YAML
 * loader leaves those to libyaml and checks each scalar itself).
 */
int wt_text_check_utf8(const char *name, const char *data, size_t len, wt_error *err);

/*
 * Finds the first control character in len bytes of UTF-8 text: C0 other than TAB, LF and CR,
 * DEL (U+007F) or C1 (U+0080..U+009F). Returns its code point and sets *off to its byte
 * offset, or returns -1 when there is none. Bytes that are not valid UTF-8 are skipped.
 */
long wt_text_find_control(const char *s, size_t len, size_t *off);

/*
 * Checks free text from a person (a note, a text file, a template): wt_text_check_utf8, and no
 * control character (wt_text_find_control). Returns 0, or -WT_EINPUT with key
 * "ongeldige_utf8", "nul_byte" or "stuurteken" and name, line and column of the first bad one.
 */
int wt_text_check(const char *name, const char *data, size_t len, wt_error *err);

/*
 * Finds the first bytes of s that must not reach a terminal as they are: a control character
 * other than TAB and LF (a CR directly before an LF is harmless and passes), DEL, C1, or a byte
 * that is not part of valid UTF-8. Returns its offset (len when there is none) and sets *n to
 * its length in bytes.
 */
size_t wt_text_find_unsafe(const char *s, size_t len, size_t *n);

/*
 * The display form of the n unsafe bytes at s that wt_text_find_unsafe found: a control
 * character as its code point "\u001b" (also a valid JSON escape), a byte that is not UTF-8 as
 * U+FFFD. Writes a terminated string to out; returns its length.
 */
size_t wt_text_escape(char out[WT_TEXT_ESCAPE_MAX], const char *s, size_t n);

/* Appends len bytes of s to b with every unsafe character in its display form (wt_text_escape). */
int wt_text_add_display(wt_buf *b, const char *s, size_t len);

#endif
