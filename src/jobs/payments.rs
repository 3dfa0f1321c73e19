//! The payment area's periodic jobs (issue 13): holds warned before they end and
//! released when they run out, and refunds asked of Stripe until it takes them.
//! Stripe is called with no database connection held (on SQLite the write connection
//! is everyone's).

use anyhow::Context as _;
use chrono::NaiveDateTime;

use crate::db::now;
use crate::jobs::Context;
use crate::payments::stripe::{RefundStatus, Stripe};
use crate::store::registrations as store;

/// Holds close to their end are warned; holds that ran out give their seats back.
pub fn holds(ctx: &Context<'_>) -> anyhow::Result<usize> {
    holds_at(ctx, now())
}

/// [`holds`] as if the clock read `at` (tests).
pub fn holds_at(ctx: &Context<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let (warned, closed) = {
        let mut conn = ctx.db.write().context("getting a connection for holds")?;
        let warned =
            store::warn_holds(&mut conn, at).map_err(|e| anyhow::anyhow!("warning holds: {e}"))?;
        let closed = store::expire_holds(&mut conn, at)
            .map_err(|e| anyhow::anyhow!("expiring holds: {e}"))?;
        (warned, closed)
    };
    // Nobody should pay a page whose seats are gone (if someone does, it is a late
    // payment: confirmed if seats are free, else waitlisted or refunded).
    if let Some(stripe) = Stripe::from_settings(ctx.settings) {
        for id in &closed {
            if let Err(e) = stripe.expire_checkout(id) {
                tracing::warn!(checkout = %id, error = %e, "could not close a Stripe page");
            }
        }
    }
    Ok(warned + closed.len())
}

/// Refunds due are asked of Stripe (idempotently: one key per payment); those it does
/// not take now are tried again later, with the error kept for staff.
pub fn refunds(ctx: &Context<'_>) -> anyhow::Result<usize> {
    refunds_at(ctx, now())
}

/// [`refunds`] as if the clock read `at` (tests).
pub fn refunds_at(ctx: &Context<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let Some(stripe) = Stripe::from_settings(ctx.settings) else {
        return Ok(0);
    };
    let due = {
        let mut conn = ctx.db.read().context("getting a connection for refunds")?;
        store::refunds_due(&mut conn, at, 50).context("listing refunds due")?
    };
    let mut done = 0;
    for p in due {
        let amount = p.amount_cents - p.refunded_cents;
        let answer = match p.payment_intent.as_deref() {
            Some(pi) => stripe
                .refund(pi, i64::from(amount), &store::refund_key(&p))
                .map_err(|e| e.to_string()),
            None => Err("no Stripe payment to refund".to_owned()),
        };
        let mut conn = ctx
            .db
            .write()
            .context("getting a connection for a refund")?;
        match answer {
            Ok(r) if matches!(r.status, RefundStatus::Succeeded | RefundStatus::Pending) => {
                store::refund_done(&mut conn, p.registration_id, &r.id, amount, at)
                    .map_err(|e| anyhow::anyhow!("recording a refund: {e}"))?;
                done += 1;
            }
            Ok(r) => {
                let why = format!("Stripe answered {:?} for refund {}", r.status, r.id);
                store::refund_failed(&mut conn, p.registration_id, &why, at)?;
            }
            Err(why) => {
                tracing::warn!(registration_id = p.registration_id, error = %why, "refund not taken");
                store::refund_failed(&mut conn, p.registration_id, &why, at)?;
            }
        }
    }
    Ok(done)
}
