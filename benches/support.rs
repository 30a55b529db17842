//! Shared by the benches: generated libraries on disk, made once and kept under target/bench-data.

#![allow(dead_code)]

use std::path::PathBuf;

use stockfirst::io::sample_spec::sample_spec;
use stockfirst::io::{assets, crs::WorkingCrs, gdal_write};

/// Path of a generated n-parcel GeoPackage, created on first use (seed 20260116, as the sample).
pub fn library_gpkg(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).ok();
    let path = dir.join(format!("lib-{n}.gpkg"));
    if !path.exists() {
        let spec = sample_spec(n, 20260116).expect("county seats");
        let parcels = stockfirst::sample::generate(&spec);
        let counties = assets::counties().expect("counties");
        gdal_write::write_parcels(
            &path,
            &parcels,
            &counties,
            WorkingCrs::Zone38,
            &gdal_write::WriteMeta::default(),
        )
        .expect("write library");
    }
    path
}

/// Path of an n-parcel library shaped like an outside generator's (benches/outside_library.py, seed 11), created on
/// first use with the bench venv's Python (benches/geopandas_load.sh makes the venv).
pub fn outside_gpkg(n: usize) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir).ok();
    let path = dir.join(format!("outside-{n}.gpkg"));
    if !path.exists() {
        let python = root.join("benches/.venv/bin/python");
        assert!(
            python.exists(),
            "no bench venv: run benches/geopandas_load.sh (it makes benches/.venv and the libraries)"
        );
        let status = std::process::Command::new(python)
            .arg(root.join("benches/outside_library.py"))
            .arg(n.to_string())
            .arg(&path)
            .status()
            .expect("run benches/outside_library.py");
        assert!(status.success(), "benches/outside_library.py failed");
    }
    path
}
