//! What a copy of the database gives (no working link), what a sent message keeps, what
//! a person downloads and erases from their manage link, and what the retention job
//! purges — on both databases.

use crate::common;

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
                let $app = app_with_smtp(backend, None).await;
                $body
            }
            $crate::each_backend!(run);
        }
    )*};
}

fn session(app: &TestApp) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |_| {})
    })
}

/// Registers (or registers again: a repeat answers the existing registration).
async fn register(app: &TestApp, session: i64, name: &str, email: &str) -> Value {
    let fields = json!({"name": name, "email": email});
    common::register_by_api(app, session, fields).await.1
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
        let shown = common::manage_token(&lise);
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
        assert!(babillard::mail::worker::drain_at(&app.state.mail(), now()).unwrap() >= 5);

        let mail = mailbox(&app);
        let mut given: Vec<String> = vec![shown, common::manage_token(&retried), common::manage_token(&retry), feed, api_token, "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR".into()];
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

    async fn a_person_downloads_and_erases_everything_held_for_their_registration(app: TestApp) {
        let s = session(&app);
        let lise = register(&app, s, "Lise Tremblay", "lise@exemple.ca").await;
        let token = common::manage_token(&lise);
        let rid: i64 = app.with_conn(|c| registrations::table.select(registrations::id).first(c).unwrap());
        // A link emailed again, a check-in recorded by staff, messages sent.
        app.with_conn(|c| diesel::update(registrations::table).set(registrations::created_at.eq(now() - Duration::minutes(11))).execute(c).unwrap());
        register(&app, s, "Lise Tremblay", "lise@exemple.ca").await;
        app.with_conn(|c| babillard::db::write_tx(c, |c| {
            let u = common::staff::user(c, "accueil@example.org", "none", None);
            babillard::store::audit::record(c, &babillard::store::audit::Entry::new(u, "check_in", "registration", Some(rid)).detail("Lise Tremblay à l'accueil"))
        })).unwrap();
        babillard::mail::worker::drain_at(&app.state.mail(), now()).unwrap();
        let emailed = tokens_after(&mailbox(&app), "/r/");
        assert_eq!(emailed.len(), 2);

        let export = app.get(&format!("/r/{token}/data.json")).await;
        assert_eq!(export.status, StatusCode::OK);
        let data = export.json();
        assert_eq!(data["email"], "lise@exemple.ca");
        let messages: Vec<(&str, &str, &str)> = data["messages"].as_array().unwrap().iter()
            .map(|m| (m["kind"].as_str().unwrap(), m["recipient"].as_str().unwrap(), m["status"].as_str().unwrap()))
            .collect();
        assert_eq!(messages, [("registration_confirmed", "lise@exemple.ca", "sent"), ("registration_link", "lise@exemple.ca", "sent")]);
        assert!(data["messages"][0]["sent_at"].is_string());
        assert_eq!(data["history"][0]["action"], "check_in");
        assert_eq!(data["links_issued"], 2);
        assert!(!export.text().contains(&emailed[0]), "the download holds no link");

        // Erased from her link: nothing left points back to her, no link works.
        let gone = app.with_conn(|c| babillard::store::registrations::erase(c, &token, now()));
        assert!(gone.is_ok());
        for t in std::iter::once(&token).chain(&emailed) {
            assert_eq!(app.get(&format!("/r/{t}")).await.status, StatusCode::NOT_FOUND);
        }
        let (messages, links, detail): (i64, i64, String) = app.with_conn(|c| (
            outbox::table.filter(outbox::registration_id.eq(rid)).count().get_result(c).unwrap(),
            registration_links::table.count().get_result(c).unwrap(),
            audit_log::table.filter(audit_log::entity_id.eq(rid)).select(audit_log::detail).first(c).unwrap(),
        ));
        assert_eq!((messages, links, detail.as_str()), (0, 0, ""));
        let left: Vec<(Option<String>, Option<String>)> = app.with_conn(|c| registrations::table.select((registrations::name, registrations::email)).load(c).unwrap());
        assert_eq!(left, [(None, None)]);
        // Who did what stays.
        let action: String = app.with_conn(|c| audit_log::table.filter(audit_log::entity_id.eq(rid)).select(audit_log::action).first(c).unwrap());
        assert_eq!(action, "check_in");
    }
}

on_both_backends! {
    async fn the_retention_job_purges_everything_personal_past_its_use_or_its_period(app: TestApp) {
        let t = now();
        let days = |n: i64| t - Duration::days(n);
        let s = session(&app);
        let person = register(&app, s, "Lise Tremblay", "lise@exemple.ca").await;
        let rid: i64 = app.with_conn(|c| registrations::table.select(registrations::id).first(c).unwrap());
        let email = babillard::domain::registration::Email::parse("lise@exemple.ca").unwrap();
        app.with_conn(|c| babillard::store::activities::request_link(c, &email, babillard::web::i18n::Lang::Fr, t)).unwrap();
        app.with_conn(|c| {
            let u = common::staff::user(c, "gestion@example.org", "none", None);
            for (when, ok) in [(days(2), false), (t - Duration::minutes(5), false), (days(3), true)] {
                diesel::insert_into(login_attempts::table).values((
                    login_attempts::email.eq("gestion@example.org"), login_attempts::ip.eq("10.0.0.1"),
                    login_attempts::succeeded.eq(ok), login_attempts::created_at.eq(when),
                )).execute(c).unwrap();
            }
            for (n, expires, used) in [(1, t + Duration::hours(1), None), (2, t - Duration::minutes(1), None), (3, t + Duration::hours(1), Some(t))] {
                diesel::insert_into(password_resets::table).values((
                    password_resets::user_id.eq(u), password_resets::token_hash.eq(format!("reset-{n}")),
                    password_resets::expires_at.eq(expires), password_resets::used_at.eq(used), password_resets::created_at.eq(t),
                )).execute(c).unwrap();
            }
            for (n, expires) in [(1, t + Duration::hours(1)), (2, t - Duration::minutes(1))] {
                diesel::insert_into(staff_sessions::table).values((
                    staff_sessions::token_hash.eq(format!("session-{n}")), staff_sessions::user_id.eq(u),
                    staff_sessions::created_at.eq(t), staff_sessions::last_seen_at.eq(t), staff_sessions::expires_at.eq(expires),
                )).execute(c).unwrap();
            }
            // A message of any kind, a year and more old, and audit entries of that age.
            diesel::insert_into(outbox::table).values((
                outbox::kind.eq("password_reset"), outbox::recipient.eq("gestion@example.org"),
                outbox::status.eq("sent"), outbox::next_attempt_at.eq(days(400)), outbox::created_at.eq(days(400)),
            )).execute(c).unwrap();
            for (action, entity, detail, when) in [
                ("register", "registration", "Lise Tremblay, par téléphone", days(400)),
                ("message", "session", "Lise, votre place est gardée", days(400)),
                ("create", "session", "Apprivoiser sa tablette", days(400)),
                ("register", "registration", "Paul Roy", days(1)),
            ] {
                diesel::insert_into(audit_log::table).values((
                    audit_log::user_id.eq(u), audit_log::action.eq(action), audit_log::entity.eq(entity),
                    audit_log::entity_id.eq(rid), audit_log::detail.eq(detail), audit_log::created_at.eq(when),
                )).execute(c).unwrap();
            }
        });
        let kinds_before = app.with_conn(|c| outbox::table.count().get_result::<i64>(c).unwrap());
        assert!(babillard::jobs::registrations::retention(&app.state.jobs()).unwrap() > 0);

        let attempts: Vec<chrono::NaiveDateTime> = app.with_conn(|c| login_attempts::table.select(login_attempts::created_at).load(c).unwrap());
        assert_eq!(attempts, [t - Duration::minutes(5)], "only what the throttle still needs");
        let resets: Vec<String> = app.with_conn(|c| password_resets::table.select(password_resets::token_hash).load(c).unwrap());
        assert_eq!(resets, ["reset-1"], "used and expired links go");
        let signed_in: Vec<String> = app.with_conn(|c| staff_sessions::table.select(staff_sessions::token_hash).load(c).unwrap());
        assert_eq!(signed_in, ["session-1"]);
        let messages: i64 = app.with_conn(|c| outbox::table.count().get_result(c).unwrap());
        assert_eq!(messages, kinds_before - 1, "the year-old message goes, this week's stay");
        let audit: Vec<(String, String)> = app.with_conn(|c| audit_log::table.filter(audit_log::user_id.is_not_null()).filter(audit_log::action.ne("sign_in")).order(audit_log::id).select((audit_log::action, audit_log::detail)).load(c).unwrap());
        assert_eq!(audit, [
            ("register".to_owned(), String::new()),
            ("message".to_owned(), String::new()),
            ("create".to_owned(), "Apprivoiser sa tablette".to_owned()),
            ("register".to_owned(), "Paul Roy".to_owned()),
        ], "who did what stays; people's names go after the period");
        // Her registration is recent: kept, with her « Mes activités » link.
        assert_eq!(app.get(&format!("/r/{}", common::manage_token(&person))).await.status, StatusCode::OK);
        assert_eq!(app.with_conn(|c| person_feeds::table.count().get_result::<i64>(c).unwrap()), 1);
        // Once her registration is purged, the link to her activities goes too.
        app.with_conn(|c| diesel::update(sessions::table.find(s)).set((
            sessions::starts_at.eq(days(400)), sessions::ends_at.eq(days(400) + Duration::hours(1)),
        )).execute(c).unwrap());
        babillard::jobs::registrations::retention(&app.state.jobs()).unwrap();
        assert_eq!(app.with_conn(|c| person_feeds::table.count().get_result::<i64>(c).unwrap()), 0);
        assert_eq!(app.get(&format!("/r/{}", common::manage_token(&person))).await.status, StatusCode::NOT_FOUND);
        // Retry keys live a day.
        app.with_conn(|c| diesel::insert_into(idempotency_keys::table).values((
            idempotency_keys::key_hash.eq("old"), idempotency_keys::registration_id.eq(rid),
            idempotency_keys::created_at.eq(t - Duration::hours(25)),
        )).execute(c).unwrap());
        babillard::jobs::registrations::retention(&app.state.jobs()).unwrap();
        assert_eq!(app.with_conn(|c| idempotency_keys::table.count().get_result::<i64>(c).unwrap()), 0);
    }
}
