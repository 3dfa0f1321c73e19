//! The `babillard` command as a newcomer runs it: migrate, demo (twice), user add,
//! token create — against a fresh SQLite file chosen by BABILLARD_DATABASE_URL.

use std::process::Command;

use crate::common::babillard;

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
    // The addresses to open, whole, so a newcomer can click them in the terminal.
    assert!(
        first.contains("Programme : http://127.0.0.1:8080/events/journees-numeriques-"),
        "{first}"
    );
    assert!(first.contains("http://127.0.0.1:8080/admin"), "{first}");
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
fn tokens_are_listed_revoked_and_may_expire() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite3").display().to_string();
    let (ok, _, err) = babillard(
        &db,
        &[
            "user",
            "add",
            "--email",
            "coord@mrc.example.org",
            "--name",
            "Coordination",
            "--password-env",
            "BABILLARD_TEST_PASSWORD",
        ],
    );
    assert!(ok, "{err}");
    let (ok, forever, err) = babillard(
        &db,
        &[
            "token",
            "create",
            "--email",
            "coord@mrc.example.org",
            "--name",
            "site de la MRC",
        ],
    );
    assert!(ok, "{err}");
    let (ok, month, err) = babillard(
        &db,
        &[
            "token",
            "create",
            "--email",
            "coord@mrc.example.org",
            "--name",
            "essai",
            "--expires-days",
            "30",
        ],
    );
    assert!(ok, "{err}");
    let (ok, list, err) = babillard(&db, &["token", "list"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(
        lines[0],
        "id\temail\tname\tcreated\tlast used\texpires\tstate"
    );
    assert_eq!(lines.len(), 3, "{list}");
    let first: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(
        (first[1], first[2], first[4], first[5], first[6]),
        (
            "coord@mrc.example.org",
            "site de la MRC",
            "never",
            "never",
            "live"
        ),
        "{list}"
    );
    let second: Vec<&str> = lines[2].split('\t').collect();
    assert_eq!((second[2], second[6]), ("essai", "live"));
    assert!(second[5].ends_with("UTC"), "an expiry date: {list}");
    // The tokens themselves are never shown again, nor kept.
    assert!(!list.contains(forever.trim()) && !list.contains(month.trim()));

    let id = first[0];
    let (ok, out, err) = babillard(&db, &["token", "revoke", id]);
    assert!(ok && out.contains("revoked"), "{out}{err}");
    let (_, list, _) = babillard(&db, &["token", "list", "--email", "COORD@mrc.example.org"]);
    assert!(
        list.lines().nth(1).unwrap().ends_with("\trevoked"),
        "{list}"
    );
    // The revoked token no longer opens anything; the other still does.
    let mut conn = babillard::db::Db::open(&db, 1).unwrap().write().unwrap();
    assert!(
        babillard::store::users::user_for_token(&mut conn, forever.trim())
            .unwrap()
            .is_none()
    );
    assert!(
        babillard::store::users::user_for_token(&mut conn, month.trim())
            .unwrap()
            .is_some()
    );
    drop(conn);
    let (ok, _, err) = babillard(&db, &["token", "revoke", id]);
    assert!(!ok && err.contains("no live token"), "{err}");
    let (ok, _, err) = babillard(
        &db,
        &[
            "token",
            "create",
            "--email",
            "coord@mrc.example.org",
            "--expires-days",
            "0",
        ],
    );
    assert!(!ok, "zero days is refused: {err}");
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

/// A small partner calendar a month from now: one event, and a weekly series of three.
fn future_feed() -> String {
    let day = (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y%m%d");
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Partner//FR\r\n\
         X-WR-CALNAME:Club informatique de Lachute\r\n\
         BEGIN:VEVENT\r\nUID:soiree@club.example\r\nDTSTAMP:20261101T000000Z\r\n\
         DTSTART;TZID=America/Toronto:{day}T190000\r\n\
         DTEND;TZID=America/Toronto:{day}T203000\r\n\
         SUMMARY:Soirée d'entraide informatique\r\nLOCATION:Salle communautaire\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:tablette@club.example\r\nDTSTAMP:20261101T000000Z\r\n\
         DTSTART;TZID=America/Toronto:{day}T100000\r\n\
         DTEND;TZID=America/Toronto:{day}T113000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n\
         SUMMARY:Tablette pour débutants\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n"
    )
}

/// The value printed after a summary line's label (« nouvelles activités / new: 4 »).
fn count(out: &str, label: &str) -> usize {
    out.lines()
        .find(|l| l.contains(label))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line {label} in {out}"))
}

#[test]
fn a_partner_calendar_file_is_imported_once_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.sqlite3").display().to_string();
    let feed = dir.path().join("club.ics");
    std::fs::write(&feed, future_feed()).unwrap();
    let feed = feed.display().to_string();
    let (ok, _, err) = babillard(&db, &["demo"]);
    assert!(ok, "{err}");
    let org = ["--organisation", "bibliotheque-jean-marc-belzile"];

    let (ok, out, err) = babillard(&db, &[&["import", &feed, "--dry-run"][..], &org].concat());
    assert!(ok, "{err}");
    assert!(out.contains("Dry run: nothing was written"), "{out}");
    assert_eq!(
        count(&out, "queued:"),
        4,
        "untrusted: waits for moderation: {out}"
    );
    let (ok, out, err) = babillard(&db, &[&["import", &feed, "--dry-run"][..], &org].concat());
    assert!(ok, "{err}");
    assert_eq!(
        count(&out, "queued:"),
        4,
        "the dry run left nothing behind: {out}"
    );

    let (ok, out, err) = babillard(&db, &[&["import", &feed, "--trusted"][..], &org].concat());
    assert!(ok, "{err}");
    assert_eq!(count(&out, "new:"), 4, "{out}");
    assert_eq!(count(&out, "refused:"), 0, "{out}");

    // Again: the same calendar (found by its name), nothing new.
    let (ok, out, err) = babillard(&db, &[&["import", &feed][..], &org].concat());
    assert!(ok, "{err}");
    assert_eq!(count(&out, "new:"), 0, "{out}");
    assert_eq!(count(&out, "unchanged:"), 4, "{out}");

    // A misspelt organisation is named in the error.
    let (ok, _, err) = babillard(&db, &["import", &feed, "--organisation", "nulle-part"]);
    assert!(!ok);
    assert!(err.contains("nulle-part"), "{err}");
}
