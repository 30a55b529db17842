//! Projects for batch 套核 (`stockfirst match --projects`): each feature of a GDAL source, or each boundary TXT of
//! a folder, is one project with its own use, area, county and tier, read by the library's field names
//! ([`FieldMap`]: YDYHFLDM, XMMC, XZQDM/XZQMC, PZZMJ …). Unlike a footprint read, where the red line is one
//! multipolygon, a bad feature here does not stop the read: it becomes a project that carries its failure.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use gdal::vector::LayerAccess;
use geo::{Area as _, Coord, MultiPolygon};

use super::boundary_txt;
use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::field_map::FieldMap;
use super::gdal_source::detect_area_unit;
use crate::geometry::repair;
use crate::model::{Area, AreaUnit, LandUseSystem};

/// Names of a project-tier field (项目层级); the national databases have none, so these are the bureau's own.
const TIER_FIELDS: [&str; 6] = ["项目层级", "项目级别", "层级", "XMJB", "XMCJ", "tier"];

/// Where a project would go: its red line, or a point (选址意向点) that needs an area.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectSite {
    Footprint(MultiPolygon<f64>),
    Point(Coord<f64>),
}

/// One project as read. Empty strings mean the source did not say.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFeature {
    /// Where it came from, for messages: `要素 / feature 3 (FID 2)` or the TXT file's name.
    pub label: String,
    pub id: String,
    pub name: String,
    pub use_code: String,
    /// The classification the use field's name declares (YDYHFLDM is 2023).
    pub use_system: Option<LandUseSystem>,
    /// The stated area, converted from the field's unit; `Err` when the field holds no number.
    pub area: Option<Result<Area, String>>,
    /// County name or code as written.
    pub county: String,
    pub tier: String,
    /// The site in the working CRS, or why there is none (no geometry, a line, a geometry that cannot be repaired).
    pub site: Result<ProjectSite, String>,
    /// Repairs and assumptions, each naming the feature.
    pub notes: Vec<String>,
}

/// All projects of a source, and what was said about the source as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectsRead {
    pub projects: Vec<ProjectFeature>,
    /// About the whole source: encoding, CRS, the area unit chosen.
    pub warnings: Vec<String>,
}

/// Reads the projects of `path`: a folder of boundary TXT (one project per file), a single TXT (one project), or
/// the first layer of a GDAL source that has features (one project per feature).
pub fn read_projects(path: &Path, map: &FieldMap) -> Result<ProjectsRead> {
    if path.is_dir() && !is_gdal_folder(path) {
        return read_txt_folder(path);
    }
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
        return Ok(ProjectsRead {
            projects: vec![txt_project(path)],
            warnings: Vec::new(),
        });
    }
    read_gdal(path, map)
}

/// A FileGDB (`*.gdb`) is a folder GDAL reads; any other folder is a folder of TXT.
fn is_gdal_folder(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gdb"))
}

fn read_txt_folder(dir: &Path) -> Result<ProjectsRead> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| anyhow!("{}: 无法读取文件夹 / cannot read the folder: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")))
        .collect();
    // Sorted by name, so the output follows the folder as the officer sees it, the same on every run.
    files.sort();
    if files.is_empty() {
        bail!(
            "{}: 文件夹中没有界址点 TXT / no boundary TXT in the folder",
            dir.display()
        );
    }
    Ok(ProjectsRead {
        projects: files.iter().map(|p| txt_project(p)).collect(),
        warnings: Vec::new(),
    })
}

/// One boundary TXT as one project: all its parcels are its red line (as `match --footprint` reads it), its use
/// is the parcels' 地块用途, its name the parcel's name (or the file's).
fn txt_project(path: &Path) -> ProjectFeature {
    let file_name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut p = ProjectFeature {
        label: file_name,
        id: stem.clone(),
        name: stem,
        use_code: String::new(),
        use_system: None,
        area: None,
        county: String::new(),
        tier: String::new(),
        site: Err(String::new()),
        notes: Vec::new(),
    };
    let file = match boundary_txt::read_boundary_txt(path, &boundary_txt::ReadOptions::default()) {
        Ok(f) => f,
        Err(e) => {
            p.site = Err(format!("{e:#}"));
            return p;
        }
    };
    let info = |keys: &[&str]| {
        file.header
            .project_info
            .iter()
            .chain(&file.header.attributes)
            .find(|(k, _)| keys.contains(&k.trim()))
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let [only] = file.parcels.as_slice()
        && !only.name.trim().is_empty()
    {
        p.name = only.name.trim().to_string();
    } else if let Some(n) = info(&["项目名称", "XMMC"]) {
        p.name = n;
    }
    let uses: Vec<&str> = file
        .parcels
        .iter()
        .map(|q| q.use_code.trim())
        .filter(|u| !u.is_empty())
        .collect();
    if let Some(first) = uses.first() {
        p.use_code = first.to_string();
        if uses.iter().any(|u| u != first) {
            p.notes.push(format!(
                "{}: 地块用途不一致，取第一个 {first} / parcels state different uses; the first, {first}, is used",
                p.label
            ));
        }
    }
    p.county = info(&["行政区代码", "行政区", "XZQDM", "XZQMC", "县区"]).unwrap_or_default();
    p.notes.extend(file.warnings);
    p.site = Ok(ProjectSite::Footprint(MultiPolygon(
        file.parcels.into_iter().flat_map(|q| q.geometry.0).collect(),
    )));
    p
}

fn read_gdal(path: &Path, map: &FieldMap) -> Result<ProjectsRead> {
    let file = path.display().to_string();
    let mut warnings = Vec::new();
    let ds = super::gdal_source::open(path, None, &mut warnings)?;
    for mut layer in ds.layers() {
        let code = layer.spatial_ref().and_then(|s| {
            let mut s = s.clone();
            s.auto_identify_epsg().ok();
            s.auth_code().ok().map(|c| c as u32)
        });
        let fields: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
        let cols = map.resolve(&fields);
        let tier_col = fields
            .iter()
            .position(|f| TIER_FIELDS.iter().any(|t| f.trim().eq_ignore_ascii_case(t)));
        let mut reproject: Option<Reprojector> = None;
        let mut projects = Vec::new();
        // Each feature's stated area as a bare number, to find the area field's unit once the layer is read.
        let mut stated: Vec<Option<f64>> = Vec::new();
        for (n, f) in layer.features().enumerate() {
            let label = match f.fid() {
                Some(fid) => format!("{file}: 要素 / feature {} (FID {fid})", n + 1),
                None => format!("{file}: 要素 / feature {}", n + 1),
            };
            let text = |i: Option<usize>| {
                i.and_then(|i| f.field_as_string(i).ok().flatten())
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            let mut notes = Vec::new();
            let site = site_of(f.geometry(), &label, code, &mut reproject, &mut notes);
            let area_text = text(cols.area);
            let value = (!area_text.is_empty()).then(|| area_text.replace([',', '，'], "").parse::<f64>());
            stated.push(value.as_ref().and_then(|v| v.as_ref().ok().copied()));
            let county = match text(cols.county_code) {
                c if c.is_empty() => text(cols.county_name),
                c => c,
            };
            projects.push(ProjectFeature {
                id: text(cols.id),
                name: text(cols.name),
                use_code: text(cols.planned_use),
                use_system: cols.use_system_in_name,
                // The number is put in its unit below, once the unit is known for the whole layer.
                area: value.map(|v| {
                    v.map(Area::from_m2).map_err(|_| {
                        let field = cols.area.and_then(|i| fields.get(i)).cloned().unwrap_or_default();
                        format!("面积字段 {field} 不是数字：“{area_text}” / the area field {field} is not a number: {area_text:?}")
                    })
                }),
                county,
                tier: text(tier_col),
                site,
                notes,
                label,
            });
        }
        if projects.is_empty() {
            continue;
        }
        if let Some(i) = cols.area {
            let unit = area_unit(
                &fields[i],
                map,
                cols.area_unit_in_name,
                &projects,
                &stated,
                &mut warnings,
            );
            for (p, s) in projects.iter_mut().zip(&stated) {
                if let (Some(Ok(_)), Some(v)) = (&p.area, s) {
                    p.area = Some(Ok(unit.to_area(*v)));
                }
            }
        }
        return Ok(ProjectsRead { projects, warnings });
    }
    bail!("{file}: 没有要素 / no features")
}

/// The unit of the area field: the field map's, else the one its name says, else the one under which the
/// stated areas agree best with the red lines (as the library reader decides it), said to the officer.
fn area_unit(
    field: &str,
    map: &FieldMap,
    in_name: Option<AreaUnit>,
    projects: &[ProjectFeature],
    stated: &[Option<f64>],
    warnings: &mut Vec<String>,
) -> AreaUnit {
    if let Some(u) = map.area_unit.or(in_name) {
        return u;
    }
    let pairs: Vec<(f64, f64)> = projects
        .iter()
        .zip(stated)
        .filter_map(|(p, s)| match (&p.site, s) {
            (Ok(ProjectSite::Footprint(g)), Some(s)) => Some((*s, g.unsigned_area())),
            _ => None,
        })
        .collect();
    let unit = if pairs.is_empty() {
        // Points only: nothing to compare with; 亩 is how officers state a project's need.
        AreaUnit::Mu
    } else {
        detect_area_unit(&pairs)
    };
    warnings.push(format!(
        "面积字段 {field} 按 {} 读取（与红线面积比对得出；可在字段映射中指定 area_unit）/ area field {field} read in {}",
        unit_name(unit).0,
        unit_name(unit).1
    ));
    unit
}

fn unit_name(u: AreaUnit) -> (&'static str, &'static str) {
    match u {
        AreaUnit::SquareMetre => ("平方米", "m²"),
        AreaUnit::Mu => ("亩", "mu"),
        AreaUnit::Hectare => ("公顷", "hectares"),
    }
}

/// The feature's site in the working CRS, reprojected as `footprint_source` reprojects a red line and repaired
/// the same way, so one feature here and the same feature read as `--footprint` give the same polygon.
fn site_of(
    g: Option<&gdal::vector::Geometry>,
    label: &str,
    code: Option<u32>,
    reproject: &mut Option<Reprojector>,
    notes: &mut Vec<String>,
) -> Result<ProjectSite, String> {
    let g = g.ok_or_else(|| "没有几何 / no geometry".to_string())?;
    let geo = g
        .to_geo()
        .map_err(|e| format!("几何无法读取 / unreadable geometry: {e}"))?;
    let (mp, point) = match geo {
        geo::Geometry::Polygon(p) => (Some(MultiPolygon(vec![p])), None),
        geo::Geometry::MultiPolygon(mp) => (Some(mp), None),
        geo::Geometry::Point(p) => (None, Some(p.0)),
        _ => return Err("不是面或点 / neither a polygon nor a point".to_string()),
    };
    if reproject.is_none() {
        let sample = mp
            .as_ref()
            .and_then(|m| m.0.first())
            .and_then(|p| p.exterior().0.first().copied())
            .or(point)
            .unwrap_or(Coord { x: 0.0, y: 0.0 });
        let (def, note) = resolve_source_crs(code, None, Some(sample)).map_err(|e| e.to_string())?;
        notes.extend(note);
        *reproject = Some(Reprojector::new(&def, WorkingCrs::Zone38).map_err(|e| format!("{e:#}"))?);
    }
    let Some(r) = reproject.as_ref() else {
        return Err("坐标系无法确定 / no CRS".to_string());
    };
    let mp = match (mp, point) {
        (Some(mp), _) => r.multipolygon(&mp).map_err(|e| format!("{e:#}"))?,
        (None, Some(p)) => return r.point(p).map(ProjectSite::Point).map_err(|e| format!("{e:#}")),
        (None, None) => return Err("没有几何 / no geometry".to_string()),
    };
    let fixed = repair(&mp).map_err(|e| format!("几何无效 / invalid geometry: {e}"))?;
    notes.extend(fixed.fixes.iter().map(|fx| format!("{label}: {fx}")));
    Ok(ProjectSite::Footprint(fixed.geometry))
}
