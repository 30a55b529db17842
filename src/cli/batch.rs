//! `stockfirst match --library L --projects FILE`: batch 套核. Each feature of FILE (or each boundary TXT of a
//! folder) is its own project; each is asked of the same engine as `match` ([`super::match_one`]). A project that
//! fails (bad geometry, unknown use, missing area) is reported in its row and the run goes on; the exit code says
//! whether any failed. A progress bar is drawn only when stderr is a terminal (indicatif; see docs/batch.md).

use std::io::IsTerminal as _;
use std::io::Write as _;

use anyhow::{Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::batch_rows::{BatchRow, batch_table, json_line};
use super::match_args::{Loaded, MatchArgs};
use super::match_one::{Ask, AskSite, Engine};
use super::match_out::OutKind;
use crate::io;
use crate::io::field_map::FieldMap;
use crate::io::project_source::{ProjectFeature, ProjectSite, read_projects};
use crate::model::{Area, Lang};
use crate::quota::Project;

/// The output form of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonLines,
    Csv,
    Xlsx,
}

/// `--format`, else the `--out` extension, else `--csv`/`--json`, else JSON lines.
fn format_of(args: &MatchArgs) -> Result<Format> {
    Ok(match args.format.as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some(_) => Format::JsonLines,
        None => match args.out.as_deref().map(OutKind::of) {
            Some(Some(OutKind::Xlsx)) => Format::Xlsx,
            Some(Some(OutKind::Csv)) => Format::Csv,
            Some(Some(OutKind::Json)) => Format::JsonLines,
            Some(None) => bail!(
                "--out 须以 .xlsx、.csv 或 .jsonl 结尾，或给出 --format / --out must end in .xlsx, .csv or .jsonl, or give --format"
            ),
            None if args.csv => Format::Csv,
            None => Format::JsonLines,
        },
    })
}

pub(super) fn run(args: &MatchArgs, lang: Lang) -> Result<()> {
    let Some(source) = &args.projects else {
        bail!("须给出 --projects / give --projects");
    };
    let format = format_of(args)?;
    if format == Format::Xlsx && args.out.is_none() {
        bail!("XLSX 须写入文件：给出 --out 结果.xlsx / XLSX needs a file: give --out results.xlsx");
    }
    let map = match &args.field_map {
        Some(p) => FieldMap::load(p)?,
        None => FieldMap::default(),
    };
    let read = read_projects(source, &map)?;
    for w in &read.warnings {
        eprintln!("! {w}");
    }
    let loaded = Loaded::read(args, lang)?;
    let engine = loaded.engine();
    let bar = progress_bar(read.projects.len());
    let mut rows = Vec::with_capacity(read.projects.len());
    for (i, p) in read.projects.into_iter().enumerate() {
        bar.set_message(p.label.clone());
        rows.push(one_project(&engine, args, p, i + 1, lang));
        bar.inc(1);
    }
    bar.finish_and_clear();
    write_results(args, format, &rows, &loaded, lang)?;
    if let Some(path) = &args.quota_project {
        write_quota_projects(path, &rows, lang)?;
    }
    summary(&rows, lang)
}

/// Drawn on stderr only when stderr is a terminal: piped or logged runs get no escape codes.
fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("套核 {bar:32} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// One project: its fields, else the command line's defaults, asked of the engine. Never fails: a failure is
/// the row's error.
fn one_project(engine: &Engine<'_>, args: &MatchArgs, p: ProjectFeature, n: usize, lang: Lang) -> BatchRow {
    let pick = |own: &str, default: &Option<String>| {
        if own.trim().is_empty() {
            default.clone().unwrap_or_default()
        } else {
            own.trim().to_string()
        }
    };
    let mut row = BatchRow {
        n,
        source: p.label.clone(),
        id: p.id.clone(),
        name: p.name.clone(),
        use_code: pick(&p.use_code, &args.land_use),
        county: pick(&p.county, &args.county),
        tier: pick(&p.tier, &args.tier),
        notes: p.notes.clone(),
        outcome: Err(String::new()),
        quota: None,
    };
    row.outcome = ask_of(&p, &row, args).and_then(|ask| engine.answer(&ask, lang).map_err(|e| format!("{e:#}")));
    if let Ok(a) = &row.outcome {
        row.notes.extend(a.notes.iter().cloned());
        if let Some(date) = &args.date {
            // As `match --quota-project`: no candidate chosen, so the 套核 remainder is the new land (clause 二),
            // and with --layers the increment's cultivated 亩.
            let cultivated = a.review.increment.as_ref().and_then(|r| r.cultivated_mu).unwrap_or(0.0);
            row.quota = Some(
                Project::from_match(&a.result, None, row.display_name(), date, Area::from_mu(cultivated))
                    .map_err(|e| e.to_string()),
            );
        }
    }
    row
}

fn ask_of(p: &ProjectFeature, row: &BatchRow, args: &MatchArgs) -> Result<Ask, String> {
    let site = match &p.site {
        Ok(ProjectSite::Footprint(g)) => AskSite::Footprint(g.clone()),
        Ok(ProjectSite::Point(c)) => AskSite::Point(*c),
        Err(e) => return Err(e.clone()),
    };
    if row.use_code.is_empty() {
        return Err(
            "没有用途：用途字段为空且未给出 --use / no use: the use field is empty and no --use was given".into(),
        );
    }
    let area_mu = match &p.area {
        Some(Ok(a)) => Some(a.mu()),
        Some(Err(e)) => return Err(e.clone()),
        None => args.area,
    };
    Ok(Ask {
        site,
        use_code: row.use_code.clone(),
        // A declared system belongs to the field's code, not to the command line's default.
        use_system: if p.use_code.trim().is_empty() {
            None
        } else {
            p.use_system
        },
        area_mu,
        county: Some(row.county.clone()),
        tier: Some(row.tier.clone()),
    })
}

fn write_results(args: &MatchArgs, format: Format, rows: &[BatchRow], loaded: &Loaded, lang: Lang) -> Result<()> {
    let bytes = match format {
        Format::JsonLines => {
            let mut s = String::new();
            for r in rows {
                s.push_str(&serde_json::to_string(&json_line(r, &loaded.lib, lang)?)?);
                s.push('\n');
            }
            s.into_bytes()
        }
        Format::Csv => crate::report::csv::csv(&batch_table(rows, &loaded.counties, lang)).into_bytes(),
        Format::Xlsx => {
            let t = batch_table(rows, &loaded.counties, lang);
            crate::report::xlsx::xlsx(&t, &t.title)?
        }
    };
    match &args.out {
        Some(path) => {
            io::atomic::write_bytes(path, &bytes)?;
            eprintln!("{}: {}", lang.pick("已写入", "written to"), path.display());
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(())
}

/// `--quota-project FILE --date D` with `--projects`: every matched project's quota entry, a list to paste into
/// a scenario's `projects: [...]`.
fn write_quota_projects(path: &std::path::Path, rows: &[BatchRow], lang: Lang) -> Result<()> {
    let projects: Vec<&Project> = rows.iter().filter_map(|r| r.quota.as_ref()?.as_ref().ok()).collect();
    let text = ron::ser::to_string_pretty(&projects, ron::ser::PrettyConfig::default())? + "\n";
    io::atomic::write_bytes(path, text.as_bytes())?;
    eprintln!(
        "{}: {} ({} {})",
        lang.pick("指标项目已写入", "quota projects written to"),
        path.display(),
        projects.len(),
        lang.pick("个", "projects")
    );
    Ok(())
}

/// Counts on stderr, each failure named; an error (exit code 1) when any project failed.
fn summary(rows: &[BatchRow], lang: Lang) -> Result<()> {
    let failed: Vec<&BatchRow> = rows.iter().filter(|r| r.outcome.is_err()).collect();
    eprintln!(
        "{} {} {}, {} {}, {} {}",
        lang.pick("批量套核：", "batch match:"),
        rows.len(),
        lang.pick("个项目", "projects"),
        lang.pick("成功", "matched"),
        rows.len() - failed.len(),
        lang.pick("失败", "failed"),
        failed.len()
    );
    for r in &failed {
        if let Err(e) = &r.outcome {
            eprintln!("  #{} {}: {e}", r.n, r.source);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(anyhow!(
            "{} 个项目未能套核（见各自的结果行）/ {} project(s) could not be matched (see their rows)",
            failed.len(),
            failed.len()
        ))
    }
}
