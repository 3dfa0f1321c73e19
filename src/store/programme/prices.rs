//! A session's prices (issue 13): the full price (`sessions.price_cents`, 0: free) and
//! reduced prices for chosen audiences (`session_prices`, 0: free for them, « gratuit
//! pour les aînés »), written in the transaction of the session's creation or edit, so
//! a form saves its session and its prices together or not at all. What a registration
//! owes was fixed when it was made (`payments.amount_cents`): a new price applies to new
//! registrations only.

use super::*;
use crate::db::schema::session_prices;
use crate::domain::payment::{Pricing, money};

pub use crate::domain::payment::MAX_PRICE_CENTS;

/// The form field of an audience's reduced price (its message goes there).
pub fn reduced_field(audience_id: i64) -> String {
    format!("rate_price_{audience_id}")
}

/// What is wrong with prices, whatever the database holds: a full price within
/// bounds; each reduced price within bounds, at most the full price, once per
/// audience, and only on a session that is not free.
pub fn price_errors(p: &Pricing) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if !(0..=MAX_PRICE_CENTS).contains(&p.price_cents) {
        errors.push(FieldError::new("price", Msg::new("pay-admin-error-price")));
    }
    let mut seen = Vec::new();
    for (audience, cents) in &p.reduced {
        let field = reduced_field(*audience);
        let key = if !(0..=MAX_PRICE_CENTS).contains(cents) {
            Some("pay-admin-error-price")
        } else if seen.contains(audience) {
            Some("admin-error-choice")
        } else if p.price_cents == 0 {
            Some("pay-admin-error-reduced-free")
        } else if *cents > p.price_cents {
            Some("pay-admin-error-reduced-above")
        } else {
            None
        };
        if let Some(key) = key {
            errors.push(FieldError::new(&field, Msg::new(key)));
        }
        seen.push(*audience);
    }
    errors
}

/// A session's prices as stored.
pub fn prices_of(conn: &mut DbConnection, session_id: i64) -> QueryResult<Pricing> {
    let price_cents = sessions::table
        .find(session_id)
        .select(sessions::price_cents)
        .first(conn)?;
    crate::store::registrations::pricing(conn, session_id, price_cents)
}

/// The prices in words, for the audit log: « 15,00 $ (aînés : 0,00 $) ».
fn described(conn: &mut DbConnection, p: &Pricing) -> QueryResult<String> {
    let mut out = money(p.price_cents, Lang::Fr);
    if !p.reduced.is_empty() {
        let ids: Vec<i64> = p.reduced.iter().map(|(a, _)| *a).collect();
        let names: Vec<(i64, String)> = audiences::table
            .filter(audiences::id.eq_any(&ids))
            .select((audiences::id, audiences::slug))
            .load(conn)?;
        let parts: Vec<String> = p
            .reduced
            .iter()
            .map(|(a, c)| {
                let name = names
                    .iter()
                    .find(|(id, _)| id == a)
                    .map_or_else(|| a.to_string(), |(_, s)| s.clone());
                format!("{name} : {}", money(*c, Lang::Fr))
            })
            .collect();
        out.push_str(&format!(" ({})", parts.join(", ")));
    }
    Ok(out)
}

/// Writes a session's prices in the caller's transaction, after checking them; records
/// a `price` audit entry when they changed. The caller has checked `who` may edit it.
fn write_prices(
    conn: &mut DbConnection,
    who: &Access,
    session: (i64, i64),
    p: &Pricing,
) -> Result<()> {
    let (session_id, organisation_id) = session;
    let errors = price_errors(p);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let ids: Vec<i64> = p.reduced.iter().map(|(a, _)| *a).collect();
    let (known, _) = terms_exist(conn, &ids, &[])?;
    if !known {
        return Err(Error::field("reduced", "admin-error-choice"));
    }
    let mut wanted = p.clone();
    wanted.reduced.sort_unstable();
    let before = prices_of(conn, session_id)?;
    if before == wanted {
        return Ok(());
    }
    diesel::update(sessions::table.find(session_id))
        .set((
            sessions::price_cents.eq(wanted.price_cents),
            sessions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    diesel::delete(session_prices::table.filter(session_prices::session_id.eq(session_id)))
        .execute(conn)?;
    for (audience, cents) in &wanted.reduced {
        diesel::insert_into(session_prices::table)
            .values((
                session_prices::session_id.eq(session_id),
                session_prices::audience_id.eq(audience),
                session_prices::price_cents.eq(cents),
            ))
            .execute(conn)?;
    }
    let detail = format!(
        "{} → {}",
        described(conn, &before)?,
        described(conn, &wanted)?
    );
    record(
        conn,
        &Entry::new(who.user_id, "price", "session", Some(session_id))
            .org(organisation_id)
            .detail(detail),
    )?;
    Ok(())
}

/// Copies a session's prices to its copy (in the caller's transaction).
pub(crate) fn copy_prices(conn: &mut DbConnection, from: i64, to: i64) -> QueryResult<()> {
    let p = prices_of(conn, from)?;
    diesel::update(sessions::table.find(to))
        .set(sessions::price_cents.eq(p.price_cents))
        .execute(conn)?;
    for (audience, cents) in &p.reduced {
        diesel::insert_into(session_prices::table)
            .values((
                session_prices::session_id.eq(to),
                session_prices::audience_id.eq(audience),
                session_prices::price_cents.eq(cents),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Creates a session with its prices (the back-office form), in one transaction.
pub fn create_session_priced(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    s: &SessionInput,
    prices: &Pricing,
    publish: bool,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let id = create_session(conn, who, event_id, s, publish)?;
        let org = event_for_edit(conn, who, event_id)?.organisation_id;
        write_prices(conn, who, (id, org), prices)?;
        Ok(id)
    })
}

/// Creates a weekly series whose sessions all have these prices, in one transaction.
pub fn create_series_priced(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    template: &SessionInput,
    dates: &[Occurrence],
    prices: &Pricing,
    publish: bool,
) -> Result<Vec<i64>> {
    write_tx(conn, |conn| {
        let ids = create_series(conn, who, event_id, template, dates, publish)?;
        let org = event_for_edit(conn, who, event_id)?.organisation_id;
        for id in &ids {
            write_prices(conn, who, (*id, org), prices)?;
        }
        Ok(ids)
    })
}

/// Changes a session and its prices (the back-office form), in one transaction: what
/// people already registered owe does not change.
pub fn update_session_priced(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    s: &SessionInput,
    prices: &Pricing,
    travel: chrono::Duration,
) -> Result<Updated> {
    write_tx(conn, |conn| {
        let u = update_session(conn, who, id, s, travel)?;
        let org = session_for_edit(conn, who, id)?.organisation_id;
        write_prices(conn, who, (id, org), prices)?;
        Ok(u)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_prices_are_reductions_of_a_paid_session() {
        let ok = Pricing {
            price_cents: 1500,
            reduced: vec![(7, 0), (8, 1000)],
        };
        assert!(price_errors(&ok).is_empty());
        let fields = |p: &Pricing| -> Vec<(String, String)> {
            price_errors(p)
                .into_iter()
                .map(|e| (e.field, e.msg.key))
                .collect()
        };
        let above = Pricing {
            price_cents: 1500,
            reduced: vec![(7, 2000)],
        };
        assert_eq!(
            fields(&above),
            [(
                "rate_price_7".into(),
                "pay-admin-error-reduced-above".into()
            )]
        );
        let free = Pricing {
            price_cents: 0,
            reduced: vec![(7, 0)],
        };
        assert_eq!(
            fields(&free),
            [("rate_price_7".into(), "pay-admin-error-reduced-free".into())]
        );
        let negative = Pricing {
            price_cents: -1,
            reduced: vec![],
        };
        assert_eq!(
            fields(&negative),
            [("price".into(), "pay-admin-error-price".into())]
        );
        let twice = Pricing {
            price_cents: 1500,
            reduced: vec![(7, 0), (7, 100)],
        };
        assert_eq!(
            fields(&twice),
            [("rate_price_7".into(), "admin-error-choice".into())]
        );
    }
}
