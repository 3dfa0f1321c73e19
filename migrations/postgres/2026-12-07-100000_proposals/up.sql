-- Public proposals (issue 12, item 2). A programme takes proposals from community
-- groups only when its organisation's manager says so.
ALTER TABLE events ADD COLUMN accepts_proposals BOOLEAN NOT NULL DEFAULT FALSE;
-- The language the proposer used (their emails are written in it), and when they
-- agreed that their contact details serve to handle the proposal (Law 25).
ALTER TABLE submissions ADD COLUMN proposer_lang TEXT;
ALTER TABLE submissions ADD COLUMN consent_at TIMESTAMP;
