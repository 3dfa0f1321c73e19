//! The public calendar as news feeds for every reader: `/calendar.atom` (RFC 4287) and
//! `/calendar.rss` (RSS 2.0), with the same filters as `/calendar.ics`. Written with the
//! `atom_syndication` and `rss` crates (builders off: the structs are filled directly),
//! so escaping and the formats' required elements are theirs, not ours.
//!
//! One entry per session: its permanent address as id, title with the date spelled out,
//! a plain-text summary (when, where, who, price, room left), `updated` from the
//! session's last change so readers show a moved or cancelled session again.

use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::domain::time;
use crate::store::sessions::SessionDetails;
use crate::web::i18n::{I18n, Lang};
use crate::web::views::SessionCard;

/// What both formats say about the feed as a whole.
pub struct Channel<'a> {
    pub name: &'a str,
    pub description: &'a str,
    /// The page a person reads the same list on (the home page with the filters).
    pub page_url: &'a str,
    /// The feed's own address (`rel="self"`).
    pub self_url: &'a str,
    pub lang: Lang,
    /// The latest change the feed shows (or the data's latest change).
    pub updated: NaiveDateTime,
}

/// One session as both formats show it.
struct Item {
    url: String,
    title: String,
    summary: String,
    categories: Vec<String>,
    author: String,
    updated: NaiveDateTime,
    published: NaiveDateTime,
}

fn fixed(t: NaiveDateTime) -> DateTime<FixedOffset> {
    t.and_utc().fixed_offset()
}

fn items(
    found: &[SessionDetails],
    i18n: &I18n,
    lang: Lang,
    base_url: &str,
    now: NaiveDateTime,
) -> Vec<Item> {
    found
        .iter()
        .map(|d| {
            let card = SessionCard::new(i18n, lang, d, now);
            let s = &d.session;
            let when = time::datetime_long(s.starts_at, lang);
            let title = if card.cancelled {
                format!(
                    "{} — {} — {}",
                    i18n.t(lang, "print-cancelled"),
                    s.title,
                    when
                )
            } else {
                format!("{} — {}", s.title, when)
            };
            let mut lines = vec![
                card.when.clone(),
                card.place.clone(),
                format!("{} · {}", card.organisation, card.price),
                card.availability.label.clone(),
            ];
            if !s.description.trim().is_empty() {
                lines.push(String::new());
                lines.push(s.description.trim().to_owned());
            }
            Item {
                url: format!("{base_url}/sessions/{}", s.id),
                title,
                summary: lines.join("\n"),
                categories: card
                    .audiences
                    .iter()
                    .chain(card.topics.iter())
                    .cloned()
                    .collect(),
                author: card.organisation,
                updated: s.updated_at,
                published: s.created_at,
            }
        })
        .collect()
}

/// The Atom document.
pub fn atom(
    channel: &Channel<'_>,
    found: &[SessionDetails],
    i18n: &I18n,
    base_url: &str,
    now: NaiveDateTime,
) -> String {
    let entries = items(found, i18n, channel.lang, base_url, now)
        .into_iter()
        .map(|it| atom::Entry {
            id: it.url.clone(),
            title: atom::Text::plain(it.title),
            updated: fixed(it.updated),
            published: Some(fixed(it.published)),
            authors: vec![atom::Person {
                name: it.author,
                ..Default::default()
            }],
            links: vec![atom::Link {
                href: it.url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }],
            summary: Some(atom::Text::plain(it.summary)),
            categories: it
                .categories
                .into_iter()
                .map(|term| atom::Category {
                    term,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    let feed = atom::Feed {
        id: channel.self_url.to_owned(),
        title: atom::Text::plain(channel.name),
        subtitle: Some(atom::Text::plain(channel.description)),
        updated: fixed(channel.updated),
        lang: Some(channel.lang.html_code().to_owned()),
        authors: vec![atom::Person {
            name: i18n.t(channel.lang, "site-name"),
            uri: Some(base_url.to_owned()),
            ..Default::default()
        }],
        links: vec![
            atom::Link {
                href: channel.self_url.to_owned(),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            atom::Link {
                href: channel.page_url.to_owned(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        generator: Some(atom::Generator {
            value: "Babillard".into(),
            ..Default::default()
        }),
        entries,
        ..Default::default()
    };
    feed.to_string()
}

/// The RSS 2.0 document, with the `atom:link rel="self"` the W3C validator asks for.
pub fn rss(
    channel: &Channel<'_>,
    found: &[SessionDetails],
    i18n: &I18n,
    base_url: &str,
    now: NaiveDateTime,
) -> String {
    let items = items(found, i18n, channel.lang, base_url, now)
        .into_iter()
        .map(|it| rss::Item {
            title: Some(it.title),
            link: Some(it.url.clone()),
            description: Some(it.summary),
            author: None,
            categories: it
                .categories
                .into_iter()
                .map(|name| rss::Category { name, domain: None })
                .collect(),
            guid: Some(rss::Guid {
                value: it.url,
                permalink: true,
            }),
            pub_date: Some(fixed(it.published).to_rfc2822()),
            ..Default::default()
        })
        .collect();
    let rss_channel = rss::Channel {
        title: channel.name.to_owned(),
        link: channel.page_url.to_owned(),
        description: channel.description.to_owned(),
        language: Some(channel.lang.html_code().to_lowercase()),
        last_build_date: Some(fixed(channel.updated).to_rfc2822()),
        generator: Some("Babillard".into()),
        atom_ext: Some(rss::extension::atom::AtomExtension {
            links: vec![atom::Link {
                href: channel.self_url.to_owned(),
                rel: "self".into(),
                mime_type: Some("application/rss+xml".into()),
                ..Default::default()
            }],
        }),
        items,
        ..Default::default()
    };
    rss_channel.to_string()
}
