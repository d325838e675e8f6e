/* cmd_log.c: weegteam log ID: the case's audit trail from the audit repository. */
#include "cli.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

int wt_cmd_log(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_dossier *d = NULL;
	wt_error err;
	wt_buf b;
	size_t i;

	wt_error_clear(&err);
	if (argc != 1 || argv[0][0] == '-')
		return wt_cli_usage(cli, "gebruik: weegteam log ID");
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
	wt_buf_init(&b, 0);
	if (cli->json) {
		wt_buf_addstr(&b, "{\"id\": ");
		wt_buf_add_json_str(&b, d->id);
		wt_buf_addstr(&b, ", \"gebeurtenissen\": [");
	} else {
		wt_buf_printf(&b, "Audit-trail van dossier %s (%zu gebeurtenissen)\n\n", d->id, d->n_events);
	}
	for (i = 0; i < d->n_events; i++) {
		const wt_event *e = &d->events[i];
		char when[32];
		wt_time_format(e->time, when);
		if (cli->json) {
			wt_buf_addstr(&b, i ? ", {\"tijd\": " : "{\"tijd\": ");
			wt_buf_add_json_str(&b, when);
			wt_buf_printf(&b, ", \"volgnummer\": %ld, \"actor\": ", e->seq);
			wt_buf_add_json_str(&b, e->actor);
			wt_buf_addstr(&b, ", \"rol\": ");
			wt_buf_add_json_str(&b, e->role);
			wt_buf_addstr(&b, ", \"actie\": ");
			wt_buf_add_json_str(&b, e->action);
			wt_buf_addstr(&b, ", \"van\": ");
			wt_buf_add_json_str(&b, e->from);
			wt_buf_addstr(&b, ", \"naar\": ");
			wt_buf_add_json_str(&b, e->to);
			wt_buf_addstr(&b, ", \"notitie\": ");
			wt_buf_add_json_str(&b, e->note);
			if (e->namens[0]) {
				wt_buf_addstr(&b, ", \"namens\": ");
				wt_buf_add_json_str(&b, e->namens);
			}
			if (e->start != 0) {
				char start[32];
				wt_time_format(e->start, start);
				wt_buf_addstr(&b, ", \"ingang\": ");
				wt_buf_add_json_str(&b, start);
			}
			if (e->document[0]) {
				wt_buf_addstr(&b, ", \"document\": ");
				wt_buf_add_json_str(&b, e->document);
			}
			wt_buf_printf(&b, ", \"commit\": \"%s\"}", d->commit_ids[i]);
		} else {
			char t[32];
			wt_cli_time(e->time, t);
			wt_buf_printf(&b, "%3ld  %s  %s (%s)%s%s\n     %s: %s -> %s\n", e->seq, t, e->actor,
				      e->role, e->namens[0] ? ", namens de " : "", e->namens, e->action,
				      e->from[0] ? e->from : "(nieuw)", e->to);
			if (e->start != 0) {
				char start[32];
				wt_cli_time(e->start, start);
				wt_buf_printf(&b, "     ingang: %s (vastgelegd %s)\n", start, t);
			}
			if (e->document[0])
				wt_buf_printf(&b, "     document: %s\n", e->document);
			if (e->note) {
				wt_buf_addstr(&b, "     notitie: ");
				wt_buf_add_indented(&b, e->note, strlen(e->note), "            | ");
				wt_buf_addch(&b, '\n');
			}
			wt_buf_printf(&b, "     commit %s\n", d->commit_ids[i]);
		}
	}
	wt_buf_addstr(&b, cli->json ? "]}\n" : "");
	wt_cli_print(&b);
	wt_buf_release(&b);
	wt_dossier_free(d);
	wt_app_free(app);
	return 0;
}
