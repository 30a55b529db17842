//! Issue 13, map context in the app: county lines and labels over an orthophoto GeoTIFF the test generates (with
//! overviews, in EPSG:4526), added from the layer panel by its labels; the clause 十二 warning for a footprint across
//! two counties with the basemap on; the layers saved in the project file; a raster without a CRS refused, then
//! used as the working CRS when the officer says so; an online layer from a local server and from a dead port.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gdal::DriverManager;
use gdal::raster::{Buffer, RasterCreationOptions};
use gdal::spatial_ref::SpatialRef;
use geo::Coord;
use stockfirst::model::Lang;
use stockfirst::ui::{LayerSource, LibrarySource, Live, PathPurpose, StockApp, load_now};

fn harness(app: StockApp) -> Harness<'static, StockApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

fn app_with_sample(dir: &Path) -> StockApp {
    let mut app = StockApp::new(Lang::Zh, dir.join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 400, seed: 11 }).unwrap());
    app
}

/// Steps frames until `done` or `secs` pass; the worker threads read meanwhile.
fn run_until(h: &mut Harness<'_, StockApp>, secs: u64, done: impl Fn(&StockApp) -> bool) -> bool {
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(secs) {
        h.step();
        if done(h.state()) {
            h.step();
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// An "orthophoto": 1000 × 1000 pixels of 8 m in EPSG:4526 from `top_left`, a field pattern, with overviews.
fn write_orthophoto(path: &Path, top_left: Coord<f64>, epsg: Option<u32>) {
    let drv = DriverManager::get_driver_by_name("GTiff").unwrap();
    let opts = RasterCreationOptions::from_iter(["TILED=YES", "COMPRESS=DEFLATE"]);
    let (w, h) = (1000usize, 1000usize);
    let mut ds = drv
        .create_with_band_type_with_options::<u8, _>(path, w, h, 3, &opts)
        .unwrap();
    ds.set_geo_transform(&[top_left.x, 8.0, 0.0, top_left.y, 0.0, -8.0])
        .unwrap();
    if let Some(code) = epsg {
        ds.set_spatial_ref(&SpatialRef::from_epsg(code).unwrap()).unwrap();
    }
    for (b, base) in [60u8, 120, 50].into_iter().enumerate() {
        let data: Vec<u8> = (0..h)
            .flat_map(|r| (0..w).map(move |c| base.wrapping_add((((c / 25) * 7 + (r / 40) * 13) % 60) as u8)))
            .collect();
        ds.rasterband(b + 1)
            .unwrap()
            .write((0, 0), (w, h), &mut Buffer::new((w, h), data))
            .unwrap();
    }
    ds.build_overviews("AVERAGE", &[2, 4, 8], &[]).unwrap();
}

/// A 20 m wide strip from 解放区's seat to 山阳区's (as in ui_app's county test) and its middle.
fn strip_across_two_counties() -> (Vec<Coord<f64>>, Coord<f64>) {
    let rp = stockfirst::io::crs::Reprojector::new("EPSG:4490", stockfirst::io::crs::WorkingCrs::Zone38).unwrap();
    let a = rp.point(Coord { x: 113.226, y: 35.240 }).unwrap();
    let b = rp.point(Coord { x: 113.255, y: 35.214 }).unwrap();
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let n = (dx * dx + dy * dy).sqrt();
    let (px, py) = (-dy / n * 10.0, dx / n * 10.0);
    let ring = vec![
        Coord {
            x: a.x + px,
            y: a.y + py,
        },
        Coord {
            x: b.x + px,
            y: b.y + py,
        },
        Coord {
            x: b.x - px,
            y: b.y - py,
        },
        Coord {
            x: a.x - px,
            y: a.y - py,
        },
    ];
    (
        ring,
        Coord {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        },
    )
}

#[test]
fn county_lines_and_labels_over_a_generated_orthophoto_and_the_cross_county_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_sample(dir.path());
    let (ring, mid) = strip_across_two_counties();
    let tif = dir.path().join("DOM.tif");
    write_orthophoto(
        &tif,
        Coord {
            x: mid.x - 4000.0,
            y: mid.y + 4000.0,
        },
        Some(4526),
    );
    app.doc.footprint.set(ring, true);
    app.edited();
    app.map.pending_fit = Some(geo::Rect::new(
        Coord {
            x: mid.x - 3000.0,
            y: mid.y - 3000.0,
        },
        Coord {
            x: mid.x + 3000.0,
            y: mid.y + 3000.0,
        },
    ));
    let mut h = harness(app);
    h.run_steps(3);
    // Added from the layer panel, by its labels.
    h.get_by_label("添加图层").click();
    h.run_steps(2);
    h.state_mut().layer_form.path = tif.display().to_string();
    h.get_by_label("添加栅格底图").click();
    assert!(
        run_until(&mut h, 60, |a| a.basemap_tiles_drawn() > 0
            && !a.doc.layers.rasters().any(|r| r.busy())),
        "tiles drawn"
    );
    let raster = h.state().doc.layers.rasters().next().unwrap();
    assert_eq!(raster.error, None);
    assert_eq!(raster.info.as_ref().unwrap().note, None, "EPSG:4526: no reprojection");
    // The view (≈ 6.6 km over the map's width) needs the 8 m level or a coarser overview: all tiles in view drawn.
    assert!(h.state().basemap_tiles_drawn() >= 1);
    let drawn = h.state().basemap_tiles_drawn();
    h.get_by_label_contains("已绘制瓦片");
    assert!(format!("{:?}", h.get_by_label_contains("已绘制瓦片")).contains(&drawn.to_string()));
    // A reference layer (a road in EPSG:4526 through the middle) labelled from its NAME field.
    let roads = dir.path().join("roads.geojson");
    std::fs::write(
        &roads,
        format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::4526"}}}},
            "features":[{{"type":"Feature","properties":{{"NAME":"人民路"}},"geometry":{{"type":"LineString",
            "coordinates":[[{},{}],[{},{}]]}}}}]}}"#,
            mid.x - 2000.0,
            mid.y - 500.0,
            mid.x + 2000.0,
            mid.y + 500.0
        ),
    )
    .unwrap();
    h.state_mut().layer_form.path = roads.display().to_string();
    h.get_by_label("添加参考图层").click();
    let labelled = |a: &StockApp| {
        a.doc
            .layers
            .layers
            .iter()
            .any(|l| matches!(&l.live, Live::Reference(r) if r.labels_drawn.get() == 1))
    };
    assert!(run_until(&mut h, 30, labelled), "the road and its label drawn");
    h.get_by_label_contains("1 个要素");
    // County lines and labels over it: drawn this frame, and above the basemap in the stack.
    assert!(h.state().map.counties_drawn > 0, "county lines drawn over the basemap");
    let order: Vec<LayerSource> = h.state().doc.layers.entries().into_iter().map(|e| e.source).collect();
    let at = |s: &dyn Fn(&LayerSource) -> bool| order.iter().position(s).unwrap();
    assert!(at(&|s| matches!(s, LayerSource::Raster { .. })) < at(&|s| *s == LayerSource::Counties));
    assert!(at(&|s| matches!(s, LayerSource::Raster { .. })) < at(&|s| *s == LayerSource::Parcels));

    // Clause 十二 (不跨行政界线 → 属地参与选址) with the basemap on.
    assert!(h.state_mut().wait_for_match(Duration::from_secs(30)));
    h.run_steps(2);
    h.get_by_label("候选").click();
    h.run_steps(3);
    let text = format!("{:?}", h.get_by_label_contains("红线跨县级行政界线"));
    assert!(
        text.contains("解放区") && text.contains("山阳区") && text.contains("（十二）"),
        "{text}"
    );
    assert!(h.state().basemap_tiles_drawn() > 0, "the basemap is still on");

    // The project file keeps the layers: path, order, visibility.
    let proj = dir.path().join("p.ron");
    h.get_by_label("县界").click();
    h.run_steps(2);
    h.state_mut().run_path_action(PathPurpose::SaveProject, proj.clone());
    let f = stockfirst::ui::read_project_file(&proj).unwrap();
    assert!(f.layers.iter().any(|e| e.source
        == LayerSource::Raster {
            path: tif.clone(),
            assume_working_crs: false
        }));
    assert!(f.layers.iter().any(|e| e.source == LayerSource::Counties && !e.visible));
    let mut again = StockApp::new(Lang::Zh, dir.path().join("r2.ron"));
    again.open_project(&proj).unwrap();
    assert_eq!(again.doc.layers.entries(), f.layers);
    let mut h2 = harness(again);
    h2.run_steps(2);
    assert!(!h2.state().map.show_counties, "county lines hidden as saved");
}

#[test]
fn a_raster_without_a_crs_is_refused_in_the_panel_until_the_officer_says_it_is_the_working_crs() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_sample(dir.path());
    let (_, mid) = strip_across_two_counties();
    let tif = dir.path().join("nocrs.tif");
    write_orthophoto(
        &tif,
        Coord {
            x: mid.x - 4000.0,
            y: mid.y + 4000.0,
        },
        None,
    );
    let mut h = harness(app);
    h.state_mut().map.pending_fit = Some(geo::Rect::new(
        mid,
        Coord {
            x: mid.x + 2000.0,
            y: mid.y + 2000.0,
        },
    ));
    h.state_mut().add_map_layer(LayerSource::Raster {
        path: tif,
        assume_working_crs: false,
    });
    assert!(run_until(&mut h, 30, |a| a
        .doc
        .layers
        .rasters()
        .any(|r| r.error.is_some())));
    h.get_by_label_contains("栅格没有坐标系");
    assert_eq!(h.state().basemap_tiles_drawn(), 0);
    h.get_by_label("按工作坐标系使用").click();
    assert!(
        run_until(&mut h, 60, |a| a.basemap_tiles_drawn() > 0),
        "drawn once treated as EPSG:4526"
    );
    let saved = h.state().doc.layers.entries();
    assert!(saved.iter().any(|e| matches!(
        e.source,
        LayerSource::Raster {
            assume_working_crs: true,
            ..
        }
    )));
}

/// A local tile server: `count` PNG answers of one colour (made with GDAL).
fn tile_server(count: usize) -> u16 {
    let mem = DriverManager::get_driver_by_name("MEM").unwrap();
    let ds = mem.create_with_band_type::<u8, _>("", 256, 256, 3).unwrap();
    for (b, v) in [200.0, 60.0, 60.0].into_iter().enumerate() {
        ds.rasterband(b + 1).unwrap().fill(v, None).unwrap();
    }
    let pngd = DriverManager::get_driver_by_name("PNG").unwrap();
    ds.create_copy(&pngd, "/vsimem/ui-tile.png", &Default::default())
        .unwrap();
    let body = gdal::vsi::get_vsi_mem_file_bytes_owned("/vsimem/ui-tile.png").unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut s) = stream else { continue };
            let mut reader = BufReader::new(s.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
        }
    });
    port
}

#[test]
fn online_tiles_from_a_local_server_and_a_dead_server_leaves_a_quiet_note_without_blocking_frames() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_sample(dir.path());
    let mut h = harness(app);
    h.run_steps(2);
    let port = tile_server(200);
    let live = LayerSource::Xyz {
        template: format!("http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"),
        max_zoom: 18,
    };
    assert!(h.state_mut().add_map_layer(live.clone()));
    assert!(
        run_until(&mut h, 30, |a| a.basemap_tiles_drawn() > 0),
        "online tiles drawn"
    );

    // Off by default means: the officer removes it and adds one whose server is gone.
    let i = h
        .state()
        .doc
        .layers
        .entries()
        .iter()
        .position(|e| e.source == live)
        .unwrap();
    h.state_mut().doc.layers.remove(i);
    let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    h.state_mut().add_map_layer(LayerSource::Xyz {
        template: format!("http://127.0.0.1:{dead}/{{z}}/{{x}}/{{y}}.png"),
        max_zoom: 18,
    });
    let t0 = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut noted = false;
    while t0.elapsed() < Duration::from_secs(20) && !noted {
        let f0 = Instant::now();
        h.step();
        slowest = slowest.max(f0.elapsed());
        noted = h.query_by_label_contains("在线底图无法访问").is_some();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(noted, "one quiet note");
    assert_eq!(h.state().basemap_tiles_drawn(), 0, "tiles missing");
    // No frame waited for the network (a fetch may take up to the 4 s timeout).
    assert!(slowest < Duration::from_secs(2), "slowest frame {slowest:?}");
    assert_eq!(h.query_all_by_label_contains("在线底图无法访问").count(), 1);
}
