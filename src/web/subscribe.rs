//! `GET /subscribe`: a person ticks what they care about and gets `webcal://` and
//! `https://` links to the feed, a QR code to scan with a phone, and plain steps for
//! iPhone/iPad, Android/Google Agenda and Outlook. A plain GET form: no JavaScript.
//! Links longer than Google Calendar accepts (255 characters) use a short code.

use actix_web::{HttpRequest, HttpResponse, web};
use qrcode::QrCode;
use qrcode::render::svg;
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
    match QrCode::new(data.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
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
