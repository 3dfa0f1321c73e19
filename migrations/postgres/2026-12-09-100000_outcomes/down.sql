DROP INDEX registrations_follow_up;
DROP TABLE follow_up_requests;
DROP TABLE survey_answers;
ALTER TABLE organisations DROP COLUMN no_show_days;
ALTER TABLE organisations DROP COLUMN no_show_limit;
ALTER TABLE registrations DROP COLUMN no_show_hold;
ALTER TABLE registrations DROP COLUMN followed_up_at;
ALTER TABLE registrations DROP COLUMN returning_person;
