//! Every back-office page, per role of the demo, checked with axe-core (WCAG 2.2 AA)
//! and the house rules for text size, tap targets, width and weight.

use diesel::prelude::*;
use serde_json::json;

use super::driver::Driver;
use super::{common, library_of, screenshot_dir, serve};
use babillard::db::schema::*;
use babillard::web::AppState;

/// Where `npm ci` (run by `.ci/run`) puts axe-core, the WCAG checker.
pub fn axe_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

/// The demo's accounts, one per role, as the back office knows them.
pub const ROLES: [(&str, &str); 4] = [
    ("admin", "admin@demo.babillard.quebec"),
    ("manager", "gestion@demo.babillard.quebec"),
    ("editor", "redaction@demo.babillard.quebec"),
    ("trainer", "formatrice@demo.babillard.quebec"),
];

/// Every GET page of the back office, from `web::admin::ROUTES` (so a new page is
/// checked without anyone adding it here), with its path parameters filled from the
/// demo: the manager's library, its busiest session, that session's event and venue.
pub fn back_office_pages(state: &AppState) -> Vec<(&'static str, String)> {
    let mut c = state.db.write().unwrap();
    let library = library_of(&mut c, "gestion@demo.babillard.quebec");
    let (session, event, venue): (i64, i64, Option<i64>) = sessions::table
        .filter(sessions::organisation_id.eq(library))
        .order((sessions::seats_taken.desc(), sessions::id))
        .select((sessions::id, sessions::event_id, sessions::venue_id))
        .first(&mut c)
        .expect("a session of the library");
    let venue = venue.unwrap_or_else(|| {
        venues::table
            .filter(venues::organisation_id.eq(library))
            .select(venues::id)
            .first(&mut c)
            .expect("a venue of the library")
    });
    let webhook = demo_webhook(&mut c, library);
    let source = partner_calendar(&mut c, library);
    let request = workshop_request(&mut c);
    babillard::web::admin::ROUTES
        .iter()
        .filter(|(method, path)| {
            *method == "get"
                && (path.starts_with("/admin") || path.starts_with("/password"))
                && !path.ends_with(".csv")
                && !path.ends_with(".pdf")
        })
        .map(|&(_, pattern)| {
            let segments: Vec<&str> = pattern.split('/').collect();
            let mut path = String::new();
            for (i, seg) in segments.iter().enumerate().skip(1) {
                path.push('/');
                if !seg.starts_with('{') {
                    path.push_str(seg);
                    continue;
                }
                let value = match (segments[i - 1], *seg) {
                    ("organisations", "{id}") => library.to_string(),
                    ("venues", "{id}") => venue.to_string(),
                    ("events", "{id}") => event.to_string(),
                    ("sessions", "{id}") => session.to_string(),
                    ("webhooks", "{id}") => webhook.to_string(),
                    ("sources", "{id}") => source.to_string(),
                    ("requests", "{id}") => request.to_string(),
                    ("reset", "{token}") => "a-link-that-expired-long-ago".to_owned(),
                    (before, param) => panic!(
                        "{pattern}: no demo value for {param} after /{before}/; add one to back_office_pages"
                    ),
                };
                path.push_str(&value);
            }
            if pattern == "/admin/new" {
                path.push_str(&format!("?event={event}&what=series&"));
            } else {
                path.push('?');
            }
            (pattern, path)
        })
        .collect()
}

/// A confirmed workshop request of a residence in the MRC des Sources (whose
/// coordinator the demo names), made through the store as the public form and the
/// requester's button would; returns its id.
fn workshop_request(c: &mut babillard::db::DbConnection) -> i64 {
    use babillard::domain::request::{GroupKind, NewRequest, Service};
    let existing = workshop_requests::table
        .filter(workshop_requests::group_name.eq("Résidence Les Pins"))
        .select(workshop_requests::id)
        .first(c)
        .optional()
        .unwrap();
    if let Some(id) = existing {
        return id;
    }
    let town: i64 = municipalities::table
        .inner_join(mrcs::table)
        .filter(mrcs::slug.eq("les-sources"))
        .order(municipalities::name)
        .select(municipalities::id)
        .first(c)
        .expect("a town of the MRC des Sources");
    let r = NewRequest {
        service: Service::Workshop,
        topic_id: None,
        audience_id: None,
        details: "Nos résidents veulent faire des appels vidéo.".into(),
        municipality_id: town,
        at_requester: true,
        place: "Résidence Les Pins, 12, rue Principale".into(),
        periods: "Les mardis après-midi".into(),
        people: 12,
        group: "Résidence Les Pins".into(),
        group_kind: GroupKind::Residence,
        name: "Lise Tremblay".into(),
        email: babillard::domain::registration::Email::parse("lise@exemple.ca").unwrap(),
        phone: None,
        lang: babillard::domain::lang::Lang::Fr,
    };
    let now = babillard::db::now();
    babillard::store::requests::submit(c, &r, now).unwrap();
    let id: i64 = workshop_requests::table
        .filter(workshop_requests::group_name.eq("Résidence Les Pins"))
        .select(workshop_requests::id)
        .first(c)
        .unwrap();
    // The link the email carried, minted again here: the requester presses « Confirmer ».
    let token = babillard::domain::token::random_token();
    diesel::update(workshop_requests::table.find(id))
        .set(workshop_requests::token_hash.eq(babillard::domain::token::digest(&token)))
        .execute(c)
        .unwrap();
    babillard::store::requests::confirm(c, &token, now).unwrap();
    id
}

/// A partner's endpoint for the library (the demo has none), so its page is walked too.
fn demo_webhook(c: &mut babillard::db::DbConnection, library: i64) -> i64 {
    let url = "https://partenaire.example/babillard/avis";
    let existing = webhooks::table
        .filter(webhooks::organisation_id.eq(library))
        .filter(webhooks::url.eq(url))
        .select(webhooks::id)
        .first(c)
        .optional()
        .unwrap();
    if let Some(id) = existing {
        return id;
    }
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::organisation_id.eq(library),
            webhooks::url.eq(url),
            webhooks::secret.eq(babillard::domain::webhooks::new_secret()),
            webhooks::events.eq("session.published,session.changed,registration.created"),
            webhooks::include_personal.eq(false),
            webhooks::active.eq(true),
            webhooks::created_at.eq(babillard::db::now()),
        ))
        .execute(c)
        .unwrap();
    webhooks::table
        .filter(webhooks::organisation_id.eq(library))
        .filter(webhooks::url.eq(url))
        .select(webhooks::id)
        .first(c)
        .unwrap()
}

/// A partner calendar of the library (untrusted), with what the moderation queue then
/// shows: a new activity, and a change of time to one already approved (old against
/// new). Made through the store, as an import and a moderator would; returns its id.
fn partner_calendar(c: &mut babillard::db::DbConnection, library: i64) -> i64 {
    use babillard::domain::imported::{ImportedFeed, Occurrence};
    use babillard::store::{imports, moderation};
    let admin_id: i64 = users::table
        .filter(users::email.eq("admin@demo.babillard.quebec"))
        .select(users::id)
        .first(c)
        .expect("the demo's administrator");
    let admin = babillard::domain::access::Access {
        user_id: admin_id,
        is_admin: true,
        ..Default::default()
    };
    let (kind, town): (i64, Option<i64>) = (
        kinds::table.select(kinds::id).first(c).expect("a kind"),
        organisations::table
            .find(library)
            .select(organisations::municipality_id)
            .first(c)
            .expect("the library"),
    );
    let mut input = imports::SourceInput::new(
        library,
        "Agenda du Club de l'âge d'or",
        Some("https://club-age-or.example.org/agenda.ics"),
        kind,
    );
    input.municipality_id = town;
    let id = imports::register_source(c, &admin, &input).expect("registered");
    let at = babillard::db::now();
    let start = at + chrono::Duration::days(12);
    let occurrence = |key: &str, title: &str, starts_at: chrono::NaiveDateTime| Occurrence {
        key: key.to_owned(),
        starts_at,
        ends_at: starts_at + chrono::Duration::minutes(90),
        all_day: false,
        title: title.to_owned(),
        description: "Apportez votre tablette.".to_owned(),
        location: Some("Salle communautaire".to_owned()),
        url: Some("https://club-age-or.example.org/agenda/tablette".to_owned()),
        cancelled: false,
    };
    let feed = |o: Vec<Occurrence>| ImportedFeed {
        name: None,
        occurrences: o,
        refused: vec![],
    };
    let first = occurrence("tablette@club", "Tablette pour les aînés", start);
    imports::apply(c, id, &feed(vec![first]), at, false).expect("applied");
    let queued: Vec<i64> = submissions::table
        .filter(submissions::source_id.eq(id))
        .select(submissions::id)
        .load(c)
        .unwrap();
    moderation::approve(c, &admin, &queued, at).expect("approved");
    let moved = occurrence(
        "tablette@club",
        "Tablette pour les aînés",
        start + chrono::Duration::hours(1),
    );
    let other = occurrence(
        "courriel@club",
        "Le courriel sans stress",
        start + chrono::Duration::days(2),
    );
    imports::apply(c, id, &feed(vec![moved, other]), at, false).expect("applied");
    id
}

/// A browser with axe-core loaded into every page it opens.
pub fn with_axe() -> Driver {
    let d = Driver::start();
    let axe = std::fs::read_to_string(axe_path()).expect("axe-core (npm ci)");
    d.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": axe}),
    );
    d
}

/// Opens a page and waits for it (and axe) to be ready; its HTTP status.
pub fn visit(d: &Driver, url: &str) -> u64 {
    d.go(url);
    d.wait_for("document.readyState === 'complete' && window.axe");
    d.script("return performance.getEntriesByType('navigation')[0].responseStatus;")
        .as_u64()
        .unwrap_or(0)
}

/// What one page breaks, in words a reviewer can act on; empty when it passes.
pub fn page_problems(d: &Driver) -> Vec<String> {
    let mut problems = Vec::new();
    let violations = d.script_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                            resultTypes: ['violations']})
           .then(r => done(r.violations.map(v => v.id + ' (' + v.help + '): '
                  + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
           .catch(e => done(['axe failed: ' + e]));",
    );
    for v in violations.as_array().expect("axe answers a list") {
        problems.push(format!("axe {}", v.as_str().unwrap_or_default()));
    }
    // Base text 18 px or more: every visible element holding text of its own.
    let small = d.script(
        "return Array.from(document.querySelectorAll('body *'))
           .filter(e => e.offsetParent !== null && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
           .filter(e => parseFloat(getComputedStyle(e).fontSize) < 17.5)
           .slice(0, 5)
           .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + getComputedStyle(e).fontSize
                + ' « ' + e.textContent.trim().slice(0, 30) + ' »');",
    );
    for s in small.as_array().unwrap() {
        problems.push(format!(
            "text under 18 px: {}",
            s.as_str().unwrap_or_default()
        ));
    }
    // Buttons, button-like links and disclosure summaries: 44 px for a finger.
    let tiny = d.script(
        "return Array.from(document.querySelectorAll('main button, main .button, main input[type=submit], main summary'))
           .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
           .slice(0, 5)
           .map(e => (e.textContent.trim() || e.value || e.name) + ' ' + Math.round(e.getBoundingClientRect().height) + ' px');",
    );
    for t in tiny.as_array().unwrap() {
        problems.push(format!(
            "target under 44 px: {}",
            t.as_str().unwrap_or_default()
        ));
    }
    // Sideways scrolling: never, at 390 px as at 768 px.
    {
        let over = d.overflow_x();
        if over > 1.0 {
            let wide = d.script(
                "const w = document.documentElement.clientWidth;
                 return Array.from(document.querySelectorAll('body *'))
                   .filter(e => e.getBoundingClientRect().right > w + 1 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0)
                   .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth + '/' + e.clientWidth);",
            );
            problems.push(format!("scrolls sideways by {over} px: {wide}"));
        }
    }
    // Page weight: the document and everything it loaded, as sent.
    let bytes = d
        .script(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
               .reduce((n, e) => n + (e.encodedBodySize || 0), 0);",
        )
        .as_f64()
        .unwrap_or(0.0);
    if bytes < 1024.0 {
        problems.push(format!("page weight not measured ({bytes} bytes)"));
    } else if bytes > 50.0 * 1024.0 {
        problems.push(format!("weighs {:.1} KB", bytes / 1024.0));
    }
    problems
}

/// Every GET page of the back office, signed in as each role of the demo, in French
/// and English at 390 and 768 px: no axe-core violation (WCAG 2.2 AA), text 18 px or
/// more, 44 px buttons, no sideways scrolling (at either width), 50 KB at most. Pages are
/// saved under `target/screenshots/admin/` (every combination for the administrator,
/// French at 390 px for the other roles).
pub fn every_back_office_page_passes_in_every_role(role: &str, email: &str) {
    let (base, state, _dir) = serve();
    babillard::demo::load(&state.db, false).expect("demo");
    let pages = back_office_pages(&state);
    // Signed in without the form (tests/admin_account.rs covers it): a staff session
    // row, and for the regional administrator the second factor they must have.
    let token = {
        let mut c = state.db.write().unwrap();
        common::staff::enrol_totp_sealed(&mut c, &state.totp_key, email);
        common::staff::staff_session(&mut c, email)
    };
    let d = with_axe();
    d.go(&format!("{base}/healthz"));
    d.cmd(
        "POST",
        "/cookie",
        Some(json!({"cookie": {"name": "staff", "value": token, "path": "/", "httpOnly": true}})),
    );
    let dir = screenshot_dir().join("admin");
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    let mut seen = 0;
    for lang in ["fr", "en"] {
        for (width, height) in [(390, 844), (768, 1024)] {
            d.viewport(width, height);
            for (pattern, path) in &pages {
                let status = visit(&d, &format!("{base}{path}lang={lang}"));
                seen += 1;
                for p in page_problems(&d) {
                    failures.push(format!("{role} {lang} {width} px {path} ({status}): {p}"));
                }
                // Screenshots are for people to look at, and they cost more than the
                // checks: the administrator, who sees every page, in both languages at
                // both widths; the other roles at 390 px in French.
                let pictured = role == "admin" || (lang == "fr" && width == 390);
                if status == 200 && pictured {
                    let name: String = pattern
                        .trim_start_matches('/')
                        .replace(['{', '}'], "")
                        .replace('/', "-");
                    d.screenshot(&dir.join(format!("{name}-{role}-{lang}-{width}.png")));
                }
            }
        }
    }
    // 23 GET pages today, each in two languages at two widths.
    assert!(
        seen >= 4 * pages.len() && pages.len() >= 20,
        "only {seen} pages visited"
    );
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
