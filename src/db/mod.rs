//! Database access: one connection type over SQLite and PostgreSQL, the pools, the
//! migrations, and the write transaction every atomic change goes through.
//!
//! The backend is chosen from the URL (`postgres://…` or a SQLite path), never by
//! trying one after the other. SQLite gets WAL once, then per connection a busy
//! timeout, foreign keys and `synchronous=NORMAL`; it has a write pool of exactly one
//! connection so writers queue in-process instead of sleeping in SQLite's busy handler.

pub mod models;
pub mod schema;
pub mod types;

use std::time::Duration;

use anyhow::Context;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, R2D2Connection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either database. Queries written against it run on both; where
/// SQL really differs, `match` on it (see [`per_backend!`]).
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs the same diesel expression against the inner connection of either backend,
/// for the few features the common subset lacks (`RETURNING`, `FOR UPDATE`, …).
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgres($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// `sqlite://var/x.db`, `sqlite:var/x.db` and `var/x.db` all name the same file.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Opens connections of the backend the URL names, with SQLite's per-connection settings.
#[derive(Debug)]
pub struct Manager {
    url: String,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        connect(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Opens one connection as every pool does: on SQLite with the per-connection
/// settings (busy timeout, foreign keys, `synchronous=NORMAL`; WAL is a property of the
/// file, set once by [`Db::open`]). Public so tests can open independent connections
/// that behave as the engine's own, as two processes would.
pub fn connect(url: &str) -> Result<DbConnection, r2d2::Error> {
    match Backend::from_url(url) {
        Backend::Postgres => diesel::PgConnection::establish(url)
            .map(DbConnection::Postgres)
            .map_err(r2d2::Error::ConnectionError),
        Backend::Sqlite => {
            let mut conn = diesel::SqliteConnection::establish(sqlite_path(url))
                .map_err(r2d2::Error::ConnectionError)?;
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                 PRAGMA synchronous = NORMAL;",
            )
            .map_err(r2d2::Error::QueryError)?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

/// The pools: on SQLite a read pool and a one-connection write pool; on PostgreSQL
/// one pool used for both.
#[derive(Clone)]
pub struct Db {
    read: Pool,
    write: Pool,
    backend: Backend,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Db {
    /// Opens the database (creating the SQLite file and its folder if needed).
    pub fn open(url: &str, pool_size: u32) -> anyhow::Result<Db> {
        let backend = Backend::from_url(url);
        let pool = |size: u32| {
            r2d2::Pool::builder()
                .max_size(size)
                .min_idle(Some(1))
                .connection_timeout(Duration::from_secs(30))
                .build(Manager {
                    url: url.to_owned(),
                })
        };
        match backend {
            Backend::Postgres => {
                let p = pool(pool_size.max(2)).context("connecting to PostgreSQL")?;
                Ok(Db {
                    read: p.clone(),
                    write: p,
                    backend,
                })
            }
            Backend::Sqlite => {
                let path = sqlite_path(url);
                if let Some(dir) = std::path::Path::new(path).parent()
                    && !dir.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating the folder {}", dir.display()))?;
                }
                // WAL is a property of the file: set it once, before any pool opens.
                let mut first = diesel::SqliteConnection::establish(path)
                    .with_context(|| format!("opening SQLite database {path}"))?;
                first
                    .batch_execute("PRAGMA journal_mode = WAL;")
                    .context("switching SQLite to WAL")?;
                drop(first);
                let write = pool(1).context("opening the SQLite write connection")?;
                let read = pool(pool_size.max(1)).context("opening SQLite read connections")?;
                Ok(Db {
                    read,
                    write,
                    backend,
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for reading.
    pub fn read(&self) -> Result<PooledConn, r2d2::PoolError> {
        self.read.get()
    }

    /// The connection writers use (on SQLite, the single write connection: callers queue
    /// here, in order, rather than in SQLite's sleeping busy handler).
    pub fn write(&self) -> Result<PooledConn, r2d2::PoolError> {
        self.write.get()
    }

    /// Applies pending migrations; returns how many ran.
    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.write().context("getting a connection to migrate")?;
        run_migrations(&mut conn)
    }
}

diesel::define_sql_function! {
    /// SHA-256 of a text as lower-case hex: what SQLite migrations call to hash the
    /// tokens they find (PostgreSQL has `sha256` of its own).
    fn babillard_sha256(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Gives a SQLite connection the SQL functions the migrations use.
pub fn prepare_sqlite_for_migrations(c: &mut diesel::SqliteConnection) -> QueryResult<()> {
    babillard_sha256_utils::register_impl(c, |x: String| crate::domain::token::digest(&x))
}

pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConnection::Postgres(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(c) => {
            prepare_sqlite_for_migrations(c).context("registering SQL functions")?;
            c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len())
        }
    };
    applied.map_err(|e| anyhow::anyhow!("running migrations: {e}"))
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite (a deferred
/// read-then-write would fail with SQLITE_BUSY_SNAPSHOT whatever the timeout), a plain
/// transaction on PostgreSQL, where callers lock the rows they decide from.
/// Inside another `write_tx` it is a savepoint: a caller can wrap an engine call and
/// its own rows (an audit entry) so that both commit or neither does.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(c) => {
            let open = <AnsiTransactionManager as TransactionManager<SqliteConnection>>::transaction_manager_status_mut(c)
                .transaction_depth()?
                .is_some();
            if open {
                // The outer transaction already holds SQLite's write lock.
                <AnsiTransactionManager as TransactionManager<SqliteConnection>>::begin_transaction(
                    c,
                )?
            } else {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
            }
        }
        DbConnection::Postgres(_) => {
            <DbConnection as Connection>::TransactionManager::begin_transaction(conn)?
        }
    }
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// Now, in UTC, as stored (whole microseconds dropped to keep SQLite text sortable
/// and both backends equal).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Utc};
    Utc::now().naive_utc().trunc_subsecs(0)
}

/// Diesel's errors as the lower layers answer them: a missing row is "not found", a
/// unique key taken meanwhile is a conflict, anything else a database failure.
impl From<diesel::result::Error> for crate::error::Error {
    fn from(e: diesel::result::Error) -> crate::error::Error {
        use crate::error::Error;
        use diesel::result::{DatabaseErrorKind, Error as Diesel};
        match e {
            Diesel::NotFound => Error::NotFound,
            Diesel::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Error::conflict("error-conflict")
            }
            other => Error::Unexpected(anyhow::Error::new(other).context("database")),
        }
    }
}

/// No connection to be had: the database is out of reach.
impl From<r2d2::PoolError> for crate::error::Error {
    fn from(e: r2d2::PoolError) -> crate::error::Error {
        tracing::error!(error = %e, "no database connection");
        crate::error::Error::Unavailable
    }
}
