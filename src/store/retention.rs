//! Retention of everything personal besides registrations themselves (those:
//! `registrations::purge_expired`): sign-in attempts, spent or expired reset links,
//! ended staff sessions and pending second steps of a sign-in, outbox rows, stale
//! replay keys, unused « Mes activités » links, interest lists (« Prévenez-moi »), the
//! detail text of audit entries about people, public proposals (never confirmed, or
//! decided long ago), and volunteer helpers (unconfirmed sign-ups; personal data of
//! helpers of sessions past retention). The `retention` job runs it.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    audit_log, login_attempts, outbox, password_resets, sign_in_challenges, staff_sessions,
};
use crate::db::{DbConnection, write_tx};

/// Sign-in attempts serve the throttle (minutes); a day is kept for an operator looking
/// into an attack, then they go.
pub const SIGN_IN_ATTEMPTS_KEPT: Duration = Duration::days(1);

/// How long payment records are kept (accounting records: six years).
pub const PAYMENTS_KEPT: Duration = Duration::days(6 * 366);

/// Deletes what is past its use or its retention period; returns the rows touched.
/// Audit entries stay (who did what, when) but entries about a person's registration,
/// and organisers' messages to people, lose their detail text after `retention_days`.
pub fn purge(
    conn: &mut DbConnection,
    retention_days: u32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let cutoff = now - Duration::days(retention_days.into());
    write_tx(conn, |conn| {
        let mut n = diesel::delete(
            login_attempts::table
                .filter(login_attempts::created_at.lt(now - SIGN_IN_ATTEMPTS_KEPT)),
        )
        .execute(conn)?;
        n += diesel::delete(
            password_resets::table.filter(
                password_resets::used_at
                    .is_not_null()
                    .or(password_resets::expires_at.le(now)),
            ),
        )
        .execute(conn)?;
        n += diesel::delete(staff_sessions::table.filter(staff_sessions::expires_at.le(now)))
            .execute(conn)?;
        n += diesel::delete(
            sign_in_challenges::table.filter(sign_in_challenges::expires_at.le(now)),
        )
        .execute(conn)?;
        n += diesel::delete(outbox::table.filter(outbox::created_at.lt(cutoff))).execute(conn)?;
        n += diesel::update(
            audit_log::table
                .filter(audit_log::created_at.lt(cutoff))
                .filter(audit_log::detail.ne(""))
                .filter(
                    audit_log::entity
                        .eq("registration")
                        .or(audit_log::action.eq("message")),
                ),
        )
        .set(audit_log::detail.eq(""))
        .execute(conn)?;
        n += crate::store::links::purge_replays(conn, now)?;
        // Payments (no personal data) serve the organisation's accounting for the six
        // years the law asks accounting records to be kept (the privacy page says so);
        // Stripe's event ids only need to outlive Stripe's retries (three days).
        n += diesel::delete(
            crate::db::schema::payments::table
                .filter(crate::db::schema::payments::updated_at.lt(now - PAYMENTS_KEPT)),
        )
        .execute(conn)?;
        n += diesel::delete(
            crate::db::schema::stripe_events::table
                .filter(crate::db::schema::stripe_events::received_at.lt(now - Duration::days(30))),
        )
        .execute(conn)?;
        n += crate::store::webhooks::purge(conn, cutoff, now)?;
        n += crate::store::activities::forget_unused(conn)?;
        n += crate::store::interests::purge(conn, cutoff)?;
        n += crate::store::proposals::purge(conn, cutoff, now)?;
        n += crate::store::helpers::upkeep::purge(conn, cutoff, now)?;
        n += crate::store::requests::purge(conn, cutoff, now)?;
        Ok(n)
    })
}
