//! How a boundary file writes its coordinates, decided once for the whole file: which column holds the
//! northing, whether eastings carry the zone prefix, and the zone.

use anyhow::{Result, bail};

use super::ReadOptions;
use super::coords::{self, Classified, ColumnOrder, CoordinateForm, Layout};
use super::raw::{Raw, RawPoint};

/// The zone of the working CRS (EPSG:4526).
const WORKING_ZONE: u32 = 38;

/// Decides the column order, whether eastings carry the zone prefix, and the zone — the same for the whole file.
pub(super) fn decide_layout(
    raw: &Raw,
    opts: &ReadOptions,
    source: &str,
    warnings: &mut Vec<String>,
) -> Result<(Layout, u32)> {
    let mut points = raw.parcels.iter().flat_map(|p| p.points.iter());
    let Some(first) = points.next() else {
        bail!(
            "{source}:{}: 地块没有界址点 / parcel has no points",
            raw.parcels[0].line
        );
    };
    let describe = |p: &RawPoint| -> Result<Layout> {
        match coords::classify(p.x, p.y) {
            Classified::Projected(l) => Ok(l),
            Classified::Degrees => bail!(
                "{source}:{}: X={} Y={} 像经纬度(度)而不是平面坐标；请先投影到 CGCS2000 高斯克吕格 3 度带(EPSG:4526) / \
                 these look like geographic degrees, not plane coordinates; project them to CGCS2000 GK 3° zone 38 \
                 (EPSG:4526) first",
                p.line,
                p.x,
                p.y
            ),
            Classified::Unknown => bail!(
                "{source}:{}: X={} Y={} 不像高斯克吕格坐标(应为 X 北坐标 7 位整数、Y 带号+东坐标 8 位整数) / \
                 not Gauss-Krüger coordinates (expected X = 7-digit northing, Y = 8-digit zone-prefixed easting)",
                p.line,
                p.x,
                p.y
            ),
        }
    };
    let layout = describe(first)?;
    let first_zone = coords::zone_of(match layout.order {
        ColumnOrder::NorthingEasting => first.y,
        ColumnOrder::EastingNorthing => first.x,
    });
    for p in std::iter::once(first).chain(points) {
        let l = describe(p)?;
        if l != layout {
            bail!(
                "{source}:{}: 坐标列的排列与第 {} 行不同(X={} Y={}) / coordinate columns differ from line {} (X={} Y={})",
                p.line,
                first.line,
                p.x,
                p.y,
                first.line,
                p.x,
                p.y
            );
        }
        if layout.form == CoordinateForm::ZonePrefixed {
            let e = if layout.order == ColumnOrder::NorthingEasting {
                p.y
            } else {
                p.x
            };
            if coords::zone_of(e) != first_zone {
                bail!(
                    "{source}:{}: 东坐标带号 {} 与第 {} 行的带号 {first_zone} 不同 / easting zone prefix {} differs from \
                     zone {first_zone} at line {}",
                    p.line,
                    coords::zone_of(e),
                    first.line,
                    coords::zone_of(e),
                    first.line
                );
            }
        }
    }
    if layout.order == ColumnOrder::EastingNorthing {
        warnings.push(format!(
            "{source}:{}: X 列是东坐标、Y 列是北坐标(按数值位数判断)，已按列互换读取 / X holds eastings and Y \
             northings (judged from their digits): columns read as swapped",
            first.line
        ));
    }
    let header_zone = raw.header.zone;
    let zone = match layout.form {
        CoordinateForm::ZonePrefixed => {
            if let Some(hz) = header_zone.filter(|&hz| hz != first_zone) {
                warnings.push(format!(
                    "{source}:{}: 头部带号 {hz} 与坐标的带号前缀 {first_zone} 不符，按坐标取 {first_zone} 带 / header \
                     带号 {hz} disagrees with the eastings' prefix {first_zone}; zone {first_zone} used",
                    raw.header.zone_line.unwrap_or(first.line)
                ));
            }
            first_zone
        }
        CoordinateForm::NoZonePrefix => match (header_zone, opts.default_zone) {
            (Some(z), _) => {
                warnings.push(format!(
                    "{source}:{}: 东坐标没有带号前缀(6 位)，按头部带号 {z} 加前缀 / eastings have no zone prefix \
                     (6 digits): zone {z} from the header's 带号 assumed",
                    raw.header.zone_line.unwrap_or(first.line)
                ));
                z
            }
            (None, Some(z)) => {
                warnings.push(format!(
                    "{source}:{}: 东坐标没有带号前缀且头部无带号，按指定的 {z} 带 / eastings have no zone prefix and \
                     the header no 带号: zone {z} as given",
                    first.line
                ));
                z
            }
            (None, None) => bail!(
                "{source}:{}: 东坐标没有带号前缀(6 位)，头部也没有带号，无法确定投影带；请补“带号=38”或指定带号 / \
                 eastings lack the zone prefix and the header has no 带号: the zone is unknown; add 带号=38 or give it",
                first.line
            ),
        },
    };
    if raw.header.zone_width == Some(6) {
        warnings.push(format!(
            "{source}:{}: 头部为 6 度分带，工作坐标系是 3 度带 38 带(EPSG:4526)，坐标未作换算 / header says 6° zones; \
             the working CRS is 3° zone 38 (EPSG:4526); coordinates were not transformed",
            raw.header.zone_width_line.unwrap_or(first.line)
        ));
    } else if zone != WORKING_ZONE {
        warnings.push(format!(
            "{source}:{}: 坐标在 {zone} 带，工作坐标系是 38 带(EPSG:4526)，坐标未作换算 / coordinates are in zone {zone}; \
             the working CRS is zone 38 (EPSG:4526); not transformed",
            first.line
        ));
    }
    Ok((layout, zone))
}
