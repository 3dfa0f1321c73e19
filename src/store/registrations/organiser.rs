//! What the organiser does to a session's registrations: capacity, cancelling the
//! session, promoting out of turn, the roster, and attendance at the door.

use super::*;

/// An organiser changes the capacity (`None`: no limit). Lower than the seats held is
/// refused; higher promotes from the waitlist in the same transaction.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty, ?capacity))]
pub fn set_capacity(
    conn: &mut DbConnection,
    session_id: i64,
    capacity: Option<i32>,
    now: NaiveDateTime,
) -> RegResult<usize> {
    write_tx(conn, |conn| {
        let mut l = lock(conn, session_id)?;
        rules::change_capacity(&l.book, capacity)?;
        l.book.capacity = capacity;
        let n = settle(conn, &mut l, now)?;
        save_counters(conn, &l, now)?;
        Ok(n)
    })
}

/// An organiser cancels the session: it is marked cancelled with the reason, every live
/// registration is cancelled and each person gets a `session_cancelled` message.
/// Returns the number of registrations cancelled.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty))]
pub fn cancel_session(
    conn: &mut DbConnection,
    session_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> RegResult<usize> {
    cancel_with(conn, session_id, reason, None, now)
}

/// Where a cancelled session is given again (a snowstorm's replacement date): its new
/// times, and whether each person's registration is carried over to it (a free
/// session) or they are invited to register again (a paid one: a payment is not
/// carried).
#[derive(Debug, Clone, Copy)]
pub struct GivenAgain {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub carried: bool,
}

/// Cancels the session as [`cancel_session`] does, and each person's message also says
/// when it is given again, and whether their place follows them there.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty))]
pub fn cancel_session_given_again(
    conn: &mut DbConnection,
    session_id: i64,
    reason: &str,
    again: &GivenAgain,
    now: NaiveDateTime,
) -> RegResult<usize> {
    cancel_with(conn, session_id, reason, Some(again), now)
}

fn cancel_with(
    conn: &mut DbConnection,
    session_id: i64,
    reason: &str,
    again: Option<&GivenAgain>,
    now: NaiveDateTime,
) -> RegResult<usize> {
    write_tx(conn, |conn| {
        let l = lock(conn, session_id)?;
        if l.session.status == crate::domain::session::SessionStatus::Cancelled {
            return Err(Refusal::SessionCancelled.into());
        }
        let live: Vec<Registration> = registrations::table
            .filter(registrations::session_id.eq(session_id))
            .filter(registrations::status.eq_any(Status::matching(Status::is_open)))
            .order((registrations::queued_at, registrations::id))
            .select(Registration::as_select())
            .load(conn)?;
        diesel::update(
            registrations::table
                .filter(registrations::session_id.eq(session_id))
                .filter(registrations::status.eq_any(Status::matching(Status::is_open))),
        )
        .set(cancellation(now))
        .execute(conn)?;
        for r in &live {
            let refund = on_cancel(conn, r, &l.session, CancelledBy::Session, now)?;
            let mut payload = json!({"reason": reason});
            if refund {
                payload["refund"] = json!(true);
            }
            if let Some(a) = again {
                payload["starts_at"] = json!(crate::domain::time::rfc3339(a.starts_at));
                payload["ends_at"] = json!(crate::domain::time::rfc3339(a.ends_at));
                payload["carried"] = json!(a.carried);
            }
            notify(conn, r, MessageKind::SessionCancelled, payload)?;
        }
        // Its volunteer helpers are told too (issue 17).
        crate::store::helpers::upkeep::session_cancelled(conn, session_id, reason, now)?;
        diesel::update(sessions::table.find(session_id))
            .set((
                sessions::status.eq(crate::domain::session::SessionStatus::Cancelled),
                sessions::cancel_reason.eq((!reason.trim().is_empty()).then(|| reason.trim())),
                sessions::cancelled_at.eq(now),
                sessions::sequence.eq(sessions::sequence + 1),
                sessions::seats_taken.eq(0),
                sessions::waitlist_count.eq(0),
                sessions::updated_at.eq(now),
            ))
            .execute(conn)?;
        crate::store::webhooks::session_cancelled(conn, session_id, l.session.status)?;
        Ok(live.len())
    })
}

/// Staff promote one waiting person out of turn (e.g. a wheelchair place); they need
/// as many free seats as the registration has.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty, registration_id = registration_id))]
pub fn promote_manually(
    conn: &mut DbConnection,
    session_id: i64,
    registration_id: i64,
    now: NaiveDateTime,
) -> RegResult<Registration> {
    write_tx(conn, |conn| {
        let mut l = lock(conn, session_id)?;
        let r: Registration = registrations::table
            .find(registration_id)
            .filter(registrations::session_id.eq(session_id))
            .select(Registration::as_select())
            .first(conn)
            .optional()?
            .ok_or(RegError::NotFound)?;
        if status_of(&r) != Status::Waitlisted {
            return Err(Refusal::NotWaiting.into());
        }
        if let Some(free) = l.book.free()
            && r.seats > free
        {
            return Err(Refusal::NotEnoughSeats(free).into());
        }
        diesel::update(registrations::table.find(r.id))
            .set((
                registrations::status.eq(Status::Confirmed.as_str()),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        l.book.seats_taken += r.seats;
        l.book.waitlist_count -= 1;
        notify(
            conn,
            &r,
            MessageKind::RegistrationPromoted,
            json!({"seats": r.seats}),
        )?;
        save_counters(conn, &l, now)?;
        Ok(registrations::table
            .find(r.id)
            .select(Registration::as_select())
            .first(conn)?)
    })
}

/// Everyone registered for a session, grouped for the organiser's roster.
pub fn roster(conn: &mut DbConnection, session_id: i64) -> QueryResult<Roster> {
    let rows: Vec<Registration> = registrations::table
        .filter(registrations::session_id.eq(session_id))
        .order((registrations::queued_at, registrations::id))
        .select(Registration::as_select())
        .load(conn)?;
    let mut roster = Roster::default();
    for r in rows {
        match status_of(&r) {
            Status::Waitlisted => roster.waitlist.push(r),
            Status::Offered => roster.offered.push(r),
            Status::Cancelled => roster.cancelled.push(r),
            _ => roster.confirmed.push(r),
        }
    }
    Ok(roster)
}

/// Door check-in: a confirmed registration becomes `attended` (seats still count).
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, registration_id = registration_id))]
pub fn check_in(
    conn: &mut DbConnection,
    session_id: i64,
    registration_id: i64,
    now: NaiveDateTime,
) -> RegResult<()> {
    set_attendance(
        conn,
        session_id,
        registration_id,
        &[Status::Confirmed, Status::NoShow],
        Status::Attended,
        Some(now),
        now,
    )
}

/// Undoes a check-in made by mistake.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, registration_id = registration_id))]
pub fn undo_check_in(
    conn: &mut DbConnection,
    session_id: i64,
    registration_id: i64,
    now: NaiveDateTime,
) -> RegResult<()> {
    set_attendance(
        conn,
        session_id,
        registration_id,
        &[Status::Attended],
        Status::Confirmed,
        None,
        now,
    )
}

fn set_attendance(
    conn: &mut DbConnection,
    session_id: i64,
    registration_id: i64,
    from: &[Status],
    to: Status,
    at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> RegResult<()> {
    write_tx(conn, |conn| {
        let n = diesel::update(
            registrations::table
                .find(registration_id)
                .filter(registrations::session_id.eq(session_id))
                .filter(registrations::status.eq_any(from)),
        )
        .set((
            registrations::status.eq(to),
            registrations::checked_in_at.eq(at),
            registrations::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(Refusal::NotChangeable.into());
        }
        Ok(())
    })
}

/// After a session started: everyone still `confirmed` becomes `no_show`.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty))]
pub fn mark_no_shows(
    conn: &mut DbConnection,
    session_id: i64,
    now: NaiveDateTime,
) -> RegResult<usize> {
    write_tx(conn, |conn| {
        let l = lock(conn, session_id)?;
        if l.session.starts_at > now {
            return Err(Refusal::NotChangeable.into());
        }
        Ok(diesel::update(
            registrations::table
                .filter(registrations::session_id.eq(session_id))
                .filter(registrations::status.eq(Status::Confirmed)),
        )
        .set((
            registrations::status.eq(Status::NoShow),
            registrations::updated_at.eq(now),
        ))
        .execute(conn)?)
    })
}
