#!/usr/bin/env bash
# The load benchmark of issues 2 and 11, both sides in one run: for each size and each library shape, stockfirst's
# `load_library` (criterion, benches/load.rs) and then geopandas' `read_file(engine="pyogrio", use_arrow=True)` +
# sindex on the same file, back to back; then the resident memory of each (examples/load_memory.rs, and the peer's
# max RSS in a process of its own per file). Installs geopandas from PyPI into benches/.venv.
#
# Usage: benches/geopandas_load.sh [SIZE...]            (default: 100000 1000000)
# Files: target/bench-data/lib-N.gpkg (our generator, made by the bench) and outside-N.gpkg (benches/outside_library.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
data="$root/target/bench-data"
venv="$here/.venv"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "geopandas>=1" "pyogrio>=0.9" "pyarrow>=14" shapely numpy
fi
mkdir -p "$data"
for n in "${sizes[@]}"; do
  [ -f "$data/outside-$n.gpkg" ] || "$venv/bin/python" "$here/outside_library.py" "$n" "$data/outside-$n.gpkg"
done
cd "$root"
cargo build --release --bench load --example load_memory --example arrow_only -q
echo "== $(date -u '+%F %T') UTC; $(uptime)"
for n in "${sizes[@]}"; do
  for shape in lib outside; do
    echo "== $shape-$n.gpkg"
    LOAD_BENCH_SIZES=$n LOAD_BENCH_SHAPES=$shape nice -n 10 cargo bench -q --bench load -- "load/${shape}_$n\$" 2>&1 |
      grep -E "time:|load/" || true
    nice -n 10 "$venv/bin/python" "$here/geopandas_load.py" "$data/$shape-$n.gpkg"
    echo "   $(uptime)"
  done
done
for n in "${sizes[@]}"; do
  for shape in lib outside; do
    echo "== memory, $shape-$n.gpkg"
    /usr/bin/time -f "   stockfirst load_memory: max RSS %M kB" target/release/examples/load_memory "$data/$shape-$n.gpkg" 2>&1 |
      grep -E "load \+ index|resident delta|max RSS|read:"
  done
done
echo "== GDAL's own Arrow stream (the floor)"
for n in "${sizes[@]}"; do
  target/release/examples/arrow_only "$data/outside-$n.gpkg" | tail -1
done
echo "== end $(date -u '+%T') UTC; $(uptime)"
