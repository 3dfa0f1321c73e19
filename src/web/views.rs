//! What templates and JSON see of sessions: typed views built from store rows, with
//! text already in the reader's language and times in Québec.

use chrono::NaiveDateTime;
use fluent_bundle::FluentValue;
use serde::Serialize;
use utoipa::ToSchema;

use super::i18n::{I18n, Lang};
use crate::db::models::{Term, Venue};
use crate::domain::filter::Paging;
use crate::domain::session::Availability;
use crate::domain::time;
use crate::store::sessions::SessionDetails;

/// Availability as shown: a sentence and a code for styling.
#[derive(Debug, Clone, Serialize)]
pub struct AvailabilityView {
    pub code: &'static str,
    pub label: String,
    /// Whether the page should offer a registration form.
    pub can_register: bool,
}

pub fn availability(i18n: &I18n, lang: Lang, a: Availability) -> AvailabilityView {
    let label = match a {
        Availability::Cancelled => i18n.t(lang, "avail-cancelled"),
        Availability::Ended => i18n.t(lang, "avail-ended"),
        Availability::DropIn => i18n.t(lang, "avail-drop-in"),
        Availability::NotYetOpen(at) => i18n.tr(
            lang,
            "avail-not-yet-open",
            &[("date", FluentValue::from(time::datetime_long(at, lang)))],
        ),
        Availability::Closed => i18n.t(lang, "avail-closed"),
        Availability::Open(None) => i18n.t(lang, "avail-open"),
        Availability::Open(Some(n)) => {
            i18n.tr(lang, "avail-seats-left", &[("count", FluentValue::from(n))])
        }
        Availability::Waitlist => i18n.t(lang, "avail-waitlist"),
        Availability::Full => i18n.t(lang, "avail-full"),
    };
    AvailabilityView {
        code: a.code(),
        label,
        can_register: matches!(a, Availability::Open(_) | Availability::Waitlist),
    }
}

/// A session in a list.
#[derive(Debug, Clone, Serialize)]
pub struct SessionCard {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub kind: String,
    /// Québec day, `YYYY-MM-DD`, for grouping.
    pub day_key: String,
    pub day: String,
    pub hours: String,
    pub when: String,
    pub place: String,
    pub organisation: String,
    pub organisation_url: String,
    pub audiences: Vec<String>,
    pub topics: Vec<String>,
    pub format: String,
    pub price: String,
    pub free: bool,
    pub level: String,
    pub track: Option<String>,
    pub availability: AvailabilityView,
    pub cancelled: bool,
    /// The language of the session's own text (title, description) when it differs from
    /// the page's, for a `lang` attribute (WCAG 3.1.2): a screen reader then reads a
    /// French title on an English page with a French voice. `None` for bilingual sessions.
    pub content_lang: Option<&'static str>,
}

fn place(i18n: &I18n, lang: Lang, d: &SessionDetails) -> String {
    match (&d.venue, &d.municipality) {
        // "Bibliothèque de Danville, Danville" says the town twice.
        (Some(v), Some(m)) if v.name.contains(&m.name) => v.name.clone(),
        (Some(v), Some(m)) => format!("{}, {}", v.name, m.name),
        (Some(v), None) => v.name.clone(),
        // An imported activity: the place as its calendar wrote it.
        (None, m) if d.location_text.is_some() => match (&d.location_text, m) {
            (Some(text), Some(m)) if !text.contains(&m.name) => format!("{text}, {}", m.name),
            (Some(text), _) => text.clone(),
            _ => i18n.t(lang, "place-online"),
        },
        _ => i18n.t(lang, "place-online"),
    }
}

impl SessionCard {
    pub fn new(i18n: &I18n, lang: Lang, d: &SessionDetails, now: NaiveDateTime) -> SessionCard {
        let s = &d.session;
        let start = time::local(s.starts_at);
        SessionCard {
            id: s.id,
            url: format!("/sessions/{}", s.id),
            title: s.title.clone(),
            kind: d.kind.name(lang).to_owned(),
            day_key: start.date_naive().to_string(),
            day: time::date_long(start.date_naive(), lang),
            hours: time::hours(s.starts_at, s.ends_at, lang),
            when: time::range_long(s.starts_at, s.ends_at, lang),
            place: place(i18n, lang, d),
            organisation: d.organisation.name.clone(),
            organisation_url: format!("/organisations/{}", d.organisation.slug),
            audiences: d
                .audiences
                .iter()
                .map(|t| t.name(lang).to_owned())
                .collect(),
            topics: d.topics.iter().map(|t| t.name(lang).to_owned()).collect(),
            format: i18n.t(lang, &format!("format-{}", s.format)),
            price: time::price(s.price_cents, lang),
            free: s.price_cents == 0,
            level: i18n.t(lang, &format!("level-{}", s.level)),
            track: d.track.as_ref().map(|t| t.name.clone()),
            availability: availability(i18n, lang, Availability::of(s, now)),
            cancelled: s.status == crate::domain::session::SessionStatus::Cancelled,
            content_lang: match s.language.as_str() {
                "fr" if lang != Lang::Fr => Some("fr"),
                "en" if lang != Lang::En => Some("en"),
                _ => None,
            },
        }
    }
}

/// Sessions grouped under their Québec day, in order.
#[derive(Debug, Clone, Serialize)]
pub struct DayGroup {
    pub day_key: String,
    pub day: String,
    pub sessions: Vec<SessionCard>,
}

pub fn group_by_day(cards: Vec<SessionCard>) -> Vec<DayGroup> {
    let mut days: Vec<DayGroup> = Vec::new();
    for c in cards {
        match days.last_mut() {
            Some(g) if g.day_key == c.day_key => g.sessions.push(c),
            _ => days.push(DayGroup {
                day_key: c.day_key.clone(),
                day: c.day.clone(),
                sessions: vec![c],
            }),
        }
    }
    days
}

/// The venue of a session, for its page.
#[derive(Debug, Clone, Serialize)]
pub struct VenueView {
    pub name: String,
    pub address: String,
    pub municipality: String,
    pub room: Option<String>,
    pub step_free_access: bool,
    pub accessibility_notes: String,
    pub wifi: bool,
    pub computers: i32,
    pub directions: String,
    pub map_url: String,
}

impl VenueView {
    pub fn new(v: &Venue, municipality: &str) -> VenueView {
        let query = format!("{}, {}, QC", v.address, municipality);
        VenueView {
            name: v.name.clone(),
            address: v.address.clone(),
            municipality: municipality.to_owned(),
            room: v.room.clone(),
            step_free_access: v.step_free_access,
            accessibility_notes: v.accessibility_notes.clone(),
            wifi: v.wifi,
            computers: v.computers,
            directions: v.directions.clone(),
            map_url: format!(
                "https://www.openstreetmap.org/search?query={}",
                super::templates::encode_query_value(&query)
            ),
        }
    }
}

/// How many pages of `paging.per_page` items `total` items fill (one at least).
pub fn page_count(total: i64, paging: Paging) -> i64 {
    let per_page = i64::from(paging.per_page);
    ((total + per_page - 1) / per_page).max(1)
}

/// A vocabulary's terms as (slug, name in the reader's language).
pub fn term_names(terms: &[Term], lang: Lang) -> impl Iterator<Item = (&str, String)> {
    terms
        .iter()
        .map(move |t| (t.slug.as_str(), t.name(lang).to_owned()))
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

/// Everything the session page shows.
#[derive(Debug, Clone, Serialize)]
pub struct SessionPage {
    pub card: SessionCard,
    pub description: String,
    pub what_to_bring: String,
    pub language: String,
    pub event: LinkView,
    pub venue: Option<VenueView>,
    pub online: bool,
    pub online_url: Option<String>,
    pub trainers: Vec<String>,
    pub cancel_reason: Option<String>,
    pub registration_required: bool,
    pub capacity: Option<i32>,
    pub seats_left: Option<i32>,
    pub waitlist_count: i32,
    pub max_seats: i32,
    pub registration_closes: Option<String>,
}

impl SessionPage {
    pub fn new(i18n: &I18n, lang: Lang, d: &SessionDetails, now: NaiveDateTime) -> SessionPage {
        let s = &d.session;
        let online = s.format != crate::domain::session::Format::InPerson;
        SessionPage {
            card: SessionCard::new(i18n, lang, d, now),
            description: s.description.clone(),
            what_to_bring: s.what_to_bring.clone(),
            language: i18n.t(lang, &format!("session-language-{}", s.language)),
            event: LinkView {
                name: d.event.title.clone(),
                url: format!("/events/{}", d.event.slug),
            },
            venue: d.venue.as_ref().map(|v| {
                VenueView::new(v, d.municipality.as_ref().map_or("", |m| m.name.as_str()))
            }),
            online,
            // The link of a session that needs registration goes to registered people only.
            online_url: if online && !s.registration_required {
                s.online_url.clone()
            } else {
                None
            },
            trainers: d.trainers.iter().map(|t| t.name.clone()).collect(),
            cancel_reason: s.cancel_reason.clone(),
            registration_required: s.registration_required,
            capacity: s.capacity,
            seats_left: s.seats_left(),
            waitlist_count: s.waitlist_count,
            max_seats: s.max_seats,
            registration_closes: s
                .registration_closes_at
                .map(|t| time::datetime_long(t, lang)),
        }
    }
}

/// A session in the JSON API. Times are RFC 3339 with the Québec offset; related
/// things are named by slug, the same slugs filters take.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionJson {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// Public page of the session.
    pub url: String,
    /// e.g. `2026-03-14T13:30:00-04:00`
    pub starts_at: String,
    pub ends_at: String,
    pub status: String,
    pub event_slug: String,
    pub organisation: String,
    /// `null` for a session held online only.
    pub municipality: Option<String>,
    pub venue: Option<VenueJson>,
    pub kind: String,
    pub audiences: Vec<String>,
    pub topics: Vec<String>,
    pub trainers: Vec<String>,
    pub track: Option<String>,
    /// `in_person`, `online` or `hybrid`.
    pub format: String,
    /// `tous`, `debutant`, `intermediaire` or `avance`.
    pub level: String,
    /// `fr`, `en` or `bilingue`.
    pub language: String,
    pub registration_required: bool,
    /// `null`: no limit.
    pub capacity: Option<i32>,
    pub seats_taken: i32,
    pub seats_left: Option<i32>,
    pub waitlist_count: i32,
    /// `null`: unlimited waitlist; `0`: no waitlist.
    pub waitlist_limit: Option<i32>,
    pub max_seats_per_registration: i32,
    /// The full price of one seat, in cents of `currency` (0: free).
    pub price_cents: i32,
    /// ISO 4217: always `CAD`.
    pub currency: String,
    /// Reduced prices for some audiences (0: free for them), each at most `price_cents`;
    /// empty for a free session.
    pub reduced_prices: Vec<ReducedPriceJson>,
    pub registration_opens_at: Option<String>,
    pub registration_closes_at: Option<String>,
    /// `open`, `waitlist`, `full`, `not_yet_open`, `closed`, `drop_in`, `ended` or `cancelled`.
    pub availability: String,
    pub cancel_reason: Option<String>,
}

/// A reduced price of a session for one audience.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReducedPriceJson {
    /// The audience's slug (as `audiences` and the `audience` filter name it).
    pub audience: String,
    pub price_cents: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VenueJson {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub room: Option<String>,
    pub step_free_access: bool,
    pub accessibility_notes: String,
    pub wifi: bool,
    pub computers: i32,
}

impl SessionJson {
    pub fn new(base_url: &str, d: &SessionDetails, now: NaiveDateTime) -> SessionJson {
        let s = &d.session;
        SessionJson {
            id: s.id,
            title: s.title.clone(),
            description: s.description.clone(),
            url: format!("{base_url}/sessions/{}", s.id),
            starts_at: time::rfc3339(s.starts_at),
            ends_at: time::rfc3339(s.ends_at),
            status: s.status.to_string(),
            event_slug: d.event.slug.clone(),
            organisation: d.organisation.slug.clone(),
            municipality: d.municipality.as_ref().map(|m| m.slug.clone()),
            venue: d.venue.as_ref().map(|v| VenueJson {
                slug: v.slug.clone(),
                name: v.name.clone(),
                address: v.address.clone(),
                room: v.room.clone(),
                step_free_access: v.step_free_access,
                accessibility_notes: v.accessibility_notes.clone(),
                wifi: v.wifi,
                computers: v.computers,
            }),
            kind: d.kind.slug.clone(),
            audiences: d.audiences.iter().map(|t| t.slug.clone()).collect(),
            topics: d.topics.iter().map(|t| t.slug.clone()).collect(),
            trainers: d.trainers.iter().map(|t| t.slug.clone()).collect(),
            track: d.track.as_ref().map(|t| t.slug.clone()),
            format: s.format.to_string(),
            level: s.level.to_string(),
            language: s.language.clone(),
            registration_required: s.registration_required,
            capacity: s.capacity,
            seats_taken: s.seats_taken,
            seats_left: s.seats_left(),
            waitlist_count: s.waitlist_count,
            waitlist_limit: s.waitlist_limit,
            max_seats_per_registration: s.max_seats,
            price_cents: s.price_cents,
            currency: crate::domain::payment::CURRENCY.to_owned(),
            reduced_prices: d
                .reduced_prices
                .iter()
                .map(|(t, price_cents)| ReducedPriceJson {
                    audience: t.slug.clone(),
                    price_cents: *price_cents,
                })
                .collect(),
            registration_opens_at: s.registration_opens_at.map(time::rfc3339),
            registration_closes_at: s.registration_closes_at.map(time::rfc3339),
            availability: Availability::of(s, now).code().to_owned(),
            cancel_reason: s.cancel_reason.clone(),
        }
    }
}
