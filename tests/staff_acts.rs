//! The door page, the back office and the staff API share one store function per act
//! (`store::door`, `store::people`): the same acts, sent through the pages for one
//! session and through the API for its twin, leave the same rows, the same counters,
//! the same emails and the same audit entries; a refusal is the same status on both
//! sides. A repeated check-in (or undo) is a success that changes nothing, on both.
//! Permission comes first: a caller without the right gets 403 whatever the input.
//! Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::TestApp;
use common::fixtures;
use common::staff::{self, Browser};
use diesel::prelude::*;
use serde_json::json;

/// Two identical sessions of one organisation with the same people: one is driven
/// through the pages, the other through the API.
struct Twins {
    page: i64,
    api: i64,
}

fn twins(app: &TestApp) -> Twins {
    app.with_conn(|c| {
        let b = staff::library_member(c, "editor@example.org", "editor");
        let other = fixtures::base_named(c, "autre");
        staff::user(
            c,
            "autre@example.org",
            "manager",
            Some(other.organisation_id),
        );
        let make = |c: &mut babillard::db::DbConnection| {
            let s = fixtures::session(
                c,
                &b,
                "Apprivoiser sa tablette",
                fixtures::in_days(7),
                |x| x.capacity = Some(3),
            );
            staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            staff::register(c, s, "Paul Gagnon", "paul@example.org");
            s
        };
        Twins {
            page: make(c),
            api: make(c),
        }
    })
}

/// Everything an act can change about one session, with ids replaced by names so the
/// twins compare: the session's state and counters, its registrations, the emails
/// queued for it, and the audit entries about it or its people.
/// An audit entry: who, what action, on what kind of thing, which one, detail.
type Audited = (Option<i64>, String, String, Option<i64>, String);

fn picture(app: &TestApp, s: i64) -> String {
    app.with_conn(|c| {
        let session: (String, i32, i32, Option<String>) = sessions::table
            .find(s)
            .select((
                sessions::status,
                sessions::seats_taken,
                sessions::waitlist_count,
                sessions::cancel_reason,
            ))
            .first(c)
            .unwrap();
        type Row = (i64, Option<String>, String, i32, String, bool, bool);
        let rows: Vec<Row> = registrations::table
            .filter(registrations::session_id.eq(s))
            .order(registrations::id)
            .select((
                registrations::id,
                registrations::name,
                registrations::status,
                registrations::seats,
                registrations::source,
                registrations::checked_in_at.is_not_null(),
                registrations::entered_by_user_id.is_not_null(),
            ))
            .load(c)
            .unwrap();
        let name_of = |id: Option<i64>| {
            rows.iter()
                .find(|r| Some(r.0) == id)
                .and_then(|r| r.1.clone())
                .unwrap_or_else(|| format!("? {id:?}"))
        };
        let mails: Vec<(String, String, Option<i64>)> = outbox::table
            .filter(outbox::session_id.eq(s))
            .order(outbox::id)
            .select((outbox::kind, outbox::recipient, outbox::registration_id))
            .load(c)
            .unwrap();
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let audit: Vec<Audited> = audit_log::table
            .filter(
                audit_log::entity
                    .eq("session")
                    .and(audit_log::entity_id.eq(s))
                    .or(audit_log::entity
                        .eq("registration")
                        .and(audit_log::entity_id.eq_any(&ids))),
            )
            .order(audit_log::id)
            .select((
                audit_log::user_id,
                audit_log::action,
                audit_log::entity,
                audit_log::entity_id,
                audit_log::detail,
            ))
            .load(c)
            .unwrap();
        let rows: Vec<_> = rows
            .iter()
            .map(|r| (&r.1, &r.2, r.3, &r.4, r.5, r.6))
            .collect();
        let mails: Vec<_> = mails
            .into_iter()
            .map(|(k, to, r)| (k, to, name_of(r)))
            .collect();
        let audit: Vec<_> = audit
            .into_iter()
            .map(|(u, a, e, id, d)| {
                let about = if e == "session" {
                    "la séance".into()
                } else {
                    name_of(id)
                };
                (u, a, about, d)
            })
            .collect();
        format!("{session:?}\n{rows:#?}\n{mails:#?}\n{audit:#?}")
    })
}

fn id_of(app: &TestApp, s: i64, name: &str) -> i64 {
    app.with_conn(|c| {
        registrations::table
            .filter(registrations::session_id.eq(s))
            .filter(registrations::name.eq(name))
            .select(registrations::id)
            .first(c)
            .unwrap()
    })
}

/// A page answer and an API answer to the same act agree: both succeed (a redirect
/// for the page, 2xx for the API) or both are refused with the same status.
fn same_outcome(what: &str, page: StatusCode, api: StatusCode) {
    if page == StatusCode::SEE_OTHER {
        assert!(
            api.is_success(),
            "{what}: the page succeeded, the API answered {api}"
        );
    } else {
        assert_eq!(page, api, "{what}: the page and the API disagree");
    }
}

on_both_backends! {
    async fn the_door_and_the_staff_api_do_the_same_acts_the_same_way(app: TestApp) {
        let t = twins(&app);
        let token = staff::token(&app, "editor@example.org");
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let door = |s: i64| format!("/admin/sessions/{s}/door");
        let api = |s: i64| format!("/api/v1/sessions/{s}");
        let (pg, ag) = (id_of(&app, t.page, "Gisèle Tremblay"), id_of(&app, t.api, "Gisèle Tremblay"));
        assert_eq!(picture(&app, t.page), picture(&app, t.api), "the twins start alike");

        macro_rules! both {
            ($what:expr, $page:expr, $api:expr) => {{
                let p = $page;
                let a = $api;
                same_outcome($what, p.status, a.status);
                assert_eq!(picture(&app, t.page), picture(&app, t.api), "{}: the outcomes differ", $what);
                (p, a)
            }};
        }

        // Check-in, then the same tap again: a success that changes nothing.
        let (p, a) = both!("check-in",
            b.post(&format!("{}/{pg}/check-in", door(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/check-ins", api(t.api)), Some(&token), Some(json!({"registration_id": ag}))).await);
        assert!(p.header("location").unwrap().ends_with("done=checked-in"));
        assert_eq!((a.status, a.json()["status"].clone(), a.json()["already_checked_in"].clone()), (StatusCode::OK, json!("attended"), json!(false)));
        let (p, a) = both!("repeated check-in",
            b.post(&format!("{}/{pg}/check-in", door(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/check-ins", api(t.api)), Some(&token), Some(json!({"registration_id": ag}))).await);
        assert!(p.header("location").unwrap().ends_with("done=already-checked-in"), "the door says so");
        assert_eq!((a.status, a.json()["already_checked_in"].clone()), (StatusCode::OK, json!(true)), "the API says so: {}", a.text());
        let flash = b.get(p.header("location").unwrap().as_str()).await.text();
        assert!(flash.contains("Présence déjà notée."), "{flash}");

        // Undo, and undo again.
        both!("undo",
            b.post(&format!("{}/{pg}/undo", door(t.page)), &[]).await,
            staff::api(&app, "delete", &format!("{}/check-ins/{ag}", api(t.api)), Some(&token), None).await);
        assert_eq!(staff::status_of(&app, pg), "confirmed");
        both!("repeated undo",
            b.post(&format!("{}/{pg}/undo", door(t.page)), &[]).await,
            staff::api(&app, "delete", &format!("{}/check-ins/{ag}", api(t.api)), Some(&token), None).await);

        // A walk-in takes the last seat and is checked in; then the room is full.
        both!("walk-in",
            b.post(&format!("{}/walk-in", door(t.page)), &[("name", "Arrivée Imprévue"), ("phone", "819-555-0199"), ("seats", "1")]).await,
            staff::api(&app, "post", &format!("{}/walk-ins", api(t.api)), Some(&token), Some(json!({"name": "Arrivée Imprévue", "phone": "819-555-0199", "seats": 1}))).await);
        assert_eq!(staff::status_of(&app, id_of(&app, t.page, "Arrivée Imprévue")), "attended");
        let (p, _) = both!("walk-in when full",
            b.post(&format!("{}/walk-in", door(t.page)), &[("name", "Une De Trop"), ("phone", "819-555-0198")]).await,
            staff::api(&app, "post", &format!("{}/walk-ins", api(t.api)), Some(&token), Some(json!({"name": "Une De Trop", "phone": "819-555-0198"}))).await);
        assert_eq!(p.status, StatusCode::CONFLICT);
        let (p, _) = both!("walk-in without a name",
            b.post(&format!("{}/walk-in", door(t.page)), &[("name", ""), ("phone", "819-555-0198")]).await,
            staff::api(&app, "post", &format!("{}/walk-ins", api(t.api)), Some(&token), Some(json!({"name": "", "phone": "819-555-0198"}))).await);
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Promotion: refused without a free seat, then given once one is there.
        let (pr, ar) = app.with_conn(|c| {
            let (p, st) = staff::register(c, t.page, "Rosaire Côté", "rosaire@example.org");
            let (a, _) = staff::register(c, t.api, "Rosaire Côté", "rosaire@example.org");
            assert_eq!(st, "waitlisted");
            (p, a)
        });
        let people = |s: i64| format!("/admin/sessions/{s}/registrations");
        let (p, _) = both!("promotion without a seat",
            b.post(&format!("{}/{pr}/promote", people(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/promotions", api(t.api)), Some(&token), Some(json!({"registration_id": ar}))).await);
        assert_eq!(p.status, StatusCode::CONFLICT);
        app.with_conn(|c| {
            diesel::update(sessions::table.filter(sessions::id.eq_any([t.page, t.api])))
                .set(sessions::capacity.eq(Some(4)))
                .execute(c)
                .unwrap()
        });
        both!("promotion",
            b.post(&format!("{}/{pr}/promote", people(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/promotions", api(t.api)), Some(&token), Some(json!({"registration_id": ar}))).await);
        assert_eq!(staff::status_of(&app, pr), "confirmed");

        // No-shows: refused before the start, then everyone still expected.
        let (p, _) = both!("no-shows before the start",
            b.post(&format!("{}/no-shows", door(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/no-shows", api(t.api)), Some(&token), None).await);
        assert_eq!(p.status, StatusCode::CONFLICT);
        app.with_conn(|c| {
            fixtures::started(c, t.page, 15);
            fixtures::started(c, t.api, 15);
        });
        let (_, a) = both!("no-shows",
            b.post(&format!("{}/no-shows", door(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/no-shows", api(t.api)), Some(&token), None).await);
        assert_eq!(a.json()["no_shows"], 3, "Gisèle, Paul and Rosaire did not come");
        assert_eq!(staff::status_of(&app, pg), "no_show");
        // A late arrival marked absent is checked in all the same.
        both!("late check-in",
            b.post(&format!("{}/{pg}/check-in", door(t.page)), &[]).await,
            staff::api(&app, "post", &format!("{}/check-ins", api(t.api)), Some(&token), Some(json!({"registration_id": ag}))).await);
        assert_eq!(staff::status_of(&app, pg), "attended");

        // Cancelling: a reason is required, then everyone is told, then once is enough.
        let (p, _) = both!("cancel without a reason",
            b.post(&format!("/admin/sessions/{}/cancel", t.page), &[("reason", "  ")]).await,
            staff::api(&app, "post", &format!("{}/cancel", api(t.api)), Some(&token), Some(json!({"reason": "  "}))).await);
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        both!("cancel",
            b.post(&format!("/admin/sessions/{}/cancel", t.page), &[("reason", "Tempête de neige")]).await,
            staff::api(&app, "post", &format!("{}/cancel", api(t.api)), Some(&token), Some(json!({"reason": "Tempête de neige"}))).await);
        let (p, _) = both!("cancel again",
            b.post(&format!("/admin/sessions/{}/cancel", t.page), &[("reason", "Encore")]).await,
            staff::api(&app, "post", &format!("{}/cancel", api(t.api)), Some(&token), Some(json!({"reason": "Encore"}))).await);
        assert_eq!(p.status, StatusCode::CONFLICT);

        // What both sides left, spelled out once.
        let pic = picture(&app, t.page);
        for action in ["check_in", "undo_check_in", "walk_in", "promote", "no_shows", "cancel"] {
            assert!(pic.contains(&format!("\"{action}\"")), "{action} is in the audit log: {pic}");
        }
        assert!(pic.contains("Apprivoiser sa tablette — Tempête de neige ("), "{pic}");
    }

    async fn a_caller_without_the_right_is_refused_before_the_input_is_read(app: TestApp) {
        let t = twins(&app);
        let token = staff::token(&app, "autre@example.org");
        let mut b = Browser::signed_in(&app, "autre@example.org");
        let before = picture(&app, t.page);
        let s = t.page;
        // Every input here is also invalid: the answer is still 403, never 422.
        let page_tries = [
            (format!("/admin/sessions/{s}/door/walk-in"), vec![("name", ""), ("seats", "zéro")]),
            (format!("/admin/sessions/{s}/registrations"), vec![("name", ""), ("email", "pas un courriel")]),
            (format!("/admin/sessions/{s}/cancel"), vec![("reason", "")]),
            (format!("/admin/sessions/{s}/message"), vec![("subject", ""), ("body", "")]),
        ];
        for (path, fields) in &page_tries {
            assert_eq!(b.post(path, fields).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        let api_tries = [
            (format!("/api/v1/sessions/{s}/walk-ins"), json!({"name": "", "seats": "zéro"})),
            (format!("/api/v1/sessions/{s}/registrations"), json!({"name": "", "email": "pas un courriel"})),
            (format!("/api/v1/sessions/{s}/cancel"), json!({"reason": ""})),
            (format!("/api/v1/sessions/{s}/check-ins"), json!({})),
        ];
        for (path, body) in &api_tries {
            let r = staff::api(&app, "post", path, Some(&token), Some(body.clone())).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text());
        }
        assert_eq!(picture(&app, t.page), before, "nothing changed");
    }
}
