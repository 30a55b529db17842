//! Issue 11, Excel out: the 台账, the load problems, the candidates and the quota tables go to .xlsx with 亩 as
//! numbers formatted `0.00`, a frozen header and column widths; CSV stays, with a BOM. Each file is read back
//! with calamine (values) and from its XML parts (formats), and compared with the same command's JSON.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";
const FOOTPRINT: &str = "sample-data/footprints/xiuwu-industrial.txt";

fn stockfirst(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(args)
        .output()
        .expect("run stockfirst");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&stockfirst(args).stdout).unwrap()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The number format of cell `r` on sheet `n` (1-based): the cell's style → its numFmtId → the format code.
fn cell_format(bytes: &[u8], n: usize, r: &str) -> String {
    let sheet = part(bytes, &format!("xl/worksheets/sheet{n}.xml"));
    let at = sheet
        .find(&format!("<c r=\"{r}\""))
        .unwrap_or_else(|| panic!("no cell {r}"));
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    let style: usize = attr(tag, "s").unwrap_or("0").parse().unwrap();
    let styles = part(bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id = attr(&format!(" {xf}"), "numFmtId").unwrap().to_string();
    styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| attr(&format!(" {f}"), "numFmtId") == Some(id.as_str()))
        .and_then(|f| attr(&format!(" {f}"), "formatCode").map(str::to_string))
        .unwrap_or_else(|| format!("builtin {id}"))
}

fn frozen_with_widths(bytes: &[u8], n: usize) -> bool {
    let sheet = part(bytes, &format!("xl/worksheets/sheet{n}.xml"));
    sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#) && sheet.contains(r#"customWidth="1""#)
}

fn float(v: Option<&Data>) -> f64 {
    match v {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(v: Option<&Data>) -> String {
    match v {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn match_out_xlsx_has_the_candidates_and_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("候选.xlsx");
    let base = [
        "match",
        "--library",
        SAMPLE,
        "--footprint",
        FOOTPRINT,
        "--use",
        "100101",
    ];
    let want = json(&[&base[..], &["--json"]].concat());
    stockfirst(&[&base[..], &["--out", path.to_str().unwrap()]].concat());
    let bytes = std::fs::read(&path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["存量候选".to_string(), "套核".to_string()]);
    let cands = book.worksheet_range("存量候选").unwrap();
    assert_eq!(text(cands.get_value((0, 6))), "面积（亩）");
    let listed = want["candidates"].as_array().unwrap();
    assert!(!listed.is_empty());
    assert_eq!(cands.height(), listed.len() + 1);
    for (i, c) in listed.iter().enumerate() {
        let row = i as u32 + 1;
        let ids: Vec<&str> = c["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(text(cands.get_value((row, 3))), ids.join("+"));
        // The JSON's area is m²; the sheet's is 亩 = m² × 0.0015, unrounded (the format rounds on screen).
        let mu = c["area"]["m2"].as_f64().unwrap() * 0.0015;
        assert!((float(cands.get_value((row, 6))) - mu).abs() < 1e-9);
    }
    assert_eq!(cell_format(&bytes, 1, "G2"), "0.00");
    assert!(frozen_with_widths(&bytes, 1));
    let hits = book.worksheet_range("套核").unwrap();
    let overlay = want["overlay"]["hits"].as_array().unwrap();
    assert_eq!(hits.height(), overlay.len() + 1);
    for (i, h) in overlay.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(text(hits.get_value((row, 0))), h["parcel_id"].as_str().unwrap());
        let mu = h["overlap"]["m2"].as_f64().unwrap() * 0.0015;
        assert!((float(hits.get_value((row, 2))) - mu).abs() < 1e-9);
    }
    if !overlay.is_empty() {
        assert_eq!(cell_format(&bytes, 2, "C2"), "0.00");
        assert_eq!(cell_format(&bytes, 2, "D2"), "0.0%");
    }
}

#[test]
fn info_out_writes_the_register_and_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("台账.xlsx");
    let info = json(&["info", SAMPLE, "--json", "--out", xlsx.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "存量地块台账");
    assert!(names[1].starts_with("问题列表"), "{names:?}");
    let reg = book.worksheet_range("存量地块台账").unwrap();
    let n = info["parcels"].as_u64().unwrap() as usize;
    assert_eq!(reg.height(), n + 1);
    assert_eq!(text(reg.get_value((0, 7))), "面积（亩）");
    let total: f64 = (1..=n as u32).map(|r| float(reg.get_value((r, 7)))).sum();
    let want = info["total_mu"].as_f64().unwrap();
    assert!((total - want).abs() < 1e-6 * want, "{total} vs {want}");
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(cell_format(&bytes, 1, "H2"), "0.00");
    assert!(frozen_with_widths(&bytes, 1));
    let problems = book.worksheet_range(&names[1]).unwrap();
    assert_eq!(text(problems.get_value((0, 0))), "处理");
    let listed = info["problems"].as_array().unwrap().len() + info["notes"].as_array().unwrap().len();
    assert_eq!(problems.height(), listed + 1);

    // CSV stays, with a BOM: both tables, one after the other.
    let csv = dir.path().join("台账.csv");
    stockfirst(&["info", SAMPLE, "--out", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}地块编号,地块名称,县区"), "{}", &text[..80]);
    assert!(text.contains("\r\n\r\n处理,FID,地块编号,说明\r\n"));
}

#[test]
fn quota_run_out_writes_four_sheets_with_the_ledger_in_mu() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("指标.xlsx");
    let scenario = "sample-data/scenario-2026.ron";
    let run = json(&["quota", "run", scenario, "--json"]);
    stockfirst(&["quota", "run", scenario, "--out", xlsx.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names[..3], ["台账", "期末余额", "缺口"]);
    let ledger = book.worksheet_range("台账").unwrap();
    let lines = run["ledger"].as_array().unwrap();
    assert!(!lines.is_empty());
    assert_eq!(ledger.height(), lines.len() + 1);
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(text(ledger.get_value((row, 1))), l["project"].as_str().unwrap());
        assert!((float(ledger.get_value((row, 5))) - l["mu"].as_f64().unwrap()).abs() < 1e-9);
        assert!((float(ledger.get_value((row, 7))) - l["balance_after"].as_f64().unwrap()).abs() < 1e-9);
    }
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(cell_format(&bytes, 1, "F2"), "0.00");
    for n in 1..=2 {
        assert!(frozen_with_widths(&bytes, n), "sheet {n}");
    }
}

#[test]
fn an_unknown_out_extension_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(["info", SAMPLE, "--out", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".xlsx"));
    assert!(!Path::new(&path).exists());
}
