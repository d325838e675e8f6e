/* file.c: reading a whole small file, bounded. */
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

int wt_read_file(const char *path, size_t max, char **data, size_t *len, wt_error *err)
{
	FILE *f;
	char *buf;
	size_t n, cap;
	struct stat st;
	int fd;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused below). */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			wt_error_set(err, WT_EINPUT, "bestand_niet_gevonden", "Het bestand bestaat niet.");
		else
			wt_error_set(err, WT_EENV, "bestand_niet_gevonden",
				     "Het bestand kan niet worden geopend (%s).",
				     e == EACCES ? "geen toegang" : strerror(e));
		wt_error_at(err, path, 0, 0, NULL);
		return -(int)err->code;
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		wt_error_set(err, WT_EENV, "leesfout", "Het bestand kan niet worden gelezen.");
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EENV;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		wt_error_set(err, WT_EINPUT, "geen_bestand", "Dit is geen gewoon bestand.");
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EINPUT;
	}
	/* Refused before reading anything when the size already says too big. */
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		wt_error_set(err, WT_EINPUT, "te_groot",
			     "Het bestand is te groot (%jd bytes; de grens is %zu bytes).",
			     (intmax_t)st.st_size, max);
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EINPUT;
	}
	f = fdopen(fd, "rb");
	if (f == NULL) {
		close(fd);
		return oom(err);
	}
	/* Room for the size fstat reported (a small file costs a small buffer), and one byte more
	 * to see whether it grew meanwhile; only then up to the cap. */
	cap = (size_t)st.st_size;
	buf = malloc(cap + 2);
	if (buf == NULL) {
		fclose(f);
		return oom(err);
	}
	n = fread(buf, 1, cap + 1, f);
	if (n > cap && cap < max && !ferror(f)) {
		char *more = realloc(buf, max + 2);
		if (more == NULL) {
			fclose(f);
			free(buf);
			return oom(err);
		}
		buf = more;
		n += fread(buf + n, 1, max + 1 - n, f);
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		wt_error_set(err, WT_EENV, "leesfout", "Het bestand kan niet worden gelezen.");
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EENV;
	}
	fclose(f);
	if (n > max) {
		free(buf);
		wt_error_set(err, WT_EINPUT, "te_groot",
			     "Het bestand is te groot (meer dan %zu bytes).", max);
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EINPUT;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
