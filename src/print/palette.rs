//! The print map's colours as plain RGB, the same values the screen map uses (`ui::map::style`,
//! `ui::map::control_style`), so a printed sheet reads like the app. Kept here because the print room may not import
//! the app.

use crate::controls::Role;
use crate::model::StockKind;

pub type Rgb = (u8, u8, u8);

/// `#rrggbb` for SVG.
///
/// ```
/// assert_eq!(stockfirst::print::palette::hex((220, 0, 0)), "#dc0000");
/// ```
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Fill of a stock kind (clause 一 order, warm to cool), as on screen.
pub fn kind(k: StockKind) -> Rgb {
    match k {
        StockKind::ApprovedUnsupplied => (230, 85, 13),
        StockKind::Idle => (253, 174, 107),
        StockKind::Inefficient => (158, 154, 200),
        StockKind::Abandoned => (140, 140, 140),
        StockKind::Collective => (116, 196, 118),
    }
}

pub const RED_LINE: Rgb = (220, 0, 0);
pub const CANDIDATE: Rgb = (255, 0, 200);
pub const HIT: Rgb = (187, 0, 0);
pub const OUTLINE: Rgb = (85, 85, 85);
pub const BACKGROUND: Rgb = (244, 242, 236);
pub const COUNTY_LINE: Rgb = (90, 90, 90);

/// The 地类图斑 legend (三调 first levels): (zh, colour).
pub const LAND_LEGEND: [(&str, Rgb); 8] = [
    ("耕地", (250, 240, 160)),
    ("园地", (240, 200, 120)),
    ("林地", (80, 160, 90)),
    ("草地", (170, 215, 130)),
    ("湿地 / 水域", (130, 180, 230)),
    ("城镇村及工矿用地", (225, 150, 140)),
    ("交通运输用地", (175, 175, 175)),
    ("其他土地", (225, 220, 205)),
];

/// Index into [`LAND_LEGEND`] of a 图斑 by its DLBM's first two characters.
pub fn land_group(dlbm: &str) -> usize {
    match dlbm.get(..2).unwrap_or("") {
        "01" => 0,
        "02" => 1,
        "03" => 2,
        "04" => 3,
        "00" | "11" => 4,
        "05" | "06" | "07" | "08" | "09" | "20" => 5,
        "10" => 6,
        _ => 7,
    }
}

/// Outline of a control layer: (colour, width in mm on paper, dashed).
pub fn control_stroke(role: Role) -> (Rgb, f64, bool) {
    match role {
        Role::LandSurvey => ((150, 150, 120), 0.1, false),
        Role::Forest => ((40, 110, 50), 0.1, false),
        Role::PermanentFarmland => ((160, 110, 20), 0.35, false),
        Role::EcologicalRedline => ((220, 20, 20), 0.45, false),
        Role::DevelopmentBoundary => ((150, 60, 200), 0.45, true),
        Role::VillageBoundary => ((200, 120, 200), 0.35, true),
    }
}

/// Whether a role's 图斑 are filled by 地类 (the others are outlines only).
pub fn control_filled(role: Role) -> bool {
    matches!(role, Role::LandSurvey | Role::Forest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survey_codes_fall_in_their_first_level() {
        assert_eq!(LAND_LEGEND[land_group("0103")].0, "耕地");
        assert_eq!(LAND_LEGEND[land_group("1101")].0, "湿地 / 水域");
        assert_eq!(LAND_LEGEND[land_group("")].0, "其他土地");
    }
}
