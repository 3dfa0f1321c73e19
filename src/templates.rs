//! Tera, built once at start-up: one instance per language, each with a `t(k=…)`
//! function bound to that language's Fluent bundle, so templates read
//! `{{ t(k="home-title") }}` and views carry no language plumbing (and `fresh_token()`,
//! a new one-time token for a form). Autoescape is on
//! for `.html`; views are typed `Serialize` structs.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use fluent_bundle::FluentValue;
use serde::Serialize;
use tera::{Tera, Value};

use crate::domain::typography;
use crate::i18n::{I18n, Lang};

pub struct Templates {
    by_lang: HashMap<Lang, Tera>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

/// `t(k="key", name="value", n=3)`: the translated message.
struct Translate {
    i18n: Arc<I18n>,
    lang: Lang,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("k")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs k=\"message-id\""))?;
        let fargs: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "k")
            .map(|(name, v)| {
                let fv = match v {
                    Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or_default()),
                    Value::String(s) => FluentValue::from(s.as_str()),
                    other => FluentValue::from(other.to_string()),
                };
                (name.as_str(), fv)
            })
            .collect();
        Ok(Value::String(self.i18n.tr(self.lang, key, &fargs)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `{{ value | urlencode }}`: percent-encodes a query value.
fn urlencode(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let s = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(encode_query_value(&s)))
}

pub fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// HTML escaping for text and quoted attributes. Unlike tera's default it leaves `/`
/// alone: every URL on every page would otherwise grow by `&#x2F;`s, for no safety
/// gain inside quoted attributes.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Templates {
    pub fn load(dir: &Path, i18n: Arc<I18n>) -> anyhow::Result<Templates> {
        let glob = format!("{}/**/*.{{html,txt}}", dir.display());
        let mut by_lang = HashMap::new();
        for lang in [Lang::Fr, Lang::En] {
            let mut tera =
                Tera::new(&glob).with_context(|| format!("loading templates from {glob}"))?;
            tera.autoescape_on(vec![".html"]);
            tera.set_escape_fn(escape_html);
            tera.register_function(
                "t",
                Translate {
                    i18n: i18n.clone(),
                    lang,
                },
            );
            tera.register_filter("urlencode", urlencode);
            // A form's one-time submission token: a retried post is recognised by it.
            tera.register_function("fresh_token", |_: &HashMap<String, Value>| {
                Ok(Value::String(crate::domain::token::random_token()))
            });
            by_lang.insert(lang, tera);
        }
        Ok(Templates { by_lang })
    }

    /// Renders `name`; French output gets its no-break spaces (`domain::typography`),
    /// whatever the text came from: our strings, a title typed by staff, demo data.
    pub fn render<T: Serialize>(&self, lang: Lang, name: &str, view: &T) -> anyhow::Result<String> {
        let ctx = tera::Context::from_serialize(view).context("template context")?;
        let out = self.by_lang[&lang]
            .render(name, &ctx)
            .map_err(|e| anyhow::anyhow!("rendering {name}: {}", tera_chain(&e)))?;
        Ok(match lang {
            Lang::En => out,
            Lang::Fr if name.ends_with(".html") => keep_or(out, typography::french_spacing_html),
            Lang::Fr => keep_or(out, typography::french_spacing),
        })
    }
}

/// `out` itself when `f` changes nothing (no copy on the common path).
fn keep_or(out: String, f: fn(&str) -> std::borrow::Cow<'_, str>) -> String {
    match f(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(changed) => changed,
    }
}

fn tera_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
