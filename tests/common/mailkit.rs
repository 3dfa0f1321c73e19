//! Test helpers of the mail area: registrations as the engine writes them, outbox rows
//! queued with `store::outbox::enqueue` (as the engine does), an app whose mail goes
//! to a loopback SMTP sink, and an independent iCalendar check (the `icalendar`
//! crate's parser, plus RFC 5545 line rules).
#![allow(dead_code)]

use std::collections::HashMap;

use babillard::config::Secret;
use babillard::db::DbConnection;
use babillard::db::models::OutboxRow;
use babillard::db::schema::{outbox, registrations};
use babillard::domain::messages::MessageKind;
use babillard::store::outbox::{NewMessage, enqueue};
use babillard::web::i18n::Lang;
use diesel::prelude::*;

use super::{Backend, TestApp};

/// A fresh app on `backend` whose mail goes to `smtp_url` (None: `.eml` files in a
/// temporary folder).
pub async fn app_with_smtp(backend: Backend, smtp_url: Option<String>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    TestApp::build(backend, move |s| {
        s.base_url = "https://babillard.test".into();
        s.mail_from = "Babillard <no-reply@babillard.test>".into();
        s.mail_dir = dir;
        if let Some(url) = smtp_url {
            s.smtp_url = Secret::new(url);
        }
    })
    .await
}

/// A registration row as the engine would write it; returns (id, token).
pub fn registration(
    conn: &mut DbConnection,
    session_id: i64,
    email: &str,
    name: &str,
    lang: &str,
    status: &str,
) -> (i64, String) {
    let token = babillard::domain::token::random_token();
    let now = babillard::db::now();
    diesel::insert_into(registrations::table)
        .values((
            registrations::session_id.eq(session_id),
            registrations::token_hash.eq(babillard::domain::token::digest(&token)),
            registrations::person_key.eq(Some(email.to_lowercase())),
            registrations::name.eq(Some(name)),
            registrations::email.eq(Some(email)),
            registrations::seats.eq(1),
            registrations::status.eq(status),
            registrations::language.eq(lang),
            registrations::queued_at.eq(now),
            registrations::check_in_code.eq(babillard::domain::token::check_in_code()),
            registrations::created_at.eq(now),
            registrations::updated_at.eq(now),
        ))
        .execute(conn)
        .unwrap();
    let id = registrations::table
        .filter(registrations::token_hash.eq(babillard::domain::token::digest(&token)))
        .select(registrations::id)
        .first(conn)
        .unwrap();
    (id, token)
}

/// The token of the first manage link (`/r/<token>`) in a text.
pub fn manage_token_in(text: &str) -> Option<String> {
    let start = text.find("/r/")? + 3;
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (token.len() == 32).then_some(token)
}

/// Queues a message about a registration, in a write transaction, as the engine does.
pub fn queue(
    conn: &mut DbConnection,
    kind: MessageKind,
    registration_id: i64,
    payload: serde_json::Value,
) {
    let (session_id, email, name, lang): (i64, Option<String>, Option<String>, String) =
        registrations::table
            .find(registration_id)
            .select((
                registrations::session_id,
                registrations::email,
                registrations::name,
                registrations::language,
            ))
            .first(conn)
            .unwrap();
    babillard::db::write_tx(conn, |conn| {
        enqueue(
            conn,
            &NewMessage {
                kind,
                registration_id: Some(registration_id),
                session_id: Some(session_id),
                recipient: email.unwrap(),
                recipient_name: name.unwrap_or_default(),
                language: Lang::parse(&lang).unwrap_or_default(),
                payload,
            },
        )
    })
    .unwrap();
}

/// The first queued email (the first of `kind` when given), composed as the mail
/// worker sends it: its MIME bytes, for `mail_parser` to read.
pub fn first_email(app: &TestApp, kind: Option<&str>) -> Vec<u8> {
    let rows: Vec<OutboxRow> = app.with_conn(|c| {
        outbox::table
            .order(outbox::id)
            .select(OutboxRow::as_select())
            .load(c)
            .unwrap()
    });
    let row = rows
        .into_iter()
        .find(|r| kind.is_none_or(|k| r.kind == k))
        .expect("a queued email");
    app.with_conn(|c| babillard::mail::compose(&app.state.mail(), c, &row))
        .expect("composed")
        .message
        .formatted()
}

/// One property as the independent parser read it (value unescaped).
#[derive(Debug, Clone)]
pub struct Prop {
    pub params: HashMap<String, String>,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Ics {
    pub props: HashMap<String, Prop>,
    pub events: Vec<HashMap<String, Prop>>,
    pub timezones: usize,
}

impl Ics {
    pub fn prop(&self, name: &str) -> Option<&str> {
        self.props.get(name).map(|p| p.value.as_str())
    }
}

/// Parses an iCalendar text with the `icalendar` crate after checking the RFC 5545
/// line rules our writer promises: CRLF only, no line over 75 octets.
pub fn parse_ics(text: &str) -> Ics {
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n"),
        "starts with BEGIN:VCALENDAR: {text}"
    );
    assert!(
        text.ends_with("END:VCALENDAR\r\n"),
        "ends with END:VCALENDAR"
    );
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }
    // The typed parser must accept it too.
    text.parse::<icalendar::Calendar>()
        .unwrap_or_else(|e| panic!("icalendar refuses the calendar: {e}"));
    let unfolded = icalendar::parser::unfold(text);
    let cal = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("icalendar cannot read it: {e}"));
    let props_of = |ps: &[icalendar::parser::Property<'_>]| -> HashMap<String, Prop> {
        ps.iter()
            .map(|p| {
                (
                    p.name.as_str().to_owned(),
                    Prop {
                        params: p
                            .params
                            .iter()
                            .map(|x| {
                                (
                                    x.key.as_str().to_owned(),
                                    x.val
                                        .as_ref()
                                        .map(|v| v.as_str().to_owned())
                                        .unwrap_or_default(),
                                )
                            })
                            .collect(),
                        value: p.val.clone().unescape_text().as_str().to_owned(),
                    },
                )
            })
            .collect()
    };
    Ics {
        props: props_of(&cal.properties),
        events: cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .map(|c| props_of(&c.properties))
            .collect(),
        timezones: cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VTIMEZONE")
            .count(),
    }
}

/// A DTSTART/DTEND in `TZID=America/Toronto` as UTC.
pub fn toronto_to_utc(p: &Prop) -> chrono::NaiveDateTime {
    assert_eq!(
        p.params.get("TZID").map(String::as_str),
        Some("America/Toronto")
    );
    let local = chrono::NaiveDateTime::parse_from_str(&p.value, "%Y%m%dT%H%M%S").unwrap();
    babillard::domain::time::to_utc(local).unwrap()
}

pub fn kind_all() -> &'static [MessageKind] {
    MessageKind::ALL
}
