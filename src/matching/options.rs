//! What the officer asks a match to include, and how many candidates to return.

/// What to include and how many to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    pub top: usize,
    /// Also list parcels whose use does not fit.
    pub include_unfit: bool,
    /// Also list parcels that are not 可供.
    pub include_unavailable: bool,
    /// Look for merged groups (clause 四).
    pub merge: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self {
            top: 10,
            include_unfit: false,
            include_unavailable: false,
            merge: true,
        }
    }
}
