//! Files made for the person asking — their data as JSON, a certificate, an invoice —
//! sent as downloads that no cache keeps.

use actix_web::HttpResponse;
use actix_web::http::header;
use serde::Serialize;

use super::{AppError, AppResult};

/// A person's own data as a JSON download (the « Mes données » export of a manage
/// link): never stored by any cache.
pub fn personal_json<T: Serialize>(filename: &str, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// A PDF made for the person asking (a certificate, an invoice): a download no cache
/// keeps. The file is laid out off the async workers.
pub async fn pdf_download(
    file: &str,
    make: impl FnOnce() -> anyhow::Result<Vec<u8>> + Send + 'static,
) -> AppResult<HttpResponse> {
    let pdf = actix_web::web::block(make)
        .await
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("{e}")))?
        .map_err(AppError::Unexpected)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(pdf))
}
