/* notify.h: notification settings (meldingen.yaml), which events notify, and their payload. */
#ifndef WT_NOTIFY_H
#define WT_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "tree.h"

/* The kinds of notification; an endpoint subscribes to a set of them. */
#define WT_NOTIFY_INGEDIEND 0x01u  /* a verzoek was submitted */
#define WT_NOTIFY_STATUS 0x02u     /* a case entered a (new) state */
#define WT_NOTIFY_ACTIE 0x04u      /* someone took an action */
#define WT_NOTIFY_NADERT 0x08u     /* a deadline is about to pass (tick) */
#define WT_NOTIFY_VERSTREKEN 0x10u /* a deadline has passed (tick) */
#define WT_NOTIFY_BESLUIT 0x20u    /* a decision on the huisverbod (besluit: true) */
#define WT_NOTIFY_ALL 0x3fu

/* Names of the kinds in bit order, NULL-terminated ("ingediend", "status", ...). */
extern const char *const wt_notify_kind_names[];

/* Limits and defaults of meldingen.yaml. */
#define WT_NOTIFY_MAX_ENDPOINTS 32
#define WT_NOTIFY_URL_MAX 512
#define WT_NOTIFY_SECRET_MIN 16
#define WT_NOTIFY_SECRET_MAX 1024
#define WT_NOTIFY_NAME_MAX 40

typedef struct wt_notify_endpoint {
	char *naam;            /* [a-z0-9-]; part of the notification id */
	char *url;             /* https://..., or http:// to a loopback address only */
	char *geheim;          /* the shared secret (inline), or NULL when geheim_bestand is used */
	char *geheim_bestand;  /* a file holding the secret, relative to the data directory */
	char **gemeenten;      /* city keys it serves; none = every city */
	size_t n_gemeenten;
	unsigned soorten;      /* WT_NOTIFY_* bits */
	int line, column;
	int secret_line, secret_column; /* of geheim_bestand's value (for errors reading it) */
} wt_notify_endpoint;

typedef struct wt_notify_config {
	char *file;
	wt_notify_endpoint *endpoints;
	size_t n_endpoints;
	long nadert_uren;          /* "termijn nadert" this many hours before (default 4) */
	long pogingen;             /* delivery attempts before "mislukt" (default 8) */
	long wachttijd_eerste;     /* seconds before the first retry (default 30) */
	long wachttijd_max;        /* cap of the exponential backoff in seconds (default 3600) */
	long time_out;             /* seconds for a whole request (default 10) */
	char *ca_bestand;          /* optional CA file for endpoints with a private CA */
	char *link;                /* optional link pattern with {zaak}, e.g. https://.../{zaak} */
	long herbouw_uren;         /* reindex: only events this recent are (re)enqueued (default 24) */
} wt_notify_config;

/*
 * Reads meldingen.yaml (README "Notifications"): fields, types, URLs (https, or http to
 * exactly localhost, [::1] or 127.a.b.c, optionally with a port; no user:password, no
 * fragment), endpoint names, kinds, exactly one of geheim / geheim_bestand (a path inside the
 * data directory: not absolute, no '..'), limits. -WT_EINPUT naming file, line, column and
 * field in Dutch; -WT_EENV when out of memory.
 */
int wt_notify_config_parse(wt_notify_config **out, const wt_doc *doc, wt_error *err);
void wt_notify_config_free(wt_notify_config *cfg);

/* 1 when the endpoint serves this city. */
int wt_notify_endpoint_serves(const wt_notify_endpoint *ep, const char *city);

/*
 * The kinds an event carries: seq 1 is ingediend + status; a system event is nadert or
 * verstreken; any other is actie, plus status when from != to, plus besluit when is_besluit.
 */
unsigned wt_notify_kinds(long seq, const char *action, const char *from, const char *to,
			 int is_besluit);

/* What a notification says: only ids, names of states/actions/roles and times. Borrowed. */
typedef struct wt_notify_event {
	const char *id;         /* the stable notification id (wt_notify_id) */
	unsigned kinds;         /* of this endpoint: the event's kinds it subscribed to */
	const char *case_id;
	const char *city;
	long seq;
	const char *state;
	const char *action;
	int64_t time;           /* of the event */
	int64_t deadline;       /* 0 = none */
	const char *roles;      /* who must act now, comma-separated; "" = nobody */
	const char *link;       /* the link pattern with {zaak}, or NULL */
} wt_notify_event;

/* "<case>.<seq>.<endpoint>": the id receivers deduplicate on. 0, or -1 when it does not fit. */
int wt_notify_id(char *out, size_t size, const char *case_id, long seq, const char *endpoint);

/* The JSON body of a notification (README "Notifications"). 0 or -WT_EENV. */
int wt_notify_payload(const wt_notify_event *e, wt_buf *out);

/* Seconds to wait after failed attempt number `attempts` (1-based): first * 2^(n-1), capped. */
long wt_notify_backoff(const wt_notify_config *cfg, long attempts);

#endif
