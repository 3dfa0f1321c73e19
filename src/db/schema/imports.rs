//! Partner calendars and what they bring (sources, rules, origins, merge refusals), public submissions and their moderators.

diesel::table! {
    calendar_sources (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        name -> Text,
        url -> Nullable<Text>,
        trusted -> Bool,
        takes_registrations -> Bool,
        venue_id -> Nullable<BigInt>,
        municipality_id -> Nullable<BigInt>,
        kind_id -> BigInt,
        event_id -> BigInt,
        refresh_minutes -> Integer,
        etag -> Nullable<Text>,
        last_modified -> Nullable<Text>,
        fetched_at -> Nullable<Timestamp>,
        next_fetch_at -> Nullable<Timestamp>,
        failures -> Integer,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calendar_source_audiences (source_id, audience_id) {
        source_id -> BigInt,
        audience_id -> BigInt,
    }
}

diesel::table! {
    calendar_source_topics (source_id, topic_id) {
        source_id -> BigInt,
        topic_id -> BigInt,
    }
}

diesel::table! {
    calendar_source_rules (id) {
        id -> BigInt,
        source_id -> BigInt,
        keyword -> Text,
        topic_id -> Nullable<BigInt>,
        audience_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    session_locations (session_id) {
        session_id -> BigInt,
        location_text -> Nullable<Text>,
        municipality_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    session_origins (id) {
        id -> BigInt,
        session_id -> BigInt,
        source_id -> Nullable<BigInt>,
        external_uid -> Nullable<Text>,
        origin_url -> Nullable<Text>,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    merge_refusals (id) {
        id -> BigInt,
        session_id -> BigInt,
        source_id -> BigInt,
        external_uid -> Text,
        decided_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    submissions (id) {
        id -> BigInt,
        origin -> Text,
        source_id -> Nullable<BigInt>,
        organisation_id -> BigInt,
        session_id -> Nullable<BigInt>,
        external_uid -> Nullable<Text>,
        payload -> Text,
        state -> Text,
        reason -> Nullable<Text>,
        proposer_name -> Nullable<Text>,
        proposer_email -> Nullable<Text>,
        confirm_token_hash -> Nullable<Text>,
        confirmed_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        proposer_lang -> Nullable<Text>,
        consent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    moderators (user_id, mrc_id) {
        user_id -> BigInt,
        mrc_id -> BigInt,
        created_at -> Timestamp,
    }
}
