#!/usr/bin/env bash
# check, ingest, queue (order, filters, --overdue), the SPEC JSON members, pinned workflows,
# workflow lint/show/dot, new and signals.
. "$(dirname "$0")/lib.sh"
new_data
F="$REQ/rotterdam-partnergeweld.yaml"
KR=rotterdam-ketenregisseur

# check: every example checks clean; a minor is blocking (exit 1) with the criterion named.
for f in "$REQ"/*.yaml; do
	wt check --datum 2026-11-28 "$f"; expect_rc 0 "check $(basename "$f")"
done
wt --json check --datum 2026-11-28 "$F"
[ "$(json 'j["criteria"]["gevaar"]')" = onderbouwd ] || fail "check json criteria"
[ "$(json 'j["blokkerend"]')" = 0 ] || fail "check json blokkerend"
sed 's/^  geboortedatum: .*/  geboortedatum: 2010-01-01/' "$F" >"$TMP/minor.yaml"
wt check --datum 2026-11-28 "$TMP/minor.yaml"; expect_rc 1 "minderjarige blokkeert"
wt --json check --datum 2026-11-28 "$TMP/minor.yaml"
[ "$(json 'j["criteria"]["meerderjarig"]')" != onderbouwd ] || fail "meerderjarig hoort niet onderbouwd te zijn"
u=$(requester_for "$F")
wt --as "$u" submit "$TMP/minor.yaml"; expect_rc 1 "submit weigert een blokkerend verzoek"
expect_out "meerderjarig" "het rapport staat erbij"

# submit --json members.
wt --as "$u" --json submit "$F"; expect_rc 0 "submit json"
[ "$(json 'j["id"]')" = 2026-RTM-0001 ] || fail "submit json id"
[ "$(json 'j["gemeente"]')" = rotterdam ] || fail "submit json gemeente"
[ "$(json 'j["status"]')" = weegteam ] || fail "submit json status"

# ingest: one good file, one bad; the bad one does not stop the good one.
mkdir -p "$TMP/in"
cp "$F" "$TMP/in/a-goed.yaml"
sed 's/^soort: .*/soort: iets-anders/' "$F" >"$TMP/in/b-fout.yaml"
wt --as "$u" ingest "$TMP/in"; expect_rc 1 "ingest met een geweigerd bestand"
[ -f "$TMP/in/verwerkt/2026-RTM-0002-a-goed.yaml" ] || fail "verwerkt bestand ontbreekt: $(ls -R "$TMP/in")"
[ -f "$TMP/in/geweigerd/b-fout.yaml" ] && [ -f "$TMP/in/geweigerd/b-fout.yaml.fout" ] || fail "geweigerd bestand of .fout ontbreekt"
grep -q "soort" "$TMP/in/geweigerd/b-fout.yaml.fout" || fail ".fout noemt het veld niet"
# A symlink planted in a shared drop folder under the name of the next .fout is not followed.
echo "niet overschrijven" >"$TMP/doel.txt"
sed 's/^soort: .*/soort: iets-anders/' "$F" >"$TMP/in/c-fout.yaml"
ln -s "$TMP/doel.txt" "$TMP/in/geweigerd/c-fout.yaml.fout"
wt --as "$u" ingest "$TMP/in"; expect_rc 1 "ingest met een val"
[ "$(cat "$TMP/doel.txt")" = "niet overschrijven" ] || fail ".fout volgde een symlink"
checks=$((checks + 1))
# A file that could not be recorded for a reason of the moment (here the writer's lock file
# cannot be opened) is not refused: it stays for the next run, and ingest exits 5.
cp "$F" "$TMP/in/d-later.yaml"
mv "$DATA/audit.git/weegteam.lock" "$TMP/lock.bak"; mkdir "$DATA/audit.git/weegteam.lock"
wt --as "$u" ingest "$TMP/in"; expect_rc 5 "ingest terwijl vastleggen even niet kan"
[ -f "$TMP/in/bezig/d-later.yaml" ] && [ ! -e "$TMP/in/geweigerd/d-later.yaml" ] ||
	fail "het bestand werd geweigerd of verdween: $(ls -R "$TMP/in")"
expect_out "d-later.yaml -> niet verwerkt" "zegt dat het blijft staan"
rmdir "$DATA/audit.git/weegteam.lock"; mv "$TMP/lock.bak" "$DATA/audit.git/weegteam.lock"
# Two ingests on one folder: the second stops at once (exit 5); the file waits.
flock "$TMP/in/.weegteam-ingest.lock" sleep 3 &
sleep 0.5
wt --as "$u" ingest "$TMP/in"; expect_rc 5 "tweede ingest op dezelfde map"
expect_err "Er loopt al een ingest" "zegt waarom"
[ -f "$TMP/in/bezig/d-later.yaml" ] || fail "de tweede ingest raakte het bestand aan"
wait
rm -f "$TMP/in/bezig/d-later.yaml" "$TMP/in/bezig/.d-later.yaml.kop"
# A refused file dropped again under the same name keeps the first refusal (and its .fout).
sed 's/^soort: .*/soort: iets-anders/' "$F" >"$TMP/in/b-fout.yaml"
wt --as "$u" ingest "$TMP/in"; expect_rc 1 "dezelfde naam nog eens geweigerd"
[ -f "$TMP/in/geweigerd/b-fout.yaml" ] && [ -f "$TMP/in/geweigerd/b-fout.yaml.1" ] &&
	[ -f "$TMP/in/geweigerd/b-fout.yaml.1.fout" ] || fail "een geweigerd bestand werd overschreven: $(ls "$TMP/in/geweigerd")"
# What a shared drop folder may hold in bezig/: a link planted under a marker's name is not
# written through, and an entry that is no readable file (a dangling link) is named and left,
# blocking nothing.
echo "niet overschrijven" >"$TMP/doel2.txt"
ln -s "$TMP/doel2.txt" "$TMP/in/bezig/.f-goed.yaml.kop"
ln -s "$TMP/bestaat-niet.yaml" "$TMP/in/bezig/g-weg.yaml"
sed 's/^soort: .*/soort: iets-anders/' "$F" >"$TMP/in/f-goed.yaml"
wt --as "$u" ingest "$TMP/in"; expect_rc 1 "ingest met een val in bezig/"
[ "$(cat "$TMP/doel2.txt")" = "niet overschrijven" ] || fail "de marker volgde een symlink"
expect_out "g-weg.yaml -> overgeslagen in bezig/" "de dode link wordt genoemd"
expect_out "f-goed.yaml -> geweigerd" "het volgende bestand wordt gewoon behandeld"
checks=$((checks + 1))
rm -f "$TMP/in/bezig/g-weg.yaml"
# A file name with a line break is shown escaped.
sed 's/^soort: .*/soort: iets-anders/' "$F" >"$TMP/in/e"$'\n'"  8  nep.yaml"
wt --as "$u" ingest "$TMP/in"; expect_rc 1 "naam met een regeleinde"
expect_out 'e\\u000a  8  nep.yaml -> geweigerd' "de naam staat er ontsnapt"
expect_not '^  8  nep.yaml' "$OUT" "geen regel die met het tweede deel van de naam begint"

# queue: a spoed case (24 h) before a normal one (3 werkdagen); --overdue after the deadline.
sed 's/^spoed: true/spoed: false/' "$F" >"$TMP/normaal.yaml"
submit_as "$u" "$TMP/normaal.yaml"; normal=$ID
wt --as $KR --json queue
[ "$(json 'j["zaken"][0]["id"]')" = 2026-RTM-0001 ] || fail "spoed eerst"
[ "$(json 'j["zaken"][-1]["id"]')" = "$normal" ] || fail "normaal laatst"
[ "$(json 'j["zaken"][0]["te_laat"]')" = False ] || fail "te_laat"
WEEGTEAM_NU=2026-11-30T12:00:00+01:00 wt --as $KR --json queue --overdue
[ "$(json 'len(j["zaken"])')" = 2 ] || fail "twee spoedzaken te laat op maandag: $OUT"
wt --as $KR --json queue --city Amsterdam
expect_rc 0 "queue --city"
[ "$(json 'len(j["zaken"])')" = 0 ] || fail "geen Amsterdamse zaken"
wt --as $KR --json queue --role jurist
[ "$(json 'len(j["zaken"])')" = 0 ] || fail "de jurist hoeft nog niets te doen"
# A requester sees exactly their own cases (read from their own index), a colleague of the
# same organisation none of them, someone with roles in another city only that city's.
wt --as "$u" --json queue
[ "$(json '",".join(z["id"] for z in j["zaken"])')" = "$(wt --as $KR --json queue; json '",".join(z["id"] for z in j["zaken"])')" ] ||
	fail "de verzoeker ziet zijn eigen zaken"
wt --as rotterdam-verzoeker-jeugdbescherming --json queue
[ "$(json 'len(j["zaken"])')" = 0 ] || fail "een andere verzoeker ziet ze niet"
wt --as amsterdam-zorgcoordinator --json queue
[ "$(json 'len(j["zaken"])')" = 0 ] || fail "Amsterdam ziet geen Rotterdamse zaken"
checks=$((checks + 3))

# show and log JSON members.
wt --as $KR --json show 2026-RTM-0001
for k in id gemeente status deadline acties; do
	json "j['$k']" >/dev/null || fail "show json mist $k"
done
[ "$(json '[a["actie"] for a in j["acties"]]')" = "['beoordelen']" ] || fail "acties: $(json 'j["acties"]')"
[ "$(json 'j["acties"][0]["vereist"]')" = "['bestand']" ] || fail "vereist"
wt --as $KR --json log 2026-RTM-0001
[ "$(json 'sorted(j["gebeurtenissen"][0].keys())')" != "" ] || fail "log json"
for k in tijd actor actie van naar commit; do json "j['gebeurtenissen'][0]['$k']" >/dev/null || fail "log json mist $k"; done
wt --json verify
[ "$(json 'j["ok"]')" = True ] || fail "verify json"

# A workflow edited after submission: old cases follow the pinned version, new ones the new.
mkdir -p "$TMP/wf"
cp "$WT_ROOT"/workflows/*.yaml "$TMP/wf/"
sed -i "s|^workflows: .*|workflows: $TMP/wf|" "$DATA/config.yaml"
sed -i 's/^  beoordelen:$/  beoordeel:/; s/gedragsdeskundige/gedragsexpert/g; s/^definitie_versie: .*/definitie_versie: "2026.3"/' "$TMP/wf/rotterdam.yaml"
wt workflow lint "$TMP/wf/rotterdam.yaml"; expect_rc 0 "gewijzigde workflow is geldig"
act_ok rotterdam-politie 2026-RTM-0001 beoordelen --file "$FIX/assessment/geldig.yaml"
submit_as "$u" "$F"; new=$ID
wt --as rotterdam-politie act "$new" beoordelen --file "$FIX/assessment/geldig.yaml"
expect_rc 2 "nieuwe zaak volgt de nieuwe definitie (actie bestaat niet meer)"
act_ok rotterdam-politie "$new" beoordeel --file "$FIX/assessment/geldig.yaml"
wt --as $KR --json show 2026-RTM-0001
[ "$(json 'j["workflow_versie"]')" = 2026.2 ] || fail "oude zaak houdt 2026.2"
wt verify; expect_rc 0 "verify met twee workflowversies"
# queue says who must act by each case's own (pinned) definition, as show and act do.
wt --as $KR --json queue; expect_rc 0 "queue met twee workflowversies"
wie_oud=$(json '[z["wie"] for z in j["zaken"] if z["id"] == "2026-RTM-0001"][0]')
wie_nieuw=$(json '[z["wie"] for z in j["zaken"] if z["id"] == "'"$new"'"][0]')
case "$wie_oud" in *gedragsdeskundige*) ;; *) fail "oude zaak: wie volgens de vastgelegde definitie: $wie_oud" ;; esac
case "$wie_nieuw" in *gedragsexpert*) ;; *) fail "nieuwe zaak: wie volgens de nieuwe definitie: $wie_nieuw" ;; esac

# The same file edited again without a new definitie_versie (a mistake an operator can make):
# the requester role now sees every case. Cases pinned to the text before still show only
# their own requester's cases, in queue as in show; a case submitted now follows the new text.
OTHER=rotterdam-verzoeker-jeugdbescherming
sed -i '/^  verzoeker:$/,/^  [a-z]*:$/s/^    inzage: eigen$/    inzage: alle/' "$TMP/wf/rotterdam.yaml"
grep -q '^definitie_versie: "2026.3"' "$TMP/wf/rotterdam.yaml" || fail "versie hoort gelijk te blijven"
submit_as "$u" "$F"; newer=$ID
wt --as $OTHER --json queue; expect_rc 0 "queue van een andere verzoeker"
zaken=$(json '" ".join(z["id"] for z in j["zaken"])')
case " $zaken " in *" $new "*|*" 2026-RTM-0001 "*) fail "andere verzoeker ziet zaken van voor de wijziging in queue: $zaken" ;; esac
case " $zaken " in *" $newer "*) ;; *) fail "andere verzoeker ziet de nieuwe zaak niet: $zaken" ;; esac
wt --as $OTHER show "$new"; expect_rc 2 "show weigert de zaak van voor de wijziging ook"
wt --as $OTHER show "$newer"; expect_rc 0 "show toont de nieuwe zaak"
wt verify; expect_rc 0 "verify na een wijziging zonder nieuwe versie"
# An index from before schema 4 does not know the blob id: queue looks it up in the dossier.
sqlite3 "$DATA/index.sqlite" "UPDATE cases SET workflow_blob = ''"
wt --as $OTHER --json queue; expect_rc 0 "queue zonder bekende workflow-blob"
[ "$(json '" ".join(z["id"] for z in j["zaken"])')" = "$zaken" ] || fail "queue zonder blob-id wijkt af"
wt verify; expect_rc 0 "een onbekende workflow-blob is geen afwijking"
wt reindex; expect_rc 0 "reindex vult de workflow-blob"
[ "$(sqlite3 "$DATA/index.sqlite" "SELECT count(*) FROM cases WHERE workflow_blob = ''")" = 0 ] ||
	fail "reindex liet workflow_blob leeg"

# workflow lint / show / dot; a broken workflow names file, line, column and field.
wt workflow lint; expect_rc 0 "lint"
wt workflow show "'s-Gravenhage"; expect_rc 0 "show den haag"
expect_out "burgemeester" "show noemt de beslisser"
wt workflow dot utrecht; expect_rc 0 "dot"
printf '%s\n' "$OUT" | dot -Tsvg >/dev/null || fail "dot-uitvoer is geen geldige Graphviz"
sed 's/^    naar: weegteam$/    naar: wegteam/' "$WT_ROOT/workflows/rotterdam.yaml" >"$TMP/kapot.yaml"
wt workflow lint "$TMP/kapot.yaml"; expect_rc 2 "kapotte workflow"
expect_out "kapot.yaml:[0-9]+:[0-9]+" "plaats van de fout"
expect_out "wegteam" "noemt de onbekende toestand"

# new and signals.
wt new "$TMP/nieuw.yaml" --city Utrecht; expect_rc 0 "new"
grep -qE "^gemeente: \"?Utrecht" "$TMP/nieuw.yaml" || fail "new vult de gemeente in"
wt new "$TMP/nieuw.yaml"; expect_rc 2 "new overschrijft niet"
wt signals wurging; expect_rc 0 "signals"
expect_out "2c" "wurging staat onder 2c"
done_ok
