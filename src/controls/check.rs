//! Checking a control layer's features before they are indexed: geometry repaired or refused, KCXS in [0, 1),
//! DLBM known, and the stated area (TBMJ) against the geometry. Every problem is named by layer and feature.

use super::ellipsoid::GaussKruger;
use super::land_class::LandCatalogue;
use super::layer::{ControlFeature, Role};
use super::problem::{LayerProblem, Outcome};
use crate::geometry::repair_owned;
use geo::MultiPolygon;

/// How far the stated area may differ from the geometry's ellipsoidal area before it is reported (a share).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    pub stated_area_tolerance: f64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            stated_area_tolerance: 0.01,
        }
    }
}

/// Repairs what is safe and reports the rest. Features whose geometry cannot be used are left out (and reported).
/// A KCXS outside [0, 1) is reported and taken as 0 (the whole overlap counts as cultivated: never less than the
/// truth). `gk`, the projection of the working CRS, lets the stated area (TBMJ, an ellipsoidal area) be compared
/// with the geometry's.
///
/// ```
/// use stockfirst::controls::{check_layer, CheckOptions, ControlFeature, Role, Outcome};
/// use geo::{polygon, MultiPolygon};
/// let sq = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)]]);
/// let bad = ControlFeature::new("BSM7", sq).with_code("0103", "旱地").with_kcxs(1.5);
/// let (kept, problems) = check_layer("t.gpkg:DLTB", Role::LandSurvey, vec![bad], None, None, CheckOptions::default());
/// assert_eq!(kept[0].kcxs, Some(0.0));
/// assert_eq!(problems[0].feature.as_deref(), Some("BSM7"));
/// assert_eq!(problems[0].outcome, Outcome::Repaired);
/// ```
pub fn check_layer(
    layer: &str,
    role: Role,
    features: Vec<ControlFeature>,
    catalogue: Option<&LandCatalogue>,
    gk: Option<&GaussKruger>,
    opts: CheckOptions,
) -> (Vec<ControlFeature>, Vec<LayerProblem>) {
    // The geometry check (geo's is_valid) dominates a large layer's load: the features are checked in contiguous
    // chunks, one per core, and the results joined in layer order, so the output is that of one pass.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunks = if features.len() < PARALLEL_FROM { 1 } else { threads };
    check_in_chunks(layer, role, features, catalogue, gk, opts, chunks)
}

/// [`check_layer`] over `chunks` threads.
fn check_in_chunks(
    layer: &str,
    role: Role,
    features: Vec<ControlFeature>,
    catalogue: Option<&LandCatalogue>,
    gk: Option<&GaussKruger>,
    opts: CheckOptions,
    chunks: usize,
) -> (Vec<ControlFeature>, Vec<LayerProblem>) {
    let mut parts: Vec<Chunk> = if chunks <= 1 {
        vec![check_chunk(layer, role, features, catalogue, gk, opts)]
    } else {
        let size = features.len().div_ceil(chunks);
        let mut rest = features;
        let mut pieces = Vec::with_capacity(chunks);
        while rest.len() > size {
            let tail = rest.split_off(size);
            pieces.push(rest);
            rest = tail;
        }
        pieces.push(rest);
        std::thread::scope(|s| {
            let handles: Vec<_> = pieces
                .into_iter()
                .map(|piece| s.spawn(move || check_chunk(layer, role, piece, catalogue, gk, opts)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut kept = Vec::with_capacity(parts.iter().map(|c| c.kept.len()).sum());
    let mut problems = Vec::new();
    let mut unknown_codes: Vec<(String, String)> = Vec::new();
    for c in parts.drain(..) {
        kept.extend(c.kept);
        problems.extend(c.problems);
        for (code, note) in c.unknown_codes {
            if !unknown_codes.iter().any(|(k, _)| k == &code) {
                unknown_codes.push((code, note));
            }
        }
    }
    for (code, note) in unknown_codes {
        problems.push(LayerProblem::new(
            layer,
            None,
            Outcome::Kept,
            note.split(" / ").next().unwrap_or(&note).to_string(),
            note.split(" / ").nth(1).unwrap_or(&code).to_string(),
        ));
    }
    (kept, problems)
}

/// Below this many features one thread checks them all (spawning would cost more than it saves).
const PARALLEL_FROM: usize = 4096;

/// What one chunk of a layer gave: its kept features and problems in order, and the suffixed codes it met first.
struct Chunk {
    kept: Vec<ControlFeature>,
    problems: Vec<LayerProblem>,
    unknown_codes: Vec<(String, String)>,
}

fn check_chunk(
    layer: &str,
    role: Role,
    features: Vec<ControlFeature>,
    catalogue: Option<&LandCatalogue>,
    gk: Option<&GaussKruger>,
    opts: CheckOptions,
) -> Chunk {
    let mut kept = Vec::with_capacity(features.len());
    let mut problems = Vec::new();
    let mut unknown_codes: Vec<(String, String)> = Vec::new();
    for mut f in features {
        let id = Some(f.id.clone());
        match repair_owned(std::mem::replace(&mut f.geometry, MultiPolygon(Vec::new()))) {
            Ok(r) => {
                if !r.fixes.is_empty() {
                    let zh: Vec<String> = r.fixes.iter().map(|x| x.zh()).collect();
                    let en: Vec<String> = r.fixes.iter().map(|x| x.en()).collect();
                    problems.push(LayerProblem::new(
                        layer,
                        id.clone(),
                        Outcome::Repaired,
                        format!("几何已修复：{}", zh.join("；")),
                        format!("geometry repaired: {}", en.join("; ")),
                    ));
                }
                f.geometry = r.geometry;
            }
            Err(e) => {
                problems.push(LayerProblem::new(
                    layer,
                    id,
                    Outcome::Refused,
                    format!("几何无法使用：{e}"),
                    format!("geometry unusable: {e}"),
                ));
                continue;
            }
        }
        if let Some(k) = f.kcxs
            && !(k.is_finite() && (0.0..1.0).contains(&k))
        {
            problems.push(LayerProblem::new(
                layer,
                id.clone(),
                Outcome::Repaired,
                format!("扣除系数 KCXS = {k} 不在 [0, 1) 内，按 0 计（不扣田坎）"),
                format!("KCXS = {k} is outside [0, 1); taken as 0 (no 田坎 deduction)"),
            ));
            f.kcxs = Some(0.0);
        }
        if let Some(cat) = catalogue
            && matches!(role, Role::LandSurvey | Role::PermanentFarmland)
            && !f.code.is_empty()
        {
            match cat.resolve(&f.code) {
                Some(r) => {
                    if let Some(note) = r.note
                        && !unknown_codes.iter().any(|(c, _)| c == &f.code)
                    {
                        unknown_codes.push((f.code.clone(), note));
                    }
                }
                None => problems.push(LayerProblem::new(
                    layer,
                    id.clone(),
                    Outcome::Kept,
                    format!("地类编码 {} 不在地类表中，单列为未知地类", f.code),
                    format!("DLBM {} is not in the catalogue; listed as an unknown class", f.code),
                )),
            }
        }
        if let (Some(stated), Some(gk)) = (f.stated_m2, gk)
            && stated > 0.0
            && let Some(e) = gk.small_ellipsoidal_m2(&f.geometry)
            && e > 0.0
            && ((stated - e) / e).abs() > opts.stated_area_tolerance
        {
            problems.push(LayerProblem::new(
                layer,
                id.clone(),
                Outcome::Kept,
                format!(
                    "图斑面积 {:.2} 平方米与图形椭球面积 {:.2} 平方米相差 {:.1}%，按图形计算",
                    stated,
                    e,
                    (stated - e) / e * 100.0
                ),
                format!(
                    "stated area {:.2} m² differs from the geometry's ellipsoidal area {:.2} m² by {:.1}%; the geometry is used",
                    stated,
                    e,
                    (stated - e) / e * 100.0
                ),
            ));
        }
        kept.push(f);
    }
    Chunk {
        kept,
        problems,
        unknown_codes,
    }
}

#[cfg(test)]
mod tests {
    use super::super::ellipsoid::GaussKruger;
    use super::super::land_class::fixture;
    use super::*;
    use geo::{MultiPolygon, polygon};

    fn sq(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s)],
        ])
    }

    #[test]
    fn a_bowtie_is_split_and_a_line_is_refused() {
        let bow = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 10.0), (x: 10.0, y: 0.0), (x: 0.0, y: 10.0)],
        ]);
        let flat = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 20.0, y: 0.0)]]);
        let (kept, p) = check_layer(
            "t:DLTB",
            Role::LandSurvey,
            vec![ControlFeature::new("B", bow), ControlFeature::new("F", flat)],
            None,
            None,
            CheckOptions::default(),
        );
        assert_eq!(kept.len(), 1);
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].feature.as_deref(), p[0].outcome), (Some("B"), Outcome::Repaired));
        assert_eq!((p[1].feature.as_deref(), p[1].outcome), (Some("F"), Outcome::Refused));
    }

    #[test]
    fn unknown_and_suffixed_codes_are_reported() {
        let cat = fixture::catalogue();
        let fs = vec![
            ControlFeature::new("1", sq(0.0, 0.0, 10.0)).with_code("0103X", "旱地"),
            ControlFeature::new("2", sq(20.0, 0.0, 10.0)).with_code("0103X", "旱地"),
            ControlFeature::new("3", sq(40.0, 0.0, 10.0)).with_code("ZZZZ", "?"),
        ];
        let (kept, p) = check_layer(
            "t:DLTB",
            Role::LandSurvey,
            fs,
            Some(&cat),
            None,
            CheckOptions::default(),
        );
        assert_eq!(kept.len(), 3);
        // One line for the unknown code (feature 3), one layer-wide line for the suffix read as 0103.
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].feature.as_deref(), Some("3"));
        assert!(p[1].feature.is_none() && p[1].zh.contains("0103"));
    }

    #[test]
    fn chunks_give_what_one_pass_gives() {
        // Bow-ties, lines, unknown and suffixed codes and bad KCXS spread over every chunk boundary.
        let cat = fixture::catalogue();
        let gk = GaussKruger::working();
        let bow = |x: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: 3_905_000.0), (x: x + 10.0, y: 3_905_010.0), (x: x + 10.0, y: 3_905_000.0), (x: x, y: 3_905_010.0)],
            ])
        };
        let fs: Vec<ControlFeature> = (0..5000)
            .map(|i| {
                let x = 38_420_000.0 + 20.0 * i as f64;
                let g = if i % 997 == 5 { bow(x) } else { sq(x, 3_905_000.0, 10.0) };
                let code = match i % 7 {
                    0 => "0103X",
                    1 if i % 1001 == 1 => "ZZZZ",
                    2 => "0101Y",
                    _ => "0101",
                };
                let mut f = ControlFeature::new(i.to_string(), g).with_code(code, "");
                f.kcxs = Some(if i % 1250 == 3 { 1.5 } else { 0.1 });
                f.stated_m2 = Some(if i % 600 == 7 { 130.0 } else { 100.0 });
                f
            })
            .collect();
        let one = check_in_chunks(
            "t:DLTB",
            Role::LandSurvey,
            fs.clone(),
            Some(&cat),
            Some(&gk),
            CheckOptions::default(),
            1,
        );
        let three = check_in_chunks(
            "t:DLTB",
            Role::LandSurvey,
            fs,
            Some(&cat),
            Some(&gk),
            CheckOptions::default(),
            3,
        );
        assert!(
            one.1.len() > 10 && one.1.iter().any(|p| p.feature.is_none()),
            "{:?}",
            one.1
        );
        assert_eq!(one, three);
    }

    #[test]
    fn tbmj_far_from_the_geometry_is_reported() {
        // A 100 m square (≈ 9 998.4 m² on the ellipsoid) stated as 12 000 m²: 20 % off.
        let mut f = ControlFeature::new("9", sq(38_420_000.0, 3_905_000.0, 100.0));
        f.stated_m2 = Some(12_000.0);
        let mut g = ControlFeature::new("10", sq(38_420_200.0, 3_905_000.0, 100.0));
        g.stated_m2 = Some(9_998.4);
        let gk = GaussKruger::working();
        let (_, p) = check_layer(
            "t:DLTB",
            Role::LandSurvey,
            vec![f, g],
            None,
            Some(&gk),
            CheckOptions::default(),
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].feature.as_deref(), Some("9"));
    }
}
