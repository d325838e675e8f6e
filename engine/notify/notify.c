/* notify.c: one signed HTTP(S) POST with libcurl; the signature with OpenSSL's HMAC. */
#include "notify.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * libcurl is loaded when the first notification is about to be delivered, not when the
 * program starts. Linked normally, libcurl and the 25 libraries it pulls in (GnuTLS, Kerberos,
 * LDAP, ...) cost every command about 5 ms of dynamic loading, although only `tick` and
 * `notifications --retry` ever deliver. The soname is the one the headers belong to.
 */
#define WT_CURL_SONAME "libcurl.so.4"

static struct {
	void *handle;
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *curl);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
	void (*slist_free_all)(struct curl_slist *list);
} curl_api;

/* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer. */
#define WT_CURL_SYM(member, name)                                                   \
	do {                                                                        \
		void *sym_ = dlsym(curl_api.handle, name);                          \
		if (sym_ == NULL)                                                   \
			goto missing;                                               \
		memcpy(&curl_api.member, &sym_, sizeof(sym_));                      \
	} while (0)

static int curl_load(wt_error *err)
{
	if (curl_api.handle != NULL)
		return 0;
	curl_api.handle = dlopen(WT_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (curl_api.handle == NULL)
		return wt_error_set(err, WT_EENV, "curl",
				   "libcurl (%s) kan niet worden geladen; installeer het pakket libcurl4.",
				   WT_CURL_SONAME);
	WT_CURL_SYM(global_init, "curl_global_init");
	WT_CURL_SYM(global_cleanup, "curl_global_cleanup");
	WT_CURL_SYM(easy_init, "curl_easy_init");
	WT_CURL_SYM(easy_setopt, "curl_easy_setopt");
	WT_CURL_SYM(easy_perform, "curl_easy_perform");
	WT_CURL_SYM(easy_getinfo, "curl_easy_getinfo");
	WT_CURL_SYM(easy_cleanup, "curl_easy_cleanup");
	WT_CURL_SYM(easy_strerror, "curl_easy_strerror");
	WT_CURL_SYM(slist_append, "curl_slist_append");
	WT_CURL_SYM(slist_free_all, "curl_slist_free_all");
	return 0;
missing:
	dlclose(curl_api.handle);
	memset(&curl_api, 0, sizeof(curl_api));
	return wt_error_set(err, WT_EENV, "curl", "%s mist een functie die weegteam gebruikt.",
			    WT_CURL_SONAME);
}

/* The most of a receiver's answer we read (and then discard). */
#define WT_NOTIFY_RESPONSE_MAX 65536

int wt_notify_sign(const void *secret, size_t secret_len, int64_t timestamp, const char *body,
		   size_t len, char out[WT_NOTIFY_SIGNATURE_MAX])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	size_t mac_len = 0, i;
	char prefix[32], digest[] = "SHA256";
	int n = snprintf(prefix, sizeof(prefix), "%lld.", (long long)timestamp);
	OSSL_PARAM params[2];
	EVP_MAC *hmac;
	EVP_MAC_CTX *ctx = NULL;
	int ok;

	if (n < 0 || (size_t)n >= sizeof(prefix))
		return -WT_EENV;
	hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (hmac != NULL)
		ctx = EVP_MAC_CTX_new(hmac);
	params[0] = OSSL_PARAM_construct_utf8_string("digest", digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_MAC_init(ctx, secret, secret_len, params) == 1 &&
	     EVP_MAC_update(ctx, (const unsigned char *)prefix, (size_t)n) == 1 &&
	     EVP_MAC_update(ctx, (const unsigned char *)body, len) == 1 &&
	     EVP_MAC_final(ctx, mac, &mac_len, sizeof(mac)) == 1 && mac_len == 32;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(hmac);
	if (!ok)
		return -WT_EENV;
	memcpy(out, "sha256=", 7);
	for (i = 0; i < mac_len; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", mac[i]);
	return 0;
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	size_t *seen = userdata;
	size_t n = size * nmemb;

	(void)ptr;
	*seen += n;
	/* A receiver that answers with more than we would ever read is cut off. */
	return *seen > WT_NOTIFY_RESPONSE_MAX ? 0 : n;
}

int wt_notify_global_init(wt_error *err)
{
	int rc = curl_load(err);

	if (rc < 0)
		return rc;
	if (curl_api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return wt_error_set(err, WT_EENV, "curl", "libcurl kan niet worden gestart.");
	return 0;
}

void wt_notify_global_cleanup(void)
{
	if (curl_api.handle == NULL)
		return;
	curl_api.global_cleanup();
	/* Not unloaded: libcurl's TLS libraries keep process-wide state until exit. */
}

int wt_notify_post(const wt_notify_request *rq, long *http_status, wt_error *err)
{
	char sig[WT_NOTIFY_SIGNATURE_MAX], h_sig[128], h_id[192], h_ts[64];
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *headers = NULL, *h;
	size_t seen = 0;
	CURL *curl;
	CURLcode cc;
	int rc = 0;

	*http_status = 0;
	errbuf[0] = '\0';
	if (curl_api.handle == NULL)
		return wt_error_set(err, WT_EENV, "curl", "libcurl is niet gestart (wt_notify_global_init).");
	if (wt_notify_sign(rq->secret, rq->secret_len, rq->timestamp, rq->body, rq->len, sig) < 0)
		return wt_error_set(err, WT_EENV, "ondertekenen", "Het bericht kan niet worden ondertekend.");
	if (snprintf(h_sig, sizeof(h_sig), "X-Weegteam-Signature: %s", sig) >= (int)sizeof(h_sig) ||
	    snprintf(h_id, sizeof(h_id), "X-Weegteam-Id: %s", rq->id) >= (int)sizeof(h_id) ||
	    snprintf(h_ts, sizeof(h_ts), "X-Weegteam-Timestamp: %lld", (long long)rq->timestamp) >= (int)sizeof(h_ts))
		return wt_error_set(err, WT_EENV, "kop_te_lang", "Een kop van het bericht is te lang.");
	curl = curl_api.easy_init();
	if (curl == NULL)
		return wt_error_set(err, WT_EENV, "curl", "libcurl kan geen verbinding voorbereiden.");
	{
		/* No "Expect: 100-continue" round trip. */
		const char *lines[] = {"Content-Type: application/json; charset=utf-8", h_id, h_ts, h_sig,
				       "Expect:"};
		size_t i;
		for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			h = curl_api.slist_append(headers, lines[i]);
			if (h == NULL) {
				rc = wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
				goto done;
			}
			headers = h;
		}
	}
	cc = curl_api.easy_setopt(curl, CURLOPT_URL, rq->url);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cc == CURLE_OK && rq->ca_file != NULL)
		cc = curl_api.easy_setopt(curl, CURLOPT_CAINFO, rq->ca_file);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_TIMEOUT, rq->timeout_s);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, rq->timeout_s > 1 ? rq->timeout_s / 2 : 1L);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_NOPROXY, "*");
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_USERAGENT, "weegteam");
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->len);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_WRITEDATA, &seen);
	if (cc == CURLE_OK)
		cc = curl_api.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	if (cc != CURLE_OK) {
		rc = wt_error_set(err, WT_EENV, "curl", "libcurl weigert een instelling (%s).", curl_api.easy_strerror(cc));
		goto done;
	}
	cc = curl_api.easy_perform(curl);
	curl_api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, http_status);
	if (cc == CURLE_OK && *http_status >= 200 && *http_status < 300) {
		rc = 0;
	} else if (cc == CURLE_OK || (cc == CURLE_WRITE_ERROR && *http_status != 0)) {
		wt_error_set(err, WT_EENV, "http_status", "De ontvanger antwoordde met HTTP-status %ld.", *http_status);
		rc = 1;
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		wt_error_set(err, WT_EENV, "time_out", "Geen antwoord binnen %ld seconden.", rq->timeout_s);
		rc = 1;
	} else if (cc == CURLE_COULDNT_CONNECT) {
		wt_error_set(err, WT_EENV, "geen_verbinding", "Geen verbinding met de ontvanger (%s).",
			     errbuf[0] ? errbuf : curl_api.easy_strerror(cc));
		rc = 1;
	} else {
		wt_error_set(err, WT_EENV, "afleveren", "Afleveren mislukt: %s (%s).", curl_api.easy_strerror(cc),
			     errbuf[0] ? errbuf : "-");
		rc = 1;
	}
done:
	curl_api.slist_free_all(headers);
	curl_api.easy_cleanup(curl);
	return rc;
}
