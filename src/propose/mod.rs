//! 存量组合 (issue 15): several stock parcels that together carry a project, with the least increment, the least
//! 耕地 in it, the fewest parcels and the least oversize (clauses 二, 一, 四), each proposal an ordinary red line.
//! Pure: below the matching and the controls, above nothing that reads a file.

mod answer;
mod combination;
mod footprint;
mod hull;
mod objective;
mod pairs;
mod pool;
mod proposal;
mod reasons;
mod site;
mod site_proposal;

pub use answer::{Proposal, Proposals, ProposeError, SiteFacts};
pub use combination::{Combination, Method, Piece, Problem, Route, Search, search};
pub use footprint::combination_footprint;
pub use hull::hull_area;
pub use objective::{CultivatedOf, Ranked, Ranking, rank};
pub use pool::Pool;
pub use proposal::{Controls, candidate_pool, propose};
pub use site::{GrownSite, SiteError, SiteGround, grow_site};
pub use site_proposal::{propose_sites, propose_sites_with};
