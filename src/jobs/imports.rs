//! Partners' calendars, fetched on their schedule (`calendar::fetch`, politely: the
//! validators of the last answer, a timeout, a size cap), read (`calendar::import`) and
//! applied (`store::imports::apply`). A failure is recorded on the source, which then
//! waits longer before its next try (`store::imports::record_failure`). The CLI's
//! `babillard import` goes through [`import_bytes`] too, so a feed imported by hand and
//! one fetched by the job follow the same rules.

use std::ops::Range;
use std::time::Duration;

use anyhow::Context as _;
use chrono::NaiveDateTime;

use crate::calendar::fetch::{self, Fetched, Limits};
use crate::calendar::import::read_feed;
use crate::config::Settings;
use crate::db::{Db, DbConnection, now};
use crate::jobs::Context;
use crate::store::imports::{self, ImportSummary};

/// How far ahead occurrences are taken in (recurrences are expanded up to there).
pub const HORIZON_DAYS: i64 = 400;

/// The occurrences an import considers: from a day back (what just ended stays as it
/// is) to [`HORIZON_DAYS`] ahead.
pub fn window(at: NaiveDateTime) -> Range<NaiveDateTime> {
    at - chrono::Duration::days(1)..at + chrono::Duration::days(HORIZON_DAYS)
}

/// How far one fetch may go, and how we introduce ourselves to partners' servers.
pub fn limits(settings: &Settings) -> Limits {
    Limits {
        timeout: Duration::from_secs(20),
        max_bytes: 10 * 1024 * 1024,
        user_agent: format!(
            "Babillard/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            settings.base_url.trim_end_matches('/')
        ),
    }
}

/// Reads `bytes` as iCalendar and applies them to source `source_id`.
pub fn import_bytes(
    conn: &mut DbConnection,
    source_id: i64,
    bytes: &[u8],
    at: NaiveDateTime,
    dry_run: bool,
) -> anyhow::Result<ImportSummary> {
    let feed = read_feed(bytes, window(at)).context("reading the calendar")?;
    imports::apply(conn, source_id, &feed, at, dry_run)
        .map_err(|e| anyhow::anyhow!("applying the calendar: {e}"))
}

/// What one source's refresh did.
#[derive(Debug)]
pub enum Refreshed {
    /// `304 Not Modified`: nothing read, nothing written.
    Unchanged,
    Imported(ImportSummary),
}

/// Applies what fetching a source's address gave (a body, a 304, or the failure) and
/// records the fetch or the failure, in one connection. Shared by the job and the back
/// office's « Importer maintenant », which both fetch first, holding no connection while
/// the partner's server answers (on SQLite the write connection is everyone's:
/// registrations would wait behind a slow partner).
pub fn settle(
    conn: &mut DbConnection,
    source_id: i64,
    fetched: Result<Fetched, fetch::FetchError>,
    at: NaiveDateTime,
) -> anyhow::Result<Refreshed> {
    let outcome = fetched
        .map_err(anyhow::Error::from)
        .and_then(|fetched| match fetched {
            Fetched::NotModified => Ok((Refreshed::Unchanged, imports::Validators::default())),
            Fetched::Body { bytes, validators } => {
                let summary = import_bytes(conn, source_id, &bytes, at, false)?;
                Ok((Refreshed::Imported(summary), validators))
            }
        });
    match outcome {
        Ok((done, v)) => {
            imports::record_fetch(conn, source_id, &v, at)
                .map_err(|e| anyhow::anyhow!("recording the fetch: {e}"))?;
            Ok(done)
        }
        Err(e) => {
            let why = format!("{e:#}");
            imports::record_failure(conn, source_id, &why, at)
                .map_err(|e| anyhow::anyhow!("recording the failure: {e}"))?;
            Err(e)
        }
    }
}

/// Fetches a source's address with the validators of its last fetch (no connection
/// held meanwhile).
pub fn fetch_source(
    source: &crate::db::models::CalendarSource,
    settings: &Settings,
) -> anyhow::Result<Result<Fetched, fetch::FetchError>> {
    let Some(url) = source.url.clone() else {
        anyhow::bail!("source {} has no address (an uploaded file)", source.id);
    };
    let sent = fetch::Validators {
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
    };
    Ok(fetch::fetch(&url, &sent, &limits(settings)))
}

/// Fetches, reads and applies one source now; records the fetch or the failure. Takes
/// a connection only to read the source and, once the body is here, to apply it.
pub fn refresh(
    db: &Db,
    settings: &Settings,
    source_id: i64,
    at: NaiveDateTime,
) -> anyhow::Result<Refreshed> {
    let source = {
        let mut conn = db.read().context("getting a connection for imports")?;
        imports::source(&mut conn, source_id)
            .map_err(|e| anyhow::anyhow!("source {source_id}: {e}"))?
    };
    let fetched = fetch_source(&source, settings)?;
    let mut conn = db.write().context("getting a connection for imports")?;
    settle(&mut conn, source_id, fetched, at)
}

/// The job: every source whose next fetch has come. One failing source is logged and
/// waits longer; the others still run. Returns how many sources were refreshed.
pub fn due(ctx: &Context<'_>) -> anyhow::Result<usize> {
    let at = now();
    let sources = {
        let mut conn = ctx.db.read().context("getting a connection for imports")?;
        imports::due_sources(&mut conn, at)
            .map_err(|e| anyhow::anyhow!("listing due calendars: {e}"))?
    };
    let mut done = 0;
    for s in sources {
        let span = tracing::info_span!("import", source_id = s.id);
        let _enter = span.enter();
        match refresh(ctx.db, ctx.settings, s.id, at) {
            Ok(Refreshed::Unchanged) => {
                tracing::info!("calendar unchanged (304)");
                done += 1;
            }
            Ok(Refreshed::Imported(summary)) => {
                tracing::info!(
                    new = summary.new,
                    updated = summary.updated,
                    cancelled = summary.cancelled,
                    queued = summary.queued,
                    refused = summary.refused.len(),
                    "calendar imported"
                );
                done += 1;
            }
            Err(e) => tracing::warn!(error = format!("{e:#}"), "calendar import failed"),
        }
    }
    Ok(done)
}

/// What `babillard import` was asked.
#[derive(Debug, Clone)]
pub struct CliImport {
    /// An http(s)/webcal address, or a file's path.
    pub location: String,
    pub organisation: String,
    /// The feed's name (default: the calendar's own `X-WR-CALNAME`, else the address).
    pub name: Option<String>,
    /// A kind slug for the sessions (default: the first kind of the vocabulary).
    pub kind: Option<String>,
    pub trusted: bool,
    pub dry_run: bool,
}

/// Where `babillard import` stands, for its progress display.
pub trait Progress {
    fn stage(&self, what: &str);
}

/// `babillard import`: finds the organisation's source for that address (registering it
/// the first time, as the regional administrator, the operator of the machine), reads
/// the address or the file, and applies it. A file is a source without address (never
/// fetched by the job).
pub fn cli_import(
    conn: &mut DbConnection,
    settings: &Settings,
    req: &CliImport,
    progress: &dyn Progress,
) -> anyhow::Result<(i64, ImportSummary)> {
    use diesel::prelude::*;

    use crate::db::schema::{kinds, organisations, users};
    use crate::domain::access::Access;

    let org_id: i64 = organisations::table
        .filter(organisations::slug.eq(&req.organisation))
        .select(organisations::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| anyhow::anyhow!("no organisation with the slug “{}”", req.organisation))?;
    let admin: i64 = users::table
        .filter(users::is_admin.eq(true))
        .order(users::id)
        .select(users::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no regional administrator to record the import under; create one with `babillard user add --admin`"
            )
        })?;
    let who = Access {
        user_id: admin,
        is_admin: true,
        ..Access::default()
    };
    let is_url = req.location.contains("://");
    let bytes = if is_url {
        progress.stage("download");
        match fetch::fetch(
            &req.location,
            &fetch::Validators::default(),
            &limits(settings),
        )? {
            Fetched::Body { bytes, .. } => bytes,
            Fetched::NotModified => anyhow::bail!("the server answered 304 to a plain request"),
        }
    } else {
        std::fs::read(&req.location).with_context(|| format!("reading {}", req.location))?
    };
    progress.stage("read");
    let at = now();
    let feed = read_feed(&bytes, window(at)).context("reading the calendar")?;
    let url = is_url.then(|| req.location.trim().to_owned());
    let file_name = std::path::Path::new(&req.location)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let name = req
        .name
        .clone()
        .or_else(|| feed.name.clone())
        .or(if is_url { None } else { file_name })
        .unwrap_or_else(|| req.location.clone());
    let existing = imports::list_sources(conn, &who)
        .map_err(|e| anyhow::anyhow!("listing calendars: {e}"))?
        .into_iter()
        .find(|s| {
            s.source.organisation_id == org_id
                && match &url {
                    Some(u) => s.source.url.as_deref() == Some(u.as_str()),
                    None => s.source.url.is_none() && s.source.name == name,
                }
        });
    let source_id = match existing {
        Some(s) => s.source.id,
        None => {
            let kind_id: i64 = match &req.kind {
                Some(slug) => kinds::table
                    .filter(kinds::slug.eq(slug))
                    .select(kinds::id)
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| anyhow::anyhow!("no kind with the slug “{slug}”"))?,
                None => kinds::table
                    .order((kinds::position, kinds::id))
                    .select(kinds::id)
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| anyhow::anyhow!("the vocabulary has no kind of activity"))?,
            };
            let mut input = imports::SourceInput::new(org_id, &name, url.as_deref(), kind_id);
            input.trusted = req.trusted;
            if req.dry_run {
                // Nothing is written in a dry run, not even the source: count against a
                // source registered inside a transaction that is rolled back.
                return dry_run_new_source(conn, &who, &input, &feed, at);
            }
            imports::register_source(conn, &who, &input)
                .map_err(|e| anyhow::anyhow!("registering the calendar: {e}"))?
        }
    };
    progress.stage("apply");
    let summary = imports::apply(conn, source_id, &feed, at, req.dry_run)
        .map_err(|e| anyhow::anyhow!("applying the calendar: {e}"))?;
    if url.is_some() && !req.dry_run {
        imports::record_fetch(conn, source_id, &imports::Validators::default(), at)
            .map_err(|e| anyhow::anyhow!("recording the fetch: {e}"))?;
    }
    Ok((source_id, summary))
}

/// A dry run for a source not registered yet: register and apply in one transaction,
/// then roll it back (nested: `apply`'s own transaction becomes a savepoint).
fn dry_run_new_source(
    conn: &mut DbConnection,
    who: &crate::domain::access::Access,
    input: &imports::SourceInput,
    feed: &crate::domain::imported::ImportedFeed,
    at: NaiveDateTime,
) -> anyhow::Result<(i64, ImportSummary)> {
    enum Stop {
        Failed(crate::error::Error),
        Counted(ImportSummary),
    }
    impl From<diesel::result::Error> for Stop {
        fn from(e: diesel::result::Error) -> Stop {
            Stop::Failed(e.into())
        }
    }
    let run: Result<(), Stop> = crate::db::write_tx(conn, |conn| {
        let id = imports::register_source(conn, who, input).map_err(Stop::Failed)?;
        let summary = imports::apply(conn, id, feed, at, false).map_err(Stop::Failed)?;
        Err(Stop::Counted(summary))
    });
    match run {
        Err(Stop::Counted(summary)) => Ok((0, summary)),
        Err(Stop::Failed(e)) => Err(anyhow::anyhow!("{e}")),
        Ok(()) => unreachable!("the dry run always rolls back"),
    }
}
