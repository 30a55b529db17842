//! `stockfirst info SOURCE`: layers, CRS, parcel counts and 亩 totals by county × kind × use, problems found.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;

mod join;

use crate::io::gdal_source::{ReadOptions, list_layers};
use crate::io::text_encoding::TextEncoding;
use crate::io::{assets, load_library_with};
use crate::model::Lang;
use crate::model::StockKind;

#[derive(clap::Args, Debug)]
pub struct InfoArgs {
    /// Any GDAL vector source (GeoPackage, Shapefile, GeoJSON, FileGDB, KML, DXF).
    pub source: PathBuf,
    /// Layer to read (default: the only or first polygon layer).
    #[arg(long)]
    pub layer: Option<String>,
    /// Force the DBF text encoding of a shapefile: utf-8 or gbk.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Force the source CRS, e.g. EPSG:4526.
    #[arg(long)]
    pub crs: Option<String>,
    /// Field mapping RON file (see assets/field_map.example.ron).
    #[arg(long)]
    pub fields: Option<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// How many problems to list (all are counted).
    #[arg(long, default_value_t = 20)]
    pub problems: usize,
    /// Unit of the area field: 公顷 | 亩 | 平方米 (ha | mu | m2). Default: from the field name, else detected.
    #[arg(long)]
    pub area_unit: Option<String>,
    /// A 台账 (.xlsx) to join to the source's features by --key: reports matched rows, rows with no geometry
    /// and features with no row.
    #[arg(long)]
    pub join: Option<PathBuf>,
    /// Join key: 电子监管号 / DZJGH, 地块编号 / DKBH, or any column header.
    #[arg(long, default_value = "DZJGH")]
    pub key: String,
    /// Sheet of the .xlsx to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Write the 台账 (every parcel, 亩 to two decimals) and the load's 问题列表 to FILE: .xlsx (a sheet each,
    /// frozen header) or .csv (with a BOM).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Serialize)]
struct Row {
    county: String,
    kind: String,
    use_group: String,
    parcels: usize,
    mu: f64,
}

#[derive(Serialize)]
struct Report {
    source: String,
    layers: Vec<(String, String, Option<u64>, Option<String>)>,
    layer: String,
    source_crs: String,
    working_crs: String,
    parcels: usize,
    total_mu: f64,
    notes: Vec<String>,
    rows: Vec<Row>,
    problems: Vec<(String, String, bool)>,
    duplicate_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    join: Option<join::JoinSummary>,
}

/// Builds read options from the shared source flags.
pub fn read_options(
    layer: Option<String>,
    encoding: Option<&str>,
    crs: Option<String>,
    fields: Option<&std::path::Path>,
) -> Result<ReadOptions> {
    let encoding = match encoding {
        Some(e) => Some(
            TextEncoding::from_label(e)
                .ok_or_else(|| anyhow::anyhow!("未知编码 / unknown encoding {e} (utf-8 | gbk)"))?,
        ),
        None => None,
    };
    let field_map = match fields {
        Some(p) => crate::io::field_map::FieldMap::load(p)?,
        None => Default::default(),
    };
    Ok(ReadOptions {
        layer,
        field_map,
        encoding,
        source_crs: crs,
        ..Default::default()
    })
}

pub fn run(args: InfoArgs, lang: Lang) -> Result<()> {
    let mut opts = read_options(
        args.layer.clone(),
        args.encoding.as_deref(),
        args.crs.clone(),
        args.fields.as_deref(),
    )?;
    if let Some(u) = &args.area_unit {
        opts.field_map.area_unit = Some(
            crate::io::field_names::parse_area_unit(u)
                .ok_or_else(|| anyhow::anyhow!("未知面积单位 / unknown area unit {u:?} (公顷 | 亩 | 平方米)"))?,
        );
    }
    let counties = assets::counties()?;
    let catalog = assets::land_use_catalog()?;
    // A shared library (postgresql://…) has one table, not GDAL layers.
    let shared = crate::io::postgis::is_database_url(&args.source.to_string_lossy());
    let layers = if shared {
        Vec::new()
    } else {
        list_layers(&args.source, opts.encoding)?
    };
    let (lib, report) = load_library_with(&args.source, &opts)?;
    let mut totals: BTreeMap<(String, u8, String), (usize, f64)> = BTreeMap::new();
    for p in lib.parcels() {
        let group = p.planned_use.level1().to_string();
        let e = totals
            .entry((p.county.clone(), p.kind.preference(), group))
            .or_default();
        e.0 += 1;
        e.1 += p.area.mu();
    }
    let kind_name = |pref: u8| {
        StockKind::ALL
            .iter()
            .find(|k| k.preference() == pref)
            .map(|k| lang.pick(k.zh(), k.en()).to_string())
            .unwrap_or_default()
    };
    let county_name = |id: &str| match counties.by_id(id) {
        Some(c) => lang.pick(&c.name, &c.name_en).to_string(),
        None if id.is_empty() => lang.pick("（未知）", "(unknown)").to_string(),
        None => id.to_string(),
    };
    let rows: Vec<Row> = totals
        .iter()
        .map(|((c, k, u), (n, mu))| {
            let lu = crate::model::LandUse::ydyh(u);
            Row {
                county: county_name(c),
                kind: kind_name(*k),
                use_group: format!(
                    "{u} {}",
                    match lang {
                        Lang::Zh => catalog.name_zh(&lu),
                        Lang::En => catalog.name_en(&lu),
                    }
                ),
                parcels: *n,
                mu: *mu,
            }
        })
        .collect();
    let out = Report {
        // The report's own name for the source: a URL without its password.
        source: if shared {
            report.source.display().to_string()
        } else {
            args.source.display().to_string()
        },
        layers: layers
            .iter()
            .map(|l| (l.name.clone(), l.geometry_type.clone(), l.features, l.crs.clone()))
            .collect(),
        layer: report.layer.clone(),
        source_crs: report.source_crs.clone(),
        working_crs: "EPSG:4526".into(),
        parcels: lib.len(),
        total_mu: lib.total_area().mu(),
        notes: report.notes.clone(),
        rows,
        problems: report
            .problems
            .iter()
            .map(|p| (p.feature.clone(), p.message.clone(), p.skipped))
            .collect(),
        duplicate_ids: lib.duplicate_ids().to_vec(),
        join: match &args.join {
            Some(x) => Some(join::join_register(&args, x, &report.layer, opts.encoding)?),
            None => None,
        },
    };
    if let Some(path) = &args.out {
        let register = crate::report::register::register_table(&lib, &counties, &catalog, lang);
        let problems = crate::report::load_problems::problems_table(&report, lang);
        crate::report::file::write_tables(path, &[&register, &problems])?;
        eprintln!("{}: {}", lang.pick("已写入", "written to"), path.display());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    print_text(&out, lang, args.problems);
    if let Some(j) = &out.join {
        join::print_join(j, lang, args.problems);
    }
    Ok(())
}

fn print_text(r: &Report, lang: Lang, max_problems: usize) {
    let t = |zh, en| lang.pick(zh, en);
    println!("{} {}", t("数据源：", "Source:"), r.source);
    println!("{}", t("图层：", "Layers:"));
    for (name, ty, n, crs) in &r.layers {
        let mark = if *name == r.layer { "*" } else { " " };
        println!(
            "  {mark} {name}  [{ty}]  {} {}  {}",
            n.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
            t("个要素", "features"),
            crs.clone().unwrap_or_else(|| t("无坐标系", "no CRS").into())
        );
    }
    println!(
        "{} {}  →  {} EPSG:4526 (CGCS2000 3° GK zone 38)",
        t("来源坐标系：", "Source CRS:"),
        r.source_crs,
        t("工作坐标系", "working CRS")
    );
    for n in &r.notes {
        println!("  ! {n}");
    }
    println!(
        "{} {}    {} {:.2} {}",
        t("地块数：", "Parcels:"),
        r.parcels,
        t("合计", "total"),
        r.total_mu,
        t("亩", "mu")
    );
    println!();
    let (hc, hk, hu, hn, hm) = (
        t("县区", "County"),
        t("存量类型", "Stock kind"),
        t("规划用途(一级)", "Use (level 1)"),
        t("宗数", "Parcels"),
        t("面积(亩)", "Area (mu)"),
    );
    println!("{}", pad_row(&[hc, hk, hu, hn, hm]));
    println!("{}", "-".repeat(96));
    let mut last_county = String::new();
    let mut county_sum = (0usize, 0.0f64);
    let flush = |name: &str, s: (usize, f64)| {
        if !name.is_empty() {
            println!(
                "{}",
                pad_row(&[
                    &format!("{name} {}", t("小计", "subtotal")),
                    "",
                    "",
                    &s.0.to_string(),
                    &format!("{:.2}", s.1)
                ])
            );
        }
    };
    for row in &r.rows {
        if row.county != last_county {
            flush(&last_county, county_sum);
            county_sum = (0, 0.0);
            last_county = row.county.clone();
        }
        county_sum.0 += row.parcels;
        county_sum.1 += row.mu;
        println!(
            "{}",
            pad_row(&[
                &row.county,
                &row.kind,
                &row.use_group,
                &row.parcels.to_string(),
                &format!("{:.2}", row.mu)
            ])
        );
    }
    flush(&last_county, county_sum);
    println!();
    let skipped = r.problems.iter().filter(|p| p.2).count();
    println!(
        "{} {} ({} {})",
        t("问题：", "Problems:"),
        r.problems.len(),
        skipped,
        t("个要素未载入", "features left out")
    );
    for (f, m, s) in r.problems.iter().take(max_problems) {
        let tag = if *s { t("[未载入]", "[left out]") } else { "" };
        println!("  {f}: {m} {tag}");
    }
    if r.problems.len() > max_problems {
        println!(
            "  … {} {}",
            r.problems.len() - max_problems,
            t("条未列出（--problems N 可显示更多）", "more (use --problems N)")
        );
    }
    if !r.duplicate_ids.is_empty() {
        println!(
            "{} {:?}",
            t("重复的地块编号：", "Duplicate parcel ids:"),
            r.duplicate_ids
        );
    }
}

/// Pads cells to display width (CJK characters take two columns).
pub fn pad_row(cells: &[&str]) -> String {
    const WIDTHS: [usize; 5] = [22, 16, 30, 8, 12];
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        let w = WIDTHS.get(i).copied().unwrap_or(12);
        s.push_str(&pad(c, w));
    }
    s.trim_end().to_string()
}

/// Left-aligns `s` in `w` terminal columns.
pub fn pad(s: &str, w: usize) -> String {
    let width: usize = s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(w.saturating_sub(width) + 1))
}
