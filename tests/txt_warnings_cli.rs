//! Issue 11: boundary TXT warnings reach the officer in every command that reads a red line — `match`,
//! `controls` and the batch — each naming the file and the line.

use std::process::Command;

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";
const CONTROLS: &str = "sample-data/jiaozuo-controls-sample.gpkg";

/// The sample red line without the point that closes its ring (line 18): the reader closes it and says so.
fn open_ring(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string("sample-data/footprints/xiuwu-industrial.txt").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[17].starts_with("J1,1,"), "{:?}", lines[17]);
    let path = dir.join("open.txt");
    std::fs::write(&path, lines[..17].join("\n") + "\n").unwrap();
    path
}

fn stderr_of(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_unclosed_ring_is_told_by_match_controls_and_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let txt = open_ring(dir.path());
    let t = txt.to_str().unwrap();
    let said = |err: &str| err.contains("open.txt:17:") && err.contains("not closed");
    let m = stderr_of(&[
        "match",
        "--library",
        SAMPLE,
        "--footprint",
        t,
        "--use",
        "100101",
        "--json",
    ]);
    assert!(said(&m), "{m}");
    let c = stderr_of(&["controls", "--footprint", t, "--layers", CONTROLS, "--json"]);
    assert!(said(&c), "{c}");
    // The batch keeps them in the project's row.
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(["match", "--library", SAMPLE, "--projects", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes: Vec<&str> = row["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(notes.iter().any(|n| said(n)), "{notes:?}");
}
