-- Babillard schema, SQLite dialect. Keep in step with ../../postgres (same tables,
-- columns, nullability and indexes); tests/migrations.rs compares the two.
-- Times are UTC in TIMESTAMP columns; ids are 64-bit.

CREATE TABLE regions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE mrcs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id BIGINT NOT NULL REFERENCES regions(id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE municipalities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mrc_id BIGINT NOT NULL REFERENCES mrcs(id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    municipality_id BIGINT REFERENCES municipalities(id),
    description TEXT NOT NULL DEFAULT '',
    website TEXT,
    email TEXT,
    phone TEXT,
    waitlist_mode TEXT NOT NULL DEFAULT 'auto',
    offer_hours INTEGER NOT NULL DEFAULT 24,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE venues (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT REFERENCES organisations(id),
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT,
    room TEXT,
    capacity INTEGER,
    step_free_access BOOLEAN NOT NULL DEFAULT 0,
    accessibility_notes TEXT NOT NULL DEFAULT '',
    wifi BOOLEAN NOT NULL DEFAULT 0,
    computers INTEGER NOT NULL DEFAULT 0,
    directions TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT 0,
    locale TEXT NOT NULL DEFAULT 'fr',
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, organisation_id)
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);

CREATE TABLE trainers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE SET NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    bio TEXT NOT NULL DEFAULT '',
    home_municipality_id BIGINT REFERENCES municipalities(id),
    feed_token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE trainer_organisations (
    trainer_id BIGINT NOT NULL REFERENCES trainers(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (trainer_id, organisation_id)
);

CREATE TABLE kinds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audiences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE event_days (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, day)
);

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, slug)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES events(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    track_id BIGINT REFERENCES tracks(id) ON DELETE SET NULL,
    kind_id BIGINT NOT NULL REFERENCES kinds(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT 'tous',
    language TEXT NOT NULL DEFAULT 'fr',
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    format TEXT NOT NULL DEFAULT 'in_person',
    online_url TEXT,
    venue_id BIGINT REFERENCES venues(id),
    registration_required BOOLEAN NOT NULL DEFAULT 1,
    capacity INTEGER,
    waitlist_limit INTEGER,
    max_seats INTEGER NOT NULL DEFAULT 2,
    price_cents INTEGER NOT NULL DEFAULT 0,
    registration_opens_at TIMESTAMP,
    registration_closes_at TIMESTAMP,
    status TEXT NOT NULL DEFAULT 'draft',
    cancel_reason TEXT,
    seats_taken INTEGER NOT NULL DEFAULT 0,
    waitlist_count INTEGER NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0,
    series_key TEXT,
    external_uid TEXT UNIQUE,
    what_to_bring TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    -- Invariant 1, enforced by the database as a last line of defence.
    CHECK (seats_taken >= 0 AND waitlist_count >= 0),
    CHECK (capacity IS NULL OR seats_taken <= capacity),
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_starts_at ON sessions (status, starts_at);
CREATE INDEX sessions_event ON sessions (event_id, starts_at);
CREATE INDEX sessions_organisation ON sessions (organisation_id, starts_at);

CREATE TABLE session_audiences (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    audience_id BIGINT NOT NULL REFERENCES audiences(id),
    PRIMARY KEY (session_id, audience_id)
);

CREATE TABLE session_topics (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (session_id, topic_id)
);

CREATE TABLE session_trainers (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    trainer_id BIGINT NOT NULL REFERENCES trainers(id),
    PRIMARY KEY (session_id, trainer_id)
);
CREATE INDEX session_trainers_trainer ON session_trainers (trainer_id);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    token TEXT NOT NULL UNIQUE,
    person_key TEXT,
    name TEXT,
    email TEXT,
    phone TEXT,
    seats INTEGER NOT NULL,
    status TEXT NOT NULL,
    needs TEXT,
    language TEXT NOT NULL DEFAULT 'fr',
    source TEXT NOT NULL DEFAULT 'web',
    entered_by_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    consent_at TIMESTAMP,
    queued_at TIMESTAMP NOT NULL,
    offer_expires_at TIMESTAMP,
    check_in_code TEXT NOT NULL,
    checked_in_at TIMESTAMP,
    ical_sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    purged_at TIMESTAMP,
    CHECK (seats > 0)
);
-- Invariant 3: one live registration per person and session.
CREATE UNIQUE INDEX registrations_live_person ON registrations (session_id, person_key)
    WHERE status <> 'cancelled' AND person_key IS NOT NULL;
CREATE INDEX registrations_queue ON registrations (session_id, status, queued_at, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    registration_id BIGINT REFERENCES registrations(id) ON DELETE SET NULL,
    session_id BIGINT REFERENCES sessions(id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'fr',
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (organisation_id, created_at);

CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE feed_codes (
    code TEXT PRIMARY KEY NOT NULL,
    query TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
