/* cmd_init.c: weegteam init [DIR]. */
#include "cli.h"

#include <stdio.h>

int wt_cmd_init(const wt_cli *cli, int argc, char **argv)
{
	const char *dir = cli->data_dir;
	wt_error err;

	wt_error_clear(&err);
	if (argc > 1)
		return wt_cli_usage(cli, "gebruik: weegteam init [MAP]");
	if (argc == 1)
		dir = argv[0];
	if (wt_app_init_datadir(dir, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (cli->json) {
		wt_buf b;
		wt_buf_init(&b, 0);
		wt_buf_addstr(&b, "{\"datamap\": ");
		wt_buf_add_json_str(&b, dir);
		wt_buf_addstr(&b, "}\n");
		wt_cli_print(&b);
		wt_buf_release(&b);
	} else {
		wt_cli_printf(stdout,
			      "Datamap aangemaakt: %s\n"
			      "Pas %s/users.yaml aan: daar staan nu fictieve voorbeeldgebruikers, één per rol.\n",
			      dir, dir);
	}
	return 0;
}
