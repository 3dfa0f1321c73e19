//! JSON API v1. Public reads need no token; what an organisation changes needs
//! `Authorization: Bearer <token>`. Described by `GET /api/v1/openapi.json`.

pub mod catalogue;
pub mod events;
pub mod openapi;
pub mod registrations;
pub mod sessions;
pub mod staff;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A JSON value sent where text or a number will do (`"2"` or `2` seats), as text:
/// absent or `null` is empty.
pub fn text(v: &Option<Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorJson {
    pub error: ErrorBodyJson,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBodyJson {
    /// Stable machine-readable code: `not_found`, `bad_request`, `invalid`, `conflict`, …
    pub code: String,
    /// A sentence for people, in the request's language (French by default).
    pub message: String,
    /// Per-field messages, for `invalid` (422).
    #[schema(value_type = Option<Object>)]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}
