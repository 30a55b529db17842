//! The palette of the planning control layers, after the conventional 三调 colours: 耕地 yellowish, 园地 orange-ish,
//! 林地 green, 草地 light green, 水域 blue, 建设用地 reddish or grey, 未利用地 pale; the planning lines as outlines
//! (永久基本农田 brown, 生态保护红线 red, 城镇开发边界 dashed purple). One file, so the map, the legend and the
//! draft agree.

use egui::{Color32, Stroke};

use crate::controls::Role;

/// How a control layer is drawn: a fill (transparent for outline-only roles), its outline, and whether dashed.
#[derive(Debug, Clone, Copy)]
pub struct ControlStyle {
    pub fill: Color32,
    pub stroke: Stroke,
    pub dashed: bool,
}

/// The legend of the 地类图斑 fill: (zh, en, colour), in 三调 first-level order.
pub const LAND_LEGEND: &[(&str, &str, Color32)] = &[
    ("耕地", "Cultivated", Color32::from_rgb(250, 240, 160)),
    ("园地", "Orchard", Color32::from_rgb(240, 200, 120)),
    ("林地", "Forest", Color32::from_rgb(80, 160, 90)),
    ("草地", "Grassland", Color32::from_rgb(170, 215, 130)),
    ("湿地 / 水域", "Wetland / water", Color32::from_rgb(130, 180, 230)),
    ("城镇村及工矿用地", "Built-up", Color32::from_rgb(225, 150, 140)),
    ("交通运输用地", "Transport", Color32::from_rgb(175, 175, 175)),
    ("其他土地", "Other land", Color32::from_rgb(225, 220, 205)),
];

/// The fill of a 图斑 by its DLBM (三调 first-level code, the first two characters).
pub fn land_fill(dlbm: &str) -> Color32 {
    let i = match dlbm.get(..2).unwrap_or("") {
        "01" => 0,
        "02" => 1,
        "03" => 2,
        "04" => 3,
        "00" | "11" => 4,
        "05" | "06" | "07" | "08" | "09" | "20" => 5,
        "10" => 6,
        _ => 7,
    };
    LAND_LEGEND[i].2
}

/// Drawn fills are faint so the stock parcels on top stay readable.
pub const FILL_ALPHA: u8 = 150;

/// How each role is drawn; the survey layer's fill is per 图斑 ([`land_fill`]), this is its legend swatch.
pub fn layer_swatch(role: Role) -> ControlStyle {
    let s = |w: f32, c: Color32| Stroke::new(w, c);
    match role {
        Role::LandSurvey => ControlStyle {
            fill: LAND_LEGEND[0].2,
            stroke: s(0.5, Color32::from_rgb(150, 150, 120)),
            dashed: false,
        },
        Role::Forest => ControlStyle {
            fill: LAND_LEGEND[2].2,
            stroke: s(0.5, Color32::from_rgb(40, 110, 50)),
            dashed: false,
        },
        Role::PermanentFarmland => ControlStyle {
            fill: Color32::TRANSPARENT,
            stroke: s(1.5, Color32::from_rgb(160, 110, 20)),
            dashed: false,
        },
        Role::EcologicalRedline => ControlStyle {
            fill: Color32::TRANSPARENT,
            stroke: s(2.0, Color32::from_rgb(220, 20, 20)),
            dashed: false,
        },
        Role::DevelopmentBoundary => ControlStyle {
            fill: Color32::TRANSPARENT,
            stroke: s(2.0, Color32::from_rgb(150, 60, 200)),
            dashed: true,
        },
        Role::VillageBoundary => ControlStyle {
            fill: Color32::TRANSPARENT,
            stroke: s(1.5, Color32::from_rgb(200, 120, 200)),
            dashed: true,
        },
    }
}

/// Hex of a colour for SVG (the draft's map).
pub fn hex(c: Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_survey_first_levels_get_their_colours() {
        assert_eq!(land_fill("0103"), LAND_LEGEND[0].2, "旱地 is cultivated");
        assert_eq!(land_fill("0301"), LAND_LEGEND[2].2, "乔木林地 is forest");
        assert_eq!(land_fill("1101"), LAND_LEGEND[4].2, "河流水面 is water");
        assert_eq!(land_fill("0601"), LAND_LEGEND[5].2, "工业用地 is built-up");
        assert_eq!(land_fill(""), LAND_LEGEND[7].2);
    }
}
