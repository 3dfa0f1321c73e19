//! Sessions: create one or a weekly series, edit (atomic, capacity included), publish,
//! copy and delete, and what the back-office form and page show of one.

use super::*;

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
            // A new start (not a new end or place alone) is a reschedule: its page and
            // the open data say so, with the start people knew.
            if before.starts_at != s.starts_at {
                crate::store::reschedules::record(conn, id, before.starts_at, now())?;
            }
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
            // Confirmed volunteer helpers get the updated invite too (issue 17).
            crate::store::helpers::upkeep::session_moved(conn, id)?;
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
        crate::store::webhooks::session_changed(conn, id)?;
        Ok(Updated { notified })
    })
}

fn capacity_error(e: crate::store::registrations::RegError) -> Error {
    use crate::domain::registration::Refusal;
    use crate::store::registrations::RegError;
    match e {
        RegError::NotFound => Error::NotFound,
        RegError::Db(e) => Error::from(e),
        RegError::Unavailable => Error::Unavailable,
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
        crate::store::webhooks::publication_changed(conn, id, s.status, status)?;
        if published {
            crate::store::interests::announce(conn, id, now())?;
        }
        record(
            conn,
            &publication(who, published, "session", id)
                .org(s.organisation_id)
                .detail(&s.title),
        )?;
        Ok(())
    })
}

/// Copies a session as a draft one week later (same texts, place, capacity, terms and
/// prices; no trainers, no registrations). Returns the copy's id.
pub fn duplicate_session(conn: &mut DbConnection, who: &Access, id: i64) -> Result<i64> {
    write_tx(conn, |conn| {
        let s = session_for_edit(conn, who, id)?;
        let copy = copy_session(conn, &s, 7, false)?;
        record(
            conn,
            &Entry::new(who.user_id, "duplicate", "session", Some(copy))
                .org(s.organisation_id)
                .detail(format!("{} (#{id})", s.title)),
        )?;
        Ok(copy)
    })
}

/// Copies a session `days` later at the same Québec wall-clock time (across a DST
/// change too), its registration window moved as much: same texts, place, capacity,
/// terms and prices, no trainers, no registrations; a draft or published. Returns the
/// copy's id. The caller has checked who may.
pub(crate) fn copy_session(
    conn: &mut DbConnection,
    s: &Session,
    days: i64,
    publish: bool,
) -> Result<i64> {
    let event: Event = events::table
        .find(s.event_id)
        .select(Event::as_select())
        .first(conn)?;
    let by = chrono::Duration::days(days);
    let shift = |t: NaiveDateTime| {
        let local = crate::domain::time::local(t).naive_local() + by;
        crate::domain::time::to_utc(local).unwrap_or(t + by)
    };
    let input = SessionInput {
        starts_at: shift(s.starts_at),
        ends_at: shift(s.ends_at),
        registration_opens_at: s.registration_opens_at.map(|t| t + by),
        registration_closes_at: s.registration_closes_at.map(|t| t + by),
        ..session_input(conn, s)?
    };
    let copy = insert_session(conn, &event, &input, publish, None)?;
    copy_prices(conn, s.id, copy)?;
    crate::store::helpers::copy_need(conn, s.id, copy)?;
    Ok(copy)
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
    /// Its full price and reduced prices by audience.
    pub pricing: crate::domain::payment::Pricing,
    /// What it asks of volunteer helpers, and how many are confirmed (issue 17).
    pub helpers: crate::store::helpers::Need,
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
    let pricing = crate::store::registrations::pricing(conn, id, row.price_cents)?;
    let helpers = crate::store::helpers::need_of(conn, id)?;
    let details = crate::store::sessions::details(conn, vec![row])?
        .pop()
        .ok_or(Error::NotFound)?;
    Ok(SessionAdmin {
        pricing,
        helpers,
        details,
        audiences,
        topics,
        any_registration: counts.iter().any(|(_, n)| *n > 0),
        counts,
    })
}
