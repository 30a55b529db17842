//! The `basemap` demo scene (docs/basemaps.md): a synthetic orthophoto made once over the county line between
//! 解放区 and 山阳区 (io::raster_demo), under the parcels and the county lines, with an 80 亩 red line across the
//! line so the clause 十二 warning shows in the 候选 tab.

use geo::Coord;

use super::app::StockApp;
use super::map::LayerSource;
use super::map::sketch::rectangle_of_area;
use super::shell::SideTab;
use crate::io::crs::{Reprojector, WorkingCrs};
use crate::model::Area;

impl StockApp {
    pub(super) fn basemap_scene(&mut self) {
        let seat = |id: &str| {
            self.counties.by_id(id).map(|c| Coord {
                x: c.seat_lon_lat.0,
                y: c.seat_lon_lat.1,
            })
        };
        let (Some(a), Some(b), Ok(rp)) = (
            seat("410802"),
            seat("410811"),
            Reprojector::new("EPSG:4490", WorkingCrs::Zone38),
        ) else {
            return;
        };
        let (Ok(a), Ok(b)) = (rp.point(a), rp.point(b)) else {
            return;
        };
        // Where the line between the two seats crosses the county line (bisection on the county of a point).
        let Some(bounds) = self.match_rules.as_ref().and_then(|r| r.boundaries.clone()) else {
            return;
        };
        let county = |p: Coord<f64>| bounds.county_of(p).map(|c| c.id.clone());
        let (mut lo, mut hi) = (a, b);
        let start = county(lo);
        for _ in 0..40 {
            let m = Coord {
                x: (lo.x + hi.x) / 2.0,
                y: (lo.y + hi.y) / 2.0,
            };
            if county(m) == start { lo = m } else { hi = m }
        }
        let at = lo;
        let window = |half: f64| {
            geo::Rect::new(
                Coord {
                    x: at.x - half,
                    y: at.y - half,
                },
                Coord {
                    x: at.x + half,
                    y: at.y + half,
                },
            )
        };
        let dom = std::env::temp_dir().join(format!("stockfirst-demo-dom-{:.0}-{:.0}.tif", at.x, at.y));
        if !dom.exists()
            && let Err(e) = crate::io::raster_demo::write_demo_orthophoto(&dom, window(6000.0), 4.0, WorkingCrs::Zone38)
        {
            self.shell.message = Some(format!("{e:#}"));
        }
        self.add_map_layer(LayerSource::Raster {
            path: dom,
            assume_working_crs: false,
        });
        // The orthophoto shows better without the 三调 fills over it.
        if let Some(l) = self
            .doc
            .layers
            .layers
            .iter_mut()
            .find(|l| l.entry.source == LayerSource::Controls)
        {
            l.entry.visible = false;
        }
        self.doc
            .footprint
            .set(rectangle_of_area(at, Area::from_mu(80.0), 1.4), true);
        self.doc.brief.name = "示例产业项目".into();
        self.doc.brief.use_code = "100101".into();
        self.edited();
        self.shell.tab = SideTab::Candidates;
        self.shell.show_register = false;
        self.map.pending_fit = Some(window(2500.0));
        self.wait_for_match(std::time::Duration::from_secs(5));
    }
}
