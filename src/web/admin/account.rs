//! Signing in and out, and choosing a new password with an emailed link.

use actix_web::cookie::Cookie;
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::{Deserialize, Serialize};

use super::{Form, MaybeStaff, SESSION_COOKIE, see_other, session_cookie};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::staff::SignInError;
use crate::web::i18n::Lang;
use crate::web::{AppState, read, render, write};

#[derive(Debug, Default, Serialize)]
struct SignInView {
    email: String,
    error: Option<String>,
    flash: Option<String>,
}

pub async fn sign_in_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: MaybeStaff,
) -> AppResult<HttpResponse> {
    if who.0.is_some() {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/admin"))
            .finish());
    }
    let view = SignInView {
        flash: super::flash(&req, &state, lang),
        ..Default::default()
    };
    let title = state.i18n.t(lang, "admin-sign-in-title");
    render(&req, &state, lang, "admin/sign_in.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// The client's address, for throttling: the peer, or the forwarded address when the
/// peer is a trusted proxy.
fn client_ip(req: &HttpRequest, state: &AppState) -> String {
    let peer = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    if state.settings.trusted_proxies.contains(&peer)
        && let Some(fwd) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
    {
        return fwd.trim().chars().take(64).collect();
    }
    peer
}

pub async fn sign_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    Form(form): Form<SignInForm>,
) -> AppResult<HttpResponse> {
    let ip = client_ip(&req, &state);
    let email = form.email.clone();
    let outcome = write(&state, move |conn| {
        store::staff::sign_in(conn, &email, &form.password, &ip)
    })
    .await?;
    match outcome {
        Ok(token) => {
            let mut res = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/admin"))
                .finish();
            res.add_cookie(&session_cookie(token, state.secure_cookies()))
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("cookie: {e}")))?;
            Ok(res)
        }
        Err(e) => {
            let (status, key) = match e {
                SignInError::Invalid => (
                    actix_web::http::StatusCode::UNAUTHORIZED,
                    "admin-sign-in-invalid",
                ),
                SignInError::Throttled => (
                    actix_web::http::StatusCode::TOO_MANY_REQUESTS,
                    "admin-sign-in-throttled",
                ),
            };
            let view = SignInView {
                email: form.email.chars().take(200).collect(),
                error: Some(state.i18n.t(lang, key)),
                flash: None,
            };
            let title = state.i18n.t(lang, "admin-sign-in-title");
            let mut res = render(&req, &state, lang, "admin/sign_in.html", title, &view)?;
            *res.status_mut() = status;
            if status == actix_web::http::StatusCode::TOO_MANY_REQUESTS {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
            }
            Ok(res)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Empty {}

pub async fn sign_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        write(&state, move |conn| {
            Ok(store::staff::sign_out(conn, &token)?)
        })
        .await?;
    }
    let mut res = see_other("/admin/sign-in", "signed-out");
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    res.add_cookie(&gone)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("cookie: {e}")))?;
    Ok(res)
}

#[derive(Debug, Default, Serialize)]
struct ForgotView {
    sent: bool,
}

pub async fn forgot_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, "admin-forgot-title");
    render(
        &req,
        &state,
        lang,
        "admin/forgot.html",
        title,
        &ForgotView::default(),
    )
}

#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    Form(form): Form<ForgotForm>,
) -> AppResult<HttpResponse> {
    if form.email.trim().is_empty() || form.email.len() > 254 {
        return Err(AppError::field("email", "admin-error-email"));
    }
    let base = state.settings.base_url.clone();
    write(&state, move |conn| {
        store::staff::request_reset(conn, &form.email, &base)
    })
    .await?;
    let title = state.i18n.t(lang, "admin-forgot-title");
    render(
        &req,
        &state,
        lang,
        "admin/forgot.html",
        title,
        &ForgotView { sent: true },
    )
}

#[derive(Debug, Serialize)]
struct ResetView {
    live: bool,
    error: Option<String>,
}

pub async fn reset_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let live = crate::domain::token::looks_like_token(&token)
        && read(&state, move |conn| {
            Ok(store::staff::reset_is_live(conn, &token)?)
        })
        .await?;
    let title = state.i18n.t(lang, "admin-reset-title");
    let mut res = render(
        &req,
        &state,
        lang,
        "admin/reset.html",
        title,
        &ResetView { live, error: None },
    )?;
    if !live {
        *res.status_mut() = actix_web::http::StatusCode::NOT_FOUND;
    }
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    Form(form): Form<ResetForm>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    if !crate::domain::token::looks_like_token(&token) {
        return Err(AppError::NotFound);
    }
    let error = if form.password != form.confirm {
        Some("admin-password-mismatch")
    } else if form.password.chars().count() < store::staff::MIN_PASSWORD_CHARS {
        Some("admin-password-too-short")
    } else {
        None
    };
    if let Some(key) = error {
        let title = state.i18n.t(lang, "admin-reset-title");
        let view = ResetView {
            live: true,
            error: Some(state.i18n.t(lang, key)),
        };
        let mut res = render(&req, &state, lang, "admin/reset.html", title, &view)?;
        *res.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    write(&state, move |conn| {
        store::staff::reset_password(conn, &token, &form.password)
    })
    .await?;
    Ok(see_other("/admin/sign-in", "password-changed"))
}
