//! `GET /api/v1/me`: the account a token belongs to and what it may do.

use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::ToSchema;

use super::NoToken;
use crate::web::auth::ApiUser;

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipJson {
    pub organisation_id: i64,
    /// `manager` or `editor`.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeJson {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// Regional administrator: every organisation.
    pub is_admin: bool,
    pub memberships: Vec<MembershipJson>,
    /// The trainer record linked to this account, if any.
    pub trainer_id: Option<i64>,
}

/// The account the token belongs to and what it may do.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    responses(
        (status = 200, description = "The caller", body = MeJson),
        NoToken,
    )
)]
pub async fn me(who: ApiUser) -> HttpResponse {
    HttpResponse::Ok().json(MeJson {
        id: who.user_id,
        email: who.email,
        name: who.name,
        is_admin: who.access.is_admin,
        memberships: who
            .access
            .memberships
            .iter()
            .map(|(o, r)| MembershipJson {
                organisation_id: *o,
                role: r.as_str().to_owned(),
            })
            .collect(),
        trainer_id: who.access.trainer_id,
    })
}
