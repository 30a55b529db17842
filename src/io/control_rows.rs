//! One row of a control layer (DLTB, 永久基本农田, 生态保护红线, 城镇开发边界) into one feature, or into the problem
//! that keeps it out. The same code runs on both threads that read a batch (`two_threads`).

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::anyhow;

use super::arrow_stream::{Columns, RowBatch, Value};
use super::crs::Reprojector;
use super::two_threads::RowChunk;
use super::wkb;
use crate::controls::{ControlFeature, LayerProblem, Outcome};

/// The fields a role reads, by their standard names (upper case); the role map's renames apply on top.
pub(super) struct RowFields<'a> {
    pub id: &'static [&'static str],
    pub code: &'static [&'static str],
    pub name: &'static [&'static str],
    pub kcxs: &'static [&'static str],
    pub stated: &'static [&'static str],
    pub renames: &'a BTreeMap<String, String>,
    /// The layer's FID column, when GDAL names one.
    pub fid: Option<&'a str>,
    /// The layer, as problems name it.
    pub source: &'a str,
}

/// The rows of a run, in order: features, their stated areas as written (unit not yet known), problems.
#[derive(Default)]
pub(super) struct ControlChunk {
    pub features: Vec<ControlFeature>,
    pub stated_raw: Vec<Option<f64>>,
    pub problems: Vec<LayerProblem>,
}

impl RowChunk for ControlChunk {
    fn with_room(rows: usize) -> Self {
        Self {
            features: Vec::with_capacity(rows),
            stated_raw: Vec::with_capacity(rows),
            problems: Vec::new(),
        }
    }
    fn append(&mut self, mut later: Self) {
        self.features.append(&mut later.features);
        self.stated_raw.append(&mut later.stated_raw);
        self.problems.append(&mut later.problems);
    }
}

/// A column by one of `names` (or what the officer renamed it to), ignoring case.
pub(super) fn column(cols: &[String], names: &[&str], renames: &BTreeMap<String, String>) -> Option<usize> {
    names.iter().find_map(|n| {
        let want = renames.get(*n).map(String::as_str).unwrap_or(n);
        cols.iter().position(|c| c.eq_ignore_ascii_case(want))
    })
}

/// Reads `rows` of `batch` into `out`, reprojecting with this thread's `reproject`.
pub(super) fn read_control_rows(
    f: &RowFields,
    reproject: &mut Reprojector,
    cols: &Columns,
    batch: &RowBatch,
    rows: Range<usize>,
    out: &mut ControlChunk,
) {
    let c = &cols.names;
    let col = |names: &[&str]| column(c, names, f.renames);
    let geom = (0..c.len()).find(|&i| cols.is_binary(i));
    let fid_col = f.fid.and_then(|name| c.iter().position(|n| n == name));
    let [id_col, code_col, name_col, kcxs_col, stated_col] = [f.id, f.code, f.name, f.kcxs, f.stated].map(col);
    let owner = [["QSXZ"], ["QSDWDM"], ["QSDWMC"], ["ZLDWDM"], ["ZLDWMC"]].map(|n| col(&n));
    let mut values: Vec<Value> = Vec::with_capacity(c.len());
    for row in rows {
        batch.values(row, &mut values);
        let seq = (batch.first_row + row + 1) as u64;
        // Text straight from the batch (one allocation); numbers and dates as the attribute table shows them.
        let text = |i: Option<usize>| match i.and_then(|i| values.get(i)) {
            Some(Value::Text(s)) => s.trim().to_string(),
            Some(v) => v.to_text().map(|s| s.trim().to_string()).unwrap_or_default(),
            None => String::new(),
        };
        let fid = fid_col
            .and_then(|i| values.get(i))
            .and_then(|v| match v {
                Value::Int(n) => Some(*n as u64),
                _ => None,
            })
            .unwrap_or(seq);
        let id = match text(id_col) {
            s if s.is_empty() => format!("FID {fid}"),
            s => s,
        };
        let Some(Value::Bytes(b)) = geom.and_then(|i| values.get(i)) else {
            out.problems.push(LayerProblem::new(
                f.source,
                Some(id),
                Outcome::Refused,
                "没有几何",
                "no geometry",
            ));
            continue;
        };
        let geometry = match wkb::read_polygons(b)
            .map_err(|e| anyhow!("{e}"))
            .and_then(|g| reproject.into_working(g))
        {
            Ok(g) => g,
            Err(e) => {
                out.problems.push(LayerProblem::new(
                    f.source,
                    Some(id),
                    Outcome::Refused,
                    format!("几何无法读取：{e:#}"),
                    format!("geometry unreadable: {e:#}"),
                ));
                continue;
            }
        };
        let mut feat = ControlFeature::new(id, geometry).with_code(text(code_col), text(name_col));
        let kcxs_text = text(kcxs_col);
        if !kcxs_text.is_empty() {
            match kcxs_text.parse::<f64>() {
                Ok(k) => feat.kcxs = Some(k),
                Err(_) => out.problems.push(LayerProblem::new(
                    f.source,
                    Some(feat.id.clone()),
                    Outcome::Repaired,
                    format!("扣除系数 “{kcxs_text}” 不是数字，按 0 计"),
                    format!("KCXS “{kcxs_text}” is not a number; taken as 0"),
                )),
            }
        }
        let [qsxz, qsdwdm, qsdwmc, zldwdm, zldwmc] = owner.map(text);
        feat.ownership.qsxz = qsxz;
        feat.ownership.qsdwdm = qsdwdm;
        feat.ownership.qsdwmc = qsdwmc;
        feat.ownership.zldwdm = zldwdm;
        feat.ownership.zldwmc = zldwmc;
        out.stated_raw
            .push(stated_col.and_then(|i| values.get(i)).and_then(|v| v.to_f64()));
        out.features.push(feat);
    }
}
