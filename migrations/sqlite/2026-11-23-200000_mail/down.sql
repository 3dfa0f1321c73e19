DROP INDEX registrations_reminders;
ALTER TABLE outbox DROP COLUMN lease_id;
ALTER TABLE registrations DROP COLUMN reminded_for;
