//! « Mes activités »: all of a person's registrations, reached only through a link
//! emailed to their address. Typing an address answers the same whatever it is; the
//! email goes out only when that address has registrations, at most once per
//! `REPEAT_WINDOW`. `person_feeds` keeps the link's digest and the person key, and loses
//! the row once no registration of that person is left (erased or purged).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::Registration;
use crate::db::schema::{person_feeds, registrations};
use crate::db::{DbConnection, write_tx};
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::registration::{Email, email_key, may_resend_link};
use crate::domain::token::{digest, looks_like_token, random_token};
use crate::store::feeds::{Entry, entries};
use crate::store::outbox::{NewMessage, enqueue};

/// Emails the « Mes activités » link to an address that has registrations (a new link
/// each time; earlier ones keep working). Returns whether a message was queued; the
/// caller says the same either way.
pub fn request_link(
    conn: &mut DbConnection,
    email: &Email,
    lang: Lang,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let key = email_key(email);
    write_tx(conn, |conn| {
        let latest: Option<Registration> = registrations::table
            .filter(registrations::person_key.eq(&key))
            .filter(registrations::purged_at.is_null())
            .filter(registrations::email.is_not_null())
            .order(registrations::id.desc())
            .select(Registration::as_select())
            .first(conn)
            .optional()?;
        let Some(r) = latest else {
            return Ok(false);
        };
        let last: Option<NaiveDateTime> = person_feeds::table
            .filter(person_feeds::person_key.eq(&key))
            .select(diesel::dsl::max(person_feeds::created_at))
            .first(conn)?;
        if last.is_some_and(|t| !may_resend_link(t, now)) {
            return Ok(false);
        }
        let token = random_token();
        diesel::insert_into(person_feeds::table)
            .values((
                person_feeds::person_key.eq(&key),
                person_feeds::token_hash.eq(digest(&token)),
                person_feeds::created_at.eq(now),
            ))
            .execute(conn)?;
        enqueue(
            conn,
            &NewMessage {
                kind: MessageKind::ActivitiesLink,
                registration_id: None,
                session_id: None,
                // The address as we hold it (the person typed the same, maybe in
                // other letter case).
                recipient: r.email.clone().unwrap_or_default(),
                recipient_name: r.name.clone().unwrap_or_default(),
                language: lang,
                payload: json!({ "activities_token": token }),
            },
        )?;
        Ok(true)
    })
}

/// The person a « Mes activités » token leads to.
fn person_for(conn: &mut DbConnection, token: &str) -> QueryResult<Option<String>> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    person_feeds::table
        .filter(person_feeds::token_hash.eq(digest(token)))
        .select(person_feeds::person_key)
        .first(conn)
        .optional()
}

/// The person's registrations behind a token (`None`: unknown token): of public
/// sessions that ended at most `keep` ago, cancelled ones only while recent, in start
/// order. `waiting`: include the waitlist and offers (the page does; calendars do not).
pub fn of_token(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
    keep: Duration,
    waiting: bool,
) -> QueryResult<Option<Vec<Entry>>> {
    let Some(key) = person_for(conn, token)? else {
        return Ok(None);
    };
    let regs: Vec<Registration> = registrations::table
        .filter(registrations::person_key.eq(&key))
        .filter(registrations::purged_at.is_null())
        .order(registrations::id)
        .select(Registration::as_select())
        .load(conn)?;
    entries(conn, regs, now, keep, waiting).map(Some)
}

/// Drops « Mes activités » links of people with no registration left.
pub fn forget_unused(conn: &mut DbConnection) -> QueryResult<usize> {
    diesel::delete(
        person_feeds::table.filter(diesel::dsl::not(diesel::dsl::exists(
            registrations::table
                .filter(registrations::person_key.eq(person_feeds::person_key.nullable()))
                .filter(registrations::purged_at.is_null()),
        ))),
    )
    .execute(conn)
}
