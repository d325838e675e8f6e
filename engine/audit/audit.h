/* audit.h: the audit repository (libgit2): one ref and one commit chain per case, and a journal. */
#ifndef WT_AUDIT_H
#define WT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"

/*
 * Layout of the bare repository (README "Audit repository"):
 * - refs/dossiers/<case-id>: the case's linear chain, one commit per event; each commit's tree
 *   is the whole dossier at that moment.
 * - refs/weegteam/journaal: the journal, a linear chain with one commit per case-ref update.
 *   Its message records "<case-id> <seq> <old-oid> <new-oid>" as data (never as parents or
 *   tree entries pointing at case objects, so erasing a case keeps the journal intact), and
 *   its tree holds the case-number counters (tellers/<YYYY-CCC> = last number used).
 * - weegteam.lock: a flock(2) lock that serialises every writer; the kernel drops it when the
 *   holder dies, so a kill -9 never leaves the store locked.
 * Object ids are passed as 40-hex-digit strings (WT_OID_HEX + NUL).
 */
#define WT_OID_HEX 40
#define WT_OID_RAW (WT_OID_HEX / 2)

/* 40 hex digits to 20 bytes ("" or bad digits give zeros there), and back. For tables with an
 * entry per case, where 20 bytes instead of 41 count. */
void wt_oid_pack(unsigned char out[WT_OID_RAW], const char *hex);
void wt_oid_unpack(char out[WT_OID_HEX + 1], const unsigned char in[WT_OID_RAW]);
#define WT_AUDIT_JOURNAL_REF "refs/weegteam/journaal"
#define WT_AUDIT_CASE_PREFIX "refs/dossiers/"
/* Longest wait for the writer lock before giving up with -WT_EENV. */
#define WT_AUDIT_LOCK_TIMEOUT_MS 30000

typedef struct wt_audit wt_audit;

/* Creates a bare repository at path (which must not exist or be empty). 0, or -WT_EENV. */
int wt_audit_init(const char *path, wt_error *err);
/* Opens the bare repository at path; enables fsync of objects and refs. 0 or -WT_EENV. */
int wt_audit_open(wt_audit **out, const char *path, wt_error *err);
/* Closes it (releasing the lock if held). NULL is a no-op. */
void wt_audit_free(wt_audit *a);

/*
 * Takes the writer lock (blocking up to WT_AUDIT_LOCK_TIMEOUT_MS), then removes ref lock files
 * that a killed writer left behind, and completes a half-recorded last event (journal written,
 * case ref not yet moved: the ref is rolled forward). 0, or -WT_EENV.
 */
int wt_audit_lock(wt_audit *a, wt_error *err);
/* Releases the lock (after as many unlocks as locks on this handle). No-op when not held. */
void wt_audit_unlock(wt_audit *a);
/* Sets how long wt_audit_lock waits on this handle (default WT_AUDIT_LOCK_TIMEOUT_MS). */
void wt_audit_lock_timeout(wt_audit *a, long ms);
/*
 * Durability on (the default) or off: fsync of objects and refs. Off is for a bulk load into a
 * store that is copied and synced afterwards (the benchmark), never for a real store. Also sets
 * libgit2's fsync option, which is process-wide.
 */
void wt_audit_set_durable(wt_audit *a, int on);

/* A file of the dossier tree to add or replace ("verzoek.yaml", "beoordelingen/x.yaml"). */
typedef struct wt_audit_file {
	const char *path;
	const char *data;
	size_t len;
} wt_audit_file;

/* One event to record. All strings borrowed. */
typedef struct wt_audit_event {
	const char *case_id;
	const char *expected_head; /* the head the event was computed from; NULL for a new case */
	long seq;                  /* the event's number in the case, 1 for the submission */
	const wt_audit_file *files;
	size_t n_files;
	const char *author_name;
	const char *author_email;
	int64_t time;              /* UTC seconds */
	int tz_offset_minutes;     /* e.g. 60 */
	const char *message;       /* full commit message including trailers */
	const char *counter_key;   /* new case: "2026-RTM"; else NULL */
	long counter_value;        /* new case: the number used */
} wt_audit_event;

/*
 * Records an event; the writer lock must be held. Builds the tree from the parent's tree plus
 * files, writes the commit, appends the journal entry, then moves the case ref by
 * compare-and-swap. Everything is fsynced before it returns 0 with the new head in out_head.
 * -WT_ECONFLICT when the case ref is not at expected_head (or exists for a new case): nothing
 * is moved. -WT_EINPUT when case_id is not a valid case id (at most 31 characters of
 * A-Z a-z 0-9 - _ .). -WT_EINTEGRITY when expected_head's commit is missing or damaged.
 * -WT_EENV on library or I/O failure (also: lock not held, bad file path, duplicate path).
 * The journal message format is documented in audit/journal.c.
 */
int wt_audit_append(wt_audit *a, const wt_audit_event *ev, char out_head[WT_OID_HEX + 1],
		    wt_error *err);

/* The last number used for a counter key ("2026-RTM"), 0 when none yet. Lock must be held. */
int wt_audit_counter(wt_audit *a, const char *key, long *out, wt_error *err);

/* The case's head. Returns 0 with out set, 1 when the case ref does not exist, or -WT_EENV. */
int wt_audit_head(wt_audit *a, const char *case_id, char out[WT_OID_HEX + 1], wt_error *err);

/* One commit of a case chain. Strings owned by the array (wt_audit_commits_free). */
typedef struct wt_audit_commit {
	char oid[WT_OID_HEX + 1];
	char parent[WT_OID_HEX + 1]; /* "" for the root */
	unsigned n_parents;
	char *message;
	char *author_name;
	char *author_email;
	int64_t time;
	int tz_offset_minutes;
	char tree[WT_OID_HEX + 1];
} wt_audit_commit;

/*
 * The chain from head back along first parents, returned oldest first, stopping before `stop`
 * (exclusive; NULL = down to the root). -WT_EINTEGRITY when stop is not on the chain or an
 * object is missing/corrupt (err names it); -WT_EENV otherwise.
 */
int wt_audit_history(wt_audit *a, const char *head, const char *stop, wt_audit_commit **out,
		     size_t *n, wt_error *err);
void wt_audit_commits_free(wt_audit_commit *c, size_t n);

/*
 * Reads a file of the dossier tree at a commit. Returns 0 with *data (malloc'd, NUL-terminated,
 * caller frees) and *len; 1 when the path is not in the tree; -WT_EINTEGRITY/-WT_EENV.
 */
int wt_audit_read(wt_audit *a, const char *commit, const char *path, char **data, size_t *len,
		  wt_error *err);

/* The git id of the blob at path in a commit's tree: 0, 1 when absent, -WT_EINTEGRITY/-WT_EENV. */
int wt_audit_entry_id(wt_audit *a, const char *commit, const char *path, char out[WT_OID_HEX + 1],
		      wt_error *err);

/* Lists the paths of all blobs in a commit's tree ("a/b.yaml"), for verify. */
typedef int (*wt_audit_path_cb)(const char *path, void *payload);
int wt_audit_tree_paths(wt_audit *a, const char *commit, wt_audit_path_cb cb, void *payload,
			wt_error *err);

/*
 * Calls cb(case_id, head) for each refs/dossiers/ ref, loose or packed; stops when cb returns
 * non-zero. When packed_bad is not NULL it gets the first line of packed-refs that is out of
 * order or of an unknown form (0: none): git and libgit2 search the file by halves, so they
 * would miss refs that this list still has (verify reports it).
 */
typedef int (*wt_audit_case_cb)(const char *case_id, const char *head, void *payload);
int wt_audit_cases(wt_audit *a, wt_audit_case_cb cb, void *payload, long *packed_bad,
		   wt_error *err);

/*
 * wt_audit_cases, and besides (for verify) other(name, packed, other_payload) for every ref
 * that is not weegteam's: neither below refs/dossiers/ nor refs/weegteam/journaal, loose below
 * refs/ (packed 0) or a line of packed-refs (packed 1), which is still read once. Plain git
 * reads such refs: refs/replace/ swaps commits in git log and git show, refs/notes/ adds text.
 */
typedef void (*wt_audit_ref_cb)(const char *name, int packed, void *payload);
int wt_audit_cases_others(wt_audit *a, wt_audit_case_cb cb, void *payload, long *packed_bad,
			  wt_audit_ref_cb other, void *other_payload, wt_error *err);

/*
 * The files of the repository by which plain git would show another history than the objects
 * and refs hold, or read objects from elsewhere, none of which weegteam writes: info/grafts,
 * objects/info/grafts, shallow, objects/info/alternates, objects/info/http-alternates, and a
 * HEAD that is not a symbolic ref (a detached HEAD is what `git log` shows). cb(path) for each
 * one present (path relative to the repository). 0, or -WT_EENV when one cannot be examined.
 */
typedef void (*wt_audit_file_cb)(const char *path, void *payload);
int wt_audit_foreign_files(wt_audit *a, wt_audit_file_cb cb, void *payload, wt_error *err);

/* The journal head, or "" when the journal is empty. 0, or -WT_EENV. */
int wt_audit_journal_head(wt_audit *a, char out[WT_OID_HEX + 1], wt_error *err);

/* One journal entry. */
typedef struct wt_journal_entry {
	char commit[WT_OID_HEX + 1]; /* the journal commit */
	char case_id[32];
	long seq;
	char old_head[WT_OID_HEX + 1]; /* "" for a new case */
	char new_head[WT_OID_HEX + 1];
	int64_t time;
} wt_journal_entry;

/*
 * The journal entries after `stop` (exclusive; NULL or "" = from the start) up to head,
 * oldest first. -WT_EINTEGRITY when stop is not on the journal's chain or an entry is
 * malformed. Caller frees *out with free().
 */
int wt_audit_journal(wt_audit *a, const char *head, const char *stop, wt_journal_entry **out,
		     size_t *n, wt_error *err);

/*
 * For verify, which reads every object once and keeps nothing per object:
 * - wt_audit_tree_entries: cb(path, blob id) for every blob below a tree (by the tree's id),
 *   depth-first in tree order, as wt_audit_tree_paths lists them; stops when cb returns
 *   non-zero. -WT_EINTEGRITY when a tree is missing or damaged (err names it).
 * - wt_audit_read_blob: a blob by id into *data (malloc'd, NUL-terminated, caller frees).
 * - wt_audit_journal_each: the journal entries from head back to the first, newest first, one
 *   at a time (nothing kept), with wt_audit_journal's checks and errors; stops when cb returns
 *   non-zero. Entries already passed to cb stand when it fails further back.
 * - wt_audit_cache: switches libgit2's object cache (process-wide) off or on again; a pass
 *   that reads each object once only fills it.
 */
typedef int (*wt_audit_entry_cb)(const char *path, const char *blob, void *payload);
int wt_audit_tree_entries(wt_audit *a, const char *tree, wt_audit_entry_cb cb, void *payload,
			  wt_error *err);
int wt_audit_read_blob(wt_audit *a, const char *blob, char **data, size_t *len, wt_error *err);
typedef int (*wt_audit_journal_cb)(const wt_journal_entry *e, void *payload);
int wt_audit_journal_each(wt_audit *a, const char *head, wt_audit_journal_cb cb, void *payload,
			  wt_error *err);
void wt_audit_cache(int enabled);

/* Checks every object in the object database (hash, readability). cb gets each bad oid. */
typedef int (*wt_audit_bad_cb)(const char *oid, const char *what, void *payload);
int wt_audit_check_objects(wt_audit *a, wt_audit_bad_cb cb, void *payload, wt_error *err);

/* The git blob id of data (what `git hash-object` prints), without writing anything. */
int wt_audit_hash(const void *data, size_t len, char out[WT_OID_HEX + 1], wt_error *err);

/*
 * Packs the case refs (maintain; audit/refs.c): every loose ref below refs/dossiers/ in the
 * plain form goes into packed-refs, merged in name order with its lines, and the loose file is
 * removed once packed-refs is durable; at most max of them (the first in name order; 0: all).
 * Needs the writer lock. out_packed: how many loose refs were packed (0: nothing to do,
 * nothing rewritten). -WT_EINTEGRITY when packed-refs is out of
 * order or has a line of an unknown form (nothing is changed), -WT_EENV on I/O failure.
 */
int wt_audit_pack_refs(wt_audit *a, size_t max, size_t *out_packed, wt_error *err);

/* Packs loose objects (maintain). out_loose: how many loose objects there were. */
int wt_audit_pack(wt_audit *a, size_t *out_loose, wt_error *err);
/*
 * Removes what a writer killed while writing a pack leaves in objects/pack/: libgit2's
 * temporary files (pack_git2_*) and an index whose pack never got its name. Only with the
 * writer lock held (every weegteam writer of packs holds it).
 */
int wt_audit_remove_debris(wt_audit *a, size_t *out_removed, wt_error *err);
/* An event combines all packs under ..._TINY_PACK_BYTES once there are ..._PACKS_INLINE. */
#define WT_AUDIT_PACKS_INLINE 16
#define WT_AUDIT_TINY_PACK_BYTES (64L * 1024)
/* maintain never rewrites a pack of this size or more (bounds the work of one maintain). */
#define WT_AUDIT_COMBINE_MAX_BYTES (8L * 1024 * 1024)
/*
 * Combines the smallest packs into one, geometrically: every pack up to and with the largest
 * one that is less than twice all the smaller ones together, so that the packs that stay at
 * least double in size; packs of max_bytes or more are left alone. Needs the writer lock.
 * out_combined: how many packs were combined (0: nothing to do).
 */
int wt_audit_combine_packs(wt_audit *a, long max_bytes, size_t *out_combined, wt_error *err);
/*
 * Lets go of every pack this handle has opened, and with them of what libgit2 keeps per open
 * pack: the mapped index and a cache of delta bases of up to 16 MiB (GIT_PACK_CACHE_MEMORY_LIMIT,
 * not settable in 1.5), both only growing while a walk reads ever more objects. The packs are
 * opened again on the next read. Hold no libgit2 object of this handle across it. Does nothing
 * while an event's objects are staged.
 */
int wt_audit_release_packs(wt_audit *a, wt_error *err);
/*
 * One step (a case, a journal entry) of a walk over the whole store (verify, reindex, and
 * the journal walk inside them): after every wt_audit_release_every steps the packs are let
 * go of (wt_audit_release_packs). Hold no libgit2 object of this handle across it. 0, or
 * -WT_EENV when the repository could not be opened again.
 */
extern unsigned long wt_audit_release_every; /* 1000; a unit test lowers it */
int wt_audit_walk_step(wt_audit *a, wt_error *err);
/*
 * Number of packs below `below` bytes into *out_small and, when out_all is not NULL, of all
 * packs. One folder read and a stat per pack.
 */
int wt_audit_pack_count(wt_audit *a, long below, size_t *out_small, size_t *out_all, wt_error *err);
/* Number of loose objects (reads every objects/xx/ folder). */
int wt_audit_loose_count(wt_audit *a, size_t *out, wt_error *err);
/*
 * An estimate of the loose objects that costs one folder read whatever the archive's size:
 * the objects in objects/17/ times 256 (object ids are uniformly spread), as git gc --auto does.
 */
int wt_audit_loose_estimate(wt_audit *a, size_t *out, wt_error *err);

#endif
