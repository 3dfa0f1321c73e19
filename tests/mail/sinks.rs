//! Tests that need an SMTP sink, each on SQLite and, when configured, PostgreSQL.

use super::*;

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
        let code = check_in_code(&app, rid);
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
            confirmed_with_email(&app, sid, &format!("p{i}@example.org"), &format!("Personne {i}"));
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
            confirmed_with_email(&app, sid, &format!("k{i}@example.org"), "K");
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
