//! Volunteer helpers (« bénévoles », issue 17): what a session asks of helpers
//! (`session_helpers`), and helpers' shifts (`helper_shifts`).
//!
//! - this module: a session's need (read, set by the session's form, copied with it),
//!   the public list of sessions still short, and a shift with its session;
//! - [`public`]: signing up, confirming by the emailed link, and what the helper does
//!   with their manage link (see, cancel, download, erase);
//! - [`staff`]: the organisation's staff see a session's helpers, add someone who
//!   phoned, cancel a shift, tick a helper present at the door;
//! - [`upkeep`]: reminders, the alert to staff when a session is short within 48
//!   hours, what a cancelled or moved session does to its helpers, and the purge.
//!
//! The number of confirmed helpers is kept on `session_helpers.confirmed`, changed in
//! the transaction of every shift change; a place is taken by a conditional `UPDATE
//! … WHERE confirmed < wanted`, so the last place goes to one helper on either database.
//! Every email is queued in the transaction of its change.

pub mod public;
pub mod staff;
pub mod upkeep;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::db::DbConnection;
use crate::db::models::{HelperShift, Session};
use crate::db::schema::{helper_shifts, session_helpers, sessions};
use crate::domain::access::Access;
use crate::domain::filter::{Paging, SessionFilter};
use crate::domain::helpers::{HelperNeed, ShiftStatus};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::session::SessionStatus;
use crate::domain::token::{digest, looks_like_token, random_token};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::sessions::{SessionDetails, details};

/// What a session asks of helpers, and how many are confirmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Need {
    pub wanted: i32,
    pub task: String,
    pub confirmed: i32,
}

impl Need {
    /// Places still open.
    pub fn left(&self) -> i32 {
        crate::domain::helpers::places_left(self.wanted, self.confirmed)
    }
}

/// A session's need (none: wanted 0).
pub fn need_of(conn: &mut DbConnection, session_id: i64) -> QueryResult<Need> {
    Ok(session_helpers::table
        .find(session_id)
        .select((
            session_helpers::wanted,
            session_helpers::task,
            session_helpers::confirmed,
        ))
        .first::<(i32, String, i32)>(conn)
        .optional()?
        .map(|(wanted, task, confirmed)| Need {
            wanted,
            task,
            confirmed,
        })
        .unwrap_or_default())
}

/// Makes sure the session has its row (wanted 0 until told otherwise); in the
/// caller's transaction.
fn ensure_row(conn: &mut DbConnection, session_id: i64) -> QueryResult<()> {
    let there: i64 = session_helpers::table
        .find(session_id)
        .count()
        .get_result(conn)?;
    if there == 0 {
        diesel::insert_into(session_helpers::table)
            .values((
                session_helpers::session_id.eq(session_id),
                session_helpers::wanted.eq(0),
                session_helpers::task.eq(""),
                session_helpers::confirmed.eq(0),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Sets what a session asks of helpers, in the caller's transaction (the session's
/// form or the staff API saves it with the session). Checks that `who` may edit the
/// session; records a `helpers` audit entry when it changed. Asking for fewer helpers
/// than are confirmed cancels nobody: the session is simply no longer listed.
pub fn set_need(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    need: &HelperNeed,
) -> Result<()> {
    let org: i64 = sessions::table
        .find(session_id)
        .select(sessions::organisation_id)
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if !who.can_edit(org) {
        return Err(Error::Forbidden);
    }
    let before = need_of(conn, session_id)?;
    if before.wanted == need.wanted && before.task == need.task {
        return Ok(());
    }
    ensure_row(conn, session_id)?;
    diesel::update(session_helpers::table.find(session_id))
        .set((
            session_helpers::wanted.eq(need.wanted),
            session_helpers::task.eq(&need.task),
        ))
        .execute(conn)?;
    settle_alert(conn, session_id)?;
    record(
        conn,
        &Entry::new(who.user_id, "helpers", "session", Some(session_id))
            .org(org)
            .detail(format!(
                "{} → {} ({})",
                before.wanted, need.wanted, need.task
            )),
    )?;
    Ok(())
}

/// A copy of a session asks the same of helpers (none confirmed yet); in the caller's
/// transaction.
pub(crate) fn copy_need(conn: &mut DbConnection, from: i64, to: i64) -> QueryResult<()> {
    let need = need_of(conn, from)?;
    if need.wanted == 0 && need.task.is_empty() {
        return Ok(());
    }
    ensure_row(conn, to)?;
    diesel::update(session_helpers::table.find(to))
        .set((
            session_helpers::wanted.eq(need.wanted),
            session_helpers::task.eq(&need.task),
        ))
        .execute(conn)?;
    Ok(())
}

/// Once a session has enough helpers again, a later drop may alert its staff again.
fn settle_alert(conn: &mut DbConnection, session_id: i64) -> QueryResult<()> {
    diesel::update(
        session_helpers::table
            .find(session_id)
            .filter(session_helpers::confirmed.ge(session_helpers::wanted)),
    )
    .set(session_helpers::short_alerted_at.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    Ok(())
}

/// Takes one place of the session for a helper, if one is open: the conditional
/// update is the check (the caller holds the session's lock). `false`: none left.
fn take_place(conn: &mut DbConnection, session_id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        session_helpers::table
            .find(session_id)
            .filter(session_helpers::confirmed.lt(session_helpers::wanted)),
    )
    .set(session_helpers::confirmed.eq(session_helpers::confirmed + 1))
    .execute(conn)?;
    if n == 1 {
        settle_alert(conn, session_id)?;
    }
    Ok(n == 1)
}

/// Counts one more helper whatever the need (staff adding someone).
fn add_place(conn: &mut DbConnection, session_id: i64) -> QueryResult<()> {
    ensure_row(conn, session_id)?;
    diesel::update(session_helpers::table.find(session_id))
        .set(session_helpers::confirmed.eq(session_helpers::confirmed + 1))
        .execute(conn)?;
    settle_alert(conn, session_id)
}

/// Gives back the place of a confirmed helper.
fn free_place(conn: &mut DbConnection, session_id: i64) -> QueryResult<()> {
    diesel::update(
        session_helpers::table
            .find(session_id)
            .filter(session_helpers::confirmed.gt(0)),
    )
    .set(session_helpers::confirmed.eq(session_helpers::confirmed - 1))
    .execute(conn)?;
    Ok(())
}

/// A session still short of helpers, as the public list shows it.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub details: SessionDetails,
    pub need: Need,
}

/// Upcoming published sessions (not started) still short of helpers, narrowed by the
/// calendar's filter, in start order, one page (`None`: all), with the total.
pub fn wanted(
    conn: &mut DbConnection,
    f: &SessionFilter,
    paging: Option<Paging>,
    now: NaiveDateTime,
) -> Result<(Vec<Wanted>, i64)> {
    use crate::store::sessions::{filtered, resolve};
    let r = resolve(conn, f)?;
    let short = || {
        session_helpers::table
            .filter(session_helpers::wanted.gt(session_helpers::confirmed))
            .select(session_helpers::session_id)
    };
    let total: i64 = filtered(&r, f, now)
        .filter(sessions::status.eq(SessionStatus::Published))
        .filter(sessions::starts_at.gt(now))
        .filter(sessions::id.eq_any(short()))
        .count()
        .get_result(conn)?;
    let mut q = filtered(&r, f, now)
        .filter(sessions::status.eq(SessionStatus::Published))
        .filter(sessions::starts_at.gt(now))
        .filter(sessions::id.eq_any(short()))
        .order((sessions::starts_at, sessions::id));
    if let Some(p) = paging {
        q = q.limit(i64::from(p.per_page)).offset(p.offset());
    }
    let rows: Vec<Session> = q.select(Session::as_select()).load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let needs: Vec<(i64, i32, String, i32)> = session_helpers::table
        .filter(session_helpers::session_id.eq_any(&ids))
        .select((
            session_helpers::session_id,
            session_helpers::wanted,
            session_helpers::task,
            session_helpers::confirmed,
        ))
        .load(conn)?;
    let found = details(conn, rows)?
        .into_iter()
        .map(|d| {
            let need = needs
                .iter()
                .find(|(id, ..)| *id == d.session.id)
                .map(|(_, wanted, task, confirmed)| Need {
                    wanted: *wanted,
                    task: task.clone(),
                    confirmed: *confirmed,
                })
                .unwrap_or_default();
            Wanted { details: d, need }
        })
        .collect();
    Ok((found, total))
}

/// A session helpers may sign up for: published, not started, asking for helpers.
/// Its details and need (`NotFound` otherwise, as for any session the public may not
/// help at).
pub fn open_session(
    conn: &mut DbConnection,
    session_id: i64,
    now: NaiveDateTime,
) -> Result<(SessionDetails, Need)> {
    let d = crate::store::sessions::find_public(conn, session_id)?;
    let need = need_of(conn, session_id)?;
    if d.session.status != SessionStatus::Published
        || d.session.starts_at <= now
        || need.wanted == 0
    {
        return Err(Error::NotFound);
    }
    Ok((d, need))
}

/// A shift with its session, as its pages and emails show it.
#[derive(Debug, Clone)]
pub struct ShiftDetails {
    pub shift: HelperShift,
    pub session: SessionDetails,
    pub need: Need,
}

fn with_session(conn: &mut DbConnection, shift: HelperShift) -> Result<ShiftDetails> {
    let rows: Vec<Session> = sessions::table
        .find(shift.session_id)
        .select(Session::as_select())
        .load(conn)?;
    let session = details(conn, rows)?.pop().ok_or(Error::NotFound)?;
    let need = need_of(conn, shift.session_id)?;
    Ok(ShiftDetails {
        shift,
        session,
        need,
    })
}

/// The shift a manage link (`/h/{token}`) leads to (`NotFound` for anything else, an
/// erased one included).
pub fn by_token(conn: &mut DbConnection, token: &str) -> Result<ShiftDetails> {
    if !looks_like_token(token) {
        return Err(Error::NotFound);
    }
    let shift = helper_shifts::table
        .filter(helper_shifts::token_hash.eq(digest(token)))
        .filter(helper_shifts::purged_at.is_null())
        .select(HelperShift::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    with_session(conn, shift)
}

/// Gives a shift a new manage link (the clear token goes into the email that carries
/// it; the row keeps its digest). In the caller's transaction.
fn mint_link(conn: &mut DbConnection, shift_id: i64) -> QueryResult<String> {
    let token = random_token();
    diesel::update(helper_shifts::table.find(shift_id))
        .set(helper_shifts::token_hash.eq(Some(digest(&token))))
        .execute(conn)?;
    Ok(token)
}

/// What an email about a shift says beyond the session: the task, the shift (its
/// invite's UID) and the invite's SEQUENCE.
fn shift_payload(shift_id: i64, sequence: i32, task: &str) -> serde_json::Value {
    json!({ "shift_id": shift_id, "sequence": sequence, "task": task })
}

/// Queues the confirmation of a helper's place (with a new manage link and a REQUEST
/// invite, a higher SEQUENCE than any before), or, with `moved`, the update of a moved
/// session. Nothing for a helper without an email. In the caller's transaction.
fn tell_confirmed(
    conn: &mut DbConnection,
    shift: &HelperShift,
    task: &str,
    moved: bool,
) -> QueryResult<()> {
    let Some(email) = shift.email.clone() else {
        return Ok(());
    };
    let sequence = raise_sequence(conn, shift.id)?;
    let token = mint_link(conn, shift.id)?;
    let mut payload = shift_payload(shift.id, sequence, task);
    payload["helper_token"] = json!(token);
    if moved {
        payload["moved"] = json!(true);
    }
    enqueue(
        conn,
        &NewMessage {
            kind: MessageKind::HelperConfirmed,
            registration_id: None,
            session_id: Some(shift.session_id),
            recipient: email,
            recipient_name: shift.name.clone().unwrap_or_default(),
            language: Lang::parse(&shift.language).unwrap_or_default(),
            payload,
        },
    )
}

/// Queues the cancellation of a confirmed helper's shift (a CANCEL invite with the
/// same UID and a higher SEQUENCE); `reason` when the session itself was cancelled.
fn tell_cancelled(
    conn: &mut DbConnection,
    shift: &HelperShift,
    task: &str,
    reason: Option<&str>,
) -> QueryResult<()> {
    let Some(email) = shift.email.clone() else {
        return Ok(());
    };
    let sequence = raise_sequence(conn, shift.id)?;
    let mut payload = shift_payload(shift.id, sequence, task);
    if let Some(reason) = reason {
        payload["reason"] = json!(reason);
        payload["by_session"] = json!(true);
    }
    enqueue(
        conn,
        &NewMessage {
            kind: MessageKind::HelperCancelled,
            registration_id: None,
            session_id: Some(shift.session_id),
            recipient: email,
            recipient_name: shift.name.clone().unwrap_or_default(),
            language: Lang::parse(&shift.language).unwrap_or_default(),
            payload,
        },
    )
}

/// Raises a shift's invite SEQUENCE and answers the new one.
fn raise_sequence(conn: &mut DbConnection, shift_id: i64) -> QueryResult<i32> {
    diesel::update(helper_shifts::table.find(shift_id))
        .set(helper_shifts::ical_sequence.eq(helper_shifts::ical_sequence + 1))
        .execute(conn)?;
    helper_shifts::table
        .find(shift_id)
        .select(helper_shifts::ical_sequence)
        .first(conn)
}

/// Cancels a shift (confirmed or waiting), frees its place if it held one, and tells
/// a confirmed helper (unless `silent`: an erasure leaves no address to write to).
/// Returns whether it held a place. In the caller's transaction, the session locked.
fn cancel_shift(
    conn: &mut DbConnection,
    shift: &HelperShift,
    now: NaiveDateTime,
    silent: bool,
) -> QueryResult<bool> {
    if shift.status == ShiftStatus::Cancelled {
        return Ok(false);
    }
    diesel::update(helper_shifts::table.find(shift.id))
        .set((
            helper_shifts::status.eq(ShiftStatus::Cancelled),
            helper_shifts::cancelled_at.eq(Some(now)),
            helper_shifts::updated_at.eq(now),
        ))
        .execute(conn)?;
    let held = shift.status == ShiftStatus::Confirmed;
    if held {
        free_place(conn, shift.session_id)?;
        if !silent {
            let task = need_of(conn, shift.session_id)?.task;
            tell_cancelled(conn, shift, &task, None)?;
        }
    }
    Ok(held)
}

/// The shift `id` of the session (`NotFound` otherwise).
fn shift_of(conn: &mut DbConnection, session_id: i64, id: i64) -> Result<HelperShift> {
    helper_shifts::table
        .find(id)
        .filter(helper_shifts::session_id.eq(session_id))
        .select(HelperShift::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Reads a shift again after a change.
fn reload(conn: &mut DbConnection, id: i64) -> QueryResult<HelperShift> {
    helper_shifts::table
        .find(id)
        .select(HelperShift::as_select())
        .first(conn)
}
