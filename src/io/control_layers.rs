//! Reads control layers (合规性审查) through GDAL from FileGDB, GeoPackage or Shapefile (GBK via
//! `shapefile_encoding`), over the same Arrow stream and WKB reader as the stock library. Each layer's role comes
//! from the officer's role map, its standard name, or its fields; its CRS is resolved and reprojected by `io::crs`.
//! Every problem names the layer and the feature (BSM or FID).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::LayerAccess;
use geo::{Area as _, Coord};

use super::arrow_stream::{self, Value};
use super::control_roles::{RoleMap, role_by_fields, role_by_name};
use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::gdal_source::{self, detect_area_unit};
use super::text_encoding::TextEncoding;
use super::wkb;
use crate::controls::{
    CheckOptions, ControlFeature, ControlLayer, ControlLayers, ControlRules, GaussKruger, LayerProblem, Outcome, Role,
    Survey, ToLonLat, check_layer,
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

/// The column index of the first of `names` (or its rename) present in `cols`, case-insensitive.
fn column(cols: &[String], names: &[&str], renames: &BTreeMap<String, String>) -> Option<usize> {
    names.iter().find_map(|n| {
        let want = renames.get(*n).map(String::as_str).unwrap_or(n);
        cols.iter().position(|c| c.eq_ignore_ascii_case(want))
    })
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
    let mut features: Vec<ControlFeature> = Vec::with_capacity(expected);
    let mut stated_raw: Vec<Option<f64>> = Vec::with_capacity(expected);
    let mut cols_idx: Option<[Option<usize>; 12]> = None;
    let mut seq = 0u64;
    arrow_stream::for_each_row(layer, |cols, values| {
        let idx = match cols_idx {
            Some(i) => i,
            None => {
                let c = &cols.names;
                let geom = (0..c.len()).find(|&i| cols.is_binary(i));
                let fid = fid_name.as_ref().and_then(|f| c.iter().position(|n| n == f));
                let i = [
                    geom,
                    fid,
                    column(c, names.id, renames),
                    column(c, names.code, renames),
                    column(c, names.name, renames),
                    column(c, names.kcxs, renames),
                    column(c, names.stated, renames),
                    column(c, &["QSXZ"], renames),
                    column(c, &["QSDWDM"], renames),
                    column(c, &["QSDWMC"], renames),
                    column(c, &["ZLDWDM"], renames),
                    column(c, &["ZLDWMC"], renames),
                ];
                cols_idx = Some(i);
                i
            }
        };
        seq += 1;
        // Text straight from the batch (one allocation); numbers and dates as the attribute table shows them.
        let text = |i: Option<usize>| match i.and_then(|i| values.get(i)) {
            Some(Value::Text(s)) => s.trim().to_string(),
            Some(v) => v.to_text().map(|s| s.trim().to_string()).unwrap_or_default(),
            None => String::new(),
        };
        let fid = idx[1]
            .and_then(|i| values.get(i))
            .and_then(|v| match v {
                Value::Int(n) => Some(*n as u64),
                _ => None,
            })
            .unwrap_or(seq);
        let id = match text(idx[2]) {
            s if s.is_empty() => format!("FID {fid}"),
            s => s,
        };
        let refuse = |out: &mut LoadedControls, zh: String, en: String| {
            out.problems
                .push(LayerProblem::new(source, Some(id.clone()), Outcome::Refused, zh, en));
        };
        let Some(Value::Bytes(b)) = idx[0].and_then(|i| values.get(i)) else {
            refuse(out, "没有几何".into(), "no geometry".into());
            return Ok(());
        };
        let geometry = match wkb::read_polygons(b)
            .map_err(|e| anyhow!("{e}"))
            .and_then(|g| reproject.into_working(g))
        {
            Ok(g) => g,
            Err(e) => {
                refuse(
                    out,
                    format!("几何无法读取：{e:#}"),
                    format!("geometry unreadable: {e:#}"),
                );
                return Ok(());
            }
        };
        let mut f = ControlFeature::new(id, geometry).with_code(text(idx[3]), text(idx[4]));
        let kcxs_text = text(idx[5]);
        if !kcxs_text.is_empty() {
            match kcxs_text.parse::<f64>() {
                Ok(k) => f.kcxs = Some(k),
                Err(_) => out.problems.push(LayerProblem::new(
                    source,
                    Some(f.id.clone()),
                    Outcome::Repaired,
                    format!("扣除系数 “{kcxs_text}” 不是数字，按 0 计"),
                    format!("KCXS “{kcxs_text}” is not a number; taken as 0"),
                )),
            }
        }
        f.ownership.qsxz = text(idx[7]);
        f.ownership.qsdwdm = text(idx[8]);
        f.ownership.qsdwmc = text(idx[9]);
        f.ownership.zldwdm = text(idx[10]);
        f.ownership.zldwmc = text(idx[11]);
        stated_raw.push(idx[6].and_then(|i| values.get(i)).and_then(|v| v.to_f64()));
        features.push(f);
        Ok(())
    })?;
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
