//! The messages after a session through a real SMTP sink: the thank-you carries the
//! survey, certificate and follow-up links and the next workshops on the same topic
//! near by; the note after a no-show carries the next dates; each is sent once however
//! many times the job and the worker run.

use super::*;

/// Session « Découvrir sa tablette » (topic tablette-telephone, series « tab »), ended
/// ten minutes ago, with Hélène present and Paul absent; two later dates of the topic
/// (one of the series) and a session on another topic.
fn after_a_session(app: &TestApp) {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        let s = fixtures::session(c, &b, "Découvrir sa tablette", fixtures::in_days(3), |x| {
            x.series_key = Some("tab".into());
            x.capacity = Some(10);
        });
        fixtures::tag(c, s, &[], &["tablette-telephone"]);
        let (helene, _) = common::staff::register(c, s, "Hélène Gagné-Côté", "helene@example.org");
        common::staff::register(c, s, "Paul Gagnon", "paul@example.org");
        let series = fixtures::session(
            c,
            &b,
            "Découvrir sa tablette (suite)",
            fixtures::in_days(10),
            |x| {
                x.series_key = Some("tab".into());
            },
        );
        fixtures::tag(c, series, &[], &["tablette-telephone"]);
        let topic = fixtures::session(
            c,
            &b,
            "Photos sur la tablette",
            fixtures::in_days(20),
            |_| {},
        );
        fixtures::tag(c, topic, &[], &["tablette-telephone"]);
        let other = fixtures::session(c, &b, "Déjouer les fraudes", fixtures::in_days(5), |_| {});
        fixtures::tag(c, other, &[], &["cybersecurite"]);
        fixtures::started(c, s, 100);
        babillard::store::registrations::check_in(c, s, helene, babillard::db::now()).unwrap();
        babillard::store::registrations::mark_no_shows(c, s, babillard::db::now()).unwrap();
    });
}

with_sink! {
    async fn the_thank_you_and_the_no_show_note_arrive_once_with_what_comes_next(app: TestApp, sink: SmtpSink) {
        after_a_session(&app);
        // The confirmations of the registrations go first.
        worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap();
        let before = sink.count();
        let later = babillard::db::now() + Duration::hours(3);
        let jobs = app.state.jobs();
        assert_eq!(babillard::jobs::follow_up::due_at(&jobs, later).unwrap(), 2);
        assert_eq!(babillard::jobs::follow_up::due_at(&jobs, later).unwrap(), 0, "the job twice");
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 2);
        assert_eq!(babillard::jobs::follow_up::due_at(&jobs, later + Duration::hours(1)).unwrap(), 0);
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 0);
        let got = sink.received()[before..].to_vec();
        assert_eq!(got.len(), 2, "one message each, once");

        let thanks = got.iter().find(|r| r.to == vec!["<helene@example.org>".to_owned()]).expect("Hélène's").parsed();
        assert_eq!(thanks.subject(), Some("Merci d'être venu·e\u{a0}: Découvrir sa tablette"));
        let text = thanks.body_text(0).unwrap();
        let link = manage_token_in(&text).expect("a link of its own");
        for path in ["survey", "certificate.pdf", "follow-up"] {
            assert!(text.contains(&format!("https://babillard.test/r/{link}/{path}")), "{path}: {text}");
        }
        assert!(text.contains("Découvrir sa tablette (suite)") && text.contains("Photos sur la tablette"), "{text}");
        assert!(!text.contains("Déjouer les fraudes"), "another topic is not suggested: {text}");
        assert!(!text.contains("Votre téléphone et vos mots de passe"), "no « what to bring » after the fact");
        let html = thanks.body_html(0).unwrap();
        assert!(html.contains(&format!("/r/{link}/survey")) && html.contains("Je veux un accompagnement"));
        // The links work for her.
        assert_eq!(app.get(&format!("/r/{link}/survey")).await.status, actix_web::http::StatusCode::OK);
        assert_eq!(app.get(&format!("/r/{link}/certificate.pdf")).await.status, actix_web::http::StatusCode::OK);

        let note = got.iter().find(|r| r.to == vec!["<paul@example.org>".to_owned()]).expect("Paul's").parsed();
        assert_eq!(note.subject(), Some("Vous n'avez pas pu venir\u{a0}? Pas de souci."));
        let text = note.body_text(0).unwrap();
        assert!(text.contains("Pas de souci"), "{text}");
        assert!(text.contains("Les prochaines dates"), "{text}");
        let series_at = text.find("Découvrir sa tablette (suite)").expect("the series' next date first");
        let topic_at = text.find("Photos sur la tablette").expect("then the topic");
        assert!(series_at < topic_at, "{text}");
        assert!(!text.contains("/certificate.pdf") && !text.contains("/survey"), "{text}");
    }
}
