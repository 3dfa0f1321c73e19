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
    /// Every municipality, for setting its centroid.
    towns: Vec<Choice>,
    /// « Lachute (45,6520, −74,3390) », or the name alone when unknown.
    centroids: Vec<String>,
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
        towns: choices(&cat.municipalities, |m| (m.id, m.name.clone(), false)),
        centroids: cat
            .municipalities
            .iter()
            .filter_map(|m| {
                let (la, lo) = (m.latitude?, m.longitude?);
                Some(format!("{} ({la:.4} ; {lo:.4})", m.name))
            })
            .collect(),
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
pub struct CentroidForm {
    #[serde(default)]
    municipality_id: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
}

/// Sets a town's centroid (both fields), or forgets it (both empty).
pub async fn set_centroid(
    state: web::Data<AppState>,
    who: Staff,
    Form(f): Form<CentroidForm>,
) -> AppResult<HttpResponse> {
    use crate::domain::geo::parse_degrees;
    let id = f
        .municipality_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field("municipality_id", "admin-error-choice"))?;
    let point = match (f.latitude.trim(), f.longitude.trim()) {
        ("", "") => None,
        (la, lo) => Some((
            parse_degrees(la)
                .ok_or_else(|| AppError::field("latitude", "admin-error-coordinates"))?,
            parse_degrees(lo)
                .ok_or_else(|| AppError::field("longitude", "admin-error-coordinates"))?,
        )),
    };
    write_as(&state, &who.access, move |conn, access| {
        store::members::set_centroid(conn, access, id, point)
    })
    .await?;
    Ok(see_other("/admin/region", "saved"))
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
