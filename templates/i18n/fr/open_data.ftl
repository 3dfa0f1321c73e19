# Données ouvertes (issue 17) : la page /open-data, les colonnes des fichiers et la
# description DCAT. Les noms de colonnes restent en anglais (comme ceux de l'API).

opendata-title = Données ouvertes
opendata-intro = Le programme des activités publiques de la région (ateliers, conférences, journées numériques) est publié en données ouvertes : tout le monde peut le télécharger, le réutiliser et le republier, par exemple sur le portail Données Québec, sur le site d'une municipalité ou dans une application.

opendata-files-title = Les fichiers
opendata-file-csv = Activités, en CSV (tableur)
opendata-file-csv-hint = encodé en UTF-8 avec BOM, une virgule entre les cases (c'est d'abord un fichier pour les programmes ; un tableur demande le séparateur à l'ouverture), une ligne d'en-tête, les guillemets selon la RFC 4180.
opendata-file-json = Activités, en JSON
opendata-file-json-hint = les mêmes lignes ; les listes en tableaux, les nombres en nombres, null pour une case vide.
opendata-file-dcat = Description du jeu de données, en DCAT-AP (JSON-LD)
opendata-file-dcat-hint = pour les portails qui moissonnent les catalogues de données, comme Données Québec.
opendata-api = Pour chercher et filtrer en direct, places restantes comprises :
opendata-api-link = l'API JSON et sa description OpenAPI

opendata-holds-title = Ce que les fichiers contiennent
opendata-holds = Chaque activité publique, prévue ou annulée, qui a commencé il y a moins de { $years } ans, et toutes les activités à venir : titre, programme, organisme, type, dates et heures, lieu, thèmes, publics, prix, nombre de places et langue.

opendata-never-title = Ce qu'ils ne contiennent jamais
opendata-never = Aucune donnée personnelle : ni le nom, ni le courriel, ni le téléphone des participantes et des participants, des personnes formatrices ou du personnel, et aucune inscription. Les brouillons et les activités pas encore annoncées au public n'y sont pas non plus.

opendata-licence-title = Licence
opendata-licence = Les fichiers sont publiés par { $publisher } sous la licence
opendata-attribution = En les réutilisant, mentionnez la source : « { $publisher }, calendrier Babillard ».
opendata-contact = Une question sur ces données ? Écrivez à

opendata-updates-title = Mise à jour
opendata-updates = En continu : les fichiers sont produits à partir de la base de données du calendrier et gardés en mémoire quelques minutes au plus. Une activité ajoutée, modifiée ou annulée y paraît aussitôt ; la colonne updated_at dit quand chacune a changé pour la dernière fois.

opendata-columns-title = Les colonnes
opendata-columns-intro = Dans l'ordre du fichier CSV ; le JSON a les mêmes clés. Une case qui contient plusieurs valeurs les sépare par « { $separator } ».
opendata-col-id = Numéro de l'activité (ne change pas).
opendata-col-url = Adresse de la page de l'activité (détails et inscription).
opendata-col-title = Titre.
opendata-col-event = Programme dont l'activité fait partie.
opendata-col-organisation = Organisme qui l'offre.
opendata-col-kind = Type d'activité (atelier pratique, conférence…).
opendata-col-starts_at = Début, à l'heure du Québec avec son décalage (ISO 8601, par exemple 2026-03-14T13:30:00-04:00).
opendata-col-ends_at = Fin, de la même façon.
opendata-col-status = scheduled (prévue), rescheduled (déplacée à une autre heure ou à une autre date) ou cancelled (annulée).
opendata-col-previous_starts_at = Pour une activité déplacée : le début annoncé avant son dernier déplacement.
opendata-col-format = in_person (sur place), online (en ligne) ou hybrid (les deux).
opendata-col-municipality = Municipalité.
opendata-col-mrc = MRC.
opendata-col-venue = Nom du lieu, ou le lieu tel que le calendrier d'un partenaire l'a écrit ; vide en ligne.
opendata-col-address = Adresse du lieu.
opendata-col-postal_code = Code postal du lieu.
opendata-col-latitude = Latitude du lieu, en degrés, quand elle est connue.
opendata-col-longitude = Longitude du lieu, en degrés, quand elle est connue.
opendata-col-topics = Thèmes.
opendata-col-audiences = Publics visés.
opendata-col-registration_required = true : inscription requise ; false : entrée libre.
opendata-col-price_cad = Prix d'une place, en dollars canadiens (0 : gratuit).
opendata-col-seats = Places offertes ; vide : sans limite ou sans inscription.
opendata-col-language = Langue de l'activité : fr, en ou bilingue.
opendata-col-updated_at = Dernière modification de l'activité.
opendata-formula = Dans le CSV, une case de texte qui commencerait par =, +, - ou @ commence par une apostrophe, pour qu'un tableur ne l'exécute pas comme une formule ; le JSON garde le texte exact.
opendata-seats-left = Les places restantes n'y sont pas : elles changent à chaque inscription. L'API les donne en direct.

## Description DCAT
opendata-dataset-title = Activités publiques de littératie numérique
opendata-dataset-description = Le calendrier régional des activités publiques de littératie numérique (ateliers pratiques, conférences, journées numériques) offertes par les bibliothèques, les MRC et les organismes : dates, lieux, thèmes, publics, prix et places. Sans aucune donnée personnelle.
opendata-keywords = littératie numérique, inclusion numérique, ateliers, formation, bibliothèques, aînés, journées numériques, calendrier
opendata-csv-title = Activités publiques (CSV)
opendata-json-title = Activités publiques (JSON)
