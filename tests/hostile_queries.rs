//! No request can break a worker: every public `GET` route (the table
//! `web::routes::PUBLIC_GET`, checked against the routes registered in the source) and
//! every back-office `GET` page gets hostile values — huge, negative, malformed,
//! invalid UTF-8 once decoded, very long — in each query parameter it reads, in an
//! unknown one and in its path segments. Each answer is a success (the value is
//! ignored or harmless) or a 4xx with a message in French, and in English when asked;
//! never a 5xx, never a panic.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::TestApp;
use common::fixtures::{self, in_days};
use common::staff::{self, Browser};
use serde_json::json;

/// Values as they appear in a URL (already percent-encoded where needed).
fn hostile_values() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "0",
        "-1",
        "-262143-01",
        "-262143-01-01",
        "262143-12",
        "262143-12-31",
        "%2B262143-12-31",
        "9999-12",
        "9999-12-31",
        "0000-01-01",
        "2026-13",
        "2026-02-30",
        "2026-00",
        "99999999999999999999999",
        "-9223372036854775808",
        "4294967296",
        "1e309",
        "NaN",
        "abc",
        "%00",
        "%0D%0Aset-cookie:x=1",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%27%3B%20DROP%20TABLE%20sessions%3B--",
        "..%2F..%2Fetc%2Fpasswd",
        "%2F%2Fevil.example",
        "%FF%FE",
        "%C3%28",
        "%ED%A0%80",
        "%",
        "%G1",
        "%E9t%E9",
        "week",
        "list",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("a".repeat(10_000));
    v.push("2026-01-".repeat(400));
    v.push("9".repeat(5_000));
    v
}

/// Values for a path segment (`{id}`, `{slug}`, `{token}`…).
fn hostile_segments() -> Vec<String> {
    [
        "0",
        "-1",
        "99999999999999999999999",
        "9223372036854775807",
        "abc",
        "%FF%FE",
        "%C3%28",
        "%00",
        "..",
        "%2E%2E",
        "%2F%2Fevil.example",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        "a".repeat(5_000),
        "A".repeat(32),
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_owned(),
    ])
    .collect()
}

/// Replaces each `{name}` / `{name:regex}` of a route pattern.
fn fill(pattern: &str, mut value: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let mut depth = 0;
        let mut end = start;
        for (i, c) in rest[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inside = &rest[start + 1..end];
        let name = inside.split(':').next().unwrap();
        out.push_str(&value(name));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The message a 4xx answer gives its reader, with the language it claims.
fn message_of(r: &common::Resp) -> (String, String) {
    let text = String::from_utf8_lossy(&r.body).to_string();
    if let Ok(j) = serde_json::from_slice::<serde_json::Value>(&r.body) {
        let m = j["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        return (m, String::new());
    }
    let lang = text
        .split("<html lang=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let msg = text
        .split("role=\"alert\">")
        .nth(1)
        .map(|t| t.split("</p>").next().unwrap_or_default())
        .map(|t| t.replace("<p>", "").trim().to_owned())
        .unwrap_or_else(|| {
            text.split("<h1>")
                .nth(1)
                .and_then(|t| t.split("</h1>").next())
                .unwrap_or_default()
                .to_owned()
        });
    (msg, lang)
}

struct Checker<'a> {
    app: &'a TestApp,
    cookies: Vec<(String, String)>,
    sent: usize,
}

impl Checker<'_> {
    async fn get(&mut self, uri: &str, english: bool) -> common::Resp {
        let mut req = TestRequest::get().uri(uri);
        for (k, v) in &self.cookies {
            req = req.cookie(actix_web::cookie::Cookie::new(k.clone(), v.clone()));
        }
        if english {
            req = req.insert_header(("accept-language", "en-CA,en;q=0.9"));
        }
        self.sent += 1;
        self.app.call(req).await
    }

    /// Sends `uri`; a 4xx must explain itself in French, and in English when asked.
    async fn check(&mut self, uri: &str) {
        let r = self.get(uri, false).await;
        let shown: String = uri.chars().take(160).collect();
        assert!(
            !r.status.is_server_error(),
            "GET {shown} answered {}: {}",
            r.status,
            String::from_utf8_lossy(&r.body)
                .chars()
                .take(300)
                .collect::<String>()
        );
        if !r.status.is_client_error() {
            return;
        }
        let (fr, fr_lang) = message_of(&r);
        assert!(
            !fr.trim().is_empty(),
            "GET {shown} ({}) gives no message",
            r.status
        );
        let en_r = self.get(uri, true).await;
        assert_eq!(en_r.status, r.status, "GET {shown}: same answer in English");
        let (en, en_lang) = message_of(&en_r);
        if fr_lang.is_empty() {
            assert_ne!(
                fr, en,
                "GET {shown} ({}): the English message is not French: {fr}",
                r.status
            );
        } else {
            assert_eq!(fr_lang, "fr-CA", "GET {shown}");
            assert_eq!(en_lang, "en-CA", "GET {shown}");
        }
    }

    /// Every hostile value in each query key, in `lang`, in an unknown key, and a key
    /// repeated many times; then every path segment replaced in turn.
    async fn route(&mut self, pattern: &str, keys: &[&str], real: &dyn Fn(&str) -> String) {
        let path = fill(pattern, real);
        let mut all_keys: Vec<&str> = keys.to_vec();
        all_keys.extend(["lang", "zz-unknown"]);
        for key in &all_keys {
            for v in hostile_values() {
                self.check(&format!("{path}?{key}={v}")).await;
            }
            let repeated = vec![format!("{key}=aines"); 300].join("&");
            self.check(&format!("{path}?{repeated}")).await;
        }
        self.check(&format!("{path}?%FF%FE=1&=&&=x&%=%")).await;
        let names: Vec<String> = {
            let mut n = Vec::new();
            fill(pattern, |name| {
                n.push(name.to_owned());
                String::new()
            });
            n
        };
        for name in &names {
            for seg in hostile_segments() {
                let uri = fill(pattern, |n| if n == name { seg.clone() } else { real(n) });
                self.check(&uri).await;
            }
        }
    }
}

on_both_backends! {
    async fn hostile_query_values_never_break_a_public_page(app: TestApp) {
        let (s, trainer_email) = app.with_conn(|c| {
            let b = fixtures::base(c);
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |_| {});
            let u = staff::user(c, "isabelle@example.org", "none", None);
            let t = staff::trainer(c, "isabelle", b.organisation_id, Some(u));
            staff::assign(c, s, t);
            (s, "isabelle@example.org")
        });
        let reg = app
            .call(TestRequest::post().uri(&format!("/api/v1/sessions/{s}/registrations"))
                .set_json(json!({"name": "Gisèle Tremblay", "email": "gisele@example.org", "consent": true})))
            .await;
        assert_eq!(reg.status, StatusCode::CREATED);
        let manage = reg.json()["manage_url"].as_str().unwrap().to_owned();
        let token = manage.rsplit('/').next().unwrap().to_owned();
        let schedule = Browser::signed_in(&app, trainer_email).post("/admin/me/schedule/feed", &[]).await.text();
        let trainer_token = schedule.split("/trainers/").nth(1).unwrap().split('/').next().unwrap().to_owned();
        // « Mes activités »: the link is emailed to the address that registered.
        let csrf = babillard::domain::token::random_token();
        let asked = app
            .call(TestRequest::post().uri("/my-activities")
                .insert_header(("cookie", format!("csrf={csrf}")))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf_token={csrf}&email=gisele%40example.org&website=")))
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        let activities = app.with_conn(|c| {
            use babillard::db::schema::outbox;
            use diesel::prelude::*;
            let payload: String = outbox::table.filter(outbox::kind.eq("activities_link")).select(outbox::payload).first(c).unwrap();
            serde_json::from_str::<serde_json::Value>(&payload).unwrap()["activities_token"].as_str().unwrap().to_owned()
        });
        // « Prévenez-moi »: the link is emailed with the confirmation.
        let signed = app
            .call(TestRequest::post().uri("/interest")
                .insert_header(("cookie", format!("csrf={csrf}")))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf_token={csrf}&topic=tablette-telephone&municipality=test-ville&name=Gis%C3%A8le&email=gisele%40example.org&consent=oui&website=")))
            .await;
        assert_eq!(signed.status, StatusCode::OK);
        let interest = app.with_conn(|c| {
            use babillard::db::schema::outbox;
            use diesel::prelude::*;
            let payload: String = outbox::table.filter(outbox::kind.eq("interest_confirm")).select(outbox::payload).first(c).unwrap();
            serde_json::from_str::<serde_json::Value>(&payload).unwrap()["interest_token"].as_str().unwrap().to_owned()
        });
        let code = app.with_conn(|c| babillard::store::feeds::code_for_query(c, "audience=aines", babillard::db::now()).unwrap());
        let mut anonymous = Browser::new(&app);
        anonymous.post("/admin/password/forgot", &[("email", trainer_email)]).await;
        let reset = app.with_conn(|c| {
            use babillard::db::schema::outbox;
            use diesel::prelude::*;
            let payload: String = outbox::table.filter(outbox::kind.eq("password_reset")).select(outbox::payload).first(c).unwrap();
            let link = serde_json::from_str::<serde_json::Value>(&payload).unwrap()["link"].as_str().unwrap().to_owned();
            link.rsplit('/').next().unwrap().to_owned()
        });
        // « Proposer une activité »: the confirmation link is emailed to the proposer.
        let proposal = app.with_conn(|c| {
            use babillard::db::schema::{events, kinds, municipalities, outbox};
            use babillard::domain::proposal::{Proposal, RawProposal};
            use diesel::prelude::*;
            diesel::update(events::table).set(events::accepts_proposals.eq(true)).execute(c).unwrap();
            let first = |ids: Vec<i64>| ids[0].to_string();
            let day = babillard::domain::time::local(babillard::db::now()).date_naive() + chrono::Days::new(20);
            let raw = RawProposal {
                event: first(events::table.select(events::id).load(c).unwrap()),
                group: "Club des aînés".into(),
                name: "Lise Gagnon".into(),
                email: "lise@example.org".into(),
                title: "Café-jasette".into(),
                description: "On s'entraide avec nos tablettes.".into(),
                date: day.to_string(),
                start: "13:30".into(),
                end: "15:00".into(),
                municipality: first(municipalities::table.select(municipalities::id).load(c).unwrap()),
                place: "Salle paroissiale".into(),
                kind: first(kinds::table.select(kinds::id).load(c).unwrap()),
                consent: true,
                ..RawProposal::default()
            };
            let now = babillard::db::now();
            let p = Proposal::parse(&raw, babillard::domain::lang::Lang::Fr, now).unwrap();
            babillard::store::proposals::submit(c, &p, now).unwrap();
            let payload: String = outbox::table.filter(outbox::kind.eq("proposal_confirm")).select(outbox::payload).first(c).unwrap();
            serde_json::from_str::<serde_json::Value>(&payload).unwrap()["confirm_token"].as_str().unwrap().to_owned()
        });
        // « Donner un coup de main »: the session asks for helpers; Léa confirmed hers by
        // the emailed link (which then says so), and has her manage link.
        let (helper_confirm, helper_manage) = app.with_conn(|c| {
            use babillard::db::schema::{outbox, session_helpers};
            use babillard::domain::helpers::{Entry, RawHelper, parse_helper};
            use babillard::store::helpers::public::{Confirmed, confirm, sign_up};
            use diesel::prelude::*;
            diesel::insert_into(session_helpers::table)
                .values((
                    session_helpers::session_id.eq(s),
                    session_helpers::wanted.eq(3),
                    session_helpers::task.eq("aider les participants"),
                    session_helpers::confirmed.eq(0),
                ))
                .execute(c)
                .unwrap();
            let raw = RawHelper { name: "Léa Tremblay".into(), email: "lea@example.org".into(), consent: true, ..RawHelper::default() };
            let helper = parse_helper(&raw, Entry::Public, babillard::domain::lang::Lang::Fr).unwrap();
            let now = babillard::db::now();
            sign_up(c, s, &helper, now).unwrap();
            let payload: String = outbox::table.filter(outbox::kind.eq("helper_confirm")).select(outbox::payload).first(c).unwrap();
            let link = serde_json::from_str::<serde_json::Value>(&payload).unwrap()["helper_confirm_token"].as_str().unwrap().to_owned();
            let Confirmed::Now(manage) = confirm(c, &link, now).unwrap() else { panic!("confirmed") };
            (link, manage)
        });
        // « Demander un atelier »: a scheduled and invoiced request, with its link.
        let (_, request_token) = app.with_conn(|c| {
            use babillard::db::schema::{sessions, users};
            use diesel::prelude::*;
            let org: i64 = sessions::table.find(s).select(sessions::organisation_id).first(c).unwrap();
            let trainer: i64 = babillard::db::schema::trainers::table
                .filter(babillard::db::schema::trainers::slug.eq("isabelle"))
                .select(babillard::db::schema::trainers::id)
                .first(c)
                .unwrap();
            let admin_id = staff::user(c, "region@example.org", "admin", None);
            let _ = users::table;
            let admin = babillard::domain::access::Access { user_id: admin_id, is_admin: true, ..Default::default() };
            workshop_request(c, &admin, org, trainer)
        });
        let real = |name: &str| -> String {
            match name {
                "id" => s.to_string(),
                "slug" => "test".to_owned(),
                "name" => "site.css".to_owned(),
                "code" => code.clone(),
                "token" => token.clone(),
                other => panic!("no sample value for {{{other}}}"),
            }
        };
        // The pages after a session are for people marked present.
        const AFTER: [&str; 3] = ["/r/{token}/survey", "/r/{token}/certificate.pdf", "/r/{token}/follow-up"];
        let present = app.with_conn(|c| {
            use babillard::db::schema::registrations;
            use diesel::prelude::*;
            let (id, _) = staff::register(c, s, "Présente Tremblay", "presente@example.org");
            diesel::update(registrations::table.find(id)).set(registrations::status.eq("attended")).execute(c).unwrap();
            babillard::store::links::mint(c, id, babillard::db::now()).unwrap()
        });
        let mut checker = Checker { app: &app, cookies: Vec::new(), sent: 0 };
        for (pattern, keys) in babillard::web::routes::PUBLIC_GET {
            let real_for_route = |name: &str| -> String {
                match (*pattern, name) {
                    ("/trainers/{token}/calendar.ics", "token") => trainer_token.clone(),
                    ("/password/reset/{token}", "token") => reset.clone(),
                    (p, "token") if p.starts_with("/my-activities/") => activities.clone(),
                    ("/interest/{token}", "token") => interest.clone(),
                    (p, "token") if p.starts_with("/r/{token}/") && AFTER.contains(&p) => present.clone(),
                    (p, "token") if p.starts_with("/propose/") => proposal.clone(),
                    (p, "token") if p.starts_with("/helpers/confirm/") => helper_confirm.clone(),
                    (p, "token") if p.starts_with("/h/") => helper_manage.clone(),
                    (p, "token") if p.starts_with("/requests/") => request_token.clone(),
                    ("/events/{slug}" | "/api/v1/events/{slug}", "slug") => "test-programme".to_owned(),
                    _ => real(name),
                }
            };
            // The real values answer first, so the hostile ones test a live page.
            let live = checker.get(&fill(pattern, real_for_route), false).await;
            assert!(live.status.is_success() || live.status.is_redirection(), "{pattern} with real values: {}", live.status);
            checker.route(pattern, keys, &real_for_route).await;
        }
        assert!(checker.sent > 1000, "{} requests", checker.sent);
    }

    async fn hostile_query_values_never_break_a_back_office_page(app: TestApp) {
        let (b, s) = app.with_conn(|c| {
            let b = fixtures::base(c);
            let s = fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |_| {});
            // An administrator who also trains: every back-office page is theirs.
            let u = staff::user(c, "admin@example.org", "admin", None);
            staff::trainer(c, "isabelle", b.organisation_id, Some(u));
            staff::register(c, s, "Gisèle Tremblay", "gisele@example.org");
            (b, s)
        });
        let venue = b.venue_id;
        // A partner's endpoint and a partner calendar, so their pages have a real id.
        let (webhook, source, request) = app.with_conn(|c| {
            use babillard::domain::access::Access;
            use diesel::prelude::*;
            let admin = Access {
                user_id: babillard::db::schema::users::table
                    .filter(babillard::db::schema::users::email.eq("admin@example.org"))
                    .select(babillard::db::schema::users::id)
                    .first(c)
                    .unwrap(),
                is_admin: true,
                ..Default::default()
            };
            let hook = babillard::domain::webhooks::WebhookInput {
                organisation_id: b.organisation_id,
                url: "https://partenaire.example/avis".into(),
                events: vec![babillard::domain::webhooks::WebhookEvent::SessionPublished],
                include_personal: false,
            };
            let webhook = babillard::store::webhooks::create(c, &admin, &hook).unwrap();
            let feed = babillard::store::imports::SourceInput::new(
                b.organisation_id,
                "Agenda partenaire",
                Some("https://partenaire.example/agenda.ics"),
                b.kind_id,
            );
            let source = babillard::store::imports::register_source(c, &admin, &feed).unwrap();
            let trainer: i64 = babillard::db::schema::trainers::table
                .filter(babillard::db::schema::trainers::slug.eq("isabelle"))
                .select(babillard::db::schema::trainers::id)
                .first(c)
                .unwrap();
            let (request, _) = workshop_request(c, &admin, b.organisation_id, trainer);
            (webhook, source, request)
        });
        let signed = Browser::signed_in(&app, "admin@example.org");
        let cookies = signed.cookies.clone().into_iter().collect();
        let mut checker = Checker { app: &app, cookies, sent: 0 };
        for (method, pattern) in babillard::web::admin::ROUTES {
            if *method != "get" || !pattern.starts_with("/admin/") {
                continue;
            }
            let real = |name: &str| -> String {
                match (*pattern, name) {
                    (p, "id") if p.starts_with("/admin/organisations/") => b.organisation_id.to_string(),
                    (p, "id") if p.starts_with("/admin/events/") => b.event_id.to_string(),
                    (p, "id") if p.starts_with("/admin/venues/") => venue.to_string(),
                    (p, "id") if p.starts_with("/admin/webhooks/") => webhook.to_string(),
                    (p, "id") if p.starts_with("/admin/sources/") => source.to_string(),
                    (p, "id") if p.starts_with("/admin/requests/") => request.to_string(),
                    (_, "id") => s.to_string(),
                    (_, other) => panic!("no sample value for {{{other}}} in {pattern}"),
                }
            };
            // A page that needs a query to show anything gets a real one first.
            let live_query = match *pattern {
                "/admin/new" => format!("?event={}&what=session", b.event_id),
                _ => String::new(),
            };
            let live = checker.get(&format!("{}{live_query}", fill(pattern, real)), false).await;
            assert!(live.status.is_success() || live.status.is_redirection(), "{pattern} with real values: {}", live.status);
            checker.route(pattern, &["done", "sep", "q", "event", "what"], &real).await;
        }
    }
}

/// A workshop request from the organisation's town, confirmed, scheduled with the
/// trainer at a rate and invoiced, through the store (the organisation is the MRC's
/// team); returns its id and a working link.
fn workshop_request(
    c: &mut babillard::db::DbConnection,
    admin: &babillard::domain::access::Access,
    organisation_id: i64,
    trainer_id: i64,
) -> (i64, String) {
    use babillard::db::schema::{municipalities, organisations, users};
    use diesel::prelude::*;
    let town: i64 = organisations::table
        .find(organisation_id)
        .select(organisations::municipality_id.assume_not_null())
        .first(c)
        .unwrap();
    let mrc: i64 = municipalities::table
        .find(town)
        .select(municipalities::mrc_id)
        .first(c)
        .unwrap();
    let email: String = users::table
        .find(admin.user_id)
        .select(users::email)
        .first(c)
        .unwrap();
    babillard::store::requests::appoint(c, admin, &email, mrc, organisation_id).unwrap();
    let w = common::requests::Invoiced {
        municipality_id: town,
        topic_id: None,
        trainer_id,
        starts_at: babillard::db::now() + chrono::Duration::days(40),
    };
    common::requests::invoiced(c, admin, &w)
}

/// Every route registered in `src/web` is either in `PUBLIC_GET`, in the back office's
/// table, or one of the few that answer no `GET`: a new public page cannot be left out
/// of the hostile-query test above.
#[test]
fn every_public_get_route_is_in_the_hostile_query_list() {
    const NO_GET: &[&str] = &[
        "/api/v1/sessions/{id}/registrations",
        "/sessions/{id}/register",
        "/r/{token}/seats",
        "/r/{token}/accept",
        "/r/{token}/pay",
        "/r/{token}/more-time",
        "/webhooks/stripe",
        "/requests/{token}/confirm",
        "/requests/{token}/pick",
        "/requests/{token}/withdraw",
        "/requests/{token}/pay",
    ];
    let listed: Vec<&str> = babillard::web::routes::PUBLIC_GET
        .iter()
        .map(|(p, _)| *p)
        .collect();
    let mut found = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                for opener in [".route(", "resource("] {
                    for part in src.split(opener).skip(1) {
                        let part = part.trim_start();
                        if let Some(lit) = part.strip_prefix('"') {
                            let pattern = &lit[..lit.find('"').unwrap()];
                            if pattern.starts_with('/') {
                                found.push((p.display().to_string(), pattern.to_owned()));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(found.len() > 20, "the scan finds the routes: {found:?}");
    for (file, pattern) in &found {
        assert!(
            listed.contains(&pattern.as_str()) || NO_GET.contains(&pattern.as_str()),
            "{pattern} (in {file}) is not in web::routes::PUBLIC_GET: add it with the query keys it reads"
        );
    }
    for pattern in &listed {
        let admin = babillard::web::admin::ROUTES
            .iter()
            .any(|(m, p)| *m == "get" && p == pattern);
        assert!(
            admin || found.iter().any(|(_, p)| p == pattern),
            "{pattern} is listed but no longer registered"
        );
    }
}

on_both_backends! {
    async fn the_calendar_refuses_dates_beyond_its_range_in_words(app: TestApp) {
        let r = app.get("/calendar?month=-262143-01").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.text().contains("Le filtre «\u{a0}month\u{a0}» n&#39;accepte pas la valeur «\u{a0}-262143-01\u{a0}»."), "{}", r.text());
        let r = app.get("/calendar?view=week&week=262143-12-31&lang=en").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.text().contains("The filter “week” does not accept the value “262143-12-31”."));
        // At the edge of the range the page shows, without a link past it.
        let last = app.get("/calendar?month=2199-12").await;
        assert_eq!(last.status, StatusCode::OK);
        assert!(!last.text().contains("rel=\"next\"") && last.text().contains("rel=\"prev\""));
        let r = app.get("/api/v1/sessions?from=2026-01-01&to=2030-01-01").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.json()["error"]["message"], "La période demandée dépasse 731 jours\u{a0}: choisissez des dates plus rapprochées.");
        let r = app.get("/calendar.ics?from=-262143-01-01").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("hors de la période couverte"));
    }
}

on_both_backends! {
    async fn a_public_feed_carries_at_most_its_cap_of_sessions_the_soonest_first(app: TestApp) {
        use diesel::Connection;
        let cap = babillard::domain::filter::FEED_MAX_SESSIONS;
        app.with_conn(|c| {
            c.transaction::<_, diesel::result::Error, _>(|c| {
                let b = fixtures::base(c);
                for i in 0..=cap {
                    fixtures::session(c, &b, &format!("Atelier {i:04}"), in_days(1) + chrono::Duration::hours(i), |_| {});
                }
                Ok(())
            })
            .unwrap()
        });
        let r = app.get("/calendar.ics").await;
        assert_eq!(r.status, StatusCode::OK);
        let text = r.text();
        assert_eq!(text.matches("BEGIN:VEVENT").count() as i64, cap);
        assert!(text.contains("Atelier 0000") && !text.contains(&format!("Atelier {cap:04}")), "the soonest sessions are kept");
    }
}
