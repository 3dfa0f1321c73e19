//! The `follow_ups` job: `follow_up_delay_hours` after a session ends, the message after
//! it is queued once per registration (`store::outcomes::after`); the outbox sends it.

use anyhow::Context as _;
use chrono::{Duration, NaiveDateTime};

use crate::db::now;
use crate::jobs::Context;

/// One pass at the current time.
pub fn due(ctx: &Context<'_>) -> anyhow::Result<usize> {
    due_at(ctx, now())
}

/// One pass as if the clock read `at` (tests).
pub fn due_at(ctx: &Context<'_>, at: NaiveDateTime) -> anyhow::Result<usize> {
    let mut conn = ctx
        .db
        .write()
        .context("getting a connection for follow-ups")?;
    let delay = Duration::hours(i64::from(ctx.settings.follow_up_delay_hours));
    crate::store::outcomes::after::queue(&mut conn, at, delay)
        .map_err(|e| anyhow::anyhow!("queueing the messages after sessions: {e}"))
}
