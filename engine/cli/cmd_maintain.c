/* cmd_maintain.c: weegteam maintain: pack loose objects, tidy the index. */
#include "cli.h"

#include <stdio.h>

int wt_cmd_maintain(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_error err;
	size_t packed = 0;

	(void)argv;
	wt_error_clear(&err);
	if (argc != 0)
		return wt_cli_usage(cli, "gebruik: weegteam maintain");
	if (wt_cli_open(cli, &app, 0, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_app_maintain(app, &packed, &err) < 0) {
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	if (cli->json)
		printf("{\"ingepakt\": %zu}\n", packed);
	else
		printf("Onderhoud klaar: %zu losse objecten ingepakt, index opgeruimd.\n", packed);
	wt_app_free(app);
	return 0;
}
