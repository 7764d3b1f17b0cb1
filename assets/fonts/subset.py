#!/usr/bin/env python3
"""Build assets/fonts/wqy-microhei-gb2312.ttf, the CJK font embedded in the app.

Takes face 0 ("WenQuanYi Micro Hei") of Debian's fonts-wqy-microhei TTC and
keeps only what a zh-CN / English UI needs: every GB2312 character plus ASCII,
Latin-1 and the common punctuation, symbol and fullwidth blocks. Hinting,
OpenType layout tables and glyph names are dropped to keep the file small.

Rebuild:
    apt-get install fonts-wqy-microhei && pip install fonttools
    python3 assets/fonts/subset.py [path/to/wqy-microhei.ttc]
"""

import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "wqy-microhei-gb2312.ttf")

SOURCE_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
]
FONT_NUMBER = 0  # face 0 of the collection: "WenQuanYi Micro Hei"

# Tables kept in the output; everything else (hinting, GSUB/GPOS, vertical
# metrics, FontForge timestamp, ...) is dropped.
KEEP_TABLES = {"name", "cmap", "OS/2", "head", "hhea", "hmtx", "maxp", "post", "glyf", "loca"}

RANGES = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # general punctuation: — – ‘’ “” … ‰ ‧
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ≥ ≤ ≈ ± × ÷ −
    (0x25A0, 0x25FF),  # geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
]
EXTRA = "〜℃№⚑✓✗▲▼●○■□◆★"


def gb2312_codepoints():
    """Every character encodable as a 2-byte GB2312 (EUC-CN) sequence."""
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def find_source():
    if len(sys.argv) > 1:
        return sys.argv[1]
    for path in SOURCE_CANDIDATES:
        if os.path.exists(path):
            return path
    sys.exit("wqy-microhei.ttc not found; run `apt-get install fonts-wqy-microhei` "
             "or pass its path as the first argument")


def main():
    source = find_source()
    # recalcTimestamp=False keeps head.modified from the source: reproducible output.
    font = TTFont(source, fontNumber=FONT_NUMBER, lazy=False, recalcTimestamp=False)
    available = set(font.getBestCmap())

    gb = gb2312_codepoints()
    wanted = set(gb)
    for lo, hi in RANGES:
        wanted.update(range(lo, hi + 1))
    wanted.update(ord(c) for c in EXTRA)
    unicodes = sorted(wanted & available)

    missing_gb = sorted(gb - available)
    if missing_gb:
        print(f"note: {len(missing_gb)} GB2312 characters are not in the font: "
              + "".join(chr(c) for c in missing_gb[:40]))
    missing_extra = [c for c in EXTRA if ord(c) not in available]
    if missing_extra:
        print("note: extra characters not in the font: " + "".join(missing_extra))

    options = subset.Options()
    options.hinting = False
    options.glyph_names = False
    options.layout_features = []  # no GSUB/GPOS: egui does no shaping
    options.name_IDs = ["*"]  # keep copyright, version and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += sorted(set(font.keys()) - KEEP_TABLES - {"GlyphOrder"})

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)

    # Belt and braces: anything outside the keep list goes.
    for tag in list(font.keys()):
        if tag != "GlyphOrder" and tag not in KEEP_TABLES:
            del font[tag]

    font.flavor = None
    font.save(OUTPUT)

    out = TTFont(OUTPUT)
    size = os.path.getsize(OUTPUT)
    print(f"source:     {source} (font number {FONT_NUMBER})")
    print(f"output:     {OUTPUT}")
    print(f"size:       {size} bytes ({size / 1024 / 1024:.2f} MiB)")
    print(f"glyphs:     {out['maxp'].numGlyphs}")
    print(f"codepoints: {len(out.getBestCmap())}")
    print(f"tables:     {' '.join(sorted(t for t in out.keys() if t != 'GlyphOrder'))}")


if __name__ == "__main__":
    main()
