//! `stockfirst convert IN OUT`: boundary TXT ⇄ GeoPackage / GeoJSON / Shapefile (and FileGDB, DXF out).
//! A stock library keeps its attributes; a footprint keeps id, name, use and area.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::io::boundary_txt::{self, BoundaryHeader, BoundaryParcel};
use crate::io::footprint_source::{FootprintFeature, read_features};
use crate::io::gdal_source::{ReadOptions, read_parcels};
use crate::io::gdal_write::{WriteMeta, write_footprints, write_parcels};
use crate::io::text_encoding::TextEncoding;
use crate::io::{assets, crs::WorkingCrs, gdal_source};
use crate::model::Lang;

#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// Input: boundary TXT or any GDAL vector source.
    pub input: PathBuf,
    /// Output: .txt, .gpkg, .geojson, .shp, .gdb or .dxf.
    pub output: PathBuf,
    /// Text encoding of an output TXT: utf-8 (default) or gbk.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Force the input's text encoding (TXT or shapefile DBF): utf-8 or gbk.
    #[arg(long)]
    pub input_encoding: Option<String>,
    /// Layer of a multi-layer input.
    #[arg(long)]
    pub layer: Option<String>,
}

fn is_txt(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn parse_encoding(s: Option<&str>) -> Result<Option<TextEncoding>> {
    match s {
        None => Ok(None),
        Some(e) => match TextEncoding::from_label(e) {
            Some(t) => Ok(Some(t)),
            None => bail!("未知编码 / unknown encoding “{e}” (utf-8 | gbk)"),
        },
    }
}

fn txt_parcel(id: &str, name: &str, use_code: &str, geometry: &geo::MultiPolygon<f64>) -> BoundaryParcel {
    let mut b = BoundaryParcel::from_geometry(id, name, geometry.clone());
    b.use_code = use_code.to_string();
    b
}

/// Writes parcels in the common TXT layout (zone 38 header), returning the writer's warnings.
fn write_txt(path: &Path, parcels: &[BoundaryParcel], encoding: TextEncoding) -> Result<Vec<String>> {
    let opts = boundary_txt::WriteOptions { encoding, date: None };
    boundary_txt::write_boundary_txt(path, &BoundaryHeader::standard(38), parcels, &opts)
}

pub fn run(args: ConvertArgs, lang: Lang) -> Result<()> {
    let out_enc = parse_encoding(args.encoding.as_deref())?.unwrap_or(TextEncoding::Utf8);
    let in_enc = parse_encoding(args.input_encoding.as_deref())?;
    let mut warnings: Vec<String> = Vec::new();
    let (count, what) = if is_txt(&args.input) {
        let file = boundary_txt::read_boundary_txt(
            &args.input,
            &boundary_txt::ReadOptions {
                encoding: in_enc,
                default_zone: None,
            },
        )?;
        warnings.extend(file.warnings.iter().cloned());
        let n = file.parcels.len();
        if is_txt(&args.output) {
            let opts = boundary_txt::WriteOptions {
                encoding: out_enc,
                date: None,
            };
            warnings.extend(boundary_txt::write_boundary_txt(
                &args.output,
                &file.header,
                &file.parcels,
                &opts,
            )?);
        } else {
            let feats: Vec<FootprintFeature> = file
                .parcels
                .iter()
                .map(|p| FootprintFeature {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    use_code: p.use_code.clone(),
                    geometry: p.geometry.clone(),
                    notes: vec![],
                })
                .collect();
            write_footprints(&args.output, &feats, WorkingCrs::Zone38)?;
        }
        (n, lang.pick("个地块", "parcels"))
    } else {
        let counties = assets::counties()?;
        let catalog = assets::land_use_catalog()?;
        let opts = ReadOptions {
            layer: args.layer.clone(),
            encoding: in_enc,
            ..Default::default()
        };
        match read_parcels(&args.input, &opts, &counties, &catalog) {
            Ok(loaded) => {
                warnings.extend(loaded.report.notes.iter().cloned());
                let n = loaded.parcels.len();
                if is_txt(&args.output) {
                    let parcels: Vec<BoundaryParcel> = loaded
                        .parcels
                        .iter()
                        .map(|p| txt_parcel(&p.id, &p.name, &p.planned_use.code, &p.geometry))
                        .collect();
                    warnings.extend(write_txt(&args.output, &parcels, out_enc)?);
                } else {
                    write_parcels(
                        &args.output,
                        &loaded.parcels,
                        &counties,
                        WorkingCrs::Zone38,
                        &WriteMeta::default(),
                    )?;
                }
                (n, lang.pick("个存量地块", "stock parcels"))
            }
            // Not a stock library (no kind or use fields): carry it over as footprints.
            Err(lib_err) => {
                let ds = gdal_source::open(&args.input, in_enc, &mut warnings)?;
                let feats = read_features(&ds, &args.input).map_err(|e| e.context(format!("{lib_err:#}")))?;
                for f in &feats {
                    warnings.extend(f.notes.iter().cloned());
                }
                if is_txt(&args.output) {
                    let parcels: Vec<BoundaryParcel> = feats
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            // A footprint without its own number gets its position in the file.
                            let id = if f.id.is_empty() {
                                format!("{}", i + 1)
                            } else {
                                f.id.clone()
                            };
                            txt_parcel(&id, &f.name, &f.use_code, &f.geometry)
                        })
                        .collect();
                    warnings.extend(write_txt(&args.output, &parcels, out_enc)?);
                } else {
                    write_footprints(&args.output, &feats, WorkingCrs::Zone38)?;
                }
                (feats.len(), lang.pick("个面", "polygons"))
            }
        }
    };
    for w in &warnings {
        eprintln!("! {w}");
    }
    println!("{} → {}: {count} {what}", args.input.display(), args.output.display());
    Ok(())
}
