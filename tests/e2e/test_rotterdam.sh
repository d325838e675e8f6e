#!/usr/bin/env bash
# Rotterdam: every path from submission to every terminal state, refusals for every other role.
. "$(dirname "$0")/lib.sh"
new_data
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
VZ=rotterdam-verzoeker-veilig-thuis
KR=rotterdam-ketenregisseur
PO=rotterdam-politie
CT=rotterdam-crisisteam
GD=rotterdam-gedragsdeskundige
JU=rotterdam-jurist
HO=rotterdam-hulpofficier
BG=rotterdam-burgemeester
U_SEE=$KR
ALL="$VZ $KR $PO $CT $GD $JU $HO $BG"
printf '# Advies\n\nFictief advies van de jurist namens het weegteam.\n' >"$TMP/advies.md"

# refused_for_others ID ACTION ALLOWED... -- ARGS: every user not in ALLOWED is refused.
refused_for_others() {
	local id=$1 a=$2 allowed=" " u
	shift 2
	while [ "$1" != -- ]; do allowed="$allowed$1 "; shift; done
	shift
	for u in $ALL; do
		case "$allowed" in *" $u "*) continue ;; esac
		act_refused "$u" "$id" "$a" "$@"
	done
}

assess_all() {
	local id=$1 u
	for u in $KR $PO $CT $GD; do
		act_ok "$u" "$id" beoordelen --file "$A"
	done
}

# Path A: huisverbodwaardig -> advies -> screening -> opgelegd -> verlengd -> afgelopen.
submit_file "$F"; id=$ID
[ "$(state_of "$id")" = weegteam ] || fail "begintoestand"
refused_for_others "$id" beoordelen $KR $PO $CT $GD -- --file "$A"
act_refused $KR "$id" conclusie-huisverbodwaardig --note "te vroeg"   # quorum not complete
expect_err "quorum" "quorum-melding"
act_ok $PO "$id" beoordelen --file "$A"
act_refused $PO "$id" beoordelen --file "$A"                          # once per round
act_refused $VZ "$id" beoordelen --file "$A"                          # the requester may not assess
for u in $KR $CT $GD; do act_ok "$u" "$id" beoordelen --file "$A"; done
act_refused $KR "$id" conclusie-huisverbodwaardig                      # note required
refused_for_others "$id" conclusie-huisverbodwaardig $KR -- --note "Huisverbodwaardig."
act_ok $KR "$id" conclusie-huisverbodwaardig --note "Weegteam: huisverbodwaardig, zie beoordelingen."
refused_for_others "$id" advies-vastleggen $JU -- --file "$TMP/advies.md"
act_ok $JU "$id" advies-vastleggen --file "$TMP/advies.md"
refused_for_others "$id" screening-starten $HO -- --note "Screening gaat door."
act_ok $HO "$id" screening-starten --note "Screening gaat door."
refused_for_others "$id" rihg-vastleggen $CT $PO -- --file "$A"
act_ok $CT "$id" rihg-vastleggen --file "$A"
refused_for_others "$id" opleggen $HO -- --note "Opgelegd."
act_ok $HO "$id" opleggen --note "Huisverbod opgelegd om 14:00."
wt --as $KR --json show "$id"
[ "$(json 'j["status"]')" = huisverbod-opgelegd ] || fail "opgelegd"
[ "$(json 'j["deadline"]')" = "2026-12-08T10:00:00+01:00" ] || fail "einde huisverbod is niet precies 240 uur na opleggen: $(json 'j["deadline"]')"
wt --as $KR log "$id"
expect_out "namens de burgemeester" "het besluit noemt in wiens naam"
refused_for_others "$id" verlengen $BG -- --note "Verlengd."
WEEGTEAM_NU=2026-12-07T09:00:00+01:00 act_ok $BG "$id" verlengen --note "Dreiging duurt voort."
wt --as $KR --json show "$id"
[ "$(json 'j["deadline"]')" = "2026-12-26T10:00:00+01:00" ] || fail "verlenging loopt tot 28 dagen na het opleggen: $(json 'j["deadline"]')"
act_ok $HO "$id" aflopen --note "Afgelopen."
[ "$(state_of "$id")" = afgelopen ] || fail "afgelopen"
act_refused $KR "$id" beoordelen --file "$A"                          # closed case
wt --as $KR --json log "$id"
[ "$(json 'len(j["gebeurtenissen"])')" = 12 ] || fail "aantal gebeurtenissen: $(json 'len(j["gebeurtenissen"])')"
[ "$(git --git-dir "$DATA/audit.git" rev-list --count "refs/dossiers/$id")" = 12 ] || fail "een commit per gebeurtenis"
[ "$(git --git-dir "$DATA/audit.git" log -1 --format=%ae "refs/dossiers/$id")" = "$HO@example.nl" ] || fail "auteur is de handelende gebruiker"

# 240 hours across a weekend and two public holidays (Kerst): imposed 2026-12-20 10:00.
submit_file "$F"; id=$ID
assess_all "$id"
act_ok $KR "$id" conclusie-huisverbodwaardig --note "Huisverbodwaardig."
act_ok $JU "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $HO "$id" screening-starten --note "Door."
act_ok $PO "$id" rihg-vastleggen --file "$A"
WEEGTEAM_NU=2026-12-20T10:00:00+01:00 act_ok $HO "$id" opleggen --note "Opgelegd."
wt --as $KR --json show "$id"
[ "$(json 'j["deadline"]')" = "2026-12-30T10:00:00+01:00" ] || fail "240 uur over Kerst: $(json 'j["deadline"]')"

# Path B: niet huisverbodwaardig.
submit_file "$F"; id=$ID
assess_all "$id"
act_ok $KR "$id" conclusie-niet-huisverbodwaardig --note "Niet huisverbodwaardig."
[ "$(state_of "$id")" = afgewezen-door-weegteam ] || fail "afgewezen"

# Path C: meer informatie, back to the team with a new round, then screening refused.
submit_file "$F"; id=$ID
assess_all "$id"
refused_for_others "$id" meer-informatie-vragen $KR -- --note "Graag aanvullen."
act_ok $KR "$id" meer-informatie-vragen --note "Hoe vaak verblijft hij er?"
refused_for_others "$id" informatie-aanvullen $VZ -- --note "Dagelijks."
act_ok $VZ "$id" informatie-aanvullen --note "Hij slaapt er elke nacht; zie verklaring buurvrouw."
act_refused $KR "$id" conclusie-huisverbodwaardig --note "nieuwe ronde zonder beoordelingen"
assess_all "$id"
act_ok $KR "$id" conclusie-huisverbodwaardig --note "Huisverbodwaardig na aanvulling."
act_ok $JU "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $HO "$id" screening-afwijzen --note "Lichtere maatregel volstaat."
[ "$(state_of "$id")" = geen-screening ] || fail "geen screening"

# Path D: niet opleggen.
submit_file "$F"; id=$ID
assess_all "$id"
act_ok $KR "$id" conclusie-huisverbodwaardig --note "Huisverbodwaardig."
act_ok $JU "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $HO "$id" screening-starten --note "Door."
act_ok $PO "$id" rihg-vastleggen --file "$A"
act_ok $HO "$id" niet-opleggen --note "Na huisbezoek geen ernstig en onmiddellijk gevaar."
[ "$(state_of "$id")" = niet-opgelegd ] || fail "niet opgelegd"

# Path E: withdrawal by the requester before a decision; nobody else may withdraw.
submit_file "$F"; id=$ID
refused_for_others "$id" intrekken $VZ -- --note "Ingetrokken."
act_ok $VZ "$id" intrekken --note "Vrijwillige opname in de opvang geregeld."
[ "$(state_of "$id")" = ingetrokken ] || fail "ingetrokken"

# Kindermishandeling: imposing needs a recorded consultation with Veilig Thuis first.
sed -e 's/^gemeente: .*/gemeente: Rotterdam/' "$REQ/amsterdam-kindermishandeling.yaml" >"$TMP/km.yaml"
submit_file "$TMP/km.yaml"; id=$ID
assess_all "$id"
act_ok $KR "$id" conclusie-huisverbodwaardig --note "Huisverbodwaardig."
act_ok $JU "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $HO "$id" screening-starten --note "Door."
act_ok $CT "$id" rihg-vastleggen --file "$A"
act_refused $HO "$id" opleggen --note "Opgelegd."
expect_err "Veilig Thuis" "melding noemt de raadpleging"
act_ok $HO "$id" raadplegen-veilig-thuis --note "Veilig Thuis (fictief) geraadpleegd om 13:10."
act_ok $HO "$id" opleggen --note "Opgelegd."

# Unknown action: exit 2, names the actions that exist.
wt --as $KR act "$id" vliegen
expect_rc 2 "onbekende actie"
expect_err "aflopen" "noemt bestaande acties"

# The requester sees only their own cases; another requester sees nothing.
wt --as rotterdam-verzoeker-wijkteam show "$id"
expect_rc 2 "andere verzoeker mag het dossier niet zien"
wt --as rotterdam-verzoeker-wijkteam --json queue
[ "$(json 'len(j["zaken"])')" = 0 ] || fail "andere verzoeker ziet dossiers in de queue"

wt verify
expect_rc 0 "verify na alle paden"
done_ok
