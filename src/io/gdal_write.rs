//! Writes a stock library to GeoPackage, GeoJSON or Shapefile through GDAL, atomically.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
use gdal::{DriverManager, Metadata};

use super::atomic::temp_path_for;
use super::crs::WorkingCrs;
use crate::model::{Counties, Parcel};

/// Output formats for parcels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VectorFormat {
    GeoPackage,
    GeoJson,
    Shapefile,
    /// Esri File Geodatabase (GDAL's OpenFileGDB writer, GDAL ≥ 3.6).
    FileGdb,
    /// CAD exchange: polygons become HATCH entities; attributes are not kept.
    Dxf,
}

impl VectorFormat {
    pub fn from_path(p: &Path) -> Option<Self> {
        let ext = p.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "gpkg" => Some(Self::GeoPackage),
            "geojson" | "json" => Some(Self::GeoJson),
            "shp" => Some(Self::Shapefile),
            "gdb" => Some(Self::FileGdb),
            "dxf" => Some(Self::Dxf),
            _ => None,
        }
    }
    pub(super) fn driver(self) -> &'static str {
        match self {
            Self::GeoPackage => "GPKG",
            Self::GeoJson => "GeoJSON",
            Self::Shapefile => "ESRI Shapefile",
            Self::FileGdb => "OpenFileGDB",
            Self::Dxf => "DXF",
        }
    }
}

/// The field layout we write (short names that survive the shapefile's 10-character limit).
pub const FIELDS: [(&str, u32); 13] = [
    ("DKBH", OGRFieldType::OFTString),
    ("DKMC", OGRFieldType::OFTString),
    ("XZQDM", OGRFieldType::OFTString),
    ("XZQMC", OGRFieldType::OFTString),
    ("CLLX", OGRFieldType::OFTString),
    ("GHYT", OGRFieldType::OFTString),
    ("YDFL", OGRFieldType::OFTString),
    ("ZT", OGRFieldType::OFTString),
    ("MJ", OGRFieldType::OFTReal),
    ("PZWH", OGRFieldType::OFTString),
    ("PZNF", OGRFieldType::OFTInteger),
    ("XZRQ", OGRFieldType::OFTString),
    ("BZ", OGRFieldType::OFTString),
];

/// Metadata for the written layer.
#[derive(Debug, Clone, Default)]
pub struct WriteMeta {
    pub layer: String,
    pub description: String,
}

fn shapefile_parts(p: &Path) -> Vec<PathBuf> {
    ["shp", "shx", "dbf", "prj", "cpg"]
        .iter()
        .map(|e| p.with_extension(e))
        .collect()
}

/// Writes parcels to `target`; the file appears complete or not at all.
pub fn write_parcels(
    target: &Path,
    parcels: &[Parcel],
    counties: &Counties,
    crs: WorkingCrs,
    meta: &WriteMeta,
) -> Result<()> {
    let format = VectorFormat::from_path(target).ok_or_else(|| {
        anyhow!(
            "{}: 不支持的输出格式（.gpkg/.geojson/.shp）/ unsupported output format",
            target.display()
        )
    })?;
    let tmp = temp_path_for(target);
    discard(&tmp); // a leftover from a killed run with the same pid
    let result = write_to(&tmp, format, parcels, counties, crs, meta);
    if let Err(e) = result {
        discard(&tmp);
        return Err(e.context(format!("{}: 写出失败 / write failed", target.display())));
    }
    commit(&tmp, target, format)
}

fn write_to(
    path: &Path,
    format: VectorFormat,
    parcels: &[Parcel],
    counties: &Counties,
    crs: WorkingCrs,
    meta: &WriteMeta,
) -> Result<()> {
    let driver = DriverManager::get_driver_by_name(format.driver())?;
    let mut ds = driver.create_vector_only(path)?;
    let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(crs.epsg())?;
    // EPSG:4526 is northing-first by authority; our x is the easting.
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let layer_name = if meta.layer.is_empty() {
        "stock_parcels"
    } else {
        meta.layer.as_str()
    };
    let desc = format!("DESCRIPTION={}", meta.description);
    let mut lco: Vec<&str> = Vec::new();
    match format {
        VectorFormat::GeoPackage if !meta.description.is_empty() => lco.push(&desc),
        VectorFormat::Shapefile => lco.push("ENCODING=UTF-8"),
        _ => {}
    }
    if format == VectorFormat::GeoPackage {
        // One transaction: a 100k-parcel GeoPackage is written in seconds, not minutes.
        let mut txn = ds.start_transaction()?;
        fill(&mut txn, format, layer_name, &srs, &lco, parcels, counties, meta)?;
        txn.commit()?;
    } else {
        fill(&mut ds, format, layer_name, &srs, &lco, parcels, counties, meta)?;
    }
    if parcels.is_empty() {
        bail!("没有地块可写 / nothing to write");
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn fill(
    ds: &mut gdal::Dataset,
    format: VectorFormat,
    layer_name: &str,
    srs: &gdal::spatial_ref::SpatialRef,
    lco: &[&str],
    parcels: &[Parcel],
    counties: &Counties,
    meta: &WriteMeta,
) -> Result<()> {
    let layer = ds.create_layer(LayerOptions {
        name: layer_name,
        srs: Some(srs),
        ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
        options: if lco.is_empty() { None } else { Some(lco) },
    })?;
    let with_fields = format != VectorFormat::Dxf;
    if with_fields {
        layer.create_defn_fields(&FIELDS)?;
    }
    let mut layer = layer;
    if !meta.description.is_empty() {
        layer.set_metadata_item("SYNTHETIC", "YES", "").ok();
    }
    let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
    for p in parcels {
        let county = counties.by_id(&p.county);
        let s = |v: &str| FieldValue::StringValue(v.to_string());
        let mut values = vec![
            s(&p.id),
            s(&p.name),
            s(county
                .and_then(|c| c.adcode)
                .map(|a| a.to_string())
                .as_deref()
                .unwrap_or(&p.county)),
            s(county.map(|c| c.name.as_str()).unwrap_or("")),
            s(p.kind.zh()),
            s(&p.planned_use.code),
            s(match p.planned_use.system {
                crate::model::LandUseSystem::Ydyh2023 => "YDYH2023",
                crate::model::LandUseSystem::Gbt21010 => "GBT21010",
                crate::model::LandUseSystem::Gb50137 => "GB50137",
            }),
            s(p.status.zh()),
            FieldValue::RealValue(p.stated_area.unwrap_or(p.area).m2()),
        ];
        values.push(s(p.approval_no.as_deref().unwrap_or("")));
        values.push(
            p.approval_year
                .map(|y| FieldValue::IntegerValue(y as i32))
                .unwrap_or(FieldValue::IntegerValue(0)),
        );
        values.push(s(p.idle_since.as_deref().unwrap_or("")));
        values.push(s(p.remarks.as_deref().unwrap_or("")));
        let geom = p.geometry.to_gdal()?;
        let mut f = gdal::vector::Feature::new(layer.defn())?;
        f.set_geometry(geom)?;
        for (i, v) in values.iter().enumerate().filter(|_| with_fields) {
            if matches!(v, FieldValue::StringValue(s) if s.is_empty()) {
                continue;
            }
            f.set_field(i, v).with_context(|| format!("{}: {}", p.id, names[i]))?;
        }
        f.create(&layer).with_context(|| format!("要素 / feature {}", p.id))?;
    }
    Ok(())
}

/// Writes project footprints (id, name, use, area in 亩 and 公顷) to a GDAL format, atomically.
pub fn write_footprints(
    target: &Path,
    features: &[super::footprint_source::FootprintFeature],
    crs: WorkingCrs,
) -> Result<()> {
    use geo::Area as _;
    let format = VectorFormat::from_path(target)
        .ok_or_else(|| anyhow!("{}: 不支持的输出格式 / unsupported output format", target.display()))?;
    if features.is_empty() {
        bail!("{}: 没有面可写 / nothing to write", target.display());
    }
    let tmp = temp_path_for(target);
    let result = (|| -> Result<()> {
        let driver = DriverManager::get_driver_by_name(format.driver())?;
        let mut ds = driver.create_vector_only(&tmp)?;
        let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(crs.epsg())?;
        srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
        let lco: Vec<&str> = if format == VectorFormat::Shapefile {
            vec!["ENCODING=UTF-8"]
        } else {
            vec![]
        };
        let layer = ds.create_layer(LayerOptions {
            name: "footprint",
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
            options: if lco.is_empty() { None } else { Some(&lco) },
        })?;
        let with_fields = format != VectorFormat::Dxf;
        if with_fields {
            layer.create_defn_fields(&[
                ("DKBH", OGRFieldType::OFTString),
                ("DKMC", OGRFieldType::OFTString),
                ("DKYT", OGRFieldType::OFTString),
                ("MJ_MU", OGRFieldType::OFTReal),
                ("MJ_HA", OGRFieldType::OFTReal),
            ])?;
        }
        for ft in features {
            let m2 = ft.geometry.unsigned_area();
            let mut f = gdal::vector::Feature::new(layer.defn())?;
            f.set_geometry(ft.geometry.to_gdal()?)?;
            if with_fields {
                f.set_field_string(0, &ft.id)?;
                f.set_field_string(1, &ft.name)?;
                f.set_field_string(2, &ft.use_code)?;
                f.set_field_double(3, crate::model::Area::from_m2(m2).mu())?;
                f.set_field_double(4, m2 / 10_000.0)?;
            }
            f.create(&layer)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        discard(&tmp);
        return Err(e.context(format!("{}: 写出失败 / write failed", target.display())));
    }
    commit(&tmp, target, format)
}

/// Removes whatever a failed write left under the temp name (a file, a shapefile's parts, or a FileGDB folder).
pub(super) fn discard(tmp: &Path) {
    for p in shapefile_parts(tmp).into_iter().chain([tmp.to_path_buf()]) {
        std::fs::remove_file(&p).ok();
        std::fs::remove_dir_all(&p).ok();
    }
}

/// Flushes the finished temp output and gives it the target's name (see `atomic::write_bytes`).
/// A shapefile's parts are renamed one by one, so only single-file formats are atomic as a whole.
pub(super) fn commit(tmp: &Path, target: &Path, format: VectorFormat) -> Result<()> {
    for p in shapefile_parts(tmp).into_iter().chain([tmp.to_path_buf()]) {
        if let Ok(f) = std::fs::File::open(&p)
            && p.is_file()
        {
            f.sync_all().ok();
        }
    }
    if format == VectorFormat::Shapefile {
        for (from, to) in shapefile_parts(tmp).into_iter().zip(shapefile_parts(target)) {
            if from.exists() {
                std::fs::rename(&from, &to).with_context(|| format!("{}", to.display()))?;
            }
        }
    } else {
        if target.is_dir() {
            std::fs::remove_dir_all(target).ok(); // a FileGDB is a folder
        }
        std::fs::rename(tmp, target).with_context(|| format!("{}: 无法替换 / cannot replace", target.display()))?;
    }
    super::atomic::sync_dir(target);
    Ok(())
}
