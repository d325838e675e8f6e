#!/usr/bin/env bash
# advies: a draft per city from the templates, HTML that escapes hostile names, rendering
# changes nothing, and after recording, advies returns exactly the recorded text.
. "$(dirname "$0")/lib.sh"
new_data
G="git --git-dir $DATA/audit.git"
for f in "$REQ"/*.yaml; do
	submit_file "$f"
	city=$(sed -n 's/^gemeente: *//p' "$f" | tr 'A-Z' 'a-z' | sed 's/ /-/g')
	wt --as "$city-burgemeester" advies "$ID"
	expect_rc 0 "advies $ID"
	expect_out "^# " "kop"
	expect_out "$ID" "noemt de zaak"
	expect_not "\{\{" "$OUT" "geen onvervangen sjabloonvelden"
done

# Rotterdam in detail: the weegteam's assessments appear, rendering twice is identical, nothing changes.
id=2026-RTM-0001
for u in politie crisisteam gedragsdeskundige ketenregisseur; do
	act_ok "rotterdam-$u" "$id" beoordelen --file "$FIX/assessment/geldig.yaml"
done
before=$($G rev-parse "refs/dossiers/$id")
wt --as rotterdam-jurist advies "$id"; first=$OUT
expect_out "politie" "de beoordelingen staan erin"
wt --as rotterdam-jurist advies "$id"; [ "$OUT" = "$first" ] || fail "twee keer renderen geeft ander resultaat"
[ "$($G rev-parse "refs/dossiers/$id")" = "$before" ] || fail "advies veranderde het dossier"
wt --as rotterdam-jurist advies "$id" --format html --out "$TMP/advies.html"
expect_rc 0 "html"
grep -q "<html" "$TMP/advies.html" || fail "geen html-document"

# A hostile name is escaped in HTML and in Markdown.
sed 's/^  naam: P\. Jansen$/  naam: "<script>alert(1)<\/script> *P.* [x](http:\/\/x)"/' "$REQ/rotterdam-partnergeweld.yaml" >"$TMP/vijandig.yaml"
grep -q "<script>" "$TMP/vijandig.yaml" || fail "fixture"
submit_file "$TMP/vijandig.yaml"; hid=$ID
wt --as rotterdam-jurist advies "$hid" --format html
expect_rc 0 "html vijandig"
expect_not "<script" "$OUT" "geen script in html"
expect_not "<a href" "$OUT" "geen link in html"
expect_out "&lt;script&gt;" "de naam staat er letterlijk"

# After recording, advies returns exactly the recorded text.
act_ok rotterdam-ketenregisseur "$id" conclusie-huisverbodwaardig --note "Huisverbodwaardig."
printf '%s\n' "$first" >"$TMP/advies.md"
printf '\nAangepast door de jurist.\n' >>"$TMP/advies.md"
act_ok rotterdam-jurist "$id" advies-vastleggen --file "$TMP/advies.md"
wt --as rotterdam-hulpofficier advies "$id"
[ "$OUT" = "$(cat "$TMP/advies.md")" ] || fail "vastgelegd advies wijkt af"
$G cat-file blob "refs/dossiers/$id:advies/0007-advies.md" | cmp -s - "$TMP/advies.md" || fail "advies in de audit-repository wijkt af"
# Provenance next to it: template version and whether the recorded text equals the draft.
$G cat-file blob "refs/dossiers/$id:advies/0007-herkomst.yaml" >"$TMP/herkomst.yaml" || fail "herkomst ontbreekt"
grep -q "^sjabloon_versie: $(git hash-object "$WT_ROOT/templates/advies.md")$" "$TMP/herkomst.yaml" || fail "sjabloonversie: $(cat "$TMP/herkomst.yaml")"
grep -q "^gelijk_aan_concept: false$" "$TMP/herkomst.yaml" || fail "aangepast advies is niet gelijk aan het concept"
grep -q "^vastgelegd_hash: $(git hash-object "$TMP/advies.md")$" "$TMP/herkomst.yaml" || fail "hash van het vastgelegde advies"
checks=$((checks + 4))
wt --as rotterdam-hulpofficier --json advies "$id"
[ "$(json 'j["vastgelegd"]')" = True ] || fail "json vastgelegd"
done_ok
