#!/usr/bin/env bash
# "Meer informatie nodig" answered with a revised verzoek: the checklist runs again and the
# gevaar-onderbouwd guard judges the current dossier, not the one first submitted.
. "$(dirname "$0")/lib.sh"
new_data
A="$FIX/assessment/geldig.yaml"
VZ=rotterdam-verzoeker-veilig-thuis
KR=rotterdam-ketenregisseur; PO=rotterdam-politie; CT=rotterdam-crisisteam; GD=rotterdam-gedragsdeskundige
U_SEE=$KR
assess_all() { local u; for u in $KR $PO $CT $GD; do act_ok $u "$1" beoordelen --file "$A"; done; }

# Worries and no observed facts: submittable, but criterion (iii) is not substantiated.
submit_as $VZ "$FIX/checklist/alleen_zorgen.yaml"; id=$ID
assess_all "$id"
act_refused $KR "$id" conclusie-huisverbodwaardig --note "Huisverbodwaardig."
expect_err "onderbouwd" "de voorwaarde gevaar-onderbouwd noemt de reden"
act_ok $KR "$id" meer-informatie-vragen --note "Welke feiten zijn waargenomen, door wie en wanneer?"
# Not from someone else, not a file for another city or organisation, not a blocking one.
act_refused $PO "$id" verzoek-aanvullen --file "$REQ/rotterdam-partnergeweld.yaml"
wt --as $VZ act "$id" verzoek-aanvullen --file "$REQ/den-haag-ex-partner.yaml"
expect_rc 2 "een verzoek voor een andere gemeente"
expect_err "andere_gemeente|hoort bij Rotterdam" "zegt waarom"
sed 's/^  organisatie: veilig-thuis/  organisatie: jeugdbescherming/' "$REQ/rotterdam-partnergeweld.yaml" >"$TMP/andere-org.yaml"
wt --as $VZ act "$id" verzoek-aanvullen --file "$TMP/andere-org.yaml"
expect_rc 2 "een verzoek van een andere organisatie"
wt --as $VZ act "$id" verzoek-aanvullen --file "$FIX/checklist/datum_toekomst.yaml"
expect_rc 1 "een aangevuld verzoek met blokkerende punten"
expect_err "blokkerende" "noemt de blokkerende punten"
printf 'soort: verzoek-tijdelijk-huisverbod\nversie: 1\ngemeente: [\n' >"$TMP/kapot.yaml"
wt --as $VZ act "$id" verzoek-aanvullen --file "$TMP/kapot.yaml"
expect_rc 2 "een kapot bestand"
expect_err "kapot.yaml:" "met plaats"
[ "$(state_of "$id")" = meer-informatie ] || fail "geweigerd maar toch verder"
checks=$((checks + 1))
# The concrete, recent verzoek: recorded, checklist replaced, guard satisfied after a new round.
act_ok $VZ "$id" verzoek-aanvullen --file "$REQ/rotterdam-partnergeweld.yaml"
[ "$(state_of "$id")" = weegteam ] || fail "terug bij het weegteam"
git --git-dir "$DATA/audit.git" show "refs/dossiers/$id:verzoek.yaml" | cmp -s - "$REQ/rotterdam-partnergeweld.yaml" ||
	fail "verzoek.yaml is het aangevulde verzoek"
git --git-dir "$DATA/audit.git" show "$(git --git-dir "$DATA/audit.git" rev-list --max-parents=0 "refs/dossiers/$id"):verzoek.yaml" | cmp -s - "$FIX/checklist/alleen_zorgen.yaml" ||
	fail "de geschiedenis bewaart het eerste verzoek"
git --git-dir "$DATA/audit.git" show "refs/dossiers/$id:checklist.json" | grep -q '"gevaar": "onderbouwd"' ||
	fail "checklist.json hoort bij het aangevulde verzoek"
git --git-dir "$DATA/audit.git" show "refs/dossiers/$id:status.yaml" | grep -q '^gevaar_onderbouwd: true' ||
	fail "status.yaml: gevaar onderbouwd"
checks=$((checks + 4))
assess_all "$id"
act_ok $KR "$id" conclusie-huisverbodwaardig --note "Na aanvulling huisverbodwaardig."
wt verify
expect_rc 0 "verify na een aangevuld verzoek"
wt reindex
wt verify
expect_rc 0 "verify na reindex"
done_ok
