//! `stockfirst controls`: the 合规性审查 of one red line — the 地类 table with the 田坎 deduction, the areas under
//! each planning control and the findings with their sources. Formats only; the answer is `controls::review`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow};

use crate::controls::{CandidateControls, increment_overlay, match_with_controls};
use crate::controls::{
    ControlOverlay, ControlReport, ControlRules, Finding, GaussKruger, LandGroup, ProjectContext, findings, overlay,
};
use crate::io;
use crate::io::control_layers::{ControlReadOptions, LoadedControls, read_control_sources};
use crate::library::StockLibrary;
use crate::matching::{MatchOptions, MatchResult, MatchRules, Requirement};
use crate::model::Lang;
use crate::model::{ProjectCategory, ProjectTier};

#[derive(clap::Args, Debug)]
pub struct ControlsArgs {
    /// Project red line (boundary TXT or a GDAL polygon source).
    #[arg(long)]
    pub footprint: PathBuf,
    /// Control layers: a FileGDB folder, GeoPackage or Shapefile; repeat for several sources.
    #[arg(long = "layers", required = true)]
    pub layers: Vec<PathBuf>,
    /// Role map (RON): which layer is which control, and renamed fields (see assets/control_roles.example.ron).
    #[arg(long)]
    pub roles: Option<PathBuf>,
    /// Review rules (RON); default: the built-in assets/controls.ron.
    #[arg(long = "control-rules")]
    pub control_rules: Option<PathBuf>,
    /// Project tier (national / … / ordinary, or Chinese): a national major project is told what it needs.
    #[arg(long)]
    pub tier: Option<String>,
    /// Project category for clause (十一), e.g. culture-tourism, public-service, urban, or the Chinese name.
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    #[arg(long)]
    pub csv: bool,
}

/// Reads the rules, role map and layers the way `controls` and `match --layers` both need them. Notes and
/// layer problems go to stderr so the standard output stays the machine contract.
pub fn load_controls(
    layers: &[PathBuf],
    roles: Option<&PathBuf>,
    control_rules: Option<&PathBuf>,
    lang: Lang,
) -> Result<(ControlRules, LoadedControls)> {
    let rules = match control_rules {
        Some(p) => io::control_rules::load_control_rules(p)?,
        None => io::control_rules::builtin_control_rules()?,
    };
    let opts = ControlReadOptions {
        roles: match roles {
            Some(p) => io::control_roles::load_role_map(p)?,
            None => Default::default(),
        },
        ..Default::default()
    };
    let inv = GaussKruger::working();
    let loaded = read_control_sources(layers, &opts, &rules, Some(&inv))?;
    for n in &loaded.notes {
        eprintln!("{}: {n}", lang.pick("图层", "layer"));
    }
    Ok((rules, loaded))
}

pub fn parse_tier_category(tier: Option<&str>, category: Option<&str>) -> Result<ProjectContext> {
    let tier = match tier {
        Some(t) => ProjectTier::parse(t).ok_or_else(|| anyhow!("未知项目层级 / unknown tier {t:?}"))?,
        None => ProjectTier::Ordinary,
    };
    let category = match category {
        Some(c) => Some(ProjectCategory::parse(c).ok_or_else(|| {
            let all: Vec<_> = ProjectCategory::ALL.iter().map(|c| c.code()).collect();
            anyhow!("未知项目类别 / unknown category {c:?}; 可选 / one of {all:?}")
        })?),
        None => None,
    };
    Ok(ProjectContext { tier, category })
}

pub fn run(args: ControlsArgs, lang: Lang) -> Result<()> {
    let ctx = parse_tier_category(args.tier.as_deref(), args.category.as_deref())?;
    let (rules, loaded) = load_controls(&args.layers, args.roles.as_ref(), args.control_rules.as_ref(), lang)?;
    let read = io::read_footprint(&args.footprint)?;
    for w in &read.warnings {
        eprintln!("! {w}");
    }
    let fp = read.polygons;
    let mut o = overlay(&loaded.layers, &rules.catalogue, &fp, &GaussKruger::working());
    // Problems met while reading the layers are findings too: nothing the officer gave is dropped silently.
    o.problems.splice(0..0, loaded.problems.iter().cloned());
    let f = findings(&o, &rules, &ctx);
    let report = ControlReport::new(&o, f);
    let out = if args.json {
        serde_json::to_string_pretty(&report)? + "\n"
    } else if args.csv {
        render_csv(&report)
    } else {
        render_table(&o, &report.findings, &rules, lang)
    };
    print!("{out}");
    Ok(())
}

fn mu(x: f64) -> String {
    // An empty sum is −0.0: show it as 0.00.
    format!("{:.2}", x + 0.0)
}

/// The 地类面积汇总表 with group subtotals, the controls, then the findings.
pub fn render_table(o: &ControlOverlay, found: &[Finding], rules: &ControlRules, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let u = lang.pick("亩", "mu");
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {u}{}{} {:.4} {u}{}{} {:+.2} {}{}",
        lang.pick("红线面积（高斯平面）", "Red line (Gauss-Krüger plane)"),
        mu(o.footprint.mu()),
        lang.pick("（", " ("),
        lang.pick("椭球面积", "ellipsoidal"),
        o.ellipsoidal.mu(),
        lang.pick("，", ", "),
        lang.pick("差", "difference"),
        o.ellipsoidal.m2() - o.footprint.m2(),
        lang.pick("平方米", "m²"),
        lang.pick("）", ")"),
    );
    let _ = writeln!(
        s,
        "\n{}{}{}{}",
        lang.pick("地类面积汇总表", "Land-class table"),
        lang.pick("（", " ("),
        rules.catalogue.source,
        lang.pick("）", ")"),
    );
    let _ = writeln!(
        s,
        "  {:<8} {:<20} {:>12}",
        lang.pick("地类编码", "code"),
        lang.pick("地类名称", "class"),
        u
    );
    for g in LandGroup::ALL {
        let rows: Vec<_> = o.land_classes.iter().filter(|r| r.group == Some(g)).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "  {:<8} {:<20} {:>12}",
            "",
            if zh { g.zh() } else { g.en() },
            mu(o.group_total(g).mu())
        );
        for r in rows {
            let _ = writeln!(s, "  {:<8} {:<20} {:>12}", r.code, r.name, mu(r.area.mu()));
        }
    }
    for r in o.land_classes.iter().filter(|r| r.group.is_none()) {
        let _ = writeln!(
            s,
            "  {:<8} {:<20} {:>12}  {}",
            r.code,
            r.name,
            mu(r.area.mu()),
            lang.pick("（未知地类）", "(unknown class)")
        );
    }
    if o.unsurveyed.mu() > 0.0 {
        let _ = writeln!(
            s,
            "  {:<8} {:<20} {:>12}",
            "",
            lang.pick("无图斑覆盖", "no survey patch"),
            mu(o.unsurveyed.mu())
        );
    }
    let _ = writeln!(
        s,
        "  {} {} {u}{}{} {} {u}{}",
        lang.pick("其中耕地", "of which cultivated"),
        mu(o.cultivated.mu()),
        lang.pick("（", " ("),
        lang.pick("已扣除田坎", "田坎 deducted"),
        mu(o.tiankan.mu()),
        lang.pick("）", ")"),
    );
    let _ = writeln!(s, "\n{}", lang.pick("管控要素", "Controls"));
    let known = |r, a: f64| {
        if o.roles.contains(&r) {
            format!("{} {u}", mu(a))
        } else {
            lang.pick("未加载图层", "layer not loaded").to_string()
        }
    };
    use crate::controls::Role;
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("永久基本农田", "permanent basic farmland"),
        known(Role::PermanentFarmland, o.permanent_farmland.mu())
    );
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("生态保护红线", "ecological red line"),
        known(Role::EcologicalRedline, o.ecological_redline.mu())
    );
    for z in &o.development_boundary {
        let _ = writeln!(
            s,
            "  {} {}: {} {u}",
            lang.pick("城镇开发边界", "development boundary"),
            z.zone,
            mu(z.area.mu())
        );
    }
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("城镇开发边界外", "outside the development boundary"),
        match o.outside_development_boundary {
            Some(a) => format!("{} {u}", mu(a.mu())),
            None => lang.pick("未加载图层", "layer not loaded").to_string(),
        }
    );
    if o.forest.mu() > 0.0 {
        let _ = writeln!(s, "  {}: {} {u}", lang.pick("林地", "forest land"), mu(o.forest.mu()));
    }
    let _ = writeln!(s, "\n{}", lang.pick("审查意见", "Findings"));
    if found.is_empty() {
        let _ = writeln!(s, "  {}", lang.pick("无", "none"));
    }
    for f in found {
        let _ = writeln!(
            s,
            "  [{}] {} — {}",
            if zh { f.severity.zh() } else { f.severity.en() },
            if zh { &f.zh } else { &f.en },
            f.clause_or_source
        );
    }
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Two tables for spreadsheets: the 地类 rows and the findings.
pub fn render_csv(r: &ControlReport) -> String {
    let mut s = String::from("code,name,mu\n");
    for c in &r.land_classes {
        let _ = writeln!(s, "{},{},{:.4}", csv_field(&c.code), csv_field(&c.name), c.mu);
    }
    s.push_str("\nrule,clause_or_source,severity,zh,en\n");
    for f in &r.findings {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            csv_field(&f.rule),
            csv_field(&f.clause_or_source),
            f.severity.en(),
            csv_field(&f.zh),
            csv_field(&f.en)
        );
    }
    s
}

/// What `match --layers` adds: the review of each candidate's increment, and of the red line's own increment (the
/// footprint minus the stock it lies on) when there is a footprint.
#[derive(Debug, Clone, Default)]
pub struct LayerReview {
    pub candidates: Vec<CandidateControls>,
    pub increment: Option<ControlReport>,
}

/// `match --layers`: matching with clause (一) applied to each candidate's increment.
pub fn match_with_layers(
    lib: &StockLibrary,
    req: &Requirement,
    rules: &MatchRules,
    opts: &MatchOptions,
    sources: (&[PathBuf], Option<&PathBuf>, Option<&PathBuf>),
    lang: Lang,
) -> Result<(MatchResult, LayerReview)> {
    let (control_rules, loaded) = load_match_controls(sources, lang)?;
    match_with_loaded(lib, req, rules, opts, &control_rules, &loaded)
}

/// The layers of `match --layers`, read once (a batch matches many projects on them); each layer problem is
/// told on stderr.
pub fn load_match_controls(
    sources: (&[PathBuf], Option<&PathBuf>, Option<&PathBuf>),
    lang: Lang,
) -> Result<(ControlRules, LoadedControls)> {
    let (layers, roles, control_rules) = sources;
    let (control_rules, loaded) = load_controls(layers, roles, control_rules, lang)?;
    for p in &loaded.problems {
        eprintln!(
            "{}: {}",
            lang.pick("图层问题", "layer problem"),
            lang.pick(&p.line_zh(), &p.line_en())
        );
    }
    Ok((control_rules, loaded))
}

/// One project matched on layers already read: [`match_with_controls`], and the red line's own increment review.
pub fn match_with_loaded(
    lib: &StockLibrary,
    req: &Requirement,
    rules: &MatchRules,
    opts: &MatchOptions,
    control_rules: &ControlRules,
    loaded: &LoadedControls,
) -> Result<(MatchResult, LayerReview)> {
    let gk = GaussKruger::working();
    let (result, candidates) = match_with_controls(lib, req, rules, opts, &loaded.layers, control_rules, &gk);
    let ctx = ProjectContext {
        tier: req.tier,
        category: req.category,
    };
    let increment = match req.footprint() {
        Some(fp) => {
            let mut o = increment_overlay(fp, lib, &loaded.layers, &control_rules.catalogue, &gk)?;
            o.problems.splice(0..0, loaded.problems.iter().cloned());
            let f = findings(&o, control_rules, &ctx);
            Some(ControlReport::new(&o, f))
        }
        None => None,
    };
    Ok((result, LayerReview { candidates, increment }))
}

/// Adds `controls` (cultivated 亩 of the increment, and the review keys of `controls --json`) to each candidate,
/// and `increment_controls` (the red line's own increment) at the top.
pub fn add_controls_json(v: &mut serde_json::Value, review: &LayerReview) -> Result<()> {
    if let (Some(inc), Some(obj)) = (&review.increment, v.as_object_mut()) {
        obj.insert("increment_controls".into(), serde_json::to_value(inc)?);
    }
    if let Some(cands) = v.pointer_mut("/candidates").and_then(|c| c.as_array_mut()) {
        for (c, cc) in cands.iter_mut().zip(&review.candidates) {
            if let Some(obj) = c.as_object_mut() {
                obj.insert("controls".into(), serde_json::to_value(cc)?);
            }
        }
    }
    Ok(())
}

/// Per candidate: the cultivated 亩 of its increment and its findings.
pub fn controls_section(r: &MatchResult, review: &LayerReview, lang: Lang) -> String {
    let controls = &review.candidates;
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let finding_line = |s: &mut String, f: &Finding| {
        let _ = writeln!(
            s,
            "      [{}] {} — {}",
            if zh { f.severity.zh() } else { f.severity.en() },
            if zh { &f.zh } else { &f.en },
            f.clause_or_source
        );
    };
    if let Some(inc) = &review.increment {
        let _ = writeln!(
            s,
            "\n{}: {} {:.2} {u}",
            lang.pick(
                "红线增量（红线减去存量）合规性审查",
                "Review of the red line's increment (red line minus stock)"
            ),
            lang.pick("占用耕地", "cultivated"),
            inc.cultivated_mu.unwrap_or(0.0),
            u = lang.pick("亩", "mu"),
        );
        for f in &inc.findings {
            finding_line(&mut s, f);
        }
    }
    if controls.is_empty() {
        return s;
    }
    let _ = writeln!(
        s,
        "\n{}",
        lang.pick("合规性审查（候选增量）", "Review of each candidate's increment")
    );
    for (k, (c, cc)) in r.candidates.iter().zip(controls).enumerate() {
        let _ = writeln!(
            s,
            "{:>2}. {}  {} {:.2} {u}  {} {:.2} {u}{}",
            k + 1,
            c.ids.join("+"),
            lang.pick("增量", "increment"),
            cc.increment_mu,
            lang.pick("其中耕地", "cultivated"),
            cc.cultivated_mu,
            if cc.estimated {
                lang.pick("（估算）", " (estimated)")
            } else {
                ""
            },
            u = lang.pick("亩", "mu"),
        );
        for f in cc.report.iter().flat_map(|r| &r.findings) {
            finding_line(&mut s, f);
        }
    }
    s
}
