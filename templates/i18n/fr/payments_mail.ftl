# Paid sessions (issue 13): the emails about payments (helper-owned).
# Amounts come written (« 15,00 $ », domain::payment::money) and dates long (« samedi 14 mars 2026, 13 h 30 »).
# The buttons named here (« Payer maintenant », « Demander plus de temps ») are the manage page's.

mail-subject-payment_held = Places réservées, à payer : { $title }
mail-subject-payment_hold_warning = Plus que quelques minutes pour payer : { $title }
mail-subject-payment_expired = Délai de paiement terminé : { $title }
mail-subject-payment_receipt = Reçu de paiement : { $title }
mail-subject-payment_late = Votre paiement est arrivé après le délai : { $title }
mail-subject-refund_issued = Remboursement envoyé : { $title }

# The manage link of a hold leads to the pay button.
mail-manage-pay = Pour payer, ouvrez ce lien :
mail-manage-button-pay = Payer maintenant

mail-payment-promoted = { $seats ->
    [one] Bonne nouvelle : une place s'est libérée pour vous sur la liste d'attente.
   *[other] Bonne nouvelle : des places se sont libérées pour vous sur la liste d'attente.
}
mail-intro-payment_held = { $seats ->
    [one] Nous vous réservons une place jusqu'au { $deadline }. Pour confirmer votre inscription, payez { $amount } en ligne d'ici là. Sans paiement, la place sera offerte à quelqu'un d'autre.
   *[other] Nous vous réservons { $seats } places jusqu'au { $deadline }. Pour confirmer votre inscription, payez { $amount } en ligne d'ici là. Sans paiement, les places seront offertes à d'autres personnes.
}
mail-payment_held-how = Ouvrez le lien ci-dessous, puis touchez « Payer maintenant ». Si vous avez besoin de plus de temps, touchez « Demander plus de temps » : vous pouvez le faire une fois.

mail-intro-payment_hold_warning = Il vous reste une dizaine de minutes pour payer : votre réservation prend fin le { $deadline }. Pour confirmer votre inscription, payez { $amount } en ligne dès maintenant.
mail-payment_hold_warning-extend = Besoin de plus de temps? Ouvrez le lien ci-dessous et touchez « Demander plus de temps » : vous pouvez le faire une fois.
mail-payment_hold_warning-last = { $seats ->
    [one] Le délai a déjà été prolongé une fois et ne peut plus l'être. Sans paiement d'ici là, la place sera offerte à quelqu'un d'autre.
   *[other] Le délai a déjà été prolongé une fois et ne peut plus l'être. Sans paiement d'ici là, les places seront offertes à d'autres personnes.
}

mail-intro-payment_expired = { $seats ->
    [one] Le délai pour payer est terminé : votre inscription n'a pas été confirmée et la place que nous vous réservions est de nouveau libre.
   *[other] Le délai pour payer est terminé : votre inscription n'a pas été confirmée et les places que nous vous réservions sont de nouveau libres.
}
mail-payment_expired-nothing = Vous n'avez rien payé et vous ne devez rien.
mail-payment_expired-again = Si vous souhaitez toujours participer, vous pouvez vous inscrire de nouveau sur la page de l'activité :
mail-payment_expired-again-button = M'inscrire de nouveau

mail-intro-payment_receipt = Merci! Nous avons bien reçu votre paiement. Voici votre reçu : gardez ce courriel pour vos dossiers.
mail-receipt-number = Reçu no { $number }
mail-receipt-date = Date du paiement : { $date }
mail-receipt-issuer = Organisme : { $organisation }
mail-receipt-for = Pour : { $title }, { $when }
mail-receipt-seats = Nombre de places : { $seats }
mail-receipt-amount = Montant payé : { $amount }
mail-receipt-taxes = Taxes incluses : TPS { $gst }, TVQ { $qst } — no de taxes : { $number }
mail-receipt-via = Mode de paiement : { $via }
mail-receipt-via-stripe = carte de crédit en ligne (Stripe)
mail-receipt-via-cash = comptant
mail-receipt-via-card = carte, sur place

mail-intro-payment_late-waitlist = Votre paiement de { $amount } est bien arrivé, mais après la fin du délai pour payer, et l'activité était déjà complète. Vous êtes maintenant sur la liste d'attente, et votre paiement est déjà fait.
mail-payment_late-waitlist-next = Si une place se libère, votre inscription sera confirmée et nous vous écrirons. Si aucune place ne se libère, nous vous rembourserons en entier.
mail-intro-payment_late-refund = Votre paiement de { $amount } est arrivé après la fin du délai pour payer, et l'activité était déjà complète. Nous sommes désolés.
mail-payment_late-refund-next = Nous vous rembourserons le montant en entier, sur la carte utilisée pour payer. Vous recevrez un courriel quand ce sera fait.

mail-intro-refund_issued = Nous vous avons remboursé { $amount } sur la carte utilisée pour payer. Le remboursement paraît habituellement sur votre relevé d'ici 5 à 10 jours ouvrables.
mail-refund-reason-cancelled = Ce remboursement fait suite à l'annulation de votre inscription.
mail-refund-reason-session_cancelled = Ce remboursement fait suite à l'annulation de l'activité par l'organisme.
mail-refund-reason-late = Ce remboursement fait suite à votre paiement arrivé après la fin du délai, quand l'activité était déjà complète.
mail-refund-reason-duplicate = Vous aviez payé deux fois : ce remboursement vous rend le second paiement.

# Sentences added to the existing emails of a paid registration.
mail-cancelled-refund = Le montant payé en ligne vous sera remboursé sur la carte utilisée pour payer. Vous recevrez un courriel quand ce sera fait.
mail-amount-due = Montant à payer sur place : { $amount } (comptant ou carte)
