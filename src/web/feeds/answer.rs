//! A rendered feed and how it is answered: its `ETag`, `Last-Modified` and the `304`
//! of a conditional `GET`, and its gzipped body for clients that accept gzip.

use std::time::{Duration as StdDuration, SystemTime, UNIX_EPOCH};

use actix_web::http::header::{self, HttpDate};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

/// A rendered feed.
#[derive(Debug)]
pub struct Rendered {
    pub body: Bytes,
    /// The body gzipped once, for cached feeds: served as is to clients that accept
    /// gzip (the `Compress` middleware leaves a response with `Content-Encoding` alone),
    /// instead of compressing a large feed again on every request.
    pub gzip: Option<Bytes>,
    pub etag: String,
    pub last_modified: Option<NaiveDateTime>,
}

impl Rendered {
    pub fn new(text: String, last_modified: Option<NaiveDateTime>) -> Rendered {
        let etag = format!(
            "\"{}\"",
            &hex::encode(Sha256::digest(text.as_bytes()))[..20]
        );
        Rendered {
            body: Bytes::from(text),
            gzip: None,
            etag,
            last_modified,
        }
    }

    pub fn with_gzip(mut self) -> Rendered {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(
            Vec::with_capacity(self.body.len() / 4),
            flate2::Compression::default(),
        );
        if enc.write_all(&self.body).is_ok()
            && let Ok(gz) = enc.finish()
        {
            self.gzip = Some(Bytes::from(gz));
        }
        self
    }

    /// The ETag of the gzipped variant (a different representation, so a different tag).
    fn gzip_etag(&self) -> String {
        format!("{}-gz\"", self.etag.trim_end_matches('"'))
    }
}

/// Whether the request accepts gzip (and does not refuse it with `q=0`).
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|part| {
                let mut bits = part.trim().split(';');
                let coding = bits.next().unwrap_or("").trim();
                let refused = bits.any(|b| {
                    b.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        == Some(0.0)
                });
                (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
            })
        })
}

fn http_date(t: NaiveDateTime) -> HttpDate {
    let secs = t.and_utc().timestamp().max(0) as u64;
    HttpDate::from(UNIX_EPOCH + StdDuration::from_secs(secs))
}

/// Whether the client's copy is current (`If-None-Match` first, then `If-Modified-Since`).
fn not_modified(req: &HttpRequest, feed: &Rendered) -> bool {
    if let Some(inm) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let gz = feed.gzip_etag();
        return inm.split(',').map(str::trim).any(|t| {
            let t = t.strip_prefix("W/").unwrap_or(t);
            t == "*" || t == feed.etag || t == gz
        });
    }
    if let (Some(ims), Some(lm)) = (
        req.headers()
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<HttpDate>().ok()),
        feed.last_modified,
    ) {
        let lm: SystemTime = http_date(lm).into();
        let ims: SystemTime = ims.into();
        return lm <= ims;
    }
    false
}

/// The feed, or `304` when the client's copy is current. `private`: a person's or a
/// trainer's feed, kept by their calendar, never by a cache.
pub fn respond(req: &HttpRequest, feed: &Rendered, private: bool, filename: &str) -> HttpResponse {
    let cache = if private {
        "private, no-store"
    } else {
        "public, max-age=900"
    };
    let fresh = not_modified(req, feed);
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    let gzip = feed.gzip.as_ref().filter(|_| accepts_gzip(req));
    let etag = if gzip.is_some() {
        feed.gzip_etag()
    } else {
        feed.etag.clone()
    };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept-Encoding"));
    if let Some(lm) = feed.last_modified {
        res.insert_header(header::LastModified(http_date(lm)));
    }
    if fresh {
        return res.finish();
    }
    // The type follows the file: iCalendar, or a news feed for readers.
    let content_type = match filename.rsplit('.').next() {
        Some("atom") => "application/atom+xml; charset=utf-8",
        Some("rss") => "application/rss+xml; charset=utf-8",
        _ => "text/calendar; charset=utf-8",
    };
    res.content_type(content_type).insert_header((
        header::CONTENT_DISPOSITION,
        format!("inline; filename=\"{filename}\""),
    ));
    match gzip {
        Some(gz) => res
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gz.clone()),
        None => res.body(feed.body.clone()),
    }
}
