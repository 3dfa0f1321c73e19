-- Paid sessions (issue 13). Keep in step with ../../postgres.
-- A session's price is sessions.price_cents (0: free). It may carry reduced prices for
-- chosen audiences (0: free for them, « gratuit pour les aînés »), one row each.
CREATE TABLE session_prices (
    session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    audience_id BIGINT NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
    price_cents INTEGER NOT NULL,
    PRIMARY KEY (session_id, audience_id)
);

-- How an organisation is paid and refunds. pay_online needs the region's Stripe key.
-- refund_hours_before: a person's own cancellation is refunded up to that many hours
-- before the start (NULL: never; a cancelled session is always refunded).
-- late_payment: a payment that completes after its hold ran out and the seats went to
-- someone else is refunded ('refund') or put on the waitlist ('waitlist').
-- tax_number and postal_address go on receipts.
ALTER TABLE organisations ADD COLUMN pay_online BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN pay_on_site BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN refund_hours_before INTEGER;
ALTER TABLE organisations ADD COLUMN late_payment TEXT NOT NULL DEFAULT 'refund';
ALTER TABLE organisations ADD COLUMN tax_number TEXT;
ALTER TABLE organisations ADD COLUMN postal_address TEXT NOT NULL DEFAULT '';

-- One row per registration that costs something: what is owed, how it is paid, and
-- where the money stands. It holds no personal data (the registration does), so the
-- retention purge keeps it for the organisation's accounting.
--   status: due (on site, owed) · pending (online, not paid yet) · paid · expired (the
--   hold ran out unpaid) · refund_due (the refund job will ask Stripe) · refunded ·
--   void (an on-site payment that is no longer owed).
-- The hold (hold_expires_at) is how long a pending_payment registration keeps its
-- seats; the person is warned once before it ends (hold_warned) and may extend it once.
CREATE TABLE payments (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations(id),
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL DEFAULT 'CAD',
    -- the audience whose reduced price applies (NULL: the full price)
    audience_id BIGINT REFERENCES audiences(id),
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    paid_via TEXT,
    paid_at TIMESTAMP,
    recorded_by_user_id BIGINT REFERENCES users(id),
    hold_expires_at TIMESTAMP,
    hold_warned BOOLEAN NOT NULL DEFAULT 0,
    hold_extended BOOLEAN NOT NULL DEFAULT 0,
    checkout_id TEXT UNIQUE,
    checkout_url TEXT,
    checkout_attempt INTEGER NOT NULL DEFAULT 0,
    payment_intent TEXT,
    refund_id TEXT,
    refunded_cents INTEGER NOT NULL DEFAULT 0,
    refund_attempts INTEGER NOT NULL DEFAULT 0,
    refund_next_at TIMESTAMP,
    refund_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_session ON payments (session_id, status);
CREATE INDEX payments_hold ON payments (status, hold_expires_at);
CREATE INDEX payments_refund ON payments (status, refund_next_at);

-- Stripe events already applied: each is applied once, in the transaction of its effect.
CREATE TABLE stripe_events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
