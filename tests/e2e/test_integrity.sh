#!/usr/bin/env bash
# Tamper evidence and healing: rewound, deleted and rewritten refs; edited and deleted index
# rows; a corrupted object; a lagging index repaired by the next command; reindex.
. "$(dirname "$0")/lib.sh"
new_data
G="git --git-dir $DATA/audit.git"
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
submit_file "$F"; id1=$ID
act_ok rotterdam-politie "$id1" beoordelen --file "$A"
act_ok rotterdam-crisisteam "$id1" beoordelen --file "$A"
submit_file "$F"; id2=$ID
submit_file "$F"; id3=$ID
wt verify; expect_rc 0 "schoon begin"
backup="$TMP/backup"
cp -a "$DATA" "$backup"
restore() { rm -rf "$DATA"; cp -a "$backup" "$DATA"; }

# 1. A rewound ref: verify exit 4 naming the case.
$G update-ref "refs/dossiers/$id1" "refs/dossiers/$id1~1"
wt verify; expect_rc 4 "teruggezette ref"
expect_out "$id1.*teruggezet" "noemt dossier en soort"
restore

# 2. A rewritten commit, chain re-made by git itself (content changed).
head=$($G rev-parse "refs/dossiers/$id1")
parent=$($G rev-parse "$head~1")
tree=$($G rev-parse "$head^{tree}")
msg=$($G log -1 --format=%B "$head" | sed 's/Weegteam-Rol: crisisteam/Weegteam-Rol: crisisteam/')
new=$(GIT_AUTHOR_NAME=X GIT_AUTHOR_EMAIL=x@example.nl GIT_COMMITTER_NAME=X GIT_COMMITTER_EMAIL=x@example.nl \
	$G commit-tree "$tree" -p "$parent" -m "$msg" -m "vervalst")
$G update-ref "refs/dossiers/$id1" "$new"
wt verify; expect_rc 4 "herschreven commit"
expect_out "$id1.*herschreven" "noemt herschreven"
restore

# 2b. A rewritten commit whose status.yaml no longer parses: named as unreadable, not skipped.
head=$($G rev-parse "refs/dossiers/$id1")
parent=$($G rev-parse "$head~1")
bad=$(printf 'toestand: [kapot\n' | $G hash-object -w --stdin)
tree=$($G ls-tree "$head" | sed "s/ [0-9a-f]*\tstatus.yaml\$/ $bad\tstatus.yaml/" | $G mktree)
msg=$($G log -1 --format=%B "$head")
new=$(GIT_AUTHOR_NAME=X GIT_AUTHOR_EMAIL=x@example.nl GIT_COMMITTER_NAME=X GIT_COMMITTER_EMAIL=x@example.nl \
	$G commit-tree "$tree" -p "$parent" -m "$msg")
$G update-ref "refs/dossiers/$id1" "$new"
wt verify; expect_rc 4 "onleesbare status.yaml"
expect_out "$id1.*status.yaml in commit ${new:0:12} is onleesbaar" "noemt de onleesbare status.yaml"
restore

# 3. A deleted ref, and a whole case deleted from git and the index.
$G update-ref -d "refs/dossiers/$id2"
wt verify; expect_rc 4 "verwijderde ref"
expect_out "$id2.*verdwenen" "noemt verdwenen"
sqlite3 "$DATA/index.sqlite" "PRAGMA foreign_keys=ON; DELETE FROM cases WHERE id='$id2'"
wt verify; expect_rc 4 "verwijderd uit git en index"
expect_out "$id2" "noemt het dossier dat uit beide is verwijderd"
restore

# 3b. The same after someone packed the refs with git (git gc moves every ref into
# packed-refs): verify still sees every case, and a deleted packed ref and a rewound one
# (git writes the old head as a loose file over the packed line) are named.
$G gc -q
[ -z "$(ls "$DATA/audit.git/refs/dossiers")" ] || fail "git gc liet losse dossier-refs staan"
wt verify; expect_rc 0 "verify na git gc"
$G update-ref -d "refs/dossiers/$id2"
$G update-ref "refs/dossiers/$id1" "refs/dossiers/$id1~1"
wt verify; expect_rc 4 "verwijderde en teruggezette ref na git gc"
expect_out "$id2.*verdwenen" "noemt de verwijderde ingepakte ref"
expect_out "$id1.*teruggezet" "noemt de teruggezette ingepakte ref"
restore

# 3c. weegteam maintain packs the case refs itself: the same refs for git, none left loose,
# verify clean; a packed case moves on (a loose ref again) and is packed by the next maintain;
# tampering in packed-refs itself (a line rewound, a line deleted) is named.
refs_before=$($G for-each-ref refs/dossiers/)
wt maintain; expect_rc 0 "maintain pakt de refs in"
expect_out "3 dossier-refs ingepakt" "maintain noemt de ingepakte refs"
[ -z "$(ls "$DATA/audit.git/refs/dossiers")" ] || fail "maintain liet losse dossier-refs staan"
[ "$($G for-each-ref refs/dossiers/)" = "$refs_before" ] || fail "git ziet andere refs na maintain"
checks=$((checks + 3))
wt verify; expect_rc 0 "verify na maintain"
act_ok rotterdam-politie "$id2" beoordelen --file "$A"
[ -f "$DATA/audit.git/refs/dossiers/$id2" ] || fail "de ref van $id2 is niet opnieuw los geschreven"
wt --json maintain; expect_rc 0 "maintain na een nieuwe gebeurtenis"
expect_out '"refs_ingepakt": 1' "maintain pakt de verplaatste ref in"
wt --as rotterdam-ketenregisseur show "$id2"; expect_rc 0 "show van een ingepakt dossier"
wt verify; expect_rc 0 "verify na tweede maintain"
$G fsck --full --strict >/dev/null 2>&1 || fail "git fsck na maintain"
checks=$((checks + 2))
old=$($G rev-parse "refs/dossiers/$id1~1")
sed -i -e "s|^[0-9a-f]* refs/dossiers/$id1\$|$old refs/dossiers/$id1|" \
	-e "/ refs\/dossiers\/$id3\$/d" "$DATA/audit.git/packed-refs"
wt verify; expect_rc 4 "teruggezette en verwijderde regel in packed-refs"
expect_out "$id1.*teruggezet" "noemt de teruggezette regel"
expect_out "$id3.*verdwenen" "noemt de verwijderde regel"
restore

# 3d. packed-refs out of order: git and libgit2 search it by halves and would miss cases that
# weegteam's own list sees, so verify names the file and the line.
wt maintain; expect_rc 0 "maintain voor de volgorde"
python3 - "$DATA/audit.git/packed-refs" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines(True)
head, refs = lines[:1], lines[1:]
open(p, "w").write("".join(head + refs[::-1]))
PY
wt verify; expect_rc 4 "packed-refs buiten volgorde"
expect_out "packed-refs .*niet gesorteerd.*regel 3" "noemt packed-refs en de regel"
restore

# 3e. packed-refs saved with CRLF line ends and without its header: the CR is no part of a
# ref name, so verify names the file and its first line, and no case id carries a CR.
wt maintain; expect_rc 0 "maintain voor CRLF"
sed -i '1d; s/$/\r/' "$DATA/audit.git/packed-refs"
wt verify; expect_rc 4 "packed-refs met CRLF"
expect_out "packed-refs .*onbekende regel \(regel 1\)" "noemt packed-refs en regel 1"
expect_out "$id1 \[verdwenen\]" "noemt het dossier dat git zo niet vindt"
expect_not $'\r' "$OUT" "geen CR in de uitvoer"
restore

# 3f. The case-number counters in the journal's tree. A counter set back (the next submission
# in the city would take a number that exists) is named at the highest case above it; a case
# erased together with its journal entry leaves a number issued without a case, named too.
J=refs/weegteam/journaal
key=${id1%-*}
export GIT_INDEX_FILE="$TMP/journal-index"
$G read-tree "$J"
$G update-index --cacheinfo "100644,$(printf '1\n' | $G hash-object -w --stdin),tellers/$key"
tree=$($G write-tree)
unset GIT_INDEX_FILE
new=$($G commit-tree "$tree" -p "$J~1" -m "$($G log -1 --format=%B "$J")")
$G update-ref "$J" "$new"
sqlite3 "$DATA/index.sqlite" "UPDATE meta SET value='$new' WHERE key='journaal_kop'"
wt verify; expect_rc 4 "teruggezette teller"
expect_out "$id3 \[teller\] Teller $key in het journaal staat op 1, maar dit dossier heeft nummer 3" \
	"noemt de teller en het hoogste dossier"
restore
# $id2 erased: its ref, its journal entry (the newest entry, $id3's, re-made on the one before)
# and its index rows. The counter still says 3.
new=$($G commit-tree "$J^{tree}" -p "$J~2" -m "$($G log -1 --format=%B "$J")")
$G update-ref "$J" "$new"
$G update-ref -d "refs/dossiers/$id2"
sqlite3 "$DATA/index.sqlite" "PRAGMA foreign_keys=ON; DELETE FROM events WHERE case_id='$id2';
	DELETE FROM cases WHERE id='$id2'; UPDATE meta SET value='$new' WHERE key='journaal_kop'"
wt verify; expect_rc 4 "dossier met journaalregel gewist"
expect_out "$id2 \[verdwenen\] Nummer 2 van teller $key is uitgegeven" "noemt het gewiste nummer"
restore

# 3g. History that plain git shows (the README offers git log to read the trail) forged
# beside weegteam's refs: a replace ref, a note, a graft hiding an event, alternates, a ref
# git packed, a detached HEAD. verify names each; none of them is ever written by weegteam.
head=$($G rev-parse "refs/dossiers/$id1")
$G replace "$head" "$head~1"
wt verify; expect_rc 4 "refs/replace"
expect_out "\[refs\] Onbekende ref refs/replace/$head .*Plain git" "noemt de vervangende ref"
restore
GIT_AUTHOR_NAME=X GIT_AUTHOR_EMAIL=x@example.nl GIT_COMMITTER_NAME=X GIT_COMMITTER_EMAIL=x@example.nl \
	$G notes add -m "vervalst" "refs/dossiers/$id1"
wt verify; expect_rc 4 "git notes"
expect_out "\[refs\] Onbekende ref refs/notes/commits" "noemt de notitie-ref"
restore
$G tag vervalst "refs/dossiers/$id1~1"
$G pack-refs --all
wt verify; expect_rc 4 "ingepakte tag"
expect_out "\[refs\] Onbekende ref refs/tags/vervalst \(in packed-refs\)" "noemt de ingepakte ref"
restore
echo "$head $($G rev-parse "$head~2")" >"$DATA/audit.git/info/grafts"
wt verify; expect_rc 4 "info/grafts"
expect_out "\[repository\] info/grafts staat in de audit-repository" "noemt info/grafts"
restore
echo "$TMP" >"$DATA/audit.git/objects/info/alternates"
wt verify; expect_rc 4 "objects/info/alternates"
expect_out "\[repository\] objects/info/alternates staat in de audit-repository" "noemt alternates"
restore
$G update-ref --no-deref HEAD "$head"
wt verify; expect_rc 4 "losse HEAD"
expect_out "\[refs\] HEAD van de audit-repository is geen symbolische ref" "noemt HEAD"
restore

# 4. An edited index row and a deleted index row: detected, and reindex repairs them.
sqlite3 "$DATA/index.sqlite" "UPDATE cases SET state='afgelopen' WHERE id='$id3'"
wt verify; expect_rc 4 "bewerkte indexrij"
expect_out "$id3.*index" "noemt de index"
sqlite3 "$DATA/index.sqlite" "DELETE FROM events WHERE case_id='$id1' AND seq=2"
wt verify; expect_rc 4 "verwijderde gebeurtenis in de index"
wt reindex; expect_rc 0 "reindex"
wt verify; expect_rc 0 "verify na reindex"
restore
# Every column queue and tick go by, each edited on its own: verify names the column.
for edit in "city='utrecht'" "terminal=1" "deadline=deadline+86400" "spoed=1-spoed" \
	"submitter='rotterdam-verzoeker-wijkteam'" "submitter_org='wijkteam'" "aard='anders'" \
	"workflow_version='2020.1'" "created=created-1" "updated=updated+1" \
	"state_entered=state_entered+1" "warned=1" "escalated=1" \
	"workflow_blob='0000000000000000000000000000000000000000'"; do
	sqlite3 "$DATA/index.sqlite" "UPDATE cases SET $edit WHERE id='$id3'"
	col=${edit%%=*}
	wt verify; expect_rc 4 "bewerkte indexkolom $col"
	expect_out "$id3 \[index\] .*kolom '$col'" "noemt kolom $col"
	restore
done
for edit in "role='jurist'" "note='verzonnen'"; do
	sqlite3 "$DATA/index.sqlite" "UPDATE events SET $edit WHERE case_id='$id1' AND seq=2"
	wt verify; expect_rc 4 "bewerkte gebeurtenis: $edit"
	expect_out "$id1 \[index\] Gebeurtenis 2 in de index wijkt af" "noemt de gebeurtenis ($edit)"
	restore
done

# 5. A corrupted object: verify names it. Every event is written as one small pack, so the
# bytes of the newest commit are overwritten where the pack's index says it starts.
obj=$($G rev-parse "refs/dossiers/$id3")
hit=
for idx in "$DATA"/audit.git/objects/pack/pack-*.idx; do
	off=$(git show-index <"$idx" | awk -v o="$obj" '$2 == o { print $1 }')
	[ -n "$off" ] || continue
	pack=${idx%.idx}.pack
	chmod u+w "$pack"
	printf 'kapotkapot' | dd of="$pack" bs=1 seek=$((off + 3)) conv=notrunc 2>/dev/null
	hit=1
done
[ -n "$hit" ] || fail "het object staat in geen enkel pakbestand"
wt verify; expect_rc 4 "beschadigd object in een pakbestand"
expect_out "${obj:0:12}|$obj" "noemt het object"
expect_out "$id3" "noemt het dossier"
restore
# 5b. A damaged document: the object is named, and so is every case whose tree refers to it
# (the three cases were submitted from one file, so they share the verzoek.yaml blob).
blob=$($G rev-parse "refs/dossiers/$id1:verzoek.yaml")
[ "$($G rev-parse "refs/dossiers/$id3:verzoek.yaml")" = "$blob" ] || fail "verzoek.yaml verschilt"
hit=
for idx in "$DATA"/audit.git/objects/pack/pack-*.idx; do
	off=$(git show-index <"$idx" | awk -v o="$blob" '$2 == o { print $1 }')
	[ -n "$off" ] || continue
	pack=${idx%.idx}.pack
	chmod u+w "$pack"
	printf 'kapotkapot' | dd of="$pack" bs=1 seek=$((off + 3)) conv=notrunc 2>/dev/null
	hit=1
done
[ -n "$hit" ] || fail "het document staat in geen enkel pakbestand"
wt verify; expect_rc 4 "beschadigd document"
for id in "$id1" "$id2" "$id3"; do
	expect_out "$id \[object\] Document verzoek.yaml \(object $blob\) in commit [0-9a-f]{12} is beschadigd" \
		"noemt $id bij het beschadigde document"
done
restore
# ... and a damaged loose object (a store written by an older version, or by git itself).
tmpd="$TMP/unpacked"
mkdir -p "$tmpd"
mv "$DATA"/audit.git/objects/pack/pack-* "$tmpd"/
for pack in "$tmpd"/*.pack; do $G unpack-objects -q <"$pack"; done
f="$DATA/audit.git/objects/${obj:0:2}/${obj:2}"
[ -f "$f" ] || fail "los object verwacht na unpack-objects"
wt verify; expect_rc 0 "verify met losse objecten"
chmod u+w "$f"; printf 'kapot' >"$f"
wt verify; expect_rc 4 "beschadigd los object"
expect_out "${obj:0:12}|$obj" "noemt het losse object"
restore

# 6. A crash after the commit point: journal and case ref written, index not. The next
# command brings the index up to date by itself (same answer as before the "crash").
wt --as rotterdam-ketenregisseur --json show "$id1"; before=$OUT
sqlite3 "$DATA/index.sqlite" "DELETE FROM meta"
wt --as rotterdam-ketenregisseur --json show "$id1"; [ "$OUT" = "$before" ] || fail "show na herstel anders"
wt verify; expect_rc 0 "verify na zelfherstel van de index"

# 7. A crash between the journal entry and the case ref: the next command rolls it forward.
act_ok rotterdam-gedragsdeskundige "$id1" beoordelen --file "$A"
newhead=$($G rev-parse "refs/dossiers/$id1")
$G update-ref "refs/dossiers/$id1" "$newhead~1"
sqlite3 "$DATA/index.sqlite" "DELETE FROM meta"
wt --as rotterdam-ketenregisseur queue; expect_rc 0 "queue herstelt"
[ "$($G rev-parse "refs/dossiers/$id1")" = "$newhead" ] || fail "ref niet vooruitgezet"
wt verify; expect_rc 0 "verify na vooruitzetten"
done_ok
