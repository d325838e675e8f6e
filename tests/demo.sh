#!/usr/bin/env bash
# make demo: a fresh data directory; the example verzoeken checked, submitted and walked through
# their city's workflow; the queue, a dossier and one audit log printed; verify passing.
set -euo pipefail
W=${1:?usage: demo.sh path/to/weegteam}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$(mktemp -d /tmp/weegteam-demo.XXXXXX)
DATA="$DIR/data"
export WEEGTEAM_NU="2026-11-28T10:00:00+01:00"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
wt() { "$W" --data "$DATA" "$@"; }

say "Een nieuwe datamap: $DATA"
WEEGTEAM_NU= "$W" init "$DATA"
# The demo ages cases with a fixed clock; a real data directory keeps testklok: false.
sed -i 's/^testklok: false/testklok: true/' "$DATA/config.yaml"

say "De checklist op een verzoek (weegteam check)"
# Whole outputs go to a file first: with pipefail, a reader that stops early (head) would
# otherwise fail the demo by chance with SIGPIPE.
wt check --datum 2026-11-28 "$ROOT/requests/rotterdam-partnergeweld.yaml" >"$DIR/check.txt"
head -40 "$DIR/check.txt"
echo "[...]"

say "De checklist op een zwak verzoek: alleen zorgen, geen feiten"
weak="$DIR/zwak-verzoek.yaml"
sed -e '/^gevaar:/,$d' "$ROOT/requests/rotterdam-partnergeweld.yaml" >"$weak"
cat >>"$weak" <<'YAML'
gevaar:
  samenvatting: Wij maken ons grote zorgen over de situatie in het gezin.
  signalen:
    - code: 2j.1
      feiten: Er zijn zorgen; mogelijk is er sprake van geweld.
      bron: onderbuikgevoel van de hulpverlener
      datum: 2026-09-01
YAML
wt check --datum 2026-11-28 "$weak" | sed -n '1,40p' || true

say "Indienen: elk voorbeeldverzoek voor een gemeente met een workflow"
for f in "$ROOT"/requests/*.yaml; do
	g=$(sed -n 's/^gemeente: *//p' "$f" | tr 'A-Z' 'a-z' | sed 's/ /-/g')
	org=$(sed -n '/^verzoeker:/,/^[a-z]/s/^  organisatie: *//p' "$f" | head -1)
	u="$g-verzoeker-$org"
	if ! grep -q "id: $u\$" "$DATA/users.yaml"; then
		echo "$(basename "$f"): (geen workflow voor $g in deze versie)"
		continue
	fi
	id=$(wt --as "$u" submit "$f")
	echo "$(basename "$f") -> $id (ingediend door $u)"
done

id=2026-RTM-0001
A="$ROOT/tests/fixtures/assessment/geldig.yaml"
say "Het Rotterdamse weegteam werkt de queue"
wt --as rotterdam-ketenregisseur queue

say "Vier weegteamleden leggen hun beoordeling vast"
for u in rotterdam-politie rotterdam-crisisteam rotterdam-gedragsdeskundige; do
	wt --as "$u" act "$id" beoordelen --file "$A"
done
echo "Een conclusie voordat het quorum compleet is, wordt geweigerd:"
wt --as rotterdam-ketenregisseur act "$id" conclusie-huisverbodwaardig --note "Te vroeg" || echo "(exit $?)"
wt --as rotterdam-ketenregisseur act "$id" beoordelen --file "$ROOT/tests/fixtures/assessment/tweede.yaml"
wt --as rotterdam-ketenregisseur act "$id" conclusie-huisverbodwaardig \
	--note "Het weegteam vindt de zaak huisverbodwaardig; zie de vier beoordelingen."

say "De jurist maakt het advies uit het sjabloon (weegteam advies) en legt het vast"
wt --as rotterdam-jurist advies "$id" --out "$DIR/advies.md"
wt --as rotterdam-jurist advies "$id" --format html --out "$DIR/advies.html"
sed -n '1,30p' "$DIR/advies.md"
echo "[...] (volledig: $DIR/advies.md en $DIR/advies.html)"
wt --as rotterdam-jurist act "$id" advies-vastleggen --file "$DIR/advies.md"
wt --as rotterdam-hulpofficier act "$id" screening-starten --note "Screening gaat door; crisisteam CVD gaat op huisbezoek."
wt --as rotterdam-crisisteam act "$id" rihg-vastleggen --file "$A"
echo "Iemand zonder de rol van hulpofficier mag niet opleggen:"
wt --as rotterdam-politie act "$id" opleggen --note "Opgelegd" || echo "(exit $?)"
wt --as rotterdam-hulpofficier act "$id" opleggen --note "Huisverbod opgelegd voor 10 dagen."

say "Het dossier (weegteam show $id)"
wt --as rotterdam-ketenregisseur show "$id" >"$DIR/show.txt"
sed -n '1,70p' "$DIR/show.txt"

say "De audit-trail (weegteam log $id)"
wt --as rotterdam-ketenregisseur log "$id"

say "Hetzelfde met gewone git"
git --git-dir "$DATA/audit.git" log --format='%h %an <%ae> %s' "refs/dossiers/$id"

say "Het vastgelegde advies is precies wat de hulpofficier ontving"
wt --as rotterdam-hulpofficier advies "$id" | cmp - "$DIR/advies.md" && echo "advies $id: gelijk aan het vastgelegde document"

say "De queue na afloop"
wt --as rotterdam-ketenregisseur queue

say "Termijnen bewaken (weegteam tick, uit cron of een systemd-timer), twee dagen later"
WEEGTEAM_NU=2026-11-30T10:00:00+01:00 wt tick
for u in amsterdam-zorgcoordinator den-haag-burgemeester utrecht-burgemeester; do
	echo "Te laat, zoals $u het ziet (queue --overdue):"
	WEEGTEAM_NU=2026-11-30T10:00:00+01:00 wt --as $u queue --overdue
done
echo "Een tweede tick legt dezelfde termijn niet nog eens vast:"
WEEGTEAM_NU=2026-11-30T10:00:00+01:00 wt tick

say "weegteam verify"
wt verify

cat <<EOF2

De datamap blijft staan voor nader onderzoek: $DATA
  git --git-dir $DATA/audit.git log refs/dossiers/$id
  git --git-dir $DATA/audit.git fsck --full --strict
  sqlite3 $DATA/index.sqlite 'select id, state, deadline from cases'
EOF2
