//! A session page's schema.org structured data (JSON-LD `Event`), so search engines
//! can show the activity as an event: its times with the Québec offset, whether it is
//! scheduled, moved or cancelled, where (a place, online, or both), who organises it,
//! what it costs and whether seats remain. Built from the same details as the page,
//! without I/O; [`script_text`] makes it safe inside `<script>`.

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::domain::session::{Availability, Format, SessionStatus};
use crate::domain::time;
use crate::store::sessions::SessionDetails;

const SCHEMA: &str = "https://schema.org/";

fn schema(term: &str) -> String {
    format!("{SCHEMA}{term}")
}

/// The postal address of a place in Québec.
fn address(street: Option<&str>, locality: Option<&str>, postal_code: Option<&str>) -> Value {
    let mut a = json!({
        "@type": "PostalAddress",
        "addressRegion": "QC",
        "addressCountry": "CA",
    });
    for (key, value) in [
        ("streetAddress", street),
        ("addressLocality", locality),
        ("postalCode", postal_code),
    ] {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            a[key] = json!(v);
        }
    }
    a
}

/// Where a person goes: the venue, or the place a partner's calendar named.
fn place(d: &SessionDetails) -> Option<Value> {
    let town = d.municipality.as_ref().map(|m| m.name.as_str());
    if let Some(v) = &d.venue {
        let mut p = json!({
            "@type": "Place",
            "name": v.name,
            "address": address(Some(&v.address), town, v.postal_code.as_deref()),
        });
        if let (Some(lat), Some(lon)) = (v.latitude, v.longitude) {
            p["geo"] = json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
        }
        return Some(p);
    }
    let name = d.location_text.as_deref().or(town)?;
    Some(json!({
        "@type": "Place",
        "name": name,
        "address": address(None, town, None),
    }))
}

/// The online side: the link itself when anyone may join, else the page where one
/// registers (the link of a session that needs registration goes to registered people
/// only, as on the page).
fn virtual_location(d: &SessionDetails, page: &str) -> Value {
    let s = &d.session;
    let url = match (&s.online_url, s.registration_required) {
        (Some(link), false) if !link.trim().is_empty() => link.clone(),
        _ => page.to_owned(),
    };
    json!({"@type": "VirtualLocation", "url": url})
}

/// schema.org's availability of the offer, from the seats left and the registration
/// window.
fn availability(a: Availability) -> &'static str {
    match a {
        Availability::Open(_) | Availability::DropIn => "InStock",
        Availability::Waitlist | Availability::Full => "SoldOut",
        Availability::NotYetOpen(_) => "PreOrder",
        Availability::Closed | Availability::Ended => "OutOfStock",
        Availability::Cancelled => "Discontinued",
    }
}

/// A price in dollars as a JSON number (`0`, `12.5`).
fn price(cents: i32) -> Value {
    if cents % 100 == 0 {
        json!(cents / 100)
    } else {
        json!(f64::from(cents) / 100.0)
    }
}

/// The `Event` of a session. `previous_start`: the start before its latest move, when
/// it was moved after publication (`store::reschedules`).
pub fn event(
    d: &SessionDetails,
    base_url: &str,
    previous_start: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Value {
    let s = &d.session;
    let page = format!("{base_url}/sessions/{}", s.id);
    let status = if s.status == SessionStatus::Cancelled {
        "EventCancelled"
    } else if previous_start.is_some() {
        "EventRescheduled"
    } else {
        "EventScheduled"
    };
    let (mode, location) = match s.format {
        Format::InPerson => ("OfflineEventAttendanceMode", place(d)),
        Format::Online => (
            "OnlineEventAttendanceMode",
            Some(virtual_location(d, &page)),
        ),
        Format::Hybrid => (
            "MixedEventAttendanceMode",
            Some(match place(d) {
                Some(p) => json!([p, virtual_location(d, &page)]),
                None => virtual_location(d, &page),
            }),
        ),
    };
    let available = Availability::of(s, now);
    let mut offer = json!({
        "@type": "Offer",
        "url": page,
        "price": price(s.price_cents),
        "priceCurrency": crate::domain::payment::CURRENCY,
        "availability": schema(availability(available)),
    });
    if let Availability::NotYetOpen(opens) = available {
        offer["validFrom"] = json!(time::rfc3339(opens));
    }
    let mut e = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": page,
        "url": page,
        "name": s.title,
        "startDate": time::rfc3339(s.starts_at),
        "endDate": time::rfc3339(s.ends_at),
        "eventStatus": schema(status),
        "eventAttendanceMode": schema(mode),
        "organizer": {
            "@type": "Organization",
            "name": d.organisation.name,
            "url": format!("{base_url}/organisations/{}", d.organisation.slug),
        },
        "offers": offer,
        "isAccessibleForFree": s.price_cents == 0,
        "inLanguage": match s.language.as_str() {
            "bilingue" => json!(["fr", "en"]),
            other => json!(other),
        },
    });
    if !s.description.trim().is_empty() {
        e["description"] = json!(s.description);
    }
    if let Some(l) = location {
        e["location"] = l;
    }
    if let Some(p) = previous_start {
        e["previousStartDate"] = json!(time::rfc3339(p));
    }
    e
}

/// The JSON to put between `<script type="application/ld+json">` and `</script>`:
/// `<`, `>` and `&` written as JSON escapes, so no text of the session (a title with
/// `</script>` or `<!--`) can end the script or start markup; the value is unchanged
/// for any JSON reader. These characters occur only inside JSON strings.
pub fn script_text(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::models::{Municipality, Session, Term, Venue};
    use crate::domain::session::Level;
    use crate::store::sessions::{EventRef, OrgRef};

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn details(title: &str) -> SessionDetails {
        let t = utc("2026-01-10 12:00");
        SessionDetails {
            session: Session {
                id: 42,
                event_id: 1,
                organisation_id: 2,
                track_id: None,
                kind_id: 3,
                title: title.into(),
                description: "Reconnaître un courriel frauduleux.".into(),
                level: Level::All,
                language: "fr".into(),
                starts_at: utc("2026-03-14 17:30"),
                ends_at: utc("2026-03-14 19:00"),
                format: Format::InPerson,
                online_url: None,
                venue_id: Some(4),
                registration_required: true,
                capacity: Some(10),
                waitlist_limit: Some(0),
                max_seats: 2,
                price_cents: 0,
                registration_opens_at: None,
                registration_closes_at: None,
                status: SessionStatus::Published,
                cancel_reason: None,
                seats_taken: 3,
                waitlist_count: 0,
                sequence: 0,
                series_key: None,
                external_uid: None,
                what_to_bring: String::new(),
                created_at: t,
                updated_at: t,
                cancelled_at: None,
            },
            event: EventRef {
                id: 1,
                slug: "jn-2026".into(),
                title: "Journées numériques".into(),
            },
            organisation: OrgRef {
                id: 2,
                slug: "biblio-lachute".into(),
                name: "Bibliothèque de Lachute".into(),
                email: Some("biblio@example.org".into()),
            },
            venue: Some(Venue {
                id: 4,
                organisation_id: Some(2),
                municipality_id: 5,
                slug: "salle".into(),
                name: "Bibliothèque Jean-Marc-Belzile".into(),
                address: "378, rue Principale".into(),
                postal_code: Some("J8H 1Y2".into()),
                room: None,
                capacity: None,
                step_free_access: true,
                accessibility_notes: String::new(),
                wifi: true,
                computers: 4,
                directions: String::new(),
                latitude: None,
                longitude: None,
            }),
            municipality: Some(Municipality {
                id: 5,
                mrc_id: 6,
                slug: "lachute".into(),
                name: "Lachute".into(),
                latitude: None,
                longitude: None,
            }),
            location_text: None,
            kind: Term {
                id: 3,
                slug: "atelier-pratique".into(),
                name_fr: "Atelier pratique".into(),
                name_en: "Hands-on workshop".into(),
                position: 0,
            },
            audiences: Vec::new(),
            topics: Vec::new(),
            trainers: Vec::new(),
            track: None,
            reduced_prices: Vec::new(),
        }
    }

    const BASE: &str = "https://b.example";

    #[test]
    fn an_in_person_session_is_an_offline_event_at_its_venue_with_quebec_times() {
        let e = event(
            &details("Cybersécurité"),
            BASE,
            None,
            utc("2026-03-01 12:00"),
        );
        assert_eq!(e["@type"], "Event");
        assert_eq!(e["startDate"], "2026-03-14T13:30:00-04:00");
        assert_eq!(e["endDate"], "2026-03-14T15:00:00-04:00");
        assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled");
        assert_eq!(
            e["eventAttendanceMode"],
            "https://schema.org/OfflineEventAttendanceMode"
        );
        let a = &e["location"]["address"];
        assert_eq!(a["streetAddress"], "378, rue Principale");
        assert_eq!(a["addressLocality"], "Lachute");
        assert_eq!(a["addressRegion"], "QC");
        assert_eq!(a["postalCode"], "J8H 1Y2");
        assert_eq!(a["addressCountry"], "CA");
        assert_eq!(
            e["organizer"]["url"],
            "https://b.example/organisations/biblio-lachute"
        );
        assert_eq!(e["offers"]["price"], 0);
        assert_eq!(e["offers"]["priceCurrency"], "CAD");
        assert_eq!(e["offers"]["availability"], "https://schema.org/InStock");
        assert_eq!(e["inLanguage"], "fr");
        assert_eq!(e["url"], "https://b.example/sessions/42");
    }

    #[test]
    fn moved_cancelled_and_full_sessions_say_so() {
        let now = utc("2026-03-01 12:00");
        let before = utc("2026-03-07 18:30");
        let moved = event(&details("x"), BASE, Some(before), now);
        assert_eq!(moved["eventStatus"], "https://schema.org/EventRescheduled");
        assert_eq!(moved["previousStartDate"], "2026-03-07T13:30:00-05:00");

        let mut d = details("x");
        d.session.seats_taken = 10;
        let full = event(&d, BASE, None, now);
        assert_eq!(full["offers"]["availability"], "https://schema.org/SoldOut");

        d.session.status = SessionStatus::Cancelled;
        let cancelled = event(&d, BASE, Some(before), now);
        assert_eq!(
            cancelled["eventStatus"],
            "https://schema.org/EventCancelled"
        );
    }

    #[test]
    fn online_and_hybrid_sessions_keep_a_registered_link_private() {
        let now = utc("2026-03-01 12:00");
        let mut d = details("x");
        d.session.format = Format::Online;
        d.session.online_url = Some("https://meet.example/secret".into());
        d.session.price_cents = 1250;
        d.session.language = "bilingue".into();
        let e = event(&d, BASE, None, now);
        assert_eq!(
            e["eventAttendanceMode"],
            "https://schema.org/OnlineEventAttendanceMode"
        );
        assert_eq!(e["location"]["@type"], "VirtualLocation");
        assert_eq!(e["location"]["url"], "https://b.example/sessions/42");
        assert_eq!(e["offers"]["price"], 12.5);
        assert_eq!(e["inLanguage"], json!(["fr", "en"]));

        d.session.format = Format::Hybrid;
        d.session.registration_required = false;
        let e = event(&d, BASE, None, now);
        assert_eq!(
            e["eventAttendanceMode"],
            "https://schema.org/MixedEventAttendanceMode"
        );
        assert_eq!(e["location"][0]["@type"], "Place");
        assert_eq!(e["location"][1]["url"], "https://meet.example/secret");
    }

    #[test]
    fn a_hostile_title_cannot_end_the_script() {
        let title = "</script><script>alert(1)</script><!-- & \u{2028}";
        let e = event(&details(title), BASE, None, utc("2026-03-01 12:00"));
        let text = script_text(&e);
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], title, "the same value for a JSON reader");
    }
}
