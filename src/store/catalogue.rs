//! The reference data every page leans on: regions, MRCs, municipalities,
//! organisations and the three taxonomies (kinds, audiences, topics).

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::models::{Mrc, Municipality, Organisation, Region, Term};
use crate::db::schema::{audiences, kinds, mrcs, municipalities, organisations, regions, topics};

/// Which taxonomy a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    Kind,
    Audience,
    Topic,
}

/// The columns of a taxonomy term, as [`Term`] reads them: the three tables share a
/// shape but not a type.
macro_rules! term_columns {
    ($t:ident) => {
        ($t::id, $t::slug, $t::name_fr, $t::name_en, $t::position)
    };
}
pub(crate) use term_columns;

pub fn terms(conn: &mut DbConnection, tax: Taxonomy) -> QueryResult<Vec<Term>> {
    macro_rules! terms_of {
        ($t:ident) => {
            $t::table
                .order(($t::position, $t::name_fr))
                .select(term_columns!($t))
                .load(conn)
        };
    }
    match tax {
        Taxonomy::Kind => terms_of!(kinds),
        Taxonomy::Audience => terms_of!(audiences),
        Taxonomy::Topic => terms_of!(topics),
    }
}

/// Everything a filter form offers, in one read.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub regions: Vec<Region>,
    pub mrcs: Vec<Mrc>,
    pub municipalities: Vec<Municipality>,
    pub organisations: Vec<Organisation>,
    pub kinds: Vec<Term>,
    pub audiences: Vec<Term>,
    pub topics: Vec<Term>,
}

pub fn catalogue(conn: &mut DbConnection) -> QueryResult<Catalogue> {
    Ok(Catalogue {
        regions: regions::table
            .order(regions::name)
            .select(Region::as_select())
            .load(conn)?,
        mrcs: mrcs::table
            .order(mrcs::name)
            .select(Mrc::as_select())
            .load(conn)?,
        municipalities: municipalities::table
            .order(municipalities::name)
            .select(Municipality::as_select())
            .load(conn)?,
        organisations: organisations::table
            .order(organisations::name)
            .select(Organisation::as_select())
            .load(conn)?,
        kinds: terms(conn, Taxonomy::Kind)?,
        audiences: terms(conn, Taxonomy::Audience)?,
        topics: terms(conn, Taxonomy::Topic)?,
    })
}

pub fn organisation_by_slug(
    conn: &mut DbConnection,
    slug: &str,
) -> QueryResult<Option<Organisation>> {
    organisations::table
        .filter(organisations::slug.eq(slug))
        .select(Organisation::as_select())
        .first(conn)
        .optional()
}

/// The default vocabulary a new region starts with (the demo and `migrate` load it;
/// a region edits or extends it later). Idempotent: existing slugs are left as they are.
pub fn ensure_default_terms(conn: &mut DbConnection) -> QueryResult<usize> {
    const KINDS: &[(&str, &str, &str)] = &[
        ("conference", "Conférence", "Talk"),
        ("atelier-pratique", "Atelier pratique", "Hands-on workshop"),
        (
            "salon-des-exposants",
            "Salon des exposants",
            "Exhibitor fair",
        ),
        (
            "speed-dating-numerique",
            "Speed dating numérique",
            "Digital speed dating",
        ),
        (
            "accompagnement-individuel",
            "Accompagnement individuel",
            "One-to-one help",
        ),
    ];
    const AUDIENCES: &[(&str, &str, &str)] = &[
        ("grand-public", "Grand public", "General public"),
        ("aines", "Aînés", "Seniors"),
        ("jeunes", "Jeunes", "Youth"),
        (
            "0-5-ans-et-parents",
            "0–5 ans et parents",
            "Ages 0–5 and parents",
        ),
        ("etudiants", "Étudiants", "Students"),
        ("entreprises", "Entreprises", "Businesses"),
        ("organismes", "Organismes", "Community organisations"),
    ];
    const TOPICS: &[(&str, &str, &str)] = &[
        (
            "bases-ordinateur",
            "Bases de l'ordinateur",
            "Computer basics",
        ),
        (
            "tablette-telephone",
            "Tablette et téléphone intelligent",
            "Tablets and smartphones",
        ),
        (
            "internet-courriel",
            "Internet et courriel",
            "Internet and email",
        ),
        ("reseaux-sociaux", "Réseaux sociaux", "Social media"),
        ("cybersecurite", "Cybersécurité", "Cybersecurity"),
        (
            "protection-donnees",
            "Protection des données",
            "Data protection",
        ),
        (
            "services-gouvernementaux",
            "Services gouvernementaux en ligne",
            "Online government services",
        ),
        (
            "commerce-electronique",
            "Commerce électronique",
            "E-commerce",
        ),
    ];
    // The three tables share a shape but not a type: one loop body, three tables.
    macro_rules! ensure {
        ($table:ident, $list:expr) => {{
            let mut added = 0;
            for (pos, (slug, fr, en)) in $list.iter().enumerate() {
                let exists: i64 = $table::table
                    .filter($table::slug.eq(slug))
                    .count()
                    .get_result(conn)?;
                if exists == 0 {
                    added += diesel::insert_into($table::table)
                        .values((
                            $table::slug.eq(slug),
                            $table::name_fr.eq(fr),
                            $table::name_en.eq(en),
                            $table::position.eq(pos as i32),
                        ))
                        .execute(conn)?;
                }
            }
            added
        }};
    }
    let added = ensure!(kinds, KINDS) + ensure!(audiences, AUDIENCES) + ensure!(topics, TOPICS);
    Ok(added)
}
