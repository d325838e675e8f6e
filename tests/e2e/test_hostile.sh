#!/usr/bin/env bash
# Hostile input (DESIGN promise 5, issue 6): every file of the hostile corpus (tests/hostile:
# committed small files, plus the big and binary ones tests/hostile/gen.py writes here) and every
# path trick is refused with exit 2 and a Dutch message naming the file (and line and column
# where there is one), changes nothing in the data directory, and stays within fixed bounds of
# memory (peak RSS of the weegteam process) and wall time. The measured values are printed.
#
# Bounds: peak RSS <= WT_HOSTILE_MAX_RSS_KB (default 65536 = 64 MB) and wall time <=
# WT_HOSTILE_MAX_SECONDS (default 5; the issue asks for "within a second": the time is recorded
# and printed, but on this shared machine only a generous bound fails the test).
# Under AddressSanitizer (detected in the binary) the RSS bound is skipped: ASan's shadow memory
# and quarantine make RSS meaningless. Under valgrind (WT_VALGRIND=1, `make valgrind`) both the
# RSS bound (valgrind's own memory is measured) and the time bound (x20..50 slower) are relaxed,
# and the run is shortened (about 2 s per command there): no JSON repeat of each submit, the
# generated files only as verzoek and advice (the YAML layer's paths are the same for every
# kind; each kind's own parser is reached by the committed files), and two path-like case ids.
. "$(dirname "$0")/lib.sh"
HOSTILE="$WT_ROOT/tests/hostile"
GEN="$TMP/gen"
MAX_RSS_KB=${WT_HOSTILE_MAX_RSS_KB:-65536}
MAX_SECONDS=${WT_HOSTILE_MAX_SECONDS:-5}
MODE=gewoon
if [ -n "${WT_VALGRIND:-}" ]; then
	MODE=valgrind
	MAX_SECONDS=${WT_HOSTILE_MAX_SECONDS_VALGRIND:-120}
elif grep -qa __asan_init "$WT_BIN" 2>/dev/null; then
	MODE=asan
fi
[ -x /usr/bin/time ] || fail "/usr/bin/time (pakket time) ontbreekt: make deps"
command -v sqlite3 >/dev/null || fail "sqlite3 ontbreekt: make deps"

python3 "$HOSTILE/gen.py" "$GEN" || fail "gen.py kon het corpus niet maken"
MEASURE="$TMP/metingen"
: >"$MEASURE"

# measured LABEL ARGS...: runs weegteam like wt (OUT, ERR, RC) under GNU time and timeout; checks
# the bounds and records "LABEL rss_kb seconds". A hang ends after 60 s (exit 124).
measured() {
	local label=$1 rss secs
	shift
	/usr/bin/time -f '%M %e' -o "$TMP/tijd" timeout -k 5 "${WT_HOSTILE_TIMEOUT:-60}" \
		"$WT_BIN" --data "$DATA" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	RC=$?
	OUT=$(cat "$TMP/stdout")
	ERR=$(cat "$TMP/stderr")
	read -r rss secs < <(tail -1 "$TMP/tijd")
	[ "$RC" != 124 ] || fail "$label: hangt (afgebroken na ${WT_HOSTILE_TIMEOUT:-60} s)"
	printf '%s %s %s\n' "$label" "$rss" "$secs" >>"$MEASURE"
	checks=$((checks + 1))
	if [ "$MODE" = gewoon ] && [ "$rss" -gt "$MAX_RSS_KB" ]; then
		fail "$label: piekgeheugen $rss KB, grens $MAX_RSS_KB KB"
	fi
	awk -v s="$secs" -v m="$MAX_SECONDS" 'BEGIN { exit !(s <= m) }' ||
		fail "$label: $secs s, grens $MAX_SECONDS s"
}

# The state of the data directory: refs, every file but the index (name, size, mtime), the
# index's contents.
snapshot() {
	{
		git --git-dir "$DATA/audit.git" for-each-ref
		find "$DATA" -name 'index.sqlite*' -prune -o -type f -printf '%P %s %T@\n' \
			-o -type d -printf '%P/\n' | sort
		sqlite3 "$DATA/index.sqlite" .dump
	} | sha256sum
}

unchanged() { # unchanged WHAT
	checks=$((checks + 1))
	[ "$(snapshot)" = "$BEFORE" ] || fail "$1: de gegevensmap is veranderd"
}

# refused LABEL EXIT FILE POS PATTERN: the last run exited EXIT, named FILE (with POS: "L:C",
# "L" or -), said PATTERN, did not echo /etc/passwd, and changed nothing.
refused() {
	local label=$1 want=$2 file=$3 pos=$4 pattern=$5 all
	all="$OUT
$ERR"
	expect_rc "$want" "$label"
	checks=$((checks + 1))
	if [ "$want" = 1 ]; then
		# check's report: the problem is a blocking finding at "regel L, kolom C".
		printf '%s\n' "$all" | grep -q "BLOKKEREND" || fail "$label: geen blokkerende bevinding"
		if [ "$pos" != - ]; then
			printf '%s\n' "$all" | grep -qF "regel ${pos%%:*}, kolom ${pos##*:}" ||
				fail "$label: positie $pos niet in het rapport:
$all"
		fi
	else
		local where="$file:"
		[ "$pos" = - ] || where="$file:$pos:"
		printf '%s\n' "$all" | grep -qF -- "$where" || fail "$label: '$where' niet in de melding:
$all"
	fi
	printf '%s\n' "$all" | grep -qE -- "$pattern" || fail "$label: '$pattern' niet in de melding:
$all"
	expect_not "root:x:0:" "$all" "$label: inhoud van /etc/passwd herhaald"
	unchanged "$label"
}

# ---- a data directory with one case at the weegteam (assessments) and one at the advice ----
new_data
VZ=rotterdam-verzoeker-veilig-thuis
PO=rotterdam-politie
JU=rotterdam-jurist
submit_as $VZ "$REQ/rotterdam-partnergeweld.yaml"
ID1=$ID
submit_as $VZ "$REQ/rotterdam-partnergeweld.yaml"
ID2=$ID
for u in rotterdam-ketenregisseur $PO rotterdam-crisisteam rotterdam-gedragsdeskundige; do
	act_ok "$u" "$ID2" beoordelen --file "$FIX/assessment/geldig.yaml"
done
act_ok rotterdam-ketenregisseur "$ID2" conclusie-huisverbodwaardig --note "Fictief: huisverbodwaardig."
wt verify
expect_rc 0 "verify voor de vijandige invoer"
BEFORE=$(snapshot)

# run_kind KIND FILE POS CHECK PATTERN: the file through the commands that read its kind.
run_kind() {
	local kind=$1 file=$2 pos=$3 check=$4 pattern=$5 name
	name=${file#"$HOSTILE"/}
	name=${name#"$GEN"/}
	case "$kind" in
	verzoek)
		if [ "$check" != - ]; then
			measured "verzoek:$name:check" check "$file"
			refused "check $name" "$check" "$file" "$pos" "$pattern"
		fi
		measured "verzoek:$name:submit" --as $VZ submit "$file"
		refused "submit $name" 2 "$file" "$pos" "$pattern"
		if [ "$MODE" != valgrind ]; then
			wt --as $VZ --json submit "$file"
			expect_rc 2 "submit --json $name"
			[ "$(json 'j["error"]["file"]')" = "$file" ] || fail "submit --json $name: file"
			if [ "$pos" != - ]; then
				[ "$(json 'j["error"]["line"]')" = "${pos%%:*}" ] || fail "submit --json $name: line"
			fi
		fi
		;;
	beoordeling)
		measured "beoordeling:$name:act" --as $PO act "$ID1" beoordelen --file "$file"
		refused "act beoordelen $name" 2 "$file" "$pos" "$pattern"
		;;
	advies)
		measured "advies:$name:act" --as $JU act "$ID2" advies-vastleggen --file "$file"
		refused "act advies-vastleggen $name" 2 "$file" "$pos" "$pattern"
		;;
	workflow)
		measured "workflow:$name:lint" workflow lint "$file"
		refused "workflow lint $name" 2 "$file" "$pos" "$pattern"
		;;
	*) fail "onbekende soort '$kind' in de verwachtingen" ;;
	esac
}

# ---- the corpus: committed files, then generated ones ----
n_files=0
while IFS=$'\t' read -r kind file pos check pattern; do
	case "$kind" in '#'* | '') continue ;; esac
	run_kind "$kind" "$HOSTILE/$file" "$pos" "$check" "$pattern"
	n_files=$((n_files + 1))
done <"$HOSTILE/expect.tsv"
while IFS=$'\t' read -r kind file pos check pattern; do
	case "$MODE:$kind" in valgrind:beoordeling | valgrind:workflow) continue ;; esac
	run_kind "$kind" "$GEN/$file" "$pos" "$check" "$pattern"
	n_files=$((n_files + 1))
done <"$GEN/expect.tsv"
[ "$n_files" -ge 70 ] || [ "$MODE" = valgrind ] || fail "te weinig bestanden in het corpus ($n_files)"

# ---- path tricks in every file argument ----
mkfifo "$TMP/pijp.yaml"
ln -s /dev/zero "$TMP/nullen.yaml"
mkdir -p "$TMP/a/b/c/d/e/f/g/h"
cd "$TMP/a/b/c/d/e/f/g/h" || fail "cd"
UP=../../../../../../../../../../../../etc/passwd

# special LABEL FILE PATTERN [CHECK_EXIT]: FILE through every reading command. /etc/passwd is
# readable text, so it is not tried as an advice (recording it would be the user's choice).
special() {
	local label=$1 file=$2 pattern=$3 check=${4:-2}
	measured "pad:$label:check" check "$file"
	refused "check $label" "$check" "$file" - "$pattern"
	measured "pad:$label:submit" --as $VZ submit "$file"
	refused "submit $label" 2 "$file" - "$pattern"
	measured "pad:$label:act" --as $PO act "$ID1" beoordelen --file "$file"
	refused "act beoordelen $label" 2 "$file" - "$pattern"
	if [ "$file" != "$UP" ]; then
		measured "pad:$label:advies" --as $JU act "$ID2" advies-vastleggen --file "$file"
		refused "act advies-vastleggen $label" 2 "$file" - "$pattern"
	fi
	measured "pad:$label:lint" workflow lint "$file"
	refused "workflow lint $label" 2 "$file" - "$pattern"
}
special map "$TMP" "map|geen gewoon bestand"
special fifo "$TMP/pijp.yaml" "leeg|geen gewoon bestand"
special dev-zero /dev/zero "te groot|geen gewoon bestand"
special symlink-dev-zero "$TMP/nullen.yaml" "te groot|geen gewoon bestand"
special bestaat-niet "$TMP/bestaat-niet.yaml" "niet gevonden|bestaat niet"
special etc-passwd "$UP" "groep|leeg|geen gewoon" 1
# The data directory's own files are no input either.
special index "$DATA/index.sqlite" "nul-teken|geen geldige UTF-8"
measured "pad:audit-config:act" --as $PO act "$ID1" beoordelen --file "$DATA/audit.git/config"
refused "act beoordelen audit.git/config" 2 "$DATA/audit.git/config" - "beoordeling|YAML"

# Output files: never inside the data directory, never over an existing file.
ln -s "$DATA/audit.git" "$TMP/koppeling"
passwd_before=$(sha256sum /etc/passwd)
for out in "$DATA/audit.git/refs/dossiers/2026-RTM-9999" "$DATA/audit.git/objects/concept.md" \
	"$DATA/../$(basename "$DATA")/concept.md" "$DATA/" "$TMP/koppeling/concept.md"; do
	measured "pad:advies-out" --as $JU advies "$ID2" --out "$out"
	refused "advies --out $out" 2 "$out" - "gegevensmap"
	[ ! -e "$out" ] || [ -d "$out" ] || fail "advies --out $out: bestand toch gemaakt"
	measured "pad:new" new "$out"
	refused "new $out" 2 "$out" - "gegevensmap"
done
measured "pad:advies-out" --as $JU advies "$ID2" --out "$UP"
refused "advies --out $UP" 2 "$UP" - "bestaat al"
measured "pad:advies-out" --as $JU advies "$ID2" --out "$TMP/geen-map/concept.md"
refused "advies --out geen-map" 2 "$TMP/geen-map/concept.md" - "map .*bestaat niet"
[ "$(sha256sum /etc/passwd)" = "$passwd_before" ] || fail "/etc/passwd veranderd"
checks=$((checks + 1))

# Case ids that look like paths (they become ref names): unknown, exit 2.
ids=(../../HEAD ../weegteam/journaal "$ID1/../$ID1" "refs/dossiers/$ID1" /etc/passwd ..)
[ "$MODE" != valgrind ] || ids=(../weegteam/journaal "$ID1/../$ID1")
for id in "${ids[@]}"; do
	for cmd in show log advies; do
		measured "pad:zaak:$cmd" --as rotterdam-ketenregisseur "$cmd" "$id"
		expect_rc 2 "$cmd '$id'"
		expect_err "bestaat niet" "$cmd '$id'"
		unchanged "$cmd '$id'"
	done
	measured "pad:zaak:act" --as $PO act "$id" beoordelen --file "$FIX/assessment/geldig.yaml"
	expect_rc 2 "act '$id'"
	unchanged "act '$id'"
done
for cmd in show dot; do
	measured "pad:workflow-$cmd" workflow "$cmd" ../../etc/passwd
	expect_rc 2 "workflow $cmd ../../etc/passwd"
done

# ingest: a drop folder of hostile files is refused file by file, nothing is recorded.
mkdir -p "$TMP/bak"
cp "$HOSTILE/verzoek/alias_bom.yaml" "$GEN/verzoek/nul_byte.yaml" "$GEN/verzoek/diep_flow.yaml" \
	"$TMP/bak/"
ln "$GEN/verzoek/groot_60mb.yaml" "$TMP/bak/groot.yaml"
mkfifo "$TMP/bak/pijp.yaml"
measured "pad:ingest" --as $VZ ingest "$TMP/bak"
expect_rc 1 "ingest van vijandige bestanden"
unchanged "ingest"
for f in alias_bom nul_byte diep_flow groot pijp; do
	[ -f "$TMP/bak/geweigerd/$f.yaml.fout" ] || fail "ingest: geen $f.yaml.fout"
	checks=$((checks + 1))
done

cd "$TMP" || fail "cd"
wt verify
expect_rc 0 "verify na alle vijandige invoer"
unchanged "verify"

# ---- the measurements: the worst per kind of input ----
echo "metingen ($MODE; grenzen: ${MAX_RSS_KB} KB$([ "$MODE" = gewoon ] || echo ' (niet getoetst)'), ${MAX_SECONDS} s):"
awk '{ split($1, p, ":"); k = p[2]; sub(/.*\//, "", k); sub(/\.(yaml|md)$/, "", k)
       if (p[1] == "pad") k = "pad: " p[2]
       if (!(k in rss) || $2 > rss[k]) rss[k] = $2; if (!(k in t) || $3 > t[k]) t[k] = $3; n[k]++ }
     END { for (k in rss) printf "  %-40s %3d keer  max %6d KB  max %5.2f s\n", k, n[k], rss[k], t[k] }' \
	"$MEASURE" | sort
awk '{ if ($2 > r) r = $2; if ($3 > s) s = $3; n++ } END { printf "  totaal: %d opdrachten, max %d KB, max %.2f s\n", n, r, s }' "$MEASURE"
done_ok
