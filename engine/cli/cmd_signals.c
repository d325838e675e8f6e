/* cmd_signals.c: weegteam signals [WORD]: the closed list of facts and circumstances. */
#include "cli.h"

#include "core/catalogue.h"
#include "core/checklist.h"

#include <stdio.h>

int wt_cmd_signals(const wt_cli *cli, int argc, char **argv)
{
	char dir[WT_PATH_MAX];
	wt_catalogue *cat = NULL;
	wt_error err;
	wt_buf b;
	int rc;

	wt_error_clear(&err);
	if (argc > 1 || (argc == 1 && argv[0][0] == '-'))
		return wt_cli_usage(cli, "gebruik: weegteam signals [WOORD]");
	if (wt_app_default_workflows_dir(dir, sizeof(dir), &err) < 0 ||
	    wt_catalogue_load_default(&cat, dir, &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	rc = wt_catalogue_format_signals(cat, argc == 1 ? argv[0] : NULL, &b);
	wt_catalogue_free(cat);
	if (rc < 0) {
		wt_buf_release(&b);
		wt_error_set(&err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		return wt_cli_fail(cli, &err);
	}
	wt_cli_print(&b);
	wt_buf_release(&b);
	return 0;
}
