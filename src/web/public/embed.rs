//! `GET /embed`: the calendar widget partners put on their own sites in an `<iframe>`.
//! It takes the same filters as `/calendar.ics`, lists the next activities in a light
//! page without the site's header, and works without JavaScript; links open the
//! activity on Babillard in a new tab. Only this path may be framed, and only by the
//! sites the region lists (`embed_origins`) and Babillard itself (the back office's
//! preview). An optional script (`/static/embed.js`) lets the host page size the frame
//! to its content.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::now;
use crate::domain::filter::Paging;
use crate::store;
use crate::web::i18n::Lang;
use crate::web::views::{DayGroup, SessionCard, group_by_day};
use crate::web::{AppResult, AppState, parse_filter, read, render};

/// Activities a widget lists at most (the page stays light on any connection).
const SHOWN: u32 = 12;

#[derive(Debug, Serialize)]
struct EmbedView {
    days: Vec<DayGroup>,
    total: i64,
    /// The full calendar with the same filters, for « Voir toutes les activités ».
    more_url: String,
}

/// The origins a partner's page may frame us from: scheme, host and port only, so a
/// setting can never inject another directive into the policy.
pub fn frame_ancestors(origins: &[String]) -> String {
    let valid = |o: &&String| {
        let rest = o
            .strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"));
        rest.is_some_and(|r| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        })
    };
    let mut policy = String::from("frame-ancestors 'self'");
    for o in origins.iter().filter(valid) {
        policy.push(' ');
        policy.push_str(o);
    }
    policy
}

/// `GET /embed?municipality=lachute&audience=aines`
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let (_, filter) = parse_filter(&req)?;
    let f = filter.clone();
    let (found, total) = read(&state, move |conn| {
        store::sessions::search(
            conn,
            &f,
            Some(Paging {
                page: 1,
                per_page: SHOWN,
            }),
            now(),
        )
    })
    .await?;
    let stamp = now();
    let cards: Vec<SessionCard> = found
        .iter()
        .map(|d| SessionCard::new(&state.i18n, lang, d, stamp))
        .collect();
    let filters = crate::web::query_without(&req, &["lang", "page", "per_page"]).join("&");
    let base = state.base_url();
    let view = EmbedView {
        days: group_by_day(cards),
        total,
        more_url: if filters.is_empty() {
            format!("{base}/")
        } else {
            format!("{base}/?{filters}")
        },
    };
    let title = state.i18n.t(lang, "embed-title");
    let mut res = render(&req, &state, lang, "public/embed.html", title, &view)?;
    let csp = format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         form-action 'self'; base-uri 'none'; {}",
        frame_ancestors(&state.settings.embed_origins)
    );
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_origins_reach_the_frame_policy() {
        let origins = vec![
            "https://www.biblio-lachute.ca".to_owned(),
            "http://localhost:8081".to_owned(),
            "https://evil.example; script-src *".to_owned(),
            "javascript:alert(1)".to_owned(),
            "https://".to_owned(),
        ];
        assert_eq!(
            frame_ancestors(&origins),
            "frame-ancestors 'self' https://www.biblio-lachute.ca http://localhost:8081"
        );
    }
}
