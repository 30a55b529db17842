//! Transient UI: which panels and tab are open, the path dialog, the status-bar message, the recovery offer. None
//! of it is saved with the project.

use super::i18n::{Text, t};
use super::project_file::ProjectFile;

/// The tabs of the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTab {
    Project,
    Candidates,
    Quota,
}

/// What a path dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    OpenLibrary,
    OpenProject,
    SaveProject,
    ExportHtml,
    /// The print map (.png / .pdf) or the decision document (.docx), by the extension.
    ExportReport,
    ExportCsv,
    /// 导出报表: 台账, candidates, quota tables and problems, a sheet each (XLSX) or one after another (CSV).
    ExportTables,
    ExportSketch,
    ImportFootprint,
    OpenScenario,
    /// The public catalogue of 可供 land (clause 二, 主动向社会公开), a folder.
    PublishSite,
    OpenControls,
}

impl PathPurpose {
    pub(super) fn title(self) -> Text {
        match self {
            PathPurpose::OpenLibrary => t::OPEN_LIBRARY,
            PathPurpose::OpenProject => t::OPEN_PROJECT,
            PathPurpose::SaveProject => t::SAVE_PROJECT_AS,
            PathPurpose::ExportHtml => t::EXPORT_HTML,
            PathPurpose::ExportReport => t::EXPORT_REPORT,
            PathPurpose::ExportCsv => t::EXPORT_CSV,
            PathPurpose::ExportTables => t::EXPORT_TABLES,
            PathPurpose::ExportSketch => t::EXPORT_SKETCH,
            PathPurpose::ImportFootprint => t::IMPORT_FOOTPRINT,
            PathPurpose::OpenScenario => t::OPEN_SCENARIO,
            PathPurpose::PublishSite => t::PUBLISH_SITE,
            PathPurpose::OpenControls => t::OPEN_CONTROLS,
        }
    }
    pub(super) fn saves(self) -> bool {
        matches!(
            self,
            PathPurpose::SaveProject
                | PathPurpose::ExportHtml
                | PathPurpose::ExportReport
                | PathPurpose::ExportCsv
                | PathPurpose::ExportTables
                | PathPurpose::ExportSketch
                | PathPurpose::PublishSite
        )
    }
}

/// A path prompt: a text field (always works) plus an rfd "Browse…" (needs a desktop portal).
#[derive(Debug, Clone)]
pub struct PathDialog {
    pub purpose: PathPurpose,
    pub text: String,
}

/// The transient UI state.
#[derive(Debug, Clone)]
pub struct Shell {
    pub tab: SideTab,
    /// The control 图斑 last identified on the map: (layer, feature).
    pub identified_control: Option<(usize, u32)>,
    /// The 台账 drawer at the bottom.
    pub show_register: bool,
    pub show_layers: bool,
    pub show_side: bool,
    pub show_about: bool,
    pub dialog: Option<PathDialog>,
    /// The last message for the status bar (saved, exported, errors).
    pub message: Option<String>,
    /// The text typed into the use search of the 项目 tab.
    pub use_search: String,
    /// The area typed for "draw a rectangle of N 亩" / "scale the footprint to N 亩".
    pub target_mu: f64,
    /// An autosave found at start, offered for recovery.
    pub recovery_offer: Option<ProjectFile>,
    /// Why the last library load failed.
    pub load_error: Option<String>,
}

impl Shell {
    pub fn new(recovery_offer: Option<ProjectFile>) -> Self {
        Self {
            tab: SideTab::Project,
            identified_control: None,
            show_register: true,
            show_layers: true,
            show_side: true,
            show_about: false,
            dialog: None,
            message: None,
            use_search: String::new(),
            target_mu: 100.0,
            recovery_offer,
            load_error: None,
        }
    }
}

/// The 问题列表 window's state between frames (the list itself is derived from the load report).
#[derive(Debug, Clone, Default)]
pub struct ProblemsPanel {
    pub open: bool,
    /// Where 导出 CSV / XLSX write (the extension is replaced).
    pub export_path: String,
    /// The last footprint import's warnings (boundary TXT: encoding, swapped columns, closed rings…).
    pub footprint_warnings: Vec<String>,
}
