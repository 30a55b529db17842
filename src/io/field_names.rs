//! What a field, layer or file name says by itself, as the national databases name things: the unit of an area
//! field (`PZZMJ_GQ`, `面积（亩）`), the classification of a use-code field (`YDYHFLDM` is 2023 用地用海), and
//! the stock kind of a layer that holds one kind only (`XQ_PEWG`, `批而未供.shp`).

use crate::model::{AreaUnit, LandUseSystem, StockKind};

/// Unit suffixes seen on area fields, longest first so `_PFM` is not read as `M`. Chinese ones may sit in
/// ASCII or full-width brackets or after an underscore.
const UNIT_WORDS: [(&str, AreaUnit); 12] = [
    ("平方米", AreaUnit::SquareMetre),
    ("公顷", AreaUnit::Hectare),
    ("亩", AreaUnit::Mu),
    ("㎡", AreaUnit::SquareMetre),
    ("PFM", AreaUnit::SquareMetre),
    ("M2", AreaUnit::SquareMetre),
    ("GQ", AreaUnit::Hectare),
    ("HA", AreaUnit::Hectare),
    ("MU", AreaUnit::Mu),
    ("GONGQING", AreaUnit::Hectare),
    ("SQM", AreaUnit::SquareMetre),
    ("M²", AreaUnit::SquareMetre),
];

/// Splits a unit off a field name: `PZZMJ_GQ` → (`PZZMJ`, 公顷), `面积（亩）` → (`面积`, 亩), `MJ(m2)` → (`MJ`, m²).
/// ASCII units need a separator (`_`, a bracket) so that `TBMJ` or `DKMJ` are not cut; Chinese ones do not
/// (`面积亩`).
///
/// ```
/// use stockfirst::io::field_names::unit_in_name;
/// use stockfirst::model::AreaUnit;
/// assert_eq!(unit_in_name("PZZMJ_GQ"), Some(("PZZMJ".to_string(), AreaUnit::Hectare)));
/// assert_eq!(unit_in_name("面积（亩）"), Some(("面积".to_string(), AreaUnit::Mu)));
/// assert_eq!(unit_in_name("面积(平方米)"), Some(("面积".to_string(), AreaUnit::SquareMetre)));
/// assert_eq!(unit_in_name("批准面积公顷"), Some(("批准面积".to_string(), AreaUnit::Hectare)));
/// assert_eq!(unit_in_name("mj_mu"), Some(("mj".to_string(), AreaUnit::Mu)));
/// assert_eq!(unit_in_name("TBMJ"), None);
/// assert_eq!(unit_in_name("DKMJ"), None);
/// ```
pub fn unit_in_name(name: &str) -> Option<(String, AreaUnit)> {
    let t = name.trim();
    // Strip one pair of closing brackets: 面积（亩） / 面积(亩) / MJ[m2].
    let (inner, bracketed) = match t.strip_suffix([')', '）', ']', '】']) {
        Some(s) => match s.rfind(['(', '（', '[', '【']) {
            Some(i) => (&s[..i], Some(&s[i..])),
            None => return None,
        },
        None => (t, None),
    };
    if let Some(b) = bracketed {
        let word = b.trim_start_matches(['(', '（', '[', '【']).trim();
        let unit = UNIT_WORDS
            .iter()
            .find(|(w, _)| word.eq_ignore_ascii_case(w))
            .map(|(_, u)| *u)?;
        let base = inner.trim().trim_end_matches('_').to_string();
        return (!base.is_empty()).then_some((base, unit));
    }
    let upper = inner.to_ascii_uppercase();
    for (w, unit) in UNIT_WORDS {
        let Some(base) = upper.strip_suffix(w) else {
            continue;
        };
        let ascii = w.is_ascii();
        let sep = base.ends_with('_');
        if ascii && !sep {
            continue;
        }
        let keep = inner.len() - w.len() - usize::from(sep);
        let base = inner[..keep].trim().to_string();
        if !base.is_empty() {
            return Some((base, unit));
        }
    }
    None
}

/// An area unit as an officer writes it on the command line: 公顷/ha, 亩/mu, 平方米/m2/㎡.
///
/// ```
/// use stockfirst::io::field_names::parse_area_unit;
/// use stockfirst::model::AreaUnit;
/// assert_eq!(parse_area_unit("公顷"), Some(AreaUnit::Hectare));
/// assert_eq!(parse_area_unit("MU"), Some(AreaUnit::Mu));
/// assert_eq!(parse_area_unit("m²"), Some(AreaUnit::SquareMetre));
/// assert_eq!(parse_area_unit("acre"), None);
/// ```
pub fn parse_area_unit(s: &str) -> Option<AreaUnit> {
    Some(match s.trim().to_lowercase().as_str() {
        "公顷" | "ha" | "hectare" | "hectares" | "gq" => AreaUnit::Hectare,
        "亩" | "mu" => AreaUnit::Mu,
        "平方米" | "m2" | "m²" | "㎡" | "sqm" | "pfm" => AreaUnit::SquareMetre,
        _ => return None,
    })
}

/// The classification a use-code field's own name declares: YDYHFL* / GHYDFL* (用地用海分类代码) is 2023.
///
/// ```
/// use stockfirst::io::field_names::use_system_of_field;
/// use stockfirst::model::LandUseSystem;
/// assert_eq!(use_system_of_field("YDYHFLDM"), Some(LandUseSystem::Ydyh2023));
/// assert_eq!(use_system_of_field("ghydfldm"), Some(LandUseSystem::Ydyh2023));
/// assert_eq!(use_system_of_field("用地用海分类代码"), Some(LandUseSystem::Ydyh2023));
/// assert_eq!(use_system_of_field("规划用途"), None);
/// assert_eq!(use_system_of_field("DLBM"), None);
/// ```
pub fn use_system_of_field(name: &str) -> Option<LandUseSystem> {
    let u = name.trim().to_ascii_uppercase();
    let is_2023 = u.starts_with("YDYHFL") || u.starts_with("GHYDFL") || u.contains("用地用海");
    // DLBM (三调 地类编码) is left undeclared on purpose: stock files reuse it for planned 2023 codes.
    is_2023.then_some(LandUseSystem::Ydyh2023)
}

/// Layer and file names that hold one kind of stock only, as the national databases name them.
const KIND_WORDS: [(&str, StockKind); 10] = [
    ("批而未供", StockKind::ApprovedUnsupplied),
    ("PEWG", StockKind::ApprovedUnsupplied),
    ("闲置", StockKind::Idle),
    ("XZTD", StockKind::Idle),
    ("低效", StockKind::Inefficient),
    ("DXYD", StockKind::Inefficient),
    ("废弃", StockKind::Abandoned),
    ("FQD", StockKind::Abandoned),
    ("集体建设用地", StockKind::Collective),
    ("JTJSYD", StockKind::Collective),
];

/// The stock kind a layer or file name states, when it states exactly one.
///
/// ```
/// use stockfirst::io::field_names::kind_in_name;
/// use stockfirst::model::StockKind;
/// assert_eq!(kind_in_name("XQ_PEWG"), Some(StockKind::ApprovedUnsupplied));
/// assert_eq!(kind_in_name("修武县批而未供土地2025"), Some(StockKind::ApprovedUnsupplied));
/// assert_eq!(kind_in_name("xztd_2024"), Some(StockKind::Idle));
/// assert_eq!(kind_in_name("城镇低效用地"), Some(StockKind::Inefficient));
/// assert_eq!(kind_in_name("parcels"), None);
/// // Two kinds named: no guess.
/// assert_eq!(kind_in_name("批而未供及闲置"), None);
/// ```
pub fn kind_in_name(name: &str) -> Option<StockKind> {
    let u = name.to_ascii_uppercase();
    let mut found: Option<StockKind> = None;
    for (w, k) in KIND_WORDS {
        if u.contains(w) {
            match found {
                Some(f) if f != k => return None,
                _ => found = Some(k),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_brackets_and_after_underscores() {
        let cases = [
            ("MJ_GQ", Some(("MJ", AreaUnit::Hectare))),
            ("PZZMJ（公顷）", Some(("PZZMJ", AreaUnit::Hectare))),
            ("面积【亩】", Some(("面积", AreaUnit::Mu))),
            ("MJ(㎡)", Some(("MJ", AreaUnit::SquareMetre))),
            ("MJ_PFM", Some(("MJ", AreaUnit::SquareMetre))),
            ("面积亩", Some(("面积", AreaUnit::Mu))),
            ("(亩)", None),
            ("MJ(备注)", None),
            ("XMMC", None),
            ("HA", None),
        ];
        for (name, want) in cases {
            let got = unit_in_name(name);
            let want = want.map(|(b, u)| (b.to_string(), u));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn kind_words_each_map_to_their_kind() {
        for (w, k) in KIND_WORDS {
            assert_eq!(kind_in_name(&format!("XQ_{w}_2025")), Some(k), "{w}");
            assert_eq!(kind_in_name(&w.to_lowercase()), Some(k), "{w} lower case");
        }
    }
}
