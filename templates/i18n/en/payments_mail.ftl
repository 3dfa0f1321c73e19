# Paid sessions (issue 13): the emails about payments (helper-owned).
# Amounts come written ("$15.00", domain::payment::money) and dates long ("Saturday, March 14, 2026, 1:30 p.m.").
# The buttons named here ("Pay now", "Ask for more time") are the manage page's.

mail-subject-payment_held = Seats held until you pay: { $title }
mail-subject-payment_hold_warning = Only a few minutes left to pay: { $title }
mail-subject-payment_expired = Time to pay has ended: { $title }
mail-subject-payment_receipt = Payment receipt: { $title }
mail-subject-payment_late = Your payment arrived after the deadline: { $title }
mail-subject-refund_issued = Refund sent: { $title }

# The manage link of a hold leads to the pay button.
mail-manage-pay = To pay, open this link:
mail-manage-button-pay = Pay now

mail-payment-promoted = { $seats ->
    [one] Good news: a seat freed up for you on the waiting list.
   *[other] Good news: seats freed up for you on the waiting list.
}
mail-intro-payment_held = { $seats ->
    [one] Until { $deadline }, we are holding one seat for you. To confirm your registration, pay { $amount } online before then. Without payment, the seat will be offered to someone else.
   *[other] Until { $deadline }, we are holding { $seats } seats for you. To confirm your registration, pay { $amount } online before then. Without payment, the seats will be offered to other people.
}
mail-payment_held-how = Open the link below, then tap “Pay now”. If you need more time, tap “Ask for more time”: you can do this once.

mail-intro-payment_hold_warning = You have about ten minutes left to pay (your hold ends on { $deadline }). To confirm your registration, pay { $amount } online now.
mail-payment_hold_warning-extend = Need more time? Open the link below and tap “Ask for more time”: you can do this once.
mail-payment_hold_warning-last = { $seats ->
    [one] Your time was already extended once and cannot be extended again. Without payment by then, the seat will be offered to someone else.
   *[other] Your time was already extended once and cannot be extended again. Without payment by then, the seats will be offered to other people.
}

mail-intro-payment_expired = { $seats ->
    [one] The time to pay has ended: your registration was not confirmed, and the seat we were holding for you is free again.
   *[other] The time to pay has ended: your registration was not confirmed, and the seats we were holding for you are free again.
}
mail-payment_expired-nothing = You have not paid anything and you owe nothing.
mail-payment_expired-again = If you still wish to take part, you can register again on the activity's page:
mail-payment_expired-again-button = Register again

mail-intro-payment_receipt = Thank you! We have received your payment. Here is your receipt: keep this email for your records.
mail-receipt-number = Receipt no. { $number }
mail-receipt-date = Date paid: { $date }
mail-receipt-issuer = Organisation: { $organisation }
mail-receipt-for = For: { $title }, { $when }
mail-receipt-seats = Number of seats: { $seats }
mail-receipt-amount = Amount paid: { $amount }
mail-receipt-taxes = Taxes included: GST { $gst }, QST { $qst } — tax numbers: { $number }
mail-receipt-via = Payment method: { $via }
mail-receipt-via-stripe = credit card online (Stripe)
mail-receipt-via-cash = cash
mail-receipt-via-card = card, on site

mail-intro-payment_late-waitlist = Your payment of { $amount } arrived, but after the time to pay had ended, and the activity was already full. You are now on the waiting list, and your payment is already made.
mail-payment_late-waitlist-next = If a seat frees up, your registration will be confirmed and we will write to you. If no seat frees up, we will refund you in full.
mail-intro-payment_late-refund = Your payment of { $amount } arrived after the time to pay had ended, and the activity was already full. We are sorry.
mail-payment_late-refund-next = We will refund the full amount to the card you paid with. You will get an email once it is done.

mail-intro-refund_issued = We have refunded { $amount } to the card you paid with. It usually shows on your statement within 5 to 10 business days.
mail-refund-reason-cancelled = This refund follows the cancellation of your registration.
mail-refund-reason-session_cancelled = This refund follows the cancellation of the activity by the organisation.
mail-refund-reason-late = This refund follows your payment that arrived after the deadline, when the activity was already full.
mail-refund-reason-duplicate = You had paid twice: this refund gives back the second payment.

# Sentences added to the existing emails of a paid registration.
mail-cancelled-refund = The amount you paid online will be refunded to the card you paid with. You will get an email once it is done.
mail-amount-due = Amount to pay on site: { $amount } (cash or card)
