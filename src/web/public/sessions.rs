//! `GET /sessions/{id}`: one session, everything a person needs to decide and come,
//! and the same as schema.org JSON-LD for search engines.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::now;
use crate::store;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::jsonld;
use crate::web::views::SessionPage;
use crate::web::{AppState, read, render};

/// A partner's calendar an imported session comes from (« Source : … »).
#[derive(Serialize)]
struct Origin {
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct WithOrigins {
    #[serde(flatten)]
    page: SessionPage,
    origins: Vec<Origin>,
    /// A paid session's choices for the registration form.
    payment: super::payments::PayChoices,
    /// schema.org `Event` as JSON-LD, escaped for its `<script>` (`web::jsonld`).
    json_ld: String,
    /// The session still looks for volunteer helpers (« Ce groupe cherche… »).
    helpers: Option<super::helpers::NeedView>,
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let ctx = super::payments::PayContext::of(&state);
    let (details, origins, payment, (moved, need)) = read(&state, move |conn| {
        let details = store::sessions::find_public(conn, id)?;
        // Imported activities name the partners' calendars they come from.
        let origins: Vec<Origin> = store::moderation::origins(conn, id)?
            .into_iter()
            .map(|(o, name)| Origin {
                name,
                url: o.origin_url,
            })
            .collect();
        let payment = super::payments::choices(conn, &ctx, &details.session, lang)?;
        let moved = store::reschedules::previous_starts(conn, &[id])?.remove(&id);
        let need = store::helpers::need_of(conn, id)?;
        Ok((details, origins, payment, (moved, need)))
    })
    .await?;
    let now = now();
    let json_ld = jsonld::script_text(&jsonld::event(&details, state.base_url(), moved, now));
    let wants_helpers = need.left() > 0
        && details.session.status == crate::domain::session::SessionStatus::Published
        && details.session.starts_at > now;
    let view = WithOrigins {
        page: SessionPage::new(&state.i18n, lang, &details, now),
        origins,
        payment,
        json_ld,
        helpers: wants_helpers.then(|| super::helpers::NeedView::new(&state, lang, &need)),
    };
    render(
        &req,
        &state,
        lang,
        "public/session.html",
        details.session.title.clone(),
        &view,
    )
}
