//! Geometry care shared by the library, matching and the readers: validation, repair, a local origin for
//! precision, and boolean operations that cannot panic.

mod guarded;
mod local_frame;
mod proven_rings;
pub mod ring;
mod simple_ring;
mod validate;

pub use guarded::{GeometryError, guarded, guarded_intersection, guarded_union};
pub use local_frame::LocalFrame;
pub use validate::{Fix, MAX_COORDINATE, Repaired, repair, repair_owned};
