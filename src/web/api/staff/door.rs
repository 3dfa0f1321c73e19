//! Attendance at the door through the API: check-ins (by id or door code) and their
//! undoing, walk-ins, no-shows. The door page's acts (`store::door`), so the same
//! rules, answers and audit entries.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::registrations::StaffRegistrationJson;
use super::{Invalid, NoRegistration, NoSession, NoToken, NotDoorStaff, SessionPath};
use crate::store;
use crate::web::AppResult;
use crate::web::admin::Json;
use crate::web::api::ErrorJson;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;
use crate::web::{AppState, write_as};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInJson {
    /// The registration, or…
    pub registration_id: Option<i64>,
    /// …the 6-character code of the confirmation email.
    pub code: Option<String>,
}

/// A check-in's answer: the registration, and whether it was checked in already.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckedInJson {
    #[serde(flatten)]
    pub registration: StaffRegistrationJson,
    /// `true` when the person was already checked in (a tap sent twice): nothing
    /// changed, `checked_in_at` is the first check-in's time.
    pub already_checked_in: bool,
}

/// Checks someone in at the door (by registration id or door code). Checking in
/// someone already in is a success too (`already_checked_in`), as at the door.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/check-ins",
    params(SessionPath),
    request_body = CheckInJson,
    responses(
        (status = 200, description = "Checked in, or already was", body = CheckedInJson),
        NoToken,
        NotDoorStaff,
        (status = 404, description = "No such session, registration or code", body = ErrorJson),
        (status = 409, description = "Not a confirmed registration (cancelled, waiting)", body = ErrorJson),
        (status = 422, description = "Neither or both of `registration_id` and `code`", body = ErrorJson),
    )
)]
pub async fn check_in(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<CheckInJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.0;
    let target = store::door::Target {
        registration_id: b.registration_id,
        code: b.code,
    };
    let (done, p) = write_as(&state, &who.access, move |conn, access| {
        let done = store::door::check_in(conn, access, id, &target)?;
        let p = store::registrations::payment_of(conn, done.registration.id)?;
        Ok((done, p))
    })
    .await?;
    Ok(HttpResponse::Ok().json(CheckedInJson {
        registration: StaffRegistrationJson::new(&done.registration, p.as_ref()),
        already_checked_in: done.already,
    }))
}

/// Undoes a check-in made by mistake. Undoing for someone not checked in is a
/// success too, as at the door.
#[utoipa::path(
    delete,
    path = "/api/v1/sessions/{id}/check-ins/{registration_id}",
    params(SessionPath, ("registration_id" = i64, Path, description = "Registration id")),
    responses(
        (status = 204, description = "Undone, or was not checked in"),
        NoToken,
        NotDoorStaff,
        NoRegistration,
        (status = 409, description = "Not a confirmed registration (cancelled, waiting, absent)", body = ErrorJson),
    )
)]
pub async fn undo_check_in(
    state: web::Data<AppState>,
    who: ApiUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::door::undo_check_in(conn, access, id, rid)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Someone at the door without a registration.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkInJson {
    pub name: String,
    /// A phone or an email, to reach the person if needed.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Number of seats (default 1).
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub seats: Option<serde_json::Value>,
}

/// Registers someone at the door while seats remain and checks them in at once, as
/// the door page's walk-in form does.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/walk-ins",
    params(SessionPath),
    request_body = WalkInJson,
    responses(
        (status = 201, description = "Registered and checked in (`attended`), or waitlisted if the last seat went meanwhile", body = StaffRegistrationJson),
        NoToken,
        NotDoorStaff,
        NoSession,
        (status = 409, description = "No seat left, or the session does not take registrations now", body = ErrorJson),
        Invalid,
    )
)]
pub async fn walk_in(
    state: web::Data<AppState>,
    lang: Lang,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<WalkInJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.0;
    let input = store::door::WalkIn {
        name: b.name,
        phone: b.phone,
        email: b.email,
        seats: crate::web::api::text(&b.seats),
    };
    let (done, p) = write_as(&state, &who.access, move |conn, access| {
        let done = store::door::walk_in(conn, access, id, &input, lang)?;
        let p = store::registrations::payment_of(conn, done.registration.id)?;
        Ok((done, p))
    })
    .await?;
    Ok(HttpResponse::Created().json(StaffRegistrationJson::new(&done.registration, p.as_ref())))
}

/// After the start, marks everyone still expected as absent (`no_show`), as the door
/// page does at the end of the welcome.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/no-shows",
    params(SessionPath),
    responses(
        (status = 200, description = "`no_shows` people marked absent", body = Object),
        NoToken,
        NotDoorStaff,
        NoSession,
        (status = 409, description = "The session has not started", body = ErrorJson),
    )
)]
pub async fn no_shows(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let n = write_as(&state, &who.access, move |conn, access| {
        store::door::mark_no_shows(conn, access, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"session_id": id, "no_shows": n})))
}
