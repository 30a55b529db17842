//! Reads the shared library's parcels with binary `COPY (SELECT …) TO STDOUT (FORMAT binary)`, geometry as EWKB
//! decoded by geozero into geo types, into the same [`Parcel`] a GeoPackage gives.

use anyhow::{Context, Result, anyhow, bail};
use geo::MultiPolygon;
use geozero::wkb::Decode;
use postgres::types::{FromSql, Type};
use postgres::{Client, Row};

use super::codes::{kind_from_code, status_from_code, system_from_code};
use super::copy_blocks::{CopyBlocks, Rows};
use crate::model::{Area, LandUse, Parcel};

/// A parcel as the shared library keeps it: the model's parcel and where it stands in the library's history.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedParcel {
    pub parcel: Parcel,
    /// Bumped by the server on every change; a status change names the version it was decided on.
    pub version: i64,
    /// The server-wide order of changes (listeners catch up with `change_seq >` their last seen).
    pub change_seq: i64,
}

/// The columns read, in this order, for COPY and for plain queries alike.
pub(super) const COLUMNS: &str = "id, name, county, kind, land_use_system, land_use_code, status, stated_area_m2, \
    approval_no, approval_year, idle_since, remarks, geom, version, change_seq";

/// The COPY types of a parcel's own columns (the first thirteen of [`COLUMNS`], id … geom): written by `db import`,
/// read back here with the version columns after them.
pub(super) fn parcel_types(geometry: Type) -> [Type; 13] {
    use Type as T;
    [
        T::TEXT,
        T::TEXT,
        T::TEXT,
        T::TEXT,
        T::TEXT,
        T::TEXT,
        T::TEXT,
        T::FLOAT8,
        T::TEXT,
        T::INT4,
        T::TEXT,
        T::TEXT,
        geometry,
    ]
}

/// The geometry column's type: PostGIS gives it an OID of its own in each database.
pub(super) fn geometry_type(client: &mut Client) -> Result<Type> {
    let st = client
        .prepare("SELECT geom FROM stockfirst.parcels LIMIT 0")
        .context("读取地块表 / reading stockfirst.parcels")?;
    st.columns()
        .first()
        .map(|c| c.type_().clone())
        .ok_or_else(|| anyhow!("stockfirst.parcels 没有 geom 列 / has no geom column"))
}

/// Either kind of row: a COPY row or a query row.
trait Cells {
    fn cell<'a, T: FromSql<'a>>(&'a self, i: usize) -> Result<T>;
    /// The polygons of the geometry cell `i`.
    fn polygons(&self, i: usize) -> Result<MultiPolygon>;
}

/// One row of a COPY block: its cells as the server sent them, read with the column types of the query.
struct CopyRow<'a> {
    cells: &'a [Option<&'a [u8]>],
    types: &'a [Type],
}

impl Cells for CopyRow<'_> {
    fn cell<'a, T: FromSql<'a>>(&'a self, i: usize) -> Result<T> {
        let (ty, raw) = (&self.types[i], self.cells[i]);
        if !T::accepts(ty) {
            bail!("第 {i} 列的类型 {ty} 不符 / column {i} has type {ty}, not the one read");
        }
        T::from_sql_nullable(ty, raw).map_err(|e| anyhow!("第 {i} 列 / column {i}: {e}"))
    }
    fn polygons(&self, i: usize) -> Result<MultiPolygon> {
        let ewkb = self.cells[i].ok_or_else(|| anyhow!("没有几何 / no geometry"))?;
        Ok(crate::io::wkb::read_polygons(ewkb)?)
    }
}

impl Cells for Row {
    fn cell<'a, T: FromSql<'a>>(&'a self, i: usize) -> Result<T> {
        Ok(self.try_get(i)?)
    }
    fn polygons(&self, i: usize) -> Result<MultiPolygon> {
        let geom: Decode<geo_types::Geometry<f64>> = self.cell(i)?;
        match geom.geometry {
            Some(geo_types::Geometry::MultiPolygon(mp)) => Ok(mp),
            Some(geo_types::Geometry::Polygon(p)) => Ok(MultiPolygon(vec![p])),
            other => bail!("几何不是面 / geometry is not a polygon: {other:?}"),
        }
    }
}

fn parcel_of(row: &impl Cells) -> Result<SharedParcel> {
    let id: &str = row.cell(0)?;
    let named = |e: anyhow::Error| e.context(format!("地块 / parcel {id}"));
    let text = |i: usize| row.cell::<Option<String>>(i).map_err(named);
    // The codes are read in place: only what the parcel keeps is copied.
    let kind_code: &str = row.cell(3)?;
    let kind =
        kind_from_code(kind_code).ok_or_else(|| anyhow!("地块 {id}: 未知存量类型 / unknown kind {kind_code}"))?;
    let system_code: &str = row.cell(4)?;
    let system = system_from_code(system_code)
        .ok_or_else(|| anyhow!("地块 {id}: 未知分类体系 / unknown system {system_code}"))?;
    let status_code: &str = row.cell(6)?;
    let status =
        status_from_code(status_code).ok_or_else(|| anyhow!("地块 {id}: 未知状态 / unknown status {status_code}"))?;
    let geometry = row.polygons(12).map_err(named)?;
    let county: String = row.cell(2)?;
    let code: String = row.cell(5)?;
    let mut p = Parcel::new(id, kind, LandUse { system, code }, county, geometry);
    p.name = text(1)?.unwrap_or_default();
    p.status = status;
    p.stated_area = row.cell::<Option<f64>>(7)?.map(Area::from_m2);
    p.approval_no = text(8)?.map(Into::into);
    p.approval_year = row.cell::<Option<i32>>(9)?.and_then(|y| u16::try_from(y).ok());
    p.idle_since = text(10)?.map(Into::into);
    p.remarks = text(11)?.map(Into::into);
    Ok(SharedParcel {
        parcel: p,
        version: row.cell(13)?,
        change_seq: row.cell(14)?,
    })
}

/// Every parcel, over binary COPY, in the order the server sends them. This thread reads the stream and cuts it into
/// blocks of whole rows ([`CopyBlocks`]) while a second makes parcels of the blocks already read (EWKB decoding, the
/// strings): the two halves of a load overlap on two cores. A row that cannot be read stops both, with the parcel's
/// id in the message. The server sends the rows as they lie on disk (an `ORDER BY id` made it walk the index and
/// cost it more than the whole client side); the library works out its order by id itself, beside its R-tree
/// ([`crate::library::StockLibrary::new`]).
pub fn read_all(client: &mut Client) -> Result<Vec<SharedParcel>> {
    read_all_with(client, |_| {})
}

/// [`read_all`], calling `each` on every parcel as it is made, on the thread that makes it (the county check of a
/// load, while the parcel is still in the cache).
pub fn read_all_with(client: &mut Client, mut each: impl FnMut(&SharedParcel) + Send) -> Result<Vec<SharedParcel>> {
    let geometry = geometry_type(client)?;
    let mut types = parcel_types(geometry).to_vec();
    types.extend([Type::INT8, Type::INT8]); // version, change_seq
    // The table itself, not a query: the server then skips the executor's projection (a fifth of its work). Row-level
    // security still applies: for a role it binds, the server turns this into the query with its policies.
    let sql = format!("COPY stockfirst.parcels ({COLUMNS}) TO STDOUT (FORMAT binary)");
    let reader = client.copy_out(sql.as_str()).context("COPY TO STDOUT")?;
    let mut blocks = CopyBlocks::new(reader);
    let types = &types;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let maker = scope.spawn(move || -> Result<Vec<SharedParcel>> {
            let mut out = Vec::new();
            for block in rx {
                let mut cells = [None; 15];
                let mut rows = Rows::new(&block);
                while rows.next_into(&mut cells)? {
                    let p = parcel_of(&CopyRow { cells: &cells, types })?;
                    each(&p);
                    out.push(p);
                }
            }
            Ok(out)
        });
        let read = (|| -> Result<()> {
            while let Some(block) = blocks
                .next_block()
                .context("读取 COPY 数据 / reading the COPY stream")?
            {
                if tx.send(block).is_err() {
                    // The maker stopped on a bad row: its error is the one to report.
                    return Ok(());
                }
            }
            Ok(())
        })();
        drop(tx);
        let made = maker
            .join()
            .map_err(|_| anyhow!("读取线程出错 / the parcel-making thread panicked"))?;
        let parcels = made?;
        read?;
        Ok(parcels)
    })
}

/// [`read_all`] ordered by 地块编号 (an offline copy is written in that order).
pub fn read_all_by_id(client: &mut Client) -> Result<Vec<SharedParcel>> {
    let mut parcels = read_all(client)?;
    // 地块编号 is the table's primary key: no two are equal.
    parcels.sort_unstable_by(|a, b| a.parcel.id.cmp(&b.parcel.id));
    Ok(parcels)
}

/// The named parcels as they are now (a listener's refresh); ids not found are left out.
pub fn read_some(client: &mut Client, ids: &[String]) -> Result<Vec<SharedParcel>> {
    let sql = format!("SELECT {COLUMNS} FROM stockfirst.parcels WHERE id = ANY($1) ORDER BY id");
    let rows = client.query(sql.as_str(), &[&ids])?;
    rows.iter().map(parcel_of).collect()
}
