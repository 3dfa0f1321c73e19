//! A storm's messages: the cancellation says when the session is given again, that the
//! place follows, and carries the CANCEL invite; the confirmation of the new date then
//! carries a REQUEST invite at the same wall-clock time a week later.

use super::*;

use babillard::domain::access::Access;
use babillard::domain::snowstorm::{Area, Request};
use babillard::domain::time;
use babillard::web::i18n::Lang as WebLang;

#[actix_web::test]
async fn a_storm_tells_each_person_the_new_date_then_invites_them_to_it() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    // Tuesday 9 February 2027, 13 h 30 in Québec.
    let sid = new_session(&app, "Tablette 101", "2027-02-09 18:30", "Description");
    let (org, admin) = app.with_conn(|c| {
        registration(
            c,
            sid,
            "helene@example.org",
            "Hélène Gagné-Côté",
            "fr",
            "confirmed",
        );
        let org: i64 = sessions::table
            .find(sid)
            .select(sessions::organisation_id)
            .first(c)
            .unwrap();
        (
            org,
            common::staff::user(c, "admin@example.org", "admin", None),
        )
    });
    let day = time::local(fixtures::utc("2027-02-09 18:30")).date_naive();
    let request = Request {
        day,
        area: Area::Organisation(org),
        reason: "Tempête de neige".into(),
        again: Some(day + Duration::days(7)),
    };
    let access = Access {
        user_id: admin,
        is_admin: true,
        ..Access::default()
    };
    let done = app
        .with_conn(|c| babillard::store::snowstorm::cancel_day(c, &access, &request, &[sid]))
        .unwrap();
    assert_eq!((done.cancelled, done.people, done.carried), (1, 1, 1));

    let bytes = first_email(&app, Some("session_cancelled"));
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    // Spaces as a reader sees them (the French typography uses non-breaking ones).
    let text = msg
        .body_text(0)
        .unwrap()
        .replace(['\u{a0}', '\u{202f}'], " ");
    let when = time::datetime_long(fixtures::utc("2027-02-16 18:30"), WebLang::Fr);
    assert!(
        text.contains("Raison\u{a0}: Tempête de neige")
            || text.contains("Raison : Tempête de neige"),
        "{text}"
    );
    assert!(
        text.contains(&format!("L'activité est reprise le {when}")),
        "{when}: {text}"
    );
    assert!(text.contains("un courriel de confirmation suit"), "{text}");
    let ics = parse_ics(&calendar_part(&msg).expect("an invite"));
    assert_eq!(ics.prop("METHOD"), Some("CANCEL"));

    let bytes = first_email(&app, Some("registration_confirmed"));
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let ics = parse_ics(&calendar_part(&msg).expect("an invite"));
    assert_eq!(ics.prop("METHOD"), Some("REQUEST"));
    let start = toronto_to_utc(&ics.events[0]["DTSTART"]);
    assert_eq!(start, fixtures::utc("2027-02-16 18:30"));
    assert!(msg.body_text(0).unwrap().contains("Hélène Gagné-Côté"));
}
