/* read.c: reading the audit repository: a case's chain, its files, and the list of cases. */
#include "internal.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

/* First size of the arrays of commits and cases. */
#define READ_INITIAL 16

static int oom(wt_error *err)
{
	return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

void wt_audit_commits_free(wt_audit_commit *c, size_t n)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(c[i].message);
		free(c[i].author_name);
		free(c[i].author_email);
	}
	free(c);
}

/* Copies what callers need of commit c into out (strings malloc'd). */
static int fill_commit(wt_audit_commit *out, const git_commit *c, wt_error *err)
{
	const git_signature *au = git_commit_author(c);
	const char *msg = git_commit_message_raw(c);

	memset(out, 0, sizeof(*out));
	wt_audit_oid_hex(out->oid, git_commit_id(c));
	out->n_parents = git_commit_parentcount(c);
	if (out->n_parents > 0)
		wt_audit_oid_hex(out->parent, git_commit_parent_id(c, 0));
	wt_audit_oid_hex(out->tree, git_commit_tree_id(c));
	out->message = wt_strdup(msg ? msg : "");
	out->author_name = wt_strdup(au && au->name ? au->name : "");
	out->author_email = wt_strdup(au && au->email ? au->email : "");
	out->time = au ? (int64_t)au->when.time : 0;
	out->tz_offset_minutes = au ? au->when.offset : 0;
	if (out->message == NULL || out->author_name == NULL || out->author_email == NULL)
		return oom(err);
	return 0;
}

int wt_audit_history(wt_audit *a, const char *head, const char *stop, wt_audit_commit **out,
		     size_t *n, wt_error *err)
{
	wt_audit_commit *v = NULL, *p, tmp;
	size_t cap = 0, count = 0, i;
	git_oid cur, stop_id;
	git_commit *c = NULL;
	char hex[WT_OID_HEX + 1];
	int rc, grc, want_stop = stop != NULL && stop[0] != '\0';

	*out = NULL;
	*n = 0;
	rc = wt_audit_parse_oid(&cur, head, err);
	if (rc == 0 && want_stop)
		rc = wt_audit_parse_oid(&stop_id, stop, err);
	while (rc == 0) {
		if (want_stop && git_oid_equal(&cur, &stop_id))
			break;
		wt_audit_oid_hex(hex, &cur);
		if (count >= WT_AUDIT_CHAIN_MAX) {
			rc = wt_error_set(err, WT_EINTEGRITY, "keten_te_lang",
					  "De keten bij commit %s is langer dan toegestaan.", hex);
			break;
		}
		grc = git_commit_lookup(&c, a->repo, &cur);
		if (grc < 0) {
			rc = wt_audit_fail_object(err, grc, hex);
			break;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : READ_INITIAL;
			p = realloc(v, cap * sizeof(*p));
			if (p == NULL) {
				rc = oom(err);
				break;
			}
			v = p;
		}
		rc = fill_commit(&v[count], c, err);
		count++;
		if (rc < 0)
			break;
		if (git_commit_parentcount(c) == 0) {
			if (want_stop)
				rc = wt_error_set(err, WT_EINTEGRITY, "keten_onbekend",
						  "Commit %.40s ligt niet op de keten van het dossier.",
						  stop);
			break;
		}
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	git_commit_free(c);
	if (rc < 0) {
		wt_audit_commits_free(v, count);
		return rc;
	}
	for (i = 0; i < count / 2; i++) {
		tmp = v[i];
		v[i] = v[count - 1 - i];
		v[count - 1 - i] = tmp;
	}
	*out = v;
	*n = count;
	return 0;
}

/* The tree of the commit named by hex into *tree (caller frees). */
static int commit_tree(wt_audit *a, const char *hex, git_tree **tree, wt_error *err)
{
	git_oid id;
	git_commit *c = NULL;
	char thex[WT_OID_HEX + 1];
	int rc, grc;

	*tree = NULL;
	rc = wt_audit_parse_oid(&id, hex, err);
	if (rc < 0)
		return rc;
	grc = git_commit_lookup(&c, a->repo, &id);
	if (grc < 0)
		return wt_audit_fail_object(err, grc, hex);
	grc = git_commit_tree(tree, c);
	if (grc < 0) {
		wt_audit_oid_hex(thex, git_commit_tree_id(c));
		rc = wt_audit_fail_object(err, grc, thex);
	}
	git_commit_free(c);
	return rc;
}

int wt_audit_read(wt_audit *a, const char *commit, const char *path, char **data, size_t *len,
		  wt_error *err)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	char hex[WT_OID_HEX + 1];
	size_t size;
	int rc, grc;

	*data = NULL;
	*len = 0;
	rc = commit_tree(a, commit, &tree, err);
	if (rc < 0)
		return rc;
	grc = git_tree_entry_bypath(&entry, tree, path);
	if (grc == GIT_ENOTFOUND || (grc == 0 && git_tree_entry_type(entry) != GIT_OBJECT_BLOB)) {
		rc = 1;
		goto cleanup;
	}
	if (grc < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_lezen",
				   "Een bestand in de audit-repository is onleesbaar");
		goto cleanup;
	}
	grc = git_blob_lookup(&blob, a->repo, git_tree_entry_id(entry));
	if (grc < 0) {
		wt_audit_oid_hex(hex, git_tree_entry_id(entry));
		rc = wt_audit_fail_object(err, grc, hex);
		goto cleanup;
	}
	size = (size_t)git_blob_rawsize(blob);
	*data = malloc(size + 1);
	if (*data == NULL) {
		rc = oom(err);
		goto cleanup;
	}
	if (size > 0)
		memcpy(*data, git_blob_rawcontent(blob), size);
	(*data)[size] = '\0';
	*len = size;
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return rc;
}

int wt_audit_entry_id(wt_audit *a, const char *commit, const char *path, char out[WT_OID_HEX + 1],
		      wt_error *err)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int rc, grc;

	out[0] = '\0';
	rc = commit_tree(a, commit, &tree, err);
	if (rc < 0)
		return rc;
	grc = git_tree_entry_bypath(&entry, tree, path);
	if (grc == GIT_ENOTFOUND || (grc == 0 && git_tree_entry_type(entry) != GIT_OBJECT_BLOB))
		rc = 1;
	else if (grc < 0)
		rc = wt_audit_fail(err, WT_EENV, "audit_lezen", "Een bestand in de audit-repository is onleesbaar");
	else
		wt_audit_oid_hex(out, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return rc;
}

struct entries_walk {
	wt_audit *a;
	wt_audit_entry_cb cb;
	void *payload;
	wt_buf path;
	int stopped;
	wt_error *err;
};

/* Calls w->cb for every blob below t (path "dir/name" and blob id), depth-first in tree order. */
static int walk_entries(struct entries_walk *w, const git_tree *t, int depth)
{
	size_t i, count = git_tree_entrycount(t), keep;
	char hex[WT_OID_HEX + 1];
	git_tree *sub;
	int rc = 0, grc;

	for (i = 0; rc == 0 && !w->stopped && i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		git_object_t type = git_tree_entry_type(e);

		keep = w->path.len;
		if (wt_buf_addstr(&w->path, git_tree_entry_name(e)) < 0)
			return oom(w->err);
		wt_audit_oid_hex(hex, git_tree_entry_id(e));
		if (type == GIT_OBJECT_BLOB) {
			w->stopped = w->cb(w->path.data, hex, w->payload) != 0;
		} else if (type == GIT_OBJECT_TREE) {
			if (depth >= WT_AUDIT_TREE_DEPTH_MAX)
				return wt_error_set(w->err, WT_EINTEGRITY, "boom_te_diep",
						    "Map %s in de audit-repository is dieper genest dan "
						    "toegestaan.", hex);
			grc = git_tree_lookup(&sub, w->a->repo, git_tree_entry_id(e));
			if (grc < 0)
				return wt_audit_fail_object(w->err, grc, hex);
			rc = wt_buf_addch(&w->path, '/') < 0 ? oom(w->err) : walk_entries(w, sub, depth + 1);
			git_tree_free(sub);
		}
		w->path.len = keep;
		w->path.data[keep] = '\0';
	}
	return rc;
}

/* wt_audit_tree_paths' callback, called from the walk that also passes each blob's id. */
struct paths_only {
	wt_audit_path_cb cb;
	void *payload;
};

static int path_only(const char *path, const char *blob, void *payload)
{
	const struct paths_only *p = payload;

	(void)blob;
	return p->cb(path, p->payload);
}

int wt_audit_tree_paths(wt_audit *a, const char *commit, wt_audit_path_cb cb, void *payload,
			wt_error *err)
{
	struct paths_only only;
	struct entries_walk w;
	git_tree *tree = NULL;
	int rc;

	rc = commit_tree(a, commit, &tree, err);
	if (rc < 0)
		return rc;
	only.cb = cb;
	only.payload = payload;
	w.a = a;
	w.cb = path_only;
	w.payload = &only;
	w.stopped = 0;
	w.err = err;
	wt_buf_init(&w.path, 0);
	rc = walk_entries(&w, tree, 0);
	wt_buf_release(&w.path);
	git_tree_free(tree);
	return rc;
}

/* ---- what verify reads: each object once ---- */

int wt_audit_tree_entries(wt_audit *a, const char *tree, wt_audit_entry_cb cb, void *payload,
			  wt_error *err)
{
	struct entries_walk w;
	git_tree *t = NULL;
	git_oid id;
	int rc, grc;

	rc = wt_audit_parse_oid(&id, tree, err);
	if (rc < 0)
		return rc;
	grc = git_tree_lookup(&t, a->repo, &id);
	if (grc < 0)
		return wt_audit_fail_object(err, grc, tree);
	w.a = a;
	w.cb = cb;
	w.payload = payload;
	w.stopped = 0;
	w.err = err;
	wt_buf_init(&w.path, 0);
	rc = walk_entries(&w, t, 0);
	wt_buf_release(&w.path);
	git_tree_free(t);
	return rc;
}

int wt_audit_read_blob(wt_audit *a, const char *blob, char **data, size_t *len, wt_error *err)
{
	git_blob *b = NULL;
	git_oid id;
	size_t size;
	int rc, grc;

	*data = NULL;
	*len = 0;
	rc = wt_audit_parse_oid(&id, blob, err);
	if (rc < 0)
		return rc;
	grc = git_blob_lookup(&b, a->repo, &id);
	if (grc < 0)
		return wt_audit_fail_object(err, grc, blob);
	size = (size_t)git_blob_rawsize(b);
	*data = malloc(size + 1);
	if (*data == NULL) {
		git_blob_free(b);
		return oom(err);
	}
	if (size > 0)
		memcpy(*data, git_blob_rawcontent(b), size);
	(*data)[size] = '\0';
	*len = size;
	git_blob_free(b);
	return 0;
}

void wt_audit_cache(int enabled)
{
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled ? 1 : 0);
}

void wt_oid_pack(unsigned char out[WT_OID_RAW], const char *hex)
{
	size_t i;

	memset(out, 0, WT_OID_RAW);
	for (i = 0; i < WT_OID_HEX && hex[i]; i++) {
		char c = hex[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
			   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 0;
		out[i / 2] |= (unsigned char)(i % 2 ? d : d << 4);
	}
}

void wt_oid_unpack(char out[WT_OID_HEX + 1], const unsigned char in[WT_OID_RAW])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < WT_OID_RAW; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[WT_OID_HEX] = '\0';
}
