ALTER TABLE invoices DROP COLUMN checkout_id;
