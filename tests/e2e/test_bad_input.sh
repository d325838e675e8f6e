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
done_ok
