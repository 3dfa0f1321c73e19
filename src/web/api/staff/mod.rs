//! The staff JSON API (bearer tokens from `babillard token create`), one file per
//! resource: who am I, events, sessions, trainer assignments, venues, a session's
//! registrations, attendance at the door. The handlers call the same `store` functions
//! as the back-office pages, so the same rules and the same audit log. Routes are in
//! `web::admin::ROUTES` (with the back office's, so the access-control test tries them
//! all); the OpenAPI document lists the handlers in `web::api::openapi`.
//!
//! What staff endpoints share is said once: the error answers below, which each
//! handler's `#[utoipa::path(responses(...))]` names when it can give them; the session
//! in the path ([`SessionPath`]); and, in `web::api::openapi`, the `staff` tag and the
//! bearer scheme, given to every `/api/` route of `web::admin::ROUTES`.

pub mod door;
pub mod events;
pub mod me;
pub mod registrations;
pub mod sessions;
pub mod trainers;
pub mod venues;

use serde::Serialize;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use super::ErrorJson;

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedJson {
    pub id: i64,
}

/// `401`: no token, or a revoked, expired or unknown one.
#[derive(IntoResponses)]
#[response(status = 401, description = "No valid token")]
pub struct NoToken(pub ErrorJson);

/// `403`: the token's account may not edit the organisation's programme.
#[derive(IntoResponses)]
#[response(status = 403, description = "Not an editor of the organisation")]
pub struct NotEditor(pub ErrorJson);

/// `403`: neither an editor of the organisation nor a trainer of the session (the
/// door's acts are open to both).
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "Neither an editor of the organisation nor a trainer of the session"
)]
pub struct NotDoorStaff(pub ErrorJson);

/// `403`: not a manager of the organisation (venues, members).
#[derive(IntoResponses)]
#[response(status = 403, description = "Not a manager of the organisation")]
pub struct NotManager(pub ErrorJson);

/// `404`: the session in the path does not exist.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such session")]
pub struct NoSession(pub ErrorJson);

/// `404`: the session in the path, or the registration named, does not exist.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such session or registration")]
pub struct NoRegistration(pub ErrorJson);

/// `422`: fields to correct, a message for each.
#[derive(IntoResponses)]
#[response(status = 422, description = "Invalid fields")]
pub struct Invalid(pub ErrorJson);

/// The session a staff endpoint acts on, in its path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SessionPath {
    /// Session id
    pub id: i64,
}
