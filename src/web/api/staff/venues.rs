//! `POST /api/v1/venues`: a venue of an organisation (its managers).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{CreatedJson, Invalid, NoToken, NotManager};
use crate::store;
use crate::web::AppResult;
use crate::web::admin::Json;
use crate::web::auth::ApiUser;
use crate::web::{AppState, write_as};

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewVenueJson {
    pub organisation_id: i64,
    pub name: String,
    pub address: String,
    pub municipality_id: i64,
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub postal_code: String,
    pub capacity: Option<i64>,
    #[serde(default)]
    pub step_free_access: bool,
    #[serde(default)]
    pub accessibility_notes: String,
    #[serde(default)]
    pub wifi: bool,
    pub computers: Option<i64>,
    #[serde(default)]
    pub directions: String,
}

/// Creates a venue of an organisation (its managers).
#[utoipa::path(
    post,
    path = "/api/v1/venues",
    request_body = NewVenueJson,
    responses(
        (status = 201, description = "Created", body = CreatedJson),
        NoToken,
        NotManager,
        Invalid,
    )
)]
pub async fn create_venue(
    state: web::Data<AppState>,
    who: ApiUser,
    body: Json<NewVenueJson>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let input = store::venues::VenueInput {
        name: b.name,
        address: b.address,
        municipality_id: Some(b.municipality_id),
        room: b.room,
        postal_code: b.postal_code,
        capacity: b.capacity,
        step_free_access: b.step_free_access,
        accessibility_notes: b.accessibility_notes,
        wifi: b.wifi,
        computers: b.computers,
        directions: b.directions,
    };
    let org = b.organisation_id;
    let id = write_as(&state, &who.access, move |conn, access| {
        store::venues::create(conn, access, org, &input)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedJson { id }))
}
