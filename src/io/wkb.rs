//! Reads polygon WKB (ISO and EWKB flags, with or without an SRID; 2D/Z/M/ZM) into geo types. GDAL's Arrow stream
//! hands us WKB, and PostGIS's binary COPY EWKB.

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// What a WKB blob held that is not a polygon, or why it could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WkbError {
    #[error("WKB 数据被截断 / WKB truncated")]
    Truncated,
    #[error("不是面要素（WKB 类型 {0}）/ not a polygon (WKB type {0})")]
    NotPolygon(u32),
    #[error("WKB 几何集合中没有面 / geometry collection without polygons")]
    NoPolygon,
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WkbError> {
        let end = self.pos.checked_add(n).ok_or(WkbError::Truncated)?;
        let s = self.b.get(self.pos..end).ok_or(WkbError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, WkbError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self, le: bool) -> Result<u32, WkbError> {
        let s: [u8; 4] = self.take(4)?.try_into().map_err(|_| WkbError::Truncated)?;
        Ok(if le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    }
    fn f64(&mut self, le: bool) -> Result<f64, WkbError> {
        let s: [u8; 8] = self.take(8)?.try_into().map_err(|_| WkbError::Truncated)?;
        Ok(if le {
            f64::from_le_bytes(s)
        } else {
            f64::from_be_bytes(s)
        })
    }
}

/// EWKB's flag for an SRID after the type word.
const EWKB_SRID: u32 = 0x2000_0000;

/// (base type, number of ordinates per point)
fn split_type(t: u32) -> (u32, usize) {
    let has_z_flag = t & 0x8000_0000 != 0;
    let has_m_flag = t & 0x4000_0000 != 0;
    let t = t & 0x0FFF_FFFF;
    let (base, iso) = (t % 1000, t / 1000);
    let mut dims = 2;
    if has_z_flag || iso == 1 || iso == 3 {
        dims += 1;
    }
    if has_m_flag || iso == 2 || iso == 3 {
        dims += 1;
    }
    (base, dims)
}

fn ring(r: &mut Reader, le: bool, dims: usize) -> Result<LineString<f64>, WkbError> {
    let n = r.u32(le)? as usize;
    // Each point is at least 16 bytes: refuse counts the blob cannot hold before allocating.
    if n.saturating_mul(dims * 8) > r.b.len().saturating_sub(r.pos) {
        return Err(WkbError::Truncated);
    }
    let mut pts = Vec::with_capacity(n);
    for _ in 0..n {
        let x = r.f64(le)?;
        let y = r.f64(le)?;
        for _ in 2..dims {
            r.f64(le)?;
        }
        pts.push(Coord { x, y });
    }
    Ok(LineString::new(pts))
}

fn polygon(r: &mut Reader, le: bool, dims: usize) -> Result<Polygon<f64>, WkbError> {
    let n = r.u32(le)? as usize;
    if n == 0 {
        return Ok(Polygon::new(LineString::new(vec![]), vec![]));
    }
    let ext = ring(r, le, dims)?;
    let mut holes = Vec::with_capacity(n.min(64) - 1);
    for _ in 1..n {
        holes.push(ring(r, le, dims)?);
    }
    Ok(Polygon::new(ext, holes))
}

fn geometry(r: &mut Reader, out: &mut Vec<Polygon<f64>>, depth: u8) -> Result<(), WkbError> {
    let le = r.u8()? == 1;
    let t = r.u32(le)?;
    if t & EWKB_SRID != 0 {
        // PostGIS's EWKB: the SRID follows the type (the column's own SRID is checked by the schema).
        r.take(4)?;
    }
    let (base, dims) = split_type(t);
    match base {
        3 => out.push(polygon(r, le, dims)?),
        6 | 7 if depth < 4 => {
            let n = r.u32(le)?;
            for _ in 0..n {
                geometry(r, out, depth + 1)?;
            }
        }
        other => return Err(WkbError::NotPolygon(other)),
    }
    Ok(())
}

/// Parses a Polygon, MultiPolygon or a collection of them.
///
/// ```
/// use stockfirst::io::wkb::read_polygons;
/// // POLYGON((0 0, 1 0, 1 1, 0 0)), little-endian.
/// let mut b = vec![1u8, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0];
/// for (x, y) in [(0.0f64, 0.0f64), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)] {
///     b.extend(x.to_le_bytes());
///     b.extend(y.to_le_bytes());
/// }
/// let mp = read_polygons(&b).unwrap();
/// assert_eq!(mp.0.len(), 1);
/// assert_eq!(mp.0[0].exterior().0.len(), 4);
/// ```
pub fn read_polygons(b: &[u8]) -> Result<MultiPolygon<f64>, WkbError> {
    let mut out = Vec::new();
    let mut r = Reader { b, pos: 0 };
    geometry(&mut r, &mut out, 0)?;
    if out.is_empty() {
        return Err(WkbError::NoPolygon);
    }
    // A pushed Vec keeps room for four polygons; a library of a million single polygons must not.
    out.shrink_to_fit();
    Ok(MultiPolygon(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_and_wrong_types_are_errors() {
        assert_eq!(read_polygons(&[1, 3, 0]), Err(WkbError::Truncated));
        // POINT
        let mut b = vec![1u8, 1, 0, 0, 0];
        b.extend(1.0f64.to_le_bytes());
        b.extend(2.0f64.to_le_bytes());
        assert_eq!(read_polygons(&b), Err(WkbError::NotPolygon(1)));
        // A ring claiming a billion points.
        let b = vec![1u8, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0xCA, 0x9A, 0x3B];
        assert_eq!(read_polygons(&b), Err(WkbError::Truncated));
    }

    #[test]
    fn big_endian_polygon_z() {
        let mut b = vec![0u8];
        b.extend(1003u32.to_be_bytes());
        b.extend(1u32.to_be_bytes());
        b.extend(4u32.to_be_bytes());
        for (x, y) in [(0.0f64, 0.0f64), (2.0, 0.0), (2.0, 2.0), (0.0, 0.0)] {
            b.extend(x.to_be_bytes());
            b.extend(y.to_be_bytes());
            b.extend(9.0f64.to_be_bytes());
        }
        let mp = read_polygons(&b).unwrap();
        assert_eq!(mp.0[0].exterior().0[2], Coord { x: 2.0, y: 2.0 });
    }

    #[test]
    fn ewkb_with_srid_as_postgis_sends_it() {
        use geo::polygon;
        use geozero::{CoordDimensions, ToWkb};
        // Two parts, the first with a hole: encoded by geozero as PostGIS's EWKB with SRID 4526.
        let mp = MultiPolygon(vec![
            polygon!(
                exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
                interiors: [[(x: 2.0, y: 2.0), (x: 2.0, y: 4.0), (x: 4.0, y: 4.0)]],
            ),
            polygon![(x: 20.5, y: 0.25), (x: 30.0, y: 0.0), (x: 30.0, y: 10.0)],
        ]);
        let ewkb = geo::Geometry::MultiPolygon(mp.clone())
            .to_ewkb(CoordDimensions::xy(), Some(4526))
            .unwrap();
        assert_eq!(ewkb[4] & 0x20, 0x20, "the SRID flag is set");
        assert_eq!(read_polygons(&ewkb), Ok(mp));
    }
}
