#!/usr/bin/env bash
# Sixteen parallel submits get sixteen distinct ids; verify stays clean. Under valgrind (make
# valgrind) four: sixteen memcheck processes on two cores would wait past the writer lock's timeout.
. "$(dirname "$0")/lib.sh"
new_data
f="$REQ/rotterdam-partnergeweld.yaml"
u=$(requester_for "$f")
n_par=16
[ -z "${WT_VALGRIND:-}" ] || n_par=4
for i in $(seq 1 "$n_par"); do
	("$WT_BIN" --data "$DATA" --as "$u" submit "$f" >"$TMP/out.$i" 2>"$TMP/err.$i"; echo $? >"$TMP/rc.$i") &
done
wait
for i in $(seq 1 "$n_par"); do
	[ "$(cat "$TMP/rc.$i")" = 0 ] || fail "submit $i: $(cat "$TMP/err.$i")"
done
n=$(cat "$TMP"/out.* | sort -u | wc -l)
[ "$n" = "$n_par" ] || fail "verwacht $n_par verschillende nummers, kreeg $n: $(cat "$TMP"/out.*)"
checks=$((checks + 1))
[ "$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers | wc -l)" = "$n_par" ] || fail "$n_par refs"
wt verify
expect_rc 0 "verify na parallel indienen"
done_ok
