//! The request log: it never holds a manage token or an email address, and one request
//! id runs through every line of a request, the store's included.
//!
//! This binary holds one test on purpose: it installs the process-wide tracing
//! subscriber, which no other test may share (a thread-local subscriber raced with the
//! interest cache of the other tests of its binary and failed one run in three). Its
//! parts run one after the other against the one captured log. The redaction rule
//! itself is unit-tested beside `web::loggable_path`, the id's sanity rule beside
//! `web::request_id`.

mod common;

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderValue;
use actix_web::test::TestRequest;
use common::TestApp;
use common::fixtures::{self, in_days};
use common::logs::Captured;

#[actix_web::test]
async fn the_request_log() {
    let logs = Captured::default();
    let writer = logs.clone();
    // As an operator would set `BABILLARD_LOG=info,babillard=debug`, with a line when a
    // span closes so the store's spans (debug) show up with their fields.
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_env_filter("info,babillard=debug")
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .finish(),
    )
    .expect("the only subscriber of this test binary");

    manage_tokens_never_appear_in_the_request_log(&logs).await;
    one_request_id_runs_through_the_lines_of_a_request(&logs).await;
}

async fn manage_tokens_never_appear_in_the_request_log(logs: &Captured) {
    let app = TestApp::sqlite().await;
    let s = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| {
            s.capacity = Some(2);
        })
    });
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{s}/registrations"))
                .set_json(serde_json::json!({"name": "Lise Tremblay", "email": "lise@exemple.ca", "consent": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let url = r.json()["manage_url"].as_str().unwrap().to_owned();
    let token = url.rsplit('/').next().unwrap().to_owned();
    for path in [
        format!("/r/{token}"),
        format!("/r/{token}/cancel"),
        format!("/r/{token}/data.json"),
        format!("/api/v1/registrations/{token}"),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
    }
    app.call(TestRequest::delete().uri(&format!("/api/v1/registrations/{token}")))
        .await;
    let text = logs.text();
    // The requests were logged, with the secret segment replaced.
    assert!(text.contains("/r/[redacted]/cancel"), "{text}");
    assert!(text.contains("/api/v1/registrations/[redacted]"), "{text}");
    assert!(!text.contains(&token), "{text}");
    assert!(!text.contains("lise@exemple.ca"), "{text}");
}

/// The lines of the log that carry `request_id=<id>`.
fn lines_of(text: &str, id: &str) -> Vec<String> {
    let field = format!("request_id={id}}}");
    text.lines()
        .filter(|l| l.contains(&field))
        .map(str::to_owned)
        .collect()
}

async fn one_request_id_runs_through_the_lines_of_a_request(logs: &Captured) {
    let app = TestApp::sqlite().await;
    let s = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Découvrir le courriel", in_days(9), |_| {})
    });

    // A proxy's id is kept, and carried by the request line and the store's lines, the
    // ones written on the blocking thread pool included.
    let given = "proxy-7f3a.B_42";
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{s}/registrations"))
                .insert_header(("X-Request-Id", given))
                .set_json(serde_json::json!({"name": "Réjean Roy", "email": "rejean@exemple.ca", "consent": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.header("x-request-id").as_deref(), Some(given));
    let registration: i64 = app.with_conn(|c| {
        use babillard::db::schema::registrations;
        use diesel::prelude::*;
        registrations::table
            .filter(registrations::session_id.eq(s))
            .select(registrations::id)
            .first(c)
            .unwrap()
    });
    let text = logs.text();
    let lines = lines_of(&text, given);
    assert!(
        lines.iter().any(|l| l.contains("babillard::http")
            && l.contains(&format!("path=/api/v1/sessions/{s}/registrations"))
            && l.contains("status=201")),
        "the request line carries the id:\n{text}"
    );
    let store = lines
        .iter()
        .find(|l| {
            l.contains("babillard::store::registrations")
                && (l.contains("register_with{") || l.contains("register_many{"))
        })
        .unwrap_or_else(|| panic!("a store line carries the id:\n{text}"));
    assert!(store.contains(&format!("session_id={s}")), "{store}");
    assert!(
        store.contains(&format!("registration_id={registration}")),
        "{store}"
    );
    assert!(store.contains("organisation_id="), "{store}");
    // No line of another request carries it.
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("babillard::http") && l.contains(given))
            .count(),
        1,
        "{text}"
    );

    // Without one (or with one that is not sane), the app makes its own, a new one
    // per request, and returns it.
    let mut seen = Vec::new();
    let long = "x".repeat(65);
    for header in [
        None,
        Some("two words"),
        Some(long.as_str()),
        Some("accentué"),
    ] {
        let mut req = TestRequest::get().uri(&format!("/api/v1/sessions/{s}"));
        if let Some(h) = header {
            let value = HeaderValue::from_bytes(h.as_bytes()).unwrap();
            req = req.insert_header(("X-Request-Id", value));
        }
        let r = app.call(req).await;
        assert_eq!(r.status, StatusCode::OK);
        let id = r.header("x-request-id").expect("an id is returned");
        assert_eq!(id.len(), 16, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        assert_ne!(Some(id.as_str()), header);
        let text = logs.text();
        assert!(
            lines_of(&text, &id)
                .iter()
                .any(|l| l.contains("babillard::http")
                    && l.contains(&format!("path=/api/v1/sessions/{s} "))),
            "the request line carries the made id {id}:\n{text}"
        );
        seen.push(id);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "one id per request");
}
