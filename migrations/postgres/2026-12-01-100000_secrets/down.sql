-- Digests cannot be turned back into tokens: after this, links issued before stay
-- broken until their holders get new ones.
DROP INDEX login_attempts_created;
DROP INDEX audit_log_created;
DROP INDEX outbox_created;
ALTER TABLE api_tokens DROP COLUMN expires_at;
DROP INDEX registrations_person;
DROP TABLE person_feeds;
DROP TABLE idempotency_keys;
DROP TABLE registration_links;
ALTER TABLE trainers RENAME COLUMN feed_token_hash TO feed_token;
ALTER TABLE registrations RENAME COLUMN token_hash TO token;
