//! Sessions moved to another start time after publication: the start people knew
//! before the latest move. Session pages say schema.org's `EventRescheduled` with it,
//! and the open data marks those sessions « rescheduled ». Written inside the caller's
//! transaction by the acts that move a session (an edit of its time, a storm's copy).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::session_reschedules;

/// Notes that `session_id` now starts at another time than `previous_starts_at`
/// (replacing an earlier note: the latest move is the one people just learnt of).
/// Runs inside the caller's write transaction.
pub fn record(
    conn: &mut DbConnection,
    session_id: i64,
    previous_starts_at: NaiveDateTime,
    at: NaiveDateTime,
) -> QueryResult<()> {
    // Delete then insert: one portable statement pair instead of a per-backend upsert.
    diesel::delete(session_reschedules::table.find(session_id)).execute(conn)?;
    diesel::insert_into(session_reschedules::table)
        .values((
            session_reschedules::session_id.eq(session_id),
            session_reschedules::previous_starts_at.eq(previous_starts_at),
            session_reschedules::rescheduled_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The previous start of each of `ids` that was moved, in one query.
pub fn previous_starts(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<HashMap<i64, NaiveDateTime>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(session_reschedules::table
        .filter(session_reschedules::session_id.eq_any(ids))
        .select((
            session_reschedules::session_id,
            session_reschedules::previous_starts_at,
        ))
        .load::<(i64, NaiveDateTime)>(conn)?
        .into_iter()
        .collect())
}
