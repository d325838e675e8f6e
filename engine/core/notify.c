/* notify.c: reading meldingen.yaml, the kinds of an event, the payload and the retry schedule. */
#include "notify.h"

#include "date.h"
#include "event.h"
#include "parse.h"
#include "verzoek.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const wt_notify_kind_names[] = {"ingediend", "status", "actie", "termijn-nadert",
					    "termijn-verstreken", "besluit", NULL};

static const char *const root_keys[] = {"soort", "versie", "termijn_nadert_uren", "pogingen",
					"wachttijd_eerste_seconden", "wachttijd_max_seconden",
					"time_out_seconden", "ca_bestand", "link", "herbouw_uren",
					"eindpunten", NULL};
static const char *const endpoint_keys[] = {"naam", "url", "geheim", "geheim_bestand",
					    "gemeenten", "gebeurtenissen", NULL};

typedef wt_parser pctx;

#define fail wt_parser_fail

static int oom(pctx *c)
{
	return wt_error_set(c->err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
}

/* The 1-based position of k in list, 0 when absent. */
static int known(const char *k, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], k) == 0)
			return (int)i + 1;
	return 0;
}

static int unknown_keys(pctx *c, const wt_node *map, const char *const *keys, const char *prefix)
{
	return wt_parse_known_keys(c->doc, c->err, map, keys, prefix);
}

static int text(pctx *c, const wt_node *map, const char *key, const char *field, int required,
		char **out)
{
	const wt_node *n = wt_map_get(map, key);

	*out = NULL;
	if (n == NULL || wt_node_is_null(n)) {
		if (required)
			return fail(c, map, field, "veld_ontbreekt", "Het veld '%s' ontbreekt.", key);
		return 0;
	}
	if (n->kind != WT_NODE_SCALAR || n->len == 0)
		return fail(c, n, field, "verkeerd_type", "'%s' moet een tekst zijn.", key);
	*out = wt_strdup(n->value);
	return *out ? 0 : oom(c);
}

static int number(pctx *c, const wt_node *map, const char *key, long lo, long hi, long *out)
{
	const wt_node *n = wt_map_get(map, key);
	long long v;

	if (n == NULL)
		return 0;
	if (wt_node_int(n, &v) < 0 || v < lo || v > hi)
		return fail(c, n, key, "ongeldige_waarde", "'%s' is een geheel getal van %ld tot en met %ld.",
			    key, lo, hi);
	*out = (long)v;
	return 0;
}

/* Is s[0..len) a decimal number 0-255 without leading zeros (no octal or hex reading)? */
static int octet(const char *s, size_t len)
{
	size_t i;
	int v = 0;

	if (len == 0 || len > 3 || (len > 1 && s[0] == '0'))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 255;
}

/*
 * Is authority[0..len) (host and optional port, no user part) this machine: exactly
 * "localhost", "[::1]" or a dotted quad 127.a.b.c, with an optional :port of digits? Anything
 * longer (127.0.0.1.example.nl, localhost.example.nl) is another host.
 */
static int loopback(const char *authority, size_t len)
{
	const char *end = authority + len, *colon, *p, *dot;
	size_t hl, parts = 0;

	colon = *authority == '[' ? memchr(authority, ']', len) : authority;
	if (colon == NULL)
		return 0;
	colon = memchr(colon, ':', (size_t)(end - colon));
	if (colon != NULL) {
		if (colon + 1 == end || (size_t)(end - colon - 1) > 5 ||
		    strspn(colon + 1, "0123456789") < (size_t)(end - colon - 1))
			return 0;
		end = colon;
	}
	hl = (size_t)(end - authority);
	if ((hl == 9 && strncasecmp(authority, "localhost", 9) == 0) ||
	    (hl == 5 && strncmp(authority, "[::1]", 5) == 0))
		return 1;
	if (hl < 4 || strncmp(authority, "127.", 4) != 0)
		return 0;
	for (p = authority; p <= end; p = dot + 1) {
		dot = memchr(p, '.', (size_t)(end - p));
		if (dot == NULL)
			dot = end;
		if (!octet(p, (size_t)(dot - p)))
			return 0;
		parts++;
	}
	return parts == 4;
}

static int check_url(pctx *c, const wt_node *n, const char *field, const char *url)
{
	const char *host, *end;
	size_t i, len = strlen(url);
	int https = strncmp(url, "https://", 8) == 0, http = strncmp(url, "http://", 7) == 0;

	if (len > WT_NOTIFY_URL_MAX)
		return fail(c, n, field, "ongeldige_url", "De URL is langer dan %d tekens.", WT_NOTIFY_URL_MAX);
	for (i = 0; i < len; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return fail(c, n, field, "ongeldige_url", "De URL bevat een spatie of een teken buiten ASCII.");
	if (!https && !http)
		return fail(c, n, field, "ongeldige_url",
			    "Een eindpunt is een https://-adres (http:// alleen naar dit eigen systeem, 127.0.0.1).");
	host = url + (https ? 8 : 7);
	end = host + strcspn(host, "/?#");
	if (end == host)
		return fail(c, n, field, "ongeldige_url", "De URL noemt geen host.");
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return fail(c, n, field, "ongeldige_url",
			    "Zet geen gebruikersnaam of wachtwoord in de URL; de berichten zijn ondertekend met het geheim.");
	if (strchr(url, '#') != NULL)
		return fail(c, n, field, "ongeldige_url", "Een URL van een eindpunt heeft geen #-deel.");
	if (http) {
		if (!loopback(host, (size_t)(end - host)))
			return fail(c, n, field, "onveilige_url",
				    "Meldingen gaan versleuteld over https://; http:// mag alleen naar dit eigen "
				    "systeem (127.0.0.1, localhost of [::1]).");
	}
	return 0;
}

static int check_name(pctx *c, const wt_node *n, const char *field, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			break;
	if (len == 0 || len > WT_NOTIFY_NAME_MAX || i < len)
		return fail(c, n, field, "ongeldige_naam",
			    "De naam van een eindpunt bestaat uit kleine letters, cijfers en '-' (ten hoogste %d tekens).",
			    WT_NOTIFY_NAME_MAX);
	return 0;
}

static int parse_list(pctx *c, const wt_node *n, const char *field, char ***out, size_t *n_out)
{
	size_t i;

	*out = NULL;
	*n_out = 0;
	if (n == NULL)
		return 0;
	if (n->kind != WT_NODE_SEQ || n->count > 64)
		return fail(c, n, field, "verkeerd_type", "'%s' is een lijst, bijvoorbeeld [rotterdam].", field);
	*out = calloc(n->count ? n->count : 1, sizeof(char *));
	if (*out == NULL)
		return oom(c);
	for (i = 0; i < n->count; i++) {
		if (n->items[i]->kind != WT_NODE_SCALAR || n->items[i]->len == 0)
			return fail(c, n->items[i], field, "verkeerd_type", "Elk element van '%s' is een tekst.", field);
		(*out)[i] = wt_strdup(n->items[i]->value);
		if ((*out)[i] == NULL)
			return oom(c);
		*n_out = i + 1;
	}
	return 0;
}

static int parse_endpoint(pctx *c, wt_notify_endpoint *ep, const wt_node *m, size_t idx)
{
	char prefix[64], field[128];
	char **kinds = NULL;
	size_t n_kinds = 0, i, k;
	int rc;

	snprintf(prefix, sizeof(prefix), "eindpunten[%zu]", idx + 1);
	ep->line = m->line;
	ep->column = m->column;
	if (m->kind != WT_NODE_MAP)
		return fail(c, m, prefix, "verkeerd_type", "Een eindpunt is een groep met naam, url en geheim.");
	if ((rc = unknown_keys(c, m, endpoint_keys, prefix)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.naam", prefix);
	if ((rc = text(c, m, "naam", field, 1, &ep->naam)) < 0 ||
	    (rc = check_name(c, wt_map_get(m, "naam"), field, ep->naam)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.url", prefix);
	if ((rc = text(c, m, "url", field, 1, &ep->url)) < 0 ||
	    (rc = check_url(c, wt_map_get(m, "url"), field, ep->url)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.geheim", prefix);
	if ((rc = text(c, m, "geheim", field, 0, &ep->geheim)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.geheim_bestand", prefix);
	if ((rc = text(c, m, "geheim_bestand", field, 0, &ep->geheim_bestand)) < 0)
		return rc;
	if ((ep->geheim == NULL) == (ep->geheim_bestand == NULL))
		return fail(c, m, prefix, "geheim_ontbreekt",
			    "Geef precies één van 'geheim' of 'geheim_bestand': het gedeelde geheim waarmee "
			    "elk bericht wordt ondertekend.");
	if (ep->geheim != NULL && (strlen(ep->geheim) < WT_NOTIFY_SECRET_MIN || strlen(ep->geheim) > WT_NOTIFY_SECRET_MAX))
		return fail(c, wt_map_get(m, "geheim"), prefix, "geheim_te_kort",
			    "Het geheim is %d tot %d tekens lang; gebruik een lange willekeurige tekst.",
			    WT_NOTIFY_SECRET_MIN, WT_NOTIFY_SECRET_MAX);
	if (ep->geheim_bestand != NULL) {
		const wt_node *g = wt_map_get(m, "geheim_bestand");
		ep->secret_line = g->line;
		ep->secret_column = g->column;
		if (ep->geheim_bestand[0] == '/' || strstr(ep->geheim_bestand, "..") != NULL)
			return fail(c, g, field, "ongeldig_pad",
				    "'geheim_bestand' is een bestand in de datamap: een pad ten opzichte van "
				    "de datamap, zonder '/' vooraan en zonder '..'.");
	}
	snprintf(field, sizeof(field), "%s.gemeenten", prefix);
	if ((rc = parse_list(c, wt_map_get(m, "gemeenten"), field, &ep->gemeenten, &ep->n_gemeenten)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.gebeurtenissen", prefix);
	if (wt_map_get(m, "gebeurtenissen") == NULL) {
		ep->soorten = WT_NOTIFY_ALL;
		return 0;
	}
	rc = parse_list(c, wt_map_get(m, "gebeurtenissen"), field, &kinds, &n_kinds);
	for (i = 0; rc == 0 && i < n_kinds; i++) {
		k = (size_t)known(kinds[i], wt_notify_kind_names);
		if (k == 0)
			rc = fail(c, wt_map_get(m, "gebeurtenissen")->items[i], field, "onbekende_gebeurtenis",
				  "Onbekende gebeurtenis '%s'; kies uit ingediend, status, actie, termijn-nadert, "
				  "termijn-verstreken en besluit.", kinds[i]);
		else
			ep->soorten |= 1u << (k - 1);
	}
	for (i = 0; i < n_kinds; i++)
		free(kinds[i]);
	free(kinds);
	if (rc == 0 && ep->soorten == 0)
		rc = fail(c, wt_map_get(m, "gebeurtenissen"), field, "lijst_leeg",
			  "Een eindpunt zonder gebeurtenissen krijgt nooit iets; noem er ten minste één.");
	return rc;
}

int wt_notify_config_parse(wt_notify_config **out, const wt_doc *doc, wt_error *err)
{
	pctx c = {doc, err};
	wt_notify_config *cfg;
	const wt_node *r = doc->root, *eps, *n;
	long long v;
	size_t i, j;
	int rc;

	*out = NULL;
	if (r == NULL || r->kind != WT_NODE_MAP)
		return fail(&c, r, "", "verkeerd_type", "meldingen.yaml bevat sleutels met waarden (soort: meldingen, ...).");
	cfg = calloc(1, sizeof(*cfg));
	if (cfg == NULL)
		return oom(&c);
	cfg->nadert_uren = 4;
	cfg->pogingen = 8;
	cfg->wachttijd_eerste = 30;
	cfg->wachttijd_max = 3600;
	cfg->time_out = 10;
	cfg->herbouw_uren = 24;
	cfg->file = wt_strdup(doc->file ? doc->file : "meldingen.yaml");
	if (cfg->file == NULL) {
		rc = oom(&c);
		goto fail;
	}
	if ((rc = unknown_keys(&c, r, root_keys, "")) < 0)
		goto fail;
	n = wt_map_get(r, "soort");
	if (wt_node_str(n) == NULL || strcmp(n->value, "meldingen") != 0) {
		rc = fail(&c, n ? n : r, "soort", "verkeerde_soort", "Dit bestand moet beginnen met 'soort: meldingen'.");
		goto fail;
	}
	n = wt_map_get(r, "versie");
	if (n == NULL || wt_node_int(n, &v) < 0 || v != 1) {
		rc = fail(&c, n ? n : r, "versie", "onbekende_versie", "'versie' is 1.");
		goto fail;
	}
	if ((rc = number(&c, r, "termijn_nadert_uren", 0, 24 * 14, &cfg->nadert_uren)) < 0 ||
	    (rc = number(&c, r, "pogingen", 1, 100, &cfg->pogingen)) < 0 ||
	    (rc = number(&c, r, "wachttijd_eerste_seconden", 1, 86400, &cfg->wachttijd_eerste)) < 0 ||
	    (rc = number(&c, r, "wachttijd_max_seconden", 1, 7 * 86400, &cfg->wachttijd_max)) < 0 ||
	    (rc = number(&c, r, "time_out_seconden", 1, 300, &cfg->time_out)) < 0 ||
	    (rc = number(&c, r, "herbouw_uren", 0, 24 * 365, &cfg->herbouw_uren)) < 0 ||
	    (rc = text(&c, r, "ca_bestand", "ca_bestand", 0, &cfg->ca_bestand)) < 0 ||
	    (rc = text(&c, r, "link", "link", 0, &cfg->link)) < 0)
		goto fail;
	if (cfg->wachttijd_max < cfg->wachttijd_eerste) {
		rc = fail(&c, wt_map_get(r, "wachttijd_max_seconden"), "wachttijd_max_seconden", "ongeldige_waarde",
			  "De langste wachttijd is niet korter dan de eerste.");
		goto fail;
	}
	if (cfg->link != NULL && (strstr(cfg->link, "{zaak}") == NULL || strlen(cfg->link) > WT_NOTIFY_URL_MAX)) {
		rc = fail(&c, wt_map_get(r, "link"), "link", "ongeldige_waarde",
			  "'link' is een adres met {zaak} op de plaats van het dossiernummer.");
		goto fail;
	}
	eps = wt_map_get(r, "eindpunten");
	if (eps == NULL || eps->kind != WT_NODE_SEQ) {
		rc = fail(&c, eps ? eps : r, "eindpunten", eps ? "verkeerd_type" : "veld_ontbreekt",
			  "'eindpunten' is een lijst van eindpunten (naam, url, geheim, gemeenten, gebeurtenissen).");
		goto fail;
	}
	if (eps->count > WT_NOTIFY_MAX_ENDPOINTS) {
		rc = fail(&c, eps, "eindpunten", "te_lang", "Ten hoogste %d eindpunten.", WT_NOTIFY_MAX_ENDPOINTS);
		goto fail;
	}
	cfg->endpoints = calloc(eps->count ? eps->count : 1, sizeof(*cfg->endpoints));
	if (cfg->endpoints == NULL) {
		rc = oom(&c);
		goto fail;
	}
	for (i = 0; i < eps->count; i++) {
		cfg->n_endpoints++;
		rc = parse_endpoint(&c, &cfg->endpoints[i], eps->items[i], i);
		if (rc < 0)
			goto fail;
		for (j = 0; j < i; j++)
			if (strcmp(cfg->endpoints[j].naam, cfg->endpoints[i].naam) == 0) {
				rc = fail(&c, eps->items[i], "eindpunten", "dubbele_naam",
					  "Twee eindpunten heten '%s'; elke naam komt één keer voor.",
					  cfg->endpoints[i].naam);
				goto fail;
			}
	}
	*out = cfg;
	return 0;
fail:
	wt_notify_config_free(cfg);
	return rc;
}

void wt_notify_config_free(wt_notify_config *cfg)
{
	size_t i, j;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n_endpoints; i++) {
		wt_notify_endpoint *ep = &cfg->endpoints[i];
		free(ep->naam);
		free(ep->url);
		if (ep->geheim != NULL)
			memset(ep->geheim, 0, strlen(ep->geheim));
		free(ep->geheim);
		free(ep->geheim_bestand);
		for (j = 0; j < ep->n_gemeenten; j++)
			free(ep->gemeenten[j]);
		free(ep->gemeenten);
	}
	free(cfg->endpoints);
	free(cfg->ca_bestand);
	free(cfg->link);
	free(cfg->file);
	free(cfg);
}

int wt_notify_endpoint_serves(const wt_notify_endpoint *ep, const char *city)
{
	size_t i;

	if (ep->n_gemeenten == 0)
		return 1;
	for (i = 0; i < ep->n_gemeenten; i++)
		if (strcmp(ep->gemeenten[i], city) == 0)
			return 1;
	return 0;
}

unsigned wt_notify_kinds(long seq, const char *action, const char *from, const char *to,
			 int is_besluit)
{
	unsigned k;

	if (seq == 1)
		return WT_NOTIFY_INGEDIEND | WT_NOTIFY_STATUS;
	if (strcmp(action, WT_ACTION_DEADLINE_NEAR) == 0)
		return WT_NOTIFY_NADERT;
	if (strcmp(action, WT_ACTION_DEADLINE_PASSED) == 0)
		return WT_NOTIFY_VERSTREKEN;
	k = WT_NOTIFY_ACTIE;
	if (strcmp(from, to) != 0)
		k |= WT_NOTIFY_STATUS;
	if (is_besluit)
		k |= WT_NOTIFY_BESLUIT;
	return k;
}

int wt_notify_id(char *out, size_t size, const char *case_id, long seq, const char *endpoint)
{
	int n = snprintf(out, size, "%s.%ld.%s", case_id, seq, endpoint);

	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

static int add_time_or_null(wt_buf *out, int64_t t)
{
	char when[32];

	if (t == 0)
		return wt_buf_addstr(out, "null");
	wt_time_format(t, when);
	return wt_buf_add_json_str(out, when);
}

int wt_notify_payload(const wt_notify_event *e, wt_buf *out)
{
	const char *p, *comma;
	size_t i;
	int rc = 0, first = 1;

	rc |= wt_buf_addstr(out, "{\"id\": ");
	rc |= wt_buf_add_json_str(out, e->id);
	rc |= wt_buf_addstr(out, ", \"soorten\": [");
	for (i = 0; wt_notify_kind_names[i]; i++) {
		if (!(e->kinds & (1u << i)))
			continue;
		rc |= wt_buf_addstr(out, first ? "" : ", ");
		rc |= wt_buf_add_json_str(out, wt_notify_kind_names[i]);
		first = 0;
	}
	rc |= wt_buf_addstr(out, "], \"zaak\": ");
	rc |= wt_buf_add_json_str(out, e->case_id);
	rc |= wt_buf_addstr(out, ", \"gemeente\": ");
	rc |= wt_buf_add_json_str(out, e->city);
	rc |= wt_buf_printf(out, ", \"volgnummer\": %ld, \"status\": ", e->seq);
	rc |= wt_buf_add_json_str(out, e->state);
	rc |= wt_buf_addstr(out, ", \"actie\": ");
	rc |= wt_buf_add_json_str(out, e->action);
	rc |= wt_buf_addstr(out, ", \"tijd\": ");
	rc |= add_time_or_null(out, e->time);
	rc |= wt_buf_addstr(out, ", \"termijn\": ");
	rc |= add_time_or_null(out, e->deadline);
	rc |= wt_buf_addstr(out, ", \"rollen\": [");
	for (p = e->roles, first = 1; p != NULL && *p; p = comma ? comma + 1 : NULL) {
		char role[128];
		size_t len;
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof(role))
			continue;
		memcpy(role, p, len);
		role[len] = '\0';
		rc |= wt_buf_addstr(out, first ? "" : ", ");
		rc |= wt_buf_add_json_str(out, role);
		first = 0;
	}
	rc |= wt_buf_addstr(out, "], \"link\": ");
	if (e->link != NULL) {
		const char *at = strstr(e->link, "{zaak}");
		wt_buf link;
		wt_buf_init(&link, 0);
		if (at == NULL) {
			rc |= wt_buf_addstr(&link, e->link);
		} else {
			rc |= wt_buf_add(&link, e->link, (size_t)(at - e->link));
			rc |= wt_buf_addstr(&link, e->case_id);
			rc |= wt_buf_addstr(&link, at + 6);
		}
		rc |= wt_buf_add_json_str(out, link.data ? link.data : "");
		wt_buf_release(&link);
	} else {
		rc |= wt_buf_addstr(out, "null");
	}
	rc |= wt_buf_addstr(out, "}");
	return rc ? -WT_EENV : 0;
}

long wt_notify_backoff(const wt_notify_config *cfg, long attempts)
{
	long d = cfg->wachttijd_eerste;
	long i;

	for (i = 1; i < attempts && d < cfg->wachttijd_max; i++)
		d *= 2;
	return d < cfg->wachttijd_max ? d : cfg->wachttijd_max;
}
