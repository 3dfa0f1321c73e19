//! The HTTP side: application state, the middleware every response goes through
//! (errors, security headers, language and CSRF cookies, request log), page rendering.
//! Routes are all in [`routes`]; handlers live in `public`, `api` and their peers.

pub mod admin;
pub mod api;
pub mod assets;
pub mod auth;
pub mod csrf;
pub mod errors;
pub mod feeds;
pub mod health;
pub mod i18n;
pub mod public;
pub mod ratelimit;
pub mod registration;
pub mod routes;
pub mod subscribe;
pub mod templates;
pub mod views;

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, Error, HttpMessage, HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::config::Settings;
use crate::db::{Db, DbConnection};
use crate::error::{AppError, AppResult};
use i18n::{I18n, LANG_COOKIE, Lang};
use templates::Templates;

/// What every handler can reach. Built once; cloned cheaply through `web::Data`.
pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub i18n: Arc<I18n>,
    pub templates: Templates,
    /// Registration attempts per client address.
    pub registration_limiter: ratelimit::Limiter,
    /// Where emails go (SMTP or `.eml` files), built from the settings.
    pub mailer: crate::mail::transport::Mailer,
    /// Rendered public feeds, keyed by query and data version.
    pub feeds: feeds::FeedCache,
}

impl AppState {
    /// Opens the database, applies migrations, makes sure the default vocabulary is
    /// there, and loads templates.
    pub fn new(settings: Settings) -> anyhow::Result<AppState> {
        let db = Db::open(settings.database_url.expose(), settings.database_pool_size)?;
        db.migrate()?;
        {
            let mut conn = db.write()?;
            crate::db::write_tx(&mut conn, crate::store::catalogue::ensure_default_terms)?;
        }
        let i18n = Arc::new(I18n::load());
        let templates = Templates::load(&settings.templates_dir, i18n.clone())?;
        let mailer = crate::mail::transport::Mailer::from_settings(&settings)?;
        Ok(AppState {
            registration_limiter: ratelimit::Limiter::new(&settings),
            settings,
            db,
            i18n,
            templates,
            mailer,
            feeds: feeds::FeedCache::default(),
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.settings.base_url.starts_with("https://")
    }
}

/// The whole application, as `serve` runs it and as tests call it.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(64 * 1024))
        .app_data(web::FormConfig::default().limit(16 * 1024))
        .app_data(web::JsonConfig::default().limit(64 * 1024))
        .configure(routes::routes)
        .default_service(web::to(|| async {
            Err::<HttpResponse, _>(AppError::NotFound)
        }))
        .wrap(from_fn(errors::render_errors))
        .wrap(from_fn(common))
        .wrap(Compress::default())
}

/// Runs blocking database work for reading off the async threads.
pub async fn read<T, F>(state: &AppState, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let db = state.db.clone();
    web::block(move || {
        let mut conn = db.read()?;
        f(&mut conn)
    })
    .await?
}

/// Runs blocking database work on the writer connection (callers open their own
/// transaction with `db::write_tx` inside `store`).
pub async fn write<T, F>(state: &AppState, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let db = state.db.clone();
    web::block(move || {
        let mut conn = db.write()?;
        f(&mut conn)
    })
    .await?
}

/// What the base template needs on every page.
#[derive(Debug, Serialize)]
pub struct Layout {
    pub lang: &'static str,
    pub html_lang: &'static str,
    pub other_lang: &'static str,
    pub switch_url: String,
    pub csrf: String,
    pub title: String,
    pub path: String,
    pub css_url: String,
    /// The public address of the site (no trailing slash), for what a printed page must
    /// spell out: paper has no links.
    pub base_url: String,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    layout: Layout,
    #[serde(flatten)]
    view: &'a T,
}

/// The current URL with `lang` set to the other language.
fn switch_url(req: &HttpRequest, lang: Lang) -> String {
    let mut q: Vec<&str> = req
        .query_string()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let other = format!("lang={}", lang.other().code());
    q.push(&other);
    format!("{}?{}", req.path(), q.join("&"))
}

pub fn layout(req: &HttpRequest, lang: Lang, title: impl Into<String>) -> Layout {
    Layout {
        lang: lang.code(),
        html_lang: lang.html_code(),
        other_lang: lang.other().code(),
        switch_url: switch_url(req, lang),
        csrf: csrf::token(req),
        title: title.into(),
        path: req.path().to_owned(),
        css_url: assets::css_url(),
        base_url: req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.settings.base_url.trim_end_matches('/').to_owned())
            .unwrap_or_default(),
    }
}

/// Renders a page template with the layout around a typed view.
pub fn render<T: Serialize>(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    template: &str,
    title: impl Into<String>,
    view: &T,
) -> AppResult<HttpResponse> {
    let page = Page {
        layout: layout(req, lang, title),
        view,
    };
    let html = state.templates.render(lang, template, &page)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// Paths that answer with a page a person reads (and may hold a form): the only ones
/// that set the CSRF and language cookies.
pub fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/static/")
        || path == "/healthz"
        || path == "/favicon.ico"
        || [".ics", ".json", ".csv", ".svg"]
            .iter()
            .any(|ext| path.ends_with(ext)))
}

/// Paths whose segments are secrets: never logged, never sent as a referrer.
pub fn is_secret_path(path: &str) -> bool {
    path.starts_with("/r/")
        || path.starts_with("/api/v1/registrations/")
        || (path.starts_with("/trainers/") && path.ends_with("/calendar.ics"))
        || path.starts_with("/password/reset/")
        || path.starts_with("/my-activities/")
}

/// The path as it may appear in logs: the secret segment replaced.
pub fn loggable_path(path: &str) -> String {
    if is_secret_path(path) {
        for prefix in [
            "/r/",
            "/trainers/",
            "/password/reset/",
            "/api/v1/registrations/",
            "/my-activities/",
        ] {
            if let Some(rest) = path.strip_prefix(prefix) {
                let tail = rest.find('/').map_or("", |i| &rest[i..]);
                return format!("{prefix}[redacted]{tail}");
            }
        }
    }
    path.to_owned()
}

const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Security headers, the language cookie (`?lang=` remembers the choice), the CSRF
/// cookie for forms, and one log line per request with secrets redacted.
async fn common(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.secure_cookies());
    // Machines' URLs (health checks, files, feeds, the API) set no cookie: a cookie
    // there is useless, and makes shared caches skip the answer.
    let pages = is_page_path(&path);
    let chosen_lang = i18n::query_lang(req.query_string()).filter(|_| pages);
    let new_csrf = if pages { csrf::ensure(&req) } else { None };

    let mut res = next.call(req).await?;

    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if !headers.contains_key(header::REFERRER_POLICY) {
        let policy = if is_secret_path(&path) {
            "no-referrer"
        } else {
            "strict-origin-when-cross-origin"
        };
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(policy));
    }
    if let Some(lang) = chosen_lang {
        let cookie = Cookie::build(LANG_COOKIE, lang.code())
            .path("/")
            .same_site(SameSite::Lax)
            .secure(secure)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        res.response_mut().add_cookie(&cookie).ok();
    }
    if let Some(token) = new_csrf {
        res.response_mut()
            .add_cookie(&csrf::cookie(token, secure))
            .ok();
    }
    let status = res.status().as_u16();
    tracing::info!(
        target: "babillard::http",
        %method,
        path = %loggable_path(&path),
        status,
        ms = started.elapsed().as_secs_f64() * 1000.0,
    );
    Ok(res)
}

/// Reads the request extension set by [`csrf::ensure`] (used by handlers that render forms).
pub fn request_extension<T: Clone + 'static>(req: &HttpRequest) -> Option<T> {
    req.extensions().get::<T>().cloned()
}

/// Parses the query string with repeated keys as lists (`?audience=a&audience=b`).
pub fn parse_query<T: serde::de::DeserializeOwned>(req: &HttpRequest) -> AppResult<T> {
    serde_html_form::from_str(req.query_string()).map_err(|e| {
        AppError::BadRequest(crate::error::Msg::new("error-malformed").arg("detail", e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_paths_are_redacted_from_logs() {
        assert_eq!(loggable_path("/r/abcDEF123/cancel"), "/r/[redacted]/cancel");
        assert_eq!(loggable_path("/r/abcDEF123"), "/r/[redacted]");
        assert_eq!(
            loggable_path("/trainers/tok123/calendar.ics"),
            "/trainers/[redacted]/calendar.ics"
        );
        assert_eq!(
            loggable_path("/api/v1/registrations/tok"),
            "/api/v1/registrations/[redacted]"
        );
        assert_eq!(
            loggable_path("/my-activities/tok/calendar.ics"),
            "/my-activities/[redacted]/calendar.ics"
        );
        assert_eq!(loggable_path("/my-activities"), "/my-activities");
        assert_eq!(loggable_path("/sessions/12"), "/sessions/12");
    }
}
