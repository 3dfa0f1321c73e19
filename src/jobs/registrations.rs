//! The registration area's periodic jobs: offers that ran out, and personal data past
//! its retention period.

use anyhow::Context;

use crate::db::now;
use crate::store::registrations as store;
use crate::web::AppState;

/// Expired offers go to the next person on the waitlist.
pub fn offers(state: &AppState) -> anyhow::Result<usize> {
    let mut conn = state
        .db
        .write()
        .context("getting a connection for offers")?;
    store::expire_offers(&mut conn, now()).map_err(|e| anyhow::anyhow!("expiring offers: {e}"))
}

/// Names, emails and phones of sessions ended `retention_days` ago are erased.
pub fn retention(state: &AppState) -> anyhow::Result<usize> {
    let mut conn = state
        .db
        .write()
        .context("getting a connection for retention")?;
    store::purge_expired(&mut conn, state.settings.retention_days, now())
        .context("purging personal data past retention")
}
