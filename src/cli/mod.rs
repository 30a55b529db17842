//! Headless commands. Each calls the same core the app does and only formats the answer.

mod batch;
mod batch_rows;
pub mod controls_cmd;
pub mod convert;
mod county_note;
pub mod db_cmd;
mod db_offline;
pub mod generate;
pub mod generate_controls;
pub mod info;
mod match_args;
pub mod match_cmd;
mod match_one;
mod match_out;
mod match_quota_project;
pub mod match_report;
pub mod package_files;
pub mod propose_cmd;
pub mod publish_cmd;
pub mod quota_cmd;
mod quota_diff;
pub mod report_cmd;
