//! The whole story of two citizens, through the real parts end to end: registrations
//! over the JSON API (the registration engine), a move by the library (staff API), the outbox worker sending through
//! lettre to an SMTP server on loopback, and every received invite read back with the
//! independent `icalendar` parser. A calendar that applies the invites in order must
//! end up with the right event, then none.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::mail::worker;
use common::fixtures::{self, in_days};
use common::mailkit::{Ics, app_with_smtp, parse_ics, toronto_to_utc};
use common::smtp::{Received, SmtpSink};
use common::staff;
use common::{Backend, TestApp};
use serde_json::{Value, json};

/// What a calendar application sees in one email: its subject and, when it carries an
/// invite, the METHOD, UID, SEQUENCE, STATUS and start of the event.
#[derive(Debug)]
struct Seen {
    subject: String,
    invite: Option<Invite>,
}

#[derive(Debug)]
struct Invite {
    method: String,
    uid: String,
    sequence: i64,
    status: Option<String>,
    starts_at: chrono::NaiveDateTime,
}

fn seen(r: &Received) -> Seen {
    let msg = r.parsed();
    let calendar = msg
        .parts
        .iter()
        .find(|p| {
            mail_parser::MimeHeaders::content_type(*p)
                .is_some_and(|ct| ct.ctype() == "text" && ct.subtype() == Some("calendar"))
        })
        .map(|p| String::from_utf8(p.contents().to_vec()).unwrap());
    let invite = calendar.map(|text| {
        let ics: Ics = parse_ics(&text);
        assert_eq!(ics.events.len(), 1, "one event per invite");
        let e = &ics.events[0];
        Invite {
            method: ics.prop("METHOD").unwrap().to_owned(),
            uid: e["UID"].value.clone(),
            sequence: e["SEQUENCE"].value.parse().unwrap(),
            status: e.get("STATUS").map(|p| p.value.clone()),
            starts_at: toronto_to_utc(&e["DTSTART"]),
        }
    });
    Seen {
        subject: msg.subject().unwrap_or_default().to_owned(),
        invite,
    }
}

/// Everything the sink received for `address`, in order.
fn inbox(sink: &SmtpSink, address: &str) -> Vec<Seen> {
    sink.received()
        .iter()
        .filter(|r| r.to.iter().any(|t| t.contains(address)))
        .map(seen)
        .collect()
}

async fn register(app: &TestApp, session: i64, name: &str, email: &str, seats: i32) -> Value {
    let fields = json!({"name": name, "email": email, "seats": seats});
    let (status, r) = common::register_by_api(app, session, fields).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    r
}

async fn send_all(app: &TestApp) {
    worker::drain_at(
        &app.state.mail(),
        babillard::db::now() + chrono::Duration::seconds(1),
    )
    .unwrap();
}

async fn story(backend: Backend) {
    let sink = SmtpSink::start();
    let app = app_with_smtp(backend, Some(sink.url())).await;
    let starts = in_days(10);
    let session = app.with_conn(|c| {
        let b = fixtures::base(c);
        staff::user(c, "editor@example.org", "editor", Some(b.organisation_id));
        fixtures::session(c, &b, "Mon téléphone intelligent", starts, |s| {
            s.capacity = Some(2);
            s.max_seats = 2;
            s.waitlist_limit = None;
        })
    });

    // Alice takes one seat; Bob wants two and waits.
    let alice = register(&app, session, "Alice Tremblay", "alice@example.org", 1).await;
    assert_eq!(alice["status"], "confirmed");
    let bob = register(&app, session, "Bob Côté", "bob@example.org", 2).await;
    assert_eq!(bob["status"], "waitlisted");
    assert_eq!(bob["waitlist_position"], 1);
    send_all(&app).await;

    // Alice cancels: her seat frees two, Bob is promoted in the same transaction.
    let r = app
        .call(TestRequest::delete().uri(&format!(
            "/api/v1/registrations/{}",
            common::manage_token(&alice)
        )))
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    let bob_now = app
        .get_json(&format!(
            "/api/v1/registrations/{}",
            common::manage_token(&bob)
        ))
        .await;
    assert_eq!(bob_now["status"], "confirmed");
    send_all(&app).await;

    // The library moves the workshop two hours later through the staff API.
    let moved = starts + chrono::Duration::hours(2);
    let r = staff::api(
        &app,
        "patch",
        &format!("/api/v1/sessions/{session}"),
        Some(&staff::token(&app, "editor@example.org")),
        Some(json!({
            "starts_at": babillard::domain::time::rfc3339(moved),
            "ends_at": babillard::domain::time::rfc3339(moved + chrono::Duration::hours(2)),
        })),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["notified"], 1, "only Bob still holds seats");
    send_all(&app).await;

    // Bob cancels too.
    let r = app
        .call(TestRequest::delete().uri(&format!(
            "/api/v1/registrations/{}",
            common::manage_token(&bob)
        )))
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    send_all(&app).await;

    // Alice: a confirmation with an invite, then its cancellation.
    let a = inbox(&sink, "alice@example.org");
    assert_eq!(a.len(), 2, "{a:#?}");
    let (a1, a2) = (a[0].invite.as_ref().unwrap(), a[1].invite.as_ref().unwrap());
    assert_eq!(
        (a1.method.as_str(), a2.method.as_str()),
        ("REQUEST", "CANCEL")
    );
    assert_eq!(a1.uid, a2.uid);
    assert!(a2.sequence > a1.sequence);
    assert_eq!(a2.status.as_deref(), Some("CANCELLED"));
    assert_eq!(a1.starts_at, starts);

    // Bob: waitlisted (no invite), promoted (REQUEST), moved (REQUEST at the new
    // time), cancelled (CANCEL): one UID, rising SEQUENCE, not Alice's UID.
    let b = inbox(&sink, "bob@example.org");
    assert_eq!(b.len(), 4, "{b:#?}");
    assert!(b[0].invite.is_none(), "a waitlisted person gets no invite");
    let invites: Vec<&Invite> = b[1..].iter().map(|s| s.invite.as_ref().unwrap()).collect();
    let methods: Vec<&str> = invites.iter().map(|i| i.method.as_str()).collect();
    assert_eq!(methods, ["REQUEST", "REQUEST", "CANCEL"]);
    assert!(invites.iter().all(|i| i.uid == invites[0].uid));
    assert_ne!(invites[0].uid, a1.uid);
    assert!(
        invites.windows(2).all(|w| w[1].sequence > w[0].sequence),
        "{invites:#?}"
    );
    assert_eq!(invites[0].starts_at, starts);
    assert_eq!(
        invites[1].starts_at, moved,
        "the update carries the new time"
    );
    assert_eq!(invites[2].status.as_deref(), Some("CANCELLED"));
    for s in a.iter().chain(&b) {
        assert!(s.subject.contains("Mon téléphone intelligent"), "{s:?}");
    }

    // Every message went out once.
    assert_eq!(sink.count(), 6);
    send_all(&app).await;
    assert_eq!(sink.count(), 6);
}

#[actix_web::test]
async fn register_wait_promote_move_cancel_sqlite() {
    story(Backend::Sqlite).await
}

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn register_wait_promote_move_cancel_postgres() {
    story(Backend::Postgres).await
}
