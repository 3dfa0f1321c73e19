# Paid sessions (issue 13): the public pages (form, manage page, payment, return from Stripe).
pay-error-method-required = Choose how you will pay: online or on site.
pay-error-method-not-offered = This way to pay is not offered for this activity.
pay-error-no-such-rate = This rate does not exist for this activity.
pay-refused-hold-not-extendable = The time can no longer be extended: it was extended once already, or it has run out.
