//! Writes a parcel's status change back to its GeoPackage, with an audit line, in one SQLite transaction:
//! after a power cut the file holds either the old state or the new one, never half of it. Whether a change is
//! allowed is the core's question ([`crate::model::check_transition`]); this file only writes it.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};

use super::field_map::FieldMap;
pub use crate::model::StatusChange;

/// The audit table kept inside the GeoPackage (registered as an attributes table).
pub const AUDIT_TABLE: &str = "stockfirst_audit";

/// Writes `change` back to the library file at `path` when that file can take it (a GeoPackage: its polygon layer
/// and audit table). Returns false, writing nothing, for sources that are read-only by nature (TXT, shapefile,
/// PostGIS, the bundled sample loaded from memory): their change lives in the project file's audit only.
pub fn write_back(path: &Path, change: &StatusChange) -> Result<bool> {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gpkg")) {
        return Ok(false);
    }
    let layer = super::gdal_source::list_layers(path, None)
        .ok()
        .and_then(|ls| ls.into_iter().find(|l| l.is_polygon).map(|l| l.name))
        .ok_or_else(|| anyhow!("{}: 没有面图层 / no polygon layer", path.display()))?;
    write_status(path, &layer, change)?;
    Ok(true)
}

/// The polygon layer of a GeoPackage (the one status changes go to).
pub fn polygon_layer(path: &Path) -> Result<String> {
    super::gdal_source::list_layers(path, None)
        .ok()
        .and_then(|ls| ls.into_iter().find(|l| l.is_polygon).map(|l| l.name))
        .ok_or_else(|| anyhow!("{}: 没有面图层 / no polygon layer", path.display()))
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn exec(ds: &Dataset, sql: &str) -> Result<()> {
    ds.execute_sql(sql, None, gdal::vector::sql::Dialect::SQLITE)
        .map(|_| ())
        .with_context(|| sql.to_string())
}

/// Applies `change` to the feature whose id field equals `change.parcel`, in layer `layer`.
pub fn write_status(path: &Path, layer: &str, change: &StatusChange) -> Result<()> {
    write_status_with(path, layer, change, &[])
}

/// [`write_status`] plus `also`, SQL statements run in the same transaction (an offline copy's outbox entry).
pub fn write_status_with(path: &Path, layer: &str, change: &StatusChange, also: &[String]) -> Result<()> {
    let file = path.display().to_string();
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gpkg")) {
        bail!("{file}: 状态只能写回 GeoPackage / status can only be written back to a GeoPackage");
    }
    let mut ds = Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_UPDATE,
            ..Default::default()
        },
    )
    .map_err(|e| anyhow!("{file}: 无法以写方式打开 / cannot open for update: {e}"))?;
    let fields: Vec<String> = {
        let l = ds
            .layer_by_name(layer)
            .with_context(|| format!("{file}: 图层 {layer}"))?;
        l.defn().fields().map(|f| f.name()).collect()
    };
    let map = FieldMap::default();
    let cols = map.resolve(&fields);
    let id_col = cols
        .id
        .map(|i| fields[i].clone())
        .ok_or_else(|| anyhow!("{file}: 图层 {layer} 没有地块编号字段 / no id field"))?;
    let status_col = cols.status.map(|i| fields[i].clone());
    let txn = ds
        .start_transaction()
        .with_context(|| format!("{file}: 无法开始事务 / cannot start a transaction"))?;
    let status_col = match status_col {
        Some(c) => c,
        None => {
            exec(&txn, &format!("ALTER TABLE {} ADD COLUMN ZT TEXT", ident(layer)))?;
            "ZT".to_string()
        }
    };
    exec(
        &txn,
        &format!(
            "CREATE TABLE IF NOT EXISTS {AUDIT_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, layer TEXT NOT NULL, parcel_id TEXT NOT NULL, old_status TEXT, new_status TEXT NOT NULL, note TEXT, who TEXT, correction INTEGER)"
        ),
    )?;
    exec(
        &txn,
        &format!(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('{AUDIT_TABLE}', 'attributes', '{AUDIT_TABLE}', '地块状态变更记录 / parcel status audit log')"
        ),
    )?;
    let before = count(&txn, layer, &id_col, &change.parcel)?;
    if before == 0 {
        bail!(
            "{file}: 图层 {layer} 中没有地块 {} / no parcel with that id",
            change.parcel
        );
    }
    exec(
        &txn,
        &format!(
            "UPDATE {} SET {} = {} WHERE {} = {}",
            ident(layer),
            ident(&status_col),
            quote(change.to.zh()),
            ident(&id_col),
            quote(&change.parcel)
        ),
    )?;
    let insert = format!(
        "INSERT INTO {AUDIT_TABLE} (at, layer, parcel_id, old_status, new_status, note, who, correction) VALUES ({}, {}, {}, {}, {}, {}, {}, {})",
        quote(&change.at),
        quote(layer),
        quote(&change.parcel),
        quote(change.from.zh()),
        quote(change.to.zh()),
        quote(&change.note),
        quote(&change.who),
        i32::from(change.correction)
    );
    if exec(&txn, &insert).is_err() {
        // An audit table of the first release has no `who` and `correction`: add them (one may exist), then insert.
        // Trying the insert first costs nothing on a current table.
        for (col, ty) in [("who", "TEXT"), ("correction", "INTEGER")] {
            let _ = exec(&txn, &format!("ALTER TABLE {AUDIT_TABLE} ADD COLUMN {col} {ty}"));
        }
        exec(&txn, &insert)?;
    }
    for sql in also {
        exec(&txn, sql)?;
    }
    txn.commit()
        .with_context(|| format!("{file}: 提交失败 / commit failed"))?;
    Ok(())
}

/// How many of `cols` the table has (SQLite's table_info).
#[cfg(test)]
fn column_count(ds: &Dataset, table: &str, cols: &[&str]) -> usize {
    let names = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT name FROM pragma_table_info({}) WHERE name IN ({names})",
        quote(table)
    );
    match ds.execute_sql(&sql, None, gdal::vector::sql::Dialect::SQLITE) {
        Ok(Some(mut rs)) => rs.features().count(),
        _ => 0,
    }
}

fn count(ds: &Dataset, layer: &str, id_col: &str, id: &str) -> Result<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM {} WHERE {} = {}",
        ident(layer),
        ident(id_col),
        quote(id)
    );
    let rs = ds.execute_sql(&sql, None, gdal::vector::sql::Dialect::SQLITE)?;
    let Some(mut rs) = rs else { return Ok(0) };
    let n = rs
        .features()
        .next()
        .and_then(|f| f.field_as_integer64(0).ok().flatten())
        .unwrap_or(0);
    Ok(n)
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLine {
    pub at: String,
    pub parcel_id: String,
    pub old_status: String,
    pub new_status: String,
    pub note: String,
}

/// The audit log of a GeoPackage, oldest first.
pub fn read_audit(path: &Path) -> Result<Vec<AuditLine>> {
    let ds = super::gdal_source::open(path, None, &mut Vec::new())?;
    let sql = format!("SELECT at, parcel_id, old_status, new_status, note FROM {AUDIT_TABLE} ORDER BY fid");
    let Ok(Some(mut rs)) = ds.execute_sql(&sql, None, gdal::vector::sql::Dialect::SQLITE) else {
        return Ok(vec![]);
    };
    let s = |f: &gdal::vector::Feature, i| f.field_as_string(i).ok().flatten().unwrap_or_default();
    Ok(rs
        .features()
        .map(|f| AuditLine {
            at: s(&f, 0),
            parcel_id: s(&f, 1),
            old_status: s(&f, 2),
            new_status: s(&f, 3),
            note: s(&f, 4),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{assets, crs::WorkingCrs, gdal_write};
    use crate::model::{LandUse, Parcel, ParcelStatus, StockKind};
    use geo::{MultiPolygon, polygon};

    #[test]
    fn status_and_audit_land_together() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.gpkg");
        let g = MultiPolygon(vec![
            polygon![(x: 38_452_000.0, y: 3_905_000.0), (x: 38_452_100.0, y: 3_905_000.0), (x: 38_452_100.0, y: 3_905_100.0)],
        ]);
        let parcels = vec![
            Parcel::new("A-1", StockKind::Idle, LandUse::ydyh("1001"), "410821", g.clone()),
            Parcel::new("B'2", StockKind::Idle, LandUse::ydyh("1001"), "410821", g),
        ];
        gdal_write::write_parcels(
            &path,
            &parcels,
            &assets::counties().unwrap(),
            WorkingCrs::Zone38,
            &Default::default(),
        )
        .unwrap();
        let change = StatusChange {
            parcel: "B'2".into(),
            who: "li".into(),
            from: ParcelStatus::Available,
            to: ParcelStatus::Engaged,
            note: "与某企业对接".into(),
            at: "2026-03-01T09:00:00".into(),
            correction: false,
        };
        write_status(&path, "stock_parcels", &change).unwrap();
        let lib = crate::io::load_library(&path).unwrap();
        let b = lib.parcel(lib.index_of("B'2").unwrap()).unwrap();
        assert_eq!(b.status, ParcelStatus::Engaged);
        let a = lib.parcel(lib.index_of("A-1").unwrap()).unwrap();
        assert_eq!(a.status, ParcelStatus::Available);
        let audit = read_audit(&path).unwrap();
        assert_eq!(
            audit,
            vec![AuditLine {
                at: "2026-03-01T09:00:00".into(),
                parcel_id: "B'2".into(),
                old_status: "可供".into(),
                new_status: "已对接".into(),
                note: "与某企业对接".into()
            }]
        );
        let missing = StatusChange {
            parcel: "nope".into(),
            ..change
        };
        assert!(
            write_status(&path, "stock_parcels", &missing)
                .unwrap_err()
                .to_string()
                .contains("nope")
        );
        assert_eq!(
            read_audit(&path).unwrap().len(),
            1,
            "a failed change leaves no audit line"
        );
    }

    #[test]
    fn an_audit_table_of_the_first_release_gets_the_new_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.gpkg");
        let g = MultiPolygon(vec![
            polygon![(x: 38_452_000.0, y: 3_905_000.0), (x: 38_452_100.0, y: 3_905_000.0), (x: 38_452_100.0, y: 3_905_100.0)],
        ]);
        let parcels = vec![Parcel::new("A-1", StockKind::Idle, LandUse::ydyh("1001"), "410821", g)];
        gdal_write::write_parcels(
            &path,
            &parcels,
            &assets::counties().unwrap(),
            WorkingCrs::Zone38,
            &Default::default(),
        )
        .unwrap();
        {
            // The first release's audit table: no `who`, no `correction`, one line already.
            let ds = Dataset::open_ex(
                &path,
                DatasetOptions {
                    open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_UPDATE,
                    ..Default::default()
                },
            )
            .unwrap();
            exec(&ds, &format!("CREATE TABLE {AUDIT_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, layer TEXT NOT NULL, parcel_id TEXT NOT NULL, old_status TEXT, new_status TEXT NOT NULL, note TEXT)")).unwrap();
            exec(&ds, &format!("INSERT INTO {AUDIT_TABLE} (at, layer, parcel_id, old_status, new_status, note) VALUES ('2026-01-05T08:00:00Z', 'stock_parcels', 'A-1', '可供', '可供', 'old')")).unwrap();
        }
        let change = StatusChange::new(
            "A-1",
            ParcelStatus::Available,
            ParcelStatus::Engaged,
            "对接",
            false,
            "wang",
            "2026-03-01T09:00:00Z",
        )
        .unwrap();
        assert!(write_back(&path, &change).unwrap());
        let audit = read_audit(&path).unwrap();
        assert_eq!(audit.len(), 2, "the old line is kept");
        assert_eq!(audit[0].note, "old");
        assert_eq!(audit[1].new_status, "已对接");
        let ds = super::super::gdal_source::open(&path, None, &mut Vec::new()).unwrap();
        assert_eq!(column_count(&ds, AUDIT_TABLE, &["who", "correction"]), 2);
        // A second change finds the columns there.
        let back = StatusChange::new(
            "A-1",
            ParcelStatus::Engaged,
            ParcelStatus::Available,
            "企业退出",
            false,
            "wang",
            "2026-03-02T09:00:00Z",
        )
        .unwrap();
        assert!(write_back(&path, &back).unwrap());
        assert_eq!(read_audit(&path).unwrap().len(), 3);
        // Not a GeoPackage: nothing is written, and it says so.
        assert!(!write_back(&dir.path().join("lib.shp"), &back).unwrap());
    }
}
