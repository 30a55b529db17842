//! A shared library on a server that asks for a password (the test cluster makes members of `password_required`
//! give one, tests/pg/cluster.sh): the app opens its password dialog instead of an error, a wrong password is said to
//! be wrong and asked again while the library it had stays usable, and the right one opens the shared library. The
//! password never reaches the project file. Needs STOCKFIRST_TEST_PG (`tests/pg/with-cluster.sh`).

#[path = "pg/support.rs"]
mod support;

use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stockfirst::model::Lang;
use stockfirst::ui::{LibrarySource, StockApp, load_now};
use support::{TestDb, step_until, two_counties};

const FIELD: &str = "密码（只保存在内存中，不写入项目文件）";
const PASSWORD: &str = "jz-stock-2026-口令";

fn type_password(h: &mut Harness<'_, StockApp>, text: &str) {
    // The field (a password input) and the line below it share the words.
    h.get_by_role_and_label(Role::PasswordInput, FIELD).focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::PasswordInput, FIELD).type_text(text);
    h.run_steps(1);
    h.get_by_label("连接").click();
    h.run_steps(1);
}

#[test]
fn the_password_dialog_logs_in_to_a_server_that_asks() {
    let Some(db) = TestDb::new("password") else { return };
    let parcels = two_counties(3);
    db.import(&parcels);
    let url = db.login_role("officer_pw");
    db.admin()
        .batch_execute(&format!(
            "ALTER ROLE officer_pw PASSWORD '{PASSWORD}'; GRANT password_required TO officer_pw"
        ))
        .unwrap();
    // No password anywhere the connection could find one.
    assert!(
        std::env::var_os("PGPASSWORD").is_none(),
        "the test needs PGPASSWORD unset"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("p.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 50, seed: 3 }).unwrap());
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    h.run_steps(2);

    h.state_mut().start_load(LibrarySource::Path(url.clone().into()));
    assert!(
        step_until(&mut h, Duration::from_secs(20), |s| s.shared.password.is_some()),
        "no password dialog; error: {:?}",
        h.state().shell.load_error
    );
    assert!(
        !h.state().shared.password.as_ref().unwrap().wrong,
        "nothing was typed yet"
    );
    assert!(h.state().shell.load_error.is_none(), "a dialog, not an error");
    h.run_steps(2);
    h.get_by_role_and_label(Role::PasswordInput, FIELD);

    type_password(&mut h, "not-the-password");
    assert!(
        step_until(&mut h, Duration::from_secs(20), |s| s
            .shared
            .password
            .as_ref()
            .is_some_and(|p| p.wrong)),
        "a wrong password must bring the dialog back, saying so; error: {:?}",
        h.state().shell.load_error
    );
    h.run_steps(2);
    h.get_by_label("密码错误，请重新输入");
    assert_eq!(
        h.state().library().unwrap().len(),
        50,
        "the library it had stays usable"
    );

    type_password(&mut h, PASSWORD);
    assert!(
        step_until(&mut h, Duration::from_secs(30), |s| s
            .library()
            .is_some_and(|l| l.len() == parcels.len())),
        "the right password opens the shared library; error: {:?}",
        h.state().shell.load_error
    );
    assert!(h.state().shared.password.is_none());
    assert!(h.state().shared.session.is_some(), "a shared session is open");
    h.run_steps(3);
    // Nothing the app wrote (autosave, unsent changes …) holds the password.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            assert!(!text.contains(PASSWORD), "the password reached {}", path.display());
        }
    }
}
