//! `GET /organisations/{slug}`: who they are, where, what is coming up.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::views::{DayGroup, LinkView, SessionCard, group_by_day};
use crate::web::{AppState, read, render};

#[derive(Debug, Serialize)]
struct OrganisationView {
    name: String,
    description: String,
    municipality: Option<String>,
    website: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    events: Vec<LinkView>,
    venues: Vec<String>,
    days: Vec<DayGroup>,
    feed_url: String,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = slug.into_inner();
    let p = read(&state, move |conn| {
        store::events::organisation_page(conn, &slug, now(), 50)
    })
    .await?;
    let now = now();
    let o = &p.organisation;
    let view = OrganisationView {
        name: o.name.clone(),
        description: o.description.clone(),
        municipality: p.municipality.clone(),
        website: o.website.clone(),
        email: o.email.clone(),
        phone: o.phone.clone(),
        events: p
            .events
            .iter()
            .map(|e| LinkView {
                name: e.title.clone(),
                url: format!("/events/{}", e.slug),
            })
            .collect(),
        venues: p
            .venues
            .iter()
            .map(|v| format!("{} — {}", v.name, v.address))
            .collect(),
        days: group_by_day(
            p.upcoming
                .iter()
                .map(|d| SessionCard::new(&state.i18n, lang, d, now))
                .collect(),
        ),
        feed_url: format!("/subscribe?org={}", o.slug),
    };
    render(
        &req,
        &state,
        lang,
        "public/organisation.html",
        o.name.clone(),
        &view,
    )
}
