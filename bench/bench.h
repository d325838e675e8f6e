/* bench.h: what the files of `make bench` share (a report, not a test; not part of make test). */
#ifndef WT_BENCH_H
#define WT_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* Largest number of measured runs or events one series may have. */
#define BENCH_SERIES_MAX 100000
/* The four example verzoeken, one per city, in this order (index = city). */
#define BENCH_CITIES 4
/* The clock every measured command runs at (config.yaml testklok: true; see bench.c). */
#define BENCH_NU "2026-12-06T10:00:00+01:00"
/* The first event time of the bulk-loaded cases; later cases are spread over a week. */
#define BENCH_LOAD_START "2026-11-27T08:00:00+01:00"
/* Who reads (show, log, queue: inzage alle in Rotterdam) and who acts on the probe cases. */
#define BENCH_READER "rotterdam-ketenregisseur"
#define BENCH_READER_CITY "rotterdam"
#define BENCH_ACTOR "rotterdam-politie"
/* Stores measured side by side (small and large). */
#define BENCH_STORES_MAX 2

typedef struct bench_opts {
	const char *bin;       /* the weegteam binary measured (the normal, durable build) */
	const char *root;      /* the repository: requests/, workflows/, templates/ */
	char plumbing[WT_PATH_MAX]; /* bench/plumbing.sh */
	char work[WT_PATH_MAX];     /* the working directory (all data directories live here) */
	long cases;            /* the large store */
	long small;            /* the small store */
	long runs;             /* runs per latency median */
	long events;           /* durable submits (and acts) per write series */
	int keep;              /* keep the working directory afterwards */
	int writes_only;       /* --writes-only: only the durable-write comparison */
} bench_opts;

/* ---- measure.c: clocks, medians, child processes, disk usage, the report ---- */

/* Monotonic time in seconds. */
double bench_now(void);
/* The median of v[0..n) (sorts v); 0 when n is 0. */
double bench_median(double *v, size_t n);
/* The sum of v[0..n). */
double bench_sum(const double *v, size_t n);

/*
 * Runs argv (argv[0] a path) as a child, stdout to out_path (or /dev/null when NULL), stderr
 * to err_path (or /dev/null). Waits with wait4(): *secs the wall time from fork to reaped,
 * *maxrss_kb the child's peak resident set (ru_maxrss). Returns the exit status, 128 + signal
 * when killed, or -1 when it could not be started.
 */
int bench_run(const char *const argv[], const char *out_path, const char *err_path, double *secs,
	      long *maxrss_kb);
/* bench_run with stderr kept in the work directory: 0 when the child exited 0; otherwise
 * prints the command and its stderr and returns -1. */
int bench_run_ok(const bench_opts *o, const char *const argv[], const char *out_path,
		 double *secs, long *maxrss_kb);

/* Median seconds of n times (write 4 KiB at offset 0 + fsync) on a file in dir; < 0 on error. */
double bench_fsync_floor(const char *dir, long n);

/* Real block usage (st_blocks * 512, like du) of path, recursively, without following symbolic
 * links; hard links are counted each time (a data directory has none). -1 when path is missing. */
long long bench_disk_bytes(const char *path);

/* Writes data to path (truncating). 0, or -1 with errno set. */
int bench_write_file(const char *path, const char *data, size_t len);

/* The report: a section heading, and one line per figure. met: 1 gehaald, 0 niet, -1 n.v.t. */
void bench_section(const char *title);
void bench_line(const char *label, const char *value, const char *target, int met);
/* Informational line (no target). */
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the error and returns 1 (the bench's exit status on setup failure). */
int bench_fail(const char *what, const wt_error *err);

/* ---- reads.c: show, log, act and queue on the stores ---- */

/* Medians in seconds. */
typedef struct store_times {
	double show, log, act, queue_cmd;       /* the binary, a fresh process each run */
	double queue_store;                     /* in-process: the store's ordered query, 50 rows */
	double queue_visible;                   /* ... all cities, visibility filtered per row */
	double queue_city;                      /* ... only the reader's city (queue --city) */
	long visited_store, visited_visible, visited_city; /* rows each variant read */
	size_t loose;                           /* loose objects in audit.git */
} store_times;

/*
 * show and log of show_id, queue (when with_queue) and act beoordelen on probes[s][j] (a fresh
 * submitted-only case per run) as the binary on each of the n data directories, run by run in
 * turn; out[s] receives the medians of o->runs runs.
 */
int bench_measure_reads(const bench_opts *o, int n, const char *const dirs[],
			const char *show_id, char (*const probes[])[32], int with_queue,
			store_times out[], wt_error *err);
/* The queue query in this process through the store API (and the loose-object count). */
int bench_queue_inproc(const char *dir, store_times *t, wt_error *err);
void bench_report_reads(const char *what, const store_times *t, int with_queue);
/* Prints big / small against the target of promise 6 (< 1.5x). */
void bench_report_ratio(const char *what, double big, double small);
void bench_report_queue(const char *n_small, const store_times *small, const char *n_big,
			const store_times *big);

/* ---- writes.c: durable submits and acts, engine next to git plumbing and the fsync floor ---- */

/* Creates a data directory whose clock the bench sets (config.yaml testklok: true). */
int bench_make_datadir(const char *dir, wt_error *err);
/* Runs the write series and prints its section. floor: the fsync floor in seconds. */
int bench_writes(const bench_opts *o, double floor, wt_error *err);

/* ---- load.c: realistic cases through the app API ---- */

/* One case the bench needs by id afterwards. */
typedef struct bench_case {
	char id[32];
	int city;       /* 0..BENCH_CITIES-1 */
	int steps;      /* actions taken after the submission */
} bench_case;

typedef struct bench_loader bench_loader;

/*
 * Opens data_dir through the app API. With bulk set, durability is switched off for this
 * process (libgit2 fsync off, SQLite synchronous=OFF) and the writer lock is held until
 * bench_loader_free: the normal path takes it per event, and taking it walks refs/dossiers
 * (see bench.c). Without bulk the app is used exactly as a command would use it.
 */
int bench_loader_open(bench_loader **out, const bench_opts *o, const char *data_dir, int bulk,
		      wt_error *err);
/* Releases the lock (bulk), closes the app. NULL is a no-op. */
void bench_loader_free(bench_loader *l);
/* The open app (borrowed), e.g. to time queries. */
wt_app *bench_loader_app(bench_loader *l);

/*
 * Submits case number `index` in city `city` (the verzoek a variant of the city's example with
 * other names, address and phone number, unique per index) at a time spread over a week, and
 * advances it `steps` actions along the city's workflow (it stops after the last action).
 * *out receives its id.
 */
int bench_load_case(bench_loader *l, long index, int city, int steps, bench_case *out,
		    wt_error *err);
/* How many actions a bulk-loaded case of this index takes (a fixed, realistic mix). */
int bench_load_steps(long index);
/* The most actions any city's path has. */
int bench_load_max_steps(void);
/* Events written so far through this loader (submissions + actions). */
long bench_loader_events(const bench_loader *l);

/* Writes the verzoek variant of case `index` in city `city` to path. */
int bench_write_verzoek(bench_loader *l, long index, int city, const char *path, wt_error *err);
/* Writes an assessment (beoordeling) for a case to path. */
int bench_write_assessment(const char *path, const char *case_id, const char *role, long salt);

/* The user that submits in city c, and the city's workflow key. */
const char *bench_city_submitter(bench_loader *l, int city);
const char *bench_city_key(int city);

/* Makes `id` the acting user of app; -WT_EINPUT when users.yaml lacks it. */
int bench_set_actor(wt_app *app, const char *id, wt_error *err);

#endif
