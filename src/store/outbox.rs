//! The email outbox (invariant 4): a row per message, written in the transaction of
//! the change it reports. The mail worker claims, sends and marks rows.

use diesel::prelude::*;

use crate::db::schema::outbox;
use crate::db::{DbConnection, now};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;

/// A message to send, as a state change describes it.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub kind: MessageKind,
    pub registration_id: Option<i64>,
    pub session_id: Option<i64>,
    pub recipient: String,
    pub recipient_name: String,
    pub language: Lang,
    /// What the message needs beyond the current rows (e.g. the old time of a moved
    /// session, the organiser's text). `{}` when nothing.
    pub payload: serde_json::Value,
}

/// Queues a message; call inside the transaction that makes the change. A message
/// that carries an invite raises the registration's `ical_sequence` first, so every
/// invite a person receives supersedes the one before (RFC 5545 SEQUENCE). A message
/// about a registration gets a manage link of its own (`store::links`): its clear token
/// rides in the payload (`manage_token`) until the message is sent, then is dropped.
pub fn enqueue(conn: &mut DbConnection, m: &NewMessage) -> QueryResult<()> {
    use crate::db::schema::registrations;
    let stamp = now();
    if let (true, Some(id)) = (m.kind.carries_invite(), m.registration_id) {
        diesel::update(registrations::table.find(id))
            .set(registrations::ical_sequence.eq(registrations::ical_sequence + 1))
            .execute(conn)?;
    }
    let mut payload = m.payload.clone();
    if let (true, Some(id)) = (m.kind.shows_manage_link(), m.registration_id) {
        let token = crate::store::links::mint(conn, id, stamp)?;
        match &mut payload {
            serde_json::Value::Object(map) => {
                map.insert("manage_token".into(), token.into());
            }
            other => *other = serde_json::json!({ "manage_token": token }),
        }
    }
    diesel::insert_into(outbox::table)
        .values((
            outbox::kind.eq(m.kind.as_str()),
            outbox::registration_id.eq(m.registration_id),
            outbox::session_id.eq(m.session_id),
            outbox::recipient.eq(&m.recipient),
            outbox::recipient_name.eq(&m.recipient_name),
            outbox::language.eq(m.language.code()),
            outbox::payload.eq(payload.to_string()),
            outbox::status.eq("pending"),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(stamp),
            outbox::created_at.eq(stamp),
        ))
        .execute(conn)
        .map(|_| ())
}
