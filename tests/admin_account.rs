//! Staff accounts in the browser: signing in through the form (cookie flags), signing
//! out, throttling repeated failures, and the emailed single-use reset link.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::staff::{self, Browser, PASSWORD};
use diesel::prelude::*;

on_both_backends! {
    async fn signing_in_sets_a_private_cookie_and_signing_out_ends_the_session(app: TestApp) {
        app.with_conn(|c| staff::user(c, "Marie@Example.org", "none", None));
        let mut b = Browser::new(&app);
        let page = b.get("/admin/sign-in").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("name=\"csrf_token\""));
        let r = b.post("/admin/sign-in", &[("email", " marie@example.org "), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.header("location").as_deref(), Some("/admin"));
        let cookie = r.headers.get_all("set-cookie").map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("staff=")).unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        let stored: String = app.with_conn(|c| staff_sessions::table.select(staff_sessions::token_hash).first(c).unwrap());
        assert!(!cookie.contains(&stored), "the table keeps a digest, not the token");
        let home = b.get("/admin").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.text().contains("Tableau de bord"));
        let out = b.post("/admin/sign-out", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(app.with_conn(|c| staff_sessions::table.count().get_result::<i64>(c).unwrap()), 0);
        let home = b.get("/admin").await;
        assert_eq!(home.status, StatusCode::SEE_OTHER);
        assert_eq!(home.header("location").as_deref(), Some("/admin/sign-in"), "the back office's address leads to sign-in");
        let after = b.get("/admin/organisations").await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert!(after.text().contains("href=\"/admin/sign-in\""), "the 401 page offers to sign in");
    }

    async fn repeated_failures_are_throttled_even_with_the_right_password(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let mut b = Browser::new(&app);
        for _ in 0..5 {
            let r = b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", "mauvais mot de passe")]).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
            assert!(r.text().contains("Courriel ou mot de passe incorrect."));
            assert!(r.text().contains("value=\"marie@example.org\""), "the email is kept");
        }
        let r = b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.header("retry-after").is_some());
        assert!(r.text().contains("Trop de tentatives"));
        assert_eq!(app.with_conn(|c| staff_sessions::table.count().get_result::<i64>(c).unwrap()), 0);
        // Another account from the same place is not locked out by these five.
        app.with_conn(|c| staff::user(c, "paul@example.org", "none", None));
        let r = b.post("/admin/sign-in", &[("email", "paul@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }

    async fn a_reset_link_works_once_and_signs_out_everywhere(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "editor", None));
        let mut elsewhere = Browser::signed_in(&app, "marie@example.org");
        let mut b = Browser::new(&app);
        let r = b.post("/admin/password/forgot", &[("email", "marie@example.org")]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("Si ce courriel correspond à un compte"));
        let unknown = b.post("/admin/password/forgot", &[("email", "personne@example.org")]).await;
        assert_eq!(unknown.text().replace("personne", "marie"), r.text().replace("personne", "marie"), "the page does not tell whether an account exists");
        let rows: Vec<(String, String, String)> = app.with_conn(|c| outbox::table.select((outbox::kind, outbox::recipient, outbox::payload)).load(c).unwrap());
        assert_eq!(rows.len(), 1, "one email, to the real account only");
        assert_eq!(rows[0].0, "password_reset");
        assert_eq!(rows[0].1, "marie@example.org");
        let payload: serde_json::Value = serde_json::from_str(&rows[0].2).unwrap();
        let link = payload["link"].as_str().unwrap();
        assert!(payload["expires_at"].as_str().unwrap().contains('T'));
        let path = link.strip_prefix(&app.state.settings.base_url).unwrap().to_owned();
        assert!(path.starts_with("/password/reset/"));

        let form = b.get(&path).await;
        assert_eq!(form.status, StatusCode::OK);
        let short = b.post(&path, &[("password", "court"), ("confirm", "court")]).await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.text().contains("au moins 10 caractères"));
        let ok = b.post(&path, &[("password", "une toute nouvelle phrase"), ("confirm", "une toute nouvelle phrase")]).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        assert_eq!(elsewhere.get("/admin/organisations").await.status, StatusCode::UNAUTHORIZED, "old sessions end");
        let again = b.post(&path, &[("password", "encore une autre phrase"), ("confirm", "encore une autre phrase")]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "single use");
        assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND);
        let signed = b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", "une toute nouvelle phrase")]).await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER);
    }

    async fn an_expired_reset_link_is_refused(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "editor", None));
        let mut b = Browser::new(&app);
        b.post("/admin/password/forgot", &[("email", "marie@example.org")]).await;
        app.with_conn(|c| {
            diesel::update(password_resets::table)
                .set(password_resets::expires_at.eq(babillard::db::now() - chrono::Duration::minutes(1)))
                .execute(c)
                .unwrap()
        });
        let payload: String = app.with_conn(|c| outbox::table.select(outbox::payload).first(c).unwrap());
        let link: serde_json::Value = serde_json::from_str(&payload).unwrap();
        let path = link["link"].as_str().unwrap().strip_prefix(&app.state.settings.base_url).unwrap().to_owned();
        let page = b.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.text().contains("plus valable"));
        let r = b.post(&path, &[("password", "une toute nouvelle phrase"), ("confirm", "une toute nouvelle phrase")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }

    async fn back_office_pages_speak_english_when_asked(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "admin", None));
        let mut b = Browser::signed_in(&app, "marie@example.org");
        let r = b.get("/admin?lang=en").await;
        assert!(r.text().contains("Dashboard"));
        assert!(r.text().contains("<html lang=\"en-CA\">"));
        let r = b.get("/admin/region").await;
        assert!(r.text().contains("Region: municipalities"), "the language choice is remembered");
    }

    async fn the_demo_comes_with_staff_accounts_for_each_role(app: TestApp) {
        app.demo();
        app.demo();
        for (email, _, role, _, _) in babillard::demo::DEMO_STAFF {
            let mut b = Browser::new(&app);
            let r = b.post("/admin/sign-in", &[("email", email), ("password", babillard::demo::DEMO_PASSWORD)]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{email}");
            let home = b.get("/admin").await.text();
            match *role {
                "manager" | "editor" => assert!(home.contains("Bibliothèque Jean-Marc-Belzile"), "{role}: {home}"),
                "trainer" => assert!(b.get("/admin/me/schedule").await.text().contains("Isabelle Tremblay")),
                // The coordinator's navigation leads to the requests of the MRC des Sources.
                "coordinator" => {
                    assert!(home.contains("href=\"/admin/requests\""), "{role}: {home}");
                    assert_eq!(b.get("/admin/requests").await.status, StatusCode::OK);
                }
                // The demo's administrator has no second factor yet: it comes first.
                _ => {
                    let r = b.get("/admin/region").await;
                    assert_eq!(r.status, StatusCode::SEE_OTHER);
                    assert_eq!(r.header("location").as_deref(), Some("/admin/account/two-factor"));
                }
            }
        }
    }
}

/// The reset email really leaves: through the mail worker to an SMTP server on
/// loopback, with a link that works.
#[actix_web::test]
async fn the_reset_email_reaches_the_person_with_a_working_link() {
    use common::smtp::SmtpSink;
    let sink = SmtpSink::start();
    let app = common::mailkit::app_with_smtp(common::Backend::Sqlite, Some(sink.url())).await;
    app.with_conn(|c| staff::user(c, "marie@example.org", "editor", None));
    let mut b = Browser::new(&app);
    b.post("/admin/password/forgot", &[("email", "marie@example.org")])
        .await;
    babillard::mail::worker::drain_at(
        &app.state.mail(),
        babillard::db::now() + chrono::Duration::seconds(1),
    )
    .unwrap();
    let got = sink.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["<marie@example.org>".to_string()]);
    let msg = got[0].parsed();
    let text = msg.body_text(0).unwrap().to_string();
    let start = text
        .find("https://babillard.test/password/reset/")
        .expect("the link is in the email");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let path = link.strip_prefix("https://babillard.test").unwrap();
    assert_eq!(b.get(path).await.status, StatusCode::OK, "{link}");
}

/// Back-office pages stay under 50 KB with the whole demo loaded.
#[actix_web::test]
async fn back_office_pages_stay_light_with_the_demo() {
    let app = common::TestApp::sqlite().await;
    app.demo();
    let (org, event, session) = app.with_conn(|c| {
        let org: i64 = organisations::table
            .filter(organisations::slug.eq("bibliotheque-jean-marc-belzile"))
            .select(organisations::id)
            .first(c)
            .unwrap();
        let event: i64 = events::table
            .order(events::id)
            .select(events::id)
            .first(c)
            .unwrap();
        let session: i64 = sessions::table
            .filter(sessions::event_id.eq(event))
            .select(sessions::id)
            .first(c)
            .unwrap();
        (org, event, session)
    });
    // The demo's administrator has set up their second factor (or every page would
    // lead to setting it up).
    app.with_conn(|c| {
        diesel::update(users::table.filter(users::email.eq("admin@demo.babillard.quebec")))
            .set(users::totp_enabled_at.eq(babillard::db::now()))
            .execute(c)
            .unwrap()
    });
    let mut b = Browser::signed_in(&app, "admin@demo.babillard.quebec");
    for path in [
        "/admin".to_string(),
        "/admin/organisations".to_string(),
        format!("/admin/organisations/{org}"),
        format!("/admin/events/{event}"),
        format!("/admin/events/{event}/sessions/new"),
        format!("/admin/sessions/{session}"),
        format!("/admin/sessions/{session}/registrations"),
        format!("/admin/sessions/{session}/door"),
        "/admin/audit".to_string(),
        "/admin/region".to_string(),
    ] {
        let r = b.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.len() < 50_000, "{path} is {} bytes", r.body.len());
    }
}

/// A trainer added by a library before they had an account gets their schedule as
/// soon as an account with that email signs in.
#[actix_web::test]
async fn a_trainer_record_joins_the_account_with_its_email_at_sign_in() {
    let app = common::TestApp::sqlite().await;
    let s = app.with_conn(|c| {
        let b = common::fixtures::base_named(c, "biblio");
        let t = staff::trainer(c, "isabelle", b.organisation_id, None);
        let s = common::fixtures::session(
            c,
            &b,
            "Tablette pour aînés",
            common::fixtures::in_days(3),
            |_| {},
        );
        staff::assign(c, s, t);
        staff::user(c, "isabelle@formateurs.example.org", "none", None);
        s
    });
    let mut b = Browser::new(&app);
    let r = b
        .post(
            "/admin/sign-in",
            &[
                ("email", "isabelle@formateurs.example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.get("/admin/me/schedule").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Tablette pour aînés"));
    assert_eq!(
        b.get(&format!("/admin/sessions/{s}/door")).await.status,
        StatusCode::OK
    );
}

/// The reset link sent last to an address, as a path.
fn last_reset_path(app: &common::TestApp) -> String {
    let payload: String = app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.eq("password_reset"))
            .order(outbox::id.desc())
            .select(outbox::payload)
            .first(c)
            .unwrap()
    });
    let link: serde_json::Value = serde_json::from_str(&payload).unwrap();
    link["link"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.state.settings.base_url)
        .unwrap()
        .to_owned()
}

on_both_backends! {
    async fn a_session_ends_after_its_absolute_lifetime_however_active(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let mut b = Browser::new(&app);
        let r = b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let age = |days: i64| {
            app.with_conn(|c| {
                let t = babillard::db::now();
                diesel::update(staff_sessions::table)
                    .set((
                        staff_sessions::created_at.eq(t - chrono::Duration::days(days)),
                        staff_sessions::last_seen_at.eq(t),
                        staff_sessions::expires_at.eq(t + chrono::Duration::hours(12)),
                    ))
                    .execute(c)
                    .unwrap()
            })
        };
        age(6);
        assert_eq!(b.get("/admin/organisations").await.status, StatusCode::OK, "six days, active: still in");
        age(8);
        assert_eq!(b.get("/admin/organisations").await.status, StatusCode::UNAUTHORIZED, "past seven days, signed out however active");
    }

    async fn reset_requests_are_throttled_per_email_and_per_address(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let mut b = Browser::new(&app);
        for _ in 0..3 {
            let r = b.post("/admin/password/forgot", &[("email", "marie@example.org")]).await;
            assert_eq!(r.status, StatusCode::OK);
        }
        let r = b.post("/admin/password/forgot", &[("email", "Marie@example.org")]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.text().contains("Trop de demandes de lien"), "{}", r.text());
        let sent: i64 = app.with_conn(|c| outbox::table.filter(outbox::kind.eq("password_reset")).count().get_result(c).unwrap());
        assert_eq!(sent, 3, "the mailbox is not flooded");
        // From one address, many different emails (known or not) are throttled too.
        for i in 0..7 {
            let r = b.post("/admin/password/forgot", &[("email", &format!("personne{i}@example.org"))]).await;
            assert_eq!(r.status, StatusCode::OK, "{i}");
        }
        let r = b.post("/admin/password/forgot", &[("email", "encore@example.org"), ("lang", "en")]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        let en = b.post("/admin/password/forgot?lang=en", &[("email", "autre@example.org")]).await;
        assert!(en.text().contains("Too many link requests"));
    }

    async fn a_new_reset_link_voids_the_older_ones_and_a_reset_clears_the_lockout(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let mut b = Browser::new(&app);
        for _ in 0..5 {
            b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", "mauvais mot de passe")]).await;
        }
        assert_eq!(b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await.status, StatusCode::TOO_MANY_REQUESTS);
        b.post("/admin/password/forgot", &[("email", "marie@example.org")]).await;
        let first = last_reset_path(&app);
        b.post("/admin/password/forgot", &[("email", "marie@example.org")]).await;
        let second = last_reset_path(&app);
        assert_ne!(first, second);
        assert_eq!(b.get(&first).await.status, StatusCode::NOT_FOUND, "the older link no longer works");
        assert_eq!(b.post(&first, &[("password", "une toute nouvelle phrase"), ("confirm", "une toute nouvelle phrase")]).await.status, StatusCode::NOT_FOUND);
        let r = b.post(&second, &[("password", "une toute nouvelle phrase"), ("confirm", "une toute nouvelle phrase")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", "une toute nouvelle phrase")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "the person who proved they hold the mailbox is not locked out");
        assert_eq!(r.header("location").as_deref(), Some("/admin"));
    }

    async fn sign_in_reads_the_client_address_like_registration_does(app: TestApp) {
        use actix_web::test::TestRequest;
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let trusted = common::TestApp::build(app.backend, |s| {
            s.trusted_proxies = vec!["10.0.0.1".into(), "10.0.0.2".into()];
        })
        .await;
        let csrf = babillard::domain::token::random_token();
        let req = || {
            TestRequest::post()
                .uri("/admin/sign-in")
                .peer_addr("10.0.0.1:443".parse().unwrap())
                .insert_header(("x-forwarded-for", "198.51.100.9, 203.0.113.5, 10.0.0.2"))
                .cookie(actix_web::cookie::Cookie::new("csrf", csrf.clone()))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("email=marie%40example.org&password=faux&csrf_token={csrf}"))
        };
        let expected = trusted.state.registration_limiter.client_ip(&req().to_http_request()).unwrap();
        assert_eq!(expected.to_string(), "203.0.113.5", "the last hop that is not a trusted proxy");
        let r = trusted.call(req()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let ip: String = trusted.with_conn(|c| login_attempts::table.select(login_attempts::ip).first(c).unwrap());
        assert_eq!(ip, "203.0.113.5", "sign-in counts the same address as registration");
    }
}
