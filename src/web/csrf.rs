//! CSRF protection for HTML forms: a random token in a `SameSite=Lax`, `HttpOnly`
//! cookie and the same token in a hidden field (double submit). A form post whose field
//! does not match the cookie is refused. The JSON API does not use cookies, so it
//! needs none of this.

use actix_web::HttpMessage;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::ServiceRequest;

use crate::web::{AppError, AppResult};

pub const COOKIE: &str = "csrf";
pub const FIELD: &str = "csrf_token";

#[derive(Clone)]
struct Token(String);

/// Makes sure the request has a token: the cookie's, or a fresh one (returned, so the
/// response can set the cookie).
pub fn ensure(req: &ServiceRequest) -> Option<String> {
    let existing = req
        .cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() >= 32 && v.len() <= 64);
    match existing {
        Some(t) => {
            req.extensions_mut().insert(Token(t));
            None
        }
        None => {
            let t = crate::domain::token::random_token();
            req.extensions_mut().insert(Token(t.clone()));
            Some(t)
        }
    }
}

pub fn cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// The token to put in a form's hidden field.
pub fn token(req: &HttpRequest) -> String {
    req.extensions()
        .get::<Token>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

/// Checks a submitted form's token against the cookie.
pub fn verify(req: &HttpRequest, submitted: &str) -> AppResult<()> {
    let cookie = req.cookie(COOKIE).map(|c| c.value().to_owned());
    match cookie {
        Some(c) if !c.is_empty() && constant_time_eq(c.as_bytes(), submitted.as_bytes()) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
