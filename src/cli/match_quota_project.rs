//! `stockfirst match … --quota-project FILE`: the project's quota entry (需补足增量, clause 二) written for a
//! scenario's project list. The rule is the core's `quota::Project::from_match`; this file only names and writes.

use anyhow::{Result, anyhow};

use crate::io;
use crate::matching::MatchResult;
use crate::model::{Area, Lang};

/// Writes the quota project of `result` ([`crate::quota::Project::from_match`]) as RON to `path`.
/// `from_layers` is the increment overlay's cultivated 亩; `--cultivated` overrides it.
/// What the officer gave on the command line for the quota entry.
pub(super) struct QuotaProjectArgs<'a> {
    /// `--choose ID[+ID]`: the chosen candidate, by its 地块编号.
    pub choose: Option<&'a str>,
    pub name: Option<String>,
    /// The footprint file, whose name names an unnamed project.
    pub footprint: Option<&'a std::path::Path>,
    pub date: Option<&'a str>,
    /// `--cultivated 亩`: overrides the overlay's cultivated 亩.
    pub cultivated: Option<f64>,
}

pub(super) fn write_quota_project(
    path: &std::path::Path,
    result: &MatchResult,
    args: &QuotaProjectArgs,
    from_layers: Option<f64>,
    lang: Lang,
) -> Result<()> {
    let chosen = match args.choose {
        Some(key) => Some(crate::quota::chosen_in(result, Some(key)).ok_or_else(|| {
            anyhow!("候选中没有 {key:?}（用列出的地块编号，合并组用 + 连接）/ no candidate {key:?} in the list")
        })?),
        None => None,
    };
    let name = args.name.clone().unwrap_or_else(|| {
        args.footprint
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| lang.pick("未命名项目", "unnamed project").to_string())
    });
    let date = args.date.unwrap_or_default();
    let cultivated = args.cultivated.or(from_layers).unwrap_or(0.0);
    let project = crate::quota::Project::from_match(result, chosen, name, date, Area::from_mu(cultivated))?;
    let text = ron::ser::to_string_pretty(&project, ron::ser::PrettyConfig::default())? + "\n";
    io::atomic::write_bytes(path, text.as_bytes())?;
    eprintln!(
        "{}: {} ({:.2} {})",
        lang.pick("指标项目已写入", "quota project written to"),
        path.display(),
        project.new_land_mu,
        lang.pick("亩", "mu")
    );
    Ok(())
}
