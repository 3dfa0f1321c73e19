//! iCalendar writing (RFC 5545) for invites and feeds, through the `ical` crate's
//! generator. The generator leaves two things to us (DESIGN.md, "Known sharp edges"):
//! TEXT values are escaped here before they are handed over, and the emitted lines are
//! re-folded at 75 *octets* (the crate folds at 75 characters), never inside a UTF-8
//! sequence. Times are written in Québec time with `TZID=America/Toronto` and its
//! VTIMEZONE, so calendars show the right hour on either side of a daylight-saving change.

pub mod fetch;
pub mod import;

use chrono::NaiveDateTime;
use ical::generator::{Emitter, IcalCalendar, IcalEvent};
use ical::parser::ical::component::{
    IcalTimeZone, IcalTimeZoneTransition, IcalTimeZoneTransitionType,
};
use ical::property::Property;

use crate::domain::time;

/// What an invite asks the calendar to do (the `METHOD` of the object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Add or update the event (a new SEQUENCE supersedes the previous one).
    Request,
    /// Remove the event.
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// A person or organisation named in an invite.
#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub email: String,
}

/// One VEVENT, in our terms; [`invite`] and [`feed`] turn it into text.
#[derive(Debug, Clone)]
pub struct EventData {
    pub uid: String,
    pub sequence: i32,
    /// When this version of the event was written (UTC).
    pub stamp: NaiveDateTime,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    pub cancelled: bool,
    pub last_modified: Option<NaiveDateTime>,
    pub categories: Vec<String>,
    pub organizer: Option<Party>,
    pub attendee: Option<Party>,
}

/// The host part of UIDs, from the site's base URL (`https://babillard.example/` →
/// `babillard.example`).
pub fn uid_host(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    if host.is_empty() {
        "babillard.localhost".to_owned()
    } else {
        host.to_ascii_lowercase()
    }
}

/// UID of a person's invite for a session: the same for every message about that
/// registration, so each new SEQUENCE updates (or cancels) the same calendar entry.
pub fn invite_uid(registration_id: i64, session_id: i64, host: &str) -> String {
    format!("reg-{registration_id}-{session_id}@{host}")
}

/// UID of a volunteer helper's shift (issue 17): the same in every invite about it and
/// in the helper's own feed.
pub fn helper_uid(shift_id: i64, session_id: i64, host: &str) -> String {
    format!("helper-{shift_id}-{session_id}@{host}")
}

/// UID of a session in public feeds (and the one-event `.ics` of a session page).
pub fn session_uid(session_id: i64, host: &str) -> String {
    format!("session-{session_id}@{host}")
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (e.g. `CN`): quoted, without the characters a quoted value
/// cannot hold.
fn param_value(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// Re-folds generator output: joins the crate's character-based continuation lines
/// and folds every content line at 75 octets, on a character boundary.
pub fn fold_octets(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 70 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut rest = line;
        let mut limit = 75;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            // The leading space of a continuation line counts toward its 75 octets.
            limit = 74;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

fn prop(name: &str, value: impl Into<String>) -> Property {
    Property {
        name: name.to_owned(),
        params: None,
        value: Some(value.into()),
    }
}

/// A property with parameters. The parameters are written into the name: the crate's
/// parameter escaping indexes bytes by character position and mangles (or panics on)
/// non-ASCII values such as `CN="Bibliothèque de Lachute"`; ours are already safe
/// (quoted by [`param_value`] or fixed ASCII).
fn prop_with(name: &str, params: Vec<(&str, String)>, value: impl Into<String>) -> Property {
    let mut full = name.to_owned();
    for (k, v) in params {
        full.push(';');
        full.push_str(k);
        full.push('=');
        full.push_str(&v);
    }
    Property {
        name: full,
        params: None,
        value: Some(value.into()),
    }
}

fn utc_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(t: NaiveDateTime) -> String {
    time::local(t).format("%Y%m%dT%H%M%S").to_string()
}

/// America/Toronto as it has been since 2007 (second Sunday of March, first Sunday of
/// November, at 2 a.m.): enough for every session the platform holds.
fn vtimezone() -> IcalTimeZone {
    let mut tz = IcalTimeZone::new();
    tz.properties.push(prop("TZID", time::ZONE_NAME));
    tz.properties.push(prop("X-LIC-LOCATION", time::ZONE_NAME));
    let mut daylight = IcalTimeZoneTransition::new(IcalTimeZoneTransitionType::DAYLIGHT);
    daylight.properties = vec![
        prop("TZOFFSETFROM", "-0500"),
        prop("TZOFFSETTO", "-0400"),
        prop("TZNAME", "EDT"),
        prop("DTSTART", "19700308T020000"),
        prop("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
    ];
    let mut standard = IcalTimeZoneTransition::new(IcalTimeZoneTransitionType::STANDARD);
    standard.properties = vec![
        prop("TZOFFSETFROM", "-0400"),
        prop("TZOFFSETTO", "-0500"),
        prop("TZNAME", "EST"),
        prop("DTSTART", "19701101T020000"),
        prop("RRULE", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
    ];
    tz.transitions = vec![daylight, standard];
    tz
}

fn vevent(e: &EventData) -> IcalEvent {
    let mut ev = IcalEvent::new();
    let p = &mut ev.properties;
    p.push(prop("UID", e.uid.clone()));
    p.push(prop("SEQUENCE", e.sequence.max(0).to_string()));
    p.push(prop("DTSTAMP", utc_stamp(e.stamp)));
    p.push(prop_with(
        "DTSTART",
        vec![("TZID", time::ZONE_NAME.to_owned())],
        local_stamp(e.starts_at),
    ));
    p.push(prop_with(
        "DTEND",
        vec![("TZID", time::ZONE_NAME.to_owned())],
        local_stamp(e.ends_at),
    ));
    p.push(prop("SUMMARY", escape_text(&e.summary)));
    if !e.description.is_empty() {
        p.push(prop("DESCRIPTION", escape_text(&e.description)));
    }
    if !e.location.is_empty() {
        p.push(prop("LOCATION", escape_text(&e.location)));
    }
    if !e.url.is_empty() {
        p.push(prop_with(
            "URL",
            vec![("VALUE", "URI".to_owned())],
            e.url.clone(),
        ));
    }
    if !e.categories.is_empty() {
        let cats: Vec<String> = e.categories.iter().map(|c| escape_text(c)).collect();
        p.push(prop("CATEGORIES", cats.join(",")));
    }
    p.push(prop(
        "STATUS",
        if e.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    ));
    p.push(prop("TRANSP", "OPAQUE"));
    if let Some(t) = e.last_modified {
        p.push(prop("LAST-MODIFIED", utc_stamp(t)));
    }
    if let Some(o) = &e.organizer {
        p.push(prop_with(
            "ORGANIZER",
            vec![("CN", param_value(&o.name))],
            format!("mailto:{}", o.email),
        ));
    }
    if let Some(a) = &e.attendee {
        p.push(prop_with(
            "ATTENDEE",
            vec![
                ("CN", param_value(&a.name)),
                ("ROLE", "REQ-PARTICIPANT".to_owned()),
                ("PARTSTAT", "ACCEPTED".to_owned()),
                ("RSVP", "FALSE".to_owned()),
            ],
            format!("mailto:{}", a.email),
        ));
    }
    ev
}

fn calendar(properties: Vec<Property>, events: Vec<IcalEvent>) -> String {
    let mut cal = IcalCalendar::new();
    cal.properties = properties;
    cal.timezones = vec![vtimezone()];
    cal.events = events;
    fold_octets(&cal.generate())
}

const PRODID: &str = "-//Babillard//Babillard 1.0//FR";

/// An invite for one person: `METHOD:REQUEST` (add or update) or `METHOD:CANCEL`
/// (remove; the event is then `STATUS:CANCELLED`).
pub fn invite(method: Method, event: &EventData) -> String {
    let mut e = event.clone();
    if method == Method::Cancel {
        e.cancelled = true;
    }
    calendar(
        vec![
            prop("PRODID", PRODID),
            prop("VERSION", "2.0"),
            prop("CALSCALE", "GREGORIAN"),
            prop("METHOD", method.as_str()),
        ],
        vec![vevent(&e)],
    )
}

/// How a feed presents itself to the calendar that subscribes to it.
#[derive(Debug, Clone)]
pub struct FeedMeta {
    pub name: String,
    pub description: String,
    /// Hours between refreshes a client is asked to respect.
    pub refresh_hours: u32,
}

/// A published calendar (feeds and the one-event download of a session page): no
/// ORGANIZER/ATTENDEE, `METHOD:PUBLISH`, calendar name and refresh interval.
pub fn feed(meta: &FeedMeta, events: &[EventData]) -> String {
    let ttl = format!("PT{}H", meta.refresh_hours.max(1));
    let mut props = vec![
        prop("PRODID", PRODID),
        prop("VERSION", "2.0"),
        prop("CALSCALE", "GREGORIAN"),
        prop("METHOD", "PUBLISH"),
        prop("X-WR-CALNAME", escape_text(&meta.name)),
        prop("X-WR-TIMEZONE", time::ZONE_NAME),
        prop_with(
            "REFRESH-INTERVAL",
            vec![("VALUE", "DURATION".into())],
            ttl.clone(),
        ),
        prop("X-PUBLISHED-TTL", ttl),
    ];
    if !meta.description.is_empty() {
        props.push(prop("X-WR-CALDESC", escape_text(&meta.description)));
    }
    calendar(
        props,
        events
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.organizer = None;
                e.attendee = None;
                vevent(&e)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn event() -> EventData {
        EventData {
            uid: invite_uid(7, 3, "babillard.example"),
            sequence: 2,
            stamp: utc("2026-03-01 12:00"),
            starts_at: utc("2026-03-08 15:00"),
            ends_at: utc("2026-03-08 16:30"),
            summary: "Atelier; courriel, sécurité".into(),
            description: "Première ligne\nDeuxième ligne \\ fin".into(),
            location: "Bibliothèque, 1 rue Principale".into(),
            url: "https://babillard.example/sessions/3".into(),
            cancelled: false,
            last_modified: None,
            categories: vec![],
            organizer: Some(Party {
                name: "Bibliothèque \"de\" Lachute".into(),
                email: "biblio@example.org".into(),
            }),
            attendee: Some(Party {
                name: "Éloïse Tremblay".into(),
                email: "eloise@example.org".into(),
            }),
        }
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(escape_text("x\r\ny"), "x\\ny");
    }

    #[test]
    fn uid_host_comes_from_the_base_url() {
        assert_eq!(
            uid_host("https://Babillard.example:8443/x"),
            "babillard.example"
        );
        assert_eq!(uid_host("http://127.0.0.1:8080"), "127.0.0.1");
    }

    #[test]
    fn lines_fold_at_75_octets_without_splitting_characters() {
        let mut e = event();
        e.description = "é".repeat(200) + "àçè — fin";
        let text = invite(Method::Request, &e);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}àçè — fin", "é".repeat(200))));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn an_invite_names_method_times_and_people() {
        let text = invite(Method::Request, &event()).replace("\r\n ", "");
        assert!(text.contains("METHOD:REQUEST\r\n"));
        // 8 March 2026: 15:00 UTC is 11 h in Québec (DST began at 2 a.m. that day).
        assert!(text.contains("DTSTART;TZID=America/Toronto:20260308T110000\r\n"));
        assert!(text.contains("SUMMARY:Atelier\\; courriel\\, sécurité\r\n"));
        assert!(
            text.contains("ORGANIZER;CN=\"Bibliothèque de Lachute\":mailto:biblio@example.org")
        );
        assert!(text.contains("RSVP=FALSE"));
        assert!(text.contains("SEQUENCE:2\r\n"));
        let cancel = invite(Method::Cancel, &event());
        assert!(cancel.contains("METHOD:CANCEL\r\n"));
        assert!(cancel.contains("STATUS:CANCELLED\r\n"));
    }
}
