#!/usr/bin/env bash
# Peer for the load benchmark: geopandas reading the same 100k GeoPackage, through pyogrio, with and without Arrow.
# Installs geopandas from PyPI into benches/.venv. Usage: benches/geopandas_load.sh target/bench-data/lib-100000.gpkg
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gpkg="${1:-$here/../target/bench-data/lib-100000.gpkg}"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "geopandas>=1" "pyogrio>=0.9" "pyarrow>=14" shapely numpy
fi
"$venv/bin/python" - "$gpkg" <<'PY'
import sys, time, resource, gc
import geopandas as gpd
path = sys.argv[1]
gpd.read_file(path, engine="pyogrio")  # warm the file cache
for arrow in (False, True):
    times = []
    for _ in range(5):
        gc.collect()
        t = time.perf_counter()
        df = gpd.read_file(path, engine="pyogrio", use_arrow=arrow)
        df.sindex.query(df.geometry.iloc[0])  # build the STRtree, as the Rust side builds its R-tree
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"geopandas pyogrio use_arrow={arrow}: median {times[len(times)//2]:.3f} s (min {times[0]:.3f}) for {len(df)} rows")
print(f"max resident: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024:.0f} MB")
PY
