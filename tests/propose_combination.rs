//! 存量组合 (issue 15): the branch and bound against brute force on seeded instances of 8–14 parcels, and a
//! hand-worked case. The brute force here is written independently: every subset, geo's convex hull, and one sort by
//! the whole objective.

use geo::{Area as _, ConvexHull, Coord, MultiPoint, Point};
use stockfirst::matching::{CombinationRules, ObjectiveKey};
use stockfirst::model::Area;
use stockfirst::propose::{Combination, Method, Piece, Problem, Route, rank, search};
use stockfirst::sample::SplitMix64;

const GAP_M: f64 = 30.0;

/// An axis-aligned rectangle parcel.
#[derive(Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn area(&self) -> f64 {
        (self.x1 - self.x0) * (self.y1 - self.y0)
    }
    fn corners(&self) -> Vec<Coord<f64>> {
        vec![
            Coord { x: self.x0, y: self.y0 },
            Coord { x: self.x1, y: self.y0 },
            Coord { x: self.x1, y: self.y1 },
            Coord { x: self.x0, y: self.y1 },
        ]
    }
    /// Edge-to-edge distance of two rectangles.
    fn gap(&self, o: &Rect) -> f64 {
        let dx = (o.x0 - self.x1).max(self.x0 - o.x1).max(0.0);
        let dy = (o.y0 - self.y1).max(self.y0 - o.y1).max(0.0);
        (dx * dx + dy * dy).sqrt()
    }
}

fn problem(rects: &[Rect], required_m2: f64, top_ratio: f64) -> Problem {
    let mut adjacent = Vec::new();
    for i in 0..rects.len() {
        for j in i + 1..rects.len() {
            if rects[i].gap(&rects[j]) <= GAP_M {
                adjacent.push((i, j));
            }
        }
    }
    Problem {
        required_m2,
        top_m2: required_m2 * top_ratio,
        pieces: rects
            .iter()
            .enumerate()
            .map(|(i, r)| Piece {
                id: format!("P{i:02}"),
                area_m2: r.area(),
                hull: r.corners(),
            })
            .collect(),
        adjacent,
    }
}

/// What a set scores, by brute force: (increment, stock, hull when compact), or `None` when it does not qualify.
fn brute_eval(rects: &[Rect], set: &[usize], p: &Problem, rules: &CombinationRules) -> Option<(f64, f64, Option<f64>)> {
    let stock: f64 = set.iter().map(|&i| rects[i].area()).sum();
    if stock > p.top_m2 {
        return None;
    }
    // Connected within the gap: grow from the first member.
    let mut reached = vec![set[0]];
    let mut k = 0;
    while k < reached.len() {
        let a = reached[k];
        for &b in set {
            if !reached.contains(&b) && rects[a].gap(&rects[b]) <= GAP_M {
                reached.push(b);
            }
        }
        k += 1;
    }
    if reached.len() == set.len() {
        return Some(((p.required_m2 - stock).max(0.0), stock, None));
    }
    let pts: Vec<Point<f64>> = set.iter().flat_map(|&i| rects[i].corners()).map(Point::from).collect();
    let hull = MultiPoint(pts).convex_hull().unsigned_area();
    (hull <= rules.hull_ratio * stock).then(|| (p.required_m2.max(hull) - stock, stock, Some(hull)))
}

/// One row of the brute-force ranking: the objective's values.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    increment: f64,
    cultivated: f64,
    parcels: usize,
    oversize: f64,
}

fn brute_best(
    rects: &[Rect],
    p: &Problem,
    rules: &CombinationRules,
    k: usize,
    cultivated: &dyn Fn(&[usize], f64) -> f64,
) -> Vec<Row> {
    let n = rects.len();
    let mut rows = Vec::new();
    for mask in 1u32..(1 << n) {
        if mask.count_ones() as usize > rules.max_parcels {
            continue;
        }
        let set: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        if let Some((inc, stock, _)) = brute_eval(rects, &set, p, rules) {
            rows.push(Row {
                increment: inc,
                cultivated: if inc > 0.0 { cultivated(&set, inc) } else { 0.0 },
                parcels: set.len(),
                oversize: (stock - p.required_m2).max(0.0),
            });
        }
    }
    let least = rows.iter().map(|r| r.increment).fold(f64::INFINITY, f64::min);
    let tie = Area::from_mu(rules.increment_tie_mu).m2();
    let step = |x: f64| {
        if tie > 0.0 {
            ((x - least) / tie + 1e-9).floor()
        } else {
            x
        }
    };
    rows.sort_by(|a, b| {
        let mut o = step(a.increment).total_cmp(&step(b.increment));
        for key in &rules.objective[1..] {
            o = o.then_with(|| match key {
                ObjectiveKey::Cultivated => a.cultivated.total_cmp(&b.cultivated),
                ObjectiveKey::Parcels => a.parcels.cmp(&b.parcels),
                ObjectiveKey::Oversize => a.oversize.total_cmp(&b.oversize),
                ObjectiveKey::Increment => std::cmp::Ordering::Equal,
            });
        }
        o.then_with(|| a.increment.total_cmp(&b.increment))
    });
    rows.truncate(k);
    rows
}

/// A made-up 耕地 of a set's increment: each parcel's surroundings carry a share of 耕地, seeded.
fn cultivated_share(set: &[usize], inc_m2: f64) -> f64 {
    let share: f64 = set.iter().map(|&i| ((i * 37 + 11) % 10) as f64 / 10.0).sum::<f64>() / set.len() as f64;
    Area::from_m2(inc_m2).mu() * share
}

fn instance(rng: &mut SplitMix64) -> (Vec<Rect>, f64) {
    let n = 8 + rng.below(7);
    let mut rects = Vec::new();
    // Blocks along a street grid with gaps of 10–60 m: some within the merge gap, some not.
    let (mut x, mut y) = (0.0, 0.0);
    for i in 0..n {
        let w = 60.0 + rng.below(200) as f64;
        let h = 60.0 + rng.below(200) as f64;
        rects.push(Rect {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        });
        x += w + 10.0 + rng.below(50) as f64;
        if i % 4 == 3 {
            x = rng.below(100) as f64;
            y += 300.0 + rng.below(60) as f64;
        }
    }
    let total: f64 = rects.iter().map(Rect::area).sum();
    let required = total * (0.15 + rng.below(50) as f64 / 100.0);
    (rects, required)
}

/// Runs `rounds` seeded instances; returns how many ranked lists held a set of several parcels, and a compact one.
fn compare(rules: &CombinationRules, seed: u64, rounds: usize, k: usize) -> (usize, usize) {
    let mut rng = SplitMix64::new(seed);
    let (mut several, mut compact) = (0, 0);
    for round in 0..rounds {
        let (rects, required) = instance(&mut rng);
        let p = problem(&rects, required, 1.3);
        let want = brute_best(&rects, &p, rules, k, &cultivated_share);
        let found = search(&p, rules, k);
        assert_eq!(found.method, Method::Exact, "round {round}");
        let mut f = |s: &Combination| cultivated_share(&s.members, s.increment_m2);
        let got = rank(found.kept, &p.pieces, rules, k, Some(&mut f));
        several += usize::from(got.ranked.iter().any(|r| r.set.members.len() > 1));
        compact += usize::from(got.ranked.iter().any(|r| matches!(r.set.route, Route::Compact { .. })));
        let rows: Vec<Row> = got
            .ranked
            .iter()
            .map(|r| Row {
                increment: r.set.increment_m2,
                cultivated: r.cultivated_mu.unwrap_or(f64::NAN),
                parcels: r.set.members.len(),
                oversize: r.set.oversize_m2,
            })
            .collect();
        assert_eq!(rows.len(), want.len(), "round {round}: {rows:?} vs {want:?}");
        for (g, w) in rows.iter().zip(&want) {
            assert!(
                (g.increment - w.increment).abs() < 1e-6
                    && (g.cultivated - w.cultivated).abs() < 1e-6
                    && g.parcels == w.parcels
                    && (g.oversize - w.oversize).abs() < 1e-6,
                "round {round}: got {rows:?}\nwant {want:?}"
            );
        }
    }
    (several, compact)
}

#[test]
fn branch_and_bound_agrees_with_brute_force() {
    let (several, compact) = compare(&CombinationRules::default(), 20261202, 60, 3);
    // The instances exercise both ways a set qualifies, not only single parcels.
    assert!(
        several > 20 && compact > 5,
        "{several} lists with several parcels, {compact} with a compact set"
    );
}

#[test]
fn brute_force_agrees_without_ties_and_with_another_key_order() {
    let rules = CombinationRules {
        increment_tie_mu: 0.0,
        objective: vec![
            ObjectiveKey::Increment,
            ObjectiveKey::Parcels,
            ObjectiveKey::Oversize,
            ObjectiveKey::Cultivated,
        ],
        ..CombinationRules::default()
    };
    let (several, _) = compare(&rules, 7, 60, 5);
    assert!(several > 20, "{several}");
}

#[test]
fn brute_force_agrees_with_a_tight_hull_bound_and_few_parcels() {
    let rules = CombinationRules {
        hull_ratio: 1.2,
        max_parcels: 3,
        increment_tie_mu: 20.0,
        ..CombinationRules::default()
    };
    compare(&rules, 99, 60, 1);
}

/// Four parcels, worked by hand (m; 1 亩 = 666.67 m²; requirement 40 亩 = 26 666.67 m², top 1.3 × = 52 亩):
/// A 100×100 (15 亩) at the origin; B 100×100 (15 亩) 20 m east of A, within the merge gap; C 200×100 (30 亩) 1 km
/// away; D 100×160 (24 亩) 40 m north of A, beyond the gap.
/// - C alone: increment 40 − 30 = 10 亩. {A, B} contiguous (clause 四): 40 − 30 = 10 亩.
/// - {A, D} compact: hull 100 × 300 = 30 000 m² = 45 亩 ≤ 2 × 39 亩; the red line holds the hull, so the
///   increment is 45 − 39 = 6 亩 (the 40 m between them included).
/// - {A, B, D} holds 54 亩 > 52: out.
fn hand_case() -> (Vec<Rect>, Problem) {
    let rects = vec![
        Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 100.0,
        },
        Rect {
            x0: 120.0,
            y0: 0.0,
            x1: 220.0,
            y1: 100.0,
        },
        Rect {
            x0: 1000.0,
            y0: 0.0,
            x1: 1200.0,
            y1: 100.0,
        },
        Rect {
            x0: 0.0,
            y0: 140.0,
            x1: 100.0,
            y1: 300.0,
        },
    ];
    let p = problem(&rects, Area::from_mu(40.0).m2(), 1.3);
    (rects, p)
}

fn mu(m2: f64) -> f64 {
    (Area::from_m2(m2).mu() * 1e6).round() / 1e6
}

#[test]
fn hand_worked_case_strict_order() {
    let (_, p) = hand_case();
    let rules = CombinationRules {
        increment_tie_mu: 0.0,
        ..CombinationRules::default()
    };
    let found = search(&p, &rules, 3);
    assert_eq!(found.method, Method::Exact);
    let got = rank(found.kept, &p.pieces, &rules, 3, None).ranked;
    // {A, D} (6 亩), then C (10 亩, one parcel), then {A, B} (10 亩, two parcels).
    assert_eq!(got[0].set.members, vec![3, 0], "D (24 亩) listed before A");
    assert_eq!(mu(got[0].set.increment_m2), 6.0);
    assert_eq!(got[0].set.route, Route::Compact { hull_m2: 30_000.0 });
    assert_eq!(got[1].set.members, vec![2]);
    assert_eq!(mu(got[1].set.increment_m2), 10.0);
    assert_eq!(got[2].set.members, vec![0, 1]);
    assert_eq!(got[2].set.route, Route::Contiguous);
    assert_eq!(mu(got[2].set.increment_m2), 10.0);
}

#[test]
fn hand_worked_case_ties_and_cultivated() {
    let (_, p) = hand_case();
    // Within 5 亩 of the least (6 亩) all three tie: without layers, fewest parcels first (C), then the
    // others by oversize (none) and increment.
    let rules = CombinationRules::default();
    let found = search(&p, &rules, 3);
    let got = rank(found.kept.clone(), &p.pieces, &rules, 3, None).ranked;
    let order: Vec<Vec<usize>> = got.iter().map(|r| r.set.members.clone()).collect();
    assert_eq!(order, vec![vec![2], vec![3, 0], vec![0, 1]]);
    // With 耕地: C's increment takes 3 亩, {A, B}'s 1 亩, {A, D}'s none: clause (一) puts {A, D} first.
    let mut cult = |s: &Combination| match s.members.as_slice() {
        [2] => 3.0,
        [0, 1] => 1.0,
        _ => 0.0,
    };
    let got = rank(found.kept, &p.pieces, &rules, 3, Some(&mut cult)).ranked;
    let order: Vec<Vec<usize>> = got.iter().map(|r| r.set.members.clone()).collect();
    assert_eq!(order, vec![vec![3, 0], vec![0, 1], vec![2]]);
    assert_eq!(got[2].cultivated_mu, Some(3.0));
}

#[test]
fn a_node_budget_says_heuristic() {
    let mut rng = SplitMix64::new(5);
    let (rects, required) = instance(&mut rng);
    let p = problem(&rects, required, 1.3);
    let rules = CombinationRules {
        max_nodes: 10,
        ..CombinationRules::default()
    };
    let found = search(&p, &rules, 1);
    assert!(matches!(found.method, Method::Heuristic { .. }), "{:?}", found.method);
}
