//! Writes synthetic planning control layers under their national layer and field names (DLTB, YJJBNTBHTB, STBHHX,
//! CZKFBJ, CZJSBJ) to a GeoPackage or a FileGDB, atomically, each layer marked synthetic.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
use gdal::{Dataset, DriverManager, Metadata};
use geo::MultiPolygon;

use super::atomic::temp_path_for;
use super::crs::WorkingCrs;
use super::gdal_write::{VectorFormat, commit, discard};
use crate::sample::{ControlLayers, Zone};

use OGRFieldType::{OFTInteger as I, OFTReal as R, OFTString as S};

pub const DLTB_FIELDS: [(&str, u32); 17] = [
    ("BSM", S),
    ("DLBM", S),
    ("DLMC", S),
    ("QSXZ", S),
    ("QSDWDM", S),
    ("QSDWMC", S),
    ("ZLDWDM", S),
    ("ZLDWMC", S),
    ("TBMJ", R),
    ("KCDLBM", S),
    ("KCXS", R),
    ("KCMJ", R),
    ("TBDLMJ", R),
    ("GDLX", S),
    ("GDPDJB", S),
    ("ZZSXDM", S),
    ("SJNF", I),
];
const YJJBNT_FIELDS: [(&str, u32); 6] = [
    ("YJJBNTTBBH", S),
    ("DLBM", S),
    ("DLMC", S),
    ("YJJBNTMJ", R),
    ("KCXS", R),
    ("KCMJ", R),
];
const STBHHX_FIELDS: [(&str, u32); 3] = [("BSM", S), ("MJ", R), ("BZ", S)];
const CZKFBJ_FIELDS: [(&str, u32); 4] = [("BSM", S), ("GHFQDM", S), ("GHFQMC", S), ("MJ", R)];
const CZJSBJ_FIELDS: [(&str, u32); 3] = [("BSM", S), ("CZMC", S), ("MJ", R)];

/// Writes all five layers to `target` (.gpkg or .gdb); the dataset appears complete or not at all.
/// `description` goes into every layer's metadata (GeoPackage DESCRIPTION) with SYNTHETIC=YES.
pub fn write_control_layers(target: &Path, layers: &ControlLayers, crs: WorkingCrs, description: &str) -> Result<()> {
    let format = VectorFormat::from_path(target)
        .filter(|f| matches!(f, VectorFormat::GeoPackage | VectorFormat::FileGdb))
        .ok_or_else(|| {
            anyhow!(
                "{}: 管控图层只写 .gpkg 或 .gdb（多图层）/ control layers are written to .gpkg or .gdb only",
                target.display()
            )
        })?;
    if layers.dltb.is_empty() {
        bail!("{}: 没有地类图斑可写 / no DLTB patches to write", target.display());
    }
    let tmp = temp_path_for(target);
    discard(&tmp);
    let result = (|| -> Result<()> {
        let driver = DriverManager::get_driver_by_name(format.driver())?;
        let mut ds = driver.create_vector_only(&tmp)?;
        let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(crs.epsg())?;
        srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
        if format == VectorFormat::GeoPackage {
            // One transaction: a million 图斑 in minutes, not hours.
            let mut txn = ds.start_transaction()?;
            fill(&mut txn, format, &srs, layers, description)?;
            txn.commit()?;
        } else {
            fill(&mut ds, format, &srs, layers, description)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        discard(&tmp);
        return Err(e.context(format!("{}: 写出失败 / write failed", target.display())));
    }
    commit(&tmp, target, format)
}

fn s(v: &str) -> FieldValue {
    FieldValue::StringValue(v.to_string())
}

fn fill(
    ds: &mut Dataset,
    format: VectorFormat,
    srs: &gdal::spatial_ref::SpatialRef,
    layers: &ControlLayers,
    description: &str,
) -> Result<()> {
    let ctx = LayerCtx {
        format,
        srs,
        description,
    };
    let dltb = layers.dltb.iter().map(|d| {
        let values = vec![
            s(&d.bsm),
            s(&d.dlbm),
            s(&d.dlmc),
            s(&d.qsxz),
            s(&d.qsdwdm),
            s(&d.qsdwmc),
            s(&d.zldwdm),
            s(&d.zldwmc),
            FieldValue::RealValue(d.tbmj),
            s(&d.kcdlbm),
            FieldValue::RealValue(d.kcxs),
            FieldValue::RealValue(d.kcmj),
            FieldValue::RealValue(d.tbdlmj),
            s(&d.gdlx),
            s(&d.gdpdjb),
            s(&d.zzsxdm),
            FieldValue::IntegerValue(d.sjnf),
        ];
        (d.bsm.as_str(), values, MultiPolygon(vec![d.geometry.clone()]))
    });
    write_layer(ds, &ctx, "DLTB", "地类图斑", &DLTB_FIELDS, dltb)?;
    let farmland = layers.farmland.iter().map(|f| {
        let values = vec![
            s(&f.yjjbnttbbh),
            s(&f.dlbm),
            s(&f.dlmc),
            FieldValue::RealValue(f.yjjbntmj),
            FieldValue::RealValue(f.kcxs),
            FieldValue::RealValue(f.kcmj),
        ];
        (f.yjjbnttbbh.as_str(), values, f.geometry.clone())
    });
    write_layer(ds, &ctx, "YJJBNTBHTB", "永久基本农田保护图斑", &YJJBNT_FIELDS, farmland)?;
    let red = layers.redline.iter().map(|z: &Zone| {
        let values = vec![s(&z.bsm), FieldValue::RealValue(z.mj), s(&z.name)];
        (z.bsm.as_str(), values, z.geometry.clone())
    });
    write_layer(ds, &ctx, "STBHHX", "生态保护红线", &STBHHX_FIELDS, red)?;
    let boundary = layers.boundary.iter().map(|z| {
        let values = vec![s(&z.bsm), s(&z.code), s(&z.name), FieldValue::RealValue(z.mj)];
        (z.bsm.as_str(), values, z.geometry.clone())
    });
    write_layer(ds, &ctx, "CZKFBJ", "城镇开发边界", &CZKFBJ_FIELDS, boundary)?;
    let villages = layers.villages.iter().map(|z| {
        let values = vec![s(&z.bsm), s(&z.name), FieldValue::RealValue(z.mj)];
        (z.bsm.as_str(), values, z.geometry.clone())
    });
    write_layer(ds, &ctx, "CZJSBJ", "村庄建设边界", &CZJSBJ_FIELDS, villages)?;
    Ok(())
}

struct LayerCtx<'a> {
    format: VectorFormat,
    srs: &'a gdal::spatial_ref::SpatialRef,
    description: &'a str,
}

fn write_layer<'a>(
    ds: &mut Dataset,
    ctx: &LayerCtx,
    name: &str,
    title: &str,
    fields: &[(&str, u32)],
    rows: impl Iterator<Item = (&'a str, Vec<FieldValue>, MultiPolygon<f64>)>,
) -> Result<()> {
    let desc = format!("DESCRIPTION={title}（{}）", ctx.description);
    let lco: Vec<&str> = match ctx.format {
        VectorFormat::GeoPackage => vec![&desc],
        _ => vec![],
    };
    let mut layer = ds.create_layer(LayerOptions {
        name,
        srs: Some(ctx.srs),
        ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
        options: if lco.is_empty() { None } else { Some(&lco) },
    })?;
    layer.create_defn_fields(fields)?;
    layer.set_metadata_item("SYNTHETIC", "YES", "").ok();
    layer
        .set_metadata_item("DESCRIPTION", &format!("{title}（{}）", ctx.description), "")
        .ok();
    for (id, values, geometry) in rows {
        let mut f = gdal::vector::Feature::new(layer.defn())?;
        f.set_geometry(geometry.to_gdal()?)?;
        for (i, v) in values.iter().enumerate() {
            if matches!(v, FieldValue::StringValue(s) if s.is_empty()) {
                continue; // NULL, as real exports leave empty codes
            }
            f.set_field(i, v)
                .with_context(|| format!("{name} {id}: {}", fields[i].0))?;
        }
        f.create(&layer)
            .with_context(|| format!("{name} 要素 / feature {id}"))?;
    }
    Ok(())
}
