-- Workshop requests to a regional team (issue 17, part 2: the « brigade volante »): a
-- community group, a small business or a residence asks the region for a workshop or a
-- pre-diagnosis, without an account. Keep in step with ../../sqlite.

-- Who coordinates the requests of an MRC, and for which team (the organisation whose
-- programme receives the sessions made from accepted requests; the regional
-- administrator names them). The regional administrator sees every MRC's requests.
CREATE TABLE coordinators (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mrc_id BIGINT NOT NULL REFERENCES mrcs(id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, mrc_id)
);

-- One request. `token_hash` is the digest of the requester's link `/requests/{token}`:
-- it confirms the address (`state` 'unconfirmed' until its button is pressed, 48 hours)
-- and then shows the status. `mrc_id` is the MRC of `municipality_id` (whose
-- coordinators see it). `session_id` is the session made when it was accepted;
-- `rate_cents` per `rate_unit` ('hour' or 'session') is what the work is billed.
-- The retention purge blanks the contact (name, email, phone), the details and the
-- link (`purged_at`) and keeps the row, so the region still counts its requests.
CREATE TABLE workshop_requests (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT,
    state TEXT NOT NULL,
    service TEXT NOT NULL,
    topic_id BIGINT REFERENCES topics(id) ON DELETE SET NULL,
    audience_id BIGINT REFERENCES audiences(id) ON DELETE SET NULL,
    details TEXT NOT NULL DEFAULT '',
    municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
    mrc_id BIGINT NOT NULL REFERENCES mrcs(id),
    at_requester BOOLEAN NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    periods TEXT NOT NULL,
    people INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    group_kind TEXT NOT NULL,
    contact_name TEXT,
    email TEXT,
    phone TEXT,
    language TEXT NOT NULL,
    consent_at TIMESTAMP,
    session_id BIGINT REFERENCES sessions(id) ON DELETE SET NULL,
    refusal_reason TEXT,
    rate_cents INTEGER,
    rate_unit TEXT,
    decided_by_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    decided_at TIMESTAMP,
    purged_at TIMESTAMP
);
CREATE UNIQUE INDEX workshop_requests_token ON workshop_requests (token_hash);
CREATE INDEX workshop_requests_queue ON workshop_requests (mrc_id, state);

-- Dates a coordinator proposed; the requester picks one (`chosen_at`) from their link.
CREATE TABLE request_slots (
    id BIGSERIAL PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES workshop_requests(id) ON DELETE CASCADE,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    chosen_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX request_slots_request ON request_slots (request_id);

-- An invoice for the work of a request, issued by the team's organisation: its number
-- (`2026-0001`, one sequence per organisation and year), who is billed (the group,
-- never a person: an accounting record outlives the retention period), the lines as
-- JSON (`domain::invoice::Line`), the amounts in cents (taxes only when the
-- organisation gives its tax numbers, `tax_number` as printed), the due date, and
-- when and how it was paid ('hand': marked by staff).
CREATE TABLE invoices (
    id BIGSERIAL PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES workshop_requests(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    number TEXT NOT NULL,
    bill_to TEXT NOT NULL,
    lines TEXT NOT NULL,
    subtotal_cents INTEGER NOT NULL,
    gst_cents INTEGER NOT NULL,
    qst_cents INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    tax_number TEXT,
    issued_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    paid_at TIMESTAMP,
    paid_how TEXT,
    paid_by_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX invoices_number ON invoices (organisation_id, number);
CREATE INDEX invoices_request ON invoices (request_id);
