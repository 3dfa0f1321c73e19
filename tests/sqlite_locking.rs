//! Why every write transaction on SQLite starts with `BEGIN IMMEDIATE` (`db::write_tx`).
//!
//! Two independent connections to one SQLite file, each opened with the engine's own
//! settings (`db::connect`: busy timeout, foreign keys, `synchronous`; WAL set on the
//! file by `Db::open`), as two processes would hold them — not two turns of the app's
//! one-writer pool. Each runs the read-modify-write every engine act runs (read a
//! counter, write it back plus one). The interleaving is fixed with channels, never
//! with sleeps.
//!
//! - With a plain (deferred) `BEGIN`, both read the same value; the second writer is
//!   refused (`SQLITE_BUSY`, whatever the busy timeout: its snapshot is stale), so one
//!   of the two increments is lost unless the caller retries the whole transaction.
//! - With `BEGIN IMMEDIATE`, the second transaction cannot read before the first has
//!   committed: both increments land.

use std::sync::mpsc;
use std::thread;

use babillard::db::{self, Db, DbConnection, write_tx};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

diesel::table! {
    counter (id) {
        id -> BigInt,
        n -> BigInt,
    }
}

/// A fresh SQLite file holding `counter` = 0, and its URL. WAL is set as the app sets
/// it (by opening the database once with `Db::open`).
fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = dir.path().join("locking.sqlite3").display().to_string();
    let db = Db::open(&url, 1).expect("the engine opens the file");
    let mut c = db.write().expect("connection");
    c.batch_execute(
        "CREATE TABLE counter (id INTEGER PRIMARY KEY NOT NULL, n BIGINT NOT NULL); \
         INSERT INTO counter (id, n) VALUES (1, 0);",
    )
    .expect("counter table");
    drop(c);
    drop(db);
    (dir, url)
}

fn connect(url: &str) -> DbConnection {
    db::connect(url).expect("a connection with the engine's settings")
}

fn read(c: &mut DbConnection) -> QueryResult<i64> {
    counter::table.find(1).select(counter::n).first(c)
}

fn write(c: &mut DbConnection, n: i64) -> QueryResult<usize> {
    diesel::update(counter::table.find(1))
        .set(counter::n.eq(n))
        .execute(c)
}

#[test]
fn the_engine_settings_are_those_of_the_app() {
    let (_dir, url) = database();
    let mut c = connect(&url);
    #[derive(QueryableByName)]
    struct Pragma {
        #[diesel(sql_type = diesel::sql_types::Text)]
        v: String,
    }
    let mut pragma = |sql: &str| -> String {
        diesel::sql_query(sql)
            .get_result::<Pragma>(&mut c)
            .expect(sql)
            .v
    };
    assert_eq!(
        pragma("SELECT CAST(timeout AS TEXT) AS v FROM pragma_busy_timeout"),
        "10000"
    );
    assert_eq!(
        pragma("SELECT journal_mode AS v FROM pragma_journal_mode"),
        "wal"
    );
    assert_eq!(
        pragma("SELECT CAST(foreign_keys AS TEXT) AS v FROM pragma_foreign_keys"),
        "1"
    );
}

#[test]
fn deferred_begin_loses_an_update_between_two_connections() {
    let (_dir, url) = database();
    let (read_tx, read_rx) = mpsc::channel::<()>();
    let (committed_tx, committed_rx) = mpsc::channel::<()>();
    let (go_tx, go_rx) = mpsc::channel::<()>();

    let (first_url, second_url) = (url.clone(), url.clone());
    let first = thread::spawn(move || {
        let mut c = connect(&first_url);
        c.batch_execute("BEGIN").unwrap();
        let seen = read(&mut c).unwrap();
        read_tx.send(()).unwrap();
        // Both have read before either writes.
        go_rx.recv().unwrap();
        write(&mut c, seen + 1).unwrap();
        c.batch_execute("COMMIT").unwrap();
        committed_tx.send(()).unwrap();
        seen
    });
    let second = thread::spawn(move || {
        let mut c = connect(&second_url);
        c.batch_execute("BEGIN").unwrap();
        let seen = read(&mut c).unwrap();
        read_rx.recv().unwrap();
        go_tx.send(()).unwrap();
        committed_rx.recv().unwrap();
        // The first has committed; this one writes what it computed from its own read.
        let outcome = write(&mut c, seen + 1);
        match &outcome {
            Ok(_) => c.batch_execute("COMMIT").unwrap(),
            Err(_) => c.batch_execute("ROLLBACK").unwrap(),
        }
        (seen, outcome)
    });
    let first_seen = first.join().unwrap();
    let (second_seen, second_outcome) = second.join().unwrap();
    assert_eq!(
        (first_seen, second_seen),
        (0, 0),
        "both read the same value"
    );
    let refused = second_outcome.expect_err("the stale writer is refused");
    assert!(
        refused.to_string().contains("locked") || refused.to_string().contains("busy"),
        "{refused}"
    );
    let mut c = connect(&url);
    assert_eq!(read(&mut c).unwrap(), 1, "two increments, one kept");
}

#[test]
fn begin_immediate_keeps_both_updates_between_two_connections() {
    let (_dir, url) = database();
    let (holding_tx, holding_rx) = mpsc::channel::<()>();
    let (probed_tx, probed_rx) = mpsc::channel::<()>();

    let first_url = url.clone();
    let first = thread::spawn(move || {
        let mut c = connect(&first_url);
        write_tx(&mut c, |c| -> QueryResult<i64> {
            let seen = read(c)?;
            holding_tx.send(()).unwrap();
            // Commits only once the lock it holds has been seen from outside.
            probed_rx.recv().unwrap();
            write(c, seen + 1)?;
            Ok(seen)
        })
        .unwrap()
    });
    holding_rx.recv().unwrap();
    // While the first holds its transaction, no other can begin one: a third
    // connection that will not wait is refused at `BEGIN IMMEDIATE`, before reading.
    let mut probe = connect(&url);
    probe.batch_execute("PRAGMA busy_timeout = 0").unwrap();
    let refused = probe
        .batch_execute("BEGIN IMMEDIATE")
        .expect_err("the write lock is held");
    assert!(refused.to_string().contains("locked"), "{refused}");
    // The second, with the engine's busy timeout, waits for the first to commit, then
    // reads what it wrote.
    let second_url = url.clone();
    let second = thread::spawn(move || {
        let mut c = connect(&second_url);
        write_tx(&mut c, |c| -> QueryResult<i64> {
            let seen = read(c)?;
            write(c, seen + 1)?;
            Ok(seen)
        })
        .unwrap()
    });
    probed_tx.send(()).unwrap();
    let first_seen = first.join().unwrap();
    let second_seen = second.join().unwrap();
    assert_eq!(
        (first_seen, second_seen),
        (0, 1),
        "the second read after the first wrote"
    );
    let mut c = connect(&url);
    assert_eq!(read(&mut c).unwrap(), 2, "two increments, both kept");
}
