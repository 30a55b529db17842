//! Reads stock parcels from any GDAL vector source (GeoPackage, Shapefile, GeoJSON, FileGDB, KML, DXF…).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::LayerAccess;
use geo::Coord;

use super::arrow_stream::{self, Value};
use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::field_map::{FieldMap, Resolved};
use super::field_names::kind_in_name;
use super::text_encoding::TextEncoding;
use super::wkb;
use crate::geometry::repair_owned;
use crate::model::{Counties, Interpretation, LandUseCatalog, LandUseSystem, Parcel, ParcelStatus, StockKind};

mod duplicates;
mod open;
mod stated_area;

use duplicates::report_duplicate_ids;
use open::{choose_layer, polygonal};
pub(crate) use open::{layer_fid_column, layers_of};
pub use open::{list_layers, open, recover_interrupted_write};
use stated_area::apply_stated_areas;
pub use stated_area::detect_area_unit;
pub(crate) use stated_area::mismatch_problem;

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

/// Reads the chosen (or the only / first polygon) layer into parcels.
pub fn read_parcels(path: &Path, opts: &ReadOptions, counties: &Counties, catalog: &LandUseCatalog) -> Result<Loaded> {
    let mut report = LoadReport {
        source: path.to_path_buf(),
        ..Default::default()
    };
    let ds = open(path, opts.encoding, &mut report.notes)?;
    report.layers = layers_of(&ds);
    let file = path.display().to_string();
    let layer_name = choose_layer(&report.layers, opts.layer.as_deref(), &file, &mut report.notes)?;
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
    // A layer or file of one kind only (XQ_PEWG, 闲置土地.shp) says its kind in its name; a kind the user gave wins.
    let given_kind = opts.field_map.default_kind.as_deref().and_then(StockKind::parse);
    let file_stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let named_kind = [
        (("图层名", "layer name"), &layer_name),
        (("文件名", "file name"), &file_stem),
    ]
    .into_iter()
    .find_map(|(what, n)| kind_in_name(n).map(|k| (k, what, n.clone())));
    let default_kind = given_kind.or(named_kind.as_ref().map(|(k, ..)| *k));
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
            let missing = r.missing_required(&opts.field_map, named_kind.is_some() || r.idle_flag.is_some());
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
            report
                .notes
                .extend(naming_notes(&r, &cols.names, opts, given_kind, named_kind.as_ref()));
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
            None if raw(r.idle_flag).is_some_and(|f| is_yes(&f)) => StockKind::Idle,
            None => match default_kind {
                Some(k) => k,
                None => {
                    problem("缺少存量类型 / no stock kind".into(), true);
                    return Ok(());
                }
            },
        };
        let use_raw = raw(r.planned_use).unwrap_or_default();
        let system = raw(r.use_system)
            .and_then(|s| LandUseSystem::parse(&s))
            .or(r.use_system_in_name);
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
    let unit_in_name = resolved.as_ref().and_then(|(r, _, _)| r.area_unit_in_name);
    apply_stated_areas(
        &mut parcels,
        &stated_raw,
        opts.field_map.area_unit.or(unit_in_name),
        &mut report,
    );
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

/// 是 / Y / 1 / true in a yes-no field such as 是否闲置.
fn is_yes(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "是" | "y" | "yes" | "1" | "true" | "t"
    )
}

/// A kind stated by a layer or file name: the kind, what named it (中文, English), the name.
type NamedKind = (StockKind, (&'static str, &'static str), String);

/// What the reader took from names rather than values, said once per layer so the officer can check it.
fn naming_notes(
    r: &Resolved,
    fields: &[String],
    opts: &ReadOptions,
    given_kind: Option<StockKind>,
    named_kind: Option<&NamedKind>,
) -> Vec<String> {
    let mut notes = Vec::new();
    let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).map(String::as_str).unwrap_or("");
    if r.kind.is_none()
        && given_kind.is_none()
        && let Some((k, (zh, en), name)) = named_kind
    {
        let how = if r.idle_flag.is_some() {
            format!("（是否闲置字段 “{}” 为“是”的按闲置土地）", field(r.idle_flag))
        } else {
            String::new()
        };
        notes.push(format!(
            "没有存量类型字段，按{zh} “{name}” 取为“{}”{how} / no stock-kind field: kind taken from the {en} “{name}” \
             as {}",
            k.zh(),
            k.en()
        ));
    }
    if let Some(u) = r.area_unit_in_name {
        let unit = |u: crate::model::AreaUnit| match u {
            crate::model::AreaUnit::SquareMetre => "平方米 m²",
            crate::model::AreaUnit::Mu => "亩 mu",
            crate::model::AreaUnit::Hectare => "公顷 ha",
        };
        match opts.field_map.area_unit {
            Some(given) if given != u => notes.push(format!(
                "面积字段 “{}” 的名称注明 {}，但字段映射指定 {}，按指定读取 / the area field's name says {}, the field \
                 map says {}: read as the map says",
                field(r.area),
                unit(u),
                unit(given),
                unit(u),
                unit(given)
            )),
            Some(_) => {}
            None => notes.push(format!(
                "面积字段 “{}” 按名称注明的单位 {} 读取 / area field read in the unit its name states: {}",
                field(r.area),
                unit(u),
                unit(u)
            )),
        }
    }
    if r.use_system.is_none()
        && let Some(sys) = r.use_system_in_name
    {
        notes.push(format!(
            "规划用途字段 “{}” 按字段名读作 {} / use codes read as {} (from the field name)",
            field(r.planned_use),
            sys.zh(),
            sys.en()
        ));
    }
    notes
}
