//! Registration through the JSON API and the store's organiser operations: placement,
//! waitlist order, idempotency, every refusal with its message, seat changes, offers,
//! staff entries, rate limit, erasure and retention — on both databases.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::now;
use babillard::db::schema::{organisations, outbox, registrations, sessions};
use babillard::store::registrations as store;
use common::fixtures::{self, in_days};
use common::{Resp, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};

fn body(name: &str, email: &str, seats: i32) -> Value {
    json!({"name": name, "email": email, "seats": seats, "consent": true})
}

async fn post(app: &TestApp, session: i64, b: Value) -> Resp {
    app.call(
        TestRequest::post()
            .uri(&format!("/api/v1/sessions/{session}/registrations"))
            .set_json(b),
    )
    .await
}

/// A session with `capacity` seats, up to `max` per registration, and a waitlist limit.
fn session(app: &TestApp, capacity: i32, max: i32, waitlist: Option<i32>) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| {
            s.capacity = Some(capacity);
            s.max_seats = max;
            s.waitlist_limit = waitlist;
        })
    })
}

fn counters(app: &TestApp, id: i64) -> (i32, i32) {
    app.with_conn(|c| {
        sessions::table
            .find(id)
            .select((sessions::seats_taken, sessions::waitlist_count))
            .first(c)
            .unwrap()
    })
}

/// Queued messages: kind, recipient and payload (without the manage link each carries).
fn messages(app: &TestApp) -> Vec<(String, String, Value)> {
    app.with_conn(|c| {
        outbox::table
            .order(outbox::id)
            .select((outbox::kind, outbox::recipient, outbox::payload))
            .load::<(String, String, String)>(c)
            .unwrap()
            .into_iter()
            .map(|(k, r, p)| {
                let mut p: Value = serde_json::from_str(&p).unwrap();
                if let Some(map) = p.as_object_mut() {
                    map.remove("manage_token");
                }
                (k, r, p)
            })
            .collect()
    })
}

/// The manage token a queued message carries (for the link in its email).
fn emailed_token(app: &TestApp, kind: &str) -> String {
    app.with_conn(|c| {
        let p: String = outbox::table
            .filter(outbox::kind.eq(kind))
            .order(outbox::id.desc())
            .select(outbox::payload)
            .first(c)
            .unwrap();
        serde_json::from_str::<Value>(&p).unwrap()["manage_token"]
            .as_str()
            .unwrap()
            .to_owned()
    })
}

async fn post_with_key(app: &TestApp, session: i64, key: &str, b: Value) -> Resp {
    app.call(
        TestRequest::post()
            .uri(&format!("/api/v1/sessions/{session}/registrations"))
            .insert_header(("idempotency-key", key))
            .set_json(b),
    )
    .await
}

fn registration_count(app: &TestApp) -> i64 {
    app.with_conn(|c| registrations::table.count().get_result(c).unwrap())
}

async fn status_of(app: &TestApp, token: &str) -> Value {
    app.get_json(&format!("/api/v1/registrations/{token}"))
        .await
}

on_both_backends! {
    async fn seats_are_confirmed_until_full_then_people_wait_in_numbered_order(app: TestApp) {
        let s = session(&app, 3, 2, None);
        let a = post(&app, s, body("Lise Tremblay", "lise@exemple.ca", 2)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
        let a = a.json();
        assert_eq!(a["status"], "confirmed");
        assert_eq!(a["seats"], 2);
        assert!(a["waitlist_position"].is_null());
        assert!(a["manage_url"].as_str().unwrap().starts_with("http://127.0.0.1:8080/r/"));
        assert_eq!(common::manage_token(&a).len(), 32);
        let b = post(&app, s, body("Gérard Côté", "gerard@exemple.ca", 2)).await.json();
        assert_eq!((b["status"].as_str(), b["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
        assert!(b["message"].as_str().unwrap().contains("position 1"), "{b}");
        let c = post(&app, s, body("Rita Lavoie", "rita@exemple.ca", 1)).await.json();
        assert_eq!(c["status"], "confirmed", "one seat still fits");
        let d = post(&app, s, body("Paul Roy", "paul@exemple.ca", 1)).await.json();
        assert_eq!(d["waitlist_position"], 2);
        assert_eq!(counters(&app, s), (3, 2));
        let public = app.get_json(&format!("/api/v1/sessions/{s}")).await;
        assert_eq!((public["seats_left"].as_i64(), public["availability"].as_str()), (Some(0), Some("waitlist")));
        let kinds: Vec<String> = messages(&app).into_iter().map(|m| m.0).collect();
        assert_eq!(kinds, ["registration_confirmed", "registration_waitlisted", "registration_confirmed", "registration_waitlisted"]);
        let m = &messages(&app)[1];
        assert_eq!((m.1.as_str(), &m.2), ("gerard@exemple.ca", &json!({"seats": 2, "position": 1})));
        assert_eq!(app.with_conn(|c| store::recount(c, s).unwrap()), (3, 2));
    }

    async fn a_repeated_registration_never_shows_the_link_and_emails_it_at_most_once_per_ten_minutes(app: TestApp) {
        let s = session(&app, 5, 2, None);
        let first = post(&app, s, body("Lise Tremblay", "lise@exemple.ca", 1)).await;
        assert_eq!(first.status, StatusCode::CREATED);
        let first = first.json();
        // A double click, with the address typed differently: already registered, no link.
        let again = post(&app, s, body("Lise Tremblay", "  LISE@Exemple.ca ", 1)).await;
        assert_eq!(again.status, StatusCode::OK);
        let again = again.json();
        assert_eq!(again["already_registered"], true, "{again}");
        assert!(again["manage_url"].is_null(), "{again}");
        assert!(again["message"].as_str().unwrap().contains("renvoyé par courriel"), "{again}");
        // Nothing about her registration is told to whoever typed her address.
        for field in ["status", "seats", "waitlist_position", "offer_expires_at"] {
            assert!(again.get(field).is_none(), "{field}: {again}");
        }
        assert_eq!(again["session"]["id"], s);
        assert_eq!(registration_count(&app), 1);
        assert_eq!(counters(&app, s), (1, 0));
        // Her confirmation, with its link, just left: no second email yet.
        assert_eq!(messages(&app).len(), 1);
        // Later, the same: the link goes to her mailbox, once per ten minutes.
        app.with_conn(|c| {
            diesel::update(registrations::table)
                .set(registrations::created_at.eq(now() - chrono::Duration::minutes(11)))
                .execute(c)
                .unwrap()
        });
        let later = post(&app, s, body("Quelqu'un d'autre", "lise@exemple.ca", 2)).await;
        assert_eq!(later.status, StatusCode::OK);
        let later = later.json();
        assert!(later["manage_url"].is_null(), "{later}");
        let sent = messages(&app);
        assert_eq!(sent.len(), 2);
        assert_eq!((sent[1].0.as_str(), sent[1].1.as_str()), ("registration_link", "lise@exemple.ca"));
        for _ in 0..3 {
            let flood = post(&app, s, body("Quelqu'un d'autre", "lise@exemple.ca", 1)).await;
            assert_eq!(flood.status, StatusCode::OK);
            assert!(flood.json()["manage_url"].is_null());
        }
        assert_eq!(messages(&app).len(), 2, "at most one email per ten minutes");
        app.with_conn(|c| {
            diesel::update(outbox::table)
                .set(outbox::created_at.eq(now() - chrono::Duration::minutes(11)))
                .execute(c)
                .unwrap()
        });
        assert_eq!(post(&app, s, body("Lise Tremblay", "lise@exemple.ca", 1)).await.status, StatusCode::OK);
        assert_eq!(messages(&app).len(), 3);
        // The emailed link opens her registration, and the one she got first still works:
        // sending it again cut nobody off.
        let emailed = emailed_token(&app, "registration_link");
        assert_eq!(status_of(&app, &emailed).await["name"], "Lise Tremblay");
        assert_eq!(status_of(&app, &common::manage_token(&first)).await["status"], "confirmed");
        assert_eq!(registration_count(&app), 1);
    }

    async fn a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_no_one_else_does(app: TestApp) {
        let s = session(&app, 5, 2, None);
        let key = "5c0e6a6e-2f7b-4d55-9a55-7f3b1d7c0a11";
        let lise = body("Lise Tremblay", "lise@exemple.ca", 1);
        let first = post_with_key(&app, s, key, lise.clone()).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
        let first = first.json();
        // The answer was lost on the way: the retry gets it again, with a working link.
        let retry = post_with_key(&app, s, key, lise.clone()).await;
        assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text());
        let retry = retry.json();
        assert_eq!((retry["status"].as_str(), retry["seats"].as_i64()), (Some("confirmed"), Some(1)));
        let link = common::manage_token(&retry);
        assert_eq!(status_of(&app, &link).await["email"], "lise@exemple.ca");
        assert_eq!(status_of(&app, &common::manage_token(&first)).await["email"], "lise@exemple.ca");
        assert_eq!(registration_count(&app), 1);
        assert_eq!(messages(&app).len(), 1, "a retry sends nothing");
        // The same key with other input, or no key, or another key: no link.
        for (k, b) in [
            (Some(key), body("Quelqu'un d'autre", "lise@exemple.ca", 1)),
            (Some(key), body("Lise Tremblay", "lise@exemple.ca", 2)),
            (Some("another-key-0000000000000000"), lise.clone()),
            (None, lise.clone()),
        ] {
            let r = match k {
                Some(k) => post_with_key(&app, s, k, b).await,
                None => post(&app, s, b).await,
            };
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            assert!(r.json()["manage_url"].is_null(), "{}", r.text());
        }
        // The key is good for a day.
        app.with_conn(|c| {
            diesel::update(babillard::db::schema::idempotency_keys::table)
                .set(babillard::db::schema::idempotency_keys::created_at.eq(now() - chrono::Duration::hours(25)))
                .execute(c)
                .unwrap()
        });
        let stale = post_with_key(&app, s, key, lise.clone()).await;
        assert_eq!(stale.status, StatusCode::OK);
        assert!(stale.json()["manage_url"].is_null());
        // A key too short to be unguessable is refused, not ignored.
        let short = post_with_key(&app, s, "1", lise).await;
        assert_eq!(short.status, StatusCode::BAD_REQUEST);
        assert!(short.json()["error"]["message"].as_str().unwrap().contains("Idempotency-Key"));
    }

    async fn freed_seats_go_to_the_first_waiting_person_who_fits_in_the_same_transaction(app: TestApp) {
        let s = session(&app, 3, 3, None);
        let _a = post(&app, s, body("Anne Aubé", "a@exemple.ca", 2)).await.json();
        let b = post(&app, s, body("Benoît Bé", "b@exemple.ca", 1)).await.json();
        let c = post(&app, s, body("Claire Cé", "c@exemple.ca", 2)).await.json();
        let d = post(&app, s, body("Denis Dé", "d@exemple.ca", 1)).await.json();
        assert_eq!((c["waitlist_position"].as_i64(), d["waitlist_position"].as_i64()), (Some(1), Some(2)));
        // Benoît cancels: one seat frees; Claire needs two and keeps her place, Denis fits.
        let r = app.call(TestRequest::delete().uri(&format!("/api/v1/registrations/{}", common::manage_token(&b)))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["status"], "cancelled");
        assert_eq!(status_of(&app, &common::manage_token(&d)).await["status"], "confirmed");
        let claire = status_of(&app, &common::manage_token(&c)).await;
        assert_eq!((claire["status"].as_str(), claire["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
        assert_eq!(counters(&app, s), (3, 1));
        let kinds: Vec<(String, String)> = messages(&app).into_iter().skip(4).map(|m| (m.0, m.1)).collect();
        assert_eq!(kinds, [
            ("registration_promoted".to_owned(), "d@exemple.ca".to_owned()),
            ("registration_cancelled".to_owned(), "b@exemple.ca".to_owned()),
        ]);
        // Cancelling twice is a state conflict, not a second change.
        let again = app.call(TestRequest::delete().uri(&format!("/api/v1/registrations/{}", common::manage_token(&b)))).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
    }

    async fn every_refusal_has_its_own_message_and_writes_nothing(app: TestApp) {
        let (open, later, closed, cancelled, drop_in, no_waitlist, small_waitlist) = app.with_conn(|c| {
            let b = fixtures::base(c);
            let mk = |c: &mut _, f: &dyn Fn(&mut babillard::db::models::NewSession)| {
                fixtures::session(c, &b, "Atelier", in_days(5), f)
            };
            (
                mk(c, &|_| {}),
                mk(c, &|s| s.registration_opens_at = Some(in_days(2))),
                mk(c, &|s| s.registration_closes_at = Some(in_days(-1))),
                mk(c, &|s| s.status = babillard::domain::session::SessionStatus::Cancelled),
                mk(c, &|s| s.registration_required = false),
                mk(c, &|s| { s.capacity = Some(0); s.waitlist_limit = Some(0); }),
                mk(c, &|s| { s.capacity = Some(0); s.waitlist_limit = Some(1); }),
            )
        });
        assert_eq!(post(&app, small_waitlist, body("Première Attente", "p@exemple.ca", 1)).await.status, StatusCode::CREATED);
        let before = (registration_count(&app), messages(&app).len());
        for (session, status, needle) in [
            (later, 409, "Les inscriptions ouvriront le"),
            (closed, 409, "sont terminées"),
            (cancelled, 409, "est annulée"),
            (drop_in, 409, "entrée est libre"),
            (no_waitlist, 409, "pas de liste d'attente"),
            (small_waitlist, 409, "la liste d'attente aussi"),
            (999_999, 404, ""),
        ] {
            let r = post(&app, session, body("Lise Tremblay", "lise@exemple.ca", 1)).await;
            assert_eq!(r.status.as_u16(), status, "{session}: {}", r.text());
            assert!(r.json()["error"]["message"].as_str().unwrap().contains(needle), "{}", r.text());
        }
        // Bad fields: 422 with a message per field, all at once.
        let r = post(&app, open, json!({"name": "L", "email": "lise@", "phone": "abc", "seats": 0, "consent": false})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = &r.json()["error"]["fields"];
        for f in ["name", "email", "phone", "seats", "consent"] {
            assert!(fields[f].as_str().is_some_and(|m| m.len() > 15), "{f}: {fields}");
        }
        assert!(fields["consent"].as_str().unwrap().contains("acceptez"));
        let r = post(&app, open, json!({"name": "Lise Tremblay", "consent": true})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.json()["error"]["fields"]["email"].as_str().unwrap().contains("courriel"));
        let r = post(&app, open, body("Lise Tremblay", "lise@exemple.ca", 3)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.json()["error"]["fields"]["seats"].as_str().unwrap().contains("Au plus 2 places"));
        // In English when the person chose it, in the body or through the request.
        let mut en = body("Lise Tremblay", "lise@exemple.ca", 3);
        en["language"] = json!("en");
        let r = post(&app, open, en).await;
        assert!(r.json()["error"]["fields"]["seats"].as_str().unwrap().contains("At most 2 seats"), "{}", r.text());
        let r = app.call(TestRequest::post().uri(&format!("/api/v1/sessions/{closed}/registrations"))
            .insert_header(("accept-language", "en-CA,en;q=0.9")).set_json(body("Lise Tremblay", "lise@exemple.ca", 1))).await;
        assert_eq!(r.json()["error"]["message"], "Registration for this activity is closed.");
        // Malformed JSON is a 400, not a 500.
        let r = app.call(TestRequest::post().uri(&format!("/api/v1/sessions/{open}/registrations"))
            .insert_header(("content-type", "application/json")).set_payload("{\"name\":")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!((registration_count(&app), messages(&app).len()), before);
    }

    async fn people_change_seats_down_always_and_up_only_when_free(app: TestApp) {
        let s = session(&app, 4, 3, None);
        let a = post(&app, s, body("Anne Aubé", "a@exemple.ca", 3)).await.json();
        let b = post(&app, s, body("Benoît Bé", "b@exemple.ca", 2)).await.json();
        assert_eq!(b["status"], "waitlisted");
        let patch = |token: String, v: Value| {
            let app = &app;
            async move {
                app.call(TestRequest::patch().uri(&format!("/api/v1/registrations/{token}")).set_json(v)).await
            }
        };
        let r = patch(common::manage_token(&b), json!({"seats": 3})).await;
        assert_eq!(r.status, StatusCode::OK, "a waiting person may change seats: {}", r.text());
        assert_eq!(r.json()["waitlist_position"], 1);
        let r = patch(common::manage_token(&a), json!({"seats": 2})).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(counters(&app, s), (2, 1), "B needs 3, only 2 free: B keeps waiting");
        let r = patch(common::manage_token(&b), json!({"seats": 2})).await;
        assert_eq!(r.json()["status"], "confirmed", "lowering to 2 makes B fit: promoted at once");
        assert_eq!(counters(&app, s), (4, 0));
        let r = patch(common::manage_token(&a), json!({"seats": 3})).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("places libres\u{a0}: 0"), "{}", r.text());
        let r = patch(common::manage_token(&a), json!({"seats": 9})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = patch(common::manage_token(&a), json!({"phone": "819 555-1234", "needs": "Malentendante"})).await;
        assert_eq!((r.json()["phone"].as_str(), r.json()["needs"].as_str()), (Some("819 555-1234"), Some("Malentendante")));
        let r = patch(common::manage_token(&a), json!({"status": "confirmed"})).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "unknown fields are refused");
        let updated: Vec<Value> = messages(&app).into_iter().filter(|m| m.0 == "registration_updated").map(|m| m.2).collect();
        assert_eq!(updated[0], json!({"previous_seats": 2, "seats": 3}));
        assert_eq!(app.get(&format!("/api/v1/registrations/{}", "x".repeat(32))).await.status, StatusCode::NOT_FOUND);
    }

    async fn organisers_raise_capacity_to_promote_never_lower_it_below_taken_and_cancel_sessions(app: TestApp) {
        let s = session(&app, 2, 2, None);
        post(&app, s, body("Anne Aubé", "a@exemple.ca", 2)).await;
        let b = post(&app, s, body("Benoît Bé", "b@exemple.ca", 1)).await.json();
        post(&app, s, body("Claire Cé", "c@exemple.ca", 1)).await;
        let err = app.with_conn(|c| store::set_capacity(c, s, Some(1), now())).unwrap_err();
        assert!(matches!(err, store::RegError::Refused(babillard::domain::registration::Refusal::CapacityBelowTaken(2))));
        let moved = app.with_conn(|c| store::set_capacity(c, s, Some(3), now())).unwrap();
        assert_eq!(moved, 1);
        assert_eq!(status_of(&app, &common::manage_token(&b)).await["status"], "confirmed");
        assert_eq!(counters(&app, s), (3, 1));
        let roster = app.with_conn(|c| store::roster(c, s)).unwrap();
        assert_eq!((roster.confirmed.len(), roster.waitlist.len()), (2, 1));
        // Staff may promote out of turn only into free seats.
        let claire = roster.waitlist[0].id;
        assert!(app.with_conn(|c| store::promote_manually(c, s, claire, now())).is_err());
        app.with_conn(|c| store::set_capacity(c, s, Some(4), now())).unwrap();
        let n = app.with_conn(|c| store::cancel_session(c, s, "Panne de courant", now())).unwrap();
        assert_eq!(n, 3);
        let roster = app.with_conn(|c| store::roster(c, s)).unwrap();
        assert_eq!(roster.cancelled.len(), 3);
        let cancelled: Vec<Value> = messages(&app).into_iter().filter(|m| m.0 == "session_cancelled").map(|m| m.2).collect();
        assert_eq!(cancelled, vec![json!({"reason": "Panne de courant"}); 3]);
        let public = app.get_json(&format!("/api/v1/sessions/{s}")).await;
        assert_eq!((public["status"].as_str(), public["cancel_reason"].as_str()), (Some("cancelled"), Some("Panne de courant")));
        let r = post(&app, s, body("Denis Dé", "d@exemple.ca", 1)).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
    }

    async fn with_offers_the_head_of_the_waitlist_gets_a_deadline_then_loses_it_to_the_next(app: TestApp) {
        let s = session(&app, 1, 1, None);
        app.with_conn(|c| diesel::update(organisations::table).set((organisations::waitlist_mode.eq("offers"), organisations::offer_hours.eq(48))).execute(c).unwrap());
        let a = post(&app, s, body("Anne Aubé", "a@exemple.ca", 1)).await.json();
        let b = post(&app, s, body("Benoît Bé", "b@exemple.ca", 1)).await.json();
        let c = post(&app, s, body("Claire Cé", "c@exemple.ca", 1)).await.json();
        app.call(TestRequest::delete().uri(&format!("/api/v1/registrations/{}", common::manage_token(&a)))).await;
        let bs = status_of(&app, &common::manage_token(&b)).await;
        assert_eq!(bs["status"], "offered");
        assert!(bs["offer_expires_at"].is_string());
        let offer = messages(&app).into_iter().find(|m| m.0 == "offer_made").unwrap();
        assert_eq!(offer.1, "b@exemple.ca");
        assert_eq!(offer.2["seats"], 1);
        assert!(offer.2["expires_at"].as_str().unwrap().contains('T'));
        assert_eq!(counters(&app, s), (1, 1), "the offered seat is held");
        // Nobody accepts; the deadline passes and the background job moves on.
        app.with_conn(|c| diesel::update(registrations::table.filter(registrations::status.eq("offered")))
            .set(registrations::offer_expires_at.eq(now() - chrono::Duration::minutes(1))).execute(c).unwrap());
        let report = babillard::jobs::run_once(&app.state).await;
        assert_eq!(report.get("offers"), 1);
        assert_eq!(status_of(&app, &common::manage_token(&b)).await["status"], "cancelled");
        assert_eq!(status_of(&app, &common::manage_token(&c)).await["status"], "offered");
        assert!(messages(&app).iter().any(|m| m.0 == "offer_expired" && m.1 == "b@exemple.ca"));
        let accepted = app.with_conn(|conn| store::accept_offer(conn, &common::manage_token(&c), now())).unwrap();
        assert_eq!(accepted.status.as_str(), "confirmed");
        assert_eq!(counters(&app, s), (1, 0));
    }

    async fn staff_register_someone_who_phoned_without_an_email(app: TestApp) {
        let s = session(&app, 5, 2, None);
        let (token, other) = app.with_conn(|c| {
            let org: i64 = sessions::table.find(s).select(sessions::organisation_id).first(c).unwrap();
            let (user, _) = babillard::store::users::upsert_user(c, "biblio@exemple.ca", "Bibliothécaire", None, false).unwrap();
            diesel::insert_into(babillard::db::schema::memberships::table)
                .values((babillard::db::schema::memberships::user_id.eq(user.id),
                    babillard::db::schema::memberships::organisation_id.eq(org),
                    babillard::db::schema::memberships::role.eq("editor"),
                    babillard::db::schema::memberships::created_at.eq(now())))
                .execute(c).unwrap();
            babillard::store::users::upsert_user(c, "autre@exemple.ca", "Autre", None, false).unwrap();
            (babillard::store::users::create_token(c, "biblio@exemple.ca", "t", None).unwrap(),
             babillard::store::users::create_token(c, "autre@exemple.ca", "t", None).unwrap())
        });
        let phoned = json!({"name": "Gérard Côté", "phone": "819 555-1234", "seats": 2, "consent": true});
        let anonymous = post(&app, s, phoned.clone()).await;
        assert_eq!(anonymous.status, StatusCode::UNPROCESSABLE_ENTITY, "the public must give an email");
        let req = |t: &str| TestRequest::post().uri(&format!("/api/v1/sessions/{s}/registrations"))
            .insert_header(("authorization", format!("Bearer {t}"))).set_json(phoned.clone());
        assert_eq!(app.call(req(&other)).await.status, StatusCode::FORBIDDEN);
        let r = app.call(req(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(r.json()["status"], "confirmed");
        let again = app.call(req(&token)).await;
        assert_eq!(again.status, StatusCode::OK, "same name and phone: the same person");
        app.with_conn(|c| diesel::update(registrations::table)
            .set(registrations::created_at.eq(now() - chrono::Duration::hours(1))).execute(c).unwrap());
        let later = app.call(req(&token)).await.json();
        assert!(later["manage_url"].is_string(), "staff always get the link: {later}");
        let (source, by, email): (String, Option<i64>, Option<String>) = app.with_conn(|c| registrations::table
            .select((registrations::source, registrations::entered_by_user_id, registrations::email)).first(c).unwrap());
        assert_eq!((source.as_str(), by.is_some(), email), ("staff", true, None));
        assert!(messages(&app).is_empty(), "no address, no email");
    }

    async fn people_download_and_erase_their_data_and_old_data_is_purged(app: TestApp) {
        let s = session(&app, 1, 1, None);
        let a = post(&app, s, body("Anne Aubé", "a@exemple.ca", 1)).await.json();
        let b = post(&app, s, body("Benoît Bé", "b@exemple.ca", 1)).await.json();
        let export = app.get(&format!("/r/{}/data.json", common::manage_token(&a))).await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.header("content-disposition").unwrap().contains("attachment"));
        assert_eq!(export.json()["email"], "a@exemple.ca");
        app.with_conn(|c| store::erase(c, &common::manage_token(&a), now())).unwrap();
        assert_eq!(app.get(&format!("/api/v1/registrations/{}", common::manage_token(&a))).await.status, StatusCode::NOT_FOUND);
        assert_eq!(status_of(&app, &common::manage_token(&b)).await["status"], "confirmed", "her seat went to the next person");
        let left: Vec<String> = app.with_conn(|c| outbox::table.select(outbox::recipient).load(c).unwrap());
        assert!(!left.iter().any(|r| r == "a@exemple.ca"), "{left:?}");
        let names: Vec<Option<String>> = app.with_conn(|c| registrations::table.order(registrations::id).select(registrations::name).load(c).unwrap());
        assert_eq!(names, vec![None, Some("Benoît Bé".to_owned())]);
        // A session long past: personal data goes, counts stay.
        app.with_conn(|c| diesel::update(sessions::table.find(s)).set((
            sessions::starts_at.eq(now() - chrono::Duration::days(400)),
            sessions::ends_at.eq(now() - chrono::Duration::days(400) + chrono::Duration::hours(1)),
        )).execute(c).unwrap());
        let report = babillard::jobs::run_once(&app.state).await;
        assert_eq!(report.get("retention"), 1);
        let rows: Vec<(Option<String>, Option<String>, i32)> = app.with_conn(|c| registrations::table
            .select((registrations::name, registrations::email, registrations::seats)).load(c).unwrap());
        assert!(rows.iter().all(|r| r.0.is_none() && r.1.is_none()));
        assert_eq!(rows.iter().map(|r| r.2).sum::<i32>(), 2);
    }
}

#[actix_web::test]
async fn too_many_attempts_from_one_address_get_a_friendly_429() {
    let app = TestApp::build(common::Backend::Sqlite, |s| s.registration_rate_limit = 2).await;
    let s = session(&app, 50, 1, None);
    let from = |ip: &str, n: i32| {
        TestRequest::post()
            .uri(&format!("/api/v1/sessions/{s}/registrations"))
            .peer_addr(format!("{ip}:40000").parse().unwrap())
            .set_json(body("Lise Tremblay", &format!("p{n}@exemple.ca"), 1))
    };
    assert_eq!(
        app.call(from("10.0.0.1", 1)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.call(from("10.0.0.1", 2)).await.status,
        StatusCode::CREATED
    );
    let r = app.call(from("10.0.0.1", 3)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after").as_deref(), Some("60"));
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Attendez une minute")
    );
    assert_eq!(
        app.call(from("10.0.0.2", 4)).await.status,
        StatusCode::CREATED
    );
    // X-Forwarded-For is ignored unless the peer is a trusted proxy.
    let spoofed = from("10.0.0.1", 5).insert_header(("x-forwarded-for", "192.0.2.7"));
    assert_eq!(
        app.call(spoofed).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(registration_count(&app), 3);
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_limited() {
    let app = TestApp::build(common::Backend::Sqlite, |s| {
        s.registration_rate_limit = 1;
        s.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let s = session(&app, 50, 1, None);
    let via_proxy = |client: &str, n: i32| {
        TestRequest::post()
            .uri(&format!("/api/v1/sessions/{s}/registrations"))
            .peer_addr("127.0.0.1:40000".parse().unwrap())
            .insert_header(("x-forwarded-for", client.to_owned()))
            .set_json(body("Lise Tremblay", &format!("p{n}@exemple.ca"), 1))
    };
    assert_eq!(
        app.call(via_proxy("203.0.113.1", 1)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.call(via_proxy("203.0.113.2", 2)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.call(via_proxy("203.0.113.1", 3)).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

on_both_backends! {
    async fn the_demo_registrations_are_what_the_engine_would_have_made(app: TestApp) {
        app.demo();
        let ids: Vec<(i64, Option<i32>, i32, i32)> = app.with_conn(|c| sessions::table
            .select((sessions::id, sessions::capacity, sessions::seats_taken, sessions::waitlist_count))
            .load(c).unwrap());
        assert!(ids.iter().any(|s| s.3 > 0), "the demo has waiting people");
        for (id, capacity, taken, waiting) in ids {
            assert_eq!(app.with_conn(|c| store::recount(c, id)).unwrap(), (taken, waiting), "session {id}");
            if waiting > 0 {
                assert_eq!(Some(taken), capacity, "session {id}: nobody waits while seats are free");
            }
        }
    }

    async fn staff_promote_out_of_turn_and_take_attendance_at_the_door(app: TestApp) {
        let s = session(&app, 1, 1, None);
        let a = post(&app, s, body("Anne Aubé", "a@exemple.ca", 1)).await.json();
        post(&app, s, body("Benoît Bé", "b@exemple.ca", 1)).await;
        let c = post(&app, s, body("Claire Cé", "c@exemple.ca", 1)).await.json();
        app.with_conn(|conn| store::set_capacity(conn, s, Some(1), now())).unwrap();
        app.with_conn(|conn| diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(2))).execute(conn).unwrap());
        // Claire, second in line, needs the place near the door: staff promote her.
        let claire = app.with_conn(|conn| store::roster(conn, s)).unwrap().waitlist[1].id;
        let promoted = app.with_conn(|conn| store::promote_manually(conn, s, claire, now())).unwrap();
        assert_eq!(promoted.status.as_str(), "confirmed");
        assert_eq!(status_of(&app, &common::manage_token(&c)).await["status"], "confirmed");
        assert!(messages(&app).iter().any(|m| m.0 == "registration_promoted" && m.1 == "c@exemple.ca"));
        assert_eq!(counters(&app, s), (2, 1));
        // At the door.
        let anne = app.with_conn(|conn| store::roster(conn, s)).unwrap().confirmed[0].id;
        app.with_conn(|conn| store::check_in(conn, s, anne, now())).unwrap();
        assert_eq!(status_of(&app, &common::manage_token(&a)).await["status"], "attended");
        assert!(app.with_conn(|conn| store::check_in(conn, s, anne, now())).is_err(), "checked in once");
        app.with_conn(|conn| store::undo_check_in(conn, s, anne, now())).unwrap();
        app.with_conn(|conn| store::check_in(conn, s, anne, now())).unwrap();
        assert!(app.with_conn(|conn| store::mark_no_shows(conn, s, now())).is_err(), "not before it starts");
        app.with_conn(|conn| diesel::update(sessions::table.find(s)).set(sessions::starts_at.eq(now() - chrono::Duration::minutes(5))).execute(conn).unwrap());
        assert_eq!(app.with_conn(|conn| store::mark_no_shows(conn, s, now())).unwrap(), 1);
        assert_eq!(status_of(&app, &common::manage_token(&c)).await["status"], "no_show");
        assert_eq!(app.with_conn(|conn| store::recount(conn, s)).unwrap(), (2, 1), "attended and no-shows keep their seats");
    }
}

#[actix_web::test]
async fn the_openapi_document_describes_registration() {
    let app = TestApp::sqlite().await;
    let doc = app.get_json("/api/v1/openapi.json").await;
    let paths = &doc["paths"];
    assert!(paths["/api/v1/sessions/{id}/registrations"]["post"].is_object());
    for verb in ["get", "patch", "delete"] {
        assert!(
            paths["/api/v1/registrations/{token}"][verb].is_object(),
            "{verb}"
        );
    }
}
