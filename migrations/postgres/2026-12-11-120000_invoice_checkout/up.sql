-- An invoice paid online (issue 17, part 2): the Stripe Checkout session opened for it
-- (the last one; its `checkout.session.completed` event marks the invoice paid with
-- `paid_how` 'stripe'). Keep in step with ../../sqlite.
ALTER TABLE invoices ADD COLUMN checkout_id TEXT;
