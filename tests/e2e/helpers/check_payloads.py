#!/usr/bin/env python3
"""Reads a receiver log and checks every notification in it.

Usage: check_payloads.py LOG SECRET [VERZOEK.yaml...]
- each request carries X-Weegteam-Id, X-Weegteam-Timestamp and X-Weegteam-Signature, and the
  signature is HMAC-SHA256(secret, timestamp + "." + body), compared in constant time;
- the timestamp is within 300 seconds of when it arrived (a receiver's replay window);
- the body is JSON with exactly the documented members, its id equals the header;
- no personal value of the given verzoeken (names, dates of birth, addresses, phone numbers,
  e-mail addresses, the summary and the facts) occurs in a body.
Prints one line per distinct notification id ("<id> <kinds>") and exits 1 on any failure.
"""
import hashlib
import hmac
import json
import sys

MEMBERS = {"id", "soorten", "zaak", "gemeente", "volgnummer", "status", "actie", "tijd", "termijn",
           "rollen", "link"}

log, secret = sys.argv[1], sys.argv[2].encode()
PERSONAL = ("naam", "geboortedatum", "adres", "postcode", "telefoon", "email", "initialen",
            "samenvatting", "feiten", "toelichting", "bron")


def personal_values(path):
    """The personal values of a verzoek: inline values and the first line of folded blocks."""
    out = []
    lines = open(path).read().split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip().lstrip("- ")
        key, _, value = stripped.partition(":")
        if key not in PERSONAL:
            continue
        value = value.strip().strip('"')
        if value in (">-", ">", "|", "|-") and i + 1 < len(lines):
            value = lines[i + 1].strip()[:40]
        if len(value) >= 4:
            out.append(value)
    return out


forbidden = []
for path in sys.argv[3:]:
    forbidden += personal_values(path)
if sys.argv[3:] and len(forbidden) < 5:
    print("FOUT: te weinig persoonsgegevens gevonden om op te controleren")
    sys.exit(1)
bad = 0
seen = {}
with open(log) as f:
    for line in f:
        e = json.loads(line)
        h = e["headers"]
        body = e["body"]
        ts = h.get("x-weegteam-timestamp", "")
        sig = h.get("x-weegteam-signature", "")
        want = "sha256=" + hmac.new(secret, (ts + "." + body).encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig, want):
            print("FOUT: handtekening klopt niet voor", h.get("x-weegteam-id"))
            bad += 1
        if abs(float(ts or 0) - e["received"]) > 300:
            print("FOUT: tijdstempel buiten het venster", ts)
            bad += 1
        doc = json.loads(body)
        if set(doc) != MEMBERS:
            print("FOUT: leden", sorted(set(doc) ^ MEMBERS))
            bad += 1
        if doc["id"] != h.get("x-weegteam-id"):
            print("FOUT: id in kop en body verschillen")
            bad += 1
        for word in forbidden:
            if word in body:
                print("FOUT: persoonsgegeven in melding:", word)
                bad += 1
        seen[doc["id"]] = ",".join(doc["soorten"])
for k in sorted(seen):
    print(k, seen[k])
sys.exit(1 if bad else 0)
