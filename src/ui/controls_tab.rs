//! The 合规性审查 section of the 项目 tab and the control layers in the layers panel. Draws what
//! [`super::controls_state`] got from `controls::review`; decides nothing.

use egui::{Color32, RichText, Ui};

use super::app::StockApp;
use super::i18n::t;
use super::map::control_style;
use crate::controls::{ControlReport, LandGroup, Severity};
use crate::model::Lang;

/// "12.34 亩", or "unknown" when the layer is missing.
fn mu_or_unknown(lang: Lang, v: Option<f64>) -> String {
    match v {
        Some(m) => format!("{:.2} {}", m + 0.0, lang.pick("亩", "mu")),
        None => t::NOT_KNOWN.get(lang).to_string(),
    }
}

impl StockApp {
    /// The control layers with a toggle and a legend swatch each (layers panel).
    pub(super) fn control_layers_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.strong(t::CONTROL_LAYERS.get(lang));
        if let Some(e) = &self.controls_work.error {
            ui.colored_label(Color32::RED, e);
        }
        let Some(read) = self.doc.controls.loaded.clone() else {
            if self.controls_work.busy() {
                ui.spinner();
            } else {
                ui.weak(t::NO_CONTROLS.get(lang));
            }
            return;
        };
        for (i, layer) in read.controls.layers.layers.iter().enumerate() {
            let Some(on) = self.doc.controls.visible.get_mut(i) else {
                continue;
            };
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 12.0), egui::Sense::hover());
                let st = control_style::layer_swatch(layer.role);
                ui.painter().rect_filled(rect, 1.0, st.fill);
                ui.painter().rect_stroke(rect, 1.0, st.stroke, egui::StrokeKind::Inside);
                let name = format!(
                    "{} ({}, {})",
                    lang.pick(layer.role.zh(), layer.role.en()),
                    layer.source,
                    layer.len()
                );
                ui.checkbox(on, name).on_hover_text(layer.source.clone());
            });
        }
        // The 三调 classes drawn for the survey layer.
        if read.controls.layers.has(crate::controls::Role::LandSurvey) {
            egui::CollapsingHeader::new(t::LAND_LEGEND.get(lang))
                .id_salt("dltb_legend")
                .show(ui, |ui| {
                    for (zh, en, fill) in control_style::LAND_LEGEND {
                        ui.horizontal(|ui| {
                            let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 12.0), egui::Sense::hover());
                            ui.painter().rect_filled(rect, 1.0, *fill);
                            ui.label(lang.pick(zh, en));
                        });
                    }
                });
        }
        for n in read.controls.notes.iter().take(8) {
            ui.weak(n);
        }
    }

    /// The identified 图斑: DLBM, DLMC, KCXS and 权属.
    pub(super) fn identify_control_ui(&self, ui: &mut Ui) {
        let lang = self.lang;
        let Some((li, fi)) = self.shell.identified_control else {
            return;
        };
        let Some(read) = self.doc.controls.loaded.as_ref() else {
            return;
        };
        let Some(layer) = read.controls.layers.layers.get(li) else {
            return;
        };
        let Some(f) = layer.feature(fi) else { return };
        ui.separator();
        ui.heading(format!(
            "{} · {}",
            t::IDENTIFY.get(lang),
            lang.pick(layer.role.zh(), layer.role.en())
        ));
        egui::Grid::new("identify_control").num_columns(2).show(ui, |ui| {
            let o = &f.ownership;
            let rows = [
                ("BSM", f.id.clone()),
                ("DLBM", f.code.clone()),
                ("DLMC", f.name.clone()),
                ("KCXS", f.kcxs.map(|k| format!("{k:.4}")).unwrap_or_else(|| "—".into())),
                (lang.pick("权属性质", "Ownership"), o.qsxz.clone()),
                (lang.pick("权属单位", "Owner"), format!("{} {}", o.qsdwdm, o.qsdwmc)),
                (lang.pick("坐落单位", "Location"), format!("{} {}", o.zldwdm, o.zldwmc)),
            ];
            for (k, v) in rows {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            }
        });
    }

    /// The 合规性审查 section (项目 tab): the 地类 table of the red line, the controls, both areas and the findings.
    pub(super) fn compliance_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.heading(t::COMPLIANCE.get(lang));
        if self.doc.controls.loaded.is_none() {
            ui.weak(t::NO_CONTROLS.get(lang));
            return;
        }
        if self.controls_work.busy() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t::REVIEWING.get(lang));
            });
        }
        let Some(a) = self.controls_work.answer.as_ref() else {
            return;
        };
        let r = &a.footprint_report;
        findings_ui(ui, lang, r);
        ui.label(RichText::new(t::LAND_CLASS_TABLE.get(lang)).strong());
        egui::Grid::new("land_classes").striped(true).show(ui, |ui| {
            ui.weak(t::LAND_CODE.get(lang));
            ui.weak(t::LAND_NAME.get(lang));
            ui.weak(t::AREA_MU.get(lang));
            ui.end_row();
            for g in LandGroup::ALL {
                let total = a.footprint.group_total(g).mu();
                if total <= 0.0 {
                    continue;
                }
                ui.strong("");
                ui.strong(lang.pick(g.zh(), g.en()));
                ui.strong(format!("{total:.2}"));
                ui.end_row();
                for c in a.footprint.land_classes.iter().filter(|c| c.group == Some(g)) {
                    ui.label(&c.code);
                    ui.label(&c.name);
                    ui.label(format!("{:.2}", c.area.mu()));
                    ui.end_row();
                }
            }
            for c in a.footprint.land_classes.iter().filter(|c| c.group.is_none()) {
                ui.colored_label(Color32::from_rgb(200, 120, 0), &c.code);
                ui.label(&c.name);
                ui.label(format!("{:.2}", c.area.mu()));
                ui.end_row();
            }
        });
        egui::Grid::new("control_areas").striped(true).show(ui, |ui| {
            let row = |ui: &mut Ui, k: &str, v: String| {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            };
            row(ui, t::CULTIVATED_NET.get(lang), mu_or_unknown(lang, r.cultivated_mu));
            row(ui, t::TIANKAN.get(lang), mu_or_unknown(lang, r.tiankan_mu));
            row(
                ui,
                t::PERMANENT_FARMLAND.get(lang),
                mu_or_unknown(lang, r.permanent_basic_farmland_mu),
            );
            row(
                ui,
                t::ECO_REDLINE.get(lang),
                mu_or_unknown(lang, r.ecological_redline_mu),
            );
            for z in &r.development_boundary {
                row(
                    ui,
                    &format!("{} · {}", t::DEV_BOUNDARY.get(lang), z.zone),
                    mu_or_unknown(lang, Some(z.mu)),
                );
            }
            row(
                ui,
                t::OUTSIDE_BOUNDARY.get(lang),
                mu_or_unknown(lang, r.outside_development_boundary_mu),
            );
            let planar = a.footprint.footprint.mu();
            row(ui, t::PLANAR_MU.get(lang), mu_or_unknown(lang, Some(planar)));
            row(
                ui,
                t::ELLIPSOIDAL_MU.get(lang),
                format!(
                    "{} ({} {:+.2})",
                    mu_or_unknown(lang, Some(r.ellipsoidal_mu)),
                    t::DIFFERENCE.get(lang),
                    r.ellipsoidal_mu - planar
                ),
            );
            if let Some(inc) = &a.increment {
                row(
                    ui,
                    t::INCREMENT_CULTIVATED.get(lang),
                    mu_or_unknown(lang, inc.cultivated_mu),
                );
            }
        });
    }
}

/// The findings, blocking ones first and in red, each with its clause or source.
fn findings_ui(ui: &mut Ui, lang: Lang, r: &ControlReport) {
    if r.findings.is_empty() {
        return;
    }
    ui.label(RichText::new(t::FINDINGS.get(lang)).strong());
    for f in &r.findings {
        let colour = match f.severity {
            Severity::Blocking => Color32::from_rgb(200, 30, 30),
            Severity::Warning => Color32::from_rgb(190, 120, 0),
            Severity::Note => ui.visuals().text_color(),
        };
        let text = format!(
            "【{}】{}（{}）",
            lang.pick(f.severity.zh(), f.severity.en()),
            lang.pick(&f.zh, &f.en),
            f.clause_or_source
        );
        let rt = RichText::new(text).color(colour);
        ui.label(if f.severity == Severity::Blocking {
            rt.strong()
        } else {
            rt
        });
    }
}
