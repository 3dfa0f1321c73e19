//! Trainers: who works for which organisation, assignments to sessions (refused when
//! they overlap another session or leave too little travel time between venues), and a
//! trainer's own schedule across organisations.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::{Session, Trainer};
use crate::db::schema::{session_trainers, sessions, trainer_organisations, trainers, users};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::Access;
use crate::domain::schedule::{Clash, Slot, first_clash};
use crate::domain::text::slugify;
use crate::domain::token::random_token;
use crate::error::{Error, Msg, Result};
use crate::store::audit::{Entry, record};

/// Refuses (409) when the trainer is busy at that time or cannot travel in time,
/// naming the other session and its time when it is `organisation_id`'s own, and only
/// its time when it belongs to another organisation (whose programme is not this
/// one's to read). Call inside the assigning transaction.
#[allow(clippy::too_many_arguments)]
pub fn check_free(
    conn: &mut DbConnection,
    trainer_id: i64,
    session_id: i64,
    organisation_id: i64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    venue_id: Option<i64>,
    travel: Duration,
) -> Result<()> {
    // Serialise assignments of one trainer on PostgreSQL (SQLite holds the write lock).
    if let DbConnection::Postgres(c) = conn {
        trainers::table
            .find(trainer_id)
            .for_update()
            .select(trainers::id)
            .first::<i64>(c)?;
    }
    let window = Duration::days(1);
    let rows: Vec<(i64, String, NaiveDateTime, NaiveDateTime, Option<i64>, i64)> = sessions::table
        .inner_join(session_trainers::table)
        .filter(session_trainers::trainer_id.eq(trainer_id))
        .filter(sessions::id.ne(session_id))
        .filter(sessions::status.ne(crate::domain::session::SessionStatus::Cancelled))
        .filter(sessions::starts_at.lt(ends_at + window))
        .filter(sessions::ends_at.gt(starts_at - window))
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            sessions::ends_at,
            sessions::venue_id,
            sessions::organisation_id,
        ))
        .load(conn)?;
    let others: Vec<Slot> = rows
        .iter()
        .map(
            |(session_id, title, starts_at, ends_at, venue_id, _)| Slot {
                session_id: *session_id,
                title: title.clone(),
                starts_at: *starts_at,
                ends_at: *ends_at,
                venue_id: *venue_id,
            },
        )
        .collect();
    let new = Slot {
        session_id,
        title: String::new(),
        starts_at,
        ends_at,
        venue_id,
    };
    match first_clash(&new, &others, travel) {
        None => Ok(()),
        Some(clash) => {
            let other = clash.other();
            let ours = rows
                .iter()
                .any(|r| r.0 == other.session_id && r.5 == organisation_id);
            let key = match (&clash, ours) {
                (Clash::Overlap(_), true) => "admin-error-trainer-overlap",
                (Clash::Overlap(_), false) => "admin-error-trainer-overlap-elsewhere",
                (Clash::TooClose { .. }, true) => "admin-error-trainer-travel",
                (Clash::TooClose { .. }, false) => "admin-error-trainer-travel-elsewhere",
            };
            let mut msg = Msg::new(key).range("when", other.starts_at, other.ends_at);
            if let Clash::TooClose { gap, .. } = &clash {
                msg = msg
                    .arg("gap", gap.num_minutes().max(0))
                    .arg("needed", travel.num_minutes());
            }
            if ours {
                msg = msg.arg("session", &other.title).arg("id", other.session_id);
            }
            Err(Error::Conflict(msg))
        }
    }
}

/// Assigns a trainer to a session. The trainer must work for the session's
/// organisation; the schedule must be free (see [`check_free`]).
pub fn assign(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    trainer_id: i64,
    travel: Duration,
) -> Result<()> {
    write_tx(conn, |conn| {
        let s: Session = crate::store::sessions::lock_session(conn, session_id)?;
        if !who.can_edit(s.organisation_id) {
            return Err(Error::Forbidden);
        }
        assign_in(conn, who.user_id, &s, trainer_id, travel)
    })
}

/// The assignment itself, in the caller's transaction (after its permission check):
/// the trainer must work for the session's organisation and be free; assigning twice
/// changes nothing.
pub(crate) fn assign_in(
    conn: &mut DbConnection,
    user_id: i64,
    s: &Session,
    trainer_id: i64,
    travel: Duration,
) -> Result<()> {
    let session_id = s.id;
    let works_here: i64 = trainer_organisations::table
        .filter(trainer_organisations::trainer_id.eq(trainer_id))
        .filter(trainer_organisations::organisation_id.eq(s.organisation_id))
        .count()
        .get_result(conn)?;
    if works_here == 0 {
        return Err(Error::field("trainer_id", "admin-error-choice"));
    }
    let already: i64 = session_trainers::table
        .filter(session_trainers::session_id.eq(session_id))
        .filter(session_trainers::trainer_id.eq(trainer_id))
        .count()
        .get_result(conn)?;
    if already > 0 {
        return Ok(());
    }
    check_free(
        conn,
        trainer_id,
        session_id,
        s.organisation_id,
        s.starts_at,
        s.ends_at,
        s.venue_id,
        travel,
    )?;
    diesel::insert_into(session_trainers::table)
        .values((
            session_trainers::session_id.eq(session_id),
            session_trainers::trainer_id.eq(trainer_id),
        ))
        .execute(conn)?;
    record(
        conn,
        &Entry::new(user_id, "assign", "session", Some(session_id))
            .org(s.organisation_id)
            .detail(format!("trainer #{trainer_id}")),
    )?;
    Ok(())
}

/// Takes a trainer off a session.
pub fn unassign(
    conn: &mut DbConnection,
    who: &Access,
    session_id: i64,
    trainer_id: i64,
) -> Result<()> {
    write_tx(conn, |conn| {
        let s = crate::store::sessions::lock_session(conn, session_id)?;
        if !who.can_edit(s.organisation_id) {
            return Err(Error::Forbidden);
        }
        let n = diesel::delete(
            session_trainers::table
                .filter(session_trainers::session_id.eq(session_id))
                .filter(session_trainers::trainer_id.eq(trainer_id)),
        )
        .execute(conn)?;
        if n == 0 {
            return Err(Error::NotFound);
        }
        record(
            conn,
            &Entry::new(who.user_id, "unassign", "session", Some(session_id))
                .org(s.organisation_id)
                .detail(format!("trainer #{trainer_id}")),
        )?;
        Ok(())
    })
}

/// The trainers working for an organisation.
pub fn of_organisation(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<Vec<Trainer>> {
    trainers::table
        .inner_join(trainer_organisations::table)
        .filter(trainer_organisations::organisation_id.eq(organisation_id))
        .order(trainers::name)
        .select(Trainer::as_select())
        .load(conn)
}

/// Adds a trainer to an organisation: links the existing trainer with that email (a
/// trainer may work for many organisations), or creates one. A staff account with the
/// same email becomes the trainer's sign-in.
pub fn add_to_organisation(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    name: &str,
    email: &str,
    phone: &str,
) -> Result<i64> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    let name = name.trim();
    let email = crate::store::users::normalise_email(email);
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 120 {
        errors.push(crate::error::FieldError::new(
            "name",
            Msg::new("admin-error-required"),
        ));
    }
    if !email_address::EmailAddress::is_valid(&email) {
        errors.push(crate::error::FieldError::new(
            "email",
            Msg::new("admin-error-email"),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    write_tx(conn, |conn| {
        let existing: Option<i64> = trainers::table
            .filter(trainers::email.eq(&email))
            .select(trainers::id)
            .first(conn)
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                // A trainer's slug is the whole name's (never cut, no fallback).
                let slug = crate::store::slugs::free(conn, &slugify(name), |c, s| {
                    trainers::table
                        .filter(trainers::slug.eq(s))
                        .count()
                        .get_result::<i64>(c)
                        .map(|n| n > 0)
                })?;
                let user_id: Option<i64> = users::table
                    .filter(users::email.eq(&email))
                    .select(users::id)
                    .first(conn)
                    .optional()?;
                let taken_user: i64 = match user_id {
                    Some(u) => trainers::table
                        .filter(trainers::user_id.eq(u))
                        .count()
                        .get_result(conn)?,
                    None => 0,
                };
                diesel::insert_into(trainers::table)
                    .values((
                        trainers::user_id.eq(user_id.filter(|_| taken_user == 0)),
                        trainers::slug.eq(&slug),
                        trainers::name.eq(name),
                        trainers::email.eq(&email),
                        trainers::phone.eq(Some(phone.trim()).filter(|p| !p.is_empty())),
                        trainers::feed_token_hash.eq(crate::domain::token::digest(&random_token())),
                        trainers::created_at.eq(now()),
                    ))
                    .execute(conn)?;
                trainers::table
                    .filter(trainers::slug.eq(&slug))
                    .select(trainers::id)
                    .first(conn)?
            }
        };
        let linked: i64 = trainer_organisations::table
            .filter(trainer_organisations::trainer_id.eq(id))
            .filter(trainer_organisations::organisation_id.eq(organisation_id))
            .count()
            .get_result(conn)?;
        if linked == 0 {
            diesel::insert_into(trainer_organisations::table)
                .values((
                    trainer_organisations::trainer_id.eq(id),
                    trainer_organisations::organisation_id.eq(organisation_id),
                ))
                .execute(conn)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "add_trainer", "trainer", Some(id))
                .org(organisation_id)
                .detail(name),
        )?;
        Ok(id)
    })
}

/// Gives a trainer a new link to their calendar feed and returns it (shown once: only
/// its digest is kept). The previous link stops working; the trainer asks for this
/// themself, signed in.
pub fn new_feed_link(conn: &mut DbConnection, trainer_id: i64) -> QueryResult<String> {
    let token = random_token();
    write_tx(conn, |conn| {
        diesel::update(trainers::table.find(trainer_id))
            .set(trainers::feed_token_hash.eq(crate::domain::token::digest(&token)))
            .execute(conn)
    })?;
    Ok(token)
}

/// A trainer and their sessions from `from` on, across organisations, in start order.
pub fn schedule(
    conn: &mut DbConnection,
    trainer_id: i64,
    from: NaiveDateTime,
) -> Result<(Trainer, Vec<crate::store::sessions::SessionDetails>)> {
    let trainer: Trainer = trainers::table
        .find(trainer_id)
        .select(Trainer::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let rows: Vec<Session> = sessions::table
        .inner_join(session_trainers::table)
        .filter(session_trainers::trainer_id.eq(trainer_id))
        .filter(sessions::ends_at.ge(from))
        .order((sessions::starts_at, sessions::id))
        .limit(200)
        .select(Session::as_select())
        .load(conn)?;
    Ok((trainer, crate::store::sessions::details(conn, rows)?))
}
