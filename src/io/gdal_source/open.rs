//! Opening a GDAL source and describing its layers: the encoding of a shapefile, an interrupted GeoPackage
//! write, which layer holds the parcels.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};

use super::LayerInfo;
use crate::io::shapefile_encoding;
use crate::io::text_encoding::TextEncoding;

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

pub(super) fn polygonal(t: u32) -> bool {
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

pub(crate) fn layer_fid_column<L: LayerAccess>(layer: &L) -> Option<String> {
    let p = unsafe { gdal_sys::OGR_L_GetFIDColumn(layer.c_layer()) };
    if p.is_null() {
        return None;
    }
    let s = unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned();
    Some(if s.is_empty() { "OGC_FID".into() } else { s })
}

/// The layer to read: the one asked for, else the only or first polygon layer (noted when there are several).
pub(super) fn choose_layer(
    layers: &[LayerInfo],
    wanted: Option<&str>,
    file: &str,
    notes: &mut Vec<String>,
) -> Result<String> {
    Ok(match wanted {
        Some(n) => {
            if !layers.iter().any(|l| l.name == n) {
                let names: Vec<_> = layers.iter().map(|l| l.name.as_str()).collect();
                bail!("{file}: 没有图层 “{n}”；可选图层 / no layer named {n}; layers: {names:?}");
            }
            n.to_string()
        }
        None => {
            let mut polys: Vec<_> = layers.iter().filter(|l| l.is_polygon).collect();
            if polys.is_empty() {
                // KML, DXF and GeoJSON layers often declare no geometry type: try those, feature by feature.
                polys = layers
                    .iter()
                    .filter(|l| l.geometry_type.starts_with("Unknown"))
                    .collect();
            }
            match polys.first() {
                Some(first) => {
                    if polys.len() > 1 {
                        let names: Vec<_> = polys.iter().map(|l| l.name.as_str()).collect();
                        notes.push(format!("多个面图层 {names:?}，读取 “{}”，可用 --layer 指定 / several polygon layers; read {}; pick one with --layer", first.name, first.name));
                    }
                    first.name.clone()
                }
                None if layers.is_empty() => bail!("{file}: 没有图层 / the source has no layers"),
                None => {
                    let kinds: Vec<_> = layers
                        .iter()
                        .map(|l| format!("{} ({})", l.name, l.geometry_type))
                        .collect();
                    bail!(
                        "{file}: 没有面图层，存量地块需要面 / no polygon layer (found {kinds:?}); stock parcels must be polygons"
                    );
                }
            }
        }
    })
}
