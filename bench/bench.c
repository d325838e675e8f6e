/*
 * bench.c: make bench: what weegteam costs on this machine, measured side by side in one run.
 *
 * A report, not a test: every line prints the figure, the target and whether it was met; the
 * exit status is 0 unless the bench itself could not run. Sections:
 *   1. the disk's fsync floor, and durable submits and acts (writes.c): the engine through its
 *      app API and as the real binary, next to a git plumbing script (plumbing.sh);
 *   2. show, log, act and queue with --small and with --cases cases in the store, run as the
 *      real binary (durable, a fresh process each time; median of --runs runs), and the queue
 *      query timed in-process through the store API;
 *   3. reindex and verify (events per second, peak RSS of the child via wait4), bytes on disk
 *      per event before and after `weegteam maintain`.
 * The stores are bulk-loaded through the app API (load.c) with durability off in this process
 * only: libgit2 fsync off, SQLite synchronous=OFF, and the writer lock held for the whole load
 * (taking it per event walks every file under refs/dossiers: see README "Benchmark"). When a
 * tmpfs stage is given (--stage, default /dev/shm) the store is loaded there and copied to the
 * work directory on disk before anything is measured; all measurements run on the disk.
 */
#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* fsync-floor samples. */
#define FLOOR_SAMPLES 200
/* Progress line every this many loaded cases. */
#define LOAD_PROGRESS 10000
/* Share of MemAvailable a tmpfs stage may fill before loading moves to the disk. */
#define STAGE_MEM_SHARE 0.5
/* The city of the probe cases (load.c's index of rotterdam). */
#define PROBE_CITY 2
/* Seconds of quiet after maintain and a sync, before the reads are measured again. */
#define AFTER_MAINTAIN_PAUSE_S 30

typedef struct bench {
	bench_opts o;
	char stage_root[WT_PATH_MAX]; /* the tmpfs to load on (--stage; "" = the work directory) */
	char stage[WT_PATH_MAX];      /* the directory made there for this run: "" until made, and
				       * the only one ever removed (never the tmpfs itself) */
	char loading[WT_PATH_MAX]; /* the data directory being loaded */
	bench_loader *l;
	long next;                 /* index of the next case to load */
	long events;               /* events written by the loaders */
	double load_secs;
	char show_id[32];
	char (*probes)[32];        /* submitted-only Rotterdam cases for the act runs */
	long n_probes;
} bench;

static long arg_long(const char *s, long min, const char *name)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min) {
		fprintf(stderr, "weegteam-bench: %s verwacht een getal van ten minste %ld.\n", name, min);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fprintf(stderr,
		"gebruik: weegteam-bench --bin WEEGTEAM --root REPO [--cases N] [--small N] [--runs N]\n"
		"                        [--events N] [--work MAP] [--stage MAP|geen] [--keep] [--writes-only]\n");
	exit(2);
}

static void parse_args(bench *b, int argc, char **argv)
{
	bench_opts *o = &b->o;
	const char *stage = "/dev/shm";
	int i;

	o->cases = 50000;
	o->small = 1000;
	o->runs = 21;
	o->events = 100;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--keep") == 0) {
			o->keep = 1;
			continue;
		}
		if (strcmp(a, "--writes-only") == 0) {
			o->writes_only = 1;
			continue;
		}
		if (v == NULL)
			usage();
		i++;
		if (strcmp(a, "--bin") == 0)
			o->bin = v;
		else if (strcmp(a, "--root") == 0)
			o->root = v;
		else if (strcmp(a, "--cases") == 0)
			o->cases = arg_long(v, 1, a);
		else if (strcmp(a, "--small") == 0)
			o->small = arg_long(v, 1, a);
		else if (strcmp(a, "--runs") == 0)
			o->runs = arg_long(v, 1, a);
		else if (strcmp(a, "--events") == 0)
			o->events = arg_long(v, 4, a);
		else if (strcmp(a, "--work") == 0)
			wt_strlcpy(o->work, v, sizeof(o->work));
		else if (strcmp(a, "--stage") == 0)
			stage = v;
		else
			usage();
	}
	if (o->bin == NULL || o->root == NULL)
		usage();
	if (o->small < 2 * o->runs + BENCH_CITIES || o->cases < o->small + 2 * o->runs) {
		fprintf(stderr, "weegteam-bench: --small moet ten minste 2 x --runs + 4 zijn en --cases "
				"ten minste --small + 2 x --runs.\n");
		exit(2);
	}
	if (strcmp(stage, "geen") != 0)
		wt_strlcpy(b->stage_root, stage, sizeof(b->stage_root));
}

/* Runs a tool (cp, rm, sync) that must succeed. */
static int tool(const bench_opts *o, const char *const argv[])
{
	return bench_run_ok(o, argv, NULL, NULL, NULL);
}

static long mem_available_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* ---- loading ---- */

static int open_loader(bench *b, wt_error *err)
{
	return bench_loader_open(&b->l, &b->o, b->loading, 1, err);
}

static void close_loader(bench *b)
{
	if (b->l != NULL)
		b->events += bench_loader_events(b->l);
	bench_loader_free(b->l);
	b->l = NULL;
}

/* Loads regular cases up to index `to` (exclusive), then n_probes probe cases. */
static int load_until(bench *b, long to, long n_probes, wt_error *err)
{
	double start = bench_now();
	long i, base = b->events;
	bench_case c;
	int rc = 0;

	for (i = b->next; rc == 0 && i < to; i++) {
		rc = bench_load_case(b->l, i, (int)(i % BENCH_CITIES), bench_load_steps(i), &c, err);
		if (rc == 0 && i == 2)
			wt_strlcpy(b->show_id, c.id, sizeof(b->show_id));
		if (rc == 0 && (i + 1) % LOAD_PROGRESS == 0) {
			double s = bench_now() - start;
			long ev = base + bench_loader_events(b->l);
			fprintf(stderr, "  laden: %ld dossiers, %ld gebeurtenissen, %.0f s (%.0f gebeurt./s)\n",
				i + 1, ev, b->load_secs + s, (double)ev / (b->load_secs + s));
		}
	}
	b->next = i;
	for (i = 0; rc == 0 && i < n_probes; i++) {
		rc = bench_load_case(b->l, b->next, PROBE_CITY, 0, &c, err);
		if (rc == 0)
			wt_strlcpy(b->probes[b->n_probes++], c.id, sizeof(b->probes[0]));
		b->next++;
	}
	b->load_secs += bench_now() - start;
	return rc;
}

/* Copies the data directory being loaded to dst (on the work disk), then syncs the disk. */
static int copy_store(bench *b, const char *dst, double *secs)
{
	const char *cp[] = {"/bin/cp", "-a", b->loading, dst, NULL};
	const char *sync[] = {"/bin/sync", "-f", dst, NULL};
	double start = bench_now();
	int rc = tool(&b->o, cp) < 0 || tool(&b->o, sync) < 0 ? -1 : 0;

	*secs = bench_now() - start;
	return rc;
}

/* When the rest of the load would not fit the tmpfs stage, moves the store to the disk. */
static int check_stage(bench *b, const char *disk_dir, wt_error *err)
{
	long long used = bench_disk_bytes(b->loading);
	double need = (double)used / (double)b->next * (double)b->o.cases;
	double avail = (double)mem_available_kb() * 1024.0;
	const char *rm[] = {"/bin/rm", "-rf", b->stage, NULL};
	double secs = 0;

	if (b->stage[0] == '\0' || need < avail * STAGE_MEM_SHARE)
		return 0;
	bench_note("De tmpfs-map is te klein voor %ld dossiers (nodig ~%.1f GB, beschikbaar %.1f GB): "
		   "verder laden op schijf.", b->o.cases, need / 1e9, avail / 1e9);
	close_loader(b);
	if (copy_store(b, disk_dir, &secs) < 0 || tool(&b->o, rm) < 0)
		return wt_error_set(err, WT_EENV, "kopie", "De datamap kon niet naar schijf.");
	b->stage[0] = '\0';
	wt_strlcpy(b->loading, disk_dir, sizeof(b->loading));
	return open_loader(b, err);
}

/* ---- reindex, verify, maintain, bytes ---- */

/* du of dir/sub, 0 when missing. */
static long long du_sub(const char *dir, const char *sub)
{
	char p[WT_PATH_MAX];
	long long n;

	if (wt_pathf(p, sizeof(p), "%s/%s", dir, sub) < 0)
		return 0;
	n = bench_disk_bytes(p);
	return n > 0 ? n : 0;
}

/* Bytes per event of audit.git (objects, refs, the rest) and the index (with -wal, -shm). */
static void report_bytes(const char *when, const char *dir, long events, int judge)
{
	long long audit = du_sub(dir, "audit.git"), objects = du_sub(dir, "audit.git/objects");
	long long refs = du_sub(dir, "audit.git/refs");
	long long index = du_sub(dir, "index.sqlite") + du_sub(dir, "index.sqlite-wal") +
			  du_sub(dir, "index.sqlite-shm");
	double ev = events > 0 ? (double)events : 1, per = (double)(audit + index) / ev;
	char l[128], v[64];

	snprintf(l, sizeof(l), "bytes op schijf per gebeurtenis, %s", when);
	snprintf(v, sizeof(v), "%.0f B", per);
	bench_line(l, v, judge ? "< 1 KB" : "(< 1 KB na)", judge ? per < 1024 : -1);
	bench_note("   waarvan objects/ %.0f B, refs/ %.0f B, rest audit.git %.0f B, index %.0f B "
		   "(totaal %.0f MB, %ld gebeurtenissen)",
		   (double)objects / ev, (double)refs / ev, (double)(audit - objects - refs) / ev,
		   (double)index / ev, (double)(audit + index) / 1e6, events);
}

/* Runs one whole-store command; *events from reindex's JSON when asked. */
static int store_command(bench *b, const char *dir, const char *cmd, double *secs, long *rss,
			 long *events, wt_error *err)
{
	char out[WT_PATH_MAX], *text = NULL, *p;
	size_t len = 0;
	const char *argv[] = {b->o.bin, "--data", dir, "--json", cmd, NULL};

	wt_pathf(out, sizeof(out), "%s/kladblok/%s.json", b->o.work, cmd);
	if (bench_run_ok(&b->o, argv, out, secs, rss) < 0)
		return wt_error_set(err, WT_EENV, "binary", "weegteam %s faalde.", cmd);
	if (events == NULL)
		return 0;
	if (wt_read_file(out, 65536, &text, &len, err) < 0)
		return -1;
	p = strstr(text, "\"gebeurtenissen\":");
	*events = p ? strtol(p + strlen("\"gebeurtenissen\":"), NULL, 10) : 0;
	free(text);
	return *events > 0 ? 0 : wt_error_set(err, WT_EENV, "reindex", "reindex noemde geen aantal.");
}

static void rate_line(const char *what, long events, double secs, long rss_kb)
{
	char l[128], v[64];
	double rate = secs > 0 ? (double)events / secs : 0;

	snprintf(l, sizeof(l), "%s (binary): gebeurtenissen per seconde", what);
	snprintf(v, sizeof(v), "%.0f gebeurt./s (%.1f s)", rate, secs);
	bench_line(l, v, ">= 5000/s", rate >= 5000);
	snprintf(l, sizeof(l), "%s (binary): piekgeheugen (ru_maxrss)", what);
	snprintf(v, sizeof(v), "%.1f MB", (double)rss_kb / 1024.0);
	bench_line(l, v, "< 64 MB", rss_kb < 64 * 1024);
}

/* ---- the run ---- */

static void header(const bench *b)
{
	struct utsname u;
	time_t now = time(NULL);
	char when[64];

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&now));
	printf("weegteam make bench, %s", when);
	if (uname(&u) == 0)
		printf(", %s %s, %ld cores", u.sysname, u.release, sysconf(_SC_NPROCESSORS_ONLN));
	printf("\nbinary: %s\nwerkmap (metingen): %s\nlaadmap: %s\n", b->o.bin, b->o.work,
	       b->stage_root[0] ? b->stage_root : "(de werkmap zelf)");
	printf("dossiers: klein %ld, groot %ld; mediaan van %ld runs; %ld schrijfgebeurtenissen per reeks\n",
	       b->o.small, b->o.cases, b->o.runs, b->o.events);
}

/* Prepares the load directory: a fresh directory on the tmpfs stage, or the work disk. */
static void choose_stage(bench *b, const char *groot)
{
	char tmpl[WT_PATH_MAX];

	b->stage[0] = '\0';
	if (b->stage_root[0]) {
		wt_pathf(tmpl, sizeof(tmpl), "%s/weegteam-bench.XXXXXX", b->stage_root);
		if (mkdtemp(tmpl) == NULL)
			bench_note("Laadmap %s niet bruikbaar (%s): laden op schijf.", b->stage_root,
				   strerror(errno));
		else
			wt_strlcpy(b->stage, tmpl, sizeof(b->stage));
	}
	if (b->stage[0])
		wt_pathf(b->loading, sizeof(b->loading), "%s/groot", b->stage);
	else
		wt_strlcpy(b->loading, groot, sizeof(b->loading));
}

/* Loads the small store (copied to klein) and then the large one (ending in groot). */
static int load_stores(bench *b, const char *klein, const char *groot, wt_error *err)
{
	const bench_opts *o = &b->o;
	const char *rm[] = {"/bin/rm", "-rf", b->stage, NULL};
	const char *sync[] = {"/bin/sync", "-f", groot, NULL};
	double copy_secs = 0, start;
	int rc;

	rc = bench_make_datadir(b->loading, err);
	if (rc == 0)
		rc = open_loader(b, err);
	if (rc == 0)
		rc = load_until(b, o->small - 2 * o->runs, 2 * o->runs, err);
	close_loader(b);
	if (rc == 0 && copy_store(b, klein, &copy_secs) < 0)
		rc = wt_error_set(err, WT_EENV, "kopie", "De kleine datamap kon niet worden gekopieerd.");
	if (rc < 0)
		return rc;
	bench_note("klein: %ld dossiers, %ld gebeurtenissen, geladen in %.1f s (%.0f gebeurt./s); "
		   "kopie naar schijf %.1f s", b->next, b->events, b->load_secs,
		   (double)b->events / b->load_secs, copy_secs);
	rc = open_loader(b, err);
	if (rc == 0)
		rc = check_stage(b, groot, err);
	if (rc == 0)
		rc = load_until(b, o->cases - 2 * o->runs, 2 * o->runs, err);
	close_loader(b);
	if (rc < 0)
		return rc;
	start = bench_now();
	if (b->stage[0]) {
		if (copy_store(b, groot, &copy_secs) < 0 || tool(o, rm) < 0)
			return wt_error_set(err, WT_EENV, "kopie", "De grote datamap kon niet worden gekopieerd.");
		b->stage[0] = '\0';
	} else if (tool(o, sync) < 0) {
		return wt_error_set(err, WT_EENV, "sync", "sync faalde.");
	}
	copy_secs = bench_now() - start;
	bench_note("groot: %ld dossiers, %ld gebeurtenissen, geladen in %.1f s (%.0f gebeurt./s); "
		   "kopie of sync naar schijf %.1f s", b->next, b->events, b->load_secs,
		   (double)b->events / b->load_secs, copy_secs);
	return 0;
}

/*
 * show, log and act once more, on both stores after maintain packed their case refs (the state
 * a store in use is in most of the time), run by run in turn as before. First everything is
 * synced and the disk given time to write back what maintain removed: right after the first
 * packing of 100,000 loose refs the reads were 20-40 % slower for a while (README, Benchmark).
 */
static int reads_after_maintain(bench *b, const char *klein, const char *groot,
				store_times after[2], wt_error *err)
{
	const bench_opts *o = &b->o;
	const char *dirs[2] = {klein, groot};
	const char *sync[] = {"/bin/sync", NULL};
	char (*probes[2])[32], n_small[64], n_big[64];
	double secs = 0;
	long rss = 0;
	int rc = store_command(b, klein, "maintain", &secs, &rss, NULL, err);

	if (rc == 0 && tool(o, sync) < 0)
		rc = wt_error_set(err, WT_EENV, "sync", "sync faalde.");
	if (rc < 0)
		return rc;
	sleep(AFTER_MAINTAIN_PAUSE_S);
	bench_section("show, log en act na maintain (refs ingepakt): klein en groot om en om");
	probes[0] = b->probes + o->runs;
	probes[1] = b->probes + 3 * o->runs;
	rc = bench_measure_reads(o, 2, dirs, b->show_id, probes, 0, after, err);
	if (rc < 0)
		return rc;
	snprintf(n_small, sizeof(n_small), "%ld dossiers na maintain", o->small);
	snprintf(n_big, sizeof(n_big), "%ld dossiers na maintain", o->cases);
	bench_report_reads(n_small, &after[0], 0);
	bench_report_reads(n_big, &after[1], 0);
	bench_report_ratio("show na maintain", after[1].show, after[0].show);
	bench_report_ratio("log na maintain", after[1].log, after[0].log);
	bench_report_ratio("act na maintain", after[1].act, after[0].act);
	return 0;
}

static int stores(bench *b, wt_error *err)
{
	const bench_opts *o = &b->o;
	char klein[WT_PATH_MAX], groot[WT_PATH_MAX], n_small[48], n_big[48];
	const char *dirs[2] = {klein, groot};
	char (*probes[2])[32];
	store_times t[2], after[2];
	double secs = 0;
	long events = 0, rss = 0;
	int rc;

	memset(t, 0, sizeof(t));
	memset(after, 0, sizeof(after));
	snprintf(n_small, sizeof(n_small), "%ld dossiers", o->small);
	snprintf(n_big, sizeof(n_big), "%ld dossiers", o->cases);
	wt_pathf(klein, sizeof(klein), "%s/klein", o->work);
	wt_pathf(groot, sizeof(groot), "%s/groot", o->work);
	choose_stage(b, groot);
	/* Probes (a fresh case per act): [0, 2 runs) are in both stores and used on klein, before
	 * and after maintain; [2 runs, 4 runs) only in groot, the same. */
	b->probes = calloc((size_t)(4 * o->runs), sizeof(*b->probes));
	if (b->probes == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	probes[0] = b->probes;
	probes[1] = b->probes + 2 * o->runs;

	bench_section("Archief laden (app-API, duurzaamheid uit in het laadproces)");
	rc = load_stores(b, klein, groot, err);
	if (rc < 0)
		return rc;

	bench_section("show, log en act: klein en groot archief om en om gemeten");
	rc = bench_measure_reads(o, 2, dirs, b->show_id, probes, 1, t, err);
	if (rc == 0)
		rc = bench_queue_inproc(klein, &t[0], err);
	if (rc == 0)
		rc = bench_queue_inproc(groot, &t[1], err);
	if (rc < 0)
		return rc;
	bench_note("show en log van %s (%s), act als %s op een nieuw dossier per run", b->show_id,
		   BENCH_READER, BENCH_ACTOR);
	bench_report_reads(n_small, &t[0], 0);
	bench_report_reads(n_big, &t[1], 0);
	bench_report_ratio("show", t[1].show, t[0].show);
	bench_report_ratio("log", t[1].log, t[0].log);
	bench_report_ratio("act", t[1].act, t[0].act);

	bench_section("queue: de 50 urgentste dossiers");
	bench_report_queue(n_small, &t[0], n_big, &t[1]);

	bench_section("Het hele archief: reindex, verify, opslag en maintain");
	rc = store_command(b, groot, "reindex", &secs, &rss, &events, err);
	if (rc < 0)
		return rc;
	rate_line("reindex", events, secs, rss);
	rc = store_command(b, groot, "verify", &secs, &rss, NULL, err);
	if (rc < 0)
		return rc;
	rate_line("verify", events, secs, rss);
	bench_note("losse objecten in audit.git: %zu bij %s, %zu bij %s (het bulkladen draait geen "
		   "tick; in gebruik pakt 'weegteam tick' vanzelf in vanaf ongeveer %d losse objecten)",
		   t[0].loose, n_small, t[1].loose, n_big, WT_APP_AUTO_PACK_LOOSE);
	report_bytes("voor maintain", groot, events, 0);
	rc = store_command(b, groot, "maintain", &secs, &rss, NULL, err);
	if (rc < 0)
		return rc;
	bench_note("weegteam maintain: %.1f s, piekgeheugen %.0f MB", secs, (double)rss / 1024.0);
	report_bytes("na maintain", groot, events, 1);
	return reads_after_maintain(b, klein, groot, after, err);
}

int main(int argc, char **argv)
{
	bench b;
	wt_error err;
	char path[WT_PATH_MAX];
	double start = bench_now(), floor;
	int rc;

	memset(&b, 0, sizeof(b));
	parse_args(&b, argc, argv);
	wt_error_clear(&err);
	setenv("WEEGTEAM_SHARE", b.o.root, 1);
	setenv("WEEGTEAM_NU", BENCH_NU, 1);
	unsetenv("WEEGTEAM_DATA");
	unsetenv("WEEGTEAM_USER");
	wt_pathf(b.o.plumbing, sizeof(b.o.plumbing), "%s/bench/plumbing.sh", b.o.root);
	if (b.o.work[0] == '\0') {
		wt_strlcpy(b.o.work, "/tmp/weegteam-bench.XXXXXX", sizeof(b.o.work));
		if (mkdtemp(b.o.work) == NULL)
			return bench_fail("geen werkmap in /tmp", NULL);
	} else if (mkdir(b.o.work, 0700) < 0) {
		return bench_fail("de werkmap bestaat al of kan niet worden gemaakt", NULL);
	}
	wt_pathf(path, sizeof(path), "%s/kladblok", b.o.work);
	if (mkdir(path, 0700) < 0)
		return bench_fail("kladblok", NULL);
	header(&b);

	bench_section("Duurzaam vastleggen: engine naast een git-plumbing-script en de fsync-vloer");
	floor = bench_fsync_floor(b.o.work, FLOOR_SAMPLES);
	snprintf(path, sizeof(path), "%8.3f ms", floor * 1e3);
	bench_line("fsync-vloer: 4 KiB schrijven + fsync (mediaan)", path, NULL, -1);
	rc = bench_writes(&b.o, floor, &err);
	if (rc == 0 && !b.o.writes_only)
		rc = stores(&b, &err);
	if (b.stage[0]) {
		const char *rm[] = {"/bin/rm", "-rf", b.stage, NULL};
		tool(&b.o, rm);
	}
	if (rc == 0 && !b.o.keep) {
		const char *rm[] = {"/bin/rm", "-rf", b.o.work, NULL};
		tool(&b.o, rm);
	} else {
		printf("\nwerkmap bewaard: %s\n", b.o.work);
	}
	printf("\nklaar in %.0f s\n", bench_now() - start);
	free(b.probes);
	return rc < 0 ? bench_fail("de bench kon niet verder", &err) : 0;
}
