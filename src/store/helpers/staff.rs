//! The organisation's side of helpers, one function per act: the list of a session's
//! helpers, adding someone who phoned, cancelling a shift, ticking a helper present at
//! the door. Each act checks who may act first — the session's organisation's staff
//! and the regional administrator, as for the session's people (`store::roster`); the
//! door's tick also the session's trainers — then does its work and writes its audit
//! entry in one transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::*;
use crate::db::write_tx;
use crate::domain::helpers::{Entry as EntryKind, RawHelper, parse_helper};
use crate::store::roster::{Need as Right, session_for};

/// A session's helpers, as its back-office page and its door show them.
#[derive(Debug, Clone)]
pub struct Helpers {
    pub session: Session,
    pub need: Need,
    /// Every shift, live first (confirmed, then waiting), then cancelled; by name.
    pub shifts: Vec<HelperShift>,
}

fn list(conn: &mut DbConnection, session: Session) -> Result<Helpers> {
    let need = need_of(conn, session.id)?;
    let mut shifts: Vec<HelperShift> = helper_shifts::table
        .filter(helper_shifts::session_id.eq(session.id))
        .order(helper_shifts::id)
        .select(HelperShift::as_select())
        .load(conn)?;
    let rank = |s: &HelperShift| match s.status {
        ShiftStatus::Confirmed => 0,
        ShiftStatus::PendingConfirmation => 1,
        ShiftStatus::Cancelled => 2,
    };
    shifts.sort_by_key(|s| {
        (
            rank(s),
            s.name.clone().unwrap_or_default().to_lowercase(),
            s.id,
        )
    });
    Ok(Helpers {
        session,
        need,
        shifts,
    })
}

/// A session's helpers for its back-office page (the organisation's staff).
pub fn helpers(conn: &mut DbConnection, who: &Access, session_id: i64) -> Result<Helpers> {
    let s = session_for(conn, who, session_id, Right::Manage)?;
    list(conn, s)
}

/// The confirmed helpers of a session, for its door (staff and its trainers).
pub fn at_the_door(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
) -> Result<Vec<HelperShift>> {
    let s = session_for(conn, who, session_id, Right::Door)?;
    Ok(list(conn, s)?
        .shifts
        .into_iter()
        .filter(|h| h.status == ShiftStatus::Confirmed)
        .collect())
}

/// Staff add a helper who phoned (or came by): a name and a phone and/or an email;
/// confirmed at once, counted even beyond the number wanted (staff decide). With an
/// email, the helper gets the manage link and the invite. The same person twice is
/// refused with a message. Not for a cancelled session or one that ended.
pub fn add(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    raw: &RawHelper,
    lang: Lang,
    now: NaiveDateTime,
) -> Result<HelperShift> {
    write_tx(conn, |conn| {
        session_for(conn, who, session_id, Right::Manage)?;
        let h = parse_helper(raw, EntryKind::Staff, lang).map_err(Error::Invalid)?;
        let s = crate::store::sessions::lock_session(conn, session_id)?;
        if s.status == SessionStatus::Cancelled || s.ends_at <= now {
            return Err(Error::conflict("helpers-error-session-over"));
        }
        let key = h.person_key();
        let twice: i64 = helper_shifts::table
            .filter(helper_shifts::session_id.eq(session_id))
            .filter(helper_shifts::person_key.eq(key.as_deref()))
            .filter(helper_shifts::status.ne(ShiftStatus::Cancelled))
            .count()
            .get_result(conn)?;
        if twice > 0 {
            return Err(Error::field("name", "helpers-error-already"));
        }
        diesel::insert_into(helper_shifts::table)
            .values((
                helper_shifts::session_id.eq(session_id),
                helper_shifts::person_key.eq(key.as_deref()),
                helper_shifts::name.eq(Some(h.name.as_str())),
                helper_shifts::email.eq(h.email.as_ref().map(|e| e.as_str())),
                helper_shifts::phone.eq(h.phone.as_ref().map(|p| p.as_str())),
                helper_shifts::status.eq(ShiftStatus::Confirmed),
                helper_shifts::language.eq(h.lang.code()),
                helper_shifts::consent_at.eq(Some(now)),
                helper_shifts::entered_by_user_id.eq(Some(who.user_id)),
                helper_shifts::created_at.eq(now),
                helper_shifts::updated_at.eq(now),
                helper_shifts::confirmed_at.eq(Some(now)),
            ))
            .execute(conn)?;
        let id: i64 = helper_shifts::table
            .filter(helper_shifts::session_id.eq(session_id))
            .filter(helper_shifts::entered_by_user_id.eq(who.user_id))
            .order(helper_shifts::id.desc())
            .select(helper_shifts::id)
            .first(conn)?;
        add_place(conn, session_id)?;
        let shift = reload(conn, id)?;
        let task = need_of(conn, session_id)?.task;
        tell_confirmed(conn, &shift, &task, false)?;
        record(
            conn,
            &Entry::new(who.user_id, "add_helper", "helper", Some(id))
                .org(s.organisation_id)
                .detail(s.title.clone()),
        )?;
        Ok(reload(conn, id)?)
    })
}

/// Staff cancel a helper's shift (they called to say so): the place is freed, a
/// confirmed helper with an email gets the CANCEL invite, and the session's staff are
/// alerted when it is now short within 48 hours. Cancelling again changes nothing.
pub fn cancel(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    shift_id: i64,
    now: NaiveDateTime,
) -> Result<()> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Right::Manage)?;
        crate::store::sessions::lock_session(conn, session_id)?;
        let shift = shift_of(conn, session_id, shift_id)?;
        if shift.status == ShiftStatus::Cancelled {
            return Ok(());
        }
        if cancel_shift(conn, &shift, now, false)? {
            upkeep::alert_if_short(conn, session_id, now)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "cancel_helper", "helper", Some(shift_id))
                .org(s.organisation_id)
                .detail(s.title.clone()),
        )?;
        Ok(())
    })
}

/// At the door: a confirmed helper is there (`present`), or the tick is undone. The
/// same tick twice changes nothing and records nothing; answers whether it changed.
pub fn set_present(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    shift_id: i64,
    present: bool,
) -> Result<bool> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Right::Door)?;
        let shift = shift_of(conn, session_id, shift_id)?;
        if shift.status != ShiftStatus::Confirmed {
            return Err(Error::conflict("helpers-error-not-confirmed"));
        }
        if shift.attended == Some(present) {
            return Ok(false);
        }
        diesel::update(helper_shifts::table.find(shift_id))
            .set((
                helper_shifts::attended.eq(Some(present)),
                helper_shifts::updated_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
        let action = if present {
            "helper_present"
        } else {
            "helper_present_undo"
        };
        record(
            conn,
            &Entry::new(who.user_id, action, "helper", Some(shift_id)).org(s.organisation_id),
        )?;
        Ok(true)
    })
}
