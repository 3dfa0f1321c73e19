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
//! The WebDriver client (`driver`) is a few lines of HTTP/1.1 over `TcpStream` with
//! `serde_json`; the tests are in `flows` and `back_office`.

mod back_office;
#[path = "../common/mod.rs"]
mod common;
mod driver;
mod flows;
mod print;
mod public;

use std::io::Write;
use std::net::TcpListener;

use actix_web::web;
use babillard::config::Settings;
use babillard::web::AppState;

use back_office::{ROLES, axe_path, every_back_office_page_passes_in_every_role};
use driver::{CHROMEDRIVER, CHROMIUM};
use flows::*;

/// The real app on a bound port, in its own thread and actix system.
fn serve() -> (String, web::Data<AppState>, tempfile::TempDir) {
    serve_with(|_| {})
}

/// [`serve`], with the settings adjusted by `configure`.
fn serve_with(
    configure: impl FnOnce(&mut Settings),
) -> (String, web::Data<AppState>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("browser.sqlite3").display().to_string();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let mut settings = Settings::for_tests(&url);
    settings.base_url = base.clone();
    configure(&mut settings);
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

/// The organisation (a library) of a demo staff member.
fn library_of(c: &mut babillard::db::DbConnection, email: &str) -> i64 {
    use babillard::db::schema::{memberships, users};
    use diesel::prelude::*;
    memberships::table
        .inner_join(users::table)
        .filter(users::email.eq(email))
        .select(memberships::organisation_id)
        .first(c)
        .expect("a demo staff member of a library")
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

/// What this machine lacks to run the browser tests, by path; `axe` adds axe-core
/// (from npm) for the tests that run it.
fn missing_parts(axe: bool) -> Vec<String> {
    let mut parts: Vec<std::path::PathBuf> = vec![
        CHROMIUM.into(),
        CHROMEDRIVER.into(),
        print::PDFTOTEXT.into(),
    ];
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
            true,
            Box::new(every_tap_target_on_the_door_roster_is_big_enough_on_a_tablet),
        ),
        (
            "the_printed_programme_fits_a4_and_letter_without_cutting_a_session".into(),
            false,
            Box::new(print::the_printed_programme_fits_a4_and_letter_without_cutting_a_session),
        ),
        (
            "the_main_pages_at_phone_and_tablet_widths_with_the_registration_action_in_the_first_screen".into(),
            false,
            Box::new(the_main_pages_at_phone_and_tablet_widths_with_the_registration_action_in_the_first_screen),
        ),
        (
            "every_public_page_passes".into(),
            true,
            Box::new(public::every_public_page_passes),
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
                    "browser tests ignored: {} missing (Debian's chromium, chromium-driver and poppler-utils, and `npm ci` for axe-core; .ci/run installs them)",
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
