#!/usr/bin/env bash
# Crash safety: submits and actions killed with SIGKILL at random moments, many times. After
# each round the next command heals by itself, verify passes, and every reported success is
# there exactly once.
. "$(dirname "$0")/lib.sh"
new_data
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
u=$(requester_for "$F")
submit_as "$u" "$F"; base=$ID
ok_ids="$TMP/ok-ids"
: >"$ok_ids"
RANDOM=42
# Under valgrind (make valgrind) a command takes seconds instead of milliseconds: fewer rounds,
# killed after 0-3000 ms instead of 0-150 ms, so that the kills still land mid-command.
rounds=25 window=150
[ -z "${WT_VALGRIND:-}" ] || { rounds=4 window=3000; }
for round in $(seq 1 "$rounds"); do
	# One submit and one action on the shared case, both killed after 0-$window ms.
	"$WT_BIN" --data "$DATA" --as "$u" submit "$F" >"$TMP/sub.out" 2>/dev/null &
	p1=$!
	who=$(printf 'rotterdam-politie\nrotterdam-crisisteam\nrotterdam-gedragsdeskundige\nrotterdam-ketenregisseur\n' | sed -n "$((round % 4 + 1))p")
	"$WT_BIN" --data "$DATA" --as "$who" act "$base" beoordelen --file "$A" >/dev/null 2>&1 &
	p2=$!
	ms=$((RANDOM % window))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 $p1 $p2 2>/dev/null
	wait $p1 2>/dev/null && cat "$TMP/sub.out" >>"$ok_ids"
	wait $p2 2>/dev/null
	# The next command repairs any lag by itself; verify must then be clean.
	wt verify
	[ "$RC" = 0 ] || fail "ronde $round: verify na kill -9 (exit $RC):
$OUT
$ERR"
	checks=$((checks + 1))
done
# Every submit that reported an id is there, once.
while read -r id; do
	[ -n "$id" ] || continue
	git --git-dir "$DATA/audit.git" rev-parse -q --verify "refs/dossiers/$id" >/dev/null || fail "gemeld dossier $id ontbreekt"
	checks=$((checks + 1))
done <"$ok_ids"
n_refs=$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers | wc -l)
n_ids=$(git --git-dir "$DATA/audit.git" for-each-ref --format='%(refname)' refs/dossiers | sort -u | wc -l)
[ "$n_refs" = "$n_ids" ] || fail "dubbele dossiers"
# Case numbers have no duplicates and events within a case are consecutive (verify checked).
wt --as rotterdam-ketenregisseur --json queue --max 1000
expect_rc 0 "queue na de crashes"
echo "dossiers: $n_refs, gemeld: $(grep -c . "$ok_ids")"
done_ok
