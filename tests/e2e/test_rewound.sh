#!/usr/bin/env bash
# A case ref moved outside weegteam, and a case-number counter set back: no command writes on
# top of them (nothing of the journal's events may become unreachable); reindex rebuilds the
# index by the journal and names what it cannot repair; moving the ref back repairs it.
. "$(dirname "$0")/lib.sh"
new_data
G="git --git-dir $DATA/audit.git"
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
submit_file "$F"; id1=$ID
act_ok rotterdam-politie "$id1" beoordelen --file "$A"
submit_file "$F"; id2=$ID
wt verify; expect_rc 0 "schoon begin"
true_head=$($G rev-parse "refs/dossiers/$id1")
journal=$($G rev-parse refs/weegteam/journaal)

# 1. A rewound ref (not the newest journal entry, so no roll-forward can undo it): act refuses,
#    also an action the rewound history would refuse by the rules (exit 4, not 1).
$G update-ref "refs/dossiers/$id1" "refs/dossiers/$id1~1"
wt --as rotterdam-politie act "$id1" beoordelen --file "$A"
expect_rc 4 "act op een teruggezet dossier, ook wat de regels daar zouden weigeren"
wt --as rotterdam-crisisteam act "$id1" beoordelen --file "$A"
expect_rc 4 "act op een teruggezet dossier"
expect_err "$id1.*teruggezet of herschreven.*niets vastgelegd" "zegt wat er is en dat niets is vastgelegd"
[ "$($G rev-parse "refs/dossiers/$id1")" = "$($G rev-parse "$true_head~1")" ] || fail "act verzette de ref"
[ "$($G rev-parse refs/weegteam/journaal)" = "$journal" ] || fail "act schreef in het journaal"
# show and log still show what the ref holds, but say it differs from the journal.
wt --as rotterdam-ketenregisseur show "$id1"; expect_rc 0 "show op een teruggezet dossier"
expect_err "let op: de audit-trail van dossier $id1 wijkt af van het journaal" "show waarschuwt"
wt --as rotterdam-ketenregisseur log "$id1"; expect_rc 0 "log op een teruggezet dossier"
expect_err "wijkt af van het journaal" "log waarschuwt"
wt --as rotterdam-ketenregisseur show "$id2"; expect_rc 0 "show op een gaaf dossier"
expect_not "wijkt af" "$ERR" "geen waarschuwing bij een gaaf dossier"
# 2. reindex: exit 4 naming the ref as not repaired; the index follows the journal, so act
#    still refuses (before, reindex adopted the rewound ref and the next act buried event 2).
wt reindex; expect_rc 4 "reindex met een teruggezette ref"
expect_out "NIET HERSTELD $id1 \[ref\] .*${true_head:0:12}" "noemt dossier en de kop van het journaal"
expect_out "3 gebeurtenissen" "de andere dossiers en de gebeurtenissen van het journaal staan in de index"
wt --json reindex; expect_rc 4 "reindex --json"
[ "$(json 'j["ok"]')" = False ] && [ "$(json 'j["niet_hersteld"][0]["zaak"]')" = "$id1" ] ||
	fail "reindex json: $OUT"
[ "$(sqlite3 "$DATA/index.sqlite" "SELECT head FROM cases WHERE id='$id1'")" = "$true_head" ] ||
	fail "de index volgt niet het journaal"
wt --as rotterdam-crisisteam act "$id1" beoordelen --file "$A"
expect_rc 4 "act na reindex nog steeds geweigerd"
wt --as rotterdam-ketenregisseur act "$id2" beoordelen --file "$A"
expect_rc 0 "een ander dossier gaat gewoon door"
# 3. The repair an operator makes: the ref back on the journal's head.
$G update-ref "refs/dossiers/$id1" "$true_head"
wt verify; expect_rc 0 "verify na het terugzetten van de ref"
wt reindex; expect_rc 0 "reindex na het terugzetten"
act_ok rotterdam-crisisteam "$id1" beoordelen --file "$A"

# 4. A ref the journal does not know (made with git): reindex names it and leaves it out.
$G update-ref "refs/dossiers/2026-RTM-0099" "$true_head"
wt reindex; expect_rc 4 "reindex met een onbekende ref"
expect_out "NIET HERSTELD 2026-RTM-0099 \[onbekend\]" "noemt de onbekende ref"
[ "$(sqlite3 "$DATA/index.sqlite" "SELECT count(*) FROM cases WHERE id='2026-RTM-0099'")" = 0 ] ||
	fail "een ref buiten het journaal kwam in de index"
$G update-ref -d "refs/dossiers/2026-RTM-0099"
# 5. A deleted ref: named as gone.
h2=$($G rev-parse "refs/dossiers/$id2")
$G update-ref -d "refs/dossiers/$id2"
wt reindex; expect_rc 4 "reindex met een verwijderde ref"
expect_out "NIET HERSTELD $id2 \[verdwenen\]" "noemt het verdwenen dossier"
$G update-ref "refs/dossiers/$id2" "$h2"
wt reindex; expect_rc 0 "reindex na het terugzetten"

# 5a. The journal set back one entry (its newest, an event of $id2): the ref is ahead of the
#     journal. reindex must not advise moving the ref back (that would throw the event away).
act_ok rotterdam-politie "$id2" beoordelen --file "$A"
h2=$($G rev-parse "refs/dossiers/$id2")
jsave=$($G rev-parse refs/weegteam/journaal)
$G update-ref refs/weegteam/journaal refs/weegteam/journaal~1
wt reindex; expect_rc 4 "reindex met een ingekort journaal"
expect_out "NIET HERSTELD $id2 \[journaal\] .*verder dan het journaal" "noemt het journaal, niet de ref"
expect_not "update-ref refs/dossiers/$id2" "$OUT" "geen advies dat de gebeurtenis weggooit"
wt --as rotterdam-crisisteam act "$id2" beoordelen --file "$A"
expect_rc 4 "niets bovenop een dossier voorbij het journaal"
[ "$($G rev-parse "refs/dossiers/$id2")" = "$h2" ] || fail "de ref van $id2 werd verzet"
$G update-ref refs/weegteam/journaal "$jsave"
wt reindex; expect_rc 0 "reindex met het journaal terug"
# 5c. A case ref deleted: tick (which sees every case) names it as damage, exit 4.
$G update-ref -d "refs/dossiers/$id2"
WEEGTEAM_NU=2026-12-20T10:00:00+01:00 wt tick
expect_rc 4 "tick met een verdwenen ref"
expect_err "$id2 staat in de index, maar zijn ref ontbreekt" "tick noemt het dossier"
$G update-ref "refs/dossiers/$id2" "$h2"
wt verify; expect_rc 0 "verify na het terugzetten"

# 5b. What plain git would show instead (here a replace ref): reindex names it too.
$G replace "$h2" "$true_head"
wt reindex; expect_rc 4 "reindex met een replace-ref"
expect_out "NIET HERSTELD \[refs\] Onbekende ref refs/replace/$h2" "noemt de replace-ref"
$G replace -d "$h2" >/dev/null
wt reindex; expect_rc 0 "reindex zonder replace-ref"

# 6. The counter set back in the journal's newest commit (a rewrite with git): the next submit
#    would take a number that exists. It stops with exit 4 instead of failing as a conflict
#    (exit 3, "try again") forever; nothing is written.
J=refs/weegteam/journaal
key=$($G ls-tree --name-only "$J:tellers" | head -1)
export GIT_INDEX_FILE="$TMP/idx"
$G read-tree "$J"
b=$(printf '1\n' | $G hash-object -w --stdin)
$G update-index --cacheinfo "100644,$b,tellers/$key"
t=$($G write-tree)
unset GIT_INDEX_FILE
n=$($G cat-file commit "$J" | sed '1,/^$/d' | $G commit-tree "$t" -p "$J~1")
$G update-ref "$J" "$n"
wt reindex; expect_rc 0 "de journaalkop herschreven met dezelfde boodschap"
before=$($G for-each-ref | sha1sum)
wt --as "$(requester_for "$F")" submit "$F"
expect_rc 4 "submit met een teruggezette teller"
expect_err "Dossiernummer 2026-RTM-0002 bestaat al.*teller" "noemt het nummer en de teller"
[ "$($G for-each-ref | sha1sum)" = "$before" ] || fail "submit schreef iets"
done_ok
