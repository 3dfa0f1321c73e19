//! The staff JSON API: who am I, writes on events, sessions, venues and trainer
//! assignments with the same rules as the pages, and its place in the OpenAPI document.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::fixtures;
use common::staff::{self, api};
use diesel::prelude::*;
use serde_json::json;

on_both_backends! {
    async fn expired_and_revoked_tokens_get_401_and_their_use_is_recorded(app: TestApp) {
        use babillard::store::users;
        app.with_conn(|c| staff::library_member(c, "editor@example.org", "editor"));
        let (live, short) = app.with_conn(|c| {
            (
                users::create_token(c, "editor@example.org", "site de la MRC", None).unwrap(),
                users::create_token(c, "editor@example.org", "essai", Some(7)).unwrap(),
            )
        });
        let listed = app.with_conn(|c| users::list_tokens(c, Some("Editor@example.org")).unwrap());
        assert_eq!(listed.len(), 2);
        assert!(listed.iter().all(|t| t.last_used_at.is_none()));
        let expires = listed[1].expires_at.expect("an expiry");
        assert!(expires > babillard::db::now() + chrono::Duration::days(6));
        assert!(listed[0].expires_at.is_none());

        assert_eq!(api(&app, "get", "/api/v1/me", Some(&live), None).await.status, StatusCode::OK);
        assert_eq!(api(&app, "get", "/api/v1/me", Some(&short), None).await.status, StatusCode::OK);
        let used = app.with_conn(|c| users::list_tokens(c, None).unwrap());
        assert!(used.iter().all(|t| t.last_used_at.is_some()), "{used:?}");

        // Past its expiry, a token is refused.
        app.with_conn(|c| {
            diesel::update(api_tokens::table.filter(api_tokens::name.eq("essai")))
                .set(api_tokens::expires_at.eq(Some(babillard::db::now() - chrono::Duration::minutes(1))))
                .execute(c)
                .unwrap()
        });
        let r = api(&app, "get", "/api/v1/me", Some(&short), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.with_conn(|c| users::list_tokens(c, None).unwrap())[1].state(babillard::db::now()), "expired");
        // Revoked, at once.
        assert!(app.with_conn(|c| users::revoke_token(c, listed[0].id).unwrap()));
        assert_eq!(api(&app, "get", "/api/v1/me", Some(&live), None).await.status, StatusCode::UNAUTHORIZED);
        assert!(!app.with_conn(|c| users::revoke_token(c, listed[0].id).unwrap()), "revoking twice");
        assert_eq!(app.with_conn(|c| users::list_tokens(c, None).unwrap())[0].state(babillard::db::now()), "revoked");
    }

    async fn me_tells_a_token_holder_what_they_may_do(app: TestApp) {
        let org = app.with_conn(|c| {
            let b = staff::library_member(c, "editor@example.org", "editor");
            b.organisation_id
        });
        let token = staff::token(&app, "editor@example.org");
        let r = api(&app, "get", "/api/v1/me", Some(&token), None).await;
        assert_eq!(r.status, StatusCode::OK);
        let me = r.json();
        assert_eq!(me["email"], "editor@example.org");
        assert_eq!(me["is_admin"], false);
        assert_eq!(me["memberships"], json!([{"organisation_id": org, "role": "editor"}]));
        let bad = api(&app, "get", "/api/v1/me", Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), None).await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bad.json()["error"]["code"], "unauthorized");
    }

    async fn an_integration_creates_publishes_and_moves_a_session(app: TestApp) {
        let b = app.with_conn(|c| staff::library_member(c, "editor@example.org", "editor"));
        let token = staff::token(&app, "editor@example.org");
        let r = api(&app, "post", "/api/v1/sessions", Some(&token), Some(json!({
            "event_id": b.event_id,
            "title": "Cybersécurité : les arnaques",
            "kind": "atelier-pratique",
            "starts_at": "2026-03-14T13:30:00-04:00",
            "ends_at": "2026-03-14T15:00:00-04:00",
            "venue_id": b.venue_id,
            "capacity": 15,
            "audiences": ["aines"],
            "publish": true
        }))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_i64().unwrap();
        let public = app.get_json(&format!("/api/v1/sessions/{id}")).await;
        assert_eq!(public["title"], "Cybersécurité : les arnaques");
        let starts: chrono::NaiveDateTime = app.with_conn(|c| sessions::table.find(id).select(sessions::starts_at).first(c).unwrap());
        assert_eq!(starts, fixtures::utc("2026-03-14 17:30"));

        app.with_conn(|c| {
            let t = babillard::db::now();
            diesel::insert_into(registrations::table).values((
                registrations::session_id.eq(id),
                registrations::token_hash.eq(babillard::domain::token::digest(&babillard::domain::token::random_token())),
                registrations::person_key.eq("gisele@example.org"),
                registrations::name.eq("Gisèle"),
                registrations::email.eq("gisele@example.org"),
                registrations::seats.eq(1),
                registrations::status.eq("confirmed"),
                registrations::queued_at.eq(t),
                registrations::check_in_code.eq("ABC234"),
                registrations::created_at.eq(t),
                registrations::updated_at.eq(t),
            )).execute(c).unwrap();
        });
        let moved = api(&app, "patch", &format!("/api/v1/sessions/{id}"), Some(&token), Some(json!({
            "starts_at": "2026-03-21T13:30:00-04:00",
            "ends_at": "2026-03-21T15:00:00-04:00"
        }))).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
        assert_eq!(moved.json()["notified"], 1);
        let kinds: Vec<String> = app.with_conn(|c| outbox::table.select(outbox::kind).load(c).unwrap());
        assert_eq!(kinds, vec!["session_changed"]);
        let audiences: i64 = app.with_conn(|c| session_audiences::table.filter(session_audiences::session_id.eq(id)).count().get_result(c).unwrap());
        assert_eq!(audiences, 1, "a PATCH keeps what it does not mention");

        let gone = api(&app, "delete", &format!("/api/v1/sessions/{id}"), Some(&token), None).await;
        assert_eq!(gone.status, StatusCode::CONFLICT, "someone registered");
        assert_eq!(gone.json()["error"]["code"], "conflict");
    }

    async fn invalid_bodies_get_a_message_per_field_and_store_nothing(app: TestApp) {
        let b = app.with_conn(|c| staff::library_member(c, "editor@example.org", "editor"));
        let token = staff::token(&app, "editor@example.org");
        let r = api(&app, "post", "/api/v1/sessions", Some(&token), Some(json!({
            "event_id": b.event_id,
            "title": "",
            "kind": "inconnu",
            "starts_at": "demain",
            "ends_at": "2026-03-14T15:00:00-04:00",
            "format": "in_person",
            "venue_id": b.venue_id
        }))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = &r.json()["error"]["fields"];
        for f in ["title", "kind", "starts_at"] {
            assert!(fields[f].as_str().is_some_and(|m| !m.is_empty()), "{f}: {fields}");
        }
        let unknown_field = api(&app, "post", "/api/v1/sessions", Some(&token), Some(json!({"event_id": b.event_id, "titre": "x"}))).await;
        assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);
        let not_json = app.call(actix_web::test::TestRequest::post().uri("/api/v1/events")
            .insert_header(("authorization", format!("Bearer {token}")))
            .insert_header(("content-type", "application/json"))
            .set_payload("{pas du json")).await;
        assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.with_conn(|c| sessions::table.count().get_result::<i64>(c).unwrap()), 0);
        assert_eq!(app.with_conn(|c| events::table.count().get_result::<i64>(c).unwrap()), 1);
    }

    async fn an_organisation_that_does_not_exist_is_a_field_to_correct_not_a_server_error(app: TestApp) {
        // A regional administrator may act for any organisation, so only the database
        // knows that 987654 names none (found by scripts/fuzz-api.sh: it was a 500).
        app.with_conn(|c| staff::user(c, "admin@example.org", "admin", None));
        let token = staff::token(&app, "admin@example.org");
        let event = api(&app, "post", "/api/v1/events", Some(&token),
            Some(json!({"organisation_id": 987654, "title": "Atelier « juste à temps »"}))).await;
        assert_eq!(event.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", event.json());
        assert!(event.json()["error"]["fields"]["organisation_id"].as_str().is_some_and(|m| m.contains("Aucune organisation")));
        let venue = api(&app, "post", "/api/v1/venues", Some(&token),
            Some(json!({"organisation_id": 987654, "name": "Salle", "address": "1 rue Principale", "municipality_id": 1}))).await;
        assert_eq!(venue.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", venue.json());
        assert_eq!(app.with_conn(|c| events::table.count().get_result::<i64>(c).unwrap()), 0);
        assert_eq!(app.with_conn(|c| venues::table.count().get_result::<i64>(c).unwrap()), 0);
    }

    async fn assigning_through_the_api_refuses_a_double_booking_with_a_409(app: TestApp) {
        let (b, trainer, s2) = app.with_conn(|c| {
            let b = staff::library_member(c, "editor@example.org", "editor");
            let t = staff::trainer(c, "isabelle", b.organisation_id, None);
            let s1 = fixtures::session(c, &b, "Matin", fixtures::utc("2026-06-10 13:00"), |_| {});
            let s2 = fixtures::session(c, &b, "Chevauche", fixtures::utc("2026-06-10 14:00"), |_| {});
            staff::assign(c, s1, t);
            (b, t, s2)
        });
        let _ = b;
        let token = staff::token(&app, "editor@example.org");
        let r = api(&app, "post", &format!("/api/v1/sessions/{s2}/trainers"), Some(&token), Some(json!({"trainer_id": trainer}))).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("«\u{a0}Matin\u{a0}»"));
    }

    async fn a_refusal_answers_in_the_language_the_api_caller_asks_for(app: TestApp) {
        let (trainer, s2) = app.with_conn(|c| {
            let b = staff::library_member(c, "editor@example.org", "editor");
            let t = staff::trainer(c, "isabelle", b.organisation_id, None);
            let s1 = fixtures::session(c, &b, "Matin", fixtures::utc("2026-06-10 13:00"), |_| {});
            let s2 = fixtures::session(c, &b, "Chevauche", fixtures::utc("2026-06-10 14:00"), |_| {});
            staff::assign(c, s1, t);
            (t, s2)
        });
        let token = staff::token(&app, "editor@example.org");
        let r = app.call(actix_web::test::TestRequest::post()
            .uri(&format!("/api/v1/sessions/{s2}/trainers"))
            .insert_header(("authorization", format!("Bearer {token}")))
            .insert_header(("accept-language", "en-CA,en;q=0.9"))
            .set_json(json!({"trainer_id": trainer}))).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        // The sentence and the date in it are English: the date is written where the
        // refusal is shown, in the caller's language, not where it was made.
        assert!(message.starts_with("This trainer already leads “Matin”"), "{message}");
        assert!(message.contains("Wednesday, June 10, 2026"), "{message}");
        assert!(!message.contains("mercredi"), "{message}");
    }
}

#[actix_web::test]
async fn the_openapi_document_describes_every_staff_endpoint_with_the_bearer_scheme() {
    let app = common::TestApp::sqlite().await;
    let doc = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for (method, path) in babillard::web::admin::ROUTES
        .iter()
        .filter(|(_, p)| p.starts_with("/api/"))
    {
        let op = &doc["paths"][*path][*method];
        assert!(
            op.is_object(),
            "{method} {path} is not in the OpenAPI document"
        );
        assert_eq!(
            op["security"][0]["bearer"],
            json!([]),
            "{method} {path} names the bearer scheme"
        );
    }
    // A body that is not JSON of the documented shape gets 400: each operation that
    // reads one says so, as the fuzzer (scripts/fuzz-api.sh) checks.
    let mut with_body = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("requestBody").is_some() {
                with_body += 1;
                assert!(
                    op["responses"]["400"].is_object(),
                    "{method} {path} documents 400"
                );
            }
        }
    }
    assert!(with_body >= 10, "{with_body} operations read a body");
}
