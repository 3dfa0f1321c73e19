//! The widget builder: a staff member picks what their site should show (an
//! organisation, a town, an audience, a topic, a language) and gets the code to paste,
//! with a live preview of `/embed` in the same frame their visitors will see. A plain
//! GET form: it works without JavaScript.

use actix_web::HttpResponse;
use serde::{Deserialize, Serialize};

use super::{Chrome, StaffPage};
use crate::store;
use crate::web::i18n::Lang;
use crate::web::{AppResult, parse_query, read, render};

#[derive(Debug, Default, Deserialize)]
struct Choice {
    #[serde(default)]
    org: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    widget_lang: String,
}

#[derive(Debug, Serialize)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct EmbedBuilder {
    chrome: Chrome,
    organisations: Vec<Opt>,
    municipalities: Vec<Opt>,
    audiences: Vec<Opt>,
    topics: Vec<Opt>,
    languages: Vec<Opt>,
    /// The widget's address with the choices, for the preview and the code.
    src: String,
    code: String,
}

fn opts<'a>(items: impl Iterator<Item = (&'a str, String)>, chosen: &str) -> Vec<Opt> {
    items
        .map(|(slug, label)| Opt {
            selected: slug == chosen,
            value: slug.to_owned(),
            label,
        })
        .collect()
}

/// `GET /admin/embed?org=…&municipality=…`
pub async fn show(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let choice: Choice = parse_query(&req)?;
    let cat = read(&state, |conn| Ok(store::catalogue::catalogue(conn)?)).await?;
    // Only known values reach the widget's address (the selects offer nothing else).
    let mut query: Vec<String> = Vec::new();
    let mut keep = |key: &str, value: &str, known: bool| {
        if !value.is_empty() && known {
            query.push(format!("{key}={value}"));
        }
    };
    keep(
        "org",
        &choice.org,
        cat.organisations.iter().any(|o| o.slug == choice.org),
    );
    keep(
        "municipality",
        &choice.municipality,
        cat.municipalities
            .iter()
            .any(|m| m.slug == choice.municipality),
    );
    keep(
        "audience",
        &choice.audience,
        cat.audiences.iter().any(|t| t.slug == choice.audience),
    );
    keep(
        "topic",
        &choice.topic,
        cat.topics.iter().any(|t| t.slug == choice.topic),
    );
    let widget_lang = Lang::parse(&choice.widget_lang).unwrap_or(lang);
    query.push(format!("lang={}", widget_lang.code()));
    let base = state.base_url();
    let src = format!("{base}/embed?{}", query.join("&"));
    let title = format!(
        "{} — {}",
        state.i18n.t(widget_lang, "embed-title"),
        state.i18n.t(widget_lang, "site-name")
    );
    let code = format!(
        "<iframe src=\"{}\" title=\"{}\" data-babillard loading=\"lazy\" \
         style=\"width:100%;height:640px;border:0\"></iframe>\n\
         <script src=\"{base}/static/embed.js\" async></script>",
        src.replace('&', "&amp;"),
        title.replace('"', "&quot;")
    );
    let view = EmbedBuilder {
        chrome: Chrome::new(&req, &state, lang, &who),
        organisations: opts(
            cat.organisations
                .iter()
                .map(|o| (o.slug.as_str(), o.name.clone())),
            &choice.org,
        ),
        municipalities: opts(
            cat.municipalities
                .iter()
                .map(|m| (m.slug.as_str(), m.name.clone())),
            &choice.municipality,
        ),
        audiences: opts(
            cat.audiences
                .iter()
                .map(|t| (t.slug.as_str(), t.name(lang).to_owned())),
            &choice.audience,
        ),
        topics: opts(
            cat.topics
                .iter()
                .map(|t| (t.slug.as_str(), t.name(lang).to_owned())),
            &choice.topic,
        ),
        languages: opts(
            [Lang::Fr, Lang::En]
                .into_iter()
                .map(|l| (l.code(), state.i18n.t(l.other(), "switch-language"))),
            widget_lang.code(),
        ),
        src,
        code,
    };
    let page_title = state.i18n.t(lang, "admin-embed-title");
    render(&req, &state, lang, "admin/embed.html", page_title, &view)
}
