## Listes d'intérêt : « Prévenez-moi » (page publique, courriels, back-office)

interest-title = Prévenez-moi
interest-intro = Pas encore d'atelier sur ce sujet près de chez vous ? Laissez votre nom et votre courriel : nous vous écrirons dès qu'un atelier sera annoncé, avant tout le monde.
interest-field-topic = Sujet
interest-field-municipality = Municipalité
interest-field-name = Votre nom
interest-field-email = Votre adresse courriel
interest-field-email-hint = Nous vous écrirons une seule fois par sujet, quand un atelier sera annoncé.
interest-field-consent = J'accepte que Babillard garde mon nom et mon courriel pour me prévenir. Je peux me retirer en tout temps avec le lien reçu par courriel.
interest-choose = Choisir
interest-submit = Me prévenir
interest-errors = Corrigez ce qui suit :
interest-error-topic = Choisissez un sujet dans la liste.
interest-error-municipality = Choisissez une municipalité dans la liste.
interest-error-name = Inscrivez votre nom (au moins 2 lettres).
interest-error-email-required = Inscrivez votre adresse courriel.
interest-error-email = Cette adresse courriel semble incomplète. Exemple : nom@exemple.ca
interest-error-consent = Cochez la case pour que nous puissions vous prévenir.
interest-error-head-start = L'avance doit être entre 0 et 168 heures (une semaine).
interest-sent-title = C'est noté
interest-sent = Merci ! Un courriel de confirmation est envoyé à l'adresse indiquée, avec un lien pour vous retirer de la liste.
interest-manage-title = Ma demande « Prévenez-moi »
interest-manage-waiting = Vous serez prévenu quand un atelier sur { $topic } aura lieu à { $municipality }.
interest-manage-told = Vous avez été prévenu d'un atelier sur { $topic } à { $municipality }.
interest-manage-see = Voir l'atelier
interest-remove = Me retirer de la liste
interest-remove-hint = Votre nom et votre courriel seront effacés.
interest-removed-title = Vous êtes retiré de la liste
interest-removed = Votre nom et votre courriel sont effacés. Vous ne recevrez plus de message pour cette demande.
interest-calendar-link = Aucun atelier pour l'instant — prévenez-moi
interest-head-start = Avance donnée aux listes d'intérêt (heures)
interest-head-start-hint = Les personnes inscrites sur une liste « Prévenez-moi » reçoivent l'annonce d'un nouvel atelier ce nombre d'heures avant le public. 0 : en même temps que tout le monde.

## Back-office : la demande

interest-nav = Demande
interest-demand-title = Demande par municipalité et sujet
interest-demand-intro = Nombre de personnes qui attendent un atelier, par municipalité et par sujet. Elles seront prévenues dès qu'un atelier correspondant sera publié.
interest-demand-municipality = Municipalité
interest-demand-topic = Sujet
interest-demand-count = Personnes en attente
interest-demand-none = Personne n'attend d'atelier pour l'instant.
interest-add-title = Ajouter une personne qui a téléphoné
interest-add-intro = Pour une personne qui vous a appelé ou qui est passée au comptoir. Elle recevra un courriel de confirmation.
interest-field-organisation = Pour l'organisme
interest-field-lang = Langue de la personne
interest-lang-fr = Français
interest-lang-en = Anglais
interest-staff-consent = La personne a consenti au téléphone à ce que l'on garde son nom et son courriel pour la prévenir.
interest-add-submit = Ajouter à la liste
admin-done-interest-added = La personne est ajoutée à la liste.
admin-done-interest-already = Cette personne était déjà sur cette liste.

## Courriels

mail-subject-interest_confirm = Nous vous préviendrons
mail-intro-interest_confirm = C'est noté : nous vous écrirons dès qu'un atelier sur { $topic } sera annoncé à { $municipality }.
mail-subject-interest_match = Nouvel atelier : { $title }
mail-intro-interest_match = Un atelier sur { $topic } vient d'être annoncé à { $municipality }. Vous êtes parmi les premiers prévenus : inscrivez-vous avant l'annonce publique.
mail-interest-register = Pour vous inscrire, ouvrez la page de l'atelier :
mail-interest-leave = Pour vous retirer de la liste et effacer votre nom et votre courriel :
mail-interest-leave-button = Me retirer de la liste
