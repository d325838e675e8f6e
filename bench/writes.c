/* writes.c: durable submits and acts: the engine (app API and binary) next to git plumbing. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The Rotterdam roles that each record one assessment per case (the quorum). */
static const char *const act_roles[] = {"politie", "crisisteam", "gedragsdeskundige",
					"ketenregisseur"};
#define N_ACT_ROLES ((long)(sizeof(act_roles) / sizeof(act_roles[0])))
/* The city whose cases the acts are taken on (index in load.c's table: rotterdam). */
#define ACT_CITY 2
/* The verzoek variants of this series are numbered from here (apart from the bulk cases). */
#define SERIES_INDEX_BASE 9000000L
/* Largest file read back from the engine's repository for the plumbing script. */
#define EXTRACT_MAX (4 * 1024 * 1024)

enum { WAY_API, WAY_BINARY, WAY_GIT_DURABLE, WAY_GIT_DEFAULT, WAYS };

static const char *const way_label[WAYS] = {
	"engine, app-API in dit proces",
	"weegteam-binary, 1 proces per gebeurtenis",
	"git-plumbing-script, duurzaam",
	"git-plumbing-script, git-standaard",
};

typedef struct series {
	double *t;
	size_t n;
} series;

typedef struct writes {
	const bench_opts *o;
	long k;                  /* submits per way; as many acts */
	char dir[WT_PATH_MAX];
	char submitter[BENCH_CITIES][128];
	char (*ids)[32];         /* case ids, by submit number (API run) */
	char (*ids_bin)[32];     /* the same for the binary's data directory */
	series sub[WAYS], act[WAYS];
} writes;

static int series_add(series *s, double v)
{
	double *p;

	if (s->n >= BENCH_SERIES_MAX)
		return -1;
	p = realloc(s->t, (s->n + 1) * sizeof(*p));
	if (p == NULL)
		return -1;
	s->t = p;
	s->t[s->n++] = v;
	return 0;
}

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

int bench_make_datadir(const char *dir, wt_error *err)
{
	char path[WT_PATH_MAX];
	char *text = NULL, *hit;
	size_t len = 0;
	int rc = wt_app_init_datadir(dir, err);

	if (rc == 0 && wt_pathf(path, sizeof(path), "%s/config.yaml", dir) < 0)
		rc = wt_error_set(err, WT_EENV, "pad_te_lang", "Pad te lang.");
	if (rc == 0)
		rc = wt_read_file(path, 65536, &text, &len, err);
	if (rc == 0) {
		/* Same length, so the file is rewritten in place. */
		hit = strstr(text, "testklok: false");
		if (hit == NULL)
			rc = wt_error_set(err, WT_EENV, "config", "%s noemt geen testklok.", path);
		else
			memcpy(hit, "testklok: true ", strlen("testklok: true "));
	}
	if (rc == 0 && bench_write_file(path, text, len) < 0)
		rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.", path);
	free(text);
	return rc;
}

/* invoer/<what>-<i>.yaml, or invoer/<what>-<i>-<r>.yaml for the r-th act on case i. */
static void input_path(const writes *w, char *out, size_t size, const char *what, long i, long r)
{
	if (r < 0)
		wt_pathf(out, size, "%s/invoer/%s-%04ld.yaml", w->dir, what, i);
	else
		wt_pathf(out, size, "%s/invoer/%s-%04ld-%ld.yaml", w->dir, what, i, r);
}

/* Writes every input file before anything is timed. */
static int write_inputs(writes *w, bench_loader *l, wt_error *err)
{
	char file[WT_PATH_MAX], id[32];
	long i, r;
	int rc = 0;

	wt_pathf(file, sizeof(file), "%s/invoer", w->dir);
	if (mkdir(file, 0700) < 0)
		return wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet maken.", file);
	for (i = 0; rc == 0 && i < w->k; i++) {
		input_path(w, file, sizeof(file), "verzoek", i, -1);
		rc = bench_write_verzoek(l, SERIES_INDEX_BASE + i, (int)(i % BENCH_CITIES), file, err);
		for (r = 0; rc == 0 && i % BENCH_CITIES == ACT_CITY && r < N_ACT_ROLES; r++) {
			input_path(w, file, sizeof(file), "beoordeling", i, r);
			snprintf(id, sizeof(id), "reeks-%04ld", i);
			if (bench_write_assessment(file, id, act_roles[r], i * N_ACT_ROLES + r) < 0)
				rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.", file);
		}
	}
	return rc;
}

/* The first line of a file (the id that submit prints). */
static int first_line(const char *path, char *out, size_t size)
{
	char *text = NULL;
	size_t len = 0, n;
	wt_error e;

	if (wt_read_file(path, 65536, &text, &len, &e) < 0)
		return -1;
	n = strcspn(text, "\n");
	if (n == 0 || n >= size) {
		free(text);
		return -1;
	}
	memcpy(out, text, n);
	out[n] = '\0';
	free(text);
	return 0;
}

/* ---- the plumbing script's input: the events exactly as the engine recorded them ---- */

/* Appends a single-quoted shell word. */
static int add_shell_word(wt_buf *b, const char *s)
{
	int rc = wt_buf_addch(b, '\'');

	for (; rc == 0 && *s; s++)
		rc = *s == '\'' ? wt_buf_addstr(b, "'\\''") : wt_buf_addch(b, *s);
	return rc == 0 ? wt_buf_addch(b, '\'') : rc;
}

static int extract_file(wt_audit *a, const char *commit, const char *path, const char *dir,
			const char *name, wt_error *err)
{
	char out[WT_PATH_MAX], *data = NULL;
	size_t len = 0;
	int rc = wt_audit_read(a, commit, path, &data, &len, err);

	if (rc == 1)
		rc = wt_error_set(err, WT_EINTEGRITY, "ontbreekt", "%s ontbreekt in %s.", path, commit);
	if (rc == 0 && (wt_pathf(out, sizeof(out), "%s/%s", dir, name) < 0 ||
			bench_write_file(out, data, len) < 0))
		rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s/%s niet schrijven.", dir, name);
	free(data);
	return rc;
}

/* One event directory: meta, message.txt and the files the script records. */
static int extract_event(wt_audit *a, const wt_audit_commit *c, const char *dir, wt_error *err)
{
	static const char *const submit_files[] = {"verzoek.yaml", "workflow.yaml", "checklist.json",
						   "status.yaml"};
	char path[WT_PATH_MAX], key[32], date[48];
	wt_event ev;
	wt_buf meta;
	size_t i;
	int rc, sub;

	rc = wt_event_parse(&ev, c->message, err);
	if (rc < 0)
		return rc;
	sub = ev.seq == 1;
	wt_strlcpy(key, ev.case_id, sizeof(key));
	if (strrchr(key, '-') != NULL)
		*strrchr(key, '-') = '\0';
	snprintf(date, sizeof(date), "%lld %c%02d%02d", (long long)c->time,
		 c->tz_offset_minutes < 0 ? '-' : '+', abs(c->tz_offset_minutes) / 60,
		 abs(c->tz_offset_minutes) % 60);
	wt_buf_init(&meta, 0);
	if (mkdir(dir, 0700) < 0)
		rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet maken.", dir);
	if (rc == 0) {
		rc |= wt_buf_addstr(&meta, "id=");
		rc |= add_shell_word(&meta, ev.case_id);
		rc |= wt_buf_addstr(&meta, "\nkey=");
		rc |= add_shell_word(&meta, key);
		rc |= wt_buf_addstr(&meta, "\nname=");
		rc |= add_shell_word(&meta, c->author_name);
		rc |= wt_buf_addstr(&meta, "\nemail=");
		rc |= add_shell_word(&meta, c->author_email);
		rc |= wt_buf_addstr(&meta, "\ndate=");
		rc |= add_shell_word(&meta, date);
		rc |= wt_buf_printf(&meta, "\nseq=%ld\ndoc=", ev.seq);
		rc |= add_shell_word(&meta, ev.document);
		rc |= wt_buf_addch(&meta, '\n');
		if (rc != 0)
			rc = oom(err);
	}
	if (rc == 0 && (wt_pathf(path, sizeof(path), "%s/meta", dir) < 0 ||
			bench_write_file(path, meta.data, meta.len) < 0 ||
			wt_pathf(path, sizeof(path), "%s/message.txt", dir) < 0 ||
			bench_write_file(path, c->message, strlen(c->message)) < 0))
		rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet vullen.", dir);
	for (i = 0; rc == 0 && sub && i < sizeof(submit_files) / sizeof(submit_files[0]); i++)
		rc = extract_file(a, c->oid, submit_files[i], dir, submit_files[i], err);
	if (rc == 0 && !sub) {
		rc = extract_file(a, c->oid, "status.yaml", dir, "status.yaml", err);
		if (rc == 0)
			rc = extract_file(a, c->oid, ev.document, dir, "document", err);
	}
	wt_buf_release(&meta);
	wt_event_release(&ev);
	return rc;
}

/* The event the API run just recorded on case `id` (its head) into dir. */
static int extract_head(wt_app *app, const char *id, const char *dir, wt_error *err)
{
	char head[WT_OID_HEX + 1];
	wt_audit_commit *c = NULL;
	size_t n = 0;
	int rc = wt_audit_head(app->audit, id, head, err);

	if (rc == 1)
		rc = wt_error_set(err, WT_EINTEGRITY, "ontbreekt", "%s ontbreekt.", id);
	if (rc == 0)
		rc = wt_audit_history(app->audit, head, NULL, &c, &n, err);
	if (rc == 0)
		rc = extract_event(app->audit, &c[n - 1], dir, err);
	wt_audit_commits_free(c, n);
	return rc;
}

/* One event: submit number i (r < 0), or the r-th assessment on case i. */
typedef struct event {
	long i;
	long r;
} event;

static int api_event(writes *w, wt_app *app, const event *e, double *t, wt_error *err)
{
	char file[WT_PATH_MAX], user[128];
	int rc;

	if (e->r < 0) {
		wt_submit_result res;
		input_path(w, file, sizeof(file), "verzoek", e->i, -1);
		rc = bench_set_actor(app, w->submitter[e->i % BENCH_CITIES], err);
		if (rc < 0)
			return rc;
		*t = bench_now();
		rc = wt_app_submit(app, file, &res, err);
		*t = bench_now() - *t;
		if (rc == 0)
			wt_strlcpy(w->ids[e->i], res.id, sizeof(w->ids[e->i]));
		wt_submit_result_release(&res);
	} else {
		wt_act_result res;
		input_path(w, file, sizeof(file), "beoordeling", e->i, e->r);
		snprintf(user, sizeof(user), "rotterdam-%s", act_roles[e->r]);
		rc = bench_set_actor(app, user, err);
		if (rc < 0)
			return rc;
		*t = bench_now();
		rc = wt_app_act(app, w->ids[e->i], "beoordelen", NULL, file, &res, err);
		*t = bench_now() - *t;
	}
	return rc;
}

static int binary_event(writes *w, const event *e, double *t, wt_error *err)
{
	const bench_opts *o = w->o;
	char data[WT_PATH_MAX], file[WT_PATH_MAX], out[WT_PATH_MAX], user[128];

	wt_pathf(data, sizeof(data), "%s/binary", w->dir);
	wt_pathf(out, sizeof(out), "%s/kladblok/stdout.txt", o->work);
	if (e->r < 0) {
		const char *argv[] = {o->bin, "--data", data, "--as", w->submitter[e->i % BENCH_CITIES],
				      "submit", file, NULL};
		input_path(w, file, sizeof(file), "verzoek", e->i, -1);
		if (bench_run_ok(o, argv, out, t, NULL) < 0 ||
		    first_line(out, w->ids_bin[e->i], sizeof(w->ids_bin[e->i])) < 0)
			return wt_error_set(err, WT_EENV, "binary", "weegteam submit faalde.");
	} else {
		const char *argv[] = {o->bin, "--data", data, "--as", user, "act", w->ids_bin[e->i],
				      "beoordelen", "--file", file, NULL};
		input_path(w, file, sizeof(file), "beoordeling", e->i, e->r);
		snprintf(user, sizeof(user), "rotterdam-%s", act_roles[e->r]);
		if (bench_run_ok(o, argv, NULL, t, NULL) < 0)
			return wt_error_set(err, WT_EENV, "binary", "weegteam act faalde.");
	}
	return 0;
}

/* plumbing.sh on one event directory; the time is the script's own ($EPOCHREALTIME). */
static int plumbing_event(writes *w, const char *evdir, int way, int act, double *t, wt_error *err)
{
	const bench_opts *o = w->o;
	const char *mode = way == WAY_GIT_DURABLE ? "duurzaam" : "standaard";
	char repo[WT_PATH_MAX], list[WT_PATH_MAX], out[WT_PATH_MAX], line[256], kind[16];
	const char *argv[] = {"/bin/bash", o->plumbing, repo, list, mode, NULL};
	char *text = NULL;
	size_t len = 0;
	long us = 0;
	int n;

	wt_pathf(repo, sizeof(repo), "%s/plumbing-%s.git", w->dir, mode);
	wt_pathf(list, sizeof(list), "%s/kladblok/lijst", o->work);
	wt_pathf(out, sizeof(out), "%s/kladblok/plumbing.txt", o->work);
	n = snprintf(line, sizeof(line), "%s %s\n", act ? "act" : "submit", evdir);
	if (n < 0 || (size_t)n >= sizeof(line) || bench_write_file(list, line, (size_t)n) < 0)
		return wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.", list);
	if (bench_run_ok(o, argv, out, NULL, NULL) < 0)
		return wt_error_set(err, WT_EENV, "plumbing", "plumbing.sh (%s) faalde.", mode);
	if (wt_read_file(out, 4096, &text, &len, err) < 0)
		return -1;
	n = sscanf(text, "%15s %ld", kind, &us);
	free(text);
	if (n != 2 || us <= 0)
		return wt_error_set(err, WT_EENV, "plumbing", "plumbing.sh (%s) gaf geen tijd.", mode);
	*t = (double)us / 1e6;
	return 0;
}

/*
 * One round: the event through the API first (its recorded form is what the script gets),
 * then the binary and the script in both modes in an order that rotates per round, so that
 * the machine's noise falls on every way alike.
 */
static int run_round(writes *w, wt_app *app, const event *e, long round, wt_error *err)
{
	series *s = e->r < 0 ? w->sub : w->act;
	char evdir[WT_PATH_MAX];
	double t = 0;
	int rc, k;

	rc = api_event(w, app, e, &t, err);
	if (rc == 0 && series_add(&s[WAY_API], t) < 0)
		rc = oom(err);
	if (e->r < 0)
		wt_pathf(evdir, sizeof(evdir), "%s/plumbing/s%04ld", w->dir, e->i);
	else
		wt_pathf(evdir, sizeof(evdir), "%s/plumbing/a%04ld-%ld", w->dir, e->i, e->r);
	if (rc == 0)
		rc = extract_head(app, w->ids[e->i], evdir, err);
	for (k = 0; rc == 0 && k < 3; k++) {
		int way = WAY_BINARY + (int)((round + k) % 3);
		if (way == WAY_BINARY)
			rc = binary_event(w, e, &t, err);
		else
			rc = plumbing_event(w, evdir, way, e->r >= 0, &t, err);
		if (rc == 0 && series_add(&s[way], t) < 0)
			rc = oom(err);
	}
	return rc;
}
/* ---- the report ---- */

static void report_way(const char *what, const char *label, series *s, double *median, double *rate)
{
	char l[128], v[64];

	*median = bench_median(s->t, s->n);
	*rate = s->n ? (double)s->n / bench_sum(s->t, s->n) : 0;
	snprintf(l, sizeof(l), "%s: %s", what, label);
	snprintf(v, sizeof(v), "%7.1f gebeurt./s  mediaan %6.2f ms", *rate, *median * 1e3);
	bench_line(l, v, NULL, -1);
}

static void report(writes *w, double floor)
{
	static const char *const what[2] = {"submit", "act"};
	double med[2][WAYS], rate[2][WAYS];
	char l[128], v[64];
	int k, way, eng;

	for (k = 0; k < 2; k++)
		for (way = 0; way < WAYS; way++)
			report_way(what[k], way_label[way], k ? &w->act[way] : &w->sub[way], &med[k][way],
				   &rate[k][way]);
	for (k = 0; k < 2; k++)
		for (eng = WAY_API; eng <= WAY_BINARY; eng++)
			for (way = WAY_GIT_DURABLE; way < WAYS; way++) {
				double ratio = rate[k][way] > 0 ? rate[k][eng] / rate[k][way] : 0;
				snprintf(l, sizeof(l), "%s: %s / %s", what[k], eng == WAY_API ? "API" : "binary",
					 way == WAY_GIT_DURABLE ? "plumbing duurzaam" : "plumbing standaard");
				snprintf(v, sizeof(v), "%.2fx (gebeurt./s)", ratio);
				bench_line(l, v, ">= 5x", ratio >= 5.0);
			}
	for (k = 0; k < 2; k++)
		for (eng = WAY_API; eng <= WAY_BINARY; eng++) {
			snprintf(l, sizeof(l), "%s: mediaan %s / fsync-vloer", what[k],
				 eng == WAY_API ? "API" : "binary");
			snprintf(v, sizeof(v), "%.0fx (%.2f / %.3f ms)", floor > 0 ? med[k][eng] / floor : 0,
				 med[k][eng] * 1e3, floor * 1e3);
			bench_line(l, v, NULL, -1);
		}
}

int bench_writes(const bench_opts *o, double floor, wt_error *err)
{
	writes w;
	bench_loader *l = NULL;
	char path[WT_PATH_MAX];
	event e;
	long round = 0;
	int rc, i;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.k = (o->events + BENCH_CITIES - 1) / BENCH_CITIES * BENCH_CITIES;
	wt_pathf(w.dir, sizeof(w.dir), "%s/schrijven", o->work);
	w.ids = calloc((size_t)w.k, sizeof(*w.ids));
	w.ids_bin = calloc((size_t)w.k, sizeof(*w.ids_bin));
	if (w.ids == NULL || w.ids_bin == NULL)
		rc = oom(err);
	else if (mkdir(w.dir, 0700) < 0)
		rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet maken.", w.dir);
	else
		rc = wt_pathf(path, sizeof(path), "%s/plumbing", w.dir) < 0 || mkdir(path, 0700) < 0
			     ? wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet maken.", path)
			     : 0;
	if (rc == 0 && wt_pathf(path, sizeof(path), "%s/binary", w.dir) == 0)
		rc = bench_make_datadir(path, err);
	if (rc == 0 && wt_pathf(path, sizeof(path), "%s/api", w.dir) == 0)
		rc = bench_make_datadir(path, err);
	if (rc == 0)
		rc = bench_loader_open(&l, o, path, 0, err);
	for (i = 0; rc == 0 && i < BENCH_CITIES; i++)
		wt_strlcpy(w.submitter[i], bench_city_submitter(l, i), sizeof(w.submitter[i]));
	if (rc == 0)
		rc = write_inputs(&w, l, err);
	for (e.i = 0, e.r = -1; rc == 0 && e.i < w.k; e.i++)
		rc = run_round(&w, bench_loader_app(l), &e, round++, err);
	for (e.r = 0; rc == 0 && e.r < N_ACT_ROLES; e.r++)
		for (e.i = ACT_CITY; rc == 0 && e.i < w.k; e.i += BENCH_CITIES)
			rc = run_round(&w, bench_loader_app(l), &e, round++, err);
	bench_loader_free(l);
	if (rc == 0) {
		bench_note("%ld submits (4 gemeenten) en %ld acts ('beoordelen' op Rotterdamse dossiers) per "
			   "manier, om en om; duurzaam: objecten en refs met fsync, zoals de engine altijd doet.",
			   w.k, w.k);
		report(&w, floor);
	}
	for (i = 0; i < WAYS; i++) {
		free(w.sub[i].t);
		free(w.act[i].t);
	}
	free(w.ids);
	free(w.ids_bin);
	return rc;
}
