-- « À Lachute et autour (20 km) » (issue 12, item 9): a municipality's centroid, in
-- degrees (WGS 84), as the region's data gives it. NULL: unknown, so the town only
-- matches itself. Keep in step with ../../sqlite.
ALTER TABLE municipalities ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE municipalities ADD COLUMN longitude DOUBLE PRECISION;
