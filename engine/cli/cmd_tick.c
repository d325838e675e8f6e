/* cmd_tick.c: weegteam tick: note deadlines once, deliver pending notifications (cron/timer). */
#include "cli.h"

#include <stdio.h>

int wt_cmd_tick(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_tick_result res;
	wt_error err;
	int rc;

	(void)argv;
	wt_error_clear(&err);
	if (argc != 0)
		return wt_cli_usage(cli, "gebruik: weegteam tick");
	if (wt_cli_open(cli, &app, 0, &err) < 0)
		return wt_cli_fail(cli, &err);
	rc = wt_app_tick(app, &res, &err);
	wt_app_free(app);
	if (rc < 0)
		return wt_cli_fail(cli, &err);
	if (cli->json)
		printf("{\"termijn_nadert\": %zu, \"termijn_verstreken\": %zu, \"conflicten\": %zu, "
		       "\"afgeleverd\": %zu, \"opnieuw\": %zu, \"mislukt\": %zu, \"ingepakt\": %zu, "
		       "\"samengevoegd\": %zu, \"refs_ingepakt\": %zu}\n",
		       res.near, res.passed, res.conflicts, res.delivery.delivered, res.delivery.retry,
		       res.delivery.failed, res.maintained.loose, res.maintained.combined,
		       res.maintained.refs);
	else
		printf("tick: %zu keer 'termijn nadert' en %zu keer 'termijn verstreken' vastgelegd; "
		       "meldingen: %zu afgeleverd, %zu later opnieuw, %zu mislukt.\n",
		       res.near, res.passed, res.delivery.delivered, res.delivery.retry, res.delivery.failed);
	if (!cli->json && res.maintain_ran)
		printf("tick: onderhoud uitgevoerd: %zu losse objecten ingepakt, %zu pakbestanden "
		       "samengevoegd, %zu dossier-refs ingepakt.\n", res.maintained.loose,
		       res.maintained.combined, res.maintained.refs);
	return 0;
}
