/*
 * cases.c: the list of cases, read from the folder refs/dossiers/ and from packed-refs; and,
 * for verify, the refs and files beside them through which plain git would show another history.
 *
 * libgit2's reference iterator is not used for this: it loads the name of every ref into
 * memory before it returns the first one (git_reference_iterator_glob_new, about 190 bytes
 * per case: 19 MB of verify's heap at 100,000 cases, measured with massif). Here a case costs
 * one slot of 32 bytes plus its name, and the list is sorted once.
 *
 * What counts as a case ref is what git itself would list under refs/dossiers/: every file
 * below that folder (also in subfolders, so an oddly named ref made with git is seen, not
 * hidden), except lock files, plus the refs/dossiers/ lines of packed-refs that have no loose
 * file of the same name (git reads the loose one first). A loose file holding an object id is
 * read directly; anything else (a symbolic ref) is resolved through libgit2. A ref that cannot
 * be resolved is left out, as libgit2's iterator left it out: verify then reports the case as
 * missing from the repository.
 */
#include "internal.h"

#include "core/buf.h"
#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Deepest folder nesting below refs/dossiers/ that is read (case ids have none). */
#define CASES_DEPTH_MAX 16
/* Longest ref name below refs/dossiers/ that is kept (git allows longer; weegteam never
 * makes one over WT_AUDIT_CASE_ID_MAX). */
#define CASES_NAME_MAX 1024
/* Most bytes a loose ref file may have: an id and a newline, or "ref: <name>". */
#define CASES_REF_FILE_MAX (CASES_NAME_MAX + 64)
/* Cap on the names of all cases together (a store with ten million cases needs ~150 MB). */
#define CASES_NAMES_MAX ((size_t)1 << 30)

typedef struct case_slot {
	union {
		size_t off;       /* while collecting: offset of the name in names */
		const char *name; /* after: the name itself */
	} n;
	unsigned char oid[GIT_OID_RAWSZ];
	unsigned char packed; /* from packed-refs: a loose file of the same name wins */
} case_slot;

typedef struct case_list {
	wt_audit *a;
	case_slot *v;
	size_t n, cap;
	wt_buf names; /* every name, each with its NUL */
	wt_buf path;  /* the ref name being read, below refs/dossiers/ */
	int plain_only; /* loose files in the plain form only (for packing them) */
	wt_audit_ref_cb other; /* the refs that are not weegteam's (NULL: not wanted) */
	void *other_payload;
	wt_error *err;
} case_list;

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

static int unreadable(case_list *l, const char *why)
{
	return wt_error_set(l->err, WT_EENV, "audit_lezen", "De dossiers zijn onleesbaar: %s (%s).",
			    why, strerror(errno));
}

static int add_slot(case_list *l, const char *name, const git_oid *oid, int packed)
{
	case_slot *s;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		case_slot *p = realloc(l->v, cap * sizeof(*p));
		if (p == NULL)
			return oom(l->err);
		l->v = p;
		l->cap = cap;
	}
	s = &l->v[l->n];
	s->n.off = l->names.len;
	memcpy(s->oid, oid->id, GIT_OID_RAWSZ);
	s->packed = (unsigned char)packed;
	if (wt_buf_add(&l->names, name, strlen(name) + 1) < 0)
		return oom(l->err);
	l->n++;
	return 0;
}

/*
 * The loose ref file named l->path: its id when it holds one (the usual case, read here), else
 * what libgit2 resolves the ref to. 1 when it resolves to nothing. wt_read_file takes plain
 * files only and does not wait: a named pipe or device in place of a ref, or a link to one,
 * is no ref (libgit2 would wait on a pipe); a link to a plain file is read as git reads it.
 */
static int loose_ref(case_list *l, git_oid *out)
{
	char path[WT_AUDIT_PATH_MAX + sizeof(WT_AUDIT_CASE_PREFIX) + CASES_NAME_MAX];
	const char *name = path + strlen(l->a->path) + 1; /* "refs/dossiers/..." */
	git_reference *ref = NULL, *resolved = NULL;
	char *data = NULL;
	size_t len = 0;
	wt_error e;
	int rc;

	snprintf(path, sizeof(path), "%s/%s%s", l->a->path, WT_AUDIT_CASE_PREFIX, l->path.data);
	rc = wt_read_file(path, CASES_REF_FILE_MAX, &data, &len, &e);
	if (rc == -WT_EINPUT)
		return 1; /* gone meanwhile, not a plain file, or far too long for a ref */
	if (rc < 0)
		return wt_error_set(l->err, WT_EENV, "audit_lezen",
				    "De dossiers zijn onleesbaar: %s", e.message);
	rc = len == GIT_OID_HEXSZ + 1 && data[GIT_OID_HEXSZ] == '\n' &&
	     git_oid_fromstrn(out, data, GIT_OID_HEXSZ) == 0;
	free(data);
	if (rc)
		return 0;
	if (l->plain_only)
		return 1;
	/* Not the plain form git and weegteam write: a symbolic ref, or damage. */
	if (git_reference_lookup(&ref, l->a->repo, name) < 0 ||
	    git_reference_resolve(&resolved, ref) < 0) {
		git_reference_free(ref);
		git_error_clear();
		return 1;
	}
	git_oid_cpy(out, git_reference_target(resolved));
	git_reference_free(resolved);
	git_reference_free(ref);
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * One walk of a folder of loose refs (refs/dossiers/ for the case list, refs/ for the refs that
 * are not weegteam's), told apart by what it does with an entry. Lock files are skipped.
 */
typedef struct walk_spec {
	const char *where;    /* the folder, for messages ("refs/dossiers/", "refs/") */
	const char *skip_top; /* a name skipped in the top folder (NULL: none) */
	/* A file (or link) at l->path: 0, or < 0 to stop. */
	int (*leaf)(case_list *l);
	/* A folder at l->path deeper than CASES_DEPTH_MAX: 0 to go on, or < 0 to stop. */
	int (*too_deep)(case_list *l);
} walk_spec;

static int walk(case_list *l, const walk_spec *w, int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	size_t base = l->path.len;
	char why[96];
	int rc = 0;

	if (d == NULL) {
		close(fd);
		snprintf(why, sizeof(why), "de map %s kan niet worden gelezen", w->where);
		return unreadable(l, why);
	}
	errno = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		int is_dir;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    has_suffix(e->d_name, ".lock") ||
		    (depth == 0 && w->skip_top != NULL && strcmp(e->d_name, w->skip_top) == 0))
			continue;
		if (e->d_type == DT_DIR || e->d_type == DT_REG) {
			is_dir = e->d_type == DT_DIR;
		} else {
			if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
				if (errno == ENOENT)
					continue;
				snprintf(why, sizeof(why), "een ref onder %s kan niet worden gelezen", w->where);
				rc = unreadable(l, why);
				break;
			}
			is_dir = S_ISDIR(st.st_mode);
		}
		l->path.len = base;
		if (l->path.data != NULL)
			l->path.data[base] = '\0';
		if (wt_buf_printf(&l->path, "%s%s", base ? "/" : "", e->d_name) < 0) {
			rc = wt_error_set(l->err, WT_EINTEGRITY, "ref_naam",
					  "Een ref onder %s heeft een naam van meer dan %d tekens.", w->where,
					  CASES_NAME_MAX);
			break;
		}
		if (is_dir && depth + 1 >= CASES_DEPTH_MAX) {
			rc = w->too_deep(l);
		} else if (is_dir) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (sub < 0) {
				snprintf(why, sizeof(why), "een map onder %s kan niet worden geopend", w->where);
				rc = unreadable(l, why);
				break;
			}
			rc = walk(l, w, sub, depth + 1);
		} else {
			rc = w->leaf(l);
		}
		errno = 0;
	}
	if (rc == 0 && errno != 0) {
		snprintf(why, sizeof(why), "de map %s kan niet worden gelezen", w->where);
		rc = unreadable(l, why);
	}
	l->path.len = base;
	if (l->path.data != NULL)
		l->path.data[base] = '\0';
	closedir(d);
	return rc;
}

/* A loose case ref at l->path (below refs/dossiers/): into the list, when it is one. */
static int case_leaf(case_list *l)
{
	git_oid oid;
	int rc = loose_ref(l, &oid);

	if (rc == 0)
		return add_slot(l, l->path.data, &oid, 0);
	return rc == 1 ? 0 : rc;
}

static int case_too_deep(case_list *l)
{
	return wt_error_set(l->err, WT_EINTEGRITY, "ref_naam", "refs/dossiers/%s ligt meer dan %d mappen diep.",
			    l->path.data, CASES_DEPTH_MAX);
}

/* A loose ref below refs/ outside refs/dossiers/ (skipped at the top): reported unless it is
 * the journal's; a folder too deep to walk is reported as it is. */
static int other_leaf(case_list *l)
{
	if (strcmp(l->path.data, WT_AUDIT_JOURNAL_REF) != 0)
		l->other(l->path.data, 0, l->other_payload);
	return 0;
}

static int other_too_deep(case_list *l)
{
	l->other(l->path.data, 0, l->other_payload);
	return 0;
}

static const walk_spec case_walk = {"refs/dossiers/", NULL, case_leaf, case_too_deep};
static const walk_spec other_walk = {"refs/", "dossiers", other_leaf, other_too_deep};

/* The refs/dossiers/ lines of packed-refs, through the one reader of that file. */
static int packed_refs(case_list *l, long *bad_line)
{
	const size_t plen = strlen(WT_AUDIT_CASE_PREFIX);
	wt_packed r;
	int rc = wt_packed_open(&r, l->a, l->err);

	while (rc == 0) {
		const char *name;

		rc = wt_packed_next(&r, NULL, l->err);
		if (rc <= 0)
			break;
		rc = 0;
		if (strncmp(r.name, WT_AUDIT_CASE_PREFIX, plen) != 0) {
			if (l->other != NULL && strcmp(r.name, WT_AUDIT_JOURNAL_REF) != 0)
				l->other(r.name, 1, l->other_payload);
			continue;
		}
		name = r.name + plen;
		if (*name != '\0' && strlen(name) <= CASES_NAME_MAX)
			rc = add_slot(l, name, &r.oid, 1);
	}
	*bad_line = r.bad_line;
	wt_packed_close(&r);
	return rc;
}

static int cmp_slot(const void *x, const void *y)
{
	const case_slot *p = x, *q = y;
	int c = strcmp(p->n.name, q->n.name);

	return c != 0 ? c : (int)p->packed - (int)q->packed;
}

/* The loose refs that are not weegteam's (other_walk), when l->other wants them. */
static int other_loose_refs(case_list *l)
{
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	int rc, fd;

	if (l->other == NULL)
		return 0;
	rc = wt_audit_subpath(l->a, "refs", p, sizeof(p), l->err);
	if (rc < 0)
		return rc;
	fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : unreadable(l, "de map refs/ kan niet worden geopend");
	wt_buf_reset(&l->path);
	if (wt_buf_addstr(&l->path, "refs") < 0) {
		close(fd);
		return oom(l->err);
	}
	rc = walk(l, &other_walk, fd, 0);
	wt_buf_reset(&l->path);
	return rc;
}

static int list_cases(wt_audit *a, int loose_only, wt_audit_case_cb cb, void *payload,
		      long *packed_bad, wt_audit_ref_cb other, void *other_payload, wt_error *err)
{
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	char hex[WT_OID_HEX + 1];
	case_list l;
	size_t i;
	int rc, fd;

	memset(&l, 0, sizeof(l));
	l.a = a;
	l.err = err;
	l.plain_only = loose_only;
	l.other = other;
	l.other_payload = other_payload;
	wt_buf_init(&l.names, CASES_NAMES_MAX);
	wt_buf_init(&l.path, CASES_NAME_MAX + 1);
	rc = wt_audit_subpath(a, WT_AUDIT_CASE_PREFIX, p, sizeof(p), err);
	if (rc == 0) {
		fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			rc = walk(&l, &case_walk, fd, 0);
		else if (errno != ENOENT)
			rc = unreadable(&l, "de map refs/dossiers/ kan niet worden geopend");
	}
	if (rc == 0)
		rc = other_loose_refs(&l);
	if (rc == 0 && !loose_only)
		rc = packed_refs(&l, packed_bad);
	for (i = 0; i < l.n; i++)
		l.v[i].n.name = l.names.data + l.v[i].n.off;
	if (rc == 0 && l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_slot);
	for (i = 0; rc == 0 && i < l.n; i++) {
		git_oid oid;

		/* Sorted loose first: a packed line under a loose file's name is shadowed. */
		if (i > 0 && strcmp(l.v[i].n.name, l.v[i - 1].n.name) == 0)
			continue;
		memcpy(oid.id, l.v[i].oid, GIT_OID_RAWSZ);
		wt_audit_oid_hex(hex, &oid);
		if (cb(l.v[i].n.name, hex, payload) != 0)
			break;
	}
	free(l.v);
	wt_buf_release(&l.names);
	wt_buf_release(&l.path);
	return rc;
}

int wt_audit_cases(wt_audit *a, wt_audit_case_cb cb, void *payload, long *packed_bad,
		   wt_error *err)
{
	long bad = 0;

	if (packed_bad == NULL)
		packed_bad = &bad;
	*packed_bad = 0;
	return list_cases(a, 0, cb, payload, packed_bad, NULL, NULL, err);
}

int wt_audit_cases_others(wt_audit *a, wt_audit_case_cb cb, void *payload, long *packed_bad,
			  wt_audit_ref_cb other, void *other_payload, wt_error *err)
{
	long bad = 0;

	if (packed_bad == NULL)
		packed_bad = &bad;
	*packed_bad = 0;
	return list_cases(a, 0, cb, payload, packed_bad, other, other_payload, err);
}

int wt_audit_loose_cases(wt_audit *a, wt_audit_case_cb cb, void *payload, wt_error *err)
{
	return list_cases(a, 1, cb, payload, NULL, NULL, NULL, err);
}

int wt_audit_foreign_files(wt_audit *a, wt_audit_file_cb cb, void *payload, wt_error *err)
{
	static const char *const files[] = {"info/grafts", "objects/info/grafts", "shallow",
					    "objects/info/alternates",
					    "objects/info/http-alternates"};
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	char *data = NULL;
	size_t i, len = 0;
	struct stat st;
	wt_error e;
	int rc;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		rc = wt_audit_subpath(a, files[i], p, sizeof(p), err);
		if (rc < 0)
			return rc;
		if (lstat(p, &st) == 0)
			cb(files[i], payload);
		else if (errno != ENOENT && errno != ENOTDIR)
			return wt_error_set(err, WT_EENV, "audit_lezen",
					    "%s van de audit-repository kan niet worden gelezen (%s).",
					    files[i], strerror(errno));
	}
	rc = wt_audit_subpath(a, "HEAD", p, sizeof(p), err);
	if (rc < 0)
		return rc;
	rc = wt_read_file(p, CASES_REF_FILE_MAX, &data, &len, &e);
	if (rc == 0 && (len < 5 || strncmp(data, "ref: ", 5) != 0))
		cb("HEAD", payload);
	else if (rc == -WT_EINPUT)
		cb("HEAD", payload); /* missing, not a plain file, or far too long */
	free(data);
	if (rc < 0 && rc != -WT_EINPUT)
		return wt_error_set(err, WT_EENV, "audit_lezen",
				    "HEAD van de audit-repository kan niet worden gelezen: %s", e.message);
	return 0;
}
