//! Volunteer helpers (issue 17, « Donner un coup de main »): the public list and its
//! filters, signing up and confirming by the emailed link (a GET never confirms, a
//! second POST is harmless, a full session says so, two helpers racing for the last
//! place: one wins), an email that is not proof of identity, the manage link (cancel,
//! data, erase, feed), staff adding someone who phoned and another organisation
//! refused, the door's tick, the 48-hour alert, reminders, a cancelled session, the
//! session form and API, and the purge that keeps the hours in the reports. Both
//! databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::now;
use babillard::db::schema::*;
use babillard::domain::access::Access;
use chrono::{Duration, NaiveDateTime};
use common::TestApp;
use common::fixtures::{self, Base};
use common::staff::{self, Browser};
use diesel::prelude::*;
use futures_util::future::join_all;
use serde_json::json;

const TASK: &str = "accompagner les participants sur leur tablette";

/// A shift after the purge: status, name, email, when purged.
type Kept = (
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// A page's text as a person reads it: typographic spaces as spaces, apostrophes as
/// typed.
fn plain(html: String) -> String {
    html.replace(['\u{a0}', '\u{202f}'], " ")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

/// The library « biblio » with its manager, editor and the other organisation's manager.
fn library(app: &TestApp) -> Base {
    app.with_conn(|c| {
        let b = staff::library_member(c, "manager@example.org", "manager");
        staff::user(c, "editor@example.org", "editor", Some(b.organisation_id));
        let other = fixtures::base_named(c, "autre");
        staff::user(
            c,
            "other@example.org",
            "manager",
            Some(other.organisation_id),
        );
        staff::user(c, "admin@example.org", "admin", None);
        b
    })
}

/// A session of the library starting at `at`, asking for `wanted` helpers.
fn session_wanting(app: &TestApp, b: &Base, title: &str, at: NaiveDateTime, wanted: i32) -> i64 {
    app.with_conn(|c| {
        let s = fixtures::session(c, b, title, at, |_| {});
        want(c, s, wanted);
        s
    })
}

fn want(c: &mut babillard::db::DbConnection, s: i64, wanted: i32) {
    diesel::insert_into(session_helpers::table)
        .values((
            session_helpers::session_id.eq(s),
            session_helpers::wanted.eq(wanted),
            session_helpers::task.eq(TASK),
            session_helpers::confirmed.eq(0),
        ))
        .execute(c)
        .unwrap();
}

fn admin(app: &TestApp) -> Access {
    app.with_conn(|c| Access {
        user_id: users::table
            .filter(users::email.eq("admin@example.org"))
            .select(users::id)
            .first(c)
            .unwrap(),
        is_admin: true,
        ..Access::default()
    })
}

/// Signs up through the public form; answers the page.
async fn sign_up(app: &TestApp, session: i64, name: &str, email: &str) -> common::Resp {
    let mut b = Browser::new(app);
    b.post(
        &format!("/helpers/{session}"),
        &[
            ("name", name),
            ("email", email),
            ("phone", ""),
            ("consent", "oui"),
        ],
    )
    .await
}

/// A secret of the last queued email of `kind` to `to` (still in its payload: the
/// outbox has not sent it).
fn token_in_outbox(app: &TestApp, kind: &str, to: &str, field: &str) -> String {
    let payload: String = app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.eq(kind))
            .filter(outbox::recipient.eq(to))
            .order(outbox::id.desc())
            .select(outbox::payload)
            .first(c)
            .unwrap_or_else(|_| panic!("a {kind} email to {to}"))
    });
    let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {payload}"))
        .to_owned()
}

fn emails(app: &TestApp, kind: &str) -> Vec<String> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.eq(kind))
            .order(outbox::id)
            .select(outbox::recipient)
            .load(c)
            .unwrap()
    })
}

/// (status, name) of every shift of a session, by id.
fn shifts(app: &TestApp, s: i64) -> Vec<(String, Option<String>)> {
    app.with_conn(|c| {
        helper_shifts::table
            .filter(helper_shifts::session_id.eq(s))
            .order(helper_shifts::id)
            .select((helper_shifts::status, helper_shifts::name))
            .load(c)
            .unwrap()
    })
}

/// The session's counter of confirmed helpers, checked against the rows.
fn confirmed(app: &TestApp, s: i64) -> i32 {
    app.with_conn(|c| {
        let counter: i32 = session_helpers::table
            .find(s)
            .select(session_helpers::confirmed)
            .first(c)
            .unwrap();
        let rows: i64 = helper_shifts::table
            .filter(helper_shifts::session_id.eq(s))
            .filter(helper_shifts::status.eq("confirmed"))
            .count()
            .get_result(c)
            .unwrap();
        assert_eq!(i64::from(counter), rows, "the counter matches the rows");
        counter
    })
}

/// Signs up and confirms; answers the manage token.
async fn confirmed_helper(app: &TestApp, s: i64, name: &str, email: &str) -> String {
    assert_eq!(sign_up(app, s, name, email).await.status, StatusCode::OK);
    let token = token_in_outbox(app, "helper_confirm", email, "helper_confirm_token");
    let r = Browser::new(app)
        .post(&format!("/helpers/confirm/{token}"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    token_in_outbox(app, "helper_confirmed", email, "helper_token")
}

on_both_backends! {
    async fn a_helper_signs_up_confirms_cancels_and_staff_see_each_step(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Apprivoiser sa tablette", fixtures::in_days(7), 2);

        let list = plain(app.get("/helpers").await.text());
        assert!(list.contains("Apprivoiser sa tablette") && list.contains(TASK), "{list}");
        assert!(list.contains("Encore 2 bénévoles recherchés"), "{list}");
        let page = plain(app.get(&format!("/sessions/{s}")).await.text());
        assert!(page.contains(&format!("Ce groupe cherche 2 bénévoles : {TASK}.")), "{page}");
        assert!(page.contains(&format!("href=\"/helpers/{s}\"")));

        let sent = sign_up(&app, s, "Léa Tremblay", "lea@example.org").await;
        assert_eq!(sent.status, StatusCode::OK);
        assert!(plain(sent.text()).contains("Vérifiez vos courriels"));
        assert_eq!(shifts(&app, s), [("pending_confirmation".into(), Some("Léa Tremblay".into()))]);
        let confirm = token_in_outbox(&app, "helper_confirm", "lea@example.org", "helper_confirm_token");

        let mut browser = Browser::new(&app);
        let r = browser.post(&format!("/helpers/confirm/{confirm}"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let to = r.header("location").unwrap();
        let manage = token_in_outbox(&app, "helper_confirmed", "lea@example.org", "helper_token");
        assert_eq!(to, format!("/h/{manage}?done=confirmed"));
        assert_eq!(confirmed(&app, s), 1);
        let mine = plain(browser.get(&to).await.text());
        assert!(mine.contains("C'est confirmé, merci") && mine.contains(TASK), "{mine}");
        assert_eq!(
            browser.get(&format!("/h/{manage}")).await.header("cache-control").as_deref(),
            Some("no-store")
        );

        let mut manager = Browser::signed_in(&app, "manager@example.org");
        let staff_page = plain(manager.get(&format!("/admin/sessions/{s}/helpers")).await.text());
        assert!(staff_page.contains("1 confirmé(s) sur 2 recherché(s)"), "{staff_page}");
        assert!(staff_page.contains("Léa Tremblay") && staff_page.contains("lea@example.org"));

        // The GET of the cancel link asks; the POST cancels.
        assert_eq!(browser.get(&format!("/h/{manage}/cancel")).await.status, StatusCode::OK);
        assert_eq!(confirmed(&app, s), 1, "a GET changes nothing");
        let r = browser.post(&format!("/h/{manage}/cancel"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(confirmed(&app, s), 0);
        assert_eq!(emails(&app, "helper_cancelled"), ["lea@example.org"]);
        let staff_page = plain(manager.get(&format!("/admin/sessions/{s}/helpers")).await.text());
        assert!(staff_page.contains("0 confirmé(s) sur 2 recherché(s)"), "{staff_page}");
        assert!(staff_page.contains("Annulé"), "marked cancelled: {staff_page}");
        // Cancelling again is harmless.
        assert_eq!(browser.post(&format!("/h/{manage}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(emails(&app, "helper_cancelled").len(), 1);
    }

    async fn the_confirmation_get_changes_nothing_the_post_confirms_and_again_is_harmless(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Courriel 101", fixtures::in_days(5), 2);
        sign_up(&app, s, "Paul Gagnon", "paul@example.org").await;
        let token = token_in_outbox(&app, "helper_confirm", "paul@example.org", "helper_confirm_token");
        let path = format!("/helpers/confirm/{token}");
        for _ in 0..2 {
            let r = app.get(&path).await;
            assert_eq!(r.status, StatusCode::OK);
            assert!(plain(r.text()).contains("Je confirme"));
        }
        assert_eq!(shifts(&app, s)[0].0, "pending_confirmation", "mail scanners open links");
        assert!(emails(&app, "helper_confirmed").is_empty());
        let mut b = Browser::new(&app);
        let forged = b.post_raw(&path, &[("csrf_token", "not-the-cookie")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(shifts(&app, s)[0].0, "pending_confirmation");
        assert_eq!(b.post(&path, &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(shifts(&app, s)[0].0, "confirmed");
        let again = b.post(&path, &[]).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        assert_eq!(again.header("location").unwrap(), path, "back to the link's page");
        assert_eq!(confirmed(&app, s), 1);
        assert_eq!(emails(&app, "helper_confirmed").len(), 1, "confirmed once");
        let page = plain(app.get(&path).await.text());
        assert!(page.contains("Votre aide est déjà confirmée"), "{page}");
        // A token that is not ours, or expired, says so.
        let gone = app.get("/helpers/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert!(plain(gone.text()).contains("Ce lien ne fonctionne plus"));
    }

    async fn a_full_session_says_so_clearly(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Facebook pour les aînés", fixtures::in_days(5), 1);
        // Two sign up while a place is open; the first to confirm takes it.
        sign_up(&app, s, "Première Aide", "premiere@example.org").await;
        sign_up(&app, s, "Deuxième Aide", "deuxieme@example.org").await;
        let first = token_in_outbox(&app, "helper_confirm", "premiere@example.org", "helper_confirm_token");
        let second = token_in_outbox(&app, "helper_confirm", "deuxieme@example.org", "helper_confirm_token");
        assert_eq!(Browser::new(&app).post(&format!("/helpers/confirm/{first}"), &[]).await.status, StatusCode::SEE_OTHER);
        let full = app.get(&format!("/helpers/confirm/{second}")).await;
        assert_eq!(full.status, StatusCode::CONFLICT);
        assert!(plain(full.text()).contains("C'est complet, merci"), "{}", full.text());
        let r = Browser::new(&app).post(&format!("/helpers/confirm/{second}"), &[]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(plain(r.text()).contains("C'est complet, merci"));
        assert_eq!(confirmed(&app, s), 1);
        assert_eq!(shifts(&app, s)[1].0, "pending_confirmation");
        // A newcomer is told before signing up, and the list no longer shows it.
        let form = app.get(&format!("/helpers/{s}")).await;
        assert!(plain(form.text()).contains("tous les bénévoles qu'il lui faut"));
        let late = sign_up(&app, s, "Troisième Aide", "troisieme@example.org").await;
        assert_eq!(late.status, StatusCode::CONFLICT);
        assert!(plain(late.text()).contains("C'est complet, merci"));
        assert_eq!(shifts(&app, s).len(), 2, "nothing stored");
        assert!(!app.get("/helpers").await.text().contains("Facebook pour les aînés"));
    }

    async fn two_helpers_racing_for_the_last_place_exactly_one_is_confirmed(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Tablette 101", fixtures::in_days(5), 1);
        let mut tokens = Vec::new();
        for n in 0..4 {
            let email = format!("aide{n}@example.org");
            sign_up(&app, s, &format!("Aide Numéro {n}"), &email).await;
            tokens.push(token_in_outbox(&app, "helper_confirm", &email, "helper_confirm_token"));
        }
        // Each link pressed twice at once (a double tap), all links at the same time.
        let answers = join_all(tokens.iter().chain(tokens.iter()).map(|t| {
            let app = &app;
            let path = format!("/helpers/confirm/{t}");
            async move {
                let r = Browser::new(app).post(&path, &[]).await;
                (r.status, r.header("location").unwrap_or_default())
            }
        }))
        .await;
        let won = answers.iter().filter(|(_, to)| to.starts_with("/h/")).count();
        let again = answers
            .iter()
            .filter(|(st, to)| *st == StatusCode::SEE_OTHER && to.starts_with("/helpers/confirm/"))
            .count();
        let full = answers.iter().filter(|(st, _)| *st == StatusCode::CONFLICT).count();
        assert_eq!((won, again, full), (1, 1, 6), "{answers:?}");
        assert_eq!(confirmed(&app, s), 1);
        assert_eq!(emails(&app, "helper_confirmed").len(), 1);
    }

    async fn signing_up_again_with_the_same_email_reveals_nothing(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Sécurité en ligne", fixtures::in_days(5), 3);
        let manage = confirmed_helper(&app, s, "Léa Tremblay", "lea@example.org").await;
        // Her confirmation was a while ago (a repeat within ten minutes of the last email
        // to the address sends nothing more).
        app.with_conn(|c| {
            diesel::update(outbox::table)
                .set(outbox::created_at.eq(now() - Duration::minutes(11)))
                .execute(c)
                .unwrap()
        });
        let stranger = sign_up(&app, s, "Quelqu'un d'autre", "nouveau@example.org").await;
        let again = sign_up(&app, s, "Imposteur", "LEA@Example.org").await;
        assert_eq!(again.status, stranger.status);
        assert_eq!(again.text(), stranger.text(), "the same page whatever the address");
        assert!(!again.text().contains(&manage) && !again.text().contains("/h/"));
        assert_eq!(shifts(&app, s).len(), 2, "no second shift for Léa");
        assert_eq!(shifts(&app, s)[0], ("confirmed".into(), Some("Léa Tremblay".into())));
        // The address itself gets a note, without any link; at most once in ten minutes.
        assert_eq!(emails(&app, "helper_already"), ["lea@example.org"]);
        let payload: String = app.with_conn(|c| {
            outbox::table
                .filter(outbox::kind.eq("helper_already"))
                .select(outbox::payload)
                .first(c)
                .unwrap()
        });
        assert!(!payload.contains("token"), "{payload}");
        sign_up(&app, s, "Imposteur", "lea@example.org").await;
        assert_eq!(emails(&app, "helper_already").len(), 1);
        // Her link still works.
        assert_eq!(app.get(&format!("/h/{manage}")).await.status, StatusCode::OK);
    }

    async fn the_list_shows_only_upcoming_public_sessions_still_short_and_honours_filters(app: TestApp) {
        let b = library(&app);
        let other = app.with_conn(|c| fixtures::base_named(c, "loin"));
        let short = session_wanting(&app, &b, "Court-Ici", fixtures::in_days(5), 2);
        let elsewhere = session_wanting(&app, &other, "Court-Ailleurs", fixtures::in_days(6), 1);
        let whole = session_wanting(&app, &b, "Complet-Ici", fixtures::in_days(5), 1);
        app.with_conn(|c| {
            diesel::update(session_helpers::table.find(whole))
                .set(session_helpers::confirmed.eq(1))
                .execute(c)
                .unwrap();
            let past = fixtures::session(c, &b, "Passée-Ici", fixtures::in_days(-3), |_| {});
            want(c, past, 2);
            let draft = fixtures::session(c, &b, "Brouillon-Ici", fixtures::in_days(5), |s| {
                s.status = babillard::domain::session::SessionStatus::Draft
            });
            want(c, draft, 2);
            let cancelled = fixtures::session(c, &b, "Annulée-Ici", fixtures::in_days(5), |s| {
                s.status = babillard::domain::session::SessionStatus::Cancelled
            });
            want(c, cancelled, 2);
            fixtures::session(c, &b, "Sans-Besoin-Ici", fixtures::in_days(5), |_| {});
        });
        let titles = |html: String| -> Vec<&'static str> {
            ["Court-Ici", "Court-Ailleurs", "Complet-Ici", "Passée-Ici", "Brouillon-Ici", "Annulée-Ici", "Sans-Besoin-Ici"]
                .into_iter()
                .filter(|t| html.contains(t))
                .collect()
        };
        let all = app.get("/helpers").await;
        assert_eq!(all.status, StatusCode::OK);
        assert_eq!(titles(all.text()), ["Court-Ici", "Court-Ailleurs"]);
        assert!(plain(all.text()).contains("2 séances cherchent des bénévoles"));
        let here = app.get("/helpers?municipality=biblio-ville").await;
        assert_eq!(titles(here.text()), ["Court-Ici"]);
        let there = app.get("/helpers?municipality=loin-ville&lang=en").await;
        assert_eq!(titles(there.text()), ["Court-Ailleurs"]);
        assert!(there.text().contains("1 more helper wanted"), "{}", there.text());
        let bad = app.get("/helpers?municipality=nulle-part").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        // Only sessions that take helpers have a form.
        assert_eq!(app.get(&format!("/helpers/{whole}")).await.status, StatusCode::OK);
        let _ = (short, elsewhere);
        let none = app.with_conn(|c| fixtures::session(c, &b, "Rien", fixtures::in_days(9), |_| {}));
        assert_eq!(app.get(&format!("/helpers/{none}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/helpers/999999").await.status, StatusCode::NOT_FOUND);
        // The footer of every page leads here.
        assert!(app.get("/").await.text().contains("href=\"/helpers\""));
    }

    async fn bad_input_gets_a_message_per_field_and_nothing_is_stored(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Atelier", fixtures::in_days(5), 2);
        let mut browser = Browser::new(&app);
        let r = browser.post(&format!("/helpers/{s}"), &[("name", "x"), ("email", "lea@"), ("phone", "abc")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = plain(r.text());
        for m in ["Inscrivez votre nom", "semble incomplète", "ne semble pas valide", "Cochez la case"] {
            assert!(text.contains(m), "{m}: {text}");
        }
        let en = browser.post(&format!("/helpers/{s}?lang=en"), &[("name", "Léa"), ("email", "")]).await;
        assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(en.text().contains("Enter your email address."), "{}", en.text());
        let robot = browser.post(&format!("/helpers/{s}"), &[("name", "Robot Robot"), ("email", "r@example.org"), ("consent", "oui"), ("website", "http://spam")]).await;
        assert_eq!(robot.status, StatusCode::BAD_REQUEST);
        let forged = browser.post_raw(&format!("/helpers/{s}"), &[("name", "Léa Tremblay"), ("email", "lea@example.org"), ("consent", "oui"), ("csrf_token", "wrong")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(shifts(&app, s).is_empty());
        assert!(emails(&app, "helper_confirm").is_empty());
    }

    async fn the_manage_link_downloads_and_erases_the_helpers_data_and_gives_a_feed(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Photos et nuage", fixtures::in_days(5), 2);
        let manage = confirmed_helper(&app, s, "Léa Tremblay", "lea@example.org").await;
        let data = app.get(&format!("/h/{manage}/data.json")).await;
        assert_eq!(data.status, StatusCode::OK);
        let j = data.json();
        assert_eq!(j["name"], "Léa Tremblay");
        assert_eq!(j["email"], "lea@example.org");
        assert_eq!(j["status"], "confirmed");
        assert_eq!(j["task"], TASK);
        assert!(j["messages"].as_array().unwrap().iter().any(|m| m["kind"] == "helper_confirmed"));

        let feed = app.get(&format!("/h/{manage}/calendar.ics")).await;
        assert_eq!(feed.status, StatusCode::OK);
        let ics = common::mailkit::parse_ics(&String::from_utf8(feed.body.clone()).unwrap());
        let shift: i64 = app.with_conn(|c| helper_shifts::table.select(helper_shifts::id).first(c).unwrap());
        assert_eq!(ics.events.len(), 1);
        assert_eq!(ics.events[0]["UID"].value, format!("helper-{shift}-{s}@127.0.0.1"));
        assert!(ics.events[0]["SUMMARY"].value.contains("Photos et nuage"));

        let mut browser = Browser::new(&app);
        assert_eq!(browser.get(&format!("/h/{manage}/delete")).await.status, StatusCode::OK);
        assert_eq!(confirmed(&app, s), 1, "a GET changes nothing");
        let gone = browser.post(&format!("/h/{manage}/delete"), &[]).await;
        assert_eq!(gone.status, StatusCode::OK);
        assert!(plain(gone.text()).contains("Vos renseignements sont effacés"));
        assert_eq!(confirmed(&app, s), 0, "the place is freed");
        assert_eq!(shifts(&app, s), [("cancelled".into(), None)]);
        let kept: (Option<String>, Option<String>, Option<NaiveDateTime>) = app.with_conn(|c| {
            helper_shifts::table
                .select((helper_shifts::email, helper_shifts::phone, helper_shifts::purged_at))
                .first(c)
                .unwrap()
        });
        assert_eq!((kept.0, kept.1), (None, None));
        assert!(kept.2.is_some());
        assert!(emails(&app, "helper_confirmed").is_empty(), "its emails are deleted");
        assert_eq!(app.get(&format!("/h/{manage}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/h/{manage}/calendar.ics")).await.status, StatusCode::NOT_FOUND);
    }

    async fn staff_add_someone_who_phoned_and_another_organisation_cannot(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Tablette pour aînés", fixtures::in_days(5), 2);
        let mut manager = Browser::signed_in(&app, "manager@example.org");
        let r = manager.post(&format!("/admin/sessions/{s}/helpers"), &[("name", "Gérard Côté"), ("phone", "819 555-1234"), ("email", ""), ("consent", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(shifts(&app, s), [("confirmed".into(), Some("Gérard Côté".into()))]);
        assert_eq!(confirmed(&app, s), 1);
        let by: Option<i64> = app.with_conn(|c| helper_shifts::table.select(helper_shifts::entered_by_user_id).first(c).unwrap());
        assert!(by.is_some(), "entered by staff");
        assert!(emails(&app, "helper_confirmed").is_empty(), "no email to give");
        // With an email the helper gets their link and invite.
        let r = manager.post(&format!("/admin/sessions/{s}/helpers"), &[("name", "Julie Roy"), ("phone", ""), ("email", "julie@example.org"), ("consent", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(emails(&app, "helper_confirmed"), ["julie@example.org"]);
        let manage = token_in_outbox(&app, "helper_confirmed", "julie@example.org", "helper_token");
        assert_eq!(app.get(&format!("/h/{manage}")).await.status, StatusCode::OK);
        // The same person twice, or no way to reach them: a message, nothing stored.
        let twice = manager.post(&format!("/admin/sessions/{s}/helpers"), &[("name", "Gérard Côté"), ("phone", "(819) 555-1234"), ("consent", "1")]).await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(plain(twice.text()).contains("aide déjà à cette séance"));
        let unreachable = manager.post(&format!("/admin/sessions/{s}/helpers"), &[("name", "Sans Contact"), ("consent", "1")]).await;
        assert_eq!(unreachable.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(plain(unreachable.text()).contains("Inscrivez un téléphone ou un courriel"));
        assert_eq!(shifts(&app, s).len(), 2);

        // Another organisation's manager: refused, nothing changes, nothing shown.
        let mut other = Browser::signed_in(&app, "other@example.org");
        let before = app.with_conn(staff::snapshot);
        for (path, fields) in [
            (format!("/admin/sessions/{s}/helpers"), vec![("name", "Intrus Intrus"), ("phone", "819 555-0000"), ("consent", "1")]),
            (format!("/admin/sessions/{s}/helpers/1/cancel"), vec![]),
            (format!("/admin/sessions/{s}/door/helpers/1/present"), vec![("present", "1")]),
        ] {
            let r = other.post(&path, &fields).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
            assert!(!r.text().contains("Gérard"));
        }
        let page = other.get(&format!("/admin/sessions/{s}/helpers")).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(!page.text().contains("Gérard"));
        assert_eq!(before, app.with_conn(staff::snapshot));

        // Staff cancel a shift: the place is freed, the helper with an email is told.
        let julie: i64 = app.with_conn(|c| helper_shifts::table.filter(helper_shifts::email.eq("julie@example.org")).select(helper_shifts::id).first(c).unwrap());
        let r = manager.post(&format!("/admin/sessions/{s}/helpers/{julie}/cancel"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(confirmed(&app, s), 1);
        assert_eq!(emails(&app, "helper_cancelled"), ["julie@example.org"]);
    }

    async fn the_door_lists_confirmed_helpers_with_a_present_tick(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Journée numérique", fixtures::in_days(1), 2);
        confirmed_helper(&app, s, "Léa Tremblay", "lea@example.org").await;
        sign_up(&app, s, "Paul Attente", "paul@example.org").await;
        let mut editor = Browser::signed_in(&app, "editor@example.org");
        let door = plain(editor.get(&format!("/admin/sessions/{s}/door")).await.text());
        assert!(door.contains("Bénévole (1)") && door.contains("Léa Tremblay"), "{door}");
        assert!(!door.contains("Paul Attente"), "only confirmed helpers");
        let shift: i64 = app.with_conn(|c| helper_shifts::table.filter(helper_shifts::email.eq("lea@example.org")).select(helper_shifts::id).first(c).unwrap());
        let r = editor.post(&format!("/admin/sessions/{s}/door/helpers/{shift}/present"), &[("present", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let attended: Option<bool> = app.with_conn(|c| helper_shifts::table.find(shift).select(helper_shifts::attended).first(c).unwrap());
        assert_eq!(attended, Some(true));
        let pending: i64 = app.with_conn(|c| helper_shifts::table.filter(helper_shifts::email.eq("paul@example.org")).select(helper_shifts::id).first(c).unwrap());
        let r = editor.post(&format!("/admin/sessions/{s}/door/helpers/{pending}/present"), &[("present", "1")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "not a confirmed helper");
    }

    async fn staff_are_alerted_once_when_a_session_within_48_hours_lacks_helpers(app: TestApp) {
        let b = library(&app);
        let soon = session_wanting(&app, &b, "Bientôt-Court", fixtures::in_days(1), 2);
        let enough = session_wanting(&app, &b, "Bientôt-Complet", fixtures::in_days(1), 1);
        session_wanting(&app, &b, "Plus-Tard", fixtures::in_days(5), 2);
        confirmed_helper(&app, enough, "Aide Complète", "complete@example.org").await;
        let alert = |at| babillard::jobs::helpers::alerts_at(&app.state.jobs(), at).unwrap();
        assert_eq!(alert(now()), 1);
        let mut to = emails(&app, "helpers_short");
        to.sort();
        assert_eq!(to, ["editor@example.org", "manager@example.org"], "the organisation's staff, not the other's");
        let session_of: Vec<Option<i64>> = app.with_conn(|c| outbox::table.filter(outbox::kind.eq("helpers_short")).select(outbox::session_id).load(c).unwrap());
        assert!(session_of.iter().all(|id| *id == Some(soon)));
        assert_eq!(alert(now()), 0, "not twice");
        assert_eq!(alert(now() + Duration::hours(1)), 0);

        // Whole again, then a helper cancels within the 48 hours: the alert fires again,
        // at once, and only once.
        let first = confirmed_helper(&app, soon, "Aide Un", "un@example.org").await;
        confirmed_helper(&app, soon, "Aide Deux", "deux@example.org").await;
        assert_eq!(alert(now()), 0);
        assert_eq!(Browser::new(&app).post(&format!("/h/{first}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(emails(&app, "helpers_short").len(), 4);
        assert_eq!(alert(now()), 0);
        // The job's name is in the pass of `serve`.
        let report = babillard::jobs::run_jobs(&app.state.jobs(), &[("helpers", &babillard::jobs::helpers::alerts)]);
        assert!(report.failed.is_empty());
    }

    async fn confirmed_helpers_are_reminded_once(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Rappel", fixtures::in_days(1) - Duration::hours(6), 3);
        confirmed_helper(&app, s, "Léa Tremblay", "lea@example.org").await;
        sign_up(&app, s, "Paul Attente", "paul@example.org").await;
        let remind = |at| babillard::mail::worker::reminders_at(&app.state.mail(), at).unwrap();
        assert_eq!(remind(now()), 1);
        assert_eq!(remind(now()), 0, "once");
        assert_eq!(emails(&app, "helper_reminder"), ["lea@example.org"]);
    }

    async fn a_cancelled_session_tells_its_confirmed_helpers(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Annulée par tempête", fixtures::in_days(3), 3);
        confirmed_helper(&app, s, "Léa Tremblay", "lea@example.org").await;
        sign_up(&app, s, "Paul Attente", "paul@example.org").await;
        let access = admin(&app);
        app.with_conn(|c| babillard::store::people::cancel_session(c, &access, s, "Tempête de neige")).unwrap();
        assert_eq!(emails(&app, "helper_cancelled"), ["lea@example.org"]);
        assert!(shifts(&app, s).iter().all(|(st, _)| st == "cancelled"));
        assert_eq!(confirmed(&app, s), 0);
        let payload: String = app.with_conn(|c| outbox::table.filter(outbox::kind.eq("helper_cancelled")).select(outbox::payload).first(c).unwrap());
        assert!(payload.contains("Tempête de neige"), "{payload}");
    }

    async fn the_session_form_and_the_api_set_helpers_with_clear_messages(app: TestApp) {
        let b = library(&app);
        let s = app.with_conn(|c| fixtures::session(c, &b, "Formulaire", fixtures::in_days(9), |x| x.venue_id = Some(b.venue_id)));
        let day = babillard::domain::time::local(fixtures::in_days(9)).format("%Y-%m-%d").to_string();
        let kind = b.kind_id.to_string();
        let venue = b.venue_id.to_string();
        let mut editor = Browser::signed_in(&app, "editor@example.org");
        let base = [
            ("title", "Formulaire"), ("kind_id", kind.as_str()), ("day", day.as_str()), ("start", "13:30"), ("end", "15:00"),
            ("format", "in_person"), ("venue_id", venue.as_str()), ("registration_required", "1"), ("capacity", "12"),
        ];
        let mut bad = base.to_vec();
        bad.extend([("helpers_wanted", "beaucoup"), ("helpers_task", "")]);
        let r = editor.post(&format!("/admin/sessions/{s}"), &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(plain(r.text()).contains("Le nombre de bénévoles doit être un nombre entier de 0 à 50."));
        let mut good = base.to_vec();
        good.extend([("helpers_wanted", "3"), ("helpers_task", TASK)]);
        let r = editor.post(&format!("/admin/sessions/{s}"), &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let stored: (i32, String) = app.with_conn(|c| session_helpers::table.find(s).select((session_helpers::wanted, session_helpers::task)).first(c).unwrap());
        assert_eq!(stored, (3, TASK.to_owned()));
        let page = plain(editor.get(&format!("/admin/sessions/{s}")).await.text());
        assert!(page.contains("0 confirmé(s) sur 3 recherché(s)"), "{page}");

        let token = staff::token(&app, "editor@example.org");
        let r = staff::api(&app, "patch", &format!("/api/v1/sessions/{s}"), Some(&token), Some(json!({"helpers_wanted": 4}))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let stored: (i32, String) = app.with_conn(|c| session_helpers::table.find(s).select((session_helpers::wanted, session_helpers::task)).first(c).unwrap());
        assert_eq!(stored, (4, TASK.to_owned()), "the task stays when only the number changes");
        let r = staff::api(&app, "patch", &format!("/api/v1/sessions/{s}?lang=en"), Some(&token), Some(json!({"helpers_wanted": -2, "capacity": 0}))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = &r.json()["error"]["fields"];
        assert_eq!(fields["helpers_wanted"], "The number of helpers must be a whole number from 0 to 50.", "{fields}");
        assert!(fields["capacity"].is_string(), "every field's message at once: {fields}");
        let r = staff::api(&app, "post", "/api/v1/sessions", Some(&token), Some(json!({
            "event_id": b.event_id, "title": "Par l'API", "kind": "atelier-pratique",
            "starts_at": "2027-03-14T13:30:00-04:00", "ends_at": "2027-03-14T15:00:00-04:00",
            "venue_id": b.venue_id, "capacity": 10, "helpers_wanted": 2, "helpers_task": "aider"
        }))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_i64().unwrap();
        let stored: (i32, String) = app.with_conn(|c| session_helpers::table.find(id).select((session_helpers::wanted, session_helpers::task)).first(c).unwrap());
        assert_eq!(stored, (2, "aider".to_owned()));
        // A copy asks the same of helpers.
        let r = editor.post(&format!("/admin/sessions/{s}/duplicate"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let copies: Vec<i32> = app.with_conn(|c| session_helpers::table.filter(session_helpers::wanted.eq(4)).select(session_helpers::confirmed).load(c).unwrap());
        assert_eq!(copies, [0, 0]);
    }

    async fn the_purge_erases_helpers_personal_data_and_reports_keep_the_hours(app: TestApp) {
        let b = library(&app);
        let s = session_wanting(&app, &b, "Il y a longtemps", fixtures::in_days(3), 3);
        confirmed_helper(&app, s, "Léa Tremblay", "lea@example.org").await;
        confirmed_helper(&app, s, "Paul Gagnon", "paul@example.org").await;
        sign_up(&app, s, "Jamais Confirmé", "jamais@example.org").await;
        // The session took place 400 days ago (90 minutes); the sign-up never confirmed
        // was made then too.
        app.with_conn(|c| {
            diesel::update(helper_shifts::table.filter(helper_shifts::status.eq("pending_confirmation")))
                .set(helper_shifts::created_at.eq(now() - Duration::days(401)))
                .execute(c)
                .unwrap()
        });
        let start = fixtures::in_days(-400);
        app.with_conn(|c| {
            diesel::update(sessions::table.find(s))
                .set((sessions::starts_at.eq(start), sessions::ends_at.eq(start + Duration::minutes(90))))
                .execute(c)
                .unwrap()
        });
        let access = admin(&app);
        let report = |app: &TestApp| {
            let mut f = babillard::domain::report::ReportFilter::year(2000);
            let day = babillard::domain::time::local(start).date_naive();
            f.from = day - Duration::days(1);
            f.to = day + Duration::days(1);
            app.with_conn(|c| babillard::store::reports::report(c, &access, &f, now())).unwrap()
        };
        let before = report(&app).summary.totals;
        assert_eq!((before.helpers, before.helper_minutes), (2, 180));

        babillard::jobs::registrations::retention_at(&app.state.jobs(), now()).unwrap();
        let rows: Vec<Kept> = app.with_conn(|c| {
            helper_shifts::table
                .order(helper_shifts::id)
                .select((helper_shifts::status, helper_shifts::name, helper_shifts::email, helper_shifts::purged_at))
                .load(c)
                .unwrap()
        });
        assert_eq!(rows.len(), 2, "the sign-up never confirmed is deleted");
        assert!(rows.iter().all(|(st, name, email, purged)| st == "confirmed" && name.is_none() && email.is_none() && purged.is_some()), "{rows:?}");
        let after = report(&app).summary.totals;
        assert_eq!((after.helpers, after.helper_minutes), (2, 180), "hours stay");

        let mut a = Browser::signed_in(&app, "admin@example.org");
        let day = babillard::domain::time::local(start).date_naive();
        let csv = a.get(&format!("/admin/reports/export.csv?table=sessions&from={}&to={}", day - Duration::days(1), day + Duration::days(1))).await;
        assert_eq!(csv.status, StatusCode::OK);
        let text = csv.text();
        assert!(text.contains("Bénévoles;Heures de bénévolat"), "{text}");
        let line = text.lines().find(|l| l.starts_with("Il y a longtemps")).unwrap();
        assert!(line.ends_with(";2;3"), "two helpers, three hours: {line}");
        let page = plain(a.get(&format!("/admin/reports?from={}&to={}", day - Duration::days(1), day + Duration::days(1))).await.text());
        assert!(page.contains("Heures de bénévolat"), "{page}");
        // The privacy page says it in one sentence.
        assert!(plain(app.get("/privacy").await.text()).contains("Les bénévoles qui donnent un coup de main"));
    }
}
