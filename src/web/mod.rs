//! The HTTP side: application state, the middleware every response goes through
//! (errors, security headers, language and CSRF cookies, request log), page rendering.
//! Routes are all in [`routes`]; handlers live in `public`, `api` and their peers.

pub mod admin;
pub mod api;
pub mod assets;
pub mod auth;
pub mod csrf;
pub mod download;
pub mod errors;
pub mod feeds;
pub mod health;
pub mod i18n;
pub mod jsonld;
pub mod memo;
pub mod page_cache;
pub mod public;
pub mod ratelimit;
pub mod registration;
pub mod request_id;
pub mod routes;
pub mod subscribe;
pub mod syndication;
pub mod templates;
pub mod views;

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{App, Error, HttpMessage, HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::config::Settings;
use crate::db::{Db, DbConnection};
use crate::domain::access::Access;
use crate::domain::filter::{FilterQuery, SessionFilter};
pub use download::{pdf_download, personal_json};
pub use errors::{AppError, AppResult};
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
    /// Rendered public pages, kept for `feed_cache_seconds` at most.
    pub pages: page_cache::PageCache,
    /// Public registrations for the same session, registered together during a rush.
    pub registrations: crate::store::registrations::Combiner,
    /// Seals staff TOTP secrets in the database (`totp_key` or `totp_key_file`).
    pub totp_key: crate::domain::second_factor::Key,
    /// The region's Stripe account (`None`: no key, so no payment online).
    pub stripe: Option<crate::payments::stripe::Stripe>,
}

impl AppState {
    /// Opens the database, applies migrations, makes sure the default vocabulary is
    /// there, and loads templates.
    pub fn new(settings: Settings) -> anyhow::Result<AppState> {
        // A licence the open data cannot name is a misconfiguration: refuse to start.
        crate::domain::open_data::Licence::parse(&settings.open_data_licence).ok_or_else(|| {
            anyhow::anyhow!(
                "open_data_licence: {:?} is neither a known licence (CC-BY-4.0, CC0-1.0, \
                 CC-BY-SA-4.0, ODbL-1.0) nor the https:// address of one",
                settings.open_data_licence
            )
        })?;
        let contact = settings.open_data_contact_email.trim();
        if !contact.is_empty() && crate::domain::registration::Email::parse(contact).is_none() {
            anyhow::bail!("open_data_contact_email: {contact:?} is not an email address");
        }
        let db = Db::open(settings.database_url.expose(), settings.database_pool_size)?;
        db.migrate()?;
        {
            let mut conn = db.write()?;
            crate::db::write_tx(&mut conn, crate::store::catalogue::ensure_default_terms)?;
        }
        let i18n = Arc::new(I18n::load());
        let templates = Templates::load(&settings.templates_dir, i18n.clone())?;
        let mailer = crate::mail::transport::Mailer::from_settings(&settings)?;
        let totp_key = totp_key(&settings)?;
        let pages =
            page_cache::PageCache::new(std::time::Duration::from_secs(settings.feed_cache_seconds));
        Ok(AppState {
            totp_key,
            registration_limiter: ratelimit::Limiter::new(&settings),
            stripe: crate::payments::stripe::Stripe::from_settings(&settings),
            settings,
            db,
            i18n,
            templates,
            mailer,
            feeds: feeds::FeedCache::default(),
            registrations: Default::default(),
            pages,
        })
    }

    /// What sending email needs, lent to the mail worker and to tests.
    pub fn mail(&self) -> crate::mail::Mail<'_> {
        crate::mail::Mail {
            settings: &self.settings,
            db: &self.db,
            i18n: &self.i18n,
            templates: &self.templates,
            mailer: &self.mailer,
        }
    }

    /// What the background jobs use.
    pub fn jobs(&self) -> crate::jobs::Context<'_> {
        crate::jobs::Context {
            settings: &self.settings,
            db: &self.db,
            mail: self.mail(),
        }
    }

    /// The public address of the site, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.settings.base_url.trim_end_matches('/')
    }

    pub fn secure_cookies(&self) -> bool {
        self.settings.base_url.starts_with("https://")
    }
}

/// The service's state runs the background jobs.
impl crate::jobs::Host for web::Data<AppState> {
    fn context(&self) -> crate::jobs::Context<'_> {
        self.jobs()
    }
}

/// The key that seals TOTP secrets: from the `totp_key` setting, else from
/// `totp_key_file`, created (random, readable by the owner only) on first start.
fn totp_key(settings: &Settings) -> anyhow::Result<crate::domain::second_factor::Key> {
    use crate::domain::second_factor::Key;
    use anyhow::Context;
    if !settings.totp_key.is_empty() {
        return Ok(Key::derive(settings.totp_key.expose().as_bytes()));
    }
    let path = &settings.totp_key_file;
    match std::fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => Ok(Key::derive(text.trim().as_bytes())),
        Ok(_) => anyhow::bail!("the TOTP key file {} is empty", path.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            let material = format!(
                "{}{}",
                crate::domain::token::random_token(),
                crate::domain::token::random_token()
            );
            // Written whole under a temporary name, then linked into place: two
            // processes starting at once agree on one key.
            let tmp = dir.join(format!(
                ".totp-key-{}",
                crate::domain::token::random_token()
            ));
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            writeln!(f, "{material}")?;
            f.sync_all()?;
            let linked = std::fs::hard_link(&tmp, path);
            let _ = std::fs::remove_file(&tmp);
            match linked {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "created the key that encrypts TOTP secrets");
                    Ok(Key::derive(material.as_bytes()))
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    Ok(Key::derive(text.trim().as_bytes()))
                }
                Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
            }
        }
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
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
        .wrap(from_fn(refuse_nul))
        .wrap(from_fn(errors::render_errors))
        .wrap(from_fn(common))
        .wrap(from_fn(request_id::middleware))
        .wrap(Compress::default())
}

/// Runs blocking database work off the async threads, on a reading connection or on
/// the writer; the store's answer becomes HTTP's.
async fn blocking<T, F>(state: &AppState, writer: bool, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection) -> crate::store::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let db = state.db.clone();
    // The request's span (its id) follows the work onto the blocking thread.
    let span = tracing::Span::current();
    let done = web::block(move || {
        span.in_scope(|| {
            let mut conn = if writer { db.write() } else { db.read() }?;
            f(&mut conn)
        })
    })
    .await?;
    Ok(done?)
}

/// Runs blocking database work for reading off the async threads.
pub async fn read<T, F>(state: &AppState, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection) -> crate::store::Result<T> + Send + 'static,
    T: Send + 'static,
{
    blocking(state, false, f).await
}

/// Runs blocking database work on the writer connection (callers open their own
/// transaction with `db::write_tx` inside `store`).
pub async fn write<T, F>(state: &AppState, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection) -> crate::store::Result<T> + Send + 'static,
    T: Send + 'static,
{
    blocking(state, true, f).await
}

/// Registers a person from the public form or the public API, combined with whoever
/// else registers for the same session at that moment (`store::registrations::Combiner`).
pub async fn register_public(
    state: &web::Data<AppState>,
    session_id: i64,
    new: crate::store::registrations::NewRegistration,
    opts: crate::store::registrations::RegisterOptions,
) -> AppResult<crate::store::registrations::Registered> {
    let state = state.clone();
    let span = tracing::Span::current();
    let done = web::block(move || {
        span.in_scope(|| {
            state
                .registrations
                .register(&state.db, session_id, new, opts)
        })
    })
    .await?;
    Ok(done.map_err(crate::error::Error::from)?)
}

/// Runs a read with the caller's rights (the store function checks them).
pub async fn read_as<T, F>(state: &AppState, access: &Access, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection, &Access) -> crate::store::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let access = access.clone();
    read(state, move |conn| f(conn, &access)).await
}

/// Runs a store act on the writer connection with the caller's rights (the store
/// function checks them): what every back-office and staff-API write does.
pub async fn write_as<T, F>(state: &AppState, access: &Access, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConnection, &Access) -> crate::store::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let access = access.clone();
    let done = write(state, move |conn| f(conn, &access)).await;
    // What staff change shows on the public pages at once (`page_cache`).
    state.pages.forget_all();
    done
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

/// The pairs of the request's query string (`key=value`, as sent), but those of
/// `keys`.
pub fn query_without<'a>(req: &'a HttpRequest, keys: &[&str]) -> Vec<&'a str> {
    req.query_string()
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !keys
                    .iter()
                    .any(|k| p.strip_prefix(k).is_some_and(|rest| rest.starts_with('=')))
        })
        .collect()
}

/// The current URL with `lang` set to the other language.
fn switch_url(req: &HttpRequest, lang: Lang) -> String {
    let mut q = query_without(req, &["lang"]);
    let other = format!("lang={}", lang.other().code());
    q.push(&other);
    format!("{}?{}", local_path(req.path()), q.join("&"))
}

/// A request path made safe to put back in a link: `//evil.example` (or `/\evil.example`,
/// which browsers read the same way) would be another site, so leading slashes and
/// backslashes collapse to one `/`.
pub fn local_path(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
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
            .map(|s| s.base_url().to_owned())
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

/// `303 See Other` to `to` (post/redirect/get, or a page that lives elsewhere).
pub fn redirect(to: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.into()))
        .finish()
}

/// Answers that carry personal data or a secret, which no cache (the browser's back
/// button history on a shared library computer included) may keep: pages reached by a
/// secret link, the whole back office (door roster, exports, sign-in and reset pages),
/// and every staff API call made with a bearer token.
pub fn is_private(path: &str, has_credentials: bool) -> bool {
    is_secret_path(path) || path == "/admin" || path.starts_with("/admin/") || has_credentials
}

/// HSTS for a site served over HTTPS: a year, subdomains included.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Paths that answer with a page a person reads (and may hold a form): the only ones
/// that set the CSRF and language cookies.
pub fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/static/")
        || path == "/healthz"
        || path == "/favicon.ico"
        || [".ics", ".atom", ".rss", ".json", ".csv", ".svg"]
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
        || path.starts_with("/interest/")
        || path.starts_with("/propose/confirm/")
        || path.starts_with("/h/")
        || path.starts_with("/helpers/confirm/")
        || (path.starts_with("/requests/") && path != "/requests/new")
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
            "/interest/",
            "/propose/confirm/",
            "/h/",
            "/helpers/confirm/",
            "/requests/",
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

/// No address of ours holds a NUL character, and PostgreSQL cannot even compare text
/// holding one: a path with `%00` names no page (404), a query with one is refused
/// (400), before any handler sees them.
async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let has_nul = |s: &str| s.contains('\0') || s.as_bytes().windows(3).any(|w| w == b"%00");
    let refusal = if has_nul(req.path()) {
        Some(AppError::NotFound)
    } else if has_nul(req.query_string()) {
        Some(AppError::bad_request("error-nul-character"))
    } else {
        None
    };
    if let Some(e) = refusal {
        return Ok(req.error_response(e).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

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
    let private = is_private(&path, req.headers().contains_key(header::AUTHORIZATION));
    // Machines' URLs (health checks, files, feeds, the API) set no cookie: a cookie
    // there is useless, and makes shared caches skip the answer.
    let pages = is_page_path(&path);
    let chosen_lang = i18n::query_lang(req.query_string()).filter(|_| pages);
    let new_csrf = if pages { csrf::ensure(&req) } else { None };

    let mut res = next.call(req).await?;

    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        // A page that sets its own policy (the widget, framed by the region's partners)
        // has said who may frame it; X-Frame-Options, which has no list, would forbid it.
        if *name == "x-frame-options" && headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            continue;
        }
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    let stored = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| !v.contains("no-store"));
    if private && stored {
        // Whatever the handler said: personal answers are never stored.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
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
    serde_html_form::from_str(req.query_string()).map_err(malformed)
}

/// A body or query that does not read as what was expected: 400, saying why.
pub fn malformed(e: impl ToString) -> AppError {
    AppError::BadRequest(crate::error::Msg::new("error-malformed").arg("detail", e))
}

/// The session filter of the query string (`?audience=aines&municipality=lachute`), with
/// the query itself for its paging: 400 when malformed or naming an unknown value.
pub fn parse_filter(req: &HttpRequest) -> AppResult<(FilterQuery, SessionFilter)> {
    let query: FilterQuery = parse_query(req)?;
    let filter = query.parse()?;
    Ok((query, filter))
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
        assert_eq!(
            loggable_path("/h/tok/calendar.ics"),
            "/h/[redacted]/calendar.ics"
        );
        assert_eq!(
            loggable_path("/helpers/confirm/tok"),
            "/helpers/confirm/[redacted]"
        );
        assert_eq!(loggable_path("/helpers/12"), "/helpers/12");
    }

    #[test]
    fn the_totp_key_file_is_made_once_private_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            totp_key_file: dir.path().join("var/totp.key"),
            ..Settings::default()
        };
        let first = totp_key(&settings).unwrap();
        let mode = std::fs::metadata(&settings.totp_key_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let sealed = first.seal(1, b"12345678901234567890");
        let again = totp_key(&settings).unwrap();
        assert_eq!(
            again.open(1, &sealed).as_deref(),
            Some(&b"12345678901234567890"[..])
        );
        let other = Settings {
            totp_key: crate::config::Secret::new("a key given in the settings"),
            ..settings
        };
        assert_eq!(
            totp_key(&other).unwrap().open(1, &sealed),
            None,
            "the setting wins"
        );
    }

    #[test]
    fn paths_put_back_in_links_stay_on_site() {
        assert_eq!(local_path("//evil.example/x"), "/evil.example/x");
        assert_eq!(local_path("/\\evil.example"), "/evil.example");
        assert_eq!(local_path("/\\/evil.example"), "/evil.example");
        assert_eq!(local_path("/sessions/12"), "/sessions/12");
        assert_eq!(local_path(""), "/");
    }
}
