//! Registration as a person does it in a browser with JavaScript off: the form on the
//! session page, errors shown again beside the fields, the confirmation page, the
//! manage link (change seats, cancel with a confirm step, delete my data), with CSRF,
//! a honeypot, `Referrer-Policy: no-referrer` and no token in the logs.

use crate::common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use babillard::db::schema::{outbox, registrations};
use common::fixtures::{self, in_days};
use common::{Resp, TestApp};
use diesel::prelude::*;

fn session(app: &TestApp) -> i64 {
    app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| {
            s.capacity = Some(2);
            s.max_seats = 2;
        })
    })
}

fn form(csrf: &str, fields: &[(&str, &str)]) -> String {
    let mut pairs: Vec<String> = vec![format!("csrf_token={csrf}")];
    for (k, v) in fields {
        pairs.push(format!(
            "{k}={}",
            babillard::web::templates::encode_query_value(v)
        ));
    }
    pairs.join("&")
}

async fn post_form(app: &TestApp, path: &str, csrf: &str, body: String) -> Resp {
    app.call(
        TestRequest::post()
            .uri(path)
            .insert_header(("cookie", format!("csrf={csrf}")))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body),
    )
    .await
}

async fn get_with(app: &TestApp, path: &str, csrf: &str) -> Resp {
    app.call(
        TestRequest::get()
            .uri(path)
            .insert_header(("cookie", format!("csrf={csrf}"))),
    )
    .await
}

fn count(app: &TestApp) -> i64 {
    app.with_conn(|c| registrations::table.count().get_result(c).unwrap())
}

const LISE: &[(&str, &str)] = &[
    ("name", "Lise Tremblay"),
    ("email", "lise@exemple.ca"),
    ("phone", ""),
    ("seats", "2"),
    ("needs", "Je me déplace en fauteuil roulant"),
    ("language", "fr"),
    ("consent", "oui"),
    ("website", ""),
];

on_both_backends! {
    async fn a_person_registers_sees_their_place_changes_seats_and_cancels_without_javascript(app: TestApp) {
        let s = session(&app);
        let page = app.get(&format!("/sessions/{s}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = page.text();
        assert!(html.contains(&format!("action=\"/sessions/{s}/register#inscription\"")), "the form is on the session page");
        assert!(html.contains("name=\"csrf_token\"") && html.contains("name=\"website\""));
        assert!(html.contains("href=\"/privacy\""));
        let csrf = page.csrf_cookie();

        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, LISE)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let location = r.header("location").unwrap();
        assert!(location.starts_with("/r/") && location.ends_with("?done=registered"), "{location}");
        let manage = location.split('?').next().unwrap().to_owned();

        let shown = get_with(&app, &location, &csrf).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert_eq!(shown.header("referrer-policy").as_deref(), Some("no-referrer"));
        let html = shown.text();
        assert!(html.contains("Votre inscription est confirmée."), "{html}");
        assert!(html.contains("fait! Vous recevrez un courriel de confirmation."));
        assert!(html.contains("fauteuil roulant"));
        assert!(html.len() < 50_000);

        // Someone else registers and waits; Lise lowers to one seat and they get it.
        let other: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| match *k {
            "name" => (*k, "Gérard Côté"), "email" => (*k, "gerard@exemple.ca"), "seats" => (*k, "1"), _ => (*k, *v),
        }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &other)).await;
        let gerard = r.header("location").unwrap().split('?').next().unwrap().to_owned();
        assert!(get_with(&app, &gerard, &csrf).await.text().contains("en position 1"));
        let r = post_form(&app, &format!("{manage}/seats"), &csrf, form(&csrf, &[("seats", "1")])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert!(get_with(&app, &r.header("location").unwrap(), &csrf).await.text().contains("Le nombre de places est changé."));
        assert!(get_with(&app, &gerard, &csrf).await.text().contains("Votre inscription est confirmée."));
        // Raising it again is refused with the reason.
        let r = post_form(&app, &format!("{manage}/seats"), &csrf, form(&csrf, &[("seats", "2")])).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.text().contains("pas assez de places libres"));

        // A GET of the cancel link changes nothing (mail scanners open links).
        let confirm = get_with(&app, &format!("{gerard}/cancel"), &csrf).await;
        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm.text().contains("Oui, annuler mon inscription"));
        assert_eq!(count_status(&app, "cancelled"), 0);
        let r = post_form(&app, &format!("{gerard}/cancel"), &csrf, form(&csrf, &[])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let html = get_with(&app, &r.header("location").unwrap(), &csrf).await.text();
        assert!(html.contains("Votre inscription est annulée. Merci"), "{html}");
        assert!(!html.contains("/seats\""), "a cancelled registration offers no change");
        assert_eq!(count_status(&app, "cancelled"), 1);
    }

    async fn form_errors_are_shown_beside_the_fields_with_the_input_kept(app: TestApp) {
        let s = session(&app);
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let bad: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| match *k {
            "email" => (*k, "lise@exemple"), "consent" => ("consent_absent", ""), _ => (*k, *v),
        }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        assert!(html.contains("Cette adresse courriel ne semble pas valide"), "{html}");
        assert!(html.contains("acceptez l&#39;utilisation de vos renseignements"));
        assert!(html.contains("value=\"Lise Tremblay\""), "the name typed is kept");
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("fauteuil roulant"));
        // In English when the person picked English.
        let en: Vec<(&str, &str)> = bad.iter().map(|(k, v)| if *k == "language" { (*k, "en") } else { (*k, *v) }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &en)).await;
        assert!(r.text().contains("This email address does not look valid"));
        assert_eq!(count(&app), 0);
    }

    async fn forms_without_the_csrf_token_or_with_the_honeypot_filled_write_nothing(app: TestApp) {
        let s = session(&app);
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form("x".repeat(32).as_str(), LISE)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app.call(TestRequest::post().uri(&format!("/sessions/{s}/register"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(form(&csrf, LISE))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no cookie");
        let robot: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| if *k == "website" { (*k, "http://spam.example") } else { (*k, *v) }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &robot)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let big = "x".repeat(20_000);
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &[("name", big.as_str())])).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(count(&app), 0);
        // The manage pages' forms are protected too.
        let ok = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, LISE)).await;
        let manage = ok.header("location").unwrap().split('?').next().unwrap().to_owned();
        let r = post_form(&app, &format!("{manage}/cancel"), &csrf, form("y".repeat(32).as_str(), &[])).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(count_status(&app, "cancelled"), 0);
    }

    async fn a_person_can_delete_their_data_after_a_confirm_step(app: TestApp) {
        let s = session(&app);
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let ok = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, LISE)).await;
        let manage = ok.header("location").unwrap().split('?').next().unwrap().to_owned();
        let confirm = get_with(&app, &format!("{manage}/delete"), &csrf).await;
        assert!(confirm.text().contains("Nous effacerons votre nom"));
        assert_eq!(count_status(&app, "cancelled"), 0, "a GET changes nothing");
        let r = post_form(&app, &format!("{manage}/delete"), &csrf, form(&csrf, &[])).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("Vos renseignements personnels ont été effacés."));
        assert_eq!(get_with(&app, &manage, &csrf).await.status, StatusCode::NOT_FOUND);
        let emails: Vec<Option<String>> = app.with_conn(|c| registrations::table.select(registrations::email).load(c).unwrap());
        assert_eq!(emails, vec![None]);
        let recipients: Vec<String> = app.with_conn(|c| outbox::table.select(outbox::recipient).load(c).unwrap());
        assert!(recipients.iter().all(|r| r.is_empty()), "{recipients:?}");
    }
}

/// The one-time submission token of the registration form on a page.
fn submission_of(html: &str) -> String {
    let start = html
        .find("name=\"submission\" value=\"")
        .expect("a submission token")
        + "name=\"submission\" value=\"".len();
    html[start..].split('"').next().unwrap().to_owned()
}

on_both_backends! {
    async fn a_retried_form_post_gets_its_manage_page_and_nobody_else_gets_the_link(app: TestApp) {
        let s = session(&app);
        let page = app.get(&format!("/sessions/{s}")).await;
        let csrf = page.csrf_cookie();
        let token = submission_of(&page.text());
        assert_eq!(token.len(), 32);
        let with_token = |t: &str| {
            let mut f: Vec<(&str, &str)> = LISE.to_vec();
            f.push(("submission", t));
            form(&csrf, &f)
        };
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, with_token(&token)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let first = r.header("location").unwrap();
        // The answer was lost (a flaky connection): the browser posts the same form again
        // and lands on her registration, with a link that works.
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, with_token(&token)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let retry = r.header("location").unwrap();
        assert!(retry.starts_with("/r/") && retry.ends_with("?done=registered"), "{retry}");
        let html = get_with(&app, &retry, &csrf).await.text();
        assert!(html.contains("Lise Tremblay") && html.contains("Votre inscription est confirmée."), "{html}");
        assert_eq!(get_with(&app, &first, &csrf).await.status, StatusCode::OK, "the first link still works");
        assert_eq!(count(&app), 1);

        // Her address typed again, on a new form or from another browser with her form's
        // token: already registered, the link was emailed — and no link on the page.
        let fresh = app.get(&format!("/sessions/{s}")).await;
        let other = fresh.csrf_cookie();
        let stolen = {
            let mut f: Vec<(&str, &str)> = LISE.to_vec();
            f.push(("submission", token.as_str()));
            form(&other, &f)
        };
        for (cookie, body) in [
            (csrf.as_str(), with_token(&submission_of(&fresh.text()))),
            (other.as_str(), stolen),
            (csrf.as_str(), form(&csrf, LISE)),
        ] {
            let r = post_form(&app, &format!("/sessions/{s}/register"), cookie, body).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            let html = r.text();
            assert!(html.contains("Vous êtes déjà inscrit à cette activité."), "{html}");
            assert!(!html.contains("/r/"), "{html}");
            assert!(r.header("location").is_none());
        }
        assert_eq!(count(&app), 1);
    }
}

fn count_status(app: &TestApp, status: &str) -> i64 {
    app.with_conn(|c| {
        registrations::table
            .filter(registrations::status.eq(status))
            .count()
            .get_result(c)
            .unwrap()
    })
}

#[actix_web::test]
async fn the_privacy_notice_says_what_is_kept_and_for_how_long() {
    let app = TestApp::sqlite().await;
    let r = app.get("/privacy").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("365 jours après l&#39;activité"));
    let en = app.get("/privacy?lang=en").await.text();
    assert!(en.contains("365 days after the activity"));
}

#[actix_web::test]
async fn an_offered_seat_is_accepted_from_the_manage_page() {
    use babillard::db::schema::organisations;
    let app = TestApp::sqlite().await;
    let s = session(&app);
    app.with_conn(|c| {
        diesel::update(organisations::table)
            .set(organisations::waitlist_mode.eq("offers"))
            .execute(c)
            .unwrap()
    });
    let page = app.get(&format!("/sessions/{s}")).await;
    let csrf = page.csrf_cookie();
    post_form(
        &app,
        &format!("/sessions/{s}/register"),
        &csrf,
        form(&csrf, LISE),
    )
    .await;
    let full = app.get(&format!("/sessions/{s}")).await.text();
    assert!(
        full.contains("liste d&#39;attente. Nous vous écrirons"),
        "{full}"
    );
    let other: Vec<(&str, &str)> = LISE
        .iter()
        .map(|(k, v)| match *k {
            "email" => (*k, "gerard@exemple.ca"),
            "seats" => (*k, "1"),
            _ => (*k, *v),
        })
        .collect();
    let r = post_form(
        &app,
        &format!("/sessions/{s}/register"),
        &csrf,
        form(&csrf, &other),
    )
    .await;
    let gerard = r
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let lise = app.with_conn(|c| {
        let id = registrations::table
            .filter(registrations::email.eq("lise@exemple.ca"))
            .select(registrations::id)
            .first::<i64>(c)
            .unwrap();
        babillard::store::links::mint(c, id, babillard::db::now()).unwrap()
    });
    post_form(&app, &format!("/r/{lise}/cancel"), &csrf, form(&csrf, &[])).await;
    let html = get_with(&app, &gerard, &csrf).await.text();
    assert!(html.contains("Une place vous est offerte!"), "{html}");
    assert!(html.contains("J&#39;accepte la place"));
    let r = post_form(&app, &format!("{gerard}/accept"), &csrf, form(&csrf, &[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let html = get_with(&app, &gerard, &csrf).await.text();
    assert!(html.contains("Votre inscription est confirmée."));
    let r = post_form(&app, &format!("{gerard}/accept"), &csrf, form(&csrf, &[])).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "accepting twice");
}

#[actix_web::test]
async fn a_refusal_is_said_above_the_form_with_the_input_kept() {
    let app = TestApp::sqlite().await;
    let s = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Atelier complet", in_days(7), |s| {
            s.capacity = Some(0);
            s.waitlist_limit = Some(0);
        })
    });
    let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
    let r = post_form(
        &app,
        &format!("/sessions/{s}/register"),
        &csrf,
        form(&csrf, LISE),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let html = r.text();
    assert!(
        html.contains("complète et n&#39;a pas de liste d&#39;attente"),
        "{html}"
    );
    assert!(html.contains("value=\"Lise Tremblay\""));
    assert_eq!(count(&app), 0);
}

/// The `href` targets of the error summary, in order.
fn summary_links(html: &str) -> Vec<String> {
    let start = html.find("notice notice-error").expect("an error summary");
    let end = start + html[start..].find("</div>").unwrap();
    html[start..end]
        .split("href=\"#")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

on_both_backends! {
    async fn the_manage_page_offers_the_persons_own_calendar_feed(app: TestApp) {
        let s = session(&app);
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let ok = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, LISE)).await;
        let manage = ok.header("location").unwrap().split('?').next().unwrap().to_owned();
        let base = app.state.settings.base_url.trim_end_matches('/').to_owned();
        let host = base.split_once("://").unwrap().1.to_owned();

        let html = get_with(&app, &manage, &csrf).await.text();
        assert!(html.contains("Ajouter à mon agenda"), "{html}");
        assert!(html.contains(&format!("href=\"webcal://{host}{manage}/calendar.ics\"")), "{html}");
        assert!(html.contains(&format!("value=\"{base}{manage}/calendar.ics\"")), "{html}");
        // The link works: the person's calendar holds the activity.
        let feed = get_with(&app, &format!("{manage}/calendar.ics"), &csrf).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.text().contains("SUMMARY:Apprivoiser sa tablette"), "{}", feed.text());

        // An English page gives an English calendar (calendar apps send no cookie).
        let en = get_with(&app, &format!("{manage}?lang=en"), &csrf).await.text();
        assert!(en.contains("Add to my calendar"), "{en}");
        assert!(en.contains(&format!("href=\"webcal://{host}{manage}/calendar.ics?lang=en\"")), "{en}");

        // Someone on the waiting list learns when the activity will reach their calendar.
        assert!(!html.contains("apparaîtra dans votre agenda"));
        let other: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| match *k {
            "name" => (*k, "Gérard Côté"), "email" => (*k, "gerard@exemple.ca"), "seats" => (*k, "1"), _ => (*k, *v),
        }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &other)).await;
        let gerard = get_with(&app, &r.header("location").unwrap(), &csrf).await.text();
        assert!(gerard.contains("en position 1"), "{gerard}");
        // The full session's button says what it does.
        let full = app.get(&format!("/sessions/{s}")).await.text();
        assert!(full.contains("<button type=\"submit\">M&#39;inscrire sur la liste d&#39;attente</button>"), "{full}");
        assert!(gerard.contains("liste d&#39;attente\u{a0}: l&#39;activité apparaîtra dans votre agenda"), "{gerard}");

        // Once cancelled, there is nothing to add.
        post_form(&app, &format!("{manage}/cancel"), &csrf, form(&csrf, &[])).await;
        let html = get_with(&app, &manage, &csrf).await.text();
        assert!(!html.contains("webcal://"), "{html}");
    }

    async fn the_error_summary_follows_the_form_and_every_link_reaches_its_field(app: TestApp) {
        let s = session(&app);
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let bad: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| match *k {
            "name" => (*k, ""), "email" => (*k, "lise@"), "language" => (*k, "de"),
            "consent" => ("consent_absent", ""), _ => (*k, *v),
        }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text();
        let links = summary_links(&html);
        assert_eq!(links, ["reg-name", "reg-email", "reg-lang-fr", "reg-consent"], "{html}");
        for id in &links {
            assert!(html.contains(&format!("id=\"{id}\"")), "#{id} is on the page");
        }
        // The title says at once that something needs fixing, and the browser lands on the form.
        assert!(html.contains("<title>Erreur\u{a0}: Apprivoiser sa tablette"), "{html}");
        assert!(html.contains(&format!("action=\"/sessions/{s}/register#inscription\"")));
        assert!(html.contains("id=\"inscription\""));
    }

    async fn needs_typed_on_several_lines_show_on_several_lines(app: TestApp) {
        let s = session(&app);
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let two_lines: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| match *k {
            "needs" => (*k, "Fauteuil roulant\nAide <auditive>"), _ => (*k, *v),
        }).collect();
        let ok = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &two_lines)).await;
        let manage = ok.header("location").unwrap().split('?').next().unwrap().to_owned();
        let html = get_with(&app, &manage, &csrf).await.text();
        assert!(html.contains("<dt>Besoins particuliers</dt><dd>Fauteuil roulant<br>Aide &lt;auditive&gt;</dd>"), "{html}");
    }
}

on_both_backends! {
    async fn a_full_session_without_waitlist_points_to_the_organisations_other_activities(app: TestApp) {
        let s = app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, "Accompagnement personnalisé", in_days(7), |s| {
                s.capacity = Some(2);
                s.waitlist_limit = Some(0);
            })
        });
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, LISE)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let html = app.get(&format!("/sessions/{s}")).await.text();
        assert!(!html.contains("name=\"csrf_token\""), "no form when nobody can register");
        assert!(html.contains("Cette activité est complète et n&#39;a pas de liste d&#39;attente. Les autres activités du même organisme\u{a0}:"), "{html}");
        assert!(html.contains("<a href=\"/organisations/"), "{html}");
    }
}

/// The level-1 and level-2 headings of a page, in order: what a screen reader's heading
/// list offers.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        rest = &rest[i + 2..];
        let level = rest.as_bytes().first().copied();
        if !matches!(level, Some(b'1') | Some(b'2')) {
            continue;
        }
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</h") else { break };
        let inner = &rest[open_end + 1..close];
        let mut text = String::new();
        let mut in_tag = false;
        for ch in inner.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(format!("h{} {}", level.unwrap() as char, text.trim()));
        rest = &rest[close..];
    }
    out
}

on_both_backends! {
    async fn the_session_page_puts_room_left_and_one_action_before_the_details(app: TestApp) {
        let s = session(&app);
        let html = app.get(&format!("/sessions/{s}")).await.text();
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} is on the page: {html}"));
        // Availability and the one primary action come first, in the box under the title.
        let key = at("class=\"session-key\"");
        let badge = at("2 places restantes");
        let action = at("<a class=\"button primary\" href=\"#inscription\">M&#39;inscrire</a>");
        let details = at("<h2>Détails</h2>");
        let add_date = at("Ajouter la date à mon agenda");
        let the_form = at("id=\"inscription\"");
        assert!(key < badge && badge < action && action < details && details < add_date && add_date < the_form);
        // Adding the date is secondary and says it does not register anyone.
        assert!(html.contains("class=\"button secondary\" href=\"/sessions/"), "{html}");
        assert!(html.contains("cela ne vous inscrit pas"), "{html}");
        // A screen reader's heading list: the title, the details, the form last.
        assert_eq!(
            headings(&html)
                .into_iter()
                .filter(|h| !h.contains("Babillard"))
                .collect::<Vec<_>>(),
            ["h1 Apprivoiser sa tablette", "h2 Détails", "h2 Accès au lieu", "h2 Places", "h2 S&#39;inscrire"]
        );

        // Full with a waiting list: the same place, the waiting-list words.
        let csrf = app.get(&format!("/sessions/{s}")).await.csrf_cookie();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, LISE)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let full = app.get(&format!("/sessions/{s}")).await.text();
        assert!(full.contains("<a class=\"button primary\" href=\"#inscription\">M&#39;inscrire sur la liste d&#39;attente</a>"), "{full}");
        let en = app.get(&format!("/sessions/{s}?lang=en")).await.text();
        assert!(en.contains("href=\"#inscription\">Join the waiting list</a>"), "{en}");
        assert!(en.contains("Add the date to my calendar"), "{en}");
    }

    async fn a_cancelled_registration_offers_to_register_again_and_no_longer_counts_seats(app: TestApp) {
        let s = session(&app);
        let page = app.get(&format!("/sessions/{s}")).await;
        let csrf = page.csrf_cookie();
        let with_phone: Vec<(&str, &str)> = LISE.iter().map(|(k, v)| match *k {
            "phone" => (*k, "819 555-1234"), _ => (*k, *v),
        }).collect();
        let r = post_form(&app, &format!("/sessions/{s}/register"), &csrf, form(&csrf, &with_phone)).await;
        let manage = r.header("location").unwrap().split('?').next().unwrap().to_owned();
        let html = get_with(&app, &manage, &csrf).await.text();
        // What is only displayed is not labelled like a form field.
        assert!(html.contains("<dt>Téléphone</dt><dd>819 555-1234</dd>"), "{html}");
        assert!(!html.contains("(facultatif)"), "{html}");
        assert!(html.contains("<dt>Places</dt><dd>2</dd>"), "{html}");
        assert!(html.contains(">Télécharger mes données</a>"), "{html}");
        // The raw feed address waits behind a disclosure that needs no script.
        let details = html.find("<details class=\"reg-feed-link\">").expect("a disclosure");
        let summary = html.find("Montrer le lien pour Google Agenda").unwrap();
        let field = html.find("id=\"reg-feed-url\"").unwrap();
        assert!(details < summary && summary < field);

        post_form(&app, &format!("{manage}/cancel"), &csrf, form(&csrf, &[])).await;
        let html = get_with(&app, &manage, &csrf).await.text();
        assert!(html.contains("Cette inscription est annulée."), "{html}");
        assert!(!html.contains("<dt>Places</dt>"), "a cancelled registration holds no seats: {html}");
        assert!(html.contains(&format!("href=\"/sessions/{s}#inscription\">M&#39;inscrire de nouveau</a>")), "{html}");

        // Once someone else took every seat and there is no waiting list, no such offer.
        app.with_conn(|c| {
            use babillard::db::schema::sessions;
            diesel::update(sessions::table.find(s))
                .set((sessions::capacity.eq(Some(0)), sessions::waitlist_limit.eq(Some(0))))
                .execute(c)
                .unwrap()
        });
        let html = get_with(&app, &manage, &csrf).await.text();
        assert!(!html.contains("M&#39;inscrire de nouveau"), "{html}");
    }
}

#[actix_web::test]
async fn french_pages_keep_punctuation_with_its_word_and_forms_send_back_what_was_typed() {
    let app = TestApp::sqlite().await;
    let s = app.with_conn(|c| {
        let b = fixtures::base(c);
        fixtures::session(c, &b, "Cybersécurité : les bases", in_days(7), |s| {
            s.description = "Apportez « votre » tablette : c'est mieux !".into();
        })
    });
    let html = app.get(&format!("/sessions/{s}")).await.text();
    assert!(
        html.contains("<h1>Cybersécurité\u{a0}: les bases</h1>"),
        "{html}"
    );
    assert!(
        html.contains("Apportez «\u{a0}votre\u{a0}» tablette\u{a0}: c&#x27;est mieux\u{a0}!"),
        "{html}"
    );
    assert!(html.contains("<dt>Quand</dt>"));
    // Our own strings too (the registration form's hint), but not in attributes.
    assert!(!html.contains(" :</"), "{html}");
    // English pages follow English rules.
    let en = app.get(&format!("/sessions/{s}?lang=en")).await.text();
    assert!(!en.contains('\u{a0}'), "{en}");
    // Nothing stored changed.
    let stored: String = app.with_conn(|c| {
        use babillard::db::schema::sessions;
        sessions::table
            .find(s)
            .select(sessions::title)
            .first(c)
            .unwrap()
    });
    assert_eq!(stored, "Cybersécurité : les bases");
}
