//! A session saved with what it asks of volunteer helpers (issue 17), in one
//! transaction: the back-office form (with its prices) and the staff API call these,
//! so a session and its request for helpers are stored together or not at all.

use super::*;
use crate::domain::helpers::HelperNeed;
use crate::domain::payment::Pricing;
use crate::store::helpers::set_need;

/// Creates a session with its prices and its helpers (the back-office form).
pub fn create_session_full(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    s: &SessionInput,
    prices: &Pricing,
    helpers: &HelperNeed,
    publish: bool,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let id = create_session_priced(conn, who, event_id, s, prices, publish)?;
        set_need(conn, who, id, helpers)?;
        Ok(id)
    })
}

/// Creates a weekly series whose sessions all have these prices and ask the same of
/// helpers.
#[allow(clippy::too_many_arguments)]
pub fn create_series_full(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    template: &SessionInput,
    dates: &[Occurrence],
    prices: &Pricing,
    helpers: &HelperNeed,
    publish: bool,
) -> Result<Vec<i64>> {
    write_tx(conn, |conn| {
        let ids = create_series_priced(conn, who, event_id, template, dates, prices, publish)?;
        for id in &ids {
            set_need(conn, who, *id, helpers)?;
        }
        Ok(ids)
    })
}

/// Changes a session, its prices and its helpers (the back-office form).
pub fn update_session_full(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    s: &SessionInput,
    prices: &Pricing,
    helpers: &HelperNeed,
    travel: chrono::Duration,
) -> Result<Updated> {
    write_tx(conn, |conn| {
        let u = update_session_priced(conn, who, id, s, prices, travel)?;
        set_need(conn, who, id, helpers)?;
        Ok(u)
    })
}

/// Creates a session and, when given, what it asks of helpers (the staff API).
pub fn create_session_helped(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    s: &SessionInput,
    helpers: Option<&HelperNeed>,
    publish: bool,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let id = create_session(conn, who, event_id, s, publish)?;
        if let Some(h) = helpers {
            set_need(conn, who, id, h)?;
        }
        Ok(id)
    })
}

/// Changes a session and, when given, what it asks of helpers (the staff API).
pub fn update_session_helped(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    s: &SessionInput,
    helpers: Option<&HelperNeed>,
    travel: chrono::Duration,
) -> Result<Updated> {
    write_tx(conn, |conn| {
        let u = update_session(conn, who, id, s, travel)?;
        if let Some(h) = helpers {
            set_need(conn, who, id, h)?;
        }
        Ok(u)
    })
}
