//! Paying for a session (issue 13), without JavaScript on our side: the form's choices
//! (rate, online or on site), « Payer maintenant » (to Stripe's hosted Checkout page),
//! « Demander plus de temps » (once), the page Stripe sends the person back to, and
//! `POST /webhooks/stripe`, where Stripe says what happened.
//!
//! Stripe is called off the async threads (`web::block`), never inside a database
//! transaction: the engine holds the seats first, then the page asks Stripe for a
//! Checkout Session, then records it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::models::Session;
use crate::db::schema::audiences;
use crate::db::{DbConnection, now};
use crate::domain::lang::Lang;
use crate::domain::payment::{self as pay, PayMethod, StripeEvent};
use crate::domain::time;
use crate::payments::stripe::{CheckoutRequest, CheckoutStatus, Stripe};
use crate::store::registrations::{self as store, CheckoutPlan, EventEffect};
use crate::web::{AppError, AppResult, AppState, csrf, read, redirect, render, write};

/// A rate a person may choose (`value`: the audience id, empty for the full price).
#[derive(Debug, Serialize)]
pub struct Rate {
    pub value: String,
    pub label: String,
}

/// What the registration form offers for a paid session.
#[derive(Debug, Default, Serialize)]
pub struct PayChoices {
    pub paid: bool,
    /// The full price of one seat, « 15,00 $ ».
    pub price: String,
    /// The full price and each reduced price, when there are reduced prices.
    pub rates: Vec<Rate>,
    pub online: bool,
    pub on_site: bool,
    /// How long seats are held while paying online, in minutes.
    pub hold_minutes: i64,
    /// What the person chose (the form shown again keeps it).
    pub chosen_pay: String,
    pub chosen_rate: String,
}

/// What the payment part of a page needs from the service, movable to a blocking thread.
#[derive(Clone)]
pub struct PayContext {
    pub i18n: std::sync::Arc<crate::i18n::I18n>,
    pub stripe: bool,
    pub hold_minutes: u32,
}

impl PayContext {
    pub fn of(state: &AppState) -> PayContext {
        PayContext {
            i18n: state.i18n.clone(),
            stripe: state.stripe.is_some(),
            hold_minutes: state.settings.payment_hold_minutes,
        }
    }
}

/// The payment part of the form for a session; empty when it is free.
pub fn choices(
    conn: &mut DbConnection,
    state: &PayContext,
    session: &Session,
    lang: Lang,
) -> diesel::QueryResult<PayChoices> {
    use diesel::prelude::*;
    if session.price_cents <= 0 {
        return Ok(PayChoices::default());
    }
    let pricing = store::pricing(conn, session.id, session.price_cents)?;
    let ways = store::ways(conn, session.organisation_id, state.stripe)?;
    let mut rates = Vec::new();
    if !pricing.reduced.is_empty() {
        let ids: Vec<i64> = pricing.reduced.iter().map(|(a, _)| *a).collect();
        let names: Vec<(i64, String, String)> = audiences::table
            .filter(audiences::id.eq_any(&ids))
            .order(audiences::position)
            .select((audiences::id, audiences::name_fr, audiences::name_en))
            .load(conn)?;
        rates.push(Rate {
            value: String::new(),
            label: state.i18n.tr(
                lang,
                "pay-rate-regular",
                &[("price", pay::money(pricing.price_cents, lang).into())],
            ),
        });
        for (id, fr, en) in names {
            let price = pricing.unit(Some(id)).unwrap_or(pricing.price_cents);
            let name = if lang == Lang::En { en } else { fr };
            rates.push(Rate {
                value: id.to_string(),
                label: state.i18n.tr(
                    lang,
                    "pay-rate-reduced",
                    &[
                        ("audience", name.into()),
                        ("price", price_text(state, price, lang).into()),
                    ],
                ),
            });
        }
    }
    Ok(PayChoices {
        paid: true,
        price: pay::money(pricing.price_cents, lang),
        rates,
        online: ways.online,
        on_site: ways.on_site,
        hold_minutes: pay::hold(state.hold_minutes).num_minutes(),
        chosen_pay: String::new(),
        chosen_rate: String::new(),
    })
}

fn price_text(state: &PayContext, cents: i32, lang: Lang) -> String {
    if cents == 0 {
        state.i18n.t(lang, "pay-free")
    } else {
        pay::money(cents, lang)
    }
}

/// The form's `pay` and `rate` fields, as the engine takes them. Nonsense is treated as
/// not chosen (the engine then asks for a choice on the field).
pub fn parse_choice(pay_field: &str, rate_field: &str) -> (Option<PayMethod>, Option<i64>) {
    (
        PayMethod::parse(pay_field.trim()),
        rate_field.trim().parse().ok(),
    )
}

/// What the manage page shows about paying.
#[derive(Debug, Default, Serialize)]
pub struct PaymentBox {
    pub amount: String,
    /// `due`, `pending`, `paid`, `expired`, `refund_due`, `refunded`, `void`.
    pub status: String,
    pub method: String,
    /// Seats held for paying now: until when, and whether more time may be asked.
    pub held_until: Option<String>,
    pub can_pay: bool,
    pub can_extend: bool,
    pub paid_via: Option<String>,
    /// The last moment a cancellation is refunded, when the organisation refunds.
    pub refund_until: Option<String>,
}

/// The payment box of a registration's manage page (`None`: it costs nothing).
pub fn payment_box(
    conn: &mut DbConnection,
    r: &crate::db::models::Registration,
    session: &Session,
    lang: Lang,
    at: chrono::NaiveDateTime,
) -> diesel::QueryResult<Option<PaymentBox>> {
    let Some(p) = store::payment_of(conn, r.id)? else {
        return Ok(None);
    };
    let held = store::is_held(r, &p, at);
    let hours = store::refund_hours(conn, session.organisation_id)?;
    Ok(Some(PaymentBox {
        amount: pay::money(p.amount_cents, lang),
        status: p.status.to_string(),
        method: p.method.to_string(),
        held_until: p
            .hold_expires_at
            .filter(|_| held)
            .map(|t| time::datetime_long(t, lang)),
        can_pay: held,
        can_extend: held && !p.hold_extended,
        paid_via: p.paid_via.map(|v| v.to_string()),
        refund_until: pay::refund_deadline(hours, session.starts_at)
            .filter(|_| p.status.is_paid() && p.paid_via == Some(pay::PaidVia::Stripe))
            .map(|t| time::datetime_long(t, lang)),
    }))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

/// A `POST` about a hold: the CSRF field, then what the link may do about paying now.
async fn held(
    state: &AppState,
    req: &HttpRequest,
    csrf_token: &str,
    token: String,
) -> AppResult<(String, CheckoutPlan)> {
    csrf::verify(req, csrf_token)?;
    let t = token.clone();
    let plan = read(state, move |c| Ok(store::checkout_plan(c, &t, now())?)).await?;
    Ok((token, plan))
}

fn stripe(state: &AppState) -> AppResult<Stripe> {
    state
        .stripe
        .clone()
        .ok_or_else(|| AppError::conflict("pay-online-off"))
}

/// `POST /r/{token}/pay`: to Stripe's page for this hold (made once per hold: a second
/// click, or a retry after a lost answer, gets the same page).
pub async fn pay(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: crate::web::i18n::Lang,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> AppResult<HttpResponse> {
    let (token, plan) = held(&state, &req, &form.csrf_token, token.into_inner()).await?;
    if let Some(url) = plan.payment.checkout_url.clone() {
        return Ok(redirect(url));
    }
    let stripe = stripe(&state)?;
    // Stripe's page speaks the language the person registered in.
    let lang = Lang::parse(&plan.registration.language).unwrap_or(lang);
    let base = state.base_url().to_owned();
    let description = format!(
        "{} — {}",
        plan.session.title,
        time::datetime_long(plan.session.starts_at, lang)
    );
    let seats = i64::from(plan.registration.seats.max(1));
    let unit = i64::from(plan.payment.amount_cents) / seats;
    let key = plan.idempotency_key.clone();
    let (registration_id, attempt) = (plan.registration.id, plan.payment.checkout_attempt);
    let email = plan.registration.email.clone();
    let at = now();
    let expires_at = pay::checkout_expiry(plan.payment.hold_expires_at.unwrap_or(at), at)
        .and_utc()
        .timestamp();
    let success =
        format!("{base}/payments/return?outcome=success&session_id={{CHECKOUT_SESSION_ID}}");
    let cancel = format!("{base}/r/{token}?done=payment-cancelled");
    let made = web::block(move || {
        stripe.create_checkout(&CheckoutRequest {
            paid_for: crate::payments::PaidFor::Registration(registration_id),
            idempotency_key: &key,
            description: &description,
            unit_amount_cents: unit,
            quantity: seats,
            currency: &pay::CURRENCY.to_ascii_lowercase(),
            customer_email: email.as_deref(),
            lang,
            expires_at,
            success_url: &success,
            cancel_url: &cancel,
        })
    })
    .await?;
    match made {
        Ok(checkout) => {
            let url = checkout.url.clone();
            let kept = write(&state, move |c| {
                Ok(store::record_checkout(
                    c,
                    registration_id,
                    attempt,
                    &checkout.id,
                    &checkout.url,
                    now(),
                )?)
            })
            .await?;
            if kept {
                Ok(redirect(url))
            } else {
                Ok(redirect(format!("/r/{token}")))
            }
        }
        Err(e) => {
            tracing::warn!(registration_id, error = %e, "Stripe did not open a payment page");
            Ok(redirect(format!("/r/{token}?done=payment-unavailable")))
        }
    }
}

/// `POST /r/{token}/more-time`: the hold starts again, once. The first hold's Stripe
/// page is closed first, so only one page can ever be paid.
pub async fn more_time(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> AppResult<HttpResponse> {
    let (token, plan) = held(&state, &req, &form.csrf_token, token.into_inner()).await?;
    if let Some(id) = plan.payment.checkout_id.clone() {
        let stripe = stripe(&state)?;
        let closed = web::block(move || stripe.expire_checkout(&id)).await?;
        if let Err(e) = closed {
            tracing::warn!(registration_id = plan.registration.id, error = %e, "could not close a Stripe page");
            return Ok(redirect(format!("/r/{token}?done=payment-unavailable")));
        }
    }
    let hold = pay::hold(state.settings.payment_hold_minutes);
    let t = token.clone();
    write(&state, move |c| Ok(store::extend_hold(c, &t, hold, now())?)).await?;
    Ok(redirect(format!("/r/{token}?done=more-time")))
}

#[derive(Deserialize)]
pub struct ReturnQuery {
    #[serde(default)]
    session_id: String,
    #[serde(default)]
    outcome: String,
}

#[derive(Serialize)]
struct ReturnView {
    /// `paid`, `pending`, `expired`, `refunding`.
    state: String,
    title: String,
    when: String,
    amount: String,
    held_until: Option<String>,
    session_url: String,
}

/// `GET /payments/return?session_id=cs_…`: where Stripe sends the person back. Shows the
/// true state: when Stripe's event has not arrived yet, Stripe is asked (and what it
/// says is applied like its event would be). Shows no personal data and no link: the
/// manage link is in the person's email.
pub async fn back_from_stripe(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: crate::web::i18n::Lang,
    q: web::Query<ReturnQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    // Typed by hand, or Stripe's placeholder was not filled: nothing to show here.
    if q.session_id.is_empty() {
        return Ok(redirect("/"));
    }
    if q.session_id.len() > 255 {
        return Err(AppError::NotFound);
    }
    let id = q.session_id.clone();
    let found = read(&state, move |c| Ok(store::payment_by_checkout(c, &id)?)).await?;
    let Some((mut p, _)) = found else {
        return Err(AppError::NotFound);
    };
    if p.status == pay::PayStatus::Pending
        && q.outcome == "success"
        && let Some(stripe) = state.stripe.clone()
    {
        let id = q.session_id.clone();
        if let Ok(Ok(s)) = web::block(move || stripe.retrieve_checkout(&id)).await
            && s.status == CheckoutStatus::Complete
            && s.paid
        {
            let ev = StripeEvent {
                id: format!("return:{}", s.id),
                kind: StripeEvent::COMPLETED.to_owned(),
                checkout: Some(pay::CheckoutObject {
                    id: s.id.clone(),
                    registration_id: s.registration_id.or(Some(p.registration_id)),
                    invoice_id: None,
                    payment_intent: s.payment_intent.clone(),
                    paid: true,
                    amount_total: s.amount_total,
                }),
            };
            let rid = p.registration_id;
            p = write(&state, move |c| {
                store::apply_stripe_event(c, &ev, now())?;
                Ok(store::payment_of(c, rid)?.expect("exists"))
            })
            .await?;
        }
    }
    let sid = p.session_id;
    let session = read(&state, move |c| crate::store::sessions::find_public(c, sid)).await?;
    let at = now();
    let state_name = match p.status {
        pay::PayStatus::Paid => "paid",
        pay::PayStatus::Pending if p.hold_expires_at.is_some_and(|t| at < t) => "pending",
        pay::PayStatus::RefundDue | pay::PayStatus::Refunded => "refunding",
        _ => "expired",
    };
    let view = ReturnView {
        state: state_name.to_owned(),
        title: session.session.title.clone(),
        when: time::range_long(session.session.starts_at, session.session.ends_at, lang),
        amount: pay::money(p.amount_cents, lang),
        held_until: p
            .hold_expires_at
            .filter(|_| state_name == "pending")
            .map(|t| time::datetime_long(t, lang)),
        session_url: format!("/sessions/{sid}"),
    };
    let title = state
        .i18n
        .t(lang, &format!("pay-return-title-{state_name}"));
    let mut page = render(
        &req,
        &state,
        lang,
        "registration/payment_return.html",
        title,
        &view,
    )?;
    page.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(page)
}

/// Stripe retries for days; a signature this old is refused (Stripe's own tolerance).
const SIGNATURE_TOLERANCE: i64 = 300;

/// `POST /webhooks/stripe`: verifies the signature on the raw body, applies the event
/// once, answers at once (emails are the outbox's job). Answers 400 to a forged or
/// unreadable body (Stripe shows it in its dashboard), 200 to anything signed,
/// including events about nothing we know.
pub async fn webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let secret = state.settings.stripe_webhook_secret.expose();
    if secret.is_empty() {
        return Ok(HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE)
            .json(serde_json::json!({"error": "stripe webhooks are not configured"})));
    }
    let header = req
        .headers()
        .get("Stripe-Signature")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let Ok(text) = std::str::from_utf8(&body) else {
        return Ok(bad_webhook("body is not UTF-8"));
    };
    let at = chrono::Utc::now().timestamp();
    if !crate::domain::webhooks::verify(secret, header, text, at, SIGNATURE_TOLERANCE) {
        return Ok(bad_webhook("signature does not match"));
    }
    let Some(ev) = StripeEvent::parse(text) else {
        return Ok(bad_webhook("not a Stripe event"));
    };
    let kind = ev.kind.clone();
    let id = ev.id.clone();
    // An invoice of a workshop request (issue 17) rather than a registration's seats.
    if ev.checkout.as_ref().is_some_and(|c| c.invoice_id.is_some()) {
        let effect = write(&state, move |c| {
            crate::store::requests::apply_invoice_event(c, &ev, now())
        })
        .await?;
        tracing::info!(event = %id, kind = %kind, ?effect, "Stripe event (invoice)");
        let name = match effect {
            crate::store::requests::InvoiceEffect::Paid => "paid",
            crate::store::requests::InvoiceEffect::Duplicate => "duplicate",
            crate::store::requests::InvoiceEffect::Ignored => "ignored",
        };
        return Ok(HttpResponse::Ok().json(serde_json::json!({"received": true, "effect": name})));
    }
    let effect = write(&state, move |c| {
        Ok(store::apply_stripe_event(c, &ev, now())?)
    })
    .await?;
    tracing::info!(event = %id, kind = %kind, ?effect, "Stripe event");
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "received": true,
        "effect": effect_name(effect),
    })))
}

fn bad_webhook(why: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(serde_json::json!({ "error": why }))
}

fn effect_name(e: EventEffect) -> &'static str {
    match e {
        EventEffect::Paid => "paid",
        EventEffect::PaidLateConfirmed => "paid_late_confirmed",
        EventEffect::PaidLateWaitlisted => "paid_late_waitlisted",
        EventEffect::Refunding => "refunding",
        EventEffect::Released => "released",
        EventEffect::Duplicate => "duplicate",
        EventEffect::Unknown => "unknown",
        EventEffect::Ignored => "ignored",
    }
}
