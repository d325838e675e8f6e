/* cmd_act.c: weegteam act ID ACTION [--note TEXT] [--file F]. */
#include "cli.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

int wt_cmd_act(const wt_cli *cli, int argc, char **argv)
{
	const char *id = NULL, *action = NULL, *note = NULL, *file = NULL;
	wt_app *app = NULL;
	wt_act_result res;
	wt_error err;
	int i, code = 0;
	int64_t start = 0;

	wt_error_clear(&err);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--note") == 0 && i + 1 < argc)
			note = argv[++i];
		else if (strcmp(argv[i], "--file") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strcmp(argv[i], "--ingang") == 0 && i + 1 < argc) {
			if (wt_time_parse(&start, argv[++i]) < 0 || start == 0)
				return wt_cli_usage(cli, "--ingang is een tijd met zone, bijvoorbeeld "
							 "2026-11-28T14:30:00+01:00.");
		}
		else if (argv[i][0] == '-')
			return wt_cli_usage(cli, "Onbekende optie '%s' bij act.", argv[i]);
		else if (id == NULL)
			id = argv[i];
		else if (action == NULL)
			action = argv[i];
		else
			return wt_cli_usage(cli, "gebruik: weegteam act ID ACTIE [--note TEKST] [--file BESTAND] [--ingang TIJD]");
	}
	if (id == NULL || action == NULL)
		return wt_cli_usage(cli, "gebruik: weegteam act ID ACTIE [--note TEKST] [--file BESTAND] [--ingang TIJD]");
	if (wt_cli_open(cli, &app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_app_act_at(app, id, action, note, file, start, &res, &err) < 0) {
		code = wt_cli_fail(cli, &err);
	} else if (cli->json) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_buf_addstr(&b, "{\"id\": ");
		wt_buf_add_json_str(&b, id);
		wt_buf_addstr(&b, ", \"actie\": ");
		wt_buf_add_json_str(&b, action);
		wt_buf_addstr(&b, ", \"van\": ");
		wt_buf_add_json_str(&b, res.state_from);
		wt_buf_addstr(&b, ", \"naar\": ");
		wt_buf_add_json_str(&b, res.state_to);
		wt_buf_printf(&b, ", \"volgnummer\": %ld, \"commit\": \"%s\"}\n", res.seq, res.head);
		wt_cli_print(&b);
		wt_buf_release(&b);
	} else {
		wt_cli_printf(stdout, "%s: %s vastgelegd (%s -> %s), gebeurtenis %ld.\n", id, action,
			      res.state_from, res.state_to, res.seq);
	}
	wt_app_free(app);
	return code;
}
