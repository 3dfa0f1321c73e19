//! The demo's people: the trainers, the staff accounts, and the names of the fictional
//! citizens who register (their addresses are under `example.org`, which never
//! receives mail, and the loader drops the emails the engine queues for them).

pub(super) struct TrainerSpec {
    pub(super) slug: &'static str,
    pub(super) name: &'static str,
    pub(super) town: &'static str,
    pub(super) bio: &'static str,
    pub(super) orgs: &'static [&'static str],
}

pub(super) const TRAINERS: &[TrainerSpec] = &[
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

pub(super) const FIRST_NAMES: &[&str] = &[
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
pub(super) const LAST_NAMES: &[&str] = &[
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

pub(super) fn person(n: usize) -> (String, String) {
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
    // Coordinates the workshop requests of the MRC des Sources (an editor of the MRC's
    // own organisation, whose programme receives the workshops).
    (
        "coordination@demo.babillard.quebec",
        "Brigade numérique des Sources",
        "coordinator",
        "mrc-des-sources",
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
