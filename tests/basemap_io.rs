//! Raster basemaps and the online tile layer at the edge (issue 13): rasters the test builds with GDAL in the
//! working CRS, in longitude/latitude and without a CRS; a large raster without overviews; tiles from a local HTTP
//! server the test runs, and from a port nobody listens on.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use gdal::DriverManager;
use gdal::raster::{Buffer, RasterCreationOptions};
use gdal::spatial_ref::SpatialRef;
use stockfirst::geometry::tiles::{TileKey, XyzKey, tile_bounds, xyz_bounds};
use stockfirst::io::crs::{Reprojector, WorkingCrs};
use stockfirst::io::raster::{RasterOptions, RasterReader, build_overviews};
use stockfirst::io::xyz_tiles::{FETCH_TIMEOUT, XyzFetcher};

/// Writes a 3-band GeoTIFF whose pixel colours come from `f(col, row)`.
fn write_rgb(path: &Path, size: (usize, usize), gt: [f64; 6], epsg: Option<u32>, f: impl Fn(usize, usize) -> [u8; 3]) {
    let (w, h) = size;
    let drv = DriverManager::get_driver_by_name("GTiff").unwrap();
    let opts = RasterCreationOptions::from_iter(["TILED=YES"]);
    let mut ds = drv
        .create_with_band_type_with_options::<u8, _>(path, w, h, 3, &opts)
        .unwrap();
    ds.set_geo_transform(&gt).unwrap();
    if let Some(code) = epsg {
        ds.set_spatial_ref(&SpatialRef::from_epsg(code).unwrap()).unwrap();
    }
    for b in 0..3 {
        let data: Vec<u8> = (0..h)
            .flat_map(|r| (0..w).map(move |c| (r, c)))
            .map(|(r, c)| f(c, r)[b])
            .collect();
        ds.rasterband(b + 1)
            .unwrap()
            .write((0, 0), (w, h), &mut Buffer::new((w, h), data))
            .unwrap();
    }
}

fn px(img: &stockfirst::io::raster::TileImage, x: usize, y: usize) -> [u8; 4] {
    let i = (y * img.size[0] + x) * 4;
    [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2], img.rgba[i + 3]]
}

/// Quadrant colours, known by hand: red, green / blue, white.
fn quadrant(c: usize, r: usize) -> [u8; 3] {
    match (c < 512, r < 512) {
        (true, true) => [255, 0, 0],
        (false, true) => [0, 255, 0],
        (true, false) => [0, 0, 255],
        (false, false) => [255, 255, 255],
    }
}

#[test]
fn a_dom_in_the_working_crs_is_read_from_its_overviews() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("dom.tif");
    write_rgb(
        &p,
        (1024, 1024),
        [38_450_000.0, 1.0, 0.0, 3_900_000.0, 0.0, -1.0],
        Some(4526),
        quadrant,
    );
    let mut ds = gdal::Dataset::open(&p).unwrap();
    ds.build_overviews("AVERAGE", &[2, 4, 8], &[]).unwrap();
    drop(ds);
    let r = RasterReader::open(&p, WorkingCrs::Zone38, RasterOptions::default()).unwrap();
    let info = r.info().clone();
    assert_eq!(info.note, None, "same CRS: read as it is");
    assert_eq!(info.driver, "GTiff");
    let widths: Vec<u32> = info.levels.levels.iter().map(|l| l.width).collect();
    assert_eq!(widths, vec![1024, 512, 256, 128]);
    assert_eq!(info.levels.levels[3].overview, Some(2));
    // 3 m a screen pixel: the 2 m overview is the coarsest not coarser than the screen.
    assert_eq!(
        stockfirst::geometry::tiles::choose_level(&info.grid, &info.levels.levels, 3.0),
        1
    );
    // The 8 m overview is one 128-pixel tile covering the whole 1024 m.
    let k = TileKey {
        level: 3,
        col: 0,
        row: 0,
    };
    let b = tile_bounds(&info.grid, &info.levels.levels[3], k);
    assert_eq!(
        (b.min().x, b.max().y, b.width(), b.height()),
        (38_450_000.0, 3_900_000.0, 1024.0, 1024.0)
    );
    let img = r.read_tile(k).unwrap();
    assert_eq!(img.size, [128, 128]);
    assert_eq!(px(&img, 0, 0), [255, 0, 0, 255]);
    assert_eq!(px(&img, 127, 0), [0, 255, 0, 255]);
    assert_eq!(px(&img, 0, 127), [0, 0, 255, 255]);
    assert_eq!(px(&img, 127, 127), [255, 255, 255, 255]);
    // Full resolution, the tile right of the middle on the top row: green.
    let img = r
        .read_tile(TileKey {
            level: 0,
            col: 2,
            row: 1,
        })
        .unwrap();
    assert_eq!((img.size, px(&img, 10, 10)), ([256, 256], [0, 255, 0, 255]));
}

#[test]
fn a_raster_in_longitude_latitude_is_warped_to_zone_38() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("geo.tif");
    // 113.2–113.3°E, 35.3–35.2°N in CGCS2000 degrees, grey.
    write_rgb(
        &p,
        (200, 200),
        [113.2, 0.0005, 0.0, 35.3, 0.0, -0.0005],
        Some(4490),
        |_, _| [128, 128, 128],
    );
    let r = RasterReader::open(&p, WorkingCrs::Zone38, RasterOptions::default()).unwrap();
    let info = r.info().clone();
    let note = info.note.clone().unwrap_or_default();
    assert!(note.contains("重投影") && note.contains("EPSG:4526"), "{note}");
    // PROJ puts the centre (113.25°E, 35.25°N) inside the warped extent, in zone-38 eastings.
    let rp = Reprojector::new("EPSG:4490", WorkingCrs::Zone38).unwrap();
    let c = rp.point(geo::coord! { x: 113.25, y: 35.25 }).unwrap();
    let e = info.grid.extent();
    assert!(
        e.min().x < c.x && c.x < e.max().x && e.min().y < c.y && c.y < e.max().y,
        "{e:?} {c:?}"
    );
    assert!((38_400_000.0..38_500_000.0).contains(&c.x));
    // 0.1° of longitude at 35.25°N is 111.32 km × cos 35.25° × 0.1 ≈ 9.09 km; the meridians' convergence west of
    // 114°E (about 0.4°) over the 11.1 km height tilts the box by about 90 m more.
    assert!((9_000.0..9_300.0).contains(&e.width()), "{}", e.width());
    // A pixel at the centre is the grey; the corner outside the source (the warp's black) is transparent.
    let levels = &info.levels.levels;
    let k = stockfirst::geometry::tiles::tiles_in_view(&info.grid, &levels[0], 0, geo::Rect::new(c, c))[0];
    let img = r.read_tile(k).unwrap();
    let b = tile_bounds(&info.grid, &levels[0], k);
    let (cx, cy) = (
        ((c.x - b.min().x) / b.width() * img.size[0] as f64) as usize,
        ((b.max().y - c.y) / b.height() * img.size[1] as f64) as usize,
    );
    assert_eq!(px(&img, cx, cy), [128, 128, 128, 255]);
    let corner = r
        .read_tile(TileKey {
            level: levels.len() - 1,
            col: 0,
            row: 0,
        })
        .unwrap();
    assert_eq!(px(&corner, 0, 0)[3], 0, "outside the source");
}

#[test]
fn a_raster_without_a_crs_is_refused_unless_the_officer_says_it_is_the_working_crs() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nocrs.tif");
    write_rgb(
        &p,
        (64, 64),
        [38_450_000.0, 1.0, 0.0, 3_900_000.0, 0.0, -1.0],
        None,
        |_, _| [9, 9, 9],
    );
    let e = RasterReader::open(&p, WorkingCrs::Zone38, RasterOptions::default())
        .err()
        .unwrap();
    let m = format!("{e:#}");
    assert!(
        m.contains("nocrs.tif") && m.contains("没有坐标系") && m.contains("no CRS"),
        "{m}"
    );
    let r = RasterReader::open(
        &p,
        WorkingCrs::Zone38,
        RasterOptions {
            assume_working_crs: true,
        },
    )
    .unwrap();
    assert!(r.info().note.as_deref().unwrap_or_default().contains("EPSG:4526"));
    assert_eq!(r.info().grid.origin, geo::coord! { x: 38_450_000.0, y: 3_900_000.0 });
    // A vector file is not a raster: said so, naming the file.
    let v = dir.path().join("v.geojson");
    std::fs::write(&v, r#"{"type":"FeatureCollection","features":[]}"#).unwrap();
    let m = format!(
        "{:#}",
        RasterReader::open(&v, WorkingCrs::Zone38, RasterOptions::default())
            .err()
            .unwrap()
    );
    assert!(m.contains("v.geojson"), "{m}");
}

#[test]
fn a_large_raster_without_overviews_is_drawn_coarse_until_overviews_are_built() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.tif");
    // 9000 × 9000 pixels (81 Mpx, over the 64 Mpx line), sparse so the test file stays tiny.
    let drv = DriverManager::get_driver_by_name("GTiff").unwrap();
    let opts = RasterCreationOptions::from_iter(["TILED=YES", "SPARSE_OK=TRUE"]);
    let mut ds = drv
        .create_with_band_type_with_options::<u8, _>(&p, 9000, 9000, 1, &opts)
        .unwrap();
    ds.set_geo_transform(&[38_450_000.0, 0.5, 0.0, 3_900_000.0, 0.0, -0.5])
        .unwrap();
    ds.set_spatial_ref(&SpatialRef::from_epsg(4526).unwrap()).unwrap();
    drop(ds);
    let r = RasterReader::open(&p, WorkingCrs::Zone38, RasterOptions::default()).unwrap();
    let levels = r.info().levels.clone();
    assert!(levels.needs_overviews);
    assert_eq!(levels.levels.len(), 2);
    assert_eq!((levels.levels[1].width, levels.levels[1].height), (1024, 1024));
    let img = r
        .read_tile(TileKey {
            level: 1,
            col: 0,
            row: 0,
        })
        .unwrap();
    assert_eq!(img.size, [256, 256]);
    drop(r);
    let n = build_overviews(&p).unwrap();
    // 9000 → 4500, 2250, 1125, 563, 282, 141: six halvings until a level fits in one 256-pixel tile.
    assert_eq!(n, 6);
    let r = RasterReader::open(&p, WorkingCrs::Zone38, RasterOptions::default()).unwrap();
    assert!(!r.info().levels.needs_overviews);
    assert_eq!(r.info().levels.levels.len(), 7);
}

/// A PNG of one colour, made with GDAL (MEM → PNG in memory).
fn png(rgb: [u8; 3]) -> Vec<u8> {
    let mem = DriverManager::get_driver_by_name("MEM").unwrap();
    let ds = mem.create_with_band_type::<u8, _>("", 256, 256, 3).unwrap();
    for (b, v) in rgb.into_iter().enumerate() {
        ds.rasterband(b + 1).unwrap().fill(f64::from(v), None).unwrap();
    }
    let name = format!(
        "/vsimem/test-{}.png",
        rgb.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("-")
    );
    let pngd = DriverManager::get_driver_by_name("PNG").unwrap();
    ds.create_copy(&pngd, &name, &Default::default()).unwrap();
    gdal::vsi::get_vsi_mem_file_bytes_owned(&name).unwrap()
}

/// Serves `count` requests on a local port: a PNG whose red is the zoom × 10; records the paths asked for.
fn tile_server(count: usize) -> (u16, std::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut s) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(s.try_clone().unwrap());
            reader.read_line(&mut line).unwrap();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let z: u8 = path.split('/').nth(1).and_then(|z| z.parse().ok()).unwrap_or(0);
            let body = png([z * 10, 100, 200]);
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
            let _ = tx.send(path);
        }
    });
    (port, rx)
}

#[test]
fn online_tiles_come_from_a_local_server_and_an_unreachable_one_fails_fast() {
    let (port, asked) = tile_server(1);
    let f = XyzFetcher::new(
        &format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        None,
        WorkingCrs::Zone38,
    )
    .unwrap();
    let k = XyzKey {
        z: 12,
        x: 3336,
        y: 1623,
    };
    let t = f.fetch(k).unwrap();
    assert_eq!(asked.recv_timeout(Duration::from_secs(5)).unwrap(), "/12/3336/1623.png");
    assert_eq!(t.image.size, [256, 256]);
    assert_eq!(&t.image.rgba[..4], &[120, 100, 200, 255]);
    // The mesh's first point is the tile's south-west corner in zone 38 (PROJ from EPSG:3857), near Jiaozuo.
    let b = xyz_bounds(k);
    let rp = Reprojector::new("EPSG:3857", WorkingCrs::Zone38).unwrap();
    let sw = rp.point(geo::coord! { x: b.min().x, y: b.min().y }).unwrap();
    assert!((t.mesh[0].x - sw.x).abs() < 1e-6 && (t.mesh[0].y - sw.y).abs() < 1e-6);
    assert!((38_400_000.0..38_500_000.0).contains(&sw.x), "{sw:?}");

    // A port nobody listens on: an error well within the timeout, not a hang.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let f = XyzFetcher::new(
        &format!("http://127.0.0.1:{closed}/{{z}}/{{x}}/{{y}}.png"),
        None,
        WorkingCrs::Zone38,
    )
    .unwrap();
    let t0 = Instant::now();
    assert!(f.fetch(k).is_err());
    assert!(
        t0.elapsed() < FETCH_TIMEOUT + Duration::from_secs(1),
        "{:?}",
        t0.elapsed()
    );
}

#[test]
fn a_reference_layer_is_read_into_zone_38_with_labels_from_a_chosen_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("roads.geojson");
    std::fs::write(
        &p,
        r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"NAME":"人民路","CODE":"G1"},"geometry":{"type":"LineString","coordinates":[[113.2,35.2],[113.25,35.22]]}},
 {"type":"Feature","properties":{"NAME":"村A","CODE":"V1"},"geometry":{"type":"Point","coordinates":[113.23,35.21]}},
 {"type":"Feature","properties":{"NAME":"无几何","CODE":"X"},"geometry":null}]}"#,
    )
    .unwrap();
    use stockfirst::io::reference_layer::read_reference_layer;
    let l = read_reference_layer(&p, None, None, WorkingCrs::Zone38).unwrap();
    assert_eq!(l.label_field.as_deref(), Some("NAME"), "found by its name");
    let labels: Vec<_> = l.features.iter().map(|f| f.label.clone().unwrap_or_default()).collect();
    assert_eq!(labels, vec!["人民路", "村A"]);
    assert!(
        l.notes.iter().any(|n| n.contains("1 个要素没有可读几何")),
        "{:?}",
        l.notes
    );
    // GeoJSON is WGS 84: the first vertex lands where PROJ puts it in zone 38.
    let rp = Reprojector::new("EPSG:4326", WorkingCrs::Zone38).unwrap();
    let want = rp.point(geo::coord! { x: 113.2, y: 35.2 }).unwrap();
    let geo::Geometry::LineString(ls) = &l.features[0].geometry else {
        panic!("a line")
    };
    assert!((ls.0[0].x - want.x).abs() < 1e-6 && (ls.0[0].y - want.y).abs() < 1e-6);
    let by_code = read_reference_layer(&p, None, Some("CODE"), WorkingCrs::Zone38).unwrap();
    assert_eq!(by_code.features[1].label.as_deref(), Some("V1"));
    let m = format!(
        "{:#}",
        read_reference_layer(&p, None, Some("NOPE"), WorkingCrs::Zone38).unwrap_err()
    );
    assert!(
        m.contains("NOPE") && m.contains("CODE") && m.contains("roads.geojson"),
        "{m}"
    );
}
