//! Every URL and the handler that answers it, in one place.

use actix_web::web;

use super::{admin, api, assets, health, public};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg
        // Pages for citizens
        .route("/", web::get().to(public::home::index))
        .route("/calendar", web::get().to(public::calendar::show))
        .route("/sessions/{id}", web::get().to(public::sessions::show))
        .route("/events/{slug}", web::get().to(public::events::show))
        .route(
            "/organisations/{slug}",
            web::get().to(public::organisations::show),
        )
        .route("/static/{name}", web::get().to(assets::show))
        .route("/favicon.ico", web::get().to(assets::favicon))
        .route("/healthz", web::get().to(health::show))
        // JSON API v1
        .route("/api/v1/openapi.json", web::get().to(api::openapi::show))
        .route("/api/v1/catalogue", web::get().to(api::catalogue::show))
        .route("/api/v1/sessions", web::get().to(api::sessions::list))
        .route("/api/v1/sessions/{id}", web::get().to(api::sessions::show))
        .route("/api/v1/events/{slug}", web::get().to(api::events::show))
        .configure(super::registration::routes)
        .configure(super::feeds::routes)
        // Back office and staff API (their own table: web::admin::ROUTES)
        .configure(admin::routes);
}
