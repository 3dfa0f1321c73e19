//! Events: create, edit, publish, their days and tracks, copy and delete, and what the
//! back office lists of them.

use super::*;

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
        crate::store::known_organisation(conn, organisation_id)?;
        let slug = free_event_slug(conn, &input.title)?;
        let stamp = now();
        diesel::insert_into(events::table)
            .values((
                events::organisation_id.eq(organisation_id),
                events::slug.eq(&slug),
                events::title.eq(&input.title),
                events::summary.eq(&input.summary),
                events::description.eq(&input.description),
                events::accepts_proposals
                    .eq(input.accepts_proposals && who.can_manage(organisation_id)),
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

/// Changes an event's texts (and, for a manager, whether it takes proposals).
pub fn update_event(
    conn: &mut DbConnection,
    who: &Access,
    event_id: i64,
    input: &EventInput,
) -> Result<()> {
    write_tx(conn, |conn| {
        let event = event_for_edit(conn, who, event_id)?;
        // Whether the public may propose activities is the manager's call.
        let accepts_proposals = if who.can_manage(event.organisation_id) {
            input.accepts_proposals
        } else {
            event.accepts_proposals
        };
        diesel::update(events::table.find(event_id))
            .set((
                events::title.eq(&input.title),
                events::summary.eq(&input.summary),
                events::description.eq(&input.description),
                events::accepts_proposals.eq(accepts_proposals),
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
            &publication(who, published, "event", event_id)
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

/// An event's organisation.
pub fn event_owner(conn: &mut DbConnection, id: i64) -> Result<i64> {
    events::table
        .find(id)
        .select(events::organisation_id)
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
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

/// Copies an event as a draft: its texts, days, tracks, and every session as a draft at
/// the same times with its terms and prices (trainers and registrations stay behind). Returns the
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
            let input = SessionInput {
                track_id: s.track_id.and_then(|t| track_map.get(&t).copied()),
                ..session_input(conn, &s)?
            };
            let id = insert_session(conn, &copy, &input, false, None)?;
            copy_prices(conn, s.id, id)?;
            crate::store::helpers::copy_need(conn, s.id, id)?;
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

/// The published programme of an organisation that holds the sessions made from
/// workshop requests (issue 17, part 2), titled `title`; made the first time it is
/// needed. Call inside the caller's transaction.
pub(crate) fn requests_programme(
    conn: &mut DbConnection,
    organisation_id: i64,
    title: &str,
) -> Result<Event> {
    let found: Option<Event> = events::table
        .filter(events::organisation_id.eq(organisation_id))
        .filter(events::title.eq(title))
        .select(Event::as_select())
        .first(conn)
        .optional()?;
    if let Some(event) = found {
        return Ok(event);
    }
    let slug = free_event_slug(conn, title)?;
    let stamp = now();
    diesel::insert_into(events::table)
        .values((
            events::organisation_id.eq(organisation_id),
            events::slug.eq(&slug),
            events::title.eq(title),
            events::summary.eq(""),
            events::description.eq(""),
            events::accepts_proposals.eq(false),
            events::status.eq("published"),
            events::created_at.eq(stamp),
            events::updated_at.eq(stamp),
        ))
        .execute(conn)?;
    Ok(events::table
        .filter(events::slug.eq(&slug))
        .select(Event::as_select())
        .first(conn)?)
}
