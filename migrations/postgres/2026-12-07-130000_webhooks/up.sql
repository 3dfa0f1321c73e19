-- Outgoing webhooks (issue 12, item 10): an organisation's endpoints and what each
-- change sent them. Keep in step with ../../sqlite.

-- An endpoint. `secret` signs every delivery (HMAC-SHA256); it is kept in clear
-- because signing needs it. `events` is a comma list (session.published, …).
CREATE TABLE webhooks (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    include_personal BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_organisation ON webhooks (organisation_id);

-- One row per change and endpoint, written in the transaction of the change (the
-- outbox pattern); `payload` is the exact body sent. The job claims due rows under a
-- lease (`locked_until`, `lease_id`). `registration_id` (no foreign key: the row is a
-- record, not a link) lets an erasure or the retention purge find personal data.
CREATE TABLE webhook_deliveries (
    id BIGSERIAL PRIMARY KEY,
    webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    registration_id BIGINT,
    payload TEXT NOT NULL,
    has_personal BOOLEAN NOT NULL DEFAULT FALSE,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    lease_id TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_registration ON webhook_deliveries (registration_id);
