//! Webhooks, interests, embargoes, reschedules, surveys, follow-ups, helpers, coordinators, workshop requests and invoices.

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        url -> Text,
        secret -> Text,
        events -> Text,
        include_personal -> Bool,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    interests (id) {
        id -> BigInt,
        topic_id -> BigInt,
        municipality_id -> BigInt,
        name -> Text,
        email -> Text,
        email_key -> Text,
        lang -> Text,
        token_hash -> Text,
        consent_at -> Timestamp,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        notified_at -> Nullable<Timestamp>,
        notified_session_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        webhook_id -> BigInt,
        event -> Text,
        registration_id -> Nullable<BigInt>,
        payload -> Text,
        has_personal -> Bool,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        lease_id -> Nullable<Text>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    session_embargoes (session_id) {
        session_id -> BigInt,
        public_at -> Timestamp,
    }
}

diesel::table! {
    session_reschedules (session_id) {
        session_id -> BigInt,
        previous_starts_at -> Timestamp,
        rescheduled_at -> Timestamp,
    }
}

diesel::table! {
    survey_answers (registration_id) {
        registration_id -> BigInt,
        session_id -> BigInt,
        useful -> Integer,
        clear -> Integer,
        next_step -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follow_up_requests (id) {
        id -> BigInt,
        registration_id -> BigInt,
        session_id -> BigInt,
        organisation_id -> BigInt,
        contact -> Text,
        phone -> Nullable<Text>,
        message -> Text,
        done_at -> Nullable<Timestamp>,
        done_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    session_helpers (session_id) {
        session_id -> BigInt,
        wanted -> Integer,
        task -> Text,
        confirmed -> Integer,
        short_alerted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    helper_shifts (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Nullable<Text>,
        confirm_token_hash -> Nullable<Text>,
        person_key -> Nullable<Text>,
        name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        status -> Text,
        language -> Text,
        consent_at -> Nullable<Timestamp>,
        entered_by_user_id -> Nullable<BigInt>,
        ical_sequence -> Integer,
        attended -> Nullable<Bool>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        purged_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    coordinators (user_id, mrc_id) {
        user_id -> BigInt,
        mrc_id -> BigInt,
        organisation_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    workshop_requests (id) {
        id -> BigInt,
        token_hash -> Nullable<Text>,
        state -> Text,
        service -> Text,
        topic_id -> Nullable<BigInt>,
        audience_id -> Nullable<BigInt>,
        details -> Text,
        municipality_id -> BigInt,
        mrc_id -> BigInt,
        at_requester -> Bool,
        place -> Text,
        periods -> Text,
        people -> Integer,
        group_name -> Text,
        group_kind -> Text,
        contact_name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        language -> Text,
        consent_at -> Nullable<Timestamp>,
        session_id -> Nullable<BigInt>,
        refusal_reason -> Nullable<Text>,
        rate_cents -> Nullable<Integer>,
        rate_unit -> Nullable<Text>,
        decided_by_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        purged_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    request_slots (id) {
        id -> BigInt,
        request_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        chosen_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invoices (id) {
        id -> BigInt,
        request_id -> BigInt,
        organisation_id -> BigInt,
        number -> Text,
        bill_to -> Text,
        lines -> Text,
        subtotal_cents -> Integer,
        gst_cents -> Integer,
        qst_cents -> Integer,
        total_cents -> Integer,
        tax_number -> Nullable<Text>,
        issued_at -> Timestamp,
        due_at -> Timestamp,
        paid_at -> Nullable<Timestamp>,
        paid_how -> Nullable<Text>,
        paid_by_user_id -> Nullable<BigInt>,
        checkout_id -> Nullable<Text>,
    }
}
