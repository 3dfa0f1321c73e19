//! Events, their days and tracks, sessions with their prices, payments, audiences, topics and trainers.

diesel::table! {
    events (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        slug -> Text,
        title -> Text,
        summary -> Text,
        description -> Text,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        accepts_proposals -> Bool,
    }
}

diesel::table! {
    event_days (id) {
        id -> BigInt,
        event_id -> BigInt,
        day -> Text,
        title -> Text,
    }
}

diesel::table! {
    tracks (id) {
        id -> BigInt,
        event_id -> BigInt,
        slug -> Text,
        name -> Text,
        position -> Integer,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        event_id -> BigInt,
        organisation_id -> BigInt,
        track_id -> Nullable<BigInt>,
        kind_id -> BigInt,
        title -> Text,
        description -> Text,
        level -> Text,
        language -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        format -> Text,
        online_url -> Nullable<Text>,
        venue_id -> Nullable<BigInt>,
        registration_required -> Bool,
        capacity -> Nullable<Integer>,
        waitlist_limit -> Nullable<Integer>,
        max_seats -> Integer,
        price_cents -> Integer,
        registration_opens_at -> Nullable<Timestamp>,
        registration_closes_at -> Nullable<Timestamp>,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        seats_taken -> Integer,
        waitlist_count -> Integer,
        sequence -> Integer,
        series_key -> Nullable<Text>,
        external_uid -> Nullable<Text>,
        what_to_bring -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    session_prices (session_id, audience_id) {
        session_id -> BigInt,
        audience_id -> BigInt,
        price_cents -> Integer,
    }
}

diesel::table! {
    payments (registration_id) {
        registration_id -> BigInt,
        session_id -> BigInt,
        organisation_id -> BigInt,
        amount_cents -> Integer,
        currency -> Text,
        audience_id -> Nullable<BigInt>,
        method -> Text,
        status -> Text,
        paid_via -> Nullable<Text>,
        paid_at -> Nullable<Timestamp>,
        recorded_by_user_id -> Nullable<BigInt>,
        hold_expires_at -> Nullable<Timestamp>,
        hold_warned -> Bool,
        hold_extended -> Bool,
        checkout_id -> Nullable<Text>,
        checkout_url -> Nullable<Text>,
        checkout_attempt -> Integer,
        payment_intent -> Nullable<Text>,
        refund_id -> Nullable<Text>,
        refunded_cents -> Integer,
        refund_attempts -> Integer,
        refund_next_at -> Nullable<Timestamp>,
        refund_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stripe_events (id) {
        id -> Text,
        kind -> Text,
        received_at -> Timestamp,
    }
}

diesel::table! {
    session_audiences (session_id, audience_id) {
        session_id -> BigInt,
        audience_id -> BigInt,
    }
}

diesel::table! {
    session_topics (session_id, topic_id) {
        session_id -> BigInt,
        topic_id -> BigInt,
    }
}

diesel::table! {
    session_trainers (session_id, trainer_id) {
        session_id -> BigInt,
        trainer_id -> BigInt,
    }
}
