//! The rows of a batch 套核: one JSON line per project (the full `match --json` answer under `result`), or one
//! table row per project for CSV and XLSX (亩 to two decimals). A failed project keeps its row, with its error.

use anyhow::Result;
use serde_json::json;

use super::match_one::{Answer, result_json};
use crate::library::StockLibrary;
use crate::model::{Counties, Lang};
use crate::quota::{Project, new_land_of};
use crate::report::{Cell, Table};

/// One project of the batch and what became of it.
pub(super) struct BatchRow {
    /// 1-based, in the source's order.
    pub n: usize,
    /// Where it came from: the feature (and FID) or the TXT file.
    pub source: String,
    pub id: String,
    pub name: String,
    /// Use, county and tier as asked (the feature's, else the command line's).
    pub use_code: String,
    pub county: String,
    pub tier: String,
    /// Repairs, converted codes and other things said along the way.
    pub notes: Vec<String>,
    pub outcome: Result<Answer, String>,
    /// With `--quota-project`: the project's quota entry, or why there is none.
    pub quota: Option<Result<Project, String>>,
}

impl BatchRow {
    /// The project's name for a quota entry: its name, else its id, else where it came from.
    pub fn display_name(&self) -> String {
        [&self.name, &self.id, &self.source]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .cloned()
            .unwrap_or_default()
    }
}

/// The JSON line of a row: who the project is, `ok` and `error`, the notes, the new land it would bring to the
/// quota (clause 二: the 套核 remainder, as `quota::new_land_of` with no candidate chosen), and `result` exactly
/// as `match --json` prints it.
pub(super) fn json_line(r: &BatchRow, lib: &StockLibrary, lang: Lang) -> Result<serde_json::Value> {
    let (result, error, new_land) = match &r.outcome {
        Ok(a) => (
            result_json(a, lib, lang)?,
            serde_json::Value::Null,
            json!(new_land_of(&a.result, None).mu()),
        ),
        Err(e) => (serde_json::Value::Null, json!(e), serde_json::Value::Null),
    };
    let mut v = json!({
        "n": r.n,
        "source": r.source,
        "id": r.id,
        "name": r.name,
        "use": r.use_code,
        "county": r.county,
        "tier": r.tier,
        "ok": r.outcome.is_ok(),
        "error": error,
        "notes": r.notes,
        "new_land_mu": new_land,
        "result": result,
    });
    if let (Some(q), Some(obj)) = (&r.quota, v.as_object_mut()) {
        let q = match q {
            Ok(p) => serde_json::to_value(p)?,
            Err(e) => json!({ "error": e }),
        };
        obj.insert("quota_project".into(), q);
    }
    Ok(v)
}

/// One row per project for CSV and XLSX.
pub(super) fn batch_table(rows: &[BatchRow], counties: &Counties, lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let headers: [&str; 20] = if zh {
        [
            "序号",
            "来源",
            "项目编号",
            "项目名称",
            "用途",
            "县区",
            "层级",
            "结果",
            "说明",
            "需求面积（亩）",
            "红线（亩）",
            "压占存量（亩）",
            "新增建设用地（亩）",
            "存量占比",
            "候选数",
            "首选候选",
            "首选类别",
            "首选得分",
            "首选面积（亩）",
            "首选需补足增量（亩）",
        ]
    } else {
        [
            "n",
            "source",
            "id",
            "name",
            "use",
            "county",
            "tier",
            "outcome",
            "message",
            "required (mu)",
            "footprint (mu)",
            "on stock (mu)",
            "new land (mu)",
            "stock share",
            "candidates",
            "first candidate",
            "class",
            "score",
            "area (mu)",
            "shortfall (mu)",
        ]
    };
    let right = [0, 9, 10, 11, 12, 13, 14, 17, 18, 19];
    let mut t = Table::new(lang.pick("批量套核", "Batch match"), &headers, &right);
    for r in rows {
        let mut cells = vec![
            Cell::Int(r.n as i64),
            Cell::text(&r.source),
            Cell::text(&r.id),
            Cell::text(&r.name),
            Cell::text(&r.use_code),
            Cell::text(&r.county),
            Cell::text(&r.tier),
        ];
        match &r.outcome {
            Err(e) => {
                cells.push(Cell::text(lang.pick("失败", "failed")));
                cells.push(Cell::text(e));
                cells.resize(headers.len(), Cell::Empty);
            }
            Ok(a) => {
                let res = &a.result;
                let county = res.county.as_deref().map(|c| {
                    counties
                        .by_id(c)
                        .map_or(c.to_string(), |x| lang.pick(&x.name, &x.name_en).to_string())
                });
                if let Some(c) = county {
                    cells[5] = Cell::Text(c);
                }
                cells.push(Cell::text(lang.pick("成功", "matched")));
                cells.push(Cell::text(r.notes.join("；")));
                cells.push(Cell::Mu(res.required.mu()));
                match &res.overlay {
                    Some(o) => cells.extend([
                        Cell::Mu(o.footprint.mu()),
                        Cell::Mu(o.on_stock.mu()),
                        Cell::Mu(o.new_land.mu()),
                        Cell::Percent(Some(o.stock_share)),
                    ]),
                    None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
                }
                cells.push(Cell::Int(res.candidates.len() as i64));
                match res.candidates.first() {
                    Some(c) => cells.extend([
                        Cell::text(c.ids.join("+")),
                        Cell::text(if zh { c.class.zh() } else { c.class.en() }),
                        Cell::number(c.score, 1),
                        Cell::Mu(c.area.mu()),
                        Cell::Mu(c.size.shortfall.mu()),
                    ]),
                    None => cells.resize(headers.len(), Cell::Empty),
                }
            }
        }
        t.rows.push(cells);
    }
    t
}
