//! Headless commands. Each calls the same core the app does and only formats the answer.

pub mod controls_cmd;
pub mod convert;
mod county_note;
pub mod generate;
pub mod generate_controls;
pub mod info;
pub mod match_cmd;
mod match_quota_project;
pub mod package_files;
pub mod publish_cmd;
pub mod quota_cmd;
mod quota_diff;
pub mod report_cmd;
