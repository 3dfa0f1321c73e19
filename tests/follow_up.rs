//! After a session (issue 14): the message queued once after the delay, the survey
//! answered once, the certificate for people present only (read back with pdftotext),
//! follow-up requests reaching their organisation's staff and no other, the no-show
//! policy in the registration engine, and the purge. Both databases.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::now;
use babillard::db::schema::*;
use babillard::jobs::follow_up;
use babillard::store::registrations as engine;
use chrono::{Duration, NaiveDateTime};
use common::TestApp;
use common::fixtures;
use common::staff::{self, Browser};
use diesel::prelude::*;

const NAME: &str = "Hélène Gagné-Côté";
const TITLE: &str = "Apprivoiser sa tablette";

/// The library's session with Hélène (present) and Paul (absent): it ended ten minutes
/// ago. Returns (session, Hélène's id and link, Paul's id and link, the end).
fn ended_session(app: &TestApp) -> (i64, (i64, String), (i64, String), NaiveDateTime) {
    app.with_conn(|c| {
        let (_, s) = staff::library_session(c, "editor@example.org", "editor", 10);
        let (helene, _) = staff::register(c, s, NAME, "helene@example.org");
        let (paul, _) = staff::register(c, s, "Paul Gagnon", "paul@example.org");
        fixtures::started(c, s, 100);
        engine::check_in(c, s, helene, now()).unwrap();
        engine::mark_no_shows(c, s, now()).unwrap();
        let ends: NaiveDateTime = sessions::table
            .find(s)
            .select(sessions::ends_at)
            .first(c)
            .unwrap();
        let t1 = babillard::store::links::mint(c, helene, now()).unwrap();
        let t2 = babillard::store::links::mint(c, paul, now()).unwrap();
        (s, (helene, t1), (paul, t2), ends)
    })
}

/// A page's text as a person reads it: typographic spaces as spaces, apostrophes as
/// typed.
fn plain(html: String) -> String {
    html.replace(['\u{a0}', '\u{202f}'], " ")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

fn follow_ups_at(app: &TestApp, at: NaiveDateTime) -> usize {
    follow_up::due_at(&app.state.jobs(), at).unwrap()
}

fn kinds(app: &TestApp, kind_prefix: &str) -> Vec<(String, String)> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.like(format!("{kind_prefix}%")))
            .order(outbox::id)
            .select((outbox::kind, outbox::recipient))
            .load(c)
            .unwrap()
    })
}

on_both_backends! {
    async fn present_people_are_thanked_after_the_delay_and_once(app: TestApp) {
        let (_, _, _, ends) = ended_session(&app);
        assert_eq!(follow_ups_at(&app, ends + Duration::minutes(119)), 0, "not before the delay");
        assert!(kinds(&app, "follow_up").is_empty());
        assert_eq!(follow_ups_at(&app, ends + Duration::minutes(121)), 2);
        assert_eq!(follow_ups_at(&app, ends + Duration::minutes(122)), 0, "once per registration");
        assert_eq!(
            kinds(&app, "follow_up"),
            [
                ("follow_up_thanks".to_owned(), "helene@example.org".to_owned()),
                ("follow_up_no_show".to_owned(), "paul@example.org".to_owned()),
            ]
        );
        // A week later nothing is sent for an older session either.
        assert_eq!(follow_ups_at(&app, ends + Duration::days(30)), 0);
    }

    async fn nothing_after_a_cancelled_session_or_a_purge(app: TestApp) {
        let (s, (helene, _), _, ends) = ended_session(&app);
        app.with_conn(|c| {
            diesel::update(registrations::table.find(helene))
                .set(registrations::purged_at.eq(Some(now())))
                .execute(c)
                .unwrap();
            diesel::update(sessions::table.find(s))
                .set(sessions::status.eq("cancelled"))
                .execute(c)
                .unwrap();
        });
        assert_eq!(follow_ups_at(&app, ends + Duration::hours(3)), 0);
        assert!(kinds(&app, "follow_up").is_empty());
    }

    async fn the_survey_is_answered_once_and_the_first_answer_kept(app: TestApp) {
        let (s, (helene, token), (_, absent), _) = ended_session(&app);
        let mut b = Browser::new(&app);
        let page = b.get(&format!("/r/{token}/survey")).await;
        assert_eq!(page.status, StatusCode::OK);
        let text = plain(page.text());
        assert!(text.contains("Cet atelier vous a-t-il été utile ?"), "{text}");
        assert!(text.contains("Les explications étaient-elles claires ?"));
        assert!(text.contains("Un peu"));
        let path = format!("/r/{token}/survey");
        let missing = b.post(&path, &[("useful", "3")]).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        let forged = b.post_raw(&path, &[("useful", "3"), ("clear", "3"), ("csrf_token", "x")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "CSRF");
        let first = b.post(&path, &[("useful", "3"), ("clear", "2"), ("next_step", "Les appels vidéo")]).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(plain(first.text()).contains("Merci pour vos réponses"));
        let second = b.post(&path, &[("useful", "1"), ("clear", "1"), ("next_step", "Rien")]).await;
        assert_eq!(second.status, StatusCode::OK);
        assert!(plain(second.text()).contains("Merci, nous avons déjà votre réponse."), "{}", plain(second.text()));
        let again = plain(b.get(&path).await.text());
        assert!(again.contains("Merci, nous avons déjà votre réponse.") && again.contains("Les appels vidéo"));
        let rows: Vec<(i64, i64, i32, i32, String)> = app.with_conn(|c| {
            survey_answers::table
                .select((survey_answers::registration_id, survey_answers::session_id, survey_answers::useful, survey_answers::clear, survey_answers::next_step))
                .load(c)
                .unwrap()
        });
        assert_eq!(rows, [(helene, s, 3, 2, "Les appels vidéo".to_owned())]);
        // Someone not marked present is told kindly, and nothing is stored.
        let not_present = b.get(&format!("/r/{absent}/survey")).await;
        assert_eq!(not_present.status, StatusCode::FORBIDDEN);
        assert!(plain(not_present.text()).contains("personnes dont la présence a été notée"));
        let refused = b.post(&format!("/r/{absent}/survey"), &[("useful", "3"), ("clear", "3")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(app.with_conn(|c| common::row_count(c, "survey_answers")), 1);
        let english = plain(b.get(&format!("/r/{token}/survey?lang=en")).await.text());
        assert!(english.contains("Thank you, we already have your answer."));
    }

    async fn the_thank_you_leads_to_the_survey_and_the_answer_reaches_the_report(app: TestApp) {
        // The whole path a participant takes: marked present, thanked after the delay,
        // the survey opened from the email's own link and answered, and staff reading
        // the answer in their report.
        let (_, _, _, ends) = ended_session(&app);
        follow_ups_at(&app, ends + Duration::hours(3));
        let bytes = common::mailkit::first_email(&app, Some("follow_up_thanks"));
        let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        let text = msg.body_text(0).unwrap().into_owned();
        let at = text.find("/survey").expect("a survey link in the thank-you");
        let start = text[..at].rfind("/r/").expect("a personal link") ;
        let survey = &text[start..at + "/survey".len()];
        assert!(text.contains("/certificate.pdf"), "{text}");
        let mut b = Browser::new(&app);
        assert_eq!(b.get(survey).await.status, StatusCode::OK);
        let answered = b.post(survey, &[("useful", "3"), ("clear", "3"), ("next_step", "Faire mes impôts en ligne")]).await;
        assert_eq!(answered.status, StatusCode::OK);
        let mut editor = Browser::signed_in(&app, "editor@example.org");
        let report = plain(editor.get("/admin/reports").await.text());
        assert!(report.contains("Faire mes impôts en ligne"), "{report}");
        let csv = editor.get("/admin/reports/export.csv?table=survey").await.text();
        assert!(csv.contains(TITLE), "{csv}");
    }

    async fn the_certificate_is_for_people_present_and_prints_their_accents(app: TestApp) {
        let (_, (_, token), (_, absent), _) = ended_session(&app);
        let manage = plain(app.get(&format!("/r/{token}")).await.text());
        assert!(manage.contains(&format!("/r/{token}/certificate.pdf")), "the manage page links it");
        assert!(manage.contains(&format!("/r/{token}/follow-up")));
        let r = app.get(&format!("/r/{token}/certificate.pdf")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type").as_deref(), Some("application/pdf"));
        assert!(r.body.starts_with(b"%PDF-"));
        assert!(r.body.len() < 50_000, "{} bytes", r.body.len());
        let text = common::pdftotext(&r.body);
        assert!(text.contains(NAME), "{text}");
        assert!(text.contains(TITLE), "{text}");
        assert!(text.contains("Attestation de participation"), "{text}");
        assert!(text.contains("Organisme biblio"), "{text}");
        let r = app.get(&format!("/r/{absent}/certificate.pdf")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(!plain(app.get(&format!("/r/{absent}")).await.text()).contains("certificate.pdf"), "no link when absent");
        assert_eq!(app.get("/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/certificate.pdf").await.status, StatusCode::NOT_FOUND);
    }

    async fn a_follow_up_request_reaches_its_organisation_only(app: TestApp) {
        let (_, (helene, token), _, _) = ended_session(&app);
        app.with_conn(|c| {
            let other = fixtures::base_named(c, "autre");
            staff::user(c, "autre@example.org", "editor", Some(other.organisation_id));
        });
        let mut b = Browser::new(&app);
        let form = plain(b.get(&format!("/r/{token}/follow-up")).await.text());
        assert!(form.contains("Par courriel (helene@example.org)"), "{form}");
        let path = format!("/r/{token}/follow-up");
        let no_number = b.post(&path, &[("contact", "phone"), ("phone", "")]).await;
        assert_eq!(no_number.status, StatusCode::UNPROCESSABLE_ENTITY);
        let sent = b.post(&path, &[("contact", "phone"), ("phone", "819 555-1234"), ("message", "Aide pour mes photos")]).await;
        assert_eq!(sent.status, StatusCode::OK);
        assert!(plain(sent.text()).contains("C'est noté") || plain(sent.text()).contains("C&#x27;est noté"), "{}", plain(sent.text()));
        let twice = b.post(&path, &[("contact", "email"), ("message", "Autre chose")]).await;
        assert_eq!(twice.status, StatusCode::OK);
        assert!(plain(twice.text()).contains("Aide pour mes photos"), "the existing request is shown");
        assert_eq!(app.with_conn(|c| common::row_count(c, "follow_up_requests")), 1);

        let mut mine = Browser::signed_in(&app, "editor@example.org");
        let list = mine.get("/admin/follow-ups").await;
        assert_eq!(list.status, StatusCode::OK);
        let list = plain(list.text());
        assert!(list.contains(NAME) && list.contains("Aide pour mes photos") && list.contains("819 555-1234") && list.contains(TITLE), "{list}");
        let mut theirs = Browser::signed_in(&app, "autre@example.org");
        let other = plain(theirs.get("/admin/follow-ups").await.text());
        assert!(!other.contains(NAME) && !other.contains("Aide pour mes photos"), "another organisation sees nothing");
        let id: i64 = app.with_conn(|c| follow_up_requests::table.select(follow_up_requests::id).first(c).unwrap());
        let r = theirs.post(&format!("/admin/follow-ups/{id}/done"), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = mine.post_raw(&format!("/admin/follow-ups/{id}/done"), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "CSRF");
        let r = mine.post(&format!("/admin/follow-ups/{id}/done"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (done, audits): (Option<NaiveDateTime>, i64) = app.with_conn(|c| {
            let done = follow_up_requests::table.find(id).select(follow_up_requests::done_at).first(c).unwrap();
            let audits = audit_log::table.filter(audit_log::action.eq("follow_up_done")).filter(audit_log::entity_id.eq(id)).count().get_result(c).unwrap();
            (done, audits)
        });
        assert!(done.is_some());
        assert_eq!(audits, 1);
        // The person sees it was handled; their export carries it.
        let page = plain(b.get(&path).await.text());
        assert!(page.contains("s'en être occupé") || page.contains("s&#x27;en être occupé"), "{page}");
        let export = app.get_json(&format!("/r/{token}/data.json")).await;
        assert_eq!(export["follow_up_request"]["message"], "Aide pour mes photos");
        assert_eq!(export["follow_up_request"]["phone"], "819 555-1234");
        let _ = helene;
    }

    async fn erasing_my_data_erases_my_words_and_my_request(app: TestApp) {
        let (_, (helene, token), _, _) = ended_session(&app);
        let mut b = Browser::new(&app);
        b.post(&format!("/r/{token}/survey"), &[("useful", "2"), ("clear", "3"), ("next_step", "Mes finances en ligne")]).await;
        b.post(&format!("/r/{token}/follow-up"), &[("contact", "email"), ("message", "Rappelez-moi")]).await;
        let export = app.get_json(&format!("/r/{token}/data.json")).await;
        assert_eq!(export["survey"]["next_step"], "Mes finances en ligne");
        assert_eq!(export["survey"]["useful"], 2);
        let r = b.post(&format!("/r/{token}/delete"), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        let (useful, next_step): (i32, String) = app.with_conn(|c| {
            survey_answers::table.find(helene).select((survey_answers::useful, survey_answers::next_step)).first(c).unwrap()
        });
        assert_eq!((useful, next_step.as_str()), (2, ""), "the rating stays, anonymous; the words go");
        assert_eq!(app.with_conn(|c| common::row_count(c, "follow_up_requests")), 0);
    }

    async fn the_retention_purge_erases_them_too(app: TestApp) {
        let (_, (helene, token), _, ends) = ended_session(&app);
        let mut b = Browser::new(&app);
        b.post(&format!("/r/{token}/survey"), &[("useful", "3"), ("clear", "3"), ("next_step", "La sécurité")]).await;
        b.post(&format!("/r/{token}/follow-up"), &[("contact", "email")]).await;
        assert_eq!(app.with_conn(|c| common::row_count(c, "follow_up_requests")), 1);
        let days = i64::from(app.state.settings.retention_days);
        babillard::jobs::registrations::retention_at(&app.state.jobs(), ends + Duration::days(days + 1)).unwrap();
        let next_step: String = app.with_conn(|c| survey_answers::table.find(helene).select(survey_answers::next_step).first(c).unwrap());
        assert_eq!(next_step, "");
        assert_eq!(app.with_conn(|c| common::row_count(c, "follow_up_requests")), 0);
    }

    async fn the_no_show_policy_puts_repeat_absentees_on_the_waitlist_first(app: TestApp) {
        // Two missed sessions of the library in the past weeks.
        let (base, next) = app.with_conn(|c| {
            let b = staff::library_member(c, "gestion@example.org", "manager");
            for title in ["Courriel 1", "Courriel 2"] {
                let s = fixtures::session(c, &b, title, fixtures::in_days(3), |x| x.capacity = Some(10));
                staff::register(c, s, "Marc Ouellet", "marc@example.org");
                fixtures::started(c, s, 60 * 24 * 3);
                engine::mark_no_shows(c, s, now()).unwrap();
            }
            let next = fixtures::session(c, &b, "Courriel 3", fixtures::in_days(5), |x| x.capacity = Some(10));
            (b, next)
        });
        let org = base.organisation_id;
        // Off (the default): nothing changes.
        let (id, status) = app.with_conn(|c| staff::register(c, next, "Marc Ouellet", "marc@example.org"));
        assert_eq!(status, "confirmed");
        app.with_conn(|c| {
            let t = babillard::store::links::mint(c, id, now()).unwrap();
            engine::cancel(c, &t, now()).unwrap();
        });
        // A manager turns it on from the organisation page.
        let mut m = Browser::signed_in(&app, "gestion@example.org");
        let page = plain(m.get(&format!("/admin/organisations/{org}")).await.text());
        assert!(page.contains("Après N absences"), "{page}");
        let bad = m.post(&format!("/admin/organisations/{org}/no-shows"), &[("no_show_limit", "0"), ("no_show_days", "90")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = m.post(&format!("/admin/organisations/{org}/no-shows"), &[("no_show_limit", "2"), ("no_show_days", "90")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Seats are free, yet Marc waits first, and is told why; someone else does not.
        let (marc, status) = app.with_conn(|c| staff::register(c, next, "Marc Ouellet", "marc@example.org"));
        assert_eq!(status, "waitlisted");
        let (_, other) = app.with_conn(|c| staff::register(c, next, "Lise Roy", "lise@example.org"));
        assert_eq!(other, "confirmed");
        let (hold, waiting, taken): (bool, i32, i32) = app.with_conn(|c| {
            let hold = registrations::table.find(marc).select(registrations::no_show_hold).first(c).unwrap();
            let (w, t) = sessions::table.find(next).select((sessions::waitlist_count, sessions::seats_taken)).first(c).unwrap();
            (hold, w, t)
        });
        assert!(hold);
        assert_eq!((waiting, taken), (1, 1));
        assert_eq!(app.with_conn(|c| engine::recount(c, next).unwrap()), (1, 1), "the counters match the rows");
        let payload: String = app.with_conn(|c| {
            outbox::table.filter(outbox::registration_id.eq(marc)).filter(outbox::kind.eq("registration_waitlisted")).select(outbox::payload).first(c).unwrap()
        });
        assert!(payload.contains("\"no_show_hold\":true"), "{payload}");
        let token = app.with_conn(|c| babillard::store::links::mint(c, marc, now()).unwrap());
        let manage = plain(app.get(&format!("/r/{token}")).await.text());
        assert!(manage.contains("Ce n'est pas une punition") || manage.contains("Ce n&#x27;est pas une punition"), "{manage}");
        // Staff see the flag and promote: the override.
        let people = plain(m.get(&format!("/admin/sessions/{next}/registrations")).await.text());
        assert!(people.contains("liste d'attente : absences") || people.contains("liste d&#x27;attente : absences"), "{people}");
        let r = m.post(&format!("/admin/sessions/{next}/registrations/{marc}/promote"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(staff::status_of(&app, marc), "confirmed");
        assert_eq!(app.with_conn(|c| engine::recount(c, next).unwrap()), (2, 0));
        // Turned off again: Marc registers elsewhere and gets his seat at once.
        m.post(&format!("/admin/organisations/{org}/no-shows"), &[("no_show_limit", ""), ("no_show_days", "90")]).await;
        let later = app.with_conn(|c| fixtures::session(c, &base, "Courriel 4", fixtures::in_days(9), |x| x.capacity = Some(10)));
        let (_, status) = app.with_conn(|c| staff::register(c, later, "Marc Ouellet", "marc@example.org"));
        assert_eq!(status, "confirmed");
    }
}
