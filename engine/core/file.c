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

int wt_file_open_error(wt_error *err, int e, const char *path, int creating)
{
	const char *what = NULL;

	if (path[0] == '\0')
		what = "Er is geen bestandsnaam gegeven.";
	else if (e == ENOENT || e == ENOTDIR)
		what = creating ? "De map voor dit bestand bestaat niet." : "Het bestand bestaat niet.";
	else if (e == ENAMETOOLONG)
		what = "De naam of het pad van dit bestand is te lang.";
	else if (e == ELOOP)
		what = "Het pad loopt via te veel symbolische koppelingen (een kring?).";
	else if (e == EISDIR)
		what = "Dit is een map, geen bestand.";
	else if (e == EEXIST && creating)
		what = "Het bestand bestaat al; weegteam overschrijft het niet.";
	if (what != NULL)
		wt_error_set(err, WT_EINPUT, e == EEXIST ? "bestand_bestaat" : "bestand_niet_gevonden", "%s", what);
	else
		wt_error_set(err, WT_EENV, creating ? "schrijffout" : "bestand_niet_gevonden",
			     "Het bestand kan niet worden %s (%s).", creating ? "aangemaakt" : "geopend",
			     e == EACCES || e == EPERM ? "geen toegang" : strerror(e));
	wt_error_at(err, path, 0, 0, NULL);
	return -(int)err->code;
}

int wt_file_read_error(wt_error *err, const struct stat *st, const char *path)
{
	/* A file on disk that stat calls empty cannot fail to read: this is a kernel file that only
	 * looks like one (/proc/self/mem), named by the user. */
	if (st->st_size == 0)
		wt_error_set(err, WT_EINPUT, "geen_bestand", "Dit is geen gewoon bestand.");
	else
		wt_error_set(err, WT_EENV, "leesfout", "Het bestand kan niet worden gelezen.");
	wt_error_at(err, path, 0, 0, NULL);
	return -(int)err->code;
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
	if (fd < 0)
		return wt_file_open_error(err, errno, path, 0);
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
		return wt_file_read_error(err, &st, path);
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

int wt_fsync_dir(const char *path, wt_error *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 || fsync(fd) != 0)
		rc = wt_error_set(err, WT_EENV, "fsync",
				  "De map %s kon niet veilig naar schijf worden geschreven (%s).", path,
				  strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}
