/* tick.c: the tick use case: note deadlines that approach or passed, once each, then deliver. */
#include "app.h"

#include "core/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Without meldingen.yaml, "termijn nadert" is noted this many hours before a deadline. */
#define TICK_NEAR_HOURS_DEFAULT 4
/* Most cases one tick notes; the rest follows on the next tick. */
#define TICK_MAX_CASES 1000

typedef struct due_list {
	char (*ids)[32];
	size_t n;
	int oom;
} due_list;

static int collect(const wt_case_row *row, void *payload)
{
	due_list *d = payload;

	if (d->n == TICK_MAX_CASES)
		return 1;
	if (d->ids == NULL) {
		d->ids = calloc(TICK_MAX_CASES, sizeof(*d->ids));
		if (d->ids == NULL) {
			d->oom = 1;
			return 1;
		}
	}
	wt_strlcpy(d->ids[d->n++], row->id, sizeof(d->ids[0]));
	return 0;
}

/* The Dutch note of a system event: which deadline, and who must act. No personal data. */
static int deadline_note(const wt_dossier *d, int passed, wt_buf *out)
{
	const wt_wf_state *s = wt_workflow_state(d->wf, d->status.state);
	char when[32];
	wt_buf roles;
	int rc;

	wt_time_format(d->status.deadline, when);
	wt_buf_init(&roles, 0);
	rc = wt_machine_roles_to_act(d->wf, d->status.state, &roles);
	rc |= wt_buf_printf(out, "%s: de termijn van '%s' %s %s.", passed ? "Termijn verstreken" : "Termijn nadert",
			    s ? s->naam : d->status.state, passed ? "is verstreken op" : "verloopt op", when);
	if (roles.len > 0)
		rc |= wt_buf_printf(out, " Aan zet: %s.", roles.data);
	wt_buf_release(&roles);
	return rc ? -WT_EENV : 0;
}

/* Notes one case's deadline if nobody did yet; with the writer lock, so exactly once. */
static int tick_case(wt_app *app, const char *id, int64_t horizon, wt_tick_result *res, wt_error *err)
{
	wt_dossier *d = NULL;
	wt_status st;
	wt_event ev;
	wt_buf note;
	char head[WT_OID_HEX + 1];
	int rc, passed;

	memset(&st, 0, sizeof(st));
	wt_buf_init(&note, 0);
	rc = wt_audit_lock(app->audit, err);
	if (rc < 0)
		return rc;
	rc = wt_dossier_load(app, id, &d, err);
	/* tick sees every case: one the index lists without a ref was removed outside weegteam. */
	if (rc == -WT_EINPUT && strcmp(err->key, "onbekend_dossier") == 0)
		rc = wt_error_set(err, WT_EINTEGRITY, "ref_ontbreekt",
				  "Dossier %s staat in de index, maar zijn ref ontbreekt in de audit-repository: "
				  "buiten weegteam verwijderd. Draai 'weegteam verify'.", id);
	if (rc < 0)
		goto done;
	if (d->status.terminal || d->status.deadline == 0 || d->status.deadline > horizon)
		goto done;
	passed = d->status.deadline <= app->now;
	if (passed ? d->status.escalated == d->status.deadline : d->status.warned == d->status.deadline)
		goto done;
	rc = wt_status_copy(&st, &d->status);
	if (rc == 0)
		rc = deadline_note(d, passed, &note);
	if (rc < 0) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto done;
	}
	st.seq = d->status.seq + 1;
	st.updated = app->now;
	st.warned = d->status.deadline;
	if (passed)
		st.escalated = d->status.deadline;
	memset(&ev, 0, sizeof(ev));
	wt_strlcpy(ev.case_id, d->id, sizeof(ev.case_id));
	ev.seq = st.seq;
	wt_strlcpy(ev.action, passed ? WT_ACTION_DEADLINE_PASSED : WT_ACTION_DEADLINE_NEAR, sizeof(ev.action));
	wt_strlcpy(ev.from, d->status.state, sizeof(ev.from));
	wt_strlcpy(ev.to, d->status.state, sizeof(ev.to));
	wt_strlcpy(ev.actor, WT_SYSTEM_ACTOR, sizeof(ev.actor));
	wt_strlcpy(ev.role, WT_SYSTEM_ROLE, sizeof(ev.role));
	wt_strlcpy(ev.roles, WT_SYSTEM_ROLE, sizeof(ev.roles));
	wt_strlcpy(ev.workflow, d->wf->gemeente, sizeof(ev.workflow));
	wt_strlcpy(ev.workflow_version, d->wf->definitie_versie, sizeof(ev.workflow_version));
	ev.time = app->now;
	ev.note = note.data;
	rc = wt_app_record(app, &ev, &st, d->head, NULL, 0, NULL, 0, head, err);
	if (rc == 0) {
		if (passed)
			res->passed++;
		else
			res->near++;
	}
done:
	wt_audit_unlock(app->audit);
	wt_status_release(&st);
	wt_buf_release(&note);
	wt_dossier_free(d);
	return rc;
}

int wt_app_tick(wt_app *app, wt_tick_result *res, wt_error *err)
{
	due_list due = {NULL, 0, 0};
	long hours = app->notify != NULL ? app->notify->nadert_uren : TICK_NEAR_HOURS_DEFAULT;
	int64_t horizon = app->now + (int64_t)hours * 3600;
	wt_error first;
	size_t i;
	int rc, rc_first = 0;

	memset(res, 0, sizeof(*res));
	wt_error_clear(&first);
	app->system = 1;
	app->actor = NULL;
	wt_strlcpy(app->actor_id, WT_SYSTEM_ACTOR, sizeof(app->actor_id));
	rc = wt_store_deadlines_due(app->store, app->now, horizon, collect, &due, err);
	if (rc == 0 && due.oom)
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	/* One case that cannot be noted does not stop the others; the first error is reported. */
	for (i = 0; rc == 0 && i < due.n; i++) {
		wt_error e;
		int r;
		wt_error_clear(&e);
		r = tick_case(app, due.ids[i], horizon, res, &e);
		if (r == -WT_ECONFLICT) {
			res->conflicts++;
		} else if (r < 0 && rc_first == 0) {
			rc_first = r;
			wt_error_copy(&first, &e);
		}
	}
	free(due.ids);
	if (rc < 0)
		return rc;
	/* Delivery never depends on the notes above: what was recorded earlier goes out too. */
	rc = wt_app_notify_deliver(app, &res->delivery, err);
	/* Housekeeping: pack loose objects and combine the events' small packs before there are
	 * so many that it takes long (both counts cost one folder read). */
	if (rc == 0) {
		size_t loose = 0, small = 0;
		rc = wt_audit_loose_estimate(app->audit, &loose, err);
		if (rc == 0)
			rc = wt_audit_pack_count(app->audit, WT_AUDIT_COMBINE_MAX_BYTES, &small, NULL, err);
		if (rc == 0 && (loose >= WT_APP_AUTO_PACK_LOOSE || small >= WT_APP_AUTO_COMBINE_PACKS)) {
			rc = wt_app_maintain(app, WT_APP_AUTO_PACK_REFS_MAX, &res->maintained, err);
			res->maintain_ran = rc == 0;
		}
	}
	if (rc == 0 && rc_first < 0) {
		wt_error_copy(err, &first);
		rc = rc_first;
	}
	return rc;
}
