//! The audit entry of a registration change made through the engine (check-in, undo,
//! walk-in, staff registration, promotion, no-shows, cancelling a session) commits in
//! the same transaction as the change: when the entry cannot be written, the change is
//! rolled back too, so the log never misses a change that happened. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::TestApp;
use common::fixtures;
use common::staff::{self, Browser};
use diesel::prelude::*;

/// What a back-office form post is: what it does, where it goes, what it sends.
type Try<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);

/// Every registration of the session as (name, status), and the seats taken.
fn state(app: &TestApp, s: i64) -> (Vec<(Option<String>, String)>, i32, i64) {
    app.with_conn(|c| {
        let rows = registrations::table
            .filter(registrations::session_id.eq(s))
            .order(registrations::id)
            .select((registrations::name, registrations::status))
            .load(c)
            .unwrap();
        let seats = sessions::table
            .find(s)
            .select(sessions::seats_taken)
            .first(c)
            .unwrap();
        let mails = outbox::table.count().get_result(c).unwrap();
        (rows, seats, mails)
    })
}

on_both_backends! {
    async fn a_change_whose_audit_entry_cannot_be_written_does_not_happen(app: TestApp) {
        let (s, gisele, paul) = app.with_conn(|c| {
            let b = staff::library_member(c, "gestion@example.org", "manager");
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", fixtures::in_days(7), |x| x.capacity = Some(1));
            let (g, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            let (p, st) = staff::register(c, s, "Paul Gagnon", "paul@example.org");
            assert_eq!(st, "waitlisted");
            (s, g, p)
        });
        let mut b = Browser::signed_in(&app, "gestion@example.org");
        let door = format!("/admin/sessions/{s}/door");
        let people = format!("/admin/sessions/{s}/registrations");
        let audit_before = app.with_conn(|c| babillard::store::audit::count(c).unwrap());
        app.with_conn(|c| fixtures::block(c, "audit_log", "INSERT"));
        let before = state(&app, s);

        let tries: Vec<Try> = vec![
            ("check-in", format!("{door}/{gisele}/check-in"), vec![]),
            ("phone registration", people.clone(), vec![("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "1"), ("consent", "1")]),
            ("promotion", format!("{people}/{paul}/promote"), vec![]),
            ("cancelling", format!("/admin/sessions/{s}/cancel"), vec![("reason", "Tempête de neige")]),
        ];
        for (what, path, fields) in &tries {
            if *what == "promotion" {
                app.with_conn(|c| diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(3))).execute(c).unwrap());
            }
            let before = state(&app, s);
            let r = b.post(path, fields).await;
            assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{what}: {}", r.text());
            assert_eq!(state(&app, s), before, "{what}: the change was rolled back with its entry");
        }
        // A walk-in (seats left now) is refused whole as well.
        let r = b.post(&format!("{door}/walk-in"), &[("name", "Arrivée Imprévue"), ("phone", "819-555-0199"), ("seats", "1")]).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(state(&app, s).0, before.0, "no walk-in without its entry");
        assert_eq!(app.with_conn(|c| babillard::store::audit::count(c).unwrap()), audit_before);

        // With the log back, the same taps work and each leaves its entry.
        app.with_conn(|c| fixtures::unblock(c, "audit_log"));
        let r = b.post(&format!("{door}/{gisele}/check-in"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = b.post(&format!("{people}/{paul}/promote"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let actions: Vec<String> = app.with_conn(|c| audit_log::table.order(audit_log::id).select(audit_log::action).load(c).unwrap());
        assert_eq!(actions[actions.len() - 2..], ["check_in".to_string(), "promote".to_string()]);
        let statuses = state(&app, s).0;
        assert_eq!(statuses, vec![(Some("Gisèle Tremblay".into()), "attended".into()), (Some("Paul Gagnon".into()), "confirmed".into())]);
    }

    async fn the_staff_api_rolls_back_a_check_in_or_cancel_whose_audit_entry_fails(app: TestApp) {
        let (s, gisele) = app.with_conn(|c| {
            let b = staff::library_member(c, "gestion@example.org", "manager");
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", fixtures::in_days(7), |x| x.capacity = Some(5));
            let (g, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            (s, g)
        });
        let token = staff::token(&app, "gestion@example.org");
        app.with_conn(|c| fixtures::block(c, "audit_log", "INSERT"));
        let before = state(&app, s);
        let r = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/check-ins"), Some(&token), Some(serde_json::json!({"registration_id": gisele}))).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.text());
        assert_eq!(state(&app, s), before, "no check-in without its entry");
        let r = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/cancel"), Some(&token), Some(serde_json::json!({"reason": "Tempête"}))).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.text());
        assert_eq!(state(&app, s), before, "no cancellation without its entry");
        let status: String = app.with_conn(|c| sessions::table.find(s).select(sessions::status).first(c).unwrap());
        assert_eq!(status, "published");

        app.with_conn(|c| fixtures::unblock(c, "audit_log"));
        let r = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/check-ins"), Some(&token), Some(serde_json::json!({"registration_id": gisele}))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let r = staff::api(&app, "delete", &format!("/api/v1/sessions/{s}/check-ins/{gisele}"), Some(&token), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let actions: Vec<String> = app.with_conn(|c| audit_log::table.order(audit_log::id).select(audit_log::action).load(c).unwrap());
        assert_eq!(actions, ["check_in", "undo_check_in"]);
    }
}
