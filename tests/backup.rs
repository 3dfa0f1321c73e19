//! `babillard backup` and `babillard restore`, on both databases: a backup taken while
//! registrations race in holds every registration confirmed before it began, with
//! counters that match the rows; it goes back into an empty database only (unless
//! forced); and the command does the same end to end on SQLite.

use crate::common;
use crate::common::babillard;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::{registrations, sessions};
use babillard::store::registrations as store;
use common::fixtures::{self, in_days};
use common::{Backend, FreshDb, TestApp};
use diesel::prelude::*;
use futures_util::future::{join, join_all};
use serde_json::json;

fn register_req(session: i64, n: usize) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/sessions/{session}/registrations"))
        .set_json(json!({
            "name": format!("Personne {n}"),
            "email": format!("p{n}@exemple.ca"),
            "consent": true,
        }))
}

async fn backup_during_a_rush_then_restore(backend: Backend) {
    let app = TestApp::build_in_own_database(backend).await;
    let s = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Journée numérique", in_days(3), |s| {
            s.capacity = Some(1000);
            s.max_seats = 1;
            s.waitlist_limit = None;
        })
    });
    // Thirty confirmed before the backup begins…
    for r in join_all((0..30).map(|n| app.call(register_req(s, n)))).await {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(r.json()["status"], "confirmed");
    }
    // …and sixty more racing in while it is taken, on a blocking thread as the command
    // would run beside the service.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copies/babillard.backup");
    let url = app.state.settings.database_url.expose().to_owned();
    let backup = {
        let (url, file) = (url.clone(), file.clone());
        actix_web::rt::task::spawn_blocking(move || babillard::backup::backup(&url, &file, false))
    };
    let (during, written) = join(
        join_all((30..90).map(|n| app.call(register_req(s, n)))),
        backup,
    )
    .await;
    for r in &during {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let written = written.unwrap().expect("the backup is written");
    assert_eq!(written.path, file);
    assert!(written.bytes > 0 && file.is_file(), "{written:?}");
    assert!(written.registrations >= 30, "{written:?}");

    // The same path again is refused without --force, and replaced with it.
    let again = babillard::backup::backup(&url, &file, false).unwrap_err();
    assert!(again.to_string().contains("--force"), "{again:#}");

    // Into a fresh, empty database.
    let target = FreshDb::new(backend);
    let restored = babillard::backup::restore(&target.url, &file, false).expect("restore");
    assert_eq!(
        restored.migrations, 0,
        "a backup of this version needs none"
    );
    assert!(
        (30..=90).contains(&restored.registrations),
        "{}",
        restored.registrations
    );
    if backend == Backend::Sqlite {
        assert_eq!(restored.registrations, written.registrations);
    }
    let db = babillard::db::Db::open(&target.url, 1).unwrap();
    let mut c = db.write().unwrap();
    let confirmed: Vec<String> = registrations::table
        .filter(registrations::session_id.eq(s))
        .filter(registrations::status.eq("confirmed"))
        .select(registrations::email.assume_not_null())
        .load(&mut c)
        .unwrap();
    for n in 0..30 {
        let email = format!("p{n}@exemple.ca");
        assert!(confirmed.contains(&email), "{email} is in the backup");
    }
    let counters: (i32, i32) = sessions::table
        .find(s)
        .select((sessions::seats_taken, sessions::waitlist_count))
        .first(&mut c)
        .unwrap();
    assert_eq!(
        store::recount(&mut c, s).unwrap(),
        counters,
        "the restored counters match the restored rows"
    );
    assert_eq!(counters.0 as usize, confirmed.len());
    drop(c);
    drop(db);

    // A second restore finds the database no longer empty.
    let refused = babillard::backup::restore(&target.url, &file, false).unwrap_err();
    let msg = format!("{refused:#}");
    assert!(
        msg.contains("not empty") && msg.contains("--force"),
        "{msg}"
    );
    let forced = babillard::backup::restore(&target.url, &file, true).expect("forced restore");
    assert_eq!(forced.registrations, restored.registrations);
}

mod a_backup_taken_during_a_rush_restores_every_confirmed_registration {
    use super::*;
    crate::each_backend!(backup_during_a_rush_then_restore);
}

#[test]
fn the_commands_back_up_and_restore_a_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let (live, copy, scratch) = (
        path("live.sqlite3"),
        path("b.backup"),
        path("scratch.sqlite3"),
    );
    let (ok, _, err) = babillard(&live, &["demo"]);
    assert!(ok, "{err}");

    let (ok, out, err) = babillard(&live, &["backup", &copy]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("Backup written to {copy}")) && out.contains("registrations"),
        "{out}"
    );
    let (ok, _, err) = babillard(&live, &["backup", &copy]);
    assert!(
        !ok && err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    let (ok, _, err) = babillard(&live, &["backup", &copy, "--force"]);
    assert!(ok, "{err}");

    let (ok, out, err) = babillard(&scratch, &["restore", &copy]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Restored") && out.contains("0 migration(s)"),
        "{out}"
    );
    let (ok, out, _) = babillard(&scratch, &["migrate"]);
    assert!(ok && out.starts_with("0 migration"), "{out}");
    for table in ["sessions", "registrations", "users", "organisations"] {
        let n = |url: &str| {
            let mut c = babillard::db::connect(url).unwrap();
            common::row_count(&mut c, table)
        };
        assert_eq!(n(&scratch), n(&live), "{table}");
    }

    let (ok, _, err) = babillard(&scratch, &["restore", &copy]);
    assert!(
        !ok && err.contains("not empty") && err.contains("--force"),
        "{err}"
    );
    let (ok, _, err) = babillard(&scratch, &["restore", &copy, "--force"]);
    assert!(ok, "{err}");
    let (ok, _, err) = babillard(&scratch, &["restore", &path("missing.backup")]);
    assert!(!ok && err.contains("no backup file"), "{err}");
}
