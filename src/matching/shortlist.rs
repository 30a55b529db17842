//! The best few seen so far. The search keeps one for the ranked list, one for the merge seeds and one for the
//! early stop, so it can skip a parcel's exact distance when even its nearest possible distance could not bring it
//! into any of them.

use super::rank::CandidateClass;

/// Where a candidate would rank: its clause (二) class (when classes rank first) and its score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Standing {
    pub class: CandidateClass,
    pub score: f64,
}

/// The `n` best standings seen, best first (crate-private; its tests are below).
#[derive(Debug, Clone)]
pub(crate) struct Shortlist {
    n: usize,
    class_first: bool,
    best: Vec<Standing>,
}

impl Shortlist {
    pub(crate) fn new(n: usize, class_first: bool) -> Self {
        Self {
            n,
            class_first,
            best: Vec::with_capacity(n + 1),
        }
    }

    /// `a` ranks strictly below `b`.
    fn below(&self, a: &Standing, b: &Standing) -> bool {
        if self.class_first && a.class != b.class {
            return a.class > b.class;
        }
        a.score < b.score
    }

    /// A candidate standing this well could still enter (a tie may enter: ids break ties later).
    pub(crate) fn admits(&self, s: Standing) -> bool {
        match self.full_last() {
            Some(last) => !self.below(&s, &last),
            None => self.n > 0,
        }
    }

    pub(crate) fn add(&mut self, s: Standing) {
        if self.n == 0 {
            return;
        }
        let pos = self.best.partition_point(|x| !self.below(x, &s));
        self.best.insert(pos, s);
        self.best.truncate(self.n);
    }

    /// The `n`-th best, once `n` have been seen.
    pub(crate) fn full_last(&self) -> Option<Standing> {
        if self.best.len() >= self.n {
            self.best.last().copied()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(class: CandidateClass, score: f64) -> Standing {
        Standing { class, score }
    }

    #[test]
    fn keeps_the_best_n_and_admits_ties() {
        let mut s = Shortlist::new(2, false);
        assert!(s.admits(st(CandidateClass::TopUpIncrement, 0.0)));
        for v in [10.0, 30.0, 20.0, 5.0] {
            s.add(st(CandidateClass::TopUpIncrement, v));
        }
        assert_eq!(s.full_last().map(|x| x.score), Some(20.0));
        assert!(s.admits(st(CandidateClass::TopUpIncrement, 20.0)));
        assert!(!s.admits(st(CandidateClass::TopUpIncrement, 19.9)));
    }

    #[test]
    fn class_first_ranks_the_class_before_the_score() {
        let mut s = Shortlist::new(1, true);
        s.add(st(CandidateClass::DirectFirstChoice, 10.0));
        // Clause (二): a 直接首选 outranks any candidate that needs an increment, whatever the scores.
        assert!(!s.admits(st(CandidateClass::TopUpIncrement, 99.0)));
        assert!(s.admits(st(CandidateClass::DirectFirstChoice, 10.0)));
        let mut by_score = Shortlist::new(1, false);
        by_score.add(st(CandidateClass::DirectFirstChoice, 10.0));
        assert!(by_score.admits(st(CandidateClass::TopUpIncrement, 99.0)));
    }

    #[test]
    fn an_empty_list_admits_nothing() {
        let s = Shortlist::new(0, false);
        assert!(!s.admits(st(CandidateClass::DirectFirstChoice, 100.0)));
        assert_eq!(s.full_last(), None);
    }
}
