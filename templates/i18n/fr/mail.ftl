# Mail: strings of this area (fr).

## Courriels
mail-lang = fr
mail-hello = Bonjour { $name },
mail-hello-anon = Bonjour,
mail-when = Quand :
mail-where = Où :
mail-online = En ligne
mail-online-link = Lien pour participer :
mail-trainers = Animé par :
mail-bring = À apporter :
mail-access = Accès :
mail-directions = Pour s'y rendre :
mail-details-link = Tous les détails :
mail-details-link-html = Voir tous les détails de l'activité
mail-check-in = Votre code d'accueil : { $code }
mail-check-in-help = Montrez ce code (sur papier ou sur votre téléphone) à l'accueil le jour de l'activité.
mail-invite-note = L'invitation jointe ajoute l'activité à votre agenda (ou la met à jour).
mail-manage = Pour voir, modifier ou annuler votre inscription :
mail-manage-button = Voir ou annuler mon inscription
mail-signature = Au plaisir,
mail-footer = Message envoyé par Babillard, le calendrier des ateliers numériques de la région :
mail-ics-manage = Voir ou annuler votre inscription : { $url }
mail-seats = { $seats ->
    [one] une place
   *[other] { $seats } places
}

mail-subject-registration_confirmed = Inscription confirmée : { $title }
mail-subject-registration_waitlisted = Liste d'attente : { $title }
mail-subject-registration_promoted = Une place pour vous : { $title }
mail-subject-offer_made = Une place vous est offerte : { $title }
mail-subject-offer_expired = Place offerte expirée : { $title }
mail-subject-registration_updated = Inscription modifiée : { $title }
mail-subject-registration_cancelled = Inscription annulée : { $title }
mail-subject-session_cancelled = Activité annulée : { $title }
mail-subject-session_changed = Changement d'horaire ou de lieu : { $title }
mail-subject-reminder = Rappel : { $title }
mail-subject-organiser_message = Message au sujet de : { $title }
mail-subject-password_reset = Réinitialiser votre mot de passe Babillard

mail-intro-registration_confirmed = Votre inscription est confirmée ({ $seats ->
    [one] une place
   *[other] { $seats } places
}). Nous avons hâte de vous voir!
mail-intro-registration_waitlisted = L'activité est complète pour le moment. Vous êtes sur la liste d'attente, en position { $position }. Nous vous écrirons dès qu'une place se libère : vous n'avez rien à faire d'ici là.
mail-intro-registration_promoted = Bonne nouvelle : une place s'est libérée et votre inscription est maintenant confirmée ({ $seats ->
    [one] une place
   *[other] { $seats } places
}).
mail-intro-offer_made = Bonne nouvelle : une place s'est libérée pour vous. Pour la prendre, confirmez-la avant le { $deadline } avec le bouton ci-dessous. Sans réponse de votre part, elle sera offerte à la personne suivante.
mail-intro-offer_expired = Le délai pour confirmer la place qui vous était offerte est passé. Elle a été offerte à la personne suivante sur la liste d'attente.
mail-intro-registration_updated = Votre inscription a été modifiée : vous aviez { $previous ->
    [one] une place
   *[other] { $previous } places
}, vous avez maintenant { $seats ->
    [one] une place
   *[other] { $seats } places
}.
mail-intro-registration_cancelled = Votre inscription est annulée. L'activité est retirée de votre agenda. Merci de nous avoir prévenus : votre place pourra servir à quelqu'un d'autre.
mail-intro-session_cancelled = Nous sommes désolés : l'organisme a annulé cette activité. L'activité est retirée de votre agenda.
mail-reason = Raison : { $reason }
mail-sorry = Consultez le calendrier pour trouver une autre activité qui vous convient.
mail-given-again-carried = L'activité est reprise le { $when }. Votre inscription y est reportée : un courriel de confirmation suit, avec l'invitation pour votre agenda.
mail-given-again = L'activité est reprise le { $when }. Vous pouvez vous y inscrire à nouveau depuis le calendrier.
mail-intro-session_changed = L'activité à laquelle vous êtes inscrit(e) a changé. Votre inscription est toujours valide.
mail-changed-time = Ancien horaire : { $previous }
mail-changed-place = Ancien lieu : { $previous }
mail-changed-place-only = Le lieu a changé.
mail-changed-below = Voici l'horaire et le lieu à jour :
mail-intro-reminder = Petit rappel : votre activité a lieu bientôt. Voici ce qu'il faut savoir pour y aller.
mail-organiser-from = Message de { $name } :
mail-intro-password_reset = Quelqu'un (sans doute vous) a demandé à réinitialiser votre mot de passe. Ouvrez ce lien avant le { $deadline } pour en choisir un nouveau :
mail-reset-ignore = Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.

## Calendriers (ICS)
mail-feed-description = Activités numériques de la région, publiées par Babillard.
mail-feed-all = Toutes les activités
mail-feed-mine = Mes inscriptions
mail-add-to-calendar = Ajouter à mon agenda

## Page d'abonnement
mail-subscribe-title = M'abonner au calendrier
mail-subscribe-intro = Cochez ce qui vous intéresse, puis ajoutez le calendrier à votre téléphone, votre tablette ou votre ordinateur une seule fois. Les nouvelles activités y apparaîtront toutes seules, et les changements aussi.
mail-subscribe-choose = Ce qui vous intéresse
mail-subscribe-none-hint = Ne cochez rien pour recevoir toutes les activités.
mail-subscribe-organisations = Organisme
mail-subscribe-apply = Préparer mon lien
mail-subscribe-result = Votre calendrier : { $name }
mail-subscribe-webcal = Lien d'abonnement (téléphone, tablette, Outlook)
mail-subscribe-https = Lien web (Google Agenda)
mail-subscribe-qr = Avec un téléphone : ouvrez l'appareil photo et visez ce code.
mail-subscribe-qr-alt = Code QR du lien d'abonnement
mail-subscribe-how = Comment faire
mail-subscribe-iphone = iPhone ou iPad
mail-subscribe-iphone-1 = Touchez le lien d'abonnement ci-dessus (ou visez le code QR avec l'appareil photo).
mail-subscribe-iphone-2 = Touchez « S'abonner », puis « Ajouter ».
mail-subscribe-iphone-3 = Les activités apparaissent dans l'app Calendrier.
mail-subscribe-android = Android ou Google Agenda
mail-subscribe-android-1 = Sur un ordinateur, ouvrez Google Agenda (calendar.google.com).
mail-subscribe-android-2 = À gauche, à côté de « Autres agendas », cliquez sur « + », puis « À partir de l'URL ».
mail-subscribe-android-3 = Collez le lien web ci-dessus et cliquez sur « Ajouter un agenda ». Il apparaît ensuite sur votre téléphone Android.
mail-subscribe-outlook = Outlook
mail-subscribe-outlook-1 = Dans Outlook, ouvrez le Calendrier.
mail-subscribe-outlook-2 = Choisissez « Ajouter un calendrier », puis « S'abonner à partir du web ».
mail-subscribe-outlook-3 = Collez le lien web ci-dessus et confirmez.
mail-subscribe-refresh = Votre agenda vérifie les nouveautés quelques fois par jour : un changement peut prendre quelques heures à paraître.

# After a cancellation there is nothing left to change: the link shows the registration and the data.
mail-manage-cancelled = Pour revoir votre inscription ou supprimer vos renseignements :
mail-manage-button-cancelled = Revoir mon inscription
# An offer of a seat: the link leads to the page where the person takes it.
mail-manage-offer = Pour prendre la place, ouvrez ce lien et touchez « J'accepte la place » :
mail-manage-button-offer = Prendre la place

# A repeated registration: the link goes to the address, never to whoever typed it.
mail-subject-registration_link = Votre lien d'inscription : { $title }
mail-intro-registration_link = Une inscription à cette activité vient d'être demandée avec votre adresse courriel. Vous y êtes déjà inscrit : rien n'a changé. Voici le lien pour voir votre inscription, la modifier ou l'annuler.
mail-registration_link-ignore = Si ce n'est pas vous qui avez fait cette demande, vous pouvez ignorer ce message : votre inscription reste la même et personne d'autre n'a reçu ce lien.
# « Mes activités »: the link the person asked for by typing their address.
mail-subject-activities_link = Mes activités Babillard
mail-intro-activities_link = Voici le lien vers toutes vos inscriptions, avec l'agenda à ajouter à votre téléphone ou à votre ordinateur :
mail-activities_link-button = Voir mes activités
mail-activities_link-keep = Gardez ce lien pour vous : il donne accès à la liste de vos inscriptions.
mail-activities_link-ignore = Si vous n'avez rien demandé, ignorez ce message : personne d'autre n'a reçu ce lien.
