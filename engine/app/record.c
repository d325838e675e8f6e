/* record.c: writing one event: the commit point in the audit repository, then the index. */
#include "app.h"
#include "core/fault.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

/*
 * The journal is the judge of a case's head, and the index (caught up with it here, under the
 * writer lock) keeps the journal's head of every case. A case ref that differs was moved outside
 * weegteam (rewound, rewritten): writing on top of it would leave the journal's newer events
 * unreachable, and git would prune them. A new case's number that already has a ref means the
 * journal's counter was set back. Both: exit 4, nothing written.
 */
static int check_head(wt_app *app, const wt_event *ev, wt_error *err)
{
	char ref[WT_OID_HEX + 1];
	wt_case_row row;
	int rc = wt_app_sync_locked(app, err);

	if (rc == 0)
		rc = wt_audit_head(app->audit, ev->case_id, ref, err);
	if (rc < 0)
		return rc;
	if (ev->seq == 1)
		return rc == 1 ? 0 : wt_error_set(err, WT_EINTEGRITY, "dossiernummer_bestaat",
						  "Dossiernummer %s bestaat al, terwijl de teller in het journaal "
						  "lager staat: de teller is buiten weegteam teruggezet. Er is niets "
						  "vastgelegd; draai 'weegteam verify'.",
						  ev->case_id);
	if (rc == 1)
		return 0; /* no ref: the compare-and-swap refuses the event */
	rc = wt_store_case_get(app->store, ev->case_id, &row, err);
	if (rc < 0)
		return rc;
	if (rc == 1 || strcmp(row.head, ref) != 0)
		return wt_app_head_error(err, ev->case_id, ref, rc == 1 ? "(geen)" : row.head);
	return 0;
}

int wt_app_head_error(wt_error *err, const char *case_id, const char *ref, const char *journal)
{
	return wt_error_set(err, WT_EINTEGRITY, "ref_wijkt_af_van_journaal",
			    "De ref van dossier %s staat op %.12s, maar volgens het journaal hoort die op "
			    "%.12s te staan: het dossier is buiten weegteam teruggezet of herschreven. Er is "
			    "niets vastgelegd; draai 'weegteam verify'.",
			    case_id, ref, journal);
}

/*
 * Records ev with the dossier files (status.yaml from st plus extra files) as one commit,
 * with the writer lock held by the caller. Then brings the index up to date (one transaction).
 * The event is durable once wt_audit_append returns; an index failure after that is repaired
 * by the next command and is not reported as a failure of the event.
 */
int wt_app_record(wt_app *app, const wt_event *ev, const wt_status *st, const char *expected_head,
		  const wt_audit_file *extra, size_t n_extra, const char *counter_key,
		  long counter_value, char out_head[WT_OID_HEX + 1], wt_error *err)
{
	wt_buf msg, status;
	wt_audit_file files[8];
	wt_audit_event ae;
	const wt_user *u = app->actor;
	size_t i, n = 0;
	int rc;
	wt_error sync_err;

	if (n_extra + 1 > sizeof(files) / sizeof(files[0]))
		return wt_error_set(err, WT_EENV, "intern", "Te veel bestanden in één gebeurtenis.");
	wt_buf_init(&msg, 0);
	wt_buf_init(&status, 0);
	rc = check_head(app, ev, err);
	if (rc < 0)
		goto done;
	rc = wt_event_format(ev, &msg);
	if (rc == 0)
		rc = wt_status_format(st, &status);
	if (rc < 0) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto done;
	}
	files[n].path = "status.yaml";
	files[n].data = status.data;
	files[n].len = status.len;
	n++;
	for (i = 0; i < n_extra; i++)
		files[n++] = extra[i];
	memset(&ae, 0, sizeof(ae));
	ae.case_id = ev->case_id;
	ae.expected_head = expected_head;
	ae.seq = ev->seq;
	ae.files = files;
	ae.n_files = n;
	ae.author_name = u ? u->naam : app->actor_id;
	ae.author_email = u ? u->email : app->system ? "systeem@weegteam.invalid" : "onbekend@example.invalid";
	ae.time = ev->time;
	ae.tz_offset_minutes = wt_time_nl_offset(ev->time) / 60;
	ae.message = msg.data;
	ae.counter_key = counter_key;
	ae.counter_value = counter_value;
	rc = wt_audit_append(app->audit, &ae, out_head, err);
	if (rc < 0)
		goto done;
	/* The event is recorded. Updating the index is best effort here: it lags otherwise and
	 * every later command catches up (wt_app_sync), so its error is not the event's. */
	wt_error_clear(&sync_err);
	WT_FAULT("voor-index");
	if (wt_app_sync_locked(app, &sync_err) < 0)
		fprintf(stderr, "weegteam: waarschuwing: de index is niet bijgewerkt (%s); de volgende opdracht herstelt dit.\n",
			sync_err.message);
	WT_FAULT("na-index");
done:
	wt_buf_release(&msg);
	wt_buf_release(&status);
	return rc;
}
