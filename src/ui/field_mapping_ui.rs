//! Drawing the field-mapping dialog: one drop-down of the source's fields per attribute (the detected choice
//! preselected), the area unit, the default kind and the text encoding, five preview rows as they would load and
//! the live problem count, the profile name and 应用. Decides nothing: the preview and the count come from
//! `io::field_preview`, the choices from `io::field_profiles`.

use egui::{Color32, ComboBox, RichText, Ui};

use super::app::StockApp;
use super::field_mapping_dialog::{FieldMappingDialog, PREVIEW_ROWS};
use super::i18n::t;
use crate::io::field_profiles::Attribute;
use crate::model::{AreaUnit, Lang, StockKind};

/// What the officer did in the dialog this frame.
#[derive(Default)]
struct Action {
    apply: bool,
    cancel: bool,
    encoding_changed: bool,
}

impl StockApp {
    /// The dialog window, when open.
    pub(super) fn field_mapping_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(d) = self.field_mapping.as_mut() else { return };
        let mut act = Action::default();
        let room = (ctx.content_rect().height() - 120.0).max(300.0);
        egui::Window::new(t::FIELD_MAPPING.get(lang))
            .id(egui::Id::unique("field_mapping"))
            .collapsible(false)
            .resizable(true)
            .default_width(760.0)
            .default_height(room)
            .show(ctx, |ui| {
                // The scrolled part takes what the window leaves above the buttons, so they are always in view.
                let h = (ui.available_height() - 40.0).max(120.0);
                egui::ScrollArea::vertical()
                    .max_height(h)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        act = dialog_ui(ui, d, lang);
                    });
                ui.separator();
                buttons_ui(ui, d, lang, &mut act);
            });
        if act.encoding_changed {
            self.reread_fields();
        }
        if act.apply {
            self.apply_field_mapping();
        } else if act.cancel {
            self.field_mapping = None;
        }
    }
}

fn dialog_ui(ui: &mut Ui, d: &mut FieldMappingDialog, lang: Lang) -> Action {
    let mut act = Action::default();
    let file = d
        .source
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    ui.label(format!(
        "{file} · {} “{}” · {} {}",
        t::LAYER.get(lang),
        d.source.layer,
        d.source.features.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
        t::FEATURES.get(lang)
    ));
    if let Some(why) = &d.why {
        ui.colored_label(Color32::from_rgb(190, 90, 0), why);
    }
    if let Some(name) = &d.offered {
        ui.colored_label(
            Color32::from_rgb(30, 120, 60),
            format!("{}: “{name}”", t::PROFILE_OFFERED.get(lang)),
        );
    }
    if let Some(n) = &d.note {
        ui.colored_label(Color32::from_rgb(190, 60, 0), n);
    }
    ui.separator();
    attributes_ui(ui, d, lang);
    ui.separator();
    act.encoding_changed = options_ui(ui, d, lang);
    ui.separator();
    preview_ui(ui, d, lang);
    ui.separator();
    profile_ui(ui, d, lang);
    act
}

/// 应用映射 (only a mapping whose preview is in and loads) and 取消.
fn buttons_ui(ui: &mut Ui, d: &FieldMappingDialog, lang: Lang, act: &mut Action) {
    ui.horizontal(|ui| {
        // Only a mapping whose preview is in and loads can be applied.
        let ok = d.preview_current() && d.preview.as_ref().is_some_and(|p| p.error.is_none());
        if ui
            .add_enabled(ok, egui::Button::new(t::APPLY_MAPPING.get(lang)))
            .clicked()
        {
            act.apply = true;
        }
        if ui.button(t::CANCEL.get(lang)).clicked() {
            act.cancel = true;
        }
    });
}

/// One drop-down per attribute, labelled with the attribute's name.
fn attributes_ui(ui: &mut Ui, d: &mut FieldMappingDialog, lang: Lang) {
    let none = t::NO_FIELD.get(lang);
    egui::Grid::new("field_mapping_attributes")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for a in Attribute::ALL {
                let chosen = d.profile.choices.get(a).cloned();
                let mut pick: Option<Option<String>> = None;
                ComboBox::from_label(lang.pick(a.zh(), a.en()))
                    .selected_text(chosen.clone().unwrap_or_else(|| none.to_string()))
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(chosen.is_none(), none).clicked() {
                            pick = Some(None);
                        }
                        for f in &d.source.fields {
                            if ui.selectable_label(chosen.as_ref() == Some(f), f).clicked() {
                                pick = Some(Some(f.clone()));
                            }
                        }
                    });
                if let Some(p) = pick {
                    d.profile.choices.set(a, p);
                }
                let mut marks = Vec::new();
                if a.required() {
                    marks.push(t::REQUIRED_MARK.get(lang));
                }
                if d.ambiguous.contains(&a) {
                    marks.push(t::AMBIGUOUS.get(lang));
                }
                ui.weak(marks.join(" · "));
                ui.end_row();
            }
        });
}

/// The area unit, the default kind and the text encoding; true when the encoding changed.
fn options_ui(ui: &mut Ui, d: &mut FieldMappingDialog, lang: Lang) -> bool {
    let unit_name = |u: Option<AreaUnit>| match u {
        None => t::UNIT_AUTO.get(lang),
        Some(AreaUnit::SquareMetre) => t::UNIT_M2.get(lang),
        Some(AreaUnit::Mu) => t::MU.get(lang),
        Some(AreaUnit::Hectare) => t::HECTARE.get(lang),
    };
    ComboBox::from_label(t::AREA_UNIT.get(lang))
        .selected_text(unit_name(d.profile.area_unit))
        .show_ui(ui, |ui| {
            for u in [
                None,
                Some(AreaUnit::SquareMetre),
                Some(AreaUnit::Mu),
                Some(AreaUnit::Hectare),
            ] {
                ui.selectable_value(&mut d.profile.area_unit, u, unit_name(u));
            }
        });
    let kind_name = |k: Option<StockKind>| match k {
        None => t::NO_FIELD.get(lang),
        Some(k) => lang.pick(k.zh(), k.en()),
    };
    ComboBox::from_label(t::DEFAULT_KIND.get(lang))
        .selected_text(kind_name(d.profile.default_kind))
        .show_ui(ui, |ui| {
            for k in std::iter::once(None).chain(StockKind::ALL.into_iter().map(Some)) {
                ui.selectable_value(&mut d.profile.default_kind, k, kind_name(k));
            }
        });
    let before = d.profile.encoding.clone();
    let enc_name = |e: &Option<String>| e.clone().unwrap_or_else(|| t::ENCODING_AUTO.get(lang).to_string());
    ComboBox::from_label(t::TEXT_ENCODING.get(lang))
        .selected_text(enc_name(&d.profile.encoding))
        .show_ui(ui, |ui| {
            for e in [None, Some("UTF-8".to_string()), Some("GBK".to_string())] {
                let name = enc_name(&e);
                ui.selectable_value(&mut d.profile.encoding, e, name);
            }
        });
    before != d.profile.encoding
}

/// The live problem count and the first rows as they would load.
fn preview_ui(ui: &mut Ui, d: &FieldMappingDialog, lang: Lang) {
    ui.label(RichText::new(t::PREVIEW_ROWS_TITLE.get(lang)).strong());
    if !d.preview_current() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t::PREVIEWING.get(lang));
        });
    }
    let Some(p) = &d.preview else { return };
    if let Some(e) = &p.error {
        ui.colored_label(
            Color32::from_rgb(200, 30, 30),
            format!(
                "{}: 1 · {}: {e}",
                t::MAPPING_PROBLEMS.get(lang),
                t::CANNOT_LOAD.get(lang)
            ),
        );
        return;
    }
    let colour = if p.problem_count() == 0 {
        Color32::from_rgb(30, 120, 60)
    } else {
        Color32::from_rgb(190, 90, 0)
    };
    ui.colored_label(
        colour,
        format!(
            "{}: {} ({} {}) · {} {} {} · {:.2} {}",
            t::MAPPING_PROBLEMS.get(lang),
            p.problem_count(),
            t::SKIPPED.get(lang),
            p.skipped(),
            t::WOULD_LOAD.get(lang),
            p.parcels,
            t::PARCELS_UNIT.get(lang),
            p.total_mu,
            t::MU.get(lang)
        ),
    );
    for pr in p.problems.iter().take(3) {
        ui.weak(format!("{}: {}", pr.feature, pr.message));
    }
    egui::Grid::new("field_mapping_preview").striped(true).show(ui, |ui| {
        for h in [t::COL_ID, t::COL_NAME, t::COL_KIND, t::COL_USE, t::COUNTY, t::COL_MU] {
            ui.weak(h.get(lang));
        }
        ui.end_row();
        for r in p.rows.iter().take(PREVIEW_ROWS) {
            ui.label(&r.id);
            ui.label(&r.name);
            ui.label(lang.pick(r.kind.zh(), r.kind.en()));
            ui.label(&r.use_code);
            ui.label(&r.county);
            ui.label(format!("{:.2}", r.area_mu));
            ui.end_row();
        }
    });
}

/// A saved profile to take, the name to save under and whether to save.
fn profile_ui(ui: &mut Ui, d: &mut FieldMappingDialog, lang: Lang) {
    if !d.saved.is_empty() {
        let mut pick = None;
        ComboBox::from_label(t::SAVED_PROFILES.get(lang))
            .selected_text(d.offered.clone().unwrap_or_default())
            .show_ui(ui, |ui| {
                for (i, p) in d.saved.iter().enumerate() {
                    if ui.selectable_label(false, &p.name).clicked() {
                        pick = Some(i);
                    }
                }
            });
        if let Some(i) = pick {
            d.pick_saved(i, lang);
        }
    }
    ui.horizontal(|ui| {
        ui.label(t::PROFILE_NAME.get(lang));
        ui.add(egui::TextEdit::singleline(&mut d.profile.name).desired_width(220.0))
            .accessible_name(t::PROFILE_NAME.get(lang));
        ui.checkbox(&mut d.save, t::SAVE_AS_PROFILE.get(lang));
    });
}
