//! The organiser's side of registrations, on top of the registration engine
//! (`store::registrations`, which owns every seat-changing rule): who may see a
//! session's people, a check-in code lookup, and the rows of the CSV exports. The acts
//! themselves are in `store::door` and `store::people`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::{Registration, Session};
use crate::db::schema::{registrations, session_trainers, sessions};
use crate::domain::access::Access;
use crate::error::{Error, Result};

/// What a person may do with a session's people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The door: roster, check-in, walk-ins, no-shows (editors and the session's trainers).
    Door,
    /// Everything else: lists, staff registrations, promotions, messages, exports,
    /// cancelling (editors of the organisation).
    Manage,
}

/// The session, when `who` may act on its people; 403 otherwise.
pub fn session_for(conn: &mut DbConnection, who: &Access, id: i64, need: Need) -> Result<Session> {
    let s: Session = sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let allowed = match need {
        Need::Manage => who.can_edit(s.organisation_id),
        Need::Door => {
            let trainers: Vec<i64> = session_trainers::table
                .filter(session_trainers::session_id.eq(id))
                .select(session_trainers::trainer_id)
                .load(conn)?;
            who.can_take_attendance(s.organisation_id, &trainers)
        }
    };
    if allowed {
        Ok(s)
    } else {
        Err(Error::Forbidden)
    }
}

/// The registration of this session whose door code is `code` (any case, spaces
/// ignored), if any.
pub fn by_code(
    conn: &mut DbConnection,
    session_id: i64,
    code: &str,
) -> QueryResult<Option<Registration>> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if code.len() != 6 {
        return Ok(None);
    }
    registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(registrations::check_in_code.eq(code))
        .select(Registration::as_select())
        .first(conn)
        .optional()
}

/// One line of an export: the session and one registration.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub session_id: i64,
    pub session_title: String,
    pub starts_at: NaiveDateTime,
    pub registration: Registration,
}

/// Registrations of some sessions, by session start then registration order.
pub fn export_rows(conn: &mut DbConnection, session_ids: &[i64]) -> QueryResult<Vec<ExportRow>> {
    let rows: Vec<(i64, String, NaiveDateTime, Registration)> = registrations::table
        .inner_join(sessions::table)
        .filter(sessions::id.eq_any(session_ids))
        .order((
            sessions::starts_at,
            sessions::id,
            registrations::queued_at,
            registrations::id,
        ))
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            Registration::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(session_id, session_title, starts_at, registration)| ExportRow {
                session_id,
                session_title,
                starts_at,
                registration,
            },
        )
        .collect())
}

/// The sessions of an event, when `who` may manage them.
pub fn event_sessions(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
) -> Result<(String, Vec<i64>)> {
    use crate::db::schema::events;
    let (org, slug): (i64, String) = events::table
        .find(event_id)
        .select((events::organisation_id, events::slug))
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if !who.can_edit(org) {
        return Err(Error::Forbidden);
    }
    let ids = sessions::table
        .filter(sessions::event_id.eq(event_id))
        .select(sessions::id)
        .load(conn)?;
    Ok((slug, ids))
}

/// The status of one registration of a session (`None`: not this session's).
pub fn status_of(
    conn: &mut DbConnection,
    session_id: i64,
    registration_id: i64,
) -> QueryResult<Option<String>> {
    registrations::table
        .find(registration_id)
        .filter(registrations::session_id.eq(session_id))
        .select(registrations::status)
        .first(conn)
        .optional()
}
