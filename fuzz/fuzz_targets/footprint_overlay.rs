//! Footprint validation and 套核: polygons built from the bytes (degenerate, nearly touching, collinear,
//! duplicate points, zone-prefixed or raw f64 coordinates) go through `repair`, `Requirement::on_footprint`
//! and `overlay` on a small library. Nothing may panic; errors are fine.
#![no_main]

use geo::{Coord, LineString, MultiPolygon, Polygon};
use libfuzzer_sys::fuzz_target;
use stockfirst::geometry::{guarded_intersection, guarded_union, repair};
use stockfirst::library::StockLibrary;
use stockfirst::matching::{Requirement, overlay};
use stockfirst::model::{LandUse, Parcel, StockKind};

const X0: f64 = 38_452_000.0;
const Y0: f64 = 3_905_000.0;

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_at_checked(N)?;
        self.0 = rest;
        head.try_into().ok()
    }
}

/// One coordinate. Mode 0: a half-metre grid; 1: the grid plus a sub-millimetre nudge (nearly touching);
/// 2: any f64 (NaN, infinities, 1e300…).
fn coord(b: &mut Bytes, mode: u8, base: Coord<f64>) -> Option<Coord<f64>> {
    match mode {
        2 => Some(Coord {
            x: f64::from_le_bytes(b.array()?),
            y: f64::from_le_bytes(b.array()?),
        }),
        _ => {
            let x = f64::from(i16::from_le_bytes(b.array()?)) * 0.5;
            let y = f64::from(i16::from_le_bytes(b.array()?)) * 0.5;
            let (dx, dy) = if mode == 1 {
                let n = b.u8()?;
                (f64::from(n & 0x0F) * 1e-7, f64::from(n >> 4) * 1e-7)
            } else {
                (0.0, 0.0)
            };
            Some(Coord {
                x: base.x + x + dx,
                y: base.y + y + dy,
            })
        }
    }
}

/// A multipolygon: rings of 1–16 points; a ring whose header byte has the top bit set is a hole of the
/// previous polygon.
fn multipolygon(b: &mut Bytes, mode: u8, base: Coord<f64>) -> MultiPolygon<f64> {
    let mut polys: Vec<Polygon<f64>> = Vec::new();
    while let Some(h) = b.u8() {
        let n = usize::from(h & 0x0F) + 1;
        let mut pts = Vec::with_capacity(n + 1);
        for _ in 0..n {
            match coord(b, mode, base) {
                Some(c) => pts.push(c),
                None => break,
            }
        }
        if h & 0x40 != 0
            && let Some(&first) = pts.first()
        {
            pts.push(first); // closed explicitly sometimes, left to geo's closing otherwise
        }
        let ring = LineString::new(pts);
        match polys.last_mut() {
            Some(p) if h & 0x80 != 0 => p.interiors_push(ring),
            _ => polys.push(Polygon::new(ring, vec![])),
        }
        if polys.len() > 8 {
            break;
        }
    }
    MultiPolygon(polys)
}

fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]),
        vec![],
    )])
}

fuzz_target!(|data: &[u8]| {
    stockfirst_fuzz_support::allow_guarded_panics();
    let mut b = Bytes(data);
    let Some(flags) = b.u8() else { return };
    let mode = flags % 3;
    let base = if flags & 0x10 != 0 {
        Coord { x: X0, y: Y0 } // zone-prefixed working CRS
    } else {
        Coord { x: 0.0, y: 0.0 }
    };
    // The rest splits in two: a footprint and one extra library parcel.
    let split = b.u8().map_or(0, usize::from) * b.0.len() / 256;
    let (a, c) = b.0.split_at(split.min(b.0.len()));
    let footprint = multipolygon(&mut Bytes(a), mode, base);
    let extra = multipolygon(&mut Bytes(c), mode, base);

    // The raw boolean ops are guarded: they may fail, they must not panic.
    let _ = guarded_union(&footprint, &extra);
    let _ = guarded_intersection(&footprint, &extra);

    let _ = repair(&footprint);
    let mut parcels = vec![
        // Two squares sharing an edge, one overlapping both, and a sliver.
        Parcel::new("A", StockKind::Idle, LandUse::ydyh("1001"), "410821", square(base.x, base.y, 100.0)),
        Parcel::new("B", StockKind::Idle, LandUse::ydyh("1001"), "410821", square(base.x + 100.0, base.y, 100.0)),
        Parcel::new("C", StockKind::Idle, LandUse::ydyh("0901"), "410821", square(base.x + 50.0, base.y + 50.0, 100.0)),
        Parcel::new("D", StockKind::Idle, LandUse::ydyh("0901"), "410821", square(base.x - 1e-3, base.y, 1e-3)),
    ];
    if let Ok(r) = repair(&extra) {
        parcels.push(Parcel::new("X", StockKind::Idle, LandUse::ydyh("1001"), "410821", r.geometry));
    }
    let lib = StockLibrary::new(parcels);
    if std::env::var_os("STOCKFIRST_FUZZ_BACKTRACE").is_some() {
        eprintln!("footprint {footprint:?}\nextra {extra:?}");
    }
    if let Ok(req) = Requirement::on_footprint(footprint, LandUse::ydyh("1001"))
        && let Some(fp) = req.footprint()
    {
        let o = overlay(&lib, fp);
        // Whatever the input, the land on stock is never more than the footprint itself.
        let fa = o.footprint.m2();
        if fa.is_finite() && fa < 1e15 {
            let on = o.on_stock.m2();
            assert!(
                on.is_finite() && on >= 0.0 && on <= fa * (1.0 + 1e-6) + 1e-6,
                "{o:?}\nfootprint {fp:?}\nlibrary {:?}",
                lib.parcels().iter().map(|p| &p.geometry).collect::<Vec<_>>()
            );
            assert!(o.new_land.m2() >= 0.0, "{o:?}");
        }
    }
});
