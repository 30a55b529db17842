//! `stockfirst match`: 套核 and stock-first candidates for one project (clause 二). Formats only; the answer is
//! `stockfirst::matching::match_project`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use geo::Coord;

use crate::io;
use crate::library::StockLibrary;
use crate::matching::{MatchOptions, MatchResult, Requirement, match_project};
use crate::model::Lang;
use crate::model::{Area, Counties, LandUseCatalog, ProjectTier};
use crate::report::{Cell, Table};

#[derive(clap::Args, Debug)]
pub struct MatchArgs {
    /// Stock library (any GDAL polygon source or boundary TXT).
    #[arg(long)]
    pub library: PathBuf,
    /// Project red line (boundary TXT or a GDAL polygon source).
    #[arg(long, conflicts_with = "at", required_unless_present = "at")]
    pub footprint: Option<PathBuf>,
    /// A location instead of a red line: X,Y in the working CRS (easting with zone prefix, northing).
    #[arg(long, value_name = "X,Y")]
    pub at: Option<String>,
    /// Intended use, a 2023 用地用海 code (older codes are converted, with a warning).
    #[arg(long = "use", value_name = "CODE")]
    pub land_use: String,
    /// Required area in 亩 (default: the red line's area; required with --at).
    #[arg(long, value_name = "亩")]
    pub area: Option<f64>,
    /// County: name or adcode (default: found from the location).
    #[arg(long)]
    pub county: Option<String>,
    /// Project tier: national / provincial-single-site / provincial-key / municipal-key / ordinary, or Chinese.
    #[arg(long)]
    pub tier: Option<String>,
    /// How many candidates to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Also list parcels whose use does not fit.
    #[arg(long)]
    pub include_unfit: bool,
    /// Also list parcels that are not 可供.
    #[arg(long)]
    pub include_unavailable: bool,
    /// Matching rules (RON); default: the built-in assets/matching.ron.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Control layers (合规性审查): each candidate gets the cultivated 亩 of its increment and the findings.
    #[arg(long = "layers")]
    pub layers: Vec<PathBuf>,
    /// Role map for the control layers (RON).
    #[arg(long)]
    pub roles: Option<PathBuf>,
    /// Review rules (RON); default: the built-in assets/controls.ron.
    #[arg(long = "control-rules")]
    pub control_rules: Option<PathBuf>,
    /// Project category for clause (十一), e.g. culture-tourism, urban.
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    #[arg(long)]
    pub csv: bool,
    /// Write this project's quota entry (RON, one item for a scenario's `projects: [...]`) to FILE: its new land is
    /// the chosen candidate's shortfall, else the 套核 remainder, else the required area (clause 二).
    #[arg(long, value_name = "FILE", requires = "date")]
    pub quota_project: Option<PathBuf>,
    /// With --quota-project: the chosen candidate, its 地块编号 joined by "+" as listed (default: none chosen).
    #[arg(long, value_name = "ID[+ID…]", requires = "quota_project")]
    pub choose: Option<String>,
    /// With --quota-project: the project name.
    #[arg(long, requires = "quota_project")]
    pub name: Option<String>,
    /// With --quota-project: the project date, YYYY-MM-DD in the plan year.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "quota_project")]
    pub date: Option<String>,
    /// With --quota-project: 亩 of the new land that is cultivated land (耕地); clamped to the new land. Default:
    /// with --layers, the cultivated 亩 (net of 田坎) of the footprint's increment overlay; without, 0.
    #[arg(long, value_name = "亩", requires = "quota_project")]
    pub cultivated: Option<f64>,
}

fn parse_xy(s: &str) -> Result<Coord<f64>> {
    let mut it = s.split([',', '，', ' ']).filter(|t| !t.trim().is_empty());
    let (Some(x), Some(y), None) = (it.next(), it.next(), it.next()) else {
        bail!("--at 应为 X,Y / --at must be X,Y, got {s:?}");
    };
    let x: f64 = x.trim().parse().with_context(|| format!("--at X {x:?}"))?;
    let y: f64 = y.trim().parse().with_context(|| format!("--at Y {y:?}"))?;
    Ok(Coord { x, y })
}

pub fn run(args: MatchArgs, lang: Lang) -> Result<()> {
    let rules = match &args.rules {
        Some(p) => io::load_match_rules(p)?,
        None => io::match_rules()?,
    };
    let counties = io::assets::counties()?;
    let catalog = io::assets::land_use_catalog()?;
    let interp = catalog
        .interpret(&args.land_use, None)
        .ok_or_else(|| anyhow!("未知用途代码 / unknown land-use code {:?}", args.land_use))?;
    if let Some(w) = &interp.warning {
        eprintln!("{}: {w}", lang.pick("提示", "note"));
    }
    let lib = io::load_library(&args.library)?;
    let mut req = match (&args.footprint, &args.at) {
        (Some(path), _) => {
            let fp = io::read_footprint(path)?;
            for w in &fp.warnings {
                eprintln!("! {w}");
            }
            let r = Requirement::on_footprint(fp.polygons, interp.land_use.clone())
                .with_context(|| format!("{}", path.display()))?;
            match args.area {
                Some(mu) => r.with_area(Area::from_mu(mu))?,
                None => r,
            }
        }
        (None, Some(at)) => {
            let mu = args
                .area
                .ok_or_else(|| anyhow!("按位置匹配须给出 --area / --at needs --area"))?;
            Requirement::at_point(parse_xy(at)?, interp.land_use.clone(), Area::from_mu(mu))?
        }
        (None, None) => bail!("须给出 --footprint 或 --at / give --footprint or --at"),
    };
    for f in &req.fixes {
        eprintln!(
            "{}: {}",
            lang.pick("红线已修复", "red line repaired"),
            lang.pick(&f.zh(), &f.en())
        );
    }
    if let Some(c) = &args.county {
        let county = counties
            .find(c)
            .ok_or_else(|| anyhow!("未知县区 / unknown county {c:?}"))?;
        req = req.with_county(county.id.clone());
    }
    if let Some(t) = &args.tier {
        let tier = ProjectTier::parse(t).ok_or_else(|| anyhow!("未知项目层级 / unknown tier {t:?}"))?;
        req = req.with_tier(tier);
    }
    let opts = MatchOptions {
        top: args.top,
        include_unfit: args.include_unfit,
        include_unavailable: args.include_unavailable,
        merge: true,
    };
    if let Some(c) = &args.category {
        let ctx = super::controls_cmd::parse_tier_category(None, Some(c))?;
        req.category = ctx.category;
    }
    let (result, controls) = if args.layers.is_empty() {
        (match_project(&lib, &req, &rules, &opts), Default::default())
    } else {
        super::controls_cmd::match_with_layers(
            &lib,
            &req,
            &rules,
            &opts,
            (&args.layers, args.roles.as_ref(), args.control_rules.as_ref()),
            lang,
        )?
    };
    if let Some(path) = &args.quota_project {
        // The increment (footprint minus stock), not the whole red line, is what occupies 耕地 (clause 九).
        let from_layers = controls.increment.as_ref().and_then(|r| r.cultivated_mu);
        let qp = super::match_quota_project::QuotaProjectArgs {
            choose: args.choose.as_deref(),
            name: args.name.clone(),
            footprint: args.footprint.as_deref(),
            date: args.date.as_deref(),
            cultivated: args.cultivated,
        };
        super::match_quota_project::write_quota_project(path, &result, &qp, from_layers, lang)?;
    }
    let out = if args.json {
        // Parcel indices mean nothing outside this run: name each hit by its 地块编号 too.
        let mut v = serde_json::to_value(&result)?;
        if let Some(hits) = v.pointer_mut("/overlay/hits").and_then(|h| h.as_array_mut()) {
            for h in hits {
                let id = h
                    .get("parcel")
                    .and_then(|x| x.as_u64())
                    .and_then(|i| lib.parcel(i as u32))
                    .map(|p| p.id.clone());
                if let (Some(id), Some(obj)) = (id, h.as_object_mut()) {
                    obj.insert("parcel_id".into(), id.into());
                }
            }
        }
        super::county_note::add_county_json(&mut v, &result, lang);
        super::controls_cmd::add_controls_json(&mut v, &controls)?;
        serde_json::to_string_pretty(&v)? + "\n"
    } else if args.csv {
        render_csv(&result)
    } else {
        render_table(&result, &req, &lib, &counties, &catalog, lang)
            + &super::controls_cmd::controls_section(&result, &controls, lang)
    };
    print!("{out}");
    Ok(())
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The readable report: 套核 first, then the ranked candidates with their reasons.
pub fn render_table(
    r: &MatchResult,
    req: &Requirement,
    lib: &StockLibrary,
    counties: &Counties,
    catalog: &LandUseCatalog,
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let use_name = |lu: &crate::model::LandUse| {
        if zh { catalog.name_zh(lu) } else { catalog.name_en(lu) }
    };
    let county_name = |id: &str| {
        counties
            .by_id(id)
            .map(|c| if zh { c.name.clone() } else { c.name_en.clone() })
            .unwrap_or_else(|| id.to_string())
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {}  {} {:.2} {}  {} {}  {} {}",
        lang.pick("项目用途", "Use"),
        req.land_use.code,
        use_name(&req.land_use),
        lang.pick("需求面积", "required"),
        r.required.mu(),
        lang.pick("亩", "mu"),
        lang.pick("县区", "county"),
        r.county.as_deref().map(county_name).unwrap_or_else(|| "-".into()),
        lang.pick("层级", "tier"),
        if zh { r.tier.zh() } else { r.tier.en() },
    );
    s.push_str(&super::county_note::county_lines(r, lang));
    if let Some(o) = &r.overlay {
        let _ = writeln!(
            s,
            "\n{}: {} {:.2} {u}, {} {:.2} {u} ({}), {} {:.2} {u}",
            lang.pick("套核（条款（二））", "Overlay (clause 二)"),
            lang.pick("红线", "footprint"),
            o.footprint.mu(),
            lang.pick("压占存量", "on stock"),
            o.on_stock.mu(),
            pct(o.stock_share),
            lang.pick("新增建设用地", "new construction land"),
            o.new_land.mu(),
            u = lang.pick("亩", "mu"),
        );
        if o.overlapping_stock {
            let _ = writeln!(
                s,
                "  {}",
                lang.pick(
                    "注意：图库地块相互重叠，已按合并面积计",
                    "note: library parcels overlap here; counted once"
                )
            );
        }
        let _ = writeln!(
            s,
            "  {:<22} {:<10} {:>10} {:>9} {:>9}",
            lang.pick("地块编号", "parcel"),
            lang.pick("类型", "kind"),
            lang.pick("压占(亩)", "overlap mu"),
            lang.pick("占地块", "of parcel"),
            lang.pick("占红线", "of footprint"),
        );
        for h in o.hits.iter().take(20) {
            if let Some(p) = lib.parcel(h.parcel) {
                let _ = writeln!(
                    s,
                    "  {:<22} {:<10} {:>10.2} {:>9} {:>9}",
                    p.id,
                    if zh { p.kind.zh() } else { p.kind.en() },
                    h.overlap.mu(),
                    pct(h.share_of_parcel),
                    pct(h.share_of_footprint)
                );
            }
        }
        if o.hits.len() > 20 {
            let _ = writeln!(
                s,
                "  … {} {}",
                o.hits.len() - 20,
                lang.pick("块未列出", "more not shown")
            );
        }
        for (i, e) in &o.failed {
            let id = lib.parcel(*i).map(|p| p.id.as_str()).unwrap_or("?");
            let _ = writeln!(s, "  {} {id}: {e}", lang.pick("无法计算", "could not compute"));
        }
    }
    let _ = writeln!(
        s,
        "\n{} ({} {}{})",
        lang.pick("存量候选", "Stock candidates"),
        lang.pick("检查地块", "parcels examined"),
        r.examined,
        if r.stopped_early {
            lang.pick("，已提前确定", ", list settled early")
        } else {
            ""
        }
    );
    if r.candidates.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            lang.pick(
                "无符合条件的存量地块：需全部使用新增建设用地",
                "no stock fits: all new construction land"
            )
        );
    }
    for (k, c) in r.candidates.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>2}. [{}] {} {:.1}  {}  {}  {} {} {}  {:.2} {} ×{:.2}  {:.0} m  {}",
            k + 1,
            if zh { c.class.zh() } else { c.class.en() },
            lang.pick("得分", "score"),
            c.score,
            c.ids.join("+"),
            if zh { c.kind.zh() } else { c.kind.en() },
            c.planned_use.code,
            use_name(&c.planned_use),
            if c.is_merged() {
                lang.pick("(归并)", "(merged)")
            } else {
                ""
            },
            c.area.mu(),
            lang.pick("亩", "mu"),
            c.size.ratio,
            c.distance_m,
            county_name(&c.county),
        );
        for reason in &c.reasons {
            let _ = writeln!(s, "      {}", if zh { &reason.zh } else { &reason.en });
        }
    }
    s
}

/// One line per candidate, for spreadsheets.
pub fn csv_table(r: &MatchResult) -> Table {
    let mut t = Table::new(
        "candidates",
        &[
            "rank",
            "class",
            "score",
            "parcels",
            "kind",
            "planned_use",
            "area_mu",
            "ratio",
            "shortfall_mu",
            "surplus_mu",
            "distance_m",
            "county",
            "same_county",
        ],
        &[0, 2, 6, 7, 8, 9, 10],
    );
    for (k, c) in r.candidates.iter().enumerate() {
        t.rows.push(vec![
            Cell::Int(k as i64 + 1),
            Cell::text(c.class.zh()),
            Cell::number(c.score, 2),
            Cell::text(c.ids.join(";")),
            Cell::text(c.kind.code()),
            Cell::text(&c.planned_use.code),
            Cell::number(c.area.mu(), 4),
            Cell::number(c.size.ratio, 4),
            Cell::number(c.size.shortfall.mu(), 4),
            Cell::number(c.size.surplus.mu(), 4),
            Cell::number(c.distance_m, 1),
            Cell::text(&c.county),
            Cell::text(c.same_county.to_string()),
        ]);
    }
    t
}

/// The candidates as CSV (BOM, CRLF, RFC 4180).
pub fn render_csv(r: &MatchResult) -> String {
    crate::report::csv::csv(&csv_table(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, Parcel, StockKind};
    use geo::{MultiPolygon, polygon};

    fn lib() -> StockLibrary {
        let (x, y) = (38_452_000.0, 3_905_000.0);
        // 200 m × 200 m = 40 000 m² = 60 亩.
        let sq = MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + 200.0, y: y), (x: x + 200.0, y: y + 200.0), (x: x, y: y + 200.0)],
        ]);
        StockLibrary::new(vec![Parcel::new(
            "410821-PEWG-00001",
            StockKind::ApprovedUnsupplied,
            LandUse::ydyh("100101"),
            "410821",
            sq,
        )])
    }

    #[test]
    fn parses_locations() {
        assert_eq!(
            parse_xy("38452000.5, 3905000").unwrap(),
            Coord {
                x: 38_452_000.5,
                y: 3_905_000.0
            }
        );
        assert!(parse_xy("1,2,3").is_err());
        assert!(parse_xy("abc,2").is_err());
    }

    #[test]
    fn table_and_csv_show_the_candidate() {
        let lib = lib();
        let rules = io::match_rules().unwrap();
        let req = Requirement::at_point(
            Coord {
                x: 38_451_900.0,
                y: 3_905_100.0,
            },
            LandUse::ydyh("1001"),
            Area::from_mu(60.0),
        )
        .unwrap();
        let r = match_project(&lib, &req, &rules, &MatchOptions::default());
        let counties = io::assets::counties().unwrap();
        let cat = io::assets::land_use_catalog().unwrap();
        let zh = render_table(&r, &req, &lib, &counties, &cat, Lang::Zh);
        assert!(
            zh.contains("直接首选") && zh.contains("修武县") && zh.contains("60.00 亩"),
            "{zh}"
        );
        let en = render_table(&r, &req, &lib, &counties, &cat, Lang::En);
        assert!(en.contains("direct first choice") && en.contains("Xiuwu"), "{en}");
        let csv = render_csv(&r);
        // 60 亩 for 60: ratio 1; the point is 100 m west of the parcel's edge.
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .contains(",410821-PEWG-00001,PEWG,100101,60.0000,1.0000,"),
            "{csv}"
        );
        assert!(csv.contains(",100.0,410821,"), "{csv}");
    }
}
