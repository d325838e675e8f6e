/* pack.c: an event's new objects written as one small pack; small packs combined geometrically. */
#include "internal.h"

#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Why: written as loose objects, an event costs a new file, an fsync of it and an fsync of
 * its objects/xx/ folder per object (about seven objects per event: 14 fsyncs and 7 inode
 * allocations, most of a durable submit's time on ext4). Staged in memory and written as one
 * pack with its index, it costs three fsyncs (pack, index, objects/pack/). The stage is an
 * object-database backend of the highest priority, so every write of libgit2 lands in it and
 * every read finds what was staged; git_odb_write still looks for an object on disk first
 * (and then writes nothing), so a pack holds only objects that are new.
 */

/* libgit2 consults backends by descending priority; loose is 1, packed 2. */
#define STAGE_PRIORITY 1000
/* Most objects one event stages (its files, their folders, the commit, the journal's three). */
#define STAGE_OBJECTS_MAX (WT_AUDIT_FILES_MAX * (WT_AUDIT_TREE_DEPTH_MAX + 1) + 16)
/* Largest pack written in one piece (an event's files, or the small packs combined inline). */
#define WT_AUDIT_PACK_WRITE_MAX (256UL * 1024 * 1024)
/* Growth factor between the packs that stay (see wt_audit_combine_packs). */
#define COMBINE_FACTOR 2

typedef struct staged {
	git_oid id;
	git_object_t type;
	size_t len;
	unsigned char *data;
} staged;

struct wt_audit_stage {
	git_odb_backend parent; /* first: libgit2 passes &parent to the callbacks */
	staged *v;
	size_t n, cap;
};

static const staged *find(const struct wt_audit_stage *s, const git_oid *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (git_oid_equal(&s->v[i].id, id))
			return &s->v[i];
	return NULL;
}

static int stage_read(void **out, size_t *len, git_object_t *type, git_odb_backend *b,
		      const git_oid *id)
{
	const staged *o = find((struct wt_audit_stage *)b, id);
	void *copy;

	if (o == NULL)
		return GIT_ENOTFOUND;
	copy = git_odb_backend_data_alloc(b, o->len ? o->len : 1);
	if (copy == NULL)
		return -1;
	if (o->len)
		memcpy(copy, o->data, o->len);
	*out = copy;
	*len = o->len;
	*type = o->type;
	return 0;
}

static int stage_read_header(size_t *len, git_object_t *type, git_odb_backend *b, const git_oid *id)
{
	const staged *o = find((struct wt_audit_stage *)b, id);

	if (o == NULL)
		return GIT_ENOTFOUND;
	*len = o->len;
	*type = o->type;
	return 0;
}

static int stage_exists(git_odb_backend *b, const git_oid *id)
{
	return find((struct wt_audit_stage *)b, id) != NULL;
}

static int stage_write(git_odb_backend *b, const git_oid *id, const void *data, size_t len,
		       git_object_t type)
{
	struct wt_audit_stage *s = (struct wt_audit_stage *)b;
	staged *o;

	if (find(s, id) != NULL)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		staged *v;
		if (cap > STAGE_OBJECTS_MAX) {
			git_error_set_str(GIT_ERROR_ODB, "too many objects staged for one event");
			return -1;
		}
		v = realloc(s->v, cap * sizeof(*v));
		if (v == NULL) {
			git_error_set_oom();
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	o = &s->v[s->n];
	o->data = malloc(len ? len : 1);
	if (o->data == NULL) {
		git_error_set_oom();
		return -1;
	}
	if (len)
		memcpy(o->data, data, len);
	git_oid_cpy(&o->id, id);
	o->len = len;
	o->type = type;
	s->n++;
	return 0;
}

static void stage_clear(struct wt_audit_stage *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].data);
	s->n = 0;
}

static void stage_free(git_odb_backend *b)
{
	struct wt_audit_stage *s = (struct wt_audit_stage *)b;

	stage_clear(s);
	free(s->v);
	free(s);
}

int wt_audit_stage_attach(wt_audit *a, wt_error *err)
{
	struct wt_audit_stage *s;
	git_odb *odb = NULL;

	if (a->stage != NULL)
		return 0;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (git_odb_init_backend(&s->parent, GIT_ODB_BACKEND_VERSION) < 0) {
		free(s);
		return wt_audit_fail(err, WT_EENV, "audit_schrijven", "De git-objectopslag kon niet worden ingesteld");
	}
	s->parent.read = stage_read;
	s->parent.read_header = stage_read_header;
	s->parent.exists = stage_exists;
	s->parent.write = stage_write;
	s->parent.free = stage_free;
	if (git_repository_odb(&odb, a->repo) < 0 ||
	    git_odb_add_backend(odb, &s->parent, STAGE_PRIORITY) < 0) {
		git_odb_free(odb);
		free(s);
		return wt_audit_fail(err, WT_EENV, "audit_schrijven", "De git-objectopslag kon niet worden ingesteld");
	}
	/* From here on the object database owns the backend and frees it with the repository. */
	git_odb_free(odb);
	a->stage = s;
	return 0;
}

void wt_audit_stage_discard(wt_audit *a)
{
	if (a->stage != NULL)
		stage_clear(a->stage);
}

/* Opens <repo>/objects/pack into packdir. */
static int pack_dir(const wt_audit *a, char *packdir, size_t size, wt_error *err)
{
	return wt_audit_subpath(a, "objects/pack", packdir, size, err);
}

/* Pack object type numbers (gitformat-pack). */
static int pack_type(git_object_t t)
{
	switch (t) {
	case GIT_OBJECT_COMMIT: return 1;
	case GIT_OBJECT_TREE: return 2;
	case GIT_OBJECT_BLOB: return 3;
	case GIT_OBJECT_TAG: return 4;
	default: return -1;
	}
}

/* Appends one object: the type-and-size header, then the zlib stream of its data. */
static int add_object(wt_buf *b, git_object_t otype, const void *data, size_t len)
{
	unsigned char head[16], *out;
	size_t n = 0, size = len;
	uLongf zlen;
	int type = pack_type(otype);

	if (type < 0)
		return -1;
	head[n] = (unsigned char)((type << 4) | (size & 0x0f));
	size >>= 4;
	while (size > 0) {
		head[n++] |= 0x80;
		head[n] = (unsigned char)(size & 0x7f);
		size >>= 7;
	}
	n++;
	zlen = compressBound((uLong)len);
	out = malloc(zlen);
	if (out == NULL)
		return -1;
	if (compress2(out, &zlen, data, (uLong)len, Z_BEST_SPEED) != Z_OK ||
	    wt_buf_add(b, head, n) < 0 || wt_buf_add(b, out, zlen) < 0) {
		free(out);
		return -1;
	}
	free(out);
	return 0;
}

/*
 * Yields object i of a pack being written; *hold (freed after use) may keep its data alive.
 * 0, or a negative wt code with err filled.
 */
typedef int (*pack_source)(void *ctx, size_t i, git_object_t *type, const void **data, size_t *len,
			   git_odb_object **hold, wt_error *err);

/* Starts a pack stream in pack: "PACK", version 2, the number of objects. */
static int pack_head(wt_buf *pack, size_t n)
{
	unsigned char head[12] = {'P', 'A', 'C', 'K', 0, 0, 0, 2};

	head[8] = (unsigned char)(n >> 24);
	head[9] = (unsigned char)(n >> 16);
	head[10] = (unsigned char)(n >> 8);
	head[11] = (unsigned char)n;
	return wt_buf_add(pack, head, sizeof(head));
}

/*
 * Ends the pack stream in pack (n objects after pack_head) with the SHA-1 of all of it; then
 * git's indexer checks it (inflating every object and hashing it for its id), writes the pack
 * and its index and, with GIT_OPT_ENABLE_FSYNC_GITDIR, fsyncs both and objects/pack/ before it
 * returns. The new pack's name goes to name.
 */
static int index_pack(wt_audit *a, wt_buf *pack, size_t n, char name[WT_OID_HEX + 1], wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int sum_len = 0;
	git_indexer_options opts;
	git_indexer_progress stats;
	git_indexer *ix = NULL;
	int rc = pack_dir(a, packdir, sizeof(packdir), err);

	if (rc < 0)
		return rc;
	if (EVP_Digest(pack->data, pack->len, sum, &sum_len, EVP_sha1(), NULL) != 1 || sum_len != 20 ||
	    wt_buf_add(pack, sum, sum_len) < 0)
		return wt_error_set(err, WT_EENV, "geheugen", "Het pakbestand kon niet worden afgesloten.");
	git_indexer_options_init(&opts, GIT_INDEXER_OPTIONS_VERSION);
	memset(&stats, 0, sizeof(stats));
	if (git_indexer_new(&ix, packdir, 0, NULL, &opts) < 0 ||
	    git_indexer_append(ix, pack->data, pack->len, &stats) < 0 ||
	    git_indexer_commit(ix, &stats) < 0 || stats.indexed_objects != n)
		rc = wt_audit_fail(err, WT_EENV, "audit_schrijven", "Het pakbestand kon niet worden geschreven");
	else
		wt_strlcpy(name, git_indexer_name(ix), WT_OID_HEX + 1);
	git_indexer_free(ix);
	return rc;
}

/*
 * Writes n objects as one pack, every object whole (no deltas: maintain computes those when it
 * combines larger packs), through index_pack. Built here rather than with git_packbuilder,
 * whose writing lists every ref of the repository (it looks for tags): a folder entry per
 * case, per event, against promise 6.
 */
static int write_pack(wt_audit *a, size_t n, pack_source get, void *ctx, char name[WT_OID_HEX + 1],
		      wt_error *err)
{
	wt_buf pack;
	size_t i;
	int rc = 0;

	wt_buf_init(&pack, WT_AUDIT_PACK_WRITE_MAX);
	if (pack_head(&pack, n) < 0)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen voor het pakbestand.");
	for (i = 0; rc == 0 && i < n; i++) {
		git_odb_object *hold = NULL;
		const void *data = NULL;
		git_object_t type = GIT_OBJECT_INVALID;
		size_t len = 0;
		rc = get(ctx, i, &type, &data, &len, &hold, err);
		if (rc == 0 && add_object(&pack, type, data, len) < 0)
			rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen voor het pakbestand.");
		git_odb_object_free(hold);
	}
	if (rc == 0)
		rc = index_pack(a, &pack, n, name, err);
	wt_buf_release(&pack);
	return rc;
}

/* Makes a pack written meanwhile visible to this handle's object database. */
static int refresh(wt_audit *a, wt_error *err)
{
	git_odb *odb = NULL;
	int rc = 0;

	if (git_repository_odb(&odb, a->repo) < 0 || git_odb_refresh(odb) < 0)
		rc = wt_audit_fail(err, WT_EENV, "audit_lezen", "De objectdatabase kon niet worden ververst");
	git_odb_free(odb);
	return rc;
}

/*
 * Opens the repository afresh after packs were deleted, and to let go of everything libgit2
 * keeps per open pack. libgit2 1.5 never forgets a pack it once loaded: a refresh only adds,
 * so a long-running writer would search (and fail to open, with a formatted error each time)
 * every pack combined away since it started: measured as the bulk load slowing from 99 to 54
 * events/s. Giving the repository a new object database (git_repository_set_odb) is not
 * enough: measured with a small program, the repository's first database stays alive with
 * all its packs (their indexes stay mapped) until the repository itself is freed. So the
 * repository is. Callers hold no libgit2 object across this (events and walks release theirs
 * first); the stage went with the old database, and the next event attaches a new one.
 */
static int reopen_repo(wt_audit *a, wt_error *err)
{
	git_repository *fresh = NULL;

	if (git_repository_open_ext(&fresh, a->path, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
				    NULL) < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "De audit-repository kon niet opnieuw worden geopend");
	git_repository_free(a->repo);
	a->repo = fresh;
	a->stage = NULL;
	return 0;
}

int wt_audit_release_packs(wt_audit *a, wt_error *err)
{
	int rc;

	if (a->stage != NULL && a->stage->n > 0)
		return 0; /* an event is being written: its objects stay */
	rc = reopen_repo(a, err);
	a->walk_steps = 0;
	wt_audit_trim();
	return rc;
}

unsigned long wt_audit_release_every = 1000;

int wt_audit_walk_step(wt_audit *a, wt_error *err)
{
	if (++a->walk_steps < wt_audit_release_every)
		return 0;
	return wt_audit_release_packs(a, err);
}

void wt_audit_trim(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

static int staged_source(void *ctx, size_t i, git_object_t *type, const void **data, size_t *len,
			 git_odb_object **hold, wt_error *err)
{
	const struct wt_audit_stage *s = ctx;

	(void)err;
	*hold = NULL;
	*type = s->v[i].type;
	*data = s->v[i].data;
	*len = s->v[i].len;
	return 0;
}

int wt_audit_stage_write(wt_audit *a, wt_error *err)
{
	struct wt_audit_stage *s = a->stage;
	char name[WT_OID_HEX + 1];
	int rc;

	if (s == NULL || s->n == 0)
		return 0;
	rc = write_pack(a, s->n, staged_source, s, name, err);
	if (rc < 0)
		return rc;
	stage_clear(s);
	/* Let the pack backend see the new pack now rather than on the first missed lookup. */
	return refresh(a, err);
}

/* ---- combining packs ---- */

typedef wt_audit_pack_file pack_file;

static int cmp_size(const void *x, const void *y)
{
	const pack_file *a = x, *b = y;

	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return strcmp(a->name, b->name);
}

int wt_audit_pack_idx_name(const char *name, char stem[64])
{
	size_t i, n = strlen(name);

	if (n != 5 + WT_OID_HEX + 4 || strncmp(name, "pack-", 5) != 0 || strcmp(name + n - 4, ".idx") != 0)
		return 0;
	for (i = 5; i < 5 + WT_OID_HEX; i++)
		if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	memcpy(stem, name, n - 4);
	stem[n - 4] = '\0';
	return 1;
}

int wt_audit_remove_debris(wt_audit *a, size_t *out_removed, wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], p[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = pack_dir(a, packdir, sizeof(packdir), err);

	*out_removed = 0;
	if (rc < 0)
		return rc;
	d = opendir(packdir);
	if (d == NULL)
		return errno == ENOENT ? 0 : wt_error_set(err, WT_EENV, "audit_lezen",
							   "De map %s kon niet worden gelezen (%s).",
							   packdir, strerror(errno));
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char stem[64];
		int debris = strncmp(e->d_name, "pack_git2_", 10) == 0;

		if (!debris && wt_audit_pack_idx_name(e->d_name, stem)) {
			snprintf(p, sizeof(p), "%s/%s.pack", packdir, stem);
			debris = stat(p, &st) < 0 && errno == ENOENT;
		}
		if (!debris)
			continue;
		int len = snprintf(p, sizeof(p), "%s/%s", packdir, e->d_name);

		if (len < 0 || (size_t)len >= sizeof(p))
			continue;
		if (unlink(p) == 0)
			(*out_removed)++;
		else if (errno != ENOENT && errno != EISDIR && errno != EPERM) /* a folder: not ours */
			rc = wt_error_set(err, WT_EENV, "audit_schrijven",
					  "Het restbestand %s kon niet worden verwijderd (%s).", p, strerror(errno));
	}
	closedir(d);
	return rc;
}

int wt_audit_list_packs(const wt_audit *a, int with_keep, wt_audit_pack_file **out, size_t *n_out,
			wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], p[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	pack_file *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = pack_dir(a, packdir, sizeof(packdir), err);

	*out = NULL;
	*n_out = 0;
	if (rc < 0)
		return rc;
	d = opendir(packdir);
	if (d == NULL && errno == ENOENT)
		return 0; /* no packs at all */
	if (d == NULL)
		return wt_error_set(err, WT_EENV, "audit_lezen", "De map %s kon niet worden gelezen (%s).",
				    packdir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char stem[64];
		if (!wt_audit_pack_idx_name(e->d_name, stem))
			continue;
		snprintf(p, sizeof(p), "%s/%s.keep", packdir, stem);
		if (!with_keep && access(p, F_OK) == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s.pack", packdir, stem);
		if (stat(p, &st) != 0)
			continue; /* libgit2 passes over an index without its pack too */
		if (n == cap) {
			pack_file *grown = realloc(v, (cap ? 2 * cap : 16) * sizeof(*v));
			if (grown == NULL) {
				rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
				break;
			}
			v = grown;
			cap = cap ? 2 * cap : 16;
		}
		wt_strlcpy(v[n].name, stem, sizeof(v[n].name));
		v[n].size = st.st_size;
		v[n].mtime = st.st_mtime;
		n++;
	}
	closedir(d);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n_out = n;
	return 0;
}

int wt_audit_pack_count(wt_audit *a, long below, size_t *out_small, size_t *out_all, wt_error *err)
{
	pack_file *v = NULL;
	size_t n = 0, i;
	int rc = wt_audit_list_packs(a, 0, &v, &n, err);

	*out_small = 0;
	for (i = 0; rc == 0 && i < n; i++)
		*out_small += v[i].size < below;
	if (out_all != NULL)
		*out_all = n;
	free(v);
	return rc;
}

/* The object ids of the packs being combined. */
typedef struct id_list {
	git_oid *v;
	size_t n, cap;
} id_list;

static int push_id(const git_oid *id, void *payload)
{
	id_list *l = payload;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		git_oid *v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	git_oid_cpy(&l->v[l->n++], id);
	return 0;
}

/* Adds the ids of every object of one pack, listed from its own index. */
static int list_pack_ids(const char *packdir, const char *stem, id_list *ids, wt_error *err)
{
	char idx[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	git_odb_backend *one = NULL;
	git_odb *odb = NULL;
	int rc = 0;

	snprintf(idx, sizeof(idx), "%s/%s.idx", packdir, stem);
	if (git_odb_new(&odb) < 0 || git_odb_backend_one_pack(&one, idx) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Een pakbestand kon niet worden gelezen");
		goto cleanup;
	}
	if (git_odb_add_backend(odb, one, 1) < 0) {
		one->free(one);
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Een pakbestand kon niet worden gelezen");
		goto cleanup;
	}
	if (git_odb_foreach(odb, push_id, ids) < 0)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen om pakbestanden samen te voegen.");
cleanup:
	git_odb_free(odb);
	return rc;
}

static int cmp_oid(const void *x, const void *y)
{
	return git_oid_cmp(x, y);
}

typedef struct odb_ctx {
	git_odb *odb;
	const id_list *ids;
} odb_ctx;

static int odb_source(void *ctx, size_t i, git_object_t *type, const void **data, size_t *len,
		      git_odb_object **hold, wt_error *err)
{
	const odb_ctx *c = ctx;
	char hex[WT_OID_HEX + 1];
	int grc = git_odb_read(hold, c->odb, &c->ids->v[i]);

	if (grc < 0) {
		*hold = NULL;
		wt_audit_oid_hex(hex, &c->ids->v[i]);
		return wt_audit_fail_object(err, grc, hex);
	}
	*type = git_odb_object_type(*hold);
	*data = git_odb_object_data(*hold);
	*len = git_odb_object_size(*hold);
	return 0;
}

/* ---- combining small packs by copying their entries ---- */

/* One whole object of a small pack, copied as it lies there (header and zlib stream). */
typedef struct raw_entry {
	git_oid id;
	const unsigned char *at; /* into the pack's bytes */
	size_t len;
} raw_entry;

typedef struct raw_set {
	raw_entry *v;
	size_t n, cap;
	unsigned char **packs; /* the packs' bytes, freed at the end */
	size_t n_packs;
} raw_set;

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The whole file path of at most max bytes, as bytes: 0 with *out (caller frees), or -1. */
static int slurp(const char *path, size_t max, unsigned char **out, size_t *len)
{
	char *data = NULL;
	wt_error ignored; /* a file that cannot be read makes the pack unfit: libgit2 takes over */

	*out = NULL;
	if (wt_read_file(path, max, &data, len, &ignored) < 0)
		return -1;
	*out = (unsigned char *)data;
	return 0;
}

static int cmp_raw_offset(const void *x, const void *y)
{
	const raw_entry *a = x, *b = y;

	return a->at < b->at ? -1 : a->at > b->at;
}

static int cmp_raw_id(const void *x, const void *y)
{
	const raw_entry *a = x, *b = y;
	int c = git_oid_cmp(&a->id, &b->id);

	return c != 0 ? c : cmp_raw_offset(x, y);
}

/*
 * Adds the entries of the small pack stem to set, from its version-2 index (ids, offsets) and
 * the pack's bytes. 0, or 1 when the pack is not one this copying handles (another index
 * version, an offset beyond 2 GiB, a delta entry, entries that do not tile the pack exactly):
 * then the caller reads the objects through libgit2 instead.
 */
static int add_raw_pack(raw_set *set, const char *packdir, const char *stem)
{
	static const unsigned char magic[8] = {0xff, 't', 'O', 'c', 0, 0, 0, 2};
	char p[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	unsigned char *idx = NULL, *pack = NULL, **packs;
	size_t idx_len = 0, pack_len = 0, n, i, first = set->n, end;
	const unsigned char *ids, *offs;

	snprintf(p, sizeof(p), "%s/%s.idx", packdir, stem);
	if (slurp(p, (size_t)WT_AUDIT_TINY_PACK_BYTES * 4, &idx, &idx_len) < 0)
		return 1;
	snprintf(p, sizeof(p), "%s/%s.pack", packdir, stem);
	if (slurp(p, (size_t)WT_AUDIT_TINY_PACK_BYTES, &pack, &pack_len) < 0)
		goto unfit;
	if (idx_len < 8 + 256 * 4 + 40 || memcmp(idx, magic, sizeof(magic)) != 0)
		goto unfit;
	n = be32(idx + 8 + 255 * 4);
	/* Exactly fanout, ids, CRCs, 32-bit offsets and the two checksums: no 64-bit offsets. */
	if (n == 0 || idx_len != 8 + 256 * 4 + n * (GIT_OID_RAWSZ + 8) + 40 || pack_len < 12 + 20 ||
	    memcmp(pack, "PACK", 4) != 0 || be32(pack + 4) != 2 || be32(pack + 8) != n)
		goto unfit;
	packs = realloc(set->packs, (set->n_packs + 1) * sizeof(*packs));
	if (packs == NULL)
		goto unfit;
	set->packs = packs;
	set->packs[set->n_packs++] = pack;
	if (set->n + n > set->cap) {
		size_t cap = set->cap ? set->cap : 64;
		raw_entry *v;
		while (cap < set->n + n)
			cap *= 2;
		v = realloc(set->v, cap * sizeof(*v));
		if (v == NULL)
			goto unfit_kept;
		set->v = v;
		set->cap = cap;
	}
	ids = idx + 8 + 256 * 4;
	offs = ids + n * (GIT_OID_RAWSZ + 4);
	for (i = 0; i < n; i++) {
		uint32_t o = be32(offs + 4 * i);
		if (o < 12 || o >= pack_len - 20)
			goto unfit_kept;
		git_oid_fromraw(&set->v[set->n + i].id, ids + GIT_OID_RAWSZ * i);
		set->v[set->n + i].at = pack + o;
	}
	set->n += n;
	/* In pack order each entry runs to the next one; together they must fill the pack. */
	qsort(set->v + first, n, sizeof(*set->v), cmp_raw_offset);
	for (i = first; i < set->n; i++) {
		int type = (set->v[i].at[0] >> 4) & 7;
		end = i + 1 < set->n ? (size_t)(set->v[i + 1].at - pack) : pack_len - 20;
		if ((i == first && set->v[i].at != pack + 12) || (size_t)(set->v[i].at - pack) >= end ||
		    type < 1 || type > 4)
			goto unfit_kept;
		set->v[i].len = end - (size_t)(set->v[i].at - pack);
	}
	free(idx);
	return 0;
unfit_kept:
	set->n = first; /* the pack's bytes stay in set->packs, freed with the set */
	free(idx);
	return 1;
unfit:
	free(idx);
	free(pack);
	return 1;
}

static void raw_set_free(raw_set *set)
{
	size_t i;

	for (i = 0; i < set->n_packs; i++)
		free(set->packs[i]);
	free(set->packs);
	free(set->v);
}

/*
 * Combines the small packs v[0..k) of whole objects into one by copying their entries as they
 * are, compressed: no inflating and deflating here (measured as half of an inline combination's
 * CPU when the objects were read through libgit2 and compressed again). Safe because git's
 * indexer inflates and hashes every copied object to give it its id, and the new pack must hold
 * exactly the ids the old indexes list: a damaged entry either does not inflate (the indexer
 * fails) or gives other content and so another id; either way the new pack is removed and the
 * old ones stay. 0 with the new pack's name in written, 1 when the packs do not qualify (see
 * add_raw_pack; the caller combines them through libgit2), or a negative wt code.
 */
static int combine_raw(wt_audit *a, const char *packdir, const pack_file *v, size_t k,
		       char written[WT_OID_HEX + 1], wt_error *err)
{
	char p[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX], stem[64];
	raw_set set;
	id_list got;
	wt_buf pack;
	size_t i, n = 0;
	int rc = 0;

	memset(&set, 0, sizeof(set));
	memset(&got, 0, sizeof(got));
	for (i = 0; i < k && rc == 0; i++)
		rc = add_raw_pack(&set, packdir, v[i].name);
	if (rc != 0) {
		raw_set_free(&set);
		return 1;
	}
	/* An object in two packs (written again after a crash) goes in once. */
	qsort(set.v, set.n, sizeof(*set.v), cmp_raw_id);
	for (i = 0; i < set.n; i++)
		if (n == 0 || !git_oid_equal(&set.v[n - 1].id, &set.v[i].id))
			set.v[n++] = set.v[i];
	set.n = n;
	wt_buf_init(&pack, WT_AUDIT_PACK_WRITE_MAX);
	if (pack_head(&pack, set.n) < 0)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen voor het pakbestand.");
	for (i = 0; rc == 0 && i < set.n; i++)
		if (wt_buf_add(&pack, set.v[i].at, set.v[i].len) < 0)
			rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen voor het pakbestand.");
	if (rc == 0)
		rc = index_pack(a, &pack, set.n, written, err);
	wt_buf_release(&pack);
	if (rc == 0) {
		snprintf(stem, sizeof(stem), "pack-%s", written);
		rc = list_pack_ids(packdir, stem, &got, err);
	}
	if (rc == 0) {
		int same = got.n == set.n;
		qsort(got.v, got.n, sizeof(*got.v), cmp_oid);
		for (i = 0; same && i < got.n; i++)
			same = git_oid_equal(&got.v[i], &set.v[i].id);
		if (!same)
			rc = wt_error_set(err, WT_EINTEGRITY, "pak_beschadigd",
					  "Kleine pakbestanden samenvoegen: het nieuwe pakbestand bevat "
					  "andere objecten dan de oude (een oud pakbestand is beschadigd); "
					  "niets verwijderd. Draai 'weegteam verify'.");
		if (rc < 0) {
			for (i = 0; i < k && strcmp(v[i].name + 5, written) != 0; i++)
				;
			if (i == k) { /* not an old pack's name: the new pack goes, the old ones stay */
				snprintf(p, sizeof(p), "%s/%s.idx", packdir, stem);
				unlink(p);
				snprintf(p, sizeof(p), "%s/%s.pack", packdir, stem);
				unlink(p);
			}
		}
	}
	free(got.v);
	raw_set_free(&set);
	return rc;
}

/*
 * Writes the objects of ids as one pack: with deltas through git_packbuilder (maintain: it
 * also lists every ref, which maintain can afford once in a while), or whole through
 * write_pack (after an event). The new pack's name goes to name.
 */
static int write_combined(wt_audit *a, const char *packdir, id_list *ids, int deltas,
			  char name[WT_OID_HEX + 1], wt_error *err)
{
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	odb_ctx ctx;
	size_t i, n = 0;
	int rc = 0;

	name[0] = '\0';
	/* An object in two packs (written again after a crash) goes in once. */
	qsort(ids->v, ids->n, sizeof(*ids->v), cmp_oid);
	for (i = 0; i < ids->n; i++)
		if (n == 0 || !git_oid_equal(&ids->v[n - 1], &ids->v[i]))
			git_oid_cpy(&ids->v[n++], &ids->v[i]);
	ids->n = n;
	if (deltas) {
		if (git_packbuilder_new(&pb, a->repo) < 0)
			return wt_audit_fail(err, WT_EENV, "inpakken", "Het samenvoegen kon niet beginnen");
		git_packbuilder_set_threads(pb, 1);
		for (i = 0; i < ids->n && rc == 0; i++) {
			int grc = git_packbuilder_insert(pb, &ids->v[i], NULL);
			if (grc < 0) {
				char hex[WT_OID_HEX + 1];
				wt_audit_oid_hex(hex, &ids->v[i]);
				rc = wt_audit_fail_object(err, grc, hex);
			}
		}
		if (rc == 0 && git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0)
			rc = wt_audit_fail(err, WT_EENV, "inpakken",
					   "Het samengevoegde pakbestand kon niet worden geschreven");
		if (rc == 0 && git_packbuilder_name(pb) != NULL)
			wt_strlcpy(name, git_packbuilder_name(pb), WT_OID_HEX + 1);
		git_packbuilder_free(pb);
		return rc;
	}
	if (git_repository_odb(&odb, a->repo) < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "De objectdatabase is onleesbaar");
	ctx.odb = odb;
	ctx.ids = ids;
	rc = write_pack(a, ids->n, odb_source, &ctx, name, err);
	git_odb_free(odb);
	return rc;
}

/*
 * Combines packs under max_bytes: the geometric choice among them (see
 * wt_audit_combine_packs), or with geometric 0 all of them.
 */
static int combine(wt_audit *a, long max_bytes, int deltas, int geometric, size_t *out_combined,
		   wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], p[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	char written[WT_OID_HEX + 1];
	id_list ids;
	pack_file *v = NULL;
	size_t n = 0, k, i;
	off_t total;
	int rc;

	*out_combined = 0;
	memset(&ids, 0, sizeof(ids));
	if (a->lock_fd < 0)
		return wt_error_set(err, WT_EENV, "intern",
				    "Interne fout: pakbestanden samenvoegen zonder het slot op de audit-repository.");
	rc = pack_dir(a, packdir, sizeof(packdir), err);
	if (rc == 0)
		rc = wt_audit_list_packs(a, 0, &v, &n, err);
	if (rc < 0)
		goto cleanup;
	/*
	 * Geometric: the smallest packs are combined while the next one is less than
	 * COMBINE_FACTOR times all those before it, so the sizes of the packs that stay double
	 * from one to the next. Packs of max_bytes or more are left alone: one call then reads
	 * and writes at most about twice that, whatever the archive's size (promise 6), and the
	 * number of packs grows by one per that many bytes.
	 */
	qsort(v, n, sizeof(*v), cmp_size);
	while (n > 0 && v[n - 1].size >= max_bytes)
		n--;
	if (n < 2)
		goto cleanup;
	/* Up to and with the largest pack that is less than COMBINE_FACTOR times all the smaller
	 * ones together: above it every pack is at least that, so the sizes that stay at least
	 * double. (Stopping at the first pack that is not, as before, left a row of equal packs
	 * above one small pack alone for ever: 50 packs of 85 KB at 30,000 cases.) */
	k = geometric ? 0 : n;
	total = v[0].size;
	for (i = 1; geometric && i < n; i++) {
		if (v[i].size < COMBINE_FACTOR * total)
			k = i + 1;
		total += v[i].size;
	}
	if (k < 2)
		goto cleanup;
	rc = deltas ? 1 : combine_raw(a, packdir, v, k, written, err);
	if (rc == 1) {
		rc = 0;
		for (i = 0; i < k && rc == 0; i++)
			rc = list_pack_ids(packdir, v[i].name, &ids, err);
		if (rc == 0)
			rc = write_combined(a, packdir, &ids, deltas, written, err);
	}
	if (rc == 0)
		rc = wt_fsync_dir(packdir, err);
	if (rc < 0)
		goto cleanup;
	/* The combined pack is durable: the old ones go, index first so that nobody lists a pack
	 * whose data is gone. (Should the new pack have an old one's name, that one stays.) */
	for (i = 0; i < k; i++) {
		if (strcmp(v[i].name + 5, written) == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s.idx", packdir, v[i].name);
		unlink(p);
		snprintf(p, sizeof(p), "%s/%s.pack", packdir, v[i].name);
		unlink(p);
	}
	rc = wt_fsync_dir(packdir, err);
	if (rc == 0)
		rc = reopen_repo(a, err);
	if (rc == 0)
		*out_combined = k;
cleanup:
	free(ids.v);
	free(v);
	return rc;
}

int wt_audit_combine_packs(wt_audit *a, long max_bytes, size_t *out_combined, wt_error *err)
{
	return combine(a, max_bytes, 1, 1, out_combined, err);
}

int wt_audit_combine_some(wt_audit *a)
{
	size_t small = 0, combined = 0;
	wt_error ignored;

	wt_error_clear(&ignored);
	if (wt_audit_pack_count(a, WT_AUDIT_TINY_PACK_BYTES, &small, NULL, &ignored) < 0 ||
	    small < WT_AUDIT_PACKS_INLINE)
		return 0;
	/* All the tiny ones, as whole objects: no git_packbuilder (it would list every ref, see
	 * write_pack) and no cascade into larger packs (that is maintain's work, with deltas).
	 * The result is larger than WT_AUDIT_TINY_PACK_BYTES as a rule, so it is written once. */
	return combine(a, WT_AUDIT_TINY_PACK_BYTES, 0, 0, &combined, &ignored) < 0 ? -1 : 1;
}
