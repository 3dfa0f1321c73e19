//! What a feed says: a session as a published event, the feed's name, when its data
//! last changed, and the canonical form of a filter (the cache's key, a short code's
//! query).

use chrono::NaiveDateTime;

use crate::calendar::{self, EventData};
use crate::domain::filter::SessionFilter;
use crate::domain::session::SessionStatus;
use crate::store::catalogue::Catalogue;
use crate::store::sessions::SessionDetails;
use crate::web::i18n::{I18n, Lang};
use crate::web::views::term_names;

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
    let around: Vec<String> = f.around_km.iter().map(u32::to_string).collect();
    add("around", &around);
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
    if s.status == SessionStatus::Cancelled {
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
        cancelled: s.status == SessionStatus::Cancelled,
        last_modified: Some(s.updated_at),
        categories,
        organizer: None,
        attendee: None,
    }
}

/// The latest change (edit or cancellation) of these sessions.
pub(super) fn last_modified<'a>(
    sessions: impl IntoIterator<Item = &'a SessionDetails>,
) -> Option<NaiveDateTime> {
    sessions
        .into_iter()
        .map(|d| {
            d.session
                .updated_at
                .max(d.session.cancelled_at.unwrap_or(d.session.updated_at))
        })
        .max()
}

/// « Babillard — Aînés » : the site's name, a dash, then what the feed holds.
pub(super) fn site_titled(i18n: &I18n, lang: Lang, what: &str) -> String {
    format!("{} — {what}", i18n.t(lang, "site-name"))
}

/// « Babillard — Aînés, Lachute »: the site name and the chosen values' names.
pub fn feed_name(i18n: &I18n, lang: Lang, f: &SessionFilter, cat: &Catalogue) -> String {
    let mut names: Vec<String> = Vec::new();
    // The names of the chosen slugs, in the order chosen.
    let mut add = |slugs: &[String], all: Vec<(&str, String)>| {
        names.extend(slugs.iter().filter_map(|s| {
            all.iter()
                .find(|(x, _)| *x == s.as_str())
                .map(|(_, n)| n.clone())
        }));
    };
    add(&f.audience, term_names(&cat.audiences, lang).collect());
    add(&f.topic, term_names(&cat.topics, lang).collect());
    add(&f.kind, term_names(&cat.kinds, lang).collect());
    let places = cat.municipalities.iter();
    add(
        &f.municipality,
        places.map(|m| (m.slug.as_str(), m.name.clone())).collect(),
    );
    let orgs = cat.organisations.iter();
    add(
        &f.org,
        orgs.map(|o| (o.slug.as_str(), o.name.clone())).collect(),
    );
    if names.is_empty() {
        site_titled(i18n, lang, &i18n.t(lang, "mail-feed-all"))
    } else {
        site_titled(i18n, lang, &names.join(", "))
    }
}
