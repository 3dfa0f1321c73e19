//! `/admin`: what is coming up in one's organisations; a trainer's own schedule; the
//! audit log.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, SessionRow, Staff, StaffPage, chosen};
use crate::db::now;
use crate::store;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read, read_as, redirect, render, write};

#[derive(Debug, Serialize)]
struct OrgLink {
    name: String,
    url: String,
}

/// An event to add a session or a series to.
#[derive(Debug, Serialize)]
struct EventChoice {
    id: i64,
    label: String,
}

#[derive(Debug, Serialize)]
struct DashboardView {
    chrome: Chrome,
    organisations: Vec<OrgLink>,
    /// Where « Nouvelle séance » can go: straight to the form when there is one
    /// event, a choice first when there are several.
    new_in: Vec<EventChoice>,
    sessions: Vec<SessionRow>,
    can_audit: bool,
    /// Refunds Stripe has not made yet in one's organisations, and how many failed.
    refunds_waiting: usize,
    refunds_failing: usize,
}

/// `/admin`: the dashboard, or the sign-in page for someone not signed in (the one
/// back-office address people type).
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: super::MaybeStaff,
) -> AppResult<HttpResponse> {
    let Some(who) = who.0.map(Staff) else {
        return Ok(redirect("/admin/sign-in"));
    };
    super::second_factor_gate(&req, &who)?;
    let (orgs, upcoming, events, refunds) = read_as(&state, &who.access, move |conn, access| {
        let orgs = store::members::organisations_for(conn, access)?;
        let events = store::programme::events_for_new_sessions(conn, access)?;
        let (upcoming, refunds) = if access.is_admin || !access.memberships.is_empty() {
            (
                store::programme::upcoming(conn, access.organisations(), now(), 30)?,
                store::payments_admin::refunds_waiting(conn, access)?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        Ok((orgs, upcoming, events, refunds))
    })
    .await?;
    let several_orgs = events
        .iter()
        .any(|(_, _, org)| events.first().is_some_and(|(_, _, first)| first != org));
    let view = DashboardView {
        chrome: Chrome::new(&req, &state, lang, &who),
        organisations: orgs
            .into_iter()
            .map(|o| OrgLink {
                url: format!("/admin/organisations/{}", o.id),
                name: o.name,
            })
            .collect(),
        new_in: events
            .into_iter()
            .map(|(id, title, org)| EventChoice {
                id,
                label: if several_orgs {
                    format!("{title} — {org}")
                } else {
                    title
                },
            })
            .collect(),
        sessions: upcoming
            .iter()
            .map(|d| SessionRow::new(&state.i18n, lang, d))
            .collect(),
        can_audit: who.access.is_admin || !managed(&who).is_empty(),
        refunds_waiting: refunds.len(),
        refunds_failing: refunds
            .iter()
            .filter(|r| r.payment.refund_error.is_some())
            .count(),
    };
    let title = state.i18n.t(lang, "admin-dashboard-title");
    render(&req, &state, lang, "admin/dashboard.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    event: String,
    #[serde(default)]
    what: String,
}

/// `GET /admin/new?event=…&what=session|series`: the dashboard's « Nouvelle séance »
/// and « Nouvelle série » once an event is chosen (a plain form, no script needed).
pub async fn new_in_event(req: HttpRequest, _who: Staff) -> AppResult<HttpResponse> {
    let q: NewQuery = crate::web::parse_query(&req)?;
    let event: i64 = chosen(&q.event, "event")?;
    let page = match q.what.as_str() {
        "series" => "series",
        "session" | "" => "sessions",
        _ => return Err(AppError::field("what", "admin-error-choice")),
    };
    // The form itself checks that this person may add to that event.
    Ok(redirect(format!("/admin/events/{event}/{page}/new")))
}

#[derive(Debug, Serialize)]
struct ScheduleView {
    chrome: Chrome,
    trainer: String,
    /// Only right after the trainer asked for a new link: it is not kept in clear, so
    /// it cannot be shown again.
    feed_url: Option<String>,
    webcal_url: Option<String>,
    sessions: Vec<SessionRow>,
}

/// A trainer's upcoming sessions across organisations, with their personal feed.
pub async fn trainer_schedule(
    StaffPage(state, req, lang, who): StaffPage,
) -> AppResult<HttpResponse> {
    schedule_page(StaffPage(state, req, lang, who), None).await
}

/// `POST /admin/me/schedule/feed`: a new link to the trainer's calendar feed, shown
/// once on the page it answers with (the previous link stops working).
pub async fn trainer_feed_link(
    StaffPage(state, req, lang, who): StaffPage,
    super::Form(_): super::Form<super::Empty>,
) -> AppResult<HttpResponse> {
    let Some(trainer_id) = who.access.trainer_id else {
        return Err(AppError::Forbidden);
    };
    let token = write(&state, move |conn| {
        Ok(store::trainers::new_feed_link(conn, trainer_id)?)
    })
    .await?;
    let mut page = schedule_page(StaffPage(state, req, lang, who), Some(token)).await?;
    page.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(page)
}

async fn schedule_page(
    StaffPage(state, req, lang, who): StaffPage,
    token: Option<String>,
) -> AppResult<HttpResponse> {
    let Some(trainer_id) = who.access.trainer_id else {
        return Err(AppError::Forbidden);
    };
    let (trainer, sessions) = read(&state, move |conn| {
        store::trainers::schedule(conn, trainer_id, now())
    })
    .await?;
    let base = state.base_url();
    let feed_url = token.map(|t| format!("{base}/trainers/{t}/calendar.ics"));
    let view = ScheduleView {
        chrome: Chrome::new(&req, &state, lang, &who),
        trainer: trainer.name.clone(),
        webcal_url: feed_url.as_deref().map(crate::web::subscribe::webcal),
        feed_url,
        sessions: sessions
            .iter()
            .map(|d| SessionRow::new(&state.i18n, lang, d))
            .collect(),
    };
    let title = state.i18n.t(lang, "admin-schedule-title");
    render(&req, &state, lang, "admin/schedule.html", title, &view)
}

#[derive(Debug, Serialize)]
struct AuditRow {
    when: String,
    who: String,
    action: String,
    entity: String,
    detail: String,
}

#[derive(Debug, Serialize)]
struct AuditView {
    chrome: Chrome,
    entries: Vec<AuditRow>,
}

/// The organisations this person manages (whose audit log they may read).
fn managed(who: &Staff) -> Vec<i64> {
    who.access
        .memberships
        .iter()
        .filter(|(_, r)| *r == crate::domain::access::Role::Manager)
        .map(|(o, _)| *o)
        .collect()
}

/// An audit log word (`check_in`, `registration`) in the reader's language; a word
/// without a translation is shown as stored rather than hidden.
fn audit_words(state: &AppState, lang: Lang, prefix: &str, word: &str) -> String {
    let id = format!("{prefix}{}", word.replace('_', "-"));
    let text = state.i18n.t(lang, &id);
    if text == id { word.to_owned() } else { text }
}

/// The audit log: everything for administrators, their organisations' for managers.
pub async fn audit(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let orgs: Option<Vec<i64>> = if who.access.is_admin {
        None
    } else {
        let managed = managed(&who);
        if managed.is_empty() {
            return Err(AppError::Forbidden);
        }
        Some(managed)
    };
    let entries = read(&state, move |conn| {
        Ok(store::audit::latest(conn, orgs.as_deref(), 200)?)
    })
    .await?;
    let view = AuditView {
        chrome: Chrome::new(&req, &state, lang, &who),
        entries: entries
            .into_iter()
            .map(|e| AuditRow {
                when: crate::domain::time::datetime_long(e.created_at, lang),
                who: e.who.unwrap_or_default(),
                action: audit_words(&state, lang, "admin-audit-do-", &e.action),
                entity: {
                    let what = audit_words(&state, lang, "admin-audit-on-", &e.entity);
                    match e.entity_id {
                        Some(id) => state.i18n.tr(
                            lang,
                            "admin-audit-entity",
                            &[
                                ("what", what.as_str().into()),
                                ("id", id.to_string().into()),
                            ],
                        ),
                        None => what,
                    }
                },
                detail: e.detail,
            })
            .collect(),
    };
    let title = state.i18n.t(lang, "admin-audit-title");
    render(&req, &state, lang, "admin/audit.html", title, &view)
}
