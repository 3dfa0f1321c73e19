//! A session's trainers: assign one of the organisation's (refused when they are busy
//! or cannot travel in time), or take one off.

use actix_web::{HttpResponse, web};
use chrono::Duration;
use serde::Deserialize;

use crate::store;
use crate::web::admin::{Empty, Form, Staff, see_other};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, write};

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    trainer_id: String,
}

pub async fn assign_trainer(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<AssignForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let trainer = f
        .trainer_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field("trainer_id", "admin-error-choice"))?;
    let access = who.access.clone();
    let travel = Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    write(&state, move |conn| {
        store::trainers::assign(conn, &access, id, trainer, travel).map_err(AppError::from)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/sessions/{id}"),
        "trainer-assigned",
    ))
}

pub async fn unassign_trainer(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, trainer) = path.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        store::trainers::unassign(conn, &access, id, trainer).map_err(AppError::from)
    })
    .await?;
    Ok(see_other(
        &format!("/admin/sessions/{id}"),
        "trainer-removed",
    ))
}
