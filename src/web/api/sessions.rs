//! `GET /api/v1/sessions` and `GET /api/v1/sessions/{id}`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::views::{SessionJson, page_count};
use crate::web::{AppState, parse_filter, read};

/// Filters of the session list and of `/calendar.ics`. Values are slugs; a key may be
/// repeated (`audience=aines&audience=jeunes` means either), keys combine with AND.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query, style = Form)]
#[allow(dead_code)]
pub struct SessionFilterParams {
    /// Region slug, e.g. `laurentides`.
    region: Option<Vec<String>>,
    /// MRC slug, e.g. `argenteuil`.
    mrc: Option<Vec<String>>,
    /// Municipality slug, e.g. `lachute`.
    municipality: Option<Vec<String>>,
    /// With `municipality`: also the municipalities within this many kilometres of it
    /// (10, 20, 30 or 50), from the centroids the region's data carries.
    around: Option<u32>,
    /// Organisation slug.
    org: Option<Vec<String>>,
    /// Audience slug, e.g. `aines`.
    audience: Option<Vec<String>>,
    /// Topic slug, e.g. `cybersecurite`.
    topic: Option<Vec<String>>,
    /// Kind slug, e.g. `atelier-pratique`.
    kind: Option<Vec<String>>,
    /// Trainer slug.
    trainer: Option<Vec<String>>,
    /// `in_person`, `online` or `hybrid`.
    format: Option<Vec<String>>,
    /// First day (Québec time), `YYYY-MM-DD`. Without it, sessions not yet ended.
    from: Option<String>,
    /// Last day included, `YYYY-MM-DD`.
    to: Option<String>,
    /// `true`: free sessions only.
    free: Option<bool>,
    /// Page number, from 1.
    page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionListJson {
    pub items: Vec<SessionJson>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
    pub pages: i64,
}

/// Upcoming public sessions, filtered and paginated, in start order.
#[utoipa::path(
    get,
    path = "/api/v1/sessions",
    tag = "sessions",
    params(SessionFilterParams),
    responses(
        (status = 200, description = "A page of sessions", body = SessionListJson),
        (status = 400, description = "Malformed filter or unknown slug", body = super::ErrorJson),
    )
)]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let (query, filter) = parse_filter(&req)?;
    let paging = query.paging(20)?;
    let (found, total) = read(&state, move |conn| {
        store::sessions::search(conn, &filter, Some(paging), now())
    })
    .await?;
    let now = now();
    let base = &state.settings.base_url;
    Ok(HttpResponse::Ok().json(SessionListJson {
        items: found
            .iter()
            .map(|d| SessionJson::new(base, d, now))
            .collect(),
        page: paging.page,
        per_page: paging.per_page,
        total,
        pages: page_count(total, paging),
    }))
}

/// One public session.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session", body = SessionJson),
        (status = 404, description = "No such public session", body = super::ErrorJson),
    )
)]
pub async fn show(state: web::Data<AppState>, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let d = read(&state, move |conn| store::sessions::find_public(conn, id)).await?;
    Ok(HttpResponse::Ok().json(SessionJson::new(&state.settings.base_url, &d, now())))
}
