//! 智能选址 (issue 15): a red line grown from a point takes the stock next to it, never 永久基本农田, and steers its
//! increment off 耕地 (clause 一); boxed in, it says which constraint and how much is missing. Hand-built layers.

use geo::{Area as _, BooleanOps, Coord, MultiPolygon, polygon};
use stockfirst::controls::{ControlFeature, ControlLayer, ControlLayers, GaussKruger, Role};
use stockfirst::library::StockLibrary;
use stockfirst::matching::Requirement;
use stockfirst::model::{Area, LandUse, Parcel, StockKind};
use stockfirst::propose::{Controls, SiteError, propose_sites};

const X: f64 = 38_450_000.0;
const Y: f64 = 3_900_000.0;

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: X + x0, y: Y + y0), (x: X + x1, y: Y + y0), (x: X + x1, y: Y + y1), (x: X + x0, y: Y + y1)],
    ])
}

/// Stock: a 100 m square (15 亩) east of the point. 永久基本农田 west of x = −20 m. DLTB: 旱地 (耕地) north of
/// y = 70 m (a cell edge), 农村宅基地 south of it.
fn ground() -> (StockLibrary, ControlLayers) {
    let lib = StockLibrary::new(vec![Parcel::new(
        "S",
        StockKind::Idle,
        LandUse::ydyh("100101"),
        "410804",
        rect(0.0, -50.0, 100.0, 50.0),
    )]);
    let farmland = ControlLayer::new(
        Role::PermanentFarmland,
        "t:YJJBNT",
        vec![ControlFeature::new("F", rect(-2000.0, -2000.0, -20.0, 2000.0)).with_code("0103", "旱地")],
    );
    let dltb = ControlLayer::new(
        Role::LandSurvey,
        "t:DLTB",
        vec![
            ControlFeature::new("1", rect(-2000.0, 70.0, 2000.0, 2000.0)).with_code("0103", "旱地"),
            ControlFeature::new("2", rect(-2000.0, -2000.0, 2000.0, 70.0)).with_code("0702", "农村宅基地"),
        ],
    );
    (lib, ControlLayers::new(vec![farmland, dltb]))
}

fn intersection_m2(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    let o = Coord { x: X, y: Y };
    let shift = |g: &MultiPolygon<f64>| {
        use geo::MapCoords;
        g.map_coords(|c| Coord {
            x: c.x - o.x,
            y: c.y - o.y,
        })
    };
    shift(a).intersection(&shift(b)).unsigned_area()
}

#[test]
fn the_grown_red_line_takes_the_stock_avoids_farmland_and_cultivated_land() {
    let (lib, layers) = ground();
    let rules = stockfirst::io::match_rules().unwrap();
    let control_rules = stockfirst::io::control_rules::builtin_control_rules().unwrap();
    let gk = GaussKruger::working();
    let c = Controls {
        layers: &layers,
        rules: &control_rules,
        inv: &gk,
    };
    // 30 亩 = 20 000 m² = 50 cells of 20 m.
    let req = Requirement::at_point(
        Coord { x: X - 10.0, y: Y },
        LandUse::ydyh("100101"),
        Area::from_mu(30.0),
    )
    .unwrap()
    .with_county("410804");
    let sites = propose_sites(&lib, &req, &rules, 2, &c).unwrap();
    let s = &sites[0];
    let area = s.footprint.unsigned_area();
    assert!((area - 20_000.0).abs() < 1e-6, "{area}");
    // The grid lines up with the parcel here, so all of it is taken: 15 亩 on stock, 15 亩 new.
    assert!((s.on_stock.mu() - 15.0).abs() < 1e-6, "{}", s.on_stock.mu());
    assert!((s.increment.mu() - 15.0).abs() < 1e-6);
    assert_eq!(s.parcels, vec!["S".to_string()]);
    // Never the farmland; the increment on 宅基地, not 旱地 (clause 一).
    assert_eq!(
        intersection_m2(&s.footprint, &rect(-2000.0, -2000.0, -20.0, 2000.0)),
        0.0
    );
    let cult = s.cultivated_in_increment.unwrap().mu();
    assert!(cult < 1e-6, "cultivated {cult}");
    let f = s.site.as_ref().unwrap();
    assert_eq!(f.distance_m, 0.0, "the point lies in the red line");
    assert!(f.compactness > 0.6 && f.compactness <= 1.0 + 1e-9, "{}", f.compactness);
    assert!(
        f.land_classes
            .iter()
            .any(|(code, _, a)| code == "0702" && (a.mu() - 15.0).abs() < 1e-6),
        "{:?}",
        f.land_classes
    );
    assert!(s.reasons.iter().any(|r| r.zh.contains("条款（一）")));
}

#[test]
fn boxed_in_by_farmland_it_says_how_much_is_missing() {
    let (lib, _) = ground();
    // Farmland all around but a 100 m × 100 m pocket: 15 亩 reachable of 30.
    let ring = rect(-1000.0, -1000.0, 1000.0, 1000.0).difference(&rect(-50.0, -50.0, 50.0, 50.0));
    let layers = ControlLayers::new(vec![ControlLayer::new(
        Role::PermanentFarmland,
        "t:YJJBNT",
        vec![ControlFeature::new("F", ring)],
    )]);
    let rules = stockfirst::io::match_rules().unwrap();
    let control_rules = stockfirst::io::control_rules::builtin_control_rules().unwrap();
    let gk = GaussKruger::working();
    let c = Controls {
        layers: &layers,
        rules: &control_rules,
        inv: &gk,
    };
    let req = Requirement::at_point(Coord { x: X, y: Y }, LandUse::ydyh("100101"), Area::from_mu(30.0))
        .unwrap()
        .with_county("410804");
    let e = propose_sites(&lib, &req, &rules, 1, &c).unwrap_err();
    let SiteError::NoRoom {
        reachable_mu,
        missing_mu,
        farmland_mu,
        ..
    } = e.clone()
    else {
        panic!("{e:?}")
    };
    // The pocket holds 5 × 5 cells of 20 m whose centres lie inside it (the grid is centred on the point).
    assert!((reachable_mu - 15.0).abs() < 1e-6, "{reachable_mu}");
    assert!((missing_mu - 15.0).abs() < 1e-6, "{missing_mu}");
    assert!(farmland_mu > 0.0);
    assert!(e.to_string().contains("永久基本农田"));
}
