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
				rc = wt_audit_fsync_dir(p, err);
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
	return wt_audit_fsync_dir(dir, err);
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

/* ---- packing the case refs ---- */

typedef struct packer {
	wt_audit *a;
	FILE *in;        /* the old packed-refs, or NULL */
	FILE *out;       /* the lock file; NULL when only checking */
	long lineno;     /* of the old file's current line */
	char *line;      /* the old file's current ref line ("<hex> <name>"), NUL-terminated */
	size_t line_cap;
	int have_line;   /* line holds a ref line not yet merged */
	int drop_peel;   /* the last old ref line was replaced: skip its "^" line */
	wt_buf last;     /* the last name written, for the order check */
	wt_buf loose;    /* "<name>\0<hex>\0" of every loose ref written, for the removal */
	size_t n_loose;
	size_t max;      /* pack at most this many loose refs (0: all) */
	int failed;      /* remember_loose's error, which the listing does not pass on */
	int unsorted;    /* the old file is out of order or damaged: packing is given up */
	wt_error *err;
} packer;

static int pack_io(packer *p, const char *doing)
{
	return ref_errno(p->err, "De refs konden niet worden ingepakt", doing);
}

/* Writes "<hex> <name>\n", after checking that name comes after the last one written. */
static int emit(packer *p, const char *hex, const char *name)
{
	if (p->last.len > 0 && strcmp(name, p->last.data) <= 0) {
		p->unsorted = 1;
		return 1;
	}
	p->last.len = 0;
	if (wt_buf_add(&p->last, name, strlen(name) + 1) < 0)
		return wt_error_set(p->err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (p->out != NULL && fprintf(p->out, "%.*s %s\n", WT_OID_HEX, hex, name) < 0)
		return pack_io(p, "packed-refs.lock schrijven");
	return 0;
}

/*
 * Reads the old file's next ref line into p->line (have_line), copying "^" lines that follow a
 * kept ref line. At the end of the file have_line stays 0. A line of another form marks the
 * file damaged (unsorted = 1): what weegteam does not understand it does not rewrite.
 */
static int next_old(packer *p)
{
	ssize_t len;

	p->have_line = 0;
	if (p->in == NULL)
		return 0;
	while ((len = getline(&p->line, &p->line_cap, p->in)) > 0) {
		p->lineno++;
		if (p->line[len - 1] == '\n')
			p->line[--len] = '\0';
		if (p->line[0] == '#')
			continue; /* the header; ours is written instead */
		if (p->line[0] == '^') {
			if (p->drop_peel)
				continue;
			if (p->last.len == 0) {
				p->unsorted = 1; /* a peeled line before any ref line */
				return 1;
			}
			if (p->out != NULL && fprintf(p->out, "%s\n", p->line) < 0)
				return pack_io(p, "packed-refs.lock schrijven");
			continue;
		}
		if (len > PACKED_LINE_MAX || len < WT_OID_HEX + 2 || p->line[WT_OID_HEX] != ' ') {
			p->unsorted = 1;
			return 1;
		}
		p->have_line = 1;
		return 0;
	}
	if (ferror(p->in))
		return pack_io(p, "packed-refs lezen");
	return 0;
}

/* Writes the old file's lines whose names sort before name (all of them when name is NULL). */
static int old_before(packer *p, const char *name)
{
	int rc = 0;

	while (rc == 0 && p->have_line) {
		const char *old = p->line + WT_OID_HEX + 1;
		int c = name != NULL ? strcmp(old, name) : -1;
		if (c > 0)
			break;
		if (c == 0) {
			/* The loose file wins, as for every reader; its "^" line goes too. */
			p->drop_peel = 1;
		} else {
			p->drop_peel = 0;
			rc = emit(p, p->line, old);
		}
		if (rc == 0)
			rc = next_old(p);
	}
	return rc;
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

/* Writes the old lines and the loose refs remembered, merged by name. */
static int merge(packer *p)
{
	const char *s = p->loose.data, *end = p->loose.data + p->loose.len;
	int rc = next_old(p);

	while (rc == 0 && s != NULL && s < end) {
		const char *name = s, *hex = s + strlen(s) + 1;

		s = hex + WT_OID_HEX + 1;
		rc = old_before(p, name);
		if (rc == 0)
			rc = emit(p, hex, name);
	}
	return rc == 0 ? old_before(p, NULL) : rc;
}

/* Removes the loose files packed; one that changed meanwhile (another tool) stays. */
static int remove_packed_loose(packer *p)
{
	char path[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX + PACKED_LINE_MAX];
	char have[WT_OID_HEX + 2];
	const char *s = p->loose.data, *end = p->loose.data + p->loose.len;

	while (s != NULL && s < end) {
		const char *name = s, *hex = s + strlen(s) + 1;
		ssize_t n;
		int fd;

		s = hex + WT_OID_HEX + 1;
		snprintf(path, sizeof(path), "%s/%s", p->a->path, name);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0)
			continue;
		n = read(fd, have, sizeof(have));
		close(fd);
		WT_FAULT("tijdens-refs-opruimen");
		if (n == WT_OID_HEX + 1 && memcmp(have, hex, WT_OID_HEX) == 0 &&
		    have[WT_OID_HEX] == '\n' && unlink(path) != 0 && errno != ENOENT)
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
	wt_buf_init(&p.last, PACKED_LINE_MAX + WT_AUDIT_SUB_MAX);
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
	p.in = fopen(path, "re");
	if (p.in == NULL && errno != ENOENT) {
		rc = pack_io(&p, "packed-refs openen");
		goto done;
	}
	if (fputs(PACKED_HEADER, p.out) < 0) {
		rc = pack_io(&p, "packed-refs.lock schrijven");
		goto done;
	}
	rc = merge(&p);
	if (rc == 1 || p.unsorted) {
		/* Not weegteam's or git's form: everything stays as it is, and works as it did. */
		rc = wt_error_set(err, WT_EINTEGRITY, "packed_refs",
				  "packed-refs van de audit-repository is niet gesorteerd of heeft een "
				  "onbekende regel; de refs zijn niet ingepakt (er is niets veranderd).");
		goto done;
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
		rc = wt_audit_fsync_dir(a->path, err);
	WT_FAULT("na-packed-refs");
	/* packed-refs holds every ref now; the loose files can go. */
	if (rc == 0)
		rc = remove_packed_loose(&p);
	if (rc == 0 && a->durable)
		rc = wt_audit_fsync_dir(folder, err);
	if (rc == 0)
		*out_packed = p.n_loose;
done:
	if (p.out != NULL)
		fclose(p.out);
	if (!renamed)
		unlink(lock);
	if (p.in != NULL)
		fclose(p.in);
	free(p.line);
	wt_buf_release(&p.last);
	wt_buf_release(&p.loose);
	return rc;
}

int wt_audit_check_packed_refs(wt_audit *a, long *bad_line, wt_error *err)
{
	char path[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	packer p;
	int rc;

	*bad_line = 0;
	rc = wt_audit_subpath(a, "packed-refs", path, sizeof(path), err);
	if (rc < 0)
		return rc;
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.err = err;
	wt_buf_init(&p.last, PACKED_LINE_MAX + WT_AUDIT_SUB_MAX);
	p.in = fopen(path, "re");
	if (p.in == NULL)
		return errno == ENOENT ? 0 : pack_io(&p, "packed-refs openen");
	/* The same reading and order check as packing, writing nothing. */
	rc = next_old(&p);
	if (rc == 0)
		rc = old_before(&p, NULL);
	if (rc >= 0 && p.unsorted) {
		*bad_line = p.lineno;
		rc = 1;
	}
	fclose(p.in);
	free(p.line);
	wt_buf_release(&p.last);
	return rc;
}
