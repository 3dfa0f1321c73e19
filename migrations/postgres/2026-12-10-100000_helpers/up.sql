-- Volunteer helpers for sessions (issue 17, part 1): a hands-on workshop asks for
-- helpers (« bénévoles », about one per 3–4 learners) and people sign up for a shift.
-- Keep in step with ../../sqlite.

-- What a session asks of helpers, beside `sessions` (at diesel's 32-column limit):
-- how many (`wanted`, 0: none), to do what (`task`), how many are confirmed now
-- (`confirmed`: changed in the transaction of every shift change; its conditional
-- UPDATE is the check that the last place goes to one helper only), and when the
-- organisation's staff were told it is short within 48 hours (`short_alerted_at`:
-- cleared when the session has enough helpers again, so a later drop alerts again).
-- No row: no helpers wanted.
CREATE TABLE session_helpers (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    wanted INTEGER NOT NULL DEFAULT 0,
    task TEXT NOT NULL DEFAULT '',
    confirmed INTEGER NOT NULL DEFAULT 0,
    short_alerted_at TIMESTAMP
);

-- One helper for one session. A person signs up (`pending_confirmation`) and confirms
-- by the emailed link (`confirm_token_hash`, 48 hours); staff enter someone who
-- phoned (`entered_by_user_id`, confirmed at once, email optional). `token_hash` is
-- the digest of the manage link `/h/{token}` (set once confirmed). `person_key` (the
-- normalised email, or phone and name) finds a repeated sign-up; `ical_sequence`
-- rises with every invite sent; `attended` is the door's tick (NULL: not taken). The
-- retention purge blanks name, email, phone, keys and links (`purged_at`) and keeps
-- the row, so reports still count helpers and their hours.
CREATE TABLE helper_shifts (
    id BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    token_hash TEXT,
    confirm_token_hash TEXT,
    person_key TEXT,
    name TEXT,
    email TEXT,
    phone TEXT,
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    consent_at TIMESTAMP,
    entered_by_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    ical_sequence INTEGER NOT NULL DEFAULT 0,
    attended BOOLEAN,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    reminded_at TIMESTAMP,
    purged_at TIMESTAMP
);
-- One live shift per person and session (a repeated sign-up finds it).
CREATE UNIQUE INDEX helper_shifts_live_person ON helper_shifts (session_id, person_key)
    WHERE status <> 'cancelled';
CREATE INDEX helper_shifts_session ON helper_shifts (session_id, status);
CREATE INDEX helper_shifts_token ON helper_shifts (token_hash);
CREATE INDEX helper_shifts_confirm_token ON helper_shifts (confirm_token_hash);
