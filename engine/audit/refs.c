/*
 * refs.c: moving a ref, and packing the case refs into packed-refs, both the way git does it.
 *
 * Why not libgit2 for the move: libgit2 1.5 finds a ref quickly in a large packed-refs (it
 * maps the file and searches it, as git does: 0.1 ms among 100,000 packed refs, measured),
 * but its compare-and-swap write (git_reference_create_matching) reads and parses the whole
 * packed-refs file first: 86 ms per move with 100,000 packed refs on this machine. And its
 * packing (git_refdb_compress) took 139 s for 100,000 loose refs. So the case refs were kept
 * loose, each a file taking a 4 KiB block: 2,628 of the 4,119 bytes per event on disk.
 *
 * The move here takes git's lock file <ref>.lock (created exclusively: a git process moving
 * the same ref at the same moment fails rather than interleaves), compares the ref's value
 * through libgit2's quick lookup, writes the new id into the lock file, fsyncs it, renames it
 * over the ref and fsyncs the folder. weegteam's writers are serialised by the writer lock
 * anyway; the ref lock is what keeps a foreign git process out.
 *
 * The packing writes every plain loose ref below refs/dossiers/ into a new packed-refs (merged
 * in name order with the lines already there, which are kept as they are), renames it into
 * place, and only then removes the loose files that still hold the value packed. A reader
 * that looks at the loose file first and at packed-refs after (git, libgit2, cases.c) finds
 * every ref at every moment; a crash in between leaves loose files equal to their packed line.
 * Symbolic refs and refs outside refs/dossiers/ stay loose, as the journal's does (it moves
 * on every event).
 */
#include "internal.h"

#include "core/buf.h"
#include "core/fault.h"
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The header git and libgit2 write; "sorted" lets readers search instead of parsing it all.
 * No "peeled" trait: the case refs point at commits, and lines kept from an older file keep
 * their "^" lines, which readers take with or without the trait. */
#define PACKED_HEADER "# pack-refs with: sorted \n"
/* Longest line of packed-refs that is kept (git allows longer names; weegteam makes none). */
#define PACKED_LINE_MAX 4096
/* Cap on the loose refs remembered for removal after one packing (names and ids). */
#define PACKED_LOOSE_MAX ((size_t)1 << 30)

static int ref_error(wt_error *err, const char *what, const char *why)
{
	return wt_error_set(err, WT_EENV, "audit_ref", "%s (%s).", what, why);
}

static int ref_errno(wt_error *err, const char *what, const char *doing)
{
	return wt_error_set(err, WT_EENV, "audit_ref", "%s (%s: %s).", what, doing,
			    strerror(errno));
}

/* Creates the folders of <repo>/<ref> that are missing; fsyncs the parent of each new one. */
static int make_folders(wt_audit *a, const char *ref, const char *what, wt_error *err)
{
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	size_t base = strlen(a->path) + 1, i;
	int rc = wt_audit_subpath(a, ref, p, sizeof(p), err);

	for (i = base; rc == 0 && p[i] != '\0'; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) == 0) {
			char *slash = strrchr(p, '/');
			*slash = '\0';
			if (a->durable)
				rc = wt_fsync_dir(p, err);
			*slash = '/';
		} else if (errno != EEXIST) {
			rc = ref_errno(err, what, "map aanmaken");
		}
		p[i] = '/';
	}
	return rc;
}

/* Writes all of data to fd; 0 or -1 with errno. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsyncs the folder holding path (the part before its last '/'). */
static int fsync_parent(const char *path, wt_error *err)
{
	char dir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	const char *slash = strrchr(path, '/');
	size_t n = slash != NULL ? (size_t)(slash - path) : 0;

	if (n == 0 || n >= sizeof(dir))
		return wt_error_set(err, WT_EENV, "intern", "Interne fout: pad zonder map.");
	memcpy(dir, path, n);
	dir[n] = '\0';
	return wt_fsync_dir(dir, err);
}

int wt_audit_ref_move(wt_audit *a, const char *ref, const git_oid *to, const git_oid *from,
		      const char *what, wt_error *err)
{
	char path[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], lock[sizeof(path) + 8];
	char line[WT_OID_HEX + 2];
	git_oid cur;
	int fd, grc, rc, valid = 0;

	/* As libgit2's own move did: a name git would refuse is never written (no "..", no
	 * lock suffix), whatever the caller checked before. */
	if (git_reference_name_is_valid(&valid, ref) < 0 || !valid ||
	    strncmp(ref, "refs/", 5) != 0)
		return ref_error(err, what, "ongeldige refnaam");
	rc = wt_audit_subpath(a, ref, path, sizeof(path), err);
	if (rc < 0)
		return rc;
	snprintf(lock, sizeof(lock), "%s.lock", path);
	rc = make_folders(a, ref, what, err);
	if (rc < 0)
		return rc;
	fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return errno == EEXIST ? ref_error(err, what, "de ref is vergrendeld door een ander proces")
				       : ref_errno(err, what, "slotbestand aanmaken");
	/* Under the ref lock: is the ref still where the caller saw it? */
	grc = git_reference_name_to_id(&cur, a->repo, ref);
	if (grc < 0 && grc != GIT_ENOTFOUND)
		rc = wt_audit_fail(err, WT_EENV, "audit_ref", what);
	else if (from == NULL ? grc == 0 : (grc != 0 || !git_oid_equal(&cur, from)))
		rc = ref_error(err, what, "de ref staat niet meer waar hij stond");
	if (rc == 0) {
		wt_audit_oid_hex(line, to);
		line[WT_OID_HEX] = '\n';
		line[WT_OID_HEX + 1] = '\0';
		if (write_all(fd, line, WT_OID_HEX + 1) < 0 || (a->durable && fsync(fd) != 0))
			rc = ref_errno(err, what, "slotbestand schrijven");
	}
	if (close(fd) != 0 && rc == 0)
		rc = ref_errno(err, what, "slotbestand sluiten");
	if (rc == 0 && rename(lock, path) != 0)
		rc = ref_errno(err, what, "slotbestand hernoemen");
	if (rc < 0) {
		unlink(lock);
		return rc;
	}
	return a->durable ? fsync_parent(path, err) : 0;
}

/* ---- reading packed-refs ---- */

int wt_packed_open(wt_packed *r, const wt_audit *a, wt_error *err)
{
	char path[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	int rc = wt_audit_subpath(a, "packed-refs", path, sizeof(path), err);

	memset(r, 0, sizeof(*r));
	if (rc < 0)
		return rc;
	r->in = fopen(path, "re");
	if (r->in == NULL && errno != ENOENT)
		return wt_error_set(err, WT_EENV, "audit_lezen",
				    "packed-refs van de audit-repository kan niet worden geopend (%s).",
				    strerror(errno));
	return 0;
}

static void mark_bad(wt_packed *r)
{
	if (r->bad_line == 0)
		r->bad_line = r->lineno;
}

/*
 * 1 when s holds no byte git refuses in a ref name: no control byte (a CR of a file saved with
 * CRLF line ends would otherwise stay in the name: a case "2026-RTM-0001\r" beside the real
 * one), no space, DEL or any of ~ ^ : ? * [ \.
 */
static int ref_bytes_ok(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= ' ' || c == 0x7f || strchr("~^:?*[\\", c) != NULL)
			return 0;
	}
	return 1;
}

int wt_packed_next(wt_packed *r, FILE *peel, wt_error *err)
{
	ssize_t len;

	if (r->in == NULL)
		return 0;
	if (r->returned) {
		/* Keep the line just returned as the one before, for the order check. */
		char *t = r->prev;
		size_t c = r->prev_cap;
		r->prev = r->line;
		r->prev_cap = r->line_cap;
		r->line = t;
		r->line_cap = c;
		r->returned = 0;
	}
	while ((len = getline(&r->line, &r->line_cap, r->in)) > 0) {
		r->lineno++;
		if (r->line[len - 1] == '\n')
			r->line[--len] = '\0';
		if (r->line[0] == '#')
			continue; /* the header */
		if (r->line[0] == '^') {
			if (r->prev == NULL || len != WT_OID_HEX + 1 ||
			    git_oid_fromstrn(&r->oid, r->line + 1, WT_OID_HEX) < 0)
				mark_bad(r); /* before any ref line, or not "^" and an id */
			else if (peel != NULL && fprintf(peel, "%s\n", r->line) < 0)
				return wt_error_set(err, WT_EENV, "audit_ref",
						    "packed-refs.lock kan niet worden geschreven (%s).",
						    strerror(errno));
			continue;
		}
		if (len > PACKED_LINE_MAX || len < WT_OID_HEX + 2 || r->line[WT_OID_HEX] != ' ' ||
		    git_oid_fromstrn(&r->oid, r->line, WT_OID_HEX) < 0 ||
		    !ref_bytes_ok(r->line + WT_OID_HEX + 1)) {
			mark_bad(r);
			continue;
		}
		r->hex = r->line;
		r->name = r->line + WT_OID_HEX + 1;
		if (r->prev != NULL && strcmp(r->name, r->prev + WT_OID_HEX + 1) <= 0)
			mark_bad(r); /* out of order or twice: still a ref line */
		r->returned = 1;
		return 1;
	}
	if (ferror(r->in))
		return wt_error_set(err, WT_EENV, "audit_lezen",
				    "packed-refs van de audit-repository kan niet worden gelezen (%s).",
				    strerror(errno));
	return 0;
}

void wt_packed_close(wt_packed *r)
{
	if (r->in != NULL)
		fclose(r->in);
	free(r->line);
	free(r->prev);
	memset(r, 0, sizeof(*r));
}

/* ---- packing the case refs ---- */

typedef struct packer {
	wt_audit *a;
	wt_packed old;   /* the packed-refs being replaced */
	FILE *out;       /* the lock file */
	wt_buf loose;    /* "<name>\0<hex>\0" of every loose ref written, for the removal */
	size_t n_loose;
	size_t max;      /* pack at most this many loose refs (0: all) */
	int failed;      /* remember_loose's error, which the listing does not pass on */
	wt_error *err;
} packer;

static int pack_io(packer *p, const char *doing)
{
	return ref_errno(p->err, "De refs konden niet worden ingepakt", doing);
}

static int emit(packer *p, const char *hex, const char *name)
{
	if (fprintf(p->out, "%.*s %s\n", WT_OID_HEX, hex, name) < 0)
		return pack_io(p, "packed-refs.lock schrijven");
	return 0;
}

/* Remembers a loose ref (they come sorted by name) as "<name>\0<hex>\0". */
static int remember_loose(const char *case_id, const char *head_hex, void *payload)
{
	packer *p = payload;

	if (p->max > 0 && p->n_loose == p->max)
		return 1; /* the rest stay loose until the next packing */
	if (wt_buf_add(&p->loose, WT_AUDIT_CASE_PREFIX, strlen(WT_AUDIT_CASE_PREFIX)) < 0 ||
	    wt_buf_add(&p->loose, case_id, strlen(case_id) + 1) < 0 ||
	    wt_buf_add(&p->loose, head_hex, WT_OID_HEX + 1) < 0) {
		p->failed = wt_error_set(p->err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		return 1; /* the listing stops; its caller returns p->failed */
	}
	p->n_loose++;
	return 0;
}

/*
 * Writes the old file's lines and the loose refs remembered, merged by name. An old line whose
 * name a loose file has goes, with its "^" lines: the loose file wins, as for every reader.
 * The order is right only when the old file's is; the caller gives up when it was not.
 */
static int merge(packer *p)
{
	const char *s = p->loose.data, *end = p->loose.data + p->loose.len;
	int have = wt_packed_next(&p->old, NULL, p->err), rc = 0;

	while (rc == 0 && have >= 0 && (have > 0 || (s != NULL && s < end))) {
		int c = have == 0 ? 1 : s == NULL || s >= end ? -1 : strcmp(p->old.name, s);
		int keep = 1;

		if (c < 0) {
			rc = emit(p, p->old.hex, p->old.name);
		} else {
			const char *hex = s + strlen(s) + 1;
			rc = emit(p, hex, s);
			s = hex + WT_OID_HEX + 1;
			if (c > 0)
				continue; /* the old line is still to come */
			keep = 0;
		}
		if (rc == 0)
			have = wt_packed_next(&p->old, keep ? p->out : NULL, p->err);
	}
	return rc < 0 ? rc : have < 0 ? have : 0;
}

/* Removes the loose files packed; one that changed meanwhile (another tool) stays. */
static int remove_packed_loose(packer *p)
{
	char path[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX + PACKED_LINE_MAX];
	const char *s = p->loose.data, *end = p->loose.data + p->loose.len;

	while (s != NULL && s < end) {
		const char *name = s, *hex = s + strlen(s) + 1;
		char *have = NULL;
		size_t n = 0;
		wt_error e;
		int same;

		s = hex + WT_OID_HEX + 1;
		snprintf(path, sizeof(path), "%s/%s", p->a->path, name);
		if (wt_read_file(path, WT_OID_HEX + 1, &have, &n, &e) < 0)
			continue; /* gone, or no longer a ref of the plain form */
		same = n == WT_OID_HEX + 1 && memcmp(have, hex, WT_OID_HEX) == 0 &&
		       have[WT_OID_HEX] == '\n';
		free(have);
		WT_FAULT("tijdens-refs-opruimen");
		if (same && unlink(path) != 0 && errno != ENOENT)
			return pack_io(p, "een losse ref verwijderen");
	}
	return 0;
}

int wt_audit_pack_refs(wt_audit *a, size_t max, size_t *out_packed, wt_error *err)
{
	char path[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], lock[sizeof(path) + 8];
	char folder[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	packer p;
	int fd, rc, renamed = 0;

	*out_packed = 0;
	if (a->lock_fd < 0)
		return wt_error_set(err, WT_EENV, "intern", "Interne fout: inpakken zonder schrijfslot.");
	rc = wt_audit_subpath(a, "packed-refs", path, sizeof(path), err);
	if (rc == 0)
		rc = wt_audit_subpath(a, WT_AUDIT_CASE_PREFIX, folder, sizeof(folder), err);
	if (rc < 0)
		return rc;
	snprintf(lock, sizeof(lock), "%s.lock", path);
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.err = err;
	p.max = max;
	wt_buf_init(&p.loose, PACKED_LOOSE_MAX);
	rc = wt_audit_loose_cases(a, remember_loose, &p, err);
	if (rc == 0)
		rc = p.failed;
	if (rc < 0 || p.n_loose == 0) {
		wt_buf_release(&p.loose);
		return rc; /* nothing loose: nothing to rewrite */
	}
	fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		rc = errno == EEXIST ? ref_error(err, "De refs konden niet worden ingepakt",
						 "packed-refs is vergrendeld door een ander proces")
				     : ref_errno(err, "De refs konden niet worden ingepakt",
						 "packed-refs.lock aanmaken");
		wt_buf_release(&p.loose);
		return rc;
	}
	p.out = fdopen(fd, "w");
	if (p.out == NULL) {
		close(fd);
		rc = pack_io(&p, "packed-refs.lock openen");
		goto done;
	}
	rc = wt_packed_open(&p.old, a, err);
	if (rc == 0 && fputs(PACKED_HEADER, p.out) < 0)
		rc = pack_io(&p, "packed-refs.lock schrijven");
	if (rc == 0)
		rc = merge(&p);
	if (rc == 0 && p.old.bad_line != 0) {
		/* Not weegteam's or git's form: everything stays as it is, and works as it did. */
		rc = wt_error_set(err, WT_EINTEGRITY, "packed_refs",
				  "packed-refs van de audit-repository is niet gesorteerd of heeft een "
				  "onbekende regel (regel %ld); de refs zijn niet ingepakt (er is niets "
				  "veranderd).",
				  p.old.bad_line);
	}
	if (rc < 0)
		goto done;
	if (fflush(p.out) != 0 || (a->durable && fsync(fileno(p.out)) != 0)) {
		rc = pack_io(&p, "packed-refs.lock schrijven");
		goto done;
	}
	rc = fclose(p.out) != 0 ? pack_io(&p, "packed-refs.lock sluiten") : 0;
	p.out = NULL;
	if (rc == 0) {
		renamed = rename(lock, path) == 0;
		if (!renamed)
			rc = pack_io(&p, "packed-refs.lock hernoemen");
	}
	if (rc == 0 && a->durable)
		rc = wt_fsync_dir(a->path, err);
	WT_FAULT("na-packed-refs");
	/* packed-refs holds every ref now; the loose files can go. */
	if (rc == 0)
		rc = remove_packed_loose(&p);
	if (rc == 0 && a->durable)
		rc = wt_fsync_dir(folder, err);
	if (rc == 0)
		*out_packed = p.n_loose;
done:
	if (p.out != NULL)
		fclose(p.out);
	if (!renamed)
		unlink(lock);
	wt_packed_close(&p.old);
	wt_buf_release(&p.loose);
	return rc;
}
