/* test_notify.c: the signature (HMAC-SHA256 through OpenSSL) and a real POST to a dead port. */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "notify/notify.h"

/* The expected values were computed independently with Python's hmac module. */
Test(sign, matches_an_independent_hmac_sha256)
{
	char sig[WT_NOTIFY_SIGNATURE_MAX];
	const char *key = "fictief-geheim-0123456789", *body = "{\"id\": \"x\"}";

	cr_assert_eq(wt_notify_sign(key, strlen(key), 1795924136, body, strlen(body), sig), 0);
	cr_assert_str_eq(sig, "sha256=abb54ab0693fe5939a26dd52edb4a7217bcaa267b830a47816e3b1a9bfb20143");
	cr_assert_eq(wt_notify_sign("Jefe", 4, 0, "what do ya want for nothing?", 28, sig), 0);
	cr_assert_str_eq(sig, "sha256=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc");
}

Test(sign, timestamp_and_body_both_count)
{
	char a[WT_NOTIFY_SIGNATURE_MAX], b[WT_NOTIFY_SIGNATURE_MAX], c[WT_NOTIFY_SIGNATURE_MAX];
	const char *key = "fictief-geheim-0123456789";

	wt_notify_sign(key, strlen(key), 100, "{}", 2, a);
	wt_notify_sign(key, strlen(key), 101, "{}", 2, b);
	wt_notify_sign(key, strlen(key), 100, "{ }", 3, c);
	cr_assert_str_neq(a, b);
	cr_assert_str_neq(a, c);
}

/* A port that was just free: connecting is refused, and that is a retryable failure (1). */
Test(post, refused_connection_is_a_failed_attempt)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char url[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	wt_notify_request rq;
	wt_error err;
	long status = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", ntohs(sa.sin_port));
	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.id = "2026-RTM-0001.1.test";
	rq.body = "{}";
	rq.len = 2;
	rq.secret = "fictief-geheim-0123456789";
	rq.secret_len = 25;
	rq.timestamp = 1;
	rq.timeout_s = 2;
	wt_error_clear(&err);
	cr_assert_eq(wt_notify_global_init(&err), 0);
	cr_assert_eq(wt_notify_post(&rq, &status, &err), 1);
	cr_assert_eq(status, 0);
	cr_assert(strstr(err.message, "Geen verbinding") != NULL, "%s", err.message);
	wt_notify_global_cleanup();
}
