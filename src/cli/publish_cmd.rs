//! `stockfirst publish`: the public catalogue of 可供 stock land as a static site (clause 二, 主动向社会公开).
//! With `--rank-use` it prints the core's ranking for a project instead, the same the page's finder shows.

use std::path::PathBuf;

use anyhow::{Result, anyhow};

use crate::io;
use crate::io::gdal_source::ReadOptions;
use crate::model::Lang;
use crate::publish::{self, PublishConfig, data, find};

#[derive(clap::Args, Debug)]
pub struct PublishArgs {
    /// Stock library (any GDAL polygon source).
    #[arg(long)]
    pub library: PathBuf,
    /// Layer of the library (default: the first polygon layer).
    #[arg(long)]
    pub layer: Option<String>,
    /// Output folder; replaced atomically when it holds an earlier site.
    #[arg(long, required_unless_present = "rank_use")]
    pub out: Option<PathBuf>,
    /// Publication settings (RON, see assets/publish.example.ron); default: the five required fields.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Matching rules (RON); default: the built-in assets/matching.ron.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Print the core's ranking of the published parcels for a project of this 2023 use code (no site written).
    #[arg(long = "rank-use", value_name = "CODE", requires = "rank_mu", conflicts_with = "out")]
    pub rank_use: Option<String>,
    /// The project's size in 亩, with --rank-use.
    #[arg(long = "rank-mu", value_name = "亩")]
    pub rank_mu: Option<f64>,
    /// How many ranked parcels to print.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: PublishArgs, lang: Lang) -> Result<()> {
    let config = match &args.config {
        Some(p) => PublishConfig::load(p)?,
        None => PublishConfig::default(),
    };
    let rules = match &args.rules {
        Some(p) => io::load_match_rules(p)?,
        None => io::match_rules()?,
    };
    // The config is checked before the library is even read: a wrong field name costs nothing.
    let allowed = config.check()?;
    let opts = ReadOptions {
        layer: args.layer.clone(),
        ..Default::default()
    };
    let (library, report) = io::load_library_with(&args.library, &opts)?;
    if let (Some(code), Some(mu)) = (&args.rank_use, args.rank_mu) {
        let catalog = io::assets::land_use_catalog()?;
        let lu = catalog
            .interpret(code, None)
            .ok_or_else(|| anyhow!("未知用途代码 / unknown land-use code {code:?}"))?
            .land_use;
        let published = data::available(&library);
        let ranked = find::rank_public(&published, &lu, mu, &rules);
        let rows: Vec<serde_json::Value> = ranked
            .iter()
            .take(args.top)
            .map(|c| {
                serde_json::json!({
                    "id": c.ids[0], "score": c.score, "class": c.class.zh(), "mu": c.area.mu(),
                })
            })
            .collect();
        if args.json {
            println!("{}", serde_json::to_string_pretty(&rows)?);
        } else {
            for (i, c) in ranked.iter().take(args.top).enumerate() {
                println!(
                    "{:>3}. {}  {:.2} 亩  {:.1}  {}",
                    i + 1,
                    c.ids[0],
                    c.area.mu(),
                    c.score,
                    lang.pick(c.class.zh(), c.class.en())
                );
            }
        }
        return Ok(());
    }
    let Some(out) = &args.out else {
        return Err(anyhow!("--out 必填 / --out is required"));
    };
    // A shared library (postgresql://…) keeps the model's fields only: no extra columns to publish.
    let details = if crate::io::postgis::is_database_url(&args.library.to_string_lossy()) {
        publish::Details::none()
    } else {
        publish::read_details(&args.library, &report.layer, &allowed)?
    };
    let r = publish::write_site_with(&library, &details, &config, &rules, out)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    match lang {
        Lang::Zh => println!(
            "已发布 {} 个可供地块（另有 {} 个非可供地块未公开），字段：{}，日期 {}\n站点：{}/index.html",
            r.published,
            r.withheld,
            r.fields.join("、"),
            r.date,
            r.out_dir.display()
        ),
        Lang::En => println!(
            "published {} available parcels ({} not available, withheld), fields: {}, date {}\nsite: {}/index.html",
            r.published,
            r.withheld,
            r.fields.join(", "),
            r.date,
            r.out_dir.display()
        ),
    }
    Ok(())
}
