//! A session edit is one transaction, capacity included: when the new capacity's
//! promotion from the waitlist (the second part of the edit) fails, the title changed
//! in the first part is not kept either, and no audit entry is written. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::TestApp;
use common::fixtures;
use common::staff;
use diesel::prelude::*;
use serde_json::json;

/// The session's title, capacity and counters, its people's statuses, the emails
/// queued and the audit entries.
fn state(app: &TestApp, s: i64) -> String {
    app.with_conn(|c| {
        let session: (String, Option<i32>, i32, i32) = sessions::table
            .find(s)
            .select((
                sessions::title,
                sessions::capacity,
                sessions::seats_taken,
                sessions::waitlist_count,
            ))
            .first(c)
            .unwrap();
        let people: Vec<(Option<String>, String)> = registrations::table
            .order(registrations::id)
            .select((registrations::name, registrations::status))
            .load(c)
            .unwrap();
        let mails: Vec<String> = outbox::table
            .order(outbox::id)
            .select(outbox::kind)
            .load(c)
            .unwrap();
        let audit: Vec<String> = audit_log::table
            .order(audit_log::id)
            .select(audit_log::action)
            .load(c)
            .unwrap();
        format!("{session:?} {people:?} {mails:?} {audit:?}")
    })
}

on_both_backends! {
    async fn an_edit_whose_capacity_change_fails_changes_nothing(app: TestApp) {
        let s = app.with_conn(|c| {
            let b = staff::library_member(c, "editor@example.org", "editor");
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", fixtures::in_days(7), |x| x.capacity = Some(1));
            staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            let (_, st) = staff::register(c, s, "Paul Gagnon", "paul@example.org");
            assert_eq!(st, "waitlisted");
            s
        });
        let token = staff::token(&app, "editor@example.org");
        let edit = json!({"title": "Apprivoiser sa tablette (2 places)", "capacity": 2});
        let before = state(&app, s);

        app.with_conn(|c| fixtures::block(c, "registrations", "UPDATE"));
        let r = staff::api(&app, "patch", &format!("/api/v1/sessions/{s}"), Some(&token), Some(edit.clone())).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.text());
        assert_eq!(state(&app, s), before, "neither the title nor the capacity changed");

        // The same edit, once registrations can be written: all of it happens.
        app.with_conn(|c| fixtures::unblock(c, "registrations"));
        let r = staff::api(&app, "patch", &format!("/api/v1/sessions/{s}"), Some(&token), Some(edit)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let after = state(&app, s);
        assert!(after.starts_with("(\"Apprivoiser sa tablette (2 places)\", Some(2), 2, 0)"), "{after}");
        assert!(after.contains("(Some(\"Paul Gagnon\"), \"confirmed\")"), "Paul got the new seat: {after}");
        assert!(after.ends_with("\"registration_promoted\"] [\"update\"]"), "{after}");
    }
}
