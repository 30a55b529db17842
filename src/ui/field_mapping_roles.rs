//! The field-mapping dialog for control layers: each polygon layer of the sources with a drop-down of roles (地类图斑
//! DLTB, 永久基本农田, 生态保护红线, 城镇开发边界 …) and, for the role chosen, a drop-down per standard field the role is
//! read by; a live count of what the layers would give, read off the UI thread. Opened when no layer of a source is
//! recognised (instead of the error) or from 文件 → 管控图层角色…; 应用 saves the role map (RON, beside the field
//! profiles) and the project keeps it. Which role a layer's name or fields say is `io::field_preview`'s answer.

use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use egui::{Color32, ComboBox, Ui};

use super::app::StockApp;
use super::control_roles_dialog::{ControlRolesDialog, RolesCheck, file_name};
use super::controls_state::read_controls;
use super::i18n::t;
use crate::controls::Role;
use crate::io::control_roles::save_role_map;
use crate::io::field_preview::{control_layer_guesses, role_key_fields};
use crate::model::Lang;

impl StockApp {
    /// Where the officer's role map is saved: beside the field profiles (`~/.config/stockfirst/control_roles.ron`).
    pub fn control_roles_path(&self) -> PathBuf {
        self.profiles_dir
            .parent()
            .unwrap_or(&self.profiles_dir)
            .join("control_roles.ron")
    }

    /// Opens the dialog for the control sources `sources`.
    pub fn open_control_roles(&mut self, sources: Vec<PathBuf>, why: Option<String>) -> anyhow::Result<()> {
        let base = self.doc.controls.roles.clone();
        let layers = control_layer_guesses(&sources, &base)?;
        let renames = layers
            .iter()
            .map(|g| {
                base.entry(&g.source, &g.layer)
                    .map(|e| e.fields.clone())
                    .unwrap_or_default()
            })
            .collect();
        self.control_roles = Some(ControlRolesDialog {
            roles: layers.iter().map(|g| g.role).collect(),
            renames,
            layers,
            sources,
            why,
            check: None,
            check_of: None,
            pending: None,
            base,
        });
        Ok(())
    }

    /// After reading control sources failed: a source with layers no name or field explains opens the dialog.
    pub(super) fn offer_roles_after(&mut self, error: &str) -> bool {
        let sources = self.doc.controls.sources.clone();
        match control_layer_guesses(&sources, &self.doc.controls.roles) {
            Ok(g) if g.iter().any(|g| g.role.is_none()) => {
                self.open_control_roles(sources, Some(error.to_string())).is_ok()
            }
            _ => false,
        }
    }

    /// Takes in the live check; starts one for the roles as they are now.
    pub(super) fn drive_control_roles(&mut self) {
        let Some(d) = self.control_roles.as_mut() else { return };
        if let Some(rx) = &d.pending
            && let Ok((of, c)) = rx.try_recv()
        {
            d.pending = None;
            d.check = Some(c);
            d.check_of = Some(of);
        }
        let map = d.role_map();
        if d.pending.is_some() || d.check_of.as_ref() == Some(&map) {
            return;
        }
        let sources = d.sources.clone();
        let (tx, rx) = channel();
        let repaint = self.ctx.clone();
        std::thread::spawn(move || {
            let c = match read_controls(&sources, &map) {
                Ok(r) => RolesCheck {
                    layers: r.controls.layers.layers.len(),
                    problems: r.controls.problems.len(),
                    error: None,
                },
                Err(e) => RolesCheck {
                    layers: 0,
                    problems: 1,
                    error: Some(format!("{e:#}")),
                },
            };
            let _ = tx.send((map, c));
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        d.pending = Some(rx);
    }

    /// Waits (up to `timeout`) for the check of the roles as they are now; for tests.
    pub fn wait_for_control_roles(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            self.drive_control_roles();
            match &self.control_roles {
                Some(d) if d.check.is_some() && d.check_of.as_ref() == Some(&d.role_map()) => return true,
                Some(_) => std::thread::sleep(Duration::from_millis(5)),
                None => return false,
            }
        }
        false
    }

    /// 应用: the role map into the project and the role RON, then the layers read with it.
    pub fn apply_control_roles(&mut self) {
        let Some(d) = self.control_roles.take() else { return };
        let map = d.role_map();
        let path = self.control_roles_path();
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        self.shell.message = Some(match save_role_map(&path, &map) {
            Ok(()) => format!("{} {}", t::ROLES_SAVED.get(self.lang), path.display()),
            Err(e) => format!("{}: {e:#}", t::ERROR.get(self.lang)),
        });
        self.doc.controls.roles = map;
        self.start_controls_load(d.sources);
        self.edited_no_rematch();
    }

    /// The dialog window, when open.
    pub(super) fn control_roles_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(d) = self.control_roles.as_mut() else { return };
        let (mut apply, mut cancel) = (false, false);
        egui::Window::new(t::CONTROL_ROLES.get(lang))
            .id(egui::Id::unique("control_roles"))
            .collapsible(false)
            .default_width(640.0)
            .show(ctx, |ui| {
                (apply, cancel) = roles_dialog_ui(ui, d, lang);
            });
        if apply {
            self.apply_control_roles();
        } else if cancel {
            self.control_roles = None;
        }
    }
}

fn role_name(lang: Lang, r: Option<Role>) -> &'static str {
    match r {
        None => t::ROLE_AUTO.get(lang),
        Some(r) => lang.pick(r.zh(), r.en()),
    }
}

/// The layers with their role and key fields, the live count, 应用 / 取消.
fn roles_dialog_ui(ui: &mut Ui, d: &mut ControlRolesDialog, lang: Lang) -> (bool, bool) {
    if let Some(why) = &d.why {
        ui.colored_label(Color32::from_rgb(190, 90, 0), why);
    }
    for (i, g) in d.layers.iter().enumerate() {
        ui.separator();
        ui.label(format!(
            "{} : {} ({} {})",
            file_name(&g.source),
            g.layer,
            g.features.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
            t::FEATURES.get(lang)
        ));
        let Some(role) = d.roles.get_mut(i) else { continue };
        ComboBox::from_label(format!("{} · {}", g.layer, t::ROLE.get(lang)))
            .selected_text(role_name(lang, *role))
            .show_ui(ui, |ui| {
                for r in std::iter::once(None).chain(Role::ALL.into_iter().map(Some)) {
                    ui.selectable_value(role, r, role_name(lang, r));
                }
            });
        let Some(r) = *role else { continue };
        let Some(renames) = d.renames.get_mut(i) else { continue };
        for std_name in role_key_fields(r) {
            let present = g.fields.iter().any(|f| f.eq_ignore_ascii_case(std_name));
            let shown = renames
                .get(*std_name)
                .cloned()
                .or_else(|| present.then(|| std_name.to_string()))
                .unwrap_or_else(|| t::NO_FIELD.get(lang).to_string());
            let mut pick: Option<String> = None;
            ComboBox::from_label(format!("{} · {std_name}", g.layer))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for f in &g.fields {
                        if ui.selectable_label(false, f).clicked() {
                            pick = Some(f.clone());
                        }
                    }
                });
            if let Some(f) = pick {
                if f.eq_ignore_ascii_case(std_name) {
                    renames.remove(*std_name);
                } else {
                    renames.insert(std_name.to_string(), f);
                }
            }
        }
    }
    ui.separator();
    let current = d.check.is_some() && d.check_of.as_ref() == Some(&d.role_map());
    if !current {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t::PREVIEWING.get(lang));
        });
    }
    if let Some(c) = &d.check {
        match &c.error {
            Some(e) => ui.colored_label(
                Color32::from_rgb(200, 30, 30),
                format!(
                    "{}: 1 · {}: {e}",
                    t::MAPPING_PROBLEMS.get(lang),
                    t::CANNOT_LOAD.get(lang)
                ),
            ),
            None => ui.label(format!(
                "{}: {} · {} {}",
                t::MAPPING_PROBLEMS.get(lang),
                c.problems,
                t::LAYERS_READ.get(lang),
                c.layers
            )),
        };
    }
    let ok = current && d.check.as_ref().is_some_and(|c| c.error.is_none());
    let mut out = (false, false);
    ui.horizontal(|ui| {
        out.0 = ui
            .add_enabled(ok, egui::Button::new(t::APPLY_MAPPING.get(lang)))
            .clicked();
        out.1 = ui.button(t::CANCEL.get(lang)).clicked();
    });
    out
}
