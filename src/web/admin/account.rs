//! Signing in (password, then a TOTP or recovery code for accounts that have a second
//! factor) and out, choosing a new password with an emailed link, and one's account
//! page: setting up, renewing the recovery codes of, or turning off the second factor.

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::{Deserialize, Serialize};

use super::{
    Chrome, Empty, Form, MaybeStaff, SESSION_COOKIE, Staff, StaffPage, see_other, session_cookie,
};
use crate::db::{DbConnection, now};
use crate::domain::second_factor::{self as totp, Key};
use crate::store;
use crate::store::staff::{SignInError, SignedIn};
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read, redirect, render, write};

/// A page of this area, titled by a message key, answered with `status` (a throttled
/// attempt's 429 says when to try again).
fn page<T: Serialize>(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    template: &str,
    title_key: &str,
    view: &T,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let title = state.i18n.t(lang, title_key);
    let mut res = render(req, state, lang, template, title, view)?;
    *res.status_mut() = status;
    if status == StatusCode::TOO_MANY_REQUESTS {
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
    }
    Ok(res)
}

/// 422 when the page says what went wrong.
fn status_of(error: Option<&str>) -> StatusCode {
    if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

fn add_cookie(res: &mut HttpResponse, cookie: &Cookie<'_>) -> AppResult<()> {
    res.add_cookie(cookie)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("cookie: {e}")))
}

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
        return Ok(redirect("/admin"));
    }
    let view = SignInView {
        flash: super::flash(&req, &state, lang),
        ..Default::default()
    };
    let (template, title) = ("admin/sign_in.html", "admin-sign-in-title");
    page(&state, &req, lang, template, title, &view, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn lifetime(state: &AppState) -> chrono::Duration {
    chrono::Duration::days(i64::from(state.settings.staff_session_days.max(1)))
}

/// The cookie that carries a sign-in's pending second step (only to its own form).
const CHALLENGE_COOKIE: &str = "staff_2fa";

fn challenge_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build(CHALLENGE_COOKIE, token)
        .path("/admin/sign-in")
        .http_only(true)
        .same_site(actix_web::cookie::SameSite::Strict)
        .secure(secure)
        .max_age(actix_web::cookie::time::Duration::minutes(5))
        .finish()
}

fn signed_in(state: &AppState, token: String) -> AppResult<HttpResponse> {
    let mut res = redirect("/admin");
    add_cookie(&mut res, &session_cookie(token, state.secure_cookies()))?;
    let mut gone = Cookie::build(CHALLENGE_COOKIE, "")
        .path("/admin/sign-in")
        .finish();
    gone.make_removal();
    add_cookie(&mut res, &gone)?;
    Ok(res)
}

/// The status and message key of a refused sign-in step.
fn refusal(e: &SignInError) -> (StatusCode, &'static str) {
    match e {
        SignInError::Invalid => (StatusCode::UNAUTHORIZED, "admin-sign-in-invalid"),
        SignInError::Throttled => (StatusCode::TOO_MANY_REQUESTS, "admin-sign-in-throttled"),
        SignInError::Expired => (StatusCode::UNAUTHORIZED, "admin-sign-in-code-expired"),
    }
}

pub async fn sign_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    Form(form): Form<SignInForm>,
) -> AppResult<HttpResponse> {
    let ip = state.registration_limiter.client_address(&req);
    let email = form.email.clone();
    let lifetime = lifetime(&state);
    let outcome = write(&state, move |conn| {
        store::staff::sign_in(conn, &email, &form.password, &ip, lifetime)
    })
    .await?;
    match outcome {
        Ok(SignedIn::Session(token)) => signed_in(&state, token),
        Ok(SignedIn::NeedsCode(challenge)) => {
            let mut res = redirect("/admin/sign-in/code");
            add_cookie(
                &mut res,
                &challenge_cookie(challenge, state.secure_cookies()),
            )?;
            Ok(res)
        }
        Err(e) => {
            let (status, key) = refusal(&e);
            let view = SignInView {
                email: form.email.chars().take(200).collect(),
                error: Some(state.i18n.t(lang, key)),
                flash: None,
            };
            let (template, title) = ("admin/sign_in.html", "admin-sign-in-title");
            page(&state, &req, lang, template, title, &view, status)
        }
    }
}

#[derive(Debug, Default, Serialize)]
struct CodeView {
    error: Option<String>,
}

/// `GET /admin/sign-in/code`: the second step, after a right password.
pub async fn code_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    if req.cookie(CHALLENGE_COOKIE).is_none() {
        return Ok(redirect("/admin/sign-in"));
    }
    let (template, title) = ("admin/sign_in_code.html", "admin-sign-in-code-title");
    let view = CodeView::default();
    page(&state, &req, lang, template, title, &view, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

impl CodeForm {
    /// The code as typed, 40 characters at most.
    fn code(&self) -> String {
        self.code.chars().take(40).collect()
    }
}

/// `POST /admin/sign-in/code`: a TOTP or recovery code finishes the sign-in.
pub async fn code(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    Form(form): Form<CodeForm>,
) -> AppResult<HttpResponse> {
    let challenge = req
        .cookie(CHALLENGE_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| crate::domain::token::looks_like_token(t));
    let Some(challenge) = challenge else {
        return Ok(see_other("/admin/sign-in", "code-expired"));
    };
    let ip = state.registration_limiter.client_address(&req);
    let lifetime = lifetime(&state);
    let st = state.clone();
    let code = form.code();
    let outcome = write(&state, move |conn| {
        store::staff::sign_in_with_code(conn, &st.totp_key, &challenge, &code, &ip, lifetime)
    })
    .await?;
    match outcome {
        Ok(token) => signed_in(&state, token),
        Err(SignInError::Expired) => Ok(see_other("/admin/sign-in", "code-expired")),
        Err(e) => {
            let (status, _) = refusal(&e);
            let key = match e {
                SignInError::Throttled => "admin-sign-in-throttled",
                _ => "admin-2fa-wrong-code",
            };
            let view = CodeView {
                error: Some(state.i18n.t(lang, key)),
            };
            let (template, title) = ("admin/sign_in_code.html", "admin-sign-in-code-title");
            page(&state, &req, lang, template, title, &view, status)
        }
    }
}

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
    add_cookie(&mut res, &gone)?;
    Ok(res)
}

#[derive(Debug, Default, Serialize)]
struct ForgotView {
    sent: bool,
    error: Option<String>,
}

const FORGOT: (&str, &str) = ("admin/forgot.html", "admin-forgot-title");

pub async fn forgot_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let view = ForgotView::default();
    page(
        &state,
        &req,
        lang,
        FORGOT.0,
        FORGOT.1,
        &view,
        StatusCode::OK,
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
    let ip = state.registration_limiter.client_address(&req);
    let outcome = write(&state, move |conn| {
        store::staff::request_reset(conn, &form.email, &ip, &base)
    })
    .await?;
    let (view, status) = match outcome {
        Ok(()) => (
            ForgotView {
                sent: true,
                error: None,
            },
            StatusCode::OK,
        ),
        Err(_) => (
            ForgotView {
                sent: false,
                error: Some(state.i18n.t(lang, "admin-forgot-throttled")),
            },
            StatusCode::TOO_MANY_REQUESTS,
        ),
    };
    page(&state, &req, lang, FORGOT.0, FORGOT.1, &view, status)
}

#[derive(Debug, Serialize)]
struct ResetView {
    live: bool,
    error: Option<String>,
}

const RESET: (&str, &str) = ("admin/reset.html", "admin-reset-title");

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
    let status = if live {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let view = ResetView { live, error: None };
    page(&state, &req, lang, RESET.0, RESET.1, &view, status)
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
        let view = ResetView {
            live: true,
            error: Some(state.i18n.t(lang, key)),
        };
        return page(
            &state,
            &req,
            lang,
            RESET.0,
            RESET.1,
            &view,
            status_of(error),
        );
    }
    write(&state, move |conn| {
        store::staff::reset_password(conn, &token, &form.password)
    })
    .await?;
    Ok(see_other("/admin/sign-in", "password-changed"))
}

#[derive(Debug, Serialize)]
struct AccountView {
    chrome: Chrome,
    email: String,
    enabled: bool,
    recovery_left: i64,
    can_turn_off: bool,
    error: Option<String>,
}

async fn account_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    who: &Staff,
    error: Option<&str>,
) -> AppResult<HttpResponse> {
    let id = who.user.id;
    let status = read(state, move |conn| {
        Ok(store::second_factor::status(conn, id)?)
    })
    .await?;
    let view = AccountView {
        chrome: Chrome::new(req, state, lang, who),
        email: who.user.email.clone(),
        enabled: status.enabled,
        recovery_left: status.recovery_left,
        can_turn_off: !who.user.is_admin,
        error: error.map(|k| state.i18n.t(lang, k)),
    };
    let (template, title) = ("admin/account.html", "admin-account-title");
    page(state, req, lang, template, title, &view, status_of(error))
}

/// `GET /admin/account`: who I am, and my second factor.
pub async fn show(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    account_page(&state, &req, lang, &who, None).await
}

#[derive(Debug, Serialize)]
struct TwoFactorView {
    chrome: Chrome,
    required: bool,
    secret: String,
    qr_svg: String,
    error: Option<String>,
}

async fn two_factor_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    lang: Lang,
    who: &Staff,
    error: Option<&str>,
) -> AppResult<HttpResponse> {
    let id = who.user.id;
    let st = state.clone();
    // Made on first sight and kept until confirmed: nothing changes for the account
    // until a first code proves the app holds it.
    let secret = write(state, move |conn| {
        store::second_factor::pending_secret(conn, &st.totp_key, id)
    })
    .await?;
    let issuer = state.i18n.t(lang, "site-name");
    let url = totp::otpauth_url(&secret, &issuer, &who.user.email);
    let view = TwoFactorView {
        chrome: Chrome::new(req, state, lang, who),
        required: who.must_set_up_second_factor(),
        secret: totp::secret_for_typing(&secret),
        qr_svg: crate::web::subscribe::qr_svg(&url),
        error: error.map(|k| state.i18n.t(lang, k)),
    };
    let (template, title) = ("admin/two_factor.html", "admin-2fa-title");
    page(state, req, lang, template, title, &view, status_of(error))
}

/// `GET /admin/account/two-factor`: the secret as text and as a QR code, and the field
/// for a first code. Where an administrator without a second factor is sent.
pub async fn two_factor_form(
    StaffPage(state, req, lang, who): StaffPage,
) -> AppResult<HttpResponse> {
    if who.second_factor {
        return Ok(redirect("/admin/account"));
    }
    two_factor_page(&state, &req, lang, &who, None).await
}

#[derive(Debug, Serialize)]
struct RecoveryView {
    chrome: Chrome,
    codes: Vec<String>,
}

fn recovery_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    who: &Staff,
    codes: Vec<String>,
) -> AppResult<HttpResponse> {
    let view = RecoveryView {
        chrome: Chrome::new(req, state, lang, who),
        codes,
    };
    let (template, title) = ("admin/recovery_codes.html", "admin-2fa-codes-title");
    page(state, req, lang, template, title, &view, StatusCode::OK)
}

/// A change to the signed-in person's second factor that a code from their app (or a
/// recovery code) must allow: `act` gets the key that seals secrets, their id and the
/// code.
async fn with_code<T: Send + 'static>(
    state: &web::Data<AppState>,
    who: &Staff,
    form: &CodeForm,
    act: impl FnOnce(&mut DbConnection, &Key, i64, &str) -> store::Result<T> + Send + 'static,
) -> AppResult<T> {
    let (st, id, code) = (state.clone(), who.user.id, form.code());
    write(state, move |conn| act(conn, &st.totp_key, id, &code)).await
}

/// `POST /admin/account/two-factor`: a first code turns the second factor on; the
/// recovery codes are shown this once.
pub async fn two_factor_confirm(
    StaffPage(state, req, lang, who): StaffPage,
    Form(form): Form<CodeForm>,
) -> AppResult<HttpResponse> {
    let codes = with_code(&state, &who, &form, |conn, key, id, code| {
        store::second_factor::confirm(conn, key, id, code, now())
    })
    .await?;
    match codes {
        Some(codes) => {
            // The page now belongs to someone with a second factor.
            let who = Staff(store::staff::StaffUser {
                second_factor: true,
                ..who.0
            });
            recovery_page(&state, &req, lang, &who, codes)
        }
        None => two_factor_page(&state, &req, lang, &who, Some("admin-2fa-wrong-code")).await,
    }
}

/// `POST /admin/account/recovery-codes`: ten new recovery codes, after a right code.
pub async fn recovery_codes(
    StaffPage(state, req, lang, who): StaffPage,
    Form(form): Form<CodeForm>,
) -> AppResult<HttpResponse> {
    let codes = with_code(&state, &who, &form, |conn, key, id, code| {
        store::second_factor::new_recovery_codes(conn, key, id, code, now())
    })
    .await?;
    match codes {
        Some(codes) => recovery_page(&state, &req, lang, &who, codes),
        None => account_page(&state, &req, lang, &who, Some("admin-2fa-wrong-code")).await,
    }
}

/// `POST /admin/account/two-factor/off`: turns the second factor off after a right
/// code (not for regional administrators, who must keep it).
pub async fn two_factor_off(
    StaffPage(state, req, lang, who): StaffPage,
    Form(form): Form<CodeForm>,
) -> AppResult<HttpResponse> {
    let is_admin = who.user.is_admin;
    let done = with_code(&state, &who, &form, move |conn, key, id, code| {
        store::second_factor::disable(conn, key, id, is_admin, code, now())
    })
    .await?;
    if done {
        Ok(see_other("/admin/account", "two-factor-off"))
    } else {
        account_page(&state, &req, lang, &who, Some("admin-2fa-wrong-code")).await
    }
}
