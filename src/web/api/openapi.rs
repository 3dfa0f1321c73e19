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
        super::staff::me::me,
        super::staff::events::create_event,
        super::staff::sessions::create_session,
        super::staff::sessions::update_session,
        super::staff::sessions::delete_session,
        super::staff::sessions::publish_session,
        super::staff::sessions::unpublish_session,
        super::staff::trainers::assign_trainer,
        super::staff::venues::create_venue,
        super::staff::registrations::roster,
        super::staff::door::check_in,
        super::staff::door::undo_check_in,
        super::staff::door::walk_in,
        super::staff::door::no_shows,
        super::staff::registrations::promote,
        super::staff::sessions::cancel_session,
        super::staff::registrations::record_payment,
    ),
    components(schemas(super::ErrorJson)),
    modifiers(&BearerAuth, &StaffEndpoints, &MalformedBodies)
)]
pub struct ApiDoc;

/// The `bearer` security scheme staff endpoints name (tokens from `babillard token create`).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every staff endpoint (the `/api/` routes of `web::admin::ROUTES`) is tagged
/// `staff` and names the bearer scheme: said here once rather than on each handler.
struct StaffEndpoints;

impl utoipa::Modify for StaffEndpoints {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::SecurityRequirement;
        let staff = crate::web::admin::ROUTES
            .iter()
            .filter(|(_, path)| path.starts_with("/api/"));
        for (method, path) in staff {
            let Some(item) = openapi.paths.paths.get_mut(*path) else {
                continue;
            };
            let op = match *method {
                "get" => &mut item.get,
                "post" => &mut item.post,
                "patch" => &mut item.patch,
                "delete" => &mut item.delete,
                _ => continue,
            };
            if let Some(op) = op {
                op.tags = Some(vec!["staff".to_owned()]);
                op.security = Some(vec![SecurityRequirement::new(
                    "bearer",
                    Vec::<String>::new(),
                )]);
            }
        }
    }
}

/// Every operation that reads a JSON body answers `400` when the body is not JSON of
/// the documented shape (missing, cut short, a string where a number goes): said here
/// once rather than on each handler.
struct MalformedBodies;

impl utoipa::Modify for MalformedBodies {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let malformed = ResponseBuilder::new()
            .description("A body that is not JSON of the documented shape")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorJson")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            let ops = [&mut item.post, &mut item.patch, &mut item.put];
            for op in ops.into_iter().flatten() {
                if op.request_body.is_some() {
                    op.responses
                        .responses
                        .entry("400".to_owned())
                        .or_insert_with(|| malformed.clone().into());
                }
            }
        }
    }
}

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
