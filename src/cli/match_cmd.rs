//! `stockfirst match`: 套核 and stock-first candidates for one project (clause 二). Formats only; the answer is
//! `stockfirst::matching::match_project`.

use anyhow::{Context, Result, anyhow, bail};
use geo::Coord;

use super::match_args::Loaded;
pub use super::match_args::MatchArgs;
use super::match_one::{Ask, AskSite, result_json};
pub use super::match_report::{csv_table, render_csv, render_table};
use crate::io;
use crate::model::Lang;

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
    if args.projects.is_some() {
        return super::batch::run(&args, lang);
    }
    // clap drops `requires = "projects"` when --footprint or --at (which conflict with --projects) is given.
    if args.format.is_some() || args.field_map.is_some() {
        bail!("--format 和 --fields 只用于 --projects / --format and --fields go with --projects");
    }
    let use_code = args
        .land_use
        .clone()
        .ok_or_else(|| anyhow!("须给出 --use / give --use"))?;
    let site = match (&args.footprint, &args.at) {
        (Some(path), _) => {
            let fp = io::read_footprint(path)?;
            for w in &fp.warnings {
                eprintln!("! {w}");
            }
            AskSite::Footprint(fp.polygons)
        }
        (None, Some(at)) => {
            if args.area.is_none() {
                bail!("按位置匹配须给出 --area / --at needs --area");
            }
            AskSite::Point(parse_xy(at)?)
        }
        (None, None) => bail!("须给出 --footprint 或 --at / give --footprint or --at"),
    };
    let loaded = Loaded::read(&args, lang)?;
    let ask = Ask {
        site,
        use_code,
        use_system: None,
        area_mu: args.area,
        county: args.county.clone(),
        tier: args.tier.clone(),
    };
    let answer = loaded.engine().answer(&ask, lang).map_err(|e| match &args.footprint {
        Some(p) => e.context(p.display().to_string()),
        None => e,
    })?;
    for n in &answer.notes {
        eprintln!("{n}");
    }
    let (result, controls) = (&answer.result, &answer.review);
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
        super::match_quota_project::write_quota_project(path, result, &qp, from_layers, lang)?;
    }
    if let Some(path) = &args.out {
        super::match_out::write_out(path, &answer, &loaded.lib, lang)?;
    }
    let out = if args.json {
        serde_json::to_string_pretty(&result_json(&answer, &loaded.lib, lang)?)? + "\n"
    } else if args.csv {
        render_csv(result)
    } else {
        render_table(
            result,
            &answer.req,
            &loaded.lib,
            &loaded.counties,
            &loaded.catalog,
            lang,
        ) + &super::controls_cmd::controls_section(result, controls, lang)
    };
    print!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
