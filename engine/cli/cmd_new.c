/* cmd_new.c: weegteam new FILE [--city C]: a verzoek skeleton with Dutch comments. */
#include "cli.h"

#include "core/catalogue.h"
#include "core/checklist.h"
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int wt_cmd_new(const wt_cli *cli, int argc, char **argv)
{
	const char *file = NULL, *city = NULL;
	char dir[WT_PATH_MAX];
	wt_catalogue *cat = NULL;
	wt_error err;
	wt_buf b;
	int i, fd, rc;

	wt_error_clear(&err);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--city") == 0 && i + 1 < argc)
			city = argv[++i];
		else if (argv[i][0] == '-')
			return wt_cli_usage(cli, "Onbekende optie '%s' bij new.", argv[i]);
		else if (file == NULL)
			file = argv[i];
		else
			return wt_cli_usage(cli, "gebruik: weegteam new BESTAND [--city GEMEENTE]");
	}
	if (file == NULL)
		return wt_cli_usage(cli, "gebruik: weegteam new BESTAND [--city GEMEENTE]");
	if (wt_cli_check_outside_data(cli, file, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_app_default_workflows_dir(dir, sizeof(dir), &err) < 0 ||
	    wt_catalogue_load_default(&cat, dir, &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	rc = wt_skeleton_verzoek(&b, city, cat);
	wt_catalogue_free(cat);
	if (rc < 0) {
		wt_buf_release(&b);
		wt_error_set(&err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		return wt_cli_fail(cli, &err);
	}
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		int e = errno;
		wt_buf_release(&b);
		wt_file_open_error(&err, e, file, 1);
		return wt_cli_fail(cli, &err);
	}
	rc = write(fd, b.data, b.len) == (ssize_t)b.len && fsync(fd) == 0;
	close(fd);
	wt_buf_release(&b);
	if (!rc) {
		wt_error_set(&err, WT_EENV, "schrijffout", "Het bestand kan niet worden geschreven.");
		wt_error_at(&err, file, 0, 0, NULL);
		return wt_cli_fail(cli, &err);
	}
	if (cli->json) {
		wt_buf_init(&b, 0);
		wt_buf_addstr(&b, "{\"bestand\": ");
		wt_buf_add_json_str(&b, file);
		wt_buf_addstr(&b, "}\n");
		wt_cli_print(&b);
		wt_buf_release(&b);
	} else {
		wt_cli_printf(stdout,
			      "Nieuw verzoek geschreven: %s\nVul het in en controleer het met 'weegteam check %s'.\n",
			      file, file);
	}
	return 0;
}
