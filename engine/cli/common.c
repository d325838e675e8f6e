/* common.c: error printing, JSON error documents and small output helpers for the subcommands. */
#include "cli.h"

#include "core/date.h"
#include "core/text.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wt_cli_error_json(wt_buf *b, const wt_error *err)
{
	int code = err->code == WT_OK ? WT_EENV : (int)err->code;

	wt_buf_addstr(b, "{\"code\": ");
	wt_buf_add_json_str(b, err->key[0] ? err->key : "fout");
	wt_buf_addstr(b, ", \"message\": ");
	wt_buf_add_json_str(b, err->message);
	if (err->file[0]) {
		wt_buf_addstr(b, ", \"file\": ");
		wt_buf_add_json_str(b, err->file);
	}
	if (err->line > 0)
		wt_buf_printf(b, ", \"line\": %d, \"column\": %d", err->line, err->column);
	if (err->field[0]) {
		wt_buf_addstr(b, ", \"field\": ");
		wt_buf_add_json_str(b, err->field);
	}
	wt_buf_printf(b, ", \"exit\": %d}", code);
}

int wt_cli_fail(const wt_cli *cli, const wt_error *err)
{
	int code = err->code == WT_OK ? WT_EENV : (int)err->code;

	if (cli->json) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_buf_addstr(&b, "{\"error\": ");
		wt_cli_error_json(&b, err);
		wt_buf_addstr(&b, "}\n");
		wt_cli_print(&b);
		wt_buf_release(&b);
	} else {
		char text[2048];
		wt_error_format(err, text, sizeof(text));
		wt_cli_printf(stderr, "weegteam: %s\n", text);
	}
	return code;
}

int wt_cli_usage(const wt_cli *cli, const char *fmt, ...)
{
	wt_error err;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	wt_error_clear(&err);
	wt_error_set(&err, WT_EINPUT, "gebruik", "%s", msg);
	return wt_cli_fail(cli, &err);
}

int wt_cli_open(const wt_cli *cli, wt_app **app, int need_actor, wt_error *err)
{
	return wt_app_open(app, cli->data_dir, cli->actor, need_actor, err);
}

int wt_cli_check_outside_data(const wt_cli *cli, const char *path, wt_error *err)
{
	char dir[PATH_MAX], data[PATH_MAX], parent[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (cli->data_dir == NULL || realpath(cli->data_dir, data) == NULL)
		return 0;
	/* The folder the file would be created in: everything before the last '/'. */
	if (slash == NULL) {
		snprintf(dir, sizeof(dir), ".");
	} else if (slash == path) {
		snprintf(dir, sizeof(dir), "/");
	} else {
		n = (size_t)(slash - path);
		if (n >= sizeof(dir))
			return 0; /* too long to be created anyway */
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	if (realpath(dir, parent) == NULL)
		return 0; /* the folder does not exist: creating the file fails by itself */
	n = strlen(data);
	if (strncmp(parent, data, n) != 0 || (parent[n] != '\0' && parent[n] != '/'))
		return 0;
	wt_error_set(err, WT_EINPUT, "pad_in_gegevensmap",
		     "Dit bestand zou in de gegevensmap van weegteam komen (%s); daar schrijft alleen "
		     "weegteam zelf. Kies een andere map.",
		     cli->data_dir);
	wt_error_at(err, path, 0, 0, NULL);
	return -WT_EINPUT;
}

void wt_cli_write(FILE *f, const char *s, size_t len)
{
	char esc[WT_TEXT_ESCAPE_MAX];
	size_t off, n;

	while (len > 0) {
		off = wt_text_find_unsafe(s, len, &n);
		fwrite(s, 1, off, f);
		if (off == len)
			break;
		fwrite(esc, 1, wt_text_escape(esc, s + off, n), f);
		s += off + n;
		len -= off + n;
	}
	fflush(f);
}

void wt_cli_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	wt_buf b;

	wt_buf_init(&b, 0);
	va_start(ap, fmt);
	wt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	wt_cli_write(f, b.data, b.len);
	wt_buf_release(&b);
}

void wt_cli_print(const wt_buf *b)
{
	wt_cli_write(stdout, b->data, b->len);
}

void wt_cli_time(int64_t t, char out[32])
{
	int64_t local;
	wt_date d;
	int sec;

	if (t == 0) {
		snprintf(out, 32, "-");
		return;
	}
	local = t + wt_time_nl_offset(t);
	d = wt_time_nl_date(t);
	sec = (int)(((local % 86400) + 86400) % 86400);
	snprintf(out, 32, "%02d-%02d-%04d %02d:%02d", d.day, d.month, d.year, sec / 3600, (sec / 60) % 60);
}

int wt_cli_problem(const char *case_id, const char *kind, const char *message, void *payload)
{
	wt_cli_problems *o = payload;

	if (o->cli->json) {
		wt_buf_addstr(o->b, o->n ? ", {\"zaak\": " : "{\"zaak\": ");
		wt_buf_add_json_str(o->b, case_id);
		wt_buf_addstr(o->b, ", \"soort\": ");
		wt_buf_add_json_str(o->b, kind);
		wt_buf_addstr(o->b, ", \"melding\": ");
		wt_buf_add_json_str(o->b, message);
		wt_buf_addch(o->b, '}');
	} else {
		wt_buf_printf(o->b, "%s %s%s[%s] %s\n", o->label, case_id, case_id[0] ? " " : "", kind,
			      message);
	}
	o->n++;
	return 0;
}

void wt_cli_add_name(wt_buf *b, const char *name)
{
	char esc[WT_TEXT_ESCAPE_MAX];
	const char *p;

	/* Line breaks and tabs too (wt_cli_write lets those pass); the rest is escaped on output. */
	for (p = name; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\t' || *p == '\r')
			wt_buf_add(b, esc, wt_text_escape(esc, p, 1));
		else
			wt_buf_addch(b, *p);
	}
}
