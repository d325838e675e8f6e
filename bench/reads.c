/* reads.c: show, log, act and queue on a small and a large store, timed in turn. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In-process queue timings: more runs, they are short. */
#define QUEUE_INPROC_RUNS 201
/* The queue shows this many cases (cmd_queue's default). */
#define QUEUE_ROWS WT_APP_QUEUE_DEFAULT

enum { M_SHOW, M_LOG, M_QUEUE, M_ACT, METRICS };

/*
 * Run by run, each metric on each store in turn (the order of the stores alternates), so that
 * the noise of a shared machine falls on both stores alike; then the medians.
 */
int bench_measure_reads(const bench_opts *o, int n, const char *const dirs[],
			const char *show_id, char (*const probes[])[32], int with_queue,
			store_times out[], wt_error *err)
{
	double *t[BENCH_STORES_MAX][METRICS];
	char file[WT_PATH_MAX];
	long j;
	int s, m, k, rc = 0;

	if (n < 1 || n > BENCH_STORES_MAX)
		return wt_error_set(err, WT_EENV, "intern", "Verkeerd aantal datamappen.");
	memset(t, 0, sizeof(t));
	for (s = 0; s < n; s++)
		for (m = 0; m < METRICS; m++)
			if ((t[s][m] = calloc((size_t)o->runs, sizeof(double))) == NULL)
				rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	for (j = 0; rc == 0 && j < o->runs; j++)
		for (m = 0; rc == 0 && m < METRICS; m++) {
			if (m == M_QUEUE && !with_queue)
				continue;
			for (k = 0; rc == 0 && k < n; k++) {
				int st = (int)((j + k) % n);
				const char *dir = dirs[st], *id = probes[st][j];
				const char *show[] = {o->bin, "--data", dir, "--as", BENCH_READER, "show", show_id, NULL};
				const char *logc[] = {o->bin, "--data", dir, "--as", BENCH_READER, "log", show_id, NULL};
				const char *queue[] = {o->bin, "--data", dir, "--as", BENCH_READER, "queue", NULL};
				const char *act[] = {o->bin, "--data", dir, "--as", BENCH_ACTOR, "act", id,
						     "beoordelen", "--file", file, NULL};
				const char *const *argv = m == M_SHOW ? show : m == M_LOG ? logc : m == M_QUEUE ? queue : act;
				if (m == M_ACT) {
					wt_pathf(file, sizeof(file), "%s/kladblok/proef-%d-%ld.yaml", o->work, st, j);
					if (bench_write_assessment(file, id, "politie", j) < 0)
						rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.", file);
				}
				if (rc == 0 && bench_run_ok(o, argv, NULL, &t[st][m][j], NULL) < 0)
					rc = wt_error_set(err, WT_EENV, "binary", "weegteam faalde op %s.", dir);
			}
		}
	for (s = 0; rc == 0 && s < n; s++) {
		out[s].show = bench_median(t[s][M_SHOW], (size_t)o->runs);
		out[s].log = bench_median(t[s][M_LOG], (size_t)o->runs);
		out[s].queue_cmd = with_queue ? bench_median(t[s][M_QUEUE], (size_t)o->runs) : 0;
		out[s].act = bench_median(t[s][M_ACT], (size_t)o->runs);
	}
	for (s = 0; s < n; s++)
		for (m = 0; m < METRICS; m++)
			free(t[s][m]);
	return rc;
}

typedef struct queue_ctx {
	wt_app *app;
	int filter;
	long shown;
	long visited;
} queue_ctx;

/* What `weegteam queue` does per row: visibility for the actor, then who must act. */
static int queue_row(const wt_case_row *row, void *payload)
{
	queue_ctx *q = payload;
	const wt_workflow *wf;
	wt_actor actor;
	wt_buf who;

	q->visited++;
	if (q->filter) {
		wf = wt_app_workflow_for(q->app, row->city);
		if (wf == NULL)
			return 0;
		wt_app_actor(q->app, row->city, &actor);
		if (actor.n_roles == 0 ||
		    !wt_machine_can_see(wf, &actor, row->submitter, row->submitter_org))
			return 0;
		wt_buf_init(&who, 1024);
		wt_machine_roles_to_act(wf, row->state, &who);
		wt_buf_release(&who);
	}
	q->shown++;
	return q->shown >= QUEUE_ROWS;
}

/* Median seconds of one query variant; *visited: rows the last run read. */
static int time_queue(wt_app *app, const wt_queue_query *q, int filter, double *median,
		      long *visited, wt_error *err)
{
	double s[QUEUE_INPROC_RUNS];
	queue_ctx c;
	int i, rc = 0;

	for (i = -1; rc == 0 && i < QUEUE_INPROC_RUNS; i++) { /* i == -1: warm-up */
		double start = bench_now();
		memset(&c, 0, sizeof(c));
		c.app = app;
		c.filter = filter;
		rc = wt_store_queue(app->store, q, queue_row, &c, err);
		if (i >= 0)
			s[i] = bench_now() - start;
	}
	*median = bench_median(s, QUEUE_INPROC_RUNS);
	*visited = c.visited;
	return rc;
}

/*
 * Three variants for BENCH_READER: the plain ordered query (50 rows, no filter); every city read
 * and the visibility filter applied per row, as `queue` did until it learned to narrow the query
 * to the actor's only city; and that narrowed query (what `queue --city` reads).
 */
int bench_queue_inproc(const char *dir, store_times *t, wt_error *err)
{
	wt_app *app = NULL;
	wt_queue_query q;
	int rc = wt_app_open(&app, dir, BENCH_READER, 1, err);

	if (rc == 0)
		rc = wt_app_workflows(app, err);
	if (rc == 0)
		rc = wt_audit_loose_count(app->audit, &t->loose, err);
	memset(&q, 0, sizeof(q));
	if (rc == 0) {
		q.now = app->now;
		rc = time_queue(app, &q, 0, &t->queue_store, &t->visited_store, err);
	}
	if (rc == 0)
		rc = time_queue(app, &q, 1, &t->queue_visible, &t->visited_visible, err);
	if (rc == 0) {
		q.city = BENCH_READER_CITY;
		rc = time_queue(app, &q, 1, &t->queue_city, &t->visited_city, err);
	}
	wt_app_free(app);
	return rc;
}

static void ms_line(const char *label, double secs, const char *target, int met)
{
	char v[64];

	snprintf(v, sizeof(v), "%8.2f ms", secs * 1e3);
	bench_line(label, v, target, met);
}

void bench_report_reads(const char *what, const store_times *t, int with_queue)
{
	char l[128];

	snprintf(l, sizeof(l), "show (binary, mediaan), %s", what);
	ms_line(l, t->show, NULL, -1);
	snprintf(l, sizeof(l), "log (binary, mediaan), %s", what);
	ms_line(l, t->log, NULL, -1);
	snprintf(l, sizeof(l), "act beoordelen (binary, duurzaam, mediaan), %s", what);
	ms_line(l, t->act, NULL, -1);
	if (!with_queue)
		return;
	snprintf(l, sizeof(l), "queue, hele opdracht (binary, mediaan), %s", what);
	ms_line(l, t->queue_cmd, NULL, -1);
}

void bench_report_ratio(const char *what, double big, double small)
{
	char l[128], v[64];
	double r = small > 0 ? big / small : 0;

	snprintf(l, sizeof(l), "%s: groot / klein", what);
	snprintf(v, sizeof(v), "%.2fx", r);
	bench_line(l, v, "< 1.5x", r < 1.5);
}

void bench_report_queue(const char *n_small, const store_times *small, const char *n_big,
			const store_times *big)
{
	const store_times *t[2] = {small, big};
	const char *n[2] = {n_small, n_big};
	char l[128];
	int k;

	for (k = 0; k < 2; k++) {
		snprintf(l, sizeof(l), "in-proces, store-query, eerste %d van %s (%ld rijen)", QUEUE_ROWS,
			 n[k], t[k]->visited_store);
		ms_line(l, t[k]->queue_store, "< 2 ms", t[k]->queue_store < 0.002);
		snprintf(l, sizeof(l), "in-proces, alle gemeenten + zichtbaarheid, %s (%ld rijen)", n[k],
			 t[k]->visited_visible);
		ms_line(l, t[k]->queue_visible, "< 2 ms", t[k]->queue_visible < 0.002);
		snprintf(l, sizeof(l), "in-proces, alleen %s + zichtbaarheid, %s (%ld rijen)",
			 BENCH_READER_CITY, n[k], t[k]->visited_city);
		ms_line(l, t[k]->queue_city, "< 2 ms", t[k]->queue_city < 0.002);
		snprintf(l, sizeof(l), "hele opdracht queue (binary), %s", n[k]);
		ms_line(l, t[k]->queue_cmd, "< 2 ms", t[k]->queue_cmd < 0.002);
	}
}
