//! The 合规性审查 part of the decision document: the red line's 地类面积汇总表, the areas under each planning
//! control, and the findings with their clause or national source (from `controls::review`).

use super::document::{Block, DocTable};
use crate::controls::ControlReport;

/// The 合规性审查 of the red line, when control layers were given.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The whole red line.
    pub footprint: ControlReport,
    /// The increment (red line minus stock): its cultivated 亩 go to the quota.
    pub increment: Option<ControlReport>,
}

fn known(v: Option<f64>) -> String {
    match v {
        Some(m) => format!("{:.2}", m + 0.0),
        None => "未提供图层".into(),
    }
}

pub fn review_section(b: &mut Vec<Block>, rv: &Review) {
    let r = &rv.footprint;
    b.push(Block::Heading("六、合规性审查".into()));
    b.push(Block::Para(
        "（一）红线范围内地类面积汇总（三调地类，耕地已扣除田坎）".into(),
    ));
    let mut classes = DocTable {
        header: ["地类编码", "地类名称", "面积（亩）"].map(String::from).to_vec(),
        rows: vec![],
        numeric: vec![2],
    };
    for c in &r.land_classes {
        classes
            .rows
            .push(vec![c.code.clone(), c.name.clone(), format!("{:.2}", c.mu + 0.0)]);
    }
    if classes.rows.is_empty() {
        b.push(Block::Para("未提供地类图斑图层，或红线内无图斑。".into()));
    } else {
        b.push(Block::Table(classes));
    }
    b.push(Block::Para("（二）管控要素".into()));
    let mut rows = vec![
        ("耕地（扣除田坎）".to_string(), known(r.cultivated_mu)),
        ("田坎".to_string(), known(r.tiankan_mu)),
        ("永久基本农田".to_string(), known(r.permanent_basic_farmland_mu)),
        ("生态保护红线".to_string(), known(r.ecological_redline_mu)),
    ];
    for z in &r.development_boundary {
        rows.push((format!("城镇开发边界 · {}", z.zone), format!("{:.2}", z.mu + 0.0)));
    }
    rows.push(("城镇开发边界外".into(), known(r.outside_development_boundary_mu)));
    rows.push(("红线椭球面积".into(), format!("{:.2}", r.ellipsoidal_mu + 0.0)));
    if let Some(inc) = &rv.increment {
        rows.push(("新增部分占用耕地".into(), known(inc.cultivated_mu)));
    }
    b.push(Block::Table(DocTable {
        header: vec!["管控要素".into(), "面积（亩）".into()],
        rows: rows.into_iter().map(|(k, v)| vec![k, v]).collect(),
        numeric: vec![1],
    }));
    b.push(Block::Para("（三）审查意见".into()));
    if r.findings.is_empty() {
        b.push(Block::Para("未发现禁止或需注意的情形。".into()));
        return;
    }
    b.push(Block::Table(DocTable {
        header: ["级别", "审查意见", "依据"].map(String::from).to_vec(),
        rows: r
            .findings
            .iter()
            .map(|f| vec![f.severity.zh().to_string(), f.zh.clone(), f.clause_or_source.clone()])
            .collect(),
        numeric: vec![],
    }));
}
