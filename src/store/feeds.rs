//! What calendar feeds read: the public sessions of a filter (past ones and cancelled
//! ones kept for a while, so subscribed calendars update and remove them), a trainer's
//! sessions, one registration's feed (and the entries « Mes activités » shows), the data version that keys the feed cache, and
//! the short codes that keep subscription URLs under 256 characters.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::models::{Registration, Session, Trainer};
use crate::db::schema::{events, feed_codes, session_trainers, sessions, trainers};
use crate::db::{DbConnection, write_tx};
use crate::domain::filter::SessionFilter;
use crate::domain::registration::Status;
use crate::domain::session::SessionStatus;
use crate::domain::time;
use crate::error::Result;
use crate::store::sessions::{SessionDetails, details, filtered, resolve};

/// Drops cancelled sessions whose cancellation is older than `keep`.
fn keep_recent_cancellations(
    rows: Vec<Session>,
    now: NaiveDateTime,
    keep: Duration,
) -> Vec<Session> {
    rows.into_iter()
        .filter(|s| {
            s.status != SessionStatus::Cancelled
                || s.cancelled_at.unwrap_or(s.updated_at) >= now - keep
        })
        .collect()
}

/// Sessions of a public feed: those of the filter that started at most `keep` ago
/// (or within the filter's own dates), in start order, the first
/// [`FEED_MAX_SESSIONS`](crate::domain::filter::FEED_MAX_SESSIONS) at most; cancelled
/// ones only while their cancellation is recent.
pub fn public_sessions(
    conn: &mut DbConnection,
    filter: &SessionFilter,
    now: NaiveDateTime,
    keep: Duration,
) -> Result<Vec<SessionDetails>> {
    let mut f = filter.clone();
    if f.from.is_none() {
        f.from = Some(time::local(now - keep).date_naive());
    }
    let r = resolve(conn, &f)?;
    let rows: Vec<Session> = filtered(&r, &f, now)
        .order((sessions::starts_at, sessions::id))
        .limit(crate::domain::filter::FEED_MAX_SESSIONS)
        .select(Session::as_select())
        .load(conn)?;
    Ok(details(conn, keep_recent_cancellations(rows, now, keep))?)
}

/// A cheap fingerprint of everything public feeds show: it changes whenever a session
/// or event is added, edited or cancelled (every such write stamps `updated_at`).
/// Returns the fingerprint and the latest change it saw (for `Last-Modified`: a feed
/// changes when any session does, even one that left it).
pub fn data_version(conn: &mut DbConnection) -> QueryResult<(String, Option<NaiveDateTime>)> {
    let (n, s_max): (i64, Option<NaiveDateTime>) = sessions::table
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(sessions::updated_at),
        ))
        .first(conn)?;
    let (m, e_max): (i64, Option<NaiveDateTime>) = events::table
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(events::updated_at),
        ))
        .first(conn)?;
    let seq: Option<i64> = sessions::table
        .select(diesel::dsl::sum(sessions::sequence))
        .first(conn)?;
    // A session held for its interest list enters feeds when its head start ends.
    let (lifted, l_max) = crate::store::interests::lifted(conn, crate::db::now())?;
    let tag = format!(
        "{n}.{}.{m}.{}.{}.{lifted}",
        s_max.map(|t| t.and_utc().timestamp()).unwrap_or(0),
        e_max.map(|t| t.and_utc().timestamp()).unwrap_or(0),
        seq.unwrap_or(0)
    );
    Ok((tag, s_max.max(e_max).max(l_max)))
}

/// The trainer whose feed link this is (the table keeps its digest).
pub fn trainer_by_token(conn: &mut DbConnection, token: &str) -> QueryResult<Option<Trainer>> {
    if !crate::domain::token::looks_like_token(token) {
        return Ok(None);
    }
    trainers::table
        .filter(trainers::feed_token_hash.eq(crate::domain::token::digest(token)))
        .select(Trainer::as_select())
        .first(conn)
        .optional()
}

/// A trainer's public sessions from `keep` ago on.
pub fn trainer_sessions(
    conn: &mut DbConnection,
    trainer_id: i64,
    now: NaiveDateTime,
    keep: Duration,
) -> QueryResult<Vec<SessionDetails>> {
    let rows: Vec<Session> = sessions::table
        .filter(sessions::status.eq_any(SessionStatus::matching(SessionStatus::is_public)))
        .filter(sessions::ends_at.ge(now - keep))
        .filter(
            sessions::id.eq_any(
                session_trainers::table
                    .filter(session_trainers::trainer_id.eq(trainer_id))
                    .select(session_trainers::session_id),
            ),
        )
        .order((sessions::starts_at, sessions::id))
        .limit(crate::domain::filter::FEED_MAX_SESSIONS)
        .select(Session::as_select())
        .load(conn)?;
    details(conn, keep_recent_cancellations(rows, now, keep))
}

/// A registration with its session, as a personal feed or page shows it.
pub type Entry = (Registration, SessionDetails);

/// Registrations as a person's feed or page shows them: holding a seat (and, with
/// `waiting`, on the waitlist or offered one), or cancelled within `keep` (shown as
/// cancelled so calendars remove them), of public sessions that ended at most `keep`
/// ago; in start order.
pub fn entries(
    conn: &mut DbConnection,
    regs: Vec<Registration>,
    now: NaiveDateTime,
    keep: Duration,
    waiting: bool,
) -> QueryResult<Vec<Entry>> {
    let regs: Vec<Registration> = regs
        .into_iter()
        .filter(|r| {
            r.status.has_seat()
                || (waiting && r.status.is_waiting())
                || (r.status == Status::Cancelled
                    && r.cancelled_at.unwrap_or(r.updated_at) >= now - keep)
        })
        .collect();
    let ids: Vec<i64> = regs.iter().map(|r| r.session_id).collect();
    let rows: Vec<Session> = sessions::table
        .filter(sessions::id.eq_any(&ids))
        .filter(sessions::status.eq_any(SessionStatus::matching(SessionStatus::is_public)))
        .filter(sessions::ends_at.ge(now - keep))
        .select(Session::as_select())
        .load(conn)?;
    let found = details(conn, rows)?;
    let mut out: Vec<Entry> = regs
        .into_iter()
        .filter_map(|r| {
            found
                .iter()
                .find(|d| d.session.id == r.session_id)
                .cloned()
                .map(|d| (r, d))
        })
        .collect();
    out.sort_by_key(|(_, d)| (d.session.starts_at, d.session.id));
    Ok(out)
}

/// The feed behind a manage link: that registration only (never the person's others,
/// which « Mes activités » gives through their mailbox). `None`: unknown token.
pub fn registration_feed(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
    keep: Duration,
) -> QueryResult<Option<Vec<Entry>>> {
    let Some(me) = crate::store::links::find(conn, token)? else {
        return Ok(None);
    };
    entries(conn, vec![me], now, keep, false).map(Some)
}

/// The short code of a canonical filter query, created on first use. The code is
/// derived from the query, so two people choosing the same filters share one code
/// and concurrent first uses agree.
pub fn code_for_query(
    conn: &mut DbConnection,
    query: &str,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let digest = hex::encode(Sha256::digest(query.as_bytes()));
    let code = digest[..10].to_owned();
    write_tx(conn, |conn| {
        let existing: Option<String> = feed_codes::table
            .filter(feed_codes::query.eq(query))
            .select(feed_codes::code)
            .first(conn)
            .optional()?;
        if let Some(c) = existing {
            return Ok(c);
        }
        diesel::insert_into(feed_codes::table)
            .values((
                feed_codes::code.eq(&code),
                feed_codes::query.eq(query),
                feed_codes::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(code)
    })
}

pub fn query_for_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<String>> {
    feed_codes::table
        .filter(feed_codes::code.eq(code))
        .select(feed_codes::query)
        .first(conn)
        .optional()
}
