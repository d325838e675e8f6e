#!/usr/bin/env bash
# Notifications: a real receiver on a loopback port (HTTP and HTTPS with a private CA), the
# transactional outbox, signatures, retries with backoff, timeouts, a dead receiver, tick's
# deadline events once per deadline, and no personal data in any payload.
. "$(dirname "$0")/lib.sh"
H="$WT_ROOT/tests/e2e/helpers"
A="$FIX/assessment/geldig.yaml"
F="$REQ/den-haag-ex-partner.yaml"
RPIDS=()

# start_receiver NAME MODE [TLS]: starts helpers/receiver.py; sets PORT; log in $TMP/NAME.log.
start_receiver() {
	local name=$1 mode=$2 tls=${3:-} i
	rm -f "$TMP/$name.port"
	if [ -n "$tls" ]; then
		python3 "$H/receiver.py" --port-file "$TMP/$name.port" --log "$TMP/$name.log" --mode "$mode" \
			--port "${FIXED_PORT:-0}" --cert "$TMP/cert.pem" --key "$TMP/key.pem" &
	else
		python3 "$H/receiver.py" --port-file "$TMP/$name.port" --log "$TMP/$name.log" --mode "$mode" \
			--port "${FIXED_PORT:-0}" &
	fi
	RPIDS+=($!)
	RPID=$!
	for i in $(seq 1 100); do [ -s "$TMP/$name.port" ] && break; sleep 0.05; done
	PORT=$(cat "$TMP/$name.port") || fail "ontvanger $name start niet"
}
stop_receivers() {
	local p
	for p in "${RPIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	RPIDS=()
}
trap 'stop_receivers; rm -rf "$TMP"' EXIT

SECRET="fictief-gedeeld-geheim-voor-de-test-0123456789"
# config URL [EXTRA YAML LINES]: meldingen.yaml for Den Haag pointing at URL.
config() {
	printf '%s\n' "$SECRET" >"$DATA/geheimen.key"
	chmod 600 "$DATA/geheimen.key"
	cat >"$DATA/meldingen.yaml" <<EOF
soort: meldingen
versie: 1
link: https://weegteam.example.nl/zaken/{zaak}
wachttijd_eerste_seconden: 30
wachttijd_max_seconden: 120
pogingen: ${POGINGEN:-8}
time_out_seconden: ${TIMEOUT:-5}
termijn_nadert_uren: ${NADERT:-0}
${2:-}
eindpunten:
  - naam: den-haag-hovj
    url: $1
    geheim_bestand: geheimen.key
    gemeenten: [den-haag]
EOF
}
at() { export WEEGTEAM_NU="$1"; }
count_rows() { sqlite3 "$DATA/index.sqlite" "SELECT count(*) FROM outbox WHERE $1"; }

# ---- 1. Delivery of every kind, signed, information-poor, with a decision at the end.
new_data
start_receiver ok ok
config "http://127.0.0.1:$PORT/weegteam"
at 2026-11-27T09:00:00+01:00
OC=den-haag-operationeel-coordinator; HO=den-haag-hulpofficier; CD=den-haag-crisisdienst
BG=den-haag-burgemeester
printf '# Advies\n\nFictief advies.\n' >"$TMP/advies.md"
submit_file "$F"; id=$ID
checks=$((checks + 1))
[ "$(count_rows "status = 'wachtend'")" = 1 ] || fail "de indiening staat niet in de outbox"
# Nothing is sent by the action itself: delivery is tick's work.
[ ! -s "$TMP/ok.log" ] || fail "een actie leverde zelf af"
act_ok $OC "$id" doorzetten --note "Doorgezet naar de HOvJ huisverbod."
act_ok $HO "$id" rihg-vastleggen --file "$A"
act_ok $CD "$id" rihg-vastleggen --file "$A"
act_ok $HO "$id" advies-vastleggen --file "$TMP/advies.md"
act_ok $BG "$id" opleggen --note "De burgemeester legt het huisverbod op."
wt tick
expect_rc 0 "tick levert af"
expect_out "6 afgeleverd" "zes meldingen afgeleverd"
OUT=$(python3 "$H/check_payloads.py" "$TMP/ok.log" "$SECRET" "$F" 2>&1) || fail "payloads: $OUT"
expect_out "^$id\.1\.den-haag-hovj ingediend,status$" "ingediend"
expect_out "^$id\.2\.den-haag-hovj status,actie$" "actie met nieuwe status"
expect_out "^$id\.3\.den-haag-hovj actie$" "actie zonder nieuwe status"
expect_out "^$id\.6\.den-haag-hovj status,actie,besluit$" "besluit"
python3 - "$TMP/ok.log" "$id" <<'EOF' || fail "inhoud van de laatste melding"
import json, sys
last = json.loads(json.loads(open(sys.argv[1]).read().splitlines()[-1])["body"])
assert last["zaak"] == sys.argv[2] and last["gemeente"] == "den-haag", last
assert last["status"] == "huisverbod-opgelegd" and last["actie"] == "opleggen", last
assert last["termijn"] == "2026-12-07T09:00:00+01:00", last   # 240 hours after imposing
assert last["link"] == "https://weegteam.example.nl/zaken/" + sys.argv[2], last
assert last["rollen"] and all(r.replace("-", "").isalpha() for r in last["rollen"]), last
EOF
checks=$((checks + 1))
wt tick
expect_out "0 afgeleverd" "een tweede tick levert niets opnieuw af"
# reindex keeps the outbox: nothing is announced twice.
wt reindex
expect_rc 0 "reindex"
wt tick
expect_out "0 afgeleverd" "na reindex niets opnieuw afgeleverd"
[ "$(wc -l <"$TMP/ok.log")" = 6 ] || fail "de ontvanger kreeg iets dubbel"
checks=$((checks + 1))
# A receiver that is also a city other than its own gets nothing: Rotterdam is not configured.
submit_file "$REQ/rotterdam-partnergeweld.yaml"
[ "$(count_rows "case_id = '$ID'")" = 0 ] || fail "een melding voor een gemeente zonder eindpunt"
checks=$((checks + 1))
stop_receivers

# ---- 2. 500 twice, then success: retried with exponential backoff, one stable id.
new_data
start_receiver flaky fail:2
config "http://127.0.0.1:$PORT/weegteam"
at 2026-11-27T09:00:00+01:00
submit_file "$F"; id=$ID
wt tick
expect_out "1 later opnieuw" "eerste poging mislukt"
wt --json notifications --status wachtend
[ "$(json 'j["meldingen"][0]["pogingen"]')" = 1 ] || fail "pogingen na 1 mislukking"
[ "$(json 'j["meldingen"][0]["volgende_poging"]')" = "2026-11-27T09:00:30+01:00" ] ||
	fail "eerste wachttijd 30 s: $OUT"
expect_out "HTTP-status 500" "de fout staat erbij"
wt tick
expect_out "0 afgeleverd, 0 later opnieuw" "niet opnieuw voor de wachttijd om is"
at 2026-11-27T09:00:31+01:00
wt tick
expect_out "1 later opnieuw" "tweede poging mislukt"
wt --json notifications --status wachtend
[ "$(json 'j["meldingen"][0]["volgende_poging"]')" = "2026-11-27T09:01:31+01:00" ] ||
	fail "tweede wachttijd 60 s: $OUT"
at 2026-11-27T09:01:31+01:00
wt tick
expect_out "1 afgeleverd" "derde poging lukt"
OUT=$(python3 "$H/check_payloads.py" "$TMP/flaky.log" "$SECRET" "$F" 2>&1) || fail "payloads: $OUT"
[ "$(wc -l <"$TMP/flaky.log")" = 3 ] || fail "drie pogingen verwacht"
python3 - "$TMP/flaky.log" <<'EOF' || fail "elke poging draagt hetzelfde id en dezelfde body"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len({r["headers"]["x-weegteam-id"] for r in rows}) == 1
assert len({r["body"] for r in rows}) == 1
assert [r["answer"] for r in rows] == [500, 500, 200]
EOF
checks=$((checks + 2))
stop_receivers

# ---- 3. Connection refused: the action is not slowed or failed; after the last attempt the
#         notification is failed, shown by notifications and verify; --retry-failed brings it back.
new_data
python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$TMP/dead.port"
DEAD=$(cat "$TMP/dead.port")
POGINGEN=2 config "http://127.0.0.1:$DEAD/weegteam"
at 2026-11-27T09:00:00+01:00
submit_file "$F"; id=$ID
act_ok den-haag-operationeel-coordinator "$id" doorzetten --note "Door."
wt tick
expect_rc 0 "tick met een dode ontvanger"
expect_out "2 later opnieuw" "twee meldingen wachten"
at 2026-11-27T09:05:00+01:00
wt tick
expect_out "2 mislukt" "na de laatste poging mislukt"
wt --json notifications --status mislukt
[ "$(json 'len(j["meldingen"])')" = 2 ] || fail "twee mislukte meldingen: $OUT"
expect_out "Geen verbinding" "de reden staat erbij"
wt verify
expect_rc 0 "mislukte meldingen zijn geen integriteitsprobleem"
expect_out "meldingen: 0 wachtend, 2 mislukt" "verify noemt de mislukte meldingen"
wt --json verify
[ "$(json 'j["meldingen_mislukt"]')" = 2 ] || fail "verify --json meldingen_mislukt"
# The receiver comes back on that port; a retry delivers.
FIXED_PORT=$DEAD start_receiver back ok
wt notifications --retry-failed
expect_out "2 mislukte melding\(en\) opnieuw aangeboden" "opnieuw aangeboden"
wt tick
expect_out "2 afgeleverd" "afgeleverd na terugkomst"
OUT=$(python3 "$H/check_payloads.py" "$TMP/back.log" "$SECRET" "$F" 2>&1) || fail "payloads: $OUT"
wt notifications --retry "$id.1.den-haag-hovj"
expect_rc 2 "een afgeleverde melding is niet opnieuw aan te bieden"
stop_receivers

# ---- 4. A slow receiver: within the timeout it is delivered; beyond it, a clear timeout.
new_data
start_receiver slow slow:1.5
TIMEOUT=5 config "http://127.0.0.1:$PORT/weegteam"
at 2026-11-27T09:00:00+01:00
submit_file "$F"
wt tick
expect_out "1 afgeleverd" "trage ontvanger binnen de time-out"
stop_receivers
new_data
start_receiver stuck slow:6
TIMEOUT=1 config "http://127.0.0.1:$PORT/weegteam"
submit_file "$F"
wt tick
expect_out "1 later opnieuw" "time-out"
wt notifications
expect_out "Geen antwoord binnen 1 seconden" "de time-out staat erbij"
stop_receivers

# ---- 5. HTTPS with a private CA: verified with ca_bestand, refused without it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null ||
	fail "openssl kan geen testcertificaat maken"
new_data
start_receiver tls ok tls
config "https://127.0.0.1:$PORT/weegteam" "ca_bestand: $TMP/cert.pem"
submit_file "$F"
wt tick
expect_out "1 afgeleverd" "https met eigen CA"
OUT=$(python3 "$H/check_payloads.py" "$TMP/tls.log" "$SECRET" "$F" 2>&1) || fail "payloads: $OUT"
new_data
config "https://127.0.0.1:$PORT/weegteam"
submit_file "$F"
wt tick
expect_out "1 later opnieuw" "een onbekend certificaat wordt niet vertrouwd"
wt notifications
expect_out "(certificate|certificaat|SSL)" "de TLS-fout staat erbij"
stop_receivers

# ---- 6. A crash between the event and the index transaction: the event is in the audit
#         repository, the index (and so the outbox) is not. The next command catches up and
#         the notification of exactly that event goes out.
new_data
start_receiver crash ok
config "http://127.0.0.1:$PORT/weegteam"
at 2026-11-27T09:00:00+01:00
submit_file "$F"; id=$ID
wt tick
# The index keeps its WAL between commands: fold it into the database file before copying.
sqlite3 "$DATA/index.sqlite" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DATA/index.sqlite" "$TMP/index.before"
rm -f "$DATA/index.sqlite-wal" "$DATA/index.sqlite-shm"
act_ok den-haag-operationeel-coordinator "$id" doorzetten --note "Door."
rm -f "$DATA/index.sqlite-wal" "$DATA/index.sqlite-shm"
cp "$TMP/index.before" "$DATA/index.sqlite"
[ "$(count_rows "seq = 2")" = 0 ] || fail "de index hoort achter te lopen"
wt tick
expect_out "1 afgeleverd" "de gemiste melding gaat alsnog uit"
OUT=$(python3 "$H/check_payloads.py" "$TMP/crash.log" "$SECRET" "$F" 2>&1) || fail "payloads: $OUT"
expect_out "^$id\.2\.den-haag-hovj status,actie$" "precies de vastgelegde gebeurtenis"
# kill -9 during delivery: the claim expires and the next tick delivers (at least once).
stop_receivers
start_receiver slowkill slow:3
config "http://127.0.0.1:$PORT/weegteam"
act_ok den-haag-hulpofficier "$id" rihg-vastleggen --file "$A"
"$WT_BIN" --data "$DATA" tick >/dev/null 2>&1 &
tp=$!
sleep 1
kill -9 $tp 2>/dev/null
wait $tp 2>/dev/null
at 2026-11-27T12:00:00+01:00
wt tick
expect_rc 0 "tick na kill -9"
expect_out "1 afgeleverd" "na kill -9 alsnog afgeleverd"
wt verify
expect_rc 0 "verify na kill -9 tijdens afleveren"
stop_receivers

# ---- 7. Deadlines: "nadert" once before, "verstreken" once after, never twice; concurrent
#         ticks record each exactly once.
new_data
start_receiver dl ok
NADERT=2 config "http://127.0.0.1:$PORT/weegteam"
at 2026-11-27T09:00:00+01:00
for k in 1 2 3; do submit_file "$F"; done
wt --as den-haag-burgemeester --json show "$ID"
deadline=$(json 'j["deadline"]')
[ "$deadline" = "2026-11-27T13:00:00+01:00" ] || fail "deadline $deadline"
at 2026-11-27T10:30:00+01:00
wt tick
expect_out "0 keer 'termijn nadert'" "nog niet binnen 2 uur"
at 2026-11-27T11:30:00+01:00
wt tick
expect_out "3 keer 'termijn nadert' en 0 keer" "binnen 2 uur: nadert"
wt tick
expect_out "0 keer 'termijn nadert' en 0 keer" "niet nog eens"
at 2026-11-27T13:30:00+01:00
tpids=()
for k in 1 2 3 4; do
	"$WT_BIN" --data "$DATA" tick >/dev/null 2>"$TMP/tick$k.err" &
	tpids+=($!)
done
for p in "${tpids[@]}"; do wait "$p" || fail "gelijktijdige tick faalde: $(cat "$TMP"/tick*.err)"; done
checks=$((checks + 1))
for id in 2026-DHG-0001 2026-DHG-0002 2026-DHG-0003; do
	n=$(git --git-dir "$DATA/audit.git" log --format=%s "refs/dossiers/$id" | grep -c '^termijn-verstreken')
	[ "$n" = 1 ] || fail "$id: $n keer termijn-verstreken na vier gelijktijdige ticks"
	n=$(git --git-dir "$DATA/audit.git" log --format=%s "refs/dossiers/$id" | grep -c '^termijn-nadert')
	[ "$n" = 1 ] || fail "$id: $n keer termijn-nadert"
	checks=$((checks + 2))
done
wt tick
wt verify
expect_rc 0 "verify na termijnmeldingen"
wt --as den-haag-burgemeester log 2026-DHG-0001
expect_out "termijn-verstreken: bij-operationeel-coordinator -> bij-operationeel-coordinator|termijn-verstreken" "in de audit-trail"
expect_out "weegteam \(systeem\)" "door weegteam zelf"
OUT=$(python3 "$H/check_payloads.py" "$TMP/dl.log" "$SECRET" "$F" 2>&1) || fail "payloads: $OUT"
expect_out "2026-DHG-0001\.2\.den-haag-hovj termijn-nadert" "melding termijn nadert"
expect_out "2026-DHG-0001\.3\.den-haag-hovj termijn-verstreken" "melding termijn verstreken"
# The case goes on normally after the notes (the replay in verify accepted them above).
act_ok den-haag-operationeel-coordinator 2026-DHG-0001 doorzetten --note "Door."
wt queue --overdue --as den-haag-burgemeester
stop_receivers

# ---- 8. Bad settings: exit 2 naming file, line and field; nothing changes.
new_data
cat >"$DATA/meldingen.yaml" <<'EOF'
soort: meldingen
versie: 1
eindpunten:
  - naam: extern
    url: http://meldingen.example.nl/weegteam
    geheim: "fictief-gedeeld-geheim-0123456789"
EOF
chmod 600 "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 2 "http naar buiten"
expect_err "meldingen.yaml:5:10" "positie"
expect_err "https" "zegt wat wel mag"
sed -i 's#http://meldingen#https://meldingen#' "$DATA/meldingen.yaml"
chmod 644 "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 2 "een geheim in een bestand dat anderen kunnen lezen"
expect_err "chmod 600" "zegt hoe het moet"
chmod 600 "$DATA/meldingen.yaml"
sed -i 's/^    geheim:/    gehiem:/' "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 2 "typefout"
expect_err "Bedoelde u 'geheim'" "suggestie"
sed -i 's/^    gehiem:/    geheim:/' "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 0 "geldige instellingen"

# http:// only to exactly this machine: a remote name that starts like a loopback address is
# refused with its position, before any delivery is tried.
for url in http://127.0.0.1.evil.example/x http://localhost.evil.example/x http://127.0.0.1.2/x; do
	sed -i "s#^    url: .*#    url: $url#" "$DATA/meldingen.yaml"
	wt --as den-haag-burgemeester tick
	expect_rc 2 "http naar $url"
	expect_err "meldingen.yaml:5:10: veld 'eindpunten\[1\]\.url'" "positie bij $url"
done
sed -i "s#^    url: .*#    url: http://127.0.0.1:9/x#" "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 0 "http naar 127.0.0.1 met poort"

# A UTF-8 byte-order mark (as some editors save) before 'soort:' on line 1, as in every other
# YAML file.
printf '\xEF\xBB\xBF' | cat - "$DATA/meldingen.yaml" >"$TMP/bom.yaml"
mv "$TMP/bom.yaml" "$DATA/meldingen.yaml"
chmod 600 "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 0 "meldingen.yaml met BOM"
{ printf '\xEF\xBB\xBF'; grep -v '^#' "$REQ/den-haag-ex-partner.yaml"; } >"$TMP/bom-verzoek.yaml"
head -c 9 "$TMP/bom-verzoek.yaml" | grep -q 'soort' || fail "verzoek met BOM begint niet met soort"
wt check "$TMP/bom-verzoek.yaml"
expect_rc 0 "verzoek met BOM en een sleutel op regel 1"

# geheim_bestand: inside the data directory, and its problems point at the setting.
printf '%s\n' "$SECRET" >"$TMP/buiten.key"
chmod 600 "$TMP/buiten.key"
cat >"$DATA/meldingen.yaml" <<EOF
soort: meldingen
versie: 1
eindpunten:
  - naam: den-haag-hovj
    url: https://meldingen.example.nl/weegteam
    geheim_bestand: $TMP/buiten.key
EOF
chmod 600 "$DATA/meldingen.yaml"
wt --as den-haag-burgemeester queue
expect_rc 2 "geheim_bestand buiten de datamap"
expect_err "meldingen.yaml:6:21: veld 'eindpunten\[1\]\.geheim_bestand'" "positie van het absolute pad"
for what in ontbreekt leesbaar kort map; do
	rm -rf "$DATA/geheim.key"
	case $what in
	leesbaar) printf '%s\n' "$SECRET" >"$DATA/geheim.key" && chmod 644 "$DATA/geheim.key" ;;
	kort) printf 'kort\n' >"$DATA/geheim.key" && chmod 600 "$DATA/geheim.key" ;;
	map) mkdir -m 700 "$DATA/geheim.key" ;;
	esac
	sed -i "s#^    geheim_bestand: .*#    geheim_bestand: geheim.key#" "$DATA/meldingen.yaml"
	wt --as den-haag-burgemeester queue
	expect_rc 2 "geheim_bestand $what"
	expect_err "meldingen.yaml:6:21: veld 'eindpunten\[1\]\.geheim_bestand': Het bestand 'geheim.key'" \
		"positie bij geheim_bestand $what"
done
rm -rf "$DATA/geheim.key"
done_ok
