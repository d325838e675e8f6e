/* cmd_submit.c: weegteam submit FILE. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* Prints a refusal together with the checklist report. */
static int fail_with_report(const wt_cli *cli, const wt_error *err, const wt_submit_result *res)
{
	int code = (int)err->code;

	/* The report (which repeats the verzoek's facts) answers a refusal by the checklist; a
	 * refusal of another kind or a failure of the moment is said in one line. */
	if (strcmp(err->key, "checklist_blokkeert") != 0)
		return wt_cli_fail(cli, err);
	if (cli->json) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_buf_addstr(&b, "{\"error\": ");
		wt_cli_error_json(&b, err);
		wt_buf_printf(&b, ", \"checklist\": %s}\n", res->report_json);
		wt_cli_print(&b);
		wt_buf_release(&b);
		return code;
	}
	if (res->report_text != NULL)
		wt_cli_write(stdout, res->report_text, strlen(res->report_text));
	return wt_cli_fail(cli, err);
}

int wt_cmd_submit(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_submit_result res;
	wt_error err;
	int code = 0;

	wt_error_clear(&err);
	memset(&res, 0, sizeof(res));
	if (argc != 1 || argv[0][0] == '-')
		return wt_cli_usage(cli, "gebruik: weegteam submit BESTAND");
	if (wt_cli_open(cli, &app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_app_submit(app, argv[0], &res, &err) < 0) {
		code = res.report_json ? fail_with_report(cli, &err, &res) : wt_cli_fail(cli, &err);
	} else if (cli->json) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_buf_addstr(&b, "{\"id\": ");
		wt_buf_add_json_str(&b, res.id);
		wt_buf_addstr(&b, ", \"gemeente\": ");
		wt_buf_add_json_str(&b, res.city);
		wt_buf_addstr(&b, ", \"status\": ");
		wt_buf_add_json_str(&b, res.state);
		wt_buf_printf(&b, ", \"checklist\": %s}\n", res.report_json);
		wt_cli_print(&b);
		wt_buf_release(&b);
	} else {
		wt_cli_printf(stdout, "%s\n", res.id);
	}
	wt_submit_result_release(&res);
	wt_app_free(app);
	return code;
}
