//! The public « Bilan » (`/outcomes`): a year against the last, aggregates only, and
//! never a count of fewer than five people — not in a cell, and not by subtracting the
//! cells shown from a total shown (small towns merge into « Autres municipalités »,
//! which takes the next smallest town while it is under five; people counts are
//! rounded to five).

use actix_web::http::StatusCode;
use diesel::prelude::*;

use crate::common::fixtures::{self, utc};
use crate::reports::{reg, survey};
use babillard::db::DbConnection;

/// 2025: « biblio » 20 people reached (12 present; 7 present and 1 not checked in),
/// « centre » 9 (and 2 no-shows, not reached), « petit » 3; 2024: « biblio » 4.
fn region(c: &mut DbConnection) {
    let a = fixtures::base_named(c, "biblio");
    let b = fixtures::base_named(c, "centre");
    let p = fixtures::base_named(c, "petit");
    let cyber = fixtures::session(c, &a, "Cyber à la biblio", utc("2025-03-14 17:30"), |s| {
        s.capacity = Some(20)
    });
    fixtures::tag(c, cyber, &[], &["cybersecurite"]);
    let r = reg(c, cyber, 12, "attended", "web", false);
    survey(c, r, cyber, 3, 3, "Texte privé de la biblio");
    let social = fixtures::session(
        c,
        &a,
        "Réseaux à la biblio",
        utc("2025-04-10 18:00"),
        |s| s.capacity = Some(20),
    );
    fixtures::tag(c, social, &[], &["reseaux-sociaux"]);
    reg(c, social, 7, "attended", "web", false);
    reg(c, social, 1, "confirmed", "web", false);
    let centre = fixtures::session(c, &b, "Cyber au centre", utc("2025-05-10 18:00"), |s| {
        s.capacity = Some(20)
    });
    fixtures::tag(c, centre, &[], &["cybersecurite"]);
    reg(c, centre, 9, "attended", "web", false);
    reg(c, centre, 2, "no_show", "web", false);
    let small = fixtures::session(
        c,
        &p,
        "Tablette au village",
        utc("2025-06-10 18:00"),
        |_| {},
    );
    fixtures::tag(c, small, &[], &["tablette-telephone"]);
    reg(c, small, 2, "attended", "web", false);
    reg(c, small, 1, "attended", "web", true);
    let before = fixtures::session(c, &a, "L'an dernier", utc("2024-06-10 18:00"), |_| {});
    reg(c, before, 4, "attended", "web", false);
    // Not held yet: never counted.
    let later = fixtures::session(c, &a, "Plus tard", fixtures::in_days(30), |_| {});
    reg(c, later, 2, "confirmed", "web", false);
}

/// Every number in a `<td>` of the page, with its row's heading.
fn cells(page: &str) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for row in page.split("<tr>").skip(1) {
        let heading = row
            .split("<th scope=\"row\">")
            .nth(1)
            .and_then(|h| h.split("</th>").next())
            .unwrap_or("")
            .to_owned();
        for cell in row.split("<td>").skip(1) {
            let text = cell.split("</td>").next().unwrap_or("");
            if let Ok(n) = text.trim().parse::<i64>() {
                out.push((heading.clone(), n));
            }
        }
    }
    out
}

/// Rows about activities (sessions, towns), not people.
fn is_activity_row(heading: &str) -> bool {
    heading.starts_with("Séances") || heading.starts_with("Municipalités")
}

on_both_backends! {
    async fn the_outcomes_page_shows_aggregates_and_never_fewer_than_five_people(app: TestApp) {
        app.with_conn(region);
        let r = app.get("/outcomes?year=2025").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("cache-control").as_deref(), Some("public, max-age=900"));
        let p = r.text();
        // This year against last: 4 sessions, 32 people shown as 30, 3 towns; 2024's 4
        // people are « moins de 5 ».
        assert!(p.contains("<th scope=\"row\">Séances tenues</th><td>4</td><td>1</td>"), "{p}");
        assert!(p.contains("<th scope=\"row\">Personnes rejointes</th><td>30</td><td>moins de 5</td>"), "{p}");
        assert!(p.contains("<td>3</td><td>1</td>"), "three towns, then one");
        // Topics: cybersecurity 21 → 20; the village's 3 is hidden, and social networks'
        // 8 with it (32 − 21 would tell the 3 otherwise).
        assert!(p.contains("<th scope=\"row\">Cybersécurité</th><td>20</td>"), "{p}");
        assert!(!p.contains("Réseaux sociaux"), "{p}");
        assert!(!p.contains("Tablette et téléphone intelligent") && !p.contains("Tablette"), "a topic of 3 people is hidden");
        // Towns: biblio 20; the village's 3 alone would be « autres: 3 » (and 30 − 20
        // − 10 would tell it): it takes « centre » with it, 12 shown as 10.
        assert!(p.contains("<th scope=\"row\">Ville biblio</th><td>20</td>"), "{p}");
        assert!(p.contains("<th scope=\"row\">Autres municipalités</th><td>10</td>"), "{p}");
        assert!(!p.contains("Ville petit") && !p.contains("Ville centre"));
        // No cell of people under five, anywhere on the page.
        for (heading, n) in cells(&p) {
            if !is_activity_row(&heading) {
                assert!(n >= 5, "« {heading} » shows {n}");
            }
        }
        // Aggregates only: no session, organisation, or free text.
        for private in ["Cyber à la biblio", "Organisme biblio", "Texte privé de la biblio", "Plus tard"] {
            assert!(!p.contains(private), "{private}");
        }
    }

    async fn filters_are_public_slugs_and_a_year(app: TestApp) {
        app.with_conn(region);
        let r = app.get("/outcomes?region=test-region&mrc=test-mrc&year=2025&lang=en").await;
        assert_eq!(r.status, StatusCode::OK);
        let p = r.text();
        assert!(p.contains("Outcomes — Région test, MRC test, 2025"), "{p}");
        assert!(p.contains("fewer than 5"));
        for bad in ["year=deux-mille", "year=1999", "year=99999", "region=Nulle%20Part", "mrc=inconnue", "region=inconnue"] {
            let r = app.get(&format!("/outcomes?{bad}")).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        }
        // Another region: nothing held there, and nothing small leaks out.
        app.with_conn(|c| {
            use babillard::db::schema::regions;
            diesel::insert_into(regions::table)
                .values((regions::slug.eq("estrie"), regions::name.eq("Estrie")))
                .execute(c)
                .unwrap();
        });
        let empty = app.get("/outcomes?region=estrie&year=2025").await.text();
        assert!(empty.contains("<th scope=\"row\">Séances tenues</th><td>0</td><td>0</td>"), "{empty}");
        assert!(empty.contains("<th scope=\"row\">Personnes rejointes</th><td>0</td><td>0</td>"), "no session, nobody: {empty}");
        // Linked from every public page's footer.
        assert!(app.get("/").await.text().contains("<a href=\"/outcomes\">Bilan</a>"));
    }
}
