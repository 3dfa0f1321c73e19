//! Where an imported session comes from: its origins (partners' feeds), listed on its
//! back-office page, with « Séparer » for one that joined it as a duplicate by mistake
//! (issue 12, item 4): the origin becomes its own activity, and stays apart across
//! re-imports.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::session_url;
use crate::db::now;
use crate::store;
use crate::web::admin::{Empty, Form, Staff, see_other};
use crate::web::{AppResult, AppState, read_as, write_as};

/// An origin as the session's page lists it.
#[derive(Debug, Serialize)]
pub struct OriginItem {
    pub id: i64,
    pub name: String,
    pub url: Option<String>,
    /// It joined as a duplicate: « Séparer » is offered.
    pub merged: bool,
}

/// The session's origins, for its page (empty for a session typed in the back office).
pub async fn list(state: &AppState, who: &Staff, session_id: i64) -> AppResult<Vec<OriginItem>> {
    let rows = read_as(state, &who.access, move |conn, access| {
        store::moderation::session_origins(conn, access, session_id)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|o| OriginItem {
            id: o.id,
            name: o.source_name,
            url: o.origin_url,
            merged: o.merged,
        })
        .collect())
}

/// `POST /admin/sessions/{id}/origins/{origin_id}/split`: undoes a wrong merge. The
/// split-off activity is published when its feed is trusted, else it waits in the
/// moderation queue.
pub async fn split(
    state: web::Data<AppState>,
    who: Staff,
    path: web::Path<(i64, i64)>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let (session_id, origin_id) = path.into_inner();
    let at = now();
    let created = write_as(&state, &who.access, move |conn, access| {
        store::moderation::split(conn, access, session_id, origin_id, at)
    })
    .await?;
    let done = if created.is_some() {
        "split-published"
    } else {
        "split-queued"
    };
    Ok(see_other(&session_url(session_id), done))
}
