//! Attendance at the door, one function per act: check-in, undo, walk-in, no-shows.
//! The door page and the staff API call these same functions, so they apply the same
//! rules and write the same audit entries. Each act checks who may act first (the
//! session's editors and its trainers), before reading the rest of its input, then
//! does its work and writes its audit entry in one transaction.
//!
//! Check-in and undo are idempotent: a tap sent twice (a retry on a flaky connection,
//! a double tap, a second volunteer) finds the person already in the state asked for,
//! which is a success that says so and records nothing.

use diesel::prelude::*;

use crate::db::models::Registration;
use crate::db::schema::registrations;
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::Access;
use crate::domain::lang::Lang;
use crate::domain::registration::{Source, Status};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::intake::{RawInput, app_error, parse_input, refused};
use crate::store::registrations::{self as engine, Roster};
use crate::store::roster::{Need, by_code, session_for, status_of};

/// Who is present, in seats and in people, among those expected (confirmed, present
/// or marked absent). The door page and the roster of the API show these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attendance {
    pub present_seats: i32,
    pub expected_seats: i32,
    pub present_people: usize,
    pub expected_people: usize,
}

impl Attendance {
    pub fn of(roster: &Roster) -> Attendance {
        let present = |r: &&Registration| r.status == Status::Attended;
        Attendance {
            present_seats: roster
                .confirmed
                .iter()
                .filter(present)
                .map(|r| r.seats)
                .sum(),
            expected_seats: roster.confirmed.iter().map(|r| r.seats).sum(),
            present_people: roster.confirmed.iter().filter(present).count(),
            expected_people: roster.confirmed.len(),
        }
    }
}

/// Whom to check in: a registration id, or the 6-character code of the confirmation
/// email (any case, spaces and dashes ignored). Exactly one of the two.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub registration_id: Option<i64>,
    pub code: Option<String>,
}

impl Target {
    pub fn id(registration_id: i64) -> Target {
        Target {
            registration_id: Some(registration_id),
            code: None,
        }
    }

    fn resolve(&self, conn: &mut DbConnection, session_id: i64) -> Result<i64> {
        match (self.registration_id, self.code.as_deref()) {
            (Some(rid), None) => Ok(rid),
            (None, Some(code)) => Ok(by_code(conn, session_id, code)?.ok_or(Error::NotFound)?.id),
            _ => Err(Error::field(
                "registration_id",
                "admin-error-check-in-target",
            )),
        }
    }
}

/// What a check-in did.
#[derive(Debug, Clone)]
pub struct CheckedIn {
    /// The registration as it stands now (`attended`).
    pub registration: Registration,
    /// The person was already checked in: nothing changed, nothing recorded.
    pub already: bool,
}

fn registration(conn: &mut DbConnection, id: i64) -> Result<Registration> {
    Ok(registrations::table
        .find(id)
        .select(Registration::as_select())
        .first(conn)?)
}

/// Moves a registration of the session to `attended` (from confirmed or absent), or
/// finds it there already (`Ok(true)`); any other status is refused (409).
fn attend(conn: &mut DbConnection, session_id: i64, rid: i64) -> Result<bool> {
    match engine::check_in(conn, session_id, rid, now()) {
        Ok(()) => Ok(false),
        Err(e) => match status_of(conn, session_id, rid)? {
            Some(s) if s == Status::Attended.as_str() => Ok(true),
            Some(_) => Err(refused(e)),
            None => Err(Error::NotFound),
        },
    }
}

/// Checks someone in.
#[tracing::instrument(level = "debug", skip_all, fields(session_id))]
pub fn check_in(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    target: &Target,
) -> Result<CheckedIn> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Door)?;
        let rid = target.resolve(conn, session_id)?;
        let already = attend(conn, session_id, rid)?;
        if !already {
            record(
                conn,
                &Entry::new(who.user_id, "check_in", "registration", Some(rid))
                    .org(s.organisation_id),
            )?;
        }
        Ok(CheckedIn {
            registration: registration(conn, rid)?,
            already,
        })
    })
}

/// Undoes a check-in made by mistake. `Ok(false)`: the person was not checked in
/// (still expected), nothing changed, nothing recorded.
#[tracing::instrument(level = "debug", skip_all, fields(session_id, registration_id))]
pub fn undo_check_in(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    registration_id: i64,
) -> Result<bool> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Door)?;
        if let Err(e) = engine::undo_check_in(conn, session_id, registration_id, now()) {
            return match status_of(conn, session_id, registration_id)? {
                Some(st) if st == Status::Confirmed.as_str() => Ok(false),
                Some(_) => Err(refused(e)),
                None => Err(Error::NotFound),
            };
        }
        record(
            conn,
            &Entry::new(
                who.user_id,
                "undo_check_in",
                "registration",
                Some(registration_id),
            )
            .org(s.organisation_id),
        )?;
        Ok(true)
    })
}

/// Someone at the door without a registration, as typed by staff (the door's form).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct WalkIn {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub seats: String,
}

/// What a walk-in did.
#[derive(Debug, Clone)]
pub struct WalkedIn {
    /// `attended`, or `waitlisted` when the engine found no seat after all.
    pub registration: Registration,
    pub waitlisted: bool,
}

/// Registers someone at the door while seats remain, and checks them in at once.
/// Consent is said aloud at the door; the staff member records it.
#[tracing::instrument(level = "debug", skip_all, fields(session_id))]
pub fn walk_in(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    input: &WalkIn,
    lang: Lang,
) -> Result<WalkedIn> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Door)?;
        let raw = RawInput {
            name: input.name.clone(),
            email: input.email.clone(),
            phone: input.phone.clone(),
            seats: input.seats.clone(),
            needs: String::new(),
            language: String::new(),
            consent: true,
        };
        let new = parse_input(&raw, Source::Staff, Some(who.user_id), lang)?;
        if s.seats_left().is_some_and(|n| n < new.seats) {
            return Err(Error::conflict("admin-door-full"));
        }
        let done = engine::register(conn, session_id, &new, now()).map_err(app_error)?;
        let rid = done.registration.id;
        let waitlisted = done.registration.status == Status::Waitlisted;
        if !waitlisted {
            attend(conn, session_id, rid)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "walk_in", "registration", Some(rid)).org(s.organisation_id),
        )?;
        Ok(WalkedIn {
            registration: registration(conn, rid)?,
            waitlisted,
        })
    })
}

/// After the start: everyone still expected becomes a no-show. Returns how many.
#[tracing::instrument(level = "debug", skip_all, fields(session_id))]
pub fn mark_no_shows(conn: &mut DbConnection, who: &Access, session_id: i64) -> Result<usize> {
    write_tx(conn, |conn| {
        let s = session_for(conn, who, session_id, Need::Door)?;
        if s.starts_at > now() {
            return Err(Error::conflict("admin-door-not-started"));
        }
        let n = engine::mark_no_shows(conn, session_id, now()).map_err(refused)?;
        record(
            conn,
            &Entry::new(who.user_id, "no_shows", "session", Some(session_id))
                .org(s.organisation_id)
                .detail(n.to_string()),
        )?;
        Ok(n)
    })
}
