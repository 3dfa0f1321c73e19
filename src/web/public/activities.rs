//! « Mes activités »: a person types their address and gets, by email, the link to all
//! their registrations with the calendar that gathers them. The page answers the same
//! whatever the address (nothing is learned from it); posts are limited per client
//! address like the registration form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::registration::{Email, Status};
use crate::store;
use crate::web::i18n::Lang;
use crate::web::registration::status_message;
use crate::web::subscribe::FeedLinks;
use crate::web::views::SessionCard;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, csrf, read, render, write};

#[derive(Serialize, Default)]
struct AskView {
    email: String,
    error: Option<String>,
}

/// `GET /my-activities`: the address form.
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, "act-title");
    render(
        &req,
        &state,
        lang,
        "activities/ask.html",
        title,
        &AskView::default(),
    )
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    /// Honeypot: hidden from people, filled by robots.
    #[serde(default)]
    website: String,
}

/// `POST /my-activities`: emails the link when the address has registrations, and says
/// the same in every case.
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    form: web::Form<AskForm>,
) -> AppResult<HttpResponse> {
    csrf::verify(&req, &form.csrf_token)?;
    if !form.website.is_empty() {
        return Err(AppError::bad_request("reg-error-robot"));
    }
    state.registration_limiter.check(&req)?;
    let typed = form.email.trim();
    let Some(email) = Email::parse(typed) else {
        let key = if typed.is_empty() {
            "reg-error-email-required"
        } else {
            "reg-error-email"
        };
        let view = AskView {
            email: typed.chars().take(254).collect(),
            error: Some(state.i18n.t(lang, key)),
        };
        let title = state.i18n.tr(
            lang,
            "reg-title-error",
            &[("title", state.i18n.t(lang, "act-title").into())],
        );
        let mut page = render(&req, &state, lang, "activities/ask.html", title, &view)?;
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page);
    };
    write(&state, move |c| {
        Ok(store::activities::request_link(c, &email, lang, now())?)
    })
    .await?;
    let title = state.i18n.t(lang, "act-sent-title");
    render(&req, &state, lang, "activities/sent.html", title, &())
}

#[derive(Serialize)]
struct EntryView {
    title: String,
    content_lang: Option<&'static str>,
    url: String,
    when: String,
    place: String,
    status: String,
}

#[derive(Serialize)]
struct ShowView {
    entries: Vec<EntryView>,
    #[serde(flatten)]
    feed: FeedLinks,
}

/// `GET /my-activities/{token}`: the person's registrations and their calendar.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let keep = crate::web::feeds::keep(&state);
    let t = token.clone();
    let found = read(&state, move |c| {
        store::activities::of_token(c, &t, now(), keep, true)?.ok_or(crate::store::Error::NotFound)
    })
    .await?;
    let at = now();
    let entries = found
        .iter()
        .map(|(r, d)| {
            let card = SessionCard::new(&state.i18n, lang, d, at);
            EntryView {
                // The waitlist position is on the registration's own page.
                status: if r.status == Status::Waitlisted {
                    state.i18n.t(lang, "act-status-waitlisted")
                } else {
                    status_message(&state.i18n, lang, r, None)
                },
                title: card.title,
                content_lang: card.content_lang,
                url: format!("/sessions/{}", d.session.id),
                when: card.when,
                place: card.place,
            }
        })
        .collect();
    let feed = format!("{}/my-activities/{token}/calendar.ics", state.base_url());
    let view = ShowView {
        entries,
        feed: FeedLinks::new(feed, lang),
    };
    let title = state.i18n.t(lang, "act-title");
    let mut page = render(&req, &state, lang, "activities/show.html", title, &view)?;
    // A person's registrations: not for shared caches, nor for the browser's history.
    page.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(page)
}
