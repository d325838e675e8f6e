/* cmd_workflow.c: weegteam workflow lint [FILE...] | show CITY | dot CITY. */
#include "cli.h"

#include "yaml/yaml_load.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Lints one file: workflows by soort; other YAML files (the criteria catalogue) are skipped.
 * *n_listed counts the files written to out (for the JSON separators).
 */
static int lint_file(const wt_cli *cli, const char *path, wt_buf *out, int *n_listed)
{
	wt_doc *doc = NULL;
	wt_workflow *wf = NULL;
	wt_error err;
	const char *soort;
	int rc;

	wt_error_clear(&err);
	rc = wt_yaml_load_file(&doc, path, &err);
	if (rc == 0) {
		soort = wt_node_str(wt_map_get(doc->root, "soort"));
		if (soort != NULL && strcmp(soort, "criteria") == 0) {
			wt_doc_free(doc);
			return 0;
		}
		rc = wt_workflow_parse(&wf, doc, &err);
	}
	if (rc < 0) {
		char text[2048];
		wt_error_format(&err, text, sizeof(text));
		if (cli->json) {
			wt_buf_addstr(out, *n_listed ? ", {\"bestand\": " : "{\"bestand\": ");
			wt_buf_add_json_str(out, path);
			wt_buf_addstr(out, ", \"ok\": false, \"fout\": ");
			wt_buf_add_json_str(out, text);
			wt_buf_addch(out, '}');
		} else {
			wt_buf_printf(out, "FOUT %s\n", text);
		}
		(*n_listed)++;
	} else {
		if (cli->json) {
			wt_buf_addstr(out, *n_listed ? ", {\"bestand\": " : "{\"bestand\": ");
			wt_buf_add_json_str(out, path);
			wt_buf_addstr(out, ", \"ok\": true}");
		} else {
			wt_buf_printf(out, "ok   %s (%s, %zu toestanden, %zu acties)\n", path, wf->naam,
				      wf->n_states, wf->n_actions);
		}
		(*n_listed)++;
	}
	wt_workflow_free(wf);
	wt_doc_free(doc);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int lint(const wt_cli *cli, int argc, char **argv)
{
	char dir[WT_PATH_MAX];
	wt_error err;
	wt_buf out;
	int i, n_listed = 0, failed = 0;

	wt_error_clear(&err);
	wt_buf_init(&out, 0);
	if (cli->json)
		wt_buf_addstr(&out, "{\"bestanden\": [");
	if (argc > 0) {
		for (i = 0; i < argc; i++)
			failed |= lint_file(cli, argv[i], &out, &n_listed) < 0;
	} else {
		DIR *d;
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, k;
		if (wt_app_default_workflows_dir(dir, sizeof(dir), &err) < 0) {
			wt_buf_release(&out);
			return wt_cli_fail(cli, &err);
		}
		d = opendir(dir);
		while (d != NULL && (e = readdir(d)) != NULL) {
			size_t len = strlen(e->d_name);
			char **p;
			if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
				continue;
			p = realloc(names, (n + 1) * sizeof(*names));
			if (p == NULL)
				break;
			names = p;
			names[n] = malloc(strlen(dir) + len + 2);
			if (names[n] == NULL)
				break;
			snprintf(names[n], strlen(dir) + len + 2, "%s/%s", dir, e->d_name);
			n++;
		}
		if (d != NULL)
			closedir(d);
		if (n > 0)
			qsort(names, n, sizeof(*names), cmp_str);
		for (k = 0; k < n; k++) {
			failed |= lint_file(cli, names[k], &out, &n_listed) < 0;
			free(names[k]);
		}
		free(names);
	}
	if (cli->json)
		wt_buf_printf(&out, "], \"ok\": %s}\n", failed ? "false" : "true");
	wt_cli_print(&out);
	wt_buf_release(&out);
	return failed ? WT_EINPUT : 0;
}

static int show_or_dot(const wt_cli *cli, const char *city, int dot)
{
	char dir[WT_PATH_MAX];
	wt_app app;
	wt_error err;
	const wt_workflow *wf;
	wt_buf out;
	int rc;

	memset(&app, 0, sizeof(app));
	wt_error_clear(&err);
	if (wt_app_default_workflows_dir(dir, sizeof(dir), &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_strlcpy(app.workflows_dir, dir, sizeof(app.workflows_dir));
	rc = wt_app_workflows(&app, &err);
	wf = rc == 0 ? wt_app_workflow_for(&app, city) : NULL;
	if (rc == 0 && wf == NULL) {
		wt_error_set(&err, WT_EINPUT, "onbekende_gemeente", "Geen workflow voor gemeente '%s'.", city);
		rc = -WT_EINPUT;
	}
	wt_buf_init(&out, 0);
	if (rc == 0)
		rc = dot ? wt_workflow_format_dot(wf, &out) : wt_workflow_format_text(wf, &out);
	if (rc == 0)
		wt_cli_print(&out);
	wt_buf_release(&out);
	wt_app_workflows_release(&app);
	return rc < 0 ? wt_cli_fail(cli, &err) : 0;
}

int wt_cmd_workflow(const wt_cli *cli, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "lint") == 0)
		return lint(cli, argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[0], "show") == 0)
		return show_or_dot(cli, argv[1], 0);
	if (argc == 2 && strcmp(argv[0], "dot") == 0)
		return show_or_dot(cli, argv[1], 1);
	return wt_cli_usage(cli, "gebruik: weegteam workflow lint [BESTAND...] | show GEMEENTE | dot GEMEENTE");
}
