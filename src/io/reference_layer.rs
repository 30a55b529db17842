//! Reference vectors: any GDAL vector layer the officer has (roads, rivers, village points), read whole into the
//! working CRS with one text field for labels. They are context only: nothing in them is matched or counted.

use std::path::Path;

use anyhow::{Context, Result, bail};
use gdal::vector::LayerAccess;
use geo::{BoundingRect, Coord, Geometry, MapCoords, Rect};

use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::gdal_source;

/// Field names tried for labels when the officer named none (national and common names).
pub const LABEL_FIELDS: &[&str] = &[
    "NAME", "MC", "名称", "XZQMC", "CJQYMC", "ZLDWMC", "DLMC", "HLMC", "NAME_ZH", "label",
];

/// One feature: its geometry in the working CRS and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceFeature {
    pub geometry: Geometry<f64>,
    pub label: Option<String>,
    pub bbox: Option<Rect<f64>>,
}

/// A read reference layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLayer {
    /// `file:layer`.
    pub name: String,
    pub fields: Vec<String>,
    /// The field the labels come from.
    pub label_field: Option<String>,
    pub features: Vec<ReferenceFeature>,
    /// CRS notes and skipped features, for the layer panel.
    pub notes: Vec<String>,
    pub extent: Option<Rect<f64>>,
}

/// Reads `layer` (the first when `None`) of the vector source at `path`, labelled from `label_field` (else the
/// first of [`LABEL_FIELDS`] present).
pub fn read_reference_layer(
    path: &Path,
    layer: Option<&str>,
    label_field: Option<&str>,
    working: WorkingCrs,
) -> Result<ReferenceLayer> {
    let file = path.display().to_string();
    let mut notes = Vec::new();
    let ds = gdal_source::open(path, None, &mut notes)?;
    let mut l = match layer {
        Some(n) => ds
            .layer_by_name(n)
            .with_context(|| format!("{file}: 没有图层 / no layer “{n}”"))?,
        None => ds
            .layer(0)
            .with_context(|| format!("{file}: 没有矢量图层 / no vector layer"))?,
    };
    let name = format!(
        "{}:{}",
        path.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or(file.clone()),
        l.name()
    );
    let fields: Vec<String> = l.defn().fields().map(|f| f.name()).collect();
    let label_field = match label_field.filter(|f| !f.is_empty()) {
        Some(f) => match fields.iter().find(|c| c.eq_ignore_ascii_case(f)) {
            Some(c) => Some(c.clone()),
            None => {
                bail!("{name}: 没有标注字段 “{f}”（现有字段 {fields:?}）/ no label field “{f}” (fields: {fields:?})")
            }
        },
        None => LABEL_FIELDS
            .iter()
            .find_map(|n| fields.iter().find(|c| c.eq_ignore_ascii_case(n)).cloned()),
    };
    let label_idx = label_field.as_ref().and_then(|f| fields.iter().position(|c| c == f));
    let extent = l.try_get_extent().ok().flatten().or_else(|| l.get_extent().ok());
    let sample = extent.map(|e| Coord {
        x: (e.MinX + e.MaxX) / 2.0,
        y: (e.MinY + e.MaxY) / 2.0,
    });
    let srs = l.spatial_ref();
    let code = srs.as_ref().and_then(|s| {
        let mut s = s.clone();
        s.auto_identify_epsg().ok();
        s.auth_code().ok().map(|c| c as u32)
    });
    let wkt = srs.as_ref().and_then(|s| s.to_wkt().ok());
    let (def, note) = resolve_source_crs(code, wkt.as_deref(), sample).with_context(|| name.clone())?;
    notes.extend(note);
    let rp = Reprojector::new(&def, working)?;
    let mut features = Vec::new();
    let mut skipped = 0usize;
    for f in l.features() {
        let Some(g) = f.geometry().and_then(|g| g.to_geo().ok()) else {
            skipped += 1;
            continue;
        };
        let Ok(g) = g.try_map_coords(|c| rp.point(c)) else {
            skipped += 1;
            continue;
        };
        let label = label_idx
            .and_then(|i| f.field_as_string(i).ok().flatten())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        features.push(ReferenceFeature {
            bbox: g.bounding_rect(),
            geometry: g,
            label,
        });
    }
    if skipped > 0 {
        notes.push(format!(
            "{name}: {skipped} 个要素没有可读几何，未显示 / {skipped} features without a readable geometry are not shown"
        ));
    }
    let extent = features.iter().filter_map(|f| f.bbox).reduce(|a, b| {
        Rect::new(
            Coord {
                x: a.min().x.min(b.min().x),
                y: a.min().y.min(b.min().y),
            },
            Coord {
                x: a.max().x.max(b.max().x),
                y: a.max().y.max(b.max().y),
            },
        )
    });
    Ok(ReferenceLayer {
        name,
        fields,
        label_field,
        features,
        notes,
        extent,
    })
}
