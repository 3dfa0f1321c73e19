//! The `helpers` job (issue 17): a session starting within 48 hours that still lacks
//! volunteer helpers is told to its organisation's managers and editors, once per drop
//! below the number wanted (`store::helpers::upkeep::alert_short`); the outbox sends it.

use anyhow::Context as _;
use chrono::NaiveDateTime;

use crate::db::now;
use crate::jobs::Context;

/// One pass at the current time.
pub fn alerts(ctx: &Context<'_>) -> anyhow::Result<usize> {
    alerts_at(ctx, now())
}

/// One pass as if the clock read `at` (tests).
pub fn alerts_at(ctx: &Context<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let mut conn = ctx
        .db
        .write()
        .context("getting a connection for the helpers' alerts")?;
    crate::store::helpers::upkeep::alert_short(&mut conn, at)
        .context("alerting staff of sessions short of helpers")
}
