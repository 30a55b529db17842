//! 问题列表: everything a library load skipped, repaired or doubted, one row per feature problem, then the load's
//! notes (such as "kind taken from the layer name"), for the app's problems panel and its CSV / XLSX export.

use super::{Cell, Table};
use crate::io::gdal_source::LoadReport;
use crate::model::Lang;

/// What became of the feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Left out of the library.
    Skipped,
    /// Loaded after its geometry was repaired.
    Repaired,
    /// Loaded; its stated area disagrees with its geometry.
    AreaMismatch,
    /// Loaded, with something else to say (unknown county, no id…).
    Loaded,
    /// A note about the whole load, not one feature.
    Note,
}

impl ProblemKind {
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ProblemKind::Skipped => ("已跳过", "skipped"),
            ProblemKind::Repaired => ("已修复", "repaired"),
            ProblemKind::AreaMismatch => ("面积不符", "area mismatch"),
            ProblemKind::Loaded => ("已载入", "loaded"),
            ProblemKind::Note => ("说明", "note"),
        };
        if lang == Lang::En { en } else { zh }
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemRow {
    pub kind: ProblemKind,
    /// The source's feature id, when the reader knew it.
    pub fid: Option<u64>,
    /// 地块编号, when the feature had one; the key to find it on the map.
    pub parcel_id: Option<String>,
    pub message: String,
}

/// The reader names a feature "FID 12 (地块编号)", "FID 12", or by its 地块编号 alone (stated areas).
fn split_feature(label: &str) -> (Option<u64>, Option<String>) {
    let Some(rest) = label.strip_prefix("FID ") else {
        return (None, Some(label.to_string()).filter(|s| !s.is_empty()));
    };
    match rest.split_once(" (") {
        Some((fid, id)) => (
            fid.trim().parse().ok(),
            Some(id.trim_end_matches(')').to_string()).filter(|s| !s.is_empty()),
        ),
        None => (rest.trim().parse().ok(), None),
    }
}

/// The reader's messages say what it did in their first words; the kind is read from them.
fn kind_of(skipped: bool, message: &str) -> ProblemKind {
    if skipped {
        ProblemKind::Skipped
    } else if message.starts_with("几何已修复") {
        ProblemKind::Repaired
    } else if message.starts_with("面积属性") {
        ProblemKind::AreaMismatch
    } else {
        ProblemKind::Loaded
    }
}

/// Every feature problem, then every note.
pub fn problem_rows(report: &LoadReport) -> Vec<ProblemRow> {
    let mut rows: Vec<ProblemRow> = report
        .problems
        .iter()
        .map(|p| {
            let (fid, parcel_id) = split_feature(&p.feature);
            ProblemRow {
                kind: kind_of(p.skipped, &p.message),
                fid,
                parcel_id,
                message: p.message.clone(),
            }
        })
        .collect();
    rows.extend(report.notes.iter().map(|n| ProblemRow {
        kind: ProblemKind::Note,
        fid: None,
        parcel_id: None,
        message: n.clone(),
    }));
    rows
}

/// The list as a table: 处理, FID, 地块编号, 说明.
pub fn problems_table(report: &LoadReport, lang: Lang) -> Table {
    let (title, headers) = if lang == Lang::En {
        ("Load problems", ["Outcome", "FID", "Parcel id", "Message"])
    } else {
        ("问题列表", ["处理", "FID", "地块编号", "说明"])
    };
    let mut t = Table::new(format!("{title}: {}", report.source.display()), &headers, &[1]);
    for r in problem_rows(report) {
        t.rows.push(vec![
            Cell::text(r.kind.label(lang)),
            r.fid.map(|f| Cell::Int(f as i64)).unwrap_or(Cell::Empty),
            r.parcel_id.map(Cell::Text).unwrap_or(Cell::Empty),
            Cell::Text(r.message),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::gdal_source::FeatureProblem;

    fn problem(feature: &str, message: &str, skipped: bool) -> FeatureProblem {
        FeatureProblem {
            feature: feature.into(),
            message: message.into(),
            skipped,
        }
    }

    #[test]
    fn every_problem_and_note_is_a_row_with_its_fid_and_id() {
        let report = LoadReport {
            problems: vec![
                problem("FID 3 (A-1)", "几何无效，已拒绝 / invalid geometry refused: x", true),
                problem("FID 7", "几何已修复 / geometry repaired: y", false),
                problem("B-2", "面积属性 1.00 亩 与图形面积 2.00 亩 相差 50.0%", false),
            ],
            notes: vec!["存量类型取自图层名 / kind taken from the layer name".into()],
            ..Default::default()
        };
        let rows = problem_rows(&report);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            (rows[0].kind, rows[0].fid, rows[0].parcel_id.as_deref()),
            (ProblemKind::Skipped, Some(3), Some("A-1"))
        );
        assert_eq!(
            (rows[1].kind, rows[1].fid, rows[1].parcel_id.as_deref()),
            (ProblemKind::Repaired, Some(7), None)
        );
        assert_eq!(
            (rows[2].kind, rows[2].fid, rows[2].parcel_id.as_deref()),
            (ProblemKind::AreaMismatch, None, Some("B-2"))
        );
        assert_eq!(rows[3].kind, ProblemKind::Note);
        let t = problems_table(&report, Lang::Zh);
        assert_eq!(t.headers(), ["处理", "FID", "地块编号", "说明"]);
        assert_eq!(t.text_rows()[0][..3], ["已跳过", "3", "A-1"]);
    }
}
