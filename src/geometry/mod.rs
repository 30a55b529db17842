//! Geometry care shared by the library, matching and the readers: validation, repair, a local origin for
//! precision, and boolean operations that cannot panic.

mod clip;
mod cover;
mod guarded;
mod hole_owners;
mod inside_point;
mod local_frame;
mod proven_rings;
pub mod ring;
mod simple_ring;
mod star_ring;
pub mod tiles;
mod validate;

pub use clip::{ConvexCover, local_area};
pub use cover::proven_apart;
pub use guarded::{GeometryError, guarded, guarded_intersection, guarded_union};
pub use hole_owners::give_holes_to_their_shells;
pub use inside_point::{inside_point, scan_line_point};
pub use local_frame::LocalFrame;
pub use star_ring::proven_star_ring;
pub use validate::{Fix, MAX_COORDINATE, Repaired, repair, repair_owned};
