/* cmd_queue.c: weegteam queue: the cases waiting for action that the actor may see. */
#include "cli.h"

#include "core/date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct qctx {
	const wt_cli *cli;
	wt_app *app;
	const char *role;
	long max;
	long shown;
	wt_buf *b;
	wt_wf_cache pinned; /* pinned definitions other than the current ones, by blob id */
} qctx;

/*
 * The workflow a case follows, as show and act use it: the definition pinned in the dossier at
 * submission, known by its blob id (the index row's workflow_blob; for a row from before schema
 * 4, looked up in the case's tree). That is the city's current definition when the current file
 * has the same bytes (nearly always: no read); else the dossier's own workflow.yaml, parsed once
 * per blob. A definitie_versie alone does not decide it: a file edited without a new version
 * must not change who sees an older case. *owned is set when the caller must free it (more
 * definitions than kept). When the dossier's copy cannot be read, or is another city's, the
 * current definition is used: the case is still listed, and verify reports the damage.
 */
static const wt_workflow *case_workflow(qctx *q, const wt_case_row *row, const wt_workflow *current,
					wt_workflow **owned)
{
	const wt_app_wf_source *src = wt_app_workflow_source(q->app, current);
	wt_workflow *wf = NULL;
	wt_error err;
	char blob[WT_OID_HEX + 1];

	*owned = NULL;
	wt_error_clear(&err);
	if (row->workflow_blob[0] != '\0')
		wt_strlcpy(blob, row->workflow_blob, sizeof(blob));
	else if (row->head[0] == '\0' ||
		 wt_audit_entry_id(q->app->audit, row->head, "workflow.yaml", blob, &err) != 0)
		return current;
	if (src != NULL && strcmp(src->blob, blob) == 0)
		return current;
	wf = wt_wf_cache_get(&q->pinned, blob);
	if (wf != NULL)
		return wf;
	if (wt_app_read_workflow_blob(q->app, blob, &wf, &err) < 0)
		return current;
	if (strcmp(wf->gemeente, current->gemeente) != 0) {
		wt_workflow_free(wf);
		return current;
	}
	if (wt_wf_cache_put(&q->pinned, blob, wf) != 0)
		*owned = wf;
	return wf;
}

static int on_case(const wt_case_row *row, void *payload)
{
	qctx *q = payload;
	/* Opening the data directory loaded the workflow of every city the actor has roles in;
	 * a case of any other city is not theirs to see. */
	const wt_workflow *current = wt_app_workflow_for(q->app, row->city), *wf;
	wt_workflow *owned = NULL;
	wt_actor actor;
	wt_buf who;
	const wt_wf_state *st;
	int late = row->deadline != 0 && row->deadline < q->app->now;
	char dl[32], t[32];

	if (current == NULL)
		return 0;
	wf = case_workflow(q, row, current, &owned);
	wt_app_actor(q->app, row->city, &actor);
	if (actor.n_roles == 0 || !wt_machine_can_see(wf, &actor, row->submitter, row->submitter_org)) {
		wt_workflow_free(owned);
		return 0;
	}
	wt_buf_init(&who, 1024);
	wt_machine_roles_to_act(wf, row->state, &who);
	if (q->role != NULL) {
		char list[1100];
		char needle[80];
		snprintf(list, sizeof(list), ",%s,", who.data ? who.data : "");
		snprintf(needle, sizeof(needle), ",%s,", q->role);
		if (strstr(list, needle) == NULL) {
			wt_buf_release(&who);
			wt_workflow_free(owned);
			return 0;
		}
	}
	st = wt_workflow_state(wf, row->state);
	wt_time_format(row->deadline, dl);
	if (q->cli->json) {
		wt_buf_addstr(q->b, q->shown ? ", {\"id\": " : "{\"id\": ");
		wt_buf_add_json_str(q->b, row->id);
		wt_buf_addstr(q->b, ", \"gemeente\": ");
		wt_buf_add_json_str(q->b, row->city);
		wt_buf_addstr(q->b, ", \"status\": ");
		wt_buf_add_json_str(q->b, row->state);
		wt_buf_addstr(q->b, ", \"deadline\": ");
		wt_buf_add_json_str(q->b, row->deadline ? dl : NULL);
		wt_buf_printf(q->b, ", \"te_laat\": %s, \"spoed\": %s, \"wie\": ", late ? "true" : "false",
			      row->spoed ? "true" : "false");
		wt_buf_add_json_str(q->b, who.data ? who.data : "");
		wt_buf_addch(q->b, '}');
	} else {
		wt_cli_time(row->deadline, t);
		wt_buf_printf(q->b, "%-16s %-10s %-28s %-17s %-8s %s\n", row->id, wf->naam,
			      st && st->naam ? row->state : row->state, t,
			      late ? "TE LAAT" : (row->spoed ? "spoed" : ""), who.data ? who.data : "");
	}
	wt_buf_release(&who);
	wt_workflow_free(owned);
	q->shown++;
	return q->shown >= q->max;
}

/*
 * Lets the index do the visibility filtering it can: an actor with roles in one city only
 * reads that city's range; an actor whose every role there sees only their own requests reads
 * their own cases. on_case still checks every row (this only narrows what is read).
 * Returns 0 when the actor has no role in any city asked for: nothing to read at all.
 */
static int narrow(wt_app *app, wt_queue_query *query)
{
	const wt_user *u = app->actor;
	size_t i, j, n_cities = 0;
	const char *only = NULL;
	int own_only = 1;

	if (u == NULL)
		return 1;
	for (i = 0; i < u->n_cities; i++) {
		const wt_workflow *wf = wt_app_workflow_for(app, u->cities[i].city);
		if (wf == NULL || u->cities[i].n_roles == 0 ||
		    (query->city != NULL && strcmp(query->city, wf->gemeente) != 0))
			continue;
		n_cities++;
		only = wf->gemeente;
		for (j = 0; j < u->cities[i].n_roles; j++) {
			const wt_wf_role *r = wt_workflow_role(wf, u->cities[i].roles[j]);
			if (r == NULL || r->inzage != WT_INZAGE_EIGEN)
				own_only = 0;
		}
	}
	if (n_cities == 1 && query->city == NULL)
		query->city = only;
	if (n_cities > 0 && own_only)
		query->submitter = u->id;
	return n_cities > 0;
}

int wt_cmd_queue(const wt_cli *cli, int argc, char **argv)
{
	wt_app *app = NULL;
	wt_error err;
	wt_queue_query query;
	wt_buf b;
	qctx q;
	int i, visible;
	const wt_workflow *wf;

	memset(&query, 0, sizeof(query));
	memset(&q, 0, sizeof(q));
	q.max = WT_APP_QUEUE_DEFAULT;
	wt_error_clear(&err);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--city") == 0 && i + 1 < argc)
			query.city = argv[++i];
		else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
			query.state = argv[++i];
		else if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			q.role = argv[++i];
		else if (strcmp(argv[i], "--overdue") == 0)
			query.overdue = 1;
		else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			q.max = strtol(argv[++i], &end, 10);
			if (errno || *end || q.max < 1 || q.max > 100000)
				return wt_cli_usage(cli, "--max verwacht een aantal tussen 1 en 100000.");
		} else
			return wt_cli_usage(cli, "gebruik: weegteam queue [--city GEMEENTE] [--state STATUS] "
						 "[--role ROL] [--overdue] [--max N]");
	}
	if (wt_cli_open(cli, &app, 1, &err) < 0)
		return wt_cli_fail(cli, &err);
	if (query.city != NULL) {
		if (wt_app_workflow_get(app, query.city, &wf, &err) < 0) {
			wt_app_free(app);
			return wt_cli_fail(cli, &err);
		}
		if (wf == NULL) {
			wt_app_free(app);
			return wt_cli_usage(cli, "Onbekende gemeente '%s'.", query.city);
		}
		query.city = wf->gemeente;
	}
	visible = narrow(app, &query);
	query.now = app->now;
	wt_buf_init(&b, 0);
	q.cli = cli;
	q.app = app;
	q.b = &b;
	if (cli->json)
		wt_buf_addstr(&b, "{\"zaken\": [");
	else
		wt_buf_printf(&b, "%-16s %-10s %-28s %-17s %-8s %s\n", "DOSSIER", "GEMEENTE", "STATUS",
			      "DEADLINE", "", "WIE MOET HANDELEN");
	if (visible && wt_store_queue(app->store, &query, on_case, &q, &err) < 0) {
		wt_buf_release(&b);
		wt_wf_cache_release(&q.pinned);
		wt_app_free(app);
		return wt_cli_fail(cli, &err);
	}
	if (cli->json)
		wt_buf_addstr(&b, "]}\n");
	else if (q.shown == 0)
		wt_buf_addstr(&b, "(geen dossiers die op u wachten)\n");
	wt_cli_print(&b);
	wt_buf_release(&b);
	wt_wf_cache_release(&q.pinned);
	wt_app_free(app);
	return 0;
}
