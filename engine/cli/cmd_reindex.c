/* cmd_reindex.c: weegteam reindex: rebuild the index from the audit repository alone. */
#include "cli.h"

#include <stdio.h>

int wt_cmd_reindex(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_error err;
	size_t cases = 0, events = 0;

	(void)argv;
	wt_error_clear(&err);
	if (argc != 0)
		return wt_cli_usage(cli, "gebruik: weegteam reindex");
	/* A lagging or mismatched index must not stop its own rebuild: open without catching up. */
	if (wt_app_open_nosync(&app, cli->data_dir, cli->actor, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_app_reindex(app, &cases, &events, &err) < 0) {
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	if (cli->json)
		printf("{\"dossiers\": %zu, \"gebeurtenissen\": %zu}\n", cases, events);
	else
		printf("Index opnieuw opgebouwd uit de audit-repository: %zu dossiers, %zu gebeurtenissen.\n",
		       cases, events);
	wt_app_free(app);
	return 0;
}
