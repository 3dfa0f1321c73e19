//! The public catalogue: pages and read API over the demo and hand-made sessions, on
//! both databases.

use crate::common;

use actix_web::http::StatusCode;
use common::TestApp;
use common::fixtures::{self, in_days, utc};

on_both_backends! {
    async fn demo_loads_twice_without_duplicating_anything(app: TestApp) {
        let first = app.demo();
        assert!(first.created_sessions >= 40, "{first}");
        let second = app.demo();
        assert_eq!(second.created_sessions, 0);
        assert_eq!(second.created_registrations, 0);
        assert_eq!(second.existing_sessions, first.created_sessions);
        let listed = app.get_json("/api/v1/sessions?per_page=100").await;
        assert_eq!(listed["total"].as_i64().unwrap() as usize, first.created_sessions);
    }

    async fn home_page_shows_the_demo_programme_in_french(app: TestApp) {
        app.demo();
        let r = app.get("/").await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("<html lang=\"fr-CA\">"));
        assert!(html.contains("Ateliers et activités numériques"));
        assert!(html.contains("Café numérique des aînés") || html.contains("Atelier"));
        // Every page leads a senior to the phone-calendar steps, not to a raw .ics file.
        assert!(
            html.contains("<a href=\"/subscribe\">Le calendrier dans mon téléphone</a>"),
            "footer link to /subscribe"
        );
        assert!(r.body.len() < 50_000, "home page is {} bytes", r.body.len());
    }

    async fn a_session_page_shows_quebec_time_in_french_and_english(app: TestApp) {
        let id = app.with_conn(|c| {
            let b = fixtures::base(c);
            // 17:30 UTC on 14 March 2026 is 13 h 30 in Québec (daylight time since 8 March).
            fixtures::session(c, &b, "Apprivoiser sa tablette", utc("2026-03-14 17:30"), |_| {})
        });
        let fr = app.get(&format!("/sessions/{id}")).await;
        assert_eq!(fr.status, StatusCode::OK);
        assert!(fr.text().contains("samedi 14 mars 2026, 13\u{a0}h\u{a0}30 à 15\u{a0}h"), "{}", fr.text());
        let en = app.get(&format!("/sessions/{id}?lang=en")).await;
        assert!(en.text().contains("Saturday, March 14, 2026, 1:30 p.m. to 3 p.m."));
        assert!(en.header("set-cookie").unwrap_or_default().contains("lang=en"));
    }

    async fn unknown_ids_are_404_and_malformed_filters_400_never_500(app: TestApp) {
        app.demo();
        for (path, status) in [
            ("/sessions/999999", 404),
            ("/sessions/abc", 404),
            ("/events/nope", 404),
            ("/organisations/nope", 404),
            ("/api/v1/sessions/999999", 404),
            ("/api/v1/sessions/-1", 404),
            ("/api/v1/events/nope", 404),
            ("/api/v1/sessions?from=2026-02-30", 400),
            ("/api/v1/sessions?audience=%00", 400),
            ("/api/v1/sessions?audience=pas-un-public", 400),
            ("/api/v1/sessions?page=0", 400),
            ("/api/v1/sessions?per_page=5000", 400),
            ("/api/v1/sessions?free=peut-etre", 400),
            ("/api/v1/sessions?format=teleportation", 400),
            ("/?from=hier", 400),
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status.as_u16(), status, "{path}: {}", r.text());
            if path.starts_with("/api/") {
                let body = r.json();
                assert!(body["error"]["code"].is_string(), "{path}");
                assert!(body["error"]["message"].as_str().unwrap().len() > 10, "{path}");
            }
        }
    }

    async fn filters_combine_with_and_across_keys_and_or_within_a_key(app: TestApp) {
        let (a, b, c) = app.with_conn(|conn| {
            let base = fixtures::base(conn);
            let a = fixtures::session(conn, &base, "Aînés tablette", in_days(3), |_| {});
            fixtures::tag(conn, a, &["aines"], &["tablette-telephone"]);
            let b = fixtures::session(conn, &base, "Aînés cyber", in_days(4), |_| {});
            fixtures::tag(conn, b, &["aines"], &["cybersecurite"]);
            let c = fixtures::session(conn, &base, "Jeunes cyber", in_days(5), |s| s.price_cents = 1500);
            fixtures::tag(conn, c, &["jeunes"], &["cybersecurite"]);
            (a, b, c)
        });
        let ids = |v: serde_json::Value| -> Vec<i64> {
            v["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect()
        };
        assert_eq!(ids(app.get_json("/api/v1/sessions?audience=aines").await), vec![a, b]);
        assert_eq!(ids(app.get_json("/api/v1/sessions?topic=cybersecurite").await), vec![b, c]);
        assert_eq!(ids(app.get_json("/api/v1/sessions?audience=aines&topic=cybersecurite").await), vec![b]);
        assert_eq!(ids(app.get_json("/api/v1/sessions?audience=aines&audience=jeunes").await), vec![a, b, c]);
        assert_eq!(ids(app.get_json("/api/v1/sessions?free=true").await), vec![a, b]);
        assert_eq!(ids(app.get_json("/api/v1/sessions?org=test&municipality=test-ville").await), vec![a, b, c]);
        assert_eq!(ids(app.get_json("/api/v1/sessions?format=online").await), Vec::<i64>::new());
        assert_eq!(ids(app.get_json("/api/v1/sessions?region=test-region&mrc=test-mrc&audience=jeunes").await), vec![c]);
        // The HTML listing applies the same filters.
        let page = app.get("/?audience=aines&topic=cybersecurite").await.text();
        assert!(page.contains("Aînés cyber") && !page.contains("Aînés tablette") && !page.contains("Jeunes cyber"));
        let one = app.get_json(&format!("/api/v1/sessions/{b}")).await;
        assert_eq!(one["audiences"], serde_json::json!(["aines"]));
        assert_eq!(one["topics"], serde_json::json!(["cybersecurite"]));
        assert_eq!(one["organisation"], "test");
        assert_eq!(one["municipality"], "test-ville");
        assert_eq!(one["kind"], "atelier-pratique");
        assert_eq!(one["event_slug"], "test-programme");
        assert_eq!(one["seats_left"], 10);
    }

    async fn pages_split_the_listing_without_losing_or_repeating_sessions(app: TestApp) {
        let made: Vec<i64> = app.with_conn(|conn| {
            let base = fixtures::base(conn);
            (0..7).map(|i| fixtures::session(conn, &base, &format!("S{i}"), in_days(2 + i), |_| {})).collect()
        });
        let mut seen = Vec::new();
        for page in 1..=3 {
            let v = app.get_json(&format!("/api/v1/sessions?per_page=3&page={page}")).await;
            assert_eq!(v["total"], 7);
            assert_eq!(v["pages"], 3);
            seen.extend(v["items"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()));
        }
        assert_eq!(seen, made);
        let past_end = app.get_json("/api/v1/sessions?per_page=3&page=9").await;
        assert_eq!(past_end["items"].as_array().unwrap().len(), 0);
    }

    async fn times_carry_the_right_offset_across_the_daylight_saving_change(app: TestApp) {
        let (before, after) = app.with_conn(|conn| {
            let base = fixtures::base(conn);
            // 10 h in Québec on Saturday 31 October (EDT, UTC−4) and Saturday 7 November 2026 (EST, UTC−5).
            let before = fixtures::session(conn, &base, "Avant", utc("2026-10-31 14:00"), |_| {});
            let after = fixtures::session(conn, &base, "Après", utc("2026-11-07 15:00"), |_| {});
            (before, after)
        });
        let b = app.get_json(&format!("/api/v1/sessions/{before}")).await;
        let a = app.get_json(&format!("/api/v1/sessions/{after}")).await;
        assert_eq!(b["starts_at"], "2026-10-31T10:00:00-04:00");
        assert_eq!(a["starts_at"], "2026-11-07T10:00:00-05:00");
        assert!(app.get(&format!("/sessions/{before}")).await.text().contains("samedi 31 octobre 2026, 10\u{a0}h"));
        assert!(app.get(&format!("/sessions/{after}")).await.text().contains("samedi 7 novembre 2026, 10\u{a0}h"));
        // A date-range filter counts Québec days, not UTC days.
        let v = app.get_json("/api/v1/sessions?from=2026-11-07&to=2026-11-07").await;
        assert_eq!(v["total"], 1);
    }

    async fn drafts_are_never_public(app: TestApp) {
        let id = app.with_conn(|conn| {
            let base = fixtures::base(conn);
            fixtures::session(conn, &base, "Brouillon", in_days(3), |s| s.status = babillard::domain::session::SessionStatus::Draft)
        });
        assert_eq!(app.get(&format!("/sessions/{id}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/api/v1/sessions/{id}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get_json("/api/v1/sessions").await["total"], 0);
    }

    async fn the_calendar_shows_a_month_a_week_and_a_list(app: TestApp) {
        app.with_conn(|conn| {
            let base = fixtures::base(conn);
            // Saturday 12 December 2026, 10 h in Québec (EST).
            let s = fixtures::session(conn, &base, "Atelier du samedi", utc("2026-12-12 15:00"), |_| {});
            fixtures::tag(conn, s, &["aines"], &[]);
            fixtures::session(conn, &base, "Atelier de janvier", utc("2027-01-05 15:00"), |_| {});
        });
        let month = app.get("/calendar?month=2026-12").await;
        assert_eq!(month.status, StatusCode::OK);
        let html = month.text();
        assert!(html.contains("décembre 2026"));
        assert!(html.contains("samedi 12 décembre 2026") && html.contains("Atelier du samedi"));
        assert!(!html.contains("Atelier de janvier"));
        let week = app.get("/calendar?view=week&week=2026-12-10").await.text();
        assert!(week.contains("lundi 7 décembre 2026 – dimanche 13 décembre 2026"), "{week}");
        assert!(week.contains("Atelier du samedi"));
        let list = app.get("/calendar?view=list&month=2027-01&lang=en").await.text();
        assert!(list.contains("January 2027") && list.contains("Atelier de janvier"));
        let filtered = app.get("/calendar?month=2026-12&audience=jeunes").await.text();
        assert!(!filtered.contains("Atelier du samedi"));
        // Navigation keeps the filters.
        assert!(filtered.contains("/calendar?view=month&amp;month=2027-01&amp;audience=jeunes"));
        for bad in ["/calendar?view=annee", "/calendar?month=2026-13", "/calendar?week=demain"] {
            assert_eq!(app.get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }

    async fn descriptions_keep_their_line_breaks_without_letting_html_in(app: TestApp) {
        use babillard::db::schema::{events, organisations};
        use diesel::prelude::*;
        let text = "Première ligne.\nDeuxième <b>ligne</b>.";
        let (id, slug, org) = app.with_conn(|c| {
            let b = fixtures::base(c);
            let id = fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| {
                s.description = text.into();
                s.what_to_bring = "Votre tablette\nSon chargeur".into();
            });
            diesel::update(events::table.find(b.event_id))
                .set(events::description.eq(text))
                .execute(c)
                .unwrap();
            diesel::update(organisations::table.find(b.organisation_id))
                .set(organisations::description.eq(text))
                .execute(c)
                .unwrap();
            let slug: String = events::table.find(b.event_id).select(events::slug).first(c).unwrap();
            let org: String = organisations::table.find(b.organisation_id).select(organisations::slug).first(c).unwrap();
            (id, slug, org)
        });
        for path in [format!("/sessions/{id}"), format!("/events/{slug}"), format!("/organisations/{org}")] {
            let html = app.get(&path).await.text();
            assert!(html.contains("Première ligne.<br>Deuxième &lt;b&gt;ligne&lt;&#x2F;b&gt;."), "{path}: {html}");
            assert!(!html.contains("&lt;br&gt;"), "{path} shows a literal <br>");
        }
        let html = app.get(&format!("/sessions/{id}")).await.text();
        assert!(html.contains("Votre tablette<br>Son chargeur"), "{html}");
    }

    async fn english_pages_mark_french_titles_and_descriptions_as_french(app: TestApp) {
        let id = app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| {
                s.description = "Les bases, pas à pas.".into();
            })
        });
        let en = app.get(&format!("/sessions/{id}?lang=en")).await.text();
        assert!(en.contains("<h1 lang=\"fr\">Apprivoiser sa tablette</h1>"), "{en}");
        assert!(en.contains("<div class=\"description\" lang=\"fr\">"), "{en}");
        let home = app.get("/?lang=en").await.text();
        assert!(home.contains(&format!("<a href=\"/sessions/{id}\" lang=\"fr\">Apprivoiser sa tablette</a>")), "{home}");
        // On a French page, French needs no mark.
        let fr = app.get(&format!("/sessions/{id}")).await.text();
        assert!(fr.contains("<h1>Apprivoiser sa tablette</h1>"), "{fr}");
    }

    async fn filters_read_naturally_and_places_name_the_town_once(app: TestApp) {
        app.demo();
        let html = app.get("/").await.text();
        // « Municipalité : Tous » is wrong in French; « Peu importe » fits every filter.
        assert!(html.contains("<select id=\"f-municipality\" name=\"municipality\">\n      <option value=\"\">Peu importe</option>"), "{html}");
        assert!(!html.contains(">Tous</option>"), "{html}");
        assert!(html.contains("Bibliothèque municipale de Val-des-Sources</p>")
            || html.contains("Bibliothèque municipale de Val-des-Sources ·"), "{html}");
        assert!(!html.contains("Bibliothèque municipale de Val-des-Sources, Val-des-Sources"), "{html}");
        assert!(html.contains("Bibliothèque Jean-Marc-Belzile, Lachute"), "the town stays when the name lacks it");
    }

    async fn an_empty_month_says_so_without_blaming_a_search(app: TestApp) {
        app.with_conn(|c| {
            let b = fixtures::base(c);
            fixtures::session(c, &b, "Apprivoiser sa tablette", utc("2030-02-12 15:00"), |_| {})
        });
        let html = app.get("/calendar?month=2030-01").await.text();
        assert!(html.contains("Aucune activité pendant cette période."), "{html}");
        assert!(!html.contains("ne correspond à votre recherche"), "{html}");
        assert!(html.contains("← Mois précédent</a>") && html.contains("Mois suivant →</a>"), "{html}");
        let en = app.get("/calendar?view=week&week=2030-01-07&lang=en").await.text();
        assert!(en.contains("No activities in this period."), "{en}");
        assert!(en.contains("← Previous week</a>") && en.contains("Next week →</a>"), "{en}");
        // With a filter, the search is the reason, and the page says what to try.
        let html = app.get("/calendar?month=2030-02&audience=jeunes").await.text();
        assert!(html.contains("ne correspond à votre recherche. Essayez d&#39;enlever un filtre"), "{html}");
    }

    async fn printed_programmes_and_sessions_spell_out_where_to_register(app: TestApp) {
        use babillard::db::schema::events;
        use diesel::prelude::*;
        let (id, slug) = app.with_conn(|c| {
            let b = fixtures::base(c);
            let id = fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |_| {});
            let slug: String = events::table.find(b.event_id).select(events::slug).first(c).unwrap();
            (id, slug)
        });
        let base = app.state.settings.base_url.trim_end_matches('/').to_owned();
        let html = app.get(&format!("/events/{slug}")).await.text();
        assert!(html.contains(&format!("<p class=\"print-only\">Détails et inscription\u{a0}: {base}/events/{slug}</p>")), "{html}");
        let html = app.get(&format!("/sessions/{id}?lang=en")).await.text();
        assert!(html.contains(&format!("<p class=\"print-only\">Details and registration: {base}/sessions/{id}</p>")), "{html}");
        let css = app.get(&babillard::web::assets::css_url()).await.text();
        assert!(css.contains("@media print { .print-only { display: block;"), "shown on paper only");
    }

    async fn the_programme_page_groups_by_day_and_track(app: TestApp) {
        let report = app.demo();
        let r = app.get(&format!("/events/{}", report.journees_slug)).await;
        assert_eq!(r.status, StatusCode::OK);
        let html = r.text();
        assert!(html.contains("Grandes conférences"));
        assert!(html.contains("Volet étudiant"));
        assert!(html.contains("Entreprises, organismes et étudiants"));
        let api = app.get_json(&format!("/api/v1/events/{}", report.journees_slug)).await;
        assert_eq!(api["days"].as_array().unwrap().len(), 2);
        assert!(api["sessions"].as_array().unwrap().len() >= 14);
    }
}

#[actix_web::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = common::TestApp::sqlite().await;
    let doc = app.get_json("/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/sessions",
        "/api/v1/sessions/{id}",
        "/api/v1/events/{slug}",
        "/api/v1/catalogue",
        "/healthz",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    // And every /api route the app serves is documented: the routes table is the source.
    let routes = include_str!("../src/web/routes.rs");
    for line in routes
        .lines()
        .filter(|l| l.contains("\"/api/v1/") && !l.contains("openapi.json"))
    {
        let path = line.split('"').nth(1).unwrap();
        assert!(
            paths.contains_key(path),
            "route {path} is not in the OpenAPI document"
        );
    }
}

#[actix_web::test]
async fn pages_carry_security_headers() {
    let app = common::TestApp::sqlite().await;
    let r = app.get("/").await;
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert!(
        r.header("content-security-policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"));
}

/// Seniors read these pages: no text on screen below 18 px (0.9 rem of the 20 px root);
/// only print styles, in points, may go smaller.
#[actix_web::test]
async fn no_text_on_screen_is_set_below_18_px() {
    let app = common::TestApp::sqlite().await;
    let home = app.get("/").await.text();
    let href = home
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a stylesheet")
        .to_owned();
    let css = app.get(&href).await.text();
    assert!(css.contains("html { font-size: 125%;"), "the root is 20 px");
    // Walk the rules, skipping the bodies of `@media print` blocks.
    let (mut depth, mut print_depth, mut small) = (0usize, None::<usize>, Vec::new());
    let mut rest = css.as_str();
    while let Some(i) = rest.find(['{', '}']) {
        let (before, ch) = (&rest[..i], rest.as_bytes()[i]);
        if print_depth.is_none() {
            for decl in before.split(';') {
                let Some(v) = decl.trim().strip_prefix("font-size:") else {
                    continue;
                };
                let v = v.trim();
                if let Some(n) = v.strip_suffix("rem").and_then(|n| n.parse::<f64>().ok())
                    && n < 0.9
                {
                    small.push(v.to_owned());
                }
            }
        }
        if ch == b'{' {
            if print_depth.is_none()
                && before
                    .trim_start()
                    .rsplit('}')
                    .next()
                    .unwrap_or("")
                    .contains("@media print")
            {
                print_depth = Some(depth);
            }
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            if print_depth == Some(depth) {
                print_depth = None;
            }
        }
        rest = &rest[i + 1..];
    }
    assert!(
        small.is_empty(),
        "font sizes below 18 px on screen: {small:?}"
    );
}

#[actix_web::test]
async fn a_missing_page_says_so_in_both_languages() {
    let app = common::TestApp::sqlite().await;
    let r = app.get("/sessions/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let html = r.text();
    assert!(
        html.contains("<title>Page introuvable — Babillard</title>"),
        "{html}"
    );
    assert!(html.contains("<h1>Page introuvable</h1>"), "{html}");
    let en = app.get("/events/nowhere?lang=en").await.text();
    assert!(en.contains("<h1>Page not found</h1>"), "{en}");
}

#[actix_web::test]
async fn machines_urls_set_no_cookie_and_the_tab_has_an_icon() {
    let app = TestApp::sqlite().await;
    for path in [
        "/healthz",
        "/calendar.ics",
        "/favicon.ico",
        "/api/v1/catalogue",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(
            r.headers.get_all("set-cookie").count(),
            0,
            "{path} sets no cookie"
        );
    }
    // A page a person reads still gets its form cookie.
    assert!(app.get("/").await.headers.get_all("set-cookie").count() > 0);
    let ico = app.get("/favicon.ico").await;
    assert_eq!(ico.header("content-type").as_deref(), Some("image/x-icon"));
    assert_eq!(&ico.body[..4], &[0, 0, 1, 0], "an ICO file");
    let svg = app.get("/static/favicon.svg").await;
    assert_eq!(svg.header("content-type").as_deref(), Some("image/svg+xml"));
    let home = app.get("/").await.text();
    assert!(home.contains("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">"));
    assert!(
        home.contains("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">")
    );
}
