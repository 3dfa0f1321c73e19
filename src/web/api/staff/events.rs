//! `POST /api/v1/events`: a draft programme for an organisation.

use crate::web::{AppError, AppResult};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{CreatedJson, Invalid, NoToken, NotEditor};
use crate::domain::programme::EventInput;
use crate::store;
use crate::web::admin::Json;
use crate::web::auth::ApiUser;
use crate::web::{AppState, write_as};

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEventJson {
    pub organisation_id: i64,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
}

/// Creates a draft event (programme) for an organisation.
#[utoipa::path(
    post,
    path = "/api/v1/events",
    request_body = NewEventJson,
    responses(
        (status = 201, description = "Created", body = CreatedJson),
        NoToken,
        NotEditor,
        Invalid,
    )
)]
pub async fn create_event(
    state: web::Data<AppState>,
    who: ApiUser,
    body: Json<NewEventJson>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let input =
        EventInput::parse(&b.title, &b.summary, &b.description).map_err(AppError::Validation)?;
    let id = write_as(&state, &who.access, move |conn, access| {
        store::programme::create_event(conn, access, b.organisation_id, &input)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedJson { id }))
}
