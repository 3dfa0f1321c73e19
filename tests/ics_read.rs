//! What `read_feed` does with feeds that are odd or hostile: events without UID, start
//! or title are refused with a reason while the rest imports; bytes that are not a
//! calendar, or a calendar cut off, are an error; a `FREQ=SECONDLY` rule is capped;
//! unknown time zones, floating times and links that are not http(s).

use babillard::calendar::import::{
    MAX_OCCURRENCES_PER_EVENT, MAX_STEPS_PER_EVENT, ReadError, read_feed,
};
use babillard::domain::imported::ImportedFeed;
use babillard::domain::time::local;
use chrono::{NaiveDate, NaiveDateTime};

fn utc(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// A calendar around the given VEVENT bodies (one string each, lines separated by `|`).
fn calendar(events: &[&str]) -> Vec<u8> {
    let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n");
    for e in events {
        s.push_str("BEGIN:VEVENT\r\n");
        for line in e.split('|') {
            s.push_str(line);
            s.push_str("\r\n");
        }
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s.into_bytes()
}

fn read(events: &[&str]) -> ImportedFeed {
    read_feed(&calendar(events), utc(2026, 10, 1)..utc(2027, 4, 1)).unwrap()
}

fn quebec(t: NaiveDateTime) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

#[test]
fn events_missing_what_identifies_them_are_refused_and_the_rest_imports() {
    let feed = read(&[
        "SUMMARY:Sans identifiant|DTSTART:20261103T180000Z",
        "UID:no-start|SUMMARY:Sans début",
        "UID:no-title|DTSTART:20261103T180000Z",
        "UID:blank-title|SUMMARY:  |DTSTART:20261103T180000Z",
        "UID:bad-date|SUMMARY:Date illisible|DTSTART:2026-11-03 13:30",
        "UID:backwards|SUMMARY:À rebours|DTSTART:20261103T180000Z|DTEND:20261103T170000Z",
        "UID:good|SUMMARY:Tablette pour débutants|DTSTART:20261103T183000Z|DTEND:20261103T200000Z",
    ]);
    assert_eq!(feed.occurrences.len(), 1);
    assert_eq!(feed.occurrences[0].title, "Tablette pour débutants");
    let refused: Vec<(Option<&str>, &str)> = feed
        .refused
        .iter()
        .map(|r| (r.uid.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(refused.len(), 6, "{refused:?}");
    assert!(refused[0].0.is_none() && refused[0].1.contains("no UID"));
    assert_eq!(refused[1], (Some("no-start"), "it has no start (DTSTART)"));
    assert_eq!(refused[2], (Some("no-title"), "it has no title (SUMMARY)"));
    assert_eq!(
        refused[3],
        (Some("blank-title"), "it has no title (SUMMARY)")
    );
    assert_eq!(refused[4].0, Some("bad-date"));
    assert!(
        refused[4].1.contains("2026-11-03 13:30"),
        "{}",
        refused[4].1
    );
    assert_eq!(refused[5], (Some("backwards"), "it ends before it starts"));
}

#[test]
fn bytes_that_are_not_a_whole_calendar_are_an_error() {
    let window = utc(2026, 1, 1)..utc(2027, 1, 1);
    let page = read_feed(
        b"<!DOCTYPE html><html><body>Page introuvable</body></html>",
        window.clone(),
    );
    let Err(error) = page else {
        panic!("HTML is not a calendar")
    };
    assert!(matches!(error, ReadError::NotICalendar));
    assert_eq!(
        error.to_string(),
        "this is not an iCalendar feed: it does not begin with BEGIN:VCALENDAR"
    );
    assert!(matches!(
        read_feed(b"", window.clone()),
        Err(ReadError::NotICalendar)
    ));
    assert!(matches!(
        read_feed(&[0xff, 0xfe, 0x00, 0x42], window.clone()),
        Err(ReadError::NotICalendar)
    ));
    // Cut off mid-download: not read, or every event after the cut would look deleted.
    let whole = calendar(&["UID:a|SUMMARY:A|DTSTART:20260301T150000Z"]);
    let cut = &whole[..whole.len() - 20];
    assert!(matches!(read_feed(cut, window), Err(ReadError::Truncated)));
}

#[test]
fn a_hostile_secondly_rule_is_capped_and_said_so() {
    let started = std::time::Instant::now();
    // Every second from the window's start: 2,000 occurrences kept, and a refusal.
    let feed = read(&[
        "UID:flood|SUMMARY:Inondation|DTSTART:20261001T000000Z|RRULE:FREQ=SECONDLY",
        "UID:ok|SUMMARY:Atelier|DTSTART:20261103T183000Z",
    ]);
    assert_eq!(feed.occurrences.len(), MAX_OCCURRENCES_PER_EVENT + 1);
    assert_eq!(feed.refused.len(), 1);
    assert_eq!(feed.refused[0].uid.as_deref(), Some("flood"));
    assert!(
        feed.refused[0].reason.contains("2000"),
        "{}",
        feed.refused[0].reason
    );
    // Every second since 2020: the expansion stops after MAX_STEPS_PER_EVENT steps,
    // long before reaching the window, instead of walking 200 million seconds.
    let feed =
        read(&["UID:old-flood|SUMMARY:Inondation|DTSTART:20200101T000000Z|RRULE:FREQ=SECONDLY"]);
    assert!(feed.occurrences.is_empty());
    assert!(
        feed.refused[0]
            .reason
            .contains(&MAX_STEPS_PER_EVENT.to_string()),
        "{}",
        feed.refused[0].reason
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    // A rule that cannot be read refuses its event only.
    let feed = read(&[
        "UID:nonsense|SUMMARY:Règle|DTSTART:20261103T183000Z|RRULE:FREQ=SOMETIMES",
        "UID:ok|SUMMARY:Atelier|DTSTART:20261103T183000Z",
    ]);
    assert_eq!(feed.occurrences.len(), 1);
    assert!(
        feed.refused[0].reason.contains("RRULE"),
        "{}",
        feed.refused[0].reason
    );
}

#[test]
fn zones_floating_times_and_all_day_events() {
    let feed = read(&[
        // Floating: Québec time.
        "UID:floating|SUMMARY:Flottant|DTSTART:20261103T133000|DTEND:20261103T150000",
        // A label no one describes: Québec time too (see when::Zones::resolve).
        "UID:label|SUMMARY:Étiquette|DTSTART;TZID=Heure normale de l'Est:20261104T133000|DURATION:PT1H",
        // An IANA zone elsewhere: converted.
        "UID:paris|SUMMARY:Paris|DTSTART;TZID=Europe/Paris:20261105T190000|DURATION:PT1H",
        // All day without DTEND: one day, midnight to midnight.
        "UID:day|SUMMARY:Journée|DTSTART;VALUE=DATE:20261106",
    ]);
    let got: Vec<(String, String, bool)> = feed
        .occurrences
        .iter()
        .map(|o| (quebec(o.starts_at), quebec(o.ends_at), o.all_day))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-11-03 13:30".into(), "2026-11-03 15:00".into(), false),
            ("2026-11-04 13:30".into(), "2026-11-04 14:30".into(), false),
            ("2026-11-05 13:00".into(), "2026-11-05 14:00".into(), false),
            ("2026-11-06 00:00".into(), "2026-11-07 00:00".into(), true),
        ]
    );
}

#[test]
fn links_are_kept_only_when_they_are_http() {
    let feed = read(&[
        "UID:a|SUMMARY:A|DTSTART:20261103T183000Z|URL:javascript:alert(1)",
        "UID:b|SUMMARY:B|DTSTART:20261104T183000Z|URL;VALUE=URI:https://biblio.example/b",
        "UID:c|SUMMARY:C|DTSTART:20261105T183000Z|URL:ftp://biblio.example/c",
        "UID:d|SUMMARY:D|DTSTART:20261106T183000Z|URL:http://biblio.example/d",
    ]);
    let urls: Vec<Option<&str>> = feed.occurrences.iter().map(|o| o.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            None,
            Some("https://biblio.example/b"),
            None,
            Some("http://biblio.example/d")
        ]
    );
}

#[test]
fn an_override_of_an_event_the_feed_does_not_carry_stands_alone() {
    // Google exports only the instance someone was invited to.
    let feed = read(&[
        "UID:series|SUMMARY:Séance déplacée|RECURRENCE-ID:20261103T183000Z|DTSTART:20261105T183000Z|DURATION:PT1H",
    ]);
    assert_eq!(feed.occurrences.len(), 1);
    assert_eq!(feed.occurrences[0].key, "series#20261103T183000Z");
    assert_eq!(quebec(feed.occurrences[0].starts_at), "2026-11-05 13:30");
}
