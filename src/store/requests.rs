//! Workshop requests to a regional team (issue 17, part 2). A group asks on the public
//! form ([`submit`]); the request waits for its author to open the emailed link and
//! press its button ([`confirm`]), then enters the queue of its MRC's coordinators
//! (`coordinators`, named by the regional administrator, each for a team: the
//! organisation whose programme receives the sessions). A coordinator proposes dates
//! the requester picks from the same link ([`propose`], [`pick`]), refuses with a
//! reason ([`refuse`]), or accepts ([`accept`]): a session is made in the team's
//! « Ateliers sur demande » programme, private (a draft the public never sees) or
//! public, with a trainer checked for clashes and travel like any assignment. Billable
//! work gets an invoice ([`issue_invoice`]) emailed as a PDF, marked paid by hand
//! ([`mark_paid`]). Every step emails the requester in their language, in the step's
//! transaction. The retention purge forgets the contact and keeps the counts
//! ([`purge`]); invoices bill the group, never a person, and stay (accounting).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::models::{InvoiceRow, Municipality, RequestSlot, Term, Trainer, WorkshopRequest};
use crate::db::schema::{
    coordinators, invoices, kinds, memberships, mrcs, municipalities, organisations, request_slots,
    session_locations, session_trainers, trainer_organisations, trainers, users, workshop_requests,
};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::{Access, Role};
use crate::domain::lang::Lang;
use crate::domain::messages::{MessageKind, Msg};
use crate::domain::programme::SessionInput;
use crate::domain::request::{
    CONFIRM_WITHIN, DUE_DAYS, Line, MAX_WAITING_PER_ADDRESS, NewRequest, RateUnit, RequestState,
    Totals, invoice_number, invoice_year, line_for, totals,
};
use crate::domain::session::{Format, Level, SessionLanguage};
use crate::domain::time::rfc3339;
use crate::domain::token::{digest, looks_like_token, random_token};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::catalogue::{Taxonomy, terms};
use crate::store::outbox::{NewMessage, enqueue};

/// What the public form offers to choose from.
#[derive(Debug, Clone)]
pub struct Choices {
    pub municipalities: Vec<Municipality>,
    pub audiences: Vec<Term>,
    pub topics: Vec<Term>,
}

/// Everything the form offers, in one read: only the municipalities of an MRC that
/// has a coordinator (elsewhere nobody would read the request).
pub fn choices(conn: &mut DbConnection) -> Result<Choices> {
    let served: Vec<i64> = coordinators::table
        .select(coordinators::mrc_id)
        .distinct()
        .load(conn)?;
    Ok(Choices {
        municipalities: municipalities::table
            .filter(municipalities::mrc_id.eq_any(served))
            .order((municipalities::name, municipalities::id))
            .select(Municipality::as_select())
            .load(conn)?,
        audiences: terms(conn, Taxonomy::Audience)?,
        topics: terms(conn, Taxonomy::Topic)?,
    })
}

fn term_exists(conn: &mut DbConnection, tax: Taxonomy, id: Option<i64>) -> QueryResult<bool> {
    match id {
        None => Ok(true),
        Some(id) => Ok(terms(conn, tax)?.iter().any(|t| t.id == id)),
    }
}

/// A request's emails: who, in which language, about which session.
fn tell(
    conn: &mut DbConnection,
    r: &WorkshopRequest,
    kind: MessageKind,
    payload: serde_json::Value,
) -> QueryResult<()> {
    let Some(email) = r.email.clone() else {
        return Ok(());
    };
    enqueue(
        conn,
        &NewMessage {
            kind,
            registration_id: None,
            session_id: None,
            recipient: email,
            recipient_name: r.contact_name.clone().unwrap_or_default(),
            language: Lang::parse(&r.language).unwrap_or_default(),
            payload,
        },
    )
}

/// Stores a request and queues the email with its link, in one transaction. The
/// municipality must be one a coordinator serves, the terms must exist (else a message
/// per field, and nothing is stored). The caller answers the same whatever happens to
/// the address: beyond [`MAX_WAITING_PER_ADDRESS`] unconfirmed requests, nothing is
/// stored or sent, so the form cannot flood someone's mailbox.
pub fn submit(conn: &mut DbConnection, r: &NewRequest, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let mut fields = Vec::new();
        let mrc: Option<i64> = municipalities::table
            .find(r.municipality_id)
            .filter(
                municipalities::mrc_id
                    .eq_any(coordinators::table.select(coordinators::mrc_id).distinct()),
            )
            .select(municipalities::mrc_id)
            .first(conn)
            .optional()?;
        if mrc.is_none() {
            fields.push(crate::error::FieldError::new(
                "municipality",
                Msg::new("req-error-municipality"),
            ));
        }
        if !term_exists(conn, Taxonomy::Topic, r.topic_id)? {
            fields.push(crate::error::FieldError::new(
                "topic",
                Msg::new("req-error-choice"),
            ));
        }
        if !term_exists(conn, Taxonomy::Audience, r.audience_id)? {
            fields.push(crate::error::FieldError::new(
                "audience",
                Msg::new("req-error-choice"),
            ));
        }
        let Some(mrc_id) = mrc.filter(|_| fields.is_empty()) else {
            return Err(Error::Invalid(fields));
        };
        let address = r.email.normalised();
        let waiting: Vec<Option<String>> = workshop_requests::table
            .filter(workshop_requests::state.eq(RequestState::Unconfirmed))
            .filter(workshop_requests::created_at.gt(now - CONFIRM_WITHIN))
            .select(workshop_requests::email)
            .load(conn)?;
        let same = waiting
            .iter()
            .filter(|e| e.as_deref().is_some_and(|e| e.to_lowercase() == address))
            .count();
        if same >= MAX_WAITING_PER_ADDRESS {
            tracing::info!("request not stored: its address has enough waiting");
            return Ok(());
        }
        let token = random_token();
        diesel::insert_into(workshop_requests::table)
            .values((
                workshop_requests::token_hash.eq(digest(&token)),
                workshop_requests::state.eq(RequestState::Unconfirmed),
                workshop_requests::service.eq(r.service),
                workshop_requests::topic_id.eq(r.topic_id),
                workshop_requests::audience_id.eq(r.audience_id),
                workshop_requests::details.eq(&r.details),
                workshop_requests::municipality_id.eq(r.municipality_id),
                workshop_requests::mrc_id.eq(mrc_id),
                workshop_requests::at_requester.eq(r.at_requester),
                workshop_requests::place.eq(&r.place),
                workshop_requests::periods.eq(&r.periods),
                workshop_requests::people.eq(r.people),
                workshop_requests::group_name.eq(&r.group),
                workshop_requests::group_kind.eq(r.group_kind),
                workshop_requests::contact_name.eq(&r.name),
                workshop_requests::email.eq(r.email.as_str()),
                workshop_requests::phone.eq(r.phone.as_ref().map(|p| p.as_str().to_owned())),
                workshop_requests::language.eq(r.lang.code()),
                workshop_requests::consent_at.eq(now),
                workshop_requests::created_at.eq(now),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        let row: WorkshopRequest = workshop_requests::table
            .filter(workshop_requests::token_hash.eq(digest(&token)))
            .select(WorkshopRequest::as_select())
            .first(conn)?;
        tell(
            conn,
            &row,
            MessageKind::RequestConfirm,
            json!({ "request_token": token, "title": r.group }),
        )?;
        Ok(())
    })
}

/// The session a request became, as its pages show it.
#[derive(Debug, Clone)]
pub struct Scheduled {
    pub id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub published: bool,
    pub cancelled: bool,
    pub trainers: Vec<String>,
    pub organisation: String,
}

/// A request with what its pages show besides its row.
#[derive(Debug, Clone)]
pub struct Detail {
    pub request: WorkshopRequest,
    pub municipality: String,
    pub mrc: String,
    pub topic: Option<Term>,
    pub audience: Option<Term>,
    pub slots: Vec<RequestSlot>,
    pub session: Option<Scheduled>,
    pub invoice: Option<InvoiceRow>,
}

fn detail(conn: &mut DbConnection, r: WorkshopRequest) -> Result<Detail> {
    let (municipality, mrc): (String, String) = municipalities::table
        .inner_join(mrcs::table)
        .filter(municipalities::id.eq(r.municipality_id))
        .select((municipalities::name, mrcs::name))
        .first(conn)?;
    let topic = match r.topic_id {
        Some(id) => terms(conn, Taxonomy::Topic)?
            .into_iter()
            .find(|t| t.id == id),
        None => None,
    };
    let audience = match r.audience_id {
        Some(id) => terms(conn, Taxonomy::Audience)?
            .into_iter()
            .find(|t| t.id == id),
        None => None,
    };
    let slots = request_slots::table
        .filter(request_slots::request_id.eq(r.id))
        .order((request_slots::starts_at, request_slots::id))
        .select(RequestSlot::as_select())
        .load(conn)?;
    let session = match r.session_id {
        Some(id) => scheduled(conn, id)?,
        None => None,
    };
    let invoice = invoices::table
        .filter(invoices::request_id.eq(r.id))
        .order(invoices::id.desc())
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?;
    Ok(Detail {
        request: r,
        municipality,
        mrc,
        topic,
        audience,
        slots,
        session,
        invoice,
    })
}

fn scheduled(conn: &mut DbConnection, session_id: i64) -> QueryResult<Option<Scheduled>> {
    use crate::db::schema::sessions;
    use crate::domain::session::SessionStatus;
    let row: Option<(
        i64,
        String,
        NaiveDateTime,
        NaiveDateTime,
        SessionStatus,
        String,
    )> = sessions::table
        .inner_join(organisations::table)
        .filter(sessions::id.eq(session_id))
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            sessions::ends_at,
            sessions::status,
            organisations::name,
        ))
        .first(conn)
        .optional()?;
    let Some((id, title, starts_at, ends_at, status, organisation)) = row else {
        return Ok(None);
    };
    let names: Vec<String> = session_trainers::table
        .inner_join(trainers::table)
        .filter(session_trainers::session_id.eq(id))
        .order(trainers::name)
        .select(trainers::name)
        .load(conn)?;
    Ok(Some(Scheduled {
        id,
        title,
        starts_at,
        ends_at,
        published: status == SessionStatus::Published,
        cancelled: status == SessionStatus::Cancelled,
        trainers: names,
        organisation,
    }))
}

/// The request a link leads to: an unknown or purged token is not found, and so is an
/// unconfirmed request whose link ran out ([`CONFIRM_WITHIN`]).
fn by_token(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<WorkshopRequest> {
    if !looks_like_token(token) {
        return Err(Error::NotFound);
    }
    let r: WorkshopRequest = workshop_requests::table
        .filter(workshop_requests::token_hash.eq(digest(token)))
        .select(WorkshopRequest::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if r.state == RequestState::Unconfirmed && r.created_at + CONFIRM_WITHIN <= now {
        return Err(Error::NotFound);
    }
    Ok(r)
}

/// What the requester's link shows (a `GET`: changes nothing, since mail scanners
/// open links).
pub fn status(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Detail> {
    let r = by_token(conn, token, now)?;
    detail(conn, r)
}

/// The coordinators of an MRC: (email, name, language).
fn coordinators_of(
    conn: &mut DbConnection,
    mrc_id: i64,
) -> QueryResult<Vec<(String, String, String)>> {
    coordinators::table
        .inner_join(users::table)
        .filter(coordinators::mrc_id.eq(mrc_id))
        .order(users::id)
        .select((users::email, users::name, users::locale))
        .load(conn)
}

/// Confirms a request: from now on it waits in the coordinators' queue, and they are
/// told. Confirming twice changes nothing.
pub fn confirm(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let r = by_token(conn, token, now)?;
        if r.state != RequestState::Unconfirmed {
            return Ok(());
        }
        let n = diesel::update(workshop_requests::table.find(r.id))
            .filter(workshop_requests::state.eq(RequestState::Unconfirmed))
            .set((
                workshop_requests::state.eq(RequestState::Received),
                workshop_requests::confirmed_at.eq(now),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        if n == 0 {
            return Ok(());
        }
        for (email, name, locale) in coordinators_of(conn, r.mrc_id)? {
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::RequestReceived,
                    registration_id: None,
                    session_id: None,
                    recipient: email,
                    recipient_name: name,
                    language: Lang::parse(&locale).unwrap_or_default(),
                    payload: json!({
                        "title": r.group_name,
                        "request_path": format!("/admin/requests/{}", r.id),
                    }),
                },
            )?;
        }
        Ok(())
    })
}

/// The requester picks one of the proposed dates: the coordinator then schedules it.
/// A date not proposed for this request, or a request no longer waiting for a pick,
/// is a conflict.
pub fn pick(conn: &mut DbConnection, token: &str, slot_id: i64, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let r = by_token(conn, token, now)?;
        if !matches!(
            r.state,
            RequestState::DatesProposed | RequestState::DateChosen
        ) {
            return Err(Error::conflict("req-error-not-picking"));
        }
        let slot: Option<RequestSlot> = request_slots::table
            .filter(request_slots::id.eq(slot_id))
            .filter(request_slots::request_id.eq(r.id))
            .select(RequestSlot::as_select())
            .first(conn)
            .optional()?;
        let Some(slot) = slot else {
            return Err(Error::field("slot", "req-error-choice"));
        };
        if slot.starts_at <= now {
            return Err(Error::conflict("req-error-slot-past"));
        }
        diesel::update(request_slots::table.filter(request_slots::request_id.eq(r.id)))
            .set(request_slots::chosen_at.eq(None::<NaiveDateTime>))
            .execute(conn)?;
        diesel::update(request_slots::table.find(slot.id))
            .set(request_slots::chosen_at.eq(now))
            .execute(conn)?;
        diesel::update(workshop_requests::table.find(r.id))
            .set((
                workshop_requests::state.eq(RequestState::DateChosen),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        for (email, name, locale) in coordinators_of(conn, r.mrc_id)? {
            enqueue(
                conn,
                &NewMessage {
                    kind: MessageKind::RequestDatePicked,
                    registration_id: None,
                    session_id: None,
                    recipient: email,
                    recipient_name: name,
                    language: Lang::parse(&locale).unwrap_or_default(),
                    payload: json!({
                        "title": r.group_name,
                        "starts_at": rfc3339(slot.starts_at),
                        "ends_at": rfc3339(slot.ends_at),
                        "request_path": format!("/admin/requests/{}", r.id),
                    }),
                },
            )?;
        }
        Ok(())
    })
}

/// The requester withdraws a request nobody has decided yet.
pub fn withdraw(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let r = by_token(conn, token, now)?;
        if r.state == RequestState::Withdrawn {
            return Ok(());
        }
        if !(r.state.is_open() || r.state == RequestState::Unconfirmed) {
            return Err(Error::conflict("req-error-decided"));
        }
        diesel::update(workshop_requests::table.find(r.id))
            .set((
                workshop_requests::state.eq(RequestState::Withdrawn),
                workshop_requests::decided_at.eq(now),
                workshop_requests::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    })
}

// ----- The coordinators' side -----

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
fn for_coordinator(conn: &mut DbConnection, who: &Access, id: i64) -> Result<WorkshopRequest> {
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
fn fresh_link(conn: &mut DbConnection, id: i64) -> QueryResult<String> {
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
        let works_here: i64 = trainer_organisations::table
            .filter(trainer_organisations::trainer_id.eq(a.trainer_id))
            .filter(trainer_organisations::organisation_id.eq(org))
            .count()
            .get_result(conn)?;
        if works_here == 0 {
            return Err(Error::field("trainer_id", "admin-error-choice"));
        }
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

/// An invoice as its PDF and emails show it (amounts in cents, times in UTC).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvoiceData {
    pub number: String,
    pub issued_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub issuer_name: String,
    pub issuer_address: String,
    pub tax_number: Option<String>,
    pub bill_to: String,
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub paid_at: Option<NaiveDateTime>,
    pub request_id: i64,
}

fn invoice_data(conn: &mut DbConnection, inv: &InvoiceRow) -> Result<InvoiceData> {
    let (issuer_name, issuer_address): (String, String) = organisations::table
        .find(inv.organisation_id)
        .select((organisations::name, organisations::postal_address))
        .first(conn)?;
    let lines: Vec<Line> = serde_json::from_str(&inv.lines)
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("invoice {}: lines: {e}", inv.id)))?;
    Ok(InvoiceData {
        number: inv.number.clone(),
        issued_at: inv.issued_at,
        due_at: inv.due_at,
        issuer_name,
        issuer_address,
        tax_number: inv.tax_number.clone(),
        bill_to: inv.bill_to.clone(),
        lines,
        totals: Totals {
            subtotal_cents: inv.subtotal_cents,
            gst_cents: inv.gst_cents,
            qst_cents: inv.qst_cents,
            total_cents: inv.total_cents,
        },
        paid_at: inv.paid_at,
        request_id: inv.request_id,
    })
}

/// Issues the invoice of a scheduled request with a rate (one per request: issuing
/// again is a conflict), numbered in the team organisation's sequence for the year,
/// taxes added when the organisation gives its tax numbers, due in [`DUE_DAYS`]; the
/// requester is emailed the PDF. Its line names the workshop and its day in the
/// requester's language.
pub fn issue_invoice(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    now: NaiveDateTime,
) -> Result<i64> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        let (Some(session_id), RequestState::Scheduled) = (r.session_id, r.state) else {
            return Err(Error::conflict("req-error-not-scheduled"));
        };
        let (Some(rate), Some(unit)) = (r.rate_cents, r.rate_unit) else {
            return Err(Error::conflict("req-error-no-rate"));
        };
        let already: i64 = invoices::table
            .filter(invoices::request_id.eq(r.id))
            .count()
            .get_result(conn)?;
        if already > 0 {
            return Err(Error::conflict("req-error-invoiced"));
        }
        let s = crate::store::sessions::lock_session(conn, session_id)?;
        let org = s.organisation_id;
        // One issuer at a time per organisation (SQLite holds the write lock).
        let tax_number: Option<String> = match conn {
            DbConnection::Postgres(c) => organisations::table
                .find(org)
                .select(organisations::tax_number)
                .for_update()
                .first(c)?,
            DbConnection::Sqlite(c) => organisations::table
                .find(org)
                .select(organisations::tax_number)
                .first(c)?,
        };
        let tax_number = tax_number.filter(|t| !t.trim().is_empty());
        let lang = Lang::parse(&r.language).unwrap_or_default();
        let day = crate::domain::time::date_long(
            crate::domain::time::local(s.starts_at).date_naive(),
            lang,
        );
        let label = format!("{} — {day}", s.title);
        let line = line_for(&label, s.starts_at, s.ends_at, rate, unit);
        let lines = vec![line];
        let t = totals(&lines, tax_number.is_some());
        let year = invoice_year(now);
        let prefix = format!("{year}-");
        let numbers: Vec<String> = invoices::table
            .filter(invoices::organisation_id.eq(org))
            .filter(invoices::number.like(format!("{prefix}%")))
            .select(invoices::number)
            .load(conn)?;
        let rank = numbers
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix)?.parse::<i64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let number = invoice_number(year, rank);
        let bill_to = r.group_name.clone();
        diesel::insert_into(invoices::table)
            .values((
                invoices::request_id.eq(r.id),
                invoices::organisation_id.eq(org),
                invoices::number.eq(&number),
                invoices::bill_to.eq(&bill_to),
                invoices::lines.eq(serde_json::to_string(&lines).unwrap_or_default()),
                invoices::subtotal_cents.eq(t.subtotal_cents),
                invoices::gst_cents.eq(t.gst_cents),
                invoices::qst_cents.eq(t.qst_cents),
                invoices::total_cents.eq(t.total_cents),
                invoices::tax_number.eq(&tax_number),
                invoices::issued_at.eq(now),
                invoices::due_at.eq(now + Duration::days(DUE_DAYS)),
            ))
            .execute(conn)?;
        let inv: InvoiceRow = invoices::table
            .filter(invoices::organisation_id.eq(org))
            .filter(invoices::number.eq(&number))
            .select(InvoiceRow::as_select())
            .first(conn)?;
        let data = invoice_data(conn, &inv)?;
        let token = fresh_link(conn, r.id)?;
        record(
            conn,
            &Entry::new(who.user_id, "invoice", "request", Some(r.id))
                .org(org)
                .detail(&number),
        )?;
        tell(
            conn,
            &r,
            MessageKind::InvoiceIssued,
            json!({
                "request_token": token,
                "title": number,
                "invoice": data,
            }),
        )?;
        Ok(inv.id)
    })
}

/// Marks the request's invoice paid (cheque, transfer, cash: recorded by hand).
/// Marking it again changes nothing.
pub fn mark_paid(conn: &mut DbConnection, who: &Access, id: i64, now: NaiveDateTime) -> Result<()> {
    write_tx(conn, |conn| {
        let r = for_coordinator(conn, who, id)?;
        let inv: InvoiceRow = invoices::table
            .filter(invoices::request_id.eq(r.id))
            .select(InvoiceRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| Error::conflict("req-error-no-invoice"))?;
        if inv.paid_at.is_some() {
            return Ok(());
        }
        diesel::update(invoices::table.find(inv.id))
            .set((
                invoices::paid_at.eq(now),
                invoices::paid_how.eq("hand"),
                invoices::paid_by_user_id.eq(who.user_id),
            ))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "invoice_paid", "request", Some(r.id))
                .org(inv.organisation_id)
                .detail(&inv.number),
        )?;
        Ok(())
    })
}

/// An unpaid invoice the requester may pay online, with what Stripe's page needs:
/// (invoice, request). A paid invoice is a conflict.
pub fn invoice_to_pay(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<(InvoiceRow, WorkshopRequest)> {
    let r = by_token(conn, token, now)?;
    let inv: InvoiceRow = invoices::table
        .filter(invoices::request_id.eq(r.id))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if inv.paid_at.is_some() {
        return Err(Error::conflict("req-error-paid"));
    }
    Ok((inv, r))
}

/// Keeps the Checkout session opened for an invoice (its event names it).
pub fn record_invoice_checkout(
    conn: &mut DbConnection,
    invoice_id: i64,
    checkout_id: &str,
) -> Result<()> {
    diesel::update(invoices::table.find(invoice_id))
        .filter(invoices::paid_at.is_null())
        .set(invoices::checkout_id.eq(checkout_id))
        .execute(conn)?;
    Ok(())
}

/// What a Stripe event did to an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceEffect {
    /// Marked paid, online.
    Paid,
    /// Seen before (Stripe sends events at least once).
    Duplicate,
    /// Nothing to do: not a payment, already paid, another session, another amount.
    Ignored,
}

/// Applies a Stripe event about an invoice's Checkout session, at most once (its id is
/// recorded with its effect): a completed, paid session for the invoice's amount marks
/// it paid (`paid_how` 'stripe'); anything else changes nothing.
pub fn apply_invoice_event(
    conn: &mut DbConnection,
    ev: &crate::domain::payment::StripeEvent,
    now: NaiveDateTime,
) -> Result<InvoiceEffect> {
    use crate::db::schema::stripe_events;
    use crate::domain::payment::StripeEvent;
    let Some(c) = &ev.checkout else {
        return Ok(InvoiceEffect::Ignored);
    };
    let Some(invoice_id) = c.invoice_id else {
        return Ok(InvoiceEffect::Ignored);
    };
    write_tx(conn, |conn| {
        let row = (
            stripe_events::id.eq(&ev.id),
            stripe_events::kind.eq(&ev.kind),
            stripe_events::received_at.eq(now),
        );
        let fresh = crate::per_backend!(conn, |x| diesel::insert_into(stripe_events::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(x))?
            == 1;
        if !fresh {
            return Ok(InvoiceEffect::Duplicate);
        }
        let paid = matches!(
            ev.kind.as_str(),
            StripeEvent::COMPLETED | StripeEvent::ASYNC_SUCCEEDED
        ) && c.paid;
        let inv: Option<InvoiceRow> = invoices::table
            .find(invoice_id)
            .select(InvoiceRow::as_select())
            .first(conn)
            .optional()?;
        let Some(inv) = inv.filter(|i| {
            paid && i.paid_at.is_none()
                && c.amount_total == Some(i64::from(i.total_cents))
                && i.checkout_id.as_deref() == Some(c.id.as_str())
        }) else {
            return Ok(InvoiceEffect::Ignored);
        };
        diesel::update(invoices::table.find(inv.id))
            .filter(invoices::paid_at.is_null())
            .set((invoices::paid_at.eq(now), invoices::paid_how.eq("stripe")))
            .execute(conn)?;
        tracing::info!(invoice = %inv.number, "invoice paid online");
        Ok(InvoiceEffect::Paid)
    })
}

/// The invoice of the request a link leads to (its PDF, for the requester).
pub fn invoice_by_token(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<InvoiceData> {
    let r = by_token(conn, token, now)?;
    invoice_of(conn, r.id)
}

/// The invoice of a request (its PDF, for the coordinator).
pub fn invoice_for(conn: &mut DbConnection, who: &Access, id: i64) -> Result<InvoiceData> {
    let r = for_coordinator(conn, who, id)?;
    invoice_of(conn, r.id)
}

fn invoice_of(conn: &mut DbConnection, request_id: i64) -> Result<InvoiceData> {
    let inv: InvoiceRow = invoices::table
        .filter(invoices::request_id.eq(request_id))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    invoice_data(conn, &inv)
}

// ----- Who coordinates (the regional administrator's page) -----

/// A coordinator as the region page lists them.
#[derive(Debug, Clone)]
pub struct CoordinatorRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub mrc_id: i64,
    pub mrc_name: String,
    pub team: String,
}

/// Every coordinator, by MRC then name.
pub fn coordinator_list(conn: &mut DbConnection, who: &Access) -> Result<Vec<CoordinatorRow>> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let rows: Vec<(i64, String, String, i64, String, String)> = coordinators::table
        .inner_join(users::table)
        .inner_join(mrcs::table)
        .inner_join(organisations::table)
        .order((mrcs::name, users::name))
        .select((
            users::id,
            users::name,
            users::email,
            mrcs::id,
            mrcs::name,
            organisations::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(user_id, name, email, mrc_id, mrc_name, team)| CoordinatorRow {
                user_id,
                name,
                email,
                mrc_id,
                mrc_name,
                team,
            },
        )
        .collect())
}

/// Names the account with this email the coordinator of an MRC's requests, for a team
/// (the regional administrator does). The person becomes an editor of the team's
/// organisation if they had no role there, so they can follow the sessions they make.
pub fn appoint(
    conn: &mut DbConnection,
    who: &Access,
    email: &str,
    mrc_id: i64,
    organisation_id: i64,
) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let user = crate::store::users::id_by_email(conn, email)?;
        let mut fields = Vec::new();
        if user.is_none() {
            fields.push(crate::error::FieldError::new(
                "email",
                Msg::new("moderation-error-no-account"),
            ));
        }
        let mrc: i64 = mrcs::table.find(mrc_id).count().get_result(conn)?;
        if mrc == 0 {
            fields.push(crate::error::FieldError::new(
                "mrc_id",
                Msg::new("admin-error-choice"),
            ));
        }
        let org: i64 = organisations::table
            .find(organisation_id)
            .count()
            .get_result(conn)?;
        if org == 0 {
            fields.push(crate::error::FieldError::new(
                "organisation_id",
                Msg::new("admin-error-choice"),
            ));
        }
        let Some(user_id) = user.filter(|_| fields.is_empty()) else {
            return Err(Error::Invalid(fields));
        };
        diesel::delete(
            coordinators::table
                .filter(coordinators::user_id.eq(user_id))
                .filter(coordinators::mrc_id.eq(mrc_id)),
        )
        .execute(conn)?;
        diesel::insert_into(coordinators::table)
            .values((
                coordinators::user_id.eq(user_id),
                coordinators::mrc_id.eq(mrc_id),
                coordinators::organisation_id.eq(organisation_id),
                coordinators::created_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
        let member: i64 = memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organisation_id.eq(organisation_id))
            .count()
            .get_result(conn)?;
        if member == 0 {
            diesel::insert_into(memberships::table)
                .values((
                    memberships::user_id.eq(user_id),
                    memberships::organisation_id.eq(organisation_id),
                    memberships::role.eq(Role::Editor),
                    memberships::created_at.eq(crate::db::now()),
                ))
                .execute(conn)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "add_coordinator", "mrc", Some(mrc_id))
                .org(organisation_id)
                .detail(format!("user #{user_id}")),
        )?;
        Ok(())
    })
}

/// Takes a coordinator off an MRC (their membership in the team stays).
pub fn dismiss(conn: &mut DbConnection, who: &Access, user_id: i64, mrc_id: i64) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let n = diesel::delete(
            coordinators::table
                .filter(coordinators::user_id.eq(user_id))
                .filter(coordinators::mrc_id.eq(mrc_id)),
        )
        .execute(conn)?;
        if n > 0 {
            record(
                conn,
                &Entry::new(who.user_id, "remove_coordinator", "mrc", Some(mrc_id))
                    .detail(format!("user #{user_id}")),
            )?;
        }
        Ok(())
    })
}

/// The retention purge's part (in its transaction): requests never confirmed are
/// deleted once their link stopped working; the contact (name, email, phone), the
/// details, the place and the link of a request decided (or last changed) before
/// `cutoff` are forgotten (`purged_at`); the group, the municipality, the numbers and
/// the decision stay, and invoices are kept whole (they name the group only).
pub(crate) fn purge(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut n = diesel::delete(
        workshop_requests::table
            .filter(workshop_requests::state.eq(RequestState::Unconfirmed))
            .filter(workshop_requests::created_at.le(now - CONFIRM_WITHIN)),
    )
    .execute(conn)?;
    n += diesel::update(
        workshop_requests::table
            .filter(workshop_requests::purged_at.is_null())
            .filter(workshop_requests::state.ne(RequestState::Unconfirmed))
            .filter(
                workshop_requests::decided_at
                    .lt(cutoff)
                    .or(workshop_requests::decided_at
                        .is_null()
                        .and(workshop_requests::updated_at.lt(cutoff))),
            ),
    )
    .set((
        workshop_requests::contact_name.eq(None::<String>),
        workshop_requests::email.eq(None::<String>),
        workshop_requests::phone.eq(None::<String>),
        workshop_requests::details.eq(""),
        workshop_requests::place.eq(""),
        workshop_requests::token_hash.eq(None::<String>),
        workshop_requests::purged_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n)
}
