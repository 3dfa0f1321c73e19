//! « Demandes d'accompagnement »: the requests people made after a workshop
//! (`/r/{token}/follow-up`), as tasks for the staff of the organisation that gave it
//! (every organisation's for the regional administrator): who, which workshop, how to
//! reach them, their message, and a « Fait » button (CSRF, audit entry).

use actix_web::{HttpResponse, web};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use super::{Chrome, Empty, Form, Staff, StaffPage, see_other};
use crate::db::now;
use crate::domain::outcome::{Contact, NoShowPolicy, parse_policy};
use crate::domain::time;
use crate::store::outcomes::requests;
use crate::web::{AppError, AppResult, AppState, read_as, render, write_as};

#[derive(Debug, Serialize)]
struct TaskView {
    id: i64,
    name: String,
    session: String,
    session_url: String,
    when: String,
    /// The preferred way first, then the other one if known.
    contact: String,
    other_contact: Option<String>,
    message: String,
    asked: String,
    done: Option<String>,
    done_label: String,
}

#[derive(Debug, Serialize)]
struct FollowUpsView {
    chrome: Chrome,
    open: Vec<TaskView>,
    closed: Vec<TaskView>,
    open_title: String,
}

/// `GET /admin/follow-ups`
pub async fn list(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let tasks = read_as(&state, &who.access, requests::tasks).await?;
    let i18n = &state.i18n;
    let date = |t| FluentValue::from(time::datetime_long(t, lang));
    let by_email = |e: &str| {
        i18n.tr(
            lang,
            "admin-follow-ups-by-email",
            &[("email", FluentValue::from(e.to_owned()))],
        )
    };
    let by_phone = |p: &str| {
        i18n.tr(
            lang,
            "admin-follow-ups-by-phone",
            &[("phone", FluentValue::from(p.to_owned()))],
        )
    };
    let (mut open, mut closed) = (Vec::new(), Vec::new());
    for t in tasks {
        let email = t.email.as_deref().map(by_email);
        let phone = t.phone.as_deref().map(by_phone);
        let (contact, other_contact) = match t.contact {
            Contact::Email => (email, phone),
            Contact::Phone => (phone, email),
        };
        let name = if t.name.is_empty() {
            "—".to_owned()
        } else {
            t.name
        };
        let view = TaskView {
            id: t.id,
            done_label: i18n.tr(
                lang,
                "admin-follow-ups-mark-done-label",
                &[("name", FluentValue::from(name.clone()))],
            ),
            name,
            session: t.session_title,
            session_url: format!("/admin/sessions/{}/registrations", t.session_id),
            when: time::datetime_long(t.session_starts_at, lang),
            contact: contact.unwrap_or_default(),
            other_contact,
            message: t.message,
            asked: i18n.tr(
                lang,
                "admin-follow-ups-asked",
                &[("date", date(t.created_at))],
            ),
            done: t
                .done_at
                .map(|d| i18n.tr(lang, "admin-follow-ups-done-on", &[("date", date(d))])),
        };
        if view.done.is_some() {
            closed.push(view);
        } else {
            open.push(view);
        }
    }
    let view = FollowUpsView {
        chrome: Chrome::new(&req, &state, lang, &who),
        open_title: i18n.tr(
            lang,
            "admin-follow-ups-open",
            &[("count", FluentValue::from(open.len()))],
        ),
        open,
        closed,
    };
    let title = i18n.t(lang, "admin-follow-ups-title");
    render(&req, &state, lang, "admin/follow_ups.html", title, &view)
}

/// `POST /admin/follow-ups/{id}/done`: « Fait ».
pub async fn done(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        requests::mark_done(conn, access, id, now())
    })
    .await?;
    Ok(see_other("/admin/follow-ups", "follow-up-done"))
}

/// The no-show policy as the organisation's form shows it (limit empty: off).
#[derive(Debug, Serialize)]
pub struct NoShowValues {
    limit: String,
    days: i32,
}

impl From<NoShowPolicy> for NoShowValues {
    fn from(p: NoShowPolicy) -> Self {
        NoShowValues {
            limit: p.limit.map(|n| n.to_string()).unwrap_or_default(),
            days: p.days,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NoShowForm {
    #[serde(default)]
    no_show_limit: String,
    #[serde(default)]
    no_show_days: String,
}

/// `POST /admin/organisations/{id}/no-shows`: a manager sets « Après N absences en J
/// jours, les nouvelles inscriptions passent d'abord par la liste d'attente ».
pub async fn no_show_policy(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<NoShowForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let policy = parse_policy(&f.no_show_limit, &f.no_show_days).map_err(AppError::Validation)?;
    write_as(&state, &who.access, move |conn, access| {
        crate::store::outcomes::policy::set(conn, access, id, policy)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/organisations/{id}"),
        "no-show-policy",
    ))
}
