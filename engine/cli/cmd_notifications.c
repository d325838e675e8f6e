/* cmd_notifications.c: weegteam notifications: the outbox (pending, delivered, failed), retry. */
#include "cli.h"

#include "core/date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"gebruik: weegteam notifications [--status wachtend|afgeleverd|mislukt] [--max N] "
	"[--retry ID | --retry-failed]";

static void add_rows(const wt_cli *cli, wt_buf *b, const wt_outbox_row *rows, size_t n, size_t *shown)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const wt_outbox_row *r = &rows[i];
		char next[32], done[32];
		wt_cli_time(r->status[0] == 'w' ? r->next_attempt : 0, next);
		wt_cli_time(r->delivered, done);
		if (cli->json) {
			wt_buf_addstr(b, (*shown)++ ? ", {\"id\": " : "{\"id\": ");
			wt_buf_add_json_str(b, r->id);
			wt_buf_addstr(b, ", \"zaak\": ");
			wt_buf_add_json_str(b, r->case_id);
			wt_buf_printf(b, ", \"volgnummer\": %ld, \"eindpunt\": ", r->seq);
			wt_buf_add_json_str(b, r->endpoint);
			wt_buf_addstr(b, ", \"soorten\": ");
			wt_buf_add_json_str(b, r->kinds);
			wt_buf_addstr(b, ", \"status\": ");
			wt_buf_add_json_str(b, r->status);
			wt_buf_printf(b, ", \"pogingen\": %ld, \"volgende_poging\": ", r->attempts);
			if (r->status[0] == 'w' && r->next_attempt != 0) {
				char t[32];
				wt_time_format(r->next_attempt, t);
				wt_buf_add_json_str(b, t);
			} else {
				wt_buf_addstr(b, "null");
			}
			wt_buf_addstr(b, ", \"fout\": ");
			wt_buf_add_json_str(b, r->last_error[0] ? r->last_error : NULL);
			wt_buf_addch(b, '}');
		} else {
			wt_buf_printf(b, "%-10s %-40s %-14s pogingen %-3ld volgende %-16s afgeleverd %-16s %s\n",
				      r->status, r->id, r->kinds, r->attempts, next, done, r->last_error);
			(*shown)++;
		}
	}
}

int wt_cmd_notifications(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_outbox_row *rows = NULL;
	const char *status = NULL, *retry = NULL;
	long max = 50, pending = 0, delivered = 0, failed = 0;
	int retry_all = 0, i, rc = 0;
	size_t n = 0, shown = 0, retried = 0;
	wt_error err;
	wt_buf b;

	wt_error_clear(&err);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--status") == 0 && i + 1 < argc) {
			status = argv[++i];
			if (strcmp(status, WT_OUTBOX_PENDING) != 0 && strcmp(status, WT_OUTBOX_DELIVERED) != 0 &&
			    strcmp(status, WT_OUTBOX_FAILED) != 0)
				return wt_cli_usage(cli, "--status is wachtend, afgeleverd of mislukt.");
		} else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			max = strtol(argv[++i], &end, 10);
			if (errno || *end || max < 1 || max > 10000)
				return wt_cli_usage(cli, "--max is een getal van 1 tot en met 10000.");
		} else if (strcmp(argv[i], "--retry") == 0 && i + 1 < argc) {
			retry = argv[++i];
		} else if (strcmp(argv[i], "--retry-failed") == 0) {
			retry_all = 1;
		} else {
			return wt_cli_usage(cli, "%s", usage_text);
		}
	}
	if (retry != NULL && retry_all)
		return wt_cli_usage(cli, "Kies --retry ID of --retry-failed, niet allebei.");
	if (wt_cli_open(cli, &app, 0, &err) < 0)
		return wt_cli_fail(cli, &err);
	wt_buf_init(&b, 0);
	if (retry != NULL || retry_all) {
		rc = wt_store_outbox_retry(app->store, retry, app->now, &retried, &err);
		if (rc == 0 && retry != NULL && retried == 0)
			rc = wt_error_set(&err, WT_EINPUT, "onbekende_melding",
					  "Er is geen mislukte melding met kenmerk '%s'.", retry);
	}
	if (rc == 0)
		rc = wt_store_outbox_counts(app->store, &pending, &delivered, &failed, &err);
	if (rc < 0)
		goto done;
	if (cli->json)
		wt_buf_printf(&b, "{\"opnieuw_aangeboden\": %zu, \"wachtend\": %ld, \"afgeleverd\": %ld, "
			      "\"mislukt\": %ld, \"meldingen\": [", retried, pending, delivered, failed);
	else {
		if (retry != NULL || retry_all)
			wt_buf_printf(&b, "%zu mislukte melding(en) opnieuw aangeboden; 'weegteam tick' levert ze af.\n",
				      retried);
		wt_buf_printf(&b, "Meldingen: %ld wachtend, %ld afgeleverd, %ld mislukt.%s\n", pending, delivered,
			      failed, app->notify == NULL ? " (Er is geen meldingen.yaml: er worden geen meldingen gemaakt.)" : "");
	}
	/* Without --status: what needs attention (failed, then pending). */
	if (status != NULL) {
		rc = wt_store_outbox_list(app->store, status, (size_t)max, &rows, &n, &err);
		if (rc == 0)
			add_rows(cli, &b, rows, n, &shown);
		wt_store_outbox_free(rows, n);
	} else {
		const char *which[] = {WT_OUTBOX_FAILED, WT_OUTBOX_PENDING};
		size_t k;
		for (k = 0; rc == 0 && k < 2; k++) {
			rc = wt_store_outbox_list(app->store, which[k], (size_t)max, &rows, &n, &err);
			if (rc == 0)
				add_rows(cli, &b, rows, n, &shown);
			wt_store_outbox_free(rows, n);
			rows = NULL;
			n = 0;
		}
	}
	if (rc == 0 && cli->json)
		wt_buf_addstr(&b, "]}\n");
done:
	if (rc == 0)
		wt_cli_print(&b);
	wt_buf_release(&b);
	wt_app_free(app);
	return rc < 0 ? wt_cli_fail(cli, &err) : 0;
}
