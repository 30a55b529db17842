//! Shared by tests/postgis_*.rs: a fresh database per test in the throwaway cluster of tests/pg/cluster.sh
//! (`make test` sets STOCKFIRST_TEST_PG), the schema applied, and officers as ordinary login roles.
#![allow(dead_code)]

use geo::{MultiPolygon, polygon};
use postgres::{Client, NoTls};
use stockfirst::io::postgis;
use stockfirst::model::{LandUse, Parcel, StockKind};

pub const XIUWU: &str = "410821";
pub const BOAI: &str = "410822";

pub struct TestDb {
    /// The superuser of the throwaway cluster, on this test's database: only to set things up and to look.
    pub admin_url: String,
    base: String,
    pub name: String,
}

/// The cluster's URL, or None (and a note) when the tests run without one.
pub fn base_url() -> Option<String> {
    match std::env::var("STOCKFIRST_TEST_PG") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            eprintln!("skipped: no STOCKFIRST_TEST_PG");
            None
        }
    }
}

fn with_db(url: &str, db: &str) -> String {
    let (head, _) = url.rsplit_once('/').unwrap();
    format!("{head}/{db}")
}

fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
    format!("{scheme}://{user}@{host}")
}

impl TestDb {
    /// A new database (a copy of the cluster's PostGIS database) with the schema, for one test.
    pub fn new(tag: &str) -> Option<TestDb> {
        let base = base_url()?;
        let name = format!("sf_{tag}_{}", std::process::id());
        let mut root = Client::connect(&with_db(&base, "postgres"), NoTls).unwrap();
        root.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        // The template may be busy for a moment while another test copies it.
        let mut tries = 0;
        loop {
            match root.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE stockfirst_test")) {
                Ok(()) => break,
                Err(e) if tries < 50 => {
                    tries += 1;
                    eprintln!("retrying CREATE DATABASE: {e}");
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(e) => panic!("CREATE DATABASE {name}: {e}"),
            }
        }
        let admin_url = with_db(&base, &name);
        let mut admin = Client::connect(&admin_url, NoTls).unwrap();
        postgis::migrate::migrate(&mut admin).unwrap();
        Some(TestDb { admin_url, base, name })
    }

    pub fn admin(&self) -> Client {
        Client::connect(&self.admin_url, NoTls).unwrap()
    }

    /// An ordinary login role (not a superuser: RLS applies), made once per cluster.
    pub fn login_role(&self, role: &str) -> String {
        let mut admin = self.admin();
        let exists = admin
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role])
            .unwrap()
            .is_some();
        if !exists {
            // Another test may make it at the same moment.
            let _ = admin.batch_execute(&format!("CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS"));
        }
        let rls_bypass: bool = admin
            .query_one(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = $1",
                &[&role],
            )
            .unwrap()
            .get(0);
        assert!(!rls_bypass, "{role} must be an ordinary role");
        self.url_as(role)
    }

    pub fn url_as(&self, role: &str) -> String {
        with_user(&self.admin_url, role)
    }

    /// `officer_xiuwu` may change 修武县, `officer_boai` 博爱县; returns their URLs.
    pub fn officers(&self) -> (String, String) {
        let counties = stockfirst::io::assets::counties().unwrap();
        let xiuwu = self.login_role("officer_xiuwu");
        let boai = self.login_role("officer_boai");
        let mut admin = self.admin();
        postgis::grant(&mut admin, "officer_xiuwu", &["修武县".into()], &counties).unwrap();
        postgis::grant(&mut admin, "officer_boai", &["博爱".into()], &counties).unwrap();
        (xiuwu, boai)
    }

    pub fn import(&self, parcels: &[Parcel]) {
        let mut admin = self.admin();
        postgis::import(&mut admin, parcels, false).unwrap();
    }

    pub fn base(&self) -> &str {
        &self.base
    }
}

/// A square parcel `side` metres wide at a zone-38 easting, in `county`.
pub fn square(id: &str, county: &str, x: f64, side: f64) -> Parcel {
    let (x, y) = (38_450_000.0 + x, 3_900_000.0);
    let g = MultiPolygon(vec![polygon![
        (x: x, y: y), (x: x + side, y: y), (x: x + side, y: y + side), (x: x, y: y + side)
    ]]);
    Parcel::new(id, StockKind::Idle, LandUse::ydyh("1001"), county, g)
}

/// `n` parcels of 修武县 XW-000.. and `n` of 博爱县 BA-000...
pub fn two_counties(n: usize) -> Vec<Parcel> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(square(&format!("XW-{i:03}"), XIUWU, i as f64 * 200.0, 100.0));
        v.push(square(&format!("BA-{i:03}"), BOAI, i as f64 * 200.0, 50.0));
    }
    v
}

/// A loopback port nothing listens on (bound, then let go): a server that is not there.
pub fn dead_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Steps the app's frames (it never blocks on the server) until `done` holds; false after `limit`.
pub fn step_until(
    h: &mut egui_kittest::Harness<'_, stockfirst::ui::StockApp>,
    limit: std::time::Duration,
    done: impl Fn(&stockfirst::ui::StockApp) -> bool,
) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        h.step();
        if done(h.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}
