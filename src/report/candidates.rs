//! A match's answer as tables for people: the ranked candidates and the 套核 hits, headings in the officer's
//! language, 亩 to two decimals. The CLI (`match --out x.xlsx`) and the app's export both write these.

use super::{Cell, Table};
use crate::library::StockLibrary;
use crate::matching::{Candidate, MatchResult};
use crate::model::{Counties, Lang};

/// The candidates for people (a spreadsheet): headings in the officer's language, 亩 to two decimals.
pub fn candidates_table(candidates: &[Candidate], counties: &Counties, lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let headers: [&str; 14] = if zh {
        [
            "序号",
            "类别",
            "得分",
            "地块编号",
            "存量类型",
            "规划用途",
            "面积（亩）",
            "面积比",
            "需补足增量（亩）",
            "富余（亩）",
            "距离（米）",
            "县区",
            "同县区",
            "理由",
        ]
    } else {
        [
            "rank",
            "class",
            "score",
            "parcels",
            "kind",
            "planned use",
            "area (mu)",
            "ratio",
            "shortfall (mu)",
            "surplus (mu)",
            "distance (m)",
            "county",
            "same county",
            "reasons",
        ]
    };
    let mut t = Table::new(
        lang.pick("存量候选", "Stock candidates"),
        &headers,
        &[0, 2, 6, 7, 8, 9, 10],
    );
    for (k, c) in candidates.iter().enumerate() {
        let reasons: Vec<&str> = c
            .reasons
            .iter()
            .map(|x| if zh { x.zh.as_str() } else { x.en.as_str() })
            .collect();
        t.rows.push(vec![
            Cell::Int(k as i64 + 1),
            Cell::text(if zh { c.class.zh() } else { c.class.en() }),
            Cell::number(c.score, 1),
            Cell::text(c.ids.join("+")),
            Cell::text(if zh { c.kind.zh() } else { c.kind.en() }),
            Cell::text(&c.planned_use.code),
            Cell::Mu(c.area.mu()),
            Cell::number(c.size.ratio, 2),
            Cell::Mu(c.size.shortfall.mu()),
            Cell::Mu(c.size.surplus.mu()),
            Cell::number(c.distance_m, 0),
            Cell::text(
                counties
                    .by_id(&c.county)
                    .map_or(c.county.clone(), |x| lang.pick(&x.name, &x.name_en).to_string()),
            ),
            Cell::text(if zh {
                if c.same_county { "是" } else { "否" }
            } else if c.same_county {
                "yes"
            } else {
                "no"
            }),
            Cell::text(reasons.join("；")),
        ]);
    }
    t
}

/// The 套核 for people: every parcel under the red line with its overlap in 亩 and its shares.
pub fn overlay_table(r: &MatchResult, lib: &StockLibrary, lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let headers: [&str; 5] = if zh {
        ["地块编号", "存量类型", "压占（亩）", "占地块", "占红线"]
    } else {
        ["parcel", "kind", "overlap (mu)", "of parcel", "of footprint"]
    };
    let mut t = Table::new(lang.pick("套核", "Overlay"), &headers, &[2, 3, 4]);
    for h in r.overlay.iter().flat_map(|o| &o.hits) {
        let Some(p) = lib.parcel(h.parcel) else { continue };
        t.rows.push(vec![
            Cell::text(&p.id),
            Cell::text(if zh { p.kind.zh() } else { p.kind.en() }),
            Cell::Mu(h.overlap.mu()),
            Cell::Percent(Some(h.share_of_parcel)),
            Cell::Percent(Some(h.share_of_footprint)),
        ]);
    }
    t
}
