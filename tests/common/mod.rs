//! The test harness: the real application (`babillard::web::app`) over a fresh
//! database per test — a temporary SQLite file, or a fresh PostgreSQL schema of the
//! server `BABILLARD_TEST_POSTGRES_URL` names. Without that variable, PostgreSQL tests
//! are compiled as ignored (see `build.rs`), so `cargo test` counts them as ignored,
//! never as passed; with `CI` set they run and fail.
#![allow(dead_code)]

use actix_http::Request;
use actix_service::boxed::{self, BoxService};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use actix_web::web;
use diesel::prelude::*;

use babillard::config::Settings;
use babillard::db::{DbConnection, PooledConn};
use babillard::web::AppState;

pub mod staff;

pub const POSTGRES_ENV: &str = "BABILLARD_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        schema: String,
    },
    /// A whole database of its own, for what works per database rather than per schema
    /// (pg_dump and pg_restore).
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, schema } = self
            && let Ok(mut c) = diesel::PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&mut c);
        }
        if let TestDb::PostgresDatabase { admin_url, name } = self
            && let Ok(mut c) = diesel::PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}

/// A fresh, empty database (not migrated) and its URL; removed when dropped. On
/// PostgreSQL a whole database of its own, not a schema.
pub struct FreshDb {
    pub url: String,
    _db: TestDb,
}

impl FreshDb {
    pub fn new(backend: Backend) -> FreshDb {
        let (url, db) = own_database(backend);
        FreshDb { url, _db: db }
    }
}

/// `url` naming the database `name` on the same server, with the same parameters.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[host_start..].find('/') {
        Some(i) => &base[..host_start + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// Like [`fresh_database`], but on PostgreSQL a database of its own.
fn own_database(backend: Backend) -> (String, TestDb) {
    match backend {
        Backend::Sqlite => fresh_database(backend),
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let name = unique_name();
            let mut c = diesel::PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but unreachable: {e}"));
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut c)
                .expect("create database");
            let url = with_database(&admin_url, &name);
            (url, TestDb::PostgresDatabase { admin_url, name })
        }
    }
}

type Srv = BoxService<Request, ServiceResponse<BoxBody>, actix_web::Error>;

pub struct TestApp {
    pub state: web::Data<AppState>,
    pub backend: Backend,
    srv: Srv,
    _db: TestDb,
}

/// A response, read in full.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    /// The value of the CSRF cookie this response sets (a first visit does).
    pub fn csrf_cookie(&self) -> String {
        let cookie = self
            .headers
            .get_all("set-cookie")
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("csrf="))
            .expect("a csrf cookie");
        cookie["csrf=".len()..]
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

/// The PostgreSQL server the tests use. A test that needs one runs only when it is set
/// (or when `CI` is, to fail here rather than go green by skipping).
pub fn postgres_admin_url() -> String {
    std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_ENV} is not set: this test needs a PostgreSQL server, e.g. \
             {POSTGRES_ENV}=postgres://postgres@127.0.0.1:5432/postgres"
        )
    })
}

fn unique_name() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "t{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        babillard::domain::token::random_token()[..8]
            .to_ascii_lowercase()
            .replace(['-', '_'], "x")
    )
}

/// A database URL for a fresh, empty database of the given backend.
fn fresh_database(backend: Backend) -> (String, TestDb) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = dir.path().join("test.sqlite3").display().to_string();
            (url, TestDb::Sqlite(dir))
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let schema = unique_name();
            let mut c = diesel::PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but unreachable: {e}"));
            diesel::sql_query(format!("CREATE SCHEMA {schema}"))
                .execute(&mut c)
                .expect("create schema");
            let sep = if admin_url.contains('?') { '&' } else { '?' };
            // A throw-away schema: its commits need not wait for the disk
            // (`synchronous_commit` off for these connections only; what they see of
            // each other's commits is unchanged). The server's setting and the
            // engine's own connections elsewhere keep theirs.
            let url = format!(
                "{admin_url}{sep}options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"
            );
            (url, TestDb::Postgres { admin_url, schema })
        }
    }
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        Self::build(Backend::Sqlite, |_| {}).await
    }

    /// Needs `BABILLARD_TEST_POSTGRES_URL`: mark the test with
    /// `#[cfg_attr(babillard_no_postgres, ignore = "…")]` (as `on_both_backends!` does).
    pub async fn postgres() -> TestApp {
        Self::build(Backend::Postgres, |_| {}).await
    }

    /// A fresh app on `backend`, with settings adjusted by `configure`.
    pub async fn build(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
        Self::build_upgraded(backend, |_| {}, configure).await
    }

    /// A fresh app on `backend` whose database `prepare` first filled as an older
    /// version left it (it gets the database URL); the app then migrates it, as an
    /// installation being upgraded.
    pub async fn build_upgraded(
        backend: Backend,
        prepare: impl FnOnce(&str),
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let (url, db) = fresh_database(backend);
        Self::build_on(backend, url, db, prepare, configure).await
    }

    /// A fresh app on `backend` whose PostgreSQL database is its own, not a schema of
    /// the shared one (for pg_dump and pg_restore, which work per database).
    pub async fn build_in_own_database(backend: Backend) -> TestApp {
        let (url, db) = own_database(backend);
        Self::build_on(backend, url, db, |_| {}, |_| {}).await
    }

    async fn build_on(
        backend: Backend,
        url: String,
        db: TestDb,
        prepare: impl FnOnce(&str),
        configure: impl FnOnce(&mut Settings),
    ) -> TestApp {
        prepare(&url);
        let mut settings = Settings::for_tests(&url);
        configure(&mut settings);
        let state = web::Data::new(AppState::new(settings).expect("app state"));
        let srv = test::init_service(babillard::web::app(state.clone())).await;
        let srv = boxed::service(actix_service::ServiceExt::map(
            srv,
            |r: ServiceResponse<_>| r.map_into_boxed_body(),
        ));
        TestApp {
            state,
            backend,
            srv,
            _db: db,
        }
    }

    pub async fn call(&self, req: TestRequest) -> Resp {
        let res = self
            .srv
            .call(req.to_request())
            .await
            .expect("service answers");
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().try_into_bytes().map(|b| b.to_vec());
        let body = match body {
            Ok(b) => b,
            Err(b) => actix_web::body::to_bytes(b).await.expect("body").to_vec(),
        };
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call(TestRequest::get().uri(path)).await
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let r = self.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.text());
        r.json()
    }

    /// A connection for direct checks of what is stored.
    pub fn conn(&self) -> PooledConn {
        self.state.db.write().expect("db connection")
    }

    pub fn with_conn<T>(&self, f: impl FnOnce(&mut DbConnection) -> T) -> T {
        let mut c = self.conn();
        f(&mut c)
    }

    /// Loads the demo region and programme.
    pub fn demo(&self) -> babillard::demo::Report {
        babillard::demo::load(&self.state.db, false).expect("demo loads")
    }
}

/// Registers through the JSON API with consent given; `fields` holds the rest (name,
/// email, seats…). Returns the status and the JSON answer.
pub async fn register_by_api(
    app: &TestApp,
    session: i64,
    mut fields: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    fields["consent"] = serde_json::Value::Bool(true);
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{session}/registrations"))
                .set_json(fields),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    (r.status, r.json())
}

/// The token of a registration's manage link (`manage_url`), as the API answers it.
pub fn manage_token(registration: &serde_json::Value) -> String {
    registration["manage_url"]
        .as_str()
        .expect("manage_url")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

/// The number of rows in `table`.
/// The text of a PDF as `pdftotext` (poppler-utils, an independent reader) extracts it.
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "babillard-pdf-{}",
        babillard::domain::token::random_token()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("document.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn row_count(conn: &mut DbConnection, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result(conn)
        .unwrap();
    n.n
}

/// Runs each test body once on SQLite and once on PostgreSQL, as `name::sqlite` and
/// `name::postgres` (ignored when `BABILLARD_TEST_POSTGRES_URL` is not set).
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run(backend: $crate::common::Backend) {
                    let $app = $crate::common::TestApp::build(backend, |_| {}).await;
                    $body
                }

                $crate::each_backend!(run);
            }
        )*
    };
}

/// The two tests of a body on each backend: `sqlite`, and `postgres` (ignored when
/// `BABILLARD_TEST_POSTGRES_URL` is not set); `$run` is an `async fn(Backend)`.
#[macro_export]
macro_rules! each_backend {
    ($run:ident) => {
        #[actix_web::test]
        async fn sqlite() {
            $run($crate::common::Backend::Sqlite).await
        }

        #[actix_web::test]
        #[cfg_attr(
            babillard_no_postgres,
            ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
        )]
        async fn postgres() {
            $run($crate::common::Backend::Postgres).await
        }
    };
}

/// Minimal rows for tests that need a session of a given shape: one region, MRC,
/// municipality, organisation, venue and event, created on first use.
/// Accepts connections on `listener` in a background thread, one thread per
/// connection running `handle`, until `stopped` says so (the loopback servers tests
/// talk to: the SMTP sink, the Stripe stand-in).
pub fn accept_each<S: Send + Sync + 'static>(
    listener: std::net::TcpListener,
    shared: std::sync::Arc<S>,
    stopped: fn(&S) -> bool,
    handle: fn(std::net::TcpStream, &S),
) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stopped(&shared) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let s = shared.clone();
            std::thread::spawn(move || handle(stream, &s));
        }
    });
}

/// Runs the `babillard` binary as a newcomer would, against the database `db`; answers
/// (success, stdout, stderr).
pub fn babillard(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_babillard"))
        .args(args)
        .env("BABILLARD_DATABASE_URL", db)
        .env("BABILLARD_TEST_PASSWORD", "un mot de passe solide")
        .env("RUST_LOG", "warn")
        // Not the working tree's var/totp.key.
        .env("BABILLARD_TOTP_KEY", "tests: a fixed key for TOTP secrets")
        .env_remove("BABILLARD_BASE_URL")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub mod fixtures {
    use super::*;
    use babillard::db::models::NewSession;
    use babillard::db::schema::*;
    use chrono::NaiveDateTime;

    pub struct Base {
        pub organisation_id: i64,
        pub event_id: i64,
        pub venue_id: i64,
        pub kind_id: i64,
    }

    pub fn base(conn: &mut DbConnection) -> Base {
        base_named(conn, "test")
    }

    /// The organisation takes payment online and at the door, and refunds a person's
    /// own cancellation up to 48 hours before the start.
    pub fn take_payments(conn: &mut DbConnection, organisation_id: i64) {
        use babillard::db::schema::organisations;
        diesel::update(organisations::table.find(organisation_id))
            .set((
                organisations::pay_online.eq(true),
                organisations::pay_on_site.eq(true),
                organisations::refund_hours_before.eq(Some(48)),
            ))
            .execute(conn)
            .unwrap();
    }

    /// A separate organisation (with its own venue and event) named by `slug`.
    pub fn base_named(conn: &mut DbConnection, slug: &str) -> Base {
        // The shared region and MRC: found by slug, or made on first use.
        macro_rules! find_or_insert {
            ($t:ident, $slug:literal, $values:expr) => {{
                let find = |conn: &mut DbConnection| -> Option<i64> {
                    $t::table
                        .filter($t::slug.eq($slug))
                        .select($t::id)
                        .first(conn)
                        .optional()
                        .unwrap()
                };
                match find(conn) {
                    Some(id) => id,
                    None => {
                        diesel::insert_into($t::table)
                            .values($values)
                            .execute(conn)
                            .unwrap();
                        find(conn).unwrap()
                    }
                }
            }};
        }
        let region = find_or_insert!(
            regions,
            "test-region",
            (
                regions::slug.eq("test-region"),
                regions::name.eq("Région test")
            )
        );
        let mrc = find_or_insert!(
            mrcs,
            "test-mrc",
            (
                mrcs::region_id.eq(region),
                mrcs::slug.eq("test-mrc"),
                mrcs::name.eq("MRC test"),
            )
        );
        let town_slug = format!("{slug}-ville");
        diesel::insert_into(municipalities::table)
            .values((
                municipalities::mrc_id.eq(mrc),
                municipalities::slug.eq(&town_slug),
                municipalities::name.eq(format!("Ville {slug}")),
            ))
            .execute(conn)
            .unwrap();
        let town: i64 = municipalities::table
            .filter(municipalities::slug.eq(&town_slug))
            .select(municipalities::id)
            .first(conn)
            .unwrap();
        diesel::insert_into(organisations::table)
            .values(babillard::db::models::NewOrganisation {
                slug,
                name: &format!("Organisme {slug}"),
                kind: "library",
                municipality_id: Some(town),
                description: "",
                website: None,
                email: Some("org@example.org"),
                phone: None,
                created_at: babillard::db::now(),
            })
            .execute(conn)
            .unwrap();
        let organisation_id: i64 = organisations::table
            .filter(organisations::slug.eq(slug))
            .select(organisations::id)
            .first(conn)
            .unwrap();
        let venue_slug = format!("{slug}-salle");
        diesel::insert_into(venues::table)
            .values(babillard::db::models::NewVenue {
                organisation_id: Some(organisation_id),
                municipality_id: town,
                slug: &venue_slug,
                name: &format!("Salle {slug}"),
                address: "1, rue Principale",
                postal_code: None,
                room: None,
                capacity: Some(20),
                step_free_access: true,
                accessibility_notes: "",
                wifi: true,
                computers: 4,
                directions: "",
            })
            .execute(conn)
            .unwrap();
        let venue_id: i64 = venues::table
            .filter(venues::slug.eq(&venue_slug))
            .select(venues::id)
            .first(conn)
            .unwrap();
        let event_slug = format!("{slug}-programme");
        diesel::insert_into(events::table)
            .values((
                events::organisation_id.eq(organisation_id),
                events::slug.eq(&event_slug),
                events::title.eq(format!("Programme {slug}")),
                events::status.eq("published"),
                events::created_at.eq(babillard::db::now()),
                events::updated_at.eq(babillard::db::now()),
            ))
            .execute(conn)
            .unwrap();
        let event_id: i64 = events::table
            .filter(events::slug.eq(&event_slug))
            .select(events::id)
            .first(conn)
            .unwrap();
        let kind_id: i64 = kinds::table
            .filter(kinds::slug.eq("atelier-pratique"))
            .select(kinds::id)
            .first(conn)
            .unwrap();
        Base {
            organisation_id,
            event_id,
            venue_id,
            kind_id,
        }
    }

    /// A published in-person session starting at `starts_at` (UTC) for 90 minutes, open
    /// for registration; `adjust` changes anything else before insertion.
    pub fn session(
        conn: &mut DbConnection,
        b: &Base,
        title: &str,
        starts_at: NaiveDateTime,
        adjust: impl FnOnce(&mut NewSession),
    ) -> i64 {
        let ids = (b.event_id, b.organisation_id, b.kind_id);
        super::session_row::insert(conn, ids, title, starts_at, |s| {
            s.venue_id = Some(b.venue_id);
            adjust(s);
        })
    }

    /// Tags a session with audiences or topics by slug.
    pub fn tag(conn: &mut DbConnection, session_id: i64, audiences_: &[&str], topics_: &[&str]) {
        // Audiences and topics: the same link shape, two tables.
        macro_rules! link {
            ($terms:ident, $link:ident, $term_id:ident, $slugs:expr) => {
                for slug in $slugs {
                    let id: i64 = $terms::table
                        .filter($terms::slug.eq(slug))
                        .select($terms::id)
                        .first(conn)
                        .unwrap();
                    diesel::insert_into($link::table)
                        .values(($link::session_id.eq(session_id), $link::$term_id.eq(id)))
                        .execute(conn)
                        .unwrap();
                }
            };
        }
        link!(audiences, session_audiences, audience_id, audiences_);
        link!(topics, session_topics, topic_id, topics_);
    }

    /// Moves a session to have started `minutes` ago (it lasts 90 minutes), for what
    /// only happens once the door is open (no-shows).
    pub fn started(conn: &mut DbConnection, session_id: i64, minutes: i64) {
        let start = babillard::db::now() - chrono::Duration::minutes(minutes);
        diesel::update(sessions::table.find(session_id))
            .set((
                sessions::starts_at.eq(start),
                sessions::ends_at.eq(start + chrono::Duration::minutes(90)),
            ))
            .execute(conn)
            .unwrap();
    }

    /// Makes every `op` (`INSERT`, `UPDATE`) on `table` fail, as a full disk or a lost
    /// connection would, until [`unblock`]: tests of what a failed write leaves.
    pub fn block(conn: &mut DbConnection, table: &str, op: &str) {
        use diesel::connection::SimpleConnection;
        let sql = match conn {
            DbConnection::Sqlite(_) => format!(
                "CREATE TRIGGER {table}_blocked BEFORE {op} ON {table} \
                 BEGIN SELECT RAISE(ABORT, '{table} unavailable'); END;"
            ),
            DbConnection::Postgres(_) => format!(
                "CREATE FUNCTION {table}_blocked() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION '{table} unavailable'; END $$ LANGUAGE plpgsql; \
                 CREATE TRIGGER {table}_blocked BEFORE {op} ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION {table}_blocked();"
            ),
        };
        conn.batch_execute(&sql).expect("trigger");
    }

    /// Lets writes to `table` through again.
    pub fn unblock(conn: &mut DbConnection, table: &str) {
        use diesel::connection::SimpleConnection;
        conn.batch_execute(&format!("DROP TRIGGER {table}_blocked ON {table}"))
            .or_else(|_| conn.batch_execute(&format!("DROP TRIGGER {table}_blocked")))
            .expect("drop trigger");
    }

    /// `YYYY-MM-DD HH:MM` in UTC.
    pub fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// A time `days` from now (UTC), on the hour.
    pub fn in_days(days: i64) -> NaiveDateTime {
        use chrono::Timelike;
        let t = babillard::db::now() + chrono::Duration::days(days);
        t.with_minute(0).unwrap().with_second(0).unwrap()
    }
}

pub mod logs;
pub mod mailkit;
pub mod requests;
pub mod session_row;
pub mod smtp;
pub mod stripe;
