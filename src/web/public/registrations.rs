//! Registration pages, all usable without JavaScript: the form's `POST` from the session
//! page, and the manage pages behind `/r/{token}` (see, change seats, cancel with a
//! confirm step, accept an offer, download or delete my data). A `GET` never changes
//! anything (mail scanners open links); every `POST` checks the CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::db::{DbConnection, now};
use crate::domain::registration::{Source, Status};
use crate::domain::time;
use crate::error::Error;
use crate::store::registrations::{self as store, Outcome, RegisterOptions, RegistrationDetails};
use crate::store::sessions::find_public;
use crate::web::i18n::Lang;
use crate::web::registration::{RawInput, choose_lang, parse_input, replay_key, status_message};
use crate::web::subscribe::FeedLinks;
use crate::web::views::SessionCard;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, csrf, read, redirect, render, write};

/// The registration form as posted (every field text, as browsers send it).
#[derive(Debug, Default, Deserialize)]
pub struct RegistrationForm {
    #[serde(default)]
    pub csrf_token: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub language: String,
    pub consent: Option<String>,
    /// Honeypot: hidden from people, filled by robots.
    #[serde(default)]
    pub website: String,
    /// The form's one-time token: a retried post (same browser, same input) gets the
    /// first answer back.
    #[serde(default)]
    pub submission: String,
    /// A paid session: `online` or `on_site`.
    #[serde(default)]
    pub pay: String,
    /// A paid session: the audience id of a reduced price, empty for the full price.
    #[serde(default)]
    pub rate: String,
}

/// The form page shown again with the person's input and a message per field.
#[derive(Serialize)]
struct FormPage {
    card: SessionCard,
    max_seats: i32,
    form: RawInput,
    errors: std::collections::BTreeMap<String, String>,
    /// The same messages in the order of the form, each with the id of the field it
    /// links to (`None` when there is nothing to fix by hand), for the error summary.
    error_list: Vec<ErrorLink>,
    /// A state that refused the registration (full, closed…), said above the form.
    conflict: Option<String>,
    /// The one-time token of the post, kept for the next one.
    submission: Option<String>,
    /// A paid session's choices (rate, way to pay), with what the person chose.
    payment: super::payments::PayChoices,
}

#[derive(Serialize)]
struct ErrorLink {
    anchor: Option<&'static str>,
    message: String,
}

/// The form's fields in the order a person reads them, with the element each error links to.
const FIELD_ORDER: [(&str, Option<&str>); 10] = [
    ("name", Some("reg-name")),
    ("email", Some("reg-email")),
    ("phone", Some("reg-phone")),
    ("seats", Some("reg-seats")),
    ("rate", Some("reg-rate-0")),
    ("pay", Some("reg-pay-first")),
    ("needs", Some("reg-needs")),
    ("language", Some("reg-lang-fr")),
    ("consent", Some("reg-consent")),
    ("website", None),
];

fn error_list(
    fields: &[crate::error::FieldError],
    tr: impl Fn(&crate::error::Msg) -> String,
) -> Vec<ErrorLink> {
    let rank = |f: &str| {
        FIELD_ORDER
            .iter()
            .position(|(n, _)| *n == f)
            .unwrap_or(FIELD_ORDER.len())
    };
    let mut sorted: Vec<&crate::error::FieldError> = fields.iter().collect();
    sorted.sort_by_key(|f| rank(&f.field));
    sorted
        .into_iter()
        .map(|f| ErrorLink {
            anchor: FIELD_ORDER
                .iter()
                .find(|(n, _)| *n == f.field)
                .and_then(|(_, a)| *a),
            message: tr(&f.msg),
        })
        .collect()
}

/// The form page again, with the person's input, field messages or a refusal.
#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session_id: i64,
    raw: RawInput,
    submission: Option<String>,
    fields: Vec<crate::error::FieldError>,
    conflict: Option<crate::error::Msg>,
    chosen: (String, String),
) -> AppResult<HttpResponse> {
    let status = if conflict.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let ctx = super::payments::PayContext::of(state);
    let (d, mut payment) = read(state, move |c| {
        let d = find_public(c, session_id)?;
        let p = super::payments::choices(c, &ctx, &d.session, lang)?;
        Ok((d, p))
    })
    .await?;
    (payment.chosen_pay, payment.chosen_rate) = chosen;
    let tr = |m: &crate::error::Msg| state.i18n.msg(lang, m);
    let view = FormPage {
        card: SessionCard::new(&state.i18n, lang, &d, now()),
        max_seats: d.session.max_seats,
        errors: fields
            .iter()
            .map(|f| (f.field.clone(), tr(&f.msg)))
            .collect(),
        error_list: error_list(&fields, tr),
        conflict: conflict.as_ref().map(tr),
        form: raw,
        submission,
        payment,
    };
    // Screen readers announce the title first: say at once that something needs fixing.
    let title = state.i18n.tr(
        lang,
        "reg-title-error",
        &[("title", FluentValue::from(view.card.title.as_str()))],
    );
    let mut page = render(req, state, lang, "registration/new.html", title, &view)?;
    *page.status_mut() = status;
    Ok(page)
}

/// `POST /sessions/{id}/register`. A new registration goes to its manage page. The same
/// person again gets only « already registered, the link was emailed »: never the
/// link. A retry of the same post (same one-time token, same browser, same input) goes
/// to the manage page as the first answer did.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i64>,
    form: web::Form<RegistrationForm>,
) -> AppResult<HttpResponse> {
    let session_id = id.into_inner();
    csrf::verify(&req, &form.csrf_token)?;
    if !form.website.is_empty() {
        return Err(AppError::bad_request("reg-error-robot"));
    }
    state.registration_limiter.check(&req)?;
    let raw = RawInput {
        name: form.name.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        seats: form.seats.clone(),
        needs: form.needs.clone(),
        language: form.language.clone(),
        consent: form.consent.is_some(),
    };
    // The token is ours only if it looks like one; the CSRF field matched the cookie.
    let submission =
        Some(form.submission.clone()).filter(|t| crate::domain::token::looks_like_token(t));
    let lang = choose_lang(&req, &raw.language).unwrap_or_else(|| Lang::of_request(&req));
    let new = match parse_input(&raw, Source::Web, None, lang) {
        Ok(n) => n,
        Err(crate::error::Error::Invalid(fields)) => {
            return form_page(
                &state,
                &req,
                lang,
                session_id,
                raw,
                submission,
                fields,
                None,
                (form.pay.clone(), form.rate.clone()),
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    };
    let (pay_method, rate_audience) = super::payments::parse_choice(&form.pay, &form.rate);
    let opts = RegisterOptions {
        replay_key: submission
            .as_deref()
            .map(|t| replay_key(session_id, &format!("form\n{}\n{t}", form.csrf_token), &new)),
        link_on_repeat: false,
        pay_method,
        rate_audience,
        online_payments: state.stripe.is_some(),
        hold_minutes: state.settings.payment_hold_minutes,
    };
    let done = crate::web::register_public(&state, session_id, new, opts).await;
    let (fields, conflict) = match done {
        Ok(d) => return registered(&state, &req, lang, d),
        Err(AppError::Validation(fields)) => (fields, None),
        Err(AppError::Conflict(msg)) => (Vec::new(), Some(msg)),
        Err(e) => return Err(e),
    };
    form_page(
        &state,
        &req,
        lang,
        session_id,
        raw,
        submission,
        fields,
        conflict,
        (form.pay.clone(), form.rate.clone()),
    )
    .await
}

/// The answer to a registration the engine took: its manage page, or only « the link
/// was emailed » to someone who knows this person's email.
fn registered(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    done: crate::store::registrations::Registered,
) -> AppResult<HttpResponse> {
    match (done.outcome, done.manage_token) {
        (Outcome::Created | Outcome::Replayed, Some(token)) => {
            Ok(redirect(format!("/r/{token}?done=registered")))
        }
        // Someone who knows this person's email must not get their link: say it was sent.
        _ => {
            let title = state.i18n.t(lang, "reg-resent-title");
            render(req, state, lang, "registration/resent.html", title, &())
        }
    }
}

/// What the manage pages show.
#[derive(Serialize)]
struct ManageView {
    token: String,
    card: SessionCard,
    session_url: String,
    status: String,
    status_label: String,
    waitlist_position: Option<i32>,
    seats: i32,
    seat_choices: Vec<i32>,
    can_change: bool,
    offered: bool,
    cancelled: bool,
    name: String,
    email: String,
    phone: String,
    needs: String,
    check_in_code: String,
    done: Option<String>,
    /// The person's own feed (`/r/{token}/calendar.ics`).
    #[serde(flatten)]
    feed: FeedLinks,
    /// What it costs and where the money stands (`None`: free).
    payment: Option<super::payments::PaymentBox>,
    /// The organisation's no-show policy put it on the waitlist (the page says why).
    no_show_hold: bool,
}

impl ManageView {
    /// `token`: the link the person opened (any of their links).
    fn new(
        state: &AppState,
        lang: Lang,
        d: &RegistrationDetails,
        token: &str,
        done: Option<&str>,
    ) -> Self {
        let r = &d.registration;
        let status = r.status;
        let max = d.session.session.max_seats.max(1);
        let feed = format!("{}/r/{token}/calendar.ics", state.base_url());
        ManageView {
            feed: FeedLinks::new(feed, lang),
            token: token.to_owned(),
            card: SessionCard::new(&state.i18n, lang, &d.session, now()),
            session_url: format!("/sessions/{}", r.session_id),
            status: r.status.to_string(),
            status_label: status_message(&state.i18n, lang, r, d.waitlist_position),
            waitlist_position: d.waitlist_position,
            seats: r.seats,
            seat_choices: (1..=max.max(r.seats)).collect(),
            can_change: status.is_open(),
            offered: status == Status::Offered,
            cancelled: status == Status::Cancelled,
            name: r.name.clone().unwrap_or_default(),
            email: r.email.clone().unwrap_or_default(),
            phone: r.phone.clone().unwrap_or_default(),
            needs: r.needs.clone().unwrap_or_default(),
            check_in_code: r.check_in_code.clone(),
            done: done
                // Seats held for a payment: not confirmed yet, so not « done ».
                .filter(|d| !(*d == "registered" && status == Status::PendingPayment))
                .filter(|d| ["registered", "cancelled", "seats", "accepted"].contains(d))
                .map(|d| state.i18n.t(lang, &format!("reg-done-{d}")))
                .or_else(|| {
                    done.filter(|d| {
                        ["payment-cancelled", "payment-unavailable", "more-time"].contains(d)
                    })
                    .or(done.filter(|d| *d == "registered"))
                    .map(|d| state.i18n.t(lang, &format!("pay-done-{d}")))
                }),
            payment: None,
            no_show_hold: false,
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: String,
    template: &str,
    done: Option<String>,
) -> AppResult<HttpResponse> {
    let t = token.clone();
    let (d, payment) = read(&state, move |c| {
        let d = store::find_by_token(c, &t)?;
        let p = super::payments::payment_box(c, &d.registration, &d.session.session, lang, now())?;
        let held = crate::store::outcomes::held(c, d.registration.id)?;
        Ok((d, (p, held)))
    })
    .await?;
    let (payment, no_show_hold) = payment;
    let mut view = ManageView::new(&state, lang, &d, &token, done.as_deref());
    view.payment = payment;
    view.no_show_hold = no_show_hold;
    let title = state.i18n.t(lang, "reg-manage-title");
    render(&req, &state, lang, template, title, &view)
}

/// `GET /r/{token}`: where my registration stands, with what I can do.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    q: web::Query<DoneQuery>,
) -> AppResult<HttpResponse> {
    let done = q.into_inner().done;
    page(
        state,
        req,
        lang,
        token.into_inner(),
        "registration/show.html",
        done,
    )
    .await
}

/// `GET /r/{token}/cancel`: asks for confirmation (changes nothing).
pub async fn cancel_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    page(
        state,
        req,
        lang,
        token.into_inner(),
        "registration/cancel.html",
        None,
    )
    .await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

/// A change the person makes on their manage page (`POST /r/{token}/…`): the CSRF
/// field checked first, then the engine's act, then back to the page saying it is done.
async fn change<T: Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    csrf_token: &str,
    token: String,
    done: &str,
    act: impl FnOnce(&mut DbConnection, &str) -> crate::store::Result<T> + Send + 'static,
) -> AppResult<HttpResponse> {
    csrf::verify(req, csrf_token)?;
    let t = token.clone();
    write(state, move |c| act(c, &t)).await?;
    Ok(redirect(format!("/r/{token}?done={done}")))
}

/// `POST /r/{token}/cancel`.
pub async fn cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    change(
        &state,
        &req,
        &form.csrf_token,
        token,
        "cancelled",
        |c, t| Ok(store::cancel(c, t, now())?),
    )
    .await
}

#[derive(Deserialize)]
pub struct SeatsForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    seats: String,
}

/// `POST /r/{token}/seats`: fewer seats always, more when free.
pub async fn seats(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    form: web::Form<SeatsForm>,
) -> AppResult<HttpResponse> {
    let seats = crate::domain::registration::Seats::parse(&form.seats).map(|s| s.get());
    let token = token.into_inner();
    change(
        &state,
        &req,
        &form.csrf_token,
        token,
        "seats",
        move |c, t| {
            let seats = seats.ok_or_else(|| Error::field("seats", "reg-error-seats"))?;
            Ok(store::change_seats(c, t, seats, now())?)
        },
    )
    .await
}

/// `POST /r/{token}/accept`: takes the offered seats.
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    change(&state, &req, &form.csrf_token, token, "accepted", |c, t| {
        Ok(store::accept_offer(c, t, now())?)
    })
    .await
}

/// What we hold about a person for one registration, as they download it (Law 25
/// access right): the registration, the emails written to them about it, what staff
/// recorded about it.
#[derive(Serialize)]
struct Export {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    needs: Option<String>,
    language: String,
    seats: i32,
    status: String,
    waitlist_position: Option<i32>,
    source: String,
    check_in_code: String,
    checked_in_at: Option<String>,
    session: String,
    session_starts_at: String,
    organisation: String,
    registered_at: String,
    consent_at: Option<String>,
    updated_at: String,
    cancelled_at: Option<String>,
    /// Manage links issued besides the first (one per email that carried one).
    links_issued: i64,
    messages: Vec<ExportMessage>,
    history: Vec<ExportEvent>,
    /// The survey after the session, if answered; « Je veux un accompagnement », if asked.
    survey: Option<super::after::ExportSurvey>,
    follow_up_request: Option<super::after::ExportFollowUp>,
}

#[derive(Serialize)]
struct ExportMessage {
    kind: String,
    recipient: String,
    status: String,
    queued_at: String,
    sent_at: Option<String>,
}

#[derive(Serialize)]
struct ExportEvent {
    action: String,
    at: String,
}

/// `GET /r/{token}/data.json`: my data, as a file.
pub async fn export(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let (p, (answer, request)) = read(&state, move |c| {
        let p = store::personal_data(c, &token)?;
        let id = p.details.registration.id;
        let answer = crate::store::outcomes::survey::of(c, id)?;
        let request = crate::store::outcomes::requests::of(c, id)?;
        Ok((p, (answer, request)))
    })
    .await?;
    let d = &p.details;
    let r = &d.registration;
    let body = Export {
        name: r.name.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        needs: r.needs.clone(),
        language: r.language.clone(),
        seats: r.seats,
        status: r.status.to_string(),
        waitlist_position: d.waitlist_position,
        source: r.source.to_string(),
        check_in_code: r.check_in_code.clone(),
        checked_in_at: r.checked_in_at.map(time::rfc3339),
        session: d.session.session.title.clone(),
        session_starts_at: time::rfc3339(d.session.session.starts_at),
        organisation: d.session.organisation.name.clone(),
        registered_at: time::rfc3339(r.created_at),
        consent_at: r.consent_at.map(time::rfc3339),
        updated_at: time::rfc3339(r.updated_at),
        cancelled_at: r.cancelled_at.map(time::rfc3339),
        links_issued: p.links_issued,
        messages: p
            .messages
            .iter()
            .map(|m| ExportMessage {
                kind: m.kind.clone(),
                recipient: m.recipient.clone(),
                status: m.status.clone(),
                queued_at: time::rfc3339(m.created_at),
                sent_at: m.sent_at.map(time::rfc3339),
            })
            .collect(),
        history: p
            .history
            .iter()
            .map(|(action, at)| ExportEvent {
                action: action.clone(),
                at: time::rfc3339(*at),
            })
            .collect(),
        survey: answer.map(super::after::ExportSurvey::from),
        follow_up_request: request.map(super::after::ExportFollowUp::from),
    };
    Ok(crate::web::personal_json(
        "babillard-mes-donnees.json",
        &body,
    ))
}

/// `GET /r/{token}/delete`: explains and asks for confirmation.
pub async fn delete_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    page(
        state,
        req,
        lang,
        token.into_inner(),
        "registration/delete.html",
        None,
    )
    .await
}

/// `POST /r/{token}/delete`: cancels if needed and erases the personal data.
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> AppResult<HttpResponse> {
    csrf::verify(&req, &form.csrf_token)?;
    let token = token.into_inner();
    write(&state, move |c| Ok(store::erase(c, &token, now())?)).await?;
    let title = state.i18n.t(lang, "reg-deleted-title");
    render(&req, &state, lang, "registration/deleted.html", title, &())
}

/// `GET /privacy`: what we keep, why, for how long, and the person's rights.
pub async fn privacy(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    #[derive(Serialize)]
    struct View {
        retention_days: u32,
    }
    let title = state.i18n.t(lang, "reg-privacy-title");
    render(
        &req,
        &state,
        lang,
        "registration/privacy.html",
        title,
        &View {
            retention_days: state.settings.retention_days,
        },
    )
}
