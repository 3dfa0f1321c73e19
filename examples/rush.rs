//! The registration rush, against a running `babillard serve` (see
//! `scripts/bench/rush.sh`): creates two sessions in the server's database, then fires
//! registrations from many concurrent keep-alive clients and prints requests/second,
//! latency percentiles, the final confirmed/waitlisted/refused counts and any error.
//!
//! A plain HTTP/1.1 client over `std::net::TcpStream`, one thread per client: no
//! dependency beyond the crate itself, and nothing between us and the server to measure.
//!
//! ```sh
//! cargo run --release --example rush -- --url http://127.0.0.1:18080 --db var/rush.sqlite3
//! ```
//!
//! With `--idempotent`, each attempt carries an `Idempotency-Key` and is sent again
//! (on a new connection) after a connection error or a `502`/`503`/`504`, as a careful
//! client behind a proxy would when a server dies under it (`scripts/two-instances.sh`):
//! the counts must still be exact.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use babillard::db::schema::{events, kinds, sessions};
use babillard::db::{Db, now};
use diesel::prelude::*;

/// The session row the test fixtures write, shared rather than written again.
#[path = "../tests/common/session_row.rs"]
mod session_row;

struct Args {
    url: String,
    db: String,
    clients: usize,
    attempts: usize,
    capacity: i32,
    waitlist: i32,
    large_attempts: usize,
    idempotent: bool,
}

fn args() -> Args {
    let mut a = Args {
        url: "http://127.0.0.1:18080".into(),
        db: String::new(),
        clients: 100,
        attempts: 1000,
        capacity: 30,
        waitlist: 50,
        large_attempts: 5000,
        idempotent: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        if k == "--idempotent" {
            a.idempotent = true;
            continue;
        }
        let v = it.next().unwrap_or_default();
        match k.as_str() {
            "--url" => a.url = v,
            "--db" => a.db = v,
            "--clients" => a.clients = v.parse().expect("--clients N"),
            "--attempts" => a.attempts = v.parse().expect("--attempts N"),
            "--capacity" => a.capacity = v.parse().expect("--capacity N"),
            "--waitlist" => a.waitlist = v.parse().expect("--waitlist N"),
            "--large-attempts" => a.large_attempts = v.parse().expect("--large-attempts N"),
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(
        !a.db.is_empty(),
        "--db <the server's database URL> is required"
    );
    a
}

/// A published session open for registration, in the demo's first programme.
fn create_session(db: &Db, title: &str, capacity: i32, waitlist: Option<i32>) -> i64 {
    let mut c = db.write().expect("database");
    let (event_id, organisation_id): (i64, i64) = events::table
        .order(events::id)
        .select((events::id, events::organisation_id))
        .first(&mut c)
        .expect("an event: run `babillard demo` first");
    let kind_id: i64 = kinds::table
        .order(kinds::id)
        .select(kinds::id)
        .first(&mut c)
        .expect("a kind");
    let starts = now() + chrono::Duration::days(10);
    let ids = (event_id, organisation_id, kind_id);
    session_row::insert(&mut c, ids, title, starts, |s| {
        s.ends_at = starts + chrono::Duration::hours(2);
        s.format = babillard::domain::session::Format::Online;
        s.capacity = Some(capacity);
        s.waitlist_limit = waitlist;
    })
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    confirmed: usize,
    waitlisted: usize,
    refused: usize,
    other_4xx: usize,
    server_errors: usize,
    io_errors: usize,
    /// Attempts sent again after a connection error or a gateway error.
    retries: usize,
}

struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(host: &str) -> std::io::Result<Conn> {
        let s = TcpStream::connect(host)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            reader: BufReader::new(s),
        })
    }

    /// One POST, with an idempotency key when given; returns (status, body).
    fn post(
        &mut self,
        host: &str,
        path: &str,
        body: &str,
        key: Option<&str>,
    ) -> std::io::Result<(u16, String)> {
        let key = key.map_or(String::new(), |k| format!("Idempotency-Key: {k}\r\n"));
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             {key}Content-Length: {}\r\nConnection: keep-alive\r\n\r\n{body}",
            body.len()
        );
        self.reader.get_mut().write_all(req.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = None;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let length = length.ok_or_else(|| std::io::Error::other("no content-length"))?;
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf)?;
        Ok((status, String::from_utf8_lossy(&buf).into_owned()))
    }
}

fn rush(
    url: &str,
    session: i64,
    attempts: usize,
    clients: usize,
    tag: &str,
    idempotent: bool,
) -> (Tally, Duration) {
    let host = url
        .strip_prefix("http://")
        .expect("http:// URL")
        .trim_end_matches('/')
        .to_owned();
    let path = format!("/api/v1/sessions/{session}/registrations");
    let next = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (host, path, next, total, tag) = (
                host.clone(),
                path.clone(),
                next.clone(),
                total.clone(),
                tag.to_owned(),
            );
            std::thread::spawn(move || {
                let mut t = Tally::default();
                let mut conn: Option<Conn> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= attempts {
                        break;
                    }
                    let body = format!(
                        r#"{{"name":"Participant {i}","email":"rush-{tag}-{i}@exemple.ca","seats":1,"consent":true}}"#
                    );
                    let key = idempotent.then(|| format!("rush-{tag}-{i:010}"));
                    // A careful client sends the same attempt again, with its key, after
                    // a connection error or a gateway error; others give up at once.
                    let mut tries = 0;
                    loop {
                        tries += 1;
                        let t0 = Instant::now();
                        let c = match conn.take().map(Ok).unwrap_or_else(|| Conn::open(&host)) {
                            Ok(c) => c,
                            Err(_) if idempotent && tries < 50 => {
                                t.retries += 1;
                                std::thread::sleep(Duration::from_millis(20));
                                continue;
                            }
                            Err(_) => {
                                t.io_errors += 1;
                                break;
                            }
                        };
                        let mut c = c;
                        match c.post(&host, &path, &body, key.as_deref()) {
                            Ok((502..=504, _)) if idempotent && tries < 50 => {
                                t.retries += 1;
                            }
                            Ok((status, body)) => {
                                t.latencies.push(t0.elapsed());
                                match status {
                                    201 | 200 if body.contains(r#""status":"confirmed""#) => {
                                        t.confirmed += 1
                                    }
                                    201 | 200 if body.contains(r#""status":"waitlisted""#) => {
                                        t.waitlisted += 1
                                    }
                                    409 => t.refused += 1,
                                    s if s >= 500 => t.server_errors += 1,
                                    _ => t.other_4xx += 1,
                                }
                                conn = Some(c);
                                break;
                            }
                            Err(_) if idempotent && tries < 50 => t.retries += 1,
                            Err(_) => {
                                t.io_errors += 1;
                                break;
                            }
                        }
                    }
                }
                let mut all = total.lock().unwrap();
                all.latencies.extend(t.latencies);
                all.confirmed += t.confirmed;
                all.waitlisted += t.waitlisted;
                all.refused += t.refused;
                all.other_4xx += t.other_4xx;
                all.server_errors += t.server_errors;
                all.io_errors += t.io_errors;
                all.retries += t.retries;
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
    let elapsed = started.elapsed();
    let tally = std::mem::take(&mut *total.lock().unwrap());
    (tally, elapsed)
}

fn report(
    name: &str,
    mut t: Tally,
    elapsed: Duration,
    db: &Db,
    session: i64,
    capacity: i32,
) -> bool {
    t.latencies.sort_unstable();
    let pct = |p: f64| -> f64 {
        if t.latencies.is_empty() {
            return 0.0;
        }
        let i = ((t.latencies.len() as f64 * p).ceil() as usize).clamp(1, t.latencies.len()) - 1;
        t.latencies[i].as_secs_f64() * 1000.0
    };
    let n = t.latencies.len();
    let mut c = db.read().expect("database");
    let (taken, waiting): (i32, i32) = sessions::table
        .find(session)
        .select((sessions::seats_taken, sessions::waitlist_count))
        .first(&mut c)
        .expect("session");
    println!("== {name}");
    println!(
        "   {n} requests in {:.2} s: {:.0} req/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.95),
        pct(0.99),
        pct(1.0),
    );
    println!(
        "   confirmed {}, waitlisted {}, refused (409) {}, other 4xx {}, 5xx {}, connection errors {}, sent again {}",
        t.confirmed, t.waitlisted, t.refused, t.other_4xx, t.server_errors, t.io_errors, t.retries
    );
    println!("   database: seats_taken {taken} of {capacity}, waitlist_count {waiting}");
    let ok = t.server_errors == 0
        && t.io_errors == 0
        && t.other_4xx == 0
        && taken <= capacity
        && taken as usize == t.confirmed
        && waiting as usize == t.waitlisted;
    println!("   {}", if ok { "OK" } else { "PROBLEM" });
    ok
}

fn main() {
    let a = args();
    let db = Db::open(&a.db, 2).expect("opening the server's database");
    let small = create_session(
        &db,
        "Rush: atelier de 30 places",
        a.capacity,
        Some(a.waitlist),
    );
    let (t, el) = rush(
        &a.url,
        small,
        a.attempts,
        a.clients,
        &format!("s{small}"),
        a.idempotent,
    );
    let ok1 = report(
        &format!(
            "{} attempts by {} clients, {} seats, waitlist of {}",
            a.attempts, a.clients, a.capacity, a.waitlist
        ),
        t,
        el,
        &db,
        small,
        a.capacity,
    );
    let big_capacity = 100_000;
    let large = create_session(&db, "Rush: grande conférence", big_capacity, None);
    let (t, el) = rush(
        &a.url,
        large,
        a.large_attempts,
        a.clients,
        &format!("l{large}"),
        a.idempotent,
    );
    let ok2 = report(
        &format!(
            "{} attempts by {} clients on a large session",
            a.large_attempts, a.clients
        ),
        t,
        el,
        &db,
        large,
        big_capacity,
    );
    if !(ok1 && ok2) {
        std::process::exit(1);
    }
}
