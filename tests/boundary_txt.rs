//! Boundary TXT (界址点坐标文件): every variant of domain notes §4, read, written and read again.
//!
//! Areas are worked by hand in the comments: 亩 = m² × 0.0015, 公顷 = m² / 10 000.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use geo::{Area as _, Coord, MultiPolygon, polygon};
use stockfirst::io::boundary_txt::{
    BoundaryFile, BoundaryHeader, BoundaryParcel, ColumnOrder, CoordinateForm, ReadOptions, WriteOptions,
    boundary_txt_bytes, parse_boundary_txt, read_boundary_txt, read_boundary_txt_from, write_boundary_txt,
};
use stockfirst::io::text_encoding::{ChosenBy, TextEncoding};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/txt").join(name)
}

fn parse(text: &str) -> anyhow::Result<BoundaryFile> {
    parse_boundary_txt(text.as_bytes(), "t.txt", &ReadOptions::default())
}

fn err(text: &str) -> String {
    format!("{:#}", parse(text).unwrap_err())
}

fn has_warning(f: &BoundaryFile, needle: &str) -> bool {
    f.warnings.iter().any(|w| w.contains(needle))
}

const HEADER: &str = "[属性描述]\n格式版本号=1.01版本\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n\
                      计量单位=米\n带号=38\n精度=0.001\n转换参数=0,0,0,0,0,0,0\n[地块坐标]\n";
// HEADER has 10 lines, so the first parcel header line is line 11 and its first point line 12.

/// The 100 m (east) × 150 m (north) rectangle at easting 38 452 000, northing 3 905 000, in file order
/// (X = northing, Y = zone-prefixed easting), closed.
const RECT_POINTS: &str = "J1,1,3905000.000,38452000.000\nJ2,1,3905000.000,38452100.000\n\
                           J3,1,3905150.000,38452100.000\nJ4,1,3905150.000,38452000.000\n\
                           J1,1,3905000.000,38452000.000\n";

fn rect_file() -> String {
    format!("{HEADER}5,1.5000,A-001,矩形,面,,0601,1001,@\n{RECT_POINTS}")
}

// 100 m × 150 m = 15 000 m²; × 0.0015 = 22.5 亩; / 10 000 = 1.5 ha.
const RECT_M2: f64 = 15_000.0;
const RECT_MU: f64 = 22.5;

fn assert_close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6, "{a} != {b}");
}

#[test]
fn standard_file_three_parcels_hole_and_parts() {
    let f = read_boundary_txt(data("standard_utf8_crlf.txt"), &ReadOptions::default()).unwrap();
    assert_eq!(f.encoding, TextEncoding::Utf8);
    assert_eq!(f.column_order, ColumnOrder::NorthingEasting);
    assert_eq!(f.coordinate_form, CoordinateForm::ZonePrefixed);
    assert_eq!(f.zone, 38);
    assert_eq!(f.header.format_version.as_deref(), Some("1.01版本"));
    assert_eq!(f.header.transform_params.as_deref(), Some("0,0,0,0,0,0,0"));
    assert_eq!(f.header.zone_width, Some(3));
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.parcels.len(), 3);

    let a = &f.parcels[0];
    assert_eq!(
        (
            a.id.as_str(),
            a.name.as_str(),
            a.use_code.as_str(),
            a.land_class.as_str()
        ),
        ("A-001", "矩形地块", "0601", "1001")
    );
    assert_eq!(
        (a.stated_area_ha, a.point_count_declared, a.point_count_read),
        (Some(1.5), Some(5), 5)
    );
    assert_close(a.area.m2(), RECT_M2);
    assert_close(a.area.mu(), RECT_MU);
    // Working CRS: x = zone-prefixed easting, y = northing.
    assert_eq!(
        a.geometry.0[0].exterior().0[0],
        Coord {
            x: 38_452_000.0,
            y: 3_905_000.0
        }
    );
    assert_eq!(a.line, 13);

    // B: ring 2 lies inside ring 1, so it is a hole. 200 × 200 = 40 000 m²; hole 50 × 40 = 2 000 m²;
    // 40 000 − 2 000 = 38 000 m² = 57 亩 = 3.8 ha.
    let b = &f.parcels[1];
    assert_eq!(b.geometry.0.len(), 1);
    assert_eq!(b.geometry.0[0].interiors().len(), 1);
    assert_close(b.area.m2(), 38_000.0);
    assert_close(b.area.mu(), 57.0);

    // C: ring 2 lies outside ring 1, so it is a further part. 100 × 100 + 60 × 50 = 10 000 + 3 000
    // = 13 000 m² = 19.5 亩 = 1.3 ha.
    let c = &f.parcels[2];
    assert_eq!(c.geometry.0.len(), 2);
    assert!(c.geometry.0.iter().all(|p| p.interiors().is_empty()));
    assert_close(c.area.m2(), 13_000.0);
    assert_close(c.area.mu(), 19.5);
    // 22.5 + 57 + 19.5 = 99 亩.
    assert_close(f.total_area().mu(), 99.0);
}

#[test]
fn shipped_gbk_file_with_project_info_and_variant_header() {
    let f = read_boundary_txt(data("variant_gbk_lf.txt"), &ReadOptions::default()).unwrap();
    assert_eq!(f.encoding, TextEncoding::Gbk);
    assert_eq!(f.encoding_chosen_by, ChosenBy::GbkFallback);
    assert_eq!(
        f.header.project_info[0],
        ("项目名称".to_string(), "焦作市某产业园项目(合成测试数据)".to_string())
    );
    // 格式版本号 and 转换参数 are missing; 分带=3度带 is read as 3.
    assert_eq!(f.header.format_version, None);
    assert_eq!(f.header.transform_params, None);
    assert_eq!(f.header.zone_width, Some(3));
    let p = &f.parcels[0];
    assert_eq!(p.name, "三角形地块");
    // Right triangle, legs 120 m east and 80 m north: 120 × 80 / 2 = 4 800 m² = 7.2 亩 = 0.48 ha.
    assert_close(p.area.m2(), 4_800.0);
    assert_close(p.area.mu(), 7.2);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn gbk_bytes_made_here_and_encoding_override() {
    let text = rect_file();
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let f = parse_boundary_txt(&bytes, "g.txt", &ReadOptions::default()).unwrap();
    assert_eq!(f.encoding, TextEncoding::Gbk);
    assert_eq!(f.parcels[0].name, "矩形");
    assert_close(f.parcels[0].area.mu(), RECT_MU);
    // Forcing UTF-8 on GBK bytes is refused, naming the line: 属 is the first byte (line 1).
    let opts = ReadOptions {
        encoding: Some(TextEncoding::Utf8),
        ..Default::default()
    };
    let e = format!("{:#}", parse_boundary_txt(&bytes, "g.txt", &opts).unwrap_err());
    assert!(e.starts_with("g.txt:1:"), "{e}");
    // Forcing GBK works.
    let opts = ReadOptions {
        encoding: Some(TextEncoding::Gbk),
        ..Default::default()
    };
    assert_eq!(
        parse_boundary_txt(&bytes, "g.txt", &opts).unwrap().encoding_chosen_by,
        ChosenBy::Override
    );
}

#[test]
fn undecodable_bytes_name_the_line() {
    let mut bytes = rect_file().into_bytes();
    bytes.extend_from_slice(b"\xFF\xFF\n");
    // rect_file has 10 header lines + 1 parcel line + 5 points = 16 lines; the bad bytes are line 17.
    let e = format!(
        "{:#}",
        parse_boundary_txt(&bytes, "bad.txt", &ReadOptions::default()).unwrap_err()
    );
    assert!(e.starts_with("bad.txt:17:"), "{e}");
}

#[test]
fn utf8_bom_and_crlf() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(rect_file().replace('\n', "\r\n").as_bytes());
    let f = parse_boundary_txt(&bytes, "bom.txt", &ReadOptions::default()).unwrap();
    assert_eq!((f.encoding, f.encoding_chosen_by), (TextEncoding::Utf8, ChosenBy::Bom));
    assert_eq!(f.header.zone, Some(38));
    assert_eq!(f.parcels[0].id, "A-001");
    assert_close(f.parcels[0].area.m2(), RECT_M2);
}

#[test]
fn swapped_columns_are_detected_and_said() {
    // Same rectangle with X = easting and Y = northing.
    let pts: String = RECT_POINTS
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{},{}\n", f[0], f[1], f[3], f[2])
        })
        .collect();
    let f = parse(&format!("{HEADER}5,1.5,A,,面,,,,@\n{pts}")).unwrap();
    assert_eq!(f.column_order, ColumnOrder::EastingNorthing);
    assert!(has_warning(&f, "t.txt:12:"), "{:?}", f.warnings);
    assert!(has_warning(&f, "swapped"));
    assert_eq!(
        f.parcels[0].geometry.0[0].exterior().0[0],
        Coord {
            x: 38_452_000.0,
            y: 3_905_000.0
        }
    );
    assert_close(f.parcels[0].area.m2(), RECT_M2);
}

#[test]
fn eastings_without_zone_prefix_take_the_header_zone() {
    let pts = RECT_POINTS.replace(",38452", ",452");
    let f = parse(&format!("{HEADER}5,1.5,A,,面,,,,@\n{pts}")).unwrap();
    assert_eq!(f.coordinate_form, CoordinateForm::NoZonePrefix);
    assert_eq!(f.zone, 38);
    // 带号=38 is line 7 of HEADER: the warning cites it.
    assert!(
        has_warning(&f, "t.txt:7:") && has_warning(&f, "zone 38"),
        "{:?}",
        f.warnings
    );
    // 38 × 1 000 000 + 452 000 = 38 452 000.
    assert_eq!(
        f.parcels[0].geometry.0[0].exterior().0[0],
        Coord {
            x: 38_452_000.0,
            y: 3_905_000.0
        }
    );

    // Without 带号 and without a default, refused; with a default zone, accepted and said.
    let no_zone = format!("[地块坐标]\n5,1.5,A,,面,,,,@\n{pts}");
    let e = err(&no_zone);
    assert!(e.starts_with("t.txt:3:") && e.contains("带号"), "{e}");
    let opts = ReadOptions {
        default_zone: Some(38),
        ..Default::default()
    };
    let f = parse_boundary_txt(no_zone.as_bytes(), "t.txt", &opts).unwrap();
    assert!(has_warning(&f, "zone 38 as given"));
    assert_close(f.parcels[0].area.m2(), RECT_M2);
}

#[test]
fn header_zone_disagreeing_with_prefix_is_reported() {
    let f = parse(&rect_file().replace("带号=38", "带号=37")).unwrap();
    assert_eq!(f.zone, 38);
    assert!(
        has_warning(&f, "t.txt:7:") && has_warning(&f, "disagrees"),
        "{:?}",
        f.warnings
    );
}

#[test]
fn no_j_prefix_spaces_after_commas_and_empty_fields() {
    let pts = RECT_POINTS.replace('J', "").replace(',', ", ");
    let f = parse(&format!("{HEADER},,,,,,,,@\n{pts}")).unwrap();
    let p = &f.parcels[0];
    assert_eq!(
        (p.id.as_str(), p.stated_area_ha, p.point_count_declared),
        ("", None, None)
    );
    assert_close(p.area.mu(), RECT_MU);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn unclosed_ring_is_closed_and_reported() {
    // Drop the closing point (the last line, line 16).
    let pts: String = RECT_POINTS.lines().take(4).map(|l| format!("{l}\n")).collect();
    let f = parse(&format!("{HEADER}4,1.5,A,,面,,,,@\n{pts}")).unwrap();
    assert!(
        has_warning(&f, "t.txt:15:") && has_warning(&f, "lines 12–15") && has_warning(&f, "not closed"),
        "{:?}",
        f.warnings
    );
    assert_close(f.parcels[0].area.m2(), RECT_M2);
    assert_eq!(f.parcels[0].geometry.0[0].exterior().0.len(), 5);
}

#[test]
fn stated_area_and_point_count_are_checked_not_trusted() {
    // Stated 1.6 ha vs computed 1.5 ha: (1.6 − 1.5) / 1.5 = 6.7 % > 1 %.
    let f = parse(&rect_file().replace("5,1.5000", "9,1.6000")).unwrap();
    assert!(
        has_warning(&f, "t.txt:11:") && has_warning(&f, "6.7 %"),
        "{:?}",
        f.warnings
    );
    // 9 matches neither 5 point lines nor 4 without the closing point.
    assert!(has_warning(&f, "界址点数 says 9"));
    assert_close(f.parcels[0].area.m2(), RECT_M2);
    // 1.51 ha is 0.67 % off: within 1 %, no warning. 4 points (closing not counted) is accepted.
    let f = parse(&rect_file().replace("5,1.5000", "4,1.5100")).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    // Stated in 亩 by mistake: 22.5 is read as hectares, reported with a hint.
    let f = parse(&rect_file().replace("5,1.5000", "5,22.5")).unwrap();
    assert!(has_warning(&f, "matches if read as 亩"), "{:?}", f.warnings);
}

#[test]
fn non_numeric_coordinate_names_the_line() {
    let bad = rect_file().replace("J3,1,3905150.000", "J3,1,39O5150.000");
    let e = err(&bad);
    // J3 is the third point: line 11 + 3 = 14.
    assert!(e.starts_with("t.txt:14:") && e.contains("39O5150.000"), "{e}");
    let e = err(&rect_file().replace("J2,1,3905000.000,38452100.000", "J2,1,3905000.000,NaN"));
    assert!(e.starts_with("t.txt:13:"), "{e}");
    let e = err(&rect_file().replace("J2,1,", "J2,a,"));
    assert!(e.starts_with("t.txt:13:") && e.contains("ring number"), "{e}");
    let e = err(&rect_file().replace("J2,1,3905000.000,38452100.000", "J2,1,3905000.000"));
    assert!(e.starts_with("t.txt:13:") && e.contains("found 3 field"), "{e}");
}

#[test]
fn geographic_degrees_are_refused() {
    let text =
        format!("{HEADER}4,,D,,面,,,,@\n1,1,35.20,113.20\n2,1,35.20,113.21\n3,1,35.21,113.21\n1,1,35.20,113.20\n");
    let e = err(&text);
    assert!(e.starts_with("t.txt:12:") && e.contains("degrees"), "{e}");
}

#[test]
fn too_few_points_and_structural_errors() {
    let e = err(&format!(
        "{HEADER}3,,A,,面,,,,@\nJ1,1,3905000,38452000\nJ2,1,3905000,38452100\nJ1,1,3905000,38452000\n"
    ));
    assert!(e.starts_with("t.txt:12:") && e.contains("2 distinct"), "{e}");
    let e = err(&format!("{HEADER}{RECT_POINTS}"));
    assert!(e.starts_with("t.txt:11:") && e.contains("before any parcel"), "{e}");
    let e = err(&format!("{HEADER}5,1.5,A,,面,,,,@\n"));
    assert!(e.contains("t.txt:11:") && e.contains("no points"), "{e}");
    let e = err("[属性描述]\n带号=38\n");
    assert!(e.contains("no [地块坐标]"), "{e}");
    // Mixed layouts in one file: a swapped line after standard ones.
    let e = err(&rect_file().replace("J3,1,3905150.000,38452100.000", "J3,1,38452100.000,3905150.000"));
    assert!(e.starts_with("t.txt:14:"), "{e}");
}

#[test]
fn self_crossing_is_repaired_and_reported_zero_area_refused() {
    // Bow-tie 10 m × 10 m: two triangles of 10 × 5 / 2 = 25 m² each = 50 m² = 0.075 亩.
    let bow = format!(
        "{HEADER}5,,X,,面,,,,@\nJ1,1,3905000,38452000\nJ2,1,3905010,38452010\nJ3,1,3905000,38452010\n\
         J4,1,3905010,38452000\nJ1,1,3905000,38452000\n"
    );
    let f = parse(&bow).unwrap();
    assert!(
        has_warning(&f, "t.txt:11:") && has_warning(&f, "crosses itself"),
        "{:?}",
        f.warnings
    );
    assert_close(f.parcels[0].area.m2(), 50.0);
    // Collinear points enclose nothing.
    let flat = format!(
        "{HEADER}4,,Z,,面,,,,@\nJ1,1,3905000,38452000\nJ2,1,3905000,38452010\nJ3,1,3905000,38452020\nJ1,1,3905000,38452000\n"
    );
    let e = err(&flat);
    assert!(e.starts_with("t.txt:11:") && e.contains("no area"), "{e}");
}

#[test]
fn hundred_megabyte_line_is_refused_quickly() {
    let start = Instant::now();
    let endless = BufReader::new(std::io::repeat(b'9').take(100 * 1024 * 1024));
    let e = format!(
        "{:#}",
        read_boundary_txt_from(endless, "huge.txt", &ReadOptions::default()).unwrap_err()
    );
    assert!(e.starts_with("huge.txt:1:") && e.contains("longer than"), "{e}");
    assert!(start.elapsed() < Duration::from_secs(2));
    // Also in memory, after a normal header: the long line is line 2.
    let mut bytes = b"[\xE5\xB1\x9E\xE6\x80\xA7\xE6\x8F\x8F\xE8\xBF\xB0]\n".to_vec();
    bytes.resize(bytes.len() + 1024 * 1024, b'1');
    let e = format!(
        "{:#}",
        parse_boundary_txt(&bytes, "m.txt", &ReadOptions::default()).unwrap_err()
    );
    assert!(e.starts_with("m.txt:2:"), "{e}");
}

fn rings(f: &BoundaryFile) -> Vec<Vec<Vec<(i64, i64)>>> {
    // Millimetre integers, so equality is exact after the 3-decimal round trip.
    f.parcels
        .iter()
        .map(|p| {
            p.geometry
                .0
                .iter()
                .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
                .map(|r| {
                    r.0.iter()
                        .map(|c| ((c.x * 1000.0).round() as i64, (c.y * 1000.0).round() as i64))
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[test]
fn round_trip_read_write_read_utf8_and_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let first = read_boundary_txt(data("standard_utf8_crlf.txt"), &ReadOptions::default()).unwrap();
    for enc in [TextEncoding::Utf8, TextEncoding::Gbk] {
        let out = dir.path().join(format!("out-{enc}.txt"));
        let opts = WriteOptions {
            encoding: enc,
            date: None,
        };
        let w = write_boundary_txt(&out, &first.header, &first.parcels, &opts).unwrap();
        assert!(w.is_empty(), "{w:?}");
        let again = read_boundary_txt(&out, &ReadOptions::default()).unwrap();
        assert_eq!(again.encoding, enc);
        assert_eq!(rings(&again), rings(&first));
        for (a, b) in again.parcels.iter().zip(&first.parcels) {
            assert_close(a.area.m2(), b.area.m2());
            assert_eq!(
                (&a.id, &a.name, &a.use_code, &a.land_class),
                (&b.id, &b.name, &b.use_code, &b.land_class)
            );
        }
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        assert_eq!(again.header.date.as_deref(), Some("2026-01-16"));
    }
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn round_trip_of_the_variant_file_keeps_project_info() {
    let first = read_boundary_txt(data("variant_gbk_lf.txt"), &ReadOptions::default()).unwrap();
    let (bytes, _) = boundary_txt_bytes(&first.header, &first.parcels, &WriteOptions::default()).unwrap();
    let again = parse_boundary_txt(&bytes, "v.txt", &ReadOptions::default()).unwrap();
    assert_eq!(again.header.project_info, first.header.project_info);
    assert_eq!(rings(&again), rings(&first));
    assert_close(again.parcels[0].area.mu(), 7.2);
}

#[test]
fn written_layout_is_the_common_one() {
    // A 100 × 150 rectangle with a 10 × 10 hole, and a separate 20 × 20 part:
    // 15 000 − 100 + 400 = 15 300 m² = 1.53 ha = 22.95 亩.
    let (e, n) = (38_452_000.0, 3_905_000.0);
    let shell = polygon![(x: e, y: n), (x: e + 100.0, y: n), (x: e + 100.0, y: n + 150.0), (x: e, y: n + 150.0)];
    let hole = polygon![(x: e + 10.0, y: n + 10.0), (x: e + 20.0, y: n + 10.0), (x: e + 20.0, y: n + 20.0), (x: e + 10.0, y: n + 20.0)];
    let with_hole = geo::Polygon::new(shell.exterior().clone(), vec![hole.exterior().clone()]);
    let part =
        polygon![(x: e + 200.0, y: n), (x: e + 220.0, y: n), (x: e + 220.0, y: n + 20.0), (x: e + 200.0, y: n + 20.0)];
    let mut p = BoundaryParcel::from_geometry("P,1", "测试", MultiPolygon(vec![with_hole, part]));
    p.use_code = "1001".into();
    assert_close(p.area.m2(), 15_300.0);
    let opts = WriteOptions {
        encoding: TextEncoding::Utf8,
        date: Some("2026-02-01".into()),
    };
    let (bytes, warnings) = boundary_txt_bytes(&BoundaryHeader::default(), &[p], &opts).unwrap();
    // The comma in the id is replaced, and said.
    assert!(warnings.iter().any(|w| w.contains("P,1")), "{warnings:?}");
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert_eq!(lines[0], "[属性描述]");
    assert!(
        lines.contains(&"带号=38")
            && lines.contains(&"数据产生日期=2026-02-01")
            && lines.contains(&"转换参数=0,0,0,0,0,0,0")
    );
    let at = lines.iter().position(|l| *l == "[地块坐标]").unwrap();
    // 3 rings × 5 lines (4 corners + closing) = 15 point lines.
    assert_eq!(lines[at + 1], "15,1.5300,P，1,测试,面,,1001,,@");
    assert_eq!(lines[at + 2], "J1,1,3905000.000,38452000.000");
    assert_eq!(lines[at + 6], "J1,1,3905000.000,38452000.000");
    assert!(lines[at + 7].starts_with("J5,2,") && lines[at + 11].starts_with("J5,2,"));
    assert!(lines[at + 12].starts_with("J9,3,3905000.000,38452200.000"));
    let again = parse_boundary_txt(text.as_bytes(), "w.txt", &ReadOptions::default()).unwrap();
    // 15 300 m² × 0.0015 = 22.95 亩.
    assert_close(again.parcels[0].area.mu(), 22.95);
    assert_eq!(again.parcels[0].geometry.0.len(), 2);
    assert_eq!(again.parcels[0].geometry.0[0].interiors().len(), 1);
}

#[test]
fn writer_refuses_degrees_and_unencodable_text() {
    let deg = polygon![(x: 113.2, y: 35.2), (x: 113.3, y: 35.2), (x: 113.3, y: 35.3)];
    let p = BoundaryParcel::from_geometry("D", "", MultiPolygon(vec![deg]));
    let e = format!(
        "{:#}",
        boundary_txt_bytes(&BoundaryHeader::default(), &[p], &WriteOptions::default()).unwrap_err()
    );
    assert!(e.contains("EPSG:4526"), "{e}");
    let f = parse(&rect_file()).unwrap();
    let mut p = f.parcels[0].clone();
    p.name = "地块😀".into();
    let opts = WriteOptions {
        encoding: TextEncoding::Gbk,
        date: None,
    };
    let e = format!("{:#}", boundary_txt_bytes(&f.header, &[p], &opts).unwrap_err());
    assert!(e.contains('😀'), "{e}");
}

#[test]
fn many_parcels() {
    // Ten 100 m × 150 m rectangles, 1 km apart: 10 × 22.5 = 225 亩.
    let mut text = HEADER.to_string();
    for k in 0..10 {
        let e = 38_452_000 + 1_000 * k;
        let n = 3_905_000;
        text.push_str(&format!(
            "5,1.5,P{k},,面,,,,@\nJ1,1,{n},{e}\nJ2,1,{n},{}\nJ3,1,{},{}\nJ4,1,{},{e}\nJ1,1,{n},{e}\n",
            e + 100,
            n + 150,
            e + 100,
            n + 150
        ));
    }
    let f = parse(&text).unwrap();
    assert_eq!(f.parcels.len(), 10);
    assert_eq!(f.parcels[9].id, "P9");
    assert_close(f.total_area().mu(), 225.0);
    assert!(
        f.parcels
            .iter()
            .all(|p| (p.geometry.unsigned_area() - RECT_M2).abs() < 1e-6)
    );
}

#[test]
fn ring_partly_overlapping_the_shell_is_cut_out_and_said() {
    // Ring 2 spans eastings +80…+130 and northings +0…+50; it overlaps the 100 × 150 shell on
    // 20 m × 50 m = 1 000 m², which is cut out: 15 000 − 1 000 = 14 000 m² = 21 亩.
    let ring2 = "J5,2,3905000,38452080\nJ6,2,3905000,38452130\nJ7,2,3905050,38452130\n\
                 J8,2,3905050,38452080\nJ5,2,3905000,38452080\n";
    let f = parse(&format!("{HEADER}10,1.4,A,,面,,,,@\n{RECT_POINTS}{ring2}")).unwrap();
    assert!(
        has_warning(&f, "t.txt:17:") && has_warning(&f, "partly overlaps"),
        "{:?}",
        f.warnings
    );
    assert_close(f.parcels[0].area.m2(), 14_000.0);
    assert_close(f.parcels[0].area.mu(), 21.0);
}

#[test]
fn load_footprint_reads_boundary_txt() {
    // A (1 polygon) + B (1 with a hole) + C (2 parts) = 4 polygons;
    // 15 000 + 38 000 + 13 000 = 66 000 m² = 99 亩.
    let fp = stockfirst::io::load_footprint(&data("standard_utf8_crlf.txt")).unwrap();
    assert_eq!(fp.0.len(), 4);
    assert_close(fp.unsigned_area(), 66_000.0);
}

/// Issue 11: every TXT error names its line, "no parcels" included.
#[test]
fn no_parcels_names_the_line_it_looked_at() {
    // HEADER ends with [地块坐标] on line 10.
    let e = err(HEADER);
    assert!(e.contains("t.txt:10:") && e.contains("no parcels"), "{e}");
    // No [地块坐标] at all: the end of the file is named.
    let e = err("[属性描述]\n带号=38\n\n");
    assert!(e.contains("t.txt:2:") && e.contains("no parcels"), "{e}");
}

/// Issue 11: a footprint read for 套核 keeps the reader's warnings for the caller, each with its line.
#[test]
fn footprint_warnings_reach_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fp.txt");
    // Not closed: the reader closes it and says so, naming the line of the last point.
    let text = format!(
        "{HEADER}4,1.5,D1,示例,面,,,,@\n{}",
        RECT_POINTS.lines().take(4).collect::<Vec<_>>().join("\n")
    );
    std::fs::write(&p, text).unwrap();
    let fp = stockfirst::io::read_footprint(&p).unwrap();
    // 100 m × 150 m = 15 000 m², worked by hand.
    assert!((fp.polygons.unsigned_area() - 15_000.0).abs() < 1e-6);
    assert!(
        fp.warnings
            .iter()
            .any(|w| w.contains("fp.txt:15:") && w.contains("not closed")),
        "{:?}",
        fp.warnings
    );
}
