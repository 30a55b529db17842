//! The real county boundaries (县级行政区界线), in the working CRS. The polygons are data
//! (`assets/counties/jiaozuo-counties.geojson`, read by `crate::io::county_boundaries`); this file answers the
//! two questions they are good for: which county a point lies in, and how a red line splits across counties.

use geo::{Area as _, BooleanOps, BoundingRect, Contains, Coord, MultiPolygon, Point, Rect};
use serde::Serialize;

use super::{Area, Parcel};

/// Parts of a red line smaller than this are numeric noise of the overlay, not a crossing (m²).
const SLIVER_M2: f64 = 1.0;

/// One county's outline.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyBoundary {
    /// The county id of `assets/counties.ron` (the adcode as text).
    pub id: String,
    pub name: String,
    pub shape: MultiPolygon<f64>,
    bbox: Option<Rect<f64>>,
}

impl CountyBoundary {
    pub fn new(id: impl Into<String>, name: impl Into<String>, shape: MultiPolygon<f64>) -> Self {
        let bbox = shape.bounding_rect();
        Self {
            id: id.into(),
            name: name.into(),
            shape,
            bbox,
        }
    }

    pub fn contains(&self, p: Coord<f64>) -> bool {
        let in_box = self
            .bbox
            .is_some_and(|b| p.x >= b.min().x && p.x <= b.max().x && p.y >= b.min().y && p.y <= b.max().y);
        in_box && self.shape.contains(&Point(p))
    }
}

/// The part of a red line in one county.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyShare {
    pub county: String,
    pub name: String,
    pub area: Area,
}

/// A parcel whose county attribute disagrees with the outline it lies in (the ledger's county check).
#[derive(Debug, Clone, PartialEq)]
pub struct CountyMismatch {
    /// 地块编号.
    pub parcel: String,
    /// The county the ledger says.
    pub stated: String,
    /// The county whose outline holds the parcel's inside point.
    pub found: String,
}

/// The outlines of the counties that have one, with a line saying where they come from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountyBoundaries {
    pub counties: Vec<CountyBoundary>,
    /// Source and licence, shown wherever the outlines are drawn or used.
    pub source: String,
}

impl CountyBoundaries {
    pub fn new(counties: Vec<CountyBoundary>, source: impl Into<String>) -> Self {
        Self {
            counties,
            source: source.into(),
        }
    }

    pub fn by_id(&self, id: &str) -> Option<&CountyBoundary> {
        self.counties.iter().find(|c| c.id == id)
    }

    /// The county whose outline contains `p`, if any (the first, should outlines overlap on a shared edge).
    pub fn county_of(&self, p: Coord<f64>) -> Option<&CountyBoundary> {
        self.counties.iter().find(|c| c.contains(p))
    }

    /// How a red line divides between counties, largest part first; parts outside every outline are not listed.
    pub fn split(&self, footprint: &MultiPolygon<f64>) -> Vec<CountyShare> {
        let Some(fb) = footprint.bounding_rect() else {
            return Vec::new();
        };
        let mut parts: Vec<CountyShare> = self
            .counties
            .iter()
            .filter(|c| c.bbox.is_some_and(|b| overlaps(b, fb)))
            .filter_map(|c| {
                let m2 = c.shape.intersection(footprint).unsigned_area();
                (m2 >= SLIVER_M2).then(|| CountyShare {
                    county: c.id.clone(),
                    name: c.name.clone(),
                    area: Area::from_m2(m2),
                })
            })
            .collect();
        parts.sort_by(|a, b| b.area.m2().total_cmp(&a.area.m2()));
        parts
    }

    /// The parts, when the red line crosses a county line (clause 十二: 不跨行政界线 → 属地参与选址).
    pub fn crossing(&self, footprint: &MultiPolygon<f64>) -> Option<Vec<CountyShare>> {
        let parts = self.split(footprint);
        (parts.len() > 1).then_some(parts)
    }

    /// Parcels whose county lies in another county's outline: the outline holding the parcel's inside point
    /// ([`crate::geometry::inside_point`]: its centroid, when that lies in the parcel). Parcels of a county with no
    /// outline (the high-tech zone) or outside every outline are not judged.
    pub fn check_parcels<'a>(&self, parcels: impl IntoIterator<Item = &'a Parcel>) -> Vec<CountyMismatch> {
        parcels
            .into_iter()
            .filter(|p| self.by_id(&p.county).is_some())
            .filter_map(|p| {
                let at = crate::geometry::inside_point(&p.geometry)?;
                let found = self.county_of(at)?;
                (found.id != p.county).then(|| CountyMismatch {
                    parcel: p.id.clone(),
                    stated: p.county.clone(),
                    found: found.id.clone(),
                })
            })
            .collect()
    }
}

fn overlaps(a: Rect<f64>, b: Rect<f64>) -> bool {
    a.min().x <= b.max().x && b.min().x <= a.max().x && a.min().y <= b.max().y && b.min().y <= a.max().y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, StockKind};
    use geo::polygon;

    fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x0, y: y0), (x: x0 + side, y: y0), (x: x0 + side, y: y0 + side), (x: x0, y: y0 + side)
        ]])
    }

    /// Two 1 km counties side by side: A at x 0..1000, B at x 1000..2000.
    fn two() -> CountyBoundaries {
        CountyBoundaries::new(
            vec![
                CountyBoundary::new("A", "甲县", square(0.0, 0.0, 1000.0)),
                CountyBoundary::new("B", "乙县", square(1000.0, 0.0, 1000.0)),
            ],
            "test",
        )
    }

    #[test]
    fn point_in_polygon_names_the_county() {
        let b = two();
        assert_eq!(
            b.county_of(Coord { x: 500.0, y: 500.0 }).map(|c| c.id.as_str()),
            Some("A")
        );
        assert_eq!(
            b.county_of(Coord { x: 1500.0, y: 10.0 }).map(|c| c.id.as_str()),
            Some("B")
        );
        assert!(b.county_of(Coord { x: 2500.0, y: 500.0 }).is_none());
    }

    #[test]
    fn a_red_line_across_the_line_is_split_by_hand_worked_areas() {
        // Clause (十二): 100 × 200 m, 30 m in A and 70 m in B → 3000 m² and 7000 m² (4.5 亩 and 10.5 亩).
        let fp = MultiPolygon(vec![polygon![
            (x: 970.0, y: 100.0), (x: 1070.0, y: 100.0), (x: 1070.0, y: 200.0), (x: 970.0, y: 200.0)
        ]]);
        let parts = two().crossing(&fp).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].county, "B");
        assert!((parts[0].area.m2() - 7000.0).abs() < 1e-6);
        assert!((parts[1].area.mu() - 4.5).abs() < 1e-9);
        // Wholly in A: no crossing.
        assert!(two().crossing(&square(100.0, 100.0, 50.0)).is_none());
    }

    #[test]
    fn ledger_check_names_the_parcel_in_the_wrong_county() {
        let ok = Parcel::new(
            "JZ-1",
            StockKind::Idle,
            LandUse::ydyh("1001"),
            "A",
            square(10.0, 10.0, 20.0),
        );
        let bad = Parcel::new(
            "JZ-2",
            StockKind::Idle,
            LandUse::ydyh("1001"),
            "A",
            square(1200.0, 10.0, 20.0),
        );
        let no_outline = Parcel::new(
            "JZ-3",
            StockKind::Idle,
            LandUse::ydyh("1001"),
            "gaoxin",
            square(1200.0, 10.0, 20.0),
        );
        let found = two().check_parcels([&ok, &bad, &no_outline]);
        assert_eq!(
            found,
            vec![CountyMismatch {
                parcel: "JZ-2".into(),
                stated: "A".into(),
                found: "B".into()
            }]
        );
    }
}
