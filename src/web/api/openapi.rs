//! The OpenAPI document, generated from the handlers' annotations (utoipa), so it
//! cannot drift from the code it describes; a test checks every route is in it.

use actix_web::HttpResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Babillard API",
        description = "Regional calendar and registration for digital-literacy workshops. \
                       Public reads need no token; changes need `Authorization: Bearer <token>`. \
                       Messages are in French unless `Accept-Language: en` or `?lang=en`.",
        version = "1"
    ),
    paths(
        super::sessions::list,
        super::sessions::show,
        super::events::show,
        super::catalogue::show,
        super::registrations::create,
        super::registrations::show,
        super::registrations::update,
        super::registrations::delete,
        health,
    ),
    components(schemas(super::ErrorJson))
)]
pub struct ApiDoc;

/// Liveness and database check.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "health",
    responses((status = 200, description = "Up, with the database backend", body = Object))
)]
#[allow(dead_code)]
fn health() {}

pub async fn show() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
