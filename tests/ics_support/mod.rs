//! A small HTTP/1.1 server on loopback (port 0) for the calendar-import tests: it serves
//! the fixtures of `tests/fixtures/ics` with an ETag and a Last-Modified date (and 304 to
//! a matching conditional request), and a few hostile answers to exercise the limits.
//! One thread per connection; each answer closes its connection.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// The Last-Modified date every fixture is served with.
pub const LAST_MODIFIED: &str = "Tue, 20 Oct 2026 14:05:12 GMT";

/// A running server: its base URL (`http://127.0.0.1:PORT`) and how many fixture bodies
/// (200 answers, as opposed to 304) it has sent.
pub struct Server {
    pub base: String,
    bodies_sent: Arc<AtomicUsize>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn bodies_sent(&self) -> usize {
        self.bodies_sent.load(Ordering::SeqCst)
    }
}

/// Starts the server; it lives as long as the test process.
pub fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let bodies_sent = Arc::new(AtomicUsize::new(0));
    let counter = bodies_sent.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counter = counter.clone();
            thread::spawn(move || {
                let _ = handle(stream, &counter);
            });
        }
    });
    Server { base, bodies_sent }
}

/// The ETag of a fixture: a hash of its bytes (FNV-1a).
pub fn etag(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ics")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn handle(mut stream: TcpStream, bodies_sent: &AtomicUsize) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16_384 {
        if stream.read(&mut byte)? == 0 {
            return Ok(());
        }
        if head.is_empty() && byte[0] == 0x16 {
            // A TLS ClientHello (https, webcal): answer in plain HTTP, which the client
            // cannot read as TLS.
            return stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut path = head.split(' ').nth(1).unwrap_or("/").to_owned();
    // The end of a chain of redirects is the Google fixture.
    if path == "/hop/0" {
        path = "/fixtures/google.ics".into();
    }
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    };

    if let Some(name) = path.strip_prefix("/fixtures/") {
        let body = fixture(name);
        let tag = etag(&body);
        let unchanged = match (header("If-None-Match"), header("If-Modified-Since")) {
            (Some(sent), _) => sent == tag,
            (None, Some(since)) => since == LAST_MODIFIED,
            (None, None) => false,
        };
        if unchanged {
            return write!(
                stream,
                "HTTP/1.1 304 Not Modified\r\nETag: {tag}\r\nConnection: close\r\n\r\n"
            );
        }
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/calendar; charset=utf-8\r\n\
             Content-Length: {}\r\nETag: {tag}\r\nLast-Modified: {LAST_MODIFIED}\r\n\
             Connection: close\r\n\r\n",
            body.len()
        )?;
        // Counted before the body goes out, so the client cannot have read it before
        // the count shows it.
        bodies_sent.fetch_add(1, Ordering::SeqCst);
        return stream.write_all(&body);
    }
    if let Some(n) = path.strip_prefix("/hop/") {
        let n: u32 = n.parse().unwrap_or(1);
        let to = format!("/hop/{}", n.saturating_sub(1));
        return write!(
            stream,
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }
    match path.as_str() {
        // Declares 50 MB and starts sending: refused on the header, before the body.
        "/huge-declared.ics" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: 50000000\r\n\
                 Connection: close\r\n\r\nBEGIN:VCALENDAR\r\n"
            )?;
            let chunk = vec![b'X'; 65_536];
            for _ in 0..763 {
                stream.write_all(&chunk)?;
            }
            Ok(())
        }
        // No length: up to 64 MiB in chunks, until the client hangs up.
        "/huge-chunked.ics" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n\
                 Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            )?;
            let chunk = vec![b'X'; 65_536];
            for _ in 0..1024 {
                write!(stream, "{:x}\r\n", chunk.len())?;
                stream.write_all(&chunk)?;
                stream.write_all(b"\r\n")?;
            }
            stream.write_all(b"0\r\n\r\n")
        }
        // Sends the headers and a first line, then nothing more until the client gives up
        // and closes (the read below returns then): no sleep on either side.
        "/slow.ics" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: 100000\r\n\
                 Connection: close\r\n\r\nBEGIN:VCALENDAR\r\n"
            )?;
            stream.flush()?;
            let mut rest = [0u8; 64];
            while stream.read(&mut rest)? > 0 {}
            Ok(())
        }
        "/busy.ics" => write!(
            stream,
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        ),
        _ => write!(
            stream,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    }
}
