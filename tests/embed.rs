//! The calendar widget as a partner's web page shows it: `/embed` in an iframe, with the
//! calendar's filters, light, framed only by the sites the region lists.

use crate::common;

use actix_web::http::StatusCode;
use common::fixtures::{self, in_days};
use common::{Backend, TestApp};

fn programme(app: &TestApp, extra: usize) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        let other = fixtures::base_named(c, "brownsburg");
        fixtures::session(c, &other, "Courriel sans stress", in_days(3), |_| {});
        for n in 0..extra {
            fixtures::session(
                c,
                &b,
                &format!("Atelier {n:02}"),
                in_days(4 + n as i64),
                |_| {},
            );
        }
        fixtures::session(c, &b, "Tablette pour débutants", in_days(2), |_| {})
    })
}

on_both_backends! {
    async fn the_widget_lists_the_next_activities_without_the_sites_frame(app: TestApp) {
        let id = programme(&app, 0);
        let r = app.get("/embed").await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("Tablette pour débutants"));
        assert!(html.contains("Courriel sans stress"));
        // Links open the activity on Babillard, outside the partner's frame.
        assert!(
            html.contains(&format!(
                r#"href="http://127.0.0.1:8080/sessions/{id}" target="_blank" rel="noopener""#
            )),
            "{html}"
        );
        // No site header, navigation or footer inside a partner's page.
        assert!(!html.contains("<header") && !html.contains("<footer"), "{html}");
        // Framed by Babillard itself (the back office's preview) and no one else here.
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
        assert!(!csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.header("x-frame-options"), None);
        // Every other page still refuses frames.
        let home = app.get("/").await;
        assert_eq!(home.header("x-frame-options").as_deref(), Some("DENY"));
        assert!(home.header("content-security-policy").unwrap().contains("frame-ancestors 'none'"));
    }

    async fn the_widget_takes_the_calendars_filters_and_stays_light(app: TestApp) {
        programme(&app, 30);
        let html = app.get("/embed?org=brownsburg").await.text();
        assert!(html.contains("Courriel sans stress"));
        assert!(!html.contains("Tablette pour débutants"));
        // « Voir tout » keeps the filter.
        assert!(html.contains("http://127.0.0.1:8080/?org=brownsburg"), "{html}");

        let all = app.get("/embed").await.text().replace('\u{a0}', " ");
        assert_eq!(all.matches("class=\"embed-meta\"").count(), 12, "at most twelve activities");
        assert!(all.contains("Voir les 32 activités"), "{all}");
        assert!(all.len() < 50_000, "{} bytes", all.len());

        let en = app.get("/embed?lang=en").await.text();
        assert!(en.contains("Upcoming activities"), "{en}");
        assert_eq!(app.get("/embed?org=nulle-part").await.status, StatusCode::BAD_REQUEST);
    }
}

#[actix_web::test]
async fn the_regions_partner_sites_may_frame_the_widget_and_only_it() {
    let app = TestApp::build(Backend::Sqlite, |s| {
        s.embed_origins = vec![
            "https://www.biblio-lachute.ca".into(),
            "https://x.example; script-src *".into(),
        ];
    })
    .await;
    let csp = app
        .get("/embed")
        .await
        .header("content-security-policy")
        .unwrap();
    assert!(
        csp.ends_with("frame-ancestors 'self' https://www.biblio-lachute.ca"),
        "a listed site, and nothing injected: {csp}"
    );
    let home = app
        .get("/")
        .await
        .header("content-security-policy")
        .unwrap();
    assert!(home.contains("frame-ancestors 'none'"), "{home}");
}

#[actix_web::test]
async fn news_feeds_set_no_cookie() {
    let app = TestApp::sqlite().await;
    for path in ["/calendar.atom", "/calendar.rss", "/calendar.ics"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(
            r.header("set-cookie"),
            None,
            "{path}: a cookie keeps shared caches away"
        );
    }
}

on_both_backends! {
    async fn staff_build_the_widget_code_with_a_preview(app: TestApp) {
        programme(&app, 0);
        app.with_conn(|c| common::staff::library_member(c, "employee@example.org", "editor"));
        let mut b = common::staff::Browser::signed_in(&app, "employee@example.org");
        let r = b
            .get("/admin/embed?org=brownsburg&topic=nope&widget_lang=en")
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        // The code to paste: the widget with the known choices only, and the sizing script.
        assert!(
            html.contains("&lt;iframe src=&quot;http://127.0.0.1:8080/embed?org=brownsburg&amp;amp;lang=en&quot;"),
            "{html}"
        );
        assert!(html.contains("static/embed.js"), "{html}");
        let code = html.split("<textarea").nth(1).unwrap().split("</textarea>").next().unwrap();
        assert!(!code.contains("topic"), "an unknown topic is left out: {code}");
        // The preview is the same widget, framed by Babillard itself.
        assert!(
            html.contains(r#"<iframe src="http://127.0.0.1:8080/embed?org=brownsburg&amp;lang=en""#),
            "{html}"
        );
        let preview = app.get("/embed?org=brownsburg&lang=en").await;
        assert!(preview.text().contains("Courriel sans stress"));

        // Signed out, no builder.
        assert_eq!(app.get("/admin/embed").await.status, StatusCode::UNAUTHORIZED);
    }
}
