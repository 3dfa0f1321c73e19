## Modération, calendriers partenaires (enjeu 12) — back-office

moderation-nav = { $count ->
    [0] Modération
   *[other] Modération ({ $count })
}
moderation-title = Activités à modérer
moderation-intro = { $count ->
    [one] Une activité attend votre décision, la plus proche en premier.
   *[other] { $count } activités attendent votre décision, les plus proches en premier.
}
moderation-empty = Rien n'attend votre décision. Les nouvelles activités des calendriers partenaires apparaîtront ici.
moderation-done-approved = { $count ->
    [0] Aucune activité approuvée.
    [one] 1 activité approuvée : elle est publiée.
   *[other] { $count } activités approuvées : elles sont publiées.
}
moderation-done-rejected = { $count ->
    [0] Aucune activité refusée.
    [one] 1 activité refusée.
   *[other] { $count } activités refusées.
}
moderation-done-skipped = { $count ->
    [one] 1 activité avait déjà été traitée par quelqu'un d'autre : elle est restée telle quelle.
   *[other] { $count } activités avaient déjà été traitées par quelqu'un d'autre : elles sont restées telles quelles.
}
moderation-bulk-title = Plusieurs à la fois
moderation-bulk-hint = Cochez les activités plus bas, puis approuvez-les, ou refusez-les avec une seule raison.
moderation-bulk-approve = Approuver les activités cochées
moderation-bulk-reason = Raison du refus des activités cochées
moderation-bulk-reject = Refuser les activités cochées
moderation-pick = Cocher
moderation-kind-new = Nouvelle
moderation-kind-change = Modification
moderation-field-time = Quand
moderation-field-place = Où
moderation-field-title = Titre
moderation-organisation = Organisme
moderation-origin = Provenance
moderation-received = Reçue le
moderation-compare = Ce qui change
moderation-live-link = version publiée
moderation-what = Élément
moderation-old = Publié maintenant
moderation-new = Proposé
moderation-changed = (modifié)
moderation-approve = Approuver
moderation-reject = Refuser…
moderation-reason = Raison du refus
moderation-reject-confirm = Refuser cette activité
moderation-from-source = Calendrier « { $source } »
moderation-from-proposer = Proposée par { $name }
moderation-from-feed = Calendrier partenaire
moderation-error-nothing-chosen = Cochez au moins une activité.
moderation-error-no-account = Aucun compte n'a cette adresse. Ajoutez d'abord la personne comme membre d'un organisme, ou créez son compte.
moderation-moderators = Modération par MRC
moderation-moderators-hint = Ces personnes approuvent ou refusent les activités des organismes de leur MRC qui ne sont pas fiables.
moderation-no-moderators = Aucune personne nommée pour le moment : l'administration régionale modère tout.
moderation-moderator-email = Courriel du compte
moderation-add-moderator = Nommer à la modération
moderation-trusted-title = Organismes fiables
moderation-trusted-hint = Les activités d'un organisme fiable (ses calendriers comme ses propositions) sont publiées sans passer par la modération.
moderation-trusted = fiable
moderation-trust = Marquer fiable
moderation-untrust = Retirer la confiance
moderation-origins-title = Provenance
moderation-origins-hint = Cette activité vient de ces calendriers partenaires. Si deux activités différentes ont été réunies par erreur, séparez-les : elles resteront séparées aux prochaines lectures.
moderation-split = Séparer
moderation-origin-own = calendrier d'origine
moderation-public-source = Source
admin-done-moderator-added = Personne nommée à la modération.
admin-done-moderator-removed = Personne retirée de la modération.
admin-done-source-created = Calendrier ajouté. Il sera lu dans quelques minutes, ou tout de suite avec « Importer maintenant ».
admin-done-split-published = Activités séparées : l'autre est publiée à part.
admin-done-split-queued = Activités séparées : l'autre attend la modération.
admin-audit-do-approve = Activité approuvée
admin-audit-do-reject = Activité refusée
admin-audit-do-split = Activités séparées
admin-audit-do-add-moderator = Nomination à la modération
admin-audit-do-remove-moderator = Retrait de la modération
admin-audit-do-trust = Organisme marqué fiable
admin-audit-do-distrust = Confiance retirée
admin-audit-on-submission = activité à modérer
admin-audit-on-mrc = MRC
admin-audit-on-calendar-source = calendrier partenaire

sources-nav = Calendriers partenaires
sources-title = Calendriers partenaires
sources-intro = Les activités des calendriers de vos partenaires (Google, Outlook, WordPress, site municipal) entrent ici sans qu'on les retape. Celles d'un calendrier qui n'est pas fiable attendent la modération.
sources-none = Aucun calendrier partenaire pour le moment.
sources-back = Tous les calendriers partenaires
sources-new-title = Ajouter un calendrier
sources-settings = Réglages
sources-name = Nom du calendrier
sources-name-hint = Par exemple : Agenda de la bibliothèque de Lachute.
sources-organisation = Organisme
sources-where-from = D'où viennent les activités
sources-url = Adresse du calendrier
sources-url-hint = Elle commence par https:// ou webcal:// (dans Google Agenda : « Adresse secrète au format iCal »). Laissez vide pour téléverser un fichier.
sources-file = Ou un fichier .ics
sources-file-again = Nouvelle version du fichier .ics
sources-file-hint = { $mb } Mo au plus. Il est lu tout de suite.
sources-uploaded = fichier téléversé
sources-defaults = Ce que l'on sait de ses activités
sources-defaults-hint = Ces choix s'appliquent à chaque activité de ce calendrier.
sources-rules = Mots clés
sources-rules-hint = Un mot trouvé dans le titre ou la description ajoute un thème ou un public. Par exemple : « tablette » → Tablettes et téléphones.
sources-rule-keyword = Mot clé { $n }
sources-rule-target = Thème ou public du mot clé { $n }
sources-refresh = Lire le calendrier
sources-refresh-60 = toutes les heures
sources-refresh-360 = toutes les 6 heures
sources-refresh-720 = toutes les 12 heures
sources-refresh-1440 = une fois par jour
sources-takes-registrations = Les gens s'inscrivent dans Babillard (sinon : à titre d'information, inscription chez le partenaire)
sources-trusted = Calendrier fiable : ses activités sont publiées sans modération
sources-is-trusted = Ce calendrier est fiable : ses activités sont publiées sans modération.
sources-create = Ajouter ce calendrier
sources-import-now = Importer maintenant
sources-fetched = Dernière lecture
sources-never = jamais
sources-next-fetch = Prochaine lecture
sources-last-error = Dernière erreur
sources-moderation = Modération
sources-trusted-yes = aucune (calendrier fiable)
sources-trusted-no = chaque nouvelle activité est vérifiée
sources-registrations = Inscriptions
sources-registrations-here = dans Babillard
sources-registrations-there = chez le partenaire
sources-summary-title = Résultat de la lecture
sources-summary-failed = Le calendrier n'a pas pu être lu. Voici la raison donnée :
sources-summary-not-modified = Le calendrier n'a pas changé depuis la dernière lecture.
sources-summary-refused-why = Événements laissés de côté
sources-summary-new = Nouvelles activités publiées
sources-summary-updated = Activités mises à jour
sources-summary-cancelled = Activités annulées
sources-summary-queued = En attente de modération
sources-summary-merged = Déjà au calendrier (doublons réunis)
sources-summary-unchanged = Inchangées
sources-summary-past = Déjà passées
sources-summary-refused = Refusées
sources-error-url-or-file = Inscrivez l'adresse du calendrier ou choisissez un fichier .ics (l'un ou l'autre).
sources-error-file = Choisissez le fichier .ics à lire.
