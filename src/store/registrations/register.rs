//! Registering: one person ([`register_with`]), or several people for one session in
//! one transaction ([`register_many`], what [`super::Combiner`] runs during a rush).
//! Both go through [`place`], so a registration made in a batch is the very one that
//! would have been made alone.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::payments::{charge_for, hold_seats, insert_payment};
use super::{
    Locked, NewRegistration, Outcome, RegError, RegResult, RegisterOptions, Registered, lock,
    notify, notify_confirmed, position, save_counters,
};
use crate::db::models::Registration;
use crate::db::schema::{outbox, registrations};
use crate::db::{DbConnection, write_tx};
use crate::domain::messages::MessageKind;
use crate::domain::outcome::NoShowPolicy;
use crate::domain::registration::{self as rules, Email, Phone, Placement, Status};
use crate::domain::token::{check_in_code, digest, random_token};
use crate::domain::webhooks::WebhookEvent;
use crate::store::links;

/// Registers a person for a session (public form, API, or staff on the phone).
pub fn register(
    conn: &mut DbConnection,
    session_id: i64,
    new: &NewRegistration,
    now: NaiveDateTime,
) -> RegResult<Registered> {
    register_with(conn, session_id, new, &RegisterOptions::default(), now)
}

/// Registers a person, with how the request came in.
///
/// Idempotent (invariant 3): a person (normalised email, or name + phone for staff
/// entries) who already holds a live registration gets it back unchanged, without its
/// link (`Outcome::Repeated`); the link is emailed to them instead (domain
/// `REPEAT_WINDOW`). A retry of the submission that created it (same replay key) gets
/// the first answer again, with a working link (`Outcome::Replayed`).
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty, registration_id = tracing::field::Empty))]
pub fn register_with(
    conn: &mut DbConnection,
    session_id: i64,
    new: &NewRegistration,
    opts: &RegisterOptions,
    now: NaiveDateTime,
) -> RegResult<Registered> {
    write_tx(conn, |conn| {
        let mut l = lock(conn, session_id)?;
        let house = House::read(conn, &l)?;
        let done = place(conn, &mut l, &house, new, opts, now)?;
        save_counters(conn, &l, now)?;
        Ok(done)
    })
}

/// Registers several people for one session in one transaction, in order: the
/// session is locked and its organisation read once, each person is placed, the
/// counters are written once, and one commit makes them all durable — or none, when
/// the transaction itself fails (`Err`: nobody was registered).
///
/// A refusal comes before any of a person's writes, so it needs no undoing; a
/// database failure in a person's writes (which poisons a PostgreSQL transaction, and
/// would leave half a person on SQLite) rolls the batch back, and it is placed again
/// with a savepoint per person, so only that person fails. The common case pays for
/// no savepoint.
///
/// Each answer is the one [`register_with`] would have given if the people had come
/// one after the other in this order.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, people = people.len(), organisation_id = tracing::field::Empty, registration_id = tracing::field::Empty))]
pub fn register_many(
    conn: &mut DbConnection,
    session_id: i64,
    people: &[(&NewRegistration, &RegisterOptions)],
    now: NaiveDateTime,
) -> Result<Vec<RegResult<Registered>>, diesel::result::Error> {
    match batch(conn, session_id, people, now, false) {
        Err(diesel::result::Error::RollbackTransaction) => {
            batch(conn, session_id, people, now, true)
        }
        done => done,
    }
}

/// One pass of [`register_many`]; without `savepoints`, a person's database failure
/// ends it with `RollbackTransaction` (the caller then tries again with them).
fn batch(
    conn: &mut DbConnection,
    session_id: i64,
    people: &[(&NewRegistration, &RegisterOptions)],
    now: NaiveDateTime,
    savepoints: bool,
) -> Result<Vec<RegResult<Registered>>, diesel::result::Error> {
    write_tx(conn, |conn| {
        let mut l = match lock(conn, session_id) {
            Ok(l) => l,
            Err(RegError::NotFound) => {
                return Ok(people.iter().map(|_| Err(RegError::NotFound)).collect());
            }
            Err(RegError::Db(e)) => return Err(e),
            Err(other) => return Ok(people.iter().map(|_| Err(copy(&other))).collect()),
        };
        let house = House::read(conn, &l)?;
        let mut answers = Vec::with_capacity(people.len());
        for (new, opts) in people {
            let before = l.book;
            let answer = if savepoints {
                // What this person's registration wrote goes if it fails.
                write_tx(conn, |conn| place(conn, &mut l, &house, new, opts, now))
            } else {
                place(conn, &mut l, &house, new, opts, now)
            };
            if !savepoints && matches!(answer, Err(RegError::Db(_) | RegError::Unavailable)) {
                return Err(diesel::result::Error::RollbackTransaction);
            }
            if answer.is_err() {
                l.book = before;
            }
            answers.push(answer);
        }
        save_counters(conn, &l, now)?;
        Ok(answers)
    })
}

/// The same refusal again, for each person of a batch that met it.
fn copy(e: &RegError) -> RegError {
    match e {
        RegError::Refused(r) => RegError::Refused(*r),
        RegError::NotFound => RegError::NotFound,
        RegError::Unavailable | RegError::Db(_) => RegError::Unavailable,
    }
}

/// What registering reads of the session's organisation, once per transaction.
pub(super) struct House {
    /// The organisation's no-show policy (off unless it chose one).
    no_show: NoShowPolicy,
    /// Whether a partner's endpoint wants `registration.created`.
    webhooks: bool,
}

impl House {
    pub(super) fn read(conn: &mut DbConnection, l: &Locked) -> QueryResult<House> {
        let org = l.session.organisation_id;
        Ok(House {
            no_show: crate::store::outcomes::policy::of(conn, org)?,
            webhooks: crate::store::webhooks::listens(
                conn,
                org,
                WebhookEvent::RegistrationCreated,
            )?,
        })
    }
}

/// Places one person in the locked session, inside the caller's transaction: the
/// decision, the row, the payment, the message, the webhook; the counters are kept in
/// `l.book` (the caller writes them).
fn place(
    conn: &mut DbConnection,
    l: &mut Locked,
    house: &House,
    new: &NewRegistration,
    opts: &RegisterOptions,
    now: NaiveDateTime,
) -> RegResult<Registered> {
    let session_id = l.session.id;
    if !l.session.status.is_public() {
        return Err(RegError::NotFound);
    }
    // The answer shows the session as this person found it.
    let mut found = l.session.clone();
    found.seats_taken = l.book.seats_taken;
    found.waitlist_count = l.book.waitlist_count;
    let key = rules::person_key(
        new.email.as_ref(),
        &new.name,
        new.phone.as_ref().map(Phone::as_str),
    );
    if let Some(replay) = &opts.replay_key
        && let Some(r) = links::replayed(conn, session_id, replay, now)?
    {
        tracing::Span::current().record("registration_id", r.id);
        let token = links::mint(conn, r.id, now)?;
        let waitlist_position = position(conn, &r)?;
        return Ok(Registered {
            registration: r,
            session: found,
            outcome: Outcome::Replayed,
            waitlist_position,
            manage_token: Some(token),
        });
    }
    if let Some(key) = &key {
        let existing: Option<Registration> = registrations::table
            .filter(registrations::session_id.eq(session_id))
            .filter(registrations::person_key.eq(key))
            .filter(registrations::status.ne(Status::Cancelled.as_str()))
            .select(Registration::as_select())
            .first(conn)
            .optional()?;
        if let Some(r) = existing {
            tracing::Span::current().record("registration_id", r.id);
            let resent = resend_link(conn, &r, now)?;
            let manage_token = if opts.link_on_repeat {
                Some(links::mint(conn, r.id, now)?)
            } else {
                None
            };
            let waitlist_position = position(conn, &r)?;
            return Ok(Registered {
                registration: r,
                session: found,
                outcome: Outcome::Repeated { resent },
                waitlist_position,
                manage_token,
            });
        }
    }
    rules::check_open(&l.session, now)?;
    let placement = rules::place(&l.book, new.seats)?;
    // The organisation's no-show policy (off unless it chose one): a person who
    // missed enough of its sessions waits first, told why; staff may promote.
    let held = match (&key, placement) {
        (Some(k), Placement::Confirmed) => crate::store::outcomes::policy::holds_under(
            conn,
            &house.no_show,
            l.session.organisation_id,
            k,
            now,
        )?,
        _ => false,
    };
    let (placement, no_show_hold) =
        crate::domain::outcome::place_with_policy(&l.book, placement, held);
    let charge = charge_for(conn, &l.session, new.seats, opts)?;
    let pays_online = charge.is_some_and(|c| c.method == crate::domain::payment::PayMethod::Online);
    let status = match placement {
        Placement::Confirmed if pays_online => Status::PendingPayment,
        Placement::Confirmed => Status::Confirmed,
        Placement::Waitlisted(_) => Status::Waitlisted,
    };
    let token = random_token();
    // New or returning, decided now: the purge erases the key that tells it.
    let returning = match &key {
        Some(k) => crate::store::reports::people::is_returning(conn, session_id, k)?,
        None => false,
    };
    let row = (
        registrations::session_id.eq(session_id),
        registrations::token_hash.eq(digest(&token)),
        registrations::person_key.eq(&key),
        registrations::name.eq(&new.name),
        registrations::email.eq(new.email.as_ref().map(Email::as_str)),
        registrations::phone.eq(new.phone.as_ref().map(Phone::as_str)),
        registrations::seats.eq(new.seats),
        registrations::status.eq(status.as_str()),
        registrations::needs.eq(&new.needs),
        registrations::language.eq(new.language.code()),
        registrations::source.eq(new.source.as_str()),
        registrations::entered_by_user_id.eq(new.entered_by),
        registrations::consent_at.eq(now),
        registrations::queued_at.eq(now),
        registrations::check_in_code.eq(check_in_code()),
        registrations::created_at.eq(now),
        registrations::updated_at.eq(now),
        registrations::no_show_hold.eq(no_show_hold),
        registrations::returning_person.eq(returning),
    );
    // One statement on both backends (RETURNING is outside the common subset).
    let r: Registration = crate::per_backend!(conn, |c| diesel::insert_into(registrations::table)
        .values(row)
        .returning(Registration::as_returning())
        .get_result(c))?;
    tracing::Span::current().record("registration_id", r.id);
    if let Some(replay) = &opts.replay_key {
        links::remember_replay(conn, replay, r.id, now)?;
    }
    if let Some(charge) = &charge {
        insert_payment(conn, &r, l.session.organisation_id, charge, None, now)?;
    }
    let waitlist_position = match placement {
        Placement::Confirmed if pays_online => {
            l.book.seats_taken += new.seats;
            let until = now + crate::domain::payment::hold(opts.hold_minutes);
            hold_seats(conn, &r, until, false, now)?;
            None
        }
        Placement::Confirmed => {
            l.book.seats_taken += new.seats;
            notify_confirmed(conn, &r)?;
            None
        }
        Placement::Waitlisted(pos) => {
            l.book.waitlist_count += 1;
            notify(
                conn,
                &r,
                MessageKind::RegistrationWaitlisted,
                if no_show_hold {
                    json!({"seats": r.seats, "position": pos, "no_show_hold": true})
                } else {
                    json!({"seats": r.seats, "position": pos})
                },
            )?;
            Some(pos)
        }
    };
    if house.webhooks {
        // The partner is told the session as this registration left it.
        save_counters(conn, l, now)?;
        crate::store::webhooks::registration_event(conn, WebhookEvent::RegistrationCreated, r.id)?;
    }
    Ok(Registered {
        registration: r,
        session: found,
        outcome: Outcome::Created,
        waitlist_position,
        manage_token: Some(token),
    })
}

/// A repeated registration: emails the person their manage link, unless an email
/// carrying it (the confirmation included) went out within the domain's
/// `REPEAT_WINDOW`. Returns whether it was queued.
fn resend_link(conn: &mut DbConnection, r: &Registration, now: NaiveDateTime) -> RegResult<bool> {
    if r.email.is_none() {
        return Ok(false);
    }
    let last_resent: Option<NaiveDateTime> = outbox::table
        .filter(outbox::registration_id.eq(r.id))
        .filter(outbox::kind.eq(MessageKind::RegistrationLink.as_str()))
        .select(diesel::dsl::max(outbox::created_at))
        .first(conn)?;
    let last_sent = last_resent.map_or(r.created_at, |t| t.max(r.created_at));
    if !rules::may_resend_link(last_sent, now) {
        return Ok(false);
    }
    notify(conn, r, MessageKind::RegistrationLink, json!({}))?;
    Ok(true)
}
