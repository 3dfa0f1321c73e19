//! The `babillard` command as a newcomer runs it: migrate, demo (twice), user add,
//! token create — against a fresh SQLite file chosen by BABILLARD_DATABASE_URL.

use std::process::Command;

fn babillard(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_babillard"))
        .args(args)
        .env("BABILLARD_DATABASE_URL", db)
        .env("BABILLARD_TEST_PASSWORD", "un mot de passe solide")
        .env("RUST_LOG", "warn")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_newcomer_can_migrate_load_the_demo_twice_and_create_an_admin_with_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir
        .path()
        .join("nested/folder/b.sqlite3")
        .display()
        .to_string();

    let (ok, out, err) = babillard(&db, &["migrate"]);
    assert!(ok, "{err}");
    assert!(out.contains("migration(s) applied (sqlite)"), "{out}");
    let (ok, out, _) = babillard(&db, &["migrate"]);
    assert!(ok && out.starts_with("0 migration"), "{out}");

    let (ok, first, err) = babillard(&db, &["demo"]);
    assert!(ok, "{err}");
    assert!(first.contains("séance(s) créée(s)"), "{first}");
    let (ok, second, _) = babillard(&db, &["demo"]);
    assert!(
        ok && second.starts_with("Démo chargée : 0 séance(s) créée(s)"),
        "{second}"
    );

    let (ok, out, err) = babillard(
        &db,
        &[
            "user",
            "add",
            "--email",
            "Coord@MRC.example.org",
            "--name",
            "Coordination MRC",
            "--admin",
            "--password-env",
            "BABILLARD_TEST_PASSWORD",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("coord@mrc.example.org") && out.contains("regional administrator"),
        "{out}"
    );

    let (ok, token, err) = babillard(
        &db,
        &["token", "create", "--email", "coord@mrc.example.org"],
    );
    assert!(ok, "{err}");
    assert_eq!(token.trim().len(), 32, "{token}");

    let (ok, _, err) = babillard(&db, &["token", "create", "--email", "nobody@example.org"]);
    assert!(!ok && err.contains("no user with email"), "{err}");
}

#[test]
fn a_misspelt_setting_stops_the_start_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_babillard"))
        .arg("migrate")
        .env("BABILLARD_DATABSE_URL", "oops")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("databse_url"), "{err}");
}

#[test]
fn short_passwords_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.sqlite3").display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_babillard"))
        .args([
            "user",
            "add",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--password-env",
            "P",
        ])
        .env("BABILLARD_DATABASE_URL", &db)
        .env("P", "court")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("10 caractères"));
}

#[test]
fn the_old_secret_key_variable_is_ignored_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite3").display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_babillard"))
        .arg("migrate")
        .env("BABILLARD_DATABASE_URL", &db)
        .env("BABILLARD_SECRET_KEY", "x".repeat(64))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("BABILLARD_SECRET_KEY is no longer used"),
        "{err}"
    );
}
