//! Writing the common layout of the boundary TXT file. See the module notes in `mod.rs`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use geo::{Area as _, LineString};

use super::BoundaryParcel;
use super::coords::zone_of;
use super::header::BoundaryHeader;
use crate::io::text_encoding::TextEncoding;

/// How to write a file.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    pub encoding: TextEncoding,
    /// 数据产生日期 when the header has none; today (UTC) when this is `None` too.
    pub date: Option<String>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            encoding: TextEncoding::Utf8,
            date: None,
        }
    }
}

/// The file's bytes, and warnings about text that had to be changed to fit the format.
///
/// Header values come from `header`, falling back to [`BoundaryHeader::standard`]; 带号 is taken from the
/// eastings' prefix. Geometry must be in the working CRS (x = zone-prefixed easting, y = northing).
pub fn boundary_txt_bytes(
    header: &BoundaryHeader,
    parcels: &[BoundaryParcel],
    opts: &WriteOptions,
) -> Result<(Vec<u8>, Vec<String>)> {
    let mut warnings = Vec::new();
    if parcels.is_empty() {
        bail!("没有地块可写 / no parcels to write");
    }
    let zone = file_zone(parcels)?;
    if let Some(hz) = header.zone.filter(|&hz| hz != zone) {
        warnings.push(format!(
            "头部带号 {hz} 与坐标带号 {zone} 不符，写入 {zone} / header 带号 {hz} differs from the eastings' zone {zone}; wrote {zone}"
        ));
    }
    let std = BoundaryHeader::standard(zone);
    let pick = |own: &Option<String>, dflt: &Option<String>| own.clone().or_else(|| dflt.clone()).unwrap_or_default();
    let date = header
        .date
        .clone()
        .or_else(|| opts.date.clone())
        .unwrap_or_else(today_utc);

    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push_str("\r\n");
    };
    if !header.project_info.is_empty() {
        line("[项目信息]");
        for (k, v) in &header.project_info {
            line(&format!("{}={}", one_line(k), one_line(v)));
        }
    }
    line("[属性描述]");
    line(&format!(
        "格式版本号={}",
        pick(&header.format_version, &std.format_version)
    ));
    line(&format!(
        "数据产生单位={}",
        one_line(&pick(&header.producer, &std.producer))
    ));
    line(&format!("数据产生日期={}", one_line(&date)));
    line(&format!("坐标系={}", pick(&header.crs_name, &std.crs_name)));
    line(&format!("几度分带={}", header.zone_width.unwrap_or(3)));
    line(&format!("投影类型={}", pick(&header.projection, &std.projection)));
    line(&format!("计量单位={}", pick(&header.unit, &std.unit)));
    line(&format!("带号={zone}"));
    line(&format!("精度={}", pick(&header.precision, &std.precision)));
    line(&format!(
        "转换参数={}",
        pick(&header.transform_params, &std.transform_params)
    ));
    line("[地块坐标]");

    for p in parcels {
        let rings: Vec<&LineString<f64>> = p
            .geometry
            .0
            .iter()
            .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
            .collect();
        let mut body = String::new();
        let mut point_lines = 0usize;
        let mut name_no = 0usize;
        for (ring_no, ring) in rings.iter().enumerate() {
            let mut pts = ring.0.clone();
            if let Some(&f) = pts.first()
                && pts.last() != Some(&f)
            {
                pts.push(f);
            }
            if pts.len() < 4 {
                bail!(
                    "地块 {}: 第 {} 圈点数不足 / parcel {}: ring {} has too few points",
                    p.id,
                    ring_no + 1,
                    p.id,
                    ring_no + 1
                );
            }
            let first_name = name_no + 1;
            for (k, c) in pts.iter().enumerate() {
                let name = if k + 1 == pts.len() {
                    first_name
                } else {
                    name_no += 1;
                    name_no
                };
                // X = northing, Y = zone-prefixed easting, 3 decimals (millimetres).
                let _ = write!(body, "J{name},{},{:.3},{:.3}\r\n", ring_no + 1, c.y, c.x);
                point_lines += 1;
            }
        }
        let ha = p.geometry.unsigned_area() / 10_000.0;
        let text = |label: &str, s: &str, w: &mut Vec<String>| {
            let clean = one_line(s).replace(',', "，");
            if clean != s {
                w.push(format!(
                    "地块 {}: {label} “{s}” 含逗号或换行，已替换 / parcel {}: {label} had commas or line breaks, replaced",
                    p.id, p.id
                ));
            }
            clean
        };
        let id = text("地块编号", &p.id, &mut warnings);
        let name = text("地块名称", &p.name, &mut warnings);
        let kind = if p.shape_kind.trim().is_empty() {
            "面".to_string()
        } else {
            text("记录图形属性", &p.shape_kind, &mut warnings)
        };
        let sheet = text("图幅号", &p.sheet, &mut warnings);
        let use_code = text("地块用途", &p.use_code, &mut warnings);
        let class = text("地类编码", &p.land_class, &mut warnings);
        line(&format!(
            "{point_lines},{ha:.4},{id},{name},{kind},{sheet},{use_code},{class},@"
        ));
        line(body.trim_end_matches("\r\n"));
    }

    let bytes = opts
        .encoding
        .encode(&out)
        .with_context(|| format!("按 {} 编码 / encoding as {}", opts.encoding, opts.encoding))?;
    Ok((bytes, warnings))
}

/// Writes the file atomically (temporary file in the same directory, then rename). Returns warnings.
pub fn write_boundary_txt(
    path: impl AsRef<Path>,
    header: &BoundaryHeader,
    parcels: &[BoundaryParcel],
    opts: &WriteOptions,
) -> Result<Vec<String>> {
    let path = path.as_ref();
    let (bytes, warnings) = boundary_txt_bytes(header, parcels, opts).with_context(|| path.display().to_string())?;
    crate::io::atomic::write_bytes(path, &bytes)?;
    Ok(warnings)
}

/// The zone of all eastings; refuses coordinates that are not zone-prefixed GK metres.
fn file_zone(parcels: &[BoundaryParcel]) -> Result<u32> {
    let mut zone = None;
    for p in parcels {
        for poly in &p.geometry.0 {
            for c in std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .flat_map(|r| r.0.iter())
            {
                let ok_e = (10_000_000.0..100_000_000.0).contains(&c.x);
                let ok_n = (1_000_000.0..10_000_000.0).contains(&c.y);
                if !ok_e || !ok_n {
                    bail!(
                        "地块 {}: 坐标 x={} y={} 不是带号前缀的高斯克吕格坐标(工作坐标系 EPSG:4526) / parcel {}: \
                         x={} y={} is not a zone-prefixed Gauss-Krüger coordinate (working CRS EPSG:4526)",
                        p.id,
                        c.x,
                        c.y,
                        p.id,
                        c.x,
                        c.y
                    );
                }
                let z = zone_of(c.x);
                match zone {
                    None => zone = Some(z),
                    Some(z0) if z0 != z => bail!(
                        "地块 {}: 跨带({z0} 与 {z})，一个文件只能有一个带号 / parcel {}: zones {z0} and {z} mixed; one file holds one zone",
                        p.id,
                        p.id
                    ),
                    _ => {}
                }
            }
        }
    }
    zone.ok_or_else(|| anyhow::anyhow!("没有坐标可写 / no coordinates to write"))
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// Today's date (UTC) as YYYY-MM-DD, from the civil-from-days algorithm (H. Hinnant).
fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-01-16 is 20 469 days after 1970-01-01 (56 years incl. 14 leap days = 20 454, + 15).
        assert_eq!(civil_from_days(20_469), (2026, 1, 16));
    }
}
