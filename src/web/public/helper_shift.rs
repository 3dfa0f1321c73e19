//! A helper's manage link `/h/{token}` (issue 17): the shift (session, time, place,
//! task), cancelling it with a confirm step, downloading the data held about it
//! (`data.json`) and erasing it; the personal feed is `web::feeds::helper`. A `GET`
//! never changes anything; every `POST` checks the CSRF token. These pages carry a
//! secret in their address: no cache keeps them, no referrer names them
//! (`web::is_secret_path`).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::helpers::ShiftStatus;
use crate::domain::time;
use crate::store;
use crate::store::helpers::ShiftDetails;
use crate::web::admin::{Empty, Form};
use crate::web::i18n::Lang;
use crate::web::public::helpers::NeedView;
use crate::web::subscribe::FeedLinks;
use crate::web::views::SessionCard;
use crate::web::{AppResult, AppState, read, redirect, render, write};

#[derive(Debug, Serialize)]
struct ShiftView {
    token: String,
    card: SessionCard,
    starts: String,
    need: NeedView,
    session_url: String,
    name: String,
    email: String,
    phone: String,
    status: String,
    status_label: String,
    confirmed: bool,
    cancelled: bool,
    done: Option<String>,
    /// The helper's own feed (`/h/{token}/calendar.ics`).
    #[serde(flatten)]
    feed: FeedLinks,
}

impl ShiftView {
    fn new(
        state: &AppState,
        lang: Lang,
        d: &ShiftDetails,
        token: &str,
        done: Option<&str>,
    ) -> Self {
        let s = &d.shift;
        let feed = format!("{}/h/{token}/calendar.ics", state.base_url());
        ShiftView {
            token: token.to_owned(),
            card: SessionCard::new(&state.i18n, lang, &d.session, now()),
            starts: time::datetime_long(d.session.session.starts_at, lang),
            need: NeedView::new(state, lang, &d.need),
            session_url: format!("/sessions/{}", s.session_id),
            name: s.name.clone().unwrap_or_default(),
            email: s.email.clone().unwrap_or_default(),
            phone: s.phone.clone().unwrap_or_default(),
            status: s.status.to_string(),
            status_label: state.i18n.t(
                lang,
                &format!("helpers-status-{}", s.status.as_str().replace('_', "-")),
            ),
            confirmed: s.status == ShiftStatus::Confirmed,
            cancelled: s.status == ShiftStatus::Cancelled,
            done: done
                .filter(|d| ["confirmed", "cancelled"].contains(d))
                .map(|d| state.i18n.t(lang, &format!("helpers-done-{d}"))),
            feed: FeedLinks::new(feed, lang),
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    token: String,
    template: &str,
    done: Option<String>,
) -> AppResult<HttpResponse> {
    let t = token.clone();
    let d = read(state, move |c| store::helpers::by_token(c, &t)).await?;
    let view = ShiftView::new(state, lang, &d, &token, done.as_deref());
    let title = state.i18n.t(lang, "helpers-manage-title");
    render(req, state, lang, template, title, &view)
}

/// `GET /h/{token}`: my shift, with what I can do.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    q: web::Query<DoneQuery>,
) -> AppResult<HttpResponse> {
    let done = q.into_inner().done;
    page(
        &state,
        &req,
        lang,
        token.into_inner(),
        "public/helper_shift.html",
        done,
    )
    .await
}

/// `GET /h/{token}/cancel`: asks for confirmation (changes nothing).
pub async fn cancel_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    page(
        &state,
        &req,
        lang,
        token.into_inner(),
        "public/helper_cancel.html",
        None,
    )
    .await
}

/// `POST /h/{token}/cancel`: the place is freed and the invite removed.
pub async fn cancel(
    state: web::Data<AppState>,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    write(&state, move |c| {
        store::helpers::public::cancel(c, &t, now())
    })
    .await?;
    Ok(redirect(format!("/h/{token}?done=cancelled")))
}

/// What we hold about a helper for one shift, as they download it (Law 25).
#[derive(Serialize)]
struct Export {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    language: String,
    status: String,
    task: String,
    session: String,
    session_starts_at: String,
    organisation: String,
    signed_up_at: String,
    consent_at: Option<String>,
    confirmed_at: Option<String>,
    cancelled_at: Option<String>,
    reminded_at: Option<String>,
    entered_by_staff: bool,
    present: Option<bool>,
    messages: Vec<ExportMessage>,
}

#[derive(Serialize)]
struct ExportMessage {
    kind: String,
    recipient: String,
    status: String,
    queued_at: String,
    sent_at: Option<String>,
}

/// `GET /h/{token}/data.json`: my data, as a file.
pub async fn export(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let p = read(&state, move |c| {
        store::helpers::public::personal_data(c, &token)
    })
    .await?;
    let d = &p.details;
    let s = &d.shift;
    let body = Export {
        name: s.name.clone(),
        email: s.email.clone(),
        phone: s.phone.clone(),
        language: s.language.clone(),
        status: s.status.to_string(),
        task: d.need.task.clone(),
        session: d.session.session.title.clone(),
        session_starts_at: time::rfc3339(d.session.session.starts_at),
        organisation: d.session.organisation.name.clone(),
        signed_up_at: time::rfc3339(s.created_at),
        consent_at: s.consent_at.map(time::rfc3339),
        confirmed_at: s.confirmed_at.map(time::rfc3339),
        cancelled_at: s.cancelled_at.map(time::rfc3339),
        reminded_at: s.reminded_at.map(time::rfc3339),
        entered_by_staff: s.entered_by_user_id.is_some(),
        present: s.attended,
        messages: p
            .messages
            .iter()
            .map(|(kind, recipient, status, queued, sent)| ExportMessage {
                kind: kind.clone(),
                recipient: recipient.clone(),
                status: status.clone(),
                queued_at: time::rfc3339(*queued),
                sent_at: sent.map(time::rfc3339),
            })
            .collect(),
    };
    Ok(crate::web::personal_json(
        "babillard-mes-donnees-benevole.json",
        &body,
    ))
}

/// `GET /h/{token}/delete`: explains and asks for confirmation.
pub async fn delete_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    page(
        &state,
        &req,
        lang,
        token.into_inner(),
        "public/helper_delete.html",
        None,
    )
    .await
}

/// `POST /h/{token}/delete`: cancels if needed and erases the personal data.
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    write(&state, move |c| {
        store::helpers::public::erase(c, &token, now())
    })
    .await?;
    let title = state.i18n.t(lang, "helpers-deleted-title");
    render(&req, &state, lang, "public/helper_deleted.html", title, &())
}
