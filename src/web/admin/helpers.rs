//! A session's volunteer helpers in the back office (issue 17): how many it asks for
//! and has, each helper (name, phone, email, status), adding someone who phoned
//! (confirmed at once; with an email they get their link and invite), cancelling a
//! shift, and the door's « présent » tick. The organisation's staff and the regional
//! administrator; the tick also the session's trainers (`store::helpers::staff`).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, Empty, Form, Staff, StaffPage, see_other};
use crate::db::now;
use crate::domain::helpers::{RawHelper, ShiftStatus};
use crate::error::FieldError;
use crate::store;
use crate::store::helpers::staff::Helpers;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult, AppState, read_as, render, write_as};

/// The add form as posted (and shown again after an error).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AddForm {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub language: String,
    pub consent: String,
}

#[derive(Debug, Serialize)]
struct HelperRow {
    id: i64,
    name: String,
    phone: String,
    email: String,
    status: String,
    status_label: String,
    by_staff: bool,
    live: bool,
}

#[derive(Debug, Serialize)]
struct PageView {
    chrome: Chrome,
    id: i64,
    event_id: i64,
    title: String,
    when: String,
    wanted: i32,
    confirmed: i32,
    left: i32,
    task: String,
    rows: Vec<HelperRow>,
    can_add: bool,
    values: AddForm,
    errors: BTreeMap<String, String>,
}

fn rows(state: &AppState, lang: Lang, h: &Helpers) -> Vec<HelperRow> {
    h.shifts
        .iter()
        .map(|s| HelperRow {
            id: s.id,
            name: s
                .name
                .clone()
                .unwrap_or_else(|| state.i18n.t(lang, "helpers-admin-erased")),
            phone: s.phone.clone().unwrap_or_default(),
            email: s.email.clone().unwrap_or_default(),
            status: s.status.to_string(),
            status_label: state.i18n.t(
                lang,
                &format!("helpers-status-{}", s.status.as_str().replace('_', "-")),
            ),
            by_staff: s.entered_by_user_id.is_some(),
            live: s.status.is_live(),
        })
        .collect()
}

async fn page(
    state: &AppState,
    req: &actix_web::HttpRequest,
    lang: Lang,
    who: &Staff,
    id: i64,
    values: AddForm,
    errors: &[FieldError],
) -> AppResult<HttpResponse> {
    let h = read_as(state, &who.access, move |conn, access| {
        store::helpers::staff::helpers(conn, access, id)
    })
    .await?;
    let s = &h.session;
    let view = PageView {
        chrome: Chrome::new(req, state, lang, who),
        id,
        event_id: s.event_id,
        title: s.title.clone(),
        when: crate::domain::time::range_long(s.starts_at, s.ends_at, lang),
        wanted: h.need.wanted,
        confirmed: h.need.confirmed,
        left: h.need.left(),
        task: h.need.task.clone(),
        rows: rows(state, lang, &h),
        can_add: s.status != crate::domain::session::SessionStatus::Cancelled && s.ends_at > now(),
        values,
        errors: errors
            .iter()
            .map(|e| (e.field.clone(), state.i18n.msg(lang, &e.msg)))
            .collect(),
    };
    let title = format!(
        "{} — {}",
        state.i18n.t(lang, "helpers-admin-title"),
        view.title
    );
    let mut res = render(req, state, lang, "admin/helpers.html", title, &view)?;
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// `GET /admin/sessions/{id}/helpers`
pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    page(
        &state,
        &req,
        lang,
        &who,
        id.into_inner(),
        AddForm::default(),
        &[],
    )
    .await
}

fn url(id: i64) -> String {
    format!("/admin/sessions/{id}/helpers")
}

/// `POST /admin/sessions/{id}/helpers`: adds someone who phoned.
pub async fn add(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    Form(f): Form<AddForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let raw = RawHelper {
        name: f.name.clone(),
        email: f.email.clone(),
        phone: f.phone.clone(),
        consent: !f.consent.is_empty(),
    };
    let helper_lang = Lang::parse(&f.language).unwrap_or(lang);
    let done = write_as(&state, &who.access, move |conn, access| {
        store::helpers::staff::add(conn, access, id, &raw, helper_lang, now())
    })
    .await;
    match done {
        Ok(_) => Ok(see_other(&url(id), "helper-added")),
        Err(AppError::Validation(errors)) => page(&state, &req, lang, &who, id, f, &errors).await,
        Err(e) => Err(e),
    }
}

/// `POST /admin/sessions/{id}/helpers/{shift_id}/cancel`
pub async fn cancel(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, shift) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::helpers::staff::cancel(conn, access, id, shift, now())
    })
    .await?;
    Ok(see_other(&url(id), "helper-cancelled"))
}

#[derive(Debug, Deserialize)]
pub struct PresentForm {
    /// `1`: there; anything else undoes the tick.
    #[serde(default)]
    present: String,
}

/// `POST /admin/sessions/{id}/door/helpers/{shift_id}/present`: the door's tick.
pub async fn present(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(f): Form<PresentForm>,
) -> AppResult<HttpResponse> {
    let (id, shift) = path.into_inner();
    let present = f.present == "1";
    write_as(&state, &who.access, move |conn, access| {
        store::helpers::staff::set_present(conn, access, id, shift, present)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/sessions/{id}/door"),
        if present {
            "helper-present"
        } else {
            "helper-present-undone"
        },
    ))
}

/// A confirmed helper as the door shows them.
#[derive(Debug, Serialize)]
pub struct DoorHelper {
    pub id: i64,
    pub name: String,
    pub present: bool,
}

/// The confirmed helpers of a session for its door page.
pub fn at_the_door(shifts: &[crate::db::models::HelperShift]) -> Vec<DoorHelper> {
    let mut out: Vec<DoorHelper> = shifts
        .iter()
        .filter(|s| s.status == ShiftStatus::Confirmed)
        .map(|s| DoorHelper {
            id: s.id,
            name: s.name.clone().unwrap_or_default(),
            present: s.attended == Some(true),
        })
        .collect();
    out.sort_by_key(|h| h.name.to_lowercase());
    out
}
