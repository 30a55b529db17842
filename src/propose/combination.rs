//! 存量组合: which sets of stock parcels may carry one project together, found by branch and bound.
//!
//! A set qualifies when it is contiguous within the merge gap (整合归并, clause 四): its increment is what the
//! parcels lack of the requirement. Or when it is compact: the convex hull of its parcels is at most
//! `hull_ratio` × their area; one red line then holds the hull, and the land between the parcels is increment too.
//! The search keeps every set whose increment could still rank among the best `k` (see [`super::objective`]).

use geo::Coord;

use super::hull::hull_area;
use crate::matching::CombinationRules;
use crate::model::Area;

/// One stock parcel as the search sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub id: String,
    pub area_m2: f64,
    /// Its convex hull's corners, in any frame shared by all pieces (a local one keeps the sums exact).
    pub hull: Vec<Coord<f64>>,
}

/// What the search is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub required_m2: f64,
    /// No set may hold more stock than this (the size band's top, clause 一).
    pub top_m2: f64,
    pub pieces: Vec<Piece>,
    /// Pairs of pieces within the merge gap (clause 四).
    pub adjacent: Vec<(usize, usize)>,
}

/// How a set qualifies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Route {
    /// Contiguous within the merge gap (整合归并, clause 四).
    Contiguous,
    /// Compact: the convex hull's area, at most `hull_ratio` × the stock.
    Compact { hull_m2: f64 },
}

/// One qualifying set.
#[derive(Debug, Clone, PartialEq)]
pub struct Combination {
    /// Indices into `Problem::pieces`, largest first.
    pub members: Vec<usize>,
    pub stock_m2: f64,
    pub route: Route,
    /// New land the red line needs besides the stock.
    pub increment_m2: f64,
    /// Stock beyond the requirement.
    pub oversize_m2: f64,
}

/// Exact, or the best found when a limit was met (and which).
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    Exact,
    Heuristic { zh: String, en: String },
}

/// The sets kept, and how they were found.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub kept: Vec<Combination>,
    pub method: Method,
    pub nodes: usize,
}

/// One cluster of pieces that may combine, re-indexed largest first (at most 64, so a set is a bit mask).
struct Cluster {
    /// Problem indices.
    of: Vec<usize>,
    area: Vec<f64>,
    hull: Vec<Vec<Coord<f64>>>,
    /// Neighbours within the merge gap.
    near: Vec<u64>,
    /// Pairs whose own hull is small enough for some compact set.
    pairable: Vec<u64>,
    /// Sum of the r largest areas, r = 0..=n.
    top_sum: Vec<f64>,
}

struct State<'a> {
    rules: &'a CombinationRules,
    req: f64,
    top: f64,
    tie_m2: f64,
    k: usize,
    kept: Vec<Combination>,
    /// The `k` least increments seen, ascending.
    best: Vec<f64>,
    nodes: usize,
    out_of_nodes: bool,
}

impl State<'_> {
    /// Sets above this increment cannot rank among the best `k`.
    fn threshold(&self) -> f64 {
        if self.best.len() < self.k {
            f64::INFINITY
        } else {
            self.best[self.k - 1] + self.tie_m2
        }
    }

    fn keep(&mut self, c: &Cluster, mask: u64, stock: f64, route: Route) {
        let floor = match route {
            Route::Contiguous => self.req,
            Route::Compact { hull_m2 } => self.req.max(hull_m2),
        };
        let increment = (floor - stock).max(0.0);
        if increment > self.threshold() {
            return;
        }
        let pos = self.best.partition_point(|b| *b <= increment);
        self.best.insert(pos, increment);
        self.best.truncate(self.k);
        let members = (0..c.of.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| c.of[i])
            .collect();
        self.kept.push(Combination {
            members,
            stock_m2: stock,
            route,
            increment_m2: increment,
            oversize_m2: (stock - self.req).max(0.0),
        });
    }

    fn tick(&mut self) -> bool {
        self.nodes += 1;
        if self.nodes > self.rules.max_nodes {
            self.out_of_nodes = true;
        }
        !self.out_of_nodes
    }
}

/// The indices above `i`, as a mask.
fn above(i: usize) -> u64 {
    if i >= 63 { 0 } else { !((1u64 << (i + 1)) - 1) }
}

fn bits(mut m: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (m != 0).then(|| {
            let i = m.trailing_zeros() as usize;
            m &= m - 1;
            i
        })
    })
}

/// The most area `r` pieces above `i` can hold (the pieces are largest first).
fn reach_after(c: &Cluster, i: usize, r: usize) -> f64 {
    let n = c.area.len();
    let from = (i + 1).min(n);
    c.top_sum[(from + r).min(n)] - c.top_sum[from]
}

fn connected(c: &Cluster, mask: u64) -> bool {
    let start = mask & mask.wrapping_neg();
    let (mut seen, mut edge) = (start, start);
    while edge != 0 {
        let mut next = 0;
        for i in bits(edge) {
            next |= c.near[i] & mask & !seen;
        }
        seen |= next;
        edge = next;
    }
    seen == mask
}

/// Contiguous sets: each connected set of at most `max_parcels` is met once (Wernicke's ESU enumeration).
fn contiguous(st: &mut State<'_>, c: &Cluster, set: u64, ext: u64, root: usize, stock: f64) {
    if !st.tick() {
        return;
    }
    st.keep(c, set, stock, Route::Contiguous);
    let size = set.count_ones() as usize;
    if size >= st.rules.max_parcels {
        return;
    }
    // Bound: even the largest parcels left cannot lower the increment below the threshold. Every member but the
    // root lies above it, and the pieces are largest first, so those left are at most the ones right after it.
    let reach = reach_after(c, root, st.rules.max_parcels - size);
    if (st.req - stock - reach).max(0.0) > st.threshold() {
        return;
    }
    let mut around = 0u64;
    for i in bits(set) {
        around |= c.near[i];
    }
    let above_root = above(root);
    let mut ext = ext;
    while ext != 0 {
        let w = ext.trailing_zeros() as usize;
        ext &= ext - 1;
        if stock + c.area[w] > st.top {
            continue;
        }
        let fresh = c.near[w] & !set & !around & above_root;
        contiguous(st, c, set | (1 << w), ext | fresh, root, stock + c.area[w]);
    }
}

/// Compact sets that are not contiguous: members added largest first, each pairable with all before it.
fn compact(st: &mut State<'_>, c: &Cluster, set: u64, open: u64, stock: f64, hull: &[Coord<f64>], hull_m2: f64) {
    if !st.tick() {
        return;
    }
    if set.count_ones() >= 2 && hull_m2 <= st.rules.hull_ratio * stock && !connected(c, set) {
        st.keep(c, set, stock, Route::Compact { hull_m2 });
    }
    let size = set.count_ones() as usize;
    if size >= st.rules.max_parcels {
        return;
    }
    let reach: f64 = bits(open).take(st.rules.max_parcels - size).map(|i| c.area[i]).sum();
    // The hull only grows, so the land between the parcels is at least hull − the band's top.
    let lower = (st.req - stock - reach).max(hull_m2 - st.top).max(0.0);
    if lower > st.threshold() {
        return;
    }
    let left = st.rules.max_parcels - size - 1;
    for w in bits(open) {
        if stock + c.area[w] > st.top {
            continue;
        }
        // The bound by area before the hull is made: `w` and the largest that may follow it. Later children are
        // smaller and have fewer to follow, so once it fails it fails for all of them.
        let after: f64 = bits(open & above(w)).take(left).map(|i| c.area[i]).sum();
        if (st.req - stock - c.area[w] - after).max(0.0) > st.threshold() {
            break;
        }
        let mut pts: Vec<Coord<f64>> = hull.iter().chain(&c.hull[w]).copied().collect();
        let h = hull_area(&mut pts);
        if h > st.rules.hull_ratio * st.top {
            continue;
        }
        let later = open & above(w) & c.pairable[w];
        compact(st, c, set | (1 << w), later, stock + c.area[w], &pts, h);
    }
}

/// Splits the pieces into clusters: pieces that can meet in no qualifying set are in different clusters.
fn clusters(p: &Problem, rules: &CombinationRules, truncated: &mut Vec<usize>) -> Vec<Cluster> {
    let n = p.pieces.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let limit = rules.hull_ratio * p.top_m2;
    let hulls: Vec<&[Coord<f64>]> = p.pieces.iter().map(|q| q.hull.as_slice()).collect();
    let mut pairs = super::pairs::Pairs::new(&hulls, limit);
    for &(i, j) in p.adjacent.iter().chain(&pairs.sure) {
        if i < n && j < n {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a] = b;
        }
    }
    // A hull is computed only where it could join two clusters; the rest wait until their cluster is cut.
    for k in 0..pairs.maybe.len() {
        let (i, j) = pairs.maybe[k];
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b && pairs.check(k) {
            parent[a] = b;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let cap = rules.exact_max_candidates.min(64);
    let mut out: Vec<Cluster> = Vec::new();
    // Each piece's cluster and place in it, once the clusters are cut.
    let mut at: Vec<Option<(usize, usize)>> = vec![None; n];
    for mut of in groups.into_values() {
        of.sort_by(|&a, &b| {
            p.pieces[b]
                .area_m2
                .total_cmp(&p.pieces[a].area_m2)
                .then_with(|| p.pieces[a].id.cmp(&p.pieces[b].id))
        });
        if of.len() > cap {
            truncated.push(of.len());
            of.truncate(cap);
        }
        for (k, &g) in of.iter().enumerate() {
            at[g] = Some((out.len(), k));
        }
        let area: Vec<f64> = of.iter().map(|&g| p.pieces[g].area_m2).collect();
        let mut top_sum = vec![0.0];
        for a in &area {
            top_sum.push(top_sum.last().copied().unwrap_or(0.0) + a);
        }
        out.push(Cluster {
            hull: of.iter().map(|&g| p.pieces[g].hull.clone()).collect(),
            near: vec![0u64; of.len()],
            pairable: vec![0u64; of.len()],
            of,
            area,
            top_sum,
        });
    }
    let same = |i: usize, j: usize| match (at.get(i).copied().flatten(), at.get(j).copied().flatten()) {
        (Some((ci, a)), Some((cj, b))) if ci == cj => Some((ci, a, b)),
        _ => None,
    };
    for &(i, j) in &p.adjacent {
        if let Some((c, a, b)) = same(i, j) {
            out[c].near[a] |= 1 << b;
            out[c].near[b] |= 1 << a;
        }
    }
    for &(i, j) in &pairs.sure {
        if let Some((c, a, b)) = same(i, j) {
            out[c].pairable[a] |= 1 << b;
            out[c].pairable[b] |= 1 << a;
        }
    }
    for k in 0..pairs.maybe.len() {
        let (i, j) = pairs.maybe[k];
        if let Some((c, a, b)) = same(i, j)
            && pairs.check(k)
        {
            out[c].pairable[a] |= 1 << b;
            out[c].pairable[b] |= 1 << a;
        }
    }
    out
}

/// Every qualifying set whose increment is at most the `k`-th least plus `increment_tie_mu`: enough to rank the
/// best `k` by the whole objective.
///
/// ```
/// use geo::Coord;
/// use stockfirst::matching::CombinationRules;
/// use stockfirst::propose::{Method, Piece, Problem, search};
/// let sq = |x: f64, id: &str| Piece { id: id.into(), area_m2: 10_000.0,
///     hull: vec![Coord { x, y: 0.0 }, Coord { x: x + 100.0, y: 0.0 }, Coord { x: x + 100.0, y: 100.0 }, Coord { x, y: 100.0 }] };
/// // Two 15 亩 parcels 20 m apart (within the merge gap, clause 四) for a 30 亩 project: together, no increment.
/// let p = Problem { required_m2: 20_000.0, top_m2: 26_000.0, pieces: vec![sq(0.0, "A"), sq(120.0, "B")], adjacent: vec![(0, 1)] };
/// let found = search(&p, &CombinationRules::default(), 1);
/// assert_eq!(found.method, Method::Exact);
/// assert!(found.kept.iter().any(|s| s.members.len() == 2 && s.increment_m2 == 0.0));
/// ```
pub fn search(p: &Problem, rules: &CombinationRules, k: usize) -> Search {
    let mut truncated = Vec::new();
    let cs = clusters(p, rules, &mut truncated);
    let mut st = State {
        rules,
        req: p.required_m2,
        top: p.top_m2,
        tie_m2: Area::from_mu(rules.increment_tie_mu).m2(),
        k: k.max(1),
        kept: Vec::new(),
        best: Vec::new(),
        nodes: 0,
        out_of_nodes: false,
    };
    for c in &cs {
        let n = c.of.len();
        for v in 0..n {
            if c.area[v] > st.top {
                continue;
            }
            // No set rooted here or at any smaller piece can come under the threshold.
            let best_stock = c.area[v] + reach_after(c, v, st.rules.max_parcels - 1);
            if (st.req - best_stock).max(0.0) > st.threshold() {
                break;
            }
            contiguous(&mut st, c, 1 << v, c.near[v] & above(v), v, c.area[v]);
        }
        let all = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        compact(&mut st, c, 0, all, 0.0, &[], 0.0);
    }
    let limit = st.threshold();
    let mut kept = st.kept;
    kept.retain(|s| s.increment_m2 <= limit);
    let method = if st.out_of_nodes {
        Method::Heuristic {
            zh: format!("分支定界在 {} 个节点处停止，给出已找到的最优组合", rules.max_nodes),
            en: format!(
                "branch and bound stopped at {} nodes; the best sets found so far",
                rules.max_nodes
            ),
        }
    } else if let Some(n) = truncated.iter().max() {
        Method::Heuristic {
            zh: format!(
                "一组相邻地块共 {n} 块，只在最大的 {} 块中精确求解",
                rules.exact_max_candidates
            ),
            en: format!(
                "a cluster of {n} parcels: exact over its {} largest only",
                rules.exact_max_candidates
            ),
        }
    } else {
        Method::Exact
    };
    Search {
        kept,
        method,
        nodes: st.nodes,
    }
}
