-- Staff accounts, ASVS level 2 (issue 10): what each recorded attempt was (a sign-in,
-- a password-reset request), a TOTP second factor (the secret encrypted with the
-- service's TOTP key, the last time step accepted so that a code works once), ten
-- single-use recovery codes (salted SHA-256), and the pending second step of a
-- sign-in. Keep in step with ../../sqlite.

ALTER TABLE login_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'sign_in';

ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sign_in_challenges (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_challenges_user ON sign_in_challenges (user_id);
