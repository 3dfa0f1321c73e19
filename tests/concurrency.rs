//! Invariants under a rush, on both databases: many clients racing for the last seats,
//! cancellations racing registrations, a person double-submitting, and on PostgreSQL
//! two application instances ("processes") sharing one database. Counts are checked
//! exactly, against the rows themselves.

use crate::common;

use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web;
use babillard::db::schema::{registrations, sessions};
use babillard::store::registrations as store;
use common::TestApp;
use common::fixtures::{self, in_days};
use diesel::prelude::*;
use futures_util::future::join_all;
use serde_json::{Value, json};

fn session(app: &TestApp, capacity: i32, waitlist: Option<i32>) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Journée numérique", in_days(3), |s| {
            s.capacity = Some(capacity);
            s.max_seats = 1;
            s.waitlist_limit = waitlist;
        })
    })
}

fn register_req(session: i64, n: usize) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/sessions/{session}/registrations"))
        .set_json(json!({
            "name": format!("Personne {n}"),
            "email": format!("p{n}@exemple.ca"),
            "consent": true,
        }))
}

/// The statuses stored, and the counters the session row holds, checked against a
/// recount from the rows.
fn stored(app: &TestApp, s: i64) -> (i64, i64, i64, (i32, i32)) {
    app.with_conn(|c| {
        let by = |c: &mut _, st: &str| -> i64 {
            registrations::table
                .filter(registrations::session_id.eq(s))
                .filter(registrations::status.eq(st))
                .count()
                .get_result(c)
                .unwrap()
        };
        let counters: (i32, i32) = sessions::table
            .find(s)
            .select((sessions::seats_taken, sessions::waitlist_count))
            .first(c)
            .unwrap();
        let confirmed = by(c, "confirmed");
        let waiting = by(c, "waitlisted");
        let cancelled = by(c, "cancelled");
        assert_eq!(
            store::recount(c, s).unwrap(),
            counters,
            "counters match the rows"
        );
        (confirmed, waiting, cancelled, counters)
    })
}

on_both_backends! {
    async fn the_last_seats_go_to_exactly_as_many_racers_as_there_are_seats(app: TestApp) {
        let s = session(&app, 10, Some(5));
        let answers = join_all((0..60).map(|n| app.call(register_req(s, n)))).await;
        let mut by_status = std::collections::BTreeMap::new();
        for r in &answers {
            assert!(!r.status.is_server_error(), "{}", r.text());
            let key = if r.status == StatusCode::CREATED {
                r.json()["status"].as_str().unwrap().to_owned()
            } else {
                r.status.as_u16().to_string()
            };
            *by_status.entry(key).or_insert(0) += 1;
        }
        assert_eq!(by_status.get("confirmed"), Some(&10), "{by_status:?}");
        assert_eq!(by_status.get("waitlisted"), Some(&5), "{by_status:?}");
        assert_eq!(by_status.get("409"), Some(&45), "{by_status:?}");
        let (confirmed, waiting, _, counters) = stored(&app, s);
        assert_eq!((confirmed, waiting, counters), (10, 5, (10, 5)));
        // Positions are 1..=5, each given once.
        let mut positions: Vec<i64> = answers.iter().filter_map(|r| r.json()["waitlist_position"].as_i64()).collect();
        positions.sort_unstable();
        assert_eq!(positions, vec![1, 2, 3, 4, 5]);
    }

    async fn cancellations_racing_registrations_hand_seats_to_the_head_of_the_waitlist(app: TestApp) {
        let s = session(&app, 10, None);
        let mut tokens = Vec::new();
        for n in 0..20 {
            let r = app.call(register_req(s, n)).await.json();
            tokens.push(r["manage_url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned());
        }
        // Five of the confirmed cancel while twenty newcomers register.
        let cancels = (0..5).map(|i| {
            let t = tokens[i].clone();
            let app = &app;
            Box::pin(async move {
                app.call(TestRequest::delete().uri(&format!("/api/v1/registrations/{t}"))).await.status
            }) as Pin<Box<dyn Future<Output = StatusCode>>>
        });
        let news = (100..120).map(|n| {
            let app = &app;
            Box::pin(async move { app.call(register_req(s, n)).await.status })
                as Pin<Box<dyn Future<Output = StatusCode>>>
        });
        let mut all: Vec<_> = cancels.collect();
        for (i, f) in news.enumerate() {
            all.insert((i * 2).min(all.len()), f);
        }
        let statuses = join_all(all).await;
        assert!(statuses.iter().all(|s| s.is_success()), "{statuses:?}");
        let (confirmed, waiting, cancelled, counters) = stored(&app, s);
        assert_eq!((confirmed, waiting, cancelled), (10, 25, 5));
        assert_eq!(counters, (10, 25));
        // The freed seats went to the five who waited first, never to a newcomer.
        for (i, t) in tokens.iter().enumerate().skip(10) {
            let st = app.get_json(&format!("/api/v1/registrations/{t}")).await;
            let expect = if i < 15 { "confirmed" } else { "waitlisted" };
            assert_eq!(st["status"], expect, "person {i}");
            if i >= 15 {
                assert_eq!(st["waitlist_position"], (i - 14) as i64);
            }
        }
    }

    async fn a_person_submitting_twenty_times_at_once_is_registered_once(app: TestApp) {
        let s = session(&app, 5, None);
        let answers = join_all((0..20).map(|_| app.call(register_req(s, 7)))).await;
        let created = answers.iter().filter(|r| r.status == StatusCode::CREATED).count();
        let repeated = answers.iter().filter(|r| r.status == StatusCode::OK).count();
        assert_eq!((created, repeated), (1, 19));
        let first = answers.iter().find(|r| r.status == StatusCode::CREATED).unwrap().json();
        assert!(first["manage_url"].is_string(), "{first}");
        let repeats: Vec<Value> = answers.iter().filter(|r| r.status == StatusCode::OK).map(|r| r.json()).collect();
        assert!(
            repeats.iter().all(|b| *b == repeats[0] && b["manage_url"].is_null() && b["already_registered"] == true),
            "the others all hear she is registered, without her link: {repeats:?}"
        );
        let (confirmed, _, _, counters) = stored(&app, s);
        assert_eq!((confirmed, counters), (1, (1, 0)));
    }
}

/// Two application instances over one PostgreSQL database, as two `serve` processes
/// would be: the session row lock serialises them.
#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn two_instances_on_one_postgres_database_never_overbook() {
    let app = TestApp::postgres().await;
    let s = session(&app, 7, Some(3));
    let url = app.state.settings.database_url.expose().to_owned();
    let other_state = web::Data::new(
        babillard::web::AppState::new(babillard::config::Settings::for_tests(&url))
            .expect("second instance"),
    );
    let other = test::init_service(babillard::web::app(other_state)).await;
    let other = &other;
    let app = &app;
    let racers = (0..40).map(|n| {
        if n % 2 == 0 {
            Box::pin(async move { app.call(register_req(s, n)).await.status })
                as Pin<Box<dyn Future<Output = StatusCode>>>
        } else {
            Box::pin(async move {
                test::call_service(other, register_req(s, n).to_request())
                    .await
                    .status()
            })
        }
    });
    let statuses = join_all(racers).await;
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (10, 30), "{statuses:?}");
    let (confirmed, waiting, _, counters) = stored(app, s);
    assert_eq!((confirmed, waiting, counters), (7, 3, (7, 3)));
}
