//! The `proposals` demo scene (docs/screenshots/proposals.png): the 700 亩 industrial project in 马村区 on the
//! bundled sample, its 选址建议 run with the sample control layers, the first proposal focused on the map.

use std::time::Duration;

use geo::{BoundingRect, Coord};

use super::app::StockApp;
use super::shell::SideTab;
use crate::model::ParcelStatus;

/// 马村区.
const MACUN: &str = "410804";

impl StockApp {
    pub(super) fn proposals_scene(&mut self) {
        // The sample control layers load beside the library: the grown red lines need them.
        self.wait_for_controls(Duration::from_secs(120));
        let Some(lib) = self.library() else { return };
        let anchor = lib
            .parcels()
            .iter()
            .filter(|p| {
                p.county == MACUN && p.status == ParcelStatus::Available && p.planned_use.code.starts_with("10")
            })
            .max_by(|a, b| a.area.m2().total_cmp(&b.area.m2()))
            .and_then(|p| p.bbox())
            .map(|b| b.center());
        let Some(at) = anchor else { return };
        self.doc.brief.name = "马村区 700 亩产业项目".into();
        self.doc.brief.use_code = "100101".into();
        self.doc.brief.area_mu = Some(700.0);
        self.doc.brief.county = Some(MACUN.into());
        // A point, not a red line yet: the proposals make one.
        self.doc.footprint.set(vec![at], false);
        self.edited();
        self.shell.tab = SideTab::Candidates;
        self.shell.show_register = false;
        self.map.show_labels = false;
        self.start_proposals();
        self.proposals.wait(Duration::from_secs(300));
        let all = self
            .proposals
            .answer
            .as_ref()
            .map(|a| a.all().into_iter().map(|p| p.footprint.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        let b = all
            .iter()
            .filter_map(|f| f.bounding_rect())
            .fold(None::<geo::Rect<f64>>, |acc, r| {
                Some(match acc {
                    None => r,
                    Some(a) => geo::Rect::new(
                        Coord {
                            x: a.min().x.min(r.min().x),
                            y: a.min().y.min(r.min().y),
                        },
                        Coord {
                            x: a.max().x.max(r.max().x),
                            y: a.max().y.max(r.max().y),
                        },
                    ),
                })
            });
        let pad = 400.0;
        self.map.pending_fit = Some(match b {
            Some(r) => geo::Rect::new(
                Coord {
                    x: r.min().x - pad,
                    y: r.min().y - pad,
                },
                Coord {
                    x: r.max().x + pad,
                    y: r.max().y + pad,
                },
            ),
            None => geo::Rect::new(
                Coord {
                    x: at.x - 1500.0,
                    y: at.y - 1500.0,
                },
                Coord {
                    x: at.x + 1500.0,
                    y: at.y + 1500.0,
                },
            ),
        });
    }
}
