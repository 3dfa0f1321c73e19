//! A partner-calendar form's body: `application/x-www-form-urlencoded`, or
//! `multipart/form-data` when it carries an `.ics` file (`actix-multipart`). Either way
//! the CSRF field must match the cookie, as for every other back-office form.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use futures_util::StreamExt;

use crate::web::{AppError, AppResult};

/// The largest `.ics` file taken (a partner's whole year fits in far less).
pub const MAX_FILE: usize = 5 * 1024 * 1024;

/// The text fields of a form, all together (the same cap as other back-office forms).
const MAX_FIELDS: usize = 32 * 1024;

/// A calendar file sent with the form.
#[derive(Debug)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The form's text fields (repeated keys kept in order) and its file, if any.
#[derive(Debug)]
pub struct Posted {
    pub pairs: Vec<(String, String)>,
    pub file: Option<Upload>,
}

impl Posted {
    /// The fields as `T` (a form struct with `#[serde(default)]`).
    pub fn form<T: serde::de::DeserializeOwned>(&self) -> AppResult<T> {
        let encoded = serde_html_form::to_string(&self.pairs).map_err(crate::web::malformed)?;
        serde_html_form::from_str(&encoded).map_err(crate::web::malformed)
    }
}

fn malformed<E>(_: E) -> AppError {
    AppError::bad_request("error-malformed")
}

async fn read_multipart(
    req: &HttpRequest,
    payload: Payload,
) -> AppResult<(Vec<(String, String)>, Option<Upload>)> {
    let mut parts = actix_multipart::Multipart::new(req.headers(), payload);
    let mut pairs = Vec::new();
    let mut file: Option<Upload> = None;
    let mut text_bytes = 0usize;
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        let cap = if file_name.is_some() {
            MAX_FILE
        } else {
            MAX_FIELDS.saturating_sub(text_bytes)
        };
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            if bytes.len() + chunk.len() > cap {
                return Err(AppError::bad_request("error-too-large"));
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            // A file input left empty still sends a part, with an empty name and body.
            Some(f) if !f.is_empty() || !bytes.is_empty() => {
                if file.is_some() {
                    return Err(AppError::bad_request("error-malformed"));
                }
                file = Some(Upload {
                    file_name: f,
                    bytes,
                });
            }
            Some(_) => {}
            None => {
                text_bytes += bytes.len() + name.len();
                let value = String::from_utf8(bytes).map_err(malformed)?;
                pairs.push((name, value));
            }
        }
    }
    Ok((pairs, file))
}

impl FromRequest for Posted {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let multipart = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"));
            let (pairs, file) = if multipart {
                read_multipart(&req, payload).await?
            } else {
                let body = crate::web::admin::body(payload, MAX_FIELDS).await?;
                let pairs: Vec<(String, String)> = serde_html_form::from_bytes(&body)
                    .map_err(|_| AppError::bad_request("error-malformed"))?;
                (pairs, None)
            };
            // PostgreSQL refuses NUL in text; no person types one.
            if pairs
                .iter()
                .any(|(k, v)| k.contains('\0') || v.contains('\0'))
            {
                return Err(AppError::bad_request("error-malformed"));
            }
            let token = pairs
                .iter()
                .find(|(k, _)| k == crate::web::csrf::FIELD)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            crate::web::csrf::verify(&req, token)?;
            Ok(Posted { pairs, file })
        })
    }
}
