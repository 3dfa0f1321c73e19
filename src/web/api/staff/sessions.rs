//! Sessions: create, change some fields, delete, publish or take back to draft, and
//! cancel (every registration cancelled, each person told the reason).

use crate::web::{AppError, AppResult};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDateTime, SubsecRound};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::{CreatedJson, Invalid, NoSession, NoToken, NotEditor, SessionPath};
use crate::domain::helpers::HelperNeed;
use crate::domain::programme::SessionFields;
use crate::error::{FieldError, Msg};
use crate::store;
use crate::store::catalogue::{Taxonomy, terms};
use crate::web::admin::Json;
use crate::web::api::ErrorJson;
use crate::web::auth::ApiUser;
use crate::web::{AppState, write_as};

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
    /// Volunteer helpers wanted, 0 to 50 (default 0: none). Sessions still short are
    /// listed at `/helpers` (« Donner un coup de main »).
    pub helpers_wanted: Option<i64>,
    /// What the helpers do, at most 200 characters (e.g. « accompagner les
    /// participants sur leur tablette »).
    pub helpers_task: Option<String>,
}

/// What the body asks of helpers, over `current` (`None`: the body says nothing of them).
fn helpers_of(
    b: &mut SessionBodyJson,
    current: &crate::store::helpers::Need,
) -> Option<Result<HelperNeed, Vec<FieldError>>> {
    let (wanted, task) = (b.helpers_wanted.take(), b.helpers_task.take());
    if wanted.is_none() && task.is_none() {
        return None;
    }
    Some(HelperNeed::new(
        Some(wanted.unwrap_or(i64::from(current.wanted))),
        task.as_deref().unwrap_or(&current.task),
    ))
}

/// The session's input and its helpers together: every field's message at once.
fn with_helpers(
    input: crate::store::Result<crate::domain::programme::SessionInput>,
    helpers: Option<Result<HelperNeed, Vec<FieldError>>>,
) -> crate::store::Result<(crate::domain::programme::SessionInput, Option<HelperNeed>)> {
    match (input, helpers.transpose()) {
        (Ok(i), Ok(h)) => Ok((i, h)),
        (Err(crate::store::Error::Invalid(mut errors)), Err(more)) => {
            errors.extend(more);
            Err(crate::store::Error::Invalid(errors))
        }
        (Ok(_), Err(more)) => Err(crate::store::Error::Invalid(more)),
        (Err(e), _) => Err(e),
    }
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
) -> crate::store::Result<crate::domain::programme::SessionInput> {
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
        Ok(_) => Err(crate::store::Error::Invalid(errors)),
        Err(more) => {
            errors.extend(more);
            Err(crate::store::Error::Invalid(errors))
        }
    }
}

/// Creates a session in an event (a draft unless `publish`).
#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    request_body = SessionBodyJson,
    responses(
        (status = 201, description = "Created", body = CreatedJson),
        NoToken,
        NotEditor,
        (status = 404, description = "No such event", body = ErrorJson),
        Invalid,
    )
)]
pub async fn create_session(
    state: web::Data<AppState>,
    who: ApiUser,
    body: Json<SessionBodyJson>,
) -> AppResult<HttpResponse> {
    let mut b = body.0;
    let Some(event_id) = b.event_id else {
        return Err(AppError::field("event_id", "admin-error-required"));
    };
    let id = write_as(&state, &who.access, move |conn, access| {
        let org = store::programme::event_owner(conn, event_id)?;
        if !access.can_edit(org) {
            return Err(crate::store::Error::Forbidden);
        }
        let publish = b.publish.unwrap_or(false);
        let base = SessionFields {
            registration_required: true,
            format: "in_person".into(),
            ..Default::default()
        };
        let helpers = helpers_of(&mut b, &crate::store::helpers::Need::default());
        let (input, helpers) = with_helpers(overlay(conn, base, b), helpers)?;
        store::programme::create_session_helped(
            conn,
            access,
            event_id,
            &input,
            helpers.as_ref(),
            publish,
        )
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
    params(SessionPath),
    request_body = SessionBodyJson,
    responses(
        (status = 200, description = "Changed", body = UpdatedJson),
        NoToken,
        NotEditor,
        NoSession,
        (status = 409, description = "A trainer would be double-booked", body = ErrorJson),
        Invalid,
    )
)]
pub async fn update_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<SessionBodyJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let mut b = body.0;
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
    let travel = chrono::Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    let u = write_as(&state, &who.access, move |conn, access| {
        let a = store::programme::session_admin(conn, access, id)?;
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
        let helpers = helpers_of(&mut b, &a.helpers);
        let (input, helpers) = with_helpers(overlay(conn, base, b), helpers)?;
        store::programme::update_session_helped(conn, access, id, &input, helpers.as_ref(), travel)
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
    params(SessionPath),
    responses(
        (status = 204, description = "Deleted"),
        NoToken,
        NotEditor,
        NoSession,
        (status = 409, description = "People registered", body = ErrorJson),
    )
)]
pub async fn delete_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    write_as(&state, &who.access, move |conn, access| {
        store::programme::delete_session(conn, access, id)
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
    write_as(&state, &who.access, move |conn, access| {
        store::programme::set_session_published(conn, access, id, published)
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
    params(SessionPath),
    responses(
        (status = 200, description = "Published", body = Object),
        NoToken,
        NotEditor,
        NoSession,
        (status = 409, description = "The session is cancelled", body = ErrorJson),
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
    params(SessionPath),
    responses(
        (status = 200, description = "Back to draft", body = Object),
        NoToken,
        NotEditor,
        NoSession,
        (status = 409, description = "People registered, or cancelled", body = ErrorJson),
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
pub struct CancelJson {
    /// Told to everyone registered.
    pub reason: String,
}

/// Cancels a session: every registration is cancelled and each person emailed the reason.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/cancel",
    params(SessionPath),
    request_body = CancelJson,
    responses(
        (status = 200, description = "Cancelled; `notified` people told", body = Object),
        NoToken,
        NotEditor,
        NoSession,
        (status = 409, description = "Already cancelled", body = ErrorJson),
        (status = 422, description = "No reason given, or too long", body = ErrorJson),
    )
)]
pub async fn cancel_session(
    state: web::Data<AppState>,
    who: ApiUser,
    id: web::Path<i64>,
    body: Json<CancelJson>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let reason = body.0.reason;
    let n = write_as(&state, &who.access, move |conn, access| {
        store::people::cancel_session(conn, access, id, &reason)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"id": id, "status": "cancelled", "notified": n})))
}
