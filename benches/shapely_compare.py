"""Side-by-side 套核 check against shapely 2 (issue 3).

Reads what `examples/shapely_export.rs` wrote (the generated library as WKB, footprints as WKT, and the Rust
overlay results and timings), does the overlay the way an analyst would script it — an STRtree query, then
vectorised intersection areas per footprint — and reports p50/p95 per footprint for both, then checks that the
overlay sets are identical and the areas agree within 1e-6 relative.

Usage: python shapely_compare.py OUT_DIR
"""

import csv
import struct
import sys
import time
from collections import defaultdict

import numpy as np
import shapely

HIT_MIN_M2 = 1e-6  # as stockfirst::matching::HIT_MIN_M2: a touch is not a hit
REL_TOL = 1e-6
REPS = 21  # per footprint, median taken (the Rust side does the same)


def read_parcels(path):
    data = open(path, "rb").read()
    blobs, off = [], 0
    while off < len(data):
        (n,) = struct.unpack_from("<I", data, off)
        off += 4
        blobs.append(data[off : off + n])
        off += n
    return shapely.from_wkb(np.array(blobs, dtype=object))


def main(out):
    t = time.perf_counter()
    parcels = read_parcels(f"{out}/parcels.wkb")
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    tree = shapely.STRtree(parcels)
    tree_s = time.perf_counter() - t
    fps = []
    for line in open(f"{out}/footprints.wkt", encoding="utf-8"):
        k, hits, w = line.rstrip("\n").split(";", 2)
        fps.append(shapely.from_wkt(w))

    def overlay(fp):
        idx = tree.query(fp)
        areas = shapely.area(shapely.intersection(parcels[idx], fp))
        keep = areas > HIT_MIN_M2
        return idx[keep], areas[keep]

    for fp in fps:  # warm-up, as on the Rust side
        overlay(fp)
    py_res, py_us = [], []
    for fp in fps:
        times = []
        for _ in range(REPS):
            s = time.perf_counter_ns()
            r = overlay(fp)
            times.append((time.perf_counter_ns() - s) / 1e3)
        times.sort()
        py_us.append(times[len(times) // 2])
        py_res.append(r)

    rust = defaultdict(dict)
    with open(f"{out}/rust_overlay.csv") as f:
        for row in csv.DictReader(f):
            rust[int(row["footprint"])][int(row["parcel"])] = float(row["area_m2"])
    rust_us, rust_full = [], []
    with open(f"{out}/rust_timings.csv") as f:
        for row in csv.DictReader(f):
            rust_us.append(float(row["overlay_us"]))
            rust_full.append(float(row["full_match_us"]))

    set_mismatch, worst_rel, worst_at = 0, 0.0, None
    for k, (idx, areas) in enumerate(py_res):
        py = {int(i): float(a) for i, a in zip(idx, areas)}
        rs = rust.get(k, {})
        if set(py) != set(rs):
            set_mismatch += 1
            print(f"footprint {k}: sets differ: only shapely {sorted(set(py) - set(rs))[:5]}, only rust {sorted(set(rs) - set(py))[:5]}")
            continue
        for i, a in py.items():
            rel = abs(a - rs[i]) / max(abs(a), 1e-300)
            if rel > worst_rel:
                worst_rel, worst_at = rel, (k, i, a, rs[i])

    def pct(v, q):
        v = sorted(v)
        return v[round((len(v) - 1) * q)]

    print(f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), numpy {np.__version__}")
    print(f"parcels {len(parcels)}, footprints {len(fps)}; WKB load {load_s:.1} s, STRtree build {tree_s:.2} s")
    print(f"{'per footprint (µs)':<22}{'p50':>10}{'p95':>10}")
    print(f"{'shapely 2 STRtree':<22}{pct(py_us, .5):>10.1f}{pct(py_us, .95):>10.1f}")
    print(f"{'stockfirst overlay':<22}{pct(rust_us, .5):>10.1f}{pct(rust_us, .95):>10.1f}")
    print(f"{'stockfirst full match':<22}{pct(rust_full, .5):>10.1f}{pct(rust_full, .95):>10.1f}")
    r50 = pct(rust_us, .5) / pct(py_us, .5)
    r95 = pct(rust_us, .95) / pct(py_us, .95)
    print(f"ratio rust/shapely: p50 {r50:.3f}, p95 {r95:.3f} (target ≤ 0.5 each)")
    print(f"overlay sets differing: {set_mismatch}; worst relative area difference {worst_rel:.3e} at {worst_at}")
    ok = set_mismatch == 0 and worst_rel <= REL_TOL and r50 <= 0.5 and r95 <= 0.5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/shapely"))
