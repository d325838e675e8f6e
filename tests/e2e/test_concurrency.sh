#!/usr/bin/env bash
# Two processes acting on the same case at the same moment: exactly one succeeds, the other
# is refused (exit 3 when it computed from the old head, or 1 when it saw the new state);
# nothing is lost and verify stays clean.
. "$(dirname "$0")/lib.sh"
new_data
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
conflicts=0
for round in 1 2 3 4 5 6; do
	submit_file "$F"; id=$ID
	for u in rotterdam-politie rotterdam-crisisteam rotterdam-gedragsdeskundige rotterdam-ketenregisseur; do
		act_ok "$u" "$id" beoordelen --file "$A"
	done
	for k in 1 2; do
		("$WT_BIN" --data "$DATA" --as rotterdam-ketenregisseur act "$id" conclusie-niet-huisverbodwaardig \
			--note "poging $k" >/dev/null 2>"$TMP/err.$k"; echo $? >"$TMP/rc.$k") &
	done
	wait
	r1=$(cat "$TMP/rc.1"); r2=$(cat "$TMP/rc.2")
	ok=0
	[ "$r1" = 0 ] && ok=$((ok + 1))
	[ "$r2" = 0 ] && ok=$((ok + 1))
	[ "$ok" = 1 ] || fail "ronde $round: precies één moet slagen (exit $r1 en $r2)"
	case "$r1$r2" in *3*) conflicts=$((conflicts + 1)) ;; 01 | 10) ;; *) fail "onverwachte exit $r1/$r2: $(cat "$TMP"/err.*)" ;; esac
	[ "$(git --git-dir "$DATA/audit.git" rev-list --count "refs/dossiers/$id")" = 6 ] || fail "ronde $round: precies één gebeurtenis erbij"
	checks=$((checks + 1))
done
echo "conflicten (exit 3): $conflicts van 6"
wt verify; expect_rc 0 "verify na gelijktijdige acties"
done_ok
