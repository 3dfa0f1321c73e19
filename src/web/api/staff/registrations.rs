//! A session's registrations as staff see them: the roster, and a waiting person
//! promoted out of turn. Staff register someone with the registration endpoint
//! (`web::api::registrations`) and their token.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use utoipa::IntoParams;

use super::{Invalid, NoRegistration, NoSession, NoToken, NotDoorStaff, NotEditor, SessionPath};
use crate::db::now;
use crate::domain::payment::PaidVia;
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
    /// What the person owes or paid for a paid session; `null` when nothing is owed
    /// (a free session, or a free reduced rate).
    pub payment: Option<PaymentJson>,
}

/// A registration's payment, as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentJson {
    /// `due` (to pay at the door), `pending` (online, not paid yet), `paid`, `expired`
    /// (the online hold ran out unpaid), `refund_due`, `refunded`, `void` (no longer owed).
    pub status: String,
    /// `on_site` or `online`.
    pub method: String,
    /// For all the registration's seats, at the rate it was made at.
    pub amount_cents: i32,
    /// ISO 4217: `CAD`.
    pub currency: String,
    /// `cash` or `card` (at the door), `stripe` (online); `null` until paid.
    pub paid_via: Option<String>,
    /// RFC 3339, Québec time.
    pub paid_at: Option<String>,
}

impl PaymentJson {
    pub fn new(p: &crate::db::models::Payment) -> PaymentJson {
        PaymentJson {
            status: p.status.to_string(),
            method: p.method.to_string(),
            amount_cents: p.amount_cents,
            currency: p.currency.clone(),
            paid_via: p.paid_via.map(|v| v.to_string()),
            paid_at: p.paid_at.map(crate::domain::time::rfc3339),
        }
    }
}

impl StaffRegistrationJson {
    /// A registration with its payment (`payment_of`, or `None` when it owes nothing).
    pub fn new(
        r: &crate::db::models::Registration,
        payment: Option<&crate::db::models::Payment>,
    ) -> StaffRegistrationJson {
        StaffRegistrationJson {
            payment: payment.map(PaymentJson::new),
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
    let (r, payments) = read_as(&state, &who.access, move |conn, access| {
        store::roster::session_for(conn, access, id, store::roster::Need::Door)?;
        let r = store::registrations::roster(conn, id)?;
        let payments = store::payments_admin::payments_of_sessions(conn, &[id])?;
        Ok((r, payments))
    })
    .await?;
    let list = |v: &[crate::db::models::Registration]| {
        v.iter()
            .map(|x| StaffRegistrationJson::new(x, payments.get(&x.id)))
            .collect::<Vec<_>>()
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
    let (r, p) = write_as(&state, &who.access, move |conn, access| {
        let r = store::people::promote(conn, access, id, rid)?;
        let p = store::registrations::payment_of(conn, r.id)?;
        Ok((r, p))
    })
    .await?;
    Ok(HttpResponse::Ok().json(StaffRegistrationJson::new(&r, p.as_ref())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentBodyJson {
    /// How the person paid at the door: `cash` or `card`.
    pub via: String,
}

/// A payment's answer: the registration with its payment, and whether it was paid
/// already.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentRecordedJson {
    #[serde(flatten)]
    pub registration: StaffRegistrationJson,
    /// `true` when the payment was recorded already (a tap sent twice): nothing
    /// changed, no second receipt.
    pub already_paid: bool,
}

/// The path of a registration acted on by its id.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RegistrationPath {
    /// Registration id
    pub id: i64,
}

/// Records that the person paid at the door, in cash or by card, as the door page's
/// « Payé comptant » / « Payé par carte » buttons do: what they owed becomes paid and
/// they get a receipt by email (if they gave one). Recording it again is a success too
/// (`already_paid`), with no second receipt.
#[utoipa::path(
    post,
    path = "/api/v1/registrations/{id}/payment",
    params(RegistrationPath),
    request_body = PaymentBodyJson,
    responses(
        (status = 200, description = "Paid, or already was", body = PaymentRecordedJson),
        NoToken,
        NotDoorStaff,
        (status = 404, description = "No such registration", body = ErrorJson),
        (status = 409, description = "Nothing owed at the door (free, online, cancelled, refunded), or the person has no seat", body = ErrorJson),
        Invalid,
    )
)]
pub async fn record_payment(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<PaymentBodyJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    // Only cash or card are taken at the door: anything else is refused by the act
    // (as `stripe` is), after it has checked who asks.
    let via = PaidVia::parse(body.0.via.trim()).unwrap_or(PaidVia::Stripe);
    let done = write_as(&state, &who.access, move |conn, access| {
        store::payments_admin::record_payment(conn, access, id, via, now())
    })
    .await?;
    Ok(HttpResponse::Ok().json(PaymentRecordedJson {
        registration: StaffRegistrationJson::new(&done.registration, Some(&done.payment)),
        already_paid: done.already,
    }))
}
