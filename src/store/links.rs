//! Manage links and retried submissions. A manage link is a 192-bit token of which only
//! the SHA-256 digest is kept: the one given at registration
//! (`registrations.token_hash`), and one more for every email that carries a link, every
//! retried submission and every staff request (`registration_links`). Each keeps working
//! until the registration is erased or purged, so a link sent again never cuts the
//! person off, and a copy of the database holds no working link.
//!
//! A submission that may be retried (an API call with `Idempotency-Key`, a form post with
//! its one-time token) leaves a replay key (`idempotency_keys`, a digest) pointing at the
//! registration it created: the same retry within `REPLAY_WINDOW` gets the answer again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::Registration;
use crate::db::schema::{idempotency_keys, registration_links, registrations};
use crate::domain::registration::REPLAY_WINDOW;
use crate::domain::token::{digest, looks_like_token, random_token};

/// Issues one more manage link for a registration; returns the clear token (never stored).
pub fn mint(
    conn: &mut DbConnection,
    registration_id: i64,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let token = random_token();
    diesel::insert_into(registration_links::table)
        .values((
            registration_links::registration_id.eq(registration_id),
            registration_links::token_hash.eq(digest(&token)),
            registration_links::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The registration a manage token opens (any of its links), unless erased or purged.
pub fn find(conn: &mut DbConnection, token: &str) -> QueryResult<Option<Registration>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let d = digest(token);
    registrations::table
        .filter(registrations::purged_at.is_null())
        .filter(
            registrations::token_hash
                .eq(&d)
                .or(registrations::id.eq_any(
                    registration_links::table
                        .filter(registration_links::token_hash.eq(&d))
                        .select(registration_links::registration_id),
                )),
        )
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// The registration a replay key created in this session, while the key is fresh.
pub fn replayed(
    conn: &mut DbConnection,
    session_id: i64,
    key_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Registration>> {
    registrations::table
        .inner_join(idempotency_keys::table)
        .filter(idempotency_keys::key_hash.eq(key_hash))
        .filter(idempotency_keys::created_at.gt(now - REPLAY_WINDOW))
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::purged_at.is_null())
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// Remembers that a submission with this replay key created the registration.
pub fn remember_replay(
    conn: &mut DbConnection,
    key_hash: &str,
    registration_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    // A stale key (past the window) may still be there until the retention job runs.
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::key_hash.eq(key_hash)))
        .execute(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::key_hash.eq(key_hash),
            idempotency_keys::registration_id.eq(registration_id),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Every link and replay key of these registrations stops working (erasure, purge).
pub fn forget(conn: &mut DbConnection, registration_ids: &[i64]) -> QueryResult<()> {
    diesel::delete(
        registration_links::table
            .filter(registration_links::registration_id.eq_any(registration_ids)),
    )
    .execute(conn)?;
    diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::registration_id.eq_any(registration_ids)),
    )
    .execute(conn)?;
    Ok(())
}

/// Replay keys past the window (the retention job).
pub fn purge_replays(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::created_at.le(now - REPLAY_WINDOW)),
    )
    .execute(conn)
}

/// How many manage links a registration has had issued besides its first (export).
pub fn count(conn: &mut DbConnection, registration_id: i64) -> QueryResult<i64> {
    registration_links::table
        .filter(registration_links::registration_id.eq(registration_id))
        .count()
        .get_result(conn)
}
