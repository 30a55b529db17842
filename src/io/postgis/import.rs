//! `db import`: a stock library into the shared library over binary `COPY … FROM STDIN`, in one transaction (all
//! parcels or none). Geometry goes as EWKB with SRID 4526, encoded by geozero.

use anyhow::{Context, Result, bail};
use bytes::BytesMut;
use geozero::{CoordDimensions, ToWkb};
use postgres::Client;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use super::codes::{status_code, system_code};
use super::read::{geometry_type, parcel_types};
use crate::io::crs::WorkingCrs;
use crate::model::Parcel;

/// EWKB bytes sent as a PostGIS `geometry` value (the type's binary input is EWKB).
#[derive(Debug)]
struct GeometryEwkb(Vec<u8>);

impl ToSql for GeometryEwkb {
    fn to_sql(&self, _ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        out.extend_from_slice(&self.0);
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        ty.name() == "geometry"
    }

    to_sql_checked!();
}

const INSERT_COLUMNS: &str = "id, name, county, kind, land_use_system, land_use_code, status, stated_area_m2, \
    approval_no, approval_year, idle_since, remarks, geom";

/// Writes the parcels; with `replace`, the library's parcels are deleted first (each deletion is audited).
/// Returns the number of parcels written.
pub fn import(client: &mut Client, parcels: &[Parcel], replace: bool) -> Result<u64> {
    let srid = WorkingCrs::default().epsg() as i32;
    let geometry = geometry_type(client)?;
    let mut tx = client.transaction()?;
    if replace {
        tx.execute("DELETE FROM stockfirst.parcels", &[])?;
    } else {
        let ids: Vec<&str> = parcels.iter().map(|p| p.id.as_str()).collect();
        let taken: Vec<String> = tx
            .query(
                "SELECT id FROM stockfirst.parcels WHERE id = ANY($1) ORDER BY id LIMIT 5",
                &[&ids],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if !taken.is_empty() {
            bail!(
                "共享图库中已有这些地块编号：{}…；用 --replace 整库替换 / the shared library already has these ids: \
                 {}…; use --replace to replace the whole library",
                taken.join("、"),
                taken.join(", ")
            );
        }
    }
    let types = parcel_types(geometry);
    let sql = format!("COPY stockfirst.parcels ({INSERT_COLUMNS}) FROM STDIN (FORMAT binary)");
    let sink = tx.copy_in(sql.as_str())?;
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for p in parcels {
        let ewkb = geo_types::Geometry::MultiPolygon(p.geometry.clone())
            .to_ewkb(CoordDimensions::xy(), Some(srid))
            .with_context(|| format!("地块 / parcel {}: EWKB", p.id))?;
        let stated = p.stated_area.map(|a| a.m2());
        let year = p.approval_year.map(i32::from);
        w.write(&[
            &p.id,
            &p.name,
            &p.county,
            &p.kind.code(),
            &system_code(p.planned_use.system),
            &p.planned_use.code,
            &status_code(p.status),
            &stated,
            &p.approval_no.as_deref(),
            &year,
            &p.idle_since.as_deref(),
            &p.remarks.as_deref(),
            &GeometryEwkb(ewkb),
        ])
        .with_context(|| format!("地块 / parcel {}", p.id))?;
    }
    let n = w.finish().context("COPY FROM STDIN")?;
    tx.commit()?;
    // As after any bulk load (PostgreSQL docs, "Populating a Database"): statistics for the planner (the spatial
    // index) and the next load's row estimate, and the new rows marked visible once here, not by the first officer
    // whose load would otherwise write every page back. The audit, a row for each parcel imported, too: autovacuum
    // would otherwise take a core for it in the minute after, while the first officers load. One statement: VACUUM
    // runs outside a transaction.
    client
        .batch_execute("VACUUM (ANALYZE) stockfirst.parcels, stockfirst.parcel_images, stockfirst.audit")
        .context("VACUUM ANALYZE stockfirst.parcels, stockfirst.parcel_images, stockfirst.audit")?;
    Ok(n)
}
