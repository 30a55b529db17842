//! The shared library loads the same parcels and areas as the GeoPackage it was imported from, and the `db`
//! commands set it up from the command line. Needs STOCKFIRST_TEST_PG (`make test` sets it).

#[path = "pg/support.rs"]
mod support;

use std::path::Path;
use std::process::Command;

use stockfirst::io::{self, postgis};
use support::TestDb;

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";

fn stockfirst(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn postgis_gives_the_parcels_and_areas_of_the_geopackage() {
    let Some(db) = TestDb::new("same_parcels") else { return };
    let (from_file, file_report) = io::load_library_with(Path::new(SAMPLE), &Default::default()).unwrap();
    db.import(from_file.parcels());
    let (xiuwu, _) = db.officers();
    // Read as an officer, through the same loader the CLI and the app use.
    let (from_db, db_report) = io::load_library_with(Path::new(&xiuwu), &Default::default()).unwrap();
    assert_eq!(from_db.len(), from_file.len());
    assert!(from_file.len() > 1000);
    for p in from_file.parcels() {
        let i = from_db.index_of(&p.id).unwrap();
        let q = from_db.parcel(i).unwrap();
        // Everything, geometry and the recomputed area included, bit for bit.
        assert_eq!(q, p, "{}", p.id);
    }
    // The same total, summed in the file's order (a sum's last bits depend on its order).
    let db_total: f64 = from_file
        .parcels()
        .iter()
        .map(|p| from_db.parcel(from_db.index_of(&p.id).unwrap()).unwrap().area.m2())
        .sum();
    assert_eq!(db_total, from_file.total_area().m2());
    // The ledger's county check and the stated-area check find the same problems either way.
    let sorted = |r: &stockfirst::io::gdal_source::LoadReport| {
        let mut v: Vec<(String, String)> = r
            .problems
            .iter()
            .map(|p| (p.feature.clone(), p.message.clone()))
            .collect();
        v.sort();
        v
    };
    assert!(!file_report.problems.is_empty());
    assert_eq!(sorted(&db_report), sorted(&file_report));
    assert_eq!(db_report.features_read, from_file.len());
    // PostGIS's own planar area agrees with ours (an independent computation).
    let mut admin = db.admin();
    let server_m2: f64 = admin
        .query_one("SELECT sum(ST_Area(geom)) FROM stockfirst.parcels", &[])
        .unwrap()
        .get(0);
    let ours = from_file.total_area().m2();
    assert!((server_m2 - ours).abs() < 1e-6 * ours, "{server_m2} vs {ours}");
}

/// The rows of a binary COPY stream, each as the bytes after its field count, checked against the count `fields`.
fn copy_rows(stream: &[u8], fields: i16) -> Vec<&[u8]> {
    assert_eq!(&stream[..11], b"PGCOPY\n\xff\r\n\0");
    let ext = u32::from_be_bytes(stream[15..19].try_into().unwrap()) as usize;
    let mut at = 19 + ext;
    let mut rows = Vec::new();
    loop {
        let count = i16::from_be_bytes(stream[at..at + 2].try_into().unwrap());
        if count == -1 {
            assert_eq!(at + 2, stream.len());
            return rows;
        }
        assert_eq!(count, fields);
        let start = at + 2;
        at = start;
        for _ in 0..count {
            let len = i32::from_be_bytes(stream[at..at + 4].try_into().unwrap());
            at += 4 + usize::try_from(len).unwrap_or(0);
        }
        rows.push(&stream[start..at]);
    }
}

#[test]
fn each_row_image_is_the_servers_own_copy_of_its_columns() {
    use std::io::Read;
    let Some(db) = TestDb::new("row_image") else { return };
    let (lib, _) = io::load_library_with(Path::new(SAMPLE), &Default::default()).unwrap();
    db.import(lib.parcels());
    let mut admin = db.admin();
    // Changed after the import: the image must follow the version and change_seq the trigger stamps.
    let changed = admin
        .execute(
            "UPDATE stockfirst.parcels SET status = 'engaged' WHERE county = (SELECT min(county) FROM stockfirst.parcels)",
            &[],
        )
        .unwrap();
    assert!(changed > 0);
    // A parcel deleted takes its image with it.
    let gone = admin
        .execute(
            "DELETE FROM stockfirst.parcels WHERE id = (SELECT max(id) FROM stockfirst.parcels)",
            &[],
        )
        .unwrap();
    assert_eq!(gone, 1);
    let nulls: i64 = admin
        .query_one(
            "SELECT count(*) FROM stockfirst.parcels WHERE remarks IS NULL OR idle_since IS NULL OR approval_year IS NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(nulls > 0, "the sample should have NULL cells to check");
    let mut copy = |sql: &str| {
        let mut out = Vec::new();
        admin.copy_out(sql).unwrap().read_to_end(&mut out).unwrap();
        out
    };
    // The columns as the server's own send functions write them (the load read these before migration 3).
    let columns = copy(
        "COPY (SELECT id, name, county, kind, land_use_system, land_use_code, status, stated_area_m2, approval_no, \
         approval_year, idle_since, remarks, geom, version, change_seq FROM stockfirst.parcels ORDER BY id) \
         TO STDOUT (FORMAT binary)",
    );
    let images = copy("COPY (SELECT row_image FROM stockfirst.parcel_images ORDER BY id) TO STDOUT (FORMAT binary)");
    let columns = copy_rows(&columns, 15);
    let images = copy_rows(&images, 1);
    assert_eq!(columns.len(), lib.len() - 1);
    assert_eq!(images.len(), columns.len());
    for (image, cells) in images.iter().zip(&columns) {
        // The one cell's length, then the image: the fifteen cells, byte for byte.
        assert_eq!(&image[4..], *cells);
    }
}

/// A load reads the images a stretch of eight heap pages at a time (`read.rs`, `IMAGES_BY_PAGES`). With dead row
/// versions left on the pages by updates and deletes, and new versions written to other pages, every live parcel
/// still comes back exactly once, at the version the server holds.
#[test]
fn a_load_reads_every_live_parcel_once_across_its_stretches_of_pages() {
    use geo::{Coord, Rect};
    use stockfirst::sample::{SampleSpec, generate};
    let Some(db) = TestDb::new("stretches") else { return };
    let (x0, y0) = (38_440_000.0, 3_900_000.0);
    let parcels = generate(&SampleSpec {
        parcels: 3000,
        seed: 12,
        seats: vec![(
            "410821".into(),
            "修武县".into(),
            Coord {
                x: x0 + 6_000.0,
                y: y0 + 4_000.0,
            },
        )],
        extent: Rect::new(
            Coord { x: x0, y: y0 },
            Coord {
                x: x0 + 12_000.0,
                y: y0 + 9_000.0,
            },
        ),
    });
    assert_eq!(parcels.len(), 3000);
    db.import(&parcels);
    let mut admin = db.admin();
    // Every third parcel changed twice (its old versions stay on the pages until a vacuum), every seventh deleted.
    for status in ["engaged", "available"] {
        admin
            .execute(
                "UPDATE stockfirst.parcels SET status = $1 WHERE right(id, 1) IN ('0', '3', '6', '9')",
                &[&status],
            )
            .unwrap();
    }
    let deleted = admin
        .execute("DELETE FROM stockfirst.parcels WHERE right(id, 1) = '7'", &[])
        .unwrap();
    assert!(deleted > 200);
    let pages: i64 = admin
        .query_one(
            "SELECT pg_relation_size('stockfirst.parcel_images') / current_setting('block_size')::int",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(pages > 8 * 10, "{pages} pages: many stretches expected");
    let want: Vec<(String, i64, i64)> = admin
        .query(
            "SELECT id, version, change_seq FROM stockfirst.parcels ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(want.len(), 3000 - deleted as usize);
    // Read as an officer (a read-only transaction needs no more than the officer's rights).
    let (xiuwu, _) = db.officers();
    let mut got: Vec<(String, i64, i64)> = postgis::read_all(&mut postgis::open(&xiuwu).unwrap())
        .unwrap()
        .into_iter()
        .map(|s| (s.parcel.id, s.version, s.change_seq))
        .collect();
    got.sort();
    assert_eq!(got, want);
    // The transaction of the load is over, its setting with it.
    let jit: String = admin.query_one("SHOW jit", &[]).unwrap().get(0);
    let mut again = db.admin();
    postgis::read_all(&mut again).unwrap();
    let after: String = again.query_one("SHOW jit", &[]).unwrap().get(0);
    assert_eq!(after, jit);
}

#[test]
fn a_library_of_schema_2_is_migrated_with_its_parcels() {
    use std::io::{Read, Write};
    let Some(db) = TestDb::new("from_schema_2") else { return };
    // The library as a bureau's server holds it after the first release: migrations 1 and 2 only.
    let mut admin = db.admin();
    admin.batch_execute("DROP SCHEMA stockfirst CASCADE").unwrap();
    admin
        .batch_execute(
            "CREATE SCHEMA stockfirst; CREATE TABLE stockfirst.schema_version (version integer PRIMARY KEY, \
             applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT session_user);",
        )
        .unwrap();
    for (version, sql) in &postgis::migrate::MIGRATIONS[..2] {
        admin.batch_execute(sql).unwrap();
        admin
            .execute(
                "INSERT INTO stockfirst.schema_version (version) VALUES ($1)",
                &[version],
            )
            .unwrap();
    }
    // Its parcels: the sample imported into a library of today's schema, then copied over column by column (an
    // import itself now also keeps the images, which schema 2 has not).
    let (lib, _) = io::load_library_with(Path::new(SAMPLE), &Default::default()).unwrap();
    let today = TestDb::new("from_schema_2_source").unwrap();
    today.import(lib.parcels());
    let columns = "id, name, county, kind, land_use_system, land_use_code, status, stated_area_m2, approval_no, \
                   approval_year, idle_since, remarks, geom";
    let mut rows = Vec::new();
    today
        .admin()
        .copy_out(format!("COPY stockfirst.parcels ({columns}) TO STDOUT (FORMAT binary)").as_str())
        .unwrap()
        .read_to_end(&mut rows)
        .unwrap();
    let mut into = admin
        .copy_in(format!("COPY stockfirst.parcels ({columns}) FROM STDIN (FORMAT binary)").as_str())
        .unwrap();
    into.write_all(&rows).unwrap();
    assert_eq!(into.finish().unwrap(), lib.len() as u64);
    let err = postgis::open(&db.admin_url).err().unwrap().to_string();
    assert!(err.contains("db migrate"), "{err}");
    let (ok, text) = stockfirst(&["db", "migrate", &db.admin_url]);
    assert!(ok, "{text}");
    // Every parcel is read back through its new row image, as imported.
    let (back, _) = io::load_library_with(Path::new(&db.admin_url), &Default::default()).unwrap();
    assert_eq!(back.len(), lib.len());
    for p in lib.parcels() {
        assert_eq!(back.parcel(back.index_of(&p.id).unwrap()).unwrap(), p, "{}", p.id);
    }
}

#[test]
fn the_db_commands_set_up_and_use_a_shared_library() {
    let Some(db) = TestDb::new("cli") else { return };
    let url = db.admin_url.clone();
    let (ok, text) = stockfirst(&["db", "init", &url]);
    assert!(ok, "{text}");
    assert!(text.contains("架构已是最新"), "{text}");
    let (ok, text) = stockfirst(&["db", "import", &url, SAMPLE]);
    assert!(ok, "{text}");
    // Importing again would double the library: refused, naming the ids.
    let (ok, text) = stockfirst(&["db", "import", &url, SAMPLE]);
    assert!(!ok && text.contains("--replace"), "{text}");
    // `--library postgresql://…` on `match`: the same candidates as from the GeoPackage it came from.
    let fp = "sample-data/footprints/xiuwu-industrial.txt";
    let matched = |library: &str| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
            .args([
                "match",
                "--library",
                library,
                "--footprint",
                fp,
                "--use",
                "1001",
                "--json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut c = serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["candidates"].take();
        // Indices into the library depend on its order (the shared library reads by 地块编号); ids do not.
        for one in c.as_array_mut().unwrap() {
            one.as_object_mut().unwrap().remove("parcels");
        }
        c
    };
    let from_db = matched(&url);
    assert!(from_db.as_array().is_some_and(|c| !c.is_empty()));
    assert_eq!(from_db, matched(SAMPLE));
    let xiuwu = db.login_role("officer_xiuwu");
    let (ok, text) = stockfirst(&["db", "grant", &url, "officer_xiuwu", "修武县"]);
    assert!(ok && text.contains("修武县"), "{text}");
    let (ok, text) = stockfirst(&["db", "grant", &url, "no_such_role", "修武县"]);
    assert!(!ok && text.contains("CREATE ROLE"), "{text}");

    let mut admin = db.admin();
    let (xw, ba): (String, String) = {
        let pick = |county: &str| -> String {
            db.admin()
                .query_one(
                    "SELECT id FROM stockfirst.parcels WHERE county = $1 AND status = 'available' ORDER BY id LIMIT 1",
                    &[&county],
                )
                .unwrap()
                .get(0)
        };
        (pick(support::XIUWU), pick(support::BOAI))
    };
    let (ok, text) = stockfirst(&["db", "show", &xiuwu, &xw]);
    assert!(
        ok && text.contains("版本 1") && text.contains("您可修改：修武县"),
        "{text}"
    );
    let (ok, text) = stockfirst(&["db", "status", &xiuwu, &xw, "已对接", "--expect-version", "1"]);
    assert!(ok && text.contains("第2版"), "{text}");
    let (ok, text) = stockfirst(&["db", "status", &xiuwu, &xw, "拟供应", "--expect-version", "1"]);
    assert!(!ok && text.contains("冲突"), "{text}");
    let (ok, text) = stockfirst(&["db", "status", &xiuwu, &ba, "已对接", "--expect-version", "1"]);
    assert!(!ok && text.contains("无权修改") && text.contains("博爱县"), "{text}");
    let (ok, text) = stockfirst(&[
        "--lang",
        "en",
        "db",
        "status",
        &xiuwu,
        &xw,
        "可供",
        "--expect-version",
        "2",
    ]);
    assert!(!ok && text.contains("needs a note"), "{text}");

    // Export to a GeoPackage and read it back: the change is in it.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.gpkg");
    let (ok, text) = stockfirst(&["db", "export", &xiuwu, out.to_str().unwrap()]);
    assert!(ok, "{text}");
    let back = io::load_library(&out).unwrap();
    let i = back.index_of(&xw).unwrap();
    assert_eq!(back.parcel(i).unwrap().status, stockfirst::model::ParcelStatus::Engaged);
    // `--library postgresql://…` on an ordinary command.
    let (ok, text) = stockfirst(&["info", &xiuwu]);
    assert!(ok, "{text}");

    // A database newer than the program is refused by name; an empty one points to `db init`.
    admin
        .execute("INSERT INTO stockfirst.schema_version (version) VALUES (999)", &[])
        .unwrap();
    let err = postgis::open(&url).err().unwrap().to_string();
    assert!(err.contains("999") && err.contains("upgrade"), "{err}");
    let other = TestDb::new("cli_empty").unwrap();
    let mut a = other.admin();
    a.batch_execute("DROP SCHEMA stockfirst CASCADE").unwrap();
    let err = postgis::open(&other.admin_url).err().unwrap().to_string();
    assert!(err.contains("db init"), "{err}");
}

#[test]
fn an_unreachable_server_is_named_clearly() {
    // A port nothing listens on: no cluster needed.
    let err = postgis::open("postgresql://officer@127.0.0.1:1/stock").err().unwrap();
    let text = format!("{err:#}");
    assert!(text.contains("无法连接服务器") && text.contains("127.0.0.1"), "{text}");
}
