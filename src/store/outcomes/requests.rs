//! « Je veux un accompagnement »: a person marked present asks the organisation for
//! personal follow-up help, once per registration; the organisation's staff see it as a
//! task in the back office (`/admin/follow-ups`: their organisations only, every one
//! for the regional administrator) and mark it done.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::open;
use crate::db::schema::{follow_up_requests, registrations, sessions};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::Access;
use crate::domain::outcome::{Contact, FollowUpInput};
use crate::error::{Error, Result};
use crate::store::audit::{self, Entry};

/// A request as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: i64,
    pub contact: Contact,
    pub phone: Option<String>,
    pub message: String,
    pub created_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

type Row = (
    i64,
    String,
    Option<String>,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

fn request((id, contact, phone, message, created_at, done_at): Row) -> Request {
    Request {
        id,
        contact: Contact::parse(&contact).unwrap_or(Contact::Email),
        phone,
        message,
        created_at,
        done_at,
    }
}

/// The registration's request, if any.
pub fn of(conn: &mut DbConnection, registration_id: i64) -> QueryResult<Option<Request>> {
    Ok(follow_up_requests::table
        .filter(follow_up_requests::registration_id.eq(registration_id))
        .select((
            follow_up_requests::id,
            follow_up_requests::contact,
            follow_up_requests::phone,
            follow_up_requests::message,
            follow_up_requests::created_at,
            follow_up_requests::done_at,
        ))
        .first::<Row>(conn)
        .optional()?
        .map(request))
}

/// Records the request of the registration a manage token opens, once: a second time
/// answers the existing request, unchanged (`false`). Not found: no such link;
/// forbidden: the person was not marked present.
pub fn ask(
    conn: &mut DbConnection,
    token: &str,
    input: &FollowUpInput,
    now: NaiveDateTime,
) -> Result<(Request, bool)> {
    let done = write_tx(conn, |c| -> Result<(Request, bool)> {
        let o = open(c, token)?;
        if !o.present() {
            return Err(Error::Forbidden);
        }
        let r = &o.registration;
        if let Some(existing) = of(c, r.id)? {
            return Ok((existing, false));
        }
        // The number given here, else the registration's (staff call it either way).
        let phone = input
            .phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .or_else(|| r.phone.clone());
        diesel::insert_into(follow_up_requests::table)
            .values((
                follow_up_requests::registration_id.eq(r.id),
                follow_up_requests::session_id.eq(r.session_id),
                follow_up_requests::organisation_id.eq(o.session.session.organisation_id),
                follow_up_requests::contact.eq(input.contact.as_str()),
                follow_up_requests::phone.eq(&phone),
                follow_up_requests::message.eq(&input.message),
                follow_up_requests::created_at.eq(now),
            ))
            .execute(c)?;
        let created = of(c, r.id)?.ok_or(Error::NotFound)?;
        Ok((created, true))
    });
    match done {
        // A double click raced the first: show the request that won.
        Err(Error::Conflict(m)) if m.key == "error-conflict" => {
            let o = open(conn, token)?;
            let existing = of(conn, o.registration.id)?.ok_or(Error::NotFound)?;
            Ok((existing, false))
        }
        other => other,
    }
}

/// A request as staff see it in their task list.
#[derive(Debug, Clone)]
pub struct Task {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub email: Option<String>,
    /// The number to call: the one given with the request, or the registration's.
    pub phone: Option<String>,
    pub contact: Contact,
    pub message: String,
    pub session_id: i64,
    pub session_title: String,
    pub session_starts_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub done_at: Option<NaiveDateTime>,
}

type TaskRow = (
    (i64, i64, String, Option<String>, String),
    (NaiveDateTime, Option<NaiveDateTime>),
    (Option<String>, Option<String>, Option<String>),
    (i64, String, NaiveDateTime),
);

/// The requests of the organisations `who` edits (every one for the regional
/// administrator): open ones first, oldest first, then the last 50 done.
pub fn tasks(conn: &mut DbConnection, who: &Access) -> Result<Vec<Task>> {
    let mut q = follow_up_requests::table
        .inner_join(
            registrations::table.on(registrations::id.eq(follow_up_requests::registration_id)),
        )
        .inner_join(sessions::table.on(sessions::id.eq(follow_up_requests::session_id)))
        .into_boxed();
    if let Some(orgs) = who.organisations() {
        let mine: Vec<i64> = orgs.into_iter().filter(|o| who.can_edit(*o)).collect();
        q = q.filter(follow_up_requests::organisation_id.eq_any(mine));
    }
    let rows: Vec<TaskRow> = q
        .order((
            follow_up_requests::done_at.is_not_null(),
            follow_up_requests::done_at.desc(),
            follow_up_requests::created_at,
            follow_up_requests::id,
        ))
        .select((
            (
                follow_up_requests::id,
                follow_up_requests::organisation_id,
                follow_up_requests::contact,
                follow_up_requests::phone,
                follow_up_requests::message,
            ),
            (follow_up_requests::created_at, follow_up_requests::done_at),
            (
                registrations::name,
                registrations::email,
                registrations::phone,
            ),
            (sessions::id, sessions::title, sessions::starts_at),
        ))
        .load(conn)?;
    let mut done_shown = 0;
    Ok(rows
        .into_iter()
        .filter(|(_, (_, done), _, _)| {
            done.is_none() || {
                done_shown += 1;
                done_shown <= 50
            }
        })
        .map(
            |(
                (id, organisation_id, contact, phone, message),
                (created_at, done_at),
                (name, email, reg_phone),
                (session_id, session_title, session_starts_at),
            )| Task {
                id,
                organisation_id,
                name: name.unwrap_or_default(),
                email,
                phone: phone.or(reg_phone),
                contact: Contact::parse(&contact).unwrap_or(Contact::Email),
                message,
                session_id,
                session_title,
                session_starts_at,
                created_at,
                done_at,
            },
        )
        .collect())
}

/// Staff mark a request done (« Fait »), with an audit entry. Forbidden: a request of
/// an organisation `who` does not edit. Done twice changes nothing.
pub fn mark_done(conn: &mut DbConnection, who: &Access, id: i64, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |c| -> Result<()> {
        let (org, done_at, session_id): (i64, Option<NaiveDateTime>, i64) =
            follow_up_requests::table
                .find(id)
                .select((
                    follow_up_requests::organisation_id,
                    follow_up_requests::done_at,
                    follow_up_requests::session_id,
                ))
                .first(c)
                .optional()?
                .ok_or(Error::NotFound)?;
        if !who.can_edit(org) {
            return Err(Error::Forbidden);
        }
        if done_at.is_some() {
            return Ok(());
        }
        diesel::update(follow_up_requests::table.find(id))
            .set((
                follow_up_requests::done_at.eq(now),
                follow_up_requests::done_by.eq(who.user_id),
            ))
            .execute(c)?;
        audit::record(
            c,
            &Entry::new(who.user_id, "follow_up_done", "follow_up_request", Some(id))
                .org(org)
                .detail(format!("session {session_id}")),
        )?;
        Ok(())
    })
}
