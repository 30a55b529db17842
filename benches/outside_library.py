"""A stock library shaped like one an outside generator makes (issue 11), for the load benchmark.

Same fields as `stockfirst generate-sample` (DKBH … BZ, EPSG:4526, MultiPolygon), but differently shaped parcels:
8–20 vertices each, notches (vertices pulled towards the centre), about half with a clockwise shell, one in five
with a hole (either orientation), one in thirty with a second part, features in random order (not by county).
Attribute values are drawn from the bundled sample's rows so every code is one the app knows; ids and names are new.
Each parcel lies inside the outline of the county its XZQDM names (assets/counties), and MJ is its area in m².

Every polygon is valid by construction: a shell is star-shaped around its centre (one vertex per angular sector of
2π/n, sector gaps < 90°), a hole is a small ring around the centre well inside the shell's inner radius, a second
part lies outside the first's circumscribed circle; the stretch and rotation after that are affine, so they keep it.

Usage: python benches/outside_library.py N OUT.gpkg [SEED]   (in the bench venv: benches/geopandas_load.sh makes it)
"""

import json
import sys
from pathlib import Path

import numpy as np
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parent.parent


def county_outlines():
    data = json.loads((ROOT / "assets/counties/jiaozuo-counties.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["adcode"]: shapely.geometry.shape(f["geometry"]) for f in data["features"]}


def points_inside(shape, k, rng):
    """k random points inside `shape` (rejection sampling in its box)."""
    minx, miny, maxx, maxy = shape.bounds
    shapely.prepare(shape)
    out = np.empty((0, 2))
    while len(out) < k:
        m = max(2 * (k - len(out)), 64)
        xy = np.column_stack([rng.uniform(minx, maxx, m), rng.uniform(miny, maxy, m)])
        # 200 m from the county line, so the parcel's interior point stays in its county.
        inside = shapely.contains_xy(shape.buffer(-200.0), xy[:, 0], xy[:, 1])
        out = np.vstack([out, xy[inside]])
    return out[:k]


def star_rings(centres, radius, n, rng, notch=True):
    """(k, n+1, 2) closed star-shaped rings around `centres` (k, 2) in an unrotated, unstretched frame."""
    k = len(centres)
    sector = 2 * np.pi / n
    ang = (np.arange(n)[None, :] + rng.uniform(0.15, 0.85, (k, n))) * sector
    r = radius[:, None] * rng.uniform(0.75, 1.0, (k, n))
    if notch:
        # One or two notches: a vertex pulled in to 35–55 % of the radius.
        for _ in range(2):
            which = rng.integers(0, n, k)
            hit = rng.random(k) < 0.6
            r[hit, which[hit]] = radius[hit] * rng.uniform(0.35, 0.55, hit.sum())
    xy = np.stack([np.cos(ang) * r, np.sin(ang) * r], axis=-1)
    xy = np.concatenate([xy, xy[:, :1]], axis=1)
    return xy


def affine(xy, theta, stretch, centres):
    """Stretch along x, rotate by theta, move to the centres: keeps simplicity and containment."""
    x = xy[..., 0] * stretch[:, None]
    y = xy[..., 1]
    c, s = np.cos(theta)[:, None], np.sin(theta)[:, None]
    return np.stack([x * c - y * s + centres[:, None, 0], x * s + y * c + centres[:, None, 1]], axis=-1)


def make_geometries(centres, rng):
    k = len(centres)
    radius = np.exp(rng.normal(np.log(45.0), 0.5, k)).clip(12.0, 250.0)
    theta = rng.uniform(0, np.pi, k)
    stretch = rng.uniform(1.0, 2.5, k)
    nverts = rng.integers(8, 21, k)
    has_hole = rng.random(k) < 0.2
    clockwise = rng.random(k) < 0.5
    two_parts = rng.random(k) < 1 / 30
    geoms = np.empty(k, dtype=object)
    for n in np.unique(nverts):
        idx = np.nonzero(nverts == n)[0]
        sub = np.zeros((len(idx), 2))
        shell = star_rings(sub, radius[idx], n, rng)
        shell = np.where(clockwise[idx, None, None], shell[:, ::-1], shell)
        shell = affine(shell, theta[idx], stretch[idx], centres[idx])
        shells = shapely.linearrings(shell)
        polys = np.empty(len(idx), dtype=object)
        plain = ~has_hole[idx]
        polys[plain] = shapely.polygons(shells[plain])
        holed = np.nonzero(has_hole[idx])[0]
        if len(holed):
            m = rng.integers(4, 7)
            hole = star_rings(sub[holed], radius[idx][holed] * rng.uniform(0.1, 0.22, len(holed)), m, rng, False)
            hole = np.where((rng.random(len(holed)) < 0.5)[:, None, None], hole[:, ::-1], hole)
            hole = affine(hole, theta[idx][holed], stretch[idx][holed], centres[idx][holed])
            polys[holed] = shapely.polygons(shells[holed], holes=shapely.linearrings(hole)[:, None])
        geoms[idx] = polys
    # A second, small part beyond the first's circumscribed circle (1.3–1.8 radii out, radius 0.25).
    two = np.nonzero(two_parts)[0]
    if len(two):
        phi = rng.uniform(0, 2 * np.pi, len(two))
        dist = radius[two] * rng.uniform(1.3, 1.8, len(two))
        off = np.column_stack([np.cos(phi) * dist, np.sin(phi) * dist])
        part = star_rings(np.zeros((len(two), 2)), radius[two] * 0.25, 8, rng, False) + off[:, None, :]
        part = affine(part, theta[two], stretch[two], centres[two])
        second = shapely.polygons(shapely.linearrings(part))
        geoms[two] = shapely.multipolygons(np.column_stack([geoms[two], second]))
    single = np.nonzero(~two_parts)[0]
    geoms[single] = shapely.multipolygons(geoms[single][:, None])
    return geoms


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 11)
    sample = pyogrio.read_dataframe(ROOT / "sample-data/jiaozuo-stock-sample.gpkg", read_geometry=False)
    rows = sample.iloc[rng.integers(0, len(sample), n)].reset_index(drop=True)
    outlines = county_outlines()
    # Counties with no outline (the high-tech zone) go anywhere in the city; they are not judged.
    city = shapely.union_all(list(outlines.values()))
    centres = np.empty((n, 2))
    for code, group in rows.groupby("XZQDM").groups.items():
        centres[np.asarray(group)] = points_inside(outlines.get(code, city), len(group), rng)
    geoms = make_geometries(centres, rng)
    assert shapely.is_valid(geoms).all(), "a generated parcel is invalid"
    rows["DKBH"] = [f"{c}-W{i:07d}" for i, c in enumerate(rows["XZQDM"])]
    rows["DKMC"] = [f"{m}外部样例地块{i}" for i, m in enumerate(rows["XZQMC"])]
    rows["MJ"] = np.round(shapely.area(geoms), 2)
    import geopandas as gpd

    df = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4526")
    Path(out).unlink(missing_ok=True)
    pyogrio.write_dataframe(df, out, layer="stock_parcels", driver="GPKG", geometry_type="MultiPolygon")
    verts = shapely.get_num_coordinates(geoms)
    ccw = shapely.is_ccw(shapely.get_exterior_ring(shapely.get_geometry(geoms, 0)))
    print(
        f"{out}: {n} parcels, {verts.sum()} points ({verts.mean():.1f} a parcel), "
        f"{(shapely.get_num_interior_rings(shapely.get_geometry(geoms, 0)) > 0).mean():.0%} with a hole, "
        f"{(~ccw).mean():.0%} clockwise shells, {(shapely.get_num_geometries(geoms) > 1).mean():.1%} two parts"
    )


if __name__ == "__main__":
    main()
