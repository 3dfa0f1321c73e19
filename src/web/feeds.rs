//! iCalendar feeds: the public calendar with the Contract's filters (`/calendar.ics`),
//! the same under a short code (`/f/{code}.ics`), one registration
//! (`/r/{token}/calendar.ics`), all of a person's (`/my-activities/{token}/calendar.ics`),
//! a trainer's schedule (`/trainers/{token}/calendar.ics`)
//! and one session (`/sessions/{id}/calendar.ics`, "Ajouter à mon agenda"); plus the
//! `/subscribe` page that builds the links. Feeds answer `ETag`/`Last-Modified` with
//! `304`, are compressed by the app's `Compress`, and public feeds are kept rendered
//! in memory until the data version changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::http::header::{self, HttpDate};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Duration, NaiveDateTime};
use sha2::{Digest, Sha256};

use crate::calendar::{self, EventData, FeedMeta};
use crate::db::now;
use crate::domain::filter::{FilterQuery, SessionFilter};
use crate::domain::token::looks_like_token;
use crate::store;
use crate::store::sessions::SessionDetails;
use crate::web::i18n::{I18n, Lang};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, parse_query, read};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/calendar.ics", get_or_head().to(public))
        .route("/f/{code:[A-Za-z0-9]{4,32}}.ics", get_or_head().to(by_code))
        .route("/r/{token}/calendar.ics", get_or_head().to(person))
        .route(
            "/my-activities/{token}/calendar.ics",
            get_or_head().to(activities),
        )
        .route("/trainers/{token}/calendar.ics", get_or_head().to(trainer))
        .route("/sessions/{id}/calendar.ics", get_or_head().to(session))
        .route("/subscribe", web::get().to(super::subscribe::show));
}

/// Calendar clients check feeds with `HEAD` too (actix sends no body for it).
fn get_or_head() -> actix_web::Route {
    use actix_web::guard;
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Hours between refreshes that feeds ask calendars for.
const REFRESH_HOURS: u32 = 6;
/// A cached feed is re-rendered after this long even if the data version did not move
/// (venue or vocabulary edits do not stamp sessions).
const CACHE_TTL: StdDuration = StdDuration::from_secs(300);
const CACHE_MAX_ENTRIES: usize = 256;

/// A rendered feed.
#[derive(Debug)]
pub struct Rendered {
    pub body: Bytes,
    /// The body gzipped once, for cached feeds: served as is to clients that accept
    /// gzip (the `Compress` middleware leaves a response with `Content-Encoding` alone),
    /// instead of compressing a large feed again on every request.
    pub gzip: Option<Bytes>,
    pub etag: String,
    pub last_modified: Option<NaiveDateTime>,
}

impl Rendered {
    pub fn new(text: String, last_modified: Option<NaiveDateTime>) -> Rendered {
        let etag = format!(
            "\"{}\"",
            &hex::encode(Sha256::digest(text.as_bytes()))[..20]
        );
        Rendered {
            body: Bytes::from(text),
            gzip: None,
            etag,
            last_modified,
        }
    }

    pub fn with_gzip(mut self) -> Rendered {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(
            Vec::with_capacity(self.body.len() / 4),
            flate2::Compression::default(),
        );
        if enc.write_all(&self.body).is_ok()
            && let Ok(gz) = enc.finish()
        {
            self.gzip = Some(Bytes::from(gz));
        }
        self
    }

    /// The ETag of the gzipped variant (a different representation, so a different tag).
    fn gzip_etag(&self) -> String {
        format!("{}-gz\"", self.etag.trim_end_matches('"'))
    }
}

/// Whether the request accepts gzip (and does not refuse it with `q=0`).
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|part| {
                let mut bits = part.trim().split(';');
                let coding = bits.next().unwrap_or("").trim();
                let refused = bits.any(|b| {
                    b.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        == Some(0.0)
                });
                (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
            })
        })
}

struct Entry {
    version: String,
    made: Instant,
    /// When the entry was last served, on the cache's own clock: when the cache is
    /// full, the least recently used entry makes room (one entry, not the whole cache).
    used: u64,
    feed: Arc<Rendered>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    clock: u64,
}

impl Entries {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }
}

/// The data version's fingerprint and the latest change it saw.
type DataVersion = (String, Option<NaiveDateTime>);

/// Rendered public feeds by (language, canonical query, day), valid while the data
/// version is the same.
#[derive(Default)]
pub struct FeedCache {
    entries: Mutex<Entries>,
    /// The last data version read, and when: reused for `feed_cache_seconds`.
    version: Mutex<Option<(Instant, DataVersion)>>,
}

impl std::fmt::Debug for FeedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeedCache")
    }
}

impl FeedCache {
    fn recent_version(&self, max_age: StdDuration) -> Option<DataVersion> {
        let v = self.version.lock().ok()?;
        v.as_ref()
            .filter(|(at, _)| at.elapsed() < max_age)
            .map(|(_, v)| v.clone())
    }

    fn remember_version(&self, version: &DataVersion) {
        if let Ok(mut v) = self.version.lock() {
            *v = Some((Instant::now(), version.clone()));
        }
    }

    fn get(&self, key: &str, version: &str) -> Option<Arc<Rendered>> {
        let mut entries = self.entries.lock().ok()?;
        let tick = entries.tick();
        let e = entries
            .map
            .get_mut(key)
            .filter(|e| e.version == version && e.made.elapsed() < CACHE_TTL)?;
        e.used = tick;
        Some(e.feed.clone())
    }

    /// Keeps a rendered feed. A full cache first drops what can no longer be served
    /// (an older data version, past its time to live), then, if still full, the least
    /// recently served entry: a stream of distinct queries (a crawler, an attacker)
    /// evicts one entry each, and the feeds people subscribe to stay warm.
    fn put(&self, key: String, version: String, feed: Arc<Rendered>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        let tick = entries.tick();
        let map = &mut entries.map;
        if map.len() >= CACHE_MAX_ENTRIES && !map.contains_key(&key) {
            map.retain(|_, e| e.version == version && e.made.elapsed() < CACHE_TTL);
            while map.len() >= CACHE_MAX_ENTRIES {
                let Some(oldest) = map
                    .iter()
                    .min_by_key(|(_, e)| e.used)
                    .map(|(k, _)| k.clone())
                else {
                    break;
                };
                map.remove(&oldest);
            }
        }
        map.insert(
            key,
            Entry {
                version,
                made: Instant::now(),
                used: tick,
                feed,
            },
        );
    }

    /// How many feeds are kept.
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The filter as a canonical query string: fixed key order, sorted values. Equal
/// filters give equal strings (cache keys, short codes).
pub fn canonical_query(f: &SessionFilter) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut add = |key: &str, values: &[String]| {
        let mut v: Vec<&String> = values.iter().collect();
        v.sort();
        for x in v {
            parts.push(format!("{key}={x}"));
        }
    };
    add("region", &f.region);
    add("mrc", &f.mrc);
    add("municipality", &f.municipality);
    add("org", &f.org);
    add("audience", &f.audience);
    add("topic", &f.topic);
    add("kind", &f.kind);
    add("trainer", &f.trainer);
    let formats: Vec<String> = f.format.iter().map(|x| x.as_str().to_owned()).collect();
    add("format", &formats);
    if let Some(d) = f.from {
        parts.push(format!("from={d}"));
    }
    if let Some(d) = f.to {
        parts.push(format!("to={d}"));
    }
    if f.free_only {
        parts.push("free=1".to_owned());
    }
    parts.join("&")
}

/// A session as a published (feed) event.
pub fn session_event(d: &SessionDetails, i18n: &I18n, lang: Lang, base_url: &str) -> EventData {
    let s = &d.session;
    let host = calendar::uid_host(base_url);
    let url = format!("{base_url}/sessions/{}", s.id);
    let mut description = String::new();
    if s.status == crate::domain::session::SessionStatus::Cancelled {
        description.push_str(&i18n.t(lang, "session-cancelled"));
        if let Some(r) = s.cancel_reason.as_ref().filter(|r| !r.is_empty()) {
            description.push(' ');
            description.push_str(r);
        }
        description.push_str("\n\n");
    }
    if !s.description.is_empty() {
        description.push_str(&s.description);
        description.push_str("\n\n");
    }
    description.push_str(&format!("{} : {}", d.organisation.name, url));
    let location = match &d.venue {
        Some(v) => {
            let mut parts = vec![v.name.clone()];
            if let Some(room) = v.room.as_ref().filter(|r| !r.is_empty()) {
                parts.push(room.clone());
            }
            parts.push(v.address.clone());
            if let Some(m) = &d.municipality {
                parts.push(m.name.clone());
            }
            parts.push("QC".to_owned());
            parts.join(", ")
        }
        None => i18n.t(lang, "mail-online"),
    };
    let mut categories = vec![d.kind.name(lang).to_owned()];
    categories.extend(d.topics.iter().map(|t| t.name(lang).to_owned()));
    EventData {
        uid: calendar::session_uid(s.id, &host),
        sequence: s.sequence,
        stamp: s.updated_at,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summary: s.title.clone(),
        description,
        location,
        url,
        cancelled: s.status == crate::domain::session::SessionStatus::Cancelled,
        last_modified: Some(s.updated_at),
        categories,
        organizer: None,
        attendee: None,
    }
}

fn last_modified(sessions: &[&SessionDetails]) -> Option<NaiveDateTime> {
    sessions
        .iter()
        .map(|d| {
            d.session
                .updated_at
                .max(d.session.cancelled_at.unwrap_or(d.session.updated_at))
        })
        .max()
}

fn http_date(t: NaiveDateTime) -> HttpDate {
    let secs = t.and_utc().timestamp().max(0) as u64;
    HttpDate::from(UNIX_EPOCH + StdDuration::from_secs(secs))
}

/// Whether the client's copy is current (`If-None-Match` first, then `If-Modified-Since`).
fn not_modified(req: &HttpRequest, feed: &Rendered) -> bool {
    if let Some(inm) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let gz = feed.gzip_etag();
        return inm.split(',').map(str::trim).any(|t| {
            let t = t.strip_prefix("W/").unwrap_or(t);
            t == "*" || t == feed.etag || t == gz
        });
    }
    if let (Some(ims), Some(lm)) = (
        req.headers()
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<HttpDate>().ok()),
        feed.last_modified,
    ) {
        let lm: SystemTime = http_date(lm).into();
        let ims: SystemTime = ims.into();
        return lm <= ims;
    }
    false
}

fn respond(req: &HttpRequest, feed: &Rendered, private: bool, filename: &str) -> HttpResponse {
    let cache = if private {
        // A person's or a trainer's feed: kept by their calendar, never by a cache.
        "private, no-store"
    } else {
        "public, max-age=900"
    };
    let fresh = not_modified(req, feed);
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    let gzip = feed.gzip.as_ref().filter(|_| accepts_gzip(req));
    let etag = if gzip.is_some() {
        feed.gzip_etag()
    } else {
        feed.etag.clone()
    };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept-Encoding"));
    if let Some(lm) = feed.last_modified {
        res.insert_header(header::LastModified(http_date(lm)));
    }
    if fresh {
        return res.finish();
    }
    res.content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}\""),
        ));
    match gzip {
        Some(gz) => res
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gz.clone()),
        None => res.body(feed.body.clone()),
    }
}

fn keep(state: &AppState) -> Duration {
    Duration::days(i64::from(state.settings.feed_cancelled_days))
}

fn base_url(state: &AppState) -> String {
    state.settings.base_url.trim_end_matches('/').to_owned()
}

/// The public feed of a filter, from the cache when the data did not change.
async fn public_feed(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    lang: Lang,
    filter: SessionFilter,
) -> AppResult<HttpResponse> {
    let today = crate::domain::time::local(now()).date_naive();
    let key = format!("{}|{}|{}", lang.code(), canonical_query(&filter), today);
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
        return Ok(respond(req, &feed, false, "babillard.ics"));
    }
    let keep = keep(state);
    let f = filter.clone();
    let (found, cat) = read(state, move |conn| {
        let found = store::feeds::public_sessions(conn, &f, now(), keep)?;
        let cat = store::catalogue::catalogue(conn)?;
        Ok((found, cat))
    })
    .await?;
    let base = base_url(state);
    let events: Vec<EventData> = found
        .iter()
        .map(|d| session_event(d, &state.i18n, lang, &base))
        .collect();
    let meta = FeedMeta {
        name: feed_name(&state.i18n, lang, &filter, &cat),
        description: state.i18n.t(lang, "mail-feed-description"),
        refresh_hours: REFRESH_HOURS,
    };
    let text = calendar::feed(&meta, &events);
    let feed = Arc::new(
        Rendered::new(
            text,
            last_modified(&found.iter().collect::<Vec<_>>()).max(latest_change),
        )
        .with_gzip(),
    );
    state.feeds.put(key, version, feed.clone());
    Ok(respond(req, &feed, false, "babillard.ics"))
}

/// « Babillard — Aînés, Lachute »: the site name and the chosen values' names.
pub fn feed_name(
    i18n: &I18n,
    lang: Lang,
    f: &SessionFilter,
    cat: &store::catalogue::Catalogue,
) -> String {
    let mut names: Vec<String> = Vec::new();
    let find = |slugs: &[String], all: &mut dyn Iterator<Item = (&str, String)>| {
        let all: Vec<(&str, String)> = all.collect();
        slugs
            .iter()
            .filter_map(|s| all.iter().find(|(x, _)| x == s).map(|(_, n)| n.clone()))
            .collect::<Vec<_>>()
    };
    names.extend(find(
        &f.audience,
        &mut cat
            .audiences
            .iter()
            .map(|t| (t.slug.as_str(), t.name(lang).to_owned())),
    ));
    names.extend(find(
        &f.topic,
        &mut cat
            .topics
            .iter()
            .map(|t| (t.slug.as_str(), t.name(lang).to_owned())),
    ));
    names.extend(find(
        &f.kind,
        &mut cat
            .kinds
            .iter()
            .map(|t| (t.slug.as_str(), t.name(lang).to_owned())),
    ));
    names.extend(find(
        &f.municipality,
        &mut cat
            .municipalities
            .iter()
            .map(|m| (m.slug.as_str(), m.name.clone())),
    ));
    names.extend(find(
        &f.org,
        &mut cat
            .organisations
            .iter()
            .map(|o| (o.slug.as_str(), o.name.clone())),
    ));
    let site = i18n.t(lang, "site-name");
    if names.is_empty() {
        format!("{site} — {}", i18n.t(lang, "mail-feed-all"))
    } else {
        format!("{site} — {}", names.join(", "))
    }
}

/// `GET /calendar.ics?audience=aines&municipality=lachute`
pub async fn public(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let query: FilterQuery = parse_query(&req)?;
    let filter = query.parse()?;
    public_feed(&state, &req, lang, filter).await
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
        store::feeds::query_for_code(conn, &code)?.ok_or(AppError::NotFound)
    })
    .await?;
    let query: FilterQuery = serde_html_form::from_str(&query).map_err(|_| AppError::NotFound)?;
    let filter = query.parse()?;
    public_feed(&state, &req, lang, filter).await
}

/// A person's registrations as a private feed (their invites' UIDs, so a calendar that
/// got the invite and subscribes too shows each activity once).
fn personal_feed(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    regs: &[store::feeds::Entry],
    name_key: &str,
    filename: &str,
) -> HttpResponse {
    let base = base_url(state);
    let events: Vec<EventData> = regs
        .iter()
        .map(|(r, d)| {
            let mut e = session_event(d, &state.i18n, lang, &base);
            e.uid = calendar::invite_uid(r.id, d.session.id, &calendar::uid_host(&base));
            e.sequence = r.ical_sequence.max(d.session.sequence);
            if r.status == crate::domain::registration::Status::Cancelled {
                e.cancelled = true;
            }
            e
        })
        .collect();
    let meta = FeedMeta {
        name: format!(
            "{} — {}",
            state.i18n.t(lang, "site-name"),
            state.i18n.t(lang, name_key)
        ),
        description: String::new(),
        refresh_hours: REFRESH_HOURS,
    };
    let sessions: Vec<&SessionDetails> = regs.iter().map(|(_, d)| d).collect();
    let lm = last_modified(&sessions).max(regs.iter().map(|(r, _)| r.updated_at).max());
    let feed = Rendered::new(calendar::feed(&meta, &events), lm);
    respond(req, &feed, true, filename)
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
    let keep = keep(&state);
    let regs = read(&state, move |conn| {
        store::feeds::registration_feed(conn, &token, now(), keep)?.ok_or(AppError::NotFound)
    })
    .await?;
    Ok(personal_feed(
        &state,
        &req,
        lang,
        &regs,
        "mail-feed-mine",
        "mon-inscription.ics",
    ))
}

/// `GET /my-activities/{token}/calendar.ics`: every activity the person holds a seat for
/// (« Mes activités », reached through the link emailed to them).
pub async fn activities(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let keep = keep(&state);
    let regs = read(&state, move |conn| {
        store::activities::of_token(conn, &token, now(), keep, false)?.ok_or(AppError::NotFound)
    })
    .await?;
    Ok(personal_feed(
        &state,
        &req,
        lang,
        &regs,
        "act-title",
        "mes-activites.ics",
    ))
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
        let t = store::feeds::trainer_by_token(conn, &token)?.ok_or(AppError::NotFound)?;
        let found = store::feeds::trainer_sessions(conn, t.id, now(), keep)?;
        Ok((t.name, found))
    })
    .await?;
    let base = base_url(&state);
    let events: Vec<EventData> = found
        .iter()
        .map(|d| session_event(d, &state.i18n, lang, &base))
        .collect();
    let meta = FeedMeta {
        name: format!("{} — {}", state.i18n.t(lang, "site-name"), name),
        description: String::new(),
        refresh_hours: REFRESH_HOURS,
    };
    let feed = Rendered::new(
        calendar::feed(&meta, &events),
        last_modified(&found.iter().collect::<Vec<_>>()),
    );
    Ok(respond(&req, &feed, true, "formation.ics"))
}

/// `GET /sessions/{id}/calendar.ics`: one session to add to a calendar.
pub async fn session(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let d = read(&state, move |conn| {
        Ok(store::sessions::find_public(conn, id)?)
    })
    .await?;
    let base = base_url(&state);
    let meta = FeedMeta {
        name: d.session.title.clone(),
        description: String::new(),
        refresh_hours: REFRESH_HOURS,
    };
    let feed = Rendered::new(
        calendar::feed(&meta, &[session_event(&d, &state.i18n, lang, &base)]),
        last_modified(&[&d]),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(n: usize) -> Arc<Rendered> {
        Arc::new(Rendered::new(format!("feed {n}"), None))
    }

    #[test]
    fn distinct_queries_evict_one_entry_each_and_spare_the_feeds_in_use() {
        let cache = FeedCache::default();
        for n in 0..CACHE_MAX_ENTRIES {
            cache.put(format!("q{n}"), "v1".into(), feed(n));
        }
        // The feed people subscribe to is served often.
        assert!(cache.get("q0", "v1").is_some());
        for n in CACHE_MAX_ENTRIES..CACHE_MAX_ENTRIES + 50 {
            cache.put(format!("q{n}"), "v1".into(), feed(n));
            assert!(cache.get("q0", "v1").is_some(), "after {n} other queries");
        }
        assert_eq!(cache.len(), CACHE_MAX_ENTRIES, "bounded, and not wiped");
        assert!(
            cache.get("q1", "v1").is_none(),
            "the least recently used went first"
        );
        assert!(
            cache
                .get(&format!("q{}", CACHE_MAX_ENTRIES + 49), "v1")
                .is_some()
        );
    }

    #[test]
    fn a_full_cache_drops_feeds_of_an_older_data_version_first() {
        let cache = FeedCache::default();
        for n in 0..CACHE_MAX_ENTRIES {
            cache.put(format!("q{n}"), "v1".into(), feed(n));
        }
        cache.put("new".into(), "v2".into(), feed(0));
        assert_eq!(
            cache.len(),
            1,
            "nothing of version 1 can be served any more"
        );
    }
}
