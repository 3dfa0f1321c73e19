-- Privacy and security (issue 10). Keep in step with ../../sqlite.
--
-- A copy of the database gives no working secret: manage links and trainer feeds are
-- kept as SHA-256 digests (lower-case hex), as API tokens, staff sessions and reset
-- links already were (PostgreSQL 11+ has `sha256`).

-- Messages not yet sent still need the link they were queued for: the clear token goes
-- into their payload (dropped once sent) before the column is hashed.
UPDATE outbox
SET payload = CASE
        WHEN payload = '{}' THEN '{"manage_token":"' || (SELECT r.token FROM registrations r WHERE r.id = outbox.registration_id) || '"}'
        ELSE '{"manage_token":"' || (SELECT r.token FROM registrations r WHERE r.id = outbox.registration_id) || '",' || substr(payload, 2)
    END
WHERE status = 'pending'
    AND kind <> 'password_reset'
    AND payload LIKE '{%'
    AND EXISTS (SELECT 1 FROM registrations r WHERE r.id = outbox.registration_id AND r.purged_at IS NULL);
-- Sent reset emails keep no link.
UPDATE outbox SET payload = '{}' WHERE kind = 'password_reset' AND status <> 'pending';

UPDATE registrations SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex');
ALTER TABLE registrations RENAME COLUMN token TO token_hash;
UPDATE trainers SET feed_token = encode(sha256(convert_to(feed_token, 'UTF8')), 'hex');
ALTER TABLE trainers RENAME COLUMN feed_token TO feed_token_hash;

-- Further manage links of a registration: every email that carries one gets its own,
-- and earlier links keep working (re-sending never cuts anyone off).
CREATE TABLE registration_links (
    id BIGSERIAL PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX registration_links_registration ON registration_links (registration_id);

-- A submission's replay key (digest of the API's Idempotency-Key or the form's one-time
-- token, with the client and the input): a retry gets the first answer back.
CREATE TABLE idempotency_keys (
    id BIGSERIAL PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_registration ON idempotency_keys (registration_id);

-- « Mes activités »: the feed of all of a person's registrations, reached by a link
-- emailed to their address.
CREATE TABLE person_feeds (
    id BIGSERIAL PRIMARY KEY,
    person_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX person_feeds_person ON person_feeds (person_key, created_at);
CREATE INDEX registrations_person ON registrations (person_key);

-- API tokens may expire.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;

-- The retention job deletes by age.
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX login_attempts_created ON login_attempts (created_at);
