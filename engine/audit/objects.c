/* objects.c: the object database as a whole: checking every object, packing loose ones. */
#include "internal.h"
#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <git2/sys/odb_backend.h>

/* First size of the arrays of object ids. */
#define OIDS_INITIAL 64
/* Longest "what" text handed to the bad-object callback. */
#define WHAT_MAX 512
/* Loose objects live in objects/<2 hex>/<38 hex>. */
#define LOOSE_DIR_LEN 2
#define LOOSE_FILE_LEN (WT_OID_HEX - LOOSE_DIR_LEN)

struct oids {
	git_oid *v;
	size_t n, cap;
	int oom;
};

static int oids_push(struct oids *o, const git_oid *id)
{
	git_oid *p;
	size_t cap;

	if (o->n == o->cap) {
		cap = o->cap ? o->cap * 2 : OIDS_INITIAL;
		p = realloc(o->v, cap * sizeof(*p));
		if (p == NULL) {
			o->oom = 1;
			return -1;
		}
		o->v = p;
		o->cap = cap;
	}
	git_oid_cpy(&o->v[o->n++], id);
	return 0;
}

/* 1 when s is n hex digits and nothing more (upper case counted only with upper_ok). */
static int hex_name(const char *s, size_t n, int upper_ok)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (upper_ok && s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return s[n] == '\0';
}

/* Called with each loose object's id; non-zero stops the walk and is returned. */
typedef int (*loose_cb)(const git_oid *id, void *payload);

/*
 * Visits the loose objects (objects/ab/cdef...) in readdir order, one at a time. Returns 0, cb's
 * non-zero value, or -1 with errno when objects/ cannot be opened (objdir: its path, for the
 * caller's message). Unreadable objects/ab/ folders are passed over.
 */
static int each_loose(const wt_audit *a, int upper_ok, loose_cb cb, void *payload,
		      char objdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], wt_error *err)
{
	char sub[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX + 8], hex[WT_OID_HEX + 1];
	struct dirent *de, *fe;
	DIR *d, *s;
	git_oid id;
	int rc = wt_audit_subpath(a, "objects", objdir, WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX, err);

	if (rc < 0)
		return rc;
	d = opendir(objdir);
	if (d == NULL)
		return -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!hex_name(de->d_name, LOOSE_DIR_LEN, upper_ok))
			continue;
		snprintf(sub, sizeof(sub), "%s/%.2s", objdir, de->d_name);
		s = opendir(sub);
		if (s == NULL)
			continue;
		while (rc == 0 && (fe = readdir(s)) != NULL) {
			if (!hex_name(fe->d_name, LOOSE_FILE_LEN, upper_ok))
				continue;
			memcpy(hex, de->d_name, LOOSE_DIR_LEN);
			memcpy(hex + LOOSE_DIR_LEN, fe->d_name, LOOSE_FILE_LEN + 1);
			if (git_oid_fromstr(&id, hex) == 0)
				rc = cb(&id, payload);
		}
		closedir(s);
	}
	closedir(d);
	return rc;
}

struct scan {
	struct oids *o;
	size_t count;
};

static int scan_one(const git_oid *id, void *payload)
{
	struct scan *sc = payload;

	sc->count++;
	return sc->o != NULL && oids_push(sc->o, id) < 0 ? 1 : 0;
}

/*
 * Lists the loose objects of the repository by their file names (objects/ab/cdef...).
 * With o NULL only counts. 0, or -WT_EENV.
 */
static int scan_loose(const wt_audit *a, struct oids *o, size_t *count, wt_error *err)
{
	char objdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	struct scan sc = {o, 0};
	int rc = each_loose(a, 0, scan_one, &sc, objdir, err);

	*count = sc.count;
	if (rc == -1)
		return wt_error_set(err, WT_EENV, "audit_lezen", "De map %s is onleesbaar (%s).",
				    objdir, strerror(errno));
	if (rc > 0)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	return rc;
}

int wt_audit_loose_count(wt_audit *a, size_t *out, wt_error *err)
{
	return scan_loose(a, NULL, out, err);
}

int wt_audit_loose_estimate(wt_audit *a, size_t *out, wt_error *err)
{
	char sub[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	struct dirent *fe;
	DIR *s;
	int rc = wt_audit_subpath(a, "objects/17", sub, sizeof(sub), err);

	*out = 0;
	if (rc < 0)
		return rc;
	s = opendir(sub);
	if (s == NULL)
		return 0;
	while ((fe = readdir(s)) != NULL)
		if (hex_name(fe->d_name, LOOSE_FILE_LEN, 0))
			(*out)++;
	closedir(s);
	*out *= 256;
	return 0;
}

/* ---- reading loose objects directly ---- */

/*
 * libgit2 reads a loose object by its full path (access, open, fstat, read, close) and sets up
 * a new zlib stream for each one; for a verify that reads every object of a large store that is
 * most of its time. This reader opens objects/ once, opens each file relative to it, and reuses
 * one zlib stream and its buffers. It only ever says yes: an object it cannot vouch for (not
 * loose, the old pack-like loose format, damaged, too large, a hash that does not match) is
 * handed back to libgit2 by the caller, which then gives the answer and the error text it
 * always gave.
 */
/* Largest loose object (compressed, and inflated) read here; larger ones go through libgit2. */
#define LOOSE_FAST_MAX ((size_t)64 * 1024 * 1024)
/* First size of the input and output buffers. */
#define LOOSE_BUF_INITIAL ((size_t)64 * 1024)
/* Longest object header ("commit 1234\0"), as libgit2 reads it. */
#define LOOSE_HEADER_MAX 64

struct wt_audit_loose {
	int dir_fd;          /* objects/ */
	z_stream z;
	unsigned char *in;
	size_t in_cap;
	char *out;
	size_t out_cap;
};

int wt_audit_loose_open(wt_audit_loose **out, const wt_audit *a)
{
	char objdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	wt_audit_loose *l;

	*out = NULL;
	if (wt_audit_subpath(a, "objects", objdir, sizeof(objdir), NULL) < 0)
		return 0;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return 0;
	l->dir_fd = open(objdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (l->dir_fd < 0 || inflateInit(&l->z) != Z_OK) {
		if (l->dir_fd >= 0)
			close(l->dir_fd);
		free(l);
		return 0;
	}
	*out = l;
	return 0;
}

void wt_audit_loose_free(wt_audit_loose *l)
{
	if (l == NULL)
		return;
	inflateEnd(&l->z);
	close(l->dir_fd);
	free(l->in);
	free(l->out);
	free(l);
}

/* Makes *buf hold at least need bytes. 0, or -1 (out of memory or over LOOSE_FAST_MAX). */
static int grow(void **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : LOOSE_BUF_INITIAL;
	void *p;

	if (need <= *cap)
		return 0;
	if (need > LOOSE_FAST_MAX + LOOSE_HEADER_MAX + 1)
		return -1;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (p == NULL)
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

/* Reads the whole file at fd into l->in; its length, or -1. */
static ssize_t read_all(wt_audit_loose *l, int fd)
{
	struct stat st;
	size_t have = 0;
	ssize_t n;

	if (fstat(fd, &st) < 0 || st.st_size <= 0 || (size_t)st.st_size > LOOSE_FAST_MAX ||
	    grow((void **)&l->in, &l->in_cap, (size_t)st.st_size + 1) < 0)
		return -1;
	/* One byte more than the size asks the kernel for the end of the file as well. */
	while ((n = read(fd, l->in + have, l->in_cap - have)) > 0) {
		have += (size_t)n;
		if (have == l->in_cap && grow((void **)&l->in, &l->in_cap, have + 1) < 0)
			return -1;
	}
	return n < 0 ? -1 : (ssize_t)have;
}

/* Parses "<type> <size>\0" at the start of buf (len bytes). Its length, or 0. */
static size_t parse_header(const char *buf, size_t len, git_object_t *type, size_t *size)
{
	static const struct {
		const char *name;
		git_object_t type;
	} types[] = {{"commit", GIT_OBJECT_COMMIT}, {"tree", GIT_OBJECT_TREE},
		     {"blob", GIT_OBJECT_BLOB}, {"tag", GIT_OBJECT_TAG}};
	size_t i, k, n = 0, max = len < LOOSE_HEADER_MAX ? len : LOOSE_HEADER_MAX;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		k = strlen(types[i].name);
		if (k < max && memcmp(buf, types[i].name, k) == 0 && buf[k] == ' ')
			break;
	}
	if (i == sizeof(types) / sizeof(types[0]))
		return 0;
	*type = types[i].type;
	for (k++; k < max && buf[k] >= '0' && buf[k] <= '9'; k++) {
		if (n > (LOOSE_FAST_MAX - (size_t)(buf[k] - '0')) / 10)
			return 0;
		n = n * 10 + (size_t)(buf[k] - '0');
	}
	if (k >= max || buf[k] != '\0' || buf[k - 1] == ' ')
		return 0;
	*size = n;
	return k + 1;
}

int wt_audit_loose_read(wt_audit_loose *l, const git_oid *id, git_object_t *type,
			const char **data, size_t *len)
{
	char name[WT_OID_HEX + 2], hex[WT_OID_HEX + 1];
	size_t head = 0, size = 0;
	ssize_t in_len;
	git_oid got;
	int fd, zrc;

	if (l == NULL)
		return 1;
	wt_audit_oid_hex(hex, id);
	memcpy(name, hex, LOOSE_DIR_LEN);
	name[LOOSE_DIR_LEN] = '/';
	memcpy(name + LOOSE_DIR_LEN + 1, hex + LOOSE_DIR_LEN, LOOSE_FILE_LEN + 1);
	fd = openat(l->dir_fd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	in_len = read_all(l, fd);
	close(fd);
	/* A zlib stream starts with a deflate header whose check bits make it a multiple of 31;
	 * anything else is the old pack-like format, left to libgit2. */
	if (in_len < 2 || (l->in[0] & 0x8F) != 0x08 || ((l->in[0] << 8) + l->in[1]) % 31 != 0)
		return 1;
	if (inflateReset(&l->z) != Z_OK || grow((void **)&l->out, &l->out_cap, LOOSE_BUF_INITIAL) < 0)
		return 1;
	l->z.next_in = l->in;
	l->z.avail_in = (uInt)in_len;
	l->z.next_out = (Bytef *)l->out;
	l->z.avail_out = (uInt)l->out_cap;
	for (;;) {
		zrc = inflate(&l->z, Z_NO_FLUSH);
		if (head == 0 && l->z.total_out > 0) {
			head = parse_header(l->out, l->z.total_out, type, &size);
			if (head == 0 && l->z.total_out >= LOOSE_HEADER_MAX)
				return 1;
			/* Room for the whole object (plus a NUL) once its size is known. */
			if (head != 0 && grow((void **)&l->out, &l->out_cap, head + size + 1) < 0)
				return 1;
			l->z.next_out = (Bytef *)l->out + l->z.total_out;
			l->z.avail_out = (uInt)(l->out_cap - l->z.total_out);
		}
		if (zrc == Z_STREAM_END)
			break;
		if (zrc != Z_OK || l->z.total_out > head + size || (head != 0 && l->z.avail_out == 0))
			return 1;
		if (head == 0 && l->z.avail_out == 0 && l->z.avail_in == 0)
			return 1;
	}
	/* Exactly the declared size, and nothing after the stream (libgit2's own conditions). */
	if (head == 0 && l->z.total_out > 0)
		head = parse_header(l->out, l->z.total_out, type, &size);
	if (head == 0 || l->z.total_out != head + size || l->z.avail_in != 0)
		return 1;
	l->out[head + size] = '\0';
	/* libgit2's hash (with its SHA-1 collision detection), as its strict verification uses. */
	if (git_odb_hash(&got, l->out + head, size, *type) < 0 || !git_oid_equal(&got, id))
		return 1;
	*data = l->out + head;
	*len = size;
	return 0;
}

/* ---- checking every object ---- */

/* Ids recently found present, so that a blob named by thousands of trees (a pinned workflow,
 * a counter) is looked up once. Direct-mapped by the id's first bytes (ids are uniform). */
#define SEEN_SLOTS 8192

struct check {
	git_repository *repo;
	git_odb *odb;     /* the whole database: existence checks, and check_one */
	git_odb *reading; /* the pack being read (see check_packs) */
	char privdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX + 4]; /* objects/. */
	wt_audit_loose *loose;
	wt_audit_bad_cb cb;
	void *payload;
	int stopped;
	git_oid seen[SEEN_SLOTS];
};

static void bad(struct check *c, const git_oid *id, const char *what)
{
	char hex[WT_OID_HEX + 1];

	if (c->stopped)
		return;
	wt_audit_oid_hex(hex, id);
	c->stopped = c->cb(hex, what, c->payload) != 0;
}

static void bad_libgit2(struct check *c, const git_oid *id, const char *what)
{
	const git_error *e = git_error_last();
	char text[WHAT_MAX];

	snprintf(text, sizeof(text), "%s (libgit2: %s)", what,
		 e != NULL && e->message != NULL ? e->message : "onbekende fout");
	bad(c, id, text);
}

static size_t seen_slot(const git_oid *id)
{
	return ((size_t)id->id[0] << 8 | id->id[1]) % SEEN_SLOTS;
}

/*
 * Reports ref when it is not in the database (git_odb_exists: in a pack, or a loose file); by
 * is the object that names it. An id found once is not looked up again while it stays in the
 * table (objects do not go away while verify holds the writer lock).
 */
static void must_exist(struct check *c, const git_oid *ref, const git_oid *by, const char *role)
{
	char text[WHAT_MAX], hex[WT_OID_HEX + 1];
	size_t slot = seen_slot(ref);

	if (!git_oid_is_zero(ref) && git_oid_equal(&c->seen[slot], ref))
		return;
	if (git_odb_exists(c->odb, ref)) {
		git_oid_cpy(&c->seen[slot], ref);
		return;
	}
	wt_audit_oid_hex(hex, by);
	snprintf(text, sizeof(text), "ontbreekt (%s van %s)", role, hex);
	bad(c, ref, text);
}

/*
 * The objects a commit or tree names, from its raw content. Only called on content that
 * git_object_rawcontent_is_valid accepted (libgit2's own parser, the one git_commit_lookup
 * and git_tree_lookup use), so the layout is known good: a commit starts with its tree line and
 * then its parent lines; a tree is a list of "<octal mode> <name>\0<20-byte id>".
 */
static void check_names(struct check *c, const git_oid *id, git_object_t type, const char *data,
			size_t len)
{
	const char *p = data, *end = data + len;
	git_oid ref;

	if (type == GIT_OBJECT_COMMIT) {
		static const char tree[] = "tree ", parent[] = "parent ";
		if ((size_t)(end - p) >= sizeof(tree) - 1 + WT_OID_HEX &&
		    git_oid_fromstrn(&ref, p + sizeof(tree) - 1, WT_OID_HEX) == 0)
			must_exist(c, &ref, id, "map");
		p += sizeof(tree) - 1 + WT_OID_HEX + 1;
		while ((size_t)(end - p) > sizeof(parent) - 1 + WT_OID_HEX &&
		       memcmp(p, parent, sizeof(parent) - 1) == 0 &&
		       git_oid_fromstrn(&ref, p + sizeof(parent) - 1, WT_OID_HEX) == 0) {
			must_exist(c, &ref, id, "ouder");
			p += sizeof(parent) - 1 + WT_OID_HEX + 1;
		}
		return;
	}
	while (p < end) {
		unsigned mode = 0;
		const char *nul;

		for (; p < end && *p >= '0' && *p <= '7'; p++)
			mode = mode * 8 + (unsigned)(*p - '0');
		nul = memchr(p, '\0', (size_t)(end - p));
		if (nul == NULL || (size_t)(end - nul - 1) < GIT_OID_RAWSZ)
			return;
		git_oid_fromraw(&ref, (const unsigned char *)nul + 1);
		p = nul + 1 + GIT_OID_RAWSZ;
		/* git_tree_entry_type: 0160000 is a submodule commit, 040000 a tree, else a blob;
		 * a submodule's commit lives in another repository. */
		if ((mode & 0170000) != 0160000)
			must_exist(c, &ref, id, "bestand in map");
	}
}

/*
 * Checks one object through libgit2 alone: readable with the right hash (strict hash
 * verification is on), parseable, and what it names is there. The reference check, and the one
 * every object whose fast check does not succeed gets, so the problems and their texts stay
 * libgit2's.
 */
static void check_one(struct check *c, const git_oid *id)
{
	git_odb_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_object_t type;
	size_t i, n;

	if (git_odb_read(&obj, c->odb, id) < 0) {
		bad_libgit2(c, id, "beschadigd of onleesbaar");
		return;
	}
	type = git_odb_object_type(obj);
	git_odb_object_free(obj);
	if (type == GIT_OBJECT_COMMIT) {
		if (git_commit_lookup(&commit, c->repo, id) < 0) {
			bad_libgit2(c, id, "onleesbare commit");
			return;
		}
		must_exist(c, git_commit_tree_id(commit), id, "map");
		n = git_commit_parentcount(commit);
		for (i = 0; i < n; i++)
			must_exist(c, git_commit_parent_id(commit, (unsigned)i), id, "ouder");
		git_commit_free(commit);
	} else if (type == GIT_OBJECT_TREE) {
		if (git_tree_lookup(&tree, c->repo, id) < 0) {
			bad_libgit2(c, id, "onleesbare map");
			return;
		}
		n = git_tree_entrycount(tree);
		for (i = 0; i < n; i++) {
			const git_tree_entry *e = git_tree_entry_byindex(tree, i);
			git_object_t et = git_tree_entry_type(e);
			if (et == GIT_OBJECT_BLOB || et == GIT_OBJECT_TREE)
				must_exist(c, git_tree_entry_id(e), id, "bestand in map");
		}
		git_tree_free(tree);
	}
}

/* Checks an object from its raw content (read and hash-checked already); falls back to
 * check_one when libgit2's parser does not accept it, for libgit2's error text. */
static void check_raw(struct check *c, const git_oid *id, git_object_t type, const char *data,
		      size_t len)
{
	int valid = 0;

	if (type != GIT_OBJECT_COMMIT && type != GIT_OBJECT_TREE)
		return;
	if (git_object_rawcontent_is_valid(&valid, data, len, type) < 0 || !valid) {
		check_one(c, id);
		return;
	}
	check_names(c, id, type, data, len);
}

/* A packed object: read through libgit2 (which checks its hash), parsed without the cache. */
static int check_packed(const git_oid *id, void *payload)
{
	struct check *c = payload;
	git_odb_object *obj = NULL;

	if (git_odb_read(&obj, c->reading, id) < 0) {
		bad_libgit2(c, id, "beschadigd of onleesbaar");
		return c->stopped ? 1 : 0;
	}
	check_raw(c, id, git_odb_object_type(obj), git_odb_object_data(obj), git_odb_object_size(obj));
	git_odb_object_free(obj);
	return c->stopped ? 1 : 0;
}

/* A loose object: read directly, or by check_one when the direct read cannot vouch for it. */
static void check_loose(struct check *c, const git_oid *id)
{
	const char *data = NULL;
	size_t len = 0;
	git_object_t type = GIT_OBJECT_INVALID;

	if (wt_audit_loose_read(c->loose, id, &type, &data, &len) != 0)
		check_one(c, id);
	else
		check_raw(c, id, type, data, len);
}

static int check_loose_cb(const git_oid *id, void *payload)
{
	struct check *c = payload;

	check_loose(c, id);
	return c->stopped;
}

/*
 * Every loose object, in the order libgit2's git_odb_foreach lists them (the folders and files
 * as readdir gives them), one at a time: nothing is kept per object.
 */
static int check_all_loose(const wt_audit *a, struct check *c, wt_error *err)
{
	char objdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	int rc = each_loose(a, 1, check_loose_cb, c, objdir, err);

	if (rc == -1)
		return wt_error_set(err, WT_EINTEGRITY, "objecten_onleesbaar",
				    "De objectdatabase van de audit-repository is niet volledig leesbaar "
				    "(%s: %s).", objdir, strerror(errno));
	return rc < 0 ? rc : 0;
}

static int cmp_newest(const void *x, const void *y)
{
	const wt_audit_pack_file *a = x, *b = y;

	/* Newest first, as libgit2 searches them. */
	if (a->mtime != b->mtime)
		return a->mtime > b->mtime ? -1 : 1;
	return strcmp(a->name, b->name);
}

/*
 * Reads every object of every pack, one pack at a time, each through an object database of its
 * own that is freed before the next pack: libgit2 keeps, per open pack, a cache of delta bases
 * of up to 16 MiB (not settable in 1.5) for as long as anything holds the pack, and the
 * repository handle that the rest of verify reads through holds every pack it has opened
 * (when this ran on a thread beside the case walk, the walk held them all). Measured at
 * 30,000 cases: 45 MB of verify's 55 MB heap were those caches, growing with the number of
 * packs. libgit2 shares an open pack between object databases by its path, so the pack is
 * opened here as objects/pack/./pack-...: the same file, a pack structure (and cache) that
 * only this reading holds. The checks are the same; only the sharing differs (were libgit2 to
 * share it anyway, memory would be as before).
 */
static int check_packs(const wt_audit *a, struct check *c, const char *objdir, wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	char idx[WT_AUDIT_PATH_MAX + 3 * WT_AUDIT_SUB_MAX];
	wt_audit_pack_file *packs = NULL;
	size_t n = 0, i;
	int rc = wt_audit_list_packs(a, 1, &packs, &n, err);

	if (rc < 0)
		return rc;
	if (n > 1)
		qsort(packs, n, sizeof(*packs), cmp_newest);
	snprintf(packdir, sizeof(packdir), "%s/pack", objdir);
	for (i = 0; i < n && rc == 0 && !c->stopped; i++) {
		git_odb_backend *one = NULL;
		git_odb *odb = NULL;

		snprintf(idx, sizeof(idx), "%s/./%s.idx", packdir, packs[i].name);
		if (git_odb_new(&odb) == 0 && git_odb_backend_one_pack(&one, idx) == 0 &&
		    git_odb_add_backend(odb, one, 1) < 0) {
			one->free(one); /* not owned by odb: adding it failed */
			one = NULL;
		}
		if (one == NULL) {
			git_odb_free(odb);
			rc = wt_audit_fail(err, WT_EINTEGRITY, "objecten_onleesbaar",
					   "De objectdatabase van de audit-repository is niet volledig leesbaar");
			break;
		}
		c->reading = odb;
		if (git_odb_foreach(odb, check_packed, c) < 0 && !c->stopped)
			rc = wt_audit_fail(err, WT_EINTEGRITY, "objecten_onleesbaar",
					   "De objectdatabase van de audit-repository is niet volledig leesbaar");
		c->reading = NULL;
		git_odb_free(odb);
		/* The existence checks touched the mapped indexes of the packs holding what this
		 * pack names; a fresh database lets go of them (each pack mostly names its own). */
		git_odb_free(c->odb);
		c->odb = NULL;
		wt_audit_trim();
		if (rc == 0 && git_odb_open(&c->odb, c->privdir) < 0)
			rc = wt_audit_fail(err, WT_EENV, "audit_openen",
					   "De audit-repository kon niet worden geopend voor controle");
	}
	free(packs);
	return rc;
}

int wt_audit_check_objects(wt_audit *a, wt_audit_bad_cb cb, void *payload, wt_error *err)
{
	char objdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	struct check *c;
	int rc = 0;

	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	c->cb = cb;
	c->payload = payload;
	/* A fresh handle: nothing read earlier through `a` is served from a cache unchecked. */
	rc = wt_audit_subpath(a, "objects", objdir, sizeof(objdir), err);
	if (rc < 0)
		goto cleanup;
	/* The check's own object database over objects/./ (see check_packs): packs that only
	 * this check holds, so that they (and their caches) go when it is done with them. */
	snprintf(c->privdir, sizeof(c->privdir), "%s/.", objdir);
	if (git_repository_open_ext(&c->repo, a->path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL) < 0 ||
	    git_odb_open(&c->odb, c->privdir) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_openen",
				   "De audit-repository kon niet worden geopend voor controle");
		goto cleanup;
	}
	wt_audit_loose_open(&c->loose, a);
	/* Packed objects first, then loose ones. */
	rc = check_packs(a, c, objdir, err);
	if (rc == 0 && !c->stopped)
		rc = check_all_loose(a, c, err);
cleanup:
	wt_audit_loose_free(c->loose);
	git_odb_free(c->odb);
	git_repository_free(c->repo);
	free(c);
	return rc;
}

/* Removes the loose files of the objects in o (all now in a pack), then empty directories. */
static void remove_loose(const wt_audit *a, const struct oids *o)
{
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], hex[WT_OID_HEX + 1];
	size_t i;

	for (i = 0; i < o->n; i++) {
		wt_audit_oid_hex(hex, &o->v[i]);
		snprintf(p, sizeof(p), "%s/objects/%.2s/%s", a->path, hex, hex + LOOSE_DIR_LEN);
		unlink(p);
	}
	for (i = 0; i < o->n; i++) {
		wt_audit_oid_hex(hex, &o->v[i]);
		snprintf(p, sizeof(p), "%s/objects/%.2s", a->path, hex);
		rmdir(p); /* fails harmlessly while the directory still holds objects */
	}
}

int wt_audit_pack(wt_audit *a, size_t *out_loose, wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], hex[WT_OID_HEX + 1];
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	struct oids o;
	size_t count = 0, i;
	int rc, grc;

	*out_loose = 0;
	memset(&o, 0, sizeof(o));
	if (a->lock_fd < 0)
		return wt_error_set(err, WT_EENV, "intern",
				    "Interne fout: inpakken zonder het slot op de audit-repository.");
	rc = scan_loose(a, &o, &count, err);
	if (rc < 0 || o.n == 0)
		goto cleanup;
	if (git_packbuilder_new(&pb, a->repo) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Het inpakken kon niet beginnen");
		goto cleanup;
	}
	git_packbuilder_set_threads(pb, 1);
	for (i = 0; i < o.n; i++) {
		grc = git_packbuilder_insert(pb, &o.v[i], NULL);
		if (grc < 0) {
			/* A damaged object stays loose and untouched, as evidence for verify. */
			wt_audit_oid_hex(hex, &o.v[i]);
			rc = wt_audit_fail_object(err, grc, hex);
			goto cleanup;
		}
	}
	rc = wt_audit_subpath(a, "objects/pack", packdir, sizeof(packdir), err);
	if (rc < 0)
		goto cleanup;
	if (git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0 ||
	    git_packbuilder_written(pb) != o.n) {
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Het pakbestand kon niet worden geschreven");
		goto cleanup;
	}
	/* The pack and its index must be on disk before the loose copies go. */
	rc = wt_fsync_dir(packdir, err);
	if (rc < 0)
		goto cleanup;
	if (git_repository_odb(&odb, a->repo) < 0 || git_odb_refresh(odb) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "De objectdatabase kon niet worden ververst");
		goto cleanup;
	}
	remove_loose(a, &o);
	*out_loose = count;
cleanup:
	git_odb_free(odb);
	git_packbuilder_free(pb);
	free(o.v);
	return rc;
}

int wt_audit_hash(const void *data, size_t len, char out[WT_OID_HEX + 1], wt_error *err)
{
	git_oid id;

	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) < 0)
		return wt_error_set(err, WT_EENV, "hash", "De hash kon niet worden berekend.");
	git_oid_tostr(out, WT_OID_HEX + 1, &id);
	return 0;
}
