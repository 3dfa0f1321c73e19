//! The printed programme (`/print/programme?month=2026-12&municipality=lachute`): a
//! month of sessions with the calendar's filters, in large print, each session in one
//! block that never breaks across pages, with a QR code and its short address spelled
//! out (paper has no links). A library pins it on its board or hands it out at the
//! counter. The QR codes are small cached images (`/s/{id}/qr.svg`) so the page stays
//! light; `/s/{id}` is the short address itself, which sends to the session's page.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{month_title, shift_months};
use crate::db::now;
use crate::domain::filter::FilterQuery;
use crate::domain::time;
use crate::store;
use crate::web::i18n::Lang;
use crate::web::subscribe::qr_svg;
use crate::web::views::{DayGroup, SessionCard, group_by_day};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, parse_query, query_without, read, render};

#[derive(Debug, Default, Deserialize)]
struct PrintQuery {
    /// `YYYY-MM`; this month when absent.
    month: Option<String>,
}

/// One session as printed: the card, plus where to find it again from paper.
#[derive(Debug, Serialize)]
struct PrintedSession {
    #[serde(flatten)]
    card: SessionCard,
    /// « babillard.example.org/s/42 »: the short address, without the scheme.
    short_address: String,
    qr_url: String,
    address: Option<String>,
}

#[derive(Debug, Serialize)]
struct PrintedDay {
    day: String,
    sessions: Vec<PrintedSession>,
}

#[derive(Debug, Serialize)]
struct ProgrammeView {
    heading: String,
    /// The filter's chosen values, « Aînés, Lachute », or empty.
    scope: String,
    days: Vec<PrintedDay>,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    calendar_url: String,
    site: String,
}

fn bad(field: &str, value: &str) -> AppError {
    crate::domain::filter::bad_value(field, value).into()
}

/// The site's address as a person types it: no scheme, no trailing slash.
fn typed_address(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    rest.trim_end_matches('/')
}

/// `GET /print/programme`
pub async fn programme(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let pq: PrintQuery = parse_query(&req)?;
    let fq: FilterQuery = parse_query(&req)?;
    let mut filter = fq.parse()?;
    let today = time::local(now()).date_naive();
    let first = match pq.month.as_deref() {
        None | Some("") => today.with_day(1).unwrap_or(today),
        Some(m) => time::parse_month(m).ok_or_else(|| bad("month", m))?,
    };
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .ok_or_else(|| bad("month", &first.to_string()))?;
    filter.from = Some(first);
    filter.to = Some(last);
    let f = filter.clone();
    let (cat, found) = read(&state, move |conn| {
        let cat = store::catalogue::catalogue(conn)?;
        let (found, _) = store::sessions::search(conn, &f, None, now())?;
        Ok((cat, found))
    })
    .await?;

    let site = typed_address(state.base_url()).to_owned();
    let stamp = now();
    let mut addresses = std::collections::HashMap::new();
    let cards: Vec<SessionCard> = found
        .iter()
        .map(|d| {
            let address = d.venue.as_ref().map(|v| match &v.room {
                Some(room) if !room.is_empty() => format!("{}, {room}", v.address),
                _ => v.address.clone(),
            });
            addresses.insert(d.session.id, address);
            SessionCard::new(&state.i18n, lang, d, stamp)
        })
        .collect();
    let total = cards.len();
    let days = group_by_day(cards)
        .into_iter()
        .map(|DayGroup { day, sessions, .. }| PrintedDay {
            day,
            sessions: sessions
                .into_iter()
                .map(|card| PrintedSession {
                    short_address: format!("{site}/s/{}", card.id),
                    qr_url: format!("/s/{}/qr.svg", card.id),
                    address: addresses.remove(&card.id).flatten(),
                    card,
                })
                .collect(),
        })
        .collect();

    // The filters, carried by the month links (the page's own switch carries `lang`).
    let others = query_without(&req, &["month", "lang"]).join("&");
    let url = |month: NaiveDate| {
        let m = format!("month={:04}-{:02}", month.year(), month.month());
        if others.is_empty() {
            format!("/print/programme?{m}")
        } else {
            format!("/print/programme?{m}&{others}")
        }
    };
    let shift = |months: i32| shift_months(first, months);
    let scope = {
        let name = crate::web::feeds::feed_name(&state.i18n, lang, &filter, &cat);
        // « Babillard — Aînés, Lachute »: keep what follows the site's name, unless it
        // is the « every activity » wording.
        let all = state.i18n.t(lang, "mail-feed-all");
        match name.split_once(" — ") {
            Some((_, rest)) if rest != all => rest.to_owned(),
            _ => String::new(),
        }
    };
    let heading = month_title(first, lang);
    let view = ProgrammeView {
        heading: heading.clone(),
        scope,
        days,
        total,
        prev_url: shift(-1).map(url),
        next_url: shift(1).map(url),
        calendar_url: if others.is_empty() {
            format!(
                "/calendar?view=list&month={:04}-{:02}",
                first.year(),
                first.month()
            )
        } else {
            format!(
                "/calendar?view=list&month={:04}-{:02}&{others}",
                first.year(),
                first.month()
            )
        },
        site,
    };
    let title = format!("{} — {heading}", state.i18n.t(lang, "print-title"));
    render(&req, &state, lang, "public/print.html", title, &view)
}

/// `GET /s/{id}`: the short address printed under each session.
pub async fn short(id: web::Path<String>) -> AppResult<HttpResponse> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, format!("/sessions/{id}")))
        .finish())
}

/// `GET /s/{id}/qr.svg`: the QR code of the short address, for paper. It names only an
/// address (no data of the session), so it is drawn without reading the database and
/// may be cached for long.
pub async fn qr(state: web::Data<AppState>, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let svg = qr_svg(&format!("{}/s/{id}", state.base_url()));
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=604800"))
        .body(svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_address_drops_the_scheme_and_the_trailing_slash() {
        assert_eq!(
            typed_address("https://babillard.example.org/"),
            "babillard.example.org"
        );
        assert_eq!(typed_address("http://127.0.0.1:8080"), "127.0.0.1:8080");
    }

    #[test]
    fn month_navigation_keeps_the_filters_but_not_the_month() {
        let others = |q: &str| {
            let req = actix_web::test::TestRequest::get()
                .uri(&format!("/print/programme?{q}"))
                .to_http_request();
            query_without(&req, &["month", "lang"]).join("&")
        };
        assert_eq!(
            others("month=2026-12&municipality=lachute&lang=en&audience=aines"),
            "municipality=lachute&audience=aines"
        );
        assert_eq!(others(""), "");
    }
}
