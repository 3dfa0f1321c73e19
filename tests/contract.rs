//! What integrations read, pinned as snapshots (`tests/snapshots/contract__*.snap`): a
//! public calendar feed, the invite a confirmation email carries, the OpenAPI document,
//! and one JSON body per API resource — public sessions, events, the catalogue (which
//! lists the organisations), a registration through its link, and the staff API's
//! resources with a bearer token.
//!
//! Fixtures are dated 2099, so nothing moves with the calendar; a fresh database gives
//! the same ids every run. What still changes from run to run is redacted by
//! [`redact`]: tokens and door codes (random), and times of "now" (`DTSTAMP`, creation
//! and update stamps). Both backends must give the same text: each test runs on SQLite
//! and on PostgreSQL against the same snapshot.
//!
//! A snapshot that changes is a change of the contract: review it (`cargo insta
//! review`, or compare the `.snap.new` file) before accepting it.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::{registrations, venues};
use common::fixtures::{self, utc};
use common::mailkit::{app_with_smtp, first_email, manage_token_in};
use common::staff::{self, api};
use common::{Backend, TestApp};
use diesel::prelude::*;
use mail_parser::MimeHeaders;
use serde_json::{Value, json};

/// Compares `text` with the snapshot `contract__{name}`, the same file for both backends.
fn check(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(format!("contract__{name}"), text));
}

/// Values that differ between runs, replaced by a label: the secrets given
/// (`(value, label)`), then every timestamp that is not in 2099 (the fixtures' year),
/// which can only be a "now" of the run.
fn redact(text: &str, secrets: &[(String, &str)]) -> String {
    let mut out = text.to_owned();
    for (value, label) in secrets {
        if !value.is_empty() {
            out = out.replace(value.as_str(), label);
        }
    }
    now_stamps(&out)
}

/// Replaces timestamps of the run (`2026-…T…` in JSON, `20261206T191220Z` in iCalendar)
/// with `[now]`: those of this year, last year or next year. The fixtures' times (2099)
/// and fixed dates such as the time-zone rules' (1970) stay.
fn now_stamps(text: &str) -> String {
    use chrono::Datelike;
    let year = chrono::Utc::now().year();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if let Some(len) = stamp_at(&bytes[i..])
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && text[i..i + 4]
                .parse::<i32>()
                .is_ok_and(|y| (y - year).abs() <= 1)
        {
            out.push_str("[now]");
            i += len;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// As [`redact`], for iCalendar text whose long lines are folded (a line break and a
/// space, anywhere, even inside a secret): each secret is masked in place, its label
/// padded with `*` to the secret's length and the folds kept where they were, so the
/// snapshot still shows where every line folds.
fn redact_folded(text: &str, secrets: &[(String, &str)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (secret, label) in secrets {
        let secret = secret.as_bytes();
        if secret.is_empty() {
            continue;
        }
        let mask = format!("{label:*<width$}", width = secret.len()).into_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Where each byte of the secret sits, skipping folds.
            let mut at = Vec::with_capacity(secret.len());
            let mut j = i;
            while at.len() < secret.len() && j < bytes.len() {
                if !at.is_empty() && bytes[j..].starts_with(b"\r\n ") {
                    j += 3;
                } else if !at.is_empty() && bytes[j..].starts_with(b"\n ") {
                    j += 2;
                } else if bytes[j] == secret[at.len()] {
                    at.push(j);
                    j += 1;
                } else {
                    break;
                }
            }
            if at.len() == secret.len() {
                for (k, &pos) in at.iter().enumerate() {
                    // A label longer than the secret is cut; the secrets here are longer.
                    bytes[pos] = *mask.get(k).unwrap_or(&b'*');
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    now_stamps(&String::from_utf8(bytes).expect("ASCII masks keep UTF-8"))
}

/// The length of the timestamp starting here, if one does: RFC 3339 (`YYYY-MM-DDTHH:MM:SS`
/// with optional fraction and offset) or iCalendar (`YYYYMMDDTHHMMSS` with optional `Z`).
fn stamp_at(b: &[u8]) -> Option<usize> {
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let shape = |pattern: &[u8]| {
        b.len() >= pattern.len()
            && pattern.iter().zip(b).all(|(p, c)| {
                if *p == b'9' {
                    c.is_ascii_digit()
                } else {
                    p == c
                }
            })
    };
    if shape(b"9999-99-99T99:99:99") {
        let mut n = 19;
        if b.get(n) == Some(&b'.') {
            n += 1;
            while b.get(n).is_some_and(u8::is_ascii_digit) {
                n += 1;
            }
        }
        if b.get(n) == Some(&b'Z') {
            n += 1;
        } else if matches!(b.get(n), Some(b'+' | b'-'))
            && b.len() >= n + 6
            && digits(&b[n + 1..n + 3])
        {
            n += 6;
        }
        return Some(n);
    }
    if shape(b"99999999T999999") {
        return Some(if b.get(15) == Some(&b'Z') { 16 } else { 15 });
    }
    None
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// The programme every test starts from: a library with a venue and an event, and two
/// sessions in June 2099 (one in person, tagged and described in full; one online, of
/// two seats with a waitlist).
struct Programme {
    base: fixtures::Base,
    workshop: i64,
    online: i64,
}

fn programme(app: &TestApp) -> Programme {
    app.with_conn(|c| {
        let base = fixtures::base_named(c, "biblio");
        let workshop = fixtures::session(
            c,
            &base,
            "Apprivoiser sa tablette",
            utc("2099-06-12 17:30"),
            |s| {
                s.description = "Allumer, naviguer, installer une application; \
                                 sans jargon, à votre rythme."
                    .into();
                s.what_to_bring = "Votre tablette chargée".into();
                s.capacity = Some(8);
                s.level = babillard::domain::session::Level::Beginner;
            },
        );
        fixtures::tag(c, workshop, &["aines"], &["cybersecurite"]);
        let online = fixtures::session(
            c,
            &base,
            "Les arnaques par courriel",
            utc("2099-06-19 23:00"),
            |s| {
                s.format = babillard::domain::session::Format::Online;
                s.venue_id = None;
                s.online_url = Some("https://visio.example.org/arnaques".into());
                s.capacity = Some(2);
                s.waitlist_limit = Some(5);
            },
        );
        Programme {
            base,
            workshop,
            online,
        }
    })
}

/// A registration through the public API; returns its manage token.
async fn register(app: &TestApp, session: i64, name: &str, email: &str) -> (Value, String) {
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{session}/registrations"))
                .set_json(json!({
                    "name": name,
                    "email": email,
                    "seats": 2,
                    "needs": "Accès sans marches",
                    "consent": true,
                })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let body = r.json();
    let url = body["manage_url"].as_str().unwrap();
    let token = url.rsplit('/').next().unwrap().to_owned();
    (body, token)
}

/// The check-in code of the registration a token was given for (random, redacted).
fn code_of(app: &TestApp, token: &str) -> String {
    let digest = babillard::domain::token::digest(token);
    app.with_conn(|c| {
        registrations::table
            .filter(registrations::token_hash.eq(&digest))
            .select(registrations::check_in_code)
            .first(c)
            .unwrap()
    })
}

on_both_backends! {
    async fn the_openapi_document(app: TestApp) {
        let r = app.get("/api/v1/openapi.json").await;
        assert_eq!(r.status, StatusCode::OK);
        check("openapi", &pretty(&r.json()));
    }

    async fn the_public_feed(app: TestApp) {
        programme(&app);
        let r = app.get("/calendar.ics").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type").as_deref(), Some("text/calendar; charset=utf-8"));
        check("feed", &redact_folded(&r.text(), &[]));
    }

    async fn the_public_api(app: TestApp) {
        let p = programme(&app);
        let list = app.get_json("/api/v1/sessions").await;
        check("sessions", &redact(&pretty(&list), &[]));
        let one = app.get_json(&format!("/api/v1/sessions/{}", p.workshop)).await;
        check("session", &redact(&pretty(&one), &[]));
        let event = app.get_json("/api/v1/events/biblio-programme").await;
        check("event", &redact(&pretty(&event), &[]));
        let catalogue = app.get_json("/api/v1/catalogue").await;
        check("catalogue", &redact(&pretty(&catalogue), &[]));
        let refused = app
            .call(
                TestRequest::post()
                    .uri(&format!("/api/v1/sessions/{}/registrations", p.workshop))
                    .set_json(json!({"name": "", "email": "pas une adresse"})),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        check("error", &pretty(&refused.json()));
    }

    async fn a_registration_through_its_link(app: TestApp) {
        let p = programme(&app);
        let (created, token) = register(&app, p.workshop, "Gisèle Lavoie", "gisele@exemple.ca").await;
        let secrets = [(token.clone(), "[token]"), (code_of(&app, &token), "[code]")];
        check("registration_created", &redact(&pretty(&created), &secrets));
        let shown = app.get_json(&format!("/api/v1/registrations/{token}")).await;
        check("registration", &redact(&pretty(&shown), &secrets));
        register(&app, p.online, "Réjean Roy", "rejean@exemple.ca").await;
        let (waiting, token) = register(&app, p.online, "Lise Tremblay", "lise@exemple.ca").await;
        check(
            "registration_waitlisted",
            &redact(&pretty(&waiting), &[(token, "[token]")]),
        );
    }

    async fn the_staff_api(app: TestApp) {
        let p = programme(&app);
        let (manager, trainer) = app.with_conn(|c| {
            let manager = staff::user(c, "gestion@exemple.ca", "manager", Some(p.base.organisation_id));
            let trainer = staff::trainer(c, "isabelle", p.base.organisation_id, None);
            (manager, trainer)
        });
        let bearer = staff::token(&app, "gestion@exemple.ca");
        let call = |method: &'static str, path: String, body: Option<Value>| {
            let (app, bearer) = (&app, bearer.clone());
            async move { api(app, method, &path, Some(&bearer), body).await }
        };

        let me = call("get", "/api/v1/me".into(), None).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["id"], manager);
        check("staff_me", &pretty(&me.json()));

        let event = call("post", "/api/v1/events".into(), Some(json!({
            "organisation_id": p.base.organisation_id,
            "title": "Journées numériques 2099",
            "summary": "Deux jours d'ateliers",
        }))).await;
        assert_eq!(event.status, StatusCode::CREATED, "{}", event.text());
        check("staff_event_created", &pretty(&event.json()));

        let town: i64 = app.with_conn(|c| {
            venues::table.find(p.base.venue_id).select(venues::municipality_id).first(c).unwrap()
        });
        let venue = call("post", "/api/v1/venues".into(), Some(json!({
            "organisation_id": p.base.organisation_id,
            "name": "Salle Desjardins",
            "address": "12, rue de la Gare",
            "municipality_id": town,
            "capacity": 30,
            "step_free_access": true,
            "wifi": true,
            "computers": 6,
        }))).await;
        assert_eq!(venue.status, StatusCode::CREATED, "{}", venue.text());
        check("staff_venue_created", &pretty(&venue.json()));

        let session = call("post", "/api/v1/sessions".into(), Some(json!({
            "event_id": p.base.event_id,
            "title": "Cybersécurité : les arnaques",
            "kind": "atelier-pratique",
            "starts_at": "2099-03-14T13:30:00-04:00",
            "ends_at": "2099-03-14T15:00:00-04:00",
            "venue_id": p.base.venue_id,
            "capacity": 15,
            "audiences": ["aines"],
            "publish": true,
        }))).await;
        assert_eq!(session.status, StatusCode::CREATED, "{}", session.text());
        check("staff_session_created", &pretty(&session.json()));

        let moved = call("patch", format!("/api/v1/sessions/{}", p.workshop), Some(json!({
            "starts_at": "2099-06-13T13:30:00-04:00",
            "ends_at": "2099-06-13T15:00:00-04:00",
        }))).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
        check("staff_session_updated", &pretty(&moved.json()));

        let assigned = call("post", format!("/api/v1/sessions/{}/trainers", p.workshop), Some(json!({
            "trainer_id": trainer,
        }))).await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text());
        check("staff_trainer_assigned", &pretty(&assigned.json()));

        let (_, token) = register(&app, p.workshop, "Gisèle Lavoie", "gisele@exemple.ca").await;
        let code = code_of(&app, &token);
        let secrets = [(code.clone(), "[code]")];
        let checked = call("post", format!("/api/v1/sessions/{}/check-ins", p.workshop), Some(json!({
            "code": code,
        }))).await;
        assert_eq!(checked.status, StatusCode::OK, "{}", checked.text());
        check("staff_check_in", &redact(&pretty(&checked.json()), &secrets));

        let roster = call("get", format!("/api/v1/sessions/{}/roster", p.workshop), None).await;
        assert_eq!(roster.status, StatusCode::OK, "{}", roster.text());
        check("staff_roster", &redact(&pretty(&roster.json()), &secrets));

        let cancelled = call("post", format!("/api/v1/sessions/{}/cancel", p.online), Some(json!({
            "reason": "La formatrice est malade.",
        }))).await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text());
        check("staff_session_cancelled", &pretty(&cancelled.json()));
    }
}

/// The invite attached to a confirmation email, as the mail worker composes it.
async fn the_invite(backend: Backend) {
    let app = app_with_smtp(backend, None).await;
    let p = programme(&app);
    let (_, token) = register(&app, p.workshop, "Gisèle Lavoie", "gisele@exemple.ca").await;
    let code = code_of(&app, &token);
    let bytes = first_email(&app, Some("registration_confirmed"));
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let invite = msg
        .attachments()
        .find(|a| a.attachment_name() == Some("invite.ics"))
        .and_then(|a| a.text_contents().map(str::to_owned))
        .expect("an invite.ics attachment");
    // The email's own link (a token of its own) may appear in the invite.
    let link = manage_token_in(&msg.body_text(0).unwrap()).unwrap_or_default();
    let secrets = [(link, "[token]"), (token, "[token]"), (code, "[code]")];
    check("invite", &redact_folded(&invite, &secrets));
}

#[actix_web::test]
async fn the_invite_of_a_confirmation_sqlite() {
    the_invite(Backend::Sqlite).await;
}

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn the_invite_of_a_confirmation_postgres() {
    the_invite(Backend::Postgres).await;
}

#[test]
fn the_redaction_keeps_the_fixtures_times_and_hides_the_runs() {
    use chrono::Datelike;
    let y = chrono::Utc::now().year();
    let text = format!(
        "DTSTAMP:{y}1206T191220Z\nDTSTART:19701101T020000\n\
         DTSTART;TZID=America/Toronto:20990612T133000\n\
         \"created_at\": \"{y}-12-06T19:12:20Z\", \"starts_at\": \"2099-06-12T13:30:00-04:00\",\
         \"at\": \"{y}-12-06T14:12:20.123-05:00\", id {y}1206"
    );
    assert_eq!(
        now_stamps(&text),
        format!(
            "DTSTAMP:[now]\nDTSTART:19701101T020000\n\
             DTSTART;TZID=America/Toronto:20990612T133000\n\
             \"created_at\": \"[now]\", \"starts_at\": \"2099-06-12T13:30:00-04:00\",\
             \"at\": \"[now]\", id {y}1206"
        )
    );
    assert_eq!(
        redact("/r/abc et abc", &[("abc".into(), "[token]")]),
        "/r/[token] et [token]"
    );
    // A secret folded across lines is masked in place, the fold kept.
    assert_eq!(
        redact_folded(
            "DESCRIPTION:lien : /r/Tgk38e1Vrf\r\n eim5FeH et le code ABC234\r\n",
            &[
                ("Tgk38e1Vrfeim5FeH".into(), "[token]"),
                ("ABC234".into(), "[code]")
            ]
        ),
        "DESCRIPTION:lien : /r/[token]***\r\n ******* et le code [code]\r\n"
    );
}
