//! What a copy of the database gives: no working link — on both databases.

mod common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::now;
use babillard::db::schema::*;
use babillard::domain::messages::MessageKind;
use babillard::store::outbox::{NewMessage, enqueue};
use chrono::Duration;
use common::fixtures::{self, in_days};
use common::mailkit::app_with_smtp;
use common::{Backend, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};

/// Tests whose messages are written as `.eml` files in a temporary folder.
macro_rules! with_mail {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {$(
        mod $name {
            use super::*;
            async fn run(backend: Backend) {
                let Some($app) = app_with_smtp(backend, None).await else { return };
                $body
            }
            #[actix_web::test]
            async fn sqlite() { run(Backend::Sqlite).await }
            #[actix_web::test]
            async fn postgres() { run(Backend::Postgres).await }
        }
    )*};
}

fn session(app: &TestApp) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |_| {})
    })
}

async fn register(app: &TestApp, session: i64, name: &str, email: &str) -> Value {
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{session}/registrations"))
                .set_json(json!({"name": name, "email": email, "consent": true})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    r.json()
}

fn token_of(r: &Value) -> String {
    r["manage_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

/// Every 32-character token after `marker` in a text.
fn tokens_after(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .map(|(i, _)| {
            text[i + marker.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|t| t.len() == 32)
        .collect()
}

/// The decoded text of every message written to the mail folder.
fn mailbox(app: &TestApp) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(&app.state.settings.mail_dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        all.push_str(&msg.body_text(0).unwrap());
        all.push('\n');
    }
    all
}

/// Every text a copy of the database would hold in the tables that keep secrets.
fn database_text(app: &TestApp) -> String {
    app.with_conn(|c| {
        let mut all: Vec<String> = Vec::new();
        all.extend(
            registrations::table
                .select(registrations::token_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            registration_links::table
                .select(registration_links::token_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            idempotency_keys::table
                .select(idempotency_keys::key_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            person_feeds::table
                .select(person_feeds::token_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            trainers::table
                .select(trainers::feed_token_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            api_tokens::table
                .select(api_tokens::token_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            password_resets::table
                .select(password_resets::token_hash)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            outbox::table
                .select(outbox::payload)
                .load::<String>(c)
                .unwrap(),
        );
        all.extend(
            audit_log::table
                .select(audit_log::detail)
                .load::<String>(c)
                .unwrap(),
        );
        all.join("\n")
    })
}

with_mail! {
    async fn a_copy_of_the_database_holds_no_link_anyone_was_given(app: TestApp) {
        let s = session(&app);
        let lise = register(&app, s, "Lise Tremblay", "lise@exemple.ca").await;
        let shown = token_of(&lise);
        // Her address typed again later: the link goes to her mailbox.
        app.with_conn(|c| diesel::update(registrations::table).set(registrations::created_at.eq(now() - Duration::minutes(11))).execute(c).unwrap());
        let again = register(&app, s, "Lise Tremblay", "lise@exemple.ca").await;
        assert!(again["manage_url"].is_null());
        // A retry with an Idempotency-Key, « Mes activités », a trainer's feed, an API
        // token, a password reset.
        let key = "0b7c3e1e-6a55-4c1b-8d0e-3c4f5a6b7c8d";
        let retried = app.call(TestRequest::post().uri(&format!("/api/v1/sessions/{s}/registrations"))
            .insert_header(("idempotency-key", key))
            .set_json(json!({"name": "Paul Roy", "email": "paul@exemple.ca", "consent": true}))).await.json();
        let retry = app.call(TestRequest::post().uri(&format!("/api/v1/sessions/{s}/registrations"))
            .insert_header(("idempotency-key", key))
            .set_json(json!({"name": "Paul Roy", "email": "paul@exemple.ca", "consent": true}))).await.json();
        let email = babillard::domain::registration::Email::parse("lise@exemple.ca").unwrap();
        assert!(app.with_conn(|c| babillard::store::activities::request_link(c, &email, babillard::web::i18n::Lang::Fr, now())).unwrap());
        let (feed, api_token) = app.with_conn(|c| {
            let b = fixtures::base_named(c, "autre");
            let u = common::staff::user(c, "isabelle@example.org", "none", None);
            let t = common::staff::trainer(c, "isabelle", b.organisation_id, Some(u));
            (
                babillard::store::trainers::new_feed_link(c, t).unwrap(),
                babillard::store::users::create_token(c, "isabelle@example.org", "t", None).unwrap(),
            )
        });
        app.with_conn(|c| babillard::db::write_tx(c, |c| enqueue(c, &NewMessage {
            kind: MessageKind::PasswordReset,
            registration_id: None,
            session_id: None,
            recipient: "isabelle@example.org".into(),
            recipient_name: "Isabelle".into(),
            language: babillard::web::i18n::Lang::Fr,
            payload: json!({"link": "https://babillard.test/password/reset/RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR", "expires_at": "2026-03-10T12:00:00-04:00"}),
        }))).unwrap();
        assert!(babillard::mail::worker::drain_at(&app.state, now()).unwrap() >= 5);

        let mail = mailbox(&app);
        let mut given: Vec<String> = vec![shown, token_of(&retried), token_of(&retry), feed, api_token, "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR".into()];
        let emailed = tokens_after(&mail, "/r/");
        assert!(emailed.len() >= 3, "confirmations and the link sent again: {mail}");
        given.extend(emailed);
        let activities = tokens_after(&mail, "/my-activities/");
        assert_eq!(activities.len(), 1, "{mail}");
        given.extend(activities.clone());
        // Every one of them works…
        for t in &given[..3] {
            assert_eq!(app.get(&format!("/r/{t}")).await.status, StatusCode::OK);
        }
        assert_eq!(app.get(&format!("/my-activities/{}", activities[0])).await.status, StatusCode::OK);
        // …and none is in the database, where every sent message kept its record.
        let copy = database_text(&app);
        for t in &given {
            assert!(!copy.contains(t.as_str()), "{t} is readable in the database");
        }
        let kept: Vec<(String, String)> = app.with_conn(|c| outbox::table.order(outbox::id).select((outbox::kind, outbox::status)).load(c).unwrap());
        assert!(kept.len() >= 5 && kept.iter().all(|(_, s)| s == "sent"), "{kept:?}");
    }
}
