//! Rows as stored (`Queryable + Selectable`) and rows to insert (`Insertable`).
//! Views for templates and JSON live in `web`; rules live in `domain`.

use crate::domain::access::Role;
use crate::domain::payment::{PaidVia, PayMethod, PayStatus};
use crate::domain::registration::{Source, Status};
use crate::domain::session::{Format, Level, SessionStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = regions)]
pub struct Region {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = mrcs)]
pub struct Mrc {
    pub id: i64,
    pub region_id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = municipalities)]
pub struct Municipality {
    pub id: i64,
    pub mrc_id: i64,
    pub slug: String,
    pub name: String,
    /// The centroid (degrees), for « et autour » filters; unknown for some towns.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub municipality_id: Option<i64>,
    pub description: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub waitlist_mode: String,
    pub offer_hours: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = organisations)]
pub struct NewOrganisation<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub municipality_id: Option<i64>,
    pub description: &'a str,
    pub website: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = venues)]
pub struct Venue {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub municipality_id: i64,
    pub slug: String,
    pub name: String,
    pub address: String,
    pub postal_code: Option<String>,
    pub room: Option<String>,
    pub capacity: Option<i32>,
    pub step_free_access: bool,
    pub accessibility_notes: String,
    pub wifi: bool,
    pub computers: i32,
    pub directions: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = venues)]
pub struct NewVenue<'a> {
    pub organisation_id: Option<i64>,
    pub municipality_id: i64,
    pub slug: &'a str,
    pub name: &'a str,
    pub address: &'a str,
    pub postal_code: Option<&'a str>,
    pub room: Option<&'a str>,
    pub capacity: Option<i32>,
    pub step_free_access: bool,
    pub accessibility_notes: &'a str,
    pub wifi: bool,
    pub computers: i32,
    pub directions: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub locale: String,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: i64,
    pub user_id: i64,
    pub organisation_id: i64,
    pub role: Role,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = trainers)]
pub struct Trainer {
    pub id: i64,
    pub user_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub bio: String,
    pub home_municipality_id: Option<i64>,
    pub feed_token_hash: String,
    pub created_at: NaiveDateTime,
}

/// A taxonomy term (kind, audience or topic): the same shape in three tables.
#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct Term {
    pub id: i64,
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
    pub position: i32,
}

impl Term {
    pub fn name(&self, lang: crate::domain::lang::Lang) -> &str {
        match lang {
            crate::domain::lang::Lang::Fr => &self.name_fr,
            crate::domain::lang::Lang::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: i64,
    pub organisation_id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Community groups may propose activities for this programme (`/propose`).
    pub accepts_proposals: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = event_days)]
pub struct EventDay {
    pub id: i64,
    pub event_id: i64,
    pub day: String,
    pub title: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = tracks)]
pub struct Track {
    pub id: i64,
    pub event_id: i64,
    pub slug: String,
    pub name: String,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: i64,
    pub event_id: i64,
    pub organisation_id: i64,
    pub track_id: Option<i64>,
    pub kind_id: i64,
    pub title: String,
    pub description: String,
    pub level: Level,
    pub language: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub format: Format,
    pub online_url: Option<String>,
    pub venue_id: Option<i64>,
    pub registration_required: bool,
    pub capacity: Option<i32>,
    pub waitlist_limit: Option<i32>,
    pub max_seats: i32,
    pub price_cents: i32,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub status: SessionStatus,
    pub cancel_reason: Option<String>,
    pub seats_taken: i32,
    pub waitlist_count: i32,
    pub sequence: i32,
    pub series_key: Option<String>,
    pub external_uid: Option<String>,
    pub what_to_bring: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
}

impl Session {
    /// Seats still free, or `None` when the session has no capacity limit.
    pub fn seats_left(&self) -> Option<i32> {
        self.capacity.map(|c| (c - self.seats_taken).max(0))
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession {
    pub event_id: i64,
    pub organisation_id: i64,
    pub track_id: Option<i64>,
    pub kind_id: i64,
    pub title: String,
    pub description: String,
    pub level: Level,
    pub language: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub format: Format,
    pub online_url: Option<String>,
    pub venue_id: Option<i64>,
    pub registration_required: bool,
    pub capacity: Option<i32>,
    pub waitlist_limit: Option<i32>,
    pub max_seats: i32,
    pub price_cents: i32,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub status: SessionStatus,
    pub series_key: Option<String>,
    pub external_uid: Option<String>,
    pub what_to_bring: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = registrations)]
pub struct Registration {
    pub id: i64,
    pub session_id: i64,
    /// SHA-256 of the manage link given at registration (later links: `registration_links`).
    pub token_hash: String,
    pub person_key: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub seats: i32,
    pub status: Status,
    pub needs: Option<String>,
    pub language: String,
    pub source: Source,
    pub entered_by_user_id: Option<i64>,
    pub consent_at: Option<NaiveDateTime>,
    pub queued_at: NaiveDateTime,
    pub offer_expires_at: Option<NaiveDateTime>,
    pub check_in_code: String,
    pub checked_in_at: Option<NaiveDateTime>,
    pub ical_sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    pub purged_at: Option<NaiveDateTime>,
    pub reminded_for: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub registration_id: Option<i64>,
    pub session_id: Option<i64>,
    pub recipient: String,
    pub recipient_name: String,
    pub language: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub lease_id: Option<String>,
}

/// A partner's calendar feed (issue 12): where it is, what its sessions get by default,
/// and how fetching it went.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = calendar_sources)]
pub struct CalendarSource {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    /// `None` for an uploaded file.
    pub url: Option<String>,
    pub trusted: bool,
    pub takes_registrations: bool,
    pub venue_id: Option<i64>,
    pub municipality_id: Option<i64>,
    pub kind_id: i64,
    pub event_id: i64,
    pub refresh_minutes: i32,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub fetched_at: Option<NaiveDateTime>,
    pub next_fetch_at: Option<NaiveDateTime>,
    pub failures: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A keyword rule of a feed: the word in a title or description adds a topic or an
/// audience.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = calendar_source_rules)]
pub struct SourceRule {
    pub id: i64,
    pub source_id: i64,
    pub keyword: String,
    pub topic_id: Option<i64>,
    pub audience_id: Option<i64>,
}

/// One origin of a session: a (source, key) that shows it.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = session_origins)]
pub struct SessionOrigin {
    pub id: i64,
    pub session_id: i64,
    pub source_id: Option<i64>,
    pub external_uid: Option<String>,
    pub origin_url: Option<String>,
    pub payload: String,
    pub created_at: NaiveDateTime,
}

/// An item of the moderation queue (or its record once decided).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = submissions)]
pub struct Submission {
    pub id: i64,
    pub origin: String,
    pub source_id: Option<i64>,
    pub organisation_id: i64,
    pub session_id: Option<i64>,
    pub external_uid: Option<String>,
    pub payload: String,
    pub state: String,
    pub reason: Option<String>,
    pub proposer_name: Option<String>,
    pub proposer_email: Option<String>,
    pub confirm_token_hash: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// A public proposal: the language its author used (their emails are in it).
    pub proposer_lang: Option<String>,
    /// A public proposal: when its author agreed that their contact details serve to
    /// handle it (Law 25).
    pub consent_at: Option<NaiveDateTime>,
}

/// An organisation's webhook endpoint (issue 12, item 10). `events` is a comma list
/// (`domain::webhooks::parse_events`).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = webhooks)]
pub struct Webhook {
    pub id: i64,
    pub organisation_id: i64,
    pub url: String,
    pub secret: String,
    pub events: String,
    pub include_personal: bool,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

/// One change sent (or to send) to one endpoint; `payload` is the exact body.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = webhook_deliveries)]
pub struct WebhookDelivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event: crate::domain::webhooks::WebhookEvent,
    pub registration_id: Option<i64>,
    pub payload: String,
    pub has_personal: bool,
    pub state: crate::domain::webhooks::DeliveryState,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub lease_id: Option<String>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// What a paid registration owes and where its money stands (issue 13).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = payments, primary_key(registration_id))]
pub struct Payment {
    pub registration_id: i64,
    pub session_id: i64,
    pub organisation_id: i64,
    pub amount_cents: i32,
    pub currency: String,
    /// The audience whose reduced price applies (`None`: the full price).
    pub audience_id: Option<i64>,
    pub method: PayMethod,
    pub status: PayStatus,
    pub paid_via: Option<PaidVia>,
    pub paid_at: Option<NaiveDateTime>,
    pub recorded_by_user_id: Option<i64>,
    pub hold_expires_at: Option<NaiveDateTime>,
    pub hold_warned: bool,
    pub hold_extended: bool,
    pub checkout_id: Option<String>,
    pub checkout_url: Option<String>,
    pub checkout_attempt: i32,
    pub payment_intent: Option<String>,
    pub refund_id: Option<String>,
    pub refunded_cents: i32,
    pub refund_attempts: i32,
    pub refund_next_at: Option<NaiveDateTime>,
    pub refund_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One helper's shift for one session (`store::helpers`).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = helper_shifts)]
pub struct HelperShift {
    pub id: i64,
    pub session_id: i64,
    pub person_key: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub status: crate::domain::helpers::ShiftStatus,
    pub language: String,
    pub consent_at: Option<NaiveDateTime>,
    pub entered_by_user_id: Option<i64>,
    pub ical_sequence: i32,
    pub attended: Option<bool>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
    pub purged_at: Option<NaiveDateTime>,
}

/// A workshop request to a regional team (issue 17, part 2).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::db::schema::workshop_requests)]
pub struct WorkshopRequest {
    pub id: i64,
    pub token_hash: Option<String>,
    pub state: crate::domain::request::RequestState,
    pub service: crate::domain::request::Service,
    pub topic_id: Option<i64>,
    pub audience_id: Option<i64>,
    pub details: String,
    pub municipality_id: i64,
    pub mrc_id: i64,
    pub at_requester: bool,
    pub place: String,
    pub periods: String,
    pub people: i32,
    pub group_name: String,
    pub group_kind: crate::domain::request::GroupKind,
    pub contact_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub language: String,
    pub consent_at: Option<NaiveDateTime>,
    pub session_id: Option<i64>,
    pub refusal_reason: Option<String>,
    pub rate_cents: Option<i32>,
    pub rate_unit: Option<crate::domain::request::RateUnit>,
    pub decided_by_user_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    pub purged_at: Option<NaiveDateTime>,
}

/// A date proposed for a request.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::db::schema::request_slots)]
pub struct RequestSlot {
    pub id: i64,
    pub request_id: i64,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub chosen_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// An invoice for a request's work.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::db::schema::invoices)]
pub struct InvoiceRow {
    pub id: i64,
    pub request_id: i64,
    pub organisation_id: i64,
    pub number: String,
    pub bill_to: String,
    pub lines: String,
    pub subtotal_cents: i32,
    pub gst_cents: i32,
    pub qst_cents: i32,
    pub total_cents: i32,
    pub tax_number: Option<String>,
    pub issued_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub paid_at: Option<NaiveDateTime>,
    pub paid_how: Option<String>,
    pub paid_by_user_id: Option<i64>,
    /// The Stripe Checkout session last opened to pay it online.
    pub checkout_id: Option<String>,
}
