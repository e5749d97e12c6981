#!/usr/bin/env python3
"""Generate Sources/WeigeSearch/PinyinTable.swift from the Unicode Unihan database.

Usage: scripts/gen_pinyin_table.py [Unihan_Readings.txt[.bz2]] [output.swift]

Source: Debian's `unicode-data` package (`apt-get install -y unicode-data`) installs
/usr/share/unicode/Unihan_Readings.txt.bz2. Every Mandarin reading a character has in
kMandarin, kHanyuPinyin, kXHC1983 or kTGHZ2013 is kept, tones stripped and ü written as v
(as pinyin input methods type it), so a polyphone such as 长 reads both chang and zhang.

Only the Basic Multilingual Plane is kept (CJK Extension A, the URO and the compatibility
block, about 28,000 characters): the search engine works on UTF-16 code units, and the
astral extensions hold almost nothing that appears in place or personal names.

Output: a Swift source with one string literal, parsed lazily at run time:

    <syllables separated by commas> '|' <reading sets> '|' <code points>

A syllable is referred to by its index, written as two base-32 digits (<= 1024 syllables).
A reading set is the list of syllables of one character: its first syllable's high digit is
taken from 0-f, every further one from g-v (high digit + 16), so sets need no separator.
Code points are one base-80 set id each (two digits of B80, set 0 means "no reading"), run-length
broken by '@XXXX' (four hex digits) wherever the next character with a reading is not the
next code point. Newlines are ignored so the literal can be wrapped.
"""

import bz2
import os
import sys
import unicodedata

FIELDS = ("kMandarin", "kHanyuPinyin", "kXHC1983", "kTGHZ2013")
B32 = "0123456789abcdefghijklmnopqrstuv"
# 80 printable characters that need no escaping in a Swift literal: two of them name 6,400 sets.
B80 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&()*+,-./:;<=>?"
BMP_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def toneless(reading):
    """Strip tone marks; ü becomes v, ê becomes e; m̄, ń and the like become m, n."""
    decomposed = unicodedata.normalize("NFD", reading.strip().lower())
    decomposed = decomposed.replace("u\u0308", "v")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain if plain.isascii() and plain.isalpha() else None


def field_readings(field, value):
    """The readings named in one Unihan field value, in the order the field gives them."""
    if field == "kMandarin":
        return value.split()
    readings = []
    for entry in value.split():
        # kHanyuPinyin 10019.020:tiàn,tián ; kXHC1983 0121.040:cháng ; kTGHZ2013 038.110:cháng
        readings.extend(entry.split(":", 1)[-1].split(","))
    return readings


def read_unihan(path):
    opener = bz2.open if path.endswith(".bz2") else open
    header = {}
    readings = {}
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                if ":" in line:
                    key, _, value = line[1:].partition(":")
                    header.setdefault(key.strip(), value.strip())
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[1] not in FIELDS:
                continue
            cp = int(parts[0][2:], 16)
            if not any(lo <= cp <= hi for lo, hi in BMP_HAN_RANGES):
                continue
            by_field = readings.setdefault(cp, {})
            by_field[parts[1]] = [r for r in map(toneless, field_readings(parts[1], parts[2])) if r]
    merged = {}
    for cp, by_field in readings.items():
        ordered = []
        # kMandarin first: its first reading is the customary one and ranks first.
        for field in FIELDS:
            for r in by_field.get(field, []):
                if r not in ordered:
                    ordered.append(r)
        if ordered:
            merged[cp] = ordered
    return header, merged


def encode(merged):
    syllables = sorted({r for rs in merged.values() for r in rs})
    assert len(syllables) <= 1024, len(syllables)
    syllable_index = {s: i for i, s in enumerate(syllables)}

    def syllable_code(s, first):
        i = syllable_index[s]
        high = i >> 5 if first else (i >> 5) + 16
        assert high < 32
        return B32[high] + B32[i & 31]

    sets = {}
    set_codes = [""]  # set 0: no reading
    cps = []
    for cp in sorted(merged):
        key = tuple(merged[cp])
        if key not in sets:
            sets[key] = len(set_codes)
            set_codes.append("".join(syllable_code(s, n == 0) for n, s in enumerate(key)))
        cps.append((cp, sets[key]))
    assert len(set_codes) <= 80 * 80, len(set_codes)

    points = []
    expected = None
    for cp, set_id in cps:
        if expected is None or cp - expected > 2:
            points.append("@%04X" % cp)
        else:
            points.extend("00" for _ in range(cp - expected))
        points.append(B80[set_id // 80] + B80[set_id % 80])
        expected = cp + 1
    return syllables, set_codes, "".join(points)


def wrap(text, width=100, indent="    "):
    """Lines indented like the closing delimiter, which Swift strips from a multi-line literal."""
    return "\n".join(indent + text[i : i + width] for i in range(0, len(text), width))


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/Unihan_Readings.txt.bz2"
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "Sources", "WeigeSearch", "PinyinTable.swift")
    out = sys.argv[2] if len(sys.argv) > 2 else default_out
    header, merged = read_unihan(source)
    syllables, set_codes, points = encode(merged)
    body = ",".join(syllables) + "|" + "".join(set_codes[1:]) + "|" + points
    version = header.get("Unicode version", "unknown")
    date = header.get("Date", "unknown")
    swift = f"""\
// Source: Unicode Unihan database {version}, Unihan_Readings.txt ({date}).
// Fields: {", ".join(FIELDS)}.
// Generated by scripts/gen_pinyin_table.py — do not edit; rerun the script instead.
// {len(merged)} characters, {len(syllables)} toneless syllables, {len(set_codes) - 1} distinct reading sets.
// Format: see the script's docstring. Parsed lazily by `PinyinTable.shared`.

extension PinyinTable {{
  /// Unicode version of the Unihan data the table was generated from.
  static let unihanVersion = "{version}"

  static let encoded = \"\"\"
{wrap(body)}
    \"\"\"
}}
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(swift)
    print(f"{out}: {len(merged)} characters, {len(syllables)} syllables, "
          f"{len(set_codes) - 1} reading sets, {len(body)} bytes")


if __name__ == "__main__":
    main()
