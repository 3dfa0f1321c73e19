# « Tempête »: cancel a day's sessions in an area (issue 15).
storm-title = Annuler une journée (tempête)
storm-intro = Une tempête, du verglas, une panne dans tout un secteur? Choisissez le jour et le secteur : vous verrez d'abord chaque activité qui serait annulée et combien de personnes seraient prévenues. Les activités en ligne ne sont pas touchées.
storm-day = Jour à annuler
storm-area = Secteur
storm-choose = Choisissez un secteur
storm-area-organisations = Vos organismes
storm-area-mrcs = MRC
storm-area-towns = Municipalités
storm-reason = Raison, dite à chaque personne
storm-reason-hint = Par exemple : « Tempête de neige : les routes sont fermées. »
storm-again = Date de reprise (facultatif)
storm-again-hint = Chaque activité est proposée de nouveau ce jour-là, à la même heure; les inscriptions aux activités gratuites y sont reportées dans le même ordre.
storm-preview = Voir ce qui serait annulé
storm-preview-title = Activités du { $day } dans ce secteur
storm-nothing = Aucune activité en personne de ce jour dans ce secteur, parmi celles que vous gérez.
storm-summary = { $sessions ->
    [one] 1 activité serait annulée
   *[other] { $sessions } activités seraient annulées
} et { $people ->
    [0] personne ne serait prévenu.
    [one] 1 personne serait prévenue par courriel.
   *[other] { $people } personnes seraient prévenues par courriel.
}
storm-summary-again = Chaque activité serait reprise le { $day }.
storm-which = Activités à annuler (décochez celles qui ont lieu malgré tout)
storm-people = { $count ->
    [0] aucune inscription
    [one] 1 personne à prévenir
   *[other] { $count } personnes à prévenir
}
storm-paid = payante : les paiements en ligne seront remboursés et les inscriptions ne sont pas reportées
storm-warning = Chaque personne inscrite recevra un courriel d'annulation, avec l'avis qui retire l'activité de son agenda. Cette action ne peut pas être défaite.
storm-submit = Annuler ces activités et prévenir les personnes
storm-done = { $sessions ->
    [one] 1 activité annulée
   *[other] { $sessions } activités annulées
}, { $people ->
    [one] 1 personne prévenue.
   *[other] { $people } personnes prévenues.
}
storm-done-again = { $sessions ->
    [one] 1 activité reprise
   *[other] { $sessions } activités reprises
} à la date choisie, { $people ->
    [one] 1 inscription reportée.
   *[other] { $people } inscriptions reportées.
}
storm-new-session = Activité reprise (n° { $id })
storm-error-day = Choisissez le jour à annuler.
storm-error-past = Ce jour est déjà passé.
storm-error-area = Choisissez un secteur.
storm-error-again = Cette date de reprise n'est pas une date valide.
storm-error-again-before = La date de reprise doit venir après le jour annulé.
