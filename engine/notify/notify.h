/* notify.h: delivering one notification over HTTP(S) with libcurl, signed with HMAC-SHA256. */
#ifndef WT_NOTIFY_ADAPTER_H
#define WT_NOTIFY_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/error.h"

/* Room for "sha256=" and 64 hex digits. */
#define WT_NOTIFY_SIGNATURE_MAX 72

/*
 * The signature header value: "sha256=" + hex(HMAC-SHA256(secret, "<timestamp>.<body>")).
 * A receiver recomputes it over the timestamp header, a dot and the raw body, compares in
 * constant time, and rejects a timestamp too far from its own clock (replays).
 */
int wt_notify_sign(const void *secret, size_t secret_len, int64_t timestamp, const char *body,
		   size_t len, char out[WT_NOTIFY_SIGNATURE_MAX]);

typedef struct wt_notify_request {
	const char *url;
	const char *id;          /* X-Weegteam-Id: the stable notification id */
	const char *body;        /* JSON */
	size_t len;
	const void *secret;
	size_t secret_len;
	int64_t timestamp;       /* X-Weegteam-Timestamp (UTC seconds) */
	const char *ca_file;     /* NULL = the system's CA store */
	long timeout_s;          /* whole request; connecting gets at most half of it */
} wt_notify_request;

/*
 * POSTs the request: TLS peer and host verification on, no redirects followed, http and https
 * only. Returns 0 when the receiver answered 2xx; 1 when it did not (err->message says why in
 * Dutch, without the body: an HTTP status, a timeout, a refused connection, a TLS failure);
 * -WT_EENV when libcurl could not be set up at all. *http_status is the status or 0.
 */
int wt_notify_post(const wt_notify_request *rq, long *http_status, wt_error *err);

/*
 * Loads libcurl (dlopen, on first use) and sets up its global state: call once before the
 * first post and once at the end. -WT_EENV with a Dutch message when libcurl is missing.
 */
int wt_notify_global_init(wt_error *err);
void wt_notify_global_cleanup(void);

#endif
