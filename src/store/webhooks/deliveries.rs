//! The delivery job's side of the webhook rows: claiming due deliveries under a lease,
//! and recording how each attempt ended. As with the email outbox (`store::delivery`),
//! a claim sets `locked_until` and `lease_id`; a row whose lease ran out (the process
//! died mid-send) is due again. On PostgreSQL the claim reads with
//! `FOR UPDATE SKIP LOCKED`, so several processes never claim the same row; on SQLite
//! the single writer connection serialises claims.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::WebhookDelivery;
use crate::db::schema::{webhook_deliveries, webhooks};
use crate::db::{DbConnection, write_tx};
use crate::domain::webhooks::{Body, DeliveryState};

/// A claimed delivery, with where to send it and the key to sign it with.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery: WebhookDelivery,
    pub url: String,
    pub secret: String,
}

/// Claims up to `limit` due deliveries of active endpoints for `lease`, under
/// `lease_id`, counting the attempt. A body still holding the session's address as a
/// path gets the site's address (`site`) now, once: from then on every attempt and
/// replay sends the same bytes.
pub fn claim(
    conn: &mut DbConnection,
    limit: i64,
    lease_id: &str,
    lease: Duration,
    now: NaiveDateTime,
    site: &str,
) -> QueryResult<Vec<Claimed>> {
    write_tx(conn, |conn| {
        let active = webhooks::table
            .filter(webhooks::active.eq(true))
            .select(webhooks::id);
        let due = webhook_deliveries::table
            .filter(webhook_deliveries::state.eq(DeliveryState::Pending))
            .filter(webhook_deliveries::next_attempt_at.le(now))
            .filter(
                webhook_deliveries::locked_until
                    .is_null()
                    .or(webhook_deliveries::locked_until.le(now)),
            )
            .filter(webhook_deliveries::webhook_id.eq_any(active))
            .order((webhook_deliveries::next_attempt_at, webhook_deliveries::id))
            .limit(limit)
            .select(webhook_deliveries::id);
        let ids: Vec<i64> = match conn {
            DbConnection::Postgres(c) => due.for_update().skip_locked().load(c)?,
            DbConnection::Sqlite(c) => due.load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
            .set((
                webhook_deliveries::locked_until.eq(Some(now + lease)),
                webhook_deliveries::lease_id.eq(Some(lease_id)),
                webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
            ))
            .execute(conn)?;
        let rows: Vec<(WebhookDelivery, String, String)> = webhook_deliveries::table
            .inner_join(webhooks::table)
            .filter(webhook_deliveries::id.eq_any(&ids))
            .order((webhook_deliveries::next_attempt_at, webhook_deliveries::id))
            .select((
                WebhookDelivery::as_select(),
                webhooks::url,
                webhooks::secret,
            ))
            .load(conn)?;
        let mut claimed = Vec::with_capacity(rows.len());
        for (mut delivery, url, secret) in rows {
            if let Some(body) = Body::parse(&delivery.payload) {
                let sealed = body.with_site(site).to_json();
                if sealed != delivery.payload {
                    diesel::update(webhook_deliveries::table.find(delivery.id))
                        .set(webhook_deliveries::payload.eq(&sealed))
                        .execute(conn)?;
                    delivery.payload = sealed;
                }
            }
            claimed.push(Claimed {
                delivery,
                url,
                secret,
            });
        }
        Ok(claimed)
    })
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy)]
pub enum Attempt<'a> {
    /// The endpoint answered 2xx (this status) at this time.
    Delivered(i32, NaiveDateTime),
    /// It failed (the status, if it answered, and why); try again at the given time.
    Retry(Option<i32>, &'a str, NaiveDateTime),
    /// It failed and no attempt is left.
    Failed(Option<i32>, &'a str),
}

/// Ends the attempt on a claimed delivery and lifts its lease; only the lease's holder
/// may (0 when it no longer holds the row).
pub fn finish(
    conn: &mut DbConnection,
    id: i64,
    lease_id: &str,
    attempt: Attempt<'_>,
) -> QueryResult<usize> {
    let held = webhook_deliveries::table
        .filter(webhook_deliveries::id.eq(id))
        .filter(webhook_deliveries::lease_id.eq(lease_id));
    let unlock = webhook_deliveries::locked_until.eq(None::<NaiveDateTime>);
    write_tx(conn, |conn| match attempt {
        Attempt::Delivered(status, at) => diesel::update(held)
            .set((
                unlock,
                webhook_deliveries::state.eq(DeliveryState::Delivered),
                webhook_deliveries::last_status.eq(Some(status)),
                webhook_deliveries::last_error.eq(None::<String>),
                webhook_deliveries::delivered_at.eq(Some(at)),
            ))
            .execute(conn),
        Attempt::Retry(status, error, at) => diesel::update(held)
            .set((
                unlock,
                webhook_deliveries::state.eq(DeliveryState::Pending),
                webhook_deliveries::last_status.eq(status),
                webhook_deliveries::last_error.eq(Some(truncate(error))),
                webhook_deliveries::next_attempt_at.eq(at),
            ))
            .execute(conn),
        Attempt::Failed(status, error) => diesel::update(held)
            .set((
                unlock,
                webhook_deliveries::state.eq(DeliveryState::Failed),
                webhook_deliveries::last_status.eq(status),
                webhook_deliveries::last_error.eq(Some(truncate(error))),
            ))
            .execute(conn),
    })
}

/// Gives back a claimed delivery that was not attempted (its endpoint already failed
/// in this pass, or the pass ran out of time): due again at once, the attempt it was
/// counted for is not one.
pub fn release(conn: &mut DbConnection, id: i64, lease_id: &str) -> QueryResult<usize> {
    write_tx(conn, |conn| {
        diesel::update(
            webhook_deliveries::table
                .filter(webhook_deliveries::id.eq(id))
                .filter(webhook_deliveries::lease_id.eq(lease_id)),
        )
        .set((
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::attempts.eq(webhook_deliveries::attempts - 1),
        ))
        .execute(conn)
    })
}

fn truncate(s: &str) -> String {
    s.chars().take(500).collect()
}

/// Counts of deliveries by state (tests, and the health of the queue).
pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(DeliveryState, i64)>> {
    webhook_deliveries::table
        .group_by(webhook_deliveries::state)
        .select((webhook_deliveries::state, diesel::dsl::count_star()))
        .load(conn)
}
