/* cmd_show.c: weegteam show ID: the dossier as the actor may see it. */
#include "cli.h"

#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_MAX_ACTIONS 64

static void add_vereist_json(wt_buf *b, const wt_wf_action *a)
{
	int first = 1;

	wt_buf_addstr(b, "[");
	if (a->vereist & WT_VEREIST_NOTITIE) {
		wt_buf_addstr(b, "\"notitie\"");
		first = 0;
	}
	if (a->vereist & WT_VEREIST_BESTAND)
		wt_buf_addstr(b, first ? "\"bestand\"" : ", \"bestand\"");
	wt_buf_addstr(b, "]");
}

static void show_json(wt_app *app, const wt_dossier *d, const wt_wf_action **acts, size_t n,
		      wt_buf *b)
{
	char dl[32], since[32];
	size_t i;
	wt_error err;

	wt_time_format(d->status.deadline, dl);
	wt_time_format(d->status.state_entered, since);
	wt_buf_addstr(b, "{\"id\": ");
	wt_buf_add_json_str(b, d->id);
	wt_buf_addstr(b, ", \"gemeente\": ");
	wt_buf_add_json_str(b, d->status.city);
	wt_buf_addstr(b, ", \"status\": ");
	wt_buf_add_json_str(b, d->status.state);
	wt_buf_addstr(b, ", \"deadline\": ");
	wt_buf_add_json_str(b, d->status.deadline ? dl : NULL);
	wt_buf_printf(b, ", \"te_laat\": %s, \"afgesloten\": %s, \"spoed\": %s, \"status_sinds\": ",
		      d->status.deadline && d->status.deadline < app->now ? "true" : "false",
		      d->status.terminal ? "true" : "false", d->status.spoed ? "true" : "false");
	wt_buf_add_json_str(b, since);
	wt_buf_addstr(b, ", \"ingediend_door\": ");
	wt_buf_add_json_str(b, d->status.submitter);
	wt_buf_addstr(b, ", \"organisatie\": ");
	wt_buf_add_json_str(b, d->status.submitter_org);
	wt_buf_addstr(b, ", \"aard_geweld\": ");
	wt_buf_add_json_str(b, d->status.aard);
	wt_buf_addstr(b, ", \"workflow_versie\": ");
	wt_buf_add_json_str(b, d->status.workflow_version);
	wt_buf_printf(b, ", \"gebeurtenissen\": %zu, \"acties\": [", d->n_events);
	for (i = 0; i < n; i++) {
		wt_buf_addstr(b, i ? ", {\"actie\": " : "{\"actie\": ");
		wt_buf_add_json_str(b, acts[i]->key);
		wt_buf_addstr(b, ", \"naar\": ");
		wt_buf_add_json_str(b, acts[i]->naar);
		wt_buf_addstr(b, ", \"vereist\": ");
		add_vereist_json(b, acts[i]);
		wt_buf_addch(b, '}');
	}
	wt_buf_addstr(b, "], \"documenten\": [");
	for (i = 0; i < d->status.n_docs; i++) {
		const wt_status_doc *x = &d->status.docs[i];
		wt_buf_addstr(b, i ? ", {\"pad\": " : "{\"pad\": ");
		wt_buf_add_json_str(b, x->path);
		wt_buf_addstr(b, ", \"soort\": ");
		wt_buf_add_json_str(b, x->kind);
		wt_buf_addstr(b, ", \"door\": ");
		wt_buf_add_json_str(b, x->actor);
		wt_buf_addstr(b, ", \"rol\": ");
		wt_buf_add_json_str(b, x->role);
		wt_buf_printf(b, ", \"volgnummer\": %ld}", x->seq);
	}
	wt_buf_addstr(b, "], \"beoordelingen\": ");
	wt_error_clear(&err);
	if (wt_app_assessment_summary(app, d, 1, b, &err) < 0)
		wt_buf_addstr(b, "null");
	wt_buf_addstr(b, "}\n");
}

static void show_text(wt_app *app, const wt_dossier *d, const wt_wf_action **acts, size_t n,
		      wt_buf *b)
{
	const wt_wf_state *st = wt_workflow_state(d->wf, d->status.state);
	char t1[32], t2[32], t3[32];
	char *verzoek = NULL;
	size_t len = 0, i;
	wt_error err;

	wt_cli_time(d->status.state_entered, t1);
	wt_cli_time(d->status.deadline, t2);
	wt_cli_time(d->status.created, t3);
	wt_buf_printf(b, "Dossier %s — %s\n", d->id, d->wf->naam);
	wt_buf_printf(b, "Status:        %s (%s)%s\n", st && st->naam ? st->naam : d->status.state,
		      d->status.state, d->status.terminal ? ", afgesloten" : "");
	wt_buf_printf(b, "Sinds:         %s\n", t1);
	if (d->status.deadline)
		wt_buf_printf(b, "Deadline:      %s%s%s\n", t2,
			      d->status.deadline < app->now ? "  ** TE LAAT **" : "",
			      st && st->lokale_afspraak ? "  (lokale afspraak)" : "");
	wt_buf_printf(b, "Ingediend:     %s door %s (%s)%s\n", t3, d->status.submitter,
		      d->status.submitter_org, d->status.spoed ? ", SPOED" : "");
	wt_buf_printf(b, "Aard geweld:   %s\n", d->status.aard);
	wt_buf_printf(b, "Workflow:      %s versie %s (vastgelegd bij indiening)\n", d->wf->gemeente,
		      d->status.workflow_version);
	wt_buf_printf(b, "Gebeurtenissen: %zu (zie 'weegteam log %s')\n", d->n_events, d->id);
	if (d->status.n_docs) {
		wt_buf_addstr(b, "\nDocumenten:\n");
		for (i = 0; i < d->status.n_docs; i++)
			wt_buf_printf(b, "  %-45s %-12s door %s (%s)\n", d->status.docs[i].path,
				      d->status.docs[i].kind, d->status.docs[i].actor, d->status.docs[i].role);
	}
	wt_error_clear(&err);
	if (wt_app_assessment_summary(app, d, 0, b, &err) < 0)
		wt_buf_printf(b, "\n(De beoordelingen konden niet worden samengevat: %s)\n", err.message);
	wt_buf_addstr(b, "\nActies die u nu kunt nemen:\n");
	if (n == 0)
		wt_buf_addstr(b, "  (geen)\n");
	for (i = 0; i < n; i++)
		wt_buf_printf(b, "  %-32s -> %-28s %s%s\n", acts[i]->key, acts[i]->naar,
			      (acts[i]->vereist & WT_VEREIST_NOTITIE) ? "--note " : "",
			      (acts[i]->vereist & WT_VEREIST_BESTAND) ? "--file " : "");
	if (wt_audit_read(app->audit, d->head, "verzoek.yaml", &verzoek, &len, &err) == 0) {
		/* Indented, so that no line of it can pass for one of show's own. */
		wt_buf_addstr(b, "\nVerzoek (zoals ingediend):\n  ");
		wt_buf_add_indented(b, verzoek, len, "  ");
		if (len && verzoek[len - 1] != '\n')
			wt_buf_addch(b, '\n');
	}
	free(verzoek);
}

int wt_cmd_show(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_dossier *d = NULL;
	wt_error err;
	wt_case_view cv;
	wt_actor actor;
	const wt_wf_action *acts[SHOW_MAX_ACTIONS];
	size_t n;
	wt_buf b;

	wt_error_clear(&err);
	if (argc != 1 || argv[0][0] == '-')
		return wt_cli_usage(cli, "gebruik: weegteam show ID");
	if (wt_cli_open(cli, &app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (wt_dossier_load(app, argv[0], &d, &err) < 0) {
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	if (!wt_dossier_head_agrees(app, d, NULL))
		fprintf(stderr, "weegteam: let op: de audit-trail van dossier %s wijkt af van het journaal "
			"(buiten weegteam teruggezet of herschreven); wat volgt is mogelijk niet het hele "
			"dossier. Draai 'weegteam verify'.\n", d->id);
	wt_dossier_view(d, &cv);
	wt_app_actor(app, d->status.city, &actor);
	n = wt_machine_available(&cv, &actor, acts, SHOW_MAX_ACTIONS);
	if (n > SHOW_MAX_ACTIONS)
		n = SHOW_MAX_ACTIONS;
	wt_buf_init(&b, 0);
	if (cli->json)
		show_json(app, d, acts, n, &b);
	else
		show_text(app, d, acts, n, &b);
	wt_cli_print(&b);
	wt_buf_release(&b);
	wt_dossier_free(d);
	wt_app_free(app);
	return 0;
}
