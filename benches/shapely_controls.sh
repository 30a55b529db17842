#!/usr/bin/env bash
# Side-by-side planning-control overlay against shapely 2 / geopandas on the same generated DLTB (issue 10).
# Builds and runs the Rust bench (which generates target/controls-bench/dltb-N.gpkg once, times loading and the
# overlay of each footprint, and writes footprints.wkt and rust.json), installs shapely, geopandas, pyogrio and
# pyarrow from PyPI into a venv under target/, then runs the shapely side on the same file and footprints.
# Usage: benches/shapely_controls.sh [PATCHES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/controls-bench"
VENV="${VENV:-$TARGET/shapely-venv}"
export CONTROLS_BENCH_N="${1:-1000000}"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import shapely, geopandas, pyogrio, pyarrow" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "shapely>=2" geopandas pyogrio pyarrow numpy
fi
uptime   # the machine is shared: the load average goes into the record
cargo bench --bench controls
uptime
"$VENV/bin/python" benches/shapely_controls.py "$OUT/dltb-$CONTROLS_BENCH_N.gpkg" "$OUT/footprints.wkt" "$OUT/rust.json"
