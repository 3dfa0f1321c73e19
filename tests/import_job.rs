//! A partner's calendar as the service keeps it: registered once, fetched by the job
//! from its address (here a server on loopback), applied to the programme, asked again
//! politely (a 304 costs nothing), and waited for longer when the partner's server fails.

use crate::common;
use crate::ics_support;

use babillard::db::schema::{calendar_sources, sessions};
use babillard::domain::access::Access;
use babillard::jobs::imports::{Refreshed, refresh};
use babillard::store::imports::{SourceInput, register_source};
use common::TestApp;
use common::fixtures::{self, utc};
use common::staff;
use diesel::prelude::*;

/// The regional administrator, who may register any organisation's calendar.
fn administrator(c: &mut babillard::db::DbConnection) -> Access {
    Access {
        user_id: staff::user(c, "admin@example.org", "admin", None),
        is_admin: true,
        ..Access::default()
    }
}

/// Registers `path` of the loopback server as a calendar of the test library.
fn register(app: &TestApp, server: &ics_support::Server, path: &str, trusted: bool) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        let who = administrator(c);
        let mut input = SourceInput::new(
            b.organisation_id,
            "Bibliothèque de Lachute",
            Some(&server.url(path)),
            b.kind_id,
        );
        input.trusted = trusted;
        register_source(c, &who, &input).expect("registered")
    })
}

fn imported_titles(app: &TestApp, source_id: i64) -> Vec<String> {
    app.with_conn(|c| {
        sessions::table
            .filter(sessions::external_uid.like(format!("{source_id}/%")))
            .order((sessions::starts_at, sessions::id))
            .select(sessions::title)
            .load(c)
            .unwrap()
    })
}

on_both_backends! {
    async fn the_job_imports_then_asks_again_politely(app: TestApp) {
        let server = ics_support::start();
        let id = register(&app, &server, "/fixtures/google.ics", true);
        // The fixture's activities are in October and November 2026: the job runs as
        // if on the first of October.
        let at = utc("2026-10-01 12:00");
        let first = refresh(&app.state.db, &app.state.settings, id, at).expect("imported");
        let Refreshed::Imported(summary) = first else {
            panic!("a first fetch reads the feed: {first:?}")
        };
        assert!(summary.new > 0, "{summary:?}");
        let titles = imported_titles(&app, id);
        assert_eq!(titles.len(), summary.new, "{titles:?}");
        assert_eq!(server.bodies_sent(), 1);

        // Next time, the validators are sent back and the partner answers 304.
        let again = refresh(&app.state.db, &app.state.settings, id, at).expect("asked");
        assert!(matches!(again, Refreshed::Unchanged), "{again:?}");
        assert_eq!(server.bodies_sent(), 1, "an unchanged feed is not sent again");
        assert_eq!(imported_titles(&app, id), titles);

        // The source remembers when it was fetched and when to come back.
        let (failures, fetched, next): (i32, Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>) =
            app.with_conn(|c| {
                calendar_sources::table
                    .find(id)
                    .select((
                        calendar_sources::failures,
                        calendar_sources::fetched_at,
                        calendar_sources::next_fetch_at,
                    ))
                    .first(c)
                    .unwrap()
            });
        assert_eq!(failures, 0);
        assert_eq!(fetched, Some(at));
        assert!(next.is_some_and(|n| n > at), "{next:?}");
    }

    async fn a_failing_partner_is_waited_for_longer_and_nothing_is_lost(app: TestApp) {
        let server = ics_support::start();
        let id = register(&app, &server, "/fixtures/google.ics", true);
        let at = utc("2026-10-01 12:00");
        refresh(&app.state.db, &app.state.settings, id, at).expect("imported");
        let before = imported_titles(&app, id);
        assert!(!before.is_empty());

        // The partner's address now answers 404.
        app.with_conn(|c| {
            diesel::update(calendar_sources::table.find(id))
                .set(calendar_sources::url.eq(server.url("/no-such-calendar.ics")))
                .execute(c)
                .unwrap()
        });
        let failed = refresh(&app.state.db, &app.state.settings, id, at);
        let err = format!("{:#}", failed.expect_err("a 404 fails"));
        assert!(err.contains("404"), "{err}");
        let (failures, last_error, next): (i32, Option<String>, Option<chrono::NaiveDateTime>) =
            app.with_conn(|c| {
                calendar_sources::table
                    .find(id)
                    .select((
                        calendar_sources::failures,
                        calendar_sources::last_error,
                        calendar_sources::next_fetch_at,
                    ))
                    .first(c)
                    .unwrap()
            });
        assert_eq!(failures, 1);
        assert!(last_error.is_some_and(|e| e.contains("404")));
        // Six hours by default, doubled after a failure.
        assert!(next.is_some_and(|n| n >= at + chrono::Duration::hours(12)), "{next:?}");
        // A failed fetch cancels nothing.
        assert_eq!(imported_titles(&app, id), before);
        let cancelled: i64 = app.with_conn(|c| {
            sessions::table
                .filter(sessions::external_uid.like(format!("{id}/%")))
                .filter(sessions::status.eq(babillard::domain::session::SessionStatus::Cancelled))
                .count()
                .get_result(c)
                .unwrap()
        });
        assert_eq!(cancelled, 0);
    }
}

/// A trusted calendar whose events name a place no venue matches, placed in the test
/// town by the calendar's default municipality.
fn import_unknown_place(app: &TestApp) {
    use babillard::db::schema::municipalities;
    use babillard::domain::imported::{ImportedFeed, Occurrence};
    app.with_conn(|c| {
        let b = fixtures::base(c);
        let town: i64 = municipalities::table
            .filter(municipalities::slug.eq("test-ville"))
            .select(municipalities::id)
            .first(c)
            .unwrap();
        let who = administrator(c);
        let mut input = SourceInput::new(b.organisation_id, "Club informatique", None, b.kind_id);
        input.trusted = true;
        input.municipality_id = Some(town);
        let id = register_source(c, &who, &input).unwrap();
        let starts = fixtures::in_days(10);
        let feed = ImportedFeed {
            name: None,
            occurrences: vec![Occurrence {
                key: "entraide@club.example".into(),
                starts_at: starts,
                ends_at: starts + chrono::Duration::minutes(90),
                all_day: false,
                title: "Soirée d'entraide informatique".into(),
                description: String::new(),
                location: Some("Sous-sol de l'église Sainte-Anne".into()),
                url: Some("https://club.example/entraide".into()),
                cancelled: false,
            }],
            refused: Vec::new(),
        };
        let s =
            babillard::store::imports::apply(c, id, &feed, babillard::db::now(), false).unwrap();
        assert_eq!(s.new, 1, "{s:?}");
    });
}

on_both_backends! {
    async fn an_activity_at_an_unknown_place_is_found_in_its_town_and_shows_the_place(app: TestApp) {
        import_unknown_place(&app);
        let html = app.get("/?municipality=test-ville").await.text().replace('\u{a0}', " ");
        assert!(html.contains("Soirée d"), "found by its town: {html}");
        assert!(
            html.contains("Sous-sol de l&#x27;église Sainte-Anne, Ville test")
                || html.contains("Sous-sol de l'église Sainte-Anne, Ville test")
                || html.contains("Sous-sol de l&#39;église Sainte-Anne, Ville test"),
            "the place as the calendar wrote it, not « en ligne »: {html}"
        );
        // Another town's filter leaves it out.
        app.with_conn(|c| fixtures::base_named(c, "autre"));
        let other = app.get("/?municipality=autre-ville").await.text();
        assert!(!other.contains("Soirée d"), "{other}");
    }
}

/// A slow partner never holds the service up: while the job waits for a partner's
/// server, SQLite's one write connection stays free for registrations and staff edits.
/// The partner here answers only once the test has written through that connection
/// (were the job holding it, the write would wait for the pool's timeout and fail).
#[actix_web::test]
async fn a_slow_partner_does_not_hold_the_write_connection() {
    use std::io::{Read, Write};
    use std::sync::mpsc;
    use std::time::Duration;

    let app = TestApp::sqlite().await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/agenda.ics", listener.local_addr().unwrap());
    let id = app.with_conn(|c| {
        let b = fixtures::base(c);
        let who = administrator(c);
        let input = SourceInput::new(b.organisation_id, "Agenda lent", Some(&url), b.kind_id);
        register_source(c, &who, &input).expect("registered")
    });
    let (asked, partner_asked) = mpsc::channel();
    let (answer, may_answer) = mpsc::channel::<()>();
    let partner = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = s.read(&mut request);
        asked.send(()).unwrap();
        let _ = may_answer.recv_timeout(Duration::from_secs(60));
        s.write_all(b"HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .unwrap();
    });
    let state = app.state.clone();
    let job = std::thread::spawn(move || {
        refresh(&state.db, &state.settings, id, utc("2026-10-01 12:00"))
    });
    partner_asked
        .recv_timeout(Duration::from_secs(60))
        .expect("the job asked the partner");
    let wrote = app.with_conn(|c| {
        diesel::update(calendar_sources::table.find(id))
            .set(calendar_sources::name.eq("Agenda lent (renommé)"))
            .execute(c)
    });
    answer.send(()).unwrap();
    assert_eq!(wrote.unwrap(), 1);
    assert!(matches!(job.join().unwrap(), Ok(Refreshed::Unchanged)));
    partner.join().unwrap();
}
