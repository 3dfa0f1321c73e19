//! `GET /events/{slug}`: a programme, by day and by track, printable.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::views::{LinkView, SessionCard};
use crate::web::{AppState, read, render};

#[derive(Debug, Serialize)]
struct TrackGroup {
    name: Option<String>,
    sessions: Vec<SessionCard>,
}

#[derive(Debug, Serialize)]
struct ProgrammeDay {
    day: String,
    title: String,
    tracks: Vec<TrackGroup>,
}

#[derive(Debug, Serialize)]
struct ProgrammeView {
    title: String,
    summary: String,
    description: String,
    organisation: LinkView,
    days: Vec<ProgrammeDay>,
    session_count: usize,
    feed_url: String,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = slug.into_inner();
    let p = read(&state, move |conn| store::events::programme(conn, &slug)).await?;
    let now = now();
    let mut days: Vec<ProgrammeDay> = Vec::new();
    for d in &p.sessions {
        let card = SessionCard::new(&state.i18n, lang, d, now);
        if days.last().is_none_or(|last| last.day != card.day) {
            let key = card.day_key.clone();
            days.push(ProgrammeDay {
                day: card.day.clone(),
                title: p
                    .days
                    .iter()
                    .find(|x| x.day == key)
                    .map(|x| x.title.clone())
                    .unwrap_or_default(),
                tracks: Vec::new(),
            });
        }
        let day = days.last_mut().expect("pushed above");
        let track = d.track.as_ref().map(|t| t.name.clone());
        match day.tracks.iter_mut().find(|g| g.name == track) {
            Some(g) => g.sessions.push(card),
            None => day.tracks.push(TrackGroup {
                name: track,
                sessions: vec![card],
            }),
        }
    }
    // Tracks in the programme's own order, sessions without a track first.
    for day in &mut days {
        day.tracks.sort_by_key(|g| {
            g.name
                .as_ref()
                .and_then(|n| p.tracks.iter().find(|t| &t.name == n))
                .map_or(-1, |t| t.position)
        });
    }
    let view = ProgrammeView {
        title: p.event.title.clone(),
        summary: p.event.summary.clone(),
        description: p.event.description.clone(),
        organisation: LinkView {
            name: p.organisation.name.clone(),
            url: format!("/organisations/{}", p.organisation.slug),
        },
        session_count: p.sessions.len(),
        days,
        feed_url: format!("/subscribe?org={}", p.organisation.slug),
    };
    render(
        &req,
        &state,
        lang,
        "public/event.html",
        p.event.title.clone(),
        &view,
    )
}
