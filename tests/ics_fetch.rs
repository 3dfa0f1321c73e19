//! The limits of `calendar::fetch` against a loopback server: a body over the size cap
//! (declared, or streamed without a length) is refused without being read whole, a
//! server that stops sending is given up after the timeout (200 ms here, no sleep on
//! either side), redirects are followed five times and no more, and each failure says
//! which it is so the import job can back off.

use crate::ics_support;

use std::time::{Duration, Instant};

use babillard::calendar::fetch::{FetchError, Fetched, Limits, Validators, fetch};

fn limits(timeout_ms: u64, max_bytes: u64) -> Limits {
    Limits {
        timeout: Duration::from_millis(timeout_ms),
        max_bytes,
        user_agent: "Babillard-test/1".into(),
    }
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let server = ics_support::start();
    let none = Validators::default();
    // Declared 50 MB: refused on the Content-Length header.
    let declared = fetch(
        &server.url("/huge-declared.ics"),
        &none,
        &limits(10_000, 65_536),
    );
    assert!(
        matches!(declared, Err(FetchError::TooLarge(65_536))),
        "{declared:?}"
    );
    // Streamed without a length (64 MiB on offer): refused once past the cap, long
    // before the server is done.
    let started = Instant::now();
    let chunked = fetch(
        &server.url("/huge-chunked.ics"),
        &none,
        &limits(10_000, 65_536),
    );
    assert!(
        matches!(chunked, Err(FetchError::TooLarge(65_536))),
        "{chunked:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let message = chunked.unwrap_err().to_string();
    assert_eq!(
        message,
        "the calendar is larger than the limit of 65536 bytes"
    );
    // A fixture under the cap goes through.
    assert!(matches!(
        fetch(
            &server.url("/fixtures/google.ics"),
            &none,
            &limits(10_000, 65_536)
        ),
        Ok(Fetched::Body { .. })
    ));
}

#[test]
fn a_server_that_stops_sending_is_given_up_after_the_timeout() {
    let server = ics_support::start();
    let started = Instant::now();
    let slow = fetch(
        &server.url("/slow.ics"),
        &Validators::default(),
        &limits(200, 1_000_000),
    );
    let waited = started.elapsed();
    let Err(error) = slow else {
        panic!("a body that never ends cannot be read: {slow:?}");
    };
    assert!(matches!(error, FetchError::Timeout(_)), "{error:?}");
    assert!(error.is_transient());
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[test]
fn redirects_are_followed_five_times_and_no_more() {
    let server = ics_support::start();
    let none = Validators::default();
    let five = fetch(&server.url("/hop/5"), &none, &limits(10_000, 1_000_000)).unwrap();
    let Fetched::Body { bytes, .. } = five else {
        panic!("five redirects end at the feed");
    };
    assert_eq!(bytes, ics_support::fixture("google.ics"));
    let six = fetch(&server.url("/hop/6"), &none, &limits(10_000, 1_000_000));
    assert!(matches!(six, Err(FetchError::TooManyRedirects)), "{six:?}");
}

#[test]
fn http_errors_say_their_status_and_whether_to_retry() {
    let server = ics_support::start();
    let none = Validators::default();
    let missing = fetch(
        &server.url("/nowhere.ics"),
        &none,
        &limits(10_000, 1_000_000),
    );
    let Err(missing) = missing else {
        panic!("404 is an error")
    };
    assert!(matches!(missing, FetchError::Status(404)));
    assert!(!missing.is_transient(), "a 404 needs a person, not a retry");
    let busy = fetch(&server.url("/busy.ics"), &none, &limits(10_000, 1_000_000));
    let Err(busy) = busy else {
        panic!("503 is an error")
    };
    assert!(matches!(busy, FetchError::Status(503)));
    assert!(busy.is_transient());
    assert_eq!(busy.to_string(), "the server answered with HTTP status 503");
}

#[test]
fn webcal_goes_over_tls_and_other_schemes_are_refused() {
    let server = ics_support::start();
    // Our loopback server speaks plain HTTP, so a webcal:// address (fetched as https)
    // fails in the TLS handshake: proof it was not fetched as http.
    let webcal = server
        .url("/fixtures/google.ics")
        .replace("http://", "webcal://");
    let result = fetch(&webcal, &Validators::default(), &limits(10_000, 1_000_000));
    assert!(
        matches!(result, Err(FetchError::Tls(_) | FetchError::Connect(_))),
        "{result:?}"
    );
    let file = fetch(
        "file:///etc/passwd",
        &Validators::default(),
        &limits(10_000, 1_000),
    );
    assert!(matches!(file, Err(FetchError::BadUrl(_))), "{file:?}");
    // Nothing listens on a port we just released: a connection error, worth a retry.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = fetch(
        &format!("http://127.0.0.1:{port}/x.ics"),
        &Validators::default(),
        &limits(10_000, 1_000),
    );
    let Err(refused) = refused else {
        panic!("nobody listens")
    };
    assert!(matches!(refused, FetchError::Connect(_)), "{refused:?}");
    assert!(refused.is_transient());
}
