//! The 选址建议 panel (above the candidates): run the proposals for the project page's requirement, watch the
//! progress or cancel, read each proposal's numbers and reasons, and take one as the red line.

use egui::{Color32, RichText, Ui};
use geo::Coord;

use super::app::StockApp;
use super::candidates::distance_text;
use super::i18n::{mu_ha, propose_t as p, t};
use super::map::ProposalOutline;
use super::proposals::ProposalRequest;
use crate::model::{Area, Lang};
use crate::propose::{Method, Proposal, Route};

/// The half of a "中文 / English" message in `lang` (the core's errors carry both).
fn in_lang(lang: Lang, s: &str) -> &str {
    match s.split_once(" / ") {
        Some((zh, en)) => lang.pick(zh, en),
        None => s,
    }
}

impl StockApp {
    /// Where the proposals start: the red line's centre, else its first vertex, else the selected parcel, else
    /// the centre of the map.
    pub fn proposal_point(&self) -> Coord<f64> {
        let fp = &self.doc.footprint;
        if fp.vertices.len() >= 3 {
            let mp = fp.multipolygon();
            if let Some(c) = geo::Centroid::centroid(&mp) {
                return c.0;
            }
        }
        fp.vertices
            .first()
            .copied()
            .or_else(|| {
                let lib = self.library()?;
                Some(lib.parcel(self.map.selected?)?.bbox()?.center())
            })
            .unwrap_or(self.map.view.center)
    }

    /// The request for the project page's requirement, when there is a library and an area to propose for.
    pub fn proposal_request(&self) -> Option<ProposalRequest> {
        self.library()?;
        let area = self.required_area();
        (area.m2() > 0.0).then(|| ProposalRequest {
            at: self.proposal_point(),
            use_code: self.doc.brief.use_code.clone(),
            area,
            county: self.doc.brief.county.clone(),
            tier: self.doc.brief.tier,
            top: 3,
        })
    }

    /// Starts the proposals for the current requirement on a worker thread.
    pub fn start_proposals(&mut self) {
        let (Some(lib), Some(req)) = (
            self.doc.library.as_ref().map(|l| l.library.clone()),
            self.proposal_request(),
        ) else {
            self.proposals.error = Some(p::NEED_AREA.get(self.lang).into());
            return;
        };
        let rules = match self.match_rules.clone().map(Ok).unwrap_or_else(crate::io::match_rules) {
            Ok(r) => r,
            Err(e) => {
                self.proposals.error = Some(format!("{e:#}"));
                return;
            }
        };
        let ctx = self.ctx.clone();
        let controls = self.doc.controls.loaded.clone();
        self.proposals.start(lib, req, rules, controls, move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        });
    }

    /// 采用为红线: the `i`-th listed proposal becomes the project's footprint (one undo step in the sketch tool),
    /// the requirement keeps its 亩, and the match, the controls and the quota follow as for a drawn red line.
    pub fn accept_proposal(&mut self, i: usize) -> bool {
        let Some(fp) = self
            .proposals
            .answer
            .as_ref()
            .and_then(|a| a.all().get(i).map(|p| p.footprint.clone()))
        else {
            return false;
        };
        if self.doc.brief.area_mu.is_none() {
            self.doc.brief.area_mu = self.proposals.answer.as_ref().map(|a| a.request.area.mu());
        }
        self.doc.footprint.set_multipolygon(&fp);
        self.doc.chosen_candidate = None;
        self.edited();
        true
    }

    /// Takes in a finished search (every frame).
    pub(super) fn poll_proposals(&mut self) {
        self.proposals.poll();
        if self.proposals.job.is_some()
            && let Some(c) = &self.ctx
        {
            c.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// The listed proposals' red lines for the map, the focused one strongest.
    pub fn proposal_outlines(&self) -> Vec<ProposalOutline> {
        let Some(a) = &self.proposals.answer else {
            return Vec::new();
        };
        a.all()
            .into_iter()
            .enumerate()
            .map(|(i, pr)| ProposalOutline {
                footprint: pr.footprint.clone(),
                label: format!("{}{}", p::LABEL_PREFIX.get(self.lang), i + 1),
                focused: self.proposals.focused == Some(i),
            })
            .collect()
    }

    pub(super) fn proposals_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        egui::CollapsingHeader::new(RichText::new(p::PANEL.get(lang)).strong())
            .id_salt("proposals")
            .default_open(true)
            .show(ui, |ui| self.proposals_body_ui(ui));
        ui.separator();
    }

    fn proposals_body_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let area = self.required_area();
        ui.label(format!(
            "{} · {} {}",
            p::FOR_REQUIREMENT.get(lang),
            self.doc.brief.use_code,
            mu_ha(lang, area)
        ));
        if let Some(job) = &self.proposals.job {
            let fraction = job.fraction();
            let mut cancel = false;
            ui.horizontal(|ui| {
                ui.spinner();
                ui.add(egui::ProgressBar::new(fraction).show_percentage().desired_width(180.0));
                cancel = ui.button(p::CANCEL.get(lang)).clicked();
            });
            if cancel {
                self.proposals.cancel();
            }
            return;
        }
        let enabled = self.library().is_some() && area.m2() > 0.0;
        if ui
            .add_enabled(enabled, egui::Button::new(p::RUN.get(lang)))
            .on_hover_text(p::RUN_HINT.get(lang))
            .clicked()
        {
            self.start_proposals();
        }
        if self.proposals.cancelled {
            ui.weak(p::CANCELLED.get(lang));
        }
        if let Some(e) = &self.proposals.error {
            ui.colored_label(Color32::RED, e);
        }
        let Some(answer) = self.proposals.answer.clone() else {
            return;
        };
        match &answer.combinations {
            Ok(c) => {
                let method = match &c.method {
                    Method::Exact => p::EXACT.get(lang).to_string(),
                    Method::Heuristic { .. } => p::HEURISTIC.get(lang).to_string(),
                };
                ui.label(format!(
                    "{} · {method} · {} {} · {:.0} ms",
                    p::COMBINATIONS.get(lang),
                    c.candidates,
                    p::CANDIDATE_PARCELS.get(lang),
                    answer.millis
                ));
                if let Some(b) = c.best_single_increment {
                    ui.weak(format!("{}: {}", p::BEST_SINGLE.get(lang), mu_ha(lang, b)));
                }
                for n in &c.notes {
                    ui.weak(lang.pick(&n.zh, &n.en));
                }
            }
            Err(e) => {
                ui.colored_label(Color32::from_rgb(200, 90, 0), in_lang(lang, e));
            }
        }
        if let Some(n) = &answer.site_note {
            ui.colored_label(Color32::from_rgb(200, 90, 0), in_lang(lang, n));
        }
        let mut accept = None;
        for (i, pr) in answer.all().into_iter().enumerate() {
            let focused = self.proposals.focused == Some(i);
            let frame = egui::Frame::group(ui.style()).stroke(if focused {
                egui::Stroke::new(2.0, super::map::style::PROPOSAL)
            } else {
                ui.visuals().widgets.noninteractive.bg_stroke
            });
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let title = format!("{}{}", p::LABEL_PREFIX.get(lang), i + 1);
                    if ui.selectable_label(focused, RichText::new(title).strong()).clicked() {
                        self.proposals.focused = Some(i);
                    }
                    ui.label(kind_text(pr, lang));
                    if ui.button(p::ACCEPT.get(lang)).clicked() {
                        accept = Some(i);
                    }
                });
                numbers_ui(ui, pr, lang);
                let method = match (&answer.combinations, pr.grown) {
                    (Ok(c), false) if c.method == Method::Exact => p::EXACT.get(lang),
                    _ => p::HEURISTIC.get(lang),
                };
                ui.label(format!("{}: {method}", p::METHOD.get(lang)));
                egui::CollapsingHeader::new(p::REASONS.get(lang))
                    .id_salt(("proposal-reasons", i))
                    .show(ui, |ui| {
                        for r in &pr.reasons {
                            ui.label(format!("· {}", lang.pick(&r.zh, &r.en)));
                        }
                    });
            });
        }
        if let Some(i) = accept
            && self.accept_proposal(i)
        {
            self.shell.message = Some(p::ACCEPTED.get(lang).into());
        }
    }
}

fn kind_text(pr: &Proposal, lang: Lang) -> String {
    let how = match (pr.grown, pr.route) {
        (true, _) => p::KIND_SITE.get(lang),
        (false, Route::Contiguous) => p::KIND_CONTIGUOUS.get(lang),
        (false, Route::Compact { .. }) => p::KIND_COMPACT.get(lang),
    };
    if pr.parcels.is_empty() {
        how.to_string()
    } else {
        format!("{how} · {}", pr.parcels.join(" + "))
    }
}

/// 亩 on stock, the increment and its 地类, 耕地 taken, distance, compactness.
fn numbers_ui(ui: &mut Ui, pr: &Proposal, lang: Lang) {
    // What the review would block comes first: the officer must not take this red line as drawn.
    for b in &pr.blocking {
        ui.colored_label(Color32::from_rgb(200, 30, 30), lang.pick(&b.zh, &b.en));
    }
    ui.label(format!("{}: {}", t::ON_STOCK.get(lang), mu_ha(lang, pr.on_stock)));
    ui.label(RichText::new(format!("{}: {}", p::INCREMENT.get(lang), mu_ha(lang, pr.increment))).strong());
    let cultivated = match pr.cultivated_in_increment {
        Some(a) => mu_ha(lang, a),
        None => p::NO_LAYERS.get(lang).into(),
    };
    ui.label(format!("{}: {cultivated}", p::CULTIVATED.get(lang)));
    let fp_area = Area::from_m2(geo::Area::unsigned_area(&pr.footprint));
    ui.label(format!("{}: {}", p::FOOTPRINT_AREA.get(lang), mu_ha(lang, fp_area)));
    if let Some(s) = &pr.site {
        let classes: Vec<String> = s
            .land_classes
            .iter()
            .filter(|(_, _, a)| a.mu() >= 0.005)
            .map(|(c, n, a)| format!("{c} {} {:.2}", lang.pick(n, ""), a.mu()).replace("  ", " "))
            .collect();
        if !classes.is_empty() {
            ui.label(format!("{}: {}", p::LAND_CLASSES.get(lang), classes.join("；")));
        }
        ui.label(format!(
            "{}: {} · {}: {:.2}",
            p::DISTANCE.get(lang),
            distance_text(s.distance_m),
            p::COMPACTNESS.get(lang),
            s.compactness
        ));
    }
}
