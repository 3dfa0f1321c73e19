//! Managing the programme: events with their days and tracks, sessions (create, edit,
//! publish, unpublish, duplicate, delete while nobody registered), weekly series in one
//! transaction, and moving or cancelling a session with everyone told. Every function
//! checks the caller's [`Access`] inside its transaction and writes the audit entry
//! with the change.
//!
//! One file per aggregate: [`event`] (events, their days and tracks) and [`session`]
//! (sessions and series); this module keeps what both use (permission checks, the
//! terms and references of a session, and one [`SessionInput`] built from a row, so a
//! copy is stored like a new session). Every function is reachable from here as before.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::{Event, Registration, Session};
use crate::db::schema::{
    audiences, event_days, events, kinds, registrations, session_audiences, session_topics,
    session_trainers, sessions, topics, tracks, venues,
};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::Access;
use crate::domain::lang::Lang;
use crate::domain::messages::MessageKind;
use crate::domain::programme::{EventInput, SessionInput};
use crate::domain::series::Occurrence;
use crate::domain::text::slugify;
use crate::domain::token::random_token;
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::outbox::{NewMessage, enqueue};

/// The one way to read a session for a change (kept here for callers of this path).
pub use crate::store::sessions::lock_session;

mod event;
mod helped;
mod prices;
mod session;

pub use event::*;
pub use helped::*;
pub use prices::*;
pub use session::*;

fn event_for_edit(conn: &mut DbConnection, who: &Access, event_id: i64) -> Result<Event> {
    let event: Event = events::table
        .find(event_id)
        .select(Event::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if !who.can_edit(event.organisation_id) {
        return Err(Error::Forbidden);
    }
    Ok(event)
}

fn session_for_edit(conn: &mut DbConnection, who: &Access, id: i64) -> Result<Session> {
    let s = lock_session(conn, id)?;
    if !who.can_edit(s.organisation_id) {
        return Err(Error::Forbidden);
    }
    Ok(s)
}

/// A slug not yet used by any event: the title's, then `-2`, `-3`…
fn free_event_slug(conn: &mut DbConnection, title: &str) -> QueryResult<String> {
    crate::store::slugs::free(
        conn,
        &crate::store::slugs::base(title, "programme"),
        |c, s| {
            events::table
                .filter(events::slug.eq(s))
                .count()
                .get_result::<i64>(c)
                .map(|n| n > 0)
        },
    )
}

/// Checks the ids a session refers to belong where they should: the kind and terms
/// exist, the venue is the organisation's (or shared), the track is the event's.
pub(crate) fn check_refs(
    conn: &mut DbConnection,
    organisation_id: i64,
    event_id: i64,
    s: &SessionInput,
) -> Result<()> {
    let mut errors = Vec::new();
    let kind: i64 = kinds::table.find(s.kind_id).count().get_result(conn)?;
    if kind == 0 {
        errors.push(FieldError::new("kind_id", Msg::new("admin-error-choice")));
    }
    if let Some(v) = s.venue_id {
        let owner: Option<Option<i64>> = venues::table
            .find(v)
            .select(venues::organisation_id)
            .first(conn)
            .optional()?;
        match owner {
            Some(None) => {}
            Some(Some(o)) if o == organisation_id => {}
            _ => errors.push(FieldError::new("venue_id", Msg::new("admin-error-choice"))),
        }
    }
    if let Some(t) = s.track_id {
        let ok: i64 = tracks::table
            .filter(tracks::id.eq(t))
            .filter(tracks::event_id.eq(event_id))
            .count()
            .get_result(conn)?;
        if ok == 0 {
            errors.push(FieldError::new("track_id", Msg::new("admin-error-choice")));
        }
    }
    let (audiences_known, topics_known) = terms_exist(conn, &s.audiences, &s.topics)?;
    for (field, known) in [("audiences", audiences_known), ("topics", topics_known)] {
        if !known {
            errors.push(FieldError::new(field, Msg::new("admin-error-choice")));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The audit entry of publishing (`true`) or unpublishing an event or a session.
fn publication(who: &Access, published: bool, entity: &str, id: i64) -> Entry {
    let action = if published { "publish" } else { "unpublish" };
    Entry::new(who.user_id, action, entity, Some(id))
}

/// Whether every audience id, and every topic id, names a term that exists (a repeated
/// id counts once).
pub(crate) fn terms_exist(
    conn: &mut DbConnection,
    audience_ids: &[i64],
    topic_ids: &[i64],
) -> QueryResult<(bool, bool)> {
    let known_audiences: i64 = audiences::table
        .filter(audiences::id.eq_any(audience_ids))
        .count()
        .get_result(conn)?;
    let known_topics: i64 = topics::table
        .filter(topics::id.eq_any(topic_ids))
        .count()
        .get_result(conn)?;
    Ok((
        known_audiences as usize == dedup(audience_ids).len(),
        known_topics as usize == dedup(topic_ids).len(),
    ))
}

/// The ids sorted, each once.
pub(crate) fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn set_terms(conn: &mut DbConnection, session_id: i64, s: &SessionInput) -> QueryResult<()> {
    diesel::delete(session_audiences::table.filter(session_audiences::session_id.eq(session_id)))
        .execute(conn)?;
    diesel::delete(session_topics::table.filter(session_topics::session_id.eq(session_id)))
        .execute(conn)?;
    link_terms(conn, session_id, &dedup(&s.audiences), &dedup(&s.topics))
}

/// Tags a session with audiences and topics (ids; each once), in the caller's
/// transaction.
pub(crate) fn link_terms(
    conn: &mut DbConnection,
    session_id: i64,
    audiences: &[i64],
    topics: &[i64],
) -> QueryResult<()> {
    for a in audiences {
        diesel::insert_into(session_audiences::table)
            .values((
                session_audiences::session_id.eq(session_id),
                session_audiences::audience_id.eq(a),
            ))
            .execute(conn)?;
    }
    for t in topics {
        diesel::insert_into(session_topics::table)
            .values((
                session_topics::session_id.eq(session_id),
                session_topics::topic_id.eq(t),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub(crate) fn insert_session(
    conn: &mut DbConnection,
    event: &Event,
    s: &SessionInput,
    publish: bool,
    series_key: Option<&str>,
) -> Result<i64> {
    let stamp = now();
    let row = crate::db::models::NewSession {
        event_id: event.id,
        organisation_id: event.organisation_id,
        track_id: s.track_id,
        kind_id: s.kind_id,
        title: s.title.clone(),
        description: s.description.clone(),
        level: s.level,
        language: s.language.as_str().to_owned(),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        format: s.format,
        online_url: s.online_url.clone(),
        venue_id: s.venue_id,
        registration_required: s.registration_required,
        capacity: s.capacity,
        waitlist_limit: s.waitlist_limit,
        max_seats: s.max_seats,
        price_cents: 0,
        registration_opens_at: s.registration_opens_at,
        registration_closes_at: s.registration_closes_at,
        status: if publish {
            crate::domain::session::SessionStatus::Published
        } else {
            crate::domain::session::SessionStatus::Draft
        },
        series_key: series_key.map(str::to_owned),
        external_uid: None,
        what_to_bring: s.what_to_bring.clone(),
        created_at: stamp,
        updated_at: stamp,
    };
    // One statement on both backends (RETURNING is outside the common subset).
    let id: i64 = crate::per_backend!(conn, |c| diesel::insert_into(sessions::table)
        .values(&row)
        .returning(sessions::id)
        .get_result(c))?;
    set_terms(conn, id, s)?;
    crate::store::webhooks::session_created(conn, id)?;
    if publish {
        crate::store::interests::announce(conn, id, stamp)?;
    }
    Ok(id)
}

/// A stored session as an input to store again (a copy of it, or of its event): its
/// fields and its terms as they are now; callers change what the copy changes.
pub(crate) fn session_input(conn: &mut DbConnection, s: &Session) -> QueryResult<SessionInput> {
    let audiences: Vec<i64> = session_audiences::table
        .filter(session_audiences::session_id.eq(s.id))
        .select(session_audiences::audience_id)
        .load(conn)?;
    let topics: Vec<i64> = session_topics::table
        .filter(session_topics::session_id.eq(s.id))
        .select(session_topics::topic_id)
        .load(conn)?;
    Ok(SessionInput {
        title: s.title.clone(),
        description: s.description.clone(),
        kind_id: s.kind_id,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        format: s.format,
        online_url: s.online_url.clone(),
        venue_id: s.venue_id,
        registration_required: s.registration_required,
        capacity: s.capacity,
        waitlist_limit: s.waitlist_limit,
        max_seats: s.max_seats,
        level: s.level,
        language: crate::domain::session::SessionLanguage::parse(&s.language)
            .unwrap_or(crate::domain::session::SessionLanguage::Fr),
        track_id: s.track_id,
        what_to_bring: s.what_to_bring.clone(),
        audiences,
        topics,
        registration_opens_at: s.registration_opens_at,
        registration_closes_at: s.registration_closes_at,
    })
}
