DROP TABLE stripe_events;
DROP TABLE payments;
ALTER TABLE organisations DROP COLUMN postal_address;
ALTER TABLE organisations DROP COLUMN tax_number;
ALTER TABLE organisations DROP COLUMN late_payment;
ALTER TABLE organisations DROP COLUMN refund_hours_before;
ALTER TABLE organisations DROP COLUMN pay_on_site;
ALTER TABLE organisations DROP COLUMN pay_online;
DROP TABLE session_prices;
