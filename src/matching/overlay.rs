//! 套核 (clause 二): lay the project footprint on the stock map library.

use geo::{Area as _, MultiPolygon};
use serde::Serialize;

use super::prepared::{HIT_MIN_M2, PreparedFootprint};
use crate::geometry::{GeometryError, LocalFrame, guarded_intersection, guarded_union};
use crate::library::{ParcelIdx, StockLibrary};
use crate::model::Area;

/// One stock parcel the footprint covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlayHit {
    pub parcel: ParcelIdx,
    pub overlap: Area,
    /// Overlap ÷ parcel area.
    pub share_of_parcel: f64,
    /// Overlap ÷ footprint area.
    pub share_of_footprint: f64,
}

/// The answer of a 套核.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlay {
    pub footprint: Area,
    /// Largest overlap first, then parcel id.
    pub hits: Vec<OverlayHit>,
    /// The part of the footprint lying on stock.
    pub on_stock: Area,
    /// Share of the footprint on stock: `on_stock` ÷ footprint (a share is always an area ÷ an area).
    pub stock_share: f64,
    /// The remainder: new construction land (新增建设用地), drawn on the quotas.
    pub new_land: Area,
    /// The library's parcels overlap each other here; `on_stock` was computed from their union.
    pub overlapping_stock: bool,
    /// Parcels whose overlap could not be computed (broken geometry); never silently dropped.
    pub failed: Vec<(ParcelIdx, String)>,
}

/// Overlays `footprint` (working CRS) on `lib`.
///
/// ```
/// use stockfirst::library::StockLibrary;
/// use stockfirst::matching::overlay;
/// use stockfirst::model::{LandUse, Parcel, StockKind};
/// use geo::{polygon, MultiPolygon};
/// let sq = |x: f64, s: f64| MultiPolygon(vec![polygon![(x: x, y: 0.0), (x: x + s, y: 0.0), (x: x + s, y: s), (x: x, y: s)]]);
/// let lib = StockLibrary::new(vec![Parcel::new("A", StockKind::Idle, LandUse::ydyh("1001"), "410821", sq(0.0, 100.0))]);
/// // Footprint 50..150 covers the right half of A: 5 000 m² = 7.5 亩 on stock, the other 7.5 亩 new land.
/// let o = overlay(&lib, &sq(50.0, 100.0));
/// assert_eq!(o.hits.len(), 1);
/// assert!((o.on_stock.mu() - 7.5).abs() < 1e-9 && (o.new_land.mu() - 7.5).abs() < 1e-9);
/// ```
pub fn overlay(lib: &StockLibrary, footprint: &MultiPolygon<f64>) -> Overlay {
    overlay_prepared(lib, &PreparedFootprint::new(footprint), footprint)
}

pub(crate) fn overlay_prepared(lib: &StockLibrary, prep: &PreparedFootprint, footprint: &MultiPolygon<f64>) -> Overlay {
    let fa = prep.area_m2;
    let mut hits = Vec::new();
    let mut failed = Vec::new();
    for i in lib.query_rect(prep.bbox) {
        let Some(p) = lib.parcel(i) else { continue };
        // The overlay snaps to an integer grid sized by the larger operand: a small footprint on a huge parcel can
        // come back a fraction of a m² larger than either. An overlap is never more than the footprint or the parcel.
        match prep
            .overlap_m2(&p.geometry, p.area.m2())
            .map(|a| a.min(fa).min(p.area.m2()))
        {
            Ok(a) if a > HIT_MIN_M2 => hits.push(OverlayHit {
                parcel: i,
                overlap: Area::from_m2(a),
                share_of_parcel: if p.area.m2() > 0.0 {
                    (a / p.area.m2()).min(1.0)
                } else {
                    0.0
                },
                share_of_footprint: if fa > 0.0 { a / fa } else { 0.0 },
            }),
            Ok(_) => {}
            Err(e) => failed.push((i, e.to_string())),
        }
    }
    hits.sort_by(|a, b| {
        b.overlap
            .m2()
            .total_cmp(&a.overlap.m2())
            .then_with(|| id_of(lib, a.parcel).cmp(id_of(lib, b.parcel)))
    });
    let sum: f64 = hits.iter().map(|h| h.overlap.m2()).sum();
    // Parcels of a clean library do not overlap (the library checks that on load), so the sum is the covered area.
    // If it exceeds the footprint they do: take the union instead of counting land twice.
    let (on_stock, overlapping_stock) = if sum > fa * (1.0 + 1e-9) {
        match union_cover(lib, &hits, footprint) {
            Ok(a) => (a.min(fa), true),
            Err(e) => {
                failed.push((ParcelIdx::MAX, e.to_string()));
                (fa, true)
            }
        }
    } else {
        (sum.min(fa), false)
    };
    Overlay {
        footprint: Area::from_m2(fa),
        hits,
        on_stock: Area::from_m2(on_stock),
        stock_share: if fa > 0.0 { on_stock / fa } else { 0.0 },
        new_land: Area::from_m2((fa - on_stock).max(0.0)),
        overlapping_stock,
        failed,
    }
}

fn id_of(lib: &StockLibrary, i: ParcelIdx) -> &str {
    lib.parcel(i).map(|p| p.id.as_str()).unwrap_or("")
}

fn union_cover(lib: &StockLibrary, hits: &[OverlayHit], footprint: &MultiPolygon<f64>) -> Result<f64, GeometryError> {
    let frame = LocalFrame::around(footprint);
    let mut u = MultiPolygon::<f64>(vec![]);
    for h in hits {
        if let Some(p) = lib.parcel(h.parcel) {
            u = guarded_union(&u, &frame.to_local(&p.geometry))?;
        }
    }
    Ok(guarded_intersection(&u, &frame.to_local(footprint))?.unsigned_area())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, Parcel, StockKind};
    use geo::polygon;

    const X0: f64 = 38_452_000.0;
    const Y0: f64 = 3_905_000.0;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: X0 + x, y: Y0 + y), (x: X0 + x + w, y: Y0 + y), (x: X0 + x + w, y: Y0 + y + h), (x: X0 + x, y: Y0 + y + h)],
        ])
    }

    fn parcel(id: &str, g: MultiPolygon<f64>) -> Parcel {
        Parcel::new(id, StockKind::ApprovedUnsupplied, LandUse::ydyh("1001"), "410821", g)
    }

    #[test]
    fn footprint_on_half_of_a_hundred_mu_parcel() {
        // A 100 亩 parcel: 100 / 0.0015 = 66 666.67 m², drawn as 200 m × 333.333 m.
        let h = 100.0 / 0.0015 / 200.0;
        let lib = StockLibrary::new(vec![parcel("P100", rect(0.0, 0.0, 200.0, h))]);
        // The footprint is the same size, shifted right by 100 m: it covers half the parcel.
        let o = overlay(&lib, &rect(100.0, 0.0, 200.0, h));
        assert_eq!(o.hits.len(), 1);
        let hit = &o.hits[0];
        // Overlap 100 m × 333.333 m = 33 333.33 m² = 50 亩; half the parcel, half the footprint.
        assert!((hit.overlap.mu() - 50.0).abs() < 1e-9);
        assert!((hit.share_of_parcel - 0.5).abs() < 1e-12);
        assert!((hit.share_of_footprint - 0.5).abs() < 1e-12);
        // The other 50 亩 of the 100 亩 footprint is new construction land (需补足增量).
        assert!((o.new_land.mu() - 50.0).abs() < 1e-9);
        assert!((o.stock_share - 0.5).abs() < 1e-12);
        assert!(!o.overlapping_stock);
    }

    #[test]
    fn touching_parcels_are_not_hits() {
        let lib = StockLibrary::new(vec![parcel("T", rect(100.0, 0.0, 50.0, 50.0))]);
        let o = overlay(&lib, &rect(0.0, 0.0, 100.0, 100.0));
        assert!(o.hits.is_empty());
        // Nothing on stock: the whole 10 000 m² (15 亩) is new land.
        assert!((o.new_land.mu() - 15.0).abs() < 1e-9);
    }

    #[test]
    fn hits_are_sorted_by_overlap_then_id() {
        let lib = StockLibrary::new(vec![
            parcel("B", rect(0.0, 0.0, 10.0, 10.0)),
            parcel("A", rect(20.0, 0.0, 10.0, 10.0)),
            parcel("C", rect(40.0, 0.0, 20.0, 10.0)),
        ]);
        let o = overlay(&lib, &rect(-5.0, -5.0, 100.0, 100.0));
        let ids: Vec<_> = o
            .hits
            .iter()
            .map(|h| lib.parcel(h.parcel).unwrap().id.as_str())
            .collect();
        // C (200 m²) first, then A and B (100 m² each) by id.
        assert_eq!(ids, ["C", "A", "B"]);
        // 400 m² of 10 000: 4 % on stock.
        assert!((o.stock_share - 0.04).abs() < 1e-12);
    }

    #[test]
    fn overlapping_library_parcels_are_not_counted_twice() {
        // Two copies of the same 80 × 80 parcel inside a 100 × 100 footprint: the overlaps sum to 12 800 m², more
        // than the footprint, so the union is taken: 6 400 m² on stock, 3 600 m² new land.
        let lib = StockLibrary::new(vec![
            parcel("A", rect(0.0, 0.0, 80.0, 80.0)),
            parcel("A2", rect(0.0, 0.0, 80.0, 80.0)),
        ]);
        let o = overlay(&lib, &rect(0.0, 0.0, 100.0, 100.0));
        assert!(o.overlapping_stock);
        assert!((o.on_stock.m2() - 6_400.0).abs() < 1e-6);
        assert!((o.new_land.m2() - 3_600.0).abs() < 1e-6);
    }

    #[test]
    fn broken_parcel_does_not_panic() {
        // A bow-tie parcel (crosses itself) and a NaN parcel: the overlay completes.
        let bow = MultiPolygon(vec![
            polygon![(x: X0, y: Y0), (x: X0 + 10.0, y: Y0 + 10.0), (x: X0 + 10.0, y: Y0), (x: X0, y: Y0 + 10.0)],
        ]);
        let lib = StockLibrary::new(vec![parcel("BOW", bow), parcel("OK", rect(20.0, 0.0, 10.0, 10.0))]);
        let o = overlay(&lib, &rect(-5.0, -5.0, 50.0, 50.0));
        assert!(o.hits.iter().any(|h| lib.parcel(h.parcel).unwrap().id == "OK"));
    }
}
