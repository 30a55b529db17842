//! Reading a boundary TXT file. See the module notes in `mod.rs` for every decision made here. The first pass
//! (sections, header, point lines) is here; the coordinate layout is decided in `layout.rs`, and each parcel's
//! rings become a footprint in `rings.rs`.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use super::header::BoundaryHeader;
use super::layout::decide_layout;
use super::lines::{LineError, MAX_LINE_BYTES, read_capped};
use super::raw::{Raw, RawParcel, RawPoint};
use super::rings::build_parcel;
use super::{BoundaryFile, ReadOptions};
use crate::io::text_encoding::{TextError, decode};

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
    let mut coordinates_line: Option<usize> = None;
    let mut last_line = 0usize;
    let mut extra_fields_warned = false;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = line.trim_end_matches('\r').trim();
        if !line.is_empty() {
            last_line = n;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = match line[1..line.len() - 1].trim() {
                "属性描述" => Section::Attributes,
                "地块坐标" => {
                    coordinates_line.get_or_insert(n);
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
        // Name where the parcels were looked for: the [地块坐标] line, or the end of the file.
        match coordinates_line {
            Some(at) => bail!(
                "{source}:{at}: [地块坐标] 节中没有地块(没有以 @ 结尾的地块行) / no parcels: the [地块坐标] section \
                 has no parcel header line (ending in @)"
            ),
            None => bail!(
                "{source}:{}: 没有地块(到文件末尾第 {last_line} 行仍无 [地块坐标] 节) / no parcels (no [地块坐标] section \
                 up to the end of the file, line {last_line})",
                last_line.max(1)
            ),
        }
    }
    Ok(Raw { header, parcels })
}

fn number(s: &str, axis: &str, source: &str, line: usize) -> Result<f64> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => bail!("{source}:{line}: 坐标 {axis} “{s}” 不是数字 / coordinate {axis} “{s}” is not a number"),
    }
}
