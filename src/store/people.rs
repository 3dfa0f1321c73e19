//! What the organiser does with a session's people, one function per act: register
//! someone who phoned, promote a waiting person out of turn, write to everyone
//! confirmed, cancel the session. The back-office forms and the staff API call these
//! same functions. Each act checks who may act first (the organisation's editors),
//! before reading the rest of its input, then does its work and writes its audit entry
//! in one transaction. Every seat-changing rule is the engine's (`store::registrations`).

use diesel::prelude::*;
use serde_json::json;

use crate::db::models::Registration;
use crate::db::schema::registrations;
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::Access;
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::payment::PayMethod;
use crate::domain::registration::{Source, Status};
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::intake::{RawInput, app_error, parse_input, refused};
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::registrations::{self as engine, RegisterOptions, Registered};
use crate::store::roster::{Need, session_for};

/// How a staff registration came in, beyond its fields.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    /// The API's `Idempotency-Key`, when sent: a retry by the same staff member with
    /// the same key and input gets the first answer back.
    pub idempotency_key: Option<String>,
    /// The caller is given the manage link even when the person was already
    /// registered (the API answers with it; the back-office page does not show it).
    pub wants_link: bool,
    /// A paid session: the audience (slug) whose reduced price the person gets, as
    /// they told staff (`None`: the full price).
    pub rate: Option<String>,
}

/// The audience a reduced rate is asked for, by its slug (`None` for an empty one);
/// an unknown slug is the `rate` field's message.
pub fn rate_audience(conn: &mut DbConnection, slug: Option<&str>) -> Result<Option<i64>> {
    use crate::db::schema::audiences;
    let Some(slug) = slug.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    audiences::table
        .filter(audiences::slug.eq(slug))
        .select(audiences::id)
        .first(conn)
        .optional()?
        .map(Some)
        .ok_or_else(|| Error::field("rate", "pay-error-no-such-rate"))
}

/// Registers someone for a session on their behalf (on the phone, at the desk, from
/// another system): email optional, phone instead. A repeat (same person) changes
/// nothing and records nothing. For a paid session the person pays on site (staff do
/// not send people to pay online), at the full price or the reduced rate asked for.
#[tracing::instrument(level = "debug", skip_all, fields(session_id))]
pub fn register(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    raw: &RawInput,
    lang: Lang,
    channel: &Channel,
) -> Result<Registered> {
    write_tx(conn, |conn| {
        session_for(conn, who, session_id, Need::Manage)?;
        let new = parse_input(raw, Source::Staff, Some(who.user_id), lang)?;
        let rate_audience = rate_audience(conn, channel.rate.as_deref())?;
        let opts = RegisterOptions {
            // The staff member is part of the key: their key is theirs alone. The rate
            // asked is part of the input.
            replay_key: channel.idempotency_key.as_ref().map(|k| {
                let input = match rate_audience {
                    Some(a) => format!("{}\nrate {a}", new.fingerprint()),
                    None => new.fingerprint(),
                };
                crate::domain::token::replay_digest(
                    session_id,
                    &format!("api\n{}\n{k}", who.user_id),
                    &input,
                )
            }),
            link_on_repeat: channel.wants_link,
            pay_method: Some(PayMethod::OnSite),
            rate_audience,
            online_payments: false,
            ..RegisterOptions::default()
        };
        let done =
            engine::register_with(conn, session_id, &new, &opts, now()).map_err(app_error)?;
        if done.created() {
            record(
                conn,
                &Entry::new(
                    who.user_id,
                    "register",
                    "registration",
                    Some(done.registration.id),
                )
                .org(done.session.organisation_id)
                .detail(done.session.title.clone()),
            )?;
        }
        Ok(done)
    })
}

/// Moves one waiting person to a seat, out of turn (they need as many free seats as
/// they asked for).
#[tracing::instrument(level = "debug", skip_all, fields(session_id, registration_id))]
pub fn promote(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    registration_id: i64,
) -> Result<Registration> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Manage)?;
        let r =
            engine::promote_manually(conn, session_id, registration_id, now()).map_err(refused)?;
        record(
            conn,
            &Entry::new(
                who.user_id,
                "promote",
                "registration",
                Some(registration_id),
            )
            .org(s.organisation_id),
        )?;
        Ok(r)
    })
}

/// Limits of the organiser's message.
pub const MAX_SUBJECT: usize = 150;
pub const MAX_BODY: usize = 5000;

/// Whether a registration gets the organiser's message: confirmed or already checked
/// in, with an email.
pub fn reached_by_message(r: &Registration) -> bool {
    r.email.is_some() && (r.status == Status::Confirmed || r.status == Status::Attended)
}

/// Queues `organiser_message` to everyone confirmed (or already checked in) who gave
/// an email. Returns how many were queued.
#[tracing::instrument(level = "debug", skip_all, fields(session_id))]
pub fn message(
    conn: &mut DbConnection,
    who: &Access,
    from_name: &str,
    session_id: i64,
    subject: &str,
    body: &str,
) -> Result<usize> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Manage)?;
        let (subject, body) = (subject.trim(), body.trim());
        let mut errors = Vec::new();
        if subject.is_empty() || subject.chars().count() > MAX_SUBJECT {
            errors.push(FieldError::new("subject", Msg::new("admin-error-subject")));
        }
        if body.is_empty() || body.chars().count() > MAX_BODY {
            errors.push(FieldError::new("body", Msg::new("admin-error-body")));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let people: Vec<Registration> = registrations::table
            .filter(registrations::session_id.eq(session_id))
            .order(registrations::id)
            .select(Registration::as_select())
            .load::<Registration>(conn)?
            .into_iter()
            .filter(reached_by_message)
            .collect();
        for r in &people {
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::OrganiserMessage,
                    registration_id: Some(r.id),
                    session_id: Some(session_id),
                    recipient: r.email.clone().unwrap_or_default(),
                    recipient_name: r.name.clone().unwrap_or_default(),
                    language: Lang::parse(&r.language).unwrap_or_default(),
                    payload: json!({"subject": subject, "body": body, "from_name": from_name}),
                },
            )?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "message", "session", Some(session_id))
                .org(s.organisation_id)
                .detail(format!("{subject} ({})", people.len())),
        )?;
        Ok(people.len())
    })
}

/// Longest reason for cancelling a session.
pub const MAX_REASON: usize = 500;

/// Cancels the session with a reason: the engine cancels every registration and tells
/// each person the reason. Returns how many registrations were cancelled.
#[tracing::instrument(level = "debug", skip_all, fields(session_id))]
pub fn cancel_session(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    reason: &str,
) -> Result<usize> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Manage)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::field("reason", "admin-error-reason"));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(Error::field("reason", "admin-error-too-long"));
        }
        let n = engine::cancel_session(conn, session_id, reason, now()).map_err(refused)?;
        record(
            conn,
            &Entry::new(who.user_id, "cancel", "session", Some(session_id))
                .org(s.organisation_id)
                .detail(format!("{} — {reason} ({n})", s.title)),
        )?;
        Ok(n)
    })
}
