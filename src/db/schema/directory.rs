//! Places (region, MRCs, municipalities, venues), organisations, staff and trainers, and the kinds, audiences and topics sessions are filed under.

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
