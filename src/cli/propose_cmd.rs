//! `stockfirst propose`: 存量组合 — the best sets of stock parcels for a project at a location (issue 15). Formats
//! only; the answer is `stockfirst::propose::propose`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use geo::{Coord, MultiPolygon};
use serde_json::{Value, json};

use crate::controls::GaussKruger;
use crate::io;
use crate::matching::Requirement;
use crate::model::{Area, Lang, ProjectTier};
use crate::propose::{Controls, Method, Proposal, Proposals, Route, propose, propose_sites};

#[derive(clap::Args, Debug)]
pub struct ProposeArgs {
    /// Stock library (any GDAL polygon source or boundary TXT).
    #[arg(long)]
    pub library: PathBuf,
    /// The location: X,Y in the working CRS (easting with zone prefix, northing).
    #[arg(long, value_name = "X,Y")]
    pub at: String,
    /// Intended use, a 2023 用地用海 code (older codes are converted, with a warning).
    #[arg(long = "use", value_name = "CODE")]
    pub land_use: String,
    /// Required area in 亩.
    #[arg(long, value_name = "亩")]
    pub area: f64,
    /// County: name or adcode (default: found from the location). Only its parcels are combined (属地).
    #[arg(long)]
    pub county: Option<String>,
    /// Project tier: national / provincial-single-site / provincial-key / municipal-key / ordinary, or Chinese.
    #[arg(long)]
    pub tier: Option<String>,
    /// How many proposals to list.
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Matching rules (RON, with `combination`); default: the built-in assets/matching.ron.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Control layers: the 耕地 of each increment is compared (clause 一). Without them: stock only, said so.
    #[arg(long = "layers")]
    pub layers: Vec<PathBuf>,
    /// Role map for the control layers (RON).
    #[arg(long)]
    pub roles: Option<PathBuf>,
    /// Review rules (RON); default: the built-in assets/controls.ron.
    #[arg(long = "control-rules")]
    pub control_rules: Option<PathBuf>,
    /// Also grow red lines from the point (智能选址): avoiding 永久基本农田 and 生态保护红线, 耕地 as far as possible,
    /// inside the 城镇开发边界 unless clause (十一) allows the category. Needs --layers.
    #[arg(long, requires = "layers")]
    pub site: bool,
    /// Project category for clause (十一), e.g. culture-tourism, urban (with --site).
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long)]
    pub json: bool,
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

pub fn run(args: ProposeArgs, lang: Lang) -> Result<()> {
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
    let mut req = Requirement::at_point(parse_xy(&args.at)?, interp.land_use.clone(), Area::from_mu(args.area))?;
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
    if let Some(c) = &args.category {
        req.category = super::controls_cmd::parse_tier_category(None, Some(c))?.category;
    }
    let gk = GaussKruger::working();
    let loaded = if args.layers.is_empty() {
        None
    } else {
        let (control_rules, loaded) =
            super::controls_cmd::load_controls(&args.layers, args.roles.as_ref(), args.control_rules.as_ref(), lang)?;
        for p in &loaded.problems {
            eprintln!(
                "{}: {}",
                lang.pick("图层问题", "layer problem"),
                lang.pick(&p.line_zh(), &p.line_en())
            );
        }
        Some((control_rules, loaded))
    };
    let controls = loaded.as_ref().map(|(r, l)| Controls {
        layers: &l.layers,
        rules: r,
        inv: &gk,
    });
    let answer = propose(&lib, &req, &rules, args.top.max(1), controls.as_ref());
    // Without --site, no combination is the answer's failure; with it, the grown red lines may still be given.
    let answer = match answer {
        Err(e) if !(args.site && controls.is_some()) => return Err(e.into()),
        a => a,
    };
    // No room for a grown red line is an answer too: said, and the combinations still shown.
    let (sites, site_error) = match (&controls, args.site) {
        (Some(c), true) => match propose_sites(&lib, &req, &rules, args.top.max(1), c) {
            Ok(v) => (v, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        },
        _ => (Vec::new(), None),
    };
    if let (Err(e), Some(s)) = (&answer, &site_error) {
        bail!("{e}\n{}: {s}", lang.pick("智能选址", "site proposal"));
    }
    let out = if args.json {
        let mut v = match &answer {
            Ok(a) => to_json(a, lang),
            Err(e) => json!({"combination_error": e.to_string(), "proposals": []}),
        };
        if let Some(list) = v.get_mut("proposals").and_then(Value::as_array_mut) {
            list.extend(sites.iter().map(site_json));
        }
        if let (Some(e), Some(o)) = (&site_error, v.as_object_mut()) {
            o.insert("site_error".into(), e.clone().into());
        }
        serde_json::to_string_pretty(&v)? + "\n"
    } else {
        let note = site_error
            .map(|e| format!("\n{}: {e}\n", lang.pick("智能选址", "site proposal")))
            .unwrap_or_default();
        let head = match &answer {
            Ok(a) => render_text(a, &req, lang),
            Err(e) => format!("{}: {e}\n", lang.pick("存量组合", "stock combination")),
        };
        head + &render_sites(&sites, lang) + &note
    };
    print!("{out}");
    Ok(())
}

fn area_json(a: Area) -> Result<Value, serde_json::Error> {
    serde_json::to_value(a)
}

/// A GeoJSON geometry (MultiPolygon) in the working CRS.
pub fn geojson(g: &MultiPolygon<f64>) -> Value {
    let ring = |r: &geo::LineString<f64>| r.0.iter().map(|c| json!([c.x, c.y])).collect::<Vec<_>>();
    let polys: Vec<Value> =
        g.0.iter()
            .map(|p| {
                let mut rings = vec![json!(ring(p.exterior()))];
                rings.extend(p.interiors().iter().map(|r| json!(ring(r))));
                json!(rings)
            })
            .collect();
    json!({"type": "MultiPolygon", "coordinates": polys})
}

fn method_word(m: &Method) -> &'static str {
    match m {
        Method::Exact => "exact",
        Method::Heuristic { .. } => "heuristic",
    }
}

/// The `propose --json` contract: `proposals`, each with `parcels`, `on_stock` and `increment` as `match` gives areas
/// (`{"m2": …}`), `cultivated_in_increment` (null without layers), `footprint`, `method` and `reasons`.
pub fn to_json(a: &Proposals, lang: Lang) -> Value {
    let proposals: Vec<Value> = a
        .proposals
        .iter()
        .map(|p| {
            json!({
                "parcels": p.parcels,
                "route": match p.route { Route::Contiguous => "contiguous", Route::Compact { .. } => "compact" },
                "on_stock": area_json(p.on_stock).unwrap_or(Value::Null),
                "increment": area_json(p.increment).unwrap_or(Value::Null),
                "stock": area_json(p.stock).unwrap_or(Value::Null),
                "oversize": area_json(p.oversize).unwrap_or(Value::Null),
                "cultivated_in_increment": p.cultivated_in_increment.and_then(|c| area_json(c).ok()),
                "kind": "combination",
                "increment_land_classes": land_classes_json(p),
                "distance_m": p.site.as_ref().map(|f| f.distance_m),
                "compactness": p.site.as_ref().map(|f| f.compactness),
                "footprint": geojson(&p.footprint),
                "method": method_word(&a.method),
                "reasons": p.reasons.iter().map(|r| json!({"zh": r.zh, "en": r.en})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "county": a.county,
        "method": method_word(&a.method),
        "examined": a.examined,
        "candidates": a.candidates,
        "nodes": a.nodes,
        "best_single_increment": a.best_single_increment.and_then(|c| area_json(c).ok()),
        "notes": a.notes.iter().map(|r| lang.pick(&r.zh, &r.en).to_string()).collect::<Vec<_>>(),
        "proposals": proposals,
    })
}

/// The readable answer: one block per proposal, its numbers, then its reasons.
pub fn render_text(a: &Proposals, req: &Requirement, lang: Lang) -> String {
    let u = lang.pick("亩", "mu");
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}  {} {:.2} {u}  {} {}  {} {} / {}",
        lang.pick("项目用途", "Use"),
        req.land_use.code,
        lang.pick("需求面积", "required"),
        req.area.mu(),
        lang.pick("县区", "county"),
        a.county.as_deref().unwrap_or("-"),
        lang.pick("可组合地块", "parcels that may combine"),
        a.candidates,
        a.examined,
    );
    if let Some(b) = a.best_single_increment {
        let _ = writeln!(
            s,
            "{}: {:.2} {u}",
            lang.pick("最佳单块地块的增量", "best single parcel's increment"),
            b.mu()
        );
    }
    for n in &a.notes {
        let _ = writeln!(s, "{}: {}", lang.pick("注意", "note"), lang.pick(&n.zh, &n.en));
    }
    for (i, p) in a.proposals.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n#{} {}  {} {:.2} {u}  {} {:.2} {u}  {} {}",
            i + 1,
            p.parcels.join(" + "),
            lang.pick("压占存量", "on stock"),
            p.on_stock.mu(),
            lang.pick("新增建设用地", "increment"),
            p.increment.mu(),
            lang.pick("增量占耕地", "cultivated in increment"),
            p.cultivated_in_increment
                .map(|c| format!("{:.2} {u}", c.mu()))
                .unwrap_or_else(|| lang.pick("未计算", "not computed").to_string()),
        );
        for r in &p.reasons {
            let _ = writeln!(s, "  - {}", lang.pick(&r.zh, &r.en));
        }
    }
    s
}

/// The 地类 of a proposal's increment: code, name, area (null without control layers).
fn land_classes_json(p: &Proposal) -> Value {
    let Some(f) = p.site.as_ref().filter(|f| !f.land_classes.is_empty()) else {
        return Value::Null;
    };
    f.land_classes
        .iter()
        .map(|(c, n, a)| json!({"code": c, "name": n, "area": area_json(*a).unwrap_or(Value::Null)}))
        .collect()
}

/// A grown red line in the `proposals` list: `kind` "site", always heuristic, with its distance, compactness and the
/// 地类 of its increment.
fn site_json(p: &Proposal) -> Value {
    let f = p.site.as_ref();
    json!({
        "kind": "site",
        "parcels": p.parcels,
        "on_stock": area_json(p.on_stock).unwrap_or(Value::Null),
        "increment": area_json(p.increment).unwrap_or(Value::Null),
        "cultivated_in_increment": p.cultivated_in_increment.and_then(|c| area_json(c).ok()),
        "increment_land_classes": land_classes_json(p),
        "distance_m": f.map(|f| f.distance_m),
        "compactness": f.map(|f| f.compactness),
        "footprint": geojson(&p.footprint),
        "method": "heuristic",
        "reasons": p.reasons.iter().map(|r| json!({"zh": r.zh, "en": r.en})).collect::<Vec<_>>(),
    })
}

/// The grown red lines, after the combinations.
fn render_sites(sites: &[Proposal], lang: Lang) -> String {
    let u = lang.pick("亩", "mu");
    let mut s = String::new();
    for (i, p) in sites.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n{} #{}  {} {:.2} {u}  {} {:.2} {u}",
            lang.pick("建议红线（智能选址）", "Grown red line"),
            i + 1,
            lang.pick("压占存量", "on stock"),
            p.on_stock.mu(),
            lang.pick("新增建设用地", "increment"),
            p.increment.mu(),
        );
        for r in &p.reasons {
            let _ = writeln!(s, "  - {}", lang.pick(&r.zh, &r.en));
        }
    }
    s
}
