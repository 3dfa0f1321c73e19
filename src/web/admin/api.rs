//! The staff JSON API (bearer tokens from `babillard token create`): who am I, and
//! the back office's writes on events, sessions, venues and trainer assignments. The
//! same `store` functions as the pages, so the same rules and the same audit log.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDateTime, SubsecRound};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::domain::programme::{EventInput, SessionFields};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::store::catalogue::{Taxonomy, terms};
use crate::web::auth::ApiUser;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, write};

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipJson {
    pub organisation_id: i64,
    /// `manager` or `editor`.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeJson {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// Regional administrator: every organisation.
    pub is_admin: bool,
    pub memberships: Vec<MembershipJson>,
    /// The trainer record linked to this account, if any.
    pub trainer_id: Option<i64>,
}

/// The account the token belongs to and what it may do.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
    )
)]
pub async fn me(who: ApiUser) -> HttpResponse {
    HttpResponse::Ok().json(MeJson {
        id: who.user_id,
        email: who.email,
        name: who.name,
        is_admin: who.access.is_admin,
        memberships: who
            .access
            .memberships
            .iter()
            .map(|(o, r)| MembershipJson {
                organisation_id: *o,
                role: r.as_str().to_owned(),
            })
            .collect(),
        trainer_id: who.access.trainer_id,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEventJson {
    pub organisation_id: i64,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedJson {
    pub id: i64,
}

/// Creates a draft event (programme) for an organisation.
#[utoipa::path(
    post,
    path = "/api/v1/events",
    tag = "staff",
    security(("bearer" = [])),
    request_body = NewEventJson,
    responses(
        (status = 201, description = "Created", body = CreatedJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of that organisation", body = crate::web::api::ErrorJson),
        (status = 422, description = "Invalid fields", body = crate::web::api::ErrorJson),
    )
)]
pub async fn create_event(
    state: web::Data<AppState>,
    who: ApiUser,
    body: super::Json<NewEventJson>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let input =
        EventInput::parse(&b.title, &b.summary, &b.description).map_err(AppError::Validation)?;
    let access = who.access.clone();
    let id = write(&state, move |conn| {
        Ok(store::programme::create_event(
            conn,
            &access,
            b.organisation_id,
            &input,
        )?)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedJson { id }))
}

/// A session's fields. On `POST` every required field must be there; on `PATCH` only
/// those to change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBodyJson {
    /// Required on `POST`.
    pub event_id: Option<i64>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Kind slug, e.g. `atelier-pratique`.
    pub kind: Option<String>,
    /// RFC 3339, e.g. `2026-03-14T13:30:00-04:00`.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    /// `in_person`, `online` or `hybrid`.
    pub format: Option<String>,
    pub online_url: Option<String>,
    pub venue_id: Option<i64>,
    pub registration_required: Option<bool>,
    pub capacity: Option<i64>,
    pub waitlist_limit: Option<i64>,
    pub max_seats: Option<i64>,
    /// `tous`, `debutant`, `intermediaire`, `avance`.
    pub level: Option<String>,
    /// `fr`, `en`, `bilingue`.
    pub language: Option<String>,
    pub track_id: Option<i64>,
    pub what_to_bring: Option<String>,
    /// Audience slugs.
    pub audiences: Option<Vec<String>>,
    /// Topic slugs.
    pub topics: Option<Vec<String>>,
    /// RFC 3339; registration opens then (`""`: from publication).
    pub registration_opens_at: Option<String>,
    /// RFC 3339; registration closes then (`""`: at the start).
    pub registration_closes_at: Option<String>,
    /// `POST` only: publish at once (default: draft).
    pub publish: Option<bool>,
}

fn instant(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDateTime> {
    match DateTime::parse_from_rfc3339(s.trim()) {
        Ok(t) => Some(t.naive_utc().trunc_subsecs(0)),
        Err(_) => {
            errors.push(FieldError::new(field, Msg::new("admin-error-datetime")));
            None
        }
    }
}

/// Overlays the body on `base` (current values, or defaults), resolving slugs.
fn overlay(
    conn: &mut crate::db::DbConnection,
    base: SessionFields,
    b: SessionBodyJson,
) -> AppResult<crate::domain::programme::SessionInput> {
    let mut errors = Vec::new();
    let mut f = base;
    if let Some(v) = b.title {
        f.title = v;
    }
    if let Some(v) = b.description {
        f.description = v;
    }
    if let Some(slug) = b.kind {
        match terms(conn, Taxonomy::Kind)?
            .into_iter()
            .find(|t| t.slug == slug)
        {
            Some(t) => f.kind_id = Some(t.id),
            None => errors.push(FieldError::new("kind", Msg::new("admin-error-choice"))),
        }
    }
    if let Some(v) = b.starts_at {
        f.starts_at = instant("starts_at", &v, &mut errors);
    }
    if let Some(v) = b.ends_at {
        f.ends_at = instant("ends_at", &v, &mut errors);
    }
    if let Some(v) = b.format {
        f.format = v;
    }
    if let Some(v) = b.online_url {
        f.online_url = v;
    }
    if b.venue_id.is_some() {
        f.venue_id = b.venue_id;
    }
    if let Some(v) = b.registration_required {
        f.registration_required = v;
    }
    if b.capacity.is_some() {
        f.capacity = b.capacity;
    }
    if b.waitlist_limit.is_some() {
        f.waitlist_limit = b.waitlist_limit;
    }
    if b.max_seats.is_some() {
        f.max_seats = b.max_seats;
    }
    if let Some(v) = b.level {
        f.level = v;
    }
    if let Some(v) = b.language {
        f.language = v;
    }
    if b.track_id.is_some() {
        f.track_id = b.track_id;
    }
    if let Some(v) = b.what_to_bring {
        f.what_to_bring = v;
    }
    if let Some(v) = b.registration_opens_at {
        f.registration_opens_at = (!v.trim().is_empty())
            .then(|| instant("registration_opens_at", &v, &mut errors))
            .flatten();
    }
    if let Some(v) = b.registration_closes_at {
        f.registration_closes_at = (!v.trim().is_empty())
            .then(|| instant("registration_closes_at", &v, &mut errors))
            .flatten();
    }
    for (field, tax, slugs, target) in [
        (
            "audiences",
            Taxonomy::Audience,
            b.audiences,
            &mut f.audiences,
        ),
        ("topics", Taxonomy::Topic, b.topics, &mut f.topics),
    ] {
        if let Some(slugs) = slugs {
            let all = terms(conn, tax)?;
            let mut ids = Vec::new();
            for s in slugs {
                match all.iter().find(|t| t.slug == s) {
                    Some(t) => ids.push(t.id),
                    None => {
                        errors.push(FieldError::new(field, Msg::new("admin-error-choice")));
                        break;
                    }
                }
            }
            *target = ids;
        }
    }
    match f.validate() {
        Ok(s) if errors.is_empty() => Ok(s),
        Ok(_) => Err(AppError::Validation(errors)),
        Err(more) => {
            errors.extend(more);
            Err(AppError::Validation(errors))
        }
    }
}

/// Creates a session in an event (a draft unless `publish`).
#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    tag = "staff",
    security(("bearer" = [])),
    request_body = SessionBodyJson,
    responses(
        (status = 201, description = "Created", body = CreatedJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the event's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such event", body = crate::web::api::ErrorJson),
        (status = 422, description = "Invalid fields", body = crate::web::api::ErrorJson),
    )
)]
pub async fn create_session(
    state: web::Data<AppState>,
    who: ApiUser,
    body: super::Json<SessionBodyJson>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let Some(event_id) = b.event_id else {
        return Err(AppError::field("event_id", "admin-error-required"));
    };
    let access = who.access.clone();
    let id = write(&state, move |conn| {
        let org = store::programme::event_owner(conn, event_id)?;
        if !access.can_edit(org) {
            return Err(AppError::Forbidden);
        }
        let publish = b.publish.unwrap_or(false);
        let base = SessionFields {
            registration_required: true,
            format: "in_person".into(),
            ..Default::default()
        };
        let input = overlay(conn, base, b)?;
        Ok(store::programme::create_session(
            conn, &access, event_id, &input, publish,
        )?)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedJson { id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdatedJson {
    pub id: i64,
    /// People told of a change of time or place (`session_changed` emails queued).
    pub notified: usize,
}

/// Changes some fields of a session. A change of time or place notifies everyone
/// registered, with an updated invite; a trainer clash is refused (409).
#[utoipa::path(
    patch,
    path = "/api/v1/sessions/{id}",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    request_body = SessionBodyJson,
    responses(
        (status = 200, description = "Changed", body = UpdatedJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the session's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "A trainer would be double-booked", body = crate::web::api::ErrorJson),
        (status = 422, description = "Invalid fields", body = crate::web::api::ErrorJson),
    )
)]
pub async fn update_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: super::Json<SessionBodyJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.0;
    if b.event_id.is_some() || b.publish.is_some() {
        return Err(AppError::field(
            if b.event_id.is_some() {
                "event_id"
            } else {
                "publish"
            },
            "admin-error-not-changeable",
        ));
    }
    let access = who.access.clone();
    let travel = chrono::Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    let u = write(&state, move |conn| {
        let a = store::programme::session_admin(conn, &access, id)?;
        let s = &a.details.session;
        let base = SessionFields {
            title: s.title.clone(),
            description: s.description.clone(),
            kind_id: Some(s.kind_id),
            starts_at: Some(s.starts_at),
            ends_at: Some(s.ends_at),
            format: s.format.to_string(),
            online_url: s.online_url.clone().unwrap_or_default(),
            venue_id: s.venue_id,
            registration_required: s.registration_required,
            capacity: s.capacity.map(i64::from),
            waitlist_limit: s.waitlist_limit.map(i64::from),
            max_seats: Some(i64::from(s.max_seats)),
            level: s.level.to_string(),
            language: s.language.clone(),
            track_id: s.track_id,
            what_to_bring: s.what_to_bring.clone(),
            audiences: a.audiences.clone(),
            topics: a.topics.clone(),
            registration_opens_at: s.registration_opens_at,
            registration_closes_at: s.registration_closes_at,
        };
        let input = overlay(conn, base, b)?;
        Ok(store::programme::update_session(
            conn, &access, id, &input, travel,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(UpdatedJson {
        id,
        notified: u.notified,
    }))
}

/// Deletes a session nobody ever registered for (409 otherwise).
#[utoipa::path(
    delete,
    path = "/api/v1/sessions/{id}",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the session's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "People registered", body = crate::web::api::ErrorJson),
    )
)]
pub async fn delete_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        Ok(store::programme::delete_session(conn, &access, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn set_published(
    state: web::Data<AppState>,
    who: ApiUser,
    id: i64,
    published: bool,
) -> AppResult<HttpResponse> {
    let access = who.access.clone();
    write(&state, move |conn| {
        Ok(store::programme::set_session_published(
            conn, &access, id, published,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "id": id,
        "status": if published { "published" } else { "draft" },
    })))
}

/// Publishes a draft session.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/publish",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "Published", body = Object),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the session's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "The session is cancelled", body = crate::web::api::ErrorJson),
    )
)]
pub async fn publish_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    set_published(state, who, id.into_inner(), true).await
}

/// Takes a session back to draft (refused while people are registered: cancel it).
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/unpublish",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "Back to draft", body = Object),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the session's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "People registered, or cancelled", body = crate::web::api::ErrorJson),
    )
)]
pub async fn unpublish_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    set_published(state, who, id.into_inner(), false).await
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignJson {
    pub trainer_id: i64,
}

/// Assigns a trainer of the organisation to a session; a clash with another of their
/// sessions (overlap, or too little travel time between venues) is a 409 naming it.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/trainers",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    request_body = AssignJson,
    responses(
        (status = 200, description = "Assigned", body = Object),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the session's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "The trainer is busy or cannot travel in time", body = crate::web::api::ErrorJson),
        (status = 422, description = "Not a trainer of this organisation", body = crate::web::api::ErrorJson),
    )
)]
pub async fn assign_trainer(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: super::Json<AssignJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let trainer = body.0.trainer_id;
    let access = who.access.clone();
    let travel = chrono::Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    write(&state, move |conn| {
        Ok(store::trainers::assign(conn, &access, id, trainer, travel)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({ "session_id": id, "trainer_id": trainer })))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewVenueJson {
    pub organisation_id: i64,
    pub name: String,
    pub address: String,
    pub municipality_id: i64,
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub postal_code: String,
    pub capacity: Option<i64>,
    #[serde(default)]
    pub step_free_access: bool,
    #[serde(default)]
    pub accessibility_notes: String,
    #[serde(default)]
    pub wifi: bool,
    pub computers: Option<i64>,
    #[serde(default)]
    pub directions: String,
}

/// Creates a venue of an organisation (its managers).
#[utoipa::path(
    post,
    path = "/api/v1/venues",
    tag = "staff",
    security(("bearer" = [])),
    request_body = NewVenueJson,
    responses(
        (status = 201, description = "Created", body = CreatedJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not a manager of that organisation", body = crate::web::api::ErrorJson),
        (status = 422, description = "Invalid fields", body = crate::web::api::ErrorJson),
    )
)]
pub async fn create_venue(
    state: web::Data<AppState>,
    who: ApiUser,
    body: super::Json<NewVenueJson>,
) -> AppResult<HttpResponse> {
    let b = body.0;
    let input = store::venues::VenueInput {
        name: b.name,
        address: b.address,
        municipality_id: Some(b.municipality_id),
        room: b.room,
        postal_code: b.postal_code,
        capacity: b.capacity,
        step_free_access: b.step_free_access,
        accessibility_notes: b.accessibility_notes,
        wifi: b.wifi,
        computers: b.computers,
        directions: b.directions,
    };
    let access = who.access.clone();
    let org = b.organisation_id;
    let id = write(&state, move |conn| {
        Ok(store::venues::create(conn, &access, org, &input)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(CreatedJson { id }))
}

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
    fn new(r: &crate::db::models::Registration) -> StaffRegistrationJson {
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
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    responses(
        (status = 200, description = "Everyone registered, grouped", body = RosterJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Neither an editor of the organisation nor a trainer of the session", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
    )
)]
pub async fn roster(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    let r = crate::web::read(&state, move |conn| {
        store::roster::session_for(conn, &access, id, store::roster::Need::Door)?;
        Ok(store::registrations::roster(conn, id)?)
    })
    .await?;
    let list = |v: &[crate::db::models::Registration]| {
        v.iter().map(StaffRegistrationJson::new).collect::<Vec<_>>()
    };
    Ok(HttpResponse::Ok().json(RosterJson {
        session_id: id,
        present: r
            .confirmed
            .iter()
            .filter(|x| x.status == crate::domain::registration::Status::Attended)
            .map(|x| x.seats)
            .sum(),
        expected: r.confirmed.iter().map(|x| x.seats).sum(),
        confirmed: list(&r.confirmed),
        waitlist: list(&r.waitlist),
        offered: list(&r.offered),
        cancelled: list(&r.cancelled),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInJson {
    /// The registration, or…
    pub registration_id: Option<i64>,
    /// …the 6-character code of the confirmation email.
    pub code: Option<String>,
}

/// Checks someone in at the door (by registration id or door code).
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/check-ins",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    request_body = CheckInJson,
    responses(
        (status = 200, description = "Checked in", body = StaffRegistrationJson),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Neither an editor of the organisation nor a trainer of the session", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session, registration or code", body = crate::web::api::ErrorJson),
        (status = 409, description = "Not a confirmed registration (cancelled, waiting, already in)", body = crate::web::api::ErrorJson),
    )
)]
pub async fn check_in(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: super::Json<CheckInJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.0;
    let access = who.access.clone();
    let r = write(&state, move |conn| {
        // The change and its audit entry commit together (the engine's call nests).
        crate::db::write_tx(conn, |conn| {
            let s = store::roster::session_for(conn, &access, id, store::roster::Need::Door)?;
            let rid = match (b.registration_id, b.code.as_deref()) {
                (Some(rid), None) => rid,
                (None, Some(code)) => {
                    store::roster::by_code(conn, id, code)?
                        .ok_or(AppError::NotFound)?
                        .id
                }
                _ => {
                    return Err(AppError::field(
                        "registration_id",
                        "admin-error-check-in-target",
                    ));
                }
            };
            store::registrations::check_in(conn, id, rid, crate::db::now())
                .map_err(crate::web::registration::app_error)?;
            store::audit::record(
                conn,
                &store::audit::Entry::new(access.user_id, "check_in", "registration", Some(rid))
                    .org(s.organisation_id),
            )?;
            store::registrations::roster(conn, id)?
                .confirmed
                .into_iter()
                .find(|r| r.id == rid)
                .ok_or(AppError::NotFound)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(StaffRegistrationJson::new(&r)))
}

/// Undoes a check-in made by mistake.
#[utoipa::path(
    delete,
    path = "/api/v1/sessions/{id}/check-ins/{registration_id}",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id"), ("registration_id" = i64, Path, description = "Registration id")),
    responses(
        (status = 204, description = "Undone"),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Neither an editor of the organisation nor a trainer of the session", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "Not checked in", body = crate::web::api::ErrorJson),
    )
)]
pub async fn undo_check_in(
    state: web::Data<AppState>,
    who: ApiUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        crate::db::write_tx(conn, |conn| {
            let s = store::roster::session_for(conn, &access, id, store::roster::Need::Door)?;
            store::registrations::undo_check_in(conn, id, rid, crate::db::now())
                .map_err(crate::web::registration::app_error)?;
            store::audit::record(
                conn,
                &store::audit::Entry::new(
                    access.user_id,
                    "undo_check_in",
                    "registration",
                    Some(rid),
                )
                .org(s.organisation_id),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CancelJson {
    /// Told to everyone registered.
    pub reason: String,
}

/// Cancels a session: every registration is cancelled and each person emailed the reason.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/cancel",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Session id")),
    request_body = CancelJson,
    responses(
        (status = 200, description = "Cancelled; `notified` people told", body = Object),
        (status = 401, description = "No valid token", body = crate::web::api::ErrorJson),
        (status = 403, description = "Not an editor of the session's organisation", body = crate::web::api::ErrorJson),
        (status = 404, description = "No such session", body = crate::web::api::ErrorJson),
        (status = 409, description = "Already cancelled", body = crate::web::api::ErrorJson),
        (status = 422, description = "No reason given", body = crate::web::api::ErrorJson),
    )
)]
pub async fn cancel_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: super::Json<CancelJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let reason = body.0.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::field("reason", "admin-error-reason"));
    }
    let access = who.access.clone();
    let n = write(&state, move |conn| {
        crate::db::write_tx(conn, |conn| {
            let s = store::roster::session_for(conn, &access, id, store::roster::Need::Manage)?;
            let n = store::registrations::cancel_session(conn, id, &reason, crate::db::now())
                .map_err(crate::web::registration::app_error)?;
            store::audit::record(
                conn,
                &store::audit::Entry::new(access.user_id, "cancel", "session", Some(id))
                    .org(s.organisation_id)
                    .detail(format!("{reason} ({n})")),
            )?;
            Ok(n)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"id": id, "status": "cancelled", "notified": n})))
}
