//! Reads control layers (合规性审查) through GDAL from FileGDB, GeoPackage or Shapefile (GBK via
//! `shapefile_encoding`), over the same Arrow stream and WKB reader as the stock library. Each layer's role comes
//! from the officer's role map, its standard name, or its fields; its CRS is resolved and reprojected by `io::crs`.
//! Every problem names the layer and the feature (BSM or FID).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use gdal::vector::LayerAccess;
use geo::{Area as _, Coord};

use super::control_roles::{RoleMap, role_by_fields, role_by_name};
use super::control_rows::{ControlChunk, RowFields, column, read_control_rows};
use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::gdal_source::{self, detect_area_unit};
use super::text_encoding::TextEncoding;
use super::two_threads::RowChunk;
use super::two_threads::{TWO, read_rows_on_two_threads};
use crate::controls::{
    CheckOptions, ControlLayer, ControlLayers, ControlRules, GaussKruger, LayerProblem, Outcome, Role, Survey,
    ToLonLat, check_layer,
};

/// How to read control sources.
#[derive(Debug, Clone, Default)]
pub struct ControlReadOptions {
    pub roles: RoleMap,
    pub working_crs: WorkingCrs,
    pub encoding: Option<TextEncoding>,
}

/// Everything read, with what the officer must be told.
#[derive(Debug, Default)]
pub struct LoadedControls {
    pub layers: ControlLayers,
    pub problems: Vec<LayerProblem>,
    /// Which layer became which role, the survey, the CRS: one line each.
    pub notes: Vec<String>,
}

/// The standard fields of each role (upper case). The first name found is used; `fields` of the role map rename.
struct FieldNames {
    id: &'static [&'static str],
    code: &'static [&'static str],
    name: &'static [&'static str],
    kcxs: &'static [&'static str],
    stated: &'static [&'static str],
}

fn field_names(role: Role) -> FieldNames {
    match role {
        Role::LandSurvey | Role::Forest => FieldNames {
            id: &["BSM", "TBBH"],
            code: &["DLBM"],
            name: &["DLMC"],
            kcxs: &["KCXS", "TKXS"],
            stated: &["TBMJ"],
        },
        Role::PermanentFarmland => FieldNames {
            id: &["YJJBNTTBBH", "BSM"],
            code: &["DLBM"],
            name: &["DLMC"],
            kcxs: &["KCXS", "TKXS"],
            stated: &["YJJBNTMJ", "TBMJ"],
        },
        Role::EcologicalRedline => FieldNames {
            id: &["BSM", "HXBH"],
            code: &["LXDM"],
            name: &["MC", "LXMC"],
            kcxs: &[],
            stated: &["MJ"],
        },
        Role::DevelopmentBoundary | Role::VillageBoundary => FieldNames {
            id: &["BSM"],
            code: &["GHFQDM"],
            name: &["GHFQMC"],
            kcxs: &[],
            stated: &["MJ"],
        },
    }
}

/// Reads every recognised polygon layer of `path`. A layer no name, field or role-map entry explains is listed in
/// the notes and left out; a source with no control layer at all is an error.
pub fn read_control_source(
    path: &Path,
    opts: &ControlReadOptions,
    rules: &ControlRules,
    gk: Option<&GaussKruger>,
    out: &mut LoadedControls,
) -> Result<()> {
    let file = path.display().to_string();
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ds = gdal_source::open(path, opts.encoding, &mut out.notes)?;
    let infos = gdal_source::layers_of(&ds);
    let mut found = 0usize;
    for info in &infos {
        if !info.is_polygon && !info.geometry_type.starts_with("Unknown") {
            continue;
        }
        let mut layer = ds
            .layer_by_name(&info.name)
            .with_context(|| format!("{file}: 图层 {}", info.name))?;
        let fields: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
        let entry = opts.roles.entry(path, &info.name);
        let role = entry
            .map(|e| e.role)
            .or_else(|| role_by_name(&info.name))
            .or_else(|| role_by_fields(&fields));
        let Some(role) = role else {
            out.notes.push(format!(
                "{file}:{}：未识别为管控图层，已跳过（可在角色表中指定）/ not recognised as a control layer, skipped (assign it in a role map)",
                info.name
            ));
            continue;
        };
        let renames = entry.map(|e| e.fields.clone()).unwrap_or_default();
        let source = format!("{file_name}:{}", info.name);
        let layer_out = read_layer(&mut layer, &source, role, &fields, &renames, opts, rules, gk, out)
            .with_context(|| format!("{file}: 图层 “{}”（{}）", info.name, role.zh()))?;
        out.notes.push(format!(
            "{source} → {}{}，{} 个要素 / {} → {}{}, {} features",
            role.zh(),
            layer_out.survey.map(|s| format!("（{}）", s.zh())).unwrap_or_default(),
            layer_out.len(),
            source,
            role.en(),
            layer_out.survey.map(|s| format!(" ({})", s.en())).unwrap_or_default(),
            layer_out.len()
        ));
        out.layers.push(layer_out);
        found += 1;
    }
    if found == 0 {
        let names: Vec<_> = infos.iter().map(|l| l.name.as_str()).collect();
        bail!(
            "{file}: 没有可识别的管控图层（DLTB、YJJBNTBHTB、STBHHX、CZKFBJ、CZJSBJ…）；现有图层 {names:?}，可用角色表指定 / no control layer recognised; layers present: {names:?}; assign roles with a role map"
        );
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn read_layer<L: LayerAccess>(
    layer: &mut L,
    source: &str,
    role: Role,
    fields: &[String],
    renames: &BTreeMap<String, String>,
    opts: &ControlReadOptions,
    rules: &ControlRules,
    gk: Option<&GaussKruger>,
    out: &mut LoadedControls,
) -> Result<ControlLayer> {
    let names = field_names(role);
    let has = |n: &str| fields.iter().any(|f| f.eq_ignore_ascii_case(n));
    let survey = (role == Role::LandSurvey).then(|| {
        if !has("KCXS") && (has("TKXS") || has("GDPDJ") || has("KCLX")) {
            Survey::Second
        } else {
            Survey::Third
        }
    });
    if matches!(role, Role::LandSurvey | Role::PermanentFarmland) && column(fields, names.code, renames).is_none() {
        bail!(
            "缺少地类编码字段 DLBM（现有字段 {fields:?}；字段改名可在角色表 fields 中指定）/ no DLBM field (fields present: {fields:?}; map a renamed field in the role map)"
        );
    }
    if role == Role::LandSurvey && column(fields, names.kcxs, renames).is_none() {
        out.problems.push(LayerProblem::new(
            source,
            None,
            Outcome::Kept,
            "没有扣除系数字段 KCXS/TKXS：耕地不扣除田坎，耕地面积可能偏大",
            "no KCXS/TKXS field: no 田坎 deduction, cultivated area may be overstated",
        ));
    }
    if role == Role::DevelopmentBoundary && column(fields, names.name, renames).is_none() {
        out.problems.push(LayerProblem::new(
            source,
            None,
            Outcome::Kept,
            "没有规划分区名称字段 GHFQMC：分区按 GHFQDM 或统一计",
            "no GHFQMC field: zones by GHFQDM, or one zone",
        ));
    }

    // CRS: declared, corrected by the easting digits, inferred, or refused (a message naming the layer).
    let extent = layer
        .try_get_extent()
        .ok()
        .flatten()
        .or_else(|| layer.get_extent().ok());
    let sample = extent.map(|e| Coord {
        x: (e.MinX + e.MaxX) / 2.0,
        y: (e.MinY + e.MaxY) / 2.0,
    });
    let srs = layer.spatial_ref();
    let code = srs.as_ref().and_then(|s| {
        let mut s = s.clone();
        s.auto_identify_epsg().ok();
        s.auth_code().ok().map(|c| c as u32)
    });
    let wkt = srs.as_ref().and_then(|s| s.to_wkt().ok());
    let (source_def, crs_note) = resolve_source_crs(code, wkt.as_deref(), sample)?;
    if let Some(n) = crs_note {
        out.problems
            .push(LayerProblem::new(source, None, Outcome::Repaired, n.clone(), n));
    }
    let reproject = Reprojector::new(&source_def, opts.working_crs)?;
    if !reproject.is_identity() {
        out.notes.push(format!(
            "{source}: {source_def} → EPSG:{} 已转换 / reprojected",
            opts.working_crs.epsg()
        ));
    }

    ignore_unread_fields(layer, fields, &names, renames);
    let fid_name = gdal_source::layer_fid_column(layer);
    // Room for every feature up front: growing a Vec of a million features copies it again and again.
    let expected = layer.try_feature_count().map_or(0, |n| n.min(50_000_000) as usize);
    let fields_read = RowFields {
        id: names.id,
        code: names.code,
        name: names.name,
        kcxs: names.kcxs,
        stated: names.stated,
        renames,
        fid: fid_name.as_deref(),
        source,
    };
    let chunk = read_rows_on_two_threads(
        layer,
        TWO,
        |_| Ok(()),
        (ControlChunk::with_room(expected), reproject),
        || Reprojector::new(&source_def, opts.working_crs),
        |reproject, cols, batch, rows, out: &mut ControlChunk| {
            read_control_rows(&fields_read, reproject, cols, batch, rows, out)
        },
    )?;
    let ControlChunk {
        mut features,
        stated_raw,
        problems,
    } = chunk;
    out.problems.extend(problems);
    // The stated area's unit (m², 亩, 公顷): the one under which it agrees with the geometry best.
    let pairs: Vec<(f64, f64)> = stated_raw
        .iter()
        .zip(&features)
        .filter_map(|(s, f)| s.filter(|v| *v > 0.0).map(|v| (v, f.geometry.unsigned_area())))
        .take(2000)
        .collect();
    let unit = detect_area_unit(&pairs);
    for (f, s) in features.iter_mut().zip(&stated_raw) {
        f.stated_m2 = s.filter(|v| *v > 0.0).map(|v| unit.to_area(v).m2());
    }
    let check = CheckOptions {
        stated_area_tolerance: rules.stated_area_tolerance,
    };
    let (kept, problems) = check_layer(source, role, features, Some(&rules.catalogue), gk, check);
    out.problems.extend(problems);
    let mut l = ControlLayer::new(role, source, kept);
    if let Some(s) = survey {
        l = l.with_survey(s);
    }
    Ok(l)
}

/// Tells GDAL to leave out the fields the review never reads (KCDLBM, KCMJ, GDLX, SJNF …), as pyogrio's
/// `columns=` does: fewer values decoded and copied into the Arrow batches. Failing that, everything is read.
fn ignore_unread_fields<L: LayerAccess>(
    layer: &L,
    fields: &[String],
    names: &FieldNames,
    renames: &BTreeMap<String, String>,
) {
    let read: [&[&str]; 10] = [
        names.id,
        names.code,
        names.name,
        names.kcxs,
        names.stated,
        &["QSXZ"],
        &["QSDWDM"],
        &["QSDWMC"],
        &["ZLDWDM"],
        &["ZLDWMC"],
    ];
    let wanted: Vec<usize> = read.iter().filter_map(|n| column(fields, n, renames)).collect();
    let mut list = gdal::cpl::CslStringList::new();
    let mut any = false;
    for (i, f) in fields.iter().enumerate() {
        if !wanted.contains(&i) && list.add_string(f).is_ok() {
            any = true;
        }
    }
    if any {
        // SAFETY: the layer is live and the list outlives the call (GDAL copies the names).
        unsafe { gdal_sys::OGR_L_SetIgnoredFields(layer.c_layer(), list.as_ptr() as *mut *const std::ffi::c_char) };
    }
}

/// Reads several sources into one set of layers.
pub fn read_control_sources(
    paths: &[std::path::PathBuf],
    opts: &ControlReadOptions,
    rules: &ControlRules,
    gk: Option<&GaussKruger>,
) -> Result<LoadedControls> {
    let mut out = LoadedControls::default();
    for p in paths {
        read_control_source(p, opts, rules, gk, &mut out)?;
    }
    Ok(out)
}

/// PROJ's inverse of the working CRS to CGCS2000 longitude and latitude: the io edge's [`ToLonLat`].
pub struct ProjLonLat(proj::Proj);

impl ProjLonLat {
    pub fn new(working: WorkingCrs) -> Result<Self> {
        let p = proj::Proj::new_known_crs(&format!("EPSG:{}", working.epsg()), "EPSG:4490", None)
            .context("PROJ 无法建立 CGCS2000 经纬度转换 / PROJ cannot build the lon/lat transform")?;
        Ok(Self(p))
    }
}

impl ToLonLat for ProjLonLat {
    fn lon_lat(&self, c: Coord<f64>) -> Option<Coord<f64>> {
        self.0.convert((c.x, c.y)).ok().map(|(x, y)| Coord { x, y })
    }
}
