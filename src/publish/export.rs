//! The machine-readable downloads next to the page: one typed table ([`crate::report::Table`]) written as CSV (the
//! shared writer: BOM, CRLF) and XLSX (亩 a number with two decimals, frozen header, set widths), and GeoJSON.

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::data::Catalogue;
use super::fields::PublicField;
use crate::report::{Cell, Table, csv};

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

/// XLSX through the shared writer ([`crate::report::xlsx`]): 亩 as `0.00`, frozen header, set widths.
pub fn to_xlsx(t: &Table) -> Result<Vec<u8>> {
    crate::report::xlsx::xlsx(t, "可供地块")
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
