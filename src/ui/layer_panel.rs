//! The layer list of the left panel: every layer of the map, top first, to show, hide and order; the state of each
//! basemap (reprojected, refused, overviews missing, tiles drawn) and the form that adds rasters, reference vectors
//! and the online layer. What the buttons do is in [`super::map::LayerStack`]; nothing here waits for a file.

use std::path::PathBuf;

use egui::{Color32, Ui};

use super::app::StockApp;
use super::i18n::{layer_t, t};
use super::map::{LayerSource, Live};

enum Act {
    Raise,
    Lower,
    Remove,
    TreatAsWorking,
    BuildOverviews,
    LabelField(String),
}

impl StockApp {
    /// Once a frame before drawing: visibility restored from a project file, kept in step, tiles taken in.
    pub(super) fn prepare_layers(&mut self, ctx: &egui::Context) {
        if let Some((parcels, counties)) = self.doc.layers.restored_flags.take() {
            self.map.show_parcels = parcels;
            self.map.show_counties = counties;
        }
        self.doc
            .layers
            .sync_flags(self.map.show_parcels, self.map.show_counties);
        self.doc.layers.prepare(ctx);
    }

    /// Adds a layer to the map (the panel's buttons, scenes and tests). False when it is there already.
    pub fn add_map_layer(&mut self, source: LayerSource) -> bool {
        let added = self.doc.layers.add(source).is_some();
        if added {
            self.doc.touch();
        }
        added
    }

    /// Basemap tiles drawn in the last frame.
    pub fn basemap_tiles_drawn(&self) -> usize {
        self.doc.layers.tiles_drawn()
    }

    pub(super) fn layer_stack_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.weak(layer_t::ORDER_HINT.get(lang));
        let mut act: Option<(usize, Act)> = None;
        let n = self.doc.layers.layers.len();
        for i in (0..n).rev() {
            let l = &mut self.doc.layers.layers[i];
            ui.horizontal(|ui| {
                let changed = match &l.entry.source {
                    LayerSource::Parcels => ui.checkbox(&mut self.map.show_parcels, t::LAYER_PARCELS.get(lang)),
                    LayerSource::Counties => ui.checkbox(&mut self.map.show_counties, t::LAYER_COUNTIES.get(lang)),
                    LayerSource::Controls => ui.checkbox(&mut l.entry.visible, layer_t::LAYER_CONTROLS.get(lang)),
                    s => {
                        let name = layer_name(s, lang);
                        ui.checkbox(&mut l.entry.visible, name)
                    }
                }
                .changed();
                if changed {
                    self.doc.rev += 1;
                }
                if i + 1 < n && ui.small_button(layer_t::RAISE.get(lang)).clicked() {
                    act = Some((i, Act::Raise));
                }
                if i > 0 && ui.small_button(layer_t::LOWER.get(lang)).clicked() {
                    act = Some((i, Act::Lower));
                }
                if !l.entry.source.is_builtin() && ui.small_button(layer_t::REMOVE_LAYER.get(lang)).clicked() {
                    act = Some((i, Act::Remove));
                }
            });
            ui.indent(("layer", i), |ui| match &l.live {
                Live::Raster(r) => {
                    if let Some(e) = &r.error {
                        ui.colored_label(Color32::from_rgb(190, 40, 40), e);
                        if !r.assume_working_crs
                            && e.contains("没有坐标系")
                            && ui.button(layer_t::TREAT_AS_WORKING.get(lang)).clicked()
                        {
                            act = Some((i, Act::TreatAsWorking));
                        }
                        return;
                    }
                    if let Some(info) = &r.info {
                        if let Some(note) = &info.note {
                            ui.weak(note);
                        }
                        if info.levels.needs_overviews {
                            ui.label(layer_t::NO_OVERVIEWS.get(lang));
                            if r.building_overviews() {
                                ui.horizontal(|ui| {
                                    ui.spinner();
                                    ui.label(layer_t::BUILDING_OVERVIEWS.get(lang));
                                });
                            } else if ui.button(layer_t::BUILD_OVERVIEWS.get(lang)).clicked() {
                                act = Some((i, Act::BuildOverviews));
                            }
                        }
                        if let Some(m) = &r.overview_message {
                            ui.weak(format!("{} {m}", layer_t::OVERVIEWS_BUILT.get(lang)));
                        }
                        ui.weak(format!("{} {}", layer_t::TILES_DRAWN.get(lang), r.drawn.get()));
                        ui.add(egui::Slider::new(&mut l.entry.opacity, 0.1..=1.0).text(layer_t::OPACITY.get(lang)));
                    } else if l.entry.visible {
                        ui.weak(layer_t::LOADING_TILES.get(lang));
                    }
                }
                Live::Xyz(x) => {
                    if let Some(e) = &x.error {
                        ui.colored_label(Color32::from_rgb(190, 40, 40), e);
                    } else if x.note.is_some() && x.drawn.get() == 0 {
                        ui.weak(layer_t::OFFLINE_NOTE.get(lang));
                    } else {
                        ui.weak(format!("{} {}", layer_t::TILES_DRAWN.get(lang), x.drawn.get()));
                    }
                }
                Live::Reference(r) => {
                    if let Some(e) = &r.error {
                        ui.colored_label(Color32::from_rgb(190, 40, 40), e);
                    } else if let Some(loaded) = &r.loaded {
                        let mut field = loaded.label_field.clone().unwrap_or_default();
                        egui::ComboBox::new(("label-field", i), layer_t::LABEL_FIELD.get(lang))
                            .selected_text(if field.is_empty() { "—" } else { field.as_str() })
                            .show_ui(ui, |ui| {
                                for f in &loaded.fields {
                                    ui.selectable_value(&mut field, f.clone(), f);
                                }
                            });
                        if Some(&field) != loaded.label_field.as_ref() && !field.is_empty() {
                            act = Some((i, Act::LabelField(field)));
                        }
                        ui.weak(format!(
                            "{} {} · {} {}",
                            loaded.features.len(),
                            layer_t::FEATURES.get(lang),
                            layer_t::LABEL_FIELD.get(lang),
                            loaded.label_field.as_deref().unwrap_or("—")
                        ));
                        for note in &loaded.notes {
                            ui.weak(note);
                        }
                    }
                }
                Live::Builtin => {}
            });
        }
        if let Some((i, a)) = act {
            self.layer_action(i, a, ui.ctx());
        }
        self.add_layer_form_ui(ui);
    }

    fn layer_action(&mut self, i: usize, a: Act, ctx: &egui::Context) {
        let layers = &mut self.doc.layers;
        match a {
            Act::Raise => layers.raise(i),
            Act::Lower => layers.lower(i),
            Act::Remove => layers.remove(i),
            Act::TreatAsWorking => {
                if let Some(l) = layers.layers.get_mut(i)
                    && let (LayerSource::Raster { assume_working_crs, .. }, Live::Raster(r)) =
                        (&mut l.entry.source, &mut l.live)
                {
                    *assume_working_crs = true;
                    r.assume_working_crs = true;
                    r.reopen();
                }
            }
            Act::LabelField(f) => {
                if let Some(l) = layers.layers.get_mut(i)
                    && let (LayerSource::Reference { label_field, .. }, Live::Reference(r)) =
                        (&mut l.entry.source, &mut l.live)
                {
                    *label_field = Some(f.clone());
                    r.label_field = Some(f);
                    r.reload();
                }
            }
            Act::BuildOverviews => {
                if let Some(Live::Raster(r)) = layers.layers.get_mut(i).map(|l| &mut l.live) {
                    r.start_build_overviews(ctx);
                }
                return;
            }
        }
        self.doc.touch();
    }

    fn add_layer_form_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        egui::CollapsingHeader::new(layer_t::ADD_LAYERS.get(lang))
            .id_salt("add-layers")
            .show(ui, |ui| {
                let f = &mut self.layer_form;
                ui.add(egui::TextEdit::singleline(&mut f.path).hint_text("DOM.tif / roads.gpkg"))
                    .accessible_name(layer_t::LAYER_PATH.get(lang));
                ui.checkbox(&mut f.assume_working_crs, layer_t::ASSUME_CRS.get(lang));
                ui.horizontal(|ui| {
                    ui.label(layer_t::LABEL_FIELD.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut f.label_field).desired_width(90.0))
                        .accessible_name(layer_t::LABEL_FIELD.get(lang));
                });
                let path = PathBuf::from(f.path.trim());
                let mut add = None;
                let mut session_key = None;
                ui.horizontal(|ui| {
                    if ui.button(layer_t::ADD_RASTER.get(lang)).clicked() && !f.path.trim().is_empty() {
                        add = Some(LayerSource::Raster {
                            path: path.clone(),
                            assume_working_crs: f.assume_working_crs,
                        });
                    }
                    if ui.button(layer_t::ADD_REFERENCE.get(lang)).clicked() && !f.path.trim().is_empty() {
                        add = Some(LayerSource::Reference {
                            path: path.clone(),
                            layer: None,
                            label_field: Some(f.label_field.trim().to_string()).filter(|s| !s.is_empty()),
                        });
                    }
                });
                ui.separator();
                ui.add(egui::TextEdit::singleline(&mut f.template).hint_text(
                    "https://t{s}.tianditu.gov.cn/img_w/wmts?…&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
                ))
                .accessible_name(layer_t::XYZ_TEMPLATE.get(lang));
                ui.add(egui::TextEdit::singleline(&mut f.key).password(true))
                    .accessible_name(layer_t::XYZ_KEY.get(lang));
                ui.horizontal(|ui| {
                    if ui.button(layer_t::ADD_ONLINE.get(lang)).clicked() && !f.template.trim().is_empty() {
                        let key = Some(f.key.trim()).filter(|k| !k.is_empty());
                        add = Some(LayerSource::Xyz {
                            template: crate::io::xyz_tiles::strip_key(f.template.trim(), key),
                            max_zoom: 18,
                        });
                        session_key = key.map(str::to_string);
                    }
                    if ui.button(layer_t::SAVE_KEY.get(lang)).clicked() && !f.key.trim().is_empty() {
                        self.shell.message = Some(match crate::io::xyz_tiles::save_tile_key(&f.key) {
                            Ok(p) => format!("{} {}", layer_t::KEY_SAVED.get(lang), p.display()),
                            Err(e) => format!("{}: {e:#}", t::ERROR.get(lang)),
                        });
                    }
                });
                if let Some(s) = add {
                    let source = s.clone();
                    if self.add_map_layer(s)
                        && let Some(Live::Xyz(x)) = self
                            .doc
                            .layers
                            .layers
                            .iter_mut()
                            .find(|l| l.entry.source == source)
                            .map(|l| &mut l.live)
                    {
                        // This session's key, when typed: kept in memory only (saved only by 保存密钥).
                        x.session_key = session_key;
                    }
                }
            });
    }
}

/// The name a layer has in the list.
fn layer_name(s: &LayerSource, lang: crate::model::Lang) -> String {
    let file = |p: &std::path::Path| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    match s {
        LayerSource::Raster { path, .. } => format!("{} · {}", layer_t::BASEMAP.get(lang), file(path)),
        LayerSource::Xyz { template, .. } => {
            let host = template
                .split("://")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .unwrap_or(template);
            format!("{} · {host}", layer_t::ONLINE.get(lang))
        }
        LayerSource::Reference { path, .. } => format!("{} · {}", layer_t::REFERENCE.get(lang), file(path)),
        LayerSource::Parcels => t::LAYER_PARCELS.get(lang).into(),
        LayerSource::Counties => t::LAYER_COUNTIES.get(lang).into(),
        LayerSource::Controls => layer_t::LAYER_CONTROLS.get(lang).into(),
    }
}
