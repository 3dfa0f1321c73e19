//! Upkeep: offers that ran out move the waitlist, personal data past retention is
//! erased, and the counters can be recomputed from the rows.

use super::*;

/// Offers that ran out: each is cancelled (`offer_expired` message) and its seats go to
/// the next people, one session per transaction. Returns the number expired.
pub fn expire_offers(conn: &mut DbConnection, now: NaiveDateTime) -> RegResult<usize> {
    let mut expired = 0;
    for session_id in sessions_with_expired_offers(conn, now)? {
        expired += expire_offers_of(conn, session_id, now)?;
    }
    Ok(expired)
}

/// Sessions holding offers past their deadline (a read: the job runs it on a reader).
pub fn sessions_with_expired_offers(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    registrations::table
        .filter(registrations::status.eq(Status::Offered.as_str()))
        .filter(registrations::offer_expires_at.le(now))
        .select(registrations::session_id)
        .distinct()
        .load(conn)
}

/// Expires one session's overdue offers and promotes, in one transaction.
#[tracing::instrument(level = "debug", skip_all, fields(session_id = session_id, organisation_id = tracing::field::Empty))]
pub fn expire_offers_of(
    conn: &mut DbConnection,
    session_id: i64,
    now: NaiveDateTime,
) -> RegResult<usize> {
    write_tx(conn, |conn| -> RegResult<usize> {
        let mut l = lock(conn, session_id)?;
        let gone: Vec<Registration> = registrations::table
            .filter(registrations::session_id.eq(session_id))
            .filter(registrations::status.eq(Status::Offered.as_str()))
            .filter(registrations::offer_expires_at.le(now))
            .select(Registration::as_select())
            .load(conn)?;
        for r in &gone {
            diesel::update(registrations::table.find(r.id))
                .set((
                    registrations::status.eq(Status::Cancelled.as_str()),
                    registrations::cancelled_at.eq(now),
                    registrations::updated_at.eq(now),
                ))
                .execute(conn)?;
            l.book.seats_taken -= r.seats;
            on_cancel(conn, r, &l.session, CancelledBy::Expiry, now)?;
            notify(conn, r, MessageKind::OfferExpired, json!({}))?;
        }
        settle(conn, &mut l, now)?;
        save_counters(conn, &l, now)?;
        for r in &gone {
            crate::store::webhooks::registration_event(
                conn,
                WebhookEvent::RegistrationCancelled,
                r.id,
            )?;
        }
        Ok(gone.len())
    })
}

/// Personal data of sessions ended more than `retention_days` ago is blanked (names,
/// emails, phones, needs); rows stay for anonymous counts. Returns registrations purged.
pub fn purge_expired(
    conn: &mut DbConnection,
    retention_days: u32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let ids = purge_candidates(conn, retention_days, now)?;
    purge(conn, &ids, now)
}

/// Registrations whose personal data is past retention (a read: the job runs it on a
/// reader, so the writer is not held during the scan).
pub fn purge_candidates(
    conn: &mut DbConnection,
    retention_days: u32,
    now: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    let cutoff = now - Duration::days(retention_days.into());
    registrations::table
        .inner_join(sessions::table)
        .filter(sessions::ends_at.lt(cutoff))
        .filter(registrations::purged_at.is_null())
        .select(registrations::id)
        .load(conn)
}

/// Erases the personal data of these registrations, in one transaction.
pub fn purge(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    write_tx(conn, |conn| anonymise(conn, ids, now))
}

/// Recomputes a session's `seats_taken` and `waitlist_count` from its rows and stores
/// them; returns `(seats_taken, waitlist_count)`.
pub fn recount(conn: &mut DbConnection, session_id: i64) -> QueryResult<(i32, i32)> {
    write_tx(conn, |conn| {
        let rows: Vec<(Status, i32)> = registrations::table
            .filter(registrations::session_id.eq(session_id))
            .select((registrations::status, registrations::seats))
            .load(conn)?;
        let taken = rows
            .iter()
            .filter(|(s, _)| s.holds_seats())
            .map(|(_, n)| n)
            .sum();
        let waiting = rows
            .iter()
            .filter(|(s, _)| *s == Status::Waitlisted)
            .count() as i32;
        diesel::update(sessions::table.find(session_id))
            .set((
                sessions::seats_taken.eq(taken),
                sessions::waitlist_count.eq(waiting),
            ))
            .execute(conn)?;
        Ok((taken, waiting))
    })
}

/// A session's organisation, for authorising staff calls.
pub fn session_organisation(conn: &mut DbConnection, session_id: i64) -> QueryResult<Option<i64>> {
    sessions::table
        .find(session_id)
        .select(sessions::organisation_id)
        .first(conn)
        .optional()
}
