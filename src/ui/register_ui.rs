//! The 台账 drawer: a virtualised, sortable, filterable table of the library with a statistics row, and the status
//! change (the core says which changes are allowed; the note is kept in the audit log).

use egui::{RichText, Ui};

use super::i18n::t;
use super::register::{PendingStatus, Register, SortKey};
use crate::library::{ParcelIdx, StockLibrary};
use crate::model::Lang;
use crate::model::{Counties, LandUseCatalog, ParcelStatus, StockKind, check_transition};

const COLS: [(SortKey, f32); 6] = [
    (SortKey::Id, 160.0),
    (SortKey::County, 80.0),
    (SortKey::Kind, 110.0),
    (SortKey::Use, 200.0),
    (SortKey::Status, 70.0),
    (SortKey::Area, 90.0),
];

/// What the officer did in the drawer this frame; the app carries it out.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RegisterAction {
    /// A row was clicked: select (and zoom to) that parcel.
    pub select: Option<ParcelIdx>,
    /// A status change the core allows, to be applied.
    pub status_change: Option<PendingStatus>,
}

/// Draws the 台账 drawer for `lib` with the filters, sort and selection in `st`.
pub fn register_ui(
    ui: &mut Ui,
    st: &mut Register,
    lib: &StockLibrary,
    catalog: &LandUseCatalog,
    counties: &Counties,
    lang: Lang,
) -> RegisterAction {
    ui.horizontal_wrapped(|ui| {
        ui.strong(t::LEDGER.get(lang));
        ui.add(
            egui::TextEdit::singleline(&mut st.search)
                .hint_text(t::LEDGER_SEARCH.get(lang))
                .desired_width(120.0),
        )
        .accessible_name(t::LEDGER_SEARCH.get(lang));
        let county_name = |id: &Option<String>| match id {
            Some(c) => counties.name_of(c),
            None => t::ALL_COUNTIES.get(lang).to_string(),
        };
        egui::ComboBox::from_id_salt("f_county")
            .selected_text(county_name(&st.county))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut st.county, None, t::ALL_COUNTIES.get(lang));
                for c in counties.iter() {
                    ui.selectable_value(&mut st.county, Some(c.id.clone()), lang.pick(&c.name, &c.name_en));
                }
            })
            .response
            .accessible_name(t::COUNTY.get(lang));
        let kind_name = |k: Option<StockKind>| k.map(|k| lang.pick(k.zh(), k.en())).unwrap_or(t::ALL_KINDS.get(lang));
        egui::ComboBox::from_id_salt("f_kind")
            .selected_text(kind_name(st.kind))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut st.kind, None, t::ALL_KINDS.get(lang));
                for k in StockKind::ALL {
                    ui.selectable_value(&mut st.kind, Some(k), lang.pick(k.zh(), k.en()));
                }
            })
            .response
            .accessible_name(t::COL_KIND.get(lang));
        let use_name = |u: &Option<String>| match u {
            Some(code) => catalog
                .class(code)
                .map(|c| format!("{code} {}", lang.pick(&c.zh, &c.en)))
                .unwrap_or(code.clone()),
            None => t::ALL_USES.get(lang).to_string(),
        };
        egui::ComboBox::from_id_salt("f_use")
            .selected_text(use_name(&st.use_prefix))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut st.use_prefix, None, t::ALL_USES.get(lang));
                for c in catalog.ydyh2023.iter().filter(|c| c.code.len() == 2) {
                    ui.selectable_value(
                        &mut st.use_prefix,
                        Some(c.code.clone()),
                        format!("{} {}", c.code, lang.pick(&c.zh, &c.en)),
                    );
                }
            })
            .response
            .accessible_name(t::COL_USE.get(lang));
        let status_name = |s: Option<ParcelStatus>| {
            s.map(|s| lang.pick(s.zh(), s.en()))
                .unwrap_or(t::ALL_STATUSES.get(lang))
        };
        egui::ComboBox::from_id_salt("f_status")
            .selected_text(status_name(st.status))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut st.status, None, t::ALL_STATUSES.get(lang));
                for s in ParcelStatus::ALL {
                    ui.selectable_value(&mut st.status, Some(s), lang.pick(s.zh(), s.en()));
                }
            })
            .response
            .accessible_name(t::COL_STATUS.get(lang));
    });
    st.refresh(lib);
    // Statistics row.
    let total = st.total;
    ui.label(format!(
        "{}: {} {} · {}",
        t::STATS.get(lang),
        st.rows.len(),
        t::PARCELS_UNIT.get(lang),
        super::i18n::mu_ha(lang, total)
    ));
    let mut status_change: Option<PendingStatus> = None;
    if let Some(sel) = st.selected.and_then(|i| lib.parcel(i).map(|p| (i, p))) {
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} {} ({})",
                t::CHANGE_STATUS.get(lang),
                sel.1.id,
                lang.pick(sel.1.status.zh(), sel.1.status.en())
            ));
            egui::ComboBox::from_id_salt("new_status")
                .selected_text(lang.pick(st.new_status.zh(), st.new_status.en()))
                .show_ui(ui, |ui| {
                    for s in [
                        ParcelStatus::Engaged,
                        ParcelStatus::ToBeSupplied,
                        ParcelStatus::Supplied,
                        ParcelStatus::Available,
                    ] {
                        ui.selectable_value(&mut st.new_status, s, lang.pick(s.zh(), s.en()));
                    }
                })
                .response
                .accessible_name(t::CHANGE_STATUS.get(lang));
            ui.add(
                egui::TextEdit::singleline(&mut st.note)
                    .hint_text(t::NOTE.get(lang))
                    .desired_width(200.0),
            )
            .accessible_name(t::NOTE.get(lang));
            if sel.1.status == ParcelStatus::Supplied {
                ui.checkbox(&mut st.correction, t::CORRECTION.get(lang));
            }
            // The core says which changes are allowed, and why not.
            let allowed = check_transition(sel.1.status, st.new_status, &st.note, st.correction);
            let apply = ui.add_enabled(allowed.is_ok(), egui::Button::new(t::APPLY.get(lang)));
            if apply.clicked() {
                status_change = Some(PendingStatus {
                    parcel: sel.0,
                    to: st.new_status,
                    note: std::mem::take(&mut st.note),
                    correction: std::mem::take(&mut st.correction),
                });
            }
            if let Err(e) = allowed {
                ui.colored_label(egui::Color32::from_rgb(200, 60, 0), e.to_string());
            }
        });
    }
    // Header.
    let mut select: Option<ParcelIdx> = None;
    ui.horizontal(|ui| {
        for (key, w) in COLS {
            let name = match key {
                SortKey::Id => t::COL_ID,
                SortKey::County => t::COUNTY,
                SortKey::Kind => t::COL_KIND,
                SortKey::Use => t::COL_USE,
                SortKey::Status => t::COL_STATUS,
                SortKey::Area => t::COL_MU,
            };
            let arrow = if st.sort == key {
                if st.ascending { " ▲" } else { " ▼" }
            } else {
                ""
            };
            if ui
                .add_sized(
                    [w, 18.0],
                    egui::Button::new(RichText::new(format!("{}{arrow}", name.get(lang))).strong()),
                )
                .clicked()
            {
                if st.sort == key {
                    st.ascending = !st.ascending;
                } else {
                    st.sort = key;
                    st.ascending = true;
                }
            }
        }
    });
    let row_h = 20.0;
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(target) = st.scroll_to.take()
        && let Some(pos) = st.rows.iter().position(|&i| i == target)
    {
        area = area.vertical_scroll_offset((pos as f32 * (row_h + ui.spacing().item_spacing.y) - 40.0).max(0.0));
    }
    area.show_rows(ui, row_h, st.rows.len(), |ui, range| {
        for &i in &st.rows[range] {
            let Some(p) = lib.parcel(i) else { continue };
            let use_text = format!(
                "{} {}",
                p.planned_use.code,
                lang.pick(&catalog.name_zh(&p.planned_use), &catalog.name_en(&p.planned_use))
            );
            let cells = [
                p.id.clone(),
                counties
                    .by_id(&p.county)
                    .map(|c| lang.pick(&c.name, &c.name_en).to_string())
                    .unwrap_or(p.county.clone()),
                lang.pick(p.kind.zh(), p.kind.en()).to_string(),
                use_text,
                lang.pick(p.status.zh(), p.status.en()).to_string(),
                format!("{:.2}", p.area.mu()),
            ];
            let selected = st.selected == Some(i);
            ui.horizontal(|ui| {
                for ((_, w), text) in COLS.iter().zip(cells) {
                    if ui
                        .add_sized([*w, row_h], egui::Button::selectable(selected, text).truncate())
                        .clicked()
                    {
                        select = Some(i);
                    }
                }
            });
        }
    });
    RegisterAction { select, status_change }
}
