//! 问题列表: what the last library load skipped, repaired or doubted, and the last footprint import's warnings, so
//! nothing is dropped between the file and the screen. A click on a row with geometry zooms the map to it; the
//! list exports as CSV (with a BOM) or XLSX.

use std::path::PathBuf;

use egui::Ui;

use super::app::StockApp;
use super::i18n::Text;
use super::project_file::write_atomic;
use crate::report::load_problems::{ProblemKind, ProblemRow, problem_rows, problems_table};
use crate::report::{Table, csv, xlsx};

const TITLE: Text = Text {
    zh: "问题列表",
    en: "Load problems",
};
const NONE: Text = Text {
    zh: "没有问题",
    en: "No problems",
};
const FOOTPRINT: Text = Text {
    zh: "项目红线导入提示",
    en: "Footprint import warnings",
};
const EXPORT_PATH: Text = Text {
    zh: "导出到",
    en: "Export to",
};
const EXPORT_CSV: Text = Text {
    zh: "导出 CSV",
    en: "Export CSV",
};
const EXPORT_XLSX: Text = Text {
    zh: "导出 XLSX",
    en: "Export XLSX",
};
const ZOOM: Text = Text {
    zh: "定位", en: "Zoom"
};
const LOADED_WITH: Text = Text {
    zh: "条载入问题，见 视图 → 问题列表",
    en: "load problems: View → Load problems",
};

impl StockApp {
    /// The rows of the list for the loaded library (empty for the generated sample).
    pub fn load_problems(&self) -> Vec<ProblemRow> {
        self.doc
            .library
            .as_ref()
            .and_then(|l| l.report.as_ref())
            .map(problem_rows)
            .unwrap_or_default()
    }

    /// The list as a table, the footprint warnings last, for export.
    pub fn problems_export_table(&self) -> Table {
        let mut t = match self.doc.library.as_ref().and_then(|l| l.report.as_ref()) {
            Some(r) => problems_table(r, self.lang),
            None => problems_table(&Default::default(), self.lang),
        };
        for w in &self.problems.footprint_warnings {
            t.rows.push(vec![
                crate::report::Cell::text(FOOTPRINT.get(self.lang)),
                crate::report::Cell::Empty,
                crate::report::Cell::Empty,
                crate::report::Cell::text(w),
            ]);
        }
        t
    }

    /// Writes the list to `path`: XLSX when it ends in `.xlsx`, else CSV.
    pub fn export_problems(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let t = self.problems_export_table();
        let is_xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if is_xlsx {
            xlsx::xlsx(&t, TITLE.get(self.lang))?
        } else {
            csv::csv(&t).into_bytes()
        };
        write_atomic(path, &bytes)
    }

    /// After a load: say in the status bar how many problems there were, and where to see them.
    pub(super) fn announce_load_problems(&mut self) {
        let n = self.load_problems().len();
        if n > 0 {
            self.shell.message = Some(format!("{n} {}", LOADED_WITH.get(self.lang)));
        }
        if self.problems.export_path.is_empty()
            && let Some(r) = self.doc.library.as_ref().and_then(|l| l.report.as_ref())
        {
            let mut p = r.source.clone();
            p.set_extension("problems.csv");
            self.problems.export_path = p.display().to_string();
        }
    }

    /// Shows the footprint reader's warnings: in the status bar and in the list, which opens.
    pub(super) fn show_footprint_warnings(&mut self, warnings: Vec<String>) {
        if let Some(first) = warnings.first() {
            self.shell.message = Some(format!("{}: {first}", FOOTPRINT.get(self.lang)));
            self.problems.open = true;
        }
        self.problems.footprint_warnings = warnings;
    }

    /// The 问题列表 window, when open.
    pub(super) fn problems_window_ui(&mut self, ctx: &egui::Context) {
        if !self.problems.open {
            return;
        }
        let lang = self.lang;
        let mut open = true;
        let mut zoom_to: Option<String> = None;
        let mut export: Option<PathBuf> = None;
        let rows = self.load_problems();
        egui::Window::new(TITLE.get(lang))
            .open(&mut open)
            .default_size([640.0, 360.0])
            .resizable(true)
            .show(ctx, |ui| {
                if let Some(r) = self.doc.library.as_ref().and_then(|l| l.report.as_ref()) {
                    ui.label(format!("{} · {} · {}", r.source.display(), r.layer, r.features_read));
                }
                ui.horizontal(|ui| {
                    ui.label(EXPORT_PATH.get(lang));
                    ui.text_edit_singleline(&mut self.problems.export_path);
                    let base = PathBuf::from(self.problems.export_path.trim());
                    if ui.button(EXPORT_CSV.get(lang)).clicked() {
                        export = Some(with_ext(&base, "csv"));
                    }
                    if ui.button(EXPORT_XLSX.get(lang)).clicked() {
                        export = Some(with_ext(&base, "xlsx"));
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if rows.is_empty() && self.problems.footprint_warnings.is_empty() {
                        ui.label(NONE.get(lang));
                    }
                    problem_grid_ui(ui, &rows, lang, &mut zoom_to);
                    if !self.problems.footprint_warnings.is_empty() {
                        ui.separator();
                        ui.strong(FOOTPRINT.get(lang));
                        for w in &self.problems.footprint_warnings {
                            ui.label(w);
                        }
                    }
                });
            });
        self.problems.open = open;
        if let Some(id) = zoom_to
            && let Some(i) = self.library().and_then(|l| l.index_of(&id))
        {
            self.select_parcel(i, true);
        }
        if let Some(path) = export {
            self.shell.message = Some(match self.export_problems(&path) {
                Ok(()) => format!("{} {}", super::i18n::t::EXPORTED.get(lang), path.display()),
                Err(e) => format!("{}: {e:#}", super::i18n::t::ERROR.get(lang)),
            });
        }
    }
}

fn with_ext(base: &std::path::Path, ext: &str) -> PathBuf {
    let name = base.to_string_lossy();
    let stem = name
        .strip_suffix(".csv")
        .or_else(|| name.strip_suffix(".xlsx"))
        .unwrap_or(&name);
    PathBuf::from(format!("{stem}.{ext}"))
}

/// One row a problem: outcome, FID, 地块编号, message, and 定位 for loaded features.
fn problem_grid_ui(ui: &mut Ui, rows: &[ProblemRow], lang: crate::model::Lang, zoom_to: &mut Option<String>) {
    egui::Grid::new("load_problems").striped(true).show(ui, |ui| {
        let heads = if lang == crate::model::Lang::En {
            ["Outcome", "FID", "Parcel id", "Message", ""]
        } else {
            ["处理", "FID", "地块编号", "说明", ""]
        };
        for h in heads {
            ui.strong(h);
        }
        ui.end_row();
        for r in rows {
            ui.label(r.kind.label(lang));
            ui.label(r.fid.map(|f| f.to_string()).unwrap_or_default());
            ui.label(r.parcel_id.clone().unwrap_or_default());
            ui.label(&r.message);
            // A skipped feature has no geometry in the library; a note names no feature.
            let has_geometry = !matches!(r.kind, ProblemKind::Skipped | ProblemKind::Note);
            match (&r.parcel_id, has_geometry) {
                (Some(id), true) => {
                    if ui.button(ZOOM.get(lang)).clicked() {
                        *zoom_to = Some(id.clone());
                    }
                }
                _ => {
                    ui.label("");
                }
            }
            ui.end_row();
        }
    });
}
