#!/usr/bin/env bash
# verify with several kinds of damage at once: each is named, in the order of the checks
# (objects, then the journal case by case, then the cases and the index), although verify
# checks the objects beside the rest and walks the journal newest first.
. "$(dirname "$0")/lib.sh"
new_data
G="git --git-dir $DATA/audit.git"
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
submit_file "$F"; id1=$ID
act_ok rotterdam-politie "$id1" beoordelen --file "$A"
submit_file "$F"; id2=$ID
submit_file "$F"; id3=$ID
submit_file "$F"; id4=$ID
wt verify; expect_rc 0 "schoon begin"

# Two refs deleted (newest first, so the journal meets them in the other order), a loose tree
# that names a blob nobody wrote, a loose object that does not inflate, an edited index row.
$G update-ref -d "refs/dossiers/$id3"
$G update-ref -d "refs/dossiers/$id2"
missing=$(printf 'nooit geschreven\n' | $G hash-object --stdin)
tree=$(printf '100644 blob %s\tweg.txt\n' "$missing" | $G mktree --missing)
bad=$(printf 'wordt beschadigd\n' | $G hash-object -w --stdin)
f="$DATA/audit.git/objects/${bad:0:2}/${bad:2}"
chmod u+w "$f"; printf 'kapot' >"$f"
sqlite3 "$DATA/index.sqlite" "UPDATE cases SET state='afgelopen' WHERE id='$id4'"
wt verify; expect_rc 4 "meerdere problemen"
expect_out "Object $missing .*ontbreekt \(bestand in map van $tree\)" "ontbrekend blob met zijn map"
expect_out "Object $bad .*beschadigd of onleesbaar" "beschadigd object"
expect_out "$id2 \[verdwenen\] Het dossier staat in het journaal" "verwijderde ref $id2"
expect_out "$id3 \[verdwenen\] Het dossier staat in het journaal" "verwijderde ref $id3"
expect_out "$id4 \[index\] De index wijkt af" "bewerkte indexrij"
line() { printf '%s\n' "$OUT" | grep -nE -- "$1" | head -1 | cut -d: -f1; }
l_missing=$(line "Object $missing")
l_bad=$(line "Object $bad")
l2=$(line "$id2 \[verdwenen\] Het dossier staat in het journaal")
l3=$(line "$id3 \[verdwenen\] Het dossier staat in het journaal")
l4=$(line "$id4 \[index\]")
checks=$((checks + 1))
[ "$l_missing" -lt "$l2" ] && [ "$l_bad" -lt "$l2" ] && [ "$l2" -lt "$l3" ] && [ "$l3" -lt "$l4" ] ||
	fail "volgorde: objecten ($l_missing, $l_bad), $id2 ($l2), $id3 ($l3), $id4 ($l4):
$OUT"
wt --json verify; expect_rc 4 "json"
checks=$((checks + 1))
[ "$(json 'len(j["problemen"])')" = "$(wt verify; printf '%s\n' "$OUT" | grep -c '^PROBLEEM')" ] ||
	fail "json en tekst noemen evenveel problemen"

# A journal entry that does not join up with the one before it (a case's entries in the wrong
# order) is named at the right number, once.
rm -rf "$DATA"; new_data
submit_file "$F"; id1=$ID
act_ok rotterdam-politie "$id1" beoordelen --file "$A"
j=$($G rev-parse refs/weegteam/journaal)
t=$($G rev-parse "$j^{tree}")
m1=$($G log -1 --format=%B "$j~1")
m2=$($G log -1 --format=%B "$j")
x=$($G commit-tree "$t" -m "$m2")
y=$($G commit-tree "$t" -p "$x" -m "$m1")
$G update-ref refs/weegteam/journaal "$y"
# The index records the journal head it follows; moved along, so that verify gets to run.
sqlite3 "$DATA/index.sqlite" "UPDATE meta SET value='$y' WHERE key='journaal_kop'"
wt verify; expect_rc 4 "journaal in verkeerde volgorde"
expect_out "$id1 \[journaal\] Het journaal begint dit dossier niet bij de indiening" "begin"
expect_out "$id1 \[journaal\] Het journaal van dit dossier is niet aaneengesloten bij volgnummer 1\." "naad"

# The index cannot follow the journal (journal rewound, deleted, or the index's mark edited):
# verify does not stop at that with advice to run verify, it reports it as a problem and goes
# on to name the cases, in the usual JSON shape.
rm -rf "$DATA"; new_data
submit_file "$F"; id1=$ID
act_ok rotterdam-politie "$id1" beoordelen --file "$A"
submit_file "$F"; id2=$ID
submit_file "$F"; id3=$ID
wt verify; expect_rc 0 "schoon begin (journaal)"
backup="$TMP/backup-journaal"
cp -a "$DATA" "$backup"
restore() { rm -rf "$DATA"; cp -a "$backup" "$DATA"; }
$G update-ref refs/weegteam/journaal refs/weegteam/journaal~3
wt verify; expect_rc 4 "journaal drie stappen teruggezet"
expect_out "^PROBLEEM \[index\] De index kan niet worden bijgewerkt uit het journaal" "index niet bij te werken"
expect_out "reindex' bouwt de index daarna opnieuw op" "zegt wat reindex doet"
expect_out "$id1 \[journaal\] De ref staat op .*verder dan het journaal" "noemt $id1 (ref voor op het journaal)"
expect_out "$id2 \[onbekend\]" "noemt $id2"
expect_out "$id3 \[onbekend\]" "noemt $id3"
expect_not "draai 'weegteam verify'" "$OUT$ERR" "geen verwijzing naar verify zelf"
wt --json verify; expect_rc 4 "json bij teruggezet journaal"
checks=$((checks + 1))
[ "$(json 'j["ok"] is False and not "error" in j and any(p["zaak"] == "'"$id3"'" for p in j["problemen"])')" = True ] ||
	fail "json: {ok: false, problemen: [...]} met $id3: $OUT"
restore
$G update-ref -d refs/weegteam/journaal
wt verify; expect_rc 4 "journaal verwijderd"
expect_out "^PROBLEEM \[index\] De index kan niet worden bijgewerkt" "index niet bij te werken (geen journaal)"
expect_out "$id1 \[onbekend\]" "noemt $id1 zonder journaal"
expect_out "$id3 \[onbekend\]" "noemt $id3 zonder journaal"
restore
sqlite3 "$DATA/index.sqlite" "UPDATE meta SET value='1234567890123456789012345678901234567890' WHERE key='journaal_kop'"
wt verify; expect_rc 4 "bewerkt journaal_kop in de index"
expect_out "^PROBLEEM \[index\] De index kan niet worden bijgewerkt" "noemt de index"
restore
done_ok
