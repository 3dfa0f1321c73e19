//! `GET /sessions/{id}`: one session, everything a person needs to decide and come.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::views::SessionPage;
use crate::web::{AppState, read, render};

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let details = read(&state, move |conn| store::sessions::find_public(conn, id)).await?;
    let view = SessionPage::new(&state.i18n, lang, &details, now());
    render(
        &req,
        &state,
        lang,
        "public/session.html",
        details.session.title.clone(),
        &view,
    )
}
