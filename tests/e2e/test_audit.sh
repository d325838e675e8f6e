#!/usr/bin/env bash
# The audit trail: one ref and one commit per event, fsck-clean, index derived and rebuildable.
. "$(dirname "$0")/lib.sh"
new_data
G="git --git-dir $DATA/audit.git"

ids=()
for f in "$REQ"/*.yaml; do
	[ -n "$(requester_for "$f")" ] || continue # a city without a shipped workflow
	submit_file "$f"
	[[ "$ID" =~ ^2026-[A-Z]{3}-0001$ ]] || fail "dossiernummer '$ID' heeft niet de vorm JJJJ-CCC-NNNN"
	checks=$((checks + 1))
	ids+=("$ID")
done
# Always at least two cases: the Rotterdam example once more.
submit_file "$REQ/rotterdam-partnergeweld.yaml"
ids+=("$ID")

id=${ids[0]}
# One commit per event, authored by the acting user, with trailers.
[ "$($G rev-list --count "refs/dossiers/$id")" = 1 ] || fail "verwacht één commit"
$G log -1 --format=%ae "refs/dossiers/$id" | grep -q '@example.nl' || fail "auteur ontbreekt"
$G log -1 --format=%B "refs/dossiers/$id" | grep -q "^Weegteam-Actie: indienen$" || fail "trailer ontbreekt"
for p in verzoek.yaml workflow.yaml status.yaml checklist.json; do
	$G cat-file -e "refs/dossiers/$id:$p" || fail "$p ontbreekt in de boom"
done
# The verzoek is stored exactly as submitted.
first=""
for f in "$REQ"/*.yaml; do [ -n "$(requester_for "$f")" ] && { first=$f; break; }; done
$G cat-file blob "refs/dossiers/$id:verzoek.yaml" | cmp -s - "$first" || fail "verzoek.yaml is niet byte-gelijk"

$G fsck --full --strict >"$TMP/fsck" 2>&1 || fail "git fsck faalt: $(cat "$TMP/fsck")"
grep -vE '^(Checking|dangling|notice)' "$TMP/fsck" | grep . && fail "git fsck meldt problemen"
[ "$(sqlite3 "$DATA/index.sqlite" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
wt verify
expect_rc 0 "verify schoon"

# Deleting the index and reindexing gives the same queue and show.
user=$(grep -oE '^  - id: [a-z-]+-ketenregisseur$' "$DATA/users.yaml" | head -1 | sed 's/^  - id: //')
[ -n "$user" ] || user=$(sed -n 's/^  - id: \(rotterdam-[a-z-]*\)$/\1/p' "$DATA/users.yaml" | sed -n 2p)
wt --as "$user" --json queue; q1=$OUT
wt --as "$user" --json show "$id"; s1=$OUT
rm -f "$DATA/index.sqlite" "$DATA/index.sqlite-wal" "$DATA/index.sqlite-shm"
wt reindex
expect_rc 0 "reindex"
wt --as "$user" --json queue; [ "$OUT" = "$q1" ] || fail "queue na reindex anders:
$q1
$OUT"
wt --as "$user" --json show "$id"; [ "$OUT" = "$s1" ] || fail "show na reindex anders"
wt verify
expect_rc 0 "verify na reindex"

# A rewound ref (to nothing: the submission) and a deleted ref are named by verify.
id2=${ids[1]}
$G update-ref -d "refs/dossiers/$id2"
wt verify
expect_rc 4 "verwijderde ref"
expect_out "$id2" "noemt het verwijderde dossier"
expect_out "verdwenen" "soort probleem"
done_ok
