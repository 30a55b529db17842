//! The site-selection decision document (用地选址决策稿) as plain content: headings, paragraphs, tables and the map,
//! built once from the core's answers for the CLI and the app; `docx` writes it. Numbers the way officers write
//! them: 亩 to two decimals, scores to one. Every number comes from the core; this only words and arranges them.

use geo::MultiPolygon;

use super::boundary_points;
pub use super::decision_review::Review;
pub use super::document::{Block, DecisionDoc, DocTable};
use crate::library::StockLibrary;
use crate::matching::{Candidate, MatchResult};
use crate::model::{Area, Counties};
use crate::quota::{self, Project};

/// The words for a project without a name, so no title is ever empty.
pub const UNNAMED: &str = "未命名项目";

/// The title of the document (and of the HTML draft).
///
/// ```
/// assert_eq!(stockfirst::print::decision::title(" "), "建设项目用地选址决策稿 — 未命名项目");
/// ```
pub fn title(name: &str) -> String {
    let name = name.trim();
    format!(
        "建设项目用地选址决策稿 — {}",
        if name.is_empty() { UNNAMED } else { name }
    )
}

/// What the document is built from.
pub struct DecisionInput<'a> {
    pub name: &'a str,
    /// 用途 as "code name".
    pub use_label: String,
    pub lib: &'a StockLibrary,
    pub result: &'a MatchResult,
    pub chosen: Option<&'a Candidate>,
    /// The quota project from [`Project::from_match`], or why there is none.
    pub project: Result<Project, String>,
    pub quota_rules: &'a quota::Rules,
    pub review: Option<&'a Review>,
    pub footprint: &'a MultiPolygon<f64>,
    pub counties: &'a Counties,
    /// The sheet's PNG and its size on the page (mm).
    pub map: Option<(Vec<u8>, f64, f64)>,
    /// YYYY-MM-DD.
    pub date: String,
    /// The files the answer rests on: rules file and version, library file and date …
    pub basis: Vec<String>,
    /// Shown under the title when the library is synthetic.
    pub notes: Vec<String>,
}

/// 亩 to two decimals (an empty sum's −0 shown as 0.00).
pub fn mu(a: Area) -> String {
    format!("{:.2}", a.mu() + 0.0)
}

/// 亩 with 公顷 in brackets.
pub fn mu_ha(a: Area) -> String {
    format!("{} 亩（{:.4} 公顷）", mu(a), a.hectares() + 0.0)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn kv(rows: Vec<(&str, String)>) -> Block {
    Block::Table(DocTable {
        header: vec!["项目".into(), "内容".into()],
        rows: rows.into_iter().map(|(k, v)| vec![k.to_string(), v]).collect(),
        numeric: vec![],
    })
}

/// The whole document.
pub fn build(i: &DecisionInput<'_>) -> DecisionDoc {
    let r = i.result;
    let mut b = Vec::new();
    b.push(Block::Note(format!(
        "编制日期：{}　本稿由 stockfirst 依据下列规则自动生成，供审核修改。",
        i.date
    )));
    for n in &i.notes {
        b.push(Block::Note(n.clone()));
    }
    let county = r
        .county
        .as_deref()
        .map(|c| format!("{}（{}）", i.counties.name_of(c), r.county_source.label_zh()))
        .unwrap_or_else(|| "未能判定".into());
    b.push(Block::Heading("一、项目基本情况".into()));
    let mut rows = vec![
        (
            "项目名称",
            if i.name.trim().is_empty() {
                UNNAMED.to_string()
            } else {
                i.name.to_string()
            },
        ),
        ("拟用途", i.use_label.clone()),
        ("需求面积", mu_ha(r.required)),
        ("红线面积", mu_ha(Area::from_m2(geo::Area::unsigned_area(i.footprint)))),
        ("所在县区", county),
        (
            "项目层级",
            match r.tier.clause() {
                "" => r.tier.zh().to_string(),
                c => format!("{}（{c}）", r.tier.zh()),
            },
        ),
    ];
    if !r.crosses_counties.is_empty() {
        let parts: Vec<String> = r
            .crosses_counties
            .iter()
            .map(|s| format!("{} {} 亩", s.name, mu(s.area)))
            .collect();
        rows.push((
            "跨县界（条款（十二））",
            format!(
                "红线跨行政界线：{}；不属“属地参与选址”情形，须市级统筹。",
                parts.join("，")
            ),
        ));
    }
    b.push(kv(rows));
    if let Some((png, w, h)) = &i.map {
        b.push(Block::Heading("二、项目红线及周边存量分布图".into()));
        b.push(Block::Image {
            png: png.clone(),
            width_mm: *w,
            height_mm: *h,
        });
        b.push(Block::Note(
            "图：项目红线、套核压占的存量地块、候选地块及县界（比例尺、图例见图内）。".into(),
        ));
    }
    overlay_section(&mut b, i);
    candidates_section(&mut b, i);
    chosen_section(&mut b, i);
    if let Some(rv) = i.review {
        super::decision_review::review_section(&mut b, rv);
    }
    b.push(Block::Heading("七、编制依据".into()));
    let mut basis = vec![
        "焦作市自然资源和规划局《强化自然资源要素保障服务 持续提升节约集约用地水平的意见》（2026-01-16）条款（一）存量优先顺序、（二）套核与首选、（四）整合归并、（九）占补平衡、（十二）属地参与选址，及项目层级对应条款（五）至（八）。".to_string(),
        format!("指标规则：{}（{}）", i.quota_rules.name, i.quota_rules.document),
    ];
    basis.extend(i.basis.iter().cloned());
    for s in basis {
        b.push(Block::Para(format!("· {s}")));
    }
    appendix(&mut b, i.footprint);
    DecisionDoc {
        title: title(i.name),
        blocks: b,
    }
}

fn overlay_section(b: &mut Vec<Block>, i: &DecisionInput<'_>) {
    b.push(Block::Heading("三、存量套核（条款（二））".into()));
    let Some(o) = &i.result.overlay else {
        b.push(Block::Para("未给出项目红线，未作套核。".into()));
        return;
    };
    b.push(Block::Para(format!(
        "项目红线 {} 亩，压占存量土地 {} 亩（占红线 {}），套核剩余即新增建设用地 {} 亩。",
        mu(o.footprint),
        mu(o.on_stock),
        pct(o.stock_share),
        mu(o.new_land)
    )));
    if o.overlapping_stock {
        b.push(Block::Note("注：图库地块相互重叠，压占面积已按合并面积计。".into()));
    }
    if o.hits.is_empty() {
        return;
    }
    let mut t = DocTable {
        header: ["序号", "地块编号", "存量类型", "压占面积（亩）", "占地块", "占红线"]
            .map(String::from)
            .to_vec(),
        rows: vec![],
        numeric: vec![0, 3, 4, 5],
    };
    for (k, h) in o.hits.iter().enumerate() {
        let Some(p) = i.lib.parcel(h.parcel) else { continue };
        t.rows.push(vec![
            (k + 1).to_string(),
            p.id.clone(),
            p.kind.zh().to_string(),
            mu(h.overlap),
            pct(h.share_of_parcel),
            pct(h.share_of_footprint),
        ]);
    }
    b.push(Block::Table(t));
}

fn candidates_section(b: &mut Vec<Block>, i: &DecisionInput<'_>) {
    let r = i.result;
    b.push(Block::Heading("四、存量候选地块及理由".into()));
    if r.candidates.is_empty() {
        b.push(Block::Para(
            "无符合条件的存量地块，项目用地需全部使用新增建设用地。".into(),
        ));
        return;
    }
    let mut t = DocTable {
        header: [
            "排名",
            "地块编号",
            "类别",
            "得分",
            "存量类型",
            "规划用途",
            "面积（亩）",
            "距离（米）",
            "县区",
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![],
        numeric: vec![0, 3, 6, 7],
    };
    for (k, c) in r.candidates.iter().enumerate() {
        t.rows.push(vec![
            (k + 1).to_string(),
            c.ids.join("+"),
            c.class.zh().to_string(),
            format!("{:.1}", c.score),
            c.kind.zh().to_string(),
            c.planned_use.code.clone(),
            mu(c.area),
            format!("{:.0}", c.distance_m),
            i.counties.name_of(&c.county),
        ]);
    }
    b.push(Block::Table(t));
    for (k, c) in r.candidates.iter().enumerate() {
        let reasons: Vec<&str> = c.reasons.iter().map(|x| x.zh.as_str()).collect();
        b.push(Block::Para(format!(
            "{}. {}（{}，得分 {:.1}）：{}。",
            k + 1,
            c.ids.join("+"),
            c.class.zh(),
            c.score,
            reasons.join("；").trim_end_matches('。')
        )));
    }
}

fn chosen_section(b: &mut Vec<Block>, i: &DecisionInput<'_>) {
    b.push(Block::Heading("五、选定方案及指标影响".into()));
    match i.chosen {
        Some(c) => {
            let reasons: Vec<&str> = c.reasons.iter().map(|x| x.zh.as_str()).collect();
            b.push(kv(vec![
                ("选定地块", c.ids.join("+")),
                ("类别", c.class.zh().to_string()),
                ("地块面积", mu_ha(c.area)),
                ("需补足增量", mu_ha(c.size.shortfall)),
                ("理由", reasons.join("；")),
            ]));
        }
        None => b.push(Block::Para(
            "未选定存量地块：项目的新增建设用地按套核剩余（无红线时按需求面积）计。".into(),
        )),
    }
    match &i.project {
        Ok(p) => {
            let new_land = Area::from_mu(p.new_land_mu);
            let cult = Area::from_mu(p.cultivated_mu);
            b.push(Block::Para(format!(
                "指标影响：需新增建设用地 {}，其中占用耕地 {}（按条款（九）“谁占用、谁补充”落实占补平衡）。",
                mu_ha(new_land),
                mu_ha(cult)
            )));
            if let Some(tr) = i.quota_rules.tier(p.tier) {
                let steps = |s: &[quota::Step]| -> String {
                    s.iter()
                        .map(|st| {
                            let pool = i.quota_rules.pool_name(st.pool, crate::model::Lang::Zh);
                            match &st.clause {
                                quota::Basis::Clause(c) => format!("{pool}（依据条款{c}）"),
                                other => format!("{pool}（{other}）"),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" → ")
                };
                b.push(Block::Para(format!(
                    "{}（{}）新增建设用地指标依次取自：{}。",
                    p.tier.zh(),
                    match &tr.clause {
                        quota::Basis::Clause(c) => format!("依据条款{c}"),
                        other => other.to_string(),
                    },
                    steps(&tr.new_land)
                )));
                if p.cultivated_mu > 0.0 && !tr.cultivated.is_empty() {
                    b.push(Block::Para(format!(
                        "补充耕地指标依次取自：{}。",
                        steps(&tr.cultivated)
                    )));
                }
            }
        }
        Err(e) => b.push(Block::Para(format!("指标影响未能计算：{e}"))),
    }
}

fn appendix(b: &mut Vec<Block>, footprint: &MultiPolygon<f64>) {
    b.push(Block::PageBreak);
    b.push(Block::Heading("附表  界址点坐标表".into()));
    let t = boundary_points::table(footprint);
    b.push(Block::Para(format!(
        "坐标系：2000国家大地坐标系，高斯-克吕格投影，3°分带，第38带；X 为纵坐标（北），Y 为横坐标（东，含带号）；单位：米。地块面积 {} 亩（{:.4} 公顷）。",
        mu(t.area),
        t.area.hectares() + 0.0
    )));
    b.push(Block::Table(DocTable {
        header: ["序号", "点号", "圈号", "X（米）", "Y（米）"]
            .map(String::from)
            .to_vec(),
        rows: t
            .points
            .iter()
            .enumerate()
            .map(|(k, p)| {
                vec![
                    (k + 1).to_string(),
                    p.name.clone(),
                    p.ring.to_string(),
                    format!("{:.3}", p.x),
                    format!("{:.3}", p.y),
                ]
            })
            .collect(),
        numeric: vec![0, 2, 3, 4],
    }));
}
