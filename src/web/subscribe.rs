//! `GET /subscribe`: a person ticks what they care about and gets `webcal://` and
//! `https://` links to the feed, a QR code to scan with a phone, and plain steps for
//! iPhone/iPad, Android/Google Agenda and Outlook. A plain GET form: no JavaScript.
//! Links longer than Google Calendar accepts (255 characters) use a short code.

use actix_web::{HttpRequest, HttpResponse, web};
use qrcode::QrCode;
use serde::Serialize;

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::feeds::{canonical_query, feed_name};
use crate::web::i18n::Lang;
use crate::web::public::home::{FilterForm, Opt, filter_form};
use crate::web::{AppState, parse_filter, read, render, write};

/// Google Calendar silently refuses subscription URLs of 256 characters or more.
pub const MAX_FEED_URL: usize = 255;

#[derive(Debug, Serialize)]
struct SubscribeView {
    form: FilterForm,
    organisations: Vec<Opt>,
    https_url: String,
    webcal_url: String,
    qr_svg: String,
    feed_name: String,
    filtered: bool,
}

/// The subscription URL of a canonical query: the query itself when short enough,
/// else its short code.
pub fn feed_url(base_url: &str, canonical: &str, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("{base_url}/f/{code}.ics"),
        None if canonical.is_empty() => format!("{base_url}/calendar.ics"),
        None => format!("{base_url}/calendar.ics?{canonical}"),
    }
}

/// A feed's address as a page in `lang` gives it: calendar apps send no cookie, so an
/// English page gives an English calendar (its name, places, cancellation notes).
pub fn in_lang(mut url: String, lang: Lang) -> String {
    if lang == Lang::En {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("lang=en");
    }
    url
}

/// A person's feed as their page links it: the `https://` address in the page's
/// language, and the same as `webcal://`, which phones open in their calendar app.
#[derive(Debug, Serialize)]
pub struct FeedLinks {
    pub feed_url: String,
    pub webcal_url: String,
}

impl FeedLinks {
    pub fn new(url: String, lang: Lang) -> FeedLinks {
        let feed_url = in_lang(url, lang);
        FeedLinks {
            webcal_url: webcal(&feed_url),
            feed_url,
        }
    }
}

pub fn webcal(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.to_owned(),
    }
}

pub fn qr_svg(data: &str) -> String {
    let Ok(code) = QrCode::new(data.as_bytes()) else {
        return String::new();
    };
    compact_svg(code.width(), &code.to_colors())
}

/// A QR code as the smallest SVG we know to write: one unit per module, each row's dark
/// runs as strokes of one path (`M4 4.5h7m3 0h2` …) inside the 4-module quiet zone.
/// About a third of the bytes of `qrcode`'s own SVG renderer (a rectangle per module),
/// which matters on the printed programme: one code per activity.
fn compact_svg(width: usize, colors: &[qrcode::Color]) -> String {
    use std::fmt::Write;
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let mut d = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut pen: Option<usize> = None; // where the last run of this row ended
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            let _ = match pen {
                None => write!(d, "M{} {}.5h{}", start + QUIET, y + QUIET, x - start),
                Some(end) => write!(d, "m{} 0h{}", start - end, x - start),
            };
            pen = Some(x);
        }
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path stroke="#000" d="{d}"/></svg>"##
    )
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let (_, filter) = parse_filter(&req)?;
    let f = filter.clone();
    // Unknown slugs are refused here as in the feed, with the value named.
    let cat = read(&state, move |conn| {
        store::sessions::resolve(conn, &f)?;
        Ok(store::catalogue::catalogue(conn)?)
    })
    .await?;
    let base = state.base_url();
    let canonical = canonical_query(&filter);
    let mut url = feed_url(base, &canonical, None);
    // Room for `&lang=en`.
    if url.len() > MAX_FEED_URL - 8 {
        let c = canonical.clone();
        let code = write(&state, move |conn| {
            Ok(store::feeds::code_for_query(conn, &c, now())?)
        })
        .await?;
        url = feed_url(base, &canonical, Some(&code));
    }
    let url = in_lang(url, lang);
    let webcal_url = webcal(&url);
    let organisations = cat
        .organisations
        .iter()
        .map(|o| Opt {
            value: o.slug.clone(),
            label: o.name.clone(),
            selected: filter.org.contains(&o.slug),
        })
        .collect();
    let view = SubscribeView {
        form: filter_form(&state, lang, &cat, &filter),
        organisations,
        qr_svg: qr_svg(&webcal_url),
        feed_name: feed_name(&state.i18n, lang, &filter, &cat),
        https_url: url,
        webcal_url,
        filtered: !filter.is_empty(),
    };
    let title = state.i18n.t(lang, "mail-subscribe-title");
    render(&req, &state, lang, "subscribe/show.html", title, &view)
}

#[cfg(test)]
mod qr_tests {
    use super::*;

    /// Reads the path back (absolute `M x y.5`, relative `m dx 0`, `h n`) into the set
    /// of dark modules, and compares it with the code's own matrix, quiet zone included.
    #[test]
    fn the_compact_svg_draws_exactly_the_codes_dark_modules() {
        let data = "https://babillard.example.org/s/12345";
        let code = QrCode::new(data.as_bytes()).unwrap();
        let svg = qr_svg(data);
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut dark = std::collections::BTreeSet::new();
        let (mut x, mut y) = (0i64, 0i64);
        let mut rest = d;
        while let Some(op) = rest.chars().next() {
            rest = &rest[1..];
            let end = rest.find(['M', 'm', 'h']).unwrap_or(rest.len());
            let args: Vec<f64> = rest[..end].split(' ').map(|a| a.parse().unwrap()).collect();
            rest = &rest[end..];
            match op {
                'M' => (x, y) = (args[0] as i64, args[1].floor() as i64),
                'm' => x += args[0] as i64,
                'h' => {
                    for i in 0..args[0] as i64 {
                        dark.insert((x + i, y));
                    }
                    x += args[0] as i64;
                }
                other => panic!("unexpected {other}"),
            }
        }
        let w = code.width() as i64;
        let expected: std::collections::BTreeSet<(i64, i64)> = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == qrcode::Color::Dark)
            .map(|(i, _)| (i as i64 % w + 4, i as i64 / w + 4))
            .collect();
        assert_eq!(dark, expected);
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", w + 8, w + 8)));
        // The point of it: well under qrcode's own renderer.
        let theirs = code
            .render::<qrcode::render::svg::Color<'_>>()
            .quiet_zone(true)
            .build();
        assert!(
            svg.len() * 2 < theirs.len(),
            "{} vs {}",
            svg.len(),
            theirs.len()
        );
    }
}
