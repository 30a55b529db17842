//! Reads the shared library's parcels, their row images by binary `COPY (SELECT …) TO STDOUT (FORMAT binary)`
//! ([`read_each`]) or their columns by a query ([`read_some`]), geometry as EWKB, into the same [`Parcel`] a
//! GeoPackage gives.

use anyhow::{Context, Result, anyhow, bail};
use geo::MultiPolygon;
use geozero::wkb::Decode;
use postgres::types::{FromSql, Type};
use postgres::{Client, Row};

use super::codes::{kind_from_code, status_from_code, system_from_code};
use super::copy_blocks::{CopyBlocks, Rows};
use super::row_image;
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

/// The columns read, in this order, by plain queries; the row image (migration 3) holds the same cells in the same
/// order, and the test `each_row_image_is_the_servers_own_copy_of_its_columns` holds the two together.
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
    /// The text cell `i` (`None` for NULL).
    fn text(&self, i: usize) -> Result<Option<&str>>;
    /// The text cell `i`, which may not be NULL.
    fn required(&self, i: usize) -> Result<&str> {
        self.text(i)?
            .ok_or_else(|| anyhow!("第 {i} 列为空 / column {i} is NULL"))
    }
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
        // The types are this module's own (`parcel_types`), not the server's, and every load reads all of them: a
        // mismatch would fail every test that reads the shared library, so it is not asked again for every cell.
        debug_assert!(T::accepts(&self.types[i]), "column {i}");
        T::from_sql_nullable(&self.types[i], self.cells[i]).map_err(|e| anyhow!("第 {i} 列 / column {i}: {e}"))
    }
    fn text(&self, i: usize) -> Result<Option<&str>> {
        // UTF-8 checked as `&str`'s FromSql does, without its per-cell look at the type's name.
        self.cells[i]
            .map(std::str::from_utf8)
            .transpose()
            .map_err(|e| anyhow!("第 {i} 列不是 UTF-8 / column {i} is not UTF-8: {e}"))
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
    fn text(&self, i: usize) -> Result<Option<&str>> {
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
    let id = row.required(0)?;
    let named = |e: anyhow::Error| e.context(format!("地块 / parcel {id}"));
    let text = |i: usize| row.text(i).map_err(named);
    // The codes are read in place: only what the parcel keeps is copied.
    let kind_code = row.required(3)?;
    let kind =
        kind_from_code(kind_code).ok_or_else(|| anyhow!("地块 {id}: 未知存量类型 / unknown kind {kind_code}"))?;
    let system_code = row.required(4)?;
    let system = system_from_code(system_code)
        .ok_or_else(|| anyhow!("地块 {id}: 未知分类体系 / unknown system {system_code}"))?;
    let status_code = row.required(6)?;
    let status =
        status_from_code(status_code).ok_or_else(|| anyhow!("地块 {id}: 未知状态 / unknown status {status_code}"))?;
    let geometry = row.polygons(12).map_err(named)?;
    let county = row.required(2)?.to_owned();
    let code = row.required(5)?.to_owned();
    let mut p = Parcel::new(id, kind, LandUse { system, code }, county, geometry);
    p.name = text(1)?.unwrap_or_default().to_owned();
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

/// The row images of every parcel, laid end to end in one cell for each stretch of eight heap pages (about two
/// hundred parcels): a COPY row is a protocol message, and a message for each parcel cost the reading thread more
/// than the server's whole side. Each stretch is a TID range scan, so the pages are read once and in order; every
/// visible row lies in exactly one stretch, and pages added after the statement's snapshot hold none it can see.
const IMAGES_BY_PAGES: &str = "COPY (SELECT (SELECT string_agg(row_image, ''::bytea) FROM stockfirst.parcel_images \
    WHERE ctid >= format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + 8)::tid) \
    FROM generate_series(0, (pg_relation_size('stockfirst.parcel_images') \
    / current_setting('block_size')::int)::int, 8) b) TO STDOUT (FORMAT binary)";

/// Every parcel, over binary COPY, in the order the server sends them ([`read_each`]).
pub fn read_all(client: &mut Client) -> Result<Vec<SharedParcel>> {
    let mut out = Vec::with_capacity(row_estimate(client));
    read_each(client, |p| out.push(p))?;
    Ok(out)
}

/// The planner's estimate of the parcels (0 before the table's first `ANALYZE`) and a tenth more: room reserved once,
/// instead of a vector of a million parcels grown and copied twenty times over. `ANALYZE` samples the table, so the
/// estimate can fall short (999 871 for a million parcels, on one import), and one parcel past the room reserved
/// copied all the others into a vector twice as large (a tenth of the load, and 200 MB more at its peak). Room never
/// used is address space only: its pages are never touched.
pub fn row_estimate(client: &mut Client) -> usize {
    let estimate = client
        .query_one(
            "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'stockfirst.parcels'::regclass",
            &[],
        )
        .ok()
        .and_then(|r| r.try_get::<_, i64>(0).ok())
        .unwrap_or(0);
    // A hint only; a wild statistic must not reserve gigabytes.
    let estimate = usize::try_from(estimate).unwrap_or(0).min(50_000_000);
    estimate + estimate / 10
}

/// Every parcel, over binary COPY, handed to `each` in the order the server sends them, on the thread that makes
/// them (a load's county check runs while the parcel is still in the cache). This thread reads the stream and cuts it
/// into blocks of whole rows ([`CopyBlocks`]) while a second makes parcels of the blocks already read (EWKB decoding,
/// the strings): the two halves of a load overlap on two cores. A row that cannot be read stops both, with the
/// parcel's id in the message. The server sends the rows as they lie on disk (an `ORDER BY id` made it walk the index
/// and cost it more than the whole client side); the library works out its order by id itself, beside its R-tree
/// ([`crate::library::StockLibrary::new`]).
pub fn read_each(client: &mut Client, each: impl FnMut(SharedParcel) + Send) -> Result<()> {
    let geometry = geometry_type(client)?;
    let mut types = parcel_types(geometry).to_vec();
    types.extend([Type::INT8, Type::INT8]); // version, change_seq
    // The row images the server keeps ([`super::row_image`]): its send calls, one per cell, were most of its side of
    // a load. Everyone reads every parcel, so the images need no row-level policy of their own.
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .context("BEGIN READ ONLY")?;
    // The query's planned cost (a subquery for each stretch of pages) passes `jit_above_cost`, and compiling it would
    // take longer than running it.
    tx.batch_execute("SET LOCAL jit = off").context("SET LOCAL jit = off")?;
    let reader = tx.copy_out(IMAGES_BY_PAGES).context("COPY TO STDOUT")?;
    make_parcels(CopyBlocks::new(reader), &types, each)?;
    // Read only: the commit only ends the transaction (and its setting).
    tx.commit().context("COMMIT")?;
    Ok(())
}

/// Reads `blocks` on this thread and makes their parcels on a second ([`read_each`]).
fn make_parcels(
    mut blocks: CopyBlocks<impl std::io::BufRead>,
    types: &[Type],
    mut each: impl FnMut(SharedParcel) + Send,
) -> Result<()> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        // Blocks read go back to be filled again.
        let (back, used) = std::sync::mpsc::channel::<Vec<u8>>();
        let maker = scope.spawn(move || -> Result<()> {
            for block in rx {
                let (mut row, mut cells) = ([None; 1], [None; 15]);
                let mut rows = Rows::new(&block);
                while rows.next_into(&mut row)? {
                    // NULL: pages that hold no live parcel.
                    let Some(mut images) = row[0] else { continue };
                    while !images.is_empty() {
                        row_image::next_image(&mut images, &mut cells)?;
                        each(parcel_of(&CopyRow { cells: &cells, types })?);
                    }
                }
                // The reader may have finished; the block is then simply freed.
                let _ = back.send(block);
            }
            Ok(())
        });
        let read = (|| -> Result<()> {
            loop {
                used.try_iter().for_each(|b| blocks.recycle(b));
                let Some(block) = blocks
                    .next_block()
                    .context("读取 COPY 数据 / reading the COPY stream")?
                else {
                    return Ok(());
                };
                if tx.send(block).is_err() {
                    // The maker stopped on a bad row: its error is the one to report.
                    return Ok(());
                }
            }
        })();
        drop(tx);
        maker
            .join()
            .map_err(|_| anyhow!("读取线程出错 / the parcel-making thread panicked"))??;
        read
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
