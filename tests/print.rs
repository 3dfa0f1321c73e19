//! The printed programme as a librarian uses it: a month of sessions with the
//! calendar's filters, each with its short address spelled out and a QR code that
//! leads to it; the short address sends to the session's page.

use crate::common;

use actix_web::http::StatusCode;
use common::TestApp;
use common::fixtures::{self, utc};

/// Three sessions in February 2027 (two on one day), one in March, one in another
/// organisation's town (Brownsburg), and a draft that must never be printed.
fn programme(app: &TestApp) -> Vec<i64> {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        let other = fixtures::base_named(c, "brownsburg");
        vec![
            fixtures::session(
                c,
                &b,
                "Tablette pour débutants",
                utc("2027-02-10 18:30"),
                |_| {},
            ),
            fixtures::session(
                c,
                &b,
                "Courriel sans stress",
                utc("2027-02-10 14:00"),
                |_| {},
            ),
            fixtures::session(
                c,
                &b,
                "Photos sur le cellulaire",
                utc("2027-02-24 15:00"),
                |s| {
                    s.capacity = Some(1);
                },
            ),
            fixtures::session(c, &b, "Atelier de mars", utc("2027-03-03 15:00"), |_| {}),
            fixtures::session(
                c,
                &other,
                "Ailleurs en février",
                utc("2027-02-11 15:00"),
                |_| {},
            ),
            fixtures::session(c, &b, "Brouillon secret", utc("2027-02-12 15:00"), |s| {
                s.status = babillard::domain::session::SessionStatus::Draft;
            }),
        ]
    })
}

on_both_backends! {
    async fn a_month_prints_in_order_with_short_addresses(app: TestApp) {
        let ids = programme(&app);
        let r = app.get("/print/programme?month=2027-02").await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text().replace('\u{a0}', " ");
        // The month in the heading, in French.
        assert!(html.contains("février 2027"), "{html}");
        // Québec time: 14:00 UTC is 9 h, 18:30 UTC is 13 h 30, and the morning one first.
        let morning = html.find("Courriel sans stress").expect("morning session");
        let afternoon = html.find("Tablette pour débutants").expect("afternoon session");
        assert!(morning < afternoon, "sessions of a day in order of time");
        assert!(html.contains("9 h"), "{html}");
        assert!(html.contains("13 h 30"), "{html}");
        assert!(html.contains("mercredi 10 février 2027"), "{html}");
        assert!(html.contains("Photos sur le cellulaire"));
        assert!(html.contains("Ailleurs en février"));
        // Neither another month nor a draft.
        assert!(!html.contains("Atelier de mars"));
        assert!(!html.contains("Brouillon secret"));
        // Each session's short address, written out for paper, and its QR code.
        for id in &ids[..3] {
            assert!(html.contains(&format!("127.0.0.1:8080/s/{id}<")), "{id}: {html}");
            assert!(html.contains(&format!("src=\"/s/{id}/qr.svg\"")), "{id}");
        }
        // Page weight for rural connections.
        assert!(html.len() < 50_000, "{} bytes", html.len());
    }
}

on_both_backends! {
    async fn filters_narrow_the_programme_and_navigation_keeps_them(app: TestApp) {
        programme(&app);
        let r = app
            .get("/print/programme?month=2027-02&org=brownsburg")
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text().replace('\u{a0}', " ");
        assert!(html.contains("Ailleurs en février"));
        assert!(!html.contains("Tablette pour débutants"));
        // The next month's link keeps the filter.
        assert!(
            html.contains("/print/programme?month=2027-03&amp;org=brownsburg")
                || html.contains("/print/programme?month=2027-03&org=brownsburg"),
            "{html}"
        );
    }
}

on_both_backends! {
    async fn the_programme_speaks_english_when_asked(app: TestApp) {
        programme(&app);
        let html = app
            .get("/print/programme?month=2027-02&lang=en")
            .await
            .text()
            .replace('\u{a0}', " ");
        assert!(html.contains("February 2027"), "{html}");
        assert!(html.contains("Wednesday, February 10, 2027"), "{html}");
        assert!(html.contains("point your phone"), "{html}");
    }
}

on_both_backends! {
    async fn a_bad_month_is_refused_with_the_value_named(app: TestApp) {
        let r = app.get("/print/programme?month=2027-13").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let html = r.text().replace('\u{a0}', " ");
        assert!(html.contains("« month »") && html.contains("2027-13"), "{html}");
    }
}

on_both_backends! {
    async fn the_short_address_and_its_qr_code_lead_to_the_session(app: TestApp) {
        let ids = programme(&app);
        let r = app.get(&format!("/s/{}", ids[0])).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(
            r.header("location").as_deref(),
            Some(format!("/sessions/{}", ids[0]).as_str())
        );
        let page = app.get(&format!("/sessions/{}", ids[0])).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("Tablette pour débutants"));

        let qr = app.get(&format!("/s/{}/qr.svg", ids[0])).await;
        assert_eq!(qr.status, StatusCode::OK);
        assert_eq!(qr.header("content-type").as_deref(), Some("image/svg+xml"));
        assert!(qr.text().contains("<svg"));
        assert!(qr.text().len() < 20_000, "a light image: {}", qr.text().len());
        // Two different sessions have two different codes.
        let other = app.get(&format!("/s/{}/qr.svg", ids[1])).await.text();
        assert_ne!(qr.text(), other);

        assert_eq!(app.get("/s/abc").await.status, StatusCode::NOT_FOUND);
    }
}
