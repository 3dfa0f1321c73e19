//! « À Lachute et autour (20 km) »: the municipality filter widened to the towns whose
//! centroid lies within a radius, on the pages and the feeds alike.

use crate::common;

use actix_web::http::StatusCode;
use common::TestApp;
use common::fixtures::{self, in_days};
use common::mailkit::parse_ics;
use diesel::prelude::*;

fn place(app: &TestApp, slug: &str, point: Option<(f64, f64)>, title: &str, day: i64) {
    app.with_conn(|c| {
        use babillard::db::schema::municipalities;
        let b = fixtures::base_named(c, slug);
        if let Some((la, lo)) = point {
            diesel::update(
                municipalities::table.filter(municipalities::slug.eq(format!("{slug}-ville"))),
            )
            .set((
                municipalities::latitude.eq(la),
                municipalities::longitude.eq(lo),
            ))
            .execute(c)
            .unwrap();
        }
        fixtures::session(c, &b, title, in_days(day), |_| {});
    });
}

/// Lachute, Brownsburg (about 7 km away), Saint-André (about 10 km), Montréal (about
/// 62 km), and a hamlet whose centroid nobody entered.
fn region(app: &TestApp) {
    place(
        app,
        "lachute",
        Some((45.6520, -74.3390)),
        "Tablette à Lachute",
        2,
    );
    place(
        app,
        "brownsburg",
        Some((45.6830, -74.4170)),
        "Courriel à Brownsburg",
        3,
    );
    place(
        app,
        "standre",
        Some((45.5640, -74.3320)),
        "Photos à Saint-André",
        4,
    );
    place(
        app,
        "montreal",
        Some((45.5019, -73.5674)),
        "Banque en ligne à Montréal",
        5,
    );
    place(app, "hameau", None, "Cellulaire au hameau", 6);
}

on_both_backends! {
    async fn around_a_town_takes_its_neighbours_and_not_the_far_ones(app: TestApp) {
        region(&app);
        let html = app.get("/?municipality=lachute-ville&around=20").await.text();
        for near in ["Tablette à Lachute", "Courriel à Brownsburg", "Photos à Saint-André"] {
            assert!(html.contains(near), "{near} missing");
        }
        for far in ["Banque en ligne à Montréal", "Cellulaire au hameau"] {
            assert!(!html.contains(far), "{far} listed");
        }
        // The form says what was asked, so the next search starts from it.
        assert!(html.contains(r#"<option value="20" selected>"#), "{html}");

        // Without a radius, the town alone.
        let alone = app.get("/?municipality=lachute-ville").await.text();
        assert!(alone.contains("Tablette à Lachute"));
        assert!(!alone.contains("Courriel à Brownsburg"));

        // A wide radius reaches Montréal; a town without centroid still only itself.
        let wide = app.get("/?municipality=lachute-ville&around=50").await.text();
        assert!(!wide.contains("Banque en ligne à Montréal"));
        let hamlet = app.get("/?municipality=hameau-ville&around=50").await.text();
        assert!(hamlet.contains("Cellulaire au hameau"));
        assert!(!hamlet.contains("Tablette à Lachute"));
    }

    async fn the_feeds_take_the_same_radius(app: TestApp) {
        region(&app);
        let r = app.get("/calendar.ics?municipality=lachute-ville&around=20").await;
        assert_eq!(r.status, StatusCode::OK);
        let ics = parse_ics(&r.text());
        let mut titles: Vec<String> = ics.events.iter().map(|e| e["SUMMARY"].value.clone()).collect();
        titles.sort();
        assert_eq!(
            titles,
            ["Courriel à Brownsburg", "Photos à Saint-André", "Tablette à Lachute"]
        );
        let atom = app.get("/calendar.atom?municipality=lachute-ville&around=20").await.text();
        assert!(atom.contains("Courriel à Brownsburg") && !atom.contains("Montréal"));
    }

    async fn a_radius_not_offered_is_refused_in_the_readers_language(app: TestApp) {
        region(&app);
        let r = app.get("/?municipality=lachute-ville&around=15").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        // (Fluent isolates each argument with U+2068 … U+2069.)
        let fr = r.text().replace(['\u{2068}', '\u{2069}'], "");
        assert!(fr.contains("«\u{a0}around\u{a0}»") && fr.contains("10, 20, 30, 50"), "{fr}");
        let en = app.get("/calendar.ics?municipality=lachute-ville&around=-3&lang=en").await;
        assert_eq!(en.status, StatusCode::BAD_REQUEST);
        assert!(en.text().contains("The “around” filter"), "{}", en.text());
        // With « any municipality », the form's radius means nothing and is ignored.
        assert_eq!(app.get("/?municipality=&around=20").await.status, StatusCode::OK);
    }
}

on_both_backends! {
    async fn the_regional_administrator_types_a_towns_centre_with_a_comma(app: TestApp) {
        region(&app);
        let hamlet: i64 = app.with_conn(|c| {
            use babillard::db::schema::municipalities;
            common::staff::user(c, "admin@example.org", "admin", None);
            municipalities::table
                .filter(municipalities::slug.eq("hameau-ville"))
                .select(municipalities::id)
                .first(c)
                .unwrap()
        });
        let mut admin = common::staff::Browser::signed_in(&app, "admin@example.org");
        let id = hamlet.to_string();
        let bad = admin
            .post("/admin/region/centroids", &[("municipality_id", &id), ("latitude", "nord"), ("longitude", "-74,35")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("latitude entre -90 et 90"), "{}", bad.text());
        assert!(!app.get("/?municipality=lachute-ville&around=20").await.text().contains("Cellulaire au hameau"));

        let ok = admin
            .post("/admin/region/centroids", &[("municipality_id", &id), ("latitude", "45,66"), ("longitude", "-74,35")])
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        assert!(app.get("/?municipality=lachute-ville&around=20").await.text().contains("Cellulaire au hameau"));
        let page = admin.get("/admin/region").await.text();
        assert!(page.contains("Ville hameau (45.6600") && page.contains("-74.3500)"), "{page}");
    }
}
