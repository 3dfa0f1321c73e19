//! iCalendar feeds: the public calendar with the Contract's filters (`/calendar.ics`),
//! the same under a short code (`/f/{code}.ics`), one registration
//! (`/r/{token}/calendar.ics`), all of a person's (`/my-activities/{token}/calendar.ics`),
//! a trainer's schedule (`/trainers/{token}/calendar.ics`)
//! and one session (`/sessions/{id}/calendar.ics`, "Ajouter à mon agenda"); plus the
//! `/subscribe` page that builds the links. Feeds answer `ETag`/`Last-Modified` with
//! `304`, are compressed by the app's `Compress` (`answer`), and public feeds are kept
//! rendered in memory until the data version changes (`cache`). What a feed says is
//! `events`. The open data files are answered the same way (`open_data`).

mod answer;
mod cache;
mod events;
pub mod open_data;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;

pub use self::answer::Rendered;
use self::answer::respond;
pub use self::cache::FeedCache;
pub use self::events::{canonical_query, feed_name, session_event};
use self::events::{last_modified, site_titled};
use crate::calendar::{self, EventData, FeedMeta};
use crate::db::{DbConnection, now};
use crate::domain::filter::SessionFilter;
use crate::domain::token::looks_like_token;
use crate::store;
use crate::store::feeds::Entry;
use crate::store::sessions::SessionDetails;
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, parse_filter, read};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/calendar.ics", get_or_head().to(public))
        .route("/calendar.atom", get_or_head().to(public))
        .route("/calendar.rss", get_or_head().to(public))
        .route("/f/{code:[A-Za-z0-9]{4,32}}.ics", get_or_head().to(by_code))
        .route("/r/{token}/calendar.ics", get_or_head().to(person))
        .route(
            "/my-activities/{token}/calendar.ics",
            get_or_head().to(activities),
        )
        .route("/trainers/{token}/calendar.ics", get_or_head().to(trainer))
        .route("/h/{token}/calendar.ics", get_or_head().to(helper))
        .route("/sessions/{id}/calendar.ics", get_or_head().to(session))
        .route(
            "/open-data/activities.csv",
            get_or_head().to(open_data::csv),
        )
        .route(
            "/open-data/activities.json",
            get_or_head().to(open_data::json),
        )
        .route("/open-data/dcat.json", get_or_head().to(open_data::dcat))
        .route("/subscribe", web::get().to(super::subscribe::show));
}

/// Calendar clients check feeds with `HEAD` too (actix sends no body for it).
fn get_or_head() -> actix_web::Route {
    use actix_web::guard;
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Hours between refreshes that feeds ask calendars for.
const REFRESH_HOURS: u32 = 6;

/// How long a cancelled session stays in feeds (and on « Mes activités »).
pub fn keep(state: &AppState) -> Duration {
    Duration::days(i64::from(state.settings.feed_cancelled_days))
}

/// The sessions as published events.
fn events<'a>(
    state: &AppState,
    lang: Lang,
    sessions: impl IntoIterator<Item = &'a SessionDetails>,
) -> Vec<EventData> {
    let base = state.base_url();
    sessions
        .into_iter()
        .map(|d| session_event(d, &state.i18n, lang, base))
        .collect()
}

/// A feed of these events under its name (a personal feed has no description).
fn render(
    name: String,
    description: String,
    events: &[EventData],
    last_modified: Option<NaiveDateTime>,
) -> Rendered {
    let meta = FeedMeta {
        name,
        description,
        refresh_hours: REFRESH_HOURS,
    };
    Rendered::new(calendar::feed(&meta, events), last_modified)
}

/// What a public feed is written as: a calendar to subscribe to, or news for a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ics,
    Atom,
    Rss,
}

impl Format {
    fn filename(self) -> &'static str {
        match self {
            Format::Ics => "babillard.ics",
            Format::Atom => "babillard.atom",
            Format::Rss => "babillard.rss",
        }
    }
}

/// The public feed of a filter, from the cache when the data did not change.
async fn public_feed(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    lang: Lang,
    filter: SessionFilter,
    format: Format,
) -> AppResult<HttpResponse> {
    let today = crate::domain::time::local(now()).date_naive();
    let key = format!(
        "{}|{}|{}|{}",
        format.filename(),
        lang.code(),
        canonical_query(&filter),
        today
    );
    let max_age = StdDuration::from_secs(state.settings.feed_cache_seconds);
    let (version, latest_change) = match state.feeds.recent_version(max_age) {
        Some(v) => v,
        None => {
            let v = read(state, |conn| Ok(store::feeds::data_version(conn)?)).await?;
            state.feeds.remember_version(&v);
            v
        }
    };
    if let Some(feed) = state.feeds.get(&key, &version) {
        return Ok(respond(req, &feed, false, format.filename()));
    }
    let keep = keep(state);
    let f = filter.clone();
    let (found, cat) = read(state, move |conn| {
        let found = store::feeds::public_sessions(conn, &f, now(), keep)?;
        let cat = store::catalogue::catalogue(conn)?;
        Ok((found, cat))
    })
    .await?;
    let name = feed_name(&state.i18n, lang, &filter, &cat);
    let description = state.i18n.t(lang, "mail-feed-description");
    let changed = last_modified(&found).max(latest_change);
    let rendered = match format {
        Format::Ics => render(name, description, &events(state, lang, &found), changed),
        Format::Atom | Format::Rss => {
            let base = state.base_url();
            let query = canonical_query(&filter);
            let with_query = |path: &str| {
                if query.is_empty() {
                    format!("{base}{path}")
                } else {
                    format!("{base}{path}?{query}")
                }
            };
            let channel = super::syndication::Channel {
                name: &name,
                description: &description,
                page_url: &with_query("/"),
                self_url: &with_query(req.path()),
                lang,
                updated: changed.unwrap_or_else(now),
            };
            let write = if format == Format::Atom {
                super::syndication::atom
            } else {
                super::syndication::rss
            };
            Rendered::new(write(&channel, &found, &state.i18n, base, now()), changed)
        }
    };
    let feed = Arc::new(rendered.with_gzip());
    state.feeds.put(key, version, feed.clone());
    Ok(respond(req, &feed, false, format.filename()))
}

/// `GET /calendar.ics?audience=aines&municipality=lachute`, and the same list as
/// `/calendar.atom` and `/calendar.rss` for feed readers (the path's extension says
/// which).
pub async fn public(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let (_, filter) = parse_filter(&req)?;
    let format = match req.path().rsplit('.').next() {
        Some("atom") => Format::Atom,
        Some("rss") => Format::Rss,
        _ => Format::Ics,
    };
    public_feed(&state, &req, lang, filter, format).await
}

/// `GET /f/{code}.ics`: a saved filter set.
pub async fn by_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    code: web::Path<String>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let query = read(&state, move |conn| {
        store::feeds::query_for_code(conn, &code)?.ok_or(store::Error::NotFound)
    })
    .await?;
    let query: crate::domain::filter::FilterQuery =
        serde_html_form::from_str(&query).map_err(|_| AppError::NotFound)?;
    public_feed(&state, &req, lang, query.parse()?, Format::Ics).await
}

/// A person's registrations as a private feed (their invites' UIDs, so a calendar that
/// got the invite and subscribes too shows each activity once). `load` finds them by
/// the token of the person's link, with cancellations from the last `keep`.
async fn personal_feed(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    token: String,
    load: impl FnOnce(&mut DbConnection, &str, Duration) -> QueryResult<Option<Vec<Entry>>>
    + Send
    + 'static,
    name_key: &str,
    filename: &str,
) -> AppResult<HttpResponse> {
    let keep = keep(state);
    let regs = read(state, move |conn| {
        load(conn, &token, keep)?.ok_or(store::Error::NotFound)
    })
    .await?;
    let base = state.base_url();
    let host = calendar::uid_host(base);
    let events: Vec<EventData> = regs
        .iter()
        .map(|(r, d)| {
            let mut e = session_event(d, &state.i18n, lang, base);
            e.uid = calendar::invite_uid(r.id, d.session.id, &host);
            e.sequence = r.ical_sequence.max(d.session.sequence);
            if r.status == crate::domain::registration::Status::Cancelled {
                e.cancelled = true;
            }
            e
        })
        .collect();
    let changed = last_modified(regs.iter().map(|(_, d)| d))
        .max(regs.iter().map(|(r, _)| r.updated_at).max());
    let name = site_titled(&state.i18n, lang, &state.i18n.t(lang, name_key));
    let feed = render(name, String::new(), &events, changed);
    Ok(respond(req, &feed, true, filename))
}

/// `GET /r/{token}/calendar.ics`: the registration of this manage link, and no other
/// (all of a person's come only through « Mes activités », by email).
pub async fn person(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    if !looks_like_token(&token) {
        return Err(AppError::NotFound);
    }
    let load =
        |c: &mut DbConnection, t: &str, keep| store::feeds::registration_feed(c, t, now(), keep);
    let (name, file) = ("mail-feed-mine", "mon-inscription.ics");
    personal_feed(&state, &req, lang, token, load, name, file).await
}

/// `GET /my-activities/{token}/calendar.ics`: every activity the person holds a seat for
/// (« Mes activités », reached through the link emailed to them).
pub async fn activities(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let load =
        |c: &mut DbConnection, t: &str, keep| store::activities::of_token(c, t, now(), keep, false);
    let (name, file) = ("act-title", "mes-activites.ics");
    personal_feed(&state, &req, lang, token.into_inner(), load, name, file).await
}

/// `GET /trainers/{token}/calendar.ics`: a trainer's assignments.
pub async fn trainer(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let keep = keep(&state);
    let (name, found) = read(&state, move |conn| {
        let t = store::feeds::trainer_by_token(conn, &token)?.ok_or(store::Error::NotFound)?;
        let found = store::feeds::trainer_sessions(conn, t.id, now(), keep)?;
        Ok((t.name, found))
    })
    .await?;
    let name = site_titled(&state.i18n, lang, &name);
    let feed = render(
        name,
        String::new(),
        &events(&state, lang, &found),
        last_modified(&found),
    );
    Ok(respond(&req, &feed, true, "formation.ics"))
}

/// `GET /h/{token}/calendar.ics`: a volunteer helper's shift of this manage link, and
/// no other (an email is not proof of identity: « all my shifts » would need a link
/// sent to the address). The event has the UID of the shift's invites, so a calendar
/// that got the invite and subscribes too shows it once; a cancelled shift stays in the
/// feed as cancelled.
pub async fn helper(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let d = read(&state, move |conn| store::helpers::by_token(conn, &token)).await?;
    let base = state.base_url();
    let mut e = session_event(&d.session, &state.i18n, lang, base);
    e.uid = calendar::helper_uid(d.shift.id, d.session.session.id, &calendar::uid_host(base));
    e.sequence = d.shift.ical_sequence.max(d.session.session.sequence);
    e.summary = state.i18n.tr(
        lang,
        "helpers-ics-summary",
        &[("title", d.session.session.title.as_str().into())],
    );
    if d.shift.status == crate::domain::helpers::ShiftStatus::Cancelled {
        e.cancelled = true;
    }
    let changed = last_modified([&d.session]).max(Some(d.shift.updated_at));
    let name = site_titled(&state.i18n, lang, &state.i18n.t(lang, "helpers-feed-name"));
    let feed = render(name, String::new(), &[e], changed);
    Ok(respond(&req, &feed, true, "mon-benevolat.ics"))
}

/// `GET /sessions/{id}/calendar.ics`: one session to add to a calendar.
pub async fn session(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let d = read(&state, move |conn| store::sessions::find_public(conn, id)).await?;
    let name = d.session.title.clone();
    let feed = render(
        name,
        String::new(),
        &events(&state, lang, [&d]),
        last_modified([&d]),
    );
    let mut res = respond(&req, &feed, false, &format!("activite-{id}.ics"));
    if res.status().is_success() {
        res.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            header::HeaderValue::from_str(&format!("attachment; filename=\"activite-{id}.ics\""))
                .expect("ASCII header"),
        );
    }
    Ok(res)
}
