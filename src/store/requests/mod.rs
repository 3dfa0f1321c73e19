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
    session_locations, session_trainers, trainers, users, workshop_requests,
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

mod billing;
mod coordination;
mod desk;

pub use billing::*;
pub use coordination::*;
pub use desk::*;

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

/// Queues an email to the requester, in their language (nothing once their address is
/// forgotten); a request's emails carry their own details, not a session's.
fn tell(
    conn: &mut DbConnection,
    r: &WorkshopRequest,
    kind: MessageKind,
    payload: serde_json::Value,
) -> QueryResult<()> {
    let Some(email) = r.email.clone() else {
        return Ok(());
    };
    let name = r.contact_name.clone().unwrap_or_default();
    email_to(conn, kind, (email, name, &r.language), payload)
}

/// Queues one of a request's emails to (address, name, language).
fn email_to(
    conn: &mut DbConnection,
    kind: MessageKind,
    (recipient, recipient_name, language): (String, String, &str),
    payload: serde_json::Value,
) -> QueryResult<()> {
    enqueue(
        conn,
        &NewMessage {
            kind,
            registration_id: None,
            session_id: None,
            recipient,
            recipient_name,
            language: Lang::parse(language).unwrap_or_default(),
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

/// Queues the same email to every coordinator of the request's MRC, each in their own
/// language (the requester's emails go through [`tell`]).
fn tell_coordinators(
    conn: &mut DbConnection,
    r: &WorkshopRequest,
    kind: MessageKind,
    payload: serde_json::Value,
) -> QueryResult<()> {
    let coordinators: Vec<(String, String, String)> = coordinators::table
        .inner_join(users::table)
        .filter(coordinators::mrc_id.eq(r.mrc_id))
        .order(users::id)
        .select((users::email, users::name, users::locale))
        .load(conn)?;
    for (email, name, locale) in coordinators {
        email_to(conn, kind, (email, name, &locale), payload.clone())?;
    }
    Ok(())
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
        tell_coordinators(
            conn,
            &r,
            MessageKind::RequestReceived,
            json!({
                "title": r.group_name,
                "request_path": format!("/admin/requests/{}", r.id),
            }),
        )?;
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
        tell_coordinators(
            conn,
            &r,
            MessageKind::RequestDatePicked,
            json!({
                "title": r.group_name,
                "starts_at": rfc3339(slot.starts_at),
                "ends_at": rfc3339(slot.ends_at),
                "request_path": format!("/admin/requests/{}", r.id),
            }),
        )?;
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
