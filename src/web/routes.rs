//! Every URL and the handler that answers it, in one place.

use actix_web::middleware::from_fn;
use actix_web::web;

use super::page_cache::kept;
use super::{admin, api, assets, health, public};

/// The filter keys of session lists and feeds (`domain::filter::FilterQuery`), then
/// the keys a page reads besides.
macro_rules! filter_keys {
    ($($more:literal),*) => {
        &[
            "region",
            "mrc",
            "municipality",
            "org",
            "audience",
            "topic",
            "kind",
            "trainer",
            "format",
            "from",
            "to",
            "free",
            "page",
            $($more),*
        ]
    };
}

/// The filter keys of session lists and feeds, paged.
pub const FILTER_PARAMS: &[&str] = filter_keys!("per_page");

/// Every `GET` anyone can send without signing in — path pattern and the query keys
/// its handler reads (`lang` is read everywhere) — wired here or in the areas'
/// `routes` functions. `tests/hostile_queries.rs` sends hostile values to each and
/// fails when a route registered anywhere under `src/web` is missing from this list.
pub const PUBLIC_GET: &[(&str, &[&str])] = &[
    ("/", FILTER_PARAMS),
    ("/calendar", filter_keys!("view", "month", "week")),
    ("/sessions/{id}", &[]),
    ("/print/programme", filter_keys!("month")),
    ("/embed", FILTER_PARAMS),
    ("/s/{id}", &[]),
    ("/s/{id}/qr.svg", &[]),
    ("/events/{slug}", &[]),
    ("/organisations/{slug}", &[]),
    ("/propose", &[]),
    ("/propose/confirm/{token}", &[]),
    ("/requests/new", &[]),
    ("/requests/{token}", &["done"]),
    ("/requests/{token}/invoice.pdf", &[]),
    ("/static/{name}", &["v"]),
    ("/favicon.ico", &[]),
    ("/healthz", &[]),
    ("/api/v1/openapi.json", &[]),
    ("/api/v1/catalogue", &[]),
    ("/api/v1/sessions", FILTER_PARAMS),
    ("/api/v1/sessions/{id}", &[]),
    ("/api/v1/events/{slug}", &[]),
    // web::registration::routes
    ("/api/v1/registrations/{token}", &[]),
    ("/r/{token}", &["done"]),
    ("/r/{token}/cancel", &[]),
    ("/r/{token}/data.json", &[]),
    ("/r/{token}/delete", &[]),
    // web::public::after::routes
    ("/r/{token}/survey", &[]),
    ("/r/{token}/certificate.pdf", &[]),
    ("/r/{token}/follow-up", &[]),
    ("/payments/return", &["session_id", "outcome"]),
    ("/privacy", &[]),
    ("/outcomes", &["region", "mrc", "year"]),
    ("/open-data", &[]),
    ("/my-activities", &[]),
    ("/my-activities/{token}", &[]),
    ("/interest", &["topic", "municipality"]),
    ("/interest/{token}", &[]),
    ("/helpers", FILTER_PARAMS),
    ("/helpers/{id}", &[]),
    ("/helpers/confirm/{token}", &[]),
    ("/h/{token}", &["done"]),
    ("/h/{token}/cancel", &[]),
    ("/h/{token}/data.json", &[]),
    ("/h/{token}/delete", &[]),
    // web::feeds::routes
    ("/calendar.ics", FILTER_PARAMS),
    ("/calendar.atom", FILTER_PARAMS),
    ("/calendar.rss", FILTER_PARAMS),
    ("/f/{code:[A-Za-z0-9]{4,32}}.ics", &[]),
    ("/r/{token}/calendar.ics", &[]),
    ("/my-activities/{token}/calendar.ics", &[]),
    ("/trainers/{token}/calendar.ics", &[]),
    ("/h/{token}/calendar.ics", &[]),
    ("/sessions/{id}/calendar.ics", &[]),
    ("/open-data/activities.csv", &[]),
    ("/open-data/activities.json", &[]),
    ("/open-data/dcat.json", &[]),
    ("/subscribe", FILTER_PARAMS),
    // web::admin::ROUTES, before signing in
    ("/admin", &[]),
    ("/admin/sign-in", &["done"]),
    ("/admin/sign-in/code", &[]),
    ("/admin/password/forgot", &[]),
    ("/password/reset/{token}", &[]),
];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg
        // Pages for citizens
        .service(
            web::resource("/")
                .wrap(from_fn(kept))
                .get(public::home::index),
        )
        .service(
            web::resource("/calendar")
                .wrap(from_fn(kept))
                .get(public::calendar::show),
        )
        .service(
            web::resource("/sessions/{id}")
                .wrap(from_fn(kept))
                .get(public::sessions::show),
        )
        .service(
            web::resource("/print/programme")
                .wrap(from_fn(kept))
                .get(public::print::programme),
        )
        .service(
            web::resource("/embed")
                .wrap(from_fn(kept))
                .get(public::embed::show),
        )
        .route("/s/{id}", web::get().to(public::print::short))
        .route("/s/{id}/qr.svg", web::get().to(public::print::qr))
        .service(
            web::resource("/events/{slug}")
                .wrap(from_fn(kept))
                .get(public::events::show),
        )
        .service(
            web::resource("/organisations/{slug}")
                .wrap(from_fn(kept))
                .get(public::organisations::show),
        )
        .route("/outcomes", web::get().to(public::outcomes::show))
        .route("/open-data", web::get().to(public::open_data::show))
        .route("/requests/new", web::get().to(public::requests::new))
        .route("/requests/new", web::post().to(public::requests::create))
        .route("/requests/{token}", web::get().to(public::requests::show))
        .route(
            "/requests/{token}/confirm",
            web::post().to(public::requests::confirm),
        )
        .route(
            "/requests/{token}/pick",
            web::post().to(public::requests::pick),
        )
        .route(
            "/requests/{token}/pay",
            web::post().to(public::requests::pay),
        )
        .route(
            "/requests/{token}/withdraw",
            web::post().to(public::requests::withdraw),
        )
        .route(
            "/requests/{token}/invoice.pdf",
            web::get().to(public::requests::invoice),
        )
        .route("/interest", web::get().to(public::interest::new))
        .route("/interest", web::post().to(public::interest::create))
        .route("/interest/{token}", web::get().to(public::interest::show))
        .route(
            "/interest/{token}",
            web::post().to(public::interest::remove),
        )
        .service(
            web::resource("/propose")
                .route(web::get().to(public::proposals::new))
                .route(web::post().to(public::proposals::create)),
        )
        .service(
            web::resource("/propose/confirm/{token}")
                .route(web::get().to(public::proposals::show))
                .route(web::post().to(public::proposals::confirm)),
        )
        // « Donner un coup de main »: volunteer helpers (issue 17)
        .route("/helpers", web::get().to(public::helpers::list))
        .service(
            web::resource("/helpers/confirm/{token}")
                .route(web::get().to(public::helpers::show_confirm))
                .route(web::post().to(public::helpers::confirm)),
        )
        .service(
            web::resource("/helpers/{id}")
                .route(web::get().to(public::helpers::new))
                .route(web::post().to(public::helpers::create)),
        )
        .route("/h/{token}", web::get().to(public::helper_shift::show))
        .service(
            web::resource("/h/{token}/cancel")
                .route(web::get().to(public::helper_shift::cancel_confirm))
                .route(web::post().to(public::helper_shift::cancel)),
        )
        .route(
            "/h/{token}/data.json",
            web::get().to(public::helper_shift::export),
        )
        .service(
            web::resource("/h/{token}/delete")
                .route(web::get().to(public::helper_shift::delete_confirm))
                .route(web::post().to(public::helper_shift::delete)),
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
        .configure(public::after::routes)
        .configure(super::feeds::routes)
        // Back office and staff API (their own table: web::admin::ROUTES)
        .configure(admin::routes);
}
