/* pack.c: an event's new objects written as one small pack; small packs combined geometrically. */
#include "internal.h"

#include <git2/sys/odb_backend.h>

#include "core/buf.h"

#include <dirent.h>
#include <errno.h>
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

int wt_audit_stage_write(wt_audit *a, wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], hex[WT_OID_HEX + 1];
	struct wt_audit_stage *s = a->stage;
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	size_t i;
	int rc, grc;

	if (s == NULL || s->n == 0)
		return 0;
	rc = pack_dir(a, packdir, sizeof(packdir), err);
	if (rc < 0)
		return rc;
	if (git_packbuilder_new(&pb, a->repo) < 0)
		return wt_audit_fail(err, WT_EENV, "audit_schrijven", "Het pakbestand kon niet worden begonnen");
	git_packbuilder_set_threads(pb, 1);
	for (i = 0; i < s->n; i++) {
		grc = git_packbuilder_insert(pb, &s->v[i].id, NULL);
		if (grc < 0) {
			wt_audit_oid_hex(hex, &s->v[i].id);
			rc = wt_audit_fail_object(err, grc, hex);
			goto cleanup;
		}
	}
	/* With GIT_OPT_ENABLE_FSYNC_GITDIR the pack, its index and objects/pack/ are fsynced
	 * before this returns: the event's objects are durable before the journal moves. */
	if (git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0 ||
	    git_packbuilder_written(pb) != s->n) {
		rc = wt_audit_fail(err, WT_EENV, "audit_schrijven",
				   "De gebeurtenis kon niet als pakbestand worden geschreven");
		goto cleanup;
	}
	stage_clear(s);
	/* Let the pack backend see the new pack now rather than on the first missed lookup. */
	if (git_repository_odb(&odb, a->repo) < 0 || git_odb_refresh(odb) < 0)
		rc = wt_audit_fail(err, WT_EENV, "audit_lezen", "De objectdatabase kon niet worden ververst");
cleanup:
	git_odb_free(odb);
	git_packbuilder_free(pb);
	return rc;
}

/* ---- combining packs ---- */

typedef struct pack_file {
	char name[64]; /* "pack-<40 hex>" */
	off_t size;    /* of the .pack: the weight */
} pack_file;

static int cmp_size(const void *x, const void *y)
{
	const pack_file *a = x, *b = y;

	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* 1 when name is "pack-<40 hex>.idx"; the stem (without .idx) goes to stem. */
static int pack_idx_name(const char *name, char stem[64])
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

/*
 * The packs in objects/pack that have both files and no .keep, into *out (caller frees), with
 * their sizes. O(number of packs): one folder read and a stat per pack.
 */
static int list_packs(const wt_audit *a, pack_file **out, size_t *n_out, wt_error *err)
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
	if (d == NULL)
		return wt_error_set(err, WT_EENV, "audit_lezen", "De map %s kon niet worden gelezen (%s).",
				    packdir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char stem[64];
		if (!pack_idx_name(e->d_name, stem))
			continue;
		snprintf(p, sizeof(p), "%s/%s.keep", packdir, stem);
		if (access(p, F_OK) == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s.pack", packdir, stem);
		if (stat(p, &st) != 0)
			continue;
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
	int rc = list_packs(a, &v, &n, err);

	*out_small = 0;
	for (i = 0; rc == 0 && i < n; i++)
		*out_small += v[i].size < below;
	if (out_all != NULL)
		*out_all = n;
	free(v);
	return rc;
}

static int insert_oid(const git_oid *id, void *payload)
{
	return git_packbuilder_insert(payload, id, NULL);
}

/* Inserts every object of one pack (listed from its own index) into pb. */
static int insert_pack(git_packbuilder *pb, const char *packdir, const char *stem, wt_error *err)
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
	if (git_odb_foreach(odb, insert_oid, pb) < 0)
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Een object kon niet worden overgenomen");
cleanup:
	git_odb_free(odb);
	return rc;
}

int wt_audit_combine_packs(wt_audit *a, long max_bytes, size_t *out_combined, wt_error *err)
{
	char packdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], p[WT_AUDIT_PATH_MAX + 2 * WT_AUDIT_SUB_MAX];
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	pack_file *v = NULL;
	size_t n = 0, k, i;
	off_t total;
	int rc;

	*out_combined = 0;
	if (a->lock_fd < 0)
		return wt_error_set(err, WT_EENV, "intern",
				    "Interne fout: pakbestanden samenvoegen zonder het slot op de audit-repository.");
	rc = pack_dir(a, packdir, sizeof(packdir), err);
	if (rc == 0)
		rc = list_packs(a, &v, &n, err);
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
	total = v[0].size;
	for (k = 1; k < n && v[k].size < COMBINE_FACTOR * total; k++)
		total += v[k].size;
	if (k < 2)
		goto cleanup;
	if (git_packbuilder_new(&pb, a->repo) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Het samenvoegen kon niet beginnen");
		goto cleanup;
	}
	git_packbuilder_set_threads(pb, 1);
	for (i = 0; i < k && rc == 0; i++)
		rc = insert_pack(pb, packdir, v[i].name, err);
	if (rc < 0)
		goto cleanup;
	if (git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "Het samengevoegde pakbestand kon niet worden geschreven");
		goto cleanup;
	}
	rc = wt_audit_fsync_dir(packdir, err);
	if (rc < 0)
		goto cleanup;
	/* The combined pack is durable: the old ones go, index first so that nobody lists a pack
	 * whose data is gone. (When every object was already in one of them, the "new" pack is
	 * one of the old ones: it stays.) */
	for (i = 0; i < k; i++) {
		const char *written = git_packbuilder_name(pb);
		if (written != NULL && strcmp(v[i].name + 5, written) == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s.idx", packdir, v[i].name);
		unlink(p);
		snprintf(p, sizeof(p), "%s/%s.pack", packdir, v[i].name);
		unlink(p);
	}
	rc = wt_audit_fsync_dir(packdir, err);
	if (rc == 0 && (git_repository_odb(&odb, a->repo) < 0 || git_odb_refresh(odb) < 0))
		rc = wt_audit_fail(err, WT_EENV, "inpakken", "De objectdatabase kon niet worden ververst");
	if (rc == 0)
		*out_combined = k;
cleanup:
	git_odb_free(odb);
	git_packbuilder_free(pb);
	free(v);
	return rc;
}

int wt_audit_combine_some(wt_audit *a)
{
	size_t small = 0, combined = 0;
	wt_error ignored;

	wt_error_clear(&ignored);
	if (wt_audit_pack_count(a, WT_AUDIT_COMBINE_INLINE_BYTES, &small, NULL, &ignored) < 0 ||
	    small < WT_AUDIT_PACKS_INLINE)
		return 0;
	return wt_audit_combine_packs(a, WT_AUDIT_COMBINE_INLINE_BYTES, &combined, &ignored) < 0 ? -1 : 1;
}
