# Paid sessions (issue 13): the back office and the door (helper-owned).

## The session form: price and reduced prices
pay-admin-price = Prix d'une place, en dollars
pay-admin-price-hint = Par exemple 15 ou 15,50. Laissez vide ou inscrivez 0 si l'activité est gratuite.
pay-admin-price-change-hint = Un nouveau prix s'applique aux prochaines inscriptions : les personnes déjà inscrites paient le prix de leur inscription.
pay-admin-reduced = Tarifs réduits (facultatif)
pay-admin-reduced-hint = Pour chaque public, un prix réduit si vous en offrez un : 0 pour « gratuit » (par exemple gratuit pour les aînés), vide pour le prix régulier.
pay-admin-error-price = Inscrivez un montant en dollars, par exemple 15 ou 15,50 (au plus 10 000 $). Laissez vide pour une activité gratuite.
pay-admin-error-reduced-free = Un tarif réduit demande un prix régulier : l'activité est gratuite.
pay-admin-error-reduced-above = Le tarif réduit doit être plus bas que le prix régulier (ou égal).

## The organisation's ways to pay
pay-admin-org-title = Paiements
pay-admin-org-edit = Modifier les modalités de paiement
pay-admin-ways = Modes de paiement
pay-admin-ways-on-site = Sur place seulement (comptant ou carte, à l'accueil)
pay-admin-ways-online = En ligne seulement (carte de crédit, avec Stripe)
pay-admin-ways-both = En ligne ou sur place, au choix de la personne
pay-admin-ways-now-on-site = Pour l'instant, les personnes paient sur place, à l'accueil.
pay-admin-ways-now-online = Pour l'instant, les personnes paient en ligne par carte de crédit.
pay-admin-ways-now-both = Pour l'instant, les personnes paient en ligne par carte de crédit ou sur place, à leur choix.
pay-admin-stripe-missing = Le paiement en ligne est désactivé : la région n'a pas encore de compte Stripe. Les personnes paient sur place tant que l'administrateur ne l'a pas configuré.
pay-admin-refund = Remboursement quand une personne annule elle-même
pay-admin-refund-hint = Une séance que vous annulez est toujours remboursée. Un paiement fait à l'accueil se rembourse en personne.
pay-admin-refund-none = Aucun remboursement
pay-admin-refund-before = Remboursement jusqu'à un certain nombre d'heures avant le début
pay-admin-refund-hours = Nombre d'heures avant le début
pay-admin-error-refund-hours = Inscrivez un nombre d'heures entre 0 et { $max }.
pay-admin-late = Paiement en ligne arrivé après le délai, quand les places sont prises
pay-admin-late-hint = Rare : la personne a payé après la fin du temps réservé, et quelqu'un d'autre a pris sa place.
pay-admin-late-refund = La rembourser
pay-admin-late-waitlist = La mettre sur la liste d'attente (remboursée si aucune place ne se libère)
pay-admin-tax-number = Numéros de taxes (facultatif)
pay-admin-tax-number-hint = TPS et TVQ, s'il y a lieu : ils figurent sur les reçus, avec les taxes incluses.
pay-admin-postal-address = Adresse postale
pay-admin-postal-address-hint = Elle figure sur les reçus.
admin-done-payment-settings-saved = Modalités de paiement enregistrées.

## What a registration owes or paid
pay-admin-col = Paiement
pay-admin-due = Doit { $amount }
pay-admin-pending = Paiement en ligne en attente
pay-admin-paid = Payé — { $via }
pay-admin-via-cash = comptant
pay-admin-via-card = carte
pay-admin-via-stripe = en ligne
pay-admin-expired = Paiement en ligne non fait (délai écoulé)
pay-admin-refund-due = À rembourser : { $amount }
pay-admin-refunded = Remboursé : { $amount }
pay-admin-void = Rien à payer (inscription annulée)
pay-admin-nothing = —
pay-admin-refund-waiting = Remboursement demandé à Stripe.
pay-admin-next-today = à { $time }
pay-admin-next-later = le { $when }
pay-admin-refund-failed = Remboursement en échec : { $error } — nouvel essai { $next } ({ $attempts ->
    [one] { $attempts } essai
   *[other] { $attempts } essais
})

## The door
pay-admin-paid-cash = Payé comptant
pay-admin-paid-card = Payé par carte
pay-admin-error-via = Choisissez comptant ou carte.
pay-admin-nothing-due = Cette personne n'a rien à payer.
pay-admin-not-due = Ce paiement ne se fait pas à l'accueil (paiement en ligne, inscription annulée ou remboursée).
pay-admin-no-seat = Cette personne n'a pas de place : notez son paiement quand elle en aura une.
admin-done-payment-recorded = Paiement noté. La personne reçoit son reçu par courriel, si elle a donné son adresse.
admin-done-already-paid = Ce paiement était déjà noté.

## Staff registering someone
pay-admin-rate = Tarif
pay-admin-rate-hint = La personne paie sur place, à l'accueil. Un tarif réduit se choisit sur sa parole.
pay-admin-rate-full = Prix régulier : { $amount }
pay-admin-rate-reduced = { $audience } : { $amount }
pay-admin-rate-free = { $audience } : gratuit

## Exports
pay-admin-csv-status = Paiement
pay-admin-csv-amount = Montant
pay-admin-csv-via = Payé par
pay-admin-csv-paid-at = Payé le
pay-admin-csv-refunded = Remboursé
pay-admin-csv-status-due = à payer sur place
pay-admin-csv-status-pending = en ligne, en attente
pay-admin-csv-status-paid = payé
pay-admin-csv-status-expired = délai écoulé, non payé
pay-admin-csv-status-refund_due = à rembourser
pay-admin-csv-status-refunded = remboursé
pay-admin-csv-status-void = annulé, rien à payer

## Refunds waiting
pay-admin-refunds-title = Remboursements en attente
pay-admin-refunds-intro = Les remboursements de paiements en ligne que Stripe n'a pas encore faits. Babillard les redemande seul; ceux en échec indiquent l'erreur et le prochain essai.
pay-admin-refunds-none = Aucun remboursement en attente.
pay-admin-refunds-session = Séance
pay-admin-refunds-state = État
pay-admin-refunds-since = Mis à jour le { $when }
pay-admin-refunds-see = Voir les remboursements
pay-admin-refunds-waiting = { $count ->
    [one] Un remboursement attend Stripe.
   *[other] { $count } remboursements attendent Stripe.
}
pay-admin-refunds-failing = { $count ->
    [one] Un remboursement est en échec.
   *[other] { $count } remboursements sont en échec.
}

## The audit log
admin-audit-do-record-payment = Paiement noté à l'accueil
admin-audit-do-payment-settings = Modalités de paiement modifiées
admin-audit-do-price = Prix modifié

## The privacy page
pay-privacy-title = Paiements
pay-privacy-stripe = Le paiement en ligne par carte est traité par Stripe (Stripe Payments Canada, Ltd.), qui peut traiter ces renseignements à l'extérieur du Québec (Loi 25, article 17).
pay-privacy-cards = Babillard ne voit jamais et ne conserve jamais votre numéro de carte : vous le donnez directement à Stripe.
pay-privacy-kept = Babillard garde le montant, l'état du paiement (payé, remboursé…) et ses dates. Ces renseignements servent à la comptabilité de l'organisme : ils sont conservés après l'effacement de vos renseignements personnels, sans votre nom ni vos coordonnées, aussi longtemps que la loi demande de garder les registres comptables (six ans).
