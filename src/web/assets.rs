//! The stylesheet (and other small static files), compiled into the binary so a single
//! file deploys, served with a content hash in the URL and a long cache lifetime.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::{AppError, AppResult};

/// One stylesheet served, written as one file per area.
const SITE_CSS: &str = concat!(
    include_str!("../../static/css/site.css"),
    include_str!("../../static/css/registration.css"),
    include_str!("../../static/css/mail.css"),
    include_str!("../../static/css/admin.css"),
    include_str!("../../static/css/moderation.css"),
    include_str!("../../static/css/reports.css"),
);

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "site.css",
        content_type: "text/css; charset=utf-8",
        body: SITE_CSS.as_bytes(),
    },
    // Door roster (back office): optional, the page works without it.
    Asset {
        name: "door.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/js/door.js"),
    },
    // The calendar widget's optional sizing script (inside /embed and on partners' pages).
    Asset {
        name: "embed.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/js/embed.js"),
    },
    // The tab icon: SVG for today's browsers, ICO (a PNG inside) for older tablets,
    // which ask for `/favicon.ico` whatever the page says.
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../static/img/favicon.svg"),
    },
    Asset {
        name: "favicon.ico",
        content_type: "image/x-icon",
        body: include_bytes!("../../static/img/favicon.ico"),
    },
];

/// FNV-1a, enough to tell versions of a file apart in a URL.
fn fingerprint(s: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in s {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:x}", h & 0xffff_ffff)
}

fn css_version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| fingerprint(SITE_CSS.as_bytes()))
}

/// The stylesheet's URL, with its version.
pub fn css_url() -> String {
    format!("/static/site.css?v={}", css_version())
}

/// A static file's URL with its version (for long caching), e.g. `/static/door.js?v=…`.
pub fn asset_url(name: &str) -> String {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => format!("/static/{name}?v={}", fingerprint(a.body)),
        None => format!("/static/{name}"),
    }
}

/// `GET /static/{name}`
pub async fn show(req: HttpRequest, name: web::Path<String>) -> AppResult<HttpResponse> {
    serve(&req, &name)
}

/// `GET /favicon.ico`, where browsers look without being told.
pub async fn favicon(req: HttpRequest) -> AppResult<HttpResponse> {
    serve(&req, "favicon.ico")
}

fn serve(req: &HttpRequest, name: &str) -> AppResult<HttpResponse> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", fingerprint(asset.body));
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=604800"))
        .body(asset.body))
}
