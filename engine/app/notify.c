/* notify.c: notification settings, the transactional outbox, and delivery with backoff. */
#include "app.h"
#include "core/fault.h"

#include "core/notify.h"
#include "notify/notify.h"
#include "yaml/yaml_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* How many notifications one claim takes. */
#define DELIVER_BATCH 16
/* Most notifications one delivery run tries (the rest waits for the next tick). */
#define DELIVER_MAX 1000

/* Refuses a file that holds a secret and that others than its owner may read. */
static int private_file(const char *path, wt_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		wt_error_set(err, errno == ENOENT ? WT_EINPUT : WT_EENV, "bestand_niet_gevonden",
			     "Het bestand kan niet worden geopend (%s).", strerror(errno));
		wt_error_at(err, path, 0, 0, NULL);
		return -(int)err->code;
	}
	if (st.st_mode & 077) {
		wt_error_set(err, WT_EINPUT, "geheim_leesbaar",
			     "Dit bestand bevat een geheim en is leesbaar voor anderen; maak het alleen "
			     "voor de eigenaar leesbaar (chmod 600).");
		wt_error_at(err, path, 0, 0, NULL);
		return -WT_EINPUT;
	}
	return 0;
}

/* A path from meldingen.yaml: absolute (ca_bestand only), or relative to the data directory. */
static int data_path(const wt_app *app, const char *p, char *out, size_t size)
{
	if (p[0] == '/')
		return wt_strlcpy(out, p, size);
	return wt_pathf(out, size, "%s/%s", app->data_dir, p);
}

/*
 * A problem with endpoint idx's secret file: points at its geheim_bestand in meldingen.yaml
 * (file, line, column, field) and names the secret file in the message. Returns -code.
 */
static int at_secret_setting(const wt_notify_config *cfg, size_t idx, wt_error *err)
{
	const wt_notify_endpoint *ep = &cfg->endpoints[idx];
	char msg[WT_ERROR_MESSAGE_MAX], field[64];

	wt_strlcpy(msg, err->message, sizeof(msg));
	snprintf(err->message, sizeof(err->message), "Het bestand '%.200s': %.800s", ep->geheim_bestand, msg);
	snprintf(field, sizeof(field), "eindpunten[%zu].geheim_bestand", idx + 1);
	wt_error_at(err, cfg->file, ep->secret_line, ep->secret_column, field);
	return -(int)err->code;
}

/* Reads endpoint idx's geheim_bestand (relative to the data directory, checked when parsed). */
static int read_secret(wt_app *app, wt_notify_config *cfg, size_t idx, wt_error *err)
{
	wt_notify_endpoint *ep = &cfg->endpoints[idx];
	char path[WT_PATH_MAX];
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (data_path(app, ep->geheim_bestand, path, sizeof(path)) < 0) {
		wt_error_set(err, WT_EINPUT, "pad_te_lang", "Het pad is te lang.");
		return at_secret_setting(cfg, idx, err);
	}
	rc = private_file(path, err);
	if (rc == 0)
		rc = wt_read_file(path, WT_NOTIFY_SECRET_MAX + 2, &data, &len, err);
	if (rc < 0)
		return at_secret_setting(cfg, idx, err);
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r' || data[len - 1] == ' '))
		data[--len] = '\0';
	if (len < WT_NOTIFY_SECRET_MIN || len > WT_NOTIFY_SECRET_MAX || memchr(data, '\0', len) != NULL) {
		memset(data, 0, len);
		free(data);
		wt_error_set(err, WT_EINPUT, "geheim_te_kort",
			     "Het geheim in dit bestand is %d tot %d tekens lang (een lange willekeurige tekst).",
			     WT_NOTIFY_SECRET_MIN, WT_NOTIFY_SECRET_MAX);
		return at_secret_setting(cfg, idx, err);
	}
	ep->geheim = data;
	return 0;
}

int wt_app_notify_load(wt_app *app, wt_error *err)
{
	char path[WT_PATH_MAX];
	wt_doc *doc = NULL;
	wt_notify_config *cfg = NULL;
	struct stat st;
	size_t i;
	int rc, inline_secret = 0;

	if (wt_pathf(path, sizeof(path), "%s/meldingen.yaml", app->data_dir) < 0)
		return wt_error_set(err, WT_EINPUT, "pad_te_lang", "Het pad van de datamap is te lang.");
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0;
	rc = wt_yaml_load_file(&doc, path, err);
	if (rc == 0)
		rc = wt_notify_config_parse(&cfg, doc, err);
	wt_doc_free(doc);
	for (i = 0; rc == 0 && i < cfg->n_endpoints; i++) {
		if (cfg->endpoints[i].geheim_bestand != NULL)
			rc = read_secret(app, cfg, i, err);
		else
			inline_secret = 1;
	}
	if (rc == 0 && inline_secret)
		rc = private_file(path, err);
	if (rc == 0 && cfg->ca_bestand != NULL) {
		char ca[WT_PATH_MAX];
		char *copy;
		if (data_path(app, cfg->ca_bestand, ca, sizeof(ca)) < 0 || (copy = wt_strdup(ca)) == NULL) {
			rc = wt_error_set(err, WT_EINPUT, "pad_te_lang", "Het pad van 'ca_bestand' is te lang.");
		} else {
			free(cfg->ca_bestand);
			cfg->ca_bestand = copy;
		}
	}
	if (rc < 0) {
		wt_notify_config_free(cfg);
		return rc;
	}
	app->notify = cfg;
	return 0;
}

/* The kinds as "a,b,c" for the outbox row. */
static void kinds_text(unsigned kinds, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; wt_notify_kind_names[i]; i++) {
		int w;
		if (!(kinds & (1u << i)))
			continue;
		w = snprintf(out + n, size - n, "%s%s", n ? "," : "", wt_notify_kind_names[i]);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}

int wt_app_notify_enqueue(wt_app *app, const char *case_id, const wt_event *ev,
			  const char *commit, wt_workflow **pinned, wt_error *err)
{
	const wt_notify_config *cfg = app->notify;
	const wt_workflow *wf;
	wt_status st;
	wt_buf roles, body;
	unsigned kinds;
	size_t i;
	int rc = 0, any = 0, have_status = 0;

	if (cfg == NULL || cfg->n_endpoints == 0)
		return 0;
	/* A rebuilt index does not announce the past again: only recent events are enqueued,
	 * and those that were enqueued before keep their row (and delivery state). */
	if (app->rebuilding && ev->time < app->now - (int64_t)cfg->herbouw_uren * 3600)
		return 0;
	for (i = 0; i < cfg->n_endpoints; i++)
		any |= wt_notify_endpoint_serves(&cfg->endpoints[i], ev->workflow);
	if (!any)
		return 0;
	wt_buf_init(&roles, 0);
	wt_buf_init(&body, 0);
	rc = wt_app_read_status(app, commit, &st, err);
	if (rc == 0) {
		have_status = 1;
		if (*pinned == NULL)
			rc = wt_app_read_workflow(app, commit, pinned, err);
	}
	if (rc < 0)
		goto done;
	wf = *pinned;
	{
		const wt_wf_action *a = wt_workflow_action(wf, ev->action);
		kinds = wt_notify_kinds(ev->seq, ev->action, ev->from, ev->to, a != NULL && a->besluit);
	}
	if (!st.terminal && wt_machine_roles_to_act(wf, st.state, &roles) < 0) {
		rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
		goto done;
	}
	for (i = 0; rc == 0 && i < cfg->n_endpoints; i++) {
		const wt_notify_endpoint *ep = &cfg->endpoints[i];
		wt_notify_event ne;
		wt_outbox_row row;
		char id[sizeof(row.id)];

		if (!wt_notify_endpoint_serves(ep, st.city) || !(kinds & ep->soorten))
			continue;
		if (wt_notify_id(id, sizeof(id), case_id, ev->seq, ep->naam) < 0) {
			rc = wt_error_set(err, WT_EENV, "melding_id", "Het kenmerk van een melding is te lang.");
			break;
		}
		memset(&ne, 0, sizeof(ne));
		ne.id = id;
		ne.kinds = kinds & ep->soorten;
		ne.case_id = case_id;
		ne.city = st.city;
		ne.seq = ev->seq;
		ne.state = st.state;
		ne.action = ev->action;
		ne.time = ev->time;
		ne.deadline = st.deadline;
		ne.roles = roles.data ? roles.data : "";
		ne.link = cfg->link;
		wt_buf_reset(&body);
		if (wt_notify_payload(&ne, &body) < 0) {
			rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
			break;
		}
		memset(&row, 0, sizeof(row));
		wt_strlcpy(row.id, id, sizeof(row.id));
		wt_strlcpy(row.case_id, case_id, sizeof(row.case_id));
		row.seq = ev->seq;
		wt_strlcpy(row.endpoint, ep->naam, sizeof(row.endpoint));
		kinds_text(ne.kinds, row.kinds, sizeof(row.kinds));
		row.body = body.data;
		row.created = ev->time;
		wt_strlcpy(row.status, WT_OUTBOX_PENDING, sizeof(row.status));
		row.next_attempt = 0;
		rc = wt_store_outbox_put(app->store, &row, err);
		if (rc > 0)
			rc = 0;
	}
done:
	if (have_status)
		wt_status_release(&st);
	wt_buf_release(&roles);
	wt_buf_release(&body);
	return rc;
}

static const wt_notify_endpoint *find_endpoint(const wt_notify_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; cfg != NULL && i < cfg->n_endpoints; i++)
		if (strcmp(cfg->endpoints[i].naam, name) == 0)
			return &cfg->endpoints[i];
	return NULL;
}

/* One attempt at one notification, and its outcome in the outbox. */
static int deliver_one(wt_app *app, const wt_outbox_row *row, wt_deliver_result *res, wt_error *err)
{
	const wt_notify_config *cfg = app->notify;
	const wt_notify_endpoint *ep = find_endpoint(cfg, row->endpoint);
	wt_notify_request rq;
	wt_error why;
	long status = 0, attempts = row->attempts + 1;
	int rc, final;

	wt_error_clear(&why);
	res->tried++;
	if (ep == NULL) {
		res->failed++;
		return wt_store_outbox_result(app->store, row->id, 0, 1, app->now, 0,
					      "Het eindpunt staat niet (meer) in meldingen.yaml.", err);
	}
	memset(&rq, 0, sizeof(rq));
	rq.url = ep->url;
	rq.id = row->id;
	rq.body = row->body;
	rq.len = strlen(row->body);
	rq.secret = ep->geheim;
	rq.secret_len = strlen(ep->geheim);
	/* The signature's timestamp is the wall clock: receivers compare it with theirs. */
	rq.timestamp = (int64_t)time(NULL);
	rq.ca_file = cfg->ca_bestand;
	rq.timeout_s = cfg->time_out;
	rc = wt_notify_post(&rq, &status, &why);
	if (rc < 0)
		return wt_error_set(err, why.code, why.key, "%s", why.message);
	if (rc == 0) {
		WT_FAULT("na-aflevering");
		res->delivered++;
		return wt_store_outbox_result(app->store, row->id, 1, 0, app->now, 0, NULL, err);
	}
	final = attempts >= cfg->pogingen;
	if (final)
		res->failed++;
	else
		res->retry++;
	return wt_store_outbox_result(app->store, row->id, 0, final, app->now,
				      app->now + wt_notify_backoff(cfg, attempts), why.message, err);
}

int wt_app_notify_deliver(wt_app *app, wt_deliver_result *res, wt_error *err)
{
	wt_outbox_row *rows = NULL;
	size_t n = 0, i;
	int rc;

	memset(res, 0, sizeof(*res));
	if (app->notify == NULL)
		return 0;
	rc = wt_notify_global_init(err);
	if (rc < 0)
		return rc;
	while (rc == 0 && res->tried < DELIVER_MAX) {
		/* Held long enough for the whole batch to time out; a deliverer that dies lets go
		 * when the hold expires, and the next one tries again (at least once). */
		int64_t hold = (int64_t)(app->notify->time_out + 5) * DELIVER_BATCH;
		rc = wt_store_outbox_claim(app->store, app->now, app->now + hold, DELIVER_BATCH, &rows,
					   &n, err);
		if (rc < 0 || n == 0)
			break;
		for (i = 0; rc == 0 && i < n; i++)
			rc = deliver_one(app, &rows[i], res, err);
		wt_store_outbox_free(rows, n);
		rows = NULL;
	}
	wt_notify_global_cleanup();
	return rc;
}
