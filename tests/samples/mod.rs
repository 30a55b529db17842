//! Shared by the integration tests that include it (`mod support;`).

use std::path::{Path, PathBuf};

/// The app's sample library and its synthetic control layers as `stockfirst propose` is tested on (400 parcels,
/// seed 11, 1 500 图斑), written into `dir` by the binary: (library, control layers).
pub fn generated_sample(dir: &Path) -> (PathBuf, PathBuf) {
    let (lib, ctl) = (dir.join("lib.gpkg"), dir.join("ctl.gpkg"));
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args([
            "generate-sample",
            "--parcels",
            "400",
            "--seed",
            "11",
            "--dltb",
            "1500",
            "--out",
        ])
        .arg(&lib)
        .arg("--controls")
        .arg(&ctl)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&made.stdout),
        String::from_utf8_lossy(&made.stderr)
    );
    (lib, ctl)
}
