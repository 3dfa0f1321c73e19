//! The registration area's periodic jobs: offers that ran out, and personal data past
//! its use or its retention period.

use anyhow::Context as _;

use crate::db::now;
use crate::jobs::Context;
use crate::store::registrations as store;

/// Expired offers go to the next person on the waitlist.
pub fn offers(ctx: &Context<'_>) -> anyhow::Result<usize> {
    let mut conn = ctx.db.write().context("getting a connection for offers")?;
    store::expire_offers(&mut conn, now()).map_err(|e| anyhow::anyhow!("expiring offers: {e}"))
}

/// Names, emails and phones of sessions ended `retention_days` ago are erased, and so
/// is everything else personal past its use or its period (`store::retention`).
pub fn retention(ctx: &Context<'_>) -> anyhow::Result<usize> {
    retention_at(ctx, now())
}

/// [`retention`] as if the clock read `at` (tests).
pub fn retention_at(ctx: &Context<'_>, at: chrono::NaiveDateTime) -> anyhow::Result<usize> {
    let mut conn = ctx
        .db
        .write()
        .context("getting a connection for retention")?;
    let days = ctx.settings.retention_days;
    let registrations = store::purge_expired(&mut conn, days, at)
        .context("purging personal data past retention")?;
    let other = crate::store::retention::purge(&mut conn, days, at)
        .context("purging sign-in records, links and messages past retention")?;
    Ok(registrations + other)
}
