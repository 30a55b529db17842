//! Project tiers: which list a project is on decides which pools it may draw (clauses 五–八).
//! One type serves matching and quota: [`crate::model::ProjectTier`].

pub use crate::model::ProjectTier as Tier;
