/* cmd_verify.c: weegteam verify: exit 4 when anything is wrong, naming each problem. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int wt_cmd_verify(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_error err;
	wt_buf b;
	wt_cli_problems o;
	size_t n = 0;
	long pending = 0, failed = 0;

	(void)argv;
	wt_error_clear(&err);
	if (argc != 0)
		return wt_cli_usage(cli, "gebruik: weegteam verify");
	/* Opened without the index catch-up: verify does it itself, under its lock, and reports
	 * an index that cannot follow the journal as a problem among the others. */
	if (wt_app_open_nosync(&app, cli->data_dir, cli->actor, &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	o.cli = cli;
	o.b = &b;
	o.label = "PROBLEEM";
	o.n = 0;
	if (cli->json)
		wt_buf_addstr(&b, "{\"problemen\": [");
	if (wt_app_verify(app, wt_cli_problem, &o, &n, &err) < 0) {
		wt_buf_release(&b);
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	/* Failed notifications are no integrity problem, but someone must know (summary only). */
	if (wt_store_outbox_counts(app->store, &pending, NULL, &failed, &err) < 0) {
		pending = -1;
		failed = -1;
	}
	if (cli->json)
		wt_buf_printf(&b, "], \"ok\": %s, \"meldingen_wachtend\": %ld, \"meldingen_mislukt\": %ld}\n",
			      n == 0 ? "true" : "false", pending, failed);
	else {
		if (n == 0)
			wt_buf_addstr(&b, "verify: alles in orde: audit-repository en index zijn volledig en ongewijzigd.\n");
		else
			wt_buf_printf(&b, "verify: %zu probleem/problemen gevonden.\n", n);
		if (failed > 0 || pending > 0)
			wt_buf_printf(&b, "meldingen: %ld wachtend, %ld mislukt (zie 'weegteam notifications').\n",
				      pending, failed);
	}
	wt_cli_print(&b);
	wt_buf_release(&b);
	wt_app_free(app);
	return n == 0 ? 0 : WT_EINTEGRITY;
}
