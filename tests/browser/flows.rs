//! A day at the library in the browser: publishing a session, a citizen registering,
//! the door roster on a tablet, and the main pages at phone and tablet widths.

use diesel::prelude::*;
use serde_json::json;

use super::driver::{Driver, http};
use super::{common, library_of, screenshot_dir, serve};
use babillard::db::schema::*;

/// The employee signs in through the form, in French (whatever the machine's locale).
fn sign_in(d: &Driver, base: &str) {
    d.go(&format!("{base}/admin/sign-in?lang=fr"));
    d.type_in("#f-email", "employee@example.org");
    d.type_in("#f-password", common::staff::PASSWORD);
    d.click("form[action='/admin/sign-in'] button[type=submit]");
    d.wait_for("document.querySelector('.admin-nav')");
}

pub fn a_library_employee_publishes_a_session_and_checks_in_a_citizen_who_registered_online() {
    let (base, state, _dir) = serve();
    let (event_id, kind_id, venue_id) = {
        let mut c = state.db.write().unwrap();
        let b = common::staff::library_member(&mut c, "employee@example.org", "editor");
        (b.event_id, b.kind_id, b.venue_id)
    };
    let d = Driver::start();

    // Sign in (in French, whatever the machine's locale).
    sign_in(&d, &base);

    // Create and publish a session next week (date and time set as the browser's
    // pickers would; their typing format depends on the locale).
    d.go(&format!("{base}/admin/events/{event_id}/sessions/new"));
    d.type_in("#f-title", "Apprivoiser sa tablette");
    let day = (chrono::Utc::now() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    d.script(&format!(
        "document.getElementById('f-day').value = '{day}';\
         document.getElementById('f-start').value = '13:30';\
         document.getElementById('f-end').value = '15:00';\
         document.getElementById('f-kind_id').value = '{kind_id}';\
         document.getElementById('f-venue_id').value = '{venue_id}';"
    ));
    d.type_in("#f-capacity", "12");
    d.click("#f-publish");
    d.click("main form[novalidate] button[type=submit]");
    d.wait_for("location.pathname.match(/^\\/admin\\/sessions\\/\\d+$/)");
    let session_id: i64 = d
        .url()
        .split("/admin/sessions/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(d.text().contains("Publiée"), "{}", d.text());

    // A citizen registers from the public page, in a fresh browser state.
    d.cmd("DELETE", "/cookie", None);
    d.go(&format!("{base}/sessions/{session_id}?lang=fr"));
    assert!(d.text().contains("Apprivoiser sa tablette"));
    d.type_in("#reg-name", "Gisèle Tremblay");
    d.type_in("#reg-email", "gisele@example.org");
    d.click("#reg-consent");
    d.click("form[action*='/register'] button[type=submit]");
    d.wait_for("location.pathname.startsWith('/r/') || document.body.innerText.includes('Gisèle')");
    let status: String = {
        let mut c = state.db.write().unwrap();
        registrations::table
            .select(registrations::status)
            .first(&mut c)
            .unwrap()
    };
    assert_eq!(status, "confirmed");

    // The employee signs in again and checks her in on the door roster.
    d.cmd("DELETE", "/cookie", None);
    sign_in(&d, &base);
    d.go(&format!("{base}/admin/sessions/{session_id}/door"));
    assert!(d.text().contains("0 sur 1 personne"), "{}", d.text());
    d.type_in("#door-q", "gisele");
    d.wait_for("document.querySelectorAll('.door-row:not([hidden])').length === 1");
    d.click(".door-row:not([hidden]) .door-tap");
    d.wait_for("document.querySelector('.door-row.is-present')");
    d.wait_for("document.querySelector('.door-present-people').textContent === '1'");
    let (status, checked): (String, Option<chrono::NaiveDateTime>) = {
        let mut c = state.db.write().unwrap();
        registrations::table
            .select((registrations::status, registrations::checked_in_at))
            .first(&mut c)
            .unwrap()
    };
    assert_eq!(status, "attended");
    assert!(checked.is_some());
    // After a reload (no script state), the page agrees.
    d.go(&format!("{base}/admin/sessions/{session_id}/door"));
    assert!(d.text().contains("1 sur 1 personne"), "{}", d.text());
}

/// The door roster on a tablet (768 × 1024): every link, button and field a finger
/// aims at is at least 44 px high (the back link was 24 px before the QA pass), and
/// nothing runs off the side of the screen.
pub fn every_tap_target_on_the_door_roster_is_big_enough_on_a_tablet() {
    let (base, state, _dir) = serve();
    let s = {
        let mut c = state.db.write().unwrap();
        let b = common::staff::library_member(&mut c, "employee@example.org", "editor");
        // A paid session (15 $ at the door): each row also has its payment buttons.
        let s = common::fixtures::session(
            &mut c,
            &b,
            "Apprivoiser sa tablette",
            common::fixtures::in_days(1),
            |x| {
                x.capacity = Some(10);
                x.price_cents = 1500;
            },
        );
        common::staff::register(&mut c, s, "Gisèle Tremblay", "gisele@example.org");
        common::staff::register(&mut c, s, "Paul Gagnon", "paul@example.org");
        s
    };
    let d = super::back_office::with_axe();
    d.cmd(
        "POST",
        "/window/rect",
        Some(json!({"width": 768, "height": 1024})),
    );
    sign_in(&d, &base);
    d.go(&format!("{base}/admin/sessions/{s}/door"));
    d.wait_for("document.querySelector('.door-tap')");
    // The walk-in form opens like a finger would open it.
    d.script("document.querySelector('.door details').open = true; return 0;");
    let small = d.script(
        "return Array.from(document.querySelectorAll('.door a, .door button, .door input:not([type=hidden]), .door summary'))
           .filter(e => e.offsetParent !== null)
           .map(e => [e.textContent.trim() || e.name || e.id, e.getBoundingClientRect()])
           .filter(([_, r]) => r.height < 44 || r.right > document.documentElement.clientWidth + 1)
           .map(([n, r]) => n + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));",
    );
    assert_eq!(small, json!([]), "targets smaller than 44 px or off screen");
    let back = d.text();
    assert!(back.contains("Retour aux inscriptions"), "{back}");
    assert!(
        back.contains("Doit 15,00") && back.contains("Payé comptant"),
        "{back}"
    );
    // The door of a paid session passes the house rules and axe-core too.
    d.wait_for("window.axe");
    let problems = super::back_office::page_problems(&d);
    assert!(problems.is_empty(), "the paid door: {problems:#?}");
    d.screenshot(&screenshot_dir().join("door-paid-768.png"));

    // On the same tablet, the session's title field shows a whole title.
    d.go(&format!("{base}/admin/sessions/{s}"));
    d.wait_for("document.getElementById('f-title')");
    let wide = d.script(
        "const f = document.getElementById('f-title'); \
         return f.getBoundingClientRect().width >= 0.8 * f.closest('form').getBoundingClientRect().width;",
    );
    assert_eq!(wide, json!(true), "the title field is as wide as the form");
}

/// The page is no wider than the screen: nothing makes a person scroll sideways.
pub fn assert_no_sideways_scroll(d: &Driver, what: &str) {
    let over = d.overflow_x();
    assert!(over <= 1.0, "{what}: {over} px wider than the screen");
}

/// The pages a newcomer meets, on the demo region, in French and English at phone
/// (390 px) and tablet (768 px) widths, saved for a reviewer to look at. On a phone,
/// the session page shows its availability and the registration action in the first
/// screen (390 × 844), without scrolling.
pub fn the_main_pages_at_phone_and_tablet_widths_with_the_registration_action_in_the_first_screen()
{
    let (base, state, _dir) = serve();
    babillard::demo::load(&state.db, false).expect("demo");
    // An open session of the demo editor's library, and a registration to manage.
    let session: i64 = {
        let mut c = state.db.write().unwrap();
        let library = library_of(&mut c, "redaction@demo.babillard.quebec");
        sessions::table
            .filter(sessions::organisation_id.eq(library))
            .filter(sessions::status.eq("published"))
            .filter(sessions::registration_required.eq(true))
            .filter(sessions::starts_at.gt(babillard::db::now()))
            .filter(sessions::capacity.gt((sessions::seats_taken + 1).nullable()))
            .order(sessions::starts_at)
            .select(sessions::id)
            .first(&mut c)
            .expect("an open demo session")
    };
    let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
    let (status, answer) = http(
        port,
        "POST",
        &format!("/api/v1/sessions/{session}/registrations"),
        Some(
            &json!({"name": "Gisèle Tremblay", "email": "gisele.captures@example.org", "seats": 2, "consent": true}),
        ),
    );
    assert_eq!(status, 201, "{answer}");
    let manage = answer["manage_url"]
        .as_str()
        .expect("a manage link")
        .to_owned();
    let manage_path = manage
        .splitn(4, '/')
        .nth(3)
        .map(|p| format!("/{p}"))
        .unwrap();

    let d = Driver::start();
    let dir = screenshot_dir();
    let public: [(&str, String); 5] = [
        ("home", "/".into()),
        ("session", format!("/sessions/{session}")),
        ("manage", manage_path),
        ("sign-in", "/admin/sign-in".into()),
        // The demo's Journées numériques take proposals: the whole form shows.
        ("propose", "/propose".into()),
    ];
    for lang in ["fr", "en"] {
        for (width, height) in [(390, 844), (768, 1024)] {
            d.viewport(width, height);
            for (name, path) in &public {
                d.go(&format!("{base}{path}?lang={lang}"));
                d.wait_for("document.readyState === 'complete'");
                d.screenshot(&dir.join(format!("{name}-{lang}-{width}.png")));
                assert_no_sideways_scroll(&d, &format!("{name} {lang} {width}"));
            }
            // The first screen of the session page holds its availability and the action.
            d.go(&format!("{base}/sessions/{session}?lang={lang}"));
            let first_screen = d.script(
                "const a = document.querySelector('.session-key .cta a'); \
                 const b = document.querySelector('.session-key .badge'); \
                 return [a && a.getBoundingClientRect().bottom, b && b.getBoundingClientRect().bottom, window.innerHeight];",
            );
            let (action, badge, screen) = (
                first_screen[0].as_f64().expect("a registration action"),
                first_screen[1].as_f64().expect("an availability badge"),
                first_screen[2].as_f64().unwrap(),
            );
            if height == 844 {
                assert!(
                    action <= screen && badge <= screen,
                    "{lang} at {width}: action ends at {action}px, badge at {badge}px, screen {screen}px"
                );
            }
        }
    }

    // The door roster, signed in as the demo's editor.
    d.viewport(768, 1024);
    d.go(&format!("{base}/admin/sign-in?lang=fr"));
    d.type_in("#f-email", "redaction@demo.babillard.quebec");
    d.type_in("#f-password", "demo-babillard");
    d.click("form[action='/admin/sign-in'] button[type=submit]");
    d.wait_for("document.querySelector('.admin-nav')");
    for lang in ["fr", "en"] {
        for (width, height) in [(390, 844), (768, 1024)] {
            d.viewport(width, height);
            d.go(&format!("{base}/admin/sessions/{session}/door?lang={lang}"));
            d.wait_for("document.querySelector('.door-count')");
            d.screenshot(&dir.join(format!("door-{lang}-{width}.png")));
            assert_no_sideways_scroll(&d, &format!("door {lang} {width}"));
        }
    }
    let saved = std::fs::read_dir(&dir).unwrap().count();
    assert!(saved >= 20, "{saved} screenshots in {}", dir.display());
}
