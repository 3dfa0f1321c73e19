//! Diesel table definitions, written by hand in portable types so one schema serves
//! SQLite and PostgreSQL (see STYLE.md: BigInt ids, Text, Timestamp in UTC, Bool, Integer).

diesel::table! {
    regions (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
    }
}

diesel::table! {
    mrcs (id) {
        id -> BigInt,
        region_id -> BigInt,
        slug -> Text,
        name -> Text,
    }
}

diesel::table! {
    municipalities (id) {
        id -> BigInt,
        mrc_id -> BigInt,
        slug -> Text,
        name -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
    }
}

diesel::table! {
    organisations (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        kind -> Text,
        municipality_id -> Nullable<BigInt>,
        description -> Text,
        website -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        waitlist_mode -> Text,
        offer_hours -> Integer,
        created_at -> Timestamp,
        trusted -> Bool,
        head_start_hours -> Integer,
        pay_online -> Bool,
        pay_on_site -> Bool,
        refund_hours_before -> Nullable<Integer>,
        late_payment -> Text,
        tax_number -> Nullable<Text>,
        postal_address -> Text,
        no_show_limit -> Nullable<Integer>,
        no_show_days -> Integer,
    }
}

diesel::table! {
    venues (id) {
        id -> BigInt,
        organisation_id -> Nullable<BigInt>,
        municipality_id -> BigInt,
        slug -> Text,
        name -> Text,
        address -> Text,
        postal_code -> Nullable<Text>,
        room -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        step_free_access -> Bool,
        accessibility_notes -> Text,
        wifi -> Bool,
        computers -> Integer,
        directions -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        password_hash -> Nullable<Text>,
        is_admin -> Bool,
        locale -> Text,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        user_id -> BigInt,
        organisation_id -> BigInt,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    trainers (id) {
        id -> BigInt,
        user_id -> Nullable<BigInt>,
        slug -> Text,
        name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        bio -> Text,
        home_municipality_id -> Nullable<BigInt>,
        feed_token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    trainer_organisations (trainer_id, organisation_id) {
        trainer_id -> BigInt,
        organisation_id -> BigInt,
    }
}

diesel::table! {
    kinds (id) {
        id -> BigInt,
        slug -> Text,
        name_fr -> Text,
        name_en -> Text,
        position -> Integer,
    }
}

diesel::table! {
    audiences (id) {
        id -> BigInt,
        slug -> Text,
        name_fr -> Text,
        name_en -> Text,
        position -> Integer,
    }
}

diesel::table! {
    topics (id) {
        id -> BigInt,
        slug -> Text,
        name_fr -> Text,
        name_en -> Text,
        position -> Integer,
    }
}

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
