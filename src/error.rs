//! One error type for every handler. It carries message keys, never English sentences:
//! `web::errors` turns it into a translated HTML page or a JSON body
//! `{"error": {"code", "message", "fields"?}}`, depending on the route.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

pub use crate::domain::messages::{FieldError, Msg};

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

    /// A bare response; `web::errors::render` replaces its body with the translated
    /// page or JSON, where it knows the route and the language.
    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(e) = self {
            tracing::error!(error = format!("{e:#}"), "unexpected error");
        }
        HttpResponse::build(self.status_code())
            .insert_header(("content-type", "text/plain; charset=utf-8"))
            .body(self.code())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> AppError {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AppError::conflict("error-conflict")
            }
            other => AppError::Unexpected(anyhow::Error::new(other).context("database")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> AppError {
        tracing::error!(error = %e, "no database connection");
        AppError::Unavailable
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::Unexpected(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;
