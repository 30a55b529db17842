//! Assembles the decision draft (决策稿) from the current project: requirement, 套核, candidates, the chosen option
//! and its quota effect with clauses. The numbers are the core's; this only arranges them.

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use super::report::{Draft, MapCandidate, Table, html, svg_map_with_controls};

impl StockApp {
    /// The decision draft as a self-contained HTML page.
    pub fn decision_draft_html(&self) -> String {
        let lang = self.lang;
        let kv = |rows: Vec<(&str, String)>| Table {
            header: vec![String::new(), String::new()],
            rows: rows.into_iter().map(|(k, v)| vec![k.to_string(), v]).collect(),
        };
        let res = self.match_result();
        let use_name = self
            .catalog
            .class(&self.doc.brief.use_code)
            .map(|c| format!("{} {}", c.code, lang.pick(&c.zh, &c.en)))
            .unwrap_or(self.doc.brief.use_code.clone());
        let county = res
            .and_then(|r| r.county.clone())
            .or(self.doc.brief.county.clone())
            .map(|c| self.counties.name_of(&c))
            .unwrap_or_else(|| "—".into());
        let tier = self.doc.brief.tier;
        let mut sections = vec![(
            t::DRAFT_REQUIREMENT.get(lang).to_string(),
            kv(vec![
                (t::PROJECT_NAME.get(lang), self.doc.brief.name.clone()),
                (t::USE.get(lang), use_name),
                (t::REQUIRED_MU.get(lang), mu_ha(lang, self.required_area())),
                (t::SKETCH_AREA.get(lang), mu_ha(lang, self.doc.footprint.area())),
                (t::COUNTY.get(lang), county),
                (
                    t::TIER.get(lang),
                    format!("{} {}", lang.pick(tier.zh(), tier.en()), tier.clause()),
                ),
            ]),
        )];
        sections.push((
            format!("{} — {}", t::OVERLAY.get(lang), t::CLAUSE_TWO.get(lang)),
            self.overlay_table(),
        ));
        sections.extend(self.compliance_tables());
        sections.push((t::TAB_CANDIDATES.get(lang).to_string(), self.candidates_table()));
        let chosen_rows = match self.chosen() {
            Some(c) => vec![
                (t::COL_ID.get(lang), c.ids.join(" + ")),
                (t::CLASS.get(lang), lang.pick(c.class.zh(), c.class.en()).to_string()),
                (t::COL_MU.get(lang), mu_ha(lang, c.area)),
                (t::PROJECT_NEW_LAND.get(lang), mu_ha(lang, c.size.shortfall)),
                (
                    t::REASONS.get(lang),
                    c.reasons
                        .iter()
                        .map(|r| lang.pick(&r.zh, &r.en))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ],
            None => vec![(t::CHOSEN.get(lang), t::NONE.get(lang).to_string())],
        };
        sections.push((t::DRAFT_CHOSEN.get(lang).to_string(), kv(chosen_rows)));
        sections.push((t::DRAFT_QUOTA.get(lang).to_string(), self.project_draws_table()));
        sections.push((t::NEXT_YEAR.get(lang).to_string(), self.next_year_table()));
        let hits: Vec<_> = res
            .and_then(|r| r.overlay.as_ref())
            .map(|o| o.hits.iter().map(|h| h.parcel).collect())
            .unwrap_or_default();
        let cands: Vec<MapCandidate> = self
            .candidate_highlights()
            .into_iter()
            .map(|h| MapCandidate {
                parcels: h.parcels,
                label: h.label,
                chosen: h.chosen,
            })
            .collect();
        let controls = self.doc.controls.loaded.as_ref().map(|c| &c.controls.layers);
        let mut svg = self
            .library()
            .map(|lib| {
                let rings: Vec<&[geo::Coord<f64>]> = self.doc.footprint.rings().into_iter().map(|(_, r)| r).collect();
                svg_map_with_controls(lib, controls, &rings, &hits, &cands, 900.0)
            })
            .unwrap_or_default();
        // The legend of what the map shows, from the same list the print sheet uses.
        let scene = crate::print::MapScene {
            lib: self.library(),
            footprint: self
                .doc
                .footprint
                .rings()
                .into_iter()
                .map(|(_, r)| r.to_vec())
                .collect(),
            hits: hits.clone(),
            candidates: cands
                .iter()
                .map(|c| crate::print::MapCandidate {
                    parcels: c.parcels.clone(),
                    label: c.label.clone(),
                    chosen: c.chosen,
                })
                .collect(),
            controls,
            counties: None,
        };
        if !svg.is_empty()
            && let Some(area) = scene.extent()
        {
            svg.push_str(&crate::print::legend::html(&crate::print::legend::items(&scene, area)));
        }
        // A project without a name still gets a title.
        let name = match self.doc.brief.name.trim() {
            "" => t::UNNAMED_PROJECT.get(lang),
            n => n,
        };
        html(&Draft {
            title: format!("{} — {name}", t::DRAFT_TITLE.get(lang)),
            subtitle: format!("{} · {}", t::DRAFT_SUBTITLE.get(lang), super::status::iso_utc_now()),
            sections,
            svg,
            footer: t::DRAFT_FOOTER.get(lang).to_string(),
        })
    }
}
