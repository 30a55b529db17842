"""Side-by-side planning-control overlay against shapely 2 / geopandas (issue 10).

Reads the generated DLTB (a GeoPackage written by `stockfirst generate-sample --controls ... --dltb N`) with
geopandas + pyogrio + Arrow (timed: the loading target), builds an STRtree, and overlays each footprint the way an
analyst would script it: query the tree, intersect, area, 田坎 deduction on 耕地 (overlap × (1 − KCXS) cultivated,
the rest 1203). Reports p50/p95 per footprint, then checks the cultivated and 田坎 亩 of every footprint against
what stockfirst computed in the same run (`rust.json`, written by `cargo bench --bench controls`).

Usage: python shapely_controls.py DLTB.gpkg FOOTPRINTS.wkt RUST.json
"""

import json
import sys
import time

import numpy as np
import shapely

MU_PER_M2 = 0.0015
REPS = 21  # per footprint, median taken; the Rust side does the same
CULTIVATED = ("0101", "0102", "0103")


def main(gpkg, fps_path, rust_path):
    import geopandas as gpd

    t, cpu0 = time.perf_counter(), time.process_time()
    df = gpd.read_file(gpkg, layer="DLTB", engine="pyogrio", use_arrow=True, columns=["DLBM", "KCXS"])
    load_s = time.perf_counter() - t
    load_cpu_s = time.process_time() - cpu0  # every thread of the process, as on the Rust side
    geoms = df.geometry.values._data if hasattr(df.geometry.values, "_data") else np.asarray(df.geometry.values)
    codes = df["DLBM"].to_numpy()
    kcxs = df["KCXS"].fillna(0.0).to_numpy()
    cult = np.isin(codes, CULTIVATED)
    code_names, code_ids = np.unique(codes.astype(str), return_inverse=True)
    t = time.perf_counter()
    tree = shapely.STRtree(geoms)
    tree_s = time.perf_counter() - t
    fps = [shapely.from_wkt(line.strip()) for line in open(fps_path, encoding="utf-8") if line.strip()]

    def overlay(fp):
        idx = tree.query(fp, predicate="intersects")
        a = shapely.area(shapely.intersection(geoms[idx], fp))
        c = cult[idx]
        k = kcxs[idx]
        cultivated = float(np.sum(a[c] * (1.0 - k[c])))
        tiankan = float(np.sum(a[c] * k[c]))
        # The 地类 table, vectorised: net area per code, 田坎 to 1203.
        table = np.bincount(code_ids[idx], weights=np.where(c, a * (1.0 - k), a), minlength=len(code_names))
        return cultivated * MU_PER_M2, tiankan * MU_PER_M2, table

    for fp in fps:  # warm-up, as on the Rust side
        overlay(fp)
    py_us, py_res = [], []
    for fp in fps:
        times = []
        for _ in range(REPS):
            s = time.perf_counter_ns()
            r = overlay(fp)
            times.append((time.perf_counter_ns() - s) / 1000.0)
        py_us.append(float(np.median(times)))
        py_res.append(r)

    rust = json.load(open(rust_path, encoding="utf-8"))
    rs_us = [f["median_us"] for f in rust["footprints"]]
    worst = 0.0
    for i, (f, (cul, tk, _)) in enumerate(zip(rust["footprints"], py_res)):
        for key, mine in (("cultivated_mu", cul), ("tiankan_mu", tk)):
            d = abs(f[key] - mine)
            worst = max(worst, d)
            if d > 1e-3 + 1e-6 * abs(mine):
                print(f"MISMATCH footprint {i} {key}: stockfirst {f[key]} shapely {mine}")

    def pct(xs, p):
        return float(np.percentile(np.array(xs), p))

    print(f"DLTB features: {len(df)}; footprints: {len(fps)}")
    print(f"load  geopandas+pyogrio+arrow: {load_s:.2f} s wall {load_cpu_s:.2f} s CPU"
          f"   stockfirst: {rust['load_s']:.2f} s wall {rust.get('load_cpu_s', float('nan')):.2f} s CPU")
    print(f"index shapely STRtree: {tree_s:.2f} s   stockfirst: {rust.get('index_s', float('nan')):.2f} s")
    print(f"overlay per footprint (µs)  shapely p50 {pct(py_us, 50):.0f} p95 {pct(py_us, 95):.0f}"
          f"   stockfirst p50 {pct(rs_us, 50):.0f} p95 {pct(rs_us, 95):.0f}"
          f"   ratio p95 {pct(rs_us, 95) / pct(py_us, 95):.2f}")
    print(f"largest cultivated/田坎 difference: {worst:.2e} 亩")


if __name__ == "__main__":
    main(*sys.argv[1:4])
