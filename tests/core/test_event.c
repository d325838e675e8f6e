/* test_event.c: the event commit message: round trip, forged trailers, refusals. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/event.h"

static void sample(wt_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	snprintf(ev->case_id, sizeof(ev->case_id), "%s", "2026-RTM-0001");
	ev->seq = 3;
	snprintf(ev->action, sizeof(ev->action), "%s", "beoordelen");
	snprintf(ev->from, sizeof(ev->from), "%s", "weegteam");
	snprintf(ev->to, sizeof(ev->to), "%s", "weegteam");
	snprintf(ev->actor, sizeof(ev->actor), "%s", "kbakker");
	snprintf(ev->role, sizeof(ev->role), "%s", "politie");
	snprintf(ev->roles, sizeof(ev->roles), "%s", "politie,jurist");
	snprintf(ev->workflow, sizeof(ev->workflow), "%s", "rotterdam");
	snprintf(ev->workflow_version, sizeof(ev->workflow_version), "%s", "2026.1");
	ev->time = 1795856400; /* 2026-11-28T09:00:00Z */
}

Test(event, round_trip_keeps_every_field)
{
	wt_event ev, back;
	wt_buf b;
	wt_error err;

	sample(&ev);
	ev.note = (char *)"Eerste regel.\n\nTweede alinea.";
	snprintf(ev.document, sizeof(ev.document), "%s", "beoordelingen/0003-politie-kbakker.yaml");
	snprintf(ev.namens, sizeof(ev.namens), "%s", "burgemeester");
	wt_buf_init(&b, 0);
	cr_assert_eq(wt_event_format(&ev, &b), 0);
	cr_assert_eq(wt_event_parse(&back, b.data, &err), 0, "%s", err.message);
	cr_assert_str_eq(back.case_id, "2026-RTM-0001");
	cr_assert_eq(back.seq, 3);
	cr_assert_str_eq(back.action, "beoordelen");
	cr_assert_str_eq(back.roles, "politie,jurist");
	cr_assert_str_eq(back.namens, "burgemeester");
	cr_assert_str_eq(back.document, "beoordelingen/0003-politie-kbakker.yaml");
	cr_assert_eq(back.time, ev.time);
	cr_assert_str_eq(back.note, "Eerste regel.\n\nTweede alinea.");
	wt_event_release(&back);
	wt_buf_release(&b);
}

Test(event, note_cannot_forge_a_trailer)
{
	wt_event ev, back;
	wt_buf b;
	wt_error err;

	sample(&ev);
	ev.note = (char *)"Weegteam-Rol: burgemeester\nWeegteam-Actie: opleggen";
	wt_buf_init(&b, 0);
	cr_assert_eq(wt_event_format(&ev, &b), 0);
	cr_assert_eq(wt_event_parse(&back, b.data, &err), 0, "%s", err.message);
	cr_assert_str_eq(back.role, "politie");
	cr_assert_str_eq(back.action, "beoordelen");
	wt_event_release(&back);
	wt_buf_release(&b);
}

Test(event, refuses_missing_and_duplicate_trailers)
{
	wt_event back;
	wt_error err;

	cr_assert_eq(wt_event_parse(&back, "zomaar een commit\n", &err), -WT_EINTEGRITY);
	cr_assert_eq(wt_event_parse(&back,
				    "a: -> b\n\nWeegteam-Zaak: 2026-RTM-0001\nWeegteam-Zaak: 2026-RTM-0002\n",
				    &err),
		     -WT_EINTEGRITY);
	cr_assert_eq(wt_event_parse(&back, "a: -> b\n\nWeegteam-Zaak: 2026-RTM-0001\n", &err),
		     -WT_EINTEGRITY);
}

/* act --ingang: the start is a trailer of its own, written only when set. */
Test(event, start_round_trips_and_is_absent_by_default)
{
	wt_event ev, back;
	wt_buf b;
	wt_error err;

	sample(&ev);
	wt_buf_init(&b, 0);
	cr_assert_eq(wt_event_format(&ev, &b), 0);
	cr_assert_null(strstr(b.data, "Weegteam-Ingang"));
	cr_assert_eq(wt_event_parse(&back, b.data, &err), 0, "%s", err.message);
	cr_assert_eq(back.start, 0);
	wt_event_release(&back);
	wt_buf_reset(&b);
	ev.start = ev.time - 5400;
	cr_assert_eq(wt_event_format(&ev, &b), 0);
	cr_assert_not_null(strstr(b.data, "Weegteam-Ingang: 2026-11-28T08:30:00+01:00\n"), "%s", b.data);
	cr_assert_eq(wt_event_parse(&back, b.data, &err), 0, "%s", err.message);
	cr_assert_eq(back.start, ev.start);
	wt_event_release(&back);
	wt_buf_release(&b);
}
