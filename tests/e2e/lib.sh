# lib.sh: helpers for the end-to-end tests: a fresh data directory, running weegteam, checks.
set -u
TMP=$(mktemp -d /tmp/wt-e2e.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
DATA="$TMP/data"
REQ="$WT_ROOT/requests"
FIX="$WT_ROOT/tests/fixtures"
NOW="2026-11-28T10:00:00+01:00"
export WEEGTEAM_NU="$NOW"
checks=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# wt ARGS...: runs weegteam on the test data directory; output in $OUT/$ERR, exit in $RC.
wt() {
	OUT=$("$WT_BIN" --data "$DATA" "$@" 2>"$TMP/stderr")
	RC=$?
	ERR=$(cat "$TMP/stderr")
	return 0
}

# new_data: a fresh data directory whose clock may be set with WEEGTEAM_NU.
new_data() {
	rm -rf "$DATA"
	WEEGTEAM_NU= "$WT_BIN" --data "$DATA" init >/dev/null || fail "init"
	sed -i 's/^testklok: false/testklok: true/' "$DATA/config.yaml"
}

expect_rc() { # expect_rc N what
	checks=$((checks + 1))
	[ "$RC" = "$1" ] || fail "$2: exit $RC, verwacht $1
stdout: $OUT
stderr: $ERR"
}

expect_out() { # expect_out PATTERN what   (grep -E on stdout)
	checks=$((checks + 1))
	printf '%s\n' "$OUT" | grep -qE -- "$1" || fail "$2: '$1' niet in uitvoer:
$OUT
stderr: $ERR"
}

expect_err() { # expect_err PATTERN what   (grep -E on stderr)
	checks=$((checks + 1))
	printf '%s\n' "$ERR" | grep -qE -- "$1" || fail "$2: '$1' niet in foutmelding:
$ERR"
}

expect_not() { # expect_not PATTERN TEXT what
	checks=$((checks + 1))
	if printf '%s\n' "$2" | grep -qE -- "$1"; then fail "$3: '$1' had er niet in mogen staan"; fi
}

# json EXPR: evaluates a Python expression on the JSON in $OUT (bound to j).
json() {
	python3 -c 'import json,sys; j=json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' "$1" <<<"$OUT"
}

# submit_as USER FILE: submits and sets ID.
submit_as() {
	wt --as "$1" submit "$2"
	[ "$RC" = 0 ] || fail "submit $2 als $1: exit $RC
$OUT
$ERR"
	ID=$OUT
}

done_ok() {
	echo "ok: $checks checks"
	exit 0
}

# requester_for FILE: the example user (from init's users.yaml) who may submit this verzoek:
# the city's submitting role, of the verzoek's organisation.
requester_for() {
	local g org city
	g=$(sed -n 's/^gemeente: *//p' "$1" | tr 'A-Z' 'a-z' | sed "s/'s-gravenhage/den-haag/; s/ /-/g; s/\"//g")
	org=$(sed -n '/^verzoeker:/,/^[a-z]/s/^  organisatie: *//p' "$1" | head -1)
	city=$g
	grep -oE "^  - id: $city-[a-z-]+-$org\$" "$DATA/users.yaml" | head -1 | sed 's/^  - id: //'
}

# submit_file FILE: submits as the matching requester; sets ID.
submit_file() {
	local u
	u=$(requester_for "$1")
	[ -n "$u" ] || fail "geen indiener gevonden voor $1"
	submit_as "$u" "$1"
}

# act_ok USER ID ACTION [ARGS...]: performs an action that must succeed.
act_ok() {
	local u=$1 id=$2 a=$3
	shift 3
	wt --as "$u" act "$id" "$a" "$@"
	[ "$RC" = 0 ] || fail "act $a door $u op $id: exit $RC
$ERR"
	checks=$((checks + 1))
}

# act_refused USER ID ACTION [ARGS...]: must be refused with exit 1, changing nothing.
act_refused() {
	local u=$1 id=$2 a=$3 before after
	shift 3
	before=$(git --git-dir "$DATA/audit.git" rev-parse "refs/dossiers/$id")
	wt --as "$u" act "$id" "$a" "$@"
	after=$(git --git-dir "$DATA/audit.git" rev-parse "refs/dossiers/$id")
	# Exit 1: refused by the rules; exit 2 "geen inzage": the user may not even see the case.
	[ "$RC" = 1 ] || { [ "$RC" = 2 ] && printf '%s' "$ERR" | grep -q "geen inzage"; } ||
		fail "act $a door $u had geweigerd moeten worden (exit $RC)
$OUT
$ERR"
	[ "$before" = "$after" ] || fail "geweigerde actie $a veranderde het dossier"
	checks=$((checks + 1))
}

# state_of ID: the case's state (as the ketenregisseur-like user U_SEE sees it).
state_of() {
	wt --as "$U_SEE" --json show "$1"
	json 'j["status"]'
}
