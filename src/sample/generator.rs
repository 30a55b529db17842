//! The cluster → block → lot generator behind [`generate`].

use geo::Coord;

use super::SplitMix64;
use super::clusters::{Cluster, grown_extent, nearest_seat, plan_clusters};
use super::lots::fill_cluster;
use super::profile::ClusterKind;
use super::spec::SampleSpec;
use crate::model::Parcel;

/// Generates `spec.parcels` parcels, the same ones for the same spec.
///
/// ```
/// use stockfirst::sample::{generate, SampleSpec};
/// use geo::{coord, Rect};
/// let spec = SampleSpec {
///     parcels: 200,
///     seed: 1,
///     seats: vec![("410821".into(), "修武县".into(), coord! { x: 38_450_000.0, y: 3_900_000.0 })],
///     extent: Rect::new(coord! { x: 38_400_000.0, y: 3_850_000.0 }, coord! { x: 38_500_000.0, y: 3_950_000.0 }),
/// };
/// let a = generate(&spec);
/// assert_eq!(a.len(), 200);
/// assert!(a.iter().all(|p| p.area.mu() >= 2.0 && p.area.mu() <= 400.0));
/// assert_eq!(a, generate(&spec));
/// ```
pub fn generate(spec: &SampleSpec) -> Vec<Parcel> {
    let mut rng = SplitMix64::new(spec.seed);
    if spec.seats.is_empty() || spec.parcels == 0 {
        return Vec::new();
    }
    let extent = grown_extent(spec);
    let clusters = plan_clusters(spec, extent, &mut rng);
    let mut out = Vec::with_capacity(spec.parcels);
    let mut seq = vec![0usize; spec.seats.len()];
    for c in &clusters {
        fill_cluster(c, spec, extent, &mut rng, &mut seq, &mut out);
    }
    // Clusters cut by the extent's edge fall short: top up with clusters further in.
    for k in 0..1000 {
        if out.len() >= spec.parcels {
            break;
        }
        let center = Coord {
            x: rng.uniform(extent.min().x + 3000.0, extent.max().x - 3000.0),
            y: rng.uniform(extent.min().y + 3000.0, extent.max().y - 3000.0),
        };
        let c = Cluster {
            kind: ClusterKind::Town,
            center,
            angle: rng.uniform(-0.5, 0.5),
            county: nearest_seat(spec, center),
            name: format!("补充片区{k}"),
            target: spec.parcels - out.len(),
        };
        fill_cluster(&c, spec, extent, &mut rng, &mut seq, &mut out);
    }
    out.truncate(spec.parcels);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StockKind;
    use geo::{Area as _, BoundingRect, Intersects, Rect, coord};
    use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

    fn spec(n: usize) -> SampleSpec {
        SampleSpec {
            parcels: n,
            seed: 42,
            seats: vec![
                (
                    "410821".into(),
                    "修武县".into(),
                    coord! { x: 38_440_000.0, y: 3_900_000.0 },
                ),
                (
                    "410822".into(),
                    "博爱县".into(),
                    coord! { x: 38_405_000.0, y: 3_892_000.0 },
                ),
            ],
            extent: Rect::new(
                coord! { x: 38_369_000.0, y: 3_853_000.0 },
                coord! { x: 38_470_000.0, y: 3_931_000.0 },
            ),
        }
    }

    #[test]
    fn parcels_do_not_overlap() {
        let ps = generate(&spec(1500));
        let tree = RTree::bulk_load(
            ps.iter()
                .enumerate()
                .map(|(i, p)| {
                    let r = p.geometry.bounding_rect().unwrap();
                    GeomWithData::new(
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                        i,
                    )
                })
                .collect(),
        );
        for (i, p) in ps.iter().enumerate() {
            let r = p.geometry.bounding_rect().unwrap();
            for e in tree.locate_in_envelope_intersecting(AABB::from_corners(
                [r.min().x + 0.5, r.min().y + 0.5],
                [r.max().x - 0.5, r.max().y - 0.5],
            )) {
                if e.data != i {
                    let inter = geo::BooleanOps::intersection(&p.geometry, &ps[e.data].geometry);
                    assert!(inter.unsigned_area() < 1.0, "{} overlaps {}", p.id, ps[e.data].id);
                }
            }
        }
        // Some neighbours share an edge, so merging has something to merge.
        let touching = ps
            .windows(2)
            .filter(|w| w[0].geometry.intersects(&w[1].geometry))
            .count();
        assert!(touching > 0);
    }

    #[test]
    fn every_kind_and_county_occurs_and_sizes_are_skewed() {
        let ps = generate(&spec(1500));
        for k in StockKind::ALL {
            assert!(ps.iter().any(|p| p.kind == k), "{k:?}");
        }
        assert!(ps.iter().any(|p| p.county == "410821") && ps.iter().any(|p| p.county == "410822"));
        let mut mu: Vec<f64> = ps.iter().map(|p| p.area.mu()).collect();
        mu.sort_by(f64::total_cmp);
        let median = mu[mu.len() / 2];
        let mean = mu.iter().sum::<f64>() / mu.len() as f64;
        assert!(mean > median, "right-skewed: mean {mean} > median {median}");
        assert!(mu[0] >= 2.0 && mu[mu.len() - 1] <= 400.0);
    }

    #[test]
    fn large_libraries_spread_beyond_the_city() {
        let mut s = spec(20_000);
        // 20k parcels need ~800 km² at 40 000 m² each: more than this 20 km square holds.
        s.extent = Rect::new(
            coord! { x: 38_435_000.0, y: 3_895_000.0 },
            coord! { x: 38_445_000.0, y: 3_905_000.0 },
        );
        let ps = generate(&s);
        assert_eq!(ps.len(), 20_000);
        let outside = ps
            .iter()
            .filter(|p| {
                let c = p.geometry.bounding_rect().unwrap().center();
                !(s.extent.min().x..s.extent.max().x).contains(&c.x)
                    || !(s.extent.min().y..s.extent.max().y).contains(&c.y)
            })
            .count();
        assert!(outside > 0);
    }
}
