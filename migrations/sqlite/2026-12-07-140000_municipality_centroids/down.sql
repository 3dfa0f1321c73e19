ALTER TABLE municipalities DROP COLUMN longitude;
ALTER TABLE municipalities DROP COLUMN latitude;
