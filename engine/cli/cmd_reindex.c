/* cmd_reindex.c: weegteam reindex: rebuild the index from the audit repository alone. */
#include "cli.h"

#include <stdio.h>

int wt_cmd_reindex(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_error err;
	size_t cases = 0, events = 0, problems = 0;
	wt_buf b;
	wt_cli_problems o;

	(void)argv;
	wt_error_clear(&err);
	if (argc != 0)
		return wt_cli_usage(cli, "gebruik: weegteam reindex");
	/* A lagging or mismatched index must not stop its own rebuild: open without catching up. */
	if (wt_app_open_nosync(&app, cli->data_dir, cli->actor, &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	o.cli = cli;
	o.b = &b;
	o.label = "NIET HERSTELD";
	o.n = 0;
	if (cli->json)
		wt_buf_addstr(&b, "{\"niet_hersteld\": [");
	if (wt_app_reindex(app, &cases, &events, wt_cli_problem, &o, &problems, &err) < 0) {
		wt_buf_release(&b);
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	if (cli->json)
		wt_buf_printf(&b, "], \"dossiers\": %zu, \"gebeurtenissen\": %zu, \"ok\": %s}\n", cases, events,
			      problems == 0 ? "true" : "false");
	else {
		wt_buf_printf(&b, "Index opnieuw opgebouwd uit de audit-repository: %zu dossiers, %zu gebeurtenissen.\n",
			      cases, events);
		if (problems > 0)
			wt_buf_printf(&b, "reindex: %zu probleem/problemen in de audit-repository die reindex niet "
				      "kan herstellen (hierboven; 'weegteam verify' geeft het hele beeld).\n",
				      problems);
	}
	wt_cli_print(&b);
	wt_buf_release(&b);
	wt_app_free(app);
	return problems == 0 ? 0 : WT_EINTEGRITY;
}
