# Paid sessions (issue 13): the back office and the door (helper-owned).

## The session form: price and reduced prices
pay-admin-price = Price of a seat, in dollars
pay-admin-price-hint = For example 15 or 15.50. Leave empty or type 0 if the activity is free.
pay-admin-price-change-hint = A new price applies to the next registrations: people already registered pay the price of their registration.
pay-admin-reduced = Reduced prices (optional)
pay-admin-reduced-hint = For each audience, a reduced price if you offer one: 0 for "free" (for example free for seniors), empty for the regular price.
pay-admin-error-price = Type an amount in dollars, for example 15 or 15.50 (at most $10,000). Leave empty for a free activity.
pay-admin-error-reduced-free = A reduced price needs a regular price: the activity is free.
pay-admin-error-reduced-above = The reduced price must be lower than the regular price (or equal).

## The organisation's ways to pay
pay-admin-org-title = Payments
pay-admin-org-edit = Change how people pay
pay-admin-ways = Ways to pay
pay-admin-ways-on-site = On site only (cash or card, at the door)
pay-admin-ways-online = Online only (credit card, with Stripe)
pay-admin-ways-both = Online or on site, as the person chooses
pay-admin-ways-now-on-site = For now, people pay on site, at the door.
pay-admin-ways-now-online = For now, people pay online by credit card.
pay-admin-ways-now-both = For now, people pay online by credit card or on site, as they choose.
pay-admin-stripe-missing = Online payment is off: the region has no Stripe account yet. People pay on site until the administrator sets it up.
pay-admin-refund = Refunds when people cancel themselves
pay-admin-refund-hint = A session you cancel is always refunded. A payment made at the door is refunded in person.
pay-admin-refund-none = No refund
pay-admin-refund-before = Refund up to a number of hours before the start
pay-admin-refund-hours = Hours before the start
pay-admin-error-refund-hours = Type a number of hours between 0 and { $max }.
pay-admin-late = An online payment that arrives late, when the seats are taken
pay-admin-late-hint = Rare: the person paid after their reserved time ran out, and someone else took the seat.
pay-admin-late-refund = Refund them
pay-admin-late-waitlist = Put them on the waitlist (refunded if no seat frees up)
pay-admin-tax-number = Tax numbers (optional)
pay-admin-tax-number-hint = GST and QST, if any: they appear on receipts, with the taxes included.
pay-admin-postal-address = Postal address
pay-admin-postal-address-hint = It appears on receipts.
admin-done-payment-settings-saved = Payment settings saved.

## What a registration owes or paid
pay-admin-col = Payment
pay-admin-due = Owes { $amount }
pay-admin-pending = Online payment pending
pay-admin-paid = Paid — { $via }
pay-admin-via-cash = cash
pay-admin-via-card = card
pay-admin-via-stripe = online
pay-admin-expired = Online payment not made (time ran out)
pay-admin-refund-due = To refund: { $amount }
pay-admin-refunded = Refunded: { $amount }
pay-admin-void = Nothing to pay (registration cancelled)
pay-admin-nothing = —
pay-admin-refund-waiting = Refund asked of Stripe.
pay-admin-next-today = at { $time }
pay-admin-next-later = on { $when }
pay-admin-refund-failed = Refund failed: { $error } — next try { $next } ({ $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
})

## The door
pay-admin-paid-cash = Paid cash
pay-admin-paid-card = Paid by card
pay-admin-error-via = Choose cash or card.
pay-admin-nothing-due = This person has nothing to pay.
pay-admin-not-due = This payment is not made at the door (paid online, registration cancelled or refunded).
pay-admin-no-seat = This person has no seat: record their payment once they have one.
admin-done-payment-recorded = Payment recorded. The person gets their receipt by email, if they gave their address.
admin-done-already-paid = This payment was already recorded.

## Staff registering someone
pay-admin-rate = Price
pay-admin-rate-hint = The person pays on site, at the door. A reduced price is taken on their word.
pay-admin-rate-full = Regular price: { $amount }
pay-admin-rate-reduced = { $audience }: { $amount }
pay-admin-rate-free = { $audience }: free

## Exports
pay-admin-csv-status = Payment
pay-admin-csv-amount = Amount
pay-admin-csv-via = Paid by
pay-admin-csv-paid-at = Paid on
pay-admin-csv-refunded = Refunded
pay-admin-csv-status-due = to pay on site
pay-admin-csv-status-pending = online, pending
pay-admin-csv-status-paid = paid
pay-admin-csv-status-expired = time ran out, not paid
pay-admin-csv-status-refund_due = to refund
pay-admin-csv-status-refunded = refunded
pay-admin-csv-status-void = cancelled, nothing to pay

## Refunds waiting
pay-admin-refunds-title = Refunds waiting
pay-admin-refunds-intro = Refunds of online payments that Stripe has not made yet. Babillard asks again by itself; failed ones show the error and the next try.
pay-admin-refunds-none = No refund waiting.
pay-admin-refunds-session = Session
pay-admin-refunds-state = State
pay-admin-refunds-since = Updated { $when }
pay-admin-refunds-see = See the refunds
pay-admin-refunds-waiting = { $count ->
    [one] One refund is waiting for Stripe.
   *[other] { $count } refunds are waiting for Stripe.
}
pay-admin-refunds-failing = { $count ->
    [one] One refund has failed.
   *[other] { $count } refunds have failed.
}

## The audit log
admin-audit-do-record-payment = Payment recorded at the door
admin-audit-do-payment-settings = Payment settings changed
admin-audit-do-price = Price changed

## The privacy page
pay-privacy-title = Payments
pay-privacy-stripe = Online card payments are processed by Stripe (Stripe Payments Canada, Ltd.), which may process this information outside Québec (Québec's Law 25, section 17).
pay-privacy-cards = Babillard never sees or keeps your card number: you give it to Stripe directly.
pay-privacy-kept = Babillard keeps the amount, the state of the payment (paid, refunded…) and its dates. They serve the organisation's accounting: they are kept after your personal information is erased, without your name or contact details, as long as the law requires accounting records to be kept (six years).
