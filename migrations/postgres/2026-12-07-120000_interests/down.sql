DROP TABLE session_embargoes;
DROP TABLE interests;
ALTER TABLE organisations DROP COLUMN head_start_hours;
