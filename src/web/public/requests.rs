//! « Demander un atelier » (issue 17, part 2): a community group, a small business or a
//! residence asks the region's team for a workshop or a pre-diagnosis, without an
//! account and without JavaScript. The form is protected like the others (CSRF, a
//! honeypot field, a limit per client address); a valid request is stored and its
//! link emailed (the page says the same whatever the address). The link's page is the
//! requester's: its `GET` changes nothing (mail scanners open links); its buttons
//! confirm the request, pick a proposed date, or withdraw it; it shows the status, the
//! scheduled workshop and the invoice.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, term_choices};
use crate::db::now;
use crate::domain::payment::money;
use crate::domain::request::{FIELDS, NewRequest, RawRequest, RequestState};
use crate::domain::time;
use crate::error::{FieldError, Msg};
use crate::store::requests::{self as store, Choices, Detail};
use crate::web::admin::{Empty, Form};
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult, AppState, read, redirect, render, write};

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct RequestForm {
    #[serde(flatten)]
    raw: RawRequestFields,
    consent: Option<String>,
    /// Honeypot: hidden from people, filled by robots.
    #[serde(default)]
    website: String,
}

/// The text fields of the form (everything but the consent box and the honeypot).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawRequestFields {
    service: String,
    topic: String,
    audience: String,
    details: String,
    municipality: String,
    at: String,
    place: String,
    periods: String,
    people: String,
    group: String,
    group_kind: String,
    name: String,
    email: String,
    phone: String,
}

impl RequestForm {
    fn raw(self) -> RawRequest {
        let f = self.raw;
        RawRequest {
            service: f.service,
            topic: f.topic,
            audience: f.audience,
            details: f.details,
            municipality: f.municipality,
            at: f.at,
            place: f.place,
            periods: f.periods,
            people: f.people,
            group: f.group,
            group_kind: f.group_kind,
            name: f.name,
            email: f.email,
            phone: f.phone,
            consent: self.consent.is_some(),
        }
    }
}

#[derive(Serialize)]
struct FormView {
    municipalities: Vec<Choice>,
    audiences: Vec<Choice>,
    topics: Vec<Choice>,
    form: RawRequest,
    errors: BTreeMap<String, String>,
    error_list: Vec<super::ErrorLink>,
}

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    form: RawRequest,
    fields: Vec<FieldError>,
) -> AppResult<HttpResponse> {
    let c: Choices = read(state, store::choices).await?;
    let (errors, error_list) = super::field_messages(&state.i18n, lang, &FIELDS, "req", &fields);
    let view = FormView {
        municipalities: c
            .municipalities
            .iter()
            .map(|m| Choice {
                id: m.id.to_string(),
                label: m.name.clone(),
            })
            .collect(),
        audiences: term_choices(&c.audiences, lang),
        topics: term_choices(&c.topics, lang),
        form,
        errors,
        error_list,
    };
    let mut title = state.i18n.t(lang, "req-title");
    if !fields.is_empty() {
        title = state
            .i18n
            .tr(lang, "reg-title-error", &[("title", title.into())]);
    }
    let mut page = render(req, state, lang, "public/request_new.html", title, &view)?;
    if !fields.is_empty() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

/// `GET /requests/new`: the form (or, when no MRC has a coordinator, says so).
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    form_page(&state, &req, lang, RawRequest::default(), Vec::new()).await
}

/// `POST /requests/new`: stores a valid request and emails its link; the answer is
/// the same whatever the address. Nothing is stored on an error.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    Form(form): Form<RequestForm>,
) -> AppResult<HttpResponse> {
    if !form.website.is_empty() {
        return Err(AppError::bad_request("reg-error-robot"));
    }
    state.registration_limiter.check(&req)?;
    let raw = form.raw();
    let request = match NewRequest::parse(&raw, lang) {
        Ok(r) => r,
        Err(fields) => return form_page(&state, &req, lang, raw, fields).await,
    };
    match write(&state, move |c| store::submit(c, &request, now())).await {
        Ok(()) => {
            let title = state.i18n.t(lang, "req-sent-title");
            render(&req, &state, lang, "public/request_sent.html", title, &())
        }
        Err(AppError::Validation(fields)) => form_page(&state, &req, lang, raw, fields).await,
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct SlotView {
    id: i64,
    when: String,
    chosen: bool,
}

#[derive(Serialize)]
struct StatusView {
    token: String,
    state: String,
    state_key: &'static str,
    unconfirmed: bool,
    can_pick: bool,
    can_withdraw: bool,
    group: String,
    service: String,
    topic: String,
    municipality: String,
    place: String,
    periods: String,
    people: i32,
    details: String,
    slots: Vec<SlotView>,
    refusal_reason: String,
    session_title: String,
    session_when: String,
    session_trainers: String,
    session_url: Option<String>,
    invoice_number: String,
    invoice_total: String,
    invoice_due: String,
    invoice_paid: String,
    /// The invoice can be paid online now (Stripe is set up, it is unpaid).
    can_pay: bool,
    /// Back from Stripe's page: the payment is on its way.
    returned_paid: bool,
    error: String,
}

fn status_view(
    state: &AppState,
    lang: Lang,
    token: String,
    d: &Detail,
    error: String,
) -> StatusView {
    let r = &d.request;
    let s = d.session.as_ref();
    let i = d.invoice.as_ref();
    let day = |t: chrono::NaiveDateTime| time::date_long(time::local(t).date_naive(), lang);
    StatusView {
        token,
        state: state
            .i18n
            .t(lang, &format!("req-state-{}", r.state.as_str())),
        state_key: r.state.as_str(),
        unconfirmed: r.state == RequestState::Unconfirmed,
        can_pick: matches!(
            r.state,
            RequestState::DatesProposed | RequestState::DateChosen
        ),
        can_withdraw: r.state.is_open() || r.state == RequestState::Unconfirmed,
        group: r.group_name.clone(),
        service: state
            .i18n
            .t(lang, &format!("req-service-{}", r.service.as_str())),
        topic: d
            .topic
            .as_ref()
            .map(|t| t.name(lang).to_owned())
            .unwrap_or_default(),
        municipality: d.municipality.clone(),
        place: r.place.clone(),
        periods: r.periods.clone(),
        people: r.people,
        details: r.details.clone(),
        slots: d
            .slots
            .iter()
            .map(|s| SlotView {
                id: s.id,
                when: time::range_long(s.starts_at, s.ends_at, lang),
                chosen: s.chosen_at.is_some(),
            })
            .collect(),
        refusal_reason: r.refusal_reason.clone().unwrap_or_default(),
        session_title: s.map(|s| s.title.clone()).unwrap_or_default(),
        session_when: s
            .map(|s| time::range_long(s.starts_at, s.ends_at, lang))
            .unwrap_or_default(),
        session_trainers: s.map(|s| s.trainers.join(", ")).unwrap_or_default(),
        session_url: s
            .filter(|s| s.published)
            .map(|s| format!("/sessions/{}", s.id)),
        invoice_number: i.map(|i| i.number.clone()).unwrap_or_default(),
        invoice_total: i.map(|i| money(i.total_cents, lang)).unwrap_or_default(),
        invoice_due: i.map(|i| day(i.due_at)).unwrap_or_default(),
        invoice_paid: i.and_then(|i| i.paid_at).map(day).unwrap_or_default(),
        can_pay: state.stripe.is_some() && i.is_some_and(|i| i.paid_at.is_none()),
        returned_paid: false,
        error,
    }
}

/// The answer to a link that does not (or no longer) work: 404, saying why.
fn gone(state: &AppState, req: &HttpRequest, lang: Lang) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, "req-gone-title");
    let mut page = render(req, state, lang, "public/request_gone.html", title, &())?;
    *page.status_mut() = StatusCode::NOT_FOUND;
    Ok(page)
}

/// The requester's page; `error` says why a button did nothing (409).
async fn status_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    token: String,
    error: Option<Msg>,
) -> AppResult<HttpResponse> {
    let t = token.clone();
    let d = match read(state, move |c| store::status(c, &t, now())).await {
        Ok(d) => d,
        Err(AppError::NotFound) => return gone(state, req, lang),
        Err(e) => return Err(e),
    };
    let failed = error.is_some();
    let error = error.map(|m| state.i18n.msg(lang, &m)).unwrap_or_default();
    let mut view = status_view(state, lang, token, &d, error);
    view.returned_paid = req.query_string().split('&').any(|p| p == "done=paid");
    let title = state.i18n.tr(
        lang,
        "req-status-title",
        &[("group", view.group.as_str().into())],
    );
    let mut page = render(req, state, lang, "public/request_show.html", title, &view)?;
    if failed {
        *page.status_mut() = StatusCode::CONFLICT;
    }
    Ok(page)
}

/// `GET /requests/{token}`: the request, its status and what the requester may do.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    status_page(&state, &req, lang, token.into_inner(), None).await
}

/// Runs a requester's button, then back to their page (which says what changed); a
/// state that forbids it is said on the page.
async fn act(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    token: String,
    f: impl FnOnce(&mut crate::db::DbConnection, &str) -> crate::store::Result<()> + Send + 'static,
) -> AppResult<HttpResponse> {
    let t = token.clone();
    match write(state, move |c| f(c, &t)).await {
        Ok(()) => Ok(redirect(format!("/requests/{token}"))),
        Err(AppError::NotFound) => gone(state, req, lang),
        Err(AppError::Conflict(m)) => status_page(state, req, lang, token, Some(m)).await,
        Err(AppError::Validation(mut fields)) => {
            let m = fields
                .pop()
                .map(|f| f.msg)
                .unwrap_or_else(|| Msg::new("error-malformed"));
            status_page(state, req, lang, token, Some(m)).await
        }
        Err(e) => Err(e),
    }
}

/// `POST /requests/{token}/confirm`: sends the request to the coordinators.
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    act(&state, &req, lang, token.into_inner(), |c, t| {
        store::confirm(c, t, now())
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct PickForm {
    #[serde(default)]
    slot: String,
}

/// `POST /requests/{token}/pick`: picks one of the proposed dates.
pub async fn pick(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(f): Form<PickForm>,
) -> AppResult<HttpResponse> {
    let slot = f.slot.trim().parse::<i64>().unwrap_or(0);
    act(&state, &req, lang, token.into_inner(), move |c, t| {
        store::pick(c, t, slot, now())
    })
    .await
}

/// `POST /requests/{token}/withdraw`: withdraws a request nobody has decided yet.
pub async fn withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    act(&state, &req, lang, token.into_inner(), |c, t| {
        store::withdraw(c, t, now())
    })
    .await
}

/// `GET /requests/{token}/invoice.pdf`: the request's invoice.
pub async fn invoice(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let data = match read(&state, move |c| store::invoice_by_token(c, &token, now())).await {
        Ok(d) => d,
        Err(AppError::NotFound) => return gone(&state, &req, lang),
        Err(e) => return Err(e),
    };
    let file = crate::mail::requests::invoice_file_name(&data, &state.i18n, lang);
    let doc = crate::mail::requests::invoice_doc(&data, &state.i18n, lang);
    crate::web::pdf_download(&file, move || crate::invoice::render(&doc)).await
}

/// `POST /requests/{token}/pay`: to Stripe's page for the invoice (when online payment
/// is set up); Stripe's event marks it paid. Back to the request's page when Stripe
/// cannot be reached, saying so.
pub async fn pay(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let Some(stripe) = state.stripe.clone() else {
        return status_page(&state, &req, lang, token, Some(Msg::new("pay-online-off"))).await;
    };
    let t = token.clone();
    let (inv, r) = match read(&state, move |c| store::invoice_to_pay(c, &t, now())).await {
        Ok(found) => found,
        Err(AppError::NotFound) => return gone(&state, &req, lang),
        Err(AppError::Conflict(m)) => return status_page(&state, &req, lang, token, Some(m)).await,
        Err(e) => return Err(e),
    };
    let lang = Lang::parse(&r.language).unwrap_or(lang);
    let base = state.base_url().to_owned();
    let description = state.i18n.tr(
        lang,
        "invoice-document-title",
        &[("number", inv.number.as_str().into())],
    );
    let success = format!("{base}/requests/{token}?done=paid");
    let cancel = format!("{base}/requests/{token}");
    // One page per invoice and hour: a second click within it gets the same page.
    let key = format!("invoice-{}-{}", inv.id, now().and_utc().timestamp() / 3600);
    let expires_at = (now() + chrono::Duration::hours(1)).and_utc().timestamp();
    let email = r.email.clone();
    let (invoice_id, amount) = (inv.id, i64::from(inv.total_cents));
    let made = web::block(move || {
        stripe.create_checkout(&crate::payments::CheckoutRequest {
            paid_for: crate::payments::PaidFor::Invoice(invoice_id),
            idempotency_key: &key,
            description: &description,
            unit_amount_cents: amount,
            quantity: 1,
            currency: &crate::domain::payment::CURRENCY.to_ascii_lowercase(),
            customer_email: email.as_deref(),
            lang,
            expires_at,
            success_url: &success,
            cancel_url: &cancel,
        })
    })
    .await
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("{e}")))?;
    match made {
        Ok(checkout) => {
            let (id, url) = (checkout.id.clone(), checkout.url.clone());
            write(&state, move |c| {
                store::record_invoice_checkout(c, invoice_id, &id)
            })
            .await?;
            Ok(redirect(url))
        }
        Err(e) => {
            tracing::warn!(invoice_id, error = %e, "Stripe did not open a payment page");
            status_page(
                &state,
                &req,
                lang,
                token,
                Some(Msg::new("req-pay-unavailable")),
            )
            .await
        }
    }
}
