/* cmd_ingest.c: weegteam ingest DIR: submit every *.yaml, sort into verwerkt/ and geweigerd/. */
#include "cli.h"

#include "core/file.h"
#include "yaml/yaml_load.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* Journal entries searched for a submission an interrupted run recorded (it was the newest
 * then; others may have come after it). */
#define INGEST_RECOVER_ENTRIES 10000

typedef struct ingest {
	const wt_cli *cli;
	wt_app *app;
	const char *dir;
	char busy_dir[WT_PATH_MAX], done_dir[WT_PATH_MAX], fail_dir[WT_PATH_MAX];
	wt_buf *b;
	size_t ok, bad, shown;
} ingest;

static void report(ingest *g, const char *name, const char *id, const char *error, const char *note)
{
	if (g->cli->json) {
		wt_buf_addstr(g->b, g->shown ? ", {\"bestand\": " : "{\"bestand\": ");
		wt_buf_add_json_str(g->b, name);
		wt_buf_addstr(g->b, ", \"id\": ");
		wt_buf_add_json_str(g->b, id);
		wt_buf_addstr(g->b, ", \"fout\": ");
		wt_buf_add_json_str(g->b, error);
		wt_buf_addch(g->b, '}');
	} else {
		/* A file name may hold a line break: shown escaped, so it cannot pass for a line. */
		wt_cli_add_name(g->b, name);
		if (id != NULL)
			wt_buf_printf(g->b, " -> %s%s\n", id, note ? note : "");
		else
			wt_buf_printf(g->b, " -> %s: %s\n", note ? note : "geweigerd", error);
	}
	g->shown++;
}

static void move(const char *src, const char *dst)
{
	if (rename(src, dst) < 0)
		wt_cli_printf(stderr, "weegteam: kan '%s' niet verplaatsen (%s)\n", src, strerror(errno));
}

/*
 * Moves src to dir/name without replacing a file there: when the name is taken, dir/name.1,
 * .2, ... (a refused file dropped again under the same name keeps both). One rename, so a kill
 * never leaves the file in two places; the free name is looked for under the folder's ingest
 * lock, and only ingest writes there. out receives the path used. 0, or -1 (errno).
 */
static int move_keep(const char *src, const char *dir, const char *name, char *out, size_t size)
{
	struct stat st;
	int k;

	for (k = 0; k < 100; k++) {
		if (k == 0)
			wt_pathf(out, size, "%s/%s", dir, name);
		else
			wt_pathf(out, size, "%s/%s.%d", dir, name, k);
		if (lstat(out, &st) < 0 && errno == ENOENT)
			return rename(src, out);
	}
	errno = EEXIST;
	return -1;
}

/* bezig/.<name>.kop: the journal head when the file was claimed. */
static void marker_path(const ingest *g, const char *name, char *out, size_t size)
{
	wt_pathf(out, size, "%s/.%s.kop", g->busy_dir, name);
}

/*
 * The file at busy (claimed, in bezig/): submitted; to verwerkt/<id>-<name>, or when the rules
 * or the file refuse it to geweigerd/ with a .fout (never over an earlier one). Not recorded
 * for a reason of the moment (the writer lock busy, the disk, a conflict): it stays in bezig/
 * with its marker, for the next run, and a return value < 0 tells the caller to stop.
 */
static int submit_claimed(ingest *g, const char *name, const char *busy, wt_error *err)
{
	char dst[WT_PATH_MAX], fout[WT_PATH_MAX], marker[WT_PATH_MAX];
	wt_submit_result res;
	int rc;

	marker_path(g, name, marker, sizeof(marker));
	wt_error_clear(err);
	rc = wt_app_submit(g->app, busy, &res, err);
	if (rc == 0) {
		wt_pathf(dst, sizeof(dst), "%s/%s-%s", g->done_dir, res.id, name);
		move(busy, dst);
		unlink(marker);
		report(g, name, res.id, NULL, NULL);
		g->ok++;
	} else if (err->code == WT_EREFUSED || err->code == WT_EINPUT) {
		if (move_keep(busy, g->fail_dir, name, dst, sizeof(dst)) < 0)
			wt_cli_printf(stderr, "weegteam: kan '%s' niet verplaatsen (%s)\n", busy, strerror(errno));
		wt_pathf(fout, sizeof(fout), "%s.fout", dst);
		write_fout(fout, err, strcmp(err->key, "checklist_blokkeert") == 0 ? res.report_text : NULL);
		unlink(marker);
		report(g, name, NULL, err->message, NULL);
		g->bad++;
		rc = 0;
	} else {
		report(g, name, NULL, err->message, "niet verwerkt (blijft in bezig/ voor de volgende ingest)");
		if (err->code == WT_ECONFLICT)
			rc = 0;
	}
	wt_submit_result_release(&res);
	return rc;
}

/* The journal head in a claim marker: 0 with stop set (40 hex digits, or "" for a journal that
 * was empty), -1 when the marker is missing or holds anything else. */
static int read_marker(const char *marker, char stop[WT_OID_HEX + 1])
{
	char *kop = NULL;
	size_t len = 0, i;
	wt_error e;
	int rc = -1;

	wt_error_clear(&e);
	if (wt_read_file(marker, WT_OID_HEX + 2, &kop, &len, &e) < 0)
		return -1;
	if (len > 0 && kop[len - 1] == '\n')
		len--;
	if (len == 0 || len == WT_OID_HEX) {
		for (i = 0; i < len; i++)
			if (!((kop[i] >= '0' && kop[i] <= '9') || (kop[i] >= 'a' && kop[i] <= 'f')))
				break;
		if (i == len) {
			memcpy(stop, kop, len);
			stop[len] = '\0';
			rc = 0;
		}
	}
	free(kop);
	return rc;
}

/*
 * A file in bezig/ from a run that stopped: recorded before it stopped (then to verwerkt/ with
 * that id) or not (then submitted now). Recorded means: a submission by the same user of
 * exactly these bytes among the journal entries after the head in its marker (made after the
 * claim, so that an identical file ingested earlier is not taken for it), the oldest such. A
 * marker that is missing or not a journal head tells nothing: the file is submitted (a second
 * case can be withdrawn; a verzoek that goes nowhere cannot be noticed). An entry that cannot be
 * read as a file (a dangling link, a folder) is named and left, so that it blocks nothing.
 * 0, or < 0 to stop.
 */
static int recover(ingest *g, const char *name, wt_error *err)
{
	char src[WT_PATH_MAX], dst[WT_PATH_MAX], marker[WT_PATH_MAX], id[32], stop[WT_OID_HEX + 1];
	char *data = NULL;
	size_t len = 0;
	int rc;

	wt_pathf(src, sizeof(src), "%s/%s", g->busy_dir, name);
	marker_path(g, name, marker, sizeof(marker));
	rc = wt_read_file(src, WT_YAML_MAX_FILE_BYTES, &data, &len, err);
	if (rc == -WT_EINPUT) {
		report(g, name, NULL, err->message, "overgeslagen in bezig/ (geen leesbaar bestand)");
		return 0;
	}
	if (rc == 0 && read_marker(marker, stop) == 0)
		rc = wt_app_find_submission(g->app, data, len, INGEST_RECOVER_ENTRIES, stop,
					    g->app->actor_id, id, sizeof(id), err);
	else if (rc == 0)
		rc = 1;
	free(data);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return submit_claimed(g, name, src, err);
	wt_pathf(dst, sizeof(dst), "%s/%s-%s", g->done_dir, id, name);
	move(src, dst);
	unlink(marker);
	report(g, name, id, NULL, " (al ingediend door een onderbroken ingest)");
	g->ok++;
	return 0;
}

/* The *.yaml names in path, sorted; NULL with *n = 0 when there are none or it cannot be read. */
static char **list_yaml(const char *path, size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		char **p;
		if (!is_yaml(e->d_name))
			continue;
		p = realloc(names, (*n + 1) * sizeof(*names));
		if (p == NULL)
			break;
		names = p;
		if ((names[*n] = wt_strdup(e->d_name)) == NULL)
			break;
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * One file of the folder: claimed first (its marker, then the file moved into bezig/ without
 * replacing anything there), so that a run that stops halfway leaves what the next one needs
 * to tell whether it was recorded; then submitted. A name still in bezig/ waits for that one.
 */
static int one(ingest *g, const char *name, wt_error *err)
{
	char src[WT_PATH_MAX], busy[WT_PATH_MAX], marker[WT_PATH_MAX], head[WT_OID_HEX + 1];
	char line[WT_OID_HEX + 2];
	int rc, fd, n;

	wt_pathf(src, sizeof(src), "%s/%s", g->dir, name);
	wt_pathf(busy, sizeof(busy), "%s/%s", g->busy_dir, name);
	marker_path(g, name, marker, sizeof(marker));
	if (access(busy, F_OK) == 0) {
		report(g, name, NULL, "een eerder bestand met deze naam is nog in behandeling", "wacht");
		return 0;
	}
	rc = wt_audit_journal_head(g->app->audit, head, err);
	if (rc < 0)
		return rc;
	/* A shared drop folder: whatever was put under the marker's name (a link planted there, a
	 * marker without its file) is removed, not followed, and the marker made anew. */
	unlink(marker);
	n = snprintf(line, sizeof(line), "%s\n", head);
	fd = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, line, (size_t)n) != (ssize_t)n || fsync(fd) != 0) {
		rc = wt_error_set(err, WT_EENV, "ingest_bezig_map", "%s kan niet worden geschreven (%s).",
				  marker, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	close(fd);
	/* One step (no copy in two places after a kill); nothing is in bezig/ under this name
	 * (checked above, and one ingest per folder runs at a time). The claim is durable before
	 * the submission: after a power cut the file must not be back in the folder while its case
	 * exists (the next run would claim it anew, after that case, and submit it again). */
	if (rename(src, busy) < 0) {
		unlink(marker);
		return 0; /* gone meanwhile */
	}
	if (wt_fsync_dir(g->busy_dir, err) < 0 || wt_fsync_dir(g->dir, err) < 0)
		return -(int)err->code;
	return submit_claimed(g, name, busy, err);
}

int wt_cmd_ingest(const wt_cli *cli, int argc, char **argv)
{
	ingest g;
	wt_error err, stop;
	char lock_path[WT_PATH_MAX];
	char **names = NULL;
	size_t n = 0, i;
	int lock_fd = -1, rc = 0;
	wt_buf b;

	wt_error_clear(&err);
	wt_error_clear(&stop);
	if (argc != 1 || argv[0][0] == '-')
		return wt_cli_usage(cli, "gebruik: weegteam ingest MAP");
	memset(&g, 0, sizeof(g));
	g.cli = cli;
	g.dir = argv[0];
	if (wt_cli_open(cli, &g.app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	{
		DIR *d = opendir(g.dir);
		if (d == NULL) {
			wt_app_free(g.app);
			wt_error_set(&err, WT_EINPUT, "map_niet_gevonden",
				     "De map '%s' kan niet worden geopend (%s).", g.dir, strerror(errno));
			return wt_cli_fail(cli, &err);
		}
		closedir(d);
	}
	/* One ingest per folder at a time: what it finds in bezig/ is then left by a run that
	 * stopped, never by one that is still going. */
	wt_pathf(lock_path, sizeof(lock_path), "%s/.weegteam-ingest.lock", g.dir);
	lock_fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) < 0) {
		int busy = lock_fd >= 0 && errno == EWOULDBLOCK;
		if (lock_fd >= 0)
			close(lock_fd);
		wt_app_free(g.app);
		if (busy)
			wt_error_set(&err, WT_EENV, "ingest_bezig",
				     "Er loopt al een ingest op de map '%s'; probeer het zo opnieuw.", g.dir);
		else
			wt_error_set(&err, WT_EENV, "ingest_slot",
				     "Het slotbestand %s kan niet worden geopend (%s).", lock_path, strerror(errno));
		return wt_cli_fail(cli, &err);
	}
	wt_pathf(g.busy_dir, sizeof(g.busy_dir), "%s/bezig", g.dir);
	wt_pathf(g.done_dir, sizeof(g.done_dir), "%s/verwerkt", g.dir);
	wt_pathf(g.fail_dir, sizeof(g.fail_dir), "%s/geweigerd", g.dir);
	mkdir(g.busy_dir, 0700);
	mkdir(g.done_dir, 0700);
	mkdir(g.fail_dir, 0700);
	wt_buf_init(&b, 0);
	g.b = &b;
	if (cli->json)
		wt_buf_addstr(&b, "{\"bestanden\": [");
	names = list_yaml(g.busy_dir, &n);
	for (i = 0; rc == 0 && i < n; i++)
		if ((rc = recover(&g, names[i], &err)) < 0)
			stop = err;
	free_names(names, n);
	names = rc == 0 ? list_yaml(g.dir, &n) : NULL;
	if (rc < 0)
		n = 0;
	for (i = 0; rc == 0 && i < n; i++)
		if ((rc = one(&g, names[i], &err)) < 0)
			stop = err;
	free_names(names, n);
	if (cli->json)
		wt_buf_printf(&b, "], \"ingediend\": %zu, \"geweigerd\": %zu}\n", g.ok, g.bad);
	else
		wt_buf_printf(&b, "%zu ingediend, %zu geweigerd.\n", g.ok, g.bad);
	wt_cli_print(&b);
	wt_buf_release(&b);
	close(lock_fd);
	wt_app_free(g.app);
	if (rc < 0) {
		/* What stopped the run (the rest stays in the folder for the next one). */
		if (!cli->json)
			wt_cli_printf(stderr, "weegteam: ingest gestopt: %s\n", stop.message);
		return (int)stop.code;
	}
	return g.bad ? WT_EREFUSED : 0;
}
