//! Paid registrations (issue 13; rules in `domain::payment`): what a registration owes,
//! seats held while someone pays online, Stripe's events, holds that run out, refunds.
//! Every change to seats goes through the same lock and counters as the rest of the
//! engine, so a paid session keeps invariant 1 (never more seats than the capacity)
//! whatever the order in which people, Stripe and the jobs act.

use std::collections::HashMap;

use super::*;
use crate::db::models::Payment;
use crate::db::schema::{payments, session_prices, stripe_events};
use crate::domain::payment::{
    self as pay, LatePayment, PaidVia, PayMethod, PayStatus, Pricing, StripeEvent, Ways,
};

mod stripe;

pub use stripe::*;

/// What a new registration owes, decided under the session's lock.
#[derive(Debug, Clone, Copy)]
pub(super) struct Charge {
    pub method: PayMethod,
    pub amount: i32,
    pub audience: Option<i64>,
}

/// A session's prices (full, and reduced by audience).
pub fn pricing(conn: &mut DbConnection, session_id: i64, price_cents: i32) -> QueryResult<Pricing> {
    let reduced = session_prices::table
        .filter(session_prices::session_id.eq(session_id))
        .order(session_prices::audience_id)
        .select((session_prices::audience_id, session_prices::price_cents))
        .load(conn)?;
    Ok(Pricing {
        price_cents,
        reduced,
    })
}

/// The ways an organisation takes payment now.
pub fn ways(
    conn: &mut DbConnection,
    organisation_id: i64,
    stripe_configured: bool,
) -> QueryResult<Ways> {
    let (online, on_site): (bool, bool) = organisations::table
        .find(organisation_id)
        .select((organisations::pay_online, organisations::pay_on_site))
        .first(conn)?;
    Ok(Ways::new(online, on_site, stripe_configured))
}

/// What a registration of `seats` owes at the rate and way chosen; `None` when free
/// (no query at all for a free session: the registration rush stays as fast).
pub(super) fn charge_for(
    conn: &mut DbConnection,
    session: &Session,
    seats: i32,
    opts: &RegisterOptions,
) -> RegResult<Option<Charge>> {
    if session.price_cents <= 0 {
        return Ok(None);
    }
    let pricing = pricing(conn, session.id, session.price_cents)?;
    let unit = pricing.unit(opts.rate_audience).map_err(Refusal::from)?;
    let amount = unit * seats;
    let ways = ways(conn, session.organisation_id, opts.online_payments)?;
    let method = ways
        .choose(amount, opts.pay_method)
        .map_err(Refusal::from)?;
    Ok(method.map(|method| Charge {
        method,
        amount,
        audience: opts.rate_audience,
    }))
}

/// Writes what a new registration owes.
pub(super) fn insert_payment(
    conn: &mut DbConnection,
    r: &Registration,
    organisation_id: i64,
    charge: &Charge,
    hold_until: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let status = match charge.method {
        PayMethod::OnSite => PayStatus::Due,
        PayMethod::Online => PayStatus::Pending,
    };
    diesel::insert_into(payments::table)
        .values((
            payments::registration_id.eq(r.id),
            payments::session_id.eq(r.session_id),
            payments::organisation_id.eq(organisation_id),
            payments::amount_cents.eq(charge.amount),
            payments::currency.eq(pay::CURRENCY),
            payments::audience_id.eq(charge.audience),
            payments::method.eq(charge.method),
            payments::status.eq(status),
            payments::hold_expires_at.eq(hold_until),
            payments::created_at.eq(now),
            payments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A registration's payment, if it owes anything.
pub fn payment_of(conn: &mut DbConnection, registration_id: i64) -> QueryResult<Option<Payment>> {
    payments::table
        .find(registration_id)
        .select(Payment::as_select())
        .first(conn)
        .optional()
}

/// The payments of some registrations (the roster, the export), by registration.
pub fn payments_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<HashMap<i64, Payment>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(payments::table
        .filter(payments::registration_id.eq_any(ids))
        .select(Payment::as_select())
        .load(conn)?
        .into_iter()
        .map(|p| (p.registration_id, p))
        .collect())
}

/// The amount, as JSON for the emails.
fn money_payload(p: &Payment) -> serde_json::Value {
    json!({"amount_cents": p.amount_cents})
}

/// Seats held for an online payment: the payment's hold is set, the person told.
pub(super) fn hold_seats(
    conn: &mut DbConnection,
    r: &Registration,
    until: NaiveDateTime,
    promoted: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(payments::table.find(r.id))
        .set((
            payments::hold_expires_at.eq(until),
            payments::hold_warned.eq(false),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
    let amount: i32 = payments::table
        .find(r.id)
        .select(payments::amount_cents)
        .first(conn)?;
    notify(
        conn,
        r,
        MessageKind::PaymentHeld,
        json!({
            "seats": r.seats,
            "amount_cents": amount,
            "expires_at": crate::domain::time::rfc3339(until),
            "promoted": promoted,
        }),
    )
}

/// The promotion pass's part for paid registrations: of the promoted `ids`, those who
/// will pay online and have not paid yet (their seats are held while they pay) and
/// those who already paid (confirmed whatever the waitlist mode).
pub(super) fn promoted_payers(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<HashMap<i64, PayStatus>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(payments::table
        .filter(payments::registration_id.eq_any(ids))
        .filter(payments::method.eq(PayMethod::Online))
        .select((payments::registration_id, payments::status))
        .load::<(i64, PayStatus)>(conn)?
        .into_iter()
        .collect())
}

/// A waiting online payer promoted: seats held for them to pay, for the organisation's
/// offer time (at most Stripe's 24 hours; they are not at their screen).
pub(super) fn hold_for_promoted(
    conn: &mut DbConnection,
    r: &Registration,
    offer_hours: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let until = now + pay::hold((offer_hours.max(1) as u32) * 60);
    to_held(conn, r, until, true, now)
}

/// A registration moves to `pending_payment`, its seats held until `until`.
fn to_held(
    conn: &mut DbConnection,
    r: &Registration,
    until: NaiveDateTime,
    promoted: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(registrations::table.find(r.id))
        .set((
            registrations::status.eq(Status::PendingPayment),
            registrations::offer_expires_at.eq(None::<NaiveDateTime>),
            registrations::updated_at.eq(now),
        ))
        .execute(conn)?;
    hold_seats(conn, r, until, promoted, now)
}

/// An offer accepted by someone who pays online: the seats are held while they pay.
pub(super) fn hold_on_accept(
    conn: &mut DbConnection,
    r: &Registration,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let Some(p) = payment_of(conn, r.id)? else {
        return Ok(false);
    };
    if p.method != PayMethod::Online || p.status != PayStatus::Pending {
        return Ok(false);
    }
    to_held(conn, r, now + pay::hold(pay::MIN_HOLD_MINUTES), false, now)?;
    Ok(true)
}

/// A change of seats changes what is owed: at the door, or online before a payment
/// page was made; refused once money moved or a page for the old amount exists.
pub(super) fn reprice(
    conn: &mut DbConnection,
    r: &Registration,
    seats: i32,
    now: NaiveDateTime,
) -> RegResult<()> {
    let Some(p) = payment_of(conn, r.id)? else {
        return Ok(());
    };
    let open =
        p.status == PayStatus::Due || (p.status == PayStatus::Pending && p.checkout_id.is_none());
    if !open {
        return Err(Refusal::PaidSeatsFixed.into());
    }
    let unit = p.amount_cents / r.seats.max(1);
    diesel::update(payments::table.find(r.id))
        .set((
            payments::amount_cents.eq(unit * seats),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether a registration's seats are held for an online payment at `at`: it waits
/// for the payment, and its hold has not run out (the pay page, more time and the
/// manage page all ask this).
pub fn is_held(r: &Registration, p: &Payment, at: NaiveDateTime) -> bool {
    r.status == Status::PendingPayment
        && p.status == PayStatus::Pending
        && p.hold_expires_at.is_some_and(|t| at < t)
}

/// How many hours before the start an organisation refunds a person's own
/// cancellation (`None`: it does not).
pub fn refund_hours(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<Option<i32>> {
    organisations::table
        .find(organisation_id)
        .select(organisations::refund_hours_before)
        .first(conn)
}

/// Why a registration with money attached is being cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CancelledBy {
    /// The person: refunded per the organisation's policy.
    Person,
    /// The organiser cancelled the session: always refunded.
    Session,
    /// An offer ran out.
    Expiry,
}

/// What cancelling a registration does to its money, in the cancelling transaction:
/// nothing owed any more at the door, an unpaid online payment is void, a paid one is
/// refunded when the policy (or a cancelled session) says so. Returns whether a refund
/// was queued.
pub(super) fn on_cancel(
    conn: &mut DbConnection,
    r: &Registration,
    session: &Session,
    by: CancelledBy,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let Some(p) = payment_of(conn, r.id)? else {
        return Ok(false);
    };
    let next = match (p.status, p.paid_via) {
        (PayStatus::Due | PayStatus::Pending, _) => Some(PayStatus::Void),
        (PayStatus::Paid, Some(PaidVia::Stripe)) => {
            let refund = match by {
                CancelledBy::Session => true,
                CancelledBy::Person | CancelledBy::Expiry => {
                    let hours = refund_hours(conn, session.organisation_id)?;
                    pay::refunded_on_cancel(hours, session.starts_at, now)
                }
            };
            refund.then_some(PayStatus::RefundDue)
        }
        // Cash or card at the door: staff give it back in person.
        _ => None,
    };
    let Some(next) = next else {
        return Ok(false);
    };
    diesel::update(payments::table.find(r.id))
        .set((
            payments::status.eq(next),
            payments::refund_next_at.eq((next == PayStatus::RefundDue).then_some(now)),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(next == PayStatus::RefundDue)
}

/// Everything the pay page needs to send the person to Stripe.
#[derive(Debug, Clone)]
pub struct CheckoutPlan {
    pub registration: Registration,
    pub payment: Payment,
    pub session: Session,
    /// Stripe's `Idempotency-Key`: one per hold, so a retry after a lost answer never
    /// opens a second page the person could pay.
    pub idempotency_key: String,
}

/// What the person's link may do about paying, now.
pub fn checkout_plan(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> RegResult<CheckoutPlan> {
    let r = links::find(conn, token)?.ok_or(RegError::NotFound)?;
    let p = payment_of(conn, r.id)?.ok_or(RegError::NotFound)?;
    if !is_held(&r, &p, now) {
        return Err(Refusal::NotChangeable.into());
    }
    let session = sessions::table
        .find(r.session_id)
        .select(Session::as_select())
        .first(conn)?;
    Ok(CheckoutPlan {
        idempotency_key: format!("babillard-checkout-{}-{}", r.id, p.checkout_attempt),
        registration: r,
        payment: p,
        session,
    })
}

/// Remembers the Checkout Session made for a hold (only for that hold: an extension
/// since then made a new one necessary). Returns whether it was kept.
pub fn record_checkout(
    conn: &mut DbConnection,
    registration_id: i64,
    attempt: i32,
    checkout_id: &str,
    url: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        payments::table
            .find(registration_id)
            .filter(payments::status.eq(PayStatus::Pending))
            .filter(payments::checkout_attempt.eq(attempt)),
    )
    .set((
        payments::checkout_id.eq(checkout_id),
        payments::checkout_url.eq(url),
        payments::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A payment by the Checkout Session Stripe sends the person back with.
pub fn payment_by_checkout(
    conn: &mut DbConnection,
    checkout_id: &str,
) -> QueryResult<Option<(Payment, Registration)>> {
    payments::table
        .inner_join(registrations::table)
        .filter(payments::checkout_id.eq(checkout_id))
        .select((Payment::as_select(), Registration::as_select()))
        .first(conn)
        .optional()
}

/// The person asks for more time, once (WCAG 2.2.1): the hold starts again for `hold`
/// from now. The caller has made sure the Checkout Session of the first hold can no
/// longer be paid (Stripe's expire call), since the next one gets a new expiry.
pub fn extend_hold(
    conn: &mut DbConnection,
    token: &str,
    hold: Duration,
    now: NaiveDateTime,
) -> RegResult<Payment> {
    write_tx(conn, |conn| {
        let (_, r) = lock_by_token(conn, token)?;
        let p = payment_of(conn, r.id)?.ok_or(RegError::NotFound)?;
        if !is_held(&r, &p, now) || p.hold_extended {
            return Err(Refusal::HoldNotExtendable.into());
        }
        diesel::update(payments::table.find(r.id))
            .set((
                payments::hold_expires_at.eq(now + hold),
                payments::hold_extended.eq(true),
                payments::hold_warned.eq(false),
                payments::checkout_id.eq(None::<String>),
                payments::checkout_url.eq(None::<String>),
                payments::checkout_attempt.eq(payments::checkout_attempt + 1),
                payments::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(payment_of(conn, r.id)?.expect("just updated"))
    })
}

/// Holds close to their end, not yet warned: each person is told once, with the link
/// to pay or ask for more time. Returns the number warned.
pub fn warn_holds(conn: &mut DbConnection, now: NaiveDateTime) -> RegResult<usize> {
    let due: Vec<(Payment, Registration)> = payments::table
        .inner_join(registrations::table)
        .filter(payments::status.eq(PayStatus::Pending))
        .filter(payments::hold_warned.eq(false))
        .filter(payments::hold_expires_at.gt(now))
        .filter(payments::hold_expires_at.le(now + pay::WARN_BEFORE))
        .filter(registrations::status.eq(Status::PendingPayment))
        .select((Payment::as_select(), Registration::as_select()))
        .load(conn)?;
    let mut n = 0;
    for (p, r) in due {
        write_tx(conn, |conn| -> RegResult<()> {
            let claimed = diesel::update(
                payments::table
                    .find(p.registration_id)
                    .filter(payments::hold_warned.eq(false)),
            )
            .set(payments::hold_warned.eq(true))
            .execute(conn)?;
            if claimed == 1 {
                let until = p.hold_expires_at.expect("filtered");
                notify(
                    conn,
                    &r,
                    MessageKind::PaymentHoldWarning,
                    json!({
                        "amount_cents": p.amount_cents,
                        "expires_at": crate::domain::time::rfc3339(until),
                        "extendable": !p.hold_extended,
                    }),
                )?;
                n += 1;
            }
            Ok(())
        })?;
    }
    Ok(n)
}

/// Holds that ran out unpaid: each registration is cancelled, its seats go to the
/// waitlist, the person is told. One transaction per session. Returns the Checkout
/// Sessions to close at Stripe (so nobody pays a page whose seats are gone; a payment
/// that still gets through is handled as a late payment).
pub fn expire_holds(conn: &mut DbConnection, now: NaiveDateTime) -> RegResult<Vec<String>> {
    let sessions_due: Vec<i64> = payments::table
        .filter(payments::status.eq(PayStatus::Pending))
        .filter(payments::hold_expires_at.le(now))
        .select(payments::session_id)
        .distinct()
        .load(conn)?;
    let mut checkouts = Vec::new();
    for session_id in sessions_due {
        checkouts.extend(expire_holds_of(conn, session_id, now)?);
    }
    Ok(checkouts)
}

fn expire_holds_of(
    conn: &mut DbConnection,
    session_id: i64,
    now: NaiveDateTime,
) -> RegResult<Vec<String>> {
    write_tx(conn, |conn| -> RegResult<Vec<String>> {
        let mut l = lock(conn, session_id)?;
        let gone: Vec<(Payment, Registration)> = payments::table
            .inner_join(registrations::table)
            .filter(payments::session_id.eq(session_id))
            .filter(payments::status.eq(PayStatus::Pending))
            .filter(payments::hold_expires_at.le(now))
            .filter(registrations::status.eq(Status::PendingPayment))
            .select((Payment::as_select(), Registration::as_select()))
            .load(conn)?;
        for (p, r) in &gone {
            release_hold(conn, &mut l, p, r, now)?;
        }
        settle(conn, &mut l, now)?;
        save_counters(conn, &l, now)?;
        for (_, r) in &gone {
            crate::store::webhooks::registration_event(
                conn,
                WebhookEvent::RegistrationCancelled,
                r.id,
            )?;
        }
        Ok(gone
            .into_iter()
            .filter_map(|(p, _)| p.checkout_id)
            .collect())
    })
}

/// A hold ends unpaid (under the caller's lock; the caller settles and saves).
fn release_hold(
    conn: &mut DbConnection,
    l: &mut Locked,
    p: &Payment,
    r: &Registration,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(registrations::table.find(r.id))
        .set(cancellation(now))
        .execute(conn)?;
    diesel::update(payments::table.find(p.registration_id))
        .set((
            payments::status.eq(PayStatus::Expired),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
    l.book.seats_taken -= r.seats;
    notify(conn, r, MessageKind::PaymentExpired, money_payload(p))
}
