//! The machine-readable downloads next to the page: one typed table ([`crate::report::Table`]) written as CSV (the
//! shared writer: BOM, CRLF) and XLSX (亩 a number with two decimals, frozen header, set widths), and GeoJSON.

use anyhow::{Result, anyhow};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{Map, Value, json};

use super::data::Catalogue;
use super::fields::PublicField;
use crate::report::{Cell, Table, csv, text};

fn label<'a>(code: &'a str, list: &'a [super::data::Label]) -> &'a str {
    list.iter()
        .find(|l| l.code == code)
        .map(|l| l.zh.as_str())
        .unwrap_or(code)
}

/// The published parcels as a table, columns in the allow-list's order.
pub fn table(c: &Catalogue) -> Table {
    let has_township = c.parcels.iter().any(|p| p.township.is_some());
    let mut headers: Vec<String> = Vec::new();
    let mut right = Vec::new();
    for f in &c.allowed {
        match f {
            PublicField::Location => {
                headers.push("县区".into());
                if has_township {
                    headers.push("乡镇".into());
                }
            }
            PublicField::PlannedUse => {
                headers.push("规划用途代码".into());
                headers.push("规划用途".into());
            }
            PublicField::Area => {
                right.extend([headers.len(), headers.len() + 1]);
                headers.push("面积（亩）".into());
                headers.push("面积（公顷）".into());
            }
            other => headers.push(other.zh().into()),
        }
    }
    right.extend([headers.len(), headers.len() + 1]);
    for h in ["中心经度", "中心纬度", "联系单位", "联系电话", "发布日期"] {
        headers.push(h.into());
    }
    let hs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut t = Table::new(c.title.clone(), &hs, &right);
    for p in &c.parcels {
        let mut row = Vec::new();
        for f in &c.allowed {
            match f {
                PublicField::Id => row.push(Cell::text(&p.id)),
                PublicField::Location => {
                    let county = c.counties.iter().find(|k| k.id == p.county).map(|k| k.zh.clone());
                    row.push(Cell::text(county.unwrap_or_else(|| p.county.clone())));
                    if has_township {
                        row.push(Cell::text(p.township.clone().unwrap_or_default()));
                    }
                }
                PublicField::Kind => row.push(Cell::text(label(&p.kind, &c.kinds))),
                PublicField::PlannedUse => {
                    row.push(Cell::text(&p.use_key));
                    row.push(Cell::text(label(&p.use_key, &c.uses)));
                }
                PublicField::Area => {
                    row.push(Cell::Mu(p.mu));
                    row.push(Cell::number(p.ha, 4));
                }
                other => row.push(Cell::text(p.details.get(other.key()).cloned().unwrap_or_default())),
            }
        }
        row.push(Cell::number(p.center[0], 6));
        row.push(Cell::number(p.center[1], 6));
        row.push(Cell::text(&c.contact.office));
        row.push(Cell::text(&c.contact.phone));
        row.push(Cell::text(&c.date));
        t.rows.push(row);
    }
    t
}

pub fn to_csv(t: &Table) -> String {
    csv::csv(t)
}

/// XLSX: numbers stay numbers (亩 as `0.00`), the header row is frozen, columns are as wide as their text.
pub fn to_xlsx(t: &Table) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| anyhow!("XLSX: {e}");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("可供地块").map_err(e)?;
    let bold = Format::new().set_bold();
    let mu = Format::new().set_num_format("0.00");
    let formats: Vec<Format> = (0..=6u8)
        .map(|d| {
            let pattern = if d == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(usize::from(d)))
            };
            Format::new().set_num_format(pattern)
        })
        .collect();
    let mut widths: Vec<usize> = t.columns.iter().map(|c| text::width(&c.header)).collect();
    for (col, h) in t.headers().iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *h, &bold).map_err(e)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (col, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(text::width(&cell.to_text()));
            }
            let col = col as u16;
            match cell {
                Cell::Mu(x) | Cell::MuChange(x) => ws.write_number_with_format(r, col, *x, &mu).map_err(e)?,
                Cell::Int(n) => ws.write_number(r, col, *n as f64).map_err(e)?,
                Cell::Number { value, decimals } => {
                    let f = &formats[usize::from(*decimals).min(6)];
                    ws.write_number_with_format(r, col, *value, f).map_err(e)?
                }
                Cell::Percent(Some(x)) => ws.write_number(r, col, *x).map_err(e)?,
                Cell::Empty | Cell::Percent(None) => ws,
                Cell::Text(s) => ws.write_string(r, col, s).map_err(e)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    for (col, w) in widths.iter().enumerate() {
        // Text width counts a Chinese character as two columns, as Excel's width unit does.
        ws.set_column_width(col as u16, (*w as f64 + 2.0).min(60.0))
            .map_err(e)?;
    }
    wb.save_to_buffer().map_err(e)
}

/// GeoJSON (RFC 7946: WGS 84 lon/lat): the published geometry (outlines, or centroids when the config says
/// points) with the table's values as properties.
pub fn to_geojson(c: &Catalogue, t: &Table) -> Result<String> {
    let features: Vec<Value> = c
        .parcels
        .iter()
        .zip(&t.rows)
        .map(|(p, row)| {
            let mut props = Map::new();
            for (col, cell) in t.columns.iter().zip(row) {
                let v = match cell {
                    Cell::Mu(x) => json!((x * 100.0).round() / 100.0),
                    Cell::Number { value, .. } => json!(value),
                    Cell::Int(n) => json!(n),
                    other => json!(other.to_text()),
                };
                props.insert(col.header.clone(), v);
            }
            let geometry = match &p.rings {
                Some(rings) => json!({"type": "MultiPolygon", "coordinates": rings}),
                None => json!({"type": "Point", "coordinates": p.center}),
            };
            json!({"type": "Feature", "id": p.id, "properties": props, "geometry": geometry})
        })
        .collect();
    let fc = json!({"type": "FeatureCollection", "name": c.title, "features": features});
    Ok(serde_json::to_string(&fc)?)
}
