//! Access control of the back office, as a table: every back-office route and every
//! staff-API write, tried as anonymous, as a manager of another organisation, as a
//! trainer, as an editor, as a manager, as a regional administrator. Each try checks
//! the status AND, when refused, that nothing stored changed; the other organisation's
//! manager never sees a word of this organisation's data. A last test fails when a
//! route is added to `web::admin::ROUTES` without a row here.

use crate::common;

use std::sync::atomic::{AtomicI64, Ordering};

use babillard::db::DbConnection;
use common::TestApp;
use common::fixtures::{self, Base};
use common::staff::{self, Browser};
use serde_json::{Value, json};

const ROLES: [&str; 6] = ["anon", "other", "trainer", "editor", "manager", "admin"];

/// What the other organisation's manager must never read.
const SECRETS: [&str; 2] = ["Secret-A", "Programme biblio"];

struct World {
    a: Base,
    b: Base,
    session: i64,
    linked: i64,
    free_trainer: i64,
    mrc: i64,
}

fn world(app: &TestApp) -> World {
    app.with_conn(|c| {
        let a = fixtures::base_named(c, "biblio");
        let b = fixtures::base_named(c, "autre");
        staff::user(c, "admin@example.org", "admin", None);
        staff::user(c, "manager@example.org", "manager", Some(a.organisation_id));
        staff::user(c, "editor@example.org", "editor", Some(a.organisation_id));
        staff::user(c, "other@example.org", "manager", Some(b.organisation_id));
        let trainer_user = staff::user(c, "trainer@example.org", "none", None);
        let session = fixtures::session(
            c,
            &a,
            "Secret-A atelier tablette",
            fixtures::in_days(5),
            |_| {},
        );
        let linked = staff::trainer(c, "linked", a.organisation_id, Some(trainer_user));
        staff::assign(c, session, linked);
        let free_trainer = staff::trainer(c, "libre", a.organisation_id, None);
        use diesel::prelude::*;
        let mrc = babillard::db::schema::mrcs::table
            .select(babillard::db::schema::mrcs::id)
            .first(c)
            .unwrap();
        World {
            a,
            b,
            session,
            linked,
            free_trainer,
            mrc,
        }
    })
}

static N: AtomicI64 = AtomicI64::new(0);
fn next() -> i64 {
    N.fetch_add(1, Ordering::Relaxed) + 1
}

/// The first organisation's town.
fn town(c: &mut DbConnection) -> i64 {
    use babillard::db::schema::municipalities;
    use diesel::prelude::*;
    municipalities::table
        .filter(municipalities::slug.eq("biblio-ville"))
        .select(municipalities::id)
        .first(c)
        .unwrap()
}

fn fresh_session(c: &mut DbConnection, w: &World, status: &str) -> i64 {
    let n = next();
    let status =
        babillard::domain::session::SessionStatus::parse(status).expect("a session status");
    fixtures::session(
        c,
        &w.a,
        &format!("Secret-A séance {n}"),
        fixtures::in_days(30 + n),
        move |s| s.status = status,
    )
}

fn fresh_event(c: &mut DbConnection, w: &World) -> i64 {
    use babillard::db::schema::events;
    use diesel::prelude::*;
    let slug = format!("secret-a-programme-{}", next());
    diesel::insert_into(events::table)
        .values((
            events::organisation_id.eq(w.a.organisation_id),
            events::slug.eq(&slug),
            events::title.eq("Secret-A programme"),
            events::status.eq("draft"),
            events::created_at.eq(babillard::db::now()),
            events::updated_at.eq(babillard::db::now()),
        ))
        .execute(c)
        .unwrap();
    events::table
        .filter(events::slug.eq(&slug))
        .select(events::id)
        .first(c)
        .unwrap()
}

/// A fresh paid session (15 $, paid at the door) the trainer is assigned to, with one
/// confirmed person who owes it.
fn paying_session(c: &mut DbConnection, w: &World) -> (i64, i64) {
    let s = fresh_session(c, w, "published");
    {
        use babillard::db::schema::sessions;
        use diesel::prelude::*;
        diesel::update(sessions::table.find(s))
            .set(sessions::price_cents.eq(1500))
            .execute(c)
            .unwrap();
    }
    staff::assign(c, s, w.linked);
    let (r, _) = staff::register(
        c,
        s,
        "Gisèle Secret-A",
        &format!("gisele{}@example.org", next()),
    );
    (s, r)
}

/// A fresh published session the trainer is assigned to, with one confirmed person.
fn door_session(c: &mut DbConnection, w: &World) -> (i64, i64) {
    let s = fresh_session(c, w, "published");
    staff::assign(c, s, w.linked);
    let (r, _) = staff::register(
        c,
        s,
        "Gisèle Secret-A",
        &format!("gisele{}@example.org", next()),
    );
    (s, r)
}

enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(Value),
}

fn form(pairs: &[(&str, &str)]) -> Body {
    Body::Form(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn session_form(w: &World, title: &str) -> Body {
    let day = (chrono::Utc::now() + chrono::Duration::days(40))
        .format("%Y-%m-%d")
        .to_string();
    form(&[
        ("title", title),
        ("kind_id", &w.a.kind_id.to_string()),
        ("day", &day),
        ("start", "13:30"),
        ("end", "15:00"),
        ("format", "in_person"),
        ("venue_id", &w.a.venue_id.to_string()),
        ("registration_required", "1"),
        ("capacity", "12"),
    ])
}

type Prep = fn(&mut DbConnection, &World) -> (String, Body);

struct Case {
    method: &'static str,
    pattern: &'static str,
    prep: Prep,
    /// Expected status for anon, other, trainer, editor, manager, admin.
    expect: [u16; 6],
}

const PAGE_MEMBER: [u16; 6] = [401, 403, 403, 200, 200, 200];
const POST_MEMBER: [u16; 6] = [401, 403, 403, 303, 303, 303];
const POST_MANAGER: [u16; 6] = [401, 403, 403, 403, 303, 303];
const API_MEMBER: [u16; 6] = [401, 403, 403, 200, 200, 200];
/// The door: the session's trainer too.
const DOOR_POST: [u16; 6] = [401, 403, 303, 303, 303, 303];
const API_CREATE: [u16; 6] = [401, 403, 403, 201, 201, 201];

fn cases() -> Vec<Case> {
    macro_rules! case {
        ($m:literal $p:literal, $expect:expr, |$c:ident, $w:ident| $prep:expr) => {
            Case {
                method: $m,
                pattern: $p,
                prep: |$c, $w| {
                    let _ = (&$c, &$w);
                    $prep
                },
                expect: $expect,
            }
        };
    }
    vec![
        case!("get" "/admin/sign-in", [200, 303, 303, 303, 303, 303], |c, w| ("/admin/sign-in".into(), Body::None)),
        case!("post" "/admin/sign-in", [401; 6], |c, w| ("/admin/sign-in".into(), form(&[("email", &format!("nobody{}@example.org", next())), ("password", "wrong password")]))),
        case!("post" "/admin/sign-out", [303; 6], |c, w| ("/admin/sign-out".into(), form(&[]))),
        case!("get" "/admin/password/forgot", [200; 6], |c, w| ("/admin/password/forgot".into(), Body::None)),
        case!("post" "/admin/password/forgot", [200; 6], |c, w| ("/admin/password/forgot".into(), form(&[("email", &format!("nobody{}@example.org", next()))]))),
        // The second step of a sign-in without its first leads back to the first.
        case!("get" "/admin/sign-in/code", [303; 6], |c, w| ("/admin/sign-in/code".into(), Body::None)),
        case!("post" "/admin/sign-in/code", [303; 6], |c, w| ("/admin/sign-in/code".into(), form(&[("code", "123456")]))),
        case!("get" "/admin/account", [401, 200, 200, 200, 200, 200], |c, w| ("/admin/account".into(), Body::None)),
        // The administrator of this table has a second factor already.
        case!("get" "/admin/account/two-factor", [401, 200, 200, 200, 200, 303], |c, w| ("/admin/account/two-factor".into(), Body::None)),
        case!("post" "/admin/account/two-factor", [401, 422, 422, 422, 422, 409], |c, w| ("/admin/account/two-factor".into(), form(&[("code", "000000")]))),
        case!("post" "/admin/account/two-factor/off", [401, 422, 422, 422, 422, 409], |c, w| ("/admin/account/two-factor/off".into(), form(&[("code", "000000")]))),
        case!("post" "/admin/account/recovery-codes", [401, 422, 422, 422, 422, 422], |c, w| ("/admin/account/recovery-codes".into(), form(&[("code", "000000")]))),
        case!("get" "/password/reset/{token}", [404; 6], |c, w| ("/password/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(), Body::None)),
        case!("post" "/password/reset/{token}", [404; 6], |c, w| ("/password/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(), form(&[("password", "une longue phrase"), ("confirm", "une longue phrase")]))),
        case!("get" "/admin", [303, 200, 200, 200, 200, 200], |c, w| ("/admin".into(), Body::None)),
        case!("get" "/admin/new", [401, 303, 303, 303, 303, 303], |c, w| (format!("/admin/new?event={}&what=session", w.a.event_id), Body::None)),
        case!("get" "/admin/me/schedule", [401, 403, 200, 403, 403, 403], |c, w| ("/admin/me/schedule".into(), Body::None)),
        case!("post" "/admin/me/schedule/feed", [401, 403, 200, 403, 403, 403], |c, w| ("/admin/me/schedule/feed".into(), form(&[]))),
        case!("get" "/admin/audit", [401, 200, 403, 403, 200, 200], |c, w| ("/admin/audit".into(), Body::None)),
        case!("get" "/admin/organisations", [401, 200, 200, 200, 200, 200], |c, w| ("/admin/organisations".into(), Body::None)),
        case!("post" "/admin/organisations", [401, 403, 403, 403, 403, 303], |c, w| ("/admin/organisations".into(), form(&[("name", &format!("Nouvel organisme {}", next())), ("kind", "library"), ("municipality_id", "")]))),
        case!("get" "/admin/organisations/{id}", PAGE_MEMBER, |c, w| (format!("/admin/organisations/{}", w.a.organisation_id), Body::None)),
        case!("post" "/admin/organisations/{id}", POST_MANAGER, |c, w| (format!("/admin/organisations/{}", w.a.organisation_id), form(&[("name", "Organisme biblio"), ("description", &format!("Mise à jour {}", next())), ("waitlist_mode", "offers"), ("offer_hours", "24")]))),
        case!("post" "/admin/organisations/{id}/payments", POST_MANAGER, |c, w| (format!("/admin/organisations/{}/payments", w.a.organisation_id), form(&[("ways", "both"), ("refund", "before"), ("refund_hours", &format!("{}", next() % 100)), ("late_payment", "refund"), ("tax_number", ""), ("postal_address", "1, rue Principale")]))),
        case!("post" "/admin/organisations/{id}/no-shows", POST_MANAGER, |c, w| (format!("/admin/organisations/{}/no-shows", w.a.organisation_id), form(&[("no_show_limit", ""), ("no_show_days", "365")]))),
        case!("post" "/admin/organisations/{id}/events", POST_MEMBER, |c, w| (format!("/admin/organisations/{}/events", w.a.organisation_id), form(&[("title", "Secret-A nouveau programme")]))),
        case!("post" "/admin/organisations/{id}/members", POST_MANAGER, |c, w| (format!("/admin/organisations/{}/members", w.a.organisation_id), form(&[("name", "Nouvelle"), ("email", &format!("membre{}@example.org", next())), ("role", "editor")]))),
        case!("post" "/admin/organisations/{id}/members/{user_id}/remove", POST_MANAGER, |c, w| {
            let uid = staff::user(c, &format!("partant{}@example.org", next()), "editor", Some(w.a.organisation_id));
            (format!("/admin/organisations/{}/members/{uid}/remove", w.a.organisation_id), form(&[]))
        }),
        case!("post" "/admin/organisations/{id}/trainers", POST_MANAGER, |c, w| (format!("/admin/organisations/{}/trainers", w.a.organisation_id), form(&[("name", "Nouveau formateur"), ("email", &format!("f{}@example.org", next())), ("phone", "")]))),
        case!("post" "/admin/organisations/{id}/venues", POST_MANAGER, |c, w| {
            let town = venue_town(c, w);
            (format!("/admin/organisations/{}/venues", w.a.organisation_id), form(&[("name", "Salle communautaire"), ("address", "2, rue de l'Église"), ("municipality_id", &town.to_string())]))
        }),
        case!("get" "/admin/venues/{id}", [401, 403, 403, 403, 200, 200], |c, w| (format!("/admin/venues/{}", w.a.venue_id), Body::None)),
        case!("post" "/admin/venues/{id}", POST_MANAGER, |c, w| {
            let town = venue_town(c, w);
            (format!("/admin/venues/{}", w.a.venue_id), form(&[("name", &format!("Salle renommée {}", next())), ("address", "1, rue Principale"), ("municipality_id", &town.to_string())]))
        }),
        case!("get" "/admin/events/{id}", PAGE_MEMBER, |c, w| (format!("/admin/events/{}", w.a.event_id), Body::None)),
        case!("post" "/admin/events/{id}", POST_MEMBER, |c, w| (format!("/admin/events/{}", w.a.event_id), form(&[("title", "Programme biblio"), ("summary", &format!("Résumé {}", next()))]))),
        case!("post" "/admin/events/{id}/publish", POST_MEMBER, |c, w| (format!("/admin/events/{}/publish", w.a.event_id), form(&[]))),
        case!("post" "/admin/events/{id}/unpublish", POST_MEMBER, |c, w| (format!("/admin/events/{}/unpublish", w.a.event_id), form(&[]))),
        case!("post" "/admin/events/{id}/duplicate", POST_MEMBER, |c, w| (format!("/admin/events/{}/duplicate", fresh_event(c, w)), form(&[]))),
        case!("post" "/admin/events/{id}/delete", POST_MEMBER, |c, w| (format!("/admin/events/{}/delete", fresh_event(c, w)), form(&[]))),
        case!("post" "/admin/events/{id}/days", POST_MEMBER, |c, w| (format!("/admin/events/{}/days", w.a.event_id), form(&[("day", "2026-05-02"), ("title", &format!("Journée {}", next()))]))),
        case!("post" "/admin/events/{id}/tracks", POST_MEMBER, |c, w| (format!("/admin/events/{}/tracks", w.a.event_id), form(&[("name", &format!("Volet {}", next()))]))),
        case!("get" "/admin/events/{id}/sessions/new", PAGE_MEMBER, |c, w| (format!("/admin/events/{}/sessions/new", w.a.event_id), Body::None)),
        case!("post" "/admin/events/{id}/sessions", POST_MEMBER, |c, w| (format!("/admin/events/{}/sessions", w.a.event_id), session_form(w, "Secret-A nouvelle séance"))),
        case!("get" "/admin/events/{id}/series/new", PAGE_MEMBER, |c, w| (format!("/admin/events/{}/series/new", w.a.event_id), Body::None)),
        case!("post" "/admin/events/{id}/series", PAGE_MEMBER, |c, w| {
            let Body::Form(mut f) = session_form(w, "Secret-A série") else { unreachable!() };
            f.push(("every".into(), "1".into()));
            f.push(("count".into(), "4".into()));
            (format!("/admin/events/{}/series", w.a.event_id), Body::Form(f))
        }),
        case!("get" "/admin/sessions/{id}", PAGE_MEMBER, |c, w| (format!("/admin/sessions/{}", w.session), Body::None)),
        case!("post" "/admin/sessions/{id}", POST_MEMBER, |c, w| {
            let s = fresh_session(c, w, "published");
            (format!("/admin/sessions/{s}"), session_form(w, "Secret-A titre changé"))
        }),
        case!("post" "/admin/sessions/{id}/publish", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/publish", fresh_session(c, w, "draft")), form(&[]))),
        case!("post" "/admin/sessions/{id}/unpublish", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/unpublish", fresh_session(c, w, "published")), form(&[]))),
        case!("post" "/admin/sessions/{id}/duplicate", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/duplicate", fresh_session(c, w, "published")), form(&[]))),
        case!("post" "/admin/sessions/{id}/delete", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/delete", fresh_session(c, w, "draft")), form(&[]))),
        case!("post" "/admin/sessions/{id}/trainers", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/trainers", fresh_session(c, w, "published")), form(&[("trainer_id", &w.free_trainer.to_string())]))),
        case!("post" "/admin/sessions/{id}/trainers/{trainer_id}/remove", POST_MEMBER, |c, w| {
            let s = fresh_session(c, w, "published");
            staff::assign(c, s, w.free_trainer);
            (format!("/admin/sessions/{s}/trainers/{}/remove", w.free_trainer), form(&[]))
        }),
        case!("get" "/admin/sessions/{id}/registrations", PAGE_MEMBER, |c, w| (format!("/admin/sessions/{}/registrations", w.session), Body::None)),
        case!("post" "/admin/sessions/{id}/registrations", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/registrations", fresh_session(c, w, "published")), form(&[("name", "Rosaire Au Téléphone"), ("phone", "819-555-0101"), ("seats", "1"), ("consent", "1")]))),
        case!("post" "/admin/sessions/{id}/registrations/{registration_id}/promote", POST_MEMBER, |c, w| {
            let s = fresh_session(c, w, "published");
            {
                use babillard::db::schema::sessions;
                use diesel::prelude::*;
                diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(1))).execute(c).unwrap();
                staff::register(c, s, "Première", "premiere@example.org");
                let (waiting, status) = staff::register(c, s, "Deuxième", "deuxieme@example.org");
                assert_eq!(status, "waitlisted");
                diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(2))).execute(c).unwrap();
                (format!("/admin/sessions/{s}/registrations/{waiting}/promote"), form(&[]))
            }
        }),
        case!("post" "/admin/sessions/{id}/message", POST_MEMBER, |c, w| {
            let (s, _) = door_session(c, w);
            (format!("/admin/sessions/{s}/message"), form(&[("subject", "Stationnement"), ("body", "Le stationnement est derrière la bibliothèque.")]))
        }),
        case!("post" "/admin/sessions/{id}/cancel", POST_MEMBER, |c, w| {
            let (s, _) = door_session(c, w);
            (format!("/admin/sessions/{s}/cancel"), form(&[("reason", "Tempête de neige")]))
        }),
        case!("get" "/admin/sessions/{id}/export.csv", PAGE_MEMBER, |c, w| (format!("/admin/sessions/{}/export.csv", w.session), Body::None)),
        case!("get" "/admin/events/{id}/export.csv", PAGE_MEMBER, |c, w| (format!("/admin/events/{}/export.csv?sep=comma", w.a.event_id), Body::None)),
        case!("get" "/admin/sessions/{id}/door", [401, 403, 200, 200, 200, 200], |c, w| (format!("/admin/sessions/{}/door", w.session), Body::None)),
        case!("post" "/admin/sessions/{id}/door/{registration_id}/check-in", DOOR_POST, |c, w| {
            let (s, r) = door_session(c, w);
            (format!("/admin/sessions/{s}/door/{r}/check-in"), form(&[("q", "")]))
        }),
        case!("post" "/admin/sessions/{id}/door/{registration_id}/undo", DOOR_POST, |c, w| {
            let (s, r) = door_session(c, w);
            babillard::store::registrations::check_in(c, s, r, babillard::db::now()).unwrap();
            (format!("/admin/sessions/{s}/door/{r}/undo"), form(&[("q", "Gis")]))
        }),
        case!("post" "/admin/sessions/{id}/door/walk-in", DOOR_POST, |c, w| {
            let (s, _) = door_session(c, w);
            (format!("/admin/sessions/{s}/door/walk-in"), form(&[("name", "Arrivée Imprévue"), ("phone", "819-555-0199"), ("seats", "1")]))
        }),
        case!("post" "/admin/sessions/{id}/door/no-shows", DOOR_POST, |c, w| {
            let (s, _) = door_session(c, w);
            fixtures::started(c, s, 30);
            (format!("/admin/sessions/{s}/door/no-shows"), form(&[]))
        }),
        case!("post" "/admin/sessions/{id}/door/{registration_id}/payment", DOOR_POST, |c, w| {
            let (s, r) = paying_session(c, w);
            (format!("/admin/sessions/{s}/door/{r}/payment"), form(&[("via", "cash"), ("q", "")]))
        }),
        // Volunteer helpers (issue 17): the organisation's staff; the door's tick also
        // the session's trainer.
        case!("get" "/admin/sessions/{id}/helpers", PAGE_MEMBER, |c, w| (format!("/admin/sessions/{}/helpers", w.session), Body::None)),
        case!("post" "/admin/sessions/{id}/helpers", POST_MEMBER, |c, w| (format!("/admin/sessions/{}/helpers", fresh_session(c, w, "published")), form(&[("name", "Rosaire Secret-A"), ("phone", "819-555-0101"), ("consent", "1")]))),
        case!("post" "/admin/sessions/{id}/helpers/{shift_id}/cancel", POST_MEMBER, |c, w| {
            let (s, shift) = helper_shift(c, w);
            (format!("/admin/sessions/{s}/helpers/{shift}/cancel"), form(&[]))
        }),
        case!("post" "/admin/sessions/{id}/door/helpers/{shift_id}/present", DOOR_POST, |c, w| {
            let (s, shift) = helper_shift(c, w);
            (format!("/admin/sessions/{s}/door/helpers/{shift}/present"), form(&[("present", "1")]))
        }),
        case!("get" "/admin/refunds", [401, 200, 403, 200, 200, 200], |c, w| ("/admin/refunds".into(), Body::None)),
        case!("post" "/api/v1/registrations/{id}/payment", [401, 403, 200, 200, 200, 200], |c, w| {
            let (_, r) = paying_session(c, w);
            (format!("/api/v1/registrations/{r}/payment"), Body::Json(json!({"via": "card"})))
        }),
        case!("get" "/api/v1/sessions/{id}/roster", [401, 403, 200, 200, 200, 200], |c, w| (format!("/api/v1/sessions/{}/roster", w.session), Body::None)),
        case!("post" "/api/v1/sessions/{id}/check-ins", [401, 403, 200, 200, 200, 200], |c, w| {
            let (s, r) = door_session(c, w);
            (format!("/api/v1/sessions/{s}/check-ins"), Body::Json(json!({"registration_id": r})))
        }),
        case!("delete" "/api/v1/sessions/{id}/check-ins/{registration_id}", [401, 403, 204, 204, 204, 204], |c, w| {
            let (s, r) = door_session(c, w);
            babillard::store::registrations::check_in(c, s, r, babillard::db::now()).unwrap();
            (format!("/api/v1/sessions/{s}/check-ins/{r}"), Body::None)
        }),
        case!("post" "/api/v1/sessions/{id}/walk-ins", [401, 403, 201, 201, 201, 201], |c, w| {
            let (s, _) = door_session(c, w);
            (format!("/api/v1/sessions/{s}/walk-ins"), Body::Json(json!({"name": "Arrivée Imprévue", "phone": "819-555-0199"})))
        }),
        case!("post" "/api/v1/sessions/{id}/no-shows", [401, 403, 200, 200, 200, 200], |c, w| {
            let (s, _) = door_session(c, w);
            fixtures::started(c, s, 30);
            (format!("/api/v1/sessions/{s}/no-shows"), Body::None)
        }),
        case!("post" "/api/v1/sessions/{id}/promotions", API_MEMBER, |c, w| {
            let s = fresh_session(c, w, "published");
            let waiting = {
                use babillard::db::schema::sessions;
                use diesel::prelude::*;
                diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(1))).execute(c).unwrap();
                staff::register(c, s, "Gisèle Secret-A", &format!("gisele{}@example.org", next()));
                let (r, st) = staff::register(c, s, "Paul Secret-A", &format!("paul{}@example.org", next()));
                assert_eq!(st, "waitlisted");
                diesel::update(sessions::table.find(s)).set(sessions::capacity.eq(Some(2))).execute(c).unwrap();
                r
            };
            (format!("/api/v1/sessions/{s}/promotions"), Body::Json(json!({"registration_id": waiting})))
        }),
        case!("post" "/api/v1/sessions/{id}/cancel", API_MEMBER, |c, w| {
            let (s, _) = door_session(c, w);
            (format!("/api/v1/sessions/{s}/cancel"), Body::Json(json!({"reason": "Panne d'électricité"})))
        }),
        case!("get" "/admin/embed", [401, 200, 200, 200, 200, 200], |c, w| ("/admin/embed?org=secret-a&topic=nope".into(), Body::None)),
        // Counts only: every staff member sees the demand; managers add someone who phoned.
        case!("get" "/admin/demand", [401, 200, 200, 200, 200, 200], |c, w| ("/admin/demand".into(), Body::None)),
        case!("get" "/admin/follow-ups", [401, 200, 200, 200, 200, 200], |c, w| ("/admin/follow-ups".into(), Body::None)),
        case!("post" "/admin/follow-ups/{id}/done", POST_MEMBER, |c, w| (format!("/admin/follow-ups/{}/done", fresh_follow_up(c, w)), form(&[]))),
        // Reports: each member reads their organisations' figures; naming one that is not
        // theirs is refused.
        case!("get" "/admin/reports", PAGE_MEMBER, |c, w| ("/admin/reports?org=biblio".into(), Body::None)),
        case!("get" "/admin/reports/export.csv", PAGE_MEMBER, |c, w| ("/admin/reports/export.csv?org=biblio&table=topics".into(), Body::None)),
        case!("post" "/admin/demand", POST_MANAGER, |c, w| ("/admin/demand".into(), form(&[
            ("organisation_id", &w.a.organisation_id.to_string()),
            ("topic", "tablette-telephone"),
            ("municipality", "biblio-ville"),
            ("name", "Gisèle Secret-A"),
            ("email", &format!("gisele{}@example.org", next())),
            ("lang", "fr"),
            ("consent", "oui"),
        ]))),
        // A storm: managers and regional administrators; the other organisation's
        // manager is shown (and cancels) none of this organisation's sessions.
        case!("get" "/admin/storm", [401, 200, 403, 403, 200, 200], |c, w| {
            let day = babillard::domain::time::local(fixtures::in_days(5)).date_naive();
            (format!("/admin/storm?day={day}&area=organisation-{}&reason=Temp%C3%AAte&again=", w.a.organisation_id), Body::None)
        }),
        case!("post" "/admin/storm", [401, 200, 403, 403, 200, 200], |c, w| {
            let at = fixtures::in_days(10 + next());
            let s = fixtures::session(c, &w.a, "Secret-A tempête", at, |_| {});
            let day = babillard::domain::time::local(at).date_naive().to_string();
            ("/admin/storm".into(), form(&[
                ("day", &day),
                ("area", &format!("organisation-{}", w.a.organisation_id)),
                ("reason", "Tempête de neige"),
                ("again", ""),
                ("session", &s.to_string()),
            ]))
        }),
        case!("get" "/admin/region", [401, 403, 403, 403, 403, 200], |c, w| ("/admin/region".into(), Body::None)),
        case!("post" "/admin/region/municipalities", [401, 403, 403, 403, 403, 303], |c, w| ("/admin/region/municipalities".into(), form(&[("mrc_id", &w.mrc.to_string()), ("name", &format!("Village {}", next()))]))),
        case!("post" "/admin/region/centroids", [401, 403, 403, 403, 403, 303], |c, w| ("/admin/region/centroids".into(), form(&[("municipality_id", &town(c).to_string()), ("latitude", "45,652"), ("longitude", "-74,339")]))),
        case!("post" "/admin/region/terms", [401, 403, 403, 403, 403, 303], |c, w| ("/admin/region/terms".into(), form(&[("which", "topic"), ("name_fr", &format!("Sujet {}", next())), ("name_en", "Topic")]))),
        case!("get" "/admin/webhooks", [401, 200, 403, 403, 200, 200], |c, w| ("/admin/webhooks".into(), Body::None)),
        case!("post" "/admin/webhooks", POST_MANAGER, |c, w| ("/admin/webhooks".into(), form(&[("organisation_id", &w.a.organisation_id.to_string()), ("url", &format!("https://partenaire.example/Secret-A/{}", next())), ("events", "session.published"), ("events", "registration.created")]))),
        case!("get" "/admin/webhooks/{id}", [401, 403, 403, 403, 200, 200], |c, w| (format!("/admin/webhooks/{}", fresh_webhook(c, w)), Body::None)),
        case!("post" "/admin/webhooks/{id}", POST_MANAGER, |c, w| (format!("/admin/webhooks/{}", fresh_webhook(c, w)), form(&[("events", "session.cancelled"), ("include_personal", "1"), ("active", "1")]))),
        case!("post" "/admin/webhooks/{id}/delete", POST_MANAGER, |c, w| (format!("/admin/webhooks/{}/delete", fresh_webhook(c, w)), form(&[]))),
        case!("post" "/admin/webhooks/{id}/deliveries/{delivery_id}/replay", POST_MANAGER, |c, w| {
            let (hook, delivery) = fresh_delivery(c, w);
            (format!("/admin/webhooks/{hook}/deliveries/{delivery}/replay"), form(&[]))
        }),
        case!("post" "/admin/region/moderators", [401, 403, 403, 403, 403, 303], |c, w| {
            let email = format!("moderation{}@example.org", next());
            staff::user(c, &email, "none", None);
            ("/admin/region/moderators".into(), form(&[("mrc_id", &w.mrc.to_string()), ("email", &email)]))
        }),
        case!("post" "/admin/region/mrcs/{mrc_id}/moderators/{user_id}/remove", [401, 403, 403, 403, 403, 303], |c, w| {
            let admin = administrator(c);
            let uid = staff::user(c, &format!("moderation{}@example.org", next()), "none", None);
            babillard::store::moderation::add_moderator(c, &admin, uid, w.mrc).unwrap();
            (format!("/admin/region/mrcs/{}/moderators/{uid}/remove", w.mrc), form(&[]))
        }),
        case!("post" "/admin/region/organisations/{id}/trusted", [401, 403, 403, 403, 403, 303], |c, w| (format!("/admin/region/organisations/{}/trusted", w.b.organisation_id), form(&[("trusted", "1")]))),
        case!("post" "/admin/region/coordinators", [401, 403, 403, 403, 403, 303], |c, w| {
            let email = format!("coordination{}@example.org", next());
            staff::user(c, &email, "none", None);
            ("/admin/region/coordinators".into(), form(&[("mrc_id", &w.mrc.to_string()), ("organisation_id", &w.a.organisation_id.to_string()), ("email", &email)]))
        }),
        case!("post" "/admin/region/mrcs/{mrc_id}/coordinators/{user_id}/remove", [401, 403, 403, 403, 403, 303], |c, w| {
            let admin = administrator(c);
            let email = format!("coordination{}@example.org", next());
            let uid = staff::user(c, &email, "none", None);
            babillard::store::requests::appoint(c, &admin, &email, w.mrc, w.b.organisation_id).unwrap();
            (format!("/admin/region/mrcs/{}/coordinators/{uid}/remove", w.mrc), form(&[]))
        }),
        // Workshop requests are for the MRC's coordinators (here only the administrator).
        case!("get" "/admin/requests", [401, 403, 403, 403, 403, 200], |c, w| ("/admin/requests".into(), Body::None)),
        case!("get" "/admin/requests/{id}", [401, 403, 403, 403, 403, 200], |c, w| (format!("/admin/requests/{}", workshop_request(c, w, false)), Body::None)),
        case!("post" "/admin/requests/{id}/dates", [401, 403, 403, 403, 403, 303], |c, w| {
            let day = (chrono::Utc::now() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string();
            (format!("/admin/requests/{}/dates", workshop_request(c, w, false)), form(&[("slot_date", &day), ("slot_start", "10:00"), ("slot_end", "11:00")]))
        }),
        case!("post" "/admin/requests/{id}/accept", [401, 403, 403, 403, 403, 303], |c, w| {
            // Within the year a date may be given, at a time the trainer is free.
            let day = babillard::domain::time::local(babillard::db::now() + chrono::Duration::days(40 + next() % 300))
                .format("%Y-%m-%d")
                .to_string();
            let (from, to) = ("10:00".to_owned(), "11:00".to_owned());
            (format!("/admin/requests/{}/accept", workshop_request(c, w, false)), form(&[
                ("title", "Secret-A atelier demandé"), ("date", &day), ("start", &from), ("end", &to),
                ("trainer_id", &w.free_trainer.to_string()), ("rate", "80"), ("rate_unit", "hour"),
            ]))
        }),
        case!("post" "/admin/requests/{id}/refuse", [401, 403, 403, 403, 403, 303], |c, w| (format!("/admin/requests/{}/refuse", workshop_request(c, w, false)), form(&[("reason", "Hors du territoire")]))),
        case!("post" "/admin/requests/{id}/invoice", [401, 403, 403, 403, 403, 303], |c, w| (format!("/admin/requests/{}/invoice", workshop_request(c, w, true)), form(&[]))),
        case!("post" "/admin/requests/{id}/invoice/paid", [401, 403, 403, 403, 403, 303], |c, w| {
            let id = workshop_request(c, w, true);
            let admin = administrator(c);
            babillard::store::requests::issue_invoice(c, &admin, id, babillard::db::now()).unwrap();
            (format!("/admin/requests/{id}/invoice/paid"), form(&[]))
        }),
        case!("get" "/admin/requests/{id}/invoice.pdf", [401, 403, 403, 403, 403, 200], |c, w| {
            let id = workshop_request(c, w, true);
            let admin = administrator(c);
            babillard::store::requests::issue_invoice(c, &admin, id, babillard::db::now()).unwrap();
            (format!("/admin/requests/{id}/invoice.pdf"), Body::None)
        }),
        // Moderation is for the moderators of the MRC (here only the administrator).
        case!("get" "/admin/moderation", [401, 403, 403, 403, 403, 200], |c, w| ("/admin/moderation".into(), Body::None)),
        case!("post" "/admin/moderation/approve", [401, 403, 403, 403, 403, 303], |c, w| {
            let id = pending_item(c, w);
            ("/admin/moderation/approve".into(), form(&[("ids", &id.to_string()), ("item", &id.to_string())]))
        }),
        case!("post" "/admin/moderation/reject", [401, 403, 403, 403, 403, 303], |c, w| {
            let id = pending_item(c, w);
            ("/admin/moderation/reject".into(), form(&[("ids", &id.to_string()), ("reason", "Hors du territoire")]))
        }),
        // Partner calendars are the managers' (another organisation's manager sees only theirs).
        case!("get" "/admin/sources", [401, 200, 403, 403, 200, 200], |c, w| ("/admin/sources".into(), Body::None)),
        case!("post" "/admin/sources", [401, 403, 403, 403, 303, 303], |c, w| ("/admin/sources".into(), form(&[
            ("name", &format!("Agenda partenaire {}", next())), ("organisation_id", &w.a.organisation_id.to_string()),
            ("kind_id", &w.a.kind_id.to_string()), ("url", &format!("https://example.org/agenda-{}.ics", next())),
        ]))),
        case!("get" "/admin/sources/{id}", [401, 403, 403, 403, 200, 200], |c, w| (format!("/admin/sources/{}", feed_source(c, w, false, None)), Body::None)),
        case!("post" "/admin/sources/{id}", [401, 403, 403, 403, 303, 303], |c, w| {
            let id = feed_source(c, w, false, None);
            (format!("/admin/sources/{id}"), form(&[
                ("name", &format!("Agenda renommé {}", next())), ("organisation_id", &w.a.organisation_id.to_string()),
                ("kind_id", &w.a.kind_id.to_string()), ("url", "webcal://example.org/agenda.ics"),
            ]))
        }),
        // Nothing answers on port 1: the import fails at once and says so (200).
        case!("post" "/admin/sources/{id}/import", [401, 403, 403, 403, 200, 200], |c, w| (format!("/admin/sources/{}/import", feed_source(c, w, false, Some("http://127.0.0.1:1/agenda.ics"))), form(&[]))),
        case!("post" "/admin/sessions/{id}/origins/{origin_id}/split", [401, 403, 403, 303, 303, 303], |c, w| {
            let (session, origin) = merged_origin(c, w);
            (format!("/admin/sessions/{session}/origins/{origin}/split"), form(&[]))
        }),
        case!("get" "/api/v1/me", [401, 200, 200, 200, 200, 200], |c, w| ("/api/v1/me".into(), Body::None)),
        case!("post" "/api/v1/events", API_CREATE, |c, w| ("/api/v1/events".into(), Body::Json(json!({"organisation_id": w.a.organisation_id, "title": "Secret-A programme API"})))),
        case!("post" "/api/v1/sessions", API_CREATE, |c, w| ("/api/v1/sessions".into(), Body::Json(json!({
            "event_id": w.a.event_id, "title": "Secret-A séance API", "kind": "atelier-pratique",
            "starts_at": "2027-03-14T13:30:00-04:00", "ends_at": "2027-03-14T15:00:00-04:00",
            "venue_id": w.a.venue_id, "capacity": 10
        })))),
        case!("patch" "/api/v1/sessions/{id}", API_MEMBER, |c, w| (format!("/api/v1/sessions/{}", fresh_session(c, w, "published")), Body::Json(json!({"title": "Secret-A renommée"})))),
        case!("delete" "/api/v1/sessions/{id}", [401, 403, 403, 204, 204, 204], |c, w| (format!("/api/v1/sessions/{}", fresh_session(c, w, "draft")), Body::None)),
        case!("post" "/api/v1/sessions/{id}/publish", API_MEMBER, |c, w| (format!("/api/v1/sessions/{}/publish", fresh_session(c, w, "draft")), Body::None)),
        case!("post" "/api/v1/sessions/{id}/unpublish", API_MEMBER, |c, w| (format!("/api/v1/sessions/{}/unpublish", fresh_session(c, w, "published")), Body::None)),
        case!("post" "/api/v1/sessions/{id}/trainers", API_MEMBER, |c, w| (format!("/api/v1/sessions/{}/trainers", fresh_session(c, w, "published")), Body::Json(json!({"trainer_id": w.free_trainer})))),
        case!("post" "/api/v1/venues", [401, 403, 403, 403, 201, 201], |c, w| {
            let town = venue_town(c, w);
            ("/api/v1/venues".into(), Body::Json(json!({"organisation_id": w.a.organisation_id, "name": "Salle API", "address": "3, rue du Parc", "municipality_id": town})))
        }),
    ]
}

/// A webhook of the library, written as the back office would (its page shows its
/// address, which names « Secret-A »).
/// A follow-up request of someone present at organisation A's session.
fn fresh_follow_up(c: &mut DbConnection, w: &World) -> i64 {
    use babillard::db::schema::{follow_up_requests, registrations};
    use diesel::prelude::*;
    let (r, _) = staff::register(
        c,
        w.session,
        &format!("Personne {}", next()),
        &format!("p{}@example.org", next()),
    );
    diesel::update(registrations::table.find(r))
        .set(registrations::status.eq("attended"))
        .execute(c)
        .unwrap();
    diesel::insert_into(follow_up_requests::table)
        .values((
            follow_up_requests::registration_id.eq(r),
            follow_up_requests::session_id.eq(w.session),
            follow_up_requests::organisation_id.eq(w.a.organisation_id),
            follow_up_requests::contact.eq("email"),
            follow_up_requests::created_at.eq(babillard::db::now()),
        ))
        .execute(c)
        .unwrap();
    follow_up_requests::table
        .filter(follow_up_requests::registration_id.eq(r))
        .select(follow_up_requests::id)
        .first(c)
        .unwrap()
}

fn fresh_webhook(c: &mut DbConnection, w: &World) -> i64 {
    use babillard::db::schema::webhooks;
    use diesel::prelude::*;
    let url = format!("https://partenaire.example/Secret-A/{}", next());
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::organisation_id.eq(w.a.organisation_id),
            webhooks::url.eq(&url),
            webhooks::secret.eq(babillard::domain::webhooks::new_secret()),
            webhooks::events.eq("session.published,registration.created"),
            webhooks::include_personal.eq(false),
            webhooks::active.eq(true),
            webhooks::created_at.eq(babillard::db::now()),
        ))
        .execute(c)
        .unwrap();
    webhooks::table
        .filter(webhooks::url.eq(&url))
        .select(webhooks::id)
        .first(c)
        .unwrap()
}

/// A fresh published session the trainer is assigned to, asking for two volunteer
/// helpers, with one confirmed (entered by the administrator): (session, shift).
fn helper_shift(c: &mut DbConnection, w: &World) -> (i64, i64) {
    let s = fresh_session(c, w, "published");
    staff::assign(c, s, w.linked);
    let admin = administrator(c);
    babillard::db::write_tx(c, |c| {
        babillard::store::helpers::set_need(
            c,
            &admin,
            s,
            &babillard::domain::helpers::HelperNeed {
                wanted: 2,
                task: "Secret-A accompagner".into(),
            },
        )
    })
    .unwrap();
    let raw = babillard::domain::helpers::RawHelper {
        name: "Hélène Secret-A".into(),
        phone: "819 555-0123".into(),
        consent: true,
        ..Default::default()
    };
    let shift = babillard::store::helpers::staff::add(
        c,
        &admin,
        s,
        &raw,
        babillard::web::i18n::Lang::Fr,
        babillard::db::now(),
    )
    .unwrap();
    (s, shift.id)
}

/// The regional administrator of the table, for what only they set up.
/// A confirmed workshop request from the first organisation's town (its MRC has the
/// first organisation as team); `scheduled`: accepted by the administrator, with a
/// rate, on a day of its own.
fn workshop_request(c: &mut DbConnection, w: &World, scheduled: bool) -> i64 {
    use babillard::db::schema::{coordinators, workshop_requests};
    use babillard::domain::request::{GroupKind, RateUnit, RequestState, Service};
    use diesel::prelude::*;
    let admin = administrator(c);
    let teams: i64 = coordinators::table
        .filter(coordinators::mrc_id.eq(w.mrc))
        .count()
        .get_result(c)
        .unwrap();
    if teams == 0 {
        let email = "brigade@example.org";
        staff::user(c, email, "none", None);
        babillard::store::requests::appoint(c, &admin, email, w.mrc, w.a.organisation_id).unwrap();
    }
    let n = next();
    let now = babillard::db::now();
    diesel::insert_into(workshop_requests::table)
        .values((
            workshop_requests::token_hash.eq(format!("digest-{n}")),
            workshop_requests::state.eq(RequestState::Received),
            workshop_requests::service.eq(Service::Workshop),
            workshop_requests::municipality_id.eq(town(c)),
            workshop_requests::mrc_id.eq(w.mrc),
            workshop_requests::at_requester.eq(true),
            workshop_requests::place.eq("Secret-A résidence"),
            workshop_requests::periods.eq("Les mardis"),
            workshop_requests::people.eq(10),
            workshop_requests::group_name.eq(format!("Secret-A groupe {n}")),
            workshop_requests::group_kind.eq(GroupKind::Residence),
            workshop_requests::contact_name.eq("Lise"),
            workshop_requests::email.eq(format!("demande{n}@example.org")),
            workshop_requests::language.eq("fr"),
            workshop_requests::created_at.eq(now),
            workshop_requests::updated_at.eq(now),
            workshop_requests::confirmed_at.eq(now),
        ))
        .execute(c)
        .unwrap();
    let id = workshop_requests::table
        .order(workshop_requests::id.desc())
        .select(workshop_requests::id)
        .first(c)
        .unwrap();
    if scheduled {
        let starts = now + chrono::Duration::days(500 + n);
        let a = babillard::store::requests::Acceptance {
            title: "Secret-A atelier demandé".into(),
            starts_at: starts,
            ends_at: starts + chrono::Duration::hours(2),
            trainer_id: w.free_trainer,
            public: false,
            rate: Some((8_000, RateUnit::Hour)),
            programme_title: "Ateliers sur demande".into(),
        };
        babillard::store::requests::accept(c, &admin, id, &a, chrono::Duration::minutes(30), now)
            .unwrap();
    }
    id
}

fn administrator(c: &mut DbConnection) -> babillard::domain::access::Access {
    use babillard::db::schema::users;
    use diesel::prelude::*;
    babillard::domain::access::Access {
        user_id: users::table
            .filter(users::email.eq("admin@example.org"))
            .select(users::id)
            .first(c)
            .unwrap(),
        is_admin: true,
        ..Default::default()
    }
}

/// A fresh partner calendar of the library (trusted or not), with an address or not.
fn feed_source(c: &mut DbConnection, w: &World, trusted: bool, url: Option<&str>) -> i64 {
    let admin = administrator(c);
    let town = venue_town(c, w);
    let mut input = babillard::store::imports::SourceInput::new(
        w.a.organisation_id,
        &format!("Agenda partenaire {}", next()),
        url,
        w.a.kind_id,
    );
    input.trusted = trusted;
    input.municipality_id = Some(town);
    babillard::store::imports::register_source(c, &admin, &input).unwrap()
}

fn occurrence(key: &str, title: &str, days: i64) -> babillard::domain::imported::Occurrence {
    let starts_at = fixtures::in_days(days);
    babillard::domain::imported::Occurrence {
        key: key.to_owned(),
        starts_at,
        ends_at: starts_at + chrono::Duration::minutes(90),
        all_day: false,
        title: title.to_owned(),
        description: String::new(),
        location: None,
        url: None,
        cancelled: false,
    }
}

fn apply_feed(
    c: &mut DbConnection,
    source: i64,
    occurrences: Vec<babillard::domain::imported::Occurrence>,
) {
    let feed = babillard::domain::imported::ImportedFeed {
        name: None,
        occurrences,
        refused: vec![],
    };
    babillard::store::imports::apply(c, source, &feed, babillard::db::now(), false).unwrap();
}

/// A fresh item waiting in the moderation queue (the library's untrusted calendar).
fn pending_item(c: &mut DbConnection, w: &World) -> i64 {
    use babillard::db::schema::submissions;
    use diesel::prelude::*;
    let n = next();
    let source = feed_source(c, w, false, None);
    apply_feed(
        c,
        source,
        vec![occurrence(
            &format!("{n}@agenda"),
            &format!("Activité proposée {n}"),
            200 + n,
        )],
    );
    submissions::table
        .filter(submissions::source_id.eq(source))
        .select(submissions::id)
        .first(c)
        .unwrap()
}

/// A failed delivery of a fresh webhook: (webhook, delivery).
fn fresh_delivery(c: &mut DbConnection, w: &World) -> (i64, i64) {
    use babillard::db::schema::webhook_deliveries as d;
    use diesel::prelude::*;
    let hook = fresh_webhook(c, w);
    diesel::insert_into(d::table)
        .values((
            d::webhook_id.eq(hook),
            d::event.eq("session.published"),
            d::payload.eq("{}"),
            d::has_personal.eq(false),
            d::state.eq("failed"),
            d::attempts.eq(8),
            d::next_attempt_at.eq(babillard::db::now()),
            d::last_status.eq(Some(500)),
            d::created_at.eq(babillard::db::now()),
        ))
        .execute(c)
        .unwrap();
    let delivery = d::table
        .filter(d::webhook_id.eq(hook))
        .select(d::id)
        .first(c)
        .unwrap();
    (hook, delivery)
}

/// A session shown from two trusted calendars (a duplicate merged): (session, the
/// merged origin).
fn merged_origin(c: &mut DbConnection, w: &World) -> (i64, i64) {
    use babillard::db::schema::session_origins;
    use diesel::prelude::*;
    let n = next();
    let first = feed_source(c, w, true, None);
    let second = feed_source(c, w, true, None);
    apply_feed(
        c,
        first,
        vec![occurrence(
            &format!("{n}@ville"),
            &format!("Atelier fusion {n}"),
            300 + n,
        )],
    );
    apply_feed(
        c,
        second,
        vec![occurrence(
            &format!("{n}@biblio"),
            &format!("Atelier : fusion {n}"),
            300 + n,
        )],
    );
    session_origins::table
        .filter(session_origins::source_id.eq(second))
        .select((session_origins::session_id, session_origins::id))
        .first(c)
        .unwrap()
}

fn venue_town(c: &mut DbConnection, w: &World) -> i64 {
    use babillard::db::schema::venues;
    use diesel::prelude::*;
    venues::table
        .find(w.a.venue_id)
        .select(venues::municipality_id)
        .first(c)
        .unwrap()
}

fn email(role: &str) -> Option<String> {
    (role != "anon").then(|| format!("{role}@example.org"))
}

async fn try_case(app: &TestApp, w: &World, case: &Case, role_index: usize) {
    let role = ROLES[role_index];
    let (path, body) = app.with_conn(|c| (case.prep)(c, w));
    let before = app.with_conn(staff::snapshot);
    let r = if case.pattern.starts_with("/api/") {
        let token = email(role).map(|e| staff::token(app, &e));
        let json = match body {
            Body::Json(v) => Some(v),
            _ => None,
        };
        let before = app.with_conn(staff::snapshot);
        let r = staff::api(app, case.method, &path, token.as_deref(), json).await;
        if r.status.as_u16() >= 400 {
            assert_eq!(
                before,
                app.with_conn(staff::snapshot),
                "{} {path} as {role} changed something",
                case.method
            );
        }
        r
    } else {
        let mut b = match email(role) {
            Some(e) => Browser::signed_in(app, &e),
            None => Browser::new(app),
        };
        match (case.method, body) {
            ("get", _) => b.get(&path).await,
            (_, Body::Form(f)) => {
                let f: Vec<(&str, &str)> =
                    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                b.post(&path, &f).await
            }
            _ => b.post(&path, &[]).await,
        }
    };
    let expected = case.expect[role_index];
    assert_eq!(
        r.status.as_u16(),
        expected,
        "{} {path} as {role}: {}",
        case.method,
        String::from_utf8_lossy(&r.body)
            .chars()
            .take(600)
            .collect::<String>()
    );
    if r.status.as_u16() >= 400 && !case.pattern.starts_with("/api/") {
        assert_eq!(
            before,
            app.with_conn(staff::snapshot),
            "{} {path} as {role} changed something",
            case.method
        );
    }
    if role == "other" {
        let text = String::from_utf8_lossy(&r.body);
        for s in SECRETS {
            assert!(
                !text.contains(s),
                "{} {path} showed {s:?} to another organisation",
                case.method
            );
        }
    }
}

on_both_backends! {
    async fn every_route_answers_each_role_as_the_table_says_and_refusals_change_nothing(app: TestApp) {
        let w = world(&app);
        let _ = &w.b;
        for case in cases() {
            for i in 0..ROLES.len() {
                try_case(&app, &w, &case, i).await;
            }
        }
    }

    async fn another_organisation_cannot_register_people_through_the_engine_endpoint(app: TestApp) {
        let w = world(&app);
        let token = staff::token(&app, "other@example.org");
        let before = app.with_conn(staff::snapshot);
        let r = staff::api(&app, "post", &format!("/api/v1/sessions/{}/registrations", w.session), Some(&token),
            Some(json!({"name": "Intrus", "phone": "819-555-0100", "consent": true}))).await;
        assert_eq!(r.status.as_u16(), 403, "{}", r.text());
        assert_eq!(before, app.with_conn(staff::snapshot));
    }

    async fn garbage_in_any_field_of_any_form_is_never_a_server_error(app: TestApp) {
        let w = world(&app);
        let long = "é".repeat(20_000);
        let garbage = ["", "\u{0}", "-1", "99999999999999999999", "9999-99-99", "<script>alert(1)</script>", "=1+1", long.as_str()];
        for case in cases() {
            if case.method == "get" {
                continue;
            }
            for g in garbage {
                let (path, body) = app.with_conn(|c| (case.prep)(c, &w));
                let r = match body {
                    Body::Form(f) => {
                        let mut b = Browser::signed_in(&app, "admin@example.org");
                        let f: Vec<(String, String)> = f.into_iter().map(|(k, _)| (k, g.to_owned())).collect();
                        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                        b.post(&path, &f).await
                    }
                    Body::Json(Value::Object(m)) => {
                        let token = staff::token(&app, "admin@example.org");
                        let mangled: serde_json::Map<String, Value> = m.into_iter().map(|(k, _)| (k, json!(g))).collect();
                        staff::api(&app, case.method, &path, Some(&token), Some(Value::Object(mangled))).await
                    }
                    _ => continue,
                };
                assert!(r.status.as_u16() < 500, "{} {path} with {:?}…: {}", case.method, g.chars().take(20).collect::<String>(), r.status);
            }
        }
    }

    async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing(app: TestApp) {
        let w = world(&app);
        let mut b = Browser::signed_in(&app, "admin@example.org");
        let before = app.with_conn(staff::snapshot);
        let path = format!("/admin/organisations/{}/events", w.a.organisation_id);
        let r = b.post_raw(&path, &[("title", "Programme forgé")]).await;
        assert_eq!(r.status.as_u16(), 403);
        let r = b.post_raw(&path, &[("title", "Programme forgé"), ("csrf_token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]).await;
        assert_eq!(r.status.as_u16(), 403);
        assert_eq!(before, app.with_conn(staff::snapshot));
    }
}

#[test]
fn every_back_office_route_has_a_row_in_the_access_table() {
    let cases = cases();
    let missing: Vec<String> = babillard::web::admin::ROUTES
        .iter()
        .filter(|(m, p)| !cases.iter().any(|c| c.method == *m && c.pattern == *p))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an access-control row: {missing:?}"
    );
    let unknown: Vec<String> = cases
        .iter()
        .filter(|c| {
            !babillard::web::admin::ROUTES
                .iter()
                .any(|(m, p)| c.method == *m && c.pattern == *p)
        })
        .map(|c| format!("{} {}", c.method, c.pattern))
        .collect();
    assert!(
        unknown.is_empty(),
        "rows for routes that do not exist: {unknown:?}"
    );
}
