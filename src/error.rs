//! The error of every layer below web: what a store function or a domain rule answers
//! when it does not do what it was asked. It says what happened (not found, forbidden,
//! input refused with a message per field, a conflict with the current state, the
//! database out of reach or failing), never how HTTP says it: `web::errors` alone maps
//! it to a status and a translated body. `store::Error` is this type.

pub use crate::domain::messages::{FieldError, Msg};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The request itself cannot be read (a bad filter value, an unknown slug).
    #[error("malformed: {0:?}")]
    Malformed(Msg),
    /// Input refused, with a message per field.
    #[error("invalid: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The current state forbids the change (window closed, session full…).
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// The database is out of reach.
    #[error("unavailable")]
    Unavailable,
    /// The database failed otherwise (`db` turns diesel's errors into this), or a bug.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn malformed(key: &str) -> Error {
        Error::Malformed(Msg::new(key))
    }

    pub fn conflict(key: &str) -> Error {
        Error::Conflict(Msg::new(key))
    }

    /// One field refused with one message.
    pub fn field(field: &str, key: &str) -> Error {
        Error::Invalid(vec![FieldError::new(field, Msg::new(key))])
    }
}
