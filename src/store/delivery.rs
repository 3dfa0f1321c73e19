//! The mail worker's side of the outbox: claiming due rows under a lease, marking
//! them sent or failed, loading what a message talks about, and queuing reminders.
//!
//! A claim sets `locked_until` (the lease) and `lease_id`; a row whose lease ran out
//! (the process died mid-send) is due again, so nothing is lost. On PostgreSQL the
//! claim reads with `FOR UPDATE SKIP LOCKED`, so workers in several processes never
//! claim the same row; on SQLite the single writer connection serialises claims.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::{OutboxRow, Payment, Registration, Session, Venue};
use crate::db::schema::{organisations, outbox, registrations, sessions, venues};
use crate::db::{DbConnection, write_tx};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::store::outbox::{NewMessage, enqueue};
use crate::store::sessions::{SessionDetails, details};

/// Claims up to `limit` due rows for `lease` seconds under `lease_id`.
pub fn claim(
    conn: &mut DbConnection,
    limit: i64,
    lease_id: &str,
    lease: Duration,
    now: NaiveDateTime,
) -> QueryResult<Vec<OutboxRow>> {
    write_tx(conn, |conn| {
        let due = outbox::table
            .filter(outbox::status.eq("pending"))
            .filter(outbox::next_attempt_at.le(now))
            .filter(
                outbox::locked_until
                    .is_null()
                    .or(outbox::locked_until.le(now)),
            )
            .order(outbox::id)
            .limit(limit)
            .select(outbox::id);
        let ids: Vec<i64> = match conn {
            DbConnection::Postgres(c) => due.for_update().skip_locked().load(c)?,
            DbConnection::Sqlite(c) => due.load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set((
                outbox::locked_until.eq(Some(now + lease)),
                outbox::lease_id.eq(Some(lease_id)),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
        outbox::table
            .filter(outbox::id.eq_any(&ids))
            .order(outbox::id)
            .select(OutboxRow::as_select())
            .load(conn)
    })
}

/// How an attempt to send a claimed row ended.
#[derive(Debug, Clone, Copy)]
pub enum Attempt<'a> {
    /// The SMTP server accepted the message (at this time).
    Sent(NaiveDateTime),
    /// A temporary failure: try again at the given time, keeping the error.
    Retry(&'a str, NaiveDateTime),
    /// A permanent failure (5xx, or a message that cannot be composed): stop, keep the
    /// error.
    Failed(&'a str),
}

/// The columns an attempt's end sets (a `None` is left alone).
#[derive(AsChangeset, Default)]
#[diesel(table_name = outbox)]
struct Outcome<'a> {
    status: Option<&'a str>,
    sent_at: Option<Option<NaiveDateTime>>,
    next_attempt_at: Option<NaiveDateTime>,
    last_error: Option<Option<String>>,
}

impl Attempt<'_> {
    fn outcome(self) -> Outcome<'static> {
        match self {
            Attempt::Sent(at) => Outcome {
                status: Some("sent"),
                sent_at: Some(Some(at)),
                last_error: Some(None),
                ..Outcome::default()
            },
            Attempt::Retry(error, at) => Outcome {
                next_attempt_at: Some(at),
                last_error: Some(Some(truncate(error))),
                ..Outcome::default()
            },
            Attempt::Failed(error) => Outcome {
                status: Some("failed"),
                last_error: Some(Some(truncate(error))),
                ..Outcome::default()
            },
        }
    }
}

/// Ends the attempt on a claimed row and lifts its lease. Only the holder of the lease
/// may: it returns 0 when the lease no longer holds the row. A row that is done (sent,
/// or failed for good) keeps no working secret: its payload loses the manage token or
/// link it carried; the row stays for the record.
pub fn finish(
    conn: &mut DbConnection,
    id: i64,
    lease_id: &str,
    attempt: Attempt<'_>,
) -> QueryResult<usize> {
    let outcome = attempt.outcome();
    let done = outcome.status.is_some();
    write_tx(conn, |conn| {
        let marked = diesel::update(held(id, lease_id))
            .set((outbox::locked_until.eq(None::<NaiveDateTime>), &outcome))
            .execute(conn)?;
        if done && marked > 0 {
            drop_secrets(conn, id)?;
        }
        Ok(marked)
    })
}

type Held<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<outbox::table, diesel::dsl::Eq<outbox::id, i64>>,
    diesel::dsl::Eq<outbox::lease_id, &'a str>,
>;

/// The row `id`, as long as the lease `lease_id` holds it.
fn held(id: i64, lease_id: &str) -> Held<'_> {
    outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::lease_id.eq(lease_id))
}

fn drop_secrets(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    let payload: String = outbox::table.find(id).select(outbox::payload).first(conn)?;
    let clean = crate::domain::messages::without_secrets(&payload);
    if clean != payload {
        diesel::update(outbox::table.find(id))
            .set(outbox::payload.eq(clean))
            .execute(conn)?;
    }
    Ok(())
}

/// Gives back a claimed row that was not attempted (the lease was running short), so
/// another pass may take it at once; the attempt it was counted for is not one.
pub fn release(conn: &mut DbConnection, id: i64, lease_id: &str) -> QueryResult<usize> {
    write_tx(conn, |conn| {
        diesel::update(held(id, lease_id))
            .set((
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::attempts.eq(outbox::attempts - 1),
            ))
            .execute(conn)
    })
}

fn truncate(s: &str) -> String {
    s.chars().take(1000).collect()
}

/// What a message talks about, as it is now.
#[derive(Debug, Clone)]
pub struct MessageSubject {
    pub registration: Option<Registration>,
    pub session: Option<SessionDetails>,
    /// For a moved session: where it was before (`previous_venue_id` of the payload).
    pub previous_venue: Option<Venue>,
    /// The invite SEQUENCE this row was queued with: `enqueue` raises the registration's
    /// `ical_sequence` once per invite-bearing row, so it is the current value less the
    /// invite-bearing rows queued after this one. Messages composed late (a backlog,
    /// an outage) still carry rising sequences in queue order.
    pub invite_sequence: Option<i32>,
    /// A paid registration's payment (issue 13), read for the messages that show it:
    /// the receipt, and the confirmation of a registration paid at the door.
    pub payment: Option<Payment>,
    /// What a receipt names of the organisation besides its name (receipts only).
    pub issuer: Option<Issuer>,
}

/// The organisation as a receipt names it (issue 13).
#[derive(Debug, Clone, Default)]
pub struct Issuer {
    /// Where to write to the organisation (`organisations.postal_address`; may be empty).
    pub postal_address: String,
    /// Its GST/QST numbers, when it collects taxes: the receipt then shows the taxes.
    pub tax_number: Option<String>,
}

/// Whether a message shows the registration's payment: a receipt always; a
/// confirmation when the session has a price (no query for a free session's).
fn shows_payment(kind: Option<MessageKind>, paid_session: bool) -> bool {
    match kind {
        Some(MessageKind::PaymentReceipt) => true,
        Some(MessageKind::RegistrationConfirmed) => paid_session,
        _ => false,
    }
}

pub fn message_subject(conn: &mut DbConnection, row: &OutboxRow) -> QueryResult<MessageSubject> {
    let registration: Option<Registration> = match row.registration_id {
        Some(id) => registrations::table
            .find(id)
            .select(Registration::as_select())
            .first(conn)
            .optional()?,
        None => None,
    };
    let session_id = row
        .session_id
        .or(registration.as_ref().map(|r| r.session_id));
    let session = match session_id {
        Some(id) => {
            let rows: Vec<Session> = sessions::table
                .find(id)
                .select(Session::as_select())
                .load(conn)?;
            details(conn, rows)?.pop()
        }
        None => None,
    };
    let previous_venue_id = serde_json::from_str::<serde_json::Value>(&row.payload)
        .ok()
        .and_then(|p| p.get("previous_venue_id").and_then(|v| v.as_i64()));
    let previous_venue = match previous_venue_id {
        Some(id) => venues::table
            .find(id)
            .select(Venue::as_select())
            .first(conn)
            .optional()?,
        None => None,
    };
    let invite_sequence = match &registration {
        Some(r) => {
            let invite_kinds: Vec<&str> = MessageKind::ALL
                .iter()
                .filter(|k| k.carries_invite())
                .map(|k| k.as_str())
                .collect();
            let later: i64 = outbox::table
                .filter(outbox::registration_id.eq(r.id))
                .filter(outbox::id.gt(row.id))
                .filter(outbox::kind.eq_any(invite_kinds))
                .count()
                .get_result(conn)?;
            Some((i64::from(r.ical_sequence) - later).max(0) as i32)
        }
        None => None,
    };
    let kind = MessageKind::parse(&row.kind);
    let paid_session = session.as_ref().is_some_and(|d| d.session.price_cents > 0);
    let payment = match row.registration_id {
        Some(id) if shows_payment(kind, paid_session) => {
            crate::store::registrations::payment_of(conn, id)?
        }
        _ => None,
    };
    let issuer = match (kind, &payment, &session) {
        (Some(MessageKind::PaymentReceipt), _, Some(d)) => {
            let org = payment
                .as_ref()
                .map_or(d.organisation.id, |p| p.organisation_id);
            organisations::table
                .find(org)
                .select((organisations::postal_address, organisations::tax_number))
                .first::<(String, Option<String>)>(conn)
                .optional()?
                .map(|(postal_address, tax_number)| Issuer {
                    postal_address,
                    tax_number: tax_number.filter(|t| !t.trim().is_empty()),
                })
        }
        _ => None,
    };
    Ok(MessageSubject {
        registration,
        session,
        previous_venue,
        invite_sequence,
        payment,
        issuer,
    })
}

/// Queues a reminder for every confirmed registration (with an email) whose published
/// session starts within `ahead` of `now` and that was not yet reminded for that
/// start time. A moved session has a new start, so it gets a new reminder.
pub fn queue_reminders(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    ahead: Duration,
) -> QueryResult<usize> {
    write_tx(conn, |conn| {
        let due: Vec<(Registration, NaiveDateTime)> = registrations::table
            .inner_join(sessions::table)
            .filter(registrations::status.eq(crate::domain::registration::Status::Confirmed))
            .filter(registrations::email.is_not_null())
            .filter(sessions::status.eq(crate::domain::session::SessionStatus::Published))
            .filter(sessions::starts_at.gt(now))
            .filter(sessions::starts_at.le(now + ahead))
            .filter(
                registrations::reminded_for
                    .is_null()
                    .or(registrations::reminded_for.ne(sessions::starts_at.nullable())),
            )
            .order(registrations::id)
            .select((Registration::as_select(), sessions::starts_at))
            .load(conn)?;
        for (r, starts_at) in &due {
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::Reminder,
                    registration_id: Some(r.id),
                    session_id: Some(r.session_id),
                    recipient: r.email.clone().unwrap_or_default(),
                    recipient_name: r.name.clone().unwrap_or_default(),
                    language: Lang::parse(&r.language).unwrap_or_default(),
                    payload: serde_json::json!({}),
                },
            )?;
            diesel::update(registrations::table.find(r.id))
                .set(registrations::reminded_for.eq(Some(*starts_at)))
                .execute(conn)?;
        }
        Ok(due.len())
    })
}

/// Counts of outbox rows by status (for tests and the health of the queue).
pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)
}
