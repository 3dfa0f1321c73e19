-- A published session moved to another start time (issue 17, open data): the start
-- people knew before its latest move, so its page says schema.org's EventRescheduled
-- with previousStartDate and the open data marks it « rescheduled ». Written by the
-- edit that moves it (store::programme::update_session) and for a session given again
-- after a storm (its copy). Beside `sessions`, which is at diesel's 32-column limit.
-- Keep in step with ../../sqlite.
CREATE TABLE session_reschedules (
    session_id BIGINT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    previous_starts_at TIMESTAMP NOT NULL,
    rescheduled_at TIMESTAMP NOT NULL
);
