//! `stockfirst generate-sample`: the synthetic library (and the 100k / 1M benchmark libraries).

use std::path::PathBuf;

use anyhow::Result;
use geo::{LineString, MultiPolygon, Polygon};

use crate::io::boundary_txt::{self, BoundaryHeader, BoundaryParcel};
use crate::io::text_encoding::TextEncoding;
use crate::model::{Parcel, ParcelStatus};

use crate::io::sample_spec::sample_spec;
use crate::io::{assets, crs::WorkingCrs, gdal_write};
use crate::sample::generate;

#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Number of parcels (3000 for the sample; 100000 or 1000000 for benchmarks).
    #[arg(long, default_value_t = 3000)]
    pub parcels: usize,
    /// Seed; the same seed gives the same library.
    #[arg(long, default_value_t = 20260116)]
    pub seed: u64,
    /// Output file (.gpkg, .geojson or .shp).
    #[arg(long, default_value = "sample-data/jiaozuo-stock-sample.gpkg")]
    pub out: PathBuf,
    /// Also write the sample project footprints (boundary TXT) into this folder.
    #[arg(long)]
    pub footprints: Option<PathBuf>,
    /// Also write synthetic planning control layers (DLTB, YJJBNTBHTB, STBHHX, CZKFBJ, CZJSBJ) to this .gpkg/.gdb.
    #[arg(long)]
    pub controls: Option<PathBuf>,
    /// About how many 地类图斑 the control layers get (fine around the stock, coarse far from it; the committed
    /// sample uses 4000, a real city has some 300 000, the benchmark 1 000 000).
    #[arg(long, default_value_t = 4_000)]
    pub dltb: usize,
}

pub fn run(args: GenerateArgs) -> Result<()> {
    let spec = sample_spec(args.parcels, args.seed)?;
    let parcels = generate(&spec);
    let counties = assets::counties()?;
    let meta = gdal_write::WriteMeta {
        layer: "stock_parcels".into(),
        description: format!(
            "合成样例数据，非真实地块 / SYNTHETIC sample data, not real parcels. stockfirst generate-sample --parcels {} --seed {}",
            args.parcels, args.seed
        ),
    };
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).ok();
    }
    gdal_write::write_parcels(&args.out, &parcels, &counties, WorkingCrs::Zone38, &meta)?;
    println!("{} parcels → {}", parcels.len(), args.out.display());
    if let Some(out) = &args.controls {
        super::generate_controls::write(out, &parcels, args.seed, args.dltb, args.parcels)?;
    }
    if let Some(dir) = &args.footprints {
        std::fs::create_dir_all(dir)?;
        for fp in sample_footprints(&parcels) {
            let path = dir.join(fp.file);
            let header = BoundaryHeader {
                producer: Some("stockfirst 合成样例 (synthetic)".into()),
                ..BoundaryHeader::standard(38)
            };
            let opts = boundary_txt::WriteOptions {
                encoding: fp.encoding,
                date: Some("2026-01-16".into()),
            };
            boundary_txt::write_boundary_txt(&path, &header, &[fp.parcel], &opts)?;
            println!("footprint → {}", path.display());
        }
    }
    Ok(())
}

/// A sample project footprint and the file it goes to.
pub struct SampleFootprint {
    pub file: &'static str,
    pub encoding: TextEncoding,
    pub parcel: BoundaryParcel,
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
        vec![],
    )])
}

/// Three project footprints placed on the sample library, chosen by rule so they follow the data:
/// an industrial project half on a 批而未供 parcel in 修武县, a GBK-encoded logistics project over two neighbouring
/// parcels in 博爱县, and a school in 温县 that needs a use change.
pub fn sample_footprints(parcels: &[Parcel]) -> Vec<SampleFootprint> {
    let mut out = Vec::new();
    let pick = |county: &str, prefix: &str, lo: f64, hi: f64| {
        parcels
            .iter()
            .filter(|p| {
                p.county == county && p.planned_use.code.starts_with(prefix) && p.status == ParcelStatus::Available
            })
            .filter(|p| (lo..hi).contains(&p.area.mu()))
            .max_by(|a, b| a.area.mu().total_cmp(&b.area.mu()).then_with(|| b.id.cmp(&a.id)))
    };
    if let Some(p) = pick("410821", "1001", 30.0, 70.0).and_then(|p| p.bbox().map(|b| (p, b))) {
        let (_, b) = p;
        let w = b.width();
        // Shifted east by 40 % of the parcel: about 60 % of the footprint lies on the parcel.
        let g = rect(b.min().x + 0.4 * w, b.min().y, b.max().x + 0.4 * w, b.max().y);
        let mut bp = BoundaryParcel::from_geometry("XW-2026-001", "修武县高端装备制造项目", g);
        bp.use_code = "100101".into();
        out.push(SampleFootprint {
            file: "xiuwu-industrial.txt",
            encoding: TextEncoding::Utf8,
            parcel: bp,
        });
    }
    if let Some(b) = pick("410822", "1101", 15.0, 40.0).and_then(|p| p.bbox()) {
        let (w, h) = (b.width(), b.height());
        let g = rect(
            b.min().x - 0.1 * w,
            b.min().y - 0.1 * h,
            b.max().x + 0.6 * w,
            b.max().y + 0.1 * h,
        );
        let mut bp = BoundaryParcel::from_geometry("BA-2026-007", "博爱县冷链物流园项目", g);
        bp.use_code = "1101".into();
        out.push(SampleFootprint {
            file: "boai-logistics-gbk.txt",
            encoding: TextEncoding::Gbk,
            parcel: bp,
        });
    }
    if let Some(b) = pick("410825", "09", 10.0, 80.0).and_then(|p| p.bbox()) {
        // 200 m × 150 m = 30 000 m² = 45 亩, just north of a commercial parcel.
        let (x, y) = (b.min().x, b.max().y + 40.0);
        let g = rect(x, y, x + 200.0, y + 150.0);
        let mut bp = BoundaryParcel::from_geometry("WX-2026-012", "温县第二实验中学项目", g);
        bp.use_code = "080403".into();
        out.push(SampleFootprint {
            file: "wenxian-school.txt",
            encoding: TextEncoding::Utf8,
            parcel: bp,
        });
    }
    out
}
