//! What a helper does without an account: sign up for a session (a confirmation link
//! is emailed; the answer is the same whatever the address), confirm by that link's
//! button (while places remain), then, with the manage link of the confirmation
//! email, see the shift, cancel it, download their data or erase it.
//!
//! An email address is not proof of identity: signing up again with an address that
//! already helps at the session creates nothing and gives the caller nothing; the
//! address itself gets a new confirmation link (still waiting) or a note (confirmed),
//! at most once per [`REPEAT_WINDOW`].

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::*;
use crate::db::schema::outbox;
use crate::db::write_tx;
use crate::domain::helpers::{CONFIRM_WITHIN, HelperInput, REPEAT_WINDOW, can_confirm, link_works};

/// The emails written to a helper (not the staff alert).
const TO_HELPERS: [MessageKind; 5] = [
    MessageKind::HelperConfirm,
    MessageKind::HelperAlready,
    MessageKind::HelperConfirmed,
    MessageKind::HelperCancelled,
    MessageKind::HelperReminder,
];

fn to_helpers() -> Vec<&'static str> {
    TO_HELPERS.iter().map(|k| k.as_str()).collect()
}

/// Signs someone up to help at a session: a waiting shift and its confirmation email,
/// in one transaction. The session must take helpers (`NotFound` otherwise) and have
/// a place left (`Conflict`: « c'est complet »). The same person again changes nothing
/// the caller can see (see the module's note).
pub fn sign_up(
    conn: &mut DbConnection,
    session_id: i64,
    h: &HelperInput,
    now: NaiveDateTime,
) -> Result<()> {
    write_tx(conn, |conn| {
        crate::store::sessions::lock_session(conn, session_id)?;
        let (_, need) = open_session(conn, session_id, now)?;
        let key = h.person_key();
        let existing: Option<HelperShift> = match &key {
            Some(k) => helper_shifts::table
                .filter(helper_shifts::session_id.eq(session_id))
                .filter(helper_shifts::person_key.eq(k))
                .filter(helper_shifts::status.ne(ShiftStatus::Cancelled))
                .select(HelperShift::as_select())
                .first(conn)
                .optional()?,
            None => None,
        };
        if let Some(shift) = existing {
            return repeat(conn, &shift, &need, now);
        }
        if need.left() == 0 {
            return Err(Error::conflict("helpers-full"));
        }
        let token = random_token();
        let email = h.email.as_ref().map(|e| e.as_str().to_owned());
        diesel::insert_into(helper_shifts::table)
            .values((
                helper_shifts::session_id.eq(session_id),
                helper_shifts::confirm_token_hash.eq(Some(digest(&token))),
                helper_shifts::person_key.eq(key.as_deref()),
                helper_shifts::name.eq(Some(h.name.as_str())),
                helper_shifts::email.eq(email.as_deref()),
                helper_shifts::phone.eq(h.phone.as_ref().map(|p| p.as_str())),
                helper_shifts::status.eq(ShiftStatus::PendingConfirmation),
                helper_shifts::language.eq(h.lang.code()),
                helper_shifts::consent_at.eq(Some(now)),
                helper_shifts::created_at.eq(now),
                helper_shifts::updated_at.eq(now),
            ))
            .execute(conn)?;
        let id: i64 = helper_shifts::table
            .filter(helper_shifts::confirm_token_hash.eq(digest(&token)))
            .select(helper_shifts::id)
            .first(conn)?;
        if let Some(email) = email {
            let mut payload = shift_payload(id, 0, &need.task);
            payload["helper_confirm_token"] = json!(token);
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::HelperConfirm,
                    registration_id: None,
                    session_id: Some(session_id),
                    recipient: email,
                    recipient_name: h.name.clone(),
                    language: h.lang,
                    payload,
                },
            )?;
        }
        Ok(())
    })
}

/// The same person signed up again: the address gets a new confirmation link (the
/// first may be lost) or, once confirmed, a note; nothing else changes, and nothing
/// more than once per [`REPEAT_WINDOW`].
fn repeat(
    conn: &mut DbConnection,
    shift: &HelperShift,
    need: &Need,
    now: NaiveDateTime,
) -> Result<()> {
    let Some(email) = shift.email.clone() else {
        return Ok(());
    };
    let kinds = [
        MessageKind::HelperConfirm.as_str(),
        MessageKind::HelperAlready.as_str(),
        MessageKind::HelperConfirmed.as_str(),
    ];
    let recent: i64 = outbox::table
        .filter(outbox::session_id.eq(shift.session_id))
        .filter(outbox::recipient.eq(&email))
        .filter(outbox::kind.eq_any(kinds))
        .filter(outbox::created_at.gt(now - REPEAT_WINDOW))
        .count()
        .get_result(conn)?;
    if recent > 0 {
        return Ok(());
    }
    let mut payload = shift_payload(shift.id, shift.ical_sequence, &need.task);
    let kind = if shift.status == ShiftStatus::PendingConfirmation {
        // A new link (and a new 48 hours): the first one may never have arrived.
        let token = random_token();
        diesel::update(helper_shifts::table.find(shift.id))
            .set((
                helper_shifts::confirm_token_hash.eq(Some(digest(&token))),
                helper_shifts::created_at.eq(now),
                helper_shifts::updated_at.eq(now),
            ))
            .execute(conn)?;
        payload["helper_confirm_token"] = json!(token);
        MessageKind::HelperConfirm
    } else {
        MessageKind::HelperAlready
    };
    enqueue(
        conn,
        &NewMessage {
            kind,
            registration_id: None,
            session_id: Some(shift.session_id),
            recipient: email,
            recipient_name: shift.name.clone().unwrap_or_default(),
            language: Lang::parse(&shift.language).unwrap_or_default(),
            payload,
        },
    )?;
    Ok(())
}

/// The shift a confirmation link leads to, while it works: a waiting shift within
/// [`CONFIRM_WITHIN`] of its link, or one already confirmed (so a second click says
/// so). `NotFound` otherwise.
fn by_confirm_token(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<HelperShift> {
    if !looks_like_token(token) {
        return Err(Error::NotFound);
    }
    let shift: HelperShift = helper_shifts::table
        .filter(helper_shifts::confirm_token_hash.eq(digest(token)))
        .filter(helper_shifts::purged_at.is_null())
        .select(HelperShift::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    match shift.status {
        ShiftStatus::PendingConfirmation if link_works(shift.created_at, now) => Ok(shift),
        ShiftStatus::Confirmed => Ok(shift),
        _ => Err(Error::NotFound),
    }
}

/// Where a confirmation link stands, for its page.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub details: ShiftDetails,
    /// No place left for this waiting shift (the page says « c'est complet »).
    pub full: bool,
}

/// What a confirmation link shows (a `GET`: changes nothing, since mail scanners open
/// links).
pub fn waiting(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Waiting> {
    let shift = by_confirm_token(conn, token, now)?;
    let pending = shift.status == ShiftStatus::PendingConfirmation;
    let details = with_session(conn, shift)?;
    let gone = details.session.session.status != SessionStatus::Published
        || details.session.session.starts_at <= now;
    if pending && gone {
        return Err(Error::NotFound);
    }
    let full = pending && details.need.left() == 0;
    Ok(Waiting { details, full })
}

/// What pressing the confirmation button did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// The place is the helper's; the clear manage token (also emailed).
    Now(String),
    /// It was confirmed before: nothing changed.
    Already,
    /// No place left: nothing changed (the page says « c'est complet, merci »).
    Full,
}

/// Confirms a waiting shift while a place remains: it becomes `confirmed`, takes the
/// place (a conditional update: two helpers racing for the last place, one wins) and
/// the helper gets the manage link with the invite, in one transaction. Pressing again
/// changes nothing.
pub fn confirm(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Confirmed> {
    write_tx(conn, |conn| {
        let found = by_confirm_token(conn, token, now)?;
        let session = crate::store::sessions::lock_session(conn, found.session_id)?;
        // Read again under the session's lock: a second press racing the first finds
        // it confirmed.
        let shift = reload(conn, found.id)?;
        if !can_confirm(shift.status) {
            return Ok(Confirmed::Already);
        }
        if session.status != SessionStatus::Published || session.starts_at <= now {
            return Err(Error::NotFound);
        }
        if !take_place(conn, shift.session_id)? {
            return Ok(Confirmed::Full);
        }
        diesel::update(helper_shifts::table.find(shift.id))
            .set((
                helper_shifts::status.eq(ShiftStatus::Confirmed),
                helper_shifts::confirmed_at.eq(Some(now)),
                helper_shifts::updated_at.eq(now),
            ))
            .execute(conn)?;
        let shift = reload(conn, shift.id)?;
        let task = need_of(conn, shift.session_id)?.task;
        let sequence = raise_sequence(conn, shift.id)?;
        let token = mint_link(conn, shift.id)?;
        let mut payload = shift_payload(shift.id, sequence, &task);
        payload["helper_token"] = json!(token);
        // A public sign-up always has its address (the form asks for it).
        if let Some(email) = shift.email.clone() {
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
            )?;
        }
        Ok(Confirmed::Now(token))
    })
}

/// The helper cancels their shift from their manage link: the place is freed, they get
/// the CANCEL invite, and staff are alerted when the session is now short within 48
/// hours. Cancelling again changes nothing.
pub fn cancel(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let d = by_token(conn, token)?;
        crate::store::sessions::lock_session(conn, d.shift.session_id)?;
        let shift = reload(conn, d.shift.id)?;
        if cancel_shift(conn, &shift, now, false)? {
            upkeep::alert_if_short(conn, shift.session_id, now)?;
        }
        Ok(())
    })
}

/// What a helper may download about themselves (Law 25): the shift and the emails
/// written to them about it.
#[derive(Debug, Clone)]
pub struct PersonalData {
    pub details: ShiftDetails,
    /// (kind, recipient, status, queued, sent)
    pub messages: Vec<(String, String, String, NaiveDateTime, Option<NaiveDateTime>)>,
}

pub fn personal_data(conn: &mut DbConnection, token: &str) -> Result<PersonalData> {
    let details = by_token(conn, token)?;
    let messages = match &details.shift.email {
        Some(email) => outbox::table
            .filter(outbox::session_id.eq(details.shift.session_id))
            .filter(outbox::recipient.eq(email))
            .filter(outbox::kind.eq_any(to_helpers()))
            .order(outbox::id)
            .select((
                outbox::kind,
                outbox::recipient,
                outbox::status,
                outbox::created_at,
                outbox::sent_at,
            ))
            .load(conn)?,
        None => Vec::new(),
    };
    Ok(PersonalData { details, messages })
}

/// Erases a helper's personal data from their manage link: the shift is cancelled if
/// it was live (its place freed, nobody written to: there is no address left), its
/// name, email, phone, keys and links are blanked, and the emails about it are
/// deleted. The link stops working. The row stays for anonymous counts.
pub fn erase(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let d = by_token(conn, token)?;
        crate::store::sessions::lock_session(conn, d.shift.session_id)?;
        let shift = reload(conn, d.shift.id)?;
        if cancel_shift(conn, &shift, now, true)? {
            upkeep::alert_if_short(conn, shift.session_id, now)?;
        }
        if let Some(email) = &shift.email {
            diesel::delete(
                outbox::table
                    .filter(outbox::session_id.eq(shift.session_id))
                    .filter(outbox::recipient.eq(email))
                    .filter(outbox::kind.eq_any(to_helpers())),
            )
            .execute(conn)?;
        }
        upkeep::blank(conn, &[shift.id], now)?;
        Ok(())
    })
}

/// Deletes sign-ups never confirmed once their link stopped working (retention).
pub(crate) fn forget_unconfirmed(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        helper_shifts::table
            .filter(helper_shifts::status.eq(ShiftStatus::PendingConfirmation))
            .filter(helper_shifts::created_at.le(now - CONFIRM_WITHIN)),
    )
    .execute(conn)
}
