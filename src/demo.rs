//! `babillard demo`: a believable region to try Babillard with, drawn from the source
//! documents (seeds-digest.md): the MRC d'Argenteuil (Laurentides) and its *Journées
//! numériques*, the MRC des Sources (Estrie) and its *brigade volante TIC*, libraries with
//! weekly workshops for seniors, a 0–5 session, a travelling trainer. Dates are placed
//! relative to today so the programme is always upcoming. Running it again adds nothing:
//! every row is found by its slug (or its `demo:` external uid) before it is created.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::models::NewSession;
use crate::db::schema::*;
use crate::db::{Db, DbConnection, now, write_tx};
use crate::domain::time;
use crate::domain::token::random_token;
use crate::store::catalogue::ensure_default_terms;

#[derive(Debug, Default)]
pub struct Report {
    pub created_sessions: usize,
    pub existing_sessions: usize,
    pub created_registrations: usize,
    pub journees_slug: String,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Démo chargée : {} séance(s) créée(s), {} déjà présente(s), {} inscription(s) de démonstration.",
            self.created_sessions, self.existing_sessions, self.created_registrations,
        )
    }
}

const REGIONS: &[(&str, &str)] = &[("laurentides", "Laurentides"), ("estrie", "Estrie")];

const MRCS: &[(&str, &str, &str)] = &[
    ("laurentides", "argenteuil", "MRC d'Argenteuil"),
    ("estrie", "les-sources", "MRC des Sources"),
];

const MUNICIPALITIES: &[(&str, &str)] = &[
    ("argenteuil", "Lachute"),
    ("argenteuil", "Brownsburg-Chatham"),
    ("argenteuil", "Saint-André-d'Argenteuil"),
    ("argenteuil", "Grenville-sur-la-Rouge"),
    ("argenteuil", "Wentworth-Nord"),
    ("argenteuil", "Mille-Isles"),
    ("argenteuil", "Gore"),
    ("argenteuil", "Harrington"),
    ("les-sources", "Val-des-Sources"),
    ("les-sources", "Danville"),
    ("les-sources", "Wotton"),
    ("les-sources", "Saint-Camille"),
    ("les-sources", "Ham-Sud"),
    ("les-sources", "Saint-Adrien"),
    ("les-sources", "Saint-Georges-de-Windsor"),
];

struct Org {
    slug: &'static str,
    name: &'static str,
    kind: &'static str,
    town: &'static str,
    description: &'static str,
    email: &'static str,
    phone: &'static str,
}

const ORGS: &[Org] = &[
    Org {
        slug: "mrc-argenteuil",
        name: "MRC d'Argenteuil",
        kind: "mrc",
        town: "Lachute",
        description: "La MRC organise les Journées numériques d'Argenteuil, projet phare de sa stratégie numérique : conférences, ateliers « mains sur les touches », salon des exposants et volet étudiant.",
        email: "numerique@argenteuil.example.org",
        phone: "450 555-0101",
    },
    Org {
        slug: "bibliotheque-jean-marc-belzile",
        name: "Bibliothèque Jean-Marc-Belzile",
        kind: "library",
        town: "Lachute",
        description: "Pôle numérique citoyen de Lachute : ateliers pour aînés, jeunes et tout-petits, prêt d'équipements et aide individuelle.",
        email: "biblio@lachute.example.org",
        phone: "450 555-0120",
    },
    Org {
        slug: "bibliotheque-brownsburg-chatham",
        name: "Bibliothèque de Brownsburg-Chatham",
        kind: "library",
        town: "Brownsburg-Chatham",
        description: "Bibliothèque municipale : ateliers numériques du mercredi et club de lecture.",
        email: "biblio@brownsburgchatham.example.org",
        phone: "450 555-0130",
    },
    Org {
        slug: "bibliotheque-saint-andre",
        name: "Bibliothèque de Saint-André-d'Argenteuil",
        kind: "library",
        town: "Saint-André-d'Argenteuil",
        description: "Petite bibliothèque de village, ateliers en après-midi avec la formatrice volante de la MRC.",
        email: "biblio@standre.example.org",
        phone: "450 555-0140",
    },
    Org {
        slug: "ccia",
        name: "Chambre de commerce et d'industrie d'Argenteuil (CCIA)",
        kind: "business",
        town: "Lachute",
        description: "Accompagne les entreprises d'Argenteuil dans leur virage numérique.",
        email: "info@ccia.example.org",
        phone: "450 555-0150",
    },
    Org {
        slug: "cje-argenteuil",
        name: "Carrefour jeunesse-emploi d'Argenteuil",
        kind: "community",
        town: "Lachute",
        description: "Emploi, études et projets pour les 16-35 ans; partenaire du volet étudiant.",
        email: "info@cje-argenteuil.example.org",
        phone: "450 555-0160",
    },
    Org {
        slug: "mrc-des-sources",
        name: "MRC des Sources",
        kind: "mrc",
        town: "Val-des-Sources",
        description: "Porte le plan numérique territorial des Sources et la brigade volante TIC qui se déplace dans les sept municipalités.",
        email: "numerique@mrcdessources.example.org",
        phone: "819 555-0201",
    },
    Org {
        slug: "bibliotheque-val-des-sources",
        name: "Bibliothèque municipale de Val-des-Sources",
        kind: "library",
        town: "Val-des-Sources",
        description: "Café numérique des aînés, heure du conte numérique et postes informatiques publics.",
        email: "biblio@valdessources.example.org",
        phone: "819 555-0210",
    },
    Org {
        slug: "bibliotheque-danville",
        name: "Bibliothèque de Danville",
        kind: "library",
        town: "Danville",
        description: "Ateliers de la brigade volante TIC un mardi sur deux.",
        email: "biblio@danville.example.org",
        phone: "819 555-0220",
    },
    Org {
        slug: "cab-des-sources",
        name: "Centre d'action bénévole des Sources",
        kind: "community",
        town: "Val-des-Sources",
        description: "Aide individuelle pour les personnes aînées : accompagnement au téléphone ou à domicile pour s'inscrire et se servir des services en ligne.",
        email: "info@cabdessources.example.org",
        phone: "819 555-0230",
    },
];

struct VenueSpec {
    slug: &'static str,
    org: &'static str,
    town: &'static str,
    name: &'static str,
    address: &'static str,
    postal_code: &'static str,
    room: Option<&'static str>,
    capacity: i32,
    step_free: bool,
    notes: &'static str,
    wifi: bool,
    computers: i32,
    directions: &'static str,
}

const VENUES: &[VenueSpec] = &[
    VenueSpec {
        slug: "polyvalente-lavigne",
        org: "mrc-argenteuil",
        town: "Lachute",
        name: "Polyvalente Lavigne",
        address: "452, avenue d'Argenteuil",
        postal_code: "J8H 1W9",
        room: Some("Auditorium et laboratoires informatiques"),
        capacity: 250,
        step_free: true,
        notes: "Entrée principale de plain-pied, ascenseur vers les laboratoires, toilettes adaptées.",
        wifi: true,
        computers: 60,
        directions: "Stationnement gratuit derrière l'école. Autobus local : arrêt Lavigne.",
    },
    VenueSpec {
        slug: "bibliotheque-jean-marc-belzile",
        org: "bibliotheque-jean-marc-belzile",
        town: "Lachute",
        name: "Bibliothèque Jean-Marc-Belzile",
        address: "378, rue Principale",
        postal_code: "J8H 1Y2",
        room: Some("Salle multimédia (rez-de-chaussée)"),
        capacity: 16,
        step_free: true,
        notes: "Porte automatique, salle au rez-de-chaussée. Boucle magnétique sur demande.",
        wifi: true,
        computers: 10,
        directions: "Stationnement municipal en face de la bibliothèque.",
    },
    VenueSpec {
        slug: "bibliotheque-brownsburg-chatham",
        org: "bibliotheque-brownsburg-chatham",
        town: "Brownsburg-Chatham",
        name: "Bibliothèque de Brownsburg-Chatham",
        address: "270, route du Canton",
        postal_code: "J8G 1R1",
        room: None,
        capacity: 12,
        step_free: false,
        notes: "Trois marches à l'entrée; une rampe amovible est installée sur demande (appelez la veille).",
        wifi: true,
        computers: 4,
        directions: "Apportez votre appareil si possible : quatre ordinateurs seulement.",
    },
    VenueSpec {
        slug: "bibliotheque-saint-andre",
        org: "bibliotheque-saint-andre",
        town: "Saint-André-d'Argenteuil",
        name: "Bibliothèque de Saint-André-d'Argenteuil",
        address: "10, rue de la Mairie",
        postal_code: "J0V 1X0",
        room: Some("Salle du conseil"),
        capacity: 10,
        step_free: true,
        notes: "Accès de plain-pied par la porte de côté.",
        wifi: true,
        computers: 0,
        directions: "Apportez votre tablette ou votre téléphone chargé.",
    },
    VenueSpec {
        slug: "bibliotheque-val-des-sources",
        org: "bibliotheque-val-des-sources",
        town: "Val-des-Sources",
        name: "Bibliothèque municipale de Val-des-Sources",
        address: "185, rue Chassé",
        postal_code: "J1T 2B4",
        room: Some("Espace numérique"),
        capacity: 12,
        step_free: true,
        notes: "Ascenseur, toilettes adaptées, fauteuils avec accoudoirs.",
        wifi: true,
        computers: 8,
        directions: "Stationnement à l'arrière, entrée par la rue Chassé.",
    },
    VenueSpec {
        slug: "bibliotheque-danville",
        org: "bibliotheque-danville",
        town: "Danville",
        name: "Bibliothèque de Danville",
        address: "150, rue Water",
        postal_code: "J0A 1A0",
        room: None,
        capacity: 10,
        step_free: false,
        notes: "Salle à l'étage, sans ascenseur.",
        wifi: true,
        computers: 3,
        directions: "Stationnement dans la rue.",
    },
    VenueSpec {
        slug: "salle-communautaire-wotton",
        org: "mrc-des-sources",
        town: "Wotton",
        name: "Salle communautaire de Wotton",
        address: "395, rue Saint-Jean",
        postal_code: "J0A 1N0",
        room: None,
        capacity: 20,
        step_free: true,
        notes: "Salle de plain-pied.",
        wifi: false,
        computers: 0,
        directions: "Pas de Wi-Fi sur place : la brigade apporte un point d'accès.",
    },
    VenueSpec {
        slug: "eglise-saint-camille",
        org: "mrc-des-sources",
        town: "Saint-Camille",
        name: "Ancienne église de Saint-Camille (salle de vidéoconférence)",
        address: "162, rue Miquelon",
        postal_code: "J0A 1G0",
        room: Some("Sous-sol aménagé"),
        capacity: 15,
        step_free: false,
        notes: "Escalier de 12 marches, main courante des deux côtés.",
        wifi: true,
        computers: 2,
        directions: "Entrée par la porte latérale, côté stationnement.",
    },
];

struct TrainerSpec {
    slug: &'static str,
    name: &'static str,
    town: &'static str,
    bio: &'static str,
    orgs: &'static [&'static str],
}

const TRAINERS: &[TrainerSpec] = &[
    TrainerSpec {
        slug: "isabelle-tremblay",
        name: "Isabelle Tremblay",
        town: "Lachute",
        bio: "Formatrice volante de la MRC d'Argenteuil : elle se déplace d'une bibliothèque à l'autre avec des tablettes de prêt.",
        orgs: &[
            "mrc-argenteuil",
            "bibliotheque-jean-marc-belzile",
            "bibliotheque-brownsburg-chatham",
            "bibliotheque-saint-andre",
        ],
    },
    TrainerSpec {
        slug: "marc-andre-gagnon",
        name: "Marc-André Gagnon",
        town: "Lachute",
        bio: "Conseiller en cybersécurité pour les PME et les organismes.",
        orgs: &["mrc-argenteuil", "ccia"],
    },
    TrainerSpec {
        slug: "jean-francois-roy",
        name: "Jean-François Roy",
        town: "Brownsburg-Chatham",
        bio: "Accompagne les commerçants d'Argenteuil vers la vente en ligne.",
        orgs: &["ccia", "mrc-argenteuil"],
    },
    TrainerSpec {
        slug: "amelie-bergeron",
        name: "Amélie Bergeron",
        town: "Val-des-Sources",
        bio: "Animatrice jeunesse : éveil au numérique pour les 0–5 ans et leurs parents.",
        orgs: &["bibliotheque-val-des-sources", "mrc-argenteuil"],
    },
    TrainerSpec {
        slug: "sophie-lavoie",
        name: "Sophie Lavoie",
        town: "Danville",
        bio: "Ressource permanente de la brigade volante TIC des Sources.",
        orgs: &[
            "mrc-des-sources",
            "bibliotheque-val-des-sources",
            "bibliotheque-danville",
            "cab-des-sources",
        ],
    },
];

/// A session of the demo, in Québec wall-clock time.
struct Spec {
    key: String,
    event: String,
    org: &'static str,
    track: Option<&'static str>,
    kind: &'static str,
    title: String,
    description: &'static str,
    day: NaiveDate,
    start: (u32, u32),
    end: (u32, u32),
    venue: Option<&'static str>,
    format: &'static str,
    online_url: Option<&'static str>,
    capacity: Option<i32>,
    waitlist_limit: Option<i32>,
    max_seats: i32,
    price_cents: i32,
    registration_required: bool,
    audiences: &'static [&'static str],
    topics: &'static [&'static str],
    trainers: &'static [&'static str],
    level: &'static str,
    what_to_bring: &'static str,
    /// Confirmed seats and waitlisted people to create, to show a lively board.
    fill: (i32, i32),
}

fn spec(key: &str, event: &str, org: &'static str, title: &str, day: NaiveDate) -> Spec {
    Spec {
        key: key.to_owned(),
        event: event.to_owned(),
        org,
        track: None,
        kind: "atelier-pratique",
        title: title.to_owned(),
        description: "",
        day,
        start: (13, 30),
        end: (15, 0),
        venue: None,
        format: "in_person",
        online_url: None,
        capacity: Some(12),
        waitlist_limit: None,
        max_seats: 2,
        price_cents: 0,
        registration_required: true,
        audiences: &["grand-public"],
        topics: &[],
        trainers: &[],
        level: "tous",
        what_to_bring: "",
        fill: (0, 0),
    }
}

/// The first `weekday` on or after `from`.
fn next_weekday(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let mut d = from;
    while d.weekday() != weekday {
        d = d.succ_opt().expect("date in range");
    }
    d
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).expect("date in range")
}

struct EventSpec {
    slug: String,
    org: &'static str,
    title: String,
    summary: &'static str,
    description: &'static str,
    days: Vec<(NaiveDate, &'static str)>,
    tracks: &'static [(&'static str, &'static str)],
}

// One push per session reads like the printed programme it mirrors.
#[allow(clippy::vec_init_then_push)]
fn programme(today: NaiveDate) -> (Vec<EventSpec>, Vec<Spec>) {
    let jn_day1 = next_weekday(plus_days(today, 45), Weekday::Fri);
    let jn_day2 = plus_days(jn_day1, 1);
    let jn_slug = format!("journees-numeriques-argenteuil-{}", jn_day1.year());
    let jn = jn_slug.as_str();
    let events = vec![
        EventSpec {
            slug: jn_slug.clone(),
            org: "mrc-argenteuil",
            title: format!("Journées numériques d'Argenteuil {}", jn_day1.year()),
            summary: "Deux jours pour découvrir, essayer et apprivoiser le numérique : grandes conférences, ateliers « mains sur les touches », salon des exposants, speed dating et volet étudiant.",
            description: "Les Journées numériques sont le projet phare de la stratégie numérique d'Argenteuil. Le vendredi s'adresse surtout aux entreprises, aux organismes et aux étudiants; le samedi au grand public et aux aînés. Toutes les activités sont gratuites sauf mention contraire. Après l'événement, un accompagnement personnalisé est offert à qui le souhaite.",
            days: vec![
                (jn_day1, "Entreprises, organismes et étudiants"),
                (jn_day2, "Grand public et aînés"),
            ],
            tracks: &[
                ("conferences", "Grandes conférences"),
                ("ateliers", "Ateliers « mains sur les touches »"),
                ("salon", "Salon des exposants et rencontres"),
                ("etudiants", "Volet étudiant"),
            ],
        },
        EventSpec {
            slug: "ateliers-aines-lachute".into(),
            org: "bibliotheque-jean-marc-belzile",
            title: "Ateliers numériques pour aînés — Lachute".into(),
            summary: "Chaque mardi après-midi, un atelier d'une heure et demie, à votre rythme, en petit groupe.",
            description: "Des ateliers pour les personnes aînées qui veulent se sentir à l'aise avec l'ordinateur, la tablette et le téléphone. Des tablettes sont prêtées sur place. Venez avec vos questions!",
            days: vec![],
            tracks: &[],
        },
        EventSpec {
            slug: "formatrice-volante-argenteuil".into(),
            org: "mrc-argenteuil",
            title: "La formatrice volante dans vos bibliothèques".into(),
            summary: "Isabelle Tremblay se déplace à Brownsburg-Chatham et à Saint-André-d'Argenteuil avec des tablettes de prêt.",
            description: "Ateliers courts et ciblés, de type « juste à temps », dans les petites bibliothèques d'Argenteuil.",
            days: vec![],
            tracks: &[],
        },
        EventSpec {
            slug: "cafe-numerique-val-des-sources".into(),
            org: "bibliotheque-val-des-sources",
            title: "Café numérique des aînés — Val-des-Sources".into(),
            summary: "Un café, vos appareils et une animatrice patiente, le jeudi matin.",
            description: "Rencontres conviviales pour poser ses questions sur la tablette, le téléphone et Internet.",
            days: vec![],
            tracks: &[],
        },
        EventSpec {
            slug: "brigade-volante-tic-des-sources".into(),
            org: "mrc-des-sources",
            title: "Brigade volante TIC des Sources — ateliers itinérants".into(),
            summary: "La brigade se déplace à Danville, Wotton et Saint-Camille, un mardi sur deux.",
            description: "Ateliers courts d'initiation et de sensibilisation dans les municipalités rurales de la MRC des Sources, et formations en ligne « juste à temps ».",
            days: vec![],
            tracks: &[],
        },
        EventSpec {
            slug: "eveil-numerique-0-5-ans".into(),
            org: "bibliotheque-val-des-sources",
            title: "Éveil numérique 0–5 ans".into(),
            summary: "Histoires, comptines et jeux sur tablette, avec un parent.",
            description: "Des activités de familiarisation pour les tout-petits et leurs parents, avec des applications choisies par l'équipe de la bibliothèque.",
            days: vec![],
            tracks: &[],
        },
    ];

    // Journées numériques, day 1.
    let mut s = Vec::new();
    s.push(Spec {
        track: Some("conferences"),
        kind: "conference",
        description: "Des entrepreneurs et des organismes d'Argenteuil racontent ce que le numérique a changé pour eux, et ce qu'il leur a coûté. Ouverture officielle par le préfet.",
        start: (8, 30),
        end: (9, 45),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(220),
        max_seats: 4,
        audiences: &["entreprises", "organismes", "grand-public"],
        topics: &["commerce-electronique", "reseaux-sociaux"],
        fill: (131, 0),
        ..spec("jn-ouverture", jn, "mrc-argenteuil", "Grande conférence d'ouverture : le numérique, moteur de nos communautés", jn_day1)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Facebook, Instagram, LinkedIn : choisir où être présent, planifier ses publications et répondre aux clients, sur un ordinateur du laboratoire.",
        start: (10, 0),
        end: (11, 30),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(16),
        waitlist_limit: Some(10),
        max_seats: 1,
        audiences: &["entreprises", "organismes"],
        topics: &["reseaux-sociaux"],
        trainers: &["jean-francois-roy"],
        level: "debutant",
        fill: (14, 0),
        ..spec("jn-reseaux-sociaux-pme", jn, "ccia", "Réseaux sociaux pour les PME et les organismes", jn_day1)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Ouvrir une boutique en ligne, accepter les paiements, gérer les livraisons : les premiers pas, avec des exemples de commerces d'ici. Formation payante offerte par la CCIA (40 $, payable sur place).",
        start: (10, 0),
        end: (12, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(16),
        max_seats: 1,
        price_cents: 4000,
        audiences: &["entreprises"],
        topics: &["commerce-electronique"],
        trainers: &["jean-francois-roy"],
        level: "intermediaire",
        fill: (6, 0),
        ..spec("jn-commerce-electronique", jn, "ccia", "Vendre en ligne : premiers pas du commerce électronique", jn_day1)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Mots de passe, double authentification, sauvegardes, hameçonnage : les gestes qui protègent une petite entreprise, exercices à l'appui.",
        start: (13, 0),
        end: (14, 30),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(16),
        waitlist_limit: Some(12),
        max_seats: 1,
        audiences: &["entreprises", "organismes"],
        topics: &["cybersecurite", "protection-donnees"],
        trainers: &["marc-andre-gagnon"],
        fill: (16, 5),
        ..spec("jn-cyber-pme", jn, "mrc-argenteuil", "Cybersécurité pour les petites entreprises", jn_day1)
    });
    s.push(Spec {
        track: Some("salon"),
        kind: "salon-des-exposants",
        description: "Les ressources de soutien locales vous accueillent : CCIA, CJE, bibliothèques, Fab Lab, fournisseurs Internet de la région.",
        start: (12, 0),
        end: (16, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: None,
        registration_required: false,
        audiences: &["grand-public", "entreprises", "organismes"],
        ..spec("jn-salon-1", jn, "mrc-argenteuil", "Salon des exposants", jn_day1)
    });
    s.push(Spec {
        track: Some("salon"),
        kind: "speed-dating-numerique",
        description: "Sept minutes avec chaque ressource d'accompagnement : expliquez votre projet, repartez avec un contact.",
        start: (14, 45),
        end: (16, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(30),
        max_seats: 1,
        audiences: &["entreprises", "organismes"],
        topics: &["commerce-electronique"],
        fill: (19, 0),
        ..spec("jn-speed-dating", jn, "ccia", "Speed dating numérique : rencontrez les ressources d'accompagnement", jn_day1)
    });
    s.push(Spec {
        track: Some("etudiants"),
        description: "Ce que les employeurs trouvent sur toi en ligne, et comment reprendre le contrôle de ton identité numérique.",
        start: (9, 30),
        end: (11, 30),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(30),
        max_seats: 1,
        audiences: &["etudiants", "jeunes"],
        topics: &["protection-donnees", "reseaux-sociaux"],
        trainers: &["marc-andre-gagnon"],
        fill: (22, 0),
        ..spec("jn-identite-numerique", jn, "cje-argenteuil", "Volet étudiant : ton identité numérique", jn_day1)
    });
    // Journées numériques, day 2.
    s.push(Spec {
        track: Some("conferences"),
        kind: "conference",
        description: "Faux appels de la banque, messages texte frauduleux, arnaques amoureuses : comment les reconnaître et à qui en parler.",
        start: (9, 30),
        end: (10, 30),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(150),
        max_seats: 2,
        audiences: &["aines", "grand-public"],
        topics: &["cybersecurite"],
        trainers: &["marc-andre-gagnon"],
        fill: (88, 0),
        ..spec("jn-fraudes", jn, "mrc-argenteuil", "Conférence : se protéger des fraudes en ligne", jn_day2)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Allumer, naviguer, installer une application, agrandir le texte : une tablette vous est prêtée pour l'atelier.",
        start: (10, 45),
        end: (12, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(12),
        max_seats: 2,
        audiences: &["aines"],
        topics: &["tablette-telephone"],
        trainers: &["isabelle-tremblay"],
        level: "debutant",
        fill: (12, 7),
        ..spec("jn-tablette", jn, "mrc-argenteuil", "Apprivoiser sa tablette", jn_day2)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Appels vidéo avec la famille, photos, messages, agrandir les caractères : votre téléphone au quotidien.",
        start: (10, 45),
        end: (12, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(12),
        max_seats: 2,
        audiences: &["aines", "grand-public"],
        topics: &["tablette-telephone"],
        trainers: &["sophie-lavoie"],
        level: "debutant",
        what_to_bring: "Votre téléphone chargé et, si possible, vos mots de passe (Google ou Apple).",
        fill: (10, 0),
        ..spec("jn-telephone", jn, "mrc-argenteuil", "Mon téléphone intelligent au quotidien", jn_day2)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Qui a vos données? Paramètres de confidentialité, témoins (cookies), applications trop curieuses : faire le ménage ensemble.",
        start: (13, 30),
        end: (15, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(14),
        audiences: &["grand-public", "aines"],
        topics: &["protection-donnees", "internet-courriel"],
        trainers: &["marc-andre-gagnon"],
        fill: (9, 0),
        ..spec("jn-donnees", jn, "mrc-argenteuil", "Protéger ses données personnelles", jn_day2)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Se créer un compte clicSÉQUR, consulter son dossier de Retraite Québec et de l'Agence du revenu, prendre un rendez-vous médical en ligne.",
        start: (13, 30),
        end: (15, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(12),
        audiences: &["aines", "grand-public"],
        topics: &["services-gouvernementaux"],
        trainers: &["isabelle-tremblay"],
        what_to_bring: "Votre carte d'assurance maladie et votre numéro d'assurance sociale (vous les gardez pour vous).",
        fill: (11, 0),
        ..spec("jn-gouvernement", jn, "mrc-argenteuil", "Services gouvernementaux en ligne", jn_day2)
    });
    s.push(Spec {
        track: Some("ateliers"),
        description: "Comptines, histoires animées et jeux sur tablette pour les tout-petits, avec un parent ou un grand-parent.",
        start: (10, 0),
        end: (11, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(18),
        max_seats: 3,
        audiences: &["0-5-ans-et-parents"],
        topics: &["tablette-telephone"],
        trainers: &["amelie-bergeron"],
        fill: (12, 0),
        ..spec("jn-0-5", jn, "mrc-argenteuil", "Atelier famille : découvertes numériques 0–5 ans", jn_day2)
    });
    s.push(Spec {
        track: Some("salon"),
        kind: "salon-des-exposants",
        description: "Les exposants reviennent pour le grand public : essais d'appareils, fournisseurs Internet, bibliothèques et organismes d'aide.",
        start: (10, 0),
        end: (15, 0),
        venue: Some("polyvalente-lavigne"),
        capacity: None,
        registration_required: false,
        audiences: &["grand-public", "aines"],
        ..spec("jn-salon-2", jn, "mrc-argenteuil", "Salon des exposants — grand public", jn_day2)
    });
    s.push(Spec {
        track: Some("salon"),
        kind: "accompagnement-individuel",
        description: "Vingt minutes seul à seul avec une formatrice pour la question qui vous bloque. Prenez rendez-vous : une place par personne.",
        start: (15, 15),
        end: (16, 30),
        venue: Some("polyvalente-lavigne"),
        capacity: Some(6),
        waitlist_limit: Some(0),
        max_seats: 1,
        audiences: &["aines", "grand-public"],
        topics: &["bases-ordinateur", "tablette-telephone"],
        trainers: &["isabelle-tremblay"],
        fill: (6, 0),
        ..spec("jn-accompagnement", jn, "mrc-argenteuil", "Accompagnement personnalisé après le forum", jn_day2)
    });

    // Weekly workshops for seniors in Lachute, Tuesdays 13 h 30, eight weeks.
    const LACHUTE_TOPICS: &[(&str, &str, &[&str])] = &[
        (
            "Premiers pas à l'ordinateur",
            "La souris, le clavier, les fenêtres : partir du bon pied.",
            &["bases-ordinateur"],
        ),
        (
            "Le courriel sans stress",
            "Écrire, répondre, joindre une photo, reconnaître un courriel douteux.",
            &["internet-courriel"],
        ),
        (
            "Ma tablette, mode d'emploi",
            "Réglages utiles, applications, grossir le texte.",
            &["tablette-telephone"],
        ),
        (
            "Photos : prendre, classer, partager",
            "De votre téléphone à l'ordinateur, et à vos petits-enfants.",
            &["tablette-telephone"],
        ),
        (
            "Fraudes et arnaques : les reconnaître",
            "Exemples réels et réflexes à prendre.",
            &["cybersecurite"],
        ),
        (
            "Mon dossier santé et clicSÉQUR",
            "Les services gouvernementaux en ligne, pas à pas.",
            &["services-gouvernementaux"],
        ),
        (
            "Appels vidéo avec la famille",
            "FaceTime, WhatsApp, Messenger : voir ses proches.",
            &["tablette-telephone", "reseaux-sociaux"],
        ),
        (
            "Acheter en ligne en sécurité",
            "Reconnaître un site fiable, payer sans risque.",
            &["commerce-electronique", "cybersecurite"],
        ),
    ];
    let first_tuesday = next_weekday(plus_days(today, 2), Weekday::Tue);
    for (i, (title, desc, topics)) in LACHUTE_TOPICS.iter().enumerate() {
        let fill = match i {
            0 => (10, 3),
            1 => (8, 0),
            2 => (10, 1),
            _ => (i as i32 % 4, 0),
        };
        s.push(Spec {
            description: desc,
            venue: Some("bibliotheque-jean-marc-belzile"),
            capacity: Some(10),
            waitlist_limit: Some(8),
            audiences: &["aines"],
            topics,
            trainers: &["isabelle-tremblay"],
            level: "debutant",
            what_to_bring: "Votre appareil si vous en avez un; sinon, la bibliothèque en prête.",
            fill,
            ..spec(
                &format!("lachute-aines-{i}"),
                "ateliers-aines-lachute",
                "bibliotheque-jean-marc-belzile",
                title,
                plus_days(first_tuesday, 7 * i as u64),
            )
        });
    }
    // The travelling trainer: Wednesdays in Brownsburg-Chatham, Thursdays in Saint-André.
    let first_wed = next_weekday(plus_days(today, 2), Weekday::Wed);
    for i in 0..4u64 {
        s.push(Spec {
            description: "Atelier court et ciblé : apportez votre appareil et votre question.",
            start: (10, 0),
            end: (11, 30),
            venue: Some("bibliotheque-brownsburg-chatham"),
            capacity: Some(8),
            audiences: &["aines", "grand-public"],
            topics: &["tablette-telephone", "internet-courriel"],
            trainers: &["isabelle-tremblay"],
            fill: ((i as i32 * 3) % 8, 0),
            ..spec(
                &format!("brownsburg-{i}"),
                "formatrice-volante-argenteuil",
                "bibliotheque-brownsburg-chatham",
                "Atelier « juste à temps » : tablette et téléphone",
                plus_days(first_wed, 14 * i),
            )
        });
        s.push(Spec {
            description: "Sécurité, mots de passe et sauvegardes : l'essentiel en une heure et demie.",
            start: (13, 30),
            end: (15, 0),
            venue: Some("bibliotheque-saint-andre"),
            capacity: Some(8),
            audiences: &["aines"],
            topics: &["cybersecurite", "protection-donnees"],
            trainers: &["isabelle-tremblay"],
            fill: (2 + i as i32, 0),
            ..spec(
                &format!("saint-andre-{i}"),
                "formatrice-volante-argenteuil",
                "bibliotheque-saint-andre",
                "Se protéger en ligne, l'essentiel",
                plus_days(first_wed, 14 * i + 1),
            )
        });
    }
    // Café numérique in Val-des-Sources, Thursdays 10 h.
    let first_thu = next_weekday(plus_days(today, 2), Weekday::Thu);
    for i in 0..8u64 {
        s.push(Spec {
            description: "Apportez votre tablette ou votre téléphone et vos questions; le café est offert.",
            start: (10, 0),
            end: (11, 30),
            venue: Some("bibliotheque-val-des-sources"),
            capacity: Some(8),
            waitlist_limit: Some(5),
            audiences: &["aines"],
            topics: &["tablette-telephone", "internet-courriel"],
            trainers: &["sophie-lavoie"],
            fill: if i == 0 { (8, 2) } else { ((i as i32 * 2) % 7, 0) },
            ..spec(
                &format!("cafe-vds-{i}"),
                "cafe-numerique-val-des-sources",
                "bibliotheque-val-des-sources",
                "Café numérique des aînés",
                plus_days(first_thu, 7 * i),
            )
        });
    }
    // Brigade volante: every other Tuesday, rotating towns.
    let towns: [(&str, &str, &str); 3] = [
        ("bibliotheque-danville", "bibliotheque-danville", "Danville"),
        ("salle-communautaire-wotton", "mrc-des-sources", "Wotton"),
        ("eglise-saint-camille", "mrc-des-sources", "Saint-Camille"),
    ];
    for i in 0..4u64 {
        let (venue, org, town) = towns[i as usize % 3];
        s.push(Spec {
            description: "Initiation et sensibilisation : Internet, courriel, sécurité. La brigade apporte des tablettes.",
            start: (13, 0),
            end: (15, 0),
            venue: Some(venue),
            capacity: Some(10),
            audiences: &["aines", "grand-public"],
            topics: &["bases-ordinateur", "internet-courriel", "cybersecurite"],
            trainers: &["sophie-lavoie"],
            fill: (3 + i as i32, 0),
            ..spec(
                &format!("brigade-{i}"),
                "brigade-volante-tic-des-sources",
                org,
                &format!("Brigade volante TIC à {town}"),
                plus_days(first_tuesday, 14 * i + 7),
            )
        });
    }
    s.push(Spec {
        kind: "conference",
        description: "Un webinaire de 45 minutes pour reconnaître les courriels et textos frauduleux, suivi d'une période de questions. Le lien est envoyé aux personnes inscrites.",
        start: (19, 0),
        end: (19, 45),
        venue: None,
        format: "online",
        online_url: Some("https://meet.example.org/brigade-hameconnage"),
        capacity: Some(100),
        max_seats: 1,
        audiences: &["grand-public", "aines"],
        topics: &["cybersecurite", "internet-courriel"],
        trainers: &["sophie-lavoie"],
        fill: (23, 0),
        ..spec(
            "webinaire-hameconnage",
            "brigade-volante-tic-des-sources",
            "mrc-des-sources",
            "Webinaire : repérer l'hameçonnage",
            plus_days(first_thu, 20),
        )
    });
    s.push(Spec {
        description: "Sur place à Saint-Camille ou à distance par vidéoconférence : les outils collaboratifs pour les organismes (agenda partagé, documents en ligne).",
        start: (9, 30),
        end: (11, 30),
        venue: Some("eglise-saint-camille"),
        format: "hybrid",
        online_url: Some("https://meet.example.org/outils-collaboratifs"),
        capacity: Some(15),
        max_seats: 2,
        audiences: &["organismes"],
        topics: &["internet-courriel"],
        trainers: &["sophie-lavoie"],
        level: "intermediaire",
        fill: (6, 0),
        ..spec(
            "outils-collaboratifs",
            "brigade-volante-tic-des-sources",
            "mrc-des-sources",
            "Outils collaboratifs pour les organismes (hybride)",
            plus_days(first_wed, 22),
        )
    });
    let first_sat = next_weekday(plus_days(today, 3), Weekday::Sat);
    for i in 0..2u64 {
        s.push(Spec {
            description: "Une histoire, des comptines et une application à découvrir ensemble sur tablette.",
            start: (10, 0),
            end: (10, 45),
            venue: Some("bibliotheque-val-des-sources"),
            capacity: Some(12),
            max_seats: 3,
            audiences: &["0-5-ans-et-parents"],
            topics: &["tablette-telephone"],
            trainers: &["amelie-bergeron"],
            fill: (7 + 3 * i as i32, 0),
            ..spec(
                &format!("heure-du-conte-{i}"),
                "eveil-numerique-0-5-ans",
                "bibliotheque-val-des-sources",
                "Heure du conte numérique (0–5 ans)",
                plus_days(first_sat, 21 * i + 7),
            )
        });
    }
    (events, s)
}

const FIRST_NAMES: &[&str] = &[
    "Gisèle",
    "Réjean",
    "Lise",
    "Gaétan",
    "Monique",
    "Normand",
    "Francine",
    "Claude",
    "Huguette",
    "Yvon",
    "Micheline",
    "Denis",
    "Suzanne",
    "Jacques",
    "Nicole",
    "Pierre",
    "Louise",
    "André",
    "Diane",
    "Michel",
    "Carole",
    "Serge",
    "Johanne",
    "Luc",
    "Sylvie",
    "Martin",
    "Nathalie",
    "Éric",
    "Chantal",
    "Mathieu",
    "Émilie",
    "Samuel",
];
const LAST_NAMES: &[&str] = &[
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Poirier",
    "Fournier",
    "Lapointe",
    "Leclerc",
    "Lefebvre",
    "Poulin",
    "Thibault",
    "St-Pierre",
];

fn person(n: usize) -> (String, String) {
    let first = FIRST_NAMES[n % FIRST_NAMES.len()];
    let last = LAST_NAMES[(n / FIRST_NAMES.len() + n * 7) % LAST_NAMES.len()];
    let name = format!("{first} {last}");
    let email = format!(
        "{}.{}.{n}@example.org",
        crate::domain::text::slugify(first),
        crate::domain::text::slugify(last)
    );
    (name, email)
}

fn id_by_slug(conn: &mut DbConnection, table: &str, slug: &str) -> QueryResult<i64> {
    macro_rules! by {
        ($t:ident) => {
            $t::table
                .filter($t::slug.eq(slug))
                .select($t::id)
                .first(conn)
        };
    }
    match table {
        "regions" => by!(regions),
        "mrcs" => by!(mrcs),
        "municipalities" => by!(municipalities),
        "organisations" => by!(organisations),
        "venues" => by!(venues),
        "trainers" => by!(trainers),
        "kinds" => by!(kinds),
        "audiences" => by!(audiences),
        "topics" => by!(topics),
        "events" => by!(events),
        other => unreachable!("no slug lookup for {other}"),
    }
}

fn exists(r: QueryResult<i64>) -> QueryResult<bool> {
    r.optional().map(|o| o.is_some())
}

fn local_utc(day: NaiveDate, (h, m): (u32, u32)) -> NaiveDateTime {
    let t = NaiveTime::from_hms_opt(h, m, 0).expect("valid clock time");
    time::to_utc(day.and_time(t)).expect("demo times avoid the skipped DST hour")
}

fn load_places(conn: &mut DbConnection) -> QueryResult<()> {
    for (slug, name) in REGIONS {
        if !exists(id_by_slug(conn, "regions", slug))? {
            diesel::insert_into(regions::table)
                .values((regions::slug.eq(slug), regions::name.eq(name)))
                .execute(conn)?;
        }
    }
    for (region, slug, name) in MRCS {
        if !exists(id_by_slug(conn, "mrcs", slug))? {
            let region_id = id_by_slug(conn, "regions", region)?;
            diesel::insert_into(mrcs::table)
                .values((
                    mrcs::region_id.eq(region_id),
                    mrcs::slug.eq(slug),
                    mrcs::name.eq(name),
                ))
                .execute(conn)?;
        }
    }
    for (mrc, name) in MUNICIPALITIES {
        let slug = crate::domain::text::slugify(name);
        if !exists(id_by_slug(conn, "municipalities", &slug))? {
            let mrc_id = id_by_slug(conn, "mrcs", mrc)?;
            diesel::insert_into(municipalities::table)
                .values((
                    municipalities::mrc_id.eq(mrc_id),
                    municipalities::slug.eq(&slug),
                    municipalities::name.eq(name),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

fn town_id(conn: &mut DbConnection, town: &str) -> QueryResult<i64> {
    id_by_slug(conn, "municipalities", &crate::domain::text::slugify(town))
}

fn load_organisations(conn: &mut DbConnection) -> QueryResult<()> {
    for o in ORGS {
        if exists(id_by_slug(conn, "organisations", o.slug))? {
            continue;
        }
        let town = town_id(conn, o.town)?;
        diesel::insert_into(organisations::table)
            .values(crate::db::models::NewOrganisation {
                slug: o.slug,
                name: o.name,
                kind: o.kind,
                municipality_id: Some(town),
                description: o.description,
                website: None,
                email: Some(o.email),
                phone: Some(o.phone),
                created_at: now(),
            })
            .execute(conn)?;
    }
    for v in VENUES {
        if exists(id_by_slug(conn, "venues", v.slug))? {
            continue;
        }
        let org = id_by_slug(conn, "organisations", v.org)?;
        let town = town_id(conn, v.town)?;
        diesel::insert_into(venues::table)
            .values(crate::db::models::NewVenue {
                organisation_id: Some(org),
                municipality_id: town,
                slug: v.slug,
                name: v.name,
                address: v.address,
                postal_code: Some(v.postal_code),
                room: v.room,
                capacity: Some(v.capacity),
                step_free_access: v.step_free,
                accessibility_notes: v.notes,
                wifi: v.wifi,
                computers: v.computers,
                directions: v.directions,
            })
            .execute(conn)?;
    }
    for t in TRAINERS {
        if !exists(id_by_slug(conn, "trainers", t.slug))? {
            let town = town_id(conn, t.town)?;
            diesel::insert_into(trainers::table)
                .values((
                    trainers::slug.eq(t.slug),
                    trainers::name.eq(t.name),
                    trainers::email.eq(format!("{}@formateurs.example.org", t.slug)),
                    trainers::bio.eq(t.bio),
                    trainers::home_municipality_id.eq(town),
                    trainers::feed_token_hash.eq(crate::domain::token::digest(&random_token())),
                    trainers::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
        let tid = id_by_slug(conn, "trainers", t.slug)?;
        for org in t.orgs {
            let oid = id_by_slug(conn, "organisations", org)?;
            let linked: i64 = trainer_organisations::table
                .filter(trainer_organisations::trainer_id.eq(tid))
                .filter(trainer_organisations::organisation_id.eq(oid))
                .count()
                .get_result(conn)?;
            if linked == 0 {
                diesel::insert_into(trainer_organisations::table)
                    .values((
                        trainer_organisations::trainer_id.eq(tid),
                        trainer_organisations::organisation_id.eq(oid),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

fn load_event(conn: &mut DbConnection, e: &EventSpec) -> QueryResult<i64> {
    if let Some(id) = id_by_slug(conn, "events", &e.slug).optional()? {
        return Ok(id);
    }
    let org = id_by_slug(conn, "organisations", e.org)?;
    diesel::insert_into(events::table)
        .values((
            events::organisation_id.eq(org),
            events::slug.eq(&e.slug),
            events::title.eq(&e.title),
            events::summary.eq(e.summary),
            events::description.eq(e.description),
            events::status.eq("published"),
            events::created_at.eq(now()),
            events::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let id = id_by_slug(conn, "events", &e.slug)?;
    for (day, title) in &e.days {
        diesel::insert_into(event_days::table)
            .values((
                event_days::event_id.eq(id),
                event_days::day.eq(day.to_string()),
                event_days::title.eq(title),
            ))
            .execute(conn)?;
    }
    for (pos, (slug, name)) in e.tracks.iter().enumerate() {
        diesel::insert_into(tracks::table)
            .values((
                tracks::event_id.eq(id),
                tracks::slug.eq(slug),
                tracks::name.eq(name),
                tracks::position.eq(pos as i32),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// Creates a session unless one with its demo uid exists; returns its id when created.
fn load_session(conn: &mut DbConnection, s: &Spec) -> QueryResult<Option<i64>> {
    let uid = format!("demo:{}", s.key);
    let existing: Option<i64> = sessions::table
        .filter(sessions::external_uid.eq(&uid))
        .select(sessions::id)
        .first(conn)
        .optional()?;
    if existing.is_some() {
        return Ok(None);
    }
    let event_id = id_by_slug(conn, "events", &s.event)?;
    let org = id_by_slug(conn, "organisations", s.org)?;
    let kind = id_by_slug(conn, "kinds", s.kind)?;
    let venue = s.venue.map(|v| id_by_slug(conn, "venues", v)).transpose()?;
    let track = match s.track {
        Some(t) => Some(
            tracks::table
                .filter(tracks::event_id.eq(event_id))
                .filter(tracks::slug.eq(t))
                .select(tracks::id)
                .first::<i64>(conn)?,
        ),
        None => None,
    };
    let starts_at = local_utc(s.day, s.start);
    let stamp = now();
    // Registration is open from the start and closes two hours before the session.
    let opens = now() - chrono::Duration::days(1);
    diesel::insert_into(sessions::table)
        .values(NewSession {
            event_id,
            organisation_id: org,
            track_id: track,
            kind_id: kind,
            title: s.title.clone(),
            description: s.description.to_owned(),
            level: crate::domain::session::Level::parse(s.level).expect("a known level"),
            language: "fr".into(),
            starts_at,
            ends_at: local_utc(s.day, s.end),
            format: crate::domain::session::Format::parse(s.format).expect("a known format"),
            online_url: s.online_url.map(str::to_owned),
            venue_id: venue,
            registration_required: s.registration_required,
            capacity: if s.registration_required {
                s.capacity
            } else {
                None
            },
            waitlist_limit: s.waitlist_limit,
            max_seats: s.max_seats,
            price_cents: s.price_cents,
            registration_opens_at: Some(opens),
            registration_closes_at: Some(starts_at - chrono::Duration::hours(2)),
            status: crate::domain::session::SessionStatus::Published,
            series_key: None,
            external_uid: Some(uid.clone()),
            what_to_bring: s.what_to_bring.to_owned(),
            created_at: stamp,
            updated_at: stamp,
        })
        .execute(conn)?;
    let id: i64 = sessions::table
        .filter(sessions::external_uid.eq(&uid))
        .select(sessions::id)
        .first(conn)?;
    for a in s.audiences {
        let aid = id_by_slug(conn, "audiences", a)?;
        diesel::insert_into(session_audiences::table)
            .values((
                session_audiences::session_id.eq(id),
                session_audiences::audience_id.eq(aid),
            ))
            .execute(conn)?;
    }
    for t in s.topics {
        let tid = id_by_slug(conn, "topics", t)?;
        diesel::insert_into(session_topics::table)
            .values((
                session_topics::session_id.eq(id),
                session_topics::topic_id.eq(tid),
            ))
            .execute(conn)?;
    }
    for t in s.trainers {
        let tid = id_by_slug(conn, "trainers", t)?;
        diesel::insert_into(session_trainers::table)
            .values((
                session_trainers::session_id.eq(id),
                session_trainers::trainer_id.eq(tid),
            ))
            .execute(conn)?;
    }
    Ok(Some(id))
}

/// Demo registrations: confirmed seats up to `fill.0`, then `fill.1` people waiting.
/// Written directly (no outbox): these people are fictional and must not be emailed.
fn fill_session(
    conn: &mut DbConnection,
    id: i64,
    s: &Spec,
    counter: &mut usize,
) -> QueryResult<usize> {
    let (mut seats_left, waiting) = s.fill;
    let mut created = 0;
    let base = now() - chrono::Duration::days(3);
    let mut n = 0i64;
    let mut insert = |conn: &mut DbConnection, seats: i32, status: &str, counter: &mut usize| {
        let (name, email) = person(*counter);
        *counter += 1;
        n += 1;
        let at = base + chrono::Duration::minutes(n * 17);
        diesel::insert_into(registrations::table)
            .values((
                registrations::session_id.eq(id),
                registrations::token_hash.eq(crate::domain::token::digest(&random_token())),
                registrations::person_key.eq(format!("email:{email}")),
                registrations::name.eq(name),
                registrations::email.eq(email),
                registrations::seats.eq(seats),
                registrations::status.eq(status),
                registrations::language.eq("fr"),
                registrations::source.eq(crate::domain::registration::Source::Web),
                registrations::consent_at.eq(at),
                registrations::queued_at.eq(at),
                registrations::check_in_code.eq(crate::domain::token::check_in_code()),
                registrations::created_at.eq(at),
                registrations::updated_at.eq(at),
            ))
            .execute(conn)
    };
    let mut taken = 0;
    while seats_left > 0 {
        // Some seniors bring a companion.
        let seats = if s.max_seats >= 2 && seats_left >= 2 && counter.is_multiple_of(3) {
            2
        } else {
            1
        };
        created += insert(conn, seats, "confirmed", counter)?;
        seats_left -= seats;
        taken += seats;
    }
    for _ in 0..waiting {
        created += insert(conn, 1, "waitlisted", counter)?;
    }
    diesel::update(sessions::table.find(id))
        .set((
            sessions::seats_taken.eq(taken),
            sessions::waitlist_count.eq(waiting),
        ))
        .execute(conn)?;
    Ok(created)
}

/// Loads the demo; with `progress`, shows a progress bar on the terminal.
pub fn load(db: &Db, progress: bool) -> anyhow::Result<Report> {
    let today = time::local(now()).date_naive();
    let (events, specs) = programme(today);
    let bar = if progress {
        let b = ProgressBar::new((events.len() + specs.len() + 2) as u64);
        b.set_style(
            ProgressStyle::with_template("{msg:32} [{bar:30}] {pos}/{len}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut conn = db.write()?;
    let mut report = Report {
        journees_slug: events[0].slug.clone(),
        ..Report::default()
    };
    write_tx(&mut conn, |conn| -> anyhow::Result<()> {
        bar.set_message("Régions et municipalités");
        ensure_default_terms(conn)?;
        load_places(conn)?;
        bar.inc(1);
        bar.set_message("Organismes, lieux, formateurs");
        load_organisations(conn)?;
        bar.inc(1);
        bar.set_message("Programmes");
        for e in &events {
            load_event(conn, e)?;
            bar.inc(1);
        }
        bar.set_message("Séances et inscriptions");
        let mut counter = 0usize;
        for s in &specs {
            match load_session(conn, s)? {
                Some(id) => {
                    report.created_sessions += 1;
                    report.created_registrations += fill_session(conn, id, s, &mut counter)?;
                }
                None => report.existing_sessions += 1,
            }
            bar.inc(1);
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    load_staff(&mut conn)?;
    Ok(report)
}

/// Password of every demo staff account (shown in the README).
pub const DEMO_PASSWORD: &str = "demo-babillard";

/// Demo staff accounts: (email, name, role, organisation slug, trainer slug).
pub const DEMO_STAFF: &[(&str, &str, &str, &str, &str)] = &[
    (
        "admin@demo.babillard.quebec",
        "Coordination régionale",
        "admin",
        "",
        "",
    ),
    (
        "gestion@demo.babillard.quebec",
        "Gestion de la bibliothèque",
        "manager",
        "bibliotheque-jean-marc-belzile",
        "",
    ),
    (
        "redaction@demo.babillard.quebec",
        "Rédaction de la bibliothèque",
        "editor",
        "bibliotheque-jean-marc-belzile",
        "",
    ),
    (
        "formatrice@demo.babillard.quebec",
        "Isabelle Tremblay",
        "trainer",
        "",
        "isabelle-tremblay",
    ),
];

/// The back-office accounts of the demo, created once (an existing account keeps its
/// password). The password is hashed only when an account is missing.
fn load_staff(conn: &mut DbConnection) -> anyhow::Result<()> {
    let missing = DEMO_STAFF.iter().any(|(email, ..)| {
        !users::table
            .filter(users::email.eq(email))
            .count()
            .get_result::<i64>(conn)
            .is_ok_and(|n| n > 0)
    });
    if !missing {
        return Ok(());
    }
    let hash = crate::store::users::hash_password(DEMO_PASSWORD)?;
    write_tx(conn, |conn| -> anyhow::Result<()> {
        for (email, name, role, org, trainer) in DEMO_STAFF {
            let exists: i64 = users::table
                .filter(users::email.eq(email))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
            diesel::insert_into(users::table)
                .values((
                    users::email.eq(email),
                    users::name.eq(name),
                    users::password_hash.eq(&hash),
                    users::is_admin.eq(*role == "admin"),
                    users::locale.eq("fr"),
                    users::created_at.eq(now()),
                ))
                .execute(conn)?;
            let uid: i64 = users::table
                .filter(users::email.eq(email))
                .select(users::id)
                .first(conn)?;
            if !org.is_empty() {
                let oid = id_by_slug(conn, "organisations", org)?;
                diesel::insert_into(memberships::table)
                    .values((
                        memberships::user_id.eq(uid),
                        memberships::organisation_id.eq(oid),
                        memberships::role.eq(role),
                        memberships::created_at.eq(now()),
                    ))
                    .execute(conn)?;
            }
            if !trainer.is_empty() {
                diesel::update(trainers::table.filter(trainers::slug.eq(trainer)))
                    .set(trainers::user_id.eq(uid))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programme_is_upcoming_and_keys_are_unique() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (events, specs) = programme(today);
        assert!(specs.iter().all(|s| s.day > today));
        let mut keys: Vec<&str> = specs.iter().map(|s| s.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), specs.len());
        assert!(
            specs
                .iter()
                .all(|s| events.iter().any(|e| e.slug == s.event))
        );
        // Demo fill never exceeds capacity.
        for s in &specs {
            if let Some(c) = s.capacity {
                assert!(s.fill.0 <= c, "{}", s.key);
                // As the registration engine would: nobody waits while seats are free.
                assert!(s.fill.1 == 0 || s.fill.0 == c, "{}", s.key);
                assert!(s.waitlist_limit.is_none_or(|l| s.fill.1 <= l), "{}", s.key);
            }
        }
    }
}
