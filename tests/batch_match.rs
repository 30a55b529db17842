//! Batch 套核 (issue 11): `stockfirst match --projects FILE` runs each feature as its own project in one process.
//! The oracle for a row is the independent path: the same feature written to its own file and run through
//! `stockfirst match --footprint` with the same use, county and tier on the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gdal::vector::LayerAccess;
use serde_json::{Value, json};

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";
/// Features 50 and 120 (1-based) are made bad on purpose.
const BAD_GEOMETRY: usize = 50;
const BAD_USE: usize = 120;

fn stockfirst(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(args)
        .output()
        .expect("run stockfirst")
}

/// One project: a 160 m × 90 m red line across the middle of a sample parcel, with the national field names.
struct Footprint {
    ring: Vec<[f64; 2]>,
    props: Value,
}

/// 200 footprints, one over every 15th parcel of the sample library (read with GDAL, not with our reader).
fn footprints() -> Vec<Footprint> {
    let ds = gdal::Dataset::open(SAMPLE).unwrap();
    let mut layer = ds.layer(0).unwrap();
    let mut out = Vec::new();
    for (k, f) in layer.features().enumerate().filter(|(k, _)| k % 15 == 0).take(200) {
        let n = out.len() + 1;
        let e = f.geometry().unwrap().envelope();
        let (cx, cy) = ((e.MinX + e.MaxX) / 2.0, (e.MinY + e.MaxY) / 2.0);
        let (w, h) = (80.0, 45.0);
        let mut ring = vec![
            [cx - w, cy - h],
            [cx + w, cy - h],
            [cx + w, cy + h],
            [cx - w, cy + h],
            [cx - w, cy - h],
        ];
        if n == BAD_GEOMETRY {
            // Every point on one line: no area, not a red line.
            ring = vec![[cx, cy], [cx + 50.0, cy], [cx + 100.0, cy], [cx, cy]];
        }
        let use_code = if n == BAD_USE {
            "9999".to_string()
        } else {
            f.field_as_string(f.field_index("GHYT").unwrap())
                .unwrap()
                .unwrap_or_default()
        };
        let county = f
            .field_as_string(f.field_index("XZQDM").unwrap())
            .unwrap()
            .unwrap_or_default();
        out.push(Footprint {
            ring,
            props: json!({
                "DZJGH": format!("P-{n:03}"),
                "XMMC": format!("批量项目{n}（地块 {k}）"),
                "YDYHFLDM": use_code,
                // Every other project leaves its county to the location.
                "XZQDM": if n % 2 == 0 { Value::from(county) } else { Value::Null },
                "项目层级": if n % 7 == 0 { "省重点" } else { "" },
                // Every third states its need in 亩, 10 % above its red line (160 m × 90 m = 14 400 m² = 21.6 亩).
                "MJ_MU": if n % 3 == 0 { Value::from(23.76) } else { Value::Null },
            }),
        });
    }
    assert_eq!(out.len(), 200);
    out
}

fn geojson(features: &[&Footprint]) -> String {
    let fs: Vec<Value> = features
        .iter()
        .map(|f| {
            json!({
                "type": "Feature",
                "properties": f.props,
                "geometry": {"type": "Polygon", "coordinates": [f.ring]},
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
        "features": fs,
    })
    .to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `match --footprint` on one project alone, with its fields given on the command line.
fn match_alone(dir: &Path, f: &Footprint, n: usize) -> Value {
    let single = write(dir, &format!("single-{n}.geojson"), &geojson(&[f]));
    let mut args = vec![
        "match".to_string(),
        "--library".into(),
        SAMPLE.into(),
        "--footprint".into(),
        single.display().to_string(),
        "--use".into(),
        f.props["YDYHFLDM"].as_str().unwrap().into(),
        "--json".into(),
    ];
    if let Some(c) = f.props["XZQDM"].as_str() {
        args.extend(["--county".into(), c.into()]);
    }
    if let Some(t) = f.props["项目层级"].as_str().filter(|t| !t.is_empty()) {
        args.extend(["--tier".into(), t.into()]);
    }
    if let Some(mu) = f.props["MJ_MU"].as_f64() {
        args.extend(["--area".into(), mu.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = stockfirst(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn two_hundred_footprints_run_in_one_process_and_bad_ones_do_not_stop_it() {
    let dir = tempfile::tempdir().unwrap();
    let fps = footprints();
    let all: Vec<&Footprint> = fps.iter().collect();
    let src = write(dir.path(), "projects.geojson", &geojson(&all));
    let out = stockfirst(&["match", "--library", SAMPLE, "--projects", src.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    // Two projects failed: the run says so by its exit code, after finishing every other.
    assert!(!out.status.success(), "{err}");
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 200, "{err}");
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["n"].as_u64(), Some(i as u64 + 1));
        assert_eq!(r["id"].as_str(), Some(format!("P-{:03}", i + 1).as_str()));
        let bad = i + 1 == BAD_GEOMETRY || i + 1 == BAD_USE;
        assert_eq!(r["ok"].as_bool(), Some(!bad), "{r}");
        if !bad {
            assert!(r["result"]["overlay"].is_object(), "{r}");
        }
    }
    let geometry_error = rows[BAD_GEOMETRY - 1]["error"].as_str().unwrap();
    assert!(geometry_error.contains("zero area"), "{geometry_error}");
    let use_error = rows[BAD_USE - 1]["error"].as_str().unwrap();
    assert!(
        use_error.contains("unknown land-use code") && use_error.contains("9999"),
        "{use_error}"
    );
    assert!(
        err.contains("#50") && err.contains("#120") && err.contains("失败 2"),
        "{err}"
    );
    // The project's stated need in 亩 is its requirement; without one, its red line's area (14 400 m²).
    assert!((rows[2]["result"]["required"]["m2"].as_f64().unwrap() - 23.76 / 0.0015).abs() < 1e-6);
    assert!((rows[0]["result"]["required"]["m2"].as_f64().unwrap() - 14_400.0).abs() < 1e-6);

    // A few rows against the independent path, covering given and found counties, a tier and a stated area.
    for n in [1, 2, 3, 14, 77, 200] {
        let alone = match_alone(dir.path(), &fps[n - 1], n);
        assert_eq!(rows[n - 1]["result"], alone, "project {n}");
    }
    assert_eq!(rows[13]["result"]["tier"], json!("ProvincialKey"));
}

#[test]
fn batch_results_go_to_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let fps = footprints();
    let some: Vec<&Footprint> = fps.iter().take(6).collect();
    let src = write(dir.path(), "six.geojson", &geojson(&some));
    let out = stockfirst(&[
        "match",
        "--library",
        SAMPLE,
        "--projects",
        src.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}序号,来源,项目编号,项目名称,用途"), "{csv}");
    assert_eq!(csv.matches("\r\n").count(), 7, "{csv}");

    let xlsx = dir.path().join("结果.xlsx");
    let jsonl = dir.path().join("结果.jsonl");
    for out_file in [&xlsx, &jsonl] {
        let out = stockfirst(&[
            "match",
            "--library",
            SAMPLE,
            "--projects",
            src.to_str().unwrap(),
            "--out",
            out_file.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let rows = lines(&std::fs::read(&jsonl).unwrap());
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), vec!["批量套核".to_string()]);
    let range = book.worksheet_range("批量套核").unwrap();
    assert_eq!(range.get_value((0, 9)), Some(&Data::String("需求面积（亩）".into())));
    assert_eq!(range.height(), 7);
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        assert_eq!(
            range.get_value((row, 2)),
            Some(&Data::String(format!("P-{:03}", i + 1)))
        );
        // 亩 stay numbers: the required area, m² in the JSON, × 0.0015.
        let want = r["result"]["required"]["m2"].as_f64().unwrap() * 0.0015;
        match range.get_value((row, 9)) {
            Some(Data::Float(got)) => assert!((got - want).abs() < 1e-9, "{got} vs {want}"),
            other => panic!("row {row}: {other:?}"),
        }
    }
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(xlsx_support::cell_format(&bytes, "J2"), "0.00");
    assert_eq!(xlsx_support::cell_format(&bytes, "N2"), "0.0%");
    assert!(xlsx_support::frozen_header(&bytes));
}

#[test]
fn a_folder_of_boundary_txt_is_a_batch_and_a_broken_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("红线");
    std::fs::create_dir(&folder).unwrap();
    for name in ["xiuwu-industrial.txt", "wenxian-school.txt"] {
        std::fs::copy(Path::new("sample-data/footprints").join(name), folder.join(name)).unwrap();
    }
    write(
        &folder,
        "broken.txt",
        // `[地块坐标]` on line 3 and no parcel under it.
        "[属性描述]\n带号=38\n[地块坐标]\n",
    );
    let out = stockfirst(&[
        "match",
        "--library",
        SAMPLE,
        "--projects",
        folder.to_str().unwrap(),
        "--use",
        "1001",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let rows = lines(&out.stdout);
    // Sorted by file name: broken, wenxian, xiuwu.
    let names: Vec<&str> = rows.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(names, ["broken.txt", "wenxian-school.txt", "xiuwu-industrial.txt"]);
    let broken = rows[0]["error"].as_str().unwrap();
    assert!(
        broken.contains("broken.txt:3:") && broken.contains("no parcels"),
        "{broken}"
    );
    // The TXT's own 地块用途 (100101) wins over the --use default.
    assert_eq!(rows[2]["use"].as_str(), Some("100101"));
    assert_eq!(rows[2]["name"].as_str(), Some("修武县高端装备制造项目"));
    let alone = stockfirst(&[
        "match",
        "--library",
        SAMPLE,
        "--footprint",
        "sample-data/footprints/xiuwu-industrial.txt",
        "--use",
        "100101",
        "--json",
    ]);
    assert!(alone.status.success());
    let alone: Value = serde_json::from_slice(&alone.stdout).unwrap();
    assert_eq!(rows[2]["result"], alone);
}

/// Reads an .xlsx's XML parts: the number format of a cell, and whether the header is frozen.
mod xlsx_support {
    use std::io::Read;

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

    /// The format code of cell `r` of the first sheet: its style's numFmtId looked up in styles.xml.
    pub fn cell_format(bytes: &[u8], r: &str) -> String {
        let sheet = part(bytes, "xl/worksheets/sheet1.xml");
        let at = sheet.find(&format!("<c r=\"{r}\"")).unwrap();
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

    pub fn frozen_header(bytes: &[u8]) -> bool {
        let sheet = part(bytes, "xl/worksheets/sheet1.xml");
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#)
    }
}

/// A point is a location (选址意向点) that needs an area; an area field that holds text is that project's error.
#[test]
fn points_need_an_area_and_text_in_the_area_field_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (x, y) = (38_444_970.0, 3_900_940.0);
    let point = |mu: Value| {
        json!({"type": "Feature", "properties": {"YDYHFLDM": "100101", "MJ_MU": mu},
               "geometry": {"type": "Point", "coordinates": [x, y]}})
    };
    let square = json!({"type": "Feature", "properties": {"YDYHFLDM": "100101", "MJ_MU": "约20"},
        "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 100.0, y], [x + 100.0, y + 100.0], [x, y + 100.0], [x, y]]]}});
    let fc = json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
        "features": [point(json!(30.0)), point(Value::Null), square],
    });
    let src = write(dir.path(), "sites.geojson", &fc.to_string());
    let out = stockfirst(&["match", "--library", SAMPLE, "--projects", src.to_str().unwrap()]);
    assert!(!out.status.success());
    let rows = lines(&out.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["ok"].as_bool(), Some(true), "{}", rows[0]);
    // 30 亩 = 20 000 m².
    assert!((rows[0]["result"]["required"]["m2"].as_f64().unwrap() - 20_000.0).abs() < 1e-6);
    assert!(rows[0]["result"]["overlay"].is_null());
    let no_area = rows[1]["error"].as_str().unwrap();
    assert!(no_area.contains("needs an area"), "{no_area}");
    let text_area = rows[2]["error"].as_str().unwrap();
    assert!(
        text_area.contains("MJ_MU") && text_area.contains("not a number"),
        "{text_area}"
    );
    // The point's answer is `match --at` with the same area.
    let at = format!("{x},{y}");
    let alone = stockfirst(&[
        "match",
        "--library",
        SAMPLE,
        "--at",
        &at,
        "--use",
        "100101",
        "--area",
        "30",
        "--json",
    ]);
    assert!(alone.status.success(), "{}", String::from_utf8_lossy(&alone.stderr));
    let alone: Value = serde_json::from_slice(&alone.stdout).unwrap();
    assert_eq!(rows[0]["result"], alone);
}
