//! The moderation back office and the partner-calendar pages (issue 12, items 1, 3, 4),
//! through the real app: the queue lists what waits (a change shows the old against the
//! new), approving from a card publishes to `/calendar.ics`, a bulk refusal needs its
//! reason and keeps it, a moderator of another MRC neither sees nor decides what is out
//! of reach, staff who moderate nothing have no entry and are refused; a calendar
//! registered by address (served on loopback) is imported by « Importer maintenant »
//! with its summary, an uploaded file is applied at once, a wrong merge is split from
//! the session's page; the region page names moderators and trusted organisations.
//! Both databases.

use crate::common;
use crate::ics_support;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::DbConnection;
use babillard::db::models::User;
use babillard::db::schema::*;
use babillard::domain::access::Access;
use babillard::domain::imported::{ImportedFeed, Occurrence};
use babillard::store::imports::{self, SourceInput};
use babillard::store::moderation;
use chrono::{Duration, NaiveDateTime};
use common::fixtures::{self, Base};
use common::staff::{self, Browser};
use common::{Resp, TestApp};
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
        url: Some(format!("https://club.example.org/{key}")),
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

fn mrc(c: &mut DbConnection, slug: &str) -> i64 {
    mrcs::table
        .filter(mrcs::slug.eq(slug))
        .select(mrcs::id)
        .first(c)
        .unwrap()
}

/// The club (an organisation of the test MRC) with an untrusted calendar; the
/// administrator; a moderator of the test MRC (no other role); the club's manager.
struct World {
    b: Base,
    admin: Access,
    source: i64,
}

const MODERATOR: &str = "moderation@example.org";
const ADMIN: &str = "admin@example.org";
const MANAGER: &str = "gestion@example.org";

fn world(app: &TestApp) -> World {
    app.with_conn(|c| {
        let b = fixtures::base_named(c, "club");
        let admin = staff::user(c, ADMIN, "admin", None);
        let admin = access(c, admin);
        let m = staff::user(c, MODERATOR, "none", None);
        let test_mrc = mrc(c, "test-mrc");
        moderation::add_moderator(c, &admin, m, test_mrc).unwrap();
        staff::user(c, MANAGER, "manager", Some(b.organisation_id));
        let t = town(c, &b);
        let source = imports::register_source(
            c,
            &admin,
            &SourceInput {
                municipality_id: Some(t),
                ..SourceInput::new(b.organisation_id, "Agenda du club", None, b.kind_id)
            },
        )
        .unwrap();
        World { b, admin, source }
    })
}

fn apply(app: &TestApp, source: i64, occurrences: Vec<Occurrence>) {
    app.with_conn(|c| {
        imports::apply(c, source, &feed(occurrences), babillard::db::now(), false).unwrap();
    });
}

fn pending(app: &TestApp) -> Vec<(i64, String)> {
    app.with_conn(|c| {
        submissions::table
            .filter(submissions::state.eq("pending"))
            .order(submissions::id)
            .select((submissions::id, submissions::payload))
            .load::<(i64, String)>(c)
            .unwrap()
    })
}

fn states(app: &TestApp) -> Vec<(String, Option<String>)> {
    app.with_conn(|c| {
        submissions::table
            .order(submissions::id)
            .select((submissions::state, submissions::reason))
            .load(c)
            .unwrap()
    })
}

/// The visible text of a page, tags removed, spaces collapsed.
fn visible(r: &Resp) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in r.text().chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['\u{202f}', '\u{a0}'], " ")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn location(r: &Resp) -> String {
    r.header("location").expect("a redirect")
}

fn id_str(id: i64) -> String {
    id.to_string()
}

on_both_backends! {
    async fn the_queue_lists_new_items_and_shows_a_change_old_against_new(app: TestApp) {
        let w = world(&app);
        let t = fixtures::in_days(7);
        apply(&app, w.source, vec![occurrence("a@club", "Atelier tablette", t)]);
        let first = pending(&app)[0].0;
        app.with_conn(|c| moderation::approve(c, &w.admin, &[first], babillard::db::now()).unwrap());
        // The partner moves it by an hour, and adds another activity.
        let moved = t + Duration::hours(1);
        apply(&app, w.source, vec![
            occurrence("a@club", "Atelier tablette", moved),
            occurrence("b@club", "Café numérique", t + Duration::days(2)),
        ]);
        let mut b = Browser::signed_in(&app, MODERATOR);
        let r = b.get("/admin/moderation").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let text = visible(&r);
        assert!(text.contains("Café numérique"), "{text}");
        assert!(text.contains("Nouvelle"), "{text}");
        assert!(text.contains("Modification"), "{text}");
        // The old time and the new one, in Québec time, with the time marked as changed.
        let old = babillard::domain::time::range_long(t, t + Duration::minutes(90), babillard::domain::lang::Lang::Fr);
        let new = babillard::domain::time::range_long(moved, moved + Duration::minutes(90), babillard::domain::lang::Lang::Fr);
        let html = r.text().replace(['\u{202f}', '\u{a0}'], " ");
        assert!(html.contains(&format!("<del>{old}</del>")), "old time struck: {html}");
        assert!(html.contains(&format!("<ins>{new}</ins>")), "new time marked: {html}");
        assert_eq!(text.matches("(modifié)").count(), 1, "only the time changed: {text}");
        assert!(text.contains("Calendrier « Agenda du club »"), "{text}");
        // Each item has its own approve and refuse forms, and a checkbox for the bulk bar.
        for (id, _) in pending(&app) {
            assert!(html.contains(&format!("name=\"ids\" value=\"{id}\" id=\"pick-{id}\"")), "{html}");
            assert!(html.contains(&format!("id=\"reason-{id}\"")), "{html}");
        }
        // The navigation counts what waits.
        assert!(text.contains("Modération (2)"), "{text}");
    }

    async fn approving_from_a_card_publishes_it_to_the_calendar_feed(app: TestApp) {
        let w = world(&app);
        apply(&app, w.source, vec![occurrence("a@club", "Atelier tablette pour aînés", fixtures::in_days(5))]);
        let ics = app.get("/calendar.ics").await.text();
        assert!(!ics.contains("Atelier tablette pour aînés"), "not published before approval");
        let id = pending(&app)[0].0;
        let mut b = Browser::signed_in(&app, MODERATOR);
        let r = b.post("/admin/moderation/approve", &[("ids", &id_str(id)), ("item", &id_str(id))]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(location(&r), "/admin/moderation?approved=1#decided");
        let back = b.get("/admin/moderation?approved=1").await;
        let text = visible(&back);
        assert!(text.contains("1 activité approuvée"), "{text}");
        assert!(back.text().contains("id=\"decided\""));
        assert!(text.contains("Rien n'attend votre décision"), "{text}");
        let ics = app.get("/calendar.ics").await.text();
        assert!(ics.contains("Atelier tablette pour aînés"), "{ics}");
        assert_eq!(states(&app), vec![("approved".to_owned(), None)]);
        // Approving it again (another tab, a slow tablet) is reported, not an error.
        let again = b.post("/admin/moderation/approve", &[("ids", &id_str(id))]).await;
        assert_eq!(location(&again), "/admin/moderation?approved=0&skipped=1#decided");
        let text = visible(&b.get("/admin/moderation?approved=0&skipped=1").await);
        assert!(text.contains("1 activité avait déjà été traitée par quelqu'un d'autre"), "{text}");
        // The public page names where it comes from.
        let session: i64 = app.with_conn(|c| sessions::table.select(sessions::id).first(c).unwrap());
        let page = visible(&app.get(&format!("/sessions/{session}")).await);
        assert!(page.contains("Source Agenda du club"), "{page}");
    }

    async fn a_bulk_refusal_needs_a_reason_and_keeps_it(app: TestApp) {
        let w = world(&app);
        let t = fixtures::in_days(6);
        apply(&app, w.source, vec![
            occurrence("a@club", "Vente de garage", t),
            occurrence("b@club", "Souper spaghetti", t + Duration::days(1)),
        ]);
        let ids: Vec<String> = pending(&app).iter().map(|(id, _)| id.to_string()).collect();
        let mut b = Browser::signed_in(&app, MODERATOR);
        let r = b.post("/admin/moderation/reject", &[("ids", &ids[0]), ("ids", &ids[1]), ("reason", "  ")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("href=\"#bulk-reason\""), "the summary links to the field: {html}");
        assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"e-bulk-reason\""), "{html}");
        assert!(visible(&r).contains("Inscrivez la raison du refus"));
        assert_eq!(states(&app), vec![("pending".to_owned(), None), ("pending".to_owned(), None)]);
        // One card's own refusal without a reason comes back to that card.
        let r = b.post("/admin/moderation/reject", &[("ids", &ids[1]), ("item", &ids[1]), ("reason", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains(&format!("href=\"#reason-{}\"", ids[1])));
        // Nothing checked: said on the page.
        let r = b.post("/admin/moderation/reject", &[("reason", "Hors sujet")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(visible(&r).contains("Cochez au moins une activité"));
        let r = b.post("/admin/moderation/reject", &[("ids", &ids[0]), ("ids", &ids[1]), ("reason", "Pas une activité numérique.")]).await;
        assert_eq!(location(&r), "/admin/moderation?rejected=2#decided");
        let reason = Some("Pas une activité numérique.".to_owned());
        assert_eq!(states(&app), vec![("rejected".to_owned(), reason.clone()), ("rejected".to_owned(), reason)]);
        let text = visible(&b.get("/admin/moderation?rejected=2").await);
        assert!(text.contains("2 activités refusées"), "{text}");
        let audit: i64 = app.with_conn(|c| audit_log::table.filter(audit_log::action.eq("reject")).count().get_result(c).unwrap());
        assert_eq!(audit, 2);
    }

    async fn a_moderator_of_another_mrc_neither_sees_nor_decides_out_of_reach(app: TestApp) {
        let w = world(&app);
        apply(&app, w.source, vec![occurrence("a@club", "Atelier tablette", fixtures::in_days(5))]);
        let id = pending(&app)[0].0;
        app.with_conn(|c| {
            let region: i64 = regions::table.select(regions::id).first(c).unwrap();
            diesel::insert_into(mrcs::table)
                .values((mrcs::region_id.eq(region), mrcs::slug.eq("autre-mrc"), mrcs::name.eq("Autre MRC")))
                .execute(c)
                .unwrap();
            let far = staff::user(c, "loin@example.org", "none", None);
            let far_mrc = mrc(c, "autre-mrc");
            moderation::add_moderator(c, &w.admin, far, far_mrc).unwrap();
        });
        let mut b = Browser::signed_in(&app, "loin@example.org");
        let r = b.get("/admin/moderation").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.text().contains("Atelier tablette"), "out of reach is not shown");
        assert!(visible(&r).contains("Modération (0)") || visible(&r).contains("Modération"));
        for path in ["/admin/moderation/approve", "/admin/moderation/reject"] {
            let r = b.post(path, &[("ids", &id_str(id)), ("reason", "Non")]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        }
        assert_eq!(states(&app), vec![("pending".to_owned(), None)]);
    }

    async fn staff_who_moderate_nothing_have_no_entry_and_are_refused(app: TestApp) {
        let w = world(&app);
        apply(&app, w.source, vec![occurrence("a@club", "Atelier tablette", fixtures::in_days(5))]);
        let id = pending(&app)[0].0;
        // The club's own manager does not moderate its feed.
        let mut b = Browser::signed_in(&app, MANAGER);
        let home = b.get("/admin").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(!home.text().contains("href=\"/admin/moderation\""), "no nav entry");
        assert!(home.text().contains("href=\"/admin/sources\""), "a manager has partner calendars");
        assert_eq!(b.get("/admin/moderation").await.status, StatusCode::FORBIDDEN);
        let r = b.post("/admin/moderation/approve", &[("ids", &id_str(id))]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(states(&app), vec![("pending".to_owned(), None)]);
        // The moderator has the entry, with the count; the administrator too.
        for who in [MODERATOR, ADMIN] {
            let home = Browser::signed_in(&app, who).get("/admin").await;
            assert!(home.text().contains("href=\"/admin/moderation\""), "{who}");
            assert!(visible(&home).contains("Modération (1)"), "{who}");
        }
    }

    async fn a_calendar_registered_by_address_is_imported_now_with_its_summary(app: TestApp) {
        let w = world(&app);
        let server = ics_support::start();
        let url = server.url("/fixtures/google.ics");
        let mut b = Browser::signed_in(&app, MANAGER);
        let list = b.get("/admin/sources").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(visible(&list).contains("Agenda du club"));
        // A plain-http address elsewhere than on this machine is refused, with the form again.
        let kind = id_str(w.b.kind_id);
        let org = id_str(w.b.organisation_id);
        let r = b.post("/admin/sources", &[("name", "Bibliothèque"), ("organisation_id", &org), ("kind_id", &kind), ("url", "http://example.org/a.ics")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().contains("href=\"#f-url\""), "{}", r.text());
        // A manager cannot make a feed trusted.
        let r = b.post("/admin/sources", &[("name", "Bibliothèque"), ("organisation_id", &org), ("kind_id", &kind), ("url", &url), ("trusted", "1")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = b.post("/admin/sources", &[
            ("name", "Bibliothèque"), ("organisation_id", &org), ("kind_id", &kind), ("url", &url),
            ("rule_keyword", "tablette"), ("rule_target", ""), ("rule_keyword", ""), ("rule_target", ""),
        ]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a keyword without its topic");
        let r = b.post("/admin/sources", &[("name", "Bibliothèque"), ("organisation_id", &org), ("kind_id", &kind), ("url", &url), ("refresh_minutes", "1440")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let page = location(&r);
        let id: i64 = page.trim_start_matches("/admin/sources/").split('?').next().unwrap().parse().unwrap();
        let shown = b.get(&page).await;
        assert_eq!(shown.status, StatusCode::OK);
        let text = visible(&shown);
        assert!(text.contains("Calendrier ajouté"), "{text}");
        assert!(text.contains(&url), "{text}");
        assert!(text.contains("Importer maintenant"));
        let r = b.post(&format!("/admin/sources/{id}/import"), &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let text = visible(&r);
        assert!(text.contains("Résultat de la lecture"), "{text}");
        // The fixture's activities were in the autumn of 2026: all over by now.
        assert!(text.contains("Déjà passées :"), "{text}");
        assert!(!text.contains("n'a pas pu être lu"), "{text}");
        let (fetched, error): (Option<NaiveDateTime>, Option<String>) = app.with_conn(|c| {
            calendar_sources::table.find(id).select((calendar_sources::fetched_at, calendar_sources::last_error)).first(c).unwrap()
        });
        assert!(fetched.is_some());
        assert_eq!(error, None);
        assert_eq!(server.bodies_sent(), 1);
        // Again: the partner answers 304, said in words.
        let r = b.post(&format!("/admin/sources/{id}/import"), &[]).await;
        assert!(visible(&r).contains("Le calendrier n'a pas changé"), "{}", visible(&r));
        assert_eq!(server.bodies_sent(), 1);
        // A failing address is reported on the page and kept on the source.
        let r = b.post(&format!("/admin/sources/{id}"), &[("name", "Bibliothèque"), ("organisation_id", &org), ("kind_id", &kind), ("url", &server.url("/no-such-calendar.ics"))]).await;
        assert_eq!(location(&r), format!("/admin/sources/{id}?done=saved"));
        let r = b.post(&format!("/admin/sources/{id}/import"), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(visible(&r).contains("Le calendrier n'a pas pu être lu"), "{}", visible(&r));
        let failures: i32 = app.with_conn(|c| calendar_sources::table.find(id).select(calendar_sources::failures).first(c).unwrap());
        assert_eq!(failures, 1);
        // Another organisation's manager reaches neither the page nor the button.
        let other = app.with_conn(|c| fixtures::base_named(c, "autre"));
        app.with_conn(|c| staff::user(c, "autre@example.org", "manager", Some(other.organisation_id)));
        let mut o = Browser::signed_in(&app, "autre@example.org");
        assert_eq!(o.get(&format!("/admin/sources/{id}")).await.status, StatusCode::FORBIDDEN);
        assert_eq!(o.post(&format!("/admin/sources/{id}/import"), &[]).await.status, StatusCode::FORBIDDEN);
        assert!(!o.get("/admin/sources").await.text().contains("Bibliothèque"));
    }

    async fn an_uploaded_file_is_applied_at_once(app: TestApp) {
        let w = world(&app);
        let start = fixtures::in_days(10).format("%Y%m%dT%H%M%SZ").to_string();
        let end = (fixtures::in_days(10) + Duration::hours(2)).format("%Y%m%dT%H%M%SZ").to_string();
        let ics = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\nBEGIN:VEVENT\r\nUID:un@club\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:Initiation à la tablette\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:deux@club\r\nDTSTAMP:20261201T000000Z\r\nSUMMARY:Sans date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        let mut b = Browser::signed_in(&app, MANAGER);
        let csrf = b.csrf();
        let org = id_str(w.b.organisation_id);
        let kind = id_str(w.b.kind_id);
        let fields = [("csrf_token", csrf.as_str()), ("name", ""), ("organisation_id", &org), ("kind_id", &kind), ("url", "")];
        let r = multipart(&mut b, "/admin/sources", &fields, Some(("agenda-club.ics", ics.as_bytes()))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let text = visible(&r);
        assert!(text.contains("Résultat de la lecture"), "{text}");
        assert!(text.contains("En attente de modération : 1"), "{text}");
        assert!(text.contains("Refusées : 1"), "the event without a date: {text}");
        assert!(text.contains("fichier téléversé"), "{text}");
        let name: String = app.with_conn(|c| {
            calendar_sources::table.order(calendar_sources::id.desc()).select(calendar_sources::name).first(c).unwrap()
        });
        assert_eq!(name, "agenda-club", "the file's name names the feed");
        // It waits for the moderator.
        let queue = Browser::signed_in(&app, MODERATOR).get("/admin/moderation").await;
        assert!(visible(&queue).contains("Initiation à la tablette"));
        // Neither an address nor a file: said on the form. Without the CSRF token: refused.
        let r = multipart(&mut b, "/admin/sources", &fields, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(visible(&r).contains("l'un ou l'autre"));
        let before = app.with_conn(|c| common::row_count(c, "calendar_sources"));
        let r = multipart(&mut b, "/admin/sources", &fields[1..], Some(("x.ics", ics.as_bytes()))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(app.with_conn(|c| common::row_count(c, "calendar_sources")), before);
    }

    async fn a_wrong_merge_is_split_from_the_sessions_page(app: TestApp) {
        let w = world(&app);
        let (a, b2) = app.with_conn(|c| {
            let place = town(c, &w.b);
            let mut mk = |name: &str| {
                imports::register_source(c, &w.admin, &SourceInput {
                    trusted: true,
                    municipality_id: Some(place),
                    ..SourceInput::new(w.b.organisation_id, name, None, w.b.kind_id)
                }).unwrap()
            };
            (mk("Agenda municipal"), mk("Bibliothèque"))
        });
        let t = fixtures::in_days(9);
        apply(&app, a, vec![occurrence("x@ville", "Atelier tablette", t)]);
        apply(&app, b2, vec![occurrence("1@biblio", "Atelier : tablette (débutants)", t + Duration::minutes(10))]);
        let session: i64 = app.with_conn(|c| sessions::table.select(sessions::id).first(c).unwrap());
        let mut b = Browser::signed_in(&app, MANAGER);
        let page = b.get(&format!("/admin/sessions/{session}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains("Agenda municipal") && html.contains("Bibliothèque"), "{html}");
        assert_eq!(html.matches("/split\"").count(), 1, "only the merged origin can be split");
        let origin: i64 = app.with_conn(|c| {
            session_origins::table
                .inner_join(calendar_sources::table)
                .filter(calendar_sources::name.eq("Bibliothèque"))
                .select(session_origins::id)
                .first(c)
                .unwrap()
        });
        let public = visible(&app.get(&format!("/sessions/{session}")).await);
        assert!(public.contains("Source Agenda municipal , Bibliothèque"), "both origins named: {public}");
        let r = b.post(&format!("/admin/sessions/{session}/origins/{origin}/split"), &[]).await;
        assert_eq!(location(&r), format!("/admin/sessions/{session}?done=split-published"));
        let text = visible(&b.get(&location(&r)).await);
        assert!(text.contains("Activités séparées"), "{text}");
        let n: i64 = app.with_conn(|c| sessions::table.count().get_result(c).unwrap());
        assert_eq!(n, 2);
        // The split holds across a re-import.
        apply(&app, b2, vec![occurrence("1@biblio", "Atelier : tablette (débutants)", t + Duration::minutes(10))]);
        let n: i64 = app.with_conn(|c| sessions::table.count().get_result(c).unwrap());
        assert_eq!(n, 2);
        // Splitting it again: the origin is no longer there.
        let r = b.post(&format!("/admin/sessions/{session}/origins/{origin}/split"), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }

    async fn the_region_page_names_moderators_and_trusted_organisations(app: TestApp) {
        let w = world(&app);
        let mut b = Browser::signed_in(&app, ADMIN);
        let test_mrc = app.with_conn(|c| mrc(c, "test-mrc"));
        let r = b.post("/admin/region/moderators", &[("mrc_id", &id_str(test_mrc)), ("email", "personne@example.org")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(visible(&r).contains("Aucun compte n'a cette adresse"));
        let r = b.post("/admin/region/moderators", &[("mrc_id", &id_str(test_mrc)), ("email", " Gestion@Example.org ")]).await;
        assert_eq!(location(&r), "/admin/region?done=moderator-added");
        let page = visible(&b.get("/admin/region").await);
        assert!(page.contains("MRC test — gestion@example.org"), "{page}");
        // The manager now moderates their MRC.
        assert_eq!(Browser::signed_in(&app, MANAGER).get("/admin/moderation").await.status, StatusCode::OK);
        let manager: i64 = app.with_conn(|c| users::table.filter(users::email.eq(MANAGER)).select(users::id).first(c).unwrap());
        let r = b.post(&format!("/admin/region/mrcs/{test_mrc}/moderators/{manager}/remove"), &[]).await;
        assert_eq!(location(&r), "/admin/region?done=moderator-removed");
        assert_eq!(Browser::signed_in(&app, MANAGER).get("/admin/moderation").await.status, StatusCode::FORBIDDEN);
        // A trusted organisation's feed publishes without moderation.
        let r = b.post(&format!("/admin/region/organisations/{}/trusted", w.b.organisation_id), &[("trusted", "1")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        apply(&app, w.source, vec![occurrence("a@club", "Atelier tablette", fixtures::in_days(4))]);
        assert!(pending(&app).is_empty());
        assert!(app.get("/calendar.ics").await.text().contains("Atelier tablette"));
        // Only the administrator may.
        let r = Browser::signed_in(&app, MODERATOR).post(&format!("/admin/region/organisations/{}/trusted", w.b.organisation_id), &[("trusted", "0")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

/// Posts `fields` (and a file, as a browser's file input sends it) as
/// `multipart/form-data`, with the browser's cookies.
async fn multipart(
    b: &mut Browser<'_>,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Resp {
    let boundary = "----babillard-test-boundary-7MA4YWxkTrZu0gW";
    let mut body: Vec<u8> = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    let (name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/calendar\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = TestRequest::post()
        .uri(path)
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .set_payload(body);
    for (k, v) in &b.cookies {
        req = req.cookie(actix_web::cookie::Cookie::new(k.clone(), v.clone()));
    }
    b.app.call(req).await
}
