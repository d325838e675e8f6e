/* test_notify.c: meldingen.yaml validation, the kinds of an event, the payload, the backoff. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/event.h"
#include "core/notify.h"
#include "yaml/yaml_load.h"

static int parse(const char *text, wt_notify_config **cfg, wt_error *err)
{
	wt_doc *doc = NULL;
	int rc;

	wt_error_clear(err);
	rc = wt_yaml_load_buffer(&doc, "meldingen.yaml", text, strlen(text), err);
	if (rc == 0)
		rc = wt_notify_config_parse(cfg, doc, err);
	wt_doc_free(doc);
	return rc;
}

#define HEAD "soort: meldingen\nversie: 1\n"
#define SECRET "    geheim: fictief-gedeeld-geheim-0123\n"

Test(notify_config, a_full_valid_file)
{
	wt_notify_config *cfg = NULL;
	wt_error err;

	cr_assert_eq(parse(HEAD "pogingen: 3\nwachttijd_eerste_seconden: 10\nwachttijd_max_seconden: 60\n"
			   "link: https://weegteam.example.nl/z/{zaak}\neindpunten:\n"
			   "  - naam: rotterdam-weegteam\n    url: https://hooks.example.nl/wt\n" SECRET
			   "    gemeenten: [rotterdam]\n    gebeurtenissen: [ingediend, besluit]\n"
			   "  - naam: lokaal\n    url: http://127.0.0.1:8080/x\n    geheim_bestand: geheim.key\n",
			   &cfg, &err),
		     0, "%s", err.message);
	cr_assert_eq(cfg->n_endpoints, 2);
	cr_assert_eq(cfg->pogingen, 3);
	cr_assert_eq(cfg->endpoints[0].soorten, WT_NOTIFY_INGEDIEND | WT_NOTIFY_BESLUIT);
	cr_assert_eq(cfg->endpoints[1].soorten, WT_NOTIFY_ALL);
	cr_assert(wt_notify_endpoint_serves(&cfg->endpoints[0], "rotterdam"));
	cr_assert_not(wt_notify_endpoint_serves(&cfg->endpoints[0], "utrecht"));
	cr_assert(wt_notify_endpoint_serves(&cfg->endpoints[1], "utrecht"));
	cr_assert_eq(wt_notify_backoff(cfg, 1), 10);
	cr_assert_eq(wt_notify_backoff(cfg, 2), 20);
	cr_assert_eq(wt_notify_backoff(cfg, 3), 40);
	cr_assert_eq(wt_notify_backoff(cfg, 4), 60);
	cr_assert_eq(wt_notify_backoff(cfg, 50), 60);
	wt_notify_config_free(cfg);
}

/* Each bad file: the field named, and the line and column of the offending value. */
static const struct {
	const char *text;
	const char *field;
	int line, column;
	const char *words;
} bad[] = {
	{HEAD "eindpunten:\n  - naam: x\n    url: http://hooks.example.nl/wt\n" SECRET, "eindpunten[1].url", 5, 10, "https"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://user:pw@hooks.example.nl/wt\n" SECRET, "eindpunten[1].url", 5, 10, "wachtwoord"},
	{HEAD "eindpunten:\n  - naam: x\n    url: ftp://hooks.example.nl/wt\n" SECRET, "eindpunten[1].url", 5, 10, "https"},
	{HEAD "eindpunten:\n  - naam: X Y\n    url: https://h.example.nl/\n" SECRET, "eindpunten[1].naam", 4, 11, "kleine letters"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://h.example.nl/\n", "eindpunten[1]", 4, 5, "geheim"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://h.example.nl/\n    geheim: kort\n", "eindpunten[1]", 6, 13, "lang"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://h.example.nl/\n" SECRET "    gebeurtenissen: [ingedient]\n",
	 "eindpunten[1].gebeurtenissen", 7, 22, "ingediend"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://h.example.nl/\n" SECRET "    gemeentes: [x]\n",
	 "eindpunten[1].gemeentes", 7, 5, "gemeenten"},
	{HEAD "pogingen: 0\neindpunten: []\n", "pogingen", 3, 11, "1 tot en met 100"},
	{HEAD "link: https://x.example.nl/\neindpunten: []\n", "link", 3, 7, "{zaak}"},
	{"soort: workflow\nversie: 1\neindpunten: []\n", "soort", 1, 8, "soort: meldingen"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://a.example.nl/\n" SECRET
	      "  - naam: x\n    url: https://b.example.nl/\n" SECRET, "eindpunten", 7, 5, "Twee eindpunten"},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://a.example.nl/\n    geheim_bestand: ../../etc/shadow\n",
	 "eindpunten[1].geheim_bestand", 6, 21, ".."},
	{HEAD "eindpunten:\n  - naam: x\n    url: https://a.example.nl/\n    geheim_bestand: /etc/weegteam.key\n",
	 "eindpunten[1].geheim_bestand", 6, 21, "datamap"},
	{HEAD "eindpunten:\n  - naam: x\n    url: http://127.0.0.1.evil.example/x\n" SECRET, "eindpunten[1].url", 5, 10,
	 "https"},
};

Test(notify_config, every_bad_file_is_named_precisely)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wt_notify_config *cfg = NULL;
		wt_error err;
		cr_assert_eq(parse(bad[i].text, &cfg, &err), -WT_EINPUT, "case %zu accepted", i);
		cr_assert_null(cfg);
		cr_assert_str_eq(err.field, bad[i].field, "case %zu: field %s", i, err.field);
		cr_assert_eq(err.line, bad[i].line, "case %zu: line %d", i, err.line);
		cr_assert_eq(err.column, bad[i].column, "case %zu: column %d", i, err.column);
		cr_assert(strstr(err.message, bad[i].words) != NULL, "case %zu: %s", i, err.message);
		cr_assert_str_eq(err.file, "meldingen.yaml");
	}
}

/* http:// only when the host is exactly this machine: a longer name that starts like one is
 * another host (127.0.0.1.evil.example resolves wherever its owner wants). */
Test(notify_config, plain_http_only_to_exactly_this_machine)
{
	static const char *const accepted[] = {
	    "http://localhost/x", "http://LOCALHOST:8080/x", "http://127.0.0.1/x", "http://127.0.0.1:1/x",
	    "http://127.255.0.9?a=b", "http://[::1]/x", "http://[::1]:8443", "http://127.1.2.3"};
	static const char *const refused[] = {
	    "http://127.0.0.1.evil.example/x", "http://localhost.evil.example/x", "http://localhostevil/x",
	    "http://[::1].evil.example/x", "http://127.evil.example/x", "http://127.0.0/x",
	    "http://127.0.0.1.2/x", "http://127.0.0.256/x", "http://127.0.0.01/x", "http://127.0.0.0x1/x",
	    "http://2130706433/x", "http://127.0.0.1./x", "http://localhost./x", "http://localhost:/x",
	    "http://localhost:80a/x", "http://localhost:123456/x", "http://[::2]/x", "http://[::1/x",
	    "http://10.0.0.1/x", "http://0127.0.0.1/x"};
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]) + sizeof(refused) / sizeof(refused[0]); i++) {
		int ok = i < sizeof(accepted) / sizeof(accepted[0]);
		const char *url = ok ? accepted[i] : refused[i - sizeof(accepted) / sizeof(accepted[0])];
		wt_notify_config *cfg = NULL;
		wt_error err;

		snprintf(text, sizeof(text), HEAD "eindpunten:\n  - naam: x\n    url: \"%s\"\n" SECRET, url);
		if (ok) {
			cr_expect_eq(parse(text, &cfg, &err), 0, "%s refused: %s", url, err.message);
		} else {
			cr_expect_eq(parse(text, &cfg, &err), -WT_EINPUT, "%s accepted", url);
			cr_expect_str_eq(err.field, "eindpunten[1].url", "%s", url);
			cr_expect_eq(err.line, 5, "%s", url);
		}
		wt_notify_config_free(cfg);
	}
}

Test(notify_kinds, by_event)
{
	cr_assert_eq(wt_notify_kinds(1, "indienen", "", "weegteam", 0), WT_NOTIFY_INGEDIEND | WT_NOTIFY_STATUS);
	cr_assert_eq(wt_notify_kinds(2, "beoordelen", "weegteam", "weegteam", 0), WT_NOTIFY_ACTIE);
	cr_assert_eq(wt_notify_kinds(3, "conclusie", "weegteam", "advies", 0), WT_NOTIFY_ACTIE | WT_NOTIFY_STATUS);
	cr_assert_eq(wt_notify_kinds(9, "opleggen", "besluit", "opgelegd", 1),
		     WT_NOTIFY_ACTIE | WT_NOTIFY_STATUS | WT_NOTIFY_BESLUIT);
	cr_assert_eq(wt_notify_kinds(4, WT_ACTION_DEADLINE_NEAR, "weegteam", "weegteam", 0), WT_NOTIFY_NADERT);
	cr_assert_eq(wt_notify_kinds(5, WT_ACTION_DEADLINE_PASSED, "weegteam", "weegteam", 0), WT_NOTIFY_VERSTREKEN);
}

Test(notify_payload, only_ids_states_roles_and_times)
{
	wt_notify_event e;
	wt_buf b;
	char id[128];

	cr_assert_eq(wt_notify_id(id, sizeof(id), "2026-RTM-0001", 3, "rotterdam-weegteam"), 0);
	cr_assert_str_eq(id, "2026-RTM-0001.3.rotterdam-weegteam");
	cr_assert_eq(wt_notify_id(id, 10, "2026-RTM-0001", 3, "rotterdam-weegteam"), -1);
	memset(&e, 0, sizeof(e));
	e.id = "2026-RTM-0001.3.rotterdam-weegteam";
	e.kinds = WT_NOTIFY_ACTIE | WT_NOTIFY_STATUS;
	e.case_id = "2026-RTM-0001";
	e.city = "rotterdam";
	e.seq = 3;
	e.state = "advies-jurist";
	e.action = "conclusie-huisverbodwaardig";
	e.time = 1795856400;
	e.deadline = 0;
	e.roles = "jurist,verzoeker";
	e.link = "https://weegteam.example.nl/zaken/{zaak}/overzicht";
	wt_buf_init(&b, 0);
	cr_assert_eq(wt_notify_payload(&e, &b), 0);
	cr_assert_str_eq(b.data,
			 "{\"id\": \"2026-RTM-0001.3.rotterdam-weegteam\", \"soorten\": [\"status\", \"actie\"], "
			 "\"zaak\": \"2026-RTM-0001\", \"gemeente\": \"rotterdam\", \"volgnummer\": 3, "
			 "\"status\": \"advies-jurist\", \"actie\": \"conclusie-huisverbodwaardig\", "
			 "\"tijd\": \"2026-11-28T10:00:00+01:00\", \"termijn\": null, "
			 "\"rollen\": [\"jurist\", \"verzoeker\"], "
			 "\"link\": \"https://weegteam.example.nl/zaken/2026-RTM-0001/overzicht\"}");
	wt_buf_release(&b);
}
