//! Map colours: by stock kind or by use group (用地用海 first level).

use egui::Color32;

use crate::model::{LandUse, StockKind};

/// Fill colour of a stock kind, in clause (一) order from warm (use first) to cool.
pub fn kind_color(k: StockKind) -> Color32 {
    match k {
        StockKind::ApprovedUnsupplied => Color32::from_rgb(230, 85, 13),
        StockKind::Idle => Color32::from_rgb(253, 174, 107),
        StockKind::Inefficient => Color32::from_rgb(158, 154, 200),
        StockKind::Abandoned => Color32::from_rgb(140, 140, 140),
        StockKind::Collective => Color32::from_rgb(116, 196, 118),
    }
}

/// Use groups shown in the legend: (first-level code prefixes, zh, en, colour).
pub const USE_GROUPS: [(&[&str], &str, &str, Color32); 9] = [
    (&["07"], "居住用地", "Residential", Color32::from_rgb(255, 220, 110)),
    (
        &["08"],
        "公共管理与公共服务",
        "Public services",
        Color32::from_rgb(240, 120, 170),
    ),
    (&["09"], "商业服务业", "Commercial", Color32::from_rgb(230, 60, 60)),
    (&["10"], "工矿用地", "Industrial", Color32::from_rgb(170, 120, 80)),
    (&["11"], "仓储用地", "Storage", Color32::from_rgb(150, 110, 200)),
    (&["12"], "交通运输", "Transport", Color32::from_rgb(120, 120, 120)),
    (&["13"], "公用设施", "Utilities", Color32::from_rgb(60, 150, 200)),
    (&["14"], "绿地与开敞空间", "Green space", Color32::from_rgb(90, 180, 90)),
    (&[], "其他", "Other", Color32::from_rgb(200, 200, 200)),
];

/// Index into [`USE_GROUPS`] of a planned use.
pub fn use_group(u: &LandUse) -> usize {
    let l1 = u.level1();
    USE_GROUPS
        .iter()
        .position(|(p, ..)| p.contains(&l1))
        .unwrap_or(USE_GROUPS.len() - 1)
}

pub fn use_color(u: &LandUse) -> Color32 {
    USE_GROUPS[use_group(u)].3
}

pub const OUTLINE: Color32 = Color32::from_rgb(60, 60, 60);
pub const HOVER: Color32 = Color32::from_rgb(0, 200, 255);
pub const SELECTED: Color32 = Color32::from_rgb(0, 90, 255);
pub const SKETCH: Color32 = Color32::from_rgb(220, 0, 0);
pub const CANDIDATE: Color32 = Color32::from_rgb(255, 0, 200);
/// Proposed red lines (选址建议).
pub const PROPOSAL: Color32 = Color32::from_rgb(0, 110, 230);
pub const BACKGROUND: Color32 = Color32::from_rgb(244, 242, 236);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_groups_by_first_level() {
        assert_eq!(USE_GROUPS[use_group(&LandUse::ydyh("100102"))].1, "工矿用地");
        assert_eq!(USE_GROUPS[use_group(&LandUse::ydyh("070102"))].1, "居住用地");
        assert_eq!(USE_GROUPS[use_group(&LandUse::ydyh("23"))].1, "其他");
    }
}
