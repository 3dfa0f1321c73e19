//! `POST /api/v1/sessions/{id}/trainers`: a trainer assigned to a session.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::{NoSession, NoToken, NotEditor, SessionPath};
use crate::store;
use crate::web::AppResult;
use crate::web::admin::Json;
use crate::web::api::ErrorJson;
use crate::web::auth::ApiUser;
use crate::web::{AppState, write_as};

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignJson {
    pub trainer_id: i64,
}

/// Assigns a trainer of the organisation to a session; a clash with another of their
/// sessions (overlap, or too little travel time between venues) is a 409 naming it.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/trainers",
    params(SessionPath),
    request_body = AssignJson,
    responses(
        (status = 200, description = "Assigned", body = Object),
        NoToken,
        NotEditor,
        NoSession,
        (status = 409, description = "The trainer is busy or cannot travel in time", body = ErrorJson),
        (status = 422, description = "Not a trainer of this organisation", body = ErrorJson),
    )
)]
pub async fn assign_trainer(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<AssignJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let trainer = body.0.trainer_id;
    let travel = chrono::Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    write_as(&state, &who.access, move |conn, access| {
        store::trainers::assign(conn, access, id, trainer, travel)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({ "session_id": id, "trainer_id": trainer })))
}
