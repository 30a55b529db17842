//! Plain data of the domain. No I/O, no UI.

mod area;
mod county;
mod county_boundaries;
mod county_grid;
mod land_use;
mod lang;
mod parcel;
mod project_category;
mod shared_change;
mod status;
mod status_change;
mod stock_kind;
mod tier;

pub use area::{Area, AreaUnit, MU_PER_HECTARE, MU_PER_M2};
pub use county::{Counties, County};
pub use county_boundaries::{CountyBoundaries, CountyBoundary, CountyMismatch, CountyShare};
pub use county_grid::{CountyCheck, CountyFindings, CountyVerdict};
pub use land_use::{Crosswalk, Interpretation, LandUse, LandUseCatalog, LandUseClass, LandUseSystem};
pub use lang::Lang;
pub use parcel::{AREA_MISMATCH_TOLERANCE, Parcel, StatedArea};
pub use project_category::ProjectCategory;
pub use shared_change::{SharedOutcome, TheirChange};
pub use status::ParcelStatus;
pub use status_change::{StatusChange, Transition, TransitionError, check_transition, rfc3339_utc};
pub use stock_kind::StockKind;
pub use tier::ProjectTier;
