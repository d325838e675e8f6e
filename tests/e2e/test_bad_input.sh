#!/usr/bin/env bash
# Bad input: clear Dutch errors with file, line, column and field; exit 2; nothing changes.
. "$(dirname "$0")/lib.sh"
new_data
src="$REQ/rotterdam-partnergeweld.yaml"
user=$(grep -oE 'rotterdam-verzoeker-veilig-thuis' "$DATA/users.yaml" | head -1)
[ -n "$user" ] || fail "geen verzoeker in users.yaml"

# A misspelt key: exit 2, names line, column and field, suggests the right key.
sed 's/^  geboortedatum:/  geboortedatm:/' "$src" > "$TMP/typo.yaml"
line=$(grep -n '^  geboortedatm:' "$TMP/typo.yaml" | head -1 | cut -d: -f1)
wt --as "$user" submit "$TMP/typo.yaml"
expect_rc 2 "verkeerd gespelde sleutel"
expect_err "typo.yaml:$line:3" "regel en kolom"
expect_err "geboortedatm" "veldnaam"
expect_err "Bedoelde u 'geboortedatum'" "suggestie"
wt --json --as "$user" submit "$TMP/typo.yaml"
expect_rc 2 "json fout"
[ "$(json 'j["error"]["line"]')" = "$line" ] || fail "json line"
[ "$(json 'j["error"]["code"]')" = "onbekend_veld" ] || fail "json code"

# Nothing was recorded.
[ -z "$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers)" ] || fail "er is toch iets vastgelegd"

# A municipality without a workflow.
sed 's/^gemeente: .*/gemeente: Zwolle/' "$src" > "$TMP/zwolle.yaml"
wt --as "$user" submit "$TMP/zwolle.yaml"
expect_rc 2 "onbekende gemeente"
expect_err "Zwolle" "noemt de gemeente"
expect_err "Rotterdam" "noemt de gemeenten die wel kunnen"

# Hostile YAML: an alias bomb and invalid UTF-8 are refused quickly.
python3 - "$TMP/bomb.yaml" <<'PY'
import sys
lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
for i in range(1, 10):
    lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
wt --as "$user" submit "$TMP/bomb.yaml"
expect_rc 2 "alias-bom"
printf 'soort: verzoek-tijdelijk-huisverbod\nversie: 1\ngemeente: "Rotterdam\xff"\n' > "$TMP/utf8.yaml"
wt --as "$user" submit "$TMP/utf8.yaml"
expect_rc 2 "ongeldige utf-8"
expect_err "utf8.yaml:3" "regel van de foute byte"

# Unknown user, unknown command, unknown option.
wt --as niemand queue
expect_rc 2 "onbekende gebruiker"
expect_err "niemand" "noemt de gebruiker"
wt --as "$user" vliegen
expect_rc 2 "onbekende opdracht"
wt --bogus queue
expect_rc 2 "onbekende optie"
wt --json --bogus queue
expect_rc 2 "onbekende optie json"
json 'j["error"]["code"]' >/dev/null || fail "json-fout is geen JSON"

# File arguments that cannot name a readable plain file are the user's input: exit 2 with the
# file named, for every command that reads one. A named pipe stays readable for check and lint.
submit_as "$user" "$src"
mkfifo "$TMP/pijp.yaml"
long="$TMP/$(printf 'a%.0s' $(seq 1 5000)).yaml"
for f in /proc/self/mem /dev/zero "$long"; do
	for cmd in check "workflow lint" "--as $user submit" "--as rotterdam-politie act $ID beoordelen --file"; do
		wt $cmd "$f"
		expect_rc 2 "$cmd ${f:0:40}"
		ERR="$ERR$OUT" # lint reports on stdout
		expect_err "${f:0:40}" "$cmd noemt ${f:0:40}"
		case $f in /proc/* | /dev/*) expect_err "Dit is geen gewoon bestand" "$cmd $f: geen gewoon bestand" ;; esac
	done
done
wt --as "$user" submit "$TMP/pijp.yaml"
expect_rc 2 "submit van een pijp"
expect_err "geen gewoon bestand" "submit van een pijp"
grep -v '^#' "$src" >"$TMP/via-pijp.yaml"
wt check <(cat "$TMP/via-pijp.yaml")
expect_rc 0 "check leest een verzoek uit een pijp"
wt new "$TMP/geen-map/verzoek.yaml"
expect_rc 2 "new in een map die niet bestaat"
expect_err "geen-map/verzoek.yaml: De map voor dit bestand bestaat niet" "new noemt het bestand en de map"
wt new ''
expect_rc 2 "new zonder naam"
expect_err "geen bestandsnaam" "new zonder naam"
wt new "$TMP/$(printf 'n%.0s' $(seq 1 300)).yaml"
expect_rc 2 "new met een naam van 300 tekens"
expect_err "te lang" "new met een te lange naam"

# config.yaml: the folders are checked when the data directory is opened, and a bad value is
# exit 2 naming config.yaml, line, column and field (not a later file, not exit 5).
cp "$DATA/config.yaml" "$TMP/config.yaml"
wline=$(grep -n '^workflows:' "$TMP/config.yaml" | cut -d: -f1)
tline=$(grep -n '^templates:' "$TMP/config.yaml" | cut -d: -f1)
for v in /bestaat/niet /etc/passwd /dev/zero ../../../../etc /etc '""' 42 true null 2026-01-01 "$TMP"; do
	sed "s|^workflows: .*|workflows: $v|" "$TMP/config.yaml" >"$DATA/config.yaml"
	wt --as "$user" queue
	expect_rc 2 "workflows: $v"
	expect_err "config.yaml:$wline:12: veld 'workflows'" "workflows: $v noemt config.yaml, regel, kolom en veld"
	expect_not "users.yaml" "$ERR" "workflows: $v geeft users.yaml niet de schuld"
done
mkdir -p "$TMP/alleen-criteria"
cp "$WT_ROOT/workflows/criteria.yaml" "$TMP/alleen-criteria/"
sed "s|^workflows: .*|workflows: $TMP/alleen-criteria|" "$TMP/config.yaml" >"$DATA/config.yaml"
wt --as "$user" queue
expect_rc 2 "een map met workflows zonder workflow"
expect_err "config.yaml:$wline:12: veld 'workflows'.*geen workflow" "zegt dat er geen workflow staat"
for v in /etc /bestaat/niet /etc/passwd; do
	sed "s|^templates: .*|templates: $v|" "$TMP/config.yaml" >"$DATA/config.yaml"
	wt --as "$user" queue
	expect_rc 2 "templates: $v"
	expect_err "config.yaml:$tline:12: veld 'templates'" "templates: $v noemt config.yaml, regel, kolom en veld"
done
cp "$TMP/config.yaml" "$DATA/config.yaml"
wt --as "$user" queue
expect_rc 0 "de oorspronkelijke config.yaml"
done_ok
