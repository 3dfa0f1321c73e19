-- Mail area (issue 4): reminders remember the start they were sent for, so a moved
-- session gets a new one; outbox claims carry a lease id so a worker only marks the
-- rows it claimed.
ALTER TABLE registrations ADD COLUMN reminded_for TIMESTAMP;
ALTER TABLE outbox ADD COLUMN lease_id TEXT;
CREATE INDEX registrations_reminders ON registrations (status, reminded_for);
