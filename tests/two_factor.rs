//! The staff second factor (TOTP, with recovery codes): any account turns it on from
//! its account page; sign-in then asks for a code as a second step, throttled like
//! passwords; each code works once; regional administrators must set it up before
//! anything else; secrets and recovery codes are not readable from the database.

use crate::common;

use actix_web::http::StatusCode;
use babillard::db::schema::*;
use common::staff::{self, Browser, PASSWORD, totp_code};
use diesel::prelude::*;

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {text}"))
        + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

on_both_backends! {
    async fn any_account_turns_on_a_second_factor_and_signs_in_with_a_code(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let mut b = Browser::signed_in(&app, "marie@example.org");
        let page = b.get("/admin/account").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("validation en deux étapes n&#39;est pas activée"), "{}", page.text());
        let setup = b.get("/admin/account/two-factor").await;
        assert_eq!(setup.status, StatusCode::OK);
        let html = setup.text();
        assert!(html.contains("<svg") && html.contains("role=\"img\""), "a QR code");
        assert!(html.contains("<label for=\"f-code\">"));
        let typed = between(&html, "<code class=\"secret\" id=\"secret\">", "</code>").replace(' ', "");
        let secret = totp_rs::Secret::Encoded(typed.clone()).to_bytes().unwrap();
        let again = b.get("/admin/account/two-factor").await.text();
        assert!(again.contains(&between(&html, "<code class=\"secret\" id=\"secret\">", "</code>").to_owned()), "the same secret until confirmed");

        let wrong = b.post("/admin/account/two-factor", &[("code", "000000")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.text().contains("Ce code n&#39;est pas le bon"));
        let on = b.post("/admin/account/two-factor", &[("code", &totp_code(&secret, 0))]).await;
        assert_eq!(on.status, StatusCode::OK);
        let codes: Vec<String> = on.text().split("<li><code>").skip(1).map(|s| s[..s.find('<').unwrap()].to_owned()).collect();
        assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
        assert!(on.header("cache-control").unwrap().contains("no-store"));

        // A copy of the database gives neither the secret nor a recovery code.
        let (stored, hashes): (Option<String>, Vec<String>) = app.with_conn(|c| {
            let s = users::table.filter(users::email.eq("marie@example.org")).select(users::totp_secret).first(c).unwrap();
            (s, recovery_codes::table.select(recovery_codes::code_hash).load(c).unwrap())
        });
        let stored = stored.unwrap();
        assert!(!stored.contains(&typed) && !stored.contains(&typed.to_lowercase()));
        assert_eq!(hashes.len(), 10);
        for (h, c) in hashes.iter().zip(&codes) {
            assert!(!h.contains(c) && !h.contains(&c.replace('-', "")));
        }

        // Signing in now takes the password, then a code.
        let mut fresh = Browser::new(&app);
        let r = fresh.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location").as_deref(), Some("/admin/sign-in/code"));
        assert!(!fresh.cookies.contains_key("staff"), "not signed in before the code");
        assert_eq!(fresh.get("/admin/organisations").await.status, StatusCode::UNAUTHORIZED);
        let form = fresh.get("/admin/sign-in/code").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text().contains("autocomplete=\"one-time-code\""));
        let bad = fresh.post("/admin/sign-in/code", &[("code", "123456")]).await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert!(bad.text().contains("Ce code n&#39;est pas le bon"));
        // The code that turned the factor on was spent; the next one works.
        let used = fresh.post("/admin/sign-in/code", &[("code", &totp_code(&secret, 0))]).await;
        assert_eq!(used.status, StatusCode::UNAUTHORIZED, "a code works once");
        let ok = fresh.post("/admin/sign-in/code", &[("code", &totp_code(&secret, 30))]).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        assert_eq!(ok.header("location").as_deref(), Some("/admin"));
        assert_eq!(fresh.get("/admin/organisations").await.status, StatusCode::OK);

        // A recovery code replaces the app once.
        let mut phone_lost = Browser::new(&app);
        phone_lost.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        let r = phone_lost.post("/admin/sign-in/code", &[("code", &codes[3].to_uppercase())]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let mut again = Browser::new(&app);
        again.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(again.post("/admin/sign-in/code", &[("code", &codes[3])]).await.status, StatusCode::UNAUTHORIZED);
        let account = fresh.get("/admin/account?lang=en").await.text();
        assert!(account.contains("Recovery codes still valid: 9"), "{account}");

        // Turned off with a recovery code: the password is enough again.
        let off = fresh.post("/admin/account/two-factor/off", &[("code", &codes[0])]).await;
        assert_eq!(off.status, StatusCode::SEE_OTHER);
        let mut plain = Browser::new(&app);
        let r = plain.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.header("location").as_deref(), Some("/admin"));
    }

    async fn wrong_codes_are_throttled_like_passwords(app: TestApp) {
        app.with_conn(|c| staff::user(c, "marie@example.org", "none", None));
        let secret = staff::enrol_totp(&app, "marie@example.org");
        let mut b = Browser::new(&app);
        b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        for _ in 0..5 {
            assert_eq!(b.post("/admin/sign-in/code", &[("code", "000000")]).await.status, StatusCode::UNAUTHORIZED);
        }
        let r = b.post("/admin/sign-in/code", &[("code", &totp_code(&secret, 0))]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.header("retry-after").is_some());
        assert!(!b.cookies.contains_key("staff"));
        let r = b.post("/admin/sign-in", &[("email", "marie@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "the password step is locked too");
        // Without the first step, the second leads back to it.
        let mut stranger = Browser::new(&app);
        let r = stranger.post("/admin/sign-in/code", &[("code", &totp_code(&secret, 0))]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.header("location").unwrap().starts_with("/admin/sign-in?done=code-expired"));
    }

    async fn a_regional_administrator_sets_up_a_second_factor_before_anything_else(app: TestApp) {
        let org = app.with_conn(|c| {
            let b = common::fixtures::base(c);
            let id = staff::user(c, "admin@example.org", "admin", None);
            diesel::update(users::table.find(id)).set(users::totp_enabled_at.eq(None::<chrono::NaiveDateTime>)).execute(c).unwrap();
            b.organisation_id
        });
        let mut b = Browser::new(&app);
        let r = b.post("/admin/sign-in", &[("email", "admin@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        for path in ["/admin".to_owned(), "/admin/organisations".to_owned(), format!("/admin/organisations/{org}"), "/admin/region".to_owned(), "/admin/account".to_owned()] {
            let r = b.get(&path).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(r.header("location").as_deref(), Some("/admin/account/two-factor"), "{path}");
        }
        let r = b.post("/admin/region/terms", &[("kind", "topic"), ("name_fr", "Courriel"), ("name_en", "Email")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location").as_deref(), Some("/admin/account/two-factor"), "no change before the second factor");
        let setup = b.get("/admin/account/two-factor").await;
        assert_eq!(setup.status, StatusCode::OK);
        assert!(setup.text().contains("Les administrateurs régionaux doivent activer la validation en deux étapes"));
        let en = b.get("/admin/account/two-factor?lang=en").await.text();
        assert!(en.contains("Regional administrators must turn on two-step verification"));
        let typed = between(&setup.text(), "<code class=\"secret\" id=\"secret\">", "</code>").replace(' ', "");
        let secret = totp_rs::Secret::Encoded(typed).to_bytes().unwrap();
        let on = b.post("/admin/account/two-factor", &[("code", &totp_code(&secret, 0))]).await;
        assert_eq!(on.status, StatusCode::OK);
        assert_eq!(b.get("/admin/organisations").await.status, StatusCode::OK);
        let account = b.get("/admin/account").await.text();
        assert!(!account.contains("/admin/account/two-factor/off"), "administrators keep it");
        let r = b.post("/admin/account/two-factor/off", &[("code", &totp_code(&secret, 30))]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
    }
}
