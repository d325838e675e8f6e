/* load.c: realistic cases for the bench, submitted and advanced through the app API. */
#include "bench.h"


#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds between the submissions of consecutive cases, and how many before the clock wraps
 * (9,000 x 67 s is about a week, so every verzoek's facts stay recent enough to submit). */
#define LOAD_CASE_SPACING 67
#define LOAD_CASE_WRAP 9000
/* Seconds between two actions on one case. */
#define LOAD_STEP_SPACING 600
/* Longest verzoek variant (the examples are about 5 KiB). */
#define LOAD_VERZOEK_MAX (64 * 1024)

enum step_kind { STEP_NOTE, STEP_ASSESSMENT, STEP_ADVIES };

/* One action along a city's path: who (the role part of the example user id), what. */
typedef struct step {
	const char *user;
	const char *action;
	enum step_kind kind;
	const char *note;
} step;

#define A(user, action) {user, action, STEP_ASSESSMENT, NULL}
#define N(user, action, note) {user, action, STEP_NOTE, note}
#define ADV(user) {user, "advies-vastleggen", STEP_ADVIES, NULL}

static const step amsterdam_path[] = {
	N("zorgcoordinator", "inbrengen", "Ingebracht in het weegteam van vandaag."),
	A("politie", "beoordelen"),
	A("veilig-thuis", "beoordelen"),
	A("juridische-zaken", "beoordelen"),
	A("jbra-gezinsmanager", "beoordelen"),
	A("zorgcoordinator", "beoordelen"),
	N("zorgcoordinator", "conclusie-huisverbodwaardig",
	  "Het weegteam vindt de zaak huisverbodwaardig; zie de vijf beoordelingen."),
	ADV("juridische-zaken"),
	A("hulpofficier", "rihg-vastleggen"),
	N("hulpofficier", "raadplegen-veilig-thuis",
	  "Veilig Thuis Amsterdam-Amstelland geraadpleegd; steunt het huisverbod."),
	N("hulpofficier", "opleggen", "Huisverbod opgelegd voor tien dagen."),
};

static const step den_haag_path[] = {
	N("operationeel-coordinator", "doorzetten", "Doorgezet naar de dienstdoende hulpofficier."),
	A("hulpofficier", "rihg-vastleggen"),
	A("crisisdienst", "rihg-vastleggen"),
	ADV("hulpofficier"),
	N("burgemeester", "opleggen", "Huisverbod opgelegd voor tien dagen."),
};

static const step rotterdam_path[] = {
	A("politie", "beoordelen"),
	A("crisisteam", "beoordelen"),
	A("gedragsdeskundige", "beoordelen"),
	A("ketenregisseur", "beoordelen"),
	N("ketenregisseur", "conclusie-huisverbodwaardig",
	  "Het weegteam vindt de zaak huisverbodwaardig; zie de vier beoordelingen."),
	ADV("jurist"),
	N("hulpofficier", "screening-starten", "Screening gaat door; crisisteam CVD gaat op huisbezoek."),
	A("crisisteam", "rihg-vastleggen"),
	N("hulpofficier", "opleggen", "Huisverbod opgelegd voor tien dagen."),
};

static const step utrecht_path[] = {
	N("adviseur-huisverbod", "ter-plaatse-gaan", "Adviseur huisverbod gaat met Veilig Thuis ter plaatse."),
	A("adviseur-huisverbod", "rihg-vastleggen"),
	A("vt-crisis", "rihg-vastleggen"),
	A("vt-gedragswetenschapper", "gedragswetenschapper-raadplegen"),
	ADV("adviseur-huisverbod"),
	N("burgemeester", "opleggen", "Huisverbod opgelegd voor tien dagen."),
};

#undef A
#undef N
#undef ADV

static const struct city_def {
	const char *key;
	const step *path;
	int n_path;
} cities[BENCH_CITIES] = {
	{"amsterdam", amsterdam_path, (int)(sizeof(amsterdam_path) / sizeof(amsterdam_path[0]))},
	{"den-haag", den_haag_path, (int)(sizeof(den_haag_path) / sizeof(den_haag_path[0]))},
	{"rotterdam", rotterdam_path, (int)(sizeof(rotterdam_path) / sizeof(rotterdam_path[0]))},
	{"utrecht", utrecht_path, (int)(sizeof(utrecht_path) / sizeof(utrecht_path[0]))},
};

/* Fictional names and streets for the variants. */
static const char *const surnames[] = {
	"Bakker", "Visser", "Smit", "Meijer", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
	"van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
	"van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
	"van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
	"Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam",
	"van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Jong", "Kuipers", "van Wijk",
};
static const char *const streets[] = {
	"Voorbeeldstraat", "Proefgracht", "Oefenlaan", "Proeflaan", "Testweg", "Schetsplein",
	"Modelkade", "Ontwerpstraat", "Conceptlaan", "Kladweg", "Papierstraat", "Inktpad",
};

struct bench_loader {
	wt_app *app;
	int bulk;
	int locked;
	char *tmpl[BENCH_CITIES];
	size_t tmpl_len[BENCH_CITIES];
	char surname[BENCH_CITIES][64];
	char submitter[BENCH_CITIES][128];
	char req_path[WT_PATH_MAX];
	char assessment_path[WT_PATH_MAX];
	char advies_path[WT_PATH_MAX];
	int64_t start;
	long events;
};

const char *bench_city_key(int city)
{
	return cities[city].key;
}

const char *bench_city_submitter(bench_loader *l, int city)
{
	return l->submitter[city];
}

wt_app *bench_loader_app(bench_loader *l)
{
	return l->app;
}

long bench_loader_events(const bench_loader *l)
{
	return l->events;
}

int bench_load_max_steps(void)
{
	int i, m = 0;

	for (i = 0; i < BENCH_CITIES; i++)
		if (cities[i].n_path > m)
			m = cities[i].n_path;
	return m;
}

int bench_set_actor(wt_app *app, const char *id, wt_error *err)
{
	app->actor = wt_users_find(app->users, id);
	if (app->actor == NULL)
		return wt_error_set(err, WT_EINPUT, "onbekende_gebruiker",
				    "De voorbeeldgebruiker '%s' staat niet in users.yaml.", id);
	wt_strlcpy(app->actor_id, id, sizeof(app->actor_id));
	return 0;
}

/* The value of the first line "<indent><key>: value" after the line "<section>:". */
static int yaml_value(const char *text, const char *section, const char *key, char *out,
		      size_t size)
{
	char want[128];
	const char *p, *end;
	size_t n;

	snprintf(want, sizeof(want), "\n%s:\n", section);
	p = strstr(text, want);
	if (p == NULL)
		return -1;
	snprintf(want, sizeof(want), "\n  %s: ", key);
	p = strstr(p + 1, want);
	if (p == NULL)
		return -1;
	p += strlen(want);
	end = strchr(p, '\n');
	n = end ? (size_t)(end - p) : strlen(p);
	if (n == 0 || n >= size)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* Reads requests/<city>-*.yaml (the one example per city). */
static int load_template(bench_loader *l, const char *root, int city, wt_error *err)
{
	char dir[WT_PATH_MAX], path[WT_PATH_MAX], prefix[64], org[64], naam[128];
	DIR *d;
	struct dirent *de;
	int found = 0, rc;

	wt_pathf(dir, sizeof(dir), "%s/requests", root);
	snprintf(prefix, sizeof(prefix), "%s-", cities[city].key);
	d = opendir(dir);
	if (d == NULL)
		return wt_error_set(err, WT_EENV, "geen_voorbeelden", "De map %s ontbreekt.", dir);
	while (!found && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0 &&
		    wt_pathf(path, sizeof(path), "%s/%s", dir, de->d_name) == 0)
			found = 1;
	closedir(d);
	if (!found)
		return wt_error_set(err, WT_EENV, "geen_voorbeelden",
				    "Geen voorbeeldverzoek voor %s in %s.", cities[city].key, dir);
	rc = wt_read_file(path, LOAD_VERZOEK_MAX, &l->tmpl[city], &l->tmpl_len[city], err);
	if (rc < 0)
		return rc;
	if (yaml_value(l->tmpl[city], "verzoeker", "organisatie", org, sizeof(org)) < 0 ||
	    yaml_value(l->tmpl[city], "beoogd_uithuisgeplaatste", "naam", naam, sizeof(naam)) < 0)
		return wt_error_set(err, WT_EENV, "voorbeeld_onleesbaar",
				    "%s heeft geen verzoeker.organisatie of beoogd_uithuisgeplaatste.naam.",
				    path);
	snprintf(l->submitter[city], sizeof(l->submitter[city]), "%s-verzoeker-%s", cities[city].key,
		 org);
	/* "P. Jansen" -> "Jansen": the family name, replaced throughout the variant. */
	wt_strlcpy(l->surname[city], strstr(naam, ". ") ? strstr(naam, ". ") + 2 : naam,
		   sizeof(l->surname[city]));
	return 0;
}

int bench_loader_open(bench_loader **out, const bench_opts *o, const char *data_dir, int bulk,
		      wt_error *err)
{
	bench_loader *l = calloc(1, sizeof(*l));
	int rc, i;

	*out = NULL;
	if (l == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen.");
	l->bulk = bulk;
	wt_pathf(l->req_path, sizeof(l->req_path), "%s/kladblok/verzoek.yaml", o->work);
	wt_pathf(l->assessment_path, sizeof(l->assessment_path), "%s/kladblok/beoordeling.yaml", o->work);
	wt_pathf(l->advies_path, sizeof(l->advies_path), "%s/kladblok/advies.md", o->work);
	rc = wt_time_parse(&l->start, BENCH_LOAD_START) < 0
		     ? wt_error_set(err, WT_EENV, "intern", "BENCH_LOAD_START is geen tijd.")
		     : 0;
	for (i = 0; rc == 0 && i < BENCH_CITIES; i++)
		rc = load_template(l, o->root, i, err);
	if (rc == 0)
		rc = wt_app_open(&l->app, data_dir, NULL, 0, err);
	if (rc == 0 && bulk) {
		/* For this process only; every command the bench measures runs with fsync on. */
		wt_audit_set_durable(l->app->audit, 0);
		rc = wt_store_set_durable(l->app->store, 0, err);
		if (rc == 0)
			rc = wt_audit_lock(l->app->audit, err);
		l->locked = rc == 0;
	}
	if (rc < 0) {
		bench_loader_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void bench_loader_free(bench_loader *l)
{
	int i;

	if (l == NULL)
		return;
	if (l->app != NULL) {
		if (l->locked)
			wt_audit_unlock(l->app->audit);
		if (l->bulk) {
			wt_store_set_durable(l->app->store, 1, NULL);
			wt_audit_set_durable(l->app->audit, 1);
		}
		wt_app_free(l->app);
	}
	for (i = 0; i < BENCH_CITIES; i++)
		free(l->tmpl[i]);
	free(l);
}

int bench_load_steps(long index)
{
	unsigned long h = ((unsigned long)index * 2654435761UL) >> 7;
	int p = (int)(h % 100);

	if (index == 2) /* the first Rotterdam case: the one show and log are measured on */
		return bench_load_max_steps();
	/* 85 % only submitted, 7 % two actions, 5 % four, 3 % the whole path. */
	if (p < 85)
		return 0;
	if (p < 92)
		return 2;
	if (p < 97)
		return 4;
	return bench_load_max_steps();
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* Appends line[0..n) with every whole-word `from` replaced by `to`. */
static int add_replaced(wt_buf *b, const char *line, size_t n, const char *from, const char *to)
{
	size_t k = strlen(from), i = 0;
	int rc = 0;

	while (rc == 0 && i < n) {
		if (k > 0 && i + k <= n && memcmp(line + i, from, k) == 0 &&
		    (i == 0 || !is_letter(line[i - 1])) && (i + k == n || !is_letter(line[i + k]))) {
			rc = wt_buf_addstr(b, to);
			i += k;
		} else {
			rc = wt_buf_addch(b, line[i++]);
		}
	}
	return rc;
}

/* The verzoek of case `index`: the city's example with another family name, address, phone. */
static int make_variant(bench_loader *l, long index, int city, wt_buf *b)
{
	static const char *const area[BENCH_CITIES] = {"020", "070", "010", "030"};
	const long n_names = (long)(sizeof(surnames) / sizeof(surnames[0]));
	const long n_streets = (long)(sizeof(streets) / sizeof(streets[0]));
	const char *name = surnames[(index / BENCH_CITIES) % n_names];
	const char *street = streets[(index / 7) % n_streets];
	const char *p = l->tmpl[city];
	int rc = 0;

	while (rc == 0 && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (strncmp(p, "  adres: ", 9) == 0)
			rc = wt_buf_printf(b, "  adres: %s %ld\n", street, index % 250 + 1);
		else if (strncmp(p, "  telefoon: ", 12) == 0)
			/* The number is unique per index: no two variants are the same blob. */
			rc = wt_buf_printf(b, "  telefoon: \"%s %03ld %02ld %02ld\"\n", area[city],
					   index % 1000, (index / 1000) % 100, (index / 100000) % 100);
		else
			rc = add_replaced(b, p, n, l->surname[city], name);
		p += n;
	}
	return rc;
}

int bench_write_verzoek(bench_loader *l, long index, int city, const char *path, wt_error *err)
{
	wt_buf b;
	int rc;

	wt_buf_init(&b, LOAD_VERZOEK_MAX);
	rc = make_variant(l, index, city, &b);
	if (rc == 0 && bench_write_file(path, b.data, b.len) < 0)
		rc = -1;
	wt_buf_release(&b);
	return rc < 0 ? wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.", path) : 0;
}

int bench_write_assessment(const char *path, const char *case_id, const char *role, long salt)
{
	static const char *const patterns[][5] = {
		{"rood", "rood", "rood", "blauw", "geel"},
		{"rood", "geel", "rood", "blauw", "blauw"},
		{"rood", "rood", "geel", "geel", "blauw"},
	};
	const char *const *c = patterns[salt % 3];
	char text[1536];
	int n = snprintf(text, sizeof(text),
			 "# Fictieve beoordeling (make bench).\n"
			 "soort: beoordeling\nversie: 1\nsignalen:\n"
			 "  2a: %s\n  2c: %s\n  2i: %s\n  1c: %s\n  3b: %s\n"
			 "criteria:\n  meerderjarig: ja\n  verblijf: ja\n  gevaar: ernstig-vermoeden\n"
			 "conclusie: huisverbodwaardig\n"
			 "toelichting: >-\n"
			 "  Beoordeling door %s in dossier %s: de feiten van het verzoek zijn nagegaan bij\n"
			 "  de bronnen; het letsel en de dreiging zijn bevestigd (kenmerk %ld).\n",
			 c[0], c[1], c[2], c[3], c[4], role, case_id, salt);

	if (n < 0 || (size_t)n >= sizeof(text))
		return -1;
	return bench_write_file(path, text, (size_t)n);
}

/* One action of a case's path by the example user of that role. */
static int take_step(bench_loader *l, const bench_case *c, const step *s, long salt, wt_error *err)
{
	char user[128];
	wt_act_result res;
	const char *file = NULL;
	wt_buf advies;
	int rc, recorded = 0;

	snprintf(user, sizeof(user), "%s-%s", cities[c->city].key, s->user);
	rc = bench_set_actor(l->app, user, err);
	if (rc < 0)
		return rc;
	if (s->kind == STEP_ASSESSMENT) {
		if (bench_write_assessment(l->assessment_path, c->id, s->user, salt) < 0)
			return wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.",
					    l->assessment_path);
		file = l->assessment_path;
	} else if (s->kind == STEP_ADVIES) {
		/* The jurist records the rendered draft, as the demo does. */
		wt_buf_init(&advies, 0);
		rc = wt_app_advies(l->app, c->id, 0, &advies, &recorded, err);
		if (rc == 0 && bench_write_file(l->advies_path, advies.data, advies.len) < 0)
			rc = wt_error_set(err, WT_EENV, "schrijffout", "Kan %s niet schrijven.",
					  l->advies_path);
		wt_buf_release(&advies);
		if (rc < 0)
			return rc;
		file = l->advies_path;
	}
	rc = wt_app_act(l->app, c->id, s->action, s->note, file, &res, err);
	if (rc == 0)
		l->events++;
	return rc;
}

/* Cases between two simulated ticks while loading. */
#define LOAD_TICK_EVERY 200

int bench_load_case(bench_loader *l, long index, int city, int steps, bench_case *out,
		    wt_error *err)
{
	wt_submit_result res;
	int rc, k;

	memset(out, 0, sizeof(*out));
	out->city = city;
	l->app->now = l->start + (index % LOAD_CASE_WRAP) * LOAD_CASE_SPACING;
	rc = bench_set_actor(l->app, l->submitter[city], err);
	if (rc == 0)
		rc = bench_write_verzoek(l, index, city, l->req_path, err);
	if (rc < 0)
		return rc;
	rc = wt_app_submit(l->app, l->req_path, &res, err);
	if (rc < 0 && res.report_text != NULL)
		fprintf(stderr, "%s\n", res.report_text);
	if (rc == 0)
		wt_strlcpy(out->id, res.id, sizeof(out->id));
	wt_submit_result_release(&res);
	if (rc < 0)
		return rc;
	l->events++;
	for (k = 0; k < steps && k < cities[city].n_path; k++) {
		l->app->now += LOAD_STEP_SPACING;
		rc = take_step(l, out, &cities[city].path[k], index * 16 + k, err);
		if (rc < 0)
			return rc;
		out->steps++;
	}
	/* What `tick` does every minute in use: combine the small packs once enough gathered
	 * (each event writes one; the events combine the smallest among themselves). */
	if (index % LOAD_TICK_EVERY == 0) {
		size_t small = 0, combined = 0;
		rc = wt_audit_pack_count(l->app->audit, WT_AUDIT_COMBINE_MAX_BYTES, &small, NULL, err);
		if (rc == 0 && small >= WT_APP_AUTO_COMBINE_PACKS)
			rc = wt_audit_combine_packs(l->app->audit, WT_AUDIT_COMBINE_MAX_BYTES, &combined, err);
	}
	return rc;
}
