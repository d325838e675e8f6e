/* file.h: reading a whole small file, bounded, and making a folder durable, for every layer. */
#ifndef WT_FILE_H
#define WT_FILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "core/error.h"

/*
 * Reads the whole file at path (a plain file only: a named pipe or device is refused without
 * waiting) of at most max bytes into *data (NUL-terminated, caller frees) and *len. 0;
 * -WT_EINPUT when missing, not a plain file or too big; -WT_EENV when unreadable. err names
 * the file.
 */
int wt_read_file(const char *path, size_t max, char **data, size_t *len, wt_error *err);

/*
 * Fills err for a failed open of the user's path (e is the errno; creating: the open was to
 * make a new file) and names the file. A path that cannot name a usable file (empty, missing,
 * a missing or non-folder parent, too long, a loop of links, a folder, an existing file when
 * creating) is the user's input: WT_EINPUT, key "bestand_niet_gevonden" ("bestand_bestaat"
 * for an existing file). Anything else (no permission, I/O, no space) is WT_EENV. Returns -code.
 */
int wt_file_open_error(wt_error *err, int e, const char *path, int creating);

/*
 * Fills err for a failed read of path, an open file that fstat described as *st, and names
 * the file. A regular file of size 0 that fails to read is a kernel pseudo-file such as
 * /proc/self/mem: WT_EINPUT "geen_bestand". Any other read error is WT_EENV "leesfout".
 * Returns -code.
 */
int wt_file_read_error(wt_error *err, const struct stat *st, const char *path);

/* fsyncs the directory at path (what a rename or a new file in it needs to last); 0, or
 * -WT_EENV naming the folder. */
int wt_fsync_dir(const char *path, wt_error *err);

#endif
