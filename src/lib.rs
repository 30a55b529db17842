//! stockfirst (存量优先): the stock-first land matching engine for the Jiaozuo land bureau.
//!
//! The core (`model`, `geometry`, `library`, `matching`, `quota`) is pure: no UI, no GDAL, no file formats.
//! `io` is the edge that reads and writes files; `cli` and `ui` show the core's answers.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod controls;
pub mod geometry;
pub mod io;
pub mod library;
pub mod matching;
pub mod model;
pub mod print;
pub mod propose;
pub mod publish;
pub mod quota;
pub mod report;
pub mod sample;
pub mod ui;
