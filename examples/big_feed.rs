//! Prints a realistic partner feed of 5,000 VEVENTs to stdout, the same bytes every run:
//! single workshops, weekly series (some with EXDATEs and RECURRENCE-ID overrides, moved
//! or cancelled), monthly all-day events, HTML descriptions, escaped and folded lines,
//! a VTIMEZONE, as Google Calendar writes them. For the `ics_read` benchmark and the
//! import benchmark: `cargo run --release --example big_feed > big.ics`.

use std::fmt::Write;

/// How many VEVENT blocks the feed holds (overrides included).
pub const EVENTS: usize = 5_000;

const TITLES: &[&str] = &[
    "Tablette pour débutants",
    "Café numérique",
    "Sécurité en ligne : reconnaître l'hameçonnage",
    "Initiation à Facebook, niveau 1",
    "Aide informatique sans rendez-vous",
    "Votre téléphone intelligent; trucs et astuces",
    "Les services gouvernementaux en ligne",
    "Club de lecture numérique",
    "Photos de famille : les classer et les partager",
    "Courriel pour les aînés",
];
const PLACES: &[&str] = &[
    "Bibliothèque Jean-Marc-Belzile, 378 rue Principale, Lachute",
    "Centre communautaire, 16 avenue Hamford, Lachute",
    "Bibliothèque de Brownsburg-Chatham, 270 route du Canton",
    "Hôtel de ville de Saint-André-d'Argenteuil",
    "Salle Desjardins, Grenville-sur-la-Rouge",
];

/// A small deterministic generator (a linear congruential one), so runs compare.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, never inside a UTF-8 sequence.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A day `n` days after 2026-09-01 as `YYYYMMDD` (no leap day in the range used).
fn day(n: u64) -> String {
    const MONTHS: [(u32, u64); 12] = [
        (9, 30),
        (10, 31),
        (11, 30),
        (12, 31),
        (1, 31),
        (2, 28),
        (3, 31),
        (4, 30),
        (5, 31),
        (6, 30),
        (7, 31),
        (8, 31),
    ];
    let mut n = n % 365;
    for (month, len) in MONTHS {
        if n < len {
            let year = if month >= 9 { 2026 } else { 2027 };
            return format!("{year}{month:02}{:02}", n + 1);
        }
        n -= len;
    }
    unreachable!("n < 365")
}

pub fn feed() -> String {
    let mut rng = Lcg(20_261_101);
    let mut out = String::with_capacity(6_000_000);
    for line in [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Réseau des bibliothèques d'Argenteuil",
        "X-WR-TIMEZONE:America/Toronto",
        "BEGIN:VTIMEZONE",
        "TZID:America/Toronto",
        "X-LIC-LOCATION:America/Toronto",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0400",
        "TZNAME:EDT",
        "DTSTART:19700308T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0500",
        "TZNAME:EST",
        "DTSTART:19701101T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        push_folded(&mut out, line);
    }
    let mut written = 0;
    let mut n = 0;
    while written < EVENTS {
        n += 1;
        let title = TITLES[rng.next(TITLES.len() as u64) as usize];
        let place = PLACES[rng.next(PLACES.len() as u64) as usize];
        let start_day = rng.next(300);
        let hour = 9 + rng.next(10);
        let minute = [0, 15, 30, 45][rng.next(4) as usize];
        let length = 60 + 30 * rng.next(4);
        let end_minutes = hour * 60 + minute + length;
        let kind = rng.next(100);
        let uid = format!("{n:06}-{:08x}@google.com", rng.next(u64::from(u32::MAX)));
        let mut event = vec!["BEGIN:VEVENT".to_owned()];
        let recurring = kind < 15;
        if kind >= 97 {
            // All day, monthly, three times.
            event.push(format!("DTSTART;VALUE=DATE:{}", day(start_day)));
            event.push(format!("DTEND;VALUE=DATE:{}", day(start_day + 1)));
            event.push("RRULE:FREQ=MONTHLY;COUNT=3".into());
        } else {
            let d = day(start_day);
            event.push(format!(
                "DTSTART;TZID=America/Toronto:{d}T{hour:02}{minute:02}00"
            ));
            event.push(format!(
                "DTEND;TZID=America/Toronto:{d}T{:02}{:02}00",
                end_minutes / 60,
                end_minutes % 60
            ));
            if recurring {
                event.push(format!("RRULE:FREQ=WEEKLY;COUNT={}", 6 + rng.next(10)));
                if rng.next(2) == 0 {
                    event.push(format!(
                        "EXDATE;TZID=America/Toronto:{}T{hour:02}{minute:02}00,{}T{hour:02}{minute:02}00",
                        day(start_day + 14),
                        day(start_day + 28)
                    ));
                }
            }
        }
        event.push("DTSTAMP:20261020T140512Z".into());
        event.push(format!("UID:{uid}"));
        event.push(format!(
            "DESCRIPTION:{}",
            escape(&format!(
                "<p>Atelier <b>gratuit</b> animé par un bénévole&nbsp;: {title}.</p>\
                 <p>Apportez votre appareil, chargé.<br>Places limitées à {} personnes.</p>\
                 <ul><li>Durée : {length} minutes</li><li>Lieu : {place}</li></ul>",
                8 + rng.next(12)
            ))
        ));
        event.push(format!("LOCATION:{}", escape(place)));
        event.push("SEQUENCE:0".into());
        event.push(
            if kind == 50 {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            }
            .into(),
        );
        event.push(format!("SUMMARY:{}", escape(title)));
        event.push(format!(
            "URL:https://biblio-argenteuil.example/evenement/{n}/"
        ));
        event.push("TRANSP:OPAQUE".into());
        event.push("END:VEVENT".into());
        for line in &event {
            push_folded(&mut out, line);
        }
        written += 1;
        // A third of the weekly series have their second week moved (or cancelled).
        if recurring && rng.next(3) == 0 && written < EVENTS {
            let original = day(start_day + 7);
            let moved = day(start_day + 8);
            let mut o = vec![
                "BEGIN:VEVENT".to_owned(),
                format!("DTSTART;TZID=America/Toronto:{moved}T{hour:02}{minute:02}00"),
                format!(
                    "DTEND;TZID=America/Toronto:{moved}T{:02}{:02}00",
                    end_minutes / 60,
                    end_minutes % 60
                ),
                "DTSTAMP:20261020T140512Z".into(),
                format!("UID:{uid}"),
                format!("RECURRENCE-ID;TZID=America/Toronto:{original}T{hour:02}{minute:02}00"),
                format!("SUMMARY:{} (déplacé)", escape(title)),
                format!("LOCATION:{}", escape(place)),
                "SEQUENCE:1".into(),
            ];
            if rng.next(2) == 0 {
                o.push("STATUS:CANCELLED".into());
            }
            o.push("END:VEVENT".into());
            for line in &o {
                push_folded(&mut out, line);
            }
            written += 1;
        }
    }
    push_folded(&mut out, "END:VCALENDAR");
    let _ = write!(out, "");
    out
}

#[allow(dead_code)]
fn main() {
    print!("{}", feed());
}
