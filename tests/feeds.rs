//! Calendar feeds and the subscribe page, on both databases; every feed is read back
//! with the independent `icalendar` parser.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::{session_trainers, sessions, trainers};
use chrono::Duration;
use common::fixtures::{self, in_days};
use common::mailkit::{Ics, parse_ics, registration};
use diesel::prelude::*;

/// Titles of the events of a feed, in order.
fn titles(ics: &Ics) -> Vec<String> {
    ics.events
        .iter()
        .map(|e| e["SUMMARY"].value.clone())
        .collect()
}

/// Two towns, sessions tagged for seniors or youth and on two topics.
fn catalogue(conn: &mut babillard::db::DbConnection) -> (i64, i64, i64, i64) {
    let a = fixtures::base_named(conn, "lachute");
    let b = fixtures::base_named(conn, "brownsburg");
    let s1 = fixtures::session(conn, &a, "Aînés cyber Lachute", in_days(3), |_| {});
    fixtures::tag(conn, s1, &["aines"], &["cybersecurite"]);
    let s2 = fixtures::session(conn, &a, "Jeunes réseaux Lachute", in_days(4), |_| {});
    fixtures::tag(conn, s2, &["jeunes"], &["reseaux-sociaux"]);
    let s3 = fixtures::session(conn, &b, "Aînés réseaux Brownsburg", in_days(5), |_| {});
    fixtures::tag(conn, s3, &["aines"], &["reseaux-sociaux"]);
    let s4 = fixtures::session(conn, &b, "Brouillon caché", in_days(6), |s| {
        s.status = babillard::domain::session::SessionStatus::Draft
    });
    (s1, s2, s3, s4)
}

on_both_backends! {
    async fn the_public_feed_filters_like_the_contract_and_publishes_without_inviting(app: TestApp) {
        app.with_conn(catalogue);
        let all = app.get("/calendar.ics").await;
        assert_eq!(all.status, StatusCode::OK);
        assert_eq!(all.header("content-type").as_deref(), Some("text/calendar; charset=utf-8"));
        let ics = parse_ics(&all.text());
        assert_eq!(titles(&ics), vec!["Aînés cyber Lachute", "Jeunes réseaux Lachute", "Aînés réseaux Brownsburg"]);
        assert_eq!(ics.prop("METHOD"), Some("PUBLISH"));
        assert!(!all.text().contains("METHOD:REQUEST") && !all.text().contains("ATTENDEE"));
        assert_eq!(ics.prop("X-WR-CALNAME"), Some("Babillard — Toutes les activités"));
        assert_eq!(ics.props["REFRESH-INTERVAL"].value, "PT6H");
        assert_eq!(ics.props["REFRESH-INTERVAL"].params["VALUE"], "DURATION");
        assert_eq!(ics.prop("X-PUBLISHED-TTL"), Some("PT6H"));
        assert!(ics.events[0]["UID"].value.starts_with("session-"));

        // OR within a key, AND across keys.
        let seniors = parse_ics(&app.get("/calendar.ics?audience=aines").await.text());
        assert_eq!(titles(&seniors), vec!["Aînés cyber Lachute", "Aînés réseaux Brownsburg"]);
        assert_eq!(seniors.prop("X-WR-CALNAME"), Some("Babillard — Aînés"));
        let either = parse_ics(&app.get("/calendar.ics?topic=cybersecurite&topic=reseaux-sociaux&municipality=lachute-ville").await.text());
        assert_eq!(titles(&either), vec!["Aînés cyber Lachute", "Jeunes réseaux Lachute"]);
        let both = parse_ics(&app.get("/calendar.ics?audience=aines&topic=reseaux-sociaux").await.text());
        assert_eq!(titles(&both), vec!["Aînés réseaux Brownsburg"]);
        let org = parse_ics(&app.get("/calendar.ics?org=brownsburg&kind=atelier-pratique").await.text());
        assert_eq!(titles(&org), vec!["Aînés réseaux Brownsburg"]);

        // Bad filters are the client's error, named, never a 500.
        assert_eq!(app.get("/calendar.ics?audience=pas-un-public").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.get("/calendar.ics?audience=%00").await.status, StatusCode::BAD_REQUEST);
    }

    async fn feeds_answer_304_until_something_changes_and_compress(app: TestApp) {
        let (s1, ..) = app.with_conn(catalogue);
        let first = app.get("/calendar.ics?audience=aines").await;
        let etag = first.header("etag").expect("an ETag");
        let last_modified = first.header("last-modified").expect("a Last-Modified");
        let again = app.call(TestRequest::get().uri("/calendar.ics?audience=aines").insert_header(("If-None-Match", etag.clone()))).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        let head = app.call(TestRequest::default().method(actix_web::http::Method::HEAD).uri("/calendar.ics?audience=aines")).await;
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.header("etag"), Some(etag.clone()));
        let since = app.call(TestRequest::get().uri("/calendar.ics?audience=aines").insert_header(("If-Modified-Since", last_modified))).await;
        assert_eq!(since.status, StatusCode::NOT_MODIFIED);

        let gz = app.call(TestRequest::get().uri("/calendar.ics?audience=aines").insert_header(("Accept-Encoding", "gzip"))).await;
        assert_eq!(gz.header("content-encoding").as_deref(), Some("gzip"));
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz.body[..]), &mut text).unwrap();
        assert_eq!(text, first.text());
        let gz_etag = gz.header("etag").unwrap();
        assert_ne!(gz_etag, etag, "the gzipped representation has its own tag");
        let gz_again = app.call(TestRequest::get().uri("/calendar.ics?audience=aines").insert_header(("Accept-Encoding", "gzip")).insert_header(("If-None-Match", gz_etag))).await;
        assert_eq!(gz_again.status, StatusCode::NOT_MODIFIED);

        // The organiser renames a session: the cached feed is rebuilt and the ETag moves.
        app.with_conn(|c| {
            diesel::update(sessions::table.find(s1))
                .set((
                    sessions::title.eq("Aînés cyber Lachute (nouveau titre)"),
                    sessions::sequence.eq(sessions::sequence + 1),
                    sessions::updated_at.eq(babillard::db::now() + Duration::seconds(5)),
                ))
                .execute(c)
                .unwrap()
        });
        let changed = app.call(TestRequest::get().uri("/calendar.ics?audience=aines").insert_header(("If-None-Match", etag.clone()))).await;
        assert_eq!(changed.status, StatusCode::OK);
        assert_ne!(changed.header("etag"), Some(etag));
        let ics = parse_ics(&changed.text());
        assert_eq!(ics.events[0]["SUMMARY"].value, "Aînés cyber Lachute (nouveau titre)");
        assert_eq!(ics.events[0]["SEQUENCE"].value, "1");
    }

    async fn cancelled_sessions_stay_thirty_days_as_cancelled(app: TestApp) {
        let (s1, s2, ..) = app.with_conn(catalogue);
        let now = babillard::db::now();
        app.with_conn(|c| {
            diesel::update(sessions::table.find(s1))
                .set((sessions::status.eq("cancelled"), sessions::cancelled_at.eq(Some(now - Duration::days(5))), sessions::cancel_reason.eq(Some("Panne de courant"))))
                .execute(c)
                .unwrap();
            diesel::update(sessions::table.find(s2))
                .set((sessions::status.eq("cancelled"), sessions::cancelled_at.eq(Some(now - Duration::days(31)))))
                .execute(c)
                .unwrap();
        });
        let ics = parse_ics(&app.get("/calendar.ics").await.text());
        assert_eq!(titles(&ics), vec!["Aînés cyber Lachute", "Aînés réseaux Brownsburg"]);
        assert_eq!(ics.events[0]["STATUS"].value, "CANCELLED");
        assert!(ics.events[0]["DESCRIPTION"].value.contains("Panne de courant"));
        assert_eq!(ics.events[1]["STATUS"].value, "CONFIRMED");
    }

    async fn subscription_links_stay_under_256_characters_with_a_short_code(app: TestApp) {
        app.with_conn(catalogue);
        let simple = app.get("/subscribe?audience=aines").await;
        assert_eq!(simple.status, StatusCode::OK);
        let html = simple.text();
        assert!(html.contains("webcal://127.0.0.1:8080/calendar.ics?audience=aines"), "{html}");
        assert!(html.contains("http://127.0.0.1:8080/calendar.ics?audience=aines"));
        assert!(html.contains("<svg"), "a QR code");
        assert!(html.contains("iPhone ou iPad") && html.contains("Google Agenda") && html.contains("Outlook"));
        assert!(simple.body.len() < 50_000, "{} bytes", simple.body.len());
        let english = app.get("/subscribe?audience=aines&lang=en").await.text();
        assert!(english.contains("Subscribe to the calendar") && english.contains("iPhone or iPad"));
        assert!(english.contains("webcal://127.0.0.1:8080/calendar.ics?audience=aines&amp;lang=en"), "{english}");
        let en_feed = parse_ics(&app.get("/calendar.ics?audience=aines&lang=en").await.text());
        assert_eq!(en_feed.prop("X-WR-CALNAME"), Some("Babillard — Seniors"));

        let long_query = "audience=aines&audience=jeunes&audience=grand-public&audience=etudiants\
            &topic=cybersecurite&topic=reseaux-sociaux&topic=internet-courriel&topic=tablette-telephone\
            &topic=bases-ordinateur&municipality=lachute-ville&municipality=brownsburg-ville\
            &kind=atelier-pratique&kind=conference&org=lachute&org=brownsburg";
        let page = app.get(&format!("/subscribe?{long_query}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        let start = html.find("webcal://").unwrap();
        let link: String = html[start..].chars().take_while(|c| *c != '"' && *c != '<').collect();
        assert!(link.len() < 256, "{link}");
        let code_path = link.strip_prefix("webcal://127.0.0.1:8080").unwrap();
        assert!(code_path.starts_with("/f/") && code_path.ends_with(".ics"), "{code_path}");
        // The code gives the same calendar as the long query; the same choice, the same code.
        let by_code = parse_ics(&app.get(code_path).await.text());
        let by_query = parse_ics(&app.get(&format!("/calendar.ics?{long_query}")).await.text());
        assert_eq!(titles(&by_code), titles(&by_query));
        assert_eq!(titles(&by_code).len(), 3);
        assert!(app.get(&format!("/subscribe?{long_query}")).await.text().contains(code_path));
        assert_eq!(app.get("/f/zzzzzzzzzz.ics").await.status, StatusCode::NOT_FOUND);
    }

    async fn a_manage_links_feed_shows_that_registration_only_and_a_trainers_feed_their_sessions(app: TestApp) {
        let (s1, s2, s3, _) = app.with_conn(catalogue);
        let (r1, token) = app.with_conn(|c| registration(c, s1, "Nadia@example.org", "Nadia", "fr", "confirmed"));
        let (_, cancelled) = app.with_conn(|c| registration(c, s3, "nadia@example.org", "Nadia", "fr", "cancelled"));
        app.with_conn(|c| registration(c, s2, "nadia@example.org", "Nadia", "fr", "confirmed"));
        let mine = app.get(&format!("/r/{token}/calendar.ics")).await;
        assert_eq!(mine.status, StatusCode::OK);
        assert_eq!(mine.header("referrer-policy").as_deref(), Some("no-referrer"));
        assert!(mine.header("cache-control").unwrap().starts_with("private"));
        let ics = parse_ics(&mine.text());
        // Her other registrations (same address) are not in it: a manage link reveals one.
        assert_eq!(titles(&ics), vec!["Aînés cyber Lachute"]);
        assert_eq!(ics.events[0]["UID"].value, format!("reg-{r1}-{s1}@127.0.0.1"), "the invite's UID");
        // A cancelled registration's feed says so, so calendars remove it.
        let gone = parse_ics(&app.get(&format!("/r/{cancelled}/calendar.ics")).await.text());
        assert_eq!(titles(&gone), vec!["Aînés réseaux Brownsburg"]);
        assert_eq!(gone.events[0]["STATUS"].value, "CANCELLED");
        assert_eq!(app.get("/r/unknown-token-aaaaaaaaaaaaaaaaaaaaaaaa/calendar.ics").await.status, StatusCode::NOT_FOUND);

        let trainer_token = babillard::domain::token::random_token();
        app.with_conn(|c| {
            diesel::insert_into(trainers::table)
                .values((
                    trainers::slug.eq("marie-formatrice"),
                    trainers::name.eq("Marie Formatrice"),
                    trainers::feed_token_hash.eq(babillard::domain::token::digest(&trainer_token)),
                    trainers::created_at.eq(babillard::db::now()),
                ))
                .execute(c)
                .unwrap();
            let tid: i64 = trainers::table.select(trainers::id).first(c).unwrap();
            for s in [s2, s3] {
                diesel::insert_into(session_trainers::table)
                    .values((session_trainers::session_id.eq(s), session_trainers::trainer_id.eq(tid)))
                    .execute(c)
                    .unwrap();
            }
        });
        let t = parse_ics(&app.get(&format!("/trainers/{trainer_token}/calendar.ics")).await.text());
        assert_eq!(titles(&t), vec!["Jeunes réseaux Lachute", "Aînés réseaux Brownsburg"]);
        assert_eq!(t.prop("X-WR-CALNAME"), Some("Babillard — Marie Formatrice"));
        assert_eq!(app.get("/trainers/nope/calendar.ics").await.status, StatusCode::NOT_FOUND);
        // What the table holds opens nothing.
        let digest = babillard::domain::token::digest(&trainer_token);
        assert_eq!(app.get(&format!("/trainers/{digest}/calendar.ics")).await.status, StatusCode::NOT_FOUND);
        let by_slug = parse_ics(&app.get("/calendar.ics?trainer=marie-formatrice").await.text());
        assert_eq!(titles(&by_slug), titles(&t));
    }

    async fn a_session_page_offers_its_own_calendar_file(app: TestApp) {
        let (s1, _, _, draft) = app.with_conn(catalogue);
        let page = app.get(&format!("/sessions/{s1}")).await.text();
        assert!(page.contains(&format!("href=\"/sessions/{s1}/calendar.ics\"")));
        assert!(page.contains("Ajouter la date à mon agenda"));
        let one = app.get(&format!("/sessions/{s1}/calendar.ics")).await;
        assert_eq!(one.status, StatusCode::OK);
        assert!(one.header("content-disposition").unwrap().starts_with("attachment"));
        let ics = parse_ics(&one.text());
        assert_eq!(titles(&ics), vec!["Aînés cyber Lachute"]);
        let starts = common::mailkit::toronto_to_utc(&ics.events[0]["DTSTART"]);
        assert_eq!(starts, in_days(3));
        assert_eq!(app.get(&format!("/sessions/{draft}/calendar.ics")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/sessions/999999/calendar.ics").await.status, StatusCode::NOT_FOUND);
    }

    async fn feed_times_are_right_on_both_sides_of_the_next_daylight_saving_change(app: TestApp) {
        // 14 March 2027: Québec moves to daylight time at 2 a.m. Both sessions are at 10 h.
        app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, "Avant le changement d'heure", fixtures::utc("2027-03-13 15:00"), |_| {});
            fixtures::session(c, &b, "Après le changement d'heure", fixtures::utc("2027-03-14 14:00"), |_| {});
        });
        let ics = parse_ics(&app.get("/calendar.ics").await.text());
        let starts: Vec<&str> = ics.events.iter().map(|e| e["DTSTART"].value.as_str()).collect();
        assert_eq!(starts, vec!["20270313T100000", "20270314T100000"]);
        assert_eq!(common::mailkit::toronto_to_utc(&ics.events[1]["DTSTART"]), fixtures::utc("2027-03-14 14:00"));
        assert_eq!(ics.timezones, 1);
        assert!(app.get("/calendar.ics").await.text().contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"));
    }
}

#[actix_web::test]
async fn the_subscribe_page_over_the_demo_region_stays_light() {
    let app = common::TestApp::sqlite().await;
    app.demo();
    for path in ["/subscribe", "/subscribe?audience=aines&lang=en"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.len() < 50_000, "{path}: {} bytes", r.body.len());
        assert!(r.text().contains("type=\"checkbox\""));
    }
    let feed = app.get("/calendar.ics").await;
    let ics = parse_ics(&feed.text());
    assert!(ics.events.len() >= 40, "{}", ics.events.len());
}

#[actix_web::test]
async fn malformed_feed_requests_are_client_errors_never_500() {
    let app = common::TestApp::sqlite().await;
    for (path, status) in [
        ("/sessions/abc/calendar.ics", 404),
        ("/sessions/-1/calendar.ics", 404),
        ("/f/x.ics", 404),
        ("/f/%00%00%00%00%00.ics", 404),
        ("/r/%00/calendar.ics", 404),
        ("/r/../calendar.ics", 404),
        ("/trainers/%E2%80%8B/calendar.ics", 404),
        ("/calendar.ics?from=2026-02-30", 400),
        ("/calendar.ics?from=2026-03-10&to=2026-03-01", 400),
        ("/calendar.ics?kind=inconnu", 400),
        ("/subscribe?topic=inconnu", 400),
        ("/subscribe?audience=%FF", 400),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status.as_u16(), status, "{path}: {}", r.text());
    }
}

on_both_backends! {
    async fn a_session_leaving_the_feed_moves_its_last_modified(app: TestApp) {
        let (_, _, s3, _) = app.with_conn(catalogue);
        let first = app.get("/calendar.ics?audience=aines").await;
        let lm = first.header("last-modified").unwrap();
        // The latest session of the feed goes back to draft, stamped a minute later.
        app.with_conn(|c| {
            diesel::update(sessions::table.find(s3))
                .set((sessions::status.eq("draft"), sessions::updated_at.eq(babillard::db::now() + Duration::minutes(1))))
                .execute(c)
                .unwrap()
        });
        let r = app.call(TestRequest::get().uri("/calendar.ics?audience=aines").insert_header(("If-Modified-Since", lm))).await;
        assert_eq!(r.status, StatusCode::OK, "the feed changed, so no 304");
        assert_eq!(titles(&parse_ics(&r.text())), vec!["Aînés cyber Lachute"]);
    }
}
