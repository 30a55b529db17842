//! Ellipsoidal area (椭球面积), as 三调 computes TBMJ: plane coordinates back to longitude and latitude on the
//! CGCS2000 ellipsoid, then the area on the ellipsoid. The core cannot call PROJ, so the Gauss-Krüger inverse is
//! written out here; the io edge may supply PROJ instead through [`ToLonLat`].

use geo::{Coord, MultiPolygon};
use geographiclib_rs::{Geodesic, PolygonArea, Winding};

/// CGCS2000 semi-major axis, metres.
pub const CGCS2000_A: f64 = 6_378_137.0;
/// CGCS2000 flattening.
pub const CGCS2000_F: f64 = 1.0 / 298.257_222_101;

/// Plane coordinates to (longitude, latitude) in degrees, as `Coord { x: lon, y: lat }`.
pub trait ToLonLat {
    fn lon_lat(&self, c: Coord<f64>) -> Option<Coord<f64>>;
}

/// A Gauss-Krüger projection (transverse Mercator, scale 1) on CGCS2000.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussKruger {
    pub central_meridian: f64,
    pub false_easting: f64,
}

impl GaussKruger {
    /// A 3° zone with its zone number in the easting (EPSG:4513…4533; zone 38 = EPSG:4526).
    pub fn three_degree_zone(zone: u32) -> Self {
        Self {
            central_meridian: 3.0 * f64::from(zone),
            false_easting: f64::from(zone) * 1_000_000.0 + 500_000.0,
        }
    }

    /// The working CRS, EPSG:4526 (zone 38, central meridian 114°E).
    pub fn working() -> Self {
        Self::three_degree_zone(38)
    }
}

impl ToLonLat for GaussKruger {
    /// The inverse series of Snyder, *Map Projections — A Working Manual* (1987), eq. 8-12 … 8-18: sub-millimetre
    /// within a 3° zone.
    ///
    /// ```
    /// use stockfirst::controls::{GaussKruger, ToLonLat};
    /// let gk = GaussKruger::working();
    /// // On the central meridian at the equator.
    /// let p = gk.lon_lat(geo::coord! { x: 38_500_000.0, y: 0.0 }).unwrap();
    /// assert!((p.x - 114.0).abs() < 1e-12 && p.y.abs() < 1e-12);
    /// // One degree of latitude on the meridian from the equator is 110 574.388 m on CGCS2000 (GRS80).
    /// let p = gk.lon_lat(geo::coord! { x: 38_500_000.0, y: 110_574.388 }).unwrap();
    /// assert!((p.y - 1.0).abs() < 1e-7, "{}", p.y);
    /// ```
    fn lon_lat(&self, c: Coord<f64>) -> Option<Coord<f64>> {
        let (a, f) = (CGCS2000_A, CGCS2000_F);
        let e2 = f * (2.0 - f);
        let ep2 = e2 / (1.0 - e2);
        let x = c.x - self.false_easting;
        let m = c.y;
        let mu = m / (a * (1.0 - e2 / 4.0 - 3.0 * e2 * e2 / 64.0 - 5.0 * e2 * e2 * e2 / 256.0));
        let s = (1.0 - e2).sqrt();
        let e1 = (1.0 - s) / (1.0 + s);
        let phi1 = mu
            + (3.0 * e1 / 2.0 - 27.0 * e1.powi(3) / 32.0) * (2.0 * mu).sin()
            + (21.0 * e1 * e1 / 16.0 - 55.0 * e1.powi(4) / 32.0) * (4.0 * mu).sin()
            + (151.0 * e1.powi(3) / 96.0) * (6.0 * mu).sin()
            + (1097.0 * e1.powi(4) / 512.0) * (8.0 * mu).sin();
        let (sin1, cos1) = phi1.sin_cos();
        let c1 = ep2 * cos1 * cos1;
        let t1 = (sin1 / cos1).powi(2);
        let w = 1.0 - e2 * sin1 * sin1;
        let n1 = a / w.sqrt();
        let r1 = a * (1.0 - e2) / w.powf(1.5);
        let d = x / n1;
        let phi = phi1
            - (n1 * sin1 / cos1 / r1)
                * (d * d / 2.0 - (5.0 + 3.0 * t1 + 10.0 * c1 - 4.0 * c1 * c1 - 9.0 * ep2) * d.powi(4) / 24.0
                    + (61.0 + 90.0 * t1 + 298.0 * c1 + 45.0 * t1 * t1 - 252.0 * ep2 - 3.0 * c1 * c1) * d.powi(6)
                        / 720.0);
        let lam = (d - (1.0 + 2.0 * t1 + c1) * d.powi(3) / 6.0
            + (5.0 - 2.0 * c1 + 28.0 * t1 - 3.0 * c1 * c1 + 8.0 * ep2 + 24.0 * t1 * t1) * d.powi(5) / 120.0)
            / cos1;
        let out = Coord {
            x: self.central_meridian + lam.to_degrees(),
            y: phi.to_degrees(),
        };
        (out.x.is_finite() && out.y.is_finite() && out.y.abs() < 90.0).then_some(out)
    }
}

impl GaussKruger {
    /// The point scale k of the projection at `c` (Snyder eq. 8-11): k² is the ratio of a small planar area to the
    /// ellipsoidal area it represents, since the projection is conformal.
    ///
    /// ```
    /// use stockfirst::controls::GaussKruger;
    /// let gk = GaussKruger::working();
    /// assert!((gk.point_scale(geo::coord! { x: 38_500_000.0, y: 3_900_000.0 }).unwrap() - 1.0).abs() < 1e-12);
    /// // 80 km off the meridian: k − 1 ≈ x² / 2R² = 7.9e-5.
    /// let k = gk.point_scale(geo::coord! { x: 38_420_000.0, y: 3_900_000.0 }).unwrap();
    /// assert!((k - 1.0 - 7.9e-5).abs() < 1e-6, "{k}");
    /// ```
    pub fn point_scale(&self, c: Coord<f64>) -> Option<f64> {
        let ll = self.lon_lat(c)?;
        let e2 = CGCS2000_F * (2.0 - CGCS2000_F);
        let ep2 = e2 / (1.0 - e2);
        let phi = ll.y.to_radians();
        let (s, co) = phi.sin_cos();
        let t = (s / co).powi(2);
        let cc = ep2 * co * co;
        let a = (ll.x - self.central_meridian).to_radians() * co;
        Some(
            1.0 + (1.0 + cc) * a * a / 2.0
                + (5.0 - 4.0 * t + 42.0 * cc + 13.0 * cc * cc - 28.0 * ep2) * a.powi(4) / 24.0,
        )
    }

    /// The ellipsoidal area of a small polygon (a 图斑) as its planar area ÷ k² at its centroid: within a few
    /// millionths of [`ellipsoidal_m2`] for a patch of a few hundred metres, and a thousand times cheaper — what a
    /// check of a million TBMJ values needs.
    ///
    /// ```
    /// use stockfirst::controls::{GaussKruger, ellipsoidal_m2};
    /// use geo::{polygon, MultiPolygon};
    /// let (x, y) = (38_420_000.0, 3_905_000.0);
    /// let sq = MultiPolygon(vec![polygon![(x: x, y: y), (x: x + 300.0, y: y), (x: x + 300.0, y: y + 300.0), (x: x, y: y + 300.0)]]);
    /// let gk = GaussKruger::working();
    /// let (fast, exact) = (gk.small_ellipsoidal_m2(&sq).unwrap(), ellipsoidal_m2(&sq, &gk).unwrap());
    /// assert!(((fast - exact) / exact).abs() < 5e-6, "{fast} {exact}");
    /// ```
    pub fn small_ellipsoidal_m2(&self, g: &MultiPolygon<f64>) -> Option<f64> {
        use geo::{Area, Centroid};
        let c = g.centroid()?;
        let k = self.point_scale(c.0)?;
        Some(g.unsigned_area() / (k * k))
    }
}

/// Edges are densified to this length before going to the ellipsoid: a straight plane edge is not a geodesic.
const DENSIFY_M: f64 = 50.0;

/// The area of `g` (plane coordinates) on the CGCS2000 ellipsoid, m². `None` if a point cannot be inverted.
///
/// ```
/// use stockfirst::controls::{GaussKruger, ellipsoidal_m2};
/// use geo::{polygon, MultiPolygon};
/// // A 100 m square near Jiaozuo, west of the central meridian: GK scale there is > 1, so the ellipsoidal area is
/// // a little smaller than the plane area (about −0.07 ‰ at 80 km from the meridian).
/// let (x, y) = (38_420_000.0, 3_905_000.0);
/// let sq = MultiPolygon(vec![polygon![(x: x, y: y), (x: x + 100.0, y: y), (x: x + 100.0, y: y + 100.0), (x: x, y: y + 100.0)]]);
/// let e = ellipsoidal_m2(&sq, &GaussKruger::working()).unwrap();
/// let k = 1.0 + 80_000f64.powi(2) / (2.0 * 6_371_000f64.powi(2)); // GK point scale, first order
/// assert!((e - 10_000.0 / (k * k)).abs() < 0.01, "{e}");
/// ```
pub fn ellipsoidal_m2(g: &MultiPolygon<f64>, inv: &dyn ToLonLat) -> Option<f64> {
    let geod = Geodesic::new(CGCS2000_A, CGCS2000_F);
    let mut total = 0.0;
    for p in &g.0 {
        let mut a = ring_area(&geod, &p.exterior().0, inv)?.abs();
        for h in p.interiors() {
            a -= ring_area(&geod, &h.0, inv)?.abs();
        }
        total += a;
    }
    Some(total)
}

fn ring_area(geod: &Geodesic, ring: &[Coord<f64>], inv: &dyn ToLonLat) -> Option<f64> {
    let mut pa = PolygonArea::new(geod, Winding::CounterClockwise);
    let mut n = 0usize;
    let pts = if ring.len() > 1 && ring.first() == ring.last() {
        &ring[..ring.len() - 1]
    } else {
        ring
    };
    for (i, a) in pts.iter().enumerate() {
        let b = pts[(i + 1) % pts.len()];
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        let steps = (len / DENSIFY_M).ceil().max(1.0) as usize;
        for k in 0..steps {
            let t = k as f64 / steps as f64;
            let c = Coord {
                x: a.x + t * (b.x - a.x),
                y: a.y + t * (b.y - a.y),
            };
            let ll = inv.lon_lat(c)?;
            pa.add_point(ll.y, ll.x);
            n += 1;
        }
    }
    if n < 3 {
        return Some(0.0);
    }
    let (_, area, _) = pa.compute(true);
    Some(area)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_numbers_give_the_false_easting() {
        let z = GaussKruger::three_degree_zone(38);
        assert_eq!((z.central_meridian, z.false_easting), (114.0, 38_500_000.0));
    }

    #[test]
    fn symmetric_about_the_central_meridian() {
        let gk = GaussKruger::working();
        let w = gk.lon_lat(geo::coord! { x: 38_450_000.0, y: 3_900_000.0 }).unwrap();
        let e = gk.lon_lat(geo::coord! { x: 38_550_000.0, y: 3_900_000.0 }).unwrap();
        assert!((w.x + e.x - 228.0).abs() < 1e-12 && (w.y - e.y).abs() < 1e-12);
        // 50 km west at 35°N is about 0.55° of longitude: 50 / (111.32 × cos 35°) = 0.548.
        assert!((114.0 - w.x - 0.548).abs() < 0.005, "{}", w.x);
    }
}
