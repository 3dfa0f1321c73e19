//! The two migration sets describe the same schema, and both apply and revert cleanly.

use crate::common;

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::{MigrationHarness, embed_migrations};

#[derive(QueryableByName, Debug)]
struct Col {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = BigInt)]
    nullable: i64,
}

#[derive(QueryableByName, Debug)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

type Columns = BTreeSet<(String, String, bool)>;

/// The columns (table, name, nullable) and the named indexes, as sets to compare.
fn shape(cols: Vec<Col>, idx: Vec<Name>) -> (Columns, BTreeSet<String>) {
    (
        cols.into_iter()
            .map(|c| (c.table_name, c.column_name, c.nullable == 1))
            .collect(),
        idx.into_iter().map(|n| n.name).collect(),
    )
}

fn sqlite_schema(path: &str) -> (Columns, BTreeSet<String>) {
    let mut c = diesel::SqliteConnection::establish(path).unwrap();
    let cols: Vec<Col> = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, \
                CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
    )
    .load(&mut c)
    .unwrap();
    let idx: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .load(&mut c)
    .unwrap();
    shape(cols, idx)
}

fn postgres_schema(url: &str) -> (Columns, BTreeSet<String>) {
    let mut c = diesel::PgConnection::establish(url).unwrap();
    let cols: Vec<Col> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END::bigint AS nullable \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations'",
    )
    .load(&mut c)
    .unwrap();
    let idx: Vec<Name> = diesel::sql_query(
        "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema() \
         AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'",
    )
    .load(&mut c)
    .unwrap();
    shape(cols, idx)
}

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let sqlite = common::TestApp::sqlite().await;
    let path = sqlite.state.settings.database_url.expose().to_owned();
    let (s_cols, s_idx) = sqlite_schema(&path);
    assert!(
        s_cols
            .iter()
            .any(|(t, c, _)| t == "sessions" && c == "seats_taken")
    );
    let pg = common::TestApp::postgres().await;
    let (p_cols, p_idx) = postgres_schema(pg.state.settings.database_url.expose());
    assert_eq!(p_cols.len(), s_cols.len(), "column counts differ");
    let only_sqlite: Vec<_> = s_cols.difference(&p_cols).collect();
    let only_pg: Vec<_> = p_cols.difference(&s_cols).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_pg:?}"
    );
    assert_eq!(s_idx, p_idx, "named indexes differ");
}

#[test]
fn sqlite_migrations_revert_and_reapply() {
    const M: diesel_migrations::EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.sqlite3");
    let mut c = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
    babillard::db::prepare_sqlite_for_migrations(&mut c).unwrap();
    let applied = c.run_pending_migrations(M).unwrap().len();
    assert!(applied >= 1);
    c.revert_all_migrations(M).unwrap();
    let left: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'",
    )
    .load(&mut c)
    .unwrap();
    assert!(left.is_empty(), "tables left after revert: {left:?}");
    assert_eq!(c.run_pending_migrations(M).unwrap().len(), applied);
}

const SQLITE: diesel_migrations::EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: diesel_migrations::EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Runs the migrations of `source` up to and including the one named `last`.
fn migrate_until<DB, C>(c: &mut C, source: diesel_migrations::EmbeddedMigrations, last: &str)
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB>,
    diesel_migrations::EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
{
    for m in c.pending_migrations(source).unwrap() {
        c.run_migration(&*m).unwrap();
        if m.name().to_string().contains(last) {
            return;
        }
    }
    panic!("no migration named {last}");
}

/// What an installation held before secrets were hashed: a registration and a trainer
/// with clear tokens, and a reminder still waiting to be sent.
const BEFORE_HASHING: &[&str] = &[
    "INSERT INTO regions (slug, name) VALUES ('r', 'Région')",
    "INSERT INTO mrcs (region_id, slug, name) VALUES (1, 'm', 'MRC')",
    "INSERT INTO municipalities (mrc_id, slug, name) VALUES (1, 'v', 'Ville')",
    "INSERT INTO organisations (slug, name, kind, created_at) VALUES ('o', 'Organisme', 'library', '2026-01-01 00:00:00')",
    "INSERT INTO kinds (slug, name_fr, name_en) VALUES ('ancien', 'Atelier', 'Workshop')",
    "INSERT INTO events (organisation_id, slug, title, status, created_at, updated_at) VALUES (1, 'e', 'Programme', 'published', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO sessions (event_id, organisation_id, kind_id, title, starts_at, ends_at, status, capacity, seats_taken, created_at, updated_at) VALUES (1, 1, 1, 'Atelier d''avant', '{START}', '{END}', 'published', 10, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO registrations (session_id, token, person_key, name, email, seats, status, queued_at, check_in_code, created_at, updated_at) VALUES (1, '{TOKEN}', 'email:avant@example.org', 'Aline Avant', 'avant@example.org', 1, 'confirmed', '2026-01-01 00:00:00', 'ABC234', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO trainers (slug, name, feed_token, created_at) VALUES ('t', 'Formatrice', '{FEED}', '2026-01-01 00:00:00')",
    "INSERT INTO session_trainers (session_id, trainer_id) VALUES (1, 1)",
    "INSERT INTO outbox (kind, registration_id, session_id, recipient, payload, status, next_attempt_at, created_at) VALUES ('reminder', 1, 1, 'avant@example.org', '{}', 'pending', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
];

async fn links_issued_before_hashing_still_work(backend: common::Backend) {
    use babillard::db::schema::{registrations, trainers};
    use babillard::domain::token::{digest, random_token};
    let (token, feed) = (random_token(), random_token());
    let start = babillard::db::now() + chrono::Duration::days(3);
    let fill = |sql: &str| {
        sql.replace("{START}", &start.to_string())
            .replace("{END}", &(start + chrono::Duration::hours(1)).to_string())
            .replace("{TOKEN}", &token)
            .replace("{FEED}", &feed)
    };
    let app = common::TestApp::build_upgraded(
        backend,
        |url| match backend {
            common::Backend::Sqlite => {
                let mut c = diesel::SqliteConnection::establish(url).unwrap();
                migrate_until(&mut c, SQLITE, "300000_staff");
                for sql in BEFORE_HASHING {
                    diesel::sql_query(fill(sql)).execute(&mut c).unwrap();
                }
            }
            common::Backend::Postgres => {
                let mut c = diesel::PgConnection::establish(url).unwrap();
                migrate_until(&mut c, POSTGRES, "300000_staff");
                for sql in BEFORE_HASHING {
                    diesel::sql_query(fill(sql)).execute(&mut c).unwrap();
                }
            }
        },
        |_| {},
    )
    .await;
    // The table now holds digests only.
    let (stored, stored_feed): (String, String) = app.with_conn(|c| {
        (
            registrations::table
                .select(registrations::token_hash)
                .first(c)
                .unwrap(),
            trainers::table
                .select(trainers::feed_token_hash)
                .first(c)
                .unwrap(),
        )
    });
    assert_eq!((stored, stored_feed), (digest(&token), digest(&feed)));
    // The links people hold keep working.
    let page = app.get(&format!("/r/{token}")).await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.text());
    assert!(page.text().contains("Aline Avant"));
    let mine = app.get(&format!("/r/{token}/calendar.ics")).await;
    assert!(
        mine.text().contains("SUMMARY:Atelier d'avant"),
        "{}",
        mine.text()
    );
    let trainer = app.get(&format!("/trainers/{feed}/calendar.ics")).await;
    assert_eq!(trainer.status.as_u16(), 200);
    // The reminder queued before the upgrade still carries her link.
    let bytes = common::mailkit::first_email(&app, None);
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let text = msg.body_text(0).unwrap();
    assert!(text.contains(&format!("/r/{token}")), "{text}");
}

#[actix_web::test]
async fn links_issued_before_hashing_still_work_on_sqlite() {
    links_issued_before_hashing_still_work(common::Backend::Sqlite).await;
}

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn links_issued_before_hashing_still_work_on_postgres() {
    links_issued_before_hashing_still_work(common::Backend::Postgres).await;
}
