# Après la séance (issue 14) : remerciement, sondage, attestation, suite, absences.

## Courriels
mail-subject-follow_up_thanks = Merci d'être venu·e : { $title }
mail-subject-follow_up_no_show = Vous n'avez pas pu venir ? Pas de souci.
mail-intro-follow_up_thanks = Merci d'avoir participé à cet atelier ! Nous espérons qu'il vous a été utile.
mail-intro-follow_up_no_show = Vous n'avez pas pu venir ? Pas de souci, ça arrive à tout le monde. Vous pouvez vous inscrire à une prochaine date quand vous le voulez.
mail-follow-up-survey = Trois petites questions pour nous aider à nous améliorer (une minute) :
mail-follow-up-survey-button = Répondre aux trois questions
mail-follow-up-certificate = Votre attestation de participation (PDF) :
mail-follow-up-certificate-button = Télécharger mon attestation
mail-follow-up-next = Pour continuer, les prochains ateliers sur le même sujet près de chez vous :
mail-follow-up-next-dates = Les prochaines dates :
mail-follow-up-no-dates = Aucune autre date n'est prévue pour le moment. Voyez le calendrier :
mail-follow-up-full = complet, liste d'attente
mail-follow-up-help = Vous aimeriez qu'une personne de l'organisme vous accompagne ?
mail-follow-up-help-button = Je veux un accompagnement
mail-no-show-hold = Pourquoi la liste d'attente ? L'organisme réserve d'abord les places aux personnes qui n'ont pas manqué d'activités récemment. Ce n'est pas une punition : une place se libère souvent, et l'équipe peut aussi vous en donner une. Votre inscription est bien enregistrée.

## Sondage
outcome-survey-title = Votre avis sur l'atelier
outcome-survey-intro = Trois questions, une minute. Vos réponses aident l'organisme à améliorer ses ateliers.
outcome-survey-useful = Cet atelier vous a-t-il été utile ?
outcome-survey-clear = Les explications étaient-elles claires ?
outcome-survey-next = Et ensuite, qu'aimeriez-vous apprendre ?
outcome-survey-next-hint = Facultatif. Par exemple : les appels vidéo, les photos, payer en ligne en sécurité.
outcome-survey-submit = Envoyer mes réponses
outcome-survey-thanks = Merci pour vos réponses !
outcome-survey-already = Merci, nous avons déjà votre réponse.
outcome-survey-your-answer = Votre réponse
outcome-rating-no = Non
outcome-rating-a-little = Un peu
outcome-rating-yes = Oui
outcome-not-present-title = Réservé aux personnes présentes
outcome-not-present = Le sondage, l'attestation et l'accompagnement sont offerts aux personnes dont la présence a été notée à l'atelier. Si vous étiez là, écrivez à l'organisme : il pourra corriger.
outcome-back-to-registration = Retour à mon inscription

## Accompagnement
outcome-follow-up-title = Je veux un accompagnement
outcome-follow-up-intro = Une personne de { $organisation } vous contactera pour vous aider, à votre rythme.
outcome-follow-up-contact = Comment préférez-vous être joint·e ?
outcome-follow-up-by-email = Par courriel ({ $email })
outcome-follow-up-by-phone = Par téléphone
outcome-follow-up-phone = Numéro de téléphone
outcome-follow-up-phone-hint = Seulement si vous préférez le téléphone.
outcome-follow-up-message = Un mot pour l'organisme
outcome-follow-up-message-hint = Facultatif. Dites-nous ce qui vous aiderait.
outcome-follow-up-submit = Envoyer ma demande
outcome-follow-up-sent = C'est noté ! L'organisme a reçu votre demande et vous contactera.
outcome-follow-up-existing = Nous avons déjà votre demande, envoyée le { $date }.
outcome-follow-up-done = L'organisme a indiqué s'en être occupé le { $date }.
outcome-follow-up-your-request = Votre demande

## Attestation (PDF)
outcome-cert-link = Télécharger mon attestation de participation (PDF)
outcome-cert-heading = Attestation de participation
outcome-cert-intro = Nous attestons que
outcome-cert-attended = a participé à l'atelier
outcome-cert-hours = de { $hours } (durée : { $duration })
outcome-cert-organisation = Offert par { $organisation }
outcome-cert-trainers = Animé par { $trainers }
outcome-cert-footer = Babillard — attestation émise le { $date }
outcome-duration = { $minutes ->
    [0] { $hours } h
   *[other] { $hours } h { $minutes }
}

## Page de mon inscription
outcome-manage-title = Après l'atelier
outcome-manage-survey = Donner mon avis (trois questions)
outcome-manage-hold = Vous êtes sur la liste d'attente parce que l'organisme réserve d'abord les places aux personnes qui n'ont pas manqué d'activités récemment. Ce n'est pas une punition : une place se libère souvent, et l'équipe peut vous en donner une.

## Erreurs
outcome-error-choose-one = Choisissez une réponse.
outcome-error-too-long = Ce texte est trop long ({ $max } caractères au plus).
outcome-error-phone-needed = Indiquez le numéro où vous joindre.
outcome-error-no-email = Nous n'avons pas votre courriel : choisissez le téléphone.
outcome-error-range = Indiquez un nombre de { $min } à { $max }.

## Bureau : demandes d'accompagnement
admin-nav-follow-ups = Accompagnement
admin-follow-ups-title = Demandes d'accompagnement
admin-follow-ups-intro = Des personnes présentes à un atelier demandent qu'on les accompagne. Contactez-les comme elles le préfèrent, puis cliquez « Fait ».
admin-follow-ups-empty = Aucune demande pour le moment.
admin-follow-ups-open = À faire ({ $count })
admin-follow-ups-closed = Faites récemment
admin-follow-ups-person = Personne
admin-follow-ups-session = Atelier
admin-follow-ups-contact = Préférence
admin-follow-ups-message = Message
admin-follow-ups-asked = Demandé le { $date }
admin-follow-ups-done-on = Fait le { $date }
admin-follow-ups-by-email = Courriel : { $email }
admin-follow-ups-by-phone = Téléphone : { $phone }
admin-follow-ups-mark-done = Fait
admin-follow-ups-mark-done-label = Marquer comme faite la demande de { $name }
admin-done-follow-up-done = Demande marquée comme faite.

## Bureau : politique d'absences et liste des personnes
admin-no-show-title = Absences répétées
admin-no-show-intro = Après N absences en J jours, les nouvelles inscriptions passent d'abord par la liste d'attente. La personne en est informée gentiment ; l'équipe peut la promouvoir en tout temps. Laissez N vide pour ne pas appliquer cette règle.
admin-no-show-limit = Après N absences
admin-no-show-days = en J jours
admin-no-show-save = Enregistrer la règle
admin-done-no-show-policy = Règle d'absences enregistrée.
admin-no-show-held = liste d'attente : absences
