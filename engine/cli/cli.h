/* cli.h: what the subcommands share: global options, error printing, JSON output. */
#ifndef WT_CLI_H
#define WT_CLI_H

#include "app/app.h"
#include "core/buf.h"
#include "core/error.h"

#include <stdio.h>

typedef struct wt_cli {
	const char *data_dir; /* resolved: --data, $WEEGTEAM_DATA, ./weegteam-data */
	const char *actor;    /* --as, or NULL */
	int json;
} wt_cli;

/* Prints err (text to stderr, or the JSON error document to stdout) and returns its exit code. */
int wt_cli_fail(const wt_cli *cli, const wt_error *err);
/* Appends the JSON error object (code, message, file, line, column, field, exit) to b. */
void wt_cli_error_json(wt_buf *b, const wt_error *err);
/* A usage error (exit 2) with a Dutch message. */
int wt_cli_usage(const wt_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Opens the data directory. */
int wt_cli_open(const wt_cli *cli, wt_app **app, int need_actor, wt_error *err);
/*
 * Writes len bytes of s to f for a person's terminal, and flushes. This is where every text
 * weegteam prints passes: a control character other than TAB and LF (or CR before LF), DEL,
 * C1, or a byte that is not UTF-8 is shown escaped (wt_text_escape: "\u001b", which is a valid
 * JSON escape too, or U+FFFD), so that a stored value or a name the user typed cannot steer
 * someone's terminal. A document written with --out is written as it is, not through here.
 */
void wt_cli_write(FILE *f, const char *s, size_t len);
/* printf to f through wt_cli_write. */
void wt_cli_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes buf to stdout (all of it) through wt_cli_write. */
void wt_cli_print(const wt_buf *b);

/* Appends a file name for a person: every control character, line breaks included, escaped. */
void wt_cli_add_name(wt_buf *b, const char *name);

/*
 * A list of problems as verify and reindex print them: in JSON an array of {zaak, soort,
 * melding} (the caller writes the brackets), else one line each, "<label> <id> [soort] ...".
 * wt_cli_problem is a wt_problem_cb with a wt_cli_problems as payload.
 */
typedef struct wt_cli_problems {
	const wt_cli *cli;
	wt_buf *b;
	const char *label;
	size_t n;
} wt_cli_problems;
int wt_cli_problem(const char *case_id, const char *kind, const char *message, void *payload);
/*
 * Refuses (exit 2, fills err) a file that a command is about to create inside the data
 * directory (audit.git, index.sqlite, ...): only weegteam itself writes there. Returns 0 when
 * path lies elsewhere or the data directory does not exist, else -WT_EINPUT.
 */
int wt_cli_check_outside_data(const wt_cli *cli, const char *path, wt_error *err);
/* Formats a time for people ("28-11-2026 10:00") or "-" for 0. */
void wt_cli_time(int64_t t, char out[32]);

typedef int (*wt_cmd_fn)(const wt_cli *cli, int argc, char **argv);

int wt_cmd_init(const wt_cli *cli, int argc, char **argv);
int wt_cmd_check(const wt_cli *cli, int argc, char **argv);
int wt_cmd_submit(const wt_cli *cli, int argc, char **argv);
int wt_cmd_ingest(const wt_cli *cli, int argc, char **argv);
int wt_cmd_queue(const wt_cli *cli, int argc, char **argv);
int wt_cmd_show(const wt_cli *cli, int argc, char **argv);
int wt_cmd_act(const wt_cli *cli, int argc, char **argv);
int wt_cmd_log(const wt_cli *cli, int argc, char **argv);
int wt_cmd_verify(const wt_cli *cli, int argc, char **argv);
int wt_cmd_reindex(const wt_cli *cli, int argc, char **argv);
int wt_cmd_maintain(const wt_cli *cli, int argc, char **argv);
int wt_cmd_workflow(const wt_cli *cli, int argc, char **argv);
int wt_cmd_new(const wt_cli *cli, int argc, char **argv);
int wt_cmd_signals(const wt_cli *cli, int argc, char **argv);
int wt_cmd_advies(const wt_cli *cli, int argc, char **argv);
int wt_cmd_tick(const wt_cli *cli, int argc, char **argv);
int wt_cmd_notifications(const wt_cli *cli, int argc, char **argv);

#endif
