//! Public pages kept rendered (`web::page_cache`), as visitors and organisers meet
//! them: a kept page is served while it is young, every visitor finds their own CSRF
//! token and a fresh submission token in its form (so the form still works), French
//! and English are kept apart, and a staff change shows at once. On both databases.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::sessions;
use common::TestApp;
use common::fixtures;
use common::staff::{self, Browser};
use diesel::prelude::*;
use serde_json::json;

/// The app with pages kept for a minute (tests default to 0: nothing kept).
async fn app_keeping_pages(backend: common::Backend) -> TestApp {
    TestApp::build(backend, |s| s.feed_cache_seconds = 60).await
}

/// Renames the session behind the app's back, as another instance would.
fn rename_directly(app: &TestApp, s: i64, title: &str) {
    app.with_conn(|c| {
        diesel::update(sessions::table.find(s))
            .set(sessions::title.eq(title))
            .execute(c)
            .unwrap();
    });
}

/// The value of the hidden field `name` in a page.
fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

async fn a_kept_page_is_served_until_a_staff_change(backend: common::Backend) {
    let app = app_keeping_pages(backend).await;
    let s = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 10).1);
    let path = format!("/sessions/{s}");
    // The printed programme of the session's month.
    let starts: chrono::NaiveDateTime = app.with_conn(|c| {
        sessions::table
            .find(s)
            .select(sessions::starts_at)
            .first(c)
            .unwrap()
    });
    let print = format!("/print/programme?month={}", starts.format("%Y-%m"));
    for page in [path.as_str(), "/", print.as_str()] {
        assert!(
            app.get(page)
                .await
                .text()
                .contains("Apprivoiser sa tablette"),
            "{page}"
        );
    }

    rename_directly(&app, s, "Titre changé ailleurs");
    let kept = app.get(&path).await;
    assert_eq!(kept.status, StatusCode::OK);
    assert!(
        kept.text().contains("Apprivoiser sa tablette"),
        "served from memory"
    );
    for page in ["/", print.as_str()] {
        let kept = app.get(page).await.text();
        assert!(!kept.contains("Titre changé ailleurs"), "{page}");
        assert!(kept.contains("Apprivoiser sa tablette"), "{page}");
    }

    // An organiser's change through the app shows on the next view.
    let token = staff::token(&app, "editor@example.org");
    let r = staff::api(
        &app,
        "patch",
        &path.replace("/sessions/", "/api/v1/sessions/"),
        Some(&token),
        Some(json!({"title": "Apprivoiser sa tablette, 2e partie"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        app.get(&path)
            .await
            .text()
            .contains("Apprivoiser sa tablette, 2e partie")
    );
    for page in ["/", print.as_str()] {
        assert!(
            app.get(page)
                .await
                .text()
                .contains("Apprivoiser sa tablette, 2e partie"),
            "{page}"
        );
    }
    assert!(!app.state.pages.is_empty());
}

async fn each_visitor_gets_their_own_tokens_and_the_form_works(backend: common::Backend) {
    let app = app_keeping_pages(backend).await;
    let s = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 10).1);
    let path = format!("/sessions/{s}");
    let mut anne = Browser::new(&app);
    let mut marc = Browser::new(&app);
    let first = anne.get(&path).await.text();
    let second = marc.get(&path).await.text();
    assert_eq!(field(&first, "csrf_token"), anne.csrf());
    assert_eq!(
        field(&second, "csrf_token"),
        marc.csrf(),
        "not Anne's token"
    );
    assert!(!second.contains(&anne.csrf()));
    assert_ne!(field(&first, "submission"), field(&second, "submission"));
    let again = anne.get(&path).await.text();
    assert_ne!(
        field(&again, "submission"),
        field(&first, "submission"),
        "a fresh submission token for each view"
    );
    // Marc registers with the form as he received it.
    let submission = field(&second, "submission");
    let r = marc
        .post_raw(
            &format!("/sessions/{s}/register"),
            &[
                ("csrf_token", &field(&second, "csrf_token")),
                ("submission", &submission),
                ("name", "Marc Lévesque"),
                ("email", "marc@example.org"),
                ("seats", "1"),
                ("consent", "on"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(
        r.header("location").unwrap().starts_with("/r/"),
        "to his manage page"
    );
    // A visitor without any cookie gets one, and the page carries its value.
    let fresh = app.call(TestRequest::get().uri(&path)).await;
    let cookie = fresh.csrf_cookie();
    assert_eq!(field(&fresh.text(), "csrf_token"), cookie);
}

async fn french_and_english_are_kept_apart(backend: common::Backend) {
    let app = app_keeping_pages(backend).await;
    let s = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 10).1);
    let path = format!("/sessions/{s}");
    let fr = app.get(&path).await.text();
    let en = app
        .call(
            TestRequest::get()
                .uri(&path)
                .insert_header(("accept-language", "en-CA,en;q=0.9")),
        )
        .await
        .text();
    assert!(fr.contains("<html lang=\"fr"), "{}", &fr[..200]);
    assert!(en.contains("<html lang=\"en"), "{}", &en[..200]);
    // And again, from memory.
    let fr_again = app.get(&path).await.text();
    assert!(fr_again.contains("<html lang=\"fr"));
}

async fn a_missing_page_is_not_kept(backend: common::Backend) {
    let app = app_keeping_pages(backend).await;
    let s = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Brouillon", fixtures::in_days(2), |x| {
            x.status = babillard::domain::session::SessionStatus::Draft;
        })
    });
    assert_eq!(
        app.get(&format!("/sessions/{s}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sessions/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(app.state.pages.is_empty());
}

mod kept_until_staff_change {
    use super::*;
    crate::each_backend!(a_kept_page_is_served_until_a_staff_change);
}

mod own_tokens {
    use super::*;
    crate::each_backend!(each_visitor_gets_their_own_tokens_and_the_form_works);
}

mod languages {
    use super::*;
    crate::each_backend!(french_and_english_are_kept_apart);
}

mod missing {
    use super::*;
    crate::each_backend!(a_missing_page_is_not_kept);
}

/// A browser asking for gzip gets the kept page gzipped (made once, not per view),
/// which an independent reader inflates to the very page, with this browser's token
/// in its form and the registration still working from it.
async fn a_gzip_visitor_gets_the_same_page_with_their_own_token(backend: common::Backend) {
    use std::io::Read;
    let app = app_keeping_pages(backend).await;
    let s = app.with_conn(|c| staff::library_session(c, "editor@example.org", "editor", 10).1);
    let path = format!("/sessions/{s}");
    let csrf = babillard::domain::token::random_token();
    let gz = |path: String, csrf: String| {
        TestRequest::get()
            .uri(&path)
            .insert_header(("accept-encoding", "gzip, deflate, br, zstd"))
            .insert_header(("cookie", format!("csrf={csrf}")))
    };
    let inflate = |body: &[u8]| {
        let mut out = String::new();
        flate2::read::GzDecoder::new(body)
            .read_to_string(&mut out)
            .expect("a valid gzip stream");
        out
    };
    // The first view makes the page; the second is served kept.
    for _ in 0..2 {
        let r = app.call(gz(path.clone(), csrf.clone())).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-encoding").as_deref(), Some("gzip"));
        assert_eq!(r.header("vary").as_deref(), Some("Accept-Encoding"));
        let page = inflate(&r.body);
        assert!(page.contains("Apprivoiser sa tablette"), "{page}");
        assert_eq!(field(&page, "csrf_token"), csrf);
        assert!(
            r.body.len() < page.len() / 2,
            "{} for {}",
            r.body.len(),
            page.len()
        );
        // The identity page is the same but for the view's own submission token.
        let plain = app
            .call(gz(path.clone(), csrf.clone()).insert_header(("accept-encoding", "identity")))
            .await;
        let plain = plain.text();
        assert_eq!(plain.len(), page.len());
        assert_eq!(
            plain.replace(&field(&plain, "submission"), ""),
            page.replace(&field(&page, "submission"), "")
        );
    }
    // Another browser gets its own token from the same kept page.
    let other = babillard::domain::token::random_token();
    let r = app.call(gz(path.clone(), other.clone())).await;
    assert_eq!(field(&inflate(&r.body), "csrf_token"), other);
}

mod gzip {
    use super::*;
    crate::each_backend!(a_gzip_visitor_gets_the_same_page_with_their_own_token);
}
