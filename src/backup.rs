//! `babillard backup` and `babillard restore`: a consistent copy of the database while
//! the service runs, and putting one back into an empty database.
//!
//! SQLite: `VACUUM INTO` (SQLite ≥ 3.27) writes, in one statement, a transactionally
//! consistent snapshot of a live WAL database (a read transaction: writers go on), as a
//! compact file that is itself a plain SQLite database. It is the online backup API's
//! result without stepping pages by hand over diesel's connection. The copy is written
//! beside its destination and renamed into place, so a PATH never holds half a backup.
//!
//! PostgreSQL: `pg_dump --format=custom` with the database URL (its own snapshot), and
//! `pg_restore --no-owner`. When the URL's `search_path` names a schema other than
//! `public`, only that schema is dumped (it is recreated under the same name).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::{self, Backend, DbConnection};

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    /// Tables in the copy (SQLite) or in the dumped schema (PostgreSQL).
    pub tables: i64,
    /// Registrations in the copy (SQLite), or in the database just before pg_dump took
    /// its own snapshot (PostgreSQL: an indication, rows written meanwhile are in the dump).
    pub registrations: i64,
}

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Backup written to {} ({} bytes, {} tables, {} registrations).",
            self.path.display(),
            self.bytes,
            self.tables,
            self.registrations
        )
    }
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// Migrations applied after the copy was put back (a backup of an older version).
    pub migrations: usize,
    pub registrations: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn count(conn: &mut DbConnection, sql: &str) -> anyhow::Result<i64> {
    let c: Count = diesel::sql_query(sql)
        .get_result(conn)
        .with_context(|| format!("counting ({sql})"))?;
    Ok(c.n)
}

/// `sqlite://var/x.db`, `sqlite:var/x.db` and `var/x.db` all name the same file.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// `path` with `suffix` added to its file name (`b.db` → `b.db.partial`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

const USER_TABLES_SQLITE: &str = "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'";
const USER_TABLES_POSTGRES: &str = "SELECT COUNT(*) AS n FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations'";

/// Makes a consistent copy of the database `url` names at `path`, while the service
/// goes on serving. Refuses an existing `path` unless `force`.
pub fn backup(url: &str, path: &Path, force: bool) -> anyhow::Result<Written> {
    if path.exists() && !force {
        bail!(
            "{} already exists; choose another path or pass --force to replace it",
            path.display()
        );
    }
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let partial = beside(path, ".partial");
    let _ = std::fs::remove_file(&partial);
    let mut conn = db::connect(url).context("connecting to the database")?;
    let result = match Backend::from_url(url) {
        Backend::Sqlite => backup_sqlite(&mut conn, &partial),
        Backend::Postgres => backup_postgres(&mut conn, url, &partial),
    };
    let (tables, registrations) = match result {
        Ok(counts) => counts,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, path)
        .with_context(|| format!("moving the backup into place at {}", path.display()))?;
    let bytes = std::fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len();
    Ok(Written {
        path: path.to_owned(),
        bytes,
        tables,
        registrations,
    })
}

fn backup_sqlite(conn: &mut DbConnection, partial: &Path) -> anyhow::Result<(i64, i64)> {
    let target = partial
        .to_str()
        .context("the backup path is not valid UTF-8")?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(conn)
        .with_context(|| format!("writing the SQLite backup {}", partial.display()))?;
    let file = std::fs::File::open(partial)?;
    file.sync_all()
        .with_context(|| format!("syncing {}", partial.display()))?;
    // Count from the copy itself: what the backup holds, not what the live base has now.
    let mut copy = db::connect(target).context("opening the backup to check it")?;
    let ok: Name = diesel::sql_query("SELECT quick_check AS name FROM pragma_quick_check")
        .get_result(&mut copy)
        .context("checking the backup")?;
    if ok.name != "ok" {
        bail!("the backup failed SQLite's check: {}", ok.name);
    }
    let tables = count(&mut copy, USER_TABLES_SQLITE)?;
    let registrations = count(&mut copy, "SELECT COUNT(*) AS n FROM registrations")?;
    Ok((tables, registrations))
}

fn current_schema(conn: &mut DbConnection) -> anyhow::Result<String> {
    let n: Name = diesel::sql_query("SELECT current_schema()::text AS name")
        .get_result(conn)
        .context("reading the current schema")?;
    Ok(n.name)
}

fn run_tool(mut cmd: Command, tool: &str) -> anyhow::Result<()> {
    let out = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow::anyhow!(
                "{tool} was not found on the PATH: install PostgreSQL's client tools \
                 (Debian: apt install postgresql-client, /usr/bin/{tool}), of the server's \
                 major version or newer"
            )
        } else {
            anyhow::Error::new(e).context(format!("running {tool}"))
        }
    })?;
    if !out.status.success() {
        bail!(
            "{tool} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// A PostgreSQL URL without its password, and the password (percent-decoded), so the
/// tools get it through `PGPASSWORD` rather than a command line anyone can read in `ps`.
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return (url.to_owned(), None);
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_owned(), None);
    };
    (
        format!("{scheme}://{user}@{host}{tail}"),
        Some(crate::domain::text::percent_decode(password)),
    )
}

fn backup_postgres(
    conn: &mut DbConnection,
    url: &str,
    partial: &Path,
) -> anyhow::Result<(i64, i64)> {
    let schema = current_schema(conn)?;
    let tables = count(conn, USER_TABLES_POSTGRES)?;
    let registrations = count(conn, "SELECT COUNT(*) AS n FROM registrations")?;
    let mut cmd = Command::new("pg_dump");
    cmd.arg("--format=custom").arg("--file").arg(partial);
    if schema != "public" {
        cmd.arg("--schema").arg(&schema);
    }
    let (url, password) = split_password(url);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd.arg(url);
    run_tool(cmd, "pg_dump")?;
    Ok((tables, registrations))
}

/// Puts the backup at `path` into the database `url` names, then migrates it (a backup
/// of an older version is upgraded). The target must be empty (no tables but diesel's)
/// unless `force`, which replaces what is there. Stop the service first.
pub fn restore(url: &str, path: &Path, force: bool) -> anyhow::Result<Restored> {
    if !path.is_file() {
        bail!("no backup file at {}", path.display());
    }
    match Backend::from_url(url) {
        Backend::Sqlite => restore_sqlite(url, path, force)?,
        Backend::Postgres => restore_postgres(url, path, force)?,
    }
    let db = db::Db::open(url, 1)?;
    let migrations = db.migrate()?;
    let mut conn = db.read().context("reading the restored database")?;
    let registrations = count(&mut conn, "SELECT COUNT(*) AS n FROM registrations")?;
    Ok(Restored {
        migrations,
        registrations,
    })
}

fn refuse_non_empty(tables: i64, what: &str) -> anyhow::Result<()> {
    if tables > 0 {
        bail!(
            "{what} is not empty ({tables} tables): restore into an empty database, \
             or pass --force to replace its contents"
        );
    }
    Ok(())
}

fn restore_sqlite(url: &str, backup: &Path, force: bool) -> anyhow::Result<()> {
    let target = Path::new(sqlite_path(url));
    // Check the backup is a SQLite database before touching anything.
    {
        let mut b = db::connect(
            backup
                .to_str()
                .context("the backup path is not valid UTF-8")?,
        )
        .context("opening the backup")?;
        count(&mut b, USER_TABLES_SQLITE)
            .with_context(|| format!("{} is not a SQLite backup", backup.display()))?;
    }
    if target.exists() && !force {
        let mut conn = db::connect(url).context("opening the target database")?;
        let tables = count(&mut conn, USER_TABLES_SQLITE)?;
        refuse_non_empty(tables, &format!("the database {}", target.display()))?;
    }
    if let Some(dir) = target.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let tmp = beside(target, ".restoring");
    std::fs::copy(backup, &tmp)
        .with_context(|| format!("copying {} to {}", backup.display(), tmp.display()))?;
    std::fs::File::open(&tmp)?.sync_all()?;
    // The old file's journal must not be replayed over the copy.
    for suffix in ["-wal", "-shm"] {
        let p = beside(target, suffix);
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    std::fs::rename(&tmp, target)
        .with_context(|| format!("moving the copy into place at {}", target.display()))?;
    Ok(())
}

fn restore_postgres(url: &str, backup: &Path, force: bool) -> anyhow::Result<()> {
    let mut conn = db::connect(url).context("connecting to the target database")?;
    let tables = count(&mut conn, USER_TABLES_POSTGRES)?;
    if !force {
        refuse_non_empty(tables, "the target database")?;
        // An empty but migrated-once database: the dump brings its own migration list.
        diesel::sql_query("DROP TABLE IF EXISTS __diesel_schema_migrations")
            .execute(&mut conn)
            .context("clearing the empty database's migration list")?;
    }
    drop(conn);
    let mut cmd = Command::new("pg_restore");
    cmd.arg("--no-owner").arg("--single-transaction");
    if force {
        cmd.arg("--clean").arg("--if-exists");
    }
    let (url, password) = split_password(url);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd.arg("--dbname").arg(url).arg(backup);
    run_tool(cmd, "pg_restore")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_to_the_environment_not_the_command_line() {
        assert_eq!(
            split_password("postgres://app:s%40cret@db.example:5432/babillard?sslmode=require"),
            (
                "postgres://app@db.example:5432/babillard?sslmode=require".to_owned(),
                Some("s@cret".to_owned())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/x"),
            ("postgres://postgres@127.0.0.1/x".to_owned(), None)
        );
    }
}
