//! Partners' calendars as real producers write them (Google Calendar, Outlook / Office
//! 365 with Windows zone names, The Events Calendar for WordPress, a Thunderbird-made
//! municipal calendar with RRULE + EXDATE + RECURRENCE-ID across a daylight-saving
//! change), served over HTTP on loopback, fetched with `calendar::fetch` and read with
//! `calendar::import::read_feed`. Each fixture's expected occurrences are written in
//! Québec time, as a person reading the partner's calendar would see them.

use crate::ics_support;

use std::time::Duration;

use babillard::calendar::fetch::{Fetched, Limits, Validators, fetch};
use babillard::calendar::import::read_feed;
use babillard::domain::imported::{ImportedFeed, Occurrence};
use babillard::domain::time::local;
use chrono::{NaiveDate, NaiveDateTime};

fn utc(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// October 2026 to March 2027: both daylight-saving changes (2026-11-01, 2027-03-14).
fn season() -> std::ops::Range<NaiveDateTime> {
    utc(2026, 10, 1)..utc(2027, 4, 1)
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(10),
        max_bytes: 1_000_000,
        user_agent: "Babillard-test/1".into(),
    }
}

/// Fetches a fixture from the loopback server and reads it.
fn import(server: &ics_support::Server, name: &str) -> ImportedFeed {
    let fetched = fetch(
        &server.url(&format!("/fixtures/{name}")),
        &Validators::default(),
        &limits(),
    )
    .unwrap_or_else(|e| panic!("fetching {name}: {e}"));
    let Fetched::Body { bytes, validators } = fetched else {
        panic!("{name}: a first fetch has a body");
    };
    assert_eq!(validators.etag, Some(ics_support::etag(&bytes)));
    assert_eq!(
        bytes,
        ics_support::fixture(name),
        "the bytes served are the fixture"
    );
    read_feed(&bytes, season()).unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

/// One occurrence as a person reads it in Québec.
fn line(o: &Occurrence) -> String {
    let (s, e) = (local(o.starts_at), local(o.ends_at));
    let end = if s.date_naive() == e.date_naive() {
        e.format("%H:%M").to_string()
    } else {
        e.format("%Y-%m-%d %H:%M").to_string()
    };
    format!(
        "{} → {end} · {}{}{}",
        s.format("%Y-%m-%d %H:%M"),
        o.title,
        if o.all_day { " (journée)" } else { "" },
        if o.cancelled { " (annulé)" } else { "" },
    )
}

fn lines(feed: &ImportedFeed) -> Vec<String> {
    feed.occurrences.iter().map(line).collect()
}

fn by_title<'a>(feed: &'a ImportedFeed, title: &str) -> &'a Occurrence {
    feed.occurrences
        .iter()
        .find(|o| o.title == title)
        .unwrap_or_else(|| panic!("no occurrence titled {title}"))
}

#[test]
fn google_calendar_export() {
    let server = ics_support::start();
    let feed = import(&server, "google.ics");
    assert_eq!(
        feed.name.as_deref(),
        Some("Bibliothèque de Lachute – ateliers numériques")
    );
    assert_eq!(
        lines(&feed),
        [
            // Weekly from before the change to standard time: still 10:00 after it.
            "2026-10-27 10:00 → 11:30 · Café numérique",
            "2026-11-03 10:00 → 11:30 · Café numérique",
            // Written in UTC (23:30Z).
            "2026-11-05 18:30 → 20:00 · Sécurité en ligne : reconnaître l'hameçonnage, \
             les fraudes et les faux messages texte",
            "2026-11-10 10:00 → 11:30 · Café numérique",
            "2026-11-12 14:00 → 15:00 · Club de lecture numérique (annulé)",
            "2026-11-17 10:00 → 11:30 · Café numérique",
            "2026-11-21 00:00 → 2026-11-22 00:00 · Journée portes ouvertes (journée)",
        ]
    );
    let cafe = by_title(&feed, "Café numérique");
    assert_eq!(
        cafe.key,
        "5q1m0o8k2j7d9c4s3r6t0v2b1n@google.com#20261027T140000Z"
    );
    // Escapes undone; a fold after a space keeps the space ("inscription requise").
    assert_eq!(
        cafe.description,
        "Apportez vos questions sur l'ordinateur, la tablette ou le téléphone. Un bénévole \
         vous aide; le café est offert.\n\nAucune inscription requise."
    );
    assert_eq!(
        cafe.location.as_deref(),
        Some("Bibliothèque Jean-Marc-Belzile, 378 Rue Principale, Lachute, QC J8H 1Y2, Canada")
    );
    let security = &feed.occurrences[2];
    assert_eq!(security.key, "0hd7s2kq3v9l1m5f8j6c4n2b7p@google.com");
    assert_eq!(
        security.description,
        "Apprenez à reconnaître un courriel frauduleux : liens trompeurs, fausses factures, \
         faux colis.\n\nAtelier donné par la Sûreté du Québec.\nPlaces limitées à 15 \
         personnes.\n\nInscription \
         (https://www.google.com/url?q=https://biblio-lachute.example/inscription)"
    );
    let open_day = by_title(&feed, "Journée portes ouvertes");
    assert_eq!(
        (open_day.location.as_deref(), open_day.description.as_str()),
        (None, "")
    );
    // Last year's event is outside the window; the one without a title is refused.
    assert_eq!(feed.refused.len(), 1, "{:?}", feed.refused);
    assert_eq!(
        feed.refused[0].uid.as_deref(),
        Some("4n6m8b0v2c4x6z8l0k2j4h6g8f@google.com")
    );
    assert!(feed.refused[0].reason.contains("SUMMARY"));
}

#[test]
fn outlook_calendar_with_windows_zone_names() {
    let server = ics_support::start();
    let feed = import(&server, "outlook.ics");
    assert_eq!(feed.name.as_deref(), Some("Calendrier"));
    assert_eq!(
        lines(&feed),
        [
            // "Eastern Standard Time", weekly until 2026-11-25 09:00 EST (14:00Z), the
            // 11th (Remembrance Day) excluded.
            "2026-10-28 09:00 → 12:00 · Aide informatique sans rendez-vous",
            "2026-11-04 09:00 → 12:00 · Aide informatique sans rendez-vous",
            "2026-11-10 09:00 → 11:30 · Atelier : votre téléphone intelligent",
            // 13:00 "Central Standard Time" is 14:00 in Québec.
            "2026-11-12 14:00 → 15:00 · Webinaire : les services gouvernementaux en ligne",
            "2026-11-18 09:00 → 12:00 · Aide informatique sans rendez-vous",
            // 11:00 "Atlantic Standard Time" is 10:00 in Québec; DURATION:PT1H.
            "2026-11-19 10:00 → 11:00 · Rencontre des partenaires de l'Est",
            // TZID=UTC: 15:00 UTC is 10:00 EST.
            "2026-11-24 10:00 → 11:30 · Formation des bénévoles (heure universelle)",
            "2026-11-25 09:00 → 12:00 · Aide informatique sans rendez-vous",
            "2026-12-01 00:00 → 2026-12-03 00:00 · Salon des aînés branchés (journée)",
        ]
    );
    let phone = by_title(&feed, "Atelier : votre téléphone intelligent");
    // Outlook's UID is folded over two lines; it comes back whole.
    assert_eq!(
        phone.key,
        "040000008200E00074C5B7101A82E00800000000D0A5E1F3C26DDC01000000000000000\
         010000000C7E2A8F1B5D04E4A9F3C6B2D8E1A7F40"
    );
    assert_eq!(
        phone.description,
        "Venez avec votre téléphone chargé et vos mots de passe.\n\nAnimé par Centre \
         d'action bénévole d'Argenteuil."
    );
    assert_eq!(
        phone.location.as_deref(),
        Some("Centre communautaire de Brownsburg, salle 2")
    );
    assert!(feed.refused.is_empty(), "{:?}", feed.refused);
}

#[test]
fn wordpress_events_calendar_with_html_descriptions() {
    let server = ics_support::start();
    let feed = import(&server, "wordpress.ics");
    assert_eq!(feed.name.as_deref(), Some("Bibliothèques d'Argenteuil"));
    assert_eq!(
        lines(&feed),
        [
            "2026-11-17 14:00 → 16:00 · Initiation à Facebook – niveau 1",
            "2026-11-24 18:30 → 20:00 · Soirée jeux vidéo en famille",
            "2026-12-05 00:00 → 2026-12-07 00:00 · Semaine du numérique : exposition (journée)",
        ]
    );
    let facebook = &feed.occurrences[0];
    // Gutenberg comments, the style and the script are gone; the list keeps its items.
    assert_eq!(
        facebook.description,
        "Vous voulez garder contact avec vos proches ? Apprenez à créer un compte, à \
         publier une photo et à régler votre vie privée.\n\n\
         • Apportez votre tablette ou votre téléphone\n\
         • Gratuit pour les abonnés & leurs proches"
    );
    assert_eq!(
        facebook.url.as_deref(),
        Some("https://biblio-argenteuil.example/evenement/initiation-a-facebook-niveau-1/")
    );
    assert_eq!(
        facebook.location.as_deref(),
        Some(
            "Bibliothèque Jean-Marc-Belzile, 378 rue Principale, Lachute, Québec, J8H 1Y2, Canada"
        )
    );
    assert_eq!(
        feed.occurrences[1].description,
        "Une soirée pour jouer ensemble sur Switch et tablettes.\n\
         Pour les 8 ans et plus, accompagnés d’un adulte."
    );
    assert!(feed.refused.is_empty(), "{:?}", feed.refused);
}

#[test]
fn recurrence_with_exdates_and_overrides_across_daylight_saving_changes() {
    let server = ics_support::start();
    let feed = import(&server, "recurrence.ics");
    assert_eq!(feed.name.as_deref(), Some("Ville de Lachute – loisirs"));
    assert_eq!(
        lines(&feed),
        [
            // COUNT=8 weekly from 2026-10-20 13:30, over the change to standard time;
            // EXDATE 11-10 and 11-24 (one line), 12-08 (another line).
            "2026-10-20 13:30 → 15:00 · Tablette pour débutants",
            "2026-10-27 13:30 → 15:00 · Tablette pour débutants",
            "2026-11-03 13:30 → 15:00 · Tablette pour débutants",
            // Monthly, first Saturday, all day.
            "2026-11-07 00:00 → 2026-11-08 00:00 · Bazar informatique (journée)",
            // The 11-17 occurrence moved to Thursday morning, with a new title.
            "2026-11-19 10:00 → 11:30 · Tablette pour débutants (déplacé au jeudi matin)",
            // The 12-01 occurrence cancelled by its override.
            "2026-12-01 13:30 → 15:00 · Tablette pour débutants (annulé)",
            "2026-12-05 00:00 → 2026-12-06 00:00 · Bazar informatique (journée)",
            "2027-01-02 00:00 → 2027-01-03 00:00 · Bazar informatique (journée)",
            // Floating times (Québec), over the change to daylight time on 2027-03-14.
            "2027-03-03 10:00 → 11:30 · Café-causerie numérique",
            "2027-03-10 10:00 → 11:30 · Café-causerie numérique",
            "2027-03-17 10:00 → 11:30 · Café-causerie numérique",
        ]
    );
    let keys: Vec<&str> = feed.occurrences[..6]
        .iter()
        .map(|o| o.key.as_str())
        .collect();
    let uid = "a3c6f1e2-7b4d-4e5a-9c8b-2d1f0e9a8b7c";
    assert_eq!(
        keys,
        [
            format!("{uid}#20261020T173000Z"),
            format!("{uid}#20261027T173000Z"),
            format!("{uid}#20261103T183000Z"),
            "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b#20261107T050000Z".to_owned(),
            // The moved occurrence keeps the identity of the one it replaces.
            format!("{uid}#20261117T183000Z"),
            format!("{uid}#20261201T183000Z"),
        ]
    );
    assert_eq!(
        feed.occurrences[0].description,
        "Huit semaines pour apprivoiser la tablette.\nApportez la vôtre ou empruntez-en une."
    );
    assert!(feed.refused.is_empty(), "{:?}", feed.refused);

    // A narrower window keeps the occurrences that start in it, and the override whose
    // original date is in it even though it moved out.
    let bytes = ics_support::fixture("recurrence.ics");
    let november = read_feed(&bytes, utc(2026, 11, 4)..utc(2026, 11, 19)).unwrap();
    assert_eq!(
        lines(&november),
        [
            "2026-11-07 00:00 → 2026-11-08 00:00 · Bazar informatique (journée)",
            "2026-11-19 10:00 → 11:30 · Tablette pour débutants (déplacé au jeudi matin)",
        ]
    );
}

#[test]
fn an_unchanged_feed_is_not_sent_again() {
    let server = ics_support::start();
    let url = server.url("/fixtures/outlook.ics");
    let Fetched::Body { validators, .. } = fetch(&url, &Validators::default(), &limits()).unwrap()
    else {
        panic!("a first fetch has a body");
    };
    assert_eq!(
        validators.last_modified.as_deref(),
        Some(ics_support::LAST_MODIFIED)
    );
    assert_eq!(server.bodies_sent(), 1);
    // If-None-Match with the ETag received.
    assert_eq!(
        fetch(&url, &validators, &limits()).unwrap(),
        Fetched::NotModified
    );
    // If-Modified-Since alone, from a server that gave no ETag.
    let date_only = Validators {
        etag: None,
        last_modified: validators.last_modified.clone(),
    };
    assert_eq!(
        fetch(&url, &date_only, &limits()).unwrap(),
        Fetched::NotModified
    );
    // A stale ETag gets the body.
    let stale = Validators {
        etag: Some("\"0000\"".into()),
        last_modified: None,
    };
    assert!(matches!(
        fetch(&url, &stale, &limits()).unwrap(),
        Fetched::Body { .. }
    ));
    assert_eq!(server.bodies_sent(), 2);
}
