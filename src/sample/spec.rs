//! What the generator is asked for, and the size limits every parcel keeps.

use geo::{Coord, Rect};

/// What to generate. Seats are in the working CRS (the caller projects them).
#[derive(Debug, Clone)]
pub struct SampleSpec {
    pub parcels: usize,
    pub seed: u64,
    /// (county id, county name, seat in the working CRS).
    pub seats: Vec<(String, String, Coord<f64>)>,
    /// Where parcels may lie. Libraries larger than the city's are spread over a wider square around it.
    pub extent: Rect<f64>,
}

/// Smallest and largest parcel, 亩.
pub const MU_MIN: f64 = 2.0;
pub const MU_MAX: f64 = 400.0;
