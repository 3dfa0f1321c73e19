# Registration: strings of this area (fr).
reg-form-title = S'inscrire
reg-form-waitlist = L'activité est complète : en vous inscrivant, vous prenez place sur la liste d'attente. Nous vous écrirons dès qu'une place se libère.
reg-form-errors = Quelques renseignements sont à corriger :
reg-field-name = Votre nom
reg-field-email = Votre adresse courriel
reg-field-email-hint = Nous y envoyons la confirmation et le lien pour modifier ou annuler.
reg-field-phone = Téléphone (facultatif)
reg-field-seats = Nombre de places
reg-field-seats-hint = { $max ->
    [one] Une place par inscription.
   *[other] Jusqu'à { $max } places, par exemple pour venir avec une personne qui vous accompagne.
}
reg-field-needs = Besoins particuliers (facultatif)
reg-field-needs-hint = Accessibilité, aide auditive, fauteuil roulant… Dites-nous ce qui vous aiderait.
reg-field-language = Langue de nos messages
reg-field-consent = J'accepte que mes renseignements servent à gérer mon inscription.
reg-field-consent-link = Comment nous protégeons vos renseignements personnels
reg-field-website = Ne pas remplir ce champ
reg-submit = M'inscrire
reg-back-to-session = Retour à l'activité

reg-error-name = Indiquez votre nom (au moins 2 caractères).
reg-error-email = Cette adresse courriel ne semble pas valide. Vérifiez-la (exemple : nom@exemple.ca).
reg-error-email-required = Indiquez votre adresse courriel : nous y enverrons la confirmation.
reg-error-contact-required = Indiquez une adresse courriel ou un numéro de téléphone.
reg-error-phone = Ce numéro de téléphone ne semble pas valide (exemple : 819 555-1234).
reg-error-seats = Indiquez un nombre de places entier, à partir de 1.
reg-error-seats-max = { $max ->
    [one] Une seule place par inscription pour cette activité.
   *[other] Au plus { $max } places par inscription pour cette activité.
}
reg-error-needs = Ce texte est trop long (1 000 caractères au plus).
reg-error-language = Choisissez le français ou l'anglais.
reg-error-consent = Pour vous inscrire, acceptez l'utilisation de vos renseignements.
reg-error-robot = Le formulaire n'a pas pu être envoyé. Réessayez.

reg-refused-cancelled = Cette activité est annulée : on ne peut plus s'y inscrire.
reg-refused-ended = Cette activité est terminée.
reg-refused-drop-in = Pas besoin de s'inscrire : l'entrée est libre.
reg-refused-not-open = Les inscriptions ouvriront le { $date }.
reg-refused-closed = Les inscriptions à cette activité sont terminées.
reg-refused-full = L'activité est complète et n'a pas de liste d'attente.
reg-refused-waitlist-full = L'activité est complète et la liste d'attente aussi.
reg-refused-not-enough-seats = Il n'y a pas assez de places libres pour en ajouter (places libres : { $free }).
reg-refused-not-changeable = Cette inscription ne peut plus être modifiée.
reg-refused-no-offer = Aucune place ne vous est offerte pour l'instant.
reg-refused-offer-expired = Le délai pour accepter cette place est passé.
reg-refused-capacity-below = { $taken } places sont déjà prises : la capacité ne peut pas être plus petite.
reg-refused-not-waiting = Cette personne n'est pas sur la liste d'attente.

reg-status-confirmed = Votre inscription est confirmée.
reg-status-waitlisted = Vous êtes sur la liste d'attente, en position { $position }. Nous vous écrirons dès qu'une place se libère.
reg-status-offered = Une place vous est offerte! Acceptez-la avant le { $date }.
reg-status-pending-payment = Votre inscription attend le paiement.
reg-status-attended = Vous avez participé à cette activité.
reg-status-no-show = Vous étiez inscrit, mais absent.
reg-status-cancelled = Cette inscription est annulée.
reg-link-resent = Vous êtes déjà inscrit à cette activité. Nous vous avons renvoyé par courriel le lien pour voir, modifier ou annuler votre inscription.
reg-resent-title = Déjà inscrit

reg-manage-title = Mon inscription
reg-activity = Activité
reg-seats-label = Places
reg-name-label = Nom
reg-email-label = Adresse courriel
reg-phone-label = Téléphone
reg-register-again-intro = Il reste de la place à cette activité.
reg-register-again = M'inscrire de nouveau
reg-check-in-code = Code à montrer à l'accueil
reg-accept = J'accepte la place
reg-change-title = Modifier ou annuler
reg-seats-change-hint = Vous pouvez réduire le nombre de places en tout temps, ou l'augmenter s'il reste des places.
reg-seats-submit = Changer le nombre de places
reg-cancel-link = Annuler mon inscription
reg-my-data = Mes renseignements
reg-export-link = Télécharger mes données
reg-delete-link = Supprimer mes renseignements
reg-keep-link = Gardez ce lien : il est personnel et permet de gérer votre inscription sans compte.
reg-done-registered = C'est fait! Vous recevrez un courriel de confirmation.
reg-done-cancelled = Votre inscription est annulée. Merci de nous avoir prévenus.
reg-done-seats = Le nombre de places est changé.
reg-done-accepted = Vous avez accepté la place : votre inscription est confirmée.

reg-cancel-title = Annuler mon inscription
reg-cancel-question = Voulez-vous vraiment annuler votre inscription à « { $title } » ({ $when }) ?
reg-cancel-confirm = Oui, annuler mon inscription
reg-cancel-keep = Non, revenir à mon inscription

reg-delete-title = Supprimer mes renseignements
reg-delete-explain = Nous effacerons votre nom, votre courriel, votre téléphone et vos besoins particuliers. Seul un décompte anonyme sera conservé. Le lien de gestion ne fonctionnera plus.
reg-delete-cancels = Votre inscription à « { $title } » sera d'abord annulée.
reg-delete-confirm = Supprimer mes renseignements
reg-deleted-title = Renseignements supprimés
reg-deleted-text = Vos renseignements personnels ont été effacés.

reg-privacy-title = Protection des renseignements personnels
reg-privacy-intro = Babillard recueille le moins de renseignements possible, selon la Loi sur la protection des renseignements personnels dans le secteur privé (Loi 25).
reg-privacy-what-title = Ce que nous recueillons
reg-privacy-what = Votre nom, votre adresse courriel, votre téléphone si vous le donnez, le nombre de places et vos besoins particuliers si vous les indiquez.
reg-privacy-why-title = Pourquoi
reg-privacy-why = Uniquement pour gérer votre inscription : vous confirmer la place, vous prévenir d'un changement ou d'une annulation, vous accueillir sur place. Ils ne sont ni vendus ni utilisés pour de la publicité.
reg-privacy-how-long-title = Combien de temps
reg-privacy-how-long = Ils sont effacés { $days } jours après l'activité; seuls des décomptes anonymes sont gardés.
reg-privacy-rights-title = Vos droits
reg-privacy-rights = Le lien reçu par courriel vous permet en tout temps de consulter, de télécharger ou de supprimer vos renseignements. Pour toute question, écrivez à l'organisme qui offre l'activité.

# Manage page: the person's own calendar feed, and the label of a filled-in field.
reg-needs-label = Besoins particuliers
reg-calendar-title = Dans mon agenda
reg-calendar-intro = Ajoutez vos inscriptions à l'agenda de votre téléphone, de votre tablette ou de votre ordinateur. Si l'activité change d'heure ou de lieu, votre agenda se mettra à jour tout seul.
reg-calendar-add = Ajouter à mon agenda
reg-calendar-web-label = Lien web de mon agenda (pour Google Agenda : « Autres agendas », « + », « À partir de l'URL »)
reg-calendar-show-link = Montrer le lien pour Google Agenda
# Title of the form page shown again with errors (read first by screen readers).
reg-title-error = Erreur : { $title }
reg-calendar-waitlisted = Vous êtes sur la liste d'attente : l'activité apparaîtra dans votre agenda dès qu'une place vous sera confirmée.
reg-submit-waitlist = M'inscrire sur la liste d'attente
reg-full-elsewhere = Cette activité est complète et n'a pas de liste d'attente. Les autres activités du même organisme :

# Retries of the API: the header that names a submission.
reg-error-idempotency-key = L'en-tête Idempotency-Key doit compter de 16 à 255 caractères visibles (un UUID convient).
# The manage page's calendar holds this registration only; all of them come by email.
reg-calendar-one = Cet agenda contient cette inscription seulement.
reg-calendar-all-link = Recevoir par courriel le lien de toutes mes activités
reg-privacy-links-title = Vos liens personnels
reg-privacy-links = Les liens que nous vous envoyons (pour gérer une inscription ou voir vos activités) ne sont pas conservés en clair : nous n'en gardons qu'une empreinte, qui ne permet pas de les retrouver. Votre adresse courriel seule ne donne accès à rien : le lien est toujours envoyé à cette adresse.

# « Mes activités »: all of a person's registrations, through a link sent to their address.
act-title = Mes activités
act-intro = Recevez par courriel le lien vers toutes vos inscriptions, avec l'agenda qui les réunit. Pour protéger votre vie privée, ce lien est envoyé seulement à l'adresse courriel utilisée pour vous inscrire.
act-field-email = Votre adresse courriel
act-field-email-hint = L'adresse que vous avez donnée en vous inscrivant.
act-submit = M'envoyer le lien
act-errors = Un renseignement est à corriger :
act-sent-title = Vérifiez vos courriels
act-sent = Si des inscriptions existent pour cette adresse, un message vient d'y être envoyé avec le lien vers vos activités. Il peut prendre quelques minutes à arriver; regardez aussi dans les courriels indésirables.
act-list-intro = Vos inscriptions à venir et récentes.
act-empty = Aucune inscription à venir pour le moment.
act-calendar-intro = Ajoutez vos activités confirmées à l'agenda de votre téléphone, de votre tablette ou de votre ordinateur : il se mettra à jour tout seul.
act-manage-hint = Pour modifier ou annuler une inscription, utilisez le lien reçu par courriel pour cette inscription.
act-keep-link = Gardez ce lien pour vous : il donne accès à la liste de vos inscriptions.
act-subscribe = Vous êtes inscrit à des activités?
act-status-waitlisted = Vous êtes sur la liste d'attente.
