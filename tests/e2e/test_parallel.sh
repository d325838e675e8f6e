#!/usr/bin/env bash
# Sixteen parallel submits get sixteen distinct ids; verify stays clean.
. "$(dirname "$0")/lib.sh"
new_data
f="$REQ/rotterdam-partnergeweld.yaml"
u=$(requester_for "$f")
for i in $(seq 1 16); do
	("$WT_BIN" --data "$DATA" --as "$u" submit "$f" >"$TMP/out.$i" 2>"$TMP/err.$i"; echo $? >"$TMP/rc.$i") &
done
wait
for i in $(seq 1 16); do
	[ "$(cat "$TMP/rc.$i")" = 0 ] || fail "submit $i: $(cat "$TMP/err.$i")"
done
n=$(cat "$TMP"/out.* | sort -u | wc -l)
[ "$n" = 16 ] || fail "verwacht 16 verschillende nummers, kreeg $n: $(cat "$TMP"/out.*)"
checks=$((checks + 1))
[ "$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers | wc -l)" = 16 ] || fail "16 refs"
wt verify
expect_rc 0 "verify na parallel indienen"
done_ok
