/* cmd_check.c: weegteam check [--datum YYYY-MM-DD] FILE...: the onderbouwing report. */
#include "cli.h"

#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int wt_cmd_check(const wt_cli *cli, int argc, char **argv)
{
	char wfdir[WT_PATH_MAX];
	wt_date today = wt_time_nl_date((int64_t)time(NULL));
	wt_error err;
	int i, nfiles = 0, code = 0, multi;
	wt_buf b;

	wt_error_clear(&err);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--datum") == 0 && i + 1 < argc) {
			if (wt_date_parse(&today, argv[++i]) < 0)
				return wt_cli_usage(cli, "--datum verwacht een datum als 2026-11-28.");
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return wt_cli_usage(cli, "Onbekende optie '%s' bij check.", argv[i]);
		} else {
			nfiles++;
		}
	}
	if (nfiles == 0)
		return wt_cli_usage(cli, "gebruik: weegteam check [--datum JJJJ-MM-DD] BESTAND...");
	if (wt_app_default_workflows_dir(wfdir, sizeof(wfdir), &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	multi = cli->json && nfiles > 1;
	if (multi)
		wt_buf_addstr(&b, "{\"bestanden\": [");
	nfiles = 0;
	for (i = 0; i < argc; i++) {
		char *report = NULL;
		size_t blocking = 0;
		if (strcmp(argv[i], "--datum") == 0) {
			i++;
			continue;
		}
		if (wt_app_check_file(wfdir, argv[i], today, cli->json, &report, &blocking, &err) < 0) {
			if (multi) {
				/* One JSON document: an unreadable file becomes an error member. */
				wt_buf_addstr(&b, nfiles ? ", {\"bestand\": " : "{\"bestand\": ");
				wt_buf_add_json_str(&b, argv[i]);
				wt_buf_addstr(&b, ", \"error\": {\"code\": ");
				wt_buf_add_json_str(&b, err.key);
				wt_buf_addstr(&b, ", \"message\": ");
				wt_buf_add_json_str(&b, err.message);
				wt_buf_printf(&b, ", \"line\": %d, \"column\": %d}}", err.line, err.column);
				nfiles++;
				if (code == 0 || code == 1)
					code = (int)err.code;
				continue;
			}
			wt_cli_print(&b);
			wt_buf_release(&b);
			return wt_cli_fail(cli, &err);
		}
		if (multi && nfiles > 0)
			wt_buf_addstr(&b, ", ");
		if (multi) {
			size_t n = strlen(report);
			while (n > 0 && report[n - 1] == '\n')
				n--;
			wt_buf_add(&b, report, n);
		} else {
			wt_buf_addstr(&b, report);
		}
		free(report);
		nfiles++;
		if (blocking > 0 && code == 0)
			code = WT_EREFUSED;
	}
	if (multi)
		wt_buf_addstr(&b, "]}\n");
	wt_cli_print(&b);
	wt_buf_release(&b);
	return code;
}
