//! The parts of a multi-part red line in the 项目 tab: how many parts and holes, and a button to delete each part.

use egui::Ui;

use super::app::StockApp;

impl StockApp {
    /// Nothing for a one-part footprint without holes.
    pub(super) fn sketch_parts_ui(&mut self, ui: &mut Ui) {
        let s = &self.doc.footprint;
        let parts = s.part_count();
        let holes = s.holes.len() + s.parts.iter().map(|p| p.holes.len()).sum::<usize>();
        if parts <= 1 && holes == 0 {
            return;
        }
        let lang = self.lang;
        ui.label(format!(
            "{parts} {} · {holes} {}",
            lang.pick("个部分", "part(s)"),
            lang.pick(
                "个洞（右键单击顶点可删除）",
                "hole(s) (right-click a vertex to delete it)"
            )
        ));
        let mut delete = None;
        ui.horizontal_wrapped(|ui| {
            for k in 0..parts {
                let label = match lang {
                    crate::model::Lang::Zh => format!("删除第 {} 部分", k + 1),
                    crate::model::Lang::En => format!("Delete part {}", k + 1),
                };
                if ui.button(label).clicked() {
                    delete = Some(k);
                }
            }
        });
        if let Some(k) = delete
            && self.doc.footprint.delete_part(k)
        {
            self.edited();
        }
    }
}
