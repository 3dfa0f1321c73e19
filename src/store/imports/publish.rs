//! Turning a payload into a live session and keeping it in step, through the same
//! store acts the back office uses (`store::programme::create_session`,
//! `update_session`, the engine's `cancel_session`), so a change bumps the session's
//! SEQUENCE and tells registered people exactly as an organiser's edit would. Shared by
//! the import ([`super::apply`]) and by moderation (approve, split).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::{Session, SessionOrigin};
use crate::db::schema::{
    merge_refusals, session_locations, session_origins, sessions, users, venues,
};
use crate::db::{DbConnection, now as db_now};
use crate::domain::access::{Access, Role};
use crate::domain::moderation::{DUPLICATE_WINDOW, Payload, Version, similar_titles};
use crate::domain::programme::{MAX_TEXT, MAX_TITLE, SessionInput};
use crate::domain::session::{Format, Level, SessionLanguage, SessionStatus};
use crate::error::Result;
use crate::store::audit::{Entry, record};

/// The account imports act as: it has no password (nobody signs in with it) and no
/// membership; the audit log shows its name next to what an import changed.
pub const IMPORT_ACTOR_EMAIL: &str = "calendriers-partenaires@babillard.invalid";
const IMPORT_ACTOR_NAME: &str = "Importation des calendriers partenaires";

/// The import account's id, created on first use.
pub(crate) fn import_actor(conn: &mut DbConnection) -> QueryResult<i64> {
    let found: Option<i64> = users::table
        .filter(users::email.eq(IMPORT_ACTOR_EMAIL))
        .select(users::id)
        .first(conn)
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    diesel::insert_into(users::table)
        .values((
            users::email.eq(IMPORT_ACTOR_EMAIL),
            users::name.eq(IMPORT_ACTOR_NAME),
            users::is_admin.eq(false),
            users::locale.eq("fr"),
            users::created_at.eq(db_now()),
        ))
        .execute(conn)?;
    users::table
        .filter(users::email.eq(IMPORT_ACTOR_EMAIL))
        .select(users::id)
        .first(conn)
}

/// The access a store act is called with on an organisation's behalf, once the caller's
/// own right (an import of the organisation's feed, a moderator's decision) is checked.
pub(crate) fn acting_for(user_id: i64, organisation_id: i64) -> Access {
    Access {
        user_id,
        is_admin: false,
        memberships: vec![(organisation_id, Role::Manager)],
        trainer_id: None,
    }
}

/// `sessions.external_uid` of the session a source's key created.
pub fn external_uid(source_id: i64, key: &str) -> String {
    format!("{source_id}/{key}")
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// A payload as the session form's input: an in-person session (or one without a
/// known place), for information unless the source takes registrations.
fn input(p: &Payload, takes_registrations: bool, keep: Option<&SessionInput>) -> SessionInput {
    let base = keep.cloned().unwrap_or(SessionInput {
        title: String::new(),
        description: String::new(),
        kind_id: p.kind_id,
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        format: Format::InPerson,
        online_url: None,
        venue_id: None,
        registration_required: takes_registrations,
        capacity: None,
        waitlist_limit: None,
        max_seats: 2,
        level: Level::All,
        language: SessionLanguage::Fr,
        track_id: None,
        what_to_bring: String::new(),
        audiences: p.audience_ids.clone(),
        topics: p.topic_ids.clone(),
        registration_opens_at: None,
        registration_closes_at: None,
    });
    SessionInput {
        title: clip(p.title.trim(), MAX_TITLE),
        description: clip(&p.published_description(), MAX_TEXT),
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        venue_id: p.venue_id,
        ..base
    }
}

/// Where a session is when no venue says it: the text as given and a municipality.
fn set_location(conn: &mut DbConnection, session_id: i64, p: &Payload) -> QueryResult<()> {
    diesel::delete(session_locations::table.find(session_id)).execute(conn)?;
    if p.location_text.is_some() || (p.venue_id.is_none() && p.municipality_id.is_some()) {
        diesel::insert_into(session_locations::table)
            .values((
                session_locations::session_id.eq(session_id),
                session_locations::location_text.eq(&p.location_text),
                session_locations::municipality_id.eq(p.municipality_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The session's place text, if it has one.
pub(crate) fn location_text(
    conn: &mut DbConnection,
    session_id: i64,
) -> QueryResult<Option<String>> {
    Ok(session_locations::table
        .find(session_id)
        .select(session_locations::location_text)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Records an origin of a session (its source's key, the link, the payload read).
pub(crate) fn add_origin(
    conn: &mut DbConnection,
    session_id: i64,
    source_id: i64,
    key: &str,
    p: &Payload,
) -> QueryResult<()> {
    diesel::insert_into(session_origins::table)
        .values((
            session_origins::session_id.eq(session_id),
            session_origins::source_id.eq(source_id),
            session_origins::external_uid.eq(key),
            session_origins::origin_url.eq(&p.origin_url),
            session_origins::payload.eq(p.to_json()),
            session_origins::created_at.eq(db_now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Keeps an origin's link and payload as last read (writes only when they changed).
pub(crate) fn refresh_origin(
    conn: &mut DbConnection,
    origin: &SessionOrigin,
    p: &Payload,
) -> QueryResult<bool> {
    let json = p.to_json();
    if origin.payload == json && origin.origin_url == p.origin_url {
        return Ok(false);
    }
    diesel::update(session_origins::table.find(origin.id))
        .set((
            session_origins::origin_url.eq(&p.origin_url),
            session_origins::payload.eq(json),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Publishes a payload as a new session of `event_id`, acting as `who` (who may edit
/// the organisation's sessions). With an origin, the session is that key's.
pub(crate) fn create(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    p: &Payload,
    takes_registrations: bool,
    origin: Option<(i64, &str)>,
) -> Result<i64> {
    let id = crate::store::programme::create_session(
        conn,
        who,
        event_id,
        &input(p, takes_registrations, None),
        true,
    )?;
    set_location(conn, id, p)?;
    // Its place may be known only now: tell the interest lists of that municipality too.
    crate::store::interests::announce(conn, id, db_now())?;
    if let Some((source_id, key)) = origin {
        diesel::update(sessions::table.find(id))
            .set(sessions::external_uid.eq(external_uid(source_id, key)))
            .execute(conn)?;
        add_origin(conn, id, source_id, key, p)?;
    }
    Ok(id)
}

/// Changes a live session to a payload's title, time, place, description (its other
/// settings, terms and capacity stay as the organisation left them), acting as `who`.
pub(crate) fn update(
    conn: &mut DbConnection,
    who: &Access,
    s: &Session,
    p: &Payload,
) -> Result<()> {
    let kept = crate::store::programme::session_input(conn, s)?;
    let next = input(p, kept.registration_required, Some(&kept));
    crate::store::programme::update_session(conn, who, s.id, &next, chrono::Duration::zero())?;
    if location_text(conn, s.id)? != p.location_text {
        set_location(conn, s.id, p)?;
    }
    Ok(())
}

/// Cancels a live session for a reason (the engine cancels its registrations and tells
/// each person; its SEQUENCE rises), with the audit entry.
pub(crate) fn cancel(
    conn: &mut DbConnection,
    actor: i64,
    s: &Session,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    crate::store::registrations::cancel_session(conn, s.id, reason, now)
        .map_err(crate::store::intake::refused)?;
    record(
        conn,
        &Entry::new(actor, "cancel", "session", Some(s.id))
            .org(s.organisation_id)
            .detail(format!("{} — {reason}", s.title)),
    )?;
    Ok(())
}

/// The live version of a session, as a payload would show it.
pub(crate) fn live_version<'a>(
    s: &'a Session,
    location_text: Option<&'a str>,
    origin_url: Option<&'a str>,
) -> Version<'a> {
    Version {
        title: &s.title,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        venue_id: s.venue_id,
        location_text,
        description: &s.description,
        origin_url,
    }
}

/// A live session this payload duplicates, if any: starting within
/// [`DUPLICATE_WINDOW`], in the same municipality (its venue's, or the one it was
/// placed in), with a similar title; not already shown by this source, and not split
/// from this very key before.
pub(crate) fn duplicate_of(
    conn: &mut DbConnection,
    source_id: i64,
    key: &str,
    p: &Payload,
) -> QueryResult<Option<i64>> {
    let Some(municipality) = p.municipality_id else {
        return Ok(None);
    };
    let near: Vec<Session> = sessions::table
        .filter(sessions::starts_at.ge(p.starts_at - DUPLICATE_WINDOW))
        .filter(sessions::starts_at.le(p.starts_at + DUPLICATE_WINDOW))
        .filter(sessions::status.eq(SessionStatus::Published))
        .order(sessions::id)
        .select(Session::as_select())
        .load(conn)?;
    for s in near {
        if !similar_titles(&s.title, &p.title) {
            continue;
        }
        let place = municipality_of(conn, &s)?;
        if place != Some(municipality) {
            continue;
        }
        let mine: i64 = session_origins::table
            .filter(session_origins::session_id.eq(s.id))
            .filter(session_origins::source_id.eq(source_id))
            .count()
            .get_result(conn)?;
        let refused: i64 = merge_refusals::table
            .filter(merge_refusals::session_id.eq(s.id))
            .filter(merge_refusals::source_id.eq(source_id))
            .filter(merge_refusals::external_uid.eq(key))
            .count()
            .get_result(conn)?;
        if mine == 0 && refused == 0 {
            return Ok(Some(s.id));
        }
    }
    Ok(None)
}

/// The municipality of a session: its venue's, or the one it was placed in.
pub(crate) fn municipality_of(conn: &mut DbConnection, s: &Session) -> QueryResult<Option<i64>> {
    match s.venue_id {
        Some(v) => venues::table
            .find(v)
            .select(venues::municipality_id)
            .first(conn)
            .optional(),
        None => Ok(session_locations::table
            .find(s.id)
            .select(session_locations::municipality_id)
            .first::<Option<i64>>(conn)
            .optional()?
            .flatten()),
    }
}
