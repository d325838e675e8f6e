#!/usr/bin/env bash
# Amsterdam, Den Haag and Utrecht: every path to every terminal state; refusals for other roles.
. "$(dirname "$0")/lib.sh"
new_data
A="$FIX/assessment/geldig.yaml"
printf '# Advies\n\nFictief advies.\n' >"$TMP/advies.md"

# refused_for_all_but CITY ID ACTION ALLOWED... -- ARGS: every other user of the city is refused.
refused_for_all_but() {
	local city=$1 id=$2 a=$3 allowed=" " u
	shift 3
	while [ "$1" != -- ]; do allowed="$allowed$1 "; shift; done
	shift
	for u in $(sed -n "s/^  - id: \($city-[a-z-]*\)$/\1/p" "$DATA/users.yaml"); do
		case "$allowed" in *" $u "*) continue ;; esac
		act_refused "$u" "$id" "$a" "$@"
	done
}

# ---- Amsterdam (weegteam, intake by the Blijf Groep zorgcoördinator, HOvJ with mandate).
F="$REQ/amsterdam-kindermishandeling.yaml"
U_SEE=amsterdam-zorgcoordinator
VZ=$(requester_for "$F")
ZC=amsterdam-zorgcoordinator; PO=amsterdam-politie; VT=amsterdam-veilig-thuis
JZ=amsterdam-juridische-zaken; JB=amsterdam-jbra-gezinsmanager; HO=amsterdam-hulpofficier
SV=amsterdam-services; BG=amsterdam-burgemeester
ams_to_decision() {
	submit_file "$F"; id=$ID
	refused_for_all_but amsterdam "$id" inbrengen $ZC -- --note "In het weegteam."
	act_ok $ZC "$id" inbrengen --note "Ingebracht in het weegteam."
	for u in $PO $ZC $VT $JZ $JB; do act_ok "$u" "$id" beoordelen --file "$A"; done
}
ams_to_decision
refused_for_all_but amsterdam "$id" conclusie-huisverbodwaardig $ZC -- --note "Waardig."
act_ok $ZC "$id" conclusie-huisverbodwaardig --note "Gevaar voldoende onderbouwd."
refused_for_all_but amsterdam "$id" advies-vastleggen $JZ -- --file "$TMP/advies.md"
act_ok $JZ "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $HO "$id" rihg-vastleggen --file "$A"
act_refused $HO "$id" opleggen --note "Opgelegd."            # kindermishandeling: VT first
act_ok $HO "$id" raadplegen-veilig-thuis --note "Veilig Thuis geraadpleegd."
refused_for_all_but amsterdam "$id" opleggen $HO -- --note "Opgelegd."
act_ok $HO "$id" opleggen --note "Opgelegd namens de burgemeester."
refused_for_all_but amsterdam "$id" toetsing-services $SV -- --note "Getoetst."
act_ok $SV "$id" toetsing-services --note "Besluit getoetst; geen correctie nodig."
refused_for_all_but amsterdam "$id" verlengen $BG -- --note "Verlengd."
act_ok $BG "$id" verlengen --note "Verlengd."
act_ok $BG "$id" aflopen --note "Afgelopen."
[ "$(state_of "$id")" = afgelopen ] || fail "amsterdam afgelopen"
ams_to_decision
act_ok $ZC "$id" conclusie-niet-huisverbodwaardig --note "Niet huisverbodwaardig."
refused_for_all_but amsterdam "$id" vervolg-vastleggen $VT -- --note "Doorverwezen."
act_ok $VT "$id" vervolg-vastleggen --note "Doorverwezen naar Blijf Groep Ambulant."
[ "$(state_of "$id")" = afgesloten-zonder-huisverbod ] || fail "amsterdam zonder huisverbod"
ams_to_decision
act_ok $ZC "$id" conclusie-huisverbodwaardig --note "Waardig."
act_ok $JZ "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $HO "$id" niet-opleggen --note "Geen huisverbod."
act_ok $VT "$id" vervolg-vastleggen --note "Eigen onderzoek Veilig Thuis."
submit_file "$F"; id=$ID
act_ok $VZ "$id" intrekken --note "Ingetrokken."
[ "$(state_of "$id")" = ingetrokken ] || fail "amsterdam ingetrokken"
# A wijkteam may not file in Amsterdam: refused with who may.
sed 's/^  organisatie: jeugdbescherming/  organisatie: wijkteam/' "$F" >"$TMP/wijkteam.yaml"
grep -q "organisatie: wijkteam" "$TMP/wijkteam.yaml" || fail "fixture"
cat >>"$DATA/users.yaml" <<'YAML'
  - id: amsterdam-wijkteam-medewerker
    naam: Fictieve wijkteammedewerker
    email: wijkteam@example.nl
    organisatie: wijkteam
    rollen:
      amsterdam: [verzoeker]
YAML
wt --as amsterdam-wijkteam-medewerker submit "$TMP/wijkteam.yaml"
expect_rc 1 "wijkteam mag in Amsterdam niet indienen"
expect_err "Veilig Thuis" "melding zegt wie wel mag"

# ---- Den Haag (direct; the burgemeester decides without mandate).
F="$REQ/den-haag-ex-partner.yaml"
U_SEE=den-haag-burgemeester
VZ=$(requester_for "$F")
OC=den-haag-operationeel-coordinator; HO=den-haag-hulpofficier; CD=den-haag-crisisdienst
CIT=den-haag-cit-jbwest; BG=den-haag-burgemeester
dh_to_decision() {
	submit_file "$F"; id=$ID
	refused_for_all_but den-haag "$id" doorzetten $OC -- --note "Door."
	act_ok $OC "$id" doorzetten --note "Doorgezet naar de HOvJ huisverbod."
	act_ok $HO "$id" rihg-vastleggen --file "$A"
	act_ok $CD "$id" rihg-vastleggen --file "$A"
	refused_for_all_but den-haag "$id" advies-vastleggen $HO -- --file "$TMP/advies.md"
	act_ok $HO "$id" advies-vastleggen --file "$TMP/advies.md"
}
dh_to_decision
refused_for_all_but den-haag "$id" opleggen $BG -- --note "Opgelegd."
act_ok $BG "$id" opleggen --note "De burgemeester legt het huisverbod op."
wt --as $BG log "$id"
expect_not "namens" "$OUT" "de burgemeester beslist zelf"
act_ok $BG "$id" aflopen --note "Afgelopen."
dh_to_decision
act_ok $BG "$id" niet-opleggen --note "Geen huisverbod."
act_ok $CD "$id" doorverwijzen --note "Doorverwezen naar AMW."
[ "$(state_of "$id")" = afgesloten-zonder-huisverbod ] || fail "den haag doorverwezen"
dh_to_decision
act_ok $BG "$id" niet-opleggen-kinderen --note "Geen huisverbod; kinderen betrokken."
wt --as $BG --json show "$id"
# Saturday: the next working day is Monday, which ends at Tuesday 00:00.
[ "$(json 'j["deadline"]')" = "2026-12-01T00:00:00+01:00" ] || fail "CIT JBWest de volgende werkdag: $(json 'j["deadline"]')"
refused_for_all_but den-haag "$id" cit-jbwest-gestart $CIT -- --note "Gestart."
act_ok $CIT "$id" cit-jbwest-gestart --note "CIT JBWest gestart."
submit_file "$F"; id=$ID
act_ok $VZ "$id" intrekken --note "Ingetrokken."

# ---- Utrecht (via Veilig Thuis; the burgemeester decides electronically).
F="$REQ/utrecht-ouderenmishandeling.yaml"
U_SEE=utrecht-burgemeester
VZ=$(requester_for "$F")
AH=utrecht-adviseur-huisverbod; VC=utrecht-vt-crisis; GW=utrecht-vt-gedragswetenschapper
BG=utrecht-burgemeester
ut_to_decision() {
	submit_file "$F"; id=$ID
	refused_for_all_but utrecht "$id" ter-plaatse-gaan $AH -- --note "Ter plaatse."
	act_ok $AH "$id" ter-plaatse-gaan --note "Samen met Veilig Thuis ter plaatse."
	act_ok $AH "$id" rihg-vastleggen --file "$A"
	act_ok $GW "$id" gedragswetenschapper-raadplegen --file "$A"
	act_ok $AH "$id" advies-vastleggen --file "$TMP/advies.md"
}
ut_to_decision
refused_for_all_but utrecht "$id" opleggen $BG -- --note "Opgelegd."
act_ok $BG "$id" opleggen --note "Elektronisch opgelegd."
act_ok $BG "$id" verlengen --note "Verlengd."
act_ok $AH "$id" aflopen --note "Afgelopen."
ut_to_decision
act_ok $BG "$id" niet-opleggen --note "Geen huisverbod."
refused_for_all_but utrecht "$id" crisisinterventie-gestart $VC -- --note "Gestart."
act_ok $VC "$id" crisisinterventie-gestart --note "Crisisinterventie gestart."
submit_file "$F"; id=$ID
act_ok $VZ "$id" intrekken --note "Ingetrokken."
# Only Veilig Thuis files in Utrecht.
sed 's/^  organisatie: veilig-thuis/  organisatie: wijkteam/' "$F" >"$TMP/ut-wijkteam.yaml"
cat >>"$DATA/users.yaml" <<'YAML'
  - id: utrecht-wijkteam-medewerker
    naam: Fictieve wijkteammedewerker
    email: wijkteam-utrecht@example.nl
    organisatie: wijkteam
    rollen:
      utrecht: [verzoeker]
YAML
wt --as utrecht-wijkteam-medewerker submit "$TMP/ut-wijkteam.yaml"
expect_rc 1 "een andere organisatie dient in Utrecht in als melder, via Veilig Thuis"
expect_err "rol melder" "melding noemt de rol"
expect_err "Veilig Thuis" "melding verwijst naar Veilig Thuis"
# A request from another organisation goes to Veilig Thuis first (indienen.anderen), which
# takes it over (then the normal route) or not (closed, with the reason).
ML=utrecht-melder-wijkteam
submit_as $ML "$TMP/ut-wijkteam.yaml"; id=$ID
[ "$(state_of "$id")" = bij-veilig-thuis ] || fail "verzoek van het wijkteam begint bij Veilig Thuis"
checks=$((checks + 1))
refused_for_all_but utrecht "$id" overnemen $VC $GW -- --note "Overgenomen."
refused_for_all_but utrecht "$id" niet-overnemen $VC $GW -- --note "Niet overgenomen."
act_refused $AH "$id" ter-plaatse-gaan --note "Te vroeg."
act_ok $GW "$id" overnemen --note "Veilig Thuis neemt het verzoek over en belt de adviseur huisverbod."
[ "$(state_of "$id")" = bij-adviseur-huisverbod ] || fail "na overnemen bij de adviseur huisverbod"
act_ok $AH "$id" ter-plaatse-gaan --note "Samen met Veilig Thuis ter plaatse."
wt --as $ML show "$id"
expect_rc 0 "de melder ziet het eigen verzoek"
wt --as utrecht-melder-ggd-vangnet show "$id"
expect_rc 2 "een andere melder ziet het niet"
submit_as $ML "$TMP/ut-wijkteam.yaml"; id=$ID
act_ok $VC "$id" niet-overnemen --note "Geen verzoek: Veilig Thuis start zelf een onderzoek."
[ "$(state_of "$id")" = niet-overgenomen ] || fail "niet overgenomen is een eindtoestand"
checks=$((checks + 1))
submit_as $ML "$TMP/ut-wijkteam.yaml"; id=$ID
act_refused utrecht-melder-ggd-vangnet "$id" intrekken --note "Niet van mij."
act_ok $ML "$id" intrekken --note "Ingetrokken door het wijkteam."
[ "$(state_of "$id")" = ingetrokken ] || fail "ingetrokken door de melder"
checks=$((checks + 1))
# A Veilig Thuis request still starts with the adviseur huisverbod.
submit_file "$F"
[ "$(state_of "$ID")" = bij-adviseur-huisverbod ] || fail "Veilig Thuis begint bij de adviseur"
checks=$((checks + 1))

wt verify; expect_rc 0 "verify na alle steden"
done_ok
