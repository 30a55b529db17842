//! `stockfirst report`: the print map (PNG / image PDF at 300 dpi) and the site-selection decision document
//! (.docx, or PDF through LibreOffice) for one project. Runs the same core as `match` and `controls`; `print` lays
//! the answers out.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};

use crate::controls::{ControlReport, GaussKruger, ProjectContext, findings, increment_overlay, match_with_controls};
use crate::io;
use crate::matching::{MatchOptions, Requirement, match_project};
use crate::model::{Area, Lang, ProjectTier};
use crate::print::{self, DecisionInput, MapCandidate, MapScene, OutputKind, Paper, PaperSize, Review, SheetText};
use crate::quota::{self, Project};

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Stock library (any GDAL polygon source or boundary TXT).
    #[arg(long)]
    pub library: PathBuf,
    /// Project red line (boundary TXT or a GDAL polygon source).
    #[arg(long)]
    pub footprint: PathBuf,
    /// Intended use, a 2023 用地用海 code.
    #[arg(long = "use", value_name = "CODE")]
    pub land_use: String,
    /// Required area in 亩 (default: the red line's area).
    #[arg(long, value_name = "亩")]
    pub area: Option<f64>,
    /// County: name or adcode (default: found from the location).
    #[arg(long)]
    pub county: Option<String>,
    /// Project tier: national / provincial-single-site / provincial-key / municipal-key / ordinary, or Chinese.
    #[arg(long)]
    pub tier: Option<String>,
    /// Project name (the title; "未命名项目" when none).
    #[arg(long, default_value = "")]
    pub name: String,
    /// The chosen candidate, its 地块编号 joined by "+" (default: the first-ranked candidate).
    #[arg(long, value_name = "ID[+ID…]")]
    pub choose: Option<String>,
    /// Control layers (合规性审查): FileGDB, GeoPackage or Shapefile; repeat for several.
    #[arg(long = "layers")]
    pub layers: Vec<PathBuf>,
    /// Role map for the control layers (RON).
    #[arg(long)]
    pub roles: Option<PathBuf>,
    /// How many candidates to list.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// draft.docx (the decision document), draft.pdf (the same through LibreOffice), map.png (the print map), or
    /// map.pdf with --map.
    #[arg(long)]
    pub out: PathBuf,
    /// With a .pdf: the print map as a one-page image PDF instead of the decision document.
    #[arg(long)]
    pub map: bool,
    /// Paper of the print map: a4 or a3.
    #[arg(long, default_value = "a4")]
    pub paper: String,
    #[arg(long)]
    pub landscape: bool,
}

/// Whether a library looks synthetic (the sample's name): the sheet then says so.
fn synthetic(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.contains("sample") || name.contains("synthetic") || name.contains("合成")
}

/// A file's modification date (UTC), YYYY-MM-DD.
fn file_date(path: &Path) -> String {
    let secs = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    match secs {
        Some(s) => print::date::ymd(s),
        None => "日期不详".into(),
    }
}

pub fn run(args: ReportArgs, lang: Lang) -> Result<()> {
    let kind = OutputKind::of(&args.out)
        .ok_or_else(|| anyhow!("--out 须为 .docx、.pdf 或 .png / --out must end in .docx, .pdf or .png"))?;
    let size =
        PaperSize::parse(&args.paper).ok_or_else(|| anyhow!("--paper 须为 a4 或 a3 / --paper must be a4 or a3"))?;
    let paper = Paper::new(size, args.landscape);
    let rules = io::match_rules()?;
    let counties = io::assets::counties()?;
    let catalog = io::assets::land_use_catalog()?;
    let interp = catalog
        .interpret(&args.land_use, None)
        .ok_or_else(|| anyhow!("未知用途代码 / unknown land-use code {:?}", args.land_use))?;
    if let Some(w) = &interp.warning {
        eprintln!("{}: {w}", lang.pick("提示", "note"));
    }
    let lib = io::load_library(&args.library)?;
    let fp = io::read_footprint(&args.footprint)?;
    for w in &fp.warnings {
        eprintln!("! {w}");
    }
    let footprint = fp.polygons.clone();
    let mut req = Requirement::on_footprint(fp.polygons, interp.land_use.clone())
        .with_context(|| format!("{}", args.footprint.display()))?;
    if let Some(mu) = args.area {
        req = req.with_area(Area::from_mu(mu))?;
    }
    if let Some(c) = &args.county {
        let county = counties
            .find(c)
            .ok_or_else(|| anyhow!("未知县区 / unknown county {c:?}"))?;
        req = req.with_county(county.id.clone());
    }
    if let Some(t) = &args.tier {
        req = req.with_tier(ProjectTier::parse(t).ok_or_else(|| anyhow!("未知项目层级 / unknown tier {t:?}"))?);
    }
    let opts = MatchOptions {
        top: args.top,
        merge: true,
        ..MatchOptions::default()
    };
    let gk = GaussKruger::working();
    let (result, controls, review) = if args.layers.is_empty() {
        (match_project(&lib, &req, &rules, &opts), None, None)
    } else {
        let (crules, loaded) = super::controls_cmd::load_controls(&args.layers, args.roles.as_ref(), None, lang)?;
        let (result, _) = match_with_controls(&lib, &req, &rules, &opts, &loaded.layers, &crules, &gk);
        let ctx = ProjectContext {
            tier: req.tier,
            category: req.category,
        };
        let mut o = crate::controls::overlay(&loaded.layers, &crules.catalogue, &footprint, &gk);
        o.problems.splice(0..0, loaded.problems.iter().cloned());
        let whole = ControlReport::new(&o, findings(&o, &crules, &ctx));
        let inc = increment_overlay(&footprint, &lib, &loaded.layers, &crules.catalogue, &gk)?;
        let increment = ControlReport::new(&inc, findings(&inc, &crules, &ctx));
        let review = Review {
            footprint: whole,
            increment: Some(increment),
        };
        (result, Some(loaded.layers), Some(review))
    };
    let chosen = match &args.choose {
        Some(key) => Some(
            quota::chosen_in(&result, Some(key))
                .ok_or_else(|| anyhow!("候选中没有 {key:?} / no candidate {key:?} in the list"))?,
        ),
        None => result.candidates.first(),
    };
    let date = print::date::ymd(print::date::now_secs());
    let boundaries = rules.boundaries.clone();
    let scene = MapScene {
        lib: Some(&lib),
        footprint: footprint
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|r| r.0.clone())
            .collect(),
        hits: result
            .overlay
            .as_ref()
            .map(|o| o.hits.iter().map(|h| h.parcel).collect())
            .unwrap_or_default(),
        candidates: result
            .candidates
            .iter()
            .enumerate()
            .map(|(k, c)| MapCandidate {
                parcels: c.parcels.clone(),
                label: (k + 1).to_string(),
                chosen: chosen.is_some_and(|x| x.key() == c.key()),
            })
            .collect(),
        controls: controls.as_ref(),
        counties: boundaries.as_deref(),
    };
    let lib_name = args
        .library
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut notes = Vec::new();
    if synthetic(&args.library) {
        notes.push("合成样例数据，非真实地块，仅供演示".to_string());
    }
    if let Some(b) = &boundaries {
        // The Chinese half of the bilingual source line: the sheet is in Chinese.
        notes.push(b.source.split(" / ").next().unwrap_or(&b.source).to_string());
    }
    let project_name = if args.name.trim().is_empty() {
        print::decision::UNNAMED
    } else {
        args.name.trim()
    };
    let text = SheetText {
        title: format!("{project_name} 项目用地位置图"),
        date: date.clone(),
        source: format!("存量土地图库 {lib_name}（{}）", file_date(&args.library)),
        notes: notes.clone(),
    };
    let (layout, raster) = print::render_sheet(&scene, &text, paper)?;
    eprintln!("{}: 1:{} {paper}", lang.pick("比例尺", "scale"), layout.scale);
    let bytes = match (kind, args.map) {
        (OutputKind::Png, _) => raster.png()?,
        (OutputKind::Pdf, true) => print::pdf::image_pdf(paper, raster.width, raster.height, &raster.rgb, &text.title)?,
        (OutputKind::Docx | OutputKind::Pdf, _) => {
            let quota_rules = io::quota_files::builtin_rules()?;
            let cultivated = review
                .as_ref()
                .and_then(|r| r.increment.as_ref())
                .and_then(|r| r.cultivated_mu)
                .unwrap_or(0.0);
            let project = Project::from_match(&result, chosen, project_name, &date, Area::from_mu(cultivated))
                .map_err(|e| e.to_string());
            let (w, h) = paper.mm();
            let input = DecisionInput {
                name: &args.name,
                use_label: format!("{} {}", req.land_use.code, catalog.name_zh(&req.land_use)),
                lib: &lib,
                result: &result,
                chosen,
                project,
                quota_rules: &quota_rules,
                review: review.as_ref(),
                footprint: &footprint,
                counties: &counties,
                map: Some((raster.png()?, w, h)),
                date: date.clone(),
                basis: vec![
                    "匹配规则：assets/matching.ron（内置）".into(),
                    format!(
                        "审查规则：{}",
                        if args.layers.is_empty() {
                            "未提供管控图层，未作合规性审查".into()
                        } else {
                            "assets/controls.ron（内置）".to_string()
                        }
                    ),
                    format!(
                        "存量土地图库：{}（文件日期 {}）",
                        args.library.display(),
                        file_date(&args.library)
                    ),
                    format!("项目红线：{}", args.footprint.display()),
                ],
                notes,
            };
            let doc = print::decision::build(&input);
            let docx = print::docx::docx_bytes(&doc, &date)?;
            if kind == OutputKind::Pdf {
                return write_pdf_via_office(&docx, &args.out);
            }
            docx
        }
    };
    io::atomic::write_bytes(&args.out, &bytes)?;
    eprintln!("→ {}", args.out.display());
    Ok(())
}

/// `soffice` or `libreoffice` on PATH, if any.
pub fn office() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("soffice"), d.join("libreoffice")])
        .find(|p| p.is_file())
}

/// Converts the .docx to PDF with LibreOffice headless in a scratch folder, then moves it into place.
fn write_pdf_via_office(docx: &[u8], out: &Path) -> Result<()> {
    let Some(office) = office() else {
        bail!(
            "PDF 需要 LibreOffice（soffice），未在 PATH 中找到；可改为输出 .docx，或安装 libreoffice-writer-nogui / \
             PDF needs LibreOffice (soffice) on PATH: write a .docx instead, or install libreoffice-writer-nogui"
        );
    };
    let dir = std::env::temp_dir().join(format!("stockfirst-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    let src = dir.join("draft.docx");
    std::fs::write(&src, docx).with_context(|| src.display().to_string())?;
    // A profile of its own, so a running LibreOffice of the officer's does not swallow the conversion.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status = Command::new(&office)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&src)
        .output()
        .with_context(|| format!("{}", office.display()))?;
    let pdf = dir.join("draft.pdf");
    if !pdf.is_file() {
        bail!(
            "LibreOffice 未能转换 / LibreOffice did not convert: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    let bytes = std::fs::read(&pdf)?;
    io::atomic::write_bytes(out, &bytes)?;
    std::fs::remove_dir_all(&dir).ok();
    eprintln!("→ {}", out.display());
    Ok(())
}
