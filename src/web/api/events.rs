//! `GET /api/v1/events/{slug}`: a programme with its days, tracks and sessions.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::views::SessionJson;
use crate::web::{AppState, read};

#[derive(Debug, Serialize, ToSchema)]
pub struct EventDayJson {
    /// `YYYY-MM-DD`, Québec day.
    pub day: String,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackJson {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventJson {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub url: String,
    pub organisation: String,
    pub days: Vec<EventDayJson>,
    pub tracks: Vec<TrackJson>,
    pub sessions: Vec<SessionJson>,
}

/// A published event (programme) and all its public sessions.
#[utoipa::path(
    get,
    path = "/api/v1/events/{slug}",
    tag = "events",
    params(("slug" = String, Path, description = "Event slug")),
    responses(
        (status = 200, description = "The event", body = EventJson),
        (status = 404, description = "No such published event", body = super::ErrorJson),
    )
)]
pub async fn show(state: web::Data<AppState>, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let slug = slug.into_inner();
    let p = read(&state, move |conn| store::events::programme(conn, &slug)).await?;
    let base = &state.settings.base_url;
    let now = now();
    Ok(HttpResponse::Ok().json(EventJson {
        url: format!("{base}/events/{}", p.event.slug),
        slug: p.event.slug,
        title: p.event.title,
        summary: p.event.summary,
        description: p.event.description,
        organisation: p.organisation.slug,
        days: p
            .days
            .into_iter()
            .map(|d| EventDayJson {
                day: d.day,
                title: d.title,
            })
            .collect(),
        tracks: p
            .tracks
            .into_iter()
            .map(|t| TrackJson {
                slug: t.slug,
                name: t.name,
            })
            .collect(),
        sessions: p
            .sessions
            .iter()
            .map(|d| SessionJson::new(base, d, now))
            .collect(),
    }))
}
