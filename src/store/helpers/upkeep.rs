//! Helpers over time: reminders before the session, the alert to the organisation's
//! staff when a session starting within 48 hours lacks helpers, what cancelling or
//! moving a session does to its helpers, and the retention purge.
//!
//! The alert fires once per drop below the number wanted: `short_alerted_at` is
//! claimed by a conditional `UPDATE … WHERE short_alerted_at IS NULL` in the
//! transaction that queues the emails (two instances never both send it), and is
//! cleared when the session has enough helpers again — so a helper who cancels later,
//! within the 48 hours, makes it fire once more.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::*;
use crate::db::schema::{memberships, users};
use crate::db::write_tx;
use crate::domain::access::Role;
use crate::domain::helpers::{ALERT_WITHIN, short_soon};

/// Queues a reminder for every confirmed helper (with an email) of a published session
/// starting within `ahead` of `now`, once: the shift's `reminded_at` is claimed by a
/// conditional update in the transaction that queues the email. Returns how many.
pub fn queue_reminders(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    ahead: Duration,
) -> QueryResult<usize> {
    write_tx(conn, |conn| {
        let due: Vec<HelperShift> = helper_shifts::table
            .inner_join(sessions::table)
            .filter(helper_shifts::status.eq(ShiftStatus::Confirmed))
            .filter(helper_shifts::email.is_not_null())
            .filter(helper_shifts::reminded_at.is_null())
            .filter(sessions::status.eq(SessionStatus::Published))
            .filter(sessions::starts_at.gt(now))
            .filter(sessions::starts_at.le(now + ahead))
            .order(helper_shifts::id)
            .select(HelperShift::as_select())
            .load(conn)?;
        let mut queued = 0;
        for shift in &due {
            let claimed = diesel::update(
                helper_shifts::table
                    .find(shift.id)
                    .filter(helper_shifts::reminded_at.is_null()),
            )
            .set(helper_shifts::reminded_at.eq(Some(now)))
            .execute(conn)?;
            if claimed == 0 {
                continue;
            }
            let task = need_of(conn, shift.session_id)?.task;
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::HelperReminder,
                    registration_id: None,
                    session_id: Some(shift.session_id),
                    recipient: shift.email.clone().unwrap_or_default(),
                    recipient_name: shift.name.clone().unwrap_or_default(),
                    language: Lang::parse(&shift.language).unwrap_or_default(),
                    payload: shift_payload(shift.id, shift.ical_sequence, &task),
                },
            )?;
            queued += 1;
        }
        Ok(queued)
    })
}

/// The `helpers` alert job's pass: every published session starting within 48 hours
/// of `now` short of helpers, not yet alerted since it last had enough, is told to its
/// organisation's staff. Returns the sessions alerted.
pub fn alert_short(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let candidates: Vec<i64> = session_helpers::table
        .inner_join(sessions::table)
        .filter(session_helpers::wanted.gt(session_helpers::confirmed))
        .filter(session_helpers::short_alerted_at.is_null())
        .filter(sessions::status.eq(SessionStatus::Published))
        .filter(sessions::starts_at.gt(now))
        .filter(sessions::starts_at.le(now + ALERT_WITHIN))
        .order(sessions::starts_at)
        .select(session_helpers::session_id)
        .load(conn)?;
    let mut alerted = 0;
    for id in candidates {
        if write_tx(conn, |conn| alert_if_short(conn, id, now))? {
            alerted += 1;
        }
    }
    Ok(alerted)
}

/// Alerts the session's staff if it is short within 48 hours and not yet alerted
/// since it last had enough: claims `short_alerted_at` and queues one `helpers_short`
/// email per manager and editor of its organisation. In the caller's transaction.
/// Answers whether it alerted.
pub(crate) fn alert_if_short(
    conn: &mut DbConnection,
    session_id: i64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let s: Session = sessions::table
        .find(session_id)
        .select(Session::as_select())
        .first(conn)?;
    let need = need_of(conn, session_id)?;
    if s.status != SessionStatus::Published
        || !short_soon(s.starts_at, now, need.wanted, need.confirmed)
    {
        return Ok(false);
    }
    let claimed = diesel::update(
        session_helpers::table
            .find(session_id)
            .filter(session_helpers::short_alerted_at.is_null()),
    )
    .set(session_helpers::short_alerted_at.eq(Some(now)))
    .execute(conn)?;
    if claimed == 0 {
        return Ok(false);
    }
    let staff: Vec<(String, String, String)> = memberships::table
        .inner_join(users::table)
        .filter(memberships::organisation_id.eq(s.organisation_id))
        .filter(memberships::role.eq_any([Role::Manager, Role::Editor]))
        .order(users::id)
        .select((users::email, users::name, users::locale))
        .load(conn)?;
    for (email, name, locale) in staff {
        enqueue(
            conn,
            &NewMessage {
                kind: MessageKind::HelpersShort,
                registration_id: None,
                session_id: Some(session_id),
                recipient: email,
                recipient_name: name,
                language: Lang::parse(&locale).unwrap_or_default(),
                payload: json!({
                    "wanted": need.wanted,
                    "confirmed": need.confirmed,
                    "task": need.task,
                    "admin_path": format!("/admin/sessions/{session_id}/helpers"),
                }),
            },
        )?;
    }
    Ok(true)
}

/// The session was cancelled (by its organisation, or a storm): every live shift is
/// cancelled with it, and each confirmed helper with an email gets the CANCEL invite
/// with the reason. In the cancellation's transaction. Returns the helpers told.
pub(crate) fn session_cancelled(
    conn: &mut DbConnection,
    session_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let live: Vec<HelperShift> = helper_shifts::table
        .filter(helper_shifts::session_id.eq(session_id))
        .filter(helper_shifts::status.ne(ShiftStatus::Cancelled))
        .order(helper_shifts::id)
        .select(HelperShift::as_select())
        .load(conn)?;
    if live.is_empty() {
        return Ok(0);
    }
    diesel::update(
        helper_shifts::table
            .filter(helper_shifts::session_id.eq(session_id))
            .filter(helper_shifts::status.ne(ShiftStatus::Cancelled)),
    )
    .set((
        helper_shifts::status.eq(ShiftStatus::Cancelled),
        helper_shifts::cancelled_at.eq(Some(now)),
        helper_shifts::updated_at.eq(now),
    ))
    .execute(conn)?;
    diesel::update(session_helpers::table.find(session_id))
        .set(session_helpers::confirmed.eq(0))
        .execute(conn)?;
    let task = need_of(conn, session_id)?.task;
    let mut told = 0;
    for shift in live
        .iter()
        .filter(|s| s.status == ShiftStatus::Confirmed && s.email.is_some())
    {
        tell_cancelled(conn, shift, &task, Some(reason))?;
        told += 1;
    }
    Ok(told)
}

/// The session moved (time or place): each confirmed helper with an email gets the
/// updated invite (higher SEQUENCE), and will be reminded again before the new start.
/// In the edit's transaction. Returns the helpers told.
pub(crate) fn session_moved(conn: &mut DbConnection, session_id: i64) -> QueryResult<usize> {
    let confirmed: Vec<HelperShift> = helper_shifts::table
        .filter(helper_shifts::session_id.eq(session_id))
        .filter(helper_shifts::status.eq(ShiftStatus::Confirmed))
        .order(helper_shifts::id)
        .select(HelperShift::as_select())
        .load(conn)?;
    if confirmed.is_empty() {
        return Ok(0);
    }
    diesel::update(
        helper_shifts::table
            .filter(helper_shifts::session_id.eq(session_id))
            .filter(helper_shifts::status.eq(ShiftStatus::Confirmed)),
    )
    .set(helper_shifts::reminded_at.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    let task = need_of(conn, session_id)?.task;
    let mut told = 0;
    for shift in confirmed.iter().filter(|s| s.email.is_some()) {
        tell_confirmed(conn, shift, &task, true)?;
        told += 1;
    }
    Ok(told)
}

/// Blanks the personal data of shifts (name, email, phone, keys, links) and marks them
/// purged; status, session and the door's tick stay for anonymous counts.
pub(crate) fn blank(
    conn: &mut DbConnection,
    ids: &[i64],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(helper_shifts::table.filter(helper_shifts::id.eq_any(ids)))
        .set((
            helper_shifts::name.eq(None::<String>),
            helper_shifts::email.eq(None::<String>),
            helper_shifts::phone.eq(None::<String>),
            helper_shifts::person_key.eq(None::<String>),
            helper_shifts::token_hash.eq(None::<String>),
            helper_shifts::confirm_token_hash.eq(None::<String>),
            helper_shifts::purged_at.eq(Some(now)),
            helper_shifts::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The retention purge's part (in its transaction): sign-ups never confirmed are
/// deleted once their link stopped working; helpers of sessions that ended before
/// `cutoff` lose their personal data (the counts, and so the reports' hours, stay).
pub(crate) fn purge(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut n = super::public::forget_unconfirmed(conn, now)?;
    let ids: Vec<i64> = helper_shifts::table
        .inner_join(sessions::table)
        .filter(helper_shifts::purged_at.is_null())
        .filter(sessions::ends_at.lt(cutoff))
        .select(helper_shifts::id)
        .load(conn)?;
    if !ids.is_empty() {
        n += blank(conn, &ids, now)?;
    }
    Ok(n)
}
