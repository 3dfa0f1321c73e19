-- The shared regional calendar (issue 12): partners' calendars registered as sources,
-- the moderation queue, moderators per MRC, and duplicates shown once with every
-- origin. Keep in step with ../../sqlite.

-- A trusted organisation publishes its imported (and proposed) activities directly.
ALTER TABLE organisations ADD COLUMN trusted BOOLEAN NOT NULL DEFAULT FALSE;

-- A partner's feed. `url` is NULL for an uploaded file. Its sessions belong to
-- `event_id`, created with the source. Fetching: validators, the last outcome, and
-- the next fetch (refresh × 2^failures, at most 7 days, after a failure).
CREATE TABLE calendar_sources (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    url TEXT,
    trusted BOOLEAN NOT NULL DEFAULT FALSE,
    takes_registrations BOOLEAN NOT NULL DEFAULT FALSE,
    venue_id BIGINT REFERENCES venues(id),
    municipality_id BIGINT REFERENCES municipalities(id),
    kind_id BIGINT NOT NULL REFERENCES kinds(id),
    event_id BIGINT NOT NULL REFERENCES events(id),
    refresh_minutes INTEGER NOT NULL DEFAULT 360,
    etag TEXT,
    last_modified TEXT,
    fetched_at TIMESTAMP,
    next_fetch_at TIMESTAMP,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX calendar_sources_organisation ON calendar_sources (organisation_id);
CREATE INDEX calendar_sources_due ON calendar_sources (next_fetch_at);

CREATE TABLE calendar_source_audiences (
    source_id BIGINT NOT NULL REFERENCES calendar_sources(id) ON DELETE CASCADE,
    audience_id BIGINT NOT NULL REFERENCES audiences(id),
    PRIMARY KEY (source_id, audience_id)
);

CREATE TABLE calendar_source_topics (
    source_id BIGINT NOT NULL REFERENCES calendar_sources(id) ON DELETE CASCADE,
    topic_id BIGINT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (source_id, topic_id)
);

-- A keyword found in a title or description (whole word, whatever the case and
-- accents) adds a topic or an audience.
CREATE TABLE calendar_source_rules (
    id BIGSERIAL PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES calendar_sources(id) ON DELETE CASCADE,
    keyword TEXT NOT NULL,
    topic_id BIGINT REFERENCES topics(id),
    audience_id BIGINT REFERENCES audiences(id)
);
CREATE INDEX calendar_source_rules_source ON calendar_source_rules (source_id);

-- `sessions` already has 32 columns, diesel's limit as built (`32-column-tables`; the
-- 64 feature would slow every build), so what an import adds to a session lives
-- beside it: its origins below, and where it is when LOCATION matched no venue (the
-- text as given, and the source's default municipality, for filtering by place).
CREATE TABLE session_locations (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    location_text TEXT,
    municipality_id BIGINT REFERENCES municipalities(id)
);
CREATE INDEX session_locations_municipality ON session_locations (municipality_id);

-- Every origin of a session: each (source, key) that shows it, the first as well as
-- those merged into it as duplicates. The first (the one that created the session and
-- keeps it up to date) is the one `sessions.external_uid` names as `<source id>/<key>`:
-- that column is unique across sources, a feed's keys only within one. `payload` is the
-- occurrence as last read, so a wrong merge can be split at once. A back-office
-- session has no row of its own.
CREATE TABLE session_origins (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    source_id BIGINT REFERENCES calendar_sources(id) ON DELETE CASCADE,
    external_uid TEXT,
    origin_url TEXT,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX session_origins_identity ON session_origins (source_id, external_uid);
CREATE INDEX session_origins_session ON session_origins (session_id);

-- A split merge, remembered so that re-imports do not merge the two again.
CREATE TABLE merge_refusals (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    source_id BIGINT NOT NULL REFERENCES calendar_sources(id) ON DELETE CASCADE,
    external_uid TEXT NOT NULL,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, source_id, external_uid)
);

-- The moderation queue: an activity (or a change to a live one) waiting for a
-- moderator. Only approved submissions become sessions, so public queries never see
-- the others.
CREATE TABLE submissions (
    id BIGSERIAL PRIMARY KEY,
    origin TEXT NOT NULL,
    source_id BIGINT REFERENCES calendar_sources(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    session_id BIGINT REFERENCES sessions(id) ON DELETE CASCADE,
    external_uid TEXT,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    reason TEXT,
    proposer_name TEXT,
    proposer_email TEXT,
    confirm_token_hash TEXT UNIQUE,
    confirmed_at TIMESTAMP,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX submissions_state ON submissions (state, organisation_id, created_at);
CREATE INDEX submissions_identity ON submissions (source_id, external_uid);

-- Moderators are named per MRC (the regional administrator moderates everywhere).
CREATE TABLE moderators (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mrc_id BIGINT NOT NULL REFERENCES mrcs(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, mrc_id)
);
