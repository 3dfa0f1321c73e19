//! Registrations for the organiser and attendance at the door, on top of the
//! registration engine: phone registrations, manual promotion, a message to everyone
//! confirmed, cancelling with a reason, the door roster with JavaScript off, walk-ins,
//! no-shows, and the CSV exports a French-locale spreadsheet opens. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::TestApp;
use common::fixtures::{self, Base};
use common::staff::{self, Browser};
use diesel::prelude::*;

fn setup(app: &TestApp, capacity: i32) -> (Base, i64) {
    app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", capacity))
}

fn outbox_kinds(app: &TestApp) -> Vec<(String, String)> {
    app.with_conn(|c| {
        outbox::table
            .order(outbox::id)
            .select((outbox::kind, outbox::recipient))
            .load(c)
            .unwrap()
    })
}

on_both_backends! {
    async fn a_phone_caller_is_registered_without_an_email(app: TestApp) {
        let (_, s) = setup(&app, 10);
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let path = format!("/admin/sessions/{s}/registrations");
        let missing = b.post(&path, &[("name", "Rosaire Côté"), ("seats", "1"), ("consent", "1")]).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(missing.text().contains("value=\"Rosaire Côté\""), "what was typed stays");
        let r = b.post(&path, &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "2"), ("consent", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let again = b.post(&path, &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "2"), ("consent", "1")]).await;
        assert!(again.header("location").unwrap().contains("already-registered"), "the same caller twice is one registration");
        let (status, source, email, by): (String, String, Option<String>, Option<i64>) = app.with_conn(|c| {
            registrations::table.select((registrations::status, registrations::source, registrations::email, registrations::entered_by_user_id)).first(c).unwrap()
        });
        assert_eq!((status.as_str(), source.as_str(), email), ("confirmed", "staff", None));
        assert!(by.is_some());
        assert!(outbox_kinds(&app).is_empty(), "no email to send");
        let page = b.get(&path).await.text();
        assert!(page.contains("Rosaire Côté") && page.contains("Inscrits (1)"), "{page}");
        let seats: i32 = app.with_conn(|c| sessions::table.find(s).select(sessions::seats_taken).first(c).unwrap());
        assert_eq!(seats, 2);
    }

    async fn staff_give_a_waiting_person_a_seat_and_write_to_everyone_confirmed(app: TestApp) {
        let (_, s) = setup(&app, 1);
        let (first, waiting) = app.with_conn(|c| {
            let (a, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            let (w, st) = staff::register(c, s, "Paul Gagnon", "paul@example.org");
            assert_eq!(st, "waitlisted");
            (a, w)
        });
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let page = b.get(&format!("/admin/sessions/{s}/registrations")).await.text();
        assert!(page.contains("Liste d'attente") || page.contains("Liste d&#39;attente"));
        assert!(page.contains("Paul Gagnon"));
        // No free seat: the engine refuses, nothing changes.
        let r = b.post(&format!("/admin/sessions/{s}/registrations/{waiting}/promote"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(staff::status_of(&app, waiting), "waitlisted");
        app.with_conn(|c| diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(2))).execute(c).unwrap());
        let before = outbox_kinds(&app).len();
        let r = b.post(&format!("/admin/sessions/{s}/registrations/{waiting}/promote"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(staff::status_of(&app, waiting), "confirmed");
        assert_eq!(outbox_kinds(&app)[before..], [("registration_promoted".to_string(), "paul@example.org".to_string())]);

        let r = b.post(&format!("/admin/sessions/{s}/message"), &[("subject", ""), ("body", "x")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = b.post(&format!("/admin/sessions/{s}/message"), &[("subject", "Stationnement"), ("body", "Garez-vous derrière la bibliothèque.")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let msgs: Vec<(String, Option<i64>, String)> = app.with_conn(|c| outbox::table.filter(outbox::kind.eq("organiser_message")).order(outbox::id).select((outbox::recipient, outbox::registration_id, outbox::payload)).load(c).unwrap());
        assert_eq!(msgs.iter().map(|m| m.1.unwrap()).collect::<Vec<_>>(), vec![first, waiting]);
        let p: serde_json::Value = serde_json::from_str(&msgs[0].2).unwrap();
        assert_eq!(p["subject"], "Stationnement");
        assert_eq!(p["body"], "Garez-vous derrière la bibliothèque.");
        assert_eq!(p["from_name"], "editor@example.org");
    }

    async fn cancelling_asks_a_reason_and_tells_everyone(app: TestApp) {
        let (_, s) = setup(&app, 1);
        app.with_conn(|c| {
            staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            staff::register(c, s, "Paul Gagnon", "paul@example.org");
        });
        let before = outbox_kinds(&app).len();
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let r = b.post(&format!("/admin/sessions/{s}/cancel"), &[("reason", "  ")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(outbox_kinds(&app).len(), before);
        let r = b.post(&format!("/admin/sessions/{s}/cancel"), &[("reason", "Tempête de neige")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let sent: Vec<(String, String)> = outbox_kinds(&app)[before..].to_vec();
        assert_eq!(sent, vec![
            ("session_cancelled".to_string(), "gisele@example.org".to_string()),
            ("session_cancelled".to_string(), "paul@example.org".to_string()),
        ]);
        let public = app.get(&format!("/sessions/{s}")).await.text();
        assert!(public.contains("Tempête de neige"));
        let audited: i64 = app.with_conn(|c| audit_log::table.filter(audit_log::action.eq("cancel")).count().get_result(c).unwrap());
        assert_eq!(audited, 1);
        let twice = b.post(&format!("/admin/sessions/{s}/cancel"), &[("reason", "encore")]).await;
        assert_eq!(twice.status, StatusCode::CONFLICT);
    }

    async fn the_door_roster_works_with_javascript_off(app: TestApp) {
        let (_, s) = setup(&app, 3);
        let (gisele, paul, code) = app.with_conn(|c| {
            let (g, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            let (p, _) = staff::register(c, s, "Paul Gagnon", "paul@example.org");
            let code: String = registrations::table.find(p).select(registrations::check_in_code).first(c).unwrap();
            (g, p, code)
        });
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let door = format!("/admin/sessions/{s}/door");
        let page = b.get(&door).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("Présence\u{a0}: <span class=\"door-present-people\">0</span> sur 2 personnes</p>"), "{html}");
        assert!(html.contains(&format!("formaction=\"/admin/sessions/{s}/door/{gisele}/check-in\"")));
        assert!(html.contains("name=\"csrf_token\""));
        // Search without accents, then by the code of the email (any case).
        let found = b.get(&format!("{door}?q=gisele")).await.text();
        assert!(found.contains("Gisèle Tremblay") && !found.contains("Paul Gagnon"));
        let by_code = b.get(&format!("{door}?q={}", code.to_lowercase())).await.text();
        assert!(by_code.contains("Paul Gagnon") && !by_code.contains("Gisèle Tremblay"));
        let nobody = b.get(&format!("{door}?q=zzz")).await.text();
        assert!(nobody.contains("Personne ne correspond"));

        let r = b.post(&format!("{door}/{gisele}/check-in"), &[("q", "gisele")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.header("location").unwrap().starts_with(&format!("{door}?q=gisele")), "back to the same search");
        assert_eq!(staff::status_of(&app, gisele), "attended");
        let html = b.get(&door).await.text();
        assert!(html.contains("<span class=\"door-present-people\">1</span> sur 2 personnes</p>"));
        assert!(html.contains(&format!("/door/{gisele}/undo")));
        let again = b.post(&format!("{door}/{gisele}/check-in"), &[]).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "a tap sent twice is fine");
        assert!(b.get(&door).await.text().contains("<span class=\"door-present-people\">1</span> sur 2 personnes</p>"), "and counts once");
        let cancelled = app.with_conn(|c| {
            let (r, _) = staff::register(c, s, "Partie Tôt", "partie@example.org");
            let token = babillard::store::links::mint(c, r, babillard::db::now()).unwrap();
            babillard::store::registrations::cancel(c, &token, babillard::db::now()).unwrap();
            r
        });
        let r = b.post(&format!("{door}/{cancelled}/check-in"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "a cancelled registration is not checked in");
        let r = b.post(&format!("{door}/{gisele}/undo"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(staff::status_of(&app, gisele), "confirmed");

        // A walk-in takes the last seat and is checked in; then the door is full.
        let r = b.post(&format!("{door}/walk-in"), &[("name", "Arrivée Imprévue"), ("phone", "819-555-0199"), ("seats", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let walked: String = app.with_conn(|c| registrations::table.filter(registrations::name.eq("Arrivée Imprévue")).select(registrations::status).first(c).unwrap());
        assert_eq!(walked, "attended");
        let html = b.get(&door).await.text();
        assert!(!html.contains("/door/walk-in"), "no walk-in form when the session is full");
        let r = b.post(&format!("{door}/walk-in"), &[("name", "Une De Trop"), ("phone", "819-555-0198"), ("seats", "1")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);

        // No-shows: refused before the start, then everyone still expected.
        let r = b.post(&format!("{door}/no-shows"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        b.post(&format!("{door}/{gisele}/check-in"), &[]).await;
        app.with_conn(|c| fixtures::started(c, s, 15));
        let r = b.post(&format!("{door}/no-shows"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(staff::status_of(&app, paul), "no_show");
        assert_eq!(staff::status_of(&app, gisele), "attended");
        // A late arrival marked absent can still be checked in.
        let r = b.post(&format!("{door}/{paul}/check-in"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(staff::status_of(&app, paul), "attended");
    }

    async fn the_trainer_of_the_session_takes_attendance_but_not_another(app: TestApp) {
        let (b, s) = setup(&app, 5);
        let (r, other) = app.with_conn(|c| {
            let u = staff::user(c, "isabelle@example.org", "none", None);
            let t = staff::trainer(c, "isabelle", b.organisation_id, Some(u));
            staff::assign(c, s, t);
            let other = fixtures::session(c, &b, "Pas la sienne", fixtures::in_days(8), |_| {});
            let (r, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            (r, other)
        });
        let mut t = Browser::signed_in(&app, "isabelle@example.org");
        let schedule = t.get("/admin/me/schedule").await.text();
        assert!(schedule.contains(&format!("/admin/sessions/{s}/door")));
        assert_eq!(t.get(&format!("/admin/sessions/{s}/door")).await.status, StatusCode::OK);
        assert_eq!(t.post(&format!("/admin/sessions/{s}/door/{r}/check-in"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(t.get(&format!("/admin/sessions/{other}/door")).await.status, StatusCode::FORBIDDEN);
        assert_eq!(t.get(&format!("/admin/sessions/{s}/registrations")).await.status, StatusCode::FORBIDDEN);
        assert_eq!(t.get(&format!("/admin/sessions/{s}/export.csv")).await.status, StatusCode::FORBIDDEN);
    }

    async fn exports_open_in_a_french_spreadsheet(app: TestApp) {
        let (b, s) = setup(&app, 5);
        app.with_conn(|c| {
            staff::register(c, s, "Côté; Gisèle", "gisele@example.org");
            let (p, _) = staff::register(c, s, "Paul \"Ti-Paul\" Gagnon", "paul@example.org");
            babillard::store::registrations::check_in(c, s, p, babillard::db::now()).unwrap();
            let s2 = fixtures::session(c, &b, "Deuxième séance", fixtures::in_days(9), |_| {});
            staff::register(c, s2, "=HYPERLINK(\"x\")", "x@example.org");
        });
        let mut br = Browser::signed_in(&app, "editor@example.org");
        let r = br.get(&format!("/admin/sessions/{s}/export.csv")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type").unwrap(), "text/csv; charset=utf-8");
        assert!(r.header("content-disposition").unwrap().contains(&format!("seance-{s}.csv")));
        assert!(r.body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark");
        let text = String::from_utf8(r.body[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Séance;Date;Nom;Courriel;Téléphone;Places;État"), "{}", lines[0]);
        assert!(lines[1].contains(";\"Côté; Gisèle\";gisele@example.org;;1;Inscription confirmée;en ligne;"), "{}", lines[1]);
        assert!(lines[2].contains("\"Paul \"\"Ti-Paul\"\" Gagnon\""), "{}", lines[2]);
        assert!(lines[2].contains(";Présence notée;"));
        let en = br.get(&format!("/admin/sessions/{s}/export.csv?sep=comma&lang=en")).await.text();
        assert!(en.contains("Session,Date,Name,Email"));
        let event = br.get(&format!("/admin/events/{}/export.csv", b.event_id)).await.text();
        assert_eq!(event.split("\r\n").filter(|l| !l.is_empty()).count(), 4, "both sessions of the programme");
        assert!(event.contains("\"'=HYPERLINK(\"\"x\"\")\""), "formulas are defused");
        assert_eq!(br.get(&format!("/admin/sessions/{s}/export.csv?sep=tab")).await.status, StatusCode::BAD_REQUEST);
    }

    async fn the_door_page_stays_light_with_a_full_room(app: TestApp) {
        let (_, s) = setup(&app, 120);
        app.with_conn(|c| {
            for i in 0..100 {
                staff::register(c, s, &format!("Personne Numéro {i}"), &format!("p{i}@example.org"));
            }
        });
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let r = b.get(&format!("/admin/sessions/{s}/door")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.len() < 50_000, "door page with 100 people is {} bytes", r.body.len());
        let js = app.get("/static/door.js").await;
        assert_eq!(js.status, StatusCode::OK);
        assert!(js.body.len() < 5_000);
    }

    async fn the_staff_api_lists_people_and_checks_in_by_code(app: TestApp) {
        let (_, s) = setup(&app, 5);
        let (r, code) = app.with_conn(|c| {
            let (r, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            let code: String = registrations::table.find(r).select(registrations::check_in_code).first(c).unwrap();
            (r, code)
        });
        let token = staff::token(&app, "editor@example.org");
        let roster = staff::api(&app, "get", &format!("/api/v1/sessions/{s}/roster"), Some(&token), None).await;
        assert_eq!(roster.status, StatusCode::OK);
        let j = roster.json();
        assert_eq!(j["expected"], 1);
        assert_eq!(j["confirmed"][0]["check_in_code"], code.as_str());
        let done = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/check-ins"), Some(&token), Some(serde_json::json!({"code": code.to_lowercase()}))).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text());
        assert_eq!(done.json()["status"], "attended");
        let wrong = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/check-ins"), Some(&token), Some(serde_json::json!({"code": "ZZZZZZ"}))).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        let undo = staff::api(&app, "delete", &format!("/api/v1/sessions/{s}/check-ins/{r}"), Some(&token), None).await;
        assert_eq!(undo.status, StatusCode::NO_CONTENT);
        assert_eq!(staff::status_of(&app, r), "confirmed");
        // Staff registration by phone goes through the engine's endpoint with the token.
        let phone = staff::api(&app, "post", &format!("/api/v1/sessions/{s}/registrations"), Some(&token), Some(serde_json::json!({"name": "Rosaire Côté", "phone": "819-555-0101", "consent": true}))).await;
        assert_eq!(phone.status, StatusCode::CREATED, "{}", phone.text());
    }
}

on_both_backends! {
    async fn the_door_counts_people_and_seats_and_says_which_day_the_session_is(app: TestApp) {
        let (_, s) = setup(&app, 10);
        let (gisele, paul) = app.with_conn(|c| {
            let (g, _) = staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            // Paul comes with his wife: two seats.
            let p = babillard::store::registrations::register(c, s, &babillard::store::registrations::NewRegistration {
                name: "Paul Gagnon".into(),
                email: babillard::domain::registration::Email::parse("paul@example.org"),
                phone: None,
                seats: 2,
                needs: None,
                language: babillard::web::i18n::Lang::Fr,
                source: babillard::domain::registration::Source::Web,
                entered_by: None,
            }, babillard::db::now()).unwrap().registration.id;
            (g, p)
        });
        let mut b = Browser::signed_in(&app, "editor@example.org");
        let door = format!("/admin/sessions/{s}/door");
        let html = b.get(&door).await.text();
        assert!(html.contains("Présence\u{a0}: <span class=\"door-present-people\">0</span> sur 2 personnes · <span class=\"door-present\">0</span> sur 3 places</p>"), "{html}");
        // The session is next week: checking in still works, with a word of warning.
        assert!(html.contains("Attention\u{a0}: cette séance a lieu le "), "{html}");
        assert!(html.contains("Noter la présence"), "{html}");
        assert!(!html.contains("Marquer présent"), "{html}");
        let r = b.post(&format!("{door}/{paul}/check-in"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let html = b.get(&door).await.text();
        assert!(html.contains("<span class=\"door-present-people\">1</span> sur 2 personnes · <span class=\"door-present\">2</span> sur 3 places"), "{html}");
        // A checked-in row says what happened and how to take it back, not « annuler ».
        assert!(html.contains("✓ Présence notée · Annuler la présence"), "{html}");
        assert_eq!(staff::status_of(&app, paul), "attended");
        assert_eq!(staff::status_of(&app, gisele), "confirmed");
        let en = b.get(&format!("{door}?lang=en")).await.text();
        assert!(en.contains("Attendance: <span class=\"door-present-people\">1</span> of 2 people · <span class=\"door-present\">2</span> of 3 seats"), "{en}");
        assert!(en.contains("Present · Undo attendance"), "{en}");
    }
}
