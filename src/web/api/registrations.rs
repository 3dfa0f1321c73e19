//! `POST /api/v1/sessions/{id}/registrations` (public, or staff with a bearer token),
//! and `GET`, `PATCH`, `DELETE /api/v1/registrations/{token}` for the link's owner.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::now;
use crate::domain::registration::{self as rules, Source};
use crate::error::{FieldError, Msg};
use crate::store::people::Channel;
use crate::store::registrations::{
    self as store, Outcome, RegisterOptions, RegistrationDetails, RegistrationPatch,
};
use crate::web::auth::MaybeApiUser;
use crate::web::i18n::Lang;
use crate::web::registration::{
    AlreadyRegisteredJson, RawInput, RegistrationJson, RegistrationOwnerJson, choose_lang,
    parse_input, replay_key,
};
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read, write, write_as};

/// A registration request. `email` is required unless a staff token is sent and
/// `phone` is given.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RegistrationBody {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Number of seats (default 1; at most the session's maximum).
    #[schema(value_type = Option<i32>)]
    pub seats: Option<Value>,
    /// Accessibility needs, free text.
    pub needs: Option<String>,
    /// `fr` (default) or `en`: the language of messages and emails.
    pub language: Option<String>,
    /// Must be `true`: consent to the use of the data (see `/privacy`).
    #[schema(value_type = bool)]
    pub consent: Option<Value>,
    /// A paid session: the audience (slug) whose reduced price the person asks for,
    /// one of the session's `reduced_prices` (422 otherwise); absent: the full price.
    /// People registered by staff (with a token) pay on site.
    pub rate: Option<String>,
    /// A paid session: `on_site` or `online` (the registration is then
    /// `pending_payment`, its seats held while the person pays from their manage link);
    /// absent: the only way the organisation offers, else 422.
    pub pay: Option<String>,
}

impl RegistrationBody {
    fn raw(&self) -> RawInput {
        RawInput {
            name: self.name.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            seats: super::text(&self.seats),
            needs: self.needs.clone().unwrap_or_default(),
            language: self.language.clone().unwrap_or_default(),
            consent: matches!(self.consent, Some(Value::Bool(true))),
        }
    }
}

/// The `Idempotency-Key` header, when sent: 16 to 255 visible ASCII characters (a
/// UUID will do); anything else is refused rather than silently ignored.
fn idempotency_key(req: &HttpRequest) -> AppResult<Option<String>> {
    let Some(v) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = v
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (16..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
    match key {
        Some(k) => Ok(Some(k.to_owned())),
        None => Err(AppError::bad_request("reg-error-idempotency-key")),
    }
}

/// Registers a person. `201` when created, with the manage link. A person already
/// registered (same email, or name and phone for staff entries) gets `200` with
/// `already_registered` and no link: the link is emailed to them (to staff of the
/// organisation, a link is given). A retry with the same `Idempotency-Key` header and
/// the same body, within 24 hours, gets the first answer again (`201`, with a link);
/// the same key from another caller or with another body does not.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/registrations",
    tag = "registrations",
    params(
        ("id" = i64, Path, description = "Session id"),
        ("Idempotency-Key" = Option<String>, Header, description = "A random key (a UUID) naming this submission: a retry with the same key and body gets the first answer back"),
    ),
    request_body = RegistrationBody,
    responses(
        (status = 201, description = "Registered (confirmed or waitlisted), or a retry of that submission", body = RegistrationJson),
        (status = 200, description = "Already registered: the link was emailed to the person", body = AlreadyRegisteredJson),
        (status = 400, description = "A malformed Idempotency-Key", body = super::ErrorJson),
        (status = 404, description = "No such session", body = super::ErrorJson),
        (status = 409, description = "The session does not take this registration now", body = super::ErrorJson),
        (status = 422, description = "Fields to correct", body = super::ErrorJson),
        (status = 429, description = "Too many attempts from this address", body = super::ErrorJson),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i64>,
    user: MaybeApiUser,
    body: web::Json<RegistrationBody>,
) -> AppResult<HttpResponse> {
    let session_id = id.into_inner();
    let raw = body.raw();
    let lang = choose_lang(&req, &raw.language).unwrap_or_else(|| Lang::of_request(&req));
    let key = idempotency_key(&req)?;
    let done = match &user.0 {
        // Staff of the organisation: the back office's act, with its audit entry.
        Some(u) => {
            let channel = Channel {
                idempotency_key: key,
                // They may always see the link (they hold the roster anyway).
                wants_link: true,
                rate: body.rate.clone(),
            };
            write_as(&state, &u.access, move |c, access| {
                crate::store::people::register(c, access, session_id, &raw, lang, &channel)
            })
            .await?
        }
        None => {
            state.registration_limiter.check(&req)?;
            let new = parse_input(&raw, Source::Web, None, lang)?;
            let opts = RegisterOptions {
                replay_key: key.map(|k| replay_key(session_id, &format!("api\n-\n{k}"), &new)),
                link_on_repeat: false,
                pay_method: body
                    .pay
                    .as_deref()
                    .and_then(|p| crate::domain::payment::PayMethod::parse(p.trim())),
                online_payments: state.stripe.is_some(),
                hold_minutes: state.settings.payment_hold_minutes,
                ..RegisterOptions::default()
            };
            let rate = body.rate.clone();
            let rate_audience = match rate {
                Some(rate) => {
                    read(&state, move |c| {
                        crate::store::people::rate_audience(c, Some(rate.as_str()))
                    })
                    .await?
                }
                None => None,
            };
            let opts = RegisterOptions {
                rate_audience,
                ..opts
            };
            crate::web::register_public(&state, session_id, new, opts).await?
        }
    };
    let base = &state.settings.base_url;
    let json = |token: Option<&str>| {
        RegistrationJson::of(
            base,
            &state.i18n,
            lang,
            &done.registration,
            &done.session,
            done.waitlist_position,
            token,
        )
    };
    Ok(match (done.outcome, done.manage_token.as_deref()) {
        (Outcome::Created | Outcome::Replayed, token) => HttpResponse::Created().json(json(token)),
        (Outcome::Repeated { .. }, Some(token)) => HttpResponse::Ok().json(json(Some(token))),
        (Outcome::Repeated { .. }, None) => HttpResponse::Ok().json(AlreadyRegisteredJson::new(
            base,
            &state.i18n,
            lang,
            &done.session,
        )),
    })
}

/// The registration behind a manage link, with the person's details.
#[utoipa::path(
    get,
    path = "/api/v1/registrations/{token}",
    tag = "registrations",
    params(("token" = String, Path, description = "The secret of the manage link")),
    responses(
        (status = 200, description = "The registration", body = RegistrationOwnerJson),
        (status = 404, description = "No such registration", body = super::ErrorJson),
    )
)]
pub async fn show(
    state: web::Data<AppState>,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let d = read(&state, move |c| Ok(store::find_by_token(c, &t)?)).await?;
    Ok(owner(&state, lang, &d, &token))
}

/// The registration as the link's owner sees it.
fn owner(state: &AppState, lang: Lang, d: &RegistrationDetails, token: &str) -> HttpResponse {
    let base = &state.settings.base_url;
    HttpResponse::Ok().json(RegistrationOwnerJson::new(
        base,
        &state.i18n,
        lang,
        d,
        token,
    ))
}

/// Changes to a registration; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationPatchBody {
    #[schema(value_type = Option<i32>)]
    pub seats: Option<Value>,
    pub name: Option<String>,
    /// `""` removes it.
    pub phone: Option<String>,
    /// `""` removes them.
    pub needs: Option<String>,
    pub language: Option<String>,
}

fn parse_patch(b: &RegistrationPatchBody) -> AppResult<RegistrationPatch> {
    let mut fields = Vec::new();
    let mut bad = |f: &str, k: &str| fields.push(FieldError::new(f, Msg::new(k)));
    let mut patch = RegistrationPatch::default();
    if let Some(v) = &b.seats {
        match v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
        {
            Some(n) if (1..=99).contains(&n) => patch.seats = Some(n as i32),
            _ => bad("seats", "reg-error-seats"),
        }
    }
    if let Some(n) = &b.name {
        match rules::parse_name(n) {
            Some(n) => patch.name = Some(n),
            None => bad("name", "reg-error-name"),
        }
    }
    if let Some(p) = &b.phone {
        match p.trim() {
            "" => patch.phone = Some(None),
            p => match rules::Phone::parse(p) {
                Some(p) => patch.phone = Some(Some(p)),
                None => bad("phone", "reg-error-phone"),
            },
        }
    }
    if let Some(n) = &b.needs {
        match rules::parse_note(n) {
            Some(n) => patch.needs = Some(n),
            None => bad("needs", "reg-error-needs"),
        }
    }
    if let Some(l) = &b.language {
        match Lang::parse(l) {
            Some(l) => patch.language = Some(l),
            None => bad("language", "reg-error-language"),
        }
    }
    if fields.is_empty() {
        Ok(patch)
    } else {
        Err(AppError::Validation(fields))
    }
}

/// Changes seats (down always, up when free), contact details, needs or language.
#[utoipa::path(
    patch,
    path = "/api/v1/registrations/{token}",
    tag = "registrations",
    params(("token" = String, Path, description = "The secret of the manage link")),
    request_body = RegistrationPatchBody,
    responses(
        (status = 200, description = "The registration as changed", body = RegistrationOwnerJson),
        (status = 404, description = "No such registration", body = super::ErrorJson),
        (status = 409, description = "Not enough free seats, or the registration is closed", body = super::ErrorJson),
        (status = 422, description = "Fields to correct", body = super::ErrorJson),
    )
)]
pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: web::Json<RegistrationPatchBody>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let lang = Lang::of_request(&req);
    let patch = parse_patch(&body)?;
    let t = token.clone();
    let d = write(&state, move |c| Ok(store::update(c, &t, &patch, now())?)).await?;
    Ok(owner(&state, lang, &d, &token))
}

/// Cancels the registration (its seats go to the waitlist).
#[utoipa::path(
    delete,
    path = "/api/v1/registrations/{token}",
    tag = "registrations",
    params(("token" = String, Path, description = "The secret of the manage link")),
    responses(
        (status = 200, description = "Cancelled", body = RegistrationOwnerJson),
        (status = 404, description = "No such registration", body = super::ErrorJson),
        (status = 409, description = "Already cancelled or past", body = super::ErrorJson),
    )
)]
pub async fn delete(
    state: web::Data<AppState>,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let d = write(&state, move |c| {
        store::cancel(c, &t, now())?;
        Ok(store::find_by_token(c, &t)?)
    })
    .await?;
    Ok(owner(&state, lang, &d, &token))
}
