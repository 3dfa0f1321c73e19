//! A session's registrations as staff see them: the roster, and a waiting person
//! promoted out of turn. Staff register someone with the registration endpoint
//! (`web::api::registrations`) and their token.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{NoRegistration, NoSession, NoToken, NotDoorStaff, NotEditor, SessionPath};
use crate::store;
use crate::web::AppResult;
use crate::web::admin::Json;
use crate::web::api::ErrorJson;
use crate::web::auth::ApiUser;
use crate::web::{AppState, read_as, write_as};

/// A registration as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffRegistrationJson {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub seats: i32,
    /// `confirmed`, `waitlisted`, `offered`, `pending_payment`, `attended`, `no_show`, `cancelled`.
    pub status: String,
    /// `web` or `staff`.
    pub source: String,
    pub needs: Option<String>,
    /// The code shown at the door.
    pub check_in_code: String,
    /// RFC 3339, Québec time.
    pub registered_at: String,
    pub checked_in_at: Option<String>,
}

impl StaffRegistrationJson {
    pub fn new(r: &crate::db::models::Registration) -> StaffRegistrationJson {
        StaffRegistrationJson {
            id: r.id,
            name: r.name.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            seats: r.seats,
            status: r.status.to_string(),
            source: r.source.to_string(),
            needs: r.needs.clone(),
            check_in_code: r.check_in_code.clone(),
            registered_at: crate::domain::time::rfc3339(r.created_at),
            checked_in_at: r.checked_in_at.map(crate::domain::time::rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RosterJson {
    pub session_id: i64,
    /// Confirmed, attended and no-show, in registration order.
    pub confirmed: Vec<StaffRegistrationJson>,
    /// Waiting, in queue order.
    pub waitlist: Vec<StaffRegistrationJson>,
    pub offered: Vec<StaffRegistrationJson>,
    pub cancelled: Vec<StaffRegistrationJson>,
    /// Seats of people checked in / seats expected.
    pub present: i32,
    pub expected: i32,
}

/// A session's registrations for its organisation (editors) and its trainers. Staff
/// register someone with `POST /api/v1/sessions/{id}/registrations` and a token.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/roster",
    params(SessionPath),
    responses(
        (status = 200, description = "Everyone registered, grouped", body = RosterJson),
        NoToken,
        NotDoorStaff,
        NoSession,
    )
)]
pub async fn roster(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let r = read_as(&state, &who.access, move |conn, access| {
        store::roster::session_for(conn, access, id, store::roster::Need::Door)?;
        Ok(store::registrations::roster(conn, id)?)
    })
    .await?;
    let list = |v: &[crate::db::models::Registration]| {
        v.iter().map(StaffRegistrationJson::new).collect::<Vec<_>>()
    };
    let count = store::door::Attendance::of(&r);
    Ok(HttpResponse::Ok().json(RosterJson {
        session_id: id,
        present: count.present_seats,
        expected: count.expected_seats,
        confirmed: list(&r.confirmed),
        waitlist: list(&r.waitlist),
        offered: list(&r.offered),
        cancelled: list(&r.cancelled),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromotionJson {
    /// A waiting registration of the session.
    pub registration_id: i64,
}

/// Gives a waiting person a seat, out of turn (they need as many free seats as they
/// asked for), as the back office's « promote » button does.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/promotions",
    params(SessionPath),
    request_body = PromotionJson,
    responses(
        (status = 200, description = "Promoted (`confirmed`)", body = StaffRegistrationJson),
        NoToken,
        NotEditor,
        NoRegistration,
        (status = 409, description = "Not waiting, or not enough free seats", body = ErrorJson),
    )
)]
pub async fn promote(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<PromotionJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let rid = body.0.registration_id;
    let r = write_as(&state, &who.access, move |conn, access| {
        store::people::promote(conn, access, id, rid)
    })
    .await?;
    Ok(HttpResponse::Ok().json(StaffRegistrationJson::new(&r)))
}
