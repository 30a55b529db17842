#!/usr/bin/env bash
# Side-by-side 套核 benchmark against shapely 2 on the same generated 1M library and footprints (issue 3).
# Builds the Rust exporter in release, installs shapely from PyPI into a venv under target/, runs the comparison.
# Usage: benches/shapely_compare.sh [PARCELS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/shapely"
VENV="$TARGET/shapely-venv"
PARCELS="${1:-1000000}"

cargo build --release --example shapely_export
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "shapely>=2" numpy
fi
"$TARGET/release/examples/shapely_export" "$OUT" "$PARCELS"
"$VENV/bin/python" benches/shapely_compare.py "$OUT"
