/* audit.c: the audit repository's life cycle, the writer lock and recording one event. */
#include "internal.h"
#include "core/file.h"
#include "../core/fault.h"

#include "core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WT_AUDIT_LOCK_FILE "weegteam.lock"
/* Pause between two attempts to take the writer lock. */
#define WT_AUDIT_LOCK_POLL_MS 10
#define LOCK_SUFFIX ".lock"
/*
 * libgit2's object cache, pack window size and mapped total (its defaults: 256 MiB, 1 GiB,
 * 8 GiB on 64-bit systems). Mapped pack pages count in a process's resident memory, so the
 * total bounds that part of reindex and verify; a window about the size of the packs maintain
 * leaves (up to twice WT_AUDIT_COMBINE_MAX_BYTES) keeps a walk from mapping and unmapping the
 * same pack over and over. Measured on a 30,000-case store, verify with 32/4 MiB: 3 s of its
 * 12 s CPU in the kernel (munmap and the TLB shootdowns it sends to the other core); 24/8:
 * 0.8 s, wall time 9.1 -> 5.5 s, peak memory 79 -> 70 MB; 16/8: 61 MB but 6.6 s.
 */
#define WT_AUDIT_CACHE_BYTES (16 * 1024 * 1024)
#define WT_AUDIT_MWINDOW_BYTES (8 * 1024 * 1024)
#define WT_AUDIT_MAPPED_BYTES (24 * 1024 * 1024)

/* ---- shared helpers (internal.h) ---- */

int wt_audit_fail(wt_error *err, wt_code code, const char *key, const char *what)
{
	const git_error *e = git_error_last();

	return wt_error_set(err, code, key, "%s (libgit2: %s)", what,
			    e != NULL && e->message != NULL ? e->message : "onbekende fout");
}

int wt_audit_fail_object(wt_error *err, int git_rc, const char *oid_hex)
{
	const git_error *e = git_error_last();
	int klass = e != NULL ? e->klass : GIT_ERROR_NONE;

	if (git_rc != GIT_ENOTFOUND && git_rc != GIT_EMISMATCH &&
	    (klass == GIT_ERROR_NOMEMORY || klass == GIT_ERROR_OS))
		return wt_audit_fail(err, WT_EENV, "audit_lezen",
				     "Het lezen uit de audit-repository is mislukt");
	return wt_error_set(err, WT_EINTEGRITY, "object_kapot",
			    "Object %s in de audit-repository ontbreekt of is beschadigd (libgit2: %s).",
			    oid_hex, e != NULL && e->message != NULL ? e->message : "onbekende fout");
}

int wt_audit_parse_oid(git_oid *out, const char *hex, wt_error *err)
{
	size_t i;

	if (hex == NULL || strlen(hex) != WT_OID_HEX)
		goto bad;
	for (i = 0; i < WT_OID_HEX; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
			goto bad;
	if (git_oid_fromstr(out, hex) == 0)
		return 0;
bad:
	return wt_error_set(err, WT_EENV, "intern",
			    "Interne fout: '%.48s' is geen geldige object-id.", hex ? hex : "(leeg)");
}

void wt_audit_oid_hex(char out[WT_OID_HEX + 1], const git_oid *oid)
{
	git_oid_tostr(out, WT_OID_HEX + 1, oid);
}

int wt_audit_case_id_ok(const char *case_id)
{
	size_t i, n;
	char ref[WT_AUDIT_SUB_MAX];
	int valid = 0;

	if (case_id == NULL)
		return 0;
	n = strlen(case_id);
	if (n == 0 || n > WT_AUDIT_CASE_ID_MAX || case_id[0] == '.' || case_id[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		char c = case_id[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	if (strstr(case_id, "..") != NULL || (n >= 5 && strcmp(case_id + n - 5, LOCK_SUFFIX) == 0))
		return 0;
	snprintf(ref, sizeof(ref), "%s%s", WT_AUDIT_CASE_PREFIX, case_id);
	return git_reference_name_is_valid(&valid, ref) == 0 && valid;
}

int wt_audit_subpath(const wt_audit *a, const char *sub, char *out, size_t size, wt_error *err)
{
	int n = snprintf(out, size, "%s/%s", a->path, sub);

	if (n < 0 || (size_t)n >= size)
		return wt_error_set(err, WT_EENV, "pad_te_lang",
				    "Het pad in de audit-repository is te lang.");
	return 0;
}

/* ---- life cycle ---- */

/*
 * Debian's libgit2 1.5 is built with mbedTLS and reads and parses the whole system CA bundle
 * (/etc/ssl/certs/ca-certificates.crt, ~140 certificates) inside git_libgit2_init: measured at
 * a third of the CPU time of a `queue` command. weegteam never opens a network connection
 * through libgit2 (the audit repository is local; notifications use libcurl with OpenSSL).
 * This definition comes first in the dynamic linker's search order (the executable's own
 * symbols win), so libgit2's call loads nothing and reports the file unreadable
 * (MBEDTLS_ERR_X509_FILE_IO_ERROR); libgit2 starts without trusted certificates, so a TLS
 * connection through libgit2 would fail verification: closed, not open. Only mbedTLS users are
 * affected, and libgit2 is the only one in this process.
 */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return -0x2900;
}


/* libgit2 keeps a reference count of its own; every open handle holds one. */
static int git_up(wt_error *err)
{
	if (git_libgit2_init() < 0)
		return wt_error_set(err, WT_EENV, "libgit2",
				    "De git-bibliotheek kon niet worden gestart.");
	/* Objects and refs reach the disk before a call returns (promise 1); hashes are checked
	 * on every read (on by default; set anyway so that nobody's default can weaken it). */
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) < 0 ||
	    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1) < 0 ||
	    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1) < 0 ||
	    /* Memory independent of the archive (promise 6): reindex and verify read every
	     * object once, so a large object cache or an unbounded pack mapping only grows. */
	    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)WT_AUDIT_CACHE_BYTES) < 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)WT_AUDIT_MWINDOW_BYTES) < 0 ||
	    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)WT_AUDIT_MAPPED_BYTES) < 0) {
		git_libgit2_shutdown();
		return wt_error_set(err, WT_EENV, "libgit2",
				    "De git-bibliotheek kon niet worden ingesteld.");
	}
	return 0;
}

/* 1 when path is a directory with entries in it, 0 when empty or absent, -1 on error. */
static int dir_has_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int found = 0;

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while (!found && (de = readdir(d)) != NULL)
		found = strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return found;
}

int wt_audit_init(const char *path, wt_error *err)
{
	git_repository_init_options opts;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	char lock[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	int rc, fd, n;

	if (path == NULL || strlen(path) >= WT_AUDIT_PATH_MAX)
		return wt_error_set(err, WT_EENV, "pad_te_lang",
				    "Het pad van de audit-repository is te lang.");
	rc = dir_has_entries(path);
	if (rc != 0)
		return wt_error_set(err, WT_EENV, "audit_bestaat",
				    "De map %s bestaat al en is niet leeg (of is onleesbaar); er is "
				    "geen audit-repository aangemaakt.", path);
	rc = git_up(err);
	if (rc < 0)
		return rc;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		     GIT_REPOSITORY_INIT_NO_REINIT;
	if (git_repository_init_ext(&repo, path, &opts) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_init",
				   "De audit-repository kon niet worden aangemaakt");
		goto cleanup;
	}
	/* A system git must never repack or prune behind our back: maintenance is ours. */
	if (git_repository_config(&cfg, repo) < 0 || git_config_set_int32(cfg, "gc.auto", 0) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_init",
				   "De instellingen van de audit-repository konden niet worden geschreven");
		goto cleanup;
	}
	n = snprintf(lock, sizeof(lock), "%s/%s", path, WT_AUDIT_LOCK_FILE);
	fd = n > 0 && (size_t)n < sizeof(lock) ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
	if (fd < 0) {
		rc = wt_error_set(err, WT_EENV, "audit_init",
				  "Het slotbestand van de audit-repository kon niet worden gemaakt (%s).",
				  strerror(errno));
		goto cleanup;
	}
	close(fd);
	rc = wt_fsync_dir(path, err);
cleanup:
	git_config_free(cfg);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int wt_audit_open(wt_audit **out, const char *path, wt_error *err)
{
	wt_audit *a;
	int rc;

	*out = NULL;
	if (path == NULL || strlen(path) >= WT_AUDIT_PATH_MAX - WT_AUDIT_SUB_MAX)
		return wt_error_set(err, WT_EENV, "pad_te_lang",
				    "Het pad van de audit-repository is te lang.");
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	a->lock_fd = -1;
	a->lock_timeout_ms = WT_AUDIT_LOCK_TIMEOUT_MS;
	a->durable = 1;
	wt_strlcpy(a->path, path, sizeof(a->path));
	rc = git_up(err);
	if (rc < 0) {
		free(a);
		return rc;
	}
	if (git_repository_open_ext(&a->repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
				    NULL) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_openen",
				   "De audit-repository kon niet worden geopend");
		wt_audit_free(a);
		return rc;
	}
	if (!git_repository_is_bare(a->repo)) {
		wt_audit_free(a);
		return wt_error_set(err, WT_EENV, "audit_openen",
				    "%s is geen kale (bare) git-repository.", path);
	}
	*out = a;
	return 0;
}

void wt_audit_free(wt_audit *a)
{
	if (a == NULL)
		return;
	if (a->lock_fd >= 0) {
		a->lock_depth = 1;
		wt_audit_unlock(a);
	}
	git_repository_free(a->repo);
	free(a);
	git_libgit2_shutdown();
}

/* ---- the writer lock ---- */

void wt_audit_lock_timeout(wt_audit *a, long ms)
{
	a->lock_timeout_ms = ms < 0 ? 0 : ms;
}

void wt_audit_set_durable(wt_audit *a, int on)
{
	a->durable = on != 0;
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, a->durable);
}

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

int wt_audit_remove_stale_lock(const char *path, wt_error *err)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return 0;
	return wt_error_set(err, WT_EENV, "slot",
			    "Een achtergebleven slotbestand (%s) kon niet worden verwijderd (%s).", path,
			    strerror(errno));
}

/*
 * Removes the ref lock files a killed writer can have left. Writers are serialised by the
 * flock, and a writer takes ref locks only from its journal entry on (the journal ref, then
 * the case ref of that entry), so a stale lock can only be the journal's, packed-refs'
 * (maintain) or the case ref's of the last journal entry; wt_audit_heal removes that last one,
 * as it reads the entry anyway. A few unlinks, whatever the size of the archive (promise 6).
 * Safe only with the writer lock held.
 */
static int clean_after_crash(wt_audit *a, wt_error *err)
{
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	int rc = wt_audit_subpath(a, WT_AUDIT_JOURNAL_REF ".lock", p, sizeof(p), err);

	if (rc == 0)
		rc = wt_audit_remove_stale_lock(p, err);
	if (rc == 0)
		rc = wt_audit_subpath(a, "packed-refs.lock", p, sizeof(p), err);
	if (rc == 0)
		rc = wt_audit_remove_stale_lock(p, err);
	return rc;
}

int wt_audit_lock(wt_audit *a, wt_error *err)
{
	char p[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX];
	struct timespec start, pause;
	int fd, rc;

	if (a->lock_fd >= 0) {
		a->lock_depth++;
		return 0;
	}
	rc = wt_audit_subpath(a, WT_AUDIT_LOCK_FILE, p, sizeof(p), err);
	if (rc < 0)
		return rc;
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return wt_error_set(err, WT_EENV, "slot",
				    "Het slotbestand %s kon niet worden geopend (%s).", p, strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &start);
	pause.tv_sec = 0;
	pause.tv_nsec = (long)WT_AUDIT_LOCK_POLL_MS * 1000000L;
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = wt_error_set(err, WT_EENV, "slot",
					  "Het slot op de audit-repository kon niet worden genomen (%s).",
					  strerror(errno));
			close(fd);
			return rc;
		}
		if (elapsed_ms(&start) >= a->lock_timeout_ms) {
			close(fd);
			return wt_error_set(err, WT_EENV, "bezet",
					    "Een andere weegteam-opdracht is nog bezig met de "
					    "audit-repository; probeer het over een ogenblik opnieuw.");
		}
		nanosleep(&pause, NULL);
	}
	a->lock_fd = fd;
	a->lock_depth = 1;
	rc = clean_after_crash(a, err);
	if (rc == 0)
		rc = wt_audit_heal(a, err);
	if (rc < 0)
		wt_audit_unlock(a);
	return rc;
}

void wt_audit_unlock(wt_audit *a)
{
	if (a == NULL || a->lock_fd < 0)
		return;
	if (--a->lock_depth > 0)
		return;
	flock(a->lock_fd, LOCK_UN);
	close(a->lock_fd);
	a->lock_fd = -1;
	a->lock_depth = 0;
}

/* ---- recording an event ---- */

/* 1 when path is a safe relative blob path: no empty, ".", ".." or ".git" components. */
static int file_path_ok(const char *path)
{
	const char *p = path, *slash;
	size_t n;

	if (path == NULL || path[0] == '\0' || strlen(path) > WT_AUDIT_FILE_PATH_MAX)
		return 0;
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && strncmp(p, "..", 2) == 0) ||
		    (n == 4 && strncasecmp(p, ".git", 4) == 0) || memchr(p, '\\', n) != NULL)
			return 0;
		if (slash == NULL)
			return 1;
		p = slash + 1;
	}
}

static int check_event(const wt_audit *a, const wt_audit_event *ev, wt_error *err)
{
	size_t i, j;

	if (a->lock_fd < 0)
		return wt_error_set(err, WT_EENV, "intern",
				    "Interne fout: vastleggen zonder het slot op de audit-repository.");
	if (!wt_audit_case_id_ok(ev->case_id))
		return wt_error_set(err, WT_EINPUT, "dossiernummer",
				    "'%.40s' is geen geldig dossiernummer.", ev->case_id ? ev->case_id : "");
	if (ev->n_files > WT_AUDIT_FILES_MAX || (ev->n_files > 0 && ev->files == NULL) ||
	    ev->message == NULL || ev->author_name == NULL || ev->author_email == NULL)
		return wt_error_set(err, WT_EENV, "intern",
				    "Interne fout: onvolledige gebeurtenis voor dossier %s.", ev->case_id);
	for (i = 0; i < ev->n_files; i++) {
		if (!file_path_ok(ev->files[i].path) || (ev->files[i].len > 0 && !ev->files[i].data))
			return wt_error_set(err, WT_EENV, "intern",
					    "Interne fout: ongeldig bestandspad in dossier %s.", ev->case_id);
		for (j = 0; j < i; j++)
			if (strcmp(ev->files[i].path, ev->files[j].path) == 0)
				return wt_error_set(err, WT_EENV, "intern",
						    "Interne fout: bestand %s staat twee keer in één "
						    "gebeurtenis.", ev->files[i].path);
	}
	if (ev->counter_key != NULL &&
	    (ev->counter_key[0] == '\0' || strlen(ev->counter_key) > WT_AUDIT_COUNTER_KEY_MAX ||
	     strchr(ev->counter_key, '/') != NULL || ev->counter_value < 0))
		return wt_error_set(err, WT_EENV, "intern", "Interne fout: ongeldige teller.");
	return 0;
}

static int conflict(wt_error *err)
{
	return wt_error_set(err, WT_ECONFLICT, "conflict",
			    "Het dossier is intussen gewijzigd; er is niets vastgelegd. Probeer het "
			    "opnieuw.");
}

/* Compares the case ref with what the event was computed from. */
static int check_head(wt_audit *a, const char *ref, const wt_audit_event *ev, git_oid *expected,
		      wt_error *err)
{
	git_oid cur;
	int grc = git_reference_name_to_id(&cur, a->repo, ref);

	if (grc == GIT_ENOTFOUND)
		return ev->expected_head != NULL ? conflict(err) : 0;
	if (grc < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "De ref van het dossier is onleesbaar");
	if (ev->expected_head == NULL || git_oid_cmp(&cur, expected) != 0)
		return conflict(err);
	return 0;
}

int wt_audit_base_tree(wt_audit *a, const git_commit *commit, git_tree **out, wt_error *err)
{
	git_treebuilder *tb = NULL;
	git_oid empty;
	char hex[WT_OID_HEX + 1];
	int grc;

	*out = NULL;
	if (commit != NULL) {
		grc = git_commit_tree(out, commit);
		if (grc < 0) {
			wt_audit_oid_hex(hex, git_commit_tree_id(commit));
			return wt_audit_fail_object(err, grc, hex);
		}
		return 0;
	}
	if (git_treebuilder_new(&tb, a->repo, NULL) < 0 || git_treebuilder_write(&empty, tb) < 0 ||
	    git_tree_lookup(out, a->repo, &empty) < 0) {
		git_treebuilder_free(tb);
		return wt_audit_fail(err, WT_EENV, "audit_schrijven",
				     "Een lege map kon niet in de audit-repository worden gemaakt");
	}
	git_treebuilder_free(tb);
	return 0;
}

/* Writes the blobs and the dossier tree of the event on top of base. */
static int write_tree(wt_audit *a, const wt_audit_event *ev, git_tree *base, git_oid *out,
		      wt_error *err)
{
	git_tree_update *up = NULL;
	size_t i;
	int rc = 0;

	if (ev->n_files > 0) {
		up = calloc(ev->n_files, sizeof(*up));
		if (up == NULL)
			return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	}
	for (i = 0; i < ev->n_files; i++) {
		const wt_audit_file *f = &ev->files[i];
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = f->path;
		if (git_blob_create_from_buffer(&up[i].id, a->repo, f->len ? f->data : "", f->len) < 0) {
			rc = wt_audit_fail(err, WT_EENV, "audit_schrijven",
					   "Een bestand kon niet in de audit-repository worden geschreven");
			goto cleanup;
		}
	}
	if (ev->n_files == 0)
		git_oid_cpy(out, git_tree_id(base));
	else if (git_tree_create_updated(out, a->repo, base, ev->n_files, up) < 0)
		rc = wt_audit_fail(err, WT_EENV, "audit_schrijven",
				   "De dossiermap kon niet in de audit-repository worden geschreven");
cleanup:
	free(up);
	return rc;
}

int wt_audit_append(wt_audit *a, const wt_audit_event *ev, char out_head[WT_OID_HEX + 1],
		    wt_error *err)
{
	char ref[WT_AUDIT_SUB_MAX];
	git_oid expected, tree_id, commit_id;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	const git_commit *parents[1];
	int rc, grc;

	out_head[0] = '\0';
	rc = check_event(a, ev, err);
	if (rc == 0 && ev->expected_head != NULL)
		rc = wt_audit_parse_oid(&expected, ev->expected_head, err);
	if (rc < 0)
		return rc;
	snprintf(ref, sizeof(ref), "%s%s", WT_AUDIT_CASE_PREFIX, ev->case_id);
	rc = check_head(a, ref, ev, &expected, err);
	if (rc == 0)
		rc = wt_audit_stage_attach(a, err);
	if (rc < 0)
		return rc;
	if (ev->expected_head != NULL) {
		grc = git_commit_lookup(&parent, a->repo, &expected);
		if (grc < 0)
			return wt_audit_fail_object(err, grc, ev->expected_head);
	}
	rc = wt_audit_base_tree(a, parent, &base, err);
	if (rc == 0)
		rc = write_tree(a, ev, base, &tree_id, err);
	if (rc < 0)
		goto cleanup;
	WT_FAULT("na-blobs");
	parents[0] = parent;
	if (git_tree_lookup(&tree, a->repo, &tree_id) < 0 ||
	    git_signature_new(&sig, ev->author_name, ev->author_email, (git_time_t)ev->time,
			      ev->tz_offset_minutes) < 0 ||
	    git_commit_create(&commit_id, a->repo, NULL, sig, sig, NULL, ev->message, tree,
			      parent ? 1 : 0, parents) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_schrijven",
				   "De gebeurtenis kon niet in de audit-repository worden geschreven");
		goto cleanup;
	}
	/* The objects are staged in memory; the journal entry writes them, with its own, as
	 * one pack before it moves the journal (the commit point). */
	WT_FAULT("na-commit");
	rc = wt_audit_journal_append(a, ev->case_id, ev->seq, parent ? &expected : NULL, &commit_id,
				     ev->time, ev->tz_offset_minutes, ev->counter_key,
				     ev->counter_value, err);
	if (rc < 0)
		goto cleanup;
	WT_FAULT("na-journaal");
	/* Cannot fail while every writer holds the lock, short of I/O errors; the journal says
	 * where the ref should be, and the next wt_audit_lock moves it there when it is still at
	 * the old head. */
	rc = wt_audit_ref_move(a, ref, &commit_id, parent ? &expected : NULL,
			       "De ref van het dossier kon niet worden verplaatst; de gebeurtenis "
			       "staat in het journaal en wordt bij de volgende opdracht afgerond",
			       err);
	if (rc < 0)
		goto cleanup;
	WT_FAULT("na-ref");
	wt_audit_oid_hex(out_head, &commit_id);
cleanup:
	/* Refused or failed before its pack was written: nothing of the event stays behind. */
	wt_audit_stage_discard(a);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	/* The event is recorded; every event wrote a pack, so now and then the small ones are
	 * combined (after the event's objects are freed: combining opens the repository afresh).
	 * A failure here does not undo the event: maintain meets it again. */
	if (rc == 0)
		wt_audit_combine_some(a);
	return rc;
}

int wt_audit_head(wt_audit *a, const char *case_id, char out[WT_OID_HEX + 1], wt_error *err)
{
	char ref[WT_AUDIT_SUB_MAX];
	git_oid id;
	int grc;

	out[0] = '\0';
	if (!wt_audit_case_id_ok(case_id))
		return 1;
	snprintf(ref, sizeof(ref), "%s%s", WT_AUDIT_CASE_PREFIX, case_id);
	grc = git_reference_name_to_id(&id, a->repo, ref);
	if (grc == GIT_ENOTFOUND)
		return 1;
	if (grc < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "De ref van het dossier is onleesbaar");
	wt_audit_oid_hex(out, &id);
	return 0;
}
