/* checklist.c: the onderbouwing checklist: what a verzoek does and does not yet substantiate. */

/*
 * Criterion status rules (SPEC section 5). For each criterion: "ontbreekt" when the data it
 * needs is absent; "onvoldoende" when the data is there but a blocking finding for that
 * criterion exists, or (below) the data does not carry it; "onderbouwd" otherwise.
 *
 * (i) meerderjarig: needs beoogd_uithuisgeplaatste.geboortedatum. Absent: ontbreekt. Invalid,
 *     in the future, or under 18 on the peildatum: onvoldoende (blocking).
 * (ii) verblijf: needs the verblijf block and feitelijk_verblijf. dagelijks or
 *     meerdere-dagen-per-week: onderbouwd (registration at the address is not needed: ingeschreven
 *     may be nee). onbekend: onvoldoende (an aandachtspunt; blocking when also ingeschreven: nee,
 *     since then nothing shows a stay). incidenteel: onvoldoende and blocking. An ex-partner
 *     gets an aandachtspunt (this criterion often fails there).
 * (iii) gevaar: needs at least one signal. None: ontbreekt (blocking). A fact counts as usable
 *     when its code is in the closed list and it has a concrete fact (at least
 *     drempels.feit_min_tekens bytes), a source, and a valid date not after the peildatum.
 *     onvoldoende when any blocking finding for gevaar exists, when no fact is usable, when the
 *     newest usable fact is older than drempels.recent_dagen ("onmiddellijk" needs something
 *     current), when every usable fact is only a worry (a vague word and no observation word),
 *     or when all facts are in section 3 (living conditions alone show no incident or person).
 *
 * Heuristics, all driven by word lists in the catalogue (workflows/criteria.yaml):
 * - vague fact: the text contains a word of woorden.vaag at a word start and none of
 *   woorden.waarneming;
 * - a summary refers to a fact when it contains a date (2026-11-25, 25-11-2026, a Dutch month
 *   or weekday name), a cited code (2c, 2c.4), or a word of at least
 *   drempels.sleutelwoord_min_tekens bytes that also occurs in a cited fact (a few generic
 *   words such as "betrokkene" and "slachtoffer" do not count; at most MAX_KEYWORDS words are
 *   looked up, so a hostile file stays cheap);
 * - children are mentioned when a fact is coded 2i, or a fact contains a word of
 *   woorden.kinderen or a child's initials.
 */
#include "checklist.h"

#include "checklist_impl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_MAX 1024   /* bytes in one composed message */
#define FIELD_MAX 128  /* bytes in a field path */
#define ADULT_AGE 18
#define MAX_KEYWORDS 400 /* fact words looked up in the summary, over all facts */

static const char *const criterion_keys[WT_CAT_N_CRITERIA] = {"meerderjarig", "verblijf", "gevaar"};

/* Generic words that do not make a summary refer to a particular fact. */
static const char *const generic_words[] = {"betrokkene", "slachtoffer", "hulpverlener", "hulpverlening",
					    "volgens", "daarnaast", "ongeveer", "verschillende", "meerdere",
					    "moeder", "vader", NULL};
static const char *const date_words[] = {"januari", "februari", "maart", "april", "mei", "juni", "juli",
					 "augustus", "september", "oktober", "november", "december",
					 "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
					 "zaterdag", "zondag", "gisteren", "vannacht", NULL};

/* ---- small helpers ------------------------------------------------------------------------ */

static void fmt(char *out, size_t size, const char *f, ...) __attribute__((format(printf, 3, 4)));

static void fmt(char *out, size_t size, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(out, size, f, ap);
	va_end(ap);
}

static int nonempty(const wt_str *s)
{
	const char *p;

	if (s == NULL || s->s == NULL)
		return 0;
	for (p = s->s; *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			return 1;
	return 0;
}

static int str_is(const wt_str *s, const char *value)
{
	return s != NULL && s->s != NULL && strcmp(s->s, value) == 0;
}

/* 1 when a form problem concerns this field or something inside it. */
static int has_problem(const wt_findings *form, const char *field)
{
	size_t i, n = strlen(field);

	for (i = 0; form != NULL && i < form->count; i++) {
		const char *f = form->items[i].field;
		if (strncmp(f, field, n) == 0 && (f[n] == '\0' || f[n] == '.' || f[n] == '['))
			return 1;
	}
	return 0;
}

/* Criterion implied by a form problem's field path. */
static const char *criterion_of_field(const char *field)
{
	if (strncmp(field, "beoogd_uithuisgeplaatste.geboortedatum", 38) == 0)
		return "meerderjarig";
	if (strncmp(field, "beoogd_uithuisgeplaatste.verblijf", 33) == 0)
		return "verblijf";
	if (strncmp(field, "gevaar", 6) == 0)
		return "gevaar";
	return "";
}

static int add(wt_checklist *c, wt_severity sev, const char *code, const char *crit, const char *field,
	       int line, int column, const char *msg, const char *hint)
{
	return wt_findings_add(&c->findings, sev, code, crit, field, line, column, msg, hint);
}

static int reason(wt_checklist *c, int crit, const char *f, ...) __attribute__((format(printf, 3, 4)));

static int reason(wt_checklist *c, int crit, const char *f, ...)
{
	va_list ap;
	int rc;

	if (c->reasons[crit].len > 0 && wt_buf_addch(&c->reasons[crit], '\n') < 0)
		return -WT_EENV;
	va_start(ap, f);
	rc = wt_buf_vprintf(&c->reasons[crit], f, ap);
	va_end(ap);
	return rc;
}

static int blocking_for(const wt_checklist *c, const char *crit)
{
	size_t i;

	for (i = 0; i < c->findings.count; i++)
		if (c->findings.items[i].severity == WT_BLOKKEREND &&
		    strcmp(c->findings.items[i].criterion, crit) == 0)
			return 1;
	return 0;
}

/* ---- criterion (i): meerderjarig ---------------------------------------------------------- */

static int check_adult(wt_checklist *c, const wt_verzoek *v, const wt_findings *form)
{
	static const char field[] = "beoogd_uithuisgeplaatste.geboortedatum";
	const wt_datefield *b = v ? &v->uithuis.geboortedatum : NULL;
	char msg[MSG_MAX], d18[11];
	int rc = 0, age;

	if (b == NULL || b->line == 0 || !b->set) {
		int absent = b == NULL || b->line == 0;
		c->status[0] = absent ? WT_ONTBREEKT : WT_ONVOLDOENDE;
		if (absent && !has_problem(form, field))
			rc = add(c, WT_BLOKKEREND, "geboortedatum_ontbreekt", "meerderjarig", field,
				 v ? v->uithuis.line : 0, v ? v->uithuis.column : 0,
				 "De geboortedatum van de beoogd uithuisgeplaatste ontbreekt.",
				 "Vul de geboortedatum in (JJJJ-MM-DD). Zonder geboortedatum is niet te toetsen of hij of "
				 "zij meerderjarig is (Wth art. 2 lid 2).");
		return rc < 0 ? rc : reason(c, 0, absent ? "De geboortedatum ontbreekt; meerderjarigheid is niet te toetsen."
							 : "De geboortedatum is ongeldig; meerderjarigheid is niet te toetsen.");
	}
	if (wt_date_cmp(b->d, c->today) > 0) {
		c->status[0] = WT_ONVOLDOENDE;
		rc = add(c, WT_BLOKKEREND, "geboortedatum_in_toekomst", "meerderjarig", field, b->line, b->column,
			 "De geboortedatum ligt na de datum van het verzoek.",
			 "Controleer de geboortedatum (JJJJ-MM-DD); waarschijnlijk is het jaartal verkeerd.");
		return rc < 0 ? rc : reason(c, 0, "De geboortedatum ligt in de toekomst.");
	}
	age = wt_date_age(b->d, c->today);
	if (age < ADULT_AGE) {
		wt_date t = b->d;
		t.year += ADULT_AGE;
		if (t.month == 2 && t.day == 29)
			t = (wt_date){t.year, 3, 1};
		wt_date_format(t, d18);
		c->status[0] = WT_ONVOLDOENDE;
		fmt(msg, sizeof(msg), "De beoogd uithuisgeplaatste is op %s %d jaar, dus minderjarig; "
				      "een huisverbod kan alleen een meerderjarige gelden (Wth art. 2 lid 2).",
		    c->today_text, age);
		rc = add(c, WT_BLOKKEREND, "minderjarig", "meerderjarig", field, b->line, b->column, msg,
			 "Controleer de geboortedatum. Klopt die, dan voldoet het verzoek niet aan het eerste criterium; "
			 "bespreek andere beschermingsmaatregelen, bijvoorbeeld met Veilig Thuis of de Raad voor de "
			 "Kinderbescherming.");
		return rc < 0 ? rc : reason(c, 0, "%d jaar op %s (wordt 18 op %s).", age, c->today_text, d18);
	}
	c->status[0] = WT_ONDERBOUWD;
	return reason(c, 0, "%d jaar op de peildatum %s.", age, c->today_text);
}

/* ---- criterion (ii): verblijf ------------------------------------------------------------- */

static int check_stay(wt_checklist *c, const wt_verzoek *v, const wt_findings *form)
{
	static const char field[] = "beoogd_uithuisgeplaatste.verblijf";
	static const char ffield[] = "beoogd_uithuisgeplaatste.verblijf.feitelijk_verblijf";
	static const char stay_hint[] =
		"Beschrijf onder verblijf.toelichting waaruit blijkt dat hij of zij er meer dan incidenteel "
		"verblijft: heeft een sleutel, heeft kleding en spullen in de woning, ontvangt er post, slaapt "
		"er zoveel nachten per week, en wie dat heeft gezien (buren, school, wijkagent).";
	const wt_str *reg, *act;
	int rc = 0, line, col;

	if (v == NULL || (v->uithuis.ingeschreven_op_adres.line == 0 && v->uithuis.feitelijk_verblijf.line == 0 &&
			  v->uithuis.toelichting.line == 0)) {
		c->status[1] = WT_ONTBREEKT;
		if (!has_problem(form, field))
			rc = add(c, WT_BLOKKEREND, "verblijf_ontbreekt", "verblijf", field, v ? v->uithuis.line : 0,
				 v ? v->uithuis.column : 0, "Er staat niets over het verblijf in de woning.", stay_hint);
		return rc < 0 ? rc : reason(c, 1, "Het verblijf in de woning is niet beschreven.");
	}
	reg = &v->uithuis.ingeschreven_op_adres;
	act = &v->uithuis.feitelijk_verblijf;
	line = act->line ? act->line : v->uithuis.line;
	col = act->line ? act->column : v->uithuis.column;
	if (act->s == NULL && act->line != 0) {
		/* present but not a valid value: wt_verzoek_parse reported it */
		c->status[1] = WT_ONVOLDOENDE;
		return reason(c, 1, "Het feitelijk verblijf heeft een ongeldige waarde.");
	}
	if (act->s == NULL) {
		c->status[1] = WT_ONTBREEKT;
		if (!has_problem(form, ffield))
			rc = add(c, WT_BLOKKEREND, "verblijf_ontbreekt", "verblijf", ffield, line, col,
				 "Het feitelijk verblijf (hoe vaak hij of zij in de woning is) ontbreekt.", stay_hint);
		return rc < 0 ? rc : reason(c, 1, "Het feitelijk verblijf is niet ingevuld.");
	}
	if (str_is(act, "dagelijks") || str_is(act, "meerdere-dagen-per-week")) {
		c->status[1] = WT_ONDERBOUWD;
		rc = reason(c, 1, "Feitelijk verblijf: %s.", act->s);
		if (rc == 0 && str_is(reg, "nee"))
			rc = reason(c, 1, "Niet ingeschreven op het adres; dat is niet nodig, het feitelijk verblijf telt.");
		if (rc == 0 && !nonempty(&v->uithuis.toelichting))
			rc = add(c, WT_AANDACHTSPUNT, "verblijf_zonder_toelichting", "verblijf",
				 "beoogd_uithuisgeplaatste.verblijf.toelichting", line, col,
				 "Het verblijf is niet toegelicht.", stay_hint);
	} else if (str_is(act, "incidenteel")) {
		c->status[1] = WT_ONVOLDOENDE;
		rc = add(c, WT_BLOKKEREND, "verblijf_incidenteel", "verblijf", ffield, line, col,
			 "Volgens het verzoek verblijft hij of zij maar incidenteel in de woning; dan is niet voldaan aan "
			 "het criterium 'woont of verblijft er anders dan incidenteel' (Wth art. 2 lid 1).",
			 stay_hint);
		if (rc == 0)
			rc = reason(c, 1, "Feitelijk verblijf: incidenteel.");
	} else if (str_is(act, "onbekend")) {
		c->status[1] = WT_ONVOLDOENDE;
		if (str_is(reg, "nee"))
			rc = add(c, WT_BLOKKEREND, "verblijf_niet_aangetoond", "verblijf", ffield, line, col,
				 "Hij of zij staat niet ingeschreven op het adres en het feitelijk verblijf is onbekend: "
				 "niets laat zien dat hij of zij er woont of verblijft.", stay_hint);
		else
			rc = add(c, WT_AANDACHTSPUNT, "verblijf_onbekend", "verblijf", ffield, line, col,
				 "Het feitelijk verblijf is onbekend.", stay_hint);
		if (rc == 0)
			rc = reason(c, 1, "Feitelijk verblijf onbekend%s.", str_is(reg, "nee") ? " en niet ingeschreven" : "");
	} else {
		c->status[1] = WT_ONVOLDOENDE;
		rc = reason(c, 1, "Het feitelijk verblijf heeft een ongeldige waarde.");
	}
	if (rc == 0 && (str_is(&v->uithuis.relatie, "ex-partner") || wt_verzoek_has_aard(v, "ex-partnergeweld")))
		rc = add(c, WT_AANDACHTSPUNT, "ex_partner", "verblijf",
			 v->uithuis.relatie.line ? "beoogd_uithuisgeplaatste.relatie" : "aard_geweld",
			 v->uithuis.relatie.line ? v->uithuis.relatie.line : v->uithuis.line,
			 v->uithuis.relatie.line ? v->uithuis.relatie.column : v->uithuis.column,
			 "Het gaat om een ex-partner; bij ex-partners strandt een huisverbod vaak op het verblijf.",
			 "Maak concreet dat hij of zij er nog meer dan incidenteel verblijft: sleutel, kleding en "
			 "spullen in de woning, post op het adres, hoeveel nachten per week, en wie dat heeft gezien.");
	return rc;
}

/* ---- criterion (iii): gevaar -------------------------------------------------------------- */

/* Returns 1 when the text is only an opinion or worry (vague word, no observation word). */
static int only_worry(const wt_catalogue *cat, const char *text, const char **word)
{
	return wt_text_has_any(text, &cat->vague, word) && !wt_text_has_any(text, &cat->observation, NULL);
}

static int mentions_children(const wt_catalogue *cat, const wt_verzoek *v, const char *text)
{
	size_t k;

	if (wt_text_has_any(text, &cat->children, NULL))
		return 1;
	for (k = 0; k < v->n_kinderen; k++) {
		const char *ini = v->kinderen[k].initialen.s;
		if (ini != NULL && strlen(ini) >= 2 && strstr(text, ini) != NULL)
			return 1;
	}
	return 0;
}

/* Whether the summary contains a date-like token. */
static int has_date_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (isdigit(p[0]) && isdigit(p[1]) && isdigit(p[2]) && isdigit(p[3]) && p[4] == '-' &&
		    isdigit(p[5]))
			return 1;
		if (isdigit(p[0]) && (p[1] == '-' || (isdigit(p[1]) && p[2] == '-'))) {
			const unsigned char *q = p + (p[1] == '-' ? 2 : 3);
			if (isdigit(q[0]) && (q[1] == '-' || (isdigit(q[1]) && q[2] == '-')))
				return 1;
		}
	}
	return wt_text_find_words(s, date_words, sizeof(date_words) / sizeof(date_words[0]) - 1, NULL);
}

/* A folded word that is one of the generic words (or it with a short ending). */
static int is_generic(const char *fw)
{
	size_t i;

	for (i = 0; generic_words[i] != NULL; i++)
		if (strncmp(fw, generic_words[i], strlen(generic_words[i])) == 0 &&
		    strlen(fw) <= strlen(generic_words[i]) + 2)
			return 1;
	return 0;
}

/*
 * Whether the folded summary shares a key word (at least min bytes) with text. *budget bounds
 * the number of words looked up over all facts, so hostile input stays cheap.
 * Returns 1, 0, or -WT_EENV.
 */
static int shares_keyword(const char *fsum, const char *text, int min, size_t *budget)
{
	const char *p = text;
	char word[WT_CAT_MAX_TEXT];

	while (*p != '\0' && *budget > 0) {
		size_t n = 0;
		char *fw;
		int hit;
		while (*p != '\0' && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		while (*p != '\0' && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) {
			if (n + 1 < sizeof(word))
				word[n++] = *p;
			p++;
		}
		word[n] = '\0';
		if ((int)n < min)
			continue;
		(*budget)--;
		if ((fw = wt_text_fold(word)) == NULL)
			return -WT_EENV;
		hit = !is_generic(fw) && wt_folded_has_word(fsum, fw);
		free(fw);
		if (hit)
			return 1;
	}
	return 0;
}

/* Whether the summary refers to a cited fact (see the heuristics at the top). 1, 0, or -WT_EENV. */
static int summary_refers(const wt_checklist *c, const wt_catalogue *cat, const char *sum)
{
	size_t i, budget = MAX_KEYWORDS;
	char *fsum;
	int r = 0;

	if (has_date_text(sum))
		return 1;
	if ((fsum = wt_text_fold(sum)) == NULL)
		return -WT_EENV;
	for (i = 0; r == 0 && i < c->n_cited; i++) {
		const wt_cited *x = &c->cited[i];
		r = wt_folded_has_word(fsum, x->item_code[0] ? x->item_code : x->signal_code);
		if (r == 0)
			r = shares_keyword(fsum, x->fact, cat->keyword_min_chars, &budget);
	}
	free(fsum);
	return r;
}

/* For an unknown item code such as "2c.7": the signal "2c" when it exists, else NULL. */
static const wt_cat_signal *near_signal(const wt_catalogue *cat, const char *code)
{
	char sig[WT_CAT_CODE_MAX];
	size_t n = 0;

	while (*code == ' ')
		code++;
	while (code[n] != '\0' && code[n] != '.' && n + 1 < sizeof(sig)) {
		sig[n] = (char)tolower((unsigned char)code[n]);
		n++;
	}
	sig[n] = '\0';
	return code[n] == '.' ? wt_catalogue_signal(cat, sig) : NULL;
}

static int cite(wt_checklist *c, const wt_catalogue *cat, const wt_signal_fact *f, const wt_cat_signal *s,
		const wt_cat_item *it, size_t index, int usable)
{
	wt_cited *x;

	if (c->n_cited == c->cap_cited) {
		size_t cap = c->cap_cited ? c->cap_cited * 2 : 8;
		wt_cited *p = realloc(c->cited, cap * sizeof(*p));
		if (p == NULL)
			return -WT_EENV;
		c->cited = p;
		c->cap_cited = cap;
	}
	x = &c->cited[c->n_cited];
	memset(x, 0, sizeof(*x));
	x->signal_index = (size_t)(s - cat->signals);
	x->item_index = it ? (size_t)(it - s->items) + 1 : 0;
	x->index = index;
	x->section_code = wt_strdup(cat->sections[s->section].code);
	x->section_label = wt_strdup(cat->sections[s->section].label);
	x->signal_code = wt_strdup(s->code);
	x->signal_label = wt_strdup(s->label);
	x->item_code = wt_strdup(it ? it->code : "");
	x->item_label = wt_strdup(it ? it->label : "");
	x->fact = wt_strdup(f->feiten.s ? f->feiten.s : "");
	x->source = wt_strdup(f->bron.s ? f->bron.s : "");
	x->has_date = f->datum.set;
	x->date = f->datum.d;
	x->line = f->line;
	x->usable = usable;
	c->n_cited++;
	if (!x->section_code || !x->section_label || !x->signal_code || !x->signal_label || !x->item_code ||
	    !x->item_label || !x->fact || !x->source)
		return -WT_EENV;
	return 0;
}

/* Checks one signal entry; sets *usable. */
static int check_fact(wt_checklist *c, const wt_catalogue *cat, const wt_verzoek *v, const wt_findings *form,
		      size_t i, int *usable, int *vague)
{
	const wt_signal_fact *f = &v->gevaar.signalen[i];
	const wt_cat_signal *s = NULL;
	const wt_cat_item *it = NULL;
	char base[FIELD_MAX], field[FIELD_MAX], msg[MSG_MAX], hint[MSG_MAX];
	const char *word = NULL;
	int rc = 0, ok = 1;

	*vague = 0;
	fmt(base, sizeof(base), "gevaar.signalen[%zu]", i);
	fmt(field, sizeof(field), "%s.code", base);
	if (!nonempty(&f->code)) {
		ok = 0;
		if (!has_problem(form, field))
			rc = add(c, WT_BLOKKEREND, "code_ontbreekt", "gevaar", field, f->line, f->column,
				 "Dit feit heeft geen code uit de gesloten lijst.",
				 "Kies met 'weegteam signals' het signaal of onderdeel waar dit feit onder valt, "
				 "bijvoorbeeld 2c.4.");
	} else if (wt_catalogue_resolve(cat, f->code.s, &s, &it) < 0) {
		ok = 0;
		const wt_cat_signal *near = near_signal(cat, f->code.s);
		if (near != NULL)
			fmt(msg, sizeof(msg), "De code '%s' staat niet in de gesloten lijst van feiten en omstandigheden. "
					      "Signaal %s (%s) heeft de onderdelen %s tot en met %s.",
			    f->code.s, near->code, near->label, near->items[0].code, near->items[near->n_items - 1].code);
		else
			fmt(msg, sizeof(msg), "De code '%s' staat niet in de gesloten lijst van feiten en omstandigheden.",
			    f->code.s);
		rc = add(c, WT_BLOKKEREND, "code_buiten_lijst", "gevaar", field, f->code.line, f->code.column, msg,
			 "Alleen feiten uit de bijlage van het Besluit tijdelijk huisverbod mogen worden meegewogen "
			 "(Besluit art. 2 lid 1). Zoek met 'weegteam signals WOORD' de juiste code (zoals 2c of 2c.4); "
			 "past het feit nergens, zet het dan onder bijzonderheden als context.");
	}
	fmt(field, sizeof(field), "%s.feiten", base);
	if (rc == 0 && !nonempty(&f->feiten)) {
		ok = 0;
		if (!has_problem(form, field))
			rc = add(c, WT_BLOKKEREND, "feit_ontbreekt", "gevaar", field, f->line, f->column,
				 "Bij dit signaal staat geen concreet feit.",
				 s ? s->hint : "Beschrijf wat er is gebeurd of gezien: wie, wat, wanneer en waar.");
	} else if (rc == 0 && (int)strlen(f->feiten.s) < cat->fact_min_chars) {
		ok = 0;
		fmt(msg, sizeof(msg), "Het feit '%s' is te kort om concreet te zijn.", f->feiten.s);
		rc = add(c, WT_BLOKKEREND, "feit_niet_concreet", "gevaar", field, f->feiten.line, f->feiten.column, msg,
			 s ? s->hint : "Beschrijf wat er is gebeurd of gezien: wie, wat, wanneer en waar.");
	} else if (rc == 0 && only_worry(cat, f->feiten.s, &word)) {
		*vague = 1;
		fmt(msg, sizeof(msg), "Dit feit is een zorg of vermoeden ('%s'), geen waarneming.", word);
		fmt(hint, sizeof(hint), "Schrijf op wat iemand zelf heeft gezien, gehoord of vastgelegd, en wie. %s",
		    s ? s->hint : "");
		rc = add(c, WT_AANDACHTSPUNT, "feit_alleen_zorg", "gevaar", field, f->feiten.line, f->feiten.column,
			 msg, hint);
	}
	fmt(field, sizeof(field), "%s.bron", base);
	if (rc == 0 && !nonempty(&f->bron)) {
		ok = 0;
		if (!has_problem(form, field))
			rc = add(c, WT_BLOKKEREND, "bron_ontbreekt", "gevaar", field, f->line, f->column,
				 "Bij dit feit staat geen bron.",
				 "Noem waar het feit vandaan komt: wie het zag of vertelde (functie, organisatie), of welk "
				 "verslag, welke registratie of welk bericht.");
	}
	fmt(field, sizeof(field), "%s.datum", base);
	if (rc == 0 && !f->datum.set) {
		ok = 0;
		if (!has_problem(form, field))
			rc = add(c, WT_BLOKKEREND, f->datum.line ? "datum_ongeldig" : "datum_ontbreekt", "gevaar", field,
				 f->datum.line ? f->datum.line : f->line, f->datum.line ? f->datum.column : f->column,
				 "Bij dit feit staat geen (geldige) datum.",
				 "Vul in wanneer het gebeurde of het laatst is gezien, als JJJJ-MM-DD. Zonder datum is niet "
				 "te zien of het gevaar onmiddellijk is.");
	} else if (rc == 0 && wt_date_cmp(f->datum.d, c->today) > 0) {
		char d[11];
		ok = 0;
		wt_date_format(f->datum.d, d);
		fmt(msg, sizeof(msg), "De datum %s ligt na de datum van het verzoek (%s).", d, c->today_text);
		rc = add(c, WT_BLOKKEREND, "datum_in_toekomst", "gevaar", field, f->datum.line, f->datum.column, msg,
			 "Controleer de datum (JJJJ-MM-DD): een feit kan niet in de toekomst liggen. Gaat het om iets "
			 "dat is aangekondigd, noteer dan de datum waarop het werd gezegd.");
	}
	*usable = ok;
	if (rc == 0 && s != NULL)
		rc = cite(c, cat, f, s, it, i, ok);
	return rc;
}

static int check_danger(wt_checklist *c, const wt_catalogue *cat, const wt_verzoek *v, const wt_findings *form)
{
	size_t i, n_usable = 0, n_concrete = 0, n_resolved = 0, n_sec3 = 0;
	int rc = 0, have_newest = 0, children = 0;
	wt_date newest = {0, 0, 0};
	char msg[MSG_MAX], d[11];

	if (v == NULL || v->gevaar.n_signalen == 0) {
		c->status[2] = WT_ONTBREEKT;
		rc = add(c, WT_BLOKKEREND, "geen_feiten", "gevaar", "gevaar.signalen", v ? v->gevaar.line : 0,
			 v ? v->gevaar.column : 0, "Er staat geen enkel feit of omstandigheid onder gevaar.signalen.",
			 "Noem per feit de code uit de gesloten lijst ('weegteam signals'), wat er concreet gebeurde, "
			 "de bron en de datum. Een zorg zonder feiten is voor de beslisser niet te toetsen.");
		return rc < 0 ? rc : reason(c, 2, "Er zijn geen feiten of omstandigheden genoemd.");
	}
	for (i = 0; rc == 0 && i < v->gevaar.n_signalen; i++) {
		int usable = 0, vague = 0;
		rc = check_fact(c, cat, v, form, i, &usable, &vague);
		if (usable) {
			const wt_signal_fact *f = &v->gevaar.signalen[i];
			n_usable++;
			n_concrete += !vague;
			if (!have_newest || wt_date_cmp(f->datum.d, newest) > 0)
				newest = f->datum.d;
			have_newest = 1;
		}
	}
	for (i = 0; i < c->n_cited; i++) {
		n_resolved++;
		n_sec3 += strcmp(c->cited[i].section_code, "3") == 0;
		children |= strcmp(c->cited[i].signal_code, "2i") == 0 ||
			    mentions_children(cat, v, c->cited[i].fact);
	}
	if (rc < 0)
		return rc;
	rc = reason(c, 2, "%zu van de %zu genoemde feiten zijn bruikbaar (code uit de gesloten lijst, concreet, met "
			  "bron en datum).", n_usable, v->gevaar.n_signalen);
	if (rc == 0 && have_newest) {
		long long age = (long long)(wt_date_to_days(c->today) - wt_date_to_days(newest));
		wt_date_format(newest, d);
		rc = reason(c, 2, "Het nieuwste feit is van %s (%lld dagen voor de peildatum).", d, age);
		if (rc == 0 && age > cat->recent_days) {
			c->status[2] = WT_ONVOLDOENDE;
			fmt(msg, sizeof(msg), "Het nieuwste feit is van %s, %lld dagen voor de datum van het verzoek; "
					      "dat is meer dan %d dagen geleden.", d, age, cat->recent_days);
			rc = add(c, WT_AANDACHTSPUNT, "feiten_niet_recent", "gevaar", "gevaar.signalen", v->gevaar.line,
				 v->gevaar.column, msg,
				 "Het gevaar moet onmiddellijk zijn. Beschrijf wat er de laatste dagen of weken is gebeurd "
				 "of gezien (huisbezoek, gesprek, bericht, melding), met datum en bron.");
			if (rc == 0)
				rc = reason(c, 2, "Geen feit van de laatste %d dagen: 'onmiddellijk' is niet aangetoond.",
					    cat->recent_days);
		}
	}
	if (rc == 0 && n_usable > 0 && n_concrete == 0) {
		c->status[2] = WT_ONVOLDOENDE;
		rc = reason(c, 2, "Alle bruikbare feiten zijn zorgen of vermoedens, geen waarnemingen.");
	}
	if (rc == 0 && n_resolved > 0 && n_sec3 == n_resolved) {
		c->status[2] = WT_ONVOLDOENDE;
		rc = add(c, WT_AANDACHTSPUNT, "alleen_leefomstandigheden", "gevaar", "gevaar.signalen", v->gevaar.line,
			 v->gevaar.column,
			 "Alle feiten vallen onder leefomstandigheden (sectie 3); er staat niets over de persoon of een "
			 "incident.",
			 "Leefomstandigheden alleen laten geen gevaar zien. Beschrijf wat hij of zij heeft gedaan of "
			 "gezegd (sectie 2: bedreiging, geweld, wapens, kinderen) of wat er over de persoon bekend is "
			 "(sectie 1: politieregistraties, gedrag, alcohol of drugs).");
		if (rc == 0)
			rc = reason(c, 2, "Alleen leefomstandigheden (sectie 3) genoemd.");
	}
	if (rc == 0 && n_usable == 0 && c->status[2] != WT_ONTBREEKT) {
		c->status[2] = WT_ONVOLDOENDE;
		rc = reason(c, 2, "Geen enkel feit is bruikbaar.");
	}
	if (rc == 0 && !nonempty(&v->gevaar.samenvatting)) {
		if (!has_problem(form, "gevaar.samenvatting"))
			rc = add(c, WT_BLOKKEREND, "samenvatting_ontbreekt", "gevaar", "gevaar.samenvatting", v->gevaar.line,
				 v->gevaar.column, "De samenvatting van het gevaar ontbreekt.",
				 "Leg in een paar zinnen uit waarom het gevaar nu ernstig en onmiddellijk is, en verwijs daarbij "
				 "naar de feiten hieronder met hun datum.");
	} else if (rc == 0 && n_resolved > 0) {
		int refers = summary_refers(c, cat, v->gevaar.samenvatting.s);
		if (refers < 0)
			rc = refers;
		else if (!refers)
			rc = add(c, WT_AANDACHTSPUNT, "samenvatting_zonder_feit", "gevaar", "gevaar.samenvatting",
				 v->gevaar.samenvatting.line, v->gevaar.samenvatting.column,
				 "De samenvatting noemt geen datum en verwijst naar geen van de genoemde feiten.",
				 "Verwijs in de samenvatting naar de belangrijkste feiten met hun datum (bijvoorbeeld: 'op 25 "
				 "november kneep hij haar keel dicht, gezien door ...'), zodat de beslisser ziet waarop het "
				 "gevaar rust.");
	}
	if (rc == 0 && (v->n_kinderen > 0 || wt_verzoek_has_aard(v, "kindermishandeling")) && !children)
		rc = add(c, WT_AANDACHTSPUNT, "kinderen_niet_benoemd", "gevaar", "gevaar.signalen", v->gevaar.line,
			 v->gevaar.column, "Er zijn kinderen bij betrokken, maar geen feit zegt iets over hen.",
			 "Beschrijf wat de kinderen hebben gezien of meegemaakt en hoe het met hen gaat (signaal 2i: "
			 "getuige van geweld, angstig of huilend, geweld tegen of letsel bij kinderen, een "
			 "kinderbeschermingsmaatregel), met bron en datum.");
	if (rc == 0 && c->status[2] != WT_ONVOLDOENDE && c->status[2] != WT_ONTBREEKT)
		c->status[2] = blocking_for(c, "gevaar") ? WT_ONVOLDOENDE : WT_ONDERBOUWD;
	return rc;
}

/* ---- context and general points ----------------------------------------------------------- */

static int add_context(wt_checklist *c, const char *field, const char *label, const wt_str *s)
{
	wt_context *x;

	if (!nonempty(s))
		return 0;
	x = &c->context[c->n_context];
	x->field = wt_strdup(field);
	x->label = wt_strdup(label);
	x->text = wt_strdup(s->s);
	x->line = s->line;
	c->n_context++;
	return x->field && x->label && x->text ? 0 : -WT_EENV;
}

static int check_general(wt_checklist *c, const wt_catalogue *cat, const wt_verzoek *v)
{
	const char *word = NULL;
	char msg[MSG_MAX];
	int rc = 0;

	if (v == NULL)
		return 0;
	if (wt_verzoek_has_aard(v, "kindermishandeling"))
		rc = add(c, WT_AANDACHTSPUNT, "veilig_thuis_raadplegen", "", "aard_geweld", v->aard_geweld[0].line,
			 v->aard_geweld[0].column,
			 "Het gaat (ook) om kindermishandeling: de beslisser moet dan eerst Veilig Thuis raadplegen "
			 "(Wth art. 2 lid 3).",
			 "Vermeld of Veilig Thuis al is betrokken, wie daar het contact is en wat Veilig Thuis adviseert, "
			 "zodat de raadpleging snel kan.");
	if (rc == 0 && wt_text_has_any(v->bijzonderheden.s, &cat->dementia, &word)) {
		fmt(msg, sizeof(msg), "Bij bijzonderheden staat '%s'. Bij dementie of ernstige psychiatrische "
				      "problemen is het effect van een huisverbod twijfelachtig.", word);
		rc = add(c, WT_AANDACHTSPUNT, "dementie_psychiatrie", "", "bijzonderheden", v->bijzonderheden.line,
			 v->bijzonderheden.column, msg,
			 "Beschrijf welke andere mogelijkheden zijn overwogen (zorg, GGZ-crisisdienst, opname, "
			 "een zorgmachtiging) en waarom die niet volstaan of niet op tijd komen.");
	}
	if (rc == 0 && !nonempty(&v->overwogen_alternatieven))
		rc = add(c, WT_AANDACHTSPUNT, "alternatieven_niet_beschreven", "", "overwogen_alternatieven", 0, 0,
			 "Er staat niet bij welke lichtere maatregelen zijn overwogen.",
			 "Vul overwogen_alternatieven in (vrijwillige hulp, vrouwenopvang, afspraken, een strafrechtelijke "
			 "aanpak) en waarom die niet genoeg zijn; de beslisser moet dat afwegen.");
	if (rc == 0)
		rc = add_context(c, "bijzonderheden", "Bijzonderheden", &v->bijzonderheden);
	if (rc == 0)
		rc = add_context(c, "eerdere_hulpverlening", "Eerdere hulpverlening", &v->eerdere_hulpverlening);
	if (rc == 0)
		rc = add_context(c, "overwogen_alternatieven", "Overwogen alternatieven", &v->overwogen_alternatieven);
	return rc;
}

/* ---- run ---------------------------------------------------------------------------------- */

/* Orders findings: blocking first, then by line and column. */
static int finding_cmp(const wt_finding *a, const wt_finding *b)
{
	if (a->severity != b->severity)
		return a->severity == WT_BLOKKEREND ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return 0;
}

/* Insertion sort: stable (equal findings keep their order of discovery), and lists are short. */
static void sort_findings(wt_checklist *c)
{
	size_t i, j;

	for (i = 1; i < c->findings.count; i++) {
		wt_finding x = c->findings.items[i];
		for (j = i; j > 0 && finding_cmp(&x, &c->findings.items[j - 1]) < 0; j--)
			c->findings.items[j] = c->findings.items[j - 1];
		c->findings.items[j] = x;
	}
}

int wt_checklist_run(wt_checklist **out, const wt_catalogue *cat, const wt_verzoek *v,
		     const wt_findings *form_problems, wt_date today, wt_error *err)
{
	wt_checklist *c;
	size_t i, n_form = form_problems ? form_problems->count : 0;
	int rc = 0;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen voor de checklist.");
	wt_findings_init(&c->findings);
	for (i = 0; i < WT_CAT_N_CRITERIA; i++)
		wt_buf_init(&c->reasons[i], 0);
	c->today = today;
	wt_date_format(today, c->today_text);
	for (i = 0; rc == 0 && i < n_form; i++) {
		const wt_finding *f = &form_problems->items[i];
		rc = add(c, f->severity, f->code, f->criterion[0] ? f->criterion : criterion_of_field(f->field),
			 f->field, f->line, f->column, f->message, f->hint);
	}
	if (rc == 0)
		rc = check_adult(c, v, form_problems);
	if (rc == 0)
		rc = check_stay(c, v, form_problems);
	if (rc == 0)
		rc = check_danger(c, cat, v, form_problems);
	if (rc == 0)
		rc = check_general(c, cat, v);
	for (i = 0; rc == 0 && i < 2; i++)
		if (c->status[i] == WT_ONDERBOUWD && blocking_for(c, criterion_keys[i]))
			c->status[i] = WT_ONVOLDOENDE;
	if (rc < 0) {
		wt_checklist_free(c);
		return wt_error_set(err, WT_EENV, "geheugen", "Onvoldoende geheugen voor de checklist.");
	}
	sort_findings(c);
	*out = c;
	return 0;
}
