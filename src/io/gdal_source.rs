//! Reads stock parcels from any GDAL vector source (GeoPackage, Shapefile, GeoJSON, FileGDB, KML, DXF…).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use geo::{Area as _, Coord};

use super::arrow_stream::{self, Value};
use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::field_map::{FieldMap, Resolved};
use super::shapefile_encoding;
use super::text_encoding::TextEncoding;
use super::wkb;
use crate::geometry::repair_owned;
use crate::model::{
    Area, AreaUnit, Counties, Interpretation, LandUseCatalog, LandUseSystem, Parcel, ParcelStatus, StockKind,
};

/// One layer of a source, for the caller to choose from.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerInfo {
    pub name: String,
    pub geometry_type: String,
    pub is_polygon: bool,
    pub features: Option<u64>,
    pub crs: Option<String>,
}

/// How to read a source.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub layer: Option<String>,
    pub field_map: FieldMap,
    pub working_crs: WorkingCrs,
    pub encoding: Option<TextEncoding>,
    /// Forces the source CRS ("EPSG:4526", a WKT…), for sources with none or a wrong one.
    pub source_crs: Option<String>,
}

/// A problem with one feature; the feature is named by its FID and, when known, its 地块编号.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureProblem {
    pub feature: String,
    pub message: String,
    /// True when the feature was left out of the library.
    pub skipped: bool,
}

/// What happened while reading, for `info` and for the app's load report.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub source: PathBuf,
    pub layer: String,
    pub layers: Vec<LayerInfo>,
    pub source_crs: String,
    pub notes: Vec<String>,
    pub problems: Vec<FeatureProblem>,
    pub features_read: usize,
}

#[derive(Debug)]
pub struct Loaded {
    pub parcels: Vec<Parcel>,
    pub report: LoadReport,
}

fn is_shapefile(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp") || e.eq_ignore_ascii_case("dbf"))
}

/// Opens `path` read-only, telling GDAL the DBF encoding for shapefiles.
pub fn open(path: &Path, encoding: Option<TextEncoding>, notes: &mut Vec<String>) -> Result<Dataset> {
    if !path.exists() {
        bail!("{}: 文件不存在 / file not found", path.display());
    }
    if let Some(note) = recover_interrupted_write(path)? {
        notes.push(note);
    }
    let mut opts: Vec<String> = Vec::new();
    if is_shapefile(path) {
        let shp = path.with_extension("shp");
        let enc = shapefile_encoding::detect(&shp, encoding);
        notes.push(format!("编码 / encoding: {} ({})", enc.gdal_name(), enc.how));
        opts.push(format!("ENCODING={}", enc.gdal_name()));
        for ext in ["shx", "dbf"] {
            let present = [ext, &ext.to_uppercase()]
                .iter()
                .any(|e| shp.with_extension(e).exists());
            if !present {
                bail!(
                    "{}: 缺少 .{ext} 文件，Shapefile 不完整 / missing .{ext}: the shapefile is incomplete",
                    path.display()
                );
            }
        }
    }
    let refs: Vec<&str> = opts.iter().map(|s| s.as_str()).collect();
    Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
            open_options: if refs.is_empty() { None } else { Some(&refs) },
            ..Default::default()
        },
    )
    .map_err(|e| {
        anyhow!(
            "{}: GDAL 无法打开（文件损坏或格式不支持）/ GDAL cannot open it (damaged or unsupported): {e}",
            path.display()
        )
    })
}

/// A GeoPackage whose last write was cut off (power loss, a killed process) keeps a hot rollback journal beside it.
/// SQLite undoes the unfinished transaction on the next open, but only with write access: a read-only open fails
/// with "attempt to write a readonly database". So open it once for update first, which restores the old state.
pub fn recover_interrupted_write(path: &Path) -> Result<Option<String>> {
    let is_gpkg = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gpkg"));
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let hot = std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0);
    if !is_gpkg || !hot {
        return Ok(None);
    }
    Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_UPDATE,
            ..Default::default()
        },
    )
    .map_err(|e| {
        anyhow!(
            "{}: 上次写入未完成（有回滚日志 -journal），且文件不可写，无法恢复；请复制到可写位置后再打开 / an interrupted \
             write left a rollback journal and the file cannot be opened for writing to undo it; copy it (with its \
             -journal) somewhere writable and open it again: {e}",
            path.display()
        )
    })?;
    Ok(Some(
        "上次写入中断，未完成的修改已回滚 / an interrupted write was found and rolled back".to_string(),
    ))
}

pub(crate) fn polygonal(t: u32) -> bool {
    // wkbPolygon 3, wkbMultiPolygon 6, their Z/M/ZM and 25D forms, and curved polygons (10, 12, 15 polyhedral, 16 TIN).
    let base = (t & 0x0FFF_FFFF) % 1000;
    matches!(base, 3 | 6 | 10 | 12 | 15 | 16)
}

/// Lists the layers of a source.
pub fn list_layers(path: &Path, encoding: Option<TextEncoding>) -> Result<Vec<LayerInfo>> {
    let mut notes = Vec::new();
    let ds = open(path, encoding, &mut notes)?;
    Ok(layers_of(&ds))
}

pub(crate) fn layers_of(ds: &Dataset) -> Vec<LayerInfo> {
    ds.layers()
        .map(|l| {
            let t = l.defn().geometry_type();
            LayerInfo {
                name: l.name(),
                geometry_type: gdal::vector::geometry_type_to_name(t),
                is_polygon: polygonal(t),
                features: l.try_feature_count(),
                crs: l.spatial_ref().map(|s| describe_srs(&s)),
            }
        })
        .collect()
}

fn describe_srs(s: &gdal::spatial_ref::SpatialRef) -> String {
    match (s.auth_name(), s.auth_code()) {
        (Some(a), Ok(c)) => format!("{a}:{c}"),
        _ => s.name().unwrap_or_else(|| "unknown".into()),
    }
}

/// Reads the chosen (or the only / first polygon) layer into parcels.
pub fn read_parcels(path: &Path, opts: &ReadOptions, counties: &Counties, catalog: &LandUseCatalog) -> Result<Loaded> {
    let mut report = LoadReport {
        source: path.to_path_buf(),
        ..Default::default()
    };
    let ds = open(path, opts.encoding, &mut report.notes)?;
    report.layers = layers_of(&ds);
    let file = path.display().to_string();
    let layer_name = match &opts.layer {
        Some(n) => {
            if !report.layers.iter().any(|l| &l.name == n) {
                let names: Vec<_> = report.layers.iter().map(|l| l.name.as_str()).collect();
                bail!("{file}: 没有图层 “{n}”；可选图层 / no layer named {n}; layers: {names:?}");
            }
            n.clone()
        }
        None => {
            let mut polys: Vec<_> = report.layers.iter().filter(|l| l.is_polygon).collect();
            if polys.is_empty() {
                // KML, DXF and GeoJSON layers often declare no geometry type: try those, feature by feature.
                polys = report
                    .layers
                    .iter()
                    .filter(|l| l.geometry_type.starts_with("Unknown"))
                    .collect();
            }
            match polys.first() {
                Some(first) => {
                    if polys.len() > 1 {
                        let names: Vec<_> = polys.iter().map(|l| l.name.as_str()).collect();
                        report.notes.push(format!("多个面图层 {names:?}，读取 “{}”，可用 --layer 指定 / several polygon layers; read {}; pick one with --layer", first.name, first.name));
                    }
                    first.name.clone()
                }
                None if report.layers.is_empty() => bail!("{file}: 没有图层 / the source has no layers"),
                None => {
                    let kinds: Vec<_> = report
                        .layers
                        .iter()
                        .map(|l| format!("{} ({})", l.name, l.geometry_type))
                        .collect();
                    bail!(
                        "{file}: 没有面图层，存量地块需要面 / no polygon layer (found {kinds:?}); stock parcels must be polygons"
                    );
                }
            }
        }
    };
    let mut layer = ds
        .layer_by_name(&layer_name)
        .with_context(|| format!("{file}: 图层 {layer_name}"))?;
    report.layer = layer_name.clone();
    let geom_type = layer.defn().geometry_type();
    // Unknown (0) geometry type is common in GeoJSON/KML/DXF: features are checked one by one below.
    if geom_type != 0 && !polygonal(geom_type) {
        bail!(
            "{file}: 图层 “{layer_name}” 是 {}，不是面 / layer is {}, not polygons",
            gdal::vector::geometry_type_to_name(geom_type),
            gdal::vector::geometry_type_to_name(geom_type)
        );
    }
    let extent = layer.try_get_extent().ok().flatten();
    let Some(extent) = extent.or_else(|| layer.get_extent().ok()) else {
        bail!("{file}: 图层 “{layer_name}” 为空 / layer {layer_name} is empty");
    };
    if layer.try_feature_count() == Some(0) {
        bail!("{file}: 图层 “{layer_name}” 为空 / layer {layer_name} is empty");
    }
    let sample = Coord {
        x: (extent.MinX + extent.MaxX) / 2.0,
        y: (extent.MinY + extent.MaxY) / 2.0,
    };
    if !(sample.x.is_finite() && sample.y.is_finite()) || sample.x.abs() > 1e9 || sample.y.abs() > 1e9 {
        bail!(
            "{file}: 坐标超出合理范围（中心 {:.1}, {:.1}）/ coordinates out of any sensible range",
            sample.x,
            sample.y
        );
    }
    let (source_def, crs_note) = match &opts.source_crs {
        Some(forced) => (
            forced.clone(),
            Some(format!("坐标系按用户指定 {forced} / CRS set by the user")),
        ),
        None => {
            let srs = layer.spatial_ref();
            let code = srs.as_ref().and_then(|s| {
                let mut s = s.clone();
                s.auto_identify_epsg().ok();
                s.auth_code().ok().map(|c| c as u32)
            });
            let wkt = srs.as_ref().and_then(|s| s.to_wkt().ok());
            resolve_source_crs(code, wkt.as_deref(), Some(sample)).with_context(|| file.clone())?
        }
    };
    report.notes.extend(crs_note);
    report.source_crs = source_def.clone();
    let reproject = Reprojector::new(&source_def, opts.working_crs).with_context(|| file.clone())?;

    let fid_column = layer_fid_column(&layer);
    let mut parcels = Vec::with_capacity(layer.try_feature_count().unwrap_or(0) as usize);
    let mut stated_raw: Vec<Option<f64>> = Vec::with_capacity(parcels.capacity());
    let mut resolved: Option<(Resolved, usize, Option<usize>)> = None;
    let mut fatal: Option<anyhow::Error> = None;
    let seq = std::cell::Cell::new(0usize);
    let mut use_warnings: std::collections::BTreeMap<String, usize> = Default::default();
    let mut use_memo: [HashMap<String, Option<Interpretation>>; 4] = Default::default();
    let mut county_code_memo: HashMap<String, Option<String>> = HashMap::new();
    let mut county_name_memo: HashMap<String, Option<String>> = HashMap::new();
    let mut fids: Vec<u64> = Vec::new();
    arrow_stream::for_each_row(&mut layer, |cols, values| {
        if resolved.is_none() {
            let r = opts.field_map.resolve(&cols.names);
            let missing = r.missing_required(&opts.field_map);
            let hard: Vec<_> = missing
                .iter()
                .filter(|m| !m.starts_with("地块编号") && !m.starts_with("行政区"))
                .cloned()
                .collect();
            if !hard.is_empty() {
                let msg = anyhow!(
                    "{file}: 图层 “{layer_name}” 缺少字段 / missing fields: {}; 现有字段 / fields present: {:?}",
                    hard.join("; "),
                    cols.names
                );
                fatal = Some(msg);
                return Err(anyhow!("stop"));
            }
            for m in missing {
                report.notes.push(format!("缺少字段 / missing field: {m}"));
            }
            let geom = (0..cols.names.len())
                .find(|&i| cols.is_binary(i))
                .ok_or_else(|| anyhow!("{file}: 没有几何列 / no geometry column"))?;
            let fid = fid_column.as_ref().and_then(|f| cols.names.iter().position(|n| n == f));
            resolved = Some((r, geom, fid));
        }
        let Some((r, geom_col, fid_col)) = &resolved else {
            return Ok(());
        };
        seq.set(seq.get() + 1);
        let fid: u64 = fid_col
            .and_then(|i| values.get(i))
            .and_then(|v| match v {
                Value::Int(n) => Some(*n as u64),
                _ => None,
            })
            .unwrap_or(seq.get() as u64);
        let text = |i: Option<usize>| {
            i.and_then(|i| values.get(i))
                .and_then(|v| v.to_text())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        // Borrowed and trimmed, for values only looked up (kind, use, county, status): no allocation per feature.
        let raw = |i: Option<usize>| -> Option<std::borrow::Cow<'_, str>> {
            match i.and_then(|i| values.get(i))? {
                Value::Text(t) => Some(std::borrow::Cow::Borrowed(t.trim())),
                v => v.to_text().map(|s| std::borrow::Cow::Owned(s.trim().to_string())),
            }
            .filter(|s| !s.is_empty())
        };
        let (id, id_missing) = match text(r.id) {
            Some(id) => (id, false),
            None => (format!("FID-{fid}"), true),
        };
        // The feature's label is built only when there is something to say about it.
        let mut problem = |message: String, skipped: bool| {
            let feature = if id_missing {
                format!("FID {fid}")
            } else {
                format!("FID {fid} ({id})")
            };
            report.problems.push(FeatureProblem {
                feature,
                message,
                skipped,
            })
        };
        let wkb_bytes = match values.get(*geom_col) {
            Some(Value::Bytes(b)) => *b,
            _ => {
                problem("没有几何 / no geometry".into(), true);
                return Ok(());
            }
        };
        let geometry = match wkb::read_polygons(wkb_bytes) {
            Ok(g) => g,
            Err(e) => {
                problem(e.to_string(), true);
                return Ok(());
            }
        };
        let geometry = match reproject.into_working(geometry) {
            Ok(g) => g,
            Err(e) => {
                problem(format!("坐标转换失败 / reprojection failed: {e:#}"), true);
                return Ok(());
            }
        };
        let geometry = match repair_owned(geometry) {
            Ok(rep) => {
                for f in &rep.fixes {
                    problem(format!("几何已修复 / geometry repaired: {f}"), false);
                }
                rep.geometry
            }
            Err(e) => {
                problem(format!("几何无效，已拒绝 / invalid geometry refused: {e}"), true);
                return Ok(());
            }
        };
        let kind = match raw(r.kind) {
            Some(k) => match StockKind::parse(&k) {
                Some(k) => k,
                None => {
                    problem(format!("存量类型无法识别 / unknown stock kind “{k}”"), true);
                    return Ok(());
                }
            },
            None => match opts.field_map.default_kind.as_deref().and_then(StockKind::parse) {
                Some(k) => k,
                None => {
                    problem("缺少存量类型 / no stock kind".into(), true);
                    return Ok(());
                }
            },
        };
        let use_raw = raw(r.planned_use).unwrap_or_default();
        let system = raw(r.use_system).and_then(|s| LandUseSystem::parse(&s));
        // A library holds a few dozen distinct codes: interpret each once per system.
        let memo = &mut use_memo[system.map(|s| s as usize + 1).unwrap_or(0)];
        if !memo.contains_key(use_raw.as_ref()) {
            memo.insert(use_raw.to_string(), catalog.interpret(&use_raw, system));
        }
        let planned_use = match memo.get(use_raw.as_ref()).and_then(|i| i.as_ref()) {
            Some(i) => {
                // The same code warns the same way on every feature: count it once per layer.
                if let Some(w) = &i.warning {
                    match use_warnings.get_mut(w) {
                        Some(n) => *n += 1,
                        None => {
                            use_warnings.insert(w.clone(), 1);
                        }
                    }
                }
                i.land_use.clone()
            }
            None => {
                problem(
                    format!("规划用途代码无法识别 / unknown land-use code “{use_raw}”"),
                    true,
                );
                return Ok(());
            }
        };
        let county_of = |memo: &mut HashMap<String, Option<String>>, key: Option<std::borrow::Cow<'_, str>>| {
            let key = key?;
            if !memo.contains_key(key.as_ref()) {
                memo.insert(key.to_string(), counties.find(&key).map(|c| c.id.clone()));
            }
            memo.get(key.as_ref()).cloned().flatten()
        };
        let county = county_of(&mut county_code_memo, raw(r.county_code))
            .or_else(|| county_of(&mut county_name_memo, raw(r.county_name)));
        let county = match county {
            Some(c) => c,
            None => {
                let raw = text(r.county_code).or_else(|| text(r.county_name)).unwrap_or_default();
                problem(format!("行政区无法识别 / unknown county “{raw}”"), false);
                String::new()
            }
        };
        if id_missing {
            problem("缺少地块编号，用 FID 代替 / no parcel id; FID used".into(), false);
        }
        let status = raw(r.status).and_then(|s| {
            let parsed = ParcelStatus::parse(&s);
            if parsed.is_none() {
                problem(
                    format!("状态无法识别，按可供 / unknown status “{s}”, taken as available"),
                    false,
                );
            }
            parsed
        });
        fids.push(fid);
        let mut p = Parcel::new(id, kind, planned_use, county, geometry);
        p.name = text(r.name).unwrap_or_default();
        if let Some(st) = status {
            p.status = st;
        }
        p.approval_no = text(r.approval_no).map(Into::into);
        p.approval_year = text(r.approval_year).and_then(|y| y.get(..4).and_then(|y| y.parse().ok()));
        p.idle_since = text(r.idle_since).map(Into::into);
        p.remarks = text(r.remarks).map(Into::into);
        stated_raw.push(r.area.and_then(|i| values.get(i)).and_then(|v| v.to_f64()));
        parcels.push(p);
        Ok(())
    })
    .map_err(|e| match fatal.take() {
        Some(f) => f,
        None => e.context(file.clone()),
    })?;
    if let Some(f) = fatal {
        return Err(f);
    }
    report.features_read = seq.get();
    report_duplicate_ids(&parcels, &fids, &mut report);
    for (w, n) in use_warnings {
        report.notes.push(format!("{w}（{n} 个要素 / features）"));
    }
    apply_stated_areas(&mut parcels, &stated_raw, opts.field_map.area_unit, &mut report);
    if parcels.is_empty() {
        let first: Vec<String> = report
            .problems
            .iter()
            .take(5)
            .map(|p| format!("{}: {}", p.feature, p.message))
            .collect();
        bail!(
            "{file}: 图层 “{}” 没有可用的面要素（{} 个要素均有问题）/ no usable polygons ({} features, all with problems):\n  {}",
            report.layer,
            report.features_read,
            report.features_read,
            first.join("\n  ")
        );
    }
    Ok(Loaded { parcels, report })
}

pub(crate) fn layer_fid_column<L: LayerAccess>(layer: &L) -> Option<String> {
    let p = unsafe { gdal_sys::OGR_L_GetFIDColumn(layer.c_layer()) };
    if p.is_null() {
        return None;
    }
    let s = unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned();
    Some(if s.is_empty() { "OGC_FID".into() } else { s })
}

/// Two features with one 地块编号 cannot both be addressed by it: name each repeat and where the first one is.
/// Done once after the read (a sort of indices) rather than with a map per feature.
fn report_duplicate_ids(parcels: &[Parcel], fids: &[u64], report: &mut LoadReport) {
    let mut order: Vec<usize> = (0..parcels.len()).collect();
    // Stable: among equal ids, file order, so the first of a run is the first in the file.
    order.sort_by(|a, b| parcels[*a].id.cmp(&parcels[*b].id));
    let mut first = 0usize;
    for k in 1..order.len() {
        let (a, b) = (order[first], order[k]);
        if parcels[a].id != parcels[b].id {
            first = k;
            continue;
        }
        let id = &parcels[b].id;
        let (fa, fb) = (fids.get(a).copied().unwrap_or(0), fids.get(b).copied().unwrap_or(0));
        report.problems.push(FeatureProblem {
            feature: format!("FID {fb} ({id})"),
            message: format!(
                "地块编号 “{id}” 重复，与 FID {fa} ({id}) 相同 / duplicate parcel id “{id}”, also used by FID {fa} ({id})"
            ),
            skipped: false,
        });
    }
}

/// The unit of a source's area field: the one under which stated and computed areas agree best.
///
/// ```
/// use stockfirst::io::gdal_source::detect_area_unit;
/// use stockfirst::model::AreaUnit;
/// // 10 000 m² parcels stated as 1.0 → hectares; as 15.0 → 亩.
/// assert_eq!(detect_area_unit(&[(1.0, 10_000.0), (2.0, 20_000.0)]), AreaUnit::Hectare);
/// assert_eq!(detect_area_unit(&[(15.0, 10_000.0)]), AreaUnit::Mu);
/// assert_eq!(detect_area_unit(&[(10_001.0, 10_000.0)]), AreaUnit::SquareMetre);
/// ```
pub fn detect_area_unit(pairs: &[(f64, f64)]) -> AreaUnit {
    let score = |u: AreaUnit| {
        let mut errs: Vec<f64> = pairs
            .iter()
            .filter(|(s, c)| *s > 0.0 && *c > 0.0)
            .map(|(s, c)| (u.to_area(*s).m2() / c).ln().abs())
            .collect();
        errs.sort_by(f64::total_cmp);
        errs.get(errs.len() / 2).copied().unwrap_or(f64::INFINITY)
    };
    [AreaUnit::SquareMetre, AreaUnit::Mu, AreaUnit::Hectare]
        .into_iter()
        .min_by(|a, b| score(*a).total_cmp(&score(*b)))
        .unwrap_or_default()
}

fn apply_stated_areas(parcels: &mut [Parcel], stated: &[Option<f64>], unit: Option<AreaUnit>, report: &mut LoadReport) {
    let pairs: Vec<(f64, f64)> = parcels
        .iter()
        .zip(stated)
        .filter_map(|(p, s)| s.map(|s| (s, p.geometry.unsigned_area())))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let unit = unit.unwrap_or_else(|| {
        let u = detect_area_unit(&pairs);
        report.notes.push(format!(
            "面积字段单位判定为 / area field unit detected as {}",
            match u {
                AreaUnit::SquareMetre => "平方米 m²",
                AreaUnit::Mu => "亩 mu",
                AreaUnit::Hectare => "公顷 ha",
            }
        ));
        u
    });
    for (p, s) in parcels.iter_mut().zip(stated) {
        p.stated_area = s.map(|v| unit.to_area(v));
        if let Some(rel) = p.area_mismatch() {
            report.problems.push(FeatureProblem {
                feature: p.id.clone(),
                message: format!(
                    "面积属性 {:.2} 亩 与图形面积 {:.2} 亩 相差 {:.1}% / stated area differs from geometry by {:.1}%",
                    p.stated_area.map(Area::mu).unwrap_or(0.0),
                    p.area.mu(),
                    rel * 100.0,
                    rel * 100.0
                ),
                skipped: false,
            });
        }
    }
}
