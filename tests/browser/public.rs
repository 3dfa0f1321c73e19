//! Every public page a citizen meets, on the demo, in French and English at 390 and
//! 768 px, through the same checks as the back office: axe-core (WCAG 2.2 AA), text of
//! 18 px or more, 44 px buttons, no sideways scrolling, 50 KB at most. Screenshots go to
//! `target/screenshots/public/`.

use super::back_office::{page_problems, visit, with_axe};
use super::{screenshot_dir, serve_with};

/// (name, path with a query already started or not): the pages of the calendar and
/// its forms, with real ids and slugs from the demo.
fn public_pages(state: &babillard::web::AppState) -> Vec<(&'static str, String)> {
    use babillard::db::schema::{events, organisations, sessions};
    use diesel::prelude::*;
    let mut c = state.db.write().unwrap();
    let session: i64 = sessions::table
        .filter(sessions::status.eq("published"))
        .filter(sessions::starts_at.gt(babillard::db::now()))
        .order(sessions::starts_at)
        .select(sessions::id)
        .first(&mut c)
        .expect("a published demo session");
    // A session with a price (the demo has one): the form asks for the rate and says how
    // to pay.
    let paid: i64 = sessions::table
        .filter(sessions::status.eq("published"))
        .filter(sessions::starts_at.gt(babillard::db::now()))
        .filter(sessions::price_cents.gt(0))
        .filter(sessions::registration_required.eq(true))
        .select(sessions::id)
        .first(&mut c)
        .expect("a paid demo session");
    let event: String = events::table
        .filter(events::status.eq("published"))
        .select(events::slug)
        .first(&mut c)
        .expect("a published demo programme");
    let organisation: String = organisations::table
        .select(organisations::slug)
        .order(organisations::id)
        .first(&mut c)
        .unwrap();
    vec![
        ("home", "/?".into()),
        ("around", "/?municipality=lachute&around=20&".into()),
        ("calendar-month", "/calendar?".into()),
        ("calendar-week", "/calendar?view=week&".into()),
        ("calendar-list", "/calendar?view=list&".into()),
        ("session", format!("/sessions/{session}?")),
        ("paid-session", format!("/sessions/{paid}?")),
        ("privacy", "/privacy?".into()),
        ("event", format!("/events/{event}?")),
        ("organisation", format!("/organisations/{organisation}?")),
        ("propose", "/propose?".into()),
        // The demo names a coordinator for the MRC des Sources: the whole form shows.
        ("request", "/requests/new?".into()),
        ("interest", "/interest?topic=&".into()),
        ("my-activities", "/my-activities?".into()),
        ("subscribe", "/subscribe?".into()),
        ("embed", "/embed?".into()),
        ("print", "/print/programme?".into()),
        ("outcomes", "/outcomes?".into()),
        ("open-data", "/open-data?".into()),
    ]
}

pub fn every_public_page_passes() {
    // Pages kept as in production: the second width of a page is the kept one, sent
    // to Chromium gzipped from its pre-deflated parts (`web::page_cache`).
    let (base, state, _dir) = serve_with(|s| s.feed_cache_seconds = 600);
    babillard::demo::load(&state.db, false).expect("demo");
    let pages = public_pages(&state);
    let d = with_axe();
    let dir = screenshot_dir().join("public");
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for lang in ["fr", "en"] {
        for (width, height) in [(390, 844), (768, 1024)] {
            d.viewport(width, height);
            for (name, path) in &pages {
                let status = visit(&d, &format!("{base}{path}lang={lang}"));
                if status != 200 {
                    failures.push(format!("{lang} {width} px {path}: status {status}"));
                    continue;
                }
                for p in page_problems(&d) {
                    failures.push(format!("{lang} {width} px {path}: {p}"));
                }
                d.screenshot(&dir.join(format!("{name}-{lang}-{width}.png")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        state.pages.len() >= 6,
        "kept pages were walked: {}",
        state.pages.len()
    );
}
