//! `babillard demo`: a believable region to try Babillard with, drawn from the source
//! documents (seeds-digest.md): the MRC d'Argenteuil (Laurentides) and its *Journées
//! numériques*, the MRC des Sources (Estrie) and its *brigade volante TIC*, libraries with
//! weekly workshops for seniors, a 0–5 session, a travelling trainer. Dates are placed
//! relative to today so the programme is always upcoming. Running it again adds nothing:
//! every row is found by its slug (or its `demo:` external uid) before it is created.
//!
//! The data lives apart from what writes it: `places` (region, towns, organisations,
//! venues), `people` (trainers, staff accounts, the citizens who register) and
//! `programme` (events and sessions); `loader` writes them, registering people through
//! the registration engine so the demo holds only states the engine makes.

mod loader;
mod people;
mod places;
mod programme;

use std::fmt;

pub use loader::load;
pub use people::{DEMO_PASSWORD, DEMO_STAFF};

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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::programme::programme;

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
