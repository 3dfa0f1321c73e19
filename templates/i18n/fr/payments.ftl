# Paid sessions (issue 13): the public pages (form, manage page, payment, return from Stripe).
pay-error-method-required = Choisissez comment vous paierez : en ligne ou sur place.
pay-error-method-not-offered = Ce mode de paiement n'est pas offert pour cette activité.
pay-error-no-such-rate = Ce tarif n'existe pas pour cette activité.
pay-refused-hold-not-extendable = Le délai ne peut plus être prolongé : il l'a déjà été une fois, ou il est terminé.
