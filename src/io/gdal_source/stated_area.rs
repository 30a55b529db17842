//! The area a source states for each parcel: its unit, and where it disagrees with the geometry.

use super::{FeatureProblem, LoadReport};
use crate::model::{Area, AreaUnit, Parcel};

/// The unit of a source's area field: the one under which stated and computed areas agree best.
///
/// ```
/// use stockfirst::io::gdal_source::detect_area_unit;
/// use stockfirst::model::AreaUnit;
/// // 10 000 m² parcels stated as 1.0 → hectares; as 15.0 → 亩.
/// assert_eq!(detect_area_unit(&[(1.0, 10_000.0), (2.0, 20_000.0)]), AreaUnit::Hectare);
/// assert_eq!(detect_area_unit(&[(15.0, 10_000.0)]), AreaUnit::Mu);
/// assert_eq!(detect_area_unit(&[(10_001.0, 10_000.0)]), AreaUnit::SquareMetre);
/// ```
pub fn detect_area_unit(pairs: &[(f64, f64)]) -> AreaUnit {
    let score = |u: AreaUnit| {
        let mut errs: Vec<f64> = pairs
            .iter()
            .filter(|(s, c)| *s > 0.0 && *c > 0.0)
            .map(|(s, c)| (u.to_area(*s).m2() / c).ln().abs())
            .collect();
        // The median: the element a full sort would put in the middle, found without sorting a million.
        let mid = errs.len() / 2;
        if errs.is_empty() {
            return f64::INFINITY;
        }
        *errs.select_nth_unstable_by(mid, f64::total_cmp).1
    };
    [AreaUnit::SquareMetre, AreaUnit::Mu, AreaUnit::Hectare]
        .into_iter()
        .min_by(|a, b| score(*a).total_cmp(&score(*b)))
        .unwrap_or_default()
}

pub(super) fn apply_stated_areas(
    parcels: &mut [Parcel],
    stated: &[Option<f64>],
    unit: Option<AreaUnit>,
    report: &mut LoadReport,
) {
    let pairs: Vec<(f64, f64)> = parcels
        .iter()
        .zip(stated)
        // `area` is the geometry's planar area, computed once when the parcel was made.
        .filter_map(|(p, s)| s.map(|s| (s, p.area.m2())))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let unit = unit.unwrap_or_else(|| {
        let u = detect_area_unit(&pairs);
        report.notes.push(format!(
            "面积字段单位判定为 / area field unit detected as {}",
            match u {
                AreaUnit::SquareMetre => "平方米 m²",
                AreaUnit::Mu => "亩 mu",
                AreaUnit::Hectare => "公顷 ha",
            }
        ));
        u
    });
    for (p, s) in parcels.iter_mut().zip(stated) {
        p.stated_area = s.map(|v| unit.to_area(v));
        report.problems.extend(mismatch_problem(p));
    }
}

/// The problem a parcel whose stated area disagrees with its geometry by more than 1% gets (also for a shared
/// library, which keeps the stated area).
pub(crate) fn mismatch_problem(p: &Parcel) -> Option<FeatureProblem> {
    let rel = p.area_mismatch()?;
    Some(FeatureProblem {
        feature: p.id.clone(),
        message: format!(
            "面积属性 {:.2} 亩 与图形面积 {:.2} 亩 相差 {:.1}% / stated area differs from geometry by {:.1}%",
            p.stated_area.map(Area::mu).unwrap_or(0.0),
            p.area.mu(),
            rel * 100.0,
            rel * 100.0
        ),
        skipped: false,
    })
}
