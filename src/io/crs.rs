//! Coordinate reference systems: which CRS a source is really in, and reprojection to the working CRS with PROJ.

use anyhow::{Context, Result, bail};
use geo::{Coord, MapCoords, MultiPolygon};
use serde::{Deserialize, Serialize};

/// The planar CRS all geometry is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum WorkingCrs {
    /// EPSG:4526 — CGCS2000 / 3-degree Gauss-Kruger zone 38, eastings carry the "38" prefix.
    #[default]
    Zone38,
    /// EPSG:4547 — CGCS2000 / 3-degree Gauss-Kruger CM 114E, no zone prefix.
    Cm114,
}

/// 3° zone 38: central meridian 114°E; zone-prefixed false easting.
pub const ZONE: u32 = 38;
pub const ZONE_FALSE_EASTING: f64 = 38_500_000.0;
pub const PLAIN_FALSE_EASTING: f64 = 500_000.0;

impl WorkingCrs {
    pub fn epsg(self) -> u32 {
        match self {
            WorkingCrs::Zone38 => 4526,
            WorkingCrs::Cm114 => 4547,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            WorkingCrs::Zone38 => "CGCS2000 / 3° GK zone 38 (EPSG:4526)",
            WorkingCrs::Cm114 => "CGCS2000 / 3° GK CM 114E (EPSG:4547)",
        }
    }
    pub fn parse(s: &str) -> Option<WorkingCrs> {
        match s.trim().trim_start_matches("EPSG:").trim_start_matches("epsg:") {
            "4526" => Some(WorkingCrs::Zone38),
            "4547" => Some(WorkingCrs::Cm114),
            _ => None,
        }
    }
}

/// How coordinates look, which tells apart codes that public data often mislabels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinateShape {
    /// Longitude/latitude in degrees.
    Degrees,
    /// Eastings with the zone prefix (8 integer digits, e.g. 38 452 316).
    ZonePrefixed(u32),
    /// Eastings without prefix (6 digits, around 500 000).
    Plain,
    /// None of the above.
    Unknown,
}

/// Guesses the coordinate shape from a sample point (x = easting or longitude, y = northing or latitude).
///
/// ```
/// use stockfirst::io::crs::{shape_of, CoordinateShape};
/// use geo::coord;
/// assert_eq!(shape_of(coord! { x: 38_452_316.9, y: 3_905_221.5 }), CoordinateShape::ZonePrefixed(38));
/// assert_eq!(shape_of(coord! { x: 452_316.9, y: 3_905_221.5 }), CoordinateShape::Plain);
/// assert_eq!(shape_of(coord! { x: 113.2, y: 35.2 }), CoordinateShape::Degrees);
/// ```
pub fn shape_of(c: Coord<f64>) -> CoordinateShape {
    if c.x.abs() <= 180.0 && c.y.abs() <= 90.0 {
        return CoordinateShape::Degrees;
    }
    if (10_000_000.0..100_000_000.0).contains(&c.x) && (0.0..10_000_000.0).contains(&c.y) {
        return CoordinateShape::ZonePrefixed((c.x / 1_000_000.0).floor() as u32);
    }
    if (0.0..1_000_000.0).contains(&c.x) && (0.0..10_000_000.0).contains(&c.y) {
        return CoordinateShape::Plain;
    }
    CoordinateShape::Unknown
}

/// A reprojection to the working CRS, or none when the source already is in it.
pub struct Reprojector {
    proj: Option<proj::Proj>,
    pub from: String,
    pub to: WorkingCrs,
}

impl Reprojector {
    /// `from` is anything PROJ understands: "EPSG:4490", a WKT, a PROJ string.
    pub fn new(from: &str, to: WorkingCrs) -> Result<Self> {
        let target = format!("EPSG:{}", to.epsg());
        let same = from.trim().eq_ignore_ascii_case(&target);
        let proj = if same {
            None
        } else {
            Some(
                proj::Proj::new_known_crs(from, &target, None)
                    .with_context(|| format!("PROJ 无法从 {from} 转换到 {target} / PROJ cannot transform"))?,
            )
        };
        Ok(Self {
            proj,
            from: from.to_string(),
            to,
        })
    }

    pub fn is_identity(&self) -> bool {
        self.proj.is_none()
    }

    pub fn point(&self, c: Coord<f64>) -> Result<Coord<f64>> {
        match &self.proj {
            None => Ok(c),
            Some(p) => {
                let (x, y) = p
                    .convert((c.x, c.y))
                    .with_context(|| format!("PROJ 转换失败于 ({}, {})", c.x, c.y))?;
                Ok(Coord { x, y })
            }
        }
    }

    /// Reprojects in place of a copy: the identity (the usual case) costs nothing.
    pub fn into_working(&self, g: MultiPolygon<f64>) -> Result<MultiPolygon<f64>> {
        match &self.proj {
            None => Ok(g),
            Some(_) => g.try_map_coords(|c| self.point(c)),
        }
    }

    pub fn multipolygon(&self, g: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>> {
        match &self.proj {
            None => Ok(g.clone()),
            Some(_) => g.try_map_coords(|c| self.point(c)),
        }
    }
}

/// Decides the real source CRS from what it declares and what its coordinates look like.
/// Returns the PROJ definition to use and a note for the officer when something was assumed or corrected.
pub fn resolve_source_crs(
    declared_epsg: Option<u32>,
    declared_def: Option<&str>,
    sample: Option<Coord<f64>>,
) -> Result<(String, Option<String>)> {
    let shape = sample.map(shape_of).unwrap_or(CoordinateShape::Unknown);
    if let Some(c) = sample
        && (1_000_000.0..10_000_000.0).contains(&c.x)
        && (10_000_000.0..100_000_000.0).contains(&c.y)
    {
        // x a 7-digit northing and y an 8-digit zone-prefixed easting: the axes are swapped.
        bail!(
            "X/Y 互换：X 像北坐标（{:.0}）、Y 像带号东坐标（{:.0}）；请在来源中交换坐标轴 / X and Y are swapped: x looks \
             like a northing ({:.0}) and y like a zone-prefixed easting ({:.0}); swap the axes in the source",
            c.x,
            c.y,
            c.x,
            c.y
        );
    }
    let geographic = |code: u32| matches!(code, 4326 | 4490 | 4610 | 4214);
    match (declared_epsg, shape) {
        // GeoJSON without a "crs" member is WGS 84 by definition; a projected export often comes that way.
        (Some(code), CoordinateShape::ZonePrefixed(z)) if geographic(code) && (25..=45).contains(&z) => {
            let fixed = 4513 + (z - 25);
            Ok((format!("EPSG:{fixed}"), Some(format!("声明为经纬度 EPSG:{code}，但坐标是带号 {z} 的高斯-克吕格平面坐标，按 EPSG:{fixed} 读取 / declared geographic EPSG:{code} but the coordinates are zone-{z} Gauss-Krüger metres; read as EPSG:{fixed}"))))
        }
        (Some(code), CoordinateShape::Plain | CoordinateShape::ZonePrefixed(_) | CoordinateShape::Unknown) if geographic(code) => {
            bail!("声明为经纬度 EPSG:{code}，但坐标不是经纬度（如 {:?}）；请指定正确的坐标系（如 EPSG:4547）/ declared geographic EPSG:{code} but the coordinates are not degrees; set the right CRS (e.g. EPSG:4547)", sample)
        }
        // GK codes of CGCS2000: 4513–4533 zone-prefixed 3° zones 25–45; 4534–4554 the same without prefix.
        (Some(code @ 4534..=4554), CoordinateShape::ZonePrefixed(z)) => {
            let fixed = 4513 + (z.saturating_sub(25));
            Ok((format!("EPSG:{fixed}"), Some(format!("声明 EPSG:{code}（无带号）但东坐标带 {z} 带号，按 EPSG:{fixed} 读取 / declared EPSG:{code} but eastings carry zone {z}; read as EPSG:{fixed}"))))
        }
        (Some(code @ 4513..=4533), CoordinateShape::Plain) => {
            let fixed = code + 21;
            Ok((format!("EPSG:{fixed}"), Some(format!("声明 EPSG:{code}（带号）但东坐标无带号，按 EPSG:{fixed} 读取 / declared EPSG:{code} but eastings have no zone prefix; read as EPSG:{fixed}"))))
        }
        (Some(code), CoordinateShape::Degrees) if !(4490..=4490).contains(&code) && code != 4326 && code != 4610 && code != 4214 => {
            bail!("声明为投影坐标 EPSG:{code}，但坐标是经纬度（如 {:?}）/ declared projected EPSG:{code} but coordinates are degrees — fix the CRS of the source", sample)
        }
        (Some(code), _) => Ok((format!("EPSG:{code}"), None)),
        (None, _) if declared_def.is_some_and(|d| !d.trim().is_empty()) => Ok((declared_def.unwrap_or_default().to_string(), None)),
        (None, CoordinateShape::ZonePrefixed(38)) => Ok(("EPSG:4526".into(), Some("来源无坐标系；东坐标为 8 位且带号 38，按 CGCS2000 3° 带 38（EPSG:4526）读取 / no CRS in the source; 8-digit eastings with zone 38, assumed EPSG:4526".into()))),
        (None, CoordinateShape::ZonePrefixed(z)) if (25..=45).contains(&z) => {
            let code = 4513 + (z - 25);
            Ok((format!("EPSG:{code}"), Some(format!("来源无坐标系；东坐标带号 {z}，按 CGCS2000 3° 带 {z}（EPSG:{code}）读取 / no CRS; zone {z} eastings, assumed EPSG:{code}"))))
        }
        (None, _) => bail!("来源没有坐标系，且坐标不是带号的高斯-克吕格坐标，无法判断 / the source has no CRS and its coordinates are not zone-prefixed Gauss-Krüger eastings: set the CRS (e.g. EPSG:4526) and try again"),
    }
}

/// From the working CRS to WGS 84 longitude/latitude (EPSG:4326, longitude first), for web maps. PROJ treats
/// CGCS2000 and WGS 84 as the same datum (they differ by centimetres), so this is the inverse Gauss-Krüger.
pub struct ToLonLat {
    proj: proj::Proj,
}

impl ToLonLat {
    pub fn new(from: WorkingCrs) -> Result<Self> {
        let source = format!("EPSG:{}", from.epsg());
        let proj = proj::Proj::new_known_crs(&source, "EPSG:4326", None)
            .with_context(|| format!("PROJ 无法从 {source} 转换到 EPSG:4326 / PROJ cannot transform"))?;
        Ok(Self { proj })
    }

    /// (easting, northing) → (longitude, latitude) in degrees.
    pub fn point(&self, c: Coord<f64>) -> Result<Coord<f64>> {
        let (x, y) = self
            .proj
            .convert((c.x, c.y))
            .with_context(|| format!("PROJ 转换失败于 ({}, {})", c.x, c.y))?;
        Ok(Coord { x, y })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mislabelled_codes_are_corrected_by_easting_digits() {
        let zone = Coord {
            x: 38_452_316.0,
            y: 3_905_221.0,
        };
        let (def, note) = resolve_source_crs(Some(4547), None, Some(zone)).unwrap();
        assert_eq!(def, "EPSG:4526");
        assert!(note.is_some());
        let plain = Coord {
            x: 452_316.0,
            y: 3_905_221.0,
        };
        assert_eq!(
            resolve_source_crs(Some(4526), None, Some(plain)).unwrap().0,
            "EPSG:4547"
        );
        assert_eq!(resolve_source_crs(None, None, Some(zone)).unwrap().0, "EPSG:4526");
        assert!(resolve_source_crs(None, None, Some(plain)).is_err());
        assert!(resolve_source_crs(Some(4526), None, Some(Coord { x: 113.2, y: 35.2 })).is_err());
    }

    #[test]
    fn swapped_axes_and_projected_metres_labelled_as_degrees() {
        let swapped = Coord {
            x: 3_905_221.0,
            y: 38_452_316.0,
        };
        let e = resolve_source_crs(Some(4526), None, Some(swapped))
            .unwrap_err()
            .to_string();
        assert!(e.contains("swapped"), "{e}");
        // Zone 38 metres declared as WGS 84 (GeoJSON without "crs"): 4513 + (38 − 25) = 4526.
        let zone = Coord {
            x: 38_452_316.0,
            y: 3_905_221.0,
        };
        assert_eq!(resolve_source_crs(Some(4326), None, Some(zone)).unwrap().0, "EPSG:4526");
        let plain = Coord {
            x: 452_316.0,
            y: 3_905_221.0,
        };
        assert!(resolve_source_crs(Some(4326), None, Some(plain)).is_err());
    }

    #[test]
    fn zone38_and_cm114_differ_by_the_prefix_only() {
        // Same projection, false easting 38 500 000 vs 500 000.
        let r = Reprojector::new("EPSG:4547", WorkingCrs::Zone38).unwrap();
        let p = r
            .point(Coord {
                x: 452_316.877,
                y: 3_905_221.512,
            })
            .unwrap();
        assert!((p.x - 38_452_316.877).abs() < 1e-3, "{p:?}");
        assert!((p.y - 3_905_221.512).abs() < 1e-3);
    }

    #[test]
    fn cgcs2000_geographic_to_zone38() {
        // On the central meridian 114°E the easting is exactly the false easting.
        let r = Reprojector::new("EPSG:4490", WorkingCrs::Zone38).unwrap();
        let p = r.point(Coord { x: 114.0, y: 35.0 }).unwrap();
        assert!((p.x - 38_500_000.0).abs() < 1e-3, "{p:?}");
        // Meridian arc to 35°N on the CGCS2000 ellipsoid ≈ 3 876 numbers of km (GK scale 1).
        assert!((p.y - 3_875_000.0).abs() < 3_000.0, "{p:?}");
    }
}
