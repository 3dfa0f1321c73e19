//! Volunteer helpers' emails through a real SMTP server on loopback (issue 17): the
//! confirmation link arrives, confirming brings the manage link with a REQUEST invite,
//! cancelling brings the CANCEL of the same calendar entry (same UID, higher
//! SEQUENCE), read by two parsers (the independent `icalendar`, and `ical`'s reader);
//! staff see the change on the session's page; the alert reaches the organisation's
//! staff. Each on SQLite and, when configured, PostgreSQL.

use super::*;

use actix_web::http::StatusCode;
use babillard::db::schema::{helper_shifts, session_helpers};
use common::staff::{self, Browser};

const TASK: &str = "accompagner les participants sur leur tablette";

/// The 32-character token after `prefix` in a text.
fn token_after(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)? + prefix.len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (token.len() == 32).then_some(token)
}

/// The emails received since `seen`, with their subjects.
fn new_mail(sink: &SmtpSink, seen: &mut usize) -> Vec<Received> {
    let all = sink.received();
    let fresh = all[*seen..].to_vec();
    *seen = all.len();
    fresh
}

/// The invite of a message, read by `ical`'s own parser too: (METHOD, UID, SEQUENCE).
fn ical_reader(ics: &str) -> (String, String, String) {
    let mut reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = reader.next().expect("a calendar").expect("ical reads it");
    let prop = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let ev = &cal.events[0];
    (
        prop(&cal.properties, "METHOD"),
        prop(&ev.properties, "UID"),
        prop(&ev.properties, "SEQUENCE"),
    )
}

with_sink! {
    async fn a_helper_confirms_gets_an_invite_cancels_and_the_entry_goes(app: TestApp, sink: SmtpSink) {
        let sid = app.with_conn(|c| {
            let b = fixtures::base(c);
            staff::user(c, "gestion@example.org", "manager", Some(b.organisation_id));
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", fixtures::in_days(6), |_| {});
            diesel::insert_into(session_helpers::table)
                .values((
                    session_helpers::session_id.eq(s),
                    session_helpers::wanted.eq(2),
                    session_helpers::task.eq(TASK),
                    session_helpers::confirmed.eq(0),
                ))
                .execute(c)
                .unwrap();
            s
        });
        let drain = || worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap();
        let mut seen = 0;

        let mut browser = Browser::new(&app);
        let r = browser
            .post(&format!("/helpers/{sid}"), &[("name", "Léa Tremblay-Côté"), ("email", "lea@example.org"), ("consent", "oui")])
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(drain(), 1);
        let got = new_mail(&sink, &mut seen);
        let msg = got[0].parsed();
        assert_eq!(got[0].to, vec!["<lea@example.org>".to_owned()]);
        assert!(msg.subject().unwrap().starts_with("Confirmez votre aide"), "{:?}", msg.subject());
        assert_eq!(tree(&msg, 0), "multipart/alternative[text/plain, text/html]", "no invite before confirming");
        let text = msg.body_text(0).unwrap();
        let confirm = token_after(&text, "https://babillard.test/helpers/confirm/").expect("the confirmation link");
        assert!(text.contains(TASK), "{text}");

        // Opening the link (a mail scanner would) changes nothing; the button does.
        assert_eq!(browser.get(&format!("/helpers/confirm/{confirm}")).await.status, StatusCode::OK);
        assert_eq!(drain(), 0);
        assert_eq!(browser.post(&format!("/helpers/confirm/{confirm}"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(drain(), 1);
        let got = new_mail(&sink, &mut seen);
        let msg = got[0].parsed();
        assert!(msg.subject().unwrap().contains("votre aide est confirmée"), "{:?}", msg.subject());
        assert_eq!(
            tree(&msg, 0),
            "multipart/mixed[multipart/alternative[text/plain, text/html, text/calendar; method=REQUEST], application/ics; method=REQUEST]"
        );
        let text = msg.body_text(0).unwrap();
        let manage = token_after(&text, "https://babillard.test/h/").expect("the manage link");
        assert!(text.contains("ajoute l'activité à votre agenda"), "{text}");
        let request = calendar_part(&msg).expect("an invite");
        assert_eq!(Some(request.clone()), attachment_ics(&msg));
        let ics = parse_ics(&request);
        assert_eq!(ics.prop("METHOD"), Some("REQUEST"));
        let ev = &ics.events[0];
        let shift: i64 = app.with_conn(|c| helper_shifts::table.select(helper_shifts::id).first(c).unwrap());
        let uid = format!("helper-{shift}-{sid}@babillard.test");
        assert_eq!(ev["UID"].value, uid);
        assert_eq!(ev["ATTENDEE"].value, "mailto:lea@example.org");
        assert_eq!(ev["STATUS"].value, "CONFIRMED");
        assert!(ev["SUMMARY"].value.contains("Apprivoiser sa tablette"), "{}", ev["SUMMARY"].value);
        assert!(ev["DESCRIPTION"].value.contains(TASK));
        assert!(ev["DESCRIPTION"].value.contains(&format!("https://babillard.test/h/{manage}")));
        let first_sequence: i64 = ev["SEQUENCE"].value.parse().unwrap();
        assert_eq!(ical_reader(&request), ("REQUEST".into(), uid.clone(), first_sequence.to_string()));

        let mut manager = Browser::signed_in(&app, "gestion@example.org");
        let page = manager.get(&format!("/admin/sessions/{sid}/helpers")).await.text().replace('\u{a0}', " ");
        assert!(page.contains("1 confirmé(s) sur 2 recherché(s)") && page.contains("Léa Tremblay-Côté"), "{page}");

        // She cancels from her link: the entry leaves her calendar.
        assert_eq!(browser.get(&format!("/h/{manage}")).await.status, StatusCode::OK);
        assert_eq!(browser.post(&format!("/h/{manage}/cancel"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(drain(), 1);
        let got = new_mail(&sink, &mut seen);
        let msg = got[0].parsed();
        assert!(msg.subject().unwrap().starts_with("Aide bénévole annulée"), "{:?}", msg.subject());
        let cancel = calendar_part(&msg).expect("a CANCEL invite");
        let ics = parse_ics(&cancel);
        assert_eq!(ics.prop("METHOD"), Some("CANCEL"));
        assert_eq!(ics.events[0]["UID"].value, uid, "the same calendar entry");
        assert_eq!(ics.events[0]["STATUS"].value, "CANCELLED");
        let second_sequence: i64 = ics.events[0]["SEQUENCE"].value.parse().unwrap();
        assert!(second_sequence > first_sequence, "{second_sequence} > {first_sequence}");
        assert_eq!(ical_reader(&cancel), ("CANCEL".into(), uid, second_sequence.to_string()));

        let page = manager.get(&format!("/admin/sessions/{sid}/helpers")).await.text().replace('\u{a0}', " ");
        assert!(page.contains("0 confirmé(s) sur 2 recherché(s)") && page.contains("Annulé"), "{page}");
    }

    async fn staff_hear_of_a_short_session_in_their_language_with_the_link(app: TestApp, sink: SmtpSink) {
        let sid = app.with_conn(|c| {
            let b = fixtures::base(c);
            staff::user(c, "gestion@example.org", "manager", Some(b.organisation_id));
            let s = fixtures::session(c, &b, "Journée numérique", fixtures::in_days(1), |_| {});
            diesel::insert_into(session_helpers::table)
                .values((
                    session_helpers::session_id.eq(s),
                    session_helpers::wanted.eq(3),
                    session_helpers::task.eq(TASK),
                    session_helpers::confirmed.eq(0),
                ))
                .execute(c)
                .unwrap();
            s
        });
        assert_eq!(babillard::jobs::helpers::alerts_at(&app.state.jobs(), babillard::db::now()).unwrap(), 1);
        assert_eq!(worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(), 1);
        let got = sink.received();
        assert_eq!(got[0].to, vec!["<gestion@example.org>".to_owned()]);
        let msg = got[0].parsed();
        assert!(msg.subject().unwrap().starts_with("Il manque des bénévoles"), "{:?}", msg.subject());
        let text = msg.body_text(0).unwrap().replace('\u{a0}', " ");
        assert!(text.contains("0 confirmé(s) sur 3 recherché(s)"), "{text}");
        assert!(text.contains(&format!("https://babillard.test/admin/sessions/{sid}/helpers")), "{text}");
        assert_eq!(tree(&msg, 0), "multipart/alternative[text/plain, text/html]");
    }
}
