//! 存量地块台账: every parcel of a library as one row (地块编号, 名称, 县区, 类型, 规划用途, 状态, 面积 in 亩 …), for
//! `stockfirst info --out 台账.xlsx` and any other export of the library as a register.

use super::{Cell, Table};
use crate::library::StockLibrary;
use crate::model::{Counties, LandUseCatalog, Lang};

/// The register of `lib`, in the library's order.
pub fn register_table(lib: &StockLibrary, counties: &Counties, catalog: &LandUseCatalog, lang: Lang) -> Table {
    let zh = lang == Lang::Zh;
    let headers: [&str; 12] = if zh {
        [
            "地块编号",
            "地块名称",
            "县区",
            "存量类型",
            "规划用途代码",
            "规划用途",
            "状态",
            "面积（亩）",
            "属性面积（亩）",
            "批准文号",
            "批准年份",
            "闲置日期",
        ]
    } else {
        [
            "parcel id",
            "name",
            "county",
            "kind",
            "use code",
            "use",
            "status",
            "area (mu)",
            "stated area (mu)",
            "approval no",
            "approval year",
            "idle since",
        ]
    };
    let mut t = Table::new(lang.pick("存量地块台账", "Stock register"), &headers, &[7, 8, 10]);
    let text = |s: &Option<Box<str>>| s.as_deref().map(Cell::text).unwrap_or(Cell::Empty);
    for p in lib.parcels() {
        t.rows.push(vec![
            Cell::text(&p.id),
            Cell::text(&p.name),
            Cell::text(
                counties
                    .by_id(&p.county)
                    .map_or(p.county.clone(), |c| lang.pick(&c.name, &c.name_en).to_string()),
            ),
            Cell::text(if zh { p.kind.zh() } else { p.kind.en() }),
            Cell::text(&p.planned_use.code),
            Cell::text(if zh {
                catalog.name_zh(&p.planned_use)
            } else {
                catalog.name_en(&p.planned_use)
            }),
            Cell::text(if zh { p.status.zh() } else { p.status.en() }),
            Cell::Mu(p.area.mu()),
            p.stated_area.map(|a| Cell::Mu(a.mu())).unwrap_or(Cell::Empty),
            text(&p.approval_no),
            p.approval_year
                .filter(|y| *y > 0)
                .map(|y| Cell::Int(i64::from(y)))
                .unwrap_or(Cell::Empty),
            text(&p.idle_since),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, Parcel, StockKind};
    use geo::{MultiPolygon, polygon};

    #[test]
    fn a_parcel_is_a_row_with_its_area_in_mu() {
        // 100 m × 40 m = 4 000 m² = 6 亩.
        let sq = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 40.0), (x: 0.0, y: 40.0)],
        ]);
        let lib = StockLibrary::new(vec![Parcel::new(
            "410821-PEWG-00001",
            StockKind::ApprovedUnsupplied,
            LandUse::ydyh("100101"),
            "410821",
            sq,
        )]);
        let counties = crate::io::assets::counties().unwrap();
        let catalog = crate::io::assets::land_use_catalog().unwrap();
        let t = register_table(&lib, &counties, &catalog, Lang::Zh);
        let row = &t.text_rows()[0];
        assert_eq!(row[..5], ["410821-PEWG-00001", "", "修武县", "批而未供", "100101"]);
        assert_eq!(row[7], "6.00");
        assert_eq!(t.rows[0][8], Cell::Empty);
    }
}
