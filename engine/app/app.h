/* app.h: the use cases of weegteam; each opens what it needs, asks the core, drives adapters. */
#ifndef WT_APP_H
#define WT_APP_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/error.h"
#include "core/event.h"
#include "core/file.h"
#include "core/machine.h"
#include "core/status.h"
#include "core/users.h"
#include "core/workflow.h"
#include "store/store.h"

#define WT_PATH_MAX 4096
/* Largest file accepted with act --file (assessments, advice, attachments). */
#define WT_APP_MAX_ATTACHMENT ((size_t)4 * 1024 * 1024)
/* Largest note accepted with act --note, in bytes (as the text fields of a verzoek). */
#define WT_APP_MAX_NOTE 20000
/* Default number of cases queue prints. */
#define WT_APP_QUEUE_DEFAULT 50

struct wt_catalogue;
struct wt_notify_config;

/* The exact bytes a current workflow was parsed from (what submit pins) and their git blob id. */
typedef struct wt_app_wf_source {
	char *raw;
	size_t len;
	char blob[WT_OID_HEX + 1];
} wt_app_wf_source;

typedef struct wt_app {
	char data_dir[WT_PATH_MAX];
	char workflows_dir[WT_PATH_MAX];
	char templates_dir[WT_PATH_MAX];
	int test_clock;          /* config.yaml testklok: true lets WEEGTEAM_NU set the time */
	int64_t now;             /* UTC seconds used for every event of this command */
	wt_users *users;
	const wt_user *actor;    /* NULL when no actor could be resolved */
	char actor_id[64];
	wt_audit *audit;
	wt_store *store;
	wt_workflow **workflows; /* current definitions (lazily loaded) */
	char **workflow_files;   /* the file each came from, in the workflows folder */
	struct wt_app_wf_source *workflow_src; /* the bytes each was parsed from, and their blob id */
	size_t n_workflows;
	int workflows_loaded;
	struct wt_catalogue *catalogue; /* lazily loaded */
	struct wt_notify_config *notify; /* meldingen.yaml with the secrets read; NULL when absent */
	int system;              /* acting as weegteam itself (tick): sees every case */
	int rebuilding;          /* reindex: only recent events are (re)enqueued as notifications */
} wt_app;

/*
 * Finds the folder with the shipped workflows/ and templates/: $WEEGTEAM_SHARE, else beside the
 * executable (../ or ../../ of bin/), else PREFIX/share/weegteam. 0 or -WT_EENV.
 */
int wt_app_share_dir(char *out, size_t size, wt_error *err);

/* Creates a data directory (SPEC `init`). */
int wt_app_init_datadir(const char *dir, wt_error *err);

/*
 * Opens a data directory: config.yaml, users.yaml (the actor's roles checked against their
 * cities' workflows), the audit repository and the index; resolves the actor (actor_id may be
 * NULL: $WEEGTEAM_USER, then the login name); heals a half-recorded event and brings the index up to date.
 * need_actor: refuse (-WT_EINPUT) when the actor is not in users.yaml.
 */
int wt_app_open(wt_app **out, const char *data_dir, const char *actor_id, int need_actor,
		wt_error *err);
/* The same without bringing the index up to date (for reindex). */
int wt_app_open_nosync(wt_app **out, const char *data_dir, const char *actor_id, wt_error *err);
void wt_app_free(wt_app *app);

/* The meta key of the journal head the index reflects. */
#define WT_APP_META_JOURNAL "journaal_kop"

/* The criteria catalogue's file in the workflows folder. */
#define WT_APP_CATALOGUE_FILE "criteria.yaml"

/* Every current workflow in the workflows folder (loaded once; lazily loaded ones kept). */
int wt_app_workflows(wt_app *app, wt_error *err);
/* Among the workflows loaded so far: the one of a city key or gemeente spelling (borrowed). */
const wt_workflow *wt_app_workflow_for(wt_app *app, const char *city_or_name);
/*
 * The current workflow of a city key or gemeente spelling (borrowed; NULL when there is none),
 * parsing only the city's own file (workflows/<name in lower case, spaces as hyphens>.yaml)
 * when it defines that city, else every file. Errors: a broken workflow file, with position.
 */
int wt_app_workflow_get(wt_app *app, const char *city, const wt_workflow **out, wt_error *err);
/*
 * The bytes a loaded current workflow was parsed from and their blob id, as submit pins them in
 * the dossier (borrowed; NULL for a workflow that is not one of app's current ones).
 */
const wt_app_wf_source *wt_app_workflow_source(const wt_app *app, const wt_workflow *wf);
/* Frees the loaded workflows (for a wt_app set up without wt_app_open). */
void wt_app_workflows_release(wt_app *app);
/* The criteria catalogue (loaded on first use), from the data dir's workflows or the share dir. */
int wt_app_catalogue(wt_app *app, struct wt_catalogue **out, wt_error *err);
int wt_catalogue_load_default(struct wt_catalogue **out, const char *workflows_dir, wt_error *err);
/* The workflows folder used without a data directory (check, workflow lint/show/dot). */
int wt_app_default_workflows_dir(char *out, size_t size, wt_error *err);

/* Brings the index up to date with the journal (O(lag)). */
int wt_app_sync(wt_app *app, wt_error *err);
/* The same, when the caller already holds the writer lock. */
int wt_app_sync_locked(wt_app *app, wt_error *err);
/*
 * Reads a YAML (or JSON) file of the dossier tree at a commit. A missing or unreadable file is
 * -WT_EINTEGRITY: it was valid when it was recorded.
 */
int wt_app_read_doc(wt_app *app, const char *commit, const char *path, wt_doc **out, wt_error *err);
/* Reads status.yaml / the pinned workflow.yaml at a commit of the audit repository. */
int wt_app_read_status(wt_app *app, const char *commit, wt_status *st, wt_error *err);
int wt_app_read_workflow(wt_app *app, const char *commit, wt_workflow **out, wt_error *err);
/* The same for a workflow.yaml by its blob id. */
int wt_app_read_workflow_blob(wt_app *app, const char *blob, wt_workflow **out, wt_error *err);

/*
 * The index row of a case as the audit repository says it: status.yaml at head and the blob id
 * of the dossier's workflow.yaml ("" when unknown). The one place a case row is derived, for
 * the index and for verify's comparison with it.
 */
int wt_app_case_row(const char *case_id, const char *head, const wt_status *st,
		    const char *workflow_blob, wt_case_row *row, wt_error *err);
/* The first column in which two case rows differ (its name in the index), or NULL. */
const char *wt_app_case_row_diff(const wt_case_row *a, const wt_case_row *b);

/*
 * Pinned workflows parsed once per command: every case of a city pins the same few versions.
 * Keyed by the workflow.yaml's blob id (verify, queue). Bounded:
 * when it is full, put returns 1 and the caller keeps (and frees) the workflow.
 */
#define WT_WF_CACHE_MAX 32
typedef struct wt_wf_cache {
	struct {
		char key[128]; /* a blob id */
		wt_workflow *wf;
	} v[WT_WF_CACHE_MAX];
	size_t n;
} wt_wf_cache;
wt_workflow *wt_wf_cache_get(const wt_wf_cache *c, const char *key);
int wt_wf_cache_put(wt_wf_cache *c, const char *key, wt_workflow *wf);
void wt_wf_cache_release(wt_wf_cache *c);
/* Records one event (writer lock held): status.yaml + extra files, then the index. */
int wt_app_record(wt_app *app, const wt_event *ev, const wt_status *st, const char *expected_head,
		  const wt_audit_file *extra, size_t n_extra, const char *counter_key,
		  long counter_value, char out_head[WT_OID_HEX + 1], wt_error *err);

/* ---- dossier ---- */

typedef struct wt_dossier {
	char id[32];
	char head[WT_OID_HEX + 1];
	wt_status status;
	wt_workflow *wf;          /* the pinned workflow */
	wt_event *events;         /* oldest first */
	size_t n_events;
	wt_event_view *views;     /* for the machine, pointing into events */
	char (*commit_ids)[WT_OID_HEX + 1]; /* commit of each event */
} wt_dossier;

/*
 * Loads one case from its own ref only (promise 6). -WT_EINPUT "unknown case" when it does not
 * exist or the actor may not see it (the message does not tell which).
 */
int wt_dossier_load(wt_app *app, const char *id, wt_dossier **out, wt_error *err);
/*
 * 0 when the case ref the dossier was read from differs from the head the journal last gave the
 * case (the index caught up with the journal): moved outside weegteam, so show and log warn
 * that they may not show the whole dossier. 1 otherwise, also when that cannot be told.
 */
int wt_dossier_head_agrees(wt_app *app, const wt_dossier *d, char journal_head[WT_OID_HEX + 1]);
/* The refusal of a write on a case whose ref (at ref) differs from the journal's head. */
int wt_app_head_error(wt_error *err, const char *case_id, const char *ref, const char *journal);
void wt_dossier_free(wt_dossier *d);
/* The machine's view of the case (borrowing from d). */
void wt_dossier_view(const wt_dossier *d, wt_case_view *cv);
/* The actor as the machine sees it in the case's city. */
void wt_app_actor(const wt_app *app, const char *city, wt_actor *out);
/* The actor's roles, comma-separated (the Weegteam-Rollen trailer), cut to size. */
void wt_app_actor_roles(const wt_actor *actor, char *out, size_t size);

/*
 * Appends the summary of the case's assessments (side by side, red counts per section, where
 * assessors disagree): text, or a JSON value ("null" when there are none).
 */
int wt_app_assessment_summary(wt_app *app, const wt_dossier *d, int json, wt_buf *out,
			      wt_error *err);

/* ---- use cases ---- */

typedef struct wt_submit_result {
	char id[32];
	char city[32];
	char state[64];
	char *report_text;  /* the checklist report (owned), also on refusal */
	char *report_json;
} wt_submit_result;

void wt_submit_result_release(wt_submit_result *r);

struct wt_verzoek;
struct wt_checklist;
/*
 * Reads a verzoek from len bytes at raw (file names it in messages): parses it and runs the
 * checklist with today as the request date; the reports go into res. 0 with *doc, *v and *cl
 * (the caller frees all three, also on error); -WT_EINPUT when the file is malformed (err is
 * the first problem, the report is in res).
 */
int wt_app_verzoek_check(wt_app *app, const char *file, const char *raw, size_t len, wt_doc **doc,
			  struct wt_verzoek **v, struct wt_checklist **cl, wt_submit_result *res,
			  wt_error *err);

/* The verzoek's aard_geweld, comma-separated, into out (status.yaml's aard_geweld). */
int wt_app_join_aard(const struct wt_verzoek *v, char *out, size_t size);

/* SPEC `submit`. -WT_EREFUSED when the checklist blocks (report filled), -WT_EINPUT on bad input. */
int wt_app_submit(wt_app *app, const char *file, wt_submit_result *res, wt_error *err);
/*
 * Looks among the journal entries after the journal commit stop ("" for an empty journal then;
 * at most max_entries) for a submission by actor whose verzoek.yaml has exactly these bytes;
 * 0 with its case id (the oldest such), 1 when there is none or stop is not on the journal.
 * For ingest, which must know whether an interrupted run recorded a file it had claimed.
 */
int wt_app_find_submission(wt_app *app, const char *data, size_t len, size_t max_entries,
			   const char *stop, const char *actor, char *out_id, size_t out_size,
			   wt_error *err);

typedef struct wt_act_result {
	char state_from[64];
	char state_to[64];
	long seq;
	char head[WT_OID_HEX + 1];
} wt_act_result;

/* SPEC `act`. note/file may be NULL. */
int wt_app_act(wt_app *app, const char *id, const char *action, const char *note,
	       const char *file, wt_act_result *res, wt_error *err);
/*
 * The same with `act --ingang`: start (UTC seconds, 0 = none) is when a decision took effect,
 * if that was before it is recorded now. Only for actions with besluit: true that enter a
 * state with a termijn; not in the future, not before the previous event. The new state's
 * deadline counts from start (an imposed huisverbod ends start + 240 hours).
 */
int wt_app_act_at(wt_app *app, const char *id, const char *action, const char *note,
		  const char *file, int64_t start, wt_act_result *res, wt_error *err);

/*
 * SPEC `advies`: the advice of a case as Markdown (or a whole HTML document when html). When an
 * advice was recorded in the dossier it is returned exactly as recorded (*recorded = 1);
 * otherwise a draft is rendered from templates/advies.md with the city's override blocks.
 * Changes nothing. A value the template needs but the dossier lacks is -WT_EINPUT naming it.
 */
int wt_app_advies(wt_app *app, const char *id, int html, wt_buf *out, int *recorded, wt_error *err);

/*
 * The provenance of an advice being recorded (YAML text into out): the git blob ids of the
 * templates used, of the data the draft was rendered from (the render context), of the draft,
 * and of the recorded text, and whether the recorded text equals the draft.
 */
int wt_app_advies_provenance(wt_app *app, const wt_dossier *d, const char *recorded, size_t len,
			     wt_buf *out, wt_error *err);

/* SPEC `verify`: problems are passed to cb; returns the number found via *n_problems. */
typedef int (*wt_problem_cb)(const char *case_id, const char *kind, const char *message,
			     void *payload);
int wt_app_verify(wt_app *app, wt_problem_cb cb, void *payload, size_t *n_problems,
		  wt_error *err);

/* Where problems of verify and reindex go: the caller's callback (may be NULL), counted. */
typedef struct wt_problems {
	wt_problem_cb cb;
	void *payload;
	size_t n;
} wt_problems;
void wt_problems_add(wt_problems *p, const char *case_id, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * A ref weegteam does not write, and a file in the audit repository through which plain git
 * would show another history: callbacks for wt_audit_cases_others and wt_audit_foreign_files
 * with a wt_problems as payload, in the words verify and reindex share.
 */
void wt_app_foreign_ref(const char *name, int packed, void *problems);
void wt_app_foreign_file(const char *path, void *problems);

/*
 * Where a case ref stands against the journal's newest head of its case: the same commit, on
 * the chain behind it (set back: moving it forward loses nothing), ahead of it (the journal
 * lost entries), or on another chain (rewritten). Reads a chain only when they differ.
 */
typedef enum wt_ref_place { WT_REF_SAME, WT_REF_BEHIND, WT_REF_AHEAD, WT_REF_OTHER } wt_ref_place;
wt_ref_place wt_app_ref_place(wt_app *app, const char *ref, const char *journal);

/*
 * SPEC `reindex`: rebuilds the index from the audit repository alone, judging each case ref by
 * the journal. What it cannot repair (a ref that differs from the journal or that the journal
 * does not know, a case gone from the refs, a history that cannot be read, a journal that
 * cannot be read to its start) goes to cb like verify's problems (cb may be NULL), counted in
 * *n_problems; the rest is indexed.
 */
int wt_app_reindex(wt_app *app, size_t *n_cases, size_t *n_events, wt_problem_cb cb, void *payload,
		   size_t *n_problems, wt_error *err);

/* ---- notifications (notify.c) and tick (tick.c) ---- */

/* Reads <data>/meldingen.yaml when it exists (and the secret files it names). 0, -WT_EINPUT. */
int wt_app_notify_load(wt_app *app, wt_error *err);
/*
 * Enqueues the notifications of one event that is being indexed, in the caller's index
 * transaction (the transactional outbox). No-op without meldingen.yaml. *pinned is the case's
 * pinned workflow: read on first need when NULL, kept for the case's next events (the caller
 * frees it), since a case keeps the workflow it was submitted under.
 */
int wt_app_notify_enqueue(wt_app *app, const char *case_id, const wt_event *ev,
			  const char *commit, wt_workflow **pinned, wt_error *err);

typedef struct wt_deliver_result {
	size_t tried, delivered, retry, failed;
} wt_deliver_result;

/* Delivers the pending notifications that are due (at least once, with backoff). */
int wt_app_notify_deliver(wt_app *app, wt_deliver_result *res, wt_error *err);

typedef struct wt_maintain_result {
	size_t loose;    /* loose objects packed */
	size_t combined; /* small packs combined into one */
	size_t refs;     /* loose case refs packed into packed-refs */
	size_t debris;   /* files a killed writer left in objects/pack/, removed */
} wt_maintain_result;

typedef struct wt_tick_result {
	size_t near;      /* "termijn nadert" events recorded */
	size_t passed;    /* "termijn verstreken" events recorded */
	size_t conflicts; /* cases that changed meanwhile (left for the next tick) */
	wt_deliver_result delivery;
	wt_maintain_result maintained; /* what the automatic maintain did (all 0: not needed) */
	int maintain_ran;
} wt_tick_result;

/* tick runs maintain by itself when about this many loose objects have gathered (git's gc.auto). */
#define WT_APP_AUTO_PACK_LOOSE 6700
/* ... or when this many small packs have (every event writes one). */
#define WT_APP_AUTO_COMBINE_PACKS 32
/*
 * The most loose case refs tick's maintain packs in one run, so that it holds the writer lock
 * for a bounded time (writers wait for it up to 30 s): 2.4-2.8 s here for 10,000 of 100,000
 * loose ones (measured; all 100,000 at once took 19 s). Between two of tick's maintains far
 * fewer gather; only a store of loose refs maintained for the first time has more, and is
 * packed over a few runs. `weegteam maintain` packs them all.
 */
#define WT_APP_AUTO_PACK_REFS_MAX 10000

/*
 * SPEC `tick`: notes deadlines (once per deadline, in the audit trail), delivers pending
 * notifications, and runs maintain when the loose objects passed WT_APP_AUTO_PACK_LOOSE or
 * the small packs WT_APP_AUTO_COMBINE_PACKS.
 */
int wt_app_tick(wt_app *app, wt_tick_result *res, wt_error *err);

/*
 * SPEC `maintain`: packs loose objects, combines small packs, packs the loose case refs (at
 * most max_refs of them, 0: all), tidies the index.
 */
int wt_app_maintain(wt_app *app, size_t max_refs, wt_maintain_result *res, wt_error *err);

/*
 * SPEC `check`: the checklist report (text, or JSON when json) on one verzoek file, with
 * `today` as the request date. *report is the caller's (free()). *blocking: blocking findings.
 * A file that cannot be read as YAML at all is an error (-WT_EINPUT); form problems inside a
 * readable file are findings in the report.
 */
int wt_app_check_file(const char *workflows_dir, const char *file, wt_date today, int json,
		      char **report, size_t *blocking, wt_error *err);

/* snprintf for paths: 0, or -1 when the result would not fit (out is then truncated). */
int wt_pathf(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));


#endif
