//! One project's 套核 and candidates, as `match` and `match --projects` both ask it: the use read as the officer
//! wrote it, the requirement on its red line or point, county and tier, then `matching::match_project` (or, with
//! control layers, `controls::match_with_controls`). Both commands call this, so a batch row is the same answer
//! as `match --footprint` on that one project.

use anyhow::{Context, Result, anyhow};
use geo::{Coord, MultiPolygon};

use super::controls_cmd::{LayerReview, match_with_loaded};
use crate::controls::ControlRules;
use crate::io::control_layers::LoadedControls;
use crate::library::StockLibrary;
use crate::matching::{MatchOptions, MatchResult, MatchRules, Requirement, match_project};
use crate::model::{Area, Counties, LandUseCatalog, LandUseSystem, Lang, ProjectCategory, ProjectTier};

/// What stays the same for every project of a run.
pub(super) struct Engine<'a> {
    pub lib: &'a StockLibrary,
    pub rules: &'a MatchRules,
    pub counties: &'a Counties,
    pub catalog: &'a LandUseCatalog,
    pub opts: MatchOptions,
    /// `--layers`, read once.
    pub controls: Option<(&'a ControlRules, &'a LoadedControls)>,
    pub category: Option<ProjectCategory>,
}

/// Where the project would go.
#[derive(Debug, Clone)]
pub(super) enum AskSite {
    Footprint(MultiPolygon<f64>),
    Point(Coord<f64>),
}

/// One project as the officer gave it: text as written, checked here.
#[derive(Debug, Clone)]
pub(super) struct Ask {
    pub site: AskSite,
    /// 用地用海 code (older codes are converted, with a note).
    pub use_code: String,
    /// The classification the source declares for the code, if any.
    pub use_system: Option<LandUseSystem>,
    /// Required 亩; `None` takes the red line's area (a point needs one).
    pub area_mu: Option<f64>,
    /// County name or code; `None` finds it from the location.
    pub county: Option<String>,
    pub tier: Option<String>,
}

/// The answer, with what was noted on the way (a converted use code, repairs of the red line).
pub(super) struct Answer {
    pub req: Requirement,
    pub result: MatchResult,
    pub review: LayerReview,
    pub notes: Vec<String>,
}

impl Engine<'_> {
    /// Checks `ask` and matches it. Errors say what was wrong with this project (unknown use, bad red line,
    /// missing area, unknown county or tier); the caller names the project.
    pub fn answer(&self, ask: &Ask, lang: Lang) -> Result<Answer> {
        let mut notes = Vec::new();
        let interp = self
            .catalog
            .interpret(&ask.use_code, ask.use_system)
            .ok_or_else(|| anyhow!("未知用途代码 / unknown land-use code {:?}", ask.use_code))?;
        if let Some(w) = &interp.warning {
            notes.push(format!("{}: {w}", lang.pick("提示", "note")));
        }
        let land_use = interp.land_use.clone();
        let mut req = match &ask.site {
            AskSite::Footprint(fp) => {
                let r = Requirement::on_footprint(fp.clone(), land_use)?;
                match ask.area_mu {
                    Some(mu) => r.with_area(Area::from_mu(mu))?,
                    None => r,
                }
            }
            AskSite::Point(at) => {
                let mu = ask.area_mu.ok_or_else(|| {
                    anyhow!("按位置匹配须给出面积 / a location needs an area (--area or an area field)")
                })?;
                Requirement::at_point(*at, land_use, Area::from_mu(mu))?
            }
        };
        for f in &req.fixes {
            notes.push(format!(
                "{}: {}",
                lang.pick("红线已修复", "red line repaired"),
                lang.pick(&f.zh(), &f.en())
            ));
        }
        if let Some(c) = ask.county.as_deref().filter(|c| !c.trim().is_empty()) {
            let county = self
                .counties
                .find(c)
                .ok_or_else(|| anyhow!("未知县区 / unknown county {c:?}"))?;
            req = req.with_county(county.id.clone());
        }
        if let Some(t) = ask.tier.as_deref().filter(|t| !t.trim().is_empty()) {
            let tier = ProjectTier::parse(t).ok_or_else(|| anyhow!("未知项目层级 / unknown tier {t:?}"))?;
            req = req.with_tier(tier);
        }
        req.category = self.category;
        let (result, review) = match self.controls {
            None => (
                match_project(self.lib, &req, self.rules, &self.opts),
                LayerReview::default(),
            ),
            Some((control_rules, loaded)) => {
                match_with_loaded(self.lib, &req, self.rules, &self.opts, control_rules, loaded)?
            }
        };
        Ok(Answer {
            req,
            result,
            review,
            notes,
        })
    }
}

/// The answer as `match --json` prints it: the result, each 套核 hit named by its 地块编号 (parcel indices mean
/// nothing outside this run), the county note, and with layers the controls.
pub(super) fn result_json(a: &Answer, lib: &StockLibrary, lang: Lang) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(&a.result).context("JSON")?;
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
    super::county_note::add_county_json(&mut v, &a.result, lang);
    super::controls_cmd::add_controls_json(&mut v, &a.review)?;
    Ok(v)
}
