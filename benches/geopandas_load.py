"""The peer of the load benchmark: geopandas reads a GeoPackage through pyogrio with Arrow and builds its STRtree.

Median of 5 after a warm-up read; the max RSS is this process's (run once per file). Run by benches/geopandas_load.sh.
"""

import gc
import resource
import sys
import time

import geopandas as gpd

path = sys.argv[1]
gpd.read_file(path, engine="pyogrio", use_arrow=True)  # warm the file cache
times = []
for _ in range(5):
    gc.collect()
    t = time.perf_counter()
    df = gpd.read_file(path, engine="pyogrio", use_arrow=True)
    df.sindex.query(df.geometry.iloc[0])  # build the STRtree, as the Rust side builds its R-tree
    times.append(time.perf_counter() - t)
    n = len(df)
    del df
times.sort()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(
    f"   geopandas pyogrio use_arrow=True + sindex, {n} rows: median {times[2]:.3f} s "
    f"(min {times[0]:.3f}, max {times[4]:.3f}); max RSS {rss:.0f} MB"
)
