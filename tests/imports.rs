//! Partner calendars in the store (issue 12, item 1): registering a feed (who may, what
//! is refused), and applying a read feed — a trusted feed publishes, an untrusted one
//! waits for moderation and stays out of public listings, an unchanged re-import
//! writes nothing, a moved time on a trusted feed moves the session (SEQUENCE up), and
//! an occurrence cancelled in or gone from the feed cancels its session without
//! deleting it. Feeds are built as `ImportedFeed` values (reading iCalendar is tested
//! with the reader). Both databases.

use crate::common;

use babillard::db::DbConnection;
use babillard::db::models::{Session, User};
use babillard::db::schema::*;
use babillard::domain::access::Access;
use babillard::domain::filter::SessionFilter;
use babillard::domain::imported::{ImportedFeed, Occurrence};
use babillard::domain::session::SessionStatus;
use babillard::error::Error;
use babillard::store::imports::{self, RuleInput, SourceInput, Validators};
use chrono::{Duration, NaiveDateTime};
use common::fixtures::{self, Base};
use common::staff;
use diesel::prelude::*;

fn access(c: &mut DbConnection, user_id: i64) -> Access {
    let u: User = users::table
        .find(user_id)
        .select(User::as_select())
        .first(c)
        .unwrap();
    babillard::store::staff::access_for(c, &u).unwrap()
}

fn occurrence(
    key: &str,
    title: &str,
    starts_at: NaiveDateTime,
    location: Option<&str>,
) -> Occurrence {
    Occurrence {
        key: key.to_owned(),
        starts_at,
        ends_at: starts_at + Duration::minutes(90),
        all_day: false,
        title: title.to_owned(),
        description: String::new(),
        location: location.map(str::to_owned),
        url: Some(format!("https://partenaire.example.org/{key}")),
        cancelled: false,
    }
}

fn feed(occurrences: Vec<Occurrence>) -> ImportedFeed {
    ImportedFeed {
        name: Some("Bibliothèque".into()),
        occurrences,
        refused: vec![],
    }
}

fn municipality_of(c: &mut DbConnection, b: &Base) -> i64 {
    organisations::table
        .find(b.organisation_id)
        .select(organisations::municipality_id.assume_not_null())
        .first(c)
        .unwrap()
}

/// An organisation with a manager, the regional administrator, and a feed of the
/// organisation registered by the administrator (`trusted` as asked).
struct World {
    b: Base,
    admin: Access,
    manager: Access,
    source: i64,
}

fn world(c: &mut DbConnection, trusted: bool) -> World {
    let b = fixtures::base_named(c, "biblio");
    let admin = staff::user(c, "admin@example.org", "admin", None);
    let manager = staff::user(c, "gestion@example.org", "manager", Some(b.organisation_id));
    let (admin, manager) = (access(c, admin), access(c, manager));
    let town = municipality_of(c, &b);
    let aines: i64 = audiences::table
        .filter(audiences::slug.eq("aines"))
        .select(audiences::id)
        .first(c)
        .unwrap();
    let input = SourceInput {
        trusted,
        municipality_id: Some(town),
        rules: vec![RuleInput {
            keyword: "aînés".into(),
            topic_id: None,
            audience_id: Some(aines),
        }],
        ..SourceInput::new(
            b.organisation_id,
            "Calendrier de la bibliothèque",
            Some("https://biblio.example.org/agenda.ics"),
            b.kind_id,
        )
    };
    let source = imports::register_source(c, &admin, &input).unwrap();
    World {
        b,
        admin,
        manager,
        source,
    }
}

fn imported_sessions(c: &mut DbConnection) -> Vec<Session> {
    sessions::table
        .filter(sessions::external_uid.is_not_null())
        .order(sessions::starts_at)
        .select(Session::as_select())
        .load(c)
        .unwrap()
}

fn public_titles(c: &mut DbConnection) -> Vec<String> {
    let (found, _) = babillard::store::sessions::search(
        c,
        &SessionFilter::default(),
        None,
        babillard::db::now(),
    )
    .unwrap();
    found.into_iter().map(|d| d.session.title).collect()
}

/// Everything an import may write, to compare before and after.
fn footprint(c: &mut DbConnection) -> String {
    let s: Vec<(i64, NaiveDateTime, i32, String)> = sessions::table
        .order(sessions::id)
        .select((
            sessions::id,
            sessions::updated_at,
            sessions::sequence,
            sessions::status,
        ))
        .load(c)
        .unwrap();
    let sub: Vec<(i64, NaiveDateTime, String)> = submissions::table
        .order(submissions::id)
        .select((submissions::id, submissions::updated_at, submissions::state))
        .load(c)
        .unwrap();
    let origins: Vec<(i64, String)> = session_origins::table
        .order(session_origins::id)
        .select((session_origins::id, session_origins::payload))
        .load(c)
        .unwrap();
    let audit = babillard::store::audit::count(c).unwrap();
    let outbox: i64 = outbox::table.count().get_result(c).unwrap();
    let users: i64 = users::table.count().get_result(c).unwrap();
    format!("{s:?}\n{sub:?}\n{origins:?}\naudit {audit} outbox {outbox} users {users}")
}

on_both_backends! {
    async fn a_trusted_feed_publishes_its_occurrences_with_places_and_rules(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, true);
            let t = fixtures::in_days(10);
            let f = feed(vec![
                occurrence("a@biblio", "Atelier tablette", t, Some("Salle biblio, 1 rue Principale")),
                occurrence("b@biblio", "Café numérique pour aînés", t + Duration::days(1), Some("Parc Barron")),
            ]);
            let summary = imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            assert_eq!((summary.new, summary.queued, summary.unchanged), (2, 0, 0), "{summary:?}");
            let rows = imported_sessions(c);
            assert_eq!(rows.len(), 2);
            assert!(rows.iter().all(|s| s.status == SessionStatus::Published));
            assert_eq!(rows[0].external_uid.as_deref(), Some(format!("{}/a@biblio", w.source).as_str()));
            // The LOCATION naming the organisation's room is that venue; the park is kept
            // as written, placed in the feed's default municipality.
            assert_eq!(rows[0].venue_id, Some(w.b.venue_id));
            assert_eq!(rows[1].venue_id, None);
            let place: (Option<String>, Option<i64>) = session_locations::table
                .find(rows[1].id)
                .select((session_locations::location_text, session_locations::municipality_id))
                .first(c)
                .unwrap();
            assert_eq!(place, (Some("Parc Barron".into()), Some(municipality_of(c, &w.b))));
            // For information (register at the source) unless the feed takes registrations.
            assert!(rows.iter().all(|s| !s.registration_required));
            // The keyword rule « aînés » tagged the second one only.
            let tagged: Vec<i64> = session_audiences::table
                .inner_join(audiences::table)
                .filter(audiences::slug.eq("aines"))
                .select(session_audiences::session_id)
                .load(c)
                .unwrap();
            assert_eq!(tagged, vec![rows[1].id]);
            let public = public_titles(c);
            assert!(public.contains(&"Atelier tablette".to_owned()), "{public:?}");
            assert!(public.contains(&"Café numérique pour aînés".to_owned()));
            // Each session knows its origin (the partner's link).
            let link: Option<String> = session_origins::table
                .filter(session_origins::session_id.eq(rows[0].id))
                .select(session_origins::origin_url)
                .first(c)
                .unwrap();
            assert_eq!(link.as_deref(), Some("https://partenaire.example.org/a@biblio"));
        });
    }

    async fn an_untrusted_feed_waits_for_moderation_and_stays_out_of_public_view(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, false);
            let t = fixtures::in_days(10);
            let f = feed(vec![
                occurrence("a@biblio", "Atelier tablette", t, None),
                occurrence("b@biblio", "Atelier courriel", t + Duration::days(2), None),
            ]);
            let summary = imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            assert_eq!((summary.new, summary.queued), (0, 2), "{summary:?}");
            assert!(imported_sessions(c).is_empty());
            assert!(public_titles(c).is_empty());
            let pending: i64 = submissions::table
                .filter(submissions::state.eq("pending"))
                .filter(submissions::source_id.eq(w.source))
                .count()
                .get_result(c)
                .unwrap();
            assert_eq!(pending, 2);
            let queue = babillard::store::moderation::queue(c, &w.admin, babillard::db::now()).unwrap();
            let titles: Vec<&str> = queue.iter().map(|i| i.proposed.title.as_str()).collect();
            assert_eq!(titles, vec!["Atelier tablette", "Atelier courriel"]);
            assert!(queue.iter().all(|i| i.live.is_none()));
        });
    }

    async fn re_importing_an_unchanged_feed_writes_nothing(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, true);
            let town = municipality_of(c, &w.b);
            let untrusted = imports::register_source(
                c,
                &w.manager,
                &SourceInput {
                    municipality_id: Some(town),
                    ..SourceInput::new(w.b.organisation_id, "Club", None, w.b.kind_id)
                },
            )
            .unwrap();
            let t = fixtures::in_days(10);
            let trusted_feed = feed(vec![
                occurrence("a@biblio", "Atelier tablette", t, Some("Salle biblio")),
                occurrence("b@biblio", "Atelier courriel", t + Duration::days(1), Some("Parc")),
            ]);
            let club_feed = feed(vec![occurrence("z@club", "Club de robotique", t + Duration::days(3), None)]);
            imports::apply(c, w.source, &trusted_feed, babillard::db::now(), false).unwrap();
            imports::apply(c, untrusted, &club_feed, babillard::db::now(), false).unwrap();
            let before = footprint(c);
            let again = imports::apply(c, w.source, &trusted_feed, babillard::db::now(), false).unwrap();
            let club = imports::apply(c, untrusted, &club_feed, babillard::db::now(), false).unwrap();
            assert_eq!(again, imports::ImportSummary { unchanged: 2, ..Default::default() });
            assert_eq!(club, imports::ImportSummary { unchanged: 1, ..Default::default() });
            assert!(!again.wrote() && !club.wrote());
            assert_eq!(footprint(c), before);
        });
    }

    async fn a_dry_run_counts_everything_and_keeps_nothing(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, true);
            let before = footprint(c);
            let f = feed(vec![occurrence("a@biblio", "Atelier tablette", fixtures::in_days(5), None)]);
            let summary = imports::apply(c, w.source, &f, babillard::db::now(), true).unwrap();
            assert_eq!(summary.new, 1);
            assert_eq!(footprint(c), before);
            assert!(imported_sessions(c).is_empty());
        });
    }

    async fn a_trusted_feed_moves_its_session_and_its_sequence_rises(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, true);
            let t = fixtures::in_days(10);
            let mut o = occurrence("a@biblio", "Atelier tablette", t, Some("Salle biblio"));
            imports::apply(c, w.source, &feed(vec![o.clone()]), babillard::db::now(), false).unwrap();
            let first = imported_sessions(c).remove(0);
            o.starts_at = t + Duration::hours(2);
            o.ends_at = o.starts_at + Duration::minutes(90);
            o.description = "Apportez votre tablette.".into();
            let summary = imports::apply(c, w.source, &feed(vec![o]), babillard::db::now(), false).unwrap();
            assert_eq!((summary.updated, summary.new), (1, 0), "{summary:?}");
            let moved = imported_sessions(c).remove(0);
            assert_eq!(moved.id, first.id);
            assert_eq!(moved.starts_at, t + Duration::hours(2));
            assert_eq!(moved.description, "Apportez votre tablette.");
            assert_eq!(moved.sequence, first.sequence + 1);
            // The back office's own audit entry for the move, by the import account.
            let logged = babillard::store::audit::latest(c, None, 5).unwrap();
            assert!(logged.iter().any(|l| l.action == "move" && l.entity_id == Some(first.id)
                && l.who.as_deref() == Some("Importation des calendriers partenaires")), "{logged:?}");
        });
    }

    async fn cancelled_or_gone_occurrences_cancel_their_sessions_without_deleting_them(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, true);
            let t = fixtures::in_days(10);
            let a = occurrence("a@biblio", "Atelier tablette", t, None);
            let b = occurrence("b@biblio", "Atelier courriel", t + Duration::days(1), None);
            let past = occurrence("p@biblio", "Atelier passé", fixtures::in_days(-3), None);
            let s = imports::apply(c, w.source, &feed(vec![past.clone(), a.clone(), b.clone()]), babillard::db::now(), false).unwrap();
            assert_eq!((s.new, s.past), (2, 1), "{s:?}");
            let before = imported_sessions(c);
            // `b` is cancelled in the feed, `a` is gone from it.
            let b_cancelled = Occurrence { cancelled: true, ..b };
            let s = imports::apply(c, w.source, &feed(vec![past, b_cancelled.clone()]), babillard::db::now(), false).unwrap();
            assert_eq!((s.cancelled, s.new), (2, 0), "{s:?}");
            let after = imported_sessions(c);
            assert_eq!(after.len(), 2, "nothing is deleted");
            for (old, new) in before.iter().zip(&after) {
                assert_eq!(new.status, SessionStatus::Cancelled);
                assert_eq!(new.sequence, old.sequence + 1);
            }
            assert_eq!(
                after[0].cancel_reason.as_deref(),
                Some("Retiré du calendrier de Calendrier de la bibliothèque")
            );
            assert_eq!(
                after[1].cancel_reason.as_deref(),
                Some("Annulé dans le calendrier de Calendrier de la bibliothèque")
            );
            // Cancelled sessions stay in public feeds for a while, so subscribers see it.
            let feed_rows = babillard::store::feeds::public_sessions(
                c, &SessionFilter::default(), babillard::db::now(), Duration::days(30),
            ).unwrap();
            assert_eq!(feed_rows.iter().filter(|d| d.session.status == SessionStatus::Cancelled).count(), 2);
            // And again: nothing more happens.
            let s = imports::apply(c, w.source, &feed(vec![b_cancelled]), babillard::db::now(), false).unwrap();
            assert!(!s.wrote(), "{s:?}");
        });
    }

    async fn a_queued_item_gone_from_its_feed_is_superseded(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, false);
            let f = feed(vec![occurrence("a@biblio", "Atelier tablette", fixtures::in_days(4), None)]);
            imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            let s = imports::apply(c, w.source, &feed(vec![]), babillard::db::now(), false).unwrap();
            assert_eq!(s.cancelled, 1);
            let state: String = submissions::table.select(submissions::state).first(c).unwrap();
            assert_eq!(state, "superseded");
            assert!(babillard::store::moderation::queue(c, &w.admin, babillard::db::now()).unwrap().is_empty());
        });
    }

    async fn feeds_are_registered_by_the_administrator_or_the_organisations_manager(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, false);
            let other = fixtures::base_named(c, "autre");
            let stranger = staff::user(c, "autre@example.org", "manager", Some(other.organisation_id));
            let stranger = access(c, stranger);
            let editor = staff::user(c, "edit@example.org", "editor", Some(w.b.organisation_id));
            let editor = access(c, editor);
            let input = SourceInput::new(w.b.organisation_id, "Agenda", Some("https://x.example.org/a.ics"), w.b.kind_id);
            let audit = babillard::store::audit::count(c).unwrap();
            // Permission first, whatever the input.
            let bad = SourceInput { url: Some("ftp://x".into()), ..input.clone() };
            assert!(matches!(imports::register_source(c, &stranger, &bad), Err(Error::Forbidden)));
            assert!(matches!(imports::register_source(c, &editor, &input), Err(Error::Forbidden)));
            // A manager may not make a feed trusted; plain http is only for this machine.
            let trusted = SourceInput { trusted: true, ..input.clone() };
            match imports::register_source(c, &w.manager, &trusted) {
                Err(Error::Invalid(e)) => assert_eq!(e[0].msg.key, "admin-error-trusted-by-admin"),
                other => panic!("{other:?}"),
            }
            let http = SourceInput { url: Some("http://example.org/a.ics".into()), ..input.clone() };
            match imports::register_source(c, &w.manager, &http) {
                Err(Error::Invalid(e)) => assert_eq!(e[0].field, "url"),
                other => panic!("{other:?}"),
            }
            assert_eq!(babillard::store::audit::count(c).unwrap(), audit);
            let id = imports::register_source(c, &w.manager, &input).unwrap();
            // Each one lists the feeds it manages.
            let mut mine: Vec<i64> = imports::list_sources(c, &w.manager).unwrap().iter().map(|v| v.source.id).collect();
            mine.sort_unstable();
            assert_eq!(mine, vec![w.source, id]);
            assert!(imports::list_sources(c, &stranger).unwrap().is_empty());
            assert_eq!(imports::list_sources(c, &w.admin).unwrap().len(), 2);
            // Changing it: the stranger may not, the manager may.
            let renamed = SourceInput { name: "Agenda du club".into(), ..input };
            assert!(matches!(imports::update_source(c, &stranger, id, &renamed), Err(Error::Forbidden)));
            imports::update_source(c, &w.manager, id, &renamed).unwrap();
            assert_eq!(imports::source(c, id).unwrap().name, "Agenda du club");
        });
    }

    async fn failing_feeds_back_off_and_come_due_again(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c, false);
            let now = babillard::db::now();
            let due: Vec<i64> = imports::due_sources(c, now).unwrap().iter().map(|s| s.id).collect();
            assert_eq!(due, vec![w.source], "a new feed is fetched at once");
            imports::record_failure(c, w.source, "timeout", now).unwrap();
            imports::record_failure(c, w.source, "timeout", now).unwrap();
            let s = imports::source(c, w.source).unwrap();
            assert_eq!((s.failures, s.last_error.as_deref()), (2, Some("timeout")));
            assert_eq!(s.next_fetch_at, Some(now + Duration::hours(24)));
            assert!(imports::due_sources(c, now + Duration::hours(23)).unwrap().is_empty());
            let validators = Validators { etag: Some("\"v2\"".into()), last_modified: None };
            imports::record_fetch(c, w.source, &validators, now).unwrap();
            let s = imports::source(c, w.source).unwrap();
            assert_eq!((s.failures, s.etag.as_deref(), s.fetched_at), (0, Some("\"v2\""), Some(now)));
            assert_eq!(s.next_fetch_at, Some(now + Duration::hours(6)));
        });
    }
}
