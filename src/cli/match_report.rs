//! `stockfirst match` as people and spreadsheets read it: the 套核 and the ranked candidates as text, and the
//! candidates as a table (CSV with a BOM, XLSX).

use std::fmt::Write as _;

use crate::library::StockLibrary;
use crate::matching::{MatchResult, Requirement};
use crate::model::{Counties, LandUseCatalog, Lang};
use crate::report::{Cell, Table};

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The readable report: 套核 first, then the ranked candidates with their reasons.
pub fn render_table(
    r: &MatchResult,
    req: &Requirement,
    lib: &StockLibrary,
    counties: &Counties,
    catalog: &LandUseCatalog,
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let use_name = |lu: &crate::model::LandUse| {
        if zh { catalog.name_zh(lu) } else { catalog.name_en(lu) }
    };
    let county_name = |id: &str| {
        counties
            .by_id(id)
            .map(|c| if zh { c.name.clone() } else { c.name_en.clone() })
            .unwrap_or_else(|| id.to_string())
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {}  {} {:.2} {}  {} {}  {} {}",
        lang.pick("项目用途", "Use"),
        req.land_use.code,
        use_name(&req.land_use),
        lang.pick("需求面积", "required"),
        r.required.mu(),
        lang.pick("亩", "mu"),
        lang.pick("县区", "county"),
        r.county.as_deref().map(county_name).unwrap_or_else(|| "-".into()),
        lang.pick("层级", "tier"),
        if zh { r.tier.zh() } else { r.tier.en() },
    );
    s.push_str(&super::county_note::county_lines(r, lang));
    if let Some(o) = &r.overlay {
        let _ = writeln!(
            s,
            "\n{}: {} {:.2} {u}, {} {:.2} {u} ({}), {} {:.2} {u}",
            lang.pick("套核（条款（二））", "Overlay (clause 二)"),
            lang.pick("红线", "footprint"),
            o.footprint.mu(),
            lang.pick("压占存量", "on stock"),
            o.on_stock.mu(),
            pct(o.stock_share),
            lang.pick("新增建设用地", "new construction land"),
            o.new_land.mu(),
            u = lang.pick("亩", "mu"),
        );
        if o.overlapping_stock {
            let _ = writeln!(
                s,
                "  {}",
                lang.pick(
                    "注意：图库地块相互重叠，已按合并面积计",
                    "note: library parcels overlap here; counted once"
                )
            );
        }
        let _ = writeln!(
            s,
            "  {:<22} {:<10} {:>10} {:>9} {:>9}",
            lang.pick("地块编号", "parcel"),
            lang.pick("类型", "kind"),
            lang.pick("压占(亩)", "overlap mu"),
            lang.pick("占地块", "of parcel"),
            lang.pick("占红线", "of footprint"),
        );
        for h in o.hits.iter().take(20) {
            if let Some(p) = lib.parcel(h.parcel) {
                let _ = writeln!(
                    s,
                    "  {:<22} {:<10} {:>10.2} {:>9} {:>9}",
                    p.id,
                    if zh { p.kind.zh() } else { p.kind.en() },
                    h.overlap.mu(),
                    pct(h.share_of_parcel),
                    pct(h.share_of_footprint)
                );
            }
        }
        if o.hits.len() > 20 {
            let _ = writeln!(
                s,
                "  … {} {}",
                o.hits.len() - 20,
                lang.pick("块未列出", "more not shown")
            );
        }
        for (i, e) in &o.failed {
            let id = lib.parcel(*i).map(|p| p.id.as_str()).unwrap_or("?");
            let _ = writeln!(s, "  {} {id}: {e}", lang.pick("无法计算", "could not compute"));
        }
    }
    let _ = writeln!(
        s,
        "\n{} ({} {}{})",
        lang.pick("存量候选", "Stock candidates"),
        lang.pick("检查地块", "parcels examined"),
        r.examined,
        if r.stopped_early {
            lang.pick("，已提前确定", ", list settled early")
        } else {
            ""
        }
    );
    if r.candidates.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            lang.pick(
                "无符合条件的存量地块：需全部使用新增建设用地",
                "no stock fits: all new construction land"
            )
        );
    }
    for (k, c) in r.candidates.iter().enumerate() {
        let _ = writeln!(
            s,
            "{:>2}. [{}] {} {:.1}  {}  {}  {} {} {}  {:.2} {} ×{:.2}  {:.0} m  {}",
            k + 1,
            if zh { c.class.zh() } else { c.class.en() },
            lang.pick("得分", "score"),
            c.score,
            c.ids.join("+"),
            if zh { c.kind.zh() } else { c.kind.en() },
            c.planned_use.code,
            use_name(&c.planned_use),
            if c.is_merged() {
                lang.pick("(归并)", "(merged)")
            } else {
                ""
            },
            c.area.mu(),
            lang.pick("亩", "mu"),
            c.size.ratio,
            c.distance_m,
            county_name(&c.county),
        );
        for reason in &c.reasons {
            let _ = writeln!(s, "      {}", if zh { &reason.zh } else { &reason.en });
        }
    }
    s
}

/// One line per candidate, for spreadsheets.
pub fn csv_table(r: &MatchResult) -> Table {
    let mut t = Table::new(
        "candidates",
        &[
            "rank",
            "class",
            "score",
            "parcels",
            "kind",
            "planned_use",
            "area_mu",
            "ratio",
            "shortfall_mu",
            "surplus_mu",
            "distance_m",
            "county",
            "same_county",
        ],
        &[0, 2, 6, 7, 8, 9, 10],
    );
    for (k, c) in r.candidates.iter().enumerate() {
        t.rows.push(vec![
            Cell::Int(k as i64 + 1),
            Cell::text(c.class.zh()),
            Cell::number(c.score, 2),
            Cell::text(c.ids.join(";")),
            Cell::text(c.kind.code()),
            Cell::text(&c.planned_use.code),
            Cell::number(c.area.mu(), 4),
            Cell::number(c.size.ratio, 4),
            Cell::number(c.size.shortfall.mu(), 4),
            Cell::number(c.size.surplus.mu(), 4),
            Cell::number(c.distance_m, 1),
            Cell::text(&c.county),
            Cell::text(c.same_county.to_string()),
        ]);
    }
    t
}

/// The candidates as CSV (BOM, CRLF, RFC 4180).
pub fn render_csv(r: &MatchResult) -> String {
    crate::report::csv::csv(&csv_table(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io;
    use crate::matching::{MatchOptions, match_project};
    use crate::model::{Area, LandUse, Parcel, StockKind};
    use geo::{Coord, MultiPolygon, polygon};

    fn lib() -> StockLibrary {
        let (x, y) = (38_452_000.0, 3_905_000.0);
        // 200 m × 200 m = 40 000 m² = 60 亩.
        let sq = MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + 200.0, y: y), (x: x + 200.0, y: y + 200.0), (x: x, y: y + 200.0)],
        ]);
        StockLibrary::new(vec![Parcel::new(
            "410821-PEWG-00001",
            StockKind::ApprovedUnsupplied,
            LandUse::ydyh("100101"),
            "410821",
            sq,
        )])
    }

    #[test]
    fn table_and_csv_show_the_candidate() {
        let lib = lib();
        let rules = io::match_rules().unwrap();
        let req = Requirement::at_point(
            Coord {
                x: 38_451_900.0,
                y: 3_905_100.0,
            },
            LandUse::ydyh("1001"),
            Area::from_mu(60.0),
        )
        .unwrap();
        let r = match_project(&lib, &req, &rules, &MatchOptions::default());
        let counties = io::assets::counties().unwrap();
        let cat = io::assets::land_use_catalog().unwrap();
        let zh = render_table(&r, &req, &lib, &counties, &cat, Lang::Zh);
        assert!(
            zh.contains("直接首选") && zh.contains("修武县") && zh.contains("60.00 亩"),
            "{zh}"
        );
        let en = render_table(&r, &req, &lib, &counties, &cat, Lang::En);
        assert!(en.contains("direct first choice") && en.contains("Xiuwu"), "{en}");
        let csv = render_csv(&r);
        // 60 亩 for 60: ratio 1; the point is 100 m west of the parcel's edge.
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .contains(",410821-PEWG-00001,PEWG,100101,60.0000,1.0000,"),
            "{csv}"
        );
        assert!(csv.contains(",100.0,410821,"), "{csv}");
    }
}
