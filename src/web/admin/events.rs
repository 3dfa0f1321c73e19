//! An event (programme) in the back office: its texts, days, tracks and sessions.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Chrome, Empty, Form, SessionRow, Staff, StaffPage, see_other, set_published};
use crate::domain::programme::EventInput;
use crate::store;
use crate::store::programme::set_event_published;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read_as, render, write_as};

/// An event's back-office page.
pub fn event_url(id: i64) -> String {
    format!("/admin/events/{id}")
}

#[derive(Debug, Deserialize)]
pub struct EventForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    description: String,
    /// The checkbox « Accepter les propositions du public » (managers only).
    accepts_proposals: Option<String>,
}

impl EventForm {
    fn parse(&self) -> AppResult<EventInput> {
        let mut input = EventInput::parse(&self.title, &self.summary, &self.description)
            .map_err(AppError::Validation)?;
        input.accepts_proposals = self.accepts_proposals.is_some();
        Ok(input)
    }
}

pub async fn create(
    state: web::Data<AppState>,
    who: Staff,
    org: web::Path<i64>,
    Form(f): Form<EventForm>,
) -> AppResult<HttpResponse> {
    let org = org.into_inner();
    let input = f.parse()?;
    let id = write_as(&state, &who.access, move |conn, access| {
        store::programme::create_event(conn, access, org, &input)
    })
    .await?;
    Ok(see_other(&event_url(id), "created"))
}

#[derive(Debug, Serialize)]
struct DayItem {
    day: String,
    title: String,
}

#[derive(Debug, Serialize)]
struct EventView {
    chrome: Chrome,
    id: i64,
    organisation_url: String,
    title: String,
    summary: String,
    description: String,
    published: bool,
    public_url: String,
    accepts_proposals: bool,
    /// Whether this person decides if the programme takes proposals (a manager).
    can_manage: bool,
    days: Vec<DayItem>,
    tracks: Vec<String>,
    sessions: Vec<SessionRow>,
}

pub async fn show(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let e = read_as(&state, &who.access, move |conn, access| {
        store::programme::event_admin(conn, access, id)
    })
    .await?;
    let view = EventView {
        chrome: Chrome::new(&req, &state, lang, &who),
        id,
        organisation_url: format!("/admin/organisations/{}", e.event.organisation_id),
        public_url: format!("/events/{}", e.event.slug),
        published: e.event.status == "published",
        accepts_proposals: e.event.accepts_proposals,
        can_manage: who.access.can_manage(e.event.organisation_id),
        title: e.event.title.clone(),
        summary: e.event.summary.clone(),
        description: e.event.description.clone(),
        days: e
            .days
            .iter()
            .map(|d| DayItem {
                day: chrono::NaiveDate::parse_from_str(&d.day, "%Y-%m-%d")
                    .map(|x| crate::domain::time::date_long(x, lang))
                    .unwrap_or_else(|_| d.day.clone()),
                title: d.title.clone(),
            })
            .collect(),
        tracks: e.tracks.iter().map(|t| t.name.clone()).collect(),
        sessions: e
            .sessions
            .iter()
            .map(|d| SessionRow::new(&state.i18n, lang, d))
            .collect(),
    };
    let title = e.event.title;
    render(&req, &state, lang, "admin/event.html", title, &view)
}

pub async fn update(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<EventForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let input = f.parse()?;
    write_as(&state, &who.access, move |conn, access| {
        store::programme::update_event(conn, access, id, &input)
    })
    .await?;
    Ok(see_other(&event_url(id), "saved"))
}

pub async fn publish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    set_published(
        &state,
        &who,
        *id,
        true,
        set_event_published,
        &event_url(*id),
    )
    .await
}

pub async fn unpublish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    set_published(
        &state,
        &who,
        *id,
        false,
        set_event_published,
        &event_url(*id),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct DayForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    title: String,
}

pub async fn add_day(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<DayForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let day = chrono::NaiveDate::parse_from_str(f.day.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field("day", "admin-error-date"))?;
    write_as(&state, &who.access, move |conn, access| {
        store::programme::add_day(conn, access, id, day, &f.title)
    })
    .await?;
    Ok(see_other(&event_url(id), "saved"))
}

#[derive(Debug, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    name: String,
}

pub async fn add_track(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<TrackForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::programme::add_track(conn, access, id, &f.name)
    })
    .await?;
    Ok(see_other(&event_url(id), "saved"))
}

pub async fn duplicate(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let copy = write_as(&state, &who.access, move |conn, access| {
        store::programme::duplicate_event(conn, access, id)
    })
    .await?;
    Ok(see_other(&event_url(copy), "event-duplicated"))
}

pub async fn delete(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let org = write_as(&state, &who.access, move |conn, access| {
        store::programme::delete_event(conn, access, id)
    })
    .await?;
    Ok(see_other(&format!("/admin/organisations/{org}"), "deleted"))
}
