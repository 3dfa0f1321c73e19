//! The back office in a real browser: headless Chromium driven over WebDriver
//! (`chromedriver`, Debian's `chromium-driver`) against the real app on a bound port.
//! A library employee signs in, creates a published session, a citizen registers from
//! the public page, and the employee checks them in on the door roster (with the
//! page's script on). Every back-office page is also checked, per role, with axe-core.
//!
//! The binary has its own harness (libtest-mimic) so that, on a machine without
//! Chromium or chromedriver, the tests are reported as *ignored*, naming what is
//! missing, rather than as passed; with `CI` set they fail instead.
//!
//! The WebDriver client is a few lines of HTTP/1.1 over `TcpStream` with `serde_json`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use actix_web::web;
use babillard::config::Settings;
use babillard::db::schema::*;
use babillard::web::AppState;
use diesel::prelude::*;
use serde_json::{Value, json};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP/1.1 request with a JSON body; returns the status and the JSON answer.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().ok();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut raw = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).unwrap();
            raw.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(n) = length {
        raw.resize(n, 0);
        reader.read_exact(&mut raw).unwrap();
    } else {
        reader.read_to_end(&mut raw).unwrap();
    }
    (status, serde_json::from_slice(&raw).unwrap_or(Value::Null))
}

struct Driver {
    port: u16,
    session: String,
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "prefs": {"intl.accept_languages": "fr-CA,fr"},
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=fr-CA",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let (status, v) = http(port, "POST", "/session", Some(&caps));
        let child_ok = status == 200;
        let mut d = Driver {
            port,
            session: String::new(),
            child,
            _profile: profile,
        };
        assert!(child_ok, "new session: {status} {v}");
        d.session = v["value"]["sessionId"].as_str().unwrap().to_owned();
        d
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        );
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_owned()
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        );
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn script(&self, js: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
    }

    /// A script that ends by calling its last argument (WebDriver "execute/async").
    fn script_async(&self, js: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": js, "args": []})),
        )
    }

    fn text(&self) -> String {
        self.script("return document.body.innerText;")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A Chrome DevTools command (viewport emulation, full-page screenshots).
    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
    }

    /// A phone or tablet viewport of `width` × `height` CSS pixels.
    fn viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// The whole page as a PNG file.
    fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine as _;
        let shot = self.cdp(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 png");
        std::fs::write(path, png).expect("screenshot written");
    }

    fn wait_for(&self, js_condition: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.script(&format!("return !!({js_condition});")) == json!(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {js_condition}; page: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The real app on a bound port, in its own thread and actix system.
fn serve() -> (String, web::Data<AppState>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("browser.sqlite3").display().to_string();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let mut settings = Settings::for_tests(&url);
    settings.base_url = base.clone();
    let state = web::Data::new(AppState::new(settings).expect("state"));
    let for_server = state.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            actix_web::HttpServer::new(move || babillard::web::app(for_server.clone()))
                .workers(2)
                .listen(listener)
                .expect("listen")
                .run()
                .await
        })
    });
    (base, state, dir)
}

fn a_library_employee_publishes_a_session_and_checks_in_a_citizen_who_registered_online() {
    let (base, state, _dir) = serve();
    let (event_id, kind_id, venue_id) = {
        let mut c = state.db.write().unwrap();
        let b = common::fixtures::base_named(&mut c, "biblio");
        common::staff::user(
            &mut c,
            "employee@example.org",
            "editor",
            Some(b.organisation_id),
        );
        (b.event_id, b.kind_id, b.venue_id)
    };
    let d = Driver::start();

    // Sign in (in French, whatever the machine's locale).
    d.go(&format!("{base}/admin/sign-in?lang=fr"));
    d.type_in("#f-email", "employee@example.org");
    d.type_in("#f-password", common::staff::PASSWORD);
    d.click("form[action='/admin/sign-in'] button[type=submit]");
    d.wait_for("document.querySelector('.admin-nav')");

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
    d.go(&format!("{base}/admin/sign-in?lang=fr"));
    d.type_in("#f-email", "employee@example.org");
    d.type_in("#f-password", common::staff::PASSWORD);
    d.click("form[action='/admin/sign-in'] button[type=submit]");
    d.wait_for("document.querySelector('.admin-nav')");
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
fn every_tap_target_on_the_door_roster_is_big_enough_on_a_tablet() {
    let (base, state, _dir) = serve();
    let s = {
        let mut c = state.db.write().unwrap();
        let b = common::fixtures::base_named(&mut c, "biblio");
        common::staff::user(
            &mut c,
            "employee@example.org",
            "editor",
            Some(b.organisation_id),
        );
        let s = common::fixtures::session(
            &mut c,
            &b,
            "Apprivoiser sa tablette",
            common::fixtures::in_days(1),
            |x| x.capacity = Some(10),
        );
        common::staff::register(&mut c, s, "Gisèle Tremblay", "gisele@example.org");
        common::staff::register(&mut c, s, "Paul Gagnon", "paul@example.org");
        s
    };
    let d = Driver::start();
    d.cmd(
        "POST",
        "/window/rect",
        Some(json!({"width": 768, "height": 1024})),
    );
    d.go(&format!("{base}/admin/sign-in?lang=fr"));
    d.type_in("#f-email", "employee@example.org");
    d.type_in("#f-password", common::staff::PASSWORD);
    d.click("form[action='/admin/sign-in'] button[type=submit]");
    d.wait_for("document.querySelector('.admin-nav')");
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
fn assert_no_sideways_scroll(d: &Driver, what: &str) {
    let over = d.script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    );
    assert!(
        over.as_f64().unwrap_or(0.0) <= 1.0,
        "{what}: {over} px wider than the screen"
    );
}

/// Where screenshots go: `target/screenshots/` (`.ci/run` prints it).
fn screenshot_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// The pages a newcomer meets, on the demo region, in French and English at phone
/// (390 px) and tablet (768 px) widths, saved for a reviewer to look at. On a phone,
/// the session page shows its availability and the registration action in the first
/// screen (390 × 844), without scrolling.
fn the_main_pages_at_phone_and_tablet_widths_with_the_registration_action_in_the_first_screen() {
    let (base, state, _dir) = serve();
    babillard::demo::load(&state.db, false).expect("demo");
    // An open session of the demo editor's library, and a registration to manage.
    let session: i64 = {
        let mut c = state.db.write().unwrap();
        let library: i64 = memberships::table
            .inner_join(users::table)
            .filter(users::email.eq("redaction@demo.babillard.quebec"))
            .select(memberships::organisation_id)
            .first(&mut c)
            .expect("the demo editor");
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
    let public: [(&str, String); 4] = [
        ("home", "/".into()),
        ("session", format!("/sessions/{session}")),
        ("manage", manage_path),
        ("sign-in", "/admin/sign-in".into()),
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

/// Where `npm ci` (run by `.ci/run`) puts axe-core, the WCAG checker.
fn axe_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

/// The demo's accounts, one per role, as the back office knows them.
const ROLES: [(&str, &str); 4] = [
    ("admin", "admin@demo.babillard.quebec"),
    ("manager", "gestion@demo.babillard.quebec"),
    ("editor", "redaction@demo.babillard.quebec"),
    ("trainer", "formatrice@demo.babillard.quebec"),
];

/// Every GET page of the back office, from `web::admin::ROUTES` (so a new page is
/// checked without anyone adding it here), with its path parameters filled from the
/// demo: the manager's library, its busiest session, that session's event and venue.
fn back_office_pages(state: &AppState) -> Vec<(&'static str, String)> {
    let mut c = state.db.write().unwrap();
    let library: i64 = memberships::table
        .inner_join(users::table)
        .filter(users::email.eq("gestion@demo.babillard.quebec"))
        .select(memberships::organisation_id)
        .first(&mut c)
        .expect("the demo manager's library");
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
    babillard::web::admin::ROUTES
        .iter()
        .filter(|(method, path)| {
            *method == "get"
                && (path.starts_with("/admin") || path.starts_with("/password"))
                && !path.ends_with(".csv")
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

/// What one page breaks, in words a reviewer can act on; empty when it passes.
fn page_problems(d: &Driver) -> Vec<String> {
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
        let over = d
            .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
            .as_f64()
            .unwrap_or(0.0);
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
/// saved under `target/screenshots/admin/`.
fn every_back_office_page_passes_in_every_role(role: &str, email: &str) {
    let (base, state, _dir) = serve();
    babillard::demo::load(&state.db, false).expect("demo");
    let pages = back_office_pages(&state);
    // Signed in without the form (tests/admin_account.rs covers it): a staff session
    // row, and for the regional administrator the second factor they must have.
    let token = babillard::domain::token::random_token();
    {
        let mut c = state.db.write().unwrap();
        let uid: i64 = users::table
            .filter(users::email.eq(email))
            .select(users::id)
            .first(&mut c)
            .expect("demo account");
        let now = babillard::db::now();
        diesel::update(users::table.find(uid))
            .set((
                users::totp_secret.eq(state
                    .totp_key
                    .seal(uid, &babillard::domain::second_factor::new_secret())),
                users::totp_enabled_at.eq(now),
            ))
            .execute(&mut c)
            .unwrap();
        diesel::insert_into(staff_sessions::table)
            .values((
                staff_sessions::token_hash.eq(babillard::store::users::token_digest(&token)),
                staff_sessions::user_id.eq(uid),
                staff_sessions::created_at.eq(now),
                staff_sessions::last_seen_at.eq(now),
                staff_sessions::expires_at.eq(now + chrono::Duration::hours(2)),
            ))
            .execute(&mut c)
            .unwrap();
    }
    let d = Driver::start();
    let axe = std::fs::read_to_string(axe_path()).expect("axe-core (npm ci)");
    d.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": axe}),
    );
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
                d.go(&format!("{base}{path}lang={lang}"));
                d.wait_for("document.readyState === 'complete' && window.axe");
                let status = d
                    .script("return performance.getEntriesByType('navigation')[0].responseStatus;")
                    .as_u64()
                    .unwrap_or(0);
                seen += 1;
                for p in page_problems(&d) {
                    failures.push(format!("{role} {lang} {width} px {path} ({status}): {p}"));
                }
                if status == 200 {
                    let name: String = pattern
                        .trim_start_matches('/')
                        .replace(['{', '}'], "")
                        .replace('/', "-");
                    d.screenshot(&dir.join(format!("{name}-{role}-{lang}-{width}.png")));
                }
            }
        }
    }
    // 20 GET pages today, each in two languages at two widths.
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

/// What this machine lacks to run the browser tests, by path; `axe` adds axe-core
/// (from npm) for the tests that run it.
fn missing_parts(axe: bool) -> Vec<String> {
    let mut parts: Vec<std::path::PathBuf> = vec![CHROMIUM.into(), CHROMEDRIVER.into()];
    if axe {
        parts.push(axe_path());
    }
    parts
        .into_iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect()
}

/// A test's body, run once by the harness.
type Body = Box<dyn FnOnce() + Send>;

fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    // (name, whether it runs axe-core, body)
    let mut tests: Vec<(String, bool, Body)> = vec![
        (
            "a_library_employee_publishes_a_session_and_checks_in_a_citizen_who_registered_online".into(),
            false,
            Box::new(a_library_employee_publishes_a_session_and_checks_in_a_citizen_who_registered_online),
        ),
        (
            "every_tap_target_on_the_door_roster_is_big_enough_on_a_tablet".into(),
            false,
            Box::new(every_tap_target_on_the_door_roster_is_big_enough_on_a_tablet),
        ),
        (
            "the_main_pages_at_phone_and_tablet_widths_with_the_registration_action_in_the_first_screen".into(),
            false,
            Box::new(the_main_pages_at_phone_and_tablet_widths_with_the_registration_action_in_the_first_screen),
        ),
    ];
    for (role, email) in ROLES {
        tests.push((
            format!("every_back_office_page_passes_in_every_role::{role}"),
            true,
            Box::new(move || every_back_office_page_passes_in_every_role(role, email)),
        ));
    }
    let mut told = false;
    let trials = tests
        .into_iter()
        .map(|(name, axe, body)| {
            let missing = missing_parts(axe);
            let skip = !missing.is_empty() && !ci;
            if skip && !told {
                told = true;
                let _ = writeln!(
                    std::io::stderr(),
                    "browser tests ignored: {} missing (Debian's chromium and chromium-driver, and `npm ci` for axe-core; .ci/run installs them)",
                    missing.join(" and ")
                );
            }
            libtest_mimic::Trial::test(name, move || {
                if !missing.is_empty() {
                    return Err(format!("{} missing", missing.join(" and ")).into());
                }
                body();
                Ok(())
            })
            .with_ignored_flag(skip)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
