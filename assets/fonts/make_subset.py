#!/usr/bin/env python3
"""Rebuilds NotoSansSC-GB2312.otf: Noto Sans CJK SC (face 2 of the Debian TTC) cut to GB2312 + ASCII + CJK
punctuation + the symbols the app shows (亩 ㎡ …) + every non-ASCII character in assets/ and src/.

    python3 -m venv /tmp/ftvenv && /tmp/ftvenv/bin/pip install fonttools
    /tmp/ftvenv/bin/python assets/fonts/make_subset.py
"""
import glob
import subprocess

chars = set(chr(c) for c in range(0x20, 0x7F))
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for lo, hi in [(0x3000, 0x3040), (0xFF00, 0xFF60), (0x2460, 0x2474), (0x3220, 0x3244), (0x3380, 0x33E0)]:
    chars |= set(chr(c) for c in range(lo, hi))
chars |= set("亩㎡·—–…‘’“”≤≥≈≠±°℃→←↑↓▲▼●○■□◆◇★☆✓✔✗✕⚠§№‰²−⇒")
for f in glob.glob("assets/**/*.ron", recursive=True) + glob.glob("src/**/*.rs", recursive=True):
    chars |= set(c for c in open(f, encoding="utf-8").read() if ord(c) > 0x7F)
open("/tmp/gb.txt", "w").write("".join(sorted(chars)))
subprocess.run(
    [
        "/tmp/ftvenv/bin/pyftsubset",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "--font-number=2",
        "--text-file=/tmp/gb.txt",
        "--output-file=assets/fonts/NotoSansSC-GB2312.otf",
        "--layout-features=kern,liga,locl,vert",
        "--no-hinting",
    ],
    check=True,
)
