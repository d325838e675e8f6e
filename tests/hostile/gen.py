#!/usr/bin/env python3
"""gen.py OUTDIR: writes the generated part of the hostile corpus (big, deep and binary files).

The committed files beside this script are small and readable; these are generated at test time
because they are large (a 60 MB file, a 2 MB line, 100,000 levels of nesting) or hold bytes that
do not belong in a text file (NUL, invalid UTF-8, control characters).

For every kind (verzoek, beoordeling, workflow) the attack sits in one field of a file that
starts like a real one of that kind. OUTDIR/expect.tsv gets one line per file, in the format of
tests/hostile/expect.tsv: kind, file (relative to OUTDIR), position, check exit, pattern.
"""
import os
import sys

DEPTH = 100_000                 # levels of nesting
BIG = 60 * 1024 * 1024          # the "huge file"
LONG_LINE = 2 * 1024 * 1024     # one line past the 1 MiB file limit
LONG_TEXT = 900 * 1024          # one text under the file limit but past the 64 KiB text limit
MANY_NODES = 150_000            # list items, past the 100,000 node limit

# kind -> (header, the field that carries the attack)
KINDS = {
    "verzoek": ("soort: verzoek-tijdelijk-huisverbod\nversie: 1\ngemeente: Rotterdam\n",
                "bijzonderheden"),
    "beoordeling": ("soort: beoordeling\nversie: 1\n", "toelichting"),
    "workflow": ("soort: workflow\nversie: 1\ngemeente: proefstad\n", "naam"),
}


def main():
    out = sys.argv[1]
    rows = []

    def write(rel, data):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            if isinstance(data, (bytes, bytearray)):
                f.write(data)
            else:
                for chunk in data:
                    f.write(chunk)

    def row(kind, rel, pos, check, pattern):
        rows.append("\t".join([kind, rel, pos, check if kind == "verzoek" else "-", pattern]))

    for kind, (header, key) in KINDS.items():
        h = header.encode()
        line = header.count("\n") + 1      # the line of the attacked field
        col = len(key) + 3                 # the column of its value ("key: " is len + 2)
        k = key.encode() + b": "

        # 100,000 levels of flow nesting; refused at the 64th level (the root group is level 1).
        write(f"{kind}/diep_flow.yaml", h + k + b"[" * DEPTH + b"]" * DEPTH + b"\n")
        row(kind, f"{kind}/diep_flow.yaml", f"{line}:{col + 63}", "2", "te diep genest")
        write(f"{kind}/diep_flow_groep.yaml", h + k + b"{a: " * DEPTH + b"}" * DEPTH + b"\n")
        row(kind, f"{kind}/diep_flow_groep.yaml", f"{line}:{col + 63 * 4}", "2", "te diep genest")
        # 100,000 levels of block nesting: "- - - - ... x" (block lists in block lists).
        write(f"{kind}/diep_blok.yaml", h + key.encode() + b":\n  " + b"- " * DEPTH + b"x\n")
        row(kind, f"{kind}/diep_blok.yaml", f"{line + 1}:{3 + 63 * 2}", "2", "te diep genest")
        # The flow brackets never closed: the file ends inside 100,000 open lists.
        write(f"{kind}/diep_open.yaml", h + k + b"[" * DEPTH + b"\n")
        row(kind, f"{kind}/diep_open.yaml", f"{line}:{col + 63}", "2", "te diep genest")

        # A 60 MB file of harmless-looking lines: refused by its size before it is read.
        filler = b"# opvulling: deze regel herhaalt zich tot het bestand 60 MB is.\n"

        def big(h=h, k=k, filler=filler):
            yield h + k + b"ja\n"
            size = len(h) + len(k) + 3
            block = filler * 16384
            while size + len(block) <= BIG:
                yield block
                size += len(block)
            yield b"#" * (BIG - size)

        write(f"{kind}/groot_60mb.yaml", big())
        row(kind, f"{kind}/groot_60mb.yaml", "-", "2", "te groot")
        # One 2 MB line.
        write(f"{kind}/lange_regel.yaml", h + k + b'"' + b"a" * LONG_LINE + b'"\n')
        row(kind, f"{kind}/lange_regel.yaml", "-", "2", "te groot")
        # One 900 KB text: the file fits, the text does not.
        write(f"{kind}/lange_tekst.yaml", h + k + b'"' + b"a" * LONG_TEXT + b'"\n')
        row(kind, f"{kind}/lange_tekst.yaml", f"{line}:{col}", "2", "te lang")
        # 150,000 small list items: past the node limit without a single alias.
        write(f"{kind}/veel_knopen.yaml", h + k + b"[" + b"1," * (MANY_NODES - 1) + b"1]\n")
        row(kind, f"{kind}/veel_knopen.yaml", f"{line}", "2", "meer dan 100000 onderdelen")

        # Bytes that are not text.
        write(f"{kind}/nul_byte.yaml", h + k + b"ab\x00cd\n")
        row(kind, f"{kind}/nul_byte.yaml", f"{line}:{col + 2}", "2", "nul-teken")
        write(f"{kind}/nul_escape.yaml", h + k + b'"ab\\0cd"\n')
        row(kind, f"{kind}/nul_escape.yaml", f"{line}:{col}", "2", "nul-teken")
        write(f"{kind}/utf8_ongeldig.yaml", h + k + b"caf\xc3\x28\n")
        row(kind, f"{kind}/utf8_ongeldig.yaml", f"{line}:{col + 3}", "2", "geen geldige UTF-8")
        write(f"{kind}/utf8_te_lang.yaml", h + k + b"\xc0\xaf\n")       # overlong '/'
        row(kind, f"{kind}/utf8_te_lang.yaml", f"{line}:{col}", "2", "geen geldige UTF-8")
        write(f"{kind}/utf8_surrogaat.yaml", h + k + b"\xed\xa0\x80\n")  # U+D800
        row(kind, f"{kind}/utf8_surrogaat.yaml", f"{line}:{col}", "2", "geen geldige UTF-8")
        write(f"{kind}/utf8_afgekapt.yaml", h + k + b"ab\xe2\x82")       # cut at the end
        row(kind, f"{kind}/utf8_afgekapt.yaml", f"{line}:{col + 2}", "2", "geen geldige UTF-8")
        write(f"{kind}/utf16.yaml", (header + key + ": x\n").encode("utf-16"))
        row(kind, f"{kind}/utf16.yaml", "1:1", "2", "geen geldige UTF-8")
        write(f"{kind}/stuurteken.yaml", h + k + b"ab\x07cd\n")
        row(kind, f"{kind}/stuurteken.yaml", f"{line}:{col + 2}", "2", "stuurteken")

    # The advice (Markdown, `act ID advies-vastleggen --file F`): only text checks apply.
    def big_md():
        line = b"Dit fictieve advies herhaalt zich tot het bestand 60 MB is.\n"
        block = line * 16384
        size = 0
        while size + len(block) <= BIG:
            yield block
            size += len(block)
        yield b"x" * (BIG - size)

    write("advies/groot_60mb.md", big_md())
    row("advies", "advies/groot_60mb.md", "-", "-", "te groot")
    write("advies/nul_byte.md", b"# Advies\n\nFictief\x00advies.\n")
    row("advies", "advies/nul_byte.md", "3:8", "-", "nul-teken")
    write("advies/utf8_ongeldig.md", b"# Advies\n\nFictief advies \xff.\n")
    row("advies", "advies/utf8_ongeldig.md", "3:16", "-", "geen geldige UTF-8")
    write("advies/leeg.md", b"")
    row("advies", "advies/leeg.md", "-", "-", "leeg")

    with open(os.path.join(out, "expect.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
