#!/usr/bin/env bash
# Terminal control characters: refused where they come in (YAML escapes such as "\e", --note,
# templates) with exit 2 and a position, and never printed raw: names the user typed (a case
# id, --as, a file name) are echoed with the control characters shown as \u001b.
. "$(dirname "$0")/lib.sh"
new_data
G="git --git-dir $DATA/audit.git"
VZ=rotterdam-verzoeker-veilig-thuis
submit_as $VZ "$REQ/rotterdam-partnergeweld.yaml"
id=$ID
before=$($G rev-parse "refs/dossiers/$id")

# no_raw WHAT: neither stdout nor stderr of the last run holds ESC, BEL, DEL or a C1 character.
no_raw() {
	checks=$((checks + 1))
	case "$OUT$ERR" in
	*$'\e'* | *$'\a'* | *$'\x7f'* | *$'\xc2\x9b'* | *$'\xc2\x85'*)
		fail "$1: een stuurteken is onbewerkt afgedrukt: $(printf '%s\n%s' "$OUT" "$ERR" | cat -v)" ;;
	esac
}
unchanged() {
	checks=$((checks + 1))
	[ "$($G rev-parse "refs/dossiers/$id")" = "$before" ] || fail "$1: het dossier is veranderd"
}

# An assessment whose explanation carries escape codes for another user's terminal.
python3 - "$FIX/assessment/geldig.yaml" "$TMP/esc.yaml" <<'PY'
import re, sys
b = open(sys.argv[1]).read()
b = re.sub(r"toelichting: >-\n(  .*\n)+", 'toelichting: "Wurging \\\\e[2J\\\\e]0;TITEL\\\\a gezien"\n', b)
open(sys.argv[2], "w").write(b)
PY
line=$(grep -n '^toelichting:' "$TMP/esc.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "fixture esc.yaml"
wt --as rotterdam-politie act "$id" beoordelen --file "$TMP/esc.yaml"
expect_rc 2 "beoordeling met \\e"
expect_err "esc.yaml:$line:14: veld 'toelichting': .*stuurteken \(U\+001B\)" "positie, veld en teken"
no_raw "beoordeling met \\e"
unchanged "beoordeling met \\e"
wt --json --as rotterdam-politie act "$id" beoordelen --file "$TMP/esc.yaml"
[ "$(json 'j["error"]["code"]')" = stuurteken ] || fail "json code"
[ "$(json 'j["error"]["field"]')" = toelichting ] || fail "json field"

# DEL and C1 (CSI) by escape, in a verzoek: check and submit refuse them.
for esc in '\\x7f' '\\x9b' '\\u0085'; do
	sed "s/^  naam: P\. Jansen\$/  naam: \"P. ${esc}Jansen\"/" "$REQ/rotterdam-partnergeweld.yaml" >"$TMP/naam.yaml"
	line=$(grep -n '^  naam: "P\.' "$TMP/naam.yaml" | cut -d: -f1)
	[ -n "$line" ] || fail "fixture naam.yaml"
	wt check "$TMP/naam.yaml"
	expect_rc 2 "check verzoek met $esc"
	expect_err "naam.yaml:$line:9: veld '[a-z_.]*naam': .*stuurteken" "check: positie en veld"
	wt --as $VZ submit "$TMP/naam.yaml"
	expect_rc 2 "submit verzoek met $esc"
	expect_err "naam.yaml:$line:9: veld '[a-z_.]*naam': .*stuurteken" "submit: positie en veld"
	no_raw "verzoek met $esc"
done
[ "$($G for-each-ref refs/dossiers | wc -l)" = 1 ] || fail "een verzoek met een stuurteken is toch ingediend"

# An unknown key made of escape codes: refused, and the message shows the key escaped.
printf 'soort: beoordeling\n"zz\\e[2J\\e[31mkey": x\n' >"$TMP/sleutel.yaml"
wt --as rotterdam-politie act "$id" beoordelen --file "$TMP/sleutel.yaml"
expect_rc 2 "sleutel met \\e"
expect_err "sleutel.yaml:2:1: veld 'zz\\\\u001b\[2J\\\\u001b\[31mkey': Deze sleutel" "sleutel getoond met \\u001b"
no_raw "sleutel met \\e"
unchanged "sleutel met \\e"
# ... also in the files of the data directory (users.yaml), which every command reads.
cp "$DATA/users.yaml" "$TMP/users.yaml"
printf '"zz\\e[2Jkey": x\n' >>"$DATA/users.yaml"
wt --as $VZ queue
expect_rc 2 "users.yaml met \\e"
expect_err "users.yaml:[0-9]+:1: .*stuurteken" "users.yaml: positie"
no_raw "users.yaml met \\e"
cp "$TMP/users.yaml" "$DATA/users.yaml"

# --note on the command line: refused the same way, the field named.
wt --as $VZ act "$id" intrekken --note $'\e[2J\e]0;TITEL\agekaapt'
expect_rc 2 "--note met ESC"
expect_err "veld '--note': .*stuurteken \(U\+001B\)" "--note: veld en teken"
no_raw "--note met ESC"
unchanged "--note met ESC"
wt --as $VZ act "$id" intrekken --note $'Ingetrokken\xc2\x9b2J'
expect_rc 2 "--note met C1"
no_raw "--note met C1"
unchanged "--note met C1"
# Names the user typed are echoed with their control characters escaped.
wt --as rotterdam-ketenregisseur show $'2026-RTM-\e[2J\e]0;x\a0001'
expect_rc 2 "show met ESC in het nummer"
expect_err '2026-RTM-\\u001b\[2J\\u001b\]0;x\\u00070001' "nummer getoond met \\u001b"
no_raw "show met ESC in het nummer"
wt --json --as rotterdam-ketenregisseur show $'2026-RTM-\e[2J\x7f\xc2\x9b'
expect_rc 2 "show --json met stuurtekens"
no_raw "show --json met stuurtekens"
json 'j["error"]["message"]' >/dev/null || fail "show --json: geen JSON"
wt --as $'\e[2Jiemand' queue
expect_rc 2 "--as met ESC"
no_raw "--as met ESC"
expect_err "'\\\\u001b\[2Jiemand'" "gebruiker getoond met \\u001b"
for cmd in check "--as $VZ submit" "workflow lint"; do
	# shellcheck disable=SC2086
	wt $cmd "$TMP/"$'\e[2Jbestand\a.yaml'
	expect_rc 2 "$cmd met ESC in de bestandsnaam"
	no_raw "$cmd met ESC in de bestandsnaam"
done
mkdir -p "$TMP/bak"
cp "$REQ/rotterdam-partnergeweld.yaml" "$TMP/bak/"$'\e[2Jdrop.yaml'
printf 'soort: verzoek-tijdelijk-huisverbod\nversie: 1\ngemeente: "\\e[2J"\n' >"$TMP/bak/"$'\e]0;x\afout.yaml'
wt --as $VZ ingest "$TMP/bak"
expect_rc 1 "ingest met ESC in de bestandsnamen"
expect_out '\\u001b\[2Jdrop.yaml -> 2026-RTM-' "ingest: naam getoond met \\u001b"
no_raw "ingest met ESC in de bestandsnamen"
before=$($G rev-parse "refs/dossiers/$id")

# A template must be UTF-8 text without control characters (config.yaml names the folder).
cp -r "$WT_ROOT/templates" "$TMP/sjablonen"
sed -i "s|^templates: .*|templates: $TMP/sjablonen|" "$DATA/config.yaml"
wt --as rotterdam-burgemeester advies "$id"
expect_rc 0 "advies met de gekopieerde sjablonen"
n=$(($(wc -l <"$TMP/sjablonen/advies.md") + 2))
printf '\nFictief \xff\xfe\xc0\xaf.\n' >>"$TMP/sjablonen/advies.md"
wt --as rotterdam-burgemeester advies "$id"
expect_rc 2 "sjabloon met ongeldige UTF-8"
expect_err "sjablonen/advies.md:$n:9: .*geen geldige UTF-8" "sjabloon: positie"
[ -z "$OUT" ] || fail "sjabloon met ongeldige UTF-8: toch een concept afgedrukt"
cp "$WT_ROOT/templates/advies.md" "$TMP/sjablonen/advies.md"
printf '\nFictief \x1b[2J.\n' >>"$TMP/sjablonen/advies.md"
wt --as rotterdam-burgemeester advies "$id"
expect_rc 2 "sjabloon met ESC"
expect_err "sjablonen/advies.md:$n:9: .*stuurteken \(U\+001B\)" "sjabloon met ESC: positie"
no_raw "sjabloon met ESC"
unchanged "advies"

# TAB and line breaks in a note are text: recorded as they are, and shown with every further
# line indented behind a bar, so that a note can never print a line that passes for an event
# of log's own (a second independent check forged "event 8, closed by the ketenregisseur").
wt --as $VZ act "$id" intrekken --note $'Ingetrokken:\n\tfictief, niet meer nodig\n  8  29-11-2026 19:05  rotterdam-ketenregisseur (ketenregisseur)'
expect_rc 0 "notitie met tab en regels"
wt --as rotterdam-ketenregisseur log "$id"
expect_rc 0 "log"
expect_out $'^            \| \tfictief, niet meer nodig$' "tab en regel in de notitie, ingesprongen"
expect_out '^            \|   8  29-11-2026 19:05' "een nagemaakte regel staat achter de streep"
expect_not '^  8  29-11-2026' "$OUT" "geen regel die als gebeurtenis 8 begint"
[ "$(git --git-dir "$DATA/audit.git" log -1 --format=%B "refs/dossiers/$id" | sed -n 4p)" = $'\tfictief, niet meer nodig' ] ||
	fail "de notitie is niet ongewijzigd vastgelegd"
checks=$((checks + 1))
done_ok
