#!/usr/bin/env bash
# init: a new data directory with the audit repository, the index, config and example users.
. "$(dirname "$0")/lib.sh"
unset WEEGTEAM_NU

wt init "$DATA"
expect_rc 0 "init"
[ -d "$DATA/audit.git" ] || fail "audit.git ontbreekt"
[ -f "$DATA/index.sqlite" ] || fail "index.sqlite ontbreekt"
[ -f "$DATA/config.yaml" ] || fail "config.yaml ontbreekt"
[ -f "$DATA/users.yaml" ] || fail "users.yaml ontbreekt"
[ "$(stat -c %a "$DATA")" = 700 ] || fail "datamap moet alleen voor de eigenaar leesbaar zijn"
git --git-dir "$DATA/audit.git" rev-parse --is-bare-repository | grep -q true || fail "geen bare repository"
[ "$(sqlite3 "$DATA/index.sqlite" 'PRAGMA journal_mode')" = wal ] || fail "index niet in WAL"

# A second init on the same directory refuses and changes nothing.
before=$(ls -la "$DATA" | md5sum)
wt init "$DATA"
expect_rc 2 "init op bestaande datamap"
expect_err "niet leeg" "melding bij bestaande datamap"
[ "$before" = "$(ls -la "$DATA" | md5sum)" ] || fail "init veranderde een bestaande datamap"

# Every role of every shipped workflow has an example user.
for wf in "$WT_ROOT"/workflows/*.yaml; do
	grep -q '^soort: workflow' "$wf" || continue
	city=$(sed -n 's/^gemeente: *//p' "$wf")
	for role in $(python3 - "$wf" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
m = re.search(r'^rollen:\n((?:[ #].*\n|\n)*)', text, re.M)
for line in m.group(1).splitlines():
    r = re.match(r'^  ([a-z][a-z0-9-]*):', line)
    if r: print(r.group(1))
PY
	); do
		grep -qE "^ +$city: \[$role\]" "$DATA/users.yaml" || fail "geen voorbeeldgebruiker voor $city/$role"
		checks=$((checks + 1))
	done
done

# verify on an empty data directory is clean.
wt verify
expect_rc 0 "verify leeg"
done_ok
