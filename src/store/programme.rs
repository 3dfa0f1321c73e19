//! Managing the programme: events with their days and tracks, sessions (create, edit,
//! publish, unpublish, duplicate, delete while nobody registered), weekly series in one
//! transaction, and moving or cancelling a session with everyone told. Every function
//! checks the caller's [`Access`] inside its transaction and writes the audit entry
//! with the change.

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

/// Creates a draft event for an organisation; returns its id.
pub fn create_event(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    input: &EventInput,
) -> Result<i64> {
    if !who.can_edit(organisation_id) {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let slug = free_event_slug(conn, &input.title)?;
        let stamp = now();
        diesel::insert_into(events::table)
            .values((
                events::organisation_id.eq(organisation_id),
                events::slug.eq(&slug),
                events::title.eq(&input.title),
                events::summary.eq(&input.summary),
                events::description.eq(&input.description),
                events::status.eq("draft"),
                events::created_at.eq(stamp),
                events::updated_at.eq(stamp),
            ))
            .execute(conn)?;
        let id: i64 = events::table
            .filter(events::slug.eq(&slug))
            .select(events::id)
            .first(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "event", Some(id))
                .org(organisation_id)
                .detail(&input.title),
        )?;
        Ok(id)
    })
}

/// Changes an event's texts.
pub fn update_event(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    input: &EventInput,
) -> Result<()> {
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        diesel::update(events::table.find(event_id))
            .set((
                events::title.eq(&input.title),
                events::summary.eq(&input.summary),
                events::description.eq(&input.description),
                events::updated_at.eq(now()),
            ))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "update", "event", Some(event_id))
                .org(event.organisation_id)
                .detail(&input.title),
        )?;
        Ok(())
    })
}

/// Publishes (`true`) or unpublishes an event page.
pub fn set_event_published(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    published: bool,
) -> Result<()> {
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        let status = if published { "published" } else { "draft" };
        diesel::update(events::table.find(event_id))
            .set((events::status.eq(status), events::updated_at.eq(now())))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(
                who.user_id,
                if published { "publish" } else { "unpublish" },
                "event",
                Some(event_id),
            )
            .org(event.organisation_id)
            .detail(&event.title),
        )?;
        Ok(())
    })
}

/// Adds (or retitles) a day of a programme.
pub fn add_day(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    day: NaiveDate,
    title: &str,
) -> Result<()> {
    let title = title.trim();
    if title.chars().count() > 200 {
        return Err(Error::field("title", "admin-error-too-long"));
    }
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        let key = day.format("%Y-%m-%d").to_string();
        let updated = diesel::update(
            event_days::table
                .filter(event_days::event_id.eq(event_id))
                .filter(event_days::day.eq(&key)),
        )
        .set(event_days::title.eq(title))
        .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(event_days::table)
                .values((
                    event_days::event_id.eq(event_id),
                    event_days::day.eq(&key),
                    event_days::title.eq(title),
                ))
                .execute(conn)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "add_day", "event", Some(event_id))
                .org(event.organisation_id)
                .detail(format!("{key} {title}")),
        )?;
        Ok(())
    })
}

/// Adds a track (e.g. "Mains sur les touches", "Volet étudiant") to a programme.
pub fn add_track(conn: &mut DbConnection, who: &Access, event_id: i64, name: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::field("name", "admin-error-required"));
    }
    if name.chars().count() > 120 {
        return Err(Error::field("name", "admin-error-too-long"));
    }
    let slug = match slugify(name) {
        s if s.is_empty() => "volet".to_owned(),
        s => s,
    };
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        let exists: i64 = tracks::table
            .filter(tracks::event_id.eq(event_id))
            .filter(tracks::slug.eq(&slug))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            return Err(Error::field("name", "admin-error-duplicate"));
        }
        let position: i32 = tracks::table
            .filter(tracks::event_id.eq(event_id))
            .count()
            .get_result::<i64>(conn)? as i32;
        diesel::insert_into(tracks::table)
            .values((
                tracks::event_id.eq(event_id),
                tracks::slug.eq(&slug),
                tracks::name.eq(name),
                tracks::position.eq(position),
            ))
            .execute(conn)?;
        let id = tracks::table
            .filter(tracks::event_id.eq(event_id))
            .filter(tracks::slug.eq(&slug))
            .select(tracks::id)
            .first(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "add_track", "event", Some(event_id))
                .org(event.organisation_id)
                .detail(name),
        )?;
        Ok(id)
    })
}

/// Checks the ids a session refers to belong where they should: the kind and terms
/// exist, the venue is the organisation's (or shared), the track is the event's.
fn check_refs(
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
    let known: i64 = audiences::table
        .filter(audiences::id.eq_any(&s.audiences))
        .count()
        .get_result(conn)?;
    if known as usize != dedup(&s.audiences).len() {
        errors.push(FieldError::new("audiences", Msg::new("admin-error-choice")));
    }
    let known: i64 = topics::table
        .filter(topics::id.eq_any(&s.topics))
        .count()
        .get_result(conn)?;
    if known as usize != dedup(&s.topics).len() {
        errors.push(FieldError::new("topics", Msg::new("admin-error-choice")));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}

fn dedup(ids: &[i64]) -> Vec<i64> {
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
    for a in dedup(&s.audiences) {
        diesel::insert_into(session_audiences::table)
            .values((
                session_audiences::session_id.eq(session_id),
                session_audiences::audience_id.eq(a),
            ))
            .execute(conn)?;
    }
    for t in dedup(&s.topics) {
        diesel::insert_into(session_topics::table)
            .values((
                session_topics::session_id.eq(session_id),
                session_topics::topic_id.eq(t),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn insert_session(
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
    let id: i64 = match conn {
        DbConnection::Postgres(c) => diesel::insert_into(sessions::table)
            .values(&row)
            .returning(sessions::id)
            .get_result(c)?,
        DbConnection::Sqlite(c) => diesel::insert_into(sessions::table)
            .values(&row)
            .returning(sessions::id)
            .get_result(c)?,
    };
    set_terms(conn, id, s)?;
    Ok(id)
}

/// Creates a session in an event (a draft unless `publish`); returns its id.
pub fn create_session(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    s: &SessionInput,
    publish: bool,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        check_refs(conn, event.organisation_id, event.id, s)?;
        let id = insert_session(conn, &event, s, publish, None)?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "session", Some(id))
                .org(event.organisation_id)
                .detail(&s.title),
        )?;
        Ok(id)
    })
}

/// Creates every occurrence of a series in one transaction (all or none); the
/// sessions share a `series_key`. Returns their ids in date order.
pub fn create_series(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    template: &SessionInput,
    dates: &[Occurrence],
    publish: bool,
) -> Result<Vec<i64>> {
    if dates.is_empty() {
        return Err(Error::field("count", "admin-error-number"));
    }
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        let first = SessionInput {
            starts_at: dates[0].starts_at,
            ends_at: dates[0].ends_at,
            ..template.clone()
        };
        check_refs(conn, event.organisation_id, event.id, &first)?;
        let key = random_token();
        let mut ids = Vec::with_capacity(dates.len());
        for d in dates {
            // The registration window moves with each occurrence.
            let shift = d.starts_at - dates[0].starts_at;
            let s = SessionInput {
                starts_at: d.starts_at,
                ends_at: d.ends_at,
                registration_opens_at: template.registration_opens_at.map(|t| t + shift),
                registration_closes_at: template.registration_closes_at.map(|t| t + shift),
                ..template.clone()
            };
            ids.push(insert_session(conn, &event, &s, publish, Some(&key))?);
        }
        record(
            conn,
            &Entry::new(
                who.user_id,
                "create_series",
                "session",
                ids.first().copied(),
            )
            .org(event.organisation_id)
            .detail(format!("{} × {}", template.title, ids.len())),
        )?;
        Ok(ids)
    })
}

/// Live registrations of a session: those holding or waiting for a seat.
pub fn live_registrations(
    conn: &mut DbConnection,
    session_id: i64,
) -> QueryResult<Vec<Registration>> {
    registrations::table
        .filter(registrations::session_id.eq(session_id))
        .filter(
            registrations::status.eq_any(crate::domain::registration::Status::matching(
                crate::domain::registration::Status::is_open,
            )),
        )
        .order((registrations::queued_at, registrations::id))
        .select(Registration::as_select())
        .load(conn)
}

/// What changed when a session was edited, as the `session_changed` payload names it.
fn changes(before: &Session, after: &SessionInput) -> Vec<&'static str> {
    let mut what = Vec::new();
    if before.starts_at != after.starts_at || before.ends_at != after.ends_at {
        what.push("time");
    }
    if before.venue_id != after.venue_id
        || before.format != after.format
        || before.online_url != after.online_url
    {
        what.push("place");
    }
    if before.title != after.title
        || before.description != after.description
        || before.what_to_bring != after.what_to_bring
    {
        what.push("details");
    }
    what
}

/// The outcome of an edit: how many people were told of a change of time or place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Updated {
    pub notified: usize,
}

/// Changes a session. Lowering the capacity below the seats already taken is refused
/// (cancel registrations first). When the time or the place changes, the session's
/// SEQUENCE rises and every live registration gets `session_changed` with an updated
/// invite, in this transaction; nothing is refused for having registrations. A change
/// of time is checked against the assigned trainers' other sessions. A new capacity is
/// applied by the registration engine (`store::registrations::set_capacity`, nested in
/// this transaction), which promotes waiting people into new seats.
pub fn update_session(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    s: &SessionInput,
    travel: chrono::Duration,
) -> Result<Updated> {
    write_tx(conn, |conn| {
        let before = session_for_edit(conn, who, id)?;
        check_refs(conn, before.organisation_id, before.event_id, s)?;
        if let Some(c) = s.capacity
            && c < before.seats_taken
        {
            return Err(Error::Invalid(vec![FieldError::new(
                "capacity",
                Msg::new("admin-error-capacity-below-taken").arg("taken", before.seats_taken),
            )]));
        }
        let what = changes(&before, s);
        let moved = what.contains(&"time") || what.contains(&"place");
        if moved {
            let assigned: Vec<i64> = session_trainers::table
                .filter(session_trainers::session_id.eq(id))
                .select(session_trainers::trainer_id)
                .load(conn)?;
            for t in assigned {
                crate::store::trainers::check_free(
                    conn,
                    t,
                    id,
                    before.organisation_id,
                    s.starts_at,
                    s.ends_at,
                    s.venue_id,
                    travel,
                )?;
            }
        }
        diesel::update(sessions::table.find(id))
            .set((
                sessions::title.eq(&s.title),
                sessions::description.eq(&s.description),
                sessions::kind_id.eq(s.kind_id),
                sessions::starts_at.eq(s.starts_at),
                sessions::ends_at.eq(s.ends_at),
                sessions::format.eq(s.format.as_str()),
                sessions::online_url.eq(&s.online_url),
                sessions::venue_id.eq(s.venue_id),
                sessions::registration_required.eq(s.registration_required),
                sessions::waitlist_limit.eq(s.waitlist_limit),
                sessions::max_seats.eq(s.max_seats),
                sessions::level.eq(s.level.as_str()),
                sessions::language.eq(s.language.as_str()),
                sessions::track_id.eq(s.track_id),
                sessions::what_to_bring.eq(&s.what_to_bring),
                sessions::registration_opens_at.eq(s.registration_opens_at),
                sessions::registration_closes_at.eq(s.registration_closes_at),
                sessions::updated_at.eq(now()),
            ))
            .execute(conn)?;
        set_terms(conn, id, s)?;
        let mut notified = 0;
        if moved && before.status != crate::domain::session::SessionStatus::Draft {
            diesel::update(sessions::table.find(id))
                .set(sessions::sequence.eq(sessions::sequence + 1))
                .execute(conn)?;
            for r in live_registrations(conn, id)? {
                let Some(email) = r.email.clone().filter(|e| !e.is_empty()) else {
                    continue;
                };
                enqueue(
                    conn,
                    &NewMessage {
                        kind: MessageKind::SessionChanged,
                        registration_id: Some(r.id),
                        session_id: Some(id),
                        recipient: email,
                        recipient_name: r.name.clone().unwrap_or_default(),
                        language: Lang::parse(&r.language).unwrap_or_default(),
                        payload: json!({
                            "previous_starts_at": crate::domain::time::rfc3339(before.starts_at),
                            "previous_ends_at": crate::domain::time::rfc3339(before.ends_at),
                            "previous_venue_id": before.venue_id,
                            "what": what,
                        }),
                    },
                )?;
                notified += 1;
            }
        }
        record(
            conn,
            &Entry::new(
                who.user_id,
                if moved { "move" } else { "update" },
                "session",
                Some(id),
            )
            .org(before.organisation_id)
            .detail(format!("{} [{}]", s.title, what.join(","))),
        )?;
        // The engine changes capacity: new seats go to the head of the waitlist
        // (invariant 2), in this same transaction, so the edit is one change or none.
        if before.capacity != s.capacity {
            crate::store::registrations::set_capacity(conn, id, s.capacity, now())
                .map_err(capacity_error)?;
        }
        Ok(Updated { notified })
    })
}

fn capacity_error(e: crate::store::registrations::RegError) -> Error {
    use crate::domain::registration::Refusal;
    use crate::store::registrations::RegError;
    match e {
        RegError::NotFound => Error::NotFound,
        RegError::Db(e) => Error::from(e),
        RegError::Refused(Refusal::CapacityBelowTaken(n)) => Error::Invalid(vec![FieldError::new(
            "capacity",
            Msg::new("admin-error-capacity-below-taken").arg("taken", n),
        )]),
        RegError::Refused(_) => Error::conflict("admin-error-session-cancelled"),
    }
}

/// Publishes a draft session, or takes a published one back to draft. Unpublishing is
/// refused while people are registered: cancel the session instead, so they are told.
pub fn set_session_published(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    published: bool,
) -> Result<()> {
    write_tx(conn, |conn| {
        let s = session_for_edit(conn, who, id)?;
        if s.status == crate::domain::session::SessionStatus::Cancelled {
            return Err(Error::conflict("admin-error-session-cancelled"));
        }
        if !published && !live_registrations(conn, id)?.is_empty() {
            return Err(Error::conflict("admin-error-unpublish-registered"));
        }
        let status = if published {
            crate::domain::session::SessionStatus::Published
        } else {
            crate::domain::session::SessionStatus::Draft
        };
        diesel::update(sessions::table.find(id))
            .set((sessions::status.eq(status), sessions::updated_at.eq(now())))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(
                who.user_id,
                if published { "publish" } else { "unpublish" },
                "session",
                Some(id),
            )
            .org(s.organisation_id)
            .detail(&s.title),
        )?;
        Ok(())
    })
}

/// Copies a session as a draft one week later (same texts, place, capacity and
/// terms; no trainers, no registrations). Returns the copy's id.
pub fn duplicate_session(conn: &mut DbConnection, who: &Access, id: i64) -> Result<i64> {
    write_tx(conn, |conn| {
        let s = session_for_edit(conn, who, id)?;
        let event: Event = events::table
            .find(s.event_id)
            .select(Event::as_select())
            .first(conn)?;
        let audiences: Vec<i64> = session_audiences::table
            .filter(session_audiences::session_id.eq(id))
            .select(session_audiences::audience_id)
            .load(conn)?;
        let topics: Vec<i64> = session_topics::table
            .filter(session_topics::session_id.eq(id))
            .select(session_topics::topic_id)
            .load(conn)?;
        let week = chrono::Duration::days(7);
        let shift = |t: NaiveDateTime| {
            // Keep the Québec wall-clock time across a DST change.
            let local = crate::domain::time::local(t).naive_local() + week;
            crate::domain::time::to_utc(local).unwrap_or(t + week)
        };
        let input = SessionInput {
            title: s.title.clone(),
            description: s.description.clone(),
            kind_id: s.kind_id,
            starts_at: shift(s.starts_at),
            ends_at: shift(s.ends_at),
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
            registration_opens_at: s.registration_opens_at.map(|t| t + week),
            registration_closes_at: s.registration_closes_at.map(|t| t + week),
        };
        let copy = insert_session(conn, &event, &input, false, None)?;
        record(
            conn,
            &Entry::new(who.user_id, "duplicate", "session", Some(copy))
                .org(s.organisation_id)
                .detail(format!("{} (#{id})", s.title)),
        )?;
        Ok(copy)
    })
}

/// Deletes a session nobody ever registered for (any registration, even cancelled,
/// keeps it: its history matters to people and to reports). Returns its event's id.
pub fn delete_session(conn: &mut DbConnection, who: &Access, id: i64) -> Result<i64> {
    write_tx(conn, |conn| {
        let s = session_for_edit(conn, who, id)?;
        let any: i64 = registrations::table
            .filter(registrations::session_id.eq(id))
            .count()
            .get_result(conn)?;
        if any > 0 {
            return Err(Error::conflict("admin-error-delete-registered"));
        }
        diesel::delete(sessions::table.find(id)).execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "delete", "session", Some(id))
                .org(s.organisation_id)
                .detail(&s.title),
        )?;
        Ok(s.event_id)
    })
}

/// A session's organisation and assigned trainers (for access checks on pages that
/// only read).
pub fn session_owner(conn: &mut DbConnection, id: i64) -> Result<(i64, Vec<i64>)> {
    let org: i64 = sessions::table
        .find(id)
        .select(sessions::organisation_id)
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let trainers = session_trainers::table
        .filter(session_trainers::session_id.eq(id))
        .select(session_trainers::trainer_id)
        .load(conn)?;
    Ok((org, trainers))
}

/// An event's organisation.
pub fn event_owner(conn: &mut DbConnection, id: i64) -> Result<i64> {
    events::table
        .find(id)
        .select(events::organisation_id)
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Sessions of some organisations (`None`: all) from `from` on, drafts included, in
/// start order.
pub fn upcoming(
    conn: &mut DbConnection,
    organisations: Option<Vec<i64>>,
    from: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<crate::store::sessions::SessionDetails>> {
    let mut q = sessions::table
        .filter(sessions::ends_at.ge(from))
        .order((sessions::starts_at, sessions::id))
        .limit(limit)
        .select(Session::as_select())
        .into_boxed();
    if let Some(orgs) = organisations {
        q = q.filter(sessions::organisation_id.eq_any(orgs));
    }
    let rows = q.load(conn)?;
    crate::store::sessions::details(conn, rows)
}

/// Events someone may add sessions to (their organisations', or all for a regional
/// administrator): (event id, title, organisation name), newest first.
pub fn events_for_new_sessions(
    conn: &mut DbConnection,
    who: &Access,
) -> QueryResult<Vec<(i64, String, String)>> {
    use crate::db::schema::organisations;
    let mut q = events::table
        .inner_join(organisations::table)
        .order((events::created_at.desc(), events::id.desc()))
        .limit(200)
        .select((events::id, events::title, organisations::name))
        .into_boxed();
    if let Some(orgs) = who.organisations() {
        q = q.filter(events::organisation_id.eq_any(orgs));
    }
    q.load(conn)
}

/// An event with its days, tracks and every session (drafts included), for its
/// back-office page.
pub struct EventAdmin {
    pub event: Event,
    pub days: Vec<crate::db::models::EventDay>,
    pub tracks: Vec<crate::db::models::Track>,
    pub sessions: Vec<crate::store::sessions::SessionDetails>,
}

pub fn event_admin(conn: &mut DbConnection, who: &Access, id: i64) -> Result<EventAdmin> {
    let event = event_for_edit(conn, who, id)?;
    let days = event_days::table
        .filter(event_days::event_id.eq(id))
        .order(event_days::day)
        .select(crate::db::models::EventDay::as_select())
        .load(conn)?;
    let tracks = tracks::table
        .filter(tracks::event_id.eq(id))
        .order((tracks::position, tracks::name))
        .select(crate::db::models::Track::as_select())
        .load(conn)?;
    let rows: Vec<Session> = sessions::table
        .filter(sessions::event_id.eq(id))
        .order((sessions::starts_at, sessions::id))
        .select(Session::as_select())
        .load(conn)?;
    Ok(EventAdmin {
        sessions: crate::store::sessions::details(conn, rows)?,
        event,
        days,
        tracks,
    })
}

/// Events of an organisation, newest first.
pub fn events_of(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<Vec<Event>> {
    events::table
        .filter(events::organisation_id.eq(organisation_id))
        .order(events::created_at.desc())
        .select(Event::as_select())
        .load(conn)
}

/// Everything the session form offers: kinds, audiences, topics, the organisation's
/// venues and trainers, the event's tracks.
pub struct FormChoices {
    pub kinds: Vec<crate::db::models::Term>,
    pub audiences: Vec<crate::db::models::Term>,
    pub topics: Vec<crate::db::models::Term>,
    pub venues: Vec<crate::db::models::Venue>,
    pub tracks: Vec<crate::db::models::Track>,
    pub trainers: Vec<crate::db::models::Trainer>,
}

pub fn form_choices(
    conn: &mut DbConnection,
    organisation_id: i64,
    event_id: i64,
) -> QueryResult<FormChoices> {
    use crate::store::catalogue::{Taxonomy, terms};
    Ok(FormChoices {
        kinds: terms(conn, Taxonomy::Kind)?,
        audiences: terms(conn, Taxonomy::Audience)?,
        topics: terms(conn, Taxonomy::Topic)?,
        venues: crate::store::venues::usable_by(conn, organisation_id)?,
        tracks: tracks::table
            .filter(tracks::event_id.eq(event_id))
            .order((tracks::position, tracks::name))
            .select(crate::db::models::Track::as_select())
            .load(conn)?,
        trainers: crate::store::trainers::of_organisation(conn, organisation_id)?,
    })
}

/// A session for its edit page: the row, its terms and trainers, the event, and the
/// registration counts by status.
pub struct SessionAdmin {
    pub details: crate::store::sessions::SessionDetails,
    pub audiences: Vec<i64>,
    pub topics: Vec<i64>,
    pub counts: Vec<(String, i64)>,
    pub any_registration: bool,
}

pub fn session_admin(conn: &mut DbConnection, who: &Access, id: i64) -> Result<SessionAdmin> {
    let row: Session = sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if !who.can_edit(row.organisation_id) {
        return Err(Error::Forbidden);
    }
    let audiences = session_audiences::table
        .filter(session_audiences::session_id.eq(id))
        .select(session_audiences::audience_id)
        .load(conn)?;
    let topics = session_topics::table
        .filter(session_topics::session_id.eq(id))
        .select(session_topics::topic_id)
        .load(conn)?;
    let counts: Vec<(String, i64)> = registrations::table
        .filter(registrations::session_id.eq(id))
        .group_by(registrations::status)
        .select((registrations::status, diesel::dsl::count_star()))
        .load(conn)?;
    let details = crate::store::sessions::details(conn, vec![row])?
        .pop()
        .ok_or(Error::NotFound)?;
    Ok(SessionAdmin {
        details,
        audiences,
        topics,
        any_registration: counts.iter().any(|(_, n)| *n > 0),
        counts,
    })
}

/// Copies an event as a draft: its texts, days, tracks, and every session as a draft at
/// the same times with its terms (trainers and registrations stay behind). Returns the
/// copy's id.
pub fn duplicate_event(conn: &mut DbConnection, who: &Access, event_id: i64) -> Result<i64> {
    write_tx(conn, |conn| {
        let e = event_for_edit(conn, who, event_id)?;
        let title = format!("{} (copie)", e.title);
        let slug = free_event_slug(conn, &title)?;
        let stamp = now();
        diesel::insert_into(events::table)
            .values((
                events::organisation_id.eq(e.organisation_id),
                events::slug.eq(&slug),
                events::title.eq(&title),
                events::summary.eq(&e.summary),
                events::description.eq(&e.description),
                events::status.eq("draft"),
                events::created_at.eq(stamp),
                events::updated_at.eq(stamp),
            ))
            .execute(conn)?;
        let copy: Event = events::table
            .filter(events::slug.eq(&slug))
            .select(Event::as_select())
            .first(conn)?;
        let days: Vec<(String, String)> = event_days::table
            .filter(event_days::event_id.eq(event_id))
            .select((event_days::day, event_days::title))
            .load(conn)?;
        for (day, t) in days {
            diesel::insert_into(event_days::table)
                .values((
                    event_days::event_id.eq(copy.id),
                    event_days::day.eq(day),
                    event_days::title.eq(t),
                ))
                .execute(conn)?;
        }
        let old_tracks: Vec<crate::db::models::Track> = tracks::table
            .filter(tracks::event_id.eq(event_id))
            .select(crate::db::models::Track::as_select())
            .load(conn)?;
        let mut track_map = std::collections::HashMap::new();
        for t in &old_tracks {
            diesel::insert_into(tracks::table)
                .values((
                    tracks::event_id.eq(copy.id),
                    tracks::slug.eq(&t.slug),
                    tracks::name.eq(&t.name),
                    tracks::position.eq(t.position),
                ))
                .execute(conn)?;
            let id: i64 = tracks::table
                .filter(tracks::event_id.eq(copy.id))
                .filter(tracks::slug.eq(&t.slug))
                .select(tracks::id)
                .first(conn)?;
            track_map.insert(t.id, id);
        }
        let rows: Vec<Session> = sessions::table
            .filter(sessions::event_id.eq(event_id))
            .order((sessions::starts_at, sessions::id))
            .select(Session::as_select())
            .load(conn)?;
        for s in rows {
            let audiences: Vec<i64> = session_audiences::table
                .filter(session_audiences::session_id.eq(s.id))
                .select(session_audiences::audience_id)
                .load(conn)?;
            let topics: Vec<i64> = session_topics::table
                .filter(session_topics::session_id.eq(s.id))
                .select(session_topics::topic_id)
                .load(conn)?;
            let input = SessionInput {
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
                track_id: s.track_id.and_then(|t| track_map.get(&t).copied()),
                what_to_bring: s.what_to_bring.clone(),
                audiences,
                topics,
                registration_opens_at: s.registration_opens_at,
                registration_closes_at: s.registration_closes_at,
            };
            insert_session(conn, &copy, &input, false, None)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "duplicate", "event", Some(copy.id))
                .org(e.organisation_id)
                .detail(format!("{} (#{event_id})", e.title)),
        )?;
        Ok(copy.id)
    })
}

/// Deletes an event and its sessions, when nobody ever registered for any of them.
/// Returns its organisation's id.
pub fn delete_event(conn: &mut DbConnection, who: &Access, event_id: i64) -> Result<i64> {
    write_tx(conn, |conn| {
        let e = event_for_edit(conn, who, event_id)?;
        let ids: Vec<i64> = sessions::table
            .filter(sessions::event_id.eq(event_id))
            .select(sessions::id)
            .load(conn)?;
        let any: i64 = registrations::table
            .filter(registrations::session_id.eq_any(&ids))
            .count()
            .get_result(conn)?;
        if any > 0 {
            return Err(Error::conflict("admin-error-delete-event-registered"));
        }
        diesel::delete(sessions::table.filter(sessions::event_id.eq(event_id))).execute(conn)?;
        diesel::delete(events::table.find(event_id)).execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "delete", "event", Some(event_id))
                .org(e.organisation_id)
                .detail(&e.title),
        )?;
        Ok(e.organisation_id)
    })
}
