#!/usr/bin/env bash
# Crash safety with the fault-injection build (make fault): the process is stopped at each step
# of recording an event in turn. After each stop the next ordinary command heals by itself,
# verify passes, git fsck is clean, and the event is either fully there or fully absent, never
# twice. Also: a reindex stopped halfway, and a delivery stopped after the receiver got it.
. "$WT_ROOT/tests/e2e/lib.sh"
F="$REQ/rotterdam-partnergeweld.yaml"
A="$FIX/assessment/geldig.yaml"
KR=rotterdam-ketenregisseur
PO=rotterdam-politie
STOPPED=86

refs_count() { git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers | wc -l; }
events_of() { git --git-dir "$DATA/audit.git" rev-list --count "refs/dossiers/$1" 2>/dev/null || echo 0; }
clean() { # clean WHAT: verify and git fsck pass
	wt verify
	expect_rc 0 "verify na $1"
	git --git-dir "$DATA/audit.git" fsck --full --strict >/dev/null 2>&1 || fail "git fsck na $1"
	checks=$((checks + 1))
}

"$WT_BIN" --help >/dev/null 2>&1
for P in na-blobs na-commit na-pak na-journaal na-ref voor-index tijdens-index na-index; do
	# Stops before the journal entry leave nothing (at na-pak an unreferenced pack); from the
	# journal entry on, the event is recorded and the next command completes the rest.
	case $P in na-blobs | na-commit | na-pak) present=0 ;; *) present=1 ;; esac

	# -- a submission
	new_data
	VZ=$(requester_for "$F")
	WEEGTEAM_FAULT=$P wt --as "$VZ" submit "$F"
	expect_rc $STOPPED "submit gestopt bij $P"
	expect_err "foutinjectie: gestopt bij '$P'" "het stoppunt"
	wt --as $KR --json queue
	expect_rc 0 "de eerste opdracht na $P herstelt zelf"
	n=$(json 'len(j["zaken"])')
	[ "$n" = "$present" ] || fail "$P: $n zaken in de wachtrij, verwacht $present"
	[ "$(refs_count)" = "$present" ] || fail "$P: $(refs_count) dossiers, verwacht $present"
	[ "$present" = 0 ] || [ "$(events_of 2026-RTM-0001)" = 1 ] || fail "$P: indiening niet precies één keer"
	checks=$((checks + 3))
	clean "submit/$P"
	submit_file "$F"
	want=2026-RTM-000$((present + 1))
	[ "$ID" = "$want" ] || fail "$P: volgende nummer $ID, verwacht $want (geen dubbel nummer)"
	checks=$((checks + 1))

	# -- an action with a document
	e0=$(events_of "$ID")
	WEEGTEAM_FAULT=$P wt --as $PO act "$ID" beoordelen --file "$A"
	expect_rc $STOPPED "act gestopt bij $P"
	wt --as $KR show "$ID"
	expect_rc 0 "show na act/$P"
	[ "$(events_of "$ID")" = $((e0 + present)) ] || fail "$P: actie half of dubbel vastgelegd"
	checks=$((checks + 1))
	clean "act/$P"
	# The same assessment again: refused when it was recorded (once per round), else it goes in.
	wt --as $PO act "$ID" beoordelen --file "$A"
	expect_rc $present "dezelfde actie opnieuw na $P"
	[ "$(events_of "$ID")" = $((e0 + 1)) ] || fail "$P: de actie staat er niet precies één keer"
	checks=$((checks + 1))
	clean "act/$P opnieuw"

	# -- ingest stopped at the same point: the next ingest (cron runs it again) finds the file
	#    in bezig/ and knows whether it was recorded: one case for one file, never two.
	new_data
	mkdir -p "$TMP/in"
	rm -rf "$TMP/in"/*
	cp "$F" "$TMP/in/v1.yaml"
	WEEGTEAM_FAULT=$P wt --as "$VZ" ingest "$TMP/in"
	expect_rc $STOPPED "ingest gestopt bij $P"
	[ -f "$TMP/in/bezig/v1.yaml" ] || fail "$P: het bestand staat niet in bezig/"
	wt --as "$VZ" ingest "$TMP/in"
	expect_rc 0 "ingest na $P"
	[ "$(refs_count)" = 1 ] || fail "$P: $(refs_count) dossiers na de tweede ingest, verwacht 1"
	[ -f "$TMP/in/verwerkt/2026-RTM-0001-v1.yaml" ] || fail "$P: niet naar verwerkt/ met het nummer"
	[ -z "$(ls "$TMP/in/bezig")" ] && [ ! -f "$TMP/in/v1.yaml" ] || fail "$P: het bestand bleef liggen"
	[ "$present" = 0 ] || expect_out "al ingediend door een onderbroken ingest" "zegt dat het al ingediend was"
	checks=$((checks + 4))
	clean "ingest/$P"
done

# -- ingest: a file identical to one ingested before, stopped before it was recorded, is
#    submitted by the next run (not taken for the earlier one); and a file of the same name
#    dropped while its namesake waits in bezig/ is not lost.
new_data
VZ=$(requester_for "$F")
rm -rf "$TMP/in"; mkdir -p "$TMP/in"
cp "$F" "$TMP/in/v1.yaml"
wt --as "$VZ" ingest "$TMP/in"; expect_rc 0 "eerste ingest"
cp "$F" "$TMP/in/v2.yaml"
WEEGTEAM_FAULT=na-pak wt --as "$VZ" ingest "$TMP/in"
expect_rc $STOPPED "ingest van een gelijk bestand gestopt voor het journaal"
sed 's/^spoed: true/spoed: false/' "$F" >"$TMP/in/v2.yaml"
wt --as "$VZ" ingest "$TMP/in"; expect_rc 0 "ingest na de stop"
expect_out "v2.yaml -> 2026-RTM-0002$" "het gelijke bestand is nu ingediend, niet voor het eerdere gehouden"
expect_out "v2.yaml -> 2026-RTM-0003$" "het nieuwe bestand met dezelfde naam is daarna ingediend"
[ "$(refs_count)" = 3 ] || fail "$(refs_count) dossiers, verwacht 3"
[ -f "$TMP/in/verwerkt/2026-RTM-0002-v2.yaml" ] && [ -f "$TMP/in/verwerkt/2026-RTM-0003-v2.yaml" ] &&
	[ -z "$(ls -A "$TMP/in/bezig")" ] || fail "verwerkt/ of bezig/ klopt niet: $(ls -RA "$TMP/in")"
checks=$((checks + 2))
clean "ingest met gelijke bestanden en namen"
# A claim whose marker was damaged tells nothing: the file is submitted again (a second case,
# which can be withdrawn), never taken for the earlier identical case (a verzoek lost).
cp "$F" "$TMP/in/v3.yaml"
WEEGTEAM_FAULT=na-pak wt --as "$VZ" ingest "$TMP/in"
expect_rc $STOPPED "ingest gestopt, daarna een beschadigde marker"
printf 'onzin-onzin-onzin-onzin-onzin-onzin-onzin\n' >"$TMP/in/bezig/.v3.yaml.kop"
wt --as "$VZ" ingest "$TMP/in"; expect_rc 0 "ingest met een beschadigde marker"
expect_out "v3.yaml -> 2026-RTM-0004$" "ingediend, niet voor een eerder dossier gehouden"
[ "$(refs_count)" = 4 ] || fail "$(refs_count) dossiers, verwacht 4"
checks=$((checks + 1))

# -- reindex stopped after the second case: its transaction is rolled back, the old index
#    stays in use, and the next reindex completes.
new_data
for k in 1 2 3; do submit_file "$F"; done
WEEGTEAM_FAULT=tijdens-reindex:2 wt reindex
expect_rc $STOPPED "reindex gestopt"
wt --as $KR --json queue
expect_rc 0 "queue na afgebroken reindex"
[ "$(json 'len(j["zaken"])')" = 3 ] || fail "de index is na een afgebroken reindex niet meer compleet"
checks=$((checks + 1))
clean "afgebroken reindex"
wt reindex
expect_rc 0 "reindex daarna"
clean "reindex"

# -- maintain stopped while it packs the case refs: after packed-refs is in place, and after
#    the first loose file is removed. Git sees the same refs, verify passes, and the next
#    maintain finishes the packing.
for P in na-packed-refs tijdens-refs-opruimen:2; do
	new_data
	for k in 1 2 3; do submit_file "$F"; done
	refs_before=$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers/)
	WEEGTEAM_FAULT=$P wt maintain
	expect_rc $STOPPED "maintain gestopt bij $P"
	[ "$(git --git-dir "$DATA/audit.git" for-each-ref refs/dossiers/)" = "$refs_before" ] ||
		fail "$P: git ziet andere refs na een afgebroken maintain"
	checks=$((checks + 1))
	clean "maintain/$P"
	wt --as $PO act 2026-RTM-0001 beoordelen --file "$A"
	expect_rc 0 "act na afgebroken maintain ($P)"
	wt maintain
	expect_rc 0 "maintain daarna ($P)"
	[ -z "$(ls "$DATA/audit.git/refs/dossiers")" ] || fail "$P: losse refs na het tweede maintain"
	[ ! -e "$DATA/audit.git/packed-refs.lock" ] || fail "$P: packed-refs.lock bleef staan"
	checks=$((checks + 2))
	clean "maintain na $P"
done

# -- delivery stopped after the receiver answered 200, before the outbox knew: the next tick
#    (once the hold expired) delivers it again with the same id: at least once.
new_data
python3 "$WT_ROOT/tests/e2e/helpers/receiver.py" --port-file "$TMP/port" --log "$TMP/recv.log" &
rp=$!
trap 'kill $rp 2>/dev/null; rm -rf "$TMP"' EXIT
for i in $(seq 1 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
printf 'fictief-gedeeld-geheim-voor-de-test-0123456789\n' >"$DATA/geheim.key"
chmod 600 "$DATA/geheim.key"
cat >"$DATA/meldingen.yaml" <<YAML
soort: meldingen
versie: 1
eindpunten:
  - naam: test
    url: http://127.0.0.1:$(cat "$TMP/port")/
    geheim_bestand: geheim.key
YAML
submit_file "$F"
WEEGTEAM_FAULT=na-aflevering wt tick
expect_rc $STOPPED "tick gestopt na het afleveren"
export WEEGTEAM_NU=2026-11-28T12:00:00+01:00
wt tick
expect_rc 0 "tick daarna"
expect_out "1 afgeleverd" "opnieuw afgeleverd"
python3 - "$TMP/recv.log" <<'PY' || fail "twee keer dezelfde melding verwacht"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, rows
assert rows[0]["headers"]["x-weegteam-id"] == rows[1]["headers"]["x-weegteam-id"]
assert rows[0]["body"] == rows[1]["body"]
PY
checks=$((checks + 1))
wt notifications --status afgeleverd
expect_out "^afgeleverd +2026-RTM-0001\.1\.test" "afgeleverd in de outbox"
kill $rp 2>/dev/null
wait $rp 2>/dev/null
done_ok
