//! A session's trainers: assign one of the organisation's (refused when they are busy
//! or cannot travel in time), or take one off.

use crate::web::AppResult;
use actix_web::{HttpResponse, web};
use chrono::Duration;
use serde::Deserialize;

use crate::store;
use crate::web::admin::{Empty, Form, Staff, chosen, see_other};
use crate::web::{AppState, write_as};

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
    let trainer = chosen(&f.trainer_id, "trainer_id")?;
    let travel = Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    write_as(&state, &who.access, move |conn, access| {
        store::trainers::assign(conn, access, id, trainer, travel)
    })
    .await?;
    Ok(see_other(&super::session_url(id), "trainer-assigned"))
}

pub async fn unassign_trainer(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (id, trainer) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::trainers::unassign(conn, access, id, trainer)
    })
    .await?;
    Ok(see_other(&super::session_url(id), "trainer-removed"))
}
