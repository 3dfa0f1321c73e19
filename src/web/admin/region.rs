//! Region administration: municipalities, topics and audiences (regional
//! administrators only).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Choice, Chrome, Form, Staff, StaffPage, choices, see_other};
use crate::store;
use crate::web::{AppError, AppResult};
use crate::web::{AppState, read, render, write_as};

#[derive(Debug, Serialize)]
struct RegionView {
    chrome: Chrome,
    mrcs: Vec<Choice>,
    municipalities: Vec<String>,
    topics: Vec<String>,
    audiences: Vec<String>,
}

pub async fn show(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    if !who.access.can_administer_region() {
        return Err(AppError::Forbidden);
    }
    let cat = read(&state, |conn| Ok(store::catalogue::catalogue(conn)?)).await?;
    let view = RegionView {
        chrome: Chrome::new(&req, &state, lang, &who),
        mrcs: choices(&cat.mrcs, |m| (m.id, m.name.clone(), false)),
        municipalities: cat.municipalities.iter().map(|m| m.name.clone()).collect(),
        topics: cat.topics.iter().map(|t| t.name(lang).to_owned()).collect(),
        audiences: cat
            .audiences
            .iter()
            .map(|t| t.name(lang).to_owned())
            .collect(),
    };
    let title = state.i18n.t(lang, "admin-region-title");
    render(&req, &state, lang, "admin/region.html", title, &view)
}

#[derive(Debug, Deserialize)]
pub struct MunicipalityForm {
    #[serde(default)]
    mrc_id: String,
    #[serde(default)]
    name: String,
}

pub async fn create_municipality(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<MunicipalityForm>,
) -> AppResult<HttpResponse> {
    let mrc = f
        .mrc_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field("mrc_id", "admin-error-choice"))?;
    write_as(&state, &who.access, move |conn, access| {
        store::members::create_municipality(conn, access, mrc, &f.name)
    })
    .await?;
    Ok(see_other("/admin/region", "created"))
}

#[derive(Debug, Deserialize)]
pub struct TermForm {
    #[serde(default)]
    which: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    name_en: String,
}

pub async fn create_term(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<TermForm>,
) -> AppResult<HttpResponse> {
    write_as(&state, &who.access, move |conn, access| {
        store::members::create_term(conn, access, &f.which, &f.name_fr, &f.name_en)
    })
    .await?;
    Ok(see_other("/admin/region", "created"))
}
