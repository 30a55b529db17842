//! 主动向社会公开 (clause 二): a static public catalogue of the 可供 stock land, written from the same library the
//! officers use. Edge room: it reads optional columns with GDAL and reprojects with PROJ; the ranking is the core's.
//!
//! `write_site` is what the app's menu item and `stockfirst publish` call. Only the fields of the config's
//! allow-list leave: see [`data::build`], the one place a parcel's values are picked.

pub mod config;
pub mod data;
pub mod details;
pub mod export;
pub mod fields;
pub mod find;
pub mod site;

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

pub use config::{MapForm, PublishConfig};
pub use details::{Details, read_details};
pub use fields::PublicField;

use crate::library::StockLibrary;
use crate::matching::MatchRules;

const INDEX_HTML: &str = include_str!("../../assets/publish/site/index.html");
const APP_JS: &str = include_str!("../../assets/publish/site/app.js");
const APP_CSS: &str = include_str!("../../assets/publish/site/app.css");
const LEAFLET_JS: &str = include_str!("../../assets/publish/vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../assets/publish/vendor/leaflet/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("../../assets/publish/vendor/leaflet/LICENSE");

/// Download names, next to the page.
pub const GEOJSON: &str = "downloads/stock-land.geojson";
pub const CSV: &str = "downloads/stock-land.csv";
pub const XLSX: &str = "downloads/stock-land.xlsx";

/// The site's files: relative path and bytes.
pub type SiteFiles = Vec<(String, Vec<u8>)>;

/// What was published.
#[derive(Debug, Clone, Serialize)]
pub struct PublishReport {
    pub out_dir: PathBuf,
    pub date: String,
    /// Parcels published (status 可供).
    pub published: usize,
    /// Parcels of the library left out because they are not 可供.
    pub withheld: usize,
    pub fields: Vec<String>,
    pub files: Vec<String>,
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the site for `library` with only the model's fields (no source columns). The app's menu item calls this,
/// or [`write_site_from_source`] when it knows the library's file.
pub fn write_site(library: &StockLibrary, config: &PublishConfig, out_dir: &Path) -> Result<PublishReport> {
    let rules = crate::io::match_rules()?;
    write_site_with(library, &Details::none(), config, &rules, out_dir)
}

/// As [`write_site`], and also the planning conditions, utilities and townships the library's source file has
/// (`source` and `layer` are the file and layer the library was loaded from: `LoadReport::source`, `::layer`).
pub fn write_site_from_source(
    library: &StockLibrary,
    source: &Path,
    layer: &str,
    config: &PublishConfig,
    out_dir: &Path,
) -> Result<PublishReport> {
    let rules = crate::io::match_rules()?;
    let details = read_details(source, layer, &config.check()?)?;
    write_site_with(library, &details, config, &rules, out_dir)
}

/// The files of the site, by relative path, and the catalogue they were made from. Nothing is written.
pub fn site_files(
    library: &StockLibrary,
    details: &Details,
    config: &PublishConfig,
    rules: &MatchRules,
) -> Result<(SiteFiles, data::Catalogue)> {
    let counties = crate::io::assets::counties()?;
    let catalog = crate::io::assets::land_use_catalog()?;
    let reference = data::Reference {
        counties: &counties,
        catalog: &catalog,
        rules,
    };
    let cat = data::build(library, details, config, &reference)?;
    let table = export::table(&cat);
    let data_js = format!(
        "// 存量土地公开目录数据 / public stock-land catalogue data (stockfirst publish)\nwindow.STOCKFIRST = {};\n",
        serde_json::to_string(&cat)?
    );
    let index = INDEX_HTML
        .replace("{{TITLE}}", &html_escape(&cat.title))
        .replace("{{DATE}}", &html_escape(&cat.date));
    let mut files: SiteFiles = vec![
        ("index.html".into(), index.into_bytes()),
        ("app.js".into(), APP_JS.as_bytes().to_vec()),
        ("app.css".into(), APP_CSS.as_bytes().to_vec()),
        ("data.js".into(), data_js.into_bytes()),
        ("vendor/leaflet.js".into(), LEAFLET_JS.as_bytes().to_vec()),
        ("vendor/leaflet.css".into(), LEAFLET_CSS.as_bytes().to_vec()),
        ("vendor/LICENSE-leaflet.txt".into(), LEAFLET_LICENSE.as_bytes().to_vec()),
        (GEOJSON.into(), export::to_geojson(&cat, &table)?.into_bytes()),
        (CSV.into(), export::to_csv(&table).into_bytes()),
        (XLSX.into(), export::to_xlsx(&table)?),
    ];
    let manifest = serde_json::json!({
        "generator": concat!("stockfirst ", env!("CARGO_PKG_VERSION")),
        "date": cat.date,
        "parcels": cat.parcels.len(),
        "files": files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
    });
    files.push((site::MARKER.into(), serde_json::to_vec_pretty(&manifest)?));
    Ok((files, cat))
}

/// Builds the catalogue (checking the config against the library first) and writes the site atomically.
pub fn write_site_with(
    library: &StockLibrary,
    details: &Details,
    config: &PublishConfig,
    rules: &MatchRules,
    out_dir: &Path,
) -> Result<PublishReport> {
    let (files, cat) = site_files(library, details, config, rules)?;
    site::write_dir_atomically(out_dir, &files)?;
    Ok(PublishReport {
        out_dir: out_dir.to_path_buf(),
        date: cat.date.clone(),
        published: cat.parcels.len(),
        withheld: library.len() - cat.parcels.len(),
        fields: cat.allowed.iter().map(|f| f.zh().to_string()).collect(),
        files: files.into_iter().map(|(n, _)| n).collect(),
    })
}
