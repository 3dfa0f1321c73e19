//! The public calendar in a feed reader: `/calendar.atom` and `/calendar.rss` read with
//! an independent parser (feed-rs), with the elements the W3C validator requires, the
//! calendar's filters, French and English, and `304` for an unchanged feed.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::TestApp;
use common::fixtures::{self, in_days};

fn programme(app: &TestApp) -> (i64, i64) {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        let other = fixtures::base_named(c, "brownsburg");
        let mine = fixtures::session(c, &b, "Tablette pour débutants", in_days(5), |s| {
            s.description = "Apportez votre tablette <chargée> & son code.".into();
        });
        let theirs = fixtures::session(c, &other, "Courriel sans stress", in_days(6), |_| {});
        (mine, theirs)
    })
}

fn parse(body: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

on_both_backends! {
    async fn the_atom_feed_lists_the_sessions_for_a_reader(app: TestApp) {
        let (mine, theirs) = programme(&app);
        let r = app.get("/calendar.atom").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/atom+xml; charset=utf-8")
        );
        let body = r.text();
        // What RFC 4287 requires and the validator checks: the feed's id, title,
        // updated and author; a self link; each entry's id, title, updated and link.
        assert!(body.contains("<id>http://127.0.0.1:8080/calendar.atom</id>"), "{body}");
        assert!(body.contains(r#"rel="self""#), "{body}");
        assert!(body.contains("<author>"), "{body}");
        let feed = parse(&body);
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert!(feed.title.as_ref().unwrap().content.starts_with("Babillard"));
        assert_eq!(feed.entries.len(), 2, "{body}");
        let entry = &feed.entries[0];
        assert_eq!(entry.id, format!("http://127.0.0.1:8080/sessions/{mine}"));
        let title = &entry.title.as_ref().unwrap().content;
        assert!(title.starts_with("Tablette pour débutants — "), "{title}");
        assert_eq!(entry.links[0].href, format!("http://127.0.0.1:8080/sessions/{mine}"));
        let summary = &entry.summary.as_ref().unwrap().content;
        // Text escaped by the writer, read back whole by the parser.
        assert!(summary.contains("<chargée> & son code"), "{summary}");
        assert!(entry.updated.is_some());
        assert_eq!(
            feed.entries[1].id,
            format!("http://127.0.0.1:8080/sessions/{theirs}")
        );
    }

    async fn the_rss_feed_carries_guids_dates_and_its_self_link(app: TestApp) {
        let (mine, _) = programme(&app);
        let r = app.get("/calendar.rss").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/rss+xml; charset=utf-8")
        );
        let body = r.text();
        assert!(body.contains(r#"<atom:link href="http://127.0.0.1:8080/calendar.rss" rel="self""#), "{body}");
        assert!(body.contains("<language>fr-ca</language>"), "{body}");
        let feed = parse(&body);
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::RSS2);
        assert_eq!(feed.entries.len(), 2);
        let item = &feed.entries[0];
        assert_eq!(item.id, format!("http://127.0.0.1:8080/sessions/{mine}"));
        assert!(item.published.is_some(), "pubDate in RFC 822 form: {body}");
        assert!(feed.updated.is_some(), "lastBuildDate: {body}");
    }

    async fn feeds_take_the_calendars_filters_and_languages(app: TestApp) {
        programme(&app);
        let body = app.get("/calendar.atom?org=brownsburg").await.text();
        let feed = parse(&body);
        assert_eq!(feed.entries.len(), 1, "{body}");
        assert!(feed.entries[0].title.as_ref().unwrap().content.starts_with("Courriel sans stress"));
        // The self link names the filter, so a reader subscribes to the same list.
        assert!(body.contains("/calendar.atom?org=brownsburg"), "{body}");

        let en = app.get("/calendar.rss?lang=en").await.text();
        assert!(en.contains("<language>en-ca</language>"), "{en}");
        let unknown = app.get("/calendar.atom?org=nulle-part").await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    }

    async fn an_unchanged_feed_answers_304(app: TestApp) {
        programme(&app);
        let first = app.get("/calendar.atom").await;
        let etag = first.header("etag").expect("an ETag");
        let again = app
            .call(TestRequest::get().uri("/calendar.atom").insert_header(("If-None-Match", etag)))
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        // The calendar's cache keeps formats apart: the iCalendar feed is still iCalendar.
        let ics = app.get("/calendar.ics").await;
        assert!(ics.text().starts_with("BEGIN:VCALENDAR"));
    }
}
