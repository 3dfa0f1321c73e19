//! `babillard demo` holds only what the engine makes: loaded twice it adds nothing, each
//! session's counters are its registrations' rows, and none of its fictional people has
//! an email waiting to be sent.

use crate::common;

use babillard::db::schema::{outbox, registrations, sessions};
use diesel::prelude::*;

/// Every table and its number of rows.
fn counts(app: &common::TestApp) -> Vec<(&'static str, i64)> {
    app.with_conn(|c| {
        [
            "regions",
            "mrcs",
            "municipalities",
            "organisations",
            "venues",
            "users",
            "memberships",
            "api_tokens",
            "trainers",
            "trainer_organisations",
            "kinds",
            "audiences",
            "topics",
            "events",
            "event_days",
            "tracks",
            "sessions",
            "session_audiences",
            "session_topics",
            "session_trainers",
            "registrations",
            "outbox",
            "audit_log",
            "password_resets",
            "feed_codes",
            "staff_sessions",
            "login_attempts",
            "recovery_codes",
            "sign_in_challenges",
            "registration_links",
            "idempotency_keys",
            "person_feeds",
        ]
        .into_iter()
        .map(|t| (t, common::row_count(c, t)))
        .collect()
    })
}

on_both_backends! {
    async fn loading_the_demo_twice_adds_nothing(app: TestApp) {
        let first = app.demo();
        assert_eq!(first.created_sessions, 47, "{first}");
        assert_eq!(first.created_registrations, 432, "{first}");
        let after_first = counts(&app);
        let second = app.demo();
        assert_eq!((second.created_sessions, second.created_registrations), (0, 0), "{second}");
        assert_eq!(second.existing_sessions, first.created_sessions);
        assert_eq!(counts(&app), after_first);
    }

    async fn every_session_counts_exactly_its_registrations(app: TestApp) {
        app.demo();
        type Row = (i64, String, Option<i32>, i32, i32);
        let all: Vec<Row> = app.with_conn(|c| {
            sessions::table
                .order(sessions::id)
                .select((
                    sessions::id,
                    sessions::external_uid.assume_not_null(),
                    sessions::capacity,
                    sessions::seats_taken,
                    sessions::waitlist_count,
                ))
                .load(c)
                .unwrap()
        });
        let mut waiting_somewhere = false;
        for (id, key, capacity, taken, waiting) in all {
            let rows: Vec<(String, i32)> = app.with_conn(|c| {
                registrations::table
                    .filter(registrations::session_id.eq(id))
                    .select((registrations::status, registrations::seats))
                    .load(c)
                    .unwrap()
            });
            let seats_held: i32 = rows
                .iter()
                .filter(|(s, _)| ["confirmed", "offered", "attended", "no_show"].contains(&s.as_str()))
                .map(|(_, n)| n)
                .sum();
            let queued = rows.iter().filter(|(s, _)| s == "waitlisted").count() as i32;
            assert_eq!((taken, waiting), (seats_held, queued), "{key}: counters against rows");
            assert!(
                rows.iter().all(|(s, _)| s == "confirmed" || s == "waitlisted"),
                "{key}: {rows:?}"
            );
            if let Some(c) = capacity {
                assert!(taken <= c, "{key}: never more seats than the capacity");
            }
            if waiting > 0 {
                assert_eq!(Some(taken), capacity, "{key}: nobody waits while seats are free");
                waiting_somewhere = true;
            }
        }
        assert!(waiting_somewhere, "the demo shows a waitlist");
    }

    async fn no_email_waits_for_a_demo_person(app: TestApp) {
        app.demo();
        let demo_people: i64 = app.with_conn(|c| registrations::table.count().get_result(c).unwrap());
        assert!(demo_people > 0);
        let queued: Vec<(String, String)> = app.with_conn(|c| {
            outbox::table
                .select((outbox::recipient, outbox::status))
                .load(c)
                .unwrap()
        });
        assert_eq!(queued, vec![], "no email about the demo is queued, sent or failed");
    }
}
