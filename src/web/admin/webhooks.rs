//! Webhooks in the back office (issue 12, item 10): a manager registers an address of
//! a partner's system and the events it wants, sees the secret that signs every
//! delivery, each delivery's state, and sends one again. Handlers parse, call one
//! `store::webhooks` function, render; the store checks who may.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, Empty, Form, Staff, StaffPage, see_other};
use crate::db::models::WebhookDelivery;
use crate::domain::webhooks::{DeliveryState, WebhookEvent, WebhookInput, stored_events};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::store::webhooks::WebhookChange;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult, AppState, read_as, render, write_as};

/// Deliveries shown on an endpoint's page, newest first.
const SHOWN_DELIVERIES: i64 = 30;

/// The registration form, as sent (and shown again with its errors).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookForm {
    organisation_id: String,
    url: String,
    events: Vec<String>,
    include_personal: String,
}

/// The change form of one endpoint.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    events: Vec<String>,
    include_personal: String,
    active: String,
}

#[derive(Debug, Serialize)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    url: String,
    organisation: String,
    events: String,
    personal: bool,
    active: bool,
    pending: i64,
    failed: i64,
    show_url: String,
}

#[derive(Debug, Serialize)]
struct ErrorLink {
    field: String,
    message: String,
}

#[derive(Debug, Serialize)]
struct ListView {
    chrome: Chrome,
    rows: Vec<Row>,
    organisations: Vec<Opt>,
    events: Vec<Opt>,
    values: WebhookForm,
    errors: BTreeMap<String, String>,
    error_list: Vec<ErrorLink>,
}

fn event_label(state: &AppState, lang: Lang, e: WebhookEvent) -> String {
    state.i18n.t(
        lang,
        &format!("webhooks-event-{}", e.as_str().replace('.', "-")),
    )
}

fn event_opts(state: &AppState, lang: Lang, chosen: &[String]) -> Vec<Opt> {
    WebhookEvent::ALL
        .iter()
        .map(|e| Opt {
            value: e.as_str().to_owned(),
            label: event_label(state, lang, *e),
            selected: chosen.iter().any(|c| c == e.as_str()),
        })
        .collect()
}

/// Field errors as the page shows them: beside each field, and linked from a summary.
fn error_views(
    state: &AppState,
    lang: Lang,
    errors: &[FieldError],
) -> (BTreeMap<String, String>, Vec<ErrorLink>) {
    let mut map = BTreeMap::new();
    let mut list = Vec::new();
    for e in errors {
        let message = state.i18n.msg(lang, &e.msg);
        if !map.contains_key(&e.field) {
            map.insert(e.field.clone(), message.clone());
            list.push(ErrorLink {
                field: e.field.clone(),
                message,
            });
        }
    }
    (map, list)
}

async fn list_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    who: &Staff,
    values: WebhookForm,
    errors: &[FieldError],
) -> AppResult<HttpResponse> {
    let (listed, orgs) = read_as(state, &who.access, |conn, access| {
        Ok((
            store::webhooks::list(conn, access)?,
            store::webhooks::organisations_managed(conn, access)?,
        ))
    })
    .await?;
    let rows = listed
        .into_iter()
        .map(|l| Row {
            events: stored_events(&l.webhook.events)
                .into_iter()
                .map(|e| event_label(state, lang, e))
                .collect::<Vec<_>>()
                .join(", "),
            url: l.webhook.url,
            organisation: l.organisation,
            personal: l.webhook.include_personal,
            active: l.webhook.active,
            pending: l.pending,
            failed: l.failed,
            show_url: format!("/admin/webhooks/{}", l.webhook.id),
        })
        .collect();
    let only_one = orgs.len() == 1;
    let organisations = orgs
        .into_iter()
        .map(|(id, name)| Opt {
            selected: only_one || values.organisation_id == id.to_string(),
            value: id.to_string(),
            label: name,
        })
        .collect();
    let (errors_map, error_list) = error_views(state, lang, errors);
    let view = ListView {
        chrome: Chrome::new(req, state, lang, who),
        rows,
        organisations,
        events: event_opts(state, lang, &values.events),
        values,
        errors: errors_map,
        error_list,
    };
    let title = state.i18n.t(lang, "webhooks-title");
    let mut res = render(req, state, lang, "admin/webhooks.html", title, &view)?;
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// `GET /admin/webhooks`
pub async fn list(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    list_page(&req, &state, lang, &who, WebhookForm::default(), &[]).await
}

/// `POST /admin/webhooks`: registers an endpoint, then shows it (with its secret).
pub async fn create(
    StaffPage(state, req, lang, who): StaffPage,
    Form(f): Form<WebhookForm>,
) -> AppResult<HttpResponse> {
    let input = match WebhookInput::parse(
        &f.organisation_id,
        &f.url,
        &f.events,
        !f.include_personal.is_empty(),
    ) {
        Ok(i) => i,
        Err(errors) => return list_page(&req, &state, lang, &who, f, &errors).await,
    };
    let result = write_as(&state, &who.access, move |conn, access| {
        store::webhooks::create(conn, access, &input)
    })
    .await;
    match result {
        Ok(id) => Ok(see_other(&webhook_url(id), "webhook-created")),
        Err(AppError::Validation(errors)) => list_page(&req, &state, lang, &who, f, &errors).await,
        Err(e) => Err(e),
    }
}

fn webhook_url(id: i64) -> String {
    format!("/admin/webhooks/{id}")
}

#[derive(Debug, Serialize)]
struct DeliveryRow {
    id: i64,
    event: String,
    state: &'static str,
    state_label: String,
    attempts: i32,
    created: String,
    /// When it is due again (pending), or when it was delivered.
    when: String,
    last_status: Option<i32>,
    last_error: String,
    replay_action: String,
}

#[derive(Debug, Serialize)]
struct ShowView {
    chrome: Chrome,
    id: i64,
    url: String,
    organisation: String,
    secret: String,
    created: String,
    active: bool,
    include_personal: bool,
    events: Vec<Opt>,
    deliveries: Vec<DeliveryRow>,
    errors: BTreeMap<String, String>,
    error_list: Vec<ErrorLink>,
}

fn delivery_row(state: &AppState, lang: Lang, webhook_id: i64, d: WebhookDelivery) -> DeliveryRow {
    let when = match d.state {
        DeliveryState::Pending => Some(d.next_attempt_at),
        DeliveryState::Delivered => d.delivered_at,
        DeliveryState::Failed => None,
    };
    DeliveryRow {
        id: d.id,
        event: event_label(state, lang, d.event),
        state: d.state.as_str(),
        state_label: state
            .i18n
            .t(lang, &format!("webhooks-state-{}", d.state.as_str())),
        attempts: d.attempts,
        created: crate::domain::time::datetime_long(d.created_at, lang),
        when: when
            .map(|t| crate::domain::time::datetime_long(t, lang))
            .unwrap_or_default(),
        last_status: d.last_status,
        last_error: d.last_error.unwrap_or_default(),
        replay_action: format!("/admin/webhooks/{webhook_id}/deliveries/{}/replay", d.id),
    }
}

async fn show_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    who: &Staff,
    id: i64,
    change: Option<(&ChangeForm, &[FieldError])>,
) -> AppResult<HttpResponse> {
    let shown = read_as(state, &who.access, move |conn, access| {
        store::webhooks::show(conn, access, id, SHOWN_DELIVERIES)
    })
    .await?;
    let w = shown.webhook;
    let none: &[FieldError] = &[];
    let (chosen, personal, active, errors) = match change {
        Some((f, errors)) => (
            f.events.clone(),
            !f.include_personal.is_empty(),
            !f.active.is_empty(),
            errors,
        ),
        None => (
            stored_events(&w.events)
                .iter()
                .map(|e| e.as_str().to_owned())
                .collect(),
            w.include_personal,
            w.active,
            none,
        ),
    };
    let (errors_map, error_list) = error_views(state, lang, errors);
    let view = ShowView {
        chrome: Chrome::new(req, state, lang, who),
        id,
        url: w.url.clone(),
        organisation: shown.organisation,
        secret: w.secret,
        created: crate::domain::time::datetime_long(w.created_at, lang),
        active,
        include_personal: personal,
        events: event_opts(state, lang, &chosen),
        deliveries: shown
            .deliveries
            .into_iter()
            .map(|d| delivery_row(state, lang, id, d))
            .collect(),
        errors: errors_map,
        error_list,
    };
    let title = state.i18n.t(lang, "webhooks-one-title");
    let mut res = render(req, state, lang, "admin/webhook.html", title, &view)?;
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// `GET /admin/webhooks/{id}`
pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    show_page(&req, &state, lang, &who, id.into_inner(), None).await
}

/// `POST /admin/webhooks/{id}`: events, personal data, on or off.
pub async fn update(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    Form(f): Form<ChangeForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let events = match crate::domain::webhooks::parse_events(&f.events) {
        Ok(e) => e,
        Err(key) => {
            let errors: &[FieldError] = &[FieldError::new("events", Msg::new(key))];
            return show_page(&req, &state, lang, &who, id, Some((&f, errors))).await;
        }
    };
    let change = WebhookChange {
        events,
        include_personal: !f.include_personal.is_empty(),
        active: !f.active.is_empty(),
    };
    write_as(&state, &who.access, move |conn, access| {
        store::webhooks::update(conn, access, id, &change)
    })
    .await?;
    Ok(see_other(&webhook_url(id), "saved"))
}

/// `POST /admin/webhooks/{id}/delete`
pub async fn delete(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::webhooks::delete(conn, access, id)
    })
    .await?;
    Ok(see_other("/admin/webhooks", "webhook-deleted"))
}

/// `POST /admin/webhooks/{id}/deliveries/{delivery_id}/replay`: due again at once.
pub async fn replay(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, delivery) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::webhooks::replay(conn, access, id, delivery)
    })
    .await?;
    Ok(see_other(&webhook_url(id), "webhook-replayed"))
}
