-- Outcomes (issue 14). Keep in step with ../../sqlite.
-- Whether the person (same person key) had registered in the region before this
-- registration: decided when it is made, so « nouveaux ou déjà venus » still counts
-- after the retention purge has erased the person key.
ALTER TABLE registrations ADD COLUMN returning_person BOOLEAN NOT NULL DEFAULT FALSE;
-- When the message after the session was queued (a thank-you with the survey and
-- the certificate for people present, a friendly note with next dates for no-shows):
-- at most once per registration.
ALTER TABLE registrations ADD COLUMN followed_up_at TIMESTAMP;
-- Put on the waitlist first by the organisation's no-show policy (shown to staff, who
-- may promote anyway; the person is told why).
ALTER TABLE registrations ADD COLUMN no_show_hold BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX registrations_follow_up ON registrations (status, followed_up_at);

-- An organisation's optional no-show policy: after no_show_limit no-shows within
-- no_show_days, a person's new registrations go to the waitlist first (NULL: off).
ALTER TABLE organisations ADD COLUMN no_show_limit INTEGER;
ALTER TABLE organisations ADD COLUMN no_show_days INTEGER NOT NULL DEFAULT 365;

-- The three-question survey after a session, answered once per registration from the
-- link in the thank-you email. useful and clear: 1 (non) · 2 (un peu) · 3 (oui).
-- next_step is free text (« et ensuite? »): erased by the retention purge with the
-- registration's personal data; the ratings stay, anonymous, for the reports.
CREATE TABLE survey_answers (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations(id),
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    useful INTEGER NOT NULL,
    clear INTEGER NOT NULL,
    next_step TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX survey_answers_session ON survey_answers (session_id);

-- « Je veux un accompagnement »: a participant asks the organisation for personal
-- follow-up help; staff see it as a task. contact: 'email' or 'phone' (the phone
-- given here, or the registration's). Deleted by the retention purge.
CREATE TABLE follow_up_requests (
    id BIGSERIAL PRIMARY KEY,
    registration_id BIGINT NOT NULL UNIQUE REFERENCES registrations(id),
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    contact TEXT NOT NULL,
    phone TEXT,
    message TEXT NOT NULL DEFAULT '',
    done_at TIMESTAMP,
    done_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX follow_up_requests_open ON follow_up_requests (organisation_id, done_at);
