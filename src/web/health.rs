//! `GET /healthz`: the database answers, and which backend it is.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use serde_json::json;

use super::{AppState, read};
use crate::web::AppResult;

pub async fn show(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    read(&state, |conn| {
        diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
            .get_result::<i32>(conn)
            .map_err(Into::into)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(json!({
            "status": "ok",
            "database": state.db.backend().name(),
            "version": env!("CARGO_PKG_VERSION"),
        })))
}
