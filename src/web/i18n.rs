//! Languages and translated strings. French (Québec) first, English second. Strings
//! live in `templates/i18n/{fr,en}.ftl` (Fluent); the language of a request is, in
//! order: `?lang=`, the `lang` cookie, the first of fr/en in `Accept-Language`, French.

use std::collections::HashMap;
use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The `lang` attribute of pages.
    pub fn html_code(self) -> &'static str {
        match self {
            Lang::Fr => "fr-CA",
            Lang::En => "en-CA",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "fr-ca" | "fr_ca" | "français" | "francais" => Some(Lang::Fr),
            "en" | "en-ca" | "en_ca" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

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

/// `lang=en` in a query string, if present and known.
pub fn query_lang(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
}

/// The first of French or English in an `Accept-Language` header, by order of preference.
fn accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (i, part) in header.split(',').enumerate() {
        let mut bits = part.trim().split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits
            .find_map(|b| {
                b.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::parse(primary) else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
            best = Some((q, i, lang));
        }
    }
    best.map(|(_, _, l)| l)
}

impl FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = Ready<Result<Lang, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Lang::of_request(req)))
    }
}

/// One Fluent file per area, so each area's strings live (and change) apart; a
/// message id must be unique across the files of a language.
const FR: &[(&str, &str)] = &[
    ("fr.ftl", include_str!("../../templates/i18n/fr.ftl")),
    (
        "fr/registration.ftl",
        include_str!("../../templates/i18n/fr/registration.ftl"),
    ),
    (
        "fr/mail.ftl",
        include_str!("../../templates/i18n/fr/mail.ftl"),
    ),
    (
        "fr/admin.ftl",
        include_str!("../../templates/i18n/fr/admin.ftl"),
    ),
];
const EN: &[(&str, &str)] = &[
    ("en.ftl", include_str!("../../templates/i18n/en.ftl")),
    (
        "en/registration.ftl",
        include_str!("../../templates/i18n/en/registration.ftl"),
    ),
    (
        "en/mail.ftl",
        include_str!("../../templates/i18n/en/mail.ftl"),
    ),
    (
        "en/admin.ftl",
        include_str!("../../templates/i18n/en/admin.ftl"),
    ),
];

/// The translation bundles, built once at start-up.
pub struct I18n {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

impl I18n {
    pub fn load() -> I18n {
        let mut bundles = HashMap::new();
        for (lang, files, id) in [(Lang::Fr, FR, "fr-CA"), (Lang::En, EN, "en-CA")] {
            let mut b = FluentBundle::new_concurrent(vec![id.parse().expect("language id")]);
            // Unicode isolation marks would show up in emails and feeds.
            b.set_use_isolating(false);
            for (name, src) in files {
                let res = FluentResource::try_new((*src).to_owned())
                    .unwrap_or_else(|(_, errs)| panic!("{name} does not parse: {errs:?}"));
                b.add_resource(res)
                    .unwrap_or_else(|errs| panic!("{name}: duplicate message ids {errs:?}"));
            }
            bundles.insert(lang, b);
        }
        I18n { bundles }
    }

    /// The message `key` in `lang`, with arguments; the key itself when missing, so a
    /// gap shows up on the page instead of an empty string.
    pub fn tr(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = &self.bundles[&lang];
        let Some(msg) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        let out = bundle.format_pattern(msg, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatting");
        }
        match lang {
            // Subjects, API messages and the like never pass through a template.
            Lang::Fr => crate::domain::typography::french_spacing(&out).into_owned(),
            Lang::En => out.into_owned(),
        }
    }

    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.tr(lang, key, &[])
    }

    /// Message ids present in one language and not the other.
    pub fn missing(&self) -> Vec<String> {
        let ids = |files: &[(&str, &str)]| -> std::collections::BTreeSet<String> {
            let mut ids = std::collections::BTreeSet::new();
            for (_, src) in files {
                let res = FluentResource::try_new((*src).to_owned()).expect("parses");
                ids.extend(res.entries().filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                }));
            }
            ids
        };
        let (fr, en) = (ids(FR), ids(EN));
        fr.symmetric_difference(&en).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_listed_order_and_weights() {
        assert_eq!(accept_language("en-CA,en;q=0.9,fr;q=0.8"), Some(Lang::En));
        assert_eq!(accept_language("fr-CA,fr;q=0.9,en;q=0.8"), Some(Lang::Fr));
        assert_eq!(accept_language("de-DE,en;q=0.5,fr;q=0.7"), Some(Lang::Fr));
        assert_eq!(accept_language("de-DE"), None);
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let i = I18n::load();
        assert_eq!(i.missing(), Vec::<String>::new());
    }
}
