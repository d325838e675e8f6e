/* markdown.c: the libcmark adapter: safe CommonMark to a print-friendly HTML5 document. */
#include "markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* A small style sheet for screen and paper; no external resources. */
static const char style[] =
	"body{font-family:Georgia,'Times New Roman',serif;font-size:11pt;line-height:1.45;"
	"max-width:46em;margin:2em auto;padding:0 1em;color:#111;background:#fff}\n"
	"h1{font-size:1.5em;margin:0 0 .6em}h2{font-size:1.2em;margin:1.4em 0 .4em;"
	"border-bottom:1px solid #999}h3{font-size:1.05em;margin:1em 0 .3em}\n"
	"table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
	"text-align:left}\n"
	"blockquote{margin:.5em 0;padding:.2em 1em;border-left:3px solid #999;color:#333}\n"
	"code{font-family:monospace}\n"
	"@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{page-break-after:avoid}"
	"li,blockquote{page-break-inside:avoid}a{color:#000;text-decoration:none}}\n";

int wt_markdown_escape_html(wt_buf *out, const char *s)
{
	int rc = 0;

	for (; s != NULL && *s != '\0' && rc == 0; s++) {
		switch (*s) {
		case '&': rc = wt_buf_addstr(out, "&amp;"); break;
		case '<': rc = wt_buf_addstr(out, "&lt;"); break;
		case '>': rc = wt_buf_addstr(out, "&gt;"); break;
		case '"': rc = wt_buf_addstr(out, "&quot;"); break;
		case '\'': rc = wt_buf_addstr(out, "&#39;"); break;
		default: rc = wt_buf_addch(out, *s); break;
		}
	}
	return rc < 0 ? -WT_EENV : 0;
}

int wt_markdown_to_html(const char *md, size_t len, const char *title, wt_buf *out, wt_error *err)
{
	char *html = NULL;
	size_t start = out->len;
	int rc = 0;

	if (len > WT_MARKDOWN_MAX_BYTES)
		return wt_error_set(err, WT_EINPUT, "markdown_te_groot",
				    "Het document is groter dan %zu bytes.", WT_MARKDOWN_MAX_BYTES);
	/* CMARK_OPT_DEFAULT is safe since cmark 0.29: raw HTML and unsafe links are dropped. */
	html = cmark_markdown_to_html(len > 0 ? md : "", len,
				      CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (html == NULL)
		return wt_error_set(err, WT_EENV, "markdown", "Het omzetten naar HTML is mislukt.");
	if (wt_buf_addstr(out, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
			       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			       "<title>") < 0 ||
	    wt_markdown_escape_html(out, title != NULL ? title : "Advies") < 0 ||
	    wt_buf_addstr(out, "</title>\n<style>\n") < 0 || wt_buf_addstr(out, style) < 0 ||
	    wt_buf_addstr(out, "</style>\n</head>\n<body>\n<main>\n") < 0 ||
	    wt_buf_addstr(out, html) < 0 || wt_buf_addstr(out, "</main>\n</body>\n</html>\n") < 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		rc = wt_error_set(err, WT_EINPUT, "markdown_te_groot",
				  "Het HTML-document past niet in de toegestane grootte (%zu bytes) of het "
				  "geheugen is op.", out->max);
	}
	free(html);
	return rc;
}
