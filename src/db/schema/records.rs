//! Registrations and what follows from them (outbox, audit log, links, idempotency keys, personal feeds), and staff sign-in (sessions, resets, second factor).

diesel::table! {
    registrations (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Text,
        person_key -> Nullable<Text>,
        name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        seats -> Integer,
        status -> Text,
        needs -> Nullable<Text>,
        language -> Text,
        source -> Text,
        entered_by_user_id -> Nullable<BigInt>,
        consent_at -> Nullable<Timestamp>,
        queued_at -> Timestamp,
        offer_expires_at -> Nullable<Timestamp>,
        check_in_code -> Text,
        checked_in_at -> Nullable<Timestamp>,
        ical_sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        purged_at -> Nullable<Timestamp>,
        reminded_for -> Nullable<Timestamp>,
        returning_person -> Bool,
        followed_up_at -> Nullable<Timestamp>,
        no_show_hold -> Bool,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        kind -> Text,
        registration_id -> Nullable<BigInt>,
        session_id -> Nullable<BigInt>,
        recipient -> Text,
        recipient_name -> Text,
        language -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        lease_id -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        organisation_id -> Nullable<BigInt>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<BigInt>,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    feed_codes (code) {
        code -> Text,
        query -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        email -> Text,
        ip -> Text,
        succeeded -> Bool,
        created_at -> Timestamp,
        kind -> Text,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sign_in_challenges (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    registration_links (id) {
        id -> BigInt,
        registration_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> BigInt,
        key_hash -> Text,
        registration_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    person_feeds (id) {
        id -> BigInt,
        person_key -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}
