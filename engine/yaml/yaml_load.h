/* yaml_load.h: YAML files to the core's document tree, within fixed limits, with Dutch errors. */
#ifndef WT_YAML_LOAD_H
#define WT_YAML_LOAD_H

#include <stddef.h>

#include "core/error.h"
#include "core/tree.h"

/* Largest file or buffer accepted (checked before parsing). */
#define WT_YAML_MAX_FILE_BYTES ((size_t)1024 * 1024)
/* Deepest nesting of lists and groups (the root collection is level 1). */
#define WT_YAML_MAX_DEPTH 64
/* Most nodes in one document, counting the copies made when aliases are expanded. */
#define WT_YAML_MAX_NODES 100000
/* Longest single scalar (value or key), in bytes. */
#define WT_YAML_MAX_SCALAR_BYTES ((size_t)64 * 1024)
/* Most aliases (*name) in one document. */
#define WT_YAML_MAX_ALIASES 100
/* Most anchors (&name) in one document. */
#define WT_YAML_MAX_ANCHORS 100
/* Most scalar and key bytes in the finished tree, counting alias copies (bounds memory). */
#define WT_YAML_MAX_TREE_BYTES ((size_t)16 * 1024 * 1024)

/*
 * Loads exactly one YAML document from the file at path. *out receives a new document (free
 * with wt_doc_free) whose file name is path; *out is NULL on error.
 * Errors: WT_EINPUT for every problem in the file (keys such as "bestand_niet_gevonden",
 * "te_groot", "ongeldige_utf8", "nul_byte", "stuurteken", "yaml_syntaxis", "dubbele_sleutel",
 * "te_diep", "te_veel_knopen", "te_veel_aliassen", ...), with file, line, column and field
 * where known ("stuurteken": a value or key holds a control character other than TAB, LF and
 * CR, DEL or C1, which only an escape between double quotes such as "\e" can put there; the
 * field of a key is the key itself, its control characters shown escaped);
 * WT_EENV when the file exists but cannot be read ("bestand_onleesbaar") or memory runs out.
 * Reads at most WT_YAML_MAX_FILE_BYTES + 1 bytes.
 */
int wt_yaml_load_file(wt_doc **out, const char *path, wt_error *err);

/*
 * Same as wt_yaml_load_file, and hands the bytes it parsed to the caller (*raw, *raw_len; the
 * caller frees *raw; NULL on error): for a file whose exact bytes are kept, so that what is
 * stored is what was parsed.
 */
int wt_yaml_load_file_raw(wt_doc **out, const char *path, char **raw, size_t *raw_len,
			  wt_error *err);

/*
 * Same as wt_yaml_load_file for len bytes at data (not necessarily NUL-terminated); name is
 * used in error messages and becomes doc->file (NULL: "(invoer)"). data stays the caller's.
 */
int wt_yaml_load_buffer(wt_doc **out, const char *name, const char *data, size_t len,
			wt_error *err);

/*
 * Same as wt_yaml_load_buffer for a document weegteam stored itself (a case's files in the
 * audit repository): control characters in scalars are read as they are, because records
 * written before they were refused must stay readable. The command line shows them escaped.
 */
int wt_yaml_load_record(wt_doc **out, const char *name, const char *data, size_t len,
			wt_error *err);

#endif
