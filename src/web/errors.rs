//! Turns every error response into what its reader expects: a JSON body
//! `{"error": {"code", "message", "fields"?}}` under `/api/` and for feeds, a French
//! (or English) HTML page elsewhere. Errors from actix's own extractors (bad JSON, bad
//! query, oversized body) are described in the same words as ours.

use std::collections::BTreeMap;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

use super::AppState;
use super::i18n::Lang;
use crate::error::{FieldError, Msg};

/// One error type for every handler. It carries message keys, never English sentences:
/// [`error_response`] turns it into a translated HTML page or a JSON body
/// `{"error": {"code", "message", "fields"?}}`, depending on the route. Store functions
/// answer [`crate::store::Error`]; `?` turns it into this.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("unauthorized")]
    Unauthorized,
    /// The request is malformed (a bad filter, unreadable JSON): 400.
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    /// Fields that do not pass: 422 with a message per field.
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    /// The current state forbids the change (window closed, session full…): 409.
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    #[error("too many requests")]
    TooManyRequests,
    /// The database or another dependency is out of reach: 503.
    #[error("service unavailable")]
    Unavailable,
    /// Something must be done elsewhere first (a regional administrator without a
    /// second factor is led to set it up): 303 to that address.
    #[error("see other: {0}")]
    SeeOther(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_request(key: &str) -> AppError {
        AppError::BadRequest(Msg::new(key))
    }

    pub fn conflict(key: &str) -> AppError {
        AppError::Conflict(Msg::new(key))
    }

    pub fn field(field: &str, key: &str) -> AppError {
        AppError::Validation(vec![FieldError::new(field, Msg::new(key))])
    }

    /// The stable machine-readable code of the JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::BadRequest(_) => "bad_request",
            AppError::Validation(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests => "too_many_requests",
            AppError::Unavailable => "unavailable",
            AppError::SeeOther(_) => "see_other",
            AppError::Unexpected(_) => "internal",
        }
    }

    /// The message key shown to people.
    pub fn message(&self) -> Msg {
        match self {
            AppError::NotFound => Msg::new("error-not-found"),
            AppError::Forbidden => Msg::new("error-forbidden"),
            AppError::Unauthorized => Msg::new("error-unauthorized"),
            AppError::BadRequest(m) | AppError::Conflict(m) => m.clone(),
            AppError::Validation(_) => Msg::new("error-invalid"),
            AppError::TooManyRequests => Msg::new("error-too-many-requests"),
            AppError::Unavailable => Msg::new("error-unavailable"),
            AppError::SeeOther(_) => Msg::new("admin-2fa-required"),
            AppError::Unexpected(_) => Msg::new("error-internal"),
        }
    }
}

/// What the lower layers answer, as HTTP says it.
impl From<crate::store::Error> for AppError {
    fn from(e: crate::store::Error) -> AppError {
        use crate::store::Error;
        match e {
            Error::NotFound => AppError::NotFound,
            Error::Forbidden => AppError::Forbidden,
            Error::Malformed(m) => AppError::BadRequest(m),
            Error::Invalid(fields) => AppError::Validation(fields),
            Error::Conflict(m) => AppError::Conflict(m),
            Error::Unavailable => AppError::Unavailable,
            Error::Unexpected(e) => AppError::Unexpected(e),
        }
    }
}

/// A registration refused by the engine: its rule's message, 422 or 409.
impl From<crate::store::registrations::RegError> for AppError {
    fn from(e: crate::store::registrations::RegError) -> AppError {
        AppError::from(crate::store::Error::from(e))
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> AppError {
        AppError::from(crate::store::Error::from(e))
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> AppError {
        AppError::from(crate::store::Error::from(e))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::Unexpected(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::SeeOther(_) => StatusCode::SEE_OTHER,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A bare response; [`error_response`] replaces its body with the translated page or
    /// JSON, where it knows the route and the language.
    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(e) = self {
            tracing::error!(error = format!("{e:#}"), "unexpected error");
        }
        HttpResponse::build(self.status_code())
            .insert_header(("content-type", "text/plain; charset=utf-8"))
            .body(self.code())
    }
}

/// An error as it will be shown.
struct Shown {
    status: StatusCode,
    code: &'static str,
    message: Msg,
    fields: Vec<FieldError>,
}

fn describe(err: &Error) -> Shown {
    if let Some(app) = err.as_error::<AppError>() {
        return Shown {
            status: app.status_code(),
            code: app.code(),
            message: app.message(),
            fields: match app {
                AppError::Validation(f) => f.clone(),
                _ => Vec::new(),
            },
        };
    }
    let status = err.as_response_error().status_code();
    let detail: String = err.to_string().chars().take(300).collect();
    let (code, key) = match status {
        StatusCode::NOT_FOUND => ("not_found", "error-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "error-method"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "error-too-large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "error-media-type"),
        StatusCode::TOO_MANY_REQUESTS => ("too_many_requests", "error-too-many-requests"),
        s if s.is_client_error() => ("bad_request", "error-malformed"),
        _ => ("internal", "error-internal"),
    };
    if status.is_server_error() {
        tracing::error!(error = %err, "unexpected error");
    }
    Shown {
        status,
        code,
        message: Msg::new(key).arg("detail", detail),
        fields: Vec::new(),
    }
}

fn translate(state: &AppState, lang: Lang, msg: &Msg) -> String {
    state.i18n.msg(lang, msg)
}

#[derive(Serialize)]
struct JsonError<'a> {
    error: JsonErrorBody<'a>,
}

#[derive(Serialize)]
struct JsonErrorBody<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct ErrorView {
    status: u16,
    message: String,
    fields: Vec<String>,
}

fn wants_json(req: &HttpRequest) -> bool {
    let p = req.path();
    p.starts_with("/api/") || p.ends_with(".ics") || p == "/healthz"
}

/// The response for an error, in the request's language and format.
pub fn error_response(req: &HttpRequest, err: &Error) -> HttpResponse {
    if let Some(AppError::SeeOther(to)) = err.as_error::<AppError>() {
        return super::redirect(to.as_str());
    }
    let shown = describe(err);
    let lang = Lang::of_request(req);
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return HttpResponse::build(shown.status).body(shown.code);
    };
    let message = translate(state, lang, &shown.message);
    let mut builder = HttpResponse::build(shown.status);
    if shown.status == StatusCode::TOO_MANY_REQUESTS {
        builder.insert_header(("retry-after", "60"));
    }
    if wants_json(req) {
        let fields = shown
            .fields
            .iter()
            .map(|f| (f.field.clone(), translate(state, lang, &f.msg)))
            .collect();
        return builder.json(JsonError {
            error: JsonErrorBody {
                code: shown.code,
                message,
                fields,
            },
        });
    }
    let view = ErrorView {
        status: shown.status.as_u16(),
        message: message.clone(),
        fields: shown
            .fields
            .iter()
            .map(|f| translate(state, lang, &f.msg))
            .collect(),
    };
    // "Page not found" says more to a person than "something went wrong".
    let title_key = if shown.status == StatusCode::NOT_FOUND {
        "error-title-not-found"
    } else {
        "error-title"
    };
    let title = state.i18n.t(lang, title_key);
    match super::render(req, state, lang, "error.html", title, &view) {
        Ok(page) => builder
            .content_type("text/html; charset=utf-8")
            .body(page.into_body()),
        Err(e) => {
            tracing::error!(error = %e, "rendering the error page");
            builder
                .content_type("text/plain; charset=utf-8")
                .body(message)
        }
    }
}

/// Middleware: replaces the body of every error response.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody>>, Error> {
    // Handlers' and extractors' errors arrive as responses carrying the error. (The
    // request cannot be cloned before routing, so an `Err` from an inner middleware
    // keeps actix's plain rendering; ours never return one.)
    let res = next.call(req).await?;
    if let Some(err) = res.response().error() {
        let replaced = error_response(res.request(), err);
        let (req, _) = res.into_parts();
        Ok(ServiceResponse::new(req, replaced).map_into_right_body())
    } else {
        Ok(res.map_body(|_, b| b.boxed()).map_into_left_body())
    }
}
