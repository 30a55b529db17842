//! Reports at the edge: tables with typed cells, and their forms for people and programs (CSV, terminal text).
//! The CLI and the app build the same tables here and only show them; XLSX ([`xlsx`]) takes them as they are.

pub mod candidates;
pub mod csv;
pub mod file;
pub mod load_problems;
pub mod quota;
pub mod register;
pub mod table;
pub mod text;
pub mod xlsx;

pub use table::{Align, Cell, Column, Table};
