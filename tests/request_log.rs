//! The request log never holds a manage token or an email address.
//!
//! This binary holds one test on purpose: it installs the process-wide tracing
//! subscriber, which no other test may share (a thread-local subscriber raced with the
//! interest cache of the other tests of its binary and failed one run in three). The
//! redaction rule itself is unit-tested beside `web::loggable_path`.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::TestApp;
use common::fixtures::{self, in_days};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn manage_tokens_never_appear_in_the_request_log() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .finish(),
    )
    .expect("the only subscriber of this test binary");

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
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    // The requests were logged, with the secret segment replaced.
    assert!(text.contains("/r/[redacted]/cancel"), "{text}");
    assert!(text.contains("/api/v1/registrations/[redacted]"), "{text}");
    assert!(!text.contains(&token), "{text}");
    assert!(!text.contains("lise@exemple.ca"), "{text}");
}
