//! Moderation and duplicates in the store (issue 12, items 3 and 4): approving an
//! untrusted feed's activity publishes it, rejecting keeps the reason (and a re-import
//! does not queue it again), a moved time on an approved activity waits for a
//! moderator while the old version stays visible, each decision has its audit entry;
//! the same activity from two feeds is shown once with both origins, a split undoes the
//! merge and holds across re-imports; a manager of another organisation and a
//! moderator of another MRC are refused. Both databases.

use crate::common;

use babillard::db::DbConnection;
use babillard::db::models::{Session, User};
use babillard::db::schema::*;
use babillard::domain::access::Access;
use babillard::domain::filter::SessionFilter;
use babillard::domain::imported::{ImportedFeed, Occurrence};
use babillard::error::Error;
use babillard::store::imports::{self, SourceInput};
use babillard::store::moderation;
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

fn occurrence(key: &str, title: &str, starts_at: NaiveDateTime) -> Occurrence {
    Occurrence {
        key: key.to_owned(),
        starts_at,
        ends_at: starts_at + Duration::minutes(90),
        all_day: false,
        title: title.to_owned(),
        description: String::new(),
        location: None,
        url: None,
        cancelled: false,
    }
}

fn feed(occurrences: Vec<Occurrence>) -> ImportedFeed {
    ImportedFeed {
        name: None,
        occurrences,
        refused: vec![],
    }
}

fn town(c: &mut DbConnection, b: &Base) -> i64 {
    organisations::table
        .find(b.organisation_id)
        .select(organisations::municipality_id.assume_not_null())
        .first(c)
        .unwrap()
}

fn source(
    c: &mut DbConnection,
    admin: &Access,
    b: &Base,
    name: &str,
    trusted: bool,
    town: i64,
) -> i64 {
    imports::register_source(
        c,
        admin,
        &SourceInput {
            trusted,
            municipality_id: Some(town),
            ..SourceInput::new(b.organisation_id, name, None, b.kind_id)
        },
    )
    .unwrap()
}

/// An organisation of the test MRC with an untrusted feed; the administrator; a
/// moderator of the test MRC.
struct World {
    b: Base,
    admin: Access,
    moderator: Access,
    source: i64,
}

fn world(c: &mut DbConnection) -> World {
    let b = fixtures::base_named(c, "club");
    let admin = staff::user(c, "admin@example.org", "admin", None);
    let admin = access(c, admin);
    let m = staff::user(c, "moderation@example.org", "none", None);
    let mrc: i64 = mrcs::table
        .filter(mrcs::slug.eq("test-mrc"))
        .select(mrcs::id)
        .first(c)
        .unwrap();
    moderation::add_moderator(c, &admin, m, mrc).unwrap();
    let moderator = access(c, m);
    let t = town(c, &b);
    let source = source(c, &admin, &b, "Agenda du club", false, t);
    World {
        b,
        admin,
        moderator,
        source,
    }
}

fn sessions_of(c: &mut DbConnection) -> Vec<Session> {
    sessions::table
        .order(sessions::id)
        .select(Session::as_select())
        .load(c)
        .unwrap()
}

fn public(c: &mut DbConnection) -> Vec<(String, NaiveDateTime)> {
    let (found, _) = babillard::store::sessions::search(
        c,
        &SessionFilter::default(),
        None,
        babillard::db::now(),
    )
    .unwrap();
    found
        .into_iter()
        .map(|d| (d.session.title, d.session.starts_at))
        .collect()
}

fn audit_actions(c: &mut DbConnection) -> Vec<(String, Option<i64>)> {
    audit_log::table
        .filter(audit_log::entity.eq("submission"))
        .order(audit_log::id)
        .select((audit_log::action, audit_log::entity_id))
        .load(c)
        .unwrap()
}

on_both_backends! {
    async fn approving_publishes_and_a_re_import_queues_nothing_more(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c);
            let t = fixtures::in_days(7);
            let f = feed(vec![occurrence("a@club", "Atelier tablette", t), occurrence("b@club", "Atelier courriel", t + Duration::days(1))]);
            imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            let queue = moderation::queue(c, &w.moderator, babillard::db::now()).unwrap();
            let ids: Vec<i64> = queue.iter().map(|i| i.id).collect();
            assert_eq!(ids.len(), 2);
            // One tap approves both.
            let decided = moderation::approve(c, &w.moderator, &ids, babillard::db::now()).unwrap();
            assert_eq!(decided.done.len(), 2);
            assert_eq!(public(c), vec![("Atelier tablette".into(), t), ("Atelier courriel".into(), t + Duration::days(1))]);
            assert_eq!(audit_actions(c), vec![("approve".into(), Some(ids[0])), ("approve".into(), Some(ids[1]))]);
            assert!(moderation::queue(c, &w.moderator, babillard::db::now()).unwrap().is_empty());
            // Approving again changes nothing: the items are already decided.
            let again = moderation::approve(c, &w.moderator, &ids, babillard::db::now()).unwrap();
            assert_eq!((again.done.len(), again.skipped), (0, ids.clone()));
            // The feed, read again as it was, is already live.
            let s = imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            assert_eq!((s.unchanged, s.queued, s.new), (2, 0, 0), "{s:?}");
            let state: Vec<String> = submissions::table.select(submissions::state).load(c).unwrap();
            assert_eq!(state, vec!["approved", "approved"]);
        });
    }

    async fn rejecting_keeps_the_reason_and_the_item_does_not_come_back(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c);
            let f = feed(vec![occurrence("a@club", "Vente de garage", fixtures::in_days(7))]);
            imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            let id = moderation::queue(c, &w.moderator, babillard::db::now()).unwrap()[0].id;
            match moderation::reject(c, &w.moderator, &[id], "  ", babillard::db::now()) {
                Err(Error::Invalid(e)) => assert_eq!(e[0].field, "reason"),
                other => panic!("{other:?}"),
            }
            moderation::reject(c, &w.moderator, &[id], "Pas une activité numérique.", babillard::db::now()).unwrap();
            let (state, reason, by): (String, Option<String>, Option<i64>) = submissions::table
                .find(id)
                .select((submissions::state, submissions::reason, submissions::decided_by))
                .first(c)
                .unwrap();
            assert_eq!((state.as_str(), reason.as_deref(), by), ("rejected", Some("Pas une activité numérique."), Some(w.moderator.user_id)));
            assert_eq!(audit_actions(c), vec![("reject".into(), Some(id))]);
            assert!(public(c).is_empty());
            let s = imports::apply(c, w.source, &f, babillard::db::now(), false).unwrap();
            assert_eq!((s.unchanged, s.queued), (1, 0), "{s:?}");
            assert!(moderation::queue(c, &w.moderator, babillard::db::now()).unwrap().is_empty());
        });
    }

    async fn a_moved_time_waits_for_a_moderator_while_the_old_version_stays_visible(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c);
            let t = fixtures::in_days(7);
            let mut o = occurrence("a@club", "Atelier tablette", t);
            imports::apply(c, w.source, &feed(vec![o.clone()]), babillard::db::now(), false).unwrap();
            let id = moderation::queue(c, &w.moderator, babillard::db::now()).unwrap()[0].id;
            moderation::approve(c, &w.moderator, &[id], babillard::db::now()).unwrap();
            let live = sessions_of(c).remove(0);
            // The partner moves it by an hour and rewrites the description.
            o.starts_at = t + Duration::hours(1);
            o.ends_at = o.starts_at + Duration::minutes(90);
            o.description = "Nouvelle description".into();
            let s = imports::apply(c, w.source, &feed(vec![o.clone()]), babillard::db::now(), false).unwrap();
            assert_eq!((s.queued, s.updated), (1, 1), "{s:?}");
            let now_live = sessions_of(c).remove(0);
            assert_eq!(now_live.starts_at, t, "the approved time stays until a moderator decides");
            assert_eq!(now_live.description, "Nouvelle description", "a minor change applies at once");
            assert_eq!(now_live.sequence, live.sequence);
            assert_eq!(public(c), vec![("Atelier tablette".into(), t)]);
            let queue = moderation::queue(c, &w.moderator, babillard::db::now()).unwrap();
            assert_eq!(queue.len(), 1);
            let item = &queue[0];
            assert_eq!(item.changed, vec!["time"]);
            assert_eq!(item.live.as_ref().map(|l| (l.session_id, l.starts_at)), Some((live.id, t)));
            assert_eq!(item.proposed.starts_at, t + Duration::hours(1));
            // Reading the same feed again queues nothing more.
            let s = imports::apply(c, w.source, &feed(vec![o]), babillard::db::now(), false).unwrap();
            assert!(!s.wrote(), "{s:?}");
            moderation::approve(c, &w.moderator, &[item.id], babillard::db::now()).unwrap();
            let moved = sessions_of(c).remove(0);
            assert_eq!((moved.id, moved.starts_at), (live.id, t + Duration::hours(1)));
            assert_eq!(moved.sequence, live.sequence + 1, "subscribers' calendars update");
        });
    }

    async fn the_same_activity_from_two_feeds_is_shown_once_and_a_split_holds(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c);
            let place = town(c, &w.b);
            let a = source(c, &w.admin, &w.b, "Agenda municipal", true, place);
            let other = fixtures::base_named(c, "biblio");
            let b = source(c, &w.admin, &other, "Bibliothèque", true, place);
            let t = fixtures::in_days(9);
            let fa = feed(vec![
                occurrence("x@ville", "Atelier tablette", t),
                occurrence("y@ville", "Heure du conte", t + Duration::days(1)),
            ]);
            // Ten minutes later, a variant title; and a near miss that is another activity.
            let fb = feed(vec![
                occurrence("1@biblio", "Atelier : tablette (débutants)", t + Duration::minutes(10)),
                occurrence("2@biblio", "Heure du code", t + Duration::days(1)),
            ]);
            imports::apply(c, a, &fa, babillard::db::now(), false).unwrap();
            let s = imports::apply(c, b, &fb, babillard::db::now(), false).unwrap();
            assert_eq!((s.merged, s.new), (1, 1), "{s:?}");
            let titles: Vec<String> = public(c).into_iter().map(|(t, _)| t).collect();
            assert_eq!(titles, vec!["Atelier tablette", "Heure du conte", "Heure du code"]);
            let merged = sessions_of(c).remove(0);
            let origins = moderation::origins(c, merged.id).unwrap();
            let names: Vec<&str> = origins.iter().map(|(_, n)| n.as_str()).collect();
            assert_eq!(names, vec!["Agenda municipal", "Bibliothèque"]);
            // Re-reading both feeds changes nothing.
            assert!(!imports::apply(c, a, &fa, babillard::db::now(), false).unwrap().wrote());
            assert!(!imports::apply(c, b, &fb, babillard::db::now(), false).unwrap().wrote());
            // A moderator splits the wrong merge: the library's one becomes its own session.
            let created = moderation::split(c, &w.moderator, merged.id, origins[1].0.id, babillard::db::now()).unwrap();
            let created = created.expect("a trusted feed's activity is published");
            let titles: Vec<String> = public(c).into_iter().map(|(t, _)| t).collect();
            assert_eq!(titles, vec!["Atelier tablette", "Atelier : tablette (débutants)", "Heure du conte", "Heure du code"]);
            assert_eq!(moderation::origins(c, merged.id).unwrap().len(), 1);
            assert_eq!(moderation::origins(c, created).unwrap()[0].1, "Bibliothèque");
            // The split holds across re-imports of both feeds.
            let s = imports::apply(c, b, &fb, babillard::db::now(), false).unwrap();
            assert!(!s.wrote(), "{s:?}");
            assert!(!imports::apply(c, a, &fa, babillard::db::now(), false).unwrap().wrote());
            assert_eq!(sessions_of(c).len(), 4);
            // Splitting the session's own origin is refused.
            let own = moderation::origins(c, merged.id).unwrap()[0].0.id;
            assert!(matches!(moderation::split(c, &w.admin, merged.id, own, babillard::db::now()), Err(Error::Conflict(_))));
            let splits: i64 = audit_log::table.filter(audit_log::action.eq("split")).count().get_result(c).unwrap();
            assert_eq!(splits, 1);
        });
    }

    async fn another_organisations_manager_and_another_mrcs_moderator_are_refused(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c);
            imports::apply(c, w.source, &feed(vec![occurrence("a@club", "Atelier tablette", fixtures::in_days(7))]), babillard::db::now(), false).unwrap();
            let id = moderation::queue(c, &w.admin, babillard::db::now()).unwrap()[0].id;
            // A manager of another organisation moderates nothing.
            let other = fixtures::base_named(c, "autre");
            let stranger = staff::user(c, "autre@example.org", "manager", Some(other.organisation_id));
            let stranger = access(c, stranger);
            // Even the club's own manager does not approve its own feed.
            let own = staff::user(c, "gestion@example.org", "manager", Some(w.b.organisation_id));
            let own = access(c, own);
            // A moderator of another MRC.
            let region: i64 = regions::table.select(regions::id).first(c).unwrap();
            diesel::insert_into(mrcs::table)
                .values((mrcs::region_id.eq(region), mrcs::slug.eq("autre-mrc"), mrcs::name.eq("Autre MRC")))
                .execute(c)
                .unwrap();
            let far_mrc: i64 = mrcs::table.filter(mrcs::slug.eq("autre-mrc")).select(mrcs::id).first(c).unwrap();
            let far = staff::user(c, "loin@example.org", "none", None);
            moderation::add_moderator(c, &w.admin, far, far_mrc).unwrap();
            let far = access(c, far);
            let audit = babillard::store::audit::count(c).unwrap();
            for who in [&stranger, &own, &far] {
                assert!(matches!(moderation::approve(c, who, &[id], babillard::db::now()), Err(Error::Forbidden)));
                assert!(matches!(moderation::reject(c, who, &[id], "non", babillard::db::now()), Err(Error::Forbidden)));
            }
            assert!(matches!(moderation::queue(c, &stranger, babillard::db::now()), Err(Error::Forbidden)));
            assert!(moderation::queue(c, &far, babillard::db::now()).unwrap().is_empty());
            // Naming moderators is the administrator's.
            assert!(matches!(moderation::add_moderator(c, &w.moderator, w.moderator.user_id, far_mrc), Err(Error::Forbidden)));
            assert_eq!(babillard::store::audit::count(c).unwrap(), audit);
            let state: String = submissions::table.find(id).select(submissions::state).first(c).unwrap();
            assert_eq!(state, "pending");
            // The MRC's own moderator and the administrator both may.
            assert_eq!(moderation::queue(c, &w.moderator, babillard::db::now()).unwrap().len(), 1);
            moderation::approve(c, &w.moderator, &[id], babillard::db::now()).unwrap();
        });
    }

    async fn a_trusted_organisation_publishes_its_untrusted_feed_directly(app: TestApp) {
        app.with_conn(|c| {
            let w = world(c);
            assert!(matches!(moderation::set_trusted(c, &w.moderator, w.b.organisation_id, true), Err(Error::Forbidden)));
            moderation::set_trusted(c, &w.admin, w.b.organisation_id, true).unwrap();
            let s = imports::apply(c, w.source, &feed(vec![occurrence("a@club", "Atelier tablette", fixtures::in_days(3))]), babillard::db::now(), false).unwrap();
            assert_eq!((s.new, s.queued), (1, 0));
            assert_eq!(public(c).len(), 1);
        });
    }
}
