#!/usr/bin/env bash
# act --ingang: a decision that took effect before it was recorded counts from when it took
# effect (a huisverbod imposed at 14:30 and recorded at 16:00 ends ten days after 14:30).
. "$(dirname "$0")/lib.sh"
new_data
F="$REQ/den-haag-ex-partner.yaml"
A="$FIX/assessment/geldig.yaml"
OC=den-haag-operationeel-coordinator; HO=den-haag-hulpofficier; CD=den-haag-crisisdienst
BG=den-haag-burgemeester
printf '# Advies\n\nFictief advies.\n' >"$TMP/advies.md"
export WEEGTEAM_NU=2026-11-27T09:00:00+01:00
submit_file "$F"; id=$ID
act_ok $OC "$id" doorzetten --note "Door."
act_ok $HO "$id" rihg-vastleggen --file "$A"
act_ok $CD "$id" rihg-vastleggen --file "$A"
export WEEGTEAM_NU=2026-11-27T12:00:00+01:00
act_ok $HO "$id" advies-vastleggen --file "$TMP/advies.md"
export WEEGTEAM_NU=2026-11-27T16:00:00+01:00
# Not for an action that is no decision, not in the future, not before the previous event.
wt --as $HO act "$id" raadplegen-veilig-thuis --note "Geraadpleegd." --ingang 2026-11-27T15:00:00+01:00
expect_rc 2 "ingang bij een actie die geen besluit is"
expect_err "--ingang" "de optie genoemd"
wt --as $BG act "$id" opleggen --note "Opgelegd." --ingang 2026-11-27T17:00:00+01:00
expect_rc 2 "ingang in de toekomst"
expect_err "toekomst" "zegt waarom"
wt --as $BG act "$id" opleggen --note "Opgelegd." --ingang 2026-11-27T11:00:00+01:00
expect_rc 2 "ingang voor de vorige gebeurtenis"
wt --as $BG act "$id" opleggen --note "Opgelegd." --ingang gisteren
expect_rc 2 "ongeldige tijd"
[ "$(git --git-dir "$DATA/audit.git" rev-list --count "refs/dossiers/$id")" = 5 ] || fail "geweigerd maar toch vastgelegd"
checks=$((checks + 1))
act_ok $BG "$id" opleggen --note "De burgemeester legde om 14.30 uur het huisverbod op." --ingang 2026-11-27T14:30:00+01:00
wt --as $BG --json show "$id"
[ "$(json 'j["deadline"]')" = "2026-12-07T14:30:00+01:00" ] || fail "einde = ingang + 240 uur: $(json 'j["deadline"]')"
checks=$((checks + 1))
wt --as $BG --json log "$id"
[ "$(json 'j["gebeurtenissen"][-1]["ingang"]')" = "2026-11-27T14:30:00+01:00" ] || fail "ingang in de log"
[ "$(json 'j["gebeurtenissen"][-1]["tijd"]')" = "2026-11-27T16:00:00+01:00" ] || fail "tijd van vastleggen in de log"
checks=$((checks + 2))
git --git-dir "$DATA/audit.git" log -1 --format=%B "refs/dossiers/$id" | grep -q '^Weegteam-Ingang: 2026-11-27T14:30:00+01:00$' ||
	fail "trailer Weegteam-Ingang"
checks=$((checks + 1))
# The extension counts to at most 28 days after the start, not after the recording.
export WEEGTEAM_NU=2026-12-05T10:00:00+01:00
act_ok $BG "$id" verlengen --note "Verlengd."
wt --as $BG --json show "$id"
[ "$(json 'j["deadline"]')" = "2026-12-25T14:30:00+01:00" ] || fail "verlenging tot 28 dagen na de ingang: $(json 'j["deadline"]')"
checks=$((checks + 1))
wt verify
expect_rc 0 "verify met een ingang"
wt reindex
wt verify
expect_rc 0 "verify na reindex"
done_ok
