//! Demo scenes for screenshots and manual checks: `STOCKFIRST_SCENE=close|sketch|candidates|quota|controls|mapping|ledger|en|basemap|proposals` puts the
//! app in a known state once the library has loaded (docs/screenshots/ are taken this way under Xvfb).

use geo::Coord;

use super::app::StockApp;
use super::map::Tool;
use super::map::sketch::rectangle_of_area;
use super::shell::SideTab;
use crate::model::Lang;
use crate::model::{Area, StockKind};

impl StockApp {
    /// Waits for the match of the current sketch and chooses its first candidate.
    fn choose_first_candidate(&mut self) {
        if self.wait_for_match(std::time::Duration::from_secs(5)) {
            // Prefer one that needs a top-up, so the quota tab has new land to place.
            let res = self.match_result();
            let pick = res
                .and_then(|r| r.candidates.iter().find(|c| c.size.shortfall.mu() > 0.0))
                .or(res.and_then(|r| r.candidates.first()));
            self.doc.chosen_candidate = pick.map(super::candidates::candidate_key);
        }
    }

    /// Applies a demo scene (see the module docs). Unknown names do nothing.
    pub fn apply_scene(&mut self, scene: &str) {
        let Some(lib) = self.library() else { return };
        // The largest 批而未供 industrial parcel: a typical officer's search target.
        let anchor = lib
            .parcels()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == StockKind::ApprovedUnsupplied && p.planned_use.code.starts_with("10"))
            .max_by(|a, b| a.1.area.m2().total_cmp(&b.1.area.m2()))
            .or_else(|| lib.parcels().iter().enumerate().next())
            .map(|(i, p)| (i as u32, p.bbox()));
        let Some((idx, Some(bbox))) = anchor else { return };
        let c = bbox.center();
        // STOCKFIRST_SCENE_HALF_M widens a scene's window (metres from the centre), to look at it zoomed out.
        let wide: Option<f64> = std::env::var("STOCKFIRST_SCENE_HALF_M")
            .ok()
            .and_then(|v| v.parse().ok());
        let window = |half: f64| {
            let half = wide.unwrap_or(half);
            geo::Rect::new(
                Coord {
                    x: c.x - half,
                    y: c.y - half,
                },
                Coord {
                    x: c.x + half,
                    y: c.y + half,
                },
            )
        };
        let sketch_here = |app: &mut StockApp| {
            // Beside the parcel, overlapping it a little, 80 亩.
            let at = Coord {
                x: bbox.max().x,
                y: c.y,
            };
            app.doc
                .footprint
                .set(rectangle_of_area(at, Area::from_mu(80.0), 1.4), true);
            app.doc.brief.use_code = "100101".into();
            app.edited();
        };
        match scene {
            "close" => {
                self.map.pending_fit = Some(window(900.0));
                self.map.selected = Some(idx);
            }
            "sketch" => {
                sketch_here(self);
                self.map.tool = Tool::Sketch;
                self.map.pending_fit = Some(window(1200.0));
            }
            "candidates" => {
                sketch_here(self);
                self.doc.brief.name = "示例产业项目".into();
                self.shell.tab = SideTab::Candidates;
                self.map.pending_fit = Some(window(1600.0));
                self.choose_first_candidate();
            }
            "quota" => {
                sketch_here(self);
                self.doc.brief.name = "示例产业项目".into();
                self.shell.tab = SideTab::Quota;
                // Room for the chart and next year's table.
                self.shell.show_register = false;
                self.map.pending_fit = Some(window(1600.0));
                self.choose_first_candidate();
                let _ = self.add_project_to_scenario();
            }
            "controls" => {
                // Control layers under the parcels and the 合规性审查 of the red line (项目 tab).
                sketch_here(self);
                self.doc.brief.name = "示例产业项目".into();
                self.shell.tab = SideTab::Project;
                self.shell.show_register = false;
                self.map.show_labels = false;
                self.map.pending_fit = Some(window(1400.0));
            }
            "mapping" => {
                // The field-mapping dialog over the loaded library file, its preview in.
                self.shell.show_register = false;
                if let Some(super::loader::LibrarySource::Path(p)) = self.doc.library.as_ref().map(|l| l.source.clone())
                    && self.open_field_mapping(&p, None).is_ok()
                {
                    self.wait_for_field_mapping(std::time::Duration::from_secs(30));
                }
            }
            "basemap" => self.basemap_scene(),
            "proposals" => self.proposals_scene(),
            "ledger" => {
                self.register.kind = Some(StockKind::ApprovedUnsupplied);
                self.select_parcel(idx, true);
            }
            "en" => {
                self.lang = Lang::En;
                sketch_here(self);
                self.map.selected = Some(idx);
                self.map.pending_fit = Some(window(1500.0));
            }
            _ => {}
        }
    }
}
