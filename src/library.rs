//! The stock map library (存量土地图库): parcels plus an R-tree over their bounding boxes.

use std::collections::HashMap;

use geo::{Coord, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RStarInsertionStrategy, RTree, RTreeParams};

use crate::model::{Area, LandUse, Parcel, ParcelStatus};

mod id_order;
pub use id_order::{id_key, order_by_id};

/// Index of a parcel inside one [`StockLibrary`].
pub type ParcelIdx = u32;

/// A planned use's place in [`StockLibrary::planned_uses`]: a library holds a few dozen distinct uses, so a matcher
/// decides each once and looks parcels up by this number without touching them.
pub type UseIdx = u32;

/// Boxes are kept in f32 metres from the library's origin, rounded outwards: half the memory of f64 boxes,
/// still a conservative filter (exact geometry is checked after), to about 1 cm over 100 km.
type Entry = GeomWithData<Rectangle<[f32; 2]>, ParcelIdx>;

/// Nodes of up to 16 entries, as flatbush uses (GEOS's STRtree 10, rstar's default 6): a million boxes load in
/// three fewer levels of partitioning, and a query reads fewer, fuller nodes.
struct LibraryNodes;

impl RTreeParams for LibraryNodes {
    const MIN_SIZE: usize = 6;
    const MAX_SIZE: usize = 16;
    const REINSERTION_COUNT: usize = 4;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// The largest f32 not above `v` (and the smallest not below, for `up`).
fn f32_down(v: f64) -> f32 {
    let f = v as f32;
    if f as f64 > v { f.next_down() } else { f }
}
fn f32_up(v: f64) -> f32 {
    let f = v as f32;
    if (f as f64) < v { f.next_up() } else { f }
}

/// Parcels and their spatial index, bulk-loaded once.
///
/// ```
/// use stockfirst::library::StockLibrary;
/// use stockfirst::model::{LandUse, Parcel, StockKind};
/// use geo::{polygon, MultiPolygon, Rect, coord};
/// let sq = |x: f64| MultiPolygon(vec![polygon![(x: x, y: 0.0), (x: x + 10.0, y: 0.0), (x: x + 10.0, y: 10.0), (x: x, y: 10.0)]]);
/// let lib = StockLibrary::new(vec![
///     Parcel::new("A", StockKind::Idle, LandUse::ydyh("1001"), "410821", sq(0.0)),
///     Parcel::new("B", StockKind::Idle, LandUse::ydyh("1001"), "410821", sq(100.0)),
/// ]);
/// let hits: Vec<_> = lib.query_rect(Rect::new(coord! {x: -1.0, y: -1.0}, coord! {x: 5.0, y: 5.0})).collect();
/// assert_eq!(hits, vec![0]);
/// assert_eq!(lib.index_of("B"), Some(1));
/// assert_eq!(lib.index_of("C"), None);
/// ```
#[derive(Debug)]
pub struct StockLibrary {
    parcels: Vec<Parcel>,
    index: RTree<Entry, LibraryNodes>,
    origin: Coord<f64>,
    /// Parcel indices sorted by id: 4 bytes a parcel, where a map of ids would copy every id.
    by_id: Vec<ParcelIdx>,
    duplicate_ids: Vec<String>,
    /// The distinct planned uses, first seen first, and each parcel's among them.
    uses: Vec<LandUse>,
    use_of: Vec<UseIdx>,
}

/// The distinct planned uses and each parcel's place among them.
fn planned_uses(parcels: &[Parcel]) -> (Vec<LandUse>, Vec<UseIdx>) {
    let mut seen: HashMap<&LandUse, UseIdx> = HashMap::new();
    let mut uses: Vec<LandUse> = Vec::new();
    let mut last: Option<(&LandUse, UseIdx)> = None;
    let use_of = parcels
        .iter()
        .map(|p| {
            // Neighbouring rows often share a use: skip the hash for them.
            if let Some((u, k)) = last
                && *u == p.planned_use
            {
                return k;
            }
            let k = *seen.entry(&p.planned_use).or_insert_with(|| {
                uses.push(p.planned_use.clone());
                (uses.len() - 1) as UseIdx
            });
            last = Some((&p.planned_use, k));
            k
        })
        .collect();
    (uses, use_of)
}

/// Parcel indices sorted by id, and the ids that occur more than once. `keys` are the parcels' [`id_key`]s.
fn id_order(parcels: &[Parcel], keys: Vec<u128>) -> (Vec<ParcelIdx>, Vec<String>) {
    // Stable: among equal ids the later parcel comes last, and lookups return it.
    let sorted = id_order::order_with_keys(keys, |i| &parcels[i as usize].id);
    // Equal ids agree on their first 16 bytes: only those stretches are compared (none when every id differs there).
    let mut duplicate_ids = Vec::new();
    for tie in &sorted.ties {
        duplicate_ids.extend(repeated_ids(parcels, &sorted.order[tie.clone()]));
    }
    (sorted.order, duplicate_ids)
}

/// The ids that occur more than once, once each, given the parcels' order by id ([`order_by_id`]).
pub fn repeated_ids(parcels: &[Parcel], by_id: &[ParcelIdx]) -> Vec<String> {
    let mut duplicate_ids: Vec<String> = by_id
        .windows(2)
        .filter(|w| parcels[w[0] as usize].id == parcels[w[1] as usize].id)
        .map(|w| parcels[w[1] as usize].id.clone())
        .collect();
    duplicate_ids.dedup();
    duplicate_ids
}

fn entry(i: usize, r: Rect<f64>, o: Coord<f64>) -> Entry {
    GeomWithData::new(
        Rectangle::from_corners(
            [f32_down(r.min().x - o.x), f32_down(r.min().y - o.y)],
            [f32_up(r.max().x - o.x), f32_up(r.max().y - o.y)],
        ),
        i as ParcelIdx,
    )
}

/// What the library is built from besides the parcels, one of each per parcel, in their order: the bounding box
/// ([`Parcel::bbox`]) and the id's first 16 bytes ([`id_key`]). A reader makes them while each parcel is in the cache.
#[derive(Debug, Default)]
pub struct Prepared {
    pub boxes: Vec<Option<Rect<f64>>>,
    pub id_keys: Vec<u128>,
}

impl Prepared {
    /// Made from the parcels themselves.
    pub fn of(parcels: &[Parcel]) -> Self {
        Self {
            boxes: parcels.iter().map(Parcel::bbox).collect(),
            id_keys: parcels.iter().map(|p| id_key(&p.id)).collect(),
        }
    }

    /// Room for `n` parcels.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            boxes: Vec::with_capacity(n),
            id_keys: Vec::with_capacity(n),
        }
    }

    /// Adds one parcel's.
    pub fn push(&mut self, p: &Parcel, bbox: Option<Rect<f64>>) {
        self.boxes.push(bbox);
        self.id_keys.push(id_key(&p.id));
    }

    pub fn append(&mut self, later: &mut Prepared) {
        self.boxes.append(&mut later.boxes);
        self.id_keys.append(&mut later.id_keys);
    }
}

impl Default for StockLibrary {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl StockLibrary {
    pub fn new(parcels: Vec<Parcel>) -> Self {
        let prepared = Prepared::of(&parcels);
        Self::build(parcels, prepared)
    }

    /// [`StockLibrary::new`] given what a reader made of each parcel while it was in the cache ([`Prepared`]): for a
    /// million parcels, making them here is another pass over every point and every id. If they do not match the
    /// parcels in number, they are made again.
    pub fn with_prepared(parcels: Vec<Parcel>, prepared: Prepared) -> Self {
        if prepared.boxes.len() != parcels.len() || prepared.id_keys.len() != parcels.len() {
            return Self::new(parcels);
        }
        Self::build(parcels, prepared)
    }

    fn build(parcels: Vec<Parcel>, Prepared { boxes, id_keys }: Prepared) -> Self {
        let origin = boxes
            .iter()
            .flatten()
            .map(|r| r.min())
            .reduce(|a, b| Coord {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
            })
            .map(|c| Coord {
                x: c.x.floor(),
                y: c.y.floor(),
            })
            .unwrap_or(Coord { x: 0.0, y: 0.0 });
        // The R-tree and the id order are independent: build them on two threads.
        let (index, ((by_id, duplicate_ids), (uses, use_of))) = std::thread::scope(|s| {
            let ids = s.spawn(|| (id_order(&parcels, id_keys), planned_uses(&parcels)));
            let entries: Vec<Entry> = boxes
                .iter()
                .enumerate()
                .filter_map(|(i, b)| b.map(|r| entry(i, r, origin)))
                .collect();
            let index = RTree::bulk_load_with_params(entries);
            // A panic in the sort would be a bug in std; rebuild on this thread rather than unwrap.
            let ids = ids.join().unwrap_or_else(|_| {
                (
                    id_order(&parcels, Prepared::of(&parcels).id_keys),
                    planned_uses(&parcels),
                )
            });
            (index, ids)
        });
        Self {
            parcels,
            index,
            origin,
            by_id,
            duplicate_ids,
            uses,
            use_of,
        }
    }

    pub fn len(&self) -> usize {
        self.parcels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parcels.is_empty()
    }

    pub fn parcels(&self) -> &[Parcel] {
        &self.parcels
    }

    pub fn parcel(&self, i: ParcelIdx) -> Option<&Parcel> {
        self.parcels.get(i as usize)
    }

    /// The distinct planned uses of the library's parcels.
    pub fn planned_uses(&self) -> &[LandUse] {
        &self.uses
    }

    /// Parcel `i`'s planned use, as its place in [`StockLibrary::planned_uses`].
    pub fn use_of(&self, i: ParcelIdx) -> Option<UseIdx> {
        self.use_of.get(i as usize).copied()
    }

    /// Ids that occur more than once; lookups by id return the last.
    pub fn duplicate_ids(&self) -> &[String] {
        &self.duplicate_ids
    }

    pub fn index_of(&self, id: &str) -> Option<ParcelIdx> {
        // The last of a run of equal ids, as documented on `duplicate_ids`.
        let end = self
            .by_id
            .partition_point(|&i| self.parcels[i as usize].id.as_str() <= id);
        let i = *self.by_id.get(end.checked_sub(1)?)?;
        (self.parcels[i as usize].id == id).then_some(i)
    }

    /// Parcels whose bounding box meets `rect`.
    pub fn query_rect(&self, rect: Rect<f64>) -> impl Iterator<Item = ParcelIdx> + '_ {
        let o = self.origin;
        let env = AABB::from_corners(
            [f32_down(rect.min().x - o.x), f32_down(rect.min().y - o.y)],
            [f32_up(rect.max().x - o.x), f32_up(rect.max().y - o.y)],
        );
        self.index.locate_in_envelope_intersecting(env).map(|e| e.data)
    }

    /// Parcels by increasing bounding-box distance from `p` (a lower bound of the true distance).
    pub fn nearest_by_bbox(&self, p: Coord<f64>) -> impl Iterator<Item = (ParcelIdx, f64)> + '_ {
        self.nearest_boxes(p).map(|(i, d, _)| (i, d))
    }

    /// [`StockLibrary::nearest_by_bbox`] with each parcel's box as the index holds it (rounded outwards, so it
    /// holds the parcel).
    pub fn nearest_boxes(&self, p: Coord<f64>) -> impl Iterator<Item = (ParcelIdx, f64, Rect<f64>)> + '_ {
        let o = self.origin;
        let q = [(p.x - o.x) as f32, (p.y - o.y) as f32];
        // f32 arithmetic may overstate by a few centimetres; take them off so it stays a lower bound.
        self.index.nearest_neighbor_iter_with_distance_2(q).map(move |(e, d2)| {
            let (lo, hi) = (e.geom().lower(), e.geom().upper());
            let r = Rect::new(
                Coord {
                    x: o.x + lo[0] as f64,
                    y: o.y + lo[1] as f64,
                },
                Coord {
                    x: o.x + hi[0] as f64,
                    y: o.y + hi[1] as f64,
                },
            );
            (e.data, ((d2 as f64).sqrt() - 0.05).max(0.0), r)
        })
    }

    pub fn extent(&self) -> Option<Rect<f64>> {
        if self.index.size() == 0 {
            return None;
        }
        let e = self.index.root().envelope();
        let o = self.origin;
        Some(Rect::new(
            Coord {
                x: o.x + e.lower()[0] as f64,
                y: o.y + e.lower()[1] as f64,
            },
            Coord {
                x: o.x + e.upper()[0] as f64,
                y: o.y + e.upper()[1] as f64,
            },
        ))
    }

    pub fn total_area(&self) -> Area {
        self.parcels.iter().map(|p| p.area).sum()
    }

    /// Changes a parcel's status. Geometry is untouched, so the index stays valid.
    pub fn set_status(&mut self, i: ParcelIdx, status: ParcelStatus) -> bool {
        match self.parcels.get_mut(i as usize) {
            Some(p) => {
                p.status = status;
                true
            }
            None => false,
        }
    }

    /// The county most of the `k` parcels nearest to `p` belong to, for a location with no county given.
    pub fn county_near(&self, p: Coord<f64>, k: usize) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (i, _) in self.nearest_by_bbox(p).take(k) {
            let c = &self.parcels[i as usize].county;
            match counts.iter_mut().find(|(n, _)| n == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.clone(), 1)),
            }
        }
        // First-seen wins ties: that is the nearest parcel's county.
        let best = counts.iter().map(|(_, n)| *n).max()?;
        counts.into_iter().find(|(_, n)| *n == best).map(|(c, _)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, StockKind};
    use geo::{MultiPolygon, polygon};

    fn sq(id: &str, x: f64) -> Parcel {
        let g = MultiPolygon(vec![
            polygon![(x: x, y: 0.0), (x: x + 10.0, y: 0.0), (x: x + 10.0, y: 10.0), (x: x, y: 10.0)],
        ]);
        Parcel::new(id, StockKind::Idle, LandUse::ydyh("1001"), "410821", g)
    }

    #[test]
    fn each_parcel_finds_its_own_planned_use() {
        let uses = ["1001", "1001", "0901", "1001", "0901", "100101"];
        let mut ps: Vec<Parcel> = uses
            .iter()
            .enumerate()
            .map(|(k, u)| {
                let mut p = sq(&format!("P{k}"), k as f64 * 20.0);
                p.planned_use = LandUse::ydyh(u);
                p
            })
            .collect();
        // Same code, another system: another use.
        ps[5].planned_use.system = crate::model::LandUseSystem::Gbt21010;
        ps.push(sq("P6", 200.0));
        let lib = StockLibrary::new(ps);
        for (i, p) in lib.parcels().iter().enumerate() {
            let u = lib.use_of(i as ParcelIdx).expect("every parcel has one");
            assert_eq!(&lib.planned_uses()[u as usize], &p.planned_use);
        }
        assert_eq!(lib.planned_uses().len(), 3);
        assert_eq!(lib.use_of(99), None);
    }

    #[test]
    fn duplicate_ids_are_listed_once_and_the_last_wins() {
        let lib = StockLibrary::new(vec![sq("A", 0.0), sq("B", 20.0), sq("A", 40.0), sq("A", 60.0)]);
        assert_eq!(lib.duplicate_ids(), ["A".to_string()]);
        assert_eq!(lib.index_of("A"), Some(3));
        assert_eq!(lib.index_of("B"), Some(1));
    }

    #[test]
    fn repeats_are_found_past_the_first_16_bytes_and_a_reader_s_keys_give_the_same_library() {
        // Ids that agree on their first 16 bytes, repeated or not, and short ones repeated.
        let ids = [
            "410804-XZ-2019-000012",
            "410804-XZ-2019-000011",
            "B",
            "410804-XZ-2019-000012",
            "410804-XZ-2019-000011",
            "B",
            "410804-XZ-2019-0000",
            "A",
        ];
        let ps = || {
            ids.iter()
                .enumerate()
                .map(|(i, id)| sq(id, i as f64 * 20.0))
                .collect::<Vec<_>>()
        };
        let lib = StockLibrary::new(ps());
        assert_eq!(
            lib.duplicate_ids(),
            ["410804-XZ-2019-000011", "410804-XZ-2019-000012", "B"]
        );
        assert_eq!(lib.index_of("410804-XZ-2019-000012"), Some(3));
        assert_eq!(lib.index_of("410804-XZ-2019-0000"), Some(6));
        assert_eq!(lib.index_of("410804-XZ-2019-00001"), None);
        // What a reader hands over, made parcel by parcel, builds the same library; keys that do not fit are made again.
        let mut prepared = Prepared::default();
        for p in ps() {
            prepared.push(&p, p.bbox());
        }
        let read = StockLibrary::with_prepared(ps(), prepared);
        assert_eq!(
            (read.by_id.clone(), read.duplicate_ids()),
            (lib.by_id.clone(), lib.duplicate_ids())
        );
        let short = StockLibrary::with_prepared(ps(), Prepared::default());
        assert_eq!(short.by_id, lib.by_id);
        let hits = |l: &StockLibrary| {
            l.query_rect(Rect::new(Coord { x: 35.0, y: 1.0 }, Coord { x: 65.0, y: 2.0 }))
                .collect::<Vec<_>>()
        };
        assert_eq!(hits(&read), hits(&lib));
        assert_eq!(hits(&lib).len(), 2);
    }

    #[test]
    fn f32_boxes_never_miss_a_touching_query() {
        // Zone-prefixed coordinates: a query 1 mm wide touching the parcel's east edge must still find it.
        let x0 = 38_452_123.457;
        let mut p = sq("A", 0.0);
        p.geometry = MultiPolygon(vec![
            polygon![(x: x0, y: 3_905_000.0), (x: x0 + 10.0, y: 3_905_000.0), (x: x0 + 10.0, y: 3_905_010.0), (x: x0, y: 3_905_010.0)],
        ]);
        let far = sq("B", 38_300_000.0);
        let lib = StockLibrary::new(vec![far, p]);
        let edge = x0 + 10.0;
        let r = Rect::new(
            geo::coord! { x: edge, y: 3_905_005.0 },
            geo::coord! { x: edge + 0.001, y: 3_905_005.001 },
        );
        assert_eq!(lib.query_rect(r).collect::<Vec<_>>(), vec![1]);
        let (i, d) = lib
            .nearest_by_bbox(geo::coord! { x: edge + 3.0, y: 3_905_005.0 })
            .next()
            .unwrap();
        assert_eq!(i, 1);
        assert!(d <= 3.0 && d > 2.9, "{d}");
    }

    #[test]
    fn county_near_takes_the_majority_of_neighbours() {
        let mut ps = vec![sq("A", 0.0), sq("B", 20.0), sq("C", 40.0)];
        ps[2].county = "410822".into();
        let lib = StockLibrary::new(ps);
        assert_eq!(
            lib.county_near(geo::coord! { x: 45.0, y: 5.0 }, 3).as_deref(),
            Some("410821")
        );
        assert_eq!(
            lib.county_near(geo::coord! { x: 45.0, y: 5.0 }, 1).as_deref(),
            Some("410822")
        );
    }
}
