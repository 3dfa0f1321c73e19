//! The language of a request and the translated strings. French (Québec) first,
//! English second. Strings live in `templates/i18n/{fr,en}.ftl` (Fluent, loaded by
//! [`crate::i18n`]); the language of a request is, in order: a language chosen in the
//! form or body, `?lang=`, the `lang` cookie, the first of fr/en in `Accept-Language`,
//! French.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload};

pub use crate::domain::lang::{Lang, accept_language, query_lang};
pub use crate::i18n::I18n;

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    /// The language a request asks for.
    pub fn of_request(req: &HttpRequest) -> Lang {
        use actix_web::HttpMessage;
        // A language the person chose in a form or body (e.g. when registering).
        if let Some(l) = req
            .extensions()
            .get::<super::registration::ChosenLang>()
            .map(|c| c.0)
        {
            return l;
        }
        if let Some(l) = query_lang(req.query_string()) {
            return l;
        }
        if let Some(l) = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())) {
            return l;
        }
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(accept_language)
            .unwrap_or_default()
    }
}

impl FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = Ready<Result<Lang, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Lang::of_request(req)))
    }
}
