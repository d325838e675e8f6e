/* cmd_maintain.c: weegteam maintain: pack loose objects, combine small packs, pack the case refs,
 * tidy the index. */
#include "cli.h"

#include <stdio.h>

int wt_cmd_maintain(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_error err;
	wt_maintain_result res;

	(void)argv;
	wt_error_clear(&err);
	if (argc != 0)
		return wt_cli_usage(cli, "gebruik: weegteam maintain");
	if (wt_cli_open(cli, &app, 0, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_app_maintain(app, 0, &res, &err) < 0) {
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	if (cli->json)
		printf("{\"ingepakt\": %zu, \"samengevoegd\": %zu, \"refs_ingepakt\": %zu, "
		       "\"restbestanden\": %zu}\n", res.loose, res.combined, res.refs, res.debris);
	else
		printf("Onderhoud klaar: %zu losse objecten ingepakt, %zu pakbestanden samengevoegd, "
		       "%zu dossier-refs ingepakt, %zu restbestanden van afgebroken schrijvers "
		       "verwijderd, index opgeruimd.\n", res.loose, res.combined, res.refs, res.debris);
	wt_app_free(app);
	return 0;
}
