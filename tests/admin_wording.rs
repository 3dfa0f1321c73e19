//! What a library employee reads in the back office, checked the way she would read it
//! (QA walk-through of issue 5): no stored code words (`register · registration #12`)
//! in the audit log, a staff form that speaks about the caller rather than to them, seat
//! counts and waiting lists said in words, and a door roster whose way back is named and
//! big enough to tap. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use common::TestApp;
use common::fixtures::Base;
use common::staff::{self, Browser};

fn setup(app: &TestApp, capacity: i32) -> (Base, i64) {
    app.with_conn(|c| staff::library_session(c, "gestion@example.org", "manager", capacity))
}

/// The text a person reads, without tags (entities left as they are).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

on_both_backends! {
    async fn the_audit_log_says_what_happened_in_french_words(app: TestApp) {
        let (_, s) = setup(&app, 10);
        let mut b = Browser::signed_in(&app, "gestion@example.org");
        let empty = b.get("/admin/audit").await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(visible(&empty.text()).contains("Aucune modification pour l'instant")
            || visible(&empty.text()).contains("Aucune modification pour l&#39;instant"),
            "an empty log says so: {}", visible(&empty.text()));

        let r = b.post(&format!("/admin/sessions/{s}/registrations"),
            &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "1"), ("consent", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let log = visible(&b.get("/admin/audit").await.text());
        assert!(log.contains("Inscription par le personnel"), "{log}");
        assert!(log.contains("inscription no "), "{log}");
        assert!(log.contains("Apprivoiser sa tablette"), "the detail names the session: {log}");
        assert!(!log.contains("session #"), "{log}");
        assert!(!log.contains("register ·") && !log.contains("registration #"), "no stored code words: {log}");
        assert!(!log.contains("Aucune modification"), "{log}");

        let en = visible(&b.get("/admin/audit?lang=en").await.text());
        assert!(en.contains("Registered by staff") && en.contains("registration #"), "{en}");
    }

    async fn a_missing_consent_on_the_phone_form_speaks_about_the_caller_next_to_the_box(app: TestApp) {
        let (_, s) = setup(&app, 10);
        let mut b = Browser::signed_in(&app, "gestion@example.org");
        let r = b.post(&format!("/admin/sessions/{s}/registrations"),
            &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "1")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(!html.contains("Pour vous inscrire"), "the citizen's wording is not for staff");
        let error = html.find("id=\"e-consent\"").expect("an error on the consent field");
        let checkbox = html.find("id=\"f-consent\"").expect("the consent box");
        assert!(checkbox > error && checkbox - error < 400, "the message sits right above the box");
        assert!(visible(&html[error..checkbox]).contains("Demandez à la personne"), "{}", &html[error..checkbox]);
    }

    async fn seats_and_the_waiting_list_are_said_in_words(app: TestApp) {
        let (b0, s) = setup(&app, 1);
        app.with_conn(|c| {
            staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            let (_, st) = staff::register(c, s, "Paul Gagnon", "paul@example.org");
            assert_eq!(st, "waitlisted");
        });
        let mut b = Browser::signed_in(&app, "gestion@example.org");
        let dash = visible(&b.get("/admin").await.text());
        assert!(dash.contains("1 / 1 +1 en attente"), "{dash}");
        assert!(dash.contains("Accueil à la porte"), "the door link says what it is: {dash}");
        let event = visible(&b.get(&format!("/admin/events/{}", b0.event_id)).await.text());
        assert!(event.contains("+1 en attente"), "{event}");

        let html = b.get(&format!("/admin/sessions/{s}/registrations")).await.text();
        assert!(html.contains(&format!("<li><a href=\"/admin/events/{}\">Programme</a></li><li><a href=\"/admin/sessions/{s}\">Séance</a></li><li aria-current=\"page\">Inscriptions</li>", b0.event_id)),
            "a breadcrumb leads back to the programme and the session: {html}");
        let people = visible(&html);
        assert!(people.contains("Paul Gagnon — 1 place · paul@example.org (en attente depuis le "), "{people}");
        assert!(people.contains("Besoins particuliers"), "{people}");
        assert!(people.contains("Places prises\u{a0}: 1 / 1"), "French puts a no-break space before the colon: {people}");
        let en = visible(&b.get(&format!("/admin/sessions/{s}/registrations?lang=en")).await.text());
        assert!(en.contains("Seats taken: 1 / 1"), "English does not: {en}");
    }

    async fn the_door_roster_names_its_way_back_and_counts_seats_in_words(app: TestApp) {
        let (_, s) = setup(&app, 10);
        let mut b = Browser::signed_in(&app, "gestion@example.org");
        let r = b.post(&format!("/admin/sessions/{s}/registrations"),
            &[("name", "Rosaire Côté"), ("phone", "819 555-0101"), ("seats", "2"), ("consent", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let html = b.get(&format!("/admin/sessions/{s}/door")).await.text();
        assert!(html.contains(&format!("<p class=\"door-back\"><a href=\"/admin/sessions/{s}/registrations\">")), "{html}");
        let page = visible(&html);
        assert!(page.contains("← Retour aux inscriptions"), "{page}");
        assert!(page.contains("Rosaire Côté 2 places Noter la présence"), "{page}");
        assert!(!page.contains("× 2"), "{page}");
    }

    async fn a_trainer_reads_each_place_once_when_the_library_is_the_venue(app: TestApp) {
        let (b0, s) = setup(&app, 10);
        app.with_conn(|c| {
            use babillard::db::schema::venues;
            use diesel::prelude::*;
            diesel::update(venues::table.find(b0.venue_id)).set(venues::name.eq("Organisme biblio")).execute(c).unwrap();
            let u = staff::user(c, "formatrice@example.org", "trainer", None);
            let t = staff::trainer(c, "isabelle", b0.organisation_id, Some(u));
            staff::assign(c, s, t);
        });
        let mut b = Browser::signed_in(&app, "formatrice@example.org");
        let page = visible(&b.get("/admin/me/schedule").await.text());
        assert!(page.contains("Mon horaire de formation"), "{page}");
        assert_eq!(page.matches("Organisme biblio").count(), 1, "the library is named once: {page}");
    }
}
