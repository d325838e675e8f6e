/* test_status.c: status.yaml round trip and refusal of a damaged one. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "yaml/yaml_load.h"

Test(status, round_trip_keeps_every_field)
{
	wt_status st, back;
	wt_status_doc d;
	wt_buf b;
	wt_doc *doc = NULL;
	wt_error err;

	memset(&st, 0, sizeof(st));
	snprintf(st.case_id, sizeof(st.case_id), "2026-RTM-0007");
	snprintf(st.city, sizeof(st.city), "rotterdam");
	snprintf(st.state, sizeof(st.state), "weegteam");
	st.state_entered = 1795856400;
	st.deadline = 1796115600;
	st.spoed = 1;
	st.seq = 4;
	snprintf(st.submitter, sizeof(st.submitter), "rotterdam-verzoeker-veilig-thuis");
	snprintf(st.submitter_org, sizeof(st.submitter_org), "veilig-thuis");
	snprintf(st.aard, sizeof(st.aard), "partnergeweld,kindermishandeling");
	snprintf(st.workflow_version, sizeof(st.workflow_version), "2026.1");
	st.kindermishandeling = 1;
	st.gevaar_onderbouwd = 1;
	st.created = 1795856400;
	st.updated = 1795860000;
	memset(&d, 0, sizeof(d));
	snprintf(d.path, sizeof(d.path), "beoordelingen/0004-politie-x.yaml");
	snprintf(d.kind, sizeof(d.kind), "beoordeling");
	snprintf(d.action, sizeof(d.action), "beoordelen");
	d.seq = 4;
	snprintf(d.actor, sizeof(d.actor), "x");
	snprintf(d.role, sizeof(d.role), "politie");
	cr_assert_eq(wt_status_add_doc(&st, &d), 0);

	wt_buf_init(&b, 0);
	cr_assert_eq(wt_status_format(&st, &b), 0);
	cr_assert_eq(wt_yaml_load_buffer(&doc, "status.yaml", b.data, b.len, &err), 0, "%s", err.message);
	cr_assert_eq(wt_status_parse(&back, doc, &err), 0, "%s", err.message);
	cr_assert_str_eq(back.case_id, "2026-RTM-0007");
	cr_assert_str_eq(back.aard, "partnergeweld,kindermishandeling");
	cr_assert_eq(back.deadline, st.deadline);
	cr_assert_eq(back.state_entered, st.state_entered);
	cr_assert_eq(back.spoed, 1);
	cr_assert_eq(back.seq, 4);
	cr_assert_eq(back.n_docs, 1);
	cr_assert_str_eq(back.docs[0].path, "beoordelingen/0004-politie-x.yaml");
	wt_status_release(&back);
	wt_status_release(&st);
	wt_doc_free(doc);
	wt_buf_release(&b);
}

Test(status, no_deadline_is_null)
{
	wt_status st, back;
	wt_buf b;
	wt_doc *doc = NULL;
	wt_error err;

	memset(&st, 0, sizeof(st));
	snprintf(st.case_id, sizeof(st.case_id), "2026-AMS-0001");
	st.created = st.updated = st.state_entered = 1795856400;
	wt_buf_init(&b, 0);
	cr_assert_eq(wt_status_format(&st, &b), 0);
	cr_assert(strstr(b.data, "deadline: null") != NULL);
	cr_assert_eq(wt_yaml_load_buffer(&doc, "status.yaml", b.data, b.len, &err), 0);
	cr_assert_eq(wt_status_parse(&back, doc, &err), 0, "%s", err.message);
	cr_assert_eq(back.deadline, 0);
	wt_status_release(&back);
	wt_doc_free(doc);
	wt_buf_release(&b);
}

Test(status, refuses_a_damaged_status)
{
	const char *text = "soort: status\nzaak: 2026-RTM-0001\n";
	wt_status back;
	wt_doc *doc = NULL;
	wt_error err;

	cr_assert_eq(wt_yaml_load_buffer(&doc, "status.yaml", text, strlen(text), &err), 0);
	cr_assert_eq(wt_status_parse(&back, doc, &err), -WT_EINTEGRITY);
	wt_doc_free(doc);
}
