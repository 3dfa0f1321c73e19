//! « Mes activités »: the feed of all of a person's registrations is reached only
//! through a link emailed to their address; the page where the address is typed says
//! the same whatever the address, in French and in English, and is limited per client
//! like the registration form.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::{outbox, person_feeds};
use common::fixtures::{self, in_days};
use common::mailkit::parse_ics;
use common::{Resp, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};

async fn ask(app: &TestApp, path: &str, csrf: &str, email: &str) -> Resp {
    app.call(
        TestRequest::post()
            .uri(path)
            .insert_header(("cookie", format!("csrf={csrf}")))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(format!(
                "csrf_token={csrf}&email={}&website=",
                babillard::web::templates::encode_query_value(email)
            )),
    )
    .await
}

async fn register(app: &TestApp, session: i64, name: &str, email: &str) -> Value {
    let fields = json!({"name": name, "email": email});
    let (status, r) = common::register_by_api(app, session, fields).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    r
}

/// The « Mes activités » messages queued: (recipient, language, token).
fn links_sent(app: &TestApp) -> Vec<(String, String, String)> {
    app.with_conn(|c| {
        outbox::table
            .filter(outbox::kind.eq("activities_link"))
            .order(outbox::id)
            .select((outbox::recipient, outbox::language, outbox::payload))
            .load::<(String, String, String)>(c)
            .unwrap()
            .into_iter()
            .map(|(r, l, p)| {
                let p: Value = serde_json::from_str(&p).unwrap();
                (r, l, p["activities_token"].as_str().unwrap().to_owned())
            })
            .collect()
    })
}

fn titles(ics: &str) -> Vec<String> {
    let mut t: Vec<String> = parse_ics(ics)
        .events
        .iter()
        .map(|e| e["SUMMARY"].value.clone())
        .collect();
    t.sort();
    t
}

const SENT_FR: &str =
    "Si des inscriptions existent pour cette adresse, un message vient d&#39;y être envoyé";
const SENT_EN: &str = "If registrations exist for this address, a message has just been sent to it";

on_both_backends! {
    async fn a_person_gets_all_their_activities_through_a_link_sent_to_their_address(app: TestApp) {
        let (s1, s2, s3) = app.with_conn(|c| {
            let b = fixtures::base(c);
            (
                fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(3), |_| {}),
                fixtures::session(c, &b, "Se protéger des fraudes", in_days(5), |_| {}),
                fixtures::session(c, &b, "Atelier d'une autre", in_days(6), |_| {}),
            )
        });
        let first = register(&app, s1, "Nadia Roy", "Nadia@exemple.ca").await;
        register(&app, s2, "Nadia Roy", "nadia@exemple.ca").await;
        register(&app, s3, "Quelqu'un", "autre@exemple.ca").await;
        // Her manage link's calendar holds that registration only.
        let manage = first["manage_url"].as_str().unwrap().to_owned();
        let path = manage.trim_start_matches("http://127.0.0.1:8080");
        assert_eq!(titles(&app.get(&format!("{path}/calendar.ics")).await.text()), ["Apprivoiser sa tablette"]);
        let page = app.get(path).await.text();
        assert!(page.contains("href=\"/my-activities\""), "the manage page leads to it: {page}");
        assert!(app.get("/subscribe").await.text().contains("href=\"/my-activities\""));

        let form = app.get("/my-activities").await;
        assert_eq!(form.status, StatusCode::OK);
        let html = form.text();
        assert!(html.contains("<h1>Mes activités</h1>"), "{html}");
        assert!(html.contains("<label for=\"act-email\">Votre adresse courriel</label>"), "{html}");
        let csrf = form.csrf_cookie();

        // Her address (typed in other letter case) and an unknown one read the same.
        let known = ask(&app, "/my-activities", &csrf, " NADIA@exemple.ca ").await;
        let unknown = ask(&app, "/my-activities", &csrf, "personne@exemple.ca").await;
        assert_eq!((known.status, unknown.status), (StatusCode::OK, StatusCode::OK));
        assert!(known.text().contains(SENT_FR), "{}", known.text());
        assert_eq!(known.text(), unknown.text(), "nothing tells the two apart");
        let sent = links_sent(&app);
        assert_eq!(sent.len(), 1, "only an address with registrations gets a message");
        let (to, lang, token) = sent[0].clone();
        // To the address as she last gave it.
        assert_eq!((to.as_str(), lang.as_str()), ("nadia@exemple.ca", "fr"));
        // Asked again at once: the same answer, no second email (no flooding).
        assert_eq!(ask(&app, "/my-activities", &csrf, "nadia@exemple.ca").await.text(), known.text());
        assert_eq!(links_sent(&app).len(), 1);
        // Only the link's digest is kept.
        let stored: String = app.with_conn(|c| person_feeds::table.select(person_feeds::token_hash).first(c).unwrap());
        assert_eq!(stored, babillard::domain::token::digest(&token));
        assert_eq!(app.get(&format!("/my-activities/{stored}")).await.status, StatusCode::NOT_FOUND);

        // The emailed link: her activities, and the calendar that gathers them.
        let mine = app.get(&format!("/my-activities/{token}")).await;
        assert_eq!(mine.status, StatusCode::OK);
        assert_eq!(mine.header("referrer-policy").as_deref(), Some("no-referrer"));
        assert_eq!(mine.header("cache-control").as_deref(), Some("no-store"));
        let html = mine.text();
        assert!(html.contains("Apprivoiser sa tablette") && html.contains("Se protéger des fraudes"), "{html}");
        assert!(!html.contains("Atelier d&#39;une autre"), "{html}");
        assert!(html.contains(&format!("webcal://127.0.0.1:8080/my-activities/{token}/calendar.ics")), "{html}");
        let feed = app.get(&format!("/my-activities/{token}/calendar.ics")).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.header("cache-control").unwrap().starts_with("private"));
        assert_eq!(titles(&feed.text()), ["Apprivoiser sa tablette", "Se protéger des fraudes"]);
        assert_eq!(app.get(&format!("/my-activities/{}", "A".repeat(32))).await.status, StatusCode::NOT_FOUND);

        // In English: the same page and the same neutral answer, in English.
        let en = app.get("/my-activities?lang=en").await.text();
        assert!(en.contains("<h1>My activities</h1>") && en.contains("Your email address"), "{en}");
        let en = ask(&app, "/my-activities?lang=en", &csrf, "personne@exemple.ca").await.text();
        assert!(en.contains(SENT_EN), "{en}");
        assert!(app.get(&format!("/my-activities/{token}?lang=en")).await.text().contains("My activities"));

        // A mistyped address is said beside the field, with the error summary.
        let bad = ask(&app, "/my-activities", &csrf, "nadia@").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text();
        assert!(html.contains("<a href=\"#act-email\">") && html.contains("aria-invalid=\"true\""), "{html}");
        assert!(html.contains("value=\"nadia@\""));
        assert_eq!(links_sent(&app).len(), 1);
    }
}

#[actix_web::test]
async fn asking_for_the_link_is_limited_per_client_like_the_registration_form() {
    let app = TestApp::build(common::Backend::Sqlite, |s| s.registration_rate_limit = 2).await;
    let csrf = app.get("/my-activities").await.csrf_cookie();
    let from = |ip: &str| {
        TestRequest::post()
            .uri("/my-activities")
            .peer_addr(format!("{ip}:40000").parse().unwrap())
            .insert_header(("cookie", format!("csrf={csrf}")))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(format!("csrf_token={csrf}&email=x%40exemple.ca"))
    };
    assert_eq!(app.call(from("10.0.0.1")).await.status, StatusCode::OK);
    assert_eq!(app.call(from("10.0.0.1")).await.status, StatusCode::OK);
    assert_eq!(
        app.call(from("10.0.0.1")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(app.call(from("10.0.0.2")).await.status, StatusCode::OK);
    // Without the form's CSRF token, nothing is sent.
    let r = app
        .call(
            TestRequest::post()
                .uri("/my-activities")
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload("email=x%40exemple.ca"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
