//! Every registration transaction (invariants 1–4 of DESIGN.md). Each public function
//! opens one write transaction (`db::write_tx`: `BEGIN IMMEDIATE` on SQLite; on
//! PostgreSQL the session row is locked `FOR UPDATE` first, so every change to one
//! session's seats is serialised whatever the number of threads or processes), reads
//! the session's counters, asks `domain::registration` what to do, writes the rows, the
//! counters and the outbox messages, and commits — or writes nothing.
//!
//! `sessions.seats_taken` and `sessions.waitlist_count` are kept in step with the rows
//! in the same transaction; [`recount`] recomputes them from the rows (tests use it as
//! the oracle; an operator can use it as a repair).
//!
//! This module holds the engine's shared parts and registering; the rest is split by
//! who acts: [`person`] (what someone does with their link: cancel, change, accept an
//! offer, see or erase their data), [`organiser`] (capacity, cancelling a session,
//! promotion, roster and attendance) and [`upkeep`] (offers that ran out, retention,
//! the counters' repair). Every function is reachable from here as before.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::{Registration, Session};
use crate::db::schema::{audit_log, organisations, outbox, registrations, sessions};
use crate::db::{DbConnection, write_tx};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::registration::{
    self as rules, Book, Email, Phone, Refusal, Source, Status, Waiting, WaitlistMode,
};
use crate::domain::token::random_token;
use crate::domain::webhooks::WebhookEvent;
use crate::store::links;
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::sessions::{SessionDetails, details, lock_session};

mod combine;
mod organiser;
mod payments;
mod person;
mod register;
mod upkeep;

pub use combine::Combiner;
pub use organiser::*;
pub use payments::*;
pub use person::*;
pub use register::*;
pub use upkeep::*;

/// Why a registration transaction did nothing.
#[derive(Debug)]
pub enum RegError {
    /// A rule refused it (mapped to 409 or 422 by the web layer).
    Refused(Refusal),
    /// No such session or registration.
    NotFound,
    Db(diesel::result::Error),
    /// No database connection could be had.
    Unavailable,
}

impl std::fmt::Display for RegError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegError::Refused(r) => write!(f, "refused: {r:?}"),
            RegError::NotFound => f.write_str("not found"),
            RegError::Db(e) => write!(f, "database: {e}"),
            RegError::Unavailable => f.write_str("database unavailable"),
        }
    }
}

impl std::error::Error for RegError {}

impl From<diesel::result::Error> for RegError {
    fn from(e: diesel::result::Error) -> RegError {
        match e {
            diesel::result::Error::NotFound => RegError::NotFound,
            other => RegError::Db(other),
        }
    }
}

impl From<Refusal> for RegError {
    fn from(r: Refusal) -> RegError {
        RegError::Refused(r)
    }
}

pub type RegResult<T> = Result<T, RegError>;

impl From<RegError> for crate::error::Error {
    fn from(e: RegError) -> crate::error::Error {
        match e {
            RegError::Refused(r) => r.into(),
            RegError::NotFound => crate::error::Error::NotFound,
            RegError::Db(e) => e.into(),
            RegError::Unavailable => crate::error::Error::Unavailable,
        }
    }
}

/// A registration as parsed at the boundary (`web::registration::parse_input`).
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub name: String,
    /// Required from the public; staff may give a phone instead.
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub seats: i32,
    pub needs: Option<String>,
    pub language: Lang,
    pub source: Source,
    /// The staff member who entered it.
    pub entered_by: Option<i64>,
}

impl NewRegistration {
    /// The input as one text (a retry must send the same to be recognised).
    pub fn fingerprint(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.name,
            self.email
                .as_ref()
                .map(Email::normalised)
                .unwrap_or_default(),
            self.phone.as_ref().map(Phone::as_str).unwrap_or(""),
            self.seats,
            self.needs.as_deref().unwrap_or(""),
            self.language.code()
        )
    }
}

/// How a registration request came in, beyond its fields.
#[derive(Debug, Clone, Default)]
pub struct RegisterOptions {
    /// The submission's replay key (`domain::token::replay_digest`): a retry with the
    /// same key, from the same client, gets the first answer back with a working link.
    pub replay_key: Option<String>,
    /// Staff of the organisation: a repeat gets a link too (they hold the roster).
    pub link_on_repeat: bool,
    /// A paid session: how the person pays (`None`: the only way offered, if one).
    pub pay_method: Option<crate::domain::payment::PayMethod>,
    /// A paid session: the audience whose reduced price the person asked for.
    pub rate_audience: Option<i64>,
    /// Whether the region's Stripe account is configured (online payment possible).
    pub online_payments: bool,
    /// How long seats are held while the person pays online (`payment_hold_minutes`;
    /// kept within Stripe's 30 minutes to 24 hours).
    pub hold_minutes: u32,
}

/// What `register` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    /// A retry of the submission that created the registration.
    Replayed,
    /// The person already held a live registration, returned unchanged; `resent`: its
    /// link was emailed to them again (at most once per `REPEAT_WINDOW`).
    Repeated {
        resent: bool,
    },
}

/// What `register` did, and what the caller may show.
#[derive(Debug, Clone)]
pub struct Registered {
    pub registration: Registration,
    /// The session as it stood when the transaction committed.
    pub session: Session,
    pub outcome: Outcome,
    pub waitlist_position: Option<i32>,
    /// A manage token in clear, for whoever may see the link: the person who created the
    /// registration, a retry of that same submission, staff. `None` for a repeat.
    pub manage_token: Option<String>,
}

impl Registered {
    /// Whether this call created the registration.
    pub fn created(&self) -> bool {
        self.outcome == Outcome::Created
    }
}

/// A registration with its session, as the manage page and the API show it.
#[derive(Debug, Clone)]
pub struct RegistrationDetails {
    pub registration: Registration,
    pub session: SessionDetails,
    pub waitlist_position: Option<i32>,
    /// Seats free in the session now (`None`: no limit).
    pub seats_free: Option<i32>,
}

/// Changes a person may make to their registration (`PATCH`).
#[derive(Debug, Clone, Default)]
pub struct RegistrationPatch {
    pub seats: Option<i32>,
    pub name: Option<String>,
    pub phone: Option<Option<Phone>>,
    pub needs: Option<Option<String>>,
    pub language: Option<Lang>,
}

/// A session's people, for the organiser and the door.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Confirmed, attended and no-show, in registration order.
    pub confirmed: Vec<Registration>,
    /// Waiting, in queue order (position = index + 1).
    pub waitlist: Vec<Registration>,
    pub offered: Vec<Registration>,
    pub cancelled: Vec<Registration>,
}

struct Locked {
    session: Session,
    book: Book,
}

/// Reads the session inside the transaction and locks it ([`lock_session`]).
fn lock(conn: &mut DbConnection, id: i64) -> RegResult<Locked> {
    let session = lock_session(conn, id)?;
    tracing::Span::current().record("organisation_id", session.organisation_id);
    Ok(Locked {
        book: Book::of(&session),
        session,
    })
}

/// The organisation's waitlist policy, read only when someone is to be promoted.
fn waitlist_policy(conn: &mut DbConnection, l: &Locked) -> QueryResult<(WaitlistMode, i32)> {
    let (mode, offer_hours): (String, i32) = organisations::table
        .find(l.session.organisation_id)
        .select((organisations::waitlist_mode, organisations::offer_hours))
        .first(conn)?;
    Ok((
        WaitlistMode::parse(&mode).unwrap_or(WaitlistMode::Auto),
        offer_hours.max(1),
    ))
}

fn save_counters(conn: &mut DbConnection, l: &Locked, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(sessions::table.find(l.session.id))
        .set((
            sessions::seats_taken.eq(l.book.seats_taken),
            sessions::waitlist_count.eq(l.book.waitlist_count),
            sessions::capacity.eq(l.book.capacity),
            sessions::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

fn lang_of(r: &Registration) -> Lang {
    Lang::parse(&r.language).unwrap_or_default()
}

/// Queues a message to the person, if they gave an email (staff entries may not).
fn notify(
    conn: &mut DbConnection,
    r: &Registration,
    kind: MessageKind,
    payload: serde_json::Value,
) -> QueryResult<()> {
    let Some(email) = r.email.as_deref() else {
        return Ok(());
    };
    enqueue(
        conn,
        &NewMessage {
            kind,
            registration_id: Some(r.id),
            session_id: Some(r.session_id),
            recipient: email.to_owned(),
            recipient_name: r.name.clone().unwrap_or_default(),
            language: lang_of(r),
            payload,
        },
    )
}

/// The confirmation email, with the seats held.
fn notify_confirmed(conn: &mut DbConnection, r: &Registration) -> QueryResult<()> {
    notify(
        conn,
        r,
        MessageKind::RegistrationConfirmed,
        json!({"seats": r.seats}),
    )
}

type Cancellation = (
    diesel::dsl::Eq<registrations::status, &'static str>,
    diesel::dsl::Eq<registrations::cancelled_at, NaiveDateTime>,
    diesel::dsl::Eq<registrations::offer_expires_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<registrations::updated_at, NaiveDateTime>,
);

/// What cancelling writes on a registration (a running offer ends with it); giving
/// back its seats or its place in the queue is the caller's part.
fn cancellation(now: NaiveDateTime) -> Cancellation {
    (
        registrations::status.eq(Status::Cancelled.as_str()),
        registrations::cancelled_at.eq(now),
        registrations::offer_expires_at.eq(None::<NaiveDateTime>),
        registrations::updated_at.eq(now),
    )
}

fn status_of(r: &Registration) -> Status {
    r.status
}

/// Position in the waitlist (1 = next), for a waiting registration.
fn position(conn: &mut DbConnection, r: &Registration) -> QueryResult<Option<i32>> {
    if status_of(r) != Status::Waitlisted {
        return Ok(None);
    }
    let ahead: i64 = registrations::table
        .filter(registrations::session_id.eq(r.session_id))
        .filter(registrations::status.eq(Status::Waitlisted.as_str()))
        .filter(
            registrations::queued_at
                .lt(r.queued_at)
                .or(registrations::queued_at
                    .eq(r.queued_at)
                    .and(registrations::id.lt(r.id))),
        )
        .count()
        .get_result(conn)?;
    Ok(Some(ahead as i32 + 1))
}

/// The promotion pass (domain doc: first come, skipping who does not fit), written in
/// the caller's transaction, with a message to each person moved.
fn settle(conn: &mut DbConnection, l: &mut Locked, now: NaiveDateTime) -> QueryResult<usize> {
    if l.book.waitlist_count == 0 || l.book.free() == Some(0) {
        return Ok(0);
    }
    let queue: Vec<Registration> = registrations::table
        .filter(registrations::session_id.eq(l.session.id))
        .filter(registrations::status.eq(Status::Waitlisted.as_str()))
        .order((registrations::queued_at, registrations::id))
        .select(Registration::as_select())
        .load(conn)?;
    let waiting: Vec<Waiting> = queue
        .iter()
        .map(|r| Waiting {
            id: r.id,
            seats: r.seats,
        })
        .collect();
    let (mode, offer_hours) = waitlist_policy(conn, l)?;
    let promoted = rules::promotions(&l.book, &waiting, mode);
    let ids: Vec<i64> = promoted.iter().map(|p| p.id).collect();
    let payers = promoted_payers(conn, &ids)?;
    for p in &promoted {
        let r = queue.iter().find(|r| r.id == p.id).expect("from the queue");
        l.book.seats_taken += p.seats;
        l.book.waitlist_count -= 1;
        match payers.get(&p.id) {
            // Will pay online: the seats are held while they do.
            Some(crate::domain::payment::PayStatus::Pending) => {
                hold_for_promoted(conn, r, offer_hours, now)?;
                continue;
            }
            // Paid already (a payment that came after its hold): confirmed at once.
            Some(s) if s.is_paid() => {
                diesel::update(registrations::table.find(p.id))
                    .set((
                        registrations::status.eq(Status::Confirmed.as_str()),
                        registrations::offer_expires_at.eq(None::<NaiveDateTime>),
                        registrations::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                notify(
                    conn,
                    r,
                    MessageKind::RegistrationPromoted,
                    json!({"seats": p.seats}),
                )?;
                continue;
            }
            _ => {}
        }
        let expires = (p.to == Status::Offered).then(|| now + Duration::hours(offer_hours.into()));
        diesel::update(registrations::table.find(p.id))
            .set((
                registrations::status.eq(p.to.as_str()),
                registrations::offer_expires_at.eq(expires),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        match expires {
            Some(t) => notify(
                conn,
                r,
                MessageKind::OfferMade,
                json!({"seats": p.seats, "expires_at": crate::domain::time::rfc3339(t)}),
            )?,
            None => notify(
                conn,
                r,
                MessageKind::RegistrationPromoted,
                json!({"seats": p.seats}),
            )?,
        }
    }
    Ok(promoted.len())
}

/// Erases a registration's personal data and everything that points back to the person
/// (kept: session, seats, status, dates — the anonymous counts): its messages, every
/// manage link and replay key, the detail text of its audit entries, and « Mes
/// activités » links that no longer lead to anything.
fn anonymise(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(outbox::table.filter(outbox::registration_id.eq_any(ids))).execute(conn)?;
    links::forget(conn, ids)?;
    crate::store::webhooks::forget(conn, ids)?;
    crate::store::outcomes::forget(conn, ids)?;
    diesel::update(
        audit_log::table
            .filter(audit_log::entity.eq("registration"))
            .filter(audit_log::entity_id.eq_any(ids)),
    )
    .set(audit_log::detail.eq(""))
    .execute(conn)?;
    let mut n = 0;
    for id in ids {
        // A hash of nothing anyone holds: every manage link stops working.
        n += diesel::update(registrations::table.find(id))
            .set((
                registrations::token_hash.eq(format!("purged-{}", random_token())),
                registrations::person_key.eq(None::<String>),
                registrations::name.eq(None::<String>),
                registrations::email.eq(None::<String>),
                registrations::phone.eq(None::<String>),
                registrations::needs.eq(None::<String>),
                registrations::purged_at.eq(now),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    crate::store::activities::forget_unused(conn)?;
    Ok(n)
}
