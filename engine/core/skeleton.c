/* skeleton.c: `weegteam new`: an empty verzoek with Dutch comments on every field. */
#include "checklist.h"

#include <string.h>

/* Appends a NULL-terminated list as "a | b | c". */
static int add_list(wt_buf *b, const char *const *values)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && values[i] != NULL; i++)
		rc = wt_buf_printf(b, "%s%s", i ? " | " : "", values[i]);
	return rc;
}

static const char head[] =
	"# Verzoek tot tijdelijk huisverbod (geplande screening)\n"
	"#\n"
	"# Vul elk veld in en controleer het bestand daarna met:  weegteam check BESTAND\n"
	"# De checklist zegt welke wettelijke criteria nog niet zijn onderbouwd en wat zou helpen.\n"
	"# Schrijf feiten op (wie zag of hoorde wat, wanneer, waar is het vastgelegd), geen zorgen of\n"
	"# vermoedens zonder waarneming: de rechter toetst of het besluit op concrete feiten rust.\n"
	"# Datums als JJJJ-MM-DD. Tekst met een dubbele punt of # erin: zet hem tussen aanhalingstekens.\n"
	"\n"
	"soort: verzoek-tijdelijk-huisverbod   # vast; niet veranderen\n"
	"versie: 1                             # versie van dit formaat; niet veranderen\n"
	"\n"
	"# De gemeente waar de woning ligt. Die bepaalt de werkwijze (weegteam of direct) en wie beslist\n"
	"# (hulpofficier van justitie of burgemeester). Bijvoorbeeld: Amsterdam, Rotterdam, Den Haag, Utrecht.\n";

static const char requester[] =
	"\n"
	"# Wie dient het verzoek in. De beslisser of het weegteam belt u met vragen.\n"
	"verzoeker:\n"
	"  # Uw organisatie; kies een van: ";

static const char requester_rest[] =
	"\n"
	"  organisatie:\n"
	"  naam:                 # uw naam\n"
	"  functie:              # bijvoorbeeld gedragswetenschapper, jeugdbeschermer (mag leeg)\n"
	"  telefoon:             # verplicht: een nummer waarop u vandaag bereikbaar bent, tussen aanhalingstekens\n"
	"  email:                # mag leeg\n";

static const char middle[] =
	"\n"
	"spoed: false                 # true als er vandaag of morgen iets moet gebeuren; schrijf in de samenvatting waarom\n"
	"crisismelding_politie: false # true als de politie voor dit voorval al is gebeld (bij deze route meestal niet)\n"
	"\n"
	"# De woning waarvoor het huisverbod zou gelden.\n"
	"woning:\n"
	"  adres:                # straat en huisnummer\n"
	"  postcode:             # bijvoorbeeld 3011 AA\n"
	"  plaats:\n"
	"\n"
	"# De volwassene voor wie het huisverbod wordt overwogen.\n"
	"beoogd_uithuisgeplaatste:\n"
	"  naam:\n"
	"  # Wettelijk criterium (i): een huisverbod kan alleen een meerderjarige gelden (18 jaar of\n"
	"  # ouder op de dag van het besluit, Wth art. 2 lid 2). Verplicht.\n"
	"  geboortedatum:\n";

static const char stay[] =
	"  # Wettelijk criterium (ii): hij of zij woont in de woning of verblijft er anders dan\n"
	"  # incidenteel (Wth art. 2 lid 1). Inschrijving op het adres is niet nodig; het feitelijk\n"
	"  # verblijf telt. Bij ex-partners strandt een huisverbod hier vaak: maak het concreet.\n"
	"  verblijf:\n"
	"    ingeschreven_op_adres:   # ja | nee | onbekend\n"
	"    feitelijk_verblijf:      # dagelijks | meerdere-dagen-per-week | incidenteel | onbekend\n"
	"    # Waaruit blijkt het verblijf: sleutel, kleding en spullen in de woning, post op het adres,\n"
	"    # hoeveel nachten per week, wie dat heeft gezien (buren, school, wijkagent).\n"
	"    toelichting:\n"
	"\n"
	"# Wie in de woning achterblijven en door het huisverbod beschermd worden (minstens een).\n"
	"# Zij komen in het contactverbod van de beschikking (Wth art. 2 lid 4).\n"
	"achterblijvers:\n"
	"  - naam:\n"
	"    geboortedatum:       # JJJJ-MM-DD\n"
	"    relatie:             # tot de beoogd uithuisgeplaatste; dezelfde waarden als hierboven\n"
	"\n"
	"# Minderjarige kinderen in het huishouden, met initialen (geen volledige namen). Laat de lijst\n"
	"# leeg ([]) als er geen kinderen zijn. Zijn er kinderen, beschrijf dan onder gevaar.signalen\n"
	"# ook wat zij hebben gezien of meegemaakt (signaal 2i).\n"
	"kinderen: []\n"
	"#  - initialen: A.J.\n"
	"#    geboortedatum: 2018-05-01\n";

static const char danger[] =
	"\n"
	"# Wettelijk criterium (iii): uit feiten of omstandigheden blijkt ernstig en onmiddellijk gevaar,\n"
	"# of een ernstig vermoeden daarvan (Wth art. 2 lid 1).\n"
	"gevaar:\n"
	"  # In een paar zinnen: waarom is het gevaar nu ernstig en onmiddellijk? Verwijs naar de\n"
	"  # belangrijkste feiten hieronder met hun datum. Verplicht.\n"
	"  samenvatting:\n"
	"  # De feiten en omstandigheden. Alleen wat in de gesloten lijst van de bijlage bij het Besluit\n"
	"  # tijdelijk huisverbod staat, mag worden meegewogen (Besluit art. 2 lid 1)";

static const char danger_rest[] =
	".\n"
	"  # Zoek de code met:  weegteam signals WOORD   (bijvoorbeeld: weegteam signals wurging)\n"
	"  # Maak per feit een blok; kopieer het blok hieronder voor elk volgend feit.\n"
	"  signalen:\n"
	"    - code:        # een onderdeel (zoals 2c.4) of een signaal (zoals 2c) uit 'weegteam signals'\n"
	"      # Het concrete feit: wat gebeurde er, wie zag of hoorde het, waar. Bijvoorbeeld:\n"
	"      # \"Moeder vertelde op 25-11 aan de jeugdbeschermer dat hij haar keel dichtkneep; de\n"
	"      #  huisarts zag op 26-11 striemen in haar hals.\"\n"
	"      feiten:\n"
	"      # Waar het feit vandaan komt: wie (functie, organisatie), of welk verslag, welke\n"
	"      # registratie, welk bericht.\n"
	"      bron:\n"
	"      # Wanneer het gebeurde of het laatst is gezien (JJJJ-MM-DD). Voor 'onmiddellijk' telt\n"
	"      # vooral wat recent is.\n"
	"      datum:\n";

static const char tail[] =
	"\n"
	"# Hieronder staat context. Die helpt de beslisser het geheel te begrijpen, maar is geen\n"
	"# wettelijke grond: alleen de feiten onder gevaar.signalen wegen mee.\n"
	"\n"
	"# Welke hulp er al is geweest en wat die opleverde (mag leeg).\n"
	"eerdere_hulpverlening:\n"
	"# Welke lichtere maatregelen zijn overwogen (vrijwillige hulp, vrouwenopvang, afspraken, een\n"
	"# strafrechtelijke aanpak) en waarom die niet genoeg zijn. De beslisser moet dat afwegen.\n"
	"overwogen_alternatieven:\n"
	"# Bijvoorbeeld psychiatrische problemen, dementie, eergerelateerd risico, een tolk die nodig is.\n"
	"# Bij dementie of ernstige psychiatrische problemen: noem ook welke zorg is overwogen.\n"
	"bijzonderheden:\n";

int wt_skeleton_verzoek(wt_buf *out, const char *city, const wt_catalogue *cat)
{
	int rc;

	rc = wt_buf_addstr(out, head);
	rc = rc ? rc : wt_buf_addstr(out, "gemeente: ");
	if (rc == 0 && city != NULL && city[0] != '\0')
		rc = wt_buf_add_yaml_str(out, city);
	rc = rc ? rc : wt_buf_addch(out, '\n');
	rc = rc ? rc : wt_buf_addstr(out, requester);
	rc = rc ? rc : add_list(out, wt_verzoek_organisaties);
	rc = rc ? rc : wt_buf_addstr(out, requester_rest);
	rc = rc ? rc : wt_buf_addstr(out, "\n# Wat voor geweld; een of meer van: ");
	rc = rc ? rc : add_list(out, wt_verzoek_aarden);
	rc = rc ? rc : wt_buf_addstr(out, "\n# Bij kindermishandeling raadpleegt de beslisser eerst Veilig Thuis (Wth art. 2 lid 3).\n"
					  "# Schrijf als lijst, bijvoorbeeld [partnergeweld, kindermishandeling].\naard_geweld: []\n");
	rc = rc ? rc : wt_buf_addstr(out, middle);
	rc = rc ? rc : wt_buf_addstr(out, "  # Relatie tot de achterblijvers; kies een van: ");
	rc = rc ? rc : add_list(out, wt_verzoek_relaties);
	rc = rc ? rc : wt_buf_addstr(out, "\n  relatie:\n");
	rc = rc ? rc : wt_buf_addstr(out, stay);
	rc = rc ? rc : wt_buf_addstr(out, danger);
	if (rc == 0 && cat != NULL)
		rc = wt_buf_printf(out, ": %zu signalen met %zu onderdelen", cat->n_signals, cat->n_items);
	rc = rc ? rc : wt_buf_addstr(out, danger_rest);
	rc = rc ? rc : wt_buf_addstr(out, tail);
	return rc < 0 ? -WT_EENV : 0;
}
