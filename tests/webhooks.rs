//! Outgoing webhooks (issue 12, item 10) as a partner's system sees them: a receiver on
//! loopback records every request; the tests check the signature independently (ring's
//! HMAC, not the crate the app signs with), what a body holds with and without personal
//! data, retries with backoff driven by the job's clock (no sleeps), the replay button,
//! erasure and retention, and that another organisation sees none of it.

use crate::common;

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use babillard::db::schema::{audit_log, webhook_deliveries, webhooks};
use babillard::db::{DbConnection, now};
use babillard::domain::session::SessionStatus;
use babillard::domain::webhooks::DeliveryState;
use chrono::{Duration, NaiveDateTime};
use common::fixtures::{self, Base, in_days};
use common::staff::{self, Browser};
use common::{TestApp, register_by_api};
use diesel::prelude::*;
use serde_json::Value;

/// One request as the receiver got it.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// A partner's endpoint on loopback: records each request, then answers with the next
/// status queued (200 when none is).
struct Receiver {
    base: String,
    got: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let got = Arc::new(Mutex::new(Vec::new()));
        let answers = Arc::new(Mutex::new(VecDeque::new()));
        let (g, a) = (got.clone(), answers.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = handle(stream, &g, &a);
            }
        });
        Receiver { base, got, answers }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn answer(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

fn handle(
    mut stream: TcpStream,
    got: &Mutex<Vec<Received>>,
    answers: &Mutex<VecDeque<u16>>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    // Recorded before answering: once the job has its answer, the test sees the request.
    got.lock().unwrap().push(Received {
        path,
        headers,
        body: String::from_utf8(body).expect("a UTF-8 body"),
    });
    let status = answers.lock().unwrap().pop_front().unwrap_or(200);
    write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
}

/// The signature as a partner checks it, with ring (independent of the app's `hmac`):
/// the header is exactly `t=<digits>,v1=<64 hex>`, and v1 is HMAC-SHA256 of "<t>.<body>"
/// keyed with the secret. Returns t.
fn check_signature(secret: &str, header: &str, body: &str) -> Result<i64, String> {
    let (t, v1) = header
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .ok_or_else(|| format!("not t=…,v1=…: {header}"))?;
    if !t.bytes().all(|b| b.is_ascii_digit())
        || v1.len() != 64
        || !v1
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return Err(format!("malformed: {header}"));
    }
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = hex::decode(v1).map_err(|e| e.to_string())?;
    ring::hmac::verify(&key, format!("{t}.{body}").as_bytes(), &tag)
        .map_err(|_| "the signature does not match".to_owned())?;
    Ok(t.parse().unwrap())
}

const MANAGER: &str = "gestion@example.org";

/// The library with its manager.
fn library(app: &TestApp) -> Base {
    app.with_conn(|c| staff::library_member(c, MANAGER, "manager"))
}

/// Registers an endpoint through the back office as the manager; returns its id.
async fn register_endpoint(
    app: &TestApp,
    b: &Base,
    url: &str,
    events: &[&str],
    personal: bool,
) -> i64 {
    let mut browser = Browser::signed_in(app, MANAGER);
    let org = b.organisation_id.to_string();
    let mut fields = vec![("organisation_id", org.as_str()), ("url", url)];
    fields.extend(events.iter().map(|e| ("events", *e)));
    if personal {
        fields.push(("include_personal", "1"));
    }
    let r = browser.post("/admin/webhooks", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let to = r.header("location").unwrap();
    let id: i64 = to
        .strip_prefix("/admin/webhooks/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirected to {to}"));
    // Its page shows the secret to the manager.
    let page = browser.get(&format!("/admin/webhooks/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(&secret(app, id)));
    id
}

fn secret(app: &TestApp, webhook: i64) -> String {
    app.with_conn(|c| {
        webhooks::table
            .find(webhook)
            .select(webhooks::secret)
            .first(c)
            .unwrap()
    })
}

/// One pass of the delivery job as if the clock read `at`; returns the attempts made.
fn deliver(app: &TestApp, at: NaiveDateTime) -> usize {
    babillard::jobs::webhooks::deliver_at(&app.state.jobs(), at).expect("the job runs")
}

#[derive(Debug, Queryable)]
struct Row {
    id: i64,
    webhook_id: i64,
    event: String,
    payload: String,
    has_personal: bool,
    state: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    last_status: Option<i32>,
}

fn rows(conn: &mut DbConnection) -> Vec<Row> {
    webhook_deliveries::table
        .order(webhook_deliveries::id)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::webhook_id,
            webhook_deliveries::event,
            webhook_deliveries::payload,
            webhook_deliveries::has_personal,
            webhook_deliveries::state,
            webhook_deliveries::attempts,
            webhook_deliveries::next_attempt_at,
            webhook_deliveries::last_status,
        ))
        .load(conn)
        .unwrap()
}

/// The id of the registration made with this email (the public API does not show it).
fn registration_id(app: &TestApp, email: &str) -> i64 {
    use babillard::db::schema::registrations;
    app.with_conn(|c| {
        registrations::table
            .filter(registrations::email.eq(email))
            .select(registrations::id)
            .first(c)
            .unwrap()
    })
}

fn draft(app: &TestApp, b: &Base, title: &str) -> i64 {
    app.with_conn(|c| {
        fixtures::session(c, b, title, in_days(7), |s| {
            s.status = SessionStatus::Draft;
            s.capacity = Some(12);
        })
    })
}

async fn publish(app: &TestApp, session: i64) {
    let r = Browser::signed_in(app, MANAGER)
        .post(&format!("/admin/sessions/{session}/publish"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

on_both_backends! {
    async fn publishing_a_session_sends_a_body_the_partner_can_verify(app: TestApp) {
        let b = library(&app);
        let receiver = Receiver::start();
        let hook = register_endpoint(&app, &b, &receiver.url("/babillard"), &["session.published", "session.changed"], false).await;
        let session = draft(&app, &b, "Apprivoiser sa tablette");
        publish(&app, session).await;

        let queued = app.with_conn(rows);
        assert_eq!(queued.len(), 1, "one endpoint, one delivery: {queued:?}");
        assert_eq!((queued[0].event.as_str(), queued[0].state.as_str()), ("session.published", "pending"));
        let at = now();
        assert_eq!(deliver(&app, at), 1);

        let got = receiver.received();
        assert_eq!(got.len(), 1);
        let req = &got[0];
        assert_eq!(req.path, "/babillard");
        assert_eq!(req.header("content-type"), Some("application/json"));
        assert_eq!(req.header("babillard-event"), Some("session.published"));
        assert_eq!(req.header("babillard-delivery"), Some(queued[0].id.to_string().as_str()));
        let key = secret(&app, hook);
        assert!(key.starts_with("whsec_") && key.len() >= "whsec_".len() + 22, "{key}");
        let signature = req.header("babillard-signature").expect("signed");
        let t = check_signature(&key, signature, &req.body).unwrap();
        assert_eq!(t, at.and_utc().timestamp());
        // A changed byte, or another secret, fails the partner's check.
        let tampered = req.body.replace("tablette", "tablettE");
        assert_ne!(tampered, req.body);
        assert!(check_signature(&key, signature, &tampered).is_err());
        assert!(check_signature("whsec_autre", signature, &req.body).is_err());

        let body = req.json();
        assert_eq!(body["type"], "session.published");
        assert!(body["id"].as_str().unwrap().starts_with("evt_"));
        let s = &body["data"]["session"];
        assert_eq!(s["id"], session);
        assert_eq!(s["title"], "Apprivoiser sa tablette");
        assert_eq!(s["status"], "published");
        assert_eq!(s["url"], format!("{}/sessions/{session}", app.state.base_url()));
        assert_eq!(s["capacity"], 12);
        assert_eq!(s["organisation"]["slug"], "biblio");
        // Québec time with its offset, the same instant as stored.
        let starts = s["starts_at"].as_str().unwrap();
        assert!(starts.ends_with("-04:00") || starts.ends_with("-05:00"), "{starts}");
        let stored: NaiveDateTime = app.with_conn(|c| {
            use babillard::db::schema::sessions;
            sessions::table.find(session).select(sessions::starts_at).first(c).unwrap()
        });
        assert_eq!(chrono::DateTime::parse_from_rfc3339(starts).unwrap().naive_utc(), stored);
        assert!(body["data"].get("registration").is_none());

        // What was sent is what is stored; the delivery is done and not sent again.
        let done = app.with_conn(rows);
        assert_eq!(done[0].payload, req.body);
        assert_eq!((done[0].state.as_str(), done[0].attempts, done[0].last_status), ("delivered", 1, Some(200)));
        assert_eq!(deliver(&app, at + Duration::hours(1)), 0);
        assert_eq!(receiver.received().len(), 1);
    }

    async fn changes_and_cancellation_reach_only_the_endpoints_that_asked(app: TestApp) {
        let b = library(&app);
        let receiver = Receiver::start();
        register_endpoint(&app, &b, &receiver.url("/tout"), &["session.published", "session.changed", "session.cancelled"], false).await;
        register_endpoint(&app, &b, &receiver.url("/annulations"), &["session.cancelled"], false).await;
        // Another organisation's endpoint hears nothing of this library.
        let other = app.with_conn(|c| {
            let o = fixtures::base_named(c, "autre");
            staff::user(c, "autre@example.org", "manager", Some(o.organisation_id));
            o
        });
        let mut browser = Browser::signed_in(&app, "autre@example.org");
        let r = browser.post("/admin/webhooks", &[("organisation_id", &other.organisation_id.to_string()), ("url", &receiver.url("/autre")), ("events", "session.published"), ("events", "session.cancelled")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

        let session = draft(&app, &b, "Courriel sans stress");
        publish(&app, session).await;
        let token = staff::token(&app, MANAGER);
        let r = staff::api(&app, "patch", &format!("/api/v1/sessions/{session}"), Some(token.as_str()), Some(serde_json::json!({"title": "Courriel sans stress (2e édition)"}))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = Browser::signed_in(&app, MANAGER).post(&format!("/admin/sessions/{session}/cancel"), &[("reason", "Tempête de neige")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        // A draft's edits are nobody's business.
        let hidden = draft(&app, &b, "Brouillon");
        let r = staff::api(&app, "patch", &format!("/api/v1/sessions/{hidden}"), Some(token.as_str()), Some(serde_json::json!({"title": "Brouillon 2"}))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());

        assert_eq!(deliver(&app, now()), 4);
        let got = receiver.received();
        let seen: Vec<(String, String)> = got.iter().map(|r| (r.path.clone(), r.json()["type"].as_str().unwrap().to_owned())).collect();
        let mut expected = vec![
            ("/tout".to_owned(), "session.published".to_owned()),
            ("/tout".to_owned(), "session.changed".to_owned()),
            ("/tout".to_owned(), "session.cancelled".to_owned()),
            ("/annulations".to_owned(), "session.cancelled".to_owned()),
        ];
        let mut seen_sorted = seen.clone();
        seen_sorted.sort();
        expected.sort();
        assert_eq!(seen_sorted, expected, "{seen:?}");
        let changed = got.iter().find(|r| r.json()["type"] == "session.changed").unwrap().json();
        assert_eq!(changed["data"]["session"]["title"], "Courriel sans stress (2e édition)");
        let cancelled: Vec<Value> = got.iter().map(Received::json).filter(|j| j["type"] == "session.cancelled").collect();
        assert_eq!(cancelled[0]["id"], cancelled[1]["id"], "one change, one id for every endpoint");
        assert_eq!(cancelled[0]["data"]["session"]["status"], "cancelled");
        assert_eq!(cancelled[0]["data"]["session"]["cancel_reason"], "Tempête de neige");
    }

    async fn registrations_carry_names_only_where_the_organisation_turned_it_on(app: TestApp) {
        let b = library(&app);
        let receiver = Receiver::start();
        let events = ["registration.created", "registration.cancelled"];
        register_endpoint(&app, &b, &receiver.url("/sans"), &events, false).await;
        register_endpoint(&app, &b, &receiver.url("/avec"), &events, true).await;
        let session = app.with_conn(|c| fixtures::session(c, &b, "Appels vidéo", in_days(7), |s| s.capacity = Some(10)));

        register_by_api(&app, session, serde_json::json!({"name": "Gisèle Tremblay", "email": "gisele@example.org"})).await;
        let gisele = registration_id(&app, "gisele@example.org");
        assert_eq!(deliver(&app, now()), 2);
        let got = receiver.received();
        let by_path = |p: &str| got.iter().find(|r| r.path == p).unwrap().json();
        let (without, with) = (by_path("/sans"), by_path("/avec"));
        for body in [&without, &with] {
            assert_eq!(body["type"], "registration.created");
            let r = &body["data"]["registration"];
            assert_eq!(r["id"], gisele);
            assert_eq!((r["status"].as_str(), r["seats"].as_i64(), r["session_id"].as_i64()), (Some("confirmed"), Some(1), Some(session)));
            assert_eq!(body["data"]["session"]["seats_taken"], 1);
        }
        assert!(without["data"]["registration"].get("name").is_none());
        assert!(without["data"]["registration"].get("email").is_none());
        let raw_without = &got.iter().find(|r| r.path == "/sans").unwrap().body;
        assert!(!raw_without.contains("gisele") && !raw_without.contains("Gisèle"), "{raw_without}");
        assert_eq!(with["data"]["registration"]["name"], "Gisèle Tremblay");
        assert_eq!(with["data"]["registration"]["email"], "gisele@example.org");
        let flags: Vec<bool> = app.with_conn(rows).iter().map(|r| r.has_personal).collect();
        assert_eq!(flags, vec![false, true]);

        // Paul cancels: both endpoints hear it, with the seats the cancellation left.
        let (_, paul) = register_by_api(&app, session, serde_json::json!({"name": "Paul Gagnon", "email": "paul@example.org"})).await;
        let paul_token = common::manage_token(&paul);
        let r = staff::api(&app, "delete", &format!("/api/v1/registrations/{paul_token}"), None, None).await;
        assert!(r.status.is_success(), "{}", r.text());
        deliver(&app, now());
        let cancelled: Vec<Received> = receiver.received().into_iter().filter(|r| r.json()["type"] == "registration.cancelled").collect();
        assert_eq!(cancelled.len(), 2);
        for r in &cancelled {
            assert_eq!(r.json()["data"]["registration"]["status"], "cancelled");
            assert_eq!(r.json()["data"]["registration"]["id"], registration_id(&app, "paul@example.org"));
            assert_eq!(r.json()["data"]["session"]["seats_taken"], 1, "seats as the cancellation left them");
        }
        assert!(app.with_conn(rows).iter().any(|r| r.payload.contains("paul@example.org")));

        // Law 25, erasure (what `/r/{token}/delete` does): no stored body names Paul any
        // more, and the flags say so.
        app.with_conn(|c| babillard::store::registrations::erase(c, &paul_token, now())).unwrap();
        let stored = app.with_conn(rows);
        assert!(stored.iter().all(|r| !r.payload.contains("paul@example.org") && !r.payload.contains("Paul Gagnon")), "{stored:?}");
        assert_eq!(stored.iter().filter(|r| r.has_personal).count(), 1, "only Gisèle's body at /avec: {stored:?}");

        // Retention: past the period, no stored body names anyone.
        let days = i64::from(app.state.settings.retention_days);
        babillard::jobs::registrations::retention_at(&app.state.jobs(), now() + Duration::days(days + 1)).unwrap();
        let kept = app.with_conn(rows);
        assert!(kept.iter().all(|r| !r.has_personal), "{kept:?}");
        assert!(kept.iter().all(|r| !r.payload.contains("gisele@example.org") && !r.payload.contains("paul@example.org")));
    }

    async fn a_failing_endpoint_is_retried_with_backoff_until_it_answers(app: TestApp) {
        let b = library(&app);
        let receiver = Receiver::start();
        receiver.answer(&[500, 503]);
        register_endpoint(&app, &b, &receiver.url("/lent"), &["session.published"], false).await;
        let session = draft(&app, &b, "Sécurité en ligne");
        publish(&app, session).await;

        let t0 = now();
        assert_eq!(deliver(&app, t0), 1);
        let r = app.with_conn(rows).remove(0);
        assert_eq!((r.state.as_str(), r.attempts, r.last_status), ("pending", 1, Some(500)));
        assert_eq!(r.next_attempt_at, t0 + Duration::minutes(1));
        // Not due yet: nothing is sent.
        assert_eq!(deliver(&app, t0 + Duration::seconds(59)), 0);
        assert_eq!(receiver.received().len(), 1);
        // Second attempt: 503, then the wait grows (4 minutes).
        let t1 = t0 + Duration::minutes(1);
        assert_eq!(deliver(&app, t1), 1);
        let r = app.with_conn(rows).remove(0);
        assert_eq!((r.state.as_str(), r.attempts, r.last_status), ("pending", 2, Some(503)));
        assert_eq!(r.next_attempt_at, t1 + Duration::minutes(4));
        assert_eq!(deliver(&app, t1 + Duration::minutes(3)), 0);
        // Third: delivered.
        assert_eq!(deliver(&app, t1 + Duration::minutes(4)), 1);
        let r = app.with_conn(rows).remove(0);
        assert_eq!((r.state.as_str(), r.attempts, r.last_status), ("delivered", 3, Some(200)));
        // Every attempt sent the same body, each freshly signed.
        let got = receiver.received();
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|g| g.body == got[0].body));
        let key = secret(&app, r.webhook_id);
        let stamps: Vec<i64> = got.iter().map(|g| check_signature(&key, g.header("babillard-signature").unwrap(), &g.body).unwrap()).collect();
        assert!(stamps[0] < stamps[1] && stamps[1] < stamps[2], "{stamps:?}");
    }

    async fn a_dead_endpoint_gets_one_attempt_per_pass_and_the_others_still_go_out(app: TestApp) {
        let b = library(&app);
        let dead = Receiver::start();
        dead.answer(&[500; 20]);
        let fine = Receiver::start();
        register_endpoint(&app, &b, &dead.url("/mort"), &["session.published"], false).await;
        register_endpoint(&app, &b, &fine.url("/vivant"), &["session.published"], false).await;
        for n in 0..3 {
            let s = draft(&app, &b, &format!("Atelier {n}"));
            publish(&app, s).await;
        }
        assert_eq!(deliver(&app, now()), 4, "three to the live endpoint, one try at the dead one");
        assert_eq!(fine.received().len(), 3);
        assert_eq!(dead.received().len(), 1);
        let attempts: Vec<i32> = app.with_conn(rows).iter().filter(|r| r.state == "pending").map(|r| r.attempts).collect();
        let mut sorted = attempts.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 0, 1], "the deliveries not tried are not counted as tried");
    }

    async fn after_the_last_attempt_a_delivery_fails_and_the_replay_button_sends_it_again(app: TestApp) {
        let b = library(&app);
        let receiver = Receiver::start();
        receiver.answer(&[500; 8]);
        let hook = register_endpoint(&app, &b, &receiver.url("/panne"), &["session.published"], false).await;
        let session = draft(&app, &b, "Photos sur la tablette");
        publish(&app, session).await;
        let mut at = now();
        for attempt in 1..=8 {
            assert_eq!(deliver(&app, at), 1, "attempt {attempt}");
            let r = app.with_conn(rows).remove(0);
            assert_eq!(r.attempts, attempt);
            if attempt < 8 {
                assert_eq!(r.state, "pending");
                assert!(r.next_attempt_at > at && r.next_attempt_at - at <= Duration::hours(6));
                at = r.next_attempt_at;
            } else {
                assert_eq!(r.state, "failed");
            }
        }
        assert_eq!(deliver(&app, at + Duration::days(2)), 0, "failed for good");
        let delivery = app.with_conn(rows).remove(0).id;
        // The page says so, and offers the replay.
        let mut browser = Browser::signed_in(&app, MANAGER);
        let page = browser.get(&format!("/admin/webhooks/{hook}")).await.text();
        assert!(page.contains("HTTP 500") && page.contains(&format!("/deliveries/{delivery}/replay")), "{page}");
        let before = app.with_conn(|c| audit_log::table.filter(audit_log::action.eq("replay")).count().get_result::<i64>(c).unwrap());
        let r = browser.post(&format!("/admin/webhooks/{hook}/deliveries/{delivery}/replay"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let after = app.with_conn(|c| audit_log::table.filter(audit_log::action.eq("replay")).count().get_result::<i64>(c).unwrap());
        assert_eq!(after, before + 1);
        assert_eq!(app.with_conn(rows)[0].state, DeliveryState::Pending.as_str());
        assert_eq!(deliver(&app, now()), 1, "a new attempt at once");
        let r = app.with_conn(rows).remove(0);
        assert_eq!((r.state.as_str(), r.attempts, r.last_status), ("delivered", 9, Some(200)));
        assert_eq!(receiver.received().len(), 9);
    }

    async fn another_organisation_neither_sees_nor_replays_and_the_form_says_what_is_wrong(app: TestApp) {
        let b = library(&app);
        let receiver = Receiver::start();
        receiver.answer(&[500]);
        let hook = register_endpoint(&app, &b, &receiver.url("/secret-a"), &["session.published"], false).await;
        let session = draft(&app, &b, "Tablette");
        publish(&app, session).await;
        deliver(&app, now());
        let delivery = app.with_conn(rows).remove(0);
        let other = app.with_conn(|c| {
            let o = fixtures::base_named(c, "autre");
            staff::user(c, "autre@example.org", "manager", Some(o.organisation_id));
            staff::user(c, "redaction@example.org", "editor", Some(b.organisation_id));
            o
        });
        for who in ["autre@example.org", "redaction@example.org"] {
            let mut browser = Browser::signed_in(&app, who);
            let r = browser.get(&format!("/admin/webhooks/{hook}")).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
            assert!(!r.text().contains("secret-a"));
            let r = browser.post(&format!("/admin/webhooks/{hook}/deliveries/{}/replay", delivery.id), &[]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
            let r = browser.post(&format!("/admin/webhooks/{hook}/delete"), &[]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        }
        let list = Browser::signed_in(&app, "autre@example.org").get("/admin/webhooks").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(!list.text().contains("secret-a"));
        let unchanged = app.with_conn(rows).remove(0);
        assert_eq!((&unchanged.state, unchanged.next_attempt_at), (&delivery.state, delivery.next_attempt_at));
        // A delivery id of another endpoint is not found through this one.
        let theirs = {
            let mut browser = Browser::signed_in(&app, "autre@example.org");
            let r = browser.post("/admin/webhooks", &[("organisation_id", &other.organisation_id.to_string()), ("url", "https://autre.example/hook"), ("events", "session.published")]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
            app.with_conn(|c| webhooks::table.filter(webhooks::organisation_id.eq(other.organisation_id)).select(webhooks::id).first::<i64>(c).unwrap())
        };
        let r = Browser::signed_in(&app, "autre@example.org").post(&format!("/admin/webhooks/{theirs}/deliveries/{}/replay", delivery.id), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // Registering for an organisation one does not manage is refused.
        let r = Browser::signed_in(&app, "autre@example.org").post("/admin/webhooks", &[("organisation_id", &b.organisation_id.to_string()), ("url", "https://autre.example/vol"), ("events", "registration.created")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Plain http to another machine, and no event: refused, with the reasons linked.
        let count = app.with_conn(|c| webhooks::table.count().get_result::<i64>(c).unwrap());
        let r = Browser::signed_in(&app, MANAGER).post("/admin/webhooks", &[("organisation_id", &b.organisation_id.to_string()), ("url", "http://partenaire.example/hook")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text();
        assert!(page.contains("https://") && page.contains(r##"href="#f-url""##) && page.contains(r##"href="#f-events""##), "{page}");
        assert!(page.contains("partenaire.example"), "the address typed is shown again");
        assert_eq!(app.with_conn(|c| webhooks::table.count().get_result::<i64>(c).unwrap()), count);
    }
}
