//! Authentication of API callers: `Authorization: Bearer <token>` (tokens from
//! `babillard token create`; revoked or expired ones get 401). [`ApiUser`] requires a valid token (401 otherwise);
//! [`MaybeApiUser`] lets anonymous callers through but refuses a bad token.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};

use super::AppState;
use crate::domain::access::Access;
use crate::domain::token::looks_like_token;
use crate::store;
use crate::web::AppError;

/// A caller authenticated by a bearer token, with what they may do.
#[derive(Debug, Clone)]
pub struct ApiUser {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub access: Access,
}

/// `Some` when a valid token was sent, `None` when none was.
#[derive(Debug, Clone)]
pub struct MaybeApiUser(pub Option<ApiUser>);

fn bearer(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| AppError::Unauthorized)?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or(AppError::Unauthorized)?;
    if !looks_like_token(token) {
        return Err(AppError::Unauthorized);
    }
    Ok(Some(token.to_owned()))
}

async fn authenticate(req: HttpRequest) -> Result<Option<ApiUser>, AppError> {
    let Some(token) = bearer(&req)? else {
        return Ok(None);
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))?;
    let found = super::read(&state, move |conn| {
        let Some((user, last_used)) = store::users::user_for_token(conn, &token)? else {
            return Ok(None);
        };
        let access = store::staff::access_for(conn, &user)?;
        Ok(Some((user, last_used, access, token)))
    })
    .await?;
    let Some((user, last_used, access, token)) = found else {
        return Err(AppError::Unauthorized);
    };
    // Recording use is best effort (a busy writer must not fail a read), and at most
    // once a minute, so most calls write nothing.
    if store::users::needs_touch(last_used, crate::db::now()) {
        let _ = super::write(&state, move |conn| {
            Ok(store::users::touch_token(conn, &token)?)
        })
        .await;
    }
    Ok(Some(ApiUser {
        access,
        user_id: user.id,
        email: user.email,
        name: user.name,
    }))
}

impl FromRequest for MaybeApiUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(MaybeApiUser) })
    }
}

impl FromRequest for ApiUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await?.ok_or(AppError::Unauthorized) })
    }
}
