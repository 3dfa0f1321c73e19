# Rapports (back office) et bilan public (/outcomes), issue 14.
reports-nav = Rapports
reports-title = Rapports
reports-period = Du { $from } au { $to }
reports-intro = Les chiffres des séances de la période, comptés par la base de données. Choisissez une période et, au besoin, un organisme, un lieu, un programme, un public, un thème, un type ou une formule.
reports-filter-from = Du
reports-filter-to = Au
reports-filter-org = Organisme
reports-filter-mrc = MRC
reports-filter-municipality = Municipalité (lieu de la séance)
reports-filter-event = Programme
reports-filter-audience = Public
reports-filter-topic = Thème
reports-filter-kind = Type d'activité
reports-filter-format = Formule
reports-filter-any = Tous
reports-filter-submit = Afficher le rapport
reports-format-in_person = En personne
reports-format-online = En ligne
reports-format-hybrid = Hybride
reports-export-title = Exporter (CSV)
reports-export-sessions = Séance par séance
reports-export-months = Par mois
reports-export-municipalities = Par municipalité
reports-export-topics = Par thème
reports-export-survey = Questionnaire
reports-print-hint = Pour imprimer ce rapport, utilisez la commande Imprimer de votre navigateur : le menu et les filtres ne sont pas imprimés.
reports-empty = Aucune séance pour cette période et ces filtres.
reports-figures-title = En bref
reports-fig-held = Séances tenues
reports-fig-cancelled = Séances annulées
reports-fig-to-come = Séances à venir
reports-fig-seats-offered = Places offertes
reports-fig-seats-offered-note = (séances tenues et à venir; les activités libres, sans limite de places, n'en ajoutent pas)
reports-fig-registrations = Inscriptions reçues
reports-fig-seats = Places réservées
reports-fig-present = Personnes présentes
reports-fig-absent = Absences notées
reports-fig-unrecorded = Présence non notée
reports-fig-unrecorded-note = (places encore « confirmées » après la séance)
reports-fig-rate = Taux de présence
reports-fig-rate-note = (présentes ÷ présentes et absentes, là où la présence a été prise)
reports-fig-unmet = Demande non comblée
reports-fig-unmet-note = (places en liste d'attente jamais obtenues)
reports-fig-waiting-now = En liste d'attente pour des séances à venir
reports-fig-interest = Inscriptions à « Prévenez-moi »
reports-fig-interest-note = (thème et municipalité sans date; seuls les filtres thème et lieu s'appliquent)
reports-fig-newcomers = Inscriptions de nouvelles personnes
reports-fig-returning = Inscriptions de personnes déjà venues
reports-fig-staff = Inscriptions faites par le personnel
reports-fig-seniors = Aînés rejoints
reports-fig-seniors-note = (présents à des séances pour aînés, ou au tarif aînés)
reports-fig-hours = Heures de formation données
reports-fig-participant-hours = Heures-participants
reports-percent = { $value } %
reports-place-none = En ligne ou lieu non précisé
reports-col-month = Mois
reports-col-municipality = Municipalité
reports-col-topic = Thème
reports-col-held = Séances tenues
reports-col-seats-offered = Places offertes
reports-col-seats = Places réservées
reports-col-present = Présents
reports-col-absent = Absents
reports-col-waiting = En attente
reports-col-pressure = Pression de la liste d'attente
reports-col-hours = Heures
reports-col-session = Séance
reports-col-date = Date
reports-col-organisation = Organisme
reports-col-topics = Thèmes
reports-col-state = État
reports-col-registrations = Inscriptions
reports-col-staff = Par le personnel
reports-col-unrecorded = Présence non notée
reports-col-newcomers = Nouvelles personnes
reports-col-returning = Déjà venues
reports-col-seniors = Aînés
reports-col-participant-hours = Heures-participants
reports-col-answers = Réponses
reports-col-useful = « Utile » : oui
reports-col-clear = « Clair » : oui
reports-col-trainer = Formateur ou formatrice
reports-col-what = Regroupement
reports-held-held = tenue
reports-held-cancelled = annulée
reports-held-to-come = à venir
reports-charts-title = En graphiques
reports-chart-month = Fréquentation par mois
reports-chart-town = Présences par municipalité
reports-chart-topic = Présences par thème
reports-chart-pressure = Pression de la liste d'attente par thème
reports-chart-data = Données : { $title }
reports-chart-month-summary = La fréquentation a culminé en { $month } : { $count ->
    [one] { $count } personne présente.
   *[other] { $count } personnes présentes.
}
reports-chart-town-summary = { $place } a réuni le plus de personnes : { $count ->
    [one] { $count } présente.
   *[other] { $count } présentes.
}
reports-chart-topic-summary = Le thème le plus suivi : { $topic }, avec { $count ->
    [one] { $count } personne présente.
   *[other] { $count } personnes présentes.
}
reports-chart-pressure-summary = La liste d'attente pèse le plus sur { $topic } : { $percent } % des places offertes.
reports-chart-none = Aucune présence notée pour cette période.
reports-chart-pressure-none = Personne n'attend une place pour cette période.
reports-survey-title = Questionnaire après la séance
reports-survey-intro = { $count ->
    [0] Aucune réponse au questionnaire pour cette période.
    [one] Une réponse au questionnaire. Part des « oui » à « Cet atelier vous a-t-il été utile? » et « Les explications étaient-elles claires? ».
   *[other] { $count } réponses au questionnaire. Part des « oui » à « Cet atelier vous a-t-il été utile? » et « Les explications étaient-elles claires? ».
}
reports-survey-by-topic = Par thème
reports-survey-by-trainer = Par formateur ou formatrice
reports-survey-by-session = Par séance (les 15 qui ont le plus de réponses; l'export les donne toutes)
reports-comments-title = « Et ensuite? » : ce que les personnes veulent apprendre
reports-comments-intro = Réponses libres, visibles seulement du personnel de l'organisme (jamais sur le bilan public); elles sont effacées avec les données personnelles après la durée de conservation.
reports-comments-none = Aucune réponse libre pour cette période.
reports-definitions-title = Comment ces chiffres sont comptés
reports-def-held = Une séance est tenue quand elle a été publiée et qu'elle est terminée; annulée quand elle a été annulée; les brouillons ne comptent jamais. La période porte sur la date de début.
reports-def-people = Une place réservée est une personne : une inscription pour deux compte pour deux. Le taux de présence ne compte que les séances où la présence a été prise; une place encore « confirmée » après la séance n'est pas comptée comme une absence.
reports-def-unmet = Demande non comblée : places encore en liste d'attente (ou offertes sans réponse) quand la séance a eu lieu ou a été annulée. Une personne qui a quitté la liste d'attente d'elle-même ne peut pas être distinguée d'une annulation ordinaire : elle n'est pas comptée.
reports-def-returning = Nouvelles ou déjà venues : décidé à l'inscription (la personne s'était-elle déjà inscrite à une autre séance de la région?), si bien que le chiffre reste juste après l'effacement des données personnelles.
reports-def-seniors = Aînés rejoints : les personnes présentes à des séances dont le public comprend les aînés, plus celles qui ont payé le tarif réduit aînés à d'autres séances.
reports-def-places = Les municipalités sont celles des séances (la salle, ou le lieu indiqué par le calendrier partenaire) : nous ne recueillons pas l'adresse des personnes.
reports-def-topics = Une séance qui a deux thèmes compte pour chacun. Pression de la liste d'attente : places en attente ÷ places offertes.
reports-error-table = Ce tableau n'existe pas : choisissez sessions, months, municipalities, topics ou survey.

# Bilan public
outcomes-footer = Bilan
outcomes-title = Bilan
outcomes-intro = Ce que les ateliers numériques ont donné dans la région : séances tenues, personnes rejointes, municipalités, thèmes, cette année et l'an dernier.
outcomes-scope-all = Toute la région
outcomes-filter-region = Région
outcomes-filter-mrc = MRC
outcomes-filter-year = Année
outcomes-filter-any = Toutes
outcomes-filter-submit = Afficher
outcomes-year = En { $year }
outcomes-sessions = Séances tenues
outcomes-people = Personnes rejointes
outcomes-municipalities = Municipalités où des séances ont eu lieu
outcomes-small = moins de 5
outcomes-topics-title = Thèmes les plus suivis en { $year }
outcomes-topics-none = Aucun thème n'a réuni au moins 5 personnes.
outcomes-towns-title = Personnes rejointes par municipalité en { $year }
outcomes-towns-none = Aucune municipalité n'a réuni au moins 5 personnes.
outcomes-others = Autres municipalités
outcomes-col-topic = Thème
outcomes-col-town = Municipalité
outcomes-col-people = Personnes (arrondi)
outcomes-col-what = Quoi
outcomes-place-none = En ligne ou lieu non précisé
outcomes-compare-title = { $year } comparé à { $last }
outcomes-privacy = Pour que personne ne puisse être reconnu : aucun chiffre de moins de 5 personnes n'est montré (les petites municipalités sont regroupées dans « Autres municipalités »), et les nombres de personnes sont arrondis au 5 le plus proche. Une personne rejointe est une place à une séance tenue, présente ou inscrite sans absence notée.
