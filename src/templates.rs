//! Tera, built once at start-up: one instance for both languages, with a `t(k=…)`
//! function that reads the Fluent bundle of the language being rendered, so templates
//! read `{{ t(k="home-title") }}` and views carry no language plumbing (and
//! `fresh_token()`, a new one-time token for a form). Autoescape is on for `.html`;
//! views are typed `Serialize` structs.
//!
//! One instance, not one per language: Tera keeps each template's parsed blocks with
//! copies along its inheritance chain, about 13 MB for our templates, which a second
//! instance would double in every process. A Tera function sees only its arguments, so
//! the language travels beside the call: [`Templates::render`] sets it for its thread
//! while Tera renders (rendering never leaves that thread), and puts the previous one
//! back afterwards.

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
    tera: Tera,
}

thread_local! {
    /// The language of the render running on this thread (see the module's header).
    static RENDERING: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::Fr) };
}

/// Sets the language `t()` reads on this thread until dropped, then restores the one
/// that was there.
struct Rendering(Lang);

impl Rendering {
    fn set(lang: Lang) -> Rendering {
        Rendering(RENDERING.with(|c| c.replace(lang)))
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        RENDERING.with(|c| c.set(self.0));
    }
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

/// `t(k="key", name="value", n=3)`: the translated message.
struct Translate {
    i18n: Arc<I18n>,
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
        let lang = RENDERING.with(std::cell::Cell::get);
        Ok(Value::String(self.i18n.tr(lang, key, &fargs)))
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
        let mut tera =
            Tera::new(&glob).with_context(|| format!("loading templates from {glob}"))?;
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.register_function("t", Translate { i18n });
        tera.register_filter("urlencode", urlencode);
        // A form's one-time submission token: a retried post is recognised by it.
        tera.register_function("fresh_token", |_: &HashMap<String, Value>| {
            Ok(Value::String(crate::domain::token::random_token()))
        });
        drop_build_copies(&mut tera);
        Ok(Templates { tera })
    }

    /// Renders `name` in `lang`; French output gets its no-break spaces
    /// (`domain::typography`), whatever the text came from: our strings, a title typed by
    /// staff, demo data.
    pub fn render<T: Serialize>(&self, lang: Lang, name: &str, view: &T) -> anyhow::Result<String> {
        let ctx = tera::Context::from_serialize(view).context("template context")?;
        let out = {
            let _lang = Rendering::set(lang);
            self.tera.render(name, &ctx)
        }
        .map_err(|e| anyhow::anyhow!("rendering {name}: {}", tera_chain(&e)))?;
        Ok(match lang {
            Lang::En => out,
            Lang::Fr if name.ends_with(".html") => keep_or(out, typography::french_spacing_html),
            Lang::Fr => keep_or(out, typography::french_spacing),
        })
    }
}

/// Tera keeps three copies of a page's content: the template's syntax tree, its blocks
/// (a copy made to build the inheritance chains), and the chains themselves. Rendering
/// reads only the chains and the syntax tree of the template at the top of the chain
/// (`base.html`): a template that extends another is drawn from its chain, never from
/// its own tree. So once every template is loaded, and since none is ever added
/// afterwards (which would rebuild the chains from the dropped blocks), the two build
/// copies go: some 6 MB of the process's 16 MB heap at rest. Every page and email the
/// tests render goes through what remains.
fn drop_build_copies(tera: &mut Tera) {
    for template in tera.templates.values_mut() {
        template.blocks = HashMap::new();
        if !template.parents.is_empty() {
            template.ast = Vec::new();
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> Templates {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        Templates::load(&dir, Arc::new(I18n::load())).unwrap()
    }

    fn error_page(t: &Templates, lang: Lang) -> String {
        let view = serde_json::json!({
            "layout": { "html_lang": lang.code(), "title": "x", "css_url": "/s.css", "path": "/",
                        "switch_url": "/", "other_lang": "en" },
            "status": 404, "message": "Séance inconnue", "fields": [],
        });
        t.render(lang, "error.html", &view).unwrap()
    }

    /// One Tera serves both languages: what `t()` prints follows the render's language,
    /// and a page that extends `base.html` still gets the layout and its own block once
    /// the build copies are gone.
    #[test]
    fn one_instance_renders_each_language_from_the_inheritance_chain() {
        let t = templates();
        let fr = error_page(&t, Lang::Fr);
        let en = error_page(&t, Lang::En);
        let i18n = I18n::load();
        for (page, lang) in [(&fr, Lang::Fr), (&en, Lang::En)] {
            // The layout (base.html) around the page's own block (error.html).
            assert!(
                page.contains(&format!("<html lang=\"{}\">", lang.code())),
                "{page}"
            );
            assert!(page.contains(&i18n.t(lang, "skip-to-content")), "{page}");
            assert!(
                page.contains(&i18n.t(lang, "error-title-not-found")),
                "{page}"
            );
            assert!(page.contains("<p>Séance inconnue</p>"), "{page}");
        }
        assert_ne!(
            i18n.t(Lang::Fr, "error-title-not-found"),
            i18n.t(Lang::En, "error-title-not-found")
        );
        // Rendering English left nothing behind for the next French render.
        assert_eq!(error_page(&t, Lang::Fr), fr);
    }
}
