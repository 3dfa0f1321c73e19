//! Reading events (programmes) with their days, tracks and sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::sessions::{SessionDetails, details};
use crate::db::DbConnection;
use crate::db::models::{Event, EventDay, Organisation, Session, Track, Venue};
use crate::db::schema::{event_days, events, organisations, sessions, tracks, venues};
use crate::domain::session::SessionStatus;
use crate::error::{Error, Result};

pub struct Programme {
    pub event: Event,
    pub organisation: Organisation,
    pub days: Vec<EventDay>,
    pub tracks: Vec<Track>,
    pub sessions: Vec<SessionDetails>,
}

/// A published event and all its public sessions, in start order.
pub fn programme(conn: &mut DbConnection, slug: &str) -> Result<Programme> {
    let event: Event = events::table
        .filter(events::slug.eq(slug))
        .filter(events::status.eq("published"))
        .select(Event::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let organisation = organisations::table
        .find(event.organisation_id)
        .select(Organisation::as_select())
        .first(conn)?;
    let days = event_days::table
        .filter(event_days::event_id.eq(event.id))
        .order(event_days::day)
        .select(EventDay::as_select())
        .load(conn)?;
    let tracks = tracks::table
        .filter(tracks::event_id.eq(event.id))
        .order((tracks::position, tracks::name))
        .select(Track::as_select())
        .load(conn)?;
    let rows: Vec<Session> = sessions::table
        .filter(sessions::event_id.eq(event.id))
        .filter(sessions::status.eq_any(SessionStatus::matching(SessionStatus::is_public)))
        .filter(crate::store::interests::not_embargoed(crate::db::now()))
        .order((sessions::starts_at, sessions::id))
        .select(Session::as_select())
        .load(conn)?;
    Ok(Programme {
        sessions: details(conn, rows)?,
        event,
        organisation,
        days,
        tracks,
    })
}

pub struct OrganisationPage {
    pub organisation: Organisation,
    pub municipality: Option<String>,
    pub events: Vec<Event>,
    pub venues: Vec<Venue>,
    pub upcoming: Vec<SessionDetails>,
}

/// An organisation with its published events, its venues and its upcoming sessions.
pub fn organisation_page(
    conn: &mut DbConnection,
    slug: &str,
    now: NaiveDateTime,
    limit: i64,
) -> Result<OrganisationPage> {
    use crate::db::schema::municipalities;
    let organisation: Organisation = organisations::table
        .filter(organisations::slug.eq(slug))
        .select(Organisation::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let municipality = match organisation.municipality_id {
        Some(id) => municipalities::table
            .find(id)
            .select(municipalities::name)
            .first(conn)
            .optional()?,
        None => None,
    };
    let events = events::table
        .filter(events::organisation_id.eq(organisation.id))
        .filter(events::status.eq("published"))
        .order(events::title)
        .select(Event::as_select())
        .load(conn)?;
    let venues = venues::table
        .filter(venues::organisation_id.eq(organisation.id))
        .order(venues::name)
        .select(Venue::as_select())
        .load(conn)?;
    let rows: Vec<Session> = sessions::table
        .filter(sessions::organisation_id.eq(organisation.id))
        .filter(sessions::status.eq_any(SessionStatus::matching(SessionStatus::is_public)))
        .filter(sessions::ends_at.ge(now))
        .filter(crate::store::interests::not_embargoed(now))
        .order((sessions::starts_at, sessions::id))
        .limit(limit)
        .select(Session::as_select())
        .load(conn)?;
    Ok(OrganisationPage {
        upcoming: details(conn, rows)?,
        organisation,
        municipality,
        events,
        venues,
    })
}
