//! Emails against real parts: the outbox worker sends through lettre to an SMTP server
//! on loopback; the received MIME is parsed with mail-parser and every invite with the
//! independent `icalendar` parser.

#[path = "../common/mod.rs"]
mod common;

use std::collections::HashSet;

use babillard::db::schema::{outbox, sessions};
use babillard::domain::messages::MessageKind;
use babillard::mail::worker;
use chrono::Duration;
use common::mailkit::{
    app_with_smtp, first_email, manage_token_in, parse_ics, queue, registration, toronto_to_utc,
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

/// A confirmed registration (in French unless `lang` says otherwise) with its
/// confirmation email (one seat) queued; returns the registration's id.
fn confirmed_with_email(app: &TestApp, session_id: i64, email: &str, name: &str) -> i64 {
    confirmed_with_email_in(app, session_id, email, name, "fr")
}

fn confirmed_with_email_in(
    app: &TestApp,
    session_id: i64,
    email: &str,
    name: &str,
    lang: &str,
) -> i64 {
    let (rid, _) = app.with_conn(|c| registration(c, session_id, email, name, lang, "confirmed"));
    app.with_conn(|c| {
        queue(
            c,
            MessageKind::RegistrationConfirmed,
            rid,
            serde_json::json!({"seats": 1}),
        )
    });
    rid
}

/// The check-in code of a registration, as stored.
fn check_in_code(app: &TestApp, registration_id: i64) -> String {
    app.with_conn(|c| {
        babillard::db::schema::registrations::table
            .find(registration_id)
            .select(babillard::db::schema::registrations::check_in_code)
            .first(c)
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
            $crate::each_backend!(run);
        }
    )*};
}

mod compose;
mod follow_up;
mod payments;
mod sinks;
mod storm;
mod volunteers;
mod workers;

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
    let bytes = first_email(&app, None);
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let code = check_in_code(&app, rid);
    let body = msg.body_text(0).unwrap();
    let token = manage_token_in(&body).expect("a manage link");
    let text = body
        .replace(&token, "[token]")
        .replace(&code, "[code]")
        .replace(&format!("/sessions/{sid}"), "/sessions/[id]");
    insta::assert_snapshot!(format!("Subject: {}\n\n{}", msg.subject().unwrap(), text));
}
