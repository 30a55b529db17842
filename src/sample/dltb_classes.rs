//! Which 三调 地类 a synthetic 图斑 gets, and its attributes, by where it lies.
//!
//! Codes are the 三调 工作分类 (GB/T 21010-2017 with the 三调 additions 05H1, 08H1, 08H2, 0810A, 1104A, the
//! 可调整 K codes), not the 2023 用地用海 codes of the stock library.

use super::SplitMix64;

/// (DLBM, DLMC) of every code the generator writes.
pub const CODES: &[(&str, &str)] = &[
    ("0101", "水田"),
    ("0102", "水浇地"),
    ("0103", "旱地"),
    ("0201", "果园"),
    ("0201K", "可调整果园"),
    ("0204", "其他园地"),
    ("0301", "乔木林地"),
    ("0301K", "可调整乔木林地"),
    ("0305", "灌木林地"),
    ("0307", "其他林地"),
    ("0404", "其他草地"),
    ("05H1", "商业服务业设施用地"),
    ("0508", "物流仓储用地"),
    ("0601", "工业用地"),
    ("0602", "采矿用地"),
    ("0701", "城镇住宅用地"),
    ("0702", "农村宅基地"),
    ("08H1", "机关团体新闻出版用地"),
    ("08H2", "科教文卫用地"),
    ("0809", "公用设施用地"),
    ("0810", "公园与绿地"),
    ("0810A", "广场用地"),
    ("09", "特殊用地"),
    ("1003", "公路用地"),
    ("1004", "城镇村道路用地"),
    ("1005", "交通服务场站用地"),
    ("1006", "农村道路"),
    ("1101", "河流水面"),
    ("1104", "坑塘水面"),
    ("1104A", "养殖坑塘"),
    ("1106", "内陆滩涂"),
    ("1107", "沟渠"),
    ("1107A", "干渠"),
    ("1109", "水工建筑用地"),
    ("1201", "空闲地"),
    ("1202", "设施农用地"),
    ("1207", "裸岩石砾地"),
];

pub fn name_of(code: &str) -> &'static str {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n).unwrap_or("")
}

pub fn is_cultivated(code: &str) -> bool {
    matches!(code, "0101" | "0102" | "0103")
}

/// Where a 图斑 lies, as far as its 地类 is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Setting {
    /// In a river channel (distance to the centre line below the half-width).
    River,
    /// On a river's floodplain.
    Floodplain,
    /// In the hills; the number is the 耕地坡度级别 (2–5) the slope would get.
    Hills(u8),
    /// In a town or an industrial park.
    Town,
    /// In a village.
    Village,
    /// The plain; `near_river` allows paddy (水田 is grown only near the Yellow River here).
    Plain { near_river: bool },
}

fn pick(rng: &mut SplitMix64, table: &[(&'static str, f64)]) -> &'static str {
    let w: Vec<f64> = table.iter().map(|(_, w)| *w).collect();
    table[rng.weighted(&w)].0
}

/// A 地类 for a 图斑 in this setting.
pub fn class_for(setting: Setting, rng: &mut SplitMix64) -> &'static str {
    match setting {
        Setting::River => pick(rng, &[("1101", 0.9), ("1106", 0.1)]),
        Setting::Floodplain => pick(
            rng,
            &[
                ("1106", 0.35),
                ("0404", 0.15),
                ("0301", 0.10),
                ("0102", 0.20),
                ("1104A", 0.08),
                ("1109", 0.04),
                ("1107A", 0.04),
                ("0307", 0.04),
            ],
        ),
        Setting::Hills(slope) => {
            let dry = if slope <= 3 { 0.14 } else { 0.05 };
            pick(
                rng,
                &[
                    ("0301", 0.30),
                    ("0301K", 0.02),
                    ("0305", 0.22),
                    ("0307", 0.08),
                    ("0404", 0.18),
                    ("1207", 0.04),
                    ("0103", dry),
                    ("0201", 0.02),
                    ("0702", 0.02),
                    ("0602", 0.02),
                    ("1006", 0.02),
                ],
            )
        }
        Setting::Town => pick(
            rng,
            &[
                ("0701", 0.28),
                ("05H1", 0.12),
                ("0601", 0.15),
                ("0508", 0.05),
                ("08H1", 0.03),
                ("08H2", 0.07),
                ("0809", 0.03),
                ("0810", 0.04),
                ("0810A", 0.01),
                ("09", 0.01),
                ("1004", 0.10),
                ("1005", 0.01),
                ("1201", 0.02),
                ("0102", 0.05),
                ("0702", 0.02),
                ("1104", 0.01),
            ],
        ),
        Setting::Village => pick(
            rng,
            &[
                ("0702", 0.55),
                ("0601", 0.08),
                ("05H1", 0.04),
                ("1006", 0.05),
                ("1104", 0.03),
                ("0102", 0.12),
                ("1202", 0.05),
                ("0307", 0.04),
                ("08H2", 0.02),
                ("1201", 0.02),
            ],
        ),
        Setting::Plain { near_river } => pick(
            rng,
            &[
                ("0101", if near_river { 0.12 } else { 0.0 }),
                ("0102", 0.55),
                ("0103", 0.14),
                ("0201", 0.03),
                ("0201K", 0.01),
                ("0204", 0.01),
                ("1006", 0.04),
                ("1107", 0.03),
                ("1104", 0.02),
                ("1104A", 0.01),
                ("1202", 0.02),
                ("0702", 0.03),
                ("0307", 0.03),
                ("0404", 0.02),
                ("1003", 0.01),
                ("0301", 0.01),
            ],
        ),
    }
}

/// The 三调 地类 a stock parcel's planned use (2023 用地用海 code) most likely stands on today.
pub fn built_class_for_use(use_code: &str) -> &'static str {
    let two = use_code.get(..2).unwrap_or("");
    match two {
        "07" if use_code.starts_with("0703") => "0702",
        "07" => "0701",
        "08" => "08H2",
        "09" => "05H1",
        "10" => "0601",
        "11" => "0508",
        "12" => "1005",
        "13" => "0809",
        "14" => "0810",
        "16" | "23" => "1201",
        _ => "1201",
    }
}

/// Cultivated-land attributes: 耕地坡度级别, 田坎系数, 耕地类型, 种植属性.
#[derive(Debug, Clone, PartialEq)]
pub struct Cultivation {
    pub gdpdjb: String,
    pub kcxs: f64,
    pub gdlx: String,
    pub zzsxdm: String,
}

/// 田坎 grows with slope on 旱地; 水田 and 水浇地 on the plain are levelled and have none or almost none.
/// Ranges follow the published provincial coefficient tables' order of magnitude (level 1: ≤ 2°, … level 5: > 25°).
pub fn cultivation(code: &str, slope: u8, rng: &mut SplitMix64) -> Option<Cultivation> {
    if !is_cultivated(code) {
        return None;
    }
    let slope = slope.clamp(1, 5);
    let round4 = |v: f64| (v * 10_000.0).round() / 10_000.0;
    let kcxs = match (code, slope) {
        ("0103", 1) => rng.uniform(0.02, 0.04),
        ("0103", 2) => rng.uniform(0.04, 0.07),
        ("0103", 3) => rng.uniform(0.07, 0.10),
        ("0103", 4) => rng.uniform(0.10, 0.13),
        ("0103", _) => rng.uniform(0.13, 0.15),
        (_, 1) if rng.unit() < 0.6 => 0.0,
        (_, 1) => rng.uniform(0.005, 0.015),
        _ => rng.uniform(0.01, 0.03),
    };
    let gdlx = match slope {
        1 => "",
        2 => "PD",
        _ if rng.unit() < 0.6 => "TT",
        _ => "PD",
    };
    let zzsxdm = *[("LS", 0.8), ("FLS", 0.1), ("LYFL", 0.05), ("XG", 0.03), ("WG", 0.02)]
        .get(rng.weighted(&[0.8, 0.1, 0.05, 0.03, 0.02]))
        .map(|(c, _)| c)
        .unwrap_or(&"LS");
    Some(Cultivation {
        gdpdjb: slope.to_string(),
        kcxs: round4(kcxs),
        gdlx: gdlx.into(),
        zzsxdm: zzsxdm.into(),
    })
}

/// 权属性质: state land in towns, on roads and rivers; collective elsewhere.
pub fn ownership(code: &str, setting: Setting, rng: &mut SplitMix64) -> &'static str {
    let state = matches!(code, "1003" | "1101" | "1107A" | "1109" | "09")
        || (setting == Setting::Town && !is_cultivated(code) && code != "0702");
    if state {
        if rng.unit() < 0.7 { "20" } else { "10" }
    } else if rng.unit() < 0.8 {
        "30"
    } else {
        "31"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_code_has_a_name_and_kcxs_follows_slope() {
        let mut rng = SplitMix64::new(3);
        for s in [
            Setting::River,
            Setting::Floodplain,
            Setting::Hills(4),
            Setting::Town,
            Setting::Village,
            Setting::Plain { near_river: true },
        ] {
            for _ in 0..200 {
                assert!(!name_of(class_for(s, &mut rng)).is_empty());
            }
        }
        let mean = |code: &str, slope: u8, rng: &mut SplitMix64| {
            (0..200)
                .filter_map(|_| cultivation(code, slope, rng))
                .map(|c| c.kcxs)
                .sum::<f64>()
                / 200.0
        };
        let (flat, steep) = (mean("0103", 1, &mut rng), mean("0103", 5, &mut rng));
        assert!(flat >= 0.02 && steep <= 0.15 && steep > 3.0 * flat, "{flat} {steep}");
        assert!(mean("0102", 1, &mut rng) < 0.01);
        assert!(cultivation("0301", 3, &mut rng).is_none());
    }
}
