-- Interest lists (issue 12, item 8): a person asks to be told when a workshop on a
-- topic takes place in a municipality; the organisation gives those people a head
-- start before the public announcement. Keep in step with ../../postgres.

-- Hours between telling the people on an interest list and showing the session in
-- public listings (0: no head start). 0 to 168.
ALTER TABLE organisations ADD COLUMN head_start_hours INTEGER NOT NULL DEFAULT 0;

-- One row per person × topic × municipality. `email_key` is the normalised address
-- (domain::registration::email_key), so a second sign-up finds the first; `token_hash`
-- is the digest of the link that shows and removes the row (several rows of one person
-- told about one session share a new link). `created_by` is the staff member who
-- entered it for someone who phoned (NULL: the person did). Once told, a row keeps
-- `notified_at` and the session, and no longer counts as demand.
CREATE TABLE interests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id BIGINT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    lang TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    consent_at TIMESTAMP NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    notified_at TIMESTAMP,
    notified_session_id BIGINT REFERENCES sessions(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX interests_active_person ON interests (email_key, topic_id, municipality_id)
    WHERE notified_at IS NULL;
CREATE INDEX interests_demand ON interests (topic_id, municipality_id, notified_at);
CREATE INDEX interests_token ON interests (token_hash);

-- A session told first to its interest list: public listings leave it out until
-- `public_at` (its page and registration stay open to the link the people got).
-- Beside `sessions`, which is at diesel's 32-column limit.
CREATE TABLE session_embargoes (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    public_at TIMESTAMP NOT NULL
);
CREATE INDEX session_embargoes_public_at ON session_embargoes (public_at);
