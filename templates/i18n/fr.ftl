# Babillard — textes en français (Québec). Les clés sont les mêmes dans en.ftl.

## Gabarit
site-name = Babillard
site-tagline = Les ateliers numériques de la région
skip-to-content = Aller au contenu
nav-calendar = Activités à venir
nav-month = Calendrier
nav-subscribe = M'abonner au calendrier
switch-language = English
footer-about = Babillard rassemble les activités numériques des bibliothèques, des MRC et des organismes de la région.
footer-privacy = Confidentialité
footer-open-data = Données ouvertes
footer-feed = Le calendrier dans mon téléphone

## Accueil et filtres
home-title = Ateliers et activités numériques
home-intro = Trouvez un atelier près de chez vous et inscrivez-vous en une minute, sans créer de compte.
home-count = { $count ->
    [0] Aucune activité ne correspond à votre recherche.
    [one] Une activité
   *[other] { $count } activités
}
home-empty-hint = Essayez d'enlever un filtre ou d'élargir les dates.
home-reset = Voir toutes les activités
filters-title = Filtrer les activités
filters-region = Région
filters-mrc = Territoire (MRC)
filters-municipality = Municipalité
filters-audience = Pour qui
filters-topic = Sujet
filters-kind = Type d'activité
filters-format = Format
filters-from = À partir du
filters-to = Jusqu'au
filters-free = Gratuit seulement
filters-any = Peu importe
filters-around = Et autour
filters-around-none = Cette municipalité seulement
filters-around-km = Jusqu'à { $km } km autour
error-bad-radius = Le filtre « around » accepte une distance parmi { $radii } (en km), pas « { $value } ».
filters-apply = Afficher les activités
filters-subscribe = Recevoir ces activités dans mon agenda
pager-previous = Page précédente
pager-next = Page suivante
pager-status = Page { $page } sur { $pages }

## Fiche d'activité
session-when = Quand
session-where = Où
session-who = Pour qui
session-topics = Sujets
session-trainers = Animé par
session-organiser = Organisé par
session-programme = Fait partie de
session-level = Niveau
session-language = Langue
session-price = Prix
session-bring = À apporter
session-access = Accès au lieu
card-for-whom = Pour : { $list }
session-format = Format
session-online-link = Lien pour participer
session-online-after = Le lien pour participer est envoyé aux personnes inscrites.
session-cancelled = Cette activité est annulée.
session-cancel-reason = Raison : { $reason }
session-seats = Places
session-capacity = { $count } places au total
session-waitlist-count = { $count ->
    [0] Personne en liste d'attente
    [one] Une personne en liste d'attente
   *[other] { $count } personnes en liste d'attente
}
session-max-seats = Jusqu'à { $count } places par inscription (pour venir accompagné).
session-closes = Inscriptions jusqu'au { $date }.
session-print = Imprimer
session-details = Détails
session-cta-hint = Sans compte, en une minute.
session-cta-free = C'est gratuit.
session-add-date = Ajouter la date à mon agenda
session-add-date-hint-register = Ajoute seulement la date et le lieu à votre agenda : cela ne vous inscrit pas.
session-add-date-hint = Ajoute la date et le lieu à votre agenda.
venue-room = Salle : { $room }
venue-step-free = Accès sans marches
venue-not-step-free = Accès avec marches
venue-wifi = Wi-Fi sur place
venue-computers = { $count ->
    [0] Pas d'ordinateur sur place : apportez votre appareil.
    [one] Un ordinateur sur place
   *[other] { $count } ordinateurs sur place
}
venue-map = Voir sur la carte
place-online = En ligne

## Disponibilité
avail-cancelled = Annulée
avail-ended = Terminée
avail-drop-in = Entrée libre, sans inscription
avail-not-yet-open = Inscriptions à partir du { $date }
avail-closed = Inscriptions terminées
avail-open = Places disponibles
avail-seats-left = { $count ->
    [one] Plus qu'une place
   *[other] { $count } places restantes
}
avail-waitlist = Complet — liste d'attente
avail-full = Complet

## Vocabulaire
format-in_person = Sur place
format-online = En ligne
format-hybrid = Sur place ou en ligne
level-tous = Tous les niveaux
level-debutant = Débutant
level-intermediaire = Intermédiaire
level-avance = Avancé
session-language-fr = Français
session-language-en = Anglais
session-language-bilingue = Bilingue

## Programme et organismes
event-sessions = { $count ->
    [0] Aucune activité publiée pour l'instant.
    [one] Une activité
   *[other] { $count } activités
}
event-organiser = Organisé par
event-no-track = Autres activités
org-upcoming = Prochaines activités
org-programmes = Programmes
org-venues = Lieux
org-contact = Nous joindre
org-none = Aucune activité à venir pour l'instant.

## Calendrier
calendar-title = Calendrier des activités
calendar-views = Affichage du calendrier
calendar-month = Mois
calendar-week = Semaine
calendar-list = Liste
calendar-previous = Précédent
calendar-next = Suivant
# Said in full: « Précédent » alone does not say a month or a week.
calendar-previous-month = Mois précédent
calendar-next-month = Mois suivant
calendar-previous-week = Semaine précédente
calendar-next-week = Semaine suivante

## Programme imprimé
print-title = Programme
print-help = Cette page est faite pour être imprimée en gros caractères : utilisez la commande Imprimer de votre navigateur (Ctrl+P). Chaque activité tient sur une seule page.
print-back-to-calendar = Voir ce mois dans le calendrier
print-how-to-register = Pour vous inscrire ou en savoir plus : tapez l'adresse écrite sous l'activité dans votre navigateur, ou visez le code QR avec l'appareil photo de votre téléphone. Tout le programme : { $site }
print-short-address = Adresse web :
print-link = Programme du mois à imprimer (gros caractères)
print-cancelled = Annulée

## Erreurs
error-title = Un problème est survenu
error-back-home = Retour au calendrier
error-not-found = Nous n'avons pas trouvé cette page. Le lien est peut-être incomplet ou l'activité a été retirée.
error-forbidden = Vous n'avez pas accès à cette page ou à cette action.
error-unauthorized = Vous devez vous identifier pour faire cela.
error-invalid = Certains renseignements sont à corriger.
error-too-many-requests = Trop de tentatives en peu de temps. Attendez une minute, puis réessayez.
error-unavailable = Le service est momentanément indisponible. Réessayez dans quelques minutes.
error-internal = Une erreur imprévue est survenue de notre côté. Rien n'a été modifié; réessayez plus tard.
error-conflict = Cette opération entre en conflit avec des données existantes.
error-bad-filter = Le filtre « { $field } » n'accepte pas la valeur « { $value } ».
error-bad-range = La date de fin ({ $to }) précède la date de début ({ $from }).
error-date-out-of-range = La date « { $value } » du filtre « { $field } » est hors de la période couverte (du { $first } au { $last }).
error-range-too-long = La période demandée dépasse { $days } jours : choisissez des dates plus rapprochées.
error-nul-character = L'adresse contient un caractère nul (%00), que personne ne tape : vérifiez le lien.
error-unknown-filter-value = Aucun élément « { $value } » pour le filtre « { $field } ».
error-unknown-organisation = Aucune organisation ne porte ce numéro.
error-malformed = La requête est mal formée : { $detail }
error-method = Cette adresse n'accepte pas cette méthode.
error-too-large = La requête est trop volumineuse.
error-media-type = Le format envoyé n'est pas accepté (attendu : JSON ou formulaire).
error-title-not-found = Page introuvable
calendar-none-in-period = Aucune activité pendant cette période.
print-details-at = Détails et inscription : { $url }

## Widget
embed-title = Activités à venir
embed-none = Aucune activité à venir pour l'instant.
embed-more = { $count ->
    [one] Voir l'activité dans le calendrier
   *[other] Voir les { $count } activités dans le calendrier
}
embed-calendar = Voir le calendrier régional
