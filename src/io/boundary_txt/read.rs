//! Reading a boundary TXT file. See the module notes in `mod.rs` for every decision made here.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use geo::{Area as _, Coord, LineString, MultiPolygon, Polygon, Relate};

use super::coords::{self, Classified, ColumnOrder, CoordinateForm, Layout};
use super::header::BoundaryHeader;
use super::lines::{LineError, MAX_LINE_BYTES, read_capped};
use super::{BoundaryFile, BoundaryParcel, ReadOptions};
use crate::geometry::{Fix, GeometryError, repair};
use crate::io::text_encoding::{TextError, decode};
use crate::model::Area;

/// The zone of the working CRS (EPSG:4526).
const WORKING_ZONE: u32 = 38;
/// A ring whose last point is this close to its first is closed (the files carry 3 decimals).
const CLOSE_TOLERANCE_M: f64 = 0.001;

/// Reads a boundary TXT file from disk.
pub fn read_boundary_txt(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<BoundaryFile> {
    let path = path.as_ref();
    let source = path.display().to_string();
    let file = File::open(path).with_context(|| format!("{source}: 无法打开 / cannot open"))?;
    read_boundary_txt_from(BufReader::new(file), &source, opts)
}

/// Reads a boundary TXT file from a stream, line by line; `source` names it in messages.
/// A line over [`MAX_LINE_BYTES`] stops the reading there.
pub fn read_boundary_txt_from<R: BufRead>(reader: R, source: &str, opts: &ReadOptions) -> Result<BoundaryFile> {
    let bytes = read_capped(reader, MAX_LINE_BYTES).map_err(|e| match e {
        LineError::TooLong { line } => too_long(source, line),
        LineError::Io { line, error } => {
            anyhow!("{source}:{line}: 读取失败 / read failed: {error}")
        }
    })?;
    parse_boundary_txt(&bytes, source, opts)
}

/// Parses a boundary TXT file already in memory; `source` names it in messages.
///
/// ```
/// use stockfirst::io::boundary_txt::{parse_boundary_txt, ReadOptions};
/// // A 100 m (east) × 150 m (north) rectangle: 15 000 m² = 22.5 亩 = 1.5 ha.
/// let txt = "[属性描述]\n带号=38\n[地块坐标]\n5,1.5,D1,示例,面,,,,@\n\
///            J1,1,3905000.000,38452000.000\nJ2,1,3905000.000,38452100.000\n\
///            J3,1,3905150.000,38452100.000\nJ4,1,3905150.000,38452000.000\nJ1,1,3905000.000,38452000.000\n";
/// let f = parse_boundary_txt(txt.as_bytes(), "example.txt", &ReadOptions::default()).unwrap();
/// assert!((f.parcels[0].area.mu() - 22.5).abs() < 1e-9);
/// ```
pub fn parse_boundary_txt(bytes: &[u8], source: &str, opts: &ReadOptions) -> Result<BoundaryFile> {
    if let Some(i) = bytes.split(|&b| b == b'\n').position(|l| l.len() > MAX_LINE_BYTES + 1) {
        return Err(too_long(source, i + 1));
    }
    let decoded = decode(bytes, opts.encoding).map_err(|e| match e {
        TextError::Undecodable { utf8, gbk } => anyhow!(
            "{source}:{}: 无法解码(UTF-8 在第 {} 行字节 {} 出错，GBK 在第 {} 行字节 {} 出错)，请指定编码 / \
             cannot decode (UTF-8 fails at line {} byte {}, GBK at line {} byte {}); give the encoding",
            // The encoding that got further is the likelier one: cite where it stopped.
            if utf8.offset >= gbk.offset { utf8.line } else { gbk.line },
            utf8.line,
            utf8.offset,
            gbk.line,
            gbk.offset,
            utf8.line,
            utf8.offset,
            gbk.line,
            gbk.offset
        ),
        TextError::Override(d) => anyhow!("{source}:{}: {d}", d.line),
    })?;
    let mut warnings: Vec<String> = decoded.warnings.iter().map(|w| format!("{source}: {w}")).collect();
    let raw = scan(&decoded.text, source, &mut warnings)?;
    let (layout, zone) = decide_layout(&raw, opts, source, &mut warnings)?;
    let mut parcels = Vec::with_capacity(raw.parcels.len());
    let mut first_line: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for rp in &raw.parcels {
        let parcel = build_parcel(rp, layout, zone, source, &mut warnings)?;
        if parcel.id.is_empty() {
            // Unnamed parcels cannot clash.
        } else if let Some(&first) = first_line.get(&parcel.id) {
            warnings.push(format!(
                "{source}:{}: 地块编号 “{}” 与第 {first} 行的地块重复 / parcel id “{}” repeats the parcel at line {first}",
                rp.line, parcel.id, parcel.id
            ));
        } else {
            first_line.insert(parcel.id.clone(), rp.line);
        }
        parcels.push(parcel);
    }
    Ok(BoundaryFile {
        source: source.to_string(),
        header: raw.header,
        parcels,
        encoding: decoded.encoding,
        encoding_chosen_by: decoded.chosen_by,
        column_order: layout.order,
        coordinate_form: layout.form,
        zone,
        warnings,
    })
}

fn too_long(source: &str, line: usize) -> anyhow::Error {
    anyhow!(
        "{source}:{line}: 行过长(超过 {MAX_LINE_BYTES} 字节)，不是界址点文件或已损坏 / \
         line longer than {MAX_LINE_BYTES} bytes: not a boundary file, or damaged"
    )
}

#[derive(Debug)]
struct RawPoint {
    line: usize,
    ring: u32,
    x: f64,
    y: f64,
}

#[derive(Debug)]
struct RawParcel {
    line: usize,
    fields: Vec<String>,
    points: Vec<RawPoint>,
}

struct Raw {
    header: BoundaryHeader,
    parcels: Vec<RawParcel>,
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    None,
    ProjectInfo,
    Attributes,
    Coordinates,
    Unknown,
}

/// Splits a point line on ASCII or full-width commas and trims each field.
fn split_fields(line: &str) -> Vec<&str> {
    line.split([',', '，']).map(str::trim).collect()
}

/// First pass: sections, header pairs, parcel header lines and point lines, with numbers parsed.
fn scan(text: &str, source: &str, warnings: &mut Vec<String>) -> Result<Raw> {
    let mut header = BoundaryHeader::default();
    let mut parcels: Vec<RawParcel> = Vec::new();
    let mut section = Section::None;
    let mut saw_coordinates = false;
    let mut extra_fields_warned = false;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r').trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = match line[1..line.len() - 1].trim() {
                "属性描述" => Section::Attributes,
                "地块坐标" => {
                    saw_coordinates = true;
                    Section::Coordinates
                }
                "项目信息" => Section::ProjectInfo,
                other => {
                    warnings.push(format!(
                        "{source}:{n}: 未知的节 [{other}]，其内容已忽略 / unknown section [{other}], its lines are ignored"
                    ));
                    Section::Unknown
                }
            };
            continue;
        }
        if line.ends_with('@') {
            if section != Section::Coordinates {
                warnings.push(format!(
                    "{source}:{n}: 地块行出现在 [地块坐标] 之外，仍按地块读取 / parcel line outside [地块坐标], read anyway"
                ));
                section = Section::Coordinates;
            }
            let body = line.trim_end_matches('@').trim_end().trim_end_matches([',', '，']);
            // Only ASCII commas separate header fields: names may contain full-width ones.
            let fields = body.split(',').map(|f| f.trim().to_string()).collect();
            parcels.push(RawParcel {
                line: n,
                fields,
                points: Vec::new(),
            });
            continue;
        }
        match section {
            Section::ProjectInfo | Section::Attributes => {
                let Some((k, v)) = line.split_once(['=', '＝']) else {
                    warnings.push(format!("{source}:{n}: 缺少 “=”，已忽略 / no “=”, line ignored"));
                    continue;
                };
                if section == Section::ProjectInfo {
                    header.project_info.push((k.trim().to_string(), v.trim().to_string()));
                } else if let Some(w) = header.take_attribute(k, v, n) {
                    warnings.push(format!("{source}:{n}: {w}"));
                }
            }
            Section::Coordinates => {
                let Some(parcel) = parcels.last_mut() else {
                    bail!(
                        "{source}:{n}: 界址点出现在第一个地块行(以 @ 结尾)之前 / point line before any parcel header line (ending in @)"
                    );
                };
                let mut f = split_fields(line);
                while f.last().is_some_and(|s| s.is_empty()) {
                    f.pop();
                }
                if f.len() < 4 {
                    bail!(
                        "{source}:{n}: 应为 “点号,圈号,X,Y”，只有 {} 个字段: “{line}” / expected “点号,圈号,X,Y”, found {} field(s)",
                        f.len(),
                        f.len()
                    );
                }
                if f.len() > 4 && !extra_fields_warned {
                    extra_fields_warned = true;
                    warnings.push(format!(
                        "{source}:{n}: 界址点行多于 4 个字段，多余字段已忽略 / point line has more than 4 fields; extras ignored"
                    ));
                }
                let ring: u32 = f[1].parse().map_err(|_| {
                    anyhow!(
                        "{source}:{n}: 圈号 “{}” 不是正整数 / ring number “{}” is not a whole number",
                        f[1],
                        f[1]
                    )
                })?;
                let x = number(f[2], "X", source, n)?;
                let y = number(f[3], "Y", source, n)?;
                parcel.points.push(RawPoint { line: n, ring, x, y });
            }
            Section::None => warnings.push(format!(
                "{source}:{n}: 行不在任何节内，已忽略 / line outside any section, ignored"
            )),
            Section::Unknown => {}
        }
    }
    if parcels.is_empty() {
        bail!(
            "{source}: 没有地块{} / no parcels{}",
            if saw_coordinates {
                "(地块坐标 节为空)"
            } else {
                "(缺少 [地块坐标])"
            },
            if saw_coordinates {
                " ([地块坐标] is empty)"
            } else {
                " (no [地块坐标] section)"
            }
        );
    }
    Ok(Raw { header, parcels })
}

fn number(s: &str, axis: &str, source: &str, line: usize) -> Result<f64> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => bail!("{source}:{line}: 坐标 {axis} “{s}” 不是数字 / coordinate {axis} “{s}” is not a number"),
    }
}

/// Decides the column order, whether eastings carry the zone prefix, and the zone — the same for the whole file.
fn decide_layout(raw: &Raw, opts: &ReadOptions, source: &str, warnings: &mut Vec<String>) -> Result<(Layout, u32)> {
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
            "{source}: 头部为 6 度分带，工作坐标系是 3 度带 38 带(EPSG:4526)，坐标未作换算 / header says 6° zones; \
             the working CRS is 3° zone 38 (EPSG:4526); coordinates were not transformed"
        ));
    } else if zone != WORKING_ZONE {
        warnings.push(format!(
            "{source}: 坐标在 {zone} 带，工作坐标系是 38 带(EPSG:4526)，坐标未作换算 / coordinates are in zone {zone}; \
             the working CRS is zone 38 (EPSG:4526); not transformed"
        ));
    }
    Ok((layout, zone))
}

struct Ring {
    number: u32,
    first_line: usize,
    last_line: usize,
    coords: Vec<Coord<f64>>,
}

fn field(fields: &[String], i: usize) -> String {
    fields.get(i).cloned().unwrap_or_default()
}

/// Second pass for one parcel: rings, holes vs parts, repair, stated values.
fn build_parcel(
    rp: &RawParcel,
    layout: Layout,
    zone: u32,
    source: &str,
    warnings: &mut Vec<String>,
) -> Result<BoundaryParcel> {
    let id = field(&rp.fields, 2);
    let who = format!("{source}:{}: 地块 {id} / parcel {id}", rp.line);
    if rp.points.is_empty() {
        bail!("{who}: 没有界址点 / has no points");
    }
    // Group consecutive points by ring number.
    let mut rings: Vec<Ring> = Vec::new();
    for p in &rp.points {
        let c = coords::to_working(p.x, p.y, layout, zone);
        match rings.last_mut() {
            Some(r) if r.number == p.ring => {
                r.coords.push(c);
                r.last_line = p.line;
            }
            _ => {
                if rings.iter().any(|r| r.number == p.ring) {
                    warnings.push(format!(
                        "{source}:{}: 圈号 {} 再次出现，作为新的环 / ring number {} appears again: read as a new ring",
                        p.line, p.ring, p.ring
                    ));
                }
                rings.push(Ring {
                    number: p.ring,
                    first_line: p.line,
                    last_line: p.line,
                    coords: vec![c],
                });
            }
        }
    }
    let mut closing_points = 0usize;
    for r in &mut rings {
        let (first, last) = (r.coords[0], r.coords[r.coords.len() - 1]);
        let closed = r.coords.len() > 1 && (first.x - last.x).hypot(first.y - last.y) <= CLOSE_TOLERANCE_M;
        if closed {
            closing_points += 1;
            let n = r.coords.len();
            r.coords[n - 1] = first;
        } else {
            warnings.push(format!(
                "{source}:{}: 第 {} 圈(第 {}–{} 行)未闭合(末点不等于首点)，已补首点闭合 / ring {} (lines {}–{}) is \
                 not closed (last point ≠ first); closed by repeating its first point",
                r.last_line, r.number, r.first_line, r.last_line, r.number, r.first_line, r.last_line
            ));
            r.coords.push(first);
        }
        let distinct = r.coords.len() - 1;
        if distinct < 3 {
            bail!(
                "{source}:{}: 第 {} 圈(第 {}–{} 行)只有 {distinct} 个不同的点，至少需要 3 个 / ring {} (lines {}–{}) \
                 has only {distinct} distinct point(s); at least 3 are needed",
                r.first_line,
                r.number,
                r.first_line,
                r.last_line,
                r.number,
                r.first_line,
                r.last_line
            );
        }
    }
    let polygons = assemble(&rings, source, warnings);
    let repaired = repair(&MultiPolygon(polygons)).map_err(|e| match e {
        GeometryError::ZeroArea | GeometryError::TooFewPoints => anyhow!(
            "{who}: 界址点围成的面积为零(点共线或重复)/ the boundary encloses no area (points collinear or repeated): {e}"
        ),
        other => anyhow!("{who}: 几何无效 / invalid geometry: {other}"),
    })?;
    let area = Area::from_m2(repaired.geometry.unsigned_area());
    for fix in &repaired.fixes {
        let extra = if *fix == Fix::SelfIntersectionResolved {
            format!(
                "；界址线自相交，修复后面积 {:.4} 亩，请核对测量成果 / the boundary crosses itself; {:.4} 亩 after \
                 repair, check the survey",
                area.mu(),
                area.mu()
            )
        } else {
            String::new()
        };
        warnings.push(format!("{who}: {fix}{extra}"));
    }

    let declared = field(&rp.fields, 0);
    let point_count_declared = if declared.is_empty() {
        None
    } else if let Ok(n) = declared.parse::<usize>() {
        let read = rp.points.len();
        if n != read && n != read - closing_points {
            warnings.push(format!(
                "{who}: 界址点数写为 {n}，实际 {read} 行(不含闭合点 {}) / 界址点数 says {n}, {read} point lines read \
                 ({} without closing points)",
                read - closing_points,
                read - closing_points
            ));
        }
        Some(n)
    } else {
        warnings.push(format!(
            "{who}: 界址点数 “{declared}” 不是整数，已忽略 / point count “{declared}” is not a number"
        ));
        None
    };
    let stated = field(&rp.fields, 1);
    let stated_area_ha = if stated.is_empty() {
        None
    } else if let Ok(v) = stated.parse::<f64>() {
        Some(v)
    } else {
        warnings.push(format!(
            "{who}: 地块面积 “{stated}” 不是数字，已忽略 / stated area “{stated}” is not a number"
        ));
        None
    };

    let parcel = BoundaryParcel {
        id,
        name: field(&rp.fields, 3),
        shape_kind: field(&rp.fields, 4),
        sheet: field(&rp.fields, 5),
        use_code: field(&rp.fields, 6),
        land_class: field(&rp.fields, 7),
        stated_area_ha,
        point_count_declared,
        point_count_read: rp.points.len(),
        geometry: repaired.geometry,
        area,
        line: rp.line,
    };
    if let (Some(rel), Some(st)) = (parcel.area_mismatch(), stated_area_ha) {
        let close = |a: f64| (st - a).abs() <= a * crate::model::AREA_MISMATCH_TOLERANCE;
        let hint = if close(area.m2()) {
            "(按平方米读则相符 / matches if read as m²)"
        } else if close(area.mu()) {
            "(按亩读则相符 / matches if read as 亩)"
        } else {
            ""
        };
        warnings.push(format!(
            "{who}: 地块面积写为 {st} 公顷，按坐标计算为 {:.4} 公顷({:.4} 亩)，相差 {:.1}%{hint} / stated {st} ha, \
             computed {:.4} ha ({:.4} 亩), {:.1} % apart",
            area.hectares(),
            area.mu(),
            rel * 100.0,
            area.hectares(),
            area.mu(),
            rel * 100.0
        ));
    }
    Ok(parcel)
}

/// Turns rings into polygons: a ring inside an earlier shell is its hole, one outside every shell a new part.
fn assemble(rings: &[Ring], source: &str, warnings: &mut Vec<String>) -> Vec<Polygon<f64>> {
    let mut shells: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    for r in rings {
        let ls = LineString::new(r.coords.clone());
        let candidate = Polygon::new(ls.clone(), vec![]);
        let mut placed = false;
        for (shell, holes) in &mut shells {
            let shell_poly = Polygon::new(shell.clone(), vec![]);
            // relate() on a broken ring can panic deep in geo: then the ring stays a part of its own, and repair
            // (guarded too) decides what is left.
            let Ok(m) = crate::geometry::guarded(|| candidate.relate(&shell_poly)) else {
                warnings.push(format!(
                    "{source}:{}: 第 {} 圈无法与外环比较，作为单独部分 / ring {} could not be compared with its outer \
                     ring: kept as a part of its own",
                    r.first_line, r.number, r.number
                ));
                break;
            };
            if m.is_within() {
                holes.push(ls.clone());
                placed = true;
                break;
            }
            if m.is_disjoint() || m.is_touches() {
                continue;
            }
            if m.is_contains() {
                warnings.push(format!(
                    "{source}:{}: 第 {} 圈包含了之前的外环，作为另一部分合并 / ring {} encloses an earlier outer ring: \
                     merged as a further part",
                    r.first_line, r.number, r.number
                ));
                break;
            }
            warnings.push(format!(
                "{source}:{}: 第 {} 圈与外环部分重叠，按内环(扣除)处理 / ring {} partly overlaps its outer ring: \
                 treated as a hole (cut out)",
                r.first_line, r.number, r.number
            ));
            holes.push(ls.clone());
            placed = true;
            break;
        }
        if !placed {
            shells.push((ls, Vec::new()));
        }
    }
    shells.into_iter().map(|(s, h)| Polygon::new(s, h)).collect()
}
