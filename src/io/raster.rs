//! Raster basemaps through GDAL: an orthophoto GeoTIFF (DOM), MBTiles, GeoPackage tiles or any raster GDAL reads.
//! The raster is checked against the working CRS: the same CRS is read as it is, another CRS or zone (MBTiles are
//! Web Mercator) is warped on the fly through a GDAL warped VRT, and a raster with no CRS is refused unless the
//! officer says it is in the working CRS. Tiles are read from the GDAL overview that fits the zoom
//! ([`crate::geometry::tiles`]) by one reader per worker thread (a GDAL dataset is not `Sync`).

use std::ffi::CString;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use gdal::Dataset;
use gdal::raster::{GdalDataType, RasterBand, ResampleAlg};
use gdal::spatial_ref::SpatialRef;
use geo::Coord;

use super::crs::{WorkingCrs, resolve_source_crs};
use crate::geometry::tiles::{Level, Levels, RasterGrid, TileKey, levels_of, tile_window};

/// How to open a raster.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RasterOptions {
    /// The officer says a raster without a CRS is in the working CRS (otherwise it is refused).
    pub assume_working_crs: bool,
}

/// What the app needs to know to draw a raster.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterInfo {
    pub grid: RasterGrid,
    pub levels: Levels,
    /// What was done to fit it to the working CRS (reprojected, assumed), for the layer panel.
    pub note: Option<String>,
    /// The GDAL driver (GTiff, MBTiles, GPKG …).
    pub driver: String,
}

/// An RGBA tile, row by row from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct TileImage {
    pub size: [usize; 2],
    pub rgba: Vec<u8>,
}

/// How band values become colours.
#[derive(Debug, Clone, PartialEq)]
enum Colours {
    Gray,
    GrayAlpha,
    Palette(Vec<[u8; 4]>),
    Rgb,
    Rgba,
}

/// An open raster, ready to read tiles. Owns its GDAL dataset: make one per thread.
pub struct RasterReader {
    /// The dataset read (the warped VRT when reprojected). Declared first so it is closed before its source.
    ds: Dataset,
    _source: Option<Dataset>,
    info: RasterInfo,
    colours: Colours,
    /// Values mapped to 0..255 for rasters that are not 8-bit (min, max of the coarsest level).
    stretch: Option<(f64, f64)>,
    nodata: Option<f64>,
    /// Warped without nodata: the black outside the source is drawn transparent.
    black_is_empty: bool,
}

impl RasterReader {
    /// Opens `path`, checks its CRS and georeferencing, and warps it to `working` when it is in another CRS.
    pub fn open(path: &Path, working: WorkingCrs, opts: RasterOptions) -> Result<Self> {
        let name = path.display();
        let src = Dataset::open(path).with_context(|| format!("{name}: GDAL 无法打开 / GDAL cannot open it"))?;
        if src.raster_count() == 0 {
            bail!(
                "{name}: 没有栅格波段（矢量数据请作为参考图层添加）/ no raster bands (add vector data as a reference layer)"
            );
        }
        let driver = src.driver().short_name();
        let gt = src.geo_transform().map_err(|_| {
            anyhow!("{name}: 栅格没有地理参照（无仿射变换），无法放到地图上 / the raster is not georeferenced (no geotransform)")
        })?;
        let target = SpatialRef::from_epsg(working.epsg())?;
        let declared = src
            .spatial_ref()
            .ok()
            .filter(|s| s.to_wkt().is_ok_and(|w| !w.trim().is_empty()));
        let rotated = gt[2] != 0.0 || gt[4] != 0.0;
        let (w, h) = src.raster_size();
        let centre = Coord {
            x: gt[0] + gt[1] * w as f64 / 2.0 + gt[2] * h as f64 / 2.0,
            y: gt[3] + gt[4] * w as f64 / 2.0 + gt[5] * h as f64 / 2.0,
        };
        let epsg = format!("EPSG:{}", working.epsg());
        let (source_wkt, mut note) = match declared {
            None if !opts.assume_working_crs => bail!(
                "{name}: 栅格没有坐标系，已拒绝；若确认是 {epsg}，请勾选“按工作坐标系使用”后再添加 / the raster has no CRS \
                 and was refused; if you know it is {epsg}, tick “treat as working CRS” and add it again"
            ),
            None => (
                target.to_wkt()?,
                Some(format!(
                    "无坐标系，按操作员指定作 {epsg} / no CRS; treated as {epsg} as the officer said"
                )),
            ),
            Some(s) => {
                let code = s.auth_code().ok().and_then(|c| u32::try_from(c).ok());
                let wkt = s.to_wkt()?;
                let (def, fixed) =
                    resolve_source_crs(code, Some(&wkt), Some(centre)).with_context(|| format!("{name}"))?;
                let real = if def == wkt {
                    s
                } else {
                    SpatialRef::from_definition(&def)?
                };
                (real.to_wkt()?, fixed)
            }
        };
        let same = SpatialRef::from_wkt(&source_wkt)
            .is_ok_and(|s| s == target || s.auth_code().ok() == Some(working.epsg() as i32));
        let (ds, source) = if same && !rotated {
            (src, None)
        } else {
            let from = SpatialRef::from_wkt(&source_wkt)
                .ok()
                .and_then(|s| s.name())
                .unwrap_or_default();
            let warped =
                warped_vrt(&src, &source_wkt, &target.to_wkt()?).with_context(|| format!("{name}: {from} → {epsg}"))?;
            let why = if same {
                "旋转的栅格已纠正为正北向上 / rotated raster warped north-up".to_string()
            } else {
                format!("由 {from} 重投影到 {epsg}（GDAL 变形） / reprojected from {from} to {epsg} (GDAL warp)")
            };
            note = Some(match note {
                Some(n) => format!("{n}; {why}"),
                None => why,
            });
            (warped, Some(src))
        };
        let black_is_empty = source.is_some();
        let gt = ds.geo_transform()?;
        let (width, height) = ds.raster_size();
        let grid = RasterGrid {
            origin: Coord { x: gt[0], y: gt[3] },
            pixel: (gt[1].abs(), gt[5].abs()),
            width: u32::try_from(width)?,
            height: u32::try_from(height)?,
        };
        let band = ds.rasterband(1)?;
        let overviews: Vec<(u32, u32)> = (0..band.overview_count()?.max(0) as usize)
            .filter_map(|i| band.overview(i).ok())
            .map(|o| (o.x_size() as u32, o.y_size() as u32))
            .collect();
        let levels = levels_of(grid.width, grid.height, &overviews);
        let colours = colours_of(&ds)?;
        let nodata = band.no_data_value();
        let stretch = if band.band_type() == GdalDataType::UInt8 {
            None
        } else {
            let coarsest = levels
                .levels
                .last()
                .and_then(|l| l.overview)
                .and_then(|i| band.overview(i).ok());
            let mm = match coarsest {
                Some(o) => o.compute_raster_min_max(true)?,
                None => band.compute_raster_min_max(true)?,
            };
            Some((mm.min, mm.max))
        };
        Ok(Self {
            info: RasterInfo {
                grid,
                levels,
                note,
                driver,
            },
            ds,
            _source: source,
            colours,
            stretch,
            nodata,
            black_is_empty,
        })
    }

    pub fn info(&self) -> &RasterInfo {
        &self.info
    }

    /// Reads one tile as RGBA.
    pub fn read_tile(&self, key: TileKey) -> Result<TileImage> {
        let level = *self
            .info
            .levels
            .levels
            .get(key.level)
            .ok_or_else(|| anyhow!("no level {}", key.level))?;
        let (_, _, w, h) = tile_window(&level, key);
        if w == 0 || h == 0 {
            bail!("tile {key:?} outside the raster");
        }
        let bands = match self.colours {
            Colours::Gray | Colours::Palette(_) => 1,
            Colours::GrayAlpha => 2,
            Colours::Rgb => 3,
            Colours::Rgba => 4,
        };
        let mut planes = Vec::with_capacity(bands);
        for b in 1..=bands {
            planes.push(self.read_plane(&self.ds.rasterband(b)?, &level, key)?);
        }
        let n = w as usize * h as usize;
        let mut rgba = vec![0u8; n * 4];
        for i in 0..n {
            let v = |p: usize| planes[p][i];
            let px: [u8; 4] = match &self.colours {
                Colours::Gray => [v(0), v(0), v(0), 255],
                Colours::GrayAlpha => [v(0), v(0), v(0), v(1)],
                Colours::Palette(t) => t.get(usize::from(v(0))).copied().unwrap_or([0, 0, 0, 0]),
                Colours::Rgb => [v(0), v(1), v(2), 255],
                Colours::Rgba => [v(0), v(1), v(2), v(3)],
            };
            rgba[i * 4..i * 4 + 4].copy_from_slice(&px);
        }
        if let Some(nd) = self.nodata.filter(|_| self.stretch.is_none())
            && (0.0..=255.0).contains(&nd)
        {
            let nd = nd as u8;
            for i in 0..n {
                if (0..bands.min(3)).all(|p| planes[p][i] == nd) {
                    rgba[i * 4 + 3] = 0;
                }
            }
        }
        if self.black_is_empty && self.nodata.is_none() {
            for px in rgba.chunks_exact_mut(4) {
                if px[0] == 0 && px[1] == 0 && px[2] == 0 {
                    px[3] = 0;
                }
            }
        }
        Ok(TileImage {
            size: [w as usize, h as usize],
            rgba,
        })
    }

    /// One band of a tile as bytes, from the level's overview or decimated from full resolution.
    fn read_plane(&self, band: &RasterBand<'_>, level: &Level, key: TileKey) -> Result<Vec<u8>> {
        let (x, y, w, h) = tile_window(level, key);
        let buf = (w as usize, h as usize);
        let read = |b: &RasterBand<'_>, win: (isize, isize), size: (usize, usize), alg| -> Result<Vec<u8>> {
            match self.stretch {
                None => Ok(b.read_as::<u8>(win, size, buf, Some(alg))?.into_shape_and_vec().1),
                Some((lo, hi)) => {
                    let span = (hi - lo).max(1e-9);
                    let v = b.read_as::<f32>(win, size, buf, Some(alg))?.into_shape_and_vec().1;
                    Ok(v.into_iter()
                        .map(|f| ((f64::from(f) - lo) / span * 255.0).clamp(0.0, 255.0) as u8)
                        .collect())
                }
            }
        };
        match level.overview {
            Some(i) => read(
                &band.overview(i)?,
                (x as isize, y as isize),
                (w as usize, h as usize),
                ResampleAlg::NearestNeighbour,
            ),
            None => {
                let full = &self.info.grid;
                let sx = f64::from(full.width) / f64::from(level.width);
                let sy = f64::from(full.height) / f64::from(level.height);
                let x0 = (f64::from(x) * sx).floor() as usize;
                let y0 = (f64::from(y) * sy).floor() as usize;
                let x1 = ((f64::from(x + w) * sx).ceil() as usize).min(full.width as usize);
                let y1 = ((f64::from(y + h) * sy).ceil() as usize).min(full.height as usize);
                // The coarse level of a large raster is read nearest-neighbour: averaging would read every pixel.
                let alg = if self.info.levels.needs_overviews {
                    ResampleAlg::NearestNeighbour
                } else {
                    ResampleAlg::Average
                };
                read(band, (x0 as isize, y0 as isize), (x1 - x0, y1 - y0), alg)
            }
        }
    }
}

/// The colour model from the bands' count and interpretation.
fn colours_of(ds: &Dataset) -> Result<Colours> {
    use gdal::raster::ColorInterpretation as C;
    let n = ds.raster_count();
    let band = ds.rasterband(1)?;
    if n == 1
        && let Some(t) = band.color_table()
    {
        let entries = (0..t.entry_count().min(256))
            .map(|i| {
                t.entry_as_rgb(i)
                    .map(|e| [e.r as u8, e.g as u8, e.b as u8, e.a as u8])
                    .unwrap_or([0, 0, 0, 0])
            })
            .collect();
        return Ok(Colours::Palette(entries));
    }
    let alpha_last = ds.rasterband(n).is_ok_and(|b| b.color_interpretation() == C::AlphaBand);
    Ok(match n {
        1 => Colours::Gray,
        2 => Colours::GrayAlpha,
        3 => Colours::Rgb,
        _ if n >= 4 && alpha_last => Colours::Rgba,
        _ => Colours::Rgb,
    })
}

/// A GDAL warped VRT of `src` in `dst_wkt` (bilinear, 1/8 pixel error): reprojection read lazily tile by tile,
/// with the source's overviews as its own.
fn warped_vrt(src: &Dataset, src_wkt: &str, dst_wkt: &str) -> Result<Dataset> {
    let s = CString::new(src_wkt)?;
    let d = CString::new(dst_wkt)?;
    // SAFETY: the handles and strings outlive the call; GDAL references the source dataset in the VRT, and the
    // reader keeps the source open until after the VRT is closed (field order).
    let h = unsafe {
        gdal_sys::GDALAutoCreateWarpedVRT(
            src.c_dataset(),
            s.as_ptr(),
            d.as_ptr(),
            gdal_sys::GDALResampleAlg::GRA_Bilinear,
            0.125,
            std::ptr::null(),
        )
    };
    if h.is_null() {
        bail!("GDAL 无法创建重投影 VRT / GDAL could not create the warped VRT");
    }
    // SAFETY: a fresh, owned dataset handle.
    Ok(unsafe { Dataset::from_c_dataset(h) })
}

/// Builds overviews (×2, ×4 … down to one tile, averaged) for the raster at `path`; read-only files get an external
/// `.ovr` beside them. Slow for large rasters: run it off the UI thread.
pub fn build_overviews(path: &Path) -> Result<usize> {
    let mut ds = Dataset::open(path).with_context(|| format!("{}", path.display()))?;
    let (w, h) = ds.raster_size();
    let mut factors = Vec::new();
    let mut f = 2i32;
    while (w.max(h) as f64) / f64::from(f / 2) > f64::from(crate::geometry::tiles::TILE_PX) && f <= 4096 {
        factors.push(f);
        f *= 2;
    }
    if factors.is_empty() {
        factors.push(2);
    }
    ds.build_overviews("AVERAGE", &factors, &[])
        .with_context(|| format!("{}: BuildOverviews", path.display()))?;
    Ok(factors.len())
}
