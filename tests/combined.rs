//! Registrations combined in one transaction (`store::registrations::Combiner`, what a
//! rush runs): each person gets the answer they would have had alone in that order, a
//! person refused in a batch costs the others nothing, and a batch whose transaction
//! fails registers nobody. On both databases.

use crate::common;

use std::sync::Arc;

use babillard::db::now;
use babillard::db::schema::{outbox, registrations, sessions};
use babillard::domain::registration::{Email, Source};
use babillard::store::registrations::{
    self as store, NewRegistration, RegError, RegisterOptions, Registered,
};
use babillard::web::i18n::Lang;
use common::TestApp;
use common::fixtures::{self, in_days};
use diesel::prelude::*;

fn session(app: &TestApp, capacity: i32, waitlist: Option<i32>) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base_named(
            c,
            &format!(
                "biblio-{}",
                babillard::domain::token::random_token()[..8].to_lowercase()
            ),
        );
        fixtures::session(c, &b, "Atelier tablette", in_days(3), |s| {
            s.capacity = Some(capacity);
            s.max_seats = 3;
            s.waitlist_limit = waitlist;
        })
    })
}

fn person(n: usize, seats: i32) -> NewRegistration {
    NewRegistration {
        name: format!("Personne {n}"),
        email: Email::parse(&format!("p{n}@exemple.ca")),
        phone: None,
        seats,
        needs: None,
        language: Lang::Fr,
        source: Source::Web,
        entered_by: None,
    }
}

/// A request as the comparison needs it: who, how many seats, which replay key.
fn requests() -> Vec<(NewRegistration, RegisterOptions)> {
    let replay = |k: &str| RegisterOptions {
        replay_key: Some(format!("replay-{k}")),
        ..RegisterOptions::default()
    };
    vec![
        (person(1, 2), RegisterOptions::default()),
        // More seats than a person may take: refused.
        (person(2, 4), RegisterOptions::default()),
        (person(3, 1), replay("a")),
        // The same person again: their registration back, unchanged.
        (person(1, 2), RegisterOptions::default()),
        // A retry of the same submission: the first answer again.
        (person(3, 1), replay("a")),
        (person(4, 2), RegisterOptions::default()),
        // Does not fit any more: waits.
        (person(5, 2), RegisterOptions::default()),
        (person(6, 1), RegisterOptions::default()),
        // The waitlist is full: refused.
        (person(7, 1), RegisterOptions::default()),
    ]
}

/// What a person is told, without what differs between two sessions (ids, tokens).
fn told(answer: &Result<Registered, RegError>) -> String {
    match answer {
        Ok(r) => format!(
            "{:?} {} {} {} seats, position {:?}, link {}, found {} taken {} waiting",
            r.outcome,
            r.registration.name.as_deref().unwrap_or(""),
            r.registration.status,
            r.registration.seats,
            r.waitlist_position,
            r.manage_token.is_some(),
            r.session.seats_taken,
            r.session.waitlist_count,
        ),
        Err(RegError::Refused(why)) => format!("refused: {why:?}"),
        Err(other) => format!("error: {other}"),
    }
}

fn statuses(app: &TestApp, s: i64) -> Vec<(String, String, i32)> {
    app.with_conn(|c| {
        registrations::table
            .filter(registrations::session_id.eq(s))
            .order(registrations::id)
            .select((
                registrations::name.assume_not_null(),
                registrations::status,
                registrations::seats,
            ))
            .load::<(String, babillard::domain::registration::Status, i32)>(c)
            .unwrap()
            .into_iter()
            .map(|(n, st, seats)| (n, st.to_string(), seats))
            .collect()
    })
}

fn counters(app: &TestApp, s: i64) -> (i32, i32) {
    app.with_conn(|c| {
        let stored: (i32, i32) = sessions::table
            .find(s)
            .select((sessions::seats_taken, sessions::waitlist_count))
            .first(c)
            .unwrap();
        assert_eq!(
            store::recount(c, s).unwrap(),
            stored,
            "counters match the rows"
        );
        stored
    })
}

fn messages(app: &TestApp, s: i64) -> Vec<(String, String)> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::session_id.eq(s))
            .order(outbox::id)
            .select((outbox::kind, outbox::recipient))
            .load(c)
            .unwrap()
    })
}

on_both_backends! {
    async fn a_batch_answers_each_person_as_if_they_had_come_one_after_the_other(app: TestApp) {
        let alone = session(&app, 5, Some(2));
        let together = session(&app, 5, Some(2));
        let reqs = requests();
        let one_by_one: Vec<String> = app.with_conn(|c| {
            reqs.iter()
                .map(|(new, opts)| told(&store::register_with(c, alone, new, opts, now())))
                .collect()
        });
        let in_one: Vec<String> = app.with_conn(|c| {
            let people: Vec<(&NewRegistration, &RegisterOptions)> =
                reqs.iter().map(|(n, o)| (n, o)).collect();
            store::register_many(c, together, &people, now())
                .expect("the transaction commits")
                .iter()
                .map(told)
                .collect()
        });
        assert_eq!(in_one, one_by_one);
        // And what is stored is the same: rows, counters, messages.
        assert_eq!(statuses(&app, together), statuses(&app, alone));
        assert_eq!(counters(&app, together), counters(&app, alone));
        assert_eq!(counters(&app, together), (5, 2));
        assert_eq!(messages(&app, together), messages(&app, alone));
        // Spelled out, so that the comparison cannot pass on two wrong answers.
        assert!(in_one[0].starts_with("Created Personne 1 confirmed 2 seats"), "{}", in_one[0]);
        assert!(in_one[1].starts_with("refused"), "{}", in_one[1]);
        assert!(in_one[3].starts_with("Repeated"), "{}", in_one[3]);
        assert!(in_one[4].starts_with("Replayed Personne 3"), "{}", in_one[4]);
        assert!(in_one[6].contains("waitlisted 2 seats, position Some(1)"), "{}", in_one[6]);
        assert!(in_one[8].starts_with("refused"), "{}", in_one[8]);
    }

    async fn a_batch_whose_transaction_fails_registers_nobody(app: TestApp) {
        let s = session(&app, 10, None);
        let race = |n: usize| -> Vec<Result<Registered, RegError>> {
            let combiner = Arc::new(store::Combiner::default());
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..n)
                    .map(|n| {
                        let combiner = combiner.clone();
                        let db = &app.state.db;
                        scope.spawn(move || {
                            combiner.register(db, s, person(n, 1), RegisterOptions::default())
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            })
        };
        // Each person's part fails (their confirmation cannot be queued): each is told.
        app.with_conn(|c| fixtures::block(c, "outbox", "INSERT"));
        let answers = race(6);
        app.with_conn(|c| fixtures::unblock(c, "outbox"));
        assert!(
            answers.iter().all(|a| matches!(a, Err(RegError::Db(_)))),
            "{:?}",
            answers.iter().map(told).collect::<Vec<_>>()
        );
        assert!(statuses(&app, s).is_empty(), "nobody was registered");
        assert_eq!(counters(&app, s), (0, 0));
        // The transaction itself fails (the counters cannot be written): nobody of the
        // batch is registered, and everyone is told to try again.
        app.with_conn(|c| fixtures::block(c, "sessions", "UPDATE"));
        let answers = race(6);
        app.with_conn(|c| fixtures::unblock(c, "sessions"));
        assert!(
            answers.iter().all(|a| matches!(a, Err(RegError::Unavailable))),
            "{:?}",
            answers.iter().map(told).collect::<Vec<_>>()
        );
        assert!(statuses(&app, s).is_empty(), "nobody was registered");
        assert!(messages(&app, s).is_empty(), "and nobody is emailed");
        assert_eq!(counters(&app, s), (0, 0));
        // The next people are registered as usual.
        let answers = race(3);
        assert!(answers.iter().all(|a| a.as_ref().is_ok_and(Registered::created)));
        assert_eq!(counters(&app, s), (3, 0));
    }

    async fn people_racing_through_the_combiner_get_exactly_the_seats_there_are(app: TestApp) {
        let s = session(&app, 20, Some(10));
        let combiner = Arc::new(store::Combiner::default());
        let answers: Vec<Result<Registered, RegError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..80)
                .map(|n| {
                    let combiner = combiner.clone();
                    let db = &app.state.db;
                    scope.spawn(move || {
                        combiner.register(db, s, person(n, 1), RegisterOptions::default())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let created = |status: &str| {
            answers
                .iter()
                .filter(|a| {
                    a.as_ref().is_ok_and(|r| {
                        r.created() && r.registration.status.to_string() == status
                    })
                })
                .count()
        };
        let refused = answers
            .iter()
            .filter(|a| matches!(a, Err(RegError::Refused(_))))
            .count();
        assert_eq!((created("confirmed"), created("waitlisted"), refused), (20, 10, 50));
        assert_eq!(counters(&app, s), (20, 10));
        // Every confirmation was queued once, to its own person.
        let mut told: Vec<String> = messages(&app, s).into_iter().map(|(_, to)| to).collect();
        let n = told.len();
        told.sort();
        told.dedup();
        assert_eq!((n, told.len()), (30, 30));
    }
}
