//! The coordinators' desk: the queue of their MRCs' requests and the three decisions
//! (propose dates, accept with a session and a trainer, refuse with a reason).

use super::*;

/// The MRCs a person coordinates, each with its team (`None`: every MRC, the regional
/// administrator).
fn coordinated(conn: &mut DbConnection, who: &Access) -> QueryResult<Option<Vec<(i64, i64)>>> {
    if who.can_administer_region() {
        return Ok(None);
    }
    Ok(Some(
        coordinators::table
            .filter(coordinators::user_id.eq(who.user_id))
            .select((coordinators::mrc_id, coordinators::organisation_id))
            .load(conn)?,
    ))
}

/// How many requests wait for the person's decision; `None` when they coordinate
/// nothing (the navigation then has no « Demandes » entry).
pub fn waiting(conn: &mut DbConnection, who: &Access) -> QueryResult<Option<usize>> {
    let scope = coordinated(conn, who)?;
    let awaiting = RequestState::matching(RequestState::awaits_coordinator);
    let n: i64 = match &scope {
        Some(rows) if rows.is_empty() => return Ok(None),
        Some(rows) => workshop_requests::table
            .filter(workshop_requests::mrc_id.eq_any(rows.iter().map(|r| r.0)))
            .filter(workshop_requests::state.eq_any(awaiting))
            .count()
            .get_result(conn)?,
        None => workshop_requests::table
            .filter(workshop_requests::state.eq_any(awaiting))
            .count()
            .get_result(conn)?,
    };
    Ok(Some(n as usize))
}

/// A line of the queue.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub id: i64,
    pub state: RequestState,
    pub group_name: String,
    pub municipality: String,
    pub people: i32,
    pub created_at: NaiveDateTime,
    pub service: crate::domain::request::Service,
}

/// The requests of the MRCs the person coordinates, open ones first (oldest first),
/// then the last decided. Someone who coordinates nothing is refused.
pub fn queue(conn: &mut DbConnection, who: &Access) -> Result<Vec<QueueRow>> {
    let scope = coordinated(conn, who)?;
    if scope.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(Error::Forbidden);
    }
    let mut q = workshop_requests::table
        .inner_join(municipalities::table)
        .filter(workshop_requests::state.ne(RequestState::Unconfirmed))
        .filter(workshop_requests::purged_at.is_null())
        .into_boxed();
    if let Some(rows) = &scope {
        q = q
            .filter(workshop_requests::mrc_id.eq_any(rows.iter().map(|r| r.0).collect::<Vec<_>>()));
    }
    let rows: Vec<(
        i64,
        RequestState,
        String,
        String,
        i32,
        NaiveDateTime,
        crate::domain::request::Service,
    )> = q
        .order(workshop_requests::created_at.desc())
        .limit(500)
        .select((
            workshop_requests::id,
            workshop_requests::state,
            workshop_requests::group_name,
            municipalities::name,
            workshop_requests::people,
            workshop_requests::created_at,
            workshop_requests::service,
        ))
        .load(conn)?;
    let mut out: Vec<QueueRow> = rows
        .into_iter()
        .map(
            |(id, state, group_name, municipality, people, created_at, service)| QueueRow {
                id,
                state,
                group_name,
                municipality,
                people,
                created_at,
                service,
            },
        )
        .collect();
    // Open first, oldest first among them; then decided, newest first.
    out.sort_by(|a, b| match (a.state.is_open(), b.state.is_open()) {
        (true, true) => a.created_at.cmp(&b.created_at),
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        (false, false) => b.created_at.cmp(&a.created_at),
    });
    Ok(out)
}

/// A request for a coordinator: not found outside the MRCs they coordinate (and when
/// unconfirmed: its author has not yet shown the address is theirs).
pub(super) fn for_coordinator(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
) -> Result<WorkshopRequest> {
    let scope = coordinated(conn, who)?;
    if scope.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(Error::Forbidden);
    }
    let r: WorkshopRequest = match conn {
        DbConnection::Postgres(c) => workshop_requests::table
            .find(id)
            .select(WorkshopRequest::as_select())
            .for_update()
            .first(c)
            .optional()?,
        DbConnection::Sqlite(c) => workshop_requests::table
            .find(id)
            .select(WorkshopRequest::as_select())
            .first(c)
            .optional()?,
    }
    .ok_or(Error::NotFound)?;
    let inside = scope.is_none_or(|rows| rows.iter().any(|(m, _)| *m == r.mrc_id));
    if !inside || r.state == RequestState::Unconfirmed || r.purged_at.is_some() {
        return Err(Error::NotFound);
    }
    Ok(r)
}

/// The team that works on an MRC's requests: the person's own, else the first named
/// for that MRC (the regional administrator acting).
fn team_for(conn: &mut DbConnection, who: &Access, mrc_id: i64) -> Result<i64> {
    let mine: Option<i64> = coordinators::table
        .filter(coordinators::user_id.eq(who.user_id))
        .filter(coordinators::mrc_id.eq(mrc_id))
        .select(coordinators::organisation_id)
        .first(conn)
        .optional()?;
    if let Some(org) = mine {
        return Ok(org);
    }
    coordinators::table
        .filter(coordinators::mrc_id.eq(mrc_id))
        .order(coordinators::created_at)
        .select(coordinators::organisation_id)
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::conflict("req-error-no-team"))
}

/// A request as the coordinator's page shows it, with the team's trainers to choose.
#[derive(Debug, Clone)]
pub struct ForCoordinator {
    pub detail: Detail,
    pub team: String,
    pub trainers: Vec<Trainer>,
}

pub fn show(conn: &mut DbConnection, who: &Access, id: i64) -> Result<ForCoordinator> {
    let r = for_coordinator(conn, who, id)?;
    let org = team_for(conn, who, r.mrc_id).ok();
    let team = match org {
        Some(o) => organisations::table
            .find(o)
            .select(organisations::name)
            .first(conn)?,
        None => String::new(),
    };
    let trainers = match org {
        Some(o) => crate::store::trainers::of_organisation(conn, o)?,
        None => Vec::new(),
    };
    Ok(ForCoordinator {
        detail: detail(conn, r)?,
        team,
        trainers,
    })
}

/// Proposes dates (replacing those proposed before): the requester is emailed the
/// link to pick one.
pub fn propose(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    slots: &[(NaiveDateTime, NaiveDateTime)],
    now: NaiveDateTime,
) -> Result<()> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        if !r.state.is_open() {
            return Err(Error::conflict("req-error-decided"));
        }
        diesel::delete(request_slots::table.filter(request_slots::request_id.eq(r.id)))
            .execute(conn)?;
        for (s, e) in slots {
            diesel::insert_into(request_slots::table)
                .values((
                    request_slots::request_id.eq(r.id),
                    request_slots::starts_at.eq(s),
                    request_slots::ends_at.eq(e),
                    request_slots::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        diesel::update(workshop_requests::table.find(r.id))
            .set((
                workshop_requests::state.eq(RequestState::DatesProposed),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        let token = fresh_link(conn, r.id)?;
        record(
            conn,
            &Entry::new(who.user_id, "propose_dates", "request", Some(r.id))
                .detail(format!("{} date(s)", slots.len())),
        )?;
        let dates: Vec<serde_json::Value> = slots
            .iter()
            .map(|(s, e)| json!({ "starts_at": rfc3339(*s), "ends_at": rfc3339(*e) }))
            .collect();
        tell(
            conn,
            &r,
            MessageKind::RequestDates,
            json!({ "request_token": token, "title": r.group_name, "dates": dates }),
        )?;
        Ok(())
    })
}

/// A new link for the requester (the old one stops working): the stored digest is all
/// there is, so every email that carries the link mints it again.
pub(super) fn fresh_link(conn: &mut DbConnection, id: i64) -> QueryResult<String> {
    let token = random_token();
    diesel::update(workshop_requests::table.find(id))
        .set(workshop_requests::token_hash.eq(digest(&token)))
        .execute(conn)?;
    Ok(token)
}

/// Refuses a request, with the reason the requester reads.
pub fn refuse(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        if !r.state.is_open() {
            return Err(Error::conflict("req-error-decided"));
        }
        diesel::update(workshop_requests::table.find(r.id))
            .set((
                workshop_requests::state.eq(RequestState::Refused),
                workshop_requests::refusal_reason.eq(reason),
                workshop_requests::decided_by_user_id.eq(who.user_id),
                workshop_requests::decided_at.eq(now),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        let token = fresh_link(conn, r.id)?;
        record(
            conn,
            &Entry::new(who.user_id, "refuse", "request", Some(r.id)).detail(reason),
        )?;
        tell(
            conn,
            &r,
            MessageKind::RequestRefused,
            json!({ "request_token": token, "title": r.group_name, "reason": reason }),
        )?;
        Ok(())
    })
}

/// What a coordinator decides when accepting.
#[derive(Debug, Clone)]
pub struct Acceptance {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub trainer_id: i64,
    /// Public: published in the calendar, people register (up to the number
    /// announced). Private: a draft only its team and trainer see.
    pub public: bool,
    pub rate: Option<(i32, RateUnit)>,
    /// The programme's title (the reader's language of the back office).
    pub programme_title: String,
}

/// Accepts a request: makes its session in the team's programme, assigns the trainer
/// (refused when they are busy or cannot travel in time: nothing is made then), keeps
/// the rate, and emails the requester the date, place and trainer. All or nothing.
pub fn accept(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    a: &Acceptance,
    travel: Duration,
    now: NaiveDateTime,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        if !r.state.is_open() {
            return Err(Error::conflict("req-error-decided"));
        }
        let org = team_for(conn, who, r.mrc_id)?;
        let event = crate::store::programme::requests_programme(conn, org, &a.programme_title)?;
        let kind_id: i64 = kinds::table
            .order((kinds::slug.ne("atelier"), kinds::position, kinds::id))
            .select(kinds::id)
            .first(conn)
            .optional()?
            .ok_or_else(|| Error::conflict("req-error-no-kind"))?;
        let mut description = r.details.clone();
        if !r.place.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&r.place);
        }
        let input = SessionInput {
            title: a.title.clone(),
            description,
            kind_id,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            format: Format::InPerson,
            online_url: None,
            venue_id: None,
            registration_required: a.public,
            capacity: a.public.then_some(r.people),
            waitlist_limit: None,
            max_seats: 4,
            level: Level::All,
            language: match Lang::parse(&r.language) {
                Some(Lang::En) => SessionLanguage::En,
                _ => SessionLanguage::Fr,
            },
            track_id: None,
            what_to_bring: String::new(),
            audiences: r.audience_id.into_iter().collect(),
            topics: r.topic_id.into_iter().collect(),
            registration_opens_at: None,
            registration_closes_at: None,
        };
        crate::store::programme::check_refs(conn, org, event.id, &input)?;
        let session_id =
            crate::store::programme::insert_session(conn, &event, &input, a.public, None)?;
        diesel::insert_into(session_locations::table)
            .values((
                session_locations::session_id.eq(session_id),
                session_locations::location_text.eq(Some(&r.place).filter(|p| !p.is_empty())),
                session_locations::municipality_id.eq(Some(r.municipality_id)),
            ))
            .execute(conn)?;
        let s = crate::store::sessions::lock_session(conn, session_id)?;
        crate::store::trainers::assign_in(conn, who.user_id, &s, a.trainer_id, travel)?;
        diesel::update(workshop_requests::table.find(r.id))
            .set((
                workshop_requests::state.eq(RequestState::Scheduled),
                workshop_requests::session_id.eq(session_id),
                workshop_requests::rate_cents.eq(a.rate.map(|r| r.0)),
                workshop_requests::rate_unit.eq(a.rate.map(|r| r.1)),
                workshop_requests::decided_by_user_id.eq(who.user_id),
                workshop_requests::decided_at.eq(now),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        let token = fresh_link(conn, r.id)?;
        record(
            conn,
            &Entry::new(who.user_id, "accept", "request", Some(r.id))
                .org(org)
                .detail(format!("session #{session_id}")),
        )?;
        let trainer: String = trainers::table
            .find(a.trainer_id)
            .select(trainers::name)
            .first(conn)?;
        let (municipality,): (String,) = municipalities::table
            .find(r.municipality_id)
            .select((municipalities::name,))
            .first(conn)?;
        let place = if r.place.is_empty() {
            municipality
        } else {
            format!("{}, {municipality}", r.place)
        };
        tell(
            conn,
            &r,
            MessageKind::RequestScheduled,
            json!({
                "request_token": token,
                "title": a.title,
                "public": a.public,
                "starts_at": rfc3339(a.starts_at),
                "ends_at": rfc3339(a.ends_at),
                "place": place,
                "trainers": trainer,
            }),
        )?;
        Ok(session_id)
    })
}
