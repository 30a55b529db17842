//! The 候选 tab: 套核 summary and the ranked candidates from the core, with class badges and reasons; the map
//! highlights follow from the same answer.

use egui::{Color32, RichText, Ui};

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use super::map::Highlight;
use super::report::Table;
use crate::matching::{Candidate, CandidateClass, MatchResult};
use crate::model::Lang;

/// Badge colour per clause (二) class.
pub fn class_color(c: CandidateClass) -> Color32 {
    match c {
        CandidateClass::DirectFirstChoice => Color32::from_rgb(30, 140, 60),
        CandidateClass::AdjustPlanningConditions => Color32::from_rgb(200, 130, 0),
        CandidateClass::TopUpIncrement => Color32::from_rgb(190, 50, 50),
    }
}

fn badge_ui(ui: &mut Ui, text: &str, color: Color32) {
    egui::Frame::new()
        .fill(color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(Color32::WHITE).small());
        });
}

/// "1.2 km" / "350 m".
pub fn distance_text(m: f64) -> String {
    if m >= 1000.0 {
        format!("{:.1} km", m / 1000.0)
    } else {
        format!("{m:.0} m")
    }
}

/// A stable id for a candidate (its parcel ids joined), kept in the project file as the chosen one.
pub fn candidate_key(c: &Candidate) -> String {
    c.key()
}

impl StockApp {
    /// The current match result, if the last answer was a success.
    pub fn match_result(&self) -> Option<&MatchResult> {
        self.live.answer.as_ref().and_then(|a| a.result.as_ref().ok())
    }

    /// The chosen candidate of the current result.
    pub fn chosen(&self) -> Option<&Candidate> {
        crate::quota::chosen_in(self.match_result()?, self.doc.chosen_candidate.as_deref())
    }

    /// Candidate outlines for the map, rank-labelled.
    pub fn candidate_highlights(&self) -> Vec<Highlight> {
        let Some(res) = self.match_result() else {
            return Vec::new();
        };
        let chosen = self.doc.chosen_candidate.as_deref();
        res.candidates
            .iter()
            .enumerate()
            .map(|(i, c)| Highlight {
                parcels: c.parcels.clone(),
                label: (i + 1).to_string(),
                chosen: chosen == Some(candidate_key(c).as_str()),
            })
            .collect()
    }

    pub(super) fn candidates_tab_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        self.proposals_ui(ui);
        if self.live.worker.as_ref().is_some_and(|w| w.pending.is_some()) || self.live.due.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t::MATCHING.get(lang));
            });
        }
        let Some(answer) = &self.live.answer else {
            ui.label(t::NO_CANDIDATES.get(lang));
            return;
        };
        let res = match &answer.result {
            Ok(r) => r,
            Err(e) => {
                ui.colored_label(Color32::RED, format!("{}: {e}", t::ERROR.get(lang)));
                return;
            }
        };
        let county = res
            .county
            .as_deref()
            .map(|c| self.counties.name_of(c))
            .unwrap_or_else(|| "—".into());
        ui.label(format!(
            "{} {} · {} {} · {} {}",
            t::COUNTY.get(lang),
            county,
            t::TIER.get(lang),
            lang.pick(res.tier.zh(), res.tier.en()),
            t::REQUIRED_MU.get(lang),
            mu_ha(lang, res.required)
        ));
        // Clause (十二): a red line across a county line is not sited with the local bureau alone.
        if let Some(w) = crate::matching::crossing_warning(&res.crosses_counties, lang) {
            ui.colored_label(Color32::from_rgb(200, 90, 0), format!("⚠ {w}"));
        }
        if let Some(o) = &res.overlay {
            ui.separator();
            ui.strong(format!("{} — {}", t::OVERLAY.get(lang), t::CLAUSE_TWO.get(lang)));
            ui.label(format!(
                "{}: {} ({:.1}%)",
                t::ON_STOCK.get(lang),
                mu_ha(lang, o.on_stock),
                o.stock_share * 100.0
            ));
            ui.label(RichText::new(format!("{}: {}", t::NEW_LAND.get(lang), mu_ha(lang, o.new_land))).strong());
            if !o.hits.is_empty() {
                egui::Grid::new("hits").striped(true).show(ui, |ui| {
                    ui.weak(t::COL_ID.get(lang));
                    ui.weak(t::OVERLAP_MU.get(lang));
                    ui.weak(t::SHARE_OF_PARCEL.get(lang));
                    ui.weak(t::SHARE_OF_FOOTPRINT.get(lang));
                    ui.end_row();
                    for h in &o.hits {
                        let id = self
                            .library()
                            .and_then(|l| l.parcel(h.parcel))
                            .map(|p| p.id.clone())
                            .unwrap_or_default();
                        ui.label(id);
                        ui.label(format!("{:.2}", h.overlap.mu()));
                        ui.label(format!("{:.1}%", h.share_of_parcel * 100.0));
                        ui.label(format!("{:.1}%", h.share_of_footprint * 100.0));
                        ui.end_row();
                    }
                });
            }
        }
        ui.separator();
        ui.label(format!(
            "{} · {:.1} ms · {} {}",
            t::TAB_CANDIDATES.get(lang),
            answer.millis,
            res.examined,
            t::EXAMINED.get(lang)
        ));
        if res.candidates.is_empty() {
            ui.label(t::NO_CANDIDATES.get(lang));
        }
        let mut zoom_to: Option<usize> = None;
        let mut choose: Option<String> = None;
        let chosen = self.doc.chosen_candidate.clone();
        for (rank, c) in res.candidates.iter().enumerate() {
            let key = candidate_key(c);
            let is_chosen = chosen.as_deref() == Some(key.as_str());
            let frame = egui::Frame::group(ui.style()).stroke(if is_chosen {
                egui::Stroke::new(2.0, super::map::style::CANDIDATE)
            } else {
                ui.visuals().widgets.noninteractive.bg_stroke
            });
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.strong(format!("#{}", rank + 1));
                    badge_ui(ui, lang.pick(c.class.zh(), c.class.en()), class_color(c.class));
                    if c.is_merged() {
                        badge_ui(ui, t::MERGED.get(lang), Color32::from_rgb(90, 90, 200));
                    }
                    ui.label(c.ids.join(" + "));
                });
                ui.label(format!(
                    "{} · {} · {} {} · {}",
                    mu_ha(lang, c.area),
                    lang.pick(c.kind.zh(), c.kind.en()),
                    c.planned_use.code,
                    self.use_name(&c.planned_use, lang),
                    distance_text(c.distance_m)
                ));
                // Clause (一), from the core: the cultivated 亩 this candidate's increment would take.
                if let Some(cc) = answer.controls.get(rank) {
                    let est = if cc.estimated {
                        t::ESTIMATED_AROUND.get(lang)
                    } else {
                        ""
                    };
                    ui.label(format!(
                        "{}: {:.2} {} ({} {:.2} {}{est})",
                        t::CANDIDATE_CULTIVATED.get(lang),
                        cc.cultivated_mu + 0.0,
                        lang.pick("亩", "mu"),
                        t::CANDIDATE_INCREMENT.get(lang),
                        cc.increment_mu + 0.0,
                        lang.pick("亩", "mu"),
                    ));
                }
                for r in &c.reasons {
                    ui.label(RichText::new(format!("· {}", lang.pick(&r.zh, &r.en))).small());
                }
                ui.horizontal(|ui| {
                    if ui.button(t::LOCATE.get(lang)).clicked() {
                        zoom_to = Some(rank);
                    }
                    let label = if is_chosen { t::CHOSEN } else { t::CHOOSE };
                    if ui.add_enabled(!is_chosen, egui::Button::new(label.get(lang))).clicked() {
                        choose = Some(key.clone());
                    }
                });
            });
        }
        if let Some(rank) = zoom_to {
            self.zoom_to_candidate(rank);
        }
        if let Some(k) = choose {
            self.doc.chosen_candidate = Some(k);
            self.edited_no_rematch();
        }
    }

    fn use_name(&self, u: &crate::model::LandUse, lang: Lang) -> String {
        if lang == Lang::Zh {
            self.catalog.name_zh(u)
        } else {
            self.catalog.name_en(u)
        }
    }

    /// Zooms to candidate `rank` and its footprint.
    pub fn zoom_to_candidate(&mut self, rank: usize) {
        let Some(c) = self.match_result().and_then(|r| r.candidates.get(rank)) else {
            return;
        };
        let parcels = c.parcels.clone();
        let Some(lib) = self.library() else { return };
        let mut bbox: Option<geo::Rect<f64>> = None;
        let sketch = self.doc.footprint.vertices.iter().map(|v| geo::Rect::new(*v, *v));
        for b in parcels
            .iter()
            .filter_map(|&i| lib.parcel(i).and_then(|p| p.bbox()))
            .chain(sketch)
        {
            bbox = Some(match bbox {
                None => b,
                Some(a) => geo::Rect::new(
                    geo::Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    geo::Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                ),
            });
        }
        self.map.selected = parcels.first().copied();
        self.map.pending_fit = bbox;
    }

    /// The candidates as a table (CSV export and the decision draft).
    pub fn candidates_table(&self) -> Table {
        let lang = self.lang;
        let header = [
            t::RANK,
            t::CLASS,
            t::COL_ID,
            t::COL_MU,
            t::COL_KIND,
            t::COL_USE,
            t::COUNTY,
            t::DISTANCE,
            t::SCORE,
            t::REASONS,
        ];
        let mut table = Table {
            header: header.iter().map(|h| h.get(lang).to_string()).collect(),
            rows: Vec::new(),
        };
        let Some(res) = self.match_result() else { return table };
        for (i, c) in res.candidates.iter().enumerate() {
            table.rows.push(vec![
                (i + 1).to_string(),
                lang.pick(c.class.zh(), c.class.en()).to_string(),
                c.ids.join("+"),
                format!("{:.2}", c.area.mu()),
                lang.pick(c.kind.zh(), c.kind.en()).to_string(),
                format!("{} {}", c.planned_use.code, self.use_name(&c.planned_use, lang)),
                self.counties.name_of(&c.county),
                format!("{:.0}", c.distance_m),
                format!("{:.3}", c.score),
                c.reasons
                    .iter()
                    .map(|r| lang.pick(&r.zh, &r.en))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]);
        }
        table
    }

    /// The 套核 hits as a table.
    pub fn overlay_table(&self) -> Table {
        let lang = self.lang;
        let header = [t::COL_ID, t::OVERLAP_MU, t::SHARE_OF_PARCEL, t::SHARE_OF_FOOTPRINT];
        let mut table = Table {
            header: header.iter().map(|h| h.get(lang).to_string()).collect(),
            rows: Vec::new(),
        };
        let Some(o) = self.match_result().and_then(|r| r.overlay.as_ref()) else {
            return table;
        };
        for h in &o.hits {
            let id = self
                .library()
                .and_then(|l| l.parcel(h.parcel))
                .map(|p| p.id.clone())
                .unwrap_or_default();
            table.rows.push(vec![
                id,
                format!("{:.2}", h.overlap.mu()),
                format!("{:.1}%", h.share_of_parcel * 100.0),
                format!("{:.1}%", h.share_of_footprint * 100.0),
            ]);
        }
        table.rows.push(vec![
            t::NEW_LAND.get(lang).to_string(),
            format!("{:.2}", o.new_land.mu()),
            String::new(),
            format!("{:.1}%", (1.0 - o.stock_share) * 100.0),
        ]);
        table
    }
}
