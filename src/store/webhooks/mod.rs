//! Outgoing webhooks (issue 12, item 10): an organisation's endpoints, and one
//! delivery row per change and endpoint, written in the transaction of the change (the
//! outbox pattern: the change and the row saying "tell the partner" commit together, or
//! neither does). The delivery job (`jobs::webhooks`) sends them through
//! [`deliveries`]. Managers of the organisation (and the regional administrator)
//! register, change, delete endpoints and replay a delivery; each act writes its
//! audit entry. Personal data (a registrant's name and email) goes only to endpoints
//! that asked for it, and leaves the stored bodies with an erasure or the retention
//! purge.

pub mod deliveries;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::{Registration, Session, Webhook, WebhookDelivery};
use crate::db::schema::{organisations, registrations, sessions, webhook_deliveries, webhooks};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::{Access, Role};
use crate::domain::session::SessionStatus;
use crate::domain::token::random_token;
use crate::domain::webhooks::{
    Body, Data, DeliveryState, OrganisationData, PlaceData, RegistrationData, SessionData,
    WebhookEvent, WebhookInput, events_text, new_secret, stored_events,
};
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::sessions::{SessionDetails, details};

/// What a change is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Session(i64),
    Registration(i64),
}

/// Whether any active endpoint of the organisation is subscribed to `event` (the
/// registration engine asks once per transaction and skips [`emit`] when none is).
pub fn listens(
    conn: &mut DbConnection,
    organisation_id: i64,
    event: WebhookEvent,
) -> QueryResult<bool> {
    let subscribed: Vec<String> = webhooks::table
        .filter(webhooks::organisation_id.eq(organisation_id))
        .filter(webhooks::active.eq(true))
        .select(webhooks::events)
        .load(conn)?;
    Ok(subscribed.iter().any(|e| stored_events(e).contains(&event)))
}

/// Queues `event` about `subject` for every active endpoint of the session's
/// organisation subscribed to it; call inside the change's transaction, after its
/// writes (the body shows the session as the change left it). Returns the rows queued.
pub fn emit(conn: &mut DbConnection, event: WebhookEvent, subject: Subject) -> QueryResult<usize> {
    let (session_id, registration) = match subject {
        Subject::Session(id) => (id, None),
        Subject::Registration(id) => {
            let r: Registration = registrations::table
                .find(id)
                .select(Registration::as_select())
                .first(conn)?;
            (r.session_id, Some(r))
        }
    };
    let organisation_id: i64 = sessions::table
        .find(session_id)
        .select(sessions::organisation_id)
        .first(conn)?;
    let endpoints: Vec<Webhook> = webhooks::table
        .filter(webhooks::organisation_id.eq(organisation_id))
        .filter(webhooks::active.eq(true))
        .order(webhooks::id)
        .select(Webhook::as_select())
        .load(conn)?
        .into_iter()
        .filter(|w| stored_events(&w.events).contains(&event))
        .collect();
    if endpoints.is_empty() {
        return Ok(0);
    }
    let row: Session = sessions::table
        .find(session_id)
        .select(Session::as_select())
        .first(conn)?;
    let Some(d) = details(conn, vec![row])?.pop() else {
        return Ok(0);
    };
    let data = Data {
        session: session_data(&d),
        registration: registration.as_ref().map(|r| RegistrationData {
            id: r.id,
            session_id: r.session_id,
            status: r.status,
            seats: r.seats,
            name: r.name.clone(),
            email: r.email.clone(),
        }),
    };
    let stamp = now();
    let change_id = format!("evt_{}", random_token());
    for w in &endpoints {
        let mut body = Body::new(&change_id, event, stamp, data.clone());
        if !w.include_personal {
            body = body.without_personal();
        }
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::webhook_id.eq(w.id),
                webhook_deliveries::event.eq(event),
                webhook_deliveries::registration_id.eq(registration.as_ref().map(|r| r.id)),
                webhook_deliveries::payload.eq(body.to_json()),
                webhook_deliveries::has_personal.eq(body.has_personal()),
                webhook_deliveries::state.eq(DeliveryState::Pending),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(stamp),
                webhook_deliveries::created_at.eq(stamp),
            ))
            .execute(conn)?;
    }
    Ok(endpoints.len())
}

/// A session just stored: `session.published` when it was created published.
pub fn session_created(conn: &mut DbConnection, session_id: i64) -> QueryResult<usize> {
    if status_of(conn, session_id)? == SessionStatus::Published {
        emit(
            conn,
            WebhookEvent::SessionPublished,
            Subject::Session(session_id),
        )
    } else {
        Ok(0)
    }
}

/// A session edited: `session.changed` while it is public and not cancelled (a draft
/// was never sent to anyone).
pub fn session_changed(conn: &mut DbConnection, session_id: i64) -> QueryResult<usize> {
    if status_of(conn, session_id)? == SessionStatus::Published {
        emit(
            conn,
            WebhookEvent::SessionChanged,
            Subject::Session(session_id),
        )
    } else {
        Ok(0)
    }
}

/// A session published (`session.published`) or taken back to draft
/// (`session.changed` with `status: "draft"`); nothing when the status stayed.
pub fn publication_changed(
    conn: &mut DbConnection,
    session_id: i64,
    before: SessionStatus,
    after: SessionStatus,
) -> QueryResult<usize> {
    match (before, after) {
        (b, a) if b == a => Ok(0),
        (_, SessionStatus::Published) => emit(
            conn,
            WebhookEvent::SessionPublished,
            Subject::Session(session_id),
        ),
        (SessionStatus::Published, _) => emit(
            conn,
            WebhookEvent::SessionChanged,
            Subject::Session(session_id),
        ),
        _ => Ok(0),
    }
}

/// A session cancelled: `session.cancelled`, unless it was a draft nobody was sent.
pub fn session_cancelled(
    conn: &mut DbConnection,
    session_id: i64,
    before: SessionStatus,
) -> QueryResult<usize> {
    if before == SessionStatus::Draft {
        return Ok(0);
    }
    emit(
        conn,
        WebhookEvent::SessionCancelled,
        Subject::Session(session_id),
    )
}

/// `registration.created` or `registration.cancelled` for a registration.
pub fn registration_event(
    conn: &mut DbConnection,
    event: WebhookEvent,
    registration_id: i64,
) -> QueryResult<usize> {
    emit(conn, event, Subject::Registration(registration_id))
}

fn status_of(conn: &mut DbConnection, session_id: i64) -> QueryResult<SessionStatus> {
    sessions::table
        .find(session_id)
        .select(sessions::status)
        .first(conn)
}

/// What a partner is told about a session (its public page's facts; the address is a
/// path until the delivery job completes it).
fn session_data(d: &SessionDetails) -> SessionData {
    let s = &d.session;
    let place = match (&d.venue, &d.location_text) {
        (Some(v), _) => Some(PlaceData {
            venue: Some(v.name.clone()),
            address: Some(v.address.clone()),
            municipality: d.municipality.as_ref().map(|m| m.name.clone()),
        }),
        (None, Some(text)) => Some(PlaceData {
            venue: None,
            address: Some(text.clone()),
            municipality: d.municipality.as_ref().map(|m| m.name.clone()),
        }),
        (None, None) => None,
    };
    SessionData {
        id: s.id,
        title: s.title.clone(),
        status: s.status,
        starts_at: crate::domain::time::rfc3339(s.starts_at),
        ends_at: crate::domain::time::rfc3339(s.ends_at),
        format: s.format,
        url: format!("/sessions/{}", s.id),
        organisation: OrganisationData {
            id: d.organisation.id,
            slug: d.organisation.slug.clone(),
            name: d.organisation.name.clone(),
        },
        place,
        registration_required: s.registration_required,
        capacity: s.capacity,
        seats_taken: s.seats_taken,
        seats_left: s.seats_left(),
        waitlist_count: s.waitlist_count,
        cancel_reason: s.cancel_reason.clone(),
    }
}

/// Law 25: the name and email of these registrations leave every stored body (a
/// delivery still due goes out without them). Returns the rows rewritten.
pub fn forget(conn: &mut DbConnection, registration_ids: &[i64]) -> QueryResult<usize> {
    if registration_ids.is_empty() {
        return Ok(0);
    }
    let rows: Vec<(i64, String)> = webhook_deliveries::table
        .filter(webhook_deliveries::registration_id.eq_any(registration_ids))
        .filter(webhook_deliveries::has_personal.eq(true))
        .select((webhook_deliveries::id, webhook_deliveries::payload))
        .load(conn)?;
    for (id, payload) in &rows {
        let clean = Body::parse(payload)
            .map(|b| b.without_personal().to_json())
            .unwrap_or_else(|| "{}".to_owned());
        diesel::update(webhook_deliveries::table.find(id))
            .set((
                webhook_deliveries::payload.eq(clean),
                webhook_deliveries::has_personal.eq(false),
            ))
            .execute(conn)?;
    }
    Ok(rows.len())
}

/// How long a delivered body is kept (for the organisation's list and a replay).
pub const DELIVERED_KEPT: Duration = Duration::days(30);

/// The retention purge's part: deliveries carrying personal data, and failed ones,
/// older than `cutoff` (the retention period); delivered ones after
/// [`DELIVERED_KEPT`]. Call inside the purge's transaction. Returns the rows deleted.
pub fn purge(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let old = webhook_deliveries::created_at.lt(cutoff);
    let mut n = diesel::delete(
        webhook_deliveries::table
            .filter(old)
            .filter(webhook_deliveries::has_personal.eq(true)),
    )
    .execute(conn)?;
    n += diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::created_at.lt(cutoff))
            .filter(webhook_deliveries::state.eq(DeliveryState::Failed)),
    )
    .execute(conn)?;
    n += diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::created_at.lt(now - DELIVERED_KEPT))
            .filter(webhook_deliveries::state.eq(DeliveryState::Delivered)),
    )
    .execute(conn)?;
    Ok(n)
}

/// Whether the person manages any organisation (the webhooks pages are theirs).
fn manages_any(who: &Access) -> bool {
    who.is_admin || who.memberships.iter().any(|(_, r)| *r == Role::Manager)
}

/// An endpoint in the list.
#[derive(Debug, Clone)]
pub struct Listed {
    pub webhook: Webhook,
    pub organisation: String,
    /// Deliveries waiting, and failed for good.
    pub pending: i64,
    pub failed: i64,
}

/// The endpoints of the organisations the person manages (all for the regional
/// administrator), by organisation then age.
pub fn list(conn: &mut DbConnection, who: &Access) -> Result<Vec<Listed>> {
    if !manages_any(who) {
        return Err(Error::Forbidden);
    }
    let mut q = webhooks::table
        .inner_join(organisations::table)
        .order((organisations::name, webhooks::id))
        .select((Webhook::as_select(), organisations::name))
        .into_boxed();
    if !who.is_admin {
        q = q.filter(webhooks::organisation_id.eq_any(managed(who)));
    }
    let rows: Vec<(Webhook, String)> = q.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|(w, _)| w.id).collect();
    let counts: Vec<(i64, DeliveryState, i64)> = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq_any(&ids))
        .filter(webhook_deliveries::state.ne(DeliveryState::Delivered))
        .group_by((webhook_deliveries::webhook_id, webhook_deliveries::state))
        .select((
            webhook_deliveries::webhook_id,
            webhook_deliveries::state,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let count = |id: i64, state: DeliveryState| {
        counts
            .iter()
            .filter(|(w, s, _)| *w == id && *s == state)
            .map(|(_, _, n)| *n)
            .sum::<i64>()
    };
    Ok(rows
        .into_iter()
        .map(|(webhook, organisation)| Listed {
            pending: count(webhook.id, DeliveryState::Pending),
            failed: count(webhook.id, DeliveryState::Failed),
            webhook,
            organisation,
        })
        .collect())
}

fn managed(who: &Access) -> Vec<i64> {
    who.memberships
        .iter()
        .filter(|(_, r)| *r == Role::Manager)
        .map(|(o, _)| *o)
        .collect()
}

/// The organisations the person may register an endpoint for: (id, name).
pub fn organisations_managed(conn: &mut DbConnection, who: &Access) -> Result<Vec<(i64, String)>> {
    if !manages_any(who) {
        return Err(Error::Forbidden);
    }
    let mut q = organisations::table
        .order(organisations::name)
        .select((organisations::id, organisations::name))
        .into_boxed();
    if !who.is_admin {
        q = q.filter(organisations::id.eq_any(managed(who)));
    }
    Ok(q.load(conn)?)
}

/// Registers an endpoint with a new secret; returns its id.
pub fn create(conn: &mut DbConnection, who: &Access, input: &WebhookInput) -> Result<i64> {
    if !who.can_manage(input.organisation_id) {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let exists: i64 = organisations::table
            .find(input.organisation_id)
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Err(Error::field(
                "organisation_id",
                "webhooks-error-organisation",
            ));
        }
        let id: i64 = crate::per_backend!(conn, |c| diesel::insert_into(webhooks::table)
            .values((
                webhooks::organisation_id.eq(input.organisation_id),
                webhooks::url.eq(&input.url),
                webhooks::secret.eq(new_secret()),
                webhooks::events.eq(events_text(&input.events)),
                webhooks::include_personal.eq(input.include_personal),
                webhooks::active.eq(true),
                webhooks::created_at.eq(now()),
            ))
            .returning(webhooks::id)
            .get_result(c))?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "webhook", Some(id))
                .org(input.organisation_id)
                .detail(summary(&input.url, &input.events, input.include_personal)),
        )?;
        Ok(id)
    })
}

/// The audit entry's text: the address, the events, and whether personal data goes
/// (who turned it on, and when, is the record of that choice).
fn summary(url: &str, events: &[WebhookEvent], personal: bool) -> String {
    format!(
        "{url} [{}] personal={}",
        events_text(events),
        if personal { "on" } else { "off" }
    )
}

/// An endpoint the person manages, or why not.
fn managed_webhook(conn: &mut DbConnection, who: &Access, id: i64) -> Result<Webhook> {
    let w: Webhook = webhooks::table
        .find(id)
        .select(Webhook::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if !who.can_manage(w.organisation_id) {
        return Err(Error::Forbidden);
    }
    Ok(w)
}

/// An endpoint with its latest deliveries, for its page.
#[derive(Debug, Clone)]
pub struct Shown {
    pub webhook: Webhook,
    pub organisation: String,
    pub deliveries: Vec<WebhookDelivery>,
}

pub fn show(conn: &mut DbConnection, who: &Access, id: i64, limit: i64) -> Result<Shown> {
    let webhook = managed_webhook(conn, who, id)?;
    let organisation = organisations::table
        .find(webhook.organisation_id)
        .select(organisations::name)
        .first(conn)?;
    let deliveries = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(id))
        .order(webhook_deliveries::id.desc())
        .limit(limit)
        .select(WebhookDelivery::as_select())
        .load(conn)?;
    Ok(Shown {
        webhook,
        organisation,
        deliveries,
    })
}

/// What a manager may change on an endpoint (its address and secret stay: register
/// a new one to change them, so a partner is never sent to an address by surprise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookChange {
    pub events: Vec<WebhookEvent>,
    pub include_personal: bool,
    pub active: bool,
}

pub fn update(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    change: &WebhookChange,
) -> Result<()> {
    write_tx(conn, |conn| {
        let w = managed_webhook(conn, who, id)?;
        diesel::update(webhooks::table.find(id))
            .set((
                webhooks::events.eq(events_text(&change.events)),
                webhooks::include_personal.eq(change.include_personal),
                webhooks::active.eq(change.active),
            ))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "update", "webhook", Some(id))
                .org(w.organisation_id)
                .detail(format!(
                    "{} active={}",
                    summary(&w.url, &change.events, change.include_personal),
                    change.active
                )),
        )?;
        Ok(())
    })
}

/// Deletes an endpoint and its deliveries.
pub fn delete(conn: &mut DbConnection, who: &Access, id: i64) -> Result<()> {
    write_tx(conn, |conn| {
        let w = managed_webhook(conn, who, id)?;
        diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::webhook_id.eq(id)))
            .execute(conn)?;
        diesel::delete(webhooks::table.find(id)).execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "delete", "webhook", Some(id))
                .org(w.organisation_id)
                .detail(&w.url),
        )?;
        Ok(())
    })
}

/// « Renvoyer »: the delivery is due again at once, with the same body (its change id
/// lets the partner see it is the same change). A failed delivery gets one more
/// attempt; a pending one is brought forward.
pub fn replay(
    conn: &mut DbConnection,
    who: &Access,
    webhook_id: i64,
    delivery_id: i64,
) -> Result<()> {
    write_tx(conn, |conn| {
        let w = managed_webhook(conn, who, webhook_id)?;
        let d: WebhookDelivery = webhook_deliveries::table
            .find(delivery_id)
            .filter(webhook_deliveries::webhook_id.eq(webhook_id))
            .select(WebhookDelivery::as_select())
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        diesel::update(webhook_deliveries::table.find(d.id))
            .set((
                webhook_deliveries::state.eq(DeliveryState::Pending),
                webhook_deliveries::next_attempt_at.eq(now()),
            ))
            .execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "replay", "webhook_delivery", Some(d.id))
                .org(w.organisation_id)
                .detail(format!("{} → {}", d.event, w.url)),
        )?;
        Ok(())
    })
}
