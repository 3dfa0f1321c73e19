//! « Données ouvertes » (`/open-data`): what the open data files hold and never hold,
//! their licence, how fresh they are, each column's meaning, and the links to the
//! three files (`web::feeds::open_data`). Cached like the other public pages.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::domain::open_data::{COLUMNS, LIST_SEPARATOR, MONTHS_BACK};
use crate::store;
use crate::web::feeds::open_data::{licence, publisher};
use crate::web::i18n::Lang;
use crate::web::{AppResult, AppState, read, render};

#[derive(Debug, Serialize)]
struct Column {
    name: &'static str,
    meaning: String,
}

#[derive(Debug, Serialize)]
struct OpenDataView {
    publisher: String,
    licence_name: String,
    licence_url: String,
    contact_email: Option<String>,
    years: u32,
    separator: &'static str,
    columns: Vec<Column>,
}

/// How long a browser or a proxy may keep the page: it changes with the settings only.
const CACHE: &str = "public, max-age=900";

/// `GET /open-data`
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
) -> AppResult<HttpResponse> {
    let regions = read(&state, |conn| Ok(store::open_data::region_names(conn)?)).await?;
    let licence = licence(&state);
    let contact = state.settings.open_data_contact_email.trim();
    let view = OpenDataView {
        publisher: publisher(&state, &regions),
        licence_name: licence.name,
        licence_url: licence.uri,
        contact_email: (!contact.is_empty()).then(|| contact.to_owned()),
        years: MONTHS_BACK / 12,
        separator: LIST_SEPARATOR.trim(),
        columns: COLUMNS
            .iter()
            .map(|&name| Column {
                name,
                meaning: state.i18n.t(lang, &format!("opendata-col-{name}")),
            })
            .collect(),
    };
    let title = state.i18n.t(lang, "opendata-title");
    let mut res = render(&req, &state, lang, "public/open_data.html", title, &view)?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(CACHE),
    );
    Ok(res)
}
