/* file.h: reading a whole small file, bounded, for every layer. */
#ifndef WT_FILE_H
#define WT_FILE_H

#include <stddef.h>

#include "core/error.h"

/*
 * Reads the whole file at path (a plain file only: a named pipe or device is refused without
 * waiting) of at most max bytes into *data (NUL-terminated, caller frees) and *len. 0;
 * -WT_EINPUT when missing, not a plain file or too big; -WT_EENV when unreadable. err names
 * the file.
 */
int wt_read_file(const char *path, size_t max, char **data, size_t *len, wt_error *err);

#endif
