//! Stripe's side of paid registrations: its events applied at most once, under the
//! session's lock (paid, paid late, released), and the refunds the `refunds` job asks
//! Stripe for, with their outcome.

use super::*;

/// What applying a Stripe event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventEffect {
    /// The payment is recorded and the seats confirmed.
    Paid,
    /// Paid after the hold ran out: seats were still free, confirmed.
    PaidLateConfirmed,
    /// Paid after the hold ran out, seats gone: on the waitlist, paid.
    PaidLateWaitlisted,
    /// Paid when it could no longer be used (seats gone, or the registration was
    /// cancelled meanwhile): refunded.
    Refunding,
    /// The hold was released (Checkout Session expired at Stripe).
    Released,
    /// Already applied (Stripe delivers at least once).
    Duplicate,
    /// Not about a payment Babillard knows; recorded and ignored.
    Unknown,
    /// An event that changes nothing (a kind we do not act on, an old Checkout
    /// Session, an expiry after payment).
    Ignored,
}

/// Applies a Stripe event, at most once (its id is recorded in the same transaction as
/// its effect). Events may come late, twice or out of order: each reads the state
/// under the session's lock and does only what still makes sense.
pub fn apply_stripe_event(
    conn: &mut DbConnection,
    ev: &StripeEvent,
    now: NaiveDateTime,
) -> RegResult<EventEffect> {
    let target = match &ev.checkout {
        Some(c) => match c.registration_id {
            Some(id) => payment_of(conn, id)?.map(|p| (p.session_id, id)),
            None => payments::table
                .filter(payments::checkout_id.eq(&c.id))
                .select((payments::session_id, payments::registration_id))
                .first(conn)
                .optional()?,
        },
        None => None,
    };
    write_tx(conn, |conn| {
        // Lock first (the same order as every other transaction), then claim the event.
        let mut l = match target {
            Some((session_id, _)) => Some(lock(conn, session_id)?),
            None => None,
        };
        let row = (
            stripe_events::id.eq(&ev.id),
            stripe_events::kind.eq(&ev.kind),
            stripe_events::received_at.eq(now),
        );
        let fresh = crate::per_backend!(conn, |c| diesel::insert_into(stripe_events::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c))?
            == 1;
        if !fresh {
            return Ok(EventEffect::Duplicate);
        }
        let (Some(l), Some((_, registration_id)), Some(c)) = (l.as_mut(), target, &ev.checkout)
        else {
            return Ok(EventEffect::Unknown);
        };
        let p = payment_of(conn, registration_id)?.ok_or(RegError::NotFound)?;
        let r: Registration = registrations::table
            .find(registration_id)
            .select(Registration::as_select())
            .first(conn)?;
        let effect = match ev.kind.as_str() {
            StripeEvent::COMPLETED | StripeEvent::ASYNC_SUCCEEDED if c.paid => {
                paid_online(conn, l, &p, &r, c, now)?
            }
            StripeEvent::EXPIRED => {
                let current = p.checkout_id.as_deref() == Some(c.id.as_str());
                if current && p.status == PayStatus::Pending && r.status == Status::PendingPayment {
                    release_hold(conn, l, &p, &r, now)?;
                    settle(conn, l, now)?;
                    crate::store::webhooks::registration_event(
                        conn,
                        WebhookEvent::RegistrationCancelled,
                        r.id,
                    )?;
                    EventEffect::Released
                } else {
                    EventEffect::Ignored
                }
            }
            _ => EventEffect::Ignored,
        };
        save_counters(conn, l, now)?;
        Ok(effect)
    })
}

/// Stripe says the person paid (under the session's lock).
fn paid_online(
    conn: &mut DbConnection,
    l: &mut Locked,
    p: &Payment,
    r: &Registration,
    c: &pay::CheckoutObject,
    now: NaiveDateTime,
) -> RegResult<EventEffect> {
    if p.status.is_paid() || p.status == PayStatus::Refunded {
        // Paid already: a second Checkout Session paid too is given back.
        if p.payment_intent.is_some() && p.payment_intent != c.payment_intent {
            tracing::warn!(
                registration_id = r.id,
                "a second payment for one registration"
            );
        }
        return Ok(EventEffect::Ignored);
    }
    let mark_paid = |conn: &mut DbConnection, status: PayStatus| {
        diesel::update(payments::table.find(p.registration_id))
            .set((
                payments::status.eq(status),
                payments::paid_via.eq(PaidVia::Stripe),
                payments::paid_at.eq(now),
                payments::payment_intent.eq(&c.payment_intent),
                payments::checkout_id.eq(&c.id),
                payments::refund_next_at.eq((status == PayStatus::RefundDue).then_some(now)),
                payments::updated_at.eq(now),
            ))
            .execute(conn)
    };
    let confirm = |conn: &mut DbConnection, l: &mut Locked, take_seats: bool| -> QueryResult<()> {
        if take_seats {
            l.book.seats_taken += r.seats;
        }
        diesel::update(registrations::table.find(r.id))
            .set((
                registrations::status.eq(Status::Confirmed),
                registrations::cancelled_at.eq(None::<NaiveDateTime>),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        mark_paid(conn, PayStatus::Paid)?;
        notify_confirmed(conn, r)?;
        notify(conn, r, MessageKind::PaymentReceipt, money_payload(p))
    };
    match (r.status, p.status) {
        (Status::PendingPayment, PayStatus::Pending) => {
            confirm(conn, l, false)?;
            Ok(EventEffect::Paid)
        }
        (Status::Cancelled, PayStatus::Expired) => {
            let open = rules::check_open(&l.session, now).is_ok();
            if open && l.book.free().is_none_or(|f| r.seats <= f) && l.book.waitlist_count == 0 {
                confirm(conn, l, true)?;
                crate::store::webhooks::registration_event(
                    conn,
                    WebhookEvent::RegistrationCreated,
                    r.id,
                )?;
                return Ok(EventEffect::PaidLateConfirmed);
            }
            let policy: String = organisations::table
                .find(l.session.organisation_id)
                .select(organisations::late_payment)
                .first(conn)?;
            let waitlist_has_room = l
                .session
                .waitlist_limit
                .is_none_or(|limit| l.book.waitlist_count < limit);
            if open
                && waitlist_has_room
                && LatePayment::parse(&policy) == Some(LatePayment::Waitlist)
            {
                diesel::update(registrations::table.find(r.id))
                    .set((
                        registrations::status.eq(Status::Waitlisted),
                        registrations::cancelled_at.eq(None::<NaiveDateTime>),
                        registrations::queued_at.eq(now),
                        registrations::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                l.book.waitlist_count += 1;
                mark_paid(conn, PayStatus::Paid)?;
                notify(conn, r, MessageKind::PaymentReceipt, money_payload(p))?;
                notify(
                    conn,
                    r,
                    MessageKind::PaymentLate,
                    json!({"amount_cents": p.amount_cents, "late": "waitlist"}),
                )?;
                return Ok(EventEffect::PaidLateWaitlisted);
            }
            mark_paid(conn, PayStatus::RefundDue)?;
            notify(
                conn,
                r,
                MessageKind::PaymentLate,
                json!({"amount_cents": p.amount_cents, "late": "refund"}),
            )?;
            Ok(EventEffect::Refunding)
        }
        // Cancelled by the person (or the session) before Stripe answered: given back.
        _ => {
            mark_paid(conn, PayStatus::RefundDue)?;
            Ok(EventEffect::Refunding)
        }
    }
}

/// Refunds Stripe should make now (the job asks, then records the answer).
pub fn refunds_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Payment>> {
    payments::table
        .filter(payments::status.eq(PayStatus::RefundDue))
        .filter(
            payments::refund_next_at
                .le(now)
                .or(payments::refund_next_at.is_null()),
        )
        .order(payments::refund_next_at)
        .limit(limit)
        .select(Payment::as_select())
        .load(conn)
}

/// Stripe's idempotency key for a payment's refund: the same however often it is asked.
pub fn refund_key(p: &Payment) -> String {
    format!("babillard-refund-{}", p.registration_id)
}

/// Stripe accepted a refund: recorded, and the person told (once: only a payment still
/// due for a refund moves).
pub fn refund_done(
    conn: &mut DbConnection,
    registration_id: i64,
    refund_id: &str,
    amount: i32,
    now: NaiveDateTime,
) -> RegResult<bool> {
    write_tx(conn, |conn| {
        let n = diesel::update(
            payments::table
                .find(registration_id)
                .filter(payments::status.eq(PayStatus::RefundDue)),
        )
        .set((
            payments::status.eq(PayStatus::Refunded),
            payments::refund_id.eq(refund_id),
            payments::refunded_cents.eq(amount),
            payments::refund_error.eq(None::<String>),
            payments::refund_next_at.eq(None::<NaiveDateTime>),
            payments::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n == 1 {
            let r: Registration = registrations::table
                .find(registration_id)
                .select(Registration::as_select())
                .first(conn)?;
            let paid_at = payments::table
                .find(registration_id)
                .select(payments::paid_at)
                .first(conn)?;
            let reason = refund_reason(conn, &r, paid_at)?;
            notify(
                conn,
                &r,
                MessageKind::RefundIssued,
                json!({"amount_cents": amount, "reason": reason}),
            )?;
        }
        Ok(n == 1)
    })
}

/// Why money goes back, for the email.
fn refund_reason(
    conn: &mut DbConnection,
    r: &Registration,
    paid_at: Option<NaiveDateTime>,
) -> QueryResult<&'static str> {
    let status: crate::domain::session::SessionStatus = sessions::table
        .find(r.session_id)
        .select(sessions::status)
        .first(conn)?;
    Ok(
        if status == crate::domain::session::SessionStatus::Cancelled {
            "session_cancelled"
        } else if let (Some(paid), Some(cancelled)) = (paid_at, r.cancelled_at)
            && paid <= cancelled
        {
            "cancelled"
        } else {
            // Paid after the registration ended (its hold ran out, or it was cancelled
            // while the person was on Stripe's page).
            "late"
        },
    )
}

/// Stripe did not take a refund now: tried again later (`domain::payment::refund_retry`),
/// the error kept for staff.
pub fn refund_failed(
    conn: &mut DbConnection,
    registration_id: i64,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let attempts: i32 = payments::table
        .find(registration_id)
        .select(payments::refund_attempts)
        .first(conn)?;
    diesel::update(payments::table.find(registration_id))
        .set((
            payments::refund_attempts.eq(attempts + 1),
            payments::refund_next_at.eq(now + pay::refund_retry(attempts + 1)),
            payments::refund_error.eq(error),
            payments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
