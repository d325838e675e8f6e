/* journal.c: the journal ref (one commit per case-ref move), its counters and crash healing. */
#include "internal.h"

#include "core/fault.h"

#include "core/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The journal: refs/weegteam/journaal is a linear chain of commits, one per case-ref move,
 * written before the case ref moves. Each commit's message is exactly these five lines, each
 * ended by "\n", and nothing else:
 *
 *     weegteam-journaal v1
 *     dossier: <case-id>
 *     volgnummer: <seq, decimal, >= 1>
 *     van: <old head, 40 lowercase hex digits; 40 zeros for a new case>
 *     naar: <new head, 40 lowercase hex digits>
 *
 * The case's commits are named as data only (never as parents or tree entries), so erasing a
 * case keeps the journal intact. The journal commit's tree holds the counters:
 * tellers/<key> is a blob with the last number used and a newline ("17\n").
 * The journal's author and committer are a fixed technical identity (no personal data) with
 * the event's time.
 */
#define JOURNAL_MAGIC "weegteam-journaal v1"
#define JOURNAL_NAME "weegteam"
#define JOURNAL_EMAIL "journaal@weegteam.invalid"
#define JOURNAL_MSG_MAX 256
#define ZERO_OID "0000000000000000000000000000000000000000"
/* Longest counter blob ("9223372036854775807\n"). */
#define COUNTER_TEXT_MAX 32
/* First size of the array of journal entries. */
#define JOURNAL_INITIAL 16

/* Takes "<key><value>\n" at *p into val (bounded); advances *p. 0, or -1 when malformed. */
static int take_line(const char **p, const char *key, char *val, size_t size)
{
	size_t k = strlen(key), n;
	const char *nl;

	if (strncmp(*p, key, k) != 0)
		return -1;
	nl = strchr(*p + k, '\n');
	if (nl == NULL)
		return -1;
	n = (size_t)(nl - (*p + k));
	if (n == 0 || n >= size)
		return -1;
	memcpy(val, *p + k, n);
	val[n] = '\0';
	*p = nl + 1;
	return 0;
}

static int is_hex40(const char *s)
{
	size_t i;

	if (strlen(s) != WT_OID_HEX)
		return 0;
	for (i = 0; i < WT_OID_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int wt_audit_journal_parse(const char *msg, const char *commit_hex, wt_journal_entry *out,
			   wt_error *err)
{
	const char *p = msg;
	char magic[sizeof(JOURNAL_MAGIC) + 1], id[WT_AUDIT_CASE_ID_MAX + 2], seq[24];
	char from[WT_OID_HEX + 2], to[WT_OID_HEX + 2];
	char *end = NULL;
	long v;

	memset(out, 0, sizeof(*out));
	if (msg == NULL || take_line(&p, "", magic, sizeof(magic)) < 0 ||
	    strcmp(magic, JOURNAL_MAGIC) != 0 || take_line(&p, "dossier: ", id, sizeof(id)) < 0 ||
	    take_line(&p, "volgnummer: ", seq, sizeof(seq)) < 0 ||
	    take_line(&p, "van: ", from, sizeof(from)) < 0 ||
	    take_line(&p, "naar: ", to, sizeof(to)) < 0 || *p != '\0')
		goto bad;
	if (!wt_audit_case_id_ok(id) || !is_hex40(from) || !is_hex40(to) ||
	    strcmp(to, ZERO_OID) == 0 || seq[0] < '1' || seq[0] > '9')
		goto bad;
	errno = 0;
	v = strtol(seq, &end, 10);
	if (errno != 0 || end == NULL || *end != '\0' || v < 1)
		goto bad;
	wt_strlcpy(out->commit, commit_hex, sizeof(out->commit));
	wt_strlcpy(out->case_id, id, sizeof(out->case_id));
	out->seq = v;
	if (strcmp(from, ZERO_OID) != 0)
		wt_strlcpy(out->old_head, from, sizeof(out->old_head));
	wt_strlcpy(out->new_head, to, sizeof(out->new_head));
	return 0;
bad:
	return wt_error_set(err, WT_EINTEGRITY, "journaal_onleesbaar",
			    "Journaalregel %s in de audit-repository heeft niet de vaste vorm.",
			    commit_hex);
}

int wt_audit_journal_append(wt_audit *a, const char *case_id, long seq, const git_oid *old_head,
			    const git_oid *new_head, int64_t time, int tz_offset_minutes,
			    const char *counter_key, long counter_value, wt_error *err)
{
	char msg[JOURNAL_MSG_MAX], from[WT_OID_HEX + 1], to[WT_OID_HEX + 1];
	char path[sizeof(WT_AUDIT_COUNTER_DIR) + WT_AUDIT_COUNTER_KEY_MAX + 1];
	char counter[COUNTER_TEXT_MAX], hex[WT_OID_HEX + 1];
	git_oid prev_id, tree_id, id;
	git_commit *prev = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_tree_update up;
	const git_commit *parents[1];
	int rc = 0, grc, have_prev;

	if (old_head != NULL)
		wt_audit_oid_hex(from, old_head);
	else
		wt_strlcpy(from, ZERO_OID, sizeof(from));
	wt_audit_oid_hex(to, new_head);
	snprintf(msg, sizeof(msg), "%s\ndossier: %s\nvolgnummer: %ld\nvan: %s\nnaar: %s\n",
		 JOURNAL_MAGIC, case_id, seq, from, to);
	grc = git_reference_name_to_id(&prev_id, a->repo, WT_AUDIT_JOURNAL_REF);
	if (grc < 0 && grc != GIT_ENOTFOUND)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "Het journaal is onleesbaar");
	have_prev = grc == 0;
	if (have_prev) {
		grc = git_commit_lookup(&prev, a->repo, &prev_id);
		if (grc < 0) {
			wt_audit_oid_hex(hex, &prev_id);
			return wt_audit_fail_object(err, grc, hex);
		}
	}
	rc = wt_audit_base_tree(a, prev, &base, err);
	if (rc < 0)
		goto cleanup;
	git_oid_cpy(&tree_id, git_tree_id(base));
	if (counter_key != NULL) {
		snprintf(path, sizeof(path), "%s%s", WT_AUDIT_COUNTER_DIR, counter_key);
		snprintf(counter, sizeof(counter), "%ld\n", counter_value);
		memset(&up, 0, sizeof(up));
		up.action = GIT_TREE_UPDATE_UPSERT;
		up.filemode = GIT_FILEMODE_BLOB;
		up.path = path;
		if (git_blob_create_from_buffer(&up.id, a->repo, counter, strlen(counter)) < 0 ||
		    git_tree_create_updated(&tree_id, a->repo, base, 1, &up) < 0) {
			rc = wt_audit_fail(err, WT_EENV, "audit_schrijven",
					   "De teller kon niet in het journaal worden geschreven");
			goto cleanup;
		}
	}
	parents[0] = prev;
	if (git_tree_lookup(&tree, a->repo, &tree_id) < 0 ||
	    git_signature_new(&sig, JOURNAL_NAME, JOURNAL_EMAIL, (git_time_t)time,
			      tz_offset_minutes) < 0 ||
	    git_commit_create(&id, a->repo, NULL, sig, sig, NULL, msg, tree, have_prev ? 1 : 0,
			      parents) < 0) {
		rc = wt_audit_fail(err, WT_EENV, "audit_schrijven",
				   "De journaalregel kon niet worden geschreven");
		goto cleanup;
	}
	/* The event's objects and the journal's reach the disk as one pack before the journal
	 * moves: the move is the commit point. */
	rc = wt_audit_stage_write(a, err);
	if (rc < 0)
		goto cleanup;
	WT_FAULT("na-pak");
	rc = wt_audit_ref_move(a, WT_AUDIT_JOURNAL_REF, &id, have_prev ? &prev_id : NULL,
			       "Het journaal kon niet worden bijgewerkt; er is niets vastgelegd", err);
cleanup:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(prev);
	return rc;
}

#define HEAL_FAILED "De laatste, half vastgelegde gebeurtenis kon niet worden afgerond"

int wt_audit_heal(wt_audit *a, wt_error *err)
{
	char ref[WT_AUDIT_SUB_MAX], hex[WT_OID_HEX + 1];
	wt_journal_entry e;
	git_oid head, old_id, new_id, cur;
	git_commit *c = NULL, *target = NULL;
	int grc, rc = 0;

	grc = git_reference_name_to_id(&head, a->repo, WT_AUDIT_JOURNAL_REF);
	if (grc == GIT_ENOTFOUND)
		return 0;
	if (grc < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "Het journaal is onleesbaar");
	wt_audit_oid_hex(hex, &head);
	/* Anything unreadable or malformed is left for verify to report. */
	if (git_commit_lookup(&c, a->repo, &head) < 0 ||
	    wt_audit_journal_parse(git_commit_message_raw(c), hex, &e, NULL) < 0 ||
	    git_oid_fromstr(&new_id, e.new_head) < 0 ||
	    git_commit_lookup(&target, a->repo, &new_id) < 0)
		goto cleanup;
	snprintf(ref, sizeof(ref), "%s%s", WT_AUDIT_CASE_PREFIX, e.case_id);
	/* The only case ref a killed writer can have left locked is this entry's. */
	if (wt_audit_case_id_ok(e.case_id)) {
		char lock[WT_AUDIT_PATH_MAX + WT_AUDIT_SUB_MAX], sub[WT_AUDIT_SUB_MAX + 8];
		snprintf(sub, sizeof(sub), "%s.lock", ref);
		rc = wt_audit_subpath(a, sub, lock, sizeof(lock), err);
		if (rc == 0)
			rc = wt_audit_remove_stale_lock(lock, err);
		if (rc < 0)
			goto cleanup;
	}
	grc = git_reference_name_to_id(&cur, a->repo, ref);
	if (grc == GIT_ENOTFOUND && e.old_head[0] == '\0')
		rc = wt_audit_ref_move(a, ref, &new_id, NULL, HEAL_FAILED, err);
	else if (grc == 0 && e.old_head[0] != '\0' && git_oid_fromstr(&old_id, e.old_head) == 0 &&
		 git_oid_equal(&cur, &old_id))
		rc = wt_audit_ref_move(a, ref, &new_id, &old_id, HEAL_FAILED, err);
cleanup:
	git_commit_free(target);
	git_commit_free(c);
	return rc;
}

int wt_audit_journal_head(wt_audit *a, char out[WT_OID_HEX + 1], wt_error *err)
{
	git_oid id;
	int grc = git_reference_name_to_id(&id, a->repo, WT_AUDIT_JOURNAL_REF);

	out[0] = '\0';
	if (grc == GIT_ENOTFOUND)
		return 0;
	if (grc < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "Het journaal is onleesbaar");
	wt_audit_oid_hex(out, &id);
	return 0;
}

/*
 * The one walk of the journal: from head back to the first entry, newest first, each commit
 * checked (readable, one parent at most, a well-formed message) and passed to cb, which stops
 * the walk by returning non-zero. With stop (not NULL) the walk ends before that commit and
 * *found_stop says whether it was met. 0, or a negative wt code naming the journal commit.
 */
static int journal_walk(wt_audit *a, const char *head, const git_oid *stop, int *found_stop,
			wt_audit_journal_cb cb, void *payload, wt_error *err)
{
	wt_journal_entry e;
	git_oid cur;
	git_commit *c = NULL;
	char hex[WT_OID_HEX + 1];
	size_t count = 0;
	int rc, grc;

	if (found_stop != NULL)
		*found_stop = 0;
	rc = wt_audit_parse_oid(&cur, head, err);
	while (rc == 0) {
		if (stop != NULL && git_oid_equal(&cur, stop)) {
			*found_stop = 1;
			break;
		}
		if (count++ >= WT_AUDIT_CHAIN_MAX) {
			rc = wt_error_set(err, WT_EINTEGRITY, "journaal_lus",
					  "Het journaal is langer dan toegestaan.");
			break;
		}
		wt_audit_oid_hex(hex, &cur);
		grc = git_commit_lookup(&c, a->repo, &cur);
		if (grc < 0) {
			rc = wt_audit_fail_object(err, grc, hex);
			break;
		}
		if (git_commit_parentcount(c) > 1) {
			rc = wt_error_set(err, WT_EINTEGRITY, "journaal_samengevoegd",
					  "Journaalregel %s heeft meer dan één ouder.", hex);
			break;
		}
		rc = wt_audit_journal_parse(git_commit_message_raw(c), hex, &e, err);
		if (rc < 0)
			break;
		e.time = (int64_t)git_commit_time(c);
		if (cb(&e, payload) != 0 || git_commit_parentcount(c) == 0)
			break;
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
		/* A long walk (verify, reindex) touches every pack: let go of them now and then. */
		rc = wt_audit_walk_step(a, err);
	}
	git_commit_free(c);
	return rc;
}

int wt_audit_journal_each(wt_audit *a, const char *head, wt_audit_journal_cb cb, void *payload,
			  wt_error *err)
{
	if (head == NULL || head[0] == '\0')
		return 0;
	return journal_walk(a, head, NULL, NULL, cb, payload, err);
}

/* wt_audit_journal's collector: the entries in walk order, growing the array by doubling. */
struct collected {
	wt_journal_entry *v;
	size_t n, cap;
	int failed;
};

static int collect_entry(const wt_journal_entry *e, void *payload)
{
	struct collected *c = payload;

	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : JOURNAL_INITIAL;
		wt_journal_entry *p = realloc(c->v, ncap * sizeof(*p));
		if (p == NULL) {
			c->failed = 1;
			return 1;
		}
		c->v = p;
		c->cap = ncap;
	}
	c->v[c->n++] = *e;
	return 0;
}

int wt_audit_journal(wt_audit *a, const char *head, const char *stop, wt_journal_entry **out,
		     size_t *n, wt_error *err)
{
	struct collected c;
	wt_journal_entry tmp;
	git_oid stop_id;
	size_t i;
	int rc = 0, found = 0, want_stop = stop != NULL && stop[0] != '\0';

	*out = NULL;
	*n = 0;
	if (head == NULL || head[0] == '\0')
		return want_stop ? wt_error_set(err, WT_EINTEGRITY, "journaal_kort",
						"Het journaal is leeg, maar de index kent journaalregel "
						"%.40s.", stop)
				 : 0;
	memset(&c, 0, sizeof(c));
	if (want_stop)
		rc = wt_audit_parse_oid(&stop_id, stop, err);
	if (rc == 0)
		rc = journal_walk(a, head, want_stop ? &stop_id : NULL, &found, collect_entry, &c, err);
	if (rc == 0 && c.failed)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	if (rc == 0 && want_stop && !found)
		rc = wt_error_set(err, WT_EINTEGRITY, "journaal_onbekend",
				  "Journaalregel %.40s staat niet in het journaal.", stop);
	if (rc < 0) {
		free(c.v);
		return rc;
	}
	for (i = 0; i < c.n / 2; i++) {
		tmp = c.v[i];
		c.v[i] = c.v[c.n - 1 - i];
		c.v[c.n - 1 - i] = tmp;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

int wt_audit_counter(wt_audit *a, const char *key, long *out, wt_error *err)
{
	char path[sizeof(WT_AUDIT_COUNTER_DIR) + WT_AUDIT_COUNTER_KEY_MAX + 1];
	char text[COUNTER_TEXT_MAX], hex[WT_OID_HEX + 1];
	git_oid head;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	char *end = NULL;
	size_t len;
	long v;
	int rc = 0, grc;

	*out = 0;
	if (key == NULL || key[0] == '\0' || strlen(key) > WT_AUDIT_COUNTER_KEY_MAX ||
	    strchr(key, '/') != NULL)
		return wt_error_set(err, WT_EENV, "intern", "Interne fout: ongeldige teller.");
	grc = git_reference_name_to_id(&head, a->repo, WT_AUDIT_JOURNAL_REF);
	if (grc == GIT_ENOTFOUND)
		return 0;
	if (grc < 0)
		return wt_audit_fail(err, WT_EENV, "audit_lezen", "Het journaal is onleesbaar");
	wt_audit_oid_hex(hex, &head);
	grc = git_commit_lookup(&c, a->repo, &head);
	if (grc == 0)
		grc = git_commit_tree(&tree, c);
	if (grc < 0) {
		rc = wt_audit_fail_object(err, grc, hex);
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s%s", WT_AUDIT_COUNTER_DIR, key);
	grc = git_tree_entry_bypath(&entry, tree, path);
	if (grc == GIT_ENOTFOUND)
		goto cleanup;
	if (grc == 0)
		grc = git_blob_lookup(&blob, a->repo, git_tree_entry_id(entry));
	if (grc < 0) {
		rc = wt_audit_fail_object(err, grc, hex);
		goto cleanup;
	}
	len = (size_t)git_blob_rawsize(blob);
	if (len == 0 || len >= sizeof(text))
		goto bad;
	memcpy(text, git_blob_rawcontent(blob), len);
	text[len] = '\0';
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || strcmp(end, "\n") != 0 || v < 0)
		goto bad;
	*out = v;
	goto cleanup;
bad:
	rc = wt_error_set(err, WT_EINTEGRITY, "teller_onleesbaar",
			  "Teller %s in journaalregel %s is onleesbaar.", key, hex);
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}
