//! One parcel's point lines become its footprint: rings grouped and closed, holes told from further parts,
//! the geometry repaired, the stated point count and area checked.

use anyhow::{Result, anyhow, bail};
use geo::{Area as _, Coord, LineString, MultiPolygon, Polygon, Relate};

use super::BoundaryParcel;
use super::coords::{self, Layout};
use super::raw::RawParcel;
use crate::geometry::{Fix, GeometryError, repair};
use crate::model::Area;

/// A ring whose last point is this close to its first is closed (the files carry 3 decimals).
const CLOSE_TOLERANCE_M: f64 = 0.001;

struct Ring {
    number: u32,
    first_line: usize,
    last_line: usize,
    coords: Vec<Coord<f64>>,
}

fn field(fields: &[String], i: usize) -> String {
    fields.get(i).cloned().unwrap_or_default()
}

/// Second pass for one parcel: rings, holes vs parts, repair, stated values.
pub(super) fn build_parcel(
    rp: &RawParcel,
    layout: Layout,
    zone: u32,
    source: &str,
    warnings: &mut Vec<String>,
) -> Result<BoundaryParcel> {
    let id = field(&rp.fields, 2);
    let who = format!("{source}:{}: 地块 {id} / parcel {id}", rp.line);
    if rp.points.is_empty() {
        bail!("{who}: 没有界址点 / has no points");
    }
    // Group consecutive points by ring number.
    let mut rings: Vec<Ring> = Vec::new();
    for p in &rp.points {
        let c = coords::to_working(p.x, p.y, layout, zone);
        match rings.last_mut() {
            Some(r) if r.number == p.ring => {
                r.coords.push(c);
                r.last_line = p.line;
            }
            _ => {
                if rings.iter().any(|r| r.number == p.ring) {
                    warnings.push(format!(
                        "{source}:{}: 圈号 {} 再次出现，作为新的环 / ring number {} appears again: read as a new ring",
                        p.line, p.ring, p.ring
                    ));
                }
                rings.push(Ring {
                    number: p.ring,
                    first_line: p.line,
                    last_line: p.line,
                    coords: vec![c],
                });
            }
        }
    }
    let mut closing_points = 0usize;
    for r in &mut rings {
        let (first, last) = (r.coords[0], r.coords[r.coords.len() - 1]);
        let closed = r.coords.len() > 1 && (first.x - last.x).hypot(first.y - last.y) <= CLOSE_TOLERANCE_M;
        if closed {
            closing_points += 1;
            let n = r.coords.len();
            r.coords[n - 1] = first;
        } else {
            warnings.push(format!(
                "{source}:{}: 第 {} 圈(第 {}–{} 行)未闭合(末点不等于首点)，已补首点闭合 / ring {} (lines {}–{}) is \
                 not closed (last point ≠ first); closed by repeating its first point",
                r.last_line, r.number, r.first_line, r.last_line, r.number, r.first_line, r.last_line
            ));
            r.coords.push(first);
        }
        let distinct = r.coords.len() - 1;
        if distinct < 3 {
            bail!(
                "{source}:{}: 第 {} 圈(第 {}–{} 行)只有 {distinct} 个不同的点，至少需要 3 个 / ring {} (lines {}–{}) \
                 has only {distinct} distinct point(s); at least 3 are needed",
                r.first_line,
                r.number,
                r.first_line,
                r.last_line,
                r.number,
                r.first_line,
                r.last_line
            );
        }
    }
    let polygons = assemble(&rings, source, warnings);
    let repaired = repair(&MultiPolygon(polygons)).map_err(|e| match e {
        GeometryError::ZeroArea | GeometryError::TooFewPoints => anyhow!(
            "{who}: 界址点围成的面积为零(点共线或重复)/ the boundary encloses no area (points collinear or repeated): {e}"
        ),
        other => anyhow!("{who}: 几何无效 / invalid geometry: {other}"),
    })?;
    let area = Area::from_m2(repaired.geometry.unsigned_area());
    for fix in &repaired.fixes {
        let extra = if *fix == Fix::SelfIntersectionResolved {
            format!(
                "；界址线自相交，修复后面积 {:.4} 亩，请核对测量成果 / the boundary crosses itself; {:.4} 亩 after \
                 repair, check the survey",
                area.mu(),
                area.mu()
            )
        } else {
            String::new()
        };
        warnings.push(format!("{who}: {fix}{extra}"));
    }

    let declared = field(&rp.fields, 0);
    let point_count_declared = if declared.is_empty() {
        None
    } else if let Ok(n) = declared.parse::<usize>() {
        let read = rp.points.len();
        if n != read && n != read - closing_points {
            warnings.push(format!(
                "{who}: 界址点数写为 {n}，实际 {read} 行(不含闭合点 {}) / 界址点数 says {n}, {read} point lines read \
                 ({} without closing points)",
                read - closing_points,
                read - closing_points
            ));
        }
        Some(n)
    } else {
        warnings.push(format!(
            "{who}: 界址点数 “{declared}” 不是整数，已忽略 / point count “{declared}” is not a number"
        ));
        None
    };
    let stated = field(&rp.fields, 1);
    let stated_area_ha = if stated.is_empty() {
        None
    } else if let Ok(v) = stated.parse::<f64>() {
        Some(v)
    } else {
        warnings.push(format!(
            "{who}: 地块面积 “{stated}” 不是数字，已忽略 / stated area “{stated}” is not a number"
        ));
        None
    };

    let parcel = BoundaryParcel {
        id,
        name: field(&rp.fields, 3),
        shape_kind: field(&rp.fields, 4),
        sheet: field(&rp.fields, 5),
        use_code: field(&rp.fields, 6),
        land_class: field(&rp.fields, 7),
        stated_area_ha,
        point_count_declared,
        point_count_read: rp.points.len(),
        geometry: repaired.geometry,
        area,
        line: rp.line,
    };
    if let (Some(rel), Some(st)) = (parcel.area_mismatch(), stated_area_ha) {
        let close = |a: f64| (st - a).abs() <= a * crate::model::AREA_MISMATCH_TOLERANCE;
        let hint = if close(area.m2()) {
            "(按平方米读则相符 / matches if read as m²)"
        } else if close(area.mu()) {
            "(按亩读则相符 / matches if read as 亩)"
        } else {
            ""
        };
        warnings.push(format!(
            "{who}: 地块面积写为 {st} 公顷，按坐标计算为 {:.4} 公顷({:.4} 亩)，相差 {:.1}%{hint} / stated {st} ha, \
             computed {:.4} ha ({:.4} 亩), {:.1} % apart",
            area.hectares(),
            area.mu(),
            rel * 100.0,
            area.hectares(),
            area.mu(),
            rel * 100.0
        ));
    }
    Ok(parcel)
}

/// Turns rings into polygons: a ring inside an earlier shell is its hole, one outside every shell a new part.
fn assemble(rings: &[Ring], source: &str, warnings: &mut Vec<String>) -> Vec<Polygon<f64>> {
    let mut shells: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    for r in rings {
        let ls = LineString::new(r.coords.clone());
        let candidate = Polygon::new(ls.clone(), vec![]);
        let mut placed = false;
        for (shell, holes) in &mut shells {
            let shell_poly = Polygon::new(shell.clone(), vec![]);
            // relate() on a broken ring can panic deep in geo: then the ring stays a part of its own, and repair
            // (guarded too) decides what is left.
            let Ok(m) = crate::geometry::guarded(|| candidate.relate(&shell_poly)) else {
                warnings.push(format!(
                    "{source}:{}: 第 {} 圈无法与外环比较，作为单独部分 / ring {} could not be compared with its outer \
                     ring: kept as a part of its own",
                    r.first_line, r.number, r.number
                ));
                break;
            };
            if m.is_within() {
                holes.push(ls.clone());
                placed = true;
                break;
            }
            if m.is_disjoint() || m.is_touches() {
                continue;
            }
            if m.is_contains() {
                warnings.push(format!(
                    "{source}:{}: 第 {} 圈包含了之前的外环，作为另一部分合并 / ring {} encloses an earlier outer ring: \
                     merged as a further part",
                    r.first_line, r.number, r.number
                ));
                break;
            }
            warnings.push(format!(
                "{source}:{}: 第 {} 圈与外环部分重叠，按内环(扣除)处理 / ring {} partly overlaps its outer ring: \
                 treated as a hole (cut out)",
                r.first_line, r.number, r.number
            ));
            holes.push(ls.clone());
            placed = true;
            break;
        }
        if !placed {
            shells.push((ls, Vec::new()));
        }
    }
    shells.into_iter().map(|(s, h)| Polygon::new(s, h)).collect()
}
