#!/usr/bin/env bash
# test_startup.sh: what a command reads when it starts. A command parses only the workflows of
# the cities it concerns, so a broken workflow file or users.yaml entry stops exactly the
# people it concerns (with file, line and column) and nobody else; libcurl is loaded only to
# deliver notifications.
. "$(dirname "$0")/lib.sh"

new_data
cp -r "$WT_ROOT/workflows" "$TMP/wf"
sed -i "s|^workflows: .*|workflows: $TMP/wf|" "$DATA/config.yaml"
F="$REQ/rotterdam-partnergeweld.yaml"
VZ=rotterdam-verzoeker-veilig-thuis
submit_as "$VZ" "$F"
id=$ID

# ---- A broken Utrecht workflow: Rotterdam works on, Utrecht is told where the error is.
printf 'acties:\n  - [onaf\n' >>"$TMP/wf/utrecht.yaml"
wt --as rotterdam-ketenregisseur queue
expect_rc 0 "een kapotte Utrechtse workflow houdt Rotterdam niet op"
expect_out "$id" "het Rotterdamse dossier staat in de queue"
wt --as rotterdam-ketenregisseur show "$id"
expect_rc 0 "show in Rotterdam"
submit_as "$VZ" "$F"
wt --as utrecht-adviseur-huisverbod queue
expect_rc 2 "een Utrechtse gebruiker hoort van de kapotte workflow"
expect_err "utrecht\.yaml" "de melding noemt het bestand"
expect_err "utrecht\.yaml:[0-9]+:[0-9]+" "de melding noemt regel en kolom"
# A verzoek for a city without a workflow: the whole folder is read, so the broken file is
# named rather than a list of cities that silently leaves Utrecht out.
sed 's/^gemeente: .*/gemeente: Zwolle/' "$F" >"$TMP/zwolle.yaml"
wt --as "$VZ" submit "$TMP/zwolle.yaml"
expect_rc 2 "een onbekende gemeente leest alle workflows"
expect_err "utrecht\.yaml" "en noemt dan de kapotte"
cp "$WT_ROOT/workflows/utrecht.yaml" "$TMP/wf/utrecht.yaml"
wt --as "$VZ" submit "$TMP/zwolle.yaml"
expect_rc 2 "geen workflow voor Zwolle"
expect_err "Amsterdam, Den Haag, Rotterdam en Utrecht" "de melding noemt alle gemeenten met een workflow"

# ---- A users.yaml entry with a role the workflow does not know: that user only.
cat >>"$DATA/users.yaml" <<'YAML'
  - id: rotterdam-tikfout
    naam: Fictieve medewerker met een tikfout
    email: tikfout@example.nl
    organisatie: politie
    rollen:
      rotterdam: [polite]
YAML
line=$(grep -n "id: rotterdam-tikfout" "$DATA/users.yaml" | cut -d: -f1)
wt --as rotterdam-tikfout queue
expect_rc 2 "een onbekende rol wordt geweigerd"
expect_err "users\.yaml" "de melding noemt users.yaml"
expect_err "users\.yaml:$line:" "en de regel van die gebruiker"
expect_err "'polite'" "en de rol"
wt --as rotterdam-ketenregisseur queue
expect_rc 0 "een collega met een tikfout houdt de anderen niet op"
wt --as rotterdam-ketenregisseur queue --city Utrecht
expect_rc 0 "--city leest de workflow van die gemeente"

# ---- libcurl is not linked: loaded only when a notification is delivered (test_notify.sh
# delivers over HTTP and HTTPS).
if command -v ldd >/dev/null; then
	checks=$((checks + 1))
	if ldd "$WT_BIN" | grep -q libcurl; then fail "libcurl hoort niet gelinkt te zijn"; fi
fi

# ---- The index is consistent for the sqlite3 tool between commands.
n=$(sqlite3 "$DATA/index.sqlite" "select count(*) from cases")
[ "$n" = 2 ] || fail "sqlite3 ziet $n dossiers, verwacht 2"
checks=$((checks + 1))
wt verify
expect_rc 0 "verify"

done_ok
