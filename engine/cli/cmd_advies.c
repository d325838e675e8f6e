/* cmd_advies.c: weegteam advies ID [--format md|html] [--out F]: the advice, draft or recorded. */
#include "cli.h"

#include "core/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int wt_cmd_advies(const wt_cli *cli, int argc, char **argv)
{
	const char *id = NULL, *outfile = NULL;
	int html = 0, recorded = 0, i, rc;
	wt_app *app = NULL;
	wt_error err;
	wt_buf b;

	wt_error_clear(&err);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "html") == 0)
				html = 1;
			else if (strcmp(argv[i], "md") != 0)
				return wt_cli_usage(cli, "--format is md of html.");
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			outfile = argv[++i];
		} else if (argv[i][0] == '-' || id != NULL) {
			return wt_cli_usage(cli, "gebruik: weegteam advies ID [--format md|html] [--out BESTAND]");
		} else {
			id = argv[i];
		}
	}
	if (id == NULL)
		return wt_cli_usage(cli, "gebruik: weegteam advies ID [--format md|html] [--out BESTAND]");
	if (outfile != NULL && wt_cli_check_outside_data(cli, outfile, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_cli_open(cli, &app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	rc = wt_app_advies(app, id, html, &b, &recorded, &err);
	wt_app_free(app);
	if (rc < 0) {
		wt_buf_release(&b);
		return wt_cli_fail(cli, &err);
	}
	if (outfile != NULL) {
		FILE *f = fopen(outfile, "wx");
		int e = f == NULL ? errno : 0;
		int ok = f != NULL && fwrite(b.data ? b.data : "", 1, b.len, f) == b.len;
		if (f != NULL)
			ok = (fclose(f) == 0) && ok;
		if (!ok) {
			wt_buf_release(&b);
			/* The user's path is input: an existing file or a missing folder is exit 2. */
			if (e != 0) {
				wt_file_open_error(&err, e, outfile, 1);
			} else {
				wt_error_set(&err, WT_EENV, "schrijffout", "Kan het advies niet schrijven.");
				wt_error_at(&err, outfile, 0, 0, NULL);
			}
			return wt_cli_fail(cli, &err);
		}
		if (!cli->json)
			wt_cli_printf(stderr, "%s geschreven naar %s.\n",
				      recorded ? "Het vastgelegde advies is" : "Het concept-advies is", outfile);
	}
	if (cli->json) {
		wt_buf j;
		wt_buf_init(&j, 0);
		wt_buf_addstr(&j, "{\"id\": ");
		wt_buf_add_json_str(&j, id);
		wt_buf_printf(&j, ", \"vastgelegd\": %s, \"formaat\": \"%s\", \"tekst\": ", recorded ? "true" : "false",
			      html ? "html" : "md");
		wt_buf_add_json_str(&j, outfile ? NULL : (b.data ? b.data : ""));
		wt_buf_addstr(&j, "}\n");
		wt_cli_print(&j);
		wt_buf_release(&j);
	} else if (outfile == NULL) {
		wt_cli_print(&b);
	}
	wt_buf_release(&b);
	return 0;
}
