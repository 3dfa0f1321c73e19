//! Building the programme through the back office: weekly series across daylight
//! saving time with a preview, trainer conflicts and the travel gap, publish /
//! duplicate / delete rules, moving a session with everyone told. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use babillard::db::{DbConnection, now};
use common::TestApp;
use common::fixtures::{self, Base};
use common::staff::{self, Browser};
use diesel::prelude::*;

fn setup(app: &TestApp) -> Base {
    app.with_conn(|c| staff::library_member(c, "editor@example.org", "editor"))
}

fn form_for<'a>(
    b: &Base,
    title: &'a str,
    day: &'a str,
    start: &'a str,
    end: &'a str,
) -> Vec<(String, String)> {
    vec![
        ("title".into(), title.into()),
        ("kind_id".into(), b.kind_id.to_string()),
        ("day".into(), day.into()),
        ("start".into(), start.into()),
        ("end".into(), end.into()),
        ("format".into(), "in_person".into()),
        ("venue_id".into(), b.venue_id.to_string()),
        ("registration_required".into(), "1".into()),
        ("capacity".into(), "12".into()),
    ]
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn register(
    c: &mut DbConnection,
    session_id: i64,
    name: &str,
    email: Option<&str>,
    status: &str,
) -> i64 {
    let t = now();
    diesel::insert_into(registrations::table)
        .values((
            registrations::session_id.eq(session_id),
            registrations::token_hash.eq(babillard::domain::token::digest(
                &babillard::domain::token::random_token(),
            )),
            registrations::person_key.eq(format!(
                "{name}-{}",
                babillard::domain::token::random_token()
            )),
            registrations::name.eq(name),
            registrations::email.eq(email),
            registrations::seats.eq(1),
            registrations::status.eq(status),
            registrations::language.eq("fr"),
            registrations::source.eq("web"),
            registrations::queued_at.eq(t),
            registrations::check_in_code.eq(babillard::domain::token::check_in_code()),
            registrations::created_at.eq(t),
            registrations::updated_at.eq(t),
        ))
        .execute(c)
        .unwrap();
    registrations::table
        .order(registrations::id.desc())
        .select(registrations::id)
        .first(c)
        .unwrap()
}

on_both_backends! {
    async fn a_weekly_series_is_previewed_then_created_at_the_same_quebec_time_across_dst(app: TestApp) {
        let b = setup(&app);
        let mut br = Browser::signed_in(&app, "editor@example.org");
        // Wednesdays from 4 March 2026; clocks go forward on Sunday 8 March.
        let mut f = form_for(&b, "Café numérique des aînés", "2026-03-04", "13:30", "15:00");
        f.push(("every".into(), "1".into()));
        f.push(("count".into(), "3".into()));
        f.push(("publish".into(), "1".into()));
        let path = format!("/admin/events/{}/series", b.event_id);
        let preview = br.post(&path, &refs(&f)).await;
        assert_eq!(preview.status, StatusCode::OK);
        let html = preview.text();
        assert!(html.contains("mercredi 4 mars 2026, 13\u{a0}h\u{a0}30 à 15\u{a0}h"), "{html}");
        assert!(html.contains("mercredi 11 mars 2026, 13\u{a0}h\u{a0}30 à 15\u{a0}h"));
        assert!(html.contains("mercredi 18 mars 2026, 13\u{a0}h\u{a0}30 à 15\u{a0}h"));
        assert!(html.contains("Créer ces 3 séances"));
        let count = |app: &TestApp| app.with_conn(|c| sessions::table.count().get_result::<i64>(c).unwrap());
        assert_eq!(count(&app), 0, "a preview creates nothing");

        f.push(("confirm".into(), "1".into()));
        let done = br.post(&path, &refs(&f)).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
        let rows: Vec<(chrono::NaiveDateTime, String, Option<String>)> = app.with_conn(|c| {
            sessions::table
                .order(sessions::starts_at)
                .select((sessions::starts_at, sessions::status, sessions::series_key))
                .load(c)
                .unwrap()
        });
        let starts: Vec<String> = rows.iter().map(|r| r.0.format("%Y-%m-%d %H:%M").to_string()).collect();
        assert_eq!(starts, vec!["2026-03-04 18:30", "2026-03-11 17:30", "2026-03-18 17:30"]);
        assert!(rows.iter().all(|r| r.1 == "published"));
        assert!(rows[0].2.is_some() && rows.iter().all(|r| r.2 == rows[0].2), "one series key");
        // The public programme lists them.
        let page = app.get(&format!("/sessions/{}", app.with_conn(|c| sessions::table.select(sessions::id).first::<i64>(c).unwrap()))).await;
        assert!(page.text().contains("Café numérique des aînés"));
    }

    async fn every_other_week_and_bad_counts_are_explained(app: TestApp) {
        let b = setup(&app);
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let mut f = form_for(&b, "Atelier mobile", "2026-10-21", "10:00", "11:30");
        f.push(("every".into(), "2".into()));
        f.push(("count".into(), "60".into()));
        let path = format!("/admin/events/{}/series", b.event_id);
        let r = br.post(&path, &refs(&f)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("entre 1 et 52"), "{}", r.text());
        assert!(r.text().contains("value=\"Atelier mobile\""), "the form keeps what was typed");
        f.retain(|(k, _)| k != "count");
        f.push(("count".into(), "3".into()));
        f.push(("confirm".into(), "1".into()));
        assert_eq!(br.post(&path, &refs(&f)).await.status, StatusCode::SEE_OTHER);
        let days: Vec<chrono::NaiveDateTime> = app.with_conn(|c| sessions::table.order(sessions::starts_at).select(sessions::starts_at).load(c).unwrap());
        let local: Vec<String> = days.iter().map(|d| babillard::domain::time::datetime_long(*d, babillard::web::i18n::Lang::Fr)).collect();
        assert_eq!(local, vec![
            "mercredi 21 octobre 2026, 10 h",
            "mercredi 4 novembre 2026, 10 h",
            "mercredi 18 novembre 2026, 10 h",
        ]);
    }

    async fn a_session_form_with_mistakes_comes_back_with_a_message_per_field(app: TestApp) {
        let b = setup(&app);
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let mut f = form_for(&b, "", "2026-13-40", "25:00", "15:00");
        f.retain(|(k, _)| k != "capacity");
        f.push(("capacity".into(), "beaucoup".into()));
        let r = br.post(&format!("/admin/events/{}/sessions", b.event_id), &refs(&f)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        for msg in ["Ce champ est obligatoire.", "Inscrivez une date", "Inscrivez un nombre entier"] {
            assert!(html.contains(msg), "{msg} missing");
        }
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("value=\"beaucoup\""));
        assert_eq!(app.with_conn(|c| sessions::table.count().get_result::<i64>(c).unwrap()), 0);
    }

    async fn assigning_a_busy_trainer_names_the_conflicting_session(app: TestApp) {
        let b = setup(&app);
        let (s1, s2, trainer) = app.with_conn(|c| {
            let t = staff::trainer(c, "isabelle", b.organisation_id, None);
            let s1 = fixtures::session(c, &b, "Cybersécurité pour tous", fixtures::utc("2026-06-10 17:30"), |_| {});
            let s2 = fixtures::session(c, &b, "Tablette 101", fixtures::utc("2026-06-10 18:00"), |_| {});
            staff::assign(c, s1, t);
            (s1, s2, t)
        });
        let _ = s1;
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.post(&format!("/admin/sessions/{s2}/trainers"), &[("trainer_id", &trainer.to_string())]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let html = r.text();
        assert!(html.contains("«\u{a0}Cybersécurité pour tous\u{a0}»"), "{html}");
        assert!(html.contains("mercredi 10 juin 2026, 13\u{a0}h\u{a0}30"));
        let assigned: i64 = app.with_conn(|c| session_trainers::table.filter(session_trainers::session_id.eq(s2)).count().get_result(c).unwrap());
        assert_eq!(assigned, 0);
    }

    async fn a_travelling_trainer_needs_the_configured_gap_between_venues(app: TestApp) {
        let b = setup(&app);
        let (other_venue, trainer, morning) = app.with_conn(|c| {
            let other = fixtures::base_named(c, "voisine");
            let t = staff::trainer(c, "volant", b.organisation_id, None);
            diesel::insert_into(trainer_organisations::table)
                .values((trainer_organisations::trainer_id.eq(t), trainer_organisations::organisation_id.eq(other.organisation_id)))
                .execute(c)
                .unwrap();
            // 9 h to 10 h 30 in the neighbouring town.
            let morning = fixtures::session(c, &other, "Brigade volante à Danville", fixtures::utc("2026-06-10 13:00"), |_| {});
            staff::assign(c, morning, t);
            (other.venue_id, t, morning)
        });
        let _ = (other_venue, morning);
        // 10 h 50 here: 20 minutes after the other session ends, 30 are needed by default.
        let close = app.with_conn(|c| fixtures::session(c, &b, "Tablette à Val-des-Sources", fixtures::utc("2026-06-10 14:50"), |_| {}));
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.post(&format!("/admin/sessions/{close}/trainers"), &[("trainer_id", &trainer.to_string())]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.text().contains("que 20 minutes pour se déplacer, il en faut 30"), "{}", r.text());
        // 11 h: exactly 30 minutes, accepted.
        let later = app.with_conn(|c| fixtures::session(c, &b, "Courriel à Val-des-Sources", fixtures::utc("2026-06-10 15:00"), |_| {}));
        let r = br.post(&format!("/admin/sessions/{later}/trainers"), &[("trainer_id", &trainer.to_string())]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }

    async fn deleting_is_for_sessions_nobody_registered_for(app: TestApp) {
        let b = setup(&app);
        let (empty, taken) = app.with_conn(|c| {
            let empty = fixtures::session(c, &b, "Vide", fixtures::in_days(3), |_| {});
            let taken = fixtures::session(c, &b, "Prise", fixtures::in_days(4), |_| {});
            let r = register(c, taken, "Gisèle", Some("gisele@example.org"), "confirmed");
            diesel::update(registrations::table.find(r)).set(registrations::status.eq("cancelled")).execute(c).unwrap();
            (empty, taken)
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.post(&format!("/admin/sessions/{taken}/delete"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.text().contains("Annulez-la plutôt"));
        let r = br.post(&format!("/admin/sessions/{empty}/delete"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let left: Vec<i64> = app.with_conn(|c| sessions::table.select(sessions::id).load(c).unwrap());
        assert_eq!(left, vec![taken]);
        let audited: i64 = app.with_conn(|c| audit_log::table.filter(audit_log::action.eq("delete")).filter(audit_log::entity_id.eq(empty)).count().get_result(c).unwrap());
        assert_eq!(audited, 1, "the deletion is in the audit log");
    }

    async fn duplicating_makes_a_draft_a_week_later_and_unpublishing_waits_for_nobody(app: TestApp) {
        let b = setup(&app);
        let (s, with_people) = app.with_conn(|c| {
            let s = fixtures::session(c, &b, "Réseaux sociaux", fixtures::utc("2026-03-04 18:30"), |_| {});
            fixtures::tag(c, s, &["aines"], &[]);
            let p = fixtures::session(c, &b, "Populaire", fixtures::in_days(6), |_| {});
            register(c, p, "Rosaire", Some("rosaire@example.org"), "confirmed");
            (s, p)
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.post(&format!("/admin/sessions/{s}/duplicate"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let copy: (i64, String, chrono::NaiveDateTime) = app.with_conn(|c| sessions::table.order(sessions::id.desc()).select((sessions::id, sessions::status, sessions::starts_at)).first(c).unwrap());
        assert_eq!(copy.1, "draft");
        // One week later at the same Québec time, across the change to daylight time.
        assert_eq!(copy.2, fixtures::utc("2026-03-11 17:30"));
        let audiences: i64 = app.with_conn(|c| session_audiences::table.filter(session_audiences::session_id.eq(copy.0)).count().get_result(c).unwrap());
        assert_eq!(audiences, 1);
        assert!(app.get(&format!("/sessions/{}", copy.0)).await.status == StatusCode::NOT_FOUND, "drafts are not public");
        let r = br.post(&format!("/admin/sessions/{}/publish", copy.0), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(app.get(&format!("/sessions/{}", copy.0)).await.status, StatusCode::OK);
        let r = br.post(&format!("/admin/sessions/{with_people}/unpublish"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
    }

    async fn moving_a_session_tells_everyone_registered_with_an_updated_invite(app: TestApp) {
        let b = setup(&app);
        let (s, confirmed, waiting, gone) = app.with_conn(|c| {
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", fixtures::utc("2026-04-15 17:30"), |x| x.capacity = Some(12));
            let a = register(c, s, "Gisèle", Some("gisele@example.org"), "confirmed");
            let w = register(c, s, "Rosaire", Some("rosaire@example.org"), "waitlisted");
            let g = register(c, s, "Parti", Some("parti@example.org"), "cancelled");
            register(c, s, "Sans courriel", None, "confirmed");
            diesel::update(sessions::table.find(s)).set(sessions::seats_taken.eq(2)).execute(c).unwrap();
            (s, a, w, g)
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let f = form_for(&b, "Apprivoiser sa tablette", "2026-04-16", "09:00", "10:30");
        let r = br.post(&format!("/admin/sessions/{s}"), &refs(&f)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert!(r.header("location").unwrap().contains("done=moved"));
        let rows: Vec<(String, Option<i64>, String)> = app.with_conn(|c| outbox::table.order(outbox::id).select((outbox::kind, outbox::registration_id, outbox::payload)).load(c).unwrap());
        let to: Vec<Option<i64>> = rows.iter().map(|r| r.1).collect();
        assert_eq!(to, vec![Some(confirmed), Some(waiting)], "live registrations with an email, not the cancelled {gone}");
        for (kind, _, payload) in &rows {
            assert_eq!(kind, "session_changed");
            let p: serde_json::Value = serde_json::from_str(payload).unwrap();
            assert_eq!(p["previous_starts_at"], "2026-04-15T13:30:00-04:00");
            assert_eq!(p["previous_ends_at"], "2026-04-15T15:00:00-04:00");
            assert_eq!(p["previous_venue_id"], b.venue_id);
            assert_eq!(p["what"], serde_json::json!(["time"]));
        }
        let (seq, ical): (i32, i32) = app.with_conn(|c| {
            let seq = sessions::table.find(s).select(sessions::sequence).first(c).unwrap();
            let ical = registrations::table.find(confirmed).select(registrations::ical_sequence).first(c).unwrap();
            (seq, ical)
        });
        assert_eq!((seq, ical), (1, 1), "session and invite sequences rise");
        // Lowering the capacity below the two seats taken is refused, with the reason.
        let mut f = form_for(&b, "Apprivoiser sa tablette", "2026-04-16", "09:00", "10:30");
        f.retain(|(k, _)| k != "capacity");
        f.push(("capacity".into(), "1".into()));
        let r = br.post(&format!("/admin/sessions/{s}"), &refs(&f)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("2 places sont déjà prises"), "{}", r.text());
    }

    async fn a_programme_is_duplicated_as_drafts_and_deleted_only_while_nobody_registered(app: TestApp) {
        let b = setup(&app);
        let (track, s1) = app.with_conn(|c| {
            let track = babillard::store::programme::add_track(c, &babillard::domain::access::Access { user_id: 1, is_admin: true, ..Default::default() }, b.event_id, "Mains sur les touches").unwrap();
            let s1 = fixtures::session(c, &b, "Atelier A", fixtures::in_days(5), |x| x.track_id = Some(track));
            fixtures::session(c, &b, "Atelier B", fixtures::in_days(6), |_| {});
            (track, s1)
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.post(&format!("/admin/events/{}/duplicate", b.event_id), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let copy: i64 = r.header("location").unwrap().trim_start_matches("/admin/events/").split('?').next().unwrap().parse().unwrap();
        let (status, title): (String, String) = app.with_conn(|c| events::table.find(copy).select((events::status, events::title)).first(c).unwrap());
        assert_eq!((status.as_str(), title.as_str()), ("draft", "Programme biblio (copie)"));
        let copied: Vec<(String, String, Option<i64>)> = app.with_conn(|c| sessions::table.filter(sessions::event_id.eq(copy)).order(sessions::starts_at).select((sessions::title, sessions::status, sessions::track_id)).load(c).unwrap());
        assert_eq!(copied.len(), 2);
        assert!(copied.iter().all(|s| s.1 == "draft"));
        let new_track = copied[0].2.expect("track kept");
        assert_ne!(new_track, track, "the copy has its own tracks");
        // The original has a registration: it stays; the copy has none: it goes.
        app.with_conn(|c| { staff::register(c, s1, "Gisèle", "gisele@example.org"); });
        let r = br.post(&format!("/admin/events/{}/delete", b.event_id), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = br.post(&format!("/admin/events/{copy}/delete"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let left: i64 = app.with_conn(|c| sessions::table.filter(sessions::event_id.eq(copy)).count().get_result(c).unwrap());
        assert_eq!(left, 0);
        assert_eq!(app.with_conn(|c| events::table.count().get_result::<i64>(c).unwrap()), 1);
    }

    async fn a_trainer_sees_their_sessions_across_organisations_with_their_feed(app: TestApp) {
        let b = setup(&app);
        let stored = app.with_conn(|c| {
            let other = fixtures::base_named(c, "ailleurs");
            let u = staff::user(c, "isabelle@example.org", "none", None);
            let t = staff::trainer(c, "isabelle", b.organisation_id, Some(u));
            let s1 = fixtures::session(c, &b, "Ici", fixtures::in_days(2), |_| {});
            let s2 = fixtures::session(c, &other, "Là-bas", fixtures::in_days(3), |_| {});
            fixtures::session(c, &b, "Pas la sienne", fixtures::in_days(4), |_| {});
            staff::assign(c, s1, t);
            staff::assign(c, s2, t);
            trainers::table.find(t).select(trainers::feed_token_hash).first::<String>(c).unwrap()
        });
        let mut br = Browser::signed_in(&app, "isabelle@example.org");
        let r = br.get("/admin/me/schedule").await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("Ici") && html.contains("Là-bas"));
        assert!(!html.contains("Pas la sienne"));
        // The link is not kept in clear: the page offers to make one.
        assert!(!html.contains("/calendar.ics"), "{html}");
        assert!(html.contains("action=\"/admin/me/schedule/feed\""), "{html}");
        let feed_of = |html: &str| {
            let start = html.find("/trainers/").expect("a feed link");
            html[start..].split('"').next().unwrap().split('<').next().unwrap().to_owned()
        };
        let made = br.post("/admin/me/schedule/feed", &[]).await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.text());
        assert_eq!(made.header("cache-control").as_deref(), Some("no-store"));
        let html = made.text();
        assert!(html.contains("webcal://"));
        let feed = feed_of(&html);
        assert!(feed.ends_with("/calendar.ics"), "{feed}");
        let token = feed.trim_start_matches("/trainers/").trim_end_matches("/calendar.ics").to_owned();
        let now_stored: String = app.with_conn(|c| trainers::table.select(trainers::feed_token_hash).first(c).unwrap());
        assert_ne!(now_stored, stored);
        assert_eq!(now_stored, babillard::domain::token::digest(&token), "only its digest is kept");
        let ics = app.get(&feed).await;
        assert_eq!(ics.status, StatusCode::OK, "the linked feed answers");
        assert!(ics.text().contains("Là-bas"));
        // A new link replaces it.
        let again = feed_of(&br.post("/admin/me/schedule/feed", &[]).await.text());
        assert_ne!(again, feed);
        assert_eq!(app.get(&feed).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&again).await.status, StatusCode::OK);
        assert!(!br.get("/admin/me/schedule").await.text().contains(&again), "shown once");
    }
}

/// Two staff members assign the same trainer to two overlapping sessions at the same
/// instant: exactly one wins, on both databases (the trainer row is locked on
/// PostgreSQL; SQLite's write lock serialises).
async fn racing_assignments(app: TestApp) {
    let b = setup(&app);
    let (trainer, sessions_) = app.with_conn(|c| {
        let t = staff::trainer(c, "course", b.organisation_id, None);
        let ids: Vec<i64> = (0..6)
            .map(|i| {
                fixtures::session(
                    c,
                    &b,
                    &format!("Séance {i}"),
                    fixtures::utc("2026-06-10 17:00") + chrono::Duration::minutes(10 * i),
                    |_| {},
                )
            })
            .collect();
        (t, ids)
    });
    let access = babillard::domain::access::Access {
        user_id: 1,
        is_admin: true,
        ..Default::default()
    };
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(sessions_.len()));
    let handles: Vec<_> = sessions_
        .iter()
        .map(|&s| {
            let db = app.state.db.clone();
            let access = access.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut conn = db.write().unwrap();
                babillard::store::trainers::assign(
                    &mut conn,
                    &access,
                    s,
                    trainer,
                    chrono::Duration::minutes(30),
                )
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{results:?}");
    assert!(
        results
            .iter()
            .filter(|r| r.is_err())
            .all(|r| matches!(r, Err(babillard::store::Error::Conflict(_))))
    );
    let assigned: i64 = app.with_conn(|c| {
        session_trainers::table
            .filter(session_trainers::trainer_id.eq(trainer))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(assigned, 1);
}

#[actix_web::test]
async fn only_one_of_many_racing_assignments_of_a_trainer_wins_sqlite() {
    racing_assignments(TestApp::sqlite().await).await;
}

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn only_one_of_many_racing_assignments_of_a_trainer_wins_postgres() {
    racing_assignments(TestApp::postgres().await).await;
}

on_both_backends! {
    async fn a_manager_turns_on_waitlist_offers_for_the_organisation(app: TestApp) {
        let b = app.with_conn(|c| staff::library_member(c, "manager@example.org", "manager"));
        let mut br = Browser::signed_in(&app, "manager@example.org");
        let path = format!("/admin/organisations/{}", b.organisation_id);
        let bad = br.post(&path, &[("name", "Bibliothèque"), ("waitlist_mode", "loterie"), ("offer_hours", "500")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = br.post(&path, &[("name", "Bibliothèque de Lachute"), ("website", "https://biblio.example.org"), ("waitlist_mode", "offers"), ("offer_hours", "12")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let (name, mode, hours): (String, String, i32) = app.with_conn(|c| organisations::table.find(b.organisation_id).select((organisations::name, organisations::waitlist_mode, organisations::offer_hours)).first(c).unwrap());
        assert_eq!((name.as_str(), mode.as_str(), hours), ("Bibliothèque de Lachute", "offers", 12));
        // The engine now offers a freed seat instead of giving it.
        let s = app.with_conn(|c| fixtures::session(c, &b, "Complet", fixtures::in_days(5), |x| x.capacity = Some(1)));
        let (first, waiting) = app.with_conn(|c| {
            let (f, _) = staff::register(c, s, "Gisèle", "gisele@example.org");
            let (w, _) = staff::register(c, s, "Paul", "paul@example.org");
            (f, w)
        });
        let token = app.with_conn(|c| babillard::store::links::mint(c, first, babillard::db::now()).unwrap());
        app.with_conn(|c| babillard::store::registrations::cancel(c, &token, babillard::db::now()).unwrap());
        let status: String = app.with_conn(|c| registrations::table.find(waiting).select(registrations::status).first(c).unwrap());
        assert_eq!(status, "offered");
    }
}

on_both_backends! {
    async fn a_registration_window_is_set_in_quebec_time_and_moves_with_a_series(app: TestApp) {
        let b = setup(&app);
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let path = format!("/admin/events/{}/series", b.event_id);
        let mut f = form_for(&b, "Atelier du mercredi", "2026-03-04", "13:30", "15:00");
        f.extend([
            ("registration_opens".to_string(), "2026-03-01T09:00".to_string()),
            ("registration_closes".to_string(), "2026-02-28T09:00".to_string()),
            ("every".to_string(), "1".to_string()),
            ("count".to_string(), "2".to_string()),
            ("confirm".to_string(), "1".to_string()),
            ("publish".to_string(), "1".to_string()),
        ]);
        let r = br.post(&path, &refs(&f)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("après l"), "{}", r.text());
        f.retain(|(k, _)| k != "registration_closes");
        f.push(("registration_closes".into(), "2026-03-03T12:00".into()));
        let r = br.post(&path, &refs(&f)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let rows: Vec<(Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>)> = app.with_conn(|c| {
            sessions::table.order(sessions::starts_at).select((sessions::registration_opens_at, sessions::registration_closes_at)).load(c).unwrap()
        });
        // 9 h EST on 1 March is 14:00 UTC; a week later the window follows in Québec
        // time: 9 h EDT on 8 March (daylight time began that night) is 13:00 UTC.
        assert_eq!(rows[0], (Some(fixtures::utc("2026-03-01 14:00")), Some(fixtures::utc("2026-03-03 17:00"))));
        assert_eq!(rows[1], (Some(fixtures::utc("2026-03-08 13:00")), Some(fixtures::utc("2026-03-10 16:00"))));
        // The edit form shows the window back in Québec time.
        let id: i64 = app.with_conn(|c| sessions::table.order(sessions::starts_at).select(sessions::id).first(c).unwrap());
        let page = br.get(&format!("/admin/sessions/{id}")).await.text();
        assert!(page.contains("value=\"2026-03-01T09:00\""), "{page}");
    }
}

on_both_backends! {
    async fn the_dashboard_starts_a_session_or_a_series_in_the_chosen_programme(app: TestApp) {
        let b = app.with_conn(|c| staff::library_member(c, "editor@example.org", "editor"));
        let mut br = Browser::signed_in(&app, "editor@example.org");
        // One programme: straight to its forms.
        let html = br.get("/admin").await.text();
        let e = b.event_id;
        assert!(html.contains(&format!("<a class=\"button\" href=\"/admin/events/{e}/sessions/new\">Nouvelle séance</a>")), "{html}");
        assert!(html.contains(&format!("href=\"/admin/events/{e}/series/new\">Nouvelle série</a>")), "{html}");
        // Two: the dashboard asks which one first.
        let r = br.post(&format!("/admin/organisations/{}/events", b.organisation_id), &[("title", "Ateliers d'hiver")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let html = br.get("/admin").await.text();
        assert!(html.contains("<label for=\"f-new-event\">Dans quel programme\u{a0}?</label>"), "{html}");
        assert!(html.contains("Ateliers d&#x27;hiver") || html.contains("Ateliers d&#39;hiver"), "{html}");
        let r = br.get(&format!("/admin/new?event={e}&what=series")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location").unwrap(), format!("/admin/events/{e}/series/new"));
        let form = br.get(&format!("/admin/events/{e}/series/new")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert_eq!(br.get(&format!("/admin/new?event={e}&what=rien")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(br.get("/admin/new?event=abc").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn a_session_page_offers_to_move_or_cancel_it_and_shows_its_price(app: TestApp) {
        let (b, s) = app.with_conn(|c| {
            let b = staff::library_member(c, "editor@example.org", "editor");
            let s = fixtures::session(c, &b, "Tablette : les bases", fixtures::in_days(9), |x| {
                x.description = "Note : apporter sa tablette".into();
            });
            (b, s)
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let html = br.get(&format!("/admin/sessions/{s}")).await.text();
        assert!(html.contains("<a class=\"button secondary\" href=\"#when\">Déplacer la séance</a>"), "{html}");
        assert!(html.contains("<fieldset id=\"when\">"), "{html}");
        let cancel = html.find("<details class=\"panel danger-zone\" id=\"cancel\">").expect("cancelling is on the session's page");
        assert!(html[cancel..].contains(&format!("action=\"/admin/sessions/{s}/cancel\"")));
        // What staff typed comes back exactly as typed, to be saved unchanged.
        assert!(html.contains("value=\"Tablette : les bases\""), "{html}");
        assert!(html.contains(">Note : apporter sa tablette</textarea>"), "{html}");
        // The price is asked where a session is made: empty, a free session.
        let new = br.get(&format!("/admin/events/{}/sessions/new", b.event_id)).await.text();
        assert!(new.contains("<input id=\"f-price\" name=\"price\" type=\"text\" value=\"\""), "{new}");
        // Cancelling from there comes back there.
        let r = br.post(&format!("/admin/sessions/{s}/cancel"), &[("reason", "Tempête de neige")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location").unwrap(), format!("/admin/sessions/{s}?done=cancelled"));
        let after = br.get(&format!("/admin/sessions/{s}?done=cancelled")).await.text();
        assert!(after.contains("Séance annulée"), "{after}");
        assert!(!after.contains("id=\"cancel\""), "nothing left to cancel: {after}");
    }
}
