//! The two languages Babillard speaks: French (Québec) first, English second. How a
//! request chooses one is the web layer's business (`web::i18n`); what a language is,
//! and how its name and an `Accept-Language` header read, is here.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

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
pub fn accept_language(header: &str) -> Option<Lang> {
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
}
