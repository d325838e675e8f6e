/* verzoek.c: reading a verzoek tot tijdelijk huisverbod (SPEC section 3) and checking its form. */
#include "verzoek.h"

#include "buf.h"
#include "vfield.h"

#include <stdlib.h>
#include <string.h>

#define WT_VERZOEK_SOORT  "verzoek-tijdelijk-huisverbod"
#define WT_VERZOEK_VERSIE 1

const char *const wt_verzoek_organisaties[] = {
	"veilig-thuis", "raad-voor-de-kinderbescherming", "jeugdbescherming", "ggd-vangnet", "wijkteam",
	"crisisdienst", "overig", NULL,
};
const char *const wt_verzoek_aarden[] = {
	"partnergeweld", "ex-partnergeweld", "kindermishandeling", "geweld-kind-tegen-ouder",
	"ouderenmishandeling", "overig", NULL,
};
const char *const wt_verzoek_relaties[] = {
	"partner", "ex-partner", "ouder", "meerderjarig-kind", "ander-familielid", "huisgenoot", "overig", NULL,
};
static const char *const ingeschreven_values[] = {"ja", "nee", "onbekend", NULL};
static const char *const verblijf_values[] = {"dagelijks", "meerdere-dagen-per-week", "incidenteel", "onbekend", NULL};

/* The keys each group may have, in the order of SPEC section 3. */
static const char *const root_keys[] = {
	"soort", "versie", "gemeente", "verzoeker", "aard_geweld", "spoed", "crisismelding_politie", "woning",
	"beoogd_uithuisgeplaatste", "achterblijvers", "kinderen", "gevaar", "eerdere_hulpverlening",
	"overwogen_alternatieven", "bijzonderheden", NULL,
};
static const char *const verzoeker_keys[] = {"organisatie", "naam", "functie", "telefoon", "email", NULL};
static const char *const woning_keys[] = {"adres", "postcode", "plaats", NULL};
static const char *const uithuis_keys[] = {"naam", "geboortedatum", "relatie", "verblijf", NULL};
static const char *const verblijf_keys[] = {"ingeschreven_op_adres", "feitelijk_verblijf", "toelichting", NULL};
static const char *const achterblijver_keys[] = {"naam", "geboortedatum", "relatie", NULL};
static const char *const kind_keys[] = {"initialen", "geboortedatum", NULL};
static const char *const gevaar_keys[] = {"samenvatting", "signalen", NULL};
static const char *const signaal_keys[] = {"code", "feiten", "bron", "datum", NULL};

static void read_header(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	char msg[WT_VFIELD_MSG_MAX], val[WT_VFIELD_ECHO_MAX + 4];
	static const char soort_hint[] = "Zet bovenaan het bestand: soort: verzoek-tijdelijk-huisverbod";
	static const char versie_hint[] = "Zet bovenaan het bestand: versie: 1";
	int present, line, column;
	const wt_node *n = wt_vfield_lookup(root, "soort", &present, &line, &column);

	if (n == NULL) {
		wt_vfield_missing(p, root, "soort", present, line, column, soort_hint);
	} else if (n->kind != WT_NODE_SCALAR) {
		wt_vfield_wrong_type(p, "soort", n, "tekst", soort_hint);
	} else if (strcmp(n->value, WT_VERZOEK_SOORT) != 0) {
		wt_vfield_echo(val, n->value);
		wt_vfield_fmt(msg, sizeof(msg), "Dit bestand is geen verzoek tot tijdelijk huisverbod (soort '%s').",
			      val);
		wt_vfield_problem(p, "verkeerde_soort", "soort", n->line, n->column, msg, soort_hint);
	}
	n = wt_vfield_lookup(root, "versie", &present, &line, &column);
	if (n == NULL) {
		wt_vfield_missing(p, root, "versie", present, line, column, versie_hint);
	} else {
		long long ver = 0;
		int is_int = wt_node_int(n, &ver) == 0;

		if (!is_int && n->kind == WT_NODE_SCALAR && strcmp(n->value, "1") == 0) {
			ver = WT_VERZOEK_VERSIE; /* written as "1" */
			is_int = 1;
		}
		v->versie = ver;
		if (!is_int) {
			wt_vfield_problem(p, "onbekende_versie", "versie", n->line, n->column,
					  "Bij 'versie' hoort een geheel getal.", versie_hint);
		} else if (ver != WT_VERZOEK_VERSIE) {
			wt_vfield_fmt(msg, sizeof(msg),
				      "Versie %lld van dit formaat kent weegteam niet; deze versie leest versie %d.",
				      ver, WT_VERZOEK_VERSIE);
			wt_vfield_problem(p, "onbekende_versie", "versie", n->line, n->column, msg, versie_hint);
		}
	}
	wt_vfield_read_text(p, root, "gemeente", WT_VFIELD_REQUIRED,
			    "Vul de gemeente in waar de woning ligt, bijvoorbeeld: gemeente: Rotterdam", &v->gemeente);
}

static void read_verzoeker(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	char field[WT_VFIELD_PATH_MAX];
	wt_vfield_group g;

	if (!wt_vfield_open_group(p, root, "verzoeker", WT_VFIELD_REQUIRED, verzoeker_keys,
				  "Vul onder 'verzoeker' in wie het verzoek indient: organisatie, naam en telefoon.",
				  &g)) {
		v->verzoeker.line = g.line;
		v->verzoeker.column = g.column;
		return;
	}
	v->verzoeker.line = g.line;
	v->verzoeker.column = g.column;
	wt_vfield_read_enum(p, &g, "organisatie", WT_VFIELD_REQUIRED, wt_verzoek_organisaties, "onbekende_organisatie",
			    &v->verzoeker.organisatie);
	wt_vfield_read_text(p, &g, "naam", WT_VFIELD_REQUIRED, "Vul uw naam in, bijvoorbeeld: naam: J. de Vries",
			    &v->verzoeker.naam);
	wt_vfield_read_text(p, &g, "functie", WT_VFIELD_OPTIONAL, wt_vfield_text_hint, &v->verzoeker.functie);
	wt_vfield_read_text(
	    p, &g, "telefoon", WT_VFIELD_REQUIRED,
	    "Vul een nummer in waarop u bereikbaar bent voor vragen, bijvoorbeeld: telefoon: \"010 123 45 67\"",
	    &v->verzoeker.telefoon);
	wt_vfield_read_text(p, &g, "email", WT_VFIELD_OPTIONAL, wt_vfield_text_hint, &v->verzoeker.email);
	if (v->verzoeker.email.s != NULL && !wt_vfield_blank(v->verzoeker.email.s) &&
	    strchr(v->verzoeker.email.s, '@') == NULL) {
		wt_vfield_join(field, g.path, "email");
		wt_vfield_problem(
		    p, "ongeldige_waarde", field, v->verzoeker.email.line, v->verzoeker.email.column,
		    "Het e-mailadres bij 'verzoeker.email' heeft geen @.",
		    "Schrijf een volledig e-mailadres, bijvoorbeeld j.devries@example.nl, of laat het veld weg.");
	}
}

static void read_aard(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	char field[WT_VFIELD_PATH_MAX];
	size_t n, i;
	const wt_node *seq =
	    wt_vfield_read_list(p, root, "aard_geweld", WT_VFIELD_REQUIRED, "één soort geweld",
				"Noem de soort geweld als lijst, bijvoorbeeld: aard_geweld: [partnergeweld]", &n);

	if (seq == NULL || n == 0)
		return;
	v->aard_geweld = wt_vfield_alloc_items(p, n, sizeof(wt_str));
	for (i = 0; v->aard_geweld != NULL && i < n && p->rc == 0; i++) {
		wt_str s = {NULL, 0, 0};

		wt_vfield_fmt(field, sizeof(field), "aard_geweld[%zu]", i);
		wt_vfield_enum_value(p, seq->items[i], field, wt_verzoek_aarden, "ongeldige_waarde", &s);
		if (s.s != NULL)
			v->aard_geweld[v->n_aard_geweld++] = s;
	}
}

static void read_woning(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	wt_vfield_group g;
	int ok = wt_vfield_open_group(
	    p, root, "woning", WT_VFIELD_REQUIRED, woning_keys,
	    "Vul onder 'woning' het adres in waarvoor het huisverbod zou gelden: adres, postcode en plaats.", &g);

	v->woning.line = g.line;
	v->woning.column = g.column;
	if (!ok)
		return;
	wt_vfield_read_text(p, &g, "adres", WT_VFIELD_REQUIRED,
			    "Vul straat en huisnummer in, bijvoorbeeld: adres: Voorbeeldstraat 12", &v->woning.adres);
	wt_vfield_read_text(p, &g, "postcode", WT_VFIELD_REQUIRED,
			    "Vul de postcode in, bijvoorbeeld: postcode: 3011 AA", &v->woning.postcode);
	wt_vfield_read_text(p, &g, "plaats", WT_VFIELD_REQUIRED,
			    "Vul de woonplaats in, bijvoorbeeld: plaats: Rotterdam", &v->woning.plaats);
}

static void read_uithuis(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	wt_vfield_group g, s;
	int ok = wt_vfield_open_group(
	    p, root, "beoogd_uithuisgeplaatste", WT_VFIELD_REQUIRED, uithuis_keys,
	    "Vul onder 'beoogd_uithuisgeplaatste' in voor wie het huisverbod wordt gevraagd: naam en "
	    "geboortedatum, en liefst relatie en verblijf.",
	    &g);

	v->uithuis.line = g.line;
	v->uithuis.column = g.column;
	if (!ok)
		return;
	wt_vfield_read_text(p, &g, "naam", WT_VFIELD_REQUIRED, "Vul de naam in, bijvoorbeeld: naam: P. Jansen",
			    &v->uithuis.naam);
	wt_vfield_read_date(p, &g, "geboortedatum", WT_VFIELD_REQUIRED,
			    "geboortedatum: 1985-03-02 (nodig om te toetsen of hij of zij "
			    "meerderjarig is)",
			    &v->uithuis.geboortedatum);
	wt_vfield_read_enum(p, &g, "relatie", WT_VFIELD_OPTIONAL, wt_verzoek_relaties, "ongeldige_waarde",
			    &v->uithuis.relatie);
	if (!wt_vfield_open_group(
		p, &g, "verblijf", WT_VFIELD_OPTIONAL, verblijf_keys,
		"Beschrijf onder 'verblijf' hoe vaak hij of zij in de woning verblijft: ingeschreven_op_adres, "
		"feitelijk_verblijf en toelichting.",
		&s))
		return;
	wt_vfield_read_enum(p, &s, "ingeschreven_op_adres", WT_VFIELD_OPTIONAL, ingeschreven_values, "ongeldige_waarde",
			    &v->uithuis.ingeschreven_op_adres);
	wt_vfield_read_enum(p, &s, "feitelijk_verblijf", WT_VFIELD_OPTIONAL, verblijf_values, "ongeldige_waarde",
			    &v->uithuis.feitelijk_verblijf);
	wt_vfield_read_text(p, &s, "toelichting", WT_VFIELD_OPTIONAL, wt_vfield_text_hint, &v->uithuis.toelichting);
}

static void read_people(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	wt_vfield_group g;
	size_t n, i;
	const wt_node *seq;

	seq = wt_vfield_read_list(
	    p, root, "achterblijvers", WT_VFIELD_REQUIRED, "één persoon",
	    "Noem onder 'achterblijvers' wie in de woning achterblijft en beschermd moet worden, met op een "
	    "nieuwe regel bijvoorbeeld: - naam: M. Jansen",
	    &n);
	if (seq != NULL && n > 0) {
		v->achterblijvers = wt_vfield_alloc_items(p, n, sizeof(wt_person));
		for (i = 0; v->achterblijvers != NULL && i < n && p->rc == 0; i++) {
			wt_person *x = &v->achterblijvers[v->n_achterblijvers++];

			x->line = seq->items[i]->line;
			x->column = seq->items[i]->column;
			if (!wt_vfield_open_item(
				p, seq, "achterblijvers", i, achterblijver_keys,
				"Schrijf per persoon een regel '- naam: ...', met daaronder (ingesprongen) "
				"geboortedatum en relatie.",
				&g))
				continue;
			wt_vfield_read_text(p, &g, "naam", WT_VFIELD_REQUIRED,
					    "Vul de naam in, bijvoorbeeld: naam: M. Jansen", &x->naam);
			wt_vfield_read_date(p, &g, "geboortedatum", WT_VFIELD_OPTIONAL, "geboortedatum: 1987-07-14",
					    &x->geboortedatum);
			wt_vfield_read_enum(p, &g, "relatie", WT_VFIELD_OPTIONAL, wt_verzoek_relaties,
					    "ongeldige_waarde", &x->relatie);
		}
	}
	seq = wt_vfield_read_list(
	    p, root, "kinderen", WT_VFIELD_OPTIONAL, "een kind",
	    "Noem minderjarige kinderen als lijst met initialen en geboortedatum, of schrijf: kinderen: []", &n);
	if (seq == NULL || n == 0)
		return;
	v->kinderen = wt_vfield_alloc_items(p, n, sizeof(wt_person));
	for (i = 0; v->kinderen != NULL && i < n && p->rc == 0; i++) {
		wt_person *x = &v->kinderen[v->n_kinderen++];

		x->line = seq->items[i]->line;
		x->column = seq->items[i]->column;
		if (!wt_vfield_open_item(
			p, seq, "kinderen", i, kind_keys,
			"Schrijf per kind een regel '- initialen: ...', met daaronder (ingesprongen) geboortedatum.",
			&g))
			continue;
		wt_vfield_read_text(p, &g, "initialen", WT_VFIELD_REQUIRED,
				    "Vul de initialen van het kind in, bijvoorbeeld: initialen: A.J.", &x->initialen);
		wt_vfield_read_date(p, &g, "geboortedatum", WT_VFIELD_REQUIRED, "geboortedatum: 2018-05-01",
				    &x->geboortedatum);
	}
}

static void read_gevaar(wt_vfield_parser *p, const wt_vfield_group *root, wt_verzoek *v)
{
	char path[WT_VFIELD_PATH_MAX];
	wt_vfield_group g, s;
	size_t n, i;
	const wt_node *seq;
	int ok = wt_vfield_open_group(
	    p, root, "gevaar", WT_VFIELD_REQUIRED, gevaar_keys,
	    "Beschrijf onder 'gevaar' waarom het gevaar ernstig en onmiddellijk is (samenvatting) en op "
	    "welke feiten dat rust (signalen).",
	    &g);

	v->gevaar.line = g.line;
	v->gevaar.column = g.column;
	if (!ok)
		return;
	wt_vfield_read_text(
	    p, &g, "samenvatting", WT_VFIELD_REQUIRED,
	    "Schrijf in een paar zinnen waarom het gevaar nu ernstig en onmiddellijk is, met de belangrijkste "
	    "feiten en hun datum.",
	    &v->gevaar.samenvatting);
	/* Whether there are signals at all, and complete ones, is the checklist's business. */
	seq = wt_vfield_read_list(
	    p, &g, "signalen", WT_VFIELD_OPTIONAL, "een feit",
	    "Noem de feiten als lijst: per feit een regel '- code: ...' met daaronder feiten, bron en datum.", &n);
	if (seq == NULL || n == 0)
		return;
	wt_vfield_join(path, g.path, "signalen");
	v->gevaar.signalen = wt_vfield_alloc_items(p, n, sizeof(wt_signal_fact));
	for (i = 0; v->gevaar.signalen != NULL && i < n && p->rc == 0; i++) {
		wt_signal_fact *f = &v->gevaar.signalen[v->gevaar.n_signalen++];

		f->line = seq->items[i]->line;
		f->column = seq->items[i]->column;
		if (!wt_vfield_open_item(
			p, seq, path, i, signaal_keys,
			"Schrijf per feit een regel '- code: ...' met daaronder (ingesprongen) feiten, bron en datum.",
			&s))
			continue;
		wt_vfield_read_text(
		    p, &s, "code", WT_VFIELD_REQUIRED,
		    "Kies de code uit de gesloten lijst met 'weegteam signals', bijvoorbeeld: code: 2c.4", &f->code);
		/* Missing feiten, bron or datum: reported by the checklist (criterion iii), not here. */
		wt_vfield_read_text(p, &s, "feiten", WT_VFIELD_OPTIONAL, wt_vfield_text_hint, &f->feiten);
		wt_vfield_read_text(p, &s, "bron", WT_VFIELD_OPTIONAL, wt_vfield_text_hint, &f->bron);
		wt_vfield_read_date(p, &s, "datum", WT_VFIELD_OPTIONAL, "datum: 2026-11-25", &f->datum);
	}
}

int wt_verzoek_parse(wt_verzoek **out, const wt_doc *doc, wt_findings *problems, wt_error *err)
{
	wt_findings local;
	wt_verzoek *v;
	wt_vfield_parser p;
	wt_vfield_group root;

	wt_error_clear(err);
	wt_findings_init(&local);
	if (out == NULL)
		return wt_error_set(err, WT_EENV, "intern", "Interne fout: geen plek voor het verzoek.");
	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (v == NULL || (v->file = wt_strdup(doc != NULL && doc->file != NULL ? doc->file : "(invoer)")) == NULL) {
		free(v);
		return wt_error_set(err, WT_EENV, "geen_geheugen", "Onvoldoende geheugen om het verzoek te lezen.");
	}
	p.problems = problems != NULL ? problems : &local;
	p.err = err;
	p.file = v->file;
	p.count = 0;
	p.rc = 0;
	memset(&root, 0, sizeof(root));
	root.line = 1;
	root.column = 1;
	if (doc == NULL || doc->root == NULL || wt_node_is_null(doc->root)) {
		wt_vfield_problem(
		    &p, "bestand_leeg", "", 1, 1, "Het bestand is leeg: er staat geen verzoek in.",
		    "Begin met 'weegteam new BESTAND': dat schrijft een leeg verzoek met uitleg bij elk veld.");
	} else if (doc->root->kind != WT_NODE_MAP) {
		wt_vfield_wrong_type(
		    &p, "", doc->root, "een groep velden (soort, versie, gemeente, ...)",
		    "Een verzoek begint met 'soort: verzoek-tijdelijk-huisverbod' en 'versie: 1' op de eerste "
		    "regels, zonder streepje ervoor.");
	} else {
		root.map = doc->root;
		wt_vfield_check_keys(&p, &root, root_keys);
		read_header(&p, &root, v);
		read_verzoeker(&p, &root, v);
		read_aard(&p, &root, v);
		wt_vfield_read_bool(&p, &root, "spoed", &v->spoed);
		wt_vfield_read_bool(&p, &root, "crisismelding_politie", &v->crisismelding_politie);
		read_woning(&p, &root, v);
		read_uithuis(&p, &root, v);
		read_people(&p, &root, v);
		read_gevaar(&p, &root, v);
		wt_vfield_read_text(&p, &root, "eerdere_hulpverlening", WT_VFIELD_OPTIONAL, wt_vfield_text_hint,
				    &v->eerdere_hulpverlening);
		wt_vfield_read_text(&p, &root, "overwogen_alternatieven", WT_VFIELD_OPTIONAL, wt_vfield_text_hint,
				    &v->overwogen_alternatieven);
		wt_vfield_read_text(&p, &root, "bijzonderheden", WT_VFIELD_OPTIONAL, wt_vfield_text_hint,
				    &v->bijzonderheden);
	}
	wt_findings_release(&local);
	if (p.rc < 0) {
		wt_verzoek_free(v);
		wt_error_clear(err);
		return wt_error_set(err, WT_EENV, "geen_geheugen", "Onvoldoende geheugen om het verzoek te lezen.");
	}
	*out = v;
	return p.count > 0 ? -WT_EINPUT : 0;
}

static void people_free(wt_person *a, size_t n)
{
	size_t i;

	for (i = 0; a != NULL && i < n; i++) {
		free(a[i].naam.s);
		free(a[i].initialen.s);
		free(a[i].relatie.s);
	}
	free(a);
}

void wt_verzoek_free(wt_verzoek *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->file);
	free(v->gemeente.s);
	free(v->verzoeker.organisatie.s);
	free(v->verzoeker.naam.s);
	free(v->verzoeker.functie.s);
	free(v->verzoeker.telefoon.s);
	free(v->verzoeker.email.s);
	for (i = 0; i < v->n_aard_geweld; i++)
		free(v->aard_geweld[i].s);
	free(v->aard_geweld);
	free(v->woning.adres.s);
	free(v->woning.postcode.s);
	free(v->woning.plaats.s);
	free(v->uithuis.naam.s);
	free(v->uithuis.relatie.s);
	free(v->uithuis.ingeschreven_op_adres.s);
	free(v->uithuis.feitelijk_verblijf.s);
	free(v->uithuis.toelichting.s);
	people_free(v->achterblijvers, v->n_achterblijvers);
	people_free(v->kinderen, v->n_kinderen);
	for (i = 0; v->gevaar.signalen != NULL && i < v->gevaar.n_signalen; i++) {
		free(v->gevaar.signalen[i].code.s);
		free(v->gevaar.signalen[i].feiten.s);
		free(v->gevaar.signalen[i].bron.s);
	}
	free(v->gevaar.signalen);
	free(v->gevaar.samenvatting.s);
	free(v->eerdere_hulpverlening.s);
	free(v->overwogen_alternatieven.s);
	free(v->bijzonderheden.s);
	free(v);
}

int wt_verzoek_has_aard(const wt_verzoek *v, const char *aard)
{
	size_t i;

	for (i = 0; v != NULL && aard != NULL && i < v->n_aard_geweld; i++)
		if (v->aard_geweld[i].s != NULL && strcmp(v->aard_geweld[i].s, aard) == 0)
			return 1;
	return 0;
}
