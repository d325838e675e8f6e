#!/usr/bin/env bash
# tick runs maintain by itself once the loose objects pass the threshold (estimated from one
# objects/xx folder, as git gc --auto does), and not before.
. "$(dirname "$0")/lib.sh"
new_data
submit_file "$REQ/rotterdam-partnergeweld.yaml"
wt tick
expect_rc 0 "tick"
expect_not "onderhoud" "$OUT" "weinig losse objecten: geen onderhoud"
# Valid loose blobs (fictional content) until objects/17/ alone says "more than 6,700".
python3 - "$DATA/audit.git/objects" <<'PY'
import hashlib, os, sys, zlib
root, n, i = sys.argv[1], 0, 0
while n < 27:
    body = ("fictief opvulobject %d\n" % i).encode()
    raw = b"blob %d\0" % len(body) + body
    h = hashlib.sha1(raw).hexdigest()
    d = os.path.join(root, h[:2])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, h[2:]), "wb") as f:
        f.write(zlib.compress(raw))
    n += h.startswith("17")
    i += 1
PY
before=$(find "$DATA/audit.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l)
wt tick
expect_rc 0 "tick met veel losse objecten"
expect_out "onderhoud uitgevoerd: [0-9]+ losse objecten ingepakt" "tick pakt zelf in"
after=$(find "$DATA/audit.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l)
[ "$before" -gt 6000 ] && [ "$after" = 0 ] || fail "losse objecten voor/na: $before/$after"
checks=$((checks + 1))
wt verify
expect_rc 0 "verify na automatisch onderhoud"
git --git-dir "$DATA/audit.git" fsck --full --strict >/dev/null 2>&1 || fail "git fsck"

# Every event is written as a small pack; tick combines them once 32 small packs gathered
# (made here with git itself, one object each, as a burst of events between two ticks would).
G="git --git-dir $DATA/audit.git"
packs() { ls "$DATA/audit.git/objects/pack" | grep -c '\.idx$'; }
wt tick
expect_not "onderhoud" "$OUT" "weinig pakbestanden: geen onderhoud"
for i in $(seq 1 34); do
	printf 'fictief object in een eigen pakbestand %d\n' "$i" | $G hash-object -w --stdin |
		$G pack-objects -q "$DATA/audit.git/objects/pack/pack" >/dev/null
done
find "$DATA/audit.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f -delete
n=$(packs)
[ "$n" -ge 32 ] || fail "$n pakbestanden gemaakt, verwacht 32 of meer"
checks=$((checks + 1))
wt tick
expect_rc 0 "tick met veel kleine pakbestanden"
expect_out "onderhoud uitgevoerd: 0 losse objecten ingepakt, [0-9]+ pakbestanden samengevoegd" "tick voegt samen"
[ "$(packs)" -lt 4 ] || fail "na samenvoegen nog $(packs) pakbestanden"
checks=$((checks + 1))
wt verify
expect_rc 0 "verify na samenvoegen"
git --git-dir "$DATA/audit.git" fsck --full --strict >/dev/null 2>&1 || fail "git fsck na samenvoegen"
checks=$((checks + 1))

# What a writer killed while writing a pack leaves (libgit2's temporary files, an index whose
# pack never got its name): maintain removes it; the packs in use stay.
P="$DATA/audit.git/objects/pack"
idx=$(ls "$P"/pack-*.idx | head -1)
printf 'half' >"$P/pack_git2_0123456789abcdef"
printf 'half' >"$P/pack_git2_0123456789abcdidx.lock"
cp "$idx" "$P/pack-0000000000000000000000000000000000000001.idx"
wt --json maintain
expect_rc 0 "maintain met restbestanden"
[ "$(json 'j["restbestanden"]')" = 3 ] || fail "restbestanden: $OUT"
[ -z "$(ls "$P" | grep -E 'pack_git2_|pack-0{39}1')" ] || fail "restbestanden bleven: $(ls "$P")"
[ -f "$idx" ] || fail "een index in gebruik werd verwijderd"
checks=$((checks + 2))
wt verify
expect_rc 0 "verify na het opruimen"
done_ok
