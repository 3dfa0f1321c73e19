ALTER TABLE submissions DROP COLUMN consent_at;
ALTER TABLE submissions DROP COLUMN proposer_lang;
ALTER TABLE events DROP COLUMN accepts_proposals;
