//! Emails against real parts: the outbox worker sends through lettre to an SMTP server
//! on loopback; the received MIME is parsed with mail-parser and every invite with the
//! independent `icalendar` parser.

mod common;

use std::collections::HashSet;

use babillard::db::schema::{outbox, sessions};
use babillard::domain::messages::MessageKind;
use babillard::mail::worker;
use chrono::Duration;
use common::mailkit::{
    app_with_smtp, manage_token_in, parse_ics, queue, registration, toronto_to_utc,
};
use common::smtp::{Mode, Received, SmtpSink};
use common::{Backend, TestApp, fixtures};
use diesel::prelude::*;
use mail_parser::{MessagePart, MimeHeaders, PartType};

const LONG_DESCRIPTION: &str = "Apprenez à reconnaître l'hameçonnage, à créer des mots de passe \
solides; à protéger vos données, vos photos, vos comptes bancaires et à dire « non » aux \
fraudeurs. Apportez votre tablette, votre téléphone \\ ou votre ordinateur portable.\nDeuxième \
paragraphe : café et biscuits offerts à la Bibliothèque Jean-Marc-Belzile, salle Émilie-Gamelin.";

/// The MIME type of a part, with its `method` parameter when present.
fn ctype(p: &MessagePart<'_>) -> String {
    let Some(ct) = p.content_type() else {
        return "text/plain".into();
    };
    let mut s = format!(
        "{}/{}",
        ct.ctype().to_ascii_lowercase(),
        ct.subtype().unwrap_or("").to_ascii_lowercase()
    );
    if let Some(m) = ct.attribute("method") {
        s.push_str(&format!("; method={m}"));
    }
    s
}

/// The tree of content types: `multipart/mixed[multipart/alternative[…], …]`.
fn tree(msg: &mail_parser::Message<'_>, id: u32) -> String {
    let p = msg.part(id).unwrap();
    match &p.body {
        PartType::Multipart(children) => format!(
            "{}[{}]",
            ctype(p),
            children
                .iter()
                .map(|c| tree(msg, *c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => ctype(p),
    }
}

/// The calendar part of the alternative (text/calendar) as text.
fn calendar_part(msg: &mail_parser::Message<'_>) -> Option<String> {
    msg.parts
        .iter()
        .find(|p| ctype(p).starts_with("text/calendar"))
        .map(|p| String::from_utf8(p.contents().to_vec()).unwrap())
}

fn attachment_ics(msg: &mail_parser::Message<'_>) -> Option<String> {
    msg.attachments()
        .find(|a| a.attachment_name() == Some("invite.ics"))
        .map(|a| String::from_utf8(a.contents().to_vec()).unwrap())
}

fn new_session(app: &TestApp, title: &str, starts: &str, description: &str) -> i64 {
    let description = description.to_owned();
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, title, fixtures::utc(starts), |s| {
            s.description = description;
            s.what_to_bring = "Votre téléphone et vos mots de passe".into();
        })
    })
}

fn statuses(app: &TestApp) -> Vec<(String, i32, Option<String>)> {
    app.with_conn(|c| {
        outbox::table
            .order(outbox::id)
            .select((outbox::status, outbox::attempts, outbox::last_error))
            .load(c)
            .unwrap()
    })
}

fn message_ids(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| r.parsed().message_id().unwrap().to_owned())
        .collect()
}

/// Tests that need a sink: each runs on SQLite and, when configured, PostgreSQL.
macro_rules! with_sink {
    ($(async fn $name:ident($app:ident: TestApp, $sink:ident: SmtpSink) $body:block)*) => {$(
        mod $name {
            use super::*;
            async fn run(backend: Backend) {
                let $sink = SmtpSink::start();
                let $app = app_with_smtp(backend, Some($sink.url())).await;
                $body
            }
            #[actix_web::test]
            async fn sqlite() { run(Backend::Sqlite).await }
            #[actix_web::test]
            #[cfg_attr(babillard_no_postgres, ignore = "BABILLARD_TEST_POSTGRES_URL is not set")]
            async fn postgres() { run(Backend::Postgres).await }
        }
    )*};
}

with_sink! {
    async fn a_confirmation_arrives_with_its_invite_in_the_alternative_and_attached(app: TestApp, sink: SmtpSink) {
        // 8 March 2026: Québec moves to daylight time at 2 a.m.; 15:00 UTC is 11 h.
        let sid = new_session(&app, "Cybersécurité : se protéger, en toute simplicité", "2026-03-08 15:00", LONG_DESCRIPTION);
        let (rid, token) = app.with_conn(|c| registration(c, sid, "eloise@example.org", "Éloïse Tremblay-Bérubé", "fr", "confirmed"));
        app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, rid, serde_json::json!({"seats": 1})));

        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 1);
        let got = sink.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, vec!["<eloise@example.org>".to_owned()]);
        let msg = got[0].parsed();
        assert_eq!(msg.subject(), Some("Inscription confirmée\u{a0}: Cybersécurité\u{a0}: se protéger, en toute simplicité"));
        let from = msg.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Organisme test"));
        assert_eq!(from.address(), Some("no-reply@babillard.test"));
        assert_eq!(msg.reply_to().unwrap().first().unwrap().address(), Some("org@example.org"));
        assert_eq!(msg.to().unwrap().first().unwrap().name(), Some("Éloïse Tremblay-Bérubé"));
        assert_eq!(
            tree(&msg, 0),
            "multipart/mixed[multipart/alternative[text/plain, text/html, text/calendar; method=REQUEST], application/ics; method=REQUEST]"
        );
        let text = msg.body_text(0).unwrap();
        // The message has a link of its own (the registration's first one is not kept in
        // clear), and it opens her registration.
        let link = manage_token_in(&text).expect("a manage link");
        assert_ne!(link, token);
        assert_eq!(app.get(&format!("/r/{link}")).await.status, actix_web::http::StatusCode::OK);
        let manage = format!("https://babillard.test/r/{link}");
        assert!(text.contains(&manage), "{text}");
        assert!(text.contains("dimanche 8 mars 2026, 11\u{a0}h à 12\u{a0}h\u{a0}30"), "{text}");
        let code: String = app.with_conn(|c| {
            babillard::db::schema::registrations::table
                .find(rid)
                .select(babillard::db::schema::registrations::check_in_code)
                .first(c)
                .unwrap()
        });
        assert!(text.contains(&code), "the check-in code is shown: {text}");
        let html = msg.body_html(0).unwrap();
        assert!(html.contains(&manage) && html.contains(&code));

        let inline = calendar_part(&msg).expect("a text/calendar part");
        assert_eq!(Some(inline.clone()), attachment_ics(&msg), "the attachment is the same invite");
        let ics = parse_ics(&inline);
        assert_eq!(ics.prop("METHOD"), Some("REQUEST"));
        assert_eq!(ics.timezones, 1);
        let ev = &ics.events[0];
        assert_eq!(ev["UID"].value, format!("reg-{rid}-{sid}@babillard.test"));
        assert_eq!(toronto_to_utc(&ev["DTSTART"]), fixtures::utc("2026-03-08 15:00"));
        assert_eq!(ev["DTSTART"].value, "20260308T110000");
        assert_eq!(toronto_to_utc(&ev["DTEND"]), fixtures::utc("2026-03-08 16:30"));
        assert_eq!(ev["SUMMARY"].value, "Cybersécurité : se protéger, en toute simplicité");
        assert!(ev["DESCRIPTION"].value.starts_with(LONG_DESCRIPTION), "{}", ev["DESCRIPTION"].value);
        assert!(ev["DESCRIPTION"].value.contains(&manage));
        assert_eq!(ev["LOCATION"].value, "Salle test, 1, rue Principale, Ville test, QC");
        assert_eq!(ev["URL"].value, format!("https://babillard.test/sessions/{sid}"));
        assert_eq!(ev["ATTENDEE"].value, "mailto:eloise@example.org");
        assert_eq!(ev["ATTENDEE"].params["RSVP"], "FALSE");
        assert_eq!(ev["ORGANIZER"].value, "mailto:org@example.org");
        assert_eq!(ev["STATUS"].value, "CONFIRMED");
        assert!(inline.contains("DESCRIPTION:Apprenez"), "escaped and folded: {inline}");
        assert!(inline.contains("\\;") && inline.contains("\\,") && inline.contains("\\n"));

        let sent: Vec<_> = statuses(&app);
        assert_eq!(sent, vec![("sent".to_owned(), 1, None)]);
    }

    async fn a_message_once_sent_keeps_its_record_but_not_its_link(app: TestApp, sink: SmtpSink) {
        let sid = new_session(&app, "Courriels en sûreté", "2026-12-05 15:00", "");
        let (rid, _) = app.with_conn(|c| registration(c, sid, "lien@example.org", "Lina", "fr", "confirmed"));
        app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, rid, serde_json::json!({"seats": 1})));
        app.with_conn(|c| babillard::db::write_tx(c, |c| babillard::store::outbox::enqueue(c, &babillard::store::outbox::NewMessage {
            kind: MessageKind::PasswordReset,
            registration_id: None,
            session_id: None,
            recipient: "staff@example.org".into(),
            recipient_name: "Staff".into(),
            language: babillard::web::i18n::Lang::Fr,
            payload: serde_json::json!({"link": "https://babillard.test/password/reset/RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR", "expires_at": "2026-03-10T12:00:00-04:00"}),
        }))).unwrap();
        let payloads = |app: &TestApp| -> Vec<serde_json::Value> {
            app.with_conn(|c| outbox::table.order(outbox::id).select(outbox::payload).load::<String>(c).unwrap())
                .iter()
                .map(|p| serde_json::from_str(p).unwrap())
                .collect()
        };
        // Waiting to go out, each row holds what its email needs.
        let waiting = payloads(&app);
        let token = waiting[0]["manage_token"].as_str().unwrap().to_owned();
        assert!(waiting[1]["link"].as_str().unwrap().contains("/password/reset/"));
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 2);
        assert!(sink.received()[0].parsed().body_text(0).unwrap().contains(&format!("/r/{token}")));
        // Sent: the rows stay, without the secrets.
        assert_eq!(statuses(&app).iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["sent", "sent"]);
        assert_eq!(payloads(&app), [serde_json::json!({"seats": 1}), serde_json::json!({"expires_at": "2026-03-10T12:00:00-04:00"})]);
        // The person's link still works: only the outbox's copy is gone.
        assert_eq!(app.get(&format!("/r/{token}")).await.status, actix_web::http::StatusCode::OK);
        // A message refused for good keeps no secret either.
        app.with_conn(|c| queue(c, MessageKind::Reminder, rid, serde_json::json!({})));
        sink.set_mode(Mode::Permanent);
        worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap();
        let last = payloads(&app).pop().unwrap();
        assert_eq!(statuses(&app).last().unwrap().0, "failed");
        assert_eq!(last, serde_json::json!({}));
    }

    async fn register_move_cancel_gives_three_invites_with_one_uid_and_rising_sequence(app: TestApp, sink: SmtpSink) {
        // 1 November 2026: back to standard time. Before: 31 October 14:00 UTC = 10 h EDT.
        let sid = new_session(&app, "Tablette pour aînés", "2026-10-31 14:00", "Premiers pas");
        let (rid, _) = app.with_conn(|c| registration(c, sid, "gaston@example.org", "Gaston Côté", "fr", "confirmed"));
        app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, rid, serde_json::json!({"seats": 1})));
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 1);

        // The organiser moves it a week later, same wall-clock time: 7 November 15:00 UTC = 10 h EST.
        let other_venue = app.with_conn(|c| fixtures::base_named(c, "ailleurs").venue_id);
        let venue_before: Option<i64> = app.with_conn(|c| sessions::table.find(sid).select(sessions::venue_id).first(c).unwrap());
        app.with_conn(|c| {
            babillard::db::write_tx(c, |c| {
                diesel::update(sessions::table.find(sid))
                    .set((
                        sessions::starts_at.eq(fixtures::utc("2026-11-07 15:00")),
                        sessions::ends_at.eq(fixtures::utc("2026-11-07 16:30")),
                        sessions::venue_id.eq(Some(other_venue)),
                        sessions::sequence.eq(sessions::sequence + 1),
                    ))
                    .execute(c)
            })
            .unwrap();
        });
        app.with_conn(|c| queue(c, MessageKind::SessionChanged, rid, serde_json::json!({
            "previous_starts_at": "2026-10-31T10:00:00-04:00",
            "previous_ends_at": "2026-10-31T11:30:00-04:00",
            "previous_venue_id": venue_before,
            "what": ["time", "place"],
        })));
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 1);
        app.with_conn(|c| queue(c, MessageKind::RegistrationCancelled, rid, serde_json::json!({})));
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 1);

        let got = sink.received();
        assert_eq!(got.len(), 3);
        let invites: Vec<_> = got
            .iter()
            .map(|r| parse_ics(&calendar_part(&r.parsed()).expect("each message has an invite")))
            .collect();
        let uids: HashSet<&str> = invites.iter().map(|i| i.events[0]["UID"].value.as_str()).collect();
        assert_eq!(uids.len(), 1, "one calendar entry: {uids:?}");
        let seqs: Vec<i64> = invites.iter().map(|i| i.events[0]["SEQUENCE"].value.parse().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "SEQUENCE rises: {seqs:?}");
        let methods: Vec<&str> = invites.iter().map(|i| i.prop("METHOD").unwrap()).collect();
        assert_eq!(methods, vec!["REQUEST", "REQUEST", "CANCEL"]);
        assert_eq!(invites[0].events[0]["DTSTART"].value, "20261031T100000");
        assert_eq!(invites[1].events[0]["DTSTART"].value, "20261107T100000");
        assert_eq!(toronto_to_utc(&invites[1].events[0]["DTSTART"]), fixtures::utc("2026-11-07 15:00"));
        assert!(invites[1].events[0]["LOCATION"].value.starts_with("Salle ailleurs"));
        assert_eq!(invites[2].events[0]["STATUS"].value, "CANCELLED");

        let moved = got[1].parsed();
        assert_eq!(moved.subject(), Some("Changement d'horaire ou de lieu\u{a0}: Tablette pour aînés"));
        let text = moved.body_text(0).unwrap();
        assert!(text.contains("Ancien horaire\u{a0}: samedi 31 octobre 2026, 10\u{a0}h à 11\u{a0}h\u{a0}30"), "{text}");
        assert!(text.contains("samedi 7 novembre 2026, 10\u{a0}h à 11\u{a0}h\u{a0}30"), "{text}");
        assert!(text.contains("Ancien lieu\u{a0}: Salle test, 1, rue Principale"), "{text}");
        assert_eq!(
            tree(&got[2].parsed(), 0),
            "multipart/mixed[multipart/alternative[text/plain, text/html, text/calendar; method=CANCEL], application/ics; method=CANCEL]"
        );
    }

    async fn smtp_down_while_fifty_register_then_up_delivers_each_once(app: TestApp, sink: SmtpSink) {
        drop(sink);
        let port = SmtpSink::free_port();
        let app = app_with_smtp(app.backend, Some(format!("smtp://127.0.0.1:{port}"))).await;
        let sid = new_session(&app, "Courriel 101", "2026-12-05 15:00", "");
        for i in 0..50 {
            let (rid, _) = app.with_conn(|c| registration(c, sid, &format!("p{i}@example.org"), &format!("Personne {i}"), "fr", "confirmed"));
            app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, rid, serde_json::json!({"seats": 1})));
        }
        let t0 = babillard::db::now();
        assert_eq!(worker::run_at(&app.state.mail(), t0).unwrap(), 0, "nothing can be sent while the server is down");
        let after = statuses(&app);
        assert_eq!(after.len(), 50);
        assert!(after.iter().all(|(s, a, e)| s == "pending" && *a == 1 && e.is_some()), "{after:?}");
        // Backoff: not retried at once, nor a minute later with the server still down.
        assert_eq!(worker::run_at(&app.state.mail(), t0).unwrap(), 0);
        assert_eq!(worker::run_at(&app.state.mail(), t0 + Duration::seconds(61)).unwrap(), 0);

        // An hour later the server is back.
        let sink = SmtpSink::start_on(port);
        let delivered = worker::drain_at(&app.state.mail(), t0 + Duration::hours(1)).unwrap();
        assert_eq!(delivered, 50);
        assert_eq!(worker::drain_at(&app.state.mail(), t0 + Duration::hours(3)).unwrap(), 0);
        let got = sink.received();
        assert_eq!(got.len(), 50, "each delivered once");
        let ids: HashSet<String> = message_ids(&got).into_iter().collect();
        assert_eq!(ids.len(), 50);
        let to: HashSet<String> = got.iter().map(|r| r.to[0].clone()).collect();
        assert_eq!(to.len(), 50);
        assert!(statuses(&app).iter().all(|(s, _, e)| s == "sent" && e.is_none()));
    }

    async fn a_send_cut_short_by_a_crash_is_sent_when_the_lease_runs_out(app: TestApp, sink: SmtpSink) {
        let sid = new_session(&app, "Réseaux sociaux", "2026-12-05 15:00", "");
        for i in 0..3 {
            let (rid, _) = app.with_conn(|c| registration(c, sid, &format!("k{i}@example.org"), "K", "fr", "confirmed"));
            app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, rid, serde_json::json!({"seats": 1})));
        }
        // A process claims the rows, then dies before sending (or before marking them).
        let t0 = babillard::db::now();
        let claimed = app.with_conn(|c| {
            babillard::store::delivery::claim(c, 50, "dead-process", Duration::seconds(worker::LEASE_SECONDS), t0).unwrap()
        });
        assert_eq!(claimed.len(), 3);
        // A restarted worker leaves them alone while the lease holds…
        assert_eq!(worker::run_at(&app.state.mail(), t0 + Duration::seconds(10)).unwrap(), 0);
        assert_eq!(sink.count(), 0);
        // …and sends them once it has run out: nothing lost.
        assert_eq!(worker::drain_at(&app.state.mail(), t0 + Duration::seconds(worker::LEASE_SECONDS + 1)).unwrap(), 3);
        assert_eq!(sink.count(), 3);
        // The dead process cannot mark rows it no longer holds.
        let marked = app.with_conn(|c| babillard::store::delivery::finish(c, claimed[0].id, "dead-process", babillard::store::delivery::Attempt::Sent(t0)).unwrap());
        assert_eq!(marked, 0);
        assert!(statuses(&app).iter().all(|(s, a, _)| s == "sent" && *a == 2));
    }

    async fn a_temporary_refusal_retries_and_a_permanent_one_stops(app: TestApp, sink: SmtpSink) {
        let sid = new_session(&app, "Services gouvernementaux", "2026-12-05 15:00", "");
        let (r1, _) = app.with_conn(|c| registration(c, sid, "a@example.org", "A", "fr", "confirmed"));
        app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, r1, serde_json::json!({"seats": 1})));
        let t0 = babillard::db::now();
        sink.set_mode(Mode::Temporary);
        assert_eq!(worker::run_at(&app.state.mail(), t0).unwrap(), 0);
        let s = statuses(&app);
        assert_eq!(s[0].0, "pending");
        assert!(s[0].2.as_deref().unwrap().contains("451"), "{s:?}");

        let (r2, _) = app.with_conn(|c| registration(c, sid, "b@example.org", "B", "fr", "confirmed"));
        app.with_conn(|c| queue(c, MessageKind::RegistrationConfirmed, r2, serde_json::json!({"seats": 1})));
        sink.set_mode(Mode::Permanent);
        assert_eq!(worker::run_at(&app.state.mail(), babillard::db::now()).unwrap(), 0);
        let s = statuses(&app);
        assert_eq!(s[1].0, "failed");
        assert!(s[1].2.as_deref().unwrap().contains("550"), "{s:?}");

        sink.set_mode(Mode::Accept);
        assert_eq!(worker::drain_at(&app.state.mail(), t0 + Duration::hours(1)).unwrap(), 1);
        let s = statuses(&app);
        assert_eq!((s[0].0.as_str(), s[1].0.as_str()), ("sent", "failed"));
        assert_eq!(sink.received()[0].to, vec!["<a@example.org>".to_owned()]);
    }

    async fn reminders_go_once_and_again_when_the_session_moves(app: TestApp, sink: SmtpSink) {
        let now = babillard::db::now();
        let starts = now + Duration::hours(20);
        let sid = app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, "Atelier courriel", starts, |s| {
                s.what_to_bring = "Votre adresse courriel et son mot de passe".into();
            })
        });
        let (rid, _) = app.with_conn(|c| registration(c, sid, "rita@example.org", "Rita", "fr", "confirmed"));
        app.with_conn(|c| registration(c, sid, "wait@example.org", "W", "fr", "waitlisted"));
        assert_eq!(worker::reminders_at(&app.state.mail(), now).unwrap(), 1, "only the confirmed person");
        assert_eq!(worker::reminders_at(&app.state.mail(), now).unwrap(), 0, "once");
        app.with_conn(|c| {
            diesel::update(sessions::table.find(sid))
                .set((sessions::starts_at.eq(starts + Duration::hours(2)), sessions::ends_at.eq(starts + Duration::hours(3))))
                .execute(c)
                .unwrap()
        });
        assert_eq!(worker::reminders_at(&app.state.mail(), now).unwrap(), 1, "a moved session is reminded again");
        // Rows are due from when they were queued, which may be a second after `now`.
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 2);
        let msg = sink.received()[0].clone();
        let parsed = msg.parsed();
        assert_eq!(parsed.subject(), Some("Rappel\u{a0}: Atelier courriel"));
        let text = parsed.body_text(0).unwrap();
        assert!(text.contains("Votre adresse courriel et son mot de passe"), "{text}");
        assert!(text.contains("Accès sans marches"), "{text}");
        assert!(calendar_part(&parsed).is_none(), "a reminder carries no invite");
        let _ = rid;
    }
}

#[actix_web::test]
async fn every_kind_composes_in_french_and_english() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let sid = new_session(
        &app,
        "Atelier « Internet »",
        "2026-03-14 17:30",
        "Description",
    );
    app.with_conn(|c| {
        diesel::update(sessions::table.find(sid))
            .set(sessions::what_to_bring.eq("Votre tablette chargée"))
            .execute(c)
            .unwrap()
    });
    for (lang, expected) in [
        (
            "fr",
            "Inscription confirmée\u{a0}: Atelier «\u{a0}Internet\u{a0}»",
        ),
        ("en", "Registration confirmed: Atelier « Internet »"),
    ] {
        let (rid, token) = app.with_conn(|c| {
            registration(
                c,
                sid,
                &format!("x-{lang}@example.org"),
                "Xavier",
                lang,
                "confirmed",
            )
        });
        for kind in MessageKind::ALL {
            let payload = match kind {
                MessageKind::RegistrationWaitlisted => {
                    serde_json::json!({"seats": 2, "position": 3})
                }
                MessageKind::OfferMade => {
                    serde_json::json!({"seats": 1, "expires_at": "2026-03-10T12:00:00-04:00"})
                }
                MessageKind::RegistrationUpdated => {
                    serde_json::json!({"previous_seats": 1, "seats": 2})
                }
                MessageKind::SessionCancelled => serde_json::json!({"reason": "Tempête de neige"}),
                MessageKind::SessionChanged => {
                    serde_json::json!({"previous_starts_at": "2026-03-07T10:00:00-05:00", "previous_ends_at": "2026-03-07T11:30:00-05:00", "previous_venue_id": null, "what": ["time"]})
                }
                MessageKind::OrganiserMessage => {
                    serde_json::json!({"subject": "Stationnement fermé", "body": "Garez-vous rue Hamford.\nMerci!", "from_name": "Julie"})
                }
                MessageKind::PasswordReset => {
                    serde_json::json!({"link": "https://babillard.test/password/reset/abc", "expires_at": "2026-03-10T12:00:00-04:00"})
                }
                MessageKind::ActivitiesLink => {
                    serde_json::json!({"activities_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
                }
                _ => serde_json::json!({"seats": 1}),
            };
            app.with_conn(|c| queue(c, *kind, rid, payload));
        }
        let rows: Vec<babillard::db::models::OutboxRow> = app.with_conn(|c| {
            outbox::table
                .filter(outbox::status.eq("pending"))
                .order(outbox::id)
                .select(babillard::db::models::OutboxRow::as_select())
                .load(c)
                .unwrap()
        });
        assert_eq!(rows.len(), MessageKind::ALL.len());
        for row in &rows {
            let composed = app
                .with_conn(|c| babillard::mail::compose(&app.state.mail(), c, row))
                .unwrap_or_else(|e| panic!("{} ({lang}): {e:#}", row.kind));
            let bytes = composed.message.formatted();
            let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            let subject = msg.subject().unwrap().to_owned();
            assert!(
                !subject.contains("mail-"),
                "{} has a subject: {subject}",
                row.kind
            );
            let text = msg.body_text(0).unwrap();
            assert!(
                !text.contains("mail-"),
                "{} ({lang}) lacks a string: {text}",
                row.kind
            );
            let html = msg.body_html(0).unwrap();
            assert!(!html.contains("mail-") && html.len() < 50_000);
            // RFC 3834: vacation responders must not answer the organisation.
            assert_eq!(
                msg.header_raw("Auto-Submitted").map(str::trim),
                Some("auto-generated"),
                "{}",
                row.kind
            );
            // A cancellation removes the activity from the calendar: it neither promises
            // to add it nor tells the person what to bring or how to get there.
            let gone = row.kind == "registration_cancelled" || row.kind == "session_cancelled";
            let (adds, bring, change) = if lang == "fr" {
                (
                    "ajoute l'activité à votre agenda",
                    "Votre tablette chargée",
                    "modifier ou annuler",
                )
            } else {
                (
                    "adds the activity to your calendar",
                    "Votre tablette chargée",
                    "change or cancel",
                )
            };
            for body in [&*text, &*html] {
                let body = body.replace("&#39;", "'");
                assert_eq!(
                    body.contains(adds),
                    composed.ics.is_some() && !gone,
                    "{} ({lang}): {body}",
                    row.kind
                );
                if gone {
                    assert!(!body.contains(bring), "{} ({lang}): {body}", row.kind);
                    assert!(!body.contains(change), "{} ({lang}): {body}", row.kind);
                }
            }
            if row.kind == "offer_made" {
                // The email promises a button to take the seat: the button says so.
                let (button, line) = if lang == "fr" {
                    (
                        ">Prendre la place</a>",
                        "Pour prendre la place, ouvrez ce lien",
                    )
                } else {
                    (">Take the seat</a>", "To take the seat, open this link")
                };
                assert!(html.contains(button), "{html}");
                assert!(text.contains(line), "{text}");
            }
            if row.kind == "reminder" {
                assert!(
                    text.contains(bring),
                    "a reminder says what to bring: {text}"
                );
            }
            let kind = MessageKind::parse(&row.kind).unwrap();
            match manage_token_in(&text) {
                Some(link) => {
                    assert!(kind.shows_manage_link(), "{}: {text}", row.kind);
                    assert_ne!(link, token);
                    let page = app.get(&format!("/r/{link}")).await;
                    assert_eq!(
                        page.status.as_u16(),
                        200,
                        "{}: its manage link opens",
                        row.kind
                    );
                }
                None => assert!(
                    !kind.shows_manage_link(),
                    "{} has the manage link",
                    row.kind
                ),
            }
            if row.kind == "activities_link" {
                assert!(
                    text.contains(
                        "https://babillard.test/my-activities/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    ),
                    "{text}"
                );
            }
            if let Some(ics) = &composed.ics {
                parse_ics(ics);
            }
            assert_eq!(
                composed.ics.is_some(),
                kind.carries_invite(),
                "{}",
                row.kind
            );
            if row.kind == "registration_confirmed" {
                assert_eq!(subject, expected);
            }
            if row.kind == "session_cancelled" {
                assert!(text.contains("Tempête de neige"));
            }
            if row.kind == "registration_waitlisted" {
                assert!(
                    text.contains(if lang == "fr" {
                        "en position 3"
                    } else {
                        "in position 3"
                    }),
                    "{text}"
                );
            }
            if row.kind == "organiser_message" {
                assert_eq!(subject, "Stationnement fermé");
                assert!(text.contains("Garez-vous rue Hamford."));
                assert!(html.contains("Garez-vous rue Hamford.<br>Merci!"), "{html}");
            }
        }
        app.with_conn(|c| {
            diesel::update(outbox::table)
                .set(outbox::status.eq("sent"))
                .execute(c)
                .unwrap()
        });
    }
}

#[actix_web::test]
async fn without_smtp_messages_are_written_as_eml_files() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let sid = new_session(&app, "Commerce électronique", "2026-12-05 15:00", "");
    let (rid, _) =
        app.with_conn(|c| registration(c, sid, "eml@example.org", "Émile", "en", "confirmed"));
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationConfirmed,
            rid,
            serde_json::json!({"seats": 1}),
        )
    });
    assert_eq!(
        worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(),
        1
    );
    let dir = &app.state.settings.mail_dir;
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files[0]
            .to_string_lossy()
            .ends_with("-registration_confirmed.eml")
    );
    let bytes = std::fs::read(&files[0]).unwrap();
    if std::env::var("PEEK").is_ok() {
        std::fs::write("/tmp/peek.eml", &bytes).unwrap();
    }
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        msg.subject(),
        Some("Registration confirmed: Commerce électronique")
    );
    parse_ics(&calendar_part(&msg).unwrap());
}

#[actix_web::test]
#[cfg_attr(
    babillard_no_postgres,
    ignore = "BABILLARD_TEST_POSTGRES_URL is not set"
)]
async fn two_workers_on_postgres_never_send_a_row_twice() {
    let sink = SmtpSink::start();
    let app = app_with_smtp(Backend::Postgres, Some(sink.url())).await;
    let second =
        std::sync::Arc::new(babillard::web::AppState::new(app.state.settings.clone()).unwrap());
    let sid = new_session(&app, "Concurrence", "2026-12-05 15:00", "");
    for i in 0..120 {
        let (rid, _) = app.with_conn(|c| {
            registration(c, sid, &format!("w{i}@example.org"), "W", "fr", "confirmed")
        });
        app.with_conn(|c| {
            queue(
                c,
                MessageKind::RegistrationConfirmed,
                rid,
                serde_json::json!({"seats": 1}),
            )
        });
    }
    let t = babillard::db::now();
    let first = app.state.clone();
    let a = std::thread::spawn(move || worker::drain_at(&first.mail(), t).unwrap());
    let b = std::thread::spawn(move || worker::drain_at(&second.mail(), t).unwrap());
    let (na, nb) = (a.join().unwrap(), b.join().unwrap());
    assert_eq!(na + nb, 120, "{na} + {nb}");
    let got = sink.received();
    assert_eq!(got.len(), 120);
    let ids: HashSet<String> = message_ids(&got).into_iter().collect();
    assert_eq!(ids.len(), 120, "no message sent twice");
}

#[actix_web::test]
async fn invites_queued_during_an_outage_still_rise_in_sequence_in_queue_order() {
    let sink = SmtpSink::start();
    let app = app_with_smtp(Backend::Sqlite, Some(sink.url())).await;
    let sid = new_session(&app, "Arriéré", "2026-12-05 15:00", "");
    let (rid, _) =
        app.with_conn(|c| registration(c, sid, "late@example.org", "L", "fr", "confirmed"));
    // Three invite-bearing messages and a reminder queued before the worker runs.
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationConfirmed,
            rid,
            serde_json::json!({"seats": 1}),
        )
    });
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationUpdated,
            rid,
            serde_json::json!({"previous_seats": 1, "seats": 2}),
        )
    });
    app.with_conn(|c| queue(c, MessageKind::Reminder, rid, serde_json::json!({})));
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationCancelled,
            rid,
            serde_json::json!({}),
        )
    });
    assert_eq!(
        worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(),
        4
    );
    let invites: Vec<_> = sink
        .received()
        .iter()
        .filter_map(|r| calendar_part(&r.parsed()))
        .map(|t| parse_ics(&t))
        .collect();
    let seqs: Vec<&str> = invites
        .iter()
        .map(|i| i.events[0]["SEQUENCE"].value.as_str())
        .collect();
    assert_eq!(seqs, vec!["1", "2", "3"]);
    let methods: Vec<&str> = invites.iter().map(|i| i.prop("METHOD").unwrap()).collect();
    assert_eq!(methods, vec!["REQUEST", "REQUEST", "CANCEL"]);
}

/// The French confirmation, as a person reads it (token, code and dates redacted).
#[actix_web::test]
async fn the_french_confirmation_reads_well() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let sid = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(
            c,
            &b,
            "Apprivoiser sa tablette",
            fixtures::utc("2027-03-14 14:00"),
            |s| {
                s.what_to_bring = "Votre tablette chargée".into();
            },
        )
    });
    let (rid, _) = app.with_conn(|c| {
        registration(
            c,
            sid,
            "gisele@example.org",
            "Gisèle Lavoie",
            "fr",
            "confirmed",
        )
    });
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationConfirmed,
            rid,
            serde_json::json!({"seats": 2}),
        )
    });
    let row: babillard::db::models::OutboxRow = app.with_conn(|c| {
        outbox::table
            .select(babillard::db::models::OutboxRow::as_select())
            .first(c)
            .unwrap()
    });
    let composed = app
        .with_conn(|c| babillard::mail::compose(&app.state.mail(), c, &row))
        .unwrap();
    let bytes = composed.message.formatted();
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let code: String = app.with_conn(|c| {
        babillard::db::schema::registrations::table
            .find(rid)
            .select(babillard::db::schema::registrations::check_in_code)
            .first(c)
            .unwrap()
    });
    let body = msg.body_text(0).unwrap();
    let token = manage_token_in(&body).expect("a manage link");
    let text = body
        .replace(&token, "[token]")
        .replace(&code, "[code]")
        .replace(&format!("/sessions/{sid}"), "/sessions/[id]");
    insta::assert_snapshot!(format!("Subject: {}\n\n{}", msg.subject().unwrap(), text));
}

#[actix_web::test]
async fn a_slow_server_makes_the_worker_give_back_rows_before_its_lease_runs_out() {
    let sink = SmtpSink::start();
    sink.set_mode(Mode::Slow);
    let app = app_with_smtp(Backend::Sqlite, Some(sink.url())).await;
    let sid = new_session(&app, "Lenteur", "2026-12-05 15:00", "");
    for i in 0..4 {
        let (rid, _) = app.with_conn(|c| {
            registration(c, sid, &format!("s{i}@example.org"), "S", "fr", "confirmed")
        });
        app.with_conn(|c| {
            queue(
                c,
                MessageKind::RegistrationConfirmed,
                rid,
                serde_json::json!({"seats": 1}),
            )
        });
    }
    let t = babillard::db::now();
    // A 2-second lease: after the first (1-second) send, half of it is gone.
    let sent = worker::run_with_lease(&app.state.mail(), t, Duration::seconds(2)).unwrap();
    assert!((1..4).contains(&sent), "{sent}");
    let after: Vec<(String, i32, Option<chrono::NaiveDateTime>)> = app.with_conn(|c| {
        outbox::table
            .order(outbox::id)
            .select((outbox::status, outbox::attempts, outbox::locked_until))
            .load(c)
            .unwrap()
    });
    let given_back: Vec<_> = after.iter().filter(|(s, _, _)| s == "pending").collect();
    assert_eq!(given_back.len(), 4 - sent);
    assert!(
        given_back.iter().all(|(_, a, l)| *a == 0 && l.is_none()),
        "{after:?}"
    );
    // The rows given back go out at the next passes, each once.
    sink.set_mode(Mode::Accept);
    assert_eq!(worker::drain_at(&app.state.mail(), t).unwrap(), 4 - sent);
    let ids: HashSet<String> = message_ids(&sink.received()).into_iter().collect();
    assert_eq!((sink.count(), ids.len()), (4, 4));
}
