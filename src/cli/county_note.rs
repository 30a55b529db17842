//! The county part of `stockfirst match` output: how the county was known, and the clause (十二) finding when the
//! red line crosses a county line (不跨行政界线 → 属地参与选址), with the 亩 in each county.

use std::fmt::Write as _;

use crate::matching::MatchResult;
use crate::model::Lang;

/// Text lines for the table output (empty when there is nothing to say).
pub fn county_lines(r: &MatchResult, lang: Lang) -> String {
    let mut s = String::new();
    if r.county.is_some() && r.county_source != crate::matching::CountySource::Given {
        let how = match r.county_source {
            crate::matching::CountySource::Boundary => lang.pick("按县界判定", "from the county outline"),
            _ => lang.pick(
                "不在县界内，按邻近地块推定",
                "outside every county outline: from the nearest parcels",
            ),
        };
        let _ = writeln!(s, "{}: {how}", lang.pick("县区来源", "county from"));
    }
    if let Some(w) = crate::matching::crossing_warning(&r.crosses_counties, lang) {
        let _ = writeln!(s, "\n{} {w}", lang.pick("⚠ 跨县界：", "⚠ Crosses a county line:"));
    }
    s
}

/// Adds `county_warning` and each part's `mu` to the JSON of a match result.
pub fn add_county_json(v: &mut serde_json::Value, r: &MatchResult, lang: Lang) {
    // The clause (十二) finding in words, and each county's part in 亩, beside the raw areas.
    if let (Some(w), Some(obj)) = (
        crate::matching::crossing_warning(&r.crosses_counties, lang),
        v.as_object_mut(),
    ) {
        obj.insert("county_warning".into(), w.into());
    }
    if let Some(parts) = v.get_mut("crosses_counties").and_then(|p| p.as_array_mut()) {
        for (p, share) in parts.iter_mut().zip(&r.crosses_counties) {
            if let Some(obj) = p.as_object_mut() {
                obj.insert("mu".into(), share.area.mu().into());
            }
        }
    }
}
