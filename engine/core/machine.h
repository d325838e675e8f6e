/* machine.h: the state machine: may this actor take this action on this case now, and then what. */
#ifndef WT_MACHINE_H
#define WT_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "workflow.h"

/* One past event of a case, as the machine needs it (borrowed strings). */
typedef struct wt_event_view {
	const char *action;   /* "indienen" for the submission */
	const char *from;     /* "" for the submission */
	const char *to;
	const char *actor;    /* user id */
	const char *role;     /* the role the actor acted in */
	int64_t time;
} wt_event_view;

/* What the machine knows about a case (borrowed). */
typedef struct wt_case_view {
	const wt_workflow *wf;     /* the pinned workflow */
	const char *state;
	int spoed;
	int kindermishandeling;    /* aard_geweld includes kindermishandeling */
	int gevaar_onderbouwd;     /* the checklist's criterion (iii) is onderbouwd */
	const char *submitter;     /* user id */
	const char *submitter_org;
	const wt_event_view *events; /* oldest first, the submission included */
	size_t n_events;
} wt_case_view;

/* The acting user and the roles held in the case's city (borrowed). */
typedef struct wt_actor {
	const char *id;
	const char *organisatie;
	const char *const *roles;
	size_t n_roles;
} wt_actor;

/*
 * Decides whether `actor` may take `action` now. Returns 0 with *out_action and *out_role
 * (the first of the actor's roles that the action allows) set; -WT_EINPUT when the action
 * does not exist in the workflow; -WT_EREFUSED with a Dutch reason when the state, the roles,
 * a guard, or a missing note/file (has_note/has_file) forbid it. Changes nothing.
 */
int wt_machine_check(const wt_case_view *cv, const wt_actor *actor, const char *action,
		     int has_note, int has_file, const wt_wf_action **out_action,
		     const char **out_role, wt_error *err);

/* May the actor submit in this workflow's city (role and organisation)? 0, or -WT_EREFUSED. */
int wt_machine_check_submit(const wt_workflow *wf, const wt_actor *actor, const char *organisatie,
			    const char **out_role, wt_error *err);

/*
 * The actions the actor may take now (guards evaluated, note/file not required to be
 * present). Writes up to max borrowed pointers; returns how many there are.
 */
size_t wt_machine_available(const wt_case_view *cv, const wt_actor *actor,
			    const wt_wf_action **out, size_t max);

/* 1 when the actor may see a case of this city submitted by submitter (of submitter_org). */
int wt_machine_can_see(const wt_workflow *wf, const wt_actor *actor, const char *submitter,
		       const char *submitter_org);

/*
 * Deadline for leaving `state` when entered at `entered` (UTC seconds), using the spoed
 * duration when spoed and the state has one. 0 when the state has no deadline.
 */
int64_t wt_machine_deadline(const wt_workflow *wf, const char *state, int spoed, int64_t entered);

/*
 * The instant the deadline of `state` counts from: `now`, or, when the state has
 * termijn_vanaf X, the time of the last event that entered X from another state (events oldest
 * first). Falls back to `now` when X was never entered.
 */
int64_t wt_machine_deadline_base(const wt_workflow *wf, const char *state,
				 const wt_event_view *events, size_t n_events, int64_t now);

/*
 * The roles that may act in a state (the union of the rollen of its outgoing actions), as
 * a comma-separated list into out. For the queue's "who must act".
 */
int wt_machine_roles_to_act(const wt_workflow *wf, const char *state, wt_buf *out);

#endif
