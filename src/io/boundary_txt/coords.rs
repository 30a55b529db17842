//! Telling the coordinate columns apart by their magnitudes.
//!
//! In China a GK northing has 7 integer digits (about 2 000 000 – 6 000 000 m), a zone-prefixed easting 8
//! (zone × 1 000 000 + 500 000 ± 300 000) and an easting without prefix 6. Degrees are at most 180.

use geo::Coord;

/// Which column holds which axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnOrder {
    /// The surveyors' order: X = northing, Y = easting.
    NorthingEasting,
    /// Swapped: X = easting, Y = northing.
    EastingNorthing,
}

/// Whether eastings carry the zone prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinateForm {
    /// 8-digit eastings, e.g. 38 452 316.877 (zone 38).
    ZonePrefixed,
    /// 6-digit eastings, e.g. 452 316.877; the zone comes from the header.
    NoZonePrefix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub order: ColumnOrder,
    pub form: CoordinateForm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Classified {
    Projected(Layout),
    /// Both values are at most 180: geographic degrees, not plane coordinates.
    Degrees,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magnitude {
    Northing,
    PrefixedEasting,
    PlainEasting,
    Other,
}

fn magnitude(v: f64) -> Magnitude {
    match v {
        v if (1_000_000.0..10_000_000.0).contains(&v) => Magnitude::Northing,
        v if (10_000_000.0..100_000_000.0).contains(&v) => Magnitude::PrefixedEasting,
        v if (100_000.0..1_000_000.0).contains(&v) => Magnitude::PlainEasting,
        _ => Magnitude::Other,
    }
}

/// Classifies one point from its X and Y columns as written.
pub(crate) fn classify(x: f64, y: f64) -> Classified {
    use CoordinateForm::*;
    use Magnitude::*;
    let layout = |order, form| Classified::Projected(Layout { order, form });
    match (magnitude(x), magnitude(y)) {
        (Northing, PrefixedEasting) => layout(ColumnOrder::NorthingEasting, ZonePrefixed),
        (PrefixedEasting, Northing) => layout(ColumnOrder::EastingNorthing, ZonePrefixed),
        (Northing, PlainEasting) => layout(ColumnOrder::NorthingEasting, NoZonePrefix),
        (PlainEasting, Northing) => layout(ColumnOrder::EastingNorthing, NoZonePrefix),
        _ if x.abs() <= 180.0 && y.abs() <= 180.0 => Classified::Degrees,
        _ => Classified::Unknown,
    }
}

/// The zone of a zone-prefixed easting: 38 452 316.877 → 38.
pub(crate) fn zone_of(prefixed_easting: f64) -> u32 {
    (prefixed_easting / 1_000_000.0).floor() as u32
}

/// The point in the working CRS (x = zone-prefixed easting, y = northing).
pub(crate) fn to_working(x: f64, y: f64, layout: Layout, zone: u32) -> Coord<f64> {
    let (easting, northing) = match layout.order {
        ColumnOrder::NorthingEasting => (y, x),
        ColumnOrder::EastingNorthing => (x, y),
    };
    let easting = match layout.form {
        CoordinateForm::ZonePrefixed => easting,
        CoordinateForm::NoZonePrefix => f64::from(zone) * 1_000_000.0 + easting,
    };
    Coord {
        x: easting,
        y: northing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_four_layouts_and_degrees() {
        let std = Layout {
            order: ColumnOrder::NorthingEasting,
            form: CoordinateForm::ZonePrefixed,
        };
        assert_eq!(classify(3_905_221.512, 38_452_316.877), Classified::Projected(std));
        let Classified::Projected(sw) = classify(38_452_316.877, 3_905_221.512) else {
            panic!()
        };
        assert_eq!(sw.order, ColumnOrder::EastingNorthing);
        let Classified::Projected(np) = classify(3_905_221.512, 452_316.877) else {
            panic!()
        };
        assert_eq!(np.form, CoordinateForm::NoZonePrefix);
        assert_eq!(classify(35.21, 113.24), Classified::Degrees);
        assert_eq!(classify(12.0, 38_452_316.877), Classified::Unknown);
    }

    #[test]
    fn working_coordinates_put_easting_first_with_prefix() {
        let np = Layout {
            order: ColumnOrder::NorthingEasting,
            form: CoordinateForm::NoZonePrefix,
        };
        // 38 × 1 000 000 + 452 316.877 = 38 452 316.877
        assert_eq!(
            to_working(3_905_221.512, 452_316.877, np, 38),
            Coord {
                x: 38_452_316.877,
                y: 3_905_221.512
            }
        );
        assert_eq!(zone_of(38_452_316.877), 38);
    }
}
