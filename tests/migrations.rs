//! The two migration sets describe the same schema, and both apply and revert cleanly.

mod common;

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
    (
        cols.into_iter()
            .map(|c| (c.table_name, c.column_name, c.nullable == 1))
            .collect(),
        idx.into_iter().map(|n| n.name).collect(),
    )
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
    (
        cols.into_iter()
            .map(|c| (c.table_name, c.column_name, c.nullable == 1))
            .collect(),
        idx.into_iter().map(|n| n.name).collect(),
    )
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
