//! Diesel table definitions, written by hand in portable types so one schema serves
//! SQLite and PostgreSQL (see STYLE.md: BigInt ids, Text, Timestamp in UTC, Bool, Integer).
//!
//! The tables are grouped by what they hold, one file a group; the joins and the
//! tables that may be queried together are declared here, over all of them.

mod community;
mod directory;
mod imports;
mod programme;
mod records;

pub use community::*;
pub use directory::*;
pub use imports::*;
pub use programme::*;
pub use records::*;

diesel::joinable!(mrcs -> regions (region_id));
diesel::joinable!(municipalities -> mrcs (mrc_id));
diesel::joinable!(organisations -> municipalities (municipality_id));
diesel::joinable!(venues -> municipalities (municipality_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> organisations (organisation_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(events -> organisations (organisation_id));
diesel::joinable!(event_days -> events (event_id));
diesel::joinable!(tracks -> events (event_id));
diesel::joinable!(sessions -> events (event_id));
diesel::joinable!(sessions -> organisations (organisation_id));
diesel::joinable!(sessions -> kinds (kind_id));
diesel::joinable!(sessions -> venues (venue_id));
diesel::joinable!(sessions -> tracks (track_id));
diesel::joinable!(session_audiences -> sessions (session_id));
diesel::joinable!(session_audiences -> audiences (audience_id));
diesel::joinable!(session_topics -> sessions (session_id));
diesel::joinable!(session_topics -> topics (topic_id));
diesel::joinable!(session_trainers -> sessions (session_id));
diesel::joinable!(session_trainers -> trainers (trainer_id));
diesel::joinable!(trainer_organisations -> trainers (trainer_id));
diesel::joinable!(trainer_organisations -> organisations (organisation_id));
diesel::joinable!(registrations -> sessions (session_id));
diesel::joinable!(outbox -> registrations (registration_id));
diesel::joinable!(staff_sessions -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(sign_in_challenges -> users (user_id));
diesel::joinable!(audit_log -> users (user_id));
diesel::joinable!(registration_links -> registrations (registration_id));
diesel::joinable!(idempotency_keys -> registrations (registration_id));

diesel::joinable!(calendar_sources -> organisations (organisation_id));
diesel::joinable!(calendar_sources -> events (event_id));
diesel::joinable!(calendar_source_rules -> calendar_sources (source_id));
diesel::joinable!(session_locations -> sessions (session_id));
diesel::joinable!(session_origins -> sessions (session_id));
diesel::joinable!(session_origins -> calendar_sources (source_id));
diesel::joinable!(submissions -> organisations (organisation_id));
diesel::joinable!(moderators -> mrcs (mrc_id));
diesel::joinable!(webhooks -> organisations (organisation_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(interests -> topics (topic_id));
diesel::joinable!(interests -> municipalities (municipality_id));
diesel::joinable!(session_embargoes -> sessions (session_id));
diesel::joinable!(session_reschedules -> sessions (session_id));
diesel::joinable!(session_prices -> sessions (session_id));
diesel::joinable!(session_prices -> audiences (audience_id));
diesel::joinable!(survey_answers -> registrations (registration_id));
diesel::joinable!(survey_answers -> sessions (session_id));
diesel::joinable!(follow_up_requests -> registrations (registration_id));
diesel::joinable!(follow_up_requests -> sessions (session_id));
diesel::joinable!(follow_up_requests -> organisations (organisation_id));
diesel::joinable!(payments -> registrations (registration_id));
diesel::joinable!(session_helpers -> sessions (session_id));
diesel::joinable!(helper_shifts -> sessions (session_id));
diesel::joinable!(coordinators -> mrcs (mrc_id));
diesel::joinable!(coordinators -> users (user_id));
diesel::joinable!(coordinators -> organisations (organisation_id));
diesel::joinable!(workshop_requests -> municipalities (municipality_id));
diesel::joinable!(request_slots -> workshop_requests (request_id));
diesel::joinable!(invoices -> workshop_requests (request_id));
diesel::allow_tables_to_appear_in_same_query!(
    regions,
    mrcs,
    municipalities,
    organisations,
    venues,
    users,
    memberships,
    api_tokens,
    trainers,
    trainer_organisations,
    kinds,
    audiences,
    topics,
    events,
    event_days,
    tracks,
    sessions,
    session_audiences,
    session_topics,
    session_trainers,
    registrations,
    outbox,
    audit_log,
    password_resets,
    feed_codes,
    staff_sessions,
    recovery_codes,
    sign_in_challenges,
    login_attempts,
    registration_links,
    idempotency_keys,
    person_feeds,
    calendar_sources,
    calendar_source_audiences,
    calendar_source_topics,
    calendar_source_rules,
    session_locations,
    session_origins,
    merge_refusals,
    submissions,
    moderators,
    webhooks,
    webhook_deliveries,
    interests,
    session_embargoes,
    session_reschedules,
    session_prices,
    payments,
    stripe_events,
    survey_answers,
    follow_up_requests,
    session_helpers,
    helper_shifts,
    coordinators,
    workshop_requests,
    request_slots,
    invoices,
);
