/* cmd_ingest.c: weegteam ingest DIR: submit every *.yaml, sort into verwerkt/ and geweigerd/. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_yaml(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/*
 * Writes the .fout file that explains a refusal (what the user gave, nothing more). A drop
 * folder may be shared: a symlink planted under that name is not followed (O_NOFOLLOW), so the
 * report cannot be written over another file.
 */
static void write_fout(const char *path, const wt_error *err, const char *report)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char text[2048];

	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	wt_error_format(err, text, sizeof(text));
	fprintf(f, "Dit verzoek is niet ingediend.\n\n%s\n", text);
	if (report != NULL)
		fprintf(f, "\n%s", report);
	fclose(f);
}

int wt_cmd_ingest(const wt_cli *cli, int argc, char **argv)
{
	const char *dir;
	wt_app *app = NULL;
	wt_error err;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i, ok = 0, bad = 0;
	char done_dir[WT_PATH_MAX], fail_dir[WT_PATH_MAX];
	wt_buf b;

	wt_error_clear(&err);
	if (argc != 1 || argv[0][0] == '-')
		return wt_cli_usage(cli, "gebruik: weegteam ingest MAP");
	dir = argv[0];
	if (wt_cli_open(cli, &app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	d = opendir(dir);
	if (d == NULL) {
		wt_app_free(app);
		wt_error_set(&err, WT_EINPUT, "map_niet_gevonden", "De map '%s' kan niet worden geopend (%s).",
			     dir, strerror(errno));
		return wt_cli_fail(cli, &err);
	}
	while ((e = readdir(d)) != NULL) {
		char **p;
		if (!is_yaml(e->d_name))
			continue;
		p = realloc(names, (n + 1) * sizeof(*names));
		if (p == NULL)
			break;
		names = p;
		if ((names[n] = wt_strdup(e->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	wt_pathf(done_dir, sizeof(done_dir), "%s/verwerkt", dir);
	wt_pathf(fail_dir, sizeof(fail_dir), "%s/geweigerd", dir);
	mkdir(done_dir, 0700);
	mkdir(fail_dir, 0700);
	wt_buf_init(&b, 0);
	if (cli->json)
		wt_buf_addstr(&b, "{\"bestanden\": [");
	for (i = 0; i < n; i++) {
		char src[WT_PATH_MAX], dst[WT_PATH_MAX], fout[WT_PATH_MAX];
		wt_submit_result res;
		int rc;

		wt_pathf(src, sizeof(src), "%s/%s", dir, names[i]);
		wt_error_clear(&err);
		rc = wt_app_submit(app, src, &res, &err);
		if (rc == 0) {
			wt_pathf(dst, sizeof(dst), "%s/%s-%s", done_dir, res.id, names[i]);
			ok++;
		} else {
			wt_pathf(dst, sizeof(dst), "%s/%s", fail_dir, names[i]);
			wt_pathf(fout, sizeof(fout), "%s/%s.fout", fail_dir, names[i]);
			write_fout(fout, &err, res.report_text);
			bad++;
		}
		if (rename(src, dst) < 0)
			wt_cli_printf(stderr, "weegteam: kan '%s' niet verplaatsen (%s)\n", src, strerror(errno));
		if (cli->json) {
			wt_buf_addstr(&b, i ? ", {\"bestand\": " : "{\"bestand\": ");
			wt_buf_add_json_str(&b, names[i]);
			wt_buf_addstr(&b, ", \"id\": ");
			wt_buf_add_json_str(&b, rc == 0 ? res.id : NULL);
			wt_buf_addstr(&b, ", \"fout\": ");
			wt_buf_add_json_str(&b, rc == 0 ? NULL : err.message);
			wt_buf_addch(&b, '}');
		} else if (rc == 0) {
			wt_buf_printf(&b, "%s -> %s\n", names[i], res.id);
		} else {
			wt_buf_printf(&b, "%s -> geweigerd: %s\n", names[i], err.message);
		}
		wt_submit_result_release(&res);
		free(names[i]);
	}
	free(names);
	if (cli->json)
		wt_buf_printf(&b, "], \"ingediend\": %zu, \"geweigerd\": %zu}\n", ok, bad);
	else
		wt_buf_printf(&b, "%zu ingediend, %zu geweigerd.\n", ok, bad);
	wt_cli_print(&b);
	wt_buf_release(&b);
	wt_app_free(app);
	return bad ? WT_EREFUSED : 0;
}
