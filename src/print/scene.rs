//! What a map shows, as plain data: the library around the red line, the 套核 hits, the candidates, the control
//! layers and the county outlines. The print sheet, the HTML draft's legend and the .docx map are drawn from it.

use geo::{Coord, Rect};

use crate::controls::ControlLayers;
use crate::library::{ParcelIdx, StockLibrary};
use crate::model::CountyBoundaries;

/// A candidate on the map: its parcels, rank label, and whether it is the chosen one.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCandidate {
    pub parcels: Vec<ParcelIdx>,
    pub label: String,
    pub chosen: bool,
}

/// Everything a map of one project shows.
#[derive(Debug, Clone, Default)]
pub struct MapScene<'a> {
    pub lib: Option<&'a StockLibrary>,
    /// Every ring of the red line (parts and holes), in the working CRS.
    pub footprint: Vec<Vec<Coord<f64>>>,
    pub hits: Vec<ParcelIdx>,
    pub candidates: Vec<MapCandidate>,
    pub controls: Option<&'a ControlLayers>,
    pub counties: Option<&'a CountyBoundaries>,
}

fn union(a: Option<Rect<f64>>, b: Rect<f64>) -> Rect<f64> {
    match a {
        None => b,
        Some(a) => Rect::new(
            Coord {
                x: a.min().x.min(b.min().x),
                y: a.min().y.min(b.min().y),
            },
            Coord {
                x: a.max().x.max(b.max().x),
                y: a.max().y.max(b.max().y),
            },
        ),
    }
}

impl MapScene<'_> {
    /// The area of interest: the red line, the hits and the candidates, with a margin (8 % and 50 m) so the
    /// neighbourhood shows. `None` when there is nothing to show.
    pub fn extent(&self) -> Option<Rect<f64>> {
        let mut area: Option<Rect<f64>> = None;
        for c in self.footprint.iter().flatten() {
            area = Some(union(area, Rect::new(*c, *c)));
        }
        if let Some(lib) = self.lib {
            for i in self.candidates.iter().flat_map(|c| &c.parcels).chain(&self.hits) {
                if let Some(b) = lib.parcel(*i).and_then(|p| p.bbox()) {
                    area = Some(union(area, b));
                }
            }
        }
        let a = area?;
        let by = a.width().max(a.height()) * 0.08 + 50.0;
        Some(Rect::new(
            Coord {
                x: a.min().x - by,
                y: a.min().y - by,
            },
            Coord {
                x: a.max().x + by,
                y: a.max().y + by,
            },
        ))
    }
}
