//! The demo's programme: the events, and the sessions of each, placed relative to
//! the day the demo is loaded so it is always upcoming.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A session of the demo, in Québec wall-clock time.
pub(super) struct Spec {
    pub(super) key: String,
    pub(super) event: String,
    pub(super) org: &'static str,
    pub(super) track: Option<&'static str>,
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) description: &'static str,
    pub(super) day: NaiveDate,
    pub(super) start: (u32, u32),
    pub(super) end: (u32, u32),
    pub(super) venue: Option<&'static str>,
    pub(super) format: &'static str,
    pub(super) online_url: Option<&'static str>,
    pub(super) capacity: Option<i32>,
    pub(super) waitlist_limit: Option<i32>,
    pub(super) max_seats: i32,
    pub(super) price_cents: i32,
    pub(super) registration_required: bool,
    pub(super) audiences: &'static [&'static str],
    pub(super) topics: &'static [&'static str],
    pub(super) trainers: &'static [&'static str],
    pub(super) level: &'static str,
    pub(super) what_to_bring: &'static str,
    /// Confirmed seats and waitlisted people to create, to show a lively board.
    pub(super) fill: (i32, i32),
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

pub(super) struct EventSpec {
    pub(super) slug: String,
    pub(super) org: &'static str,
    pub(super) title: String,
    pub(super) summary: &'static str,
    pub(super) description: &'static str,
    pub(super) days: Vec<(NaiveDate, &'static str)>,
    pub(super) tracks: &'static [(&'static str, &'static str)],
    /// Community groups may propose activities for it (`/propose`).
    pub(super) accepts_proposals: bool,
}

// One push per session reads like the printed programme it mirrors.
#[allow(clippy::vec_init_then_push)]
pub(super) fn programme(today: NaiveDate) -> (Vec<EventSpec>, Vec<Spec>) {
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
            // The programme the public form offers: community groups add their own
            // activities to the Journées (after a moderator's look).
            accepts_proposals: true,
        },
        EventSpec {
            slug: "ateliers-aines-lachute".into(),
            org: "bibliotheque-jean-marc-belzile",
            title: "Ateliers numériques pour aînés — Lachute".into(),
            summary: "Chaque mardi après-midi, un atelier d'une heure et demie, à votre rythme, en petit groupe.",
            description: "Des ateliers pour les personnes aînées qui veulent se sentir à l'aise avec l'ordinateur, la tablette et le téléphone. Des tablettes sont prêtées sur place. Venez avec vos questions!",
            days: vec![],
            tracks: &[],
            accepts_proposals: false,
        },
        EventSpec {
            slug: "formatrice-volante-argenteuil".into(),
            org: "mrc-argenteuil",
            title: "La formatrice volante dans vos bibliothèques".into(),
            summary: "Isabelle Tremblay se déplace à Brownsburg-Chatham et à Saint-André-d'Argenteuil avec des tablettes de prêt.",
            description: "Ateliers courts et ciblés, de type « juste à temps », dans les petites bibliothèques d'Argenteuil.",
            days: vec![],
            tracks: &[],
            accepts_proposals: false,
        },
        EventSpec {
            slug: "cafe-numerique-val-des-sources".into(),
            org: "bibliotheque-val-des-sources",
            title: "Café numérique des aînés — Val-des-Sources".into(),
            summary: "Un café, vos appareils et une animatrice patiente, le jeudi matin.",
            description: "Rencontres conviviales pour poser ses questions sur la tablette, le téléphone et Internet.",
            days: vec![],
            tracks: &[],
            accepts_proposals: false,
        },
        EventSpec {
            slug: "brigade-volante-tic-des-sources".into(),
            org: "mrc-des-sources",
            title: "Brigade volante TIC des Sources — ateliers itinérants".into(),
            summary: "La brigade se déplace à Danville, Wotton et Saint-Camille, un mardi sur deux.",
            description: "Ateliers courts d'initiation et de sensibilisation dans les municipalités rurales de la MRC des Sources, et formations en ligne « juste à temps ».",
            days: vec![],
            tracks: &[],
            accepts_proposals: false,
        },
        EventSpec {
            slug: "eveil-numerique-0-5-ans".into(),
            org: "bibliotheque-val-des-sources",
            title: "Éveil numérique 0–5 ans".into(),
            summary: "Histoires, comptines et jeux sur tablette, avec un parent.",
            description: "Des activités de familiarisation pour les tout-petits et leurs parents, avec des applications choisies par l'équipe de la bibliothèque.",
            days: vec![],
            tracks: &[],
            accepts_proposals: false,
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
