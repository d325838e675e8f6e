/* objects.c: the object database as a whole: checking every object, packing loose ones. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

/*
 * Lists the loose objects of the repository by their file names (objects/ab/cdef...).
 * With o NULL only counts. 0, or -WT_EENV.
 */
static int scan_loose(const wt_audit *a, struct oids *o, size_t *count, wt_error *err)
{
	char objdir[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], sub[sizeof(objdir) + 8];
	char hex[WT_OID_HEX + 1];
	DIR *d, *s;
	struct dirent *de, *fe;
	git_oid id;
	int rc;

	*count = 0;
	rc = wt_audit_subpath(a, "objects", objdir, sizeof(objdir), err);
	if (rc < 0)
		return rc;
	d = opendir(objdir);
	if (d == NULL)
		return wt_error_set(err, WT_EENV, "audit_lezen", "De map %s is onleesbaar (%s).",
				    objdir, strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!all_hex(de->d_name, LOOSE_DIR_LEN))
			continue;
		snprintf(sub, sizeof(sub), "%s/%.2s", objdir, de->d_name);
		s = opendir(sub);
		if (s == NULL)
			continue;
		while (rc == 0 && (fe = readdir(s)) != NULL) {
			if (!all_hex(fe->d_name, LOOSE_FILE_LEN))
				continue;
			(*count)++;
			if (o == NULL)
				continue;
			memcpy(hex, de->d_name, LOOSE_DIR_LEN);
			memcpy(hex + LOOSE_DIR_LEN, fe->d_name, LOOSE_FILE_LEN + 1);
			if (git_oid_fromstr(&id, hex) == 0 && oids_push(o, &id) < 0)
				rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		}
		closedir(s);
	}
	closedir(d);
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
		if (all_hex(fe->d_name, LOOSE_FILE_LEN))
			(*out)++;
	closedir(s);
	*out *= 256;
	return 0;
}

static int collect_oid(const git_oid *id, void *payload)
{
	return oids_push(payload, id) < 0 ? -1 : 0;
}

struct check {
	git_repository *repo;
	git_odb *odb;
	wt_audit_bad_cb cb;
	void *payload;
	int stopped;
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

/* Reports ref when it is not in the database; by is the object that names it. */
static void must_exist(struct check *c, const git_oid *ref, const git_oid *by, const char *role)
{
	char text[WHAT_MAX], hex[WT_OID_HEX + 1];

	if (git_odb_exists(c->odb, ref))
		return;
	wt_audit_oid_hex(hex, by);
	snprintf(text, sizeof(text), "ontbreekt (%s van %s)", role, hex);
	bad(c, ref, text);
}

/* Checks one object: readable with the right hash, and what it names is there. */
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

int wt_audit_check_objects(wt_audit *a, wt_audit_bad_cb cb, void *payload, wt_error *err)
{
	struct check c;
	struct oids o;
	size_t i;
	int rc = 0, grc;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	c.cb = cb;
	c.payload = payload;
	/* A fresh handle: nothing read earlier through `a` is served from a cache unchecked. */
	if (git_repository_open_ext(&c.repo, a->path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, NULL) < 0 ||
	    git_repository_odb(&c.odb, c.repo) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_openen",
				   "De audit-repository kon niet worden geopend voor controle");
		goto cleanup;
	}
	grc = git_odb_foreach(c.odb, collect_oid, &o);
	if (o.oom) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto cleanup;
	}
	if (grc < 0) {
		rc = wt_audit_fail(err, WT_EINTEGRITY, "objecten_onleesbaar",
				   "De objectdatabase van de audit-repository is niet volledig leesbaar");
		goto cleanup;
	}
	for (i = 0; i < o.n && !c.stopped; i++)
		check_one(&c, &o.v[i]);
cleanup:
	free(o.v);
	git_odb_free(c.odb);
	git_repository_free(c.repo);
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
	rc = wt_audit_fsync_dir(packdir, err);
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
