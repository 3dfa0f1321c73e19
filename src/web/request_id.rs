//! One id per request, on every log line the request causes.
//!
//! The id comes from the `X-Request-Id` header when a proxy in front already set one
//! (and it is sane: short, printable ASCII, so it cannot forge or break a log line), or
//! is made here. A `request` span carries it for the whole request — the blocking
//! database work included, since [`super::read`] and [`super::write`] enter the caller's
//! span on the thread pool — and the answer carries it back in `X-Request-Id`, so a
//! person reporting a problem can quote it.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use rand::RngCore;
use tracing::Instrument;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id taken from a request.
pub const MAX_LEN: usize = 64;

/// Whether an incoming id may be reused: 1 to [`MAX_LEN`] visible ASCII characters (no
/// space, no control character).
pub fn is_sane(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_LEN && id.bytes().all(|b| b.is_ascii_graphic())
}

/// A new id: 16 random hexadecimal digits.
pub fn new_id() -> String {
    format!("{:016x}", rand::rng().next_u64())
}

/// The incoming id if sane, else a new one.
pub fn of(req: &ServiceRequest) -> String {
    req.headers()
        .get(&HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane(v))
        .map_or_else(new_id, str::to_owned)
}

/// The middleware: runs the request inside a `request` span holding its id, and
/// returns the id in the answer's `X-Request-Id` header.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = of(&req);
    let span = tracing::info_span!("request", request_id = %id);
    let mut res = next.call(req).instrument(span).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, value);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_visible_ascii_ids_are_taken() {
        assert!(is_sane("abc-123_DEF.456"));
        assert!(is_sane(&"a".repeat(MAX_LEN)));
        assert!(!is_sane(""));
        assert!(!is_sane(&"a".repeat(MAX_LEN + 1)));
        assert!(!is_sane("two words"));
        assert!(!is_sane("line\nbreak"));
        assert!(!is_sane("accentué"));
        let id = new_id();
        assert_eq!(id.len(), 16);
        assert!(is_sane(&id));
    }
}
