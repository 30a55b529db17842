//! Reads stock parcels from any GDAL vector source (GeoPackage, Shapefile, GeoJSON, FileGDB, KML, DXF…).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::LayerAccess;
use geo::Coord;

use super::arrow_stream::Columns;
use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::field_map::{FieldMap, Resolved};
use super::field_names::kind_in_name;
use super::text_encoding::TextEncoding;
use super::two_threads::{RowChunk, read_rows_on_two_threads};
use crate::model::{Counties, CountyCheck, CountyFindings, LandUseCatalog, Parcel, StockKind};

mod duplicates;
mod open;
mod rows;
mod stated_area;

pub use super::two_threads::{TWO, Threads};
pub use duplicates::{report_duplicate_ids, report_repeated_ids};
use open::{choose_layer, polygonal};
pub(crate) use open::{layer_fid_column, layers_of};
pub use open::{list_layers, open, recover_interrupted_write};
use rows::{Chunk, RowContext, RowState, read_rows};
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
    /// What the library is built from besides the parcels ([`crate::library::StockLibrary::with_prepared`]).
    pub prepared: crate::library::Prepared,
    pub report: LoadReport,
    /// Each parcel's FID (its 1-based row when the source has none), for naming it in problems found later.
    pub fids: Vec<u64>,
    /// The county check's findings in parcel order, when the read was given one ([`read_parcels_checked`]).
    pub county: CountyFindings,
}

/// Reads the chosen (or the only / first polygon) layer into parcels.
pub fn read_parcels(path: &Path, opts: &ReadOptions, counties: &Counties, catalog: &LandUseCatalog) -> Result<Loaded> {
    let mut loaded = read_parcels_split(path, opts, counties, catalog, None, TWO)?;
    report_duplicate_ids(&loaded.parcels, &loaded.fids, &mut loaded.report);
    Ok(loaded)
}

/// [`read_parcels`] with the ledger's county check made on each parcel as it is read, while its points are still in
/// the cache (a second pass over a million parcels would fetch them all again). Repeated ids are left to the caller,
/// who sorts the ids anyway ([`report_repeated_ids`] with the library's [`crate::library::StockLibrary::duplicate_ids`]).
pub fn read_parcels_checked(
    path: &Path,
    opts: &ReadOptions,
    counties: &Counties,
    catalog: &LandUseCatalog,
    county_check: &CountyCheck,
) -> Result<Loaded> {
    read_parcels_split(path, opts, counties, catalog, Some(county_check), TWO)
}

/// [`read_parcels`] on one thread or two ([`TWO`] is what the app uses). For the test that both give the same
/// result.
#[doc(hidden)]
pub fn read_parcels_split(
    path: &Path,
    opts: &ReadOptions,
    counties: &Counties,
    catalog: &LandUseCatalog,
    county_check: Option<&CountyCheck>,
    threads: Threads,
) -> Result<Loaded> {
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
    let expected = layer.try_feature_count().unwrap_or(0) as usize;
    let mut fatal: Option<anyhow::Error> = None;
    // Set from the stream's columns before any row is read; read by both threads after.
    let context: OnceLock<RowContext> = OnceLock::new();
    let start = |cols: &Columns| -> Result<()> {
        let r = opts.field_map.resolve(&cols.names);
        let missing = r.missing_required(&opts.field_map, named_kind.is_some() || r.idle_flag.is_some());
        let hard: Vec<_> = missing
            .iter()
            .filter(|m| !m.starts_with("地块编号") && !m.starts_with("行政区"))
            .cloned()
            .collect();
        if !hard.is_empty() {
            fatal = Some(anyhow!(
                "{file}: 图层 “{layer_name}” 缺少字段 / missing fields: {}; 现有字段 / fields present: {:?}",
                hard.join("; "),
                cols.names
            ));
            bail!("stop");
        }
        for m in missing {
            report.notes.push(format!("缺少字段 / missing field: {m}"));
        }
        report
            .notes
            .extend(naming_notes(&r, &cols.names, opts, given_kind, named_kind.as_ref()));
        let geom_col = (0..cols.names.len())
            .find(|&i| cols.is_binary(i))
            .ok_or_else(|| anyhow!("{file}: 没有几何列 / no geometry column"))?;
        let fid_col = fid_column.as_ref().and_then(|f| cols.names.iter().position(|n| n == f));
        let _ = context.set(RowContext {
            resolved: r,
            geom_col,
            fid_col,
            default_kind,
            counties,
            catalog,
            county_check,
        });
        Ok(())
    };
    let streamed = read_rows_on_two_threads(
        &mut layer,
        threads,
        start,
        (Chunk::with_room(expected), RowState::new(reproject)),
        || RowState::from_crs(&source_def, opts.working_crs),
        |st, _, batch, rows, out: &mut Chunk| {
            if let Some(ctx) = context.get() {
                read_rows(ctx, st, batch, rows, out);
            }
        },
    );
    let all = streamed.map_err(|e| match fatal.take() {
        Some(f) => f,
        None => e.context(file.clone()),
    })?;
    let rows_read = all.rows;
    let Chunk {
        mut parcels,
        prepared,
        fids,
        stated: stated_raw,
        problems,
        use_warnings,
        county,
        rows: _,
    } = all;
    report.problems.extend(problems);
    report.features_read = rows_read;
    for (w, n) in use_warnings {
        report.notes.push(format!("{w}（{n} 个要素 / features）"));
    }
    let unit_in_name = context.get().and_then(|c| c.resolved.area_unit_in_name);
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
    Ok(Loaded {
        parcels,
        prepared,
        report,
        fids,
        county,
    })
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
