/* measure.c: the bench's instruments: clocks, medians, timed child processes, du, the report. */
#include "bench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Bytes written per fsync-floor sample: one page. */
#define FLOOR_BLOCK 4096
/* Deepest directory walked by bench_disk_bytes (audit.git/objects/xx is depth 3). */
#define DU_DEPTH_MAX 16

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_sum(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* Points fd `target` at path (or /dev/null) in the child. */
static void redirect(int target, const char *path)
{
	int fd = open(path ? path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		_exit(126);
	if (dup2(fd, target) < 0)
		_exit(126);
}

int bench_run(const char *const argv[], const char *out_path, const char *err_path, double *secs,
	      long *maxrss_kb)
{
	struct rusage ru;
	double start = bench_now();
	int status = 0;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		if (in >= 0)
			dup2(in, 0);
		redirect(1, out_path);
		redirect(2, err_path);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	if (secs != NULL)
		*secs = bench_now() - start;
	if (maxrss_kb != NULL)
		*maxrss_kb = ru.ru_maxrss;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* Most arguments a command measured for its memory has. */
#define BENCH_ARGV_MAX 16

/*
 * Runs argv under GNU time for its peak memory. A child forked straight from the bench starts
 * as a copy of it, and the kernel counts that copy's resident size (the bench's, with whatever
 * loading left in its heap) in the child's ru_maxrss even after exec: measured as 100 MB for a
 * maintain that peaks at 17 MB on its own. time is small, so its child's figure is the
 * command's own.
 */
static int run_measured(const bench_opts *o, const char *const argv[], const char *out,
			const char *errpath, double *secs, long *maxrss_kb)
{
	const char *wrapped[BENCH_ARGV_MAX + 6];
	char rsspath[WT_PATH_MAX], *text = NULL, *last;
	size_t n = 0, len = 0;
	wt_error e;
	int status;

	wt_pathf(rsspath, sizeof(rsspath), "%s/kladblok/maxrss.txt", o->work);
	wrapped[n++] = "/usr/bin/time";
	wrapped[n++] = "-f";
	wrapped[n++] = "%M";
	wrapped[n++] = "-o";
	wrapped[n++] = rsspath;
	while (*argv != NULL && n < BENCH_ARGV_MAX + 5)
		wrapped[n++] = *argv++;
	wrapped[n] = NULL;
	*maxrss_kb = 0;
	status = bench_run(wrapped, out, errpath, secs, NULL);
	if (wt_read_file(rsspath, 4096, &text, &len, &e) == 0) {
		/* The figure is the last line (time writes "Command exited with ..." before it). */
		while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
			text[--len] = '\0';
		last = strrchr(text, '\n');
		*maxrss_kb = strtol(last != NULL ? last + 1 : text, NULL, 10);
	}
	free(text);
	return status;
}

int bench_run_ok(const bench_opts *o, const char *const argv[], const char *out, double *secs,
		 long *maxrss_kb)
{
	char errpath[WT_PATH_MAX], *text = NULL;
	size_t len = 0, i;
	wt_error e;
	int status;

	wt_pathf(errpath, sizeof(errpath), "%s/kladblok/stderr.txt", o->work);
	if (maxrss_kb != NULL)
		status = run_measured(o, argv, out, errpath, secs, maxrss_kb);
	else
		status = bench_run(argv, out, errpath, secs, NULL);
	if (status == 0)
		return 0;
	fprintf(stderr, "weegteam-bench: opdracht eindigde met %d:", status);
	for (i = 0; argv[i] != NULL; i++)
		fprintf(stderr, " %s", argv[i]);
	fputc('\n', stderr);
	if (wt_read_file(errpath, 65536, &text, &len, &e) == 0)
		fputs(text, stderr);
	free(text);
	return -1;
}

double bench_fsync_floor(const char *dir, long n)
{
	char path[WT_PATH_MAX], block[FLOOR_BLOCK];
	double *t;
	double med;
	long i;
	int fd;

	if (n < 1 || wt_pathf(path, sizeof(path), "%s/fsync-vloer.bin", dir) < 0)
		return -1;
	t = calloc((size_t)n, sizeof(*t));
	if (t == NULL)
		return -1;
	memset(block, 'x', sizeof(block));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(t);
		return -1;
	}
	for (i = 0; i < n; i++) {
		double s = bench_now();
		if (pwrite(fd, block, sizeof(block), 0) != (ssize_t)sizeof(block) || fsync(fd) != 0) {
			close(fd);
			free(t);
			return -1;
		}
		t[i] = bench_now() - s;
	}
	close(fd);
	unlink(path);
	med = bench_median(t, (size_t)n);
	free(t);
	return med;
}

static long long du(const char *path, int depth)
{
	struct stat st;
	long long total;
	DIR *d;
	struct dirent *de;
	char sub[WT_PATH_MAX];

	if (lstat(path, &st) != 0)
		return -1;
	total = (long long)st.st_blocks * 512;
	if (!S_ISDIR(st.st_mode) || depth >= DU_DEPTH_MAX)
		return total;
	d = opendir(path);
	if (d == NULL)
		return total;
	while ((de = readdir(d)) != NULL) {
		long long n;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (wt_pathf(sub, sizeof(sub), "%s/%s", path, de->d_name) < 0)
			continue;
		n = du(sub, depth + 1);
		if (n > 0)
			total += n;
	}
	closedir(d);
	return total;
}

long long bench_disk_bytes(const char *path)
{
	return du(path, 0);
}

int bench_write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return close(fd);
}

void bench_section(const char *title)
{
	static double started;

	if (started == 0)
		started = bench_now();
	printf("\n== %s  [+%.0f s]\n", title, bench_now() - started);
	fflush(stdout);
}

void bench_line(const char *label, const char *value, const char *target, int met)
{
	printf("  %-72s %-28s %-12s %s\n", label, value, target ? target : "",
	       met > 0 ? "gehaald" : (met == 0 ? "NIET GEHAALD" : ""));
	fflush(stdout);
}

void bench_note(const char *fmt, ...)
{
	va_list ap;

	fputs("  ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

int bench_fail(const char *what, const wt_error *err)
{
	char text[2048];

	if (err != NULL) {
		wt_error_format(err, text, sizeof(text));
		fprintf(stderr, "weegteam-bench: %s: %s\n", what, text);
	} else {
		fprintf(stderr, "weegteam-bench: %s\n", what);
	}
	return 1;
}
