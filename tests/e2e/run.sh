#!/usr/bin/env bash
# Runs the end-to-end test scripts on the built binary; prints "N passed, N failed".
# Each script is one test group: it exits 0 when every check in it passed.
set -u
: "${WT_BIN:?WT_BIN must name the weegteam binary}"
: "${WT_ROOT:?WT_ROOT must name the repository root}"
export WT_BIN WT_ROOT
pass=0
fail=0
failed=()
for t in "$@"; do
	case "$(basename "$t")" in run.sh | lib.sh) continue ;; esac
	out=$(bash "$t" 2>&1)
	rc=$?
	if [ "$rc" = 0 ]; then
		pass=$((pass + 1))
		echo "ok    $(basename "$t")"
	else
		fail=$((fail + 1))
		failed+=("$t")
		echo "FAIL  $(basename "$t") (exit $rc)"
		printf '%s\n' "$out" | tail -40 | sed 's/^/      /'
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
