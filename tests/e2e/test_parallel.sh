#!/usr/bin/env bash
# Sixteen parallel submits get sixteen distinct ids; verify stays clean; then sixteen more beside
# four maintains (packing the case refs) and four readers. Under valgrind (make valgrind) four
# and two: sixteen memcheck processes on two cores would wait past the writer lock's timeout.
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

# The same while maintain packs the case refs again and again, and readers look the cases up
# in between (they take no lock: a ref is loose, packed or both at every moment).
first=$(head -1 "$TMP/out.1")
n_m=4
[ -z "${WT_VALGRIND:-}" ] || n_m=2
for i in $(seq 1 "$n_par"); do
	("$WT_BIN" --data "$DATA" --as "$u" submit "$f" >"$TMP/out2.$i" 2>"$TMP/err2.$i"; echo $? >"$TMP/rc2.$i") &
done
for i in $(seq 1 "$n_m"); do
	("$WT_BIN" --data "$DATA" maintain >/dev/null 2>"$TMP/merr.$i"; echo $? >"$TMP/mrc.$i") &
	("$WT_BIN" --data "$DATA" --as rotterdam-ketenregisseur show "$first" >/dev/null 2>"$TMP/serr.$i"; echo $? >"$TMP/src.$i") &
done
wait
for i in $(seq 1 "$n_par"); do
	[ "$(cat "$TMP/rc2.$i")" = 0 ] || fail "submit $i naast maintain: $(cat "$TMP/err2.$i")"
done
for i in $(seq 1 "$n_m"); do
	[ "$(cat "$TMP/mrc.$i")" = 0 ] || fail "maintain $i: $(cat "$TMP/merr.$i")"
	[ "$(cat "$TMP/src.$i")" = 0 ] || fail "show $i tijdens maintain: $(cat "$TMP/serr.$i")"
done
n=$(cat "$TMP"/out.* "$TMP"/out2.* | sort -u | wc -l)
[ "$n" = $((2 * n_par)) ] || fail "verwacht $((2 * n_par)) verschillende nummers, kreeg $n"
[ "$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers | wc -l)" = $((2 * n_par)) ] ||
	fail "$((2 * n_par)) refs na parallel indienen en inpakken"
checks=$((checks + 2))
wt verify
expect_rc 0 "verify na parallel indienen en inpakken"
done_ok
