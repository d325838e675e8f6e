/* internal.h: what the files of engine/audit share; included by the .c files there only. */
#ifndef WT_AUDIT_INTERNAL_H
#define WT_AUDIT_INTERNAL_H

#include <git2.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "audit.h"

/* The longest repository path we keep (files below it get at most WT_AUDIT_SUB_MAX more). */
#define WT_AUDIT_PATH_MAX 1024
#define WT_AUDIT_SUB_MAX 128
/* Longest case id: it must fit wt_journal_entry.case_id. */
#define WT_AUDIT_CASE_ID_MAX (sizeof(((wt_journal_entry *)0)->case_id) - 1)
/* Longest counter key ("2026-RTM"). */
#define WT_AUDIT_COUNTER_KEY_MAX 64
/* Directory in the journal tree that holds the counters. */
#define WT_AUDIT_COUNTER_DIR "tellers/"
/* Most files one event may add or replace, and the longest path of one. */
#define WT_AUDIT_FILES_MAX 64
#define WT_AUDIT_FILE_PATH_MAX 256
/* Deepest directory nesting walked in a dossier tree. */
#define WT_AUDIT_TREE_DEPTH_MAX 16
/* Longest chain walked by history and journal (guards against a corrupt, looping store). */
#define WT_AUDIT_CHAIN_MAX 100000000UL

struct wt_audit_stage;

struct wt_audit {
	git_repository *repo;
	struct wt_audit_stage *stage; /* the event's new objects; owned by the object database */
	char path[WT_AUDIT_PATH_MAX];
	int lock_fd;     /* -1 when the writer lock is not held */
	int lock_depth;  /* nested wt_audit_lock calls on this handle */
	long lock_timeout_ms;
	unsigned long walk_steps; /* wt_audit_walk_step calls since the packs were let go of */
	int durable;     /* fsync what is written (wt_audit_set_durable) */
};

/*
 * Fills err for a failed libgit2 call: the Dutch `what` plus git_error_last()'s message in
 * parentheses (libgit2 messages name paths, refs and oids, never dossier contents).
 * Returns -code.
 */
int wt_audit_fail(wt_error *err, wt_code code, const char *key, const char *what);

/*
 * The libgit2 error of a failed object read, classified: -WT_EENV for memory and OS errors,
 * -WT_EINTEGRITY for a missing or damaged object (err names oid_hex).
 */
int wt_audit_fail_object(wt_error *err, int git_rc, const char *oid_hex);

/* Parses a 40-hex-digit oid; -WT_EENV ("intern") when it is not one. */
int wt_audit_parse_oid(git_oid *out, const char *hex, wt_error *err);

/* Formats oid as 40 hex digits plus NUL. */
void wt_audit_oid_hex(char out[WT_OID_HEX + 1], const git_oid *oid);

/* 1 when case_id is a valid case id (fits the journal, safe as a ref name and a line). */
int wt_audit_case_id_ok(const char *case_id);

/* Builds "<repo>/<sub>" into out; -WT_EENV when it does not fit. */
int wt_audit_subpath(const wt_audit *a, const char *sub, char *out, size_t size, wt_error *err);


/*
 * The journal message of one entry, parsed strictly (see the format in journal.c).
 * Returns 0, or -WT_EINTEGRITY naming the journal commit.
 */
int wt_audit_journal_parse(const char *msg, const char *commit_hex, wt_journal_entry *out,
			   wt_error *err);

/*
 * Completes a half-recorded last event (called by wt_audit_lock with the lock held).
 * 0, or -WT_EENV.
 */
int wt_audit_heal(wt_audit *a, wt_error *err);
/*
 * Moves ref (a full name, "refs/dossiers/<id>") to `to` when it is at `from` now, or, with
 * from NULL, when it does not exist yet; git's lock-file protocol, fsynced (audit/refs.c).
 * Needs the writer lock. 0, or -WT_EENV with err = what plus the reason (also when the ref
 * is elsewhere: every writer holds the writer lock, so that is never a normal race).
 */
int wt_audit_ref_move(wt_audit *a, const char *ref, const git_oid *to, const git_oid *from,
		      const char *what, wt_error *err);
/* Like wt_audit_cases, but only the loose files in the plain form, without packed-refs. */
int wt_audit_loose_cases(wt_audit *a, wt_audit_case_cb cb, void *payload, wt_error *err);

/*
 * packed-refs, a ref line at a time (refs.c): the one reader of it for the case list, the
 * packing and so verify. wt_packed_open: 0 (an absent file reads as empty) or -WT_EENV.
 * wt_packed_next: 1 with the next ref line's oid, hex (its 40 digits, not NUL-terminated) and
 * name, valid until the next call; 0 at the end; -WT_EENV when the file cannot be read. The
 * header is skipped; the "^" (peeled) lines that follow the ref line returned last are written
 * to peel as they are (unless it is NULL). A line of another form (also a name with a byte git
 * refuses in one, such as the CR of a file saved with CRLF line ends), or a peeled line before
 * any ref line, is skipped; a name not after the one before is still returned (the case list wants
 * every ref); either way bad_line keeps the first such line (git and libgit2 search the file
 * by halves, so they would miss refs there).
 */
typedef struct wt_packed {
	FILE *in;
	char *line, *prev; /* the current line, and the ref line returned before it */
	size_t line_cap, prev_cap;
	int returned;      /* line holds the ref line returned last */
	long lineno;
	long bad_line;     /* 0: none */
	git_oid oid;
	const char *hex, *name;
} wt_packed;
int wt_packed_open(wt_packed *r, const wt_audit *a, wt_error *err);
int wt_packed_next(wt_packed *r, FILE *peel, wt_error *err);
void wt_packed_close(wt_packed *r);
/* Unlinks a ref lock file a killed writer left (absent is fine). 0 or -WT_EENV. */
int wt_audit_remove_stale_lock(const char *path, wt_error *err);

/*
 * Appends the journal commit for a case-ref move and moves refs/weegteam/journaal by
 * compare-and-swap. old_head may be NULL (new case). counter_key may be NULL.
 */
int wt_audit_journal_append(wt_audit *a, const char *case_id, long seq, const git_oid *old_head,
			    const git_oid *new_head, int64_t time, int tz_offset_minutes,
			    const char *counter_key, long counter_value, wt_error *err);

/*
 * The tree of commit into *out (caller frees), or a new empty tree when commit is NULL.
 * -WT_EINTEGRITY when the commit's tree is missing, -WT_EENV otherwise.
 */
int wt_audit_base_tree(wt_audit *a, const git_commit *commit, git_tree **out, wt_error *err);

/*
 * The stage (pack.c): attached once per handle as the object database's first backend, it
 * keeps every object libgit2 writes in memory; wt_audit_stage_write writes them as one pack
 * (durable when it returns) and empties the stage; wt_audit_stage_discard drops them (an
 * event that was refused). Both need the writer lock held.
 */
int wt_audit_stage_attach(wt_audit *a, wt_error *err);
/*
 * After an event: when WT_AUDIT_PACKS_INLINE packs under WT_AUDIT_TINY_PACK_BYTES have
 * gathered, combines them into one (at most that many tiny packs' bytes of work, once per
 * that many events). 0 nothing done, 1 combined, -1 failed (the event stands; maintain reports it).
 */
int wt_audit_combine_some(wt_audit *a);
int wt_audit_stage_write(wt_audit *a, wt_error *err);
/* 1 when name is "pack-<40 hex>.idx"; the stem (without .idx) goes to stem. */
int wt_audit_pack_idx_name(const char *name, char stem[64]);

typedef struct wt_audit_pack_file {
	char name[64]; /* "pack-<40 hex>" */
	off_t size;    /* of the .pack: the weight */
	time_t mtime;  /* of the .pack */
} wt_audit_pack_file;
/*
 * The packs in objects/pack that have both files (and, unless with_keep, no .keep), into *out
 * (caller frees), in folder order; none when objects/pack is missing. O(number of packs): one
 * folder read and a stat per pack.
 */
int wt_audit_list_packs(const wt_audit *a, int with_keep, wt_audit_pack_file **out, size_t *n_out,
			wt_error *err);
void wt_audit_stage_discard(wt_audit *a);
/*
 * Hands the free pages of the heap back to the system (glibc; nothing elsewhere). What a
 * freed repository or pack handle left (delta bases, pack structures) stays in glibc's heap,
 * spread through it, so a long walk's resident memory only grew: verify at 100,000 cases
 * 73 -> 59 MB peak, time unchanged (measured). Called after each release of the packs.
 */
void wt_audit_trim(void);

/*
 * A direct reader of loose objects (objects.c), for reading every object of a store once:
 * objects/ opened once, each file opened relative to it, one zlib stream reused. NULL (and 0)
 * when it cannot be set up; a NULL reader reads nothing.
 */
typedef struct wt_audit_loose wt_audit_loose;
int wt_audit_loose_open(wt_audit_loose **out, const wt_audit *a);
void wt_audit_loose_free(wt_audit_loose *l);
/*
 * Reads the loose object id: 0 with *type and *data (NUL-terminated, valid until the next read
 * through l) of *len bytes, only when the file inflated completely to exactly the size its
 * header declares and libgit2's hash of the content is id. 1 in every other case (not loose,
 * damaged, the old pack-like format, too large): the caller reads it through libgit2, which
 * gives the answer and the error text it always gave.
 */
int wt_audit_loose_read(wt_audit_loose *l, const git_oid *id, git_object_t *type,
			const char **data, size_t *len);

#endif
