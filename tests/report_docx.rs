//! `stockfirst report --out draft.docx|draft.pdf`: the decision document, opened by a real client. The .docx is read
//! back as a zip; LibreOffice (headless, what CI installs: libreoffice-writer-nogui) makes the PDF, and poppler's
//! pdfimages / pdftotext check it has the map and the 界址点坐标表 with the footprint file's own coordinates.

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";
const CONTROLS: &str = "sample-data/jiaozuo-controls-sample.gpkg";
const FOOTPRINT: &str = "sample-data/footprints/xiuwu-industrial.txt";

fn report(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .arg("report")
        .args(args)
        .output()
        .expect("run stockfirst")
}

/// The first point line of the TXT, as the file writes it: (X, Y) text.
fn first_point(path: &str) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text.lines().find(|l| l.starts_with("J1,")).unwrap();
    let f: Vec<&str> = line.split(',').collect();
    (f[2].trim().to_string(), f[3].trim().to_string())
}

/// 亩 of the TXT's first ring by the shoelace formula, computed here.
fn shoelace_mu(path: &str) -> f64 {
    let text = std::fs::read_to_string(path).unwrap();
    let pts: Vec<(f64, f64)> = text
        .lines()
        .filter(|l| l.starts_with('J'))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[3].trim().parse().unwrap(), f[2].trim().parse().unwrap())
        })
        .collect();
    let a: f64 = pts.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum();
    (a / 2.0).abs() * 0.0015
}

fn zip_entry(path: &Path, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut e = z.by_name(name).unwrap();
    let mut v = Vec::new();
    e.read_to_end(&mut v).unwrap();
    v
}

#[test]
fn docx_holds_the_map_the_tables_and_the_boundary_points() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.docx");
    let o = report(&[
        "--library",
        SAMPLE,
        "--footprint",
        FOOTPRINT,
        "--use",
        "100101",
        "--layers",
        CONTROLS,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = String::from_utf8(zip_entry(&out, "word/document.xml")).unwrap();
    let png = zip_entry(&out, "word/media/image1.png");
    assert!(png.starts_with(b"\x89PNG"), "the map is embedded");
    for part in [
        "建设项目用地选址决策稿 — 未命名项目",
        "存量套核",
        "存量候选地块及理由",
        "选定方案及指标影响",
        "合规性审查",
        "界址点坐标表",
        "编制依据",
    ] {
        assert!(xml.contains(part), "{part}");
    }
    let (x, y) = first_point(FOOTPRINT);
    assert!(xml.contains(&x) && xml.contains(&y), "J1 = {x}, {y}");
    assert!(xml.contains(&format!("{:.2} 亩", shoelace_mu(FOOTPRINT))));
    assert!(
        xml.contains("宋体")
            || String::from_utf8(zip_entry(&out, "word/styles.xml"))
                .unwrap()
                .contains("宋体")
    );
}

/// One LibreOffice run for the whole suite: `report --out draft.pdf` converts the .docx through soffice.
#[test]
fn libreoffice_renders_the_document_with_its_map_and_coordinates() {
    if stockfirst::cli::report_cmd::office().is_none() {
        println!("SKIPPED: soffice (LibreOffice) is not on PATH; `make test-deps` installs libreoffice-writer-nogui");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.pdf");
    let o = report(&[
        "--library",
        SAMPLE,
        "--footprint",
        FOOTPRINT,
        "--use",
        "100101",
        "--layers",
        CONTROLS,
        "--name",
        "修武县高端装备制造项目",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&out)
        .output()
        .expect("pdfimages (poppler-utils)");
    let list = String::from_utf8_lossy(&images.stdout);
    // Header, rule, then one line per image: the map, at least 1000 px wide.
    let widths: Vec<u32> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(3).and_then(|w| w.parse().ok()))
        .collect();
    assert!(widths.iter().any(|w| *w >= 1000), "{list}");
    let text = Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let (x, y) = first_point(FOOTPRINT);
    assert!(text.contains("界址点坐标表"), "{text}");
    assert!(text.contains(&x) && text.contains(&y), "J1 = {x}, {y} in\n{text}");
    assert!(text.contains(&format!("{:.2}", shoelace_mu(FOOTPRINT))) && text.contains("亩"));
    assert!(text.contains("修武县高端装备制造项目"));
}
