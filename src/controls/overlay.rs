//! The overlay of one polygon (a red line, an increment, a merged group) on the control layers: the 地类 table with
//! the 田坎 deduction, 永久基本农田, 生态保护红线, 城镇开发边界 zones, forest land and the ellipsoidal area.
//! Where features of a layer overlap, each square metre is counted once, for the first feature, and the overlap is
//! reported.

use geo::{Area as _, BoundingRect, MultiPolygon, Rect};
use serde::Serialize;

use super::count_once::count_once;
use super::ellipsoid::{ToLonLat, ellipsoidal_m2};
use super::inside::Inside;
use super::land_class::{LandCatalogue, LandGroup};
use super::layer::{ControlLayers, Role};
use super::piece::{NOISE_M2, OverlapNote, Piece, overlay_failure};
use super::problem::{LayerProblem, Outcome};
use crate::geometry::{ConvexCover, LocalFrame, guarded_intersection, local_area};
use crate::model::Area;
/// One row of the 地类 table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassArea {
    /// The catalogue code (1104A stays 1104A), or the DLBM as written when the catalogue does not know it.
    pub code: String,
    pub name: String,
    /// `None` for a code the catalogue does not know.
    pub group: Option<LandGroup>,
    pub area: Area,
}

/// One 图斑 under the polygon, for identify and the draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchHit {
    /// Index into `ControlLayers::layers`.
    pub layer: usize,
    pub feature: u32,
    pub id: String,
    pub code: String,
    /// The overlap counted for this feature (after taking out what an earlier, overlapping feature already counted).
    pub overlap: Area,
    /// Cultivated part: overlap × (1 − KCXS) on 耕地, else zero.
    pub cultivated: Area,
    /// 田坎 part: overlap × KCXS on 耕地.
    pub tiankan: Area,
}

/// Area in one 城镇开发边界 zone (GHFQMC).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneArea {
    pub zone: String,
    pub area: Area,
}
/// What lies under the polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ControlOverlay {
    /// Planar (Gauss-Krüger) area of the polygon.
    pub footprint: Area,
    /// The same on the CGCS2000 ellipsoid (椭球面积).
    pub ellipsoidal: Area,
    /// The roles that had a layer: a zero for a role with no layer means "not known", not "none".
    pub roles: Vec<Role>,
    /// By group (农用地, 建设用地, 未利用地, then unknown codes), then code. 耕地 rows are net of 田坎; the 田坎 shares
    /// are in the catalogue's 田坎 row (1203).
    pub land_classes: Vec<ClassArea>,
    pub cultivated: Area,
    pub tiankan: Area,
    /// The part of the polygon no 图斑 covers (only when a survey layer is present).
    pub unsurveyed: Area,
    /// 永久基本农田, net of its own KCXS where the layer carries one.
    pub permanent_farmland: Area,
    pub ecological_redline: Area,
    pub development_boundary: Vec<ZoneArea>,
    /// Outside every 城镇开发边界 zone; `None` without a boundary layer.
    pub outside_development_boundary: Option<Area>,
    /// Outside the 村庄建设边界; `None` without that layer.
    pub outside_village_boundary: Option<Area>,
    /// 林地: survey classes under the catalogue's forest prefixes, or the forest layer when larger.
    pub forest: Area,
    pub hits: Vec<PatchHit>,
    pub overlaps: Vec<OverlapNote>,
    /// Features whose overlap could not be computed, unknown codes met: never silently dropped.
    pub problems: Vec<LayerProblem>,
}

impl ControlOverlay {
    /// The 地类 rows of one group, and their sum.
    pub fn group_total(&self, group: LandGroup) -> Area {
        self.land_classes
            .iter()
            .filter(|r| r.group == Some(group))
            .map(|r| r.area)
            .sum()
    }
}
/// Overlays `polygon` (working CRS, already checked) on every layer.
///
/// ```
/// use stockfirst::controls::{overlay, ControlFeature, ControlLayer, ControlLayers, GaussKruger, Role, LandCatalogue, LandClass, LandGroup};
/// use geo::{polygon, MultiPolygon};
/// let rect = |x: f64, w: f64| MultiPolygon(vec![polygon![(x: 38_450_000.0 + x, y: 3_900_000.0), (x: 38_450_000.0 + x + w, y: 3_900_000.0),
///     (x: 38_450_000.0 + x + w, y: 3_900_100.0), (x: 38_450_000.0 + x, y: 3_900_100.0)]]);
/// let cat = LandCatalogue { source: "t".into(), cultivated: vec!["0103".into()], tiankan: "1203".into(), forest_prefixes: vec![],
///     classes: vec![LandClass { code: "0103".into(), name: "旱地".into(), group: LandGroup::Agricultural },
///                   LandClass { code: "1203".into(), name: "田坎".into(), group: LandGroup::Agricultural }] };
/// // A 100 m × 100 m 旱地 patch with KCXS 0.1; the red line covers its east half.
/// let dltb = ControlLayer::new(Role::LandSurvey, "t:DLTB",
///     vec![ControlFeature::new("1", rect(0.0, 100.0)).with_code("0103", "旱地").with_kcxs(0.1)]);
/// let o = overlay(&ControlLayers::new(vec![dltb]), &cat, &rect(50.0, 100.0), &GaussKruger::working());
/// // Overlap 50 m × 100 m = 5 000 m² = 7.5 亩: 耕地 7.5 × 0.9 = 6.75 亩, 田坎 7.5 × 0.1 = 0.75 亩;
/// // the other 7.5 亩 of the red line lies on no 图斑.
/// assert!((o.cultivated.mu() - 6.75).abs() < 1e-9);
/// assert!((o.tiankan.mu() - 0.75).abs() < 1e-9);
/// assert!((o.unsurveyed.mu() - 7.5).abs() < 1e-9);
/// ```
pub fn overlay(
    layers: &ControlLayers,
    catalogue: &LandCatalogue,
    polygon: &MultiPolygon<f64>,
    inv: &dyn ToLonLat,
) -> ControlOverlay {
    let frame = LocalFrame::around(polygon);
    let local = frame.to_local(polygon);
    let fa = local.unsigned_area();
    let mut out = ControlOverlay {
        footprint: Area::from_m2(fa),
        ellipsoidal: Area::from_m2(ellipsoidal_m2(polygon, inv).unwrap_or(fa)),
        roles: Role::ALL.into_iter().filter(|r| layers.has(*r)).collect(),
        ..ControlOverlay::default()
    };
    let Some(bbox) = polygon.bounding_rect() else {
        return out;
    };
    // The polygon's convex pieces, once: the areas of 图斑 crossing its boundary come from clipping against them.
    let cover = ConvexCover::new(&local);
    for role in Role::ALL {
        if !layers.has(role) {
            continue;
        }
        let pieces = pieces_of(
            layers,
            role,
            bbox,
            &frame,
            polygon,
            &local,
            cover.as_ref(),
            &mut out.problems,
        );
        let pieces = count_once(
            layers,
            role,
            pieces,
            &frame,
            &local,
            &mut out.overlaps,
            &mut out.problems,
        );
        let covered: f64 = pieces.iter().map(|p| p.m2).sum::<f64>().min(fa);
        match role {
            Role::LandSurvey => land_table(&pieces, catalogue, fa, &mut out),
            Role::PermanentFarmland => {
                out.permanent_farmland = Area::from_m2(
                    pieces
                        .iter()
                        .map(|p| p.m2 * (1.0 - p.feature.kcxs.unwrap_or(0.0)))
                        .sum(),
                )
            }
            Role::EcologicalRedline => out.ecological_redline = Area::from_m2(covered),
            Role::DevelopmentBoundary => {
                let mut zones: Vec<ZoneArea> = Vec::new();
                for p in &pieces {
                    let zone = if p.feature.name.is_empty() {
                        p.feature.code.clone()
                    } else {
                        p.feature.name.clone()
                    };
                    match zones.iter_mut().find(|z| z.zone == zone) {
                        Some(z) => z.area += Area::from_m2(p.m2),
                        None => zones.push(ZoneArea {
                            zone,
                            area: Area::from_m2(p.m2),
                        }),
                    }
                }
                zones.sort_by(|a, b| a.zone.cmp(&b.zone));
                out.development_boundary = zones;
                out.outside_development_boundary = Some(Area::from_m2(clean(fa - covered)));
            }
            Role::VillageBoundary => out.outside_village_boundary = Some(Area::from_m2(clean(fa - covered))),
            Role::Forest => {
                if covered > out.forest.m2() {
                    out.forest = Area::from_m2(covered);
                }
            }
        }
    }
    out
}

fn clean(m2: f64) -> f64 {
    if m2 < NOISE_M2 { 0.0 } else { m2 }
}

/// The share of `local` of every feature of `role` whose box meets `bbox`, by layer then feature order. A feature
/// wholly inside is its own share; the area of one crossing the boundary is clipped against the polygon's convex
/// pieces (`cover`), or, without them, comes from a boolean intersection as before.
#[allow(clippy::too_many_arguments)]
fn pieces_of<'a>(
    layers: &'a ControlLayers,
    role: Role,
    bbox: Rect<f64>,
    frame: &LocalFrame,
    world: &MultiPolygon<f64>,
    local: &MultiPolygon<f64>,
    cover: Option<&ConvexCover>,
    problems: &mut Vec<LayerProblem>,
) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let inside = Inside::new(world);
    for (li, layer) in layers.layers.iter().enumerate() {
        if layer.role != role {
            continue;
        }
        let mut hits: Vec<(u32, Rect<f64>)> = layer.query_rect_boxes(bbox).collect();
        // The R-tree's order is not the file's: sort so overlaps always go to the same feature.
        hits.sort_unstable_by_key(|h| h.0);
        for (i, r) in hits {
            let Some(f) = layer.feature(i) else { continue };
            let whole = inside.holds(Some(r));
            let (m2, geom) = if whole {
                (local_area(&f.geometry, frame.origin), None)
            } else if let Some(c) = cover {
                (c.overlap_area(&f.geometry, frame.origin), None)
            } else {
                match guarded_intersection(&frame.to_local(&f.geometry), local) {
                    Ok(g) => (g.unsigned_area(), Some(g)),
                    Err(e) => {
                        problems.push(overlay_failure(&layer.source, f, e));
                        continue;
                    }
                }
            };
            if m2 > NOISE_M2 {
                out.push(Piece {
                    layer: li,
                    index: i,
                    feature: f,
                    whole,
                    bbox: geom.as_ref().and_then(|g| g.bounding_rect()),
                    geom,
                    m2,
                });
            }
        }
    }
    out
}

/// The 地类 table, the 田坎 deduction and forest land from the survey pieces.
fn land_table(pieces: &[Piece<'_>], cat: &LandCatalogue, fa: f64, out: &mut ControlOverlay) {
    let mut rows: Vec<ClassArea> = Vec::new();
    let mut add = |code: &str, name: &str, group: Option<LandGroup>, m2: f64| {
        if m2 <= 0.0 {
            return;
        }
        match rows.iter_mut().find(|r| r.code == code) {
            Some(r) => r.area += Area::from_m2(m2),
            None => rows.push(ClassArea {
                code: code.to_string(),
                name: name.to_string(),
                group,
                area: Area::from_m2(m2),
            }),
        }
    };
    let tiankan_name = cat.class(&cat.tiankan).map_or("田坎", |c| c.name.as_str()).to_string();
    let tiankan_group = cat.class(&cat.tiankan).map(|c| c.group);
    let (mut cultivated, mut tiankan, mut forest, mut counted) = (0.0, 0.0, 0.0, 0.0);
    let mut unknown: Vec<String> = Vec::new();
    for p in pieces {
        let f = p.feature;
        counted += p.m2;
        let (code, name, group) = match cat.resolve(&f.code) {
            Some(r) => (r.class.code.clone(), r.class.name.clone(), Some(r.class.group)),
            None => {
                if !unknown.contains(&f.code) {
                    unknown.push(f.code.clone());
                }
                let name = if f.name.is_empty() {
                    "未知地类".to_string()
                } else {
                    f.name.clone()
                };
                (f.code.trim().to_string(), name, None)
            }
        };
        let (c, t) = if cat.is_cultivated(&code) {
            let k = f.kcxs.filter(|k| (0.0..1.0).contains(k)).unwrap_or(0.0);
            (p.m2 * (1.0 - k), p.m2 * k)
        } else {
            (0.0, 0.0)
        };
        if cat.is_cultivated(&code) {
            add(&code, &name, group, c);
            add(&cat.tiankan, &tiankan_name, tiankan_group, t);
            cultivated += c;
            tiankan += t;
        } else {
            add(&code, &name, group, p.m2);
        }
        if cat.is_forest(&code) {
            forest += p.m2;
        }
        out.hits.push(PatchHit {
            layer: p.layer,
            feature: p.index,
            id: f.id.clone(),
            code: f.code.clone(),
            overlap: Area::from_m2(p.m2),
            cultivated: Area::from_m2(c),
            tiankan: Area::from_m2(t),
        });
    }
    for code in unknown {
        out.problems.push(LayerProblem::new(
            "地类图斑",
            None,
            Outcome::Kept,
            format!("地类编码 {code} 不在地类表中，单列统计"),
            format!("DLBM {code} is not in the catalogue; listed on its own"),
        ));
    }
    rows.sort_by(|a, b| {
        let g = |r: &ClassArea| r.group.map_or(LandGroup::ALL.len(), |g| g as usize);
        g(a).cmp(&g(b)).then_with(|| a.code.cmp(&b.code))
    });
    out.land_classes = rows;
    out.cultivated = Area::from_m2(cultivated);
    out.tiankan = Area::from_m2(tiankan);
    out.forest = Area::from_m2(forest);
    out.unsurveyed = Area::from_m2(clean(fa - counted));
}
