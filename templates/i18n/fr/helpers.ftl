## Bénévoles : « Donner un coup de main » (page publique, lien personnel, courriels, back-office)

helpers-footer = Donner un coup de main
helpers-title = Donner un coup de main
helpers-intro = Les ateliers pratiques ont besoin de bénévoles : environ une personne pour trois ou quatre participants, pour accompagner chacun à son rythme. Étudiants, Ambassadeurs du numérique, voisins patients : choisissez une séance et inscrivez-vous en une minute.
helpers-count = { $count ->
    [0] Aucune séance ne cherche de bénévoles pour le moment.
    [one] Une séance cherche des bénévoles.
   *[other] { $count } séances cherchent des bénévoles.
}
helpers-none = Revenez bientôt : de nouvelles séances sont ajoutées chaque semaine.
helpers-left = { $count ->
    [0] Complet
    [one] Encore 1 bénévole recherché
   *[other] Encore { $count } bénévoles recherchés
}
helpers-task-label = Rôle
helpers-signup-button = Je donne un coup de main
helpers-privacy-note = Nous gardons votre nom et votre courriel seulement pour organiser la séance, puis nous les effaçons.
helpers-wanted-sentence = Ce groupe cherche { $count ->
    [one] 1 bénévole
   *[other] { $count } bénévoles
} : { $task }.
helpers-wanted-sentence-no-task = Ce groupe cherche { $count ->
    [one] 1 bénévole
   *[other] { $count } bénévoles
} pour aider les participants.
helpers-session-link = Donner un coup de main
helpers-back-list = Voir les séances qui cherchent des bénévoles

helpers-signup-title = Aider à : { $title }
helpers-signup-intro = Laissez votre nom et votre courriel. Vous recevrez un lien pour confirmer : votre place n'est gardée qu'une fois ce lien ouvert.
helpers-field-name = Votre nom
helpers-field-email = Votre adresse courriel
helpers-field-email-hint = Pour confirmer, puis recevoir l'invitation pour votre agenda et un rappel.
helpers-field-phone = Téléphone (facultatif)
helpers-field-phone-hint = Pour vous joindre le jour même, au besoin.
helpers-field-consent = J'accepte que Babillard garde mon nom et mes coordonnées pour organiser cette séance. Je peux annuler ou effacer mes renseignements en tout temps avec le lien reçu par courriel.
helpers-signup-submit = M'inscrire comme bénévole
helpers-errors = Veuillez corriger ce qui suit :
helpers-error-name = Inscrivez votre nom (au moins 2 lettres).
helpers-error-email-required = Inscrivez votre adresse courriel.
helpers-error-email = Cette adresse courriel semble incomplète. Exemple : nom@exemple.ca
helpers-error-phone = Ce numéro de téléphone ne semble pas valide. Exemple : 819 555-1234
helpers-error-contact = Inscrivez un téléphone ou un courriel pour joindre la personne.
helpers-error-consent = Cochez la case pour que nous puissions garder vos coordonnées.
helpers-error-wanted = Le nombre de bénévoles doit être un nombre entier de 0 à 50.
helpers-error-task = Le rôle des bénévoles doit tenir en 200 caractères, sur une ligne.
helpers-error-already = Cette personne aide déjà à cette séance.
helpers-error-session-over = Cette séance est annulée ou terminée : on ne peut plus y ajouter de bénévoles.
helpers-error-not-confirmed = Cette personne n'est pas (ou plus) confirmée comme bénévole.
helpers-sent-title = Vérifiez vos courriels
helpers-sent = Merci ! Si l'adresse est bonne, un courriel est en route avec un lien pour confirmer votre aide.
helpers-sent-next = Ouvrez ce lien et touchez « Je confirme » dans les 48 heures. Vous recevrez ensuite l'invitation pour votre agenda.
helpers-full-title = C'est complet, merci !
helpers-full = Cette séance a déjà tous les bénévoles qu'il lui faut. Merci de votre générosité : d'autres séances cherchent peut-être encore de l'aide.
helpers-gone-title = Ce lien ne fonctionne plus
helpers-gone = Ce lien de confirmation a expiré (48 heures), ou la séance n'a plus lieu. Vous pouvez vous inscrire de nouveau.
helpers-confirm-title = Confirmer mon aide
helpers-confirm-intro = Bonjour { $name }, touchez le bouton pour confirmer que vous aidez à cette séance.
helpers-confirm-button = Je confirme
helpers-confirmed-title = Votre aide est confirmée
helpers-confirmed-already = Votre aide est déjà confirmée. Votre lien personnel vous a été envoyé par courriel, avec l'invitation pour votre agenda.

helpers-manage-title = Mon aide bénévole
helpers-status-pending-confirmation = En attente de votre confirmation
helpers-status-confirmed = Confirmé : merci de votre aide !
helpers-status-cancelled = Annulé
helpers-done-confirmed = C'est confirmé, merci ! Un courriel suit avec l'invitation pour votre agenda.
helpers-done-cancelled = Votre aide est annulée. Merci de nous avoir prévenus.
helpers-calendar-intro = Ajoutez cette séance à votre agenda : elle s'y mettra à jour si l'horaire change.
helpers-cancel-link = Je ne peux plus venir
helpers-cancel-title = Annuler mon aide
helpers-cancel-question = Voulez-vous vraiment annuler votre aide à « { $title } », { $when } ?
helpers-cancel-confirm = Oui, annuler mon aide
helpers-cancel-keep = Non, revenir à ma page
helpers-delete-explain = Votre nom, votre courriel, votre téléphone et les courriels que nous vous avons écrits seront effacés. Votre lien cessera de fonctionner. Cette action est définitive.
helpers-delete-cancels = Votre aide à « { $title } » sera aussi annulée.
helpers-deleted-title = Vos renseignements sont effacés
helpers-deleted-text = Merci. Nous ne gardons plus aucun renseignement personnel sur cette aide.
helpers-keep-link = Gardez ce lien : c'est votre accès personnel. Ne le partagez pas.
helpers-feed-name = Mon bénévolat

helpers-ics-summary = Bénévole : { $title }
helpers-ics-role = Vous aidez à cette séance
helpers-ics-role-task = Vous aidez à cette séance : { $task }
helpers-ics-manage = Voir ou annuler votre aide : { $url }

## Back-office
helpers-admin-title = Bénévoles
helpers-admin-count = { $confirmed } confirmé(s) sur { $wanted } recherché(s)
helpers-admin-none-wanted = Cette séance ne cherche pas de bénévoles.
helpers-admin-set-wanted = Indiquer combien il en faut
helpers-admin-email = Courriel
helpers-admin-actions = Actions
helpers-admin-by-staff = inscrit par l'équipe
helpers-admin-erased = (renseignements effacés)
helpers-admin-cancel = Annuler
helpers-admin-nobody = Aucun bénévole pour l'instant.
helpers-admin-add = Ajouter un ou une bénévole
helpers-admin-add-hint = Pour quelqu'un qui a téléphoné ou qui est passé : son nom et un téléphone ou un courriel. La place est confirmée tout de suite; avec un courriel, la personne reçoit son lien et l'invitation.
helpers-admin-consent = La personne accepte que nous gardions ses coordonnées pour organiser la séance.
helpers-admin-add-button = Ajouter
helpers-form-legend = Bénévoles
helpers-form-hint = Pour un atelier pratique, comptez environ un ou une bénévole pour trois ou quatre participants. Les séances qui en cherchent paraissent sur la page publique « Donner un coup de main ».
helpers-form-wanted = Bénévoles recherchés
helpers-form-task = Rôle des bénévoles
helpers-form-task-hint = Une courte phrase, par exemple : accompagner les participants sur leur tablette.
helpers-door-title = { $count ->
    [one] Bénévole (1)
   *[other] Bénévoles ({ $count })
}
helpers-door-present = Présent — toucher pour noter
admin-done-helper-added = Bénévole ajouté.
admin-done-helper-cancelled = Aide du ou de la bénévole annulée.
admin-done-helper-present = Présence du ou de la bénévole notée.
admin-done-helper-present-undone = Présence du ou de la bénévole retirée.
helpers-reports-fig-helpers = Bénévoles
helpers-reports-fig-hours = Heures de bénévolat
helpers-reports-fig-hours-note = Bénévoles confirmés × durée de chaque séance tenue.
helpers-reports-col-helpers = Bénévoles
helpers-reports-col-hours = Heures de bénévolat
helpers-privacy = Les bénévoles qui donnent un coup de main à une séance nous confient leur nom, leur courriel et, s'ils le veulent, leur téléphone : nous les gardons pour organiser la séance et les effaçons { $days } jours après elle (seul le nombre de bénévoles reste, pour les bilans); leur lien personnel permet d'annuler, de télécharger ou d'effacer ces renseignements en tout temps.

## Courriels
mail-subject-helper_confirm = Confirmez votre aide : { $title }
mail-subject-helper_already = Vous aidez déjà : { $title }
mail-subject-helper_confirmed = Merci, votre aide est confirmée : { $title }
mail-subject-helper_cancelled = Aide bénévole annulée : { $title }
mail-subject-helper_reminder = Rappel, vous aidez bientôt : { $title }
mail-subject-helpers_short = Il manque des bénévoles : { $title }
mail-helper-task = Votre rôle :
mail-intro-helper_confirm = Merci de vouloir donner un coup de main ! Pour confirmer votre aide à cette séance, ouvrez ce lien et touchez « Je confirme » :
mail-helper_confirm-button = Confirmer mon aide
mail-helper_confirm-expires = Le lien fonctionne pendant 48 heures. Votre place n'est gardée qu'une fois confirmée.
mail-helper_confirm-ignore = Si vous n'avez rien demandé, ignorez ce message : rien ne sera gardé.
mail-intro-helper_already = Une inscription comme bénévole vient d'être demandée avec votre adresse pour cette séance. Vous y aidez déjà : rien n'a changé. Votre lien personnel est dans le courriel qui a confirmé votre aide.
mail-helper_already-ignore = Si ce n'est pas vous, ignorez ce message : personne d'autre n'a reçu votre lien.
mail-intro-helper_confirmed = Merci ! Votre aide est confirmée. L'équipe de l'organisme compte sur vous.
mail-intro-helper_moved = La séance où vous aidez a changé d'horaire ou de lieu. Voici les renseignements à jour.
mail-helper-manage = Pour voir ou annuler votre aide :
mail-helper-manage-button = Voir ou annuler mon aide
mail-intro-helper_cancelled = Votre aide à cette séance est annulée. Merci de nous avoir prévenus, et à une prochaine fois !
mail-intro-helper_cancelled_session = L'organisme a annulé cette séance : votre aide n'est plus nécessaire. Merci d'avoir offert votre temps.
mail-helper-removed = L'activité est retirée de votre agenda.
mail-intro-helper_reminder = Petit rappel : vous aidez bientôt à cette séance. Merci !
mail-intro-helpers_short = Cette séance commence dans moins de 48 heures et il manque des bénévoles : { $confirmed } confirmé(s) sur { $wanted } recherché(s).
mail-helpers_short-button = Voir les bénévoles de la séance
mail-helpers_short-hint = Vous recevez ce message parce que vous faites partie de l'équipe de l'organisme.
