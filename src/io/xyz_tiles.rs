//! The optional online basemap: XYZ / WMTS-KVP tiles (such as 天地图 with the officer's own key), off by default.
//! Each tile is fetched on a worker thread with a short timeout ([`FETCH_TIMEOUT`]), decoded by GDAL from memory,
//! and comes with the working-CRS positions of a grid of points over it, so the Web-Mercator image can be drawn
//! bent onto the Gauss-Krüger map. The key is never written into the project file: it comes from the environment
//! (`STOCKFIRST_TILE_KEY`) or the user's config file ([`key_path`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use geo::{Coord, Rect};

use super::crs::WorkingCrs;
use super::raster::TileImage;
use crate::geometry::tiles::{XyzKey, xyz_bounds};

/// A tile that does not come within this time is left out (the map never waits for it).
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(4);
/// Points per side of the grid a tile is bent on (8 × 8 cells keep the bend under a pixel at city zooms).
pub const MESH_SIDE: usize = 9;
/// The environment variable that holds the tile key.
pub const KEY_ENV: &str = "STOCKFIRST_TILE_KEY";

/// A fetched tile: its image and the working-CRS position of each mesh point (row by row from the north-west).
#[derive(Debug, Clone, PartialEq)]
pub struct XyzTile {
    pub image: TileImage,
    pub mesh: Vec<Coord<f64>>,
}

/// The URL of a tile: `{z}`, `{x}`, `{y}`, `{-y}` (TMS rows), `{s}` (a subdomain digit 0–7, as 天地图's t0…t7)
/// and `{key}` are filled in.
///
/// ```
/// use stockfirst::geometry::tiles::XyzKey;
/// use stockfirst::io::xyz_tiles::tile_url;
/// let t = "https://t{s}.example.cn/img_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}";
/// let u = tile_url(t, Some("abc"), XyzKey { z: 12, x: 3336, y: 1623 });
/// assert_eq!(u, "https://t7.example.cn/img_w/wmts?TILEMATRIX=12&TILEROW=1623&TILECOL=3336&tk=abc");
/// assert_eq!(tile_url("http://h/{z}/{x}/{-y}.png", None, XyzKey { z: 1, x: 0, y: 0 }), "http://h/1/0/1.png");
/// ```
pub fn tile_url(template: &str, key: Option<&str>, k: XyzKey) -> String {
    let tms_y = (1u32 << k.z.min(31)).saturating_sub(1).saturating_sub(k.y);
    template
        .replace("{z}", &k.z.to_string())
        .replace("{x}", &k.x.to_string())
        .replace("{-y}", &tms_y.to_string())
        .replace("{y}", &k.y.to_string())
        .replace("{s}", &((k.x + k.y) % 8).to_string())
        .replace("{key}", key.unwrap_or_default())
}

/// Where the user's tile key is kept: `$XDG_CONFIG_HOME/stockfirst/tile-key` (else `~/.config/…`).
pub fn key_path() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .map(|d| d.join("stockfirst").join("tile-key"))
}

/// The officer's tile key: the environment first, then the user's config file.
pub fn tile_key() -> Option<String> {
    std::env::var(KEY_ENV)
        .ok()
        .or_else(|| key_path().and_then(|p| std::fs::read_to_string(p).ok()))
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
}

/// Keeps the key in the user's config file (readable by the user only), never in a project file.
pub fn save_tile_key(key: &str) -> Result<PathBuf> {
    let p = key_path().context("no config directory (HOME / XDG_CONFIG_HOME)")?;
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).with_context(|| format!("{}", d.display()))?;
    }
    super::atomic::write_bytes(&p, key.trim().as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
    }
    Ok(p)
}

/// A template with the key written in (`tk=…` of 天地图) has it replaced by `{key}`, so saving a project never
/// stores it.
///
/// ```
/// use stockfirst::io::xyz_tiles::strip_key;
/// assert_eq!(strip_key("https://h/wmts?x={x}&tk=0123abcd", Some("0123abcd")), "https://h/wmts?x={x}&tk={key}");
/// ```
pub fn strip_key(template: &str, key: Option<&str>) -> String {
    match key.filter(|k| !k.is_empty()) {
        Some(k) => template.replace(k, "{key}"),
        None => template.to_string(),
    }
}

/// Fetches and decodes tiles; one per worker thread.
pub struct XyzFetcher {
    agent: ureq::Agent,
    template: String,
    key: Option<String>,
    to_working: proj::Proj,
}

impl XyzFetcher {
    pub fn new(template: &str, key: Option<String>, working: WorkingCrs) -> Result<Self> {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(FETCH_TIMEOUT))
            .http_status_as_error(true)
            .build();
        let to_working = proj::Proj::new_known_crs("EPSG:3857", &format!("EPSG:{}", working.epsg()), None)
            .context("PROJ: EPSG:3857 → working CRS")?;
        Ok(Self {
            agent: config.into(),
            template: template.to_string(),
            key,
            to_working,
        })
    }

    /// Fetches one tile; a slow or unreachable server is an error after [`FETCH_TIMEOUT`].
    pub fn fetch(&self, k: XyzKey) -> Result<XyzTile> {
        let url = tile_url(&self.template, self.key.as_deref(), k);
        // The key is left out of messages.
        let shown = strip_key(&url, self.key.as_deref());
        let bytes = self
            .agent
            .get(&url)
            .call()
            .with_context(|| shown.clone())?
            .body_mut()
            .with_config()
            .limit(8 * 1024 * 1024)
            .read_to_vec()
            .with_context(|| shown.clone())?;
        let image = decode_image(&bytes).with_context(|| shown.clone())?;
        let b = xyz_bounds(k);
        let mut mesh = Vec::with_capacity(MESH_SIDE * MESH_SIDE);
        for r in 0..MESH_SIDE {
            for c in 0..MESH_SIDE {
                let f = |i: usize| i as f64 / (MESH_SIDE - 1) as f64;
                let x = b.min().x + (b.max().x - b.min().x) * f(c);
                let y = b.min().y + (b.max().y - b.min().y) * f(r);
                let (wx, wy) = self.to_working.convert((x, y)).context("PROJ")?;
                mesh.push(Coord { x: wx, y: wy });
            }
        }
        Ok(XyzTile { image, mesh })
    }
}

/// The Web-Mercator rectangle around a working-CRS rectangle (its corners and edge midpoints, since the
/// projections bend), for choosing the XYZ tiles.
pub struct ToMercator(proj::Proj);

impl ToMercator {
    pub fn new(working: WorkingCrs) -> Result<Self> {
        Ok(Self(
            proj::Proj::new_known_crs(&format!("EPSG:{}", working.epsg()), "EPSG:3857", None)
                .context("PROJ: working CRS → EPSG:3857")?,
        ))
    }

    pub fn rect(&self, r: Rect<f64>) -> Option<Rect<f64>> {
        let (x0, y0, x1, y1) = (r.min().x, r.min().y, r.max().x, r.max().y);
        let (xm, ym) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let pts = [
            (x0, y0),
            (x1, y0),
            (x0, y1),
            (x1, y1),
            (xm, y0),
            (xm, y1),
            (x0, ym),
            (x1, ym),
        ];
        let mut out: Option<Rect<f64>> = None;
        for p in pts {
            let (x, y) = self.0.convert(p).ok()?;
            let c = Coord { x, y };
            out = Some(match out {
                None => Rect::new(c, c),
                Some(o) => Rect::new(
                    Coord {
                        x: o.min().x.min(x),
                        y: o.min().y.min(y),
                    },
                    Coord {
                        x: o.max().x.max(x),
                        y: o.max().y.max(y),
                    },
                ),
            });
        }
        out
    }
}

static MEM_SEQ: AtomicU64 = AtomicU64::new(0);

/// Decodes a PNG or JPEG tile with GDAL from memory into RGBA.
pub fn decode_image(bytes: &[u8]) -> Result<TileImage> {
    if bytes.is_empty() {
        bail!("empty tile");
    }
    let name = format!("/vsimem/stockfirst-tile-{}", MEM_SEQ.fetch_add(1, Ordering::Relaxed));
    gdal::vsi::create_mem_file(&name, bytes.to_vec())?;
    let out = (|| -> Result<TileImage> {
        let ds = gdal::Dataset::open(&name).context("not an image GDAL reads")?;
        let (w, h) = ds.raster_size();
        let n = ds.raster_count();
        let band = |i: usize| -> Result<Vec<u8>> {
            Ok(ds
                .rasterband(i)?
                .read_as::<u8>((0, 0), (w, h), (w, h), None)?
                .into_shape_and_vec()
                .1)
        };
        let first = ds.rasterband(1)?;
        let palette: Option<Vec<[u8; 4]>> = first.color_table().map(|t| {
            (0..t.entry_count().min(256))
                .map(|i| {
                    t.entry_as_rgb(i)
                        .map(|e| [e.r as u8, e.g as u8, e.b as u8, e.a as u8])
                        .unwrap_or_default()
                })
                .collect()
        });
        let planes: Vec<Vec<u8>> = (1..=n.min(4)).map(band).collect::<Result<_>>()?;
        let rgba: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let v = |p: usize| planes[p][i];
                match (n, &palette) {
                    (1, Some(p)) => p.get(usize::from(v(0))).copied().unwrap_or_default(),
                    (1, None) => [v(0), v(0), v(0), 255],
                    (2, _) => [v(0), v(0), v(0), v(1)],
                    (3, _) => [v(0), v(1), v(2), 255],
                    _ => [v(0), v(1), v(2), v(3)],
                }
            })
            .collect();
        Ok(TileImage { size: [w, h], rgba })
    })();
    let _ = gdal::vsi::unlink_mem_file(&name);
    out
}
