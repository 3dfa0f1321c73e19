//! Public pages kept rendered in memory (home, calendar, session, event, organisation,
//! widget): by language, path and query, for `feed_cache_seconds` at most.
//!
//! A page is the same for everyone but for two values of its forms: the visitor's
//! CSRF token (the double-submit cookie's value) and a fresh `submission` token per
//! view (the replay key of the registration form). A kept page is split around them
//! and put back together for each visitor with theirs, so nobody ever receives
//! someone else's token.
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

/// A kept page: its headers and its body cut around the per-visitor values.
struct Kept {
    headers: HeaderMap,
    parts: Vec<Part>,
    len: usize,
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
    if let Some(page) = cache.pages.get(&key, &generation) {
        return Ok(req.into_response(page.answer(&token)));
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
    Ok(ServiceResponse::new(req, page.answer(&token)))
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
        Kept {
            headers,
            parts,
            len,
        }
    }

    /// The page for a visitor whose CSRF token is `token`.
    fn answer(&self, token: &str) -> HttpResponse {
        let mut body = Vec::with_capacity(self.len + 64);
        for part in &self.parts {
            match part {
                Part::Text(t) => body.extend_from_slice(t),
                Part::Csrf => body.extend_from_slice(token.as_bytes()),
                Part::Fresh => {
                    body.extend_from_slice(crate::domain::token::random_token().as_bytes())
                }
            }
        }
        let mut res = HttpResponse::Ok().body(body);
        for (name, value) in &self.headers {
            res.headers_mut().append(name.clone(), value.clone());
        }
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
        let a = text(kept.answer("visitorA-visitorA-visitorA-visito"));
        let b = text(kept.answer("visitorB-visitorB-visitorB-visito"));
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
}
