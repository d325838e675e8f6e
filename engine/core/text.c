/* text.c: UTF-8 and control characters: the checks on text that comes in, and its safe display. */
#include "text.h"

#include <stdio.h>
#include <string.h>

size_t wt_text_utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0; /* continuation byte, overlong C0/C1, or beyond U+10FFFF */
	if (c == 0xE0)
		lo = 0xA0; /* overlong */
	else if (c == 0xED)
		hi = 0x9F; /* UTF-16 surrogates */
	else if (c == 0xF0)
		lo = 0x90; /* overlong */
	else if (c == 0xF4)
		hi = 0x8F; /* above U+10FFFF */
	if (avail < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	}
	return n;
}

size_t wt_text_position(const char *text, size_t len, size_t stop, int *line, int *column)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n;

	*line = 1;
	*column = 1;
	if (stop > len)
		stop = len;
	while (i < stop && s[i] != 0) {
		n = wt_text_utf8_seq(s + i, len - i);
		if (n == 0)
			break;
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')) ||
		    (n == 2 && s[i] == 0xC2 && s[i + 1] == 0x85) ||
		    (n == 3 && s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] & 0xFE) == 0xA8)) {
			(*line)++;
			*column = 1;
		} else if (s[i] != '\r') {
			(*column)++;
		}
		i += n;
	}
	return i;
}

int wt_text_check_utf8(const char *name, const char *data, size_t len, wt_error *err)
{
	const unsigned char *s = (const unsigned char *)data;
	int line, column;
	size_t off = wt_text_position(data, len, len, &line, &column);
	int rc;

	if (off == len)
		return 0;
	if (s[off] == 0)
		rc = wt_error_set(err, WT_EINPUT, "nul_byte",
				  "Het bestand bevat een nul-teken (byte 0). Dat hoort niet in een "
				  "tekstbestand; sla het op als gewone tekst (UTF-8).");
	else
		rc = wt_error_set(err, WT_EINPUT, "ongeldige_utf8",
				  "Het bestand bevat een teken dat geen geldige UTF-8-tekst is (byte "
				  "0x%02X). Sla het bestand op als UTF-8.",
				  (unsigned)s[off]);
	wt_error_at(err, name, line, column, NULL);
	return rc;
}

/* The code point of the control character starting at s (avail >= 1 bytes), or -1. */
static long control_at(const unsigned char *s, size_t avail)
{
	if ((s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r') || s[0] == 0x7F)
		return s[0];
	if (s[0] == 0xC2 && avail >= 2 && s[1] >= 0x80 && s[1] <= 0x9F)
		return s[1]; /* C1: U+0080..U+009F */
	return -1;
}

long wt_text_find_control(const char *text, size_t len, size_t *off)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n;
	long cp;

	while (i < len) {
		cp = control_at(s + i, len - i);
		if (cp >= 0) {
			*off = i;
			return cp;
		}
		n = wt_text_utf8_seq(s + i, len - i);
		i += n > 0 ? n : 1;
	}
	return -1;
}

int wt_text_check(const char *name, const char *data, size_t len, wt_error *err)
{
	int line, column;
	size_t off;
	long cp;

	if (wt_text_check_utf8(name, data, len, err) < 0)
		return -WT_EINPUT;
	cp = wt_text_find_control(data, len, &off);
	if (cp < 0)
		return 0;
	wt_error_set(err, WT_EINPUT, "stuurteken",
		     "De tekst bevat een stuurteken (U+%04lX); dat is niet toegestaan. Haal het weg.", cp);
	wt_text_position(data, len, off, &line, &column);
	wt_error_at(err, name, line, column, NULL);
	return -WT_EINPUT;
}

size_t wt_text_find_unsafe(const char *text, size_t len, size_t *n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k;

	while (i < len) {
		if (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')) {
			*n = 1;
			return i;
		}
		if (control_at(s + i, len - i) >= 0) {
			*n = s[i] < 0x80 ? 1 : 2;
			return i;
		}
		k = wt_text_utf8_seq(s + i, len - i);
		if (k == 0) {
			*n = 1;
			return i;
		}
		i += k;
	}
	*n = 0;
	return len;
}

size_t wt_text_escape(char out[WT_TEXT_ESCAPE_MAX], const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned cp;

	if (n == 2)
		cp = s[1]; /* C1, as 0xC2 0x80..0x9F */
	else if (s[0] < 0x80)
		cp = s[0];
	else {
		memcpy(out, "\xEF\xBF\xBD", 4); /* U+FFFD REPLACEMENT CHARACTER */
		return 3;
	}
	snprintf(out, WT_TEXT_ESCAPE_MAX, "\\u%04x", cp);
	return 6;
}

int wt_text_add_display(wt_buf *b, const char *s, size_t len)
{
	char esc[WT_TEXT_ESCAPE_MAX];
	size_t off, n, k;
	int rc = 0;

	while (rc == 0 && len > 0) {
		off = wt_text_find_unsafe(s, len, &n);
		rc = wt_buf_add(b, s, off);
		if (rc < 0 || off == len)
			break;
		k = wt_text_escape(esc, s + off, n);
		rc = wt_buf_add(b, esc, k);
		s += off + n;
		len -= off + n;
	}
	return rc;
}
