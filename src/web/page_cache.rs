//! Public pages kept rendered in memory (home, calendar, session, event, organisation,
//! widget, printed programme): by language, path and query, for `feed_cache_seconds` at
//! most.
//!
//! A page is the same for everyone but for two values of its forms: the visitor's
//! CSRF token (the double-submit cookie's value) and a fresh `submission` token per
//! view (the replay key of the registration form). A kept page is split around them
//! and put back together for each visitor with theirs, so nobody ever receives
//! someone else's token.
//!
//! Browsers ask for gzip: a kept page keeps each of its fixed parts already deflated,
//! each on its own (a raw deflate run ended by a sync flush, so it starts and ends on a
//! byte and refers to nothing before it), with its CRC-32. A visitor's gzip answer is
//! the gzip header, those runs with the visitor's values between them as stored
//! blocks, an empty final block, and the CRC-32 of the whole combined from the parts':
//! nothing is compressed per view, and the bytes inflate to exactly the identity page.
//!
//! How fresh: never older than `feed_cache_seconds` (2 s by default; 0 turns the cache
//! off), whichever instance made the change, with nothing to coordinate between
//! instances — that bound is the promise, seat counts included. A staff act in this
//! process (`web::write_as`: a session edited, cancelled, published) also drops every
//! kept page at once, so an organiser sees their own change immediately. The public
//! registrations of a rush do not: during a rush the pages are re-rendered once per
//! `feed_cache_seconds`, not once per registration.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};

use super::memo::Memo;
use crate::web::i18n::Lang;
use crate::web::{AppState, csrf};

/// Distinct pages kept (languages × paths × queries); each is a few tens of KB.
const MAX_PAGES: usize = 512;

/// The field whose value is a fresh token for each view (`templates/registration/form.html`).
const FRESH_FIELD: &str = "name=\"submission\" value=\"";

/// Rendered public pages (see the module's documentation).
pub struct PageCache {
    pages: Memo<Arc<Kept>>,
    /// Moved by every staff act of this process: pages made before are not served.
    generation: AtomicU64,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache")
    }
}

/// A kept page: its headers and its body cut around the per-visitor values, with
/// each fixed part also deflated (`deflated[i]` for the i-th `Part::Text`).
struct Kept {
    headers: HeaderMap,
    parts: Vec<Part>,
    deflated: Vec<Deflated>,
    len: usize,
}

/// A fixed part of a page as a gzip answer carries it.
struct Deflated {
    /// A raw deflate run of the part, ended by a sync flush (not final).
    bytes: Vec<u8>,
    crc: flate2::Crc,
}

impl Deflated {
    fn of(text: &[u8]) -> Deflated {
        let mut c = flate2::Compress::new(flate2::Compression::default(), false);
        // Room for the worst case (stored blocks) in one go; more if ever needed. The
        // sync flush is complete when it leaves room in the output.
        let mut bytes = Vec::with_capacity(text.len() + text.len() / 8 + 64);
        loop {
            let consumed = c.total_in() as usize;
            let _ = c.compress_vec(&text[consumed..], &mut bytes, flate2::FlushCompress::Sync);
            if c.total_in() as usize == text.len() && bytes.len() < bytes.capacity() {
                break;
            }
            bytes.reserve(bytes.capacity().max(4096));
        }
        let mut crc = flate2::Crc::new();
        crc.update(text);
        Deflated { bytes, crc }
    }
}

/// A stored (uncompressed) deflate block holding `data` (at most 65,535 bytes), not
/// final: how a visitor's value goes between two deflated parts.
fn stored_block(out: &mut Vec<u8>, data: &[u8]) {
    let len = data.len() as u16;
    out.push(0x00);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
}

/// Whether the request accepts gzip (`Accept-Encoding`, not with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut bits = item.split(';').map(str::trim);
            let name = bits.next().unwrap_or("");
            let zero = bits.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !zero
        })
}

enum Part {
    Text(Bytes),
    /// The visitor's CSRF token.
    Csrf,
    /// A token made for this view.
    Fresh,
}

impl PageCache {
    pub fn new(max_age: Duration) -> PageCache {
        PageCache {
            pages: Memo::new(max_age, MAX_PAGES),
            generation: AtomicU64::new(0),
        }
    }

    /// Pages made before now are not served any more.
    pub fn forget_all(&self) {
        self.generation.fetch_add(1, Ordering::Relaxed);
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Middleware for a public page's route (`web::routes`): the kept page, or the
/// handler's answer, kept if it is a `200` that sets no cookie.
pub async fn kept(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let cache = &state.pages;
    if !cache.pages.enabled() || req.method() != Method::GET {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let lang = Lang::of_request(req.request());
    let key = format!("{}|{}?{}", lang.code(), req.path(), req.query_string());
    let generation = cache.generation.load(Ordering::Relaxed).to_string();
    let token = csrf::token(req.request());
    let gzip = accepts_gzip(req.headers());
    if let Some(page) = cache.pages.get(&key, &generation) {
        return Ok(req.into_response(page.answer(&token, gzip)));
    }
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.map_into_boxed_body().into_parts();
    let (res, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string()))?;
    let page = Arc::new(Kept::cut(res.headers().clone(), bytes, &token));
    cache.pages.put(key, generation, page.clone());
    Ok(ServiceResponse::new(req, page.answer(&token, gzip)))
}

impl Kept {
    /// Cuts `body` around every occurrence of the visitor's token and every fresh
    /// token.
    fn cut(headers: HeaderMap, body: Bytes, token: &str) -> Kept {
        let text = &body[..];
        let mut parts = Vec::new();
        let mut from = 0;
        let mut at = 0;
        while at < text.len() {
            if !token.is_empty() && text[at..].starts_with(token.as_bytes()) {
                parts.push(Part::Text(body.slice(from..at)));
                parts.push(Part::Csrf);
                at += token.len();
                from = at;
            } else if text[at..].starts_with(FRESH_FIELD.as_bytes()) {
                let start = at + FRESH_FIELD.len();
                let end = text[start..]
                    .iter()
                    .position(|&b| b == b'"')
                    .map_or(text.len(), |n| start + n);
                parts.push(Part::Text(body.slice(from..start)));
                parts.push(Part::Fresh);
                at = end;
                from = end;
            } else {
                at += 1;
            }
        }
        parts.push(Part::Text(body.slice(from..)));
        let len = body.len();
        let deflated = parts
            .iter()
            .filter_map(|p| match p {
                Part::Text(t) => Some(Deflated::of(t)),
                _ => None,
            })
            .collect();
        Kept {
            headers,
            parts,
            deflated,
            len,
        }
    }

    /// The page for a visitor whose CSRF token is `token`, gzipped when asked.
    fn answer(&self, token: &str, gzip: bool) -> HttpResponse {
        let fresh: Vec<String> = self
            .parts
            .iter()
            .filter(|p| matches!(p, Part::Fresh))
            .map(|_| crate::domain::token::random_token())
            .collect();
        let mut fresh = fresh.iter();
        let mut body = Vec::with_capacity(if gzip { self.len / 3 } else { self.len } + 64);
        let mut res = if gzip {
            // The gzip header: deflate, no name, no time, unknown system.
            body.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
            let mut crc = flate2::Crc::new();
            let mut runs = self.deflated.iter();
            for part in &self.parts {
                let value: &[u8] = match part {
                    Part::Text(_) => {
                        let run = runs.next().expect("a run per fixed part");
                        body.extend_from_slice(&run.bytes);
                        crc.combine(&run.crc);
                        continue;
                    }
                    Part::Csrf => token.as_bytes(),
                    Part::Fresh => fresh.next().map_or(&[][..], |t| t.as_bytes()),
                };
                stored_block(&mut body, value);
                crc.update(value);
            }
            // An empty final block, then CRC-32 and length.
            body.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
            body.extend_from_slice(&crc.sum().to_le_bytes());
            body.extend_from_slice(&crc.amount().to_le_bytes());
            let mut res = HttpResponse::Ok().body(body);
            res.headers_mut().insert(
                header::CONTENT_ENCODING,
                header::HeaderValue::from_static("gzip"),
            );
            res
        } else {
            for part in &self.parts {
                match part {
                    Part::Text(t) => body.extend_from_slice(t),
                    Part::Csrf => body.extend_from_slice(token.as_bytes()),
                    Part::Fresh => {
                        body.extend_from_slice(fresh.next().map_or("", |t| t.as_str()).as_bytes())
                    }
                }
            }
            HttpResponse::Ok().body(body)
        };
        for (name, value) in &self.headers {
            res.headers_mut().append(name.clone(), value.clone());
        }
        res.headers_mut().insert(
            header::VARY,
            header::HeaderValue::from_static("Accept-Encoding"),
        );
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(res: HttpResponse) -> String {
        let body = res.into_body();
        let Ok(bytes) = actix_web::body::MessageBody::try_into_bytes(body) else {
            panic!("a body in memory");
        };
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn each_visitor_gets_their_own_token_and_a_fresh_submission() {
        let page = "<form><input name=\"csrf_token\" value=\"AAAAtokenAAAAtokenAAAAtokenAAAA12\">\
                    <input type=\"hidden\" name=\"submission\" value=\"FRESHFRESHFRESHFRESHFRESHFRESH12\">\
                    </form><p>AAAAtokenAAAAtokenAAAAtokenAAAA12</p>";
        let kept = Kept::cut(
            HeaderMap::new(),
            Bytes::from(page),
            "AAAAtokenAAAAtokenAAAAtokenAAAA12",
        );
        let a = text(kept.answer("visitorA-visitorA-visitorA-visito", false));
        let b = text(kept.answer("visitorB-visitorB-visitorB-visito", false));
        assert!(!a.contains("AAAAtoken") && !b.contains("AAAAtoken"));
        assert_eq!(a.matches("visitorA-visitorA-visitorA-visito").count(), 2);
        assert_eq!(b.matches("visitorB-visitorB-visitorB-visito").count(), 2);
        assert!(!a.contains("FRESHFRESH"));
        let fresh = |s: &str| {
            let start = s.find(FRESH_FIELD).unwrap() + FRESH_FIELD.len();
            s[start..start + 32].to_owned()
        };
        assert_ne!(fresh(&a), fresh(&b));
        assert!(crate::domain::token::looks_like_token(&fresh(&a)));
        // Everything else is the page as it was made.
        assert_eq!(a.len(), page.len());
    }

    fn gunzip(res: HttpResponse) -> String {
        use std::io::Read;
        assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "gzip");
        let Ok(bytes) = actix_web::body::MessageBody::try_into_bytes(res.into_body()) else {
            panic!("a body in memory");
        };
        let mut out = String::new();
        // An independent reader checks the header, every block and the CRC-32.
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut out)
            .expect("a valid gzip stream");
        out
    }

    #[test]
    fn a_gzip_answer_inflates_to_the_page_with_the_visitors_own_values() {
        let token = "AAAAtokenAAAAtokenAAAAtokenAAAA12";
        let long = "<p>Atelier « Courriel » — samedi 14 mars 2026, 13 h 30</p>".repeat(400);
        let page = format!(
            "<html>{long}<input name=\"csrf_token\" value=\"{token}\">\
             <input type=\"hidden\" name=\"submission\" value=\"FRESHFRESHFRESHFRESHFRESHFRESH12\">{long}</html>"
        );
        let kept = Kept::cut(HeaderMap::new(), Bytes::from(page.clone()), token);
        let visitor = "visitorA-visitorA-visitorA-visito";
        let gz = kept.answer(visitor, true);
        let plain = gunzip(gz);
        assert_eq!(plain.len(), page.len());
        assert_eq!(plain.replace(visitor, token).len(), page.len());
        assert!(plain.contains(visitor) && !plain.contains(token));
        assert!(!plain.contains("FRESHFRESH"));
        let identity = text(kept.answer(visitor, false));
        let cut = |s: &str| {
            let at = s.find(FRESH_FIELD).unwrap() + FRESH_FIELD.len();
            format!("{}{}", &s[..at], &s[at + 32..])
        };
        assert_eq!(cut(&plain), cut(&identity), "the same page either way");
        // Small: the fixed parts are compressed, only the values are stored.
        let size = kept.answer(visitor, true).into_body().size();
        let actix_web::body::BodySize::Sized(n) = size else {
            panic!()
        };
        assert!(
            (n as usize) < page.len() / 10,
            "{n} bytes for {}",
            page.len()
        );
        // A page without any value to put in is one run.
        let bare = Kept::cut(HeaderMap::new(), Bytes::from("<p>Bonjour</p>"), token);
        assert_eq!(gunzip(bare.answer(visitor, true)), "<p>Bonjour</p>");
    }

    #[test]
    fn gzip_is_given_to_those_who_ask_for_it() {
        let ask = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_ENCODING,
                header::HeaderValue::from_str(v).unwrap(),
            );
            accepts_gzip(&h)
        };
        assert!(ask("gzip, deflate, br, zstd"));
        assert!(ask("br;q=1.0, gzip;q=0.8"));
        assert!(ask("*"));
        assert!(!ask("gzip;q=0"));
        assert!(!ask("br, identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
